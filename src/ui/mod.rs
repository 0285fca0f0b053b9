//! Drawing a session: `render(&App, &mut Frame)`. No I/O; every string
//! from the store is made safe before it reaches the frame.

mod book;
mod bulk;
mod calls;
mod confirm;
mod details;
mod export;
mod facets;
mod form;
mod help;
mod history;
mod home;
mod judging;
mod judging_switch;
mod lists;
mod note;
mod palette;
mod picker;
mod plan;
mod report;
mod review;
mod series;
mod stage;
mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::{Action, App, BINDINGS, Focus, Overlay, Tab};
pub use theme::Theme;

pub use details::DetailsView;

/// Where a screen's parts go.
struct Panes {
    tabs: Rect,
    body: Rect,
    status: Rect,
    list: Option<Rect>,
    details: Option<Rect>,
}

impl Panes {
    fn of(state: &App, area: Rect) -> Panes {
        let [tabs, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let (list, details) = match state.tab {
            Tab::Home | Tab::Calls => (None, None),
            _ if state.is_wide() => {
                let [list, details] =
                    Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)])
                        .areas(body);
                (Some(list), Some(details))
            }
            _ if state.focus == Focus::Details => (None, Some(body)),
            _ => (Some(body), None),
        };
        Panes {
            tabs,
            body,
            status,
            list,
            details,
        }
    }
}

/// How the details pane lies at the session's screen size, for scrolling;
/// `None` when no details are shown.
pub fn details_view(state: &App) -> Option<DetailsView> {
    let (w, h) = state.size;
    let area = Panes::of(state, Rect::new(0, 0, w, h)).details?;
    details::view(state, area)
}

/// How many applications the Calls tab lists at the session's size.
pub fn calls_rows(state: &App) -> usize {
    calls::rows(state)
}

/// How many pages `?` takes at the session's screen size.
pub fn help_pages(state: &App) -> usize {
    let (w, h) = state.size;
    let body = Panes::of(state, Rect::new(0, 0, w, h)).body;
    help::pages(&state.keymap, &|a| state.offers(a), body)
}

/// The smallest screen the views are drawn on; below it, a request for more.
pub const MIN_SIZE: (u16, u16) = (40, 10);

pub fn render(state: &App, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return render_too_small(frame, area, theme);
    }
    // A judge sees their screen and nothing else.
    if state.is_judge() {
        if let Overlay::Judging(screen) = &state.overlay {
            judging::render(state, screen, frame, area, theme);
        }
        return;
    }
    let panes = Panes::of(state, area);
    let body = panes.body;
    render_tabs(state, frame, panes.tabs, theme);
    if state.tab == Tab::Home {
        home::render(state, frame, body, theme);
    }
    if state.tab == Tab::Calls {
        calls::render(state, frame, body, theme);
    }
    if let Some(list) = panes.list {
        lists::render(state, frame, list, theme);
    }
    if let Some(details) = panes.details {
        details::render(state, frame, details, theme);
    }
    render_status(state, frame, panes.status, theme);
    match &state.overlay {
        Overlay::None => {}
        Overlay::Help(dialog) => help::render(
            &state.keymap,
            &|a| state.offers(a),
            dialog.page,
            frame,
            body,
            theme,
        ),
        Overlay::Palette(palette) => {
            palette::render(palette, &state.data(), &state.keymap, frame, body, theme)
        }
        Overlay::Facets(menu) => facets::render(state, menu, frame, body, theme),
        Overlay::Export(dialog) => {
            export::render(
                dialog,
                state.remote.as_ref(),
                &state.keymap,
                frame,
                body,
                theme,
            );
        }
        Overlay::Form(form) => form::render(state, form, frame, body, theme),
        Overlay::Note(editor) => note::render(editor, &state.keymap, frame, body, theme),
        Overlay::Delete(confirm) => confirm::render(confirm, &state.keymap, frame, body, theme),
        Overlay::Bulk(dialog) => bulk::render(dialog, &state.keymap, frame, body, theme),
        Overlay::Review(form) => review::render(form, &state.keymap, frame, body, theme),
        Overlay::Reviewers(dialog) => {
            picker::render(&dialog.picker, &state.keymap, frame, body, theme)
        }
        Overlay::Stage(dialog) => stage::render(dialog, state, frame, body, theme),
        Overlay::Series(form) => series::render(form, &state.keymap, frame, body, theme),
        Overlay::Book(dialog) => book::render(dialog, &state.keymap, frame, body, theme),
        Overlay::Plan(dialog) => plan::render(dialog, state, frame, body, theme),
        // Drawn whole above, for a judge's session only.
        Overlay::Judging(_) => {}
        Overlay::JudgingSwitch(dialog) => {
            judging_switch::render(dialog, &state.keymap, frame, body, theme)
        }
        Overlay::Report(screen) => report::render(
            screen,
            state.remote.as_ref(),
            &state.keymap,
            frame,
            body,
            theme,
        ),
    }
}

/// A box of `width`×`height` in the middle of `area` (cut to fit),
/// cleared of what was drawn under it: where a dialog is drawn.
fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(ratatui::widgets::Clear, popup);
    popup
}

