//! `incubator ranking CALL` through the real binary, on a portfolio
//! imported from a version 2 file: the three formats, `-o FILE`, a call
//! that is not there or is ambiguous, xlsx without -o refused, a mentor refused over
//! SSH, and the same answer from the full-screen view holding the database.

use serde_json::{Value, json};

use crate::support::ssh::{TestServer, exec};
use crate::support::{Sandbox, assert_success, show, stderr, stdout};
use crate::tui_pty::{InTerminal, wait_for_home};
use incubator::workspace::{self, IfNew};

/// Cohort c2 with call1 (Team ×3, Market ×1) and an empty second call of
/// a like name. Nar Health: m1 5/5 and m2 4/4, m3 listed but silent.
/// Kilim: m1 3/3, m2 2/2. 김치 Labs: m3 declares a conflict. Every
/// reviewer has two counted reviews, so totals (5 4 3 2: mean 3.5, sd
/// √1.25) are measured against the call: Nar (1.5 + 0.5)/2/√1.25 = 0.89,
/// Kilim −0.89.
fn doc() -> Value {
    let mentor = |id: &str, name: &str| {
        json!({"id": id, "name": name, "email": "", "organization": "ABAD",
               "expertise": [], "languages": ["az"], "capacity": 3})
    };
    let application = |id: &str, name: &str, sector: &str, reviewers: &[&str]| {
        json!({"id": id, "call": "call1", "name": name, "one_liner": "", "sector": sector,
               "founders": [{"name": "Günay Rzayeva", "email": format!("{id}@example.az"), "role": "CEO"}],
               "answers": [], "submitted_at": "2026-12-03T11:20:00+04:00",
               "stage": "screening", "reviewers": reviewers, "startup": null})
    };
    let review = |id: &str, app: &str, reviewer: &str, team: u8, market: u8, conflict: bool| {
        json!({"id": id, "application": app, "reviewer": reviewer,
               "scores": {"Team": team, "Market": market}, "comment": "",
               "conflict": conflict, "at": "2026-12-05T10:00:00+04:00"})
    };
    json!({
        "format": "incubator-portfolio",
        "version": 2,
        "exported_at": "2026-12-07T09:30:00Z",
        "cohorts": [{"id": "c2", "name": "Spring 2027 Acceleration", "program": "acceleration",
                     "start": "2027-02-01", "end": "2027-06-30", "capacity": 10, "description": ""}],
        "mentors": [mentor("m1", "Aysel Hüseynova"), mentor("m2", "Orxan Qasımov"),
                    mentor("m3", "Leyla Məmmədova")],
        "startups": [], "demo_days": [], "notes": [],
        "calls": [
            {"id": "call1", "cohort": "c2", "name": "Spring 2027 open call",
             "opens": "2026-12-01", "closes": "2027-01-15",
             "criteria": [{"name": "Team", "weight": 3}, {"name": "Market", "weight": 1}],
             "questions": []},
            {"id": "call2", "cohort": "c2", "name": "Spring 2027 late call",
             "opens": "2027-01-16", "closes": "2027-01-31",
             "criteria": [{"name": "Team", "weight": 1}], "questions": []}
        ],
        "applications": [
            application("a1", "Nar Health", "healthtech", &["m1", "m2", "m3"]),
            application("a2", "Kilim\u{1b}]52;c;eA==\u{7}", "=HYPERLINK(\"x\")", &["m1", "m2"]),
            application("a3", "김치 Labs", "food", &["m3"]),
        ],
        "reviews": [
            review("r1", "a1", "m1", 5, 5, false),
            review("r2", "a1", "m2", 4, 4, false),
            review("r3", "a2", "m1", 3, 3, false),
            review("r4", "a2", "m2", 2, 2, false),
            review("r5", "a3", "m3", 1, 1, true),
        ]
    })
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.import_ok("call.json", &doc());
    sandbox
}

#[test]
fn markdown_is_the_default_with_the_call_the_counts_and_the_table() {
    let sandbox = sandbox();
    let out = sandbox.run(&["ranking", "Spring 2027 open call"]);
    assert_success(&out);
    let md = stdout(&out);
    for line in [
        "# Ranking: Spring 2027 open call\n",
        "- Cohort: Spring 2027 Acceleration\n",
        "- Open: 2026-12-01 – 2027-01-15\n",
        "- Criteria (weight): Team ×3, Market ×1\n",
        "- Applications: 3, 1 with no counted review yet\n",
        "- Reviews: 4 counted, 1 missing, 1 conflict declared\n",
        "| Rank | Application",
        "|    1 | Nar Health",
        "|  0.89 |     4.50 |   1.00 |  2 of 3 |         0 | screening |",
        "|    2 | Kilim",
        "| -0.89 |     2.50 |   1.00 |       2 |         0 | screening |",
        "|    — | 김치 Labs",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
    assert!(
        !md.contains('\u{1b}'),
        "an escape code reached the terminal"
    );
    assert!(stderr(&out).is_empty(), "{}", show(&out));
    // By id, and a fuzzy name, alike.
    let by_id = sandbox.run(&["ranking", "call1"]);
    assert_eq!(stdout(&by_id), md);
    let fuzzy = sandbox.run(&["ranking", "open call"]);
    assert_eq!(stdout(&fuzzy), md);
}

#[test]
fn csv_and_json_for_spreadsheets_and_scripts() {
    let sandbox = sandbox();
    let out = sandbox.run(&["ranking", "call1", "--format", "csv"]);
    assert_success(&out);
    let text = stdout(&out);
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "Rank,Application,Id,Sector,Score,Raw mean,Spread,Reviews,Missing reviews,Conflicts,Stage"
        )
    );
    assert_eq!(
        lines.next(),
        Some("1,Nar Health,a1,healthtech,0.89,4.50,1.00,2,1,0,screening")
    );
    let kilim = lines.next().unwrap_or_default();
    assert!(kilim.starts_with("2,Kilim"), "{kilim}");
    assert!(
        kilim.contains(",a2,\"'=HYPERLINK(\"\"x\"\")\",-0.89,"),
        "{kilim}"
    );
    assert!(!kilim.contains('\u{1b}'), "{kilim:?}");
    assert_eq!(lines.next(), Some(",김치 Labs,a3,food,,,,0,0,1,screening"));

    let out = sandbox.run(&["ranking", "call1", "--format", "json"]);
    assert_success(&out);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["format"], "incubator-call-ranking");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["call"]["id"], "call1");
    assert_eq!(doc["counts"]["applications"], 3);
    assert_eq!(doc["counts"]["reviews_missing"], 1);
    let ids: Vec<&str> = doc["applications"]
        .as_array()
        .expect("applications")
        .iter()
        .map(|a| a["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a1", "a2", "a3"]);
    assert_eq!(doc["applications"][1]["score"], -0.89);
    assert!(doc["applications"][2]["score"].is_null());
}

