//! Text safety: nothing from the store reaches a terminal raw.
//!
//! Names and notes come from people and files; an ESC or other control
//! character in them could drive the user's terminal (set the clipboard,
//! rewrite the title, hide text). Every display path goes through here.

/// Replace control characters (C0, DEL, C1) with U+FFFD, keeping newlines
/// and tabs. For multi-line text such as note bodies.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Like [`sanitize`], for a one-line field: line breaks and tabs become spaces.
pub fn sanitize_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let evil = "\u{1b}]52;c;ZXZpbA==\u{7}Name\u{9b}2J\u{7f}";
        let safe = sanitize_line(evil);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert!(safe.contains("Name"));
    }

    #[test]
    fn multi_line_text_keeps_its_lines() {
        assert_eq!(sanitize("a\nb\u{1b}c"), "a\nb\u{FFFD}c");
        assert_eq!(sanitize_line("a\nb"), "a b");
    }
}
