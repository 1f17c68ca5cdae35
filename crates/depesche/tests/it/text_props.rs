//! Property tests: tokens, pieces and sentences are ordered, non-overlapping,
//! inside the block, slice the text exactly, and nothing panics on any Unicode.

use depesche::schema::Span;
use depesche::text::layer::PieceKind;
use depesche::text::{split_sentences, tokenize, TextIndex, TokenLayer};
use depesche::Lang;
use proptest::prelude::*;

fn check(text: &str, lang: Lang) {
    let ix = TextIndex::new(text);
    let n = ix.len_chars();
    // Blocks as the pipeline gives them: each line, and also the whole text.
    let mut blocks = vec![Span::new(0, n)];
    let mut cp = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        blocks.push(Span::new(cp, cp + len));
        cp += len + 1;
    }
    for block in blocks {
        let toks = tokenize(text, &ix, block, lang);
        let mut last = block.start;
        for t in &toks {
            assert!(t.start < t.end, "empty token {t:?}");
            assert!(t.start >= last, "tokens overlap or are out of order");
            assert!(block.contains(t), "token outside its block");
            let s = ix.slice(text, *t);
            assert_eq!(s.chars().count(), t.len(), "token does not slice exactly");
            assert!(
                !s.chars().any(char::is_whitespace),
                "token holds whitespace: {s:?}"
            );
            last = t.end;
        }
        // Everything that is not whitespace is in some token.
        let covered: usize = toks.iter().map(|t| t.len()).sum();
        let visible = ix
            .slice(text, block)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}'))
            .count();
        assert_eq!(covered, visible, "tokens do not cover the block's text");

        check_pieces(text, &ix, block);

        let sents = split_sentences(text, &ix, &toks, lang);
        let mut last = block.start;
        for s in &sents {
            assert!(s.start < s.end && s.start >= last && block.contains(s));
            // Sentences start and end on token edges.
            assert!(toks.iter().any(|t| t.start == s.start));
            assert!(toks.iter().any(|t| t.end == s.end));
            last = s.end;
        }
        if let (Some(f), Some(l)) = (toks.first(), toks.last()) {
            assert_eq!(sents.first().map(|s| s.start), Some(f.start));
            assert_eq!(sents.last().map(|s| s.end), Some(l.end));
        } else {
            assert!(sents.is_empty());
        }
    }
}

/// The token layer's pieces of `block`: ordered, non-empty, free of white
/// space, covering every other character, with offsets in code points and
/// bytes that slice the same text, and lower-case forms that lie in the
/// arena in order with nothing between them.
fn check_pieces(text: &str, ix: &TextIndex, block: Span) {
    let layer = TokenLayer::of_spans(text, ix, &[(block.start, block.end)]);
    let pieces = layer.pieces(0);
    let mut last = block.start;
    let mut lower = String::new();
    for (i, p) in pieces.iter().enumerate() {
        let span = Span::new(p.start as usize, p.end as usize);
        assert!(span.start < span.end && span.start >= last && block.contains(&span));
        let s = &text[p.byte_start as usize..p.byte_end as usize];
        assert_eq!(ix.slice(text, span), s);
        assert!(!s.chars().any(char::is_whitespace));
        assert_eq!(p.space_before(), i == 0 || span.start > last);
        match p.kind {
            PieceKind::Alpha => assert!(s.chars().all(char::is_alphabetic)),
            PieceKind::Digits => assert!(s.bytes().all(|b| b.is_ascii_digit())),
            PieceKind::Other => assert_eq!(s.chars().count(), 1),
        }
        lower.push_str(layer.lower(p));
        last = span.end;
    }
    if let (Some(f), Some(l)) = (pieces.first(), pieces.last()) {
        assert_eq!(layer.lower_run(f, l), lower);
    }
    let visible = ix
        .slice(text, block)
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    let covered: usize = pieces.iter().map(|p| (p.end - p.start) as usize).sum();
    assert_eq!(covered, visible, "pieces do not cover the block's text");
}

/// Text built from pieces the rules care about, so property runs reach them.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Dr.",
        "z.",
        "B.",
        "U.S.",
        "3.",
        "Juli",
        "1.507",
        "3,5",
        "„",
        "“",
        "\"",
        "'",
        "»",
        "«",
        "‚",
        "‘",
        "’",
        "``",
        "''",
        ".",
        "...",
        "…",
        "!",
        "?",
        ":",
        ";",
        "-",
        "--",
        "US-Präsident",
        "Die",
        "der",
        "n't",
        "don't",
        "it's",
        "www.x.de",
        "a@b.de",
        "http://x.org/a?b=c.",
        ":-)",
        "(",
        ")",
        "\n",
        " ",
        "  ",
        "\u{200B}",
        "é",
        "e\u{301}",
        "🦀",
        "ß",
        "İ",
        "ǅ",
        "0",
        "x",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i % 3 == 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,80}", lang in prop::sample::select(vec![Lang::De, Lang::En, Lang::Other])) {
        check(&text, lang);
    }

    #[test]
    fn any_chars_at_all(text in any::<String>()) {
        check(&text, Lang::De);
        check(&text, Lang::En);
    }

    #[test]
    fn news_like_pieces(text in newsy(), lang in prop::sample::select(vec![Lang::De, Lang::En, Lang::Other])) {
        check(&text, lang);
    }
}
