//! iCalendar's content lines (RFC 5545 3.1): text values escaped, and
//! lines folded at 75 octets with CRLF.

use crate::text::is_unsafe;

/// The longest content line, in octets, before its CRLF (RFC 5545 3.1).
pub const LINE_OCTETS: usize = 75;

/// A TEXT value escaped per RFC 5545 3.3.11: backslash, semicolon and comma
/// get a backslash; a line break (CRLF, CR, LF, or Unicode's separators) is
/// `\n`. A control character a TEXT value may not hold (all but tab) is
/// written as U+FFFD, as the screen shows it.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one break.
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` to `out` folded (RFC 5545 3.1): at most 75 octets a
/// line, each line after the first starting with a space that counts in
/// its 75, never splitting a UTF-8 character; each line ends in CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > room {
            out.push_str("\r\n ");
            // The space that starts a continued line takes one octet.
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_rfc_5545_says() {
        assert_eq!(
            escape_text("Room 2; floor 3, left\\right"),
            "Room 2\\; floor 3\\, left\\\\right"
        );
        assert_eq!(
            escape_text("one\r\ntwo\nthree\rfour"),
            "one\\ntwo\\nthree\\nfour"
        );
        assert_eq!(
            escape_text("a\u{1b}]52;c;x\u{7}"),
            "a\u{FFFD}]52\\;c\\;x\u{FFFD}"
        );
        assert_eq!(escape_text("tab\there"), "tab\there");
        // A colon needs no escape in a value.
        assert_eq!(
            escape_text("https://meet.example/x"),
            "https://meet.example/x"
        );
    }

    fn lines(folded: &str) -> Vec<&str> {
        folded
            .strip_suffix("\r\n")
            .expect("ends in CRLF")
            .split("\r\n")
            .collect()
    }

    #[test]
    fn a_long_korean_line_folds_at_75_octets_without_splitting_a_character() {
        // 3 octets a syllable: 40 syllables make 120 octets of value.
        let korean = "김민준의 가격 검토와 다음 단계 파일럿 계획".repeat(2);
        let line = format!("SUMMARY:{}", escape_text(&korean));
        let mut out = String::new();
        push_folded(&mut out, &line);
        let parts = lines(&out);
        assert!(parts.len() >= 2, "folded into {parts:?}");
        for (n, part) in parts.iter().enumerate() {
            assert!(
                part.len() <= LINE_OCTETS,
                "line {n} is {} octets",
                part.len()
            );
            if n > 0 {
                assert!(
                    part.starts_with(' '),
                    "line {n} does not start with a space"
                );
            }
        }
        // The first line is as full as a 3-octet character allows.
        assert!(parts[0].len() > LINE_OCTETS - 3);
        // Unfolding (drop CRLF and the space after it) gives the line back.
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        assert!(out.contains("김민준"));
    }

    #[test]
    fn azerbaijani_letters_survive_folding() {
        let text =
            "Şəbəkə Pay ilə qiymət müzakirəsi; növbəti addım: pilot, Gəncə və Şəki".repeat(2);
        let line = format!("DESCRIPTION:{}", escape_text(&text));
        let mut out = String::new();
        push_folded(&mut out, &line);
        for part in lines(&out) {
            assert!(part.len() <= LINE_OCTETS);
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn a_short_line_is_left_whole() {
        let mut out = String::new();
        push_folded(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
        let exactly = "X".repeat(LINE_OCTETS);
        let mut out = String::new();
        push_folded(&mut out, &exactly);
        assert_eq!(out, format!("{exactly}\r\n"));
    }
}
