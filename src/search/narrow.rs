//! Narrowing as the user types: what the last queries could still match,
//! kept per set of kinds, so that a query typed one letter further searches
//! only those records, and skips those that scored too low then to make
//! the top now; and what [`SearchIndex::search_list_with`]'s last queries
//! matched, tested again as the query grows. It is kept in a
//! [`SearchMemo`] that the one typing owns, so sessions sharing an index
//! neither evict nor wait for each other's.

use std::sync::atomic::{AtomicU64, Ordering};

use super::SearchIndex;
use super::hit::MatchedField;
use super::index::{Entry, KIND_ORDER, kind_bit};
use super::phrase::Scope;
use super::query::{Query, all_subsequences};
use super::rank::{Entries, PARALLEL_ENTRIES, Ranked, on_both_cores};
use super::scorer::{FIRST_COLUMN_EXTRA, Scorer};

/// What one user's last queries on an index could still match: theirs
/// alone (a session keeps one), handed to each search, and forgotten when
/// the index it was made on has changed since.
#[derive(Default)]
pub struct SearchMemo {
    /// The [`SearchIndex::stamp`] of the index it remembers (0: none).
    stamp: u64,
    /// Per set of kinds, most recently used last.
    narrowing: Vec<(u8, Narrowing)>,
    /// What the last queries of [`SearchIndex::search_list_with`] matched,
    /// each query extending the one before.
    matched: Vec<MatchedBy>,
}

impl SearchMemo {
    /// The memo, emptied first if it was made on another index, or on
    /// this one before a write changed it.
    pub(super) fn of(&mut self, index: &SearchIndex) -> &mut SearchMemo {
        if self.stamp != index.stamp {
            self.narrowing.clear();
            self.matched.clear();
            self.stamp = index.stamp;
        }
        self
    }
}

#[cfg(test)]
impl SearchMemo {
    /// The queries it remembers for `search_with`, oldest first.
    pub(super) fn remembered(&self) -> Vec<&str> {
        self.narrowing
            .iter()
            .flat_map(|(_, n)| n.states.iter().map(|s| s.query.as_str()))
            .collect()
    }
}

/// A stamp no other index, nor this one before a write, had: a memo
/// made on one is not taken for another's.
pub(super) fn next_stamp() -> u64 {
    static STAMPS: AtomicU64 = AtomicU64::new(1);
    STAMPS.fetch_add(1, Ordering::Relaxed)
}

/// The entries a folded query matched, of the kinds in `mask`, ascending.
pub(super) struct MatchedBy {
    query: String,
    mask: u8,
    matched: Vec<Match>,
}

/// An entry that a query matches, and an upper bound of its name's score
/// for that query (`NO_NAME` when its name does not match).
#[derive(Debug, Clone, Copy)]
pub(super) struct Match {
    pub(super) entry: u32,
    pub(super) name: i32,
    /// Whether every field it matches, it matches only with some word's
    /// letters spread over the field's words (see `scorer::fits`): such
    /// a match is listed only when no other is. A query typed further
    /// keeps it spread.
    pub(super) spread: bool,
}

pub(super) const NO_NAME: i32 = i32::MIN;

/// Sets of kinds whose last queries a memo remembers: the list filter's
/// and the palette's.
const NARROWINGS_KEPT: usize = 2;

/// The states of the queries typed on the way to the last one.
#[derive(Default)]
struct Narrowing {
    /// Each state's query extends the one below it.
    states: Vec<NarrowedQuery>,
}

/// A query typed on the way, and what it left to search.
struct NarrowedQuery {
    /// The folded query.
    query: String,
    mask: u8,
    /// Every entry that might match the query or a longer one, with an upper
    /// bound of its score for the query.
    candidates: Entries,
    /// For a query of several words: the entries holding it as a phrase
    /// (see `phrase`), ascending; the phrase of a longer query is only
    /// there.
    phrased: Option<Vec<u32>>,
}

/// At most this many candidates per indexed record are kept in all states
/// together; the oldest states (the shortest queries, which have the most
/// candidates and are fast to search again anyway) go first.
const KEPT_CANDIDATES_PER_RECORD: usize = 4;

