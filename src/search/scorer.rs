//! The scorer: skim's fuzzy score, and the positions of the matched chars,
//! for the words of a folded query against a folded text. It computes what
//! a fresh `fuzzy_matcher::skim::SkimMatcherV2` with its default
//! `SkimScoreConfig`, case respected, computes (keys and query are folded
//! already): the tests check scores against skim's, and debug builds check
//! every hit's score and positions against it. Searches, the pickers and
//! name resolution all score here.
//!
//! Why not call skim: (1) `SkimMatcherV2` keeps its score matrix in a
//! per-thread cache that it does not fully reset, so the same choice and
//! pattern can score differently depending on earlier calls (by a few
//! points, in about 1 match in 1,000), and a narrowed search makes other
//! earlier calls than a full one; (2) each call decodes, allocates and
//! fills 16-byte cells: too slow for 100,000 note bodies per keystroke.
//! `Scorer` allocates nothing once warm, and stops early once a floor is
//! out of reach.

use super::query::{MAX_PRUNED_QUERY, Word, all_subsequences};

/// Taken off the score of a text that some word of the query matches only
/// spread over its words (see `fits`): so far that such a match ranks below
/// every other of its tier (names, or other fields), not so far that a
/// name falls below other fields: names first is what lets a keystroke at
/// 100,000 records skip the notes (a spread name below every note made
/// the 100k `/` filter's worst keystroke 24 ms). Here the scorer
/// deliberately differs from skim, which gives `medq` in `Səməd Quliyev`,
/// or a word's letters 90 chars apart in a note, a fair score. Only ever
/// lowers a score, so every upper bound of skim's score stays one of this.
pub(super) const SPREAD_PENALTY: i64 = 1 << 20;

/// Whether a score (with or without the name bonus) is of a spread match.
#[inline]
pub(super) fn is_spread(score: i64) -> bool {
    let own = if score > super::NAME_BONUS / 2 {
        score - super::NAME_BONUS
    } else {
        score
    };
    own < -(SPREAD_PENALTY / 4)
}

/// What a match in the very first column earns above one elsewhere.
pub(super) const FIRST_COLUMN_EXTRA: i64 = (BONUS_HEAD * (BONUS_FIRST_CHAR_MULTIPLIER - 1)) as i64;

pub(super) const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
pub(super) const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
pub(super) const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
pub(super) const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

