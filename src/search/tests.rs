//! Searches over whole indexes: what they find, in what order, and that
//! every shortcut (narrowing, bounds, lists) finds what a brute force does.

use super::index::KIND_ORDER;
use super::rank::{Ranked, rank_order};
use super::*;
use crate::model::testing::{cohort, demo_day, mentor, note, startup};
use crate::model::{Founder, Portfolio};

fn founder(name: &str) -> Founder {
    Founder {
        name: name.into(),
        email: String::new(),
        role: "CEO".into(),
    }
}

/// The characters of `text` at `positions`.
fn marked(hit: &Hit) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    hit.positions.iter().map(|&i| chars[i]).collect()
}

fn sample() -> Portfolio {
    let mut s1 = startup("s1");
    s1.name = "Xəzər Solar".into();
    s1.one_liner = "Rent-to-own rooftop solar for family homes".into();
    s1.sector = "cleantech".into();
    s1.tags = vec!["solar".into(), "hardware".into()];
    s1.founders = vec![founder("Şəmsiyyə Rəhimova"), founder("Tural Həsənov")];
    let mut s2 = startup("s2");
    s2.name = "Çingiz Carpets".into();
    s2.one_liner = "Quba carpets shipped to Seoul".into();
    s2.sector = "ecommerce".into();
    let mut s10 = startup("s10");
    s10.name = "Solarix".into();
    let mut m1 = mentor("m1", 3);
    m1.name = "ÇİNGİZ Məmmədov".into();
    m1.expertise = vec!["fintech".into(), "payments".into()];
    let mut c1 = cohort("c1", "2025-09-08", "2025-12-19");
    c1.name = "Autumn 2025 Incubation".into();
    let mut d1 = demo_day("d1", "c1", &["s1"]);
    d1.venue = "Ağ Şəhər hall".into();
    Portfolio {
        cohorts: vec![c1],
        mentors: vec![m1],
        startups: vec![s10, s2, s1],
        demo_days: vec![d1],
        notes: vec![
            note(
                "n1",
                "s1",
                "Walked the roof in Mərdəkan.\r\nNext: two quotes for the ŞƏBƏKƏ inverter.\nDone.",
            ),
            note("n2", "s2", "Customs for carpets to Korea."),
            note("n3", "s404", "A note about solar panels."),
        ],
        ..Portfolio::default()
    }
}

fn index() -> SearchIndex {
    SearchIndex::build(&sample())
}

#[test]
fn ascii_query_finds_azerbaijani_founder() {
    let hits = index().search("semsiyye", None, 10);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!((hit.kind, hit.id.as_str()), (Kind::Startup, "s1"));
    assert_eq!(hit.name, "Xəzər Solar");
    assert_eq!(hit.field, MatchedField::Founder);
    assert_eq!(hit.text, "Şəmsiyyə Rəhimova");
    assert_eq!(marked(hit), "Şəmsiyyə");
}

#[test]
fn ascii_query_finds_azerbaijani_mentor() {
    let mut p = sample();
    p.mentors[0].name = "Şəmsiyyə Rəhimova".into();
    let hits = SearchIndex::build(&p).search("semsiyye", Some(&[Kind::Mentor]), 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].id.as_str(), hits[0].field),
        ("m1", MatchedField::Name)
    );
    assert_eq!(marked(&hits[0]), "Şəmsiyyə");
}

#[test]
fn upper_case_turkish_query_finds_mixed_case_name() {
    let hits = index().search("ÇİNGİZ", None, 10);
    let found: Vec<(&str, MatchedField)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
    // Both are name hits; the startup wins the tie on kind.
    assert_eq!(
        found,
        [("s2", MatchedField::Name), ("m1", MatchedField::Name)]
    );
    assert_eq!(marked(&hits[0]), "Çingiz");
    assert_eq!(marked(&hits[1]), "ÇİNGİZ");
}

