//! `incubator results DEMO_DAY` through the real binary, on a portfolio
//! imported from a version 2 file: the three formats, `--no-comments`,
//! `-o FILE`, xlsx without -o and an unknown demo day refused, a judge over SSH
//! (their day's results once closed, nothing else), and the same answer
//! from the full-screen view holding the database.

use serde_json::{Value, json};

use crate::support::ssh::{TestServer, exec};
use crate::support::{Sandbox, assert_success, show, stderr, stdout};
use crate::tui_pty::{InTerminal, wait_for_home};
use incubator::workspace::{self, IfNew};

/// Demo day d1 of cohort c1, Pitch ×2 and Product ×1, judged by Orxan
/// and 김민준. Nar Health: Orxan (8+5)/3 = 4.33, 김민준 3: score 3.67,
/// spread 1.33. Kilim: Orxan 5 alone: 5.00. 바다: nobody, unranked.
fn doc(closed: bool) -> Value {
    let startup = |id: &str, name: &str| {
        json!({"id": id, "name": name, "one_liner": "", "sector": "food", "stage": "mvp",
               "status": "active", "cohort": "c1", "mentors": [], "founders": [],
               "tags": [], "website": "", "kpis": []})
    };
    let score = |judge: &str, startup: &str, pitch: u8, product: u8, comment: &str| {
        json!({"judge": judge, "startup": startup,
               "scores": {"Pitch": pitch, "Product": product}, "comment": comment})
    };
    json!({
        "format": "incubator-portfolio",
        "version": 2,
        "exported_at": "2027-03-20T18:00:00Z",
        "cohorts": [{"id": "c1", "name": "Spring 2027 Acceleration", "program": "acceleration",
                     "start": "2027-01-10", "end": "2027-03-31", "capacity": 10, "description": ""}],
        "mentors": [],
        "startups": [startup("s1", "Nar Health"),
                     startup("s2", "Kilim\u{1b}]52;c;eA==\u{7}"),
                     startup("s3", "바다 로지스틱스")],
        "demo_days": [{
            "id": "d1", "cohort": "c1", "at": "2027-03-20T14:00:00+04:00",
            "venue": "INNOLAND hall",
            "pitches": [{"startup": "s1", "minutes": 10}, {"startup": "s2", "minutes": 10},
                        {"startup": "s3", "minutes": 10}],
            "investors": [], "notes": "",
            "criteria": [{"name": "Pitch", "weight": 2}, {"name": "Product", "weight": 1}],
            "judges": ["Orxan Qasımov", "김민준"],
            "scores": [score("Orxan Qasımov", "s1", 4, 5, "Clear ask."),
                       score("김민준", "s1", 3, 3, ""),
                       score("Orxan Qasımov", "s2", 5, 5, "=HYPERLINK(\"x\")")],
            "judging_closed": closed
        }],
        "notes": []
    })
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.import_ok("judged.json", &doc(true));
    sandbox
}

#[test]
fn markdown_ranks_the_pitches_with_each_judges_score_and_the_comments() {
    let sandbox = sandbox();
    let out = sandbox.run(&["results", "d1"]);
    assert_success(&out);
    let md = stdout(&out);
    for line in [
        "# Results: demo day d1, Spring 2027 Acceleration\n",
        "- Criteria (weight): Pitch ×2, Product ×1\n",
        "- Judges: Orxan Qasımov, 김민준\n",
        "- Judging: closed\n",
        "- Pitches: 3, 2 ranked\n",
        "| Rank | Startup",
        "|    1 | Kilim",
        "|  5.00 |   0.00 | 1 of 2 |          5.00 |      — |",
        "|    2 | Nar Health",
        "|  3.67 |   1.33 | 2 of 2 |          4.33 |   3.00 |",
        "|    — | 바다 로지스틱스",
        "## Comments\n",
        "### Nar Health\n\n- Orxan Qasımov: Clear ask.\n",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
    assert!(
        !md.contains('\u{1b}'),
        "an escape code reached the terminal"
    );
    assert!(stderr(&out).is_empty(), "{}", show(&out));
    // The founders' version: no comments at all.
    let out = sandbox.run(&["results", "d1", "--no-comments"]);
    assert_success(&out);
    let founders = stdout(&out);
    assert!(founders.contains("|    2 | Nar Health"), "{founders}");
    assert!(
        !founders.contains("Clear ask") && !founders.contains("Comments"),
        "{founders}"
    );
}

#[test]
fn csv_and_json_carry_a_column_or_an_entry_per_judge() {
    let sandbox = sandbox();
    let out = sandbox.run(&["results", "d1", "--format", "csv"]);
    assert_success(&out);
    let text = stdout(&out);
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Rank,Startup,Id,Score,Spread,Judges scored,Orxan Qasımov,김민준,Comments")
    );
    let kilim = lines.next().unwrap_or_default();
    assert!(kilim.starts_with("1,Kilim"), "{kilim}");
    assert!(
        kilim.ends_with(",s2,5.00,0.00,1 of 2,5.00,,\"Orxan Qasımov: =HYPERLINK(\"\"x\"\")\""),
        "{kilim}"
    );
    assert!(!kilim.contains('\u{1b}'), "{kilim:?}");
    assert_eq!(
        lines.next(),
        Some("2,Nar Health,s1,3.67,1.33,2 of 2,4.33,3.00,Orxan Qasımov: Clear ask.")
    );
    assert_eq!(lines.next(), Some(",바다 로지스틱스,s3,,,0 of 2,,,"));

    let out = sandbox.run(&["results", "d1", "--format", "json", "--no-comments"]);
    assert_success(&out);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["format"], "incubator-demo-day-results");
    assert_eq!(
        doc["demo_day"]["judges"],
        json!(["Orxan Qasımov", "김민준"])
    );
    let nar = &doc["pitches"][1];
    assert_eq!(nar["startup"]["id"], "s1");
    assert_eq!(
        (nar["rank"].clone(), nar["score"].clone()),
        (json!(2), json!(3.67))
    );
    assert_eq!(nar["judges"][1], json!({"judge": "김민준", "score": 3.0}));
    assert!(
        !stdout(&out).contains("comment"),
        "no comments: {}",
        stdout(&out)
    );
}

