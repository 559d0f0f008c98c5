"""Issue 13, rows 2, 7 and 12: linear exports, bounded pieces of text, article identity."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli

DKG = "https://w3id.org/diplokg/ontology#"
TEXT = ("NAIROBI, 4 April 2023 — Kenya's Foreign Minister met the Ambassador of Ghana in Nairobi on "
        "Tuesday. The two officials discussed trade.\n")
EDITED = TEXT.replace("trade", "trade and security")


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def articles() -> dict[str, str]:
    """Article IRI -> its dkg:sourceLocation, from the store of $DIPLOKG_STORE."""
    q = f"SELECT ?a ?loc WHERE {{ GRAPH ?a {{ ?a a <{DKG}Article> ; <{DKG}sourceLocation> ?loc }} }}"
    out = run("sparql", q, "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["results"]["bindings"]
    return {r["a"]["value"]: r["loc"]["value"] for r in rows}


def ingest(*args, input=None):
    result = run("ingest", "-q", *args, input=input)
    assert result.exit_code == 0, result.output
    return result


# -- row 12: identity by URL or content, not by path ------------------------------------------

def test_same_text_from_two_places_is_one_article(store_dir, tmp_path):
    """Row 12: the same article copied elsewhere is one article graph, not two."""
    (tmp_path / "copy").mkdir()
    a, b = tmp_path / "a.txt", tmp_path / "copy" / "b.txt"
    a.write_text(TEXT)
    b.write_text(TEXT)
    ingest(a)
    ingest(b)
    found = articles()
    assert len(found) == 1
    assert list(found.values()) == [str(b)]  # where it was read last


def test_stdin_and_file_are_one_article(store_dir, tmp_path):
    """Row 12: the same text piped on stdin is the article read from the file."""
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    ingest(a)
    ingest("-", input=TEXT.encode("utf-16"))  # the encoding it arrives in does not matter either
    found = articles()
    assert len(found) == 1
    assert list(found.values()) == ["<stdin>"]


def test_relative_and_absolute_paths_are_one_place(store_dir, tmp_path, monkeypatch):
    """Row 12: ingest via a relative vs absolute path gives the same identity and sourceLocation."""
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    monkeypatch.chdir(tmp_path)
    ingest("a.txt")
    first = articles()
    ingest(a)
    ingest("./a.txt")
    assert articles() == first
    assert list(first.values()) == [str(a)]


def test_edited_file_replaces_its_earlier_version(store_dir, tmp_path):
    """Row 12: an edited file ingested again from the same place replaces the old article."""
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    ingest(a)
    before = articles()
    a.write_text(EDITED)
    ingest(a)
    after = articles()
    assert len(after) == 1 and after.keys() != before.keys()
    assert list(after.values()) == [str(a)]
    digest = hashlib.sha256(EDITED.encode()).hexdigest()
    q = f'ASK {{ ?a <{DKG}textHash> "sha256:{digest}" }}'
    assert json.loads(run("sparql", q, "--format", "json").stdout)["boolean"]


def test_editing_one_copy_keeps_the_other(store_dir, tmp_path):
    """Row 12: a text read from two files, then one edited: both texts stay, each at its place."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT)
    b.write_text(TEXT)
    ingest(a, b)  # one article, read last from b
    a.write_text(EDITED)
    ingest(a)
    assert sorted(articles().values()) == [str(a), str(b)]


def test_edited_file_in_the_same_batch_and_stdin(store_dir, tmp_path):
    """Row 12: stdin is no place: a text piped twice, edited, is two articles."""
    ingest("-", input=TEXT.encode())
    ingest("-", input=EDITED.encode())
    assert len(articles()) == 2


def test_an_article_ingested_by_path_before_is_replaced(store_dir, tmp_path):
    """Row 12: a store built when articles were known by their path: ingesting the same file
    again replaces that article instead of adding a second one."""
    from diplokg.graph.model import iris
    from diplokg.graph.store.embedded import Store

    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    old = iris.article(str(a.resolve()))
    with Store(store_dir) as s:
        s.replace_graph(old, [ox.Triple(ox.NamedNode(old), ox.NamedNode(DKG + "sourceLocation"), ox.Literal("a.txt")),
                              ox.Triple(ox.NamedNode(old), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                        ox.NamedNode(DKG + "Article"))])
    ingest(a)
    found = articles()
    assert list(found.values()) == [str(a)] and old not in found


