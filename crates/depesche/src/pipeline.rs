//! One pipeline: resources load once, then articles flow through the stages.
//!
//! [`Pipeline::new`] builds one from the embedded resources;
//! [`Pipeline::builder`] injects others (an NER model, a gazetteer) and
//! stages of the caller's own.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::coref::CorefResolver;
use crate::events::EventFinder;
use crate::geo::{Gazetteer, Geocoder};
use crate::input::Document;
use crate::lang::{self, Lang};
use crate::ner::{LangModel, NerTagger};
use crate::quotes::QuoteFinder;
use crate::schema::{Analysis, BlockKind, Credit, InputInfo, Sentence, Span, SCHEMA_VERSION};
use crate::structure;
use crate::text::{self, TextIndex, TokenLayer};
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
    /// The annotating stages to run, by name ([`STAGES`]); `None` runs them all.
    /// Names that are no stage are ignored (the CLI refuses them).
    pub stages: Option<Vec<String>>,
    /// Stages not to run, by name; applied after [`Options::stages`].
    pub skip: Vec<String>,
}

impl Options {
    /// Whether the stage `name` runs under these options.
    pub fn runs(&self, name: &str) -> bool {
        self.stages
            .as_ref()
            .is_none_or(|only| only.iter().any(|s| s == name))
            && !self.skip.iter().any(|s| s == name)
    }
}

/// The annotating stages in pipeline order. Each reads the layers of the
/// stages before it, so a skipped stage leaves its readers less to read
/// (no entities: no places from them, no entity speakers).
pub const STAGES: &[&str] = &[
    "entities", "times", "places", "coref", "quotes", "events", "tone",
];

/// An article between the stages: the analysis so far, the index of its
/// text, its token layer, and its language and publication date parsed once
/// (stages read these, not the strings of the serialised `Analysis`).
pub struct Doc<'a> {
    pub analysis: &'a mut Analysis,
    pub ix: &'a TextIndex,
    /// The pieces of every block ([`TokenLayer`]), cut once by the head.
    pub tokens: &'a TokenLayer,
    /// The article's language (`analysis.lang` is its code).
    pub lang: Lang,
    /// The publication date (`analysis.published` is it written out); a
    /// stage that finds it in the text (times: a dateline) sets both.
    pub published: Option<NaiveDate>,
}

/// One annotating stage: it reads the layers of earlier stages from the
/// [`Doc`] and adds its own. The head of the pipeline (text index, language,
/// structure, tokens, the token layer and sentences) builds the `Analysis` and
/// the [`Doc`] itself and always runs.
pub trait Stage: std::fmt::Debug + Send + Sync {
    /// The stage's name, as [`STAGES`], `--stages`/`--skip` and the bench call it.
    fn name(&self) -> &'static str;
    fn annotate(&self, doc: &mut Doc<'_>);
    /// Whether the stage reads [`Doc::tokens`], the token layer. The head cuts
    /// it only when some stage does; a stage that never reads it says so.
    fn reads_token_layer(&self) -> bool {
        true
    }
}

/// Entities: the tagger.
#[derive(Debug)]
struct Entities(Arc<NerTagger>);

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        self.0.annotate_with(doc.analysis, doc.ix, doc.lang);
    }
    fn reads_token_layer(&self) -> bool {
        false
    }
}

/// Time expressions, anchored as the options say.
#[derive(Debug)]
struct Times {
    tagger: TimeTagger,
    anchor: Option<TimeAnchor>,
}

impl Stage for Times {
    fn name(&self) -> &'static str {
        "times"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        doc.published = self.tagger.annotate_doc(
            doc.analysis,
            doc.ix,
            doc.tokens,
            doc.lang,
            doc.published,
            doc.published.is_some(),
            self.anchor,
        );
    }
}

/// Places: they read the entities (LOC) and the tokens' text, and the tagger's
/// common nouns.
#[derive(Debug)]
struct Places {
    geocoder: Geocoder,
    ner: Arc<NerTagger>,
}

