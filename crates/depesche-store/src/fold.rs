//! Text keys for matching: case and diacritics folding, word splitting and
//! Snowball stemming. FTS5 ships no German stemmer, so the store indexes text
//! that was stemmed here and stems queries the same way.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Lowercase, strip diacritics (ä→a, é→e), ß→ss, collapse whitespace.
/// Entity names, speakers and sources are matched across articles by this key.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// `fold_key` appended to `out` (no allocation for ASCII words).
pub fn fold_into(s: &str, out: &mut String) {
    let base = out.len();
    let mut space = false;
    if s.is_ascii() {
        // Most words: NFD and Unicode lowercasing change nothing beyond ASCII case.
        for &b in s.as_bytes() {
            if b.is_ascii_whitespace() || b == 0x0B {
                space = out.len() > base;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
        return;
    }
    fold_unicode(s, out)
}

fn fold_unicode(s: &str, out: &mut String) {
    let base = out.len();
    let mut space = false;
    for c in s.nfd() {
        if is_combining(c) {
            continue;
        }
        if c.is_whitespace() {
            space = out.len() > base;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        push_folded_lower(out, c);
    }
}

/// Combining marks left over after NFD: the diacritics we drop.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn push_folded_lower(out: &mut String, c: char) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Word spans (byte offsets) in `text`: runs of letters and digits, with
/// inner hyphens and apostrophes split off (so "GPA-djp" gives "GPA", "djp").
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = it.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = it.peek() {
            if c.is_alphanumeric() || is_combining(c) {
                it.next();
            } else {
                end = i;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

/// Words the search index leaves out, both languages'
/// (`resources/{de,en}/search_unindexed.txt` of the `depesche` crate),
/// as listed and with a capital first letter.
fn unindexed_words() -> &'static std::collections::HashSet<String, depesche::hashing::FastBuild> {
    static WORDS: std::sync::OnceLock<
        std::collections::HashSet<String, depesche::hashing::FastBuild>,
    > = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut set = std::collections::HashSet::default();
        for lang in [depesche::Lang::De, depesche::Lang::En] {
            let src = depesche::langdata::LangData::get(lang).text("search_unindexed");
            for (_, line) in depesche::wordlist::lines(src) {
                for w in line.split_whitespace() {
                    let mut chars = w.chars();
                    if let Some(first) = chars.next() {
                        set.insert(first.to_uppercase().chain(chars).collect());
                    }
                    set.insert(w.to_string());
                }
            }
        }
        set
    })
}

/// Whether the search index leaves `word` (as written) out: a function
/// word in lowercase or with a capital first letter ("die", "Die"; not
/// "DIE", which may be an acronym).
pub fn is_unindexed(word: &str) -> bool {
    unindexed_words().contains(word)
}

/// Stems a word for one language. Cheap to build; hold one per thread or call.
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
    /// Which of the per-thread stem caches this stemmer fills (one per algorithm).
    cache: usize,
}

/// Stems per thread and algorithm, kept across articles: word frequencies are
/// Zipfian, so most words of a corpus were stemmed before. Cleared when full.
const STEM_CACHE_MAX: usize = 200_000;
type StemCache = std::collections::HashMap<Box<str>, Box<str>, depesche::hashing::FastBuild>;
thread_local! {
    static STEMS: std::cell::RefCell<[StemCache; 3]> = std::cell::RefCell::new(Default::default());
}

impl WordStemmer {
    /// `de` → German Snowball, `en` → English (Porter2); other languages are only folded.
    pub fn for_lang(lang: &str) -> Self {
        let (algorithm, cache) = match lang {
            "de" => (Some(Algorithm::German), 0),
            "en" => (Some(Algorithm::English), 1),
            _ => (None, 2),
        };
        WordStemmer {
            stemmer: algorithm.map(Stemmer::create),
            cache,
        }
    }

    /// The index key of one word: lowercased, stemmed, diacritics folded.
    pub fn stem(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        match &self.stemmer {
            // Snowball German already maps ä/ö/ü to a/o/u and ß to ss; the
            // fold catches the rest (é, ç, …) so that queries match either way.
            Some(s) => fold_key(&s.stem(&lower)),
            None => fold_key(&lower),
        }
    }

    /// The whole text as space-separated index keys (what FTS5 indexes).
    pub fn stem_text(&self, text: &str, out: &mut String) {
        self.each_key(words(text).map(|(_, w)| w), |key| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(key);
        });
    }

    /// The text as the search index holds it: [`Self::stem_text`] without
    /// the function words [`is_unindexed`] names.
    pub fn index_text(&self, text: &str, out: &mut String) {
        self.each_key(
            words(text).map(|(_, w)| w).filter(|w| !is_unindexed(w)),
            |key| {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(key);
            },
        );
    }

    /// Call `f` with the index key of each word, in order, through this
    /// thread's stem cache (stemming is most of the cost of indexing a text
    /// and of marking a snippet).
    pub fn each_key<'w>(&self, words: impl Iterator<Item = &'w str>, mut f: impl FnMut(&str)) {
        STEMS.with(|caches| {
            let mut caches = caches.borrow_mut();
            let cache = &mut caches[self.cache];
            for w in words {
                match cache.get(w) {
                    Some(key) => f(key),
                    None => {
                        let key = self.stem(w);
                        f(&key);
                        if cache.len() >= STEM_CACHE_MAX {
                            cache.clear();
                        }
                        cache.insert(w.into(), key.into_boxed_str());
                    }
                }
            }
        });
    }
}

