//! The output contract: [`Analysis`], schema `depesche/1`.
//!
//! Every field is always serialised (empty arrays, `null`), so consumers never
//! have to guess whether a layer ran. All offsets (`start`, `end`) are Unicode
//! code points into [`Analysis::text`], end-exclusive, so Python users can
//! slice `text[start:end]` directly. See `docs/schema.md` for the field-by-field
//! documentation; evolve by adding fields, bump [`SCHEMA_VERSION`] on any
//! breaking change.

use serde::{Deserialize, Serialize};

/// The schema identifier written into every [`Analysis`].
pub const SCHEMA_VERSION: &str = "depesche/1";

/// A half-open range of Unicode code points into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The result of analysing one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`SCHEMA_VERSION`].
    pub schema: String,
    /// The input's `id`, else the file path, else `stdin`/`line N`.
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    /// ISO 639-1 code (`de`, `en`) or `"other"`; `"und"` when the text is too short to tell.
    pub lang: String,
    /// Publication date `YYYY-MM-DD` (from the input, `--date`, or the text); `null` when unknown.
    pub published: Option<String>,
    /// The normalised article text (NFC, `\n` line ends). Offsets index this.
    pub text: String,
    pub title: Option<String>,
    pub teaser: Option<String>,
    pub blocks: Vec<Block>,
    pub credit: Credit,
    pub sentences: Vec<Sentence>,
    /// Token spans as `[start, end]` pairs (compact: there are many).
    pub tokens: Vec<[usize; 2]>,
    pub entities: Vec<Entity>,
    /// Pronouns and generic nouns that take up an entity ("er", "die Beamtin",
    /// "die Gewerkschaft"); absent in output written before it existed.
    #[serde(default)]
    pub coref: Vec<CorefMention>,
    pub derived: Vec<Derived>,
    pub places: Vec<Place>,
    /// ISO 3166-1 alpha-2 code of the country the article is mostly about, when known.
    pub focus_country: Option<String>,
    pub times: Vec<TimeExpr>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub tone: Option<Tone>,
    /// Facts about how the input was read (encoding, format, warnings).
    pub input: InputInfo,
    /// Input fields depesche does not know, kept verbatim out of the way.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How the article was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputInfo {
    /// `txt`, `jsonl`, `csv`, `html`, `stdin`.
    pub format: String,
    /// The character encoding the bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// Non-fatal problems met while reading (replacement characters, stray control bytes, …).
    pub warnings: Vec<String>,
}

/// Kinds of structural block in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Title,
    Teaser,
    Subheading,
    Paragraph,
    /// Site navigation, link teasers, "Mehr News zum …", newsletter/ad lines, photo credits.
    Furniture,
    Caption,
    Credit,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Teaser => "teaser",
            BlockKind::Subheading => "subheading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Furniture => "furniture",
            BlockKind::Caption => "caption",
            BlockKind::Credit => "credit",
        }
    }
    /// Blocks that carry the article's own prose (what later stages read).
    pub fn is_body(self) -> bool {
        matches!(
            self,
            BlockKind::Title | BlockKind::Teaser | BlockKind::Subheading | BlockKind::Paragraph
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

/// The parsed credit line: agencies, authors and editors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub agencies: Vec<String>,
    pub authors: Vec<String>,
    pub editors: Vec<String>,
    /// A dateline place such as "KUALA LUMPUR" in "KUALA LUMPUR (dpa-AFX) -".
    pub dateline: Option<String>,
}

impl Credit {
    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
            && self.authors.is_empty()
            && self.editors.is_empty()
            && self.dateline.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the block this sentence lies in.
    pub block: usize,
}

/// Entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    PER,
    ORG,
    LOC,
    MISC,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One real-world entity in the article with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `e1`, `e2`, … unique within the article.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The canonical name (longest full form, genitive removed).
    pub name: String,
    /// Titles/roles seen next to the name ("US-Außenminister", "Kremlchef").
    pub roles: Vec<String>,
    pub mentions: Vec<Mention>,
    /// Index into [`Analysis::places`] when this entity was geocoded.
    pub place: Option<usize>,
    /// A person's party, club or other affiliation, written in brackets
    /// after the name ("Olaf Scholz (SPD)" → `SPD`); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

/// A word or phrase that names no one but takes up an entity named elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorefMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `pronoun` ("er", "she") or `nominal` ("der Minister", "die Gewerkschaft").
    pub kind: String,
    /// The id of the entity it refers to.
    pub entity: String,
}

