//! Which column of a form's export is which field of an application:
//! guessed from the header (English, Azerbaijani, Russian and Korean, as
//! the form tools and people name them), overridden by `--map
//! FIELD=COLUMN`. A column the tool adds that is no answer (Typeform's
//! `#`, Microsoft's `ID`) is left out; every other column is an answer
//! whose question is its header.

use std::fmt;

use super::sheet::column_letters;
use crate::text::fold;

/// A field of an application a column may fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    OneLiner,
    Sector,
    FounderName,
    FounderEmail,
    FounderRole,
    SubmittedAt,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::OneLiner,
        Field::Sector,
        Field::FounderName,
        Field::FounderEmail,
        Field::FounderRole,
        Field::SubmittedAt,
    ];

    /// Its name in `--map` (and in the interchange format, founders' with
    /// their `founder_` prefix).
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::OneLiner => "one_liner",
            Field::Sector => "sector",
            Field::FounderName => "founder_name",
            Field::FounderEmail => "founder_email",
            Field::FounderRole => "founder_role",
            Field::SubmittedAt => "submitted_at",
        }
    }

    /// `one-liner`, `One_Liner` and `one liner` alike.
    fn from_key(text: &str) -> Option<Field> {
        let key: String = fold(text.trim())
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Headers, as [`header_key`] makes them, that this field is guessed
    /// from.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "company name",
                "company",
                "startup",
                "startup name",
                "name of the startup",
                "name of your startup",
                "company / startup name",
                "project name",
                "sirketin adi",
                "sirket adi",
                "sirketin ad",
                "startapin adi",
                "startap adi",
                "layihenin adi",
                "название компании",
                "название стартапа",
                "компания",
                "стартап",
                "название проекта",
                "회사명",
                "회사 이름",
                "스타트업 이름",
                "스타트업명",
                "기업명",
            ],
            Field::OneLiner => &[
                "one-liner",
                "one liner",
                "tagline",
                "short description",
                "describe your startup in one sentence",
                "qisa tesvir",
                "bir cumle ile",
                "краткое описание",
                "в одном предложении",
                "한 줄 소개",
                "한줄 소개",
                "한줄소개",
            ],
            Field::Sector => &[
                "sector",
                "industry",
                "sektor",
                "sahe",
                "сектор",
                "отрасль",
                "сфера",
                "분야",
                "산업",
                "업종",
            ],
            Field::FounderName => &[
                "name",
                "full name",
                "your name",
                "founder",
                "founder name",
                "founder's name",
                "ad",
                "ad, soyad",
                "ad soyad",
                "adiniz",
                "adi soyadi",
                "tesisci",
                "имя",
                "фио",
                "имя и фамилия",
                "ваше имя",
                "основатель",
                "이름",
                "성명",
                "대표자명",
                "대표자 이름",
            ],
            Field::FounderEmail => &[
                "email",
                "email address",
                "e-mail",
                "e-mail address",
                "founder email",
                "contact email",
                "e-poct",
                "e-poct unvani",
                "elektron poct",
                "электронная почта",
                "адрес электронной почты",
                "эл. почта",
                "почта",
                "이메일",
                "이메일 주소",
                "전자우편",
            ],
            Field::FounderRole => &[
                "role",
                "founder role",
                "your role",
                "position",
                "vezife",
                "rol",
                "должность",
                "роль",
                "직책",
                "역할",
                "직위",
            ],
            Field::SubmittedAt => &[
                "timestamp",
                "submit date (utc)",
                "submitted at",
                "completion time",
                "zaman mohuru",
                "vaxt mohuru",
                "tamamlanma vaxti",
                "отметка времени",
                "время завершения",
                "타임스탬프",
                "완료 시간",
            ],
        }
    }
}

/// Columns a form tool adds that are no answer: Typeform's and Microsoft
/// Forms' bookkeeping, in the languages they export in.
const NOT_ANSWERS: &[&str] = &[
    "#",
    "start date (utc)",
    "network id",
    "tags",
    "id",
    "start time",
    "last modified time",
    "baslama vaxti",
    "son deyisiklik vaxti",
    "ид",
    "время начала",
    "время последнего изменения",
    "시작 시간",
    "마지막으로 수정한 시간",
];

