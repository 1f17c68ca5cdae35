//! Read-only queries for browsing a corpus (the `depesche serve` dashboard and
//! API): one article's stored analysis, entity pages with co-occurring
//! entities and quotes by and about them, stories with their members, places
//! with coordinates, events. Every listing takes a limit and an offset; the
//! callers cap both.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::fold::{fold_key, words};
use crate::query::{
    quote_listing, quote_row, EntityRow, QuoteRow, TimelineRow, MAX_QUERY_CHARS, QUOTES_FROM,
    QUOTES_ORDER,
};
use crate::{Result, Store, StoreError};

/// Entity types the store knows.
pub const ENTITY_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// An article's stored analysis (`depesche/1` JSON) and its corpus links.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub id: String,
    /// The analysis as stored (JSON text).
    pub analysis: String,
    pub story_id: Option<i64>,
    /// Input id of the original when this article is an agency copy.
    pub duplicate_of: Option<String>,
    /// Input ids of the copies of this article.
    pub copies: Vec<String>,
}

/// An entity across the corpus, keyed by type and folded name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntitySummary {
    /// `TYPE:folded name`, the key of the entity's page.
    pub key: String,
    #[serde(flatten)]
    pub row: EntityRow,
}

/// A co-occurring entity: how many articles mention both.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CoEntity {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub shared_articles: i64,
}

/// An article that mentions an entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub mentions: i64,
}

/// Everything the store knows about one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityDetail {
    pub key: String,
    #[serde(flatten)]
    pub row: EntityRow,
    /// Roles the analysis gave it ("Außenminister"), most frequent first.
    pub roles: Vec<(String, i64)>,
    pub timeline: Vec<TimelineRow>,
    pub co_occurring: Vec<CoEntity>,
    pub quotes_by: Vec<QuoteRow>,
    /// Quotes whose words mention the entity.
    pub quotes_about: Vec<QuoteRow>,
    pub articles: Vec<ArticleRef>,
}

/// One article of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryMember {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub duplicate_of: Option<String>,
    /// The body prose (title, teaser, paragraphs), for side-by-side reading.
    pub text: String,
}

/// A story in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub story_id: i64,
    pub title: Option<String>,
    pub articles: i64,
    pub distinct_texts: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub summary: StorySummary,
    /// Oldest first.
    pub members: Vec<StoryMember>,
}

/// A geocoded place with how often the corpus names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRow {
    pub name: String,
    pub geonameid: Option<i64>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub kind: String,
    pub articles: i64,
    /// Key of the entity page of the place, when an entity names it.
    pub entity_key: Option<String>,
}

/// A coded event (PLOVER/CAMEO) with its article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRow {
    pub id: String,
    pub published: Option<String>,
    pub code: String,
    pub plover: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub place: Option<String>,
    pub time: Option<String>,
    pub confidence: f64,
}

/// `TYPE:folded name` → (type, folded name), checked.
pub fn parse_entity_key(key: &str) -> Result<(String, String)> {
    let (kind, name) = key
        .split_once(':')
        .ok_or_else(|| StoreError::Query(format!("{key:?} is not an entity key (TYPE:name)")))?;
    let kind = kind.to_ascii_uppercase();
    if !ENTITY_TYPES.contains(&kind.as_str()) {
        return Err(StoreError::Query(format!(
            "unknown entity type {kind:?}; expected PER, ORG, LOC or MISC"
        )));
    }
    // A key as listed (`LOC:geo:2950159`, `PER:marko rubio`) or a type with
    // a display name (`PER:Marco Rubio`): both give the corpus-wide key.
    let name = if name.starts_with("geo:") {
        name.to_string()
    } else {
        crate::identity::entity_key(&kind, name, None)
    };
    if name.is_empty() {
        return Err(StoreError::Query("an entity key needs a name".into()));
    }
    Ok((kind, name))
}

/// The key of an entity page: type and the corpus-wide key of its name (a
/// place the store keys by its GeoNames id is found by its name too: see
/// [`Store::entity_detail`]).
pub fn entity_key(kind: &str, name: &str) -> String {
    let kind = kind.to_ascii_uppercase();
    let key = crate::identity::entity_key(&kind, name, None);
    format!("{kind}:{key}")
}

