"""Fixtures for the saved-query tests: the fixture graph and the ontology in one in-memory store."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, RdfFormat, Store

from diplokg.graph.model.paths import ontology_file

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "data" / "fixture-kg.ttl"
CASES = HERE / "cases"
SEED_TEXT = HERE / "data" / "s01-pakistan-japan.txt"


@pytest.fixture(scope="session")
def fixture_store() -> Store:
    """fixture-kg.ttl + ontology/diplo.ttl in the default graph, as the store's merged graph holds them."""
    store = Store()
    for path in (ontology_file(), FIXTURE):
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    return store
