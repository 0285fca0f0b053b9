//! Where the full-screen view's memory goes once it is fully loaded: the
//! steps `term::Feed` takes (open the store, `Data::load_first`, read the
//! notes, `Data::set_notes`, build the search index), with jemalloc's
//! live bytes after each, then each part dropped again to see what it held
//! and what stays (sled's cache of what was read).
//!
//! Counted, not timed. Allocates with jemalloc, as the binary does.
//! `BENCH_DB=/path/to/a/copy` reads that database (it is opened, so use a
//! copy); else the generated one of each size in `BENCH_SIZES`.
//! `cargo bench --bench view_memory`

mod common;

use std::path::PathBuf;

use common::{database, label, sizes};
use incubator::app::Data;
use incubator::model::Note;
use incubator::search::SearchIndex;
use incubator::store::Store;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The binary's jemalloc settings (see `serve::JEMALLOC_CONF`).
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 95] = incubator::serve::JEMALLOC_CONF;

/// jemalloc's live bytes and resident bytes, in MB.
fn held() -> (f64, f64) {
    use tikv_jemalloc_ctl::{epoch, stats};
    let _ = epoch::advance();
    let mb = |v: Result<usize, _>| v.map_or(0.0, |b| b as f64 / (1024.0 * 1024.0));
    (mb(stats::allocated::read()), mb(stats::resident::read()))
}

fn vm_rss_mb() -> f64 {
    let (rss, _) = common::memory_kb("self");
    rss as f64 / 1024.0
}

/// The notes' own heap bytes, counted: the list and each one's strings.
fn notes_bytes(notes: &Vec<Note>) -> usize {
    notes.capacity() * size_of::<Note>()
        + notes
            .iter()
            .map(|n| {
                n.id.capacity() + n.startup.capacity() + n.author.capacity() + n.body.capacity()
            })
            .sum::<usize>()
}

fn step(what: &str, before: f64) -> f64 {
    let (allocated, resident) = held();
    eprintln!(
        "==   {what:<44} allocated {allocated:7.1} MB ({:+7.1}), jemalloc resident {resident:7.1} MB, VmRSS {:7.1} MB ==",
        allocated - before,
        vm_rss_mb()
    );
    allocated
}

fn measure(name: &str, db: PathBuf) {
    eprintln!("== view memory, {name} ==");
    let at = step("nothing open", 0.0);
    let store = Store::open(&db).expect("open the database");
    let at = step("store open", at);
    let mut data = Data::load_first(&store).expect("first frame's records");
    let at = step("Data::load_first (the first frame's records)", at);
    let notes = store.notes().expect("the notes");
    let counted = notes_bytes(&notes) as f64 / (1024.0 * 1024.0);
    let at = step("notes read (the notes and sled's cache)", at);
    eprintln!("==     the notes themselves, counted: {counted:.1} MB ==");
    data.set_notes(notes);
    let at = step("Data::set_notes (grouped by startup)", at);
    let index = SearchIndex::build(&data.portfolio);
    let at = step("SearchIndex::build", at);
    eprintln!(
        "==     the index, counted: {:.1} MB ==",
        index.heap_bytes() as f64 / (1024.0 * 1024.0)
    );
    // What sled keeps of the pages it read, whatever its cache's size,
    // goes only when it closes: the store closed and opened again, with
    // the model kept.
    drop(store);
    let at = step("store closed (Data and index kept)", at);
    let store = Store::open(&db).expect("open the database again");
    let at = step("store opened again", at);
    drop(index);
    let at = step("index dropped", at);
    drop(data);
    let at = step("Data dropped", at);
    drop(store);
    step("store closed", at);
}

fn main() {
    if let Ok(db) = std::env::var("BENCH_DB") {
        measure(&db.clone(), PathBuf::from(db));
        return;
    }
    for n in sizes() {
        measure(&label(n), database(n));
    }
}
