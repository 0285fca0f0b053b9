//! Ranking: the best `limit` records for a query, best first. Name hits
//! rank above all others, so other fields are looked at only for the
//! places names leave; a top-k heap sets a floor, and upper bounds of the
//! score skip whatever cannot reach it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::SearchIndex;
use super::hit::{MatchedField, NAME_BONUS};
use super::index::{Entry, KIND_ORDER, kind_bit, to_u32};
use super::narrow::{Match, NO_NAME};
use super::query::Query;
use super::scorer::{LOWEST_FLOOR, Outcome, Scorer};
use crate::model::Kind;

/// From this many entries on, a search for at least `PARALLEL_LIMIT` hits
/// runs on both cores.
pub(super) const PARALLEL_ENTRIES: usize = 8_000;
const PARALLEL_LIMIT: usize = 1_000;

/// An entry that might match, with an upper bound of the score of its
/// fields other than its name (`i64::MAX` when unknown).
type Candidate = (u32, i64);

/// Entries to search: some listed with bounds, ascending; then whole ranges
/// of entries without a name (demo days, notes), never looked at, which
/// come after every listed one. A query whose name hits fill the limit
/// leaves the ranges as they are: a million notes cost nothing.
#[derive(Debug, Default, Clone)]
pub(super) struct Entries {
    pub(super) listed: Vec<Candidate>,
    pub(super) untouched: Vec<(u32, u32)>,
}

/// How a record's name matched a query (see `SearchIndex::score_name`).
enum Name {
    NoMatch,
    /// It matches, or was out of reach: the best score and its key, if
    /// one was scored.
    Matched(Option<(i64, u32)>),
}

/// One scored record while ranking.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub(super) score: i64,
    pub(super) entry: u32,
    /// Absolute index into `keys`.
    pub(super) key: u32,
    /// For a body: the line that matched.
    pub(super) line: u32,
}

#[inline]
pub(super) fn rank_order(a: &Ranked, b: &Ranked) -> Ordering {
    b.score.cmp(&a.score).then(a.entry.cmp(&b.entry))
}

/// `work` on each half of `items`, the halves on two threads; the results
/// in the order of `items`.
pub(super) fn on_both_cores<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| work(second));
        let mut results = work(first);
        results.extend(
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        results
    })
}

/// The best line of a folded body scoring at least `floor`, and its
/// number; and an upper bound of the score of every line (`i64::MIN` if
/// none matches).
fn best_line<'t>(
    scorer: &mut Scorer,
    lines: impl Iterator<Item = &'t str>,
    ascii: bool,
    heads: u64,
    query: &Query,
    floor: i64,
) -> (Option<(i64, u32)>, i64) {
    let mut best: Option<(i64, u32)> = None;
    let mut most = i64::MIN;
    for (n, line) in lines.enumerate() {
        let floor = floor.max(best.map_or(i64::MIN, |(b, _)| b + 1));
        let bound = query.bound(line, heads);
        if bound < floor {
            most = most.max(bound);
            continue;
        }
        match scorer.score(line, ascii, &query.words, floor) {
            Outcome::NoMatch => {}
            Outcome::Below => most = most.max(floor.saturating_sub(1)),
            Outcome::Score(score) => {
                most = most.max(score);
                if score >= floor {
                    best = Some((score, to_u32(n)));
                }
            }
        }
    }
    (best, most)
}

/// `a` and `b` (each ascending by entry, disjoint) into `out`, ascending.
fn merge_sorted(a: &[Candidate], b: &[Candidate], out: &mut Vec<Candidate>) {
    out.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].0 < b[j].0 {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// The best non-name hits so far, at most `k`; the worst of them sets the
/// floor below which nothing is worth scoring.
pub(super) struct TopK {
    k: usize,
    prunable: bool,
    heap: BinaryHeap<Worst>,
}

/// Orders hits worst-last, so a max-heap keeps its worst on top.
#[derive(Debug, Clone, Copy)]
struct Worst(Ranked);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Worst {}

impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(&self.0, &other.0)
    }
}

