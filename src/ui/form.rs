//! A form: one field a line, its problem beside it, the lines that pick
//! or add things, and the questions a save or Esc may raise.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::text::{cut, fit, money, safe};
use super::theme::Theme;
use crate::app::form::{Adds, Form, FormLine, Value, capacity};
use crate::app::{Action, App, Keymap};

/// The label column.
const LABEL: usize = 13;
/// Columns a value keeps beside its problem, however long the problem.
const MIN_VALUE: usize = 12;
/// Rows a several-line field takes.
const AREA_ROWS: u16 = 4;

fn rows_of(field: &FormLine) -> u16 {
    match field.value {
        Value::Area(_) => AREA_ROWS,
        _ => 1,
    }
}

pub fn render(state: &App, form: &Form, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(2).min(96);
    let popup = super::popup(frame, area, width, area.height);
    let keys = &state.keymap;
    let hint = format!(
        " {}/{}{} fields · {}{} choices · {} picks · {} saves · {} ",
        keys.hint(Action::NextField),
        keys.hint(Action::LineUp),
        keys.hint(Action::LineDown),
        keys.hint(Action::ChoicePrev),
        keys.hint(Action::ChoiceNext),
        keys.hint(Action::Pick),
        keys.hint(Action::Save),
        keys.hint(Action::Cancel)
    );
    let block = Block::bordered()
        .title(Span::styled(
            format!(
                " {} ",
                cut(&safe(&form.title()), usize::from(width.saturating_sub(4)))
            ),
            theme.title(),
        ))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, _, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(3),
    ])
    .areas(inner);
    render_fields(state, form, frame, body, theme);
    render_footer(form, &state.keymap, frame, footer, theme);
    if let Some(picker) = &form.picker {
        super::picker::render(picker, &state.keymap, frame, area, theme);
    }
}

fn render_fields(state: &App, form: &Form, frame: &mut Frame, body: Rect, theme: Theme) {
    // Scroll so the focused field is on screen, and the line under it
    // too: a line a choice brings (the outcome's day) shows as it comes.
    let heights: Vec<u16> = form.fields.iter().map(rows_of).collect();
    let below = (form.focus + 1).min(heights.len().saturating_sub(1));
    let mut first = 0;
    while first < form.focus && heights[first..=below].iter().sum::<u16>() > body.height {
        first += 1;
    }
    let starts = form.pitch_starts();
    // Loads and places as they will be once saved.
    let draft = match form.record() {
        Ok(crate::model::Record::Startup(s)) => Some(s),
        _ => None,
    };
    let mut pitch = 0;
    for field in &form.fields[..first] {
        if matches!(field.value, Value::Pitch { .. }) {
            pitch += 1;
        }
    }
    let mut y = body.y;
    for (n, field) in form.fields.iter().enumerate().skip(first) {
        let height = rows_of(field);
        if y + height > body.bottom() {
            break;
        }
        let row = Rect {
            x: body.x,
            y,
            width: body.width,
            height,
        };
        let focused = n == form.focus && form.picker.is_none();
        let start = if matches!(field.value, Value::Pitch { .. }) {
            pitch += 1;
            starts.get(pitch - 1).copied().flatten()
        } else {
            None
        };
        let label = label_of(form, n);
        let line = Drawn {
            field,
            label,
            focused,
            start,
            draft: draft.as_ref(),
        };
        render_field(state, line, frame, row, theme);
        y += height;
    }
}

/// Line `n`'s label. An "+ add" line with none of its rows above it
/// names the group, so an empty list still says what it is.
fn label_of(form: &Form, n: usize) -> &str {
    let field = &form.fields[n];
    let Value::Add(adds) = &field.value else {
        return &field.label;
    };
    let (rows, group) = match adds {
        Adds::Founder => ("founders[", "Founders"),
        Adds::Pitches => ("pitches[", "Pitches"),
        Adds::Kpi => ("kpis[", "KPIs"),
        Adds::Round => ("outcome.rounds[", "Rounds"),
    };
    let after_rows = n
        .checked_sub(1)
        .is_some_and(|above| form.fields[above].key.starts_with(rows));
    if field.label.is_empty() && !after_rows {
        group
    } else {
        &field.label
    }
}

