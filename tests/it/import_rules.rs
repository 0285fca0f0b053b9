//! `incubator import`: one test per rule of the interchange format. Each
//! broken file is imported into a database that already holds records,
//! and must be refused with exit 2, a message naming kind, id and field,
//! and the database exactly as it was.

use std::process::Output;

use crate::support::*;
use serde_json::{Value, json};

/// A database already holding the valid document under other ids
/// (`rc1`, `rm1`, `rs1`, `rd1`, `rn1`).
fn resident() -> Sandbox {
    let env = Sandbox::new();
    env.import_ok("resident.json", &valid_doc_prefixed("r"));
    env
}

/// Import `text` into a database that holds something; assert exit 2 and
/// an unchanged database; return the output and the file's path as shown.
fn refused_text(text: &str) -> (Output, String) {
    let env = resident();
    let before = env.export();
    let file = env.write("broken.json", text);
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    assert!(out.stdout.is_empty(), "nothing on stdout\n{}", show(&out));
    let after = env.export();
    assert_eq!(before, after, "a refused import changed the database");
    (out, file.display().to_string())
}

fn refused(doc: &Value) -> (Output, String) {
    refused_text(&serde_json::to_string_pretty(doc).unwrap())
}

/// The refusal lists exactly `problems`, under the usual first line.
fn assert_problems(doc: &Value, problems: &[&str]) {
    let (out, file) = refused(doc);
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or_default();
    let count = match problems.len() {
        1 => "1 problem:".to_string(),
        n => format!("{n} problems:"),
    };
    assert_eq!(
        first,
        format!("incubator: {file}: nothing imported; {count}"),
        "\n{}",
        show(&out)
    );
    assert_eq!(problem_lines(&out), problems, "\n{}", show(&out));
}

#[test]
fn malformed_json_is_refused() {
    let (out, file) = refused_text(
        r#"{"format": "incubator-portfolio", "version": 1, "cohorts": [{"id": "c1",, }]}"#,
    );
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("incubator: {file}: not valid JSON: ")),
        "{err}"
    );
    assert!(err.contains("line 1 column"), "says where: {err}");
    assert!(err.trim_end().ends_with("nothing imported"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn truncated_json_is_refused() {
    let text = serde_json::to_string_pretty(&valid_doc()).unwrap();
    let half: String = text.chars().take(text.chars().count() / 2).collect();
    let (out, file) = refused_text(&half);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "incubator: {file}: not valid JSON: it ends too soon, at line"
        )),
        "{err}"
    );
    assert!(
        err.contains("(is the file complete?); nothing imported"),
        "{err}"
    );
}

#[test]
fn empty_file_is_refused() {
    let (out, file) = refused_text("");
    assert!(
        stderr(&out).starts_with(&format!("incubator: {file}: not valid JSON")),
        "{}",
        show(&out)
    );
}

#[test]
fn not_utf8_is_refused() {
    let env = resident();
    let before = env.export();
    let mut bytes = serde_json::to_vec(&valid_doc()).unwrap();
    bytes.splice(10..10, [0xff, 0xfe]);
    let file = env.path("latin.json");
    std::fs::write(&file, bytes).unwrap();
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "incubator: {}: not UTF-8 text (byte 10 is not valid); nothing imported",
            file.display()
        )
    );
    assert_eq!(before, env.export());
}

#[test]
fn missing_file_is_refused() {
    let env = resident();
    let before = env.export();
    let file = env.path("no-such.json");
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out).trim_end(),
        format!("incubator: cannot read {}: no such file", file.display())
    );
    assert_eq!(before, env.export());
}

#[test]
fn unknown_format_version_is_refused() {
    let mut doc = valid_doc();
    doc["version"] = json!(3);
    let (out, file) = refused(&doc);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "incubator: {file}: not an incubator portfolio: format version 3 is not supported \
             (this incubator reads versions 1 and 2); nothing imported"
        )
    );
}

#[test]
fn missing_version_is_refused() {
    let mut doc = valid_doc();
    doc.as_object_mut().unwrap().remove("version");
    let (out, _) = refused(&doc);
    assert!(
        stderr(&out).contains("not an incubator portfolio: \"version\" is missing"),
        "{}",
        show(&out)
    );
}

