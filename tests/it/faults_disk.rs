//! The fault harness, part 2: a full disk. Writes fail with one clear
//! line, never a panic or a hang, and what was there before — every
//! acknowledged note, a whole portfolio — is still there once space is
//! freed.
//!
//! The disk is a small tmpfs mounted for the test where the machine allows
//! it (root, or a user namespace); elsewhere the same tests run with the
//! file size limited by `ulimit -f`, so writes fail with EFBIG instead of
//! ENOSPC: an injected write error on the same code paths
//! (`INCUBATOR_TEST_NO_TMPFS=1` runs that way where a mount would work).

use std::fs;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{assert_ran, bin, lossy as text, show};
use serde_json::Value;

/// Where the database lives, and how space runs out there.
struct Disk {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// A tmpfs we mounted (and unmount on drop); `None`: no mount here,
    /// writes are limited with `ulimit -f` instead.
    mounted: bool,
    /// The `ulimit -f` block count while "full" (512-byte blocks).
    limit: Option<u64>,
}

impl Disk {
    fn new(kib: u64) -> Disk {
        let dir = tempfile::Builder::new()
            .prefix("incubator-disk-")
            .tempdir()
            .unwrap();
        let root = dir.path().join("disk");
        fs::create_dir(&root).unwrap();
        // INCUBATOR_TEST_NO_TMPFS=1 tries the fallback where a mount works.
        let mounted = std::env::var_os("INCUBATOR_TEST_NO_TMPFS").is_none()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
                .arg(&root)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("no tmpfs could be mounted here: writes are limited with ulimit -f instead");
        }
        Disk {
            _dir: dir,
            root,
            mounted,
            limit: None,
        }
    }

    fn db(&self) -> PathBuf {
        self.root.join("portfolio")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = match self.limit {
            Some(blocks) => {
                let mut cmd = Command::new("sh");
                // SIGXFSZ ignored: a write past the limit fails (EFBIG)
                // instead of killing the process.
                cmd.arg("-c")
                    .arg(format!(
                        "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
                    ))
                    .arg(bin());
                cmd
            }
            None => Command::new(bin()),
        };
        cmd.arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("INCUBATOR_DB")
            .env_remove("RUST_BACKTRACE")
            .env("HOME", self._dir.path())
            .env("XDG_CONFIG_HOME", self._dir.path().join("config"))
            .env("USER", "disk-tester");
        cmd
    }

    /// Run, with `input` on standard input; a run that takes more than
    /// 30 s is a hang, and fails the test.
    fn run(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run incubator");
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_string();
        let feeder = thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let drain = |mut pipe: Box<dyn Read + Send>| {
            thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let status = child.wait().unwrap();
                let out = Output {
                    status,
                    stdout: stdout.join().unwrap(),
                    stderr: stderr.join().unwrap(),
                };
                panic!(
                    "incubator {} hung on a full disk:\n{}",
                    args.join(" "),
                    show(&out)
                );
            }
            thread::sleep(Duration::from_millis(10));
        };
        let _ = feeder.join();
        Output {
            status,
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }

    fn run_ok(&self, args: &[&str]) -> Output {
        let out = self.run(args, "");
        assert_ran(&out, args);
        out
    }

    /// Leave about `kib` KiB free.
    fn fill(&mut self, kib: u64) {
        if self.mounted {
            let filler = self.root.join("filler");
            let mut file = fs::File::create(&filler).unwrap();
            let block = vec![0u8; 4096];
            while file.write_all(&block).is_ok() {}
            let _ = file.sync_all();
            let len = fs::metadata(&filler).unwrap().len();
            file.set_len(len.saturating_sub(kib * 1024)).unwrap();
        } else {
            let used: u64 = fs::read_dir(self.db())
                .unwrap()
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .max()
                .unwrap_or(0);
            self.limit = Some((used + kib * 1024) / 512 + 1);
        }
    }

    fn free(&mut self) {
        let _ = fs::remove_file(self.root.join("filler"));
        self.limit = None;
    }

    fn export(&self) -> Value {
        let out = self.run_ok(&["export", "all"]);
        let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        doc.as_object_mut().unwrap().remove("exported_at");
        doc
    }

    fn assert_sound(&self, after: &str) {
        let out = self.run(&["check"], "");
        assert!(
            out.status.success() && text(&out.stdout).contains("Sound."),
            "check {after}:\n{}",
            show(&out)
        );
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg("-l").arg(&self.root).status();
        }
    }
}

/// A refused write: a non-zero exit and lines of our own, no panic.
fn assert_clear_failure(out: &Output, what: &str) {
    let stderr = text(&out.stderr);
    assert!(
        !out.status.success()
            && out.status.code() != Some(101)
            && !stderr.contains("panicked")
            && !stderr.trim().is_empty()
            && stderr.lines().all(|l| l.starts_with("incubator: ")),
        "{what}:\n{}",
        show(out)
    );
    assert!(
        stderr.lines().count() <= 2,
        "{what}: more than a line or two:\n{}",
        show(out)
    );
}

