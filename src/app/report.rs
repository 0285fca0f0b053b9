//! `R` on Home or the Cohorts tab: the impact report for today, on screen
//! (`dialog/report.rs`). For coordinators and staff, as the command is.

use std::sync::Arc;

use super::dialog::Overlay;
use super::dialog::report::ReportScreen;
use super::state::App;
use super::tab::Tab;
use crate::report::Grouping;
use crate::store::Access;

impl App {
    pub(super) fn open_report(&mut self) {
        if let Access::Mentor { .. } = self.access {
            self.status = Some("The impact report is for coordinators and staff".into());
            return;
        }
        if !matches!(self.tab, Tab::Home | Tab::Cohorts) {
            self.status =
                Some("R opens the impact report from Home (1) or the Cohorts tab (3)".into());
            return;
        }
        let model = Arc::clone(&self.model);
        let model = model.read();
        let screen = ReportScreen::new(&model.data, self.today, Grouping::Cohort);
        self.overlay = Overlay::Report(Box::new(screen));
    }
}
