//! Copying to the user's clipboard with OSC 52 (`ESC ] 52 ; c ; BASE64
//! BEL`): the terminal the user sits at sets its clipboard from it, so it
//! works over SSH, and through tmux with `set-clipboard on`. The text is
//! base64, so nothing in it can end the sequence early or drive the
//! terminal; the session made it safe before (`app::copy`) for wherever it
//! is pasted next.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The bytes that ask the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> Vec<u8> {
    format!("\u{1b}]52;c;{}\u{7}", STANDARD.encode(text)).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_travels_as_base64_inside_one_sequence() {
        assert_eq!(
            osc52("Xəzər Solar (s1)"),
            b"\x1b]52;c;WMmZesmZciBTb2xhciAoczEp\x07"
        );
        // An escape in the text cannot end the sequence: it is base64 too.
        let bytes = osc52("\u{1b}]0;pwned\u{7}");
        assert_eq!(bytes.iter().filter(|b| **b == 0x1b).count(), 1);
        assert_eq!(bytes.iter().filter(|b| **b == 0x07).count(), 1);
    }
}
