//! Server-rendered dashboard pages. Every piece of corpus text reaches the
//! page through [`esc`] (element text and attribute values alike) and every
//! id in a link through [`path_enc`], so an article carrying markup shows it
//! as text.

use std::fmt::Write;

use depesche::schema::Analysis;
use depesche_store::query::{MARK_CLOSE, MARK_OPEN};

use crate::api::{
    EntityDetail, EntitySummary, Hit, Place, Quote, SearchPage, StoryDetail, StorySummary,
};
use crate::render::{article_text, entity_href, kind_str};

/// The one escape function: safe in element text and in quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a path segment or query value (all but unreserved bytes).
pub fn path_enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// A page: the shared head, navigation and footer around `body`.
pub fn page(title: &str, active: &str, body: &str) -> String {
    let nav = [
        ("/", "Search"),
        ("/entities", "Entities"),
        ("/quotes", "Quotes"),
        ("/stories", "Stories"),
        ("/map", "Map"),
        ("/api/docs", "API"),
    ];
    let mut links = String::new();
    for (href, label) in nav {
        let cls = if label == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(links, "<a href=\"{href}\"{cls}>{label}</a>");
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · depesche</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>\
         <body><header><a class=\"brand\" href=\"/\">depesche</a><nav>{links}</nav></header>\
         <main>{body}</main><footer>depesche · read-only corpus browser · \
         <a href=\"/api/openapi.json\">OpenAPI</a></footer>\
         <script src=\"/assets/app.js\"></script></body></html>",
        esc(title)
    )
}

/// A snippet with its [marks] as `<mark>` (escaped first).
fn snippet_html(s: &str) -> String {
    esc(s)
        .replace(MARK_OPEN, "<mark>")
        .replace(MARK_CLOSE, "</mark>")
}

fn search_form(q: &str) -> String {
    format!(
        "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search the corpus: words, &quot;a phrase&quot;, prefix*, -not\" aria-label=\"Search\" autofocus>\
         <button type=\"submit\">Search</button></form>",
        esc(q)
    )
}

fn hit_html(h: &Hit) -> String {
    let mut meta = Vec::new();
    if let Some(s) = &h.source {
        meta.push(esc(s));
    }
    if let Some(p) = &h.published {
        meta.push(esc(p));
    }
    if let Some(d) = &h.duplicate_of {
        meta.push(format!(
            "copy of <a href=\"/articles/{}\">{}</a>",
            path_enc(d),
            esc(d)
        ));
    }
    if let Some(s) = h.story_id {
        meta.push(format!("<a href=\"/stories/{s}\">story {s}</a>"));
    }
    format!(
        "<li class=\"hit\"><a class=\"hit-title\" href=\"/articles/{}\">{}</a>\
         <div class=\"meta\">{}</div><p class=\"snippet\">{}</p></li>",
        path_enc(&h.id),
        esc(h.title.as_deref().unwrap_or(&h.id)),
        meta.join(" · "),
        snippet_html(&h.snippet)
    )
}

/// Corpus figures for the front page.
pub struct Overview {
    pub articles: i64,
    pub entities: i64,
    pub quotes: i64,
    pub places: i64,
    pub top: Vec<(&'static str, Vec<EntitySummary>)>,
}

pub fn home(overview: &Overview, q: &str, result: Option<Result<SearchPage, String>>) -> String {
    let mut b = String::new();
    b.push_str(&search_form(q));
    match result {
        Some(Ok(r)) => {
            let _ = write!(b, "<h2>Results for “{}”</h2>", esc(&r.q));
            if r.hits.is_empty() {
                b.push_str("<p class=\"empty\">Nothing found.</p>");
            }
            b.push_str("<ol class=\"hits\">");
            for h in &r.hits {
                b.push_str(&hit_html(h));
            }
            b.push_str("</ol>");
            pager(
                &mut b,
                &format!("/?q={}", path_enc(&r.q)),
                r.offset,
                r.limit,
                r.next_offset,
            );
        }
        Some(Err(m)) => {
            let _ = write!(b, "<p class=\"error\">{}</p>", esc(&m));
        }
        None => {
            let _ = write!(
                b,
                "<section class=\"stats\"><div><b>{}</b> articles</div><div><b>{}</b> entity mentions</div>\
                 <div><b>{}</b> quotes</div><div><b>{}</b> geocoded places</div></section>",
                overview.articles, overview.entities, overview.quotes, overview.places
            );
            b.push_str("<section class=\"tops\">");
            for (label, list) in &overview.top {
                let _ = write!(b, "<div class=\"card\"><h3>{label}</h3><ol>");
                for e in list {
                    let _ = write!(
                        b,
                        "<li><a href=\"/entities/{}\">{}</a> <span class=\"n\">{}</span></li>",
                        path_enc(&e.key),
                        esc(&e.name),
                        e.mentions
                    );
                }
                b.push_str("</ol></div>");
            }
            b.push_str("</section>");
        }
    }
    page(if q.is_empty() { "Search" } else { q }, "Search", &b)
}

fn pager(b: &mut String, base: &str, offset: usize, limit: usize, next: Option<usize>) {
    let sep = if base.contains('?') { '&' } else { '?' };
    b.push_str("<nav class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            b,
            "<a href=\"{}{sep}offset={}\">← previous</a>",
            esc(base),
            offset.saturating_sub(limit)
        );
    }
    if let Some(n) = next {
        let _ = write!(b, "<a href=\"{}{sep}offset={n}\">next →</a>", esc(base));
    }
    b.push_str("</nav>");
}

