//! depesche-store: a corpus of analysed articles in one SQLite file.
//!
//! * [`Store`] opens (and migrates) the file, stores [`Analysis`] values as
//!   relational tables plus an FTS5 index, idempotently by content hash.
//! * [`ingest`] runs readers → [`depesche::Pipeline`] (parallel) → store.
//! * [`query`] answers search / entities / quotes / timeline / stories.
//! * [`cluster`] groups agency copies and stories; [`export`] writes JSONL,
//!   CSV and Parquet.
//!
//! The schema is documented in `docs/store.md`.

pub mod browse;
pub mod cluster;
pub mod codec;
pub mod event_query;
pub mod export;
pub mod fold;
pub mod identity;
pub mod ingest;
mod migrations;
#[cfg(feature = "parquet")]
pub mod parquet_input;
pub mod query;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use depesche::input::Document;
use depesche::schema::{Analysis, BlockKind};
use rayon::prelude::*;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use xxhash_rust::xxh3::Xxh3;

pub use migrations::STORE_SCHEMA_VERSION;

use crate::cluster::ClusterParams;
use crate::fold::{fold_key, WordStemmer};

// `Sql` and `Io` carry their cause in their message and name no `source`, so
// an error chain (`{:#}`) says it once, not "X: X".
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(rusqlite::Error),
    #[error("the store was written by a newer depesche (schema {found}; this build knows up to {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("{0}")]
    Io(std::io::Error),
    #[error("{0}")]
    Query(String),
    #[error("export: {0}")]
    Export(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One article made ready for the store (hashes, index text, MinHash):
/// the work that can run in parallel before the single writer.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub analysis: Analysis,
    pub content_hash: String,
    /// Hash of the input document, when known: lets a rerun skip analysis.
    pub input_hash: Option<String>,
    /// The analysis in its stored form ([`codec`]).
    blob: Vec<u8>,
    fts_title: String,
    fts_body: String,
    /// Each quote's text as `quotes_fts` indexes it (stemmed, folded).
    fts_quotes: Vec<String>,
}

impl Prepared {
    pub fn new(mut analysis: Analysis, input_hash: Option<String>) -> Self {
        let stemmer = WordStemmer::for_lang(&analysis.lang);
        let (title, body) = title_and_body(&analysis);
        let (fts_title, fts_body) = index_texts(&stemmer, &title, &body);
        let fts_quotes = analysis
            .quotes
            .iter()
            .map(|q| {
                let mut stems = String::new();
                stemmer.stem_text(&q.text, &mut stems);
                stems
            })
            .collect();
        let blob = codec::encode(&mut analysis);
        Prepared {
            content_hash: content_hash(&analysis),
            input_hash,
            blob,
            fts_title,
            fts_body,
            fts_quotes,
            analysis,
        }
    }
}

/// Title and body as the search index holds them (stemmed, folded,
/// function words left out).
pub(crate) fn index_texts(stemmer: &WordStemmer, title: &str, body: &str) -> (String, String) {
    let mut fts_title = String::new();
    stemmer.index_text(title, &mut fts_title);
    let mut fts_body = String::new();
    stemmer.index_text(body, &mut fts_body);
    (fts_title, fts_body)
}

/// The search index's rows for a stored analysis: title and body as
/// [`index_texts`] gives them.
pub(crate) fn index_texts_of(a: &Analysis) -> (String, String) {
    let (title, body) = title_and_body(a);
    index_texts(&WordStemmer::for_lang(&a.lang), &title, &body)
}

/// SQL functions the store uses: `depesche_stem_key(text, lang)` is the
/// text stemmed and folded as the search indexes have it, between spaces
/// (" word word "; migration 4 indexes the stored quotes with it), and
/// `depesche_fold_key(text)` is [`fold_key`] (quote search matches a speaker
/// given as text by it), and `depesche_text(analysis)` the article text of
/// a stored analysis (NULL when it cannot be read), which quote rows
/// without text of their own are cut from.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "depesche_text",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let blob = match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Blob(b) | rusqlite::types::ValueRef::Text(b) => b,
                _ => return Ok(None),
            };
            Ok(stored_text(blob))
        },
    )?;
    conn.create_scalar_function(
        "depesche_fold_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|t| fold_key(&t))),
    )?;
    conn.create_scalar_function(
        "depesche_stem_key",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            let lang: Option<String> = ctx.get(1)?;
            let mut key = String::from(" ");
            if let Some(text) = text {
                let mut stems = String::new();
                WordStemmer::for_lang(lang.as_deref().unwrap_or("")).stem_text(&text, &mut stems);
                key.push_str(&stems);
                key.push(' ');
            }
            Ok(key)
        },
    )
}

/// The article text of a stored analysis; the last one read is kept, since
/// an article's quotes are read one after the other.
fn stored_text(blob: &[u8]) -> Option<String> {
    thread_local! {
        static LAST: std::cell::RefCell<(Vec<u8>, Option<String>)> = const {
            std::cell::RefCell::new((Vec::new(), None))
        };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != blob || last.1.is_none() {
            let text = codec::decode_text(blob).ok();
            *last = (blob.to_vec(), text);
        }
        last.1.clone()
    })
}

