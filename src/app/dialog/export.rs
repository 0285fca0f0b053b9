//! `x` on a cohort, or on the impact report: a small dialog to write its
//! summary (or the report) to a file, with a format, a file name that
//! follows it, and a question before a file is overwritten. Over SSH the file is a plain name in the user's own export
//! folder on the server, and the dialog says how to fetch it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::{Context, Dialog, Reply, insert, unasked, wrote};
use crate::app::effect::{Document, Effect, Outcome};
use crate::app::keymap::Action;
use crate::export::folder::plain_name;
use crate::export::report::default_file_name as report_file_name;
use crate::export::summary::{SummaryFormat, default_file_name};
use crate::model::Cohort;
use crate::report::Report;

/// A format the dialog offers: Markdown, CSV, CSV with a byte order mark
/// for Excel, JSON, and an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub format: SummaryFormat,
    pub excel: bool,
}

impl Choice {
    pub const ALL: [Choice; 5] = [
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
        Choice {
            format: SummaryFormat::Xlsx,
            excel: false,
        },
    ];

    pub fn label(self) -> &'static str {
        match (self.format, self.excel) {
            (_, true) => "CSV for Excel",
            (SummaryFormat::Xlsx, false) => "Excel (.xlsx)",
            (format, false) => format.label(),
        }
    }

    /// How a file of this choice ends: CSV for Excel is a CSV file too,
    /// so it is told apart by its name (`…-excel.csv`), not only the dot.
    pub fn ending(self) -> String {
        if self.excel {
            format!("-excel.{}", self.format.extension())
        } else {
            format!(".{}", self.format.extension())
        }
    }
}

/// The file name a choice is offered under, e.g.
/// `spring-2026-2026-11-28.csv` and `spring-2026-2026-11-28-excel.csv`.
pub fn default_name(cohort: &Cohort, today: NaiveDate, choice: Choice) -> String {
    named_for(default_file_name(cohort, today, choice.format), choice)
}

