//! Page metadata from one linear scan: `<html lang>`, `<title>`, `<meta>`
//! (Open Graph, `article:published_time`, `author`, `description`, charset),
//! `<link rel=canonical>`, JSON-LD (`datePublished`, `headline`, `author`,
//! `publisher`), `<time datetime>`, and the nesting depth of the page.

use chrono::NaiveDate;
use serde_json::Value;

pub use super::super::dates::parse_date_loose;
use super::super::dates::plausible;
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
    scan_and_strip(html, &Strip::default()).0
}

/// What [`scan_and_strip`] leaves out of its copy of the page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strip<'a> {
    /// Elements dropped with their content wherever they stand.
    pub drop: &'a [&'a str],
    /// Elements dropped with their content unless inside an `<article>` or
    /// `itemprop=articleBody` element.
    pub drop_outside_article: &'a [&'a str],
    /// Attributes kept on start tags; all others are dropped.
    pub keep_attrs: &'a [&'a str],
}

impl Strip<'_> {
    fn copies(&self) -> bool {
        !(self.drop.is_empty()
            && self.drop_outside_article.is_empty()
            && self.keep_attrs.is_empty())
    }
}

/// The copy of the page made by [`scan_and_strip`], with where its article is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slim {
    pub html: String,
    /// End of the head in `html` (after `</head>`, or where `<body>` starts).
    pub head_end: Option<usize>,
    /// Byte range in `html` of the first `<article>` element and the number of them.
    pub article: Option<(usize, usize)>,
    pub articles: usize,
    /// The same for elements with `itemprop=articleBody`.
    pub article_body: Option<(usize, usize)>,
    pub article_bodies: usize,
    /// Bytes of text (trimmed runs) in the copy, in the first article and in
    /// the first articleBody element.
    pub text: usize,
    pub article_text: usize,
    pub article_body_text: usize,
}

impl Slim {
    /// The page with only its single article (head kept), when the page has
    /// exactly one `<article>` (else exactly one articleBody element) holding
    /// more than `share` of the text.
    pub fn only_article(&self, share: f64) -> Option<String> {
        let pick = |n: usize, range: Option<(usize, usize)>, text: usize| {
            range.filter(|_| n == 1 && text as f64 > share * self.text as f64)
        };
        let (a, b) = pick(self.articles, self.article, self.article_text).or_else(|| {
            pick(
                self.article_bodies,
                self.article_body,
                self.article_body_text,
            )
        })?;
        let head = &self.html[..self.head_end.filter(|&h| h <= a).unwrap_or(0)];
        let mut out = String::with_capacity(head.len() + (b - a) + 32);
        out.push_str(head);
        out.push_str("<body>");
        out.push_str(&self.html[a..b]);
        out.push_str("</body></html>");
        Some(out)
    }
}

/// An element being followed to its end tag: its name, how many elements of
/// that name are open inside it plus one, and where it began in the copy.
#[derive(Debug, Clone)]
struct Open {
    name: String,
    depth: usize,
    at: usize,
}

impl Open {
    /// Count a start or end tag; true when this closes the element.
    fn closes(&mut self, tok: &Token<'_>) -> bool {
        match tok {
            Token::Start(t) if t.name == self.name && !t.self_closing => self.depth += 1,
            Token::End(n) if *n == self.name => {
                self.depth -= 1;
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }
}

/// Write a start tag with only the attributes in `keep` (all when empty).
fn write_tag(out: &mut String, tag: &super::scan::Tag<'_>, keep: &[&str]) {
    out.push('<');
    out.push_str(&tag.name);
    for (name, value) in &tag.attrs {
        if !keep.is_empty() && !keep.contains(&name.as_str()) {
            continue;
        }
        if !keep.is_empty()
            || name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b))
        {
            out.push(' ');
            out.push_str(name);
            if value.is_empty() {
                continue;
            }
            if !value.contains('"') {
                out.push_str("=\"");
                out.push_str(value);
                out.push('"');
            } else if !value.contains('\'') {
                out.push_str("='");
                out.push_str(value);
                out.push('\'');
            } else {
                out.push_str("=\"");
                out.push_str(&value.replace('"', "&quot;"));
                out.push('"');
            }
        }
    }
    out.push_str(if tag.self_closing { "/>" } else { ">" });
}

