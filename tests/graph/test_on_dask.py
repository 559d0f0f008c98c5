"""The Dask recipe (issue 12): ``diplokg.extract_partition`` run on Dask ``distributed`` (a
LocalCluster of two worker processes) writes shards that load into the same store as
``diplokg ingest`` of the corpus itself."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install '.[test]')")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = "2024-01-01T00:00:00+00:00"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _corpus(path: Path) -> int:
    lines = []
    for n, p in enumerate(sorted(EXAMPLES.glob("*.txt"))):
        lines.append(json.dumps({"id": f"a{n}", "url": f"https://example.org/news/{p.stem}", "published": "2023-10-02",
                                 "title": p.stem.replace("-", " "), "text": p.read_text(encoding="utf-8")}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _quads(store: Path) -> list[str]:
    r = run("export", "--store", store, "--format", "nquads")
    assert r.exit_code == 0, r.output
    return sorted(line for line in r.stdout.splitlines() if "ingestedAt" not in line)


def test_dask_shards_make_the_store_ingest_makes(tmp_path):
    from dask.distributed import Client, LocalCluster

    from diplokg.on_dask import extract_shards

    corpus = tmp_path / "corpus.jsonl"
    articles = _corpus(corpus)
    # small partitions: every article in a partition of its own, spread over both workers
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        written = extract_shards(corpus, tmp_path / "shards", client=client, blocksize=1000, now=NOW)
    assert sum(n for _, n in written) == articles and len(written) >= 2
    assert all(Path(p).stat().st_size > 0 for p, n in written if n)
    assert run("ingest", "-q", "--store", tmp_path / "from-dask", tmp_path / "shards").exit_code == 0
    assert run("ingest", "-q", "--store", tmp_path / "direct", corpus).exit_code == 0
    direct = _quads(tmp_path / "direct")
    assert len(direct) > 300 and _quads(tmp_path / "from-dask") == direct


def test_shards_go_to_a_new_or_empty_folder(tmp_path):
    from diplokg.graph.model.errors import InputError
    from diplokg.on_dask import extract_shards

    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(InputError, match="empty folder"):
        extract_shards(corpus, tmp_path / "full")
