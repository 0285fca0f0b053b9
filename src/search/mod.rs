//! Search over the portfolio: folded keys, fuzzy matching, ranked hits with
//! the positions of the matched characters for highlighting.
//!
//! How a query matches:
//! - The query and every key are folded the same way
//!   ([`crate::text::fold`]: lowercase, and Azerbaijani/Turkish letters and
//!   common Latin accents to ASCII), then scored on the folded text by
//!   `scorer`: our copy of skim's fuzzy algorithm (fuzzy-matcher's
//!   `SkimMatcherV2`, case respected), which the tests, and debug builds on
//!   every hit, check against skim itself.
//! - A query is split on whitespace into words. A field matches when EVERY
//!   word matches it fuzzily (in any order); the words must all match in the
//!   same field — for a note body, in the same line. The field's score is the
//!   sum of the words' scores, and its positions are the union of theirs.
//!   So `rəhimova şəmsiyyə` finds `Şəmsiyyə Rəhimova`, and `solar baku`
//!   finds nothing unless one field holds both.
//! - Each record yields at most one hit: its best field. A field holding a
//!   query of several words as typed (its words one space apart: a phrase)
//!   ranks above every other; then a name field (startup, mentor, cohort)
//!   above any other field; then the higher score; then kind (startup,
//!   cohort, mentor, demo day, note); then natural id order (`s2` before
//!   `s10`).
//! - A word whose letters are strewn over a text's words (`medq` in `Səməd
//!   Quliyev`) scores far below one found inside a word or as initials;
//!   lists of hits leave such matches out while any other is there
//!   ([`without_spread`], [`SearchIndex::search_list`]).
//!
//! Searched fields: startup name, one-liner, sector, tags and founders'
//! names; mentor name and expertise tags; cohort name; demo day venue; note
//! body (line by line).
//!
//! For callers:
//! - [`Hit::text`] is raw text from the store: pass it through
//!   `crate::text::sanitize_line` before drawing. That keeps one char per
//!   char, so [`Hit::positions`] stay valid.
//! - A [`SearchIndex`] is built once (about 0.15 s and 40 MB for 10,000
//!   startups and 100,000 notes in release; build it off the first frame's
//!   path) and kept up to date by [`SearchIndex::put`] and
//!   [`SearchIndex::remove`] on each write.
//! - Between writes it is read-only, so many sessions search one index.
//!   What the last queries matched, per set of kinds, is the searcher's
//!   own [`SearchMemo`]: call [`SearchIndex::search_with`] with it on
//!   every keystroke, and a query typed one letter further (or deleted
//!   back) searches only what could still match. A memo made before a
//!   write, or on another index, is emptied when next used. The plain
//!   [`SearchIndex::search`] remembers nothing (one query, a command).
//! - A list that holds every match but shows a page of them: ask
//!   [`SearchIndex::search_list_with`] for every match and the first pages
//!   ranked, and again with more as the list scrolls; ranking 100,000
//!   matches each keystroke is what it saves.
//! - One text against a query, outside an index: [`score`] (the pickers and
//!   name resolution rank with it, so they rank as the palette does) and
//!   [`match_positions`] (what a hit on that text would highlight).
//!
//! Layers, one file each (folding is [`crate::text::fold`]):
//! - `query`: a folded query's words, and upper bounds of their scores;
//! - `scorer`: skim's score and positions, allocation-free, stopping early
//!   below a floor;
//! - `rank`: the best `limit` records, names first, skipping what cannot
//!   enter;
//! - `phrase`: the records holding a query of several words as typed,
//!   ranked above the rest;
//! - `hit`: what a search returns ([`Hit`], [`Found`], [`Listed`]);
//! - `index`: the index and how it is built from a portfolio;
//! - `incremental`: one record's write applied to a built index;
//! - `narrow`: what the last queries could still match ([`SearchMemo`]),
//!   searched again as the query grows;
//! - `stream`: the best records of a stream, without an index ([`Sieve`]),
//!   for a search made once.
//!
//! How it stays fast (a keystroke over 110,000 records takes a few
//! milliseconds in release): scores come from an allocation-free copy of
//! skim's algorithm (see `Scorer`); a key that lacks a char of the query
//! is rejected by a bit set (`FieldText::chars`) without reading its text;
//! name hits outrank everything, so other fields are skipped once names
//! fill `limit`; and upper bounds of skim's score (per word, per key, per
//! line, and carried over from the previous keystroke) skip whatever cannot
//! beat the current `limit`-th best, names included.

