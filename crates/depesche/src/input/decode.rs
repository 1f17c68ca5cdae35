//! Bytes → normalised text: encoding detection, binary sniffing, NFC, line ends.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Why bytes could not be turned into article text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the input is empty")]
    Empty,
    #[error("the input looks like binary data ({0}), not a text article")]
    Binary(&'static str),
    #[error(
        "the input is {size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)"
    )]
    TooLarge { size: usize, limit: usize },
    /// A stream (pipe, device, stdin) that went on past the limit: its size is unknown.
    #[error("the input is larger than the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLargeStream { limit: usize },
}

/// Decoded text and what was learnt while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

/// Recognise common binary formats by their magic numbers, then by the share
/// of control bytes, so a PNG named `.txt` gets a clear message.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1f\x8b", "gzip data"),
        (b"BZh", "bzip2 data"),
        (b"\x7fELF", "ELF executable"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"RIFF", "RIFF media file"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    // UTF-16 text carries NULs but has a BOM; handled by the decoder.
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if sample.contains(&0) || control * 20 > sample.len().max(1) {
        return Some("unprintable control bytes");
    }
    None
}

/// The checks every reader makes before decoding: over the size limit,
/// empty (or only white space), or binary.
pub fn refuse_unreadable(bytes: &[u8], max_bytes: usize) -> Result<(), DecodeError> {
    if bytes.len() > max_bytes {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(DecodeError::Binary(what));
    }
    Ok(())
}

/// Decode bytes of unknown encoding into normalised text.
///
/// Order: BOM, then strict UTF-8, then a statistical guess (chardetng) that
/// tells Windows-1252/ISO-8859-x apart; German news in Latin-1 is common.
pub fn decode(bytes: &[u8], max_bytes: usize) -> Result<Decoded, DecodeError> {
    refuse_unreadable(bytes, max_bytes)?;
    let mut warnings = Vec::new();
    let (raw, encoding): (std::borrow::Cow<str>, &'static str) =
        if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
            let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                warnings.push(format!(
                    "invalid {} sequences replaced with U+FFFD",
                    enc.name()
                ));
            }
            (cow, enc.name())
        } else if let Ok(s) = std::str::from_utf8(bytes) {
            (std::borrow::Cow::Borrowed(s), "UTF-8")
        } else {
            let enc = guess(bytes, true);
            let cow = decode_as(enc, bytes, &mut warnings);
            if enc != encoding_rs::UTF_8 {
                warnings.push(format!("not valid UTF-8; decoded as {}", enc.name()));
            }
            (cow, enc.name())
        };
    let text = normalize(&raw);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

/// The one statistical guess of an encoding (chardetng) that every reader
/// makes of bytes that are not valid UTF-8: it tells Windows-1252 and the
/// ISO-8859 family apart. `complete`: `bytes` is the whole input, not a head.
pub(super) fn guess(bytes: &[u8], complete: bool) -> &'static encoding_rs::Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, complete);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// `bytes` (without a byte-order mark) decoded as `enc`, with a warning when
/// sequences invalid in it were replaced.
pub(super) fn decode_as<'b>(
    enc: &'static encoding_rs::Encoding,
    bytes: &'b [u8],
    warnings: &mut Vec<String>,
) -> std::borrow::Cow<'b, str> {
    let (cow, _, had_errors) = enc.decode(bytes);
    if had_errors {
        warnings.push(format!(
            "invalid {} sequences replaced with U+FFFD",
            enc.name()
        ));
    }
    cow
}

/// NFC-normalise and make line ends `\n`; nothing else is changed, so the
/// result is exactly what offsets index. A leading BOM is dropped.
pub fn normalize(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let unified: std::borrow::Cow<str> = if s.contains('\r') {
        std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    if plainly_nfc(&unified) {
        return unified.into_owned();
    }
    match is_nfc_quick(unified.chars()) {
        IsNormalized::Yes => unified.into_owned(),
        _ => unified.nfc().collect(),
    }
}

/// A byte scan for the common case: every character below U+0300 (Latin
/// letters with precomposed accents, before the combining marks) or in
/// U+2002..U+20CF (dashes, quotation marks, ellipsis, currency signs; U+2000
/// and U+2001 have canonical decompositions) is NFC as it stands. German news
/// text nearly always passes, and this is several times faster than the
/// general quick check, which then runs only on the rest.
fn plainly_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
        } else if (0xC2..=0xCB).contains(&x) {
            // Two-byte sequences up to U+02FF.
            i += 2;
        } else if x == 0xE2 {
            // U+2000..U+20FF (valid UTF-8: both continuation bytes are there).
            let (y, z) = (b[i + 1], b[i + 2]);
            let ok = match y {
                0x80 => z >= 0x82,
                0x81 | 0x82 => true,
                0x83 => z < 0x90,
                _ => false,
            };
            if !ok {
                return false;
            }
            i += 3;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_quick_check() {
        // Every character of the ranges the scan accepts, and some it does not.
        let mut cs: Vec<char> = (0u32..0x300).filter_map(char::from_u32).collect();
        cs.extend((0x2000u32..0x20D0).filter_map(char::from_u32));
        for c in cs {
            let s = format!("a{c}b");
            if plainly_nfc(&s) {
                assert_eq!(
                    is_nfc_quick(s.chars()),
                    IsNormalized::Yes,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert!(plainly_nfc("„Grüße“ – 3 € …"));
        assert!(!plainly_nfc("e\u{301}"));
        assert!(!plainly_nfc("\u{2000}"));
        assert!(!plainly_nfc("\u{212B}"));
        assert_eq!(normalize("Ange\u{301}lique"), "Angélique");
    }

    #[test]
    fn utf8_passes_through() {
        let d = decode("Grüße aus Köln".as_bytes(), 1 << 20).unwrap();
        assert_eq!(d.text, "Grüße aus Köln");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn windows_1252_german_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Die Außenminister trafen sich in München. „Wir müssen reden“, sagte er.");
        let d = decode(&bytes, 1 << 20).unwrap();
        assert!(d.text.contains("Außenminister"), "{}", d.text);
        assert!(d.text.contains("„Wir müssen reden“"));
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn bom_utf16_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Straße".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, 1 << 20).unwrap().text, "Straße");
    }

    #[test]
    fn line_ends_and_nfc() {
        // "ü" decomposed (u + combining diaeresis) becomes one code point.
        assert_eq!(normalize("a\r\nb\rc u\u{308}"), "a\nb\nc ü");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"", 10), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t ", 10), Err(DecodeError::Empty));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 1 << 20),
            Err(DecodeError::Binary("PNG image"))
        ));
        assert!(matches!(
            decode(b"abc\0\0\0def", 1 << 20),
            Err(DecodeError::Binary(_))
        ));
        assert!(matches!(
            decode(b"abcdef", 3),
            Err(DecodeError::TooLarge { .. })
        ));
    }
}
