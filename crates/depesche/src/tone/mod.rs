//! Tone: GDELT-style document tone per article and per event.
//!
//! Every word of the article's prose (title, teaser, subheadings, paragraphs)
//! is counted; words of the language's polarity lexicon count as positive or
//! negative (`models/tone/{de,en}.lex`, built by `depesche build tone`). A
//! negation up to three words before a polar word in the same clause flips it
//! ("nicht gut"). German inflection is undone by stripping endings down to a
//! lemma or verb stem, past participles lose their `ge-`, and a long noun not
//! in the lexicon counts by its head ("Raketenangriff" → Angriff). Words of
//! entity names are not rated ("Frieden" in a place name). The figures are
//! percentages of the word count, as in GDELT's V2Tone: tone = positive −
//! negative, polarity = positive + negative.

pub mod build;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::hashing::FastBuild;
use crate::lang::Lang;
use crate::schema::{Analysis, EntityType, Span, Tone};
use crate::text::TextIndex;

/// The committed lexicons (`depesche build tone`).
static DE_LEX: &str = include_str!("../../../../models/tone/de.lex");
static EN_LEX: &str = include_str!("../../../../models/tone/en.lex");

/// How many words before a polar word a negation reaches.
const NEGATION_REACH: usize = 3;

/// A language's polar words and cue lists.
#[derive(Debug, Default)]
pub struct ToneLexicon {
    /// Word as written (lowercase) → (sign, class).
    words: HashMap<Box<str>, (i8, u8), FastBuild>,
    /// Lemma stems (the lemma without a `[lemma_endings]` ending) → sign.
    stems: HashMap<Box<str>, i8, FastBuild>,
    negation: HashSet<String, FastBuild>,
    negation_endings: Vec<String>,
    /// Longest first.
    suffixes: Vec<String>,
    prefixes: Vec<String>,
    compound_min_word: usize,
    compound_min_head: usize,
    self_reference: HashSet<String, FastBuild>,
    ignore: HashSet<String, FastBuild>,
}

