//! The review form: the application read in full above (scrolling), the
//! rubric below — each criterion with its weight and the score given, a
//! comment, the conflict box — and the other reviews blind review lets
//! the user read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::{fit, lines, safe};
use super::theme::Theme;
use crate::app::dialog::review::{Line as Field, ReviewForm};
use crate::app::{Action, Keymap};
use crate::model::{SCORE_RANGE, weighted_mean};

pub fn render(form: &ReviewForm, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(96);
    let popup = super::popup(frame, area, width, area.height.saturating_sub(1));
    let hint = match &form.editing {
        Some(_) => format!(
            " 1–5 scores · {}/{} lines · {} scrolls · {} saves · {} ",
            keys.hint(Action::LineUp),
            keys.hint(Action::LineDown),
            keys.hint(Action::PageDown),
            keys.hint(Action::Save),
            keys.hint(Action::Cancel)
        ),
        None => format!(
            " {}/{} scroll · {} closes ",
            keys.hint(Action::LineUp),
            keys.hint(Action::LineDown),
            keys.hint(Action::Cancel)
        ),
    };
    let title = format!(
        " {} · {} ",
        safe(&form.application.name),
        safe(&form.call.name)
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let rubric = rubric_lines(form, theme);
    let rubric_height = u16::try_from(rubric.len()).unwrap_or(u16::MAX);
    let [info, rule, below] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(u16::from(rubric_height > 0)),
        Constraint::Length(rubric_height.min(inner.height / 2 + 2)),
    ])
    .areas(inner);
    let paragraph = Paragraph::new(info_lines(form, theme)).wrap(Wrap { trim: false });
    // Scrolled no further than its last line at the top of the pane.
    let last = paragraph
        .line_count(info.width)
        .saturating_sub(usize::from(info.height));
    let scroll = form.scroll.min(u16::try_from(last).unwrap_or(u16::MAX));
    frame.render_widget(paragraph.scroll((scroll, 0)), info);
    if rubric_height > 0 {
        let mine = form
            .editing
            .as_ref()
            .and_then(|e| e.reviewers.get(e.reviewer))
            .map_or(String::new(), |(_, name)| {
                format!(" Review by {} ", safe(name))
            });
        let rule_line = format!("──{mine}{}", "─".repeat(usize::from(rule.width)));
        frame.render_widget(
            Paragraph::new(fit(
                Line::from(Span::styled(rule_line, theme.label())),
                usize::from(rule.width),
            )),
            rule,
        );
        let width = usize::from(below.width);
        let fitted: Vec<Line> = rubric.into_iter().map(|l| fit(l, width)).collect();
        frame.render_widget(Paragraph::new(fitted), below);
        comment_cursor(form, frame, below);
    }
}

/// The application: what it does, who founded it, its answers, then the
/// reviews the user may read.
fn info_lines(form: &ReviewForm, theme: Theme) -> Vec<Line<'static>> {
    let a = &form.application;
    let mut out = Vec::new();
    let mut first = vec![Span::raw(safe(&a.one_liner))];
    if !a.sector.is_empty() {
        first.push(Span::styled(format!(" · {}", safe(&a.sector)), theme.dim()));
    }
    first.push(Span::styled(
        format!(
            " · {} · submitted {}",
            a.stage,
            a.submitted_at.format("%-d %b %Y")
        ),
        theme.dim(),
    ));
    out.push(Line::from(first));
    for f in &a.founders {
        let email = match f.email.is_empty() {
            true => String::new(),
            false => format!(" <{}>", safe(&f.email)),
        };
        out.push(Line::from(Span::styled(
            format!("{}, {}{email}", safe(&f.name), safe(&f.role)),
            theme.dim(),
        )));
    }
    for (i, answer) in a.answers.iter().enumerate() {
        out.push(Line::default());
        let question = form
            .call
            .questions
            .get(i)
            .map_or_else(|| format!("Answer {}", i + 1), |q| safe(q));
        out.push(Line::from(Span::styled(question, theme.label())));
        out.extend(lines(answer).into_iter().map(Line::from));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Other reviews", theme.label())));
    if form.others.is_empty() {
        let why = match &form.editing {
            Some(e) if e.stored.is_none() => "Others' scores show here once yours is saved.",
            _ => "None yet.",
        };
        out.push(Line::from(Span::styled(why, theme.dim())));
    }
    for (name, review) in &form.others {
        let total = match review.conflict {
            true => "conflict".to_string(),
            false => weighted_mean(&review.scores, &form.call.criteria)
                .map_or("–".into(), |t| format!("{t:.2}")),
        };
        let scores: Vec<String> = form
            .call
            .criteria
            .iter()
            .filter_map(|c| Some(format!("{} {}", c.name, review.scores.get(&c.name)?)))
            .collect();
        out.push(Line::from(vec![
            Span::raw(format!("{}  ", safe(name))),
            Span::styled(total, theme.key()),
            Span::styled(format!("  {}", safe(&scores.join(", "))), theme.dim()),
        ]));
        if !review.comment.is_empty() {
            out.extend(
                lines(&review.comment)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(format!("  {l}"), theme.dim()))),
            );
        }
    }
    out
}