#[test]
fn wrong_format_is_refused() {
    let mut doc = valid_doc();
    doc["format"] = json!("trello-board");
    let (out, file) = refused(&doc);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "incubator: {file}: not an incubator portfolio: \"format\" is \"trello-board\", \
             expected \"incubator-portfolio\"; nothing imported"
        )
    );
    let (out, _) = refused(&json!([valid_doc()]));
    assert!(
        stderr(&out).contains("not an incubator portfolio: the document must be a JSON object"),
        "{}",
        show(&out)
    );
}

#[test]
fn duplicate_id_is_refused() {
    let mut doc = valid_doc();
    let mut twin = doc["startups"][0].clone();
    twin["name"] = json!("Another Pay");
    doc["startups"].as_array_mut().unwrap().push(twin);
    assert_problems(
        &doc,
        &["startup s1, id: is used by another record of this kind"],
    );
}

#[test]
fn two_cohorts_of_one_folded_name_are_refused() {
    let mut doc = valid_doc();
    let mut twin = doc["cohorts"][0].clone();
    twin["id"] = json!("c2");
    twin["name"] = json!("SPRING 2026  acceleration");
    doc["cohorts"].as_array_mut().unwrap().push(twin);
    assert_problems(
        &doc,
        &["cohort c2, name: is taken by cohort c1 (names are compared without case or accents)"],
    );
}

#[test]
fn a_cohort_named_like_a_stored_one_is_refused() {
    // The resident database holds "r Spring 2026 Acceleration" (rc1).
    let mut doc = valid_doc();
    doc["cohorts"][0]["name"] = json!("R SPRİNG 2026 acceleration");
    assert_problems(
        &doc,
        &["cohort c1, name: is taken by cohort rc1 (names are compared without case or accents)"],
    );
}

