//! Reading an interchange document as a stream: one record at a time, so
//! memory stays bounded whatever the file holds. One visitor reads it for
//! every use: [`parse`] keeps every record, [`parse_each`] hands each one
//! on as it is read (a streamed import), [`count`] only how many of each
//! kind there are (for listing snapshots made before their header said).
//!
//! The whole document is never built as one JSON tree. Each record is read
//! into a small tree of its own (at most [`RECORD_VALUES`] values), turned
//! into a [`Record`] and dropped; unknown keys are skipped without being
//! kept. A document with more than [`RECORDS`] records is refused, and
//! after [`PROBLEMS_KEPT`] problems the rest are only counted.
//!
//! The root keys may come in any order (another tool may sort them), so
//! `format` and `version` are judged once the object has been read, unless
//! a wrong `format` shows first: then parsing stops at once.
//!
//! Counting checks less and says it in its own words, as the listing of
//! snapshots always has: a root that is not an object, or a section that
//! is not a list, is serde_json's own error (with its position); `format`
//! and `version` are read as any JSON value; records are skipped unread,
//! with no limit on how many.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::{Map, Number, Value};

use super::fields::Fields;
use super::record::read_record;
use super::{FORMAT, ParseError, READS};
use crate::model::{Kind, Parsed, Problem, Record};

/// Most records in one document (10,000 startups with 100,000 notes are
/// about 110,000).
pub const RECORDS: usize = 1_000_000;
/// Most JSON values (objects, lists, strings, numbers…) inside one record:
/// far above what the per-field limits allow, far below what would strain
/// memory.
pub const RECORD_VALUES: usize = 200_000;
/// Problems kept word for word; the rest are counted in one last problem.
pub const PROBLEMS_KEPT: usize = 1_000;

/// What reading keeps of the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Keep {
    /// Each one, read and checked field by field.
    #[default]
    Records,
    /// How many of each kind, nothing more.
    Counts,
}

/// Parse a document from any serde_json source.
pub(super) fn parse<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<Parsed, ParseError> {
    judge(read(de, Keep::Records, None)?)
}

/// Parse a document from any serde_json source, handing each record to
/// `each` as it is read instead of keeping it: the [`Parsed`] returned
/// holds the problems only. Memory stays that of one record.
pub(super) fn parse_each<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    each: &mut dyn FnMut(Record),
) -> Result<Parsed, ParseError> {
    judge(read(de, Keep::Records, Some(each))?)
}

/// The document read, once its `format` and `version` are judged.
fn judge(reading: Reading<'_>) -> Result<Parsed, ParseError> {
    let Reading {
        parsed,
        format,
        version,
        dropped,
        ..
    } = reading;
    match format.into_inner() {
        Some(Some(found)) if found == FORMAT => {}
        Some(Some(other)) => {
            return Err(ParseError::NotPortfolio(format!(
                "\"format\" is {other:?}, expected {FORMAT:?}"
            )));
        }
        _ => {
            return Err(ParseError::NotPortfolio(format!(
                "\"format\": {FORMAT:?} is missing"
            )));
        }
    }
    match version.into_inner() {
        Some(VersionValue::Number(v)) if READS.contains(&v) => {}
        Some(other) => {
            return Err(ParseError::NotPortfolio(format!(
                "format version {other} is not supported (this incubator reads versions {})",
                super::versions_read()
            )));
        }
        None => return Err(ParseError::NotPortfolio("\"version\" is missing".into())),
    }
    let mut parsed = parsed.into_inner();
    let dropped = dropped.get();
    if dropped > 0 {
        let kind = parsed.problems.last().map_or(Kind::Startup, |p| p.kind);
        parsed.problems.push(Problem::new(
            kind,
            "-",
            "",
            format!("… and {dropped} more problems in the file (only the first {PROBLEMS_KEPT} are kept)"),
        ));
    }
    Ok(parsed)
}

/// Count the records of a document from any serde_json source, checking
/// that it is whole, well-formed JSON of our format and version (not the
/// rules its records must keep: [`parse`] does that).
pub(super) fn count<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<Counts, ParseError> {
    let reading = read(de, Keep::Counts, None)?;
    if !matches!(reading.format.into_inner(), Some(Some(found)) if found == FORMAT) {
        return Err(ParseError::NotPortfolio(format!(
            "\"format\": {FORMAT:?} is missing"
        )));
    }
    if !matches!(reading.version.into_inner(), Some(VersionValue::Number(v)) if READS.contains(&v))
    {
        return Err(ParseError::NotPortfolio(format!(
            "only format versions {} are read",
            super::versions_read()
        )));
    }
    Ok(reading.counts.into_inner())
}

