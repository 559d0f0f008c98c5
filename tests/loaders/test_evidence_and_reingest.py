"""Through the command line (the click command, in this process): evidence points back to the exact sentence, re-ingest changes
nothing, and a second article reporting the same meeting adds evidence, not a meeting."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.loaders.support import CORPUS, ROOT

SEED = CORPUS / "seed" / "s01-pakistan-japan.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the shared corpus is not beside this checkout")

# Our own report of the seed article's 26 July 2022 meeting, written differently.
SECOND = """Islamabad, 27 July 2022: Foreign Minister Bilawal Bhutto met Japanese Ambassador Wada Mitsuhiro at the Foreign Office in Islamabad on Tuesday to discuss trade, officials said.
"""


def cli(*args: str, child: bool = False):
    """``diplokg ARGS``: the click command in this process (no Python start-up per call), or in
    a child process with ``child`` (for ``--jobs``, whose workers fork)."""
    if child:
        proc = subprocess.run([sys.executable, "-m", "diplokg", *args], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        return proc
    from click.testing import CliRunner

    from diplokg.graph.cli import cli as command

    r = CliRunner().invoke(command, list(args))
    assert r.exit_code == 0, r.output
    return r


def rows(store, name: str, *params: str) -> list[dict]:
    args = ["query", name, "--store", str(store), "--format", "json"]
    for p in params:
        args += ["--param", p]
    data = json.loads(cli(*args).stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_every_meeting_points_to_its_sentence(tmp_path):
    store = tmp_path / "store"
    cli("ingest", "--store", str(store), str(SEED))
    text = SEED.read_text(encoding="utf-8")
    meetings = {r["meeting"] for r in rows(store, "meetings")}
    assert len(meetings) >= 2
    for meeting in meetings:
        evidence = rows(store, "evidence", f"node={meeting}")
        assert evidence, meeting
        for e in evidence:
            assert text[int(e["start"]):int(e["end"])] == e["sentence"]
            assert "met" in e["sentence"]


def test_reingest_changes_nothing(tmp_path):
    store = tmp_path / "store"
    cli("ingest", "--store", str(store), str(SEED))
    before = cli("export", "--store", str(store), "--format", "nquads").stdout
    cli("ingest", "--store", str(store), str(SEED))
    after = cli("export", "--store", str(store), "--format", "nquads").stdout
    strip = lambda dump: sorted(l for l in dump.splitlines() if "ingestedAt" not in l)
    assert len(strip(before)) == len(strip(after)) > 100
    assert strip(before) == strip(after)


def test_same_meeting_from_two_articles_is_one_meeting_with_two_evidence(tmp_path):
    store = tmp_path / "store"
    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    cli("ingest", "--store", str(store), str(SEED), str(second))
    on_the_day = {r["meeting"] for r in rows(store, "meetings") if r.get("date") == "2022-07-26"}
    assert len(on_the_day) == 1
    evidence = rows(store, "evidence", f"node={on_the_day.pop()}")
    assert len({e["article"] for e in evidence}) == 2


def test_worker_processes_build_the_same_store(tmp_path):
    """`--jobs 2` extracts and validates in workers; the committed graphs are the same."""
    dumps = []
    for jobs in ("1", "2"):
        store = tmp_path / f"store{jobs}"
        cli("ingest", "--store", str(store), "--jobs", jobs, "--batch", "4", str(CORPUS / "seed"), str(CORPUS / "dev"),
            child=True)
        dump = cli("export", "--store", str(store), "--format", "nquads").stdout
        dumps.append(sorted(l for l in dump.splitlines() if "ingestedAt" not in l))
    assert len(dumps[0]) > 1000 and dumps[0] == dumps[1]
