//! `m` on the Calls tab: the stages, the cursor on one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use super::text::safe;
use super::theme::Theme;
use crate::app::dialog::stage::StageDialog;
use crate::app::{Action, App};
use crate::model::{ApplicationStage, Kind};

pub fn render(dialog: &StageDialog, state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let name = match dialog.ids.as_slice() {
        [one] => state
            .data()
            .portfolio
            .name_of(Kind::Application, one)
            .map(safe),
        _ => None,
    };
    let title = dialog.title(name.as_deref());
    let width = u16::try_from(title.chars().count() + 6)
        .unwrap_or(40)
        .max(34);
    let keys = &state.keymap;
    let hint = format!(
        " {} moves · {} ",
        keys.hint(Action::Choose),
        keys.hint(Action::Cancel)
    );
    let items: Vec<ListItem> = ApplicationStage::ALL
        .iter()
        .map(|stage| {
            let note = match stage {
                ApplicationStage::Accepted => "  makes the startup",
                _ => "",
            };
            ListItem::new(Line::from(vec![
                Span::raw(stage.to_string()),
                Span::styled(note, theme.dim()),
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
