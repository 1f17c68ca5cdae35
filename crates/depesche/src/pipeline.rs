//! One pipeline: resources load once, then articles flow through the stages.

use chrono::NaiveDate;

use crate::input::Document;
use crate::lang::{self, Lang};
use crate::quotes::QuoteFinder;
use crate::schema::{Analysis, BlockKind, Credit, InputInfo, Sentence, Span, SCHEMA_VERSION};
use crate::structure;
use crate::text::{self, TextIndex};

/// What the caller decides for every article.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a language instead of detecting it.
    pub lang: Option<Lang>,
    /// Publication date for articles whose input gives none.
    pub published: Option<NaiveDate>,
}

/// The loaded pipeline. Build once, share across threads (`&Pipeline` is `Sync`).
#[derive(Debug, Default)]
pub struct Pipeline {
    options: Options,
    quotes: QuoteFinder,
}

impl Pipeline {
    pub fn new(options: Options) -> Self {
        Pipeline {
            options,
            quotes: QuoteFinder::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Analyse one document. Never panics on any text; problems go to `input.warnings`.
    pub fn analyze(&self, doc: Document) -> Analysis {
        let Document {
            id,
            url,
            source,
            title,
            text,
            published,
            lang,
            info,
            extra,
        } = doc;
        // A title given apart from the text becomes the text's first line, so
        // that it has offsets like everything else.
        let text = match &title {
            Some(t) if !t.trim().is_empty() && !text.trim_start().starts_with(t.trim()) => {
                format!("{}\n\n{}", t.trim(), text)
            }
            _ => text,
        };
        let ix = TextIndex::new(&text);
        let lang = self
            .options
            .lang
            .or_else(|| lang.as_deref().map(Lang::from_code))
            .unwrap_or_else(|| lang::detect(&text));
        let published = published.or(self.options.published);

        let structure = structure::analyze(&text, &ix, lang);
        let mut sentences = Vec::new();
        let mut tokens = Vec::new();
        for (bi, block) in structure.blocks.iter().enumerate() {
            let span = Span::new(block.start, block.end);
            let toks = text::tokenize(&text, &ix, span, lang);
            for s in text::split_sentences(&text, &ix, &toks, lang) {
                sentences.push(Sentence {
                    start: s.start,
                    end: s.end,
                    block: bi,
                });
            }
            tokens.extend(toks.iter().map(|t| [t.start, t.end]));
        }
        let first_of = |kind: BlockKind| {
            structure
                .blocks
                .iter()
                .find(|b| b.kind == kind)
                .map(|b| ix.slice(&text, Span::new(b.start, b.end)).to_string())
        };
        let mut a = Analysis {
            schema: SCHEMA_VERSION.to_string(),
            id,
            url,
            source,
            lang: lang.code().to_string(),
            published: published.map(|d| d.format("%Y-%m-%d").to_string()),
            title: first_of(BlockKind::Title),
            teaser: first_of(BlockKind::Teaser),
            blocks: structure.blocks,
            credit: structure.credit,
            sentences,
            tokens,
            entities: Vec::new(),
            derived: Vec::new(),
            places: Vec::new(),
            focus_country: None,
            times: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            tone: None,
            input: info,
            extra,
            text,
        };
        // Quotes read the entities (speakers link to them): keep after entities.
        self.quotes.annotate(&mut a, &ix);
        a
    }
}

/// Analyse one text with a fresh pipeline (convenience for library users;
/// build a [`Pipeline`] once when analysing many articles).
pub fn analyze_text(text: &str, options: &Options) -> Analysis {
    Pipeline::new(options.clone()).analyze(Document::from_text("text", text))
}

#[allow(dead_code)]
fn _assert_sync() {
    fn is_sync<T: Sync + Send>() {}
    is_sync::<Pipeline>();
    let _ = (Credit::default(), InputInfo::default());
}
