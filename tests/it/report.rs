//! `incubator report` through the real binary, on a small portfolio
//! worked out by hand: one cohort of 2023 (Jan–Jun), three startups
//! placed in it and one applicant.
//!
//! - s1 Nar Health: jobs 2 (2023-01-15) → 6 (2026-01-01), operating,
//!   a 100,000 seed round in 2025.
//! - s2 Kilim: jobs 3 (2023-02-01), closed 2024-01-31.
//! - s3 바다 로지스틱스: jobs 1 (2022-12-01, before the start) and 4
//!   (2024-06-01): its baseline is 4; acquired 2025-12-01.
//!
//! As of 2026-12-01: jobs 9 → 13 (+4); survival 2 of 3 after 1, 2 and
//! 3 years (Kilim closed within a year of the cohort's end).

use serde_json::{Value, json};

use crate::support::{Sandbox, assert_success, show, stderr, stdout};

fn doc() -> Value {
    let kpi = |date: &str, employees: u64| {
        json!({"date": date, "revenue": 1000.0, "customers": 10,
               "employees": employees, "funding_raised": 0.0})
    };
    let startup = |id: &str, name: &str, status: &str, kpis: Vec<Value>, outcome: Value| {
        let mut s = json!({"id": id, "name": name, "one_liner": "", "sector": "food",
               "stage": "mvp", "status": status, "cohort": "c1", "mentors": [],
               "founders": [{"name": "F", "email": "", "role": "CEO"}],
               "tags": [], "website": "", "kpis": kpis});
        if !outcome.is_null() {
            s["outcome"] = outcome;
        }
        s
    };
    json!({
        "format": "incubator-portfolio",
        "version": 2,
        "exported_at": "2026-12-01T18:00:00Z",
        "cohorts": [{"id": "c1", "name": "Spring 2023 Incubation", "program": "incubation",
                     "start": "2023-01-10", "end": "2023-06-30", "capacity": 10,
                     "description": ""}],
        // Aysel, the test server's mentor (m1), so her login is a mentor's.
        "mentors": [{"id": "m1", "name": "Aysel Hüseynova", "email": "", "organization": "",
                     "expertise": [], "languages": [], "capacity": 3}],
        "startups": [
            startup("s1", "Nar Health", "graduated",
                    vec![kpi("2023-01-15", 2), kpi("2026-01-01", 6)],
                    json!({"status": "operating", "date": null, "rounds": [
                        {"date": "2025-05-01", "kind": "seed", "amount": 100000.0,
                         "investors": ["Caspian Ventures"]}]})),
            startup("s2", "Kilim", "graduated", vec![kpi("2023-02-01", 3)],
                    json!({"status": "closed", "date": "2024-01-31", "rounds": []})),
            startup("s3", "바다 로지스틱스", "graduated",
                    vec![kpi("2022-12-01", 1), kpi("2024-06-01", 4)],
                    json!({"status": "acquired", "date": "2025-12-01", "rounds": []})),
            startup("s4", "Applicant Co", "applicant", vec![kpi("2023-02-01", 50)], Value::Null),
        ],
        "demo_days": [],
        "notes": []
    })
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.import_ok("portfolio.json", &doc());
    sandbox
}

fn cells<'a>(md: &'a str, section: &str, row: &str) -> Vec<&'a str> {
    let at = md
        .find(section)
        .unwrap_or_else(|| panic!("no {section} in\n{md}"));
    let line = md[at..]
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no {row} under {section} in\n{md}"));
    line.split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn the_report_counts_outcomes_survival_and_growth_from_the_baseline() {
    let sandbox = sandbox();
    let out = sandbox.run(&["report", "--to", "2026-12-01"]);
    assert_success(&out);
    let md = stdout(&out);
    assert!(
        md.starts_with("# Impact report\n\n- As of: 2026-12-01"),
        "{md}"
    );
    assert!(
        md.contains("- Startups: 3 in 1 cohort; outcome recorded for 3\n"),
        "{md}"
    );
    assert_eq!(
        cells(&md, "## Companies supported", "| **All**"),
        [
            "**All**",
            "3",
            "1",
            "1",
            "0",
            "1",
            "2 of 3 (67%)",
            "2 of 3 (67%)",
            "2 of 3 (67%)"
        ]
    );
    assert_eq!(
        cells(&md, "## Jobs", "| **All**"),
        ["**All**", "3", "9", "13", "+4", "3", "4", "±0"]
    );
    assert_eq!(
        cells(&md, "## Follow-on", "| **All**"),
        ["**All**", "100,000", "1", "100,000 *"]
    );
    let bada = cells(&md, "## Appendix", "| 바다 로지스틱스");
    assert!(
        bada.contains(&"acquired 2025-12-01") && bada.contains(&"4 → 4"),
        "{bada:?}"
    );
    assert!(
        !md.contains("Applicant Co"),
        "an applicant was counted:\n{md}"
    );
    assert!(stderr(&out).is_empty(), "{}", show(&out));
}

