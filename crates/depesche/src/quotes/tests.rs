use super::*;
use crate::schema::{EntityType, Mention};

/// Blocks = paragraphs separated by blank lines.
fn blocks_of(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for para in text.split("\n\n") {
        let n = para.chars().count();
        out.push((start, start + n));
        start += n + 2;
    }
    out
}

fn find(text: &str, lang: Lang, entities: &[Entity]) -> Vec<Quote> {
    let ix = TextIndex::new(text);
    QuoteFinder::new()
        .find(text, &ix, &blocks_of(text), entities, &[], lang)
        .into_iter()
        .map(|f| f.quote)
        .collect()
}

fn quote_with<'q>(qs: &'q [Quote], part: &str) -> &'q Quote {
    qs.iter()
        .find(|q| q.text.contains(part))
        .unwrap_or_else(|| panic!("no quote with {part:?} in {qs:#?}"))
}

/// An article written for these tests in the shape of a dpa report.
const ARTICLE: &str = "US-Präsident Donald Trump ist verärgert über Wladimir Putin. Nun trafen sich die Außenminister.

Russland hat nach Angaben von US-Außenminister Marco Rubio eine \"neue Idee\" vorgelegt. Auf eine Frage, ob es sich um neue Vorschläge handle, antwortete Rubio nach einer Pause: \"Ich denke, es ist ein neuer Ansatz.\"

Er würde die russische \"Idee\" nicht als Friedensgarantie bezeichnen, sagte Rubio nach dem Treffen mit Sergej Lawrow in Kuala Lumpur. Es sei aber ein Konzept, das er Trump noch heute übermitteln werde.

\"Beide Seiten bekräftigten ihre Bereitschaft, nach friedlichen Lösungen zu suchen\", teilte das Außenministerium in Moskau mit.

Trump hatte sich zuletzt verärgert über Kremlchef Putin gezeigt. Er warf ihm vor, beim Thema Ukraine \"Bullshit\" zu erzählen.

\"Wir bekommen von Putin eine Menge Mist erzählt\", sagte der US-Präsident am Dienstag. Zuvor hatte Trump betont, dass er nicht zufrieden sei mit Putin.";

fn entity(
    id: &str,
    kind: EntityType,
    name: &str,
    roles: &[&str],
    text: &str,
    names: &[&str],
) -> Entity {
    let mut mentions = Vec::new();
    for n in names {
        let mut from = 0;
        while let Some(b) = text[from..].find(n) {
            let b = from + b;
            let s = text[..b].chars().count();
            mentions.push(Mention {
                start: s,
                end: s + n.chars().count(),
                text: n.to_string(),
            });
            from = b + n.len();
        }
    }
    Entity {
        id: id.into(),
        kind,
        name: name.into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        mentions,
        place: None,
        affiliation: None,
    }
}

#[test]
fn reference_article_without_entities() {
    let qs = find(ARTICLE, Lang::De, &[]);
    let q = quote_with(&qs, "Ich denke, es ist ein neuer Ansatz.");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("direct", Some("Rubio"))
    );
    assert_eq!(q.cue.as_deref(), Some("antwortete"));
    let q = quote_with(&qs, "Beide Seiten bekräftigten");
    assert_eq!(q.speaker.as_deref(), Some("das Außenministerium in Moskau"));
    assert_eq!(q.cue.as_deref(), Some("teilte … mit"));
    let q = quote_with(&qs, "Wir bekommen von Putin");
    assert_eq!(q.speaker.as_deref(), Some("Donald Trump"));
    let q = qs
        .iter()
        .find(|q| q.text == "Bullshit")
        .expect("the quoted word");
    assert_eq!(q.speaker.as_deref(), Some("Trump"));
    assert_eq!(q.cue.as_deref(), Some("warf … vor"));
    // The accusation around it is reported speech ("warf ihm vor, … zu erzählen").
    let q = quote_with(&qs, "beim Thema Ukraine");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("Trump"))
    );
    let q = quote_with(&qs, "Es sei aber ein Konzept");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("Rubio"))
    );
    let q = quote_with(&qs, "neue Idee");
    assert_eq!(q.speaker.as_deref(), Some("Marco Rubio"));
    let q = quote_with(&qs, "dass er nicht zufrieden sei");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("Trump"))
    );
    let q = quote_with(&qs, "Er würde die russische");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("Rubio"))
    );
}