/// `text` from code point `start` to `end`; `None` unless `start ≤ end ≤`
/// its length (SQL's `substr` cuts such a span the same way).
fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if end < start {
        return None;
    }
    let mut it = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let s = it.nth(start)?;
    let e = if end > start {
        it.nth(end - start - 1)?
    } else {
        s
    };
    Some(&text[s..e])
}

/// Title and the body prose (title, teaser, subheadings, paragraphs; no
/// furniture, captions or credits) — what search and clustering read.
fn title_and_body(a: &Analysis) -> (String, String) {
    let chars: Vec<(usize, char)> = a.text.char_indices().collect();
    let byte_at = |c: usize| chars.get(c).map_or(a.text.len(), |x| x.0);
    let slice = |s: usize, e: usize| {
        let (s, e) = (byte_at(s), byte_at(e.max(s)));
        a.text.get(s..e).unwrap_or("")
    };
    let mut title = String::new();
    let mut body = String::new();
    for b in &a.blocks {
        if b.kind == BlockKind::Title && title.is_empty() {
            title.push_str(slice(b.start, b.end));
        } else if b.kind.is_body() {
            body.push_str(slice(b.start, b.end));
            body.push('\n');
        }
    }
    if a.blocks.is_empty() {
        body = a.text.clone();
        if let Some(t) = &a.title {
            title = t.clone();
        }
    }
    (title, body)
}

fn hash_fields(fields: &[Option<&str>]) -> String {
    let mut h = Xxh3::new();
    for f in fields {
        match f {
            Some(s) => {
                h.update(&[1]);
                h.update(&(s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(&[0]),
        }
    }
    format!("{:032x}", h.digest128())
}

/// The identity of an article in the store: its text, url, source and date.
/// The input `id` is left out so that the same file read by another path is
/// still the same article.
pub fn content_hash(a: &Analysis) -> String {
    hash_fields(&[
        Some("analysis/1"),
        Some(&a.text),
        a.url.as_deref(),
        a.source.as_deref(),
        a.published.as_deref(),
    ])
}

/// Hash of an input document before analysis (see [`Prepared::input_hash`]).
pub fn input_hash(d: &Document) -> String {
    let published = d.published.map(|p| p.to_string());
    hash_fields(&[
        Some("document/1"),
        d.title.as_deref(),
        Some(&d.text),
        d.url.as_deref(),
        d.source.as_deref(),
        published.as_deref(),
        d.lang.as_deref(),
    ])
}

/// A `file:` URI for `path` opened immutable; every byte of the path is
/// percent-encoded but the unreserved ones, so the path cannot add parameters.
fn immutable_uri(path: &Path) -> Result<String> {
    let abs = std::fs::canonicalize(path)?;
    let mut uri = String::from("file:");
    for &b in abs.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

/// The schema version of the store at `path` as it is on disk, without
/// opening it for writing or upgrading it; `None` when there is no file
/// there. A file that is not a store is an error.
pub fn stored_schema_version(path: &Path) -> Result<Option<i64>> {
    if !path.exists() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let version = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            0
        }
        Err(e) => return Err(e.into()),
    };
    if version == 0 && std::fs::metadata(path)?.len() > 0 {
        return Err(StoreError::Query(format!(
            "{}: not a depesche corpus",
            path.display()
        )));
    }
    Ok(Some(version))
}

/// Row counts of every table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: i64,
    pub blocks: i64,
    pub entities: i64,
    pub mentions: i64,
    pub quotes: i64,
    pub times: i64,
    pub places: i64,
    pub events: i64,
    pub fts: i64,
}

/// What one [`Store::insert_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsertStats {
    pub added: usize,
    /// Articles stored before (same url, else id) whose content changed.
    pub replaced: usize,
    /// Articles whose content was stored already.
    pub skipped: usize,
}

/// An article row as clustering reads it: pk, published, stored analysis.
type StoredRow = (i64, Option<String>, Vec<u8>);

/// What a clustering pass found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    pub articles: usize,
    pub duplicates: usize,
    pub stories: usize,
    pub multi_article_stories: usize,
}

/// Share of the store's articles an ingest must have written for the file
/// to be rebuilt compactly after it (see [`Store::compact_after_ingest`]).
pub const COMPACT_SHARE: f64 = 0.25;