#[test]
fn nothing_dated_after_the_reports_day_counts() {
    let sandbox = sandbox();
    let out = sandbox.run(&["report", "--to", "2023-12-31"]);
    assert_success(&out);
    let md = stdout(&out);
    // Nar Health's 2026 snapshot, the round, the closing and the sale
    // are all later; no year has passed since the cohort's end. 바다's
    // only snapshot by then is from before the start: its baseline.
    assert_eq!(
        cells(&md, "## Companies supported", "| **All**"),
        ["**All**", "3", "3", "0", "0", "0", "—", "—", "—"]
    );
    assert_eq!(
        cells(&md, "## Jobs", "| **All**")[1..5],
        ["3", "6", "6", "±0"]
    );
    assert_eq!(cells(&md, "## Follow-on", "| **All**")[1], "0");
}

#[test]
fn the_same_database_and_day_write_the_same_file_and_a_folder_gets_its_name() {
    let sandbox = sandbox();
    let folder = sandbox.path("out");
    std::fs::create_dir_all(&folder).unwrap();
    for format in ["md", "csv", "json"] {
        let first = sandbox.path(&format!("first.{format}"));
        let out = sandbox.run(
            &[
                "report",
                "--to",
                "2026-12-01",
                "--by",
                "year",
                "--format",
                format,
                "-o",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([first.display().to_string()])
            .collect::<Vec<_>>(),
        );
        assert_success(&out);
        assert!(
            stderr(&out).starts_with(&format!(
                "Wrote the {} impact report as of 2026-12-01 (3 startups in 1 cohort, by year)",
                match format {
                    "md" => "Markdown",
                    "csv" => "CSV",
                    _ => "JSON",
                }
            )),
            "{}",
            show(&out)
        );
        let out = sandbox.run(&[
            "report".to_string(),
            "--to".into(),
            "2026-12-01".into(),
            "--by".into(),
            "year".into(),
            "--format".into(),
            format.into(),
            "-o".into(),
            format!("{}/", folder.display()),
        ]);
        assert_success(&out);
        let again = folder.join(format!("impact-report-2026-12-01-by-year.{format}"));
        assert_eq!(
            std::fs::read(&first).unwrap(),
            std::fs::read(&again).unwrap(),
            "{format}: the same report wrote other bytes"
        );
    }
    let csv = std::fs::read_to_string(folder.join("impact-report-2026-12-01-by-year.csv")).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        rows[0].starts_with("year,startups,fewer_than_3,operating,"),
        "{csv}"
    );
    assert!(rows[1].starts_with("2023,3,false,1,1,0,1,3,"), "{csv}");
    // By name within the group: Kilim, Nar Health, 바다.
    assert!(rows[1].ends_with(",s2 s1 s3"), "{csv}");
    assert!(rows[2].starts_with("All,3,"), "{csv}");
}

