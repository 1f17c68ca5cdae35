//! The `[section]` word-list format of the per-language resource files
//! (`resources/<lang>/*.txt`: `quotes.txt`, `geo.txt`, `ner_news.txt`, …): a `[name]` line opens
//! a section, `#` starts a comment, blank lines are ignored. Each stage maps
//! the sections it knows to its own lists; this module only reads the format.

/// Every content line of `src` with the name of its section (`""` before the
/// first), comments and surrounding white space removed.
pub fn lines(src: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut section = "";
    src.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            return None;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return None;
        }
        Some((section, line))
    })
}

/// A set of byte values: a one-lookup filter before string comparisons
/// ("does any word of the list end in this byte?").
#[derive(Debug, Clone)]
pub struct ByteSet([bool; 256]);

impl Default for ByteSet {
    fn default() -> ByteSet {
        ByteSet([false; 256])
    }
}

impl ByteSet {
    pub fn insert(&mut self, b: u8) {
        self.0[b as usize] = true;
    }
    /// Let every byte pass (for lists the filter cannot serve).
    pub fn fill(&mut self) {
        self.0 = [true; 256];
    }
    pub fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }
}

/// Words a string may end with ("präsident" for "us-präsident"), bucketed by
/// their last byte so a look-up compares only the words that can match.
#[derive(Debug, Clone)]
pub struct SuffixList {
    by_last_byte: Vec<Vec<String>>,
    /// The empty word, which every string ends with.
    empty: bool,
}

impl Default for SuffixList {
    fn default() -> SuffixList {
        SuffixList {
            by_last_byte: vec![Vec::new(); 256],
            empty: false,
        }
    }
}

impl SuffixList {
    pub fn insert(&mut self, word: String) {
        match word.as_bytes().last() {
            Some(&b) => self.by_last_byte[b as usize].push(word),
            None => self.empty = true,
        }
    }

    /// Does `s` end with one of the words?
    pub fn any_suffix_of(&self, s: &str) -> bool {
        match s.as_bytes().last() {
            Some(&b) => {
                self.empty
                    || self.by_last_byte[b as usize]
                        .iter()
                        .any(|w| s.ends_with(w.as_str()))
            }
            None => self.empty,
        }
    }

    /// The words that end in byte `b` (a caller with its own match rule).
    pub fn ending_in(&self, b: u8) -> impl Iterator<Item = &str> {
        self.by_last_byte[b as usize].iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        !self.empty && self.by_last_byte.iter().all(Vec::is_empty)
    }
}

impl Extend<String> for SuffixList {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for w in words {
            self.insert(w);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suffix_list_matches_ends() {
        let mut l = super::SuffixList::default();
        l.extend(["präsident".to_string(), "chef".to_string()]);
        assert!(l.any_suffix_of("us-präsident"));
        assert!(l.any_suffix_of("chef"));
        assert!(!l.any_suffix_of("ministerium"));
        assert!(!l.any_suffix_of(""));
        assert!(!l.is_empty());
        assert!(super::SuffixList::default().is_empty());
    }

    #[test]
    fn sections_comments_and_blank_lines() {
        let src = "# head\nloose\n[a]\nx y # note\n\n[b]\n  z\n";
        let got: Vec<(&str, &str)> = super::lines(src).collect();
        assert_eq!(got, [("", "loose"), ("a", "x y"), ("b", "z")]);
    }

    #[test]
    fn byte_sets() {
        let mut s = super::ByteSet::default();
        assert!(!s.contains(b't'));
        s.insert(b't');
        assert!(s.contains(b't') && !s.contains(b'e'));
        s.fill();
        assert!(s.contains(b'e'));
    }
}