/// The index keys a query word may have: German and English stems, and the
/// plain folded form (for articles in other languages), without repeats.
pub fn query_variants(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(3);
    for lang in ["de", "en", "other"] {
        let s = WordStemmer::for_lang(lang).stem(word);
        if s.chars().any(char::is_alphanumeric) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_folds_as_the_unicode_path() {
        let all: String = (0u8..128).map(|b| b as char).collect();
        for s in [
            all.as_str(),
            " \t Ab\x0BCd\x0c e\r\n ",
            "GPA-djp 2025",
            "",
            "   ",
        ] {
            let mut slow = String::from("x");
            fold_unicode(s, &mut slow);
            let mut fast = String::from("x");
            fold_into(s, &mut fast);
            assert_eq!(fast, slow, "{s:?}");
            assert_eq!(fold_key(s), slow[1..], "{s:?}");
        }
    }

    #[test]
    fn fold_key_folds_case_diacritics_and_space() {
        assert_eq!(fold_key("  Sebastian  KURZ "), "sebastian kurz");
        assert_eq!(
            fold_key("Österreichische Volkspartei"),
            "osterreichische volkspartei"
        );
        assert_eq!(fold_key("Straße"), "strasse");
        assert_eq!(fold_key("François Hollande"), "francois hollande");
        assert_eq!(fold_key("Øresund"), "oresund");
    }

    #[test]
    fn words_split_on_punctuation_and_keep_offsets() {
        let t = "GPA-djp: „Häuser“ 2015!";
        let w: Vec<_> = words(t).collect();
        assert_eq!(
            w.iter().map(|x| x.1).collect::<Vec<_>>(),
            ["GPA", "djp", "Häuser", "2015"]
        );
        for (i, s) in w {
            assert_eq!(&t[i..i + s.len()], s);
        }
    }

    #[test]
    fn german_stems_join_inflected_forms() {
        let de = WordStemmer::for_lang("de");
        assert_eq!(de.stem("Häuser"), de.stem("Haus"));
        assert_eq!(de.stem("Flüchtlinge"), de.stem("Flüchtlingen"));
        let mut s = String::new();
        de.stem_text("Die Häuser brennen.", &mut s);
        assert_eq!(s, "die haus brenn");
    }

    #[test]
    fn the_index_leaves_out_function_words_but_not_acronyms() {
        let de = WordStemmer::for_lang("de");
        let mut s = String::new();
        de.index_text(
            "Die Häuser und die Straßen in Wien, sagte der MIT-Forscher.",
            &mut s,
        );
        assert_eq!(s, "haus strass wien mit forsch");
        let mut s = String::new();
        WordStemmer::for_lang("en").index_text("The war of the worlds, said the IT man", &mut s);
        assert_eq!(s, "war world it man");
        assert!(is_unindexed("für") && is_unindexed("Für") && !is_unindexed("FÜR"));
        assert!(!is_unindexed("May") && !is_unindexed("Haus"));
    }

    #[test]
    fn query_variants_cover_both_languages() {
        let v = query_variants("Häuser");
        assert!(v.contains(&"haus".to_string()), "{v:?}");
        let v = query_variants("running");
        assert!(v.contains(&"run".to_string()), "{v:?}");
        assert!(query_variants("!!").is_empty());
    }
}
