//! Geocoder tests over the committed gazetteer. Article texts here are
//! written for the tests (news-shaped, not copied from any article).

use super::*;
use crate::input::Document;
use crate::schema::{Entity, Mention};
use crate::{Options, Pipeline};

fn geocoder() -> Option<Geocoder> {
    let g = Geocoder::new();
    if g.gazetteer().is_empty() {
        eprintln!("note: models/geo/gazetteer.bin is empty; run `depesche build gazetteer`");
        return None;
    }
    Some(g)
}

/// Analyse `text` with the pipeline, then add entities of `kind` for every
/// occurrence of each name and geocode again.
fn analyse(g: &Geocoder, text: &str, locs: &[&str], pers: &[&str]) -> Analysis {
    let mut a = Pipeline::new(Options::default()).analyze(Document::from_text("t", text));
    a.entities.clear();
    a.places.clear();
    a.derived.clear();
    let ix = TextIndex::new(&a.text);
    for (kind, names) in [(EntityType::LOC, locs), (EntityType::PER, pers)] {
        for name in names {
            let mut mentions = Vec::new();
            for (b, _) in a.text.match_indices(name) {
                let s = ix.span_of_bytes(b, b + name.len());
                mentions.push(Mention {
                    start: s.start,
                    end: s.end,
                    text: name.to_string(),
                });
            }
            assert!(!mentions.is_empty(), "{name} not in text");
            a.entities.push(Entity {
                id: format!("e{}", a.entities.len() + 1),
                kind,
                name: name.to_string(),
                roles: Vec::new(),
                mentions,
                place: None,
                affiliation: None,
            });
        }
    }
    g.annotate(&mut a, &ix);
    a
}

fn place_of<'a>(a: &'a Analysis, name: &str) -> Option<&'a Place> {
    let e = a.entities.iter().find(|e| e.name == name)?;
    a.places.get(e.place?)
}

fn country_of(a: &Analysis, name: &str) -> Option<String> {
    place_of(a, name).and_then(|p| p.country.clone())
}

const ARTICLE: &str = "US-Präsident trifft Kremlchef nicht\n\n\
Im Streit um ein Ende des Ukraine-Kriegs haben sich die Außenminister der USA und Russlands \
in der malaysischen Hauptstadt Kuala Lumpur getroffen. Die russische Seite legte einen neuen Vorschlag vor.\n\n\
Das Außenministerium in Moskau sprach von einem offenen Gespräch. Zwischen Moskau und Washington \
gibt es seit Jahren Spannungen. Bereits im Februar hatten sich die Minister in der saudischen Hauptstadt Riad gesehen.\n\n\
Das Treffen fand am Rande eines Gipfels des südostasiatischen Staatenbündnisses statt. \
Russland griff unterdessen die Ukraine erneut an, die Regierung in Washington kündigte Waffenlieferungen an. \
Vertreter Moskaus und Washingtons hatten zuvor in den USA verhandelt.";

#[test]
fn reference_article_places() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        ARTICLE,
        &[
            "Kuala Lumpur",
            "Moskau",
            "Riad",
            "Washington",
            "Ukraine",
            "Russland",
            "USA",
        ],
        &[],
    );
    let kl = place_of(&a, "Kuala Lumpur").expect("Kuala Lumpur resolved");
    assert_eq!(kl.country.as_deref(), Some("MY"));
    assert_eq!(kl.kind, "city");
    assert!(
        (kl.lat.unwrap() - 3.15).abs() < 0.1 && (kl.lon.unwrap() - 101.69).abs() < 0.1,
        "{kl:?}"
    );
    assert_eq!(country_of(&a, "Moskau").as_deref(), Some("RU"));
    assert_eq!(country_of(&a, "Riad").as_deref(), Some("SA"));
    let dc = place_of(&a, "Washington").expect("Washington resolved");
    assert_eq!(dc.country.as_deref(), Some("US"));
    assert_eq!(dc.kind, "city", "Washington is the capital here: {dc:?}");
    assert!(
        (dc.lat.unwrap() - 38.9).abs() < 0.2 && (dc.lon.unwrap() + 77.0).abs() < 0.2,
        "{dc:?}"
    );
    assert_eq!(country_of(&a, "Ukraine").as_deref(), Some("UA"));
    assert_eq!(place_of(&a, "Ukraine").unwrap().kind, "country");
    assert_eq!(country_of(&a, "Russland").as_deref(), Some("RU"));
    assert_eq!(country_of(&a, "USA").as_deref(), Some("US"));
    // Every place points back to its entity.
    for e in &a.entities {
        let p = &a.places[e.place.unwrap()];
        assert_eq!(p.entity.as_deref(), Some(e.id.as_str()));
    }
    assert!(
        matches!(a.focus_country.as_deref(), Some("RU") | Some("US")),
        "{:?}",
        a.focus_country
    );
}

