use super::*;
use crate::model::testing::{cohort, demo_day, mentor, note, startup};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn kpi(date: &str, revenue: f64, customers: u64, employees: u64, funding: f64) -> Kpi {
    Kpi {
        date: day(date),
        revenue,
        customers,
        employees,
        funding_raised: funding,
    }
}

/// Cohort c1 (March–June 2026) with three startups: s1 active with KPIs
/// before, inside and after the cohort; s2 dropped; s3 with no KPIs.
fn portfolio() -> Portfolio {
    let mut p = Portfolio::default();
    p.cohorts.push(cohort("c1", "2026-03-02", "2026-06-26"));
    p.mentors.push(mentor("m1", 1));
    let mut s1 = startup("s1");
    s1.name = "Şəbəkə Pay".into();
    s1.cohort = Some("c1".into());
    s1.status = Status::Active;
    s1.stage = Stage::Mvp;
    s1.mentors = vec!["m1".into()];
    s1.kpis = vec![
        kpi("2026-02-01", 100.0, 1, 2, 0.0),
        kpi("2026-03-31", 1000.1, 10, 3, 5000.0),
        kpi("2026-06-30", 2500.3, 25, 5, 50000.0),
        kpi("2026-12-31", 9999.0, 99, 9, 99999.0),
    ];
    let mut s2 = startup("s2");
    s2.name = "Bakı Bites".into();
    s2.cohort = Some("c1".into());
    s2.status = Status::Dropped;
    s2.mentors = vec!["m1".into()];
    s2.kpis = vec![kpi("2026-04-01", 800.0, 60, 2, 0.0)];
    let mut s3 = startup("s3");
    s3.name = "Gənc Kod".into();
    s3.cohort = Some("c1".into());
    s3.status = Status::Active;
    let mut elsewhere = startup("s4");
    elsewhere.status = Status::Active;
    elsewhere.mentors = vec!["m1".into()];
    p.startups = vec![s1, s2, s3, elsewhere];

    let mut n1 = note("n1", "s1", "\n  Pricing review.  \nNext: pilot.");
    n1.created_at = "2026-05-02T10:00:00+04:00".parse().unwrap();
    let mut n2 = note("n2", "s1", &"x".repeat(300));
    n2.kind = NoteKind::Milestone;
    n2.created_at = "2026-06-01T10:00:00+04:00".parse().unwrap();
    let mut later = note("n3", "s1", "After the as-of day.");
    later.created_at = "2026-12-01T10:00:00+04:00".parse().unwrap();
    p.notes = vec![n1, n2, later];

    let mut d = demo_day("d1", "c1", &["s3", "s1"]);
    d.pitches[0].minutes = 7;
    p.demo_days.push(d);
    p
}

fn build(as_of: &str) -> CohortSummary {
    CohortSummary::build(&portfolio(), "c1", day(as_of)).unwrap()
}

#[test]
fn formats_parse_from_their_extensions() {
    for format in SummaryFormat::ALL {
        assert_eq!(format.extension().parse::<SummaryFormat>(), Ok(format));
    }
    assert_eq!(
        "xls".parse::<SummaryFormat>().unwrap_err(),
        "unknown format \"xls\" (expected md, csv, json or xlsx)"
    );
    assert!(!SummaryFormat::Xlsx.is_text());
    assert_eq!(SummaryFormat::Csv.label(), "CSV");
}

#[test]
fn file_names_fold_letters_and_fall_back_to_the_id() {
    let mut c = cohort("c7", "2026-03-02", "2026-06-26");
    let on = day("2026-11-28");
    for (id, name, format, expected) in [
        (
            "c7",
            "Yaz 2026: Şəki, Gəncə & Ağdaş!",
            SummaryFormat::Markdown,
            "yaz-2026-seki-gence-agdas-2026-11-28.md",
        ),
        (
            "c7",
            "ÇIĞIR Öyrən Ünvan",
            SummaryFormat::Csv,
            "cigir-oyren-unvan-2026-11-28.csv",
        ),
        // Letters with no ASCII form: the id, else a plain word.
        (
            "c7",
            "서울 배치 2026",
            SummaryFormat::Json,
            "c7-2026-11-28.json",
        ),
        (
            "한",
            "서울 배치 2026",
            SummaryFormat::Json,
            "cohort-2026-11-28.json",
        ),
    ] {
        c.id = id.into();
        c.name = name.into();
        assert_eq!(default_file_name(&c, on, format), expected, "{name}");
    }
    c.name = "a ".repeat(100);
    let name = default_file_name(&c, on, SummaryFormat::Markdown);
    assert!(name.len() <= SLUG_CHARS + 14, "{name}");
    assert!(name.starts_with("a-a-") && !name.contains("--"), "{name}");
}

