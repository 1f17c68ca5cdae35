"""Spark local mode: the 1,028 10kGNAD test articles through the package in executors
and through the CLI as an RDD.pipe stage give identical entity counts.

Skipped when pyspark, Java, the CLI binary or ../shared are missing."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from conftest import GNAD_TEST, REPO

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no java on PATH (Spark needs Java 17)", allow_module_level=True)
if not GNAD_TEST.is_file():
    pytest.skip("../shared/data/news-de/10kGNAD is not here", allow_module_level=True)

spec = importlib.util.spec_from_file_location("spark_analyze", REPO / "python/examples/spark_analyze.py")
spark_analyze = importlib.util.module_from_spec(spec)
sys.modules["spark_analyze"] = spark_analyze
spec.loader.exec_module(spark_analyze)


@pytest.fixture(scope="module")
def spark():
    s = spark_analyze.spark_session("local[2]", app="depesche-test")
    yield s
    s.stop()


def entity_counts(spark, out):
    """{article id: number of entities} from the written Parquet tables."""
    arts = spark.read.parquet(str(out / "articles"))
    ents = spark.read.parquet(str(out / "entities"))
    joined = arts.join(ents, arts.article == ents.article, "left").groupBy(arts.id).count()
    # A left join gives articles without entities one row of nulls: count real ones.
    real = ents.groupBy("article").count().withColumnRenamed("count", "n")
    per = arts.join(real, arts.article == real.article, "left").select("id", "n").collect()
    assert joined.count() == arts.count()
    return {r["id"]: r["n"] or 0 for r in per}


def test_package_and_pipe_give_identical_entity_counts(spark, cli, tmp_path):
    df = spark_analyze.read_articles(spark, str(GNAD_TEST), "gnad").repartition(4).cache()
    assert df.count() == 1028
    via_package = spark_analyze.write_tables(
        spark, spark_analyze.analysed_tables(spark, df, lang="de", threads=1), str(tmp_path / "pkg")
    )
    via_cli = spark_analyze.write_tables(
        spark, spark_analyze.analysed_tables(spark, df, lang="de", via_cli=str(cli), threads=1), str(tmp_path / "cli")
    )
    print("package:", via_package, "\ncli:    ", via_cli)
    assert via_package["articles"] == 1028
    assert via_package["entities"] > 10 * 1028
    assert via_package == via_cli
    a = entity_counts(spark, tmp_path / "pkg")
    b = entity_counts(spark, tmp_path / "cli")
    assert len(a) == 1028
    assert a == b
    arts = spark.read.parquet(str(tmp_path / "pkg" / "articles"))
    assert arts.select("article").distinct().count() == 1028, "keys are unique across partitions"