#[test]
fn derived_forms_of_the_reference_article() {
    let Some(g) = geocoder() else { return };
    let a = analyse(&g, ARTICLE, &[], &[]);
    let got: Vec<(&str, Option<&str>)> = a
        .derived
        .iter()
        .map(|d| (d.text.as_str(), d.country.as_deref()))
        .collect();
    for want in [
        ("US-Präsident", Some("US")),
        ("Ukraine-Kriegs", Some("UA")),
        ("malaysischen", Some("MY")),
        ("russische", Some("RU")),
        ("saudischen", Some("SA")),
        ("südostasiatischen", None),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    let sea = a
        .derived
        .iter()
        .find(|d| d.text == "südostasiatischen")
        .unwrap();
    assert_eq!(sea.region.as_deref(), Some("Südostasien"));
    // Offsets slice the text.
    let ix = TextIndex::new(&a.text);
    for d in &a.derived {
        assert_eq!(ix.slice(&a.text, Span::new(d.start, d.end)), d.text);
    }
    // Place names themselves are entities, not derived forms.
    assert!(
        !got.iter().any(|(t, _)| *t == "Russland" || *t == "Moskau"),
        "{got:?}"
    );
}

#[test]
fn derived_compounds_and_english() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Die russisch-amerikanische Zusammenarbeit stockt. Die Trump-Regierung und der EU-Gipfel. \
         Der Nahostkonflikt und die Russlandpolitik. Die Russen und Amerikanerinnen. Malaysian and Russian officials met; \
         they polish their plans. Berlin-Besuch und CDU-Parteitag.",
        &[],
        &[],
    );
    let got: Vec<(&str, Option<&str>)> = a
        .derived
        .iter()
        .map(|d| (d.text.as_str(), d.country.as_deref()))
        .collect();
    for want in [
        ("russisch", Some("RU")),
        ("amerikanische", Some("US")),
        ("EU-Gipfel", Some("EU")),
        ("Nahostkonflikt", None),
        ("Russlandpolitik", Some("RU")),
        ("Malaysian", Some("MY")),
        ("Russian", Some("RU")),
        ("Berlin-Besuch", Some("DE")),
        ("Russen", Some("RU")),
        ("Amerikanerinnen", Some("US")),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    for not in ["Trump-Regierung", "polish", "CDU-Parteitag"] {
        assert!(
            !got.iter().any(|(t, _)| *t == not),
            "{not} must not be derived: {got:?}"
        );
    }
}

#[test]
fn person_names_never_become_places() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Paris Hilton traf Georgia Meloni und Jordan Henderson. Peter Deutsch sprach in Paris.",
        &["Paris"],
        &[
            "Paris Hilton",
            "Georgia Meloni",
            "Jordan Henderson",
            "Peter Deutsch",
        ],
    );
    // Only the LOC entity is geocoded; the PER entities are left alone.
    assert_eq!(a.places.len(), 1);
    for e in a.entities.iter().filter(|e| e.kind == EntityType::PER) {
        assert!(e.place.is_none(), "{} became a place", e.name);
    }
    assert!(
        !a.derived.iter().any(|d| d.text == "Deutsch"),
        "{:?}",
        a.derived
    );
    assert_eq!(country_of(&a, "Paris").as_deref(), Some("FR"));
}

