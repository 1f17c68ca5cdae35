//! HTML pages → article text with block kinds and metadata.
//!
//! Three steps (see docs/extraction.md for why and how it was measured):
//! 1. [`meta::scan`]: one linear pass over the page for metadata (title,
//!    dates, canonical URL, site name, language, charset) and its nesting depth;
//! 2. the main-content core, `dom_smoothie` (a Readability implementation),
//!    finds the article container and cleans it;
//! 3. our own walk over the cleaned content turns it into blocks (title,
//!    teaser, subheadings, paragraphs, captions, credits) and moves link lists,
//!    "Mehr zum Thema"/"Lesen Sie auch" boxes, share bars and the like to
//!    furniture.
//!
//! Pages the core cannot take (nesting deeper than [`MAX_DEPTH`], pages over
//! [`MAX_CORE_BYTES`], or no content found) go through a plain fallback:
//! visible text by block elements, classified later like plain text, with a
//! warning in `input.warnings`.

pub mod meta;
pub mod scan;

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Map;

use crate::schema::{Block, BlockKind, InputInfo};
use crate::structure;

use super::{decode, normalize, DecodeError, Document, ReadError, ReadResult};
pub use meta::Meta;
use scan::{decode_entities, tokens, Token};

/// Pages nested deeper than this skip the main-content core (its cost grows
/// with depth × size) and use the fallback.
pub const MAX_DEPTH: usize = 400;
/// Pages larger than this (after decoding) skip the core and use the fallback.
pub const MAX_CORE_BYTES: usize = 8 * 1024 * 1024;

/// Elements removed before the core parses the page: never article text.
/// (Readability drops footers, asides, forms' controls and navigation too.)
const STRIP_FOR_CORE: &[&str] = &[
    "script", "style", "svg", "noscript", "template", "iframe", "select", "button", "nav",
    "textarea", "object", "embed",
];

/// Elements removed before the core when they stand outside the article
/// (`<article>`, `itemprop=articleBody`): page furniture.
const STRIP_OUTSIDE_ARTICLE: &[&str] = &["aside", "footer", "dialog"];

/// Attributes the core (scoring by class and id, links, images, metadata)
/// and our walk (class, id) read; all others are dropped before the core.
const KEEP_ATTRS: &[&str] = &[
    "class", "id", "href", "datetime", "lang", "itemprop", "property", "content", "name", "rel",
    "role", "src", "alt",
];

/// The core gets only the page's one article when it holds more than this
/// share of the text.
const ARTICLE_SHARE: f64 = 0.5;

/// One extracted block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlBlock {
    pub kind: BlockKind,
    pub text: String,
}