// Small helpers that a hot loop of another layer calls (bounds, spans,
// char types) are `#[inline]`: a layer's file may land in another codegen
// unit than its callers.
#[cfg(test)]
mod aliases;
mod hit;
mod incremental;
pub(super) mod index;
mod narrow;
mod phrase;
mod query;
mod rank;
#[cfg(test)]
mod ranking;
mod scorer;
mod stream;
#[cfg(test)]
mod tests;

pub use hit::{Found, Hit, Listed, MatchedField, NAME_BONUS};
pub use index::SearchIndex;
pub use narrow::SearchMemo;
pub use phrase::PHRASE_BONUS;
pub use stream::Sieve;

use crate::model::Kind;
use crate::text::{alias, fold, fold_query};
use index::{kind_bit, kind_mask};
use narrow::NO_NAME;
use phrase::{Phrase, Scope};
use query::{Query, Word, all_subsequences};
use rank::Entries;
use scorer::{Outcome, Scorer, is_spread};

impl SearchIndex {
    /// Best hits first, at most one hit per record (its best field), only
    /// kinds in `kinds` (all when None), at most `limit`. An empty or
    /// all-whitespace query finds nothing. Remembers nothing: for one
    /// query; as the user types, [`SearchIndex::search_with`].
    pub fn search(&self, query: &str, kinds: Option<&[Kind]>, limit: usize) -> Vec<Hit> {
        self.hits_for(None, query, kinds, limit)
    }

    /// What [`SearchIndex::search`] finds, narrowed from what `memo`
    /// remembers of the last queries (per set of kinds), and remembered
    /// there: a query typed one letter further, or deleted back, searches
    /// only what could still match (see `narrow`); the hits are the same.
    pub fn search_with(
        &self,
        memo: &mut SearchMemo,
        query: &str,
        kinds: Option<&[Kind]>,
        limit: usize,
    ) -> Vec<Hit> {
        self.hits_for(Some(memo), query, kinds, limit)
    }

    fn hits_for(
        &self,
        memo: Option<&mut SearchMemo>,
        query: &str,
        kinds: Option<&[Kind]>,
        limit: usize,
    ) -> Vec<Hit> {
        let folded = fold_query(query);
        let parsed = Query::new(&folded);
        if parsed.is_empty() || limit == 0 {
            return Vec::new();
        }
        let ranked = self.ranked(memo, &folded, kind_mask(kinds), limit);
        self.hits(&ranked, &parsed.words)
    }

