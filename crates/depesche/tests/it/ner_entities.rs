//! Entities end to end through the pipeline with the committed models, on
//! article text written for this test in the shape of a dpa report.

use depesche::schema::{Analysis, Entity, EntityType};
use depesche::{Document, Lang, Options, Pipeline};

const ARTICLE_DE: &str = "Bundeskanzler Olaf Scholz reist nach Peking

Bundeskanzler Olaf Scholz will bei seinem Besuch in China mit Staatschef Xi Jinping über den Handel sprechen. Die Waffenruhe in der Ukraine und die Folgen des Ukraine-Kriegs sollen ebenfalls Thema sein.

Nach Angaben von Regierungssprecher Steffen Hebestreit trifft Scholz am Dienstag in Peking auch Ministerpräsident Li Qiang. Scholz hatte zuvor in Berlin mit Frankreichs Präsident Emmanuel Macron telefoniert. Macrons Berater warnten vor zu großen Erwartungen.

Die Europäische Union (EU) verfolgt die Reise genau. Xi hatte im vergangenen Jahr Paris und Belgrad besucht. Die Außenminister der G7 beraten nächste Woche in Tokio.
";

const ARTICLE_EN: &str = "Rubio meets Lavrov in Kuala Lumpur

U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov on Thursday on the sidelines of a meeting of the Association of Southeast Asian Nations in Kuala Lumpur. Rubio said Moscow had offered a new idea on Ukraine.
";

fn analyze(text: &str, lang: Lang) -> Analysis {
    let p = Pipeline::new(Options {
        lang: Some(lang),
        ..Default::default()
    });
    p.analyze(Document::from_text("test", text))
}

fn find<'a>(a: &'a Analysis, kind: EntityType, name: &str) -> &'a Entity {
    a.entities
        .iter()
        .find(|e| e.kind == kind && e.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} {name:?} in {:#?}", a.entities))
}

#[test]
fn german_article_entities() {
    let a = analyze(ARTICLE_DE, Lang::De);
    let scholz = find(&a, EntityType::PER, "Olaf Scholz");
    assert_eq!(scholz.roles, ["Bundeskanzler"]);
    assert!(scholz.mentions.iter().any(|m| m.text == "Scholz"));
    assert!(scholz.mentions.len() >= 3);
    assert_eq!(
        find(&a, EntityType::PER, "Xi Jinping").roles,
        ["Staatschef"]
    );
    assert_eq!(
        find(&a, EntityType::PER, "Emmanuel Macron").roles,
        ["Präsident"]
    );
    assert_eq!(
        find(&a, EntityType::PER, "Steffen Hebestreit").roles,
        ["Regierungssprecher"]
    );
    for place in ["Peking", "China", "Ukraine", "Berlin", "Paris", "Tokio"] {
        find(&a, EntityType::LOC, place);
    }
    // Genitive removed from the canonical name.
    let fr = find(&a, EntityType::LOC, "Frankreich");
    assert_eq!(fr.mentions[0].text, "Frankreichs");
    // The acronym in parentheses joins its long form.
    let eu = find(&a, EntityType::ORG, "Europäische Union");
    assert!(eu.mentions.iter().any(|m| m.text == "EU"));
    // Capitalised common nouns and role nouns are not entities.
    for e in &a.entities {
        for noun in [
            "Waffenruhe",
            "Außenminister",
            "Bundeskanzler",
            "Besuch",
            "Handel",
        ] {
            assert!(
                e.mentions.iter().all(|m| m.text != noun),
                "{noun} tagged: {e:?}"
            );
        }
    }
}

#[test]
fn ids_offsets_and_order() {
    let a = analyze(ARTICLE_DE, Lang::De);
    assert!(!a.entities.is_empty());
    let chars: Vec<char> = a.text.chars().collect();
    let mut last_first = 0;
    for (i, e) in a.entities.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
        let first = e.mentions.iter().map(|m| m.start).min().unwrap();
        assert!(first >= last_first, "ids follow first mentions");
        last_first = first;
        for m in &e.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
        }
    }
}

#[test]
fn english_article_entities() {
    let a = analyze(ARTICLE_EN, Lang::En);
    let rubio = find(&a, EntityType::PER, "Marco Rubio");
    assert!(rubio.mentions.len() >= 2, "{rubio:?}");
    find(&a, EntityType::PER, "Sergei Lavrov");
    find(&a, EntityType::LOC, "Kuala Lumpur");
    find(&a, EntityType::LOC, "Ukraine");
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "",
        "-",
        "- - -",
        "((",
        "A-",
        "-B",
        "Ünïcödé-—–„“ Straße-",
        "\u{0}\u{feff}",
    ] {
        let a = analyze(t, Lang::De);
        assert!(a.entities.iter().all(|e| !e.mentions.is_empty()));
    }
}