#[test]
fn name_hits_rank_above_other_fields() {
    // "solar" is in two startups' names (s1's tag and one-liner too, but
    // a record gives one hit: its best field) and in a note's body.
    let hits = index().search("solar", None, 10);
    let found: Vec<(&str, MatchedField)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
    assert_eq!(
        found[..2],
        [("s10", MatchedField::Name), ("s1", MatchedField::Name)]
    );
    assert_eq!(found[2..], [("n3", MatchedField::Body)]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));

    // A poor fuzzy name match still beats exact one-liner and body matches.
    let mut p = Portfolio::default();
    let mut weak = startup("s9");
    weak.name = "Crème Arpets Pizza Tea Sauce".into();
    let mut exact = startup("s1");
    exact.one_liner = "carpets".into();
    p.startups = vec![exact, weak];
    p.notes.push(note("n1", "s1", "carpets"));
    let hits = SearchIndex::build(&p).search("carpets", None, 10);
    let found: Vec<(&str, MatchedField)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
    assert_eq!(
        found,
        [
            ("s9", MatchedField::Name),
            ("s1", MatchedField::OneLiner),
            ("n1", MatchedField::Body)
        ]
    );
    assert_eq!(marked(&hits[0]), "CArpets");
    assert!(hits[0].score - NAME_BONUS < hits[1].score, "{hits:#?}");
}

#[test]
fn one_hit_per_record_with_its_best_field() {
    let hits = index().search("solar", Some(&[Kind::Startup]), 10);
    assert_eq!(hits.iter().filter(|h| h.id == "s1").count(), 1);
    let hits = index().search("hardware", None, 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].field, hits[0].text.as_str()),
        (MatchedField::Tag, "hardware")
    );
}

#[test]
fn kinds_filter_limits_what_is_found() {
    let idx = index();
    let hits = idx.search("cingiz", Some(&[Kind::Mentor]), 10);
    assert_eq!(
        hits.iter().map(|h| h.kind).collect::<Vec<_>>(),
        [Kind::Mentor]
    );
    let hits = idx.search("solar", Some(&[Kind::Note, Kind::DemoDay]), 10);
    assert!(hits.iter().all(|h| h.kind == Kind::Note), "{hits:#?}");
    assert_eq!(hits.len(), 1);
    assert!(idx.search("solar", Some(&[]), 10).is_empty());
}

#[test]
fn limit_keeps_the_best() {
    let idx = index();
    let all = idx.search("s", None, 100);
    assert!(all.len() > 3);
    for limit in 0..all.len() + 2 {
        let some = idx.search("s", None, limit);
        assert_eq!(some, all[..limit.min(all.len())], "limit {limit}");
    }
}

#[test]
fn empty_query_finds_nothing() {
    let idx = index();
    assert!(idx.search("", None, 10).is_empty());
    assert!(idx.search(" \t ", None, 10).is_empty());
    assert!(idx.search("zzzz", None, 10).is_empty());
}

#[test]
fn positions_point_into_the_original_text() {
    let hits = index().search("ag seh", None, 10);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!((hit.kind, hit.field), (Kind::DemoDay, MatchedField::Venue));
    assert_eq!(hit.name, "2026-06-25 at Ağ Şəhər hall");
    assert_eq!(hit.text, "Ağ Şəhər hall");
    // Typed as a phrase: the phrase is marked, the space between included.
    assert_eq!(hit.positions, [0, 1, 2, 3, 4, 5]);
    assert_eq!(marked(hit), "Ağ Şəh");
}

#[test]
fn words_match_in_any_order_within_one_field() {
    let idx = index();
    let hits = idx.search("rehimova SEMS", None, 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, MatchedField::Founder);
    assert_eq!(marked(&hits[0]), "ŞəmsRəhimova");
    // Name and sector words do not combine across fields.
    assert!(idx.search("xezer cleantech", None, 10).is_empty());
}

#[test]
fn note_hit_names_its_startup_and_shows_the_matching_line() {
    let idx = index();
    let hits = idx.search("sebeke", None, 10);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!(
        (hit.kind, hit.id.as_str(), hit.field),
        (Kind::Note, "n1", MatchedField::Body)
    );
    assert_eq!(hit.name, "Xəzər Solar");
    assert_eq!(hit.startup.as_deref(), Some("s1"));
    assert_eq!(hit.text, "Next: two quotes for the ŞƏBƏKƏ inverter.");
    assert_eq!(marked(hit), "ŞƏBƏKƏ");

    let hit = &idx.search("merdekan", None, 10)[0];
    assert_eq!(hit.text, "Walked the roof in Mərdəkan.");
    assert_eq!(marked(hit), "Mərdəkan");

    // Words of one query must meet in one line of a body.
    assert!(idx.search("merdekan inverter", None, 10).is_empty());

    // A note of an unknown startup is named by the startup's id.
    let hit = &idx.search("panels", None, 10)[0];
    assert_eq!(
        (hit.name.as_str(), hit.startup.as_deref()),
        ("s404", Some("s404"))
    );
}

