"""Fixtures for the ontology and shapes tests."""
from __future__ import annotations

import pytest
from rdflib import Graph

from ontotest_support import ONTOLOGY, SEED_ABOX, SHAPES


def pytest_collection_modifyitems(config, items):
    """HermiT runs in Java: without a ``java`` on PATH the reasoner tests skip (apt-get install
    default-jre-headless; .ci/run installs it)."""
    import shutil

    if shutil.which("java"):
        return
    skip = pytest.mark.skip(reason="needs Java for HermiT (apt-get install default-jre-headless)")
    for item in items:
        if "reasoner" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "reasoner: runs HermiT through owlready2 (a Java process, ~1-20 s per call); in the default run")
    config.addinivalue_line(
        "markers", "owlcheck: runs ../shared/tools/owl-check (the OWL API, as Protégé loads files)")


@pytest.fixture(scope="session")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="session")
def seed_abox() -> Graph:
    return Graph().parse(SEED_ABOX, format="turtle")