impl ToneLexicon {
    /// Parse a compiled lexicon and the language's cue file.
    pub fn parse(lex: &str, cues: &str) -> Self {
        let mut lx = ToneLexicon::default();
        let mut lemma_endings: Vec<(u8, Vec<&str>)> = Vec::new();
        for (section, line) in crate::wordlist::lines(cues) {
            let words = line.split_whitespace();
            match section {
                "negation" => {
                    for w in words {
                        match w.strip_prefix('*') {
                            Some(end) => lx.negation_endings.push(end.to_string()),
                            None => {
                                lx.negation.insert(w.to_string());
                            }
                        }
                    }
                }
                "suffixes" => lx.suffixes.extend(words.map(str::to_string)),
                "participle_prefixes" => lx.prefixes.extend(words.map(str::to_string)),
                "self_reference" => lx.self_reference.extend(words.map(str::to_string)),
                "ignore" => lx.ignore.extend(words.map(str::to_string)),
                "lemma_endings" => {
                    if let Some((class, ends)) = line.split_once(':') {
                        if let Some(&c) = class.trim().as_bytes().first() {
                            lemma_endings.push((c, ends.split_whitespace().collect()));
                        }
                    }
                }
                "compounds" => {
                    let mut it = words;
                    let (key, val) = (it.next(), it.next().and_then(|v| v.parse().ok()));
                    match (key, val) {
                        (Some("min_word"), Some(v)) => lx.compound_min_word = v,
                        (Some("min_head"), Some(v)) => lx.compound_min_head = v,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        lx.suffixes
            .sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        for line in lex.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.len() < 4 {
                continue;
            }
            let b = line.as_bytes();
            let sign: i8 = match b[0] {
                b'+' => 1,
                b'-' => -1,
                _ => continue,
            };
            let class = b[1];
            let Some(word) = line.get(3..) else {
                continue;
            };
            lx.words.insert(word.into(), (sign, class));
            for (c, ends) in &lemma_endings {
                if *c != class {
                    continue;
                }
                for end in ends {
                    if let Some(stem) = word.strip_suffix(end) {
                        if stem.chars().count() >= 3 {
                            lx.stems.entry(stem.into()).or_insert(sign);
                            break;
                        }
                    }
                }
            }
        }
        lx
    }

    /// The embedded lexicon of a language, parsed once.
    pub fn get(lang: Lang) -> Option<&'static ToneLexicon> {
        static DE: OnceLock<ToneLexicon> = OnceLock::new();
        static EN: OnceLock<ToneLexicon> = OnceLock::new();
        match lang {
            Lang::De => Some(DE.get_or_init(|| ToneLexicon::parse(DE_LEX, include_str!("de.txt")))),
            Lang::En => Some(EN.get_or_init(|| ToneLexicon::parse(EN_LEX, include_str!("en.txt")))),
            _ => None,
        }
    }

    /// How many polar words the lexicon holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn is_negation(&self, w: &str) -> bool {
        self.negation.contains(w)
            || self
                .negation_endings
                .iter()
                .any(|e| w.ends_with(e.as_str()))
    }

    /// The sign of a lowercase word: +1, −1, or 0 when it is not polar.
    pub fn polarity(&self, w: &str) -> i8 {
        if self.ignore.contains(w) {
            return 0;
        }
        if let Some(&(s, _)) = self.words.get(w) {
            return s;
        }
        if let Some(s) = self.inflected(w, false) {
            return s;
        }
        for p in &self.prefixes {
            if let Some(rest) = w.strip_prefix(p.as_str()) {
                if rest.chars().count() >= 4 {
                    if let Some(s) = self.stem_of(rest) {
                        return s;
                    }
                }
            }
        }
        if self.compound_min_word > 0 && w.chars().count() >= self.compound_min_word {
            // Heads from the longest down; a head is a noun of the lexicon.
            let n = w.chars().count();
            for (k, (i, _)) in w.char_indices().enumerate().skip(1) {
                if n - k < self.compound_min_head {
                    break;
                }
                let head = &w[i..];
                if let Some(s) = self.inflected(head, true) {
                    return s;
                }
            }
        }
        0
    }

    /// A word that is a lexicon word (a noun only, with `nouns_only`) once
    /// an inflection ending is taken off, or a stem with or without one.
    fn inflected(&self, w: &str, nouns_only: bool) -> Option<i8> {
        if nouns_only {
            if let Some(&(s, b'n')) = self.words.get(w) {
                return Some(s);
            }
        }
        for suf in &self.suffixes {
            let Some(rest) = w.strip_suffix(suf.as_str()) else {
                continue;
            };
            if rest.chars().count() < 3 {
                continue;
            }
            match self.words.get(rest) {
                Some(&(s, c)) if !nouns_only || c == b'n' => return Some(s),
                _ => {}
            }
            if !nouns_only {
                if let Some(&s) = self.stems.get(rest) {
                    return Some(s);
                }
            }
        }
        None
    }

    /// A verb stem, bare or with an ending ("lob" of "gelobt").
    fn stem_of(&self, w: &str) -> Option<i8> {
        if let Some(&s) = self.stems.get(w) {
            return Some(s);
        }
        self.suffixes.iter().find_map(|suf| {
            w.strip_suffix(suf.as_str())
                .filter(|r| r.chars().count() >= 3)
                .and_then(|r| self.stems.get(r).copied())
        })
    }
}

/// Word counts of a stretch of text; [`Counts::tone`] turns them into percentages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub words: u32,
    pub positive: u32,
    pub negative: u32,
    pub self_reference: u32,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.words += o.words;
        self.positive += o.positive;
        self.negative += o.negative;
        self.self_reference += o.self_reference;
    }

    /// GDELT-style percentages (all zero for a text without words).
    pub fn tone(&self) -> Tone {
        let pct = |n: u32| {
            if self.words == 0 {
                0.0
            } else {
                round2(100.0 * n as f32 / self.words as f32)
            }
        };
        let (pos, neg) = (pct(self.positive), pct(self.negative));
        Tone {
            tone: round2(pos - neg),
            positive: pos,
            negative: neg,
            polarity: round2(pos + neg),
            self_reference: pct(self.self_reference),
            words: self.words,
        }
    }
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// Count the words of lowercase tokens; `skip[i]` marks tokens not to rate
/// (words of names). Linear in the number of tokens.
pub fn count(lx: &ToneLexicon, lower: &[&str], skip: &[bool]) -> Counts {
    let mut c = Counts::default();
    // Words since the last negation in this clause, if one is in reach.
    let mut since_negation: Option<usize> = None;
    for (i, w) in lower.iter().enumerate() {
        if !w.chars().any(char::is_alphabetic) {
            // Punctuation ends the clause a negation reaches into.
            if !w.chars().all(|ch| ch == '-' || ch == '\'') {
                since_negation = None;
            }
            continue;
        }
        c.words += 1;
        if lx.is_negation(w) {
            since_negation = Some(0);
            continue;
        }
        if lx.self_reference.contains(*w) {
            c.self_reference += 1;
        }
        let negated = since_negation.is_some_and(|n| n < NEGATION_REACH);
        since_negation = since_negation.map(|n| n + 1);
        if skip.get(i).copied().unwrap_or(false) {
            continue;
        }
        match lx.polarity(w) * if negated { -1 } else { 1 } {
            1 => c.positive += 1,
            -1 => c.negative += 1,
            _ => {}
        }
    }
    c
}

