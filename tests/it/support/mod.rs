//! Helpers shared by the integration tests: temporary databases, running
//! the real binary, exporting, and the minimal valid interchange document;
//! `ssh` (a server in this process and russh clients) and `openssh` (the
//! binary reached with the OpenSSH client).
//!
//! Every command gets `--db` (or `INCUBATOR_DB`) pointing into a temporary
//! folder, and `HOME`/`XDG_CONFIG_HOME`/`XDG_DATA_HOME` pointing there too,
//! so no test can touch the real home (or read the real config) of
//! whoever runs them.

pub mod openssh;
pub mod screens;
pub mod ssh;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The `incubator` binary cargo built for these tests.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("incubator")
}

/// A temporary folder holding a database (`db`, not created until used)
/// and any files a test writes, with a home, config and data folder of its
/// own, so no test can touch the real ones of whoever runs them.
pub struct Sandbox {
    pub dir: TempDir,
    db: PathBuf,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox::with_db("db")
    }

    /// A sandbox whose database is the folder `name` in it.
    pub fn with_db(name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("incubator-test-")
            .tempdir()
            .expect("temporary folder");
        let db = dir.path().join(name);
        Sandbox { dir, db }
    }

    /// The database path (missing until a command creates it).
    pub fn db(&self) -> PathBuf {
        self.db.clone()
    }

    /// A path inside the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// What every command run here is given: this home, config and data
    /// folder, and a login name of its own.
    fn vars(&self) -> [(&'static str, PathBuf); 4] {
        [
            ("HOME", self.dir.path().to_path_buf()),
            ("XDG_CONFIG_HOME", self.path("config")),
            ("XDG_DATA_HOME", self.path("xdg-data")),
            ("USER", PathBuf::from("tester")),
        ]
    }

    /// The binary outside a terminal, with this sandbox's home and no
    /// `INCUBATOR_DB` (give `--db` yourself).
    pub fn plain(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.env_remove("INCUBATOR_DB").envs(self.vars());
        cmd
    }

    /// The binary for a pseudo-terminal, run in this folder with this
    /// sandbox's home and `INCUBATOR_DB` set to its database.
    pub fn pty(&self) -> portable_pty::CommandBuilder {
        let mut cmd = portable_pty::CommandBuilder::new(bin());
        self.pty_env(&mut cmd);
        cmd
    }

    /// This sandbox's folder, home and database for `cmd` in a
    /// pseudo-terminal.
    pub fn pty_env(&self, cmd: &mut portable_pty::CommandBuilder) {
        cmd.cwd(self.dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("INCUBATOR_DB", self.db());
        for (name, value) in self.vars() {
            cmd.env(name, value);
        }
    }

    /// The binary with a sandboxed environment, no colour and no `--db`.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::from_std(self.plain());
        cmd.env("NO_COLOR", "1");
        cmd
    }

    /// The binary with `--db <this env's db>` first.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--db").arg(self.db());
        cmd
    }

    /// Run with `--db <db>` and `args`.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.cmd().args(args).output().expect("run incubator")
    }

    /// Run with `--db <db>`, `args` and `input` on standard input.
    pub fn run_with_stdin<S: AsRef<OsStr>>(&self, args: &[S], input: &str) -> Output {
        self.cmd()
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .expect("run incubator")
    }

    /// Write `text` to a file in the temporary folder.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write test file");
        path
    }

    /// Write `doc` as pretty JSON to a file in the temporary folder.
    pub fn write_json(&self, name: &str, doc: &Value) -> PathBuf {
        self.write(name, &serde_json::to_string_pretty(doc).expect("json"))
    }

    /// `import FILE [--replace]` of `doc` written to `name`.
    pub fn import(&self, name: &str, doc: &Value, replace: bool) -> Output {
        let file = self.write_json(name, doc);
        self.import_file(&file, replace)
    }

    pub fn import_file(&self, file: &Path, replace: bool) -> Output {
        let mut args = vec![OsStr::new("import"), file.as_os_str()];
        if replace {
            args.push(OsStr::new("--replace"));
        }
        self.run(&args)
    }

    /// `import` that must succeed.
    pub fn import_ok(&self, name: &str, doc: &Value) {
        let out = self.import(name, doc, false);
        assert_success(&out);
    }

    /// `export all` of this env's database, without `exported_at`.
    pub fn export(&self) -> Value {
        export_all(&self.db())
    }

    /// `export all` as text, exactly as printed.
    pub fn export_text(&self) -> String {
        let out = self.run(&["export", "all"]);
        assert_success(&out);
        stdout(&out)
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

/// Run the binary with exactly `args` (give `--db` yourself). `INCUBATOR_DB`
/// is removed and the home folder points at a throwaway folder.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    let home = tempfile::tempdir().expect("temporary home");
    Command::new(bin())
        .env_remove("INCUBATOR_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("USER", "tester")
        .args(args)
        .output()
        .expect("run incubator")
}

/// `export all` of the database at `db`, parsed, with `exported_at` removed.
pub fn export_all(db: &Path) -> Value {
    let out = run(&[
        OsStr::new("--db"),
        db.as_os_str(),
        OsStr::new("export"),
        OsStr::new("all"),
    ]);
    assert_success(&out);
    without_exported_at(&stdout(&out))
}

/// Parse an export and drop its `exported_at`.
pub fn without_exported_at(text: &str) -> Value {
    let mut value: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("export is not JSON ({e}):\n{text}"));
    let removed = value
        .as_object_mut()
        .expect("export is an object")
        .remove("exported_at");
    assert!(removed.is_some(), "the export has no exported_at:\n{text}");
    value
}

