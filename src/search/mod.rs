//! Search over the portfolio: folded keys, fuzzy matching, ranked hits with
//! the positions of the matched characters for highlighting.
//!
//! How a query matches:
//! - The query and every key are [`fold`]ed the same way (lowercase, and
//!   Azerbaijani/Turkish letters and common Latin accents to ASCII), then
//!   matched with skim's fuzzy matcher on the folded text. fuzzy-matcher's
//!   case rules are ASCII-only, which is why keys are folded first.
//! - A query is split on whitespace into words. A field matches when EVERY
//!   word matches it fuzzily (in any order); the words must all match in the
//!   same field — for a note body, in the same line. The field's score is the
//!   sum of the words' scores, and its positions are the union of theirs.
//!   So `rəhimova şəmsiyyə` finds `Şəmsiyyə Rəhimova`, and `solar baku`
//!   finds nothing unless one field holds both.
//! - Each record yields at most one hit: its best field. A name field
//!   (startup, mentor, cohort) always ranks above any other field; then the
//!   higher score; then kind (startup, cohort, mentor, demo day, note); then
//!   natural id order (`s2` before `s10`).
//!
//! Searched fields: startup name, one-liner, sector, tags and founders'
//! names; mentor name and expertise tags; cohort name; demo day venue; note
//! body (line by line).
//!
//! For callers:
//! - [`Hit::text`] is raw text from the store: pass it through
//!   `crate::text::sanitize_line` before drawing. That keeps one char per
//!   char, so [`Hit::positions`] stay valid.
//! - A [`SearchIndex`] is a snapshot: rebuild it after writes (about 0.15 s
//!   and 40 MB for 10,000 startups and 100,000 notes in release; build it
//!   off the first frame's path).
//! - Use one [`IncrementalSearch`] per search box: it is exact, and much
//!   faster than [`SearchIndex::search`] as the user types or deletes.
//! - A list that holds every match but shows a page of them: ask
//!   [`SearchIndex::search_list`] for every match and the first pages
//!   ranked, and again with more as the list scrolls; ranking 100,000
//!   matches each keystroke is what it saves.
//!
//! How it stays fast (a keystroke over 110,000 records takes a few
//! milliseconds in release): scores come from an allocation-free copy of
//! skim's algorithm (see `Scorer`); a key that lacks a char of the query
//! is rejected by a bit set (`Key::chars`) without reading its text; name
//! hits outrank everything, so other fields are skipped once names fill
//! `limit`; and upper bounds of skim's score (per word, per key, per line,
//! and carried over from the previous keystroke) skip whatever cannot beat
//! the current `limit`-th best, names included.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

// skim itself only checks `Scorer` in debug builds and tests.
#[cfg(any(test, debug_assertions))]
use fuzzy_matcher::FuzzyMatcher;
#[cfg(any(test, debug_assertions))]
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

mod update;

use crate::model::{Cohort, DemoDay, Kind, Mentor, Note, Portfolio, Startup, natural_cmp};

/// Fold for matching: lowercase, and Azerbaijani/Turkish letters to ASCII
/// (ə/Ə→e, ı/I/İ→i, ş/Ş→s, ç/Ç→c, ğ/Ğ→g, ö/Ö→o, ü/Ü→u), and common Latin
/// accents too (é→e, â→a, ñ→n, ł→l, ...); typographic quotes, dashes, the
/// ellipsis and non-breaking spaces to their ASCII look-alikes (’→', —→-,
/// …→.), so `don't` finds `don’t`.
///
/// Exactly one output char per input char, so a char position in the folded
/// string is the same char position in the original.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(text.chars().map(fold_char));
    }
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = match c {
        // 'İ'.to_lowercase() is "i\u{307}"; say what we mean.
        'İ' | 'ı' => return 'i',
        // Typographic punctuation and spaces, as typed on a keyboard.
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => return ' ',
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => return '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => return '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => return '-',
        '…' => return '.',
        _ => c.to_lowercase().next().unwrap_or(c),
    };
    match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// The field of a record that a hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    OneLiner,
    Sector,
    Tag,
    Founder,
    Expertise,
    Venue,
    Body,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::OneLiner => "one_liner",
            Field::Sector => "sector",
            Field::Tag => "tag",
            Field::Founder => "founder",
            Field::Expertise => "expertise",
            Field::Venue => "venue",
            Field::Body => "body",
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
    pub field: Field,
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

/// A byte range in [`SearchIndex::arena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn new(start: usize, end: usize) -> Self {
        // Past 4 GiB of text the portfolio itself would not fit in memory.
        let at = |n: usize| u32::try_from(n).expect("the search index holds under 4 GiB of text");
        Span {
            start: at(start),
            end: at(end),
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy)]
struct Key {
    field: Field,
    /// Whether the folded text is ASCII.
    ascii: bool,
    /// For a body: the range of `SearchIndex::breaks` that holds the
    /// offsets of its line breaks in the folded text.
    breaks: (u32, u32),
    /// The ASCII chars that begin a word somewhere in the folded text (see
    /// `head_bit`), for bounds.
    heads: u64,
    /// The ASCII chars anywhere in the folded text (see `char_bits`): a
    /// query with a char it lacks cannot match, and is rejected at once.
    chars: u64,
    /// The original text.
    text: Span,
    /// The folded text; the same span as `text` when folding changes nothing.
    folded: Span,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: Kind,
    /// The record's place in its kind's list in what the index was built
    /// from (see [`Found::record`]).
    record: u32,
    id: Span,
    name: Span,
    startup: Option<Span>,
    /// Range into `SearchIndex::keys`; a name key, if any, comes first.
    keys_start: u32,
    keys_end: u32,
}

/// The order of kinds in results (and in the index).
const KIND_ORDER: [Kind; 5] = [
    Kind::Startup,
    Kind::Cohort,
    Kind::Mentor,
    Kind::DemoDay,
    Kind::Note,
];

fn kind_bit(kind: Kind) -> u8 {
    match kind {
        Kind::Startup => 1,
        Kind::Cohort => 2,
        Kind::Mentor => 4,
        Kind::DemoDay => 8,
        Kind::Note => 16,
    }
}

fn kind_mask(kinds: Option<&[Kind]>) -> u8 {
    match kinds {
        None => 0x1f,
        Some(kinds) => kinds.iter().fold(0, |mask, &k| mask | kind_bit(k)),
    }
}

/// The searchable text of a portfolio, folded once.
///
/// Holds its own copy of the searched text (original and, where it differs,
/// folded) in one arena, so it does not borrow the portfolio; rebuild it
/// when the portfolio changes. `Send + Sync`: one index can serve several
/// sessions.
pub struct SearchIndex {
    /// Every text the index holds, end to end.
    arena: String,
    keys: Vec<Key>,
    /// Where the lines of note bodies break (see `Key::breaks`), so that
    /// searching needs not look for them.
    breaks: Vec<u32>,
    /// Sorted by kind (in [`KIND_ORDER`]) and then natural id, so an entry's
    /// index is its tie-break rank.
    entries: Vec<Entry>,
    /// The entry range of each kind, in [`KIND_ORDER`].
    kind_ranges: [(u32, u32); 5],
    /// What the last queries could still match, per set of kinds (see
    /// [`SearchIndex::search`]); most recently used last.
    narrowing: std::sync::Mutex<Vec<(u8, Narrowing)>>,
    /// What the last queries of [`SearchIndex::search_list`] matched,
    /// each query extending the one before: a query typed one letter
    /// further tests only those.
    matched: std::sync::Mutex<Vec<MatchedBy>>,
}

