//! Phrases: a query of several words found as typed — the words one after
//! the other, a space apart — in one field (a name, a tag, a line of a
//! note) ranks above every other hit, names included. Someone who types
//! `pricing review` means the note that says it, not a name whose letters
//! happen to hold both words.
//!
//! A phrase is a plain substring of a folded text, so it is looked for with
//! `memchr`'s `memmem` rather than scored; only the texts that hold it are
//! scored, with [`PHRASE_BONUS`] added. A phrase of a longer query is found
//! only where the phrase of the query it extends was: a search that
//! remembers (see `narrow`) looks again only there.

use memchr::memmem::Finder;

use super::SearchIndex;
use super::hit::{MatchedField, NAME_BONUS};
use super::index::{FieldText, KIND_ORDER, char_bits, head_bit, kind_bit, to_u32};
use super::query::Query;
use super::rank::{PARALLEL_ENTRIES, Ranked, on_both_cores, rank_order};
use super::scorer::{Outcome, Scorer};

/// Added to the score of a field that holds the query as a phrase: above
/// [`NAME_BONUS`] and any score, so such a hit ranks above all others
/// (a name holding it above other fields holding it).
pub const PHRASE_BONUS: i64 = 1 << 42;

/// Entries a thread of a whole scan takes at a time.
const SLICE: u32 = 1 << 14;

/// Whether a score is of a field that held the query as a phrase.
#[inline]
pub(super) fn is_phrase(score: i64) -> bool {
    score > PHRASE_BONUS / 2
}

/// The words of a folded query of more than one word, joined by one space.
pub(super) struct Phrase {
    finder: Finder<'static>,
    /// Its ASCII chars, the space among them (see `char_bits`): a key that
    /// lacks one cannot hold it.
    chars: u64,
    /// The first chars of its words after the first, which begin a word
    /// wherever it stands (see `heads`).
    heads: u64,
}

impl Phrase {
    /// The phrase of a folded query's words; none for a single word (a word
    /// found whole already scores above its letters strewn).
    pub(super) fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<Phrase> {
        let mut words = words.into_iter();
        let first = words.next()?;
        let second = words.next()?;
        let mut text = format!("{first} {second}");
        let mut heads = head_bit(second.chars().next().unwrap_or(' '));
        for word in words {
            text.push(' ');
            text.push_str(word);
            heads |= head_bit(word.chars().next().unwrap_or(' '));
        }
        Some(Phrase {
            chars: char_bits(&text),
            heads,
            finder: Finder::new(text.as_bytes()).into_owned(),
        })
    }

    /// Whether `key` may hold it, from what the index knows of its chars:
    /// far cheaper than looking.
    #[inline]
    pub(super) fn may_be_in(&self, key: &FieldText) -> bool {
        self.chars & !key.chars == 0 && self.heads & !key.heads == 0
    }

    pub(super) fn text(&self) -> &str {
        // Made from a `String`'s bytes.
        std::str::from_utf8(self.finder.needle()).unwrap_or_default()
    }

    /// The byte offset of the phrase's first occurrence in a folded `text`.
    #[inline]
    pub(super) fn find(&self, text: &str) -> Option<usize> {
        self.finder.find(text.as_bytes())
    }

    /// What holding the phrase adds to a folded text's score.
    #[inline]
    pub(super) fn bonus(&self, text: &str) -> i64 {
        if self.find(text).is_some() {
            PHRASE_BONUS
        } else {
            0
        }
    }

    /// The char indices of its first occurrence in a folded `text`: what a
    /// hit on that text highlights.
    pub(super) fn positions(&self, text: &str) -> Option<Vec<usize>> {
        let at = self.find(text)?;
        let first = text[..at].chars().count();
        Some((first..first + self.text().chars().count()).collect())
    }
}

/// A query's phrase, if it has one.
pub(super) fn phrase_of(query: &Query) -> Option<Phrase> {
    Phrase::of(query.words.iter().map(|w| w.text))
}

