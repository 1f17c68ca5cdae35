//! The events stage on short sentences written for these tests.

use crate::schema::Event;
use crate::{analyze_text, Options};

fn events_of(text: &str, lang: &str) -> Vec<Event> {
    let opts = Options {
        lang: Some(crate::Lang::from_code(lang)),
        published: chrono::NaiveDate::from_ymd_opt(2025, 7, 10),
        time_anchor: None,
        ..Options::default()
    };
    analyze_text(text, &opts).events
}

fn names(v: &[crate::schema::Actor]) -> Vec<&str> {
    v.iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn a_meeting_is_symmetric_consult_with_its_place() {
    let ev = events_of(
        "Außenminister treffen sich\n\nDer amerikanische Außenminister Marco Rubio hat sich am Donnerstag \
         mit dem russischen Außenminister Sergej Lawrow in der malaysischen Hauptstadt Kuala Lumpur getroffen.",
        "de",
    );
    let m = ev.iter().find(|e| e.kind == "CONSULT").expect("a meeting");
    assert!(m.symmetric);
    assert_eq!(m.cameo, "040");
    assert!(
        names(&m.source).contains(&"Sergej Lawrow"),
        "{:?}",
        m.source
    );
    assert_eq!(
        m.place.as_ref().and_then(|p| p.country.as_deref()),
        Some("MY")
    );
    assert_eq!(m.date_basis.as_deref(), Some("text"));
}

#[test]
fn a_separated_particle_closes_an_accusation() {
    let ev = events_of(
        "Streit um Frieden\n\nDonald Trump warf Wladimir Putin am Dienstag vor, ihn zu täuschen.",
        "de",
    );
    let e = ev
        .iter()
        .find(|e| e.kind == "ACCUSE")
        .expect("an accusation");
    assert_eq!(e.cameo, "112");
    assert_eq!(names(&e.source), vec!["Donald Trump"]);
    assert_eq!(e.trigger.len(), 2, "verb and particle");
}

#[test]
fn attacks_on_a_country_are_assaults_with_the_attacker_as_source() {
    let ev = events_of(
        "Nacht der Angriffe\n\nRussland hat die Ukraine in der Nacht mit Raketen angegriffen.",
        "de",
    );
    let e = ev.iter().find(|e| e.kind == "ASSAULT").expect("an attack");
    assert_eq!(names(&e.source), vec!["Russland"]);
    assert_eq!(names(&e.target), vec!["Ukraine"]);
    assert_eq!(e.quad_class, 4);
}

#[test]
fn an_announced_delivery_is_hypothetical() {
    let ev = events_of(
        "Neue Hilfe\n\nDer Präsident kündigte an, wieder mehr Waffen in das Land zu liefern.",
        "de",
    );
    let e = ev.iter().find(|e| e.kind == "AID").expect("a delivery");
    assert!(e.hypothetical);
}

#[test]
fn english_verbs_code_demands_and_arrests() {
    let ev = events_of(
        "Protest in the capital\n\nPolice arrested dozens of protesters on Monday. \
         The opposition demanded the release of all detainees.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "COERCE" && e.cameo == "173"));
    let d = ev.iter().find(|e| e.kind == "REQUEST").expect("a demand");
    assert_eq!(d.source[0].agent.as_deref(), Some("OPP"));
}

#[test]
fn a_repeated_mention_merges_into_one_event() {
    let ev = events_of(
        "Gipfel\n\nAngela Merkel und Emmanuel Macron trafen sich am Montag in Paris. \
         Das Treffen dauerte drei Stunden.",
        "de",
    );
    let m: Vec<&Event> = ev.iter().filter(|e| e.kind == "CONSULT").collect();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].evidence.len(), 3, "headline, meeting, repeat");
}

#[test]
fn a_denied_act_is_negated() {
    let ev = events_of(
        "Kein Angriff\n\nDie Armee hat das Dorf nicht angegriffen, sagte ein Sprecher.",
        "de",
    );
    assert!(ev.iter().any(|e| e.kind == "ASSAULT" && e.negated));
}

#[test]
fn no_verbs_no_events_and_long_inputs_stay_bounded() {
    assert!(events_of("Sonne, Wolken, Regen.", "de").is_empty());
    let long = "kritisierte Müller ".repeat(2500) + ".";
    let _ = events_of(&long, "de");
    let names = (0..300)
        .map(|i| format!("Name{i} Person{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = events_of(&format!("Sie trafen {names} in Berlin."), "de");
    let _ = events_of("warf ... vor ... vor ... vor", "de");
}