#[inline]
pub(super) const fn char_type(ch: char) -> CharType {
    match ch {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

#[inline]
pub(super) const fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty | CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

const ASCII_TYPES: [CharType; 128] = {
    let mut types = [CharType::Lower; 128];
    let mut b = 0;
    while b < 128 {
        types[b] = char_type(b as u8 as char);
        b += 1;
    }
    types
};

/// What scoring a text found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Some word does not match.
    NoMatch,
    /// All words match, but their score is below the floor.
    Below,
    /// The sum of the words' scores (which may be below the floor too).
    Score(i64),
}

/// Scratch space for scoring, reused from key to key within one search.
#[derive(Default)]
pub(super) struct Scorer {
    text: Vec<char>,
    word: Vec<char>,
    /// The first place each char of each word can go, word after word.
    first: Vec<usize>,
    dp: Dp,
}

impl Scorer {
    /// The sum of the words' skim scores against `text` (`ascii` if it is);
    /// `Below` as soon as that sum is known to be below `floor`.
    pub(super) fn score(&mut self, text: &str, ascii: bool, words: &[Word], floor: i64) -> Outcome {
        // Bounds hold only for floors above `LOWEST_FLOOR` and queries up to
        // `MAX_PRUNED_QUERY` chars (see `Dp::score`); otherwise no floor.
        let chars: usize = words.iter().map(|w| w.tail.len()).sum();
        let floor = if floor > LOWEST_FLOOR && chars <= MAX_PRUNED_QUERY {
            floor
        } else {
            i64::MIN
        };
        self.first.clear();
        if words.is_empty() {
            return Outcome::Score(0);
        }
        if ascii {
            let text = text.as_bytes();
            for word in words {
                if !word.ascii || !first_matches_ascii(text, word.text.as_bytes(), &mut self.first)
                {
                    return Outcome::NoMatch;
                }
            }
            if floor > i64::MIN {
                // The DP's first row, cheaply: a word scores at most what its
                // first char can earn where it best stands, plus its tail.
                let mut bound = 0;
                let mut at = 0;
                for word in words {
                    let pattern = word.text.as_bytes();
                    let best = best_in_place(text, pattern[0], self.first[at]);
                    bound += i64::from(SCORE_MATCH + GAP_EXTENSION + best + word.tail[0]);
                    at += pattern.len();
                }
                if bound < floor {
                    return Outcome::Below;
                }
            }
            let mut sum = Sum::new(words, floor);
            let mut at = 0;
            for word in words {
                let pattern = word.text.as_bytes();
                let first = &self.first[at..at + pattern.len()];
                at += pattern.len();
                let floor = sum.floor_for(word);
                match self
                    .dp
                    .score(text, pattern, first, ascii_type, &word.tail, floor)
                {
                    Some(score) => sum.add(score),
                    None => return Outcome::Below,
                }
            }
            let spread = words
                .iter()
                .any(|w| !fits(text, w.text.as_bytes(), ascii_type));
            Outcome::Score(sum.total - if spread { SPREAD_PENALTY } else { 0 })
        } else {
            // Reject without decoding when we can.
            if !all_subsequences(text, words) {
                return Outcome::NoMatch;
            }
            self.text.clear();
            self.text.extend(text.chars());
            for word in words {
                self.word.clear();
                self.word.extend(word.text.chars());
                if !first_matches(&self.text, &self.word, &mut self.first) {
                    return Outcome::NoMatch;
                }
            }
            let mut sum = Sum::new(words, floor);
            let mut at = 0;
            for word in words {
                self.word.clear();
                self.word.extend(word.text.chars());
                let first = &self.first[at..at + self.word.len()];
                at += self.word.len();
                let floor = sum.floor_for(word);
                match self
                    .dp
                    .score(&self.text, &self.word, first, type_of, &word.tail, floor)
                {
                    Some(score) => sum.add(score),
                    None => return Outcome::Below,
                }
            }
            let mut spread = false;
            for word in words {
                self.word.clear();
                self.word.extend(word.text.chars());
                spread |= !fits(&self.text, &self.word, type_of);
            }
            Outcome::Score(sum.total - if spread { SPREAD_PENALTY } else { 0 })
        }
    }
}

impl Scorer {
    /// Whether every word matches `text` (folded; `ascii` if it is)
    /// without being spread over its words (see `fits`); `text` is one
    /// that every word matches.
    pub(super) fn fits_all(&mut self, text: &str, ascii: bool, words: &[Word]) -> bool {
        if ascii {
            return words
                .iter()
                .all(|w| fits(text.as_bytes(), w.text.as_bytes(), ascii_type));
        }
        self.text.clear();
        self.text.extend(text.chars());
        words.iter().all(|word| {
            self.word.clear();
            self.word.extend(word.text.chars());
            fits(&self.text, &self.word, type_of)
        })
    }

    /// The char positions in `text` (`ascii` if it is) of each word's
    /// match, as skim's `fuzzy_indices` places them, merged ascending. A
    /// word that does not match adds none.
    pub(super) fn positions(&mut self, text: &str, ascii: bool, words: &[Word]) -> Vec<usize> {
        let mut out = Vec::new();
        for word in words {
            self.first.clear();
            if ascii && word.ascii {
                let (text, pattern) = (text.as_bytes(), word.text.as_bytes());
                if first_matches_ascii(text, pattern, &mut self.first) {
                    self.dp
                        .positions(text, pattern, &self.first, ascii_type, &mut out);
                }
            } else {
                self.text.clear();
                self.text.extend(text.chars());
                self.word.clear();
                self.word.extend(word.text.chars());
                if first_matches(&self.text, &self.word, &mut self.first) {
                    self.dp
                        .positions(&self.text, &self.word, &self.first, type_of, &mut out);
                }
            }
        }
        if words.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

/// The running sum of the words' scores, and what each word must reach for
/// the sum to reach the floor.
struct Sum {
    total: i64,
    /// What the words not yet scored can add at most.
    later: i64,
    floor: i64,
}

impl Sum {
    fn new(words: &[Word], floor: i64) -> Self {
        Sum {
            total: 0,
            later: words.iter().map(|w| w.bound + FIRST_COLUMN_EXTRA).sum(),
            floor,
        }
    }

    /// The floor for `word`, the next one (`i64::MIN` for none).
    fn floor_for(&mut self, word: &Word) -> i64 {
        self.later -= word.bound + FIRST_COLUMN_EXTRA;
        if self.floor == i64::MIN {
            return i64::MIN;
        }
        self.floor
            .saturating_sub(self.total)
            .saturating_sub(self.later)
    }

    fn add(&mut self, score: i32) {
        self.total += i64::from(score);
    }
}

/// Whether `word` (of a folded query) matches `text` without being spread
/// over its words: inside one word of the text (`queue` in `medqueue`), or
/// in pieces that each begin a word (one word may be skipped between
/// two), as initials and names are typed
/// (`sp` in `şəbəkə pay`, `gimminjun` in `gim minjun`). `medq` in `semed
/// quliyev` is spread: `med` ends a word. A word of the query that holds
/// separators (`e-sened`) fits when each of its runs of letters does.
pub(super) fn fits<T: Copy + PartialEq>(
    text: &[T],
    word: &[T],
    kind: impl Fn(T) -> CharType,
) -> bool {
    let in_word = |c: T| {
        matches!(
            kind(c),
            CharType::Lower | CharType::Upper | CharType::Number
        )
    };
    // Each run of word chars on its own (`e-sened`: `e`, `sened`), of a
    // long one its first 63: so a word typed further is never less spread
    // (narrowing, and its bounds, count on that).
    word.split(|&c| !in_word(c))
        .all(|run| run_fits(text, &run[..run.len().min(63)], in_word))
}

/// `fits` for a run of word chars, under 64 of them.
fn run_fits<T: Copy + PartialEq>(text: &[T], word: &[T], in_word: impl Fn(T) -> bool) -> bool {
    if word.len() <= 1 {
        return true;
    }
    let done = 1u64 << word.len();
    // Bit i: the first i chars of `word` matched by pieces that each begin
    // a word of `text`; reached in the word before (`fresh`) or the one
    // before that (`stale`): a piece may skip one word, no more (`kimminjun`
    // in `kim gim minjun`, not `pricing` over a line's initials).
    let (mut fresh, mut stale): (u64, u64) = (0, 0);
    let mut at = 0;
    while at < text.len() {
        if !in_word(text[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < text.len() && in_word(text[at]) {
            at += 1;
        }
        let part = &text[start..at];
        if is_subsequence(part, word) {
            return true;
        }
        let live = 1 | fresh | stale;
        let mut next = 0;
        for from in 0..word.len() {
            if live & (1 << from) == 0 || part[0] != word[from] {
                continue;
            }
            // The piece may end after any char it can take, in order.
            let mut to = from + 1;
            next |= 1 << to;
            for &c in &part[1..] {
                if to < word.len() && c == word[to] {
                    to += 1;
                    next |= 1 << to;
                }
            }
        }
        if next & done != 0 {
            return true;
        }
        (stale, fresh) = (fresh, next);
    }
    false
}

fn is_subsequence<T: PartialEq>(text: &[T], word: &[T]) -> bool {
    let mut want = word.iter();
    let mut next = want.next();
    for c in text {
        if Some(c) == next {
            next = want.next();
        }
    }
    next.is_none()
}

/// `first_matches` for bytes, jumping to each next byte 8 at a time.
fn first_matches_ascii(choice: &[u8], pattern: &[u8], first: &mut Vec<usize>) -> bool {
    let mut from = 0;
    for &p in pattern {
        match find_byte(&choice[from..], p) {
            Some(i) => {
                first.push(from + i);
                from += i + 1;
            }
            None => return false,
        }
    }
    true
}

/// The first index of `needle` in `hay`, 8 bytes at a time ("has a zero
/// byte" on `chunk ^ needle`; the lowest flagged byte is exact).
#[inline]
pub(super) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let spread = u64::from_le_bytes([needle; 8]);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(bytes) ^ spread;
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == needle)
        .map(|i| at + i)
}

/// The most in-place bonus skim gives `c` anywhere in `text` from `from`
/// on (where it first occurs).
fn best_in_place(text: &[u8], c: u8, mut from: usize) -> i32 {
    let cur = ascii_type(c);
    let mut best = 0;
    loop {
        let bonus = match from.checked_sub(1) {
            Some(before) => in_place_bonus(ascii_type(text[before]), cur),
            None => in_place_bonus(CharType::Empty, cur) * BONUS_FIRST_CHAR_MULTIPLIER,
        };
        best = best.max(bonus);
        // Nothing later beats a word start (only the first column does).
        if best >= BONUS_HEAD {
            return best;
        }
        match find_byte(&text[from + 1..], c) {
            Some(i) => from += i + 1,
            None => return best,
        }
    }
}

/// skim's `cheap_matches`: pushes the first place each pattern char can go;
/// false if the pattern does not fit.
fn first_matches<T: PartialEq>(choice: &[T], pattern: &[T], first: &mut Vec<usize>) -> bool {
    let mut want = pattern.iter();
    let Some(mut next) = want.next() else {
        return true;
    };
    for (idx, c) in choice.iter().enumerate() {
        if c == next {
            first.push(idx);
            match want.next() {
                Some(p) => next = p,
                None => return true,
            }
        }
    }
    false
}

#[inline]
fn ascii_type(b: u8) -> CharType {
    ASCII_TYPES[usize::from(b & 0x7f)]
}

/// `char_type`, by table: skim's types differ only among ASCII chars.
#[inline]
pub(super) fn type_of(c: char) -> CharType {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => ASCII_TYPES[usize::from(b)],
        _ => CharType::Lower,
    }
}

#[derive(Default)]
struct Dp {
    /// One row of skim's matrix: (M, P) per column.
    row: Vec<(i32, i32)>,
    /// The whole matrix, for positions (see `Dp::positions`).
    cells: Vec<Cell>,
}

/// A cell of skim's full matrix: M and P, and whether each came by a
/// match (rather than a skip), for tracing the positions back.
#[derive(Debug, Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    m_matched: bool,
    p_matched: bool,
}

const FRESH_CELL: Cell = Cell {
    m: NEG_INFINITY,
    p: NEG_INFINITY,
    m_matched: false,
    p_matched: false,
};

/// Below this, a floor is not used to stop early: skim's "minus infinity"
/// is `i16::MIN`, and values derived from it must stay below any floor used.
pub(super) const LOWEST_FLOOR: i64 = NEG_INFINITY as i64 / 2;

impl Dp {
    /// skim's `fuzzy` score of `pattern` in `choice`, as a fresh
    /// `SkimMatcherV2` computes it with its full matrix: same recurrences,
    /// same arithmetic (its "minus infinity" is `i16::MIN`), one row at a
    /// time, in place. On a fresh matrix the "previous match bonus" skim
    /// reads is always 0, so a consecutive match earns
    /// `max(in-place bonus, 4)`. `first` is from `first_matches`.
    ///
    /// Returns None when after some row the best score so far plus `tail`
    /// (what the rest can add) is below `floor`. (That bound holds for
    /// values derived from "minus infinity" too, while the pattern is under
    /// `MAX_PRUNED_QUERY` chars and the floor above `LOWEST_FLOOR`.)
    fn score<T: Copy + PartialEq>(
        &mut self,
        choice: &[T],
        pattern: &[T],
        first: &[usize],
        kind: impl Fn(T) -> CharType,
        tail: &[i32],
        floor: i64,
    ) -> Option<i32> {
        if pattern.is_empty() {
            return Some(0);
        }
        let stop_early = floor > LOWEST_FLOOR && pattern.len() <= MAX_PRUNED_QUERY;

        // Row 0: nothing matched; skipping costs one gap extension.
        self.row.clear();
        self.row
            .resize(choice.len() + 1, (NEG_INFINITY, GAP_EXTENSION));
        for (i, &pc) in pattern.iter().enumerate() {
            let skip = first[i];
            let row = &mut self.row[skip..];
            // The previous row's cell at `skip` feeds the next column; then
            // skim resets it.
            let (mut diag_m, mut diag_p) = row[0];
            row[0] = (NEG_INFINITY, NEG_INFINITY);
            let (mut left_m, mut left_p) = (NEG_INFINITY, NEG_INFINITY);
            let mut best = NEG_INFINITY;
            for (j, (cell, &c)) in (skip..).zip(row[1..].iter_mut().zip(&choice[skip..])) {
                let m = if c == pc {
                    // skim's in-place bonus (`build_in_place_bonus`), needed
                    // only where the char matches: from the types of the
                    // char before and this one, doubled in the first column.
                    let in_place = match j.checked_sub(1) {
                        Some(before) => in_place_bonus(kind(choice[before]), kind(c)),
                        None => {
                            in_place_bonus(CharType::Empty, kind(c)) * BONUS_FIRST_CHAR_MULTIPLIER
                        }
                    };
                    let by_match = diag_m + in_place.max(BONUS_CONSECUTIVE);
                    let by_skip = diag_p + in_place;
                    by_match.max(by_skip) + SCORE_MATCH
                } else {
                    NEG_INFINITY
                };
                let p = (GAP_START + GAP_EXTENSION + left_m).max(GAP_EXTENSION + left_p);
                (diag_m, diag_p) = *cell;
                *cell = (m, p);
                (left_m, left_p) = (m, p);
                best = best.max(m);
            }
            if stop_early && i64::from(best) + i64::from(tail[i]) < floor {
                return None;
            }
        }
        let last = first[pattern.len() - 1];
        self.row[last..].iter().map(|&(m, _)| m).max()
    }

    /// The positions skim's `fuzzy_indices` gives the chars of `pattern`
    /// in `choice` (as a fresh `SkimMatcherV2` does): the full matrix with
    /// its moves, the same recurrences and ties as `score`, then traced
    /// back from the best cell of the last row (the last of equals).
    /// Appends them to `out`, ascending. `first` is from `first_matches`.
    fn positions<T: Copy + PartialEq>(
        &mut self,
        choice: &[T],
        pattern: &[T],
        first: &[usize],
        kind: impl Fn(T) -> CharType,
        out: &mut Vec<usize>,
    ) {
        if pattern.is_empty() {
            return;
        }
        let cols = choice.len() + 1;
        let rows = pattern.len() + 1;
        self.cells.clear();
        self.cells.resize(rows * cols, FRESH_CELL);
        let cells = &mut self.cells;
        for cell in &mut cells[..cols] {
            cell.p = GAP_EXTENSION;
        }
        for (i, &pc) in pattern.iter().enumerate() {
            let (above, row) = cells[i * cols..(i + 2) * cols].split_at_mut(cols);
            for col in first[i] + 1..cols {
                let c = choice[col - 1];
                let left = row[col - 1];
                let diag = above[col - 1];
                let cell = &mut row[col];
                if c == pc {
                    let in_place = match (col - 1).checked_sub(1) {
                        Some(before) => in_place_bonus(kind(choice[before]), kind(c)),
                        None => {
                            in_place_bonus(CharType::Empty, kind(c)) * BONUS_FIRST_CHAR_MULTIPLIER
                        }
                    };
                    let by_match = diag.m + in_place.max(BONUS_CONSECUTIVE);
                    let by_skip = diag.p + in_place;
                    cell.m_matched = by_match >= by_skip;
                    cell.m = by_match.max(by_skip) + SCORE_MATCH;
                } else {
                    cell.m = NEG_INFINITY;
                    cell.m_matched = false;
                }
                let by_match = GAP_START + GAP_EXTENSION + left.m;
                let by_skip = GAP_EXTENSION + left.p;
                cell.p_matched = by_match >= by_skip;
                cell.p = by_match.max(by_skip);
            }
        }
        let last_row = &cells[(rows - 1) * cols..];
        let from = first[pattern.len() - 1];
        let mut j = from;
        for (col, cell) in last_row.iter().enumerate().skip(from) {
            if cell.m >= last_row[j].m {
                j = col;
            }
        }
        let start = out.len();
        let mut i = rows - 1;
        let mut track_m = true;
        let mut matched = true;
        while i > 0 && j > first[0] {
            if matched {
                out.push(j - 1);
            }
            let cell = cells[i * cols + j];
            matched = if track_m {
                cell.m_matched
            } else {
                cell.p_matched
            };
            if track_m {
                i -= 1;
            }
            j -= 1;
            track_m = matched;
        }
        out[start..].reverse();
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn scorer_agrees_with_skim_on_long_lines() {
        // Past 32,768 chars skim's "minus infinity" (i16::MIN) is overtaken
        // by long gaps; the scorer must follow it there too.
        let mut scorer = Scorer::default();
        let filler = "lorem ipsum dolor sit amet ".repeat(1_500);
        for (choice, pattern) in [
            (format!("q{filler}z{filler}x"), "qzx"),
            (format!("{filler}qz"), "qz"),
            (format!("q{filler}{filler}x"), "qx"),
            (format!("ab {filler}a-b"), "ab"),
        ] {
            let skim = SkimMatcherV2::default().respect_case();
            let expected = skim
                .fuzzy_indices(&choice, pattern)
                .map(|(score, _)| score - spread(&choice, pattern));
            assert_eq!(
                scored(scorer.score(&choice, true, &[Word::new(pattern)], i64::MIN)),
                expected,
                "{pattern}"
            );
        }
    }

    /// What the scorer takes off skim's score, deliberately: a match
    /// spread over the text's words ranks below every other (see `fits`).
    fn spread(text: &str, word: &str) -> i64 {
        let text: Vec<char> = text.chars().collect();
        let word: Vec<char> = word.chars().collect();
        if fits(&text, &word, type_of) {
            0
        } else {
            SPREAD_PENALTY
        }
    }

    #[test]
    fn spread_matches_are_told_from_words_and_initials() {
        let fit = |text: &str, word: &str| spread(text, word) == 0;
        // Inside one word, or in pieces that each begin a word.
        assert!(fit("medqueue", "medq"));
        assert!(fit("medqueue", "queue"));
        assert!(fit("sebeke pay", "sp"));
        assert!(fit("kim gim minjun", "gimminjun"));
        assert!(fit("kim gim minjun", "kimminjun"));
        assert!(fit("solar panels", "solpan"));
        assert!(fit("seoul-baku bridge", "sbb"));
        assert!(fit("e-sened flow", "e-sened"));
        assert!(
            !fit("semed quliyev", "medq."),
            "typed further, still spread"
        );
        // A piece ending inside a word, or letters strewn over a line.
        assert!(!fit("semed quliyev", "medq"));
        assert!(!fit(
            "the inverter is oversized for a family home",
            "semsiyye"
        ));
        assert!(fit("a b", "a"));
    }

    #[test]
    fn a_spread_match_ranks_below_any_whole_word_of_its_tier() {
        let score = |text: &str, query: &str| {
            let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
            scored(Scorer::default().score(text, text.is_ascii(), &words, i64::MIN))
                .expect("matches")
        };
        let spread = score("semed quliyev", "medq");
        let word = score("a long note about medq and more", "medq");
        assert!(spread < word, "{spread} {word}");
        // A name, even spread, stays above other fields.
        assert!(spread + super::super::NAME_BONUS > word, "{spread} {word}");
        assert!(is_spread(spread) && is_spread(spread + super::super::NAME_BONUS));
        assert!(!is_spread(word) && !is_spread(word + super::super::NAME_BONUS));
    }

    fn scored(outcome: Outcome) -> Option<i64> {
        match outcome {
            Outcome::Score(score) => Some(score),
            Outcome::NoMatch => None,
            Outcome::Below => panic!("no floor, yet below it"),
        }
    }

    #[test]
    fn char_types_by_table_are_skims() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(type_of(c), char_type(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn scorer_agrees_with_a_fresh_skim_matcher(
            choice in proptest::string::string_regex("[abAB1 ./_(\\x00-əŞ]{0,40}").unwrap(),
            pattern in proptest::string::string_regex("[abAB1 ./_(-əŞ]{1,6}").unwrap(),
            floor in -40i64..200,
        ) {
            let skim = SkimMatcherV2::default().respect_case();
            let expected = skim
                .fuzzy_indices(&choice, &pattern)
                .map(|(score, _)| score - spread(&choice, &pattern));
            let word = [Word::new(&pattern)];
            let mut scorer = Scorer::default();
            let ascii = choice.is_ascii();
            prop_assert_eq!(scored(scorer.score(&choice, ascii, &word, i64::MIN)), expected);
            // With a floor: the exact score, or `Below` only if below it.
            let got = scorer.score(&choice, ascii, &word, floor);
            match expected {
                Some(exact) if exact >= floor => prop_assert_eq!(got, Outcome::Score(exact)),
                Some(exact) => {
                    prop_assert!(got == Outcome::Below || got == Outcome::Score(exact))
                }
                None => prop_assert_eq!(got, Outcome::NoMatch),
            }
        }

        /// The pickers and name resolution called skim (its defaults) on
        /// the folded texts before they scored here; for one word they
        /// score as before, and several words score the sum of theirs.
        #[test]
        fn score_is_skims_on_folded_texts(
            text in proptest::string::string_regex("[abAB1 ./_(-əŞİıÇ]{0,30}").unwrap(),
            query in proptest::string::string_regex("[abAB1./_(-əŞİıÇ]{1,4}( [abəşi]{1,3})?").unwrap(),
        ) {
            let words = crate::text::fold(&query);
            // Less the spread penalty, where the scorer deliberately differs.
            let skim = |folded: &str| -> Option<i64> {
                let sum: Option<i64> = words
                    .split_whitespace()
                    .map(|word| SkimMatcherV2::default().fuzzy_match(folded, word))
                    .sum();
                let spread = words.split_whitespace().any(|w| spread(folded, w) != 0);
                // A text holding the words as typed, one space apart, ranks above all.
                let phrase = words.split_whitespace().collect::<Vec<_>>().join(" ");
                let phrased = phrase.contains(' ') && folded.contains(&phrase);
                sum.map(|s| s - if spread { SPREAD_PENALTY } else { 0 }
                    + if phrased { crate::search::PHRASE_BONUS } else { 0 })
            };
            // A name is scored by its alias too (`kö` is also `kyo`), the better of the two.
            let by_alias = crate::text::alias(&text, true).and_then(|alias| skim(&alias));
            let expected = skim(&crate::text::fold(&text)).max(by_alias);
            prop_assert_eq!(crate::search::score(&query, &text), expected);
        }

        #[test]
        fn find_byte_finds_the_first(hay in proptest::collection::vec(0u8..4, 0..40), needle in 0u8..4) {
            prop_assert_eq!(find_byte(&hay, needle), hay.iter().position(|&b| b == needle));
        }
    }
}
