//! `incubator export cohort`: cohort summaries as Markdown, CSV and JSON.
//!
//! The golden files in `tests/golden/` are the sample portfolio's cohorts
//! as of 2026-11-28, compared byte for byte. After a deliberate change,
//! regenerate them with `UPDATE_GOLDEN=1 cargo test --test export_cohort`
//! and read the diff before committing it.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::support::*;
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";
const COLUMNS: usize = 27;

/// An env whose database holds the sample (made by `init`).
fn sample() -> Sandbox {
    let env = Sandbox::new();
    assert_success(&env.run(&["init"]));
    env
}

fn summary(env: &Sandbox, cohort: &str, format: &str) -> Vec<u8> {
    let out = env.run(&[
        "export", "cohort", cohort, "--format", format, "--as-of", AS_OF,
    ]);
    assert_success(&out);
    out.stdout
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(name)
}

// --- golden files ------------------------------------------------------------

#[test]
fn sample_cohorts_match_their_golden_files() {
    let env = sample();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty());
    let mut differ = Vec::new();
    for cohort in ["c1", "c2", "c3", "c4"] {
        for format in ["md", "csv", "json"] {
            let name = format!("cohort-{cohort}.{format}");
            let path = golden_path(&name);
            let actual = summary(&env, cohort, format);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run UPDATE_GOLDEN=1 cargo test --test export_cohort",
                    path.display()
                )
            });
            if actual != expected {
                differ.push(format!(
                    "{name} differs; now:\n{}",
                    String::from_utf8_lossy(&actual)
                ));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(if the change is meant, UPDATE_GOLDEN=1 cargo test --test export_cohort)",
        differ.join("\n")
    );
}

#[test]
fn golden_json_is_the_documented_structure() {
    let text = std::fs::read_to_string(golden_path("cohort-c1.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "incubator-cohort-summary");
    assert_eq!(v["version"], 1);
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(v["cohort"]["status"], "finished");
    // Numbers are numbers.
    assert!(v["totals"]["revenue"].is_f64(), "{}", v["totals"]);
    assert!(v["totals"]["employees"].is_u64(), "{}", v["totals"]);
    let solar = startup_where(&v, "id", "s1");
    assert_eq!(solar["kpi"]["revenue"], json!(14800.0));
    assert_eq!(solar["change"]["since"], "2025-09-30");
    assert_eq!(
        solar["demo_day_slots"][0]["start"],
        "2025-12-18T15:00:00+04:00"
    );
}

/// The startup entry of a JSON summary whose `field` is `value`.
fn startup_where<'a>(summary: &'a Value, field: &str, value: &str) -> &'a Value {
    summary["startups"]
        .as_array()
        .expect("startups")
        .iter()
        .find(|s| s[field] == value)
        .unwrap_or_else(|| panic!("no startup with {field} {value:?}"))
}

// --- CSV ---------------------------------------------------------------------

/// The sample's startups of each cohort, from the interchange export.
fn startup_names(env: &Sandbox, cohort: &str) -> BTreeSet<String> {
    env.export()["startups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["cohort"] == cohort)
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn read_csv(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader.headers().expect("a header row").clone();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("every row reads back");
    (header, rows)
}

#[test]
fn csv_reads_back_one_row_per_startup_with_every_column() {
    let env = sample();
    for cohort in ["c1", "c2", "c3", "c4"] {
        let bytes = summary(&env, cohort, "csv");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
        let (header, rows) = read_csv(&bytes);
        assert_eq!(header.len(), COLUMNS, "{header:?}");
        assert_eq!(&header[0], "Startup");
        let names: BTreeSet<String> = rows
            .iter()
            .map(|r| {
                assert_eq!(r.len(), COLUMNS, "{r:?}");
                r[0].to_string()
            })
            .collect();
        assert_eq!(rows.len(), names.len());
        assert_eq!(names, startup_names(&env, cohort), "{cohort}");
    }
}

#[test]
fn excel_csv_starts_with_a_bom_and_is_otherwise_the_same() {
    let env = sample();
    let plain = summary(&env, "c2", "csv");
    let out = env.run(&[
        "export", "cohort", "c2", "--format", "csv", "--excel", "--as-of", AS_OF,
    ]);
    assert_success(&out);
    assert_eq!(&out.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&out.stdout[3..], &plain[..]);

    let out = env.run(&["export", "cohort", "c2", "--format", "json", "--excel"]);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out),
        "incubator: --excel goes with --format csv\n",
        "{}",
        show(&out)
    );
}

