//! Training: compile the resources, learn word classes, read the annotated
//! corpora and run the averaged perceptron — all from `../shared/data`, with
//! a fixed seed, so `depesche train ner` reproduces the committed model.

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use super::classtext::ClassSource;
use super::clusters::{self, corpus_tokens, ClassText, ClusterOptions, Rng};
use super::compile::{self, read_lines};
use super::corpus::{self, Format, Sentence};
use super::features::{self, SentenceFeatures};
use super::model::{bucket, viterbi, Model, NL};
use super::perceptron::{Averaged, Perceptron};
use super::resources::Resources;
use super::stack::{self, Stack};
use super::{LangModel, Scratch};
use crate::eval::ner::{score, NerScores};
use crate::lang::Lang;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub lang: Lang,
    pub data: PathBuf,
    pub epochs: usize,
    /// log2 of the number of feature buckets.
    pub bits: u32,
    pub seed: u64,
    /// Averaged weights below this (absolute) are dropped from the shipped model.
    pub prune: f32,
    pub clusters: bool,
    pub gazetteers: bool,
    pub lexicon: bool,
    /// Every n-th sentence of the main corpus is held out for tuning.
    pub holdout_every: usize,
    /// Training runs with different shuffles whose weights are summed.
    pub runs: usize,
    /// Penalty on `O` at decoding (fraction of the largest weight), tuned on dev data.
    pub o_bias: f32,
    /// Also train on ZEFYS (historical newspapers, no MISC annotation).
    pub zefys: bool,
    /// Train German on DFKI SmartData (news, RSS, tweets).
    pub smartdata: bool,
    /// Train German on MobIE (mobility news and tweets).
    pub mobie: bool,
    /// Train German on LER (court decisions).
    pub legal: bool,
    /// News frequency bands (Leipzig news 2023) as a feature (German).
    pub freq_bands: bool,
    /// More unlabeled text for the word classes: (source, at most this many
    /// tokens of it; 0 = all).
    pub class_text: Vec<(ClassSource, usize)>,
    /// Word-class settings: most words classed, projection dimensions,
    /// coarse and fine classes, context words, least count.
    pub class_words: usize,
    pub class_dims: usize,
    pub class_coarse: usize,
    pub class_fine: usize,
    pub class_contexts: usize,
    pub class_min_count: usize,
    /// The base text (news, NER corpora, UD) chooses the context words and
    /// the words classed first; `class_text` adds counts only.
    pub class_base_vocab: bool,
    /// Train the document-level second pass ([`super::stack`]).
    pub stack: bool,
    /// Folds of the jackknife that gives the second pass its training input.
    pub folds: usize,
    /// Epochs of the second pass.
    pub stack_epochs: usize,
    /// The second pass's perceptron step, in first-pass weight units.
    pub stack_step: f32,
}

impl TrainOptions {
    /// The settings of the committed models (chosen on the tuning sets, see MODELS.md).
    pub fn new(lang: Lang, data: PathBuf) -> Self {
        TrainOptions {
            lang,
            data,
            epochs: 10,
            bits: 20,
            seed: 1,
            prune: 0.05,
            clusters: true,
            gazetteers: true,
            lexicon: true,
            holdout_every: 20,
            zefys: false,
            smartdata: false,
            mobie: false,
            legal: false,
            freq_bands: false,
            class_text: Vec::new(),
            class_words: 60_000,
            class_dims: 64,
            class_coarse: 64,
            class_fine: 512,
            class_contexts: 1000,
            class_min_count: 3,
            class_base_vocab: false,
            // The second pass gains on eng.testa and holds on news-dev for
            // English; it lost on every German set (MODELS.md).
            stack: lang == Lang::En,
            folds: 4,
            stack_epochs: 5,
            stack_step: 3.0,
            runs: 3,
            o_bias: match lang {
                Lang::De => 0.1,
                _ => 0.0,
            },
        }
    }
}

#[derive(Debug)]
pub struct TrainReport {
    pub train_sentences: usize,
    pub train_tokens: usize,
    pub holdout: NerScores,
    pub seconds: f64,
    pub nonzero_weights: usize,
}

