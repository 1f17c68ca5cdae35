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

/// An article between the stages: the analysis so far and the index of its text.
pub struct Doc<'a> {
    pub analysis: &'a mut Analysis,
    pub ix: &'a TextIndex,
}

/// One annotating stage: it reads the layers of earlier stages from the
/// [`Doc`] and adds its own. The head of the pipeline (text index, language,
/// structure, tokens and sentences) builds the `Analysis` itself and always runs.
pub trait Stage: std::fmt::Debug + Send + Sync {
    /// The stage's name, as [`STAGES`], `--stages`/`--skip` and the bench call it.
    fn name(&self) -> &'static str;
    fn annotate(&self, doc: &mut Doc<'_>);
}

/// Entities: the tagger.
#[derive(Debug)]
struct Entities(Arc<NerTagger>);

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        self.0.annotate(doc.analysis, doc.ix);
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
        self.tagger.annotate_with(doc.analysis, doc.ix, self.anchor);
    }
}

/// Places: they read the entities (LOC) and the tokens' text, and the tagger's
/// common nouns.
#[derive(Debug)]
struct Places {
    geocoder: crate::geo::Geocoder,
    ner: Arc<NerTagger>,
}

impl Stage for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn annotate(&self, doc: &mut Doc<'_>) {
        let nouns = self
            .ner
            .model(Lang::from_code(&doc.analysis.lang))
            .map(|m| &m.resources)
            .filter(|r| r.has_nouns());
        self.geocoder.annotate_with(doc.analysis, doc.ix, nouns);
    }
}

/// Stages whose own `annotate(&mut Analysis, &TextIndex)` is the whole stage.
macro_rules! plain_stage {
    ($ty:ty, $name:literal) => {
        impl Stage for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            fn annotate(&self, doc: &mut Doc<'_>) {
                <$ty>::annotate(self, doc.analysis, doc.ix);
            }
        }
    };
}

// Pronouns and role nouns take up entities (and read derived forms).
plain_stage!(CorefResolver, "coref");
// Quotes read the entities and coreference links (speakers link to them).
plain_stage!(QuoteFinder, "quotes");
// Events read entities, places, times and quotes.
plain_stage!(EventFinder, "events");
// Tone rates the article and each event's evidence.
plain_stage!(ToneScorer, "tone");

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
    /// The annotating stages the options select, in [`STAGES`] order; each
    /// loads its resources once, here.
    stages: Vec<Box<dyn Stage>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new(Options::default())
    }
}

impl Pipeline {
    pub fn new(options: Options) -> Self {
        let stages = STAGES
            .iter()
            .filter(|name| options.runs(name))
            .map(|&name| -> Box<dyn Stage> {
                match name {
                    "entities" => Box::new(Entities(NerTagger::shared())),
                    "times" => Box::new(Times {
                        tagger: TimeTagger::new(),
                        anchor: options.time_anchor,
                    }),
                    "places" => Box::new(Places {
                        geocoder: crate::geo::Geocoder::new(),
                        ner: NerTagger::shared(),
                    }),
                    "coref" => Box::new(CorefResolver::new()),
                    "quotes" => Box::new(QuoteFinder::new()),
                    "events" => Box::new(EventFinder::new()),
                    _ => Box::new(ToneScorer::new()),
                }
            })
            .collect();
        Pipeline { options, stages }
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
        for stage in &self.stages {
            stage.annotate(&mut Doc {
                analysis: &mut a,
                ix: &ix,
            });
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