const LEGEND: &str = "<div class=\"legend\" id=\"legend\">\
<button type=\"button\" data-hide=\"per\"><span class=\"ent per\">Person</span></button>\
<button type=\"button\" data-hide=\"org\"><span class=\"ent org\">Organisation</span></button>\
<button type=\"button\" data-hide=\"loc\"><span class=\"ent loc\">Place</span></button>\
<button type=\"button\" data-hide=\"misc\"><span class=\"ent misc\">Other name</span></button>\
<button type=\"button\" data-hide=\"tx\"><mark class=\"tx\">Time</mark></button>\
<button type=\"button\" data-hide=\"drv\"><mark class=\"drv\">Derived place</mark></button>\
<button type=\"button\" data-hide=\"q\"><span class=\"q\">Quote</span></button>\
</div>";

/// The article page: highlighted text, credit line, furniture apart, and
/// tables of quotes, times and places.
pub fn article(
    a: &Analysis,
    story_id: Option<i64>,
    duplicate_of: Option<&str>,
    copies: &[String],
) -> String {
    let (body, furniture) = article_text(a);
    let mut b = String::new();
    let mut meta = Vec::new();
    if let Some(s) = &a.source {
        meta.push(esc(s));
    }
    if let Some(p) = &a.published {
        meta.push(esc(p));
    }
    meta.push(esc(&a.lang));
    if let Some(u) = &a.url {
        // Shown, not linked: this page stays offline.
        meta.push(format!("<span class=\"url\">{}</span>", esc(u)));
    }
    if let Some(s) = story_id {
        meta.push(format!("<a href=\"/stories/{s}\">story {s}</a>"));
    }
    if let Some(d) = duplicate_of {
        meta.push(format!(
            "agency copy of <a href=\"/articles/{}\">{}</a>",
            path_enc(d),
            esc(d)
        ));
    }
    let _ = write!(
        b,
        "<div class=\"meta\">{} · <a href=\"/api/articles/{}\">JSON</a></div>",
        meta.join(" · "),
        path_enc(&a.id)
    );
    b.push_str(LEGEND);
    let _ = write!(
        b,
        "<div class=\"article-grid\"><article class=\"text\">{body}</article><aside>"
    );
    // Credit line.
    let c = &a.credit;
    b.push_str("<section class=\"credit\"><h3>Credit</h3><dl>");
    for (label, list) in [
        ("Agencies", &c.agencies),
        ("Authors", &c.authors),
        ("Editors", &c.editors),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|s| esc(s)).collect();
            let _ = write!(b, "<dt>{label}</dt><dd>{}</dd>", names.join(", "));
        }
    }
    if let Some(d) = &c.dateline {
        let _ = write!(b, "<dt>Dateline</dt><dd>{}</dd>", esc(d));
    }
    if c.agencies.is_empty() && c.authors.is_empty() && c.editors.is_empty() && c.dateline.is_none()
    {
        b.push_str("<dd class=\"empty\">none found</dd>");
    }
    b.push_str("</dl></section>");
    if !copies.is_empty() {
        b.push_str("<section><h3>Agency copies</h3><ul>");
        for id in copies {
            let _ = write!(
                b,
                "<li><a href=\"/articles/{}\">{}</a></li>",
                path_enc(id),
                esc(id)
            );
        }
        b.push_str("</ul></section>");
    }
    if !furniture.is_empty() {
        let _ = write!(
            b,
            "<section class=\"furniture-box\"><h3>Page furniture, captions, credits</h3><ul>{furniture}</ul></section>"
        );
    }
    // Entities by type.
    b.push_str("<section><h3>Entities</h3>");
    for kind in ["PER", "ORG", "LOC", "MISC"] {
        let mut es: Vec<_> = a
            .entities
            .iter()
            .filter(|e| kind_str(e.kind) == kind)
            .collect();
        if es.is_empty() {
            continue;
        }
        es.sort_by(|x, y| {
            y.mentions
                .len()
                .cmp(&x.mentions.len())
                .then(x.name.cmp(&y.name))
        });
        let _ = write!(b, "<p class=\"chips\"><span class=\"label\">{kind}</span>");
        for e in es {
            let _ = write!(
                b,
                "<a class=\"ent {}\" href=\"{}\">{} <small>{}</small></a> ",
                kind.to_ascii_lowercase(),
                esc(&entity_href(kind, &e.name)),
                esc(&e.name),
                e.mentions.len()
            );
        }
        b.push_str("</p>");
    }
    b.push_str("</section></aside></div>");
    // Quotes.
    if !a.quotes.is_empty() {
        b.push_str("<section><h2>Quotes</h2><table class=\"quotes\"><thead><tr><th>Speaker</th><th>Quote</th><th>Cue</th></tr></thead><tbody>");
        for q in &a.quotes {
            let speaker =
                q.speaker
                    .as_ref()
                    .map(|s| match a.entities.iter().find(|e| &e.id == s) {
                        Some(e) => format!(
                            "<a href=\"{}\">{}</a>",
                            esc(&entity_href(kind_str(e.kind), &e.name)),
                            esc(&e.name)
                        ),
                        None => esc(s),
                    });
            let _ = write!(
                b,
                "<tr><td>{}</td><td class=\"qt {}\">{}</td><td>{}</td></tr>",
                speaker.unwrap_or_else(|| "<span class=\"empty\">unknown</span>".into()),
                esc(&q.kind),
                esc(&q.text),
                esc(opt(&q.cue))
            );
        }
        b.push_str("</tbody></table></section>");
    }
    if !a.times.is_empty() {
        b.push_str("<section><h2>Time expressions</h2><table><thead><tr><th>Text</th><th>Type</th><th>Value</th></tr></thead><tbody>");
        for t in &a.times {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&t.text),
                esc(&t.kind),
                esc(opt(&t.value))
            );
        }
        b.push_str("</tbody></table></section>");
    }
    if !a.places.is_empty() {
        b.push_str("<section><h2>Places</h2><table><thead><tr><th>Place</th><th>Country</th><th>Kind</th><th>Coordinates</th></tr></thead><tbody>");
        for p in &a.places {
            let coords = match (p.lat, p.lon) {
                (Some(la), Some(lo)) => format!("{la:.3}, {lo:.3}"),
                _ => String::new(),
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.name),
                esc(opt(&p.country)),
                esc(&p.kind),
                coords
            );
        }
        b.push_str("</tbody></table></section>");
    }
    let title = a.title.clone().unwrap_or_else(|| a.id.clone());
    page(&title, "", &b)
}

