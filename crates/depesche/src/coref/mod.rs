//! Coreference: pronouns ("er", "she"), definite role nouns ("der Minister",
//! "die Beamtin", "der 45-Jährige", "der Thüringer") and generic organisation
//! nouns ("die Gewerkschaft", "the company") linked to the entity they take up.
//!
//! Runs after entities and derived forms, before quotes and events, which read
//! its links for speakers and actors. Lone surnames and acronyms are already
//! mentions of their entity (the entity stage merges them); this stage adds
//! what names nobody.
//!
//! The choice is deliberately simple and explainable, in the spirit of
//! Hobbs' and Lappin–Leass' salience rules: the antecedent is a person (or
//! organisation) of agreeing gender mentioned in the same sentence before the
//! word or in the nearest earlier sentence that has one, the leftmost there
//! (German and English put the subject first); a role noun first looks for
//! the person who carries that role. Gender comes from the first name (a
//! compiled table of first names), feminine role forms ("Ministerin") and the
//! German article. Word lists live in `resources/{de,en}/coref.txt`.

pub mod names;

use crate::hashing::WordSet;
use crate::lang::Lang;
use crate::schema::{Analysis, CorefMention, EntityType, Span};
use crate::text::TextIndex;
use names::{Gender, Names};

/// How many sentences back a pronoun or role noun looks for its antecedent.
const SENTENCE_WINDOW: usize = 3;
/// Salience of a candidate in the word's own sentence; each sentence further
/// back halves it, so recency dominates (Lappin and Leass weigh the same way).
const SALIENCE_SAME_SENTENCE: i32 = 100;
/// A name in a prepositional or genitive phrase ("die Regierung von X") is
/// taken up less often than a subject or object.
const OBLIQUE_PENALTY: i32 = 30;
/// How many sentences back a generic organisation noun looks.
const ORG_SENTENCE_WINDOW: usize = 5;

/// The compiled first-name table (see [`names`]).
static NAMES_BIN: &[u8] = include_bytes!("../../../../models/coref/names.bin");

/// Nouns found as a word's ending (see [`Lexicon::noun_ending`]), with the
/// longest entry's length and the entries' last bytes: most words are
/// settled without a look-up, long words with fewer.
#[derive(Debug, Default, Clone)]
struct NounSet {
    words: WordSet,
    max_len: usize,
    ends: crate::wordlist::ByteSet,
}

impl Extend<String> for NounSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for w in words {
            self.max_len = self.max_len.max(w.len());
            if let Some(&b) = w.as_bytes().last() {
                self.ends.insert(b);
            }
            self.words.insert(w);
        }
    }
}

/// The word lists of one language; every entry is lowercase.
#[derive(Debug, Default, Clone)]
struct Lexicon {
    pronouns_m: WordSet,
    pronouns_f: WordSet,
    object_pronouns: WordSet,
    oblique_words: WordSet,
    determiners_m: WordSet,
    determiners_f: WordSet,
    determiners_n: WordSet,
    feminine_endings: Vec<String>,
    adjectival_endings: Vec<String>,
    age_nouns: Vec<String>,
    plural_verb_endings: Vec<String>,
    person_nouns: NounSet,
    org_nouns: NounSet,
    /// Organisation noun → name parts that tell that kind of organisation.
    org_cues: Vec<(String, Vec<String>)>,
    /// The longest pronoun or determiner, in characters.
    max_cue_chars: usize,
    /// Every pronoun and determiner: a short word outside it is passed over
    /// with one look-up.
    cue_words: WordSet,
}

