//! Narrowing the list in view by quick filters (`f`), as the facets
//! menu asks.

use super::facets::{Facet, facet_choices};
use super::state::App;

impl App {
    /// Every facet the current tab's list offers, in menu order.
    pub fn facet_choices(&self) -> Vec<Facet> {
        facet_choices(self.tab, &self.data().portfolio)
    }

    /// Turn the facet under the menu's cursor on or off.
    pub(super) fn toggle_facet(&mut self, at: usize) {
        let Some(choice) = self.facet_choices().get(at).cloned() else {
            return;
        };
        let tab = self.tab;
        if let Some(list) = self.lists.get_mut(&tab) {
            match list.facets.iter().position(|f| *f == choice) {
                Some(on) => {
                    list.facets.remove(on);
                }
                None => {
                    list.facets.push(choice);
                    // Grouped by field, so the title reads in menu order.
                    list.facets.sort_by_key(|f| f.field as u8);
                }
            }
        }
        self.refresh_rows(tab);
    }

    /// Take every quick filter off the list in view.
    pub(super) fn clear_facets(&mut self) {
        let tab = self.tab;
        if let Some(list) = self.lists.get_mut(&tab) {
            list.facets.clear();
        }
        self.refresh_rows(tab);
    }
}