/// The entries a folded query matched, of the kinds in `mask`, ascending.
struct MatchedBy {
    query: String,
    mask: u8,
    matched: Vec<Match>,
}

/// An entry that a query matches, and an upper bound of its name's score
/// for that query (`NO_NAME` when its name does not match).
#[derive(Debug, Clone, Copy)]
struct Match {
    entry: u32,
    name: i32,
}

const NO_NAME: i32 = i32::MIN;

/// Sets of kinds whose last queries an index remembers: the list filter's
/// and the palette's.
const NARROWINGS_KEPT: usize = 2;

/// From this many entries on, a search for at least `PARALLEL_LIMIT` hits
/// runs on both cores.
const PARALLEL_ENTRIES: usize = 8_000;
const PARALLEL_LIMIT: usize = 1_000;

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
    pub field: Field,
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

/// An entry that might match, with an upper bound of the score of its
/// fields other than its name (`i64::MAX` when unknown).
type Candidate = (u32, i64);

/// Entries to search: some listed with bounds, ascending; then whole ranges
/// of entries without a name (demo days, notes), never looked at, which
/// come after every listed one. A query whose name hits fill the limit
/// leaves the ranges as they are: a million notes cost nothing.
#[derive(Debug, Default, Clone)]
struct Entries {
    listed: Vec<Candidate>,
    untouched: Vec<(u32, u32)>,
}

/// One scored record while ranking.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: i64,
    entry: u32,
    /// Absolute index into `keys`.
    key: u32,
    /// For a body: the line that matched.
    line: u32,
}

fn rank_order(a: &Ranked, b: &Ranked) -> Ordering {
    b.score.cmp(&a.score).then(a.entry.cmp(&b.entry))
}

struct Builder {
    arena: String,
    keys: Vec<Key>,
    breaks: Vec<u32>,
    entries: Vec<Entry>,
}

impl Builder {
    /// Index startup `s`, at place `record` of its list: its id and name spans.
    fn add_startup(&mut self, record: usize, s: &Startup) -> (Span, Span) {
        let keys_start = self.keys.len();
        let id = self.push_str(&s.id);
        let name = self.push_str(&s.name);
        self.key_at(Field::Name, &s.name, name);
        self.key(Field::OneLiner, &s.one_liner);
        self.key(Field::Sector, &s.sector);
        for tag in &s.tags {
            self.key(Field::Tag, tag);
        }
        for founder in &s.founders {
            self.key(Field::Founder, &founder.name);
        }
        self.entry(Kind::Startup, record, id, name, None, keys_start);
        (id, name)
    }

    fn add_cohort(&mut self, record: usize, c: &Cohort) {
        let keys_start = self.keys.len();
        let id = self.push_str(&c.id);
        let name = self.push_str(&c.name);
        self.key_at(Field::Name, &c.name, name);
        self.entry(Kind::Cohort, record, id, name, None, keys_start);
    }

    fn add_mentor(&mut self, record: usize, m: &Mentor) {
        let keys_start = self.keys.len();
        let id = self.push_str(&m.id);
        let name = self.push_str(&m.name);
        self.key_at(Field::Name, &m.name, name);
        for tag in &m.expertise {
            self.key(Field::Expertise, tag);
        }
        self.entry(Kind::Mentor, record, id, name, None, keys_start);
    }

    fn add_demo_day(&mut self, record: usize, d: &DemoDay) {
        let keys_start = self.keys.len();
        let id = self.push_str(&d.id);
        let name = self.push_str(&format!("{} at ", d.at.format("%Y-%m-%d")));
        let venue = self.push_str(&d.venue);
        let name = Span {
            start: name.start,
            end: venue.end,
        };
        self.key_at(Field::Venue, &d.venue, venue);
        self.entry(Kind::DemoDay, record, id, name, None, keys_start);
    }

    /// Index note `n`, named after its startup (`startup`: that startup's
    /// id and name spans, when it is indexed; else its id names it).
    fn add_note(&mut self, record: usize, n: &Note, startup: Option<(Span, Span)>) {
        let keys_start = self.keys.len();
        let id = self.push_str(&n.id);
        let (startup, name) = startup.unwrap_or_else(|| {
            let id = self.push_str(&n.startup);
            (id, id)
        });
        self.key(Field::Body, &n.body);
        self.entry(Kind::Note, record, id, name, Some(startup), keys_start);
    }

    fn push_str(&mut self, text: &str) -> Span {
        let start = self.arena.len();
        self.arena.push_str(text);
        Span::new(start, self.arena.len())
    }

    /// A key whose original text, `original`, is already in the arena at
    /// `text`.
    fn key_at(&mut self, field: Field, original: &str, text: Span) {
        if original.is_empty() {
            return;
        }
        let folded = if original
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            let start = self.arena.len();
            fold_into(original, &mut self.arena);
            if self.arena[start..] == *original {
                self.arena.truncate(start);
                text
            } else {
                Span::new(start, self.arena.len())
            }
        } else {
            text
        };
        let folded_text = &self.arena[folded.range()];
        let ascii = folded_text.is_ascii();
        let first_break = to_u32(self.breaks.len());
        if field == Field::Body {
            self.breaks.extend(
                folded_text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| to_u32(i)),
            );
        }
        let heads = heads(folded_text);
        let chars = char_bits(folded_text);
        self.keys.push(Key {
            field,
            ascii,
            breaks: (first_break, to_u32(self.breaks.len())),
            heads,
            chars,
            text,
            folded,
        });
    }

    fn key(&mut self, field: Field, text: &str) {
        if text.is_empty() {
            return;
        }
        let span = self.push_str(text);
        self.key_at(field, text, span);
    }

    fn entry(
        &mut self,
        kind: Kind,
        record: usize,
        id: Span,
        name: Span,
        startup: Option<Span>,
        keys_start: usize,
    ) {
        self.entries.push(Entry {
            kind,
            record: to_u32(record),
            id,
            name,
            startup,
            keys_start: to_u32(keys_start),
            keys_end: to_u32(self.keys.len()),
        });
    }
}

/// The bit of an ASCII char in a `Key::heads` set (chars may share a bit,
/// which only loosens bounds); 0 for others, which bounds take as possibly
/// anywhere.
fn head_bit(c: char) -> u64 {
    if c.is_ascii() {
        1 << (c as u32 & 63)
    } else {
        0
    }
}

/// The set of ASCII chars in `text`, as `head_bit` places them; non-ASCII
/// chars are left out (a query's are not looked for).
fn char_bits(text: &str) -> u64 {
    text.bytes()
        .filter(u8::is_ascii)
        .fold(0, |set, b| set | head_bit(char::from(b)))
}