impl TopK {
    pub(super) fn new(k: usize, prunable: bool) -> Self {
        TopK {
            k,
            prunable,
            heap: BinaryHeap::with_capacity(k.min(1024) + 1),
        }
    }

    /// The least score with which a hit of `entry` would enter now.
    pub(super) fn floor(&self, entry: u32) -> i64 {
        match self.heap.peek() {
            // Bounds hold above `LOWEST_FLOOR` only (see `Dp::score`).
            Some(worst)
                if self.prunable && self.heap.len() >= self.k && worst.0.score > LOWEST_FLOOR =>
            {
                // Equal scores rank by entry.
                worst.0.score + i64::from(entry > worst.0.entry)
            }
            _ => i64::MIN,
        }
    }

    pub(super) fn offer(&mut self, hit: Ranked) {
        if self.heap.len() < self.k {
            self.heap.push(Worst(hit));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && rank_order(&hit, &worst.0) == Ordering::Less
        {
            *worst = Worst(hit);
        }
    }

    /// What it holds, in no order.
    pub(super) fn into_ranked(self) -> Vec<Ranked> {
        self.heap.into_iter().map(|w| w.0).collect()
    }
}

impl SearchIndex {
    /// The best `first` name hits of `matched`, best first, scoring only
    /// the names whose bound can still enter them.
    pub(super) fn rank_names_of(
        &self,
        query: &Query,
        matched: &[Match],
        first: usize,
    ) -> Vec<Ranked> {
        let mut top = TopK::new(first, query.prunable);
        let mut scorer = Scorer::default();
        for m in matched.iter().filter(|m| m.name != NO_NAME) {
            let floor = top.floor(m.entry);
            if i64::from(m.name) < floor {
                continue;
            }
            let entry = &self.entries[m.entry as usize];
            if let Name::Matched(Some((score, key))) =
                self.score_name(query, entry, floor, &mut scorer)
            {
                top.offer(Ranked {
                    score,
                    entry: m.entry,
                    key,
                    line: 0,
                });
            }
        }
        let mut ranked: Vec<Ranked> = top.heap.into_iter().map(|w| w.0).collect();
        for hit in &mut ranked {
            hit.score += NAME_BONUS;
        }
        ranked.sort_unstable_by(rank_order);
        ranked
    }

    /// Every entry of the kinds in `mask`, its score unknown: those of
    /// kinds with names listed, the others (demo days, notes: most of the
    /// index) as whole ranges, not looked at until names leave room.
    pub(super) fn all_entries(&self, mask: u8) -> Entries {
        let mut entries = Entries::default();
        for (kind, (start, end)) in KIND_ORDER.into_iter().zip(self.kind_ranges) {
            if mask & kind_bit(kind) == 0 || start == end {
                continue;
            }
            if matches!(kind, Kind::DemoDay | Kind::Note) {
                entries.untouched.push((start, end));
            } else {
                entries.listed.extend((start..end).map(|e| (e, i64::MAX)));
            }
        }
        entries
    }

