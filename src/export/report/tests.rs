//! The report's formats, on the portfolio worked out by hand
//! (`crate::report::fixture`).

use super::*;
use crate::report::Grouping;
use crate::report::fixture::report;

fn text(format: SummaryFormat, by: Grouping) -> String {
    let bytes = report(None, by).render(format, false).expect("renders");
    String::from_utf8(bytes).expect("UTF-8")
}

fn line_of<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{text}"))
}

#[test]
fn the_markdown_marks_figures_from_fewer_than_three_startups() {
    let md = text(SummaryFormat::Markdown, Grouping::Cohort);
    assert!(md.starts_with("# Impact report\n\n- As of: 2026-12-01"));
    assert!(md.contains("- Startups: 6 in 3 cohorts; outcome recorded for 5\n"));
    // c1 has three startups: nothing marked; c2 two: marked.
    let c1 = line_of(&md, "| Cohort c1 ");
    assert!(c1.contains("| 2 of 3 (67%) |") && !c1.contains('*'), "{c1}");
    let c2 = line_of(&md, "| Cohort c2 ");
    assert!(c2.starts_with("| Cohort c2 |      2 * |"), "{c2}");
    assert!(c2.contains("2 of 2 (100%) *"), "{c2}");
    let all = line_of(&md, "| **All** ");
    assert!(
        all.contains("4 of 5 (80%)") && all.contains("2 of 3 (67%)"),
        "{all}"
    );
}

#[test]
fn the_markdown_shows_growth_follow_on_and_the_appendix() {
    let md = text(SummaryFormat::Markdown, Grouping::Cohort);
    let jobs = &md[md.find("## Jobs").expect("jobs")..];
    let all = line_of(jobs, "| **All** ");
    let cells: Vec<&str> = all.split('|').map(str::trim).collect();
    assert_eq!(cells[2..9], ["5", "16", "23", "+7", "3", "4", "±0"]);
    let follow = &md[md.find("## Follow-on").expect("follow-on")..];
    assert!(line_of(follow, "| **All** ").contains("300,000"));
    assert!(md.contains("Founders by role: CEO 2, cto 1, no role given 1.\n"));
    let appendix = &md[md.find("## Appendix").expect("appendix")..];
    let a = line_of(appendix, "| Startup a ");
    assert!(
        a.contains("closed 2023-03-01") && a.contains("2 → 4"),
        "{a}"
    );
    assert!(line_of(appendix, "| Startup c ").contains("operating (none recorded)"));
    // Grouped otherwise, the appendix names each startup's group.
    let by_sector = text(SummaryFormat::Markdown, Grouping::Sector);
    assert!(line_of(&by_sector, "| Startup ").contains("| Sector "));
}

#[test]
fn the_csv_has_a_row_a_group_and_the_whole_with_the_startups_behind_them() {
    let csv = text(SummaryFormat::Csv, Grouping::Program);
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "program");
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(names, ["Incubation", "Acceleration", "All"]);
    let cell = |row: usize, column: &str| {
        let at = header.iter().position(|h| h == column).expect(column);
        rows[row][at].to_string()
    };
    assert_eq!(cell(2, "startups"), "6");
    assert_eq!(cell(2, "jobs_median_change"), "0");
    assert_eq!(cell(2, "follow_on"), "300000");
    assert_eq!(cell(0, "startup_ids"), "a b c");
    assert_eq!(cell(0, "fewer_than_3"), "false");
    assert_eq!(cell(1, "survived_2y"), "1");
}

#[test]
fn the_json_holds_every_figure_and_startup() {
    let json: serde_json::Value =
        serde_json::from_str(&text(SummaryFormat::Json, Grouping::Cohort)).expect("JSON");
    assert_eq!(json["format"], "incubator-impact-report");
    assert_eq!(json["as_of"], "2026-12-01");
    assert_eq!(json["total"]["jobs"]["change"], 7.0);
    assert_eq!(json["groups"][1]["jobs"]["few"], true);
    assert_eq!(json["groups"][1]["jobs"]["median_change"], 2.5);
    assert_eq!(json["total"]["survival"][0]["percent"], 80.0);
    assert_eq!(json["startups"][0]["baseline"]["date"], "2022-02-01");
    assert_eq!(json["startups"].as_array().map(Vec::len), Some(6));
}