#[test]
fn ties_break_by_kind_then_natural_id() {
    let mut p = Portfolio::default();
    for id in ["s10", "s2", "s1"] {
        let mut s = startup(id);
        s.name = "Delta".into();
        p.startups.push(s);
    }
    let mut m = mentor("m1", 1);
    m.name = "Delta".into();
    p.mentors.push(m);
    let mut c = cohort("c1", "2025-01-01", "2025-02-01");
    c.name = "Delta".into();
    p.cohorts.push(c);
    let hits = SearchIndex::build(&p).search("delta", None, 10);
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "s10", "c1", "m1"]);
}

#[test]
fn index_counts_records_and_can_be_shared() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
    let idx = index();
    assert_eq!(idx.len(), sample().len());
    assert!(!idx.is_empty());
    assert!(SearchIndex::build(&Portfolio::default()).is_empty());
}

#[test]
fn searching_as_typed_returns_what_a_fresh_index_returns() {
    // `memo` remembers each query, and narrows the next one from it.
    let typing = index();
    let mut memo = SearchMemo::default();
    let kinds: [Option<&[Kind]>; 3] = [
        None,
        Some(&[Kind::Note]),
        Some(&[Kind::Startup, Kind::Note]),
    ];
    let queries = [
        "s",
        "so",
        "sol",
        "sola",
        "solar",
        "sol",
        "",
        "c",
        "ca",
        "car",
        "carp",
        "carp ",
        "carp k",
        "carp ko",
        "Ş",
        "Şə",
        "Şəm",
        "semsiyye",
        "semsiyye r",
        "x",
        "xə",
        "xəz",
    ];
    for limit in [1, 2, 10] {
        for k in kinds {
            for q in queries {
                assert_eq!(
                    typing.search_with(&mut memo, q, k, limit),
                    typing.search(q, k, limit),
                    "{q:?} {k:?} {limit}"
                );
            }
        }
    }
}

/// Every field of every entry scored, sorted, cut: what `search` must
/// return, however it prunes.
fn brute_force(
    idx: &SearchIndex,
    query: &str,
    limit: usize,
) -> Vec<(String, MatchedField, i64, String)> {
    let folded = fold(query);
    let query = Query::new(&folded);
    let phrase = crate::search::phrase::phrase_of(&query);
    let mut scorer = Scorer::default();
    let mut ranked = Vec::new();
    for (e, entry) in idx.entries.iter().enumerate() {
        let mut best: Option<(i64, usize, usize)> = None;
        for (i, key) in idx.entry_keys(entry).iter().enumerate() {
            let folded = idx.str(key.folded);
            let lines: Vec<&str> = if key.field == MatchedField::Body {
                folded.split('\n').collect()
            } else {
                vec![folded]
            };
            for (n, line) in lines.into_iter().enumerate() {
                if let Outcome::Score(mut score) =
                    scorer.score(line, line.is_ascii(), &query.words, i64::MIN)
                {
                    if key.field == MatchedField::Name {
                        score += NAME_BONUS;
                    }
                    if let Some(phrase) = &phrase {
                        score += phrase.bonus(line);
                    }
                    if best.is_none_or(|(b, _, _)| score > b) {
                        best = Some((score, i, n));
                    }
                }
            }
        }
        if let Some((score, i, n)) = best {
            ranked.push(Ranked {
                score,
                entry: e as u32,
                key: entry.keys_start + i as u32,
                line: n as u32,
            });
        }
    }
    ranked.sort_by(rank_order);
    ranked.truncate(limit);
    ranked
        .iter()
        .map(|r| {
            let h = idx.hit(r, &query.words, &mut Scorer::default());
            (h.id, h.field, h.score, h.text)
        })
        .collect()
}

