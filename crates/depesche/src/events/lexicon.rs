//! Per-language trigger patterns and cue words for the events stage, parsed
//! once from the embedded `resources/{de,en}/events.txt`, and the CAMEO table
//! (`resources/common/cameo.txt`) that turns a code into its PLOVER type, mode and Goldstein
//! score (languages are data, not code paths).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::hashing::FastBuild;
use crate::lang::Lang;

/// One element of a trigger pattern, matched against a lowercase token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Elem {
    Word(String),
    Prefix(String),
    Suffix(String),
    Contains(String),
    /// Up to [`MAX_GAP`] tokens of the same sentence.
    Gap,
}

type FastMap<K, V> = HashMap<K, V, FastBuild>;

/// The most tokens a `...` in a pattern skips (bounded work per token).
pub(crate) const MAX_GAP: usize = 12;

impl Elem {
    fn parse(s: &str) -> Elem {
        if s == "..." {
            return Elem::Gap;
        }
        let lead = s.starts_with('*') && s.chars().count() > 1;
        let trail = s.ends_with('*') && s.chars().count() > 1;
        let core = s.trim_matches('*').to_string();
        match (lead, trail) {
            (true, true) => Elem::Contains(core),
            (true, false) => Elem::Suffix(core),
            (false, true) => Elem::Prefix(core),
            (false, false) => Elem::Word(s.to_string()),
        }
    }

    pub(crate) fn matches(&self, token: &str) -> bool {
        match self {
            Elem::Word(w) => token == w,
            Elem::Prefix(p) => token.starts_with(p.as_str()),
            Elem::Suffix(p) => token.len() > p.len() && token.ends_with(p.as_str()),
            Elem::Contains(p) => token.len() > p.len() && contains_bytes(token, p),
            Elem::Gap => true,
        }
    }
}

/// Whether `needle` occurs in `hay` (as `str::contains`, which sets up a
/// substring searcher per call: too much for a word and a short infix).
fn contains_bytes(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    h.iter()
        .enumerate()
        .any(|(i, &b)| b == first && h[i + 1..].starts_with(rest))
}

/// A trigger pattern: elements on consecutive tokens, an optional context
/// (some token of the sentence must start with one of these), words that
/// rule it out (`!word`: no token of the sentence may match), and its code.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub elems: Vec<Elem>,
    pub context: Vec<String>,
    pub exclude: Vec<Elem>,
    pub code: &'static CameoCode,
    /// From the `[nouns]` section: only where the sentence has no verb trigger.
    pub noun: bool,
    /// A line without a code (`-:`): an idiom that is no event; its words
    /// trigger nothing.
    pub blocks: bool,
}

/// The code of a `-:` line (never reported).
fn no_event() -> &'static CameoCode {
    static NONE: OnceLock<CameoCode> = OnceLock::new();
    NONE.get_or_init(|| CameoCode {
        code: "-".to_string(),
        plover: String::new(),
        mode: None,
        goldstein: 0.0,
    })
}

/// A CAMEO code with what the crosswalk and the Goldstein scale say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub plover: String,
    pub mode: Option<String>,
    pub goldstein: f32,
}

impl CameoCode {
    /// CAMEO QuadClass from the root: 01–05 verbal cooperation, 06–08
    /// material cooperation, 09–13 verbal conflict, 14–20 material conflict.
    pub fn quad_class(&self) -> u8 {
        match self.code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
            Some(1..=5) => 1,
            Some(6..=8) => 2,
            Some(9..=13) => 3,
            _ => 4,
        }
    }
    /// Meetings and talks: every participant acts alike.
    pub fn is_symmetric(&self) -> bool {
        self.code.starts_with("04") || self.code == "036"
    }
    /// Threats and stated intentions describe what has not happened yet.
    pub fn is_intent(&self) -> bool {
        self.code.starts_with("03") || self.code.starts_with("13")
    }
}