#[test]
fn an_output_file_is_written_whole_and_not_replaced_unasked() {
    let sandbox = sandbox();
    let file = sandbox.path("ranking.csv");
    let path = file.to_str().expect("path");
    let out = sandbox.run(&["ranking", "call1", "--format", "csv", "-o", path]);
    assert_success(&out);
    assert!(stdout(&out).is_empty(), "{}", show(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "Wrote the CSV ranking of Spring 2027 open call (3 applications, 2 ranked) to {path}.\n"
        )
    );
    let written = std::fs::read_to_string(&file).expect("the file");
    assert!(written.starts_with("Rank,Application,"), "{written}");
    // Again, as Markdown, without --force: refused, the CSV left.
    let out = sandbox.run(&["ranking", "call1", "-o", path]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("already exists (--force replaces it)"));
    assert_eq!(std::fs::read_to_string(&file).expect("the file"), written);
    let out = sandbox.run(&["ranking", "call1", "-o", path, "--force"]);
    assert_success(&out);
    assert!(
        std::fs::read_to_string(&file)
            .expect("the file")
            .starts_with("# Ranking")
    );
    // A folder gets the file under the call's name.
    let out = sandbox.run(&[
        "ranking",
        "call1",
        "--format",
        "json",
        "-o",
        sandbox.dir.path().to_str().expect("dir"),
    ]);
    assert_success(&out);
    assert!(
        sandbox.path("spring-2027-open-call-ranking.json").is_file(),
        "{}",
        show(&out)
    );
}

#[test]
fn an_unknown_or_ambiguous_call_and_xlsx_without_o_are_refused_with_one_line() {
    let sandbox = sandbox();
    for (args, said) in [
        (
            &["ranking", "Autumn intake"][..],
            "incubator: no call matches \"Autumn intake\"\n",
        ),
        (
            &["ranking", "call1", "--format", "xlsx"][..],
            "incubator: --format xlsx writes an Excel workbook, not text: name its file with -o FILE\n",
        ),
    ] {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        assert!(stdout(&out).is_empty(), "{}", show(&out));
        assert_eq!(stderr(&out), said, "{args:?}");
    }
    // Two calls named alike: both listed, with their ids.
    let out = sandbox.run(&["ranking", "Spring 2027"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let said = stderr(&out);
    assert!(said.contains("call1") && said.contains("call2"), "{said}");
    // xlsx is refused before any database is looked for.
    assert!(!sandbox.path("ranking.xlsx").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_over_ssh_is_refused_and_staff_get_the_ranking() {
    // The server's database is the doc's: m1 (the mentor signed in) has
    // reviewed Nar Health and Kilim.
    let sandbox = Sandbox::with_db("portfolio");
    sandbox.import_ok("call.json", &doc());
    let store = workspace::open(&sandbox.db(), IfNew::Empty)
        .expect("the imported database")
        .store;
    let Sandbox { dir, .. } = sandbox;
    let mut server = TestServer::serve(dir, store, |_| {}).await;
    let address = server.address();
    let (status, out, err) = exec(address, &server.keys.mentor, "ranking call1").await;
    assert_eq!(status, 2, "{err}");
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert_eq!(
        err,
        "incubator: refused: rankings are for coordinators and staff \
         (a reviewer sees others' scores only after their own review)\n"
    );
    // Staff read it, the call's name unquoted as ssh sends it.
    let (status, out, err) = exec(
        address,
        &server.keys.staff,
        "ranking Spring 2027 open call --format csv",
    )
    .await;
    assert_eq!(status, 0, "{err}");
    let csv = String::from_utf8_lossy(&out);
    assert!(
        csv.contains("\r\n1,Nar Health,a1,healthtech,0.89,4.50,1.00,2,1,0,screening\r\n"),
        "{csv}"
    );
    let (status, _, err) = exec(address, &server.keys.staff, "ranking call1 -o x.md").await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("leave out -o"), "{err}");
    server.stop().await;
}

#[test]
fn the_full_screen_view_holding_the_database_answers_alike() {
    let sandbox = sandbox();
    let free = sandbox.run(&["ranking", "call1", "--format", "csv"]);
    assert_success(&free);
    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    assert!(
        sandbox.db().join("incubator.sock").exists(),
        "the view listens"
    );
    let held = sandbox.run(&["ranking", "call1", "--format", "csv"]);
    assert_eq!(
        (held.status.code(), &held.stdout, &held.stderr),
        (free.status.code(), &free.stdout, &free.stderr),
        "held vs free"
    );
    tui.send("q");
    tui.assert_clean_exit();
}