#[test]
fn same_id_in_two_kinds_is_fine() {
    let env = resident();
    let mut doc = valid_doc();
    doc["notes"][0]["id"] = json!("s1");
    let out = env.import("shared-id.json", &doc, false);
    assert_success(&out);
    assert!(
        env.export()["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "s1")
    );
}

#[test]
fn unknown_cohort_reference_is_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = json!("c9");
    assert_problems(
        &doc,
        &[r#"startup s1, cohort: refers to cohort "c9", which does not exist"#],
    );
}

#[test]
fn unknown_cohort_of_a_demo_day_is_refused() {
    let mut doc = valid_doc();
    doc["demo_days"][0]["cohort"] = json!("c9");
    assert_problems(
        &doc,
        &[r#"demo-day d1, cohort: refers to cohort "c9", which does not exist"#],
    );
}

#[test]
fn unknown_mentor_reference_is_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["mentors"] = json!(["m1", "m9"]);
    assert_problems(
        &doc,
        &[r#"startup s1, mentors: refers to mentor "m9", which does not exist"#],
    );
}

#[test]
fn note_for_a_missing_startup_is_refused() {
    let mut doc = valid_doc();
    doc["notes"][0]["startup"] = json!("s9");
    assert_problems(
        &doc,
        &[r#"note n1, startup: refers to startup "s9", which does not exist"#],
    );
}

#[test]
fn pitch_for_a_missing_startup_is_refused() {
    let mut doc = valid_doc();
    doc["demo_days"][0]["pitches"] =
        json!([{"startup": "s1", "minutes": 5}, {"startup": "s9", "minutes": 7}]);
    assert_problems(
        &doc,
        &[r#"demo-day d1, pitches[1].startup: refers to startup "s9", which does not exist"#],
    );
}

#[test]
fn references_to_records_already_stored_are_accepted() {
    // Without --replace, a reference may point at a record in the database.
    let env = resident();
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = json!("rc1");
    doc["startups"][0]["mentors"] = json!(["rm1"]);
    doc["notes"][0]["startup"] = json!("rs1");
    assert_success(&env.import("refs.json", &doc, false));
    let export = env.export();
    assert_eq!(export["startups"].as_array().unwrap().len(), 2);
    assert!(
        export["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "n1" && n["startup"] == "rs1")
    );
}

#[test]
fn end_before_start_is_refused() {
    let mut doc = valid_doc();
    doc["cohorts"][0]["end"] = json!("2026-01-01");
    assert_problems(
        &doc,
        &["cohort c1, end: 2026-01-01 is before the start, 2026-03-02"],
    );
}

#[test]
fn impossible_date_is_refused() {
    let mut doc = valid_doc();
    doc["cohorts"][0]["start"] = json!("2026-02-30");
    doc["startups"][0]["kpis"][0]["date"] = json!("2026-02-30");
    doc["notes"][0]["created_at"] = json!("2026-02-30T10:00:00+04:00");
    assert_problems(
        &doc,
        &[
            r#"cohort c1, start: "2026-02-30" is not a real date"#,
            r#"startup s1, kpis[0].date: "2026-02-30" is not a real date"#,
            r#"note n1, created_at: "2026-02-30T10:00:00+04:00" is not an RFC 3339 time like 2026-06-25T15:00:00+04:00"#,
        ],
    );
}

#[test]
fn badly_shaped_date_is_refused() {
    let mut doc = valid_doc();
    doc["cohorts"][0]["end"] = json!("26/06/2026");
    assert_problems(
        &doc,
        &[r#"cohort c1, end: "26/06/2026" is not a date in the form YYYY-MM-DD"#],
    );
}

#[test]
fn bad_enum_value_is_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["stage"] = json!("seed");
    assert_problems(
        &doc,
        &[
            r#"startup s1, stage: unknown value "seed" (expected one of idea, mvp, traction, growth, scale)"#,
        ],
    );
}

#[test]
fn bad_enum_values_of_every_vocabulary_are_refused() {
    let mut doc = valid_doc();
    doc["cohorts"][0]["program"] = json!("bootcamp");
    doc["startups"][0]["status"] = json!("Active");
    doc["notes"][0]["kind"] = json!(3);
    assert_problems(
        &doc,
        &[
            r#"cohort c1, program: unknown value "bootcamp" (expected one of incubation, acceleration)"#,
            r#"startup s1, status: unknown value "Active" (expected one of applicant, active, graduated, paused, dropped)"#,
            "note n1, kind: must be a string, not a number",
        ],
    );
}

#[test]
fn empty_name_is_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["name"] = json!("");
    assert_problems(&doc, &["startup s1, name: must not be empty"]);
}

#[test]
fn whitespace_only_name_is_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["name"] = json!("   ");
    doc["cohorts"][0]["name"] = json!("\t\n ");
    doc["startups"][0]["founders"][0]["name"] = json!(" ");
    assert_problems(
        &doc,
        &[
            "cohort c1, name: must not be empty",
            "startup s1, name: must not be empty",
            "startup s1, founders[0].name: must not be empty",
        ],
    );
}

#[test]
fn missing_name_is_refused() {
    let mut doc = valid_doc();
    doc["mentors"][0].as_object_mut().unwrap().remove("name");
    assert_problems(&doc, &["mentor m1, name: is missing"]);
}

#[test]
fn over_size_name_is_refused() {
    let mut doc = valid_doc();
    // Characters, not bytes: 201 two-byte letters.
    doc["startups"][0]["name"] = json!("ə".repeat(201));
    assert_problems(
        &doc,
        &["startup s1, name: is 201 characters long; the limit is 200"],
    );
}

#[test]
fn name_at_the_limit_is_accepted() {
    let env = resident();
    let mut doc = valid_doc();
    doc["startups"][0]["name"] = json!("ə".repeat(200));
    assert_success(&env.import("limit.json", &doc, false));
}

#[test]
fn over_size_note_body_is_refused() {
    let mut doc = valid_doc();
    doc["notes"][0]["body"] = json!("x".repeat(64 * 1024 + 1));
    assert_problems(&doc, &["note n1, body: is 65 KiB; the limit is 64 KiB"]);
}

#[test]
fn note_body_at_the_limit_is_accepted() {
    let env = resident();
    let mut doc = valid_doc();
    doc["notes"][0]["body"] = json!("x".repeat(64 * 1024));
    assert_success(&env.import("limit.json", &doc, false));
}

#[test]
fn more_than_fifty_problems_show_fifty_and_a_count() {
    let mut doc = valid_doc();
    let startups: Vec<Value> = (1..=60)
        .map(|i| json!({"id": format!("s{i}"), "name": format!("Startup {i}"), "stage": "seed"}))
        .collect();
    doc["startups"] = json!(startups);
    doc["demo_days"] = json!([]);
    doc["notes"] = json!([]);
    let (out, file) = refused(&doc);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        format!("incubator: {file}: nothing imported; 60 problems:")
    );
    assert_eq!(lines.len(), 1 + 50 + 1, "{err}");
    for (i, line) in lines[1..51].iter().enumerate() {
        assert_eq!(
            *line,
            format!(
                "  startup s{}, stage: unknown value \"seed\" (expected one of idea, mvp, traction, growth, scale)",
                i + 1
            )
        );
    }
    assert_eq!(lines[51], "  … and 10 more");
}

#[test]
fn exactly_fifty_problems_have_no_count_line() {
    let mut doc = valid_doc();
    let startups: Vec<Value> = (1..=50)
        .map(|i| json!({"id": format!("s{i}"), "name": ""}))
        .collect();
    doc["startups"] = json!(startups);
    doc["demo_days"] = json!([]);
    doc["notes"] = json!([]);
    let (out, _) = refused(&doc);
    let lines = problem_lines(&out);
    assert_eq!(lines.len(), 50);
    assert!(!stderr(&out).contains("more"), "{}", show(&out));
}

#[test]
fn several_problems_are_all_listed() {
    let mut doc = valid_doc();
    doc["cohorts"][0]["end"] = json!("2026-01-01");
    doc["mentors"][0]["capacity"] = json!(-1);
    doc["startups"][0]["cohort"] = json!("c9");
    doc["startups"][0]["kpis"][0]["revenue"] = json!("lots");
    doc["demo_days"][0]["pitches"][0]["minutes"] = json!(0);
    doc["notes"][0]["body"] = json!("  ");
    doc["notes"][0]["startup"] = json!("s9");
    assert_problems(
        &doc,
        &[
            // Fields that cannot be read come first, then broken rules.
            // Grouped by record, in the order of the document.
            "cohort c1, end: 2026-01-01 is before the start, 2026-03-02",
            "mentor m1, capacity: must be a whole number of 0 or more, not -1",
            "startup s1, kpis[0].revenue: must be a number, not \"lots\"",
            r#"startup s1, cohort: refers to cohort "c9", which does not exist"#,
            "demo-day d1, pitches[0].minutes: must be between 1 and 240",
            "note n1, body: must not be empty",
            r#"note n1, startup: refers to startup "s9", which does not exist"#,
        ],
    );
}

#[test]
fn a_record_without_an_id_is_located_by_position() {
    let mut doc = valid_doc();
    let mut second = doc["mentors"][0].clone();
    second.as_object_mut().unwrap().remove("id");
    doc["mentors"].as_array_mut().unwrap().push(second);
    assert_problems(&doc, &["mentor #2, id: is missing"]);
}

#[test]
fn ids_already_in_the_database_are_refused_without_replace() {
    let env = resident();
    env.import_ok("first.json", &valid_doc());
    let before = env.export();
    let file = env.write_json("again.json", &valid_doc());
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        format!(
            "incubator: {}: nothing imported; 5 records already exist in this database \
             (import --replace replaces the whole portfolio):",
            file.display()
        )
    );
    assert_eq!(
        problem_lines(&out),
        [
            "cohorts c1",
            "mentors m1",
            "startups s1",
            "demo days d1",
            "notes n1"
        ]
    );
    assert_eq!(before, env.export());
}

#[test]
fn only_the_colliding_ids_are_listed() {
    let env = resident();
    let mut doc = valid_doc();
    doc["mentors"][0]["id"] = json!("rm1");
    doc["startups"][0]["mentors"] = json!(["rm1"]);
    assert_problems_in(&env, &doc, &["mentors rm1"]);
}

fn assert_problems_in(env: &Sandbox, doc: &Value, problems: &[&str]) {
    let before = env.export();
    let out = env.import("doc.json", doc, false);
    assert_code(&out, 2);
    assert_eq!(problem_lines(&out), problems, "\n{}", show(&out));
    assert_eq!(before, env.export());
}

#[test]
fn replace_over_the_sample_leaves_exactly_the_file() {
    let env = Sandbox::new();
    assert_success(&env.run(&["init"]));
    assert_eq!(env.export()["startups"].as_array().unwrap().len(), 24);

    let out = env.import("mine.json", &valid_doc(), true);
    assert_success(&out);
    assert!(stderr(&out).contains("replacing"), "{}", show(&out));
    assert_eq!(env.export(), exported_as_v2(valid_doc()));
    let check = env.run(&["check"]);
    assert_success(&check);
}

#[test]
fn failed_replace_leaves_the_old_portfolio() {
    let env = resident();
    let before = env.export();
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = json!("c9");
    let out = env.import("broken.json", &doc, true);
    assert_code(&out, 2);
    assert_eq!(
        problem_lines(&out),
        [r#"startup s1, cohort: refers to cohort "c9", which does not exist"#]
    );
    assert_eq!(before, env.export());
}

#[test]
fn replace_does_not_resolve_references_against_the_old_portfolio() {
    // The old portfolio goes away, so the file must be whole on its own.
    let env = resident();
    let before = env.export();
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = json!("rc1");
    let out = env.import("dangling.json", &doc, true);
    assert_code(&out, 2);
    assert_eq!(
        problem_lines(&out),
        [r#"startup s1, cohort: refers to cohort "rc1", which does not exist"#]
    );
    assert_eq!(before, env.export());
}

#[test]
fn replace_accepts_the_ids_it_replaces() {
    let env = Sandbox::new();
    env.import_ok("first.json", &valid_doc());
    let mut doc = valid_doc();
    doc["startups"][0]["name"] = json!("Renamed Pay");
    assert_success(&env.import("second.json", &doc, true));
    assert_eq!(env.export(), exported_as_v2(doc));
}

#[test]
fn import_into_a_missing_database_starts_empty() {
    let env = Sandbox::new();
    assert!(!env.db().exists());
    let out = env.import("mine.json", &valid_doc(), false);
    assert_success(&out);
    assert!(
        !stderr(&out).contains("sample"),
        "no sample mixed in\n{}",
        show(&out)
    );
    assert_eq!(env.export(), exported_as_v2(valid_doc()));
}

#[test]
fn unknown_fields_are_ignored_and_missing_optional_fields_take_defaults() {
    let env = Sandbox::new();
    let doc = json!({
        "format": "incubator-portfolio",
        "version": 1,
        "generator": "someone else's tool",
        "cohorts": [{"id": "c1", "name": "Spring", "start": "2026-03-02", "end": "2026-06-26", "colour": "teal"}],
        "mentors": [{"id": "m1", "name": "Aysel", "rating": 5}],
        "startups": [{"id": "s1", "name": "Bare", "founders": [{"name": "Kim", "shoe_size": 44}],
                      "kpis": [{"date": "2026-05-01", "burn": 3}]}],
        "demo_days": [{"id": "d1", "cohort": "c1", "at": "2026-06-25T15:00:00+04:00",
                       "pitches": [{"startup": "s1"}]}],
        "notes": [{"id": "n1", "startup": "s1", "author": "Aysel", "created_at": "2026-05-02T10:00:00Z",
                   "body": "hi", "mood": "good"}],
        "widgets": [{"id": "w1"}]
    });
    let out = env.import("sparse.json", &doc, false);
    assert_success(&out);
    let expected = json!({
        "format": "incubator-portfolio",
        "version": 2,
        "cohorts": [{"id": "c1", "name": "Spring", "program": "incubation", "start": "2026-03-02",
                     "end": "2026-06-26", "capacity": 10, "description": ""}],
        "mentors": [{"id": "m1", "name": "Aysel", "email": "", "organization": "", "expertise": [],
                     "languages": [], "capacity": 3}],
        "startups": [{"id": "s1", "name": "Bare", "one_liner": "", "sector": "", "stage": "idea",
                      "status": "applicant", "cohort": null, "mentors": [],
                      "founders": [{"name": "Kim", "email": "", "role": ""}], "tags": [], "website": "",
                      "kpis": [{"date": "2026-05-01", "revenue": 0.0, "customers": 0, "employees": 0,
                                "funding_raised": 0.0}]}],
        "demo_days": [{"id": "d1", "cohort": "c1", "at": "2026-06-25T15:00:00+04:00", "venue": "",
                       "pitches": [{"startup": "s1", "minutes": 5}], "investors": [], "notes": "",
                       "criteria": [], "judges": [], "scores": [], "judging_closed": false}],
        "notes": [{"id": "n1", "startup": "s1", "author": "Aysel", "kind": "note",
                   "created_at": "2026-05-02T10:00:00Z", "body": "hi"}],
        "calls": [], "applications": [], "reviews": [], "milestones": [], "office_hours": []
    });
    assert_eq!(env.export(), expected);
}

#[test]
fn missing_sections_are_empty() {
    let env = Sandbox::new();
    let doc = json!({"format": "incubator-portfolio", "version": 1,
                     "cohorts": [{"id": "c1", "name": "Only", "start": "2026-03-02", "end": "2026-06-26"}]});
    assert_success(&env.import("one.json", &doc, false));
    let export = env.export();
    assert_eq!(export["cohorts"].as_array().unwrap().len(), 1);
    for section in ["mentors", "startups", "demo_days", "notes"] {
        assert_eq!(export[section], json!([]), "{section}");
    }
}

#[test]
fn kpi_problems_point_at_the_entry_in_the_file() {
    let mut doc = valid_doc();
    // The first entry in the file is the broken one; it is also the later date.
    doc["startups"][0]["kpis"] = json!([
        {"date": "2026-05-01", "revenue": -1.0},
        {"date": "2026-01-01", "revenue": 2.0}
    ]);
    assert_problems(
        &doc,
        &["startup s1, kpis[0].revenue: must be a number of 0 or more, not -1"],
    );
}

#[test]
fn kpis_with_the_same_date_are_refused() {
    let mut doc = valid_doc();
    doc["startups"][0]["kpis"] = json!([{"date": "2026-05-01"}, {"date": "2026-05-01"}]);
    assert_problems(
        &doc,
        &["startup s1, kpis[1].date: two snapshots on 2026-05-01"],
    );
}

#[test]
fn a_note_id_stored_under_another_startup_is_a_collision() {
    let env = resident();
    let mut doc = valid_doc();
    doc["notes"][0]["id"] = json!("rn1");
    assert_problems_in(&env, &doc, &["notes rn1"]);
}

#[test]
fn a_refused_import_into_a_missing_database_leaves_it_new() {
    let env = Sandbox::new();
    let mut doc = valid_doc();
    doc["format"] = json!("something-else");
    let out = env.import("wrong.json", &doc, false);
    assert_code(&out, 2);
    // Nothing was imported, so there is still no database: init makes one.
    assert!(!env.db().exists());
    assert_success(&env.run(&["init"]));
    let out = env.run(&["search", "semsiyye"]);
    assert_success(&out);
    assert!(stdout(&out).contains("Kilim Craft"), "{}", show(&out));
}

#[test]
fn many_collisions_are_listed_by_kind_on_one_line_each() {
    let env = Sandbox::new();
    assert_success(&env.run(&["init"]));
    let file = env.path("sample.json");
    let out = env.run(&[
        "export".as_ref(),
        "all".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ]);
    assert_success(&out);
    let before = env.export();
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    let lines = problem_lines(&out);
    assert_eq!(lines.len(), 10, "\n{}", show(&out));
    assert_eq!(lines[0], "cohorts c1, c2, c3, c4");
    assert_eq!(lines[5], "calls call1");
    assert_eq!(
        lines[6],
        "applications a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20"
    );
    assert!(lines[7].starts_with("reviews r1, r2,"), "{}", lines[7]);
    assert!(lines[8].starts_with("milestones ms1, ms2,"), "{}", lines[8]);
    assert!(
        lines[9].starts_with("office hours oh1, oh2,"),
        "{}",
        lines[9]
    );
    assert!(
        lines[4].starts_with("notes n1, n2, n3,") && lines[4].ends_with("n20 and 23 more"),
        "{}",
        lines[4]
    );
    assert_eq!(before, env.export());
}
