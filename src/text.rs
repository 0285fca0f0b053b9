//! Text: what may reach a terminal, and the folded spelling texts are
//! compared in.
//!
//! Safety: nothing from the store reaches a terminal raw.
//! Names and notes come from people and files; an ESC or other control
//! character in them could drive the user's terminal (set the clipboard,
//! rewrite the title, hide text). Every display path goes through here.
//! So do the bidirectional overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069): a name holding U+202E would show the rest of a line,
//! ids and fields included, reversed ("Trojan Source"). The plain marks
//! (U+200E, U+200F, U+061C) stay: right-to-left names use them, and they
//! move no text past a letter.
//!
//! Comparing: [`fold`] is the spelling in which search, sorting, name
//! resolution and export file names compare texts, so `sebeke` finds
//! `Şəbəkə`. [`alias`] is a second spelling search keys hold for texts in
//! Hangul or Cyrillic, and for names with Azerbaijani letters (`hangul`,
//! `cyrillic`: the standards followed and their tables), and
//! [`fold_query`] folds a query, Cyrillic in Latin letters.

mod cyrillic;
mod hangul;
pub mod number;

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

/// What never reaches a terminal raw: C0 and C1 controls, DEL, the line
/// and paragraph separators, and the bidirectional overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// A value quoted back to the user, cut in the middle when it is longer
/// than `max` chars, so a refusal of a 300-digit number stays one line.
/// Its start and end stay (closing quotes included).
pub fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let tail = max / 3;
    let head = max.saturating_sub(tail + 1);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// [`shorten`] every word of `text` longer than `max` chars: for messages
/// written by others (clap) that quote what was typed.
pub fn shorten_words(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4096));
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            out.push_str(&shorten(&std::mem::take(&mut word), max));
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&shorten(&word, max));
    out
}

/// Fold for matching: lowercase, and Azerbaijani/Turkish letters to ASCII
/// (ə/Ə→e, ı/I/İ→i, ş/Ş→s, ç/Ç→c, ğ/Ğ→g, ö/Ö→o, ü/Ü→u), and common Latin
/// accents too (é→e, â→a, ñ→n, ł→l, ...); typographic quotes, dashes, the
/// ellipsis and non-breaking spaces to their ASCII look-alikes (’→', —→-,
/// …→.), so `don't` finds `don’t`.
///
/// Exactly one output char per input char, so a char position in the folded
/// string is the same char position in the original.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out`, appended: for an index that keeps its texts in
/// one string.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(text.chars().map(fold_char));
    }
}

/// "1 note", "3 notes", "0 demo days": a count and its noun (singular,
/// made plural with an `s`).
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Another spelling of `text`, folded, that a search key holds besides
/// [`fold`]'s, for people who cannot type the text's own letters: Hangul
/// in Latin letters (Revised Romanization, a name's common surname
/// spellings, then its initial consonants: 김민준 → `kim gim minjun ㄱㅁㅈ`),
/// Cyrillic in Latin letters (BGN/PCGN: Ильхам → `ilkham`), and, for a
/// `name` with Azerbaijani letters, the Latin letters of its Russian
/// spelling (Əliyev → `aeliyev`, which `алиев` folded by [`fold_query`]
/// finds). None for any other text: most texts cost nothing more. Hangul
/// is spelled out only in a short one-line text (a name, a founder, a
/// tag, up to [`SHORT_TEXT`] chars), not in notes: a Korean phrase in every
/// note would grow the index by a tenth for little (Cyrillic is spelled out
/// everywhere, as a Cyrillic query is searched in Latin letters).
///
/// Lines stay lines (a note body's alias has the same line breaks), but
/// chars are not one for one: a hit on an alias has no positions.
pub fn alias(text: &str, name: bool) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let short = !text.contains('\n') && text.chars().count() <= SHORT_TEXT;
    let korean = short && text.chars().any(hangul::is_syllable);
    let russian = text.chars().any(cyrillic::is_cyrillic);
    let azerbaijani = name && text.chars().any(cyrillic::is_azerbaijani);
    if !korean && !russian && !azerbaijani {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if korean && hangul::is_syllable(c) {
            let start = i;
            while chars.get(i).is_some_and(|&c| hangul::is_syllable(c)) {
                i += 1;
            }
            hangul::run_alias(&chars[start..i], &mut out);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let spelled = cyrillic::latin(c, prev, &mut out)
            || (azerbaijani && cyrillic::azerbaijani(c, &mut out));
        if !spelled {
            out.push(fold_char(c));
        }
        i += 1;
    }
    Some(out)
}

/// The longest text whose Hangul [`alias`] spells out.
pub const SHORT_TEXT: usize = 48;

