//! The real binary in a pseudo-terminal, driven "as a user would": start
//! it, type, read the screen (DESIGN.md, "Testing layers", item 3).
//!
//! Each test starts `incubator` in a pty (portable-pty), a thread feeds
//! everything it writes into a vt100 parser (and keeps the raw bytes), and
//! the test waits for text to appear on the parsed screen before typing on.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use crate::support::{Sandbox, assert_success, bin};

/// How long a screen may take to show what a test waits for. Generous: the
/// machines running these are shared; a passing test never waits this long.
pub(crate) const WAIT: Duration = Duration::from_secs(5);

/// The pause after a lone Esc, so crossterm does not read it as the start
/// of an escape sequence together with the next key.
const ESC_PAUSE: Duration = Duration::from_millis(150);

/// What the terminal was asked to do besides drawing.
#[derive(Default)]
struct Requests {
    titles: Vec<Vec<u8>>,
    icon_names: Vec<Vec<u8>>,
    clipboard: Vec<Vec<u8>>,
    other_osc: Vec<Vec<Vec<u8>>>,
}

impl vt100::Callbacks for Requests {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8]) {
        self.clipboard.push(ty.to_vec());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.other_osc
            .push(params.iter().map(|p| p.to_vec()).collect());
    }
}

/// The terminal as the program sees it: the parsed screen and every byte.
struct Term {
    parser: vt100::Parser<Requests>,
    raw: Vec<u8>,
}

/// How these tests run the binary in a sandbox: in a terminal of its own,
/// with no colour, size or `NO_COLOR` passed down from the one running them.
pub(crate) trait InTerminal {
    fn command(&self, args: &[&str]) -> CommandBuilder;
    fn sandbox_env(&self, cmd: &mut CommandBuilder);
    fn std_command(&self) -> std::process::Command;
    fn launch(&self, cols: u16, rows: u16) -> Tui;
}

impl InTerminal for Sandbox {
    /// The program with this sandbox's database, home and config, as a
    /// pty command.
    fn command(&self, args: &[&str]) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(bin());
        cmd.args(args);
        self.sandbox_env(&mut cmd);
        cmd
    }

    fn sandbox_env(&self, cmd: &mut CommandBuilder) {
        self.pty_env(cmd);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("COLUMNS");
        cmd.env_remove("LINES");
    }

    /// The program outside a terminal, with this sandbox's environment.
    fn std_command(&self) -> std::process::Command {
        let mut cmd = self.plain();
        cmd.current_dir(self.dir.path())
            .env("TERM", "xterm-256color")
            .env("INCUBATOR_DB", self.db())
            .env_remove("NO_COLOR");
        cmd
    }

    /// Start the TUI (no arguments: the default command) at `cols`×`rows`.
    fn launch(&self, cols: u16, rows: u16) -> Tui {
        Tui::spawn(self.command(&[]), cols, rows)
    }
}

/// A program running in a pseudo-terminal.
pub(crate) struct Tui {
    term: Arc<Mutex<Term>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub(crate) child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    /// Tells the reader to let go of its end of the terminal.
    stop_reading: Arc<AtomicBool>,
}

impl Tui {
    pub(crate) fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("start incubator");
        // Only the child holds the terminal side now, so the reader sees
        // the end when the child is gone.
        drop(pair.slave);
        let term = Arc::new(Mutex::new(Term {
            parser: vt100::Parser::new_with_callbacks(
                rows.try_into().expect("rows"),
                cols.try_into().expect("cols"),
                0,
                Requests::default(),
            ),
            raw: Vec::new(),
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let feed = Arc::clone(&term);
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop.load(Ordering::SeqCst) {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut term = feed.lock().unwrap_or_else(|e| e.into_inner());
                        term.parser.process(&buf[..n]);
                        term.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Tui {
            term,
            master: pair.master,
            writer,
            child,
            reader: Some(reader),
            stop_reading,
        }
    }

    /// Close the terminal under the program, as closing its window or a
    /// dropped SSH link does: every handle on our side of the pty goes.
    fn close_terminal(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        // Something to read, so the reader wakes, sees the flag and lets go.
        self.send("j");
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.writer = Box::new(std::io::sink());
        self.master = native_pty_system()
            .openpty(PtySize::default())
            .expect("a spare pty")
            .master;
    }

    fn with_term<T>(&self, f: impl FnOnce(&Term) -> T) -> T {
        let term = self.term.lock().unwrap_or_else(|e| e.into_inner());
        f(&term)
    }

    pub(crate) fn screen(&self) -> String {
        self.with_term(|t| t.parser.screen().contents())
    }

    /// What the program asked the terminal to put on the clipboard
    /// (OSC 52), each decoded from base64.
    pub(crate) fn clipboard(&self) -> Vec<String> {
        use base64::Engine;
        self.with_term(|t| {
            t.parser
                .callbacks()
                .clipboard
                .iter()
                .map(|data| {
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(data)
                        .expect("base64");
                    String::from_utf8(bytes).expect("UTF-8")
                })
                .collect()
        })
    }

    fn raw(&self) -> Vec<u8> {
        self.with_term(|t| t.raw.clone())
    }

    /// Wait until `check` holds for the terminal, or fail showing the screen.
    fn wait_until(&self, what: &str, timeout: Duration, check: impl Fn(&Term) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.with_term(&check) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; the screen:\n{}",
                    framed(&self.screen())
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the screen shows `text`.
    pub(crate) fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?}"), timeout, |t| {
            t.parser.screen().contents().contains(text)
        });
    }

