"""Shared fixtures: a temporary store, a network guard, and the ``--runslow`` option."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the checkout's graph/ and loaders/, even when not installed
    sys.path.insert(0, str(ROOT))


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Tests never reach the network: connecting anywhere but loopback or a Unix socket fails."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not host.startswith(_LOCAL) and self.family != socket.AF_UNIX:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", _no_dns(socket.getaddrinfo))


def _no_dns(real):
    def guarded(host, *args, **kwargs):
        if host is not None and not str(host).startswith(_LOCAL):
            raise RuntimeError(f"test tried to resolve a host name: {host!r}")
        return real(host, *args, **kwargs)

    return guarded


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """A fresh store folder (not yet created), also set as $DIPLOKG_STORE."""
    d = tmp_path / "store"
    monkeypatch.setenv("DIPLOKG_STORE", str(d))
    monkeypatch.setenv("DIPLOKG_LOCK_TIMEOUT", "1")
    return d


@pytest.fixture
def store(store_dir):
    """An open, empty on-disk store (closed after the test)."""
    from diplokg.graph.store.embedded import Store

    s = Store(store_dir)
    yield s
    s.close()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    """A store holding the three example articles and the seed ABox, built once per test
    process. Read it, never change it (tests that write build their own)."""
    from click.testing import CliRunner

    from diplokg.graph.cli import cli

    d = tmp_path_factory.mktemp("example-store") / "store"
    r = CliRunner().invoke(cli, ["ingest", "-q", "--store", str(d), str(ROOT / "examples"),
                                 str(ROOT / "tests" / "data" / "seed-abox.ttl")])
    assert r.exit_code == 0, r.output
    return d
