//! `depesche eval extract`: main-text extraction from HTML pages against
//! reference article bodies (Scrapinghub article-extraction-benchmark format).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use depesche::eval::extract::{page_scores, Summary};
use depesche::input::html;

#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
depesche eval extract --html ../shared/data/extraction-benchmark/html \\\n    \
--truth ../shared/data/extraction-benchmark/ground-truth.json\n\n\
The body is the teaser, subheading and paragraph blocks joined with newlines. Metric: 4-gram \
shingles over \\w+ tokens; per page tp/fp/fn normalised to sum 1; mean precision and mean recall \
over pages; F1 of the two means. Time is decode + extraction per page on one core.")]
pub struct ExtractArgs {
    /// Directory of pages named `<id>.html.gz` or `<id>.html`.
    #[arg(long)]
    pub html: PathBuf,
    /// JSON object: `{ "<id>": { "articleBody": "…", "url": "…" }, … }`.
    #[arg(long)]
    pub truth: PathBuf,
    /// Print precision and recall of every page (worst F1 first).
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the extracted body of this page id and its scores.
    #[arg(long)]
    pub show: Option<String>,
}

/// The bytes of page `id` in `dir` (`<id>.html.gz` decompressed, else `<id>.html`).
pub fn read_page(dir: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let gz = dir.join(format!("{id}.html.gz"));
    if gz.exists() {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz)?)
            .read_to_end(&mut out)
            .with_context(|| format!("reading {}", gz.display()))?;
        return Ok(out);
    }
    let plain = dir.join(format!("{id}.html"));
    std::fs::read(&plain).with_context(|| format!("reading {}", plain.display()))
}

/// CPU time of this thread in seconds: unlike wall time it does not grow when
/// other processes share the cores, so ms/page stays comparable.
#[cfg(unix)]
pub fn thread_cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; no other effects.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then_some(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
}

#[cfg(not(unix))]
pub fn thread_cpu_seconds() -> Option<f64> {
    None
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The benchmark's truth file: page id → `{url, articleBody, …}`.
pub fn read_truth(path: &Path) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    serde_json::from_str(
        &std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
    )
    .context("the truth file must be a JSON object keyed by page id")
}

/// What is scored and timed for one page: decoding plus extraction, the body
/// as the benchmark defines it (empty when the bytes cannot be decoded).
pub fn extract_body(bytes: &[u8], url: Option<&str>) -> String {
    match html::decode_html(bytes, usize::MAX) {
        Ok(d) => html::extract(&d.text, url).body(),
        Err(_) => String::new(),
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; timings need --release");
    }
    let truth = read_truth(&args.truth)?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut scores = Vec::new();
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut rows = Vec::new();
    for id in ids {
        let entry = &truth[id];
        let body = entry["articleBody"].as_str().unwrap_or("");
        let url = entry["url"].as_str();
        let bytes = read_page(&args.html, id)?;
        let t = Instant::now();
        let cpu = thread_cpu_seconds();
        let predicted = extract_body(&bytes, url);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
            cpu_times.push((b - a) * 1e3);
        }
        let (p, r) = page_scores(body, &predicted);
        if args.show.as_deref() == Some(id.as_str()) {
            println!("{predicted}\n--- P {p:.3} R {r:.3}");
        }
        scores.push((p, r));
        rows.push((id.clone(), p, r, url.unwrap_or("").to_string()));
    }
    anyhow::ensure!(!scores.is_empty(), "no pages in {}", args.truth.display());
    if args.verbose {
        rows.sort_by(|a, b| {
            let f = |p: f64, r: f64| {
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                }
            };
            f(a.1, a.2).total_cmp(&f(b.1, b.2))
        });
        for (id, p, r, url) in &rows {
            println!("{:.16} P {p:.3} R {r:.3} {url}", id);
        }
    }
    let s = Summary::from_pages(&scores);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let med = median(&mut times);
    println!("extract: {} pages from {}", s.pages, args.html.display());
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        s.precision,
        s.recall,
        s.f1()
    );
    println!("ms/page (decode + extract, 1 core, wall): median {med:.2}  mean {mean:.2}");
    if cpu_times.len() == times.len() {
        let mean = cpu_times.iter().sum::<f64>() / cpu_times.len() as f64;
        println!(
            "ms/page (decode + extract, 1 core, CPU):  median {:.2}  mean {mean:.2}",
            median(&mut cpu_times)
        );
    }
    Ok(ExitCode::SUCCESS)
}
