//! Places the gazetteer cannot know: streets, sites and buildings, districts
//! named after their towns, and well-known seats of government. They fall
//! back to the town they lie in or to the article's focus country, and the
//! place's `precision` says so. Word lists: `resources/{de,en}/geo.txt`; landmarks:
//! `resources/common/geo/landmarks.tsv`.

use super::fold::fold;
use crate::lang::Lang;
use crate::langdata::LangData;

/// How exactly a place stands for what the text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// The gazetteer holds the named place itself.
    Place,
    /// The named street, site or building lies in this town.
    City,
    /// Only the country is known (the article's focus country).
    Country,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Place => "place",
            Precision::City => "city",
            Precision::Country => "country",
        }
    }
}

/// The word lists of one language (or of all, for other languages).
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// Endings of street names, lowercase ("straße", "avenue").
    pub street_endings: Vec<String>,
    /// Endings of site, building and water names ("see", "flughafen", "airport").
    pub site_endings: Vec<String>,
    /// Unit words before a name ("landkreis", "county").
    pub admin_prefixes: Vec<String>,
    /// How a town's name turns into its adjective or demonym: (ending of the
    /// form, what replaces it in the town's name), "er" → "" for "Dortmunder".
    pub town_form_endings: Vec<(String, String)>,
    /// Articles before a demonym noun ("der Saerbecker", "den Hoffenheimern").
    pub determiners: Vec<String>,
    /// Common nouns shaped like a big town's adjective ("sieger" ~ Siegen).
    pub not_town_forms: Vec<String>,
    /// ISO codes of the countries whose towns the language's news names most.
    pub home_countries: Vec<String>,
    /// ISO codes of the countries of the region the language's news covers
    /// most after the home countries (Europe for German).
    pub region_countries: Vec<String>,
    /// Words before a town that say it is one ("in", "nach", "from").
    pub place_prepositions: Vec<String>,
    /// Prepositions with an article ("im", "vom"): a cue for a town only with
    /// an adjective between ("im österreichischen Hochfilzen").
    pub article_prepositions: Vec<String>,
    /// Words that join the last two items of a list ("und", "and").
    pub list_joiners: Vec<String>,
    /// Nouns that name a street before its name ("in der Straße Am Hang").
    pub street_nouns: Vec<String>,
    /// Endings of one-word names of sites and districts ("Allianz-Arena",
    /// "Salzlandkreis"): a place after a preposition and an article.
    pub named_site_endings: Vec<String>,
    /// Prepositions that take an article before a site ("auf dem", "in der").
    pub site_prepositions: Vec<String>,
    /// Endings of the names of lakes and seas ("Baikalsee", "Lake Erie" is
    /// read by its first word elsewhere): no town's part.
    pub water_endings: Vec<String>,
}

impl Lists {
    pub fn for_lang(lang: &str) -> Lists {
        match lang {
            "de" => Lists::parse(LangData::get(Lang::De).text("geo")),
            "en" => Lists::parse(LangData::get(Lang::En).text("geo")),
            _ => {
                let mut l = Lists::parse(LangData::get(Lang::De).text("geo"));
                let en = Lists::parse(LangData::get(Lang::En).text("geo"));
                l.street_endings.extend(en.street_endings);
                l.site_endings.extend(en.site_endings);
                l.admin_prefixes.extend(en.admin_prefixes);
                l.place_prepositions.extend(en.place_prepositions);
                l.list_joiners.extend(en.list_joiners);
                l.article_prepositions.extend(en.article_prepositions);
                l.street_nouns.extend(en.street_nouns);
                l.named_site_endings.extend(en.named_site_endings);
                l.site_prepositions.extend(en.site_prepositions);
                l.water_endings.extend(en.water_endings);
                l
            }
        }
    }

    /// Parse the `[section]` word-list format (see `resources/de/geo.txt`).
    pub fn parse(src: &str) -> Lists {
        let mut lists = Lists::default();
        for (section, line) in crate::wordlist::lines(src) {
            let list = match section {
                "street_endings" => &mut lists.street_endings,
                "site_endings" => &mut lists.site_endings,
                "admin_prefixes" => &mut lists.admin_prefixes,
                "determiners" => &mut lists.determiners,
                "not_town_forms" => &mut lists.not_town_forms,
                "place_prepositions" => &mut lists.place_prepositions,
                "list_joiners" => &mut lists.list_joiners,
                "article_prepositions" => &mut lists.article_prepositions,
                "street_nouns" => &mut lists.street_nouns,
                "named_site_endings" => &mut lists.named_site_endings,
                "site_prepositions" => &mut lists.site_prepositions,
                "water_endings" => &mut lists.water_endings,
                "home_countries" => {
                    lists
                        .home_countries
                        .extend(line.split_whitespace().map(str::to_uppercase));
                    continue;
                }
                "region_countries" => {
                    lists
                        .region_countries
                        .extend(line.split_whitespace().map(str::to_uppercase));
                    continue;
                }
                "town_form_endings" => {
                    for pair in line.split_whitespace() {
                        let (form, name) = pair.split_once('>').unwrap_or((pair, ""));
                        lists
                            .town_form_endings
                            .push((form.to_lowercase(), name.to_lowercase()));
                    }
                    continue;
                }
                _ => continue,
            };
            list.extend(line.split_whitespace().map(str::to_lowercase));
        }
        lists
    }

