"""The Python API (issue 11, item 6): ``import diplokg``, ``diplokg.open``, ingest, query,
sparql, extract; its doctests and the README's example run."""
from __future__ import annotations

import doctest
import re
import warnings
from pathlib import Path

import pytest

import diplokg

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["diplokg.knowledge_graph", "diplokg.rows"])
def test_doctests(module, monkeypatch):
    import importlib

    monkeypatch.chdir(ROOT)  # the examples are named relative to the checkout
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_readme_python_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    assert "diplokg.open" in code
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DIPLOKG_STORE", str(tmp_path / "store"))
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def test_an_on_disk_store_is_not_held_between_calls(tmp_path):
    from diplokg.graph.store.embedded import Store

    kg = diplokg.open(tmp_path / "kg")
    result = kg.ingest(ROOT / "examples")
    assert len(result.committed) == 3
    rows = kg.query("meetings", state="ghana")
    assert {r["party"] for r in rows} >= {"Ghana", "Kenya"}
    assert set(rows[0]) == set(rows.variables) == {"meeting", "kind", "date", "place", "participant", "party"}
    with Store(tmp_path / "kg", lock_timeout=0):  # free between two calls
        pass
    assert kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a dkg:Article }")[0]["n"] == 3
    assert kg.validate().conforms
    assert b"owl:Ontology" in kg.export("turtle")


def test_a_failed_query_leaves_the_store_free(tmp_path):
    """The error is kept (as a notebook keeps the last one); the store's lock is not."""
    from diplokg.graph.model.errors import QueryError
    from diplokg.graph.store.embedded import Store

    kg = diplokg.open(tmp_path / "kg")
    kg.ingest([ROOT / "examples" / "kenya-ghana-call.txt"])
    kept = []
    for query in ("SELECT * WHERE {",  # malformed: Oxigraph's parse in the read-only check
                  "SELECT * WHERE { ?s a nosuch:Thing }",  # malformed: Oxigraph's parse on the store
                  "SELECT (<urn:x:f>(1) AS ?x) WHERE {}",  # an evaluation error
                  "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"):  # refused
        with pytest.raises(QueryError) as caught:
            kg.sparql(query)
        kept.append(caught.value)
        with Store(tmp_path / "kg", lock_timeout=0):
            pass
    assert len(kept) == 4


def test_unknown_label_warns_with_the_closest(tmp_path):
    kg = diplokg.open(":memory:")
    kg.ingest([ROOT / "examples" / "kenya-ghana-call.txt"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert kg.query("meetings", state="Gahna") == []
    assert "state=Gahna" in str(caught[0].message) and "'Ghana'" in str(caught[0].message)


def test_to_pandas():
    pd = pytest.importorskip("pandas")
    kg = diplokg.open(":memory:")
    kg.ingest([ROOT / "examples"])
    df = kg.query("timeline", state="Ghana").to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["date", "event", "type", "label"] and len(df) > 0


def test_extract_needs_no_store():
    ex = diplokg.extract((ROOT / "examples" / "kenya-ghana-call.txt").read_text(encoding="utf-8"))
    assert ex.conforms and ex.facts.count() > 0
    assert any(r["type"] == "Phone Call" for r in ex.rows())
    assert "dkg:PhoneCall" in ex.turtle()


def test_open_an_endpoint_or_the_default_folder(monkeypatch, tmp_path):
    assert diplokg.open("http://127.0.0.1:1/query").endpoint == "http://127.0.0.1:1/query"
    monkeypatch.setenv("DIPLOKG_STORE", str(tmp_path / "default"))
    assert diplokg.open().path == tmp_path / "default"


def test_import_diplokg_stays_light():
    import subprocess
    import sys

    code = "import sys, diplokg; print('pyoxigraph' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]