/// One form line to draw, and what it is drawn with.
struct Drawn<'a> {
    field: &'a FormLine,
    label: &'a str,
    focused: bool,
    /// A pitch's start.
    start: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The startup as the form has it, for mentors' loads and places.
    draft: Option<&'a crate::model::Startup>,
}

fn render_field(state: &App, line: Drawn, frame: &mut Frame, row: Rect, theme: Theme) {
    let Drawn {
        field,
        label,
        focused,
        start,
        draft,
    } = line;
    let label_style = if focused { theme.key() } else { theme.label() };
    let mut spans = vec![Span::styled(format!("{label:<LABEL$}"), label_style)];
    let value_x = row.x + u16::try_from(LABEL).unwrap_or(0);
    let mut cursor = None;
    let data = &state.data();
    let picks = format!("  {} picks", state.keymap.hint(Action::Pick));
    let width = usize::from(row.width);
    // The reason a line is wrong always shows: the value gives way to it,
    // down to half the room (a few columns at least), and then the reason
    // is cut; below the fields it is written out whole.
    let reason = field.error.as_ref().map(|error| {
        let room = width.saturating_sub(LABEL);
        let value_needs = match &field.value {
            Value::Text(input) | Value::Date(input) | Value::Time { input, .. } => {
                safe(input.value()).width() + 2
            }
            _ => room,
        };
        let kept = value_needs.min(room / 2).max(MIN_VALUE);
        cut(&format!("  ← {}", safe(error)), room.saturating_sub(kept))
    });
    let reason_width = reason.as_deref().map_or(0, UnicodeWidthStr::width);
    match &field.value {
        Value::Text(input) | Value::Date(input) | Value::Time { input, .. } => {
            let room = width.saturating_sub(LABEL + 1 + reason_width).max(1);
            // A field not being typed in shows its start.
            let scroll = if focused {
                input.visual_scroll(room)
            } else {
                0
            };
            let shown: String = safe(input.value()).chars().skip(scroll).collect();
            spans.push(Span::raw(cut(&shown, room)));
            cursor = Some(input.visual_cursor().saturating_sub(scroll));
            if matches!(field.value, Value::Date(_) | Value::Time { .. }) && focused {
                spans.push(Span::styled("  +/- a day", theme.dim()));
            }
        }
        Value::Choice { options, at } => {
            for (i, option) in options.iter().enumerate() {
                if i == *at {
                    spans.push(Span::styled(format!("‹{option}›"), theme.selected()));
                } else {
                    spans.push(Span::styled(format!(" {option} "), theme.dim()));
                }
            }
        }
        Value::Cohort(cohort) => {
            let picked = cohort.as_deref().and_then(|id| data.cohort(id));
            let name = picked.map_or("none".to_string(), |c| safe(&c.name));
            spans.push(Span::raw(name));
            // A cohort this startup takes over its places says so.
            if let (Some(c), Some(draft)) = (picked, draft) {
                let taken = capacity::places_after(data, draft, c);
                if taken > c.capacity as usize {
                    let over = format!("  {taken}/{} places, over capacity", c.capacity);
                    spans.push(Span::styled(over, theme.warn()));
                }
            }
            if focused {
                spans.push(Span::styled(picks.clone(), theme.dim()));
            }
        }
        Value::Mentors(ids) => {
            if ids.is_empty() {
                spans.push(Span::styled("none", theme.dim()));
            }
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw(", "));
                }
                match data.mentor(id) {
                    Some(m) => {
                        let load = match draft {
                            Some(draft) => capacity::load_after(data, draft, m),
                            None => data.mentor_load(m),
                        };
                        spans.push(Span::raw(safe(&m.name)));
                        let style = if load.over_capacity() {
                            theme.warn()
                        } else {
                            theme.dim()
                        };
                        spans.push(Span::styled(
                            format!(" {}/{}", load.active, load.capacity),
                            style,
                        ));
                    }
                    None => spans.push(Span::raw(safe(id))),
                }
            }
            if focused {
                spans.push(Span::styled(picks.clone(), theme.dim()));
            }
        }
        Value::Pitch { startup, minutes } => {
            let at = start.map_or("--:--".to_string(), |t| t.format("%H:%M").to_string());
            let name = data
                .startup(startup)
                .map_or(startup.clone(), |s| s.name.clone());
            spans.push(Span::styled(format!("{at}  "), theme.dim()));
            let prefix = at.chars().count() + 2;
            spans.push(Span::raw(format!("{}  ", safe(&name))));
            let name_width = unicode_width::UnicodeWidthStr::width(safe(&name).as_str()) + 2;
            spans.push(Span::raw(minutes.value().to_string()));
            spans.push(Span::styled(" min", theme.dim()));
            cursor = Some(prefix + name_width + minutes.visual_cursor());
            if focused {
                let keys = &state.keymap;
                let hint = format!(
                    "  {}/{} move · {} drops",
                    keys.hint(Action::PitchUp),
                    keys.hint(Action::PitchDown),
                    keys.hint(Action::DropLine)
                );
                spans.push(Span::styled(hint, theme.dim()));
            }
        }
        Value::Kpi(kpi) => {
            spans.push(Span::raw(format!(
                "{}  revenue {} · customers {} · employees {} · funding {}",
                kpi.date,
                money(kpi.revenue),
                kpi.customers,
                kpi.employees,
                money(kpi.funding_raised)
            )));
            if focused {
                let keys = &state.keymap;
                let hint = format!(
                    "  {} edits · {} drops",
                    keys.hint(Action::Pick),
                    keys.hint(Action::DropLine)
                );
                spans.push(Span::styled(hint, theme.dim()));
            }
        }
        Value::Add(adds) => {
            let text = match adds {
                Adds::Founder => "+ add a founder",
                Adds::Pitches => "+ add pitches from the cohort",
                Adds::Kpi => "+ add a KPI snapshot",
                Adds::Round => "+ add a funding round",
            };
            let style = if focused {
                theme.selected()
            } else {
                theme.link()
            };
            spans.push(Span::styled(text, style));
        }
        Value::Area(textarea) => {
            let label = Paragraph::new(Span::styled(format!("{label:<LABEL$}"), label_style));
            frame.render_widget(label, Rect { height: 1, ..row });
            let area = Rect {
                x: value_x,
                width: row.width.saturating_sub(value_x - row.x),
                ..row
            };
            // This very text area, so that it learns its width and wraps
            // (and moves ↑/↓) by it.
            frame.render_widget(&**textarea, area);
            if let Some(error) = &field.error {
                let label_rows = Rect {
                    y: row.y + 1,
                    height: 1,
                    width: u16::try_from(LABEL).unwrap_or(0),
                    ..row
                };
                frame.render_widget(Span::styled(cut(error, LABEL), theme.warn()), label_rows);
            }
            return;
        }
    }
    let mut line = fit(Line::from(spans), width.saturating_sub(reason_width));
    if let Some(reason) = reason {
        line.spans.push(Span::styled(reason, theme.warn()));
    }
    frame.render_widget(Paragraph::new(line), row);
    if focused && let Some(column) = cursor {
        let x = value_x.saturating_add(u16::try_from(column).unwrap_or(u16::MAX));
        frame.set_cursor_position(Position::new(x.min(row.right().saturating_sub(1)), row.y));
    }
}

