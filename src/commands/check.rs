//! `check`: verify the store; exit 1 if it is damaged.

use crate::backup;
use crate::store::{CheckReport, Store};

use super::{Failure, Output};

pub fn check(store: &Store, output: &mut Output) -> Result<u8, Failure> {
    let report: CheckReport = store.check()?;
    // Damage found refuses writes until a restore; sound lifts that.
    store.remember_check(&report);
    let schema = report
        .schema_version
        .map_or("missing".to_string(), |v| v.to_string());
    let mut out = format!(
        "Database {}\n  schema version {schema}\n  {}\n  {} history entries\n  checksum {:08x}\n",
        store.path().display(),
        report.summary,
        report.history_entries,
        report.checksum
    );
    if report.catalog_rebuilt {
        out.push_str("  the catalog of names disagreed with the records: built again from them\n");
    }
    let snapshots = backup::list(store.path()).unwrap_or_default();
    match snapshots.first() {
        Some(latest) => out.push_str(&format!(
            "  {} snapshot(s) in {}, the latest {} ({})\n",
            snapshots.len(),
            backup::folder(store.path()).display(),
            latest.name,
            latest.when()
        )),
        None => out.push_str(&format!(
            "  no snapshots yet in {}\n",
            backup::folder(store.path()).display()
        )),
    }
    if report.is_sound() {
        out.push_str("Sound.\n");
        output.print(&out)?;
        Ok(0)
    } else {
        out.push_str(&report.damage_lines());
        out.push_str(&format!("Next: {}\n", crate::backup::advice(store.path())));
        output.print(&out)?;
        Ok(1)
    }
}
