//! What one session looks at: tab, lists, selection, overlays, history.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use super::data::Data;
use super::edit::{DeleteConfirm, UndoStep};
use super::effect::Effect;
use super::export::ExportDialog;
use super::facets::{Facet, FacetMenu};
use super::form::Form;
use super::keymap::Keymap;
use super::note::NoteEditor;
use crate::model::*;
use crate::search::{Hit, SearchIndex};
use crate::store::HistoryEntry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Startups,
    Cohorts,
    Mentors,
    DemoDays,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Home,
        Tab::Startups,
        Tab::Cohorts,
        Tab::Mentors,
        Tab::DemoDays,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Home => "Home",
            Tab::Startups => "Startups",
            Tab::Cohorts => "Cohorts",
            Tab::Mentors => "Mentors",
            Tab::DemoDays => "Demo days",
        }
    }

    pub fn kind(self) -> Option<Kind> {
        match self {
            Tab::Home => None,
            Tab::Startups => Some(Kind::Startup),
            Tab::Cohorts => Some(Kind::Cohort),
            Tab::Mentors => Some(Kind::Mentor),
            Tab::DemoDays => Some(Kind::DemoDay),
        }
    }

    pub fn of_kind(kind: Kind) -> Tab {
        match kind {
            Kind::Startup | Kind::Note => Tab::Startups,
            Kind::Cohort => Tab::Cohorts,
            Kind::Mentor => Tab::Mentors,
            Kind::DemoDay => Tab::DemoDays,
        }
    }

    /// The columns a list can be sorted by, first the default.
    pub fn sort_columns(self) -> &'static [&'static str] {
        match self {
            Tab::Home => &[],
            Tab::Startups => &["name", "stage", "status", "cohort", "mentors", "last note"],
            Tab::Cohorts => &["start", "name", "program", "status", "enrolled"],
            Tab::Mentors => &["name", "organization", "load"],
            Tab::DemoDays => &["date", "cohort", "venue", "pitches"],
        }
    }
}

/// One list's view: its rows after filter and sort, and the selection.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// Indices into the portfolio's records of this tab's kind.
    pub rows: Vec<usize>,
    pub selected: usize,
    /// The first row shown: kept between frames so the selection moves
    /// within the page and the page only scrolls at its edges.
    pub offset: usize,
    pub filter: String,
    /// The records (by index) the filter found by their name: only the
    /// rows on screen have their matched characters worked out.
    pub name_matches: HashSet<usize>,
    pub sort: usize,
    pub reverse: bool,
    /// Quick filters in force (`f`).
    pub facets: Vec<Facet>,
}

impl ListView {
    /// The characters of record `row`'s `name` the filter matched, to
    /// highlight (char indices).
    pub fn highlight(&self, row: usize, name: &str) -> Vec<usize> {
        if self.name_matches.contains(&row) {
            crate::search::match_positions(&self.filter, name)
        } else {
            Vec::new()
        }
    }
}

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

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help,
    Palette(Palette),
    Facets(FacetMenu),
    Export(ExportDialog),
    Form(Box<Form>),
    Note(Box<NoteEditor>),
    Delete(Box<DeleteConfirm>),
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

pub struct State {
    pub data: Data,
    pub today: NaiveDate,
    /// Terminal columns and rows, as the front end reports them.
    pub size: (u16, u16),
    pub tab: Tab,
    pub lists: HashMap<Tab, ListView>,
    pub home: Vec<super::home::HomeItem>,
    pub home_selected: usize,
    pub focus: Focus,
    /// Typing into the current list's filter.
    pub filtering: bool,
    pub link: usize,
    pub details_scroll: u16,
    /// A note to bring into view in a startup's details.
    pub anchor: Option<String>,
    pub overlay: Overlay,
    pub history: Vec<Place>,
    pub keymap: Keymap,
    /// Who this session is, as the store records writers: another's
    /// change to the record in view is pointed out, one's own is not.
    pub user: String,
    /// What the user may change: the screen offers only that.
    pub access: crate::store::Access,
    pub status: Option<String>,
    /// Where exports go unless the user types another folder.
    pub export_folder: PathBuf,
    /// I/O asked of the front end, in order; it feeds back an outcome each.
    pub effects: Vec<Effect>,
    /// This session's changes, last last, for `u`.
    pub undo: Vec<UndoStep>,
    /// Records' histories as read for their details, by kind and id.
    pub histories: HashMap<(Kind, String), Vec<HistoryEntry>>,
    /// Histories asked for and not come yet.
    pub(super) histories_asked: HashSet<(Kind, String)>,
    /// A record just saved, to select once the store's change reaches the lists.
    pub(super) pending_select: Option<(Kind, String)>,
    /// A startup's details show notes and history as one timeline (`t`
    /// switches to notes only).
    pub timeline: bool,
    pub quit: bool,
    pub(super) index: Option<SearchIndex>,
}

/// Below this width the list and the details take turns.
pub const WIDE: u16 = 100;