#[test]
fn ambiguous_names() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Am Flughafen Frankfurt fielen Flüge aus.",
        &["Frankfurt"],
        &[],
    );
    let p = place_of(&a, "Frankfurt").unwrap();
    assert!(
        (p.lon.unwrap() - 8.68).abs() < 0.2,
        "Frankfurt am Main expected: {p:?}"
    );

    let a = analyse(
        &g,
        "Die Universität in Frankfurt (Oder) liegt an der Grenze.",
        &["Frankfurt"],
        &[],
    );
    let p = place_of(&a, "Frankfurt").unwrap();
    assert!(
        (p.lon.unwrap() - 14.55).abs() < 0.2,
        "Frankfurt (Oder) expected: {p:?}"
    );

    let a = analyse(&g, "The film is set in Paris, Texas.", &["Paris"], &[]);
    assert_eq!(country_of(&a, "Paris").as_deref(), Some("US"));

    let a = analyse(
        &g,
        "Im US-Bundesstaat Washington brennen die Wälder.",
        &["Washington"],
        &[],
    );
    assert_eq!(place_of(&a, "Washington").unwrap().kind, "admin");

    let a = analyse(
        &g,
        "Georgia will einen EU-Beitritt, sagte der Präsident in Tiflis.",
        &["Georgia", "Tiflis"],
        &[],
    );
    assert_eq!(country_of(&a, "Georgia").as_deref(), Some("GE"));

    let a = analyse(
        &g,
        "Voters in Georgia and Arizona lined up early. In Atlanta and Phoenix turnout was high, officials in Texas said.",
        &["Georgia", "Arizona", "Atlanta", "Phoenix", "Texas"],
        &[],
    );
    let p = place_of(&a, "Georgia").unwrap();
    assert_eq!(
        (p.country.as_deref(), p.kind.as_str()),
        (Some("US"), "admin"),
        "{p:?}"
    );
    assert_eq!(a.focus_country.as_deref(), Some("US"));
}

#[test]
fn german_forms_and_exonyms() {
    let Some(g) = geocoder() else { return };
    let gaz = g.gazetteer();
    for (name, cc) in [
        ("Moskaus", "RU"),
        ("Kiew", "UA"),
        ("Kyjiw", "UA"),
        ("Peking", "CN"),
        ("Riad", "SA"),
        ("den USA", "US"),
        ("Vereinigten Staaten", "US"),
        ("Russia's", "RU"),
        ("Weißrussland", "BY"),
        ("Nahost", ""),
    ] {
        let c = gaz.lookup(name);
        assert!(!c.is_empty(), "{name} not found");
        let countries: Vec<&str> = c
            .iter()
            .map(|c| gaz.place(c.index).country.unwrap_or(""))
            .collect();
        assert!(countries.contains(&cc), "{name}: {countries:?}");
    }
    assert!(gaz.lookup("Xyzzyville").is_empty());
    assert!(gaz.lookup("").is_empty());
    // Austrian state abbreviations name no place spelled without the umlaut
    // ("No" in Ghana, "Oo" in Indonesia); as short forms, their states.
    assert!(gaz.lookup_exact("NÖ").is_empty());
    assert!(gaz.lookup_exact("OÖ").is_empty());
    for (short, state) in [("NÖ", "Niederösterreich"), ("OÖ", "Oberösterreich")] {
        let found: Vec<&str> = gaz
            .lookup(short)
            .iter()
            .map(|c| gaz.place(c.index).name)
            .collect();
        assert_eq!(found, [state], "{short}");
    }
    let ru = gaz.country_place("RU").unwrap();
    assert_eq!(gaz.place(ru).kind, Kind::Country);
    assert_eq!(
        gaz.adjective("malaysischen").map(|i| gaz.place(i).country),
        Some(Some("MY"))
    );
}

#[test]
fn odd_input_does_not_panic() {
    let Some(g) = geocoder() else { return };
    let mut a = Pipeline::new(Options::default())
        .analyze(Document::from_text("t", "Kurz. -- - US- -EU ‐‐ Ä-Ö"));
    let ix = TextIndex::new(&a.text);
    a.entities.push(Entity {
        id: "e1".into(),
        kind: EntityType::LOC,
        name: String::new(),
        roles: Vec::new(),
        // Out of range and reversed spans are skipped.
        mentions: vec![
            Mention {
                start: 5,
                end: 500,
                text: "x".into(),
            },
            Mention {
                start: 4,
                end: 2,
                text: "y".into(),
            },
        ],
        place: None,
        affiliation: None,
    });
    g.annotate(&mut a, &ix);
    assert!(a.places.is_empty());
    let mut empty = Pipeline::new(Options::default()).analyze(Document::from_text("t", ""));
    g.annotate(&mut empty, &TextIndex::new(""));
    assert!(empty.derived.is_empty() && empty.focus_country.is_none());
}

static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();