fn limit_param(n: usize) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn check_type(kind: Option<&str>) -> Result<Option<String>> {
    let kind = kind.map(|k| k.to_ascii_uppercase());
    if let Some(k) = &kind {
        if !ENTITY_TYPES.contains(&k.as_str()) {
            return Err(StoreError::Query(format!(
                "unknown entity type {k:?}; expected PER, ORG, LOC or MISC"
            )));
        }
    }
    Ok(kind)
}

/// The `depesche/1` JSON of a stored (compressed) analysis, inside a row closure.
fn stored_json(v: rusqlite::types::ValueRef<'_>, col: usize) -> rusqlite::Result<String> {
    crate::codec::json_of_value(v).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Blob, Box::new(e))
    })
}

/// Title and body blocks of a stored analysis, as plain text.
fn body_text(analysis: &str) -> String {
    let Ok(a) = serde_json::from_str::<depesche::schema::Analysis>(analysis) else {
        return String::new();
    };
    let chars: Vec<char> = a.text.chars().collect();
    let mut out = String::new();
    for b in a.blocks.iter().filter(|b| b.kind.is_body()) {
        let (s, e) = (b.start.min(chars.len()), b.end.min(chars.len()));
        out.extend(&chars[s..e.max(s)]);
        out.push('\n');
    }
    if a.blocks.is_empty() {
        out = a.text;
    }
    out
}

