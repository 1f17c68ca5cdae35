//! Python bindings for depesche: the CLI's pipeline and readers behind a
//! small API (`analyze`, `Pipeline`, `tables`). Inputs are read by the same
//! readers as `depesche analyze` (bytes: encoding detection; dicts: the JSONL
//! reader), so the output is the CLI's `depesche/1` JSON value for value.
//! Analyses run on rayon's pool with the GIL released.

use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;

use chrono::NaiveDate;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use rayon::prelude::*;
use serde_json::Value;

use depesche::input::{self, Document, InputFormat, ReadOptions};
use depesche::{Analysis, Lang, Options, Pipeline};
use depesche_store::export::{tables as tables_of, Cell as ExportCell, ColumnKind};
use depesche_store::{Prepared, Store};

/// One article as handed over by Python, before it is read.
enum Source {
    /// A text file's bytes (a `str` arrives as its UTF-8 bytes).
    Text(Vec<u8>),
    /// One JSONL line (a dict with the JSONL fields).
    Jsonl(Vec<u8>),
}

/// Per-call fields that the JSONL reader would take from a line.
#[derive(Default, Clone)]
struct Fields {
    id: Option<String>,
    url: Option<String>,
    title: Option<String>,
    published: Option<NaiveDate>,
    lang: Option<String>,
}

/// Why one article could not be analysed: the reader's message, as the CLI prints it.
struct Failure(String);

fn read(source: Source, fields: Fields, default_id: String) -> Result<Document, Failure> {
    let opts = ReadOptions::default();
    let (bytes, format) = match source {
        Source::Text(b) => (b, InputFormat::Txt),
        Source::Jsonl(b) => (b, InputFormat::Jsonl),
    };
    let mut docs = input::read_bytes(default_id, bytes, format, &opts);
    let mut doc = match docs.next() {
        Some(Ok(d)) => d,
        Some(Err(e)) => return Err(Failure(e.message)),
        None => return Err(Failure(input::DecodeError::Empty.to_string())),
    };
    let Fields {
        id,
        url,
        title,
        published,
        lang,
    } = fields;
    if let Some(id) = id {
        doc.id = id;
    }
    if url.is_some() {
        doc.url = url;
    }
    if let Some(t) = title {
        doc.title = Some(input::normalize(&t));
    }
    if published.is_some() {
        doc.published = published;
    }
    if lang.is_some() {
        doc.lang = lang;
    }
    Ok(doc)
}

fn analyze_one(pipeline: &Pipeline, doc: Document) -> Result<Analysis, Failure> {
    let id = doc.id.clone();
    std::panic::catch_unwind(AssertUnwindSafe(|| pipeline.analyze(doc)))
        .map_err(|_| Failure(format!("{id}: analysis failed (internal error)")))
}

/// `lang` as the CLI's `--lang` takes it: `auto` (or None), `de`, `en`.
fn parse_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    match lang {
        None | Some("auto") => Ok(None),
        Some("de") => Ok(Some(Lang::De)),
        Some("en") => Ok(Some(Lang::En)),
        Some(other) => Err(PyValueError::new_err(format!(
            "invalid value {other:?} for lang [possible values: auto, de, en]"
        ))),
    }
}

/// A date as `--date` takes it (`YYYY-MM-DD`), or a `datetime.date`.
fn parse_date(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    let Some(d) = date else { return Ok(None) };
    if d.is_none() {
        return Ok(None);
    }
    let s: String = if d.is_instance_of::<PyString>() {
        d.extract()?
    } else if d.hasattr("isoformat")? {
        // datetime.date or datetime.datetime: the date part.
        let iso: String = d.call_method0("isoformat")?.extract()?;
        iso.chars().take(10).collect()
    } else {
        return Err(PyTypeError::new_err(
            "date must be a string like 2025-07-10 or a datetime.date",
        ));
    };
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| PyValueError::new_err(format!("expected a date like 2025-07-10, got {s:?}")))
}

/// Text or bytes as one plain-text article.
fn text_source(obj: &Bound<'_, PyAny>) -> PyResult<Option<Source>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(Source::Text(s.to_cow()?.as_bytes().to_vec())));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Some(Source::Text(b.as_bytes().to_vec())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Some(Source::Text(b.to_vec())));
    }
    Ok(None)
}

