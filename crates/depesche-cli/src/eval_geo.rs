//! `depesche eval geo --gold FILE`: geocoding accuracy on a gold file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depesche::eval::geo;
use depesche::geo::Geocoder;

#[derive(clap::Args)]
pub struct GeoArgs {
    /// Gold JSONL (see testdata/geo/geo-gold.jsonl).
    #[arg(long, default_value = "testdata/geo/geo-gold.jsonl")]
    pub gold: PathBuf,
    /// Print every wrong answer.
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: GeoArgs) -> anyhow::Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let geocoder = Geocoder::new();
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    if geocoder.gazetteer().is_empty() {
        anyhow::bail!(
            "the embedded gazetteer is empty: run `depesche build gazetteer` and rebuild"
        );
    }
    let gold = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let r = geo::evaluate(&geocoder, &gold).map_err(anyhow::Error::msg)?;
    if args.verbose {
        for o in r
            .outcomes
            .iter()
            .filter(|o| !o.country_ok || (o.city && !o.km.is_some_and(|d| d <= 50.0)))
        {
            println!(
                "MISS line {:>3} [{}] {:<22} gold {:<4} got {:<4} {} ({}){}",
                o.line,
                o.lang,
                o.mention,
                o.gold_country.as_deref().unwrap_or("-"),
                o.pred_country.as_deref().unwrap_or("-"),
                o.pred_name.as_deref().unwrap_or("unresolved"),
                o.pred_kind.as_deref().unwrap_or("-"),
                o.km.map(|d| format!(" {d:.0} km")).unwrap_or_default()
            );
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!("gold: {}", args.gold.display());
    for lang in ["de", "en"] {
        let sub: Vec<_> = r.outcomes.iter().filter(|o| o.lang == lang).collect();
        let cities: Vec<_> = sub.iter().filter(|o| o.city).collect();
        let near = cities
            .iter()
            .filter(|o| o.km.is_some_and(|d| d <= 50.0))
            .count();
        let ok = sub.iter().filter(|o| o.country_ok).count();
        println!(
            "  {lang}: mentions {:>4}  country acc {:.3} ({}/{})  cities ≤50 km {:.3} ({}/{})",
            sub.len(),
            ratio(ok, sub.len()),
            ok,
            sub.len(),
            ratio(near, cities.len()),
            near,
            cities.len()
        );
    }
    println!(
        "all: mentions {}  country accuracy {:.3} ({}/{})  cities within 50 km {:.3} ({}/{})  geonameid exact {:.3} ({}/{})",
        r.mentions(),
        ratio(r.country_correct(), r.mentions()),
        r.country_correct(),
        r.mentions(),
        ratio(r.cities_within(50.0), r.cities()),
        r.cities_within(50.0),
        r.cities(),
        ratio(r.geonameid_correct(), r.geonameid_scored()),
        r.geonameid_correct(),
        r.geonameid_scored()
    );
    println!(
        "gazetteer: {} places, {} keys, {:.2} MB, load {:.2} ms; eval {:.1} ms",
        geocoder.gazetteer().n_places(),
        geocoder.gazetteer().n_keys(),
        geocoder.gazetteer().size_bytes() as f64 / 1e6,
        load_ms,
        r.seconds * 1e3
    );
    Ok(ExitCode::SUCCESS)
}
