//! Ranking records as they stream past, without an index: for a search
//! made once (the `search` command), where building an index of every
//! record costs far more than the search itself. A [`Sieve`] keeps the
//! best `limit` records by the score a [`SearchIndex`](super::SearchIndex)
//! gives them — their best field, a name above any other field; then kind
//! and natural id order — in a bounded heap, whose worst sets the floor
//! below which a text is not scored through. The records it keeps, indexed
//! on their own and searched with the same query, give the hits the index
//! of every record would: a record's score does not depend on the others.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::hit::NAME_BONUS;
use super::index::KIND_ORDER;
use super::phrase::{PHRASE_BONUS, Phrase, phrase_of};
use super::query::Query;
use super::scorer::{Outcome, Scorer};
use crate::model::{Kind, natural_cmp};
use crate::text::{alias, fold_into};

/// The best `limit` records offered for one query, and what was kept of
/// each (`T`, made only for a record that gets in).
pub struct Sieve<'q, T> {
    query: Query<'q>,
    /// The query's phrase, if it has several words.
    phrase: Option<Phrase>,
    limit: usize,
    scorer: Scorer,
    /// The text being scored, folded: one buffer for every text.
    folded: String,
    /// Worst on top.
    heap: BinaryHeap<Kept<T>>,
}

struct Kept<T> {
    score: i64,
    /// The kind's place in results.
    kind: usize,
    id: String,
    item: T,
}

/// `Less` when the first ranks before the second: the higher score, then
/// the kind and the id as an index orders its entries (natural order, and
/// the bytes where that finds two ids equal, as sled's order and a stable
/// sort leave them).
fn rank_order(a: (i64, usize, &str), b: (i64, usize, &str)) -> Ordering {
    b.0.cmp(&a.0)
        .then(a.1.cmp(&b.1))
        .then_with(|| natural_cmp(a.2, b.2))
        .then_with(|| a.2.cmp(b.2))
}

impl<T> Kept<T> {
    fn key(&self) -> (i64, usize, &str) {
        (self.score, self.kind, &self.id)
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T> Eq for Kept<T> {}

impl<T> PartialOrd for Kept<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Kept<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(self.key(), other.key())
    }
}

impl<'q, T> Sieve<'q, T> {
    /// A sieve for `query`, folded ([`crate::text::fold`]) as a search
    /// folds it, keeping at most `limit` records.
    pub fn new(query: &'q str, limit: usize) -> Self {
        let query = Query::new(query);
        Sieve {
            phrase: phrase_of(&query),
            query,
            limit,
            scorer: Scorer::default(),
            folded: String::new(),
            heap: BinaryHeap::with_capacity(limit.min(1024) + 1),
        }
    }