/// One batch item: a text (str/bytes) or a dict with the JSONL fields.
fn item_source(obj: &Bound<'_, PyAny>, index: usize) -> PyResult<Source> {
    if let Some(s) = text_source(obj)? {
        return Ok(s);
    }
    if obj.is_instance_of::<PyDict>() {
        let mut value: Value = pythonize::depythonize(obj).map_err(|e| {
            PyValueError::new_err(format!(
                "item {index}: the dict cannot be read as JSON ({e})"
            ))
        })?;
        // The JSONL reader names a line without `id` by its line number; an item, by its index.
        if let Value::Object(map) = &mut value {
            if map.get("id").is_none_or(Value::is_null) {
                map.insert("id".into(), Value::String(index.to_string()));
            }
        }
        let line = serde_json::to_vec(&value)
            .map_err(|e| PyValueError::new_err(format!("item {index}: {e}")))?;
        return Ok(Source::Jsonl(line));
    }
    Err(PyTypeError::new_err(format!(
        "item {index}: expected str, bytes or a dict with a \"text\" field, got {}",
        obj.get_type().name()?
    )))
}

/// An analysis as the CLI writes it (`serde_json`, so an `f32` confidence is
/// `0.8`, not the `0.800000011920929` a direct conversion would give).
fn to_json(a: &Analysis) -> Result<String, Failure> {
    serde_json::to_string(a).map_err(|e| Failure(format!("{}: {e}", a.id)))
}

/// The CLI's JSON text as Python objects, through the standard library's parser.
fn to_python<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((json,))
}

/// The pipeline `depesche.analyze` uses: default options, built once.
fn shared_pipeline() -> &'static Pipeline {
    static SHARED: OnceLock<Pipeline> = OnceLock::new();
    SHARED.get_or_init(|| Pipeline::new(Options::default()))
}

/// Read and analyse one text with the GIL released; `ValueError` with the reader's message.
#[allow(clippy::too_many_arguments)]
fn analyze_with<'py>(
    py: Python<'py>,
    pipeline: &Pipeline,
    text: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
    lang: Option<&str>,
    url: Option<String>,
    title: Option<String>,
    id: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let source = text_source(text)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "text must be str or bytes, got {}",
            text.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    let fields = Fields {
        id,
        url,
        title,
        published: parse_date(date)?,
        lang: parse_lang(lang)?.map(|l| l.code().to_string()),
    };
    let result = py.detach(|| {
        read(source, fields, "text".to_string())
            .and_then(|d| analyze_one(pipeline, d))
            .and_then(|a| to_json(&a))
    });
    match result {
        Ok(json) => to_python(py, &json),
        Err(Failure(m)) => Err(PyValueError::new_err(m)),
    }
}

/// Analyse one article. See `depesche.analyze`.
#[pyfunction]
#[pyo3(signature = (text, *, date=None, lang=None, url=None, title=None, id=None))]
fn analyze<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
    lang: Option<&str>,
    url: Option<String>,
    title: Option<String>,
    id: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    analyze_with(py, shared_pipeline(), text, date, lang, url, title, id)
}

/// A loaded pipeline: build it once and analyse many articles with it.
///
/// `lang` ("de", "en", or None/"auto" to detect per article) is forced on
/// every article, like the CLI's `--lang`; `date` ("YYYY-MM-DD" or a
/// datetime.date) is the publication date for articles that give none, like
/// `--date`. A Pipeline is safe to share between threads.
#[pyclass(name = "Pipeline", module = "depesche._depesche", frozen)]
struct PyPipeline {
    inner: Pipeline,
    lang: Option<Lang>,
    date: Option<NaiveDate>,
}

#[pymethods]
impl PyPipeline {
    #[new]
    #[pyo3(signature = (lang=None, date=None))]
    fn new(lang: Option<&str>, date: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let date = parse_date(date)?;
        Ok(PyPipeline {
            inner: Pipeline::new(Options {
                lang,
                published: date,
                ..Options::default()
            }),
            lang,
            date,
        })
    }