/// The rubric's lines, the cursor's marked `›`; then the total, and a
/// problem if the store or the form found one.
fn rubric_lines(form: &ReviewForm, theme: Theme) -> Vec<Line<'static>> {
    let Some(editing) = &form.editing else {
        return Vec::new();
    };
    let label_width = label_width(form);
    let cursor = |line: Field| {
        if editing.line == line {
            Span::styled("› ", theme.key())
        } else {
            Span::raw("  ")
        }
    };
    let mut out = Vec::new();
    for line in form.lines() {
        let spans = match line {
            Field::Reviewer => {
                let name = editing
                    .reviewers
                    .get(editing.reviewer)
                    .map_or(String::new(), |(_, n)| safe(n));
                vec![
                    cursor(line),
                    Span::styled(format!("{:label_width$}", "Reviewer"), theme.label()),
                    Span::raw(format!("‹ {name} ›")),
                ]
            }
            Field::Criterion(i) => {
                let criterion = &form.call.criteria[i];
                let label = format!("{} ×{}", safe(&criterion.name), criterion.weight);
                let mut spans = vec![
                    cursor(line),
                    Span::styled(format!("{label:label_width$}"), theme.label()),
                ];
                spans.extend(score_boxes(editing.scores[i], theme));
                spans
            }
            Field::Comment => vec![
                cursor(line),
                Span::styled(format!("{:label_width$}", "Comment"), theme.label()),
                Span::raw(safe(editing.comment.value())),
            ],
            Field::Conflict => vec![
                cursor(line),
                Span::raw(if editing.conflict { "[x] " } else { "[ ] " }),
                Span::raw("I have a conflict of interest"),
                Span::styled(" (the review then counts for nothing)", theme.dim()),
            ],
        };
        out.push(Line::from(spans));
    }
    let total = match (editing.conflict, form.total()) {
        (true, _) => "Counts for nothing: a conflict is declared".to_string(),
        (false, Some(total)) => format!("Weighted total {total:.2}"),
        (false, None) => "Weighted total: once every criterion is scored".to_string(),
    };
    out.push(Line::from(Span::styled(format!("  {total}"), theme.dim())));
    if let Some(problem) = &form.problem {
        out.push(Line::from(Span::styled(
            format!("  {}", safe(problem)),
            theme.warn(),
        )));
    }
    out
}

/// The terminal's cursor in the comment, while it is typed.
fn comment_cursor(form: &ReviewForm, frame: &mut Frame, area: Rect) {
    let Some(editing) = &form.editing else { return };
    if editing.line != Field::Comment {
        return;
    }
    let Some(row) = form.lines().iter().position(|l| *l == Field::Comment) else {
        return;
    };
    let label_width = label_width(form);
    let x = area.x + 2 + u16::try_from(label_width + editing.comment.visual_cursor()).unwrap_or(0);
    let y = area.y + u16::try_from(row).unwrap_or(0);
    if x < area.right() && y < area.bottom() {
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// The width the rubric's labels take: "Traction ×1" and the like, or
/// "Reviewer" and "Comment".
fn label_width(form: &ReviewForm) -> usize {
    form.call
        .criteria
        .iter()
        .map(|c| c.name.chars().count() + 4)
        .max()
        .unwrap_or(0)
        .max(9)
}

/// A criterion's scores 1–5 in a row, the one given boxed: the review
/// form's rubric and the judge's.
pub(super) fn score_boxes(given: Option<u8>, theme: Theme) -> Vec<Span<'static>> {
    SCORE_RANGE
        .map(|score| match given == Some(score) {
            true => Span::styled(format!("[{score}]"), theme.selected()),
            false => Span::styled(format!(" {score} "), theme.dim()),
        })
        .collect()
}
