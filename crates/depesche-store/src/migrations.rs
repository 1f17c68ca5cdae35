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
    // 4: quotes name their speaker by entity, keep no copy of their text and
    // are found through an index. `text` is NULL when the quote is the
    // article text [start, end) (as mentions, whose text went in schema 2;
    // queries and exports read it from the article), and holds the words
    // only where the pipeline gave other ones.
    // `speaker` is the speaker's `entities.pk` (so its corpus-wide key is
    // `entities.name_key`, as everywhere else), `speaker_text` the speaker as
    // the analysis gives it when no entity is (the resolved name and folded
    // name of schema 3 are gone: a join gives them). Quote search reads
    // `quotes_fts`, a contentless index of each quote's stemmed words
    // (`detail=none`: which quotes hold a word, no positions, since quote
    // search asks for words, not phrases), instead of stemming every quote
    // as it reads it. Its rowid is the quote's `pk`: dense, so its lists
    // stay small. The `ascii` tokenizer splits only at spaces and ASCII
    // punctuation, so each stemmed word (letters and digits of any script)
    // is one index term, as a query word's stem is.
    (
        r#"
CREATE TABLE quotes_v4 (
    pk           INTEGER PRIMARY KEY,
    article      INTEGER NOT NULL REFERENCES articles(pk),
    idx          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT,
    speaker      INTEGER REFERENCES entities(pk),
    speaker_text TEXT,
    cue          TEXT
);
INSERT INTO quotes_v4 (article, idx, kind, start, "end", text, speaker, speaker_text, cue)
    SELECT q.article, q.idx, q.kind, q.start, q."end",
           CASE WHEN q.text = substr(depesche_text(a.analysis), q.start + 1, q."end" - q.start)
                THEN NULL ELSE q.text END,
           e.pk,
           CASE WHEN e.pk IS NULL THEN q.speaker END, q.cue
    FROM quotes q JOIN articles a ON a.pk = q.article
    LEFT JOIN entities e ON e.article = q.article AND e.eid = q.speaker
    ORDER BY q.article, q.idx;
DROP TABLE quotes;
ALTER TABLE quotes_v4 RENAME TO quotes;
CREATE UNIQUE INDEX quotes_article ON quotes(article, idx);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content = '', contentless_delete = 1,
    detail = none, tokenize = 'ascii');
INSERT INTO quotes_fts(rowid, text)
    SELECT q.pk, depesche_stem_key(coalesce(q.text, substr(depesche_text(a.analysis), q.start + 1,
        q."end" - q.start)), a.lang)
    FROM quotes q JOIN articles a ON a.pk = q.article;
