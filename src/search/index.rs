//! The index: every searched text of a portfolio, original and folded, in
//! one arena, with an entry per record in result order, and how a build
//! makes it.

use std::borrow::Cow;
use std::collections::HashMap;

use super::hit::MatchedField;
use super::narrow::next_stamp;
use super::scorer::{CharType, in_place_bonus, type_of};
use crate::model::{Cohort, DemoDay, Kind, Mentor, Note, Portfolio, Startup, natural_cmp};
use crate::text::{alias, fold_into};

/// A byte range in [`SearchIndex::arena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
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

    #[inline]
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A char of a key's original text that folding changed: at byte `at` of
/// the folded text, `original` was there (folding maps one char to one).
#[derive(Debug, Clone, Copy)]
pub(super) struct Patch {
    at: u32,
    original: char,
}

/// Where a key's original text is: in the arena, or its folded text with
/// the chars folding changed put back (`SearchIndex::patches`, a range) —
/// a note body's few capitals in a few bytes rather than a second copy.
#[derive(Debug, Clone, Copy)]
pub(super) enum Original {
    Text(Span),
    Patched(u32, u32),
}

/// One searched field of a record (a name, a tag, a note body, ...): its
/// folded text in the arena, its original text, and what lets a query pass
/// it by without reading it.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldText {
    pub(super) field: MatchedField,
    /// Whether the folded text is ASCII.
    pub(super) ascii: bool,
    /// Whether this key is another spelling of the key before it (see
    /// [`crate::text::alias`]): the same field and original text, folded
    /// otherwise; a hit on it shows that text, with no positions.
    pub(super) alias: bool,
    /// For a body: the range of `SearchIndex::breaks` that holds the
    /// offsets of its line breaks in the folded text.
    breaks: (u32, u32),
    /// The ASCII chars that begin a word somewhere in the folded text (see
    /// `head_bit`), for bounds.
    pub(super) heads: u64,
    /// The ASCII chars anywhere in the folded text (see `char_bits`): a
    /// query with a char it lacks cannot match, and is rejected at once.
    pub(super) chars: u64,
    /// The original text; the folded text's span when folding changes nothing.
    pub(super) text: Original,
    /// The folded text.
    pub(super) folded: Span,
}

/// One record: its id and name, and the range of its fields.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) kind: Kind,
    /// The record's place in its kind's list in what the index was built
    /// from (see [`Found::record`](super::Found::record)).
    pub(super) record: u32,
    pub(super) id: Span,
    pub(super) name: Span,
    pub(super) startup: Option<Span>,
    /// Range into `SearchIndex::keys`; a name key, if any, comes first
    /// (with its alias, if any, right after it).
    pub(super) keys_start: u32,
    keys_end: u32,
}

/// The order of kinds in results (and in the index).
pub(super) const KIND_ORDER: [Kind; 5] = [
    Kind::Startup,
    Kind::Cohort,
    Kind::Mentor,
    Kind::DemoDay,
    Kind::Note,
];

#[inline]
pub(super) fn kind_bit(kind: Kind) -> u8 {
    match kind {
        Kind::Startup => 1,
        Kind::Cohort => 2,
        Kind::Mentor => 4,
        Kind::DemoDay => 8,
        Kind::Note => 16,
        // Not indexed: no entry has these bits (and none has no bit).
        Kind::Call => 32,
        Kind::Application => 64,
        Kind::Review => 128,
        Kind::Milestone | Kind::OfficeHour => 0,
    }
}

pub(super) fn kind_mask(kinds: Option<&[Kind]>) -> u8 {
    match kinds {
        None => 0x1f,
        Some(kinds) => kinds.iter().fold(0, |mask, &k| mask | kind_bit(k)),
    }
}

/// The searchable text of a portfolio, folded once.
///
/// Holds its own copy of the searched text (original and, where it differs,
/// folded) in one arena, so it does not borrow the portfolio; kept up to
/// date by `put` and `remove`. `Send + Sync`, and read-only between
/// writes: one index serves several sessions, each with its own
/// [`SearchMemo`](super::SearchMemo).
pub struct SearchIndex {
    /// Every text the index holds, end to end.
    pub(super) arena: String,
    pub(super) keys: Vec<FieldText>,
    /// The chars that folding changed in keys' original texts, by key (see
    /// `Original::Patched`).
    pub(super) patches: Vec<Patch>,
    /// Where the lines of note bodies break (see `FieldText::breaks`), so that
    /// searching needs not look for them.
    pub(super) breaks: Vec<u32>,
    /// Sorted by kind (in [`KIND_ORDER`]) and then natural id, so an entry's
    /// index is its tie-break rank.
    pub(super) entries: Vec<Entry>,
    /// The entry range of each kind, in [`KIND_ORDER`].
    pub(super) kind_ranges: [(u32, u32); 5],
    /// Taken anew by every build and every write (`next_stamp`): what a
    /// [`SearchMemo`](super::SearchMemo) remembers is of the index with its
    /// stamp. The index is otherwise read-only between writes.
    pub(super) stamp: u64,
}