impl State {
    pub fn new(data: Data, today: NaiveDate, size: (u16, u16), keymap: Keymap) -> State {
        let mut state = State {
            data,
            today,
            size,
            tab: Tab::Home,
            lists: HashMap::new(),
            home: Vec::new(),
            home_selected: 0,
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
            effects: Vec::new(),
            undo: Vec::new(),
            histories: HashMap::new(),
            histories_asked: HashSet::new(),
            pending_select: None,
            timeline: true,
            quit: false,
            index: None,
        };
        for tab in Tab::ALL {
            state.refresh_rows(tab);
        }
        state.refresh_attention();
        state
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
        let p = &self.data.portfolio;
        Some(match tab {
            Tab::Home => return None,
            Tab::Startups => p.startups[i].id.clone(),
            Tab::Cohorts => p.cohorts[i].id.clone(),
            Tab::Mentors => p.mentors[i].id.clone(),
            Tab::DemoDays => p.demo_days[i].id.clone(),
        })
    }

    /// Put `tab`'s selection back on record `id` if it is still listed.
    pub(super) fn reselect(&mut self, tab: Tab, kind: Kind, id: &str) {
        let Some(row) = self.data.position(kind, id) else {
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
        let p = &self.data.portfolio;
        let link = |kind, id: &str| Link {
            kind,
            id: id.to_string(),
        };
        match self.tab {
            Tab::Home => Vec::new(),
            Tab::Startups => {
                let s = &p.startups[i];
                let mut links: Vec<Link> = s.cohort.iter().map(|c| link(Kind::Cohort, c)).collect();
                links.extend(s.mentors.iter().map(|m| link(Kind::Mentor, m)));
                // Notes too: Enter or e edits the one under the cursor, d deletes it.
                links.extend(self.data.notes_of(&s.id).map(|n| link(Kind::Note, &n.id)));
                links
            }
            Tab::Cohorts => {
                let c = &p.cohorts[i];
                let mut links: Vec<Link> = self
                    .data
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
                self.data
                    .startups_of_mentor(&m.id)
                    .map(|s| link(Kind::Startup, &s.id))
                    .collect()
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
        let Some(kind) = tab.kind() else { return };
        let mut list = self.lists.remove(&tab).unwrap_or_default();
        let previous = list.rows.get(list.selected).copied();
        let count = match kind {
            Kind::Startup => self.data.portfolio.startups.len(),
            Kind::Cohort => self.data.portfolio.cohorts.len(),
            Kind::Mentor => self.data.portfolio.mentors.len(),
            Kind::DemoDay => self.data.portfolio.demo_days.len(),
            Kind::Note => 0,
        };
        list.name_matches.clear();
        let mut rows: Vec<usize> = if list.filter.trim().is_empty() {
            (0..count).collect()
        } else {
            let data = &self.data;
            let index = built_index(&mut self.index, data);
            let found = index.search_found(&list.filter, Some(&[kind]), usize::MAX);
            let mut rows = Vec::with_capacity(found.len());
            for hit in found {
                if let Some(row) = data.position(kind, hit.id) {
                    if hit.field == crate::search::Field::Name {
                        list.name_matches.insert(row);
                    }
                    rows.push(row);
                }
            }
            rows
        };
        // A filtered list is in order of relevance, names first, so the
        // best match is selected; an unfiltered one follows its sort column.
        if !list.facets.is_empty() {
            rows.retain(|row| self.passes(tab, *row, &list.facets));
        }
        if list.filter.trim().is_empty() {
            super::sort::sort_rows(self, tab, list.sort, &mut rows);
        }
        if list.reverse {
            rows.reverse();
        }
        list.selected = previous
            .and_then(|p| rows.iter().position(|r| *r == p))
            .unwrap_or(0);
        list.rows = rows;
        self.lists.insert(tab, list);
        self.keep_in_view(tab);
    }

    /// The search index, built the first time it is needed so the first
    /// frame does not wait for it.
    pub fn search_index(&mut self) -> &SearchIndex {
        built_index(&mut self.index, &self.data)
    }

    /// Select the record `id` of `kind` in its tab, clearing a filter that hides it.
    pub fn select(&mut self, kind: Kind, id: &str) -> bool {
        let tab = Tab::of_kind(kind);
        let position = self.data.position(kind, id);
        let Some(row) = position else { return false };
        let list = self.lists.entry(tab).or_default();
        if !list.rows.contains(&row) {
            list.filter.clear();
            list.facets.clear();
            self.refresh_rows(tab);
        }
        let list = self.lists.entry(tab).or_default();
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

    /// Scroll a list just enough that its selection is on screen.
    pub fn keep_in_view(&mut self, tab: Tab) {
        let visible = self.visible_rows();
        if let Some(list) = self.lists.get_mut(&tab) {
            if list.selected < list.offset {
                list.offset = list.selected;
            } else if list.selected >= list.offset + visible {
                list.offset = list.selected + 1 - visible;
            }
            let last_page = list.rows.len().saturating_sub(visible);
            list.offset = list.offset.min(last_page);
        }
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

/// The session's search index, built first if it is not there (a write
/// drops it): apart from `State`, so the rest of the state stays readable.
fn built_index<'a>(index: &'a mut Option<SearchIndex>, data: &Data) -> &'a SearchIndex {
    index.get_or_insert_with(|| SearchIndex::build(&data.portfolio))
}
