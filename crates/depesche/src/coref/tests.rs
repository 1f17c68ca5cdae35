use super::*;
use crate::input::Document;
use crate::pipeline::{Options, Pipeline};

fn analyse(text: &str, lang: &str) -> Analysis {
    let opts = Options {
        lang: Some(Lang::from_code(lang)),
        ..Options::default()
    };
    Pipeline::new(opts).analyze(Document::from_text("t", text))
}

/// The canonical name of the entity each coreference link points to, by its text.
fn links(a: &Analysis) -> Vec<(String, String)> {
    a.coref
        .iter()
        .map(|c| {
            let e = a.entities.iter().find(|e| e.id == c.entity).unwrap();
            (c.text.clone(), e.name.clone())
        })
        .collect()
}

#[test]
fn names_table_is_compiled_and_knows_common_names() {
    let r = CorefResolver::new();
    assert!(
        r.names.len() > 10_000,
        "models/coref/names.bin: run `depesche build names`"
    );
    assert_eq!(r.first_name_gender("Klaus"), Some(Gender::Male));
    assert_eq!(r.first_name_gender("Sabine"), Some(Gender::Female));
}

#[test]
fn pronoun_takes_up_the_person_of_agreeing_gender() {
    let a = analyse(
        "Zum Treffen kamen Sabine Vogt und Klaus Berger. Er sprach zuerst, danach redete sie.",
        "de",
    );
    let l = links(&a);
    assert!(l.contains(&("Er".into(), "Klaus Berger".into())), "{l:?}");
    assert!(l.contains(&("sie".into(), "Sabine Vogt".into())), "{l:?}");
}

#[test]
fn feminine_role_noun_takes_up_the_woman() {
    let a = analyse(
        "Im Einsatz waren Polizeiobermeisterin Sabine Vogt und Polizeihauptmeister Klaus Berger. \
         „Das ist die Regel“, sagt die Beamtin.",
        "de",
    );
    let l = links(&a);
    assert!(
        l.contains(&("die Beamtin".into(), "Sabine Vogt".into())),
        "{l:?}"
    );
}

#[test]
fn plural_and_polite_sie_are_not_linked() {
    let a = analyse(
        "Sabine Vogt traf die Kollegen. Sie sagten nichts. Wie geht es Ihnen, fragte Sie niemand.",
        "de",
    );
    assert!(a.coref.iter().all(|c| c.text != "Sie"), "{:?}", links(&a));
}

#[test]
fn generic_org_noun_takes_up_the_union() {
    let a = analyse(
        "Die IG Metall kritisierte den Stellenabbau bei der Firma Müller. \
         Das sei nicht hinzunehmen, so die Gewerkschaft.",
        "de",
    );
    let l = links(&a);
    assert!(
        l.iter()
            .any(|(t, e)| t == "die Gewerkschaft" && e.contains("IG Metall")),
        "{l:?}"
    );
}

#[test]
fn english_pronouns() {
    let a = analyse(
        "Mary Johnson met John Smith in London on Monday. She said the talks were useful.",
        "en",
    );
    let l = links(&a);
    assert!(l.contains(&("She".into(), "Mary Johnson".into())), "{l:?}");
}

#[test]
fn no_antecedent_no_link_and_long_input_is_fine() {
    let a = analyse("Er kam spät. Die Beamtin schwieg.", "de");
    assert!(a.coref.is_empty());
    let long = "Er sagte, sie komme. ".repeat(5_000);
    let a = analyse(&long, "de");
    assert!(a.coref.is_empty());
}

#[test]
fn the_reporting_agency_is_no_antecedent() {
    let a = analyse(
        "Werk schließt\n\nBERLIN (Reuters) – Die Gespräche begannen am Montag. \
         Der Konzern teilte mit, das Werk werde geschlossen.",
        "de",
    );
    let l = links(&a);
    assert!(!l.iter().any(|(_, e)| e == "Reuters"), "{l:?}");
}
