//! Searches that find names in other scripts: Hangul by its romanisation
//! and initial consonants, Cyrillic by its Latin letters, and Azerbaijani
//! Latin by a query typed in Cyrillic (see `crate::text::alias`).

use super::*;
use crate::model::testing::{mentor, note, startup};
use crate::model::{Founder, Portfolio, Record};

fn founder(name: &str) -> Founder {
    Founder {
        name: name.into(),
        email: String::new(),
        role: "CEO".into(),
    }
}

/// Korean and Russian mentors and founders among Azerbaijani ones.
fn portfolio() -> Portfolio {
    let mut m1 = mentor("m1", 3);
    m1.name = "김민준".into();
    m1.expertise = vec!["robotics".into()];
    let mut m2 = mentor("m2", 3);
    m2.name = "Ильхам Алиев".into();
    let mut m3 = mentor("m3", 3);
    m3.name = "Kamran Minbashi".into();
    let mut s1 = startup("s1");
    s1.name = "서울 Robotics".into();
    s1.founders = vec![founder("박지훈")];
    let mut s2 = startup("s2");
    s2.name = "Əliyev Agro".into();
    s2.founders = vec![founder("Елена Смирнова")];
    let mut s3 = startup("s3");
    s3.name = "Kilim Craft".into();
    Portfolio {
        mentors: vec![m1, m2, m3],
        startups: vec![s1, s2, s3],
        notes: vec![note(
            "n1",
            "s1",
            "Созвон\nВстреча с Ильхамом про инвестиции",
        )],
        ..Portfolio::default()
    }
}

fn found(query: &str) -> Vec<(String, MatchedField, String)> {
    SearchIndex::build(&portfolio())
        .search(query, None, 10)
        .into_iter()
        .map(|h| (h.id, h.field, h.text))
        .collect()
}

fn first(query: &str) -> (String, MatchedField, String) {
    found(query)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{query:?} finds nothing"))
}

fn name(id: &str, text: &str) -> (String, MatchedField, String) {
    (id.into(), MatchedField::Name, text.into())
}

#[test]
fn romanised_korean_finds_the_hangul_name() {
    for query in [
        "gimminjun",
        "kimminjun",
        "kim min",
        "minjun kim",
        "Kim Minjun",
    ] {
        assert_eq!(first(query), name("m1", "김민준"), "{query}");
    }
    assert_eq!(first("seoul"), name("s1", "서울 Robotics"));
    assert_eq!(first("seoul robotics"), name("s1", "서울 Robotics"));
    // A founder, by the common spelling of the surname or by RR.
    for query in ["park jihun", "bak jihun"] {
        let founder = ("s1".into(), MatchedField::Founder, "박지훈".into());
        assert_eq!(first(query), founder, "{query}");
    }
}

#[test]
fn initial_consonants_find_a_korean_name() {
    assert_eq!(found("ㄱㅁㅈ"), vec![name("m1", "김민준")]);
    assert_eq!(first("ㅅㅇ"), name("s1", "서울 Robotics"));
}

#[test]
fn a_hit_on_an_alias_shows_the_text_unmarked() {
    let hits = SearchIndex::build(&portfolio()).search("gimminjun", None, 1);
    assert_eq!(hits[0].text, "김민준");
    assert!(hits[0].positions.is_empty(), "{:?}", hits[0].positions);
    assert_eq!(match_positions("gimminjun", "김민준"), Vec::<usize>::new());
}

#[test]
fn latin_letters_find_russian_names() {
    for query in ["ilham", "ilkham", "ilham aliyev"] {
        assert_eq!(first(query), name("m2", "Ильхам Алиев"), "{query}");
    }
    // Also Əliyev, as Russian spells it.
    assert!(found("aliev").contains(&name("m2", "Ильхам Алиев")));
    let elena = ("s2".into(), MatchedField::Founder, "Елена Смирнова".into());
    assert_eq!(first("elena smirnova"), elena);
    assert_eq!(first("yelena"), elena);
}

