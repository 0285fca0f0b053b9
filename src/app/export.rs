//! `x` on a cohort: a small dialog to write its summary to a file, with a
//! format, a file name that follows it, and a question before a file is
//! overwritten. Over SSH the file is a plain name in the user's own export
//! folder on the server, and the dialog says how to fetch it.

use std::path::PathBuf;

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::effect::{Effect, Outcome};
use super::state::{Overlay, State, Tab};
use crate::export::folder::plain_name;
use crate::export::summary::{SummaryFormat, default_file_name};

/// A session over SSH: exports go to the user's own folder on the server,
/// never to a path the session names, and notes are signed by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The signed-in user's export folder on the server.
    pub export_folder: PathBuf,
    /// The command that reaches the server (`ssh -p 2222 host`).
    pub ssh: String,
    /// The host to `scp` exports from, when the server's operator allows it.
    pub scp_host: Option<String>,
}

/// A format the dialog offers: the three summary formats, and CSV with a
/// byte order mark for Excel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub format: SummaryFormat,
    pub excel: bool,
}

impl Choice {
    pub const ALL: [Choice; 4] = [
        Choice {
            format: SummaryFormat::Markdown,
            excel: false,
        },
        Choice {
            format: SummaryFormat::Csv,
            excel: false,
        },
        Choice {
            format: SummaryFormat::Csv,
            excel: true,
        },
        Choice {
            format: SummaryFormat::Json,
            excel: false,
        },
    ];

    pub fn label(self) -> &'static str {
        if self.excel {
            "CSV for Excel"
        } else {
            self.format.label()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportField {
    Format,
    File,
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub cohort: String,
    pub cohort_name: String,
    pub choice: usize,
    pub file: Input,
    pub field: ExportField,
    /// A file that is there already, waiting for a yes before it is replaced.
    pub confirm: Option<PathBuf>,
    /// Why the last try failed.
    pub error: Option<String>,
    /// Over SSH, once written: where it went and how to fetch it.
    pub written: Option<Written>,
}

/// An export written over SSH, as the dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    /// The commands that bring it to the user's machine.
    pub fetch: Vec<String>,
}

impl ExportDialog {
    pub fn choice(&self) -> Choice {
        Choice::ALL[self.choice.min(Choice::ALL.len() - 1)]
    }
}

impl State {
    /// `x`: open the dialog for the cohort selected, or say where it works.
    pub(super) fn open_export(&mut self) {
        let cohort = match self.tab {
            Tab::Cohorts => self
                .selected_index()
                .map(|i| &self.data.portfolio.cohorts[i]),
            _ => None,
        };
        let Some(cohort) = cohort else {
            self.status =
                Some("x exports a cohort's summary: choose one on the Cohorts tab (3)".into());
            return;
        };
        let choice = Choice::ALL[0];
        let name = default_file_name(cohort, self.today, choice.format);
        // Over SSH a name only: the folder is the user's, not theirs to choose.
        let file = match &self.remote {
            Some(_) => name,
            None => self.export_folder.join(name).to_string_lossy().into_owned(),
        };
        self.overlay = Overlay::Export(ExportDialog {
            cohort: cohort.id.clone(),
            cohort_name: cohort.name.clone(),
            choice: 0,
            file: Input::new(file),
            field: ExportField::File,
            confirm: None,
            error: None,
            written: None,
        });
    }

