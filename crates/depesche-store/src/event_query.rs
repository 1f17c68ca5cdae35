//! Events in the corpus: filtered lists and counts by day, type or dyad
//! (`depesche events`).

use rusqlite::types::Value;
use serde::Serialize;

use crate::fold::fold_key;
use crate::{Result, Store, StoreError};

/// Which events to list or count.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// PLOVER type (`ACCUSE`, case ignored) or a CAMEO code prefix (`04`, `112`).
    pub kind: Option<String>,
    /// Source actor: canonical name or last name, case and accents ignored.
    pub source: Option<String>,
    pub target: Option<String>,
    /// ISO 3166 alpha-2 country of the source, the target or the place.
    pub country: Option<String>,
    /// Events on or after this day (`YYYY-MM-DD`; the event's date, else the
    /// article's publication date).
    pub since: Option<String>,
    pub limit: usize,
}

/// What events are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventGrouping {
    Day,
    Type,
    /// Source and target names.
    Dyad,
}

/// One event as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRow {
    pub article: String,
    pub published: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub cameo: String,
    pub goldstein: f64,
    pub source: Option<String>,
    pub source_country: Option<String>,
    pub target: Option<String>,
    pub target_country: Option<String>,
    pub place: Option<String>,
    pub date: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub confidence: f64,
}

/// A count of events sharing a day, type or dyad.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventCount {
    pub key: String,
    pub events: i64,
    pub articles: i64,
    /// Mean Goldstein score (−10 conflict … +10 cooperation).
    pub goldstein: f64,
}

impl EventQuery {
    fn where_sql(&self) -> Result<(String, Vec<Value>)> {
        let mut wheres: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(t) = self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            params.push(Value::Text(t.to_string()));
            let n = params.len();
            wheres.push(format!(
                "(v.plover = upper(?{n}) OR substr(v.code, 1, length(?{n})) = ?{n})"
            ));
        }
        for (actor, key, name) in [
            (&self.source, "v.source_key", "v.source_name"),
            (&self.target, "v.target_key", "v.target_name"),
        ] {
            if let Some(a) = actor {
                // The actor's words, full or last name ("die Polizei", an
                // entity's canonical name) ...
                params.push(Value::Text(fold_key(a)));
                let mut alts = vec![crate::query::name_match_sql(
                    &format!("depesche_fold_key({name})"),
                    params.len(),
                )];
                // ... or its entity, by any name or spelling of it, as
                // `entities --name` finds it ("Lavrov" = "Lawrow").
                for k in crate::identity::query_keys(a) {
                    params.push(Value::Text(k));
                    alts.push(crate::query::name_match_sql(key, params.len()));
                }
                wheres.push(format!("({})", alts.join(" OR ")));
            }
        }
        if let Some(c) = &self.country {
            params.push(Value::Text(c.trim().to_ascii_uppercase()));
            let n = params.len();
            wheres.push(format!(
                "(v.source_country = ?{n} OR v.target_country = ?{n} OR v.place_country = ?{n})"
            ));
        }
        if let Some(d) = &self.since {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(StoreError::Query(format!(
                    "--since {d:?}: expected a date as YYYY-MM-DD"
                )));
            }
            params.push(Value::Text(d.clone()));
            wheres.push(format!(
                "COALESCE(v.time, a.published) >= ?{}",
                params.len()
            ));
        }
        let sql = if wheres.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", wheres.join(" AND "))
        };
        Ok((sql, params))
    }
}