impl Store {
    /// One article by input id (the first stored, when several share it).
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT a.pk, a.id, a.analysis, a.story_id, d.id
                 FROM articles a LEFT JOIN articles d ON d.pk = a.duplicate_of
                 WHERE a.id = ?1 ORDER BY a.pk LIMIT 1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    StoredArticle {
                        id: r.get(1)?,
                        analysis: stored_json(r.get_ref(2)?, 2)?,
                        story_id: r.get(3)?,
                        duplicate_of: r.get(4)?,
                        copies: Vec::new(),
                    },
                ))
            })
            .optional()?;
        let Some((pk, mut art)) = row else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE duplicate_of = ?1 ORDER BY pk LIMIT 100",
        )?;
        art.copies = st
            .query_map([pk], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(art))
    }

    /// Entities by mentions, optionally of one type and whose folded name
    /// contains `q`.
    pub fn entity_list(
        &self,
        kind: Option<&str>,
        q: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntitySummary>> {
        let kind = check_type(kind)?;
        let q = q.map(fold_key).filter(|q| !q.is_empty());
        if q.as_ref()
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(StoreError::Query("the name filter is too long".into()));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT (SELECT e2.name FROM entities e2 WHERE e2.name_key = g.name_key AND e2.type = g.type
                     GROUP BY e2.name ORDER BY count(*) DESC, e2.name LIMIT 1),
                    g.type, g.mentions, g.articles, g.first_seen, g.last_seen, g.name_key
             FROM (SELECT e.name_key, e.type, sum(e.mentions) AS mentions,
                          count(DISTINCT e.article) AS articles,
                          min(a.published) AS first_seen, max(a.published) AS last_seen
                   FROM entities e JOIN articles a ON a.pk = e.article
                   WHERE (?1 IS NULL OR e.type = ?1) AND (?2 IS NULL OR instr(e.name_key, ?2) > 0)
                   GROUP BY e.name_key, e.type
                   ORDER BY mentions DESC, articles DESC, e.name_key, e.type
                   LIMIT ?3 OFFSET ?4) g
             ORDER BY g.mentions DESC, g.articles DESC, g.name_key, g.type",
        )?;
        let rows = st.query_map(
            rusqlite::params![kind, q, limit_param(limit), limit_param(offset)],
            |r| {
                let kind: String = r.get(1)?;
                let key: String = r.get(6)?;
                Ok(EntitySummary {
                    key: format!("{kind}:{key}"),
                    row: EntityRow {
                        name: r.get(0)?,
                        key: key.clone(),
                        aliases: Vec::new(),
                        languages: Vec::new(),
                        kind,
                        mentions: r.get(2)?,
                        articles: r.get(3)?,
                        first_seen: r.get(4)?,
                        last_seen: r.get(5)?,
                    },
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One entity's page: counts, roles, timeline, co-occurring entities,
    /// quotes by and about it, the articles that mention it (newest first).
    /// `None` when the corpus never names it.
    pub fn entity_detail(&self, key: &str, limit: usize) -> Result<Option<EntityDetail>> {
        let (kind, mut name_key) = parse_entity_key(key)?;
        // A place keyed by its GeoNames id, asked for by name: the key the
        // store gave that name.
        if !name_key.starts_with("geo:") {
            let stored: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT e.name_key FROM entities e WHERE e.type = ?1 AND e.name_key = ?2
                     UNION ALL
                     SELECT e.name_key FROM entities e WHERE e.type = ?1 AND e.name = ?3
                     LIMIT 1",
                )?
                .query_row(
                    rusqlite::params![kind, name_key, key.split_once(':').map_or("", |p| p.1)],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(k) = stored {
                name_key = k;
            }
        }
        let head = self
            .conn
            .prepare_cached(
                "SELECT (SELECT e2.name FROM entities e2 WHERE e2.name_key = ?1 AND e2.type = ?2
                         GROUP BY e2.name ORDER BY count(*) DESC, e2.name LIMIT 1),
                        sum(e.mentions), count(DISTINCT e.article), min(a.published), max(a.published)
                 FROM entities e JOIN articles a ON a.pk = e.article
                 WHERE e.name_key = ?1 AND e.type = ?2",
            )?
            .query_row([&name_key, &kind], |r| {
                Ok(EntityRow {
                    name: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    key: name_key.clone(),
                    aliases: Vec::new(),
                    languages: Vec::new(),
                    kind: kind.clone(),
                    mentions: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    articles: r.get(2)?,
                    first_seen: r.get(3)?,
                    last_seen: r.get(4)?,
                })
            })?;
        if head.articles == 0 {
            return Ok(None);
        }
        let mut roles: Vec<(String, i64)> = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT roles FROM entities WHERE name_key = ?1 AND type = ?2 AND roles != '[]'",
            )?;
            let mut rows = st.query([&name_key, &kind])?;
            while let Some(r) = rows.next()? {
                let json: String = r.get(0)?;
                for role in serde_json::from_str::<Vec<String>>(&json).unwrap_or_default() {
                    match roles.iter_mut().find(|x| x.0 == role) {
                        Some(x) => x.1 += 1,
                        None => roles.push((role, 1)),
                    }
                }
            }
        }
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        roles.truncate(limit);
        let timeline = {
            let mut st = self.conn.prepare_cached(
                "SELECT a.published, sum(e.mentions), count(DISTINCT a.pk)
                 FROM entities e JOIN articles a ON a.pk = e.article
                 WHERE e.name_key = ?1 AND e.type = ?2
                 GROUP BY a.published ORDER BY a.published IS NULL, a.published",
            )?;
            let rows = st.query_map([&name_key, &kind], |r| {
                Ok(TimelineRow {
                    date: r.get(0)?,
                    mentions: r.get(1)?,
                    articles: r.get(2)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let co_occurring = {
            let mut st = self.conn.prepare_cached(
                "SELECT o.type, o.name_key, min(o.name), count(DISTINCT o.article) AS n
                 FROM entities e JOIN entities o ON o.article = e.article
                 WHERE e.name_key = ?1 AND e.type = ?2
                   AND NOT (o.name_key = ?1 AND o.type = ?2)
                 GROUP BY o.type, o.name_key
                 ORDER BY n DESC, o.name_key LIMIT ?3",
            )?;
            let rows = st.query_map(
                rusqlite::params![&name_key, &kind, limit_param(limit)],
                |r| {
                    let t: String = r.get(0)?;
                    let k: String = r.get(1)?;
                    Ok(CoEntity {
                        key: format!("{t}:{k}"),
                        name: r.get(2)?,
                        kind: t,
                        shared_articles: r.get(3)?,
                    })
                },
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let quotes_by = {
            let mut st = self.conn.prepare_cached(&quote_listing(&format!(
                "{QUOTES_FROM} WHERE s.name_key = ?1 AND s.type = ?2 {QUOTES_ORDER} LIMIT ?3"
            )))?;
            let rows = st.query_map(
                rusqlite::params![&name_key, &kind, limit_param(limit)],
                quote_row,
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let quotes_about = {
            let mut st = self.conn.prepare_cached(&quote_listing(&format!(
                "{QUOTES_FROM} WHERE EXISTS (
                     SELECT 1 FROM entities e JOIN mentions m ON m.entity = e.pk
                     WHERE e.article = q.article AND e.name_key = ?1 AND e.type = ?2
                       AND m.start >= q.start AND m.\"end\" <= q.\"end\")
                   AND (s.pk IS NULL OR NOT (s.name_key = ?1 AND s.type = ?2))
                 {QUOTES_ORDER} LIMIT ?3"
            )))?;
            let rows = st.query_map(
                rusqlite::params![&name_key, &kind, limit_param(limit)],
                quote_row,
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let articles = {
            let mut st = self.conn.prepare_cached(
                "SELECT a.id, a.title, a.source, a.published, sum(e.mentions)
                 FROM entities e JOIN articles a ON a.pk = e.article
                 WHERE e.name_key = ?1 AND e.type = ?2
                 GROUP BY a.pk
                 ORDER BY a.published IS NULL, a.published DESC, a.pk LIMIT ?3",
            )?;
            let rows = st.query_map(
                rusqlite::params![&name_key, &kind, limit_param(limit)],
                |r| {
                    Ok(ArticleRef {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        source: r.get(2)?,
                        published: r.get(3)?,
                        mentions: r.get(4)?,
                    })
                },
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(Some(EntityDetail {
            key: format!("{kind}:{name_key}"),
            row: head,
            roles,
            timeline,
            co_occurring,
            quotes_by,
            quotes_about,
            articles,
        }))
    }

    /// Quotes, newest first, by speaker and/or words, paged.
    pub fn quote_page(
        &self,
        speaker: Option<&str>,
        q: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<QuoteRow>> {
        let speaker = speaker.filter(|s| !fold_key(s).is_empty());
        let q = q.filter(|q| words(q).next().is_some());
        let mut rows = self.quotes(speaker, q, limit.saturating_add(offset))?;
        Ok(rows.split_off(offset.min(rows.len())))
    }

    /// Stories with more than one article, largest first.
    pub fn story_list(&self, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.story_id, a.title, s.articles, s.distinct_texts, s.first_published, s.last_published
             FROM stories s LEFT JOIN articles a ON a.pk = s.story_id
             WHERE s.articles > 1
             ORDER BY s.articles DESC, s.first_published, s.story_id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map([limit_param(limit), limit_param(offset)], |r| {
            Ok(StorySummary {
                story_id: r.get(0)?,
                title: r.get(1)?,
                articles: r.get(2)?,
                distinct_texts: r.get(3)?,
                first_published: r.get(4)?,
                last_published: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One story with (at most `limit` of) its members, oldest first.
    pub fn story(&self, story_id: i64, limit: usize) -> Result<Option<StoryDetail>> {
        let summary = self
            .conn
            .prepare_cached(
                "SELECT s.story_id, a.title, s.articles, s.distinct_texts, s.first_published, s.last_published
                 FROM stories s LEFT JOIN articles a ON a.pk = s.story_id WHERE s.story_id = ?1",
            )?
            .query_row([story_id], |r| {
                Ok(StorySummary {
                    story_id: r.get(0)?,
                    title: r.get(1)?,
                    articles: r.get(2)?,
                    distinct_texts: r.get(3)?,
                    first_published: r.get(4)?,
                    last_published: r.get(5)?,
                })
            })
            .optional()?;
        let Some(summary) = summary else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.source, a.published, d.id, a.analysis
             FROM articles a LEFT JOIN articles d ON d.pk = a.duplicate_of
             WHERE a.story_id = ?1
             ORDER BY a.published IS NULL, a.published, a.pk LIMIT ?2",
        )?;
        let rows = st.query_map(rusqlite::params![story_id, limit_param(limit)], |r| {
            Ok(StoryMember {
                id: r.get(0)?,
                title: r.get(1)?,
                source: r.get(2)?,
                published: r.get(3)?,
                duplicate_of: r.get(4)?,
                text: body_text(&stored_json(r.get_ref(5)?, 5)?),
            })
        })?;
        let members = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Some(StoryDetail { summary, members }))
    }

    /// Geocoded places by the number of articles naming them.
    pub fn place_list(&self, limit: usize, offset: usize) -> Result<Vec<PlaceRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT min(p.name), p.geonameid, min(p.country), avg(p.lat), avg(p.lon), min(p.kind),
                    count(DISTINCT p.article) AS n,
                    min(e.type || ':' || e.name_key)
             FROM places p LEFT JOIN entities e ON e.article = p.article AND e.eid = p.entity
             WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
             GROUP BY COALESCE(CAST(p.geonameid AS TEXT), p.name)
             ORDER BY n DESC, min(p.name) LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map([limit_param(limit), limit_param(offset)], |r| {
            Ok(PlaceRow {
                name: r.get(0)?,
                geonameid: r.get(1)?,
                country: r.get(2)?,
                lat: r.get(3)?,
                lon: r.get(4)?,
                kind: r.get(5)?,
                articles: r.get(6)?,
                entity_key: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Coded events, newest first, optionally of one PLOVER type or CAMEO
    /// code prefix.
    pub fn event_list(
        &self,
        code: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EventRow>> {
        let code = code.map(str::trim).filter(|c| !c.is_empty());
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.published, e.code, e.plover, e.source_name, e.target_name, e.place,
                    e.time, e.confidence
             FROM events e JOIN articles a ON a.pk = e.article
             WHERE ?1 IS NULL OR e.plover = upper(?1) OR substr(e.code, 1, length(?1)) = ?1
             ORDER BY a.published IS NULL, a.published DESC, a.pk, e.idx LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st.query_map(
            rusqlite::params![code, limit_param(limit), limit_param(offset)],
            |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    published: r.get(1)?,
                    code: r.get(2)?,
                    plover: r.get(3)?,
                    source: r.get(4)?,
                    target: r.get(5)?,
                    place: r.get(6)?,
                    time: r.get(7)?,
                    confidence: r.get(8)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use crate::Prepared;

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        s.insert_batch(&[
            Prepared::new(rich_analysis("a1", "2025-07-10"), None),
            Prepared::new(rich_analysis("b1", "2025-07-11"), None),
        ])
        .unwrap();
        s
    }

    #[test]
    fn article_entities_and_keys() {
        let s = store();
        let a = s.article("a1").unwrap().unwrap();
        assert!(a.analysis.contains("Rubio"));
        assert!(s.article("nope").unwrap().is_none());
        let list = s.entity_list(Some("per"), Some("RUB"), 10, 0).unwrap();
        assert_eq!(list[0].key, "PER:marko rubio");
        assert!(s.entity_list(Some("xyz"), None, 10, 0).is_err());
        assert!(s.entity_list(None, None, 10, 1000).unwrap().is_empty());
        let d = s.entity_detail("per:Marco Rubio", 10).unwrap().unwrap();
        assert_eq!((d.row.mentions, d.row.articles), (4, 2));
        assert_eq!(d.timeline.len(), 2);
        assert!(!d.quotes_by.is_empty());
        assert!(d.co_occurring.iter().any(|c| c.name.contains("Lawrow")));
        assert_eq!(d.articles[0].id, "b1");
        assert!(s.entity_detail("PER:niemand", 10).unwrap().is_none());
        assert!(s.entity_detail("no-colon", 10).is_err());
        assert!(s.entity_detail("PER:", 10).is_err());
    }

    #[test]
    fn quotes_places_stories_events_page() {
        let mut s = store();
        let all = s.quote_page(None, None, 100, 0).unwrap();
        let second = s.quote_page(None, None, 1, 1).unwrap();
        assert_eq!(second[0].text, all[1].text);
        assert!(s.quote_page(Some("  "), Some("   "), 10, 0).unwrap().len() == all.len());
        let places = s.place_list(10, 0).unwrap();
        assert!(places.iter().all(|p| p.lat.abs() <= 90.0));
        s.recluster(&Default::default()).unwrap();
        for st in s.story_list(10, 0).unwrap() {
            let d = s.story(st.story_id, 10).unwrap().unwrap();
            assert_eq!(d.members.len() as i64, st.articles);
        }
        assert!(s.story(-5, 10).unwrap().is_none());
        assert!(s.event_list(Some("010"), 10, 0).is_ok());
    }
}