impl Lexicon {
    fn parse(src: &str) -> Lexicon {
        let mut lx = Lexicon::default();
        for (section, line) in crate::wordlist::lines(src) {
            if section == "org_cues" {
                if let Some((noun, cues)) = line.split_once(':') {
                    lx.org_cues.push((
                        noun.trim().to_string(),
                        cues.split_whitespace().map(str::to_string).collect(),
                    ));
                }
                continue;
            }
            let words = line.split_whitespace().map(str::to_string);
            match section {
                "pronouns_m" => lx.pronouns_m.extend(words),
                "pronouns_f" => lx.pronouns_f.extend(words),
                "object_pronouns" => lx.object_pronouns.extend(words),
                "oblique_words" => lx.oblique_words.extend(words),
                "determiners_m" => lx.determiners_m.extend(words),
                "determiners_f" => lx.determiners_f.extend(words),
                "determiners_n" => lx.determiners_n.extend(words),
                "feminine_endings" => lx.feminine_endings.extend(words),
                "adjectival_person_endings" => lx.adjectival_endings.extend(words),
                "age_nouns" => lx.age_nouns.extend(words),
                "plural_verb_endings" => lx.plural_verb_endings.extend(words),
                "person_nouns" => lx.person_nouns.extend(words),
                "org_nouns" => lx.org_nouns.extend(words),
                _ => {}
            }
        }
        lx.cue_words = [
            &lx.pronouns_m,
            &lx.pronouns_f,
            &lx.determiners_m,
            &lx.determiners_f,
            &lx.determiners_n,
        ]
        .iter()
        .flat_map(|set| set.iter().cloned())
        .collect();
        lx.max_cue_chars = lx
            .cue_words
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        lx
    }

    /// Capitalised nouns in this language (German) versus lowercase (English).
    fn nouns_capitalised(&self) -> bool {
        !self.determiners_m.is_empty()
    }

    /// `word` is `noun` or a compound ending in it with a first part of at
    /// least three letters or joined by a hyphen ("Innenminister",
    /// "US-Präsident"; not "Sachverhalt" for "anwalt").
    fn ends_with_noun(word: &str, noun: &str) -> bool {
        word == noun
            || word.strip_suffix(noun).is_some_and(|head| {
                head.len() > 1 && head.ends_with('-') || head.chars().count() >= 3
            })
    }

    /// The longest ending of `word` that is in `set` and that
    /// [`Self::ends_with_noun`] accepts: one hash look-up per character
    /// rather than a comparison per listed noun.
    fn noun_ending<'w>(set: &NounSet, word: &'w str) -> Option<&'w str> {
        // Every tail ends in the word's last byte; none longer than the
        // longest noun can match.
        if !word
            .as_bytes()
            .last()
            .is_some_and(|&b| set.ends.contains(b))
        {
            return None;
        }
        let min_start = word.len().saturating_sub(set.max_len);
        word.char_indices()
            .filter(|&(i, _)| i >= min_start)
            .map(|(i, _)| &word[i..])
            .find(|tail| set.words.contains(*tail) && Self::ends_with_noun(word, tail))
    }

    fn person_noun(&self, w: &str) -> bool {
        let stem = self.masculine_stem(w);
        // The stem is asked only where a feminine ending was cut: most words
        // have none, and the word itself was just asked.
        Self::noun_ending(&self.person_nouns, w).is_some()
            || (stem.len() < w.len() && Self::noun_ending(&self.person_nouns, stem).is_some())
            || self.age_noun(w)
    }

    /// "Ministerin" → "minister" (lowercase input).
    fn masculine_stem<'w>(&self, w: &'w str) -> &'w str {
        self.feminine_endings
            .iter()
            .find_map(|e| w.strip_suffix(e.as_str()))
            .unwrap_or(w)
    }

    /// A feminine person noun: a feminine ending on a person noun ("Ministerin",
    /// "Beamtin").
    fn feminine(&self, w: &str) -> bool {
        self.feminine_endings
            .iter()
            .any(|e| w.ends_with(e.as_str()))
            && self.person_noun(w)
    }

    fn age_noun(&self, w: &str) -> bool {
        w.split_once('-').is_some_and(|(num, rest)| {
            num.chars().all(|c| c.is_ascii_digit()) && self.age_nouns.iter().any(|a| rest == a)
        })
    }

    fn org_noun<'w>(&self, w: &'w str) -> Option<&'w str> {
        Self::noun_ending(&self.org_nouns, w)
    }
}

