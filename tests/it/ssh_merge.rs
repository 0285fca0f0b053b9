//! Two coordinators over SSH edit one startup at once (issue 21, item 5):
//! the second save keeps the first one's change to another field with no
//! dialog, and when both changed a field the dialog names it and `o`
//! decides only that field.

use std::time::{Duration, Instant};

use crate::support::ssh::{Terminal, TestServer, WAIT, new_key, public_line};
use incubator::model::{Kind, Stage, Startup};
use incubator::serve::Users;

const TAB: &str = "\t";
const CTRL_U: &str = "\u{15}";
const CTRL_S: &str = "\u{13}";
const RIGHT: &str = "\u{1b}[C";
const LEFT: &str = "\u{1b}[D";

fn bazarim(server: &TestServer) -> (Startup, u64) {
    let stored = server.store.get::<Startup>("s11").unwrap().unwrap();
    (stored.record, stored.version)
}

/// Wait until Bazarım is past `version` in the store.
async fn saved_after(server: &TestServer, version: u64) -> Startup {
    let start = Instant::now();
    loop {
        let (startup, now) = bazarim(server);
        if now > version {
            return startup;
        }
        assert!(
            start.elapsed() < WAIT,
            "no save landed past version {version}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The Startups tab, Bazarım found with the filter, its form open.
async fn edit_bazarim(term: &Terminal) {
    term.send("2/").await;
    term.type_text("bazarim").await;
    term.send("\r").await;
    term.wait_for("Bazarım").await;
    term.send("e").await;
    term.wait_for("Edit startup Bazarım").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_coordinators_editing_one_startup_lose_neither_change() {
    let (nigar, aysel) = (new_key(), new_key());
    let users = format!(
        "[[user]]\nname = \"Nigar Əliyeva\"\nrole = \"coordinator\"\nkeys = [\"{}\"]\n\n\
         [[user]]\nname = \"Aysel Hüseynova\"\nrole = \"coordinator\"\nkeys = [\"{}\"]\n",
        public_line(&nigar, "nigar@office"),
        public_line(&aysel, "aysel@laptop"),
    );
    let mut server = TestServer::start_with(|settings| {
        settings.users = Users::parse(&users, |_| true).expect("users.toml");
    })
    .await;
    let n = Terminal::open(server.address(), &nigar, 120, 40).await;
    let a = Terminal::open(server.address(), &aysel, 120, 40).await;
    edit_bazarim(&n).await;
    edit_bazarim(&a).await;

    // Aysel changes the sector and saves first.
    let (_, v) = bazarim(&server);
    a.send(&format!("{TAB}{TAB}{CTRL_U}")).await;
    a.type_text("marketplaces").await;
    a.send(CTRL_S).await;
    saved_after(&server, v).await;

    // Nigar, whose form opened before, changes the website and saves.
    let (_, v) = bazarim(&server);
    n.send(&TAB.repeat(15)).await;
    n.send(CTRL_U).await;
    n.type_text("https://bazarim.az").await;
    n.send(CTRL_S).await;
    let merged = saved_after(&server, v).await;
    assert_eq!(merged.sector, "marketplaces", "Aysel's change kept");
    assert_eq!(merged.website, "https://bazarim.az", "Nigar's landed");
    n.wait_for("merged with the change to Sector by Aysel Hüseynova at")
        .await;
    assert!(!n.contents().contains("Both of you"), "no dialog");

    // Both change the stage; Nigar also the one-liner.
    n.send("e").await;
    n.wait_for("Edit startup Bazarım").await;
    a.send("e").await;
    a.wait_for("Edit startup Bazarım").await;
    let (_, v) = bazarim(&server);
    a.send(&format!("{TAB}{TAB}{TAB}{RIGHT}{CTRL_S}")).await; // growth → scale
    saved_after(&server, v).await;
    let (_, v) = bazarim(&server);
    n.send(&format!("{TAB}{CTRL_U}")).await;
    n.type_text("Restocking for corner shops").await;
    n.send(&format!("{TAB}{TAB}{LEFT}{CTRL_S}")).await; // growth → traction
    n.wait_for("Both of you changed Stage.").await;
    let (waiting, _) = bazarim(&server);
    assert_eq!(
        waiting.stage,
        Stage::Scale,
        "nothing written before the choice"
    );
    n.send("o").await;
    let chosen = saved_after(&server, v).await;
    assert_eq!(chosen.stage, Stage::Traction, "Nigar's, chosen with o");
    assert_eq!(chosen.one_liner, "Restocking for corner shops");
    assert_eq!(chosen.sector, "marketplaces");
    let history = server.store.history_of(Kind::Startup, "s11").unwrap();
    assert_eq!(history.last().unwrap().who, "Nigar Əliyeva");

    n.quit().await;
    a.quit().await;
    server.stop().await;
}
