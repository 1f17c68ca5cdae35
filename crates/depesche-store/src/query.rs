//! The questions users ask of a corpus: search, entities, quotes, timeline, stories.

use std::time::Instant;

use rusqlite::types::{Value, ValueRef};
use serde::Serialize;

use crate::fold::{fold_into, fold_key, is_unindexed, query_variants, words, WordStemmer};
use crate::identity::{entity_key, query_keys};
use crate::{Result, Store, StoreError};

/// Highlight marks around matched words in snippets: brackets, which news
/// text rarely has, not quotation marks (« » are Swiss and French quotes).
pub const MARK_OPEN: &str = "[";
pub const MARK_CLOSE: &str = "]";

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words (all must occur), `"a phrase"`, `word*` (prefix), `-word`
    /// (exclude), `a OR b`. Words are stemmed like the index. May be empty
    /// when a filter is given: then the newest articles come first.
    pub text: String,
    /// Only articles mentioning this entity (canonical name, folded).
    pub entity: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Published on or before this date.
    pub to: Option<String>,
    pub source: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The input id of the article.
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// BM25 (higher is better); 0 for filter-only listings.
    pub score: f64,
    pub snippet: String,
    pub story_id: Option<i64>,
    /// The input id of the original when this article is an agency copy.
    pub duplicate_of: Option<String>,
    /// Other articles in this hit's copy group (agency copies of one text),
    /// which the results show once, as their best-ranked member.
    pub copies: i64,
}

enum Clause {
    /// Index keys, any of which may match.
    Term(Vec<String>),
    /// Alternative phrasings (one per stemming language).
    Phrase(Vec<Vec<String>>),
    Prefix(String),
    /// An FTS5 expression built from other clauses.
    Raw(String),
}

impl Clause {
    fn fts(&self) -> String {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match self {
            Clause::Term(v) => format!(
                "({})",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(" OR ")
            ),
            Clause::Phrase(alts) => format!(
                "({})",
                alts.iter()
                    .map(|p| q(&p.join(" ")))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            ),
            Clause::Prefix(p) => format!("{} *", q(p)),
            Clause::Raw(r) => r.clone(),
        }
    }
}

/// A parsed query: the FTS5 expression and the keys to highlight.
struct ParsedQuery {
    fts: Option<String>,
    keys: Vec<String>,
    prefixes: Vec<String>,
}

/// Longest query accepted, in characters: a search is a few words, and every
/// term costs an index lookup, so an accidental paste gets a clear error.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most terms (words, phrases, OR) in one query.
pub const MAX_QUERY_TERMS: usize = 64;

