"""Rules of the game: extraction is general, and every class the loaders emit has a shape."""
from __future__ import annotations

import json
import re

import pytest
import rdflib
from rdflib import RDF

from diplokg.graph.model.paths import shapes_file
from tests.loaders.support import CASES, CORPUS, ROOT, corpus_articles, extract_text


def _record_names(record: dict) -> set[str]:
    """The person names, agreement titles and dialogue names one gold record carries."""
    names = {record[k] for k in ("person", "visitor", "title", "name") if isinstance(record.get(k), str)}
    for k in ("participants", "signatories", "aliases"):
        names.update(n for n in record.get(k) or [] if isinstance(n, str))
    return names


def _corpus_names() -> set[str]:
    """Every name the gold of every corpus set (seed, dev, real) gives: posts, meeting
    participants, visitors, signatories, agreements, dialogues, and the events that did not
    happen (``not_events``) or are optional."""
    names = set()
    for gold in CORPUS.glob("*/*.json"):
        g = json.loads(gold.read_text(encoding="utf-8"))
        for section in ("positions", "meetings", "visits", "agreements", "dialogues", "not_events", "optional"):
            for record in g.get(section) or []:
                names |= _record_names(record)
    return {n for n in names if len(n) > 6}


def test_corpus_names_cover_every_section():
    """The guard below reads meeting participants, visitors and not_events too, not only posts."""
    if not (CORPUS / "real").is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    names = _corpus_names()
    real = [json.loads(p.read_text(encoding="utf-8")) for p in (CORPUS / "real").glob("*.json")]
    participants = {n for g in real for m in g.get("meetings", []) for n in m.get("participants", []) if len(n) > 6}
    visitors = {v["visitor"] for g in real for v in g.get("visits", []) if len(v.get("visitor") or "") > 6}
    unreal = {n for g in real for e in g.get("not_events", []) for n in _record_names(e) if len(n) > 6}
    assert participants and visitors and unreal
    assert participants | visitors | unreal <= names


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_no_corpus_name_in_loaders_or_graph():
    names = _corpus_names()
    assert names
    hits = []
    for folder in ("loaders", "graph"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".tsv", ".txt", ".json", ".ttl", ".rq", ".csv"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                hits += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert not hits, hits


def test_every_emitted_class_has_a_shape():
    shapes = rdflib.Graph().parse(shapes_file())
    targets = set(shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass")))
    texts = [p.read_text(encoding="utf-8") for p in corpus_articles()]
    texts += [p.read_text(encoding="utf-8") for p in CASES.glob("*/article.txt")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "examples").glob("*.txt")]
    emitted = set()
    for i, text in enumerate(texts):
        emitted |= set(extract_text(text, key=f"k{i}").graph.objects(None, RDF.type))
    base = {c for c in emitted if not re.search(r"#(Embassy|HighCommission|Consulate|PermanentMission|TradeOffice|"
                                                 r"JointStatement|JointCommunique|MemorandumOfUnderstanding|Treaty|"
                                                 r"Declaration|Protocol|ActionPlan|City)$", str(c))}
    assert base and not (base - targets), sorted(base - targets)
