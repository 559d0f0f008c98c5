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


def start(store_dir, **settings):
    from graph.server import Running, Settings

    workers = settings.pop("workers", 2)
    refresh = settings.pop("refresh", 0.5)
    running = Running(store_dir, port=0, settings=Settings(quiet=True, **settings), workers=workers,
                      refresh=refresh)
    running.start_thread()
    return running


@pytest.fixture(scope="module")
def server(seed_store):
    running = start(seed_store)
    yield running
    running.close()
