//! Page metadata from one linear scan: `<html lang>`, `<title>`, `<meta>`
//! (Open Graph, `article:published_time`, `author`, `description`, charset),
//! `<link rel=canonical>`, JSON-LD (`datePublished`, `headline`, `author`,
//! `publisher`), `<time datetime>`, and the nesting depth of the page.

use chrono::NaiveDate;
use serde_json::Value;

use super::scan::{decode_entities, tokens, Token, VOID};

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    /// `og:title` or JSON-LD `headline` (cleaner than `<title>`, which carries the site name).
    pub headline: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub published: Option<NaiveDate>,
    /// Where the date came from (`meta`, `json-ld`, `time`, `url`).
    pub published_from: Option<&'static str>,
    pub canonical: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    /// The charset the page declares (`<meta charset>` or http-equiv).
    pub charset: Option<String>,
    /// Deepest element nesting seen (elements with optional end tags not counted).
    pub max_depth: usize,
    /// Number of start tags.
    pub elements: usize,
}

/// Elements whose end tag may be left out: not counted for the nesting depth.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt",
    "rp", "colgroup", "caption", "html", "head", "body",
];

const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:article:published_time",
    "date.published",
];

fn clean(s: &str) -> Option<String> {
    let t = decode_entities(s);
    let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Scan a whole page for its metadata.
pub fn scan(html: &str) -> Meta {
    scan_and_strip(html, &[]).0
}

/// Scan a page for its metadata and, in the same pass, copy it without the
/// elements named in `drop` (and their content) and without comments.
pub fn scan_and_strip(html: &str, drop: &[&str]) -> (Meta, String) {
    let mut stripped = String::with_capacity(if drop.is_empty() { 0 } else { html.len() / 2 });
    let mut copied_to = 0usize;
    let mut skipping: Option<(String, usize)> = None;
    let mut m = Meta::default();
    let mut depth = 0usize;
    let mut in_title = false;
    let mut in_json_ld = false;
    let mut meta_date: Option<NaiveDate> = None;
    let mut ld_date: Option<NaiveDate> = None;
    let mut time_date: Option<NaiveDate> = None;
    let mut time_pub_date: Option<NaiveDate> = None;
    let mut sc = tokens(html);
    loop {
        let at = sc.pos();
        let Some(tok) = sc.next() else { break };
        if !drop.is_empty() {
            match (&tok, &mut skipping) {
                (Token::Start(t), None) if !t.self_closing && drop.contains(&t.name.as_str()) => {
                    stripped.push_str(&html[copied_to..at]);
                    skipping = Some((t.name.clone(), 1));
                }
                (Token::Start(t), Some((name, depth))) if !t.self_closing && t.name == *name => {
                    *depth += 1;
                }
                (Token::End(n), Some((name, depth))) if n == name => {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                        copied_to = sc.pos();
                    }
                }
                _ => {}
            }
        }
        match tok {
            Token::Start(tag) => {
                m.elements += 1;
                let name = tag.name.as_str();
                if !tag.self_closing && !VOID.contains(&name) && !OPTIONAL_END.contains(&name) {
                    depth += 1;
                    m.max_depth = m.max_depth.max(depth);
                }
                in_title = name == "title";
                in_json_ld = name == "script"
                    && tag
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                match name {
                    "html" => {
                        m.lang = m.lang.take().or_else(|| {
                            tag.attr("lang")
                                .or(tag.attr("xml:lang"))
                                .and_then(|l| clean(&l))
                        });
                    }
                    "meta" => {
                        if let Some(cs) = tag.attr("charset") {
                            m.charset.get_or_insert_with(|| cs.trim().to_string());
                        }
                        let key = tag
                            .attr("property")
                            .or_else(|| tag.attr("name"))
                            .or_else(|| tag.attr("itemprop"))
                            .or_else(|| tag.attr("http-equiv"))
                            .map(|k| k.trim().to_ascii_lowercase());
                        let (Some(key), Some(content)) = (key, tag.attr("content")) else {
                            continue;
                        };
                        let value = clean(&content);
                        match key.as_str() {
                            "content-type" => {
                                if let Some(cs) = content
                                    .to_ascii_lowercase()
                                    .split("charset=")
                                    .nth(1)
                                    .map(|c| c.trim_matches([' ', '"', '\'', ';']).to_string())
                                {
                                    m.charset.get_or_insert(cs);
                                }
                            }
                            "content-language" | "og:locale" | "language" | "dc.language" => {
                                m.lang = m.lang.take().or(value);
                            }
                            "og:title" | "twitter:title" => {
                                m.headline = m.headline.take().or(value);
                            }
                            "og:site_name" | "application-name" => {
                                m.site_name = m.site_name.take().or(value);
                            }
                            "description" | "og:description" | "twitter:description" => {
                                m.description = m.description.take().or(value);
                            }
                            "author" | "article:author" | "dc.creator" | "byl"
                            | "sailthru.author" | "parsely-author" => {
                                let v = value.filter(|v| !v.starts_with("http"));
                                if m.author.is_none() {
                                    m.author = v;
                                }
                            }
                            "og:url" => {
                                m.canonical = m.canonical.take().or(value);
                            }
                            k if DATE_META.contains(&k) => {
                                meta_date = meta_date
                                    .or_else(|| value.as_deref().and_then(parse_date_loose));
                            }
                            _ => {}
                        }
                    }
                    "link" => {
                        let canonical = tag.attr("rel").is_some_and(|r| {
                            r.split_whitespace()
                                .any(|w| w.eq_ignore_ascii_case("canonical"))
                        });
                        if canonical {
                            if let Some(h) = tag.attr("href").and_then(|h| clean(&h)) {
                                // <link rel=canonical> wins over og:url.
                                m.canonical = Some(h);
                            }
                        }
                    }
                    "time" => {
                        let d = tag.attr("datetime").and_then(|d| parse_date_loose(&d));
                        let marked = tag.attrs.iter().any(|(n, _)| n == "pubdate")
                            || tag.attr("itemprop").is_some_and(|p| {
                                p.eq_ignore_ascii_case("datePublished")
                                    || p.eq_ignore_ascii_case("dateCreated")
                            });
                        if marked && time_pub_date.is_none() {
                            time_pub_date = d;
                        }
                        if time_date.is_none() {
                            time_date = d;
                        }
                    }
                    _ => {}
                }
            }
            Token::End(name) => {
                if !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str()) {
                    depth = depth.saturating_sub(1);
                }
                in_title = false;
                in_json_ld = false;
            }
            Token::Raw(raw) => {
                if in_title && m.title.is_none() {
                    m.title = clean(raw);
                } else if in_json_ld {
                    json_ld(raw, &mut m, &mut ld_date);
                }
            }
            Token::Text(_) => {}
        }
    }
    if !drop.is_empty() && skipping.is_none() {
        stripped.push_str(&html[copied_to.min(html.len())..]);
    }
    let picks = [
        (meta_date, "meta"),
        (ld_date, "json-ld"),
        (time_pub_date, "time"),
        (time_date, "time"),
    ];
    if let Some((d, from)) = picks.iter().find(|(d, _)| d.is_some()) {
        m.published = *d;
        m.published_from = Some(from);
    }
    if let Some(l) = &mut m.lang {
        // "de-DE", "de_DE" → "de".
        let code: String = l
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        *l = code;
        if l.len() < 2 || l.len() > 3 {
            m.lang = None;
        }
    }
    (m, stripped)
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "webpage",
    "socialmediaposting",
];

