//! One pipeline: resources load once, then articles flow through the stages.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::coref::CorefResolver;
use crate::events::EventFinder;
use crate::input::Document;
use crate::lang::{self, Lang};
use crate::ner::NerTagger;
use crate::quotes::QuoteFinder;
use crate::schema::{Analysis, BlockKind, Credit, InputInfo, Sentence, Span, SCHEMA_VERSION};
use crate::structure;
use crate::text::{self, TextIndex};
use crate::time::{TimeAnchor, TimeTagger};
use crate::tone::ToneScorer;

/// What the caller decides for every article.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a language instead of detecting it.
    pub lang: Option<Lang>,
    /// Publication date for articles whose input gives none.
    pub published: Option<NaiveDate>,
    /// Anchor relative time expressions as news or narrative; `None` detects it per article.
    pub time_anchor: Option<TimeAnchor>,
    /// Most bytes of one article's text that are analysed; a longer text is cut at
    /// the last paragraph break before it, with a warning. `None`:
    /// [`MAX_ANALYSED_BYTES`].
    pub max_analysed_bytes: Option<usize>,
}

/// How much of one article is analysed by default: 16 MiB of text, far beyond
/// any real article, keeps a pathological input (a whole archive pasted into
/// one file) within seconds and well under 1 GB of memory (the analysis takes
/// about 25 bytes per byte of text).
pub const MAX_ANALYSED_BYTES: usize = 16 * 1024 * 1024;

/// The byte length of the part of `text` that is analysed when it must be
/// cut at `limit`: at the last paragraph break, else the last line break,
/// else the last character boundary before `limit`.
fn analysed_len(text: &str, limit: usize) -> usize {
    if text.len() <= limit {
        return text.len();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.rfind("\n\n")
        .or_else(|| head.rfind('\n'))
        .filter(|&p| p > 0)
        .unwrap_or(end)
}

/// The loaded pipeline. Build once, share across threads (`&Pipeline` is `Sync`).
#[derive(Debug)]
pub struct Pipeline {
    options: Options,
    time: TimeTagger,
    geocoder: crate::geo::Geocoder,
    ner: Arc<NerTagger>,
    coref: CorefResolver,
    quotes: QuoteFinder,
    events: EventFinder,
    tone: ToneScorer,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new(Options::default())
    }
}

