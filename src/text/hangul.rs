//! Hangul in Latin letters, for people without a Hangul keyboard.
//!
//! Romanisation follows the Revised Romanization of Korean (Ministry of
//! Culture and Tourism, 2000): the letter tables of its §2, a final
//! consonant carried over to a following vowel (한국어 → hangugeo) and
//! ㄹㄹ written `ll` (§3.1); the other sound changes of §3 are not written,
//! as §3 allows for personal names. A syllable is decomposed arithmetically
//! (U+AC00 + (initial × 21 + vowel) × 28 + final).
//!
//! A name's surname stands apart (`gim minjun`, §4: no sound change between
//! surname and given name), led by the spellings most people use for it in
//! passports (Kim for 김, Lee/Yi/Rhee for 이, Park for 박, Choi for 최, ...:
//! `SURNAMES`, a table made by hand of about 70 frequent surnames and their
//! widespread non-RR spellings; no official list was used), so `kimminjun`,
//! `gimminjun` and `kim min` all find 김민준. The initial consonants follow
//! (`ㄱㅁㅈ`), as Korean users type them to find a name.

const BASE: u32 = 0xAC00;
const LAST: u32 = 0xD7A3;
const VOWELS_BY_FINALS: u32 = 21 * 28;

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];

/// The initials as the compatibility jamo a keyboard types (ㄱ U+3131, ...).
const INITIAL_JAMO: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];

/// A final consonant before a consonant or at the end of a word.
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// A final consonant carried over to the next syllable, which begins with
/// a vowel (its initial is ㅇ, silent).
const LINKED: [&str; 28] = [
    "", "g", "kk", "gs", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r", "m",
    "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "",
];

const SILENT_INITIAL: usize = 11;
const INITIAL_RIEUL: usize = 5;
const FINAL_RIEUL: usize = 8;

/// Surnames (one or two syllables, the two-syllable ones first) and the
/// spellings people use for them other than the Revised Romanization.
const SURNAMES: &[(&str, &[&str])] = &[
    ("남궁", &["namkoong"]),
    ("독고", &[]),
    ("선우", &["sunwoo"]),
    ("제갈", &[]),
    ("황보", &[]),
    ("김", &["kim"]),
    ("이", &["lee", "yi", "rhee"]),
    ("리", &["lee"]),
    ("박", &["park", "pak"]),
    ("최", &["choi"]),
    ("정", &["jung", "chung"]),
    ("강", &["kang"]),
    ("조", &["cho"]),
    ("윤", &["yoon"]),
    ("장", &["chang"]),
    ("임", &["lim"]),
    ("림", &["lim"]),
    ("한", &[]),
    ("오", &["oh"]),
    ("서", &["suh"]),
    ("신", &["shin"]),
    ("권", &["kwon"]),
    ("황", &[]),
    ("안", &["ahn"]),
    ("송", &[]),
    ("류", &["yoo"]),
    ("유", &["yoo"]),
    ("전", &["jun", "chun"]),
    ("홍", &[]),
    ("고", &["ko"]),
    ("문", &["moon"]),
    ("양", &[]),
    ("손", &["sohn"]),
    ("배", &[]),
    ("백", &["paik"]),
    ("허", &["huh"]),
    ("노", &["noh", "roh"]),
    ("남", &[]),
    ("심", &["shim"]),
    ("하", &[]),
    ("곽", &["kwak"]),
    ("성", &["sung"]),
    ("차", &[]),
    ("주", &["joo"]),
    ("우", &["woo"]),
    ("구", &["koo", "ku"]),
    ("민", &[]),
    ("진", &[]),
    ("나", &[]),
    ("지", &[]),
    ("엄", &["um"]),
    ("채", &[]),
    ("원", &[]),
    ("천", &["chun"]),
    ("방", &[]),
    ("공", &["kong"]),
    ("현", &["hyun"]),
    ("변", &["byun"]),
    ("염", &["yum"]),
    ("여", &["yuh"]),
    ("추", &["choo"]),
    ("도", &[]),
    ("석", &["suk"]),
    ("선", &["sun"]),
    ("설", &["sul"]),
    ("길", &["kil"]),
    ("연", &["yun"]),
    ("표", &[]),
    ("명", &["myung"]),
    ("기", &["ki"]),
    ("라", &["la"]),
    ("금", &["keum"]),
    ("국", &["kook"]),
    ("경", &["kyung"]),
];

/// Whether `c` is a Hangul syllable (U+AC00–U+D7A3).
pub(crate) fn is_syllable(c: char) -> bool {
    (BASE..=LAST).contains(&u32::from(c))
}

