//! `incubator sessions`: who is connected, with their role and screen —
//! over SSH for a coordinator (others refused), and on the server's
//! machine through the holder's socket; without a server, exit 2.

use tempfile::TempDir;

use crate::support::openssh::{Serve, incubator, setup};
use crate::support::ssh::{Keys, Terminal, TestServer, exec};

/// The line of `listing` for `user`.
fn line_of<'a>(listing: &'a str, user: &str) -> &'a str {
    listing
        .lines()
        .find(|line| line.trim_start().starts_with(user))
        .unwrap_or_else(|| panic!("no line for {user} in:\n{listing}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_sees_who_is_on_which_screen_and_a_mentor_is_refused() {
    let mut server = TestServer::start().await;
    let address = server.address();
    let coordinator = Terminal::open(address, &server.keys.coordinator, 100, 30).await;
    let staff = Terminal::open(address, &server.keys.staff, 100, 30).await;
    coordinator.wait_for("Needs attention").await;
    staff.wait_for("Needs attention").await;
    coordinator.send("2").await;
    coordinator.wait_for("Startups 24").await;
    staff.send("?").await;
    staff.wait_gone("Needs attention").await;

    let (status, out, err) = exec(address, &server.keys.coordinator, "sessions").await;
    assert_eq!(status, 0, "{err}");
    let listing = String::from_utf8(out).expect("UTF-8");
    let header: Vec<&str> = listing
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["USER", "ROLE", "SINCE", "IDLE", "SCREEN"],
        "{listing}"
    );
    assert_eq!(
        listing.lines().count(),
        3,
        "a header and two sessions:\n{listing}"
    );
    let nigar = line_of(&listing, "Nigar Əliyeva");
    assert!(nigar.contains(" coordinator "), "{nigar}");
    assert!(nigar.ends_with(" Startups"), "{nigar}");
    let kim = line_of(&listing, "Kim Min-jun");
    assert!(kim.contains(" staff "), "{kim}");
    assert!(kim.ends_with(" Home › help"), "{kim}");

    let (status, out, err) = exec(address, &server.keys.mentor, "sessions").await;
    assert_eq!(status, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "incubator: refused: only a coordinator sees who is connected, and Aysel Hüseynova is not one\n"
    );

    // A session that ends leaves the list.
    coordinator.quit().await;
    staff
        .screen
        .wait_until("a frame", |s| s.received() > 0)
        .await;
    let start = std::time::Instant::now();
    loop {
        let (_, out, _) = exec(address, &server.keys.coordinator, "sessions").await;
        let listing = String::from_utf8(out).expect("UTF-8");
        if !listing.contains("Nigar") {
            assert!(listing.contains("Kim Min-jun"), "{listing}");
            break;
        }
        assert!(
            start.elapsed().as_secs() < 30,
            "Nigar still listed:\n{listing}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_servers_machine_sessions_runs_in_serve_and_without_it_says_so() {
    let dir = TempDir::new().expect("temp dir");
    let keys = Keys::new();
    setup(dir.path(), &keys);
    let db = dir.path().join("portfolio");
    let mut serve = Serve::start(dir.path(), &[]);
    let judge = Terminal::open(serve.address(), &keys.judge, 100, 30).await;
    judge.wait_for("Signed in as Orxan").await;

    let out = incubator(&db).arg("sessions").output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    let orxan = line_of(&listing, "Orxan");
    assert!(orxan.contains(" judge (Orxan Qasımov) "), "{orxan}");
    assert!(orxan.ends_with(" › judging"), "{orxan}");

    assert!(serve.terminate().success());
    let out = incubator(&db).arg("sessions").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "incubator: {} is not served: no one is connected (start `incubator serve`)\n",
            db.display()
        )
    );
}
