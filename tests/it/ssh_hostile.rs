//! Hostile clients against `incubator serve`: garbage and cut-off escape
//! sequences, absurd window sizes, a client that never reads, a hundred
//! attempts with unknown keys. Each time the server stays up, the portfolio
//! is untouched, and another user's session goes on as if nothing happened.

use std::sync::Arc;
use std::time::Duration;

use crate::support::ssh::{AcceptAny, Terminal, TestServer, connect, new_key};
use russh::client;
use russh::keys::PrivateKeyWithHashAlg;

const HOME: &str = "Needs attention";

/// Another user's session answers keys as usual: the server is up and
/// this session is not held up by whatever else is going on.
async fn still_answers(term: &Terminal) {
    term.send("3").await;
    term.wait_for("┌ Cohorts 4").await;
    term.send("2").await;
    term.wait_for("┌ Startups 24").await;
}

/// Bytes a fuzzer might send: no printable keys (they would be commands:
/// `d` then `y` deletes), but every control byte, escape sequences cut off
/// anywhere, and bytes that are not UTF-8. Deterministic.
fn garbage(seed: u64, len: usize) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b"\x1b[",
        b"\x1b[1;",
        b"\x1b[99999999999999999999A",
        b"\x1bO",
        b"\x1b[<0;1",
        b"\x1b[<64;9999;9999M",
        b"\x1b]0;title\x07",
        b"\x1b]52;c;",
        b"\x1bP",
        b"\x1b[200~",
        b"\x1b[201~",
        b"\x1b[M",
        b"\xc3",
        b"\xe2\x82",
        b"\xf0\x9f\x98",
        b"\xff\xfe",
        b"\x1b\x1b\x1b",
    ];
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let pick = next();
        if pick % 3 == 0 {
            out.extend_from_slice(PIECES[(pick >> 8) as usize % PIECES.len()]);
        } else {
            // A control byte (but not Ctrl-C, Ctrl-S or Ctrl-D, which act)
            // or a byte past ASCII.
            let byte = (pick >> 16) as u8;
            let byte = if byte < 0x80 { byte % 0x20 } else { byte };
            if !matches!(byte, 0x03 | 0x04 | 0x13 | b'\r' | b'\n') {
                out.push(byte);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_and_cut_off_escape_sequences_leave_the_server_and_others_alone() {
    let mut server = TestServer::start().await;
    let before = server.store.portfolio().expect("portfolio");
    let other = Terminal::open(server.address(), &server.keys.staff, 80, 24).await;
    other.wait_for(HOME).await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    for seed in 1..=40u64 {
        term.send_bytes(&garbage(seed, 64 + (seed as usize * 37) % 400))
            .await;
    }
    // What the garbage's letters did to this session (a cut-off sequence
    // reads as Esc and keys) is its own business; the others go on.
    still_answers(&other).await;
    assert_eq!(
        server.store.portfolio().expect("portfolio"),
        before,
        "nothing in the garbage saved anything"
    );
    // And it still obeys Ctrl-C, giving its terminal back.
    tokio::time::sleep(Duration::from_millis(100)).await;
    term.send("\x03").await;
    term.screen
        .wait_until("the channel to close", crate::support::ssh::Screen::closed)
        .await;
    term.screen.with(|s| {
        assert!(!s.alternate_screen(), "the main screen is back");
        assert!(!s.hide_cursor(), "the cursor shows again");
    });
    other.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_of_nothing_or_of_ten_thousand_is_survived() {
    let mut server = TestServer::start().await;
    let other = Terminal::open(server.address(), &server.keys.mentor, 80, 24).await;
    other.wait_for(HOME).await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    for (cols, rows) in [(0, 0), (10_000, 10_000), (0, 10_000), (10_000, 0), (1, 1)] {
        term.writer_window_change(cols, rows).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    term.resize(80, 24).await;
    term.wait_for(HOME).await;
    still_answers(&term).await;
    still_answers(&other).await;
    term.quit().await;
    other.quit().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_holds_up_no_one_else() {
    let mut server = TestServer::start().await;
    // A client that takes what the server sends into a buffer of one
    // message and never reads it: its connection stalls.
    let config = Arc::new(client::Config {
        channel_buffer_size: 1,
        window_size: 2048,
        ..Default::default()
    });
    let mut stalled = client::connect(config, server.address(), AcceptAny)
        .await
        .expect("connect");
    let auth = stalled
        .authenticate_publickey(
            "anyone",
            PrivateKeyWithHashAlg::new(Arc::new(server.keys.staff.clone()), None),
        )
        .await
        .expect("an answer");
    assert!(auth.success());
    let channel = stalled.channel_open_session().await.expect("a session");
    channel
        .request_pty(false, "xterm", 200, 60, 0, 0, &[])
        .await
        .expect("a pty");
    channel.request_shell(false).await.expect("a shell");
    // Its screen keeps changing (every write redraws it), and it reads none.
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    term.send("2").await;
    term.wait_for("┌ Startups 24").await;
    for i in 0..20 {
        server
            .store
            .create(
                "Nigar Əliyeva",
                incubator::model::testing::note(&format!("n-stall-{i}"), "s1", "a long note ")
                    .into(),
            )
            .expect("a note");
        // The coordinator keeps working, a key at a time.
        term.send(if i % 2 == 0 { "j" } else { "k" }).await;
    }
    still_answers(&term).await;
    term.quit().await;
    drop(channel);
    drop(stalled);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_unknown_keys_do_not_bring_the_server_down() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 80, 24).await;
    term.wait_for(HOME).await;
    let address = server.address();
    let attempts = |count: usize, patience: u64| {
        (0..count)
            .map(|_| {
                tokio::spawn(async move {
                    let key = new_key();
                    let attempt = connect(address, &key);
                    tokio::time::timeout(Duration::from_secs(patience), attempt).await
                })
            })
            .collect::<Vec<_>>()
    };
    // Each is a fresh key: refused, none of them slowed (a key retried
    // again and again is; tests/ssh_limits.rs), none let in.
    let mut refused = 0;
    for batch in [10, 90] {
        for attempt in attempts(batch, 20) {
            match attempt.await.expect("the attempt ran") {
                Ok(Err(_)) => refused += 1,
                Err(_) => panic!("a fresh unknown key was kept waiting"),
                Ok(Ok(_)) => panic!("an unknown key got in"),
            }
        }
    }
    assert_eq!(refused, 100);
    // The signed-in user noticed nothing.
    still_answers(&term).await;
    term.quit().await;
    server.stop().await;
}
