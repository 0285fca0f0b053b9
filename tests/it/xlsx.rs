//! Excel workbooks (`--format xlsx -o FILE`) through the real binary, read
//! back by two independent readers: `calamine` (cells and their types)
//! and Python's `openpyxl` (`.ci/run` installs it: bold frozen header,
//! number formats, column widths). The same database writes the same
//! bytes; without `-o` a workbook is refused; over SSH it is the channel's
//! standard output, and the full-screen view holding the database writes
//! the same file.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

use crate::support::ssh::{TestServer, exec};
use crate::support::{Sandbox, assert_success, show, stderr, stdout, valid_v2_doc};
use crate::tui_pty::{InTerminal, wait_for_home};
use incubator::workspace::{self, IfNew};

/// Eight Hangul syllables and eight Latin letters: names of one length,
/// twice as wide on screen.
const HANGUL: &str = "가나다라마바사아";
const LATIN: &str = "Abcdefgh";

/// The program year's document, s1 (cohort c1) renamed in Hangul, a
/// startup of a Latin name as long in c2, and a name that looks like a
/// formula.
fn doc() -> Value {
    let mut doc = valid_v2_doc();
    doc["startups"][0]["name"] = json!(HANGUL);
    let mut latin = doc["startups"][0].clone();
    latin["id"] = json!("s2");
    latin["name"] = json!(LATIN);
    latin["cohort"] = json!("c2");
    let mut formula = latin.clone();
    formula["id"] = json!("s3");
    formula["name"] = json!("=HYPERLINK(\"http://x\",\"y\")");
    formula["cohort"] = json!("c1");
    let startups = doc["startups"].as_array_mut().expect("startups");
    startups.push(latin);
    startups.push(formula);
    doc
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.import_ok("year.json", &doc());
    sandbox
}

/// `incubator ARGS -o NAME` in the sandbox: the file's bytes.
fn written(sandbox: &Sandbox, args: &[&str], name: &str) -> Vec<u8> {
    let path = sandbox.path(name);
    let path_text = path.to_string_lossy().into_owned();
    let mut all = args.to_vec();
    all.extend(["-o", &path_text]);
    let out = sandbox.run(&all);
    assert_success(&out);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sheets(bytes: &[u8]) -> Vec<(String, calamine::Range<Data>)> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine reads the workbook");
    book.worksheets()
}

fn sheet<'a>(
    sheets: &'a [(String, calamine::Range<Data>)],
    name: &str,
) -> &'a calamine::Range<Data> {
    &sheets
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name:?}"))
        .1
}

/// What `support/read_xlsx.py` (openpyxl) saw of the workbook at `path`.
fn seen_by_openpyxl(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/read_xlsx.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("the xlsx tests need python3 with openpyxl ({e})"));
    assert!(
        out.status.success(),
        "openpyxl could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}

fn openpyxl_sheet<'a>(seen: &'a Value, name: &str) -> &'a Value {
    seen["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name:?} in {seen}"))
}

#[test]
fn a_cohort_summary_reads_back_with_its_sheets_cells_and_types() {
    let sandbox = sandbox();
    let bytes = written(
        &sandbox,
        &[
            "export",
            "cohort",
            "c1",
            "--format",
            "xlsx",
            "--as-of",
            "2026-11-28",
        ],
        "c1.xlsx",
    );
    let sheets = sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cohort",
            "Totals",
            "By stage",
            "By status",
            "Startups",
            "Milestones",
            "KPIs",
            "Notes",
            "Demo days",
            "Pitches",
            "Mentors"
        ]
    );
    let startups = sheet(&sheets, "Startups");
    assert_eq!(startups.get((0, 0)), Some(&Data::String("Startup".into())));
    // A formula-looking name is text, as typed.
    let names: Vec<&Data> = startups.rows().skip(1).map(|r| &r[0]).collect();
    assert!(names.contains(&&Data::String(HANGUL.into())), "{names:?}");
    assert!(
        names.contains(&&Data::String("=HYPERLINK(\"http://x\",\"y\")".into())),
        "{names:?}"
    );
    // The KPIs: a date is a date, revenue and customers numbers.
    let kpis = sheet(&sheets, "KPIs");
    let row = kpis
        .rows()
        .find(|r| r[0] == Data::String(HANGUL.into()))
        .expect("s1's KPIs");
    assert!(row[1].is_datetime(), "{:?}", row[1]);
    assert_eq!(
        row[1].as_date(),
        chrono::NaiveDate::from_ymd_opt(2026, 5, 1)
    );
    assert_eq!(row[2], Data::Float(1200.0));
    assert_eq!(row[3], Data::Float(40.0));
}

