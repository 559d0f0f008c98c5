"""Golden tests: each case's article, extracted, must give exactly its expected graph.

Cases live in ``cases/<name>/``: ``article.txt`` (our own text) or ``SOURCE`` (a path under
the shared corpus, read when it is there), and ``expected.ttl``. Graphs are compared as graphs
(``rdflib.compare.isomorphic``); a failure lists the triples only in one of them.
``DIPLOKG_UPDATE_GOLDEN=1 python -m pytest tests/loaders/test_golden.py`` rewrites the
expected files from the current extractor (review the diff before committing it).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib

from tests.loaders.support import CASES, ROOT, assert_isomorphic, extract_text

UPDATE = os.environ.get("DIPLOKG_UPDATE_GOLDEN") == "1"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def _article(case: Path) -> Path | None:
    if (case / "article.txt").exists():
        return case / "article.txt"
    source = (case / "SOURCE").read_text(encoding="utf-8").strip()
    path = ROOT.parent / source
    return path if path.exists() else None


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_golden(case: Path):
    article = _article(case)
    if article is None:
        pytest.skip(f"{case.name}: its source is not beside this checkout")
    extraction = extract_text(article.read_text(encoding="utf-8"), key=f"golden:{case.name}")
    expected_file = case / "expected.ttl"
    if UPDATE or not expected_file.exists():
        extraction.graph.serialize(expected_file, format="turtle")
        if not UPDATE:
            pytest.fail(f"{case.name}: wrote a new expected.ttl; review it and run again")
    expected = rdflib.Graph().parse(expected_file, format="turtle")
    assert_isomorphic(expected, extraction.graph, case.name)


def test_every_case_has_an_article_and_expectation():
    for case in _cases():
        assert (case / "article.txt").exists() or (case / "SOURCE").exists(), case.name
        assert (case / "expected.ttl").exists(), case.name
