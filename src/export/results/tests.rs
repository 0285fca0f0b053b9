//! The results in each format, with and without the judges' comments.

use crate::model::testing::rubric;
use chrono::DateTime;

use super::*;
use crate::model::{Pitch, PitchScore};

fn day() -> DemoDay {
    let score = |judge: &str, startup: &str, pitch: u8, product: u8, comment: &str| PitchScore {
        judge: judge.into(),
        startup: startup.into(),
        scores: [
            ("Pitch".to_string(), pitch),
            ("Product".to_string(), product),
        ]
        .into_iter()
        .collect(),
        comment: comment.into(),
    };
    DemoDay {
        id: "d1".into(),
        cohort: "c1".into(),
        at: DateTime::parse_from_rfc3339("2027-03-20T14:00:00+04:00").expect("a time"),
        venue: "INNOLAND hall".into(),
        pitches: ["s1", "s2", "s3"]
            .into_iter()
            .map(|s| Pitch {
                startup: s.into(),
                minutes: 10,
            })
            .collect(),
        investors: vec![],
        notes: String::new(),
        criteria: rubric(&[("Pitch", 2), ("Product", 1)]),
        judges: vec!["Orxan Qasımov".into(), "김민준".into()],
        scores: vec![
            // Nar: (8+5)/3 = 4.33 and 3; Bazar: 5 and (8+1)/3 = 3.
            score(
                "Orxan Qasımov",
                "s1",
                4,
                5,
                "Clear ask, \u{1b}]52;c;x\u{7} good",
            ),
            score("김민준", "s1", 3, 3, ""),
            score("Orxan Qasımov", "s2", 5, 5, "=HYPERLINK(\"x\")"),
        ],
        judging_closed: true,
    }
}

fn table(comments: bool) -> ResultsTable {
    let names = |id: &Id| match id.as_str() {
        "s1" => Some("Nar Health"),
        "s2" => Some("Bizim | Bazar"),
        _ => None,
    };
    ResultsTable::build(&day(), Some("Spring 2027"), names, comments)
}

fn render(format: SummaryFormat, comments: bool) -> String {
    String::from_utf8(table(comments).render(format, false).expect("renders")).expect("UTF-8")
}

#[test]
fn markdown_ranks_the_pitches_with_a_column_per_judge_and_the_comments() {
    let md = render(SummaryFormat::Markdown, true);
    assert!(
        md.starts_with("# Results: demo day d1, Spring 2027\n"),
        "{md}"
    );
    assert!(md.contains("- Judges: Orxan Qasımov, 김민준\n"), "{md}");
    assert!(md.contains("- Judging: closed\n"));
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert!(
        rows[0].contains("Orxan Qasımov") && rows[0].contains("김민준"),
        "{}",
        rows[0]
    );
    // Bizim Bazar 5.00 (one judge) above Nar Health (4.33 + 3)/2 = 3.67.
    assert!(
        rows[2].contains("Bizim \\| Bazar") && rows[2].contains("5.00"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].contains("Nar Health") && rows[3].contains("3.67"),
        "{}",
        rows[3]
    );
    assert!(
        rows[3].contains("1.33") && rows[3].contains("2 of 2"),
        "{}",
        rows[3]
    );
    assert!(rows[4].starts_with("|    — | s3 "), "{}", rows[4]);
    assert!(
        md.contains("### Nar Health\n\n- Orxan Qasımov: Clear ask, "),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'), "no escape reaches a file");
}

#[test]
fn without_comments_no_format_carries_them() {
    for format in SummaryFormat::ALL.into_iter().filter(|f| f.is_text()) {
        let with = render(format, true);
        let without = render(format, false);
        assert!(with.contains("Clear ask"), "{format:?}: {with}");
        assert!(!without.contains("Clear ask"), "{format:?}: {without}");
        assert!(!without.contains("HYPERLINK"), "{format:?}: {without}");
        assert!(!without.contains("Comments"), "{format:?}: {without}");
        assert!(without.contains("Nar Health"), "{format:?}");
    }
}

#[test]
fn csv_has_a_column_per_judge_and_no_formula() {
    let csv = render(SummaryFormat::Csv, true);
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Rank,Startup,Id,Score,Spread,Judges scored,Orxan Qasımov,김민준,Comments")
    );
    assert_eq!(
        lines.next(),
        Some("1,Bizim | Bazar,s2,5.00,0.00,1 of 2,5.00,,\"Orxan Qasımov: =HYPERLINK(\"\"x\"\")\"")
    );
    let nar = lines.next().expect("a second row");
    assert!(
        nar.starts_with("2,Nar Health,s1,3.67,1.33,2 of 2,4.33,3.00,\"Orxan Qasımov: Clear ask,"),
        "{nar}"
    );
    assert!(!nar.contains('\u{1b}'));
}

#[test]
fn json_gives_each_judges_score_by_name() {
    let json: serde_json::Value =
        serde_json::from_str(&render(SummaryFormat::Json, true)).expect("JSON");
    assert_eq!(json["format"], "incubator-demo-day-results");
    assert_eq!(json["demo_day"]["judging_closed"], true);
    let nar = &json["pitches"][1];
    assert_eq!(nar["startup"]["name"], "Nar Health");
    assert_eq!(nar["score"], 3.67);
    assert_eq!(nar["judges_scored"], 2);
    assert_eq!(nar["judges"][0]["judge"], "Orxan Qasımov");
    assert_eq!(nar["judges"][0]["score"], 4.33);
    assert_eq!(nar["judges"][1]["score"], 3.0);
    assert_eq!(json["pitches"][2]["rank"], serde_json::Value::Null);
}

#[test]
fn the_workbook_has_the_day_and_a_results_sheet_with_numbers_and_no_comments_on_request() {
    use crate::export::xlsx::tests::{read_sheets, shown};
    use calamine::Data;

    let bytes = table(true)
        .render(SummaryFormat::Xlsx, false)
        .expect("renders");
    let sheets = read_sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Demo day", "Results"]);
    let about = shown(&sheets[0].1);
    assert!(
        about.contains(&vec!["Cohort".into(), "Spring 2027".into()]),
        "{about:?}"
    );
    let results = &sheets[1].1;
    let header = &shown(results)[0];
    assert_eq!(
        &header[..6],
        ["Rank", "Startup", "Id", "Score", "Spread", "Judges scored"]
    );
    assert_eq!(header.last().map(String::as_str), Some("Comments"));
    // A score is a number, not text.
    assert!(
        matches!(results.get((1, 3)), Some(Data::Float(_))),
        "{results:?}"
    );

    let founders = table(false)
        .render(SummaryFormat::Xlsx, false)
        .expect("renders");
    let sheets = read_sheets(&founders);
    let rows = shown(&sheets[1].1);
    assert!(!rows[0].contains(&"Comments".to_string()), "{rows:?}");
    assert!(
        !rows.concat().iter().any(|c| c.contains("Clear ask")),
        "{rows:?}"
    );
}
