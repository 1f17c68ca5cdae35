//! A forgiving, allocation-light HTML tag scanner.
//!
//! It does not build a tree: it yields start tags, end tags and text in
//! document order, skips comments, doctypes and processing instructions, and
//! returns the raw content of `<script>`, `<style>`, `<textarea>` and
//! `<title>` as one text token. It never fails and never recurses, so any
//! input — truncated, binary, deeply nested — is scanned in linear time.

use std::borrow::Cow;

/// One token of an HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attr=value …>`; the name is lower-cased.
    Start(Tag<'a>),
    /// `</name>`; the name is lower-cased.
    End(String),
    /// Character data between tags (entities not yet decoded).
    Text(&'a str),
    /// The raw content of a `<script>`, `<style>`, `<textarea>` or `<title>` element.
    Raw(&'a str),
}

/// A start tag with its attributes (names lower-cased, values raw).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    pub name: String,
    pub attrs: Vec<(String, &'a str)>,
    pub self_closing: bool,
}

impl Tag<'_> {
    /// The decoded value of an attribute.
    pub fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| decode_entities(v))
    }
}

/// Elements whose content is raw text up to the matching end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// Void elements: never have content or an end tag.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Scan `html` into tokens.
pub fn tokens(html: &str) -> Scanner<'_> {
    Scanner {
        s: html,
        pos: 0,
        pending_raw: None,
    }
}

pub struct Scanner<'a> {
    s: &'a str,
    pos: usize,
    /// After a raw-text start tag: the name whose content comes next.
    pending_raw: Option<String>,
}

/// First case-insensitive occurrence of `needle` (ASCII, starting with a
/// byte that has no case, like `<`) in `hay` from `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() || from > hay.len() - needle.len() {
        return None;
    }
    let last = hay.len() - needle.len();
    let first = needle[0];
    let mut i = from;
    while i <= last {
        let p = i + memchr::memchr(first, &hay[i..=last])?;
        if hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
}

/// Move `i` back to a char boundary of `s` (never past `min`).
fn boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.s;
        let b = s.as_bytes();
        if let Some(name) = self.pending_raw.take() {
            let close = format!("</{name}");
            let end = find_ci(b, self.pos, close.as_bytes()).unwrap_or(b.len());
            let text = &s[self.pos..end];
            self.pos = end;
            if !text.is_empty() {
                return Some(Token::Raw(text));
            }
        }
        loop {
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            if b[start] != b'<' {
                // Text up to the next '<' that opens markup.
                let mut i = start;
                loop {
                    match memchr::memchr(b'<', &b[i + 1..]) {
                        None => {
                            i = b.len();
                            break;
                        }
                        Some(p) => {
                            i += 1 + p;
                            let n = b.get(i + 1).copied().unwrap_or(b' ');
                            if n.is_ascii_alphabetic() || matches!(n, b'/' | b'!' | b'?') {
                                break;
                            }
                        }
                    }
                }
                self.pos = i;
                return Some(Token::Text(&s[start..i]));
            }
            let next = b.get(start + 1).copied().unwrap_or(b' ');
            if b[start..].starts_with(b"<!--") {
                self.pos = find(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
                continue;
            }
            if next == b'!' || next == b'?' {
                self.pos = memchr::memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e + 1);
                continue;
            }
            if next == b'/' {
                let name_start = start + 2;
                let mut i = name_start;
                while i < b.len() && !matches!(b[i], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') {
                    i += 1;
                }
                let name = s[name_start..boundary(s, i)].to_ascii_lowercase();
                self.pos =
                    memchr::memchr(b'>', &b[i.min(b.len())..]).map_or(b.len(), |e| i + e + 1);
                if name.is_empty() {
                    continue;
                }
                return Some(Token::End(name));
            }
            if !next.is_ascii_alphabetic() {
                // A lone '<' is text.
                self.pos = start + 1;
                return Some(Token::Text(&s[start..start + 1]));
            }
            return Some(self.start_tag(start));
        }
    }
}

impl<'a> Scanner<'a> {
    /// Byte offset of the next token.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn start_tag(&mut self, start: usize) -> Token<'a> {
        let s = self.s;
        let b = s.as_bytes();
        let mut i = start + 1;
        while i < b.len() && !matches!(b[i], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c') {
            i += 1;
        }
        let name = s[start + 1..boundary(s, i)].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            match b[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            let ns = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            if i == ns {
                // A stray '=' or similar: skip it.
                i += 1;
                continue;
            }
            let aname = s[boundary(s, ns)..boundary(s, i)].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let vs = i + 1;
                        let ve =
                            memchr::memchr(q, &b[vs.min(b.len())..]).map_or(b.len(), |p| vs + p);
                        value = &s[boundary(s, vs)..boundary(s, ve)];
                        i = (ve + 1).min(b.len());
                    }
                    _ => {
                        let vs = i;
                        while i < b.len() && b[i] != b'>' && !b[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        value = &s[boundary(s, vs)..boundary(s, i)];
                    }
                }
            }
            if attrs.len() < 64 {
                attrs.push((aname, value));
            }
        }
        self.pos = boundary(s, i);
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            self.pending_raw = Some(name.clone());
        }
        Token::Start(Tag {
            name,
            attrs,
            self_closing,
        })
    }
}