    /// Offer one record of `kind`: its id, the text an index keys as its
    /// name (empty: none), and its other searched texts in the order an
    /// index keys them, none of them folded. `keep` is called only if the
    /// record gets in.
    pub fn offer<'t>(
        &mut self,
        kind: Kind,
        id: &str,
        name: &str,
        others: impl IntoIterator<Item = &'t str>,
        keep: impl FnOnce() -> T,
    ) {
        if self.limit == 0 || self.query.is_empty() {
            return;
        }
        let floor = self.floor();
        let score = if self.phrase.is_some() {
            let others: Vec<&str> = others.into_iter().collect();
            match self.phrase_score(name, &others) {
                Some(score) => score,
                // Only a phrase can beat a phrase.
                None if floor >= PHRASE_BONUS => return,
                None => match self.plain_score(name, others, floor) {
                    Some(score) => score,
                    None => return,
                },
            }
        } else {
            match self.plain_score(name, others, floor) {
                Some(score) => score,
                None => return,
            }
        };
        let kind = kind_place(kind);
        if self.heap.len() < self.limit {
            self.heap.push(Kept {
                score,
                kind,
                id: id.to_string(),
                item: keep(),
            });
        } else if let Some(mut worst) = self.heap.peek_mut()
            && rank_order((score, kind, id), worst.key()) == Ordering::Less
        {
            *worst = Kept {
                score,
                kind,
                id: id.to_string(),
                item: keep(),
            };
        }
    }

    /// A record's score (its best field, a name above any other) when it
    /// may reach `floor`; None when it does not match or cannot.
    fn plain_score<'t>(
        &mut self,
        name: &str,
        others: impl IntoIterator<Item = &'t str>,
        floor: i64,
    ) -> Option<i64> {
        let name_floor = floor.saturating_sub(NAME_BONUS);
        match self.score(name, true, name_floor) {
            Outcome::Score(score) => Some(score + NAME_BONUS),
            // A record's name, when it matches, is its hit.
            Outcome::Below => None,
            // Only a name can beat a name.
            Outcome::NoMatch if floor >= NAME_BONUS => None,
            Outcome::NoMatch => {
                let mut best: Option<i64> = None;
                for text in others {
                    let at_least = floor.max(best.map_or(i64::MIN, |b| b + 1));
                    if let Outcome::Score(score) = self.score(text, false, at_least)
                        && score >= at_least
                    {
                        best = Some(score);
                    }
                }
                best
            }
        }
    }

    /// The score of a record's best field holding the query as a phrase
    /// (see `phrase`), if one does.
    fn phrase_score(&mut self, name: &str, others: &[&str]) -> Option<i64> {
        let by_name = self
            .phrase_score_of(name, true)
            .map(|score| score + NAME_BONUS);
        others
            .iter()
            .filter_map(|text| self.phrase_score_of(text, false))
            .chain(by_name)
            .max()
            .map(|score| score + PHRASE_BONUS)
    }

    /// `text`'s score, folded as an index folds it, or its alias's (`name`:
    /// as a name's), the better of those that hold the phrase.
    fn phrase_score_of(&mut self, text: &str, name: bool) -> Option<i64> {
        let phrase = self.phrase.as_ref()?;
        let mut best: Option<i64> = None;
        let folded = folded(text, &mut self.folded);
        if phrase.find(folded).is_some()
            && let Outcome::Score(score) =
                self.scorer
                    .score(folded, folded.is_ascii(), &self.query.words, i64::MIN)
        {
            best = Some(score);
        }
        if let Some(alias) = alias(text, name)
            && phrase.find(&alias).is_some()
            && let Outcome::Score(score) =
                self.scorer
                    .score(&alias, alias.is_ascii(), &self.query.words, i64::MIN)
        {
            best = best.max(Some(score));
        }
        best
    }

    /// How many of the records kept got in by their names, where no
    /// record without a name (a note) can outrank them: for a query of
    /// several words, by a name holding it as a phrase (a note holding it
    /// outranks any other name).
    pub fn names(&self) -> usize {
        let least = NAME_BONUS
            + if self.phrase.is_some() {
                PHRASE_BONUS
            } else {
                0
            };
        self.heap.iter().filter(|kept| kept.score >= least).count()
    }

    /// What was kept of the records that got in, best first.
    pub fn into_best(self) -> Vec<T> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|kept| kept.item)
            .collect()
    }

    /// The least score that may still get in (a record at the worst's
    /// score gets in if it ranks before it by kind and id).
    fn floor(&self) -> i64 {
        match self.heap.peek() {
            Some(worst) if self.query.prunable && self.heap.len() >= self.limit => worst.score,
            _ => i64::MIN,
        }
    }

    /// `text` against the query, folded as an index folds its keys; and
    /// its alias, if it has one (`name`: as a name's), the better of the
    /// two.
    fn score(&mut self, text: &str, name: bool, floor: i64) -> Outcome {
        if text.is_empty() {
            return Outcome::NoMatch;
        }
        let folded = self.score_folded(text, floor);
        let Some(alias) = alias(text, name) else {
            return folded;
        };
        let floor = match folded {
            Outcome::Score(score) => floor.max(score + 1),
            _ => floor,
        };
        match (
            folded,
            self.scorer
                .score(&alias, alias.is_ascii(), &self.query.words, floor),
        ) {
            (_, Outcome::Score(by_alias)) if by_alias >= floor => Outcome::Score(by_alias),
            (Outcome::NoMatch, by_alias) => by_alias,
            (folded, _) => folded,
        }
    }

    /// `text` against the query, folded as an index folds its keys.
    fn score_folded(&mut self, text: &str, floor: i64) -> Outcome {
        let folded = folded(text, &mut self.folded);
        self.scorer
            .score(folded, folded.is_ascii(), &self.query.words, floor)
    }
}