def test_corpus_record_with_url_keeps_its_iri_when_edited(store_dir, tmp_path):
    """Row 12: an article known by its URL is replaced by name when its text changes."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "https://news.example/1", "text": TEXT}) + "\n")
    ingest(corpus)
    first = articles()
    corpus.write_text(json.dumps({"url": "https://news.example/1", "text": EDITED}) + "\n")
    ingest(corpus)
    assert articles() == first == {next(iter(first)): "https://news.example/1"}


# -- row 7: bounded pieces ----------------------------------------------------------------------

def test_a_long_line_is_split_into_bounded_pieces():
    """Row 7: text without sentence breaks is cut into pieces of bounded size (linear time)."""
    from diplokg.loaders.pieces import MAX_PIECE_CHARS
    from diplokg.loaders.text import split_sentences

    clause = "the minister of Ghana and the envoy of Kenya discussed trade, security and the region "
    text = (clause * 2000).strip()
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert max(s.end - s.start for s in sentences) <= MAX_PIECE_CHARS
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def test_pieces_cut_at_the_best_place():
    """Row 7: a cut goes at a line break, else a sentence end, else a comma, else a space."""
    from diplokg.loaders.pieces import pieces

    text = "a" * 50 + ". B" + "c" * 40 + ", " + "d" * 60
    assert [text[a:b] for a, b in pieces(text, 0, len(text), limit=100)][0] == "a" * 50 + ". "
    text = "a" * 50 + " b" + "c" * 40 + ", " + "d" * 60
    assert [text[a:b] for a, b in pieces(text, 0, len(text), limit=100)][0].endswith("c, ")
    text = "Mr" * 40 + ". Smith " + "d" * 60  # "Mr." is not a sentence end
    assert [text[a:b] for a, b in pieces(text, 0, len(text), limit=100)][0].endswith("Smith ")
    text = "x" * 30 + "\n" + "y" * 20 + ". Z" + "w" * 60
    assert [text[a:b] for a, b in pieces(text, 0, len(text), limit=80)][0] == "x" * 30 + "\n"
    assert list(pieces("short", 0, 5, limit=100)) == [(0, 5)]
    assert [b - a for a, b in pieces("z" * 250, 0, 250, limit=100)] == [100, 100, 50]


# -- row 2: exports never canonicalise --------------------------------------------------------

def _deep_store(depth: int):
    from diplokg.graph.store.embedded import Store

    store = Store()
    data = "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * depth + "1" + " ]" * depth + " .\n"
    store.replace_graph("http://example.org/g", [q.triple for q in ox.parse(data.encode(), ox.RdfFormat.TURTLE)])
    return store


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_export_never_canonicalises(monkeypatch, fmt):
    """Row 2: no export goes through RDF canonicalisation (RDFC-1.0 has no bound on its cost)."""
    from diplokg.graph.io.export import export_bytes

    def refuse(*a, **k):
        raise AssertionError("canonicalize called")

    store = _deep_store(50)
    monkeypatch.setattr(ox.Dataset, "canonicalize", refuse, raising=False)
    assert export_bytes(store, fmt)


def test_deep_blank_nodes_export_stably():
    """Row 2: a 20,000-deep blank-node chain exports (today: 12 GB then SIGSEGV), with the same
    labels from two stores that hold it under different blank node ids."""
    from diplokg.graph.io.export import export_bytes

    one, two = export_bytes(_deep_store(20_000), "turtle"), export_bytes(_deep_store(20_000), "turtle")
    assert one == two
    parsed = list(ox.parse(one, ox.RdfFormat.TURTLE))
    assert len(parsed) == 20_001
    assert len({q.subject for q in parsed if isinstance(q.subject, ox.BlankNode)}) == 20_000


def test_missing_path_does_not_create_a_store(store_dir, tmp_path):
    """Row 14: a missing path must not create an empty store."""
    result = run("ingest", tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert not store_dir.exists()
    assert not Path(os.environ["DIPLOKG_STORE"]).exists()
