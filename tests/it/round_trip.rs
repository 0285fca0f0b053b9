//! The interchange round trip (DESIGN.md, "Interchange format"): exporting
//! a database, importing that into an empty database and exporting again
//! gives the same document, apart from `exported_at`.

use std::collections::HashSet;
use std::path::Path;

use crate::support::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use incubator::interchange::{parse, to_json};
use incubator::model::*;
use incubator::store::Store;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

// ---------------------------------------------------------------------------
// Generators of valid portfolios.

/// Characters people (and files) put in names: Azerbaijani and Turkish
/// letters, Hangul, emoji, quotes, backslashes, control characters.
fn a_char() -> impl Strategy<Value = char> {
    let special = vec![
        'ə', 'Ə', 'ş', 'Ş', 'ç', 'Ç', 'ğ', 'Ğ', 'ı', 'İ', 'ö', 'Ö', 'ü', 'Ü', '한', '국', '어',
        '가', '힣', '김', '😀', '🚀', '👩', '\u{200d}', '💻', '"', '\\', '\'', '/', '<', '>', '&',
        ' ', '\u{a0}', '\u{1b}', '\u{7}', '\u{0}', '\u{9b}', '\u{7f}', '\u{2028}', '\u{200b}',
        '\u{feff}', '\u{fffd}', '–', '…',
    ];
    prop_oneof![
        4 => select(special),
        5 => prop::char::range('a', 'z'),
        1 => prop::char::range('A', 'Z'),
        1 => prop::char::range('0', '9'),
        1 => any::<char>(),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    vec(a_char(), 0..=max).prop_map(|cs| cs.into_iter().collect())
}

/// Text that is not empty once trimmed (names, authors).
fn name(max: usize) -> impl Strategy<Value = String> {
    vec(a_char(), 1..=max)
        .prop_map(|cs| cs.into_iter().collect::<String>())
        .prop_filter("a name has something in it", |s| !s.trim().is_empty())
}

/// Multi-line text: bodies and notes keep newlines, tabs and CRs.
fn body(max: usize) -> impl Strategy<Value = String> {
    vec(
        prop_oneof![6 => a_char(), 1 => select(vec!['\n', '\t', '\r'])],
        1..=max,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>())
    .prop_filter("a body has something in it", |s| !s.trim().is_empty())
}

/// Distinct, non-empty words (tags, expertise, languages, investors); the
/// import trims them, so they are distinct once trimmed.
fn words() -> impl Strategy<Value = Vec<String>> {
    vec(name(12), 0..4).prop_map(|ws| {
        let mut seen = HashSet::new();
        ws.into_iter()
            .filter(|w| seen.insert(w.trim().to_string()))
            .collect()
    })
}

/// A suffix that makes ids less tame; it never starts with a digit, so
/// `prefix + index + suffix` stays unique.
fn id_suffix() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => "[-_.:@ə가😀İ][a-z0-9ş]{0,3}",
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2199, 1u32..=365)
        .prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).expect("a day of the year"))
}

fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let offsets = vec![0, 4 * 3600, 9 * 3600, -(3 * 3600 + 1800)];
    (
        (1901i32..=2199, 1u32..=365),
        0u32..86_400,
        prop_oneof![3 => Just(0u32), 1 => 0u32..1_000_000_000],
        select(offsets),
    )
        .prop_map(|((y, d), secs, nanos, offset)| {
            let day = NaiveDate::from_yo_opt(y, d).unwrap();
            let at =
                day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).unwrap());
            let offset = FixedOffset::east_opt(offset).unwrap();
            at.and_local_timezone(offset).single().unwrap()
        })
}

/// Finite amounts of 0 or more, fractional ones and the awkward ones.
fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => 0.0f64..1e12,
        2 => (0u64..1_000_000_000_000).prop_map(|n| n as f64),
        1 => (0u64..100_000_000, 0u32..100).prop_map(|(n, c)| n as f64 + f64::from(c) / 100.0),
        1 => select(vec![0.0, -0.0, 0.1, 0.3, 1e-300, 5e-324, f64::MIN_POSITIVE, 1e15 + 0.5, 9_007_199_254_740_993.0, f64::MAX]),
    ]
}

fn kpis() -> impl Strategy<Value = Vec<Kpi>> {
    vec(
        (date(), amount(), any::<u64>(), 0u64..10_000, amount()),
        0..4,
    )
    .prop_map(|ks| {
        let mut dates = HashSet::new();
        ks.into_iter()
            .filter(|k| dates.insert(k.0))
            .map(
                |(date, revenue, customers, employees, funding_raised)| Kpi {
                    date,
                    revenue,
                    customers,
                    employees,
                    funding_raised,
                },
            )
            .collect()
    })
}

