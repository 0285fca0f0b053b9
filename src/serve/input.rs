//! A channel's input bytes as terminal events. Bytes come in packets that
//! may hold several keys, a paste, or half a UTF-8 letter or escape
//! sequence; terminput parses one event at a time (crossterm's own
//! parser), and this keeps what is left for the next packet.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};

const ESC: u8 = 0x1b;

/// Longest sequence kept waiting for its end: anything longer is noise.
const MOST_PENDING: usize = 64;

/// A bracketed paste waits for its end marker, up to this much text.
const MOST_PASTED: usize = 1 << 20;

/// How a bracketed paste starts and ends.
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// Bumped by every packet, so a timer set for a lone Esc can tell
    /// whether anything came after it.
    generation: u64,
}

impl Decoder {
    /// The events in `bytes`, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.generation += 1;
        let mut events = Vec::new();
        // A terminal sends a sequence in one write: an Esc left over from
        // the last packet is the Esc key, unless this one could finish a
        // CSI or SS3 sequence cut in two.
        if self.waiting_escape() && !matches!(bytes.first(), None | Some(b'[' | b'O')) {
            self.pending.clear();
            events.push(Event::Key(KeyEvent::from(KeyCode::Esc)));
        }
        for byte in bytes {
            self.pending.push(*byte);
            // An Esc with more in the same packet starts a sequence (an
            // arrow, Alt-x); one that ends the packet waits for its timer.
            if self.pending == [ESC] {
                continue;
            }
            // A paste is parsed once, when its end has come: parsing it a
            // byte at a time would take time growing with its square.
            if self.pending.starts_with(PASTE_START)
                && !self.pending.ends_with(PASTE_END)
                && self.pending.len() < MOST_PASTED
            {
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    self.pending.clear();
                    convert(event, &mut events);
                }
                Ok(None) if self.pending.len() < self.most_pending() => {}
                // Not a sequence we know, or too long: drop it, as
                // crossterm does, and go on with the next byte.
                Ok(None) | Err(_) => self.pending.clear(),
            }
        }
        events
    }

    /// How long what is pending may grow: a paste is text, not noise.
    fn most_pending(&self) -> usize {
        if self.pending.starts_with(PASTE_START) {
            MOST_PASTED
        } else {
            MOST_PENDING
        }
    }

    /// Whether an Esc is waiting to see if a sequence follows.
    pub fn waiting_escape(&self) -> bool {
        self.pending == [ESC]
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The waiting Esc as a key of its own, if nothing came since
    /// generation `seen`.
    pub fn lone_escape(&mut self, seen: u64) -> Option<Event> {
        if self.generation == seen && self.waiting_escape() {
            self.pending.clear();
            Some(Event::Key(KeyEvent::from(KeyCode::Esc)))
        } else {
            None
        }
    }
}

/// terminput's event as crossterm's, which the session reads. A paste
/// (bracketed: the session turns it on) stays one event, as crossterm
/// gives it on the local terminal.
fn convert(event: terminput::Event, events: &mut Vec<Event>) {
    if let Some(text) = event.as_paste() {
        events.push(Event::Paste(text.to_string()));
        return;
    }
    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
        events.push(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEventKind, KeyModifiers, MouseEventKind};

    fn keys(events: &[Event]) -> Vec<KeyCode> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) if k.kind == KeyEventKind::Press => Some(k.code),
                _ => None,
            })
            .collect()
    }

    fn typed(text: &str) -> Vec<KeyCode> {
        text.chars().map(KeyCode::Char).collect()
    }

    #[test]
    fn several_keys_in_one_packet() {
        let mut d = Decoder::default();
        let events = d.feed(b"jj\x1b[B\x1b[Ak\r");
        assert_eq!(
            keys(&events),
            [
                KeyCode::Char('j'),
                KeyCode::Char('j'),
                KeyCode::Down,
                KeyCode::Up,
                KeyCode::Char('k'),
                KeyCode::Enter
            ]
        );
    }

    #[test]
    fn letters_of_several_bytes_arrive_whole_even_when_split() {
        let mut d = Decoder::default();
        assert_eq!(keys(&d.feed("Şəmsiyyə".as_bytes())), typed("Şəmsiyyə"));
        let hangul = "김민준".as_bytes();
        let mut all = d.feed(&hangul[..4]);
        all.extend(d.feed(&hangul[4..]));
        assert_eq!(keys(&all), typed("김민준"));
    }

    #[test]
    fn a_lone_escape_waits_for_its_timer() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b").is_empty());
        assert!(d.waiting_escape());
        let seen = d.generation();
        assert_eq!(
            d.lone_escape(seen),
            Some(Event::Key(KeyEvent::from(KeyCode::Esc)))
        );
        // An arrow split after its Esc is still an arrow.
        assert!(d.feed(b"\x1b").is_empty());
        let seen = d.generation();
        assert_eq!(keys(&d.feed(b"[B")), [KeyCode::Down]);
        assert_eq!(d.lone_escape(seen), None);
        // Esc, Esc, q typed quickly, each in its own packet.
        let mut all = d.feed(b"\x1b");
        all.extend(d.feed(b"\x1b"));
        all.extend(d.feed(b"q"));
        assert_eq!(keys(&all), [KeyCode::Esc, KeyCode::Esc, KeyCode::Char('q')]);
    }

    #[test]
    fn function_keys_alt_and_ctrl() {
        let mut d = Decoder::default();
        let events = d.feed(b"\x1bOP\x1b[15~\x1bx\x0b");
        assert_eq!(
            keys(&events),
            [
                KeyCode::F(1),
                KeyCode::F(5),
                KeyCode::Char('x'),
                KeyCode::Char('k')
            ]
        );
        let Event::Key(alt) = events[2] else { panic!() };
        assert!(alt.modifiers.contains(KeyModifiers::ALT));
        let Event::Key(ctrl) = events[3] else {
            panic!()
        };
        assert!(ctrl.modifiers.contains(KeyModifiers::CONTROL));
    }

    #[test]
    fn a_bracketed_paste_arrives_whole_even_over_several_packets() {
        let mut d = Decoder::default();
        let events = d.feed("j\x1b[200~Xəzər\r2 line\x1b[201~k".as_bytes());
        assert_eq!(keys(&events), [KeyCode::Char('j'), KeyCode::Char('k')]);
        assert!(matches!(&events[1], Event::Paste(text) if text == "Xəzər\r2 line"));
        // Longer than any key's sequence, cut anywhere, Hangul split too.
        let text = "김민준 Şəbəkə ".repeat(400);
        let sent = format!("\x1b[200~{text}\x1b[201~");
        let (mut events, mut at) = (Vec::new(), 0);
        for cut in [3, 500, 501, 4_000, sent.len()] {
            events.extend(d.feed(&sent.as_bytes()[at..cut]));
            at = cut;
        }
        assert_eq!(events.len(), 1);
        assert!(matches!(&events[0], Event::Paste(pasted) if *pasted == text));
    }

    #[test]
    fn the_mouse_wheel_and_noise() {
        let mut d = Decoder::default();
        let events = d.feed(b"\x1b[<65;10;5M");
        assert!(matches!(
            events.as_slice(),
            [Event::Mouse(m)] if m.kind == MouseEventKind::ScrollDown
        ));
        // Garbage is dropped without taking the next key with it.
        assert_eq!(
            keys(&d.feed(b"\x1b[99;99;99;99;99Zq")),
            [KeyCode::Char('q')]
        );
    }
}
