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
fn a_denied_act_is_not_reported() {
    // CAMEO codes no negated events; negation before the verb, after it
    // (German verb second) and among a separated verb's words.
    for (text, lang) in [
        (
            "Kein Angriff\n\nDie Armee hat das Dorf nicht angegriffen, sagte ein Sprecher.",
            "de",
        ),
        ("Kein Angriff\n\nDie Armee bedrohte das Dorf nicht.", "de"),
        ("Kein Angriff\n\nDie Armee griff das Dorf nicht an.", "de"),
        (
            "No attack\n\nThe army did not attack the village, a spokesman said.",
            "en",
        ),
    ] {
        let ev = events_of(text, lang);
        assert!(
            ev.iter().all(|e| e.quad_class != 4 && !e.negated),
            "{text}: {ev:?}"
        );
    }
    // A negation in the next clause is not the trigger's.
    let ev = events_of(
        "Warnung\n\nThe minister warned that police will no longer tolerate the rallies.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "THREATEN"), "{ev:?}");
}

#[test]
fn a_conditional_act_is_not_reported() {
    let ev = events_of(
        "Warning\n\nThe minister warned of a harsh response if Russia invades Ukraine.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "THREATEN"), "{ev:?}");
    assert!(ev.iter().all(|e| e.kind != "ASSAULT"), "{ev:?}");
}

#[test]
fn a_headline_act_counts_only_where_the_text_reports_it() {
    // The title's protest is not in the text: not reported.
    let ev = events_of(
        "Proteste in Paris\n\nDie Regierung stellte am Montag ihren Haushalt vor.",
        "de",
    );
    assert!(ev.iter().all(|e| e.kind != "PROTEST"), "{ev:?}");
    // The title's meeting is: one event, with the text's participants.
    let ev = events_of(
        "Treffen in Paris\n\nAngela Merkel und Emmanuel Macron trafen sich am Montag in Paris.",
        "de",
    );
    let m: Vec<&Event> = ev.iter().filter(|e| e.kind == "CONSULT").collect();
    assert_eq!(m.len(), 1, "{ev:?}");
    assert_eq!(m[0].evidence.len(), 2);
    assert!(names(&m[0].source).contains(&"Emmanuel Macron"));
}

#[test]
fn a_time_stamp_ends_a_headline_run_into_the_text() {
    let ev = events_of(
        "Prozess\n\nKiel: Haftstrafe gefordert Stand: 25.11.2020 16:05 Uhr Die Polizei hat \
         am Montag einen Mann festgenommen.",
        "de",
    );
    assert!(ev.iter().all(|e| e.kind != "REQUEST"), "{ev:?}");
    let c = ev.iter().find(|e| e.kind == "COERCE").expect("the arrest");
    assert!(c.evidence[0].text.starts_with("Die Polizei"), "{c:?}");
}

#[test]
fn a_capitalised_verb_form_is_a_noun() {
    let ev = events_of(
        "Spuren\n\nDie Ermittler fanden Blut am Schuh des Beschuldigten.",
        "de",
    );
    assert!(ev.iter().all(|e| e.kind != "ACCUSE"), "{ev:?}");
}

#[test]
fn a_scheduled_meeting_is_an_intent_to_meet() {
    let ev = events_of(
        "Reise\n\nDer Kanzler trifft nächste Woche den französischen Präsidenten Emmanuel Macron.",
        "de",
    );
    let m = ev
        .iter()
        .find(|e| e.cameo == "036")
        .expect("an intent to meet");
    assert_eq!(m.kind, "AGREE");
    assert!(m.hypothetical);
}

#[test]
fn idioms_without_an_event_trigger_nothing() {
    let ev = events_of(
        "Plan\n\nThe plan was met with anger by the unions on Monday.",
        "en",
    );
    assert!(ev.iter().all(|e| e.kind != "CONSULT"), "{ev:?}");
    let ev = events_of(
        "Interview\n\nDas sei schwierig, sagte der Minister im Gespräch mit der Zeitung.",
        "de",
    );
    assert!(ev.iter().all(|e| e.kind != "CONSULT"), "{ev:?}");
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

/// A paraphrase of the project's reference dpa report (2025-07-10): every
/// event the issue names must come out with its type, actors, place and date.
#[test]
fn the_reference_report_yields_its_events() {
    let text = "Außenminister sprechen in Asien\n\n\
        US-Präsident Donald Trump war zuletzt wütend auf Wladimir Putin. Nun haben sich die \
        Außenminister der beiden Staaten getroffen.\n\n\
        Nach seinem Gespräch mit dem russischen Außenminister Sergej Lawrow in der malaysischen \
        Hauptstadt Kuala Lumpur sagte US-Außenminister Marco Rubio, man habe einen neuen Ansatz gehört.\n\n\
        Erstmals hatten sich Rubio und Lawrow vor knapp fünf Monaten in der saudischen Hauptstadt \
        Riad getroffen. Die beiden telefonierten danach mehrmals miteinander.\n\n\
        Am Tag zuvor hatte Russland nach ukrainischen Angaben die bisher schwersten Raketen- und \
        Drohnenangriffe auf die Ukraine geführt.\n\n\
        Trump hatte sich zuletzt zunehmend verärgert über Kremlchef Wladimir Putin gezeigt. Er warf \
        ihm vor, beim Thema Frieden nur Unsinn zu reden.\n\n\
        \"Wir hören von Putin eine Menge Unsinn\", sagte der US-Präsident am Dienstag. Trump kündigte \
        außerdem an, wieder mehr Waffen in die Ukraine zu schicken und zu liefern.";
    let ev = events_of(text, "de");
    let consult: Vec<&Event> = ev.iter().filter(|e| e.kind == "CONSULT").collect();
    let kl = consult
        .iter()
        .find(|e| e.place.as_ref().is_some_and(|p| p.name == "Kuala Lumpur"))
        .expect("the meeting in Kuala Lumpur");
    assert!(kl.symmetric);
    assert_eq!(
        kl.place.as_ref().and_then(|p| p.country.as_deref()),
        Some("MY")
    );
    assert_eq!(kl.date.as_deref(), Some("2025-07-10"));
    let who = names(&kl.source);
    assert!(
        who.contains(&"Marco Rubio") && who.contains(&"Sergej Lawrow"),
        "{who:?}"
    );
    let riad = consult
        .iter()
        .find(|e| e.place.as_ref().is_some_and(|p| p.name == "Riad"))
        .expect("the earlier meeting in Riad, apart");
    assert_ne!(riad.id, kl.id);
    let phone = consult
        .iter()
        .find(|e| e.mode.as_deref() == Some("phone"))
        .expect("the phone calls");
    assert_eq!(phone.source.len(), 2, "{:?}", phone.source);

    let accuse = ev
        .iter()
        .find(|e| e.kind == "ACCUSE")
        .expect("the accusation");
    assert_eq!(names(&accuse.source), ["Donald Trump"]);
    assert_eq!(names(&accuse.target), ["Wladimir Putin"]);
    assert_eq!(accuse.date.as_deref(), Some("2025-07-08"));

    let assault = ev
        .iter()
        .find(|e| e.kind == "ASSAULT")
        .expect("the attacks");
    assert_eq!(assault.source[0].country.as_deref(), Some("RU"));
    assert_eq!(assault.target[0].country.as_deref(), Some("UA"));
    assert_eq!(assault.date.as_deref(), Some("2025-07-09"));

    let weapons = ev.iter().find(|e| e.kind == "AID").expect("the weapons");
    assert!(weapons.hypothetical);
    assert_eq!(names(&weapons.source), ["Donald Trump"]);
}

#[test]
fn a_long_sentence_of_triggers_and_gaps_stays_one_event_per_type() {
    // 5,000 tokens in one sentence, every few a trigger or a separated particle.
    let long = "Russland warf der Ukraine Angriffe vor und ".repeat(625) + "vor.";
    let ev = events_of(&long, "de");
    assert!(ev.len() <= 4, "{}", ev.len());
}

#[test]
fn an_object_inside_a_separated_verb_is_the_target() {
    let ev = events_of(
        "Streit\n\nNach dem Gipfel warf Sergej Lawrow der Nato vor, gegen Russland zu arbeiten.",
        "de",
    );
    let acc = ev
        .iter()
        .find(|e| e.kind == "ACCUSE")
        .expect("an accusation");
    assert_eq!(names(&acc.source), ["Sergej Lawrow"], "{:?}", acc.source);
    assert_eq!(names(&acc.target), ["Nato"], "{:?}", acc.target);
}

#[test]
fn a_name_in_a_prepositional_phrase_is_no_subject() {
    let ev = events_of(
        "Kritik\n\nIn einem Gespräch mit der Süddeutschen Zeitung in München hat Bischof Georg Bätzing \
         die Bundesregierung scharf kritisiert.",
        "de",
    );
    let acc = ev.iter().find(|e| e.kind == "ACCUSE").expect("criticism");
    assert_eq!(names(&acc.source), ["Georg Bätzing"], "{:?}", acc.source);
}

#[test]
fn a_plea_for_a_sentence_is_addressed_to_the_court() {
    let ev = events_of(
        "Prozess\n\nDas Landgericht Lübeck verhandelt seit März gegen einen 40-Jährigen. \
         Die Staatsanwaltschaft hat neun Jahre Haft gefordert, die Verteidigung fünf Jahre.",
        "de",
    );
    let req = ev.iter().find(|e| e.kind == "REQUEST").expect("a plea");
    assert_eq!(req.source[0].agent.as_deref(), Some("JUD"));
    assert_eq!(
        names(&req.target),
        ["Landgericht Lübeck"],
        "{:?}",
        req.target
    );
}

#[test]
fn welcoming_a_person_is_a_greeting_and_welcoming_a_step_is_support() {
    let greeting = events_of(
        "Empfang\n\nDer Bürgermeister begrüßte besonders den früheren Bundespräsidenten Joachim Gauck.",
        "de",
    );
    assert!(
        !greeting.iter().any(|e| e.kind == "SUPPORT"),
        "{greeting:?}"
    );
    let support = events_of(
        "Reaktionen\n\nDie Regierung in Warschau begrüßte den Schritt der Vereinigten Staaten.",
        "de",
    );
    assert!(support.iter().any(|e| e.kind == "SUPPORT"), "{support:?}");
}

#[test]
fn praise_tagging_a_quote_without_an_object_is_no_support() {
    let ev = events_of(
        "Fußball\n\n\"Wir haben heute als Mannschaft gewonnen\", lobte Trainer Thomas Tuchel nach dem Spiel.",
        "de",
    );
    assert!(!ev.iter().any(|e| e.kind == "SUPPORT"), "{ev:?}");
}

#[test]
fn hearsay_with_a_perfect_infinitive_is_a_reported_past_act() {
    let ev = events_of(
        "Prozess\n\nDie beiden Angeklagten sollen im Mai einen Rentner überfallen und ihn schwer \
         misshandelt haben.",
        "de",
    );
    let assault = ev.iter().find(|e| e.kind == "ASSAULT").expect("an assault");
    assert!(!assault.hypothetical, "{assault:?}");
    let plan = events_of(
        "Politik\n\nDer Minister soll die Demonstranten morgen kritisieren.",
        "de",
    );
    let e = plan.iter().find(|e| e.kind == "ACCUSE").expect("criticism");
    assert!(e.hypothetical, "{e:?}");
}

#[test]
fn a_plea_before_a_court_no_entity_names_goes_to_the_court_word() {
    let ev = events_of(
        "Prozess\n\nVor dem Landgericht in Lübeck muss sich seit März ein 40-Jähriger verantworten. \
         Die Verteidigung plädierte auf Freispruch.",
        "de",
    );
    let req = ev.iter().find(|e| e.kind == "REQUEST").expect("a plea");
    assert!(
        req.target.iter().any(|t| t.name.contains("Landgericht")),
        "{:?}",
        req.target
    );
}

#[test]
fn concessions_retreats_sanctions_and_cooperation_are_coded() {
    let cases = [
        (
            "The army lifted the night curfew in the northern province on Sunday.",
            "CONCEDE",
        ),
        ("The rebels released twelve hostages on Tuesday.", "RETREAT"),
        (
            "The governor resigned on Monday after weeks of protests.",
            "RETREAT",
        ),
        (
            "Norway suspended its aid to the government on Friday.",
            "SANCTION",
        ),
        (
            "Kenya extradited the suspect to France on Sunday.",
            "COOPERATE",
        ),
    ];
    for (text, kind) in cases {
        let ev = events_of(&format!("Headline\n\n{text}"), "en");
        assert!(
            ev.iter().any(|e| e.kind == kind),
            "{kind} in {text}: {ev:?}"
        );
    }
    let de = events_of(
        "Lage beruhigt\n\nDie Regierung hob die Ausgangssperre in der Stadt am Samstag auf.",
        "de",
    );
    assert!(de.iter().any(|e| e.kind == "CONCEDE"), "{de:?}");
}

#[test]
fn a_promised_retreat_is_an_intent_and_a_refused_one_no_act() {
    let ev = events_of(
        "Talks\n\nSyria said it is willing to withdraw its troops from the border region.",
        "en",
    );
    let e = ev.iter().find(|e| e.kind == "AGREE").expect("an intent");
    assert_eq!(e.cameo, "035");
    assert!(e.hypothetical);
    assert!(!ev.iter().any(|e| e.kind == "RETREAT"), "{ev:?}");
    let refused = events_of(
        "Curfew\n\nThe government is refusing to lift the curfew on the city.",
        "en",
    );
    assert!(refused.iter().any(|e| e.kind == "REJECT"), "{refused:?}");
    assert!(!refused.iter().any(|e| e.kind == "CONCEDE"), "{refused:?}");
}

#[test]
fn a_trigger_noun_before_its_doer_is_an_attribute() {
    let ev = events_of(
        "Quake\n\nA local teacher spoke to a rescue worker by telephone from the ruins.",
        "en",
    );
    assert!(!ev.iter().any(|e| e.kind == "AID"), "{ev:?}");
}

#[test]
fn a_crowd_demanding_something_protests() {
    let ev = events_of(
        "Rally\n\nThousands of protesters gathered in the capital on Sunday to demand new elections.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "PROTEST"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.kind == "REQUEST"), "{ev:?}");
}

#[test]
fn an_english_object_after_the_verb_is_no_source() {
    let ev = events_of(
        "Relief\n\nHelicopters flew in medical workers to the valley on Monday.",
        "en",
    );
    let e = ev.iter().find(|e| e.kind == "AID").expect("aid");
    assert!(e.source.is_empty(), "{:?}", e.source);
    let by = events_of(
        "Unrest\n\nTwo men were arrested by police in the city on Monday.",
        "en",
    );
    let e = by.iter().find(|e| e.kind == "COERCE").expect("an arrest");
    assert_eq!(names(&e.source), vec!["police"]);
}

#[test]
fn an_ing_adjunct_takes_the_subject_of_its_clause() {
    let ev = events_of(
        "Warning\n\nThe minister warned of a harsh response if Russia attacks Georgia after massing troops near the border.",
        "en",
    );
    let e = ev
        .iter()
        .find(|e| e.kind == "MOBILIZE")
        .expect("a build-up");
    assert_eq!(names(&e.source), vec!["Russia"]);
}

#[test]
fn a_present_passive_is_no_plan_and_a_border_no_actor() {
    let ev = events_of(
        "Streit\n\nDerzeit wird zwischen den beiden Ministerien verhandelt.",
        "de",
    );
    let e = ev.iter().find(|e| e.kind == "CONSULT").expect("talks");
    assert!(!e.hypothetical);
    let ev = events_of(
        "Forderung\n\nDie Nato verlangt einen Rückzug der an der ukrainischen Grenze stationierten russischen Soldaten.",
        "de",
    );
    let e = ev.iter().find(|e| e.kind == "REQUEST").expect("a demand");
    assert!(
        e.target.iter().all(|t| t.country.as_deref() != Some("UA")),
        "{:?}",
        e.target
    );
}

#[test]
fn an_act_that_a_threat_or_demand_names_is_no_act_of_its_own() {
    let ev = events_of(
        "Dispute\n\nThe president threatened to impose a curfew on the capital on Sunday.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "THREATEN"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.kind == "COERCE"), "{ev:?}");
    let ev = events_of(
        "Strike\n\nFarmers began a hunger strike outside parliament to demand the return of their land.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "PROTEST"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.kind == "REQUEST"), "{ev:?}");
}

#[test]
fn a_participle_qualifying_a_noun_is_no_act() {
    let ev = events_of(
        "Vigil\n\nMourners carrying photos of villagers killed by soldiers marched to the square on Monday.",
        "en",
    );
    assert!(!ev.iter().any(|e| e.kind == "ASSAULT"), "{ev:?}");
    let ev = events_of(
        "Raid\n\nTwo villagers were killed by soldiers in the square on Monday.",
        "en",
    );
    assert!(ev.iter().any(|e| e.kind == "ASSAULT"), "{ev:?}");
}

#[test]
fn a_place_of_origin_is_no_actor() {
    let ev = events_of(
        "Urteil gefallen\n\nVor Gericht räumte er ein, seine aus Vietnam stammende Frau getötet zu haben.",
        "de",
    );
    assert!(
        ev.iter()
            .all(|e| !names(&e.source).contains(&"Vietnam") && e.place.is_none()),
        "{ev:#?}"
    );
}