#[derive(Debug, Clone, Copy)]
struct Counts {
    cohorts: usize,
    mentors: usize,
    startups: usize,
    demo_days: usize,
    notes: usize,
}

fn ids(prefix: &'static str, n: usize) -> impl Strategy<Value = Vec<String>> {
    vec(id_suffix(), n).prop_map(move |sfx| {
        sfx.iter()
            .enumerate()
            .map(|(i, s)| format!("{prefix}{}{s}", i + 1))
            .collect()
    })
}

fn cohort(id: String) -> impl Strategy<Value = Cohort> {
    (
        name(30),
        select(Program::ALL.to_vec()),
        date(),
        0i64..400,
        1u32..=10_000,
        text(60),
    )
        .prop_map(
            move |(name, program, start, days, capacity, description)| Cohort {
                id: id.clone(),
                name,
                program,
                start,
                end: start + Duration::days(days),
                capacity,
                description,
            },
        )
}

fn mentor(id: String) -> impl Strategy<Value = Mentor> {
    (
        name(30),
        text(20),
        text(20),
        words(),
        words(),
        0u32..=10_000,
    )
        .prop_map(
            move |(name, email, organization, expertise, languages, capacity)| Mentor {
                id: id.clone(),
                name,
                email,
                organization,
                expertise,
                languages,
                capacity,
            },
        )
}

fn founder() -> impl Strategy<Value = Founder> {
    (name(20), text(20), text(10)).prop_map(|(name, email, role)| Founder { name, email, role })
}

fn startup(
    id: String,
    cohorts: Vec<String>,
    mentors: Vec<String>,
) -> impl Strategy<Value = Startup> {
    let cohort = if cohorts.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::of(select(cohorts)).boxed()
    };
    let n = mentors.len();
    (
        (
            name(30),
            text(40),
            text(12),
            select(Stage::ALL.to_vec()),
            select(Status::ALL.to_vec()),
        ),
        cohort,
        subsequence(mentors, 0..=n.min(3)),
        vec(founder(), 0..3),
        words(),
        text(20),
        kpis(),
    )
        .prop_map(
            move |(
                (name, one_liner, sector, stage, status),
                cohort,
                mentors,
                founders,
                tags,
                website,
                kpis,
            )| {
                Startup {
                    id: id.clone(),
                    name,
                    one_liner,
                    sector,
                    stage,
                    status,
                    cohort,
                    mentors,
                    founders,
                    tags,
                    website,
                    kpis,
                    outcome: None,
                }
            },
        )
}

fn demo_day(
    id: String,
    cohorts: Vec<String>,
    startups: Vec<String>,
) -> impl Strategy<Value = DemoDay> {
    let n = startups.len();
    (
        select(cohorts),
        time(),
        text(30),
        subsequence(startups, 0..=n.min(4)).prop_shuffle(),
        vec(1u32..=240, 4),
        words(),
        text(60),
    )
        .prop_map(
            move |(cohort, at, venue, pitching, minutes, investors, notes)| DemoDay {
                id: id.clone(),
                cohort,
                at,
                venue,
                pitches: pitching
                    .into_iter()
                    .zip(minutes)
                    .map(|(startup, minutes)| Pitch { startup, minutes })
                    .collect(),
                investors,
                notes,
                criteria: vec![],
                judges: vec![],
                scores: vec![],
                judging_closed: false,
            },
        )
}

fn note(id: String, startups: Vec<String>) -> impl Strategy<Value = Note> {
    (
        select(startups),
        name(20),
        select(NoteKind::ALL.to_vec()),
        time(),
        body(120),
    )
        .prop_map(move |(startup, author, kind, created_at, body)| Note {
            id: id.clone(),
            startup,
            author,
            kind,
            created_at,
            body,
        })
}

fn portfolio() -> impl Strategy<Value = Portfolio> {
    (0usize..4, 0usize..5, 0usize..7, 0usize..3, 0usize..8)
        .prop_map(|(cohorts, mentors, startups, demo_days, notes)| Counts {
            cohorts,
            mentors,
            startups,
            demo_days: if cohorts == 0 { 0 } else { demo_days },
            notes: if startups == 0 { 0 } else { notes },
        })
        .prop_flat_map(|n| {
            (
                ids("c", n.cohorts),
                ids("m", n.mentors),
                ids("s", n.startups),
                ids("d", n.demo_days),
                ids("n", n.notes),
            )
        })
        .prop_flat_map(|(c_ids, m_ids, s_ids, d_ids, n_ids)| {
            let cohorts: Vec<_> = c_ids.iter().cloned().map(cohort).collect();
            let mentors: Vec<_> = m_ids.iter().cloned().map(mentor).collect();
            let startups: Vec<_> = s_ids
                .iter()
                .cloned()
                .map(|id| startup(id, c_ids.clone(), m_ids.clone()))
                .collect();
            let demo_days: Vec<_> = d_ids
                .iter()
                .cloned()
                .map(|id| demo_day(id, c_ids.clone(), s_ids.clone()))
                .collect();
            let notes: Vec<_> = n_ids
                .iter()
                .cloned()
                .map(|id| note(id, s_ids.clone()))
                .collect();
            (cohorts, mentors, startups, demo_days, notes).prop_map(
                |(cohorts, mentors, startups, demo_days, notes)| Portfolio {
                    cohorts,
                    mentors,
                    startups,
                    demo_days,
                    notes,
                    ..Portfolio::default()
                },
            )
        })
}

