//! News agency names and their canonical spelling (`resources/common/agencies.txt`).
//! Shared below the stages that look them up: the sentence splitter (a named
//! agency after a dateline), the credit-line parser and the NER page patterns.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::langdata::LangData;

/// News agencies (`resources/common/agencies.txt`), read once.
struct Agencies {
    /// Canonical spellings; matching ignores case.
    names: Vec<String>,
    /// Long names and variants (lowercase) → canonical short form.
    aliases: Vec<(String, String)>,
    /// dpa's regional services ("dpa/lni"): part of the agency, not editor codes.
    dpa_regional: HashSet<String>,
}

fn agencies() -> &'static Agencies {
    static AGENCIES: OnceLock<Agencies> = OnceLock::new();
    AGENCIES.get_or_init(|| {
        let data = LangData::common();
        Agencies {
            names: data.lines("agencies", "agencies").to_vec(),
            aliases: data
                .lines("agencies", "aliases")
                .iter()
                .filter_map(|l| l.split_once(" = "))
                .map(|(variant, canon)| (variant.to_lowercase(), canon.to_string()))
                .collect(),
            dpa_regional: data
                .words("agencies", "dpa_regional")
                .map(str::to_string)
                .collect(),
        }
    })
}

/// The canonical spelling of an agency name, if `word` is one.
pub fn agency(word: &str) -> Option<&'static str> {
    let w = word
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
    if w.is_empty() {
        return None;
    }
    // Editor codes like "jW" are short codes, not agencies, whatever their list entry.
    if w == "jW" {
        return None;
    }
    let lower = w.to_lowercase();
    let lists = agencies();
    if let Some((_, canon)) = lists.aliases.iter().find(|(a, _)| *a == lower) {
        return Some(canon);
    }
    // "dpa Niedersachsen", "dpa-infoline": regional and product names of dpa.
    if let Some(rest) = lower.strip_prefix("dpa ") {
        if rest.chars().next().is_some_and(|c| c.is_alphabetic())
            && rest.split_whitespace().count() <= 2
        {
            return Some("dpa");
        }
    }
    lists
        .names
        .iter()
        .find(|a| a.eq_ignore_ascii_case(w))
        .map(String::as_str)
}

/// dpa's regional services ("dpa/lni" = Landesdienst Niedersachsen): part of
/// the agency, not editor codes.
pub(crate) fn is_dpa_regional(code: &str) -> bool {
    agencies().dpa_regional.contains(code)
}