    /// The forced language (`"de"`, `"en"`) or None (detected per article).
    #[getter]
    fn lang(&self) -> Option<&'static str> {
        self.lang.map(|l| l.code())
    }

    /// The default publication date as `YYYY-MM-DD`, or None.
    #[getter]
    fn date(&self) -> Option<String> {
        self.date.map(|d| d.format("%Y-%m-%d").to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "Pipeline(lang={}, date={})",
            self.lang
                .map_or("None".into(), |l| format!("'{}'", l.code())),
            self.date().map_or("None".into(), |d| format!("'{d}'"))
        )
    }

    /// Analyse one article (str or bytes) and return its depesche/1 analysis
    /// as a dict; the arguments are those of `depesche.analyze`. A `lang`
    /// given here is a hint used when the pipeline has none of its own (as
    /// a JSONL line's "lang" is); a `date` here wins over the pipeline's.
    #[pyo3(signature = (text, *, date=None, lang=None, url=None, title=None, id=None))]
    #[allow(clippy::too_many_arguments)]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        date: Option<&Bound<'py, PyAny>>,
        lang: Option<&str>,
        url: Option<String>,
        title: Option<String>,
        id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        analyze_with(py, &self.inner, text, date, lang, url, title, id)
    }

    /// Analyse many articles in parallel on all cores, with the GIL released;
    /// the analyses come back in input order.
    ///
    /// Each item is a text (str or bytes, read like `analyze` reads it; its id
    /// is its index as a string) or a dict with the JSONL fields of
    /// `depesche analyze --format jsonl` (`id`, `text`, `published`, `lang`,
    /// `url`, `title`, `source`; other fields go to "extra"), read exactly as
    /// the CLI reads that line. With errors="raise" the first item that cannot
    /// be read raises ValueError ("item N: <the CLI's message>"); with
    /// errors="none" its place in the result holds None. The size of the
    /// thread pool follows RAYON_NUM_THREADS when set before the first call.
    #[pyo3(signature = (items, *, errors="raise"))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let raise = match errors {
            "raise" => true,
            "none" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "invalid value {other:?} for errors [possible values: raise, none]"
                )))
            }
        };
        let mut sources = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            sources.push(item_source(&item?, i)?);
        }
        let pipeline = &self.inner;
        let n = sources.len();
        // Workers analyse and serialise without the GIL; this thread turns each
        // finished analysis into Python objects while the others still run, so
        // the conversion (which needs the GIL, one thread) overlaps the analysis.
        let (tx, mut rx) = std::sync::mpsc::channel::<(usize, Result<String, Failure>)>();
        let mut slots: Vec<Option<PyResult<Py<PyAny>>>> = (0..n).map(|_| None).collect();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                sources
                    .into_par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, s)| {
                        let r = read(s, Fields::default(), i.to_string())
                            .and_then(|d| analyze_one(pipeline, d))
                            .and_then(|a| to_json(&a))
                            .map_err(|Failure(m)| Failure(format!("item {i}: {m}")));
                        let _ = tx.send((i, r));
                    });
            });
            for _ in 0..n {
                // Wait without the GIL, so other Python threads run meanwhile.
                let (back, got) = py.detach(move || {
                    let got = rx.recv();
                    (rx, got)
                });
                rx = back;
                let Ok((i, r)) = got else { break };
                slots[i] = Some(match r {
                    Ok(json) => to_python(py, &json).map(Bound::unbind),
                    Err(Failure(m)) => Err(PyValueError::new_err(m)),
                });
            }
        });
        let out = PyList::empty(py);
        for slot in slots {
            match slot {
                Some(Ok(obj)) => out.append(obj)?,
                Some(Err(e)) if raise => return Err(e),
                Some(Err(_)) => out.append(py.None())?,
                None => {
                    return Err(PyRuntimeError::new_err(
                        "an analysis worker stopped unexpectedly",
                    ))
                }
            }
        }
        Ok(out)
    }
}

/// Columns that hold an article's `pk`: what `key_offset` shifts so that
/// tables of several calls can be joined (entities are named by the
/// corpus-wide `entity_key`, which needs no shift).
const ARTICLE_KEYS: &[(&str, &str)] = &[
    ("articles", "duplicate_of"),
    ("articles", "story_id"),
    ("*", "article"),
];

fn is_key(keys: &[(&str, &str)], table: &str, column: &str) -> bool {
    keys.iter()
        .any(|&(t, c)| (t == "*" || t == table) && c == column)
}

/// One export table as read back from the store.
struct Table {
    name: &'static str,
    columns: Vec<String>,
    kinds: Vec<ColumnKind>,
    rows: Vec<Vec<Cell>>,
}

