//! The palette: search every record by name and text, and go to one.

use std::collections::{HashMap, HashSet};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Context, Dialog, Reply};
use crate::app::clearing::{clear_string, clearing};
use crate::app::data::Data;
use crate::app::keymap::Action;
use crate::search::{Hit, SearchIndex, SearchMemo};
use crate::text::{fold, sanitize_line};

/// The most results the palette shows.
pub const PALETTE_HITS: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

impl Palette {
    /// Search again for what is typed, its best hit selected; `memo` is
    /// the session's.
    pub fn search(&mut self, (index, memo): (&SearchIndex, &mut SearchMemo)) {
        self.hits = index.search_with(memo, &self.input, None, PALETTE_HITS);
        // Letters strewn over a text's words are noise beside a real
        // match: shown only when nothing better is found.
        crate::search::without_spread(&mut self.hits);
        self.selected = 0;
    }

    fn move_by(&mut self, by: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
    }
}

/// What tells apart each mentor of `ids` whose name another mentor has
/// too (compared folded), by id: the organisation, else the id. Two
/// "Elvin Məmmədov"s in a picker or the palette are otherwise one.
pub fn namesakes<'a>(
    data: &Data,
    ids: impl IntoIterator<Item = &'a str>,
) -> HashMap<String, String> {
    let wanted: HashSet<&str> = ids.into_iter().collect();
    if wanted.is_empty() {
        return HashMap::new();
    }
    let mentors = &data.portfolio.mentors;
    let names: HashSet<String> = mentors
        .iter()
        .filter(|m| wanted.contains(m.id.as_str()))
        .map(|m| fold(m.name.trim()))
        .collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    for m in mentors {
        let name = fold(m.name.trim());
        if names.contains(&name) {
            *count.entry(name).or_default() += 1;
        }
    }
    mentors
        .iter()
        .filter(|m| wanted.contains(m.id.as_str()))
        .filter(|m| count.get(&fold(m.name.trim())).is_some_and(|n| *n > 1))
        .map(|m| {
            let org = m.organization.trim();
            let told = if org.is_empty() {
                m.id.clone()
            } else {
                org.to_string()
            };
            (m.id.clone(), told)
        })
        .collect()
}

impl Dialog for Palette {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let is = |action| ctx.keymap.is(action, event);
        if is(Action::Cancel) {
            return Reply::Close;
        }
        if is(Action::Choose) {
            if let Some(hit) = self.hits.get(self.selected).cloned() {
                return Reply::Go(hit);
            }
        } else if is(Action::PickUp) {
            self.move_by(-1);
        } else if is(Action::PickDown) {
            self.move_by(1);
        } else if let Some(how) = clearing(ctx.keymap, event) {
            if clear_string(&mut self.input, how) {
                self.search(ctx.search_index());
            }
        } else {
            // The query is a plain string: these are its editing keys.
            match event.code {
                KeyCode::Backspace => {
                    self.input.pop();
                    self.search(ctx.search_index());
                }
                KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.input.push(c);
                    self.search(ctx.search_index());
                }
                _ => {}
            }
        }
        Reply::Stay
    }

    fn paste(&mut self, text: &str, ctx: &mut Context) -> bool {
        self.input.push_str(&sanitize_line(text));
        self.search(ctx.search_index());
        true
    }

    fn scroll(&mut self, down: bool, _ctx: &mut Context) -> Option<Reply> {
        self.move_by(if down { 1 } else { -1 });
        Some(Reply::Stay)
    }
}
