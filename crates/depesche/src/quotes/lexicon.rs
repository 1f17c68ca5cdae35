//! Per-language word lists for the quote finder, parsed once from the
//! embedded `resources/{de,en}/quotes.txt` (languages are data, not code paths).

use std::collections::{HashMap, HashSet};

use crate::hashing::FastBuild;
use crate::lang::Lang;

/// One bit per word list, so that a word is looked up once ([`Lexicon::flags_of`]).
pub(crate) mod flag {
    pub const VERBS: u32 = 1 << 0;
    pub const SAYS: u32 = 1 << 1;
    pub const PREP: u32 = 1 << 2;
    pub const POST: u32 = 1 << 3;
    pub const SO: u32 = 1 << 4;
    pub const SOURCE_PREP: u32 = 1 << 5;
    pub const SOURCE_NOUNS: u32 = 1 << 6;
    pub const SOURCE_LINK: u32 = 1 << 7;
    pub const PRONOUNS: u32 = 1 << 8;
    pub const FIRST_PERSON: u32 = 1 << 9;
    pub const DETERMINERS: u32 = 1 << 10;
    pub const GENITIVE: u32 = 1 << 11;
    pub const COMPLEMENT_PREPS: u32 = 1 << 12;
    pub const NAME_PARTICLES: u32 = 1 << 13;
    pub const AUX: u32 = 1 << 14;
    pub const SKIP: u32 = 1 << 15;
    pub const TIME_PREPS: u32 = 1 << 16;
    pub const CONNECTORS: u32 = 1 << 17;
    pub const COMPLEMENTIZERS: u32 = 1 << 18;
    pub const K1: u32 = 1 << 19;
    pub const K1_STRONG: u32 = 1 << 20;
    pub const K2: u32 = 1 << 21;
    pub const IMPERSONAL: u32 = 1 << 22;
    pub const REPORTED_START: u32 = 1 << 23;
    pub const STOP: u32 = 1 << 24;
    pub const ABBREV: u32 = 1 << 25;
    pub const SEPARABLE: u32 = 1 << 26;
    pub const ASIDE: u32 = 1 << 27;
    pub const SPEAKER_WORDS: u32 = 1 << 28;
    pub const RELATIVE: u32 = 1 << 29;
    pub const FRAME_PREPS: u32 = 1 << 30;
    pub const PASSIVE_AUX: u32 = 1 << 31;
}

/// A set of lowercase words.
pub(crate) type Set = HashSet<String, FastBuild>;

/// The word lists of one language; every entry is lowercase.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    /// Cue verb forms (finite and participles).
    pub verbs: Set,
    /// Finite form of a separable cue verb → the particles that close its clause.
    pub separable: HashMap<String, Vec<String>, FastBuild>,
    /// Verbs that take reported speech without a complementiser.
    pub says: Set,
    pub prep: Set,
    pub post: Set,
    pub so: Set,
    pub source_prep: Set,
    pub source_nouns: Set,
    pub source_link: Set,
    pub pronouns: Set,
    pub first_person: Set,
    /// First- and second-person forms: words a speaker uses of himself and his listeners.
    pub speaker_words: Set,
    pub determiners: Set,
    pub genitive: Set,
    pub complement_preps: Set,
    pub name_particles: Set,
    pub aux: Set,
    /// Auxiliaries of the passive ("wird … bezeichnet"): the noun phrase
    /// after them is no speaker.
    pub passive_aux: Set,
    /// Third-person subjects and "sich": beside one, a Konjunktiv I form is
    /// unambiguous ("er habe", not "ich habe").
    pub third_person: Set,
    /// Participles start with one of these ("ge-")…
    pub participle_prefixes: Vec<String>,
    /// …or do not end with one of these (infinitives "-en", English "-ing").
    pub non_participle_endings: Vec<String>,
    pub skip: Set,
    pub time_preps: Set,
    pub connectors: Set,
    pub aside: Set,
    pub org_nouns: Set,
    pub complementizers: Set,
    /// Words that open an infinitive clause of purpose or manner ("um … zu",
    /// "ohne … zu"): such a clause is no reported content.
    pub purpose_infinitive: Set,
    /// Cue verbs whose object is the addressee ("told the BBC"): no speaker
    /// follows them.
    pub addressee_verbs: Set,
    /// Cues of finding something out ("stellte fest", "festgestellt"): their
    /// "dass" clause states a fact unless Konjunktiv I marks it as speech.
    pub findings: Set,
    pub k1: Set,
    pub k1_strong: Set,
    /// Konjunktiv I of an order passed on ("er solle warten"): its subject
    /// was told, and is no speaker.
    pub k1_told: Set,
    pub k2: Set,
    pub impersonal: Set,
    /// Prepositions naming the source of an impersonal cue ("Aus dem
    /// Ministerium hieß es").
    pub impersonal_sources: Set,
    pub reported_start: Set,
    /// Relative pronouns ("die ihm aufgefallen seien"): a clause they open is no reported speech.
    pub relative: Set,
    /// Prepositions that may follow the speaker inside a frame ("donnerte X mit …").
    pub frame_preps: Set,
    /// Definite articles: only "der Kardinal", never "ein Sprecher" or "seine
    /// Anwältin", takes up the person just mentioned.
    pub definite: Set,
    /// Determiners before which a role noun with a `plural_endings` ending is
    /// plural ("die Forscher", "the officials").
    pub plural_determiners: Set,
    pub plural_endings: Vec<String>,
    pub roles: crate::wordlist::SuffixList,
    /// Endings of adjectives and adverbs ("kritisch", "gleichzeitig"): such a
    /// word alone before the verb is an adverbial, not the speaker.
    pub adverbial_endings: Vec<String>,
    /// Abbreviations whose period does not end a sentence.
    pub abbrev: Set,
    /// Words after a complement preposition that make it a quantity ("said
    /// at least 500 …"), not the speaker's complement ("spokesman at X").
    pub quantity_words: Set,
    pub stop: Set,
    /// Openings of a sentence whose frame takes up the quotation just before
    /// it ("„…“ So äußerte sich X.", "„…“ Das sagte X."), one phrase each.
    pub back_frames: Vec<Vec<String>>,
    /// Word → the lists it is in (one bit each, see [`flag`]).
    pub flags: HashMap<String, u32, FastBuild>,
    /// English-style noun phrases: lowercase nouns may head a speaker ("the ministry").
    pub lowercase_nouns: bool,
}

