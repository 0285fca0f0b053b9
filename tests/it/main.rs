//! The integration tests: one binary, so the library (with russh and
//! tokio) is linked once rather than once per file. Each module is one
//! area; `support` holds what they share (a sandboxed binary, the SSH
//! server and clients, the OpenSSH driver).
//!
//! Tests in one binary share a process and run in parallel: a test sets
//! environment variables and the working folder on the commands it starts,
//! never on this process, and takes any free port (`127.0.0.1:0`).
//!
//! Run one area with `cargo test --test it damage::`, one test by its name.

mod support;

// The command line, one command at a time.
mod backup;
mod booking;
mod calendar;
mod cli;
mod export_cohort;
mod foreign;
mod holder;
mod import_rules;
mod intake;
mod judge_role;
mod lock;
mod program_year;
mod ranking;
mod report;
mod results;
mod round_trip;
mod search_scripts;
mod shell;
mod xlsx;

// Faults: kill -9, full disks, signals, damaged files, hostile input.
mod crash;
mod damage;
mod damage_generated;
mod faults_disk;
mod faults_kill;
mod faults_signals;
mod hostile_input;
mod hostile_text;

// The full-screen view: drawn into a test backend, and in a real terminal.
mod editing;
mod follow_store;
mod lists;
mod tui_hours;
mod tui_outcomes;
mod tui_pty;
mod tui_report;
mod tui_screens;

// `incubator serve`: in this process, and the binary reached with OpenSSH.
mod serve_cli;
mod serve_log;
mod serve_reload;
mod serve_reopen;
mod sessions;
mod ssh;
mod ssh_hostile;
mod ssh_judging;
mod ssh_limits;
mod ssh_merge;
mod ssh_paths;