/// Mentions over time as an SVG bar chart; days are summed per month when
/// they are many.
fn timeline_svg(days: &[crate::api::DayCount]) -> String {
    let dated: Vec<(&str, i64)> = days
        .iter()
        .filter_map(|d| d.date.as_deref().map(|x| (x, d.mentions)))
        .collect();
    if dated.is_empty() {
        return "<p class=\"empty\">No dated mentions.</p>".into();
    }
    let mut bins: Vec<(String, i64)> = Vec::new();
    let monthly = dated.len() > 60;
    for (d, n) in dated {
        let key = if monthly {
            d.get(..7).unwrap_or(d).to_string()
        } else {
            d.to_string()
        };
        match bins.last_mut() {
            Some(l) if l.0 == key => l.1 += n,
            _ => bins.push((key, n)),
        }
    }
    let (w, h, pad) = (720.0_f64, 160.0_f64, 24.0_f64);
    let max = bins.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let bw = (w - 2.0 * pad) / bins.len() as f64;
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Mentions over time\">"
    );
    for (i, (label, n)) in bins.iter().enumerate() {
        let bh = (h - 2.0 * pad) * (*n as f64) / max;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {} mentions</title></rect>",
            pad + i as f64 * bw + bw * 0.1,
            h - pad - bh,
            (bw * 0.8).max(1.0),
            bh,
            esc(label),
            n
        );
    }
    let first = &bins[0].0;
    let last = &bins[bins.len() - 1].0;
    let _ = write!(
        s,
        "<line x1=\"{pad}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" class=\"axis\"/>\
         <text x=\"{pad}\" y=\"{2}\">{3}</text><text x=\"{1}\" y=\"{2}\" text-anchor=\"end\">{4}</text>\
         <text x=\"{pad}\" y=\"14\">{5} max/{6}</text></svg>",
        h - pad,
        w - pad,
        h - 6.0,
        esc(first),
        esc(last),
        max,
        if monthly { "month" } else { "day" }
    );
    s
}

