//! An article's text with its analysis highlighted (entities by type, time
//! expressions, derived places, quotes with their speakers), like displaCy.
//! Offsets are code points into the normalised text; every piece of text
//! goes through [`esc`].

use std::fmt::Write;

use depesche::schema::{Analysis, BlockKind, EntityType};
use depesche_store::browse::entity_key;

use crate::html::{esc, path_enc};

/// A highlighted span in running text.
struct Mark {
    start: usize,
    end: usize,
    class: &'static str,
    href: Option<String>,
    title: String,
}

/// A quote's extent and who said it.
struct QuoteSpan {
    start: usize,
    end: usize,
    speaker: Option<(String, String)>, // (name, page href)
}

pub fn kind_str(k: EntityType) -> &'static str {
    match k {
        EntityType::PER => "PER",
        EntityType::ORG => "ORG",
        EntityType::LOC => "LOC",
        EntityType::MISC => "MISC",
    }
}

fn entity_class(kind: &str) -> &'static str {
    match kind {
        "PER" => "ent per",
        "ORG" => "ent org",
        "LOC" => "ent loc",
        _ => "ent misc",
    }
}

pub fn entity_href(kind: &str, name: &str) -> String {
    format!("/entities/{}", path_enc(&entity_key(kind, name)))
}

/// Non-overlapping marks, earliest first (the longer one wins a tie).
fn marks(a: &Analysis) -> Vec<Mark> {
    let mut out = Vec::new();
    for e in &a.entities {
        let kind = kind_str(e.kind);
        let mut title = format!("{kind} · {}", e.name);
        if !e.roles.is_empty() {
            let _ = write!(title, " ({})", e.roles.join(", "));
        }
        if let Some(p) = e.place.and_then(|i| a.places.get(i)) {
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                let _ = write!(title, " · {lat:.2}, {lon:.2}");
            }
        }
        for m in &e.mentions {
            out.push(Mark {
                start: m.start,
                end: m.end,
                class: entity_class(kind),
                href: Some(entity_href(kind, &e.name)),
                title: title.clone(),
            });
        }
    }
    for t in &a.times {
        let mut title = t.kind.clone();
        if let Some(v) = &t.value {
            let _ = write!(title, " {v}");
        }
        out.push(Mark {
            start: t.start,
            end: t.end,
            class: "tx",
            href: None,
            title,
        });
    }
    for d in &a.derived {
        let title = match (&d.country, &d.region) {
            (Some(c), _) => format!("place (country {c})"),
            (None, Some(r)) => format!("place (region {r})"),
            _ => "place".to_string(),
        };
        out.push(Mark {
            start: d.start,
            end: d.end,
            class: "drv",
            href: None,
            title,
        });
    }
    out.retain(|m| m.start < m.end);
    out.sort_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)));
    let mut kept: Vec<Mark> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

fn quote_spans(a: &Analysis) -> Vec<QuoteSpan> {
    let mut out: Vec<QuoteSpan> = a
        .quotes
        .iter()
        .filter(|q| q.start < q.end)
        .map(|q| {
            let speaker = q.speaker.as_ref().and_then(|id| {
                a.entities
                    .iter()
                    .find(|e| &e.id == id)
                    .map(|e| (e.name.clone(), entity_href(kind_str(e.kind), &e.name)))
                    .or_else(|| {
                        // A speaker the recogniser did not link to an entity.
                        Some((id.clone(), format!("/quotes?speaker={}", path_enc(id))))
                    })
            });
            QuoteSpan {
                start: q.start,
                end: q.end,
                speaker,
            }
        })
        .collect();
    out.sort_by_key(|q| q.start);
    let mut kept: Vec<QuoteSpan> = Vec::with_capacity(out.len());
    for q in out {
        if kept.last().is_none_or(|k| q.start >= k.end) {
            kept.push(q);
        }
    }
    kept
}