/// [`fold`] for a query: its Cyrillic letters in Latin ones too, as
/// [`alias`] spells them, so a query typed on a Cyrillic keyboard finds
/// Cyrillic texts (by their aliases) and Azerbaijani names in Latin
/// letters (`алиев` → `aliyev` finds Əliyev). A query without Cyrillic is
/// folded as [`fold`] does; one typed a letter further extends the last.
pub fn fold_query(query: &str) -> String {
    if !query.chars().any(cyrillic::is_cyrillic) {
        return fold(query);
    }
    let mut out = String::with_capacity(query.len());
    let mut prev = None;
    for c in query.chars() {
        if !cyrillic::latin(c, prev, &mut out) {
            out.push(fold_char(c));
        }
        prev = Some(c);
    }
    out
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = match c {
        // 'İ'.to_lowercase() is "i\u{307}"; say what we mean.
        'İ' | 'ı' => return 'i',
        // Typographic punctuation and spaces, as typed on a keyboard.
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => return ' ',
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => return '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => return '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => return '-',
        '…' => return '.',
        _ => c.to_lowercase().next().unwrap_or(c),
    };
    match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
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
    fn bidirectional_overrides_are_replaced_and_marks_kept() {
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}'] {
            assert_eq!(sanitize_line(&format!("a{c}b")), "a\u{FFFD}b", "{c:?}");
        }
        for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert_eq!(sanitize(&format!("a{c}b")), "a\u{FFFD}b", "{c:?}");
        }
        // Marks only settle the direction of neighbouring punctuation.
        assert_eq!(
            sanitize_line("\u{200f}نرگز\u{200e}"),
            "\u{200f}نرگز\u{200e}"
        );
    }

    #[test]
    fn long_values_are_cut_in_the_middle() {
        let digits = "9".repeat(300);
        let short = shorten(&digits, 40);
        assert_eq!(short.chars().count(), 40);
        assert!(short.starts_with("999") && short.ends_with("999") && short.contains('…'));
        assert_eq!(shorten("12", 40), "12");
        let quoted = shorten_words(&format!("invalid value '{digits}' for"), 40);
        assert!(quoted.starts_with("invalid value '999") && quoted.ends_with("9' for"));
        assert!(quoted.chars().count() < 60, "{quoted}");
    }

    #[test]
    fn multi_line_text_keeps_its_lines() {
        assert_eq!(sanitize("a\nb\u{1b}c"), "a\nb\u{FFFD}c");
        assert_eq!(sanitize_line("a\nb"), "a b");
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("Şəmsiyyə Rəhimova"), "semsiyye rehimova");
        assert_eq!(fold("ÇİNGİZ Iğdır Ölüş"), "cingiz igdir olus");
        assert_eq!(
            fold("Café Crème, São Paulo, Łódź"),
            "cafe creme, sao paulo, lodz"
        );
        assert_eq!(fold("“Don’t” — ok…\u{a0}"), "\"don't\" - ok. ");
        for text in ["İİİ", "ẞtraße", "Ǆemal", "e\u{301}", "日本語", "ΣΑΣ"] {
            assert_eq!(fold(text).chars().count(), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn aliases_spell_hangul_cyrillic_and_azerbaijani_names_in_latin() {
        assert_eq!(
            alias("김민준", true).as_deref(),
            Some("kim gim minjun ㄱㅁㅈ")
        );
        assert_eq!(
            alias("서울 Ventures", false).as_deref(),
            Some("suh seo ul ㅅㅇ ventures")
        );
        assert_eq!(
            alias("Ильхам Алиев", true).as_deref(),
            Some("ilkham aliyev")
        );
        assert_eq!(alias("Əliyev", true).as_deref(), Some("aeliyev"));
        // Azerbaijani letters give a note body no alias: only names.
        assert_eq!(alias("Əliyev ilə görüş", false), None);
        assert_eq!(alias("Kilim Craft", true), None);
        assert_eq!(alias("Café", true), None);
        // Hangul only in a short text; Cyrillic everywhere.
        let long = format!("{} 서울", "x".repeat(SHORT_TEXT));
        assert_eq!(alias(&long, false), None);
        assert_eq!(alias("서울\n서울", false), None);
        // A body keeps its lines.
        assert_eq!(
            alias("Встреча\nс Ильхамом", false).as_deref(),
            Some("vstrecha\ns ilkhamom")
        );
    }

    #[test]
    fn queries_in_cyrillic_fold_to_latin_letters() {
        assert_eq!(fold_query("Алиев"), "aliyev");
        assert_eq!(fold_query("ИЛЬХАМ Şəki"), "ilkham seki");
        assert_eq!(fold_query("Şəmsiyyə"), fold("Şəmsiyyə"));
        // Typing on extends what was typed.
        assert!(fold_query("алие").starts_with(&fold_query("али")));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn fold_is_one_char_per_char(text in any::<String>()) {
                prop_assert_eq!(fold(&text).chars().count(), text.chars().count());
                prop_assert_eq!(fold(&fold(&text)), fold(&text));
            }

            #[test]
            fn an_alias_keeps_the_lines(text in any::<String>(), name in any::<bool>()) {
                if let Some(alias) = alias(&text, name) {
                    prop_assert_eq!(alias.matches('\n').count(), text.matches('\n').count());
                }
            }

            #[test]
            fn a_query_typed_further_extends_its_fold(text in "[а-яёa-zə ]{0,12}", more in "[а-яёa-zə ]") {
                let longer = format!("{text}{more}");
                prop_assert!(fold_query(&longer).starts_with(&fold_query(&text)));
            }
        }
    }
}
