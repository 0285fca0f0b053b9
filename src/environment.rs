//! The environment a command sees: this process's, or, on a thread that
//! runs a command forwarded by another `incubator` over the holder's
//! socket (see `crate::holder`), the caller's — its login name and config
//! file, not the holder's. The environment is one per process, so the
//! caller's is kept per thread.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a forwarded command's caller sent of its environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The variables that matter (`USER`, `LOGNAME`, `NO_COLOR`,
    /// `INCUBATOR_*`, …), as the caller had them.
    pub vars: BTreeMap<String, String>,
    /// The config file the caller reads (`crate::config::path` there).
    pub config_file: Option<PathBuf>,
}

thread_local! {
    static CALLER: RefCell<Option<Caller>> = const { RefCell::new(None) };
}

/// Run `work` on this thread as `caller`.
pub fn as_caller<T>(caller: Caller, work: impl FnOnce() -> T) -> T {
    struct Reset(Option<Caller>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            CALLER.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _reset = Reset(CALLER.with(|c| c.borrow_mut().replace(caller)));
    work()
}

/// Whether this thread runs a command for another process.
pub fn is_forwarded() -> bool {
    CALLER.with(|c| c.borrow().is_some())
}

/// The variable `name`: the caller's on a forwarded command's thread
/// (unset if the caller had none), else this process's.
pub fn var(name: &str) -> Option<String> {
    CALLER
        .with(|c| {
            c.borrow()
                .as_ref()
                .map(|caller| caller.vars.get(name).cloned())
        })
        .unwrap_or_else(|| std::env::var(name).ok())
}

/// The caller's config file on a forwarded command's thread (`Some(None)`:
/// the caller has none), else `None`: this process's is the one.
pub fn config_file() -> Option<Option<PathBuf>> {
    CALLER.with(|c| c.borrow().as_ref().map(|caller| caller.config_file.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callers_variables_hold_on_its_thread_only_while_it_runs() {
        let caller = Caller {
            vars: BTreeMap::from([("USER".to_string(), "caller".to_string())]),
            config_file: Some(PathBuf::from("/c/config.toml")),
        };
        let own = std::env::var("USER").ok();
        as_caller(caller, || {
            assert!(is_forwarded());
            assert_eq!(var("USER").as_deref(), Some("caller"));
            // Not sent is not set, whatever this process has.
            assert_eq!(var("PATH"), None);
            assert_eq!(config_file(), Some(Some(PathBuf::from("/c/config.toml"))));
            let other = std::thread::spawn(|| (var("USER"), config_file()));
            assert_eq!(other.join().unwrap(), (own.clone(), None));
        });
        assert_eq!(var("USER"), own);
        assert_eq!(config_file(), None);
        assert!(!is_forwarded());
    }
}
