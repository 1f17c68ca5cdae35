//! Named entities: a sequence tagger (averaged structured perceptron over
//! hashed features, Viterbi under IOB2 constraints) trained by the project
//! (`depesche train ner`), and the grouping of mentions into one entity per
//! person, organisation and place with a canonical name and roles.
//!
//! Models are embedded in the binary (`models/ner/{de,en}.bin`) and load once
//! per process ([`NerTagger::shared`]).

#[cfg(feature = "train")]
mod classtext;
#[cfg(feature = "train")]
mod clusters;
mod codec;
#[cfg(feature = "train")]
mod compile;
#[cfg(feature = "train")]
pub mod corpus;
mod doc;
mod entities;
mod features;
mod hash;
pub mod lowercase;
pub(crate) mod model;
mod news;
mod patterns;
#[cfg(feature = "train")]
mod perceptron;
pub(crate) mod resources;
mod shape;
pub(crate) mod stack;
mod tagging;
#[cfg(feature = "train")]
pub mod train;

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use crate::lang::Lang;
use crate::schema::{Analysis, Span};
use crate::text::TextIndex;
use codec::{CodecError, Reader, Writer};
use features::SentenceFeatures;
use model::Model;
use resources::Resources;

pub use entities::group_mentions;

const MAGIC: &[u8] = b"depesche-ner/1";

static EMBEDDED_DE: &[u8] = include_bytes!("../../../../models/ner/de.bin");
static EMBEDDED_EN: &[u8] = include_bytes!("../../../../models/ner/en.bin");

/// One language's model and resources.
#[derive(Debug, Clone)]
pub struct LangModel {
    pub lang: Lang,
    /// Harmonise labels over the document ([`doc::harmonise`]); chosen per
    /// language by measurement (it helps German, not English).
    pub doc_consistency: bool,
    pub resources: Resources,
    pub model: Model,
    /// Unique per loaded model (0: none), so that per-thread caches of
    /// token features and weight rows ([`tagging`]) know whose they hold;
    /// `resources` and `model`'s weights must not change while it is
    /// non-zero (`model.o_bias` may).
    pub resources_uid: u64,
    /// The learned document-level second pass ([`stack`]), if trained.
    pub stack: Option<stack::Stack>,
}

static NEXT_RESOURCES_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Empty the calling thread's tagging caches (per-word features and weight
/// rows; results never depend on them). For benchmarks that must not count
/// a cache warmed on the same text.
pub fn clear_thread_caches() {
    tagging::clear_thread_cache();
}

/// Reusable buffers for tagging (one per thread).
#[derive(Default)]
pub struct Scratch {
    feats: SentenceFeatures,
    emit: Vec<f32>,
    fast: tagging::Buffers,
}

impl Scratch {
    /// The emission scores of the sentence [`LangModel::tag`] tagged last
    /// (`uid`: the model's `resources_uid`, which chose the path).
    fn emissions(&self, uid: u64) -> &[f32] {
        if uid == 0 {
            &self.emit
        } else {
            self.fast.emissions()
        }
    }
}

impl LangModel {
    /// Tag one sentence's tokens; returns IOB2 label indices ([`model::LABELS`]).
    pub fn tag(&self, tokens: &[&str], scratch: &mut Scratch, out: &mut Vec<u8>) {
        if self.resources_uid == 0 {
            features::extract(&self.resources, tokens, &mut scratch.feats);
            self.model.decode(&scratch.feats, &mut scratch.emit, out);
        } else {
            tagging::tag(
                &self.resources,
                &self.model,
                self.resources_uid,
                tokens,
                &mut scratch.fast,
                out,
            );
        }
    }

