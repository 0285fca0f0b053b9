//! The note editor (`a` on a startup): the body first, then its kind and
//! who wrote it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::text::{cut, safe};
use super::theme::Theme;
use crate::app::{Action, Authorship, Keymap, NoteEditor, NoteField};
use crate::model::NoteKind;

pub fn render(editor: &NoteEditor, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(2).min(90);
    let height = area.height.min(20);
    let popup = super::popup(frame, area, width, height);
    let verb = if editor.original.is_some() {
        "Edit note on"
    } else {
        "Note on"
    };
    let title = format!(" {verb} {} ", safe(&editor.startup_name));
    let block = Block::bordered()
        .title(Span::styled(
            cut(&title, usize::from(width.saturating_sub(2))),
            theme.title(),
        ))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {} {} · {} saves · {} ",
                    keys.hint(Action::NextField),
                    match editor.authorship {
                        Authorship::Free => "kind/author",
                        Authorship::Signed(_) => "kind",
                        Authorship::OnBehalf(_) => "kind/for whom",
                    },
                    keys.hint(Action::Save),
                    keys.hint(Action::Cancel)
                ),
                theme.dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [kind, author, _, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(inner);

    let label = |text: &str, field: NoteField| {
        let style = if editor.field == field {
            theme.key()
        } else {
            theme.label()
        };
        Span::styled(format!("{text:<8}"), style)
    };
    let mut kinds = vec![label("Kind", NoteField::Kind)];
    for k in NoteKind::ALL {
        if *k == editor.kind {
            kinds.push(Span::styled(format!("‹{k}›"), theme.selected()));
        } else {
            kinds.push(Span::styled(format!(" {k} "), theme.dim()));
        }
    }
    // The day it is about, on the kind's line: -/+ move it there.
    let day = editor.day.format("%a %-d %b %Y").to_string();
    let when = if editor.day == editor.today {
        format!("  {day} (today)")
    } else {
        format!("  {day}")
    };
    kinds.push(Span::styled(when, theme.label()));
    if editor.field == NoteField::Kind {
        kinds.push(Span::styled(
            format!(
                "  {}/{} a day",
                keys.hint(Action::DayEarlier),
                keys.hint(Action::DayLater)
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(kinds)), kind);
    // Over SSH the signed-in user comes first and cannot be typed over; a
    // coordinator may add whom they write for.
    let focused = editor.field == NoteField::Author;
    let for_whom = focused || !editor.author.value().is_empty();
    let signer = match &editor.authorship {
        Authorship::Free => None,
        Authorship::Signed(user) => Some(format!("{} (signed in)", safe(user))),
        Authorship::OnBehalf(user) if for_whom => Some(format!("{} for ", safe(user))),
        Authorship::OnBehalf(user) => Some(format!("{}  (yourself)", safe(user))),
    };
    let fixed = signer.as_deref().map_or(0, UnicodeWidthStr::width);
    let mut spans = vec![label("Author", NoteField::Author)];
    if let Some(signer) = &signer {
        spans.push(Span::styled(signer.clone(), theme.dim()));
    }
    let room = usize::from(author.width).saturating_sub(8 + fixed).max(1);
    let scroll = editor.author.visual_scroll(room);
    if editor.authorship == Authorship::Free || (editor.author_editable() && for_whom) {
        let name: String = safe(editor.author.value()).chars().skip(scroll).collect();
        spans.push(Span::raw(name));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), author);
    if editor.field == NoteField::Author {
        let column = editor.author.visual_cursor().saturating_sub(scroll) + fixed;
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            (author.x + 8)
                .saturating_add(column)
                .min(author.right().saturating_sub(1)),
            author.y,
        ));
    }
    let frame_style = if editor.field == NoteField::Body {
        theme.focused_border()
    } else {
        theme.border()
    };
    let body_frame = Block::bordered().border_style(frame_style);
    let text = body_frame.inner(body);
    frame.render_widget(body_frame, body);
    // This very text area, so that it learns its width: lines wrap at it
    // and ↑/↓ move by the lines drawn.
    frame.render_widget(&editor.body, text);
    if editor.body.is_empty() {
        let hint = format!("What happened? {} saves.", keys.hint(Action::Save));
        // Over the cursor's cell, which keeps its look.
        let first_line = Rect {
            height: text.height.min(1),
            ..text
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), first_line);
    }

    let (text, style) = if editor.confirm_discard {
        (
            format!(
                "Throw this note away? {} yes · n keeps writing",
                keys.hint(Action::Yes)
            ),
            theme.warn(),
        )
    } else if let Some(error) = &editor.error {
        (error.clone(), theme.warn())
    } else if editor.saving {
        ("Saving…".to_string(), theme.dim())
    } else {
        (String::new(), theme.dim())
    };
    frame.render_widget(
        Paragraph::new(Span::styled(safe(&text), style)).wrap(Wrap { trim: true }),
        footer,
    );
}
