//! More unlabeled German text for the word-class step (`train ner
//! --class-text`): the federal laws (Markdown files in a tar.gz, read with a
//! small tar reader over flate2) and the plain text of the labelled corpora
//! SmartData, MobIE and LER (their labels unused).

use std::io::Read;
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
            read_tar_gz(&path, &mut |name, bytes| {
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

/// Call `f(name, contents)` for each regular file of a gzipped tar archive
/// (ustar and GNU long names; other entries skipped).
pub fn read_tar_gz(path: &Path, f: &mut dyn FnMut(&str, &[u8])) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    let mut r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut header = [0u8; 512];
    let mut long_name: Option<String> = None;
    let mut body = Vec::new();
    loop {
        match r.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let field = |a: usize, b: usize| -> String {
            let s = &header[a..b];
            let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
            String::from_utf8_lossy(&s[..end]).into_owned()
        };
        let size_field = field(124, 136);
        let size = u64::from_str_radix(size_field.trim(), 8).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: bad tar size field {size_field:?}", path.display()),
            )
        })? as usize;
        let kind = header[156];
        let mut name = field(0, 100);
        if &header[257..262] == b"ustar" {
            let prefix = field(345, 500);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        body.clear();
        body.resize(size.div_ceil(512) * 512, 0);
        r.read_exact(&mut body)?;
        let data = &body[..size];
        match kind {
            b'0' | 0 => f(&name, data),
            b'L' => {
                let end = data.iter().position(|&c| c == 0).unwrap_or(data.len());
                long_name = Some(String::from_utf8_lossy(&data[..end]).into_owned());
            }
            _ => {}
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

    #[test]
    fn tar_entries() {
        // A ustar archive with one file, gzipped.
        let mut tar = vec![0u8; 512];
        tar[..6].copy_from_slice(b"a/x.md");
        tar[124..135].copy_from_slice(b"00000000005");
        tar[156] = b'0';
        tar[257..262].copy_from_slice(b"ustar");
        let mut body = b"Hallo".to_vec();
        body.resize(512, 0);
        tar.extend(body);
        tar.extend([0u8; 1024]);
        let dir = std::env::temp_dir().join(format!("depesche-tar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.tar.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let mut seen = Vec::new();
        read_tar_gz(&path, &mut |n, b| seen.push((n.to_string(), b.to_vec()))).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(seen, vec![("a/x.md".to_string(), b"Hallo".to_vec())]);
    }
}
