//! Closing or reopening judging: the question and its keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::safe;
use super::theme::Theme;
use crate::app::dialog::judging_switch::JudgingSwitch;
use crate::app::{Action, Keymap};

pub fn render(dialog: &JudgingSwitch, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let popup = super::popup(frame, area, 60, 7);
    let title = match dialog.close {
        true => " Close judging ",
        false => " Reopen judging ",
    };
    let hint = format!(
        " {} yes · {} no ",
        keys.hint(Action::Yes),
        keys.hint(Action::Cancel)
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let text = Paragraph::new(Line::from(safe(&dialog.question())))
        .wrap(Wrap { trim: true })
        .block(block);
    frame.render_widget(text, popup);
}