/// Remove `exported_at` from a document (for comparing with an export).
pub fn strip_exported_at(mut doc: Value) -> Value {
    doc.as_object_mut().expect("object").remove("exported_at");
    doc
}

/// A version 1 document as it comes back out of an export: version 2,
/// with the program year's sections empty (a v1 file imports as a v2 one
/// that has none), and no `exported_at`.
pub fn exported_as_v2(doc: Value) -> Value {
    let mut doc = strip_exported_at(doc);
    let object = doc.as_object_mut().expect("object");
    object.insert("version".into(), 2.into());
    for section in [
        "calls",
        "applications",
        "reviews",
        "milestones",
        "office_hours",
    ] {
        object
            .entry(section)
            .or_insert_with(|| Value::Array(Vec::new()));
    }
    // A demo day not judged.
    for day in doc["demo_days"].as_array_mut().into_iter().flatten() {
        let day = day.as_object_mut().expect("demo day");
        for list in ["criteria", "judges", "scores"] {
            day.entry(list).or_insert_with(|| Value::Array(Vec::new()));
        }
        day.entry("judging_closed").or_insert(Value::Bool(false));
    }
    doc
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// The number in the environment variable `name` (rounds, seeds), if
/// set; a value that is not a number stops the test.
pub fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

/// Output bytes as text, whatever they hold.
pub fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Both streams, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `out`, from `incubator ARGS`, exited 0; the command and both streams in
/// the panic if not.
pub fn assert_ran(out: &Output, args: &[&str]) {
    assert!(
        out.status.success(),
        "incubator {}:\n{}",
        args.join(" "),
        show(out)
    );
}

pub fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "expected success\n{}",
        show(out)
    );
}

pub fn assert_code(out: &Output, expected: i32) {
    assert_eq!(
        out.status.code(),
        Some(expected),
        "expected exit {expected}\n{}",
        show(out)
    );
}

/// The problem lines of an import refusal: the indented lines after the
/// first line, without their indentation.
pub fn problem_lines(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .skip(1)
        .map(|l| {
            l.strip_prefix("  ")
                .unwrap_or_else(|| panic!("problem line not indented: {l:?}\n{}", show(out)))
                .to_string()
        })
        .collect()
}

/// The minimal valid document of DESIGN.md: cohort c1, mentor m1, startup
/// s1 (in c1, mentored by m1, one founder, one KPI), demo day d1 (s1
/// pitches) and note n1.
pub fn valid_doc() -> Value {
    json!({
        "format": "incubator-portfolio",
        "version": 1,
        "exported_at": "2026-11-28T09:30:00Z",
        "cohorts": [{
            "id": "c1", "name": "Spring 2026 Acceleration", "program": "acceleration",
            "start": "2026-03-02", "end": "2026-06-26", "capacity": 12, "description": ""
        }],
        "mentors": [{
            "id": "m1", "name": "Aysel Hüseynova", "email": "aysel@example.az",
            "organization": "ABAD", "expertise": ["fintech"], "languages": ["az", "en"],
            "capacity": 3
        }],
        "startups": [{
            "id": "s1", "name": "Şəbəkə Pay", "one_liner": "Payments for village shops",
            "sector": "fintech", "stage": "mvp", "status": "active", "cohort": "c1",
            "mentors": ["m1"],
            "founders": [{"name": "Kim Min-jun", "email": "", "role": "CTO"}],
            "tags": ["payments"], "website": "",
            "kpis": [{
                "date": "2026-05-01", "revenue": 1200.0, "customers": 40,
                "employees": 5, "funding_raised": 50000.0
            }]
        }],
        "demo_days": [{
            "id": "d1", "cohort": "c1", "at": "2026-06-25T15:00:00+04:00",
            "venue": "INNOLAND hall", "pitches": [{"startup": "s1", "minutes": 5}],
            "investors": ["Caspian Ventures"], "notes": ""
        }],
        "notes": [{
            "id": "n1", "startup": "s1", "author": "Aysel Hüseynova", "kind": "session",
            "created_at": "2026-05-02T10:00:00+04:00", "body": "Pricing review.\nNext: pilot."
        }]
    })
}

