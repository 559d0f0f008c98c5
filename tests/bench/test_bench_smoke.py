"""Smoke test of the benchmark (bench/): generator + run.py at 50 articles, with the baseline.

Speed is what the benchmark prints, never what a test asserts: this only checks that the
benchmark still runs, that results.json keeps the shape issue 5 fixes (others read it), and
that the saved queries' answers match the generator's facts.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"

pytest.importorskip("matplotlib")

QUERIES = {"agreements", "dialogues", "evidence", "meetings", "missions", "officials", "relations",
           "timeline", "visits"}
QUERY_KEYS = {"p50_ms", "p95_ms", "rows", "param_p50_ms"}
SIZE_KEYS = {"ingest_articles_per_s", "bulk_quads_per_s", "peak_rss_mb", "store_mb", "validate_s",
             "queries", "baseline"}


def _load_generate():
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    return generate


def test_generator_is_deterministic_and_prefix_stable(tmp_path):
    generate = _load_generate()
    a, ea = generate.generate(30, tmp_path / "a.jsonl")
    b, eb = generate.generate(30, tmp_path / "b.jsonl")
    c, _ = generate.generate(40, tmp_path / "c.jsonl")
    assert a.read_bytes() == b.read_bytes() and ea.read_bytes() == eb.read_bytes()
    assert c.read_bytes().startswith(a.read_bytes())
    records = [json.loads(line) for line in a.read_text().splitlines()]
    assert all(set(r) == {"id", "url", "published", "title", "text"} for r in records)
    assert len({r["id"] for r in records}) == 30


def test_invented_names_are_not_in_the_shared_corpus(tmp_path):
    generate = _load_generate()
    g = generate.Generator()
    for i in range(300):
        g.article(i)
    corpus = Path("/work/shared/corpus")
    if not corpus.is_dir():
        pytest.skip("no shared corpus here")
    text = " ".join(p.read_text(encoding="utf-8") for p in corpus.rglob("*.txt"))
    for name in g.names.by_role.values():
        assert name not in text


@pytest.mark.slow
def test_benchmark_runs_at_50_articles(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "50", "--baseline", "--cap", "20",
         "--runs", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert {"sizes", "machine", "versions"} <= set(results)
    r = results["sizes"]["50"]
    assert SIZE_KEYS <= set(r)
    for key in SIZE_KEYS - {"queries", "baseline"}:
        assert isinstance(r[key], (int, float)) and r[key] > 0, key
    assert set(r["queries"]) == QUERIES
    for name, q in r["queries"].items():
        assert QUERY_KEYS <= set(q), name
        assert isinstance(q["p50_ms"], (int, float)) and isinstance(q["param_p50_ms"], (int, float)), name
    base = r["baseline"]
    assert {"ingest_articles_per_s", "validate_s", "queries"} <= set(base)
    assert set(base["queries"]) == QUERIES
    for name, q in base["queries"].items():
        assert QUERY_KEYS <= set(q), name
    # the answers are right: diplokg's saved queries return exactly the generator's facts
    assert r["answers_ok"] is True, json.dumps(r["answers"], indent=1)
    assert (out / "plot.png").stat().st_size > 0
    assert "text ingest" in proc.stdout


def test_answer_check_catches_a_wrong_row(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import run
    finally:
        sys.path.remove(str(BENCH))
    generate = _load_generate()
    corpus, expected = generate.generate(20, tmp_path / "c.jsonl")
    exp = run.expected_rows(expected, {"param": "Japan"})
    rows = [{"state_a": a, "state_b": b, "established": d} for a, b, d in exp["relations"]["plain"]]
    assert len(rows) > 2
    good = run.check_answers(exp, {"relations": {"plain": {"result": rows}}})
    assert good["relations:plain"]["ok"] is True
    bad = run.check_answers(exp, {"relations": {"plain": {"result": rows[1:] + [{"state_a": "X"}]}}})
    assert bad["relations:plain"]["ok"] is False and bad["relations:plain"]["extra"]
