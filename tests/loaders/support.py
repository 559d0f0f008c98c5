"""Helpers for the loader tests: where the shared corpus is, running the pipeline, graph diffs."""
from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CASES = Path(__file__).resolve().parent / "cases"


def corpus_articles() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []


def extract_text(text: str, key: str = "test:article", published: str | None = None):
    from diplokg.loaders.pipeline import extract
    from diplokg.loaders.sources import SourceText

    return extract(SourceText(key=key, location=key, text=text, published=published))


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, what: str) -> None:
    """Compare two graphs; on failure list the triples only in one of them."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{what}: graphs differ"]
    for title, g in (("only in expected", only_expected), ("only in actual", only_actual)):
        triples = sorted(g)
        lines.append(f"--- {title} ({len(triples)})")
        lines.extend(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples[:40])
    raise AssertionError("\n".join(lines))