// ---------------------------------------------------------------------------
// The round trip through the library.

fn exported_at() -> DateTime<Utc> {
    "2026-11-28T09:30:00Z".parse().unwrap()
}

/// Import `text` into a new database at `db` and export it again.
fn import_then_export(db: &Path, text: &str) -> Result<String, String> {
    let parsed = parse(text).map_err(|e| format!("parse: {e}"))?;
    if !parsed.problems.is_empty() {
        let problems: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
        return Err(format!("problems reading the file: {problems:#?}"));
    }
    let store = Store::open(db).map_err(|e| format!("open: {e}"))?;
    store
        .import("round trip", parsed, false)
        .map_err(|e| format!("import: {e}"))?;
    let portfolio = store.portfolio().map_err(|e| format!("portfolio: {e}"))?;
    Ok(to_json(&portfolio, exported_at()))
}

/// The file as another tool may write it: a zero offset spelled `+00:00`
/// rather than `Z`, keys in another order (serde_json's map is sorted).
fn respelled(text: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    for (section, field) in [("demo_days", "at"), ("notes", "created_at")] {
        for record in doc[section].as_array_mut().unwrap() {
            let t = record[field].as_str().unwrap().to_string();
            if let Some(base) = t.strip_suffix('Z') {
                record[field] = serde_json::json!(format!("{base}+00:00"));
            }
        }
    }
    serde_json::to_string(&doc).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_is_stable(generated in portfolio(), respell in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut file = to_json(&generated, exported_at());
        if respell {
            file = respelled(&file);
        }

        let first = import_then_export(&dir.path().join("first"), &file);
        let first = match first {
            Ok(text) => text,
            Err(e) => return Err(TestCaseError::fail(format!("a valid portfolio was refused: {e}\n{file}"))),
        };
        let second = import_then_export(&dir.path().join("second"), &first)
            .map_err(|e| TestCaseError::fail(format!("an export was refused: {e}\n{first}")))?;
        prop_assert_eq!(&first, &second, "export → import → export changed the document");

        // Nothing was lost on the way in either: the first export is the
        // generated portfolio, tidied as an import tidies it.
        let mut expected = generated.clone();
        expected.normalize();
        expected.arrange();
        prop_assert_eq!(&first, &to_json(&expected, exported_at()), "the import lost or changed data");
    }
}

// ---------------------------------------------------------------------------
// The round trip through the binary, with the built-in sample.

fn drop_exported_at_line(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"exported_at\":"))
        .collect();
    assert_eq!(
        kept.len() + 1,
        text.lines().count(),
        "exactly one exported_at line"
    );
    kept.join("\n")
}

#[test]
fn the_sample_survives_export_import_export_through_the_binary() {
    let first = Sandbox::new();
    assert_success(&first.run(&["init"]));
    let out = first.run(&["export", "all"]);
    assert_success(&out);
    let exported = stdout(&out);
    let file = first.write("sample.json", &exported);

    let second = Sandbox::new();
    let out = second.import_file(&file, false);
    assert_success(&out);
    assert!(
        !stderr(&out).contains("sample portfolio"),
        "import starts empty\n{}",
        show(&out)
    );
    let again = second.export_text();

    assert_eq!(
        drop_exported_at_line(&exported),
        drop_exported_at_line(&again)
    );
    assert_eq!(without_exported_at(&exported), without_exported_at(&again));
    let doc = without_exported_at(&again);
    assert_eq!(doc["startups"].as_array().unwrap().len(), 24);
    assert_eq!(doc["notes"].as_array().unwrap().len(), 43);
}

#[test]
fn the_design_example_survives_the_round_trip_through_the_binary() {
    let first = Sandbox::new();
    first.import_ok("example.json", &valid_doc());
    let exported = first.export_text();
    assert_eq!(without_exported_at(&exported), exported_as_v2(valid_doc()));

    let second = Sandbox::new();
    let file = second.write("again.json", &exported);
    assert_success(&second.import_file(&file, false));
    assert_eq!(
        drop_exported_at_line(&exported),
        drop_exported_at_line(&second.export_text())
    );
}
