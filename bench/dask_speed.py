"""Extraction on Dask: 1 worker vs 2 (issue 12: 2 workers >= 1.7x one).

    python bench/dask_speed.py --size 10000 --workers 1,2

Generates the bench corpus (bench/generate.py) unless --corpus is given, then runs
:func:`diplokg.on_dask.extract_shards` on a LocalCluster of N single-threaded worker
processes for each N, and prints seconds, articles/s, the speed-up over the first N and the
load average before and after each run (the machine may be shared: a busy machine cannot
show the scaling). ``--json FILE`` keeps the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402


def measure(corpus: Path, workers: int, blocksize: int) -> dict:
    from dask.distributed import Client, LocalCluster

    from diplokg.on_dask import extract_shards

    out = Path(tempfile.mkdtemp(prefix="diplokg-dask-"))
    try:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            client.run(lambda: __import__("diplokg.graph.io.extraction"))  # imports out of the timing
            load0 = os.getloadavg()
            t0 = time.perf_counter()
            written = extract_shards(corpus, out / "shards", client=client, blocksize=blocksize)
            seconds = time.perf_counter() - t0
            load1 = os.getloadavg()
        articles = sum(n for _, n in written)
        return {"workers": workers, "seconds": round(seconds, 2), "articles": articles, "partitions": len(written),
                "articles_per_s": round(articles / seconds, 1), "load_before": [round(x, 2) for x in load0],
                "load_after": [round(x, 2) for x in load1]}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10000, help="articles to generate [10000]")
    ap.add_argument("--corpus", help="a JSON Lines corpus instead of a generated one")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts [1,2]")
    ap.add_argument("--blocksize", type=int, default=1_000_000, help="corpus bytes per partition [1000000]")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    if args.corpus:
        corpus = Path(args.corpus)
    else:
        corpus = Path(tempfile.gettempdir()) / f"diplokg-dask-corpus-{args.size}.jsonl"
        if not corpus.exists():
            generate.generate(args.size, corpus)
    runs = []
    for n in (int(w) for w in args.workers.split(",")):
        r = measure(corpus, n, args.blocksize)
        if runs:
            r["speedup"] = round(runs[0]["seconds"] / r["seconds"], 2)
        runs.append(r)
        print(f"{n} worker(s): {r['seconds']} s, {r['articles_per_s']} articles/s over {r['partitions']} partitions"
              + (f", {r['speedup']}x" if "speedup" in r else "")
              + f"; load average {r['load_before'][0]} -> {r['load_after'][0]} (cores: {os.cpu_count()})", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"corpus": str(corpus), "cores": os.cpu_count(), "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
