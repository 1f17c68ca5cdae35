//! `depesche train …`: build the shipped models from `../shared/data`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use depesche::eval::ner::report;
use depesche::ner::corpus::{self, Format};
use depesche::ner::train::{evaluate, train, ClassSource, TrainOptions};
use depesche::Lang;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger (reproduces models/ner/<lang>.bin with a fixed seed).
    Ner(TrainNerArgs),
}

#[derive(clap::Args)]
pub struct TrainNerArgs {
    /// Language: de or en.
    #[arg(long)]
    pub lang: String,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the model (default: models/ner/<lang>.bin).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Passes over the training data (default: the committed model's setting).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// log2 of the number of hashed feature buckets.
    #[arg(long)]
    pub bits: Option<u32>,
    /// Averaged weights below this are dropped from the shipped model.
    #[arg(long)]
    pub prune: Option<f32>,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Training runs (different shuffles) whose weights are summed.
    #[arg(long)]
    pub runs: Option<usize>,
    /// Ablation: no distributional word classes.
    #[arg(long)]
    pub no_clusters: bool,
    /// Ablation: no gazetteers.
    #[arg(long)]
    pub no_gazetteers: bool,
    /// Ablation: no common-noun lexicon.
    #[arg(long)]
    pub no_lexicon: bool,
    /// Penalty on `O` at decoding, as a fraction of the largest weight (tuned on deu.testa / eng.testa).
    #[arg(long)]
    pub o_bias: Option<f32>,
    /// Also train on ZEFYS historical newspapers (no MISC annotation).
    #[arg(long)]
    pub zefys: bool,
    /// Also train German on DFKI SmartData v1 (news, RSS, tweets).
    #[arg(long)]
    pub smartdata: bool,
    /// Also train German on MobIE (mobility news and tweets).
    #[arg(long)]
    pub mobie: bool,
    /// German: news frequency bands (Leipzig news 2023) as a feature.
    #[arg(long)]
    pub freq_bands: bool,
    /// Also train German on LER court decisions (legal register).
    #[arg(long)]
    pub legal: bool,
    /// More unlabeled text for the word classes, comma-separated: gesetze (federal laws),
    /// smartdata, mobie, ler; `NAME:N` takes at most N tokens of a source.
    #[arg(long, value_name = "LIST")]
    pub class_text: Option<String>,
    /// Word classes: the most words that get a class (the most frequent).
    #[arg(long)]
    pub class_words: Option<usize>,
    /// Word classes: dimensions of the projected context vectors.
    #[arg(long)]
    pub class_dims: Option<usize>,
    /// Word classes: number of coarse classes.
    #[arg(long)]
    pub class_coarse: Option<usize>,
    /// Word classes: number of fine classes.
    #[arg(long)]
    pub class_fine: Option<usize>,
    /// Word classes: context words (the most frequent forms).
    #[arg(long)]
    pub class_contexts: Option<usize>,
    /// Word classes: least count of a word that gets a class.
    #[arg(long)]
    pub class_min_count: Option<usize>,
    /// Word classes: the base text (news, NER corpora, UD) chooses the context words and the
    /// words classed first; `--class-text` adds counts only.
    #[arg(long)]
    pub class_base_vocab: bool,
    /// Train the learned document-level second pass (jackknifed; see
    /// MODELS.md). The committed English model has it, the German one not.
    #[arg(long, conflicts_with = "no_stack")]
    pub stack: bool,
    /// Without the document-level second pass.
    #[arg(long)]
    pub no_stack: bool,
    /// The second pass's perceptron step, in first-pass weight units.
    #[arg(long)]
    pub stack_step: Option<f32>,
    /// Folds of the second pass's jackknife.
    #[arg(long)]
    pub folds: Option<usize>,
    /// Epochs of the second pass.
    #[arg(long)]
    pub stack_epochs: Option<usize>,
    /// After training, score this CoNLL file (a tuning set; never trained on).
    #[arg(long)]
    pub tune: Option<PathBuf>,
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Ner(args) => run_ner(args),
    }
}

