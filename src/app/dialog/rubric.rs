//! A score on a rubric by keys, as the review form and the judge's
//! screen both take it: `1`–`5` sets it, ←/→ step it, Backspace clears.

use ratatui::crossterm::event::KeyCode;

use crate::model::SCORE_RANGE;

/// What a key did to a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    /// A digit typed: the score is set, and the cursor goes on to the
    /// next line, as a form's Enter does.
    Typed,
    /// Stepped up or down, or cleared: the cursor stays.
    Changed,
    /// Not a rubric key.
    Ignored,
}

/// Change `score` by the key `code`.
pub fn rate(score: &mut Option<u8>, code: KeyCode) -> Rated {
    let (low, high) = (*SCORE_RANGE.start(), *SCORE_RANGE.end());
    match code {
        KeyCode::Char(c) => match c.to_digit(10).and_then(|d| u8::try_from(d).ok()) {
            Some(d) if SCORE_RANGE.contains(&d) => {
                *score = Some(d);
                Rated::Typed
            }
            _ => Rated::Ignored,
        },
        KeyCode::Left => {
            *score = Some(score.map_or(low, |s| s.saturating_sub(1).max(low)));
            Rated::Changed
        }
        KeyCode::Right => {
            *score = Some(score.map_or(low, |s| (s + 1).min(high)));
            Rated::Changed
        }
        KeyCode::Backspace | KeyCode::Delete => {
            *score = None;
            Rated::Changed
        }
        _ => Rated::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_set_arrows_step_within_one_to_five_and_backspace_clears() {
        let mut score = None;
        assert_eq!(rate(&mut score, KeyCode::Char('4')), Rated::Typed);
        assert_eq!(score, Some(4));
        assert_eq!(rate(&mut score, KeyCode::Char('6')), Rated::Ignored);
        assert_eq!(rate(&mut score, KeyCode::Char('0')), Rated::Ignored);
        assert_eq!(score, Some(4));
        rate(&mut score, KeyCode::Right);
        rate(&mut score, KeyCode::Right);
        assert_eq!(score, Some(5));
        rate(&mut score, KeyCode::Backspace);
        assert_eq!(score, None);
        rate(&mut score, KeyCode::Left);
        assert_eq!(score, Some(1));
    }
}