#[test]
fn a_query_in_cyrillic_finds_cyrillic_and_azerbaijani_latin() {
    // `aliyev` in Cyrillic: the Russian name, and Əliyev as Russian spells it.
    let hits = found("алиев");
    assert!(hits.contains(&name("m2", "Ильхам Алиев")), "{hits:?}");
    assert!(hits.contains(&name("s2", "Əliyev Agro")), "{hits:?}");
    assert_eq!(first("Ильхам"), name("m2", "Ильхам Алиев"));
    // A note in Russian, line by line, by a query in Russian or Latin.
    for query in ["встреча", "vstrecha"] {
        let line = "Встреча с Ильхамом про инвестиции";
        assert!(
            found(query).contains(&("n1".into(), MatchedField::Body, line.into())),
            "{query}: {:?}",
            found(query)
        );
    }
}

#[test]
fn latin_names_find_as_before() {
    assert_eq!(first("kilim"), name("s3", "Kilim Craft"));
    assert_eq!(first("eliyev"), name("s2", "Əliyev Agro"));
    // Marked as before: the name's own letters.
    let hit = &SearchIndex::build(&portfolio()).search("eliyev", None, 1)[0];
    assert_eq!(hit.positions, vec![0, 1, 2, 3, 4, 5]);
}

#[test]
fn pickers_and_lists_score_aliases_as_the_index_does() {
    assert!(score("gimminjun", "김민준").is_some());
    assert!(score("алиев", "Əliyev Agro").is_some());
    assert!(score("ilham", "Ильхам Алиев").is_some());
    assert_eq!(score("zzz", "김민준"), None);
    let index = SearchIndex::build(&portfolio());
    let listed = index.search_list("kim min", Kind::Mentor, 5);
    assert_eq!(listed.matched, vec![0]);
}

#[test]
fn a_sieve_keeps_what_an_index_of_aliases_finds() {
    let p = portfolio();
    // The catalog's kinds with names and other texts.
    let records: Vec<Record> = p
        .clone()
        .into_records()
        .into_iter()
        .filter(|r| matches!(r, Record::Startup(_) | Record::Mentor(_)))
        .collect();
    for query in [
        "gimminjun",
        "ilham",
        "алиев",
        "park",
        "ㄱㅁㅈ",
        "seoul",
        "min",
    ] {
        let expected: Vec<String> = SearchIndex::build(&Portfolio {
            notes: Vec::new(),
            ..p.clone()
        })
        .search(query, None, 3)
        .into_iter()
        .map(|h| h.id)
        .collect();
        assert_eq!(
            super::stream::tests::sifted(&records, query, 3),
            expected,
            "{query}"
        );
    }
}

/// What the other spellings add to an index of a generated portfolio: a
/// key and its text for each name, founder or note in Hangul or Cyrillic,
/// and each name with Azerbaijani letters.
#[test]
fn aliases_grow_the_index_by_little() {
    let p = crate::generate::portfolio(2_000, 10);
    let index = SearchIndex::build(&p);
    let aliases: Vec<&index::FieldText> = index.keys.iter().filter(|k| k.alias).collect();
    let arena: usize = aliases.iter().map(|k| index.str(k.folded).len()).sum();
    let added = arena + aliases.len() * size_of::<index::FieldText>();
    let records = index.len();
    eprintln!(
        "{} alias keys, {arena} bytes of text; {added} of {} bytes ({:.1} per record of {records}), FieldText {} bytes",
        aliases.len(),
        index.heap_bytes(),
        added as f64 / records as f64,
        size_of::<index::FieldText>()
    );
    // 2,000 startups, 20,000 notes: 12 bytes a record, 4.6% (2026-12-07).
    assert!(
        added * 100 < index.heap_bytes() * 6,
        "more than 6%: {added}"
    );
    assert!(added < records * 16, "{added} for {records} records");
}
