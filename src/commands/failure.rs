//! A command that did not succeed: the line to tell the user and the
//! exit code, from the errors the commands meet.

use crate::export::WriteError;
use crate::resolve::ResolveError;
use crate::store::StoreError;

/// A command that did not succeed: what to tell the user and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        // Damage seen once refuses writes from now on (until a restore).
        crate::store::known_damage::note(&e);
        match &e {
            // Say what to run next: the latest good snapshot, by name.
            StoreError::Damaged { path, detail } if !path.as_os_str().is_empty() => Failure::new(
                e.exit_code() as u8,
                format!(
                    "the database {} is damaged ({detail}); {}",
                    path.display(),
                    crate::backup::advice(path)
                ),
            ),
            _ => Failure::new(e.exit_code() as u8, e.to_string()),
        }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        // Refusing to replace a file asks the user for another name or
        // --force: their input to change, like an unknown name.
        let code = match e {
            WriteError::Exists(_) => 2,
            WriteError::Io { .. } => 1,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<ResolveError> for Failure {
    fn from(e: ResolveError) -> Self {
        Failure::new(2, e.to_string())
    }
}
