//! The operator's shell: completion scripts loaded by bash and answering
//! from the database (names with spaces and Azerbaijani letters, whole,
//! also while the full-screen view holds it), the manual page rendered by
//! `man -l`, the systemd unit verified by `systemd-analyze`, and
//! `incubator config` with a file, an environment variable and an unknown
//! key.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{Sandbox, bin, show, stderr, stdout};
use crate::tui_pty::{InTerminal, wait_for_home};

/// `script` run by bash with the binary's folder first on `PATH`, as an
/// installed `incubator` is found, in the sandbox's home.
fn bash(sandbox: &Sandbox, script: &str) -> Output {
    let folder = bin().parent().expect("the binary's folder").to_path_buf();
    let path = std::env::join_paths(std::iter::once(folder).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut cmd = sandbox.plain();
    cmd.env("PATH", path);
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_clear()
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .expect("run bash")
}

/// What bash's completion offers for `words` (the last is the word being
/// completed), as a Tab would put each on the line, one a line.
fn offered(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| shell_quote(w)).collect();
    let script = format!(
        "source <(incubator completions bash) || exit 9\n\
         COMP_WORDS=(incubator {words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9\n\
         _clap_complete_incubator incubator {current} {previous}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = quoted.join(" "),
        cword = words.len(),
        current = quoted.last().cloned().unwrap_or_default(),
        previous = shell_quote(words.len().checked_sub(2).map_or("incubator", |i| words[i])),
    );
    let out = bash(sandbox, &script);
    assert!(out.status.success(), "{}", show(&out));
    stdout(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// How many words bash reads `answer` as, and the first.
fn as_bash_reads(sandbox: &Sandbox, answer: &str) -> String {
    let out = bash(sandbox, &format!("set -- {answer}; echo \"$#:$1\""));
    stdout(&out).trim().to_string()
}

#[test]
fn bash_loads_the_script_and_completes_commands_and_flags() {
    let sandbox = Sandbox::new();
    let out = bash(
        &sandbox,
        "source <(incubator completions bash); complete -p incubator",
    );
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains("-F _clap_complete_incubator incubator"),
        "{}",
        show(&out)
    );
    assert_eq!(offered(&sandbox, &["comp"]), ["completions"]);
    assert_eq!(offered(&sandbox, &["serve", "--max-s"]), ["--max-sessions"]);
    assert_eq!(
        offered(&sandbox, &["completions", "f"]),
        ["fish"],
        "the shells are values"
    );
}

#[test]
fn names_complete_whole_from_the_database() {
    let sandbox = Sandbox::new();
    let made = sandbox.run(&["init"]);
    assert!(made.status.success(), "{}", show(&made));
    let db = sandbox.db();
    let db = db.to_str().expect("a UTF-8 path");

    // Spaces and Azerbaijani letters, one word as bash reads it.
    let startup = offered(&sandbox, &["--db", db, "note", "Xə"]);
    assert_eq!(startup, [r"Xəzər\ Solar"]);
    assert_eq!(as_bash_reads(&sandbox, &startup[0]), "1:Xəzər Solar");
    // Typed in lower case, and inside a quote the user opened.
    assert_eq!(
        offered(&sandbox, &["--db", db, "note", "xə"]),
        [r"Xəzər\ Solar"]
    );
    assert_eq!(
        offered(&sandbox, &["--db", db, "note", "\"Gən"]),
        ["\"Gənc Kod\"", "\"Gəncə Agro\""]
    );
    // What was typed with a backslash goes on.
    assert_eq!(
        offered(&sandbox, &["--db", db, "note", r"Gənc\ K"]),
        [r"Gənc\ Kod"]
    );
    // Cohorts where a command takes one.
    assert_eq!(
        offered(&sandbox, &["--db", db, "export", "cohort", "Autumn 2025"]),
        [r"Autumn\ 2025\ Incubation"]
    );
    assert_eq!(
        offered(
            &sandbox,
            &["--db", db, "list", "startup", "--cohort", "spring"]
        ),
        [r"Spring\ 2026\ Acceleration", r"Spring\ 2027\ Acceleration"]
    );
    // No database there: nothing offered, and nothing printed into the line.
    let missing = sandbox.path("nothing-here");
    let missing = missing.to_str().expect("a UTF-8 path");
    assert!(offered(&sandbox, &["--db", missing, "note", "X"]).is_empty());
    assert!(!Path::new(missing).exists(), "completion made no database");
}

#[test]
fn names_complete_while_the_full_screen_view_holds_the_database() {
    let sandbox = Sandbox::new();
    let made = sandbox.run(&["init"]);
    assert!(made.status.success(), "{}", show(&made));
    let tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    let db = sandbox.db();
    let db = db.to_str().expect("a UTF-8 path");
    assert_eq!(
        offered(&sandbox, &["--db", db, "note", "Kil"]),
        [r"Kilim\ Craft"]
    );
    drop(tui);
}

#[test]
fn every_shell_gets_a_script_that_asks_the_binary() {
    for (shell, marker) in [
        ("bash", "complete -o"),
        ("zsh", "#compdef incubator"),
        (
            "fish",
            "complete --keep-order --exclusive --command incubator",
        ),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", show(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("COMPLETE"),
            "{shell} asks incubator: {script}"
        );
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("tcsh"), "{}", show(&out));
}