#[test]
fn a_wrong_day_or_grouping_is_refused_before_anything_is_read() {
    let sandbox = sandbox();
    for (args, message) in [
        (
            vec!["report", "--from", "2027-01-01", "--to", "2026-12-01"],
            "--from 2027-01-01 is after --to 2026-12-01: nothing would count",
        ),
        (vec!["report", "--to", "2026-13-01"], "--to:"),
        (
            vec!["report", "--by", "planet"],
            "unknown grouping \"planet\"",
        ),
    ] {
        let out = sandbox.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", show(&out));
        assert!(stdout(&out).is_empty(), "{}", show(&out));
    }
    let empty = Sandbox::new();
    let out = empty.run(&["report"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("no database at"), "{}", show(&out));
}

#[test]
fn the_workbook_is_refused_to_a_terminal_and_written_to_a_file_with_its_sheets() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    let sandbox = sandbox();
    let out = sandbox.run(&["report", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        stderr(&out).contains(
            "--format xlsx writes an Excel workbook, not text: name its file with -o FILE"
        ),
        "{}",
        show(&out)
    );
    assert!(out.stdout.is_empty(), "bytes reached the terminal");

    let file = sandbox.path("report.xlsx");
    let args = |file: &std::path::Path| {
        ["report", "--to", "2026-12-01", "--format", "xlsx", "-o"]
            .map(String::from)
            .into_iter()
            .chain([file.display().to_string()])
            .collect::<Vec<_>>()
    };
    let out = sandbox.run(&args(&file));
    assert_success(&out);
    assert!(
        stderr(&out).starts_with("Wrote the Excel impact report as of 2026-12-01"),
        "{}",
        show(&out)
    );
    let bytes = std::fs::read(&file).expect("the workbook");
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("calamine reads it");
    assert_eq!(
        book.sheet_names(),
        [
            "Report",
            "Companies",
            "Growth",
            "Follow-on",
            "Mentoring",
            "Founders by role",
            "Startups"
        ]
    );
    let companies = book.worksheet_range("Companies").expect("Companies");
    // The whole: 3 startups, their cohort ended a year ago or more, 2
    // survived a year, as numbers.
    let all = companies.rows().nth(2).expect("the All row");
    assert_eq!(all[0], Data::String("All".into()));
    assert_eq!(
        (&all[1], &all[8], &all[9]),
        (&Data::Float(3.0), &Data::Float(3.0), &Data::Float(2.0))
    );
    let appendix = book.worksheet_range("Startups").expect("Startups");
    let names: Vec<String> = appendix.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(names, ["Kilim", "Nar Health", "바다 로지스틱스"]);

    let again = sandbox.path("again.xlsx");
    assert_success(&sandbox.run(&args(&again)));
    assert_eq!(
        bytes,
        std::fs::read(&again).unwrap(),
        "the same report wrote other bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_ssh_staff_read_the_report_and_a_mentor_or_a_judge_is_refused() {
    use crate::support::ssh::{TestServer, exec};
    use incubator::workspace::{self, IfNew};

    let sandbox = Sandbox::with_db("portfolio");
    sandbox.import_ok("portfolio.json", &doc());
    let store = workspace::open(&sandbox.db(), IfNew::Empty)
        .expect("the imported database")
        .store;
    let Sandbox { dir, .. } = sandbox;
    let mut server = TestServer::serve(dir, store, |_| {}).await;
    let address = server.address();
    let (status, out, err) = exec(
        address,
        &server.keys.staff,
        "report --to 2026-12-01 --format csv",
    )
    .await;
    assert_eq!(status, 0, "{err}");
    let csv = String::from_utf8_lossy(&out);
    assert!(csv.contains("\r\nAll,3,false,"), "{csv}");
    // A workbook over SSH is the channel's output, for the user to redirect.
    let (status, out, err) = exec(
        address,
        &server.keys.staff,
        "report --to 2026-12-01 --format xlsx",
    )
    .await;
    assert_eq!(status, 0, "{err}");
    assert!(out.starts_with(b"PK"), "not a workbook");

    let (status, out, err) = exec(address, &server.keys.mentor, "report").await;
    assert_eq!(status, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(
        err,
        "incubator: refused: the impact report is for coordinators and staff\n"
    );
    let (status, _, err) = exec(address, &server.keys.judge, "report").await;
    assert_eq!(status, 2, "{err}");
    assert!(
        err.starts_with("incubator: refused: Orxan Qasımov is a judge"),
        "{err}"
    );
    server.stop().await;
}