impl Stage for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        let nouns = self
            .ner
            .model(doc.lang)
            .map(|m| &m.resources)
            .filter(|r| r.has_nouns());
        self.geocoder.annotate_with(doc.analysis, doc.ix, nouns);
    }
    fn reads_token_layer(&self) -> bool {
        false
    }
}

/// Stages whose own `annotate_lang(&mut Analysis, &TextIndex, Lang)` is the
/// whole stage.
macro_rules! plain_stage {
    ($ty:ty, $name:literal) => {
        impl Stage for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            fn annotate(&self, doc: &mut Doc<'_>) {
                <$ty>::annotate_lang(self, doc.analysis, doc.ix, doc.lang);
            }
            fn reads_token_layer(&self) -> bool {
                false
            }
        }
    };
}

// Pronouns and role nouns take up entities (and read derived forms).
plain_stage!(CorefResolver, "coref");
// Events read entities, places, times and quotes.
plain_stage!(EventFinder, "events");
// Tone rates the article and each event's evidence.
plain_stage!(ToneScorer, "tone");

// Quotes read the entities and coreference links (speakers link to them),
// and the pieces of the body blocks.
impl Stage for QuoteFinder {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        self.annotate_with(doc.analysis, doc.ix, doc.tokens, doc.lang);
    }
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
    /// The annotating stages the options select, in [`STAGES`] order (with
    /// the caller's own stages where the builder put them); each owns its
    /// resources, loaded once, here.
    stages: Vec<Box<dyn Stage>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new(Options::default())
    }
}

/// Why a [`PipelineBuilder`] could not build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("NER model {0}: {1}")]
    NerModel(String, String),
    #[error("no stage named {0:?} to put a stage after")]
    UnknownStage(String),
}

/// Builds a [`Pipeline`]: the embedded resources unless others are given,
/// and extra stages. `--stages`/`--skip` ([`Options::stages`],
/// [`Options::skip`]) select among all of them by name.
///
/// ```
/// let p = depesche::Pipeline::builder(depesche::Options::default())
///     .build()
///     .unwrap();
/// assert_eq!(p.stage_names(), depesche::STAGES);
/// ```
pub struct PipelineBuilder {
    options: Options,
    ner: Option<Arc<NerTagger>>,
    ner_models: Vec<LangModel>,
    geocoder: Option<Geocoder>,
    /// `(stage it follows, stage)` in the order given.
    extra: Vec<(String, Box<dyn Stage>)>,
}

impl PipelineBuilder {
    /// The tagger for entities (and the places' common nouns) instead of the
    /// embedded models.
    pub fn ner_tagger(mut self, tagger: Arc<NerTagger>) -> Self {
        self.ner = Some(tagger);
        self
    }

    /// An NER model for its language ([`LangModel::lang`]), in place of the
    /// tagger's model for that language; the other languages keep theirs.
    pub fn ner_model(mut self, model: LangModel) -> Self {
        self.ner_models.retain(|m| m.lang != model.lang);
        self.ner_models.push(model);
        self
    }

    /// [`PipelineBuilder::ner_model`] from a model's bytes (`models/ner/*.bin`).
    pub fn ner_model_bytes(self, bytes: &[u8]) -> Result<Self, BuildError> {
        let model = LangModel::from_bytes(bytes)
            .map_err(|e| BuildError::NerModel("(bytes)".into(), e.to_string()))?;
        Ok(self.ner_model(model))
    }

