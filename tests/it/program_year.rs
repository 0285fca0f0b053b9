//! The program year's first part through the real binary: calls,
//! applications and reviews in the interchange format (version 2; a
//! version 1 file still imports: tests/it/import_rules.rs), their rules,
//! `list` and `show` of them, and `accept`.

use serde_json::{Value, json};

use crate::support::*;

#[test]
fn a_version_2_document_survives_the_round_trip() {
    let env = Sandbox::new();
    let out = env.import("year.json", &valid_v2_doc(), false);
    assert_success(&out);
    assert!(
        stderr(&out).contains(
            "Imported 2 cohorts, 1 startup, 3 mentors, 1 demo day, 1 note, 1 call, 3 applications, 3 reviews, 1 milestone, 2 office hours"
        ),
        "{}",
        show(&out)
    );
    let exported = env.export_text();
    assert_eq!(
        without_exported_at(&exported),
        strip_exported_at(valid_v2_doc())
    );
    // Imported into an empty database and exported again: the same text.
    let again = Sandbox::new();
    let file = again.write("exported.json", &exported);
    assert_success(&again.import_file(&file, false));
    let exported_again = again.export_text();
    let without_time = |text: &str| {
        text.lines()
            .filter(|l| !l.contains("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_time(&exported), without_time(&exported_again));
}

#[test]
fn the_program_years_rules_are_checked_on_import_all_at_once() {
    let env = Sandbox::new();
    let mut doc = valid_v2_doc();
    doc["calls"][0]["closes"] = json!("2026-11-30");
    doc["calls"][0]["criteria"][1]["weight"] = json!(0);
    doc["applications"][0]["reviewers"] = json!(["m1", "m1"]);
    doc["applications"][1]["call"] = json!("call9");
    doc["applications"][2]["stage"] = json!("maybe");
    doc["reviews"][0]["scores"]["Team"] = json!(6);
    doc["reviews"][1]["scores"]
        .as_object_mut()
        .unwrap()
        .remove("Market");
    doc["reviews"][1]["scores"]["Charm"] = json!(3);
    doc["reviews"][2]["application"] = json!("a1");
    doc["reviews"][2]["reviewer"] = json!("m1");
    let out = env.import("broken.json", &doc, false);
    assert_code(&out, 2);
    assert_eq!(
        problem_lines(&out),
        [
            "call call1, closes: 2026-11-30 is before it opens, 2026-12-01",
            "call call1, criteria[1].weight: must be a whole number from 1 to 100",
            "application a1, reviewers: lists m1 twice",
            "application a2, call: refers to call \"call9\", which does not exist",
            "application a3, stage: unknown value \"maybe\" (expected one of received, screening, interview, accepted, rejected, waitlisted, withdrawn)",
            "review r1, scores.Team: 6 is out of range (scores are whole numbers from 1 to 5)",
            "review r2, scores: has no score for \"Market\"",
            "review r2, scores.Charm: \"Charm\" is not one of call1's criteria",
            "review r3, reviewer: m1 already reviewed a1 in r1",
        ],
        "{}",
        show(&out)
    );
    // Nothing was imported: there is still no database.
    assert!(!env.db().exists());
}

#[test]
fn list_and_show_print_calls_applications_and_reviews() {
    let env = Sandbox::new();
    env.import_ok("year.json", &valid_v2_doc());
    let out = env.run(&["list", "call"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "call1\tSpring 2027 open call\tSpring 2027 Incubation\t2026-12-01 to 2027-01-15\t3 applications\n"
    );
    let out = env.run(&["list", "review"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "r1\tNar Health\tAysel Hüseynova\t3.33\t\n\
         r2\tNar Health\tGülnarə Əsgərova\t3.83\t\n\
         r3\t바다 로지스틱스\tGülnarə Əsgərova\t2.33\tconflict\n"
    );
    let out = env.run(&["show", "application", "Nar Health"]);
    assert_success(&out);
    let text = stdout(&out);
    for line in [
        "application a1",
        "Call       Spring 2027 open call (call1)",
        "Stage      screening",
        "Founder    Günay Rzayeva, CEO <gunay@example.az>",
        "Reviewers  Aysel Hüseynova (m1), Gülnarə Əsgərova (m3)",
        "Answer     What problem do you solve?: Clinics lose a third of visits…",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
}

/// `accept` on the v2 document: what it printed, and the portfolio after.
fn accepted(env: &Sandbox, args: &[&str]) -> (std::process::Output, Value) {
    let mut all = vec!["accept"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    (out, env.export())
}

#[test]
fn accept_makes_a_startup_in_the_calls_cohort_and_links_it() {
    let env = Sandbox::new();
    env.import_ok("year.json", &valid_v2_doc());
    let (out, doc) = accepted(&env, &["Nar Health"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "Accepted Nar Health (a1): startup s2 in Spring 2027 Incubation (c2)\n"
    );
    assert_eq!(stderr(&out), "");
    let startup = &doc["startups"][1];
    assert_eq!(startup["id"], "s2");
    assert_eq!(startup["name"], "Nar Health");
    assert_eq!(startup["one_liner"], "Nar Health in one line");
    assert_eq!(startup["sector"], "healthtech");
    assert_eq!(startup["cohort"], "c2");
    assert_eq!(startup["status"], "active");
    assert_eq!(
        startup["founders"],
        json!([{"name": "Günay Rzayeva", "email": "gunay@example.az", "role": "CEO"}])
    );
    assert_eq!(doc["applications"][0]["stage"], "accepted");
    assert_eq!(doc["applications"][0]["startup"], "s2");

    // Again: nothing more is made.
    let (out, again) = accepted(&env, &["a1"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "Accepted before: Nar Health (a1): startup s2 in Spring 2027 Incubation (c2)\n"
    );
    assert_eq!(again, doc);
}

#[test]
fn accept_warns_when_the_cohort_is_over_its_places() {
    let env = Sandbox::new();
    let mut doc = valid_v2_doc();
    doc["cohorts"][1]["capacity"] = json!(1);
    env.import_ok("year.json", &doc);
    let (out, doc) = accepted(&env, &["a1", "a2"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "Accepted Nar Health (a1): startup s2 in Spring 2027 Incubation (c2)\n\
         Accepted 바다 로지스틱스 (a2): startup s3 in Spring 2027 Incubation (c2)\n"
    );
    assert_eq!(
        stderr(&out),
        "warning: Spring 2027 Incubation now has 2 startups for 1 place (1 over)\n"
    );
    assert_eq!(doc["startups"].as_array().unwrap().len(), 3);
}

#[test]
fn accept_refuses_a_guess_or_a_withdrawn_application_and_writes_nothing() {
    let env = Sandbox::new();
    env.import_ok("year.json", &valid_v2_doc());
    let before = env.export();
    // The first is exact, the second a guess: neither is accepted.
    let (out, after) = accepted(&env, &["a1", "Nar"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).starts_with("incubator: no application is named \"Nar\"; nothing saved."),
        "{}",
        show(&out)
    );
    assert!(stderr(&out).contains("a1  Nar Health"), "{}", show(&out));
    assert_eq!(after, before);

    let (out, after) = accepted(&env, &["Kilim Online"]);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out),
        "incubator: 1 problem:\n  application a3, stage: was withdrawn by the applicant; move it to another stage before accepting it\n"
    );
    assert_eq!(after, before);
}

/// With the full-screen view open on the Calls tab, `accept` from another
/// shell runs in the view's process: the same line printed, and the tab
/// shows the acceptance at once.
#[test]
fn accept_runs_in_the_view_holding_the_database_and_the_calls_tab_follows() {
    use crate::tui_pty::{InTerminal, wait_for_home};
    use std::time::Duration;
    let env = Sandbox::new();
    env.import_ok("year.json", &valid_v2_doc());
    let mut tui = env.launch(100, 30);
    wait_for_home(&tui);
    tui.send("6");
    tui.wait_for("Spring 2027 open call", Duration::from_secs(10));
    tui.wait_for("(0/2 places)", Duration::from_secs(10));
    let out = env.run(&["accept", "Nar Health"]);
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "Accepted Nar Health (a1): startup s2 in Spring 2027 Incubation (c2)\n"
    );
    tui.wait_for("(1/2 places)", Duration::from_secs(10));
    tui.wait_for("accepted 1", Duration::from_secs(10));
    tui.send("q");
    tui.assert_clean_exit();
    assert_eq!(env.export()["applications"][0]["startup"], "s2");
}

#[test]
fn search_says_it_does_not_cover_applications_rather_than_finding_none() {
    let env = Sandbox::new();
    env.import_ok("year.json", &valid_v2_doc());
    let out = env.run(&["search", "nar", "--kind", "application"]);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out),
        "incubator: search covers startups, cohorts, mentors, demo days and notes; applications are listed by `incubator list application` and on the Calls tab (6)\n"
    );
}

/// A startup's outcome (what became of the company, with its funding
/// rounds) comes back out as it went in; a startup without one has no
/// `outcome` key, so documents without outcomes read the same as before.
#[test]
fn a_startups_outcome_survives_the_round_trip() {
    let env = Sandbox::new();
    let mut doc = valid_v2_doc();
    let outcome = json!({"status": "acquired", "date": "2027-09-01", "rounds": [
        {"date": "2027-03-01", "kind": "seed", "amount": 250000.0,
         "investors": ["Caspian Ventures", "Bakı Angels"]}]});
    doc["startups"][0]["outcome"] = outcome.clone();
    env.import_ok("outcome.json", &doc);
    let exported = env.export();
    assert_eq!(exported["startups"][0]["outcome"], outcome);
    let text = env.run(&["show", "startup", "s1"]);
    assert_success(&text);
    assert!(
        stdout(&text)
            .contains("Outcome    acquired on 2027-09-01, 250000 raised after the program")
            && stdout(&text)
                .contains("Round      2027-03-01: seed 250000 from Caspian Ventures, Bakı Angels"),
        "{}",
        show(&text)
    );
    let plain = Sandbox::new();
    plain.import_ok("plain.json", &valid_v2_doc());
    assert!(plain.export()["startups"][0].get("outcome").is_none());
}

/// An outcome keeps its rules on import: a day when acquired, listed or
/// closed and none while operating, rounds with a kind and an amount.
#[test]
fn the_rules_of_an_outcome_are_checked_on_import() {
    let env = Sandbox::new();
    let mut doc = valid_v2_doc();
    doc["startups"][0]["outcome"] = json!({"status": "closed", "date": null, "rounds": [
        {"date": "2027-03-01", "kind": "", "amount": -5.0, "investors": []},
        {"date": "2027-03-32", "kind": "seed", "amount": 1.0, "investors": []}]});
    let out = env.import("broken.json", &doc, false);
    assert_code(&out, 2);
    assert_eq!(
        problem_lines(&out),
        [
            "startup s1, outcome.rounds[1].date: \"2027-03-32\" is not a real date",
            "startup s1, outcome.date: is missing: the day it was closed",
            "startup s1, outcome.rounds[0].kind: must not be empty",
            "startup s1, outcome.rounds[0].amount: must be a number of 0 or more, not -5",
        ]
    );
    doc["startups"][0]["outcome"] = json!({"status": "operating", "date": "2027-01-01"});
    let out = env.import("operating.json", &doc, false);
    assert_eq!(
        problem_lines(&out),
        ["startup s1, outcome.date: an operating company has no outcome date"]
    );
    assert!(!env.db().exists(), "nothing made");
}

/// Milestones, office hours and judging keep their rules on import: a
/// score by a judge the day does not list, of a startup that does not
/// pitch, out of range; a slot of no known mentor; a milestone's note
/// that is not there.
#[test]
fn the_rules_of_milestones_office_hours_and_judging_are_checked_on_import() {
    let env = Sandbox::new();
    let mut doc = valid_v2_doc();
    doc["demo_days"][0]["scores"] = json!([{"judge": "Kim", "startup": "s9",
                                             "scores": {"Pitch": 6}, "comment": ""}]);
    doc["office_hours"][0]["mentor"] = json!("m9");
    doc["office_hours"][1]["minutes"] = json!(0);
    doc["milestones"][0]["notes"] = json!(["n9"]);
    let out = env.import("broken.json", &doc, false);
    assert_code(&out, 2);
    assert_eq!(
        problem_lines(&out),
        [
            "demo-day d1, scores[0].judge: \"Kim\" is not one of the day's judges",
            "demo-day d1, scores[0].startup: s9 does not pitch on this day",
            "demo-day d1, scores[0].scores.Pitch: 6 is out of range (scores are whole numbers from 1 to 5)",
            "milestone ms1, notes: refers to note \"n9\", which does not exist",
            "office-hour oh1, mentor: refers to mentor \"m9\", which does not exist",
            "office-hour oh2, minutes: must be between 5 and 480",
        ]
    );
    assert!(!env.db().exists(), "nothing made");
}
