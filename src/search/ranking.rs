//! Ranking what people mean: a word matched inside one word of a text, or
//! as initials, ranks above letters strewn over a text's words, a name's
//! included (see `scorer::fits`).

use super::*;
use crate::model::Portfolio;
use crate::model::testing::{note, startup};

fn portfolio() -> Portfolio {
    let mut s1 = startup("s1");
    s1.name = "MedQueue".into();
    let mut s2 = startup("s2");
    s2.name = "Yaşıl Nəqliyyat".into();
    s2.founders.clear();
    s2.founders.push(crate::model::Founder {
        name: "Səməd Quliyev".into(),
        email: String::new(),
        role: "CEO".into(),
    });
    let mut s3 = startup("s3");
    s3.name = "Pilot Rides".into();
    s3.founders.clear();
    let mut s4 = startup("s4");
    s4.name = "Səməd Quliyev Studio".into();
    s4.founders.clear();
    Portfolio {
        startups: vec![s1, s2, s3, s4],
        notes: vec![
            note("n1", "s2", "Pricing review with the board next week."),
            note("n3", "s3", "Ask about the medq integration."),
            note(
                "n2",
                "s2",
                "Show them the inverter; mount it yesterday; ship it early and install a year ahead",
            ),
        ],
        ..Portfolio::default()
    }
}

fn ids(query: &str) -> Vec<(String, MatchedField)> {
    SearchIndex::build(&portfolio())
        .search(query, None, 10)
        .into_iter()
        .map(|h| (h.id, h.field))
        .collect()
}

#[test]
fn letters_spread_over_words_rank_below_a_word() {
    // `med` ends a word of Səməd Quliyev: that name ranks below MedQueue,
    // that founder below the word in a note. (Names stay above other
    // fields: what keeps a keystroke at 100k within budget.)
    assert_eq!(
        ids("medq"),
        [
            ("s1".into(), MatchedField::Name),
            ("s4".into(), MatchedField::Name),
            ("n3".into(), MatchedField::Body),
            ("s2".into(), MatchedField::Founder),
        ]
    );
    // What is shown: not those, while better hits are there.
    let mut hits = SearchIndex::build(&portfolio()).search("medq", None, 10);
    without_spread(&mut hits);
    let shown: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(shown, ["s1", "n3"]);
    // With nothing better, spread matches are shown.
    let mut hits = SearchIndex::build(&portfolio()).search("mdql", None, 10);
    without_spread(&mut hits);
    let shown: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(shown, ["s4", "s2"]);
}

#[test]
fn initials_and_whole_words_are_not_spread() {
    assert_eq!(ids("yn")[0], ("s2".into(), MatchedField::Name));
    assert_eq!(ids("pr")[0], ("s3".into(), MatchedField::Name));
    assert_eq!(ids("queue")[0], ("s1".into(), MatchedField::Name));
}

#[test]
fn a_phrase_as_typed_ranks_above_every_other_hit() {
    let mut p = portfolio();
    let mut s5 = startup("s5");
    // Both words, each whole, but not as typed: a name hit.
    s5.name = "Review Pricing Lab".into();
    s5.founders.clear();
    p.startups.push(s5);
    let idx = SearchIndex::build(&p);
    let hits = idx.search("pricing review", None, 10);
    let found: Vec<(&str, MatchedField)> = hits.iter().map(|h| (h.id.as_str(), h.field)).collect();
    assert_eq!(
        found,
        [("n1", MatchedField::Body), ("s5", MatchedField::Name)]
    );
    // The phrase is what is marked: "Pricing review".
    assert_eq!(hits[0].positions, (0..14).collect::<Vec<_>>());
    // Words in the other order are no phrase: the name is first again.
    assert_eq!(idx.search("review pricing", None, 1)[0].id, "s5");
    // The list of notes filtered by it, and one text scored alone, agree.
    let listed = idx.search_list("pricing review", Kind::Note, 1);
    assert_eq!(listed.ranked[0].id, "n1");
    assert!(
        score("pricing review", "Pricing review with the board")
            > score("pricing review", "Review Pricing Lab")
    );
    assert_eq!(
        match_positions("pricing rev", "A pricing revision"),
        (2..13).collect::<Vec<_>>()
    );
}

#[test]
fn a_list_filtered_leaves_out_letters_strewn_while_better_matches_are_there() {
    let idx = SearchIndex::build(&portfolio());
    let ids = |listed: Listed| -> Vec<String> {
        listed.ranked.iter().map(|f| f.id.to_string()).collect()
    };
    // `/medq` on Startups: MedQueue, not Səməd Quliyev's two (by founder
    // and by name), whose letters `med q` are strewn.
    let listed = idx.search_list("medq", Kind::Startup, 10);
    assert_eq!(listed.matched, [0]);
    assert_eq!(ids(listed), ["s1"]);
    // Nothing better: the strewn ones are listed.
    let listed = idx.search_list("mdql", Kind::Startup, 10);
    assert_eq!(ids(listed), ["s4", "s2"]);
}