/// `name` (a format's usual file name) ending as `choice`'s file does.
fn named_for(name: String, choice: Choice) -> String {
    let plain = format!(".{}", choice.format.extension());
    match name.strip_suffix(&plain) {
        Some(stem) => format!("{stem}{}", choice.ending()),
        None => name,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportField {
    Format,
    File,
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub document: Document,
    /// What the title says is exported: a cohort's name, "the impact
    /// report".
    pub name: String,
    pub choice: usize,
    pub file: Input,
    pub field: ExportField,
    /// A file that is there already, waiting for a yes before it is replaced.
    pub confirm: Option<PathBuf>,
    /// A folder that is not there, waiting for a yes before it is made
    /// (locally only: over SSH the folder is the server's). Boxed: the
    /// dialog sits in every session's `Overlay`.
    pub make_folder: Option<Box<PathBuf>>,
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

impl ExportDialog {
    /// The dialog for `cohort`'s summary as of `today`, its file named
    /// after it in `folder` (over SSH, a name only: the folder is the
    /// user's, not theirs to choose).
    pub fn open(cohort: &Cohort, today: NaiveDate, folder: &Path, remote: bool) -> ExportDialog {
        let document = Document::CohortSummary(cohort.id.clone());
        let file = default_name(cohort, today, Choice::ALL[0]);
        ExportDialog::with(document, cohort.name.clone(), file, folder, remote)
    }

    /// The dialog for `report` (as the report screen shows it), its file
    /// named after its day and grouping in `folder`.
    pub fn open_report(report: &Report, folder: &Path, remote: bool) -> ExportDialog {
        let choice = Choice::ALL[0];
        let file = named_for(report_file_name(report, choice.format), choice);
        let name = "the impact report".to_string();
        ExportDialog::with(Document::Report(report.by), name, file, folder, remote)
    }

    /// The dialog for `document` (called `name`), offered as `file` in
    /// `folder`.
    fn with(
        document: Document,
        name: String,
        file: String,
        folder: &Path,
        remote: bool,
    ) -> ExportDialog {
        let file = if remote {
            file
        } else {
            folder.join(file).to_string_lossy().into_owned()
        };
        ExportDialog {
            document,
            name,
            choice: 0,
            file: Input::new(file),
            field: ExportField::File,
            confirm: None,
            make_folder: None,
            error: None,
            written: None,
        }
    }

    fn write(&self, path: PathBuf, replace: bool) -> Reply {
        self.write_making(path, replace, false)
    }

    fn write_making(&self, path: PathBuf, replace: bool, make_folder: bool) -> Reply {
        let choice = self.choice();
        Reply::Effect(Effect::Export {
            document: self.document.clone(),
            format: choice.format,
            excel: choice.excel,
            path,
            replace,
            make_folder,
        })
    }

    /// The next (`forward`) or previous format; the file name follows it
    /// while it still has the old format's ending.
    fn step_choice(&mut self, forward: bool) {
        let n = Choice::ALL.len();
        let next = if forward {
            (self.choice + 1) % n
        } else {
            (self.choice + n - 1) % n
        };
        let (old, new) = (self.choice(), Choice::ALL[next]);
        self.choice = next;
        let value = self.file.value();
        if let Some(stem) = value.strip_suffix(&old.ending()) {
            let renamed = format!("{stem}{}", new.ending());
            self.file = Input::new(renamed);
        }
    }

    /// Over SSH, how to bring the export at `path` (just written) to the
    /// user's machine: the same summary over ssh, and scp where allowed.
    fn fetch_commands(&self, path: &Path, ctx: &Context) -> Option<Vec<String>> {
        let remote = ctx.remote?;
        let choice = self.choice();
        let name = path.file_name()?.to_string_lossy().into_owned();
        let quote = |s: &str| shell_words::quote(s).into_owned();
        let excel = if choice.excel { " --excel" } else { "" };
        let (command, day) = match &self.document {
            Document::CohortSummary(id) => (format!("export cohort {}", quote(id)), "--as-of"),
            Document::Report(by) => (format!("report --by {by}"), "--to"),
        };
        let mut fetch = vec![format!(
            "{} {command} --format {}{excel} {day} {} > {}",
            remote.ssh,
            choice.format.extension(),
            ctx.today,
            quote(&name)
        )];
        if let Some(host) = &remote.scp_host {
            let from = format!("{host}:{}", path.display());
            fetch.push(format!("scp {} .", quote(&from)));
        }
        Some(fetch)
    }
}

impl Dialog for ExportDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let dialog = self;
        let is = |action| ctx.keymap.is(action, event);
        if dialog.written.is_some() {
            if is(Action::Cancel) || is(Action::Accept) || is(Action::Quit) {
                return Reply::Close;
            }
            return Reply::Stay;
        }
        if let Some(path) = dialog.confirm.clone() {
            if is(Action::Yes) {
                return dialog.write(path, true);
            }
            dialog.confirm = None;
            return Reply::Stay;
        }
        if dialog.make_folder.take().is_some() {
            let path = PathBuf::from(dialog.file.value().trim());
            if is(Action::Yes) && !path.as_os_str().is_empty() {
                return dialog.write_making(path, false, true);
            }
            return Reply::Stay;
        }
        let field = dialog.field;
        // ←/→ pick the format wherever the focus is, as the hint says; a
        // key that types (Space) still types in the file name, where
        // Home, End, Ctrl-B and Ctrl-F move the cursor.
        let types = field == ExportField::File
            && matches!(event.code, KeyCode::Char(_))
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let choice = match (is(Action::ChoicePrev), is(Action::ChoiceNext)) {
            _ if types => None,
            (true, _) => Some(false),
            (_, true) => Some(true),
            _ => None,
        };
        match field {
            _ if is(Action::Cancel) => return Reply::Close,
            _ if is(Action::Accept) => {
                let typed = dialog.file.value().trim();
                let path = match ctx.remote {
                    // Whatever was typed becomes a plain name in the folder.
                    Some(_) => plain_name(typed).map(PathBuf::from),
                    None => Some(PathBuf::from(typed)).filter(|p| !p.as_os_str().is_empty()),
                };
                match path {
                    Some(path) => return dialog.write(path, false),
                    None => {
                        dialog.error = Some(match ctx.remote {
                            Some(_) => "Give the file a plain name, like summary.md.".into(),
                            None => "Give the file a name.".into(),
                        });
                        dialog.field = ExportField::File;
                    }
                }
            }
            _ if [
                Action::NextField,
                Action::PrevField,
                Action::LineUp,
                Action::LineDown,
            ]
            .into_iter()
            .any(is) =>
            {
                dialog.field = match dialog.field {
                    ExportField::Format => ExportField::File,
                    ExportField::File => ExportField::Format,
                };
            }
            _ if choice.is_some() => {
                dialog.step_choice(choice == Some(true));
                dialog.error = None;
            }
            ExportField::File => {
                if let Some(request) = to_input_request(&TermEvent::Key(event)) {
                    dialog.file.handle(request);
                    dialog.error = None;
                }
            }
            ExportField::Format => {}
        }
        Reply::Stay
    }

    /// Into the file name, unless a question is asked.
    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        if self.confirm.is_some() || self.make_folder.is_some() || self.field != ExportField::File {
            return false;
        }
        insert(&mut self.file, text);
        true
    }

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        match outcome {
            // Refused: the store said no (a rule); failed: it could not.
            // Either way the dialog says why.
            Outcome::Failed(message) | Outcome::Refused(message) => {
                self.confirm = None;
                self.error = Some(message);
                Reply::Stay
            }
            // Over SSH the dialog stays to say how to fetch the file.
            Outcome::Exported(path) => match self.fetch_commands(&path, ctx) {
                Some(fetch) => {
                    let status = wrote(&path);
                    self.written = Some(Written { path, fetch });
                    Reply::Status(status)
                }
                None => Reply::CloseSaying(wrote(&path)),
            },
            Outcome::ExportExists(path) => {
                self.confirm = Some(path);
                Reply::Stay
            }
            Outcome::ExportNoFolder(folder) => {
                self.make_folder = Some(Box::new(folder));
                Reply::Stay
            }
            other => unasked(other),
        }
    }
}