/// A header as guesses compare it: folded, spaces run together, and the
/// marks a form puts after a question (`*`, `:`, `?`) left off.
pub fn header_key(header: &str) -> String {
    let folded = fold(header);
    let words: Vec<&str> = folded.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches(['*', ':', '?', ' '])
        .to_string()
}

/// What one column is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Field(Field),
    /// An answer; its question is the header.
    Answer,
    /// A form tool's own column, or one with no header.
    Ignored,
}

/// What each column of a header is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub uses: Vec<Use>,
}

impl Columns {
    /// The column of `field`, if any.
    pub fn of(&self, field: Field) -> Option<usize> {
        self.uses.iter().position(|u| *u == Use::Field(field))
    }

    /// The answer columns, left to right.
    pub fn answers(&self) -> impl Iterator<Item = usize> + '_ {
        self.uses
            .iter()
            .enumerate()
            .filter(|(_, u)| **u == Use::Answer)
            .map(|(i, _)| i)
    }
}

/// Why the columns cannot be worked out.
#[derive(Debug, Clone, PartialEq)]
pub enum MapError {
    /// A `--map` without `=`.
    Malformed(String),
    UnknownField(String),
    /// A `--map` naming a column the header does not have.
    NoSuchColumn {
        column: String,
        headers: Vec<String>,
    },
    /// No column is the application's name.
    NoName {
        headers: Vec<String>,
    },
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = Field::ALL.map(Field::key).join(", ");
        match self {
            MapError::Malformed(text) => write!(
                f,
                "--map {text:?} is not FIELD=COLUMN (say --map name=\"Şirkətin adı\"); the fields are {fields}"
            ),
            MapError::UnknownField(field) => {
                write!(f, "--map: no field {field:?}; the fields are {fields}")
            }
            MapError::NoSuchColumn { column, headers } => write!(
                f,
                "--map: no column {column:?} in the header; its columns are {}",
                listed(headers)
            ),
            MapError::NoName { headers } => write!(
                f,
                "no column is the startup's name; its columns are {}; say which with --map name=\"COLUMN\"",
                listed(headers)
            ),
        }
    }
}

