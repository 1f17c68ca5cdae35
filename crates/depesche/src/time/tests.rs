//! Expression tests read from `testdata/timex/cases.tsv`.

use super::*;

const CASES: &str = include_str!("../../testdata/timex/cases.tsv");

#[test]
fn cases_from_tsv() {
    let tagger = TimeTagger::new();
    let mut failures = Vec::new();
    let (mut de, mut en) = (0, 0);
    for (n, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 6, "line {}: expected 6+ columns", n + 1);
        let (lang, pubdate, anchor, sentence, value, kind) =
            (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
        let modifier = cols.get(6).copied().filter(|m| !m.is_empty() && *m != "-");
        let lang = Lang::from_code(lang);
        match lang {
            Lang::De => de += 1,
            _ => en += 1,
        }
        let dct = NaiveDate::parse_from_str(pubdate, "%Y-%m-%d").ok();
        let anchor = anchor.parse::<TimeAnchor>().ok();
        let (a, rest) = sentence.split_once("[[").expect("a [[marked]] expression");
        let (expr, b) = rest.split_once("]]").expect("closing ]]");
        let text = format!("{a}{expr}{b}").replace("[[", "").replace("]]", "");
        let times = tagger.tag_text(&text, lang, dct, anchor);
        if kind == "NONE" {
            // A negative case: nothing may be found on the marked words.
            let (ms, me) = (a.chars().count(), a.chars().count() + expr.chars().count());
            if let Some(t) = times.iter().find(|t| t.start < me && ms < t.end) {
                failures.push(format!(
                    "line {}: {expr:?} must not be tagged, got {:?}",
                    n + 1,
                    t.text
                ));
            }
            continue;
        }
        let want_value = if value == "null" { None } else { Some(value) };
        let hit = times.iter().find(|t| t.text == expr);
        let ok = hit.is_some_and(|t| {
            t.value.as_deref() == want_value && t.kind == kind && t.modifier.as_deref() == modifier
        });
        if !ok {
            failures.push(format!(
                "line {}: {expr:?} in {text:?}: want {value} {kind} {modifier:?}, got {:?}",
                n + 1,
                times
                    .iter()
                    .map(|t| (&t.text, &t.value, &t.kind, &t.modifier))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(de >= 80 && en >= 30, "too few cases: de {de}, en {en}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_publication_date_no_invented_values() {
    let tagger = TimeTagger::new();
    let t = tagger.tag_text(
        "Am Dienstag sagte er, vor fünf Monaten sei es passiert.",
        Lang::De,
        None,
        None,
    );
    assert_eq!(t.len(), 2);
    assert!(t.iter().all(|t| t.value.is_none()), "{t:?}");
    // Absolute dates keep their value.
    let t = tagger.tag_text("Am 20. Januar 2025 trat er an.", Lang::De, None, None);
    assert_eq!(t[0].value.as_deref(), Some("2025-01-20"));
}

#[test]
fn dateline_sets_published() {
    let tagger = TimeTagger::new();
    let text = "Berlin, 10. Juli 2025 (dpa) – Der Minister sagte am Dienstag, er komme.";
    let mut a =
        crate::pipeline::Pipeline::default().analyze(crate::input::Document::from_text("t", text));
    a.published = None;
    a.input.warnings.clear();
    let ix = TextIndex::new(&a.text);
    tagger.annotate(&mut a, &ix);
    assert_eq!(a.published.as_deref(), Some("2025-07-10"));
    assert!(a.input.warnings.iter().any(|w| w.contains("published")));
    let tue = a
        .times
        .iter()
        .find(|t| t.text == "Dienstag")
        .expect("weekday found");
    assert_eq!(tue.value.as_deref(), Some("2025-07-08"));
}

#[test]
fn undated_report_borrows_no_year_from_the_past() {
    // A wire report without a publication date: "since 1993" must not make
    // "December" and "September" dates of 1993.
    let text =
        "WASHINGTON (Reuters) - The Fed kept rates unchanged, the first split vote since 1993. \
                Rates have been steady since December. A move in September is possible.";
    let a =
        crate::pipeline::Pipeline::default().analyze(crate::input::Document::from_text("t", text));
    assert!(a.published.is_none());
    let v = |s: &str| {
        a.times
            .iter()
            .find(|x| x.text == s)
            .unwrap_or_else(|| panic!("{s} not found in {:?}", a.times))
            .value
            .clone()
    };
    assert_eq!(v("1993").as_deref(), Some("1993"));
    assert_eq!(v("December"), None);
    assert_eq!(v("September"), None);
}

#[test]
fn narrative_vs_news() {
    let tagger = TimeTagger::new();
    let dct = NaiveDate::from_ymd_opt(2011, 2, 16);
    let text = "Am 1. September 1939 begann der Krieg. Am 3. September erklärten Frankreich und Großbritannien den Krieg. \
                Im Juni 1940 fiel Paris, im Mai 1941 folgte Kreta. Zwei Tage später kam es zum Angriff.";
    let t = tagger.tag_text(text, Lang::De, dct, None);
    let v = |s: &str| t.iter().find(|x| x.text == s).and_then(|x| x.value.clone());
    assert_eq!(v("3. September").as_deref(), Some("1939-09-03"));
    let t2 = tagger.tag_text(text, Lang::De, dct, Some(TimeAnchor::News));
    let v2 = t2
        .iter()
        .find(|x| x.text == "3. September")
        .and_then(|x| x.value.clone());
    assert_eq!(v2.as_deref(), Some("2010-09-03"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let tagger = TimeTagger::new();
    let dct = NaiveDate::from_ymd_opt(2025, 7, 10);
    for s in [
        "",
        ".",
        "31. Februar 2025",
        "99.99.9999",
        "am 0. Januar",
        "Um 25 Uhr",
        "vor 999999 Jahren",
        "in 4000 Jahren",
        "12345678901234567890 Tage",
        "1.1.1 1:1 1-1-1",
        "Ende",
        "vom 3. auf den",
        "Nacht vom 19.",
        "KW 99 2025",
        "Q7 2025",
        "-",
        "2025-13-45",
        "Mitte des",
        "BC v. Chr.",
        "ein halbes",
        "am Tag",
        "vor 3 v. Chr. Jahren",
        "\u{0}\u{1}",
        "ß̈ 20. März ☃ 2022",
    ] {
        for lang in [Lang::De, Lang::En] {
            let _ = tagger.tag_text(s, lang, dct, None);
            let _ = tagger.tag_text(s, lang, None, Some(TimeAnchor::Narrative));
        }
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "am",
        "im",
        "vor",
        "in",
        "nach",
        "seit",
        "Tag",
        "Tage",
        "zuvor",
        "später",
        "knapp",
        "mehr als",
        "fünf",
        "ein",
        "halbes",
        "Jahr",
        "Monaten",
        "Woche",
        "Dienstag",
        "Dienstagabend",
        "Januar",
        "Mai",
        "August",
        "20.",
        "1.",
        "31.",
        "2025",
        "1939",
        "v. Chr.",
        "490",
        "12",
        "19.30",
        "Uhr",
        "4:45",
        "10.07.2025",
        "-",
        "/",
        ",",
        ".",
        "Ende",
        "Anfang",
        "Mitte",
        "des",
        "Jahres",
        "folgenden",
        "selben",
        "Nacht",
        "vom",
        "auf",
        "den",
        "1990er",
        "Jahre",
        "Jahrhunderts",
        "Q",
        "Quartal",
        "KW",
        "jeden",
        "montags",
        "heute",
        "gestern",
        "morgen",
        "Morgen",
        "last",
        "week",
        "ago",
        "the",
        "day",
        "before",
        "p.m.",
        "early",
        "mid",
        "March",
        "may",
        "2nd",
        "th",
        "1.9.39",
        "2025-07-10",
        "anderthalb",
        "siebentägigen",
        "100-jährige",
        "ß",
        "☃",
        "\n",
        "  ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics_and_spans_slice(words in proptest::collection::vec(0..PIECES.len(), 0..40), dated in any::<bool>(), de in any::<bool>()) {
            let text: String = words.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let tagger = TimeTagger::new();
            let dct = if dated { NaiveDate::from_ymd_opt(2025, 7, 10) } else { None };
            let lang = if de { Lang::De } else { Lang::En };
            let times = tagger.tag_text(&text, lang, dct, None);
            let n = text.chars().count();
            for t in &times {
                prop_assert!(t.start < t.end && t.end <= n);
                let s: String = text.chars().skip(t.start).take(t.end - t.start).collect();
                prop_assert_eq!(&s, &t.text);
            }
            for w in times.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
        }
    }
}

#[test]
fn clock_time_follows_the_narrated_day() {
    let tagger = TimeTagger::new();
    let dct = NaiveDate::from_ymd_opt(2025, 7, 10);
    // The day named in the paragraph before carries the clock time …
    let text = "Am Dienstag kam es auf der Landstraße zu einem Unfall.\n\
                Gegen 14 Uhr prallte ein Auto gegen einen Baum.";
    let t = tagger.tag_text(text, Lang::De, dct, None);
    let clock = t
        .iter()
        .find(|x| x.text == "Gegen 14 Uhr")
        .expect("clock found");
    assert_eq!(clock.value.as_deref(), Some("2025-07-08T14:00"));
    // … but a day named paragraphs earlier does not: then the publication day does.
    let text = "Am Dienstag kam es zu einem Unfall.\nDie Straße war gesperrt.\n\
                Niemand wurde verletzt.\nUm 9 Uhr begann die Sitzung.";
    let t = tagger.tag_text(text, Lang::De, dct, None);
    let clock = t.iter().find(|x| x.text == "9 Uhr").expect("clock found");
    assert_eq!(clock.value.as_deref(), Some("2025-07-10T09:00"));
}

#[test]
fn seasons_join_in_news_but_not_in_histories() {
    let tagger = TimeTagger::new();
    let dct = NaiveDate::from_ymd_opt(2025, 7, 10);
    let t = tagger.tag_text("Die Saison 2024/25 ist vorbei.", Lang::De, dct, None);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(
        (t[0].text.as_str(), t[0].value.as_deref()),
        ("2024/25", None)
    );
    let t = tagger.tag_text(
        "Die Balkankriege 1912/13 gingen dem Krieg voraus.",
        Lang::De,
        dct,
        Some(TimeAnchor::Narrative),
    );
    let v: Vec<_> = t.iter().map(|x| x.value.as_deref()).collect();
    assert_eq!(v, [Some("1912"), Some("1913")]);
}

#[test]
fn weekday_inside_a_name_is_no_date() {
    use crate::schema::{Entity, EntityType, Mention};
    let tagger = TimeTagger::new();
    let text = "Der Gemeinderat wählte am 1. April Charly Freitag zum Präsidenten.";
    let mut a =
        crate::pipeline::Pipeline::default().analyze(crate::input::Document::from_text("t", text));
    let start = text
        .find("Charly")
        .map(|b| text[..b].chars().count())
        .unwrap();
    a.entities = vec![Entity {
        id: "e1".into(),
        kind: EntityType::PER,
        name: "Charly Freitag".into(),
        roles: Vec::new(),
        mentions: vec![Mention {
            start,
            end: start + "Charly Freitag".chars().count(),
            text: "Charly Freitag".into(),
        }],
        place: None,
        affiliation: None,
    }];
    let ix = TextIndex::new(&a.text);
    tagger.annotate(&mut a, &ix);
    assert!(a.times.iter().all(|t| t.text != "Freitag"), "{:?}", a.times);
    assert!(
        a.times.iter().any(|t| t.text == "1. April"),
        "{:?}",
        a.times
    );
}

/// Values of the expressions of a narrative text, by their text.
fn narrative_values(text: &str) -> Vec<(String, Option<String>)> {
    let d = NaiveDate::from_ymd_opt(2011, 2, 16);
    TimeTagger::new()
        .tag_text(text, Lang::De, d, Some(TimeAnchor::Narrative))
        .into_iter()
        .map(|t| (t.text, t.value))
        .collect()
}

fn value_of<'a>(vals: &'a [(String, Option<String>)], text: &str) -> Option<&'a str> {
    vals.iter()
        .find(|(t, _)| t == text)
        .unwrap_or_else(|| panic!("{text:?} not found in {vals:?}"))
        .1
        .as_deref()
}

#[test]
fn range_bound_takes_the_year_of_the_other_bound() {
    let v = narrative_values(
        "Am 3. Mai 1920 begann der Streik.\nDie Blockade (12. August bis 30. November 1921) blieb erfolglos.",
    );
    assert_eq!(value_of(&v, "12. August"), Some("1921-08-12"));
    let v = narrative_values(
        "Im Jahr 1930 kam es zur Krise. Im Spätherbst und Winter 1931 wuchs die Not.",
    );
    assert_eq!(value_of(&v, "Spätherbst"), Some("1931-FA"));
    // A range over the turn of the year: the first bound lies in the year before.
    let v = narrative_values(
        "Im Jahr 1930 kam es zur Krise. Vom November bis März 1932 fror der Hafen zu.",
    );
    assert_eq!(value_of(&v, "November"), Some("1931-11"));
}

#[test]
fn range_end_inside_a_sentence_keeps_the_narrated_year() {
    // The end of a range reaches ahead; the next year-less month is still in the story's year.
    let v = narrative_values(
        "Am 2. Februar 1820 brach die Expedition auf. Sie zog vom März 1820 bis zum Juni 1821 durch das Land.\n\nIm August erreichte sie die Küste.",
    );
    assert_eq!(value_of(&v, "August"), Some("1820-08"));
    // A heading with a range: the story starts at its first bound.
    let v = narrative_values(
        "Der Zug nach Norden, Mai 1820 bis April 1821\n\nIm Juni lagerte das Heer am Fluss.",
    );
    assert_eq!(value_of(&v, "Juni"), Some("1820-06"));
}

#[test]
fn a_look_back_does_not_move_the_narrated_year() {
    let v = narrative_values(
        "Am 4. März 1850 wurde die Brücke eröffnet. Ein Jahr früher war die alte eingestürzt. Am 9. Mai fuhr der erste Zug.",
    );
    assert_eq!(value_of(&v, "Ein Jahr früher"), Some("1849"));
    assert_eq!(value_of(&v, "9. Mai"), Some("1850-05-09"));
    let v = narrative_values(
        "1870\n\nDer Handel wuchs. Schon im Vorjahr hatte die Stadt Zölle gesenkt. In diesem Jahr kamen die Händler zurück. Im Juni wurde der Markt erweitert.",
    );
    assert_eq!(value_of(&v, "Vorjahr"), Some("1869"));
    assert_eq!(value_of(&v, "diesem Jahr"), Some("1870"));
    assert_eq!(value_of(&v, "Juni"), Some("1870-06"));
}

#[test]
fn a_year_chapter_holds_against_asides_of_other_years() {
    // Under a year heading a date of another year inside a sentence is an aside,
    // even one that would continue the story ("... am 2. Januar 1871").
    let v = narrative_values(
        "1870\n\nDie Belagerung begann am 20. Dezember und endete am 2. Januar 1871 mit einem Ausfall.\n\nIm Februar zogen die Truppen nach Süden.",
    );
    assert_eq!(value_of(&v, "2. Januar 1871"), Some("1871-01-02"));
    assert_eq!(value_of(&v, "Februar"), Some("1870-02"));
    // Without a chapter the same date continues the story.
    let v = narrative_values(
        "Am 1. Dezember 1870 begann die Belagerung, sie endete am 2. Januar 1871 mit einem Ausfall.\n\nIm Februar zogen die Truppen nach Süden.",
    );
    assert_eq!(value_of(&v, "Februar"), Some("1871-02"));
}

#[test]
fn bare_year_after_a_preposition_is_a_bound() {
    let v = narrative_values(
        "Am 5. April 1781 begann die Belagerung. Seit 1778 hatte die Flotte den Hafen gemieden. Ende Mai fiel die Stadt.",
    );
    assert_eq!(value_of(&v, "Ende Mai"), Some("1781-05"));
}

#[test]
fn later_day_in_the_sentence_of_an_explicit_date() {
    let v = narrative_values(
        "Im September 1930 wurde der Vertrag geschlossen. Nach dem Brand am 7. Dezember 1931 und dem am 11. Dezember erfolgten Rücktritt zerfiel die Regierung.",
    );
    assert_eq!(value_of(&v, "11. Dezember"), Some("1931-12-11"));
}

#[test]
fn relative_days_from_an_earlier_chapter_do_not_move_the_year() {
    let v = narrative_values(
        "1862\n\nAm 25. Februar fiel die Festung.\n\n1863\n\nIm März rückte das Heer vor, die Reiterei folgte drei Wochen später. Ende April war der Feldzug vorbei.",
    );
    assert_eq!(value_of(&v, "Ende April"), Some("1863-04"));
}

#[test]
fn the_story_crosses_into_the_next_year() {
    // After October a January soon follows: the next year.
    let v = narrative_values(
        "Am 4. September 1916 begann die Belagerung. Am 13. Oktober ergab sich die Festung. Am 21. Januar landeten neue Truppen an der Küste.",
    );
    assert_eq!(value_of(&v, "21. Januar"), Some("1917-01-21"));
    // Under a heading of one year, each section starts again in that year.
    let v = narrative_values(
        "1916\n\nAm 13. Oktober ergab sich die Festung.\n\nIm Westen rückten die Truppen im Januar vor.",
    );
    assert_eq!(value_of(&v, "Januar"), Some("1916-01"));
}

#[test]
fn an_earlier_paragraph_gives_no_year_to_a_day_after_an_aside() {
    // "1977" is an aside; the "4. Juni" after it in its sentence is not in the
    // year of the date the paragraph before ended with.
    let v = narrative_values(
        "Kriegsende 1919\n\nAm 4. Juni endete der Krieg.\n\nDer Vertrag trat erst am 2. März 1925 in Kraft.\n\nIn einer Rede erinnerte er 1977 an den 4. Juni, den Tag des Friedens.",
    );
    assert_eq!(value_of(&v, "2. März 1925"), Some("1925-03-02"));
    let last = v.iter().rev().find(|(t, _)| t == "4. Juni").unwrap();
    assert_eq!(last.1.as_deref(), Some("1919-06-04"));
}
