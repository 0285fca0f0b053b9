//! What an SSH user can do to the server's files and to the names on
//! notes, tried the way an attacker would: the real `incubator serve`,
//! reached with the real OpenSSH client, as staff, a mentor and a
//! coordinator. Every export lands in the user's own folder, whatever was
//! typed and whatever was planted there; everything else on disk is as it
//! was. A note is signed by whoever is signed in.

use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

use crate::support::openssh::{OpenSsh, Serve, have_ssh, setup, ssh_command, tree};
use crate::support::ssh::Keys;
use incubator::model::{Kind, Note};
use tempfile::TempDir;

/// Each role's key file and export folder name (its name folded to ASCII).
const ROLES: [(&str, &str); 3] = [
    ("staff", "kim-min-jun"),
    ("mentor", "aysel-huseynova"),
    ("coordinator", "nigar-eliyeva"),
];

/// What is typed as the file name, and the plain name it must land as.
fn landing_tricks(dir: &Path) -> Vec<(String, &'static str)> {
    vec![
        ("../../victim.txt".into(), "victim.txt"),
        (format!("{}/outside.md", dir.display()), "outside.md"),
        ("~/.ssh/authorized_keys".into(), "authorized_keys"),
        ("../nigar-eliyeva/report.md".into(), "report.md"),
        ("..\\..\\users.toml".into(), "users.toml"),
        (".hidden.md".into(), "hidden.md"),
    ]
}

/// What a previous visitor (or another local account) planted in the
/// folder: a link out of it, a link to a device, a pipe.
fn plant(dir: &Path, folder: &Path) {
    std::fs::create_dir_all(folder).expect("the folder");
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700)).expect("0700");
    symlink(dir.join("victim.txt"), folder.join("planted.md")).expect("a link out");
    symlink("/dev/null", folder.join("null")).expect("a link to a device");
    let made = Command::new("mkfifo")
        .arg(folder.join("pipe.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success(), "a pipe");
}

/// `x` on the first cohort, the file field emptied and `typed` entered.
fn export_as(term: &mut OpenSsh, folder: &Path, typed: &str) {
    term.send("x");
    term.wait_for(&format!("In      {}", folder.display()));
    term.send("\x15"); // Ctrl-U: empty the field
    term.send(typed);
    term.send("\r");
}

/// Esc, and the dialog is gone.
fn close(term: &mut OpenSsh, folder: &Path) {
    term.escape();
    term.wait_gone("Enter or Esc closes");
    term.wait_gone(&folder.display().to_string());
}

#[test]
fn every_path_trick_lands_in_the_users_own_folder_or_nowhere() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    let keys = Keys::new();
    setup(dir, &keys);
    std::fs::write(dir.join("victim.txt"), "keep me").expect("a file outside");
    std::fs::create_dir(dir.join("elsewhere")).expect("a folder outside");
    let exports = dir.join("portfolio-exports");
    let mut serve = Serve::start(dir, &[]);
    // Outside the exports: everything but the database, which serve owns.
    // The server's own log (state/incubator/serve.log) grows as it serves.
    let skip = [dir.join("portfolio"), exports.clone(), dir.join("state")];
    let outside = tree(dir, &skip);

    for (role, folder_name) in ROLES {
        let key = dir.join(format!("{role}.key"));
        let folder = exports.join(folder_name);
        plant(dir, &folder);
        let others = tree(&exports, std::slice::from_ref(&folder));
        let mut term = OpenSsh::open(&key, serve.port, 100, 30);
        term.wait_for("Signed in as");
        term.send("3");
        term.wait_for("Cohorts 4");

        for (typed, lands_as) in landing_tricks(dir) {
            export_as(&mut term, &folder, &typed);
            term.wait_for("Written on the server, in your folder:");
            term.wait_for_words(&folder.join(lands_as).display().to_string());
            close(&mut term, &folder);
            let written = folder.join(lands_as);
            let meta = std::fs::symlink_metadata(&written).expect("written");
            assert!(
                meta.is_file(),
                "{role}: {typed:?} made {written:?}, a plain file"
            );
            let text = std::fs::read_to_string(&written).expect("read");
            assert!(
                text.starts_with("# "),
                "{role}: a Markdown summary in {lands_as}"
            );
        }
        // Planted names are refused, not written through.
        for planted in ["planted.md", "null", "pipe.md"] {
            export_as(&mut term, &folder, planted);
            term.wait_for_words("is not a plain file");
            close(&mut term, &folder);
        }
        export_as(&mut term, &folder, "../..");
        term.wait_for("Give the file a plain name");
        close(&mut term, &folder);
        // The folder itself swapped for a link to another folder.
        let moved = dir.join(format!("{folder_name}-moved"));
        std::fs::rename(&folder, &moved).expect("move the folder aside");
        symlink(dir.join("elsewhere"), &folder).expect("a link for the folder");
        export_as(&mut term, &folder, "late.md");
        term.wait_for_words("is a link or not a folder");
        close(&mut term, &folder);
        std::fs::remove_file(&folder).expect("remove the link");
        std::fs::rename(&moved, &folder).expect("the folder back");
        term.quit();

        assert_eq!(
            std::fs::read_to_string(dir.join("victim.txt")).expect("read"),
            "keep me",
            "{role}: nothing written through the planted link"
        );
        assert!(
            std::fs::metadata("/dev/null")
                .expect("/dev/null")
                .file_type()
                .is_char_device(),
            "/dev/null is still a device"
        );
        let pipe = std::fs::symlink_metadata(folder.join("pipe.md")).expect("the pipe");
        assert!(pipe.file_type().is_fifo(), "{role}: the pipe is left alone");
        assert_eq!(
            tree(&exports, std::slice::from_ref(&folder)),
            others,
            "{role}: no other user's folder touched"
        );
        let mode = std::fs::metadata(&folder)
            .expect("folder")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{role}: the folder is theirs alone");
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "authorized_keys",
                "hidden.md",
                "null",
                "outside.md",
                "pipe.md",
                "planted.md",
                "report.md",
                "users.toml",
                "victim.txt"
            ],
            "{role}: the written files and the planted ones, no leftovers"
        );
    }
    assert_eq!(
        tree(dir, &skip),
        outside,
        "nothing outside the exports changed"
    );
    assert!(!dir.join("outside.md").exists());
    serve.stop();
}

