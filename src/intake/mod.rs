//! Applications from a form tool's CSV export (Google Forms, Typeform,
//! Microsoft Forms): the file read into a header and rows (`sheet`), which
//! column is which field (`columns`), the time a response was sent
//! (`when`), and the applications the rows make for a call (`plan`). No
//! I/O and no store: `commands::intake` reads the file and writes what the
//! plan makes.

mod columns;
mod plan;
mod sheet;
mod when;

pub use columns::{Field, MapError, columns};
pub use plan::{Applied, CellProblem, Duplicate, Made, Original, Plan, plan};
pub use sheet::{Sheet, SheetError, column_letters, read};
pub use when::local;
