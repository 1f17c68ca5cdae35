//! Document-level consistency: a name tagged once is the same name elsewhere
//! in the article. The tagger sees one sentence at a time, so a surname that
//! stands alone ("Sutter sagte …") can be missed or typed differently from its
//! full mention; a majority vote over the document settles it.

use std::collections::HashMap;

use super::model::{begin_of, is_begin, label_type};
use super::resources::{NounClass, Resources};
use crate::eval::ner::chunks;

fn capitalised(t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
}

/// Forms a vote may transfer to: the word itself and its German genitive.
fn base_form(t: &str) -> &str {
    t.strip_suffix('s')
        .filter(|b| b.chars().count() >= 3)
        .unwrap_or(t)
}

/// Harmonise the labels of one document's sentences in place.
pub fn harmonise(res: &Resources, tokens: &[Vec<&str>], labels: &mut [Vec<u8>]) {
    // votes[form][type]: single-token chunks, and the last token of a person's full name.
    let mut votes: HashMap<&str, [u32; 4]> = HashMap::new();
    for (toks, labs) in tokens.iter().zip(labels.iter()) {
        for (s, e, ty) in chunks(labs) {
            if e - s == 1 {
                if capitalised(toks[s]) || ty == 1 {
                    votes.entry(toks[s]).or_default()[ty] += 1;
                }
            } else if ty == 0 && capitalised(toks[e - 1]) {
                // The surname stands for the person later on.
                votes.entry(toks[e - 1]).or_default()[0] += 2;
            }
        }
    }
    if votes.is_empty() {
        return;
    }
    let winner = |form: &str| -> Option<usize> {
        let v = votes.get(form).or_else(|| votes.get(base_form(form)))?;
        let (best, n) = v.iter().enumerate().max_by_key(|(_, n)| **n)?;
        let ties = v.iter().filter(|x| **x == *n).count();
        (*n > 0 && ties == 1).then_some(best)
    };
    for (toks, labs) in tokens.iter().zip(labels.iter_mut()) {
        for i in 0..toks.len() {
            let Some(ty) = winner(toks[i]) else { continue };
            let l = labs[i];
            let alone_before = i == 0 || labs[i - 1] == 0;
            let next_free = labs.get(i + 1).is_none_or(|n| is_begin(*n) || *n == 0);
            if l != 0 && is_begin(l) && next_free && label_type(l) != Some(ty) {
                // A single-token chunk typed against the document's majority.
                labs[i] = begin_of(ty);
            } else if l == 0 && alone_before && next_free && capitalised(toks[i]) {
                let lower: Vec<char> = toks[i].to_lowercase().chars().collect();
                // Sentence-initial words and known common nouns are left alone.
                let common = res.noun_class(&lower) != NounClass::None;
                if i > 0 && !common {
                    labs[i] = begin_of(ty);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::normalise_tags;

    #[test]
    fn surname_spreads_through_the_document() {
        let res = Resources::default();
        let s1 = vec!["Hansjörg", "Schultz", "kam", "."];
        let s2 = vec!["Dann", "sprach", "Schultz", "."];
        let s3 = vec!["Galina", "lachte", "."];
        let tokens = vec![s1, s2, s3.clone(), s3];
        let mut labels = vec![
            normalise_tags(&["B-PER", "I-PER", "O", "O"]),
            normalise_tags(&["O", "O", "O", "O"]),
            normalise_tags(&["B-PER", "O", "O"]),
            normalise_tags(&["B-LOC", "O", "O"]),
        ];
        harmonise(&res, &tokens, &mut labels);
        assert_eq!(labels[1], normalise_tags(&["O", "O", "B-PER", "O"]));
        // A tie (one PER, one LOC) changes nothing.
        assert_eq!(labels[3], normalise_tags(&["B-LOC", "O", "O"]));
    }
}