"#,
        None,
    ),
    // 5: a smaller store. The search index puts the body first and the
    // title second: FTS5 marks every entry of a column after the first
    // with the column's number, so with the body first most entries carry
    // no mark (~20 % of the index). It also leaves out function words
    // (`fold::is_unindexed`; another ~25 %). Being contentless, it is
    // rebuilt from the stored analyses, which are rewritten in codec
    // format 4 on the way (~15 % smaller rows). `events.source_key` and
    // `target_key` are the store-wide entity key (`entities.name_key`) of
    // the actor's entity, as quotes and mentions have it through their
    // entity row (kept equal when clustering joins keys), and NULL for an agent that is no entity (its words stay
    // in `source_name` / `target_name`). Mentions keep no `article` (their
    // entity row has it), times no `text` where it is the article text at
    // their span (as quotes since schema 4).
    (
        r#"
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(body, title, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE mentions_v5 (
    entity  INTEGER NOT NULL REFERENCES entities(pk),
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (entity, start, "end")
) WITHOUT ROWID;
INSERT INTO mentions_v5 (entity, start, "end") SELECT entity, start, "end" FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v5 RENAME TO mentions;
CREATE TABLE times_v5 (
    article INTEGER NOT NULL REFERENCES articles(pk),
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    TEXT,
    type    TEXT NOT NULL,
    value   TEXT,
    mod     TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
INSERT INTO times_v5 (article, idx, start, "end", text, type, value, mod)
    SELECT t.article, t.idx, t.start, t."end",
           CASE WHEN t.text = substr(depesche_text(a.analysis), t.start + 1, t."end" - t.start)
                THEN NULL ELSE t.text END,
           t.type, t.value, t.mod
    FROM times t JOIN articles a ON a.pk = t.article ORDER BY t.article, t.idx;
DROP TABLE times;
ALTER TABLE times_v5 RENAME TO times;
"#,
        Some(reindex_rows),
    ),
];

/// Page size of new stores (and of stores a migration rebuilds). The
/// analyses are rows of 0.2–25 KB (~3 KB); a leaf page holds whole rows, so
/// the space left at the end of each page grows with the page: 2 KiB pages
/// waste half of what 4 KiB pages did (the store is ~4 % smaller), while
/// quote and entity rows (~0.2 KB) still fit many to a page.
///
/// Schema 5 halves the page again (1 KiB): the analyses are ~2.3 KB now
/// and nearly all overflow, so the slack is the unfilled end of each row's
/// last overflow page, half a page on average (10kGNAD: −2 % of the
/// store, though the search index's 4 KB leaves now span four pages).
pub const PAGE_SIZE: i64 = 1024;

/// Every article's key, in order (the Rust steps rewrite articles one by one).
fn article_pks(tx: &Transaction) -> Result<Vec<i64>, StoreError> {
    Ok(tx
        .prepare("SELECT pk FROM articles ORDER BY pk")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stored analysis of article `pk`, decoded (`None`: no such article).
fn stored_analysis(
    tx: &Transaction,
    pk: i64,
) -> Result<Option<depesche::schema::Analysis>, StoreError> {
    let mut st = tx.prepare_cached("SELECT analysis FROM articles WHERE pk = ?1")?;
    let mut rows = st.query([pk])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(crate::codec::decode_value(row.get_ref(0)?)?))
}

/// Migration 2's Rust step: every analysis recompressed, its events stored
/// again with all their fields.
fn compact_rows(tx: &Transaction) -> Result<(), StoreError> {
    for pk in article_pks(tx)? {
        let Some(mut a) = stored_analysis(tx, pk)? else {
            continue;
        };
        let blob = crate::codec::encode(&mut a);
        tx.prepare_cached("UPDATE articles SET analysis = ?2, minhash = NULL WHERE pk = ?1")?
            .execute(params![pk, blob])?;
        crate::insert_events(tx, pk, &a)?;
    }
    Ok(())
}

/// Migration 5's Rust step: every analysis in codec format 4 and in the
/// search index again (title and body as `Prepared` indexes them), every
/// entity keyed by this build's identity rules and every event by its
/// actors' keys; clustering (which joins keys corpus-wide) is due again.
fn reindex_rows(tx: &Transaction) -> Result<(), StoreError> {
    for pk in article_pks(tx)? {
        let Some(mut a) = stored_analysis(tx, pk)? else {
            continue;
        };
        let (title, body) = crate::index_texts_of(&a);
        tx.prepare_cached("INSERT INTO articles_fts(rowid, title, body) VALUES (?1, ?2, ?3)")?
            .execute(params![pk, title, body])?;
        // The identity rules of this build (the corpus-wide joins of
        // `identity` run again at the next clustering, flagged below).
        for e in &a.entities {
            tx.prepare_cached("UPDATE entities SET name_key = ?3 WHERE article = ?1 AND eid = ?2")?
                .execute(params![pk, e.id, crate::entity_key_of(&a, e)])?;
        }
        let blob = crate::codec::encode(&mut a);
        tx.prepare_cached("UPDATE articles SET analysis = ?2 WHERE pk = ?1")?
            .execute(params![pk, blob])?;
    }
    crate::refresh_event_keys(tx)?;
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_dirty', '1')",
        [],
    )?;
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
    if rewrote || (current > 0 && current < STORE_SCHEMA_VERSION) {
        // Rows rewritten smaller and tables rebuilt leave free pages; give
        // them back once, in pages of this build's size.
        rebuild(conn)?;
    }
    Ok(())
}

/// Rebuild the file (`VACUUM`) in pages of [`PAGE_SIZE`]. A WAL file keeps
/// its page size, so the journal leaves WAL for the rebuild; when it cannot
/// (another connection has the file open) the file is rebuilt as it is.
fn rebuild(conn: &Connection) -> Result<(), StoreError> {
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let wal = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))?
        .eq_ignore_ascii_case("wal");
    if page != PAGE_SIZE
        && (!wal
            || conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                    r.get::<_, String>(0)
                })
                .is_ok_and(|m| m.eq_ignore_ascii_case("delete")))
    {
        conn.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}"))?;
    }
    conn.execute_batch("VACUUM")?;
    if wal {
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
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

    #[test]
    fn a_schema_3_store_gets_entity_speakers_and_a_quote_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.db");
        let mut a = rich_analysis("a1", "2025-07-10");
        let quote = a.quotes[0].clone();
        // The words inside the quotation marks: the article text there.
        let (q0, q1) = crate::testutil::span_of(&a.text, &quote.text);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("PRAGMA journal_mode = WAL").unwrap();
            for (sql, _) in &MIGRATIONS[..3] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute(
                "INSERT INTO articles (pk, id, content_hash, lang, n_chars, n_sentences, n_tokens,
                    analysis, ingested_at) VALUES (1, 'a1', 'h1', 'de', 1, 1, 1, ?1, 'now')",
                [crate::codec::encode(&mut a)],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO quotes (article, idx, kind, start, \"end\", text, speaker, speaker_name,
                    speaker_key) VALUES
                    (1, 0, 'direct', ?1, ?2, ?3, 'e2', 'Sergej Lawrow', 'sergej lawrow'),
                    (1, 1, 'direct', 0, 3, 'Wir helfen', 'ein Sprecher', 'ein Sprecher', 'ein sprecher')",
                params![q0 as i64, q1 as i64, quote.text],
            )
            .unwrap();
            conn.execute_batch(
                "PRAGMA user_version = 3;
                 INSERT INTO entities (pk, article, eid, type, name, name_key, roles, mentions)
                    VALUES (7, 1, 'e2', 'PER', 'Sergej Lawrow', 'sergei lavrov', '[]', 1);",
            )
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), STORE_SCHEMA_VERSION);
        let page: i64 = s
            .connection()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(page, PAGE_SIZE);
        type Row = (Option<i64>, Option<String>, Option<String>);
        let rows: Vec<Row> = s
            .connection()
            .prepare("SELECT speaker, speaker_text, text FROM quotes ORDER BY idx")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // The first quote is the article's text there: no copy is kept.
        assert_eq!(
            rows,
            [
                (Some(7), None, None),
                (None, Some("ein Sprecher".into()), Some("Wir helfen".into()))
            ]
        );
        // Both quotes are in the index, under their stemmed words.
        let q = s.quotes(None, Some("Gesprächen"), 10).unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("Sergej Lawrow"));
        assert_eq!(q[0].text, quote.text);
        let q = s.quotes(Some("Sprecher"), Some("helfen"), 10).unwrap();
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn a_schema_4_store_gets_a_smaller_index_rows_and_entity_keys_on_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        let a = rich_analysis("a1", "2025-07-10");
        let (d0, d1) = (a.times[0].start as i64, a.times[0].end as i64);
        let (m0, m1) = crate::testutil::span_of(&a.text, "Sergej Lawrow");
        {
            let conn = Connection::open(&path).unwrap();
            crate::register_functions(&conn).unwrap();
            for (sql, _) in &MIGRATIONS[..4] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch("PRAGMA user_version = 4").unwrap();
            // A schema-4 row: the analysis as JSON text (any stored form reads).
            conn.execute(
                "INSERT INTO articles (pk, id, content_hash, lang, n_chars, n_sentences, n_tokens,
                    analysis, ingested_at) VALUES (1, 'a1', 'h1', 'de', 1, 1, 1, ?1, 'now')",
                [serde_json::to_string(&a).unwrap()],
            )
            .unwrap();
            conn.execute_batch(&format!(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (1, 'rubio', 'die lawrow treff');
                 INSERT INTO entities (pk, article, eid, type, name, name_key, roles, mentions)
                    VALUES (7, 1, 'e2', 'PER', 'Sergej Lawrow', 'sergei lavrov', '[]', 1);
                 INSERT INTO mentions (article, entity, start, \"end\") VALUES (1, 7, {m0}, {m1});
                 INSERT INTO times (article, idx, start, \"end\", text, type)
                    VALUES (1, 0, {d0}, {d1}, 'am Donnerstag', 'DATE'),
                           (1, 1, 0, 3, 'other words', 'DATE');
                 INSERT INTO events (article, idx, eid, plover, code, quad_class, goldstein,
                    target, target_name, target_key, source_name, source_key, symmetric,
                    negated, hypothetical, sentence, confidence)
                    VALUES (1, 0, 'v1', 'CONSULT', '040', 1, 1.0, 'e2', 'Sergej Lawrow',
                            'sergej lawrow', 'die Polizei', 'die polizei', 0, 0, 0, 0, 0.8),
                           (1, 1, 'v2', 'ASSAULT', '190', 4, -10.0, NULL, 'Rebellen',
                            'rebellen', 'die Polizei', 'die polizei', 0, 0, 0, 0, 0.8);"
            ))
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), STORE_SCHEMA_VERSION);
        let c = s.connection();
        // The index was rebuilt from the analysis: body first, no function words.
        let hits = |q: &str| -> i64 {
            c.query_row(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1",
                [q],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(hits("body:lawrow"), 1);
        assert_eq!(hits("title:kuala"), 1);
        assert_eq!(hits("die"), 0);
        // The analysis is rewritten in the current stored form and reads back.
        let (first, back): (Vec<u8>, String) = c
            .query_row("SELECT analysis FROM articles", [], |r| {
                let v = r.get_ref(0)?;
                Ok((
                    v.as_blob().map(|b| b[..1].to_vec()).unwrap_or_default(),
                    crate::codec::json_of_value(v).unwrap(),
                ))
            })
            .unwrap();
        assert_eq!(first, [4]);
        assert_eq!(back, serde_json::to_string(&a).unwrap());
        // Event actors carry the entity's store-wide key; an agent none.
        let agents: i64 = c
            .query_row(
                "SELECT count(*) FROM events WHERE source_key IS NOT NULL OR target_key IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(agents, 1, "only the entity actor keeps a key");
        let keys: (Option<String>, Option<String>, String) = c
            .query_row(
                "SELECT source_key, target_key, source_name FROM events WHERE idx = 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let lavrov = crate::identity::entity_key("PER", "Sergei Lavrov", None);
        assert_eq!(keys, (None, Some(lavrov), "die Polizei".into()));
        // Mentions are reached through their entity; a time's text is kept
        // only where it is not the article's.
        let mentions: i64 = c
            .query_row("SELECT count(*) FROM mentions WHERE entity = 7", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(mentions, 1);
        assert!(c.prepare("SELECT article FROM mentions").is_err());
        let texts: Vec<Option<String>> = c
            .prepare("SELECT text FROM times ORDER BY idx")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(texts, [None, Some("other words".into())]);
        // Search and event queries work on the migrated store.
        let q = crate::query::SearchQuery {
            text: "Lawrow".into(),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(s.search(&q).unwrap().len(), 1);
        let ev = s
            .events(&crate::event_query::EventQuery {
                target: Some("Lavrov".into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(ev.len(), 1);
    }
}
