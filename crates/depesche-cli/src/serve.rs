//! `depesche serve`: the corpus as a local web dashboard and a read-only REST API.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
depesche ingest examples --db examples.db && depesche serve --db examples.db --open\n  \
depesche serve --db corpus.db --addr 127.0.0.1:9000\n\n\
The dashboard is at /, the API under /api (OpenAPI document: /api/openapi.json).")]
pub struct ServeArgs {
    /// The corpus (a store built by `depesche ingest`); opened read-only.
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on. The default serves this machine only; an
    /// address such as 0.0.0.0:8484 shows the corpus to the network.
    #[arg(long, default_value = "127.0.0.1:8484")]
    pub addr: SocketAddr,
    /// Open the dashboard in the default browser once the server listens.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let config = depesche_serve::Config::default();
    let open = args.open;
    depesche_serve::serve_until_ctrl_c(&args.db, args.addr, &config, |addr| {
        let url = format!("http://{addr}/");
        eprintln!(
            "serving {} at {url} (API: {url}api/openapi.json); Ctrl-C stops",
            args.db.display()
        );
        if open {
            open_browser(&url);
        }
    })
    // The errors name the corpus or the address themselves.
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Ask the desktop to open `url`; a machine without one just prints it.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not start a browser ({opener}); open {url} yourself");
    }
}