/// The entity that the first coreference link inside `span` refers to
/// (`links` sorted by start, as the stage writes them): what later stages
/// call to read a pronoun or role noun.
pub fn linked_entity<'e>(
    links: &[CorefMention],
    entities: &'e [crate::schema::Entity],
    span: Span,
) -> Option<&'e crate::schema::Entity> {
    let k = links.partition_point(|c| c.start < span.start);
    let c = links[k..]
        .iter()
        .take_while(|c| c.start < span.end)
        .find(|c| c.end <= span.end)?;
    entities.iter().find(|e| e.id == c.entity)
}

/// Links pronouns and generic nouns to entities. Build once, share across threads.
#[derive(Debug)]
pub struct CorefResolver {
    de: Lexicon,
    en: Lexicon,
    names: Names,
}

impl Default for CorefResolver {
    fn default() -> Self {
        CorefResolver::new()
    }
}

/// What a word takes up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Person(Option<Gender>),
    Org,
}

impl CorefResolver {
    pub fn new() -> Self {
        CorefResolver {
            de: Lexicon::parse(crate::langdata::LangData::get(Lang::De).text("coref")),
            en: Lexicon::parse(crate::langdata::LangData::get(Lang::En).text("coref")),
            // The artifact is committed and checked by a test; an unreadable
            // one leaves genders unknown rather than stopping the pipeline.
            names: Names::from_bytes(NAMES_BIN).unwrap_or_default(),
        }
    }

    /// The gender a first name usually carries.
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        self.names.gender(name)
    }

    /// Fill `a.coref` from the body sentences, linking to `a.entities`.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        self.annotate_lang(a, ix, Lang::from_code(&a.lang));
    }

    /// [`CorefResolver::annotate`] for an article of language `lang`.
    pub fn annotate_lang(&self, a: &mut Analysis, ix: &TextIndex, lang: Lang) {
        let lx = match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
            Lang::Other => return,
        };
        a.coref = Resolve::new(self, lx, a, ix).run();
    }
}

/// One article's resolution state.
struct Resolve<'a> {
    lx: &'a Lexicon,
    a: &'a Analysis,
    ix: &'a TextIndex,
    /// Every mention as (start, end, entity index), by start.
    mentions: Vec<(usize, usize, usize)>,
    genders: Vec<Option<Gender>>,
    /// Derived forms (demonyms such as "Thüringer") by start.
    derived: Vec<(usize, usize)>,
}

