"""Fixtures of the server tests: a store built from the committed seed ABox, and a running
``diplokg serve`` (in this process, on a free loopback port) over it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serving  # noqa: E402


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A store holding the seed article's ABox (RDF: no loaders involved)."""
    d = tmp_path_factory.mktemp("serve") / "store"
    r = serving.ingest(d, serving.SEED_ABOX)
    assert r.returncode == 0, r.stderr
    return d


@pytest.fixture(scope="module")
def server(seed_store):
    running = serving.start(seed_store)
    yield running
    running.close()