impl Lexicon {
    pub fn for_lang(lang: Lang) -> Lexicon {
        match lang {
            Lang::De => Lexicon::parse(
                crate::langdata::LangData::get(Lang::De).text("quotes"),
                false,
            ),
            Lang::En => Lexicon::parse(
                crate::langdata::LangData::get(Lang::En).text("quotes"),
                true,
            ),
            Lang::Other => Lexicon::default(),
        }
    }

    /// Parse the `[section]` word-list format (see `resources/de/quotes.txt`).
    pub fn parse(src: &str, lowercase_nouns: bool) -> Lexicon {
        let mut lx = Lexicon {
            lowercase_nouns,
            ..Lexicon::default()
        };
        for (section, line) in crate::wordlist::lines(src) {
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
            if section == "back_frames" {
                let phrase: Vec<String> = line.split_whitespace().map(str::to_lowercase).collect();
                if !phrase.is_empty() {
                    lx.back_frames.push(phrase);
                }
                continue;
            }
            let words = line.split_whitespace().map(str::to_lowercase);
            let set = match section {
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
                "speaker_words" => &mut lx.speaker_words,
                "determiners" => &mut lx.determiners,
                "genitive" => &mut lx.genitive,
                "complement_preps" => &mut lx.complement_preps,
                "name_particles" => &mut lx.name_particles,
                "aux" => &mut lx.aux,
                "passive_aux" => &mut lx.passive_aux,
                "third_person" => &mut lx.third_person,
                "participle_prefixes" => {
                    lx.participle_prefixes.extend(words);
                    continue;
                }
                "non_participle_endings" => {
                    lx.non_participle_endings.extend(words);
                    continue;
                }
                "skip" => &mut lx.skip,
                "time_preps" => &mut lx.time_preps,
                "connectors" => &mut lx.connectors,
                "aside" => &mut lx.aside,
                "org_nouns" => &mut lx.org_nouns,
                "complementizers" => &mut lx.complementizers,
                "purpose_infinitive" => &mut lx.purpose_infinitive,
                "addressee_verbs" => &mut lx.addressee_verbs,
                "findings" => &mut lx.findings,
                "k1" => &mut lx.k1,
                "k1_strong" => &mut lx.k1_strong,
                "k1_told" => &mut lx.k1_told,
                "k2" => &mut lx.k2,
                "impersonal" => &mut lx.impersonal,
                "impersonal_sources" => &mut lx.impersonal_sources,
                "reported_start" => &mut lx.reported_start,
                "stop" => &mut lx.stop,
                "abbrev" => &mut lx.abbrev,
                "quantity_words" => &mut lx.quantity_words,
                "roles" => {
                    lx.roles.extend(words);
                    continue;
                }
                "adverbial_endings" => {
                    lx.adverbial_endings.extend(words);
                    continue;
                }
                "relative" => &mut lx.relative,
                "frame_preps" => &mut lx.frame_preps,
                "definite" => &mut lx.definite,
                "plural_determiners" => &mut lx.plural_determiners,
                "plural_endings" => {
                    lx.plural_endings.extend(words);
                    continue;
                }
                _ => continue,
            };
            set.extend(words);
        }
        for w in &lx.verbs {
            *lx.flags.entry(w.clone()).or_default() |= flag::VERBS;
        }
        for w in &lx.relative {
            *lx.flags.entry(w.clone()).or_default() |= flag::RELATIVE;
        }
        for w in &lx.frame_preps {
            *lx.flags.entry(w.clone()).or_default() |= flag::FRAME_PREPS;
        }
        for w in &lx.says {
            *lx.flags.entry(w.clone()).or_default() |= flag::SAYS;
        }
        for w in &lx.prep {
            *lx.flags.entry(w.clone()).or_default() |= flag::PREP;
        }
        for w in &lx.post {
            *lx.flags.entry(w.clone()).or_default() |= flag::POST;
        }
        for w in &lx.so {
            *lx.flags.entry(w.clone()).or_default() |= flag::SO;
        }
        for w in &lx.source_prep {
            *lx.flags.entry(w.clone()).or_default() |= flag::SOURCE_PREP;
        }
        for w in &lx.source_nouns {
            *lx.flags.entry(w.clone()).or_default() |= flag::SOURCE_NOUNS;
        }
        for w in &lx.source_link {
            *lx.flags.entry(w.clone()).or_default() |= flag::SOURCE_LINK;
        }
        for w in &lx.pronouns {
            *lx.flags.entry(w.clone()).or_default() |= flag::PRONOUNS;
        }
        for w in &lx.speaker_words {
            *lx.flags.entry(w.clone()).or_default() |= flag::SPEAKER_WORDS;
        }
        for w in &lx.first_person {
            *lx.flags.entry(w.clone()).or_default() |= flag::FIRST_PERSON;
        }
        for w in &lx.determiners {
            *lx.flags.entry(w.clone()).or_default() |= flag::DETERMINERS;
        }
        for w in &lx.genitive {
            *lx.flags.entry(w.clone()).or_default() |= flag::GENITIVE;
        }
        for w in &lx.complement_preps {
            *lx.flags.entry(w.clone()).or_default() |= flag::COMPLEMENT_PREPS;
        }
        for w in &lx.name_particles {
            *lx.flags.entry(w.clone()).or_default() |= flag::NAME_PARTICLES;
        }
        for w in &lx.aux {
            *lx.flags.entry(w.clone()).or_default() |= flag::AUX;
        }
        for w in &lx.passive_aux {
            *lx.flags.entry(w.clone()).or_default() |= flag::PASSIVE_AUX;
        }
        for w in &lx.skip {
            *lx.flags.entry(w.clone()).or_default() |= flag::SKIP;
        }
        for w in &lx.time_preps {
            *lx.flags.entry(w.clone()).or_default() |= flag::TIME_PREPS;
        }
        for w in &lx.connectors {
            *lx.flags.entry(w.clone()).or_default() |= flag::CONNECTORS;
        }
        for w in &lx.complementizers {
            *lx.flags.entry(w.clone()).or_default() |= flag::COMPLEMENTIZERS;
        }
        for w in &lx.k1 {
            *lx.flags.entry(w.clone()).or_default() |= flag::K1;
        }
        for w in &lx.k1_strong {
            *lx.flags.entry(w.clone()).or_default() |= flag::K1_STRONG;
        }
        for w in &lx.k2 {
            *lx.flags.entry(w.clone()).or_default() |= flag::K2;
        }
        for w in &lx.impersonal {
            *lx.flags.entry(w.clone()).or_default() |= flag::IMPERSONAL;
        }
        for w in &lx.reported_start {
            *lx.flags.entry(w.clone()).or_default() |= flag::REPORTED_START;
        }
        for w in &lx.stop {
            *lx.flags.entry(w.clone()).or_default() |= flag::STOP;
        }
        for w in &lx.abbrev {
            *lx.flags.entry(w.clone()).or_default() |= flag::ABBREV;
        }
        for w in &lx.aside {
            *lx.flags.entry(w.clone()).or_default() |= flag::ASIDE;
        }
        for w in lx.separable.keys() {
            *lx.flags.entry(w.clone()).or_default() |= flag::SEPARABLE;
        }
        lx
    }

    /// The lists a lowercase word is in.
    pub fn flags_of(&self, lower: &str) -> u32 {
        self.flags.get(lower).copied().unwrap_or(0)
    }

    /// Does this lowercase noun name a role ("us-präsident" ends with "präsident")?
    pub fn is_role(&self, lower: &str) -> bool {
        self.roles.any_suffix_of(lower)
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
