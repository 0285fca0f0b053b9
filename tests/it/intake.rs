//! `incubator intake CALL FILE.csv` through the real binary, on CSV files
//! made by hand as each form tool writes them (`fixtures/intake/`): Google
//! Forms in English and Azerbaijani, Typeform with its own columns,
//! Microsoft Forms saved by Excel in a Russian locale (`;`, a BOM, CRLF),
//! Korean headers and answers, a quoted answer over two lines. What each
//! file makes is read back with `export all`; then `--map`, `--dry-run`,
//! problems, duplicates, a file that is no CSV, and a kill -9 mid-intake.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Sandbox, assert_success, show, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures/intake")
        .join(name)
}

/// A cohort, `c4`, and one call to it, `call1`, with no applications (the
/// sample's own call is left out: its applications are not these tests').
fn with_call() -> Sandbox {
    let sandbox = Sandbox::new();
    assert_success(&sandbox.run(&["init", "--empty"]));
    sandbox.import_ok(
        "call.json",
        &json!({
            "format": "incubator-portfolio",
            "version": 2,
            "cohorts": [{
                "id": "c4", "name": "Spring 2027 Acceleration", "program": "acceleration",
                "start": "2027-03-01", "end": "2027-06-25", "capacity": 12
            }],
            "calls": [{
                "id": "call1", "cohort": "c4", "name": "Spring 2027 open call",
                "opens": "2026-12-01", "closes": "2027-01-15",
                "criteria": [{"name": "Team", "weight": 3}, {"name": "Market", "weight": 2}],
                "questions": ["What problem do you solve?", "Who pays for it?"]
            }]
        }),
    );
    sandbox
}

/// `intake ARGS…` in Baku's time zone (a time with no offset is local).
fn intake(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandbox
        .cmd()
        .env("TZ", "Asia/Baku")
        .arg("intake")
        .args(args)
        .output()
        .expect("run incubator")
}

fn intake_file(sandbox: &Sandbox, file: &Path) -> Output {
    intake(sandbox, &["call1", file.to_str().expect("a UTF-8 path")])
}

fn applications(sandbox: &Sandbox) -> Vec<Value> {
    sandbox.export()["applications"]
        .as_array()
        .expect("applications")
        .clone()
}

