//! `incubator serve` end to end, in this process: russh clients sign in,
//! read their screens through vt100, type, resize, and run commands.

use std::sync::Arc;

use crate::support::ssh::{AcceptAny, Terminal, TestServer, connect, exec, new_key};
use incubator::model::Kind;
use russh::client;

/// Home, drawn.
const HOME: &str = "Needs attention";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listed_keys_get_in_and_others_are_refused() {
    let mut server = TestServer::start().await;
    let address = server.address();
    for key in [
        &server.keys.coordinator,
        &server.keys.mentor,
        &server.keys.staff,
    ] {
        assert!(connect(address, key).await.is_ok(), "a listed key signs in");
    }
    assert_eq!(
        connect(address, &new_key()).await.err().as_deref(),
        Some("refused"),
        "a key not in users.toml"
    );
    // Passwords are not even a way in.
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, address, AcceptAny)
        .await
        .expect("connect");
    let auth = handle
        .authenticate_password("Nigar Əliyeva", "secret")
        .await
        .expect("an answer");
    assert!(!auth.success(), "a password is refused");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_80x24_screen_shows_home_and_quitting_restores_the_terminal() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    term.wait_for("Signed in as Nigar Əliyeva (coordinator)")
        .await;
    term.screen.with(|s| {
        assert!(s.alternate_screen(), "the alternate screen");
        assert!(s.hide_cursor(), "the cursor hidden");
        assert_eq!((s.size().0.get(), s.size().1.get()), (24, 80));
    });
    term.send("2").await;
    term.wait_for("Startups 24").await;
    term.wait_for("Şəbəkə Pay").await;
    let screen = term.contents();
    assert!(
        screen.lines().all(|l| l.chars().count() <= 80),
        "nothing past 80 columns:\n{screen}"
    );
    term.quit().await;
    server.stop().await;
}

/// Bytes received once the screen stops changing.
async fn settled(term: &Terminal) -> usize {
    let mut last = term.screen.received();
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let now = term.screen.received();
        if now == last {
            return now;
        }
        last = now;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arrow_key_at_the_page_edge_moves_rows_instead_of_sending_them() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    term.send("2").await;
    term.wait_for("┌ Startups 24").await;
    term.wait_for("Ağ Şəhər Health").await;
    // Down until the list scrolls: the first startup leaves the screen.
    let mut sent = 0;
    for _ in 0..24 {
        let before = settled(&term).await;
        term.send("j").await;
        sent = settled(&term).await - before;
        if !term.contents().contains("Ağ Şəhər Health") {
            break;
        }
    }
    assert!(
        !term.contents().contains("Ağ Şəhər Health"),
        "the list scrolled"
    );
    // The row, and the border's position (19/24).
    assert!(sent < 300, "{sent} bytes for one row at the page edge");
    // Drawn whole again (a window change), the screen is the same.
    let scrolled = term.contents();
    term.resize(81, 24).await;
    settled(&term).await;
    term.resize(80, 24).await;
    settled(&term).await;
    assert_eq!(term.contents(), scrolled);
    term.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_change_redraws_at_the_new_size() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 120, 36).await;
    term.wait_for(HOME).await;
    term.send("2").await;
    // Wide: the list and the first startup's details side by side.
    term.wait_for("┌ Ağ Şəhər Health ").await;
    term.resize(80, 24).await;
    // Narrow: the list alone.
    term.wait_gone("┌ Ağ Şəhər Health ").await;
    term.wait_for("Startups 24").await;
    term.resize(100, 30).await;
    term.wait_for("┌ Ağ Şəhər Health ").await;
    // A client asking for an absurd size gets at most 500×200, and the
    // server carries on.
    term.writer_window_change(u32::MAX, u32::MAX).await;
    term.resize(100, 30).await;
    term.send("3").await;
    term.wait_for("┌ Cohorts 4").await;
    term.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn azerbaijani_and_hangul_typed_into_search_arrive_intact() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.mentor, 80, 24).await;
    term.wait_for(HOME).await;
    term.send("\x0b").await;
    term.wait_for("Search everything").await;
    term.type_text("Şəmsiyyə").await;
    term.wait_for("› Şəmsiyyə").await;
    term.wait_for("Kilim Craft").await;
    // Clear the query (one packet of backspaces) and type Hangul, whole.
    term.send(&"\x7f".repeat(8)).await;
    term.wait_gone("Şəmsiyyə").await;
    term.send("김민준").await;
    term.wait_for("› 김민준").await;
    term.wait_for("Şəbəkə Pay").await;
    // A lone Esc closes the palette.
    term.send("\x1b").await;
    term.wait_gone("Search everything").await;
    // A paste (the session turns bracketed paste on) is text, not keys:
    // over a list its `q` does not quit; in the filter it searches.
    term.screen
        .wait_until("bracketed paste on", |s| {
            s.with(|screen| screen.bracketed_paste())
        })
        .await;
    term.send("2").await;
    term.wait_for("Startups 24").await;
    term.send("\x1b[200~q\x1b[201~").await;
    term.wait_for("A paste goes into a text field").await;
    term.send("/").await;
    term.send("\x1b[200~Kilim\x1b[201~").await;
    term.wait_for("/Kilim ─").await;
    term.wait_for("│Kilim Craft ").await;
    term.send("\r").await;
    term.wait_gone("Enter keeps the filter").await;
    term.quit().await;
    server.stop().await;
}

