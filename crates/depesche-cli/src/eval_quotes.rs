//! `depesche eval quotes`: the quote layer against the project's own cases
//! (whole pipeline) and, when given, the Redewiedergabe corpus.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use depesche::eval::quotes::{self as q, GoldCase, RwDoc};
use depesche::input::{self, ReadOptions};
use depesche::quotes::QuoteFinder;
use depesche::text::TextIndex;
use depesche::{Document, Options, Pipeline};

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// Annotated cases (JSONL: text, quotes with text/kind/speaker).
    #[arg(long, default_value = "testdata/quotes/cases.jsonl")]
    pub gold: PathBuf,
    /// Redewiedergabe main corpus: `rw_main_tsv.tar.gz` or a folder of its `.tsv` files
    /// (research-only licence: read in place, never copied into the repository).
    #[arg(long)]
    pub redewiedergabe: Option<PathBuf>,
    /// Articles (any input format) to time the quote layer on, e.g. a CSV of news.
    #[arg(long)]
    pub bench: Option<PathBuf>,
    /// Print the N Redewiedergabe samples with the most direct-speech token errors.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Print every mismatch.
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Options::default());
    let src = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let cases = q::load_cases(&src).map_err(anyhow::Error::msg)?;
    let analyses: Vec<_> = cases.iter().map(|c| pipeline.analyze(doc_of(c))).collect();
    println!("own cases: {} ({})", cases.len(), args.gold.display());
    for (lang, r) in q::score_all(&cases, &analyses) {
        println!("  [{lang}] {} cases", r.cases);
        println!("    direct    {}", r.direct.line());
        println!("    indirect  {}", r.indirect.line());
        println!(
            "    speaker accuracy {:.3} ({}/{})",
            r.speaker_accuracy(),
            r.speaker_correct,
            r.speaker_total
        );
        if args.verbose && lang == "all" {
            for e in &r.errors {
                println!("    - {e}");
            }
        }
    }
    let docs: Vec<Document> = cases.iter().map(doc_of).collect();
    timing("own cases", &pipeline, &docs, 20);

    if let Some(path) = &args.redewiedergabe {
        let docs = read_redewiedergabe(path)?;
        let t = Instant::now();
        let r = q::eval_rw(&QuoteFinder::new(), &docs);
        println!(
            "Redewiedergabe: {} samples ({:.1} s)",
            r.docs,
            t.elapsed().as_secs_f64()
        );
        println!("    direct tokens    {}", r.direct_tokens.line());
        println!("    indirect tokens  {}", r.indirect_tokens.line());
        println!("    direct instances {}", r.direct_instances.line());
        println!(
            "    speaker accuracy {:.3} ({}/{} found direct quotes with a gold speaker; {} without predicted speaker)",
            r.speaker_accuracy(),
            r.speaker_correct,
            r.speaker_total,
            r.speaker_none
        );
        let mut per = r.per_doc.clone();
        per.sort_by_key(|(_, c, _)| std::cmp::Reverse(c.fp + c.fn_));
        for (name, c, marked) in per.iter().take(args.worst) {
            println!("--- {name}: {}\n{marked}", c.line());
        }
    }
    if let Some(path) = &args.bench {
        let docs: Vec<Document> = input::read_path(path, &ReadOptions::default())
            .filter_map(Result::ok)
            .collect();
        if docs.is_empty() {
            bail!("no articles read from {}", path.display());
        }
        timing(&path.display().to_string(), &pipeline, &docs, 3);
    }
    Ok(ExitCode::SUCCESS)
}

fn doc_of(c: &GoldCase) -> Document {
    let mut d = Document::from_text(c.id.clone(), &c.text);
    d.lang = Some(c.lang.clone());
    d
}

/// Release-mode cost of the quote layer against the whole pipeline.
fn timing(what: &str, pipeline: &Pipeline, docs: &[Document], rounds: usize) {
    let finder = QuoteFinder::new();
    let t = Instant::now();
    let mut analyses = Vec::with_capacity(docs.len());
    for _ in 0..rounds {
        analyses.clear();
        analyses.extend(docs.iter().cloned().map(|d| pipeline.analyze(d)));
    }
    let whole = t.elapsed().as_secs_f64();
    let ixs: Vec<TextIndex> = analyses.iter().map(|a| TextIndex::new(&a.text)).collect();
    let t = Instant::now();
    for _ in 0..rounds {
        for (a, ix) in analyses.iter_mut().zip(&ixs) {
            finder.annotate(a, ix);
        }
    }
    let quotes = t.elapsed().as_secs_f64();
    let n = (docs.len() * rounds) as f64;
    let rest = (whole - quotes).max(f64::EPSILON);
    println!(
        "timing on {what} ({} articles × {rounds}): pipeline {:.1} µs/article, quote layer {:.1} µs/article = {:.1} % on top of the other stages{}",
        docs.len(),
        whole / n * 1e6,
        quotes / n * 1e6,
        quotes / rest * 100.0,
        if cfg!(debug_assertions) { " (debug build: use --release for figures)" } else { "" }
    );
}

/// Samples from the tar.gz (read as a stream) or a folder of `.tsv` files.
fn read_redewiedergabe(path: &Path) -> anyhow::Result<Vec<RwDoc>> {
    let mut docs = Vec::new();
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect();
        files.sort();
        for f in files {
            let src = std::fs::read_to_string(&f)?;
            docs.push(q::parse_rw_tsv(&f.display().to_string(), &src));
        }
    } else {
        depesche::archive::read_tar_gz(path, &mut |name, data| {
            if name.contains("/main/tsv/") && name.ends_with(".tsv") {
                docs.push(q::parse_rw_tsv(name, &String::from_utf8_lossy(data)));
            }
        })
        .with_context(|| format!("reading {}", path.display()))?;
    }
    if docs.is_empty() {
        bail!("no Redewiedergabe .tsv samples in {}", path.display());
    }
    Ok(docs)
}
