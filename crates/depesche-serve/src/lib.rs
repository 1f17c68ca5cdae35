//! depesche-serve: a corpus store as a local web dashboard and a read-only
//! REST API.
//!
//! * [`router`] builds the routes: the dashboard (`/`, `/articles/{id}`,
//!   `/entities`, `/quotes`, `/stories`, `/map`), the JSON API under `/api`
//!   ([`api`], documented at `/api/openapi.json`) and the embedded assets.
//! * [`db`] lends read-only connections to handlers, bounded in number and
//!   time; [`html`] renders pages through one escape function; [`render`]
//!   highlights an article's analysis in its text.
//! * [`start`] runs the server on a background runtime (tests, the bench);
//!   [`serve_until_ctrl_c`] is `depesche serve`.
//!
//! Only GET routes exist, so every other method is answered 405; static
//! files come from a fixed in-binary table, never the file system.

pub mod api;
pub mod client;
pub mod db;
pub mod error;
pub mod html;
pub mod render;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::db::Db;
use crate::error::{ApiError, PageError};

/// Settings of a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Queries that may run at once (each on its own connection).
    pub workers: usize,
    /// Time budget of one request's queries; longer ones are interrupted.
    pub query_budget: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: std::thread::available_parallelism()
                .map(|n| n.get() * 2)
                .unwrap_or(4)
                .clamp(2, 16),
            query_budget: Duration::from_secs(5),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    /// Front-page figures, computed once (the store is opened read-only).
    overview: Arc<OnceLock<html::Overview>>,
}

/// The application: dashboard, API and assets over the store at `path`.
pub fn router(path: &Path, config: &Config) -> Result<Router, depesche_store::StoreError> {
    let db = Db::open(path, config.workers, config.query_budget)?;
    let state = AppState {
        db,
        overview: Arc::new(OnceLock::new()),
    };
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/articles/{id}", get(api::article))
        .route("/entities", get(api::entities))
        .route("/entities/{key}", get(api::entity))
        .route("/quotes", get(api::quotes))
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/timeline", get(api::timeline))
        .route("/places", get(api::places))
        .route("/events", get(api::events))
        .route("/openapi.json", get(api::openapi))
        .route("/docs", get(|| async { Html(html::api_docs()) }))
        .fallback(api::not_found);
    Ok(Router::new()
        .route("/", get(home))
        .route("/articles/{id}", get(article_page))
        .route("/entities", get(entities_page))
        .route("/entities/{key}", get(entity_page))
        .route("/quotes", get(quotes_page))
        .route("/stories", get(stories_page))
        .route("/stories/{id}", get(story_page))
        .route("/map", get(map_page))
        .route("/assets/{name}", get(asset))
        .nest("/api", api)
        .fallback(|| async { PageError(ApiError::not_found("no such page")) })
        .with_state(state))
}

/// Embedded assets by name; nothing else is served as a file.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("assets/style.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    ),
];

