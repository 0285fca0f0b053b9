//! What a form does when the store refuses its save, or finds the record
//! changed since the form opened it.

use super::{Conflict, Form};
use crate::app::dialog::{Reply, Saves};
use crate::app::effect::Effect;
use crate::app::keymap::Keymap;
use crate::app::merge::{changed_by, merge, merged_note};
use crate::model::Record;
use crate::store::Stored;

impl Saves for Form {
    /// The store said no: the form says why, for another try.
    fn refused(&mut self, message: String) -> Reply {
        self.saving = false;
        self.error = Some(message);
        Reply::Stay
    }

    /// Someone saved the record after the form opened it: merge their
    /// change with this one. Fields only one of them changed need no
    /// one's choice, so the merge is saved at once; a field both changed is
    /// asked about (`o` mine, `r` theirs), naming it.
    fn meanwhile(
        &mut self,
        message: String,
        by: &str,
        theirs: Stored<Record>,
        _keys: &Keymap,
    ) -> Reply {
        self.saving = false;
        // Each side read as a form shows it, so a value the form
        // writes back a little differently is no one's change.
        let shown = |r: &Record| Form::open(r.clone(), Some(0)).record().ok();
        let base = shown(&self.original).unwrap_or_else(|| self.original.clone());
        let stored = shown(&theirs.record).unwrap_or_else(|| theirs.record.clone());
        let merge = self
            .record()
            .ok()
            .and_then(|mine| merge(&base, &mine, &stored));
        let Some(merge) = merge else {
            self.error = Some(format!("{message}; Esc, then e opens it afresh"));
            return Reply::Stay;
        };
        let merge = merge.renamed(|key| self.label_of(key));
        if !merge.both.is_empty() {
            self.conflict = Some(Conflict {
                message: format!("{by} saved it meanwhile"),
                stored: theirs.record,
                version: theirs.version,
                merge,
            });
            return Reply::Stay;
        }
        let kept = merge.kept.clone();
        self.rebase(merge.mine, theirs.record, theirs.version);
        if let Some(first) = self.first_error() {
            // Their change and this one are fine alone, not together
            // (an end now before the start): the user fixes it.
            self.focus = first;
            self.error = Some(format!(
                "{} meanwhile, merged into your edits; fix the marked field, then Ctrl-S",
                changed_by(&kept, by)
            ));
            return Reply::Stay;
        }
        let Ok(record) = self.record() else {
            return Reply::Stay;
        };
        self.merged = Some(merged_note(&kept, by));
        self.saving = true;
        Reply::Effect(Effect::Save {
            record: Box::new(record),
            version: self.version,
        })
    }
}