/// The ASCII chars of `folded` that skim gives an in-place bonus (the first
/// char of a word, or of a line, as each line is scored on its own).
fn heads(folded: &str) -> u64 {
    let mut set = 0;
    let mut prev = CharType::Empty;
    for c in folded.chars() {
        if c == '\n' {
            prev = CharType::Empty;
            continue;
        }
        let cur = type_of(c);
        if in_place_bonus(prev, cur) > 0 {
            set |= head_bit(c);
        }
        prev = cur;
    }
    set
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("the search index holds under 4 billion keys")
}

/// Indices of `items` sorted by natural id order (stable).
fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| natural_cmp(id(&items[a]), id(&items[b])));
    order
}

impl SearchIndex {
    /// Index every record of `portfolio`.
    pub fn build(portfolio: &Portfolio) -> SearchIndex {
        SearchIndex::build_with_notes(portfolio, &portfolio.notes)
    }

    /// Index `records` (their notes aside) and `notes`: for a session
    /// whose notes came apart from the other records (`Data::load_first`),
    /// without putting them together first.
    pub fn build_with_notes(records: &Portfolio, notes: &[Note]) -> SearchIndex {
        let portfolio = records;
        let records = portfolio.len() - portfolio.notes.len();
        let text_len: usize = notes.iter().map(|n| n.body.len() + n.id.len()).sum();
        let mut b = Builder {
            arena: String::with_capacity(text_len * 2 + portfolio.startups.len() * 256),
            keys: Vec::with_capacity(portfolio.startups.len() * 8 + records + notes.len()),
            breaks: Vec::new(),
            entries: Vec::with_capacity(records + notes.len()),
        };
        let mut kind_ranges = [(0u32, 0u32); 5];
        // Startup id -> (id span, name span), for notes.
        let mut startups: HashMap<&str, (Span, Span)> =
            HashMap::with_capacity(portfolio.startups.len());

        for (slot, kind) in KIND_ORDER.into_iter().enumerate() {
            let first = to_u32(b.entries.len());
            match kind {
                Kind::Startup => {
                    for i in by_id(&portfolio.startups, |s| &s.id) {
                        let s = &portfolio.startups[i];
                        let (id, name) = b.add_startup(i, s);
                        startups.entry(s.id.as_str()).or_insert((id, name));
                    }
                }
                Kind::Cohort => {
                    for i in by_id(&portfolio.cohorts, |c| &c.id) {
                        b.add_cohort(i, &portfolio.cohorts[i]);
                    }
                }
                Kind::Mentor => {
                    for i in by_id(&portfolio.mentors, |m| &m.id) {
                        b.add_mentor(i, &portfolio.mentors[i]);
                    }
                }
                Kind::DemoDay => {
                    for i in by_id(&portfolio.demo_days, |d| &d.id) {
                        b.add_demo_day(i, &portfolio.demo_days[i]);
                    }
                }
                Kind::Note => {
                    for i in by_id(notes, |n| &n.id) {
                        let n = &notes[i];
                        b.add_note(i, n, startups.get(n.startup.as_str()).copied());
                    }
                }
            }
            kind_ranges[slot] = (first, to_u32(b.entries.len()));
        }

        b.arena.shrink_to_fit();
        b.keys.shrink_to_fit();
        b.breaks.shrink_to_fit();
        SearchIndex {
            arena: b.arena,
            keys: b.keys,
            breaks: b.breaks,
            entries: b.entries,
            kind_ranges,
            narrowing: Default::default(),
            matched: Default::default(),
        }
    }

    /// The number of records indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Best hits first, at most one hit per record (its best field), only
    /// kinds in `kinds` (all when None), at most `limit`. An empty or
    /// all-whitespace query finds nothing.
    ///
    /// The index remembers what the last queries (per set of kinds) could
    /// still match, so a query typed one letter further searches only
    /// those, as [`IncrementalSearch`] does; the hits are the same.
    pub fn search(&self, query: &str, kinds: Option<&[Kind]>, limit: usize) -> Vec<Hit> {
        let folded = fold(query);
        let parsed = Query::new(&folded);
        if parsed.is_empty() || limit == 0 {
            return Vec::new();
        }
        let ranked = self.ranked(&folded, kind_mask(kinds), limit);
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
        let folded = fold(query);
        if Query::new(&folded).is_empty() || limit == 0 {
            return Vec::new();
        }
        self.ranked(&folded, kind_mask(kinds), limit)
            .iter()
            .map(|r| self.found(r))
            .collect()
    }