proptest::proptest! {
    #[test]
    fn any_text_any_spans(text in "\\PC{0,80}", s in 0usize..100, len in 0usize..20) {
        if let Some(g) = geocoder() {
            let mut a = PIPELINE.get_or_init(|| Pipeline::new(Options::default())).analyze(Document::from_text("t", &text));
            let ix = TextIndex::new(&a.text);
            let n = ix.len_chars();
            let (start, end) = (s.min(n), (s + len).min(n));
            a.entities.push(Entity {
                id: "e1".into(),
                kind: EntityType::LOC,
                name: ix.slice(&a.text, Span::new(start, end)).to_string(),
                roles: Vec::new(),
                mentions: vec![Mention { start, end, text: String::new() }],
                place: None,
                affiliation: None,
            });
            g.annotate(&mut a, &ix);
            for d in &a.derived {
                proptest::prop_assert_eq!(ix.slice(&a.text, Span::new(d.start, d.end)), d.text.as_str());
            }
        }
    }
}

#[test]
fn a_word_that_is_only_a_small_towns_alias_gets_no_coordinates() {
    let Some(g) = geocoder() else { return };
    // "Busse" (buses) is an alternate name of Boussé, Burkina Faso.
    let a = analyse(
        &g,
        "In Berlin fahren ab Montag mehr Busse. Die Verkehrsbetriebe melden Engpässe.",
        &["Berlin", "Busse"],
        &[],
    );
    assert_eq!(country_of(&a, "Berlin").as_deref(), Some("DE"));
    assert!(
        place_of(&a, "Busse").is_none(),
        "{:?}",
        place_of(&a, "Busse")
    );
    // With its country in the article, the same alias is a place.
    let a = analyse(
        &g,
        "In Burkina Faso kam es zu Protesten. Auch in Busse gingen Menschen auf die Straße.",
        &["Burkina Faso", "Busse"],
        &[],
    );
    assert_eq!(country_of(&a, "Busse").as_deref(), Some("BF"));
}

#[test]
fn villages_are_known() {
    let Some(g) = geocoder() else { return };
    // A village of a few hundred people in Upper Franconia, by its own name.
    let a = analyse(
        &g,
        "Im Steinbruch bei Wattendorf wurde gegraben.",
        &["Wattendorf"],
        &[],
    );
    let p = place_of(&a, "Wattendorf").expect("placed");
    assert_eq!(p.country.as_deref(), Some("DE"));
    assert_eq!(p.precision.as_deref(), Some("place"));
}

#[test]
fn a_second_place_joined_by_and_is_no_qualifier() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Die USA und Russland verhandeln. Washington and Moscow disagree, the U.S. envoy in Geneva said.",
        &["USA", "Russland", "Washington", "Moscow", "Geneva"],
        &[],
    );
    assert_eq!(country_of(&a, "Moscow").as_deref(), Some("RU"));
    assert_eq!(country_of(&a, "Geneva").as_deref(), Some("CH"));
}

#[test]
fn a_town_near_the_others_wins() {
    let Some(g) = geocoder() else { return };
    // Two German villages share the name; the one near Trier is meant.
    let a = analyse(
        &g,
        "In Trier und in Aach wurde gefeiert.",
        &["Trier", "Aach"],
        &[],
    );
    let p = place_of(&a, "Aach").expect("placed");
    assert!(p.lon.unwrap() < 7.5, "{p:?}");
}

#[test]
fn streets_sites_and_landmarks_fall_back() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "In Kassel brannte es in der Gartenstraße. Am Zürcher Flughafen landete er. Im Weißen Haus wurde beraten.",
        &["Kassel", "Gartenstraße", "Weißen Haus"],
        &[],
    );
    let street = place_of(&a, "Gartenstraße").expect("street placed");
    assert_eq!(street.name, "Kassel");
    assert_eq!(street.precision.as_deref(), Some("city"));
    let house = place_of(&a, "Weißen Haus").expect("landmark placed");
    assert_eq!(house.country.as_deref(), Some("US"));
    assert_eq!(house.precision.as_deref(), Some("city"));
    let a = analyse(
        &g,
        "Am Genfer See und im Landkreis Harburg.",
        &["Genfer See", "Landkreis Harburg"],
        &[],
    );
    assert_eq!(country_of(&a, "Genfer See").as_deref(), Some("CH"));
    assert_eq!(country_of(&a, "Landkreis Harburg").as_deref(), Some("DE"));
}

