//! `depesche eval ner`: tag a CoNLL or GermEval file's own tokens and score.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use depesche::eval::ner::{predictions, report};
use depesche::ner::corpus::{self, Format};
use depesche::ner::train::evaluate_with;
use depesche::ner::{LangModel, NerTagger};
use depesche::Lang;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum NerFormat {
    /// CoNLL-2003 style: label in the last column, IOB1 or IOB2.
    Conll,
    /// GermEval 2014 TSV (outer spans; OTH, deriv and part count as MISC).
    Germeval,
}

#[derive(clap::Args)]
pub struct NerEvalArgs {
    /// The annotated file.
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, value_enum, default_value = "conll")]
    pub format: NerFormat,
    /// Language of the file (de or en).
    #[arg(long, default_value = "de")]
    pub lang: String,
    /// Write `token gold predicted` lines here.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Override the model's `O` penalty (tuning).
    #[arg(long)]
    pub o_bias: Option<f32>,
    /// Tag sentence by sentence only (no document-level consistency).
    #[arg(long)]
    pub no_doc: bool,
    /// Without the news-page patterns applied after tagging (sports tables,
    /// credits, datelines, named facilities; see MODELS.md)
    #[arg(long)]
    pub no_patterns: bool,
    /// Without the model's learned document-level second pass (if it has one).
    #[arg(long)]
    pub no_stack: bool,
    /// Use this model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn run(args: NerEvalArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_code(&args.lang);
    let format = match args.format {
        NerFormat::Conll => Format::Conll,
        NerFormat::Germeval => Format::GermEval,
    };
    let sents = corpus::read(&args.data, format)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.data.display()))?;
    let t = Instant::now();
    let mut model: LangModel = match &args.model {
        Some(p) => LangModel::from_bytes(&std::fs::read(p)?)?,
        None => {
            let shared = NerTagger::embedded();
            match shared.model(lang) {
                Some(m) => m.clone(),
                None => anyhow::bail!("no NER model for {}: {:?}", args.lang, shared.problems),
            }
        }
    };
    if let Some(b) = args.o_bias {
        model.model.o_bias = b;
    }
    if args.no_stack {
        model.stack = None;
    }
    let model = &model;
    let load = t.elapsed();
    // The fastest of three runs: the machine is shared, the minimum is the
    // least disturbed measurement of the tagger itself.
    let mut tag = std::time::Duration::MAX;
    let mut result = None;
    for _ in 0..3 {
        let t = Instant::now();
        let r = evaluate_with(model, &sents, !args.no_doc, !args.no_patterns);
        tag = tag.min(t.elapsed());
        result = Some(r);
    }
    let (sc, preds) = result.expect("three runs");
    print!("{}", report(&sc));
    println!(
        "model load {:.0} ms; tagging {:.0} tokens/s on one core ({} tokens in {:.3}s, best of 3)",
        load.as_secs_f64() * 1000.0,
        sc.tokens as f64 / tag.as_secs_f64().max(1e-9),
        sc.tokens,
        tag.as_secs_f64()
    );
    if let Some(out) = args.predictions {
        let gold: Vec<&[u8]> = sents.iter().map(|s| s.labels.as_slice()).collect();
        let pred: Vec<&[u8]> = preds.iter().map(Vec::as_slice).collect();
        let tokens: Vec<Vec<String>> = sents.iter().map(|s| s.tokens.clone()).collect();
        std::fs::write(&out, predictions(&tokens, &gold, &pred))?;
    }
    Ok(ExitCode::SUCCESS)
}