#[test]
fn openpyxl_sees_a_bold_frozen_header_number_formats_and_wider_hangul_columns() {
    let sandbox = sandbox();
    for (cohort, name) in [("c1", "c1.xlsx"), ("c2", "c2.xlsx")] {
        written(
            &sandbox,
            &[
                "export",
                "cohort",
                cohort,
                "--format",
                "xlsx",
                "--as-of",
                "2026-11-28",
            ],
            name,
        );
    }
    let hangul = seen_by_openpyxl(&sandbox.path("c1.xlsx"));
    let latin = seen_by_openpyxl(&sandbox.path("c2.xlsx"));
    assert_eq!(hangul["created"], "2026-11-28T00:00:00", "{hangul}");
    for sheet in hangul["sheets"].as_array().expect("sheets") {
        assert_eq!(sheet["freeze_panes"], "A2", "{}", sheet["name"]);
        let bold = sheet["header_bold"].as_array().expect("header");
        assert!(
            !bold.is_empty() && bold.iter().all(|b| b == true),
            "{sheet}"
        );
    }
    // Formats: a count #,##0, money #,##0.00, a day yyyy-mm-dd.
    let kpis = openpyxl_sheet(&hangul, "KPIs");
    let row = kpis["cells"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r[0][2] == HANGUL)
        .expect("s1's row");
    assert_eq!(
        (&row[1][0], &row[1][1]),
        (&json!("d"), &json!("yyyy-mm-dd")),
        "{row}"
    );
    assert_eq!(row[2], json!(["n", "#,##0.00", "1200"]), "{row}");
    assert_eq!(row[3], json!(["n", "#,##0", "40"]), "{row}");
    assert_eq!(row[5], json!(["n", "#,##0.00", "50000"]), "{row}");
    let startups = openpyxl_sheet(&hangul, "Startups");
    let formula = startups["cells"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r[1][2] == "s3")
        .expect("s3's row");
    assert_eq!(formula[0][0], "s", "a text cell, not a formula: {formula}");
    // One name length, twice the width: the Hangul name's column is wider.
    let width = |seen: &Value| {
        openpyxl_sheet(seen, "Startups")["widths"]["A"]
            .as_f64()
            .expect("column A's width")
    };
    assert!(
        width(&hangul) > width(&latin) + 6.0,
        "{} vs {}",
        width(&hangul),
        width(&latin)
    );
}