/// `2`, `/`, a query, Enter, Enter: a startup's details.
async fn open_startup(term: &Terminal, query: &str, name: &str) {
    term.wait_for(HOME).await;
    term.send("2").await;
    term.wait_for("Startups 24").await;
    term.send("/").await;
    term.type_text(query).await;
    term.wait_for(&format!("/{query}")).await;
    term.send("\r").await;
    term.wait_for(&format!("┌ {name} ")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_users_note_shows_on_the_other_screen_without_a_key() {
    let mut server = TestServer::start().await;
    let address = server.address();
    let watcher = Terminal::open(address, &server.keys.coordinator, 120, 40).await;
    let writer = Terminal::open(address, &server.keys.mentor, 120, 40).await;
    open_startup(&watcher, "bazar", "Bazarım").await;
    open_startup(&writer, "bazar", "Bazarım").await;

    writer.send("a").await;
    writer.type_text("Pilot in Şəki: 12 shops").await;
    writer.send("\x13").await; // Ctrl-S
    writer.wait_for("Pilot in Şəki").await;
    // The watcher pressed nothing since.
    watcher.wait_for("Pilot in Şəki").await;

    let notes = server.store.notes_of("s11").expect("notes");
    let note = notes
        .iter()
        .find(|n| n.record.body.starts_with("Pilot in Şəki"))
        .expect("the note is stored");
    assert_eq!(note.record.author, "Aysel Hüseynova", "the SSH user's name");
    let history = server
        .store
        .history_of(Kind::Note, &note.record.id)
        .expect("history");
    assert_eq!(history[0].who, "Aysel Hüseynova");
    watcher.quit().await;
    writer.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_cannot_write_on_a_startup_they_do_not_mentor() {
    let mut server = TestServer::start().await;
    let address = server.address();
    let before = server.store.portfolio().expect("portfolio");
    let term = Terminal::open(address, &server.keys.mentor, 120, 40).await;
    // Gənc Kod is m3's, not Aysel's (m1): `a` says why.
    open_startup(&term, "genc kod", "Gənc Kod").await;
    term.send("a").await;
    term.wait_for("A mentor may not change Gənc Kod").await;
    // Nor does the store take it from the command line.
    let (status, _, err) = exec(address, &server.keys.mentor, "note s2 'Not my startup'").await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("may not write notes on startup s2"), "{err}");
    assert_eq!(
        server.store.portfolio().expect("portfolio"),
        before,
        "nothing saved"
    );
    term.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_read_and_export_but_every_write_is_refused() {
    let mut server = TestServer::start().await;
    let address = server.address();
    let before = server.store.portfolio().expect("portfolio");
    let term = Terminal::open(address, &server.keys.staff, 120, 40).await;
    term.wait_for("Signed in as Kim Min-jun (staff)").await;
    open_startup(&term, "bazar", "Bazarım").await;
    // Neither the hints nor the help offer a change.
    assert!(!term.contents().contains("a note"), "{}", term.contents());
    term.send("?").await;
    term.wait_for("search everything").await;
    for what in ["add a note", "new record", "edit it", "delete it"] {
        assert!(
            !term.contents().contains(what),
            "{what}:\n{}",
            term.contents()
        );
    }
    term.send("?").await;
    term.wait_gone("search everything").await;
    // Add a note, edit, delete, new, undo: each refused with the reason.
    for key in ["a", "e", "d", "n", "u"] {
        term.send(key).await;
        term.wait_for("Staff may not change the portfolio").await;
        // `t` (notes only) puts another line in its place.
        term.send("t").await;
        term.wait_gone("Staff may not change the portfolio").await;
    }
    assert_eq!(server.store.portfolio().expect("portfolio"), before);
    // And the command line over SSH.
    let (status, _, err) = exec(address, &server.keys.staff, "note s11 hello").await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("refused"), "{err}");
    assert_eq!(server.store.portfolio().expect("portfolio"), before);
    // Reading and exporting are theirs.
    let (status, out, _) = exec(address, &server.keys.staff, "export all").await;
    assert_eq!(status, 0);
    assert!(String::from_utf8_lossy(&out).contains("incubator-portfolio"));
    term.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_over_ssh_write_to_the_channel_and_return_the_exit_status() {
    let mut server = TestServer::start().await;
    let address = server.address();
    let (status, out, err) = exec(
        address,
        &server.keys.staff,
        r#"export cohort "Spring 2026 Acceleration" --format csv"#,
    )
    .await;
    assert_eq!(status, 0, "{err}");
    let csv = String::from_utf8(out).expect("UTF-8");
    assert!(csv.starts_with("Startup,Id,Sector,"), "{csv}");
    assert!(csv.contains("Şəbəkə Pay,s6,"), "{csv}");

    // As a shell passes it on: ssh joins the words, quotes gone.
    let (status, again, err) = exec(
        address,
        &server.keys.staff,
        "export cohort Spring 2026 Acceleration --format csv",
    )
    .await;
    assert_eq!(status, 0, "{err}");
    assert_eq!(String::from_utf8_lossy(&again), csv);

    let (status, out, _) = exec(address, &server.keys.staff, "search semsiyye").await;
    assert_eq!(status, 0);
    assert!(
        String::from_utf8_lossy(&out).starts_with("startup\ts3\tKilim Craft\tfounder\n"),
        "{}",
        String::from_utf8_lossy(&out)
    );

    let (status, _, err) = exec(
        address,
        &server.keys.staff,
        "export cohort Nowhere --format md",
    )
    .await;
    assert_eq!(status, 2, "an unknown cohort");
    assert!(err.contains("Nowhere"), "{err}");

    // A mentor's note over SSH carries their name; files stay on the server.
    let (status, out, err) = exec(address, &server.keys.mentor, "note s11 'Called the CEO'").await;
    assert_eq!(status, 0, "{err}");
    let said = String::from_utf8_lossy(&out).to_string();
    let id = said
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(said, format!("{id} on Bazarım (s11)\n"), "what and where");
    // A part of a name is refused over SSH as on the server's terminal.
    let (status, _, err) = exec(address, &server.keys.mentor, "note Bazar Called again").await;
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains("no startup is named \"Bazar\"") && err.contains("s11  Bazarım"),
        "{err}"
    );
    let note = server
        .store
        .get_any(Kind::Note, &id)
        .expect("read")
        .expect("the note");
    assert!(
        matches!(note.record, incubator::model::Record::Note(n) if n.author == "Aysel Hüseynova")
    );
    let (status, _, err) = exec(address, &server.keys.coordinator, "search x --db /tmp").await;
    assert_eq!(status, 2);
    assert!(err.contains("leave out --db"), "{err}");
    let (status, _, err) = exec(address, &server.keys.coordinator, "import x.json").await;
    assert_eq!(status, 2);
    assert!(err.contains("not over SSH"), "{err}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_server_tells_every_session() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    server.stop().await;
    term.screen
        .wait_until("the channel to close", |s| s.closed())
        .await;
    term.wait_for("the server is shutting down").await;
    term.screen.with(|s| assert!(!s.alternate_screen()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_ends_and_a_full_server_says_so() {
    let mut server = TestServer::start_with(|settings| {
        // Long enough for the second client to find the first still there.
        settings.idle_timeout = std::time::Duration::from_secs(5);
        settings.max_sessions = 1;
    })
    .await;
    let address = server.address();
    let first = Terminal::open(address, &server.keys.coordinator, 80, 24).await;
    let second = Terminal::open(address, &server.keys.staff, 80, 24).await;
    second.wait_for("the server is full (1 sessions)").await;
    second
        .screen
        .wait_until("the channel to close", |s| s.closed())
        .await;
    // No key for five seconds: the first session ends, the terminal restored.
    first
        .wait_for("without a key; what you saved is kept")
        .await;
    first
        .screen
        .wait_until("the channel to close", |s| s.closed())
        .await;
    first.screen.with(|s| assert!(!s.alternate_screen()));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_keys_is_taken_in_turn() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    term.send("2").await;
    term.wait_for("Startups 24").await;
    // Far more keys than the session's queue holds, in big packets.
    for _ in 0..10 {
        term.send(&"jk".repeat(2_000)).await;
    }
    term.send("G").await;
    term.wait_for("Yaşıl Nəqliyyat").await;
    term.quit().await;
    server.stop().await;
}

/// Blind review over SSH: in the sample, Aysel (mentor m1) has reviewed
/// applications a1–a4 of the open call, and not a8, which Gülnarə (m3)
/// has. Whatever Aysel runs, she reads the reviews of a1–a4 (her own and
/// others'), none of a8's until she has reviewed it herself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_over_ssh_reads_other_reviews_only_of_what_they_reviewed() {
    use incubator::model::{Record, Review};
    use incubator::store::Access;
    let mut server = TestServer::start().await;
    let address = server.address();
    let first_fields = |out: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(out)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    };
    let theirs = ["r1", "r2", "r3", "r4", "r13", "r14"];
    let (status, out, err) = exec(address, &server.keys.mentor, "list review").await;
    assert_eq!(status, 0, "{err}");
    assert_eq!(first_fields(&out), theirs);
    let (status, out, _) = exec(address, &server.keys.mentor, "export all").await;
    assert_eq!(status, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let exported: Vec<&str> = doc["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(exported, theirs);
    let (status, _, err) = exec(address, &server.keys.mentor, "show review r15").await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("no review matches \"r15\""), "{err}");
    // Staff read every review.
    let (status, out, _) = exec(address, &server.keys.staff, "list review").await;
    assert_eq!(status, 0);
    assert_eq!(first_fields(&out).len(), 16);

    // Once Aysel has reviewed a8 herself, Gülnarə's review of it is hers to read.
    let aysel = server.store.with_access(Access::Mentor { id: "m1".into() });
    let own = Review {
        id: String::new(),
        application: "a8".into(),
        reviewer: "m1".into(),
        scores: [("Team", 4), ("Market", 3), ("Traction", 2)]
            .into_iter()
            .map(|(c, s)| (c.to_string(), s))
            .collect(),
        comment: "Needs a licence first.".into(),
        conflict: false,
        at: "2026-12-07T10:00:00+04:00".parse().expect("time"),
    };
    aysel
        .create("Aysel Hüseynova", Record::Review(own))
        .expect("her review of a8");
    let (status, out, err) = exec(address, &server.keys.mentor, "show review r15").await;
    assert_eq!(status, 0, "{err}");
    assert!(
        String::from_utf8_lossy(&out).contains("I advise a competing remittance firm."),
        "{}",
        String::from_utf8_lossy(&out)
    );
    server.stop().await;
}

/// A mentor over SSH scores the first application of their queue in the
/// Calls tab; the store has the review, written as them. Moving an
/// application is not theirs, and the store would refuse it anyway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_over_ssh_reviews_their_queue_in_the_calls_tab() {
    use incubator::model::Review;
    let mut server = TestServer::start().await;
    let address = server.address();
    let term = Terminal::open(address, &server.keys.mentor, 120, 40).await;
    term.wait_for("Signed in as Aysel Hüseynova").await;
    term.send("6").await;
    term.wait_for("Applications: yours to review first").await;
    term.wait_for("3 to review").await;
    term.send("m").await;
    term.wait_for("A mentor reviews the applications that list them")
        .await;
    // TenderWatch (a16), the oldest of her queue.
    term.send("\r").await;
    term.wait_for("Review by Aysel Hüseynova").await;
    term.send("423").await;
    term.send("Solid traction").await;
    term.send_bytes(b"\x13").await;
    term.wait_for("Saved review").await;
    term.wait_for("2 to review").await;
    let reviews = server.store.list::<Review>().expect("reviews");
    let mine = reviews
        .iter()
        .find(|r| r.record.application == "a16" && r.record.reviewer == "m1")
        .expect("her review of TenderWatch");
    assert_eq!(mine.record.comment, "Solid traction");
    let scores: Vec<(&str, u8)> = mine
        .record
        .scores
        .iter()
        .map(|(c, s)| (c.as_str(), *s))
        .collect();
    assert_eq!(scores, [("Market", 2), ("Team", 4), ("Traction", 3)]);
    let history = server
        .store
        .history_of(Kind::Review, &mine.record.id)
        .expect("history");
    assert_eq!(history[0].who, "Aysel Hüseynova");
    term.quit().await;
    server.stop().await;
}
