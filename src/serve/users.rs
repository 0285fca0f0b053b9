//! `users.toml`: who may connect, with which keys, in which role (a firm
//! format other tools write; see the README). A problem stops the server
//! with the line it is on and why, except a mentor id that is not in the
//! portfolio (the record was deleted): that is told, and the user may only
//! read until the file is fixed.

use std::fmt;
use std::path::Path;

use russh::keys::PublicKey;
use serde::Deserialize;
use toml::Spanned;

use crate::store::Access;

/// What a user may do; `Mentor` names their mentor record, `Judge` the
/// name demo days list them by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Coordinator,
    Mentor(String),
    Staff,
    /// Scores the pitches of the demo days that list this name; nothing else.
    Judge(String),
    /// A mentor whose record is not in the portfolio: reads only.
    MissingMentor(String),
}

impl Role {
    /// The store's limits for this role.
    pub fn access(&self) -> Access {
        match self {
            Role::Coordinator => Access::Everything,
            Role::Mentor(id) => Access::Mentor { id: id.clone() },
            Role::Judge(name) => Access::Judge { name: name.clone() },
            Role::Staff | Role::MissingMentor(_) => Access::ReadOnly,
        }
    }

    /// Whether anything may be written (a note over SSH, say).
    pub fn may_write(&self) -> bool {
        matches!(self, Role::Coordinator | Role::Mentor(_))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Coordinator => f.write_str("coordinator"),
            Role::Mentor(id) => write!(f, "mentor ({id})"),
            Role::Staff => f.write_str("staff"),
            Role::Judge(name) => write!(f, "judge ({name})"),
            Role::MissingMentor(id) => write!(f, "mentor ({id}, not in the portfolio)"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub keys: Vec<PublicKey>,
}

/// Everyone who may connect.
#[derive(Debug, Clone, Default)]
pub struct Users {
    users: Vec<User>,
    /// What the server starts despite, a line each (`14: …`).
    problems: Vec<String>,
}

/// The file as written, with where each value is for messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    user: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Spanned<String>,
    role: Spanned<String>,
    mentor: Option<Spanned<String>>,
    /// A judge's name as demo days list it.
    judge: Option<Spanned<String>>,
    #[serde(default)]
    keys: Vec<Spanned<String>>,
}

impl Users {
    /// Read and check `path`. `mentor_exists` answers whether a mentor id
    /// is in the portfolio. The error is one line: the file, the line, why.
    pub fn load(path: &Path, mentor_exists: impl Fn(&str) -> bool) -> Result<Users, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the users file: {e}", path.display()))?;
        Users::parse(&text, mentor_exists).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// [`Users::load`] on text; errors start with the line number.
    pub fn parse(text: &str, mentor_exists: impl Fn(&str) -> bool) -> Result<Users, String> {
        Users::check(text, mentor_exists).map_err(|mut errors| errors.swap_remove(0))
    }

