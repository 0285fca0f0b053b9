//! A form tool's CSV export read into a header and rows of text: UTF-8
//! with or without a byte order mark, CRLF or LF, quoted cells that span
//! lines, and the separator sniffed from the header line (Excel in an
//! Azerbaijani or Russian locale writes `;`).

use std::fmt;

/// A CSV file read whole: its header and its rows, as a spreadsheet
/// numbers them.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The separator the header line used.
    pub separator: u8,
}

/// One row under the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its number as a spreadsheet shows it: the header is row 1.
    pub number: usize,
    pub cells: Vec<String>,
}

/// Why a file is not read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetError {
    /// Bytes that are not UTF-8, first on this line (from 1).
    NotUtf8 { line: usize },
    /// Nothing but white space.
    Empty,
    /// The first row has no text in any cell.
    NoHeader,
    /// The CSV reader stopped (a cell too large for it, say) at this row.
    Unreadable { row: usize, detail: String },
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetError::NotUtf8 { line } => write!(
                f,
                "is not UTF-8 text (line {line}); export it again as \"CSV UTF-8\""
            ),
            SheetError::Empty => write!(
                f,
                "is empty; a header row and one row an application are needed"
            ),
            SheetError::NoHeader => write!(
                f,
                "has no header row: its first row is empty; the first row must name the columns"
            ),
            SheetError::Unreadable { row, detail } => {
                write!(f, "cannot be read as CSV at row {row}: {detail}")
            }
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read `bytes` as a form tool writes its CSV export.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| SheetError::NotUtf8 {
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    if text.trim().is_empty() {
        return Err(SheetError::Empty);
    }
    let separator = sniff_separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        // A short row is reported with its row number, not refused here.
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(unreadable(1, &e)),
        None => return Err(SheetError::Empty),
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if headers.iter().all(String::is_empty) {
        return Err(SheetError::NoHeader);
    }
    let mut rows = Vec::new();
    for (at, record) in records.enumerate() {
        let number = at + 2;
        let record = record.map_err(|e| unreadable(number, &e))?;
        rows.push(Row {
            number,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(Sheet {
        headers,
        rows,
        separator,
    })
}

fn unreadable(row: usize, e: &csv::Error) -> SheetError {
    let detail = match e.kind() {
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => "the reader gave up".to_string(),
    };
    SheetError::Unreadable { row, detail }
}

/// The separator of the header line: whichever of `,`, `;` and tab it
/// holds most often outside quotes (a comma when none).
pub fn sniff_separator(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(count) = counts.iter_mut().find(|(c, _)| *c == byte) {
                    count.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent: a comma wins a tie.
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == most)
        .map_or(b',', |(c, _)| *c)
}

/// A column's letters as a spreadsheet shows them: 0 → A, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_and_crlf_are_read_through() {
        let sheet = read(b"\xEF\xBB\xBFTimestamp,Startup\r\n2026/12/03,Nar Health\r\n").unwrap();
        assert_eq!(sheet.headers, ["Timestamp", "Startup"]);
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(sheet.rows[0].cells, ["2026/12/03", "Nar Health"]);
    }

    #[test]
    fn a_quoted_answer_spans_lines_and_stays_one_row() {
        let sheet =
            read(b"Startup,Problem\nNar,\"Clinics lose\nvisits, \"\"a third\"\"\"\nKilim,Rugs\n")
                .unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].cells[1], "Clinics lose\nvisits, \"a third\"");
        assert_eq!(sheet.rows[1].number, 3);
    }

    #[test]
    fn the_separator_is_the_header_lines_outside_quotes() {
        assert_eq!(sniff_separator("ID;Start time;\"Name, full\"\n1;2;3"), b';');
        assert_eq!(sniff_separator("\"a;b;c\",d\n"), b',');
        assert_eq!(sniff_separator("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_separator("Startup\n"), b',');
        let sheet = read("ID;Şirkətin adı\r\n1;Nar; Health\r\n".as_bytes()).unwrap();
        assert_eq!(sheet.separator, b';');
        assert_eq!(sheet.rows[0].cells, ["1", "Nar", " Health"]);
    }

    #[test]
    fn a_file_not_utf8_empty_or_headerless_is_refused() {
        assert_eq!(
            read(b"Startup\nNar\n\xC7ay\n"),
            Err(SheetError::NotUtf8 { line: 3 })
        );
        assert_eq!(read(b""), Err(SheetError::Empty));
        assert_eq!(read(b"\xEF\xBB\xBF \r\n"), Err(SheetError::Empty));
        assert_eq!(read(b",,\nNar,x,y\n"), Err(SheetError::NoHeader));
    }

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
