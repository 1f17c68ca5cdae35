//! More unlabeled German text for the word-class step (`train ner
//! --class-text`): the federal laws (Markdown files in a tar.gz, read with a
//! tar reader, [`crate::archive`]) and the plain text of the labelled corpora
//! SmartData, MobIE and LER (their labels unused).

use std::path::Path;

use super::clusters::{corpus_tokens, ClassText};
use super::corpus::{self, Format};

/// A source of unlabeled text for the word classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassSource {
    /// German federal laws and ordinances (`unlabelled-de/gesetze`, 21M words).
    Gesetze,
    /// DFKI SmartData v1 (news, RSS, tweets).
    SmartData,
    /// MobIE train + dev (mobility news and tweets).
    Mobie,
    /// LER court decisions (`ler_train_derived`).
    Legal,
}

impl ClassSource {
    pub fn parse(name: &str) -> Option<ClassSource> {
        Some(match name {
            "gesetze" | "laws" => ClassSource::Gesetze,
            "smartdata" => ClassSource::SmartData,
            "mobie" => ClassSource::Mobie,
            "ler" | "legal" => ClassSource::Legal,
            _ => return None,
        })
    }
}

/// Append `source`'s sentences to `out`, at most `max_tokens` tokens (0: all).
pub fn add(
    data: &Path,
    source: ClassSource,
    max_tokens: usize,
    out: &mut ClassText,
) -> std::io::Result<()> {
    let limit = if max_tokens == 0 {
        usize::MAX
    } else {
        max_tokens
    };
    let files: &[(&str, Format)] = match source {
        ClassSource::Gesetze => {
            let path = data.join("unlabelled-de/gesetze/gesetze-md-77abca2c.tar.gz");
            let mut taken = 0usize;
            crate::archive::read_tar_gz(&path, &mut |name, bytes| {
                if taken >= limit || !name.ends_with(".md") || name.ends_with("README.md") {
                    return;
                }
                let text = String::from_utf8_lossy(bytes);
                for s in markdown_sentences(&text) {
                    if taken >= limit {
                        return;
                    }
                    taken += s.len();
                    out.push(s);
                }
            })?;
            return Ok(());
        }
        ClassSource::SmartData => &[
            (
                "ner/smartdata-de/v1_20180119/train.json.gz",
                Format::SmartData,
            ),
            (
                "ner/smartdata-de/v1_20180119/test.json.gz",
                Format::SmartData,
            ),
        ],
        ClassSource::Mobie => &[
            ("ner/mobie-de/train.conll2003", Format::Mobie),
            ("ner/mobie-de/dev.conll2003", Format::Mobie),
        ],
        ClassSource::Legal => &[("ner/ler-legal-de/ler_train_derived.conll", Format::Legal)],
    };
    let mut taken = 0usize;
    for (path, format) in files {
        for s in corpus::read(&data.join(path), *format)? {
            if taken >= limit {
                return Ok(());
            }
            taken += s.tokens.len();
            out.push(&s.tokens);
        }
    }
    Ok(())
}

/// Sentences of a law in Markdown: the front matter skipped, each heading
/// and each paragraph (lines up to a blank one) tokenised as the NER corpora
/// are, and split after `.`/`?`/`!` before a capitalised token.
pub fn markdown_sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    if lines.peek().is_some_and(|l| l.trim() == "---") {
        lines.next();
        for l in lines.by_ref() {
            if l.trim() == "---" {
                break;
            }
        }
    }
    let mut para: Vec<&str> = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        if t.starts_with('#') {
            flush(&mut para, &mut out);
            para.extend(corpus_tokens(t.trim_start_matches('#')));
            flush(&mut para, &mut out);
            continue;
        }
        let t = t
            .trim_start_matches(':')
            .trim_start_matches("- ")
            .trim_start_matches("* ")
            .trim_matches('|');
        para.extend(corpus_tokens(t).into_iter().filter(|&w| w != "|"));
    }
    flush(&mut para, &mut out);
    out
}

/// Split a paragraph's tokens into sentences after `.`/`?`/`!` before a
/// capitalised token; empties `para`.
fn flush<'a>(para: &mut Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
    let mut cur: Vec<&str> = Vec::new();
    for i in 0..para.len() {
        cur.push(para[i]);
        let end = matches!(para[i], "." | "?" | "!")
            && para
                .get(i + 1)
                .is_some_and(|t| t.chars().next().is_some_and(char::is_uppercase));
        if end {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    para.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_law() {
        let md = "---\nTitle: X\n---\n\n# Gesetz über Y (YG)\n\n## § 1\n\n(1) Das Gesetz gilt.\nEs tritt am\nTag in Kraft.\n";
        let s = markdown_sentences(md);
        assert_eq!(s[0], vec!["Gesetz", "über", "Y", "(", "YG", ")"]);
        assert_eq!(s[1], vec!["§", "1"]);
        assert_eq!(s[2], vec!["(", "1", ")", "Das", "Gesetz", "gilt", "."]);
        assert_eq!(s[3], vec!["Es", "tritt", "am", "Tag", "in", "Kraft", "."]);
    }
}
