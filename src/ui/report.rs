//! The impact report on screen: the whole in two lines, a bar chart of
//! one figure per group (ratatui's `BarChart`, horizontal, so a group's
//! name reads in full), and the keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::{cut, money, safe};
use super::theme::Theme;
use crate::app::dialog::report::{Figure, ReportScreen};
use crate::app::{Action, Keymap, Remote};
use crate::report::{FEW, Group, Report, Survival};
use crate::text::counted;
use crate::text::number::{amount, count, signed};

/// The widest a group's name is drawn beside its bars.
const LABEL_MAX: usize = 28;

pub fn render(
    screen: &ReportScreen,
    remote: Option<&Remote>,
    keys: &Keymap,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    draw_report(screen, keys, frame, area, theme);
    if let Some(export) = &screen.export {
        super::export::render(export, remote, keys, frame, area, theme);
    }
}

fn draw_report(screen: &ReportScreen, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let r = &screen.report;
    let title = format!(" Impact report · as of {} · by {} ", r.period.to, r.by);
    let hint = format!(
        " {}/{} figure · {} by {} · {}/{} scroll · {} export · {} close ",
        keys.hint(Action::ChoicePrev),
        keys.hint(Action::ChoiceNext),
        keys.hint(Action::NextField),
        r.by.next(),
        keys.hint(Action::LineUp),
        keys.hint(Action::LineDown),
        keys.hint(Action::Export),
        keys.hint(Action::Cancel),
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [whole, _, heading, _, chart, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(whole_lines(r, screen.notes_counted)), whole);
    if r.total.startups.is_empty() {
        let none = "No startup was placed in a cohort started by today: the report counts those.";
        frame.render_widget(Paragraph::new(Span::styled(none, theme.dim())), chart);
        return;
    }
    let figure = screen.figure();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(figure_title(figure), theme.title()),
                Span::styled(format!("  {}", figure_legend(figure)), theme.dim()),
            ]),
            Line::from(Span::styled(total_line(&r.total, figure), theme.label())),
        ]),
        heading,
    );
    let rows = rows_per_group(figure) + 1;
    let fit = (usize::from(chart.height) / rows).max(1);
    let offset = screen.offset.min(r.groups.len().saturating_sub(1));
    let shown = &r.groups[offset..(offset + fit).min(r.groups.len())];
    // Bars on the left, what they stand for in words on the right, row
    // for row, as wide as the words need (up to half the screen).
    let words: Vec<Vec<String>> = shown.iter().map(|g| group_words(g, figure)).collect();
    let widest = words.iter().flatten().map(|w| w.width()).max().unwrap_or(0);
    let words_width = u16::try_from(widest + 1)
        .unwrap_or(u16::MAX)
        .min(inner.width / 2);
    let [bars_area, words_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(words_width)]).areas(chart);
    // A name reads better whole than a bar drawn long.
    let label_width = LABEL_MAX.min(usize::from(bars_area.width) * 3 / 5);
    let groups: Vec<BarGroup> = shown
        .iter()
        .map(|g| BarGroup::new(bars(g, figure, label_width, theme)))
        .collect();
    let mut chart_widget = BarChart::grouped(groups)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .value_style(theme.selected());
    if let Some(max) = r.groups.iter().map(|g| length(g, figure)).max() {
        // One scale for every group, scrolled or not.
        chart_widget = chart_widget.max(max.max(1));
    }
    frame.render_widget(chart_widget, bars_area);
    let words: Vec<Line> = words
        .into_iter()
        .flat_map(|lines| lines.into_iter().chain([String::new()]))
        .map(|line| {
            let line = format!(" {line}");
            Line::from(Span::styled(
                cut(&line, usize::from(words_width)),
                theme.label(),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(words), words_area);
    let hidden = r.groups.len() - shown.len();
    let foot_text = match hidden {
        0 => format!(
            "* fewer than {FEW} startups · {} writes it to a file",
            keys.hint(Action::Export)
        ),
        n => format!(
            "{} of {} groups shown ({} more: {}/{}) · * fewer than {FEW} startups",
            shown.len(),
            r.groups.len(),
            n,
            keys.hint(Action::LineUp),
            keys.hint(Action::LineDown),
        ),
    };
    frame.render_widget(Paragraph::new(Span::styled(foot_text, theme.dim())), foot);
}

/// The whole portfolio in two lines: startups and outcomes, survival and
/// follow-on funding.
fn whole_lines(r: &Report, notes_counted: bool) -> Vec<Line<'static>> {
    let t = &r.total;
    let cohorts = match r.cohorts {
        1 => "1 cohort".to_string(),
        n => format!("{n} cohorts"),
    };
    let survival: Vec<String> = t.survival.iter().map(survival_words).collect();
    let sessions = match notes_counted {
        true => format!("{} sessions", count(t.sessions as u64)),
        false => "sessions still loading".to_string(),
    };
    vec![
        Line::from(format!(
            "{} startups in {cohorts}: {} operating, {} acquired, {} IPO, {} closed",
            count(t.startups.len() as u64),
            t.operating,
            t.acquired,
            t.ipo,
            t.closed
        )),
        Line::from(format!(
            "Survived {} · {sessions}, {} office hours",
            survival.join(", "),
            count(t.office_hours as u64)
        )),
    ]
}

fn survival_words(s: &Survival) -> String {
    let years = match s.years {
        1 => "1 year".to_string(),
        n => format!("{n} years"),
    };
    match s.percent() {
        None => format!("{years} —"),
        Some(p) => format!("{years} {p:.0}%{}", mark(s.few())),
    }
}

fn figure_title(figure: Figure) -> String {
    match figure {
        Figure::Growth(metric) => format!("{}: at baseline and now", metric.label()),
        other => other.label().to_string(),
    }
}

fn figure_legend(figure: Figure) -> &'static str {
    match figure {
        Figure::Startups => "and what became of them",
        Figure::Growth(_) => "sums of the startups with figures",
        Figure::FollowOn => "raised in rounds after the program",
    }
}