/// An adjective or compound that points to a country or place ("russische", "US-Präsident").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 3166-1 alpha-2 (`EU` for the European Union); `null` for a region
    /// across countries ("südostasiatischen").
    pub country: Option<String>,
    /// The region or sub-national unit the form points to ("Südostasien",
    /// "Bayern"); `null` when it points to a country.
    #[serde(default)]
    pub region: Option<String>,
    /// Every country the form points to: `[country]` when there is one, the
    /// region's member countries otherwise ("südostasiatischen" → BN, KH, ID, …).
    #[serde(default)]
    pub countries: Vec<String>,
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The entity id this place resolves, when it came from an entity.
    pub entity: Option<String>,
    pub name: String,
    pub geonameid: Option<u64>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `country`, `admin`, `city`, `region`, `continent`.
    pub kind: String,
    /// How exactly the place stands for the mention: `place` (the gazetteer
    /// holds it), `city` (a street, site or building in that town), `country`
    /// (only the country is known). `null` in output written before it existed.
    #[serde(default)]
    pub precision: Option<String>,
}

/// TIMEX3-style time expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `DATE`, `TIME`, `DURATION`, `SET`.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value (`2025-07-08`, `2025-07`, `2025-W28`, `P5M`, `PRESENT_REF`); `null` when it
    /// cannot be resolved (e.g. a relative expression and no publication date).
    pub value: Option<String>,
    /// TIMEX3 `mod`: `APPROX`, `START`, `MID`, `END`, `MORE_THAN`, `LESS_THAN`, …
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
}

/// A direct or reported quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// `direct` or `indirect`.
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Entity id of the speaker, else the speaker text, else `null`.
    pub speaker: Option<String>,
    /// The speech cue ("sagte", "laut", "zufolge", ":").
    pub cue: Option<String>,
}

/// Who did what to whom, where and when (PLOVER type with the closest CAMEO code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `v1`, `v2`, … unique within the article.
    pub id: String,
    /// PLOVER 2.0 event type (`CONSULT`, `ACCUSE`, `ASSAULT`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode where the manual defines one for the code (`phone`, `arrest`, …).
    pub mode: Option<String>,
    /// The closest CAMEO code, as a string (`"040"`, `"1823"`).
    pub cameo: String,
    /// CAMEO QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein score of the CAMEO code (−10 … +10).
    pub goldstein: f32,
    /// Who acts; for a `symmetric` event (a meeting) every participant.
    pub source: Vec<Actor>,
    /// Whom the act is aimed at.
    pub target: Vec<Actor>,
    /// All participants act alike (meetings, talks); they are all in `source`.
    pub symmetric: bool,
    pub place: Option<EventPlace>,
    /// `YYYY-MM-DD` (or a coarser TIMEX3 value) when the event happened.
    pub date: Option<String>,
    /// Where `date` comes from: `text` (the sentence's time expression) or
    /// `published` (the publication date); `null` when there is no date.
    pub date_basis: Option<String>,
    /// The act is denied or refused ("lehnte ein Treffen ab", "did not meet").
    pub negated: bool,
    /// Announced, planned, threatened, conditional or demanded, not (yet) done.
    pub hypothetical: bool,
    /// Every sentence that reports the event (repeats merged), first mention first.
    pub evidence: Vec<Evidence>,
    /// The trigger words (verb, separated particle, noun), code points.
    pub trigger: Vec<Span>,
    /// Index into [`Analysis::sentences`] of the first evidence sentence.
    pub sentence: usize,
    pub confidence: f32,
    /// Tone of the evidence sentences.
    #[serde(default)]
    pub tone: Option<Tone>,
}

/// An event's actor: a named entity, or an agent ("die Polizei") with its sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Entity id, when the actor is a named entity.
    pub entity: Option<String>,
    /// The entity's canonical name, or the agent's words.
    pub name: String,
    /// ISO 3166-1 alpha-2 (`EU` for the European Union) when known.
    pub country: Option<String>,
    /// Phoenix agent sector code (`GOV`, `MIL`, `COP`, `JUD`, `OPP`, …) for agents.
    pub agent: Option<String>,
}

/// Where an event happened: a geocoded place entity of its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    pub entity: Option<String>,
    pub name: String,
    pub country: Option<String>,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A sentence that reports an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// GDELT-style tone of a text (crates/depesche/src/tone, docs/tone.md): the
/// share of positive and negative words from the language's polarity
/// lexicon, as percentages of all words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    /// `positive − negative`: below zero the text reads negative.
    pub tone: f32,
    /// Percent of words that are positive (after negation).
    pub positive: f32,
    /// Percent of words that are negative (after negation).
    pub negative: f32,
    /// `positive + negative`: how emotionally charged the text is.
    pub polarity: f32,
    /// Percent of words that are first-person pronouns (GDELT's self/group reference).
    pub self_reference: f32,
    /// Words counted (tokens with a letter).
    pub words: u32,
}
