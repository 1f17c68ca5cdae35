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
pub mod export;
pub mod fold;
pub mod ingest;
mod migrations;
pub mod query;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use depesche::input::Document;
use depesche::schema::{Analysis, BlockKind};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use xxhash_rust::xxh3::Xxh3;

pub use migrations::STORE_SCHEMA_VERSION;

use crate::cluster::{ClusterItem, ClusterParams};
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
    json: String,
    fts_title: String,
    fts_body: String,
    minhash: Vec<u8>,
}

impl Prepared {
    pub fn new(analysis: Analysis, input_hash: Option<String>) -> Self {
        let stemmer = WordStemmer::for_lang(&analysis.lang);
        let (title, body) = title_and_body(&analysis);
        let mut fts_title = String::new();
        stemmer.stem_text(&title, &mut fts_title);
        let mut fts_body = String::new();
        stemmer.stem_text(&body, &mut fts_body);
        let sig = cluster::MinHash::of(&format!("{title}\n{body}"));
        let json = serde_json::to_string(&analysis).unwrap_or_else(|_| "{}".into());
        Prepared {
            content_hash: content_hash(&analysis),
            input_hash,
            json,
            fts_title,
            fts_body,
            minhash: sig.to_blob(),
            analysis,
        }
    }
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
    pub skipped: usize,
}

