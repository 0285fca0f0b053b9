//! incubator: the portfolio of an innovation center's incubation and
//! acceleration programs, kept in an embedded sled store.

pub mod app;
pub mod attention;
pub mod backup;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod environment;
pub mod export;
pub mod generate;
#[cfg(target_os = "linux")]
pub mod holder;
pub mod intake;
pub mod interchange;
pub mod judging;
pub mod model;
pub mod ranking;
pub mod report;
pub mod resolve;
pub mod search;
pub mod seed;
pub mod serve;
pub mod store;
pub mod term;
pub mod text;
pub mod ui;
pub mod workspace;
