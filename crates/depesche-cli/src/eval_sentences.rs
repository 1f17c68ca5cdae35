//! `depesche eval sentences --conllu FILE`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use depesche::eval::sentences::{evaluate, read_conllu};
use depesche::lang::{self, Lang};

#[derive(Args)]
#[command(after_help = "Example:\n  \
depesche eval sentences --conllu ../shared/data/ud/UD_German-GSD/de_gsd-ud-test.conllu")]
pub struct SentencesArgs {
    /// A Universal Dependencies CoNLL-U file (`# text =` lines and token lines).
    #[arg(long)]
    pub conllu: PathBuf,
    /// Language of the file: auto (detect), de, en.
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Join all sentences with spaces, ignoring `# newpar`/`# newdoc` (one block).
    #[arg(long)]
    pub flat: bool,
    /// Print this many boundary errors with their context.
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
}

pub fn run(args: SentencesArgs) -> anyhow::Result<ExitCode> {
    let raw = std::fs::read(&args.conllu)
        .with_context(|| format!("cannot read {}", args.conllu.display()))?;
    let input = String::from_utf8_lossy(&raw);
    let doc = read_conllu(&input, args.flat);
    if doc.sentences.is_empty() {
        anyhow::bail!("{}: no `# text =` lines found", args.conllu.display());
    }
    let lang = match args.lang.as_str() {
        "auto" => lang::detect(&doc.text),
        code => Lang::from_code(code),
    };
    let r = evaluate(&doc, lang);
    println!("file:      {}", args.conllu.display());
    println!(
        "document:  {} ({} sentences, {} gold tokens{}; lang {})",
        if args.flat {
            "flat: sentences joined by spaces"
        } else {
            "sentences joined by spaces, a newline at each # newpar/# newdoc"
        },
        r.gold_sentences,
        doc.tokens.len(),
        if r.unaligned_tokens > 0 {
            format!(", {} unaligned", r.unaligned_tokens)
        } else {
            String::new()
        },
        r.lang.code()
    );
    println!("predicted: {} sentences", r.predicted_sentences);
    println!("sentence boundaries: {}", r.boundaries);
    println!("tokens:              {}", r.tokens);
    println!(
        "speed:     {:.1} MB/s per core, tokenize + sentence split ({} bytes in {:.2} ms, thread CPU time, best run{})",
        r.mb_per_s(),
        r.bytes,
        r.time.as_secs_f64() * 1e3,
        if cfg!(debug_assertions) {
            "; debug build — use --release for figures"
        } else {
            ""
        }
    );
    if args.show_errors > 0 {
        let chars: Vec<char> = doc.text.chars().collect();
        for &(at, missed) in r.errors.iter().take(args.show_errors) {
            let a = at.saturating_sub(50);
            let b = (at + 40).min(chars.len());
            let before: String = chars[a..at.min(chars.len())].iter().collect();
            let after: String = chars[at.min(chars.len())..b].iter().collect();
            println!(
                "{} {}⟦|⟧{}",
                if missed { "MISSED  " } else { "SPURIOUS" },
                before.replace('\n', "¶"),
                after.replace('\n', "¶")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
