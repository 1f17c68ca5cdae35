//! Hand-built `Analysis` values with every layer filled (the pipeline on this
//! branch does not produce entities or quotes yet).

use depesche::schema::*;

/// Character span of `needle` in `text` (first occurrence), in code points.
pub fn span_of(text: &str, needle: &str) -> (usize, usize) {
    let b = text.find(needle).expect("needle in text");
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

pub fn rich_analysis(id: &str, published: &str) -> Analysis {
    let text = "Rubio trifft Lawrow in Kuala Lumpur\n\n\
        US-Außenminister Marco Rubio hat am Donnerstag den russischen Außenminister Sergej Lawrow getroffen. \
        „Es war ein offenes Gespräch“, sagte Rubio nach dem Treffen.\n\nFoto: dpa"
        .to_string();
    let n = text.chars().count();
    let (t0, t1) = span_of(&text, "Rubio trifft Lawrow in Kuala Lumpur");
    let (p0, _) = span_of(&text, "US-Außenminister");
    let (_, p1) = span_of(&text, "nach dem Treffen.");
    let (f0, _) = span_of(&text, "Foto: dpa");
    let m = |needle: &str| {
        let (s, e) = span_of(&text, needle);
        Mention {
            start: s,
            end: e,
            text: needle.to_string(),
        }
    };
    let (q0, q1) = span_of(&text, "„Es war ein offenes Gespräch“");
    let (d0, d1) = span_of(&text, "am Donnerstag");
    Analysis {
        schema: SCHEMA_VERSION.into(),
        id: id.into(),
        url: Some(format!("https://example.org/{id}")),
        source: Some("Example Zeitung".into()),
        lang: "de".into(),
        published: Some(published.into()),
        title: Some("Rubio trifft Lawrow in Kuala Lumpur".into()),
        teaser: None,
        blocks: vec![
            Block {
                kind: BlockKind::Title,
                start: t0,
                end: t1,
            },
            Block {
                kind: BlockKind::Paragraph,
                start: p0,
                end: p1,
            },
            Block {
                kind: BlockKind::Credit,
                start: f0,
                end: n,
            },
        ],
        credit: Credit::default(),
        sentences: vec![Sentence {
            start: p0,
            end: p1,
            block: 1,
        }],
        tokens: vec![[0, 5]],
        entities: vec![
            Entity {
                id: "e1".into(),
                kind: EntityType::PER,
                name: "Marco Rubio".into(),
                roles: vec!["US-Außenminister".into()],
                mentions: vec![m("Marco Rubio"), m("Rubio")],
                place: None,
                affiliation: None,
            },
            Entity {
                id: "e2".into(),
                kind: EntityType::PER,
                name: "Sergej Lawrow".into(),
                roles: vec![],
                mentions: vec![m("Sergej Lawrow")],
                place: None,
                affiliation: None,
            },
        ],
        coref: vec![],
        derived: vec![],
        places: vec![Place {
            entity: None,
            name: "Kuala Lumpur".into(),
            geonameid: Some(1735161),
            country: Some("MY".into()),
            lat: Some(3.1412),
            lon: Some(101.6865),
            kind: "city".into(),
            precision: Some("place".into()),
        }],
        focus_country: None,
        times: vec![TimeExpr {
            start: d0,
            end: d1,
            text: "am Donnerstag".into(),
            kind: "DATE".into(),
            value: Some(published.into()),
            modifier: None,
        }],
        quotes: vec![Quote {
            kind: "direct".into(),
            start: q0,
            end: q1,
            text: "Es war ein offenes Gespräch".into(),
            speaker: Some("e1".into()),
            cue: Some("sagte".into()),
        }],
        events: vec![Event {
            id: "v1".into(),
            kind: "CONSULT".into(),
            mode: None,
            cameo: "040".into(),
            quad_class: 1,
            goldstein: 1.0,
            source: vec![Actor {
                entity: Some("e1".into()),
                name: "Marco Rubio".into(),
                country: Some("US".into()),
                agent: None,
            }],
            target: vec![Actor {
                entity: Some("e2".into()),
                name: "Sergej Lawrow".into(),
                country: Some("RU".into()),
                agent: None,
            }],
            symmetric: false,
            place: None,
            date: Some(published.into()),
            date_basis: Some("text".into()),
            negated: false,
            hypothetical: false,
            evidence: Vec::new(),
            trigger: Vec::new(),
            sentence: 0,
            confidence: 0.8,
            tone: None,
        }],
        tone: None,
        input: InputInfo::default(),
        extra: Default::default(),
        text,
    }
}
