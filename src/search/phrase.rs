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

use crate::model::Kind;

use super::SearchIndex;
use super::hit::{MatchedField, NAME_BONUS};
use super::index::{FieldText, KIND_ORDER, char_bits, head_bit, kind_bit, to_u32};
use super::narrow::Match;
use super::query::Query;
use super::rank::{PARALLEL_ENTRIES, Ranked, TopK, on_both_cores, rank_order};
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

/// Where a phrase is looked for.
#[derive(Clone, Copy)]
pub(super) enum Scope<'a> {
    /// Every entry of the kinds in this mask.
    Kinds(u8),
    /// These entries, ascending.
    Entries(&'a [u32]),
    /// The entries of these matches, ascending.
    Matches(&'a [Match]),
}

/// `work` on `items`, on both cores when they are many.
fn on_cores_if_many<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    if items.len() < PARALLEL_ENTRIES {
        work(items)
    } else {
        on_both_cores(items, work)
    }
}

impl SearchIndex {
    /// `ranked` (the best `limit` of `scope`, best first) with the best
    /// `limit` phrase hits of `scope` put first, for a query of several
    /// words (else `ranked` as it is): each entry's best field holding the
    /// phrase, scored with [`PHRASE_BONUS`]. An entry holding it is ranked
    /// by it alone. Also the entries of `scope` that may hold it,
    /// ascending, when known: where a longer query's phrase can be.
    pub(super) fn with_phrases(
        &self,
        query: &Query,
        scope: Scope,
        ranked: Vec<Ranked>,
        limit: usize,
    ) -> (Vec<Ranked>, Option<Vec<u32>>) {
        let Some(phrase) = phrase_of(query) else {
            return (ranked, None);
        };
        let phrase = &phrase;
        let (mut first, holders) = self.phrase_top(query, phrase, scope, limit);
        if first.is_empty() {
            return (ranked, holders);
        }
        // Fewer than `limit` phrase hits are all there are; `ranked`
        // holds no more of them than that, so enough others are left.
        let room = limit - first.len();
        let others = ranked.into_iter().filter(|r| !self.holds(phrase, r.entry));
        first.extend(others.take(room));
        (first, holders)
    }

    /// Whether a field of entry `e` holds `phrase`.
    fn holds(&self, phrase: &Phrase, e: u32) -> bool {
        let entry = &self.entries[e as usize];
        self.entry_keys(entry)
            .iter()
            .any(|key| phrase.may_be_in(key) && phrase.find(self.str(key.folded)).is_some())
    }

    /// The best `limit` phrase hits of `scope`, best first, and the
    /// entries that may hold the phrase (see `rank_phrase_hit`); on both cores when `scope` is large. A
    /// line that cannot enter the best is not scored.
    fn phrase_top(
        &self,
        query: &Query,
        phrase: &Phrase,
        scope: Scope,
        limit: usize,
    ) -> (Vec<Ranked>, Option<Vec<u32>>) {
        // A whole scan finds exactly where the phrase is, for a longer
        // query to look only there; within those, what may be is enough.
        let verify = matches!(scope, Scope::Kinds(_));
        // The most any line can score: once the best are full at that, no
        // later entry without a name can enter, and the scan stops.
        let most = PHRASE_BONUS.saturating_add(query.most());
        let rank = |entries: &mut dyn Iterator<Item = u32>| {
            let mut top = TopK::new(limit, query.prunable);
            let mut scorer = Scorer::default();
            let mut holders = Some(Vec::new());
            while let Some(e) = entries.next() {
                let nameless = matches!(self.entries[e as usize].kind, Kind::DemoDay | Kind::Note);
                if nameless && top.floor(e) > most {
                    // Where the rest hold it is not known: all of them may.
                    match (&mut holders, verify) {
                        (Some(holders), false) => {
                            holders.push(e);
                            holders.extend(entries);
                        }
                        _ => holders = None,
                    }
                    break;
                }
                if self.rank_phrase_hit(query, phrase, e, verify, &mut top, &mut scorer)
                    && let Some(holders) = &mut holders
                {
                    holders.push(e);
                }
            }
            vec![(top.into_ranked(), holders)]
        };
        let halves = match scope {
            Scope::Entries(entries) => {
                on_cores_if_many(entries, |part| rank(&mut part.iter().copied()))
            }
            Scope::Matches(matches) => {
                on_cores_if_many(matches, |part| rank(&mut part.iter().map(|m| m.entry)))
            }
            Scope::Kinds(mask) => {
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
                let total: usize = slices.iter().map(|(s, e)| (e - s) as usize).sum();
                let part_of = |part: &[(u32, u32)]| {
                    rank(&mut part.iter().flat_map(|&(start, end)| start..end))
                };
                if total < PARALLEL_ENTRIES {
                    part_of(&slices)
                } else {
                    on_both_cores(&slices, part_of)
                }
            }
        };
        let mut hits = Vec::new();
        let mut holders = Some(Vec::new());
        for (part_hits, part_holders) in halves {
            hits.extend(part_hits);
            holders = holders.zip(part_holders).map(|(mut all, part)| {
                all.extend(part);
                all
            });
        }
        // Each half's best `limit` hold the best `limit` of the whole.
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit.saturating_sub(1), rank_order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(rank_order);
        (hits, holders)
    }

    /// Whether entry `e` may hold `phrase`; its best field that does (for
    /// a body: its best line that does) scored into `top` if it can enter.
    /// `verify`: every field is looked in, so that the answer is exact;
    /// else a field or line that cannot enter is passed by, and a "may"
    /// is all that is known of it.
    fn rank_phrase_hit(
        &self,
        query: &Query,
        phrase: &Phrase,
        e: u32,
        verify: bool,
        top: &mut TopK,
        scorer: &mut Scorer,
    ) -> bool {
        let entry = &self.entries[e as usize];
        let mut best: Option<Ranked> = None;
        let (mut holds, mut unknown) = (false, false);
        for (i, key) in self.entry_keys(entry).iter().enumerate() {
            if !phrase.may_be_in(key) {
                continue;
            }
            let folded = self.str(key.folded);
            if verify {
                if phrase.find(folded).is_none() {
                    continue;
                }
                holds = true;
            }
            let bonus = PHRASE_BONUS
                + if key.field == MatchedField::Name {
                    NAME_BONUS
                } else {
                    0
                };
            // The least score of the key's own worth having: enough to
            // enter, and more than this entry's best so far.
            let floor = |best: Option<Ranked>| {
                top.floor(e)
                    .max(best.map_or(i64::MIN, |b| b.score + 1))
                    .saturating_sub(bonus)
            };
            if query.max_bound(key.heads) < floor(best) {
                unknown = true;
                continue;
            }
            let mut look = |n: usize, line: &str, best: &mut Option<Ranked>| {
                let floor = floor(*best);
                if query.bound(line, key.heads) < floor {
                    unknown = true;
                    return;
                }
                if phrase.find(line).is_none() {
                    return;
                }
                holds = true;
                if let Outcome::Score(score) = scorer.score(line, key.ascii, &query.words, floor)
                    && score >= floor
                {
                    *best = Some(Ranked {
                        score: score + bonus,
                        entry: e,
                        key: entry.keys_start + to_u32(i),
                        line: to_u32(n),
                    });
                }
            };
            if key.field == MatchedField::Body {
                for (n, line) in self.body_lines(key).enumerate() {
                    look(n, line, &mut best);
                }
            } else {
                look(0, folded, &mut best);
            }
        }
        if let Some(best) = best {
            top.offer(best);
        }
        holds || unknown
    }
}
