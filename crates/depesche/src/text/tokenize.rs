//! The tokenizer: whitespace chunks, then a small scanner per chunk.
//!
//! Decisions that sentence splitting depends on are made here, so the splitter
//! only has to look at token shapes: a full stop that belongs to an
//! abbreviation ("z.", "Dr.", "U.S.") or a German ordinal ("3." in "am 3. Juli")
//! stays inside its token; a full stop that may end a sentence is a token of
//! its own.

use super::lexicon::Lexicon;
use crate::lang::Lang;
use crate::schema::Span;
use crate::text::TextIndex;

/// A character that belongs inside a word: letters, digits, combining marks,
/// the underscore (file names, handles) and the soft hyphen.
#[inline]
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}' | '\u{00AD}')
}

/// Separators between chunks: Unicode whitespace plus invisible spaces.
#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Split the code-point range `span` of `text` into tokens (code-point spans,
/// ordered, non-overlapping, never empty, inside `span`).
pub fn tokenize(text: &str, ix: &TextIndex, span: Span, lang: Lang) -> Vec<Span> {
    let lex = Lexicon::get(lang);
    let s = ix.slice(text, span);
    let mut out = Vec::with_capacity(s.len() / 6 + 1);
    let mut chunk = Chunk::default();
    let bytes = s.as_bytes();
    let mut b = 0usize; // byte offset into s
    let mut cp = span.start; // code point offset of byte b
    while b < bytes.len() {
        // Skip separators.
        let c = next_char(s, b);
        if is_space(c) {
            b += c.len_utf8();
            cp += 1;
            continue;
        }
        // Find the chunk's end; fast path for plain ASCII words.
        let start_b = b;
        let start_cp = cp;
        let mut plain = true;
        // Byte offset of the first character that is not a letter.
        let mut first_other = usize::MAX;
        // Chunks are capped so that garbage without whitespace (binary data,
        // minified code) costs linear time and bounded memory.
        while b < bytes.len() && cp - start_cp < MAX_CHUNK {
            let x = bytes[b];
            if x < 0x80 {
                if x.is_ascii_whitespace() {
                    break;
                }
                if plain && !x.is_ascii_alphabetic() {
                    plain = false;
                    first_other = b;
                }
                b += 1;
                cp += 1;
            } else {
                let c = next_char(s, b);
                if is_space(c) {
                    break;
                }
                if plain && !c.is_alphabetic() {
                    plain = false;
                    first_other = b;
                }
                b += c.len_utf8();
                cp += 1;
            }
        }
        if plain {
            out.push(Span::new(start_cp, cp));
            continue;
        }
        // The next most common chunk: a word of letters and one mark after it
        // ("Regierung," "sagte." "Berlin:"). Split without the full scan when
        // the scan could not do otherwise (see `word_end`, `punct_end`).
        if first_other + 1 == b && first_other > start_b {
            let word = &s[start_b..first_other];
            let split = match bytes[first_other] {
                b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' => true,
                // A full stop is the word's own after an abbreviation or an
                // initial, and after a Roman ordinal before a lower-case word.
                b'.' => {
                    word.chars().nth(1).is_some()
                        && lex.abbrev(&s[start_b..b]).is_none()
                        && !(lex.ordinals && is_roman(word) && next_word_is_lowercase(&s[b..]))
                }
                _ => false,
            };
            if split {
                out.push(Span::new(start_cp, cp - 1));
                out.push(Span::new(cp - 1, cp));
                continue;
            }
        }
        chunk.load(&s[start_b..b]);
        let rest = &s[b..];
        chunk.scan(lex, rest, &mut |i, j| {
            out.push(Span::new(start_cp + i, start_cp + j))
        });
    }
    out
}

/// Longest run of non-space characters scanned as one chunk.
const MAX_CHUNK: usize = 1024;

#[inline]
fn next_char(s: &str, b: usize) -> char {
    // `b` is always on a char boundary: it only advances by whole chars.
    s[b..].chars().next().unwrap_or(' ')
}

/// One whitespace-free chunk as chars, with the byte offset of each char
/// (plus the end) so words can be looked up as `&str` without allocating.
#[derive(Default)]
struct Chunk<'a> {
    text: &'a str,
    cs: Vec<char>,
    at: Vec<usize>,
}

