//! The importer under libFuzzer: any bytes, read from a file as `incubator
//! import` reads them (size, text length and UTF-8 limits, streaming), then
//! the rules. Must never panic, hang or use memory out of proportion.
//!
//!     cargo +nightly fuzz run import -- -max_len=65536 -rss_limit_mb=512
//!
//! Seed the corpus with `seed/portfolio.json` for mutated valid files.

#![no_main]

use std::io::Write;

use incubator::interchange::reading::read_document;
use incubator::model::portfolio_problems;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(data).expect("write the input");
    if let Ok(mut parsed) = read_document(file.path()) {
        parsed.portfolio.normalize();
        let _ = portfolio_problems(&parsed.portfolio, &|_, _| false);
    }
    let _ = incubator::interchange::parse(&String::from_utf8_lossy(data));
});