    /// Read and check `path`, every problem found: each `FILE:LINE: why`
    /// (for `serve --check-users`).
    pub fn check_file(
        path: &Path,
        mentor_exists: impl Fn(&str) -> bool,
    ) -> Result<Users, Vec<String>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![format!(
                "{}: cannot read the users file: {e}",
                path.display()
            )]
        })?;
        Users::check(&text, mentor_exists).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| format!("{}:{e}", path.display()))
                .collect()
        })
    }

    /// [`Users::parse`], going on past a user's problem to the next user:
    /// every problem, each starting with its line (never empty when `Err`).
    pub fn check(text: &str, mentor_exists: impl Fn(&str) -> bool) -> Result<Users, Vec<String>> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![format!("{line}: {}", e.message().trim_end())]
        })?;
        let mut users: Vec<User> = Vec::new();
        let mut problems = Vec::new();
        let mut errors = Vec::new();
        for entry in file.user {
            match Users::entry(text, entry, &users, &mentor_exists, &mut problems) {
                Ok(user) => users.push(user),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(Users { users, problems })
        } else {
            Err(errors)
        }
    }

    /// One `[[user]]`, checked against the users before it.
    fn entry(
        text: &str,
        entry: Spanned<Entry>,
        users: &[User],
        mentor_exists: &impl Fn(&str) -> bool,
        problems: &mut Vec<String>,
    ) -> Result<User, String> {
        let at = |start: usize, why: String| format!("{}: {why}", line_of(text, start));
        {
            let start = entry.span().start;
            let entry = entry.into_inner();
            let name = entry.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(at(entry.name.span().start, "a user's name is empty".into()));
            }
            if let Some(judge) = &entry.judge
                && entry.role.get_ref() != "judge"
            {
                return Err(at(
                    judge.span().start,
                    format!("{name}: only a judge has a judge's name"),
                ));
            }
            let role = match (entry.role.get_ref().as_str(), &entry.mentor) {
                ("coordinator", None) => Role::Coordinator,
                ("staff", None) => Role::Staff,
                ("mentor", Some(id)) if mentor_exists(id.get_ref()) => {
                    Role::Mentor(id.get_ref().clone())
                }
                // Deleted since the file was written: the server must
                // still start, and this user may only read.
                ("mentor", Some(id)) => {
                    problems.push(at(
                        id.span().start,
                        format!(
                            "{name}: there is no mentor {:?} in the portfolio; \
                             they may only read until the users file names their record",
                            id.get_ref()
                        ),
                    ));
                    Role::MissingMentor(id.get_ref().clone())
                }
                ("mentor", None) => {
                    return Err(at(
                        entry.role.span().start,
                        format!("{name}: a mentor needs `mentor = \"ID\"`, their mentor record"),
                    ));
                }
                ("judge", None) => match &entry.judge {
                    Some(judge) if !judge.get_ref().trim().is_empty() => {
                        Role::Judge(judge.get_ref().trim().to_string())
                    }
                    _ => {
                        return Err(at(
                            entry.role.span().start,
                            format!(
                                "{name}: a judge needs `judge = \"NAME\"`, the name demo days list them by"
                            ),
                        ));
                    }
                },
                ("coordinator" | "staff" | "judge", Some(id)) => {
                    return Err(at(
                        id.span().start,
                        format!("{name}: only a mentor has a mentor record"),
                    ));
                }
                (other, _) => {
                    return Err(at(
                        entry.role.span().start,
                        format!(
                            "{name}: role {other:?} is not coordinator, mentor, staff or judge"
                        ),
                    ));
                }
            };
            if entry.keys.is_empty() {
                return Err(at(
                    start,
                    format!("{name}: no keys, so they cannot connect"),
                ));
            }
            let mut keys = Vec::new();
            for key in &entry.keys {
                let parsed = PublicKey::from_openssh(key.get_ref().trim()).map_err(|e| {
                    at(
                        key.span().start,
                        format!("{name}: not a public key in authorized_keys form ({e})"),
                    )
                })?;
                if let Some(other) = users.iter().find(|u| has_key(u, &parsed)) {
                    return Err(at(
                        key.span().start,
                        format!("{name}: this key is {}'s already", other.name),
                    ));
                }
                keys.push(parsed);
            }
            Ok(User { name, role, keys })
        }
    }

    /// Problems the server starts despite, each `LINE: what`.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Mentor ids the file names, with the name of the user each signs in.
    pub fn mentors(&self) -> Vec<(String, String)> {
        self.users
            .iter()
            .filter_map(|u| match &u.role {
                Role::Mentor(id) | Role::MissingMentor(id) => Some((id.clone(), u.name.clone())),
                _ => None,
            })
            .collect()
    }

    /// The user whose key this is.
    pub fn by_key(&self, key: &PublicKey) -> Option<&User> {
        self.users.iter().find(|u| has_key(u, key))
    }

    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.users.iter()
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

