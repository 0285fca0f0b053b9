//! Numbers as a report writes them for people: thousands separated, cents
//! only when there are some, a change with its sign.

/// A whole number with thousands separated: 1,120.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// An amount: 14,800, or 1,234.50 when it has cents.
pub fn amount(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let sign = if value < 0.0 && text != "0.00" {
        "-"
    } else {
        ""
    };
    if cents == "00" {
        format!("{sign}{}", group(whole))
    } else {
        format!("{sign}{}.{cents}", group(whole))
    }
}

/// A change: +1,200, -300, ±0.
pub fn signed(value: f64) -> String {
    let text = amount(value);
    if text == "0" {
        "±0".into()
    } else if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_report() {
        assert_eq!(amount(14800.0), "14,800");
        assert_eq!(amount(1234.5), "1,234.50");
        assert_eq!(amount(0.0), "0");
        assert_eq!(amount(1_200_000.0), "1,200,000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1120), "1,120");
        assert_eq!(signed(-300.0), "-300");
        assert_eq!(signed(0.0), "±0");
        assert_eq!(signed(-0.001), "±0");
        assert_eq!(signed(26250.0), "+26,250");
    }
}