/// The text of `[start, end)` with marks and quotes, as HTML.
fn render_range(
    chars: &[char],
    start: usize,
    end: usize,
    marks: &[Mark],
    quotes: &[QuoteSpan],
    out: &mut String,
) {
    let end = end.min(chars.len());
    if start >= end {
        return;
    }
    let mut cuts = vec![start, end];
    for m in marks.iter().filter(|m| m.end > start && m.start < end) {
        cuts.push(m.start.clamp(start, end));
        cuts.push(m.end.clamp(start, end));
    }
    for q in quotes.iter().filter(|q| q.end > start && q.start < end) {
        cuts.push(q.start.clamp(start, end));
        cuts.push(q.end.clamp(start, end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut open: Option<usize> = None; // index of the open mark
    let segment = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let mark = marks.iter().position(|m| m.start <= s && s < m.end);
        if open != mark {
            if let Some(i) = open {
                out.push_str(if marks[i].href.is_some() {
                    "</a>"
                } else {
                    "</mark>"
                });
            }
            if let Some(i) = mark {
                let m = &marks[i];
                match &m.href {
                    Some(h) => {
                        let _ = write!(
                            out,
                            "<a class=\"{}\" href=\"{}\" title=\"{}\">",
                            m.class,
                            esc(h),
                            esc(&m.title)
                        );
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<mark class=\"{}\" title=\"{}\">",
                            m.class,
                            esc(&m.title)
                        );
                    }
                }
            }
            open = mark;
        }
        let quote = quotes.iter().find(|q| q.start <= s && s < q.end);
        let text = esc(&segment(s, e));
        match quote {
            Some(_) => {
                let _ = write!(out, "<span class=\"q\">{text}</span>");
            }
            None => out.push_str(&text),
        }
        if let Some(q) = quotes.iter().find(|q| q.end == e && q.start < e) {
            if let Some(i) = open.take() {
                out.push_str(if marks[i].href.is_some() {
                    "</a>"
                } else {
                    "</mark>"
                });
            }
            if let Some((name, href)) = &q.speaker {
                let _ = write!(
                    out,
                    "<a class=\"who\" href=\"{}\">— {}</a>",
                    esc(href),
                    esc(name)
                );
            }
        }
    }
    if let Some(i) = open {
        out.push_str(if marks[i].href.is_some() {
            "</a>"
        } else {
            "</mark>"
        });
    }
}

/// The article body (title, teaser, subheadings, paragraphs) and, apart, the
/// page furniture, captions and credit blocks: `(body, furniture)`.
pub fn article_text(a: &Analysis) -> (String, String) {
    let chars: Vec<char> = a.text.chars().collect();
    let marks = marks(a);
    let quotes = quote_spans(a);
    let mut body = String::new();
    let mut furniture = String::new();
    if a.blocks.is_empty() {
        body.push_str("<p>");
        render_range(&chars, 0, chars.len(), &marks, &quotes, &mut body);
        body.push_str("</p>");
        return (body, furniture);
    }
    for b in &a.blocks {
        let (open, close, out) = match b.kind {
            BlockKind::Title => ("<h1 class=\"title\">", "</h1>", &mut body),
            BlockKind::Teaser => ("<p class=\"teaser\">", "</p>", &mut body),
            BlockKind::Subheading => ("<h3>", "</h3>", &mut body),
            BlockKind::Paragraph => ("<p>", "</p>", &mut body),
            BlockKind::Furniture => ("<li class=\"furniture\">", "</li>", &mut furniture),
            BlockKind::Caption => ("<li class=\"caption\">", "</li>", &mut furniture),
            BlockKind::Credit => ("<li class=\"creditblock\">", "</li>", &mut furniture),
        };
        out.push_str(open);
        render_range(&chars, b.start, b.end, &marks, &quotes, out);
        out.push_str(close);
    }
    (body, furniture)
}

#[cfg(test)]
mod tests {
    use super::*;
    use depesche::schema::{Entity, Mention, Quote};

    fn analysis(text: &str) -> Analysis {
        serde_json::from_value(serde_json::json!({
            "schema": "depesche/1", "id": "t", "lang": "de", "text": text,
            "blocks": [], "credit": {"agencies": [], "authors": [], "editors": []},
            "sentences": [], "tokens": [], "entities": [], "derived": [], "places": [],
            "times": [], "quotes": [], "events": [],
            "input": {"format": "text", "encoding": "utf-8", "warnings": []}, "extra": {}
        }))
        .unwrap()
    }

    #[test]
    fn marks_escape_and_nest_inside_quotes() {
        let mut a = analysis("„Ä <b>“, sagte Rubio.");
        a.entities.push(Entity {
            id: "e1".into(),
            kind: EntityType::PER,
            name: "Marco <Rubio>".into(),
            roles: vec![],
            mentions: vec![Mention {
                start: 15,
                end: 20,
                text: "Rubio".into(),
            }],
            place: None,
            affiliation: None,
        });
        a.quotes.push(Quote {
            kind: "direct".into(),
            start: 1,
            end: 6,
            text: "Ä <b>".into(),
            speaker: Some("e1".into()),
            cue: Some("sagte".into()),
        });
        let (body, furniture) = article_text(&a);
        assert!(furniture.is_empty());
        assert!(
            body.contains("<span class=\"q\">Ä &lt;b&gt;</span>"),
            "{body}"
        );
        assert!(body.contains("— Marco &lt;Rubio&gt;</a>"), "{body}");
        assert!(
            // The link carries the corpus-wide key (markup never reaches it).
            body.contains("href=\"/entities/PER:marko%20rubio\""),
            "{body}"
        );
        assert!(!body.contains("<b>"));
    }

    #[test]
    fn spans_past_the_text_are_clipped() {
        let mut a = analysis("kurz");
        a.quotes.push(Quote {
            kind: "direct".into(),
            start: 2,
            end: 99,
            text: String::new(),
            speaker: None,
            cue: None,
        });
        let (body, _) = article_text(&a);
        assert!(body.contains("ku<span class=\"q\">rz</span>"), "{body}");
    }
}