impl Store {
    /// Events matching `q`, newest first.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let (wheres, mut params) = q.where_sql()?;
        params.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT a.id, a.published, v.plover, v.code, round(v.goldstein, 2), v.source_name,
                    v.source_country, v.target_name, v.target_country, v.place, v.time,
                    v.negated, v.hypothetical, round(v.confidence, 3)
             FROM events v JOIN articles a ON a.pk = v.article{wheres}
             ORDER BY COALESCE(v.time, a.published) IS NULL, COALESCE(v.time, a.published) DESC,
                      a.pk, v.idx
             LIMIT ?{}",
            params.len()
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(EventRow {
                article: r.get(0)?,
                published: r.get(1)?,
                kind: r.get(2)?,
                cameo: r.get(3)?,
                goldstein: r.get(4)?,
                source: r.get(5)?,
                source_country: r.get(6)?,
                target: r.get(7)?,
                target_country: r.get(8)?,
                place: r.get(9)?,
                date: r.get(10)?,
                negated: r.get::<_, i64>(11)? != 0,
                hypothetical: r.get::<_, i64>(12)? != 0,
                confidence: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts of the events matching `q`, by day, type or dyad (largest
    /// first; days in order).
    pub fn event_counts(&self, q: &EventQuery, by: EventGrouping) -> Result<Vec<EventCount>> {
        let (wheres, mut params) = q.where_sql()?;
        let (key, order) = match by {
            EventGrouping::Day => (
                "substr(COALESCE(v.time, a.published), 1, 10)",
                "g.key IS NULL, g.key",
            ),
            EventGrouping::Type => ("v.plover", "g.events DESC, g.key"),
            EventGrouping::Dyad => (
                "COALESCE(v.source_name, '?') || ' → ' || COALESCE(v.target_name, '?')",
                "g.events DESC, g.key",
            ),
        };
        params.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT g.key, g.events, g.articles, g.goldstein FROM (
                 SELECT {key} AS key, count(*) AS events, count(DISTINCT v.article) AS articles,
                        round(avg(v.goldstein), 2) AS goldstein
                 FROM events v JOIN articles a ON a.pk = v.article{wheres}
                 GROUP BY 1) g
             ORDER BY {order} LIMIT ?{}",
            params.len()
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(EventCount {
                key: r
                    .get::<_, Option<String>>(0)?
                    .unwrap_or_else(|| "(no date)".into()),
                events: r.get(1)?,
                articles: r.get(2)?,
                goldstein: r.get(3)?,
            })
        })?;
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
        let mut b = rich_analysis("b1", "2025-07-11");
        b.text.push_str(" Noch ein Satz.");
        s.insert_batch(&[
            Prepared::new(rich_analysis("a1", "2025-07-10"), None),
            Prepared::new(b, None),
        ])
        .unwrap();
        s
    }

    #[test]
    fn filters_and_groups() {
        let s = store();
        let all = s
            .events(&EventQuery {
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(all.len() as i64, s.counts().unwrap().events);
        let ev = &all[0];
        let by_type = |t: &str| {
            s.events(&EventQuery {
                kind: Some(t.into()),
                limit: 100,
                ..Default::default()
            })
            .unwrap()
            .len()
        };
        assert_eq!(by_type(&ev.kind.to_lowercase()), all.len());
        assert_eq!(by_type(&ev.cameo[..2]), all.len());
        assert_eq!(by_type("NO_SUCH_TYPE"), 0);
        // The source by its last name, folded.
        let last = ev.source.as_deref().unwrap().rsplit(' ').next().unwrap();
        let q = EventQuery {
            source: Some(last.to_uppercase()),
            limit: 100,
            ..Default::default()
        };
        assert_eq!(s.events(&q).unwrap().len(), all.len());
        // Another spelling of the source entity finds it through its key.
        let spelt = EventQuery {
            source: Some(ev.source.as_deref().unwrap().replace('c', "k")),
            limit: 100,
            ..Default::default()
        };
        assert_ne!(spelt.source, ev.source);
        assert_eq!(s.events(&spelt).unwrap().len(), all.len());
        let days = s.event_counts(&q, EventGrouping::Day).unwrap();
        assert_eq!(days.iter().map(|d| d.events).sum::<i64>(), all.len() as i64);
        let types = s.event_counts(&q, EventGrouping::Type).unwrap();
        assert_eq!(types[0].key, ev.kind);
        let dyads = s.event_counts(&q, EventGrouping::Dyad).unwrap();
        assert!(dyads[0].key.contains(" → "), "{dyads:?}");
        let later = EventQuery {
            since: Some("2099-01-01".into()),
            limit: 100,
            ..Default::default()
        };
        assert!(s.events(&later).unwrap().is_empty());
        let bad = EventQuery {
            since: Some("yesterday".into()),
            ..Default::default()
        };
        assert!(s.events(&bad).is_err());
    }
}
