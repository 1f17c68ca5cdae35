//! Train the sentence-boundary model of one language from UD CoNLL-U files.
//!
//! ```text
//! cargo run --release -p depesche --example train_sentences -- de models/sentences-de.bin \
//!     ../shared/data/ud/UD_German-GSD/de_gsd-ud-dev.conllu \
//!     ../shared/data/ud/UD_German-PUD/de_pud-ud-test.conllu
//! cargo run --release -p depesche --example train_sentences -- en models/sentences-en.bin \
//!     ../shared/data/ud/UD_English-EWT/en_ewt-ud-train.conllu.gz \
//!     ../shared/data/ud/UD_English-EWT/en_ewt-ud-dev.conllu
//! ```
//! Only splits allowed for training may be given (never a `*-test` file that
//! the evaluation uses: GSD test, EWT test). `.gz` files are read through `gzip -dc`.

use std::process::{Command, ExitCode};

use depesche::eval::sentences::{read_conllu, GoldDoc};
use depesche::schema::Span;
use depesche::text::boundary::{train, TrainDoc};
use depesche::Lang;

const EPOCHS: usize = 10;

/// Rebuild a document with the final full stop of every `every`-th sentence
/// removed (0: unchanged). Headlines and list items end without a stop, but
/// the allowed German training splits hold few of them; this teaches the
/// model what such a boundary looks like from ordinary sentences.
fn drop_stops(doc: &GoldDoc, every: usize) -> (String, Vec<Span>) {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut text = String::with_capacity(doc.text.len());
    let mut spans = Vec::with_capacity(doc.sentences.len());
    let mut cp = 0usize; // code points written
    let mut prev_end = 0usize;
    for (k, s) in doc.sentences.iter().enumerate() {
        for &c in &chars[prev_end..s.start] {
            text.push(c);
            cp += 1;
        }
        let mut end = s.end;
        let ends_in_stop = end > s.start + 1 && chars[end - 1] == '.' && chars[end - 2] != '.';
        if every > 0 && k % every == every - 1 && ends_in_stop {
            end -= 1;
        }
        let start = cp;
        for &c in &chars[s.start..end] {
            text.push(c);
            cp += 1;
        }
        spans.push(Span::new(start, cp));
        prev_end = s.end;
    }
    (text, spans)
}

fn read(path: &str) -> Result<String, String> {
    let bytes = if path.ends_with(".gz") {
        let out = Command::new("gzip")
            .args(["-dc", path])
            .output()
            .map_err(|e| format!("gzip -dc {path}: {e}"))?;
        if !out.status.success() {
            return Err(format!("gzip -dc {path} failed"));
        }
        out.stdout
    } else {
        std::fs::read(path).map_err(|e| format!("{path}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: train_sentences LANG OUT.bin FILE.conllu[.gz]...");
        return ExitCode::from(2);
    }
    let lang = Lang::from_code(&args[0]);
    let every: usize = std::env::var("DROP_STOPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if lang == Lang::De { 5 } else { 0 });
    let out = &args[1];
    let mut gold = Vec::new();
    for path in &args[2..] {
        if path.contains("de_gsd-ud-test") || path.contains("en_ewt-ud-test") {
            eprintln!("refusing to train on an evaluation split: {path}");
            return ExitCode::from(2);
        }
        match read(path) {
            Ok(text) => {
                let doc = read_conllu(&text, false);
                eprintln!("{path}: {} sentences", doc.sentences.len());
                gold.push(doc);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    // Each file twice: as annotated, and with stops dropped (when asked).
    let mut variants: Vec<(String, Vec<Span>)> = gold
        .iter()
        .map(|d| (d.text.clone(), d.sentences.clone()))
        .collect();
    if every > 0 {
        variants.extend(gold.iter().map(|d| drop_stops(d, every)));
    }
    let docs: Vec<TrainDoc> = variants
        .iter()
        .map(|(text, sentences)| TrainDoc { text, sentences })
        .collect();
    let model = train(&docs, lang, EPOCHS);
    if let Err(e) = std::fs::write(out, model.to_bytes()) {
        eprintln!("error: {out}: {e}");
        return ExitCode::from(1);
    }
    eprintln!("wrote {out}");
    ExitCode::SUCCESS
}
