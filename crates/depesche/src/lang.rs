//! Language identification: German, English, or "other".

pub use crate::langdata::Lang;

/// Function words of German and English (`resources/{de,en}/lang.txt`),
/// sorted for binary search.
fn function_words() -> &'static [Vec<&'static str>; 2] {
    static WORDS: std::sync::OnceLock<[Vec<&'static str>; 2]> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        [Lang::De, Lang::En].map(|lang| {
            let mut words: Vec<&'static str> = crate::langdata::LangData::get(lang)
                .words("lang", "function_words")
                .collect();
            words.sort_unstable();
            words
        })
    })
}

/// Languages whatlang may answer; the rest of its 69 only add confusion on news text.
const ALLOW: &[whatlang::Lang] = &[
    whatlang::Lang::Deu,
    whatlang::Lang::Eng,
    whatlang::Lang::Fra,
    whatlang::Lang::Spa,
    whatlang::Lang::Ita,
    whatlang::Lang::Nld,
    whatlang::Lang::Por,
    whatlang::Lang::Pol,
    whatlang::Lang::Tur,
    whatlang::Lang::Rus,
    whatlang::Lang::Swe,
    whatlang::Lang::Dan,
];

/// Identify the language of `text` (the first ~4 KB is enough).
///
/// Function words decide first: they are fast and robust on headlines and
/// single sentences, where character n-gram statistics guess wildly. whatlang
/// (restricted to common European languages) decides the rest; an unreliable
/// guess on a short text falls back to function words and German letters.
pub fn detect(text: &str) -> Lang {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut de, mut en, mut words) = (0usize, 0usize, 0usize);
    let mut buf = [0u8; 8];
    let [de_words, en_words] = function_words();
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        // Function words are short ASCII words: skip the rest without allocating.
        if w.len() > buf.len() || !w.is_ascii() {
            continue;
        }
        let lw = &mut buf[..w.len()];
        lw.copy_from_slice(w.as_bytes());
        lw.make_ascii_lowercase();
        let lw = std::str::from_utf8(lw).unwrap_or("");
        de += usize::from(de_words.binary_search(&lw).is_ok());
        en += usize::from(en_words.binary_search(&lw).is_ok());
        // A dozen function words at a clear ratio settle it; reading on costs time.
        if de + en >= 12 && (de >= 4 * en.max(1) || en >= 4 * de.max(1)) {
            break;
        }
    }
    if de + en >= 3 && (de >= 3 * en.max(1) || en >= 3 * de.max(1)) {
        return if de > en { Lang::De } else { Lang::En };
    }
    let german_letters = sample
        .chars()
        .filter(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü'))
        .count();
    let by_words = || {
        if de + german_letters >= en {
            Lang::De
        } else {
            Lang::En
        }
    };
    let evidence = de + en + german_letters > 0;
    // Character statistics settle on a short sample; more costs time, not accuracy.
    let mut cut = sample.len().min(1500);
    while !sample.is_char_boundary(cut) {
        cut -= 1;
    }
    match whatlang::Detector::with_allowlist(ALLOW.to_vec()).detect(&sample[..cut]) {
        Some(info) => match info.lang() {
            whatlang::Lang::Deu => Lang::De,
            whatlang::Lang::Eng => Lang::En,
            _ if evidence && (!info.is_reliable() || words < 12) => by_words(),
            _ => Lang::Other,
        },
        None if evidence => by_words(),
        None => Lang::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_load_sorted_without_repeats() {
        let [de, en] = function_words();
        assert!(de.len() >= 50 && en.len() >= 35);
        assert!(de.windows(2).all(|w| w[0] < w[1]));
        assert!(en.windows(2).all(|w| w[0] < w[1]));
        assert!(de.contains(&"und") && en.contains(&"the"));
    }

    #[test]
    fn detects() {
        assert_eq!(
            detect("Rubio trifft Lawrow: Die Außenminister sprachen über den Krieg."),
            Lang::De
        );
        assert_eq!(
            detect("The foreign ministers met in Kuala Lumpur on Thursday, officials said."),
            Lang::En
        );
        assert_eq!(detect("Le ministre des affaires étrangères a rencontré son homologue russe à Kuala Lumpur."), Lang::Other);
        assert_eq!(detect("Ein neuer Ansatz"), Lang::De);
        assert_eq!(
            detect("Zuletzt war das Abo vor neun Monaten teurer geworden."),
            Lang::De
        );
        assert_eq!(detect("Die Preise steigen."), Lang::De);
        assert_eq!(detect("Prices are rising."), Lang::En);
    }

    #[test]
    fn codes() {
        assert_eq!(Lang::from_code("de-AT"), Lang::De);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Other);
    }
}
