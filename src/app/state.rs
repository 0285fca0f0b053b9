//! What one session looks at: tab, lists, selection, overlays, history.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use parking_lot::{MappedRwLockReadGuard, RwLockReadGuard};

use super::data::Data;
use super::dialog::Overlay;
use super::effect::Effect;
use super::facets::{Facet, passes};
use super::home::{HomeItem, Section, home_items, home_rows};
use super::index::built_index;
use super::keymap::Keymap;
use super::marks::Marks;
use super::remote::Remote;
use super::shared::SessionIndex;
use super::shared::SharedModel;
use super::sort::{sort_rows, sorted_from};
use super::tab::{Column, Tab};
use super::undo::Undo;
use crate::model::*;
use crate::search::{MatchedField, SearchIndex, SearchMemo};
use crate::store::HistoryEntry;

/// One list's view: its rows after filter and sort, and the selection.
#[derive(Debug, Clone)]
pub struct ListView {
    /// Indices into the portfolio's records of this tab's kind. The first
    /// `ranked` are in their final order; after them, a filtered list's
    /// other matches wait unranked until the screen comes near them (see
    /// [`App::keep_in_view`]): ranking 100,000 matches per keystroke
    /// costs more than a keystroke may.
    pub rows: Vec<usize>,
    /// How many of `rows`, from the first, are in their final order.
    pub ranked: usize,
    pub selected: usize,
    /// The first row shown: kept between frames so the selection moves
    /// within the page and the page only scrolls at its edges.
    pub offset: usize,
    pub filter: String,
    pub sort: Column,
    pub reverse: bool,
    /// Quick filters in force (`f`).
    pub facets: Vec<Facet>,
    /// Of a filtered list's ranked rows, those found by another field than
    /// their name, and which: the list shows why they are there.
    pub matched: HashMap<usize, MatchedField>,
    /// Every row in the order of the sort column, as last worked out, and
    /// what that order depends on: clearing a filter finds it here rather
    /// than sorting 100,000 rows again.
    sorted: Option<(SortedFor, Vec<usize>)>,
}

/// What the order of a whole list depends on (see `sort::sort_rows`):
/// the records it is sorted from, the day, the column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SortedFor {
    /// When those records last changed (`Data::changed_at`).
    generation: u64,
    notes_loaded: bool,
    today: NaiveDate,
    sort: Column,
}

impl ListView {
    /// `tab`'s list before anything is chosen: every row, in the order of
    /// its first column.
    pub fn of(tab: Tab) -> ListView {
        ListView {
            rows: Vec::new(),
            ranked: 0,
            selected: 0,
            offset: 0,
            filter: String::new(),
            sort: tab.sort_columns().first().copied().unwrap_or(Column::Name),
            reverse: false,
            facets: Vec::new(),
            matched: HashMap::new(),
            sorted: None,
        }
    }

    /// The characters of a listed record's `name` the filter matched, to
    /// highlight (char indices); worked out for the rows on screen only.
    /// A record whose name matches is found by its name (names rank
    /// first), so a name that matches is the field that matched.
    pub fn highlight(&self, name: &str) -> Vec<usize> {
        crate::search::match_positions(&self.filter, name)
    }
}

/// How many pages of a filtered list are ranked ahead of the one shown, so
/// that paging down a little ranks nothing more.
const PAGES_AHEAD: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Details,
}

/// A link in a record's details that Enter follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: Kind,
    pub id: String,
}

/// A place to go back to.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub tab: Tab,
    pub selected: Option<String>,
    pub focus: Focus,
    /// The list's filter and quick filters then, which a jump may have cleared.
    pub filter: String,
    pub facets: Vec<Facet>,
    pub link: usize,
    pub details_scroll: u16,
}