fn run(args: &[&str]) -> Output {
    Sandbox::new()
        .bare()
        .args(args)
        .output()
        .expect("run incubator")
}

#[test]
fn the_manual_page_is_written_and_man_renders_it() {
    let sandbox = Sandbox::new();
    let folder = sandbox.path("man1");
    std::fs::create_dir(&folder).expect("a folder");
    let out = sandbox
        .bare()
        .args(["manpage", "-o"])
        .arg(&folder)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", show(&out));
    let page = folder.join("incubator.1");
    assert!(stderr(&out).contains("incubator.1"), "{}", show(&out));
    let roff = std::fs::read_to_string(&page).expect("incubator.1 written");
    assert!(roff.contains(".TH incubator 1"), "{roff}");
    // To standard output, the same page.
    let printed = run(&["manpage"]);
    assert_eq!(stdout(&printed), roff);
    // No such folder: refused, nothing written.
    let out = run(&["manpage", "-o", "/nonexistent-folder"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("no such folder"), "{}", show(&out));

    if !have("man") {
        eprintln!("skipped rendering with man -l: man is not installed");
        return;
    }
    let rendered = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("run man");
    assert!(rendered.status.success(), "{}", show(&rendered));
    let text = stdout(&rendered);
    for part in ["NAME", "SYNOPSIS", "completions", "manpage", "--config"] {
        assert!(text.contains(part), "{part} in:\n{text}");
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn unit() -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/incubator.service");
    let text = std::fs::read_to_string(&path).expect("packaging/incubator.service");
    (path, text)
}

#[test]
fn the_systemd_unit_is_hardened_and_verifies() {
    let (_, text) = unit();
    for line in [
        "User=incubator",
        "StateDirectory=incubator",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "Restart=on-failure",
        "ExecStart=/usr/bin/incubator serve ",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "{line} in:\n{text}"
        );
    }
    if !have("systemd-analyze") {
        eprintln!("skipped systemd-analyze verify: systemd-analyze is not installed");
        return;
    }
    // The unit as installed, its binary the one built here (verify checks
    // that each command is there and executable).
    let sandbox = Sandbox::new();
    let copy = sandbox.path("incubator.service");
    let built = bin();
    let built = built.to_str().expect("a UTF-8 path");
    std::fs::write(&copy, text.replace("/usr/bin/incubator", built)).expect("write");
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .expect("run systemd-analyze");
    assert!(out.status.success(), "{}", show(&out));
    // It exits 0 on an unknown key or a bad value, and says so.
    assert_eq!(stderr(&out), "", "systemd-analyze's warnings");
}

#[test]
fn config_says_where_each_setting_came_from() {
    let sandbox = Sandbox::new();
    let file = sandbox.write(
        "chosen.toml",
        "display_name = \"Aysel Hüseynova\"\nbackups_kept = 7\n\n[keys]\nquit = [\"Ctrl-q\"]\n",
    );
    let out = sandbox.run(&["--config".as_ref(), file.as_os_str(), "config".as_ref()]);
    assert!(out.status.success(), "{}", show(&out));
    let text = stdout(&out);
    let row = |setting: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(setting))
            .unwrap_or_else(|| panic!("{setting} in:\n{text}"))
            .to_string()
    };
    let shown = file.display().to_string();
    assert!(
        row("config").contains(&shown) && row("config").ends_with("--config"),
        "{text}"
    );
    assert!(row("database").ends_with("--db"), "{text}");
    assert!(row("display_name").contains("Aysel Hüseynova"), "{text}");
    assert!(
        row("display_name").ends_with(&format!("{shown}:1")),
        "{text}"
    );
    assert!(
        row("backups_kept").ends_with(&format!("{shown}:2")),
        "{text}"
    );
    assert!(row("keys.quit").ends_with(&format!("{shown}:5")), "{text}");
    assert!(row("export_folder").ends_with("default"), "{text}");

    // $INCUBATOR_CONFIG and $INCUBATOR_DB, said as such.
    let env_file = sandbox.write("env.toml", "export_folder = \"/srv/reports\"\n");
    let out = sandbox
        .bare()
        .arg("config")
        .env("INCUBATOR_CONFIG", &env_file)
        .env("INCUBATOR_DB", sandbox.db())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("config file") && l.ends_with("$INCUBATOR_CONFIG")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("database") && l.ends_with("$INCUBATOR_DB")),
        "{text}"
    );
    let env_shown = format!("{}:1", env_file.display());
    assert!(
        text.lines().any(|l| l.starts_with("export_folder")
            && l.contains("/srv/reports")
            && l.ends_with(&env_shown)),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("display_name") && l.contains("tester (your login name)")),
        "{text}"
    );

    // Every unknown key, with its line; the known ones still shown.
    let bad = sandbox.write(
        "bad.toml",
        "display_name = \"Aysel\"\ncolour = true\n[theme]\ndark = 1\n",
    );
    let out = sandbox.run(&["--config".as_ref(), bad.as_os_str(), "config".as_ref()]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = stderr(&out);
    let bad_shown = bad.display();
    assert!(
        err.contains(&format!("{bad_shown}, line 2: unknown key `colour`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{bad_shown}, line 3: unknown key `theme`")),
        "{err}"
    );
    assert!(stdout(&out).contains("Aysel"), "{}", show(&out));
}

