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

#[cfg(feature = "train")]
pub mod build;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use std::hash::Hasher;

use crate::hashing::{FastBuild, FastHasher};
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
    /// Lemma as in the compiled lexicon (lowercase) → (sign, class).
    words: HashMap<Box<str>, (i8, u8), FastBuild>,
    /// Every form the cue file's inflections make of a lemma (and the lemma
    /// itself) → sign: one look-up per word at run time.
    /// Keyed by [`form_key`]: the key sits in the table, so a look-up reads
    /// no string from the heap (the tables are large and the reads miss the cache).
    forms: HashMap<u64, i8, FastBuild>,
    /// The forms of nouns: heads of compounds (keyed the same way).
    noun_forms: HashMap<u64, i8, FastBuild>,
    /// Which first three bytes start a noun form (bits of [`head_bit`]): a
    /// compound's split is looked up only where a head can begin, where
    /// every split cost a hash and a probe of the large table.
    noun_starts: Vec<u64>,
    negation: HashSet<String, FastBuild>,
    negation_endings: Vec<String>,
    compound_min_word: usize,
    compound_min_head: usize,
    self_reference: HashSet<String, FastBuild>,
    /// Which per-thread memo serves this lexicon (`None`: no memo).
    memo: Option<usize>,
}

/// The 64-bit key of a word form in the lexicon's tables (as the per-thread
/// memo keys tokens): forms of up to 8 bytes never collide, longer ones with
/// negligible odds (debug builds check the lexicons have no collision).
fn form_key(w: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(w.as_bytes());
    h.finish()
}

/// Bits of [`ToneLexicon::noun_starts`] (2^18: a few per cent set).
const HEAD_BITS: u32 = 18;

/// The bit of a word's first three bytes in [`ToneLexicon::noun_starts`];
/// `None` for a word shorter than that.
fn head_bit(w: &[u8]) -> Option<usize> {
    let [a, b, c, ..] = *w else { return None };
    let k = (u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)).wrapping_mul(0x9e37_79b1);
    Some((k >> (32 - HEAD_BITS)) as usize)
}

/// Most words a thread remembers per language before it starts afresh.
const MEMO_LIMIT: usize = 200_000;

thread_local! {
    /// Per thread and language: the class of every token seen so far. News
    /// vocabulary repeats, and inflection and compound look-ups are the stage's
    /// cost (they made tone dearer than the events stage).
    /// Keyed by a 64-bit hash of the token as written: no key on the heap
    /// to compare (a miss in the cache per token), collisions negligible.
    static MEMO: std::cell::RefCell<[HashMap<u64, u8, FastBuild>; 2]> =
        std::cell::RefCell::new([HashMap::default(), HashMap::default()]);
}

/// Forget this thread's remembered token classes (results never depend on
/// them; benchmarks start each round without them).
pub fn clear_thread_memo() {
    MEMO.with(|m| {
        for memo in m.borrow_mut().iter_mut() {
            *memo = HashMap::default();
        }
    });
}