/// `text` folded as an index folds its keys: itself when folding changes
/// nothing, else folded into `buffer`.
fn folded<'a>(text: &'a str, buffer: &'a mut String) -> &'a str {
    if text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        buffer.clear();
        fold_into(text, buffer);
        buffer.as_str()
    } else {
        text
    }
}

fn kind_place(kind: Kind) -> usize {
    KIND_ORDER.iter().position(|&k| k == kind).unwrap_or(0)
}

#[cfg(test)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::testing::{mentor, startup};
    use crate::model::{Portfolio, Record};
    use crate::search::SearchIndex;

    /// The ids a sieve keeps of `records` (startups and mentors), offered
    /// in the order given, best first.
    pub(in crate::search) fn sifted(records: &[Record], query: &str, limit: usize) -> Vec<String> {
        let folded = crate::text::fold_query(query);
        let mut sieve = Sieve::new(&folded, limit);
        for record in records {
            let (name, others): (&str, Vec<&str>) = match record {
                Record::Startup(s) => {
                    let mut others = vec![s.one_liner.as_str(), s.sector.as_str()];
                    others.extend(s.tags.iter().map(String::as_str));
                    others.extend(s.founders.iter().map(|f| f.name.as_str()));
                    (&s.name, others)
                }
                Record::Mentor(m) => (&m.name, m.expertise.iter().map(String::as_str).collect()),
                _ => unreachable!("only startups and mentors here"),
            };
            let id = record.id().to_string();
            sieve.offer(record.kind(), record.id(), name, others, || id);
        }
        sieve.into_best()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever the order records come in (sled's is by bytes, `s10`
        /// before `s2`), a sieve keeps what a search of their index finds,
        /// in its order: ties, names over other fields, kinds and limits.
        #[test]
        fn a_sieve_keeps_what_an_index_finds(
            texts in prop::collection::vec(("[abAə ]{0,5}", "[ab ]{0,5}", "[bə]{0,3}"), 0..14),
            query in "[abə ]{1,4}",
            limit in 0usize..6,
            shuffle in any::<u64>(),
        ) {
            let mut records: Vec<Record> = Vec::new();
            for (i, (name, one_liner, tag)) in texts.iter().enumerate() {
                if i % 4 == 3 {
                    let mut m = mentor(&format!("m{i}"), 1);
                    m.name = name.clone();
                    m.expertise = vec![tag.clone(), one_liner.clone()];
                    records.push(m.into());
                } else {
                    let mut s = startup(&format!("s{i}"));
                    s.name = name.clone();
                    s.one_liner = one_liner.clone();
                    s.sector = String::new();
                    s.tags = vec![tag.clone()];
                    s.founders.clear();
                    records.push(s.into());
                }
            }
            let mut portfolio = Portfolio::default();
            records.iter().cloned().for_each(|r| portfolio.push(r));
            let found: Vec<String> = SearchIndex::build(&portfolio)
                .search(&query, None, limit)
                .into_iter()
                .map(|hit| hit.id)
                .collect();
            let n = records.len().max(1);
            records.rotate_left(usize::try_from(shuffle).unwrap_or(0) % n);
            prop_assert_eq!(sifted(&records, &query, limit), found);
        }
    }
}
