//! incubator: the portfolio of an innovation center's incubation and
//! acceleration programs, kept in an embedded sled store.

pub mod model;
pub mod text;
pub mod export;
pub mod store;