impl Pipeline {
    pub fn new(options: Options) -> Self {
        Pipeline {
            options,
            time: TimeTagger::new(),
            geocoder: crate::geo::Geocoder::new(),
            ner: NerTagger::shared(),
            coref: CorefResolver::new(),
            quotes: QuoteFinder::new(),
            events: EventFinder::new(),
            tone: ToneScorer::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Analyse one document. Never panics on any text; problems go to `input.warnings`.
    pub fn analyze(&self, doc: Document) -> Analysis {
        self.analyze_inner(doc, &mut StageTimes::off())
    }

    /// Analyse one document and add the time spent in each stage to `times`
    /// (used by `depesche bench`).
    pub fn analyze_timed(&self, doc: Document, times: &mut StageTimes) -> Analysis {
        times.on = true;
        self.analyze_inner(doc, times)
    }

    fn analyze_inner(&self, doc: Document, times: &mut StageTimes) -> Analysis {
        let mut clock = times.start();
        let Document {
            id,
            url,
            source,
            title,
            text,
            published,
            lang,
            mut info,
            extra,
            blocks: mut hints,
        } = doc;
        // A title given apart from the text becomes the text's first line, so
        // that it has offsets like everything else.
        let text = match &title {
            Some(t)
                if hints.is_empty()
                    && !t.trim().is_empty()
                    && !text.trim_start().starts_with(t.trim()) =>
            {
                format!("{}\n\n{}", t.trim(), text)
            }
            _ => text,
        };
        // Bounded cost for any input: a text beyond the limit is analysed up
        // to a paragraph break, and the article says so.
        let limit = self
            .options
            .max_analysed_bytes
            .unwrap_or(MAX_ANALYSED_BYTES);
        let text = match analysed_len(&text, limit) {
            n if n < text.len() => {
                info.warnings.push(format!(
                    "the text has {:.1} MB; only its first {:.1} MB (up to a paragraph break) were analysed",
                    text.len() as f64 / 1e6,
                    n as f64 / 1e6
                ));
                let mut text = text;
                text.truncate(n);
                let chars = text.chars().count();
                hints.retain(|b| b.start < chars);
                for b in &mut hints {
                    b.end = b.end.min(chars);
                }
                text
            }
            _ => text,
        };
        let ix = TextIndex::new(&text);
        clock.lap(times, "index");
        let lang = self
            .options
            .lang
            .or_else(|| lang.as_deref().map(Lang::from_code))
            .unwrap_or_else(|| lang::detect(&text));
        let published = published.or(self.options.published);
        clock.lap(times, "language");

        // Markup (HTML) already told the block kinds; plain text is classified.
        let structure = if hints.is_empty() {
            structure::analyze(&text, &ix, lang)
        } else {
            structure::from_blocks(&text, &ix, &hints)
        };
        clock.lap(times, "structure");
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
        clock.lap(times, "tokens+sentences");
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
            coref: Vec::new(),
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
        clock.lap(times, "assemble");
        self.ner.annotate(&mut a, &ix);
        clock.lap(times, "entities");
        self.time
            .annotate_with(&mut a, &ix, self.options.time_anchor);
        clock.lap(times, "times");
        // Places read the entities (LOC) and the tokens' text.
        let nouns = self
            .ner
            .model(Lang::from_code(&a.lang))
            .map(|m| &m.resources)
            .filter(|r| r.has_nouns());
        self.geocoder.annotate_with(&mut a, &ix, nouns);
        clock.lap(times, "places");
        // Pronouns and role nouns take up entities (and read derived forms).
        self.coref.annotate(&mut a, &ix);
        clock.lap(times, "coref");
        // Quotes read the entities and coreference links (speakers link to
        // them): keep after both.
        self.quotes.annotate(&mut a, &ix);
        clock.lap(times, "quotes");
        // Events read entities, places, times and quotes: keep last.
        self.events.annotate(&mut a, &ix);
        clock.lap(times, "events");
        // Tone rates the article and each event's evidence: after events.
        self.tone.annotate(&mut a, &ix);
        clock.lap(times, "tone");
        a
    }
}

/// Time spent per stage, summed over the articles analysed with it.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    on: bool,
    /// `(stage, total time)` in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl StageTimes {
    fn off() -> Self {
        StageTimes::default()
    }
    fn start(&self) -> Clock {
        Clock(self.on.then(Instant::now))
    }
    fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.stages.push((stage, d)),
        }
    }
    /// Total over all stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// A stopwatch that costs nothing when timing is off.
struct Clock(Option<Instant>);

impl Clock {
    fn lap(&mut self, times: &mut StageTimes, stage: &'static str) {
        if let Some(t) = self.0 {
            let now = Instant::now();
            times.add(stage, now - t);
            self.0 = Some(now);
        }
    }
}

/// Empty the calling thread's caches of every stage (the tagger's per-word
/// features and weight rows, tone's token classes). Results never depend on
/// them; a benchmark calls this so that a round over articles it has seen
/// costs what a round over new ones would.
pub fn clear_thread_caches() {
    crate::ner::clear_thread_caches();
    crate::tone::clear_thread_memo();
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

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn a_text_over_the_limit_is_cut_at_a_paragraph_and_says_so() {
        let text = "Erster Absatz hier.\n\nZweiter Absatz, länger als der Rest.\n\nDritter.";
        assert_eq!(analysed_len(text, 1000), text.len());
        assert_eq!(&text[..analysed_len(text, 30)], "Erster Absatz hier.");
        let p = Pipeline::new(Options {
            max_analysed_bytes: Some(30),
            ..Options::default()
        });
        let a = p.analyze(Document::from_text("t", text));
        assert_eq!(a.text, "Erster Absatz hier.");
        assert!(
            a.input.warnings.iter().any(|w| w.contains("were analysed")),
            "{:?}",
            a.input.warnings
        );
    }
}