fn quotes_list(qs: &[Quote], with_speaker: bool) -> String {
    if qs.is_empty() {
        return "<p class=\"empty\">None.</p>".into();
    }
    let mut b = String::from("<ul class=\"quote-list\">");
    for q in qs {
        let who = match (&q.speaker, with_speaker) {
            (Some(s), true) => format!(
                "<a href=\"/quotes?speaker={}\">{}</a> · ",
                path_enc(s),
                esc(s)
            ),
            _ => String::new(),
        };
        let _ = write!(
            b,
            "<li><blockquote>{}</blockquote><div class=\"meta\">{who}<a href=\"/articles/{}\">{}</a> {}</div></li>",
            esc(&q.text),
            path_enc(&q.id),
            esc(&q.id),
            esc(opt(&q.published))
        );
    }
    b.push_str("</ul>");
    b
}

pub fn entity(d: &EntityDetail) -> String {
    let s = &d.summary;
    let mut b = format!(
        "<h1><span class=\"ent {}\">{}</span></h1><div class=\"meta\">{} · {} mentions in {} articles · {} – {} · <a href=\"/api/entities/{}\">JSON</a></div>",
        s.kind.to_ascii_lowercase(),
        esc(&s.name),
        esc(&s.kind),
        s.mentions,
        s.articles,
        esc(opt(&s.first_seen)),
        esc(opt(&s.last_seen)),
        path_enc(&s.key)
    );
    if !d.roles.is_empty() {
        let roles: Vec<String> = d
            .roles
            .iter()
            .map(|r| format!("{} <small>{}</small>", esc(&r.role), r.count))
            .collect();
        let _ = write!(b, "<p class=\"roles\">Roles: {}</p>", roles.join(", "));
    }
    let _ = write!(
        b,
        "<h2>Mentions over time</h2>{}",
        timeline_svg(&d.timeline)
    );
    b.push_str("<div class=\"two\"><section><h2>Quotes by</h2>");
    b.push_str(&quotes_list(&d.quotes_by, false));
    b.push_str("<h2>Quotes about</h2>");
    b.push_str(&quotes_list(&d.quotes_about, true));
    b.push_str("</section><section><h2>Named with</h2><p class=\"chips\">");
    for c in &d.co_occurring {
        let _ = write!(
            b,
            "<a class=\"ent {}\" href=\"/entities/{}\">{} <small>{}</small></a> ",
            c.kind.to_ascii_lowercase(),
            path_enc(&c.key),
            esc(&c.name),
            c.shared_articles
        );
    }
    b.push_str("</p><h2>Articles</h2><ul class=\"refs\">");
    for a in &d.articles {
        let _ = write!(
            b,
            "<li><a href=\"/articles/{}\">{}</a> <span class=\"meta\">{} {}</span></li>",
            path_enc(&a.id),
            esc(a.title.as_deref().unwrap_or(&a.id)),
            esc(opt(&a.source)),
            esc(opt(&a.published))
        );
    }
    b.push_str("</ul></section></div>");
    page(&s.name, "Entities", &b)
}

