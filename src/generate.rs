//! Portfolios at scale, for benchmarks and for trying the program on more
//! than a real incubator holds: `incubator generate` (hidden from the help)
//! and the benches use it.
//!
//! For `n` startups: `10·n` notes, `n/20` mentors, `n/100` cohorts (at
//! least one of each) and a demo day per cohort. Names mix ASCII,
//! Azerbaijani letters and Hangul. The same `n` and seed always give the
//! same portfolio, byte for byte.
//!
//! Records are made with the builders of [`crate::model::testing`] (what
//! `synthetic` uses), then given believable values: cohorts over the
//! 2025–2026 year (some finished, some running, some upcoming on the
//! benchmarks' day, 2026-06-15), notes spread over the months before it, so
//! that some startups are quiet and some mentors over capacity.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use crate::model::Parsed;
use crate::model::testing::{cohort, demo_day, mentor, note, startup};
use crate::model::*;
use crate::store::{Store, StoreError};

/// The day benchmarks take as today: mid-programme for the generated
/// cohorts of 2026, with notes up to a few days before.
pub const BENCH_TODAY: &str = "2026-06-15";

const WORDS: &[&str] = &[
    "pay",
    "agro",
    "kod",
    "solar",
    "xəzər",
    "şəbəkə",
    "çay",
    "gənc",
    "bazar",
    "logistics",
    "health",
    "tələbə",
    "kart",
    "su",
    "yaşıl",
    "qonaq",
    "travel",
    "kilim",
    "craft",
    "seoul",
    "baku",
    "bridge",
    "cloud",
    "data",
    "fin",
    "edu",
    "med",
    "green",
    "smart",
    "city",
    "서울",
    "한강",
    "새싹",
    "다리",
    "별빛",
    "바다",
    "ağac",
    "günəş",
    "İnci",
    "Şəki",
    "Gəncə",
    "Quba",
];

const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    "Labs",
    "AI",
    "Tech",
    "Hub",
    "MMC",
    "Studio",
    "Works",
    "컴퍼니",
    "Ltd",
];

const SECTORS: &[&str] = &[
    "fintech",
    "agritech",
    "edtech",
    "healthtech",
    "cleantech",
    "logistics",
    "tourism",
    "e-commerce",
    "govtech",
    "creative",
];

const SENTENCES: &[&str] = &[
    "Went through unit economics; CAC is about 35 AZN.",
    "Pricing review: the flat commission hurts large orders.",
    "Pilot with ten shops in Şamaxı starts next month.",
    "Investor intro to Caspian Ventures went well.",
    "Hiring a second engineer; runway is nine months.",
    "Churn is down to 4% after the onboarding rework.",
    "Şəbəkə partners want a pilot in Gəncə before autumn.",
    "서울 파트너와 통화: 다음 달 데모 준비.",
    "Mentor session on fundraising; deck needs a clearer ask.",
    "Export licence for Georgia is still pending.",
];

const FIRST_NAMES: &[&str] = &[
    "Aysel",
    "Tural",
    "Leyla",
    "Elçin",
    "Nigar",
    "Rəşad",
    "Günay",
    "İlkin",
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Şəmsiyyə",
    "Orxan",
    "Fərid",
    "Jisoo",
];

const LAST_NAMES: &[&str] = &[
    "Hüseynova",
    "Həsənov",
    "Qasımov",
    "Babayev",
    "Məmmədova",
    "Əliyev",
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Rəhimova",
    "İsmayılov",
    "Çələbi",
];

const ORGANIZATIONS: &[&str] = &[
    "ABAD",
    "PASHA Holding",
    "KOICA",
    "Caspian Ventures",
    "INNOLAND",
    "Bakı Angels",
    "Seoul Startup Hub",
    "",
];

/// A small, fast generator (xorshift64*): the same seed, the same numbers.
/// The fault and crash tests draw their replayable delays from it too.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero, and different seeds spread apart at once.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high` (`low` <= `high`).
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        // 'i' is the one letter whose capital differs in Azerbaijani; the
        // generated names keep Latin capitals.
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a generator date")
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(4 * 3600).expect("UTC+4");
    date.and_hms_opt(hour, minute, 0)
        .expect("a time of day")
        .and_local_timezone(offset)
        .single()
        .expect("a fixed offset has one local time")
}

