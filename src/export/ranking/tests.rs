use std::collections::BTreeMap;

use super::*;
use crate::model::Founder;
use crate::model::testing::rubric;

fn call() -> Call {
    Call {
        id: "call1".into(),
        cohort: "c2".into(),
        name: "Spring 2027 open call".into(),
        opens: "2026-12-01".parse().unwrap(),
        closes: "2027-01-15".parse().unwrap(),
        criteria: rubric(&[("Team", 3), ("Market", 1)]),
        questions: Vec::new(),
    }
}

fn application(id: &str, name: &str, sector: &str, reviewers: &[&str]) -> Application {
    Application {
        id: id.into(),
        call: "call1".into(),
        name: name.into(),
        one_liner: String::new(),
        sector: sector.into(),
        founders: vec![Founder {
            name: "Günay Rzayeva".into(),
            email: "gunay@example.az".into(),
            role: "CEO".into(),
        }],
        answers: Vec::new(),
        submitted_at: "2026-12-03T11:20:00+04:00".parse().unwrap(),
        stage: ApplicationStage::Screening,
        reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
        startup: None,
    }
}

fn review(id: &str, application: &str, reviewer: &str, team: u8, market: u8) -> Review {
    Review {
        id: id.into(),
        application: application.into(),
        reviewer: reviewer.into(),
        scores: BTreeMap::from([("Team".into(), team), ("Market".into(), market)]),
        comment: String::new(),
        conflict: false,
        at: "2026-12-05T10:00:00+04:00".parse().unwrap(),
    }
}

/// Nar Health reviewed by m1 (5, 5) and m2 (4, 4), m3 missing; a name
/// with an escape code and a formula for a sector reviewed by m1 (3, 3)
/// and m2 (2, 2); 김치 Labs unreviewed; m3 declares a conflict on it.
fn table() -> RankingTable {
    let applications = vec![
        application("a1", "Nar Health", "healthtech", &["m1", "m2", "m3"]),
        application(
            "a2",
            "Evil\u{1b}]52;c;x\u{7} | Co",
            "=HYPERLINK(1)",
            &["m1", "m2"],
        ),
        application("a3", "김치 Labs", "food", &["m3"]),
    ];
    let reviews = vec![
        review("r1", "a1", "m1", 5, 5),
        review("r2", "a1", "m2", 4, 4),
        review("r3", "a2", "m1", 3, 3),
        review("r4", "a2", "m2", 2, 2),
        Review {
            conflict: true,
            ..review("r5", "a3", "m3", 1, 1)
        },
    ];
    RankingTable::build(&call(), Some("Spring 2027"), &applications, &reviews)
}

#[test]
fn markdown_heads_the_table_with_the_call_and_what_is_missing() {
    let md = String::from_utf8(table().render(SummaryFormat::Markdown, false).unwrap()).unwrap();
    assert!(
        md.starts_with("# Ranking: Spring 2027 open call\n\n"),
        "{md}"
    );
    for line in [
        "- Cohort: Spring 2027\n",
        "- Open: 2026-12-01 – 2027-01-15\n",
        "- Criteria (weight): Team ×3, Market ×1\n",
        "- Applications: 3, 1 with no counted review yet\n",
        "- Reviews: 4 counted, 1 missing, 1 conflict declared\n",
        NORMALISATION,
        // The call's totals 5 4 3 2: mean 3.5, sd √1.25 ≈ 1.118; two
        // reviews each, so against the call: Nar (1.5 + 0.5)/2/1.118 = 0.89.
        "|    1 | Nar Health",
        "|  0.89 |     4.50 |   1.00 |  2 of 3 |         0 | screening |",
        "| -0.89 |     2.50 |   1.00 |       2 |         0 |",
        "|    — | 김치 Labs",
        "|     — |        — |      — |       0 |         1 | screening |",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
    // The escape code is gone and the pipe cannot open a cell.
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'), "{md:?}");
    assert!(md.contains("\\| Co"), "{md}");
}

#[test]
fn csv_is_a_spreadsheet_table_with_safe_text() {
    let bytes = table().render(SummaryFormat::Csv, true).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = ::csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, csv::COLUMNS);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "1",
            "Nar Health",
            "a1",
            "healthtech",
            "0.89",
            "4.50",
            "1.00",
            "2",
            "1",
            "0",
            "screening"
        ]
    );
    assert_eq!(rows[1][3], "'=HYPERLINK(1)");
    assert!(
        !rows[1][1].chars().any(char::is_control),
        "{:?}",
        rows[1][1]
    );
    assert_eq!(rows[2][..2], ["".to_string(), "김치 Labs".to_string()]);
    assert_eq!(rows[2][4..7], ["", "", ""]);
}

