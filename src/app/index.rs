//! The search index a session searches: the shared model's, or one of its
//! own built the first time a search needs it while the model has none.

use super::data::Data;
use super::shared::{Model, SessionIndex};
use crate::search::SearchIndex;

/// The search index of `model`'s records as they are now, in their order
/// (so the places of records it gives are rows): the model's own when it
/// keeps one, else the session's `index`, built first if it is not there
/// or of another generation.
pub(super) fn built_index<'a>(
    index: &'a mut Option<SessionIndex>,
    model: &'a Model,
) -> &'a SearchIndex {
    if let Some(shared) = model.index() {
        return shared;
    }
    let data: &Data = &model.data;
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