pub(super) struct Builder {
    pub(super) arena: String,
    pub(super) keys: Vec<FieldText>,
    pub(super) patches: Vec<Patch>,
    pub(super) breaks: Vec<u32>,
    pub(super) entries: Vec<Entry>,
}

impl Builder {
    /// Index startup `s`, at place `record` of its list: its id and name spans.
    pub(super) fn add_startup(&mut self, record: usize, s: &Startup) -> (Span, Span) {
        let keys_start = self.keys.len();
        let id = self.push_str(&s.id);
        let name = self.push_str(&s.name);
        self.key_at(MatchedField::Name, &s.name, name);
        self.key(MatchedField::OneLiner, &s.one_liner);
        self.key(MatchedField::Sector, &s.sector);
        for tag in &s.tags {
            self.key(MatchedField::Tag, tag);
        }
        for founder in &s.founders {
            self.key(MatchedField::Founder, &founder.name);
        }
        self.entry(Kind::Startup, record, id, name, None, keys_start);
        (id, name)
    }

    pub(super) fn add_cohort(&mut self, record: usize, c: &Cohort) {
        let keys_start = self.keys.len();
        let id = self.push_str(&c.id);
        let name = self.push_str(&c.name);
        self.key_at(MatchedField::Name, &c.name, name);
        self.entry(Kind::Cohort, record, id, name, None, keys_start);
    }

    pub(super) fn add_mentor(&mut self, record: usize, m: &Mentor) {
        let keys_start = self.keys.len();
        let id = self.push_str(&m.id);
        let name = self.push_str(&m.name);
        self.key_at(MatchedField::Name, &m.name, name);
        for tag in &m.expertise {
            self.key(MatchedField::Expertise, tag);
        }
        self.entry(Kind::Mentor, record, id, name, None, keys_start);
    }

    pub(super) fn add_demo_day(&mut self, record: usize, d: &DemoDay) {
        let keys_start = self.keys.len();
        let id = self.push_str(&d.id);
        let name = self.push_str(&format!("{} at ", d.at.format("%Y-%m-%d")));
        let venue = self.push_str(&d.venue);
        let name = Span {
            start: name.start,
            end: venue.end,
        };
        self.key_at(MatchedField::Venue, &d.venue, venue);
        self.entry(Kind::DemoDay, record, id, name, None, keys_start);
    }

    /// Index note `n`, named after its startup (`startup`: that startup's
    /// id and name spans, when it is indexed; else its id names it).
    pub(super) fn add_note(&mut self, record: usize, n: &Note, startup: Option<(Span, Span)>) {
        let keys_start = self.keys.len();
        let id = self.push_str(&n.id);
        let (startup, name) = startup.unwrap_or_else(|| {
            let id = self.push_str(&n.startup);
            (id, id)
        });
        self.key(MatchedField::Body, &n.body);
        self.entry(Kind::Note, record, id, name, Some(startup), keys_start);
    }

    fn push_str(&mut self, text: &str) -> Span {
        let start = self.arena.len();
        self.arena.push_str(text);
        Span::new(start, self.arena.len())
    }

