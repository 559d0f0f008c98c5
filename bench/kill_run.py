"""kill -9 an ingest N times at random moments; count the stores that reopen intact.

    python bench/kill_run.py                 # 20 kills, a folder of 300 articles + 300 RDF graphs
    python bench/kill_run.py --kills 5 --articles 60

Every round runs ``diplokg ingest`` on the same inputs into the same store and kills it with
SIGKILL after a random delay (the store fills up across rounds, so later rounds replace
articles as well as add them). After each kill the store is opened and checked: every article
graph holds exactly the triples a clean ingest gives it, and the default graph is the union of
the named graphs. Prints one line per round and "K of N killed stores reopened intact".
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "graph"))

import graphsample  # noqa: E402

from diplokg.graph.store.embedded import Store  # noqa: E402


def make_inputs(folder: Path, n: int) -> list[str]:
    texts = [p.read_text() for p in sorted((ROOT / "examples").glob("*.txt"))]
    articles = folder / "articles"
    articles.mkdir()
    for i in range(n):
        (articles / f"a{i:04d}.txt").write_text(texts[i % len(texts)] + f"\nThis is report number {i}.\n")
    trig = folder / "graphs.trig"
    trig.write_text(graphsample.trig(range(n)))
    return [str(articles), str(trig)]


def ingest(store: Path, inputs: list[str], *, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "diplokg", "ingest", "--quiet", "--store", str(store), *inputs],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def sizes(store: Path) -> dict[str, int]:
    s = Store(store, lock_timeout=30)
    try:
        return {g: s.count(g) for g in s.article_graphs()}
    finally:
        s.close()


def intact(store: Path, expected: dict[str, int]) -> tuple[bool, str]:
    try:
        s = Store(store, lock_timeout=30)
    except Exception as exc:  # noqa: BLE001 (any failure to open is what this run looks for)
        return False, f"does not open: {exc}"
    try:
        union = set()
        graphs = s.graph_names()
        for g in s.article_graphs():
            n = s.count(g)
            if n != expected.get(g):
                return False, f"{g}: {n} triples, a clean ingest gives {expected.get(g)}"
            union |= set(s.triples(g))
        for g in graphs:
            if g.endswith("/graph/ontology"):
                union |= set(s.triples(g))
        if set(s.triples()) != union:
            return False, "the default graph is not the union of the named graphs"
        return True, f"{len(s.article_graphs())} articles"
    finally:
        s.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="diplokg-kill-"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "DIPLOKG_COMMIT_EVERY": "16"}
    try:
        inputs = make_inputs(work, args.articles)
        reference = work / "reference"
        t0 = time.monotonic()
        done = ingest(reference, inputs, env=env)
        done.wait()
        full = time.monotonic() - t0
        expected = sizes(reference)
        print(f"a clean ingest: {len(expected)} graphs in {full:.1f} s")
        store = work / "store"
        ok = 0
        for round_ in range(1, args.kills + 1):
            delay = rng.uniform(0.2, full)
            child = ingest(store, inputs, env=env)
            time.sleep(delay)
            finished = child.poll() is not None
            os.kill(child.pid, signal.SIGKILL) if not finished else None
            child.wait()
            good, what = intact(store, expected)
            ok += good
            state = "finished before the kill" if finished else f"killed after {delay:.1f} s"
            print(f"round {round_:2d}: {state}; {'intact' if good else 'BROKEN'}: {what}", flush=True)
        print(f"{ok} of {args.kills} killed stores reopened intact")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