/// A portfolio of `startups` startups and what goes with them (see the
/// module's documentation), the same for the same `seed`.
pub fn portfolio(startups: usize, seed: u64) -> Portfolio {
    let mut rng = Rng::new(seed);
    let mut p = Portfolio::default();
    let cohorts = (startups / 100).max(1);
    let mentors = (startups / 20).max(1);
    let notes = startups * 10;

    // Cohorts start a fortnight apart, ending on the benchmarks' day
    // give or take: about a third finished, a third running, a third
    // upcoming on 2026-06-15.
    let first_start = day("2025-09-01");
    let span = 5 * 30; // 150 days long
    for i in 0..cohorts {
        let start = first_start + Duration::days((i * 300 / cohorts) as i64);
        let end = start + Duration::days(span);
        let mut c = cohort(&format!("c{}", i + 1), "2026-01-01", "2026-01-02");
        c.start = start;
        c.end = end;
        c.name = format!(
            "{} {} {}",
            capitalized(rng.pick(WORDS)),
            if i % 2 == 0 {
                "Acceleration"
            } else {
                "Incubation"
            },
            i + 1
        );
        c.program = if i % 2 == 0 {
            Program::Acceleration
        } else {
            Program::Incubation
        };
        // About 100 startups per cohort; some cohorts are full.
        c.capacity = 90 + rng.below(30) as u32;
        c.description = format!("Cohort {} of the generated portfolio.", i + 1);
        p.cohorts.push(c);
    }

    for i in 0..mentors {
        let mut m = mentor(&format!("m{}", i + 1), 3 + rng.below(5) as u32);
        m.name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        m.email = format!("mentor{}@example.az", i + 1);
        m.organization = rng.pick(ORGANIZATIONS).to_string();
        m.expertise = vec![rng.pick(SECTORS).to_string()];
        let word = rng.pick(WORDS);
        if word != m.expertise[0] {
            m.expertise.push(word.to_string());
        }
        m.languages = vec!["az".into(), if i % 3 == 0 { "ko" } else { "en" }.into()];
        p.mentors.push(m);
    }

    for i in 0..startups {
        let mut s = startup(&format!("s{}", i + 1));
        let suffix = rng.pick(SUFFIXES);
        s.name = format!(
            "{} {}{}{} {}",
            capitalized(rng.pick(WORDS)),
            capitalized(rng.pick(WORDS)),
            if suffix.is_empty() { "" } else { " " },
            suffix,
            i + 1
        );
        s.one_liner = rng.pick(SENTENCES).to_string();
        s.sector = rng.pick(SECTORS).to_string();
        s.stage = Stage::ALL[rng.below(Stage::ALL.len())];
        s.status = match rng.below(10) {
            0..=5 => Status::Active,
            6 => Status::Applicant,
            7 => Status::Graduated,
            8 => Status::Paused,
            _ => Status::Dropped,
        };
        s.cohort = (rng.below(20) != 0).then(|| format!("c{}", rng.below(cohorts) + 1));
        let m = rng.below(mentors);
        s.mentors = vec![format!("m{}", m + 1)];
        if rng.below(4) == 0 {
            let other = rng.below(mentors);
            if other != m {
                s.mentors.push(format!("m{}", other + 1));
            }
        }
        s.tags = vec![rng.pick(WORDS).to_string()];
        s.founders = vec![Founder {
            name: format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)),
            email: format!("founder{}@example.az", i + 1),
            role: "CEO".into(),
        }];
        s.website = format!("https://s{}.example.az", i + 1);
        if rng.below(2) == 0 {
            let revenue = rng.below(20_000) as f64;
            s.kpis = vec![
                Kpi {
                    date: day("2026-01-31"),
                    revenue,
                    customers: rng.below(100) as u64,
                    employees: 2 + rng.below(5) as u64,
                    funding_raised: (rng.below(50) * 1000) as f64,
                },
                Kpi {
                    date: day("2026-04-30"),
                    revenue: revenue * 1.5,
                    customers: 100 + rng.below(100) as u64,
                    employees: 4 + rng.below(8) as u64,
                    funding_raised: (rng.below(200) * 1000) as f64,
                },
            ];
        }
        p.startups.push(s);
    }

    // A demo day at the end of each cohort, with its first dozen startups.
    let mut pitches: Vec<Vec<String>> = vec![Vec::new(); cohorts];
    for s in &p.startups {
        if let Some(c) = &s.cohort {
            let n: usize = c[1..].parse().expect("a generated cohort id");
            if pitches[n - 1].len() < 12 && s.status != Status::Dropped {
                pitches[n - 1].push(s.id.clone());
            }
        }
    }
    for (i, c) in p.cohorts.iter().enumerate() {
        let ids: Vec<&str> = pitches[i].iter().map(String::as_str).collect();
        let mut d = demo_day(&format!("d{}", i + 1), &c.id, &ids);
        d.at = at(c.end, 15, 0);
        d.venue = if i % 3 == 0 {
            "INNOLAND hall".into()
        } else {
            format!("{} 센터", rng.pick(WORDS))
        };
        d.investors = vec!["Caspian Ventures".into(), "Bakı Angels".into()];
        for pitch in &mut d.pitches {
            pitch.minutes = 4 + rng.below(4) as u32;
        }
        p.demo_days.push(d);
    }

    // Notes over the 200 days before the benchmarks' day, most of them
    // recent; a startup in twenty gets none.
    let last = day("2026-06-12");
    let kinds = [NoteKind::Note, NoteKind::Session, NoteKind::Milestone];
    let noted = startups - startups / 20;
    for i in 0..notes {
        let s = rng.below(noted.max(1));
        let days_back = (rng.below(200) * rng.below(200) / 200) as i64;
        let mut n = note(&format!("n{}", i + 1), &format!("s{}", s + 1), "");
        n.created_at = at(
            last - Duration::days(days_back),
            9 + rng.below(9) as u32,
            rng.below(60) as u32,
        );
        n.author = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        n.kind = kinds[rng.below(kinds.len())];
        let lines = 1 + rng.below(3);
        n.body = (0..lines)
            .map(|_| rng.pick(SENTENCES))
            .collect::<Vec<_>>()
            .join("\n");
        p.notes.push(n);
    }
    p
}