#[test]
fn a_new_users_folder_is_made_0700_and_the_shown_command_fetches_the_same_file() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    let keys = Keys::new();
    setup(dir, &keys);
    // Never inside the database's own folder.
    let inside = dir.join("portfolio").join("reports");
    let out = crate::support::openssh::incubator(&dir.join("portfolio"))
        .args(["serve", "--listen", "127.0.0.1:0", "--users"])
        .arg(dir.join("users.toml"))
        .arg("--exports")
        .arg(&inside)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("inside the database folder"), "{said}");
    assert!(!inside.exists());
    let exports = dir.join("reports");
    let exports_arg = exports.display().to_string();
    let mut serve = Serve::start(
        dir,
        &["--exports", &exports_arg, "--scp-host", "files.example.az"],
    );
    let key = dir.join("staff.key");
    let folder = exports.join("kim-min-jun");
    let mut term = OpenSsh::open(&key, serve.port, 110, 30);
    term.wait_for("Signed in as Kim Min-jun");
    term.send("3");
    term.wait_for("Cohorts 4");
    export_as(&mut term, &folder, "summary.md");
    term.wait_for("Written on the server, in your folder:");
    let written = folder.join("summary.md");
    term.wait_for_words(&format!("scp files.example.az:{} .", written.display()));
    // The ssh command the dialog shows, run as shown, gives the same bytes.
    let screen = term.contents();
    let shown = screen
        .lines()
        .find(|l| l.contains(" export cohort "))
        .expect("the fetch command");
    let shown = shown.trim_matches(|c: char| c == '│' || c.is_whitespace());
    let (command, target) = shown.split_once(" > ").expect("a redirect");
    assert_eq!(target, "summary.md");
    let remote = command
        .split_once("127.0.0.1 ")
        .map(|(_, rest)| rest)
        .expect("the server's address");
    let fetched = ssh_command(&key, serve.port, remote);
    assert!(fetched.status.success(), "{fetched:?}");
    assert_eq!(
        fetched.stdout,
        std::fs::read(&written).expect("written"),
        "`{command}` fetches the file written"
    );
    close(&mut term, &folder);
    term.quit();
    for made in [&exports, &folder] {
        let mode = std::fs::metadata(made).expect("made").permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", made.display());
    }
    serve.stop();
}