/// A corpus store (one SQLite file, WAL mode).
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Open or create the store at `path` and bring its schema up to date.
    /// `path` is a file name, never a SQLite URI (`file:…?…`).
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            Self::path_flags(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE),
        )?;
        Self::setup(conn).map_err(|e| match e {
            // Say which file, and what it is not ("file is not a database").
            StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                StoreError::Query(format!(
                    "{}: not a depesche corpus (not a SQLite file)",
                    path.display()
                ))
            }
            e => e,
        })
    }

    /// Flags that take a path as a file name (no URI) for one connection per thread.
    fn path_flags(mode: OpenFlags) -> OpenFlags {
        mode | OpenFlags::SQLITE_OPEN_NO_MUTEX
    }

    /// Open an existing store for queries only: nothing is written, so a
    /// corpus in a read-only directory (or of another user) can be searched.
    /// A missing, empty or foreign file is an error, never made a store.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| {
            StoreError::Query(format!(
                "{}: {}",
                path.display(),
                if e.kind() == std::io::ErrorKind::NotFound {
                    "no such corpus".to_string()
                } else {
                    e.to_string()
                }
            ))
        })?;
        if !meta.is_file() {
            return Err(StoreError::Query(format!(
                "{}: not a corpus file",
                path.display()
            )));
        }
        if meta.len() == 0 {
            return Err(StoreError::Query(format!(
                "{}: the file is empty, not a corpus",
                path.display()
            )));
        }
        let flags = Self::path_flags(OpenFlags::SQLITE_OPEN_READ_ONLY);
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let conn = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(_) => conn,
            // A WAL store needs its `-shm` file, which a reader cannot create in a
            // read-only directory: nobody can write there either, so it is read
            // as immutable.
            Err(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
                ) =>
            {
                drop(conn);
                let conn = Connection::open_with_flags(
                    immutable_uri(path)?,
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )?;
                conn.busy_timeout(std::time::Duration::from_secs(30))?;
                conn
            }
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(StoreError::Query(format!(
                    "{}: not a depesche corpus (not a SQLite file)",
                    path.display()
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > STORE_SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: STORE_SCHEMA_VERSION,
            });
        }
        if version == 0 {
            return Err(StoreError::Query(format!(
                "{}: not a depesche corpus (no store schema)",
                path.display()
            )));
        }
        if version < STORE_SCHEMA_VERSION {
            return Err(StoreError::Query(format!(
                "{}: the store has schema {version}, older than this build's {STORE_SCHEMA_VERSION}; \
                 `depesche ingest` (with no new inputs) upgrades it",
                path.display()
            )));
        }
        register_functions(&conn)?;
        Ok(Store { conn })
    }

    /// A store in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Takes effect only in a new file, before its first table (an older
        // file is rebuilt in this size when a migration runs).
        conn.pragma_update(None, "page_size", migrations::PAGE_SIZE)?;
        // Pages freed by search-index merges and replaced articles go back to
        // the file system after each ingest (see `release_free_pages`); this
        // takes effect only in a new file, before its first table.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        // WAL: readers never block the writer; a crash loses at most the open
        // transaction. synchronous=NORMAL is durable to the last checkpoint and
        // never corrupts in WAL mode.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A 16 MiB page cache (default 2 MiB) keeps the index pages of a
        // batch in memory while it is written.
        // In 1 KiB pages (schema 5) that is 14 MiB of pages: SQLite keeps
        // ~0.27 KB of headers per cached page, so twice the pages of the
        // same bytes cost 2 MiB more; 14 MiB hold what 16 MiB of 2 KiB
        // pages held in the same memory.
        conn.pragma_update(None, "cache_size", "-14336")?;
        register_functions(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The underlying connection, for queries this crate does not offer.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Whether an input document with this hash is stored already.
    pub fn has_input_hash(&self, hash: &str) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE input_hash = ?1 LIMIT 1")?;
        Ok(st.exists([hash])?)
    }

    /// Store a batch in one transaction. Articles already present (same
    /// content hash) are skipped, so re-ingesting adds nothing; an article
    /// stored before under the same url (else id) with other content is
    /// replaced, rows and all.
    pub fn insert_batch(&mut self, batch: &[Prepared]) -> Result<InsertStats> {
        let tx = self.conn.transaction()?;
        let mut stats = InsertStats::default();
        let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The next rowid; inserts name it, so `story_id` can start as it.
        let mut next_pk: i64 =
            tx.query_row("SELECT COALESCE(MAX(pk), 0) + 1 FROM articles", [], |r| {
                r.get(0)
            })?;
        for p in batch {
            match insert_one(&tx, p, &now, next_pk)? {
                Outcome::Added => {
                    next_pk += 1;
                    stats.added += 1;
                }
                Outcome::Replaced => stats.replaced += 1,
                Outcome::Unchanged => stats.skipped += 1,
            }
        }
        if stats.added + stats.replaced > 0 {
            // Clustering must see the new articles; the flag commits with them,
            // so a crash before the next clustering pass leaves it set.
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_dirty', '1')",
                [],
            )?;
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Give the file's free pages back (stores created with incremental
    /// auto-vacuum; a no-op in older files).
    pub fn release_free_pages(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA incremental_vacuum")?;
        Ok(())
    }

    /// Settle the file after an ingest that wrote `changed` articles (added
    /// or replaced). When they are a large part of the store
    /// ([`COMPACT_SHARE`]), the search index is merged into one segment and
    /// the file is rebuilt (`VACUUM`): indexes filled in key order instead of
    /// half-split pages, ~7 % smaller. Since that happens only when the store
    /// grew by that share, its cost over a corpus's life stays linear in the
    /// corpus. Otherwise only free pages are given back.
    pub fn compact_after_ingest(&self, changed: usize) -> Result<bool> {
        let articles: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        if changed == 0 || (changed as f64) < COMPACT_SHARE * articles as f64 {
            self.release_free_pages()?;
            return Ok(false);
        }
        self.conn
            .execute_batch("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")?;
        self.conn.execute_batch("VACUUM")?;
        // VACUUM in WAL mode writes the whole file through the log: empty it.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(true)
    }

    /// Whether articles were added since the last clustering pass.
    pub fn clusters_dirty(&self) -> Result<bool> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'clusters_dirty'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Recompute `duplicate_of` and `story_id` for the whole corpus in one
    /// transaction (only changed rows are written).
    pub fn recluster(&mut self, params: &ClusterParams) -> Result<ClusterStats> {
        let joined = identity::join_surnames(&self.conn)? + identity::join_places(&self.conn)?;
        if joined > 0 {
            // Events name their actors by the entity rows' keys, which changed.
            refresh_event_keys(&self.conn)?;
        }
        // The clustering state goes to a temporary file as the articles are
        // read, so memory does not grow with the corpus (see `ClusterInput`).
        let mut input = cluster::ClusterInput::spilled()?;
        // Per article (pk order): the copy and story it has now, so that
        // only rows that change are written.
        let mut current: Vec<(Option<i64>, Option<i64>)> = Vec::new();
        {
            // The index holds no text (contentless) and the MinHash is not
            // stored (it is derived from the text), so both are made again
            // from each stored analysis: rows are read in chunks and decoded,
            // stemmed and hashed in parallel, so only a chunk of analyses is
            // in memory at a time.
            const CHUNK: usize = 256;
            let mut st = self.conn.prepare(
                "SELECT pk, published, analysis, duplicate_of, story_id
                 FROM articles ORDER BY pk",
            )?;
            // Who (entity keys) and where (`at:` every geocoded place, down
            // to the town a street or building lies in; see `ClusterItem`),
            // for the chunk's articles: entities in key order, then places.
            let mut who = self.conn.prepare(
                "SELECT article, name_key FROM entities WHERE article BETWEEN ?1 AND ?2
                 ORDER BY article, pk",
            )?;
            let mut at = self.conn.prepare(
                "SELECT article, 'at:' || geonameid FROM places
                 WHERE geonameid IS NOT NULL AND article BETWEEN ?1 AND ?2
                 ORDER BY article, idx",
            )?;
            let mut rows = st.query([])?;
            let mut chunk: Vec<StoredRow> = Vec::with_capacity(CHUNK);
            let mut done = false;
            while !done {
                chunk.clear();
                while chunk.len() < CHUNK {
                    let Some(r) = rows.next()? else {
                        done = true;
                        break;
                    };
                    current.push((r.get(3)?, r.get(4)?));
                    let analysis = match r.get_ref(2)? {
                        rusqlite::types::ValueRef::Blob(b) | rusqlite::types::ValueRef::Text(b) => {
                            b.to_vec()
                        }
                        _ => Vec::new(),
                    };
                    chunk.push((r.get(0)?, r.get(1)?, analysis));
                }
                let (Some(lo), Some(hi)) = (chunk.first(), chunk.last()) else {
                    break;
                };
                let (lo, hi) = (lo.0, hi.0);
                let mut entities: HashMap<i64, Vec<String>> = HashMap::new();
                for st in [&mut who, &mut at] {
                    let rows = st.query_map([lo, hi], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                    })?;
                    for row in rows {
                        let (a, k) = row?;
                        entities.entry(a).or_default().push(k);
                    }
                }
                let derived: Vec<Result<(String, cluster::MinHash, String)>> = chunk
                    .par_iter()
                    .map(|(_, _, blob)| {
                        let analysis = codec::decode(blob)?;
                        let stemmer = WordStemmer::for_lang(&analysis.lang);
                        let (title_text, body_text) = title_and_body(&analysis);
                        let minhash = cluster::MinHash::of(&format!("{title_text}\n{body_text}"));
                        let (mut title, mut body) = (String::new(), String::new());
                        stemmer.stem_text(&title_text, &mut title);
                        stemmer.stem_text(&body_text, &mut body);
                        // The title counts twice: it names the event.
                        let terms = format!("{title} {title} {body}");
                        Ok((terms, minhash, analysis.lang))
                    })
                    .collect();
                for ((pk, published, _), derived) in chunk.drain(..).zip(derived) {
                    let (terms, minhash, lang) = derived?;
                    let entities = entities.remove(&pk).unwrap_or_default();
                    input.push(
                        pk,
                        published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
                        &lang,
                        &minhash,
                        terms.split(' ').filter(|t| !t.is_empty()),
                        entities.iter().map(String::as_str),
                    )?;
                }
            }
        }
        let out = input.cluster(params)?;
        let tx = self.conn.transaction()?;
        {
            let mut st =
                tx.prepare("UPDATE articles SET duplicate_of = ?2, story_id = ?3 WHERE pk = ?1")?;
            for (a, now) in out.iter().zip(&current) {
                if *now != (a.duplicate_of, Some(a.story_id)) {
                    st.execute(params![a.pk, a.duplicate_of, a.story_id])?;
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_dirty', '0')",
                [],
            )?;
        }
        tx.commit()?;
        let mut sizes: HashMap<i64, usize> = HashMap::new();
        for a in &out {
            *sizes.entry(a.story_id).or_insert(0) += 1;
        }
        Ok(ClusterStats {
            articles: out.len(),
            duplicates: out.iter().filter(|a| a.duplicate_of.is_some()).count(),
            stories: sizes.len(),
            multi_article_stories: sizes.values().filter(|&&s| s > 1).count(),
        })
    }

    /// Row counts of every table.
    pub fn counts(&self) -> Result<Counts> {
        let c = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(Counts {
            articles: c("articles")?,
            blocks: c("blocks")?,
            entities: c("entities")?,
            mentions: c("mentions")?,
            quotes: c("quotes")?,
            times: c("times")?,
            places: c("places")?,
            events: c("events")?,
            fts: c("articles_fts")?,
        })
    }
}

