//! `incubator manpage`: the manual page `incubator.1`, made by clap_mangen
//! from the same command line the program parses, so it lists every
//! command and flag of this build.

use std::path::Path;

use super::{Failure, Output};

/// The page's file name, as `man` looks for it in a `man1` folder.
pub const FILE_NAME: &str = "incubator.1";

/// Write the page for `command` to the output, or as `incubator.1` into
/// the folder `into` (whole, replacing one there).
pub fn manpage(
    command: clap::Command,
    into: Option<&Path>,
    output: &mut Output,
) -> Result<u8, Failure> {
    if let Some(folder) = into
        && !folder.is_dir()
    {
        return Err(Failure::new(
            2,
            format!("-o {}: no such folder", folder.display()),
        ));
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| Failure::new(1, format!("could not make the manual page: {e}")))?;
    let file = into.map(|folder| folder.join(FILE_NAME));
    output.deliver(
        file.as_deref(),
        &page,
        (FILE_NAME, true),
        |_| Ok(()),
        |path| format!("wrote {}", path.display()),
    )?;
    Ok(0)
}