/// Read the whole document from `de`, keeping what `keep` says: what was
/// found, or why reading stopped (the reason it gave itself first, then
/// the JSON's).
fn read<'de, 's, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    keep: Keep,
    each: Option<&'s mut dyn FnMut(Record)>,
) -> Result<Reading<'s>, ParseError> {
    let reading = Reading {
        keep,
        each: RefCell::new(each),
        ..Reading::default()
    };
    let result = Root(&reading).deserialize(&mut *de).and_then(|()| de.end());
    if let Some(stop) = reading.stop.take() {
        return Err(stop);
    }
    result.map_err(json_error)?;
    Ok(reading)
}

/// What a document holds, counted without keeping its records: for
/// listing snapshots quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub cohorts: usize,
    pub mentors: usize,
    pub startups: usize,
    pub demo_days: usize,
    pub notes: usize,
    pub calls: usize,
    pub applications: usize,
    pub reviews: usize,
    pub milestones: usize,
    pub office_hours: usize,
}

impl Counts {
    pub fn records(&self) -> usize {
        self.cohorts
            + self.mentors
            + self.startups
            + self.demo_days
            + self.notes
            + self.calls
            + self.applications
            + self.reviews
            + self.milestones
            + self.office_hours
    }

    /// The count of `kind`'s records.
    pub fn slot(&mut self, kind: Kind) -> &mut usize {
        match kind {
            Kind::Cohort => &mut self.cohorts,
            Kind::Mentor => &mut self.mentors,
            Kind::Startup => &mut self.startups,
            Kind::DemoDay => &mut self.demo_days,
            Kind::Note => &mut self.notes,
            Kind::Call => &mut self.calls,
            Kind::Application => &mut self.applications,
            Kind::Review => &mut self.reviews,
            Kind::Milestone => &mut self.milestones,
            Kind::OfficeHour => &mut self.office_hours,
        }
    }
}

impl fmt::Display for Counts {
    /// "4 cohorts, 24 startups, 10 mentors, 3 demo days, 43 notes", as
    /// `Portfolio::summary` words it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::model::summary_of([
            self.cohorts,
            self.startups,
            self.mentors,
            self.demo_days,
            self.notes,
            self.calls,
            self.applications,
            self.reviews,
            self.milestones,
            self.office_hours,
        ]))
    }
}

fn json_error(e: serde_json::Error) -> ParseError {
    ParseError::Json(if e.is_eof() {
        format!(
            "it ends too soon, at line {} column {} (is the file complete?)",
            e.line(),
            e.column()
        )
    } else {
        e.to_string()
    })
}

#[derive(Default)]
struct Reading<'s> {
    keep: Keep,
    parsed: RefCell<Parsed>,
    /// Where each record goes, when it is not kept in `parsed`.
    each: RefCell<Option<&'s mut dyn FnMut(Record)>>,
    counts: RefCell<Counts>,
    /// `Some(None)`: the key is there but not a string.
    format: RefCell<Option<Option<String>>>,
    version: RefCell<Option<VersionValue>>,
    /// Why reading stopped early, when it did.
    stop: RefCell<Option<ParseError>>,
    records: Cell<usize>,
    dropped: Cell<usize>,
}

impl Reading<'_> {
    fn problem(&self, problem: Problem) {
        let mut parsed = self.parsed.borrow_mut();
        if parsed.problems.len() < PROBLEMS_KEPT {
            parsed.problems.push(problem);
        } else {
            self.dropped.set(self.dropped.get() + 1);
        }
    }

    /// Stop reading for `reason`; the error returned to serde only unwinds.
    fn halt<E: de::Error>(&self, reason: ParseError) -> E {
        let message = reason.to_string();
        self.stop.borrow_mut().get_or_insert(reason);
        E::custom(message)
    }

    fn record(&self, kind: Kind, position: usize, item: Value) {
        let section = kind.section();
        let Value::Object(obj) = item else {
            self.problem(Problem::new(
                kind,
                &format!("#{position}"),
                "",
                format!("entry {position} of \"{section}\" must be an object"),
            ));
            return;
        };
        let id = match obj.get("id") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            _ => format!("#{position}"),
        };
        let mut problems = Vec::new();
        let record = {
            let mut fields = Fields::new(kind, id, &obj, &mut problems);
            read_record(&mut fields)
        };
        for problem in problems {
            self.problem(problem);
        }
        match self.each.borrow_mut().as_mut() {
            Some(each) => each(record),
            None => self.parsed.borrow_mut().portfolio.push(record),
        }
    }
}

/// The value of `version`, as shown in the error when it is not ours.
enum VersionValue {
    Number(u64),
    Other(String),
}

impl fmt::Display for VersionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionValue::Number(n) => write!(f, "{n}"),
            VersionValue::Other(text) => f.write_str(text),
        }
    }
}

/// Drain whatever is left of a list or object without keeping it.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

