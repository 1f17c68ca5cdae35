//! The store's schema as an ordered list of migrations. `PRAGMA user_version`
//! holds how many have been applied; opening a store applies the rest, each in
//! its own transaction, so an old file is brought up to date and a new file is
//! built by the same path. Never edit a released migration: append one.
//! A migration is SQL, optionally followed by a Rust step for what SQL
//! cannot do (recompressing rows).

use rusqlite::{params, Connection, Transaction};

use crate::StoreError;

/// The schema version this build writes (= number of migrations).
pub const STORE_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

type RustStep = fn(&Transaction) -> Result<(), StoreError>;

const MIGRATIONS: &[(&str, Option<RustStep>)] = &[
    // 1: the corpus tables.
    (
        r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE articles (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    input_hash   TEXT,
    url          TEXT,
    source       TEXT,
    source_key   TEXT,
    published    TEXT,
    lang         TEXT NOT NULL,
    title        TEXT,
    teaser       TEXT,
    n_chars      INTEGER NOT NULL,
    n_sentences  INTEGER NOT NULL,
    n_tokens     INTEGER NOT NULL,
    duplicate_of INTEGER REFERENCES articles(pk),
    story_id     INTEGER,
    minhash      BLOB,
    analysis     TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_id ON articles(id);
CREATE INDEX articles_input_hash ON articles(input_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source_key ON articles(source_key);
CREATE INDEX articles_story ON articles(story_id);
CREATE TABLE blocks (
    article INTEGER NOT NULL REFERENCES articles(pk),
    idx     INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE entities (
    pk       INTEGER PRIMARY KEY,
    article  INTEGER NOT NULL REFERENCES articles(pk),
    eid      TEXT NOT NULL,
    type     TEXT NOT NULL,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,
    roles    TEXT NOT NULL,
    place    INTEGER,
    mentions INTEGER NOT NULL
);
CREATE INDEX entities_article ON entities(article);
CREATE INDEX entities_name_key ON entities(name_key, type);
CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(pk),
    entity  INTEGER NOT NULL REFERENCES entities(pk),
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE quotes (
    article     INTEGER NOT NULL REFERENCES articles(pk),
    idx         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    text_key    TEXT NOT NULL,
    speaker     TEXT,
    speaker_name TEXT,
    speaker_key TEXT,
    cue         TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
CREATE TABLE times (
    article INTEGER NOT NULL REFERENCES articles(pk),
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    TEXT NOT NULL,
    type    TEXT NOT NULL,
    value   TEXT,
    mod     TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE places (
    article   INTEGER NOT NULL REFERENCES articles(pk),
    idx       INTEGER NOT NULL,
    entity    TEXT,
    name      TEXT NOT NULL,
    geonameid INTEGER,
    country   TEXT,
    lat       REAL,
    lon       REAL,
    kind      TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE events (
    article     INTEGER NOT NULL REFERENCES articles(pk),
    idx         INTEGER NOT NULL,
    code        TEXT NOT NULL,
    plover      TEXT,
    source      TEXT,
    source_name TEXT,
    target      TEXT,
    target_name TEXT,
    place       TEXT,
    time        TEXT,
    sentence    INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
-- Title and body, stemmed and folded by depesche (FTS5 has no German stemmer).
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIEW stories AS
    SELECT story_id,
           count(*) AS articles,
           count(*) - count(duplicate_of) AS distinct_texts,
           min(published) AS first_published,
           max(published) AS last_published
    FROM articles WHERE story_id IS NOT NULL GROUP BY story_id;
"#,
        None,
    ),
    // 2: a compact store. The analysis is stored compressed (see `codec`),
    // the MinHash is no longer stored (clustering derives it from the text),
    // the search index keeps no copy of the text (contentless; clustering
    // stems the words again from the analysis), mentions are found through
    // their entity (no index of their own), and events keep every field the
    // analysis gives, so they can be queried and exported as GDELT rows
    // (`code` is the CAMEO code, `plover` the PLOVER type, `time` the date,
    // names kept from schema 1).
    (
        r#"
ALTER TABLE articles_fts RENAME TO articles_fts_v1;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO articles_fts(rowid, title, body) SELECT rowid, title, body FROM articles_fts_v1;
DROP TABLE articles_fts_v1;
ALTER TABLE mentions DROP COLUMN text;
DROP TABLE events;
CREATE TABLE events (
    article        INTEGER NOT NULL REFERENCES articles(pk),
    idx            INTEGER NOT NULL,
    eid            TEXT NOT NULL,
    plover         TEXT NOT NULL,
    mode           TEXT,
    code           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    source         TEXT,
    source_name    TEXT,
    source_key     TEXT,
    source_country TEXT,
    source_agent   TEXT,
    target         TEXT,
    target_name    TEXT,
    target_key     TEXT,
    target_country TEXT,
    target_agent   TEXT,
    symmetric      INTEGER NOT NULL,
    place          TEXT,
    place_country  TEXT,
    geonameid      INTEGER,
    lat            REAL,
    lon            REAL,
    time           TEXT,
    date_basis     TEXT,
    negated        INTEGER NOT NULL,
    hypothetical   INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    confidence     REAL NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX events_plover ON events(plover, time);
CREATE INDEX events_time ON events(time);
DROP INDEX mentions_article;
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
"#,
        Some(compact_rows),
    ),
    // 3: smaller tables. Mentions are keyed by their entity (no rowid, no
    // second index: every query reaches them through `entities`), and quotes
    // keep no stemmed copy of their text (`text_key`): quote search stems
    // the text as it reads it (`depesche_stem_key`, see `Store`).
    (
        r#"
CREATE TABLE mentions_v3 (
    article INTEGER NOT NULL REFERENCES articles(pk),
    entity  INTEGER NOT NULL REFERENCES entities(pk),
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (entity, start, "end")
) WITHOUT ROWID;
INSERT OR IGNORE INTO mentions_v3 (article, entity, start, "end")
    SELECT article, entity, start, "end" FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v3 RENAME TO mentions;
ALTER TABLE quotes DROP COLUMN text_key;
"#,
        None,
    ),
];

/// Migration 2's Rust step: every analysis recompressed, its events stored
/// again with all their fields.
fn compact_rows(tx: &Transaction) -> Result<(), StoreError> {
    let pks: Vec<i64> = tx
        .prepare("SELECT pk FROM articles ORDER BY pk")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for pk in pks {
        let mut a = {
            let mut st = tx.prepare_cached("SELECT analysis FROM articles WHERE pk = ?1")?;
            let mut rows = st.query([pk])?;
            let Some(row) = rows.next()? else { continue };
            crate::codec::decode_value(row.get_ref(0)?)?
        };
        let blob = crate::codec::encode(&mut a);
        tx.prepare_cached("UPDATE articles SET analysis = ?2, minhash = NULL WHERE pk = ?1")?
            .execute(params![pk, blob])?;
        crate::insert_events(tx, pk, &a)?;
    }
    Ok(())
}

/// Bring the schema up to [`STORE_SCHEMA_VERSION`]. A file written by a newer
/// build is refused rather than misread.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > STORE_SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: STORE_SCHEMA_VERSION,
        });
    }
    let mut rewrote = false;
    for (i, (sql, step)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if let Some(step) = step {
            step(&tx)?;
            rewrote = current > 0;
        }
        // PRAGMA takes no parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
            [version.to_string()],
        )?;
        tx.commit()?;
    }
    if rewrote {
        // Rows rewritten smaller leave free pages; give them back once.
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use crate::Store;

    #[test]
    fn a_schema_1_store_is_migrated_and_keeps_its_articles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let a = rich_analysis("a1", "2025-07-10");
        let json = serde_json::to_string(&a).unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0].0).unwrap();
            conn.execute_batch("PRAGMA user_version = 1").unwrap();
            conn.execute(
                "INSERT INTO articles (pk, id, content_hash, lang, n_chars, n_sentences, n_tokens,
                    analysis, ingested_at, published)
                 VALUES (1, 'a1', 'h1', 'de', 1, 1, 1, ?1, 'now', '2025-07-10')",
                [&json],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (1, 'rubio', 'lawrow treff')",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO events (article, idx, code, sentence, confidence) VALUES (1, 0, '040', 0, 1.0)",
                [],
            )
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), STORE_SCHEMA_VERSION);
        // The analysis is stored compressed and reads back as it was.
        let (kind, back): (String, String) = s
            .connection()
            .query_row("SELECT typeof(analysis), analysis FROM articles", [], |r| {
                Ok((
                    r.get(0)?,
                    crate::codec::json_of_value(r.get_ref(1)?).unwrap(),
                ))
            })
            .unwrap();
        assert_eq!(kind, "blob");
        assert_eq!(back, json);
        // The index and the events table were rebuilt.
        let hits: i64 = s
            .connection()
            .query_row(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'lawrow'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1);
        let c = s.counts().unwrap();
        assert_eq!(c.events as usize, a.events.len());
        let plover: String = s
            .connection()
            .query_row("SELECT plover FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(plover, a.events[0].kind);
    }
}
