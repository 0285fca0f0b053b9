//! Reads one record's fields out of a JSON object, collecting a located
//! problem for each field that is missing, of the wrong type or out of its
//! vocabulary, and carrying on with a placeholder so every problem in the
//! file is found in one pass.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value};

use crate::model::{Kind, Problem, Scores};

pub(super) struct Fields<'a> {
    pub kind: Kind,
    pub id: String,
    obj: &'a Map<String, Value>,
    /// Path of this object inside its record, e.g. `founders[2].`.
    prefix: String,
    pub problems: &'a mut Vec<Problem>,
}

impl<'a> Fields<'a> {
    pub fn new(
        kind: Kind,
        id: String,
        obj: &'a Map<String, Value>,
        problems: &'a mut Vec<Problem>,
    ) -> Self {
        Fields {
            kind,
            id,
            obj,
            prefix: String::new(),
            problems,
        }
    }

    pub fn report(&mut self, field: &str, message: impl Into<String>) {
        let field = format!("{}{field}", self.prefix);
        self.problems
            .push(Problem::new(self.kind, &self.id, &field, message));
    }

    pub fn is_string(&self, field: &str) -> bool {
        matches!(self.obj.get(field), Some(Value::String(_)))
    }

    /// The value of `field`, treating `null` as missing.
    fn get(&self, field: &str) -> Option<&'a Value> {
        self.obj.get(field).filter(|v| !v.is_null())
    }

    fn required(&mut self, field: &str) -> Option<&'a Value> {
        let value = self.get(field);
        if value.is_none() {
            self.report(field, "is missing");
        }
        value
    }

    /// A string field; missing means empty unless required.
    pub fn text(&mut self, field: &str, required: bool) -> String {
        let value = if required {
            self.required(field)
        } else {
            self.get(field)
        };
        match value {
            None => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.report(field, format!("must be a string, not {}", type_name(other)));
                String::new()
            }
        }
    }

    pub fn optional_text(&mut self, field: &str) -> Option<String> {
        self.get(field).map(|_| self.text(field, false))
    }

    pub fn strings(&mut self, field: &str) -> Vec<String> {
        match self.get(field) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => self.report(
                            &format!("{field}[{i}]"),
                            format!("must be a string, not {}", type_name(other)),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.report(field, format!("must be a list, not {}", type_name(other)));
                Vec::new()
            }
        }
    }

    /// A value from a closed vocabulary; missing takes the default.
    pub fn choice<T>(&mut self, field: &str) -> T
    where
        T: FromStr<Err = String> + Default,
    {
        match self.get(field) {
            None => T::default(),
            Some(Value::String(s)) => s.parse().unwrap_or_else(|message: String| {
                self.report(field, message);
                T::default()
            }),
            Some(other) => {
                self.report(field, format!("must be a string, not {}", type_name(other)));
                T::default()
            }
        }
    }

    pub fn date(&mut self, field: &str) -> NaiveDate {
        let Some(value) = self.required(field) else {
            return NaiveDate::default();
        };
        match value.as_str().map(parse_date) {
            Some(Ok(date)) => date,
            Some(Err(message)) => {
                self.report(field, message);
                NaiveDate::default()
            }
            None => {
                self.report(
                    field,
                    format!(
                        "must be a date string (YYYY-MM-DD), not {}",
                        type_name(value)
                    ),
                );
                NaiveDate::default()
            }
        }
    }

    /// A date, or `null` (or missing) for none.
    pub fn optional_date(&mut self, field: &str) -> Option<NaiveDate> {
        self.get(field).map(|_| self.date(field))
    }

    pub fn time(&mut self, field: &str) -> DateTime<FixedOffset> {
        let fallback = DateTime::<FixedOffset>::default();
        let Some(value) = self.required(field) else {
            return fallback;
        };
        match value.as_str().map(parse_time) {
            Some(Ok(time)) => time,
            Some(Err(message)) => {
                self.report(field, message);
                fallback
            }
            None => {
                self.report(
                    field,
                    format!("must be an RFC 3339 time string, not {}", type_name(value)),
                );
                fallback
            }
        }
    }

    /// A whole number of 0 or more; missing takes `default`.
    pub fn count(&mut self, field: &str, default: u64) -> u64 {
        match self.get(field) {
            None => default,
            Some(value) => value.as_u64().unwrap_or_else(|| {
                self.report(
                    field,
                    format!("must be a whole number of 0 or more, not {}", show(value)),
                );
                default
            }),
        }
    }

    pub fn count_u32(&mut self, field: &str, default: u32) -> u32 {
        let n = self.count(field, u64::from(default));
        u32::try_from(n).unwrap_or_else(|_| {
            self.report(field, format!("{n} is too large"));
            default
        })
    }

    /// Any number; missing is 0.
    pub fn amount(&mut self, field: &str) -> f64 {
        match self.get(field) {
            None => 0.0,
            Some(value) => value.as_f64().unwrap_or_else(|| {
                self.report(field, format!("must be a number, not {}", show(value)));
                0.0
            }),
        }
    }

    /// `true` or `false`; missing is `false`.
    pub fn flag(&mut self, field: &str) -> bool {
        match self.get(field) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.report(field, format!("must be true or false, not {}", show(other)));
                false
            }
        }
    }

    /// An object of criterion names and whole-number scores (the range is a
    /// rule of the record, checked with the rest).
    pub fn scores(&mut self, field: &str) -> Scores {
        let obj = match self.get(field) {
            None => return Scores::default(),
            Some(Value::Object(obj)) => obj,
            Some(other) => {
                self.report(
                    field,
                    format!("must be an object, not {}", type_name(other)),
                );
                return Scores::default();
            }
        };
        let mut scores = Scores::new();
        for (name, value) in obj {
            match value.as_u64().and_then(|n| u8::try_from(n).ok()) {
                Some(score) => {
                    scores.insert(name.clone(), score);
                }
                None => self.report(
                    &format!("{field}.{name}"),
                    format!("must be a whole number from 1 to 5, not {}", show(value)),
                ),
            }
        }
        scores
    }

    /// Reads the object `field` with `read`, whose fields are reported as
    /// `field.name`; `None` when it is missing or `null`.
    pub fn object<T>(&mut self, field: &str, read: impl FnOnce(&mut Fields<'_>) -> T) -> Option<T> {
        let obj = match self.get(field)? {
            Value::Object(obj) => obj,
            other => {
                self.report(
                    field,
                    format!("must be an object, not {}", type_name(other)),
                );
                return None;
            }
        };
        let mut inner = Fields {
            kind: self.kind,
            id: self.id.clone(),
            obj,
            prefix: format!("{}{field}.", self.prefix),
            problems: &mut *self.problems,
        };
        Some(read(&mut inner))
    }

    /// Reads each object in the list `field` with `read`, whose fields are
    /// reported as `field[i].name`.
    pub fn objects<T>(
        &mut self,
        field: &str,
        mut read: impl FnMut(&mut Fields<'_>) -> T,
    ) -> Vec<T> {
        let items = match self.get(field) {
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.report(field, format!("must be a list, not {}", type_name(other)));
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}{field}[{i}]", self.prefix);
            match item.as_object() {
                Some(obj) => {
                    let mut inner = Fields {
                        kind: self.kind,
                        id: self.id.clone(),
                        obj,
                        prefix: format!("{path}."),
                        problems: &mut *self.problems,
                    };
                    out.push(read(&mut inner));
                }
                None => self.problems.push(Problem::new(
                    self.kind,
                    &self.id,
                    &path,
                    format!("must be an object, not {}", type_name(item)),
                )),
            }
        }
        out
    }
}

/// A `YYYY-MM-DD` date that exists on the calendar.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("{text:?} is not a date in the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a real date"))
}

/// An RFC 3339 time, such as `2026-06-25T15:00:00+04:00`.
pub fn parse_time(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|_| format!("{text:?} is not an RFC 3339 time like 2026-06-25T15:00:00+04:00"))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for an error message.
fn show(value: &Value) -> String {
    crate::text::shorten(&value.to_string(), 41)
}
