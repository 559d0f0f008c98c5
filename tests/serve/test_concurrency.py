"""Readers are served while `diplokg ingest` writes to the same store: the server reads a
snapshot and never holds the store, then picks up the new data once the ingest is done."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from serving import ROOT, SEED_ABOX, ingest, request, start

sys.path.insert(0, str(ROOT / "tests" / "graph"))
import graphsample  # noqa: E402

N_ARTICLES = 60


def meeting_count(url) -> int:
    status, _, body = request(url + "/sparql", params={
        "query": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/diplokg/ontology#Meeting> }"},
        headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_readers_during_ingest(tmp_path):
    store = tmp_path / "store"
    assert ingest(store, SEED_ABOX).returncode == 0
    trig = tmp_path / "more.trig"
    trig.write_text(graphsample.trig(range(N_ARTICLES)))
    running = start(store, refresh=0.2)
    snapshot_root = running.snapshots.root
    try:
        before = meeting_count(running.url)
        statuses: list[int] = []
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                status, _, _ = request(running.url + "/queries/meetings.json", params={"state": "Japan"})
                statuses.append(status)

        readers = [threading.Thread(target=reader) for _ in range(4)]
        for t in readers:
            t.start()
        try:
            t0 = time.monotonic()
            proc = subprocess.run([sys.executable, "-m", "diplokg", "ingest", "-q", "--store", str(store), str(trig)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=600,
                                  env={**__import__("os").environ, "DIPLOKG_LOCK_TIMEOUT": "5"})
            during = len(statuses)
            ingest_s = time.monotonic() - t0
        finally:
            stop.set()
            for t in readers:
                t.join()
        assert proc.returncode == 0, proc.stderr
        assert "busy" not in proc.stderr
        assert during > 0 and set(statuses) == {200}, (ingest_s, set(statuses))
        # the new data shows up once the ingest let go of the store
        deadline = time.monotonic() + 20
        while meeting_count(running.url) < before + N_ARTICLES:
            assert time.monotonic() < deadline, "the server did not pick up the ingested articles"
            time.sleep(0.2)
        # and the command line can open the store while the server runs
        q = subprocess.run([sys.executable, "-m", "diplokg", "query", "meetings", "--store", str(store),
                            "--format", "csv"], cwd=ROOT, capture_output=True, timeout=120)
        assert q.returncode == 0, q.stderr
        status, _, body = request(running.url + "/queries/meetings.csv")
        assert body == q.stdout
    finally:
        running.close()
    assert not Path(snapshot_root).exists()


def test_old_snapshots_are_pruned(tmp_path):
    store = tmp_path / "store"
    assert ingest(store, SEED_ABOX).returncode == 0
    running = start(store, refresh=0.2)
    try:
        for i in range(3):
            trig = tmp_path / f"a{i}.trig"
            trig.write_text(graphsample.trig(range(i * 5, i * 5 + 5)))
            assert ingest(store, trig).returncode == 0
            deadline = time.monotonic() + 20
            while meeting_count(running.url) < 1 + (i + 1) * 5:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        time.sleep(0.6)
        snaps = list(running.snapshots.root.glob("snapshot-*"))
        assert len(snaps) <= 3  # the current one, and those a worker still has open
    finally:
        running.close()
