//! `x` on a cohort: a small dialog to write its summary to a file, with a
//! format, a file name that follows it, and a question before a file is
//! overwritten.

use std::path::PathBuf;

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::effect::{Effect, Outcome};
use super::state::{Overlay, State, Tab};
use crate::export::summary::{SummaryFormat, default_file_name};

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
        let path = self.export_folder.join(name);
        self.overlay = Overlay::Export(ExportDialog {
            cohort: cohort.id.clone(),
            cohort_name: cohort.name.clone(),
            choice: 0,
            file: Input::new(path.to_string_lossy().into_owned()),
            field: ExportField::File,
            confirm: None,
            error: None,
        });
    }

    pub(super) fn export_key(&mut self, event: KeyEvent) {
        let Overlay::Export(dialog) = &mut self.overlay else {
            return;
        };
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
                let path = PathBuf::from(dialog.file.value().trim());
                if path.as_os_str().is_empty() {
                    dialog.error = Some("Give the file a name.".into());
                    dialog.field = ExportField::File;
                } else {
                    self.write_export(path, false);
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
                self.overlay = Overlay::None;
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