const CLOSERS: &str = ".,;:!?)]}\"'»«“”„‘’›‹…";

impl<'a> Chunk<'a> {
    fn load(&mut self, text: &'a str) {
        self.text = text;
        self.cs.clear();
        self.at.clear();
        for (b, c) in text.char_indices() {
            self.cs.push(c);
            self.at.push(b);
        }
        self.at.push(text.len());
    }

    fn str(&self, i: usize, j: usize) -> &'a str {
        &self.text[self.at[i]..self.at[j]]
    }

    fn get(&self, i: usize) -> Option<char> {
        self.cs.get(i).copied()
    }

    fn is_word_at(&self, i: usize) -> bool {
        self.get(i).is_some_and(is_word)
    }

    /// Emit the tokens of this chunk as (start, end) char indices.
    /// `rest` is the block text after the chunk, for look-ahead.
    fn scan(&self, lex: &Lexicon, rest: &str, emit: &mut dyn FnMut(usize, usize)) {
        let n = self.cs.len();
        let has_at = self.cs.contains(&'@');
        let mut i = 0;
        while i < n {
            let c = self.cs[i];
            let j = if is_word(c) {
                if let Some(j) = self.url_end(i) {
                    j
                } else if let Some(j) = has_at.then(|| self.email_end(i)).flatten() {
                    j
                } else if lex.clitics && self.is_nt(i) {
                    i + 3
                } else {
                    self.word_end(i, lex, rest)
                }
            } else {
                self.punct_end(i, lex)
            };
            debug_assert!(j > i && j <= n);
            let j = j.clamp(i + 1, n);
            emit(i, j);
            i = j;
        }
    }

    /// "n't" at `i`, ending a word ("do|n't", "ca|n't").
    fn is_nt(&self, i: usize) -> bool {
        matches!(self.get(i), Some('n' | 'N'))
            && matches!(self.get(i + 1), Some('\'' | '’'))
            && matches!(self.get(i + 2), Some('t' | 'T'))
            && !self.is_word_at(i + 3)
            && i > 0
            && self.is_word_at(i - 1)
    }

    /// An English clitic ('s 're 've 'll 'd 'm) starting at the apostrophe `i`.
    fn clitic_end(&self, i: usize) -> Option<usize> {
        if !matches!(self.get(i), Some('\'' | '’')) || i == 0 || !self.is_word_at(i - 1) {
            return None;
        }
        let mut j = i + 1;
        while j < self.cs.len() && self.cs[j].is_alphabetic() && j - i <= 3 {
            j += 1;
        }
        if self.is_word_at(j) {
            return None;
        }
        let tail = self.str(i + 1, j).to_ascii_lowercase();
        matches!(tail.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m").then_some(j)
    }

    /// A URL starting at `i`: through the chunk, less trailing punctuation.
    fn url_end(&self, i: usize) -> Option<usize> {
        // Compared char by char, case-insensitively: this runs for every word
        // of a chunk that is not plain letters, so it must not allocate.
        let starts = |prefix: &str| {
            prefix.len() <= self.cs.len() - i
                && prefix
                    .chars()
                    .zip(&self.cs[i..])
                    .all(|(p, c)| c.to_ascii_lowercase() == p)
        };
        let first = self.cs[i].to_ascii_lowercase();
        let is_url = matches!(first, 'h' | 'f' | 'w')
            && (starts("http://")
                || starts("https://")
                || starts("ftp://")
                || (starts("www.") && self.is_word_at(i + 4)));
        if !is_url {
            return None;
        }
        let mut j = self.cs.len();
        while j > i + 4 && CLOSERS.contains(self.cs[j - 1]) {
            j -= 1;
        }
        Some(j)
    }

    /// An e-mail address (or `Name@ENRON`-style handle) starting at `i`.
    fn email_end(&self, i: usize) -> Option<usize> {
        let n = self.cs.len();
        // Bounded like real addresses (local part ≤ 64, host ≤ 255 chars), so
        // a chunk full of dots and at-signs stays linear.
        let local = |c: char| is_word(c) || matches!(c, '.' | '%' | '+' | '-');
        let mut j = i;
        while j < n && j - i <= 64 && local(self.cs[j]) {
            j += 1;
        }
        if self.get(j) != Some('@') || !self.is_word_at(j + 1) {
            return None;
        }
        j += 1;
        let host = j;
        while j < n && j - host < 255 && (is_word(self.cs[j]) || matches!(self.cs[j], '.' | '-')) {
            j += 1;
        }
        while matches!(self.cs[j - 1], '.' | '-') {
            j -= 1;
        }
        Some(j)
    }

    /// A word from `i`: letters and digits joined by hyphens, number
    /// separators, abbreviation dots and apostrophes; then its full stop when
    /// that belongs to it (abbreviation, initial, German ordinal).
    fn word_end(&self, i: usize, lex: &Lexicon, rest: &str) -> usize {
        let n = self.cs.len();
        let mut j = i;
        let mut seg_start = i; // start of the current dot-separated segment
        let mut dotted = false; // "z.B", "U.S": short segments joined by dots
        let mut digits_only = true; // the whole word so far is a number
        loop {
            while j < n && is_word(self.cs[j]) {
                digits_only &= self.cs[j].is_ascii_digit();
                j += 1;
            }
            if j >= n {
                break;
            }
            let c = self.cs[j];
            let next = self.get(j + 1);
            let next_word = next.is_some_and(is_word);
            let next_digit = next.is_some_and(|c| c.is_ascii_digit());
            match c {
                '-' | '\u{2010}' | '\u{2011}' if next_word => {
                    // Compounds: "US-Präsident", "russisch-amerikanische".
                    digits_only = false;
                    j += 1;
                }
                '-' if next == Some('/') && self.is_word_at(j + 2) => {
                    // "Spa-/Wellness-Bereich"
                    digits_only = false;
                    j += 2;
                }
                '-' if !digits_only && (next.is_none() || next == Some(',')) => {
                    // Truncated compound: "Ein- und Ausfuhr", "Kurz-, Mittel-".
                    j += 1;
                    break;
                }
                '.' | ',' | ':' | '/' if digits_only && next_digit => {
                    // Numbers, dates and times: "1.507", "3,5", "10.07.2025", "12:30".
                    j += 1;
                }
                '.' if next.is_some_and(char::is_alphabetic)
                    && !digits_only
                    && j - seg_start <= 2
                    && self.cs[seg_start..j].iter().all(|c| c.is_alphabetic()) =>
                {
                    dotted = true;
                    j += 1;
                    seg_start = j;
                }
                '.' if next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) => {
                    // Host and file names: "spiegel.de", "TEXT.htm".
                    digits_only = false;
                    j += 1;
                    seg_start = j;
                }
                '\'' | '’' if next.is_some_and(char::is_alphabetic) => {
                    if lex.clitics && (self.clitic_end(j).is_some()) {
                        break;
                    }
                    if lex.clitics && j >= 1 && self.is_nt(j - 1) {
                        return j - 1;
                    }
                    // "O'Brien", "geht's"
                    digits_only = false;
                    j += 1;
                }
                '&' if next.is_some_and(char::is_uppercase) && self.cs[j - 1].is_uppercase() => {
                    // "AT&T", "S&P"
                    digits_only = false;
                    j += 1;
                }
                _ => break,
            }
        }
        // The full stop: part of the word or a token of its own?
        if self.get(j) == Some('.') && self.get(j + 1) != Some('.') {
            let with_dot = self.str(i, j + 1);
            let alpha_len = j - i;
            let single_letter = alpha_len == 1 && self.cs[i].is_alphabetic();
            // The last part of a compound may be the abbreviation: "Goethe-Str.".
            let last_part = with_dot.rsplit('-').next().unwrap_or(with_dot);
            if dotted
                || single_letter
                || lex.abbrev(with_dot).is_some()
                || (last_part.len() < with_dot.len() && lex.abbrev(last_part) == Some(false))
            {
                return j + 1;
            }
            if lex.ordinals
                && j + 1 == self.cs.len()
                && self.is_ordinal_number(i, j)
                && is_ordinal_context(lex, rest, self.str(i, j))
            {
                return j + 1;
            }
            // Roman ordinals of regnal names, before a lower-case word:
            // "Papst Paul VI. die", "Ramses II. ein" (German).
            if lex.ordinals
                && j + 1 == self.cs.len()
                && is_roman(self.str(i, j))
                && next_word_is_lowercase(rest)
            {
                return j + 1;
            }
        }
        j
    }

    /// Digits that can be a German ordinal or day: "3", "18", "10.07".
    fn is_ordinal_number(&self, i: usize, j: usize) -> bool {
        let s = self.str(i, j);
        !s.is_empty()
            && s.split('.').count() <= 2
            && s.split('.')
                .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    }

    /// Punctuation and symbols from `i`.
    fn punct_end(&self, i: usize, lex: &Lexicon) -> usize {
        let n = self.cs.len();
        let c = self.cs[i];
        let run_of = |set: &dyn Fn(char) -> bool| {
            let mut j = i + 1;
            while j < n && set(self.cs[j]) {
                j += 1;
            }
            j
        };
        match c {
            // Sentence-final runs: ".", "...", "!!!", "?!", "…"
            '.' | '!' | '?' | '…' => run_of(&|c| matches!(c, '.' | '!' | '?' | '…')),
            '`' if self.get(i + 1) == Some('`') => i + 2,
            '\'' if self.get(i + 1) == Some('\'') => i + 2,
            '\'' | '’' if lex.clitics => self.clitic_end(i).unwrap_or(i + 1),
            '-' | '=' | '*' | '#' | '~' | '_' | '+' | '<' | '>' | '|' | '/' | '\\' => {
                run_of(&|x| x == c)
            }
            ':' | ';' => self.emoticon_end(i).unwrap_or(i + 1),
            _ => i + 1,
        }
    }

    /// ":)", ":-)", ";-)", ":D", ":(" as one token.
    fn emoticon_end(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        if self.get(j) == Some('-') {
            j += 1;
        }
        match self.get(j) {
            Some(')' | '(' | 'D' | 'P' | 'p') if !self.is_word_at(j + 1) => Some(j + 1),
            _ => None,
        }
    }
}