/// `A "Timestamp", B "Email Address", …`
fn listed(headers: &[String]) -> String {
    headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| format!("{} {h:?}", column_letters(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What each of `headers` is for: the `--map FIELD=COLUMN` overrides
/// first, then the guesses for the fields still unmapped (the first
/// column a field's headers name), the form tools' own columns left out,
/// and every other column an answer.
pub fn columns(headers: &[String], maps: &[String]) -> Result<Columns, MapError> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut uses: Vec<Option<Use>> = vec![None; headers.len()];
    for map in maps {
        let (field, column) = map
            .split_once('=')
            .ok_or_else(|| MapError::Malformed(map.clone()))?;
        let field = Field::from_key(field)
            .ok_or_else(|| MapError::UnknownField(field.trim().to_string()))?;
        let wanted = header_key(column.trim_matches(|c: char| c == '"' || c.is_whitespace()));
        let at = keys
            .iter()
            .position(|k| *k == wanted)
            .ok_or_else(|| MapError::NoSuchColumn {
                column: column.to_string(),
                headers: headers.to_vec(),
            })?;
        // The last --map of a field wins, as with any repeated option.
        for u in uses.iter_mut() {
            if *u == Some(Use::Field(field)) {
                *u = None;
            }
        }
        uses[at] = Some(Use::Field(field));
    }
    for field in Field::ALL {
        if uses.contains(&Some(Use::Field(field))) {
            continue;
        }
        let guessed = keys
            .iter()
            .enumerate()
            .find(|(i, k)| uses[*i].is_none() && field.headers().contains(&k.as_str()));
        if let Some((at, _)) = guessed {
            uses[at] = Some(Use::Field(field));
        }
    }
    let uses: Vec<Use> = uses
        .into_iter()
        .zip(&keys)
        .map(|(u, key)| match u {
            Some(u) => u,
            None if key.is_empty() || NOT_ANSWERS.contains(&key.as_str()) => Use::Ignored,
            None => Use::Answer,
        })
        .collect();
    let columns = Columns { uses };
    if columns.of(Field::Name).is_none() {
        return Err(MapError::NoName {
            headers: headers.to_vec(),
        });
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn google_forms_headers_are_guessed_in_each_language() {
        let en = headers(&[
            "Timestamp",
            "Email Address",
            "Company name",
            "Sector",
            "What problem do you solve?",
        ]);
        let c = columns(&en, &[]).unwrap();
        assert_eq!(c.of(Field::SubmittedAt), Some(0));
        assert_eq!(c.of(Field::FounderEmail), Some(1));
        assert_eq!(c.of(Field::Name), Some(2));
        assert_eq!(c.of(Field::Sector), Some(3));
        assert_eq!(c.answers().collect::<Vec<_>>(), [4]);

        let az = headers(&[
            "Zaman möhürü",
            "E-poçt ünvanı",
            "ŞİRKƏTİN ADI",
            "Sektor",
            "Təsisçi",
            "Hansı problemi həll edirsiniz?",
        ]);
        let c = columns(&az, &[]).unwrap();
        assert_eq!(c.of(Field::Name), Some(2));
        assert_eq!(c.of(Field::FounderEmail), Some(1));
        assert_eq!(c.of(Field::FounderName), Some(4));
        assert_eq!(c.of(Field::SubmittedAt), Some(0));

        let ru = headers(&[
            "Отметка времени",
            "Название компании",
            "Электронная почта",
            "ФИО",
        ]);
        let c = columns(&ru, &[]).unwrap();
        assert_eq!(
            (
                c.of(Field::Name),
                c.of(Field::FounderEmail),
                c.of(Field::FounderName)
            ),
            (Some(1), Some(2), Some(3))
        );

        let ko = headers(&["타임스탬프", "회사명", "이메일", "대표자명", "한 줄 소개"]);
        let c = columns(&ko, &[]).unwrap();
        assert_eq!(c.of(Field::Name), Some(1));
        assert_eq!(c.of(Field::OneLiner), Some(4));
    }

    #[test]
    fn the_form_tools_own_columns_are_no_answers() {
        let typeform = headers(&[
            "#",
            "Startup name",
            "Email",
            "Who pays?",
            "Start Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
        ]);
        let c = columns(&typeform, &[]).unwrap();
        assert_eq!(c.uses[0], Use::Ignored);
        assert_eq!(c.of(Field::SubmittedAt), Some(5));
        assert_eq!(c.answers().collect::<Vec<_>>(), [3]);
        let microsoft = headers(&[
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Startup",
            "",
        ]);
        let c = columns(&microsoft, &[]).unwrap();
        assert_eq!(c.of(Field::FounderName), Some(4));
        assert_eq!(c.of(Field::Name), Some(6));
        assert_eq!(c.answers().count(), 0);
    }

    #[test]
    fn a_map_overrides_the_guess_and_frees_its_column() {
        let h = headers(&["Company", "Brand name *", "Email"]);
        let c = columns(&h, &["name=brand name".into()]).unwrap();
        assert_eq!(c.of(Field::Name), Some(1));
        assert_eq!(c.uses[0], Use::Answer);
        let c = columns(&h, &["Founder-Email = \"Brand name\"".into()]).unwrap();
        assert_eq!(c.of(Field::FounderEmail), Some(1));
        assert_eq!(c.of(Field::Name), Some(0));
        assert_eq!(c.uses[2], Use::Answer);
        // Its name column mapped to something else: no name is left.
        let taken = columns(&h, &["founder_email=Company".into()]);
        assert!(matches!(taken, Err(MapError::NoName { .. })));
    }

    #[test]
    fn a_bad_map_or_no_name_is_refused_with_the_choices() {
        let h = headers(&["Timestamp", "Layihə"]);
        let no_name = columns(&h, &[]).unwrap_err();
        assert_eq!(
            no_name.to_string(),
            "no column is the startup's name; its columns are A \"Timestamp\", B \"Layihə\"; say which with --map name=\"COLUMN\""
        );
        assert!(columns(&h, &["layihe=name".into()]).unwrap_err().to_string().contains("the fields are name, one_liner, sector, founder_name, founder_email, founder_role, submitted_at"));
        assert_eq!(
            columns(&h, &["name=Startup".into()]).unwrap_err(),
            MapError::NoSuchColumn {
                column: "Startup".into(),
                headers: h.clone()
            }
        );
        assert!(matches!(
            columns(&h, &["name".into()]),
            Err(MapError::Malformed(_))
        ));
        assert!(columns(&h, &["name=layihe".into()]).is_ok());
    }
}
