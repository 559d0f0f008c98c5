"""kill -9 in the middle of an ingest leaves a store that opens and holds no partial article."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox

from diplokg.graph.store.embedded import Store

import graphsample

ROOT = Path(__file__).resolve().parents[2]
BIG = 3000  # extra triples per article, so that each commit takes a while

WRITER = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(ROOT)!r})
    import pyoxigraph as ox
    from diplokg.graph.store.embedded import Store
    s = Store(sys.argv[1])
    start = int(sys.argv[2])
    for i in range(start, start + 1000):
        g = "https://w3id.org/diplokg/id/article/kill%04d" % i
        triples = [ox.Triple(ox.NamedNode(g), ox.NamedNode("https://e.org/n"), ox.Literal(str(i)))]
        triples += [ox.Triple(ox.NamedNode(g + "/span/%d" % k), ox.NamedNode("https://e.org/text"),
                              ox.Literal("sentence %d of article %d" % (k, i))) for k in range({BIG})]
        triples.append(ox.Triple(ox.NamedNode("https://e.org/shared"), ox.NamedNode("https://e.org/seenIn"),
                                 ox.Literal("everywhere")))
        s.replace_graph(g, triples)
        print(i, flush=True)
""")


def _check_consistent(store_dir) -> int:
    s = Store(store_dir, lock_timeout=5)
    try:
        graphs = s.article_graphs()
        union = set()
        for g in graphs:
            n = s.count(g)
            assert n == BIG + 2, f"{g}: partial article ({n} triples)"
            union |= set(s.triples(g))
        assert set(s.triples()) == union, "default graph is not the union of the article graphs"
        return len(graphs)
    finally:
        s.close()


def test_kill_9_mid_ingest_leaves_no_partial_article(tmp_path):
    store_dir = tmp_path / "store"
    committed = 0
    for round_, (wait_for, delay) in enumerate([(2, 0.0), (3, 0.05), (2, 0.13)]):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), str(round_ * 1000)],
                                 stdout=subprocess.PIPE, text=True)
        try:
            for _ in range(wait_for):
                assert child.stdout.readline().strip(), "writer died before committing"
            time.sleep(delay)  # land somewhere inside the next commit
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        assert child.returncode == -signal.SIGKILL
        present = _check_consistent(store_dir)
        assert present >= committed + wait_for
        committed = present


def test_kill_9_during_cli_ingest(tmp_path):
    data = tmp_path / "many.trig"
    n = 1000
    data.write_text(graphsample.trig(range(n)))
    sizes = {i % len(graphsample.STATES): graphsample.triple_count(i) for i in range(len(graphsample.STATES))}
    expected = {graphsample.article_iri(i): sizes[i % len(graphsample.STATES)] for i in range(n)}
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    for attempt, delay in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 16.0]):
        store_dir = tmp_path / f"store{attempt}"
        # a write every 8 graphs, so there are many writes to land between
        env = {**os.environ, "DIPLOKG_STORE": str(store_dir), "PYTHONPATH": pythonpath, "DIPLOKG_COMMIT_EVERY": "8"}
        child = subprocess.Popen([sys.executable, "-m", "diplokg", "ingest", "--quiet", "--batch", "4", str(data)],
                                 env=env, stderr=subprocess.PIPE, cwd=tmp_path)
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.returncode == 0:
            raise AssertionError("ingest finished before it could be killed")
        assert child.returncode == -signal.SIGKILL, child.stderr.read()
        if not (store_dir / "CURRENT").exists():
            continue
        s = Store(store_dir, lock_timeout=5)
        try:
            union = set()
            articles = s.article_graphs()
            for g in articles:
                assert s.count(g) == expected[g], f"{g}: partial article"
                union |= set(s.triples(g))
            for g in s.graph_names():
                if g.endswith("/graph/ontology"):
                    union |= set(s.triples(g))
            assert set(s.triples()) == union
        finally:
            s.close()
        if 0 < len(articles) < n:
            return  # killed mid-ingest, and the store is sound
    raise AssertionError("never managed to kill the ingest between its first and last commit")


def _store_bytes(d: Path) -> int:
    total = 0
    for f in d.iterdir():
        try:
            total += f.stat().st_size
        except FileNotFoundError:
            pass
    return total