fn parse_query(text: &str) -> Result<ParsedQuery> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(StoreError::Query(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    // Tokens: "quoted phrases" and whitespace-separated words.
    let mut raw: Vec<(bool, String)> = Vec::new(); // (quoted, text)
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '„' || c == '“' {
            chars.next();
            let mut s = String::new();
            for c in chars.by_ref() {
                if c == '"' || c == '“' || c == '”' {
                    break;
                }
                s.push(c);
            }
            raw.push((true, s));
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            raw.push((false, s));
        }
    }
    if raw.len() > MAX_QUERY_TERMS {
        return Err(StoreError::Query(format!(
            "the query has {} terms; at most {MAX_QUERY_TERMS} are searched",
            raw.len()
        )));
    }
    let mut groups: Vec<Vec<Clause>> = Vec::new();
    let mut negatives: Vec<Clause> = Vec::new();
    let mut keys = Vec::new();
    let mut prefixes = Vec::new();
    let mut join_or = false;
    let mut dropped = false;
    for (quoted, tok) in raw {
        if !quoted && tok == "OR" {
            join_or = !groups.is_empty();
            continue;
        }
        let (negated, body) = match tok.strip_prefix('-') {
            Some(rest) if !quoted && !rest.is_empty() => (true, rest.to_string()),
            _ => (false, tok),
        };
        // Function words are not in the index (`fold::is_unindexed`): a
        // query leaves them out as the index did.
        let mut indexed = |w: &&str| {
            let keep = !is_unindexed(w);
            dropped |= !keep;
            keep
        };
        let clauses: Vec<Clause> = if quoted {
            let ws: Vec<&str> = words(&body).map(|w| w.1).filter(indexed).collect();
            if ws.is_empty() {
                continue;
            }
            let mut alts: Vec<Vec<String>> = Vec::new();
            for lang in ["de", "en", "other"] {
                let st = WordStemmer::for_lang(lang);
                let p: Vec<String> = ws.iter().map(|w| st.stem(w)).collect();
                if !alts.contains(&p) {
                    alts.push(p);
                }
            }
            if !negated {
                keys.extend(alts.iter().flatten().cloned());
            }
            vec![Clause::Phrase(alts)]
        } else if let Some(stem) = body.strip_suffix('*') {
            let mut ws: Vec<&str> = words(stem).map(|w| w.1).collect();
            let last = ws.pop();
            ws.retain(|w| indexed(w));
            ws.extend(last);
            let mut cl = Vec::new();
            for (i, w) in ws.iter().enumerate() {
                if i + 1 == ws.len() {
                    let p = fold_key(w);
                    if !negated {
                        prefixes.push(p.clone());
                    }
                    cl.push(Clause::Prefix(p));
                } else {
                    let v = query_variants(w);
                    if !negated {
                        keys.extend(v.iter().cloned());
                    }
                    cl.push(Clause::Term(v));
                }
            }
            cl
        } else {
            // "US-Präsident" is several index words: all must occur.
            words(&body)
                .map(|(_, w)| w)
                .filter(indexed)
                .map(|w| {
                    let v = query_variants(w);
                    if !negated {
                        keys.extend(v.iter().cloned());
                    }
                    Clause::Term(v)
                })
                .filter(|c| !matches!(c, Clause::Term(v) if v.is_empty()))
                .collect()
        };
        if clauses.is_empty() {
            continue;
        }
        if negated {
            negatives.extend(clauses);
        } else if join_or {
            // `a OR b`: b joins a's group (multi-word b is ANDed inside).
            let last = groups.last_mut().expect("join_or implies a group");
            if clauses.len() == 1 {
                last.extend(clauses);
            } else {
                let joined = clauses
                    .iter()
                    .map(Clause::fts)
                    .collect::<Vec<_>>()
                    .join(" AND ");
                last.push(Clause::Raw(format!("({joined})")));
            }
        } else {
            for c in clauses {
                groups.push(vec![c]);
            }
        }
        join_or = false;
    }
    if groups.is_empty() {
        if !negatives.is_empty() {
            return Err(StoreError::Query(
                "a query needs at least one word to look for besides the excluded ones".into(),
            ));
        }
        if dropped {
            return Err(StoreError::Query(
                "the query has only common words (\"der\", \"the\", …), which the index leaves out"
                    .into(),
            ));
        }
        return Ok(ParsedQuery {
            fts: None,
            keys,
            prefixes,
        });
    }
    let mut expr = groups
        .iter()
        .map(|g| {
            let parts: Vec<String> = g.iter().map(Clause::fts).collect();
            format!("({})", parts.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    for n in &negatives {
        expr = format!("({expr}) NOT {}", n.fts());
    }
    Ok(ParsedQuery {
        fts: Some(expr),
        keys,
        prefixes,
    })
}

fn check_date(d: &Option<String>, what: &str) -> Result<()> {
    if let Some(d) = d {
        if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
            return Err(StoreError::Query(format!(
                "{what} {d:?} is not a date; expected YYYY-MM-DD"
            )));
        }
    }
    Ok(())
}

/// SQL that matches a folded name exactly or as the last words of a longer
/// name ("kurz" finds "sebastian kurz"). `?N` is the folded name.
pub(crate) fn name_match_sql(column: &str, n: usize) -> String {
    format!(
        "({column} = ?{n} OR (length({column}) > length(?{n}) AND \
         substr({column}, length({column}) - length(?{n})) = ' ' || ?{n}))"
    )
}

impl Store {
    /// The normalised text of article `pk` (empty when it is gone).
    pub fn article_text(&self, pk: i64) -> Result<String> {
        let mut st = self
            .conn
            .prepare_cached("SELECT analysis FROM articles WHERE pk = ?1")?;
        let mut rows = st.query([pk])?;
        match rows.next()? {
            Some(r) => match r.get_ref(0)? {
                ValueRef::Blob(b) | ValueRef::Text(b) => crate::codec::decode_text(b),
                _ => Ok(String::new()),
            },
            None => Ok(String::new()),
        }
    }

    /// Ranked full-text search with filters and snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        check_date(&q.from, "--from")?;
        check_date(&q.to, "--to")?;
        let parsed = parse_query(&q.text)?;
        if q.limit == 0 {
            return Ok(Vec::new());
        }
        let mut params: Vec<Value> = Vec::new();
        let mut wheres: Vec<String> = Vec::new();
        let mut sql = String::new();
        if let Some(fts) = &parsed.fts {
            params.push(Value::Text(fts.clone()));
            sql.push_str(
                "SELECT a.pk, a.id, a.title, a.source, a.published, a.url, -bm25(articles_fts, 1.0, 3.0),
                        a.lang, a.story_id, d.id, COALESCE(a.duplicate_of, a.pk)
                 FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
                 LEFT JOIN articles d ON d.pk = a.duplicate_of",
            );
            wheres.push("articles_fts MATCH ?1".into());
        } else {
            if q.entity.is_none() && q.from.is_none() && q.to.is_none() && q.source.is_none() {
                return Err(StoreError::Query(
                    "give words to search for, or a filter (--entity, --from, --to, --source)"
                        .into(),
                ));
            }
            sql.push_str(
                "SELECT a.pk, a.id, a.title, a.source, a.published, a.url, 0.0,
                        a.lang, a.story_id, d.id, COALESCE(a.duplicate_of, a.pk)
                 FROM articles a LEFT JOIN articles d ON d.pk = a.duplicate_of",
            );
        }
        if let Some(e) = &q.entity {
            let keys = self.keys_for(e)?;
            if keys.is_empty() {
                return Ok(Vec::new());
            }
            wheres.push(format!(
                "a.pk IN (SELECT article FROM entities WHERE {})",
                self.key_match_sql("name_key", &keys, &mut params)
            ));
        }
        if let Some(d) = &q.from {
            params.push(Value::Text(d.clone()));
            wheres.push(format!("a.published >= ?{}", params.len()));
        }
        if let Some(d) = &q.to {
            params.push(Value::Text(d.clone()));
            wheres.push(format!("a.published <= ?{}", params.len()));
        }
        if let Some(s) = &q.source {
            params.push(Value::Text(fold_key(s)));
            wheres.push(format!("a.source_key = ?{}", params.len()));
        }
        if !wheres.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&wheres.join(" AND "));
        }
        if parsed.fts.is_some() {
            sql.push_str(" ORDER BY bm25(articles_fts, 1.0, 3.0), a.pk");
        } else {
            sql.push_str(" ORDER BY a.published IS NULL, a.published DESC, a.pk");
        }
        // Copies of one text collapse into one hit: read enough rows that
        // `limit` groups remain when every group has a few copies.
        let fetch = q.limit.saturating_mul(4).saturating_add(16);
        params.push(Value::Integer(i64::try_from(fetch).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" LIMIT ?{}", params.len()));
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            let pk: i64 = r.get(0)?;
            let lang: String = r.get(7)?;
            Ok((
                SearchHit {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    source: r.get(3)?,
                    published: r.get(4)?,
                    url: r.get(5)?,
                    score: r.get(6)?,
                    snippet: String::new(),
                    story_id: r.get(8)?,
                    duplicate_of: r.get(9)?,
                    copies: 0,
                },
                pk,
                lang,
                r.get::<_, i64>(10)?,
            ))
        })?;
        let mut hits = Vec::new();
        let mut groups = std::collections::HashSet::new();
        for row in rows {
            let (mut hit, pk, lang, group) = row.map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(m)) if m.contains("fts5") => {
                    StoreError::Query(format!("cannot search for {:?}: {m}", q.text))
                }
                e => e.into(),
            })?;
            if !groups.insert(group) {
                continue;
            }
            if hits.len() == q.limit {
                break;
            }
            // A group is its original and the articles that copy it: the
            // others than this hit are as many as the copies.
            hit.copies = self
                .conn
                .prepare_cached("SELECT count(*) FROM articles WHERE duplicate_of = ?1")?
                .query_row([group], |r| r.get::<_, i64>(0))?;
            // The text is read for the hits kept only: it is stored compressed.
            let text = self.article_text(pk)?;
            hit.snippet = snippet(&text, &lang, &parsed.keys, &parsed.prefixes, 30);
            hits.push(hit);
        }
        Ok(hits)
    }
}

