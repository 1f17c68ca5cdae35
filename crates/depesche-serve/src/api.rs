//! The read-only REST API under `/api`, documented by the OpenAPI document
//! that utoipa generates from these handlers and types.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use depesche_store::browse;
use depesche_store::query::{self, SearchQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::AppState;

/// Items per page when a request names no limit.
pub const DEFAULT_LIMIT: usize = 20;
/// Most items one request returns.
pub const MAX_LIMIT: usize = 100;
/// Deepest page a listing serves (offset + limit): deeper pages cost more
/// than they are worth to a reader; narrow the query instead.
pub const MAX_DEPTH: usize = 1000;
/// Items of each list on an entity page or story.
pub const DETAIL_LIMIT: usize = 50;

/// Checked paging: a limit in 1..=MAX_LIMIT and an offset within MAX_DEPTH.
pub fn paging(limit: Option<usize>, offset: Option<usize>) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let offset = offset.unwrap_or(0);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset.saturating_add(limit) > MAX_DEPTH {
        return Err(ApiError::bad_request(format!(
            "offset + limit must be at most {MAX_DEPTH}; narrow the query instead"
        )));
    }
    Ok((limit, offset))
}

/// Query parameters as a JSON error when they do not parse.
fn params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

fn none_if_blank(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words (all must occur), `"a phrase"`, `prefix*`, `-excluded`, `a OR b`.
    /// Words are stemmed and folded like the index; any other syntax is
    /// searched literally.
    pub q: Option<String>,
    /// Only articles mentioning this entity (name or last name).
    pub entity: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    pub to: Option<String>,
    pub source: Option<String>,
    /// 1..=100, default 20.
    pub limit: Option<usize>,
    /// offset + limit ≤ 1000.
    pub offset: Option<usize>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    /// The article's id (for `/api/articles/{id}`).
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// BM25, higher is better; 0 for filter-only listings (newest first).
    pub score: f64,
    /// The passage with the most query words, matches between [ and ].
    pub snippet: String,
    pub story_id: Option<i64>,
    /// The original's id when this article is an agency copy.
    pub duplicate_of: Option<String>,
}

impl From<query::SearchHit> for Hit {
    fn from(h: query::SearchHit) -> Self {
        Hit {
            id: h.id,
            title: h.title,
            source: h.source,
            published: h.published,
            url: h.url,
            score: h.score,
            snippet: h.snippet,
            story_id: h.story_id,
            duplicate_of: h.duplicate_of,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub q: String,
    pub limit: usize,
    pub offset: usize,
    /// The offset of the next page, when this one was full.
    pub next_offset: Option<usize>,
    pub hits: Vec<Hit>,
}

fn next_offset(len: usize, limit: usize, offset: usize) -> Option<usize> {
    (len == limit && offset + limit < MAX_DEPTH).then_some(offset + limit)
}

/// Ranked search with the passage that matched.
pub fn search_page(store: &depesche_store::Store, p: SearchParams) -> Result<SearchPage, ApiError> {
    let (limit, offset) = paging(p.limit, p.offset)?;
    let text = p.q.unwrap_or_default();
    let mut hits = store.search(&SearchQuery {
        text: text.clone(),
        entity: none_if_blank(p.entity),
        from: none_if_blank(p.from),
        to: none_if_blank(p.to),
        source: none_if_blank(p.source),
        limit: offset + limit,
    })?;
    let hits: Vec<Hit> = hits
        .split_off(offset.min(hits.len()))
        .into_iter()
        .map(Hit::from)
        .collect();
    Ok(SearchPage {
        q: text,
        limit,
        offset,
        next_offset: next_offset(hits.len(), limit, offset),
        hits,
    })
}

/// Full-text search of the corpus.
#[utoipa::path(get, path = "/api/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(st): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let p = params(q)?;
    Ok(Json(st.db.run(move |s| search_page(s, p)).await?))
}

/// The article's full `depesche/1` analysis (text, blocks, credit,
/// sentences, entities, places, times, quotes, events).
#[utoipa::path(get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = String, Path, description = "The article's id as search returns it")),
    responses((status = 200, description = "The analysis (schema depesche/1)", body = Object),
              (status = 404, body = ErrorBody)))]