    /// What [`SearchIndex::search`] finds, without the texts and positions
    /// that make a [`Hit`]: for a list of many rows that highlights only
    /// those on screen (see [`match_positions`]). Far cheaper when
    /// thousands match.
    pub fn search_found(
        &self,
        query: &str,
        kinds: Option<&[Kind]>,
        limit: usize,
    ) -> Vec<Found<'_>> {
        self.found_for(None, query, kinds, limit)
    }

    /// [`SearchIndex::search_found`], narrowed through `memo` as
    /// [`SearchIndex::search_with`] is.
    pub fn search_found_with(
        &self,
        memo: &mut SearchMemo,
        query: &str,
        kinds: Option<&[Kind]>,
        limit: usize,
    ) -> Vec<Found<'_>> {
        self.found_for(Some(memo), query, kinds, limit)
    }

    fn found_for(
        &self,
        memo: Option<&mut SearchMemo>,
        query: &str,
        kinds: Option<&[Kind]>,
        limit: usize,
    ) -> Vec<Found<'_>> {
        let folded = fold_query(query);
        if Query::new(&folded).is_empty() || limit == 0 {
            return Vec::new();
        }
        self.ranked(memo, &folded, kind_mask(kinds), limit)
            .iter()
            .map(|r| self.found(r))
            .collect()
    }

    /// What a list of `kind` filtered by `query` shows: every record that
    /// matches (what [`SearchIndex::search_found`] finds with no limit),
    /// less those matched only by letters strewn over a field's words
    /// while any other matches; and the best `first` of them ranked (what
    /// it finds with that limit). Only the matches are ranked, and with a short `first` few
    /// of them are scored: a list's first pages cost little at 100,000
    /// matches, where ranking them all costs more than a keystroke may.
    /// Remembers nothing; as the user types, [`SearchIndex::search_list_with`].
    pub fn search_list(&self, query: &str, kind: Kind, first: usize) -> Listed<'_> {
        self.listed_for(None, query, kind, first)
    }

    /// [`SearchIndex::search_list`], remembering in `memo` what the last
    /// queries matched: a query that extends one of them tests only its
    /// matches.
    pub fn search_list_with(
        &self,
        memo: &mut SearchMemo,
        query: &str,
        kind: Kind,
        first: usize,
    ) -> Listed<'_> {
        self.listed_for(Some(memo), query, kind, first)
    }

    fn listed_for(
        &self,
        memo: Option<&mut SearchMemo>,
        query: &str,
        kind: Kind,
        first: usize,
    ) -> Listed<'_> {
        let folded = fold_query(query);
        let query = Query::new(&folded);
        if query.is_empty() {
            return Listed::default();
        }
        let mask = kind_bit(kind);
        let mut matched = self.matched_entries(memo, &folded, mask, &query);
        // Letters strewn over a text's words are listed only when nothing
        // better is there (`medq` lists MedQueue, not Səməd Quliyev's).
        if matched.iter().any(|m| !m.spread) {
            matched.retain(|m| !m.spread);
        }
        let by_name = matched.iter().filter(|m| m.name != NO_NAME).count();
        let ranked = if first == 0 {
            Vec::new()
        } else if by_name >= first {
            // Names fill the places: no other field need be looked at.
            self.rank_names_of(&query, &matched, first)
        } else {
            let entries = Entries {
                listed: matched.iter().map(|m| (m.entry, i64::MAX)).collect(),
                untouched: Vec::new(),
            };
            self.rank(&query, entries, mask, first, None)
        };
        let (ranked, _) = self.with_phrases(&query, Scope::Matches(&matched), ranked, first);
        Listed {
            ranked: ranked.iter().map(|r| self.found(r)).collect(),
            matched: matched
                .iter()
                .map(|m| self.entries[m.entry as usize].record as usize)
                .collect(),
        }
    }
}

/// `hits` without those matched spread over their words (see
/// `scorer::fits`, ranked below all others), unless nothing better was
/// found: what a list of hits shows (the `search` command).
pub fn without_spread(hits: &mut Vec<Hit>) {
    if hits.iter().any(|h| !is_spread(h.score)) {
        hits.retain(|h| !is_spread(h.score));
    }
}

/// How well `text` matches `query`, scored as a search scores a field
/// (both folded; every word of the query matching, in any order; the sum
/// of their scores, higher is better); None when some word does not match.
/// An empty query matches everything, scoring 0. For lists that rank a
/// few texts outside an index: pickers, and names typed on the command
/// line.
pub fn score(query: &str, text: &str) -> Option<i64> {
    let query = fold_query(query);
    let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
    let mut scorer = Scorer::default();
    let mut score = |folded: &str| match scorer.score(folded, folded.is_ascii(), &words, i64::MIN) {
        Outcome::Score(score) => Some(score),
        Outcome::NoMatch | Outcome::Below => None,
    };
    // Scored as a name: its alias too, as an index keys it; each with the
    // bonus of holding the query as a phrase.
    let phrase = Phrase::of(words.iter().map(|w| w.text));
    let mut scored = |folded: &str| {
        let bonus = phrase.as_ref().map_or(0, |p| p.bonus(folded));
        score(folded).map(|s| s + bonus)
    };
    let by_alias = alias(text, true).and_then(|alias| scored(&alias));
    scored(&fold(text)).max(by_alias)
}

/// The chars of `text` that `query` marks, as a hit on `text` would
/// (a [`Hit`]'s `positions`): for highlighting only the rows on screen of
/// a list searched with [`SearchIndex::search_found`]. Char indices,
/// ascending; none when the query is empty.
/// Nothing when some word does not match `text` (a hit on `text` needs
/// every word to).
pub fn match_positions(query: &str, text: &str) -> Vec<usize> {
    let query = fold_query(query);
    let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
    let folded = fold(text);
    if words.is_empty() || !all_subsequences(&folded, &words) {
        return Vec::new();
    }
    if let Some(at) = Phrase::of(words.iter().map(|w| w.text)).and_then(|p| p.positions(&folded)) {
        return at;
    }
    Scorer::default().positions(&folded, folded.is_ascii(), &words)
}
