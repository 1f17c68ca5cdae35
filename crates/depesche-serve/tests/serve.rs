//! The server from outside: a store ingested from `examples/` plus a hostile
//! article, served on a free port and asked over HTTP; then the dashboard in
//! headless Chromium when it is installed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use depesche::{Options, Pipeline};
use depesche_serve::client::{self, Answer};
use depesche_serve::html::path_enc;
use depesche_serve::{Config, Running};
use depesche_store::ingest::{self, IngestOptions, Quiet};

struct Fixture {
    _dir: tempfile::TempDir,
    server: Running,
    /// The reference dpa article when ../shared is present (see
    /// `depesche_testdata::shared`: under `DEPESCHE_REQUIRE_SHARED=1` its
    /// absence fails the fixture).
    has_seed: bool,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const HOSTILE_ID: &str = "hostile<script>";

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let hostile = dir.path().join("hostile.jsonl");
        let doc = serde_json::json!({
            "id": HOSTILE_ID,
            "title": "<script>alert('title')</script> Angriff auf die Seite",
            "source": "<b>Evil</b> Zeitung",
            "published": "2025-07-01",
            "lang": "de",
            "text": "Berlin (dpa) - Die Polizei in Berlin prüft einen Bericht. <img src=x onerror=alert(1)> \
                     „Wir sehen <script>alert('quote')</script> keine Gefahr“, sagte Innenministerin Anna Beispiel am Montag. \
                     Die Ermittlungen dauern an.\n\nMehr zum Thema: <a href=\"javascript:alert(2)\">hier</a>"
        });
        std::fs::write(&hostile, format!("{doc}\n")).unwrap();
        let mut inputs = vec![repo().join("examples"), hostile];
        let seed = depesche_testdata::shared("samples/seed-dpa-2025-07-10.txt");
        let has_seed = seed.is_some();
        inputs.extend(seed);
        let db = dir.path().join("corpus.db");
        let pipeline = Pipeline::new(Options::default());
        let report = ingest::ingest_paths(
            &db,
            &inputs,
            &pipeline,
            &IngestOptions::default(),
            &Quiet,
        )
        .unwrap();
        assert!(report.added >= 10, "{report:?}");
        let server =
            depesche_serve::start(&db, "127.0.0.1:0".parse().unwrap(), &Config::default())
                .unwrap();
        Fixture {
            _dir: dir,
            server,
            has_seed,
        }
    })
}

fn addr() -> SocketAddr {
    fixture().server.addr
}

fn get(path: &str) -> Answer {
    client::get(addr(), path).unwrap()
}

fn get_json(path: &str) -> serde_json::Value {
    let a = get(path);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    assert!(
        a.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{path}: {:?}",
        a.headers
    );
    a.json()
}