#[test]
fn json_says_what_it_is_and_keeps_the_figures_as_numbers() {
    let text = String::from_utf8(table().render(SummaryFormat::Json, false).unwrap()).unwrap();
    assert!(!text.contains('\u{1b}'), "raw escape in {text}");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "incubator-call-ranking");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["call"]["cohort"]["name"], "Spring 2027");
    assert_eq!(doc["call"]["criteria"][0]["weight"], 3);
    assert_eq!(doc["counts"]["reviews_missing"], 1);
    assert_eq!(doc["counts"]["conflicts"], 1);
    let first = &doc["applications"][0];
    assert_eq!(first["rank"], 1);
    assert_eq!(first["score"], 0.89);
    assert_eq!(first["raw_mean"], 4.5);
    assert_eq!(first["missing"], 1);
    let last = &doc["applications"][2];
    assert!(last["rank"].is_null() && last["score"].is_null());
    // The name is kept as stored, its escape code escaped in the JSON.
    assert_eq!(
        doc["applications"][1]["name"],
        "Evil\u{1b}]52;c;x\u{7} | Co"
    );
}

#[test]
fn a_folder_gets_a_file_named_after_the_call() {
    let t = table();
    assert_eq!(
        default_file_name(&t.call, SummaryFormat::Csv),
        "spring-2027-open-call-ranking.csv"
    );
}

#[test]
fn a_call_with_no_applications_says_so() {
    let empty = RankingTable::build(&call(), None, &[], &[]);
    let md = String::from_utf8(empty.render(SummaryFormat::Markdown, false).unwrap()).unwrap();
    assert!(
        md.contains("- Cohort: c2\n"),
        "the cohort's id stands in: {md}"
    );
    assert!(md.contains("- Applications: 0\n"), "{md}");
    assert!(md.ends_with("No applications to this call yet.\n"), "{md}");
    let csv = empty.render(SummaryFormat::Csv, false).unwrap();
    assert_eq!(
        csv.iter().filter(|&&b| b == b'\n').count(),
        1,
        "the header alone"
    );
}

#[test]
fn the_workbook_has_the_call_and_the_ranking_with_numbers_and_text_never_a_formula() {
    use crate::export::xlsx::tests::{read_sheets, shown};
    use calamine::Data;

    let bytes = table().render(SummaryFormat::Xlsx, false).expect("renders");
    let sheets = read_sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Call", "Ranking"]);
    let call = shown(&sheets[0].1);
    assert!(
        call.contains(&vec!["Opens".into(), "2026-12-01".into()]),
        "{call:?}"
    );
    let ranking = &sheets[1].1;
    let rows = shown(ranking);
    assert_eq!(rows[0], csv::COLUMNS);
    // The rank and the counts are numbers, the score a number to 2 places.
    assert_eq!(ranking.get((1, 0)), Some(&Data::Float(1.0)));
    assert_eq!(
        ranking.get((1, 1)),
        Some(&Data::String("Nar Health".into()))
    );
    assert!(matches!(ranking.get((1, 4)), Some(Data::Float(_))));
    let evil = rows.iter().find(|r| r[2] == "a2").expect("a2's row");
    assert_eq!(evil[1], "Evil\u{fffd}]52;c;x\u{fffd} | Co");
    assert_eq!(evil[3], "=HYPERLINK(1)");
    // Unranked: no rank, no score, empty cells rather than text.
    let unranked = rows.iter().find(|r| r[2] == "a3").expect("a3's row");
    assert_eq!((unranked[0].as_str(), unranked[4].as_str()), ("", ""));
}
