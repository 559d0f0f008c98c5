"""Every user error of issue 3: exit 2, one line on stderr naming the file or the reason, no traceback."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli

import graphsample


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def assert_usage_error(result, *needles):
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in result.output
    for n in needles:
        assert n.lower() in err.lower(), (n, err)
    assert result.stdout == ""


def test_missing_file(store_dir, tmp_path):
    assert_usage_error(run("ingest", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_empty_file(store_dir, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    assert_usage_error(run("ingest", str(f)), "empty.txt", "empty")


def test_empty_rdf_file(store_dir, tmp_path):
    f = tmp_path / "empty.ttl"
    f.write_text("  \n")
    assert_usage_error(run("ingest", str(f)), "empty.ttl", "empty")


def test_binary_file(store_dir, tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert_usage_error(run("ingest", str(f)), "photo.txt", "binary")


def test_non_utf8_text_is_decoded_or_refused_clearly(store_dir, tmp_path):
    text = ("São Paulo, 3 March 2023 — Brazil's Foreign Minister met the Ambassador of Côte d'Ivoire "
            "at Itamaraty. The ministers discussed coöperation, naïve hopes and the café trade. ") * 3
    f = tmp_path / "latin1.txt"
    f.write_bytes(text.encode("cp1252"))
    result = run("ingest", str(f))
    if result.exit_code == 2:
        assert_usage_error(result, "latin1.txt")
        return
    assert result.exit_code == 0, result.output
    exported = run("export", "--format", "nquads").stdout
    for mojibake in ("Ã", "â€", "\ufffd"):
        assert mojibake not in exported


def test_folder_without_articles(store_dir, tmp_path):
    d = tmp_path / "nothing"
    d.mkdir()
    (d / "notes.md").write_text("not an article")
    assert_usage_error(run("ingest", str(d)), "nothing", "no article")


def test_rdf_syntax_error_names_file_and_position(store_dir, tmp_path):
    f = tmp_path / "broken.ttl"
    f.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \n")
    assert_usage_error(run("ingest", str(f)), "broken.ttl", "not valid turtle")


def test_jsonld_remote_context_is_never_fetched(store_dir, tmp_path):
    f = tmp_path / "remote.jsonld"
    f.write_text('{"@context": "https://schema.org/", "@id": "https://example.org/x", "name": "x"}')
    assert_usage_error(run("ingest", str(f)), "remote.jsonld", "context")


def test_unknown_query(store_dir):
    assert_usage_error(run("query", "no-such-query"), "unknown query", "no-such-query")


def test_unknown_parameter(store_dir):
    assert_usage_error(run("query", "meetings", "--param", "colour=blue"), "meetings", "colour")


def test_parameter_without_value(store_dir):
    assert_usage_error(run("query", "meetings", "--param", "state"), "KEY=VALUE")


def test_missing_required_parameter(store_dir):
    assert_usage_error(run("query", "evidence"), "node", "required")


def _with_store(tmp_path):
    f = tmp_path / "a.trig"
    f.write_text(graphsample.trig([1]))
    assert run("ingest", str(f)).exit_code == 0


def test_malformed_sparql(store_dir, tmp_path):
    _with_store(tmp_path)
    assert_usage_error(run("sparql", "SELECT * WHERE { ?s ?p "), "malformed SPARQL")


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e.org/a> <http://e.org/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "PREFIX ex: <http://e.org/>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_update_refused(store_dir, tmp_path, update):
    _with_store(tmp_path)
    assert_usage_error(run("sparql", update), "read-only")


def test_service_refused(store_dir, tmp_path):
    _with_store(tmp_path)
    q = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert_usage_error(run("sparql", q), "SERVICE")


def test_load_refused(store_dir, tmp_path):
    _with_store(tmp_path)
    assert_usage_error(run("sparql", "LOAD <https://example.org/data.ttl>"), "LOAD")


def test_keywords_inside_strings_and_iris_are_fine(store_dir, tmp_path):
    _with_store(tmp_path)
    q = 'SELECT ?s WHERE { ?s ?p "DROP ALL" . ?s <http://e.org/LOAD> ?o } # INSERT'
    result = run("sparql", q, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "s"


def test_query_file_missing(store_dir, tmp_path):
    assert_usage_error(run("sparql", f"@{tmp_path / 'q.rq'}"), "q.rq", "no such file")


def test_query_without_store(store_dir):
    assert_usage_error(run("query", "meetings"), str(store_dir), "no store")


def test_store_path_is_a_file(tmp_path, monkeypatch):
    f = tmp_path / "store.txt"
    f.write_text("I am a file")
    result = run("query", "meetings", "--store", str(f))
    assert_usage_error(result, "store.txt", "is a file")
    result = run("ingest", "--store", str(f), str(f))
    assert_usage_error(result, "store.txt", "is a file")


def test_store_path_is_an_unrelated_folder(tmp_path):
    d = tmp_path / "src"
    d.mkdir()
    (d / "main.py").write_text("print(1)")
    art = tmp_path / "a.trig"
    art.write_text(graphsample.trig([1]))
    assert_usage_error(run("ingest", "--store", str(d), str(art)), "src", "not a diplokg store")
    assert sorted(p.name for p in d.iterdir()) == ["main.py"]


def test_store_busy(store_dir, tmp_path, monkeypatch):
    _with_store(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            sys.path.insert(0, {str(graphsample.__file__.rsplit('/tests/', 1)[0])!r})
            from diplokg.graph.store.embedded import Store
            s = Store({str(store_dir)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("DIPLOKG_LOCK_TIMEOUT", "0.5")
        assert_usage_error(run("query", "meetings"), "store is busy")
        art = tmp_path / "b.trig"
        art.write_text(graphsample.trig([2]))
        assert_usage_error(run("ingest", str(art)), "store is busy")
    finally:
        holder.kill()
        holder.wait()
    # once the other process is gone, the store works and holds only the first article
    result = run("sparql", "SELECT ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/diplokg/ontology#Article> } }",
                 "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.split() == ["g", graphsample.article_iri(1)]


def test_unexpected_error_is_exit_3_without_traceback(store_dir, tmp_path, monkeypatch):
    import diplokg.graph.io.export

    def boom(*a, **k):
        raise ValueError("kaboom")

    _with_store(tmp_path)
    monkeypatch.setattr(diplokg.graph.io.export, "export_bytes", boom)
    result = run("export")
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "kaboom" in result.stderr
    assert "Traceback" not in result.output
