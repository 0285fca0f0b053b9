//! Judging a demo day over SSH: five judges, each in their own OpenSSH
//! client, score a pitch at once while the coordinator's screen (another
//! session) shows the live ranking count all five; and how long a score
//! takes to reach the coordinator's screen.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::openssh::{OpenSsh, Serve, have_ssh, incubator, write_key};
use crate::support::ssh::{Keys, Terminal, TestServer, new_key, public_line};
use incubator::model::{Criterion, DemoDay, PitchScore, Record};
use incubator::store::{Access, Store};
use incubator::workspace::{self, IfNew};

/// The judges, as the demo day and users.toml name them.
const JUDGES: [&str; 5] = [
    "Orxan Qasımov",
    "Leyla Məmmədova",
    "Rəşad Nəbiyev",
    "Gülnarə Əsgərova",
    "김민준",
];

/// The sample's d3 (17 December 2026, eight pitches) judged on Pitch ×2
/// and Product ×1 by `judges`.
fn judge_d3(store: &Store, judges: &[&str]) -> DemoDay {
    let stored = store.get::<DemoDay>("d3").expect("read d3").expect("d3");
    let mut day = stored.record;
    day.criteria = vec![
        Criterion {
            name: "Pitch".into(),
            weight: 2,
        },
        Criterion {
            name: "Product".into(),
            weight: 1,
        },
    ];
    day.judges = judges.iter().map(|j| j.to_string()).collect();
    store
        .update("setup", Record::DemoDay(day.clone()), stored.version)
        .expect("judges on d3");
    day
}

/// The coordinator on the Demo days tab, d3's details in view.
fn coordinator_on_d3(key: &Path, port: u16) -> OpenSsh {
    let mut term = OpenSsh::open(key, port, 120, 40);
    term.wait_for("Needs attention");
    term.send("5");
    term.wait_for("Demo days");
    // d3 is the last demo day.
    term.send("G");
    term.wait_for("Judging: open");
    term
}

#[test]
fn five_judges_over_openssh_score_at_once_while_the_coordinator_watches() {
    if !have_ssh() {
        return;
    }
    let dir = tempfile::TempDir::new().expect("temp dir");
    let made = incubator(&dir.path().join("portfolio"))
        .arg("init")
        .output()
        .expect("run");
    assert!(made.status.success(), "the sample database");
    let first = {
        let store = workspace::open(&dir.path().join("portfolio"), IfNew::Empty)
            .expect("the sample")
            .store;
        let day = judge_d3(&store, &JUDGES);
        store.flush().expect("flush");
        day.pitches[0].startup.clone()
    };
    let coordinator = new_key();
    let judges: Vec<_> = JUDGES.iter().map(|_| new_key()).collect();
    let mut users = format!(
        "[[user]]\nname = \"Nigar Əliyeva\"\nrole = \"coordinator\"\nkeys = [\"{}\"]\n",
        public_line(&coordinator, "nigar@office")
    );
    for (name, key) in JUDGES.iter().zip(&judges) {
        users.push_str(&format!(
            "\n[[user]]\nname = \"{name}\"\nrole = \"judge\"\njudge = \"{name}\"\nkeys = [\"{}\"]\n",
            public_line(key, "judge@laptop")
        ));
    }
    std::fs::write(dir.path().join("users.toml"), users).expect("users.toml");
    write_key(&dir.path().join("coordinator.key"), &coordinator);
    for (i, key) in judges.iter().enumerate() {
        write_key(&dir.path().join(format!("judge{i}.key")), key);
    }
    let mut serve = Serve::start(dir.path(), &[]);
    let watching = coordinator_on_d3(&dir.path().join("coordinator.key"), serve.port);
    // The first pitch, unscored: 0 of 5.
    watching.wait_for("0/5");

    std::thread::scope(|scope| {
        for i in 0..JUDGES.len() {
            let key = dir.path().join(format!("judge{i}.key"));
            let port = serve.port;
            scope.spawn(move || {
                let mut judge = OpenSsh::open(&key, port, 100, 30);
                judge.wait_for("Demo day d3");
                // Their screen and nothing else: no tabs.
                assert!(
                    !judge.contents().contains("Startups"),
                    "{}",
                    judge.contents()
                );
                judge.send("\r");
                judge.wait_for("Your weighted score");
                judge.send("4");
                judge.wait_for("[4]");
                judge.send("5");
                judge.wait_for("Your weighted score 4.33");
                judge.send("Clear ask");
                judge.escape();
                judge.wait_for("yours 4.33");
                judge.quit();
            });
        }
    });
    // All five counted on the coordinator's screen, without a key.
    watching.wait_for("5/5");
    let screen = watching.contents();
    let row = screen
        .lines()
        .find(|l| l.contains("5/5"))
        .unwrap_or_default()
        .to_string();
    assert!(
        row.contains(" 1 ") && row.contains("4.33") && row.contains("0.00"),
        "{row}"
    );
    // Every score is stored, each judge's own, the comments with them.
    drop(watching);
    serve.stop();
    let store = workspace::open(&dir.path().join("portfolio"), IfNew::Empty)
        .expect("the database")
        .store;
    let day = store
        .get::<DemoDay>("d3")
        .expect("read")
        .expect("d3")
        .record;
    let mut scored: Vec<&str> = day
        .scores
        .iter()
        .filter(|s| s.startup == first)
        .map(|s| {
            assert_eq!(s.scores.get("Pitch"), Some(&4));
            assert_eq!(s.scores.get("Product"), Some(&5));
            assert_eq!(s.comment, "Clear ask");
            s.judge.as_str()
        })
        .collect();
    scored.sort_unstable();
    let mut all = JUDGES.to_vec();
    all.sort_unstable();
    assert_eq!(scored, all);
}

/// From a judge's score written (in this process, as a judge's session
/// writes it) to the coordinator's screen over SSH showing it: each of
/// the five judges' first scores in turn, the time of each printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_score_reaches_the_coordinators_ranking_within_100_ms() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = workspace::open(&dir.path().join("portfolio"), IfNew::Sample)
        .expect("sample database")
        .store;
    let day = judge_d3(&store, &JUDGES);
    let mut server = TestServer::serve(dir, store, |_| {}).await;
    let keys: &Keys = &server.keys;
    let term = Terminal::open(server.address(), &keys.coordinator, 120, 40).await;
    term.wait_for("Needs attention").await;
    term.send("5").await;
    term.send("G").await;
    term.wait_for("Judging: open").await;
    term.wait_for("0/5").await;
    let mut took = Vec::new();
    for (n, judge) in JUDGES.iter().enumerate() {
        let handle = server.store.with_access(Access::Judge {
            name: judge.to_string(),
        });
        let score = PitchScore {
            judge: judge.to_string(),
            startup: day.pitches[0].startup.clone(),
            scores: [("Pitch".to_string(), 3), ("Product".to_string(), 3)]
                .into_iter()
                .collect(),
            comment: String::new(),
        };
        let want = format!("{}/5", n + 1);
        handle.score_pitch(judge, "d3", score).expect("scored");
        let written = Instant::now();
        while !term.screen.contents().contains(&want) {
            assert!(
                written.elapsed() < Duration::from_secs(5),
                "{want} never showed:\n{}",
                term.screen.contents()
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        took.push(written.elapsed());
    }
    eprintln!("score written → coordinator's frame: {took:?}");
    took.sort();
    assert!(
        took[took.len() / 2] < Duration::from_millis(100),
        "the median is over 100 ms: {took:?}"
    );
    server.stop().await;
}
