//! Name normalisation shared by the gazetteer build and lookups, so that
//! "München", "Muenchen"-free "Munchen", "MÜNCHEN" and "Saudi-Arabien" /
//! "Saudi Arabien" meet on one key.

/// Fold a place name to its lookup key: lowercase, diacritics dropped
/// (ß → ss, æ → ae, ø → o, ł → l), hyphens and slashes as spaces, dots and
/// apostrophes removed, whitespace collapsed.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into a buffer the caller keeps (cleared first): look-ups per
/// word fold without allocating.
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        return fold_ascii(name, out);
    }
    // Each character's canonical decomposition, marks dropped: what NFD of
    // the whole name gives once its marks are dropped (NFD only reorders
    // marks), without the normaliser's buffering per character.
    let mut space = false;
    for c in name.chars() {
        if c.is_ascii() {
            fold_char(c, out, &mut space);
        } else if let Some(base) = umlaut_base(c) {
            fold_char(base, out, &mut space);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    fold_char(d, out, &mut space);
                }
            });
        }
    }
}

/// The base letter of a German umlaut: what its canonical decomposition
/// leaves once the diaeresis is dropped. Most non-ASCII letters of German
/// words; they skip the decomposition table's look-up.
fn umlaut_base(c: char) -> Option<char> {
    match c {
        'ä' => Some('a'),
        'ö' => Some('o'),
        'ü' => Some('u'),
        'Ä' => Some('A'),
        'Ö' => Some('O'),
        'Ü' => Some('U'),
        _ => None,
    }
}

/// `f` applied to the fold of `name`, folded into a buffer of this thread.
pub fn with_folded<T>(name: &str, f: impl FnOnce(&str) -> T) -> T {
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUF.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            fold_into(name, &mut buf);
            f(&buf)
        }
        // Only if `f` itself folds: a buffer of its own then.
        Err(_) => f(&fold(name)),
    })
}

/// The fold of a name's characters, already decomposed with marks dropped.
#[cfg(test)]
fn fold_decomposed(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        fold_char(c, &mut out, &mut space);
    }
    out
}

/// One character of a decomposed name, marks dropped, onto the fold.
fn fold_char(c: char, out: &mut String, space: &mut bool) {
    // Most letters of a name: the last arm below, without the general
    // lower-casing's iterator.
    if c.is_ascii_alphanumeric() {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '-' | '‐' | '‑' | '–' | '/' | '_' | ',' | '(' | ')' => *space = true,
        '.' | '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | 'ʻ' => {}
        c if c.is_whitespace() => *space = true,
        'ß' => push(out, space, "ss"),
        'æ' | 'Æ' => push(out, space, "ae"),
        'œ' | 'Œ' => push(out, space, "oe"),
        'ø' | 'Ø' => push(out, space, "o"),
        'ł' | 'Ł' => push(out, space, "l"),
        'đ' | 'Đ' => push(out, space, "d"),
        'ı' => push(out, space, "i"),
        c => {
            if *space && !out.is_empty() {
                out.push(' ');
            }
            *space = false;
            out.extend(c.to_lowercase());
        }
    }
}

/// The same as [`fold`] for ASCII input, without decomposition (most lookups).
fn fold_ascii(name: &str, out: &mut String) {
    // Most words from the text have no separator or punctuation to fold:
    // their fold is their lowercase, one copy.
    if !name.bytes().any(|b| {
        matches!(
            b,
            b'-' | b'/' | b'_' | b',' | b'(' | b')' | b'.' | b'\'' | b'`'
        ) || b.is_ascii_whitespace()
    }) {
        let start = out.len();
        out.push_str(name);
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut space = false;
    for b in name.bytes() {
        match b {
            b'-' | b'/' | b'_' | b',' | b'(' | b')' => space = true,
            b'.' | b'\'' | b'`' => {}
            b if b.is_ascii_whitespace() => space = true,
            b => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            }
        }
    }
}

fn push(out: &mut String, space: &mut bool, s: &str) {
    if *space && !out.is_empty() {
        out.push(' ');
    }
    *space = false;
    out.push_str(s);
}

/// Whether a name is written in a script German/English news uses
/// (Latin with diacritics); other scripts are left out of the gazetteer.
pub fn is_latin(name: &str) -> bool {
    name.chars().all(|c| {
        (c as u32) < 0x250
            || matches!(c, '’' | '‘' | 'ʼ' | 'ʻ' | '‐' | '‑' | '–')
            || c.is_whitespace()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold as first written, over the normaliser's NFD iterator: the
    /// per-character decomposition must give the same keys.
    fn fold_by_nfd(name: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let chars = name
            .nfd()
            .filter(|&c| !unicode_normalization::char::is_combining_mark(c));
        fold_decomposed(chars, name.len())
    }

    #[test]
    fn per_character_decomposition_folds_as_nfd() {
        for name in [
            "München",
            "MÜNCHEN",
            "Saudi-Arabien",
            "Łódź",
            "Ærø",
            "São Paulo",
            "Đà Nẵng",
            "İstanbul",
            "Œuvre",
            "Straße",
            "Malmö",
            "Zürich (ZH)",
            "Ñuñoa",
            "a\u{301}\u{327}b",
            "e\u{327}\u{301}",
            "한국",
            "Ελλάδα",
            "Moskau’s",
            "Côte d’Ivoire",
            "Ǆemal",
            "ﬁn",
            "Österreich-Ungarn",
            "Düsseldorfs",
            "ÄÖÜäöü",
        ] {
            assert_eq!(fold(name), fold_by_nfd(name), "{name}");
        }
    }

    #[test]
    fn folds_variants_together() {
        assert_eq!(fold("München"), "munchen");
        assert_eq!(fold("MÜNCHEN"), "munchen");
        assert_eq!(fold("Saudi-Arabien"), fold("Saudi Arabien"));
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("St. Petersburg"), "st petersburg");
        assert_eq!(fold("Weißrussland"), "weissrussland");
        assert_eq!(fold("  Kuala   Lumpur "), "kuala lumpur");
        assert_eq!(fold("Côte d’Ivoire"), "cote divoire");
        assert_eq!(fold(""), "");
        // The ASCII fast path agrees with the general path.
        for s in [
            "New York",
            "U.S.",
            "Saudi-Arabia",
            " a  b ",
            "Xi'an",
            "Frankfurt (Oder)",
            "A/B_C,D",
            "Berlin",
            "NATO",
        ] {
            let mut general = String::new();
            // Force the general path by appending a non-ASCII char that folds away.
            general.push_str(&fold(&format!("{s}\u{301}")));
            assert_eq!(fold(s), general, "{s}");
        }
    }

    #[test]
    fn latin_filter() {
        assert!(is_latin("Kyjiw"));
        assert!(is_latin("Łódź"));
        assert!(!is_latin("Москва"));
    }
}