/// A version 2 document: [`valid_doc`] with a second cohort, two more
/// mentors, and a call to that cohort with three applications and three
/// reviews, a milestone, two office hours and the demo day judged (the
/// example of DESIGN.md's "The program year", made whole).
pub fn valid_v2_doc() -> Value {
    let mut doc = valid_doc();
    doc["version"] = json!(2);
    doc["cohorts"].as_array_mut().expect("cohorts").push(json!({
        "id": "c2", "name": "Spring 2027 Incubation", "program": "incubation",
        "start": "2027-03-01", "end": "2027-06-25", "capacity": 2, "description": ""
    }));
    let mentors = doc["mentors"].as_array_mut().expect("mentors");
    for (id, name) in [("m2", "Rəşad Nəbiyev"), ("m3", "Gülnarə Əsgərova")] {
        mentors.push(
            json!({"id": id, "name": name, "email": "", "organization": "",
                            "expertise": [], "languages": ["az"], "capacity": 3}),
        );
    }
    doc["calls"] = json!([{
        "id": "call1", "cohort": "c2", "name": "Spring 2027 open call",
        "opens": "2026-12-01", "closes": "2027-01-15",
        "criteria": [{"name": "Team", "weight": 3}, {"name": "Market", "weight": 2},
                     {"name": "Traction", "weight": 1}],
        "questions": ["What problem do you solve?", "Who pays for it?"]
    }]);
    let application = |id: &str, name: &str, founder: &str, email: &str, stage: &str| {
        json!({"id": id, "call": "call1", "name": name, "one_liner": format!("{name} in one line"),
               "sector": "healthtech",
               "founders": [{"name": founder, "email": email, "role": "CEO"}],
               "answers": ["Clinics lose a third of visits…", "Clinics, per visit"],
               "submitted_at": "2026-12-03T11:20:00+04:00", "stage": stage,
               "reviewers": ["m1", "m3"], "startup": null})
    };
    doc["applications"] = json!([
        application(
            "a1",
            "Nar Health",
            "Günay Rzayeva",
            "gunay@example.az",
            "screening"
        ),
        application(
            "a2",
            "바다 로지스틱스",
            "Park Ji-ho",
            "jiho@example.kr",
            "interview"
        ),
        application(
            "a3",
            "Kilim Online",
            "Lalə Məmmədova",
            "lale@example.az",
            "withdrawn"
        ),
    ]);
    let review = |id: &str, application: &str, reviewer: &str, team: u8, conflict: bool| {
        json!({"id": id, "application": application, "reviewer": reviewer,
               "scores": {"Market": 3, "Team": team, "Traction": 2}, "comment": "Strong CEO.",
               "conflict": conflict, "at": "2026-12-05T10:00:00+04:00"})
    };
    doc["reviews"] = json!([
        review("r1", "a1", "m1", 4, false),
        review("r2", "a1", "m3", 5, false),
        review("r3", "a2", "m3", 2, true),
    ]);
    let day = &mut doc["demo_days"][0];
    day["criteria"] = json!([{"name": "Pitch", "weight": 2}, {"name": "Product", "weight": 1}]);
    day["judges"] = json!(["Orxan Qasımov", "Ji-woo Han"]);
    day["scores"] = json!([{"judge": "Orxan Qasımov", "startup": "s1",
                            "scores": {"Pitch": 4, "Product": 3}, "comment": "Clear ask."}]);
    day["judging_closed"] = json!(false);
    doc["milestones"] = json!([{"id": "ms1", "startup": "s1", "title": "First paying pilot",
                                "due": "2027-02-28", "done": null, "notes": ["n1"]}]);
    doc["office_hours"] = json!([
        {"id": "oh1", "mentor": "m1", "starts_at": "2027-01-12T10:00:00+04:00", "minutes": 30,
         "place": "INNOLAND room 2", "startup": "s1", "topic": "Pricing"},
        {"id": "oh2", "mentor": "m1", "starts_at": "2027-01-12T10:30:00+04:00", "minutes": 30,
         "place": "https://meet.example/aysel", "startup": null, "topic": ""}
    ]);
    doc
}

/// The valid document with every id (and reference) prefixed, so it can
/// sit in a database next to [`valid_doc`] without colliding.
pub fn valid_doc_prefixed(prefix: &str) -> Value {
    let mut doc = valid_doc();
    let p = |id: &Value| json!(format!("{prefix}{}", id.as_str().expect("id")));
    for section in ["cohorts", "mentors", "startups", "demo_days", "notes"] {
        for record in doc[section].as_array_mut().expect("section") {
            record["id"] = p(&record["id"]);
        }
    }
    // Cohort names are one a cohort, like ids.
    let c = &mut doc["cohorts"][0];
    c["name"] = json!(format!("{prefix} {}", c["name"].as_str().expect("name")));
    let s = &mut doc["startups"][0];
    s["cohort"] = p(&s["cohort"]);
    s["mentors"][0] = p(&s["mentors"][0]);
    s["name"] = json!(format!("{prefix} Şəbəkə Pay"));
    let d = &mut doc["demo_days"][0];
    d["cohort"] = p(&d["cohort"]);
    d["pitches"][0]["startup"] = p(&d["pitches"][0]["startup"]);
    let n = &mut doc["notes"][0];
    n["startup"] = p(&n["startup"]);
    doc
}
