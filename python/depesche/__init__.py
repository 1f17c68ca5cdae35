"""depesche: turn German and English news articles into structured knowledge.

The Rust pipeline of the ``depesche`` command-line tool, called from Python:

>>> import depesche
>>> a = depesche.analyze("Berlin (dpa) - Bundeskanzler ... sagte am Montag ...", date="2025-07-10")
>>> [e["name"] for e in a["entities"]]

``analyze`` returns the CLI's ``depesche/1`` JSON (docs/schema.md) as Python objects.
``Pipeline`` analyses many articles in parallel on all cores (the GIL is released).
``tables`` / ``to_pandas`` turn analyses into the store's export tables
(articles, entities, mentions, quotes, times, places, events).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Union

from ._depesche import SCHEMA_VERSION, Pipeline, __version__
from ._depesche import analyze as _analyze
from ._depesche import tables as _tables

__all__ = [
    "SCHEMA_VERSION",
    "Pipeline",
    "__version__",
    "analyze",
    "tables",
    "to_pandas",
]

Analysis = Dict[str, Any]


def analyze(
    text: Union[str, bytes],
    *,
    date: Any = None,
    lang: Optional[str] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    id: Optional[str] = None,
) -> Analysis:
    """Analyse one article and return its ``depesche/1`` analysis as a dict.

    ``text`` is a ``str`` or ``bytes``; bytes are decoded as the CLI decodes a
    text file (BOM, UTF-8, else a statistical guess such as Windows-1252).
    ``date`` (``"YYYY-MM-DD"`` or a ``datetime.date``) is the publication date
    that relative time expressions are resolved against; ``lang`` is ``"de"``,
    ``"en"`` or ``None``/``"auto"`` (detected); ``url``, ``title`` and ``id``
    go into the analysis as the JSONL fields of the same names would (``id``
    defaults to ``"text"``).

    Raises ``ValueError`` with the CLI's message for input that is no article
    (empty, binary data, too large) and for a bad ``date`` or ``lang``.
    """
    return _analyze(text, date=date, lang=lang, url=url, title=title, id=id)


def tables(
    analyses: Iterable[Union[Analysis, str, None]],
    *,
    cluster: bool = True,
    key_offset: int = 0,
) -> Dict[str, Dict[str, Any]]:
    """The store's export tables for ``analyses``, without pandas.

    ``analyses`` are dicts as ``analyze`` returns them or their JSON text
    (``None`` items are skipped). Returns ``{table: {"columns": [...],
    "kinds": ["int"|"real"|"text"|"bool"|"date"|"list", ...], "rows": [tuple,
    ...]}}`` for the tables and columns of ``depesche export --format
    parquet`` (docs/export.md): articles, blocks, entities, mentions, derived,
    quotes, times, places, events. Dates are ISO strings, lists Python lists.

    The rows are made by the store's own code (an in-memory store), so they
    are what ``depesche ingest`` + ``depesche export`` would give: articles
    with the same content are stored once, ``pk`` numbers articles from 1,
    and ``cluster`` fills ``duplicate_of``/``story_id`` across these analyses.
    ``key_offset`` is added to every article key (``article``,
    ``duplicate_of``, ``story_id``) so that tables of several calls (Spark
    partitions) can be put together; entities are named by the corpus-wide
    ``entity_key`` (docs/export.md), the same in every call.
    """
    return _tables(list(analyses), cluster=cluster, key_offset=key_offset)


# Dates stay ISO strings ("YYYY-MM-DD") and lists stay Python lists (object):
# pandas reads both without a conversion that could lose values.
_PANDAS_DTYPES = {
    "int": "Int64",
    "real": "float64",
    "text": "string",
    "bool": "boolean",
    "date": "string",
    "list": "object",
}


def to_pandas(
    analyses: Iterable[Union[Analysis, str, None]],
    *,
    cluster: bool = True,
    key_offset: int = 0,
) -> Dict[str, Any]:
    """The export tables of ``analyses`` as a dict of pandas DataFrames.

    Keys: ``articles``, ``entities``, ``mentions``, ``quotes``, ``times``,
    ``places``, ``events``; columns as in ``depesche export --format
    parquet`` (integers as nullable ``Int64``, reals as ``float64``, texts as
    ``string``). See ``tables`` for ``cluster`` and ``key_offset``.
    Needs pandas (``pip install pandas``).
    """
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("depesche.to_pandas needs pandas: pip install pandas") from e
    out = {}
    for name, t in tables(analyses, cluster=cluster, key_offset=key_offset).items():
        df = pd.DataFrame.from_records(t["rows"], columns=t["columns"])
        out[name] = df.astype(
            {c: _PANDAS_DTYPES[k] for c, k in zip(t["columns"], t["kinds"])}
        )
    return out


