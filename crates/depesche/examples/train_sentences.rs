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
//! A CoNLL-2003 NER file (`-DOCSTART-` lines; German news with headlines and
//! datelines) is detokenized into one line per article ([`read_conll2003`])
//! for `EVAL` only: `deu.testa` may be used to tune and evaluate, never to
//! train (../shared/docs/DATA.md).
//! `FILE@A-B` takes sentences A..B (0-based, end exclusive) of a file only, so
//! part of a file can be held out.
//!
//! Development: `OUT.bin` may be `-` (nothing written); `EVAL=SPEC,SPEC…` scores
//! the new model (and the rules alone) on held-out files in the same notation,
//! `SHOW_ERRORS=N` prints N missed/spurious boundaries of each in context.

use std::process::{Command, ExitCode};

use std::collections::HashSet;

use depesche::eval::sentences::{read_conllu, segment_with, GoldDoc, Prf};
use depesche::schema::Span;
use depesche::text::boundary::{train, BoundaryModel, TrainDoc};
use depesche::text::TextIndex;
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

/// Join CoNLL-2003 tokens as German news text is written: no space before
/// closing punctuation, none after an opening bracket; ASCII `"` alternates
/// between opening and closing within a sentence (the corpus does not keep
/// quotation marks balanced over an article).
fn detokenize(tokens: &[&str], open_quote: &mut bool) -> String {
    let mut out = String::new();
    let mut glue_next = true;
    for &t in tokens {
        let glue = if t == "\"" {
            *open_quote = !*open_quote;
            !*open_quote // a closing quote touches the word before
        } else {
            matches!(
                t,
                "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "..." | "%" | "'"
            )
        };
        if !out.is_empty() && !glue && !glue_next {
            out.push(' ');
        }
        out.push_str(t);
        glue_next = matches!(t, "(" | "[") || (t == "\"" && *open_quote);
    }
    out
}

/// Read a CoNLL-2003 file (German news, Frankfurter Rundschau 1992): each
/// article becomes one line, its sentences joined by spaces, so headlines run
/// into the text as in a flattened page. The corpus ends a sentence at every
/// colon; before a lower-case word neither UD treebank does, and such a
/// sentence is joined to the next.
fn read_conll2003(input: &str) -> GoldDoc {
    let mut doc = GoldDoc::default();
    let mut cp = 0usize;
    let mut new_doc = false;
    let mut sentence: Vec<&str> = Vec::new();
    let mut pending: Vec<String> = Vec::new(); // parts of one sentence (joined at colons)
    let flush =
        |doc: &mut GoldDoc, cp: &mut usize, pending: &mut Vec<String>, new_doc: &mut bool| {
            if pending.is_empty() {
                return;
            }
            let s = pending.join(" ");
            pending.clear();
            if !doc.text.is_empty() {
                doc.text.push(if *new_doc { '\n' } else { ' ' });
                *cp += 1;
            }
            *new_doc = false;
            let start = *cp;
            doc.text.push_str(&s);
            *cp += s.chars().count();
            doc.sentences.push(Span::new(start, *cp));
        };
    let mut carried_quote = false;
    for line in input.lines().chain(std::iter::once("")) {
        let line = line.trim_end();
        if line.is_empty() {
            // The corpus often ends a sentence with the quotation mark that
            // opens the next one (`… gerüstet . "` / `Das war …`): an odd
            // number of marks with one last goes to the next sentence.
            if carried_quote {
                sentence.insert(0, "\"");
                carried_quote = false;
            }
            let quotes = sentence.iter().filter(|&&t| t == "\"").count();
            if quotes % 2 == 1 && sentence.len() > 1 && sentence.last() == Some(&"\"") {
                sentence.pop();
                carried_quote = true;
            }
            if !sentence.is_empty() {
                let s = detokenize(&sentence, &mut false);
                sentence.clear();
                // Before a lower-case word a colon ends no sentence in either
                // UD treebank: such a sentence is joined to the next.
                let joins = pending.last().is_some_and(|p: &String| p.ends_with(':'))
                    && s.chars().next().is_some_and(char::is_lowercase);
                if !joins {
                    flush(&mut doc, &mut cp, &mut pending, &mut new_doc);
                }
                pending.push(s);
            }
            continue;
        }
        let form = line.split(' ').next().unwrap_or("");
        if form == "-DOCSTART-" {
            flush(&mut doc, &mut cp, &mut pending, &mut new_doc);
            new_doc = true;
            carried_quote = false;
            continue;
        }
        sentence.push(form);
    }
    flush(&mut doc, &mut cp, &mut pending, &mut new_doc);
    doc
}