#[test]
fn reference_article_with_entities() {
    let t = ARTICLE;
    let ents = vec![
        entity(
            "e1",
            EntityType::PER,
            "Donald Trump",
            &["US-Präsident"],
            t,
            &["Donald Trump", "Trump"],
        ),
        entity(
            "e2",
            EntityType::PER,
            "Wladimir Putin",
            &["Kremlchef"],
            t,
            &["Wladimir Putin", "Putin"],
        ),
        entity(
            "e3",
            EntityType::PER,
            "Marco Rubio",
            &["US-Außenminister"],
            t,
            &["Marco Rubio", "Rubio"],
        ),
        entity(
            "e4",
            EntityType::ORG,
            "Außenministerium",
            &[],
            t,
            &["Außenministerium"],
        ),
        entity("e5", EntityType::LOC, "Moskau", &[], t, &["Moskau"]),
        entity("e6", EntityType::LOC, "Russland", &[], t, &["Russland"]),
    ];
    let qs = find(t, Lang::De, &ents);
    assert_eq!(quote_with(&qs, "Ich denke").speaker.as_deref(), Some("e3"));
    assert_eq!(
        quote_with(&qs, "Beide Seiten").speaker.as_deref(),
        Some("e4")
    );
    assert_eq!(
        quote_with(&qs, "Wir bekommen").speaker.as_deref(),
        Some("e1")
    );
    assert_eq!(quote_with(&qs, "Bullshit").speaker.as_deref(), Some("e1"));
    assert_eq!(
        quote_with(&qs, "Es sei aber").speaker.as_deref(),
        Some("e3")
    );
}

#[test]
fn role_noun_and_organisation_link_to_entities() {
    let t = "Das Außenministerium in Berlin äußerte sich am Morgen. \"Wir sind besorgt\", sagte der Minister.\n\n\"Das ist inakzeptabel\", teilte das Ministerium mit.";
    let ents = vec![
        entity(
            "e1",
            EntityType::PER,
            "Johann Wadephul",
            &["Außenminister"],
            t,
            &[],
        ),
        entity("e2", EntityType::ORG, "Auswärtiges Amt", &[], t, &[]),
        entity(
            "e3",
            EntityType::ORG,
            "Außenministerium",
            &[],
            t,
            &["Außenministerium"],
        ),
    ];
    let qs = find(t, Lang::De, &ents);
    assert_eq!(quote_with(&qs, "besorgt").speaker.as_deref(), Some("e1"));
    assert_eq!(
        quote_with(&qs, "inakzeptabel").speaker.as_deref(),
        Some("e3")
    );
}

#[test]
fn scare_quotes_and_titles_need_a_cue() {
    let qs = find(
        "Der Film \"Barbie\" lief am Wochenende in vielen Kinos.",
        Lang::De,
        &[],
    );
    assert!(qs.is_empty(), "{qs:?}");
    let qs = find(
        "Die Kanzlerin nannte den Plan eine \"Farce\", sagte sie der Zeitung.",
        Lang::De,
        &[],
    );
    assert_eq!(qs.iter().filter(|q| q.kind == "direct").count(), 1);
}

#[test]
fn interrupted_and_multi_paragraph_quotes() {
    let t = "Merz äußerte sich. „Wir stehen zusammen“, sagte er, „und wir bleiben stark.“\n\n„Die Lage ist ernst.\n\n„Wir handeln jetzt“, sagte Merz am Abend.";
    let qs = find(t, Lang::De, &[]);
    let direct: Vec<_> = qs.iter().filter(|q| q.kind == "direct").collect();
    assert_eq!(direct.len(), 3, "{qs:#?}");
    assert_eq!(direct[1].speaker.as_deref(), Some("Merz"));
    assert!(direct[2]
        .text
        .starts_with("Die Lage ist ernst.\n\n„Wir handeln jetzt"));
    assert_eq!(direct[2].speaker.as_deref(), Some("Merz"));
}

#[test]
fn source_prepositions_and_so() {
    let qs = find("Laut Polizei wurden drei Menschen verletzt.", Lang::De, &[]);
    assert_eq!(qs[0].speaker.as_deref(), Some("Polizei"));
    assert_eq!(qs[0].text, "wurden drei Menschen verletzt");
    let qs = find("Die Lage sei ernst, so Scholz.", Lang::De, &[]);
    assert_eq!(
        (qs[0].text.as_str(), qs[0].speaker.as_deref()),
        ("Die Lage sei ernst", Some("Scholz"))
    );
    let qs = find("Dem Ministerium zufolge stiegen die Preise.", Lang::De, &[]);
    assert_eq!(qs[0].speaker.as_deref(), Some("Dem Ministerium"));
    assert_eq!(qs[0].cue.as_deref(), Some("zufolge"));
}

#[test]
fn english_direct_and_reported() {
    let t = "\"It is a new approach,\" Rubio said on Thursday. He said the idea was not a guarantee of peace.\n\nAccording to the ministry, both sides want talks. \"We will see,\" said Secretary of State Marco Rubio.";
    let qs = find(t, Lang::En, &[]);
    assert_eq!(
        quote_with(&qs, "new approach").speaker.as_deref(),
        Some("Rubio")
    );
    let q = quote_with(&qs, "the idea was not");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("Rubio"))
    );
    let q = quote_with(&qs, "both sides want talks");
    assert_eq!(q.speaker.as_deref(), Some("the ministry"));
    assert_eq!(
        quote_with(&qs, "We will see").speaker.as_deref(),
        Some("Marco Rubio")
    );
    // A name may modify the speaker phrase of a postposed frame.
    let t = "Helicopters flew into the region, Nepal police spokesman Kuber Kadayat said.";
    let qs = find(t, Lang::En, &[]);
    assert_eq!(
        quote_with(&qs, "Helicopters flew").speaker.as_deref(),
        Some("Nepal police spokesman Kuber Kadayat")
    );
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "",
        "\"",
        "„",
        "» «",
        "\"\"\"\"",
        "sagte",
        ", so",
        "laut",
        "zufolge",
        "Er: „",
        "a\n\n„b",
    ] {
        let _ = find(t, Lang::De, &[]);
        let _ = find(t, Lang::En, &[]);
        let _ = find(t, Lang::Other, &[]);
    }
}

