"""``diplokg extract`` and ``diplokg.extract_partition`` (issue 11, item 5; issue 10): what
articles yield without a store, and N-Quads shards that ingest like the articles themselves."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import diplokg
from diplokg.graph.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CALL = EXAMPLES / "kenya-ghana-call.txt"
NOW = "2024-01-01T00:00:00+00:00"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def test_table_shows_each_fact_with_its_sentence():
    r = run("extract", CALL, "--max-width", "0")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["article", "type", "fact", "label", "who", "date", "sentence"]
    call = next(line for line in lines if "Call of Kwame Asante and Wanjiru Odhiambo" in line)
    assert "Phone Call" in call and "2023-10-02" in call and "held a telephone call" in call
    post = next(line for line in lines if "Ambassador of Ghana" in line)
    assert "Akosua Mensah" in post


def test_json_is_sparql_results_with_the_sentence_in_the_text():
    r = run("extract", CALL, "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    text = CALL.read_text(encoding="utf-8")
    rows = data["results"]["bindings"]
    assert rows and all(row["sentence"]["value"] in text for row in rows)
    assert {row["type"]["value"] for row in rows} >= {"Phone Call", "Post", "Visit"}


def test_turtle_and_nquads_are_the_graph_ingest_would_commit(tmp_path):
    ttl = run("extract", CALL, "--format", "turtle")
    nq = run("extract", EXAMPLES, "--format", "nquads")
    assert ttl.exit_code == nq.exit_code == 0
    turtle = {q.triple for q in ox.parse(ttl.stdout_bytes, ox.RdfFormat.TURTLE)}
    quads = list(ox.parse(nq.stdout_bytes, ox.RdfFormat.N_QUADS))
    assert len({q.graph_name for q in quads}) == 3  # one named graph per article
    r = run("ingest", "--store", tmp_path / "s", CALL)
    assert r.exit_code == 0
    from diplokg.graph.store.embedded import Store

    with Store(tmp_path / "s") as s:
        (name,) = s.article_graphs()
        stored = set(s.triples(name))
    volatile = {"https://w3id.org/diplokg/ontology#ingestedAt"}
    assert {t for t in turtle if t.predicate.value not in volatile} == \
        {t for t in stored if t.predicate.value not in volatile}


def test_an_article_that_fails_the_shapes_is_reported_with_exit_1(monkeypatch):
    import diplokg.graph.io.extraction as extraction
    from diplokg.graph.shapes.validate import ValidationReport

    monkeypatch.setattr(extraction, "validate_items", lambda items, batch=16: [ValidationReport(False)] * len(items))
    r = run("extract", CALL)
    assert r.exit_code == 1
    assert "failed validation" in r.stderr


def test_shards_ingest_exactly_as_the_articles_do(tmp_path):
    shards = tmp_path / "shards"
    r = run("extract", EXAMPLES, "--out", shards, "--shard-size", "2")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in shards.iterdir()) == ["part-00000.nq", "part-00001.nq"]
    assert "wrote 3 articles in 2 shards" in r.stderr
    assert run("ingest", "--store", tmp_path / "from-shards", shards).exit_code == 0
    assert run("ingest", "--store", tmp_path / "direct", EXAMPLES).exit_code == 0

    def export(store):
        out = run("export", "--store", store, "--format", "nquads").stdout
        return sorted(line for line in out.splitlines() if "ingestedAt" not in line)

    direct = export(tmp_path / "direct")
    assert len(direct) > 300 and export(tmp_path / "from-shards") == direct


def test_out_must_be_a_new_or_empty_folder(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    r = run("extract", CALL, "--out", tmp_path / "full")
    assert r.exit_code == 2 and "not empty" in r.stderr


def _records():
    return [{"id": p.stem, "url": f"https://example.org/{p.stem}", "published": None, "title": None,
             "text": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLES.glob("*.txt"))]


def test_extract_partition_is_a_pure_function_of_its_records():
    first = diplokg.extract_partition(_records(), now=NOW)
    assert first == diplokg.extract_partition(iter(_records()), now=NOW)
    quads = list(ox.parse(first, ox.RdfFormat.N_QUADS))
    assert len({q.graph_name for q in quads}) == 3
    assert f'"{NOW}"' in first.decode()


def test_extract_partition_refuses_a_record_without_text():
    from diplokg.graph.model.errors import InputError

    with pytest.raises(InputError, match="record 0"):
        diplokg.extract_partition([{"id": "x"}])