/// Keys are the same whatever their comment says.
fn has_key(user: &User, key: &PublicKey) -> bool {
    user.keys.iter().any(|k| k.key_data() == key.key_data())
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEwtNp8LbPmmxBPB8OG0Do3I2AXYW3zBhUOrS71ZSHQ6 aysel@laptop";

    fn parse(text: &str) -> Result<Users, String> {
        Users::parse(text, |id| id == "m1")
    }

    #[test]
    fn a_judge_is_known_by_the_name_demo_days_list() {
        let text = format!(
            "[[user]]\nname = \"orxan\"\nrole = \"judge\"\njudge = \"Orxan Qasımov\"\nkeys = [\"{KEY}\"]\n"
        );
        let users = parse(&text).expect("parses");
        let user = users.iter().next().expect("one user");
        assert_eq!(user.role, Role::Judge("Orxan Qasımov".into()));
        assert_eq!(
            user.role.access(),
            Access::Judge {
                name: "Orxan Qasımov".into()
            }
        );
        assert_eq!(user.role.to_string(), "judge (Orxan Qasımov)");

        let nameless = format!("[[user]]\nname = \"o\"\nrole = \"judge\"\nkeys = [\"{KEY}\"]\n");
        assert_eq!(
            parse(&nameless).err().as_deref(),
            Some("3: o: a judge needs `judge = \"NAME\"`, the name demo days list them by")
        );
        let staff_judge = format!(
            "[[user]]\nname = \"s\"\nrole = \"staff\"\njudge = \"S\"\nkeys = [\"{KEY}\"]\n"
        );
        assert_eq!(
            parse(&staff_judge).err().as_deref(),
            Some("4: s: only a judge has a judge's name")
        );
    }

    #[test]
    fn a_good_file_gives_each_user_a_role_and_keys() {
        let text = format!(
            "[[user]]\nname = \"Aysel Hüseynova\"\nrole = \"mentor\"\nmentor = \"m1\"\nkeys = [\"{KEY}\"]\n"
        );
        let users = parse(&text).expect("parses");
        let key = PublicKey::from_openssh(KEY).unwrap();
        let user = users.by_key(&key).expect("found by key");
        assert_eq!(user.name, "Aysel Hüseynova");
        assert_eq!(user.role, Role::Mentor("m1".into()));
    }

    #[test]
    fn a_mentor_whose_record_is_gone_is_told_and_may_only_read() {
        let text = format!(
            "[[user]]\nname = \"A\"\nrole = \"mentor\"\nmentor = \"m9\"\nkeys = [\"{KEY}\"]\n"
        );
        let users = parse(&text).expect("the server still starts");
        assert_eq!(users.problems().len(), 1);
        assert!(
            users.problems()[0].starts_with(
                "4: A: there is no mentor \"m9\" in the portfolio; they may only read"
            ),
            "{:?}",
            users.problems()
        );
        let key = PublicKey::from_openssh(KEY).unwrap();
        let role = &users.by_key(&key).expect("still signs in").role;
        assert_eq!(role.access(), Access::ReadOnly);
        assert!(!role.may_write());
        assert_eq!(users.mentors(), vec![("m9".to_string(), "A".to_string())]);
    }

    #[test]
    fn problems_name_the_line_and_reason() {
        let cases = [
            (
                "[[user]]\nname = \"A\"\nrole = \"boss\"\nkeys = [\"K\"]\n",
                "3: A: role \"boss\"",
            ),
            (
                "[[user]]\nname = \"A\"\nrole = \"staff\"\nkeys = [\"ssh-ed25519 nonsense\"]\n",
                "4: A: not a public key",
            ),
            (
                "[[user]]\nname = \"A\"\nrole = \"staff\"\nkeys = [\n",
                "4: ",
            ),
            (
                "[[user]]\nname = \"A\"\nrole = \"mentor\"\nkeys = [\"K\"]\n",
                "3: A: a mentor needs",
            ),
        ];
        for (text, expected) in cases {
            let text = text.replace('K', KEY);
            let error = parse(&text).expect_err(expected);
            assert!(
                error.starts_with(expected),
                "{error:?} should start with {expected:?}"
            );
        }
    }
}