#[test]
fn openapi_lists_every_endpoint() {
    let doc = get_json("/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/search",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{key}",
        "/api/quotes",
        "/api/stories",
        "/api/stories/{id}",
        "/api/timeline",
        "/api/places",
        "/api/events",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(doc["components"]["schemas"]["SearchPage"].is_object());
    assert_eq!(get("/api/docs").status, 200);
}

#[test]
fn search_articles_entities_quotes_answer_json() {
    let r = get_json("/api/search?q=Hochwasser");
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    let id = hits[0]["id"].as_str().unwrap();
    assert!(hits[0]["snippet"].as_str().unwrap().contains('['));
    let a = get_json(&format!("/api/articles/{}", path_enc(id)));
    assert_eq!(a["schema"], "depesche/1");
    assert!(!a["entities"].as_array().unwrap().is_empty());

    let es = get_json("/api/entities?type=PER&limit=5");
    let list = es["entities"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 5);
    let key = list[0]["key"].as_str().unwrap();
    let d = get_json(&format!("/api/entities/{}", path_enc(key)));
    assert_eq!(d["key"], key);
    assert!(d["mentions"].as_i64().unwrap() >= 1);
    assert!(!d["articles"].as_array().unwrap().is_empty());
    assert!(!d["timeline"].as_array().unwrap().is_empty());
    let name = list[0]["name"].as_str().unwrap();
    let t = get_json(&format!("/api/timeline?entity={}", path_enc(name)));
    assert!(!t["days"].as_array().unwrap().is_empty());

    let qs = get_json("/api/quotes?limit=3");
    assert!(!qs["quotes"].as_array().unwrap().is_empty());
    let page2 = get_json("/api/quotes?limit=1&offset=1");
    assert_eq!(page2["quotes"][0]["text"], qs["quotes"][1]["text"]);

    let places = get_json("/api/places");
    let p = &places["places"][0];
    assert!(p["lat"].as_f64().unwrap().abs() <= 90.0);
    assert!(get_json("/api/stories")["stories"].is_array());
    assert!(get_json("/api/events")["events"].is_array());
}

#[test]
fn the_reference_article_is_found_and_quoted() {
    if !fixture().has_seed {
        return; // the fixture has printed the note
    }
    let r = get_json("/api/search?q=Lumpur");
    let id = r["hits"][0]["id"].as_str().unwrap().to_string();
    let a = get(&format!("/api/articles/{}", path_enc(&id)));
    assert!(a.body.contains("Marco Rubio"));
    let q = get_json("/api/quotes?speaker=Trump");
    assert!(
        q["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["text"].as_str().unwrap().contains("Mist")),
        "{q}"
    );
    let page = get(&format!("/articles/{}", path_enc(&id)));
    assert!(page.body.contains("class=\"ent per\""));
    assert!(page.body.contains("class=\"q\""));
}

#[test]
fn hostile_markup_shows_as_text() {
    let path = format!("/articles/{}", path_enc(HOSTILE_ID));
    let page = get(&path);
    assert_eq!(page.status, 200, "{}", page.body);
    let b = &page.body;
    assert!(b.contains("&lt;img src=x onerror=alert(1)&gt;"), "{b}");
    assert!(b.contains("&lt;script&gt;alert(&#39;quote&#39;)"), "{b}");
    assert!(!b.contains("<img"));
    // The only script element is the dashboard's own.
    assert_eq!(b.matches("<script").count(), 1, "{b}");
    assert!(!b.contains("href=\"javascript:"));
    let s = get("/?q=Gefahr");
    assert!(s.body.contains("hostile&lt;script&gt;") || s.body.contains("&lt;script&gt;alert"));
    assert_eq!(s.body.matches("<script").count(), 1);
    // Search words are echoed escaped.
    let s = get("/?q=%3Cscript%3Ealert(1)%3C/script%3E");
    assert_eq!(s.body.matches("<script").count(), 1, "{}", s.body);
}

#[test]
fn writes_are_refused_and_files_stay_out_of_reach() {
    for m in ["POST", "PUT", "DELETE", "PATCH"] {
        for p in [
            "/api/search?q=x",
            "/",
            "/api/articles/x",
            "/assets/style.css",
        ] {
            let a = client::request(addr(), m, p).unwrap();
            assert_eq!(a.status, 405, "{m} {p}");
        }
    }
    for p in [
        "/assets/../Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/style.css/../../Cargo.toml",
        "/../../../../etc/passwd",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/",
    ] {
        let a = get(p);
        assert!(a.status == 404 || a.status == 400, "{p}: {}", a.status);
        assert!(
            !a.body.contains("[workspace]") && !a.body.contains("root:"),
            "{p}"
        );
    }
    let css = get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[test]
fn bad_requests_get_json_errors_never_a_crash() {
    for p in [
        "/api/search?q=%22%20AND%20(%20NEAR%20*",
        "/api/search?q=NEAR(a%20b)%20OR%20%22%22%22",
        "/api/search?q=-only",
        "/api/search?q=a&limit=0",
        "/api/search?q=a&limit=101",
        "/api/search?q=a&offset=5000",
        "/api/search?q=a&limit=abc",
        "/api/search?q=a&from=gestern",
        "/api/entities?type=XYZ",
        "/api/entities/nocolon",
        "/api/entities/PER:niemand%20hier",
        "/api/stories/abc",
        "/api/stories/999999",
        "/api/articles/nope",
        "/api/timeline",
        "/api/nothing-here",
    ] {
        let a = get(p);
        assert!(
            a.status == 400 || a.status == 404 || a.status == 200,
            "{p}: {} {}",
            a.status,
            a.body
        );
        assert!(
            a.json()["error"].is_string() || a.status == 200,
            "{p}: {}",
            a.body
        );
    }
    assert_eq!(get("/api/search?q=-only").status, 400);
    assert_eq!(get("/api/articles/nope").status, 404);
    let long = "wort%20".repeat(300);
    assert_eq!(get(&format!("/api/search?q={long}")).status, 400);
    // Pages answer with HTML errors.
    let a = get("/entities/PER:niemand");
    assert_eq!(a.status, 404);
    assert!(a.body.contains("<h1>"));
    assert_eq!(get("/?q=%22%20AND%20(").status, 200);
}

#[test]
fn dashboard_pages_render() {
    for p in [
        "/",
        "/entities",
        "/entities?type=LOC",
        "/quotes",
        "/stories",
        "/map",
    ] {
        let a = get(p);
        assert_eq!(a.status, 200, "{p}");
        assert!(a.body.starts_with("<!doctype html>"), "{p}");
    }
    let map = get("/map").body;
    assert!(map.contains("class=\"land\"") && map.contains("<circle"));
    let es = get_json("/api/entities?type=PER&limit=1");
    let key = es["entities"][0]["key"].as_str().unwrap();
    let page = get(&format!("/entities/{}", path_enc(key))).body;
    assert!(page.contains("<svg class=\"chart\""), "{page}");
    let stories = get_json("/api/stories");
    if let Some(s) = stories["stories"].as_array().unwrap().first() {
        let page = get(&format!("/stories/{}", s["story_id"]));
        assert_eq!(page.status, 200);
        assert!(page.body.contains("class=\"col\""));
    }
}

#[test]
fn four_hundred_simultaneous_searches_succeed() {
    let addr = addr();
    let gate = std::sync::Barrier::new(400);
    let refused = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for i in 0..400 {
            let (gate, refused) = (&gate, &refused);
            s.spawn(move || {
                gate.wait();
                let q = ["Hochwasser", "Streik", "Zinsen", "Klima"][i % 4];
                let a = client::get(addr, &format!("/api/search?q={q}")).unwrap();
                if a.status != 200 {
                    refused
                        .lock()
                        .unwrap()
                        .push(format!("{} {}", a.status, a.body));
                }
            });
        }
    });
    let refused = refused.into_inner().unwrap();
    assert!(
        refused.is_empty(),
        "{} refused: {:?}",
        refused.len(),
        &refused[..refused.len().min(3)]
    );
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn browser(args: &[&str]) -> String {
    let exe = chromium().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn headless_browser_searches_and_sees_highlights() {
    if chromium().is_none() {
        eprintln!("skipped: no chromium on this machine (`apt-get install chromium`; .ci/run installs it)");
        return;
    }
    let base = format!("http://{}", addr());
    // A search, as the form submits it.
    let dom = browser(&["--dump-dom", &format!("{base}/?q=Hochwasser")]);
    assert!(dom.contains("class=\"hit\""), "{dom}");
    let href = dom
        .split("class=\"hit-title\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    // The article it links to, with its entities highlighted.
    let dom = browser(&["--dump-dom", &format!("{base}{href}")]);
    assert!(dom.contains("id=\"legend\""));
    assert!(
        dom.contains("class=\"ent loc\"") || dom.contains("class=\"ent per\""),
        "{dom}"
    );
    // The hostile article: its markup stays text in the live DOM.
    let dom = browser(&[
        "--dump-dom",
        &format!("{base}/articles/{}", path_enc(HOSTILE_ID)),
    ]);
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "{dom}");
    assert!(!dom.contains("<img"));
    // The API page is drawn by its script from the OpenAPI document.
    let dom = browser(&["--dump-dom", &format!("{base}/api/docs")]);
    assert!(dom.contains("GET /api/search"), "{dom}");
    // Screenshots at desktop and phone width go to a temporary folder.
    let shots = tempfile::tempdir().unwrap();
    for (name, size) in [("desktop.png", "1280,900"), ("phone.png", "390,844")] {
        let file = shots.path().join(name);
        browser(&[
            &format!("--screenshot={}", file.display()),
            &format!("--window-size={size}"),
            &format!("{base}{href}"),
        ]);
        assert!(std::fs::metadata(&file).unwrap().len() > 5_000, "{name}");
    }
}