/// The tone stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct ToneScorer;

impl ToneScorer {
    pub fn new() -> Self {
        ToneScorer
    }

    /// Set the article's tone and every event's (over its evidence
    /// sentences). Needs sentences, tokens, entities and events.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        let Some(lx) = ToneLexicon::get(Lang::from_code(&a.lang)) else {
            return;
        };
        // Name tokens: covered by an entity mention.
        let mut names: Vec<(usize, usize)> = a
            .entities
            .iter()
            .filter(|e| e.kind != EntityType::MISC)
            .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
            .collect();
        names.sort_unstable();
        let mut per_sentence: Vec<Counts> = vec![Counts::default(); a.sentences.len()];
        let mut total = Counts::default();
        let mut lower: Vec<String> = Vec::new();
        let mut skip: Vec<bool> = Vec::new();
        let mut ni = 0;
        for (si, s) in a.sentences.iter().enumerate() {
            if !a.blocks.get(s.block).is_some_and(|b| b.kind.is_body()) {
                continue;
            }
            let t0 = a.tokens.partition_point(|t| t[0] < s.start);
            let t1 = a.tokens.partition_point(|t| t[0] < s.end);
            let spans = &a.tokens[t0..t1.max(t0)];
            if lower.len() < spans.len() {
                lower.resize_with(spans.len(), String::new);
            }
            skip.clear();
            for (buf, t) in lower.iter_mut().zip(spans) {
                buf.clear();
                for ch in ix.slice(&a.text, Span::new(t[0], t[1])).chars() {
                    buf.extend(ch.to_lowercase());
                }
                while ni < names.len() && names[ni].1 <= t[0] {
                    ni += 1;
                }
                skip.push(
                    names[ni..]
                        .iter()
                        .take(4)
                        .any(|&(ms, me)| ms < t[1] && t[0] < me),
                );
            }
            let words: Vec<&str> = lower[..spans.len()].iter().map(String::as_str).collect();
            let c = count(lx, &words, &skip);
            per_sentence[si] = c;
            total.add(c);
        }
        a.tone = Some(total.tone());
        for ev in &mut a.events {
            let mut c = Counts::default();
            for e in &ev.evidence {
                let k = a.sentences.partition_point(|s| s.start < e.start);
                if let Some(sc) = per_sentence
                    .get(k)
                    .filter(|_| a.sentences[k].start == e.start)
                {
                    c.add(*sc);
                }
            }
            ev.tone = Some(c.tone());
        }
    }
}