    /// What a list of `kind` filtered by `query` shows: every record that
    /// matches (what [`SearchIndex::search_found`] finds with no limit),
    /// and the best `first` of them ranked (what it finds with that
    /// limit). Only the matches are ranked, and with a short `first` few
    /// of them are scored: a list's first pages cost little at 100,000
    /// matches, where ranking them all costs more than a keystroke may.
    ///
    /// Like [`SearchIndex::search`], it remembers what the last queries
    /// matched: a query that extends one of them tests only its matches.
    pub fn search_list(&self, query: &str, kind: Kind, first: usize) -> Listed<'_> {
        let folded = fold(query);
        let query = Query::new(&folded);
        if query.is_empty() {
            return Listed::default();
        }
        let mask = kind_bit(kind);
        let matched = self.matched_entries(&folded, mask, &query);
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
        Listed {
            ranked: ranked.iter().map(|r| self.found(r)).collect(),
            matched: matched
                .iter()
                .map(|m| self.entries[m.entry as usize].record as usize)
                .collect(),
        }
    }

    /// The best `first` name hits of `matched`, best first, scoring only
    /// the names whose bound can still enter them.
    fn rank_names_of(&self, query: &Query, matched: &[Match], first: usize) -> Vec<Ranked> {
        let mut top = TopK::new(first, query.prunable);
        let mut scorer = Scorer::default();
        for m in matched.iter().filter(|m| m.name != NO_NAME) {
            let floor = top.floor(m.entry);
            if i64::from(m.name) < floor {
                continue;
            }
            let entry = &self.entries[m.entry as usize];
            let name = &self.keys[entry.keys_start as usize];
            let folded = self.str(name.folded);
            if let Outcome::Score(score) = scorer.score(folded, name.ascii, &query.words, floor) {
                top.offer(Ranked {
                    score,
                    entry: m.entry,
                    key: entry.keys_start,
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

    fn found(&self, r: &Ranked) -> Found<'_> {
        let entry = &self.entries[r.entry as usize];
        Found {
            kind: entry.kind,
            id: self.str(entry.id),
            record: entry.record as usize,
            field: self.keys[r.key as usize].field,
            score: r.score,
        }
    }

    /// The entries of the kinds in `mask` that the folded query matches,
    /// ascending.
    fn matched_entries(&self, folded: &str, mask: u8, query: &Query) -> Vec<Match> {
        match self.matched.try_lock() {
            Ok(mut memo) => self.matching_narrowed(&mut memo, folded, mask, query),
            // Another thread at it: test everything rather than wait.
            Err(_) => self.matching(&self.entries_of(mask), mask, query),
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
            })
            .collect()
    }

    /// Those of `entries` (ascending) of the kinds in `mask` that every word
    /// matches in one field (for a body: in one line), as a hit needs; on
    /// both cores when many.
    fn matching(&self, entries: &[Match], mask: u8, query: &Query) -> Vec<Match> {
        let keep = |part: &[Match]| -> Vec<Match> {
            part.iter()
                .filter_map(|m| {
                    let entry = &self.entries[m.entry as usize];
                    if mask & kind_bit(entry.kind) == 0 {
                        return None;
                    }
                    let name = self.entry_match(entry, query)?;
                    Some(Match {
                        entry: m.entry,
                        name,
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
    /// score, while its text is at hand; `NO_NAME` if the name does not
    /// match.
    fn entry_match(&self, entry: &Entry, query: &Query) -> Option<i32> {
        let matches = |key: &Key| {
            if !query.may_match(key) {
                false
            } else if key.field == Field::Body {
                self.body_lines(key)
                    .any(|line| all_subsequences(line, &query.words))
            } else {
                all_subsequences(self.str(key.folded), &query.words)
            }
        };
        let keys = self.entry_keys(entry);
        match keys.first() {
            Some(name) if name.field == Field::Name && matches(name) => {
                let bound = query.bound(self.str(name.folded), name.heads);
                Some(i32::try_from(bound).unwrap_or(i32::MAX))
            }
            _ => keys.iter().any(matches).then_some(NO_NAME),
        }
    }

    /// The ranked records for a folded, non-empty query, narrowing from
    /// an earlier query when one is remembered for these kinds.
    fn ranked(&self, folded: &str, mask: u8, limit: usize) -> Vec<Ranked> {
        // Another thread searching this index at the same moment: search
        // from scratch rather than wait.
        let Ok(mut cache) = self.narrowing.try_lock() else {
            let query = Query::new(folded);
            return self.rank(&query, self.all_entries(mask), mask, limit, None);
        };
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

    /// Every entry of the kinds in `mask`, its score unknown: those of
    /// kinds with names listed, the others (demo days, notes: most of the
    /// index) as whole ranges, not looked at until names leave room.
    fn all_entries(&self, mask: u8) -> Entries {
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

    fn str(&self, span: Span) -> &str {
        &self.arena[span.range()]
    }

    fn entry_keys(&self, entry: &Entry) -> &[Key] {
        &self.keys[entry.keys_start as usize..entry.keys_end as usize]
    }

    /// Search `entries` (ascending, of the kinds in `mask`), each with an
    /// upper bound of the score of its fields other than its name (`i64::MAX`
    /// when unknown): the best `limit`, best first. Every entry that might
    /// match this query or a longer one is added to `candidates` with such
    /// a bound, ascending. A long list is searched on both cores, half
    /// each: each half's best `limit` hold the best `limit` of the whole.
    fn rank(
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
            self.rank_others(query, &rest, &mut top, &mut scorer)
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
            let Some(name) = self
                .entry_keys(entry)
                .first()
                .filter(|k| k.field == Field::Name)
            else {
                rest.push((e, bound));
                continue;
            };
            if !query.may_match(name) {
                rest.push((e, bound));
                continue;
            }
            let folded = self.str(name.folded);
            let floor = if bounded { top.floor(e) } else { i64::MIN };
            if floor > i64::MIN && query.bound(folded, name.heads) < floor {
                // Out of reach, whether it matches or not.
                if want {
                    named.push((e, i64::MAX));
                }
                continue;
            }
            let score = match scorer.score(folded, name.ascii, &query.words, floor) {
                Outcome::NoMatch => {
                    rest.push((e, bound));
                    continue;
                }
                Outcome::Below => None,
                Outcome::Score(score) => Some(score),
            };
            // Its other fields were not looked at.
            if want {
                named.push((e, i64::MAX));
            }
            if let Some(score) = score {
                let hit = Ranked {
                    score,
                    entry: e,
                    key: entry.keys_start,
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
                if key.field == Field::Name || !query.may_match(key) {
                    continue;
                }
                let folded = self.str(key.folded);
                let body = key.field == Field::Body;
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

    /// The lines of a body's folded text, as `split('\n')` gives them.
    fn body_lines<'s>(&'s self, key: &Key) -> impl Iterator<Item = &'s str> + 's {
        let folded = self.str(key.folded);
        let breaks = &self.breaks[key.breaks.0 as usize..key.breaks.1 as usize];
        let mut start = 0;
        breaks
            .iter()
            .map(|&b| b as usize)
            .chain(std::iter::once(folded.len()))
            .map(move |end| {
                let line = &folded[start..end];
                start = end + 1;
                line
            })
    }

    fn hit(&self, r: &Ranked, words: &[Word], scorer: &mut Scorer) -> Hit {
        let entry = &self.entries[r.entry as usize];
        let key = &self.keys[r.key as usize];
        let (text, folded) = if key.field == Field::Body {
            let line = r.line as usize;
            let text = self.str(key.text).split('\n').nth(line).unwrap_or_default();
            let folded = self.body_lines(key).nth(line).unwrap_or_default();
            (text.strip_suffix('\r').unwrap_or(text), folded)
        } else {
            (self.str(key.text), self.str(key.folded))
        };
        let positions = scorer.positions(folded, key.ascii, words);
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
            let bonus = if key.field == Field::Name {
                NAME_BONUS
            } else {
                0
            };
            debug_assert_eq!(
                skim_score + bonus,
                r.score,
                "skim scores {folded:?} otherwise"
            );
            debug_assert_eq!(positions, expected, "skim places {folded:?} otherwise");
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
    fn hits(&self, ranked: &[Ranked], words: &[Word]) -> Vec<Hit> {
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

/// `work` on each half of `items`, the halves on two threads; the results
/// in the order of `items`.
fn on_both_cores<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
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

/// From this many hits on, `SearchIndex::hits` uses a second thread.
const PARALLEL_HITS: usize = 2_000;

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

/// Whether every word is a subsequence of `hay` (its chars in order, gaps
/// allowed): exactly when skim finds a match, but much cheaper to ask.
#[inline]
fn all_subsequences(hay: &str, words: &[Word]) -> bool {
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
const MAX_PRUNED_QUERY: usize = 512;

/// One word of a folded query.
struct Word<'q> {
    text: &'q str,
    ascii: bool,
    first: char,
    /// An upper bound of the word's score against a text that does not
    /// start with `first`, from skim's recurrences: the first char earns
    /// at most `16 - 1 + 8` (8 more in the first column); each further char
    /// at most `16 + max(in-place bonus, 4)` right after the previous one
    /// (whose type fixes that bonus), and at most `16 + 8 - 4` after a gap,
    /// which is never more. `tail` holds the further chars' part.
    bound: i64,
    /// `tail[i]`: an upper bound of what the chars after the i-th add.
    tail: Vec<i32>,
}

impl<'q> Word<'q> {
    fn new(text: &'q str) -> Self {
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
    fn may_head(&self, heads: u64) -> bool {
        let bit = head_bit(self.first);
        bit == 0 || heads & bit != 0
    }

    /// An upper bound of the word's score against `text`, of a key with
    /// these `heads`.
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
    fn max_bound(&self, heads: u64) -> i64 {
        if self.may_head(heads) {
            self.bound + FIRST_COLUMN_EXTRA
        } else {
            self.bound - i64::from(BONUS_HEAD)
        }
    }
}

/// A folded query: its words, and bounds of their scores.
struct Query<'q> {
    words: Vec<Word<'q>>,
    /// The ASCII chars of the words (see `char_bits`).
    chars: u64,
    /// Whether scores may be bounded to skip work (see `MAX_PRUNED_QUERY`).
    prunable: bool,
}

impl<'q> Query<'q> {
    fn new(folded: &'q str) -> Self {
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
    fn may_match(&self, key: &Key) -> bool {
        self.chars & !key.chars == 0
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// An upper bound of the score against `text` (a key's text, or a line
    /// of it), of a key with these `heads`.
    fn bound(&self, text: &str, heads: u64) -> i64 {
        if !self.prunable {
            return i64::MAX;
        }
        self.words.iter().map(|w| w.bound(text, heads)).sum()
    }

    /// An upper bound of the score against any line of a key with these
    /// `heads`.
    fn max_bound(&self, heads: u64) -> i64 {
        if !self.prunable {
            return i64::MAX;
        }
        self.words.iter().map(|w| w.max_bound(heads)).sum()
    }
}

/// What a match in the very first column earns above one elsewhere.
const FIRST_COLUMN_EXTRA: i64 = (BONUS_HEAD * (BONUS_FIRST_CHAR_MULTIPLIER - 1)) as i64;

/// The best non-name hits so far, at most `k`; the worst of them sets the
/// floor below which nothing is worth scoring.
struct TopK {
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
    fn new(k: usize, prunable: bool) -> Self {
        TopK {
            k,
            prunable,
            heap: BinaryHeap::with_capacity(k.min(1024) + 1),
        }
    }

    /// The least score with which a hit of `entry` would enter now.
    fn floor(&self, entry: u32) -> i64 {
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

    fn offer(&mut self, hit: Ranked) {
        if self.heap.len() < self.k {
            self.heap.push(Worst(hit));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && rank_order(&hit, &worst.0) == Ordering::Less
        {
            *worst = Worst(hit);
        }
    }
}

// skim's scoring: `fuzzy_matcher::skim::SkimMatcherV2` with its default
// `SkimScoreConfig`, case respected (keys and query are folded already).
//
// Why not rank by calling skim: (1) `SkimMatcherV2` keeps its score matrix
// in a per-thread cache that it does not fully reset, so the same choice
// and pattern can score differently depending on earlier calls (by a few
// points, in about 1 match in 1,000), and an incremental search makes other
// earlier calls than a full one; (2) each call decodes, allocates and fills
// 16-byte cells: too slow for 100,000 note bodies per keystroke. `Scorer`
// computes what a fresh `SkimMatcherV2` computes (the tests check it
// against one), without allocating, and can stop early when a floor is out
// of reach. The positions of the returned hits still come from skim's own
// `fuzzy_indices`, on a fresh matcher.

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

const fn char_type(ch: char) -> CharType {
    match ch {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

const fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
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
enum Outcome {
    /// Some word does not match.
    NoMatch,
    /// All words match, but their score is below the floor.
    Below,
    /// The sum of the words' scores (which may be below the floor too).
    Score(i64),
}

/// Scratch space for scoring, reused from key to key within one search.
#[derive(Default)]
struct Scorer {
    text: Vec<char>,
    word: Vec<char>,
    /// The first place each char of each word can go, word after word.
    first: Vec<usize>,
    dp: Dp,
}

impl Scorer {
    /// The sum of the words' skim scores against `text` (`ascii` if it is);
    /// `Below` as soon as that sum is known to be below `floor`.
    fn score(&mut self, text: &str, ascii: bool, words: &[Word], floor: i64) -> Outcome {
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
            Outcome::Score(sum.total)
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
            Outcome::Score(sum.total)
        }
    }
}

impl Scorer {
    /// The char positions in `text` (`ascii` if it is) of each word's
    /// match, as skim's `fuzzy_indices` places them, merged ascending. A
    /// word that does not match adds none.
    fn positions(&mut self, text: &str, ascii: bool, words: &[Word]) -> Vec<usize> {
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
fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
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

fn ascii_type(b: u8) -> CharType {
    ASCII_TYPES[usize::from(b & 0x7f)]
}

/// `char_type`, by table: skim's types differ only among ASCII chars.
fn type_of(c: char) -> CharType {
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
const LOWEST_FLOOR: i64 = NEG_INFINITY as i64 / 2;

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

/// Search as the user types: when the new query extends an earlier one
/// (and the kinds are the same or fewer), only the records that could still
/// match are searched again, and those that scored too low then to make the
/// top now are skipped. The states of the queries typed on the way are kept
/// (within a budget), so deleting back to one of them is cheap too. Returns
/// exactly what [`SearchIndex::search`] would.
pub struct IncrementalSearch<'a> {
    index: &'a SearchIndex,
    narrowing: Narrowing,
}

/// The states of the queries typed on the way to the last one.
#[derive(Default)]
struct Narrowing {
    /// Each state's query extends the one below it.
    states: Vec<State>,
}

struct State {
    /// The folded query.
    query: String,
    mask: u8,
    /// Every entry that might match the query or a longer one, with an upper
    /// bound of its score for the query.
    candidates: Entries,
}

/// At most this many candidates per indexed record are kept in all states
/// together; the oldest states (the shortest queries, which have the most
/// candidates and are fast to search again anyway) go first.
const KEPT_CANDIDATES_PER_RECORD: usize = 4;

impl<'a> IncrementalSearch<'a> {
    pub fn new(index: &'a SearchIndex) -> Self {
        IncrementalSearch {
            index,
            narrowing: Narrowing::default(),
        }
    }

    pub fn update(&mut self, query: &str, kinds: Option<&[Kind]>, limit: usize) -> Vec<Hit> {
        let folded = fold(query);
        let parsed = Query::new(&folded);
        if parsed.is_empty() {
            self.narrowing.states.clear();
            return Vec::new();
        }
        let ranked = self
            .narrowing
            .ranked(self.index, &folded, kind_mask(kinds), limit);
        self.index.hits(&ranked, &parsed.words)
    }
}

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
        if self
            .states
            .last()
            .is_some_and(|s| s.query == folded && s.mask == mask)
        {
            self.states.pop();
        }
        self.states.push(State {
            query: folded.to_string(),
            mask,
            candidates: next,
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

/// The chars of `text` that `query` marks, as a hit on `text` would
/// (a [`Hit`]'s `positions`): for highlighting only the rows on screen of
/// a list searched with [`SearchIndex::search_found`]. Char indices,
/// ascending; none when the query is empty.
/// Nothing when some word does not match `text` (a hit on `text` needs
/// every word to).
pub fn match_positions(query: &str, text: &str) -> Vec<usize> {
    let query = fold(query);
    let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
    let folded = fold(text);
    if words.is_empty() || !all_subsequences(&folded, &words) {
        return Vec::new();
    }
    Scorer::default().positions(&folded, folded.is_ascii(), &words)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{cohort, demo_day, mentor, note, startup};
    use crate::model::{Founder, Portfolio};

    fn founder(name: &str) -> Founder {
        Founder {
            name: name.into(),
            email: String::new(),
            role: "CEO".into(),
        }
    }

    /// The characters of `text` at `positions`.
    fn marked(hit: &Hit) -> String {
        let chars: Vec<char> = hit.text.chars().collect();
        hit.positions.iter().map(|&i| chars[i]).collect()
    }

    fn sample() -> Portfolio {
        let mut s1 = startup("s1");
        s1.name = "Xəzər Solar".into();
        s1.one_liner = "Rent-to-own rooftop solar for family homes".into();
        s1.sector = "cleantech".into();
        s1.tags = vec!["solar".into(), "hardware".into()];
        s1.founders = vec![founder("Şəmsiyyə Rəhimova"), founder("Tural Həsənov")];
        let mut s2 = startup("s2");
        s2.name = "Çingiz Carpets".into();
        s2.one_liner = "Quba carpets shipped to Seoul".into();
        s2.sector = "ecommerce".into();
        let mut s10 = startup("s10");
        s10.name = "Solarix".into();
        let mut m1 = mentor("m1", 3);
        m1.name = "ÇİNGİZ Məmmədov".into();
        m1.expertise = vec!["fintech".into(), "payments".into()];
        let mut c1 = cohort("c1", "2025-09-08", "2025-12-19");
        c1.name = "Autumn 2025 Incubation".into();
        let mut d1 = demo_day("d1", "c1", &["s1"]);
        d1.venue = "Ağ Şəhər hall".into();
        Portfolio {
            cohorts: vec![c1],
            mentors: vec![m1],
            startups: vec![s10, s2, s1],
            demo_days: vec![d1],
            notes: vec![
                note(
                    "n1",
                    "s1",
                    "Walked the roof in Mərdəkan.\r\nNext: two quotes for the ŞƏBƏKƏ inverter.\nDone.",
                ),
                note("n2", "s2", "Customs for carpets to Korea."),
                note("n3", "s404", "A note about solar panels."),
            ],
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::build(&sample())
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("Şəmsiyyə Rəhimova"), "semsiyye rehimova");
        assert_eq!(fold("ÇİNGİZ Iğdır Ölüş"), "cingiz igdir olus");
        assert_eq!(
            fold("Café Crème, São Paulo, Łódź"),
            "cafe creme, sao paulo, lodz"
        );
        assert_eq!(fold("“Don’t” — ok…\u{a0}"), "\"don't\" - ok. ");
        for text in ["İİİ", "ẞtraße", "Ǆemal", "e\u{301}", "日本語", "ΣΑΣ"] {
            assert_eq!(fold(text).chars().count(), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn ascii_query_finds_azerbaijani_founder() {
        let hits = index().search("semsiyye", None, 10);
        assert_eq!(hits.len(), 1, "{hits:#?}");
        let hit = &hits[0];
        assert_eq!((hit.kind, hit.id.as_str()), (Kind::Startup, "s1"));
        assert_eq!(hit.name, "Xəzər Solar");
        assert_eq!(hit.field, Field::Founder);
        assert_eq!(hit.text, "Şəmsiyyə Rəhimova");
        assert_eq!(marked(hit), "Şəmsiyyə");
    }

    #[test]
    fn ascii_query_finds_azerbaijani_mentor() {
        let mut p = sample();
        p.mentors[0].name = "Şəmsiyyə Rəhimova".into();
        let hits = SearchIndex::build(&p).search("semsiyye", Some(&[Kind::Mentor]), 10);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].id.as_str(), hits[0].field), ("m1", Field::Name));
        assert_eq!(marked(&hits[0]), "Şəmsiyyə");
    }

    #[test]
    fn upper_case_turkish_query_finds_mixed_case_name() {
        let hits = index().search("ÇİNGİZ", None, 10);
        let found: Vec<(&str, Field)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
        // Both are name hits; the startup wins the tie on kind.
        assert_eq!(found, [("s2", Field::Name), ("m1", Field::Name)]);
        assert_eq!(marked(&hits[0]), "Çingiz");
        assert_eq!(marked(&hits[1]), "ÇİNGİZ");
    }

    #[test]
    fn name_hits_rank_above_other_fields() {
        // "solar" is in two startups' names (s1's tag and one-liner too, but
        // a record gives one hit: its best field) and in a note's body.
        let hits = index().search("solar", None, 10);
        let found: Vec<(&str, Field)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
        assert_eq!(found[..2], [("s10", Field::Name), ("s1", Field::Name)]);
        assert_eq!(found[2..], [("n3", Field::Body)]);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));

        // A poor fuzzy name match still beats exact one-liner and body matches.
        let mut p = Portfolio::default();
        let mut weak = startup("s9");
        weak.name = "Crème Arpets Pizza Tea Sauce".into();
        let mut exact = startup("s1");
        exact.one_liner = "carpets".into();
        p.startups = vec![exact, weak];
        p.notes.push(note("n1", "s1", "carpets"));
        let hits = SearchIndex::build(&p).search("carpets", None, 10);
        let found: Vec<(&str, Field)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
        assert_eq!(
            found,
            [
                ("s9", Field::Name),
                ("s1", Field::OneLiner),
                ("n1", Field::Body)
            ]
        );
        assert_eq!(marked(&hits[0]), "CArpets");
        assert!(hits[0].score - NAME_BONUS < hits[1].score, "{hits:#?}");
    }

    #[test]
    fn one_hit_per_record_with_its_best_field() {
        let hits = index().search("solar", Some(&[Kind::Startup]), 10);
        assert_eq!(hits.iter().filter(|h| h.id == "s1").count(), 1);
        let hits = index().search("hardware", None, 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].field, hits[0].text.as_str()),
            (Field::Tag, "hardware")
        );
    }

    #[test]
    fn kinds_filter_limits_what_is_found() {
        let idx = index();
        let hits = idx.search("cingiz", Some(&[Kind::Mentor]), 10);
        assert_eq!(
            hits.iter().map(|h| h.kind).collect::<Vec<_>>(),
            [Kind::Mentor]
        );
        let hits = idx.search("solar", Some(&[Kind::Note, Kind::DemoDay]), 10);
        assert!(hits.iter().all(|h| h.kind == Kind::Note), "{hits:#?}");
        assert_eq!(hits.len(), 1);
        assert!(idx.search("solar", Some(&[]), 10).is_empty());
    }

    #[test]
    fn limit_keeps_the_best() {
        let idx = index();
        let all = idx.search("s", None, 100);
        assert!(all.len() > 3);
        for limit in 0..all.len() + 2 {
            let some = idx.search("s", None, limit);
            assert_eq!(some, all[..limit.min(all.len())], "limit {limit}");
        }
    }

    #[test]
    fn empty_query_finds_nothing() {
        let idx = index();
        assert!(idx.search("", None, 10).is_empty());
        assert!(idx.search(" \t ", None, 10).is_empty());
        assert!(idx.search("zzzz", None, 10).is_empty());
    }

    #[test]
    fn positions_point_into_the_original_text() {
        let hits = index().search("ag seh", None, 10);
        assert_eq!(hits.len(), 1, "{hits:#?}");
        let hit = &hits[0];
        assert_eq!((hit.kind, hit.field), (Kind::DemoDay, Field::Venue));
        assert_eq!(hit.name, "2026-06-25 at Ağ Şəhər hall");
        assert_eq!(hit.text, "Ağ Şəhər hall");
        assert_eq!(hit.positions, [0, 1, 3, 4, 5]);
        assert_eq!(marked(hit), "AğŞəh");
    }

    #[test]
    fn words_match_in_any_order_within_one_field() {
        let idx = index();
        let hits = idx.search("rehimova SEMS", None, 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].field, Field::Founder);
        assert_eq!(marked(&hits[0]), "ŞəmsRəhimova");
        // Name and sector words do not combine across fields.
        assert!(idx.search("xezer cleantech", None, 10).is_empty());
    }

    #[test]
    fn note_hit_names_its_startup_and_shows_the_matching_line() {
        let idx = index();
        let hits = idx.search("sebeke", None, 10);
        assert_eq!(hits.len(), 1, "{hits:#?}");
        let hit = &hits[0];
        assert_eq!(
            (hit.kind, hit.id.as_str(), hit.field),
            (Kind::Note, "n1", Field::Body)
        );
        assert_eq!(hit.name, "Xəzər Solar");
        assert_eq!(hit.startup.as_deref(), Some("s1"));
        assert_eq!(hit.text, "Next: two quotes for the ŞƏBƏKƏ inverter.");
        assert_eq!(marked(hit), "ŞƏBƏKƏ");

        let hit = &idx.search("merdekan", None, 10)[0];
        assert_eq!(hit.text, "Walked the roof in Mərdəkan.");
        assert_eq!(marked(hit), "Mərdəkan");

        // Words of one query must meet in one line of a body.
        assert!(idx.search("merdekan inverter", None, 10).is_empty());

        // A note of an unknown startup is named by the startup's id.
        let hit = &idx.search("panels", None, 10)[0];
        assert_eq!(
            (hit.name.as_str(), hit.startup.as_deref()),
            ("s404", Some("s404"))
        );
    }

    #[test]
    fn ties_break_by_kind_then_natural_id() {
        let mut p = Portfolio::default();
        for id in ["s10", "s2", "s1"] {
            let mut s = startup(id);
            s.name = "Delta".into();
            p.startups.push(s);
        }
        let mut m = mentor("m1", 1);
        m.name = "Delta".into();
        p.mentors.push(m);
        let mut c = cohort("c1", "2025-01-01", "2025-02-01");
        c.name = "Delta".into();
        p.cohorts.push(c);
        let hits = SearchIndex::build(&p).search("delta", None, 10);
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["s1", "s2", "s10", "c1", "m1"]);
    }

    #[test]
    fn index_counts_records_and_can_be_shared() {
        fn shareable<T: Send + Sync>() {}
        shareable::<SearchIndex>();
        let idx = index();
        assert_eq!(idx.len(), sample().len());
        assert!(!idx.is_empty());
        assert!(SearchIndex::build(&Portfolio::default()).is_empty());
    }

    #[test]
    fn incremental_search_returns_what_search_returns() {
        let idx = index();
        let mut typing = IncrementalSearch::new(&idx);
        let kinds: [Option<&[Kind]>; 3] = [
            None,
            Some(&[Kind::Note]),
            Some(&[Kind::Startup, Kind::Note]),
        ];
        let queries = [
            "s",
            "so",
            "sol",
            "sola",
            "solar",
            "sol",
            "",
            "c",
            "ca",
            "car",
            "carp",
            "carp ",
            "carp k",
            "carp ko",
            "Ş",
            "Şə",
            "Şəm",
            "semsiyye",
            "semsiyye r",
            "x",
            "xə",
            "xəz",
        ];
        for limit in [1, 2, 10] {
            for k in kinds {
                for q in queries {
                    assert_eq!(
                        typing.update(q, k, limit),
                        idx.search(q, k, limit),
                        "{q:?} {k:?} {limit}"
                    );
                }
            }
        }
    }

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
            let expected = skim.fuzzy_indices(&choice, pattern).map(|(score, _)| score);
            assert_eq!(
                scored(scorer.score(&choice, true, &[Word::new(pattern)], i64::MIN)),
                expected,
                "{pattern}"
            );
        }
    }

    fn scored(outcome: Outcome) -> Option<i64> {
        match outcome {
            Outcome::Score(score) => Some(score),
            Outcome::NoMatch => None,
            Outcome::Below => panic!("no floor, yet below it"),
        }
    }

    /// Every field of every entry scored, sorted, cut: what `search` must
    /// return, however it prunes.
    fn brute_force(
        idx: &SearchIndex,
        query: &str,
        limit: usize,
    ) -> Vec<(String, Field, i64, String)> {
        let folded = fold(query);
        let query = Query::new(&folded);
        let mut scorer = Scorer::default();
        let mut ranked = Vec::new();
        for (e, entry) in idx.entries.iter().enumerate() {
            let mut best: Option<(i64, usize, usize)> = None;
            for (i, key) in idx.entry_keys(entry).iter().enumerate() {
                let folded = idx.str(key.folded);
                let lines: Vec<&str> = if key.field == Field::Body {
                    folded.split('\n').collect()
                } else {
                    vec![folded]
                };
                for (n, line) in lines.into_iter().enumerate() {
                    if let Outcome::Score(mut score) =
                        scorer.score(line, line.is_ascii(), &query.words, i64::MIN)
                    {
                        if key.field == Field::Name {
                            score += NAME_BONUS;
                        }
                        if best.is_none_or(|(b, _, _)| score > b) {
                            best = Some((score, i, n));
                        }
                    }
                }
            }
            if let Some((score, i, n)) = best {
                ranked.push(Ranked {
                    score,
                    entry: e as u32,
                    key: entry.keys_start + i as u32,
                    line: n as u32,
                });
            }
        }
        ranked.sort_by(rank_order);
        ranked.truncate(limit);
        ranked
            .iter()
            .map(|r| {
                let h = idx.hit(r, &query.words, &mut Scorer::default());
                (h.id, h.field, h.score, h.text)
            })
            .collect()
    }

    #[test]
    fn found_and_highlights_agree_with_hits_on_a_generated_portfolio() {
        // Debug builds check every hit's positions against skim's own.
        let p = crate::generate::portfolio(400, 3);
        let idx = SearchIndex::build(&p);
        for query in [
            "s", "se", "sebeke", "xezer", "서울", "baku pay", "ş", "İnci", "zzz",
        ] {
            for kinds in [None, Some(&[Kind::Startup][..])] {
                let hits = idx.search(query, kinds, usize::MAX);
                let found = idx.search_found(query, kinds, usize::MAX);
                let ids: Vec<(&str, Field)> =
                    hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
                let found_ids: Vec<(&str, Field)> = found.iter().map(|f| (f.id, f.field)).collect();
                assert_eq!(ids, found_ids, "{query:?}");
                for hit in hits.iter().filter(|h| h.field == Field::Name) {
                    assert_eq!(
                        match_positions(query, &hit.text),
                        hit.positions,
                        "{query:?}"
                    );
                }
                // From scratch, as a fresh index would answer.
                let fresh = SearchIndex::build(&p).search(query, kinds, usize::MAX);
                assert_eq!(hits, fresh, "{query:?}");
            }
        }
        assert!(match_positions("zzz", "Şəbəkə Pay").is_empty());
        assert_eq!(match_positions("sp", "Şəbəkə Pay"), vec![0, 7]);
    }

    /// What `search_list` makes of `query` over `kind`, checked against
    /// what `search_found` finds with no limit: the same records matched,
    /// and each `first` ranked (on an index searched by `idx` before, so
    /// narrowing) the first of the whole ranking.
    fn assert_listed_as_found(idx: &SearchIndex, query: &str, kind: Kind, first: usize) {
        let fresh = SearchIndex::build_copy(idx);
        let all = fresh.search_found(query, Some(&[kind]), usize::MAX);
        let listed = idx.search_list(query, kind, first);
        let mut want: Vec<usize> = all.iter().map(|f| f.record).collect();
        want.sort_unstable();
        let mut got = listed.matched.clone();
        got.sort_unstable();
        assert_eq!(got, want, "{query:?} {kind:?}: the records matched");
        assert_eq!(
            listed.ranked[..],
            all[..first.min(all.len())],
            "{query:?} {kind:?} {first}: the first ranked"
        );
    }

    impl SearchIndex {
        /// A fresh index over the same text (nothing remembered).
        fn build_copy(idx: &SearchIndex) -> SearchIndex {
            SearchIndex {
                arena: idx.arena.clone(),
                keys: idx.keys.clone(),
                breaks: idx.breaks.clone(),
                entries: idx.entries.clone(),
                kind_ranges: idx.kind_ranges,
                narrowing: Default::default(),
                matched: Default::default(),
            }
        }
    }

    #[test]
    fn a_list_matches_and_ranks_first_what_the_whole_ranking_does() {
        // Large enough that matching and ranking run on both cores.
        let p = crate::generate::portfolio(2_000, 5);
        let idx = SearchIndex::build(&p);
        let typed = [
            "s",
            "se",
            "seb",
            "sebeke",
            "xezer",
            "xezer hub",
            "xezer hub 1",
            "서울",
            "zzz",
            "pay",
            "pay 1",
            "pa",
        ];
        for kind in KIND_ORDER {
            for query in typed {
                for first in [0, 1, 3, 40, 1_500, usize::MAX] {
                    assert_listed_as_found(&idx, query, kind, first);
                }
            }
        }
        // A record's place is its place in the portfolio's list.
        for f in idx.search_found("s", None, usize::MAX) {
            assert_eq!(p.id_at(f.kind, f.record), Some(f.id));
        }
    }

    #[test]
    fn char_types_by_table_are_skims() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(type_of(c), char_type(c), "{c:?}");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            proptest::string::string_regex("[abcəşçİI \n]{0,12}").unwrap()
        }

        prop_compose! {
            fn portfolio()(names in proptest::collection::vec(text(), 0..8),
                           bodies in proptest::collection::vec(
                               proptest::string::string_regex("([abcəş .-]{0,10}\n?){0,5}").unwrap(),
                               0..30)) -> Portfolio {
                let mut p = Portfolio::default();
                for (i, name) in names.into_iter().enumerate() {
                    let mut s = startup(&format!("s{i}"));
                    s.name = name.clone();
                    s.tags = vec![name.chars().rev().collect()];
                    p.startups.push(s);
                    let mut m = mentor(&format!("m{i}"), 1);
                    m.expertise = vec![name];
                    p.mentors.push(m);
                }
                for (i, body) in bodies.into_iter().enumerate() {
                    p.notes.push(note(&format!("n{i}"), &format!("s{i}"), &body));
                }
                p
            }
        }

        /// The query after each step typed: `<` takes the last char back,
        /// anything else is typed on.
        fn as_typed(steps: &[String]) -> Vec<String> {
            let mut query = String::new();
            steps
                .iter()
                .map(|step| {
                    if step == "<" {
                        query.pop();
                    } else {
                        query.push_str(step);
                    }
                    query.clone()
                })
                .collect()
        }

        proptest! {
            #[test]
            fn typing_matches_searching(
                p in portfolio(),
                typed in proptest::collection::vec(
                    proptest::string::string_regex("[abcəşçI .]{1,3}|<").unwrap(), 1..12),
                limit in 0usize..6,
                notes_only in any::<bool>(),
            ) {
                let idx = SearchIndex::build(&p);
                let mut typing = IncrementalSearch::new(&idx);
                let kinds: Option<&[Kind]> = if notes_only { Some(&[Kind::Note]) } else { None };
                for query in as_typed(&typed) {
                    let hits = typing.update(&query, kinds, limit);
                    prop_assert_eq!(&hits, &idx.search(&query, kinds, limit));
                    for hit in &hits {
                        let n = hit.text.chars().count();
                        prop_assert!(hit.positions.iter().all(|&i| i < n));
                        if hit.field == Field::Body {
                            prop_assert!(!hit.text.contains('\n'));
                        }
                    }
                }
            }

            #[test]
            fn a_list_shows_what_searching_finds(
                p in portfolio(),
                typed in proptest::collection::vec(
                    proptest::string::string_regex("[abcəşçI .\n]{1,3}|<").unwrap(), 1..8),
                first in 0usize..6,
                kind in proptest::sample::select(KIND_ORDER.to_vec()),
            ) {
                let idx = SearchIndex::build(&p);
                for query in as_typed(&typed) {
                    assert_listed_as_found(&idx, &query, kind, first);
                }
            }

            #[test]
            fn scorer_agrees_with_a_fresh_skim_matcher(
                choice in proptest::string::string_regex("[abAB1 ./_(\\x00-əŞ]{0,40}").unwrap(),
                pattern in proptest::string::string_regex("[abAB1 ./_(-əŞ]{1,6}").unwrap(),
                floor in -40i64..200,
            ) {
                let skim = SkimMatcherV2::default().respect_case();
                let expected = skim.fuzzy_indices(&choice, &pattern).map(|(score, _)| score);
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
                    }
                }
            }

            #[test]
            fn search_equals_brute_force(
                names in proptest::collection::vec(text(), 0..6),
                bodies in proptest::collection::vec(
                    proptest::string::string_regex("([abcəş .-]{0,8}\n?){0,6}").unwrap(), 0..30),
                query in proptest::string::string_regex("[abcəş.-]{1,3}( [abc]{1,2})?").unwrap(),
                limit in 1usize..8,
            ) {
                let mut p = Portfolio::default();
                for (i, name) in names.into_iter().enumerate() {
                    let mut s = startup(&format!("s{i}"));
                    s.one_liner = name.clone();
                    s.name = name.chars().take(3).collect();
                    p.startups.push(s);
                }
                for (i, body) in bodies.into_iter().enumerate() {
                    p.notes.push(note(&format!("n{i}"), "s0", &body));
                }
                let idx = SearchIndex::build(&p);
                let got: Vec<(String, Field, i64, String)> = idx
                    .search(&query, None, limit)
                    .into_iter()
                    .map(|h| (h.id, h.field, h.score, h.text))
                    .collect();
                prop_assert_eq!(got, brute_force(&idx, &query, limit));
            }

            #[test]
            fn find_byte_finds_the_first(hay in proptest::collection::vec(0u8..4, 0..40), needle in 0u8..4) {
                prop_assert_eq!(find_byte(&hay, needle), hay.iter().position(|&b| b == needle));
            }

            #[test]
            fn fold_is_one_char_per_char(text in any::<String>()) {
                prop_assert_eq!(fold(&text).chars().count(), text.chars().count());
                prop_assert_eq!(fold(&fold(&text)), fold(&text));
            }
        }
    }
}