fn questions(sandbox: &Sandbox) -> Vec<String> {
    sandbox.export()["calls"][0]["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q.as_str().expect("a question").to_string())
        .collect()
}

/// The application named `name`.
fn named(apps: &[Value], name: &str) -> Value {
    apps.iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no application {name:?} in {apps:#?}"))
        .clone()
}

#[test]
fn google_forms_in_english_answers_the_calls_questions() {
    let sandbox = with_call();
    let out = intake_file(&sandbox, &fixture("google_en.csv"));
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "a1\trow 2\tCaspian Freight\na2\trow 3\tLedgerly\na3\trow 4\tSoil Sense\n\
         Made 3 applications to Spring 2027 open call (call1)\n"
    );
    let apps = applications(&sandbox);
    assert_eq!(apps.len(), 3);
    let ledgerly = named(&apps, "Ledgerly");
    assert_eq!(ledgerly["id"], "a2");
    assert_eq!(ledgerly["call"], "call1");
    assert_eq!(ledgerly["one_liner"], "Bookkeeping for market stalls");
    assert_eq!(ledgerly["sector"], "fintech");
    assert_eq!(
        ledgerly["founders"],
        json!([{"name": "Tom Baker", "email": "tom@example.com", "role": ""}])
    );
    assert_eq!(
        ledgerly["answers"],
        json!([
            "Stall owners keep no books, so banks lend them nothing.",
            "The stall owners, monthly"
        ])
    );
    assert_eq!(ledgerly["submitted_at"], "2026-12-03T15:08:04+04:00");
    assert_eq!(ledgerly["stage"], "received");
    assert_eq!(ledgerly["reviewers"], json!([]));
    assert_eq!(ledgerly["startup"], Value::Null);
    // Every header was a question already: none added.
    assert_eq!(
        questions(&sandbox),
        ["What problem do you solve?", "Who pays for it?"]
    );
}

#[test]
fn google_forms_in_azerbaijani_adds_its_questions_and_keeps_a_two_line_answer() {
    let sandbox = with_call();
    let out = intake_file(&sandbox, &fixture("google_az.csv"));
    assert_success(&out);
    assert!(
        stdout(&out).ends_with(
            "Added 2 questions to Spring 2027 open call (call1): \"Hansı problemi həll edirsiniz?\", \"Müştəriniz kimdir?\"\n\
             Made 2 applications to Spring 2027 open call (call1)\n"
        ),
        "{}",
        show(&out)
    );
    assert_eq!(
        questions(&sandbox),
        [
            "What problem do you solve?",
            "Who pays for it?",
            "Hansı problemi həll edirsiniz?",
            "Müştəriniz kimdir?"
        ]
    );
    let nar = named(&applications(&sandbox), "Nar Sağlıq");
    assert_eq!(nar["founders"][0]["name"], "Günay Rzayeva");
    assert_eq!(nar["founders"][0]["email"], "gunay@example.az");
    assert_eq!(nar["sector"], "healthtech");
    assert_eq!(
        nar["answers"],
        json!([
            "",
            "",
            "Klinikalar vizitlərin üçdə birini itirir.\nXəstələr yadından çıxarır, SMS xatırlatma yoxdur.",
            "Klinikalar, hər vizit üçün"
        ])
    );
}

#[test]
fn typeforms_own_columns_are_left_out_and_its_times_are_utc() {
    let sandbox = with_call();
    assert_success(&intake_file(&sandbox, &fixture("typeform.csv")));
    // #, Start Date, Network ID and Tags are no questions.
    assert_eq!(
        questions(&sandbox),
        ["What problem do you solve?", "Who pays for it?"]
    );
    let orbit = named(&applications(&sandbox), "Orbit Kitchens");
    assert_eq!(orbit["one_liner"], "Shared kitchens for delivery brands");
    assert_eq!(orbit["submitted_at"], "2026-12-06T07:20:00Z");
    assert_eq!(orbit["founders"][0]["email"], "chef@orbit.example");
    assert_eq!(
        orbit["answers"],
        json!([
            "Restaurants cannot afford a second kitchen, so they cannot grow delivery.",
            "Delivery brands"
        ])
    );
}

#[test]
fn microsoft_forms_saved_by_excel_with_semicolons_and_a_bom() {
    let sandbox = with_call();
    let file = fixture("microsoft_ru_excel.csv");
    assert!(std::fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let out = intake_file(&sandbox, &file);
    assert_success(&out);
    assert_eq!(
        questions(&sandbox).last().map(String::as_str),
        Some("Какую проблему вы решаете?")
    );
    let apps = applications(&sandbox);
    let dom = named(&apps, "Тёплый Дом");
    assert_eq!(dom["founders"][0]["name"], "Иван Петров");
    assert_eq!(dom["sector"], "proptech");
    // Completion time, a local time in Baku; the ; inside quotes stays.
    assert_eq!(dom["submitted_at"], "2026-12-03T10:31:00+04:00");
    assert_eq!(
        dom["answers"][2],
        "Счета за отопление; никто не знает, куда уходит тепло."
    );
    assert_eq!(apps.len(), 2);
}

#[test]
fn korean_headers_and_answers() {
    let sandbox = with_call();
    assert_success(&intake_file(&sandbox, &fixture("korean.csv")));
    let bada = named(&applications(&sandbox), "바다마켓");
    assert_eq!(bada["one_liner"], "수산물 직거래 앱");
    assert_eq!(bada["founders"][0]["name"], "김민준");
    assert_eq!(bada["founders"][0]["email"], "minjun@example.kr");
    assert_eq!(bada["submitted_at"], "2026-12-03T15:08:04+04:00");
    assert_eq!(
        bada["answers"][2],
        "어민은 중간 유통 때문에 제값을 받지 못합니다."
    );
    let out = sandbox.run(&["show", "application", "바다마켓"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains("어떤 문제를 해결하나요?"),
        "{}",
        show(&out)
    );
}

#[test]
fn a_map_names_the_column_the_guess_missed() {
    let sandbox = with_call();
    let file = sandbox.write(
        "brand.csv",
        "Brand,E-poçt,Hansı problemi həll edirsiniz?\nNar Sağlıq,gunay@example.az,Növbələr\n",
    );
    let path = file.to_str().unwrap();
    let out = intake(&sandbox, &["call1", path]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "incubator: {path}: no column is the startup's name; its columns are A \"Brand\", B \"E-poçt\", \
             C \"Hansı problemi həll edirsiniz?\"; say which with --map name=\"COLUMN\"\n"
        )
    );
    let out = intake(&sandbox, &["call1", path, "--map", "name=brand"]);
    assert_success(&out);
    let nar = named(&applications(&sandbox), "Nar Sağlıq");
    assert_eq!(nar["founders"][0]["email"], "gunay@example.az");

    let out = intake(&sandbox, &["call1", path, "--map", "startup=Brand"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no field \"startup\"; the fields are name, one_liner, sector, founder_name, founder_email, founder_role, submitted_at"),
        "{}",
        show(&out)
    );
    let out = intake(&sandbox, &["call1", path, "--map", "name=Şirkət"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("--map: no column \"Şirkət\" in the header; its columns are A \"Brand\""),
        "{}",
        show(&out)
    );
}

#[test]
fn a_dry_run_prints_what_would_be_made_and_writes_nothing() {
    let sandbox = with_call();
    let before = sandbox.export();
    let out = intake_file_dry(&sandbox, &fixture("google_az.csv"));
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "row 2\tNar Sağlıq\tgunay@example.az\t\"Klinikalar vizitlərin üçdə birini itiri…S xatırlatma yoxdur.\" | \"Klinikalar, hər vizit üçün\"\n\
         row 3\tKəlağayı Dizayn\telvin@example.az\t\"Ustaların məhsulu xaricə çatmır.\" | \"Xaricdəki alıcılar\"\n\
         Would add 2 questions to Spring 2027 open call (call1): \"Hansı problemi həll edirsiniz?\", \"Müştəriniz kimdir?\"\n\
         Would make 2 applications to Spring 2027 open call (call1) (dry run: nothing written)\n"
    );
    assert_eq!(sandbox.export(), before);
}

fn intake_file_dry(sandbox: &Sandbox, file: &Path) -> Output {
    intake(sandbox, &["call1", file.to_str().unwrap(), "--dry-run"])
}

#[test]
fn every_problem_is_listed_with_its_row_and_column_and_nothing_is_written() {
    let sandbox = with_call();
    let before = sandbox.export();
    let file = sandbox.write(
        "bad.csv",
        "Timestamp,Email,Startup,New question\n\
         2026-12-03 10:00,a@x.az,Fine One,yes\n\
         2026-12-03 10:00,not-an-email,,yes\n\
         last Tuesday,b@x.az,Fine Two,no\n",
    );
    let out = intake_file(&sandbox, &file);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        format!(
            "row 3, column B (Email): \"not-an-email\" is not an email address\n\
             row 3, column C (Startup): must not be empty\n\
             row 4, column A (Timestamp): \"last Tuesday\" is not a time this reads \
             (say 2026-12-03 11:20, 2026/12/03 11:20:00 AM GMT+4, 12/3/2026 11:20:00, 03.12.2026 11:20)\n\
             incubator: {}: 3 problems; nothing made\n",
            file.display()
        )
    );
    // Nor the call's new question.
    assert_eq!(sandbox.export(), before);
}

#[test]
fn duplicates_in_the_store_and_in_the_file_are_left_out_by_row() {
    let sandbox = with_call();
    assert_success(&intake_file(&sandbox, &fixture("google_en.csv")));
    let file = sandbox.write(
        "again.csv",
        "Timestamp,Email Address,Company name\n\
         2026/12/08 10:00:00 AM GMT+4,Tom@Example.com,LEDGERLY\n\
         2026/12/08 10:01:00 AM GMT+4,new@example.com,Kilim Works\n\
         2026/12/08 10:02:00 AM GMT+4,NEW@example.com,kilim works \n\
         2026/12/08 10:03:00 AM GMT+4,other@example.com,Ledgerly\n",
    );
    let out = intake_file(&sandbox, &file);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "a4\trow 3\tKilim Works\n\
         a5\trow 5\tLedgerly\n\
         row 2: LEDGERLY is already there (a2), same founder email and name; left out\n\
         row 4: kilim works is already there (row 3), same founder email and name; left out\n\
         Made 2 applications to Spring 2027 open call (call1); 2 duplicates left out: rows 2, 4\n"
    );
    assert_eq!(applications(&sandbox).len(), 5);
}