/// The whole's figure, under the heading.
fn total_line(t: &Group, figure: Figure) -> String {
    match figure {
        Figure::Startups => format!(
            "All: {} startups, {} outcomes recorded",
            count(t.startups.len() as u64),
            t.outcomes_recorded
        ),
        Figure::Growth(metric) => {
            let x = t.growth(metric);
            let median = x.median_change.map_or("—".to_string(), signed);
            format!(
                "All: {} → {} ({}), median change {median}, from {}",
                amount(x.baseline),
                amount(x.now),
                signed(x.change()),
                counted(x.startups, "startup")
            )
        }
        Figure::FollowOn => format!(
            "All: {} from {}, median {}",
            amount(t.follow_on),
            counted(t.follow_on_startups, "startup"),
            t.follow_on_median.map_or("—".to_string(), amount)
        ),
    }
}

fn rows_per_group(figure: Figure) -> usize {
    match figure {
        Figure::Growth(_) => 2,
        _ => 1,
    }
}

/// A group's bars, their values short: its name on the first; baseline
/// and now for a KPI.
fn bars(g: &Group, figure: Figure, label_width: usize, theme: Theme) -> Vec<Bar<'static>> {
    let name = Line::from(cut(&safe(&g.name), label_width));
    match figure {
        Figure::Growth(metric) => {
            let x = g.growth(metric);
            let short = |v: f64| match x.startups {
                0 => String::new(),
                _ => money(v),
            };
            vec![
                Bar::new(whole(x.baseline))
                    .label(name)
                    .text_value(short(x.baseline))
                    .style(theme.dim()),
                Bar::new(whole(x.now))
                    .label(Line::from(""))
                    .text_value(short(x.now)),
            ]
        }
        Figure::Startups => vec![
            Bar::new(length(g, figure))
                .label(name)
                .text_value(count(g.startups.len() as u64)),
        ],
        Figure::FollowOn => vec![
            Bar::new(length(g, figure))
                .label(name)
                .text_value(money(g.follow_on)),
        ],
    }
}

/// How long a group's longest bar is.
fn length(g: &Group, figure: Figure) -> u64 {
    match figure {
        Figure::Startups => g.startups.len() as u64,
        Figure::Growth(metric) => {
            let x = g.growth(metric);
            whole(x.baseline.max(x.now))
        }
        Figure::FollowOn => whole(g.follow_on),
    }
}

/// What a group's bars stand for, a line a bar.
fn group_words(g: &Group, figure: Figure) -> Vec<String> {
    match figure {
        Figure::Startups => {
            let mut parts = vec![format!("{} operating", g.operating)];
            for (n, what) in [
                (g.acquired, "acquired"),
                (g.ipo, "IPO"),
                (g.closed, "closed"),
            ] {
                if n > 0 {
                    parts.push(format!("{n} {what}"));
                }
            }
            vec![format!("{}{}", parts.join(", "), mark(g.few()))]
        }
        Figure::Growth(metric) => {
            let x = g.growth(metric);
            if x.startups == 0 {
                return vec!["no KPI snapshots".into(), String::new()];
            }
            let median = x.median_change.map_or("—".to_string(), signed);
            vec![
                format!(
                    "at baseline · {}{}",
                    counted(x.startups, "startup"),
                    mark(x.few())
                ),
                format!("now {} · median {median}", signed(x.change())),
            ]
        }
        Figure::FollowOn => vec![format!(
            "{} from {}{}",
            amount(g.follow_on),
            counted(g.follow_on_startups, "startup"),
            mark(g.follow_on_startups > 0 && g.follow_on_startups < FEW)
        )],
    }
}

fn whole(value: f64) -> u64 {
    value.max(0.0).round() as u64
}

fn mark(few: bool) -> &'static str {
    if few { " *" } else { "" }
}