struct Root<'r, 's>(&'r Reading<'s>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.0.keep {
            Keep::Records => d.deserialize_any(self),
            // Anything but an object is serde_json's error, not ours.
            Keep::Counts => d.deserialize_map(self),
        }
    }
}

impl Root<'_, '_> {
    fn not_an_object<E: de::Error>(&self) -> E {
        self.0.halt(ParseError::NotPortfolio(
            "the document must be a JSON object".into(),
        ))
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an incubator portfolio document (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reading = self.0;
        while let Some(key) = map.next_key::<String>()? {
            if key == "format" {
                let found = match reading.keep {
                    Keep::Records => map.next_value_seed(Text)?,
                    Keep::Counts => map.next_value::<Value>()?.as_str().map(String::from),
                };
                if let Some(other) = found.as_deref().filter(|f| *f != FORMAT)
                    && reading.keep == Keep::Records
                {
                    return Err(reading.halt(ParseError::NotPortfolio(format!(
                        "\"format\" is {other:?}, expected {FORMAT:?}"
                    ))));
                }
                *reading.format.borrow_mut() = Some(found);
            } else if key == "version" {
                let version = match reading.keep {
                    Keep::Records => map.next_value_seed(Version)?,
                    Keep::Counts => match map.next_value::<Value>()?.as_u64() {
                        Some(v) => VersionValue::Number(v),
                        None => VersionValue::Other(String::new()),
                    },
                };
                *reading.version.borrow_mut() = Some(version);
            } else if let Some(kind) = Kind::DEPENDENCY_ORDER
                .into_iter()
                .find(|k| k.section() == key)
            {
                map.next_value_seed(Section { reading, kind })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.not_an_object())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.not_an_object())
    }
}

/// A string, or `None` for any other value (skipped, not kept).
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|()| None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|()| None)
    }
}

/// The `version` value: a whole number, or how to show anything else.
struct Version;

impl<'de> DeserializeSeed<'de> for Version {
    type Value = VersionValue;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Version {
    type Value = VersionValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(VersionValue::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(VersionValue::Other(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        let shown = Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string());
        Ok(VersionValue::Other(shown))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(VersionValue::Other(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let mut shown: String = v.chars().take(40).collect();
        if shown.len() < v.len() {
            shown.push('…');
        }
        Ok(VersionValue::Other(format!("{shown:?}")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(VersionValue::Other("null".into()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|()| VersionValue::Other("[…]".into()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|()| VersionValue::Other("{…}".into()))
    }
}

/// One section: a list of records of one kind, read one at a time.
struct Section<'r, 's> {
    reading: &'r Reading<'s>,
    kind: Kind,
}

impl Section<'_, '_> {
    /// A section that is not a list: a problem when parsing (reading goes
    /// on), serde_json's error for `found` when counting.
    fn not_a_list<E: de::Error>(&self, found: Unexpected<'_>) -> Result<(), E> {
        if self.reading.keep == Keep::Counts {
            return Err(E::invalid_type(found, self));
        }
        let section = self.kind.section();
        self.reading.problem(Problem::new(
            self.kind,
            "-",
            "",
            format!("\"{section}\" must be a list"),
        ));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Section<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Section<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let reading = self.reading;
        if reading.keep == Keep::Counts {
            let mut n = 0;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                n += 1;
            }
            *reading.counts.borrow_mut().slot(self.kind) += n;
            return Ok(());
        }
        let mut position = 0;
        loop {
            let budget = Cell::new(RECORD_VALUES);
            let Some(item) = seq.next_element_seed(Bounded {
                budget: &budget,
                reading,
            })?
            else {
                return Ok(());
            };
            position += 1;
            let records = reading.records.get() + 1;
            reading.records.set(records);
            if records > RECORDS {
                return Err(reading.halt(ParseError::TooLarge(format!(
                    "it holds more than {RECORDS} records, the most one file may hold"
                ))));
            }
            reading.record(self.kind, position, item);
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.not_a_list(Unexpected::Map)?;
        drain_map(map)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.not_a_list(Unexpected::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.not_a_list(Unexpected::Signed(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.not_a_list(Unexpected::Unsigned(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.not_a_list(Unexpected::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.not_a_list(Unexpected::Str(v))
    }
}

/// A JSON value of at most `budget` values in all.
struct Bounded<'b, 's> {
    budget: &'b Cell<usize>,
    reading: &'b Reading<'s>,
}

impl<'s> Bounded<'_, 's> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(self.reading.halt(ParseError::TooLarge(format!(
                "a record holds more than {RECORD_VALUES} values, far more than any record may have"
            )))),
        }
    }

    fn again(&self) -> Bounded<'_, 's> {
        Bounded {
            budget: self.budget,
            reading: self.reading,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_, '_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.again())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.spend()?;
            let value = map.next_value_seed(self.again())?;
            obj.insert(key, value);
        }
        Ok(Value::Object(obj))
    }
}