/// The startups' names, one a line: what a line-oriented matcher such as
/// `fzf --filter` reads for the side-by-side comparison.
pub fn names(p: &Portfolio) -> String {
    let mut out = String::with_capacity(p.startups.len() * 24);
    for s in &p.startups {
        out.push_str(&s.name);
        out.push('\n');
    }
    out
}

/// Notes per transaction in [`import_in_chunks`].
pub const NOTES_PER_IMPORT: usize = 100_000;

/// Import `portfolio` into `store` as several imports: every record but
/// the notes, then the notes `NOTES_PER_IMPORT` at a time. One import is
/// one sled transaction, and sled holds a transaction's writes in memory
/// (about 16 kB a record): a 1.1-million-record portfolio at once needs
/// more memory than these machines have. Each part is all or nothing;
/// the whole is not.
pub fn import_in_chunks(store: &Store, mut portfolio: Portfolio) -> Result<(), StoreError> {
    let import = |portfolio| {
        let parsed = Parsed {
            portfolio,
            problems: vec![],
        };
        store.import("generate", parsed, false).map(|_| ())
    };
    let notes = std::mem::take(&mut portfolio.notes);
    import(portfolio)?;
    for part in notes.chunks(NOTES_PER_IMPORT) {
        import(Portfolio {
            notes: part.to_vec(),
            ..Portfolio::default()
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::portfolio_problems;

    #[test]
    fn the_same_seed_gives_the_same_portfolio() {
        assert_eq!(portfolio(300, 7), portfolio(300, 7));
        assert_ne!(portfolio(300, 7), portfolio(300, 8));
    }

    #[test]
    fn sizes_follow_the_startups() {
        let p = portfolio(1000, 1);
        assert_eq!(p.startups.len(), 1000);
        assert_eq!(p.notes.len(), 10_000);
        assert_eq!(p.mentors.len(), 50);
        assert_eq!(p.cohorts.len(), 10);
        assert_eq!(p.demo_days.len(), 10);
        let tiny = portfolio(5, 1);
        assert_eq!((tiny.cohorts.len(), tiny.mentors.len()), (1, 1));
    }

    #[test]
    fn a_generated_portfolio_breaks_no_rule() {
        let p = portfolio(500, 3);
        let problems = portfolio_problems(&p, &|_, _| false);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn names_mix_scripts() {
        let p = portfolio(2000, 1);
        let all = names(&p);
        assert!(all.contains('ə'));
        assert!(all.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)));
        assert_eq!(all.lines().count(), 2000);
    }
}