/// The training corpora per language (paths relative to the data directory).
fn corpora(lang: Lang) -> Vec<(&'static str, Format, bool)> {
    // (path, format, main corpus: the held-out slice comes from these)
    match lang {
        Lang::De => vec![
            ("ner/germeval2014/NER-de-dev.tsv", Format::GermEval, true),
            ("ner/germeval2014/NER-de-test.tsv", Format::GermEval, true),
            ("ner/europarl-ner-de/train.tsv", Format::Conll, false),
            ("ner/europarl-ner-de/dev.tsv", Format::Conll, false),
            // English news NER: names are shared across the languages, and
            // Reuters is closer to German newswire than Wikipedia is
            // (+2.4 F1 on deu.testa over three seeds, see MODELS.md).
            ("ner/conll2003-en/eng.train", Format::Conll, false),
        ],
        _ => vec![("ner/conll2003-en/eng.train", Format::Conll, true)],
    }
}

/// Unlabeled text for word classes (plus the training corpora's own tokens).
fn unlabeled(data: &Path, lang: Lang) -> std::io::Result<ClassText> {
    let mut out = ClassText::default();
    let conllu = |p: &Path, out: &mut ClassText| -> std::io::Result<()> {
        let mut cur = Vec::new();
        for line in read_lines(p)? {
            if line.is_empty() {
                if !cur.is_empty() {
                    out.push(&cur);
                    cur.clear();
                }
            } else if !line.starts_with('#') {
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() > 1 && !cols[0].contains('-') && !cols[0].contains('.') {
                    cur.push(cols[1].to_string());
                }
            }
        }
        if !cur.is_empty() {
            out.push(&cur);
        }
        Ok(())
    };
    match lang {
        Lang::De => {
            for line in read_lines(&data.join("news-de/10kGNAD/test.csv"))? {
                let text = line.split_once(';').map(|x| x.1).unwrap_or(&line);
                let text = text.trim_matches('\'');
                out.push(corpus_tokens(text));
            }
            for p in [
                "ud/UD_German-GSD/de_gsd-ud-dev.conllu",
                "ud/UD_German-PUD/de_pud-ud-test.conllu",
            ] {
                conllu(&data.join(p), &mut out)?;
            }
            let z = corpus::read(&data.join("ner/zefys-ner-de/train.tsv"), Format::Conll)?;
            for s in &z {
                out.push(&s.tokens);
            }
        }
        _ => {
            for p in [
                "ud/UD_English-EWT/en_ewt-ud-train.conllu.gz",
                "ud/UD_English-EWT/en_ewt-ud-dev.conllu",
            ] {
                conllu(&data.join(p), &mut out)?;
            }
        }
    }
    Ok(out)
}

/// Build the resources (lexicon, gazetteers, word classes) for a language.
pub fn build_resources(
    opt: &TrainOptions,
    train: &[Sentence],
    log: &mut dyn FnMut(&str),
) -> std::io::Result<Resources> {
    let t = Instant::now();
    let mut res = if opt.gazetteers || opt.lexicon {
        compile::build(&opt.data, opt.lang, opt.freq_bands, log)?
    } else {
        Resources::default()
    };
    if !opt.gazetteers || !opt.lexicon {
        // Ablations: rebuild without the switched-off part.
        let full = res;
        res = Resources::default();
        if opt.gazetteers {
            res = full.clone();
            res.clear_nouns();
        } else if opt.lexicon {
            res = full;
            res.clear_gazetteer();
        }
    }
    log(&format!(
        "resources compiled in {:.1}s",
        t.elapsed().as_secs_f64()
    ));
    if opt.clusters {
        let t = Instant::now();
        let mut text = unlabeled(&opt.data, opt.lang)?;
        for s in train {
            text.push(&s.tokens);
        }
        text.mark_base();
        for &(source, max) in &opt.class_text {
            let before = text.tokens();
            super::classtext::add(&opt.data, source, max, &mut text)?;
            log(&format!(
                "word-class text {source:?}: {} tokens",
                text.tokens() - before
            ));
        }
        let n = text.tokens();
        let cl = clusters::learn_text(
            &text,
            &ClusterOptions {
                seed: opt.seed,
                min_count: opt.class_min_count,
                max_words: opt.class_words,
                contexts: opt.class_contexts,
                dims: opt.class_dims,
                coarse: opt.class_coarse,
                fine: opt.class_fine,
                base_vocab: opt.class_base_vocab,
                ..Default::default()
            },
        );
        drop(text);
        log(&format!(
            "word classes: {} words from {n} tokens in {:.1}s",
            cl.len(),
            t.elapsed().as_secs_f64()
        ));
        res.set_clusters(cl);
    }
    Ok(res)
}

/// Sentences per pseudo-document of a corpus without document marks.
const PSEUDO_DOC: usize = 20;

