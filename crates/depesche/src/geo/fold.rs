//! Name normalisation shared by the gazetteer build and lookups, so that
//! "München", "Muenchen"-free "Munchen", "MÜNCHEN" and "Saudi-Arabien" /
//! "Saudi Arabien" meet on one key.

/// Fold a place name to its lookup key: lowercase, diacritics dropped
/// (ß → ss, æ → ae, ø → o, ł → l), hyphens and slashes as spaces, dots and
/// apostrophes removed, whitespace collapsed.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        return fold_ascii(name);
    }
    // Each character's canonical decomposition, marks dropped: what NFD of
    // the whole name gives once its marks are dropped (NFD only reorders
    // marks), without the normaliser's buffering per character.
    let mut chars = Vec::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            chars.push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    chars.push(d);
                }
            });
        }
    }
    fold_decomposed(chars.into_iter(), name.len())
}

/// The fold of a name's characters, already decomposed with marks dropped.
fn fold_decomposed(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        match c {
            '-' | '‐' | '‑' | '–' | '/' | '_' | ',' | '(' | ')' => space = true,
            '.' | '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | 'ʻ' => {}
            c if c.is_whitespace() => space = true,
            'ß' => push(&mut out, &mut space, "ss"),
            'æ' | 'Æ' => push(&mut out, &mut space, "ae"),
            'œ' | 'Œ' => push(&mut out, &mut space, "oe"),
            'ø' | 'Ø' => push(&mut out, &mut space, "o"),
            'ł' | 'Ł' => push(&mut out, &mut space, "l"),
            'đ' | 'Đ' => push(&mut out, &mut space, "d"),
            'ı' => push(&mut out, &mut space, "i"),
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// The same as [`fold`] for ASCII input, without decomposition (most lookups).
fn fold_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
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
    out
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
