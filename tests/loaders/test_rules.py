"""Rules of the game: extraction is general, and every class the loaders emit has a shape."""
from __future__ import annotations

import json
import re

import pytest
import rdflib
from rdflib import RDF

from diplokg.graph.model.paths import shapes_file
from tests.loaders.support import CASES, CORPUS, ROOT, corpus_articles, extract_text


def _corpus_names() -> set[str]:
    names = set()
    for gold in CORPUS.glob("*/*.json"):
        g = json.loads(gold.read_text(encoding="utf-8"))
        names.update(p["person"] for p in g.get("positions", []))
        names.update(a["title"] for a in g.get("agreements", []))
        names.update(d["name"] for d in g.get("dialogues", []))
    return {n for n in names if len(n) > 6}


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