/// Sentences `a..b` of a document, as a document of their own.
fn slice_doc(doc: &GoldDoc, a: usize, b: usize) -> GoldDoc {
    let b = b.min(doc.sentences.len());
    let a = a.min(b);
    if a == b {
        return GoldDoc::default();
    }
    let (from, to) = (doc.sentences[a].start, doc.sentences[b - 1].end);
    let text: String = doc.text.chars().skip(from).take(to - from).collect();
    let sentences = doc.sentences[a..b]
        .iter()
        .map(|s| Span::new(s.start - from, s.end - from))
        .collect();
    GoldDoc {
        text,
        sentences,
        ..GoldDoc::default()
    }
}

/// Read `PATH` or `PATH@A-B` (see the module note).
fn load(spec: &str, training: bool) -> Result<GoldDoc, String> {
    let (path, range) = match spec.rsplit_once('@') {
        Some((p, r)) => {
            let (a, b) = r
                .split_once('-')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                .ok_or_else(|| format!("bad range in {spec}"))?;
            (p, Some((a, b)))
        }
        None => (spec, None),
    };
    if path.contains("de_gsd-ud-test") || path.contains("en_ewt-ud-test") {
        return Err(format!("refusing an evaluation split: {path}"));
    }
    // CoNLL-2003 testa (German: not redistributable) is for tuning and
    // evaluation only (../shared/docs/DATA.md): never trained on.
    if training && path.contains("testa") {
        return Err(format!(
            "refusing to train on a tune/eval-only file: {path}"
        ));
    }
    let text = read(path)?;
    let doc = if text.starts_with("-DOCSTART-") {
        read_conll2003(&text)
    } else {
        read_conllu(&text, false)
    };
    Ok(match range {
        Some((a, b)) => slice_doc(&doc, a, b),
        None => doc,
    })
}

/// Score a model (or the rules alone) on a document; print errors in context.
fn score(doc: &GoldDoc, lang: Lang, model: Option<&BoundaryModel>, show: usize) -> Prf {
    let ix = TextIndex::new(&doc.text);
    let (pred, _) = segment_with(&doc.text, &ix, lang, model);
    let gold: HashSet<usize> = doc.sentences.iter().map(|s| s.end).collect();
    let pred: HashSet<usize> = pred.iter().map(|s| s.end).collect();
    let mut errors: Vec<(usize, bool)> = gold
        .difference(&pred)
        .map(|&o| (o, true))
        .chain(pred.difference(&gold).map(|&o| (o, false)))
        .collect();
    errors.sort_unstable();
    let chars: Vec<char> = doc.text.chars().collect();
    for &(at, missed) in errors.iter().take(show) {
        let before: String = chars[at.saturating_sub(60)..at].iter().collect();
        let after: String = chars[at..(at + 40).min(chars.len())].iter().collect();
        eprintln!(
            "{} {}⟦|⟧{}",
            if missed { "MISSED  " } else { "SPURIOUS" },
            before.replace('\n', "¶"),
            after.replace('\n', "¶")
        );
    }
    Prf::from_sets(&gold, &pred)
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
    for spec in &args[2..] {
        match load(spec, true) {
            Ok(doc) => {
                eprintln!("{spec}: {} sentences", doc.sentences.len());
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
    if out != "-" {
        if let Err(e) = std::fs::write(out, model.to_bytes()) {
            eprintln!("error: {out}: {e}");
            return ExitCode::from(1);
        }
        eprintln!("wrote {out}");
    }
    let show: usize = std::env::var("SHOW_ERRORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // Score what was written (quantised), as the pipeline will use it.
    let model = BoundaryModel::from_bytes(&model.to_bytes());
    for spec in std::env::var("EVAL").unwrap_or_default().split(',') {
        if spec.is_empty() {
            continue;
        }
        let doc = match load(spec, false) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        let rules = score(&doc, lang, None, 0);
        let with = score(&doc, lang, model.as_ref(), show);
        println!("{spec}: rules F1 {:.4}; model {with}", rules.f1());
    }
    ExitCode::SUCCESS
}