/// What storing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    /// The same article (url, else id) was stored with other content: its
    /// rows were replaced.
    Replaced,
    /// The same content was stored already.
    Unchanged,
}

/// The article stored under the same identity as `a`: its url when it has
/// one, else its id (among articles without a url).
fn same_article(tx: &Transaction, a: &Analysis) -> Result<Option<i64>> {
    let found = match &a.url {
        Some(url) => tx
            .prepare_cached("SELECT pk FROM articles WHERE url = ?1 LIMIT 1")?
            .query_row([url], |r| r.get(0))
            .optional()?,
        None => tx
            .prepare_cached("SELECT pk FROM articles WHERE id = ?1 AND url IS NULL LIMIT 1")?
            .query_row([&a.id], |r| r.get(0))
            .optional()?,
    };
    Ok(found)
}

/// Remove every layer of article `pk` (not its `articles` row).
fn delete_layers(tx: &Transaction, pk: i64) -> Result<()> {
    for sql in [
        "DELETE FROM articles_fts WHERE rowid = ?1",
        "DELETE FROM blocks WHERE article = ?1",
        // Quotes first: they point at their speakers' entity rows.
        "DELETE FROM quotes_fts WHERE rowid IN (SELECT pk FROM quotes WHERE article = ?1)",
        "DELETE FROM quotes WHERE article = ?1",
        // Mentions have no index by article: they go by their entities.
        "DELETE FROM mentions WHERE entity IN (SELECT pk FROM entities WHERE article = ?1)",
        "DELETE FROM entities WHERE article = ?1",
        "DELETE FROM times WHERE article = ?1",
        "DELETE FROM places WHERE article = ?1",
        "DELETE FROM events WHERE article = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([pk])?;
    }
    Ok(())
}