/// Read the training corpora; returns (train, held-out) sentences.
pub fn read_corpora(opt: &TrainOptions) -> std::io::Result<(Vec<Sentence>, Vec<Sentence>)> {
    let mut train = Vec::new();
    let mut held = Vec::new();
    let mut list = corpora(opt.lang);
    if opt.lang == Lang::De {
        if opt.zefys {
            list.push(("ner/zefys-ner-de/train.tsv", Format::Conll, false));
        }
        if opt.smartdata {
            // v1 is the whole corpus (its split is not the v2/v3 one): both
            // files train, and the v2/v3 dev/test sets are never evaluated on.
            list.push((
                "ner/smartdata-de/v1_20180119/train.json.gz",
                Format::SmartData,
                false,
            ));
            list.push((
                "ner/smartdata-de/v1_20180119/test.json.gz",
                Format::SmartData,
                false,
            ));
        }
        if opt.mobie {
            list.push(("ner/mobie-de/train.conll2003", Format::Mobie, false));
            list.push(("ner/mobie-de/dev.conll2003", Format::Mobie, false));
        }
        if opt.legal {
            list.push((
                "ner/ler-legal-de/ler_train_derived.conll",
                Format::Legal,
                false,
            ));
        }
    }
    let mut next_doc = 0;
    for (path, format, main) in list {
        let mut sents = corpus::read(&opt.data.join(path), format)?;
        if path.contains("zefys") {
            sents = corpus::split_long(sents, 60);
        }
        // Document numbers unique over all files; a long file without
        // document marks (Europarl's debates) is read as documents of
        // `PSEUDO_DOC` consecutive sentences, for the second pass.
        let one_doc = sents.len() > PSEUDO_DOC && sents.iter().all(|s| s.doc == sents[0].doc);
        let first_doc = sents.first().map_or(0, |s| s.doc);
        for (k, s) in sents.iter_mut().enumerate() {
            s.doc = next_doc
                + if one_doc {
                    k / PSEUDO_DOC
                } else {
                    s.doc - first_doc.min(s.doc)
                };
        }
        next_doc = sents.iter().map(|s| s.doc + 1).max().unwrap_or(next_doc);
        for (i, s) in sents.into_iter().enumerate() {
            if main && opt.holdout_every > 0 && i % opt.holdout_every == opt.holdout_every - 1 {
                held.push(s);
            } else {
                train.push(s);
            }
        }
    }
    Ok((train, held))
}

fn featurise(res: &Resources, sents: &[Sentence]) -> Vec<SentenceFeatures> {
    sents
        .iter()
        .map(|s| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            let mut f = SentenceFeatures::default();
            features::extract(res, &toks, &mut f);
            f
        })
        .collect()
}

/// Tag sentences with a model and score against their gold labels.
pub fn evaluate(m: &LangModel, sents: &[Sentence]) -> (NerScores, Vec<Vec<u8>>) {
    evaluate_with(m, sents, true, true)
}

/// [`evaluate`], optionally without document-level consistency or without
/// the news-page patterns ([`super::patterns`]), for comparison.
pub fn evaluate_with(
    m: &LangModel,
    sents: &[Sentence],
    doc_level: bool,
    patterns: bool,
) -> (NerScores, Vec<Vec<u8>>) {
    let mut scratch = Scratch::default();
    let mut preds = Vec::with_capacity(sents.len());
    // Documents as the file gives them, tagged as articles are.
    let mut start = 0;
    while start < sents.len() {
        let doc = sents[start].doc;
        let end = start + sents[start..].iter().take_while(|s| s.doc == doc).count();
        let toks: Vec<Vec<&str>> = sents[start..end]
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        preds.extend(m.tag_document(&toks, &mut scratch, patterns, doc_level));
        start = end;
    }
    let gold: Vec<&[u8]> = sents.iter().map(|s| s.labels.as_slice()).collect();
    let pred: Vec<&[u8]> = preds.iter().map(Vec::as_slice).collect();
    (score(&gold, &pred), preds)
}