fn render_footer(form: &Form, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let (text, style) = if form.confirm_discard {
        (
            format!(
                "Throw away your changes? {} yes · n keeps editing",
                keys.hint(Action::Yes)
            ),
            theme.warn(),
        )
    } else if let Some(over) = &form.confirm_over {
        (
            format!(
                "Over capacity: {over}. {} saves anyway · other keys go back",
                keys.hint(Action::Yes)
            ),
            theme.warn(),
        )
    } else if let Some(conflict) = &form.conflict {
        (
            format!(
                "{}. {} {} keeps yours there · {} takes theirs there · other keys go back",
                conflict.message,
                conflict.merge.clash(),
                keys.hint(Action::KeepMine),
                keys.hint(Action::TakeTheirs)
            ),
            theme.warn(),
        )
    } else if let Some(error) = &form.error {
        (error.clone(), theme.warn())
    } else if form.saving {
        ("Saving…".to_string(), theme.dim())
    } else if let Some(first) = form.first_error() {
        // The whole reason, wrapped: a line's own may be cut.
        (
            format!(
                "{} — fix it before {} saves.",
                form.problem_of(first),
                keys.hint(Action::Save)
            ),
            theme.dim(),
        )
    } else {
        (String::new(), theme.dim())
    };
    frame.render_widget(
        Paragraph::new(Span::styled(safe(&text), style)).wrap(Wrap { trim: true }),
        area,
    );
}
