//! `P`: the cohorts a startup's milestones may be copied to, each with
//! how many startups and how far the days move.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use super::text::safe;
use super::theme::Theme;
use crate::app::dialog::plan::PlanDialog;
use crate::app::{Action, App};

pub fn render(dialog: &PlanDialog, state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let data = state.data();
    let title = format!(
        "Copy {}'s {} to",
        safe(&dialog.from_name),
        crate::text::counted(dialog.plan.len(), "milestone")
    );
    let rows: Vec<(String, String)> = dialog
        .cohorts
        .iter()
        .enumerate()
        .map(|(at, (_, name, start))| {
            let about = match dialog.copy(&data, at) {
                Some(copy) => {
                    // How far the days move: "+175 d", "−189 d", "±0 d".
                    let shift = match copy.shift.num_days() {
                        0 => "±0 d".to_string(),
                        d if d > 0 => format!("+{d} d"),
                        d => format!("−{} d", d.unsigned_abs()),
                    };
                    format!(
                        "  {} · {} · {shift} · {} new",
                        start.format("%-d %b %Y"),
                        crate::text::counted(copy.startups, "startup"),
                        copy.made.len()
                    )
                }
                None => String::new(),
            };
            (safe(name), about)
        })
        .collect();
    drop(data);
    let widest = rows
        .iter()
        .map(|(name, about)| name.chars().count() + about.chars().count())
        .chain([title.chars().count()])
        .max()
        .unwrap_or(30);
    let width = u16::try_from(widest + 6).unwrap_or(u16::MAX).max(40);
    let keys = &state.keymap;
    let hint = format!(
        " {} copies · {} ",
        keys.hint(Action::Choose),
        keys.hint(Action::Cancel)
    );
    let items: Vec<ListItem> = rows
        .into_iter()
        .map(|(name, about)| {
            ListItem::new(Line::from(vec![
                Span::raw(name),
                Span::styled(about, theme.dim()),
            ]))
        })
        .collect();
    super::choices_popup(
        frame,
        area,
        width,
        (&title, hint),
        items,
        dialog.selected,
        theme,
    );
}
