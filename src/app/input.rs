//! How a session changes: events in, new state out. No terminal I/O.
//! Keys and pastes go to the dialog open, if one is, else to the lists
//! and details; what a dialog replies is done here.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::clearing::{clear_string, clearing};
use super::dialog::facets::FacetMenu;
use super::dialog::help::Help;
use super::dialog::palette::Palette;
use super::dialog::{Narrow, Overlay, Reply, context};
use super::effect::Outcome;
use super::keymap::{Action, KeyPress};
use super::load::Loaded;
use super::shared::Update;
use super::state::{App, Focus, Link};
use super::tab::Tab;
use crate::model::Kind;
use crate::search::Hit;
use crate::text::sanitize_line;

/// What a front end feeds a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    /// The terminal's new columns and rows.
    Resize(u16, u16),
    /// The mouse wheel: negative up, positive down.
    Scroll(i16),
    /// The date changed (the front end owns the clock).
    Today(NaiveDate),
    /// A write landed in the store (this session's or another's).
    Stored(Update),
    /// How an effect the session asked for went.
    Outcome(Outcome),
    /// What the front end read after the first frame (the notes, an index).
    Loaded(Loaded),
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// The time now, each minute, for a judge's run of show.
    Clock(DateTime<FixedOffset>),
}

impl App {
    pub fn handle(&mut self, event: Event) {
        // Rows are of the model as this session last saw it.
        self.follow();
        self.prune_marks();
        self.handle_event(event);
        self.end_judging_if_closed();
        if self.tab == Tab::Calls {
            // What changed in the store shows as it lands.
            self.refresh_calls();
        }
        self.ask_for_history();
        self.note_selection();
    }

    fn handle_event(&mut self, event: Event) {
        match event {
            Event::Resize(w, h) => {
                self.size = (w, h);
                for tab in Tab::ALL {
                    self.keep_in_view(tab);
                }
                // The page rewraps: keep the scroll within it.
                self.scroll_details(0);
                if matches!(self.overlay, Overlay::Help(_)) {
                    let pages = crate::ui::help_pages(self);
                    if let Overlay::Help(help) = &mut self.overlay {
                        help.pages = pages;
                        help.page = help.page.min(pages.saturating_sub(1));
                    }
                }
            }
            Event::Loaded(loaded) => self.loaded(loaded),
            Event::Today(day) => {
                self.today = day;
                // Statuses and silences depend on the day, and sorts on them.
                for tab in Tab::ALL {
                    self.refresh_rows(tab);
                }
                self.refresh_attention();
            }
            Event::Scroll(delta) => {
                let down = delta > 0;
                let action = if down { Action::Down } else { Action::Up };
                for _ in 0..delta.unsigned_abs().min(10) {
                    // The wheel moves what is on top: the palette's hits
                    // when it is open, never the list hidden under it.
                    match self.overlay.dialog_mut() {
                        Some(dialog) => {
                            let reply = dialog.scroll(down, &mut context!(self));
                            if let Some(reply) = reply {
                                self.answer(reply);
                            }
                        }
                        None => self.apply(action),
                    }
                }
            }
            Event::Stored(update) => self.stored(update),
            Event::Outcome(outcome) => self.outcome(outcome),
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Key(_) => {}
            Event::Paste(text) => self.paste(&text),
            Event::Clock(now) => self.clock(now),
        }
    }

    fn key(&mut self, event: KeyEvent) {
        self.status = None;
        let key = KeyPress::from_event(event);
        if key.interrupts() {
            self.quit = true;
            return;
        }
        if let Some(dialog) = self.overlay.dialog_mut() {
            let reply = dialog.key(event, &mut context!(self));
            return self.answer(reply);
        }
        if self.filtering && self.filter_key(event) {
            return;
        }
        if let Some(action) = self.keymap.action(key) {
            self.apply(action);
        }
    }