#[test]
fn found_and_highlights_agree_with_hits_on_a_generated_portfolio() {
    // Debug builds check every hit's positions against skim's own.
    let p = crate::generate::portfolio(400, 3);
    let idx = SearchIndex::build(&p);
    let mut memo = SearchMemo::default();
    for query in [
        "s", "se", "sebeke", "xezer", "서울", "baku pay", "ş", "İnci", "zzz",
    ] {
        for kinds in [None, Some(&[Kind::Startup][..])] {
            let hits = idx.search_with(&mut memo, query, kinds, usize::MAX);
            let found = idx.search_found_with(&mut memo, query, kinds, usize::MAX);
            let ids: Vec<(&str, MatchedField)> =
                hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
            let found_ids: Vec<(&str, MatchedField)> =
                found.iter().map(|f| (f.id, f.field)).collect();
            assert_eq!(ids, found_ids, "{query:?}");
            for hit in hits.iter().filter(|h| h.field == MatchedField::Name) {
                assert_eq!(
                    match_positions(query, &hit.text),
                    hit.positions,
                    "{query:?}"
                );
            }
            // From scratch, as a fresh index would answer.
            let fresh = SearchIndex::build(&p).search(query, kinds, usize::MAX);
            assert_eq!(hits, fresh, "{query:?}");
        }
    }
    assert!(match_positions("zzz", "Şəbəkə Pay").is_empty());
    assert_eq!(match_positions("sp", "Şəbəkə Pay"), vec![0, 7]);
}

/// What `search_list_with` makes of `query` over `kind`, checked against
/// what `search_found` finds with no limit: the same records matched,
/// and each `first` ranked (with a `memo` that searched `idx` before, so
/// narrowing) the first of the whole ranking.
fn assert_listed_as_found(
    idx: &SearchIndex,
    memo: &mut SearchMemo,
    query: &str,
    kind: Kind,
    first: usize,
) {
    let mut all = idx.search_found(query, Some(&[kind]), usize::MAX);
    // Less those matched only by letters strewn over a field's words, when
    // any other is.
    let folded = fold_query(query);
    let words = Query::new(&folded).words;
    let plain = |found: &Found| {
        let entry = idx
            .entries
            .iter()
            .find(|e| e.kind == found.kind && idx.str(e.id) == found.id)
            .expect("a found entry");
        let mut scorer = Scorer::default();
        idx.entry_keys(entry).iter().any(|key| {
            let folded = idx.str(key.folded);
            let mut lines: Vec<&str> = vec![folded];
            if key.field == MatchedField::Body {
                lines = folded.split('\n').collect();
            }
            lines.into_iter().any(|line| {
                crate::search::query::all_subsequences(line, &words)
                    && scorer.fits_all(line, line.is_ascii(), &words)
            })
        })
    };
    if all.iter().any(plain) {
        all.retain(plain);
    }
    let listed = idx.search_list_with(memo, query, kind, first);
    let mut want: Vec<usize> = all.iter().map(|f| f.record).collect();
    want.sort_unstable();
    let mut got = listed.matched.clone();
    got.sort_unstable();
    assert_eq!(got, want, "{query:?} {kind:?}: the records matched");
    assert_eq!(
        listed.ranked[..],
        all[..first.min(all.len())],
        "{query:?} {kind:?} {first}: the first ranked"
    );
}

#[test]
fn a_memo_is_its_searchers_alone_and_forgets_an_index_written_since() {
    let mut idx = index();
    let (mut a, mut b) = (SearchMemo::default(), SearchMemo::default());
    idx.search_with(&mut a, "so", None, 10);
    // Another searcher, on more sets of kinds than a memo keeps.
    for kinds in [None, Some(&[Kind::Note][..]), Some(&[Kind::Mentor][..])] {
        idx.search_with(&mut b, "ca", kinds, 10);
    }
    assert_eq!(a.remembered(), ["so"], "b's searches left a's memo alone");
    assert_eq!(
        idx.search_with(&mut a, "sol", None, 10),
        idx.search("sol", None, 10)
    );
    assert_eq!(a.remembered(), ["so", "sol"]);
    let mut renamed = sample().startups[0].clone();
    renamed.name = "Solaris".into();
    idx.put(&crate::model::Record::Startup(renamed), 0);
    let hits = idx.search_with(&mut a, "sola", None, 10);
    assert_eq!(hits, idx.search("sola", None, 10));
    assert!(hits.iter().any(|h| h.text == "Solaris"));
    assert_eq!(
        a.remembered(),
        ["sola"],
        "what it remembered was of the index before the write"
    );
}

