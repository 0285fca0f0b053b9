//! Writing results: to standard output without tripping on a closed pipe,
//! or to a file that is either wholly written or not there at all.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::Failure;

/// Print to standard output. A reader that went away (`| head`) is not an
/// error worth a message.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(
            1,
            format!("could not write to standard output: {e}"),
        )),
        _ => Ok(()),
    }
}

/// Write `text` to `path` through a temporary file in the same folder and
/// a rename, so a crash or a full disk never leaves half a file.
pub fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    let fail = |e: io::Error| Failure::new(1, format!("could not write {}: {e}", path.display()));
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}