impl<'a> Resolve<'a> {
    fn new(r: &CorefResolver, lx: &'a Lexicon, a: &'a Analysis, ix: &'a TextIndex) -> Self {
        let mut mentions: Vec<(usize, usize, usize)> = a
            .entities
            .iter()
            .enumerate()
            .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (m.start, m.end, ei)))
            .collect();
        mentions.sort_unstable();
        let genders = a
            .entities
            .iter()
            .map(|e| {
                if e.kind != EntityType::PER {
                    return None;
                }
                let mut words = e.name.split_whitespace();
                let first = words.next()?;
                if words.next().is_some() {
                    if let Some(g) = r.names.gender(first) {
                        return Some(g);
                    }
                }
                // German role forms tell the gender ("Ministerin", "Minister").
                if !lx.nouns_capitalised() {
                    return None;
                }
                let roles: Vec<String> = e.roles.iter().map(|r| r.to_lowercase()).collect();
                if roles.iter().any(|r| lx.feminine(r)) {
                    Some(Gender::Female)
                } else if roles.iter().any(|r| lx.person_noun(r)) {
                    Some(Gender::Male)
                } else {
                    None
                }
            })
            .collect();
        let mut derived: Vec<(usize, usize)> = a.derived.iter().map(|d| (d.start, d.end)).collect();
        derived.sort_unstable();
        Resolve {
            lx,
            a,
            ix,
            mentions,
            genders,
            derived,
        }
    }

    fn word(&self, t: [usize; 2]) -> &'a str {
        self.ix.slice(&self.a.text, Span::new(t[0], t[1]))
    }

    fn in_mention(&self, s: usize, e: usize) -> bool {
        let k = self.mentions.partition_point(|m| m.0 < e);
        // Mentions are short; look back over those starting before `e`.
        self.mentions[..k]
            .iter()
            .rev()
            .take(64)
            .any(|m| m.0 < e && s < m.1)
    }

    fn run(&self) -> Vec<CorefMention> {
        let mut out = Vec::new();
        let toks = &self.a.tokens;
        let mut ti = 0;
        for (si, sent) in self.a.sentences.iter().enumerate() {
            let body = self
                .a
                .blocks
                .get(sent.block)
                .is_some_and(|b| b.kind.is_body());
            while ti < toks.len() && toks[ti][0] < sent.start {
                ti += 1;
            }
            let mut tj = ti;
            while tj < toks.len() && toks[tj][0] < sent.end {
                tj += 1;
            }
            if body {
                self.sentence(si, &toks[ti..tj], &mut out);
            }
            ti = tj;
        }
        out
    }

    fn sentence(&self, si: usize, toks: &[[usize; 2]], out: &mut Vec<CorefMention>) {
        let lx = self.lx;
        // Entities taken up by a subject pronoun of this sentence: an object
        // pronoun beside it is someone else ("Er warf ihm vor").
        let mut subjects: Vec<usize> = Vec::new();
        let mut lower_buf = String::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            // Pronouns and articles are short: most words are passed over
            // without lowercasing them.
            if t[1] - t[0] > lx.max_cue_chars {
                i += 1;
                continue;
            }
            let w = self.word(t);
            lower_buf.clear();
            crate::text::push_lowercase(&mut lower_buf, w);
            let lower = lower_buf.as_str();
            if !lx.cue_words.contains(lower) {
                i += 1;
                continue;
            }
            let next = |k: usize| toks.get(k).map(|&t| self.word(t));
            if let Some(g) = self.pronoun(lower, w, i, toks) {
                if !self.in_mention(t[0], t[1]) {
                    let object = lx.object_pronouns.contains(lower);
                    let exclude: &[usize] = if object { &subjects } else { &[] };
                    if let Some(ei) = self.person_before(t[0], si, Some(g), exclude) {
                        if !object {
                            subjects.push(ei);
                        }
                        out.push(self.link(t[0], t[1], "pronoun", ei));
                    }
                }
                i += 1;
                continue;
            }
            let det_m = lx.determiners_m.contains(lower);
            let det_f = lx.determiners_f.contains(lower);
            let det_n = lx.determiners_n.contains(lower);
            if !(det_m || det_f || det_n) {
                i += 1;
                continue;
            }
            // The head noun: the next word, or the one after an adjective.
            let mut h = i + 1;
            let is_head = |k: usize| {
                next(k).is_some_and(|x| {
                    let cap = x.chars().next().is_some_and(char::is_uppercase);
                    cap == lx.nouns_capitalised() && x.chars().any(char::is_alphabetic)
                })
            };
            if !is_head(h) && next(h).is_some_and(|x| x.chars().all(char::is_lowercase)) {
                h += 1;
            }
            if !is_head(h) && !lx.age_noun(&next(h).unwrap_or("").to_lowercase()) {
                i += 1;
                continue;
            }
            let head_t = toks[h];
            let head = self.word(head_t).to_lowercase();
            // "der Chef des Konzerns", "die Gewerkschaft IG Metall", "der
            // Minister Marco Rubio": the phrase goes on and names someone.
            let goes_on = next(h + 1).is_some_and(|x| {
                let xl = x.to_lowercase();
                x.chars().next().is_some_and(char::is_uppercase)
                    && lx.nouns_capitalised()
                    && !lx.pronouns_m.contains(&xl)
                    && !lx.pronouns_f.contains(&xl)
                    || matches!(xl.as_str(), "des" | "der" | "of")
            });
            if goes_on || self.in_mention(t[0], head_t[1]) {
                i = h + 1;
                continue;
            }
            let demonym = lx.nouns_capitalised()
                && self.derived.binary_search(&(head_t[0], head_t[1])).is_ok()
                && (head.ends_with("er") || head.ends_with("erin"));
            let want = if lx.person_noun(&head) || demonym {
                if det_m {
                    Some(Want::Person(Some(Gender::Male)))
                } else if det_f {
                    let fem = lx.feminine(&head)
                        || lx.age_noun(&head)
                        || lx
                            .adjectival_endings
                            .iter()
                            .any(|e| head.ends_with(e.as_str()))
                        || (demonym && head.ends_with("erin"));
                    fem.then_some(Want::Person(Some(Gender::Female)))
                } else if !lx.nouns_capitalised() {
                    Some(Want::Person(None))
                } else {
                    None
                }
            } else {
                lx.org_noun(&head).map(|_| Want::Org)
            };
            let found = match want {
                Some(Want::Person(g)) => {
                    let by_role = self.person_by_role(head_t[0], &head, g);
                    by_role.or_else(|| self.person_before(t[0], si, g, &[]))
                }
                Some(Want::Org) => self.org_before(t[0], si, &head),
                None => None,
            };
            if let Some(ei) = found {
                out.push(self.link(t[0], head_t[1], "nominal", ei));
            }
            i = h + 1;
        }
    }

    /// The gender a word asks for when it is a third-person singular pronoun.
    fn pronoun(&self, lower: &str, word: &str, i: usize, toks: &[[usize; 2]]) -> Option<Gender> {
        let lx = self.lx;
        if lx.pronouns_m.contains(lower) {
            return Some(Gender::Male);
        }
        if !lx.pronouns_f.contains(lower) {
            return None;
        }
        // The polite "Sie" is capitalised inside a sentence.
        if i > 0 && word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        // "sagten sie", "sie haben": a plural verb next to it.
        let plural = |k: Option<usize>| {
            k.and_then(|k| toks.get(k)).is_some_and(|&t| {
                let w = self.word(t);
                w.chars().next().is_some_and(char::is_lowercase)
                    && lx
                        .plural_verb_endings
                        .iter()
                        .any(|e| w.ends_with(e.as_str()))
            })
        };
        if plural(i.checked_sub(1)) || plural(Some(i + 1)) {
            return None;
        }
        Some(Gender::Female)
    }

    fn compatible(&self, ei: usize, g: Option<Gender>) -> bool {
        match (g, self.genders[ei]) {
            (Some(want), Some(have)) => want == have,
            _ => true,
        }
    }

    /// The person a pronoun or role noun at `pos` takes up: the most salient
    /// person of agreeing gender named in sentence `si` before `pos` or in the
    /// few sentences before it. Salience halves with each sentence back and
    /// drops for a name in a prepositional or genitive phrase; among equals the
    /// nearest wins.
    fn person_before(
        &self,
        pos: usize,
        si: usize,
        g: Option<Gender>,
        exclude: &[usize],
    ) -> Option<usize> {
        let lo_si = si.saturating_sub(SENTENCE_WINDOW);
        let mut best: Option<(i32, usize, usize)> = None;
        for sj in (lo_si..=si).rev() {
            let s = self.a.sentences[sj];
            let end = if sj == si { pos } else { s.end };
            let k0 = self.mentions.partition_point(|m| m.0 < s.start);
            let recency = SALIENCE_SAME_SENTENCE >> (si - sj);
            for m in self.mentions[k0..].iter().take_while(|m| m.0 < end) {
                let ei = m.2;
                if m.1 > end
                    || self.a.entities[ei].kind != EntityType::PER
                    || !self.compatible(ei, g)
                    || exclude.contains(&ei)
                {
                    continue;
                }
                let score = recency
                    - if self.oblique(m.0) {
                        OBLIQUE_PENALTY
                    } else {
                        0
                    };
                if best.is_none_or(|b| (score, m.0) > (b.0, b.1)) {
                    best = Some((score, m.0, ei));
                }
            }
        }
        best.map(|b| b.2)
    }

    /// A mention starting at `start` stands in a prepositional or genitive
    /// phrase: the word before it (before a role noun in front of it) is one
    /// of the language's oblique words.
    fn oblique(&self, start: usize) -> bool {
        let toks = &self.a.tokens;
        let mut k = toks.partition_point(|t| t[0] < start);
        for _ in 0..3 {
            let Some(prev) = k.checked_sub(1) else {
                return false;
            };
            let w = self.word(toks[prev]).to_lowercase();
            if self.lx.oblique_words.contains(&w) {
                return true;
            }
            if !self.lx.person_noun(&w) {
                return false;
            }
            k = prev;
        }
        false
    }

    /// The person last named before `pos` who carries the role `head`
    /// ("der Minister" after "Außenminister Marco Rubio").
    fn person_by_role(&self, pos: usize, head: &str, g: Option<Gender>) -> Option<usize> {
        let stem = self.lx.masculine_stem(head);
        let k = self.mentions.partition_point(|m| m.0 < pos);
        self.mentions[..k].iter().rev().map(|m| m.2).find(|&ei| {
            let e = &self.a.entities[ei];
            e.kind == EntityType::PER
                && self.compatible(ei, g)
                && e.roles.iter().any(|r| {
                    let r = r.to_lowercase();
                    let r = self.lx.masculine_stem(&r);
                    Lexicon::ends_with_noun(r, stem)
                })
        })
    }

    /// The organisation a generic noun at `pos` takes up: the nearest earlier
    /// one whose name contains the noun or one of its cues ("IG" for a
    /// union), else the nearest one whose name does not say it is of another kind.
    fn org_before(&self, pos: usize, si: usize, head: &str) -> Option<usize> {
        let lx = self.lx;
        let noun = lx.org_noun(head)?;
        let cues: &[String] = lx
            .org_cues
            .iter()
            .find(|(n, _)| n == noun)
            .map(|(_, c)| c.as_slice())
            .unwrap_or(&[]);
        let lo = self.a.sentences[si.saturating_sub(ORG_SENTENCE_WINDOW)].start;
        let k = self.mentions.partition_point(|m| m.0 < pos);
        let recent: Vec<usize> = self.mentions[..k]
            .iter()
            .rev()
            .take_while(|m| m.0 >= lo)
            .filter(|m| self.a.entities[m.2].kind == EntityType::ORG)
            // The news agency that reports ("BERLIN (Reuters) –", "(dpa)")
            // is not what "the company" or "die Partei" takes up; only an
            // agency noun may ("die Agentur", "the agency").
            .filter(|m| {
                noun.contains("agen") || crate::agency::agency(&self.a.entities[m.2].name).is_none()
            })
            .map(|m| m.2)
            .collect();
        let names_kind = |ei: usize, kinds: &dyn Fn(&str) -> bool| {
            let name = self.a.entities[ei].name.to_lowercase();
            name.split(|c: char| c.is_whitespace() || c == '-')
                .any(kinds)
        };
        let this_kind =
            |part: &str| Lexicon::ends_with_noun(part, noun) || cues.iter().any(|c| c == part);
        if let Some(&ei) = recent.iter().find(|&&ei| names_kind(ei, &this_kind)) {
            return Some(ei);
        }
        let other_kind = |part: &str| {
            lx.org_nouns
                .words
                .iter()
                .any(|n| n != noun && Lexicon::ends_with_noun(part, n))
                || lx
                    .org_cues
                    .iter()
                    .any(|(n, c)| n != noun && c.iter().any(|c| c == part))
        };
        recent
            .iter()
            .copied()
            .find(|&ei| !names_kind(ei, &other_kind))
    }

    fn link(&self, start: usize, end: usize, kind: &str, ei: usize) -> CorefMention {
        let e = &self.a.entities[ei];
        CorefMention {
            start,
            end,
            text: self
                .ix
                .slice(&self.a.text, Span::new(start, end))
                .to_string(),
            kind: kind.to_string(),
            entity: e.id.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
