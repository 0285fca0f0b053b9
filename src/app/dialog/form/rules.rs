//! What a form checks against the portfolio it is in, beyond the record's
//! own rules: a cohort's name another cohort has (every later `export
//! cohort NAME` and picker would trip on it), a demo day outside its
//! cohort's dates.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Weekday};

use crate::app::data::Data;
use crate::model::{Cohort, Record, cohort_name_key, cohort_name_taken};

/// Each problem `record` has within `data`, as (field, why).
pub fn problems(record: &Record, data: &Data) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match record {
        Record::Cohort(c) => {
            let key = cohort_name_key(&c.name);
            let other = data
                .portfolio
                .cohorts
                .iter()
                .find(|o| o.id != c.id && cohort_name_key(&o.name) == key);
            if let Some(other) = other.filter(|_| !key.is_empty()) {
                out.push(("name".into(), cohort_name_taken(&other.id)));
            }
        }
        Record::DemoDay(d) => {
            if let Some(c) = data.cohort(&d.cohort) {
                let day = d.at.date_naive();
                if day < c.start || day > c.end {
                    out.push((
                        "at".into(),
                        format!(
                            "{day} is outside {} ({} – {})",
                            crate::text::sanitize_line(&c.name),
                            c.start,
                            c.end
                        ),
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

/// When a demo day of `cohort` is held unless someone says otherwise: in
/// its last week, on its last working day (a cohort ending on a Sunday
/// shows on the Friday before), at 14:00 in `offset`.
pub fn demo_day_default(cohort: &Cohort, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let mut day = cohort.end;
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && day > cohort.start {
        day -= Duration::days(1);
    }
    offset
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(14, 0, 0)?))
        .single()
}