    /// [`PipelineBuilder::ner_model`] from a model file.
    pub fn ner_model_file(self, path: impl AsRef<Path>) -> Result<Self, BuildError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes =
            std::fs::read(path).map_err(|e| BuildError::NerModel(name.clone(), e.to_string()))?;
        let model =
            LangModel::from_bytes(&bytes).map_err(|e| BuildError::NerModel(name, e.to_string()))?;
        Ok(self.ner_model(model))
    }

    /// The places stage's gazetteer instead of the embedded one.
    pub fn gazetteer(self, gazetteer: Gazetteer) -> Self {
        self.geocoder(Geocoder::with_gazetteer(gazetteer))
    }

    /// The places stage's geocoder.
    pub fn geocoder(mut self, geocoder: Geocoder) -> Self {
        self.geocoder = Some(geocoder);
        self
    }

    /// Run `stage` after the stage named `after` (one of [`STAGES`] or a
    /// stage added before; after any stages already added after it). It runs
    /// where `after` would, whether or not the options run `after`, and is
    /// itself selected by its name like the others.
    pub fn stage_after(mut self, after: &str, stage: impl Stage + 'static) -> Self {
        self.extra.push((after.to_string(), Box::new(stage)));
        self
    }

    pub fn build(self) -> Result<Pipeline, BuildError> {
        let options = self.options;
        let ner = match (self.ner, self.ner_models.is_empty()) {
            (Some(t), true) => t,
            (None, true) => NerTagger::shared(),
            (base, false) => {
                let base = base.unwrap_or_else(NerTagger::shared);
                Arc::new(base.with_replaced(self.ner_models))
            }
        };
        let mut geocoder = self.geocoder;
        // Every stage in order, each with its name; built-in ones are made
        // only when they run.
        let mut order: Vec<(&'static str, Option<Box<dyn Stage>>)> =
            STAGES.iter().map(|&name| (name, None)).collect();
        for (after, stage) in self.extra {
            let Some(at) = order.iter().position(|(name, _)| *name == after) else {
                return Err(BuildError::UnknownStage(after));
            };
            let mut at = at + 1;
            while at < order.len() && order[at].1.is_some() {
                at += 1;
            }
            order.insert(at, (stage.name(), Some(stage)));
        }
        let stages = order
            .into_iter()
            .filter(|(name, _)| options.runs(name))
            .map(|(name, custom)| -> Box<dyn Stage> {
                if let Some(stage) = custom {
                    return stage;
                }
                match name {
                    "entities" => Box::new(Entities(ner.clone())),
                    "times" => Box::new(Times {
                        tagger: TimeTagger::new(),
                        anchor: options.time_anchor,
                    }),
                    "places" => Box::new(Places {
                        geocoder: geocoder.take().unwrap_or_default(),
                        ner: ner.clone(),
                    }),
                    "coref" => Box::new(CorefResolver::new()),
                    "quotes" => Box::new(QuoteFinder::new()),
                    "events" => Box::new(EventFinder::new()),
                    _ => Box::new(ToneScorer::new()),
                }
            })
            .collect();
        Ok(Pipeline { options, stages })
    }
}

impl Pipeline {
    /// The pipeline of the embedded resources.
    pub fn new(options: Options) -> Self {
        Pipeline::builder(options)
            .build()
            .expect("a builder without extra stages always builds")
    }

    /// A builder for a pipeline with other resources or extra stages.
    pub fn builder(options: Options) -> PipelineBuilder {
        PipelineBuilder {
            options,
            ner: None,
            ner_models: Vec::new(),
            geocoder: None,
            extra: Vec::new(),
        }
    }

