use super::*;

fn de() -> &'static ToneLexicon {
    ToneLexicon::get(Lang::De).unwrap()
}

fn en() -> &'static ToneLexicon {
    ToneLexicon::get(Lang::En).unwrap()
}

fn counts(lx: &ToneLexicon, text: &str) -> Counts {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    count(lx, &refs, &[])
}

#[test]
fn committed_lexicons_are_there() {
    assert!(de().len() > 5000, "{}", de().len());
    assert!(en().len() > 4000, "{}", en().len());
}

#[test]
fn german_inflection_reaches_the_lemma() {
    let lx = de();
    for w in [
        "gut",
        "guten",
        "schöneren",
        "kritisierte",
        "kritisierten",
        "gelobt",
        "lobte",
    ] {
        assert_ne!(lx.polarity(w), 0, "{w}");
    }
    assert_eq!(lx.polarity("kritisierte"), -1);
    assert_eq!(lx.polarity("lobte"), 1);
    assert_eq!(lx.polarity("krieges"), -1);
    // A compound counts by its head noun.
    assert_eq!(lx.polarity("raketenangriffe"), -1);
    assert_eq!(lx.polarity("der"), 0);
    assert_eq!(lx.polarity("außenminister"), 0);
}

#[test]
fn negation_flips_the_next_words_of_its_clause() {
    let lx = de();
    let c = counts(lx, "Das Treffen war gut .");
    assert_eq!((c.positive, c.negative), (1, 0));
    let c = counts(lx, "Das Treffen war nicht gut .");
    assert_eq!((c.positive, c.negative), (0, 1));
    // The negation does not reach past the comma.
    let c = counts(lx, "Nicht heute , aber gut .");
    assert_eq!((c.positive, c.negative), (1, 0));
    let c = counts(en(), "The talks were not good , he said .");
    assert_eq!((c.positive, c.negative), (0, 1));
    let c = counts(en(), "The talks didn't help .");
    assert_eq!((c.positive, c.negative), (0, 1));
}

#[test]
fn percentages_follow_gdelt() {
    let c = Counts {
        words: 200,
        positive: 6,
        negative: 10,
        self_reference: 2,
    };
    let t = c.tone();
    assert_eq!(
        (t.positive, t.negative, t.tone, t.polarity),
        (3.0, 5.0, -2.0, 8.0)
    );
    assert_eq!(t.self_reference, 1.0);
    assert_eq!(Counts::default().tone().tone, 0.0);
}

#[test]
fn article_and_event_tone_in_the_pipeline() {
    let text =
        "Angriff auf Kiew\n\nRussland hat die Ukraine in der Nacht mit Raketen angegriffen. \
                Bei dem brutalen Angriff wurden viele Menschen getötet und verletzt.\n\n\
                Der Bürgermeister lobte die gute Arbeit der Helfer.";
    let a = crate::analyze_text(
        text,
        &crate::Options {
            lang: Some(Lang::De),
            ..Default::default()
        },
    );
    let t = a.tone.expect("tone");
    assert!(t.words > 20 && t.negative > t.positive, "{t:?}");
    assert!(t.tone < 0.0);
    let assault = a
        .events
        .iter()
        .find(|e| e.kind == "ASSAULT")
        .expect("assault");
    assert!(
        assault.tone.as_ref().is_some_and(|t| t.tone < 0.0),
        "{:?}",
        assault.tone
    );
}

#[test]
fn bad_input_is_bounded() {
    // A 5,000-word sentence, 300 names, no verbs, only punctuation, empty.
    let long = "nicht gut schlecht Friedensverhandlungen ".repeat(1250);
    let names = (0..300)
        .map(|i| format!("Name{i} Müller,"))
        .collect::<Vec<_>>()
        .join(" ");
    for text in [
        long.as_str(),
        names.as_str(),
        "!!! ??? ...",
        "",
        "Rot, grün, blau.",
    ] {
        let a = crate::analyze_text(text, &crate::Options::default());
        let t = a.tone.unwrap_or(Counts::default().tone());
        assert!(t.tone.is_finite() && t.polarity >= 0.0);
    }
    let c = counts(de(), &long);
    assert_eq!(c.words, 5000);
}
