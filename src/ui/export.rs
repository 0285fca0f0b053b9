//! The export dialog (`x` on a cohort): format, file, and the question
//! before an existing file is replaced. Over SSH: the user's folder, and
//! once written, where the file is and how to fetch it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::text::{fit, safe};
use super::theme::Theme;
use crate::app::{Action, Choice, ExportDialog, ExportField, Keymap, Remote, Written};

/// The label column: "Format" and "File" and a space.
const LABEL: usize = 8;

pub fn render(
    dialog: &ExportDialog,
    remote: Option<&Remote>,
    keys: &Keymap,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = area.width.saturating_sub(4).min(72);
    if let Some(written) = &dialog.written {
        return render_written(dialog, written, keys, frame, area, theme);
    }
    let height = if remote.is_some() { 9 } else { 8 }.min(area.height);
    let popup = super::popup(frame, area, width, height);
    let inner_width = usize::from(width.saturating_sub(4));
    let title = format!(" Export {} ", safe(&dialog.name));
    let block = Block::bordered()
        .title(Span::styled(
            super::text::cut(&title, inner_width),
            theme.title(),
        ))
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let label = |text: &str, field: ExportField| {
        let style = if dialog.field == field {
            theme.key()
        } else {
            theme.label()
        };
        Span::styled(format!("{text:<LABEL$}"), style)
    };
    let mut formats = vec![label("Format", ExportField::Format)];
    for (n, choice) in Choice::ALL.iter().enumerate() {
        // Marked by more than colour, for NO_COLOR and 16-colour terminals.
        let (text, style) = if n == dialog.choice {
            (format!("‹{}›", choice.label()), theme.selected())
        } else {
            (format!(" {} ", choice.label()), theme.dim())
        };
        formats.push(Span::styled(text, style));
        formats.push(Span::raw(" "));
    }
    // The file name scrolls within its field so the cursor stays in sight.
    let field_width = inner_width.saturating_sub(LABEL).max(1);
    let scroll = dialog.file.visual_scroll(field_width);
    let value: String = safe(dialog.file.value()).chars().skip(scroll).collect();
    let file = Line::from(vec![label("File", ExportField::File), Span::raw(value)]);
    let (message, style) = match (&dialog.confirm, &dialog.error) {
        (None, _) if dialog.make_folder.is_some() => {
            let folder = dialog
                .make_folder
                .as_deref()
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            (
                format!(
                    "The folder {folder} is not there. Make it? {} / n",
                    keys.hint(Action::Yes)
                ),
                theme.warn(),
            )
        }
        (Some(path), _) => {
            // Over SSH the folder is on its own line: the name is enough.
            let shown = match remote {
                Some(_) => path.file_name().unwrap_or_default().to_string_lossy(),
                None => path.to_string_lossy(),
            };
            (
                format!(
                    "{shown} is there already. Replace it? {} / n",
                    keys.hint(Action::Yes)
                ),
                theme.warn(),
            )
        }
        (None, Some(error)) => (error.clone(), theme.warn()),
        (None, None) => (
            format!(
                "{} moves · {}{} format · {} writes · {} cancels",
                keys.hint(Action::NextField),
                keys.hint(Action::ChoicePrev),
                keys.hint(Action::ChoiceNext),
                keys.hint(Action::Accept),
                keys.hint(Action::Cancel)
            ),
            theme.dim(),
        ),
    };
    let mut lines = vec![
        fit(Line::from(formats), inner_width),
        fit(file, inner_width),
    ];
    if let Some(remote) = remote {
        // The one folder a remote session writes in, and nothing else.
        let folder = format!("{:<LABEL$}{}", "In", remote.export_folder.display());
        lines.push(fit(
            Line::from(Span::styled(safe(&folder), theme.dim())),
            inner_width,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(safe(&message), style)));
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), rows);
    if dialog.field == ExportField::File && dialog.confirm.is_none() && dialog.make_folder.is_none()
    {
        let column = dialog.file.visual_cursor().saturating_sub(scroll);
        let x = rows.x + u16::try_from(LABEL + column).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            x.min(rows.right().saturating_sub(1)),
            rows.y + 1,
        ));
    }
}

/// Over SSH, after writing: the file's place on the server, and the
/// commands that bring it to the user's machine. Across the whole width
/// with no side border, so a command copied from the screen is only the
/// command.
fn render_written(
    dialog: &ExportDialog,
    written: &Written,
    keys: &Keymap,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let mut lines = vec![
        Line::from(Span::styled(
            "Written on the server, in your folder:",
            theme.label(),
        )),
        Line::from(safe(&written.path.display().to_string())),
        Line::default(),
        Line::from(Span::styled(
            "Fetch a copy from your own machine:",
            theme.label(),
        )),
    ];
    for command in &written.fetch {
        lines.push(Line::from(Span::styled(safe(command), theme.key())));
    }
    lines.push(Line::default());
    let closes = format!(
        "{} or {} closes",
        keys.hint(Action::Accept),
        keys.hint(Action::Cancel)
    );
    lines.push(Line::from(Span::styled(closes, theme.dim())));
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Long paths and commands wrap rather than being cut.
    let rows = paragraph.line_count(area.width.max(1));
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let popup = super::popup(frame, area, area.width, height);
    let title = format!(" Exported {} ", safe(&dialog.name));
    let block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(
            super::text::cut(&title, usize::from(area.width)),
            theme.title(),
        ))
        .border_style(theme.focused_border());
    frame.render_widget(paragraph.block(block), popup);
}