#[test]
fn unmarked_speech_after_a_colon() {
    // Own voice after cue and colon: direct speech without marks.
    let qs = find(
        "Die Bürgermeisterin sagte am Abend: Wir werden die Brücke noch in diesem Jahr sanieren.",
        Lang::De,
        &[],
    );
    let q = quote_with(&qs, "Wir werden");
    assert_eq!(q.kind, "direct");
    assert_eq!(
        q.text,
        "Wir werden die Brücke noch in diesem Jahr sanieren."
    );
    assert_eq!(q.speaker.as_deref(), Some("Die Bürgermeisterin"));
    assert_eq!(q.cue.as_deref(), Some("sagte"));
    let qs = find(
        "The mayor said on Monday: We will reopen the bridge next week.",
        Lang::En,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "We will").text,
        "We will reopen the bridge next week."
    );
    // A report in the third person stays no direct quote.
    let qs = find(
        "Die Polizei teilte am Morgen mit: Drei Menschen wurden leicht verletzt.",
        Lang::De,
        &[],
    );
    assert!(qs.iter().all(|q| q.kind != "direct"), "{qs:#?}");
    // No cue before the colon: a list, no quote.
    let qs = find(
        "Auf dem Programm stehen: Unsere Stadt im Wandel und ein Konzert.",
        Lang::De,
        &[],
    );
    assert!(qs.iter().all(|q| q.kind != "direct"), "{qs:#?}");
}

#[test]
fn perfect_tense_frames_brackets_and_colons_take_reported_speech() {
    for (text, speaker) in [
        ("Merz hat am Montag gesagt, die Lage sei ernst.", "Merz"),
        ("Der Kanzler hat gesagt, die Lage sei ernst.", "Der Kanzler"),
        (
            "Friedrich Merz (CDU) sagte, die Lage sei ernst.",
            "Friedrich Merz",
        ),
        (
            "Helmut Mödlhammer (ÖVP) sagte am Sonntag: Der Bund nehme den Schulen Autonomie.",
            "Helmut Mödlhammer",
        ),
    ] {
        let qs = find(text, Lang::De, &[]);
        assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
        assert_eq!(qs[0].kind, "indirect", "{text}");
        assert_eq!(qs[0].speaker.as_deref(), Some(speaker), "{text}");
        assert!(!qs[0].text.ends_with('.'), "{text}: {}", qs[0].text);
    }
    // A colon before a plain statement without Konjunktiv is narration.
    assert!(find(
        "Die Bilanz des Ministers fiel am Montag klar aus: Der Bund spart.",
        Lang::De,
        &[]
    )
    .is_empty());
}

#[test]
fn postposed_frames_open_with_their_verb_or_auxiliary() {
    let qs = find("Die Lage sei ernst, hatte Seehofer gesagt.", Lang::De, &[]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].text, "Die Lage sei ernst");
    assert_eq!(qs[0].speaker.as_deref(), Some("Seehofer"));
    let qs = find(
        "„Das ist alles“, hatte Weltmeister Lewis Hamilton gesagt.",
        Lang::De,
        &[],
    );
    let speaker = qs[0].speaker.as_deref().unwrap_or("");
    assert!(
        speaker.ends_with("Lewis Hamilton") && !speaker.starts_with("hatte"),
        "{qs:#?}"
    );
    // A coordinated main clause is no frame: "…, der IWF sprach von …".
    let qs = find(
        "So hat die Notenbank eine Rezession vorausgesagt, der Internationale Währungsfonds (IWF) sprach von einem Risiko.",
        Lang::De,
        &[],
    );
    assert!(qs.iter().all(|q| !q.text.starts_with("So hat")), "{qs:#?}");
}

#[test]
fn speakers_as_news_writes_them() {
    // A definite role noun takes up the person just named; an indefinite one does not.
    let t = "Polizeisprecherin Anna Berg erklärte den Einsatz.\n\n\"Die Lage ist ruhig\", sagt die Beamtin.\n\n\"Wir prüfen das\", sagte ein Sprecher.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Anna Berg",
        &[],
        t,
        &["Anna Berg"],
    )];
    let qs = find(t, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "Lage ist ruhig").speaker.as_deref(),
        Some("e1")
    );
    assert_ne!(
        quote_with(&qs, "Wir prüfen das").speaker.as_deref(),
        Some("e1")
    );

    // Frames with a verb that is no cue verb: reflexive, then a prepositional phrase.
    let t = "\"Das war ein schwerer Fehler\", tat sich Trainer Otto Weg nach dem Spiel schwer.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Otto Weg",
        &["Trainer"],
        t,
        &["Otto Weg"],
    )];
    assert_eq!(find(t, Lang::De, &es)[0].speaker.as_deref(), Some("e1"));

    // Any cue verb takes a clause in Konjunktiv I; a frame opening with "Wie".
    let qs = find(
        "Zugleich beteuerte Otto Weg, das Land habe nie gedroht.",
        Lang::De,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "das Land habe").speaker.as_deref(),
        Some("Otto Weg")
    );
    let qs = find(
        "Wie die Polizei mitteilte, hatte ein Zeuge den Mann gesehen.",
        Lang::De,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "hatte ein Zeuge").speaker.as_deref(),
        Some("die Polizei")
    );
    // A role phrase in apposition keeps the separable frame together.
    let qs = find(
        "Bei dem Fund handle es sich um eine neue Art, teilte Otto Weg, Chef des Museums, mit.",
        Lang::De,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "neue Art").speaker.as_deref(),
        Some("Otto Weg")
    );
}