    pub(super) fn export_key(&mut self, event: KeyEvent) {
        let Overlay::Export(dialog) = &mut self.overlay else {
            return;
        };
        if dialog.written.is_some() {
            if matches!(
                event.code,
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q')
            ) {
                self.overlay = Overlay::None;
            }
            return;
        }
        if let Some(path) = dialog.confirm.clone() {
            match event.code {
                KeyCode::Char('y') | KeyCode::Enter => self.write_export(path, true),
                _ => dialog.confirm = None,
            }
            return;
        }
        match (event.code, dialog.field) {
            (KeyCode::Esc, _) => self.overlay = Overlay::None,
            (KeyCode::Enter, _) => {
                let typed = dialog.file.value().trim();
                let path = match &self.remote {
                    // Whatever was typed becomes a plain name in the folder.
                    Some(_) => plain_name(typed).map(PathBuf::from),
                    None => Some(PathBuf::from(typed)).filter(|p| !p.as_os_str().is_empty()),
                };
                match path {
                    Some(path) => self.write_export(path, false),
                    None => {
                        dialog.error = Some(match self.remote {
                            Some(_) => "Give the file a plain name, like summary.md.".into(),
                            None => "Give the file a name.".into(),
                        });
                        dialog.field = ExportField::File;
                    }
                }
            }
            (KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down, _) => {
                dialog.field = match dialog.field {
                    ExportField::Format => ExportField::File,
                    ExportField::File => ExportField::Format,
                };
            }
            (KeyCode::Left | KeyCode::Right, ExportField::Format) => {
                let n = Choice::ALL.len();
                let next = if event.code == KeyCode::Left {
                    (dialog.choice + n - 1) % n
                } else {
                    (dialog.choice + 1) % n
                };
                let (old, new) = (dialog.choice(), Choice::ALL[next]);
                dialog.choice = next;
                // The file name follows the format while it has the old one's ending.
                let value = dialog.file.value();
                let old_ending = format!(".{}", old.format.extension());
                if let Some(stem) = value.strip_suffix(&old_ending) {
                    let renamed = format!("{stem}.{}", new.format.extension());
                    dialog.file = Input::new(renamed);
                }
            }
            (_, ExportField::File) => {
                if let Some(request) = to_input_request(&TermEvent::Key(event)) {
                    dialog.file.handle(request);
                    dialog.error = None;
                }
            }
            _ => {}
        }
    }

    fn write_export(&mut self, path: PathBuf, replace: bool) {
        let Overlay::Export(dialog) = &self.overlay else {
            return;
        };
        let choice = dialog.choice();
        self.effects.push(Effect::ExportCohort {
            cohort: dialog.cohort.clone(),
            format: choice.format,
            excel: choice.excel,
            path,
            replace,
        });
    }

    /// What the front end made of an effect.
    pub(super) fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            // Refused: the store said no (a rule); failed: it could not.
            // Either way the dialog or form that asked says why.
            Outcome::Failed(message) | Outcome::Refused(message) => match &mut self.overlay {
                Overlay::Export(dialog) => {
                    dialog.confirm = None;
                    dialog.error = Some(message);
                }
                Overlay::Form(form) => {
                    form.saving = false;
                    form.error = Some(message);
                }
                Overlay::Note(editor) => {
                    editor.saving = false;
                    editor.error = Some(message);
                }
                _ => self.status = Some(message),
            },
            Outcome::Exported(path) => {
                let fetch = self.fetch_commands(&path);
                match (&mut self.overlay, fetch) {
                    (Overlay::Export(dialog), Some(fetch)) => {
                        dialog.written = Some(Written {
                            path: path.clone(),
                            fetch,
                        });
                    }
                    _ => self.overlay = Overlay::None,
                }
                self.status = Some(format!("Wrote {}", path.display()));
            }
            Outcome::ExportExists(path) => {
                if let Overlay::Export(dialog) = &mut self.overlay {
                    dialog.confirm = Some(path);
                }
            }
            other => self.edit_outcome(other),
        }
    }
}

impl State {
    /// Over SSH, how to bring the export at `path` (just written) to the
    /// user's machine: the same summary over ssh, and scp where allowed.
    fn fetch_commands(&self, path: &std::path::Path) -> Option<Vec<String>> {
        let remote = self.remote.as_ref()?;
        let Overlay::Export(dialog) = &self.overlay else {
            return None;
        };
        let choice = dialog.choice();
        let name = path.file_name()?.to_string_lossy().into_owned();
        let quote = |s: &str| shell_words::quote(s).into_owned();
        let excel = if choice.excel { " --excel" } else { "" };
        let mut fetch = vec![format!(
            "{} export cohort {} --format {}{excel} --as-of {} > {}",
            remote.ssh,
            quote(&dialog.cohort),
            choice.format.extension(),
            self.today,
            quote(&name)
        )];
        if let Some(host) = &remote.scp_host {
            let from = format!("{host}:{}", path.display());
            fetch.push(format!("scp {} .", quote(&from)));
        }
        Some(fetch)
    }
}