/// One user's session of the application, as its front end feeds and
/// draws it: the tab, lists and cursor, the dialog open, and what the
/// session asked of the front end, over the portfolio it shares with the
/// process's other sessions (`SharedModel`).
pub struct App {
    pub(super) model: Arc<SharedModel>,
    /// How many of the model's changes this session has followed.
    pub(super) seen: u64,
    /// Each tab's selected record as last followed: after a write the
    /// rows' positions are stale, the ids are not.
    pub(super) remembered: Vec<(Tab, Option<String>)>,
    pub today: NaiveDate,
    /// Terminal columns and rows, as the front end reports them.
    pub size: (u16, u16),
    pub tab: Tab,
    pub(super) lists: HashMap<Tab, ListView>,
    pub(super) home: Vec<HomeItem>,
    pub home_selected: usize,
    /// The kinds whose long attention lists are opened on Home.
    pub home_opened: Vec<Section>,
    pub focus: Focus,
    /// Typing into the current list's filter.
    pub filtering: bool,
    pub link: usize,
    pub details_scroll: u16,
    /// A note to bring into view in a startup's details.
    pub anchor: Option<String>,
    pub overlay: Overlay,
    pub(super) history: Vec<Place>,
    pub keymap: Keymap,
    /// Who this session is, as the store records writers: another's
    /// change to the record in view is pointed out, one's own is not.
    pub user: String,
    /// What the user may change: the screen offers only that.
    pub access: crate::store::Access,
    pub status: Option<String>,
    /// Where exports go unless the user types another folder.
    pub export_folder: PathBuf,
    /// Set for a session over SSH: its exports and notes follow the rules
    /// for remote users (see [`Remote`]).
    pub remote: Option<Remote>,
    /// Mentor ids the server's users file names, with who signs in as
    /// each: deleting one of them warns.
    pub signs_in: Vec<(String, String)>,
    /// I/O asked of the front end, in order; it feeds back an outcome each.
    pub(super) effects: Vec<Effect>,
    /// This session's changes, for `u` and `U`.
    pub(super) undo: Undo,
    /// Rows marked with Space, by tab, to act on at once.
    pub(super) marks: Marks,
    /// Records' histories as read for their details, by kind and id.
    pub histories: HashMap<(Kind, String), Vec<HistoryEntry>>,
    /// Histories asked for and not come yet.
    pub(super) histories_asked: HashSet<(Kind, String)>,
    /// A record just saved, to select once the store's change reaches the lists.
    pub(super) pending_select: Option<(Kind, String)>,
    /// A startup's details show notes and history as one timeline (`t`
    /// switches to notes only).
    pub timeline: bool,
    /// The kind of the last note this session added: the next starts as it.
    pub(super) note_kind: Option<crate::model::NoteKind>,
    pub quit: bool,
    pub(super) index: Option<SessionIndex>,
    /// What this session's last searches matched, to narrow the next
    /// keystroke's from: its own, beside the index the sessions share.
    pub(super) memo: SearchMemo,
    /// The Calls tab.
    pub calls: super::calls::CallsView,
}

/// Below this width the list and the details take turns.
pub const WIDE: u16 = 100;

impl App {
    /// A session over a portfolio of its own.
    pub fn new(data: Data, today: NaiveDate, size: (u16, u16), keymap: Keymap) -> App {
        App::sharing(Arc::new(SharedModel::new(data)), today, size, keymap)
    }

    /// A session over the portfolio `model`, which other sessions may share.
    pub fn sharing(
        model: Arc<SharedModel>,
        today: NaiveDate,
        size: (u16, u16),
        keymap: Keymap,
    ) -> App {
        let seen = model.read().changes();
        let mut state = App {
            model,
            seen,
            remembered: Vec::new(),
            today,
            size,
            tab: Tab::Home,
            lists: HashMap::new(),
            home: Vec::new(),
            home_selected: 0,
            home_opened: Vec::new(),
            focus: Focus::List,
            filtering: false,
            link: 0,
            details_scroll: 0,
            anchor: None,
            overlay: Overlay::None,
            history: Vec::new(),
            keymap,
            user: String::new(),
            access: crate::store::Access::Everything,
            status: None,
            export_folder: PathBuf::from("."),
            remote: None,
            signs_in: Vec::new(),
            effects: Vec::new(),
            undo: Undo::default(),
            marks: Marks::default(),
            histories: HashMap::new(),
            histories_asked: HashSet::new(),
            pending_select: None,
            timeline: true,
            note_kind: None,
            quit: false,
            index: None,
            memo: SearchMemo::default(),
            calls: Default::default(),
        };
        for tab in Tab::ALL {
            state.refresh_rows(tab);
        }
        state.refresh_attention();
        state.note_selection();
        state
    }