    /// The name is a street or square ("Färberstraße", "Connecticut Avenue").
    pub fn is_street(&self, name: &str) -> bool {
        let last = last_word(name);
        self.street_endings.iter().any(|e| ends_with_word(&last, e))
    }

    /// The name is a building, site or water ("Genfer See", "Hauptbahnhof").
    pub fn is_site(&self, name: &str) -> bool {
        let last = last_word(name);
        self.site_endings.iter().any(|e| ends_with_word(&last, e))
    }

    /// The name is a lake or sea ("Baikalsee", "Keltische See").
    pub fn is_water(&self, name: &str) -> bool {
        let last = last_word(name);
        self.water_endings.iter().any(|e| ends_with_word(&last, e))
    }

    /// The name without a leading unit word ("Landkreis Harburg" → "Harburg").
    pub fn strip_admin_prefix<'a>(&self, name: &'a str) -> Option<&'a str> {
        let (first, rest) = name.trim().split_once(' ')?;
        let first = first.to_lowercase();
        let rest = rest.trim();
        let rest = rest.strip_prefix("of ").unwrap_or(rest).trim();
        (self.admin_prefixes.contains(&first) && rest.chars().count() >= 2).then_some(rest)
    }

    /// A town adjective before (or joined to) a site word: "Genfer See",
    /// "Genfersee", "Frankfurter Flughafen" → "Genf", "Frankfurt". German
    /// town adjectives add "-er" to the name.
    pub fn town_adjective_stem(&self, name: &str) -> Option<String> {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 2 {
            let first = words[0];
            return first
                .strip_suffix("er")
                .filter(|s| s.chars().count() >= 3)
                .map(str::to_string);
        }
        let lower = name.to_lowercase();
        for e in &self.site_endings {
            if let Some(head) = lower.strip_suffix(e.as_str()) {
                if let Some(stem) = head.strip_suffix("er") {
                    if stem.chars().count() >= 3 {
                        // The stem as written (keep the capital).
                        return Some(name.chars().take(stem.chars().count()).collect());
                    }
                }
            }
        }
        None
    }
}

fn last_word(name: &str) -> String {
    name.split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase()
}

/// `word` is `ending` or ends with it as a compound head ("Industriestraße").
fn ends_with_word(word: &str, ending: &str) -> bool {
    word == ending || (word.len() > ending.len() + 2 && word.ends_with(ending))
}

/// A hand-listed landmark: the folded names and the town it stands in.
#[derive(Debug, Clone)]
pub struct Landmark {
    pub names: Vec<String>,
    /// The first word of each name as written ("Weißen", "Oval"): a cheap
    /// test before a name is folded and looked up.
    pub first_words: Vec<String>,
    pub town: String,
    pub country: String,
    /// The names stand for a body that sits there (a parliament): an
    /// organisation where the tagger says so, not a place.
    pub body: bool,
}

/// The landmarks of `resources/common/geo/landmarks.tsv`.
pub fn landmarks() -> Vec<Landmark> {
    include_str!("../../resources/common/geo/landmarks.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let written = cols.next()?;
            let names = written.split('|').map(fold).collect();
            let first_words = written
                .split('|')
                .filter_map(|n| n.split_whitespace().next())
                .map(str::to_string)
                .collect();
            Some(Landmark {
                names,
                first_words,
                town: cols.next()?.trim().to_string(),
                country: cols.next()?.trim().to_string(),
                body: cols.next().is_some_and(|c| c.trim() == "body"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn street_site_and_unit_words() {
        let de = Lists::for_lang("de");
        assert!(de.is_street("Hauptstraße"));
        assert!(de.is_street("Am Markt"));
        assert!(!de.is_street("Straubing"));
        assert!(de.is_site("Bodensee"));
        assert_eq!(de.strip_admin_prefix("Landkreis Harburg"), Some("Harburg"));
        assert_eq!(de.strip_admin_prefix("Harburg"), None);
        assert_eq!(de.town_adjective_stem("Bodensee"), None);
        assert_eq!(de.town_adjective_stem("Kieler Hafen"), Some("Kiel".into()));
        assert_eq!(
            de.town_adjective_stem("Thuner See").as_deref(),
            Some("Thun")
        );
        let en = Lists::for_lang("en");
        assert!(en.is_street("Pennsylvania Avenue"));
        assert_eq!(en.strip_admin_prefix("County of Kent"), Some("Kent"));
    }

    #[test]
    fn landmarks_parse() {
        let l = landmarks();
        assert!(l.len() > 10);
        assert!(l.iter().all(|m| m.country.len() == 2 && !m.town.is_empty()));
    }
}
