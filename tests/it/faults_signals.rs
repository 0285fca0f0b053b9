//! The fault harness, part 3: SIGTERM (a shutdown) and SIGHUP (a dropped
//! SSH session, a closed window) while the full-screen view runs. The
//! terminal is restored, the store is closed cleanly (sound, its lock
//! freed), and the snapshot kept at a clean end is whole.
//! The same with a form holding unsaved edits: those are never written.

use crate::support::Sandbox;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, MasterPty, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(10);

struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Tui {
    fn launch(sandbox: &Sandbox) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(sandbox.pty()).unwrap();
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            24.try_into().unwrap(),
            80.try_into().unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let feed = Arc::clone(&screen);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui {
            screen,
            _master: pair.master,
            writer,
            child,
            reader: Some(reader),
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.contents().contains(text) {
            assert!(
                Instant::now() < deadline,
                "waited for {text:?}; the screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    #[allow(dead_code)]
    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the child's pid");
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Wait for the exit; the program must end by itself, with status 0.
    fn wait_exit(&mut self, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{what}: exit {status:?}");
                break;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("{what}: still running after {WAIT:?}:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(20));
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    fn assert_restored(&self, what: &str) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(
            !screen.alternate_screen(),
            "{what}: still on the alternate screen"
        );
        assert!(!screen.hide_cursor(), "{what}: the cursor is still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{what}: mouse reporting is still on"
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn assert_sound(sandbox: &Sandbox, what: &str) {
    let out = sandbox.run(&["check"]);
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Sound."),
        "{what}: check:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sigterm_and_sighup_close_cleanly_and_keep_a_whole_snapshot() {
    let sandbox = Sandbox::with_db("portfolio");
    // SIGTERM on a new database: the sample was written, so a snapshot is
    // kept at the clean end.
    let mut tui = Tui::launch(&sandbox);
    tui.wait_for("Needs attention");
    tui.signal("TERM");
    tui.wait_exit("SIGTERM");
    tui.assert_restored("SIGTERM");
    assert_sound(&sandbox, "after SIGTERM");
    let snapshots = incubator::backup::list(&sandbox.db()).unwrap();
    let [snapshot] = snapshots.as_slice() else {
        panic!("one snapshot after a clean end: {snapshots:?}");
    };
    assert_eq!(snapshot.reason, incubator::backup::Reason::Shutdown);
    let portfolio = snapshot.verify().expect("a whole snapshot");
    assert_eq!(portfolio.startups.len(), 24);

    // SIGHUP: the terminal is gone, the store still closes cleanly; with
    // nothing written since, no second snapshot.
    let mut tui = Tui::launch(&sandbox);
    tui.wait_for("Needs attention");
    tui.signal("HUP");
    tui.wait_exit("SIGHUP");
    assert_sound(&sandbox, "after SIGHUP");
    assert_eq!(
        incubator::backup::list(&sandbox.db()).unwrap().len(),
        1,
        "a snapshot though nothing changed"
    );
    // The lock is free: a command gets in at once.
    let out = sandbox.run(&["note", "s1", "after the hang-up"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// SIGTERM and SIGHUP while a form holds unsaved edits: the terminal is
/// restored, what was saved before is there, and the unsaved edit is not
/// half-written.
#[test]
fn sigterm_and_sighup_with_unsaved_edits_in_a_form() {
    const OPEN_STARTUPS: &str = "2";
    const EDIT: &str = "e";
    const SAVE: &str = "\x13"; // Ctrl-S
    for signal in ["TERM", "HUP"] {
        let sandbox = Sandbox::with_db("portfolio");
        sandbox.run(&["init"]);
        let mut tui = Tui::launch(&sandbox);
        tui.wait_for("Needs attention");
        // One edit saved…
        tui.send(OPEN_STARTUPS);
        tui.send(EDIT);
        thread::sleep(Duration::from_millis(300));
        tui.send(" saved before the signal");
        tui.send(SAVE);
        thread::sleep(Duration::from_millis(500));
        // …and one left unsaved in the form.
        tui.send(EDIT);
        thread::sleep(Duration::from_millis(300));
        tui.send(" never saved");
        thread::sleep(Duration::from_millis(300));
        tui.signal(signal);
        tui.wait_exit(signal);
        if signal == "TERM" {
            tui.assert_restored(signal);
        }
        assert_sound(&sandbox, signal);
        let out = sandbox.run(&["export", "all"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("saved before the signal"),
            "{signal}: the saved edit is lost"
        );
        assert!(
            !text.contains("never saved"),
            "{signal}: an unsaved edit was written"
        );
    }
}
