//! What a search returns: a [`Hit`] (with its texts and the positions to
//! highlight), a [`Found`] (ids and places only, for long lists) and a
//! [`Listed`] (a list's matches), made from ranked entries.

use serde::Serialize;

#[cfg(any(test, debug_assertions))]
use fuzzy_matcher::FuzzyMatcher;
#[cfg(any(test, debug_assertions))]
use fuzzy_matcher::skim::SkimMatcherV2;

use super::SearchIndex;
#[cfg(debug_assertions)]
use super::phrase::PHRASE_BONUS;
use super::phrase::{Phrase, is_phrase};
use super::query::{Word, all_subsequences};
use super::rank::{Ranked, on_both_cores};
use super::scorer::Scorer;
#[cfg(debug_assertions)]
use super::scorer::{SPREAD_PENALTY, fits, type_of};
use crate::model::Kind;

/// The field of a record that a hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedField {
    Name,
    OneLiner,
    Sector,
    Tag,
    Founder,
    Expertise,
    Venue,
    Body,
}

impl MatchedField {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedField::Name => "name",
            MatchedField::OneLiner => "one_liner",
            MatchedField::Sector => "sector",
            MatchedField::Tag => "tag",
            MatchedField::Founder => "founder",
            MatchedField::Expertise => "expertise",
            MatchedField::Venue => "venue",
            MatchedField::Body => "body",
        }
    }
}

/// One record found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    /// The record's id (for a note: the note's id).
    pub id: String,
    /// What a person calls the record; for a note: its startup's name (its
    /// startup id if the startup is unknown); for a demo day:
    /// `"<YYYY-MM-DD> at <venue>"`.
    pub name: String,
    /// For a note: its startup's id.
    pub startup: Option<String>,
    /// The field that matched best.
    pub field: MatchedField,
    /// That field's text, unsanitized (for a note body: only the matching
    /// line, without its line break).
    pub text: String,
    /// Char indices into `text` of the matched characters, ascending.
    pub positions: Vec<usize>,
    /// Higher is better. A name hit's score includes [`NAME_BONUS`], so hits
    /// come back in descending score order.
    pub score: i64,
}

/// Added to the score of a name-field hit so that it ranks above any other
/// field's hit.
pub const NAME_BONUS: i64 = 1 << 40;

/// A record found by [`SearchIndex::search_found`]: a [`Hit`] without its
/// texts and positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'i> {
    pub kind: Kind,
    pub id: &'i str,
    /// The record's place in its kind's list (`Portfolio::startups`, ...;
    /// for a note, in the notes given to [`SearchIndex::build_with_notes`])
    /// in what the index was built from: a caller holding that same list
    /// finds the record without looking its id up.
    pub record: usize,
    /// The field that matched best.
    pub field: MatchedField,
    pub score: i64,
}

/// What [`SearchIndex::search_list`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed<'i> {
    /// The best matches, best first.
    pub ranked: Vec<Found<'i>>,
    /// Every match (the ranked ones too), by its place in its kind's list
    /// (as [`Found::record`]), in the index's order.
    pub matched: Vec<usize>,
}

/// From this many hits on, `SearchIndex::hits` uses a second thread.
const PARALLEL_HITS: usize = 2_000;

impl SearchIndex {
    pub(super) fn found(&self, r: &Ranked) -> Found<'_> {
        let entry = &self.entries[r.entry as usize];
        Found {
            kind: entry.kind,
            id: self.str(entry.id),
            record: entry.record as usize,
            field: self.keys[r.key as usize].field,
            score: r.score,
        }
    }

    pub(super) fn hit(&self, r: &Ranked, words: &[Word], scorer: &mut Scorer) -> Hit {
        let entry = &self.entries[r.entry as usize];
        let key = &self.keys[r.key as usize];
        // An alias shows the text it spells otherwise.
        let original = self.original(self.shown_key(r.key as usize));
        let (text, folded) = if key.field == MatchedField::Body {
            let line = r.line as usize;
            let text = original.split('\n').nth(line).unwrap_or_default();
            let folded = self.body_lines(key).nth(line).unwrap_or_default();
            (text.strip_suffix('\r').unwrap_or(text), folded)
        } else {
            (&*original, self.str(key.folded))
        };
        // A phrase hit marks the phrase, where skim might mark its words
        // in other places.
        let phrase = is_phrase(r.score)
            .then(|| Phrase::of(words.iter().map(|w| w.text)))
            .flatten();
        let by_phrase = phrase.as_ref().and_then(|p| p.positions(folded));
        let mut positions = match &by_phrase {
            Some(at) => at.clone(),
            None => scorer.positions(folded, key.ascii, words),
        };
        #[cfg(debug_assertions)]
        {
            // What skim itself finds, on a fresh matcher each time: its
            // cached matrices carry state from one call into the next.
            let mut expected: Vec<usize> = Vec::new();
            let mut skim_score = 0;
            for word in words {
                let skim = SkimMatcherV2::default().respect_case();
                if let Some((score, found)) = skim.fuzzy_indices(folded, word.text) {
                    skim_score += score;
                    expected.extend(found);
                }
            }
            expected.sort_unstable();
            expected.dedup();
            let bonus = if key.field == MatchedField::Name {
                NAME_BONUS
            } else {
                0
            };
            // Where the scorer deliberately differs from skim (see `fits`).
            let spread = words.iter().any(|w| {
                !fits(
                    &folded.chars().collect::<Vec<_>>(),
                    &w.text.chars().collect::<Vec<_>>(),
                    type_of,
                )
            });
            let bonus = bonus - if spread { SPREAD_PENALTY } else { 0 };
            let bonus = bonus + if by_phrase.is_some() { PHRASE_BONUS } else { 0 };
            debug_assert_eq!(
                skim_score + bonus,
                r.score,
                "skim scores {folded:?} otherwise"
            );
            if by_phrase.is_none() {
                debug_assert_eq!(positions, expected, "skim places {folded:?} otherwise");
            }
        }
        if key.alias {
            // Its chars are not the text's, one for one: mark what the
            // text's own folding matches, as `match_positions` does.
            let shown = self.shown_key(r.key as usize);
            let own = if key.field == MatchedField::Body {
                self.body_lines(shown)
                    .nth(r.line as usize)
                    .unwrap_or_default()
            } else {
                self.str(shown.folded)
            };
            positions = if all_subsequences(own, words) {
                scorer.positions(own, shown.ascii, words)
            } else {
                Vec::new()
            };
        }
        Hit {
            kind: entry.kind,
            id: self.str(entry.id).to_string(),
            name: self.str(entry.name).to_string(),
            startup: entry.startup.map(|s| self.str(s).to_string()),
            field: key.field,
            text: text.to_string(),
            positions,
            score: r.score,
        }
    }

    /// The hits of `ranked`, in order; a long list is made on both cores.
    pub(super) fn hits(&self, ranked: &[Ranked], words: &[Word]) -> Vec<Hit> {
        if ranked.len() < PARALLEL_HITS {
            let mut scorer = Scorer::default();
            return ranked
                .iter()
                .map(|r| self.hit(r, words, &mut scorer))
                .collect();
        }
        on_both_cores(ranked, |part| {
            let mut scorer = Scorer::default();
            part.iter()
                .map(|r| self.hit(r, words, &mut scorer))
                .collect()
        })
    }
}
