#!/usr/bin/env python3
"""Analyse articles with depesche on Spark and write the export tables as Parquet.

    spark-submit python/examples/spark_analyze.py INPUT OUTPUT [--format jsonl|csv|gnad|parquet]
        [--lang de] [--date 2025-07-10] [--via-cli /path/to/depesche] [--master local[*]]

INPUT is read with PySpark: JSONL (one article object per line, the fields of
`depesche analyze --format jsonl`: id, text, published, lang, url, title, source),
CSV with a header naming a `text` column, 10kGNAD's `label;'text'` CSV (`gnad`),
or Parquet with those columns. Each partition is analysed by one
`depesche.Pipeline` in the executor (mapPartitions, batches of --batch articles),
and OUTPUT gets one Parquet dataset per table (OUTPUT/articles, OUTPUT/entities,
OUTPUT/mentions, … OUTPUT/events; one part file per Spark partition), with the
columns of `depesche export --format parquet` (input fields stay in the `extra`
JSON column). Article keys (article, story_id, duplicate_of) are made unique
across partitions: partition p, batch b numbers from (p << 40) + (b << 24) + 1.
Copies and stories are clustered within a batch only; `depesche ingest` of the
articles clusters a whole corpus.

--via-cli runs the same analysis through the CLI as an `RDD.pipe` stage
(`depesche analyze - --format jsonl`), for clusters where only the binary is
installed on the executors (JVM users: `rdd.pipe` is the same call in Scala).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

FIELDS = ("id", "text", "published", "lang", "url", "title", "source")
BATCH = 256


def spark_session(master: Optional[str] = None, app: str = "depesche"):
    """A session bound to 127.0.0.1 with no web UI (local runs need no network)."""
    from pyspark.sql import SparkSession

    # Local workers run this interpreter (the one with depesche installed), not `python3` on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    b = (
        SparkSession.builder.appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")
    )
    if master:
        b = b.master(master)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if __name__ != "__main__":
        # Imported (a notebook, the tests): executors must import this module too.
        spark.sparkContext.addPyFile(os.path.abspath(__file__))
    return spark


def read_articles(spark, path: str, fmt: str):
    """A DataFrame with the article columns that exist among FIELDS (at least id and text)."""
    from pyspark.sql import functions as F

    if fmt == "jsonl":
        df = spark.read.json(path)
    elif fmt == "parquet":
        df = spark.read.parquet(path)
    elif fmt == "csv":
        df = spark.read.option("header", "true").option("multiLine", "true").option("escape", '"').csv(path)
    elif fmt == "gnad":
        df = (
            spark.read.option("sep", ";")
            .option("quote", "'")
            .option("escape", "'")
            .option("multiLine", "true")
            .csv(path)
            .toDF("section", "text")
        )
    else:
        raise ValueError(f"unknown format {fmt!r}; expected jsonl, csv, gnad or parquet")
    if "text" not in df.columns:
        raise ValueError(f"{path}: no 'text' column (columns: {', '.join(df.columns)})")
    if "id" not in df.columns:
        # Stable ids from the input order.
        rdd = df.rdd.zipWithIndex().map(lambda r: r[0].asDict() | {"id": str(r[1])})
        df = spark.createDataFrame(rdd, df.schema.add("id", "string"))
    cols = [F.col(c).cast("string").alias(c) for c in FIELDS if c in df.columns]
    return df.select(*cols)


def as_item(row) -> Dict[str, Any]:
    """A row as a JSONL article (nulls left out, as a JSONL line would)."""
    return {k: v for k, v in row.asDict().items() if v is not None}


def chunks(it: Iterable[Any], n: int) -> Iterator[List[Any]]:
    batch: List[Any] = []
    for x in it:
        batch.append(x)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def table_rows(index: int, analyses_batches: Iterable[List[Any]]) -> Iterator[Tuple[str, tuple]]:
    """(table, row) for every row of every batch of analyses in partition `index`."""
    import depesche

    # Every batch is projected onto the columns every batch has: the input
    # fields' own `extra_<field>` columns vary from batch to batch, so they
    # stay inside the `extra` JSON column here.
    base = {name: t["columns"] for name, t in depesche.tables([]).items()}
    for b, analyses in enumerate(analyses_batches):
        offset = (index << 40) + (b << 24)
        for name, t in depesche.tables(analyses, key_offset=offset).items():
            idx = [t["columns"].index(c) for c in base[name]]
            for r in t["rows"]:
                yield name, tuple(r[i] for i in idx)


def analyse_partition(lang: Optional[str], date: Optional[str], threads: Optional[int]):
    def run(index: int, rows: Iterator[Any]) -> Iterator[Tuple[str, tuple]]:
        if threads:
            # Read by rayon when the pool starts (first analysis in this worker).
            os.environ.setdefault("RAYON_NUM_THREADS", str(threads))
        import depesche

        pipeline = depesche.Pipeline(lang=lang, date=date)
        batches = (pipeline.analyze_batch([as_item(r) for r in c], errors="none") for c in chunks(rows, BATCH))
        yield from table_rows(index, batches)

    return run


def cli_command(cli: str, lang: Optional[str], date: Optional[str], threads: Optional[int]) -> str:
    cmd = [cli, "analyze", "-", "--input", "jsonl", "--format", "jsonl"]
    if lang:
        cmd += ["--lang", lang]
    if date:
        cmd += ["--date", date]
    if threads:
        cmd += ["-j", str(threads)]
    return " ".join(cmd)


def analysed_tables(spark, df, *, lang=None, date=None, via_cli=None, threads=None):
    """An RDD of (table, row) pairs: through the package in executors, or the CLI as a pipe stage."""
    if via_cli:
        lines = df.rdd.map(lambda r: json.dumps(as_item(r), ensure_ascii=False))
        analyses = lines.pipe(cli_command(via_cli, lang, date, threads))
        return analyses.mapPartitionsWithIndex(lambda i, it: table_rows(i, chunks(it, BATCH)))
    return df.rdd.mapPartitionsWithIndex(analyse_partition(lang, date, threads))


def schemas() -> Dict[str, Any]:
    """The Spark schema of every export table, from the package's own table spec."""
    import depesche
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {
        "int": LongType(),
        "real": DoubleType(),
        "text": StringType(),
        "bool": BooleanType(),
        "date": StringType(),  # ISO `YYYY-MM-DD`, as the package gives it
        "list": ArrayType(StringType()),
    }
    return {
        name: StructType([StructField(c, types[k], True) for c, k in zip(t["columns"], t["kinds"])])
        for name, t in depesche.tables([]).items()
    }