#[test]
fn a_list_matches_and_ranks_first_what_the_whole_ranking_does() {
    // Large enough that matching and ranking run on both cores.
    let p = crate::generate::portfolio(2_000, 5);
    let idx = SearchIndex::build(&p);
    let mut memo = SearchMemo::default();
    let typed = [
        "s",
        "se",
        "seb",
        "sebeke",
        "xezer",
        "xezer hub",
        "xezer hub 1",
        "서울",
        "zzz",
        "pay",
        "pay 1",
        "pa",
    ];
    for kind in KIND_ORDER {
        for query in typed {
            for first in [0, 1, 3, 40, 1_500, usize::MAX] {
                assert_listed_as_found(&idx, &mut memo, query, kind, first);
            }
        }
    }
    // A record's place is its place in the portfolio's list.
    for f in idx.search_found("s", None, usize::MAX) {
        assert_eq!(p.id_at(f.kind, f.record), Some(f.id));
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[abcəşçİI \n]{0,12}").unwrap()
    }

    prop_compose! {
        fn portfolio()(names in proptest::collection::vec(text(), 0..8),
                       bodies in proptest::collection::vec(
                           proptest::string::string_regex("([abcəş .-]{0,10}\n?){0,5}").unwrap(),
                           0..30)) -> Portfolio {
            let mut p = Portfolio::default();
            for (i, name) in names.into_iter().enumerate() {
                let mut s = startup(&format!("s{i}"));
                s.name = name.clone();
                s.tags = vec![name.chars().rev().collect()];
                p.startups.push(s);
                let mut m = mentor(&format!("m{i}"), 1);
                m.expertise = vec![name];
                p.mentors.push(m);
            }
            for (i, body) in bodies.into_iter().enumerate() {
                p.notes.push(note(&format!("n{i}"), &format!("s{i}"), &body));
            }
            p
        }
    }

    /// The query after each step typed: `<` takes the last char back,
    /// anything else is typed on.
    fn as_typed(steps: &[String]) -> Vec<String> {
        let mut query = String::new();
        steps
            .iter()
            .map(|step| {
                if step == "<" {
                    query.pop();
                } else {
                    query.push_str(step);
                }
                query.clone()
            })
            .collect()
    }

    proptest! {
        /// A key keeps its original text as the chars folding changed
        /// when those are few: what comes back is the text, char for char.
        #[test]
        fn a_keys_original_text_comes_back_whole(
            texts in proptest::collection::vec(
                proptest::string::string_regex("[a-zA-Z0-9əƏşŞçÇİIıöÖüÜğĞé’… .\r\n-]{1,60}").unwrap(),
                1..20),
        ) {
            let mut p = Portfolio::default();
            for (i, text) in texts.iter().enumerate() {
                let mut s = startup(&format!("s{i}"));
                s.one_liner = text.clone();
                p.startups.push(s);
                p.notes.push(note(&format!("n{i}"), &format!("s{i}"), text));
            }
            let idx = SearchIndex::build(&p);
            let mut kept: Vec<String> = idx
                .keys
                .iter()
                .filter(|k| matches!(k.field, MatchedField::OneLiner | MatchedField::Body))
                .map(|k| idx.original(k).into_owned())
                .collect();
            let mut given: Vec<String> = texts.iter().chain(&texts).cloned().collect();
            kept.sort();
            given.sort();
            prop_assert_eq!(kept, given);
        }

        #[test]
        fn typing_matches_searching(
            p in portfolio(),
            typed in proptest::collection::vec(
                proptest::string::string_regex("[abcəşçI .]{1,3}|<").unwrap(), 1..12),
            limit in 0usize..6,
            notes_only in any::<bool>(),
        ) {
            let typing = SearchIndex::build(&p);
            let mut memo = SearchMemo::default();
            let kinds: Option<&[Kind]> = if notes_only { Some(&[Kind::Note]) } else { None };
            for query in as_typed(&typed) {
                let hits = typing.search_with(&mut memo, &query, kinds, limit);
                prop_assert_eq!(&hits, &typing.search(&query, kinds, limit));
                for hit in &hits {
                    let n = hit.text.chars().count();
                    prop_assert!(hit.positions.iter().all(|&i| i < n));
                    if hit.field == MatchedField::Body {
                        prop_assert!(!hit.text.contains('\n'));
                    }
                }
            }
        }

        #[test]
        fn a_list_shows_what_searching_finds(
            p in portfolio(),
            typed in proptest::collection::vec(
                proptest::string::string_regex("[abcəşçI .\n]{1,3}|<").unwrap(), 1..8),
            first in 0usize..6,
            kind in proptest::sample::select(KIND_ORDER.to_vec()),
        ) {
            let idx = SearchIndex::build(&p);
            let mut memo = SearchMemo::default();
            for query in as_typed(&typed) {
                assert_listed_as_found(&idx, &mut memo, &query, kind, first);
            }
        }

        /// Two sessions typing into one shared index, their keystrokes
        /// interleaved, each with its own memo: each gets exactly what it
        /// would typing alone.
        #[test]
        fn two_typing_at_once_get_what_each_would_alone(
            p in portfolio(),
            typed in proptest::collection::vec(
                (proptest::string::string_regex("[abcəşçI .]{1,3}|<").unwrap(), any::<bool>()),
                1..16),
            kind in proptest::sample::select(KIND_ORDER.to_vec()),
        ) {
            let idx = SearchIndex::build(&p);
            // One keystroke's answers: the palette's and a list's.
            let answer = |memo: &mut SearchMemo, query: &str| {
                let hits = idx.search_with(memo, query, None, 3);
                let listed: Vec<usize> = idx.search_list_with(memo, query, kind, 2)
                    .ranked.iter().map(|f| f.record).collect();
                (hits, listed)
            };
            let steps = |first: bool| -> Vec<String> {
                let mine: Vec<String> = typed.iter()
                    .filter(|(_, of_first)| *of_first == first)
                    .map(|(step, _)| step.clone())
                    .collect();
                as_typed(&mine)
            };
            let alone = |first: bool| -> Vec<_> {
                let mut memo = SearchMemo::default();
                steps(first).iter().map(|q| answer(&mut memo, q)).collect()
            };
            let (alone_a, alone_b) = (alone(true), alone(false));
            let (queries_a, queries_b) = (steps(true), steps(false));
            let (mut memo_a, mut memo_b) = (SearchMemo::default(), SearchMemo::default());
            let (mut at_a, mut at_b) = (0, 0);
            for (_, of_a) in &typed {
                if *of_a {
                    prop_assert_eq!(&answer(&mut memo_a, &queries_a[at_a]), &alone_a[at_a]);
                    at_a += 1;
                } else {
                    prop_assert_eq!(&answer(&mut memo_b, &queries_b[at_b]), &alone_b[at_b]);
                    at_b += 1;
                }
            }
        }

        #[test]
        fn search_equals_brute_force(
            names in proptest::collection::vec(text(), 0..6),
            bodies in proptest::collection::vec(
                proptest::string::string_regex("([abcəş .-]{0,8}\n?){0,6}").unwrap(), 0..30),
            query in proptest::string::string_regex("[abcəş.-]{1,3}( [abc]{1,2})?").unwrap(),
            limit in 1usize..8,
        ) {
            let mut p = Portfolio::default();
            for (i, name) in names.into_iter().enumerate() {
                let mut s = startup(&format!("s{i}"));
                s.one_liner = name.clone();
                s.name = name.chars().take(3).collect();
                p.startups.push(s);
            }
            for (i, body) in bodies.into_iter().enumerate() {
                p.notes.push(note(&format!("n{i}"), "s0", &body));
            }
            let idx = SearchIndex::build(&p);
            let got: Vec<(String, MatchedField, i64, String)> = idx
                .search(&query, None, limit)
                .into_iter()
                .map(|h| (h.id, h.field, h.score, h.text))
                .collect();
            prop_assert_eq!(got, brute_force(&idx, &query, limit));
        }
    }
}