    /// Wait until the screen no longer shows `text`.
    pub(crate) fn wait_gone(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} to go away"), timeout, |t| {
            !t.parser.screen().contents().contains(text)
        });
    }

    /// Type `keys` (raw bytes as a terminal sends them).
    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("type");
    }

    /// A lone Esc, with the pause that tells it from an escape sequence.
    fn esc(&mut self) {
        thread::sleep(ESC_PAUSE);
        self.send("\x1b");
        thread::sleep(ESC_PAUSE);
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        // The parser first, so the redraw the program sends is read at the
        // new size.
        {
            let mut term = self.term.lock().unwrap_or_else(|e| e.into_inner());
            term.parser.set_size(
                rows.try_into().expect("rows"),
                cols.try_into().expect("cols"),
            );
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Wait for the program to exit, and for all it wrote to be read.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!(
                    "incubator did not exit within {timeout:?}; the screen:\n{}",
                    framed(&self.screen())
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The program exited 0 and left the terminal as it found it: off the
    /// alternate screen, cursor shown, mouse reporting and bracketed paste off.
    pub(crate) fn assert_clean_exit(&mut self) {
        let status = self.wait_exit(WAIT);
        let screen = self.screen();
        assert!(
            status.success(),
            "exit status {status:?}; the screen:\n{}",
            framed(&screen)
        );
        self.with_term(|t| {
            let s = t.parser.screen();
            assert!(
                !s.alternate_screen(),
                "still on the alternate screen after exit:\n{}",
                framed(&screen)
            );
            assert!(!s.hide_cursor(), "the cursor is still hidden after exit");
            assert_eq!(
                s.mouse_protocol_mode(),
                vt100::MouseProtocolMode::None,
                "mouse reporting is still on after exit"
            );
            assert!(
                !s.bracketed_paste(),
                "bracketed paste is still on after exit"
            );
        });
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave its program running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn framed(screen: &str) -> String {
    let mut out = String::from("┌────\n");
    for line in screen.lines() {
        out.push('│');
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("└────");
    out
}

/// The first screen of a launch: Home, drawn.
pub(crate) fn wait_for_home(tui: &Tui) {
    tui.wait_for("Needs attention", WAIT);
}

/// The Startups table at 80 columns: its header.
const STARTUPS_HEADER: &str = "Name";
const STARTUP_DETAILS: &str = "One-liner";

#[test]
fn first_launch_loads_the_sample_shows_home_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    assert!(!sandbox.db().exists());
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.wait_for("New database with the sample portfolio", WAIT);
    tui.with_term(|t| {
        let s = t.parser.screen();
        assert!(s.alternate_screen(), "the TUI runs on the alternate screen");
        assert!(s.hide_cursor(), "the cursor is hidden while browsing");
        assert!(s.bracketed_paste(), "a paste arrives whole");
    });

    tui.send("2");
    tui.wait_for("Startups 24", WAIT);
    tui.wait_for("Şəbəkə Pay", WAIT);
    // Any key replaces the notice with the key hints.
    tui.wait_gone("New database with the sample portfolio", WAIT);
    tui.wait_for("q quit", WAIT);

    tui.send("q");
    tui.assert_clean_exit();
    assert!(sandbox.db().exists(), "the database was created");
    // Back on the main screen, what was there before the TUI is there again.
    tui.wait_for("loaded the sample portfolio", WAIT);

    // The next launch opens the same database: no notice this time.
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.wait_for("q quit", WAIT);
    let screen = tui.screen();
    assert!(
        !screen.contains("sample portfolio"),
        "the notice again on a second launch:\n{}",
        framed(&screen)
    );
    tui.send("q");
    tui.assert_clean_exit();
}

/// The text of the selected (reversed) row of the list on screen.
fn selected_row(t: &Term) -> Option<String> {
    let s = t.parser.screen();
    let (rows, cols) = s.size();
    (1..rows.get())
        .find(|&row| s.cell(row, 1).is_some_and(vt100::Cell::inverse))
        .map(|row| {
            s.rows(0, cols.get())
                .nth(usize::from(row))
                .unwrap_or_default()
                .trim_matches(['│', ' '])
                .to_string()
        })
}

/// `2`, `/`, a query: the Startups list filtered as the user types.
fn filter_startups(tui: &mut Tui, query: &str) {
    wait_for_home(tui);
    tui.send("2");
    tui.wait_for("Ağ Şəhər Health", WAIT);
    tui.send("/");
    tui.wait_for("Enter keeps the filter", WAIT);
    tui.send(query);
    tui.wait_for(&format!("/{query}▏"), WAIT);
    tui.wait_gone("Ağ Şəhər Health", WAIT);
}

#[test]
fn a_mentor_filters_the_startups_and_opens_one() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    filter_startups(&mut tui, "kilim craft");
    tui.wait_for("Startups 1 /kilim craft", WAIT);
    tui.wait_until("Kilim Craft selected", WAIT, |t| {
        selected_row(t).is_some_and(|r| r.starts_with("Kilim Craft"))
    });

    // Enter keeps the filter and leaves the typing; Enter again opens.
    tui.send("\r");
    tui.wait_gone("Enter keeps the filter", WAIT);
    tui.wait_for("Startups 1 /kilim craft", WAIT);
    tui.send("\r");
    tui.wait_for("┌ Kilim Craft ", WAIT);
    tui.wait_for("Founders", WAIT);
    tui.wait_for("Şəmsiyyə", WAIT);

    // Esc goes back to the filtered list, Esc again clears the filter.
    tui.esc();
    tui.wait_for("Startups 1 /kilim craft", WAIT);
    tui.esc();
    tui.wait_for("Startups 24", WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn filtering_selects_the_best_match_first() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    filter_startups(&mut tui, "kilim");
    tui.wait_for("Kilim Craft", WAIT);
    thread::sleep(Duration::from_millis(200));
    let selected = tui.with_term(selected_row).unwrap_or_default();
    assert!(
        selected.starts_with("Kilim Craft"),
        "selected {selected:?}, not Kilim Craft:\n{}",
        framed(&tui.screen())
    );
    tui.send("\r");
    tui.wait_gone("Enter keeps the filter", WAIT);
    tui.send("\r");
    tui.wait_for("Şəmsiyyə", WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn the_palette_finds_a_note_and_lands_on_its_startup() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.send("\x0b");
    tui.wait_for("Search everything", WAIT);
    tui.send("pricing");
    tui.wait_for("› pricing", WAIT);
    tui.wait_for("Bazarım  body: Pricing review", WAIT);

    tui.send("\r");
    tui.wait_gone("Search everything", WAIT);
    tui.wait_for("┌ Bazarım ", WAIT);
    tui.wait_for("Pricing review", WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn help_lists_the_keys_and_any_key_closes_it() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.send("?");
    tui.wait_for("┌ Keys ", WAIT);
    tui.wait_for("search everything", WAIT);
    tui.wait_for("move down", WAIT);

    // A key with no binding of its own closes the help and does nothing else.
    tui.send("x");
    tui.wait_gone("search everything", WAIT);
    tui.wait_for("Needs attention", WAIT);
    // A bound key, too, only closes the help: `q` does not quit from it.
    tui.send("?");
    tui.wait_for("search everything", WAIT);
    tui.send("q");
    tui.wait_gone("search everything", WAIT);
    thread::sleep(Duration::from_millis(300));
    assert!(
        tui.child.try_wait().expect("child status").is_none(),
        "q on the help closed it and quit as well"
    );
    tui.send("q");
    tui.assert_clean_exit();
}

/// Every key's description, as the help should list them.
const HELP_LINES: &[&str] = &[
    "move up",
    "search everything",
    "help",
    "quit",
    "filter this list",
    "sort by another column",
    "reverse the sort",
    // "Any key" on one page, "Any other key" where PgDn/PgUp turn pages.
    "key closes this.",
];

#[test]
fn in_a_tall_terminal_the_help_lists_every_key() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 40);
    wait_for_home(&tui);
    tui.send("?");
    for line in HELP_LINES {
        tui.wait_for(line, WAIT);
    }
    tui.send("x");
    tui.wait_gone("search everything", WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn at_80x24_the_help_lists_every_key() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.send("?");
    for line in HELP_LINES {
        tui.wait_for(line, WAIT);
    }
    tui.send("x");
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn resizing_switches_between_side_by_side_and_one_pane() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(120, 36);
    wait_for_home(&tui);
    tui.send("2");
    tui.wait_for("Startups 24", WAIT);
    // Wide: the list and the selected startup's details side by side.
    tui.wait_for(STARTUP_DETAILS, WAIT);
    let wide = tui.screen();
    assert!(
        wide.contains("┌ Ağ Şəhər Health "),
        "the first startup's details beside the list:\n{}",
        framed(&wide)
    );
    assert!(
        wide.lines()
            .any(|l| l.contains(STARTUPS_HEADER) && l.contains(STARTUP_DETAILS)),
        "list and details on the same rows:\n{}",
        framed(&wide)
    );

    tui.resize(80, 24);
    // Narrow: the list alone.
    tui.wait_gone(STARTUP_DETAILS, WAIT);
    tui.wait_for("Startups 24", WAIT);
    tui.wait_for("Bakı Bites", WAIT);
    tui.with_term(|t| {
        let s = t.parser.screen();
        assert_eq!(s.size(), (24.try_into().unwrap(), 80.try_into().unwrap()));
    });

    // Enter: the details alone.
    tui.send("\r");
    tui.wait_for(STARTUP_DETAILS, WAIT);
    tui.wait_gone("Startups 24", WAIT);
    tui.wait_gone("Bakı Bites", WAIT);

    // Esc: back to the list.
    tui.esc();
    tui.wait_for("Startups 24", WAIT);
    tui.wait_gone(STARTUP_DETAILS, WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

/// Cells on screen with a colour other than the terminal's default.
fn coloured_cells(t: &Term) -> Vec<(u16, u16, String)> {
    let s = t.parser.screen();
    let (rows, cols) = s.size();
    let mut found = Vec::new();
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let Some(cell) = s.cell(row, col) else {
                continue;
            };
            if cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default {
                found.push((row, col, cell.contents().to_string()));
            }
        }
    }
    found
}

/// Visit Home, the Startups list with details, the palette and the help,
/// returning the coloured cells of each.
/// Each screen's name and its coloured cells (row, column, colour).
type ColouredScreens = Vec<(&'static str, Vec<(u16, u16, String)>)>;

fn colours_on_every_screen(tui: &mut Tui) -> ColouredScreens {
    let mut seen = Vec::new();
    wait_for_home(tui);
    seen.push(("home", tui.with_term(coloured_cells)));
    tui.send("2");
    tui.wait_for("Startups 24", WAIT);
    seen.push(("startups", tui.with_term(coloured_cells)));
    tui.send("/kilim craft");
    tui.wait_gone("Bakı Bites", WAIT);
    seen.push(("filter", tui.with_term(coloured_cells)));
    tui.send("\r\r");
    tui.wait_for("Şəmsiyyə", WAIT);
    seen.push(("details", tui.with_term(coloured_cells)));
    tui.send("\x0bpricing");
    tui.wait_for("Bazarım  body", WAIT);
    seen.push(("palette", tui.with_term(coloured_cells)));
    tui.esc();
    tui.wait_gone("Search everything", WAIT);
    tui.send("?");
    tui.wait_for("search everything", WAIT);
    seen.push(("help", tui.with_term(coloured_cells)));
    seen
}

#[test]
fn no_color_means_no_colour_and_colour_otherwise() {
    let sandbox = Sandbox::new();
    let mut cmd = sandbox.command(&[]);
    cmd.env("NO_COLOR", "1");
    let mut tui = Tui::spawn(cmd, 80, 24);
    for (screen, cells) in colours_on_every_screen(&mut tui) {
        assert!(
            cells.is_empty(),
            "NO_COLOR=1, yet the {screen} screen has {} coloured cells, first {:?}",
            cells.len(),
            &cells[..cells.len().min(5)]
        );
    }
    tui.send("q");
    tui.send("q");
    tui.assert_clean_exit();

    // The same walk with NO_COLOR unset has colour on every screen.
    let mut tui = sandbox.launch(80, 24);
    for (screen, cells) in colours_on_every_screen(&mut tui) {
        assert!(!cells.is_empty(), "no colour at all on the {screen} screen");
    }
    tui.send("q");
    tui.send("q");
    tui.assert_clean_exit();
}

/// A portfolio whose names and notes try to drive the terminal.
const EVIL_PORTFOLIO: &str = r#"{
  "format": "incubator-portfolio", "version": 1, "exported_at": "2026-11-28T09:30:00Z",
  "cohorts": [{"id": "c1", "name": "Evil Cohort \u001b]2;PWNED2\u0007 X", "program": "incubation",
               "start": "2026-01-05", "end": "2099-12-31", "capacity": 5, "description": ""}],
  "mentors": [],
  "startups": [{"id": "s1", "name": "Evil\u001b]0;PWNED\u0007 Co", "one_liner": "Red \u009b31mALERT",
                "sector": "fintech", "stage": "idea", "status": "active", "cohort": "c1"}],
  "demo_days": [],
  "notes": [{"id": "n1", "startup": "s1", "author": "Mallory", "kind": "note",
             "created_at": "2020-01-01T10:00:00+04:00",
             "body": "Before\u001b[2J\u001b]52;c;ZXZpbA==\u0007After"}]
}"#;

/// Fail if the program wrote anything from the evil portfolio that a
/// terminal would obey.
fn assert_nothing_drove_the_terminal(tui: &Tui, when: &str) {
    let raw = tui.raw();
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    for (needle, what) in [
        (&b"\x1b]0;PWNED"[..], "set the title (OSC 0)"),
        (b"\x1b]2;PWNED", "set the title (OSC 2)"),
        (b"\x1b]52;", "set the clipboard (OSC 52)"),
        (b"\x07", "rang the bell / ended an OSC"),
        ("\u{9b}".as_bytes(), "sent an 8-bit CSI"),
        (b"\x1b[2J\x1b]", "cleared the screen from a note"),
        (b"\x1b[31mALERT", "coloured text from a field"),
    ] {
        assert!(
            !contains(needle),
            "{when}: the program's output {what}: {:?} found in what it wrote; the screen:\n{}",
            String::from_utf8_lossy(needle),
            framed(&tui.screen())
        );
    }
    tui.with_term(|t| {
        let r = t.parser.callbacks();
        assert!(r.titles.is_empty(), "{when}: title set to {:?}", r.titles);
        assert!(
            r.icon_names.is_empty(),
            "{when}: icon name set to {:?}",
            r.icon_names
        );
        assert!(
            r.clipboard.is_empty(),
            "{when}: clipboard used: {:?}",
            r.clipboard
        );
        assert!(
            r.other_osc.is_empty(),
            "{when}: OSC sent: {:?}",
            r.other_osc
        );
    });
}

#[test]
fn control_characters_from_the_store_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("evil.json");
    std::fs::write(&file, EVIL_PORTFOLIO).expect("write the portfolio");
    let out = sandbox
        .std_command()
        .arg("--db")
        .arg(sandbox.db())
        .arg("import")
        .arg(&file)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut tui = sandbox.launch(80, 24);
    // Home: the quiet startup and the running cohort, by name.
    wait_for_home(&tui);
    tui.wait_for("Evil", WAIT);
    tui.wait_for("Evil Cohort", WAIT);
    assert_nothing_drove_the_terminal(&tui, "on Home");

    // The list, then the details with the note.
    tui.send("2");
    tui.wait_for("Startups 1", WAIT);
    tui.send("\r");
    tui.wait_for(STARTUP_DETAILS, WAIT);
    tui.wait_for("ALERT", WAIT);
    tui.wait_for("Before", WAIT);
    tui.wait_for("ZXZpbA==", WAIT);
    tui.wait_for("After", WAIT);
    let screen = tui.screen();
    assert!(
        screen.contains("Evil"),
        "the name is shown:\n{}",
        framed(&screen)
    );
    assert!(
        screen.contains("PWNED"),
        "the rest of the name is shown as text:\n{}",
        framed(&screen)
    );
    assert_nothing_drove_the_terminal(&tui, "in the details");

    // The palette shows the name and a snippet of the note body.
    tui.send("\x0bzxzpba");
    tui.wait_for("Search everything", WAIT);
    tui.wait_for("body:", WAIT);
    assert_nothing_drove_the_terminal(&tui, "in the palette");
    tui.esc();
    tui.wait_gone("Search everything", WAIT);

    tui.send("q");
    tui.assert_clean_exit();
    assert_nothing_drove_the_terminal(&tui, "after quitting");
}

#[test]
fn y_copies_a_name_and_id_or_a_note_to_the_clipboard_made_safe() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("evil.json");
    std::fs::write(&file, EVIL_PORTFOLIO).expect("write the portfolio");
    let out = sandbox
        .std_command()
        .arg("--db")
        .arg(sandbox.db())
        .arg("import")
        .arg(&file)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.send("2");
    tui.wait_for("Startups 1", WAIT);
    assert!(tui.clipboard().is_empty(), "a copy before y");
    tui.send("y");
    tui.wait_for("Copied", WAIT);
    let copied = tui.clipboard();
    assert_eq!(copied.len(), 1, "{copied:?}");
    // The name as the screen shows it: its escape codes made harmless.
    assert!(
        copied[0].starts_with("Evil") && copied[0].ends_with(" Co (s1)"),
        "{copied:?}"
    );
    assert!(!copied[0].chars().any(|c| c.is_control()), "{copied:?}");

    // The note under the cursor in the details: its body, made safe.
    tui.send("\r");
    tui.wait_for("Before", WAIT);
    tui.send("\x1b[B");
    tui.send("y");
    tui.wait_for("Copied the note", WAIT);
    let copied = tui.clipboard();
    assert_eq!(copied.len(), 2, "{copied:?}");
    assert!(
        copied[1].starts_with("Before") && copied[1].ends_with("After"),
        "{copied:?}"
    );
    assert!(
        !copied[1].contains('\u{1b}') && !copied[1].contains('\u{7}'),
        "{copied:?}"
    );
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn ctrl_c_in_the_palette_quits_cleanly() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.send("\x0b");
    tui.wait_for("Search everything", WAIT);
    tui.send("kil");
    tui.wait_for("› kil", WAIT);
    tui.send("\x03");
    tui.assert_clean_exit();
}

#[test]
fn sigterm_and_sighup_end_the_session_and_restore_the_terminal() {
    let sandbox = Sandbox::new();
    for signal in ["-TERM", "-HUP"] {
        let mut tui = sandbox.launch(80, 24);
        wait_for_home(&tui);
        tui.send("2");
        tui.wait_for("Startups 24", WAIT);
        // Our own child, by its id.
        let pid = tui.child.process_id().expect("pid");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill {signal} {pid}");
        tui.assert_clean_exit();
    }
}

#[test]
fn closing_the_terminal_ends_the_program_and_frees_the_database() {
    // A dropped SSH link or a closed terminal window: the pty goes away
    // under the program. It must end, not spin on the dead terminal
    // holding the database.
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    tui.close_terminal();
    let deadline = Instant::now() + WAIT;
    while tui.child.try_wait().expect("child status").is_none() {
        assert!(
            Instant::now() < deadline,
            "incubator still runs {WAIT:?} after its terminal closed"
        );
        thread::sleep(Duration::from_millis(50));
    }
    let check = sandbox
        .std_command()
        .arg("check")
        .output()
        .expect("run check");
    assert!(
        check.status.success(),
        "the database is free and sound after the hang-up: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// Run `script` with `sh` in a pty, with `$0` the binary and `$1` the
/// database; what it writes to the terminal is on the screen.
fn shell(sandbox: &Sandbox, script: &str) -> Tui {
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(script);
    cmd.arg(bin());
    cmd.arg(sandbox.db());
    cmd.arg(sandbox.path("out.txt"));
    sandbox.sandbox_env(&mut cmd);
    // Tall enough that a whole summary stays on screen.
    Tui::spawn(cmd, 100, 60)
}

#[test]
fn with_stdout_piped_the_default_command_prints_a_summary() {
    let sandbox = Sandbox::new();
    // The summary reads a database; it makes none (init does).
    assert_success(&sandbox.run(&["init"]));
    // Typed in a terminal (standard input is one), output piped on.
    let mut tui = shell(
        &sandbox,
        r#"{ "$0" --db "$1"; echo "incubator exit=$?" >&2; } | cat > "$2"; echo done"#,
    );
    tui.wait_for("incubator exit=0", WAIT);
    tui.wait_for("done", WAIT);
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{status:?}");
    let raw = tui.raw();
    assert!(
        !raw.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the TUI started although standard output is a pipe:\n{}",
        framed(&tui.screen())
    );
    let out = std::fs::read(sandbox.path("out.txt")).expect("the summary");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("Portfolio at "), "{text}");
    assert!(text.contains("Needs attention"), "{text}");
    assert!(text.contains("Cohorts"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "escape sequences in the piped summary: {text:?}"
    );

    // Standard input from a file and output to the terminal: a summary too.
    let mut tui = shell(&sandbox, r#"exec "$0" --db "$1" < /dev/null"#);
    tui.wait_for("Portfolio at ", WAIT);
    tui.wait_for("Needs attention", WAIT);
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{status:?}");
    assert!(
        !tui.raw().windows(8).any(|w| w == b"\x1b[?1049h"),
        "the TUI started although standard input is not a terminal"
    );
}

#[test]
fn a_second_process_is_told_the_database_is_in_use() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);

    // Replacing the portfolio needs the database to itself (other
    // commands run in the view: tests/it/holder.rs).
    let file = sandbox.write_json("doc.json", &crate::support::valid_doc());
    let out = sandbox
        .std_command()
        .arg("--db")
        .arg(sandbox.db())
        .arg("import")
        .arg(&file)
        .arg("--replace")
        .output()
        .expect("run import --replace");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.contains("in use by"), "{stderr:?}");
    assert!(stderr.starts_with("incubator: "), "{stderr:?}");
    let pid = tui.child.process_id().expect("pid");
    assert!(
        stderr.contains(&format!("tester (pid {pid})")),
        "names who holds it: {stderr:?}"
    );
    assert!(stderr.contains("close that incubator first"), "{stderr:?}");

    // The running TUI is unharmed and still quits cleanly.
    tui.send("2");
    tui.wait_for("Startups 24", WAIT);
    tui.send("q");
    tui.assert_clean_exit();
}

/// The checks above rely on vt100 reporting what a terminal would obey:
/// make sure it does, so a regression in the program could not slip past.
#[test]
fn the_harness_notices_a_title_or_clipboard_request() {
    let mut parser = vt100::Parser::new_with_callbacks(
        24.try_into().expect("rows"),
        80.try_into().expect("cols"),
        0,
        Requests::default(),
    );
    parser.process(b"Evil\x1b]0;PWNED\x07 Co\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]2;PWNED2\x07");
    let r = parser.callbacks();
    assert_eq!(r.titles, vec![b"PWNED".to_vec(), b"PWNED2".to_vec()]);
    assert_eq!(r.clipboard, vec![b"ZXZpbA==".to_vec()]);
    assert!(!parser.screen().contents().contains("PWNED"));
}

#[test]
fn x_on_a_cohort_writes_the_same_summary_as_the_command_line() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    tui.send("3");
    tui.wait_for("Cohorts 4", WAIT);
    tui.send("jjx");
    tui.wait_for("Export Autumn 2026 Incubation", WAIT);
    tui.send("\r");
    tui.wait_for("Wrote ", WAIT);
    let written: Vec<PathBuf> = std::fs::read_dir(sandbox.dir.path())
        .expect("the sandbox")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let [file] = &written[..] else {
        panic!("one Markdown file in the current folder: {written:?}")
    };
    let shown = tui.screen();
    assert!(
        shown.contains(&file.display().to_string()),
        "the status bar gives the full path:\n{}",
        framed(&shown)
    );
    tui.send("q");
    tui.assert_clean_exit();
    let cli = sandbox
        .std_command()
        .args(["export", "cohort", "c3", "--format", "md"])
        .output()
        .expect("run export cohort");
    assert!(cli.status.success());
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(file).expect("the file")),
        String::from_utf8_lossy(&cli.stdout)
    );
}

