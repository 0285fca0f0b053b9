//! A session's search index, built the first time a search needs it.

use super::data::Data;
use crate::search::SearchIndex;

/// The session's search index, built first if it is not there (a write
/// drops it): apart from `App`, so the rest of the state stays readable.
/// It is always of `data`'s records as they are now, in their order (an
/// index of another generation is built again), so the places of records
/// it gives are rows.
pub(super) fn built_index<'a>(index: &'a mut Option<SessionIndex>, data: &Data) -> &'a SearchIndex {
    if index
        .as_ref()
        .is_some_and(|built| built.generation != data.generation())
    {
        *index = None;
    }
    &index
        .get_or_insert_with(|| SessionIndex {
            generation: data.generation(),
            index: SearchIndex::build(&data.portfolio),
        })
        .index
}

/// A session's search index and the `Data::generation` it was built from.
pub(super) struct SessionIndex {
    pub(super) generation: u64,
    pub(super) index: SearchIndex,
}