#[test]
fn unknown_names_get_the_focus_country_only() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "In Deutschland und in Berlin wird gestritten, auch in Xyzquarthausen.",
        &["Deutschland", "Berlin", "Xyzquarthausen"],
        &[],
    );
    let p = place_of(&a, "Xyzquarthausen").expect("placed");
    assert_eq!(p.country.as_deref(), Some("DE"));
    assert_eq!(p.precision.as_deref(), Some("country"));
}

#[test]
fn town_adjectives_and_demonyms() {
    if geocoder().is_none() {
        return;
    }
    // The whole pipeline: the towns named in the text come from the entity layer.
    let a = Pipeline::new(Options::default()).analyze(Document::from_text(
        "t",
        "Vor dem Dortmunder Rathaus wurde am Montag demonstriert. Die Polizei in Wien \
         meldete nichts Neues, sagte ein Sprecher der Wiener Polizei. Der Sieger des Abends und \
         die Berater der Firma kamen spät. Ein Fischer Boot lag im Hafen. Zuletzt \
         verloren die Augsburger zweimal. Verletzt wurde ein 20-jähriger Tiroler.",
    ));
    let got: Vec<(&str, Option<&str>)> = a
        .derived
        .iter()
        .map(|d| (d.text.as_str(), d.country.as_deref()))
        .collect();
    // A big home town's demonym noun after an article, the town not named.
    for want in [
        ("Dortmunder", Some("DE")),
        ("Wiener", Some("AT")),
        ("Augsburger", Some("DE")),
        // An adjective between the article and the noun.
        ("Tiroler", Some("AT")),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    for not in ["Sieger", "Berater", "Fischer"] {
        assert!(
            !got.iter().any(|(t, _)| *t == not),
            "{not} must not be derived: {got:?}"
        );
    }
}

#[test]
fn adjectives_that_begin_an_organisation_name_are_part_of_the_name() {
    let Some(g) = geocoder() else {
        return;
    };
    let text = "Die Deutsche Bank und die US-Regierung verhandeln. Deutsche Firmen warten.";
    let mut a = analyse(&g, text, &[], &[]);
    let ix = TextIndex::new(&a.text);
    for name in ["Deutsche Bank", "US-Regierung"] {
        let b = a.text.find(name).unwrap();
        let s = ix.span_of_bytes(b, b + name.len());
        a.entities.push(Entity {
            id: format!("e{}", a.entities.len() + 1),
            kind: EntityType::ORG,
            name: name.to_string(),
            roles: Vec::new(),
            mentions: vec![Mention {
                start: s.start,
                end: s.end,
                text: name.to_string(),
            }],
            place: None,
            affiliation: None,
        });
    }
    a.derived.clear();
    g.annotate(&mut a, &ix);
    let got: Vec<&str> = a.derived.iter().map(|d| d.text.as_str()).collect();
    // The bank's "Deutsche" is its name; "US-" inside a compound and the free
    // adjective before "Firmen" still point to their countries.
    assert_eq!(got, ["US-Regierung", "Deutsche"], "{got:?}");
}

#[test]
fn state_short_forms_name_the_state_and_codes_only_qualify() {
    let Some(g) = geocoder() else { return };
    let name = |a: &Analysis, n: &str| place_of(a, n).map(|p| p.name.clone());
    // A short form that is no word names its state wherever it stands.
    let a = analyse(
        &g,
        "Die Landesregierung in NÖ berät. Auch die Stmk. wartet.",
        &["NÖ", "Stmk"],
        &[],
    );
    assert_eq!(name(&a, "NÖ").as_deref(), Some("Niederösterreich"));
    assert_eq!(name(&a, "Stmk").as_deref(), Some("Steiermark"));
    // Codes that are words elsewhere name the state only after the word for
    // the unit; alone they stay what they were ("NO" is no Lower Austria).
    let a = analyse(
        &g,
        "Die Polizei meldet einen Brand: Im Kanton BE brennt es seit dem frühen Morgen. \
         NO meldet dagegen nichts.",
        &["Kanton BE", "NO"],
        &[],
    );
    assert_eq!(name(&a, "Kanton BE").as_deref(), Some("Kanton Bern"));
    assert_ne!(name(&a, "NO").as_deref(), Some("Niederösterreich"));
    // "Kanton Zürich" is the canton; "im Kanton Zürich" with only the town
    // tagged too; the town alone stays the town.
    let a = analyse(
        &g,
        "Die Polizei im Kanton Luzern sucht. In Zug regnet es.",
        &["Luzern", "Zug"],
        &[],
    );
    assert_eq!(name(&a, "Luzern").as_deref(), Some("Kanton Luzern"));
    assert_eq!(place_of(&a, "Zug").map(|p| p.kind.as_str()), Some("city"));
}

#[test]
fn a_state_after_a_town_qualifies_it() {
    let Some(g) = geocoder() else { return };
    // The AP abbreviation after a comma: the Springfield in Illinois.
    let a = analyse(
        &g,
        "The rally in Springfield, Ill., drew thousands.",
        &["Springfield"],
        &[],
    );
    let p = place_of(&a, "Springfield").expect("placed");
    assert_eq!(p.country.as_deref(), Some("US"));
    assert!(p.lat.is_some_and(|lat| (lat - 39.8).abs() < 0.3), "{p:?}");
    // A dateline taken as one name: the town, in its state.
    let a = analyse(
        &g,
        "BUFFALO, N.Y. (AP) — Snow fell.",
        &["BUFFALO, N.Y."],
        &[],
    );
    let p = place_of(&a, "BUFFALO, N.Y.").expect("placed");
    assert_eq!((p.name.as_str(), p.kind.as_str()), ("Buffalo", "city"));
    // A state in brackets that the tagger joined to the town as its short
    // name qualifies the town and is no candidate of its own.
    let text = "Im Bezirk Mistelbach (NÖ) wurde ein Auto gestoppt.";
    let mut a = analyse(&g, text, &["Bezirk Mistelbach"], &[]);
    let ix = TextIndex::new(&a.text);
    let b = a.text.find("NÖ").unwrap();
    let s = ix.span_of_bytes(b, b + "NÖ".len());
    a.entities[0].mentions.push(Mention {
        start: s.start,
        end: s.end,
        text: "NÖ".to_string(),
    });
    a.places.clear();
    a.entities[0].place = None;
    g.annotate(&mut a, &ix);
    let p = place_of(&a, "Bezirk Mistelbach").expect("placed");
    assert_eq!(
        (p.name.as_str(), p.country.as_deref()),
        ("Mistelbach", Some("AT"))
    );
}

#[test]
fn districts_city_halves_acronyms_and_lakes() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Ein Radfahrer ist in Wien-Simmering verunglückt. Sein Vater war einst nach \
         West-Berlin gezogen. Der ORF berichtete am Abend. Am Baikalsee in Russland \
         wurde gegraben.",
        &["Wien-Simmering", "West-Berlin", "ORF", "Baikalsee"],
        &[],
    );
    let got = |n: &str| place_of(&a, n).map(|p| (p.name.clone(), p.kind.clone()));
    // A city's district: the district the gazetteer holds near the city.
    assert_eq!(
        got("Wien-Simmering"),
        Some(("Simmering".into(), "city".into()))
    );
    // A compass half of a city, hyphenated, is the city.
    assert_eq!(got("West-Berlin"), Some(("Berlin".into(), "city".into())));
    // An acronym reaches no town through an alternate name (Norfolk's airport code).
    assert_ne!(place_of(&a, "ORF").map(|p| p.kind.as_str()), Some("city"));
    // A lake lies by no town named beside it: the country after it.
    assert_eq!(country_of(&a, "Baikalsee").as_deref(), Some("RU"));
    assert_eq!(
        place_of(&a, "Baikalsee").map(|p| p.kind.as_str()),
        Some("country")
    );
    assert!(is_acronym("ORF") && is_acronym("U.S.") && !is_acronym("Orf") && !is_acronym("NATOS"));
}

#[test]
fn a_name_in_a_list_of_states_is_a_state() {
    let Some(g) = geocoder() else { return };
    let a = analyse(
        &g,
        "Cannabis was legal by 2016 in Colorado, Washington, Alaska and Oregon. \
         Talks between Washington and Moscow went on.",
        &["Colorado", "Washington", "Alaska", "Oregon", "Moscow"],
        &[],
    );
    assert_eq!(
        place_of(&a, "Washington").map(|p| p.kind.as_str()),
        Some("admin")
    );
    let a = analyse(
        &g,
        "Talks between Washington and Moscow went on for hours on Monday.",
        &["Washington", "Moscow"],
        &[],
    );
    assert_eq!(
        place_of(&a, "Washington").map(|p| p.kind.as_str()),
        Some("city")
    );
    assert!(list_separator(", ") && list_separator(", and ") && list_separator(" und "));
    assert!(!list_separator(" in ") && !list_separator(", the capital of "));
}