impl ToneLexicon {
    /// Parse a compiled lexicon and the language's cue file.
    pub fn parse(lex: &str, cues: &str) -> Self {
        let mut lx = ToneLexicon {
            noun_starts: vec![0; (1 << HEAD_BITS) / 64],
            ..ToneLexicon::default()
        };
        // `CLASS: endings` lines of a section, by class letter.
        let by_class = |line: &str| -> Option<(u8, Vec<String>)> {
            let (class, ends) = line.split_once(':')?;
            let c = *class.trim().as_bytes().first()?;
            Some((c, ends.split_whitespace().map(str::to_string).collect()))
        };
        let mut lemma_endings: Vec<(u8, Vec<String>)> = Vec::new();
        let mut inflections: Vec<(u8, Vec<String>)> = Vec::new();
        let mut participles: Vec<(String, Vec<String>)> = Vec::new();
        let mut ignore: HashSet<String, FastBuild> = HashSet::default();
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
                "self_reference" => lx.self_reference.extend(words.map(str::to_string)),
                "ignore" => ignore.extend(words.map(str::to_string)),
                "lemma_endings" => lemma_endings.extend(by_class(line)),
                "inflections" => inflections.extend(by_class(line)),
                "participles" => {
                    if let Some((prefix, ends)) = line.split_once(':') {
                        participles.push((
                            prefix.trim().to_string(),
                            ends.split_whitespace().map(str::to_string).collect(),
                        ));
                    }
                }
                "compounds" => {
                    let mut it = words;
                    match (it.next(), it.next().and_then(|v| v.parse().ok())) {
                        (Some("min_word"), Some(v)) => lx.compound_min_word = v,
                        (Some("min_head"), Some(v)) => lx.compound_min_head = v,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        fn endings_of(table: &[(u8, Vec<String>)], class: u8) -> &[String] {
            table
                .iter()
                .find(|(c, _)| *c == class)
                .map_or(&[][..], |(_, e)| &e[..])
        }
        #[cfg(debug_assertions)]
        let mut keys_seen: HashMap<u64, String> = HashMap::new();
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
            let Some(word) = line.get(3..).filter(|w| !ignore.contains(*w)) else {
                continue;
            };
            lx.words.insert(word.into(), (sign, class));
            // The lemma and its stem ("kritisieren" → "kritisier"), each with
            // every inflection ending of its class.
            let stem = endings_of(&lemma_endings, class)
                .iter()
                .find_map(|e| word.strip_suffix(e.as_str()))
                .filter(|st| st.chars().count() >= 3);
            let mut forms: Vec<String> = vec![word.to_string()];
            for base in std::iter::once(word).chain(stem) {
                for e in endings_of(&inflections, class) {
                    forms.push(format!("{base}{e}"));
                }
            }
            if class == b'v' {
                for (prefix, ends) in &participles {
                    for base in std::iter::once(word).chain(stem) {
                        for e in ends {
                            forms.push(format!("{prefix}{base}{e}"));
                        }
                    }
                }
            }
            for f in forms {
                // Debug builds (the tests) check that no two forms share a key.
                #[cfg(debug_assertions)]
                if let Some(other) = keys_seen.insert(form_key(&f), f.clone()) {
                    assert_eq!(other, f, "tone lexicon: two forms share a key");
                }
                if class == b'n' && lx.compound_min_word > 0 {
                    lx.noun_forms.entry(form_key(&f)).or_insert(sign);
                    // A form under three bytes is shorter than any head asked.
                    if let Some(k) = head_bit(f.as_bytes()) {
                        lx.noun_starts[k / 64] |= 1 << (k % 64);
                    }
                }
                lx.forms.entry(form_key(&f)).or_insert(sign);
            }
        }
        // A lemma as written wins over another lemma's inflected form.
        for (w, &(sign, _)) in &lx.words {
            lx.forms.insert(form_key(w), sign);
        }
        lx
    }

    /// The embedded lexicon of a language, parsed once.
    pub fn get(lang: Lang) -> Option<&'static ToneLexicon> {
        static DE: OnceLock<ToneLexicon> = OnceLock::new();
        static EN: OnceLock<ToneLexicon> = OnceLock::new();
        let with_memo = |mut lx: ToneLexicon, slot| {
            lx.memo = Some(slot);
            lx
        };
        match lang {
            Lang::De => Some(DE.get_or_init(|| {
                with_memo(
                    ToneLexicon::parse(
                        DE_LEX,
                        crate::langdata::LangData::get(Lang::De).text("tone"),
                    ),
                    0,
                )
            })),
            Lang::En => Some(EN.get_or_init(|| {
                with_memo(
                    ToneLexicon::parse(
                        EN_LEX,
                        crate::langdata::LangData::get(Lang::En).text("tone"),
                    ),
                    1,
                )
            })),
            Lang::Other => None,
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

    /// What a token is for counting: a word or punctuation that
    /// ends a clause, a negation, a first-person pronoun, positive or
    /// negative (bits of [`count_with`]).
    fn class(&self, written: &str) -> u8 {
        let lowered;
        let w = if written.chars().any(char::is_uppercase) {
            lowered = written.to_lowercase();
            lowered.as_str()
        } else {
            written
        };
        if !w.chars().any(char::is_alphabetic) {
            let joiner = w.chars().all(|ch| ch == '-' || ch == '\'');
            return if joiner { 0 } else { CLAUSE_BREAK };
        }
        if self.is_negation(w) {
            return WORD | NEGATION;
        }
        let mut k = WORD;
        if self.self_reference.contains(w) {
            k |= SELF_REFERENCE;
        }
        match self.polarity_of(w, written.chars().next().is_some_and(char::is_uppercase)) {
            1 => k | POSITIVE,
            -1 => k | NEGATIVE,
            _ => k,
        }
    }

    /// The sign of a lowercase word: +1, −1, or 0 when it is not polar.
    pub fn polarity(&self, w: &str) -> i8 {
        self.polarity_of(w, true)
    }

    /// [`ToneLexicon::polarity`]; compound heads only with `compounds` (a
    /// word written with a capital: German nouns).
    fn polarity_of(&self, w: &str, compounds: bool) -> i8 {
        if let Some(&s) = self.forms.get(&form_key(w)) {
            return s;
        }
        let n = w.chars().count();
        if compounds && self.compound_min_word > 0 && n >= self.compound_min_word {
            // Heads from the longest down; a head is a noun form of the
            // lexicon (one look-up per split).
            for (k, (i, _)) in w.char_indices().enumerate().skip(1) {
                if n - k < self.compound_min_head {
                    break;
                }
                let head = &w[i..];
                // No noun form starts so: no look-up (a head under three
                // bytes is asked as before).
                if head_bit(head.as_bytes())
                    .is_some_and(|k| self.noun_starts[k / 64] & (1 << (k % 64)) == 0)
                {
                    continue;
                }
                if let Some(&s) = self.noun_forms.get(&form_key(head)) {
                    return s;
                }
            }
        }
        0
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

/// Count the words of tokens as written; `skip[i]` marks tokens not to rate
/// (words of names). Linear in the number of tokens; each distinct token is
/// lower-cased and looked up once per thread (the embedded lexicons).
pub fn count(lx: &ToneLexicon, lower: &[&str], skip: &[bool]) -> Counts {
    match lx.memo {
        Some(slot) => MEMO.with(|m| {
            let mut m = m.borrow_mut();
            let memo = &mut m[slot];
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            count_with(lower, skip, |w| {
                *memo.entry(form_key(w)).or_insert_with(|| lx.class(w))
            })
        }),
        None => count_with(lower, skip, |w| lx.class(w)),
    }
}

/// Bits of [`ToneLexicon::class`].
const POSITIVE: u8 = 1;
const NEGATIVE: u8 = 2;
const NEGATION: u8 = 4;
const SELF_REFERENCE: u8 = 8;
const WORD: u8 = 16;
const CLAUSE_BREAK: u8 = 32;

fn count_with(lower: &[&str], skip: &[bool], mut class: impl FnMut(&str) -> u8) -> Counts {
    let mut c = Counts::default();
    // Words since the last negation in this clause, if one is in reach.
    let mut since_negation: Option<usize> = None;
    for (i, w) in lower.iter().enumerate() {
        let k = class(w);
        if k & WORD == 0 {
            // Punctuation ends the clause a negation reaches into.
            if k & CLAUSE_BREAK != 0 {
                since_negation = None;
            }
            continue;
        }
        c.words += 1;
        if k & NEGATION != 0 {
            since_negation = Some(0);
            continue;
        }
        if k & SELF_REFERENCE != 0 {
            c.self_reference += 1;
        }
        let negated = since_negation.is_some_and(|n| n < NEGATION_REACH);
        since_negation = since_negation.map(|n| n + 1);
        if skip.get(i).copied().unwrap_or(false) {
            continue;
        }
        let (pos, neg) = if negated {
            (NEGATIVE, POSITIVE)
        } else {
            (POSITIVE, NEGATIVE)
        };
        if k & pos != 0 {
            c.positive += 1;
        } else if k & neg != 0 {
            c.negative += 1;
        }
    }
    c
}

/// The tone stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct ToneScorer;

impl ToneScorer {
    /// The scorer, with both lexicons loaded now (with the pipeline) rather
    /// than during the first article.
    pub fn new() -> Self {
        let _ = (ToneLexicon::get(Lang::De), ToneLexicon::get(Lang::En));
        ToneScorer
    }

    /// Set the article's tone and every event's (over its evidence
    /// sentences). Needs sentences, tokens, entities and events.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        self.annotate_lang(a, ix, Lang::from_code(&a.lang));
    }

    /// [`ToneScorer::annotate`] for an article of language `lang`.
    pub fn annotate_lang(&self, a: &mut Analysis, ix: &TextIndex, lang: Lang) {
        let Some(lx) = ToneLexicon::get(lang) else {
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
        let mut words: Vec<&str> = Vec::new();
        let mut skip: Vec<bool> = Vec::new();
        let mut ni = 0;
        for (si, s) in a.sentences.iter().enumerate() {
            if !a.blocks.get(s.block).is_some_and(|b| b.kind.is_body()) {
                continue;
            }
            let t0 = a.tokens.partition_point(|t| t[0] < s.start);
            let t1 = a.tokens.partition_point(|t| t[0] < s.end);
            let spans = &a.tokens[t0..t1.max(t0)];
            words.clear();
            skip.clear();
            for t in spans {
                words.push(ix.slice(&a.text, Span::new(t[0], t[1])));
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
