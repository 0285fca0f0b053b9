//! Turning store text into safe, highlighted, width-aware lines.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::text::{sanitize, sanitize_line};

/// A one-line field, safe for the terminal, with the characters at
/// `positions` (char indices) in `matched` style.
pub fn highlighted(text: &str, positions: &[usize], base: Style, matched: Style) -> Line<'static> {
    let safe = sanitize_line(text);
    if positions.is_empty() {
        return Line::from(Span::styled(safe, base));
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in safe.chars().enumerate() {
        let is_match = positions.contains(&i);
        if is_match != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched { matched } else { base },
            ));
        }
        run_matched = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    Line::from(spans)
}

/// A one-line field made safe, as a span.
pub fn safe(text: &str) -> String {
    sanitize_line(text)
}

/// Multi-line text made safe, one line per line.
pub fn lines(text: &str) -> Vec<String> {
    sanitize(text)
        .lines()
        .map(|l| l.replace('\t', "    "))
        .collect()
}

/// Cut to `width` columns with an ellipsis; the store keeps it whole.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Cut to `width` columns and padded to them with spaces: a column of a
/// plain-text table, wide letters (Hangul) counted as the two they take.
pub fn column(text: &str, width: usize) -> String {
    let cut = cut(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// Cut a styled line to `width` columns, ending it with "…" when it
/// goes on; each kept character keeps its style.
pub fn fit(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut room = width.saturating_sub(1);
    let mut last_style = line.style;
    for span in line.spans {
        if room == 0 {
            break;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w > room {
                room = 0;
                break;
            }
            room -= w;
            kept.push(c);
        }
        last_style = span.style;
        spans.push(Span::styled(kept, span.style));
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    Line::from(spans).style(line.style)
}

/// A sparkline of `values` in block characters.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    values
        .iter()
        .map(|v| {
            if max <= min {
                BARS[3]
            } else {
                let step = ((v - min) / (max - min) * 7.0).round() as usize;
                BARS[step.min(7)]
            }
        })
        .collect()
}

/// 1234567.0 → "1.2M", 12500.0 → "12.5k".
pub fn money(value: f64) -> String {
    if value >= 1_000_000.0 {
        format!("{:.1}M", value / 1_000_000.0)
    } else if value >= 10_000.0 {
        format!("{:.1}k", value / 1_000.0)
    } else {
        format!("{value:.0}")
    }
}
