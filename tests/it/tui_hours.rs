//! Office hours drawn as a user sees them, at 80×24 and 120×40, colour
//! off: the series form, the booking picker, a mentor's week, and Home
//! with today's and tomorrow's office hours. The sample's office hours
//! are replaced by a few made here (and its milestones left out); the day
//! is Monday 7 December 2026.

use chrono::{DateTime, NaiveDate};
use incubator::app::testing::type_keys;
use incubator::app::{App, Focus};
use incubator::model::{Kind, OfficeHour};

use crate::support::screens::{SIZES, screen, session_on, snap_screen};

fn hour(id: &str, mentor: &str, at: &str, startup: Option<&str>, topic: &str) -> OfficeHour {
    OfficeHour {
        id: id.into(),
        mentor: mentor.into(),
        starts_at: DateTime::parse_from_rfc3339(at).expect("a time"),
        minutes: 30,
        place: "INNOLAND room 2".into(),
        startup: startup.map(str::to_string),
        topic: topic.into(),
    }
}

fn session(size: (u16, u16)) -> App {
    let mut portfolio = incubator::seed::sample().expect("the sample").portfolio;
    // Only these screens' own: the sample's milestones would crowd Home.
    portfolio.milestones.clear();
    portfolio.office_hours = vec![
        hour("oh1", "m1", "2026-12-08T10:00:00+04:00", None, ""),
        hour("oh2", "m2", "2026-12-08T09:00:00+04:00", None, ""),
        hour(
            "oh3",
            "m1",
            "2026-12-03T10:00:00+04:00",
            Some("s6"),
            "Pricing",
        ),
        hour(
            "oh4",
            "m1",
            "2026-12-07T15:00:00+04:00",
            Some("s3"),
            "Export plan",
        ),
        hour(
            "oh5",
            "m1",
            "2026-12-10T10:00:00+04:00",
            Some("s6"),
            "첫 유료 파일럿",
        ),
        hour(
            "oh6",
            "m6",
            "2026-12-08T16:30:00+04:00",
            Some("s5"),
            "Hiring",
        ),
    ];
    session_on(
        portfolio,
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day"),
        size,
    )
}

fn snap(state: &App, what: &str, keys: &str) {
    snap_screen!(state, what, "2026-12-07", keys);
}

#[test]
fn home_shows_todays_and_tomorrows_office_hours() {
    for size in SIZES {
        let state = session(size);
        let shown = screen(&state);
        assert!(shown.contains("Today 15:00 · Aysel Hüseynova"), "{shown}");
        snap(&state, "hours_home", "(none)");
    }
}

#[test]
fn a_mentors_details_show_their_week() {
    for size in SIZES {
        let mut state = session(size);
        assert!(state.select(Kind::Mentor, "m1"));
        state.focus = Focus::Details;
        let shown = screen(&state);
        assert!(shown.contains("This week"), "{shown}");
        snap(&state, "hours_mentor_week", "4, Aysel Hüseynova, Enter");
    }
}

#[test]
fn the_series_form() {
    for size in SIZES {
        let mut state = session(size);
        assert!(state.select(Kind::Mentor, "m1"));
        type_keys(&mut state, "o");
        let shown = screen(&state);
        assert!(shown.contains("Office hours of Aysel Hüseynova"), "{shown}");
        assert!(
            shown.contains("4 slots, Mon 7 Dec 10:00 – Mon 7 Dec 11:30"),
            "{shown}"
        );
        snap(&state, "hours_series_form", "4, Aysel Hüseynova, o");
    }
}

#[test]
fn the_booking_picker() {
    for size in SIZES {
        let mut state = session(size);
        assert!(state.select(Kind::Startup, "s6"));
        type_keys(&mut state, "B");
        let shown = screen(&state);
        assert!(shown.contains("Tue 8 Dec 09:00 · Rəşad Nəbiyev"), "{shown}");
        snap(&state, "hours_booking_picker", "2, Şəbəkə Pay, B");
    }
}