#[test]
fn the_same_report_writes_the_same_bytes() {
    for format in SummaryFormat::ALL {
        let once = report(None, Grouping::Sector).render(format, false);
        let again = report(None, Grouping::Sector).render(format, false);
        assert_eq!(once, again, "{format}");
    }
}

#[test]
fn names_from_the_store_are_made_safe_in_every_format() {
    let mut r = report(None, Grouping::Cohort);
    r.startups[0].name = "=HYPERLINK(\"x\")\u{1b}]52;c;x\u{7}|".into();
    r.groups[0].name = "=cmd|' /C calc'!A0".into();
    let md = String::from_utf8(r.render(SummaryFormat::Markdown, false).unwrap()).unwrap();
    assert!(!md.contains('\u{1b}') && md.contains("\\|"));
    let csv = String::from_utf8(r.render(SummaryFormat::Csv, false).unwrap()).unwrap();
    assert!(csv.contains("'=cmd"), "{csv}");
    let json = String::from_utf8(r.render(SummaryFormat::Json, false).unwrap()).unwrap();
    assert!(!json.contains('\u{1b}') && json.contains("\\u001b"));
}

#[test]
fn a_folder_gets_the_report_under_a_name_with_its_day_and_grouping() {
    assert_eq!(
        default_file_name(&report(None, Grouping::Cohort), SummaryFormat::Markdown),
        "impact-report-2026-12-01.md"
    );
    assert_eq!(
        default_file_name(&report(None, Grouping::Year), SummaryFormat::Csv),
        "impact-report-2026-12-01-by-year.csv"
    );
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_figures_as_numbers_and_days_as_dates() {
    use crate::export::xlsx::tests::{read_sheets, shown};
    use calamine::Data;

    let bytes = report(None, Grouping::Cohort)
        .render(SummaryFormat::Xlsx, false)
        .expect("renders");
    let sheets = read_sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
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
    let sheet = |name: &str| &sheets.iter().find(|(n, _)| n == name).expect(name).1;

    let companies = shown(sheet("Companies"));
    assert_eq!(companies[0][..3], ["Cohort", "Startups", "Fewer than 3"]);
    // c2 has two startups: marked; the whole is the last row.
    assert_eq!(companies[2][..3], ["Cohort c2", "2", "yes"]);
    assert_eq!(companies[4][..2], ["All", "6"]);
    // c3 ended less than a year ago: survival is not told, not 0.
    assert_eq!(
        companies[0][8..10],
        ["Ended 1+ year ago", "Survived 1 year"]
    );
    assert_eq!(companies[3][8..10], ["0", ""]);
    assert!(matches!(sheet("Companies").get((4, 1)), Some(Data::Float(n)) if *n == 6.0));

    let growth = shown(sheet("Growth"));
    let jobs_all = growth
        .iter()
        .find(|r| r[0] == "All" && r[1] == "Jobs")
        .expect("the jobs of all");
    assert_eq!(jobs_all[2..7], ["5", "", "16", "23", "7"]);
    // A median between two is kept as it is.
    let c2 = growth
        .iter()
        .find(|r| r[0] == "Cohort c2" && r[1] == "Jobs")
        .expect("c2's jobs");
    assert_eq!((c2[3].as_str(), c2[9].as_str()), ("yes", "2.5"));

    let appendix = sheet("Startups");
    let first = shown(appendix);
    assert_eq!(first[1][..2], ["Startup a", "a"]);
    // The baseline is a date, not text.
    assert!(
        matches!(appendix.get((1, 4)), Some(Data::DateTime(_))),
        "{:?}",
        appendix.get((1, 4))
    );
    assert_eq!(first[1][4], "2022-02-01");
}