impl Narrowing {
    /// `SearchIndex::rank` for the folded, non-empty `folded`, over what
    /// the last query it extends could still match.
    fn ranked(&mut self, index: &SearchIndex, folded: &str, mask: u8, limit: usize) -> Vec<Ranked> {
        let query = Query::new(folded);
        // A query that extends another one matches a subset of its records:
        // each of its words extends or repeats an old word, or is new.
        while let Some(state) = self.states.last() {
            if folded.starts_with(&state.query) && mask & !state.mask == 0 {
                break;
            }
            self.states.pop();
        }
        let mut next = Entries::default();
        let entries = match self.states.last() {
            Some(state) => {
                let growth = growth(&Query::new(&state.query), &query);
                Entries {
                    listed: state
                        .candidates
                        .listed
                        .iter()
                        .map(|&(e, bound)| (e, bound.saturating_add(growth)))
                        .collect(),
                    untouched: state.candidates.untouched.clone(),
                }
            }
            None => index.all_entries(mask),
        };
        let ranked = index.rank(&query, entries, mask, limit, Some(&mut next));
        let scope = match self.states.last().and_then(|s| s.phrased.as_deref()) {
            Some(within) => Scope::Entries(within),
            None => Scope::Kinds(mask),
        };
        let (ranked, phrased) = index.with_phrases(&query, scope, ranked, limit);
        if self
            .states
            .last()
            .is_some_and(|s| s.query == folded && s.mask == mask)
        {
            self.states.pop();
        }
        self.states.push(NarrowedQuery {
            query: folded.to_string(),
            mask,
            candidates: next,
            phrased,
        });
        let budget = index.len().max(1) * KEPT_CANDIDATES_PER_RECORD;
        let mut kept: usize = self.states.iter().map(|s| s.candidates.listed.len()).sum();
        let mut drop = 0;
        while kept > budget && drop + 1 < self.states.len() {
            kept -= self.states[drop].candidates.listed.len();
            drop += 1;
        }
        self.states.drain(..drop);
        ranked
    }
}

/// How much more `new` can score than `old`, which it extends, against any
/// text. skim scores a pattern one row per char, so the rows of a word are
/// the first rows of any longer word, and each further row adds at most its
/// step (`Word::tail`); a new word adds at most its bound.
fn growth(old: &Query, new: &Query) -> i64 {
    let Some(last) = old.words.len().checked_sub(1) else {
        return i64::MAX;
    };
    if !new.prunable || new.words.len() <= last {
        return i64::MAX;
    }
    let (old_word, new_word) = (&old.words[last], &new.words[last]);
    debug_assert!(new_word.text.starts_with(old_word.text));
    let grown = match old_word.tail.len().checked_sub(1) {
        Some(i) => new_word.tail.get(i).map_or(i64::MAX, |&t| i64::from(t)),
        None => i64::MAX,
    };
    let added: i64 = new.words[last + 1..]
        .iter()
        .map(|w| w.bound + FIRST_COLUMN_EXTRA)
        .sum();
    grown.saturating_add(added)
}

impl SearchIndex {
    /// The entries of the kinds in `mask` that the folded query matches,
    /// ascending; narrowed from, and remembered in, `memo` when given.
    pub(super) fn matched_entries(
        &self,
        memo: Option<&mut SearchMemo>,
        folded: &str,
        mask: u8,
        query: &Query,
    ) -> Vec<Match> {
        match memo {
            Some(memo) => self.matching_narrowed(&mut memo.of(self).matched, folded, mask, query),
            None => self.matching(&self.entries_of(mask), mask, query),
        }
    }

    /// `matched_entries`, from the matches of the last query that `folded`
    /// extends (a longer query matches fewer), remembered for the next.
    fn matching_narrowed(
        &self,
        memo: &mut Vec<MatchedBy>,
        folded: &str,
        mask: u8,
        query: &Query,
    ) -> Vec<Match> {
        while let Some(last) = memo.last() {
            if folded.starts_with(last.query.as_str()) && mask & !last.mask == 0 {
                break;
            }
            memo.pop();
        }
        let matched = match memo.last() {
            Some(last) if last.query == folded && last.mask == mask => {
                return last.matched.clone();
            }
            Some(last) => self.matching(&last.matched, mask, query),
            None => self.matching(&self.entries_of(mask), mask, query),
        };
        memo.push(MatchedBy {
            query: folded.to_string(),
            mask,
            matched: matched.clone(),
        });
        // The oldest (the shortest queries) go first.
        let budget = self.len().max(1) * KEPT_CANDIDATES_PER_RECORD;
        while memo.len() > 1 && memo.iter().map(|m| m.matched.len()).sum::<usize>() > budget {
            memo.remove(0);
        }
        matched
    }