#[test]
fn the_config_flag_is_the_file_commands_read() {
    let sandbox = Sandbox::new();
    let made = sandbox.run(&["init"]);
    assert!(made.status.success(), "{}", show(&made));
    let file = sandbox.write("mine.toml", "display_name = \"Nigar Əliyeva\"\n");
    let out = sandbox.run(&[
        "--config".as_ref(),
        file.as_os_str(),
        "note".as_ref(),
        "s3".as_ref(),
        "From the chosen config.".as_ref(),
    ]);
    assert!(out.status.success(), "{}", show(&out));
    let notes = sandbox.run(&["list", "note"]);
    let listed = stdout(&notes);
    assert!(
        listed
            .lines()
            .any(|l| l.contains("Nigar Əliyeva") && l.contains("From the chosen config.")),
        "{listed}"
    );
    // A file named that is not there is a typo, refused before anything runs.
    let out = sandbox.run(&["--config", "/nonexistent/config.toml", "list", "cohort"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert_eq!(
        stderr(&out).trim(),
        "incubator: no config file at /nonexistent/config.toml (--config)"
    );
    let out = sandbox
        .cmd()
        .args(["list", "cohort"])
        .env("INCUBATOR_CONFIG", "/nonexistent/config.toml")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        stderr(&out).contains("($INCUBATOR_CONFIG)"),
        "{}",
        show(&out)
    );
}
