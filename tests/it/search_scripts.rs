//! `incubator search` finds names written in other scripts: Korean by
//! romanisation and initial consonants, Russian by Latin letters, and
//! Azerbaijani Latin by a query typed in Cyrillic.

use serde_json::{Value, json};

use crate::support::*;

fn portfolio() -> Sandbox {
    let env = Sandbox::new();
    let doc = json!({
        "format": "incubator-portfolio",
        "version": 1,
        "mentors": [
            {"id": "m1", "name": "김민준"},
            {"id": "m2", "name": "Ильхам Алиев"},
            {"id": "m3", "name": "Kamran Minbashi"}
        ],
        "startups": [
            {"id": "s1", "name": "서울 Robotics", "founders": [{"name": "박지훈"}]},
            {"id": "s2", "name": "Əliyev Agro"},
            {"id": "s3", "name": "Kilim Craft"}
        ],
        "notes": [{"id": "n1", "startup": "s1", "author": "Aysel",
                   "created_at": "2026-05-02T10:00:00Z", "body": "Встреча с Ильхамом"}]
    });
    let out = env.import("scripts.json", &doc, true);
    assert_success(&out);
    env
}

/// The hit lines `search QUERY` prints: id, name and field of each.
fn hits(env: &Sandbox, query: &str) -> Vec<String> {
    let out = env.run(&["search", query]);
    assert_success(&out);
    stdout(&out)
        .lines()
        .map(|line| line.split('\t').skip(1).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn search_finds_korean_names_by_romanisation() {
    let env = portfolio();
    for query in ["gimminjun", "kimminjun", "kim min", "ㄱㅁㅈ"] {
        assert_eq!(hits(&env, query), ["m1 김민준 name"], "{query}");
    }
    assert_eq!(hits(&env, "seoul")[0], "s1 서울 Robotics name");
    assert_eq!(hits(&env, "park jihun"), ["s1 서울 Robotics founder"]);
}

#[test]
fn search_finds_russian_names_by_latin_letters_and_azerbaijani_by_cyrillic() {
    let env = portfolio();
    let ilham = hits(&env, "ilham");
    assert_eq!(ilham[0], "m2 Ильхам Алиев name", "{ilham:?}");
    // The note on Seoul Robotics, by its Russian line.
    assert!(
        ilham.contains(&"n1 서울 Robotics body".to_string()),
        "{ilham:?}"
    );
    let aliyev = hits(&env, "алиев");
    assert!(
        aliyev.contains(&"s2 Əliyev Agro name".to_string()),
        "{aliyev:?}"
    );
    assert!(
        aliyev.contains(&"m2 Ильхам Алиев name".to_string()),
        "{aliyev:?}"
    );
}

#[test]
fn a_hit_on_another_spelling_shows_the_name_as_written() {
    let env = portfolio();
    let out = env.run(&["search", "gimminjun", "--json"]);
    assert_success(&out);
    let hits: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(hits[0]["text"], "김민준");
    assert_eq!(hits[0]["field"], "name");
    assert_eq!(hits[0]["positions"], json!([]));
}

#[test]
fn search_leaves_out_letters_strewn_over_words_while_better_is_found() {
    let env = Sandbox::new();
    let doc = json!({
        "format": "incubator-portfolio",
        "version": 1,
        "startups": [
            {"id": "s1", "name": "MedQueue"},
            {"id": "s2", "name": "Yaşıl Nəqliyyat", "founders": [{"name": "Səməd Quliyev"}]},
            {"id": "s3", "name": "Səməd Quliyev Studio"}
        ],
        "notes": [{"id": "n1", "startup": "s2", "author": "Aysel",
                   "created_at": "2026-05-02T10:00:00Z", "body": "Ask about the medq integration."}]
    });
    assert_success(&env.import("medq.json", &doc, true));
    assert_eq!(
        hits(&env, "medq"),
        ["s1 MedQueue name", "n1 Yaşıl Nəqliyyat body"]
    );
    // Nothing better: the strewn letters are found.
    assert_eq!(
        hits(&env, "mdql"),
        ["s3 Səməd Quliyev Studio name", "s2 Yaşıl Nəqliyyat founder"]
    );
}
