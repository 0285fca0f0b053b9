//! A mentor's series of office-hour slots ("every Tuesday 10:00–12:00 in
//! 30-minute slots for six weeks") expanded to the start of each slot.
//!
//! Times are the mentor's wall-clock times in a zone: a slot at 10:00 stays
//! at 10:00 across a daylight-saving change, its offset changing instead. A
//! wall-clock time that does not exist that day (the hour skipped in spring)
//! has no slot, and the expansion says which were skipped; one that comes
//! twice (the hour repeated in autumn) takes the first. Pure: the zone is
//! passed in (the screen passes `chrono::Local`).

use std::fmt;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Weekday,
};

/// Slots one series may make: a form that asks for more is told so.
pub const MAX_SLOTS: usize = 200;
/// Weeks one series may run.
pub const MAX_WEEKS: u32 = 52;
/// The shortest and longest slot, in minutes.
pub const SLOT_MINUTES: std::ops::RangeInclusive<u32> = 5..=240;

/// What a mentor states in one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The first day the series may fall on.
    pub first_day: NaiveDate,
    /// The days of the week it falls on.
    pub weekdays: Vec<Weekday>,
    /// The first slot starts at `from`; the last ends by `to`.
    pub from: NaiveTime,
    pub to: NaiveTime,
    /// Each slot's length.
    pub minutes: u32,
    /// How many weeks from `first_day`, counted as seven-day runs.
    pub weeks: u32,
}

/// Why a series makes no slots, in words a form shows beside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesError {
    NoWeekdays,
    Minutes(u32),
    Weeks(u32),
    FromNotBeforeTo,
    /// `from`–`to` is shorter than one slot.
    WindowTooShort,
    /// It would make this many slots, more than `MAX_SLOTS`.
    TooMany(usize),
}

impl fmt::Display for SeriesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeriesError::NoWeekdays => write!(f, "pick at least one weekday"),
            SeriesError::Minutes(m) => write!(
                f,
                "a slot is {}–{} minutes, not {m}",
                SLOT_MINUTES.start(),
                SLOT_MINUTES.end()
            ),
            SeriesError::Weeks(w) => write!(f, "a series runs 1–{MAX_WEEKS} weeks, not {w}"),
            SeriesError::FromNotBeforeTo => write!(f, "the start must come before the end"),
            SeriesError::WindowTooShort => write!(f, "no slot fits between start and end"),
            SeriesError::TooMany(n) => {
                write!(
                    f,
                    "that makes {n} slots; a series makes at most {MAX_SLOTS}"
                )
            }
        }
    }
}

impl std::error::Error for SeriesError {}

/// The slots a series makes in a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slots {
    /// Each slot's start, soonest first, with the zone's offset that day.
    pub starts: Vec<DateTime<FixedOffset>>,
    /// Wall-clock times the zone skips (a daylight-saving gap): no slot.
    pub skipped: Vec<NaiveDateTime>,
}

impl Series {
    /// The wall-clock starts of every slot, before any zone: the limits a
    /// form can state are checked here.
    pub fn wall_clock_starts(&self) -> Result<Vec<NaiveDateTime>, SeriesError> {
        if self.weekdays.is_empty() {
            return Err(SeriesError::NoWeekdays);
        }
        if !SLOT_MINUTES.contains(&self.minutes) {
            return Err(SeriesError::Minutes(self.minutes));
        }
        if !(1..=MAX_WEEKS).contains(&self.weeks) {
            return Err(SeriesError::Weeks(self.weeks));
        }
        if self.from >= self.to {
            return Err(SeriesError::FromNotBeforeTo);
        }
        let slot = Duration::minutes(i64::from(self.minutes));
        let window = self.to - self.from;
        let per_day = (window.num_minutes() / slot.num_minutes()) as usize;
        if per_day == 0 {
            return Err(SeriesError::WindowTooShort);
        }
        let days: Vec<NaiveDate> = (0..self.weeks * 7)
            .filter_map(|n| {
                self.first_day
                    .checked_add_days(chrono::Days::new(u64::from(n)))
            })
            .filter(|day| self.weekdays.contains(&day.weekday()))
            .collect();
        let total = days.len() * per_day;
        if total > MAX_SLOTS {
            return Err(SeriesError::TooMany(total));
        }
        Ok(days
            .iter()
            .flat_map(|day| {
                let first = day.and_time(self.from);
                (0..per_day as i32).map(move |n| first + slot * n)
            })
            .collect())
    }