/// The window of `width` words with the most query words, marked.
pub fn snippet(
    text: &str,
    lang: &str,
    keys: &[String],
    prefixes: &[String],
    width: usize,
) -> String {
    let stemmer = WordStemmer::for_lang(lang);
    let ws: Vec<(usize, &str)> = words(text).collect();
    if ws.is_empty() {
        return String::new();
    }
    // A word's stem begins with the letter its folded form begins with
    // (stemmers cut endings; umlauts and case are folded either way), so a
    // word whose first letter begins no query key is no hit, unstemmed.
    let firsts: Vec<char> = keys
        .iter()
        .chain(prefixes)
        .filter_map(|k| k.chars().next())
        .collect();
    let mut folded = String::new();
    let hit: Vec<bool> = ws
        .iter()
        .map(|&(_, w)| {
            folded.clear();
            fold_into(w, &mut folded);
            let f = folded.as_str();
            if !f.chars().next().is_some_and(|c| firsts.contains(&c)) {
                return false;
            }
            let mut hit = false;
            stemmer.each_key(std::iter::once(w), |s| {
                hit = keys.iter().any(|k| k == s || k == f)
                    || prefixes
                        .iter()
                        .any(|p| s.starts_with(p.as_str()) || f.starts_with(p.as_str()));
            });
            hit
        })
        .collect();
    let width = width.max(1).min(ws.len());
    let mut count = hit[..width].iter().filter(|&&h| h).count();
    let mut best_start = 0;
    let mut best_count = count;
    for start in 1..=ws.len() - width {
        count += hit[start + width - 1] as usize;
        count -= hit[start - 1] as usize;
        if count > best_count {
            best_count = count;
            best_start = start;
        }
    }
    // Start a little before the first hit so it has context.
    if best_count > 0 {
        let first = (best_start..best_start + width)
            .find(|&i| hit[i])
            .unwrap_or(best_start);
        best_start = first.saturating_sub(5).min(ws.len() - width);
    }
    let end_word = best_start + width - 1;
    let (from, to) = (ws[best_start].0, ws[end_word].0 + ws[end_word].1.len());
    let mut out = String::new();
    if best_start > 0 {
        out.push('…');
    }
    let mut at = from;
    for i in best_start..=end_word {
        let (s, w) = ws[i];
        out.push_str(&text[at..s].replace('\n', " "));
        if hit[i] {
            out.push_str(MARK_OPEN);
            out.push_str(w);
            out.push_str(MARK_CLOSE);
        } else {
            out.push_str(w);
        }
        at = s + w.len();
    }
    debug_assert!(at == to);
    if end_word + 1 < ws.len() {
        out.push('…');
    }
    out
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRow {
    /// The name most articles give it; for a person, the full name (first
    /// and last) most articles give, where any does ("Sergej Lawrow" over
    /// a more frequent "Lawrow").
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The corpus-wide key (`entities.name_key`, see [`crate::identity`]).
    pub key: String,
    /// Every canonical name the articles give it, most frequent first.
    pub aliases: Vec<String>,
    /// Languages of the articles that mention it.
    pub languages: Vec<String>,
    pub mentions: i64,
    pub articles: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRow {
    /// Input id of the article.
    pub id: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub speaker: Option<String>,
    pub kind: String,
    pub text: String,
    pub cue: Option<String>,
}

/// The quotes a listing picks from (`q`, their article `a`, their speaker
/// entity `s`), as `q.pk`; filters and [`QUOTES_ORDER`] follow.
pub(crate) const QUOTES_FROM: &str = "SELECT q.pk FROM quotes q JOIN articles a ON a.pk = q.article
     LEFT JOIN entities s ON s.pk = q.speaker";

/// Newest first (undated last), then in article order.
pub(crate) const QUOTES_ORDER: &str = "ORDER BY a.published IS NULL, a.published DESC, a.pk, q.idx";

/// A quote's text (`q`, its article `a`): its own where it has one, else
/// cut from its article's (see migration 4).
/// A time expression's words: its own `text` where the store kept one,
/// else the article text at its span (aliases `t`, `a`).
pub(crate) const TIME_TEXT: &str =
    "coalesce(t.text, substr(depesche_text(a.analysis), t.start + 1, t.\"end\" - t.start))";

pub(crate) const QUOTE_TEXT: &str =
    "coalesce(q.text, substr(depesche_text(a.analysis), q.start + 1, q.\"end\" - q.start))";

/// A quote listing of the quotes `picked` ([`QUOTES_FROM`] … `LIMIT`) in
/// its order, with the columns [`quote_row`] reads. A quote's text is cut
/// from its article's (stored only where it differs), for these rows only.
pub(crate) fn quote_listing(picked: &str) -> String {
    format!(
        "SELECT a.id, a.published, a.source, coalesce(s.name, q.speaker_text), q.kind,
                {QUOTE_TEXT}, q.cue
         FROM ({picked}) h JOIN quotes q ON q.pk = h.pk JOIN articles a ON a.pk = q.article
         LEFT JOIN entities s ON s.pk = q.speaker
         {QUOTES_ORDER}"
    )
}

pub(crate) fn quote_row(r: &rusqlite::Row) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        published: r.get(1)?,
        source: r.get(2)?,
        speaker: r.get(3)?,
        kind: r.get(4)?,
        text: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        cue: r.get(6)?,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineRow {
    /// `null` for articles without a publication date.
    pub date: Option<String>,
    pub mentions: i64,
    pub articles: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryRow {
    pub story_id: i64,
    /// Input ids, oldest first.
    pub articles: Vec<String>,
    /// Copy groups inside the story: `[original, copy, copy…]` as input ids.
    pub duplicates: Vec<Vec<String>>,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl Store {
    /// Entities by mentions, matched across articles and languages by their
    /// corpus-wide key.
    pub fn entities(&self, kind: Option<&str>, top: usize) -> Result<Vec<EntityRow>> {
        self.find_entities(kind, None, top)
    }

    /// As [`Self::entities`]; with `name`, only the entities that name (any
    /// alias, any spelling, or a person's last name) finds.
    pub fn find_entities(
        &self,
        kind: Option<&str>,
        name: Option<&str>,
        top: usize,
    ) -> Result<Vec<EntityRow>> {
        let kind = kind.map(|k| k.to_ascii_uppercase());
        if let Some(k) = &kind {
            if !["PER", "ORG", "LOC", "MISC"].contains(&k.as_str()) {
                return Err(StoreError::Query(format!(
                    "unknown entity type {k:?}; expected PER, ORG, LOC or MISC"
                )));
            }
        }
        let mut params: Vec<Value> = vec![
            kind.map_or(Value::Null, Value::Text),
            Value::Integer(i64::try_from(top).unwrap_or(i64::MAX)),
        ];
        let mut filter = String::new();
        if let Some(n) = name {
            let keys = self.keys_for(n)?;
            if keys.is_empty() {
                return Ok(Vec::new());
            }
            filter = format!(
                " AND {}",
                self.key_match_sql("e.name_key", &keys, &mut params)
            );
        }
        let sql = format!(
            "SELECT g.name_key, g.type, g.mentions, g.articles, g.first_seen, g.last_seen,
                    (SELECT json_group_array(n) FROM (SELECT e2.name AS n FROM entities e2
                     WHERE e2.name_key = g.name_key AND e2.type = g.type
                     GROUP BY e2.name ORDER BY count(*) DESC, e2.name)),
                    (SELECT json_group_array(DISTINCT a2.lang) FROM entities e3
                     JOIN articles a2 ON a2.pk = e3.article
                     WHERE e3.name_key = g.name_key AND e3.type = g.type)
             FROM (SELECT e.name_key, e.type, sum(e.mentions) AS mentions,
                          count(DISTINCT e.article) AS articles,
                          min(a.published) AS first_seen, max(a.published) AS last_seen
                   FROM entities e JOIN articles a ON a.pk = e.article
                   WHERE (?1 IS NULL OR e.type = ?1){filter}
                   GROUP BY e.name_key, e.type
                   ORDER BY mentions DESC, articles DESC, e.name_key
                   LIMIT ?2) g
             ORDER BY g.mentions DESC, g.articles DESC, g.name_key"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            let list = |i: usize| -> rusqlite::Result<Vec<String>> {
                let s: Option<String> = r.get(i)?;
                Ok(s.and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default())
            };
            let aliases = list(6)?;
            let mut languages = list(7)?;
            languages.sort();
            let kind: String = r.get(1)?;
            let full_name = aliases
                .iter()
                .find(|a| kind == "PER" && a.contains(' '))
                .or(aliases.first());
            Ok(EntityRow {
                name: full_name.cloned().unwrap_or_default(),
                kind,
                key: r.get(0)?,
                aliases,
                languages,
                mentions: r.get(2)?,
                articles: r.get(3)?,
                first_seen: r.get(4)?,
                last_seen: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Pairs of stored entities (two example names each) whose names differ
    /// only by German inflection although their keys differ: what the
    /// corpus-wide key should have joined ([`crate::identity::inflection_pairs`]).
    pub fn inflection_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT type, name_key, name FROM entities ORDER BY 1, 2, 3")?;
        let rows: Vec<(String, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let refs: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        Ok(crate::identity::inflection_pairs(&refs)
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect())
    }

    /// The corpus-wide keys a name typed by a user may stand for: its own
    /// keys as a person and as an organisation, and the GeoNames keys of
    /// places stored under that name ("Genf" finds `geo:2660646`, which the
    /// English articles' "Geneva" shares).
    pub fn keys_for(&self, name: &str) -> Result<Vec<String>> {
        let mut keys = query_keys(name);
        if keys.is_empty() {
            return Ok(keys);
        }
        let place_key = entity_key("LOC", name, None);
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT name, name_key FROM entities WHERE name_key >= 'geo:' AND name_key < 'geo;'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (n, k) = row?;
            if entity_key("LOC", &n, None) == place_key && !keys.contains(&k) {
                keys.push(k);
            }
        }
        Ok(keys)
    }

    /// SQL matching `column` against any of `keys`, whole or as its last
    /// words (a person's last name), with the keys appended to `params`.
    fn key_match_sql(&self, column: &str, keys: &[String], params: &mut Vec<Value>) -> String {
        let alts: Vec<String> = keys
            .iter()
            .map(|k| {
                params.push(Value::Text(k.clone()));
                name_match_sql(column, params.len())
            })
            .collect();
        format!("({})", alts.join(" OR "))
    }

    /// Quotes, newest first, by speaker and/or words. A speaker is found by
    /// any name or spelling of its entity, or a person's last name (as
    /// `entities --name`); a speaker that is no entity ("ein Sprecher") by
    /// its words, folded. Each query word must occur in the quote, stemmed
    /// as the index has it (any of its German, English and plain keys); the
    /// words are looked up in `quotes_fts`, so the cost grows with the
    /// quotes found, not with the corpus.
    pub fn quotes(
        &self,
        speaker: Option<&str>,
        query: Option<&str>,
        limit: usize,
    ) -> Result<Vec<QuoteRow>> {
        let mut params: Vec<Value> = Vec::new();
        let mut wheres: Vec<String> = Vec::new();
        if let Some(s) = speaker {
            let keys = self.keys_for(s)?;
            let mut alts = Vec::new();
            if !keys.is_empty() {
                alts.push(format!(
                    "q.speaker IN (SELECT e.pk FROM entities e WHERE {})",
                    self.key_match_sql("e.name_key", &keys, &mut params)
                ));
            }
            params.push(Value::Text(fold_key(s)));
            alts.push(format!(
                "(q.speaker_text IS NOT NULL AND {})",
                name_match_sql("depesche_fold_key(q.speaker_text)", params.len())
            ));
            wheres.push(format!("({})", alts.join(" OR ")));
        }
        if let Some(q) = query {
            if q.chars().count() > MAX_QUERY_CHARS || words(q).count() > MAX_QUERY_TERMS {
                return Err(StoreError::Query(format!(
                    "the quote query is over {MAX_QUERY_CHARS} characters or {MAX_QUERY_TERMS} words"
                )));
            }
            let terms: Vec<String> = words(q)
                .map(|(_, w)| query_variants(w))
                .filter(|v| !v.is_empty())
                .map(|v| Clause::Term(v).fts())
                .collect();
            if !terms.is_empty() {
                params.push(Value::Text(terms.join(" AND ")));
                wheres.push(format!(
                    "q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?{})",
                    params.len()
                ));
            }
        }
        let mut sql = String::from(QUOTES_FROM);
        if !wheres.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&wheres.join(" AND "));
        }
        params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" {QUOTES_ORDER} LIMIT ?{}", params.len()));
        let mut st = self.conn.prepare_cached(&quote_listing(&sql))?;
        let rows = st.query_map(rusqlite::params_from_iter(params), quote_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Mentions of an entity (full or last name, folded) per publication day.
    pub fn timeline(&self, name: &str) -> Result<Vec<TimelineRow>> {
        let keys = self.keys_for(name)?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = Vec::new();
        let sql = format!(
            "SELECT a.published, sum(e.mentions), count(DISTINCT a.pk)
             FROM entities e JOIN articles a ON a.pk = e.article
             WHERE {}
             GROUP BY a.published ORDER BY a.published IS NULL, a.published",
            self.key_match_sql("e.name_key", &keys, &mut params)
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(TimelineRow {
                date: r.get(0)?,
                mentions: r.get(1)?,
                articles: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stories with at least `min_articles` articles, largest first.
    pub fn stories(&self, min_articles: usize) -> Result<Vec<StoryRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.story_id, a.pk, a.id, a.title, a.published, a.duplicate_of
             FROM articles a
             WHERE a.story_id IN (SELECT story_id FROM articles WHERE story_id IS NOT NULL
                                  GROUP BY story_id HAVING count(*) >= ?1)
             ORDER BY a.story_id, a.published IS NULL, a.published, a.pk",
        )?;
        let mut rows = st.query([i64::try_from(min_articles.max(1)).unwrap_or(i64::MAX)])?;
        let mut out: Vec<StoryRow> = Vec::new();
        // (story index, original pk) → group members
        let mut groups: Vec<(i64, Vec<String>)> = Vec::new();
        let mut ids_by_pk: std::collections::HashMap<i64, String> = Default::default();
        let mut dup_edges: Vec<(usize, i64, i64)> = Vec::new();
        while let Some(r) = rows.next()? {
            let story: i64 = r.get(0)?;
            let pk: i64 = r.get(1)?;
            let id: String = r.get(2)?;
            let title: Option<String> = r.get(3)?;
            let published: Option<String> = r.get(4)?;
            let dup: Option<i64> = r.get(5)?;
            if out.last().is_none_or(|s| s.story_id != story) {
                out.push(StoryRow {
                    story_id: story,
                    articles: Vec::new(),
                    duplicates: Vec::new(),
                    title: None,
                    first_published: None,
                    last_published: None,
                });
            }
            let s = out.last_mut().expect("pushed above");
            if pk == story {
                s.title = title;
            }
            if let Some(p) = &published {
                if s.first_published.as_ref().is_none_or(|f| p < f) {
                    s.first_published = Some(p.clone());
                }
                if s.last_published.as_ref().is_none_or(|l| p > l) {
                    s.last_published = Some(p.clone());
                }
            }
            s.articles.push(id.clone());
            ids_by_pk.insert(pk, id);
            if let Some(d) = dup {
                dup_edges.push((out.len() - 1, d, pk));
            }
        }
        for (si, orig, copy) in dup_edges {
            let (Some(o), Some(c)) = (ids_by_pk.get(&orig), ids_by_pk.get(&copy)) else {
                continue;
            };
            match groups.iter_mut().find(|g| g.0 == orig) {
                Some(g) => g.1.push(c.clone()),
                None => groups.push((orig, vec![si.to_string(), o.clone(), c.clone()])),
            }
        }
        for (_, g) in groups {
            let si: usize = g[0].parse().unwrap_or(usize::MAX);
            if let Some(s) = out.get_mut(si) {
                s.duplicates.push(g[1..].to_vec());
            }
        }
        out.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.first_published.cmp(&b.first_published))
                .then(a.story_id.cmp(&b.story_id))
        });
        Ok(out)
    }
}

/// Latency figures of a search benchmark, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyStats {
    pub queries: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

impl Store {
    /// Queries for a search benchmark: the corpus's own frequent title words
    /// (single words and pairs), so the figures reflect real result sizes.
    pub fn sample_queries(&self, n: usize) -> Result<Vec<String>> {
        let mut st = self
            .conn
            // Titles where the articles have them; else the opening of the text
            // (scraped bodies and CSV corpora often carry no headline line).
            .prepare("SELECT COALESCE(title, teaser), analysis FROM articles ORDER BY pk")?;
        let mut titles: Vec<String> = Vec::new();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            match r.get::<_, Option<String>>(0)? {
                Some(t) => titles.push(t),
                None => {
                    let a = crate::codec::decode_value(r.get_ref(1)?)?;
                    titles.push(a.text.chars().take(200).collect());
                }
            }
        }
        let mut out = Vec::new();
        for (i, t) in titles.iter().enumerate() {
            let ws: Vec<&str> = words(t)
                .map(|w| w.1)
                // Words the index holds: a function word alone is refused.
                .filter(|w| w.chars().count() > 4 && !is_unindexed(w))
                .collect();
            if ws.is_empty() {
                continue;
            }
            // Alternate one-word and two-word queries.
            let q = if i % 2 == 0 || ws.len() < 2 {
                ws[0].to_string()
            } else {
                format!("{} {}", ws[0], ws[1])
            };
            out.push(q);
            if out.len() >= n {
                break;
            }
        }
        Ok(out)
    }

    /// Queries for a quote search benchmark: the first long word of every
    /// tenth stored quote, alternately alone and with the quote's second long
    /// word, so that result sizes are those of real words.
    pub fn sample_quote_queries(&self, n: usize) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {QUOTE_TEXT} FROM quotes q JOIN articles a ON a.pk = q.article
             WHERE q.pk % 10 = 0 ORDER BY q.pk"
        ))?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: String = r.get(0)?;
            let ws: Vec<&str> = words(&text)
                .map(|w| w.1)
                .filter(|w| w.chars().count() > 4)
                .collect();
            let q = match ws.as_slice() {
                [] => continue,
                [a, b, ..] if out.len() % 2 == 1 => format!("{a} {b}"),
                [a, ..] => a.to_string(),
            };
            out.push(q);
            if out.len() >= n {
                break;
            }
        }
        Ok(out)
    }

    /// Run each query (top 20 with snippets) and report latencies.
    pub fn bench_search(&self, queries: &[String]) -> Result<LatencyStats> {
        time_each(queries, |q| {
            self.search(&SearchQuery {
                text: q.to_string(),
                limit: 20,
                ..Default::default()
            })
            .map(drop)
        })
    }

    /// Run each quote query (the newest 20 quotes with all its words) and
    /// report latencies.
    pub fn bench_quotes(&self, queries: &[String]) -> Result<LatencyStats> {
        time_each(queries, |q| self.quotes(None, Some(q), 20).map(drop))
    }
}