#[test]
fn a_ranking_and_results_go_into_a_folder_under_their_names_with_figures_as_numbers() {
    let sandbox = sandbox();
    let folder = sandbox.path("out");
    std::fs::create_dir(&folder).expect("a folder");
    let folder_text = folder.to_string_lossy().into_owned();
    for args in [
        &["ranking", "call1", "--format", "xlsx", "-o", &folder_text][..],
        &["results", "d1", "--format", "xlsx", "-o", &folder_text][..],
    ] {
        let out = sandbox.run(args);
        assert_success(&out);
        assert!(
            stderr(&out).starts_with("Wrote the Excel "),
            "{}",
            show(&out)
        );
        assert!(stdout(&out).is_empty(), "{}", show(&out));
    }
    let ranking =
        std::fs::read(folder.join("spring-2027-open-call-ranking.xlsx")).expect("ranking");
    let ranking = sheets(&ranking);
    let table = sheet(&ranking, "Ranking");
    let nar = table
        .rows()
        .find(|r| r[1] == Data::String("Nar Health".into()))
        .expect("Nar Health's row");
    assert_eq!(nar[0], Data::Float(1.0));
    assert!(matches!(nar[4], Data::Float(_)), "the score: {:?}", nar[4]);
    assert_eq!(nar[7], Data::Float(2.0));

    let results = std::fs::read(folder.join("d1-results.xlsx")).expect("results");
    let results = sheets(&results);
    let table = sheet(&results, "Results");
    let header: Vec<String> = table
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Rank",
            "Startup",
            "Id",
            "Score",
            "Spread",
            "Judges scored",
            "Orxan Qasımov",
            "Ji-woo Han",
            "Comments"
        ]
    );
    assert_eq!(table.get((1, 6)), Some(&Data::Float(11.0 / 3.0)));
    assert_eq!(
        table.get((1, 8)),
        Some(&Data::String("Orxan Qasımov: Clear ask.".into()))
    );
}

#[test]
fn the_same_database_and_day_write_the_same_bytes() {
    let sandbox = sandbox();
    let summary = [
        "export",
        "cohort",
        "c1",
        "--format",
        "xlsx",
        "--as-of",
        "2026-11-28",
    ];
    let ranking = ["ranking", "call1", "--format", "xlsx"];
    let results = ["results", "d1", "--format", "xlsx"];
    for (n, args) in [&summary[..], &ranking[..], &results[..]]
        .into_iter()
        .enumerate()
    {
        let one = written(&sandbox, args, &format!("{n}-one.xlsx"));
        let two = written(&sandbox, args, &format!("{n}-two.xlsx"));
        assert!(one == two, "{args:?}: two writes differ");
    }
}

#[test]
fn without_o_a_workbook_is_refused_before_any_database_and_nothing_is_printed() {
    let sandbox = Sandbox::new();
    for args in [
        &["export", "cohort", "c1", "--format", "xlsx"][..],
        &["ranking", "call1", "--format", "xlsx"][..],
        &["results", "d1", "--format", "xlsx"][..],
    ] {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        assert!(out.stdout.is_empty(), "{args:?}: bytes on standard output");
        assert_eq!(
            stderr(&out),
            "incubator: --format xlsx writes an Excel workbook, not text: name its file with -o FILE\n",
            "{args:?}"
        );
    }
    assert!(!sandbox.db().exists(), "no database made or looked for");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_ssh_the_workbook_is_standard_output_and_the_same_bytes() {
    let sandbox = Sandbox::with_db("portfolio");
    sandbox.import_ok("year.json", &doc());
    let here = written(
        &sandbox,
        &[
            "export",
            "cohort",
            "c1",
            "--format",
            "xlsx",
            "--as-of",
            "2026-11-28",
        ],
        "here.xlsx",
    );
    let store = workspace::open(&sandbox.db(), IfNew::Empty)
        .expect("the imported database")
        .store;
    let Sandbox { dir, .. } = sandbox;
    let mut server = TestServer::serve(dir, store, |_| {}).await;
    let (status, out, err) = exec(
        server.address(),
        &server.keys.staff,
        "export cohort c1 --format xlsx --as-of 2026-11-28",
    )
    .await;
    assert_eq!(status, 0, "{err}");
    assert!(
        out == here,
        "the bytes over SSH differ from the file written here"
    );
    server.stop().await;
}

#[test]
fn the_full_screen_view_holding_the_database_writes_the_same_workbook() {
    let sandbox = sandbox();
    let args = ["results", "d1", "--format", "xlsx"];
    let free = written(&sandbox, &args, "free.xlsx");
    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    let held = written(&sandbox, &args, "held.xlsx");
    assert!(free == held, "held vs free");
    tui.send("q");
    tui.assert_clean_exit();
}