/// Insert one article and its layers, or replace an earlier version of it.
fn insert_one(tx: &Transaction, p: &Prepared, now: &str, next_pk: i64) -> Result<Outcome> {
    let a = &p.analysis;
    let known = tx
        .prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1")?
        .exists([&p.content_hash])?;
    if known {
        return Ok(Outcome::Unchanged);
    }
    let (pk, outcome) = match same_article(tx, a)? {
        Some(pk) => {
            delete_layers(tx, pk)?;
            (pk, Outcome::Replaced)
        }
        None => (next_pk, Outcome::Added),
    };
    let values = params![
        a.id,
        p.content_hash,
        p.input_hash,
        a.url,
        a.source,
        a.source.as_deref().map(fold_key),
        a.published,
        a.lang,
        a.title,
        a.teaser,
        a.text.chars().count() as i64,
        a.sentences.len() as i64,
        a.tokens.len() as i64,
        // The MinHash is derived from the text when clustering runs: the
        // column stays (schema 1 had it) but holds nothing.
        Option::<Vec<u8>>::None,
        p.blob,
        now,
        pk,
    ];
    if outcome == Outcome::Replaced {
        // The row keeps its pk, so copies and stories that point at it stay
        // valid until clustering runs again.
        tx.prepare_cached(
            "UPDATE articles SET id = ?1, content_hash = ?2, input_hash = ?3, url = ?4,
                source = ?5, source_key = ?6, published = ?7, lang = ?8, title = ?9,
                teaser = ?10, n_chars = ?11, n_sentences = ?12, n_tokens = ?13,
                minhash = ?14, analysis = ?15, ingested_at = ?16
             WHERE pk = ?17",
        )?
        .execute(values)?;
    } else {
        tx.prepare_cached(
            // Until clustering says otherwise an article is its own story:
            // `story_id` starts as the article's own `pk` (the next rowid), so
            // clustering rewrites only the rows whose story or copy changes —
            // an UPDATE rewrites the whole row, `analysis` included.
            "INSERT INTO articles (pk, id, content_hash, input_hash, url, source,
                source_key, published, lang, title, teaser, n_chars, n_sentences, n_tokens,
                minhash, analysis, ingested_at, story_id)
             VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?
        .execute(values)?;
    }
    tx.prepare_cached("INSERT INTO articles_fts(rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![pk, p.fts_title, p.fts_body])?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO blocks (article, idx, kind, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, b) in a.blocks.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                b.kind.as_str(),
                b.start as i64,
                b.end as i64
            ])?;
        }
    }
    // Entity ids (`e1`) are local to the article: quote speakers name
    // their entity by its row.
    let mut rows_of: HashMap<&str, i64> = HashMap::new();
    {
        let mut ent = tx.prepare_cached(
            "INSERT INTO entities (article, eid, type, name, name_key, roles, place, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut men = tx.prepare_cached(
            // A span given twice for one entity is one mention.
            "INSERT OR IGNORE INTO mentions (entity, start, \"end\") VALUES (?1, ?2, ?3)",
        )?;
        for e in &a.entities {
            ent.execute(params![
                pk,
                e.id,
                entity_type(e.kind),
                e.name,
                entity_key_of(a, e),
                serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into()),
                e.place.map(|x| x as i64),
                e.mentions.len() as i64,
            ])?;
            let epk = tx.last_insert_rowid();
            rows_of.insert(e.id.as_str(), epk);
            for m in &e.mentions {
                men.execute(params![epk, m.start as i64, m.end as i64])?;
            }
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes (article, idx, kind, start, \"end\", text, speaker,
                speaker_text, cue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut fts = tx.prepare_cached("INSERT INTO quotes_fts(rowid, text) VALUES (?1, ?2)")?;
        for (i, q) in a.quotes.iter().enumerate() {
            // The text is stored only where it is not the article's own.
            let text =
                Some(q.text.as_str()).filter(|t| char_slice(&a.text, q.start, q.end) != Some(*t));
            // An entity id names the speaker's entity row; anything else
            // ("ein Sprecher") is kept as text.
            let speaker = q.speaker.as_deref().and_then(|s| rows_of.get(s).copied());
            let speaker_text = q.speaker.as_deref().filter(|_| speaker.is_none());
            st.execute(params![
                pk,
                i as i64,
                q.kind,
                q.start as i64,
                q.end as i64,
                text,
                speaker,
                speaker_text,
                q.cue,
            ])?;
            fts.execute(params![
                tx.last_insert_rowid(),
                p.fts_quotes.get(i).map_or("", String::as_str)
            ])?;
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO times (article, idx, start, \"end\", text, type, value, mod)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (i, t) in a.times.iter().enumerate() {
            // The text is stored only where it is not the article's own.
            let text =
                Some(t.text.as_str()).filter(|x| char_slice(&a.text, t.start, t.end) != Some(*x));
            st.execute(params![
                pk,
                i as i64,
                t.start as i64,
                t.end as i64,
                text,
                t.kind,
                t.value,
                t.modifier
            ])?;
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO places (article, idx, entity, name, geonameid, country, lat, lon, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, pl) in a.places.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                pl.entity,
                pl.name,
                pl.geonameid.map(|g| g as i64),
                pl.country,
                pl.lat,
                pl.lon,
                pl.kind
            ])?;
        }
    }
    insert_events(tx, pk, a)?;
    Ok(outcome)
}