/// A copy of `html` without the elements named in `drop` (with their content)
/// and without comments: the main-content core then parses far fewer bytes.
pub fn strip_elements(html: &str, drop: &[&str]) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut sc = tokens(html);
    let mut copied_to = 0usize;
    let mut skipping: Option<(String, usize, usize)> = None; // name, depth, start
    loop {
        let at = sc.pos();
        let Some(tok) = sc.next() else { break };
        match (&tok, &mut skipping) {
            (Token::Start(t), None) if drop.contains(&t.name.as_str()) && !t.self_closing => {
                out.push_str(&html[copied_to..at]);
                skipping = Some((t.name.clone(), 1, at));
            }
            (Token::Start(t), Some((name, depth, _))) if t.name == *name && !t.self_closing => {
                *depth += 1;
            }
            (Token::End(n), Some((name, depth, _))) if n == name => {
                *depth -= 1;
                if *depth == 0 {
                    skipping = None;
                    copied_to = sc.pos();
                }
            }
            _ => {}
        }
    }
    if skipping.is_none() {
        out.push_str(&html[copied_to.min(html.len())..]);
    }
    out
}

/// Decode character references (`&amp;`, `&#228;`, `&#xE4;`, common named ones).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .char_indices()
            .take(32)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|(i, _)| i + 1);
        let Some(end) = end.or(if rest.len() <= 33 {
            Some(rest.len())
        } else {
            None
        }) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let semi = rest[end..].starts_with(';');
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            code.map(|c| match c {
                // Windows-1252 code points written as numeric references.
                0x80..=0x9f => cp1252(c as u8),
                0 => '\u{fffd}',
                c => char::from_u32(c).unwrap_or('\u{fffd}'),
            })
        } else {
            named_entity(name)
        };
        match decoded {
            Some(c) => {
                if c != '\u{ad}' {
                    out.push(c);
                }
                rest = &rest[end + usize::from(semi)..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn cp1252(b: u8) -> char {
    let buf = [b];
    let s = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&buf)
        .0
        .into_owned();
    s.chars().next().unwrap_or('\u{fffd}')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bdquo" => '„',
        "ldquo" => '“',
        "rdquo" => '”',
        "sbquo" => '‚',
        "lsquo" => '‘',
        "rsquo" => '’',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "frac12" => '½',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "iacute" => 'í',
        "uacute" => 'ú',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "oslash" => 'ø',
        "aring" => 'å',
        "Eacute" => 'É',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_raw() {
        let t: Vec<Token> =
            tokens("<!DOCTYPE html><p class=\"a b\" id=x>Hi &amp; <b>you</b><!-- c --><script>if (a<b) {}</script><br/>")
                .collect();
        assert!(
            matches!(&t[0], Token::Start(tag) if tag.name == "p" && tag.attr("id").as_deref() == Some("x") && tag.attr("class").as_deref() == Some("a b"))
        );
        assert_eq!(t[1], Token::Text("Hi &amp; "));
        assert!(matches!(&t[2], Token::Start(tag) if tag.name == "b"));
        assert_eq!(t[4], Token::End("b".into()));
        assert_eq!(t[6], Token::Raw("if (a<b) {}"));
        assert!(matches!(&t[8], Token::Start(tag) if tag.name == "br" && tag.self_closing));
    }

    #[test]
    fn truncated_and_odd_markup_never_fails() {
        for s in [
            "<",
            "<a",
            "<a href=\"",
            "</",
            "<!--",
            "<script>x",
            "a < b",
            "<p a='1 >x",
            "&",
            "&#",
            "&#x110000;",
            "<\u{e4}>",
            "<a \u{e4}=\u{f6}>",
        ] {
            let _ = tokens(s).count();
            let _ = decode_entities(s);
        }
        assert_eq!(tokens("a < b").collect::<Vec<_>>(), [Token::Text("a < b")]);
    }

    #[test]
    fn strip() {
        assert_eq!(
            strip_elements(
                "<p>a<script>x</script>b<svg><g><svg>1</svg></g></svg>c</p>",
                &["script", "svg"]
            ),
            "<p>abc</p>"
        );
        assert_eq!(
            strip_elements("<p>a<script>never closed", &["script"]),
            "<p>a"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("Gr&uuml;&szlig;e &#8222;x&#x201C; &#150; &bogus; a&b"),
            "Grüße „x“ – &bogus; a&b"
        );
    }
}
