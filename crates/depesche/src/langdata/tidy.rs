//! Languages stay data: a test that fails when a logic file of the library
//! holds an inline word list again (an array or a `matches!` with more than
//! [`MAX_WORDS`] string literals that contain letters). Lists that are no
//! language's words (HTML tag names, file extensions, label names) or that
//! belong to training and evaluation code are named in [`ALLOWED`] with the
//! reason; an entry that no longer matches a list fails the test too, so the
//! allow-list stays true.

use std::path::{Path, PathBuf};

/// More word literals than this in one bracket is a word list.
const MAX_WORDS: usize = 4;

/// `(file under src/, a word literal of the list, why it stays in code)`.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "ner/lowercase.rs",
        "ner/germeval2014/NER-de-dev.tsv",
        "paths of the corpora under ../shared/data the list is counted from: data files, not language",
    ),
    (
        "langdata.rs",
        "calendar.txt",
        "the registry of embedded resource files itself",
    ),
    (
        "input/decode.rs",
        "PNG image",
        "magic bytes of binary formats with their names: file formats, not language",
    ),
    (
        "input/mod.rs",
        "txt",
        "file extensions of the input formats",
    ),
    (
        "input/html/meta.rs",
        "li",
        "HTML elements with an optional end tag: HTML syntax",
    ),
    (
        "input/html/meta.rs",
        "article:published_time",
        "metadata property names of the publication date (Open Graph, schema.org): markup vocabulary",
    ),
    (
        "input/html/meta.rs",
        "newsarticle",
        "schema.org article types: markup vocabulary",
    ),
    (
        "input/html/mod.rs",
        "script",
        "HTML elements that never hold article text: HTML syntax",
    ),
    (
        "input/html/mod.rs",
        "class",
        "HTML attributes the extractor reads: HTML syntax",
    ),
    (
        "input/html/mod.rs",
        "address",
        "HTML block elements: HTML syntax",
    ),
    (
        "input/html/scan.rs",
        "script",
        "HTML raw-text elements: HTML syntax",
    ),
    (
        "input/html/scan.rs",
        "area",
        "HTML void elements: HTML syntax",
    ),
    (
        "ner/model.rs",
        "B-PER",
        "the tagger's IOB2 label set: the model's output format",
    ),
    (
        "ner/corpus.rs",
        "isch",
        "training-corpus normalisation (German adjective endings), not run in the pipeline",
    ),
    (
        "ner/train.rs",
        "ner/germeval2014/NER-de-dev.tsv",
        "paths of training files",
    ),
    (
        "eval/news.rs",
        "der",
        "evaluation code: the gold standard's span-boundary rules, not run in the pipeline",
    ),
    (
        "eval/quotes.rs",
        "der",
        "evaluation code: the gold standard's span-boundary rules, not run in the pipeline",
    ),
    (
        "time/grammar/years.rs",
        "und",
        "one rule's context words mixed with punctuation (\"1939 - 1945\", \"(1939)\"): the rule reads clearer with them",
    ),
    (
        "time/grammar/relative.rs",
        "am",
        "the prepositions of one rule (\"am Tag zuvor\", \"the day before\"), beside its word classes",
    ),
    (
        "pipeline.rs",
        "entities",
        "the annotating stages' names (`STAGES`): identifiers of the pipeline and its CLI flags, not language",
    ),
    (
        "time/mod.rs",
        "im",
        "one rule's context words mixed with punctuation and line ends (\". 1939\", \"im Jahr 1939\")",
    ),
];

/// One bracket (`[…]` or `matches!(…)`) with its word literals.
#[derive(Debug)]
struct Bracket {
    line: usize,
    words: Vec<String>,
}

