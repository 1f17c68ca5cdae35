//! Places on the map: geocode LOC entities with a compiled GeoNames
//! gazetteer, find adjectives and compounds that point to a country
//! ("russischen", "US-Präsident", "Ukraine-Kriegs"), and pick the article's
//! focus country. See `docs/geo.md`.
//!
//! Resources: `models/geo/gazetteer.bin`, built by `depesche build gazetteer`
//! and embedded in the binary; reading it costs microseconds (no parsing).

#[cfg(feature = "train")]
pub mod build;
mod derived;
pub mod fallback;
pub mod fold;
pub mod format;
mod recall;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::hashing::FastBuild;
use crate::lang::Lang;
use crate::langdata::LangData;
use crate::schema::{Analysis, EntityType, Place, Span};
use crate::text::TextIndex;

use fallback::Precision;
pub use format::Kind;
use format::{Table, FLAG_CAPITAL, PRIMARY};

/// The committed gazetteer. Empty until `depesche build gazetteer` has run once;
/// an empty or corrupt file leaves the geocoder with no places rather than failing.
static EMBEDDED: &[u8] = include_bytes!("../../../../models/geo/gazetteer.bin");

/// The compiled place-name table.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    table: Table,
    /// Country place per ISO code, found once at load (a scan of the place table).
    countries: HashMap<[u8; 2], usize>,
    /// Adjective forms in a hash map: they are looked up for every word of
    /// every article, where a binary search over the table was the hot spot.
    adjectives: HashMap<String, usize, FastBuild>,
    /// Which lowercase first-two-byte pairs start an adjective form (64 Ki
    /// flags): most words are rejected before any lowercasing or hashing.
    adjective_starts: Vec<bool>,
    /// Which folded names the table may hold: most look-ups of words from
    /// the text miss, and a miss then costs two bit tests instead of a
    /// binary search over 400k keys.
    keys: Arc<KeyFilter>,
}

/// A Bloom filter over the table's folded name keys (2 bits per key in
/// 4 Mi bits: about 3 % false positives, which the binary search settles).
#[derive(Debug)]
struct KeyFilter {
    bits: Vec<u64>,
    /// Hashes of the keys that name a country, state or region by its own
    /// name (a few thousand): what a word must be to count as a place
    /// wherever it stands.
    areas: std::collections::HashSet<u64, FastBuild>,
    /// Hashes of the keys that name a national capital (its own name or an
    /// alternate one: "Kiew", "Warschau").
    capitals: std::collections::HashSet<u64, FastBuild>,
}

impl KeyFilter {
    const BITS: usize = 1 << 22;

    fn build(table: &Table) -> KeyFilter {
        let mut bits = vec![0u64; Self::BITS / 64];
        let mut areas = std::collections::HashSet::default();
        let mut capitals = std::collections::HashSet::default();
        for i in 0..table.n_keys() {
            let key = table.key(i);
            for b in Self::positions(key) {
                bits[b / 64] |= 1 << (b % 64);
            }
            let area = table.postings_at(i).any(|p| {
                p & PRIMARY != 0
                    && matches!(
                        table.kind((p & !PRIMARY) as usize),
                        Kind::Country | Kind::Admin | Kind::Region
                    )
            });
            if area {
                areas.insert(Self::hash(key));
            }
            let capital = table
                .postings_at(i)
                .any(|p| table.flags((p & !PRIMARY) as usize) & FLAG_CAPITAL != 0);
            if capital {
                capitals.insert(Self::hash(key));
            }
        }
        KeyFilter {
            bits,
            areas,
            capitals,
        }
    }

    fn hash(key: &[u8]) -> u64 {
        let mut h = std::hash::BuildHasher::build_hasher(&FastBuild::default());
        std::hash::Hasher::write(&mut h, key);
        std::hash::Hasher::finish(&h)
    }

    fn positions(key: &[u8]) -> [usize; 2] {
        // Two positions from one hash: one round of a finaliser mixes the high bits.
        let mut h = Self::hash(key);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        let mask = Self::BITS as u64 - 1;
        [(h & mask) as usize, ((h >> 32) & mask) as usize]
    }

    fn may_hold(&self, key: &[u8]) -> bool {
        Self::positions(key)
            .iter()
            .all(|&b| self.bits[b / 64] & (1 << (b % 64)) != 0)
    }
}

/// The embedded table, checked once per process.
static EMBEDDED_TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

/// The embedded table's key filter, built once per process.
static EMBEDDED_KEYS: std::sync::OnceLock<Arc<KeyFilter>> = std::sync::OnceLock::new();

/// One candidate place for a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the place in the gazetteer ([`Gazetteer::place`]).
    pub index: usize,
    /// The name is the place's own name (not one of its many alternates).
    pub primary: bool,
}

/// A place record read from the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInfo<'a> {
    pub index: usize,
    /// `None` for hand-written regions (no GeoNames id).
    pub geonameid: Option<u64>,
    pub name: &'a str,
    /// ISO 3166-1 alpha-2 (or `EU`); `None` for places across countries.
    pub country: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u32,
    pub kind: Kind,
    pub capital: bool,
}

/// The geocoder's cue words (`resources/<lang>/geo.txt`). It reads the words
/// around a mention before it weighs the article's language, so the lists of
/// German and English are read together.
struct CueWords {
    /// Words that, just before a name, say it is a capital.
    capital: Vec<String>,
    /// Words that, just before (or after) a name, say it is a state/province.
    admin: Vec<String>,
    /// Words that, just before a name, say it is a town.
    city: Vec<String>,
    /// Compass prefixes of region names, longest first.
    compass: Vec<String>,
    /// Leading words a mention may carry that are not part of the name.
    articles: Vec<String>,
    /// Words that join a second place, with spaces around (" und ").
    conjunctions: Vec<String>,
    /// Prepositions before a river in a place's name, with a space after ("an der ").
    river_prepositions: Vec<String>,
    /// Short forms of states that name the state on their own ("NÖ" →
    /// "Niederösterreich"), as written, final dot left out.
    state_abbreviations: HashMap<String, String>,
    /// Codes of states that name the state only right after a place or the
    /// word for the unit ("Bülach (ZH)", "Palm Beach, Fla.", "Kanton BE").
    state_codes: HashMap<String, String>,
    /// Country names German text uses only inside names ("Bank Austria",
    /// "Made in Germany"; the country is "Österreich"): `[foreign_country_names]`
    /// of `de/ner_news.txt`, which the tagger's convention reads too.
    foreign_country_names: Vec<String>,
}

impl CueWords {
    /// The gazetteer name of a state's short form that stands on its own ("NÖ", "Stmk.").
    fn state_abbreviation(&self, form: &str) -> Option<&str> {
        let form = form.trim();
        let form = form.strip_suffix('.').unwrap_or(form);
        self.state_abbreviations.get(form).map(String::as_str)
    }

    /// The gazetteer name of a state's code or short form, for a form read
    /// where news qualifies a place with its state ("(ZH)", ", Fla.").
    fn state_code(&self, form: &str) -> Option<&str> {
        let form = form.trim();
        let form = form.strip_suffix('.').unwrap_or(form);
        self.state_codes
            .get(form)
            .or_else(|| self.state_abbreviations.get(form))
            .map(String::as_str)
    }
}