/// The analyses as the store's export tables, in `export::tables` order.
fn build_tables(
    analyses: Vec<Analysis>,
    cluster: bool,
    key_offset: i64,
) -> Result<Vec<Table>, String> {
    let prepared: Vec<Prepared> = analyses
        .into_par_iter()
        .map(|a| Prepared::new(a, None))
        .collect();
    let mut store = Store::open_in_memory().map_err(|e| e.to_string())?;
    store.insert_batch(&prepared).map_err(|e| e.to_string())?;
    drop(prepared);
    if cluster && store.clusters_dirty().map_err(|e| e.to_string())? {
        store
            .recluster(&Default::default())
            .map_err(|e| e.to_string())?;
    }
    let extra_keys = store.extra_keys().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for t in tables_of(&extra_keys) {
        let names: Vec<String> = t.columns.iter().map(|(c, _)| c.clone()).collect();
        let kinds: Vec<ColumnKind> = t.columns.iter().map(|(_, k)| *k).collect();
        let shift: Vec<bool> = names
            .iter()
            .map(|c| is_key(ARTICLE_KEYS, t.name, c))
            .collect();
        let rows = store
            .table_cells(&t, &extra_keys)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        ExportCell::Null => Cell::Null,
                        ExportCell::Int(x) => Cell::Int(if shift[i] { x + key_offset } else { x }),
                        ExportCell::Real(x) => Cell::Real(x),
                        ExportCell::Text(s) => Cell::Text(s),
                        ExportCell::Bool(b) => Cell::Bool(b),
                        ExportCell::Date(d) => Cell::Text(d.format("%Y-%m-%d").to_string()),
                        ExportCell::List(l) => Cell::List(l),
                    })
                    .collect()
            })
            .collect();
        out.push(Table {
            name: t.name,
            columns: names,
            kinds,
            rows,
        });
    }
    Ok(out)
}

enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

impl<'py> IntoPyObject<'py> for Cell {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(match self {
            Cell::Null => py.None().into_bound(py),
            Cell::Int(x) => x.into_pyobject(py)?.into_any(),
            Cell::Real(x) => x.into_pyobject(py)?.into_any(),
            Cell::Text(s) => s.into_pyobject(py)?.into_any(),
            Cell::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Cell::List(l) => l.into_pyobject(py)?.into_any(),
        })
    }
}

/// An analysis from Python: a dict as `analyze` returns it, or its JSON text.
fn analysis_from(obj: &Bound<'_, PyAny>, index: usize) -> PyResult<Analysis> {
    let parsed = if let Ok(s) = obj.cast::<PyString>() {
        serde_json::from_str(&s.to_cow()?).map_err(|e| e.to_string())
    } else {
        pythonize::depythonize(obj).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        PyValueError::new_err(format!("analysis {index}: not a depesche/1 analysis ({e})"))
    })
}

/// The export tables of analyses. See `depesche.tables`.
#[pyfunction]
#[pyo3(signature = (analyses, *, cluster=true, key_offset=0))]
fn tables<'py>(
    py: Python<'py>,
    analyses: &Bound<'py, PyAny>,
    cluster: bool,
    key_offset: i64,
) -> PyResult<Bound<'py, PyDict>> {
    let mut parsed = Vec::new();
    for (i, a) in analyses.try_iter()?.enumerate() {
        let a = a?;
        if a.is_none() {
            continue;
        }
        parsed.push(analysis_from(&a, i)?);
    }
    let built = py
        .detach(|| build_tables(parsed, cluster, key_offset))
        .map_err(PyRuntimeError::new_err)?;
    let out = PyDict::new(py);
    for Table {
        name,
        columns,
        kinds,
        rows,
    } in built
    {
        let kinds: Vec<&str> = kinds
            .iter()
            .map(|k| match k {
                ColumnKind::Int => "int",
                ColumnKind::Real => "real",
                ColumnKind::Text => "text",
                ColumnKind::Bool => "bool",
                ColumnKind::Date => "date",
                ColumnKind::TextList => "list",
            })
            .collect();
        let table = PyDict::new(py);
        table.set_item("columns", columns)?;
        table.set_item("kinds", kinds)?;
        let rows = PyList::new(
            py,
            rows.into_iter()
                .map(|r| pyo3::types::PyTuple::new(py, r))
                .collect::<PyResult<Vec<_>>>()?,
        )?;
        table.set_item("rows", rows)?;
        out.set_item(name, table)?;
    }
    Ok(out)
}

#[pymodule]
fn _depesche(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", depesche::SCHEMA_VERSION)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(tables, m)?)?;
    m.add_class::<PyPipeline>()?;
    Ok(())
}