/// The result of extracting one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    /// Blocks in reading order (the title not included). Empty when the
    /// fallback was used: then `fallback_text` holds the page's visible text.
    pub blocks: Vec<HtmlBlock>,
    pub fallback_text: Option<String>,
    pub byline: Option<String>,
    pub published: Option<NaiveDate>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`), else the URL given.
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    pub warnings: Vec<String>,
}

impl Extracted {
    /// The article body as the benchmark defines it: teaser, subheading and
    /// paragraph blocks joined with newlines.
    pub fn body(&self) -> String {
        if let Some(t) = &self.fallback_text {
            return t.clone();
        }
        let parts: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| {
                matches!(
                    b.kind,
                    BlockKind::Teaser | BlockKind::Subheading | BlockKind::Paragraph
                )
            })
            .map(|b| b.text.as_str())
            .collect();
        parts.join("\n")
    }
}

/// Extract the article from an HTML page (already decoded). `url` is where
/// the page came from, if known (used for relative dates in the URL).
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    // Scripts, styles, inline graphics and the like are often most of a page's
    // bytes and never article text: the core gets the page without them, and
    // without the attributes neither it nor our walk reads.
    let (meta, slim) = meta::scan_and_strip(
        html,
        &meta::Strip {
            drop: STRIP_FOR_CORE,
            drop_outside_article: STRIP_OUTSIDE_ARTICLE,
            keep_attrs: KEEP_ATTRS,
        },
    );
    // A page with one article that holds most of the text: the core gets that
    // article alone (the metadata was read from the whole page above).
    let slim = slim.only_article(ARTICLE_SHARE).unwrap_or(slim.html);
    let mut out = Extracted {
        byline: meta.author.clone(),
        published: meta.published,
        url: meta
            .canonical
            .clone()
            .filter(|c| c.starts_with("http"))
            .or_else(|| url.map(str::to_string)),
        site_name: meta.site_name.clone(),
        lang: meta.lang.clone(),
        ..Extracted::default()
    };
    if out.published.is_none() {
        out.published = url
            .and_then(meta::date_from_url)
            .or_else(|| meta.canonical.as_deref().and_then(meta::date_from_url));
    }
    let core = if meta.max_depth > MAX_DEPTH {
        out.warnings.push(format!(
            "the page nests elements {} deep (limit {MAX_DEPTH}); used the plain fallback extractor",
            meta.max_depth
        ));
        None
    } else if html.len() > MAX_CORE_BYTES {
        out.warnings.push(format!(
            "the page is {} bytes (limit {MAX_CORE_BYTES} for the main-content extractor); used the plain fallback extractor",
            html.len()
        ));
        None
    } else {
        run_core(&slim, url, &mut out.warnings)
    };
    match core {
        Some(article) => {
            let title = [
                meta.headline.as_deref(),
                Some(article.title.as_str()),
                meta.title.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(collapse)
            .find(|t| !t.is_empty());
            if out.byline.is_none() {
                out.byline = article
                    .byline
                    .as_deref()
                    .map(collapse)
                    .filter(|b| !b.is_empty());
            }
            if out.site_name.is_none() {
                out.site_name = article.site_name.clone();
            }
            if out.lang.is_none() {
                out.lang = article.lang.clone();
            }
            if out.published.is_none() {
                out.published = article
                    .published_time
                    .as_deref()
                    .and_then(meta::parse_date_loose);
            }
            out.blocks = to_blocks(
                walk(&article.content),
                title.as_deref(),
                meta.description.as_deref(),
            );
            out.title = title;
        }
        None => {
            out.title = meta.headline.clone().or(meta.title.clone());
            out.fallback_text = Some(fallback_text(html));
        }
    }
    out
}

struct CoreArticle {
    title: String,
    byline: Option<String>,
    content: String,
    site_name: Option<String>,
    lang: Option<String>,
    published_time: Option<String>,
}

fn run_core(html: &str, url: Option<&str>, warnings: &mut Vec<String>) -> Option<CoreArticle> {
    let cfg = dom_smoothie::Config {
        keep_classes: true,
        ..Default::default()
    };
    let url = url.filter(|u| u.starts_with("http"));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut r = dom_smoothie::Readability::new(html, url, Some(cfg))?;
        r.parse()
    }));
    match result {
        Ok(Ok(a)) => Some(CoreArticle {
            title: a.title,
            byline: a.byline,
            content: a.content.to_string(),
            site_name: a.site_name,
            lang: a.lang,
            published_time: a.published_time,
        }),
        Ok(Err(e)) => {
            warnings.push(format!(
                "no article container found ({e}); used the plain fallback extractor"
            ));
            None
        }
        Err(_) => {
            warnings.push(
                "the main-content extractor failed on this page; used the plain fallback extractor"
                    .into(),
            );
            None
        }
    }
}

/// Collapse whitespace (NBSP included) to single spaces.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Where text stands: decides the block kind a flushed run of text gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Body,
    Heading(u8),
    Caption,
    Item,
    Quote,
    Cell,
}

/// What a class or id says about an element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Furniture,
    Caption,
    Credit,
    Teaser,
}

/// Block-level elements: text before and after them is a separate block.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
];

/// Class and id fragments per block kind (`resources/common/html_classes.txt`).
struct ClassHints {
    furniture: Vec<String>,
    caption: Vec<String>,
    credit: Vec<String>,
    teaser: Vec<String>,
}

fn class_hints() -> &'static ClassHints {
    static HINTS: std::sync::OnceLock<ClassHints> = std::sync::OnceLock::new();
    HINTS.get_or_init(|| {
        let data = crate::langdata::LangData::common();
        let list = |section: &str| -> Vec<String> {
            data.words("html_classes", section)
                .map(str::to_string)
                .collect()
        };
        ClassHints {
            furniture: list("furniture"),
            caption: list("caption"),
            credit: list("credit"),
            teaser: list("teaser"),
        }
    })
}

fn mark_of(class_id: &str) -> Option<Mark> {
    let l = class_id.to_ascii_lowercase();
    let has = |xs: &[String]| xs.iter().any(|x| l.contains(x.as_str()));
    let hints = class_hints();
    if has(&hints.furniture) {
        return Some(Mark::Furniture);
    }
    if has(&hints.caption) {
        return Some(Mark::Caption);
    }
    if has(&hints.credit) {
        return Some(Mark::Credit);
    }
    // "teaser" alone or as the end of a class ("article-teaser"); "teaser-list" is furniture.
    if l.split_whitespace()
        .any(|t| t.ends_with("teaser") && t.len() <= 20)
    {
        return Some(Mark::Teaser);
    }
    if has(&hints.teaser) {
        return Some(Mark::Teaser);
    }
    None
}

struct Frame {
    name: String,
    ctx: Ctx,
    mark: Option<Mark>,
    link: bool,
    id: usize,
}

/// A run of text as walked, before classification.
#[derive(Debug, Clone)]
struct Raw {
    ctx: Ctx,
    mark: Option<Mark>,
    /// The element the mark came from.
    mark_from: usize,
    text: String,
    link_chars: usize,
}

struct Walker {
    stack: Vec<Frame>,
    buf: String,
    link_chars: usize,
    out: Vec<Raw>,
    pre: usize,
    /// Context of the first text in `buf` (inline elements may close before the flush).
    first: Option<(Ctx, Option<Mark>, usize)>,
}

impl Walker {
    fn ctx(&self) -> (Ctx, Option<Mark>, usize, bool) {
        let mut ctx = Ctx::Body;
        let mut mark = None;
        let mut mark_from = 0;
        let mut link = false;
        for f in &self.stack {
            if ctx == Ctx::Body || f.ctx != Ctx::Body {
                // The innermost specific context wins, except captions, which stick.
                if ctx != Ctx::Caption {
                    ctx = if f.ctx == Ctx::Body { ctx } else { f.ctx };
                }
            }
            if f.mark.is_some() && mark != Some(Mark::Furniture) {
                mark = f.mark;
                mark_from = f.id;
            }
            link |= f.link;
        }
        (ctx, mark, mark_from, link)
    }

    fn flush(&mut self) {
        let text = collapse(&self.buf);
        if !text.is_empty() {
            let (ctx, mark, mark_from) = match self.first {
                Some(f) => f,
                None => {
                    let (c, m, f, _) = self.ctx();
                    (c, m, f)
                }
            };
            self.out.push(Raw {
                ctx,
                mark,
                mark_from,
                link_chars: self.link_chars.min(text.chars().count()),
                text,
            });
        }
        self.buf.clear();
        self.link_chars = 0;
        self.first = None;
    }

    fn text(&mut self, t: &str) {
        let t = decode_entities(t);
        let (ctx, mark, mark_from, link) = self.ctx();
        if self.first.is_none() && !t.trim().is_empty() {
            self.first = Some((ctx, mark, mark_from));
        }
        if link {
            self.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
        }
        if self.pre > 0 && t.contains('\n') {
            // Preformatted text: lines are blocks.
            let mut first = true;
            for line in t.split('\n') {
                if !first {
                    self.flush();
                }
                first = false;
                self.buf.push_str(line);
            }
            return;
        }
        self.buf.push_str(&t);
    }
}

fn ctx_of(name: &str) -> Ctx {
    match name {
        "h1" => Ctx::Heading(1),
        "h2" => Ctx::Heading(2),
        "h3" => Ctx::Heading(3),
        "h4" => Ctx::Heading(4),
        "h5" => Ctx::Heading(5),
        "h6" => Ctx::Heading(6),
        "figcaption" | "figure" => Ctx::Caption,
        "li" | "dt" | "dd" => Ctx::Item,
        "blockquote" => Ctx::Quote,
        "td" | "th" => Ctx::Cell,
        _ => Ctx::Body,
    }
}

/// Walk cleaned article HTML into raw text runs (iterative; bounded stack).
fn walk(content: &str) -> Vec<Raw> {
    let mut w = Walker {
        stack: Vec::new(),
        buf: String::new(),
        link_chars: 0,
        out: Vec::new(),
        pre: 0,
        first: None,
    };
    let mut skip: Option<(String, usize)> = None;
    let mut ids = 1usize;
    for tok in tokens(content) {
        match tok {
            Token::Start(tag) => {
                let name = tag.name.as_str();
                if let Some((s, n)) = &mut skip {
                    if s == name && !tag.self_closing {
                        *n += 1;
                    }
                    continue;
                }
                if matches!(
                    name,
                    "script" | "style" | "noscript" | "svg" | "button" | "select" | "template"
                ) && !tag.self_closing
                {
                    skip = Some((name.to_string(), 1));
                    continue;
                }
                if BLOCK_TAGS.contains(&name) {
                    w.flush();
                }
                if scan::VOID.contains(&name) || tag.self_closing {
                    continue;
                }
                if name == "pre" {
                    w.pre += 1;
                }
                let class_id = format!(
                    "{} {}",
                    tag.attr("class").unwrap_or_default(),
                    tag.attr("id").unwrap_or_default()
                );
                if w.stack.len() < 512 {
                    w.stack.push(Frame {
                        name: name.to_string(),
                        ctx: ctx_of(name),
                        mark: mark_of(&class_id),
                        link: name == "a",
                        id: ids,
                    });
                    ids += 1;
                }
            }
            Token::End(name) => {
                if let Some((s, n)) = &mut skip {
                    if *s == name {
                        *n -= 1;
                        if *n == 0 {
                            skip = None;
                        }
                    }
                    continue;
                }
                if BLOCK_TAGS.contains(&name.as_str()) {
                    w.flush();
                }
                if name == "pre" {
                    w.pre = w.pre.saturating_sub(1);
                }
                if let Some(at) = w.stack.iter().rposition(|f| f.name == name) {
                    w.stack.truncate(at);
                }
            }
            Token::Text(t) => {
                if skip.is_none() {
                    w.text(t);
                }
            }
            Token::Raw(_) => {}
        }
    }
    w.flush();
    // A class like "entry-content-read-more" on the container of the whole
    // article must not turn the article into furniture: marks of elements that
    // hold much of the text are dropped.
    let total: usize = w.out.iter().map(|r| r.text.len()).sum();
    let mut under: std::collections::HashMap<usize, usize> = Default::default();
    for r in &w.out {
        if r.mark.is_some() {
            *under.entry(r.mark_from).or_default() += r.text.len();
        }
    }
    for r in &mut w.out {
        if r.mark.is_some() && under[&r.mark_from] * 4 > total && under[&r.mark_from] > 300 {
            r.mark = None;
        }
    }
    w.out
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Classify raw runs into blocks (the body of [`extract`]).
fn to_blocks(raws: Vec<Raw>, title: Option<&str>, description: Option<&str>) -> Vec<HtmlBlock> {
    let mut out: Vec<HtmlBlock> = Vec::with_capacity(raws.len());
    let n = raws.len();
    let mut in_link_list = false;
    let mut seen_paragraph = false;
    for (i, r) in raws.iter().enumerate() {
        let text = r.text.as_str();
        let chars = text.chars().count().max(1);
        let words = structure::word_count(text);
        let link_share = r.link_chars as f64 / chars as f64;
        // The headline repeated inside the content.
        if matches!(r.ctx, Ctx::Heading(_))
            && !seen_paragraph
            && title.is_some_and(|t| same_text(t, text))
        {
            continue;
        }
        let next_prose = raws[i + 1..]
            .iter()
            .find(|x| !matches!(x.mark, Some(Mark::Furniture)))
            .is_some_and(|x| {
                !matches!(x.ctx, Ctx::Heading(_))
                    && (structure::ends_like_sentence(&x.text)
                        || structure::word_count(&x.text) > 14)
            });
        let kind = if r.mark == Some(Mark::Furniture) {
            BlockKind::Furniture
        } else if structure::opens_link_list(text) {
            in_link_list = true;
            BlockKind::Furniture
        } else if in_link_list && structure::is_link_like(text) {
            BlockKind::Furniture
        } else if r.ctx == Ctx::Caption || r.mark == Some(Mark::Caption) {
            BlockKind::Caption
        } else if r.mark == Some(Mark::Credit) && words <= 12 {
            BlockKind::Credit
        } else if (link_share > 0.6 && words <= 25 && !structure::ends_like_sentence(text))
            || structure::is_furniture(text)
        {
            BlockKind::Furniture
        } else if structure::is_caption(text) {
            BlockKind::Caption
        } else if !seen_paragraph
            && i < 3
            && words <= 4
            && r.ctx == Ctx::Body
            && !structure::ends_like_sentence(text)
            && raws
                .get(i + 1)
                .is_some_and(|x| matches!(x.ctx, Ctx::Heading(_)))
        {
            // Kickers, labels and dates above the article.
            BlockKind::Furniture
        } else if let Ctx::Heading(_) = r.ctx {
            if words <= 20 && i + 1 < n && next_prose {
                BlockKind::Subheading
            } else if words > 20 {
                BlockKind::Paragraph
            } else {
                BlockKind::Furniture
            }
        } else if structure::credit::credit_line(text, &mut Default::default()) {
            BlockKind::Credit
        } else {
            BlockKind::Paragraph
        };
        if kind != BlockKind::Furniture || !structure::is_link_like(text) {
            in_link_list = in_link_list && kind == BlockKind::Furniture;
        }
        let kind = if kind == BlockKind::Paragraph
            && !seen_paragraph
            && ((r.mark == Some(Mark::Teaser)
                && (structure::ends_like_sentence(text) || words >= 8))
                || description.is_some_and(|d| same_text(d, text)))
        {
            BlockKind::Teaser
        } else {
            kind
        };
        if matches!(kind, BlockKind::Paragraph | BlockKind::Teaser) {
            seen_paragraph = true;
        }
        out.push(HtmlBlock {
            kind,
            text: r.text.clone(),
        });
    }
    out
}

/// Visible text of a page by block elements, for pages the core cannot take.
/// Navigation, headers, footers, asides, forms and scripts are left out.
pub fn fallback_text(html: &str) -> String {
    const HIDDEN: &[&str] = &[
        "script", "style", "noscript", "svg", "nav", "header", "footer", "aside", "form", "select",
        "button", "iframe", "template", "head", "textarea", "title",
    ];
    let mut out = String::new();
    let mut line = String::new();
    let mut hidden = 0usize;
    let push_line = |line: &mut String, out: &mut String| {
        let t = collapse(line);
        if !t.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&t);
        }
        line.clear();
    };
    for tok in tokens(html) {
        match tok {
            Token::Start(tag) => {
                let name = tag.name.as_str();
                if HIDDEN.contains(&name) && !tag.self_closing {
                    hidden += 1;
                }
                if BLOCK_TAGS.contains(&name) {
                    push_line(&mut line, &mut out);
                }
            }
            Token::End(name) => {
                if HIDDEN.contains(&name.as_str()) {
                    hidden = hidden.saturating_sub(1);
                }
                if BLOCK_TAGS.contains(&name.as_str()) {
                    push_line(&mut line, &mut out);
                }
            }
            Token::Text(t) if hidden == 0 && line.len() < 1 << 20 => {
                line.push_str(&decode_entities(t));
            }
            _ => {}
        }
    }
    push_line(&mut line, &mut out);
    out
}

/// Decode HTML bytes: BOM, then the declared charset (checked against the
/// bytes), then UTF-8 if valid, then a statistical guess (chardetng).
pub fn decode_html(bytes: &[u8], max_bytes: usize) -> Result<super::Decoded, DecodeError> {
    decode::refuse_unreadable(bytes, max_bytes)?;
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return decode(bytes, max_bytes);
    }
    // Prescan the head for a declared charset (ASCII-compatible view).
    let head = &bytes[..bytes.len().min(8192)];
    let head_str: String = head.iter().map(|&b| b as char).collect();
    let declared = meta::scan(&head_str)
        .charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let mut warnings = Vec::new();
    let enc = match declared {
        Some(enc) if enc == encoding_rs::UTF_8 => {
            if valid_utf8 {
                enc
            } else {
                let guess = decode::guess(bytes, true);
                warnings.push(format!(
                    "the page declares UTF-8 but is not valid UTF-8; decoded as {}",
                    guess.name()
                ));
                guess
            }
        }
        Some(enc) => {
            // Pages that declare Latin-1 but are really UTF-8 are common.
            if valid_utf8 && !bytes.is_ascii() {
                warnings.push(format!(
                    "the page declares {} but is valid UTF-8; decoded as UTF-8",
                    enc.name()
                ));
                encoding_rs::UTF_8
            } else {
                enc
            }
        }
        None if valid_utf8 => encoding_rs::UTF_8,
        None => {
            let g = decode::guess(bytes, true);
            warnings.push(format!(
                "no charset declared and not valid UTF-8; decoded as {}",
                g.name()
            ));
            g
        }
    };
    let cow = decode::decode_as(enc, bytes, &mut warnings);
    Ok(super::Decoded {
        text: match cow {
            Cow::Borrowed(s) => s.to_string(),
            Cow::Owned(s) => s,
        },
        encoding: enc.name(),
        warnings,
    })
}

/// Build a [`Document`] from extracted parts: the title, then the blocks,
/// separated by blank lines; block kinds go along as hints.
pub fn to_document(
    id: String,
    x: Extracted,
    encoding: &str,
    mut warnings: Vec<String>,
) -> Result<Document, String> {
    warnings.extend(x.warnings.iter().cloned());
    let mut text = String::new();
    let mut hints: Vec<Block> = Vec::new();
    let mut chars = 0usize;
    let mut push = |kind: Option<BlockKind>, s: &str, text: &mut String| {
        let s = normalize(s);
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let n = s.chars().count();
        text.push_str(s);
        if let Some(kind) = kind {
            hints.push(Block {
                kind,
                start: chars,
                end: chars + n,
            });
        }
        chars += n;
    };
    let fallback = x.fallback_text.is_some();
    if let Some(t) = &x.title {
        push((!fallback).then_some(BlockKind::Title), t, &mut text);
    }
    if let Some(f) = &x.fallback_text {
        push(None, f, &mut text);
    } else {
        let in_body = |b: &str| x.blocks.iter().any(|x| x.text.contains(b));
        let mut byline_done = x.byline.as_deref().is_none_or(in_body);
        for b in &x.blocks {
            if !byline_done && b.kind != BlockKind::Teaser {
                if let Some(by) = &x.byline {
                    push(Some(BlockKind::Credit), by, &mut text);
                }
                byline_done = true;
            }
            push(Some(b.kind), &b.text, &mut text);
        }
    }
    if text.trim().is_empty() {
        return Err("no article text found in the page".into());
    }
    Ok(Document {
        id,
        url: x.url,
        source: x.site_name,
        title: None,
        text,
        published: x.published,
        lang: x.lang,
        info: InputInfo {
            format: "html".into(),
            encoding: encoding.into(),
            warnings,
        },
        extra: Map::new(),
        blocks: if fallback { Vec::new() } else { hints },
    })
}

/// Read one HTML page from bytes.
pub fn read_html(origin: String, bytes: &[u8], max_bytes: usize, url: Option<&str>) -> ReadResult {
    let d = decode_html(bytes, max_bytes).map_err(|e| ReadError::new(origin.clone(), e))?;
    let x = extract(&d.text, url);
    to_document(origin.clone(), x, d.encoding, d.warnings).map_err(|e| ReadError::new(origin, e))
}