/// Set every event's `source_key` / `target_key` to its actor's entity
/// row's `name_key` again (after keys were joined corpus-wide), in one
/// statement (its own transaction when none is open).
pub(crate) fn refresh_event_keys(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE events SET
            source_key = (SELECT e.name_key FROM entities e
                          WHERE e.article = events.article AND e.eid = events.source),
            target_key = (SELECT e.name_key FROM entities e
                          WHERE e.article = events.article AND e.eid = events.target)",
    )?;
    Ok(())
}

/// The corpus-wide key of an entity of `a` (`entities.name_key`): one per
/// entity across articles and languages.
pub(crate) fn entity_key_of(a: &Analysis, e: &depesche::schema::Entity) -> String {
    identity::entity_key(
        entity_type(e.kind),
        &e.name,
        e.place
            .and_then(|p| a.places.get(p))
            .and_then(identity::place_id),
    )
}

/// The `events` rows of one article. An event's first source and first
/// target are its row's actors (a symmetric meeting lists every participant
/// as a source; the rest are in the analysis); an actor that is an entity is
/// named by its canonical name and keyed by its entity's store-wide key
/// (`entities.name_key`), an agent by its words (no key).
pub(crate) fn insert_events(tx: &Transaction, pk: i64, a: &Analysis) -> Result<()> {
    if a.events.is_empty() {
        return Ok(());
    }
    let entities: HashMap<&str, &depesche::schema::Entity> =
        a.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let entity_of =
        |x: &depesche::schema::Actor| x.entity.as_deref().and_then(|id| entities.get(id).copied());
    let actor_name = |x: &depesche::schema::Actor| -> String {
        entity_of(x).map_or_else(|| x.name.clone(), |e| e.name.clone())
    };
    let actor_key = |x: &depesche::schema::Actor| entity_of(x).map(|e| entity_key_of(a, e));
    let mut st = tx.prepare_cached(
        "INSERT INTO events (article, idx, eid, plover, mode, code, quad_class, goldstein,
            source, source_name, source_key, source_country, source_agent,
            target, target_name, target_key, target_country, target_agent,
            symmetric, place, place_country, geonameid, lat, lon, time, date_basis,
            negated, hypothetical, sentence, evidence_start, evidence_end, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
            ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
    )?;
    for (i, ev) in a.events.iter().enumerate() {
        let src = ev.source.first();
        let tgt = ev.target.first();
        let src_name = src.map(actor_name);
        let tgt_name = tgt.map(actor_name);
        let place = ev.place.as_ref();
        let evidence = ev.evidence.first();
        st.execute(rusqlite::params_from_iter::<[rusqlite::types::Value; 32]>(
            [
                pk.into(),
                (i as i64).into(),
                ev.id.clone().into(),
                ev.kind.clone().into(),
                ev.mode.clone().into(),
                ev.cameo.clone().into(),
                i64::from(ev.quad_class).into(),
                f64::from(ev.goldstein).into(),
                src.and_then(|x| x.entity.clone()).into(),
                src_name.clone().into(),
                src.and_then(actor_key).into(),
                src.and_then(|x| x.country.clone()).into(),
                src.and_then(|x| x.agent.clone()).into(),
                tgt.and_then(|x| x.entity.clone()).into(),
                tgt_name.clone().into(),
                tgt.and_then(actor_key).into(),
                tgt.and_then(|x| x.country.clone()).into(),
                tgt.and_then(|x| x.agent.clone()).into(),
                i64::from(ev.symmetric).into(),
                place.map(|p| p.name.clone()).into(),
                place.and_then(|p| p.country.clone()).into(),
                place.and_then(|p| p.geonameid).map(|g| g as i64).into(),
                place.and_then(|p| p.lat).into(),
                place.and_then(|p| p.lon).into(),
                ev.date.clone().into(),
                ev.date_basis.clone().into(),
                i64::from(ev.negated).into(),
                i64::from(ev.hypothetical).into(),
                (ev.sentence as i64).into(),
                evidence.map(|e| e.start as i64).into(),
                evidence.map(|e| e.end as i64).into(),
                f64::from(ev.confidence).into(),
            ],
        ))?;
    }
    Ok(())
}

