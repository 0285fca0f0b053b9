//! `y`: the selected record's name and id, or the note under the cursor in
//! a startup's details, copied to the user's own clipboard. The front end
//! sends it as an OSC 52 sequence (`term::clipboard`), which reaches the
//! clipboard of the machine the user sits at, over SSH and through tmux
//! (`set-clipboard on`). The text is made safe first: what is pasted later
//! carries no control characters.

use super::effect::Effect;
use super::state::{App, Focus};
use super::tab::Tab;
use crate::model::Kind;
use crate::text::{sanitize, sanitize_line};

impl App {
    pub(super) fn copy_on_screen(&mut self) {
        match self.text_to_copy() {
            Some((text, what)) => self.effects.push(Effect::Copy { text, what }),
            None => {
                self.status = Some(
                    "y copies the selected record's name and id, or the note under the cursor: choose one on a list"
                        .into(),
                );
            }
        }
    }

    /// The text `y` copies here and how the status names it.
    fn text_to_copy(&self) -> Option<(String, String)> {
        let data = self.data();
        let p = &data.portfolio;
        if self.focus == Focus::Details
            && let Some(link) = self.links().get(self.link)
            && link.kind == Kind::Note
            && let Some(note) = p.notes.iter().find(|n| n.id == link.id)
        {
            let what = format!("the note of {}", note.created_at.format("%-d %b %Y"));
            return Some((sanitize(note.body.trim()), what));
        }
        let i = self.selected_index()?;
        let (name, id) = match self.tab {
            Tab::Home | Tab::Calls => return None,
            Tab::Startups => p.startups.get(i).map(|s| (s.name.clone(), &s.id))?,
            Tab::Cohorts => p.cohorts.get(i).map(|c| (c.name.clone(), &c.id))?,
            Tab::Mentors => p.mentors.get(i).map(|m| (m.name.clone(), &m.id))?,
            Tab::DemoDays => p.demo_days.get(i).map(|d| {
                (
                    format!("Demo day {} at {}", d.at.format("%Y-%m-%d %H:%M"), d.venue),
                    &d.id,
                )
            })?,
        };
        let text = format!("{} ({})", sanitize_line(&name), sanitize_line(id));
        Some((text.clone(), format!("\u{201c}{text}\u{201d}")))
    }
}