/// Whether a word is a short form of a state that names it on its own ("NÖ", "Stmk.").
pub(crate) fn is_state_abbreviation(form: &str) -> bool {
    cue_words().state_abbreviation(form).is_some()
}

/// Whether German text uses this country name only inside names ("Austria").
pub(crate) fn is_foreign_country_name(form: &str) -> bool {
    cue_words().foreign_country_names.iter().any(|w| w == form)
}

fn cue_words() -> &'static CueWords {
    static WORDS: OnceLock<CueWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let list = |section: &str| -> Vec<String> {
            [Lang::De, Lang::En]
                .iter()
                .flat_map(|&l| LangData::get(l).words("geo", section))
                .map(str::to_string)
                .collect()
        };
        // "FORM = Name" lines.
        let pairs = |section: &str| -> HashMap<String, String> {
            [Lang::De, Lang::En]
                .iter()
                .flat_map(|&l| LangData::get(l).lines("geo", section))
                .filter_map(|l| l.split_once('='))
                .map(|(f, n)| {
                    let f = f.trim();
                    (
                        f.strip_suffix('.').unwrap_or(f).to_string(),
                        n.trim().to_string(),
                    )
                })
                .filter(|(f, n)| !f.is_empty() && !n.is_empty())
                .collect()
        };
        CueWords {
            capital: list("capital_cues"),
            admin: list("admin_cues"),
            city: list("city_cues"),
            compass: list("compass_prefixes"),
            articles: list("leading_articles"),
            conjunctions: [Lang::De, Lang::En]
                .iter()
                .map(|&l| LangData::get(l))
                .chain([LangData::common()])
                .flat_map(|d| d.words("geo", "conjunctions"))
                .map(|c| format!(" {c} "))
                .collect(),
            river_prepositions: [Lang::De, Lang::En]
                .iter()
                .flat_map(|&l| LangData::get(l).lines("geo", "river_prepositions"))
                .map(|p| format!("{p} "))
                .collect(),
            state_abbreviations: pairs("state_abbreviations"),
            state_codes: pairs("state_codes"),
            foreign_country_names: LangData::get(Lang::De)
                .words("ner_news", "foreign_country_names")
                .map(str::to_string)
                .collect(),
        }
    })
}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn embedded() -> Gazetteer {
        let table = EMBEDDED_TABLE
            .get_or_init(|| {
                Table::parse(Cow::Borrowed(EMBEDDED)).unwrap_or_else(|_| Table::empty())
            })
            .clone();
        let keys = EMBEDDED_KEYS
            .get_or_init(|| Arc::new(KeyFilter::build(&table)))
            .clone();
        Gazetteer::from_table(table, keys)
    }

    /// A gazetteer from bytes (e.g. a freshly built file).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Gazetteer, format::FormatError> {
        let table = Table::parse(Cow::Owned(bytes))?;
        let keys = Arc::new(KeyFilter::build(&table));
        Ok(Gazetteer::from_table(table, keys))
    }

    fn from_table(table: Table, keys: Arc<KeyFilter>) -> Gazetteer {
        let mut countries = HashMap::new();
        for i in 0..table.n_places() {
            if table.kind(i) == Kind::Country {
                if let [a, b] = table.country(i).as_bytes() {
                    countries.insert([*a, *b], i);
                }
            }
        }
        let mut adjectives =
            HashMap::with_capacity_and_hasher(table.n_adjectives(), FastBuild::default());
        adjectives.extend(table.adjectives().map(|(f, i)| (f.to_string(), i)));
        let mut adjective_starts = vec![false; 1 << 16];
        for form in adjectives.keys() {
            let b = form.as_bytes();
            adjective_starts[(b[0] as usize) << 8 | b[1] as usize] = true;
        }
        Gazetteer {
            table,
            countries,
            adjectives,
            adjective_starts,
            keys,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.table.n_places() == 0
    }
    pub fn size_bytes(&self) -> usize {
        self.table.size_bytes()
    }
    pub fn n_places(&self) -> usize {
        self.table.n_places()
    }
    pub fn n_keys(&self) -> usize {
        self.table.n_keys()
    }
    pub fn n_adjectives(&self) -> usize {
        self.table.n_adjectives()
    }

    pub fn place(&self, index: usize) -> PlaceInfo<'_> {
        let t = &self.table;
        let cc = t.country(index);
        let (lat, lon) = (t.lat(index), t.lon(index));
        let coord = |v: f32| {
            if v.is_finite() {
                Some((v as f64 * 1e5).round() / 1e5)
            } else {
                None
            }
        };
        PlaceInfo {
            index,
            geonameid: match t.geonameid(index) {
                0 => None,
                id => Some(id as u64),
            },
            name: t.name(index),
            country: if cc.is_empty() { None } else { Some(cc) },
            lat: coord(lat),
            lon: coord(lon),
            population: t.population(index),
            kind: t.kind(index),
            capital: t.flags(index) & FLAG_CAPITAL != 0,
        }
    }

    /// Candidates for exactly this name (folded: case, diacritics and
    /// punctuation do not matter).
    /// Whether `name` may name a country, state or region by its own name
    /// (no false negatives; a rare false positive is settled by a look-up).
    pub fn may_name_area(&self, name: &str) -> bool {
        fold::with_folded(name, |key| {
            self.keys.areas.contains(&KeyFilter::hash(key.as_bytes()))
        })
    }

    /// Whether `name` may name an area or a national capital (as
    /// [`Self::may_name_area`]; one fold and one hash for both).
    pub fn may_name_area_or_capital(&self, name: &str) -> bool {
        fold::with_folded(name, |key| {
            let h = KeyFilter::hash(key.as_bytes());
            self.keys.areas.contains(&h) || self.keys.capitals.contains(&h)
        })
    }

    pub fn lookup_exact(&self, name: &str) -> Vec<Candidate> {
        let mut found: Vec<Candidate> = fold::with_folded(name, |key| {
            if !self.keys.may_hold(key.as_bytes()) {
                return Vec::new();
            }
            self.table
                .postings(key)
                .map(|p| Candidate {
                    index: (p & !PRIMARY) as usize,
                    primary: p & PRIMARY != 0,
                })
                .collect()
        });
        // "NÖ", "OÖ" (Austrian states): a short name written with a letter the
        // key folds away names no place spelled without it (they had matched
        // "No" in Ghana and "Oo" in Indonesia).
        if !found.is_empty() && name.len() <= 8 && !name.is_ascii() {
            let marked: Vec<char> = name
                .chars()
                .filter(|c| c.is_alphabetic() && !c.is_ascii())
                .flat_map(char::to_lowercase)
                .collect();
            if !marked.is_empty() && name.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
                found.retain(|c| {
                    let place = self.place(c.index).name.to_lowercase();
                    marked.iter().all(|m| place.contains(*m))
                });
            }
        }
        found
    }

    /// Candidates for a name as it appears in text: a leading article is
    /// dropped ("den USA"), and when the form itself is unknown the German or
    /// English genitive is removed ("Moskaus", "Russia's").
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        let mut name = name.trim();
        if let Some((first, rest)) = name.split_once(' ') {
            if cue_words().articles.contains(&first.to_lowercase()) && !rest.trim().is_empty() {
                name = rest.trim();
            }
        }
        // "NÖ", "Stmk.": a state's short form.
        if let Some(full) = cue_words().state_abbreviation(name) {
            let found = self.lookup_exact(full);
            if !found.is_empty() {
                return found;
            }
        }
        let found = self.lookup_exact(name);
        if !found.is_empty() {
            return found;
        }
        for suffix in ["’s", "'s", "’", "'", "s", "es"] {
            if let Some(stem) = name.strip_suffix(suffix) {
                if stem.chars().count() >= 3 {
                    let found = self.lookup_exact(stem);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
        }
        // German dative plural: "den Niederlanden" (die Niederlande).
        if let Some(stem) = name
            .strip_suffix('n')
            .filter(|s| s.ends_with('e') && s.chars().count() >= 5)
        {
            let found: Vec<Candidate> = self
                .lookup_exact(stem)
                .into_iter()
                .filter(|c| {
                    c.primary
                        && matches!(
                            self.place(c.index).kind,
                            Kind::Country | Kind::Admin | Kind::Region
                        )
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        self.lookup_compass(name)
    }

    /// "Ostukraine", "Nordsyrien", "Süd-Libanon", "Norditaliens": part of a
    /// country or state, resolved to that country or state.
    fn lookup_compass(&self, name: &str) -> Vec<Candidate> {
        for prefix in &cue_words().compass {
            let Some(rest) = name.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let rest = rest.trim_start_matches('-');
            let mut chars = rest.chars();
            let Some(first) = chars.next() else { continue };
            if rest.chars().count() < 3 {
                continue;
            }
            let hyphen = name.len() > prefix.len() + rest.len();
            let rest: String = first.to_uppercase().chain(chars).collect();
            // "West-Berlin", "Ost-Jerusalem": with the hyphen, a city's half
            // (by the city's own name) is the city.
            let keep = |c: &Candidate| match self.table.kind(c.index) {
                Kind::Country | Kind::Admin => true,
                Kind::City => hyphen && c.primary,
                _ => false,
            };
            let mut found: Vec<Candidate> =
                self.lookup_exact(&rest).into_iter().filter(keep).collect();
            if found.is_empty() {
                if let Some(stem) = rest.strip_suffix('s') {
                    found = self.lookup_exact(stem).into_iter().filter(keep).collect();
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// ISO codes of the countries a region or continent covers (comma-separated; `""` if none).
    pub fn members(&self, index: usize) -> &str {
        self.table.members(index)
    }

    /// Quick test before [`Gazetteer::adjective`]: false when no adjective
    /// form starts like `word` (case-insensitively). Non-ASCII starts pass.
    pub(crate) fn may_be_adjective(&self, word: &str) -> bool {
        match word.as_bytes() {
            [a, b, ..] if a.is_ascii() && b.is_ascii() => {
                self.adjective_starts
                    [(a.to_ascii_lowercase() as usize) << 8 | b.to_ascii_lowercase() as usize]
            }
            [_, _, ..] => true,
            _ => false,
        }
    }

    /// The place an adjective or demonym form points to ("russischen" → Russia).
    pub fn adjective(&self, word_lowercase: &str) -> Option<usize> {
        self.adjectives.get(word_lowercase).copied()
    }

    /// The country place of an ISO code.
    pub fn country_place(&self, code: &str) -> Option<usize> {
        match code.as_bytes() {
            [a, b] => self.countries.get(&[*a, *b]).copied(),
            _ => None,
        }
    }
}

/// Great-circle distance in km.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().clamp(0.0, 1.0).asin()
}

/// The country of a news site by its web address, when its top-level domain
/// is the code of one of `home` ("https://www.example.at/…" → AT; ".uk" is GB).
fn outlet_country(url: &str, home: &[&str]) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    if tld.len() != 2 || tld == host {
        return None;
    }
    let code = match tld.to_ascii_uppercase().as_str() {
        "UK" => "GB".to_string(),
        c => c.to_string(),
    };
    home.contains(&code.as_str()).then_some(code)
}

/// Score bonus of a town in a country whose towns the article's language
/// names most ("Gießen" in German news is the German town, not the Dutch
/// village of that name near the article's other places).
const HOME_TOWN_BONUS: f32 = 1.5;

/// Score bonus of a town in the region the article's language covers most
/// after its home countries ("Valencia" in German news is the Spanish city,
/// not the larger one in Venezuela): about half a town twice the size.
const REGION_TOWN_BONUS: f32 = 0.7;

/// What stands between two items of a list of names: a comma, a semicolon,
/// a conjunction (", and" too).
fn list_separator(between: &str) -> bool {
    let b = between.trim();
    let b = b.strip_prefix(',').map_or(b, str::trim_start);
    b.is_empty() || b == ";" || cue_words().conjunctions.iter().any(|c| c.trim() == b)
}

/// A city this big may be named by a short form in capitals among its
/// alternate names ("DC", "NYC", "LA"); smaller towns' are airport codes.
const ACRONYM_CITY_POPULATION: u32 = 500_000;

/// A name written as an acronym: two to four capital letters, dots allowed
/// ("ORF", "U.S."), nothing else.
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=4).contains(&letters)
        && name
            .chars()
            .all(|c| c == '.' || (c.is_alphabetic() && c.is_uppercase()))
}

/// For a town within 150 km of the centroid of the state named right after it
/// ("Springfield, Ill."; half within 300 km): more than the gap between two
/// towns of one name where one is three times the size of the other.
const STATE_NEAR_BONUS: f32 = 6.0;

/// The name without a leading article ("den USA" → "USA").
fn strip_article(name: &str) -> &str {
    let name = name.trim();
    match name.split_once(' ') {
        Some((first, rest))
            if cue_words().articles.contains(&first.to_lowercase()) && !rest.trim().is_empty() =>
        {
            rest.trim()
        }
        _ => name,
    }
}

/// What the words around one mention say.
#[derive(Debug, Default, Clone)]
struct Cues {
    capital: bool,
    admin: bool,
    city: bool,
    /// Countries named right beside the mention ("malaysischen Hauptstadt X",
    /// "Paris, Texas").
    countries: Vec<String>,
    /// Places the mention plus its qualifier names exactly ("Frankfurt (Oder)",
    /// "Frankfurt an der Oder").
    exact: Vec<usize>,
    /// Where the state named right after the mention lies ("Springfield,
    /// Ill.", "Wil (SG)"): a town of the name near it is the one meant.
    within: Vec<(f64, f64)>,
}

/// The geocoding stage.
#[derive(Debug, Clone)]
pub struct Geocoder {
    gaz: Gazetteer,
    /// Folded landmark name → the town it stands in.
    landmarks: HashMap<String, usize>,
    /// Folded landmark names that stand for a body sitting there ("Bundestag").
    landmark_bodies: std::collections::HashSet<String>,
    /// First words of landmark names as written, and in lowercase.
    landmark_first_words: std::collections::HashSet<String, FastBuild>,
    /// Fallback word lists: German, English, both (other languages).
    lists: [fallback::Lists; 3],
}

impl Default for Geocoder {
    fn default() -> Self {
        Geocoder::new()
    }
}

/// Country evidence in one article.
#[derive(Debug, Default, Clone)]
struct Evidence {
    weight: HashMap<String, f32>,
    total: f32,
    /// First position each country was seen (ties for the focus go to the earlier).
    first: HashMap<String, usize>,
    /// Towns and states placed with confidence: (entity, lat, lon). A town
    /// near one of them is the likelier reading of an ambiguous name.
    anchors: Vec<(usize, f64, f64)>,
    /// Countries whose towns the article's language names most (DE, AT, CH
    /// for German): a town there is the likelier of two of one name.
    home: Vec<String>,
    /// Countries of the region the language's news covers most after them
    /// (Europe for German): a town there beats one elsewhere of about its size.
    region: Vec<String>,
}

impl Evidence {
    fn add(&mut self, cc: &str, w: f32, at: usize) {
        *self.weight.entry(cc.to_string()).or_default() += w;
        self.total += w;
        let f = self.first.entry(cc.to_string()).or_insert(at);
        *f = (*f).min(at);
    }
    /// Share of `cc` among the evidence, leaving out the entity's own part.
    fn share(&self, cc: &str, own: Option<(&str, f32)>) -> f32 {
        let mut w = self.weight.get(cc).copied().unwrap_or(0.0);
        let mut total = self.total;
        if let Some((oc, ow)) = own {
            total -= ow;
            if oc == cc {
                w -= ow;
            }
        }
        if total <= 0.0 {
            0.0
        } else {
            (w / total).clamp(0.0, 1.0)
        }
    }
    /// Bonus for a town near the article's other places (its own entity left out).
    fn nearby(&self, p: &PlaceInfo, entity: Option<usize>) -> f32 {
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            return 0.0;
        };
        let d = self
            .anchors
            .iter()
            .filter(|a| Some(a.0) != entity)
            .map(|a| km(lat, lon, a.1, a.2))
            .fold(f64::INFINITY, f64::min);
        if d <= 50.0 {
            4.0
        } else if d <= 150.0 {
            2.5
        } else {
            0.0
        }
    }
    fn focus(&self) -> Option<String> {
        self.weight
            .iter()
            .filter(|(_, w)| **w > 0.0)
            .max_by(|a, b| {
                a.1.partial_cmp(b.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| self.first[b.0].cmp(&self.first[a.0]))
            })
            .map(|(c, _)| c.clone())
    }
}

impl Geocoder {
    /// The geocoder over the embedded gazetteer.
    pub fn new() -> Geocoder {
        Geocoder::with_gazetteer(Gazetteer::embedded())
    }

    pub fn with_gazetteer(gaz: Gazetteer) -> Geocoder {
        // Each landmark's town: the largest place of that name in its country.
        let mut landmarks = HashMap::new();
        let mut landmark_bodies = std::collections::HashSet::new();
        let mut landmark_first_words = std::collections::HashSet::default();
        for l in fallback::landmarks() {
            for w in &l.first_words {
                landmark_first_words.insert(w.to_lowercase());
                landmark_first_words.insert(w.clone());
            }
            if l.body {
                landmark_bodies.extend(l.names.iter().cloned());
            }
            let town = gaz
                .lookup_exact(&l.town)
                .into_iter()
                .map(|c| gaz.place(c.index))
                .filter(|p| p.kind == Kind::City && p.country == Some(l.country.as_str()))
                .max_by_key(|p| p.population)
                .map(|p| p.index);
            if let Some(town) = town {
                for n in l.names {
                    landmarks.insert(n, town);
                }
            }
        }
        Geocoder {
            gaz,
            landmarks,
            landmark_bodies,
            landmark_first_words,
            lists: [
                fallback::Lists::for_lang("de"),
                fallback::Lists::for_lang("en"),
                fallback::Lists::for_lang(""),
            ],
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// A landmark of `landmarks.tsv` that is a place (not a body sitting
    /// there) by this name, a leading article aside.
    fn is_place_landmark(&self, name: &str) -> bool {
        let name = strip_article(name);
        let first = name.split_whitespace().next().unwrap_or("");
        if !self.landmark_first_words.contains(first) {
            return false;
        }
        let key = fold::fold(name);
        self.landmarks.contains_key(&key) && !self.landmark_bodies.contains(&key)
    }

    /// Resolve LOC entities to places (`a.places`, `entity.place`), fill
    /// `a.derived` and `a.focus_country`.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        self.annotate_with(a, ix, None);
    }

    /// [`Geocoder::annotate`], with the tagger's common-noun lexicon for the
    /// article's language, which keeps nouns from being read as places the
    /// tagger missed ("in Kraft").
    pub(crate) fn annotate_with(
        &self,
        a: &mut Analysis,
        ix: &TextIndex,
        nouns: Option<&crate::ner::resources::Resources>,
    ) {
        if self.gaz.is_empty() {
            return;
        }
        // Prose blocks only (no navigation furniture); the whole text when
        // no structure was given.
        let mut ranges: Vec<Span> = a
            .blocks
            .iter()
            .filter(|b| b.kind.is_body() || b.kind == crate::schema::BlockKind::Caption)
            .filter(|b| b.start <= b.end && b.end <= ix.len_chars())
            .map(|b| Span::new(b.start, b.end))
            .collect();
        if ranges.is_empty() {
            ranges.push(Span::new(0, ix.len_chars()));
        }
        let lists = match a.lang.as_str() {
            "de" => &self.lists[0],
            "en" => &self.lists[1],
            _ => &self.lists[2],
        };
        recall::retype_names_of_places(self, a, ix, lists, nouns);
        recall::retype_persons_named_as_places(a, &self.gaz);
        recall::add_missed_places(a, ix, self, lists, nouns, &ranges);
        let text = a.text.as_str();
        // Words inside person names are never derived forms ("Peter Deutsch");
        // words inside place names are places, not derived forms ("Schweden").
        let skip: Vec<Span> = a
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityType::PER | EntityType::LOC))
            .flat_map(|e| e.mentions.iter())
            .filter(|m| m.start <= m.end)
            .map(|m| Span::new(m.start, m.end))
            .collect();
        // A town or country adjective that begins an organisation's name is part
        // of the name ("Bremer Landgericht", "Deutsche Bank"): the organisation,
        // not the word, tells where it is. Compounds inside a name still count
        // ("US-Regierung").
        let names: Vec<Span> = a
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityType::ORG))
            .flat_map(|e| e.mentions.iter())
            .filter(|m| m.start <= m.end)
            .map(|m| Span::new(m.start, m.end))
            .collect();
        // Towns the article names as places: their adjectives count at any size.
        let places_named: derived::WordSet = a
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::LOC)
            .flat_map(|e| std::iter::once(&e.name).chain(e.mentions.iter().map(|m| &m.text)))
            .map(|n| n.to_lowercase())
            .collect();
        let derived = derived::scan(
            &self.gaz,
            text,
            ix,
            &ranges,
            (&skip, &names),
            lists,
            &places_named,
        );

        // Candidates and cues per LOC entity.
        struct Loc {
            entity: usize,
            cands: Vec<Candidate>,
            cues: Cues,
            mentions: f32,
            first: usize,
        }
        let mut locs = Vec::new();
        // Entities the gazetteer does not hold: a landmark's town, or to be
        // placed by the fallbacks once the article's places are known.
        let mut landmark_of: Vec<(usize, usize)> = Vec::new();
        let mut unknown: Vec<usize> = Vec::new();
        for (ei, e) in a.entities.iter().enumerate() {
            if e.kind != EntityType::LOC {
                continue;
            }
            let landmark = std::iter::once(e.name.as_str())
                .chain(
                    e.mentions
                        .iter()
                        .filter(|m| m.start <= m.end && m.end <= ix.len_chars())
                        .map(|m| ix.slice(text, Span::new(m.start, m.end))),
                )
                .find_map(|n| self.landmarks.get(&fold::fold(strip_article(n))));
            if let Some(&town) = landmark {
                landmark_of.push((ei, town));
                continue;
            }
            let mut cands: Vec<Candidate> = Vec::new();
            let mut add = |found: Vec<Candidate>| {
                for c in found {
                    match cands.iter_mut().find(|x| x.index == c.index) {
                        Some(x) => x.primary |= c.primary,
                        None => cands.push(c),
                    }
                }
            };
            let mut cues = Cues::default();
            let valid = |m: &&crate::schema::Mention| m.start <= m.end && m.end <= ix.len_chars();
            // "Mistelbach (NÖ)", "Bülach (ZH)": a state in brackets right after
            // another mention qualifies it (the tagger may join it to the
            // place as its short name); it names no candidate.
            let qualifier = |m: &crate::schema::Mention| {
                text[..ix.byte(m.start)].trim_end().ends_with('(')
                    && e.mentions.iter().filter(valid).any(|o| {
                        o.end <= m.start && text[ix.byte(o.end)..ix.byte(m.start)].trim() == "("
                    })
            };
            if !e
                .mentions
                .iter()
                .filter(valid)
                .any(|m| m.text == e.name && qualifier(m))
            {
                add(self.gaz.lookup(&e.name));
            }
            for m in e.mentions.iter().filter(valid) {
                if qualifier(m) {
                    continue;
                }
                let surface = ix.slice(text, Span::new(m.start, m.end));
                if surface != e.name {
                    add(self.gaz.lookup(surface));
                }
                // "im Kanton Zürich", "des Kantons BE", "im Bundesland Wien":
                // the unit named with the word before the mention.
                let word_before = text[..ix.byte(m.start)]
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                if !word_before.is_empty()
                    && lists
                        .strip_admin_prefix(&format!("{word_before} {surface}"))
                        .is_some()
                {
                    let unit = |c: &Candidate| {
                        matches!(self.gaz.place(c.index).kind, Kind::Admin | Kind::Region)
                    };
                    let mut found: Vec<Candidate> = self
                        .gaz
                        .lookup_exact(&format!("{word_before} {surface}"))
                        .into_iter()
                        .filter(unit)
                        .collect();
                    if let Some(full) = cue_words().state_code(surface) {
                        found.extend(self.gaz.lookup_exact(full).into_iter().filter(unit));
                    }
                    add(found);
                }
                self.cues_around(text, ix, Span::new(m.start, m.end), &mut cues);
            }
            // "ORF", "NBC", "DDR": an acronym reaches a town only through the
            // town's own name. Towns carry airport and other codes among their
            // alternate names (ORF is Norfolk's airport, NBC Nizhnekamsk's); a
            // big city's short form ("DC", "NYC") stays unless the code also
            // names a state or country ("NY").
            if is_acronym(&e.name) {
                let area = cands
                    .iter()
                    .any(|c| self.gaz.place(c.index).kind != Kind::City);
                cands.retain(|c| {
                    let p = self.gaz.place(c.index);
                    p.kind != Kind::City
                        || c.primary
                        || (!area && p.population >= ACRONYM_CITY_POPULATION)
                });
            }
            if cands.is_empty() {
                // "Landkreis Harburg", "County of Kent": the unit is named after
                // the name; "Kanton BE": after the state's code.
                if let Some(rest) = lists.strip_admin_prefix(strip_article(&e.name)) {
                    cands = match cue_words().state_code(rest) {
                        Some(full) => self.gaz.lookup_exact(full),
                        None => self.gaz.lookup(rest),
                    };
                }
            }
            if cands.is_empty() {
                // "SIOUX FALLS, S.D.", "Dekalb, Ill.", "Bülach (ZH)" taken as one
                // name: the town, qualified by its state.
                if let Some(i) = e.name.find([',', '(']).filter(|&i| i > 0) {
                    let (countries, within) = self.qualifier_after(&e.name[i..]);
                    if !countries.is_empty() {
                        cands = self.gaz.lookup(e.name[..i].trim_end());
                        cues.countries.extend(countries);
                        cues.within.extend(within);
                    }
                }
            }
            if cands.is_empty() {
                unknown.push(ei);
                continue;
            }
            let first = e.mentions.iter().map(|m| m.start).min().unwrap_or(0);
            locs.push(Loc {
                entity: ei,
                cands,
                cues,
                mentions: e.mentions.len().max(1) as f32,
                first,
            });
        }

        // Pass 1: each entity on its own; confident answers become evidence.
        let mut evidence = Evidence::default();
        for d in &derived {
            if let Some(cc) = &d.country {
                evidence.add(cc, 1.0, d.start);
            }
        }
        let empty = Evidence::default();
        let mut own: Vec<Option<(String, f32)>> = Vec::with_capacity(locs.len());
        let mut states_alone: Vec<bool> = Vec::with_capacity(locs.len());
        for l in &locs {
            let (best, margin) = self.best(&l.cands, &l.cues, &empty, None, None);
            let p = self.gaz.place(best);
            let confident = p.kind != Kind::City || margin >= 2.0;
            states_alone.push(p.kind == Kind::Admin);
            if confident && matches!(p.kind, Kind::City | Kind::Admin) {
                if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                    evidence.anchors.push((l.entity, lat, lon));
                }
            }
            match p.country {
                Some(cc) if confident => {
                    evidence.add(cc, l.mentions, l.first);
                    own.push(Some((cc.to_string(), l.mentions)));
                }
                _ => own.push(None),
            }
        }
        // A name in a list beside a state is a state ("Colorado, Washington,
        // Alaska and Oregon"), as if "state" followed it.
        let mut spans: Vec<(usize, usize, usize)> = locs
            .iter()
            .enumerate()
            .flat_map(|(li, l)| {
                a.entities[l.entity]
                    .mentions
                    .iter()
                    .filter(|m| m.start <= m.end && m.end <= ix.len_chars())
                    .map(move |m| (m.start, m.end, li))
            })
            .collect();
        spans.sort_unstable();
        let mut beside_state = vec![false; locs.len()];
        for w in spans.windows(2) {
            let ((_, end, l1), (start, _, l2)) = (w[0], w[1]);
            if l1 == l2 || end > start || !(states_alone[l1] || states_alone[l2]) {
                continue;
            }
            if list_separator(&text[ix.byte(end)..ix.byte(start)]) {
                beside_state[l1] |= states_alone[l2];
                beside_state[l2] |= states_alone[l1];
            }
        }
        for (l, beside) in locs.iter_mut().zip(beside_state) {
            l.cues.admin |= beside;
        }

        // Countries whose small towns the article's language names without
        // saying where they are.
        let home: Vec<&str> = match a.lang.as_str() {
            "de" => LangData::get(Lang::De),
            "en" => LangData::get(Lang::En),
            _ => LangData::get(Lang::Other),
        }
        .words("geo", "unqualified_town_countries")
        .collect();
        evidence.home = lists.home_countries.clone();
        evidence.region = lists.region_countries.clone();
        // Pass 2: with the article's other places as context.
        let mut final_evidence = Evidence::default();
        for d in &derived {
            if let Some(cc) = &d.country {
                final_evidence.add(cc, 1.0, d.start);
            }
        }
        // Towns placed, with where they are named (for streets and sites).
        let mut towns: Vec<(usize, usize)> = Vec::new();
        for (l, own) in locs.iter().zip(&own) {
            let own = own.as_ref().map(|(c, w)| (c.as_str(), *w));
            let (best, _) = self.best(&l.cands, &l.cues, &evidence, own, Some(l.entity));
            let p = self.gaz.place(best);
            if self.unsupported_alias(&p, &l.cands, &l.cues, &evidence, own, &home) {
                continue;
            }
            if let Some(cc) = p.country {
                final_evidence.add(cc, l.mentions, l.first);
            }
            if p.kind == Kind::City {
                towns.extend(
                    a.entities[l.entity]
                        .mentions
                        .iter()
                        .map(|m| (m.start, best)),
                );
            }
            self.push_place(a, l.entity, best, Precision::Place);
        }
        a.focus_country = final_evidence.focus().filter(|c| c != "EU");
        for (ei, town) in landmark_of {
            self.push_place(a, ei, town, Precision::City);
        }
        self.place_unknown(a, ix, &unknown, &towns, lists, &home);
        a.derived = derived;
    }

    fn push_place(&self, a: &mut Analysis, entity: usize, place: usize, precision: Precision) {
        let p = self.gaz.place(place);
        let e = &mut a.entities[entity];
        e.place = Some(a.places.len());
        a.places.push(Place {
            entity: Some(e.id.clone()),
            name: p.name.to_string(),
            geonameid: p.geonameid,
            country: p.country.map(str::to_string),
            lat: p.lat,
            lon: p.lon,
            kind: p.kind.as_str().to_string(),
            precision: Some(precision.as_str().to_string()),
        });
    }

    /// Places for LOC entities the gazetteer does not hold. A street or site
    /// lies in the town its name is formed from ("Genfer See") or else in the
    /// town named nearest to it in the text; a district named after towns
    /// ("Kreis Lahn-Dill") lies by the first of them; anything else is only
    /// known to be in the article's focus country.
    fn place_unknown(
        &self,
        a: &mut Analysis,
        ix: &TextIndex,
        unknown: &[usize],
        towns: &[(usize, usize)],
        lists: &fallback::Lists,
        home: &[&str],
    ) {
        let text_len = ix.len_chars();
        // With no place in the article to go by, the outlet's country (by
        // its web address) is where an unknown place most likely lies.
        let outlet_code = a.url.as_deref().and_then(|u| outlet_country(u, home));
        let outlet = outlet_code.as_deref();
        for &ei in unknown {
            let e = &a.entities[ei];
            let name = strip_article(&e.name);
            let street_or_site = lists.is_street(name) || lists.is_site(name);
            // "Wien-Simmering": a city's district.
            let mut found: Option<(usize, Precision)> = self.city_district(name);
            if found.is_none() && street_or_site {
                if let Some(stem) = lists.town_adjective_stem(name) {
                    found = self
                        .best_town(&self.gaz.lookup_exact(&stem), 10_000)
                        .map(|t| (t, Precision::City));
                }
                // "Düsseldorf-Arena": a town's name before the site word.
                if found.is_none() && !name.contains(char::is_whitespace) {
                    let mut parts: Vec<&str> = name.split('-').collect();
                    parts.pop();
                    found = self
                        .first_town_of(parts.into_iter(), 10_000)
                        .map(|t| (t, Precision::City));
                }
            } else if found.is_none() && !name.contains(char::is_whitespace) {
                // A district named after its towns ("Lahn-Dill"): by the first
                // one the gazetteer holds by its own name.
                found = self
                    .first_town_of(name.split(['-', '/']), 0)
                    .map(|t| (t, Precision::City));
            }
            // A lake or sea is no part of the town named beside it ("am
            // Baikalsee", "in der Keltischen See"): only a town adjective
            // ("Genfer See") places it.
            if found.is_none() && street_or_site && !lists.is_water(name) {
                // The town named nearest to the mention, before it preferred.
                let at = e
                    .mentions
                    .iter()
                    .map(|m| m.start)
                    .min()
                    .unwrap_or(0)
                    .min(text_len);
                found = towns
                    .iter()
                    .min_by_key(|(pos, _)| if *pos <= at { at - pos } else { 2 * (pos - at) })
                    .map(|&(_, place)| (place, Precision::City));
            }
            if found.is_none() {
                // "X province in Pakistan": the country named right after it.
                found = e
                    .mentions
                    .iter()
                    .filter(|m| m.start <= m.end && m.end <= text_len)
                    .find_map(|m| self.country_right_after(&a.text, ix, m.end, lists))
                    .map(|c| (c, Precision::Country));
            }
            if found.is_none() {
                found = a
                    .focus_country
                    .as_deref()
                    .or(outlet)
                    .and_then(|cc| self.gaz.country_place(cc))
                    .map(|c| (c, Precision::Country));
            }
            if let Some((place, precision)) = found {
                self.push_place(a, ei, place, precision);
            }
        }
    }

    /// "Wien-Simmering", "München-Giesing", "Berlin-Neukölln": a city's
    /// district, named after the city (of 100,000 people or more, by any of
    /// its names). The district when the gazetteer holds it within 25 km of
    /// the city, else the city itself.
    fn city_district(&self, name: &str) -> Option<(usize, Precision)> {
        const CITY: u32 = 100_000;
        const DISTRICT_KM: f64 = 25.0;
        let (city, district) = name.split_once('-')?;
        if district.contains(['-', ' ']) || district.chars().count() < 3 {
            return None;
        }
        let city = self.best_town(&self.gaz.lookup_exact(city), CITY)?;
        let c = self.gaz.place(city);
        let (Some(lat), Some(lon)) = (c.lat, c.lon) else {
            return Some((city, Precision::City));
        };
        let near = self
            .gaz
            .lookup_exact(district)
            .into_iter()
            .filter(|d| d.primary && d.index != city)
            .map(|d| self.gaz.place(d.index))
            .filter(|d| d.kind == Kind::City)
            .filter_map(|d| Some((km(lat, lon, d.lat?, d.lon?), d.index)))
            .filter(|&(d, _)| d <= DISTRICT_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        Some(match near {
            Some((_, district)) => (district, Precision::Place),
            None => (city, Precision::City),
        })
    }

    /// The first of `parts` (of three letters or more) that names a town by
    /// its own name, of at least `min_pop` people: the largest such town.
    fn first_town_of<'p>(
        &self,
        parts: impl Iterator<Item = &'p str>,
        min_pop: u32,
    ) -> Option<usize> {
        parts.filter(|p| p.chars().count() >= 3).find_map(|part| {
            let own: Vec<Candidate> = self
                .gaz
                .lookup_exact(part)
                .into_iter()
                .filter(|c| c.primary)
                .collect();
            self.best_town(&own, min_pop)
        })
    }

    /// The largest town among candidates reached by its own name, of at least `min_pop` people.
    fn best_town(&self, cands: &[Candidate], min_pop: u32) -> Option<usize> {
        cands
            .iter()
            .map(|c| (c, self.gaz.place(c.index)))
            .filter(|(c, p)| {
                p.kind == Kind::City
                    && (c.primary || p.population >= 15_000)
                    && p.population >= min_pop
            })
            .max_by_key(|(_, p)| p.population)
            .map(|(c, _)| c.index)
    }

    /// A small foreign town reached only through one of its alternate names,
    /// with nothing in the article pointing to its country, is more likely a
    /// word the tagger took for a place ("Busse", buses, is an alternate name
    /// of Boussé in Burkina Faso) than a place: it gets no coordinates.
    /// Towns of their own name, capitals, towns with a cue ("die Stadt X",
    /// "im polnischen X"), towns in a country the article mentions and towns
    /// in the countries of the article's language ("St. Pölten" in German
    /// news) keep them.
    fn unsupported_alias(
        &self,
        p: &PlaceInfo,
        cands: &[Candidate],
        cues: &Cues,
        ev: &Evidence,
        own: Option<(&str, f32)>,
        home: &[&str],
    ) -> bool {
        // Below the size at which German news writes a town by its exonym
        // without saying where it is (Venedig, St. Pölten, Bachmut: 50–75k).
        const SMALL_TOWN: u32 = 30_000;
        let primary = cands.iter().any(|c| c.index == p.index && c.primary);
        p.kind == Kind::City
            && !primary
            && !p.capital
            && p.population < SMALL_TOWN
            && !cues.city
            && !cues.capital
            && cues.countries.is_empty()
            && !cues.exact.contains(&p.index)
            && p.country
                .is_some_and(|cc| !home.contains(&cc) && ev.share(cc, own) == 0.0)
    }

    /// The best candidate and its lead over the best candidate in another country.
    fn best(
        &self,
        cands: &[Candidate],
        cues: &Cues,
        ev: &Evidence,
        own: Option<(&str, f32)>,
        entity: Option<usize>,
    ) -> (usize, f32) {
        // A name that is a country's (or region's) own name means the country,
        // not a town that also carries it as an alternate name ("Mexiko",
        // "Luxemburg", "Gaza"), unless the text says it is a town.
        let big_primary = cands.iter().any(|c| {
            c.primary
                && matches!(
                    self.gaz.place(c.index).kind,
                    Kind::Country | Kind::Region | Kind::Continent
                )
        });
        let drop_cities = big_primary && !cues.city && !cues.capital;
        let mut scored: Vec<(f32, usize, Option<&str>)> = cands
            .iter()
            .filter(|c| !(drop_cities && self.gaz.place(c.index).kind == Kind::City))
            .map(|c| {
                let p = self.gaz.place(c.index);
                (
                    self.score(&p, c.primary, cues, ev, own, entity),
                    c.index,
                    p.country,
                )
            })
            .collect();
        if scored.is_empty() {
            scored = cands
                .iter()
                .map(|c| {
                    let p = self.gaz.place(c.index);
                    (
                        self.score(&p, c.primary, cues, ev, own, entity),
                        c.index,
                        p.country,
                    )
                })
                .collect();
        }
        // Highest score; ties go to the lower index (stable, reproducible).
        scored.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.1.cmp(&b.1))
        });
        let (top, idx, cc) = scored[0];
        let runner = scored.iter().skip(1).find(|s| s.2 != cc).map(|s| s.0);
        (idx, runner.map_or(f32::INFINITY, |r| top - r))
    }

    /// Score of one candidate: prominence (population, kind), how the name
    /// matched, local cues and the article's country evidence.
    fn score(
        &self,
        p: &PlaceInfo,
        primary: bool,
        cues: &Cues,
        ev: &Evidence,
        own: Option<(&str, f32)>,
        entity: Option<usize>,
    ) -> f32 {
        let mut s = match p.kind {
            Kind::Country | Kind::Continent => 16.0,
            Kind::Region => 15.0,
            Kind::Admin => 12.0,
            Kind::City => ((p.population as f32) + 1.0).ln(),
        };
        if primary {
            s += 2.0;
        }
        if p.capital {
            // Less through an alternate name: "Philadelphia" is an old name of Amman.
            s += if primary { 6.0 } else { 3.0 };
        }
        if cues.capital && p.capital {
            s += 8.0;
        }
        if cues.admin && p.kind == Kind::Admin {
            s += 15.0;
        }
        if cues.city && p.kind == Kind::City {
            s += 4.0;
        }
        if cues.exact.contains(&p.index) {
            s += 20.0;
        }
        if p.kind == Kind::City {
            s += ev.nearby(p, entity);
            // Near the state named right after the mention ("Springfield, Ill.").
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                let near = cues
                    .within
                    .iter()
                    .map(|&(a, b)| km(lat, lon, a, b))
                    .fold(f64::INFINITY, f64::min);
                s += if near < 150.0 {
                    STATE_NEAR_BONUS
                } else if near < 300.0 {
                    STATE_NEAR_BONUS / 2.0
                } else {
                    0.0
                };
            }
            if p.country.is_some_and(|cc| ev.home.iter().any(|h| h == cc)) {
                s += HOME_TOWN_BONUS;
            } else if p
                .country
                .is_some_and(|cc| ev.region.iter().any(|h| h == cc))
            {
                s += REGION_TOWN_BONUS;
            }
        }
        if let Some(cc) = p.country {
            if cues.countries.iter().any(|c| c == cc) {
                s += 15.0;
            }
            let w = ev.share(cc, own);
            s += w * match p.kind {
                // Weak for towns: a big country holds many towns of one name,
                // and a town near the article's other places says more.
                Kind::City => 2.5,
                Kind::Admin => 8.0,
                // Only ever decides between countries of one name ("Congo").
                Kind::Country => 3.0,
                _ => 0.0,
            };
        }
        s
    }

    /// Read the words right before and after a mention for cues.
    fn cues_around(&self, text: &str, ix: &TextIndex, m: Span, cues: &mut Cues) {
        let before = &text[..ix.byte(m.start)];
        let after = &text[ix.byte(m.end)..];
        // Up to three words before, within the sentence.
        let head: String = before
            .chars()
            .rev()
            .take(60)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let head = head
            .rsplit(['.', '!', '?', ';', ':', '\n'])
            .next()
            .unwrap_or("");
        // A name joined by "and" is a second place, not a qualifier:
        // "Washington and Moscow" says nothing about which Moscow.
        let head = cue_words()
            .conjunctions
            .iter()
            .filter_map(|c| head.rfind(c.as_str()).map(|i| i + c.len()))
            .max()
            .map_or(head, |i| &head[i..]);
        // Words as written, edge punctuation and a possessive 's removed
        // ("Lebanon's second city, Tripoli").
        let words: Vec<&str> = head
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .map(|w| {
                w.strip_suffix("’s")
                    .or_else(|| w.strip_suffix("'s"))
                    .unwrap_or(w)
            })
            .filter(|w| !w.is_empty())
            .collect();
        // A country named before the mention qualifies it only through a word
        // for the kind of place ("Malaysia's capital X", "in der polnischen
        // Stadt X") or right before it ("im polnischen X"): "the U.S. envoy
        // in X" or "russische Diplomaten in X" say nothing about X.
        let mut kind_word_between = false;
        let cue = cue_words();
        for (k, w) in words.iter().rev().take(4).enumerate() {
            let lw = w.to_lowercase();
            let qualifies = k == 0 || kind_word_between;
            // "Hauptstadt" in compounds too: "Landeshauptstadt", "Regionalhauptstadt".
            if k < 3 && cue.capital.iter().any(|c| lw.ends_with(c)) {
                cues.capital = true;
            }
            if k < 2
                && cue.admin.iter().any(|c| {
                    lw.strip_suffix(c)
                        .is_some_and(|r| r.is_empty() || r.ends_with('-'))
                })
            {
                cues.admin = true;
            }
            if k < 2
                && cue
                    .city
                    .iter()
                    .any(|c| lw == *c || (lw.len() > c.len() + 3 && lw.ends_with(c)))
            {
                cues.city = true;
            }
            let kind_word = cue.capital.iter().any(|c| lw.ends_with(c))
                || cue.admin.iter().any(|c| lw.ends_with(c))
                || cue.city.iter().any(|c| lw.ends_with(c));
            if qualifies {
                if let Some(idx) = self.gaz.adjective(&lw) {
                    if let Some(cc) = self.gaz.place(idx).country {
                        cues.countries.push(cc.to_string());
                    }
                }
            }
            // "Malaysia's capital X", "in Russlands Hauptstadt X": a country
            // name one to four words before (not right before: "Georgia, Atlanta").
            if k >= 1 && kind_word_between && w.chars().next().is_some_and(char::is_uppercase) {
                let found = self.gaz.lookup_exact(w);
                let found = if found.is_empty() {
                    // "Russlands Hauptstadt": the genitive only.
                    w.strip_suffix('s')
                        .map(|s| self.gaz.lookup_exact(s))
                        .unwrap_or_default()
                } else {
                    found
                };
                for c in found {
                    let p = self.gaz.place(c.index);
                    if c.primary && matches!(p.kind, Kind::Country | Kind::Admin) {
                        if let Some(cc) = p.country {
                            cues.countries.push(cc.to_string());
                        }
                    }
                }
            }
            kind_word_between |= kind_word;
        }
        // ", Texas" / " (Oder)" / " state" right after.
        let tail: String = after.chars().take(40).collect();
        let t = tail.trim_start();
        let (countries, within) = self.qualifier_after(t);
        cues.countries.extend(countries);
        cues.within.extend(within);
        // "Frankfurt (Oder)", "Frankfurt an der Oder", "Halle (Saale)": the
        // mention with its qualifier is a place's own name.
        let name = ix.slice(text, m);
        let qualifier: String = if let Some(rest) = t.strip_prefix('(') {
            rest.split(')').next().unwrap_or("").to_string()
        } else {
            cue_words()
                .river_prepositions
                .iter()
                .find_map(|p| {
                    t.strip_prefix(p)
                        .map(|r| format!("{p}{}", r.split_whitespace().next().unwrap_or("")))
                })
                .unwrap_or_default()
        };
        if !qualifier.is_empty() {
            for c in self.gaz.lookup_exact(&format!("{name} {qualifier}")) {
                cues.exact.push(c.index);
            }
        }
        let next = t
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if next == "state" {
            cues.admin = true;
        }
    }

    /// A country named after an unknown place, by a place preposition
    /// within the next three words of its clause ("X province in Pakistan",
    /// "das Lager X in Griechenland"). The country's place index. (", Egypt"
    /// is not read here: in a list of countries it names the next item.)
    fn country_right_after(
        &self,
        text: &str,
        ix: &TextIndex,
        end: usize,
        lists: &fallback::Lists,
    ) -> Option<usize> {
        let tail: String = text[ix.byte(end)..].chars().take(60).collect();
        let t = tail.trim_start();
        let clause = t
            .split(['.', ',', ';', ':', '!', '?', '(', '\n'])
            .next()
            .unwrap_or("");
        let words: Vec<&str> = clause.split_whitespace().take(5).collect();
        let k = words.iter().take(3).position(|w| {
            lists
                .place_prepositions
                .iter()
                .any(|p| p.eq_ignore_ascii_case(w))
                || lists
                    .article_prepositions
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(w))
        })?;
        let next = words.get(k + 1..)?;
        // The longest run of one or two words that is a country's own name.
        (1..=next.len().min(2)).rev().find_map(|n| {
            let cand = next[..n].join(" ");
            self.gaz
                .lookup_exact(&cand)
                .into_iter()
                .find(|c| c.primary && self.gaz.place(c.index).kind == Kind::Country)
                .map(|c| c.index)
        })
    }

    /// The countries of a country or state named right after a mention, set
    /// off by a comma or bracket, where the phrase ends: ", Texas", "(Egypt)".
    /// `t` is the text after the mention, leading spaces removed.
    pub(super) fn countries_after(&self, t: &str) -> Vec<String> {
        self.qualifier_after(t).0
    }

    /// [`Self::countries_after`], with where the state named lies (none for a
    /// country): a state's code counts here too ("Bülach (ZH)", "Palm Beach,
    /// Fla.", "BUFFALO, N.Y."), where it is the whole phrase.
    fn qualifier_after(&self, t: &str) -> (Vec<String>, Vec<(f64, f64)>) {
        let mut out = Vec::new();
        let mut within = Vec::new();
        let Some(rest) = t.strip_prefix(',').or_else(|| t.strip_prefix('(')) else {
            return (out, within);
        };
        let bracket = t.starts_with('(');
        // Whether any candidate is a country or state by its own name.
        let states =
            |found: Vec<Candidate>, out: &mut Vec<String>, within: &mut Vec<(f64, f64)>| {
                let mut any = false;
                for c in found {
                    let p = self.gaz.place(c.index);
                    if !c.primary || !matches!(p.kind, Kind::Country | Kind::Admin) {
                        continue;
                    }
                    any = true;
                    out.extend(p.country.map(str::to_string));
                    if p.kind == Kind::Admin {
                        if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                            within.push((lat, lon));
                        }
                    }
                }
                any
            };
        // A state's code: the whole phrase, closed by the bracket or, after a
        // comma, by anything but a letter.
        let rest = rest.trim_start();
        let code_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        let (code, after_code) = rest.split_at(code_len);
        let closed = if bracket {
            after_code.starts_with(')')
        } else {
            !after_code.starts_with(char::is_alphanumeric)
        };
        if closed && code.chars().next().is_some_and(char::is_uppercase) {
            if let Some(full) = cue_words().state_code(code) {
                if states(self.gaz.lookup_exact(full), &mut out, &mut within) {
                    return (out, within);
                }
            }
        }
        let mut word: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '-' || *c == ' ')
            .collect();
        // A sentence ends after a word in lowercase and a full stop
        // ("Springfield, Illinois. Wisconsin …"); "U.S." goes on.
        let mut prev = ' ';
        if let Some((i, _)) = word.char_indices().find(|&(_, c)| {
            let end = c == '.' && prev.is_lowercase();
            prev = c;
            end
        }) {
            word.truncate(i);
        }
        // Try the longest run of words first ("New Mexico", then "New").
        let ws: Vec<&str> = word.split_whitespace().take(4).collect();
        for n in (1..=ws.len().min(3)).rev() {
            // "Paris, Texas" ends there; "Geneva, U.S. Secretary …" goes on
            // with a capitalised word: a new phrase, not a qualifier.
            if ws
                .get(n)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                continue;
            }
            let cand = ws[..n].join(" ");
            if states(self.gaz.lookup_exact(&cand), &mut out, &mut within) {
                break;
            }
        }
        (out, within)
    }
}

#[cfg(test)]
mod tests;