def write_tables(spark, pairs, output: str) -> Dict[str, int]:
    """Write each table to OUTPUT/<table> as Parquet; returns the row counts."""
    from pyspark import StorageLevel

    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    counts = {}
    try:
        for name, schema in schemas().items():
            rows = pairs.filter(lambda p, n=name: p[0] == n).map(lambda p: p[1])
            df = spark.createDataFrame(rows, schema)
            df.write.mode("overwrite").parquet(os.path.join(output, name))
            counts[name] = spark.read.parquet(os.path.join(output, name)).count()
    finally:
        pairs.unpersist()
    return counts


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--format", choices=["jsonl", "csv", "gnad", "parquet"], default=None, help="default: by extension")
    ap.add_argument("--lang", choices=["de", "en"], default=None)
    ap.add_argument("--date", default=None, help="publication date for articles without one (YYYY-MM-DD)")
    ap.add_argument("--via-cli", default=None, metavar="DEPESCHE", help="analyse with the CLI as an RDD.pipe stage")
    ap.add_argument("--threads", type=int, default=None, help="threads per task (default: all cores of the executor)")
    ap.add_argument("--partitions", type=int, default=None, help="repartition the input to this many partitions")
    ap.add_argument("--master", default=None, help="e.g. local[*] (default: spark-submit's)")
    args = ap.parse_args(argv)
    fmt = args.format or {".parquet": "parquet", ".csv": "csv"}.get(os.path.splitext(args.input.rstrip("/"))[1], "jsonl")
    spark = spark_session(args.master)
    try:
        df = read_articles(spark, args.input, fmt)
        if args.partitions:
            df = df.repartition(args.partitions)
        pairs = analysed_tables(spark, df, lang=args.lang, date=args.date, via_cli=args.via_cli, threads=args.threads)
        counts = write_tables(spark, pairs, args.output)
    finally:
        spark.stop()
    for name, n in counts.items():
        print(f"{name:10} {n:>9} rows  {os.path.join(args.output, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
