//! Article structure for plain text: title, teaser, subheadings, paragraphs,
//! page furniture, captions and the credit line.

use crate::lang::Lang;
use crate::schema::{Block, BlockKind, Credit};
use crate::text::TextIndex;

/// The structural layer of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub blocks: Vec<Block>,
    pub credit: Credit,
}

/// Split the text into line blocks and classify them.
pub fn analyze(text: &str, ix: &TextIndex, _lang: Lang) -> Structure {
    let mut blocks = Vec::new();
    let mut byte = 0usize;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let s = byte + lead;
            let e = s + trimmed.len();
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                start: ix.char_at_byte(s),
                end: ix.char_at_byte(e),
            });
        }
        byte += line.len();
    }
    if let Some(first) = blocks.first_mut() {
        first.kind = BlockKind::Title;
    }
    Structure {
        blocks,
        credit: Credit::default(),
    }
}