    /// Search `entries` (ascending, of the kinds in `mask`), each with an
    /// upper bound of the score of its fields other than its name (`i64::MAX`
    /// when unknown): the best `limit`, best first. Every entry that might
    /// match this query or a longer one is added to `candidates` with such
    /// a bound, ascending. A long list is searched on both cores, half
    /// each: each half's best `limit` hold the best `limit` of the whole.
    pub(super) fn rank(
        &self,
        query: &Query,
        entries: Entries,
        mask: u8,
        limit: usize,
        candidates: Option<&mut Entries>,
    ) -> Vec<Ranked> {
        let want = candidates.is_some();
        let listed = &entries.listed;
        let untouched = &entries.untouched;
        // Halves pay for a second thread only when many hits are wanted:
        // with a short `limit` most entries are skipped anyway.
        let (mut ranked, kept) = if listed.len() < PARALLEL_ENTRIES || limit < PARALLEL_LIMIT {
            self.pass(query, listed, untouched, mask, limit, want)
        } else {
            // The ranges come after every listed entry: the second half's.
            let (first, second) = listed.split_at(listed.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| self.pass(query, second, untouched, mask, limit, want));
                let (mut ranked, mut kept) = self.pass(query, first, &[], mask, limit, want);
                let (more, later) = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                ranked.extend(more);
                // The halves are disjoint and in order.
                kept.listed.extend(later.listed);
                kept.untouched = later.untouched;
                (ranked, kept)
            })
        };
        if let Some(candidates) = candidates {
            *candidates = kept;
        }
        if limit == 0 {
            return Vec::new();
        }
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, rank_order);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(rank_order);
        ranked
    }

    /// One pass of `rank` over `entries` and then, if names leave room,
    /// the `untouched` ranges: the best `limit` name hits and the best
    /// `limit` others, unsorted; and (`want`) the candidates.
    fn pass(
        &self,
        query: &Query,
        entries: &[Candidate],
        untouched: &[(u32, u32)],
        mask: u8,
        limit: usize,
        want: bool,
    ) -> (Vec<Ranked>, Entries) {
        let mut scorer = Scorer::default();
        let (names, named, rest) = self.rank_names(query, entries, mask, limit, want, &mut scorer);
        let mut ranked: Vec<Ranked> = names;

        // Name hits rank above all others: only the places they leave are
        // open to other fields. When there are none left, the other fields
        // (note bodies above all) are not even looked at.
        let mut top = TopK::new(limit.saturating_sub(ranked.len()), query.prunable);
        let mut candidates = Entries::default();
        let kept = if top.k == 0 {
            candidates.untouched = untouched.to_vec();
            rest
        } else {
            let mut rest = rest;
            // Nameless entries come after all listed ones.
            for &(start, end) in untouched {
                if mask & kind_bit(self.entries[start as usize].kind) != 0 {
                    rest.extend((start..end).map(|e| (e, i64::MAX)));
                }
            }
            if rest.len() < PARALLEL_ENTRIES {
                self.rank_others(query, &rest, &mut top, &mut scorer)
            } else {
                // Many to look at (the notes, when names leave room): half
                // each on both cores, each its own best `k`, then the best
                // `k` of those.
                let k = top.k;
                let halves = on_both_cores(&rest, |part| {
                    let mut best = TopK::new(k, query.prunable);
                    let kept = self.rank_others(query, part, &mut best, &mut Scorer::default());
                    vec![(best, kept)]
                });
                let mut kept = Vec::with_capacity(rest.len());
                for (best, half_kept) in halves {
                    best.into_ranked()
                        .into_iter()
                        .for_each(|hit| top.offer(hit));
                    kept.extend(half_kept);
                }
                kept
            }
        };
        if want {
            merge_sorted(&named, &kept, &mut candidates.listed);
        }
        ranked.extend(top.heap.into_iter().map(|w| w.0));
        (ranked, candidates)
    }

    /// The best `limit` name hits of `entries` (their scores with
    /// [`NAME_BONUS`]), unsorted; the entries whose names might match
    /// (`want`: to search again as the query grows); and those whose names
    /// do not match, with their bounds, for their other fields.
    ///
    /// Once `limit` names are found, a name whose bound cannot beat the
    /// worst of them is not scored: whether it matches or not, neither it
    /// nor (names ranking first) any other field of its record can make
    /// the top. So a short `limit` (the palette, a list's first page)
    /// scores few of 100,000 names.
    fn rank_names(
        &self,
        query: &Query,
        entries: &[Candidate],
        mask: u8,
        limit: usize,
        want: bool,
        scorer: &mut Scorer,
    ) -> (Vec<Ranked>, Vec<Candidate>, Vec<Candidate>) {
        // With room for every entry nothing is ever pruned: a plain list.
        let bounded = limit < entries.len();
        let mut all: Vec<Ranked> = Vec::new();
        let mut top = TopK::new(if bounded { limit } else { 0 }, query.prunable);
        let mut named: Vec<Candidate> = Vec::new();
        let mut rest: Vec<Candidate> = Vec::new();
        for &(e, bound) in entries {
            let entry = &self.entries[e as usize];
            if mask & kind_bit(entry.kind) == 0 {
                continue;
            }
            let floor = if bounded { top.floor(e) } else { i64::MIN };
            let Name::Matched(score) = self.score_name(query, entry, floor, scorer) else {
                rest.push((e, bound));
                continue;
            };
            // Its other fields were not looked at.
            if want {
                named.push((e, i64::MAX));
            }
            if let Some((score, key)) = score {
                let hit = Ranked {
                    score,
                    entry: e,
                    key,
                    line: 0,
                };
                if bounded {
                    top.offer(hit);
                } else {
                    all.push(hit);
                }
            }
        }
        if bounded {
            all = top.heap.into_iter().map(|w| w.0).collect();
        }
        for hit in &mut all {
            hit.score += NAME_BONUS;
        }
        (all, named, rest)
    }

    /// How `entry`'s name (or its alias) matches the query: not at all,
    /// or (perhaps, when out of reach) with the best score and its key
    /// when that reaches `floor`. None below it.
    fn score_name(&self, query: &Query, entry: &Entry, floor: i64, scorer: &mut Scorer) -> Name {
        let mut matched = false;
        let mut best: Option<(i64, u32)> = None;
        for (i, name) in self.name_keys(entry).iter().enumerate() {
            if !query.may_match(name) {
                continue;
            }
            let floor = floor.max(best.map_or(i64::MIN, |(b, _)| b + 1));
            let folded = self.str(name.folded);
            if floor > i64::MIN && query.bound(folded, name.heads) < floor {
                // Out of reach, whether it matches or not.
                matched = true;
                continue;
            }
            match scorer.score(folded, name.ascii, &query.words, floor) {
                Outcome::NoMatch => {}
                Outcome::Below => matched = true,
                Outcome::Score(score) => {
                    matched = true;
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, entry.keys_start + to_u32(i)));
                    }
                }
            }
        }
        if matched {
            Name::Matched(best)
        } else {
            Name::NoMatch
        }
    }

    /// Rank the best field other than the name of each of `entries` into
    /// `top`, skipping what cannot make it. Returns the entries that might
    /// match (this query or a longer one), with an upper bound of their
    /// score.
    fn rank_others(
        &self,
        query: &Query,
        entries: &[Candidate],
        top: &mut TopK,
        scorer: &mut Scorer,
    ) -> Vec<Candidate> {
        let mut kept: Vec<Candidate> = Vec::with_capacity(entries.len());
        for &(e, known) in entries {
            if known < top.floor(e) {
                kept.push((e, known));
                continue;
            }
            let entry = &self.entries[e as usize];
            // An upper bound of the entry's score: the most of its fields'
            // bounds; `i64::MIN` while no field might match.
            let mut most = i64::MIN;
            let mut best: Option<Ranked> = None;
            for (i, key) in self.entry_keys(entry).iter().enumerate() {
                if key.field == MatchedField::Name || !query.may_match(key) {
                    continue;
                }
                let folded = self.str(key.folded);
                let body = key.field == MatchedField::Body;
                // The least score worth having: enough to enter the top,
                // and more than this entry's best field so far.
                let floor = top.floor(e).max(best.map_or(i64::MIN, |b| b.score + 1));
                let bound = if body {
                    query.max_bound(key.heads)
                } else {
                    query.bound(folded, key.heads)
                };
                if bound < floor {
                    most = most.max(bound);
                    continue;
                }
                let found = if body {
                    let lines = self.body_lines(key);
                    let (found, bound) =
                        best_line(scorer, lines, key.ascii, key.heads, query, floor);
                    most = most.max(bound);
                    found
                } else {
                    match scorer.score(folded, key.ascii, &query.words, floor) {
                        Outcome::NoMatch => None,
                        Outcome::Below => {
                            most = most.max(floor.saturating_sub(1));
                            None
                        }
                        Outcome::Score(score) => {
                            most = most.max(score);
                            (score >= floor).then_some((score, 0))
                        }
                    }
                };
                if let Some((score, line)) = found {
                    best = Some(Ranked {
                        score,
                        entry: e,
                        key: entry.keys_start + to_u32(i),
                        line,
                    });
                }
            }
            if most > i64::MIN {
                kept.push((e, most.min(known)));
            }
            if let Some(best) = best {
                top.offer(best);
            }
        }
        kept
    }
}