/// The brackets of `src` with more than [`MAX_WORDS`] word literals, test
/// modules left out. A small lexer: comments, strings (raw too), char
/// literals and lifetimes are told apart so that a quote in a char literal
/// does not open a string.
fn word_lists(src: &str) -> Vec<Bracket> {
    let src = match src.find("#[cfg(test)]\nmod ") {
        Some(cut) => &src[..cut],
        None => src,
    };
    let b: Vec<char> = src.chars().collect();
    let mut found = Vec::new();
    // Open brackets: (is a list bracket, its word literals, its first line).
    let mut stack: Vec<(bool, Vec<String>, usize)> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < b.len() {
        let c = b[i];
        match c {
            '\n' => line += 1,
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                    line += usize::from(b[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a).
                if b.get(i + 1) == Some(&'\\') {
                    // Past the escaped character ('\'', '\\'), then to the closing quote.
                    i += 3;
                    while i < b.len() && b[i] != '\'' {
                        i += 1;
                    }
                } else if b.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
            }
            '"' | 'r' => {
                // A raw string opens with r, hashes and a quote, after no identifier.
                let mut hashes = 0;
                let start = if c == 'r' {
                    if i > 0 && ident(b[i - 1]) {
                        i += 1;
                        continue;
                    }
                    let mut k = i + 1;
                    while b.get(k) == Some(&'#') {
                        hashes += 1;
                        k += 1;
                    }
                    if b.get(k) != Some(&'"') {
                        i += 1;
                        continue;
                    }
                    k + 1
                } else {
                    i + 1
                };
                let mut k = start;
                let mut text = String::new();
                while k < b.len() {
                    if c == '"' && b[k] == '\\' {
                        let escaped = b.get(k + 1).copied().unwrap_or(' ');
                        line += usize::from(escaped == '\n');
                        text.push(b[k]);
                        text.push(escaped);
                        k += 2;
                        continue;
                    }
                    if b[k] == '"' && (0..hashes).all(|h| b.get(k + 1 + h) == Some(&'#')) {
                        break;
                    }
                    line += usize::from(b[k] == '\n');
                    text.push(b[k]);
                    k += 1;
                }
                i = k + 1 + hashes;
                if text.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                    if let Some(top) = stack.last_mut() {
                        top.1.push(text);
                    }
                }
                continue;
            }
            '[' => stack.push((true, Vec::new(), line)),
            '(' => {
                let before: String = b[i.saturating_sub(8)..i].iter().collect();
                stack.push((before.ends_with("matches!"), Vec::new(), line));
            }
            '{' => stack.push((false, Vec::new(), line)),
            ']' | ')' | '}' => {
                if let Some((list, words, at)) = stack.pop() {
                    if list && words.len() > MAX_WORDS {
                        found.push(Bracket { line: at, words });
                    } else if list || c == ')' {
                        // Nested lists and tuples (`&[&["Die", "Zeit"], …]`,
                        // `&[("reuter", "Reuters"), …]`) count for the outer list.
                        if let Some(top) = stack.last_mut().filter(|t| t.0) {
                            top.1.extend(words);
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_inline_word_lists_in_logic_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut used = vec![false; ALLOWED.len()];
    let mut offences = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Test files hold sample sentences, and this file names lists on purpose.
        if rel.ends_with("tests.rs") || rel == "langdata/tidy.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for list in word_lists(&text) {
            match ALLOWED
                .iter()
                .position(|(f, w, _)| *f == rel && list.words.iter().any(|l| l == w))
            {
                Some(k) => used[k] = true,
                None => offences.push(format!(
                    "src/{rel}:{}: {} word literals ({:?}, …): move the list to \
                     resources/<lang>/ (see src/langdata.rs) or allow it in src/langdata/tidy.rs \
                     with the reason",
                    list.line,
                    list.words.len(),
                    &list.words[..3]
                )),
            }
        }
    }
    for (k, (file, word, _)) in ALLOWED.iter().enumerate() {
        if !used[k] {
            offences.push(format!(
                "allow-list entry ({file}, {word:?}) matches no list any more: remove it"
            ));
        }
    }
    assert!(offences.is_empty(), "\n{}", offences.join("\n"));
}

#[test]
fn the_scanner_finds_lists_and_skips_the_rest() {
    let src = r##"
const A: &[&str] = &["eins", "zwei", "drei", "vier", "fünf"];
fn f(t: &str) -> bool { matches!(t, "aa" | "bb" | "cc" | "dd" | "ee") }
const B: &[&[&str]] = &[&["Der", "Spiegel"], &["Die", "Zeit"], &["Die", "Welt"]];
const C: &[&str] = &["x", "y", "-", "/", "z", "w"]; // no words
const Q: char = '"'; const R: char = '\''; const S: &str = r#"["a", "b"]"#;
// const D: &[&str] = &["aa", "bb", "cc", "dd", "ee"];
const E: &[&str] = &["aa", "bb", "cc", "dd"];
const G: &[(&str, &str)] = &[("aa", "AA"), ("bb", "BB"), ("cc", "CC")];
#[cfg(test)]
mod tests { const F: &[&str] = &["aa", "bb", "cc", "dd", "ee"]; }
"##;
    let found = word_lists(src);
    let firsts: Vec<&str> = found.iter().map(|l| l.words[0].as_str()).collect();
    assert_eq!(firsts, ["eins", "aa", "Der", "aa"]);
    assert_eq!(found[0].line, 2);
    assert_eq!(found[2].words.len(), 6);
}
