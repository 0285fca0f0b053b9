//! The SSH client's screen: a ratatui backend that writes ANSI through
//! crossterm into an outbox, sized by the client's pty, not this
//! process's terminal (`term::SizedBackend`).
//!
//! The outbox holds at most a whole screen and one frame after it waiting
//! for the connection. A slow or stalled client does not make frames pile
//! up (or slow anyone else): a frame that finds the last one still waiting
//! replaces both with a whole new screen, drawn by the session at once,
//! and a whole screen replaces any other still waiting.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::{Frame, Terminal};
use tokio::sync::Notify;

pub use crate::term::PtySize;
use crate::term::{ScrollingBackend, SizedBackend};

/// An SSH client's terminal: frames scroll rows rather than send them again.
pub type SshTerminal = Terminal<ScrollingBackend<SshBackend>>;

/// What waits to be sent to one client.
#[derive(Default)]
pub struct Outbox {
    pending: Mutex<Pending>,
    ready: Notify,
}

#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    /// Where a whole screen starts in `bytes`: a newer one replaces it.
    whole_at: Option<usize>,
    /// Where a frame that may still be dropped starts in `bytes`.
    frame_at: Option<usize>,
    /// A frame was dropped: the screen must be drawn whole.
    stale: bool,
    /// The session ended: send what is left, then stop.
    closed: bool,
}

impl Outbox {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue one frame's bytes.
    fn push(&self, frame: &[u8]) {
        let mut pending = self.lock();
        match pending.frame_at {
            // The client has not taken the last frame: both are dropped,
            // and the session draws the whole screen instead.
            Some(at) => {
                pending.bytes.truncate(at);
                pending.frame_at = None;
                pending.stale = true;
            }
            None => {
                pending.frame_at = Some(pending.bytes.len());
                pending.bytes.extend_from_slice(frame);
            }
        }
        drop(pending);
        self.ready.notify_one();
    }

    /// A whole screen: it replaces whatever screen and frame still wait,
    /// and is itself replaced only by another whole screen.
    fn push_whole(&self, screen: &[u8]) {
        let mut pending = self.lock();
        let start = pending.whole_at.or(pending.frame_at);
        if let Some(at) = start {
            pending.bytes.truncate(at);
        }
        pending.whole_at = Some(pending.bytes.len());
        pending.frame_at = None;
        pending.bytes.extend_from_slice(screen);
        drop(pending);
        self.ready.notify_one();
    }

    /// Bytes that are not a frame (leaving the screen, a last message):
    /// never dropped.
    pub fn push_always(&self, bytes: &[u8]) {
        let mut pending = self.lock();
        // What waits before these bytes must go out before them.
        pending.whole_at = None;
        pending.frame_at = None;
        pending.bytes.extend_from_slice(bytes);
        drop(pending);
        self.ready.notify_one();
    }

    /// Whether a frame was dropped since the last call.
    pub fn take_stale(&self) -> bool {
        std::mem::take(&mut self.lock().stale)
    }

    /// No more frames: the sender sends what is left and stops.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
    }

    /// The next bytes to send, waiting for them; `None` once closed and
    /// empty.
    pub async fn next(&self) -> Option<Vec<u8>> {
        loop {
            {
                let mut pending = self.lock();
                if !pending.bytes.is_empty() {
                    pending.whole_at = None;
                    pending.frame_at = None;
                    return Some(std::mem::take(&mut pending.bytes));
                }
                if pending.closed {
                    return None;
                }
            }
            self.ready.notified().await;
        }
    }
}

/// Collects a frame's bytes; `flush` hands them to the outbox.
pub struct FrameSink {
    frame: Vec<u8>,
    outbox: Arc<Outbox>,
    /// Set while the whole screen is drawn again after dropped frames:
    /// what is written gathers until [`FrameSink::push_whole`].
    pub whole: bool,
}

impl FrameSink {
    pub fn new(outbox: Arc<Outbox>) -> FrameSink {
        FrameSink {
            frame: Vec::new(),
            outbox,
            whole: false,
        }
    }
}

impl Write for FrameSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.whole && !self.frame.is_empty() {
            self.outbox.push(&self.frame);
            self.frame.clear();
        }
        Ok(())
    }
}