    /// The slots in `zone`: each wall-clock start placed in it.
    pub fn expand<Tz: TimeZone>(&self, zone: &Tz) -> Result<Slots, SeriesError> {
        let mut slots = Slots {
            starts: Vec::new(),
            skipped: Vec::new(),
        };
        for wall in self.wall_clock_starts()? {
            match zone.from_local_datetime(&wall) {
                LocalResult::Single(at) => slots.starts.push(at.fixed_offset()),
                // The hour that comes twice: the first of the two.
                LocalResult::Ambiguous(first, _) => slots.starts.push(first.fixed_offset()),
                LocalResult::None => slots.skipped.push(wall),
            }
        }
        Ok(slots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Baku, Europe::Berlin};

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("a time of day")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn rfc3339(slots: &Slots) -> Vec<String> {
        slots.starts.iter().map(|t| t.to_rfc3339()).collect()
    }

    /// Every Tuesday 10:00–12:00 in 30-minute slots for six weeks, as the
    /// issue says: 4 slots a week, all at 10:00 to 11:30 local time.
    #[test]
    fn a_weekly_morning_makes_four_slots_a_week_in_baku() {
        let series = Series {
            first_day: day(2027, 1, 11), // a Monday
            weekdays: vec![Weekday::Tue],
            from: time(10, 0),
            to: time(12, 0),
            minutes: 30,
            weeks: 6,
        };
        let slots = series.expand(&Baku).expect("a valid series");
        assert_eq!(slots.starts.len(), 24);
        assert!(slots.skipped.is_empty());
        let starts = rfc3339(&slots);
        assert_eq!(starts[0], "2027-01-12T10:00:00+04:00");
        assert_eq!(starts[3], "2027-01-12T11:30:00+04:00");
        assert_eq!(starts[23], "2027-02-16T11:30:00+04:00");
    }

    /// Berlin moves to summer time on Sunday 29 March 2026: a Friday slot at
    /// 10:00 is 10:00 before and after, at +01:00 then +02:00.
    #[test]
    fn slots_keep_their_wall_clock_time_across_a_daylight_saving_change() {
        let series = Series {
            first_day: day(2026, 3, 20),
            weekdays: vec![Weekday::Fri],
            from: time(10, 0),
            to: time(10, 30),
            minutes: 30,
            weeks: 2,
        };
        let slots = series.expand(&Berlin).expect("a valid series");
        assert_eq!(
            rfc3339(&slots),
            ["2026-03-20T10:00:00+01:00", "2026-03-27T10:00:00+01:00"]
        );
        let after = Series {
            first_day: day(2026, 3, 27),
            ..series
        };
        assert_eq!(
            rfc3339(&after.expand(&Berlin).expect("a valid series")),
            ["2026-03-27T10:00:00+01:00", "2026-04-03T10:00:00+02:00"]
        );
    }

    /// On 29 March 2026 Berlin's clocks go from 02:00 to 03:00: slots at
    /// 02:00 and 02:30 do not exist that day and are said to be skipped.
    #[test]
    fn the_spring_gap_is_skipped_and_said() {
        let series = Series {
            first_day: day(2026, 3, 29),
            weekdays: vec![Weekday::Sun],
            from: time(1, 30),
            to: time(3, 30),
            minutes: 30,
            weeks: 1,
        };
        let slots = series.expand(&Berlin).expect("a valid series");
        assert_eq!(
            rfc3339(&slots),
            ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00"]
        );
        assert_eq!(
            slots.skipped,
            [
                day(2026, 3, 29).and_time(time(2, 0)),
                day(2026, 3, 29).and_time(time(2, 30))
            ]
        );
        // Baku keeps no summer time: the same series makes all four.
        assert_eq!(series.expand(&Baku).expect("valid").starts.len(), 4);
    }

    /// On 25 October 2026 Berlin's 02:00–03:00 comes twice: the first
    /// (still summer time, +02:00) is taken.
    #[test]
    fn an_ambiguous_time_takes_the_first() {
        let series = Series {
            first_day: day(2026, 10, 25),
            weekdays: vec![Weekday::Sun],
            from: time(2, 15),
            to: time(2, 45),
            minutes: 30,
            weeks: 1,
        };
        let slots = series.expand(&Berlin).expect("a valid series");
        assert_eq!(rfc3339(&slots), ["2026-10-25T02:15:00+02:00"]);
        assert!(slots.skipped.is_empty());
    }

    #[test]
    fn a_slot_that_would_run_past_the_end_is_not_made() {
        let series = Series {
            first_day: day(2027, 1, 12),
            weekdays: vec![Weekday::Tue],
            from: time(10, 0),
            to: time(11, 0),
            minutes: 25,
            weeks: 1,
        };
        assert_eq!(
            rfc3339(&series.expand(&Baku).expect("valid")),
            ["2027-01-12T10:00:00+04:00", "2027-01-12T10:25:00+04:00"]
        );
    }

    #[test]
    fn the_limits_a_form_states_are_refused_in_words() {
        let good = Series {
            first_day: day(2027, 1, 11),
            weekdays: vec![Weekday::Mon, Weekday::Wed],
            from: time(9, 0),
            to: time(17, 0),
            minutes: 30,
            weeks: 6,
        };
        // 16 slots a day, 2 days a week, 6 weeks.
        assert_eq!(good.expand(&Baku).expect("valid").starts.len(), 192);
        let refused = |series: Series| series.expand(&Baku).expect_err("refused").to_string();
        assert_eq!(
            refused(Series {
                weeks: 7,
                ..good.clone()
            }),
            "that makes 224 slots; a series makes at most 200"
        );
        assert_eq!(
            refused(Series {
                minutes: 4,
                ..good.clone()
            }),
            "a slot is 5–240 minutes, not 4"
        );
        assert_eq!(
            refused(Series {
                minutes: 241,
                ..good.clone()
            }),
            "a slot is 5–240 minutes, not 241"
        );
        assert_eq!(
            refused(Series {
                to: time(9, 0),
                ..good.clone()
            }),
            "the start must come before the end"
        );
        assert_eq!(
            refused(Series {
                to: time(9, 20),
                ..good.clone()
            }),
            "no slot fits between start and end"
        );
        assert_eq!(
            refused(Series {
                weekdays: vec![],
                ..good.clone()
            }),
            "pick at least one weekday"
        );
        assert_eq!(
            refused(Series {
                weeks: 0,
                ..good.clone()
            }),
            "a series runs 1–52 weeks, not 0"
        );
    }
}