// --- hostile text ------------------------------------------------------------

/// The valid document with names that try to break tables, inject
/// formulas and drive a terminal.
fn hostile_doc() -> Value {
    let mut doc = valid_doc();
    let s = &mut doc["startups"][0];
    s["name"] = json!("=HYPERLINK(\"http://evil\",\"Pay|Now\")");
    s["sector"] = json!("fin|tech\nsecond line");
    s["founders"] = json!([
        {"name": "+cmd|' /C calc'!A0", "email": "", "role": "C\\|O"},
        {"name": "\u{1b}]52;c;ZXZpbA==\u{7}Kim\u{9b}2J", "email": "", "role": "-CTO"}
    ]);
    doc["mentors"][0]["name"] = json!("@Aysel\r\nHüseynova\\");
    doc["mentors"][0]["organization"] = json!("\tABAD");
    doc["demo_days"][0]["investors"] = json!(["Caspian | Ventures", "<script>x</script>"]);
    doc["notes"][0]["body"] = json!("-1+1 | pipes \u{7f} and \u{1b}[31mred\u{1b}[0m\nsecond");
    doc["cohorts"][0]["description"] = json!("Line one | with a pipe.\n\nLine \u{1b}[2J two.");
    doc
}

/// The summary of the hostile document's cohort in `format`, checked to
/// have no raw control characters.
fn hostile_summary(format: &str) -> String {
    let env = Sandbox::new();
    env.import_ok("hostile.json", &hostile_doc());
    let text = String::from_utf8(summary(&env, "c1", format)).expect("UTF-8");
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r'))
        .collect();
    assert!(
        bad.is_empty(),
        "{format} has raw control characters {bad:?}:\n{text}"
    );
    text
}

/// The cells of a GitHub-flavoured table row: split on `|` that is not
/// escaped (a backslash escapes the character after it).
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim();
    let inner = inner.strip_prefix('|').expect("a row starts with |");
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = cells.last_mut().unwrap();
                last.push(c);
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    // The closing pipe leaves an empty last piece.
    assert_eq!(cells.pop().as_deref(), Some(""), "row ends with |: {row:?}");
    cells
}

/// Every table in `markdown` (runs of lines starting with `|`): its rows,
/// each as its cells.
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for line in markdown.lines() {
        if line.starts_with('|') {
            if !in_table {
                out.push(Vec::new());
            }
            out.last_mut().unwrap().push(cells(line));
            in_table = true;
        } else {
            in_table = false;
        }
    }
    out
}

#[test]
fn markdown_tables_keep_their_shape_whatever_the_text() {
    let md = hostile_summary("md");
    assert!(!md.contains('\r'), "{md}");
    let tables = tables(&md);
    assert!(tables.len() >= 6, "{md}");
    for table in &tables {
        let width = table[0].len();
        for row in table {
            assert_eq!(row.len(), width, "{row:?} in\n{md}");
        }
        // The delimiter row.
        assert!(
            table[1]
                .iter()
                .all(|c| c.trim().trim_end_matches(':').chars().all(|c| c == '-')),
            "{:?}",
            table[1]
        );
    }
    assert!(md.contains("fin\\|tech second line"), "{md}");
    assert!(md.contains("Hüseynova\\\\"), "{md}");
    assert!(md.contains("&lt;script>"), "{md}");
    assert!(!md.contains("<script>"), "{md}");
}

#[test]
fn csv_neutralises_formulas_and_control_characters() {
    let text = hostile_summary("csv");
    let (header, rows) = read_csv(text.as_bytes());
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    let col = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        row[i].to_string()
    };
    assert_eq!(col("Startup"), "'=HYPERLINK(\"http://evil\",\"Pay|Now\")");
    assert!(col("Founders").starts_with("'+cmd"), "{}", col("Founders"));
    assert!(col("Mentors").starts_with("'@Aysel"), "{}", col("Mentors"));
    assert!(
        col("Latest note").starts_with("'-1+1"),
        "{}",
        col("Latest note")
    );
    assert_eq!(col("Sector"), "fin|tech second line");
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} in {row:?}"
        );
    }
}