#[test]
fn an_unknown_cohort_is_an_error() {
    assert_eq!(
        CohortSummary::build(&portfolio(), "c9", day("2026-11-28")),
        Err(SummaryError::NoSuchCohort("c9".into()))
    );
}

#[test]
fn kpis_change_from_the_first_snapshot_inside_the_cohort() {
    let s = build("2026-11-28");
    let names: Vec<&str> = s.startups.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Bakı Bites", "Gənc Kod", "Şəbəkə Pay"]);
    let pay = &s.startups[2];
    // The December snapshot is after the as-of day.
    assert_eq!(pay.kpi.as_ref().unwrap().date, day("2026-06-30"));
    let change = pay.change.as_ref().unwrap();
    assert_eq!(change.since, day("2026-03-31"));
    assert_eq!(
        (
            change.revenue,
            change.customers,
            change.employees,
            change.funding_raised
        ),
        (1500.2, 15, 2, 45000.0)
    );
    assert_eq!(s.startups[1].kpi, None);
    assert_eq!(s.startups[1].change, None);

    // Before the cohort starts there is no snapshot inside it.
    let early = build("2026-02-15");
    assert_eq!(early.cohort.status, CohortStatus::Upcoming);
    let pay = &early.startups[2];
    assert_eq!(pay.kpi.as_ref().unwrap().date, day("2026-02-01"));
    assert_eq!(pay.change, None);
}

#[test]
fn totals_leave_dropped_startups_out() {
    let t = build("2026-11-28").totals;
    assert_eq!((t.startups, t.with_kpis, t.with_change), (2, 1, 1));
    assert_eq!(
        (t.employees, t.revenue, t.funding_raised),
        (5, 2500.3, 50000.0)
    );
    assert_eq!(
        (
            t.employees_change,
            t.revenue_change,
            t.funding_raised_change
        ),
        (2, 1500.2, 45000.0)
    );
}

#[test]
fn counts_cover_every_stage_and_status() {
    let s = build("2026-11-28");
    assert_eq!(s.cohort.enrolled, 2);
    assert_eq!(
        s.by_stage,
        [
            (Stage::Idea, 2),
            (Stage::Mvp, 1),
            (Stage::Traction, 0),
            (Stage::Growth, 0),
            (Stage::Scale, 0)
        ]
    );
    let dropped = s.by_status.iter().find(|(st, _)| *st == Status::Dropped);
    assert_eq!(dropped, Some(&(Status::Dropped, 1)));
}

#[test]
fn notes_up_to_the_day_with_the_first_line_of_the_latest() {
    let s = build("2026-11-28");
    let pay = &s.startups[2];
    assert_eq!((pay.notes, pay.sessions), (2, 1));
    let latest = pay.latest_note.as_ref().unwrap();
    assert_eq!(latest.date, day("2026-06-01"));
    assert_eq!(latest.first_line.chars().count(), NOTE_LINE_CHARS);
    assert!(latest.first_line.ends_with('…'));

    let s = build("2026-05-10");
    let latest = s.startups[2].latest_note.as_ref().unwrap();
    assert_eq!(latest.first_line, "Pricing review.");
}

#[test]
fn run_of_show_and_slots() {
    let s = build("2026-11-28");
    let d = &s.demo_days[0];
    let show: Vec<(usize, String, &str, u32)> = d
        .pitches
        .iter()
        .map(|p| {
            (
                p.order,
                p.start.format("%H:%M").to_string(),
                p.name.as_str(),
                p.minutes,
            )
        })
        .collect();
    assert_eq!(
        show,
        [
            (1, "15:00".to_string(), "Gənc Kod", 7),
            (2, "15:07".to_string(), "Şəbəkə Pay", 5)
        ]
    );
    assert_eq!(d.end.format("%H:%M").to_string(), "15:12");
    let slot = &s.startups[2].slots[0];
    assert_eq!((slot.demo_day.as_str(), slot.order), ("d1", 2));
    assert!(s.startups[0].slots.is_empty());
}

#[test]
fn mentors_with_the_cohort_startups_and_their_whole_load() {
    let s = build("2026-11-28");
    assert_eq!(s.mentors.len(), 1);
    let m = &s.mentors[0];
    let theirs: Vec<&str> = m.startups.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(theirs, ["s2", "s1"]);
    // s1 here and s4 elsewhere are active; s2 is dropped.
    assert_eq!((m.load.active, m.load.capacity), (2, 1));
}