impl SearchIndex {
    /// The entries of the kinds in `mask` with a field that holds `phrase`,
    /// ascending: of `within` (ascending) when given — where the phrase of
    /// a query this one extends was found — else of every entry.
    pub(super) fn phrase_entries(
        &self,
        phrase: &Phrase,
        mask: u8,
        within: Option<&[u32]>,
    ) -> Vec<u32> {
        let holds = |e: u32| {
            let entry = &self.entries[e as usize];
            mask & kind_bit(entry.kind) != 0
                && self
                    .entry_keys(entry)
                    .iter()
                    .any(|key| phrase.may_be_in(key) && phrase.find(self.str(key.folded)).is_some())
        };
        match within {
            Some(entries) if entries.len() < PARALLEL_ENTRIES => {
                entries.iter().copied().filter(|&e| holds(e)).collect()
            }
            Some(entries) => on_both_cores(entries, |part| {
                part.iter().copied().filter(|&e| holds(e)).collect()
            }),
            None => {
                // Every entry of those kinds, in slices that the two
                // halves share evenly.
                let mut slices: Vec<(u32, u32)> = Vec::new();
                for (kind, (start, end)) in KIND_ORDER.into_iter().zip(self.kind_ranges) {
                    if mask & kind_bit(kind) == 0 {
                        continue;
                    }
                    let mut at = start;
                    while at < end {
                        let next = end.min(at.saturating_add(SLICE));
                        slices.push((at, next));
                        at = next;
                    }
                }
                let scan = |part: &[(u32, u32)]| -> Vec<u32> {
                    part.iter()
                        .flat_map(|&(start, end)| start..end)
                        .filter(|&e| holds(e))
                        .collect()
                };
                let total: u32 = slices.iter().map(|(start, end)| end - start).sum();
                if (total as usize) < PARALLEL_ENTRIES {
                    scan(&slices)
                } else {
                    on_both_cores(&slices, scan)
                }
            }
        }
    }

    /// `ranked` (best first, at most `limit`) with the phrase hits of
    /// `phrased` (entries holding the query's phrase) put first: each
    /// entry's best field holding it, scored with [`PHRASE_BONUS`].
    pub(super) fn with_phrases(
        &self,
        query: &Query,
        phrase: &Phrase,
        phrased: &[u32],
        ranked: Vec<Ranked>,
        limit: usize,
    ) -> Vec<Ranked> {
        if phrased.is_empty() || limit == 0 {
            return ranked;
        }
        let mut scorer = Scorer::default();
        let mut first: Vec<Ranked> = phrased
            .iter()
            .filter_map(|&e| self.phrase_hit(query, phrase, e, &mut scorer))
            .collect();
        if first.len() > limit {
            first.select_nth_unstable_by(limit - 1, rank_order);
            first.truncate(limit);
        }
        first.sort_unstable_by(rank_order);
        // An entry that holds the phrase is ranked by it; `ranked` holds
        // at most that many of them, so enough others are left.
        let others = ranked
            .into_iter()
            .filter(|r| phrased.binary_search(&r.entry).is_err());
        let room = limit - first.len();
        first.extend(others.take(room));
        first
    }

    /// The best field of entry `e` that holds `phrase` (for a body: its
    /// best line that does), scored.
    fn phrase_hit(
        &self,
        query: &Query,
        phrase: &Phrase,
        e: u32,
        scorer: &mut Scorer,
    ) -> Option<Ranked> {
        let entry = &self.entries[e as usize];
        let mut best: Option<Ranked> = None;
        for (i, key) in self.entry_keys(entry).iter().enumerate() {
            let folded = self.str(key.folded);
            if !phrase.may_be_in(key) || phrase.find(folded).is_none() {
                continue;
            }
            let bonus = PHRASE_BONUS
                + if key.field == MatchedField::Name {
                    NAME_BONUS
                } else {
                    0
                };
            let lines: Box<dyn Iterator<Item = &str>> = if key.field == MatchedField::Body {
                Box::new(self.body_lines(key))
            } else {
                Box::new(std::iter::once(folded))
            };
            for (n, line) in lines.enumerate() {
                if phrase.find(line).is_none() {
                    continue;
                }
                let Outcome::Score(score) = scorer.score(line, key.ascii, &query.words, i64::MIN)
                else {
                    continue;
                };
                let hit = Ranked {
                    score: score + bonus,
                    entry: e,
                    key: entry.keys_start + to_u32(i),
                    line: to_u32(n),
                };
                if best.is_none_or(|b| hit.score > b.score) {
                    best = Some(hit);
                }
            }
        }
        best
    }
}