/// The CAMEO table (`cameo.txt`), parsed once.
pub fn cameo_table() -> &'static HashMap<String, CameoCode> {
    static TABLE: OnceLock<HashMap<String, CameoCode>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for line in crate::langdata::LangData::common().text("cameo").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() != 4 {
                continue;
            }
            let Ok(goldstein) = f[3].parse::<f32>() else {
                continue;
            };
            t.insert(
                f[0].to_string(),
                CameoCode {
                    code: f[0].to_string(),
                    plover: f[1].to_string(),
                    mode: (f[2] != "-").then(|| f[2].to_string()),
                    goldstein,
                },
            );
        }
        t
    })
}

/// The trigger patterns and cue words of one language.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub patterns: Vec<Pattern>,
    /// Patterns by their first element: exact words here, prefixes and
    /// suffixes below, and the rest (infixes) in `scan`, tried on every token.
    pub by_word: FastMap<String, Vec<usize>>,
    pub scan: Vec<usize>,
    /// Negation cues before a trigger ("did not meet", "nicht getroffen").
    pub negation: Vec<String>,
    /// Words that open a conditional clause ("if", "falls").
    pub conditional: Vec<String>,
    /// How many tokens before a trigger a conditional word governs it.
    pub conditional_reach: usize,
    /// Verbs are written in lower case (German): a capitalised verb form
    /// inside a sentence is a noun ("des Beschuldigten").
    pub verbs_lowercase: bool,
    /// Cues of a scheduled act ("angesetzt", "next week"): a meeting is then
    /// an intent to meet.
    pub scheduled: Vec<String>,
    /// Determiners that make a verb form a noun ("the killing").
    pub noun_determiners: Vec<String>,
    /// Negation cues after a trigger ("traf ihn nicht").
    pub negation_after: Vec<String>,
    pub hypothetical: Vec<String>,
    pub place_preps: Vec<String>,
    pub pronouns: Vec<String>,
    /// Words that end a place preposition's reach ("am Tag zuvor hatte Russland").
    pub place_breaks: Vec<String>,
    /// Prepositions whose country is a conflict act's target ("Angriffe auf die Ukraine").
    pub target_preps: Vec<String>,
    /// Sentence-initial words for the two persons named last ("die beiden").
    pub pair_pronouns: Vec<String>,
    /// Object pronouns that take up a person named before ("warf ihm vor").
    pub object_pronouns: Vec<String>,
    /// Definite articles: "das Treffen" takes up a meeting reported before.
    pub definite: Vec<String>,
    /// Lowercase words inside a title between a country and a name ("Secretary of State").
    pub title_links: Vec<String>,
    /// Cues of a time stamp run together with a headline ("Stand: …").
    pub dateline: Vec<String>,
    /// Clock units that end such a stamp ("Uhr", "GMT").
    pub dateline_units: Vec<String>,
    /// Natural disasters and accidents: deaths they cause are no assault.
    pub disasters: Vec<Elem>,
    /// Agent words with their Phoenix sector code.
    pub agents: Vec<(Elem, String)>,
    /// Prepositions whose noun phrase is no subject ("mit der Zeitung", "with CNN").
    pub object_preps: Vec<String>,
    /// Words of a plea for a sentence in court ("Haft", "Freispruch").
    pub court_pleas: Vec<Elem>,
    /// Words of a court's name ("Landgericht"): the addressee of such a plea.
    pub courts: Vec<Elem>,
    /// Prepositions of a passive's agent ("von", "by"): a subject after all.
    pub agent_preps: Vec<String>,
    /// Tokens that make a name an owner ("Reagan 's statement").
    pub possessive: Vec<String>,
    /// Praise triggers that greet when their object is a person ("begrüßte die Gäste").
    pub greeting: Vec<Elem>,
    /// Modals of hearsay ("soll"): with a perfect infinitive a reported past act.
    pub hearsay: Vec<String>,
    /// Auxiliaries of a perfect infinitive ("getroffen haben").
    pub perfect_aux: Vec<String>,
    /// The subject stands before the verb (English): an actor after the
    /// trigger is its object, and the source only as a passive's agent.
    pub subject_first: bool,
    /// Nouns after which a trigger noun is an attribute, not an act
    /// ("rescue workers", "protest organizer").
    pub modifier_heads: Vec<Elem>,
    /// Cues of an intention ("will", "ready to"): a cooperative material act
    /// after one is the intent to do it (CAMEO 03x, AGREE).
    pub intent: Vec<String>,
    /// Crowd words: a crowd's demand is its protest ("protesters … demanding").
    pub crowds: Vec<String>,
    /// Auxiliaries of the present passive ("wird festgenommen"): no future
    /// with a participle trigger.
    pub passive_aux: Vec<String>,
    /// Auxiliaries of a finite passive ("were killed by"): without one, a
    /// participle before its agent is a reduced relative clause.
    pub relative_aux: Vec<String>,
    /// Place nouns: a country form before one is a place ("ukrainischen Grenze").
    pub place_nouns: Vec<String>,
    /// Prepositions before an -ing adjunct ("after massing troops").
    pub adjunct_preps: Vec<String>,
    /// Words that open a clause ("if", "that", ",").
    pub clause_openers: Vec<String>,
    /// The ending of an -ing form ("ing"); empty where the language has none.
    pub gerund_suffix: String,
    /// Patterns whose first element is a prefix, by the prefix's first two
    /// bytes (one look-up per token, then a few `starts_with`), and those
    /// whose prefix is shorter than two bytes.
    pub prefix_heads: FastMap<[u8; 2], Vec<(String, Vec<usize>)>>,
    pub short_prefixes: Vec<(String, Vec<usize>)>,
    /// The patterns whose first element is a suffix, by the suffix's last
    /// byte: a token is checked against those that end as it does.
    pub by_suffix_end: FastMap<u8, Vec<usize>>,
}