impl FrameSink {
    /// Hand the whole screen gathered since `whole` was set to the outbox.
    fn push_whole(&mut self) {
        self.outbox.push_whole(&self.frame);
        self.frame.clear();
    }
}

/// Draw a frame; if the client fell behind and frames were dropped, draw
/// the whole screen at once, which does not depend on the ones it missed.
pub fn draw_latest(
    terminal: &mut SshTerminal,
    outbox: &Outbox,
    render: impl Fn(&mut Frame),
) -> io::Result<()> {
    terminal.draw(&render)?;
    if outbox.take_stale() {
        let sink = terminal.backend_mut().inner_mut().writer();
        sink.whole = true;
        let drawn = terminal
            .clear()
            .and_then(|()| terminal.draw(&render).map(|_| ()));
        let sink = terminal.backend_mut().inner_mut().writer();
        sink.whole = false;
        sink.push_whole();
        drawn?;
    }
    Ok(())
}

/// The client's screen: crossterm's escape codes into the outbox.
pub type SshBackend = SizedBackend<FrameSink>;

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;

    /// What a client shows after reading `bytes`, line by line.
    fn shown(parser: &mut vt100::Parser, bytes: &[u8]) -> String {
        parser.process(bytes);
        let contents = parser.screen().contents();
        let lines: Vec<&str> = contents.lines().map(str::trim_end).collect();
        lines.join("\n")
    }

    #[tokio::test]
    async fn a_client_that_fell_behind_still_ends_on_the_right_screen() {
        let outbox = Arc::new(Outbox::default());
        let size = Arc::new(PtySize::new(30, 4));
        let mut terminal = Terminal::new(ScrollingBackend::new(SshBackend::new(
            FrameSink::new(Arc::clone(&outbox)),
            size,
        )))
        .unwrap();
        let mut client = vt100::Parser::new(4.try_into().unwrap(), 30.try_into().unwrap(), 0);
        let page = |lines: &'static [&'static str]| {
            move |frame: &mut Frame| {
                frame.render_widget(Paragraph::new(lines.join("\n")), frame.area())
            }
        };
        draw_latest(&mut terminal, &outbox, page(&["one", "Xəzər"])).unwrap();
        let sent = outbox.next().await.unwrap();
        assert_eq!(shown(&mut client, &sent).trim_end(), "one\nXəzər");
        // The client reads nothing while three frames are drawn: the second
        // and third are dropped for a whole third screen.
        draw_latest(&mut terminal, &outbox, page(&["two", "Xəzər"])).unwrap();
        draw_latest(&mut terminal, &outbox, page(&["three", "김민준"])).unwrap();
        draw_latest(&mut terminal, &outbox, page(&["four", "김민준", "Şəki"])).unwrap();
        let sent = outbox.next().await.unwrap();
        assert_eq!(shown(&mut client, &sent).trim_end(), "four\n김민준\nŞəki");
    }

    #[tokio::test]
    async fn a_waiting_frame_is_replaced_not_queued() {
        let outbox = Outbox::default();
        outbox.push_always(b"enter ");
        outbox.push(b"frame 1");
        outbox.push(b"frame 2");
        assert!(outbox.take_stale(), "the session is told to draw whole");
        assert!(!outbox.take_stale());
        outbox.push(b"whole");
        assert_eq!(outbox.next().await.as_deref(), Some(&b"enter whole"[..]));
        outbox.push_always(b"bye");
        outbox.close();
        assert_eq!(outbox.next().await.as_deref(), Some(&b"bye"[..]));
        assert_eq!(outbox.next().await, None);
    }

    #[tokio::test]
    async fn a_client_that_takes_nothing_has_at_most_a_screen_and_a_frame_waiting() {
        let outbox = Outbox::default();
        outbox.push_always(b"enter ");
        for i in 0..1000 {
            // What a session does: a frame, and a whole screen when told.
            outbox.push(format!("frame {i} ").as_bytes());
            if outbox.take_stale() {
                outbox.push_whole(format!("whole {i} ").as_bytes());
            }
        }
        assert_eq!(
            outbox.next().await.as_deref(),
            Some(&b"enter whole 999 "[..])
        );
    }
}
