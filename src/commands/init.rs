//! `init [--empty]`: make the database, with the sample portfolio or with
//! nothing. With `import` and the full-screen view, the only way a
//! database comes to be: every other command refuses a missing one
//! (`cli`'s `require`), so a typo in `--db` never makes one.

use std::path::Path;

use crate::store::Store;
use crate::workspace::{self, IfNew};

use super::{Failure, Output};

pub fn init(db: &Path, if_new: IfNew, output: &mut Output) -> Result<u8, Failure> {
    if !workspace::is_missing(db) {
        // A folder that is not a database is refused by the open; one an
        // init killed midway left is set up now.
        let store = Store::open(db)?;
        if store.is_initialized()? {
            return Err(Failure::new(
                2,
                format!(
                    "a database is already at {}; nothing changed (init makes a database only where there is none)",
                    db.display()
                ),
            ));
        }
    }
    let opened = workspace::open(db, if_new)?;
    let line = match &opened.loaded_sample {
        Some(loaded) => format!(
            "made a database at {} with the sample portfolio ({loaded})\n",
            db.display()
        ),
        None => format!("made an empty database at {}\n", db.display()),
    };
    output.print(&crate::text::sanitize(&line))?;
    Ok(0)
}
