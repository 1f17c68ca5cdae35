//! The events stage on short sentences written for these tests.

use crate::{analyze_text, Options};

fn events_of(text: &str, lang: &str) -> Vec<crate::schema::Event> {
    let opts = Options {
        lang: Some(crate::Lang::from_code(lang)),
        published: chrono::NaiveDate::from_ymd_opt(2025, 7, 10),
        time_anchor: None,
    };
    analyze_text(text, &opts).events
}

#[test]
fn no_verbs_no_events() {
    assert!(events_of("Sonne, Wolken, Regen.", "de").is_empty());
}