/// The note on Kilim Craft whose body starts with `start`, once serve has
/// stopped (it holds the database while it runs).
fn note_starting(db: &Path, start: &str) -> (Note, Vec<String>) {
    let store = incubator::workspace::open_existing(db).expect("the database");
    let s3 = store.notes_of("s3").expect("notes");
    let note = s3
        .into_iter()
        .map(|n| n.record)
        .find(|n| n.body.starts_with(start))
        .unwrap_or_else(|| panic!("no note starting {start:?}"));
    let history = store.history_of(Kind::Note, &note.id).expect("history");
    (note, history.into_iter().map(|h| h.who).collect())
}

/// `2`, filter to Kilim Craft (one of Aysel's, m1's), `a`.
fn note_on_kilim(term: &mut OpenSsh) {
    term.send("2");
    term.wait_for("Startups 24");
    term.send("/kilim");
    term.wait_for("/kilim");
    term.send("\r");
    term.send("a");
    term.wait_for("Note on Kilim Craft");
}

#[test]
fn a_note_is_signed_by_whoever_is_signed_in() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    let keys = Keys::new();
    setup(dir, &keys);
    let mut serve = Serve::start(dir, &[]);

    // A mentor Tabs to where the author was and types a coordinator's name.
    let mut term = OpenSsh::open(&dir.join("mentor.key"), serve.port, 100, 30);
    term.wait_for("Signed in as Aysel Hüseynova");
    note_on_kilim(&mut term);
    term.wait_for("Aysel Hüseynova (signed in)");
    term.send("Forged? ");
    term.send("\t\t");
    term.send("Nigar Əliyeva");
    term.send("\x13"); // Ctrl-S
    term.wait_gone("Note on Kilim Craft");
    term.quit();

    // A coordinator writes one for Aysel.
    let mut term = OpenSsh::open(&dir.join("coordinator.key"), serve.port, 100, 30);
    term.wait_for("Signed in as Nigar Əliyeva");
    note_on_kilim(&mut term);
    term.send("Met the founders for Aysel.");
    term.send("\t\t");
    term.send("Aysel Hüseynova");
    term.wait_for("Nigar Əliyeva for Aysel Hüseynova");
    term.send("\x13");
    term.wait_gone("Note on Kilim Craft");
    term.quit();

    // Over `ssh HOST note`, --author means "on behalf of": refused from a
    // mentor, taken from a coordinator.
    let out = ssh_command(
        &dir.join("mentor.key"),
        serve.port,
        "note s3 --author 'Nigar Əliyeva' Forged over ssh",
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("may not sign a note as \"Aysel Hüseynova for Nigar Əliyeva\""),
        "{said}"
    );
    let out = ssh_command(
        &dir.join("coordinator.key"),
        serve.port,
        "note s3 --author 'Aysel Hüseynova' Sent over ssh",
    );
    assert!(out.status.success(), "{out:?}");
    serve.stop();

    let db = dir.join("portfolio");
    let (note, who) = note_starting(&db, "Forged?");
    assert_eq!(note.author, "Aysel Hüseynova", "the mentor's own name");
    assert!(
        note.body.contains("Nigar Əliyeva"),
        "the name went into the body"
    );
    assert_eq!(who, ["Aysel Hüseynova"]);
    let (note, who) = note_starting(&db, "Met the founders for Aysel.");
    assert_eq!(note.author, "Nigar Əliyeva for Aysel Hüseynova");
    assert_eq!(who, ["Nigar Əliyeva"]);
    let (note, who) = note_starting(&db, "Sent over ssh");
    assert_eq!(note.author, "Nigar Əliyeva for Aysel Hüseynova");
    assert_eq!(who, ["Nigar Əliyeva"]);
    let store = incubator::workspace::open_existing(&db).expect("the database");
    let forged = store.notes_of("s3").expect("notes");
    assert!(
        forged
            .iter()
            .all(|n| !n.record.body.starts_with("Forged over ssh")),
        "the refused note is not there"
    );
}
