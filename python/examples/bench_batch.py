#!/usr/bin/env python3
"""Articles per second: depesche.Pipeline.analyze_batch against the CLI on the same articles.

    python python/examples/bench_batch.py [--n 400] [--csv ../shared/data/news-de/10kGNAD/test.csv]
                                          [--cli target/release/depesche] [--repeat 3]

Both sides read the same N articles of 10kGNAD, use all cores and produce the
depesche/1 analyses: the package as Python dicts (analyze_batch), the CLI as JSONL
written to /dev/null (`depesche analyze FILE.jsonl --lang de --format jsonl`, timed
from process start, so its model loading counts; the package's pipeline is built
before the clock starts). Prints the best of --repeat runs for each.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import depesche

REPO = Path(__file__).resolve().parents[2]


def read_gnad(path: Path, n: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'", doublequote=True)):
            if len(row) >= 2:
                out.append({"id": f"gnad-{i}", "text": row[1]})
            if len(out) >= n:
                break
    return out


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--csv", type=Path, default=REPO.parent / "shared/data/news-de/10kGNAD/test.csv")
    ap.add_argument("--cli", type=Path, default=None, help="the depesche binary (default: target/release, else target/fast)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.csv.is_file():
        print(f"bench_batch: {args.csv} not found", file=sys.stderr)
        return 2
    cli = args.cli
    if cli is None:
        cli = next((p for p in (REPO / "target/release/depesche", REPO / "target/fast/depesche") if p.is_file()), None)
    items = read_gnad(args.csv, args.n)
    chars = sum(len(x["text"]) for x in items)
    cores = os.cpu_count()
    print(f"{len(items)} 10kGNAD articles ({chars / 1e6:.2f} M chars), {cores} cores, best of {args.repeat}")

    pipeline = depesche.Pipeline(lang="de")
    pipeline.analyze(items[0]["text"])  # first use: tables and thread pool
    secs = best_of(args.repeat, lambda: pipeline.analyze_batch(items))
    py_rate = len(items) / secs
    print(f"python  Pipeline(lang='de').analyze_batch: {secs:6.2f} s  {py_rate:7.1f} articles/s")

    if cli is None:
        print("cli: no binary (build with cargo build --release)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for x in items:
                f.write(json.dumps(x, ensure_ascii=False) + "\n")
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps(items[0], ensure_ascii=False) + "\n", encoding="utf-8")

        def run_cli(path: Path) -> None:
            cmd = [str(cli), "analyze", str(path), "--lang", "de", "--format", "jsonl"]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        secs = best_of(args.repeat, lambda: run_cli(src))
        # Process start and model loading, which the package pays once per Pipeline.
        start = best_of(args.repeat, lambda: run_cli(one))
    cli_rate = len(items) / secs
    steady = len(items) / max(secs - start, 1e-9)
    print(f"cli     {cli.name} analyze FILE.jsonl --lang de:  {secs:6.2f} s  {cli_rate:7.1f} articles/s")
    print(f"cli     without its start-up ({start:.2f} s for one article):   {steady:7.1f} articles/s")
    print(f"python / cli: {py_rate / cli_rate:.0%} ({py_rate / steady:.0%} of the CLI without its start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