    /// The portfolio in view.
    pub fn data(&self) -> MappedRwLockReadGuard<'_, Data> {
        RwLockReadGuard::map(self.model.read(), |model| &model.data)
    }

    /// Note each tab's selected record, by id, while the rows are of the
    /// model as it is.
    pub(super) fn note_selection(&mut self) {
        self.remembered = Tab::ALL
            .iter()
            .map(|tab| (*tab, self.selected_id_in(*tab)))
            .collect();
    }

    pub fn home_items(&self) -> &[HomeItem] {
        &self.home
    }

    /// Recompute what needs attention, for today.
    pub fn refresh_attention(&mut self) {
        let items = home_items(&self.data(), self.today, &self.home_opened);
        let home = home_rows(items, &self.home_opened);
        self.home = home;
        self.home_selected = self.home_selected.min(self.home.len().saturating_sub(1));
    }

    /// The I/O this session has asked for since last time.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn is_wide(&self) -> bool {
        self.size.0 >= WIDE
    }

    pub fn list(&self) -> Option<&ListView> {
        self.lists.get(&self.tab)
    }

    /// The startup a startup's keys (`a`, `M`, `c`, `P`, `B`) act on: the
    /// Startups tab's selection, by its place in `portfolio.startups`.
    pub(super) fn startup_on_screen(&self) -> Option<usize> {
        (self.tab == Tab::Startups)
            .then(|| self.selected_index())
            .flatten()
    }

    /// The record selected in the current tab, if any.
    pub fn selected_index(&self) -> Option<usize> {
        let list = self.list()?;
        list.rows.get(list.selected).copied()
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected_id_in(self.tab)
    }

    /// The id of the record selected in `tab`'s list, if any.
    pub fn selected_id_in(&self, tab: Tab) -> Option<String> {
        let list = self.lists.get(&tab)?;
        let i = *list.rows.get(list.selected)?;
        let data = self.data();
        let p = &data.portfolio;
        Some(match tab {
            Tab::Home | Tab::Calls => return None,
            Tab::Startups => p.startups.get(i)?.id.clone(),
            Tab::Cohorts => p.cohorts.get(i)?.id.clone(),
            Tab::Mentors => p.mentors.get(i)?.id.clone(),
            Tab::DemoDays => p.demo_days.get(i)?.id.clone(),
        })
    }

    /// Put `tab`'s selection back on record `id` if it is still listed.
    pub(super) fn reselect(&mut self, tab: Tab, kind: Kind, id: &str) {
        let Some(row) = self.data().position(kind, id) else {
            return;
        };
        if let Some(list) = self.lists.get_mut(&tab)
            && let Some(at) = list.rows.iter().position(|r| *r == row)
        {
            list.selected = at;
        }
        self.keep_in_view(tab);
    }

    /// The links in the selected record's details, in the order shown.
    pub fn links(&self) -> Vec<Link> {
        let Some(i) = self.selected_index() else {
            return Vec::new();
        };
        let data = self.data();
        let p = &data.portfolio;
        let link = |kind, id: &str| Link {
            kind,
            id: id.to_string(),
        };
        match self.tab {
            Tab::Home | Tab::Calls => Vec::new(),
            Tab::Startups => {
                let s = &p.startups[i];
                let mut links: Vec<Link> = s.cohort.iter().map(|c| link(Kind::Cohort, c)).collect();
                links.extend(s.mentors.iter().map(|m| link(Kind::Mentor, m)));
                // Milestones, as the details list them: Enter or e edits, c ticks.
                links.extend(
                    data.milestones_of(&s.id)
                        .map(|m| link(Kind::Milestone, &m.id)),
                );
                // The Outcome section's line: Enter opens the form there.
                if super::dialog::form::shows_outcome(s) {
                    links.push(link(Kind::Startup, &s.id));
                }
                // Its office hours: a on a past one notes the session.
                links.extend(
                    super::hours::sessions_of(p, &s.id, self.today)
                        .into_iter()
                        .map(|h| link(Kind::OfficeHour, &h.id)),
                );
                // Notes too: Enter or e edits the one under the cursor, d deletes it.
                links.extend(data.notes_of(&s.id).map(|n| link(Kind::Note, &n.id)));
                links
            }
            Tab::Cohorts => {
                let c = &p.cohorts[i];
                let mut links: Vec<Link> = data
                    .startups_of_cohort(&c.id)
                    .map(|s| link(Kind::Startup, &s.id))
                    .collect();
                links.extend(
                    p.demo_days
                        .iter()
                        .filter(|d| d.cohort == c.id)
                        .map(|d| link(Kind::DemoDay, &d.id)),
                );
                links
            }
            Tab::Mentors => {
                let m = &p.mentors[i];
                let mut links: Vec<Link> = data
                    .startups_of_mentor(&m.id)
                    .map(|s| link(Kind::Startup, &s.id))
                    .collect();
                // Their week: a on a past booked slot notes the session.
                links.extend(
                    super::hours::week_of(p, &m.id, self.today)
                        .into_iter()
                        .map(|h| link(Kind::OfficeHour, &h.id)),
                );
                links
            }
            Tab::DemoDays => {
                let d = &p.demo_days[i];
                let mut links = vec![link(Kind::Cohort, &d.cohort)];
                links.extend(
                    d.pitches
                        .iter()
                        .map(|pitch| link(Kind::Startup, &pitch.startup)),
                );
                links
            }
        }
    }

    /// Recompute a tab's rows from its filter and sort, keeping the
    /// selected record selected where it is still listed.
    pub fn refresh_rows(&mut self, tab: Tab) {
        self.refresh_rows_keeping(tab, true);
    }

    /// Recompute a tab's rows for a new filter: its best match selected,
    /// at the top.
    pub(super) fn refresh_rows_from_top(&mut self, tab: Tab) {
        self.refresh_rows_keeping(tab, false);
    }

    fn refresh_rows_keeping(&mut self, tab: Tab, keep: bool) {
        let Some(kind) = tab.kind() else { return };
        let mut list = self.lists.remove(&tab).unwrap_or_else(|| ListView::of(tab));
        let previous = list.rows.get(list.selected).copied().filter(|_| keep);
        if !keep {
            list.offset = 0;
        }
        let filtered = !list.filter.trim().is_empty();
        // Only a plain filtered list ranks its first pages alone: quick
        // filters drop rows of what is ranked, and a reversed list shows
        // its worst matches first.
        let lazy = filtered && list.facets.is_empty() && !list.reverse;
        let (mut rows, ranked, matched) = if filtered {
            let first = if lazy {
                list.offset + self.visible_rows() * (1 + PAGES_AHEAD)
            } else {
                usize::MAX
            };
            let model = self.model.read();
            let index = built_index(&mut self.index, &model);
            filtered_rows(
                index,
                &mut self.memo,
                &model.data,
                kind,
                &list.filter,
                first,
            )
        } else {
            // An unfiltered list follows its sort column.
            let all = self.sorted_rows(tab, kind, &mut list);
            let n = all.len();
            (all, n, HashMap::new())
        };
        list.matched = matched;
        // A filtered list is in order of relevance, names first, so the
        // best match is selected.
        if !list.facets.is_empty() {
            let data = self.data();
            rows.retain(|row| passes(&data, self.today, tab, *row, &list.facets));
        }
        if list.reverse {
            rows.reverse();
        }
        list.ranked = if lazy { ranked } else { rows.len() };
        list.selected = previous
            .and_then(|p| rows.iter().position(|r| *r == p))
            .unwrap_or(0);
        list.rows = rows;
        self.lists.insert(tab, list);
        self.keep_in_view(tab);
    }

    /// Every row of `tab` in the order of its sort column: sorted again
    /// only when the records, the day or the column changed since `list`
    /// was last sorted.
    fn sorted_rows(&self, tab: Tab, kind: Kind, list: &mut ListView) -> Vec<usize> {
        let data = self.data();
        let sorted_for = SortedFor {
            generation: data.changed_at(sorted_from(tab, list.sort)),
            notes_loaded: data.notes_loaded(),
            today: self.today,
            sort: list.sort,
        };
        if let Some((was, rows)) = &list.sorted
            && *was == sorted_for
        {
            return rows.clone();
        }
        let mut rows: Vec<usize> = (0..data.portfolio.count(kind)).collect();
        sort_rows(&data, self.today, tab, list.sort, &mut rows);
        list.sorted = Some((sorted_for, rows.clone()));
        rows
    }

    /// Rank a filtered list's rows through row `upto` at least (all of
    /// them once the selection is among those not ranked), keeping the
    /// selected record selected. The ranked rows keep their places: the
    /// best n are the first n of the best m.
    pub(super) fn rank_through(&mut self, tab: Tab, upto: usize) {
        let Some(kind) = tab.kind() else { return };
        let Some(list) = self.lists.get(&tab) else {
            return;
        };
        if upto <= list.ranked || list.ranked >= list.rows.len() {
            return;
        }
        // Each time at least four times as many, so that paging on
        // through a long list ranks it a few times, not once a page.
        let want = if list.selected >= list.ranked {
            usize::MAX
        } else {
            upto.max(list.ranked.saturating_mul(4))
        };
        let filter = list.filter.clone();
        let model = self.model.read();
        let index = built_index(&mut self.index, &model);
        let (rows, ranked, matched) =
            filtered_rows(index, &mut self.memo, &model.data, kind, &filter, want);
        drop(model);
        let Some(list) = self.lists.get_mut(&tab) else {
            return;
        };
        let chosen = list.rows.get(list.selected).copied();
        list.ranked = ranked;
        list.matched = matched;
        list.selected = chosen
            .and_then(|c| rows.iter().position(|&r| r == c))
            .unwrap_or(0);
        list.rows = rows;
    }

    /// Build the session's own search index if the model keeps none, so
    /// the first search does not wait for it.
    pub fn search_index(&mut self) {
        built_index(&mut self.index, &self.model.read());
    }

    /// Select the record `id` of `kind` in its tab, clearing a filter that hides it.
    pub fn select(&mut self, kind: Kind, id: &str) -> bool {
        // A milestone is shown in its startup's details.
        if kind == Kind::Milestone {
            let data = self.data();
            let Some(at) = data.position(kind, id) else {
                return false;
            };
            let startup = data.portfolio.milestones[at].startup.clone();
            drop(data);
            return self.select(Kind::Startup, &startup);
        }
        let tab = Tab::of_kind(kind);
        if tab == Tab::Calls {
            return self.select_in_calls(kind, id);
        }
        let position = self.data().position(kind, id);
        let Some(row) = position else { return false };
        let list = self.lists.entry(tab).or_insert_with(|| ListView::of(tab));
        if !list.rows.contains(&row) {
            list.filter.clear();
            list.facets.clear();
            self.refresh_rows(tab);
        }
        let list = self.lists.entry(tab).or_insert_with(|| ListView::of(tab));
        list.selected = list.rows.iter().position(|r| *r == row).unwrap_or(0);
        self.tab = tab;
        self.keep_in_view(tab);
        true
    }

    /// Rows of a list the screen shows: all but the tabs, the status bar,
    /// the borders and the header.
    pub fn visible_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(5)).max(1)
    }

    /// Scroll a list just enough that its selection is on screen, and
    /// rank what is on screen (and a little more) of a filtered list.
    pub fn keep_in_view(&mut self, tab: Tab) {
        let visible = self.visible_rows();
        // The selection's place must be final before the page is placed
        // around it.
        if let Some(list) = self.lists.get(&tab) {
            let selected = list.selected;
            self.rank_through(tab, selected + 1);
        }
        let Some(list) = self.lists.get_mut(&tab) else {
            return;
        };
        if list.selected < list.offset {
            list.offset = list.selected;
        } else if list.selected >= list.offset + visible {
            list.offset = list.selected + 1 - visible;
        }
        let last_page = list.rows.len().saturating_sub(visible);
        list.offset = list.offset.min(last_page);
        let upto = list.offset + visible * (1 + PAGES_AHEAD);
        self.rank_through(tab, upto);
    }

    pub fn place(&self) -> Place {
        Place {
            tab: self.tab,
            selected: self.selected_id(),
            focus: self.focus,
            filter: self.list().map(|l| l.filter.clone()).unwrap_or_default(),
            facets: self.list().map(|l| l.facets.clone()).unwrap_or_default(),
            link: self.link,
            details_scroll: self.details_scroll,
        }
    }
}