    /// Every entry of the kinds in `mask`, ascending.
    fn entries_of(&self, mask: u8) -> Vec<Match> {
        KIND_ORDER
            .into_iter()
            .zip(self.kind_ranges)
            .filter(|&(kind, _)| mask & kind_bit(kind) != 0)
            .flat_map(|(_, (start, end))| start..end)
            .map(|entry| Match {
                entry,
                name: NO_NAME,
                spread: false,
            })
            .collect()
    }

    /// Those of `entries` (ascending) of the kinds in `mask` that every word
    /// matches in one field (for a body: in one line), as a hit needs; on
    /// both cores when many.
    fn matching(&self, entries: &[Match], mask: u8, query: &Query) -> Vec<Match> {
        let keep = |part: &[Match]| -> Vec<Match> {
            let mut scorer = Scorer::default();
            part.iter()
                .filter_map(|m| {
                    let entry = &self.entries[m.entry as usize];
                    if mask & kind_bit(entry.kind) == 0 {
                        return None;
                    }
                    let (name, spread) = self.entry_match(entry, query, m.spread, &mut scorer)?;
                    Some(Match {
                        entry: m.entry,
                        name,
                        spread,
                    })
                })
                .collect()
        };
        if entries.len() < PARALLEL_ENTRIES {
            return keep(entries);
        }
        on_both_cores(entries, keep)
    }

    /// Whether `query` matches `entry`: every word in one field (for a
    /// body: in one line), as a hit needs. If so, a bound of its name's
    /// score, while its text is at hand (`NO_NAME` if the name does not
    /// match); and whether it is spread (see `Match::spread`; `spread`:
    /// it was for the query this one extends).
    fn entry_match(
        &self,
        entry: &Entry,
        query: &Query,
        spread: bool,
        scorer: &mut Scorer,
    ) -> Option<(i32, bool)> {
        // One pass over the keys, names first: whether each matches, the
        // bound of a matching name, and (while not yet known) whether some
        // match is not strewn.
        let names = self.name_keys(entry).len();
        let mut name: Option<i64> = None;
        let mut matched = false;
        let mut fits = spread;
        for (i, key) in self.entry_keys(entry).iter().enumerate() {
            if !query.may_match(key) {
                continue;
            }
            let mut key_matches = false;
            let mut look = |line: &str| {
                if !all_subsequences(line, &query.words) {
                    return false;
                }
                key_matches = true;
                fits = fits || scorer.fits_all(line, key.ascii, &query.words);
                // Done with this key once both are known.
                fits
            };
            let folded = self.str(key.folded);
            if key.field == MatchedField::Body {
                self.body_lines(key).any(&mut look);
            } else {
                look(folded);
            }
            if !key_matches {
                continue;
            }
            matched = true;
            if i < names {
                // A name or its alias: the most either may score.
                let bound = query.bound(folded, key.heads);
                name = Some(name.map_or(bound, |b| b.max(bound)));
            } else if fits {
                break;
            }
        }
        if !matched {
            return None;
        }
        let name = name.map_or(NO_NAME, |bound| i32::try_from(bound).unwrap_or(i32::MAX));
        // `spread` given: the query this one extends was; it stays so.
        Some((name, spread || !fits))
    }

    /// The ranked records for a folded, non-empty query, narrowing from
    /// an earlier query when `memo` remembers one for these kinds.
    pub(super) fn ranked(
        &self,
        memo: Option<&mut SearchMemo>,
        folded: &str,
        mask: u8,
        limit: usize,
    ) -> Vec<Ranked> {
        let Some(memo) = memo else {
            let query = Query::new(folded);
            let ranked = self.rank(&query, self.all_entries(mask), mask, limit, None);
            return self
                .with_phrases(&query, Scope::Kinds(mask), ranked, limit)
                .0;
        };
        let cache = &mut memo.of(self).narrowing;
        let at = match cache.iter().position(|(m, _)| *m == mask) {
            Some(at) => at,
            None => {
                if cache.len() >= NARROWINGS_KEPT {
                    cache.remove(0);
                }
                cache.push((mask, Narrowing::default()));
                cache.len() - 1
            }
        };
        // The most recently used last.
        let entry = cache.remove(at);
        cache.push(entry);
        let (_, narrowing) = cache.last_mut().expect("just pushed");
        narrowing.ranked(self, folded, mask, limit)
    }
}