    /// The names of the stages this pipeline runs, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
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
        // The token layer only where a stage reads it (times, quotes).
        let cut_layer = self.stages.iter().any(|s| s.reads_token_layer());
        let mut layer = TokenLayer::with_capacity(if cut_layer { text.len() } else { 0 });
        for (bi, block) in structure.blocks.iter().enumerate() {
            let span = Span::new(block.start, block.end);
            if cut_layer {
                layer.push_block(&text, &ix, span);
            }
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
        let mut doc = Doc {
            analysis: &mut a,
            ix: &ix,
            tokens: &layer,
            lang,
            published,
        };
        for stage in &self.stages {
            stage.annotate(&mut doc);
            clock.lap(times, stage.name());
        }
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

#[cfg(test)]
mod stage_tests {
    use super::*;

    const TEXT: &str = "Die Ministerin Anna Beispiel sagte am Dienstag in Hamburg: \
        „Wir werden das Gesetz ändern.“ Die Opposition kritisierte den Plan.";

    fn analyze(options: Options) -> Analysis {
        let options = Options {
            published: NaiveDate::from_ymd_opt(2025, 7, 10),
            ..options
        };
        Pipeline::new(options).analyze(Document::from_text("t", TEXT))
    }

    #[test]
    fn every_stage_runs_by_default_in_order() {
        assert_eq!(Pipeline::default().stage_names(), STAGES);
        let a = analyze(Options::default());
        assert!(!a.entities.is_empty() && !a.times.is_empty() && !a.quotes.is_empty());
        assert!(a.tone.is_some());
    }

    #[test]
    fn a_skipped_stage_adds_nothing_and_the_others_stay_the_same() {
        let all = analyze(Options::default());
        let options = Options {
            skip: vec!["quotes".into(), "tone".into()],
            ..Options::default()
        };
        assert_eq!(
            Pipeline::new(options.clone()).stage_names(),
            ["entities", "times", "places", "coref", "events"]
        );
        let a = analyze(options);
        assert!(a.quotes.is_empty() && a.tone.is_none());
        let json = |v: &dyn Fn(&Analysis) -> String| (v(&all), v(&a));
        let (x, y) = json(&|a| serde_json::to_string(&a.entities).unwrap());
        assert_eq!(x, y);
        let (x, y) = json(&|a| serde_json::to_string(&a.times).unwrap());
        assert_eq!(x, y);
    }

    #[test]
    fn only_the_chosen_stages_run() {
        let a = analyze(Options {
            stages: Some(vec!["times".into()]),
            ..Options::default()
        });
        assert!(a.entities.is_empty() && a.quotes.is_empty() && a.tone.is_none());
        assert!(a
            .times
            .iter()
            .any(|t| t.value.as_deref() == Some("2025-07-08")));
        // The head of the pipeline always runs.
        assert!(!a.sentences.is_empty() && !a.blocks.is_empty());
    }
}

#[cfg(test)]
mod builder_tests {
    use super::*;
    use crate::schema::EntityType;

    const TEXT: &str = "Die Ministerin Anna Beispiel sagte am Dienstag in Hamburg: \
        „Wir werden das Gesetz ändern.“ Die Opposition kritisierte den Plan.";

    fn options() -> Options {
        Options {
            published: NaiveDate::from_ymd_opt(2025, 7, 10),
            ..Options::default()
        }
    }

    /// Writes what it sees into the warnings: how many entities and times the
    /// stages before it left, and the typed language and date.
    #[derive(Debug)]
    struct Census;

    impl Stage for Census {
        fn name(&self) -> &'static str {
            "census"
        }
        fn annotate(&self, doc: &mut Doc<'_>) {
            let line = format!(
                "census: {} entities, {} times, {} {:?}, {} token blocks",
                doc.analysis.entities.len(),
                doc.analysis.times.len(),
                doc.lang.code(),
                doc.published,
                doc.tokens.block_count(),
            );
            doc.analysis.input.warnings.push(line);
        }
    }

    fn census(a: &Analysis) -> Option<&String> {
        a.input.warnings.iter().find(|w| w.starts_with("census"))
    }

    #[test]
    fn a_custom_stage_runs_after_the_stage_it_names() {
        let p = Pipeline::builder(options())
            .stage_after("entities", Census)
            .build()
            .unwrap();
        assert_eq!(
            p.stage_names(),
            ["entities", "census", "times", "places", "coref", "quotes", "events", "tone"]
        );
        let a = p.analyze(Document::from_text("t", TEXT));
        let line = census(&a).unwrap();
        let entities = a.entities.len();
        assert!(entities > 0);
        assert_eq!(
            line,
            &format!(
                "census: {entities} entities, 0 times, de Some(2025-07-10), {} token blocks",
                a.blocks.len()
            )
        );
        assert!(!a.times.is_empty());
    }

    /// Reports the token layer's blocks but says it reads no layer.
    #[derive(Debug)]
    struct NoLayer;

    impl Stage for NoLayer {
        fn name(&self) -> &'static str {
            "nolayer"
        }
        fn annotate(&self, doc: &mut Doc<'_>) {
            let line = format!("nolayer: {} token blocks", doc.tokens.block_count());
            doc.analysis.input.warnings.push(line);
        }
        fn reads_token_layer(&self) -> bool {
            false
        }
    }