/// "II", "XIV": two to six capital Roman digits.
pub(crate) fn is_roman(s: &str) -> bool {
    (2..=6).contains(&s.len())
        && s.bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
}

/// Does the text after a chunk go on with a lower-case word?
fn next_word_is_lowercase(rest: &str) -> bool {
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Is "N." before `rest` an ordinal ("am 3. Juli", "der 18. Wirtschaftsgipfel")
/// rather than a number ending a sentence ("… im Jahr 2007. Die …")?
fn is_ordinal_context(lex: &Lexicon, rest: &str, number: &str) -> bool {
    let next: &str = {
        let r = rest.trim_start();
        let end = r
            .char_indices()
            .take(32)
            .find(|&(_, c)| !is_word(c))
            .map_or_else(
                || r.char_indices().nth(32).map_or(r.len(), |(b, _)| b),
                |(b, _)| b,
            );
        &r[..end]
    };
    let Some(first) = next.chars().next() else {
        return false;
    };
    if first.is_lowercase() || lex.is_month(next) {
        return true;
    }
    // A day before a month number, a date written with spaces: "vom 14. 8. bis".
    if next.len() <= 2
        && next.bytes().all(|b| b.is_ascii_digit())
        && number.len() <= 2
        && rest.trim_start()[next.len()..].starts_with('.')
    {
        return true;
    }
    // A four-digit number before a capital is a year ending a sentence.
    first.is_uppercase() && number.len() <= 3 && !lex.is_starter_after_stop(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, lang: Lang) -> Vec<String> {
        let ix = TextIndex::new(text);
        tokenize(text, &ix, Span::new(0, ix.len_chars()), lang)
            .into_iter()
            .map(|s| ix.slice(text, s).to_string())
            .collect()
    }

    fn de(text: &str) -> Vec<String> {
        toks(text, Lang::De)
    }

    fn en(text: &str) -> Vec<String> {
        toks(text, Lang::En)
    }

    #[test]
    fn german_abbreviations_keep_their_stop() {
        assert_eq!(
            de("z. B. Dr. Meier, Nr. 5 bzw. u. a. St. Pauli"),
            ["z.", "B.", "Dr.", "Meier", ",", "Nr.", "5", "bzw.", "u.", "a.", "St.", "Pauli"]
        );
        assert_eq!(
            de("Prof. Dr. h.c. Müller"),
            ["Prof.", "Dr.", "h.c.", "Müller"]
        );
        assert_eq!(
            de("520 Mio. Euro, 3 Mrd. Dollar"),
            ["520", "Mio.", "Euro", ",", "3", "Mrd.", "Dollar"]
        );
        assert_eq!(
            de("ca. 50, vgl. S. 3"),
            ["ca.", "50", ",", "vgl.", "S.", "3"]
        );
        assert_eq!(
            de("Vgl. dazu z.B. Kap. 2"),
            ["Vgl.", "dazu", "z.B.", "Kap.", "2"]
        );
        assert_eq!(de("am 20. Jan. 2025"), ["am", "20.", "Jan.", "2025"]);
        assert_eq!(de("Goethe-Str. 9"), ["Goethe-Str.", "9"]);
    }

    #[test]
    fn sentence_stops_stand_alone() {
        assert_eq!(
            de("Er kam. Sie ging."),
            ["Er", "kam", ".", "Sie", "ging", "."]
        );
        assert_eq!(de("Wirklich?! Ja..."), ["Wirklich", "?!", "Ja", "..."]);
        assert_eq!(de("Nein… doch!!!"), ["Nein", "…", "doch", "!!!"]);
        assert_eq!(de("Hauptstadt.Die"), ["Hauptstadt", ".", "Die"]);
    }

    #[test]
    fn ordinals_and_dates() {
        assert_eq!(de("am 3. Juli"), ["am", "3.", "Juli"]);
        assert_eq!(de("Am 20. Januar"), ["Am", "20.", "Januar"]);
        assert_eq!(
            de("der 18. Wirtschaftsgipfel"),
            ["der", "18.", "Wirtschaftsgipfel"]
        );
        assert_eq!(de("zum 2. mal"), ["zum", "2.", "mal"]);
        assert_eq!(
            de("am 10.07.2025 um 12:30 Uhr"),
            ["am", "10.07.2025", "um", "12:30", "Uhr"]
        );
        assert_eq!(de("am 10.07. in Berlin"), ["am", "10.07.", "in", "Berlin"]);
        // A year or a number before a sentence starter ends a sentence.
        assert_eq!(de("seit 2007. Die"), ["seit", "2007", ".", "Die"]);
        assert_eq!(de("Platz 3. Der"), ["Platz", "3", ".", "Der"]);
        assert_eq!(de("Es waren 3."), ["Es", "waren", "3", "."]);
        assert_eq!(
            de("Papst Paul VI. die Todesstrafe, Ramses II. ein Fehler"),
            [
                "Papst",
                "Paul",
                "VI.",
                "die",
                "Todesstrafe",
                ",",
                "Ramses",
                "II.",
                "ein",
                "Fehler"
            ]
        );
        assert_eq!(de("vom 14. 8. bis"), ["vom", "14.", "8.", "bis"]);
        assert_eq!(de("Teil II. Der Rest"), ["Teil", "II", ".", "Der", "Rest"]);
        // English has no dotted ordinals.
        assert_eq!(en("item 3. Then"), ["item", "3", ".", "Then"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(de("1.507 Euro"), ["1.507", "Euro"]);
        assert_eq!(de("3,5 Prozent"), ["3,5", "Prozent"]);
        assert_eq!(de("-3,5 % und 12%"), ["-", "3,5", "%", "und", "12", "%"]);
        assert_eq!(en("$1,250,000 and 4.6"), ["$", "1,250,000", "and", "4.6"]);
        assert_eq!(
            en("on 06/02/2001 at 10:53 AM"),
            ["on", "06/02/2001", "at", "10:53", "AM"]
        );
        assert_eq!(de("ein 3:1-Sieg"), ["ein", "3:1-Sieg"]);
    }

    #[test]
    fn hyphenated_compounds() {
        assert_eq!(de("US-Präsident"), ["US-Präsident"]);
        assert_eq!(de("des Ukraine-Kriegs"), ["des", "Ukraine-Kriegs"]);
        assert_eq!(de("russisch-amerikanische"), ["russisch-amerikanische"]);
        assert_eq!(de("Ein- und Ausfuhr"), ["Ein-", "und", "Ausfuhr"]);
        assert_eq!(de("Spa-/Wellness-Bereich"), ["Spa-/Wellness-Bereich"]);
        assert_eq!(
            de("Preis - Leistung -- gut"),
            ["Preis", "-", "Leistung", "--", "gut"]
        );
        assert_eq!(de("G7-Gipfel, 5G-Netz"), ["G7-Gipfel", ",", "5G-Netz"]);
    }

    #[test]
    fn quotes_are_tokens() {
        assert_eq!(
            de("„Ja“, sagte er."),
            ["„", "Ja", "“", ",", "sagte", "er", "."]
        );
        assert_eq!(de("»Nein«"), ["»", "Nein", "«"]);
        assert_eq!(de("‚so‘ und ‹so›"), ["‚", "so", "‘", "und", "‹", "so", "›"]);
        assert_eq!(de("\"Gut.\""), ["\"", "Gut", ".", "\""]);
        assert_eq!(de("'Gut'"), ["'", "Gut", "'"]);
        assert_eq!(de("``Herzog''"), ["``", "Herzog", "''"]);
        assert_eq!(
            en("“Fine,” he said."),
            ["“", "Fine", ",", "”", "he", "said", "."]
        );
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            de("Siehe https://www.tagesschau.de/inland/x.html."),
            ["Siehe", "https://www.tagesschau.de/inland/x.html", "."]
        );
        assert_eq!(de("(www.dpa.de)"), ["(", "www.dpa.de", ")"]);
        assert_eq!(de("an info@example.org."), ["an", "info@example.org", "."]);
        assert_eq!(en("Andrew Edison@ENRON"), ["Andrew", "Edison@ENRON"]);
        assert_eq!(de("bei spiegel.de"), ["bei", "spiegel.de"]);
    }

    #[test]
    fn english() {
        assert_eq!(
            en("Mr. Smith's U.S. trip"),
            ["Mr.", "Smith", "'s", "U.S.", "trip"]
        );
        assert_eq!(
            en("I don't know, we're"),
            ["I", "do", "n't", "know", ",", "we", "'re"]
        );
        assert_eq!(en("can’t won't"), ["ca", "n’t", "wo", "n't"]);
        assert_eq!(en("O'Brien e.g. Jan. 5"), ["O'Brien", "e.g.", "Jan.", "5"]);
        assert_eq!(en("AT&T Inc."), ["AT&T", "Inc."]);
        assert_eq!(en("nice :-) ok"), ["nice", ":-)", "ok"]);
        // German keeps the apostrophe inside.
        assert_eq!(de("geht's"), ["geht's"]);
    }

    #[test]
    fn offsets_are_code_points_within_the_span() {
        let text = "Grüße — „Köln“ ist schön. Danke!";
        let ix = TextIndex::new(text);
        let span = Span::new(8, 24);
        let t = tokenize(text, &ix, span, Lang::De);
        let words: Vec<&str> = t.iter().map(|s| ix.slice(text, *s)).collect();
        assert_eq!(words, ["„", "Köln", "“", "ist", "schön"]);
        assert!(t.iter().all(|s| span.contains(s)));
    }

    #[test]
    fn long_runs_without_spaces_stay_linear() {
        // Would take minutes if e-mail or chunk scanning were quadratic.
        let garbage = "a.b@c-".repeat(40_000);
        let t = de(&garbage);
        assert_eq!(t.concat(), garbage);
        let word = "x".repeat(100_000);
        assert_eq!(
            de(&format!("am 3. {word}")).len(),
            2 + 100_000usize.div_ceil(MAX_CHUNK)
        );
    }

    #[test]
    fn odd_input() {
        assert!(de("").is_empty());
        assert!(de("   \n\t ").is_empty());
        assert_eq!(de("a"), ["a"]);
        assert_eq!(de("."), ["."]);
        assert_eq!(de("@"), ["@"]);
        assert_eq!(de("x@"), ["x", "@"]);
        assert_eq!(de("'"), ["'"]);
        assert_eq!(en("n't"), ["n't"]);
    }
}