fn entity_type(t: depesche::schema::EntityType) -> &'static str {
    use depesche::schema::EntityType::*;
    match t {
        PER => "PER",
        ORG => "ORG",
        LOC => "LOC",
        MISC => "MISC",
    }
}

/// Hand-built analyses for tests (here and in dependent crates).
#[doc(hidden)]
pub mod testutil;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;

    #[test]
    fn char_slices_are_code_points_and_refuse_odd_spans() {
        assert_eq!(char_slice("Grüße, Welt", 2, 5), Some("üße"));
        assert_eq!(char_slice("Grüße", 0, 5), Some("Grüße"));
        assert_eq!(char_slice("Grüße", 5, 5), Some(""));
        assert_eq!(char_slice("Grüße", 3, 2), None);
        assert_eq!(char_slice("Grüße", 4, 6), None);
        assert_eq!(char_slice("Grüße", 6, 6), None);
    }

    #[test]
    fn a_quote_keeps_its_text_only_where_it_is_not_the_articles() {
        let mut s = Store::open_in_memory().unwrap();
        let mut a = rich_analysis("a1", "2025-07-10");
        let inner = a.quotes[0].clone();
        let (q0, q1) = crate::testutil::span_of(&a.text, &inner.text);
        let mut same = inner.clone();
        (same.start, same.end) = (q0, q1);
        let mut backwards = inner.clone();
        (backwards.start, backwards.end, backwards.text) = (q1, q0, String::new());
        a.quotes = vec![inner.clone(), same, backwards];
        s.insert_batch(&[Prepared::new(a, None)]).unwrap();
        let stored: Vec<Option<String>> = s
            .connection()
            .prepare("SELECT text FROM quotes ORDER BY idx")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // The span with the quotation marks is not the words; the inner one
        // is; a backward span keeps its (empty) text.
        assert_eq!(
            stored,
            [Some(inner.text.clone()), None, Some(String::new())]
        );
        let texts: Vec<String> = s
            .quotes(None, None, 10)
            .unwrap()
            .into_iter()
            .map(|q| q.text)
            .collect();
        assert_eq!(texts, [inner.text.clone(), inner.text, String::new()]);
    }

    #[test]
    fn insert_is_idempotent_and_fills_every_table() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), STORE_SCHEMA_VERSION);
        let a = rich_analysis("a1", "2025-07-10");
        let batch = vec![
            Prepared::new(a.clone(), None),
            Prepared::new(a.clone(), None),
        ];
        let st = s.insert_batch(&batch).unwrap();
        assert_eq!(
            st,
            InsertStats {
                added: 1,
                replaced: 0,
                skipped: 1
            }
        );
        let c = s.counts().unwrap();
        assert_eq!(c.articles, 1);
        assert_eq!(c.fts, 1);
        assert_eq!(c.blocks as usize, a.blocks.len());
        assert_eq!(c.entities, 2);
        assert_eq!(c.mentions, 3);
        assert_eq!(c.quotes, 1);
        assert_eq!(c.times, 1);
        assert_eq!(c.places, 1);
        assert_eq!(c.events, 1);
        let st = s.insert_batch(&[Prepared::new(a, None)]).unwrap();
        assert_eq!(st.added, 0);
        assert_eq!(s.counts().unwrap(), c);
        // Quote speakers are entity rows (with the corpus-wide key); event
        // actors resolve to entity names.
        let (speaker, speaker_text, source): (String, Option<String>, String) = s
            .connection()
            .query_row(
                "SELECT s.name_key, q.speaker_text, e.source_name
                 FROM quotes q JOIN entities s ON s.pk = q.speaker JOIN events e ON e.article = q.article",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(speaker, identity::entity_key("PER", "Marco Rubio", None));
        assert_eq!(speaker_text, None);
        assert_eq!(source, "Marco Rubio");
        // The quote is in the quote index, under its stemmed words.
        let indexed: i64 = s
            .connection()
            .query_row(
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?1",
                [WordStemmer::for_lang("de").stem("Gesprächen")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed, 1);
    }

    #[test]
    fn a_changed_article_replaces_its_rows() {
        let mut s = Store::open_in_memory().unwrap();
        let a = rich_analysis("a1", "2025-07-10");
        s.insert_batch(&[Prepared::new(a.clone(), None)]).unwrap();
        let before = s.counts().unwrap();
        let pk: i64 = s
            .connection()
            .query_row("SELECT pk FROM articles", [], |r| r.get(0))
            .unwrap();
        // The same url: the same article, with new content.
        let mut b = a.clone();
        b.text.push_str(" Nachtrag.");
        b.events.clear();
        let st = s.insert_batch(&[Prepared::new(b.clone(), None)]).unwrap();
        assert_eq!(
            st,
            InsertStats {
                added: 0,
                replaced: 1,
                skipped: 0
            }
        );
        let after = s.counts().unwrap();
        assert_eq!(after.articles, 1);
        assert_eq!(after.fts, 1);
        assert_eq!(after.entities, before.entities);
        assert_eq!(after.mentions, before.mentions);
        assert_eq!(after.events, 0);
        assert_eq!(s.article_text(pk).unwrap(), b.text);
        assert!(s.clusters_dirty().unwrap());
        // Again: unchanged. Another id: a new article.
        let st = s.insert_batch(&[Prepared::new(b.clone(), None)]).unwrap();
        assert_eq!((st.added, st.replaced, st.skipped), (0, 0, 1));
        let mut c = b.clone();
        c.id = "a2".into();
        c.url = None;
        c.text.push_str(" Noch einer.");
        let st = s.insert_batch(&[Prepared::new(c.clone(), None)]).unwrap();
        assert_eq!(st.added, 1);
        // Without a url, the id is the identity.
        c.text.push_str(" Und noch.");
        let st = s.insert_batch(&[Prepared::new(c, None)]).unwrap();
        assert_eq!(st.replaced, 1);
        // With a url, the url is the identity, whatever the id.
        let mut d = a.clone();
        d.id = "x".into();
        d.url = Some("https://example.org/1".into());
        s.insert_batch(&[Prepared::new(d.clone(), None)]).unwrap();
        d.id = "y".into();
        d.text.push_str(" Korrektur.");
        let st = s.insert_batch(&[Prepared::new(d, None)]).unwrap();
        assert_eq!(st.replaced, 1);
        assert_eq!(s.counts().unwrap().articles, 3);
    }

    #[test]
    fn content_hash_ignores_id_but_not_text() {
        let a = rich_analysis("a1", "2025-07-10");
        let mut b = a.clone();
        b.id = "elsewhere".into();
        assert_eq!(content_hash(&a), content_hash(&b));
        b.text.push('!');
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn reopening_a_file_keeps_data_and_refuses_newer_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let mut s = Store::open(&path).unwrap();
            s.insert_batch(&[Prepared::new(rich_analysis("a1", "2025-07-10"), None)])
                .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.counts().unwrap().articles, 1);
        s.connection()
            .execute_batch(&format!(
                "PRAGMA user_version = {}",
                STORE_SCHEMA_VERSION + 1
            ))
            .unwrap();
        drop(s);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NewerSchema { .. })
        ));
    }
}