#[test]
fn an_output_file_is_written_whole_and_bad_requests_are_one_line() {
    let sandbox = sandbox();
    let file = sandbox.path("results.md");
    let path = file.to_str().expect("path");
    let out = sandbox.run(&["results", "d1", "--no-comments", "-o", path]);
    assert_success(&out);
    assert_eq!(
        stderr(&out),
        format!(
            "Wrote the Markdown results of demo day d1 (3 pitches, 2 ranked, without comments) to {path}.\n"
        )
    );
    assert!(
        std::fs::read_to_string(&file)
            .expect("written")
            .starts_with("# Results")
    );
    let out = sandbox.run(&["results", "d1", "-o", path]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    // A folder gets the file under the demo day's id.
    let dir = sandbox.dir.path().to_str().expect("dir").to_string();
    let out = sandbox.run(&[
        "results",
        "d1",
        "--format",
        "csv",
        "--no-comments",
        "-o",
        &dir,
    ]);
    assert_success(&out);
    assert!(
        sandbox.path("d1-results-founders.csv").is_file(),
        "{}",
        show(&out)
    );
    for (args, said) in [
        (
            &["results", "d1", "--format", "xlsx"][..],
            "incubator: --format xlsx writes an Excel workbook, not text: name its file with -o FILE\n",
        ),
        (
            &["results", "d9"][..],
            "incubator: no demo-day matches \"d9\"\n",
        ),
    ] {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        assert!(stdout(&out).is_empty(), "{}", show(&out));
        assert_eq!(stderr(&out), said, "{args:?}");
    }
}

#[test]
fn the_full_screen_view_holding_the_database_answers_alike() {
    let sandbox = sandbox();
    let free = sandbox.run(&["results", "d1", "--format", "csv"]);
    assert_success(&free);
    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    let held = sandbox.run(&["results", "d1", "--format", "csv"]);
    assert_eq!(
        (held.status.code(), &held.stdout, &held.stderr),
        (free.status.code(), &free.stdout, &free.stderr),
        "held vs free"
    );
    tui.send("q");
    tui.assert_clean_exit();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_judge_over_ssh_reads_their_days_results_once_closed_and_runs_nothing_else() {
    for closed in [false, true] {
        let sandbox = Sandbox::with_db("portfolio");
        sandbox.import_ok("judged.json", &doc(closed));
        let store = workspace::open(&sandbox.db(), IfNew::Empty)
            .expect("the imported database")
            .store;
        let Sandbox { dir, .. } = sandbox;
        let mut server = TestServer::serve(dir, store, |_| {}).await;
        let address = server.address();
        let judge = &server.keys.judge;
        let (status, out, err) = exec(address, judge, "results d1 --format csv").await;
        if closed {
            assert_eq!(status, 0, "{err}");
            assert!(String::from_utf8_lossy(&out).contains("2,Nar Health,s1,3.67"));
        } else {
            assert_eq!(status, 2, "{err}");
            assert!(out.is_empty());
            assert_eq!(
                err,
                "incubator: refused: judging of d1 is still open; a judge sees the results \
                 once the coordinator closes it\n"
            );
        }
        for command in [
            "search Nar",
            "show startup s1",
            "export all",
            "list startup",
            "check",
        ] {
            let (status, out, err) = exec(address, judge, command).await;
            assert_eq!(status, 2, "{command}: {err}");
            assert!(out.is_empty(), "{command}");
            assert!(
                err.starts_with("incubator: refused: Orxan Qasımov is a judge"),
                "{err}"
            );
        }
        server.stop().await;
    }
}