#[test]
fn json_keeps_the_text_and_escapes_the_controls() {
    let text = hostile_summary("json");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["startups"][0]["name"],
        hostile_doc()["startups"][0]["name"]
    );
    assert_eq!(
        v["startups"][0]["latest_note"]["first_line"],
        "-1+1 | pipes \u{7f} and \u{1b}[31mred\u{1b}[0m"
    );
}

// --- choosing the cohort -----------------------------------------------------

#[test]
fn an_unknown_or_ambiguous_cohort_exits_2_listing_candidates() {
    let env = sample();
    let out = env.run(&["export", "cohort", "spring", "--format", "md"]);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out),
        "incubator: \"spring\" matches 2 cohorts; say which one:\n  c2  Spring 2026 Acceleration\n  c4  Spring 2027 Acceleration\n"
    );
    assert!(out.stdout.is_empty());

    let out = env.run(&["export", "cohort", "winter", "--format", "csv"]);
    assert_code(&out, 2);
    assert_eq!(stderr(&out), "incubator: no cohort matches \"winter\"\n");

    // A unique part of a name, and an id, are enough.
    assert_eq!(
        summary(&env, "autumn 2026", "json"),
        summary(&env, "c3", "json")
    );
}

/// The valid document plus cohorts named in Azerbaijani and in Korean, an
/// empty one, and one whose startup has no KPIs, notes or demo day.
fn named_doc() -> Value {
    let mut doc = valid_doc();
    let cohorts = doc["cohorts"].as_array_mut().unwrap();
    for (id, name) in [
        ("c2", "Şəki Yay Məktəbi 2026"),
        ("c3", "서울 배치"),
        ("c4", "Gəncə Çağırışı"),
    ] {
        cohorts.push(json!({
            "id": id, "name": name, "program": "incubation",
            "start": "2026-07-01", "end": "2026-08-31", "capacity": 5, "description": ""
        }));
    }
    doc["startups"].as_array_mut().unwrap().push(json!({
        "id": "s2", "name": "Quiet Start", "stage": "idea", "status": "active", "cohort": "c4"
    }));
    doc
}

#[test]
fn names_with_azerbaijani_letters_resolve_and_name_the_file() {
    let env = Sandbox::new();
    env.import_ok("named.json", &named_doc());
    let folder = env.path("reports");
    std::fs::create_dir(&folder).unwrap();
    for (query, file) in [
        ("seki yay", "seki-yay-mektebi-2026-2026-11-28.md"),
        (
            "Şəki Yay Məktəbi 2026",
            "seki-yay-mektebi-2026-2026-11-28.md",
        ),
        ("서울", "c3-2026-11-28.md"),
        ("GƏNCƏ ÇAĞIRIŞI", "gence-cagirisi-2026-11-28.md"),
    ] {
        let out = env.run(&[
            os("export"),
            os("cohort"),
            os(query),
            os("--format"),
            os("md"),
            os("--as-of"),
            os(AS_OF),
            os("--force"),
            os("-o"),
            folder.as_os_str().into(),
        ]);
        assert_success(&out);
        let path = folder.join(file);
        assert!(path.is_file(), "{query}: {}", show(&out));
        assert!(
            stderr(&out).contains(&path.display().to_string()),
            "{}",
            show(&out)
        );
    }
}

/// For mixing strings and paths in one argument list.
fn os(s: &str) -> OsString {
    s.into()
}

#[test]
fn empty_cohorts_and_missing_kpis_still_give_a_summary() {
    let env = Sandbox::new();
    env.import_ok("named.json", &named_doc());
    for cohort in ["c2", "c4"] {
        let md = String::from_utf8(summary(&env, cohort, "md")).unwrap();
        assert!(md.contains("No demo day planned"), "{md}");
        assert!(md.contains("No mentors assigned"), "{md}");
        let json: Value = serde_json::from_slice(&summary(&env, cohort, "json")).unwrap();
        assert_eq!(json["demo_days"], json!([]));
        let (header, rows) = read_csv(&summary(&env, cohort, "csv"));
        assert_eq!(header.len(), COLUMNS);
        if cohort == "c2" {
            assert!(md.contains("No startups in this cohort yet."), "{md}");
            assert!(rows.is_empty());
            assert_eq!(json["totals"]["startups"], 0);
        } else {
            assert!(md.contains("No KPI snapshots yet."), "{md}");
            assert!(md.contains("has no KPI snapshot yet"), "{md}");
            assert_eq!(rows.len(), 1);
            assert_eq!(&rows[0][0], "Quiet Start");
            assert_eq!(json["startups"][0]["kpi"], Value::Null);
            assert_eq!(json["startups"][0]["latest_note"], Value::Null);
            assert_eq!(json["totals"]["with_kpis"], 0);
        }
    }
}

