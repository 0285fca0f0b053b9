//! A terminal whose size is told, not asked: the SSH client's screen
//! (its pty's size comes with the connection) and benchmarks' screens.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// A terminal's columns and rows, set by whoever knows them (an SSH
/// connection's pty requests) and read by the session's terminal.
#[derive(Debug, Default)]
pub struct PtySize(AtomicU32);

impl PtySize {
    pub fn new(width: u16, height: u16) -> PtySize {
        let size = PtySize::default();
        size.set(width, height);
        size
    }

    pub fn set(&self, width: u16, height: u16) {
        self.0
            .store(u32::from(width) << 16 | u32::from(height), Ordering::SeqCst);
    }

    pub fn get(&self) -> (u16, u16) {
        let v = self.0.load(Ordering::SeqCst);
        ((v >> 16) as u16, v as u16)
    }
}

/// crossterm's backend on any writer, with a size set from outside (an
/// SSH client's pty, a benchmark's fixed screen) rather than read from
/// this process's terminal.
pub struct SizedBackend<W: Write> {
    inner: CrosstermBackend<W>,
    size: Arc<PtySize>,
    cursor: Position,
}

impl<W: Write> SizedBackend<W> {
    pub fn new(writer: W, size: Arc<PtySize>) -> SizedBackend<W> {
        SizedBackend {
            inner: CrosstermBackend::new(writer),
            size,
            cursor: Position::ORIGIN,
        }
    }

    pub fn writer(&mut self) -> &mut W {
        self.inner.writer_mut()
    }
}

/// The scrolling backend writes its own escape codes.
impl<W: Write> Write for SizedBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for SizedBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// Asking a remote terminal where its cursor is would mean reading
    /// its answer from the input: the last place set is good enough.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = self.size.get();
        Ok(Size::new(width, height))
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size()?,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