/// What a clustering pass found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    pub articles: usize,
    pub duplicates: usize,
    pub stories: usize,
    pub multi_article_stories: usize,
}

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
        Self::setup(conn)
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
        Ok(Store { conn })
    }

    /// A store in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL: readers never block the writer; a crash loses at most the open
        // transaction. synchronous=NORMAL is durable to the last checkpoint and
        // never corrupts in WAL mode.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A 16 MiB page cache (default 2 MiB) keeps the index pages of a
        // batch in memory while it is written.
        conn.pragma_update(None, "cache_size", "-16384")?;
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
    /// content hash) are skipped, so re-ingesting adds nothing.
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
            if insert_one(&tx, p, &now, next_pk)? {
                next_pk += 1;
                stats.added += 1;
            } else {
                stats.skipped += 1;
            }
        }
        if stats.added > 0 {
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
        let mut entities: HashMap<i64, Vec<String>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT article, name_key FROM entities")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (a, k) = row?;
                entities.entry(a).or_default().push(k);
            }
        }
        let mut items = Vec::new();
        let mut current: HashMap<i64, (Option<i64>, Option<i64>)> = HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT a.pk, a.published, a.minhash, f.title, f.body, a.duplicate_of, a.story_id
                 FROM articles a JOIN articles_fts f ON f.rowid = a.pk ORDER BY a.pk",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let pk: i64 = r.get(0)?;
                let published: Option<String> = r.get(1)?;
                let blob: Option<Vec<u8>> = r.get(2)?;
                let title: String = r.get::<_, Option<String>>(3)?.unwrap_or_default();
                let body: String = r.get::<_, Option<String>>(4)?.unwrap_or_default();
                current.insert(pk, (r.get(5)?, r.get(6)?));
                // The title counts twice: it names the event.
                let terms = title
                    .split(' ')
                    .chain(title.split(' '))
                    .chain(body.split(' '))
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect();
                items.push(ClusterItem {
                    pk,
                    published: published
                        .and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
                    minhash: blob
                        .map(|b| cluster::MinHash::from_blob(&b))
                        .unwrap_or_default(),
                    terms,
                    entities: entities.remove(&pk).unwrap_or_default(),
                });
            }
        }
        let out = cluster::cluster(&items, params);
        drop(items);
        let tx = self.conn.transaction()?;
        {
            let mut st =
                tx.prepare("UPDATE articles SET duplicate_of = ?2, story_id = ?3 WHERE pk = ?1")?;
            for a in &out {
                if current.get(&a.pk) != Some(&(a.duplicate_of, Some(a.story_id))) {
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

/// Insert one article and its layers; `false` when it is stored already.
fn insert_one(tx: &Transaction, p: &Prepared, now: &str, pk: i64) -> Result<bool> {
    let a = &p.analysis;
    let added = tx
        .prepare_cached(
            // Until clustering says otherwise an article is its own story:
            // `story_id` starts as the article's own `pk` (the next rowid), so
            // clustering rewrites only the rows whose story or copy changes —
            // an UPDATE rewrites the whole row, `analysis` JSON included.
            "INSERT OR IGNORE INTO articles (pk, id, content_hash, input_hash, url, source,
                source_key, published, lang, title, teaser, n_chars, n_sentences, n_tokens,
                minhash, analysis, ingested_at, story_id)
             VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?
        .execute(params![
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
            p.minhash,
            p.json,
            now,
            pk,
        ])?;
    if added == 0 {
        return Ok(false);
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
    // Entity ids (`e1`) are local to the article: map them to names for
    // quote speakers and event actors.
    let mut names: HashMap<&str, &str> = HashMap::new();
    {
        let mut ent = tx.prepare_cached(
            "INSERT INTO entities (article, eid, type, name, name_key, roles, place, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut men = tx.prepare_cached(
            "INSERT INTO mentions (article, entity, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for e in &a.entities {
            names.insert(e.id.as_str(), e.name.as_str());
            ent.execute(params![
                pk,
                e.id,
                entity_type(e.kind),
                e.name,
                fold_key(&e.name),
                serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into()),
                e.place.map(|x| x as i64),
                e.mentions.len() as i64,
            ])?;
            let epk = tx.last_insert_rowid();
            for m in &e.mentions {
                men.execute(params![pk, epk, m.start as i64, m.end as i64, m.text])?;
            }
        }
    }
    let resolve = |s: &Option<String>| -> Option<String> {
        s.as_deref()
            .map(|s| names.get(s).map_or(s, |n| *n).to_string())
    };
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes (article, idx, kind, start, \"end\", text, text_key, speaker,
                speaker_name, speaker_key, cue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let stemmer = WordStemmer::for_lang(&a.lang);
        for (i, q) in a.quotes.iter().enumerate() {
            let mut key = String::new();
            stemmer.stem_text(&q.text, &mut key);
            let speaker_name = resolve(&q.speaker);
            st.execute(params![
                pk,
                i as i64,
                q.kind,
                q.start as i64,
                q.end as i64,
                q.text,
                format!(" {key} "),
                q.speaker,
                speaker_name,
                speaker_name.as_deref().map(fold_key),
                q.cue,
            ])?;
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO times (article, idx, start, \"end\", text, type, value, mod)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (i, t) in a.times.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                t.start as i64,
                t.end as i64,
                t.text,
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
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO events (article, idx, code, plover, source, source_name, target,
                target_name, place, time, sentence, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (i, ev) in a.events.iter().enumerate() {
            // The table keeps one source and one target per event (the first);
            // agents without an entity are stored by their words.
            let source = ev
                .source
                .first()
                .map(|x| x.entity.clone().unwrap_or(x.name.clone()));
            let target = ev
                .target
                .first()
                .map(|x| x.entity.clone().unwrap_or(x.name.clone()));
            st.execute(params![
                pk,
                i as i64,
                ev.cameo,
                ev.kind,
                source,
                resolve(&source),
                target,
                resolve(&target),
                ev.place.as_ref().map(|p| p.name.clone()),
                ev.date,
                ev.sentence as i64,
                ev.confidence as f64
            ])?;
        }
    }
    Ok(true)
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
        // Quote speakers and event actors resolve to entity names.
        let (speaker, source): (String, String) = s
            .connection()
            .query_row(
                "SELECT q.speaker_key, e.source_name FROM quotes q JOIN events e USING (article)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(speaker, "marco rubio");
        assert_eq!(source, "Marco Rubio");
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