#[test]
fn english_inversion_only_after_say_verbs() {
    // "told X" names the addressee; "said the officer was …" opens the reported clause.
    let t = "Jane Roe, the mayor's spokeswoman, told the BBC: \"The damage is massive.\"";
    let qs = find(t, Lang::En, &[]);
    assert_eq!(
        quote_with(&qs, "damage is massive").speaker.as_deref(),
        Some("Jane Roe")
    );
    // Any other cue verb inverts after a quotation too, but "told".
    let t = "\"It is a disgrace,\" wrote Senator Jane Roe. \"It must end,\" added the mayor.";
    let qs = find(t, Lang::En, &[]);
    assert_eq!(
        quote_with(&qs, "disgrace").speaker.as_deref(),
        Some("Jane Roe")
    );
    assert_eq!(
        quote_with(&qs, "must end").speaker.as_deref(),
        Some("the mayor")
    );
    let t = "John Doe, a police spokesman, said the officer was \"shot in the abdomen\" and died.";
    let qs = find(t, Lang::En, &[]);
    assert!(
        qs.iter()
            .all(|q| q.speaker.as_deref() != Some("the officer")),
        "{qs:#?}"
    );
}

#[test]
fn frames_across_a_paragraph_break() {
    // Scraped pages often break one sentence into two paragraphs.
    let t = "„Sie riskieren sehr viel“,\n\ndonnerte Otto Weg mit rotem Gesicht.";
    let qs = find(t, Lang::De, &[]);
    assert_eq!(
        quote_with(&qs, "riskieren").speaker.as_deref(),
        Some("Otto Weg")
    );
    let t = "Die Ministerin Anna Berg versuchte, die Lage zu erklären:\n\n„Ein Ende ist nicht in Sicht.“";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Anna Berg",
        &[],
        t,
        &["Anna Berg"],
    )];
    let qs = find(t, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "nicht in Sicht").speaker.as_deref(),
        Some("e1")
    );
}

#[test]
fn reported_speech_with_quoted_words_and_name_appositions() {
    let text = "Es gebe „zu viele Krankenhäuser“, sagt Karin Walter im Interview.\n\n\
                Bei dem Fund handle es sich um eine neue Art, teilte der Chef des Museums, Peter Fink, mit.";
    let ents = [
        entity(
            "e1",
            EntityType::PER,
            "Karin Walter",
            &[],
            text,
            &["Karin Walter"],
        ),
        entity(
            "e2",
            EntityType::PER,
            "Peter Fink",
            &[],
            text,
            &["Peter Fink"],
        ),
    ];
    let qs = find(text, Lang::De, &ents);
    // Konjunktiv I outside the marks: reported speech with a quoted phrase in it.
    let q = quote_with(&qs, "Es gebe");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("e1"))
    );
    // A name in apposition after the role does not break the separable frame.
    let q = quote_with(&qs, "neue Art");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("e2"))
    );
}

#[test]
fn quotations_inside_a_clause() {
    // The verb's particle and subject lie on both sides of the quotation.
    let text = "Beim Empfang deutete Müller mit einem spöttischen „Der hat sich aber fein gemacht“ an, dass er schlechte Laune hatte.

Vor ihrer Reise hob Anna Berger die Rolle Frankreichs als „verlässlichen Partner am Rhein“ hervor.

In der Erklärung wird Schweden als „langfristige Gefahr“ bezeichnet.";
    let es = [
        entity("e1", EntityType::PER, "Müller", &[], text, &["Müller"]),
        entity(
            "e2",
            EntityType::PER,
            "Anna Berger",
            &[],
            text,
            &["Anna Berger"],
        ),
        entity(
            "e3",
            EntityType::LOC,
            "Frankreich",
            &[],
            text,
            &["Frankreichs"],
        ),
        entity("e4", EntityType::LOC, "Schweden", &[], text, &["Schweden"]),
    ];
    let qs = find(text, Lang::De, &es);
    let q = quote_with(&qs, "fein gemacht");
    assert_eq!(
        (q.speaker.as_deref(), q.cue.as_deref()),
        (Some("e1"), Some("deutete … an"))
    );
    assert_eq!(
        quote_with(&qs, "verlässlichen Partner").speaker.as_deref(),
        Some("e2")
    );
    // A passive names no speaker before its participle: the place is no speaker.
    assert!(
        qs.iter().all(|q| q.speaker.as_deref() != Some("e4")),
        "{qs:#?}"
    );
}