    /// Keys while typing a list filter; false when the key is not the
    /// filter's, so it acts as usual (arrows move through the rows).
    fn filter_key(&mut self, event: KeyEvent) -> bool {
        let tab = self.tab;
        let Some(list) = self.lists.get_mut(&tab) else {
            self.filtering = false;
            return false;
        };
        if self.keymap.is(Action::FilterDone, event) {
            self.filtering = false;
            return true;
        }
        if self.keymap.is(Action::FilterClear, event) {
            list.filter.clear();
            self.filtering = false;
        } else if let Some(how) = clearing(&self.keymap, event) {
            clear_string(&mut list.filter, how);
        } else {
            // The filter is a plain string: these are its editing keys.
            match event.code {
                KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                    list.filter.push(c)
                }
                KeyCode::Backspace => {
                    list.filter.pop();
                }
                _ => return false,
            }
        }
        // A new filter puts its best match under the cursor.
        self.refresh_rows_from_top(tab);
        true
    }

    /// Do what a dialog replied.
    pub(super) fn answer(&mut self, reply: Reply) {
        match reply {
            Reply::Stay => {}
            Reply::Close => self.overlay = Overlay::None,
            Reply::Effect(effect) => self.effects.push(effect),
            Reply::CloseWith(effect) => {
                self.effects.push(effect);
                self.overlay = Overlay::None;
            }
            Reply::Status(status) => self.status = Some(status),
            Reply::CloseSaying(status) => {
                self.overlay = Overlay::None;
                self.status = Some(status);
            }
            Reply::Go(hit) => {
                self.overlay = Overlay::None;
                self.go_to_hit(hit);
            }
            Reply::Narrow(Narrow::Toggle(at)) => self.toggle_facet(at),
            Reply::Narrow(Narrow::Clear) => self.clear_facets(),
        }
    }

    /// Show the record the palette found (a note: in its startup's details).
    fn go_to_hit(&mut self, hit: Hit) {
        self.remember();
        match (hit.kind, hit.startup) {
            (Kind::Note, Some(startup)) => {
                self.select(Kind::Startup, &startup);
                self.anchor = Some(hit.id);
            }
            (kind, _) => {
                self.select(kind, &hit.id);
            }
        }
        self.focus = Focus::Details;
        self.link = 0;
        self.details_scroll = 0;
        self.scroll_to_anchor();
    }

    /// Pasted text (the terminal's bracketed paste) goes into the text
    /// being edited, in one piece. It is never read as keys: a pasted "y"
    /// does not answer "delete?", a pasted line break does not save a form
    /// or pick in a picker, letters pasted over a list are not commands,
    /// and a paste into a search box searches once rather than once a letter.
    fn paste(&mut self, text: &str) {
        // Terminals paste line breaks as carriage returns.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let pasted = match self.overlay.dialog_mut() {
            Some(dialog) => dialog.paste(&text, &mut context!(self)),
            None if self.filtering => match self.lists.get_mut(&self.tab) {
                Some(list) => {
                    list.filter.push_str(&sanitize_line(&text));
                    let tab = self.tab;
                    self.refresh_rows_from_top(tab);
                    true
                }
                None => false,
            },
            None => false,
        };
        self.status =
            (!pasted).then(|| "A paste goes into a text field: / filters this list".into());
    }

    /// Search again for what the palette holds, if it is open.
    pub(super) fn search_palette(&mut self) {
        if let Overlay::Palette(palette) = &mut self.overlay {
            let model = self.model.read();
            let index = super::index::built_index(&mut self.index, &model);
            palette.search((index, &mut self.memo));
        }
    }

    pub fn apply(&mut self, action: Action) {
        // The Calls tab takes the keys it has a meaning for.
        if self.tab == Tab::Calls && self.calls_action(action) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                let pages = crate::ui::help_pages(self);
                self.overlay = Overlay::Help(Help { page: 0, pages });
            }
            Action::Palette => {
                self.search_index();
                self.overlay = Overlay::Palette(Palette::default());
            }
            Action::NextTab | Action::PrevTab => {
                let at = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                let n = Tab::ALL.len();
                let next = if action == Action::NextTab {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.switch(Tab::ALL[next]);
            }
            Action::Home => self.switch(Tab::Home),
            Action::Startups => self.switch(Tab::Startups),
            Action::Cohorts => self.switch(Tab::Cohorts),
            Action::Mentors => self.switch(Tab::Mentors),
            Action::DemoDays => self.switch(Tab::DemoDays),
            Action::Calls => {
                self.switch(Tab::Calls);
                self.refresh_calls();
            }
            Action::NextCall
            | Action::PrevCall
            | Action::StageNext
            | Action::StagePrev
            | Action::SetStage
            | Action::AssignReviewers
            | Action::Review
            | Action::AcceptApplication
            | Action::DeleteCall => {
                self.status = Some(format!(
                    "{} works on the Calls tab ({})",
                    self.keymap.hint(action),
                    self.keymap.hint(Action::Calls)
                ));
            }
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::Top => self.step(i64::MIN / 2),
            Action::Bottom => self.step(i64::MAX / 2),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::Filter => {
                if self.tab != Tab::Home {
                    self.filtering = true;
                    self.focus = Focus::List;
                }
            }
            Action::Export => self.open_export(),
            Action::Report => self.open_report(),
            Action::Copy => self.copy_on_screen(),
            Action::MarkRow => self.toggle_mark(),
            Action::Bulk => self.act_on_marked(false),
            Action::Delete if !self.marked().is_empty() && self.focus == Focus::List => {
                self.act_on_marked(true)
            }
            Action::New
            | Action::Edit
            | Action::Delete
            | Action::AddNote
            | Action::AddMilestone
            | Action::MilestoneDone
            | Action::CopyPlan
            | Action::Undo
            | Action::Redo
                if let Some(why) = self.refusal(action) =>
            {
                self.status = Some(why);
            }
            Action::New => self.new_record(),
            Action::Edit => self.edit(),
            Action::Delete => self.delete(),
            Action::AddNote => match self.slot_under_cursor() {
                Some(slot) => self.open_session_note(&slot),
                None => self.open_note(),
            },
            Action::AddOfficeHours => self.open_series(),
            Action::BookOfficeHour => self.open_booking(),
            Action::AddMilestone => self.add_milestone(),
            Action::MilestoneDone => self.mark_milestone(),
            Action::CopyPlan => self.open_plan_copy(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::CloseJudging => self.ask_close_judging(),
            Action::Timeline => {
                self.timeline = !self.timeline;
                self.status = Some(if self.timeline {
                    "Notes and history together".into()
                } else {
                    "Notes only".into()
                });
                self.scroll_details(0);
            }
            Action::QuickFilter => {
                if self.facet_choices().is_empty() {
                    self.status = Some(format!("No quick filters on {}", self.tab.title()));
                } else {
                    self.focus = Focus::List;
                    self.filtering = false;
                    self.overlay = Overlay::Facets(FacetMenu::default());
                }
            }
            // A dialog's keys: it takes them itself.
            Action::Save
            | Action::Cancel
            | Action::DropLine
            | Action::PitchUp
            | Action::PitchDown
            | Action::DayLater
            | Action::DayEarlier
            | Action::Tick
            | Action::ClearAll
            | Action::LineUp
            | Action::LineDown
            | Action::Pick
            | Action::KeepMine
            | Action::TakeTheirs
            | Action::FilterDone
            | Action::FilterClear
            | Action::PickUp
            | Action::PickDown
            | Action::Choose
            | Action::Mark
            | Action::Yes
            | Action::Detach
            | Action::Accept
            | Action::NextField
            | Action::PrevField
            | Action::ChoicePrev
            | Action::ChoiceNext
            | Action::ClearToStart
            | Action::DeleteWord => {}
            Action::SortNext | Action::SortReverse => {
                let tab = self.tab;
                let columns = tab.sort_columns();
                if let Some(list) = self.lists.get_mut(&tab) {
                    if action == Action::SortNext {
                        let at = columns.iter().position(|c| *c == list.sort).unwrap_or(0);
                        let next = columns.get((at + 1) % columns.len().max(1));
                        list.sort = next.copied().unwrap_or(list.sort);
                        list.reverse = false;
                    } else {
                        list.reverse = !list.reverse;
                    }
                    let column = list.sort.label();
                    let order = if list.reverse { ", reversed" } else { "" };
                    self.status = Some(format!("Sorted by {column}{order}"));
                }
                self.refresh_rows(tab);
            }
        }
    }

    fn switch(&mut self, tab: Tab) {
        self.tab = tab;
        self.focus = Focus::List;
        self.filtering = false;
        self.details_scroll = 0;
        self.link = 0;
        self.anchor = None;
    }

    fn page_rows(&self) -> i64 {
        i64::try_from(self.visible_rows()).unwrap_or(1)
    }

    fn page(&mut self, direction: i64) {
        if self.focus == Focus::Details {
            self.scroll_details(direction * self.details_height());
        } else {
            self.step(direction * self.page_rows());
        }
    }

    fn details_height(&self) -> i64 {
        crate::ui::details_view(self).map_or(1, |v| i64::try_from(v.height).unwrap_or(1))
    }

    /// Scroll the details within the page, and bring the link cursor onto
    /// the rows now shown if it was left above or below them.
    pub(super) fn scroll_details(&mut self, by: i64) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        let last = i64::try_from(view.max_scroll()).unwrap_or(0);
        let scroll = (i64::from(self.details_scroll) + by).clamp(0, last);
        self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
        let scroll = usize::from(self.details_scroll);
        let cursor_shown = view
            .link_rows
            .get(self.link)
            .is_some_and(|row| view.shows(*row, scroll));
        if !cursor_shown {
            let mut shown =
                (0..view.link_rows.len()).filter(|n| view.shows(view.link_rows[*n], scroll));
            // Coming from below, the nearest link is the last one shown.
            let nearest = if by < 0 {
                shown.next_back()
            } else {
                shown.next()
            };
            if let Some(link) = nearest {
                self.link = link;
            }
        }
    }

    /// Bring the note a search found to the top of the details.
    pub(super) fn scroll_to_anchor(&mut self) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        if let Some(row) = view.anchor_row {
            let scroll = row.min(view.max_scroll());
            self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            self.scroll_details(0);
        }
    }

    /// Move the link cursor one link, scrolling so it stays on screen;
    /// past the first or last link, scroll the page a row instead.
    fn step_link(&mut self, by: i64) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        let next = i64::try_from(self.link).unwrap_or(0) + by;
        let Some(row) = usize::try_from(next)
            .ok()
            .and_then(|n| view.link_rows.get(n).copied())
        else {
            return self.scroll_details(by);
        };
        self.link = usize::try_from(next).unwrap_or(0);
        let scroll = usize::from(self.details_scroll);
        let scroll = if row < scroll {
            row
        } else if row >= scroll + view.height {
            row + 1 - view.height
        } else {
            scroll
        };
        self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    }

    /// Move the selection (or in details, the link cursor, else the scroll).
    fn step(&mut self, by: i64) {
        if self.focus == Focus::Details {
            if self.links().is_empty() || by.abs() > 1 {
                self.scroll_details(by);
            } else {
                self.step_link(by);
            }
            return;
        }
        if self.tab == Tab::Home {
            self.home_selected = clamp_step(self.home_selected, by, self.home_items().len());
            return;
        }
        let tab = self.tab;
        if let Some(list) = self.lists.get(&tab) {
            let target = clamp_step(list.selected, by, list.rows.len());
            // A row of a filtered list is ranked before it is chosen: its
            // place is what the move is about (`G`: the last).
            self.rank_through(tab, target + 1);
            if let Some(list) = self.lists.get_mut(&tab) {
                list.selected = target;
            }
        }
        self.keep_in_view(tab);
        self.details_scroll = 0;
        self.link = 0;
        self.anchor = None;
    }

    fn open(&mut self) {
        if self.tab == Tab::Home {
            if let Some(item) = self.home_items().get(self.home_selected).cloned() {
                if item.group.is_some() {
                    // A folded group opens in place (or folds again).
                    match self.home_opened.iter().position(|s| *s == item.section) {
                        Some(at) => {
                            self.home_opened.remove(at);
                        }
                        None => self.home_opened.push(item.section),
                    }
                    self.refresh_attention();
                    return;
                }
                self.remember();
                match item.kind {
                    // An office hour is shown in its mentor's week.
                    Kind::OfficeHour => {
                        let mentor = self
                            .data()
                            .portfolio
                            .office_hours
                            .iter()
                            .find(|h| h.id == item.id)
                            .map(|h| h.mentor.clone());
                        if let Some(mentor) = mentor {
                            self.select(Kind::Mentor, &mentor);
                        }
                    }
                    kind => {
                        self.select(kind, &item.id);
                    }
                }
                self.focus = Focus::Details;
            }
            return;
        }
        match self.focus {
            Focus::List => {
                if self.selected_index().is_some() {
                    self.remember();
                    self.focus = Focus::Details;
                    self.filtering = false;
                    self.link = 0;
                    self.details_scroll = 0;
                }
            }
            Focus::Details => {
                if let Some(Link {
                    kind: kind @ (Kind::Note | Kind::Milestone | Kind::Startup),
                    id,
                }) = self.links().get(self.link).cloned()
                    && (kind != Kind::Startup || self.tab == Tab::Startups)
                {
                    // A note or a milestone is not a place to go to but
                    // something to edit; nor is a startup's own outcome,
                    // which is `e`'s to open, for those `e` lets.
                    match self.refusal(Action::Edit).filter(|_| kind == Kind::Startup) {
                        Some(why) => self.status = Some(why),
                        None => self.effects.push(super::effect::Effect::Edit { kind, id }),
                    }
                } else if let Some(slot) = self.slot_under_cursor() {
                    self.follow_slot(&slot);
                } else if let Some(Link { kind, id }) = self.links().get(self.link).cloned() {
                    self.remember();
                    if self.select(kind, &id) {
                        self.link = 0;
                        self.details_scroll = 0;
                        self.anchor = None;
                    } else {
                        self.status = Some(format!("{kind} {id} is not in the portfolio"));
                    }
                }
            }
        }
    }

    /// Go back along the history of places; first, clear a filter.
    fn back(&mut self) {
        if self.focus == Focus::List
            && let Some(list) = self.lists.get_mut(&self.tab)
            && !(list.filter.is_empty() && list.facets.is_empty())
        {
            list.filter.clear();
            list.facets.clear();
            let tab = self.tab;
            self.refresh_rows(tab);
            return;
        }
        // Then the marks, before leaving the list.
        if self.focus == Focus::List && self.clear_marks() {
            return;
        }
        if let Some(place) = self.history.pop() {
            self.tab = place.tab;
            if let Some(list) = self.lists.get_mut(&place.tab)
                && (list.filter != place.filter || list.facets != place.facets)
            {
                list.filter = place.filter;
                list.facets = place.facets;
                self.refresh_rows(place.tab);
            }
            if let (Some(kind), Some(id)) = (place.tab.kind(), place.selected) {
                self.select(kind, &id);
            }
            self.focus = place.focus;
            self.link = place.link;
            self.details_scroll = place.details_scroll;
            self.anchor = None;
            // The page may have changed since: keep within it.
            self.scroll_details(0);
        } else if self.focus == Focus::Details {
            self.focus = Focus::List;
        }
    }

    pub(super) fn remember(&mut self) {
        let place = self.place();
        if self.history.last() != Some(&place) {
            self.history.push(place);
        }
        // A long walk is not worth keeping whole.
        if self.history.len() > 100 {
            self.history.remove(0);
        }
    }
}

fn clamp_step(at: usize, by: i64, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let at = i64::try_from(at).unwrap_or(0).saturating_add(by);
    usize::try_from(at.clamp(0, len as i64 - 1)).unwrap_or(0)
}