/// Written for this test: a first name, a party in brackets, inflected
/// adjectives in organisation names.
const NAMES_DE: &str = "Gewerkschaftschef Wolfgang Katzian kritisierte die Pläne. Der Abgeordnete Patrick Schnieder (CDU) widersprach ihm. Die Vorstände der Deutschen Bank und der Vereinten Nationen schwiegen dazu. Der Zentralverband des Deutschen Handwerks warnte.";

#[test]
fn full_names_affiliations_and_base_forms() {
    let a = analyze(NAMES_DE, Lang::De);
    // A first name is part of the name, never a role.
    let k = find(&a, EntityType::PER, "Wolfgang Katzian");
    assert!(!k.roles.iter().any(|r| r == "Wolfgang"), "{k:?}");
    // A party in brackets is the person's affiliation and an organisation.
    let s = find(&a, EntityType::PER, "Patrick Schnieder");
    assert_eq!(s.affiliation.as_deref(), Some("CDU"));
    find(&a, EntityType::ORG, "CDU");
    assert!(a
        .entities
        .iter()
        .all(|e| e.kind != EntityType::PER || e.name != "CDU"));
    // Attributive adjectives in their cited form.
    let bank = find(&a, EntityType::ORG, "Deutsche Bank");
    assert_eq!(bank.mentions[0].text, "Deutschen Bank");
    find(&a, EntityType::ORG, "Vereinte Nationen");
    // After a function word the case is the phrase's own.
    find(
        &a,
        EntityType::ORG,
        "Zentralverband des Deutschen Handwerks",
    );
}

/// The agency in a dateline's brackets is an organisation of its own, also in
/// lower case, and never the acronym of the place before it.
#[test]
fn dateline_agencies() {
    let de = analyze(
        "Bahn erhöht die Preise\n\nHAMBURG (dpa) - Die Bahn erhöht zum Jahreswechsel die Preise im Fernverkehr. Das teilte das Unternehmen am Montag mit.\n",
        Lang::De,
    );
    let hamburg = find(&de, EntityType::LOC, "HAMBURG");
    assert!(hamburg.mentions.iter().all(|m| m.text != "dpa"));
    assert_eq!(find(&de, EntityType::ORG, "dpa").mentions[0].text, "dpa");
    let en = analyze(
        "Talks end without a deal\n\nOSLO, March 3 (Reuters) - Negotiators from both sides left the talks on Tuesday without an agreement, officials said.\n",
        Lang::En,
    );
    find(&en, EntityType::ORG, "Reuters");
    // The dateline's date is a time expression too.
    assert!(
        en.times.iter().any(|t| t.text == "March 3"),
        "{:?}",
        en.times
    );
}

/// A title's opening word ("Vice" of "Vice President") is never a person.
#[test]
fn title_words_are_no_persons() {
    let en = analyze(
        "Leaders meet\n\nThe talks between President Anna Berg, Vice President Tom Lee and Deputy Minister Paul Stone ended on Friday without an agreement.\n",
        Lang::En,
    );
    for e in &en.entities {
        assert!(
            !["Vice", "Deputy"].contains(&e.name.as_str()),
            "{:?}",
            en.entities
        );
    }
    find(&en, EntityType::PER, "Tom Lee");
}

/// An English word the article also writes in lower case is a common noun,
/// not a place, even where another language names a country so ("Island" is
/// German for Iceland).
#[test]
fn english_common_nouns_are_no_places() {
    let en = analyze(
        "Climate talks end\n\nThe talks ended in Bonn on Thursday. Island nations say the goal is far too low for small island states.\n",
        Lang::En,
    );
    find(&en, EntityType::LOC, "Bonn");
    assert!(
        en.entities.iter().all(|e| e.name != "Island"),
        "{:?}",
        en.entities
    );
    assert!(
        en.places.iter().all(|p| p.country.as_deref() != Some("IS")),
        "{:?}",
        en.places
    );
}

/// One word after an article and a role noun is a person's name.
#[test]
fn a_name_after_article_and_role_is_a_person() {
    let de = analyze(
        "Prozess in Stendal\n\nDie Betreuerin schilderte den Vorfall, worauf der Richter Quellendorf dem Angeklagten ins Gewissen redete.\n",
        Lang::De,
    );
    find(&de, EntityType::PER, "Quellendorf");
}

/// A named storm is no person or place, in its later mentions too.
#[test]
fn named_storms_are_no_persons() {
    let en = analyze(
        "Storm batters the coast\n\nPowerful waves from Hurricane Delia pushed sand across the only highway on Tuesday. Forecasters said Delia would stay far from land as it moved north.\n",
        Lang::En,
    );
    for e in en.entities.iter().filter(|e| e.name.contains("Delia")) {
        assert_eq!(e.kind, EntityType::MISC, "{:?}", en.entities);
    }
    assert!(en.entities.iter().any(|e| e.name.contains("Delia")));
}