#[test]
fn a_quotation_in_reported_speech_is_its_speakers() {
    let text = "Das Wichtigste habe der Bischof in seinem Brief an die Gemeinden „mit großer Klarheit“ gesagt, ergänzte Lehmann. Er sei zufrieden.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Karl Lehmann",
        &[],
        text,
        &["Lehmann"],
    )];
    let qs = find(text, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "mit großer Klarheit").speaker.as_deref(),
        Some("e1")
    );
    let q = quote_with(&qs, "Er sei zufrieden");
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("indirect", Some("e1"))
    );
}

#[test]
fn a_name_particle_before_a_known_surname() {
    // "Wahl" is also a common noun; the article named the person in full before.
    let text = "Polizeisprecher Henrik von Wahl bat um Hinweise.

„Wir suchen mit dem Hubschrauber“, erklärte van Wahl.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Henrik von Wahl",
        &[],
        text,
        &["Henrik von Wahl"],
    )];
    let qs = find(text, Lang::De, &es);
    assert!(quote_with(&qs, "Hubschrauber").speaker.is_some(), "{qs:#?}");
}

#[test]
fn infinitive_clauses_after_cue_verbs() {
    // A cue verb with a "zu" infinitive reports its content ("räumte ein, …
    // getötet zu haben"), also after a separable verb ("warf … vor").
    let text = "Der Angeklagte räumte ein, seine Frau getötet zu haben. Im Anschluss warf der Minister der Opposition vor, gegen das Land zu arbeiten.";
    let qs = find(text, Lang::De, &[]);
    assert_eq!(
        quote_with(&qs, "getötet").text,
        "seine Frau getötet zu haben"
    );
    assert_eq!(
        quote_with(&qs, "arbeiten").text,
        "gegen das Land zu arbeiten"
    );
    // Purpose and coordination are not what the cue reports.
    for text in [
        "Die Ministerin bekräftigte ihre Haltung, um Gespräche zu ermöglichen.",
        "Experten warnten vor der Gefahr, und scheinen recht behalten zu haben.",
    ] {
        assert!(find(text, Lang::De, &[]).is_empty(), "{text}");
    }
}

#[test]
fn a_quotation_alone_after_a_persons_words_is_theirs() {
    let text = "Richterin Anna Berg sprach von einem schweren Fall. Die Richterin sprach auch von den Problemen des Paares: Geldsorgen und Eifersucht. \"Sie hätten sich Hilfe suchen müssen.\" Dann wandte sie sich an den Angeklagten.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Anna Berg",
        &["Richterin"],
        text,
        &["Anna Berg"],
    )];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(
        quote_with(&qs, "Hilfe suchen").speaker.as_deref(),
        Some("e1")
    );
}

#[test]
fn a_finding_is_reported_speech_only_in_konjunktiv_i() {
    let fact = "Die Beamten stellten schnell fest, dass in das Haus eingebrochen worden war.";
    assert!(find(fact, Lang::De, &[]).is_empty());
    let speech = "Die Prüfer stellten fest, dass das Land mit den Regeln Geld verloren habe.";
    let qs = find(speech, Lang::De, &[]);
    assert!(quote_with(&qs, "Regeln").speaker.is_some(), "{qs:#?}");
    // Other cues report a "dass" clause in any mood.
    let said = "Der Minister sagte, dass die Lage ernst ist.";
    assert!(!find(said, Lang::De, &[]).is_empty());
}

#[test]
fn a_person_in_the_clause_before_a_colon_speaks() {
    // The cue of an earlier clause is another speaker's ("erklärte die
    // Betreuerin"); the person of the clause that opens the quotation speaks.
    let text = "Das Verbot sei schuld, erklärte die Betreuerin, worauf der Richter Mählendorf \
                dem Angeklagten ins Gewissen redete: „Sie dürfen Ihre Launen nicht an anderen auslassen.“";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Mählendorf",
        &[],
        text,
        &["Mählendorf"],
    )];
    let qs = find(text, Lang::De, &es);
    assert_eq!(quote_with(&qs, "Launen").speaker.as_deref(), Some("e1"));
}

#[test]
fn a_subject_pronoun_before_a_colon_speaks() {
    let text = "Anna Berg wurde gewählt. Ihre künftige Arbeit sieht sie wie bisher: „Im Dienste der Bevölkerung mein Bestes geben.“";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Anna Berg",
        &[],
        text,
        &["Anna Berg"],
    )];
    let qs = find(text, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "Bevölkerung").speaker.as_deref(),
        Some("e1")
    );
}

#[test]
fn the_source_of_an_impersonal_cue() {
    let qs = find(
        "Aus dem Umweltministerium hieß es am Dienstag, die Fassung sei nicht abgestimmt.",
        Lang::De,
        &[],
    );
    let q = quote_with(&qs, "Fassung");
    assert_eq!(q.speaker.as_deref(), Some("dem Umweltministerium"));
    assert_eq!(q.cue.as_deref(), Some("hieß es"));
    // Without a source the cue names no one.
    let qs = find("Es hieß, die Lage sei ernst.", Lang::De, &[]);
    assert_eq!(quote_with(&qs, "Lage").speaker, None);
}