impl Lexicon {
    /// The lexicon of a language; `None` for languages without event resources.
    pub(crate) fn get(lang: Lang) -> Option<&'static Lexicon> {
        static DE: OnceLock<Lexicon> = OnceLock::new();
        static EN: OnceLock<Lexicon> = OnceLock::new();
        match lang {
            Lang::De => Some(DE.get_or_init(|| {
                Lexicon::parse(crate::langdata::LangData::get(Lang::De).text("events"))
            })),
            Lang::En => Some(EN.get_or_init(|| {
                Lexicon::parse(crate::langdata::LangData::get(Lang::En).text("events"))
            })),
            Lang::Other => None,
        }
    }

    pub(crate) fn parse(src: &str) -> Lexicon {
        let table = cameo_table();
        let mut lx = Lexicon::default();
        let mut by_prefix: FastMap<String, Vec<usize>> = FastMap::default();
        let mut section = String::new();
        for raw in src.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = line[1..line.len() - 1].to_string();
                continue;
            }
            let words = || line.split_whitespace().map(str::to_string);
            match section.as_str() {
                "verbs" | "nouns" => {
                    let Some((code, rest)) = line.split_once(':') else {
                        continue;
                    };
                    let blocks = code.trim() == "-";
                    let Some(code) = (if blocks {
                        Some(no_event())
                    } else {
                        table.get(code.trim())
                    }) else {
                        continue;
                    };
                    for alt in rest.split(';') {
                        let (pat, ctx) = alt.split_once('@').unwrap_or((alt, ""));
                        let elems: Vec<Elem> = pat.split_whitespace().map(Elem::parse).collect();
                        if elems.is_empty() || elems[0] == Elem::Gap {
                            continue;
                        }
                        let context = ctx
                            .split_whitespace()
                            .filter(|c| !c.starts_with('!'))
                            .map(|c| c.trim_end_matches('*').to_string())
                            .collect();
                        let exclude = ctx
                            .split_whitespace()
                            .filter_map(|c| c.strip_prefix('!'))
                            .map(Elem::parse)
                            .collect();
                        let ix = lx.patterns.len();
                        match &elems[0] {
                            Elem::Word(w) => lx.by_word.entry(w.clone()).or_default().push(ix),
                            Elem::Prefix(p) => by_prefix.entry(p.clone()).or_default().push(ix),
                            Elem::Suffix(p) if !p.is_empty() => {
                                let end = p.as_bytes()[p.len() - 1];
                                lx.by_suffix_end.entry(end).or_default().push(ix)
                            }
                            _ => lx.scan.push(ix),
                        }
                        lx.patterns.push(Pattern {
                            elems,
                            context,
                            exclude,
                            code,
                            noun: section == "nouns",
                            blocks,
                        });
                    }
                }
                "negation" => lx.negation.extend(words()),
                "negation_after" => lx.negation_after.extend(words()),
                "conditional" => lx.conditional.extend(words()),
                "scheduled" => lx.scheduled.extend(words()),
                "settings" => match line.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
                    Some(("conditional_reach", n)) => {
                        lx.conditional_reach = n.parse().unwrap_or(0);
                    }
                    Some(("verbs_lowercase", v)) => lx.verbs_lowercase = v == "yes",
                    Some(("subject_first", v)) => lx.subject_first = v == "yes",
                    Some(("gerund_suffix", v)) => lx.gerund_suffix = v.to_string(),
                    _ => {}
                },
                "noun_determiners" => lx.noun_determiners.extend(words()),
                "hypothetical" => lx.hypothetical.extend(words()),
                "place_preps" => lx.place_preps.extend(words()),
                "pronouns" => lx.pronouns.extend(words()),
                "disasters" => lx
                    .disasters
                    .extend(line.split_whitespace().map(Elem::parse)),
                "place_breaks" => lx.place_breaks.extend(words()),
                "target_preps" => lx.target_preps.extend(words()),
                "pair_pronouns" => lx.pair_pronouns.push(line.to_lowercase()),
                "object_pronouns" => lx.object_pronouns.extend(words()),
                "definite" => lx.definite.extend(words()),
                "title_links" => lx.title_links.extend(words()),
                "dateline" => lx.dateline.extend(words()),
                "dateline_units" => lx.dateline_units.extend(words()),
                "object_preps" => lx.object_preps.extend(words()),
                "court_pleas" => lx
                    .court_pleas
                    .extend(line.split_whitespace().map(Elem::parse)),
                "courts" => lx.courts.extend(line.split_whitespace().map(Elem::parse)),
                "greeting" => lx.greeting.extend(line.split_whitespace().map(Elem::parse)),
                "hearsay" => lx.hearsay.extend(words()),
                "possessive" => lx.possessive.extend(words()),
                "agent_preps" => lx.agent_preps.extend(words()),
                "perfect_aux" => lx.perfect_aux.extend(words()),
                "modifier_heads" => lx
                    .modifier_heads
                    .extend(line.split_whitespace().map(Elem::parse)),
                "intent" => lx.intent.extend(words()),
                "crowds" => lx.crowds.extend(words()),
                "passive_aux" => lx.passive_aux.extend(words()),
                "place_nouns" => lx.place_nouns.extend(words()),
                "relative_aux" => lx.relative_aux.extend(words()),
                "adjunct_preps" => lx.adjunct_preps.extend(words()),
                "clause_openers" => lx.clause_openers.extend(words()),
                "agents" => {
                    if let Some((sector, rest)) = line.split_once(':') {
                        for w in rest.split(';').map(str::trim).filter(|w| !w.is_empty()) {
                            lx.agents.push((Elem::parse(w), sector.trim().to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut prefixes: Vec<(String, Vec<usize>)> = by_prefix.into_iter().collect();
        prefixes.sort();
        for entry in prefixes {
            match entry.0.as_bytes() {
                [a, b, ..] => lx.prefix_heads.entry([*a, *b]).or_default().push(entry),
                _ => lx.short_prefixes.push(entry),
            }
        }
        lx
    }

    /// Indices of the patterns whose first element matches `token`, in file order.
    /// Whether a one-word nominalisation pattern matches `token` ("rescue",
    /// "protest"): a verb form that may be a noun.
    pub(crate) fn is_noun(&self, token: &str) -> bool {
        let mut cands = Vec::new();
        self.candidates(token, &mut cands);
        cands.iter().any(|&p| {
            let pat = &self.patterns[p];
            pat.noun && pat.elems.len() == 1 && pat.elems[0].matches(token)
        })
    }

    pub(crate) fn candidates(&self, token: &str, out: &mut Vec<usize>) {
        out.clear();
        if let Some(v) = self.by_word.get(token) {
            out.extend(v);
        }
        let bytes = token.as_bytes();
        let heads = match bytes {
            [a, b, ..] => self.prefix_heads.get(&[*a, *b]),
            _ => None,
        };
        for (p, v) in self
            .short_prefixes
            .iter()
            .chain(heads.into_iter().flatten())
        {
            if token.starts_with(p.as_str()) {
                out.extend(v);
            }
        }
        // Plain loops: the chained, filtered iterator this replaces cost more
        // than the matching itself (this runs on every token of every sentence).
        if let Some(v) = bytes.last().and_then(|b| self.by_suffix_end.get(b)) {
            for &i in v {
                if self.patterns[i].elems[0].matches(token) {
                    out.push(i);
                }
            }
        }
        for &i in &self.scan {
            if self.patterns[i].elems[0].matches(token) {
                out.push(i);
            }
        }
        if out.len() < 2 {
            return;
        }
        out.sort_unstable();
        out.dedup();
    }

    pub(crate) fn agent(&self, token: &str) -> Option<&str> {
        self.agents
            .iter()
            .find(|(e, _)| e.matches(token))
            .map(|(_, s)| s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infix_matching_agrees_with_str_contains() {
        for (hay, needle) in [
            ("raketenangriffe", "angriff"),
            ("angriff", "angriff"),
            ("gegenangriff", "griffe"),
            ("überfall", "fall"),
            ("straße", "ße"),
            ("abc", ""),
            ("", "a"),
            ("aaab", "aab"),
        ] {
            assert_eq!(
                contains_bytes(hay, needle),
                hay.contains(needle),
                "{hay} {needle}"
            );
        }
    }

    #[test]
    fn every_trigger_line_names_a_code_of_the_table() {
        for src in [
            crate::langdata::LangData::get(Lang::De).text("events"),
            crate::langdata::LangData::get(Lang::En).text("events"),
        ] {
            let mut section = "";
            for line in src.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.starts_with('[') {
                    section = if line == "[verbs]" || line == "[nouns]" {
                        "triggers"
                    } else {
                        ""
                    };
                } else if section == "triggers" && !line.is_empty() {
                    let code = line.split(':').next().unwrap_or("").trim();
                    assert!(
                        code == "-" || cameo_table().contains_key(code),
                        "unknown code in {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn patterns_match_words_stems_and_compounds() {
        let lx = Lexicon::parse("[verbs]\n180: griff* ... an\n[nouns]\n195: *angriff*\n");
        let mut c = Vec::new();
        lx.candidates("griffen", &mut c);
        assert_eq!(c, vec![0]);
        lx.candidates("raketenangriffe", &mut c);
        assert_eq!(c, vec![1]);
        lx.candidates("angriff", &mut c);
        assert!(c.is_empty(), "a contained part needs more around it");
        assert_eq!(lx.patterns[1].code.plover, "ASSAULT");
        assert_eq!(lx.patterns[1].code.quad_class(), 4);
    }
}
