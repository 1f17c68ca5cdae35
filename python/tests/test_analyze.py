"""depesche.analyze and Pipeline against the CLI: same readers, same pipeline, same JSON."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest

import depesche
from conftest import REPO, SEED

EXAMPLES = REPO / "examples"


def cli_json(cli, path, *args) -> dict:
    out = subprocess.run(
        [str(cli), "analyze", str(path), "--format", "jsonl", *args],
        check=True,
        capture_output=True,
    )
    return json.loads(out.stdout)


def same_as_cli(py: dict, cli: dict) -> None:
    # The CLI names an article by its path; everything else must be equal.
    assert py["id"] == "text"
    cli = dict(cli, id="text")
    for key in ("entities", "quotes", "times", "places", "events", "sentences", "blocks"):
        assert py[key] == cli[key], key
    assert py == cli


def test_reference_article_equals_the_cli(cli):
    if not SEED.is_file():
        pytest.skip("../shared/samples is not here")
    py = depesche.analyze(SEED.read_bytes(), date="2025-07-10")
    assert py["schema"] == depesche.SCHEMA_VERSION
    assert py["entities"] and py["quotes"] and py["times"] and py["places"]
    same_as_cli(py, cli_json(cli, SEED, "--date", "2025-07-10"))


@pytest.mark.parametrize("name", ["01-de-deutschlandticket.txt", "07-en-fed-rates.txt"])
def test_examples_equal_the_cli_as_str_and_bytes(cli, name):
    path = EXAMPLES / name
    expect = cli_json(cli, path, "--date", "2025-07-10")
    same_as_cli(depesche.analyze(path.read_bytes(), date="2025-07-10"), expect)
    same_as_cli(
        depesche.analyze(path.read_text(encoding="utf-8"), date=datetime.date(2025, 7, 10)),
        expect,
    )


def test_latin1_bytes_are_decoded_like_the_cli(cli):
    path = EXAMPLES / "05-de-hitzewelle-cp1252.txt"
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    a = depesche.analyze(raw)
    assert a["input"]["encoding"] == "windows-1252"
    assert "ü" in a["text"] or "ä" in a["text"] or "ö" in a["text"]
    assert any("decoded as windows-1252" in w for w in a["input"]["warnings"])
    same_as_cli(a, cli_json(cli, path))


def test_latin1_without_the_cli():
    text = "Die Bürgermeisterin von Köln sagte am Dienstag, die Straße bleibe gesperrt."
    a = depesche.analyze(text.encode("latin-1"), date="2025-07-10")
    assert a["text"] == text
    assert a["lang"] == "de"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("", "the input is empty"),
        (b"   \n\t ", "the input is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "the input looks like binary data (PNG image), not a text article"),
        (b"\0\1\2\3" * 100, "the input looks like binary data (unprintable control bytes), not a text article"),
    ],
)
def test_bad_input_raises_value_error_with_the_cli_message(bad, message):
    with pytest.raises(ValueError) as e:
        depesche.analyze(bad)
    assert str(e.value) == message


def test_bad_options_raise():
    with pytest.raises(ValueError, match="expected a date like 2025-07-10"):
        depesche.analyze("Ein Satz.", date="10.07.2025")
    with pytest.raises(ValueError, match="possible values: auto, de, en"):
        depesche.analyze("Ein Satz.", lang="fr")
    with pytest.raises(TypeError):
        depesche.analyze(42)
    with pytest.raises(ValueError):
        depesche.Pipeline(lang="xx")


def test_fields_and_options_reach_the_analysis():
    a = depesche.analyze(
        "Der Stadtrat tagte am Montag.",
        date="2025-07-10",
        lang="de",
        url="https://example.org/a",
        title="Stadtrat tagt",
        id="a1",
    )
    assert (a["id"], a["url"], a["lang"], a["published"]) == (
        "a1",
        "https://example.org/a",
        "de",
        "2025-07-10",
    )
    assert a["title"] == "Stadtrat tagt"
    assert a["text"].startswith("Stadtrat tagt\n\n")
    assert any(t["value"] == "2025-07-07" for t in a["times"])
    forced = depesche.Pipeline(lang="en").analyze("Der Stadtrat tagte am Montag.")
    assert forced["lang"] == "en"


def test_batch_keeps_input_order_and_reads_dicts_like_jsonl():
    texts = [
        f"Meldung {i}\n\nDer Gemeinderat von Neustadt beschloss am Montag den Bau der Schule Nummer {i}."
        for i in range(60)
    ]
    items = [t if i % 2 else {"id": f"n{i}", "text": t, "published": "2025-07-10", "extra": i} for i, t in enumerate(texts)]
    p = depesche.Pipeline(lang="de", date="2025-07-01")
    out = p.analyze_batch(items)
    assert len(out) == len(items)
    for i, a in enumerate(out):
        assert f"Nummer {i}." in a["text"]
        if i % 2:
            assert (a["id"], a["published"]) == (str(i), "2025-07-01")
        else:
            assert (a["id"], a["published"], a["extra"]) == (f"n{i}", "2025-07-10", {"extra": i})
    assert out[1] == p.analyze(texts[1], id="1")


def test_batch_errors_raise_or_give_none():
    p = depesche.Pipeline()
    items = ["Ein Satz über Berlin.", {"id": "x"}, b""]
    with pytest.raises(ValueError, match=r'^item 1: the object has no "text"'):
        p.analyze_batch(items)
    out = p.analyze_batch(items, errors="none")
    assert out[0]["text"] == "Ein Satz über Berlin." and out[1] is None and out[2] is None
    with pytest.raises(TypeError, match="item 0"):
        p.analyze_batch([3.5])
    assert p.analyze_batch([]) == []


def test_batch_matches_the_cli_on_jsonl(cli, tmp_path):
    items = [
        {"id": f"e{i}", "text": p.read_text(encoding="utf-8"), "published": "2025-07-10"}
        for i, p in enumerate(sorted(EXAMPLES.glob("0[1-4]*.txt")))
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")
    out = subprocess.run([str(cli), "analyze", str(src), "--format", "jsonl"], check=True, capture_output=True)
    expect = [json.loads(line) for line in out.stdout.splitlines()]
    assert depesche.Pipeline().analyze_batch(items) == expect


def test_version_and_repr():
    assert depesche.__version__.count(".") == 2
    assert repr(depesche.Pipeline(lang="de", date="2025-07-10")) == "Pipeline(lang='de', date='2025-07-10')"


def test_batch_releases_the_gil():
    import threading
    import time

    texts = [f"Meldung {i}\n\nDer Stadtrat von Neustadt tagte am Montag über die Schule Nummer {i}." for i in range(3000)]
    pipeline = depesche.Pipeline(lang="de")
    pipeline.analyze(texts[0])
    span = {}

    def work():
        span["start"] = time.perf_counter()
        pipeline.analyze_batch(texts)
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    during = [x for x in ticks if span["start"] <= x <= span["end"]]
    # Held for the whole batch, the GIL would keep this thread from running at
    # all between start and end; released, it ticks all along. (Counting ticks,
    # not timing pauses: a busy machine may pause any thread for a while.)
    assert len(during) >= 10, (len(during), span)


def test_batch_ids_given_or_by_index():
    out = depesche.Pipeline().analyze_batch(
        [{"id": "0:1", "text": "Ein Satz."}, {"id": None, "text": "Noch ein Satz."}, {"id": 7, "text": "Satz."}]
    )
    assert [a["id"] for a in out] == ["0:1", "1", "7"]