#[test]
fn a_file_that_is_no_csv_gets_one_clear_line() {
    let sandbox = with_call();
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "latin1.csv",
            b"Startup,Email\nNar,a@x.az\n\xC7ay Evi,b@x.az\n",
            "is not UTF-8 text (line 3); export it again as \"CSV UTF-8\"",
        ),
        (
            "empty.csv",
            b"\xEF\xBB\xBF\r\n",
            "is empty; a header row and one row an application are needed",
        ),
        (
            "headless.csv",
            b";;\nNar;a@x.az;yes\n",
            "has no header row: its first row is empty; the first row must name the columns",
        ),
    ];
    for (name, bytes, said) in cases {
        let file = sandbox.path(name);
        std::fs::write(&file, bytes).unwrap();
        let out = intake_file(&sandbox, &file);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        assert_eq!(
            stderr(&out),
            format!("incubator: {} {said}\n", file.display())
        );
    }
    let out = intake(
        &sandbox,
        &["Spring 2027", fixture("korean.csv").to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a write never lands on a guess: {}",
        show(&out)
    );
    assert!(applications(&sandbox).is_empty());
}

/// A CSV of `rows` applications named `PREFIX n`.
fn large_csv(prefix: &str, rows: usize) -> String {
    let mut text = String::from(
        "Timestamp,Email Address,Company name,Sector,What problem do you solve?,Who pays for it?\n",
    );
    for n in 0..rows {
        text.push_str(&format!(
            "2026/12/03 11:20:00 AM GMT+4,founder{n}@example.com,{prefix} {n},fintech,\"Problem {n},\nwith a second line\",Customers\n"
        ));
    }
    text
}