    /// A key whose original text, `original`, is already in the arena at
    /// `text`.
    fn key_at(&mut self, field: MatchedField, original: &str, text: Span) {
        if original.is_empty() {
            return;
        }
        let folded = if folds(original) {
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
        self.push_key(field, Original::Text(text), folded, false);
        self.alias(field, original, Original::Text(text));
    }

    /// The alias key of a key just pushed, whose original text is
    /// `original` (kept at `text`), if it has one.
    fn alias(&mut self, field: MatchedField, original: &str, text: Original) {
        if let Some(alias) = alias(original, field == MatchedField::Name) {
            let span = self.push_str(&alias);
            self.push_key(field, text, span, true);
        }
    }

    /// A key whose folded text is in the arena at `folded`.
    fn push_key(&mut self, field: MatchedField, text: Original, folded: Span, alias: bool) {
        let folded_text = &self.arena[folded.range()];
        let ascii = folded_text.is_ascii();
        let first_break = to_u32(self.breaks.len());
        if field == MatchedField::Body {
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
        self.keys.push(FieldText {
            field,
            ascii,
            alias,
            breaks: (first_break, to_u32(self.breaks.len())),
            heads,
            chars,
            text,
            folded,
        });
    }

    /// A key of its own text: folded into the arena, and the original kept
    /// as the chars folding changed when those are few (a note body's
    /// capitals), else whole.
    fn key(&mut self, field: MatchedField, text: &str) {
        if text.is_empty() {
            return;
        }
        if !folds(text) {
            let span = self.push_str(text);
            self.push_key(field, Original::Text(span), span, false);
            return;
        }
        let start = self.arena.len();
        fold_into(text, &mut self.arena);
        let folded = Span::new(start, self.arena.len());
        let first = self.patches.len();
        for ((at, folded), original) in self.arena[folded.range()].char_indices().zip(text.chars())
        {
            if folded != original {
                self.patches.push(Patch {
                    at: to_u32(at),
                    original,
                });
            }
        }
        // A patch is 8 bytes: past one for every 8 bytes, keep the text.
        let original = if (self.patches.len() - first) * size_of::<Patch>() < text.len() {
            Original::Patched(to_u32(first), to_u32(self.patches.len()))
        } else {
            self.patches.truncate(first);
            Original::Text(self.push_str(text))
        };
        self.push_key(field, original, folded, false);
        self.alias(field, text, original);
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

/// Whether folding may change `text` (else it is its own folded text).
fn folds(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
}

/// The bit of an ASCII char in a `FieldText::heads` set (chars may share a bit,
/// which only loosens bounds); 0 for others, which bounds take as possibly
/// anywhere.
#[inline]
pub(super) fn head_bit(c: char) -> u64 {
    if c.is_ascii() {
        1 << (c as u32 & 63)
    } else {
        0
    }
}

/// The set of ASCII chars in `text`, as `head_bit` places them; non-ASCII
/// chars are left out (a query's are not looked for).
pub(super) fn char_bits(text: &str) -> u64 {
    text.bytes()
        .filter(u8::is_ascii)
        .fold(0, |set, b| set | head_bit(char::from(b)))
}

/// The ASCII chars of `folded` that skim gives an in-place bonus (the first
/// char of a word, or of a line, as each line is scored on its own).
pub(super) fn heads(folded: &str) -> u64 {
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

#[inline]
pub(super) fn to_u32(n: usize) -> u32 {
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
            patches: Vec::new(),
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
                Kind::Call
                | Kind::Application
                | Kind::Review
                | Kind::Milestone
                | Kind::OfficeHour => {}
            }
            kind_ranges[slot] = (first, to_u32(b.entries.len()));
        }

        b.arena.shrink_to_fit();
        b.keys.shrink_to_fit();
        b.patches.shrink_to_fit();
        b.breaks.shrink_to_fit();
        SearchIndex {
            arena: b.arena,
            keys: b.keys,
            patches: b.patches,
            breaks: b.breaks,
            entries: b.entries,
            kind_ranges,
            stamp: next_stamp(),
        }
    }

    /// The number of records indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes the index holds on the heap (what a memory bench counts).
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.keys.capacity() * size_of::<FieldText>()
            + self.patches.capacity() * size_of::<Patch>()
            + self.breaks.capacity() * size_of::<u32>()
            + self.entries.capacity() * size_of::<Entry>()
    }

    #[inline]
    pub(super) fn str(&self, span: Span) -> &str {
        &self.arena[span.range()]
    }

    #[inline]
    pub(super) fn entry_keys(&self, entry: &Entry) -> &[FieldText] {
        &self.keys[entry.keys_start as usize..entry.keys_end as usize]
    }

    /// An entry's name keys: its name and its name's alias, if any (none
    /// for a record without a name).
    #[inline]
    pub(super) fn name_keys(&self, entry: &Entry) -> &[FieldText] {
        let keys = self.entry_keys(entry);
        let names = keys
            .iter()
            .take(2)
            .take_while(|k| k.field == MatchedField::Name)
            .count();
        &keys[..names]
    }

    /// The key whose original text `key` (at `at`) shows: itself, or for
    /// an alias the key it spells otherwise.
    #[inline]
    pub(super) fn shown_key(&self, at: usize) -> &FieldText {
        match at.checked_sub(1) {
            Some(before) if self.keys[at].alias => &self.keys[before],
            _ => &self.keys[at],
        }
    }

    /// A key's original text.
    pub(super) fn original(&self, key: &FieldText) -> Cow<'_, str> {
        match key.text {
            Original::Text(span) => Cow::Borrowed(self.str(span)),
            Original::Patched(first, end) => {
                let folded = self.str(key.folded);
                let mut patches = self.patches[first as usize..end as usize].iter().peekable();
                let mut text = String::with_capacity(folded.len() + 8);
                for (at, c) in folded.char_indices() {
                    match patches.next_if(|p| p.at as usize == at) {
                        Some(patch) => text.push(patch.original),
                        None => text.push(c),
                    }
                }
                Cow::Owned(text)
            }
        }
    }

    /// The lines of a body's folded text, as `split('\n')` gives them.
    #[inline]
    pub(super) fn body_lines<'s>(&'s self, key: &FieldText) -> impl Iterator<Item = &'s str> + 's {
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
}