fn notes_with(doc: &Value, prefix: &str) -> Vec<String> {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["body"].as_str())
        .filter(|b| b.starts_with(prefix))
        .map(|b| b.lines().next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn notes_on_a_filling_disk_fail_cleanly_and_keep_what_was_acknowledged() {
    let body = "x".repeat(50_000);
    let mut summary = Vec::new();
    for leave in [0u64, 8, 64, 300, 700] {
        let mut disk = Disk::new(3 * 1024);
        disk.run_ok(&["init"]);
        disk.run_ok(&["note", "s1", "canary before the disk filled"]);
        disk.fill(leave);
        let mut acked = Vec::new();
        let mut failure = None;
        for i in 1..=25 {
            let head = format!("full-{leave}-{i}");
            let out = disk.run(&["note", "s1", "-"], &format!("{head}\n{body}"));
            if out.status.success() {
                acked.push(head);
            } else {
                assert_clear_failure(&out, &format!("note {i} with {leave} KiB left"));
                failure = Some(text(&out.stderr).trim().to_string());
                break;
            }
        }
        let failure = failure.unwrap_or_else(|| {
            panic!("25 notes of 50 KB fit in {leave} KiB: the disk never filled")
        });
        if disk.mounted {
            assert!(failure.contains("the disk is full"), "{failure}");
        }
        disk.free();
        let after = format!("after the disk filled with {leave} KiB left");
        disk.assert_sound(&after);
        let doc = disk.export();
        let stored = notes_with(&doc, &format!("full-{leave}-"));
        assert_eq!(stored, acked, "the notes stored {after}");
        assert_eq!(
            notes_with(&doc, "canary before").len(),
            1,
            "the earlier note {after}"
        );
        // Writing works again.
        disk.run_ok(&["note", "s1", "after space was freed"]);
        summary.push(format!(
            "{leave} KiB left: {} acked, then {failure:?}",
            acked.len()
        ));
    }
    eprintln!("full disk, notes:\n  {}", summary.join("\n  "));
}

/// Replacing the whole portfolio on a full disk: refused, and the old one
/// is still there, whole. So is an export to the full disk.
#[test]
fn replacing_the_portfolio_on_a_full_disk_changes_nothing() {
    for leave in [0u64, 40, 200] {
        let mut disk = Disk::new(3 * 1024);
        disk.run_ok(&["init"]);
        disk.run_ok(&["note", "s1", "kept through it all"]);
        let before = disk.export();
        // The replacement: the sample with one startup renamed, outside
        // the full disk.
        let mut other = before.clone();
        other["startups"][0]["name"] = Value::from("Renamed on a full disk");
        let file = disk._dir.path().join("other.json");
        fs::write(&file, serde_json::to_string(&other).unwrap()).unwrap();
        let file = file.to_str().unwrap().to_string();

        disk.fill(leave);
        let import = disk.run(&["import", &file, "--replace"], "");
        let restore = disk.run(&["restore", &file], "");
        let out_file = disk.root.join("export.json");
        let export = disk.run(&["export", "all", "-o", out_file.to_str().unwrap()], "");
        disk.free();
        let after = format!("with {leave} KiB left");
        for (what, out) in [("import --replace", &import), ("restore", &restore)] {
            if out.status.success() {
                // It fit after all: then it landed whole.
                eprintln!("{what} fit in {leave} KiB");
            } else {
                assert_clear_failure(out, &format!("{what} {after}"));
            }
        }
        if !export.status.success() {
            assert_clear_failure(&export, &format!("export {after}"));
            assert!(!out_file.exists(), "a partial export was left {after}");
        }
        disk.assert_sound(&after);
        let now = disk.export();
        assert!(
            now == before || now == without_exported_at(other.clone()),
            "the portfolio is neither the old nor the new one whole {after}"
        );
        if !import.status.success() && !restore.status.success() {
            assert_eq!(
                now, before,
                "a refused replace changed the portfolio {after}"
            );
        }
        for snapshot in incubator::backup::list(&disk.db()).unwrap() {
            snapshot
                .verify()
                .unwrap_or_else(|e| panic!("snapshot {} {after}: {e}", snapshot.name));
        }
        eprintln!(
            "full disk, {leave} KiB left: import --replace exit {:?}, restore exit {:?}, export exit {:?}",
            import.status.code(),
            restore.status.code(),
            export.status.code()
        );
    }
}

fn without_exported_at(mut doc: Value) -> Value {
    if let Some(o) = doc.as_object_mut() {
        o.remove("exported_at");
    }
    doc
}

/// sled's snapshot of page locations, `snap.N.generating`, cut short by a
/// full disk used to make every later open call the database corrupt.
#[test]
fn a_full_disk_at_open_leaves_no_poisoned_snapshot_behind() {
    let mut disk = Disk::new(3 * 1024);
    if !disk.mounted {
        eprintln!("skipped: a file size limit cannot fill a disk that sled has already sized");
        return;
    }
    disk.run_ok(&["init"]);
    disk.run_ok(&["note", "s1", "before"]);
    disk.fill(0);
    let mut acked = Vec::new();
    let mut refused = 0;
    for i in 0..3 {
        let head = format!("on a full disk {i}");
        let out = disk.run(&["note", "s1", &head], "");
        if out.status.success() {
            acked.push(head);
        } else {
            assert_clear_failure(&out, "note on a full disk");
            refused += 1;
        }
    }
    assert!(refused > 0, "every note fit on a full disk");
    disk.free();
    disk.assert_sound("after the disk was full at open");
    assert_eq!(notes_with(&disk.export(), "on a full disk"), acked);
    assert_eq!(notes_with(&disk.export(), "before").len(), 1);
    let leftovers: Vec<String> = fs::read_dir(disk.db())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".generating"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}
