//! Compile the tone lexicons (`depesche build tone`): the German Polarity
//! Lexicon in textblob-de's XML form and VADER's English lexicon become
//! `models/tone/{de,en}.lex`. This module only turns text into text; the CLI
//! reads and writes the files.
//!
//! Artifact format, one entry a line after `#` comment lines: a sign (`+` or
//! `-`), a word class (`v` verb lemma, `n` noun, `a` other), a space and the
//! lowercase word. Only the sign is kept: tone counts polar words as GDELT
//! does, it does not weigh them.

use std::collections::BTreeMap;

/// Words that VADER rates at least this strongly (its scale runs −4 … +4)
/// count as polar; weaker ratings are mostly neutral in news.
pub const VADER_MIN_ABS: f32 = 1.0;

/// The value of `name="…"` in an XML start tag (no entities in the source).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Collect `(word, class) → sum of signs`; a word rated both ways is dropped.
fn render(entries: BTreeMap<String, (char, i32, i32)>, header: &str) -> (String, usize) {
    let mut out = String::from(header);
    let mut n = 0;
    for (word, (class, pos, neg)) in entries {
        let sign = match (pos > 0, neg > 0) {
            (true, false) => '+',
            (false, true) => '-',
            _ => continue,
        };
        out.push(sign);
        out.push(class);
        out.push(' ');
        out.push_str(&word);
        out.push('\n');
        n += 1;
    }
    (out, n)
}

/// The German lexicon from textblob-de's `de-sentiment.xml`. Returns the
/// artifact and its number of entries.
pub fn german_from_textblob(xml: &str) -> Result<(String, usize), String> {
    let mut entries: BTreeMap<String, (char, i32, i32)> = BTreeMap::new();
    let mut seen = 0;
    for tag in xml.split("<word").skip(1) {
        let tag = tag.split("/>").next().unwrap_or("");
        let (Some(form), Some(pol)) = (attr(tag, "form"), attr(tag, "polarity")) else {
            continue;
        };
        seen += 1;
        let pol: f32 = pol
            .parse()
            .map_err(|_| format!("bad polarity {pol:?} for {form:?}"))?;
        let form = form.trim().to_lowercase();
        if pol == 0.0 || form.is_empty() || form.contains(char::is_whitespace) {
            continue;
        }
        let class = match attr(tag, "pos") {
            Some("VB") => 'v',
            Some("NN") => 'n',
            _ => 'a',
        };
        let e = entries.entry(form).or_insert((class, 0, 0));
        if pol > 0.0 {
            e.1 += 1;
        } else {
            e.2 += 1;
        }
    }
    if seen == 0 {
        return Err("no <word …/> entries: not the textblob-de sentiment XML".into());
    }
    Ok(render(
        entries,
        "# depesche tone lexicon: German. Built by `depesche build tone` from the German Polarity\n\
         # Lexicon (Klenner, Clematide, Wiegand, Peters 2010) in textblob-de's form (Apache-2.0,\n\
         # M. Killer). Do not edit; see crates/depesche/src/tone/build.rs for the format.\n",
    ))
}

/// The English lexicon from VADER's `vader_lexicon.txt` (word, mean rating,
/// deviation, ratings; tab-separated): words of letters (and inner
/// apostrophes or hyphens) rated at least [`VADER_MIN_ABS`].
pub fn english_from_vader(txt: &str) -> Result<(String, usize), String> {
    let mut entries: BTreeMap<String, (char, i32, i32)> = BTreeMap::new();
    let mut seen = 0;
    for line in txt.lines() {
        let mut cols = line.split('\t');
        let (Some(word), Some(mean)) = (cols.next(), cols.next()) else {
            continue;
        };
        let Ok(mean) = mean.trim().parse::<f32>() else {
            continue;
        };
        seen += 1;
        let word = word.trim().to_lowercase();
        let wordlike = word.chars().next().is_some_and(char::is_alphabetic)
            && word.chars().last().is_some_and(char::is_alphabetic)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-');
        if !wordlike || mean.abs() < VADER_MIN_ABS {
            continue;
        }
        let e = entries.entry(word).or_insert(('a', 0, 0));
        if mean > 0.0 {
            e.1 += 1;
        } else {
            e.2 += 1;
        }
    }
    if seen == 0 {
        return Err("no `word<TAB>rating` lines: not VADER's vader_lexicon.txt".into());
    }
    Ok(render(
        entries,
        "# depesche tone lexicon: English. Built by `depesche build tone` from VADER's\n\
         # vader_lexicon.txt (C.J. Hutto, MIT License), words rated |mean| >= 1.0.\n\
         # Do not edit; see crates/depesche/src/tone/build.rs for the format.\n",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_entries_keep_sign_and_class_and_drop_neutral_and_conflicting() {
        let xml = r#"<sentiment>
  <word confidence="1.0" form="Krieg" intensity="1.0" polarity="-1.0" pos="NN" subjectivity="0.0"/>
  <word confidence="1.0" form="loben" intensity="1.0" polarity="0.7" pos="VB" subjectivity="0.0"/>
  <word confidence="1.0" form="gar" intensity="2.0" polarity="0.0" pos="RB" subjectivity="0.8"/>
  <word confidence="1.0" form="zwiespalt" intensity="1.0" polarity="1.0" pos="JJ" subjectivity="0.0"/>
  <word confidence="1.0" form="Zwiespalt" intensity="1.0" polarity="-1.0" pos="NN" subjectivity="0.0"/>
</sentiment>"#;
        let (out, n) = german_from_textblob(xml).unwrap();
        assert_eq!(n, 2);
        let body: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(body, ["-n krieg", "+v loben"]);
        assert!(german_from_textblob("not xml").is_err());
    }

    #[test]
    fn english_entries_are_words_rated_clearly() {
        let txt = "good\t1.9\t0.9\t[2, 2]\nokay\t0.9\t0.5\t[1]\n:)\t2.0\t0.1\t[2]\nkilled\t-3.5\t0.5\t[-4]\n";
        let (out, n) = english_from_vader(txt).unwrap();
        assert_eq!(n, 2);
        let body: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(body, ["+a good", "-a killed"]);
        assert!(english_from_vader("").is_err());
    }
}