// --- writing files -----------------------------------------------------------

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn an_existing_file_is_refused_without_force_and_replaced_with_it() {
    let env = sample();
    let file = env.write("report.md", "keep me\n");
    let args = |force: bool| {
        let mut args = vec![
            os("export"),
            os("cohort"),
            os("c2"),
            os("--format"),
            os("md"),
            os("--as-of"),
            os(AS_OF),
            os("-o"),
            file.as_os_str().into(),
        ];
        if force {
            args.push(os("--force"));
        }
        args
    };
    let out = env.run(&args(false));
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out),
        format!(
            "incubator: {} already exists (--force replaces it)\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me\n");

    let out = env.run(&args(true));
    assert_success(&out);
    assert!(out.stdout.is_empty(), "{}", show(&out));
    assert_eq!(std::fs::read(&file).unwrap(), summary(&env, "c2", "md"));
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new());

    // A new file needs no --force.
    let new = env.path("new.json");
    let out = env.run(&[
        os("export"),
        os("cohort"),
        os("c2"),
        os("--format"),
        os("json"),
        os("-o"),
        new.as_os_str().into(),
    ]);
    assert_success(&out);
    assert!(new.is_file());
}

#[test]
fn an_unwritable_destination_fails_with_exit_1_and_no_file() {
    let env = sample();
    let file = env.path("missing-folder").join("report.md");
    let out = env.run(&[
        os("export"),
        os("cohort"),
        os("c2"),
        os("--format"),
        os("md"),
        os("-o"),
        file.as_os_str().into(),
    ]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).starts_with(&format!("incubator: could not write {}", file.display())),
        "{}",
        show(&out)
    );
    assert!(!file.exists());
}

// --- the day -----------------------------------------------------------------

#[test]
fn as_of_must_be_a_real_date_and_is_checked_first() {
    let env = Sandbox::new();
    for (value, message) in [
        (
            "2026-02-30",
            "incubator: --as-of: \"2026-02-30\" is not a real date\n",
        ),
        (
            "28.11.2026",
            "incubator: --as-of: \"28.11.2026\" is not a date in the form YYYY-MM-DD\n",
        ),
        (
            "2026-11-28T10:00",
            "incubator: --as-of: \"2026-11-28T10:00\" is not a date in the form YYYY-MM-DD\n",
        ),
    ] {
        let out = env.run(&["export", "cohort", "c1", "--format", "md", "--as-of", value]);
        assert_code(&out, 2);
        assert_eq!(stderr(&out), message);
        assert!(out.stdout.is_empty());
    }
    // Nothing was opened, so nothing was created.
    assert!(!env.db().exists());
}

#[test]
fn as_of_sets_the_status_and_leaves_out_later_records() {
    let env = sample();
    let early = env.run(&[
        "export",
        "cohort",
        "c3",
        "--format",
        "json",
        "--as-of",
        "2026-10-15",
    ]);
    assert_success(&early);
    let v: Value = serde_json::from_slice(&early.stdout).unwrap();
    assert_eq!(v["cohort"]["status"], "running");
    let qala = startup_where(&v, "name", "Qala Stays");
    assert_eq!(qala["kpi"]["date"], "2026-09-30");
    assert_eq!(qala["notes"], 1);

    let before = env.run(&[
        "export",
        "cohort",
        "c3",
        "--format",
        "json",
        "--as-of",
        "2026-01-01",
    ]);
    let v: Value = serde_json::from_slice(&before.stdout).unwrap();
    assert_eq!(v["cohort"]["status"], "upcoming");
    assert_eq!(v["totals"]["with_kpis"], 0);
}