    /// Tag one document's sentences as articles are tagged: each sentence by
    /// the model, then the news-page patterns ([`patterns`], when `patterns`),
    /// then document consistency ([`doc::harmonise`], when `consistency` and
    /// the model uses it). Returns IOB2 label indices per sentence.
    pub fn tag_document(
        &self,
        sentences: &[Vec<&str>],
        scratch: &mut Scratch,
        patterns: bool,
        consistency: bool,
    ) -> Vec<Vec<u8>> {
        let mut emits: Vec<Vec<f32>> = Vec::new();
        let mut labels: Vec<Vec<u8>> = sentences
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                self.tag(t, scratch, &mut out);
                if self.stack.is_some() {
                    emits.push(scratch.emissions(self.resources_uid).to_vec());
                }
                out
            })
            .collect();
        // The second pass reads the tagger's own labels, before the patterns:
        // it was trained on them (reading the labels after the patterns, and
        // applying the patterns again, measured the same; see MODELS.md).
        if let Some(stack) = &self.stack {
            stack.rescore(&self.model, sentences, &mut emits, &mut labels);
        }
        let locked = if patterns {
            self.apply_patterns(sentences, &mut labels)
        } else {
            vec![Vec::new(); sentences.len()]
        };
        if consistency && self.doc_consistency {
            doc::harmonise(&self.resources, sentences, &mut labels, &locked);
        }
        labels
    }

    /// The news-page patterns over one document's labels ([`patterns`],
    /// [`news`], [`shape`]); returns the labels they locked.
    pub fn apply_patterns(
        &self,
        sentences: &[Vec<&str>],
        labels: &mut [Vec<u8>],
    ) -> Vec<Vec<bool>> {
        let mut locked: Vec<Vec<bool>> = Vec::with_capacity(sentences.len());
        for (t, out) in sentences.iter().zip(labels.iter_mut()) {
            let mut lock = Vec::new();
            patterns::apply(self.lang, t, out, &mut lock);
            if self.lang == Lang::De {
                news::apply(&self.resources, t, out, &mut lock);
            }
            shape::apply(self.lang, t, out, &lock);
            locked.push(lock);
        }
        patterns::apply_document(sentences, labels, &mut locked);
        if self.lang == Lang::De {
            news::apply_document(&self.resources, sentences, labels, &mut locked);
        }
        locked
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.bytes(self.lang.code().as_bytes());
        w.u8(self.doc_consistency as u8);
        self.resources.write(&mut w);
        self.model.write(&mut w);
        // Optional trailing sections, in this order: frequency bands (also
        // written, empty, before a second pass), the second pass.
        if self.resources.freq_count() > 0 || self.stack.is_some() {
            self.resources.write_freq(&mut w);
        }
        if let Some(stack) = &self.stack {
            stack.write(&mut w);
        }
        w.gzip()
    }

    pub fn from_bytes(data: &[u8]) -> Result<LangModel, CodecError> {
        let raw = Reader::gunzip(data)?;
        let mut r = Reader::new(&raw);
        if r.bytes()? != MAGIC {
            return Err(CodecError::Magic);
        }
        let lang = Lang::from_code(std::str::from_utf8(r.bytes()?).unwrap_or(""));
        let doc_consistency = r.u8()? != 0;
        let mut resources = Resources::read(&mut r)?;
        let model = Model::read(&mut r)?;
        if !r.at_end() {
            resources.read_freq(&mut r)?;
        }
        let stack = if r.at_end() {
            None
        } else {
            Some(stack::Stack::read(&mut r)?)
        };
        Ok(LangModel {
            lang,
            doc_consistency,
            resources,
            model,
            stack,
            resources_uid: NEXT_RESOURCES_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// The tagger's units over tokens `first..last`: each token, except that a
/// hyphenated compound the tokenizer split ("US" "-" "Präsident") is one unit,
/// as the training corpora write it. `span(i)` is token i's code-point
/// [start, end]; `tok(i)` its text. Returns token ranges (start, end exclusive).
pub fn join_compounds<'t>(
    first: usize,
    last: usize,
    span: impl Fn(usize) -> [usize; 2],
    tok: impl Fn(usize) -> &'t str,
) -> Vec<(usize, usize)> {
    // At most one unit per token: sized once, never grown.
    let mut u: Vec<(usize, usize)> = Vec::with_capacity(last.saturating_sub(first));
    // A hyphen is one character: most tokens are settled by their span.
    let is_hyphen = |k: usize| {
        let [s, e] = span(k);
        e == s + 1 && tok(k) == "-"
    };
    for i in first..last {
        // Only a token glued to the one before can join it: the rest is
        // asked only then.
        let glued = i > first && span(i)[0] == span(i - 1)[1];
        let joins = glued && {
            let hyphen_next = is_hyphen(i)
                && i + 1 < last
                && span(i + 1)[0] == span(i)[1]
                && tok(i + 1).starts_with(char::is_alphanumeric);
            let after_hyphen = is_hyphen(i - 1) && u.last().is_some_and(|x| x.1 - x.0 > 1);
            hyphen_next || after_hyphen
        };
        match u.last_mut() {
            Some(last_unit) if joins && tok(last_unit.0).starts_with(char::is_alphanumeric) => {
                last_unit.1 = i + 1;
            }
            _ => u.push((i, i + 1)),
        }
    }
    u
}

/// The tagger for all languages with a model. Build once (or use
/// [`NerTagger::shared`]); `&NerTagger` is `Sync`.
#[derive(Debug, Default)]
pub struct NerTagger {
    models: Vec<LangModel>,
    /// Why an embedded model could not be used (empty or corrupt file).
    pub problems: Vec<String>,
}

impl NerTagger {
    /// The models embedded in the binary.
    pub fn embedded() -> NerTagger {
        let mut t = NerTagger::default();
        for (lang, data) in [(Lang::De, EMBEDDED_DE), (Lang::En, EMBEDDED_EN)] {
            if data.is_empty() {
                t.problems
                    .push(format!("no NER model for {} was built", lang.code()));
                continue;
            }
            match LangModel::from_bytes(data) {
                Ok(m) => t.models.push(m),
                Err(e) => t.problems.push(format!("NER model {}: {e}", lang.code())),
            }
        }
        t
    }

    /// The embedded models, loaded once per process.
    pub fn shared() -> Arc<NerTagger> {
        static SHARED: OnceLock<Arc<NerTagger>> = OnceLock::new();
        SHARED
            .get_or_init(|| Arc::new(NerTagger::embedded()))
            .clone()
    }

    pub fn with_models(models: Vec<LangModel>) -> NerTagger {
        NerTagger {
            models,
            problems: Vec::new(),
        }
    }

    pub fn model(&self, lang: Lang) -> Option<&LangModel> {
        self.models.iter().find(|m| m.lang == lang)
    }

    /// This tagger with `models` in place of its models of their languages
    /// (the others are copied).
    pub fn with_replaced(&self, models: Vec<LangModel>) -> NerTagger {
        let mut out: Vec<LangModel> = self
            .models
            .iter()
            .filter(|m| !models.iter().any(|n| n.lang == m.lang))
            .cloned()
            .collect();
        out.extend(models);
        NerTagger {
            models: out,
            problems: self.problems.clone(),
        }
    }

    /// Tag the body sentences of `a` and fill `a.entities`.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        self.annotate_with(a, ix, Lang::from_code(&a.lang));
    }

    /// [`NerTagger::annotate`] for an article of language `lang`.
    pub fn annotate_with(&self, a: &mut Analysis, ix: &TextIndex, lang: Lang) {
        let Some(m) = self.model(lang) else {
            return;
        };
        let text = &a.text;
        // The tagger's units: article tokens, with hyphenated compounds joined
        // ("US" "-" "Präsident" → "US-Präsident") as the training corpora write them.
        let mut units: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut texts: Vec<Vec<&str>> = Vec::new();
        for s in &a.sentences {
            if !a.blocks.get(s.block).is_some_and(|b| b.kind.is_body()) {
                continue;
            }
            let first = a.tokens.partition_point(|t| t[0] < s.start);
            let last = a.tokens.partition_point(|t| t[1] <= s.end);
            if first >= last {
                continue;
            }
            let tok = |i: usize| ix.slice(text, Span::new(a.tokens[i][0], a.tokens[i][1]));
            let u = join_compounds(first, last, |i| a.tokens[i], tok);
            texts.push(
                u.iter()
                    .map(|(b, e)| ix.slice(text, Span::new(a.tokens[*b][0], a.tokens[*e - 1][1])))
                    .collect(),
            );
            units.push(u);
        }
        // The tagger's buffers stay with the thread: sized by the longest
        // sentence seen, they are not grown again for every article.
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::default();
        }
        let labels = SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => m.tag_document(&texts, &mut scratch, true, true),
            Err(_) => m.tag_document(&texts, &mut Scratch::default(), true, true),
        });
        let mut mentions = Vec::new();
        for (u, l) in units.iter().zip(&labels) {
            for (b, e, ty) in model::chunks(l) {
                mentions.push(entities::RawMention {
                    first: u[b].0,
                    last: u[e - 1].1,
                    ty,
                });
            }
        }
        // A dateline the credit parser found in a block of its own
        // ("Wiesbaden –", "Kiel.") names the place of the report.
        if let Some(place) = a.credit.dateline.as_deref() {
            for b in &a.blocks {
                if b.kind != crate::schema::BlockKind::Credit {
                    continue;
                }
                let block = ix.slice(text, Span::new(b.start, b.end));
                let lead = block.len() - block.trim_start().len();
                if !block.trim_start().starts_with(place) {
                    continue;
                }
                let start = b.start + block[..lead].chars().count();
                let end = start + place.chars().count();
                let first = a.tokens.partition_point(|t| t[0] < start);
                let last = a.tokens.partition_point(|t| t[1] <= end);
                if first < last && a.tokens[first][0] == start && a.tokens[last - 1][1] == end {
                    mentions.push(entities::RawMention {
                        first,
                        last,
                        ty: model::LOC,
                    });
                }
                // The agency in the dateline's brackets ("GENEVA, Jan 21 (Reuters) –",
                // "Nürnberg (epd).") is named in the report, as in running text.
                let block_end = a.tokens.partition_point(|t| t[1] <= b.end);
                let mut open = false;
                for k in last..block_end {
                    match ix.slice(text, Span::new(a.tokens[k][0], a.tokens[k][1])) {
                        "(" => open = true,
                        ")" => open = false,
                        w if open && crate::agency::agency(w).is_some() => {
                            mentions.push(entities::RawMention {
                                first: k,
                                last: k + 1,
                                ty: model::ORG,
                            });
                        }
                        _ => {}
                    }
                }
            }
        }
        mentions.sort_by_key(|m| m.first);
        a.entities = group_mentions(a, ix, &m.resources, lang, &mentions);
    }
}