pub fn entity_list(
    list: &[EntitySummary],
    kind: &str,
    q: &str,
    offset: usize,
    limit: usize,
    next: Option<usize>,
) -> String {
    let mut b = String::from("<h1>Entities</h1><form class=\"filters\" action=\"/entities\">");
    let _ = write!(
        b,
        "<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Name contains…\" aria-label=\"Name\"><select name=\"type\" aria-label=\"Type\">",
        esc(q)
    );
    for (v, label) in [
        ("", "All types"),
        ("PER", "Persons"),
        ("ORG", "Organisations"),
        ("LOC", "Places"),
        ("MISC", "Other"),
    ] {
        let sel = if v.eq_ignore_ascii_case(kind) {
            " selected"
        } else {
            ""
        };
        let _ = write!(b, "<option value=\"{v}\"{sel}>{label}</option>");
    }
    b.push_str("</select><button type=\"submit\">Filter</button></form>");
    b.push_str("<table class=\"list\"><thead><tr><th>Name</th><th>Type</th><th>Mentions</th><th>Articles</th><th>Seen</th></tr></thead><tbody>");
    for e in list {
        let _ = write!(
            b,
            "<tr><td><a href=\"/entities/{}\">{}</a></td><td><span class=\"ent {}\">{}</span></td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
            path_enc(&e.key),
            esc(&e.name),
            e.kind.to_ascii_lowercase(),
            esc(&e.kind),
            e.mentions,
            e.articles,
            esc(opt(&e.first_seen)),
            esc(opt(&e.last_seen))
        );
    }
    b.push_str("</tbody></table>");
    pager(
        &mut b,
        &format!("/entities?type={}&q={}", path_enc(kind), path_enc(q)),
        offset,
        limit,
        next,
    );
    page("Entities", "Entities", &b)
}

pub fn quotes(
    qs: &[Quote],
    speaker: &str,
    q: &str,
    offset: usize,
    limit: usize,
    next: Option<usize>,
) -> String {
    let mut b = String::from("<h1>Quotes</h1><form class=\"filters\" action=\"/quotes\">");
    let _ = write!(
        b,
        "<input type=\"search\" name=\"speaker\" value=\"{}\" placeholder=\"Speaker\" aria-label=\"Speaker\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Words in the quote\" aria-label=\"Words\">\
         <button type=\"submit\">Filter</button></form>",
        esc(speaker),
        esc(q)
    );
    b.push_str(&quotes_list(qs, true));
    pager(
        &mut b,
        &format!("/quotes?speaker={}&q={}", path_enc(speaker), path_enc(q)),
        offset,
        limit,
        next,
    );
    page("Quotes", "Quotes", &b)
}

pub fn stories(list: &[StorySummary], offset: usize, limit: usize, next: Option<usize>) -> String {
    let mut b = String::from("<h1>Stories</h1><p class=\"meta\">Reports of one event across articles; agency copies grouped.</p>");
    if list.is_empty() {
        b.push_str("<p class=\"empty\">No story has more than one article.</p>");
    }
    b.push_str("<table class=\"list\"><thead><tr><th>Story</th><th>Articles</th><th>Distinct texts</th><th>Published</th></tr></thead><tbody>");
    for s in list {
        let _ = write!(
            b,
            "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
            s.story_id,
            esc(s.title.as_deref().unwrap_or("(untitled)")),
            s.articles,
            s.distinct_texts,
            esc(opt(&s.first_published)),
            esc(opt(&s.last_published))
        );
    }
    b.push_str("</tbody></table>");
    pager(&mut b, "/stories", offset, limit, next);
    page("Stories", "Stories", &b)
}

pub fn story(d: &StoryDetail) -> String {
    let s = &d.summary;
    let mut b = format!(
        "<h1>{}</h1><div class=\"meta\">story {} · {} articles, {} distinct texts · {} – {} · <a href=\"/api/stories/{}\">JSON</a></div><div class=\"columns\">",
        esc(s.title.as_deref().unwrap_or("(untitled)")),
        s.story_id,
        s.articles,
        s.distinct_texts,
        esc(opt(&s.first_published)),
        esc(opt(&s.last_published)),
        s.story_id
    );
    for m in &d.members {
        let copy = match &m.duplicate_of {
            Some(o) => format!(
                "<div class=\"badge\">copy of <a href=\"/articles/{}\">{}</a></div>",
                path_enc(o),
                esc(o)
            ),
            None => String::new(),
        };
        let _ = write!(
            b,
            "<article class=\"col\"><h3><a href=\"/articles/{}\">{}</a></h3><div class=\"meta\">{} {}</div>{copy}<div class=\"coltext\">",
            path_enc(&m.id),
            esc(m.title.as_deref().unwrap_or(&m.id)),
            esc(opt(&m.source)),
            esc(opt(&m.published))
        );
        for para in m.text.lines().filter(|l| !l.trim().is_empty()) {
            let _ = write!(b, "<p>{}</p>", esc(para));
        }
        b.push_str("</div></article>");
    }
    b.push_str("</div>");
    page(s.title.as_deref().unwrap_or("Story"), "Stories", &b)
}

