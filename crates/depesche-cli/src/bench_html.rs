//! The HTML line of `depesche bench`: decoding plus main-text extraction of
//! each page of the extraction benchmark, exactly as `depesche eval extract`
//! runs it, on one core.

use std::path::Path;
use std::time::Instant;

use crate::eval_extract::{extract_body, median, read_page, read_truth, thread_cpu_seconds};

/// Where the pages are looked for (relative to the working directory, like
/// the other default inputs of `depesche bench`).
const PAGES: &str = "../shared/data/extraction-benchmark/html";

/// Rounds per page; the fastest counts (the first pays for page faults and
/// lazily built tables, later ones may be preempted).
const ROUNDS: usize = 3;

/// Print the line when the benchmark pages and their truth file (which gives
/// the page ids and the URLs that `eval extract` passes) are there; say
/// nothing otherwise.
pub fn run() -> anyhow::Result<()> {
    let dir = Path::new(PAGES);
    let Ok(truth) = read_truth(&dir.with_file_name("ground-truth.json")) else {
        return Ok(());
    };
    let mut ms = Vec::with_capacity(truth.len());
    let mut clock = "CPU";
    for (id, entry) in &truth {
        let Ok(bytes) = read_page(dir, id) else {
            continue;
        };
        let url = entry["url"].as_str();
        let mut best = f64::INFINITY;
        for _ in 0..ROUNDS {
            let (t, cpu) = (Instant::now(), thread_cpu_seconds());
            std::hint::black_box(extract_body(&bytes, url));
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
    let n = ms.len();
    let median = median(&mut ms);
    let p90 = ms[((n - 1) as f64 * 0.9).round() as usize];
    println!(
        "HTML extraction, 1 core: median {median:.2} ms/page, p90 {p90:.2} ms/page ({n} pages of {PAGES}; {clock} time, best of {ROUNDS})"
    );
    Ok(())
}