fn is_article(obj: &serde_json::Map<String, Value>) -> bool {
    let ty = |v: &Value| {
        v.as_str()
            .is_some_and(|s| ARTICLE_TYPES.contains(&s.to_ascii_lowercase().as_str()))
    };
    match obj.get("@type") {
        Some(Value::Array(a)) => a.iter().any(ty),
        Some(v) => ty(v),
        None => false,
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => clean(s).into_iter().collect(),
        Value::Object(o) => o
            .get("name")
            .and_then(|n| n.as_str())
            .and_then(clean)
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().take(8).flat_map(names).collect(),
        _ => Vec::new(),
    }
}

/// Read article facts from one JSON-LD script (walked iteratively, bounded).
fn json_ld(raw: &str, m: &mut Meta, date: &mut Option<NaiveDate>) {
    let raw = raw.trim();
    let raw = raw
        .strip_prefix("<![CDATA[")
        .and_then(|r| r.strip_suffix("]]>"))
        .unwrap_or(raw);
    let Ok(v) = serde_json::from_str::<Value>(raw) else {
        return;
    };
    let mut stack = vec![&v];
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 2000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if is_article(o) {
                    if date.is_none() {
                        *date = o
                            .get("datePublished")
                            .or_else(|| o.get("dateCreated"))
                            .and_then(|d| d.as_str())
                            .and_then(parse_date_loose);
                    }
                    if m.headline.is_none() {
                        m.headline = o.get("headline").and_then(|h| h.as_str()).and_then(clean);
                    }
                    if m.author.is_none() {
                        let a = o.get("author").map(names).unwrap_or_default();
                        if !a.is_empty() {
                            m.author = Some(a.join(", "));
                        }
                    }
                    if m.site_name.is_none() {
                        m.site_name = o
                            .get("publisher")
                            .map(names)
                            .and_then(|n| n.into_iter().next());
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(me) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage")) {
                    if me.is_object() || me.is_array() {
                        stack.push(me);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A date from ISO 8601 timestamps, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD.MM.YYYY`, `YYYYMMDD`.
pub fn parse_date_loose(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(&head, f) {
            return plausible(d);
        }
    }
    if let Some(h8) = s.get(..8) {
        if h8.bytes().all(|b| b.is_ascii_digit()) && s.len() >= 8 {
            if let Ok(d) = NaiveDate::parse_from_str(h8, "%Y%m%d") {
                return plausible(d);
            }
        }
    }
    // RFC 2822 ("Tue, 19 Nov 2019 08:00:00 GMT").
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .and_then(|d| plausible(d.date_naive()))
}

fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year()).then_some(d)
}

const MONTHS_EN: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A publication date written into the URL path: `/2019/11/18/`, `/2019/nov/18/`,
/// `2019-11-18`, `/20191118/`. Year-and-month alone is not a date.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, r)| r.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        let (y, mo, d) = (w[0], w[1], w[2]);
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(year) = y.parse::<i32>() else { continue };
        let month = if mo.len() <= 2 && mo.bytes().all(|b| b.is_ascii_digit()) {
            mo.parse::<u32>().ok()
        } else {
            MONTHS_EN
                .iter()
                .position(|m| mo.eq_ignore_ascii_case(m))
                .map(|i| i as u32 + 1)
        };
        let day = (d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse::<u32>().ok())
            .flatten();
        if let (Some(mo), Some(d)) = (month, day) {
            if let Some(date) = NaiveDate::from_ymd_opt(year, mo, d).and_then(plausible) {
                return Some(date);
            }
        }
    }
    for p in path.split('/') {
        if p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(d) = NaiveDate::parse_from_str(p, "%Y%m%d")
                .ok()
                .and_then(plausible)
            {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_json_ld_and_time() {
        let html = r#"<html lang="de-DE"><head><meta charset="utf-8"><title>Titel | Site</title>
<meta property="og:title" content="Der Titel">
<meta property="og:site_name" content="Beispielblatt">
<link rel="canonical" href="https://example.org/a.html">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":"NewsArticle","datePublished":"2025-07-10T08:00:00+02:00","author":[{"@type":"Person","name":"Anna Beispiel"}]}]}</script>
</head><body><div><div><time datetime="2024-01-01">x</time></div></div></body></html>"#;
        let m = scan(html);
        assert_eq!(m.lang.as_deref(), Some("de"));
        assert_eq!(m.charset.as_deref(), Some("utf-8"));
        assert_eq!(m.title.as_deref(), Some("Titel | Site"));
        assert_eq!(m.headline.as_deref(), Some("Der Titel"));
        assert_eq!(m.site_name.as_deref(), Some("Beispielblatt"));
        assert_eq!(m.canonical.as_deref(), Some("https://example.org/a.html"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2025, 7, 10));
        assert_eq!(m.published_from, Some("json-ld"));
        assert_eq!(m.author.as_deref(), Some("Anna Beispiel"));
        assert_eq!(m.max_depth, 3);
    }

    #[test]
    fn url_dates() {
        let d = |s| date_from_url(s);
        assert_eq!(
            d("https://www.nytimes.com/2019/11/18/business/x.html"),
            NaiveDate::from_ymd_opt(2019, 11, 18)
        );
        assert_eq!(
            d("https://www.theguardian.com/commentisfree/2019/nov/18/x"),
            NaiveDate::from_ymd_opt(2019, 11, 18)
        );
        assert_eq!(
            d("https://example.de/politik/2025-07-10-minister-tritt-zurueck"),
            NaiveDate::from_ymd_opt(2025, 7, 10)
        );
        assert_eq!(d("https://www.example.com/2019/11/some-story/"), None);
        assert_eq!(d("https://example.com/article/1234567890"), None);
    }
}