#[test]
fn a_bare_lowercase_source_is_nobodys_name() {
    // "police said" names no person: a later "he said" goes back to the
    // last person who spoke, not to the police.
    let text = "Many houses collapsed, police spokesman Ram Thapa said.\n\n\
                Roads were blocked by landslides, police said.\n\n\
                At least 85 injured people were taken to the hospital, he said.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Ram Thapa",
        &["police spokesman"],
        text,
        &["Ram Thapa"],
    )];
    let qs = find(text, Lang::En, &es);
    assert_eq!(
        quote_with(&qs, "landslides").speaker.as_deref(),
        Some("police")
    );
    assert_eq!(quote_with(&qs, "hospital").speaker.as_deref(), Some("e1"));
}

#[test]
fn a_description_speaks_through_its_bracketed_acronym() {
    let text = "The Turkish government's disaster and emergency management agency (AFAD) said \
                29 people died in Elazig.";
    let es = [
        entity("e1", EntityType::ORG, "AFAD", &[], text, &["AFAD"]),
        entity("e2", EntityType::MISC, "Turkish", &[], text, &["Turkish"]),
    ];
    let qs = find(text, Lang::En, &es);
    assert_eq!(quote_with(&qs, "29 people").speaker.as_deref(), Some("e1"));
}

#[test]
fn sources_without_verbs_adverbs_or_second_determiners() {
    // An auxiliary before the source of "zufolge" is no part of it.
    let qs = find(
        "In diesem Jahr haben Schätzungen zufolge 150.000 Menschen das Land verlassen.",
        Lang::De,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "150.000").speaker.as_deref(),
        Some("Schätzungen")
    );
    // The source after an article: "nach den Worten des Ministers".
    let qs = find(
        "Nach den Worten des Ministers sei dies ein wichtiger Beitrag.",
        Lang::De,
        &[],
    );
    assert_eq!(
        quote_with(&qs, "wichtiger Beitrag").speaker.as_deref(),
        Some("des Ministers")
    );
    // A sentence adverb opening the clause is no speaker; the subject
    // follows the verb.
    let text =
        "Anna Berg kam. Sinngemäß hat sie gesagt, dass Versprechen nicht eingehalten wurden.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Anna Berg",
        &[],
        text,
        &["Anna Berg"],
    )];
    let qs = find(text, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "Versprechen").speaker.as_deref(),
        Some("e1")
    );
}

#[test]
fn a_demonym_takes_up_the_person_an_adjective_names_nobody() {
    let text = "Trainer Oscar Garcia sah Verbesserungen. Ich sei nie zufrieden, wenn ich nicht \
                gewinne, erklärte der Spanier. Palästinensische Ärzte sagten, die Frau sei gestürzt.";
    let es = [
        entity(
            "e1",
            EntityType::PER,
            "Oscar Garcia",
            &["Trainer"],
            text,
            &["Oscar Garcia"],
        ),
        entity("e2", EntityType::MISC, "Spanier", &[], text, &["Spanier"]),
        entity(
            "e3",
            EntityType::MISC,
            "Palästinensische",
            &[],
            text,
            &["Palästinensische"],
        ),
    ];
    let qs = find(text, Lang::De, &es);
    assert_eq!(quote_with(&qs, "zufrieden").speaker.as_deref(), Some("e1"));
    assert_eq!(
        quote_with(&qs, "gestürzt").speaker.as_deref(),
        Some("Palästinensische Ärzte")
    );
}

#[test]
fn quoted_fragments_of_reported_speech_are_the_speakers_words() {
    let text = "Das Treffen mit Blinken sei \"offen und nützlich\" gewesen, sagte Lawrow.";
    let qs = find(text, Lang::De, &[]);
    let q = qs
        .iter()
        .find(|q| q.text == "offen und nützlich")
        .unwrap_or_else(|| panic!("no fragment in {qs:#?}"));
    assert_eq!(
        (q.kind.as_str(), q.speaker.as_deref()),
        ("direct", Some("Lawrow"))
    );
}

#[test]
fn a_subject_pronoun_after_the_auxiliary_speaks_not_the_fronted_object() {
    let text = "Karl Lehmann kam. Das Nötigste habe er bereits in dem Brief gesagt, dass die Kirche handeln müsse.";
    let es = [entity(
        "e1",
        EntityType::PER,
        "Karl Lehmann",
        &[],
        text,
        &["Karl Lehmann"],
    )];
    let qs = find(text, Lang::De, &es);
    assert_eq!(
        quote_with(&qs, "Kirche handeln").speaker.as_deref(),
        Some("e1")
    );
}