    #[test]
    fn the_token_layer_is_cut_only_for_stages_that_read_it() {
        let seen = |stages: &[&str]| {
            let p = Pipeline::builder(Options {
                stages: Some(stages.iter().map(|s| s.to_string()).collect()),
                ..options()
            })
            .stage_after("tone", NoLayer)
            .build()
            .unwrap();
            let a = p.analyze(Document::from_text("t", TEXT));
            let line = a.input.warnings.iter().find(|w| w.starts_with("nolayer"));
            (line.cloned().unwrap_or_default(), a.blocks.len())
        };
        let (line, blocks) = seen(&["entities", "nolayer"]);
        assert_eq!(line, "nolayer: 0 token blocks");
        assert!(blocks > 0);
        let (line, blocks) = seen(&["quotes", "nolayer"]);
        assert_eq!(line, format!("nolayer: {blocks} token blocks"));
    }

    #[test]
    fn custom_stages_are_selected_by_name_and_need_a_known_place() {
        let p = Pipeline::builder(Options {
            skip: vec!["census".into()],
            ..options()
        })
        .stage_after("tone", Census)
        .build()
        .unwrap();
        assert_eq!(p.stage_names(), STAGES);
        let p = Pipeline::builder(Options {
            stages: Some(vec!["times".into(), "census".into()]),
            ..options()
        })
        .stage_after("tone", Census)
        .build()
        .unwrap();
        assert_eq!(p.stage_names(), ["times", "census"]);
        let a = p.analyze(Document::from_text("t", TEXT));
        assert!(census(&a)
            .unwrap()
            .starts_with("census: 0 entities, 1 times"));
        let err = Pipeline::builder(options())
            .stage_after("nowhere", Census)
            .build()
            .unwrap_err();
        assert!(matches!(err, BuildError::UnknownStage(ref s) if s == "nowhere"));
    }

    #[test]
    fn an_injected_ner_model_takes_effect() {
        let person = |a: &Analysis| a.entities.iter().any(|e| e.kind == EntityType::PER);
        let a = Pipeline::new(options()).analyze(Document::from_text("t", TEXT));
        assert!(person(&a), "{:?}", a.entities);
        // The embedded German model with an overwhelming bias to "outside":
        // it tags no token as part of a name.
        let mut muted = NerTagger::shared().model(Lang::De).unwrap().clone();
        muted.model.o_bias = -1000.0;
        let p = Pipeline::builder(options())
            .ner_model_bytes(&muted.to_bytes())
            .unwrap()
            .build()
            .unwrap();
        let a = p.analyze(Document::from_text("t", TEXT));
        assert!(!person(&a), "{:?}", a.entities);
        // English keeps its embedded model.
        let en = "Minister Anna Example said on Tuesday in Hamburg that the law will change.";
        let a = p.analyze(Document::from_text("t", en));
        assert!(person(&a), "{:?}", a.entities);
        // A tagger without models tags nothing (the places stage may still
        // add the places it knows).
        let p = Pipeline::builder(options())
            .ner_tagger(Arc::new(NerTagger::with_models(Vec::new())))
            .build()
            .unwrap();
        let a = p.analyze(Document::from_text("t", TEXT));
        assert!(!person(&a), "{:?}", a.entities);
        assert!(matches!(
            Pipeline::builder(options()).ner_model_file("/nonexistent/model.bin"),
            Err(BuildError::NerModel(..))
        ));
    }
}