/// A popup of `width` holding a list of choices, the cursor on
/// `selected`: its title at the top and `hint` (what Enter does) at the
/// foot, as the stage and plan pickers draw it.
fn choices_popup(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    (title, hint): (&str, String),
    items: Vec<ratatui::widgets::ListItem>,
    selected: usize,
    theme: Theme,
) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, List, ListState, Padding};
    let height = u16::try_from(items.len() + 2).unwrap_or(u16::MAX);
    let area = popup(frame, area, width, height);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme.title()))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected());
    let mut list_state = ListState::default();
    list_state.select(Some(selected));
    frame.render_stateful_widget(list, area, &mut list_state);
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let (w, h) = MIN_SIZE;
    let message = Paragraph::new(vec![
        Line::from(Span::styled("Make the window larger", theme.warn())),
        Line::from(format!(
            "{w}×{h} at least, now {}×{}",
            area.width, area.height
        )),
    ])
    .centered()
    .wrap(Wrap { trim: true });
    let rows = u16::try_from(message.line_count(area.width)).unwrap_or(u16::MAX);
    let top = area.height.saturating_sub(rows) / 2;
    let [_, middle] = Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(area);
    frame.render_widget(message, middle);
}

fn render_tabs(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(n, tab)| {
            Line::from(vec![
                Span::styled(format!("{}", n + 1), theme.dim()),
                Span::raw(format!(" {}", tab.title())),
            ])
        })
        .collect();
    let selected = Tab::ALL.iter().position(|t| *t == state.tab);
    let tabs = Tabs::new(titles)
        .select(selected)
        .highlight_style(
            theme
                .title()
                .add_modifier(ratatui::style::Modifier::REVERSED),
        )
        .divider(Span::styled("│", theme.border()));
    // " 1 Home " and a divider a tab: the day in full when it fits beside
    // them, else shorter ("7 Dec"), else not at all.
    let tabs_width: usize = Tab::ALL
        .iter()
        .enumerate()
        .map(|(n, tab)| (n + 1).to_string().len() + 1 + tab.title().len() + 3)
        .sum();
    let room = usize::from(area.width).saturating_sub(tabs_width);
    let full = state.today.format(" %a %-d %b %Y ").to_string();
    let short = state.today.format(" %-d %b ").to_string();
    let date = [full, short]
        .into_iter()
        .find(|d| d.len() <= room)
        .unwrap_or_default();
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(date.len() as u16)])
            .areas(area);
    frame.render_widget(tabs, left);
    frame.render_widget(
        Paragraph::new(Span::styled(date, theme.dim())).right_aligned(),
        right,
    );
}

/// The keys worth knowing here, as many whole ones as fit `width`; the
/// help key stays, since it leads to the rest.
fn hints_line(state: &App, width: usize, theme: Theme) -> Line<'static> {
    let mut hints: Vec<(Action, String, &str)> = BINDINGS
        .iter()
        .filter(|b| !(state.tab == Tab::Home && b.scope == crate::app::Scope::Lists))
        // Notes are a startup's.
        .filter(|b| !(b.action == Action::AddNote && state.tab != Tab::Startups))
        // The Calls tab's keys there, in place of the lists', and only there.
        .filter(|b| match b.scope {
            crate::app::Scope::Lists => state.tab != Tab::Calls,
            crate::app::Scope::Calls => state.tab == Tab::Calls,
            _ => true,
        })
        // Nor what this user's role never may.
        .filter(|b| state.offers(b.action))
        .filter_map(|b| {
            // The first key is enough here; the help lists them all.
            let key = state.keymap.keys(b.action).first()?.to_string();
            Some((b.action, key, b.hint?))
        })
        .collect();
    let width_of = |hints: &[(Action, String, &str)]| -> usize {
        hints
            .iter()
            .map(|(_, key, hint)| key.width() + 1 + hint.width() + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    // The marked rows come first, with the key that acts on them.
    let prefix = match state.tab {
        Tab::Home => None,
        Tab::Calls => {
            let marked = state.calls.marked.len();
            (marked > 0).then(|| {
                format!(
                    "{marked} marked · {} moves them · {} accepts them  ",
                    state.keymap.hint(Action::SetStage),
                    state.keymap.hint(Action::AcceptApplication)
                )
            })
        }
        _ => {
            let marked = state.marked().len();
            (marked > 0).then(|| {
                let key = state.keymap.hint(Action::Bulk);
                format!("{marked} marked · {key} acts on them  ")
            })
        }
    };
    let width = width.saturating_sub(prefix.as_ref().map_or(0, |p| p.width()));
    while width_of(&hints) > width {
        match hints
            .iter()
            .rposition(|(action, ..)| *action != Action::Help)
        {
            Some(at) => hints.remove(at),
            None => break,
        };
    }
    let mut spans = Vec::new();
    if let Some(prefix) = prefix {
        spans.push(Span::styled(prefix, theme.matched()));
    }
    for (i, (_, key, hint)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {hint}"), theme.dim()));
    }
    Line::from(spans)
}

fn render_status(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let line = if state.filtering {
        let filter = state.list().map(|l| l.filter.as_str()).unwrap_or_default();
        Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(text::safe(filter)),
            Span::styled("▏", theme.key()),
            Span::styled(
                format!(
                    "  {} keeps the filter · {} clears it",
                    state.keymap.hint(Action::FilterDone),
                    state.keymap.hint(Action::FilterClear)
                ),
                theme.dim(),
            ),
        ])
    } else if let Some(status) = &state.status {
        Line::from(Span::raw(text::safe(status)))
    } else if matches!(state.overlay, Overlay::None) {
        hints_line(state, usize::from(area.width), theme)
    } else {
        // What is on top says its own keys; the list's would mislead.
        Line::default()
    };
    frame.render_widget(
        Paragraph::new(text::fit(line, usize::from(area.width))),
        area,
    );
}