#[test]
fn konjunktiv_i_after_a_sentence_about_a_person_is_theirs() {
    let text = "Thomas Berger erinnert sich noch genau an den Fund. Für den Präparator war es ein Höhepunkt. Entdeckt worden sei das Fossil eher zufällig in einem Haufen Steine.";
    let berger = entity(
        "e1",
        EntityType::PER,
        "Thomas Berger",
        &[],
        text,
        &["Thomas Berger"],
    );
    let qs = find(text, Lang::De, std::slice::from_ref(&berger));
    assert_eq!(
        quote_with(&qs, "Fossil").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    // Another person named in between could as well be the source.
    let text = "Thomas Berger erinnert sich noch genau an den Fund. Auch Anna Kurz war dabei. Entdeckt worden sei das Fossil eher zufällig in einem Haufen Steine.";
    let entities = [
        entity(
            "e1",
            EntityType::PER,
            "Thomas Berger",
            &[],
            text,
            &["Thomas Berger"],
        ),
        entity(
            "e2",
            EntityType::PER,
            "Anna Kurz",
            &[],
            text,
            &["Anna Kurz"],
        ),
    ];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(quote_with(&qs, "Fossil").speaker, None, "{qs:#?}");
}

#[test]
fn english_names_before_an_apposition_speak() {
    let text = "\"It was an attempt to mislead voters,\" Will Moy, chief executive of the fact-checking website Full Fact, told the BBC.\n\nSen. Ben Sasse, R-Neb., called his death \"a crisis of public trust\" within the prison system.";
    let entities = [
        entity("e1", EntityType::PER, "Will Moy", &[], text, &["Will Moy"]),
        entity(
            "e2",
            EntityType::PER,
            "Ben Sasse",
            &[],
            text,
            &["Ben Sasse"],
        ),
    ];
    let qs = find(text, Lang::En, &entities);
    assert_eq!(
        quote_with(&qs, "mislead voters").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    // "called" takes an object after it, not an inverted subject.
    assert_eq!(
        quote_with(&qs, "public trust").speaker.as_deref(),
        Some("e2"),
        "{qs:#?}"
    );
}

#[test]
fn a_subject_before_a_colon_a_source_after_heisst_es_and_names_in_quotes() {
    let text = "Kanzler Friedrich Merz zeigte sich zuversichtlich: „Wir werden eine Lösung finden.“\n\n„Wir sind enttäuscht“, heißt es in einer Mitteilung der Gewerkschaft Verdi.\n\n„Wir brauchen mehr Geld für die Bahn“, sagte Patrick Schnieder im Interview mit der „Bild am Sonntag“.";
    let entities = [
        entity(
            "e1",
            EntityType::PER,
            "Friedrich Merz",
            &[],
            text,
            &["Friedrich Merz"],
        ),
        entity("e2", EntityType::ORG, "Verdi", &[], text, &["Verdi"]),
        entity(
            "e3",
            EntityType::PER,
            "Patrick Schnieder",
            &[],
            text,
            &["Patrick Schnieder"],
        ),
        entity(
            "e4",
            EntityType::MISC,
            "Bild am Sonntag",
            &[],
            text,
            &["Bild am Sonntag"],
        ),
    ];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(
        quote_with(&qs, "Lösung finden").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    assert_eq!(
        quote_with(&qs, "enttäuscht").speaker.as_deref(),
        Some("e2"),
        "{qs:#?}"
    );
    assert_eq!(
        quote_with(&qs, "Geld für die Bahn").speaker.as_deref(),
        Some("e3")
    );
    assert!(!qs.iter().any(|q| q.text == "Bild am Sonntag"), "{qs:#?}");
}

#[test]
fn an_age_noun_takes_up_the_person_and_an_unlisted_verb_frames() {
    let text = "Bauernpräsident Joachim Rukwied hat die Pläne kritisiert. „Das ist ein Schlag ins Gesicht“, sagte der 63-Jährige am Montag.\n\n„Wir haben keine Wahl“, zitierte die Zeitung einen Sprecher.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Joachim Rukwied",
        &["Bauernpräsident"],
        text,
        &["Joachim Rukwied"],
    )];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(
        quote_with(&qs, "Schlag ins Gesicht").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    assert!(
        qs.iter().any(|q| q.text == "Wir haben keine Wahl"),
        "{qs:#?}"
    );
}

#[test]
fn a_frame_in_the_next_sentence_takes_up_the_quotation() {
    let text = "Finanzminister Hans Weber sprach mit Journalisten. Auch Eva Berg kam.\n\n„Wir müssen sparen, und zwar überall.“ So äußerte sich Weber nach der Sitzung.\n\n„Das ist ein Kahlschlag.“ So die Grünen-Chefin Eva Berg.\n\n„Wir werden nicht zustimmen.“ Das sagte Karl Moser am Montag.\n\n„Es gibt keine Alternative.“ So Weber weiter.\n\n„Es bleibt dabei.“ Das Ministerium sagte am Montag nichts.";
    let people = [
        ("e1", "Hans Weber", &["Hans Weber", "Weber"][..]),
        ("e2", "Eva Berg", &["Eva Berg"][..]),
        ("e3", "Karl Moser", &["Karl Moser"][..]),
    ];
    let entities: Vec<Entity> = people
        .iter()
        .map(|(id, name, names)| entity(id, EntityType::PER, name, &[], text, names))
        .collect();
    let qs = find(text, Lang::De, &entities);
    let speaker = |part: &str| quote_with(&qs, part).speaker.clone();
    assert_eq!(speaker("sparen").as_deref(), Some("e1"), "{qs:#?}");
    assert_eq!(speaker("Kahlschlag").as_deref(), Some("e2"), "{qs:#?}");
    assert_eq!(speaker("nicht zustimmen").as_deref(), Some("e3"), "{qs:#?}");
    assert_eq!(
        speaker("keine Alternative").as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    // "Das Ministerium sagte": the subject stands before the verb; no frame
    // taking up the quotation before.
    assert_ne!(speaker("Es bleibt dabei").as_deref(), Some("e3"), "{qs:#?}");
}

#[test]
fn english_put_it_signatures_and_chants() {
    let text = "The fight over the budget deepened on Monday.\n\nAs Chuck Schumer put it, “This is a manufactured crisis.”\n\n“Our priority remains the safety of the American people” — the White House, in a statement.\n\nFootball food is “comfort food” — pizza, wings and chips.\n\nTeachers chanted, “Fund our schools,” as hundreds lined the entrances.";
    let entities = [
        entity(
            "e1",
            EntityType::PER,
            "Chuck Schumer",
            &[],
            text,
            &["Chuck Schumer"],
        ),
        entity(
            "e2",
            EntityType::ORG,
            "White House",
            &[],
            text,
            &["White House"],
        ),
    ];
    let qs = find(text, Lang::En, &entities);
    let speaker = |part: &str| quote_with(&qs, part).speaker.clone();
    assert_eq!(
        speaker("manufactured crisis").as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    assert_eq!(speaker("Our priority").as_deref(), Some("e2"), "{qs:#?}");
    assert!(speaker("Fund our schools").is_some(), "{qs:#?}");
    // A term explained after a dash is no signed quotation.
    assert!(
        qs.iter()
            .all(|q| q.text != "comfort food" || q.speaker.is_none()),
        "{qs:#?}"
    );
}

#[test]
fn a_bracketed_name_signs_a_quotation() {
    let text = "Die Debatte geht weiter.\n\n„Was wir brauchen, ist keine Willkommenskultur.“ (Heinz Fischer)";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Heinz Fischer",
        &[],
        text,
        &["Heinz Fischer"],
    )];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(
        quote_with(&qs, "Willkommenskultur").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
}

#[test]
fn konjunktiv_i_with_a_pronoun_subject_reports_that_person() {
    let text = "Der Polizist Bernhard Huber bekennt sich nicht schuldig. Er habe die Frau zwar wahrgenommen, aber nicht gestoßen.\n\nDann kamen die Inspektoren. Nichts geschah. Er solle auf ein Schreiben vom Amt warten.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Bernhard Huber",
        &[],
        text,
        &["Bernhard Huber"],
    )];
    let ix = TextIndex::new(text);
    let link = |word: &str, nth: usize| {
        let b = text.match_indices(word).nth(nth).expect("word").0;
        let s = text[..b].chars().count();
        CorefMention {
            start: s,
            end: s + word.chars().count(),
            text: word.to_string(),
            kind: "pronoun".into(),
            entity: "e1".into(),
        }
    };
    let coref = [link("Er ", 0), link("Er ", 1)].map(|mut c| {
        c.end -= 1;
        c.text = "Er".into();
        c
    });
    let qs: Vec<Quote> = QuoteFinder::new()
        .find(text, &ix, &blocks_of(text), &entities, &coref, Lang::De)
        .into_iter()
        .map(|f| f.quote)
        .collect();
    assert_eq!(
        quote_with(&qs, "wahrgenommen").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
    // "Er solle warten": what he was told, not what he says.
    assert!(
        qs.iter()
            .all(|q| !q.text.contains("Schreiben") || q.speaker.as_deref() != Some("e1")),
        "{qs:#?}"
    );
}

#[test]
fn an_apposition_after_a_postposed_frame_describes_the_speaker() {
    let text = "Das Ende der Arena sei keine Sparmaßnahme, sagt Werner Döring, Geschäftsführer der Vorarlberger Kulturhäuser.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Werner Döring",
        &[],
        text,
        &["Werner Döring"],
    )];
    let qs = find(text, Lang::De, &entities);
    let q = quote_with(&qs, "Sparmaßnahme");
    assert_eq!(q.speaker.as_deref(), Some("e1"), "{qs:#?}");
    assert!(
        qs.iter().all(|q| !q.text.contains("Geschäftsführer")),
        "{qs:#?}"
    );
    let text = "Es besteht kein Zweifel mehr, sagte der Minderheitsführer im Senat, Harry Reid.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Harry Reid",
        &[],
        text,
        &["Harry Reid"],
    )];
    let qs = find(text, Lang::De, &entities);
    assert_eq!(
        quote_with(&qs, "kein Zweifel").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
}

#[test]
fn an_english_speaker_with_a_long_affiliation() {
    let text = "\"Organics are very important for the possibility of life,\" said planetary geologist Rosaly Lopes of NASA's Jet Propulsion Laboratory in Pasadena, California.";
    let entities = [entity(
        "e1",
        EntityType::PER,
        "Rosaly Lopes",
        &[],
        text,
        &["Rosaly Lopes"],
    )];
    let qs = find(text, Lang::En, &entities);
    assert_eq!(
        quote_with(&qs, "Organics").speaker.as_deref(),
        Some("e1"),
        "{qs:#?}"
    );
}