#[test]
fn an_empty_cohort_renders_in_every_format() {
    let mut p = Portfolio::default();
    p.cohorts.push(cohort("c1", "2026-03-02", "2026-06-26"));
    for format in SummaryFormat::ALL {
        let bytes = render_summary(&p, "c1", day("2026-11-28"), format, false).unwrap();
        if format == SummaryFormat::Xlsx {
            // Every sheet is there, the Startups sheet its header alone.
            let sheets = crate::export::xlsx::tests::read_sheets(&bytes);
            assert_eq!(sheets.len(), 11);
            let startups = sheets
                .iter()
                .find(|(n, _)| n == "Startups")
                .expect("Startups");
            assert_eq!(startups.1.height(), 1);
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.is_empty(), "{format}");
        match format {
            SummaryFormat::Markdown => {
                assert!(text.contains("No startups in this cohort yet."), "{text}");
                assert!(text.contains("No demo day planned"), "{text}");
            }
            SummaryFormat::Csv => assert_eq!(text.lines().count(), 1, "{text}"),
            SummaryFormat::Json => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v["startups"], serde_json::json!([]));
                assert_eq!(v["totals"]["revenue"], serde_json::json!(0.0));
            }
            SummaryFormat::Xlsx => unreachable!("read above"),
        }
    }
}

#[test]
fn the_bom_is_for_csv_only() {
    let p = portfolio();
    let on = day("2026-11-28");
    let csv = render_summary(&p, "c1", on, SummaryFormat::Csv, true).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBFStartup,"));
    for format in [SummaryFormat::Markdown, SummaryFormat::Json] {
        let bytes = render_summary(&p, "c1", on, format, true).unwrap();
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{format}");
    }
}

#[test]
fn json_keys_keep_their_documented_order() {
    let text = String::from_utf8(
        render_summary(
            &portfolio(),
            "c1",
            day("2026-11-28"),
            SummaryFormat::Json,
            false,
        )
        .unwrap(),
    )
    .unwrap();
    let positions: Vec<usize> = [
        "format",
        "version",
        "as_of",
        "cohort",
        "counts",
        "totals",
        "startups",
        "demo_days",
        "mentors",
    ]
    .iter()
    .map(|k| format!("\n  \"{k}\": "))
    .map(|k| text.find(&k).unwrap_or_else(|| panic!("{k} in {text}")))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let stages: Vec<usize> = Stage::ALL
        .iter()
        .map(|s| text.find(&format!("\"{s}\":")).unwrap())
        .collect();
    assert!(stages.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_dates_and_figures_typed() {
    use crate::export::xlsx::tests::{read_sheets, shown};
    use calamine::{Data, DataType};

    let bytes = build("2026-11-28")
        .render(SummaryFormat::Xlsx, false)
        .expect("renders");
    let sheets = read_sheets(&bytes);
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
    let sheet = |name: &str| &sheets.iter().find(|(n, _)| n == name).expect(name).1;

    let cohort = sheet("Cohort");
    assert_eq!(
        cohort.get((3, 0)),
        Some(&Data::String("Summary as of".into()))
    );
    assert!(cohort.get((3, 1)).is_some_and(|c| c.is_datetime()));
    assert_eq!(shown(cohort)[3][1], "2026-11-28");

    // s1's latest snapshot on the day, and its change since the first
    // one inside the cohort's dates, each a number.
    let kpis = sheet("KPIs");
    let rows = shown(kpis);
    assert_eq!(&rows[0][..3], ["Startup", "Snapshot", "Revenue"]);
    let s1 = rows.iter().position(|r| r[0] == "Şəbəkə Pay").expect("s1");
    assert_eq!(rows[s1][1], "2026-06-30");
    assert_eq!(kpis.get((s1, 2)), Some(&Data::Float(2500.3)));
    assert_eq!(kpis.get((s1, 4)), Some(&Data::Float(5.0)));
    assert_eq!(rows[s1][6], "2026-03-31");
    assert_eq!(kpis.get((s1, 9)), Some(&Data::Float(2.0)));
    // s3 has no snapshot: its figures are empty, not zero.
    let s3 = rows.iter().position(|r| r[0] == "Gənc Kod").expect("s3");
    assert_eq!(kpis.get((s3, 2)), Some(&Data::Empty));

    let totals = shown(sheet("Totals"));
    assert_eq!(totals[1][..2], ["People employed".to_string(), "5".into()]);
}

#[test]
fn the_same_day_writes_the_same_workbook() {
    let one = build("2026-11-28").render(SummaryFormat::Xlsx, false);
    let two = build("2026-11-28").render(SummaryFormat::Xlsx, false);
    assert!(one.is_ok() && one == two);
}
