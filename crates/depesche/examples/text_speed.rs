//! Throughput of the text layer (tokenize + sentence split) on a text file,
//! one line = one block, one core, release build:
//!
//! ```text
//! cargo run --release -p depesche --example text_speed -- ../shared/data/news-de/10kGNAD/test.csv de
//! ```
//! Prints MB/s from the thread's CPU time (best of several passes), so a busy
//! machine does not skew the figure, and the wall-clock figure beside it.

use std::time::Instant;

use depesche::eval::sentences::best_time;
use depesche::schema::Span;
use depesche::text::{split_sentences, tokenize, TextIndex};
use depesche::Lang;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: text_speed FILE [de|en]");
        std::process::exit(2);
    };
    let lang = Lang::from_code(&args.next().unwrap_or_else(|| "de".into()));
    let data = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let pass = || {
        let (mut sentences, mut tokens) = (0usize, 0usize);
        for line in data.lines() {
            let ix = TextIndex::new(line);
            let toks = tokenize(line, &ix, Span::new(0, ix.len_chars()), lang);
            sentences += split_sentences(line, &ix, &toks, lang).len();
            tokens += toks.len();
        }
        (sentences, tokens)
    };
    let wall = Instant::now();
    let (sentences, tokens) = pass();
    let wall = wall.elapsed().as_secs_f64();
    let cpu = best_time(|| {
        std::hint::black_box(pass());
    })
    .as_secs_f64();
    let mb = data.len() as f64 / 1e6;
    println!(
        "{path}: {:.1} MB, {sentences} sentences, {tokens} tokens; \
         {:.1} MB/s per core (CPU time, best pass), {:.1} MB/s wall (first pass)",
        mb,
        mb / cpu,
        mb / wall
    );
}