fn run_ner(args: TrainNerArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_code(&args.lang);
    if lang == Lang::Other {
        anyhow::bail!("--lang must be de or en");
    }
    let mut opt = TrainOptions::new(lang, args.data.clone());
    opt.epochs = args.epochs.unwrap_or(opt.epochs);
    opt.bits = args.bits.unwrap_or(opt.bits).clamp(12, 24);
    opt.prune = args.prune.unwrap_or(opt.prune);
    opt.seed = args.seed.unwrap_or(opt.seed);
    opt.runs = args.runs.unwrap_or(opt.runs).clamp(1, 20);
    opt.o_bias = args.o_bias.unwrap_or(opt.o_bias);
    opt.clusters = !args.no_clusters;
    opt.gazetteers = !args.no_gazetteers;
    opt.lexicon = !args.no_lexicon;
    opt.zefys = args.zefys;
    opt.smartdata = args.smartdata;
    opt.mobie = args.mobie;
    opt.legal = args.legal;
    opt.freq_bands = args.freq_bands;
    if let Some(list) = &args.class_text {
        opt.class_text.clear();
        for item in list.split(',').map(str::trim).filter(|x| !x.is_empty()) {
            let (name, max) = match item.split_once(':') {
                Some((n, m)) => (
                    n,
                    m.parse::<usize>()
                        .map_err(|_| anyhow::anyhow!("--class-text {item}: N must be a number"))?,
                ),
                None => (item, 0),
            };
            let source = ClassSource::parse(name).ok_or_else(|| {
                anyhow::anyhow!(
                    "--class-text: unknown source '{name}' (gesetze, smartdata, mobie, ler)"
                )
            })?;
            opt.class_text.push((source, max));
        }
    }
    opt.class_words = args.class_words.unwrap_or(opt.class_words).max(1);
    opt.class_dims = args.class_dims.unwrap_or(opt.class_dims).clamp(2, 1024);
    opt.class_coarse = args
        .class_coarse
        .unwrap_or(opt.class_coarse)
        .clamp(1, 65_535);
    opt.class_fine = args.class_fine.unwrap_or(opt.class_fine).clamp(1, 65_535);
    opt.class_contexts = args.class_contexts.unwrap_or(opt.class_contexts).max(1);
    opt.class_base_vocab = args.class_base_vocab;
    opt.class_min_count = args.class_min_count.unwrap_or(opt.class_min_count).max(1);
    opt.stack = (opt.stack || args.stack) && !args.no_stack;
    opt.stack_step = args.stack_step.unwrap_or(opt.stack_step).clamp(0.01, 100.0);
    opt.folds = args.folds.unwrap_or(opt.folds).clamp(2, 20);
    opt.stack_epochs = args.stack_epochs.unwrap_or(opt.stack_epochs).clamp(1, 50);
    let mut log = |s: &str| {
        eprintln!("{s}");
        let _ = std::io::stderr().flush();
    };
    let (model, rep) = train(&opt, &mut log)?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from(format!("models/ner/{}.bin", lang.code())));
    let bytes = model.to_bytes();
    if let Some(dir) = out.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    std::fs::write(&out, &bytes)?;
    println!(
        "trained on {} sentences ({} tokens) in {:.1}s; {} weights kept; wrote {} ({} bytes)",
        rep.train_sentences,
        rep.train_tokens,
        rep.seconds,
        rep.nonzero_weights,
        out.display(),
        bytes.len()
    );
    println!("held-out slice:\n{}", report(&rep.holdout));
    if let Some(tune) = args.tune {
        let sents = corpus::read(&tune, Format::Conll)?;
        let (sc, _) = evaluate(&model, &sents);
        println!("{}:\n{}", tune.display(), report(&sc));
    }
    Ok(ExitCode::SUCCESS)
}