/// A filtered list's rows: every record of `kind` that `filter` matches,
/// the best `first` of them ranked (all for `usize::MAX`), the others
/// after them unranked; and how many are ranked. `index` is of `data`'s
/// records as they are (see `built_index`), so the places it gives are
/// rows; `memo` is the session's.
fn filtered_rows(
    index: &SearchIndex,
    memo: &mut SearchMemo,
    data: &Data,
    kind: Kind,
    filter: &str,
    first: usize,
) -> (Vec<usize>, usize, HashMap<usize, MatchedField>) {
    let listed = index.search_list_with(memo, filter, kind, first);
    let count = data.portfolio.count(kind);
    // Names are what a row shows already; any other field is said.
    let matched = listed
        .ranked
        .iter()
        .filter(|f| f.field != MatchedField::Name && f.record < count)
        .map(|f| (f.record, f.field))
        .collect();
    let mut rows: Vec<usize> = listed.ranked.iter().map(|f| f.record).collect();
    debug_assert!(
        listed
            .ranked
            .iter()
            .all(|f| data.portfolio.id_at(kind, f.record) == Some(f.id))
    );
    rows.retain(|&row| row < count);
    let ranked = rows.len();
    if listed.ranked.len() < listed.matched.len() {
        let mut placed = vec![false; count];
        for &row in &rows {
            placed[row] = true;
        }
        rows.extend(
            listed
                .matched
                .iter()
                .filter(|&&row| row < count && !placed[row]),
        );
    }
    (rows, ranked, matched)
}