/// The world outline: an SVG path in a 720×360 equirectangular frame
/// (x = (lon + 180) · 2, y = (90 − lat) · 2), built by
/// `scripts/world-outline.py` from Natural Earth's 110 m land polygons.
const WORLD_PATH: &str = include_str!("assets/world-110m.path");

pub fn map(places: &[Place]) -> String {
    let mut b = String::from("<h1>Places</h1><p class=\"meta\">Geocoded places of the corpus; the larger the dot, the more articles name it.</p>");
    b.push_str("<div class=\"map\"><svg viewBox=\"0 0 720 360\" role=\"img\" aria-label=\"World map of places\">");
    b.push_str("<rect class=\"sea\" width=\"720\" height=\"360\"/>");
    for lon in (-150..=150).step_by(30) {
        let x = (lon + 180) * 2;
        let _ = write!(
            b,
            "<line class=\"grid\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"360\"/>"
        );
    }
    for lat in (-60..=60).step_by(30) {
        let y = (90 - lat) * 2;
        let _ = write!(
            b,
            "<line class=\"grid\" x1=\"0\" y1=\"{y}\" x2=\"720\" y2=\"{y}\"/>"
        );
    }
    let _ = write!(b, "<path class=\"land\" d=\"{}\"/>", WORLD_PATH.trim());
    let max = places.iter().map(|p| p.articles).max().unwrap_or(1).max(1) as f64;
    // Largest first, so small dots stay on top and clickable.
    let mut sorted: Vec<&Place> = places.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.articles));
    for p in sorted {
        if !(p.lat.is_finite() && p.lon.is_finite()) || p.lat.abs() > 90.0 || p.lon.abs() > 180.0 {
            continue;
        }
        let (x, y) = ((p.lon + 180.0) * 2.0, (90.0 - p.lat) * 2.0);
        let r = 1.5 + 8.0 * ((p.articles as f64) / max).sqrt();
        let href = match &p.entity_key {
            Some(k) => format!("/entities/{}", path_enc(k)),
            None => format!("/?q={}", path_enc(&p.name)),
        };
        let _ = write!(
            b,
            "<a href=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{} ({}): {} articles</title></circle></a>",
            esc(&href),
            esc(&p.name),
            esc(opt(&p.country)),
            p.articles
        );
    }
    b.push_str("</svg></div><table class=\"list\"><thead><tr><th>Place</th><th>Country</th><th>Kind</th><th>Articles</th></tr></thead><tbody>");
    for p in places.iter().take(50) {
        let href = match &p.entity_key {
            Some(k) => format!("/entities/{}", path_enc(k)),
            None => format!("/?q={}", path_enc(&p.name)),
        };
        let _ = write!(
            b,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&href),
            esc(&p.name),
            esc(opt(&p.country)),
            esc(&p.kind),
            p.articles
        );
    }
    b.push_str("</tbody></table>");
    page("Map", "Map", &b)
}

/// A small page that lists the API from its OpenAPI document (rendered by
/// `app.js`, no third-party UI).
pub fn api_docs() -> String {
    page(
        "API",
        "API",
        "<h1>REST API</h1><p>Read-only, JSON everywhere. The OpenAPI 3 document: \
         <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p><div id=\"api-docs\" data-spec=\"/api/openapi.json\">Loading…</div>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_covers_text_and_attributes() {
        assert_eq!(
            esc("<img src=x onerror='a(\"b\")'>&"),
            "&lt;img src=x onerror=&#39;a(&quot;b&quot;)&#39;&gt;&amp;"
        );
        assert_eq!(path_enc("a/b c?ä"), "a%2Fb%20c%3F%C3%A4");
        assert_eq!(snippet_html("x [<b>] y"), "x <mark>&lt;b&gt;</mark> y");
    }

    #[test]
    fn timeline_bins_by_month_when_long() {
        let days: Vec<crate::api::DayCount> = (0..90)
            .map(|i| crate::api::DayCount {
                date: Some(format!("2025-{:02}-{:02}", 1 + i / 28, 1 + i % 28)),
                mentions: 1,
                articles: 1,
            })
            .collect();
        let svg = timeline_svg(&days);
        assert_eq!(svg.matches("<rect").count(), 4, "{svg}");
        assert!(svg.contains("max/month"));
        assert!(timeline_svg(&[]).contains("No dated"));
    }
}
