//! incubator: the portfolio of an innovation center's incubation and
//! acceleration programs, kept in an embedded sled store.

pub mod attention;
pub mod export;
pub mod model;
pub mod resolve;
pub mod search;
pub mod seed;
pub mod store;
pub mod text;
pub mod workspace;