#[test]
fn a_note_logged_in_the_view_survives_a_kill_9_once_it_says_saved() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    filter_startups(&mut tui, "kilim");
    tui.send("\r");
    tui.send("a");
    tui.wait_for("Note on Kilim Craft", WAIT);
    // Azerbaijani letters typed into the note arrive whole.
    tui.send("Qiymət planı hazırdır: 3 mağaza imzaladı.");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved note", WAIT);
    // A real SIGKILL: portable-pty's `kill` sends SIGHUP, a clean stop.
    let pid = tui.child.process_id().expect("the pid");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = tui.child.wait().expect("wait");
    assert!(!status.success(), "killed, not ended: {status:?}");
    let out = sandbox
        .std_command()
        .args(["export", "all"])
        .output()
        .expect("run export all");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let note = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["body"] == "Qiymət planı hazırdır: 3 mağaza imzaladı.")
        .unwrap_or_else(|| panic!("the note saved before kill -9 is in the export"));
    assert_eq!(
        note["author"], "tester",
        "the login name, with no name configured"
    );
}

/// The whole editing round a coordinator makes, in the real binary, then
/// every effect checked in `incubator export all`.
#[test]
fn a_coordinator_edits_the_portfolio_from_the_keyboard() {
    let sandbox = Sandbox::new();
    let export = || -> serde_json::Value {
        let out = sandbox
            .std_command()
            .args(["export", "all"])
            .output()
            .expect("run export all");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let named = |doc: &serde_json::Value, kind: &str, name: &str| -> serde_json::Value {
        doc[kind]
            .as_array()
            .expect("records")
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    assert_success(&sandbox.run(&["init"]));
    let before = export();
    let mut tui = sandbox.launch(120, 40);
    wait_for_home(&tui);

    // A new startup, with a cohort and a mentor picked by fuzzy search.
    tui.send("2n");
    tui.wait_for("New startup", WAIT);
    tui.send("Qarabağ Robotics");
    tui.send("\t\t\t\t\t\r"); // to Cohort, and pick
    tui.wait_for("(no cohort)", WAIT);
    tui.send("autumn 2026");
    tui.wait_gone("(no cohort)", WAIT);
    tui.send("\r\t\r"); // chosen; to Mentors, and pick
    tui.wait_for("Space ticks", WAIT);
    tui.send("elcin");
    tui.wait_gone("Aysel Hüseynova", WAIT);
    tui.send(" \r\x13");
    tui.wait_for("Saved startup Qarabağ Robotics", WAIT);

    // A note on it: it is the selected startup now.
    tui.send("a");
    tui.wait_for("Note on Qarabağ Robotics", WAIT);
    tui.send("First call: the arm prototype is ready for a demo.\x13");
    tui.wait_for("Saved note", WAIT);

    // A cohort ends a week later.
    tui.send("3/spring 2027\r");
    tui.wait_for("Cohorts 1 /spring 2027", WAIT);
    tui.send("e");
    tui.wait_for("Edit cohort Spring 2027 Acceleration", WAIT);
    tui.send("\t\t\t+++++++\x13");
    tui.wait_for("Saved cohort Spring 2027 Acceleration", WAIT);

    // The first demo day's first pitch goes second.
    tui.send("5e");
    tui.wait_for("Edit demo day", WAIT);
    tui.send("\t\t\tJ\x13");
    tui.wait_for("Saved demo day", WAIT);

    // A startup goes, with what belongs to it.
    tui.send("2/gence agro\r");
    tui.wait_for("┌ Gəncə Agro ─", WAIT); // the best match, selected
    tui.send("d");
    tui.wait_for("Delete startup Gəncə Agro", WAIT);
    tui.send("y");
    tui.wait_for("Deleted startup Gəncə Agro", WAIT);
    tui.send("q");
    tui.assert_clean_exit();

    let after = export();
    let made = named(&after, "startups", "Qarabağ Robotics");
    let autumn = named(&after, "cohorts", "Autumn 2026 Incubation");
    let elcin = named(&after, "mentors", "Elçin Qasımov");
    assert_eq!(made["cohort"], autumn["id"], "{made}");
    assert_eq!(made["mentors"], serde_json::json!([elcin["id"]]), "{made}");
    let note = after["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["body"] == "First call: the arm prototype is ready for a demo.")
        .expect("the note");
    assert_eq!(note["startup"], made["id"]);

    let day = |doc: &serde_json::Value| {
        let end = named(doc, "cohorts", "Spring 2027 Acceleration")["end"]
            .as_str()
            .expect("an end date")
            .to_string();
        chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").expect("a date")
    };
    assert_eq!(day(&after) - day(&before), chrono::Duration::days(7));

    // The deleted startup's pitch slot goes with it (checked below).
    let gence = named(&before, "startups", "Gəncə Agro");
    let pitches = |doc: &serde_json::Value| -> Vec<Vec<serde_json::Value>> {
        doc["demo_days"]
            .as_array()
            .expect("demo days")
            .iter()
            .map(|d| {
                let all = d["pitches"].as_array().cloned().unwrap_or_default();
                all.into_iter()
                    .filter(|p| p["startup"] != gence["id"])
                    .collect()
            })
            .collect()
    };
    let reordered: Vec<(Vec<_>, Vec<_>)> = pitches(&before)
        .into_iter()
        .zip(pitches(&after))
        .filter(|(b, a)| b != a)
        .collect();
    let [(was, now)] = &reordered[..] else {
        panic!("one demo day reordered: {reordered:?}")
    };
    assert_eq!(
        (&now[0], &now[1]),
        (&was[1], &was[0]),
        "the first two swapped"
    );
    assert_eq!(now[2..], was[2..]);

    assert!(named(&after, "startups", "Gəncə Agro").is_null(), "deleted");
    let mentions = |doc: &serde_json::Value| {
        doc.to_string()
            .matches(&format!("\"{}\"", gence["id"].as_str().unwrap_or("?")))
            .count()
    };
    assert!(mentions(&before) > 1, "it had notes and a pitch slot");
    assert_eq!(mentions(&after), 0, "its notes and pitch slot went with it");
}

/// The program year in the real binary, in a terminal: a coordinator opens
/// the Calls tab, enters a reviewer's scores sent by email (`v`), moves two
/// marked applications to interview (`m`), accepts one (`A`) and quits;
/// the store has each change, the accepted one linked to its startup.
#[test]
fn a_coordinator_works_a_call_from_review_to_acceptance() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(100, 30);
    tui.wait_for("Needs attention", WAIT);
    tui.send("6");
    tui.wait_for("Spring 2027 Acceleration open call", WAIT);
    tui.wait_for("16 of 28 reviews in", WAIT);
    // TenderWatch waits for two reviews: Gülnarə's, sent by email.
    tui.send("G");
    while !tui.with_term(|t| selected_row(t).is_some_and(|r| r.contains("TenderWatch"))) {
        tui.send("k");
        thread::sleep(Duration::from_millis(30));
    }
    tui.send("v");
    tui.wait_for("Review by Gülnarə Əsgərova", WAIT);
    tui.send("435");
    tui.send("Sent by email on 5 Dec");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved review", WAIT);
    tui.wait_for("17 of 28 reviews in", WAIT);

    // Two received applications, marked, to interview.
    tui.send("g");
    while !tui.with_term(|t| selected_row(t).is_some_and(|r| r.contains("BakuBike"))) {
        tui.send("j");
        thread::sleep(Duration::from_millis(30));
    }
    tui.send(" ");
    tui.send(" ");
    tui.wait_for("2 marked", WAIT);
    tui.send("m");
    tui.wait_for("Move 2 applications to", WAIT);
    tui.send("jj\r");
    tui.wait_for("Done: 2 applications to interview", WAIT);

    // BakuBike accepted: a startup in the cohort, then taken back.
    tui.send("g");
    while !tui.with_term(|t| selected_row(t).is_some_and(|r| r.contains("BakuBike"))) {
        tui.send("j");
        thread::sleep(Duration::from_millis(30));
    }
    tui.send("A");
    tui.wait_for("Done: accepting BakuBike", WAIT);
    tui.wait_for("(3/12 places)", WAIT);
    tui.send("q");
    tui.assert_clean_exit();

    let out = sandbox.run(&["export", "all"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let review = doc["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["comment"] == "Sent by email on 5 Dec")
        .expect("the review entered");
    assert_eq!(review["reviewer"], "m3");
    assert_eq!(
        review["scores"],
        serde_json::json!({"Team": 4, "Market": 3, "Traction": 5})
    );
    let stage = |name: &str| {
        doc["applications"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .map(|a| (a["stage"].clone(), a["startup"].clone()))
            .expect(name)
    };
    let (stage_of_baku, startup) = stage("BakuBike");
    assert_eq!(stage_of_baku, "accepted");
    let startup = startup.as_str().expect("linked").to_string();
    let made = doc["startups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == startup.as_str())
        .expect("the startup made");
    assert_eq!(
        (made["name"].as_str(), made["cohort"].as_str()),
        (Some("BakuBike"), Some("c4"))
    );
    assert_eq!(stage("LedgerLite").0, "interview");
}
