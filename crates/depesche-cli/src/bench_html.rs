//! The HTML line of `depesche bench`: decoding plus main-text extraction of
//! each page of the extraction benchmark, exactly as `depesche eval extract`
//! runs it, on one core.

use std::path::Path;
use std::time::Instant;

use depesche::input::html;

use crate::eval_extract::{read_page, thread_cpu_seconds};

/// Where the pages are looked for (relative to the working directory, like
/// the other default inputs of `depesche bench`).
const PAGES: &str = "../shared/data/extraction-benchmark/html";

/// Rounds per page; the fastest counts (the first pays for page faults and
/// lazily built tables, later ones may be preempted).
const ROUNDS: usize = 3;

/// Print the line when the benchmark pages are there; say nothing otherwise.
pub fn run() -> anyhow::Result<()> {
    let dir = Path::new(PAGES);
    if !dir.is_dir() {
        return Ok(());
    }
    // The page ids and URLs of the truth file next to the pages, as `eval
    // extract` reads them (the URL feeds dates and the core); without it, the
    // files in the folder with no URL.
    let truth: Option<serde_json::Map<String, serde_json::Value>> =
        std::fs::read_to_string(dir.with_file_name("ground-truth.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok());
    let mut pages: Vec<(String, Option<String>)> = match &truth {
        Some(t) => t
            .iter()
            .map(|(id, e)| (id.clone(), e["url"].as_str().map(str::to_string)))
            .collect(),
        None => std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".html.gz")
                    .or_else(|| name.strip_suffix(".html"))
                    .map(|id| (id.to_string(), None))
            })
            .collect(),
    };
    pages.sort();
    pages.dedup();
    let mut ms = Vec::with_capacity(pages.len());
    let mut clock = "CPU";
    for (id, url) in &pages {
        let Ok(bytes) = read_page(dir, id) else {
            continue;
        };
        let mut best = f64::INFINITY;
        for _ in 0..ROUNDS {
            let (t, cpu) = (Instant::now(), thread_cpu_seconds());
            let body = match html::decode_html(&bytes, usize::MAX) {
                Ok(d) => html::extract(&d.text, url.as_deref()).body(),
                Err(_) => String::new(),
            };
            std::hint::black_box(body);
            let took = match (cpu, thread_cpu_seconds()) {
                (Some(a), Some(b)) => (b - a) * 1e3,
                _ => {
                    clock = "wall";
                    t.elapsed().as_secs_f64() * 1e3
                }
            };
            best = best.min(took);
        }
        ms.push(best);
    }
    if ms.is_empty() {
        return Ok(());
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    let n = ms.len();
    let median = if n % 2 == 1 {
        ms[n / 2]
    } else {
        (ms[n / 2 - 1] + ms[n / 2]) / 2.0
    };
    println!(
        "HTML extraction, 1 core: median {median:.2} ms/page, p90 {:.2} ms/page ({n} pages of {PAGES}; {clock} time, best of {ROUNDS})",
        at(0.9)
    );
    Ok(())
}