/// Train a model; `log` receives progress lines.
pub fn train(
    opt: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> std::io::Result<(LangModel, TrainReport)> {
    let t0 = Instant::now();
    let (train, held) = read_corpora(opt)?;
    let tokens: usize = train.iter().map(|s| s.tokens.len()).sum();
    log(&format!(
        "training sentences: {} ({tokens} tokens), held out: {}",
        train.len(),
        held.len()
    ));
    let resources = build_resources(opt, &train, log)?;
    let feats = featurise(&resources, &train);
    log(&format!(
        "features extracted at {:.1}s",
        t0.elapsed().as_secs_f64()
    ));
    let mut lm = LangModel {
        lang: opt.lang,
        doc_consistency: opt.lang == Lang::De,
        resources,
        model: Perceptron::new(8).average(opt.prune),
        resources_uid: 0,
        stack: None,
    };
    let mut holdout = NerScores::default();
    let all: Vec<usize> = (0..train.len()).collect();
    let labels: Vec<&[u8]> = train.iter().map(|s| s.labels.as_slice()).collect();
    let log = std::cell::RefCell::new(log);
    let mut after_run = |run: usize, sum: &Averaged| {
        lm.model = sum.to_model(opt.prune * (run + 1) as f32);
        lm.model.o_bias = opt.o_bias;
        holdout = evaluate(&lm, &held).0;
        (log.borrow_mut())(&format!(
            "after {} run(s): held-out F1 {:.4} (PER/ORG/LOC {:.4})",
            run + 1,
            holdout.all.f1(),
            holdout.core.f1(),
        ));
    };
    let sum = train_runs(
        opt,
        &feats,
        &labels,
        &all,
        &mut |s| (log.borrow_mut())(s),
        &mut after_run,
    );
    let log = log.into_inner();
    if opt.stack {
        let docs: Vec<usize> = train.iter().map(|s| s.doc).collect();
        let scale = Model::scale_of(&sum.w);
        let stack = train_stack(opt, &train, &docs, &feats, &labels, scale, log);
        lm.stack = Some(stack);
        holdout = evaluate(&lm, &held).0;
        log(&format!(
            "with the second pass: held-out F1 {:.4} (PER/ORG/LOC {:.4}), {} rows",
            holdout.all.f1(),
            holdout.core.f1(),
            lm.stack.as_ref().map_or(0, |s| s.model.row_count()),
        ));
    }
    let report = TrainReport {
        train_sentences: train.len(),
        train_tokens: tokens,
        holdout,
        seconds: t0.elapsed().as_secs_f64(),
        nonzero_weights: lm.model.nonzero(),
    };
    Ok((lm, report))
}

/// Train `opt.runs` perceptrons on the sentences `subset` (shuffled with
/// the run's seed) and sum their averaged weights; `after_run` sees the sum
/// after each run.
fn train_runs(
    opt: &TrainOptions,
    feats: &[SentenceFeatures],
    labels: &[&[u8]],
    subset: &[usize],
    log: &mut dyn FnMut(&str),
    after_run: &mut dyn FnMut(usize, &Averaged),
) -> Averaged {
    let t0 = Instant::now();
    let mut sum: Option<Averaged> = None;
    // Several shuffles, weights summed: the F1 of one run varies by about two
    // points with the shuffling seed; the sum is steadier and usually better.
    for run in 0..opt.runs.max(1) {
        let mut p = Perceptron::new(opt.bits);
        let mut rng = Rng::new(opt.seed.wrapping_add(run as u64 * 1000));
        let mut order: Vec<usize> = subset.to_vec();
        let mut scratch = (Vec::new(), Vec::new());
        for epoch in 1..=opt.epochs {
            // Fisher–Yates with the seeded generator.
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut wrong = 0;
            for &i in &order {
                if p.learn(&feats[i], labels[i], &mut scratch) {
                    wrong += 1;
                }
            }
            log(&format!(
                "run {}, epoch {epoch}: {wrong} sentences wrong at {:.1}s",
                run + 1,
                t0.elapsed().as_secs_f64()
            ));
        }
        let avg = p.averaged();
        match &mut sum {
            None => sum = Some(avg),
            Some(s) => s.add(&avg),
        }
        if let Some(s) = &sum {
            after_run(run, s);
        }
    }
    sum.expect("at least one run")
}

/// Buckets of the second pass's weight table (its features are few).
const STACK_BITS: u32 = 16;

/// Train the document-level second pass ([`super::stack`]) by jackknifing:
/// the documents are split into `opt.folds` folds; for each fold a first pass
/// trained on the others (the same recipe) labels it, so the second pass
/// learns from first-pass labels as imperfect as those it sees at run time.
/// Then an averaged perceptron learns the second pass's weights only, the
/// first pass's emission scores (in weight units) and transitions fixed.
/// `scale` is the shipped first pass's quantisation factor.
fn train_stack(
    opt: &TrainOptions,
    train: &[Sentence],
    docs: &[usize],
    feats: &[SentenceFeatures],
    labels: &[&[u8]],
    scale: f32,
    log: &mut dyn FnMut(&str),
) -> Stack {
    let t0 = Instant::now();
    let k = opt.folds.max(2);
    // Document ordinals (documents are consecutive runs of one number).
    let mut ordinal = vec![0usize; train.len()];
    for i in 1..train.len() {
        ordinal[i] = ordinal[i - 1] + (docs[i] != docs[i - 1]) as usize;
    }
    // Per sentence: first-pass emissions in weight units, labels, and the
    // fold model's transitions (index into `trans`).
    let mut base: Vec<Vec<f32>> = vec![Vec::new(); train.len()];
    let mut first: Vec<Vec<u8>> = vec![Vec::new(); train.len()];
    let mut fold_of = vec![0usize; train.len()];
    let mut trans: Vec<([f32; NL], [[f32; NL]; NL])> = Vec::new();
    for fold in 0..k {
        let rest: Vec<usize> = (0..train.len())
            .filter(|&i| ordinal[i] % k != fold)
            .collect();
        let sum = train_runs(opt, feats, labels, &rest, &mut |_| {}, &mut |_, _| {});
        let mut m = sum.to_model(opt.prune * opt.runs.max(1) as f32);
        m.o_bias = opt.o_bias;
        let s = Model::scale_of(&sum.w);
        let (st, tr) = m.transitions();
        trans.push((st.map(|x| x / s), tr.map(|row| row.map(|x| x / s))));
        let mut emit = Vec::new();
        for i in (0..train.len()).filter(|&i| ordinal[i] % k == fold) {
            m.emissions(&feats[i], &mut emit);
            m.viterbi(&emit, &mut first[i]);
            base[i] = emit.iter().map(|e| e / s).collect();
            fold_of[i] = fold;
        }
        log(&format!(
            "second pass: fold {} of {k} labelled at {:.1}s",
            fold + 1,
            t0.elapsed().as_secs_f64()
        ));
    }
    // Document features over the jackknifed labels.
    let mut doc_feats: Vec<SentenceFeatures> = Vec::with_capacity(train.len());
    let mut start = 0;
    let mut buf = Vec::new();
    while start < train.len() {
        let end = start
            + docs[start..]
                .iter()
                .take_while(|&&d| d == docs[start])
                .count();
        let toks: Vec<Vec<&str>> = train[start..end]
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        stack::doc_features(&toks, &first[start..end], &mut buf);
        doc_feats.append(&mut buf);
        start = end;
    }
    // The perceptron over the second pass's weights.
    let len = (1usize << STACK_BITS) * NL;
    let (mut w, mut acc) = (vec![0f32; len], vec![0f32; len]);
    let mut c = 1f32;
    // The update step in first-pass weight units: the first pass's scores
    // are fixed, so the step sets how far the document may overrule the
    // sentence (0.1 … 10 measured; see MODELS.md).
    let step = opt.stack_step;
    let mut rng = Rng::new(opt.seed.wrapping_add(7777));
    let mut order: Vec<usize> = (0..train.len()).collect();
    let (mut emit, mut pred) = (Vec::new(), Vec::new());
    for epoch in 1..=opt.stack_epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut wrong = 0;
        for &i in &order {
            let f = &doc_feats[i];
            emit.clear();
            emit.extend_from_slice(&base[i]);
            for t in 0..f.len() {
                for &h in f.token(t) {
                    let b = bucket(h, STACK_BITS) * NL;
                    for l in 0..NL {
                        emit[t * NL + l] += w[b + l];
                    }
                }
            }
            let (st, tr) = &trans[fold_of[i]];
            viterbi(&emit, st, tr, &mut pred);
            let gold = labels[i];
            if pred.as_slice() != gold {
                wrong += 1;
                for t in 0..gold.len() {
                    let (g, p) = (gold[t] as usize, pred[t] as usize);
                    if g != p {
                        for &h in f.token(t) {
                            let b = bucket(h, STACK_BITS) * NL;
                            w[b + g] += step;
                            acc[b + g] += c * step;
                            w[b + p] -= step;
                            acc[b + p] -= c * step;
                        }
                    }
                }
            }
            c += 1.0;
        }
        log(&format!(
            "second pass, epoch {epoch}: {wrong} sentences wrong at {:.1}s",
            t0.elapsed().as_secs_f64()
        ));
    }
    let avg: Vec<f32> = w.iter().zip(&acc).map(|(w, a)| w - a / c).collect();
    Stack {
        model: Model::rows_on_scale(STACK_BITS, &avg, scale, 0.01),
    }
}
