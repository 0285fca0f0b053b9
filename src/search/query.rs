//! A folded query: its words, the chars it needs, and upper bounds of the
//! score each word can reach, from skim's recurrences (what lets ranking
//! skip texts without scoring them).

use super::index::{FieldText, char_bits, head_bit};
use super::scorer::{
    BONUS_CONSECUTIVE, BONUS_HEAD, FIRST_COLUMN_EXTRA, GAP_EXTENSION, SCORE_MATCH, char_type,
    find_byte, in_place_bonus,
};

/// Whether every word is a subsequence of `hay` (its chars in order, gaps
/// allowed): exactly when skim finds a match, but much cheaper to ask.
#[inline]
pub(super) fn all_subsequences(hay: &str, words: &[Word]) -> bool {
    words.iter().all(|w| is_subsequence(hay, w))
}

#[inline]
fn is_subsequence(hay: &str, word: &Word) -> bool {
    if word.ascii {
        // ASCII bytes occur in UTF-8 only as themselves.
        let hay = hay.as_bytes();
        let mut from = 0;
        for &b in word.text.as_bytes() {
            match find_byte(&hay[from..], b) {
                Some(i) => from += i + 1,
                None => return false,
            }
        }
        true
    } else {
        let mut want = word.text.chars();
        let mut next = want.next();
        for c in hay.chars() {
            if Some(c) == next {
                next = want.next();
                if next.is_none() {
                    return true;
                }
            }
        }
        next.is_none()
    }
}

/// Queries longer than this (in chars, spaces aside) turn pruning off (see
/// `Dp::score`); nobody types them, but a paste might.
pub(super) const MAX_PRUNED_QUERY: usize = 512;

/// One word of a folded query.
pub(super) struct Word<'q> {
    pub(super) text: &'q str,
    pub(super) ascii: bool,
    first: char,
    /// An upper bound of the word's score against a text that does not
    /// start with `first`, from skim's recurrences: the first char earns
    /// at most `16 - 1 + 8` (8 more in the first column); each further char
    /// at most `16 + max(in-place bonus, 4)` right after the previous one
    /// (whose type fixes that bonus), and at most `16 + 8 - 4` after a gap,
    /// which is never more. `tail` holds the further chars' part.
    pub(super) bound: i64,
    /// `tail[i]`: an upper bound of what the chars after the i-th add.
    pub(super) tail: Vec<i32>,
}

impl<'q> Word<'q> {
    pub(super) fn new(text: &'q str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut tail = vec![0; chars.len()];
        for i in (1..chars.len()).rev() {
            let step = SCORE_MATCH
                + in_place_bonus(char_type(chars[i - 1]), char_type(chars[i]))
                    .max(BONUS_CONSECUTIVE);
            tail[i - 1] = tail[i] + step;
        }
        let head = if chars.is_empty() {
            0
        } else {
            SCORE_MATCH + GAP_EXTENSION + BONUS_HEAD
        };
        Word {
            text,
            ascii: text.is_ascii(),
            first: chars.first().copied().unwrap_or('\0'),
            bound: i64::from(head + tail.first().copied().unwrap_or(0)),
            tail,
        }
    }

    /// Whether the first char may begin a word in a key with these heads.
    #[inline]
    fn may_head(&self, heads: u64) -> bool {
        let bit = head_bit(self.first);
        bit == 0 || heads & bit != 0
    }

    /// An upper bound of the word's score against `text`, of a key with
    /// these `heads`.
    #[inline]
    fn bound(&self, text: &str, heads: u64) -> i64 {
        let starts = if self.first.is_ascii() {
            text.as_bytes().first() == Some(&(self.first as u8))
        } else {
            text.starts_with(self.first)
        };
        if starts {
            self.bound + FIRST_COLUMN_EXTRA
        } else if self.may_head(heads) {
            self.bound
        } else {
            // Never at the start of a word: no in-place bonus.
            self.bound - i64::from(BONUS_HEAD)
        }
    }

    /// An upper bound of the word's score against any line of a key with
    /// these `heads`.
    #[inline]
    fn max_bound(&self, heads: u64) -> i64 {
        if self.may_head(heads) {
            self.bound + FIRST_COLUMN_EXTRA
        } else {
            self.bound - i64::from(BONUS_HEAD)
        }
    }
}

/// A folded query: its words, and bounds of their scores.
pub(super) struct Query<'q> {
    pub(super) words: Vec<Word<'q>>,
    /// The ASCII chars of the words (see `char_bits`).
    chars: u64,
    /// Whether scores may be bounded to skip work (see `MAX_PRUNED_QUERY`).
    pub(super) prunable: bool,
}

impl<'q> Query<'q> {
    pub(super) fn new(folded: &'q str) -> Self {
        let words: Vec<Word> = folded.split_whitespace().map(Word::new).collect();
        let prunable = words.iter().map(|w| w.tail.len()).sum::<usize>() <= MAX_PRUNED_QUERY;
        let chars = words.iter().fold(0, |set, w| set | char_bits(w.text));
        Query {
            words,
            chars,
            prunable,
        }
    }

    /// False when `key` lacks a char of the query, so that it cannot
    /// match (nor can a longer query): cheaper than finding out.
    #[inline]
    pub(super) fn may_match(&self, key: &FieldText) -> bool {
        self.chars & !key.chars == 0
    }

    #[inline]
    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// An upper bound of the score against `text` (a key's text, or a line
    /// of it), of a key with these `heads`.
    #[inline]
    pub(super) fn bound(&self, text: &str, heads: u64) -> i64 {
        if !self.prunable {
            return i64::MAX;
        }
        self.words.iter().map(|w| w.bound(text, heads)).sum()
    }

    /// An upper bound of the score against any text: every word at its
    /// best, those beginning with one char (the text's first) in the
    /// first column.
    pub(super) fn most(&self) -> i64 {
        if !self.prunable {
            return i64::MAX;
        }
        let mut firsts: Vec<char> = self.words.iter().map(|w| w.first).collect();
        firsts.sort_unstable();
        let in_first_column = firsts
            .chunk_by(|a, b| a == b)
            .map(<[char]>::len)
            .max()
            .unwrap_or(0);
        let words: i64 = self.words.iter().map(|w| w.bound).sum();
        words + FIRST_COLUMN_EXTRA * in_first_column as i64
    }

    /// An upper bound of the score against any line of a key with these
    /// `heads`.
    #[inline]
    pub(super) fn max_bound(&self, heads: u64) -> i64 {
        if !self.prunable {
            return i64::MAX;
        }
        self.words.iter().map(|w| w.max_bound(heads)).sum()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::search::index::heads;
    use crate::search::scorer::{Outcome, Scorer};

    proptest! {
        #[test]
        fn bound_is_never_below_the_score(
            text in proptest::string::string_regex("[abAB1 ./_(\\x00\n-əŞ]{0,40}").unwrap(),
            query in proptest::string::string_regex("[abAB1 ./_(-əŞ]{1,9}").unwrap(),
        ) {
            let query = Query::new(&query);
            let heads = heads(&text);
            let mut scorer = Scorer::default();
            for line in text.split('\n') {
                if let Outcome::Score(score) = scorer.score(line, line.is_ascii(), &query.words, i64::MIN) {
                    let bound = query.bound(line, heads);
                    prop_assert!(score <= bound, "{} > {}", score, bound);
                    prop_assert!(bound <= query.max_bound(heads));
                    prop_assert!(score <= query.most());
                }
            }
        }
    }
}
