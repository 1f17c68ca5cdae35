//! Per-language word lists for the quote finder, parsed once from the
//! embedded `de.txt` / `en.txt` (languages are data, not code paths).

use std::collections::{HashMap, HashSet};

use crate::lang::Lang;

/// The word lists of one language; every entry is lowercase.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    /// Cue verb forms (finite and participles).
    pub verbs: HashSet<String>,
    /// Finite form of a separable cue verb → the particles that close its clause.
    pub separable: HashMap<String, Vec<String>>,
    /// Verbs that take reported speech without a complementiser.
    pub says: HashSet<String>,
    pub prep: HashSet<String>,
    pub post: HashSet<String>,
    pub so: HashSet<String>,
    pub source_prep: HashSet<String>,
    pub source_nouns: HashSet<String>,
    pub source_link: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub first_person: HashSet<String>,
    pub determiners: HashSet<String>,
    pub genitive: HashSet<String>,
    pub complement_preps: HashSet<String>,
    pub name_particles: HashSet<String>,
    pub aux: HashSet<String>,
    pub skip: HashSet<String>,
    pub time_preps: HashSet<String>,
    pub connectors: HashSet<String>,
    pub complementizers: HashSet<String>,
    pub k1: HashSet<String>,
    pub k1_strong: HashSet<String>,
    pub k2: HashSet<String>,
    pub impersonal: HashSet<String>,
    pub reported_start: HashSet<String>,
    pub roles: Vec<String>,
    /// Abbreviations whose period does not end a sentence.
    pub abbrev: HashSet<String>,
    pub stop: HashSet<String>,
    /// English-style noun phrases: lowercase nouns may head a speaker ("the ministry").
    pub lowercase_nouns: bool,
}

impl Lexicon {
    pub fn for_lang(lang: Lang) -> Lexicon {
        match lang {
            Lang::De => Lexicon::parse(include_str!("de.txt"), false),
            Lang::En => Lexicon::parse(include_str!("en.txt"), true),
            Lang::Other => Lexicon::default(),
        }
    }

    /// Parse the `[section]` word-list format (see `de.txt`).
    pub fn parse(src: &str, lowercase_nouns: bool) -> Lexicon {
        let mut lx = Lexicon {
            lowercase_nouns,
            ..Lexicon::default()
        };
        let mut section = String::new();
        for line in src.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                continue;
            }
            if section == "separable" {
                if let Some((particle, forms)) = line.split_once(':') {
                    for f in forms.split_whitespace() {
                        lx.separable
                            .entry(f.to_lowercase())
                            .or_default()
                            .push(particle.trim().to_lowercase());
                    }
                }
                continue;
            }
            let words = line.split_whitespace().map(str::to_lowercase);
            let set = match section.as_str() {
                "verbs" => &mut lx.verbs,
                "says" => &mut lx.says,
                "prep" => &mut lx.prep,
                "post" => &mut lx.post,
                "so" => &mut lx.so,
                "source_prep" => &mut lx.source_prep,
                "source_nouns" => &mut lx.source_nouns,
                "source_link" => &mut lx.source_link,
                "pronouns" => &mut lx.pronouns,
                "first_person" => &mut lx.first_person,
                "determiners" => &mut lx.determiners,
                "genitive" => &mut lx.genitive,
                "complement_preps" => &mut lx.complement_preps,
                "name_particles" => &mut lx.name_particles,
                "aux" => &mut lx.aux,
                "skip" => &mut lx.skip,
                "time_preps" => &mut lx.time_preps,
                "connectors" => &mut lx.connectors,
                "complementizers" => &mut lx.complementizers,
                "k1" => &mut lx.k1,
                "k1_strong" => &mut lx.k1_strong,
                "k2" => &mut lx.k2,
                "impersonal" => &mut lx.impersonal,
                "reported_start" => &mut lx.reported_start,
                "stop" => &mut lx.stop,
                "abbrev" => &mut lx.abbrev,
                "roles" => {
                    lx.roles.extend(words);
                    continue;
                }
                _ => continue,
            };
            set.extend(words);
        }
        lx
    }

    /// Does this lowercase noun name a role ("us-präsident" ends with "präsident")?
    pub fn is_role(&self, lower: &str) -> bool {
        self.roles.iter().any(|r| lower.ends_with(r.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_lists_load() {
        let lx = Lexicon::for_lang(Lang::De);
        assert!(lx.verbs.contains("sagte"));
        assert_eq!(
            lx.separable.get("teilte").map(Vec::as_slice),
            Some(&["mit".to_string()][..])
        );
        assert!(lx.k1.contains("sei"));
        assert!(lx.is_role("us-präsident"));
        assert!(!lx.is_role("ministerium"));
    }

    #[test]
    fn english_lists_load() {
        let lx = Lexicon::for_lang(Lang::En);
        assert!(lx.verbs.contains("said"));
        assert!(lx.source_prep.contains("according"));
        assert!(Lexicon::for_lang(Lang::Other).is_empty());
    }
}