#[test]
fn kill_9_during_a_large_intake_leaves_all_or_none() {
    // About 0.7 s to make in a debug build: the kills below land before,
    // during and after the write.
    const ROWS: usize = 3000;
    let sandbox = with_call();
    let mut seen_none = false;
    let mut seen_all = false;
    // Kills from early (reading) to late (the write and its flush).
    for (round, delay_ms) in [150u64, 300, 450, 600, 750, 900, 1050, 1200]
        .into_iter()
        .enumerate()
    {
        let prefix = format!("Round{round}");
        let file = sandbox.write(&format!("{prefix}.csv"), &large_csv(&prefix, ROWS));
        let mut child = sandbox
            .plain()
            .arg("--db")
            .arg(sandbox.db())
            .args(["intake", "call1"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start intake");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let check = sandbox.run(&["check"]);
        assert_success(&check);
        let made = applications(&sandbox)
            .iter()
            .filter(|a| {
                a["name"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with(&format!("{prefix} "))
            })
            .count();
        assert!(
            made == 0 || made == ROWS,
            "round {round}: {made} of {ROWS} applications after a kill at {delay_ms} ms"
        );
        if status.success() {
            assert_eq!(made, ROWS, "round {round} said it was done");
        }
        seen_none |= made == 0;
        seen_all |= made == ROWS;
    }
    eprintln!("kill -9 mid-intake: none left in some round: {seen_none}, all in some: {seen_all}");
}

#[test]
fn intake_runs_in_the_full_screen_view_holding_the_database() {
    use crate::tui_pty::{InTerminal, wait_for_home};
    let sandbox = with_call();
    std::fs::copy(fixture("korean.csv"), sandbox.path("responses.csv")).unwrap();
    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    assert!(
        sandbox.db().join("incubator.sock").exists(),
        "the view listens"
    );
    // A relative path, from the caller's folder: the holder reads it there.
    let out = sandbox
        .cmd()
        .env("TZ", "Asia/Baku")
        .current_dir(sandbox.dir.path())
        .args(["intake", "call1", "responses.csv"])
        .output()
        .expect("run incubator");
    assert_success(&out);
    assert!(
        stdout(&out).ends_with("Made 2 applications to Spring 2027 open call (call1)\n"),
        "{}",
        show(&out)
    );
    tui.send("q");
    tui.assert_clean_exit();
    let apps = applications(&sandbox);
    assert_eq!(
        named(&apps, "온돌랩")["founders"][0]["email"],
        "seoyeon@example.kr"
    );
}