async fn asset(UrlPath(name): UrlPath<String>) -> Response {
    match ASSETS.iter().find(|a| a.0 == name) {
        Some((_, mime, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

fn page_params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, PageError> {
    q.map(|Query(t)| t)
        .map_err(|e| PageError(ApiError::bad_request(e.body_text())))
}

fn overview(store: &depesche_store::Store) -> Result<html::Overview, ApiError> {
    let counts = store.counts()?;
    let mut top = Vec::new();
    for (kind, label) in [
        ("PER", "People"),
        ("ORG", "Organisations"),
        ("LOC", "Places"),
    ] {
        let list = store
            .entity_list(Some(kind), None, 10, 0)?
            .into_iter()
            .map(api::EntitySummary::from)
            .collect();
        top.push((label, list));
    }
    Ok(html::Overview {
        articles: counts.articles,
        entities: counts.mentions,
        quotes: counts.quotes,
        places: counts.places,
        top,
    })
}

async fn home(
    State(st): State<AppState>,
    q: Result<Query<api::SearchParams>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let p = page_params(q)?;
    let text = p.q.clone().unwrap_or_default();
    if text.trim().is_empty() {
        if st.overview.get().is_none() {
            let o = st.db.run(overview).await?;
            let _ = st.overview.set(o);
        }
        let o = st.overview.get().expect("set above");
        return Ok(Html(html::home(o, "", None)));
    }
    let result = match st.db.run(move |s| api::search_page(s, p)).await {
        Ok(r) => Ok(r),
        // A query the search cannot take is shown on the page.
        Err(e) if e.status == StatusCode::BAD_REQUEST => Err(e.message),
        Err(e) => return Err(e.into()),
    };
    let empty = html::Overview {
        articles: 0,
        entities: 0,
        quotes: 0,
        places: 0,
        top: Vec::new(),
    };
    Ok(Html(html::home(&empty, &text, Some(result))))
}

async fn article_page(
    State(st): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Html<String>, PageError> {
    let stored = st
        .db
        .run(move |s| {
            s.article(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))
        })
        .await?;
    let a: depesche::schema::Analysis = serde_json::from_str(&stored.analysis)
        .map_err(|e| ApiError::internal(format!("the stored analysis does not read: {e}")))?;
    Ok(Html(html::article(
        &a,
        stored.story_id,
        stored.duplicate_of.as_deref(),
        &stored.copies,
    )))
}

async fn entities_page(
    State(st): State<AppState>,
    q: Result<Query<api::EntityParams>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let p = page_params(q)?;
    let (limit, offset) = api::paging(p.limit.or(Some(50)), p.offset)?;
    let kind = p.kind.unwrap_or_default();
    let name = p.q.unwrap_or_default();
    let (k, n) = (kind.clone(), name.clone());
    let list: Vec<api::EntitySummary> = st
        .db
        .run(move |s| {
            Ok(s.entity_list(
                Some(k.as_str()).filter(|k| !k.is_empty()),
                Some(n.as_str()),
                limit,
                offset,
            )?)
        })
        .await?
        .into_iter()
        .map(api::EntitySummary::from)
        .collect();
    let next = (list.len() == limit && offset + limit < api::MAX_DEPTH).then_some(offset + limit);
    Ok(Html(html::entity_list(
        &list, &kind, &name, offset, limit, next,
    )))
}

async fn entity_page(
    State(st): State<AppState>,
    UrlPath(key): UrlPath<String>,
) -> Result<Html<String>, PageError> {
    let d = st.db.run(move |s| api::entity_detail(s, &key)).await?;
    Ok(Html(html::entity(&d)))
}

async fn quotes_page(
    State(st): State<AppState>,
    q: Result<Query<api::QuoteParams>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let p = page_params(q)?;
    let speaker = p.speaker.clone().unwrap_or_default();
    let words = p.q.clone().unwrap_or_default();
    let r = st.db.run(move |s| api::quote_page(s, p)).await?;
    Ok(Html(html::quotes(
        &r.quotes,
        &speaker,
        &words,
        r.offset,
        r.limit,
        r.next_offset,
    )))
}

#[derive(Deserialize)]
struct Paging {
    offset: Option<usize>,
}

async fn stories_page(
    State(st): State<AppState>,
    q: Result<Query<Paging>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let p = page_params(q)?;
    let (limit, offset) = api::paging(Some(50), p.offset)?;
    let list: Vec<api::StorySummary> = st
        .db
        .run(move |s| Ok(s.story_list(limit, offset)?))
        .await?
        .into_iter()
        .map(api::StorySummary::from)
        .collect();
    let next = (list.len() == limit && offset + limit < api::MAX_DEPTH).then_some(offset + limit);
    Ok(Html(html::stories(&list, offset, limit, next)))
}

async fn story_page(
    State(st): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Html<String>, PageError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{id:?} is not a story id (a number)")))?;
    let d = st.db.run(move |s| api::story_detail(s, id)).await?;
    Ok(Html(html::story(&d)))
}

/// Places drawn on the map: the most named ones (the map stays light).
const MAP_PLACES: usize = 1000;

async fn map_page(State(st): State<AppState>) -> Result<Html<String>, PageError> {
    let places: Vec<api::Place> = st
        .db
        .run(|s| Ok(s.place_list(MAP_PLACES, 0)?))
        .await?
        .into_iter()
        .map(api::Place::from)
        .collect();
    Ok(Html(html::map(&places)))
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// Stop accepting, finish open requests, end the runtime.
    pub fn stop(mut self) -> std::io::Result<()> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Listen on `addr` with tokio's backlog of 1,024 pending connections (the
/// standard library's 128 drops connections in a burst of simultaneous
/// clients).
async fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))
}

/// Serve the store at `db` on `addr` (port 0: any free port) from a
/// background thread until [`Running::stop`].
pub fn start(db: &Path, addr: SocketAddr, config: &Config) -> std::io::Result<Running> {
    let app = router(db, config).map_err(|e| std::io::Error::other(e.to_string()))?;
    let rt = runtime()?;
    let listener = rt.block_on(listen(addr))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        })
    });
    Ok(Running {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// `depesche serve`: serve on `addr` until Ctrl-C (or SIGTERM), calling
/// `ready` with the bound address once it listens.
pub fn serve_until_ctrl_c(
    db: &Path,
    addr: SocketAddr,
    config: &Config,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let app = router(db, config).map_err(|e| std::io::Error::other(e.to_string()))?;
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = listen(addr).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