pub async fn article(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let a = st
        .db
        .run(move |s| {
            s.article(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))
        })
        .await?;
    // Served as stored: the analysis is JSON already.
    Ok(([(header::CONTENT_TYPE, "application/json")], a.analysis).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityParams {
    /// PER, ORG, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Part of the name (case and accents ignored).
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntitySummary {
    /// Key of the entity (`TYPE:folded name`), for `/api/entities/{key}`.
    pub key: String,
    /// The most frequent spelling.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: i64,
    pub articles: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

impl From<browse::EntitySummary> for EntitySummary {
    fn from(e: browse::EntitySummary) -> Self {
        EntitySummary {
            key: e.key,
            name: e.row.name,
            kind: e.row.kind,
            mentions: e.row.mentions,
            articles: e.row.articles,
            first_seen: e.row.first_seen,
            last_seen: e.row.last_seen,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntityPage {
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    pub entities: Vec<EntitySummary>,
}

/// Entities by mentions, filtered by type and name.
#[utoipa::path(get, path = "/api/entities", tag = "entities", params(EntityParams),
    responses((status = 200, body = EntityPage), (status = 400, body = ErrorBody)))]
pub async fn entities(
    State(st): State<AppState>,
    q: Result<Query<EntityParams>, QueryRejection>,
) -> Result<Json<EntityPage>, ApiError> {
    let p = params(q)?;
    let (limit, offset) = paging(p.limit, p.offset)?;
    let entities: Vec<EntitySummary> = st
        .db
        .run(move |s| {
            Ok(s.entity_list(
                none_if_blank(p.kind).as_deref(),
                p.q.as_deref(),
                limit,
                offset,
            )?)
        })
        .await?
        .into_iter()
        .map(EntitySummary::from)
        .collect();
    Ok(Json(EntityPage {
        limit,
        offset,
        next_offset: next_offset(entities.len(), limit, offset),
        entities,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Quote {
    /// The article's id.
    pub id: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub speaker: Option<String>,
    /// direct, indirect, partial…
    pub kind: String,
    pub text: String,
    /// The reporting verb ("sagte").
    pub cue: Option<String>,
}

impl From<query::QuoteRow> for Quote {
    fn from(q: query::QuoteRow) -> Self {
        Quote {
            id: q.id,
            published: q.published,
            source: q.source,
            speaker: q.speaker,
            kind: q.kind,
            text: q.text,
            cue: q.cue,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayCount {
    /// Publication day; null for undated articles.
    pub date: Option<String>,
    pub mentions: i64,
    pub articles: i64,
}

impl From<query::TimelineRow> for DayCount {
    fn from(t: query::TimelineRow) -> Self {
        DayCount {
            date: t.date,
            mentions: t.mentions,
            articles: t.articles,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoEntity {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Articles that mention both.
    pub shared_articles: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Role {
    pub role: String,
    /// Articles that give it.
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub mentions: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntityDetail {
    #[serde(flatten)]
    pub summary: EntitySummary,
    pub roles: Vec<Role>,
    /// Mentions per publication day.
    pub timeline: Vec<DayCount>,
    pub co_occurring: Vec<CoEntity>,
    pub quotes_by: Vec<Quote>,
    /// Quotes of others that name this entity.
    pub quotes_about: Vec<Quote>,
    /// Newest first.
    pub articles: Vec<ArticleRef>,
}

impl From<browse::EntityDetail> for EntityDetail {
    fn from(d: browse::EntityDetail) -> Self {
        EntityDetail {
            summary: EntitySummary::from(browse::EntitySummary {
                key: d.key,
                row: d.row,
            }),
            roles: d
                .roles
                .into_iter()
                .map(|(role, count)| Role { role, count })
                .collect(),
            timeline: d.timeline.into_iter().map(DayCount::from).collect(),
            co_occurring: d
                .co_occurring
                .into_iter()
                .map(|c| CoEntity {
                    key: c.key,
                    name: c.name,
                    kind: c.kind,
                    shared_articles: c.shared_articles,
                })
                .collect(),
            quotes_by: d.quotes_by.into_iter().map(Quote::from).collect(),
            quotes_about: d.quotes_about.into_iter().map(Quote::from).collect(),
            articles: d
                .articles
                .into_iter()
                .map(|a| ArticleRef {
                    id: a.id,
                    title: a.title,
                    source: a.source,
                    published: a.published,
                    mentions: a.mentions,
                })
                .collect(),
        }
    }
}

/// Look up an entity page's data.
pub fn entity_detail(store: &depesche_store::Store, key: &str) -> Result<EntityDetail, ApiError> {
    store
        .entity_detail(key, DETAIL_LIMIT)?
        .map(EntityDetail::from)
        .ok_or_else(|| ApiError::not_found(format!("the corpus never names {key:?}")))
}

/// One entity: mentions over time, roles, co-occurring entities, quotes by
/// and about it, the articles naming it.
#[utoipa::path(get, path = "/api/entities/{key}", tag = "entities",
    params(("key" = String, Path, description = "TYPE:name, e.g. PER:marco rubio (case and accents ignored)")),
    responses((status = 200, body = EntityDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn entity(
    State(st): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<EntityDetail>, ApiError> {
    Ok(Json(st.db.run(move |s| entity_detail(s, &key)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteParams {
    /// Speaker, full or last name.
    pub speaker: Option<String>,
    /// Words the quote contains (stemmed, all must occur).
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuotePage {
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    pub quotes: Vec<Quote>,
}

pub fn quote_page(store: &depesche_store::Store, p: QuoteParams) -> Result<QuotePage, ApiError> {
    let (limit, offset) = paging(p.limit, p.offset)?;
    let quotes: Vec<Quote> = store
        .quote_page(p.speaker.as_deref(), p.q.as_deref(), limit, offset)?
        .into_iter()
        .map(Quote::from)
        .collect();
    Ok(QuotePage {
        limit,
        offset,
        next_offset: next_offset(quotes.len(), limit, offset),
        quotes,
    })
}

/// Quotes, newest first, by speaker and words.
#[utoipa::path(get, path = "/api/quotes", tag = "quotes", params(QuoteParams),
    responses((status = 200, body = QuotePage), (status = 400, body = ErrorBody)))]
pub async fn quotes(
    State(st): State<AppState>,
    q: Result<Query<QuoteParams>, QueryRejection>,
) -> Result<Json<QuotePage>, ApiError> {
    let p = params(q)?;
    Ok(Json(st.db.run(move |s| quote_page(s, p)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StorySummary {
    pub story_id: i64,
    /// The title of the story's first article.
    pub title: Option<String>,
    pub articles: i64,
    /// Articles that are not agency copies of another.
    pub distinct_texts: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl From<browse::StorySummary> for StorySummary {
    fn from(s: browse::StorySummary) -> Self {
        StorySummary {
            story_id: s.story_id,
            title: s.title,
            articles: s.articles,
            distinct_texts: s.distinct_texts,
            first_published: s.first_published,
            last_published: s.last_published,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryPage {
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    pub stories: Vec<StorySummary>,
}

/// Stories (reports of one event) with more than one article, largest first.
#[utoipa::path(get, path = "/api/stories", tag = "stories", params(PageParams),
    responses((status = 200, body = StoryPage), (status = 400, body = ErrorBody)))]
pub async fn stories(
    State(st): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<StoryPage>, ApiError> {
    let p = params(q)?;
    let (limit, offset) = paging(p.limit, p.offset)?;
    let stories: Vec<StorySummary> = st
        .db
        .run(move |s| Ok(s.story_list(limit, offset)?))
        .await?
        .into_iter()
        .map(StorySummary::from)
        .collect();
    Ok(Json(StoryPage {
        limit,
        offset,
        next_offset: next_offset(stories.len(), limit, offset),
        stories,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryMember {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    /// The original's id when this article is an agency copy.
    pub duplicate_of: Option<String>,
    /// Body prose (title, teaser, subheadings, paragraphs).
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub summary: StorySummary,
    /// Oldest first (at most 50).
    pub members: Vec<StoryMember>,
}

pub fn story_detail(store: &depesche_store::Store, id: i64) -> Result<StoryDetail, ApiError> {
    let d = store
        .story(id, DETAIL_LIMIT)?
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
    Ok(StoryDetail {
        summary: d.summary.into(),
        members: d
            .members
            .into_iter()
            .map(|m| StoryMember {
                id: m.id,
                title: m.title,
                source: m.source,
                published: m.published,
                duplicate_of: m.duplicate_of,
                text: m.text,
            })
            .collect(),
    })
}

/// One story with its articles.
#[utoipa::path(get, path = "/api/stories/{id}", tag = "stories",
    params(("id" = i64, Path, description = "The story id")),
    responses((status = 200, body = StoryDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn story(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StoryDetail>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{id:?} is not a story id (a number)")))?;
    Ok(Json(st.db.run(move |s| story_detail(s, id)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// Entity name (full or last name).
    pub entity: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Timeline {
    pub entity: String,
    pub days: Vec<DayCount>,
}

/// Mentions of an entity per publication day.
#[utoipa::path(get, path = "/api/timeline", tag = "entities", params(TimelineParams),
    responses((status = 200, body = Timeline), (status = 400, body = ErrorBody)))]
pub async fn timeline(
    State(st): State<AppState>,
    q: Result<Query<TimelineParams>, QueryRejection>,
) -> Result<Json<Timeline>, ApiError> {
    let p = params(q)?;
    let entity = none_if_blank(p.entity)
        .ok_or_else(|| ApiError::bad_request("name an entity: /api/timeline?entity=NAME"))?;
    if entity.chars().count() > query::MAX_QUERY_CHARS {
        return Err(ApiError::bad_request("the entity name is too long"));
    }
    let name = entity.clone();
    let days = st.db.run(move |s| Ok(s.timeline(&name)?)).await?;
    Ok(Json(Timeline {
        entity,
        days: days.into_iter().map(DayCount::from).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Place {
    pub name: String,
    pub geonameid: Option<i64>,
    /// ISO 3166 country code.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// city, country, region…
    pub kind: String,
    /// Articles naming it.
    pub articles: i64,
    /// Key of the entity that names it, for `/api/entities/{key}`.
    pub entity_key: Option<String>,
}

impl From<browse::PlaceRow> for Place {
    fn from(p: browse::PlaceRow) -> Self {
        Place {
            name: p.name,
            geonameid: p.geonameid,
            country: p.country,
            lat: p.lat,
            lon: p.lon,
            kind: p.kind,
            articles: p.articles,
            entity_key: p.entity_key,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacePage {
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    pub places: Vec<Place>,
}

/// Geocoded places with coordinates, most named first.
#[utoipa::path(get, path = "/api/places", tag = "places", params(PageParams),
    responses((status = 200, body = PlacePage), (status = 400, body = ErrorBody)))]
pub async fn places(
    State(st): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<PlacePage>, ApiError> {
    let p = params(q)?;
    let (limit, offset) = paging(p.limit, p.offset)?;
    let places: Vec<Place> = st
        .db
        .run(move |s| Ok(s.place_list(limit, offset)?))
        .await?
        .into_iter()
        .map(Place::from)
        .collect();
    Ok(Json(PlacePage {
        limit,
        offset,
        next_offset: next_offset(places.len(), limit, offset),
        places,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// A PLOVER type (PROTEST) or a CAMEO code prefix (14).
    pub code: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    /// The article's id.
    pub id: String,
    pub published: Option<String>,
    /// CAMEO code.
    pub code: String,
    pub plover: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub place: Option<String>,
    pub time: Option<String>,
    pub confidence: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    pub events: Vec<Event>,
}

/// Coded events (who did what to whom), newest first.
#[utoipa::path(get, path = "/api/events", tag = "events", params(EventParams),
    responses((status = 200, body = EventPage), (status = 400, body = ErrorBody)))]
pub async fn events(
    State(st): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> Result<Json<EventPage>, ApiError> {
    let p = params(q)?;
    let (limit, offset) = paging(p.limit, p.offset)?;
    if p.code.as_ref().is_some_and(|c| c.len() > 64) {
        return Err(ApiError::bad_request("the event code is too long"));
    }
    let events: Vec<Event> = st
        .db
        .run(move |s| Ok(s.event_list(p.code.as_deref(), limit, offset)?))
        .await?
        .into_iter()
        .map(|e| Event {
            id: e.id,
            published: e.published,
            code: e.code,
            plover: e.plover,
            source: e.source,
            target: e.target,
            place: e.place,
            time: e.time,
            confidence: e.confidence,
        })
        .collect();
    Ok(Json(EventPage {
        limit,
        offset,
        next_offset: next_offset(events.len(), limit, offset),
        events,
    }))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "depesche corpus API",
        description = "Read-only access to a depesche corpus: search, articles with their full analysis, entities, quotes, stories, places and events. Every listing is paged (limit ≤ 100, offset + limit ≤ 1000); errors are JSON objects with an `error` message."
    ),
    paths(
        search, article, entities, entity, quotes, stories, story, timeline, places, events
    )
)]
pub struct ApiDoc;

/// The OpenAPI 3 document.
pub async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

/// Unknown `/api` paths answer in JSON too.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/openapi.json")
}
