//! News agency names and their canonical spelling. Shared below the stages
//! that look them up: the sentence splitter (a named agency after a dateline),
//! the credit-line parser and the NER page patterns.

/// News agencies and their canonical spelling. Matching ignores case.
const AGENCIES: &[&str] = &[
    "dpa",
    "dpa-AFX",
    "dpa-infocom",
    "AFP",
    "Reuters",
    "AP",
    "KNA",
    "epd",
    "APA",
    "SID",
    "ddp",
    "dapd",
    "sda",
    "Keystone-SDA",
    "AWP",
    "ANP",
    "Belga",
    "ANSA",
    "EFE",
    "Bloomberg",
    "DJ",
    "Dow Jones",
    "AA",
    "Xinhua",
    "Tass",
    "TASS",
    "Interfax",
    "RIA",
    "UPI",
    "PA",
    "Kyodo",
    "Yonhap",
    "IANS",
    "PTI",
    "CTK",
    "PAP",
    "MTI",
    "Ukrinform",
    "vwd",
    "ADN",
    "Unian",
    "AFP-Wirtschaft",
    "Agence France-Presse",
    "Associated Press",
    "Deutsche Presse-Agentur",
    "sid",
    "APA-OTS",
    "ots",
    "Reuters Breakingviews",
    "jW",
    "taz",
    "Agenturen",
];

/// Long names and variants of agencies, mapped to the canonical short form.
const ALIASES: &[(&str, &str)] = &[
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("deutsche presse-agentur", "dpa"),
    ("katholische nachrichten-agentur", "KNA"),
    ("evangelischer pressedienst", "epd"),
    ("austria presse agentur", "APA"),
    ("sport-informations-dienst", "SID"),
    ("thomson reuters", "Reuters"),
    // The German spelling until the 1990s ("(Reuter)").
    ("reuter", "Reuters"),
];

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
    if let Some((_, canon)) = ALIASES.iter().find(|(a, _)| *a == lower) {
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
    AGENCIES
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(w))
        .map(|a| match a {
            "sid" => "SID",
            "TASS" => "Tass",
            "Associated Press" => "AP",
            "Agence France-Presse" => "AFP",
            "Deutsche Presse-Agentur" => "dpa",
            other => other,
        })
}
