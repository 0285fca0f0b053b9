//! Size limits, named in the errors that enforce them.

/// Characters in a name, title or other one-line field.
pub const NAME_CHARS: usize = 200;
/// Characters in an id.
pub const ID_CHARS: usize = 64;
/// Characters in a one-liner, website, email or venue.
pub const LINE_CHARS: usize = 500;
/// Bytes in a note body, a cohort description or demo day notes.
pub const TEXT_BYTES: usize = 64 * 1024;
/// Items in a list (tags, founders, mentors, pitches, investors, KPIs).
pub const LIST_ITEMS: usize = 1000;
/// Minutes in one pitch slot.
pub const PITCH_MINUTES: u32 = 240;
/// Capacity of a cohort or mentor.
pub const CAPACITY: u32 = 10_000;
/// Years a date may fall in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;
