"""depesche.tables / to_pandas: the store's export tables, joinable across calls."""

from __future__ import annotations

import csv
import json
import subprocess

import pytest

import depesche
from conftest import REPO

EXAMPLES = sorted((REPO / "examples").glob("0*.txt"))
TABLES = ["articles", "blocks", "entities", "mentions", "quotes", "times", "places", "derived", "events"]


@pytest.fixture(scope="module")
def analyses():
    return depesche.Pipeline(date="2025-07-10").analyze_batch([p.read_bytes() for p in EXAMPLES])


def test_tables_have_one_row_per_item(analyses):
    t = depesche.tables(analyses)
    assert list(t) == TABLES
    assert len(t["articles"]["rows"]) == len(analyses)
    n = lambda key: sum(len(a[key]) for a in analyses)  # noqa: E731
    assert len(t["entities"]["rows"]) == n("entities")
    assert len(t["quotes"]["rows"]) == n("quotes")
    assert len(t["times"]["rows"]) == n("times")
    assert len(t["places"]["rows"]) == n("places")
    assert len(t["events"]["rows"]) == n("events")
    assert len(t["mentions"]["rows"]) == sum(len(e["mentions"]) for a in analyses for e in a["entities"])
    for name, table in t.items():
        assert len(table["columns"]) == len(table["kinds"]), name
        assert all(len(r) == len(table["columns"]) for r in table["rows"]), name


def test_json_text_and_dicts_give_the_same_rows(analyses):
    a = depesche.tables(analyses)
    b = depesche.tables([json.dumps(x) for x in analyses] + [None])
    for name in TABLES:
        cols = a[name]["columns"]
        drop = {cols.index("ingested_at")} if "ingested_at" in cols else set()
        strip = lambda rows: [tuple(v for i, v in enumerate(r) if i not in drop) for r in rows]  # noqa: E731
        assert strip(a[name]["rows"]) == strip(b[name]["rows"]), name


def test_key_offset_keeps_references(analyses):
    t = depesche.tables(analyses, key_offset=1 << 32, cluster=False)
    cols = {name: t[name]["columns"] for name in TABLES}
    col = lambda name, c: [r[cols[name].index(c)] for r in t[name]["rows"]]  # noqa: E731
    article_pks = set(col("articles", "article"))
    assert min(article_pks) == (1 << 32) + 1
    for name in TABLES[1:]:
        assert set(col(name, "article")) <= article_pks, name
    # Entities are named by the corpus-wide key, which needs no offset.
    assert set(col("mentions", "entity_key")) <= set(col("entities", "entity_key"))
    assert set(col("articles", "story_id")) <= article_pks


def csv_text(v):
    """A value as the CLI's CSV writes it: lists as JSON arrays, booleans lowercase."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return str(v)


def test_same_tables_as_the_cli_ingest_and_export(cli, tmp_path):
    items = [
        {"id": f"e{i}", "text": p.read_text(encoding="utf-8", errors="replace"), "published": "2025-07-10"}
        for i, p in enumerate(EXAMPLES[:4])
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")
    db = tmp_path / "c.db"
    subprocess.run([str(cli), "ingest", str(src), "--db", str(db)], check=True, capture_output=True)
    out = tmp_path / "csv"
    subprocess.run([str(cli), "export", "--db", str(db), "--format", "csv", "--out", str(out)], check=True, capture_output=True)
    t = depesche.tables(depesche.Pipeline().analyze_batch(items))
    for name in TABLES:
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as f:
            header, *rows = list(csv.reader(f))
        assert header == t[name]["columns"], name
        assert len(rows) == len(t[name]["rows"]), name
        if name in ("places", "events"):
            continue  # reals: Rust and Python print floats differently
        skip = {header.index("ingested_at")} if name == "articles" else set()
        as_csv = lambda row: [csv_text(v) for i, v in enumerate(row) if i not in skip]  # noqa: E731
        mine = [as_csv(r) for r in t[name]["rows"]]
        theirs = [[v for i, v in enumerate(r) if i not in skip] for r in rows]
        assert mine == theirs, name


def test_to_pandas(analyses):
    pd = pytest.importorskip("pandas")
    frames = depesche.to_pandas(analyses)
    assert list(frames) == TABLES
    arts = frames["articles"]
    assert isinstance(arts, pd.DataFrame)
    assert len(arts) == len(analyses)
    assert str(arts["article"].dtype) == "Int64"
    assert str(frames["places"]["lat"].dtype) == "float64"
    ents = frames["entities"]
    assert len(ents) == sum(len(a["entities"]) for a in analyses)
    keys = ents[["article", "eid", "entity_key"]]
    joined = frames["mentions"].merge(keys, on=["article", "eid", "entity_key"])
    assert len(joined) == len(frames["mentions"])
    empty = depesche.to_pandas([])
    assert all(len(df) == 0 for df in empty.values())
    assert list(empty["quotes"].columns) == list(frames["quotes"].columns)