/// Latencies of `run` over `queries`.
fn time_each(queries: &[String], run: impl Fn(&str) -> Result<()>) -> Result<LatencyStats> {
    let mut ms = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        run(q)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let pick = |f: f64| {
        ms.get(((ms.len() as f64 - 1.0) * f).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Ok(LatencyStats {
        queries: ms.len(),
        median_ms: pick(0.5),
        p95_ms: pick(0.95),
        max_ms: ms.last().copied().unwrap_or(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use crate::Prepared;
    use depesche::schema::{Entity, EntityType};

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut b = rich_analysis("b1", "2025-07-11");
        b.text = b
            .text
            .replace("offenes Gespräch", "schwieriges Gespräch über Häuser");
        b.quotes[0].text = "Es war ein schwieriges Gespräch über Häuser".into();
        b.source = Some("Andere Zeitung".into());
        s.insert_batch(&[
            Prepared::new(rich_analysis("a1", "2025-07-10"), None),
            Prepared::new(b, None),
        ])
        .unwrap();
        s
    }

    fn ids(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    fn q(text: &str) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            limit: 10,
            ..Default::default()
        }
    }

    #[test]
    fn search_stems_folds_and_filters() {
        let s = store();
        let hits = s.search(&q("Außenministern")).unwrap();
        assert_eq!(hits.len(), 2);
        assert!(
            hits[0].snippet.contains("[Außenminister]"),
            "{}",
            hits[0].snippet
        );
        assert_eq!(ids(&s.search(&q("haus")).unwrap()), ["b1"]);
        assert_eq!(ids(&s.search(&q("HÄUSERN")).unwrap()), ["b1"]);
        assert_eq!(ids(&s.search(&q("Rubio -Häuser")).unwrap()), ["a1"]);
        assert_eq!(ids(&s.search(&q("\"offenes Gespräch\"")).unwrap()), ["a1"]);
        assert_eq!(
            ids(&s.search(&q("\"Gespräch offenes\"")).unwrap()),
            Vec::<&str>::new()
        );
        assert_eq!(s.search(&q("Gespr*")).unwrap().len(), 2);
        assert_eq!(s.search(&q("Häuser OR offenes")).unwrap().len(), 2);
        assert_eq!(s.search(&q("Häuser OR nirgendwo")).unwrap().len(), 1);
        let mut f = q("Rubio");
        f.from = Some("2025-07-11".into());
        assert_eq!(ids(&s.search(&f).unwrap()), ["b1"]);
        f.from = None;
        f.to = Some("2025-07-10".into());
        assert_eq!(ids(&s.search(&f).unwrap()), ["a1"]);
        let mut f = q("Rubio");
        f.source = Some("andere ZEITUNG".into());
        assert_eq!(ids(&s.search(&f).unwrap()), ["b1"]);
        let mut f = q("");
        f.entity = Some("lawrow".into());
        assert_eq!(ids(&s.search(&f).unwrap()), ["b1", "a1"]);
        f.entity = Some("Niemand".into());
        assert!(s.search(&f).unwrap().is_empty());
        // Odd input is an error or nothing, never a crash.
        assert!(s.search(&q("")).is_err());
        assert!(s.search(&q("-Rubio")).is_err());
        assert!(s.search(&q("\" AND ( NEAR *")).is_ok());
        let mut f = q("Rubio");
        f.from = Some("10.07.2025".into());
        assert!(s.search(&f).is_err());
        // Function words are not indexed: a query skips them, phrases too,
        // and a query of nothing else says so.
        assert_eq!(ids(&s.search(&q("die Häuser")).unwrap()), ["b1"]);
        assert_eq!(
            ids(&s.search(&q("\"ein offenes Gespräch\"")).unwrap()),
            ["a1"]
        );
        let err = s.search(&q("die und \"der\"")).unwrap_err().to_string();
        assert!(err.contains("common words"), "{err}");
    }

    #[test]
    fn entities_quotes_timeline_fold_names() {
        let s = store();
        let e = s.entities(Some("per"), 10).unwrap();
        assert_eq!(e[0].name, "Marco Rubio");
        assert_eq!((e[0].mentions, e[0].articles), (4, 2));
        assert_eq!(e[0].first_seen.as_deref(), Some("2025-07-10"));
        assert_eq!(e[0].last_seen.as_deref(), Some("2025-07-11"));
        assert!(s.entities(Some("XYZ"), 10).is_err());
        assert_eq!(s.quotes(Some("RUBIO"), None, 10).unwrap().len(), 2);
        assert_eq!(
            s.quotes(Some("marco rubio"), Some("Haus"), 10).unwrap()[0].id,
            "b1"
        );
        assert!(s.quotes(Some("lawrow"), None, 10).unwrap().is_empty());
        let t = s.timeline("Sergej LAWROW").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].date.as_deref(), t[0].mentions, t[0].articles),
            (Some("2025-07-10"), 1, 1)
        );
        assert!(s.timeline("Nobody").unwrap().is_empty());
    }

    #[test]
    fn one_entity_across_articles_and_languages() {
        let mut s = store();
        // An English report: the English spelling, and Kuala Lumpur by its id.
        let mut en = rich_analysis("c1", "2025-07-11");
        en.lang = "en".into();
        en.text = en.text.replace("Sergej Lawrow", "Sergei Lavrov");
        en.entities[1].name = "Sergei Lavrov".into();
        en.entities[1].mentions[0].text = "Sergei Lavrov".into();
        en.entities.push(Entity {
            id: "e9".into(),
            kind: EntityType::LOC,
            name: "Kuala Lumpur".into(),
            roles: vec![],
            mentions: vec![],
            place: Some(0),
            affiliation: None,
        });
        // A German report that names him by his last name only, and the
        // EU in an inflected form.
        let mut de = rich_analysis("d1", "2025-07-12");
        de.entities[1].name = "Lawrows".into();
        de.entities.push(Entity {
            id: "e8".into(),
            kind: EntityType::ORG,
            name: "Europäischen Union".into(),
            roles: vec![],
            mentions: vec![],
            place: None,
            affiliation: None,
        });
        let mut eu = rich_analysis("e1", "2025-07-12");
        eu.lang = "en".into();
        eu.entities[1] = Entity {
            id: "e2".into(),
            kind: EntityType::ORG,
            name: "European Union".into(),
            roles: vec![],
            mentions: vec![],
            place: None,
            affiliation: None,
        };
        s.insert_batch(&[
            Prepared::new(en, None),
            Prepared::new(de, None),
            Prepared::new(eu, None),
        ])
        .unwrap();
        s.recluster(&crate::cluster::ClusterParams::default())
            .unwrap();
        let a = s.find_entities(None, Some("Lavrov"), 10).unwrap();
        let b = s.find_entities(None, Some("lawrow"), 10).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].languages, ["de", "en"]);
        assert_eq!(a[0].articles, 4);
        assert!(a[0].aliases.contains(&"Sergej Lawrow".to_string()));
        assert!(a[0].aliases.contains(&"Sergei Lavrov".to_string()));
        // Listed under a full name, not the bare surname one article gives.
        assert!(a[0].name.contains(' '), "{a:?}");
        let eu = s.find_entities(Some("ORG"), Some("EU"), 10).unwrap();
        assert_eq!((eu.len(), eu[0].articles), (1, 2), "{eu:?}");
        assert_eq!(eu[0].languages, ["de", "en"]);
        assert!(s
            .find_entities(None, Some("Niemand"), 10)
            .unwrap()
            .is_empty());
        assert!(s.find_entities(None, Some(""), 10).unwrap().is_empty());
        // No two stored entities differ only by inflection.
        let mut st = s
            .connection()
            .prepare("SELECT DISTINCT type, name_key, name FROM entities")
            .unwrap();
        let rows: Vec<(String, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let refs: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        assert_eq!(crate::identity::inflection_pairs(&refs), []);
    }

    #[test]
    fn snippet_marks_hits_and_handles_edges() {
        let keys = vec!["haus".to_string()];
        let s = snippet("Ein Haus. Zwei Häuser.", "de", &keys, &[], 30);
        assert_eq!(s, "Ein [Haus]. Zwei [Häuser]");
        assert_eq!(snippet("", "de", &keys, &[], 30), "");
        let long = format!("{} Haus am Ende", "wort ".repeat(100));
        let s = snippet(&long, "de", &keys, &[], 10);
        assert!(s.starts_with('…') && s.contains("[Haus]"), "{s}");
    }

    #[test]
    fn bench_reports_latencies() {
        let s = store();
        let qs = s.sample_queries(10).unwrap();
        assert!(!qs.is_empty());
        let st = s.bench_search(&qs).unwrap();
        assert_eq!(st.queries, qs.len());
        assert!(st.median_ms <= st.max_ms);
    }
}