fn is_article_body(tag: &super::scan::Tag<'_>) -> bool {
    tag.attrs.iter().any(|(n, v)| {
        n == "itemprop"
            && v.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("articleBody"))
    })
}

/// Scan a page for its metadata and, in the same pass, copy it for the
/// main-content core as `strip` says, without comments and doctype (a
/// `<!DOCTYPE html>` is put first).
pub fn scan_and_strip(html: &str, strip: &Strip<'_>) -> (Meta, Slim) {
    let copies = strip.copies();
    let mut slim = Slim {
        html: String::with_capacity(if copies { html.len() / 2 } else { 0 }),
        ..Slim::default()
    };
    if copies {
        slim.html.push_str("<!DOCTYPE html>");
    }
    let out = &mut slim.html;
    let mut skipping: Option<Open> = None;
    let mut article: Option<Open> = None;
    let mut article_body: Option<Open> = None;
    let mut open_articles = 0usize;
    let mut m = Meta::default();
    let mut depth = 0usize;
    let mut in_title = false;
    let mut in_json_ld = false;
    let mut meta_date: Option<NaiveDate> = None;
    let mut ld_date: Option<NaiveDate> = None;
    let mut time_date: Option<NaiveDate> = None;
    let mut time_pub_date: Option<NaiveDate> = None;
    let sc = tokens(html);
    for tok in sc {
        if copies {
            if let Some(s) = &mut skipping {
                if s.closes(&tok) {
                    skipping = None;
                }
            } else {
                match &tok {
                    Token::Start(t) => {
                        let name = t.name.as_str();
                        let inside = open_articles > 0 || article_body.is_some();
                        let void = t.self_closing || VOID.contains(&name);
                        if strip.drop.contains(&name)
                            || (!inside && strip.drop_outside_article.contains(&name))
                        {
                            if !void {
                                skipping = Some(Open {
                                    name: t.name.clone(),
                                    depth: 1,
                                    at: 0,
                                });
                            }
                        } else {
                            if name == "body" && slim.head_end.is_none() {
                                slim.head_end = Some(out.len());
                            }
                            if name == "article" && !void {
                                open_articles += 1;
                                slim.articles += 1;
                                if slim.articles == 1 {
                                    article = Some(Open {
                                        name: t.name.clone(),
                                        depth: 0,
                                        at: out.len(),
                                    });
                                }
                            }
                            if !void && is_article_body(t) {
                                slim.article_bodies += 1;
                                if slim.article_bodies == 1 {
                                    article_body = Some(Open {
                                        name: t.name.clone(),
                                        depth: 0,
                                        at: out.len(),
                                    });
                                }
                            }
                            write_tag(out, t, strip.keep_attrs);
                        }
                    }
                    Token::End(name) => {
                        out.push_str("</");
                        out.push_str(name);
                        out.push('>');
                        if name == "head" && slim.head_end.is_none() {
                            slim.head_end = Some(out.len());
                        }
                        if name == "article" {
                            open_articles = open_articles.saturating_sub(1);
                        }
                    }
                    Token::Text(t) => {
                        out.push_str(t);
                        let n = t.trim().len();
                        slim.text += n;
                        if article.is_some() {
                            slim.article_text += n;
                        }
                        if article_body.is_some() {
                            slim.article_body_text += n;
                        }
                    }
                    Token::Raw(t) => out.push_str(t),
                }
                // Follow the article elements to their end tags (a start
                // tag of the same name inside counts one more level).
                for (open, range) in [
                    (&mut article, &mut slim.article),
                    (&mut article_body, &mut slim.article_body),
                ] {
                    if let Some(o) = open {
                        if o.closes(&tok) {
                            *range = Some((o.at, out.len()));
                            *open = None;
                        }
                    }
                }
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
    // An article never closed runs to the end of the page.
    for (open, range) in [
        (article, &mut slim.article),
        (article_body, &mut slim.article_body),
    ] {
        if let Some(o) = open {
            *range = Some((o.at, slim.html.len()));
        }
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
    (m, slim)
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

/// A month written in a URL path as English sites do ("/2019/nov/18/"): a
/// three-letter form of the English calendar.
fn url_month(word: &str) -> Option<u32> {
    use crate::langdata::{bare, LangData};
    LangData::get(crate::lang::Lang::En)
        .calendar
        .month_forms()
        .find(|(_, form)| {
            let form = bare(form);
            form.len() == 3 && word.eq_ignore_ascii_case(&form)
        })
        .map(|(n, _)| n)
}

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
            url_month(mo)
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

    const STRIP: Strip<'static> = Strip {
        drop: &["script", "embed", "nav"],
        drop_outside_article: &["aside", "footer"],
        keep_attrs: &["class", "id", "href", "itemprop"],
    };

    #[test]
    fn strip_drops_elements_and_attributes() {
        let html = r#"<html><head><title>T</title></head><body data-x=1>
<nav><a href="/">Start</a></nav><!-- note -->
<p class='a"b' style="color:red" onclick="x()">Eins <embed src="x.swf"> zwei</p>
<aside>Meistgelesen</aside><script>var a = "</p>";</script>
<a href=/weiter title="t">weiter</a><footer>Impressum</footer></body></html>"#;
        let (_, slim) = scan_and_strip(html, &STRIP);
        let h = &slim.html;
        assert!(
            h.starts_with("<!DOCTYPE html><html><head><title>T</title></head><body>"),
            "{h}"
        );
        assert!(h.contains(r#"<p class='a"b'>Eins  zwei</p>"#), "{h}");
        assert!(h.contains(r#"<a href="/weiter">weiter</a>"#), "{h}");
        for gone in [
            "Start",
            "note",
            "Meistgelesen",
            "var a",
            "Impressum",
            "style",
            "data-x",
        ] {
            assert!(!h.contains(gone), "{gone} in {h}");
        }
        // Nothing to pick: no article element.
        assert_eq!(slim.only_article(0.5), None);
    }

    #[test]
    fn the_one_article_alone_with_the_head() {
        let body = "Der Gemeinderat hat am Montag den Haushalt beschlossen. ".repeat(5);
        let html = format!(
            "<html lang=de><head><title>T</title></head><body><header>Kopf</header>\
<article class=story><aside>Kasten</aside><article>innen</article><p>{body}</p></article>\
<aside>Rand</aside></body></html>"
        );
        let (_, slim) = scan_and_strip(&html, &STRIP);
        assert_eq!(slim.articles, 2);
        // Two article elements: not taken apart.
        assert_eq!(slim.only_article(0.5), None);
        let html = html.replace("<article>innen</article>", "");
        let (_, slim) = scan_and_strip(&html, &STRIP);
        let only = slim.only_article(0.5).unwrap();
        assert!(only.starts_with("<!DOCTYPE html><html><head><title>T</title></head><body><article class=\"story\"><aside>Kasten</aside><p>"), "{only}");
        assert!(only.ends_with("</p></article></body></html>"), "{only}");
        assert!(!only.contains("Kopf") && !only.contains("Rand"));
        // Not most of the text: the whole page.
        let html = html.replace("<header>Kopf</header>", &format!("<div>{body}{body}</div>"));
        let (_, slim) = scan_and_strip(&html, &STRIP);
        assert_eq!(slim.only_article(0.5), None);
        // itemprop=articleBody, never closed.
        let html = format!("<body><div>Menü</div><div itemprop=\"articleBody\"><div><p>{body}");
        let (_, slim) = scan_and_strip(&html, &STRIP);
        let only = slim.only_article(0.5).unwrap();
        assert!(
            only.starts_with(r#"<!DOCTYPE html><body><div itemprop="articleBody"><div><p>Der"#),
            "{only}"
        );
        assert!(!only.contains("Menü"));
    }

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