/// (initial, vowel, final) indices of a syllable.
fn parts(c: char) -> Option<(usize, usize, usize)> {
    let n = u32::from(c).checked_sub(BASE)?;
    if n > LAST - BASE {
        return None;
    }
    Some((
        (n / VOWELS_BY_FINALS) as usize,
        (n % VOWELS_BY_FINALS / 28) as usize,
        (n % 28) as usize,
    ))
}

/// The Revised Romanization of a run of syllables, as one word.
pub(crate) fn romanize(syllables: &[char], out: &mut String) {
    let parts: Vec<(usize, usize, usize)> = syllables.iter().filter_map(|&c| parts(c)).collect();
    for (i, &(initial, vowel, _)) in parts.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| parts[p].2);
        match before {
            // The final before was carried over to this vowel.
            Some(f) if initial == SILENT_INITIAL && f != 0 => {}
            Some(FINAL_RIEUL) if initial == INITIAL_RIEUL => out.push('l'),
            _ => out.push_str(INITIALS[initial]),
        }
        out.push_str(VOWELS[vowel]);
        let fin = parts[i].2;
        let next_is_vowel = parts.get(i + 1).is_some_and(|n| n.0 == SILENT_INITIAL);
        out.push_str(if next_is_vowel {
            LINKED[fin]
        } else {
            FINALS[fin]
        });
    }
}

/// The surname a run of 2 to 4 syllables starts with (a name), if any.
fn surname(run: &[char]) -> Option<(usize, &'static [&'static str])> {
    if !(2..=4).contains(&run.len()) {
        return None;
    }
    SURNAMES.iter().find_map(|&(name, spellings)| {
        let len = name.chars().count();
        (len < run.len() && name.chars().eq(run[..len].iter().copied())).then_some((len, spellings))
    })
}

/// A run of Hangul syllables in Latin letters, for a search key: the
/// common spellings of its surname, if it starts with one, then its
/// romanisation (surname apart), then its initial consonants.
pub(crate) fn run_alias(run: &[char], out: &mut String) {
    match surname(run) {
        Some((len, spellings)) => {
            for spelling in spellings {
                out.push_str(spelling);
                out.push(' ');
            }
            romanize(&run[..len], out);
            out.push(' ');
            romanize(&run[len..], out);
        }
        None => romanize(run, out),
    }
    out.push(' ');
    out.extend(
        run.iter()
            .filter_map(|&c| parts(c))
            .map(|(initial, _, _)| INITIAL_JAMO[initial]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rr(text: &str) -> String {
        let run: Vec<char> = text.chars().collect();
        let mut out = String::new();
        romanize(&run, &mut out);
        out
    }

    fn alias(text: &str) -> String {
        let run: Vec<char> = text.chars().collect();
        let mut out = String::new();
        run_alias(&run, &mut out);
        out
    }

    #[test]
    fn syllables_decompose_arithmetically() {
        assert_eq!(parts('가'), Some((0, 0, 0)));
        assert_eq!(parts('김'), Some((0, 20, 16)));
        assert_eq!(parts('힣'), Some((18, 20, 27)));
        assert_eq!(parts('ㄱ'), None);
        assert_eq!(parts('A'), None);
    }

    #[test]
    fn revised_romanization_of_words() {
        // Examples of the 2000 rules.
        assert_eq!(rr("서울"), "seoul");
        assert_eq!(rr("부산"), "busan");
        assert_eq!(rr("민준"), "minjun");
        assert_eq!(rr("한국어"), "hangugeo");
        assert_eq!(rr("설리"), "seolli");
        assert_eq!(rr("꽃"), "kkot");
        assert_eq!(rr("의사"), "uisa");
        assert_eq!(rr("좋아"), "joa");
        assert_eq!(rr("영어"), "yeongeo");
        assert_eq!(rr("워"), "wo");
    }

    #[test]
    fn names_put_common_surname_spellings_first_and_initials_last() {
        assert_eq!(alias("김민준"), "kim gim minjun ㄱㅁㅈ");
        assert_eq!(alias("이서연"), "lee yi rhee i seoyeon ㅇㅅㅇ");
        assert_eq!(alias("박지훈"), "park pak bak jihun ㅂㅈㅎ");
        assert_eq!(alias("최우식"), "choi choe usik ㅊㅇㅅ");
        assert_eq!(alias("남궁민"), "namkoong namgung min ㄴㄱㅁ");
        assert_eq!(alias("한별"), "han byeol ㅎㅂ");
        // A long run is no name: one word.
        assert_eq!(alias("대한민국만세"), "daehanmingukmanse ㄷㅎㅁㄱㅁㅅ");
    }
}
