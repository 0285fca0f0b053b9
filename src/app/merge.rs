//! A three-way merge of one record: what a form started from, what the
//! user made of it, and what someone else saved meanwhile. A field only
//! one side changed takes that side's value, so a save never loses the
//! other person's change to another field; only a field both changed,
//! differently, is the user's to choose.
//!
//! Fields are the record's own (a startup's `name`, `founders`, `kpis`):
//! a list is one field, since merging lists item by item would pair a
//! moved pitch with another startup's minutes.

use serde_json::{Map, Value};

use crate::model::Record;

/// The two records a merge can end in, and which fields decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// Theirs with this user's changes laid over it: in a field both
    /// changed, this user's value.
    pub mine: Record,
    /// The same, but in a field both changed, theirs.
    pub theirs: Record,
    /// Fields both changed to different values (`one_liner`; a form
    /// renames them to its labels).
    pub both: Vec<String>,
    /// Fields only they changed: kept whichever way `both` goes.
    pub kept: Vec<String>,
}

impl Merge {
    /// The same merge with its fields named as `name` says.
    pub fn renamed(mut self, name: impl Fn(&str) -> String) -> Merge {
        self.both = self.both.iter().map(|f| name(f)).collect();
        self.kept = self.kept.iter().map(|f| name(f)).collect();
        self
    }

    /// What a dialog says of a clash: "Both of you changed sector; their
    /// change to name stays."
    pub fn clash(&self) -> String {
        let mut text = format!("Both of you changed {}", listed(&self.both));
        if !self.kept.is_empty() {
            text.push_str(&format!("; their change to {} stays", listed(&self.kept)));
        }
        text.push('.');
        text
    }
}

/// Merge `mine` and `theirs`, both made from `base`. `None` when they are
/// not the same kind of record (nothing a form can produce).
pub fn merge(base: &Record, mine: &Record, theirs: &Record) -> Option<Merge> {
    if base.kind() != mine.kind() || mine.kind() != theirs.kind() {
        return None;
    }
    let (_, base) = fields(base)?;
    let (_, mine) = fields(mine)?;
    let (theirs_doc, theirs) = fields(theirs)?;
    let (mut with_mine, mut with_theirs) = (theirs.clone(), theirs.clone());
    let (mut both, mut kept) = (Vec::new(), Vec::new());
    // A field left out when empty (a startup's `outcome` while it has
    // none) is in one side only: every side's fields are looked at.
    let mut names: Vec<&String> = theirs
        .keys()
        .chain(mine.keys())
        .chain(base.keys())
        .collect();
    names.sort();
    names.dedup();
    for field in names {
        let (base_value, my_value, their_value) =
            (base.get(field), mine.get(field), theirs.get(field));
        if my_value == their_value {
            continue;
        }
        let mine_changed = my_value != base_value;
        let theirs_changed = their_value != base_value;
        match (mine_changed, theirs_changed) {
            (true, true) => {
                both.push(field.clone());
                set(&mut with_mine, field, my_value);
            }
            (true, false) => {
                set(&mut with_mine, field, my_value);
                set(&mut with_theirs, field, my_value);
            }
            (false, _) => kept.push(field.clone()),
        }
    }
    Some(Merge {
        mine: record(&theirs_doc, with_mine)?,
        theirs: record(&theirs_doc, with_theirs)?,
        both,
        kept,
    })
}

/// Field `name` of `fields` set to `value`, or left out for none.
fn set(fields: &mut Map<String, Value>, name: &str, value: Option<&Value>) {
    match value {
        Some(value) => fields.insert(name.to_string(), value.clone()),
        None => fields.remove(name),
    };
}

/// The record as `{"kind": …, "record": {fields}}`, and its fields.
fn fields(record: &Record) -> Option<(Value, Map<String, Value>)> {
    let doc = serde_json::to_value(record).ok()?;
    let fields = doc.get("record")?.as_object()?.clone();
    Some((doc, fields))
}

fn record(doc: &Value, fields: Map<String, Value>) -> Option<Record> {
    let mut doc = doc.clone();
    *doc.get_mut("record")? = Value::Object(fields);
    serde_json::from_value(doc).ok()
}

/// A record field as a person reads it when no form line names it:
/// `kpis` is "KPIs", `one_liner` "One liner".
pub fn readable(key: &str) -> String {
    if key == "kpis" {
        return "KPIs".into();
    }
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => String::new(),
    }
}

/// `a, b and c`
pub fn listed(fields: &[String]) -> String {
    match fields {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "name changed by Aysel Hüseynova at 2026-11-28 10:02 UTC"
pub fn changed_by(kept: &[String], by: &str) -> String {
    if kept.is_empty() {
        format!("changed by {by}")
    } else {
        format!("{} changed by {by}", listed(kept))
    }
}

/// What the status adds to "Saved startup Bazarım" after a merge.
pub fn merged_note(kept: &[String], by: &str) -> String {
    if kept.is_empty() {
        format!("the same change as {by}'s (no field differed)")
    } else {
        format!("merged with the change to {} by {by}", listed(kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Startup;

    fn startup() -> Startup {
        let sample = crate::seed::sample().unwrap().portfolio;
        sample
            .startups
            .into_iter()
            .find(|s| !s.founders.is_empty())
            .unwrap()
    }

    #[test]
    fn a_list_is_one_field_and_an_equal_change_is_no_clash() {
        let base = startup();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.founders[0].role = "CEO and CTO".into();
        theirs.founders.push(theirs.founders[0].clone());
        mine.sector = "agritech".into();
        theirs.sector = "agritech".into();
        let merge = merge(
            &Record::Startup(base),
            &Record::Startup(mine.clone()),
            &Record::Startup(theirs.clone()),
        )
        .unwrap();
        assert_eq!(merge.both, ["founders"], "one list, changed by both");
        assert!(
            merge.kept.is_empty(),
            "the same sector is no one's change to keep"
        );
        let (Record::Startup(m), Record::Startup(t)) = (merge.mine, merge.theirs) else {
            panic!("startups")
        };
        assert_eq!((m.founders, m.sector.as_str()), (mine.founders, "agritech"));
        assert_eq!(t.founders, theirs.founders);
        assert_eq!(readable("one_liner"), "One liner");
        assert_eq!(listed(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn a_field_one_side_left_out_merges_like_any_other() {
        // No outcome is no `outcome` key at all: theirs lacks the one
        // this user gave, and that must not drop it.
        let base = Startup {
            outcome: None,
            ..startup()
        };
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.outcome = Some(crate::model::Outcome::default());
        theirs.sector = "marketplaces".into();
        let merge = merge(
            &Record::Startup(base),
            &Record::Startup(mine),
            &Record::Startup(theirs),
        )
        .unwrap();
        assert!(merge.both.is_empty(), "{:?}", merge.both);
        assert_eq!(merge.kept, ["sector"]);
        for merged in [merge.mine, merge.theirs] {
            let Record::Startup(s) = merged else {
                panic!("a startup")
            };
            assert_eq!(s.outcome, Some(crate::model::Outcome::default()));
            assert_eq!(s.sector, "marketplaces");
        }
    }

    #[test]
    fn records_of_different_kinds_do_not_merge() {
        let sample = crate::seed::sample().unwrap().portfolio;
        let s = Record::Startup(sample.startups[0].clone());
        let c = Record::Cohort(sample.cohorts[0].clone());
        assert_eq!(merge(&s, &s, &c), None);
    }
}
