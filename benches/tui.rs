//! TUI budgets: placeholder until the benchmarks land.
fn main() {}
