//! The time a response was sent, as each form tool writes it: Google
//! Forms' `2026/12/03 11:20:00 AM GMT+4`, Typeform's `2026-12-03 07:20:00`
//! (UTC, its header says so), Microsoft Forms' through Excel
//! `12/3/2026 11:20:00` or, in an Azerbaijani or Russian locale,
//! `03.12.2026 11:20`, and RFC 3339. A time with no offset is in the zone
//! `local` gives (UTC when the header says `UTC`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// How a time with no offset is placed: the machine's zone, or UTC.
pub type Zone<'a> = &'a dyn Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>;

/// Times with a date, then the time of day.
const DATE_TIMES: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %I:%M %p",
    "%Y/%m/%d %p %I:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y. %m. %d. %p %I:%M:%S",
    "%Y. %m. %d %p %I:%M:%S",
    "%Y. %m. %d. %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];

const DATES: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d.%m.%Y"];

/// A few forms this reads, for a message.
pub const EXAMPLES: &str =
    "2026-12-03 11:20, 2026/12/03 11:20:00 AM GMT+4, 12/3/2026 11:20:00, 03.12.2026 11:20";

/// `text` as a time, or `None` when it is none of the forms above.
pub fn parse(text: &str, zone: Zone) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at);
    }
    // Korean spreadsheets write 오전 and 오후 for AM and PM.
    let text = text.replace("오전", "AM").replace("오후", "PM");
    let (naive, offset) = match split_offset(&text) {
        Some((rest, offset)) => (rest, Some(offset)),
        None => (text.as_str(), None),
    };
    let naive = naive_time(naive)?;
    match offset {
        Some(offset) => offset.from_local_datetime(&naive).single(),
        None => zone(naive),
    }
}

/// A trailing `GMT+4`, `UTC`, `+04:00` or `Z`: the text before it and
/// the offset.
fn split_offset(text: &str) -> Option<(&str, FixedOffset)> {
    if let Some(rest) = text.strip_suffix('Z') {
        return Some((rest.trim_end(), FixedOffset::east_opt(0)?));
    }
    let (rest, last) = text.rsplit_once(' ')?;
    let upper = last.to_ascii_uppercase();
    let sign_part = upper
        .strip_prefix("GMT")
        .or_else(|| upper.strip_prefix("UTC"))
        .unwrap_or(&upper);
    if sign_part.is_empty() && upper.len() == 3 {
        return Some((rest, FixedOffset::east_opt(0)?));
    }
    let (sign, digits) = match sign_part.as_bytes().first()? {
        b'+' => (1, &sign_part[1..]),
        b'-' => (-1, &sign_part[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse().ok()?, 0),
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some((
        rest.trim_end(),
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?,
    ))
}

fn naive_time(text: &str) -> Option<NaiveDateTime> {
    // Excel and Google write 9:05, not 09:05; chrono takes both.
    DATE_TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            DATES
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .map(|d| d.and_time(NaiveTime::MIN))
        })
}

/// Place a time with no offset in UTC.
pub fn utc(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    Some(naive.and_utc().fixed_offset())
}

/// Place a time with no offset in this machine's zone (the earlier, for
/// an hour a clock change repeats).
pub fn local(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    chrono::Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baku(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        FixedOffset::east_opt(4 * 3600)?
            .from_local_datetime(&naive)
            .single()
    }

    fn at(text: &str) -> String {
        parse(text, &baku).map_or("none".into(), |t| t.to_rfc3339())
    }

    #[test]
    fn each_form_tools_time_is_read() {
        // Google Forms' download: its own offset.
        assert_eq!(
            at("2026/12/03 11:20:00 AM GMT+4"),
            "2026-12-03T11:20:00+04:00"
        );
        assert_eq!(
            at("2026/12/03 3:08:04 PM GMT+09:00"),
            "2026-12-03T15:08:04+09:00"
        );
        assert_eq!(
            at("2026/12/03 3:08:04 오후 GMT+9"),
            "2026-12-03T15:08:04+09:00"
        );
        assert_eq!(at("2026. 12. 3. 오후 3:08:04"), "2026-12-03T15:08:04+04:00");
        // A sheet's US and European days, in the given zone.
        assert_eq!(at("12/3/2026 11:20:00"), "2026-12-03T11:20:00+04:00");
        assert_eq!(at("03.12.2026 9:05"), "2026-12-03T09:05:00+04:00");
        assert_eq!(at("2026-12-03T11:20:00+04:00"), "2026-12-03T11:20:00+04:00");
        assert_eq!(at("2026-12-03 07:20:00 UTC"), "2026-12-03T07:20:00+00:00");
        assert_eq!(at("2026-12-03"), "2026-12-03T00:00:00+04:00");
        assert_eq!(at("yesterday"), "none");
        assert_eq!(at("2026/13/03 11:20:00"), "none");
    }

    #[test]
    fn typeforms_utc_column_is_read_as_utc() {
        let t = parse("2026-12-03 07:20:00", &utc).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-03T07:20:00+00:00");
    }
}
