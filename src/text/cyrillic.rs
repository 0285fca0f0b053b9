//! Cyrillic in Latin letters, and Azerbaijani Latin as a Cyrillic
//! keyboard spells it.
//!
//! Russian (and the Cyrillic letters of Ukrainian and Azerbaijani) follow
//! BGN/PCGN 1947, the style of passports and most English texts, written
//! plainly: `ye` for е at a word's start and after a vowel or ъ ь й (Алиев →
//! aliyev), `kh` for х, `y` for й and ы, the hard and soft signs left out,
//! and ё as `yeo`, which holds both its spellings `yo` and `e`. A search
//! matches a query's letters in order with gaps, so the looser spellings
//! people type are found too: `aliev`, `ilham` (Ильхам → ilkham), `yuri`
//! and `yury` (Юрий → yuriy).
//!
//! An Azerbaijani name typed on a Russian keyboard (Алиев for Əliyev,
//! Мамедов for Məmmədov) comes out of the table above in Russian's
//! spelling of it; so a name with an Azerbaijani letter is also keyed in
//! that spelling, each letter as the Cyrillic ones Russian writes it with
//! would come out (ə as а or е: `ae`; h as х or г: `khg`; ...). Both
//! spellings of ə are kept, letters in order, so either query matches.

/// Whether `c` is a Cyrillic letter (U+0400–U+04FF).
pub(crate) fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// Whether `c` is one of the Azerbaijani letters ASCII lacks.
pub(crate) fn is_azerbaijani(c: char) -> bool {
    matches!(
        c,
        'ə' | 'Ə' | 'ı' | 'İ' | 'ş' | 'Ş' | 'ç' | 'Ç' | 'ğ' | 'Ğ' | 'ö' | 'Ö' | 'ü' | 'Ü'
    )
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ү'
    )
}

/// Push the Latin letters of Cyrillic `c` (after `prev`, if any), lower
/// case; false (nothing pushed) when `c` is not Cyrillic.
pub(crate) fn latin(c: char, prev: Option<char>, out: &mut String) -> bool {
    if !is_cyrillic(c) {
        return false;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let prev = prev.map(|p| p.to_lowercase().next().unwrap_or(p));
    let latin = match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' | 'ғ' | 'ҝ' => "g",
        'д' => "d",
        'е' => match prev {
            Some(p) if is_cyrillic(p) && !is_vowel(p) && !matches!(p, 'ъ' | 'ь' | 'й') => "e",
            _ => "ye",
        },
        'ё' => "yeo",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'й' | 'ы' | 'ј' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'э' | 'ә' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ї' => "yi",
        'є' => "ye",
        'һ' | 'ҳ' => "h",
        'ҹ' => "c",
        // Other Cyrillic letters (of other languages) stay as they are.
        other => {
            out.push(other);
            return true;
        }
    };
    out.push_str(latin);
    true
}

/// Push what a Cyrillic spelling of Azerbaijani letter `c` comes out as
/// through [`latin`], all its common spellings in order; false (nothing
/// pushed) for a letter spelled alike in both.
pub(crate) fn azerbaijani(c: char, out: &mut String) -> bool {
    let spelled = match c {
        'ə' | 'Ə' => "ae",
        'ı' => "yi",
        'ş' | 'Ş' => "sh",
        'ç' | 'Ç' => "ch",
        'ğ' | 'Ğ' => "g",
        'ö' | 'Ö' => "yo",
        'ü' | 'Ü' => "yu",
        'x' | 'X' => "kh",
        'c' | 'C' => "dzh",
        'j' | 'J' => "zh",
        'h' | 'H' => "khg",
        // Russian writes q as г mostly (Гулиев); к too, but `k` here would
        // let `kim` find every Qasımov.
        'q' | 'Q' => "g",
        _ => return false,
    };
    out.push_str(spelled);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translit(text: &str) -> String {
        let mut out = String::new();
        let mut prev = None;
        for c in text.chars() {
            if !latin(c, prev, &mut out) {
                out.push(c);
            }
            prev = Some(c);
        }
        out
    }

    #[test]
    fn russian_follows_bgn_pcgn() {
        assert_eq!(translit("Ильхам"), "ilkham");
        assert_eq!(translit("Алиев"), "aliyev");
        assert_eq!(translit("Елена Щукина"), "yelena shchukina");
        assert_eq!(translit("Юрий Воробьёв"), "yuriy vorobyeov");
        assert_eq!(translit("Дмитрий Цой"), "dmitriy tsoy");
        assert_eq!(translit("Объект Жук"), "obyekt zhuk");
        assert_eq!(translit("Эмиль Рыбаков"), "emil rybakov");
        assert_eq!(translit("Сергей Хачатурян"), "sergey khachaturyan");
    }

    #[test]
    fn azerbaijani_cyrillic_letters_are_its_latin() {
        assert_eq!(translit("Әлијев"), "eliyev");
        assert_eq!(translit("Һүсејнов"), "huseynov");
        assert_eq!(translit("Ҹавид Гөјчај"), "cavid goychay");
    }

    #[test]
    fn azerbaijani_letters_as_russian_spells_them() {
        let spell = |text: &str| {
            let mut out = String::new();
            for c in text.chars() {
                if !azerbaijani(c, &mut out) {
                    out.push(c.to_ascii_lowercase());
                }
            }
            out
        };
        assert_eq!(spell("Əliyev"), "aeliyev");
        assert_eq!(spell("Məmmədov"), "maemmaedov");
        assert_eq!(spell("Həsənov"), "khgaesaenov");
        assert_eq!(spell("Cəfərli"), "dzhaefaerli");
        assert!(!azerbaijani('a', &mut String::new()));
    }
}
