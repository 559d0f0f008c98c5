"""Helpers for the server tests: stores built once, servers on free loopback ports, HTTP calls."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
SEED_ABOX = ROOT / "tests" / "data" / "seed-abox.ttl"
CORPUS = Path(os.environ.get("DIPLOKG_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_dirs() -> list[Path]:
    """The seed and dev article folders of the shared corpus (empty when absent)."""
    return [d for d in (CORPUS / "seed", CORPUS / "dev") if d.is_dir() and any(d.glob("*.txt"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ingest(store_dir: Path, *paths, extra=()) -> subprocess.CompletedProcess:
    """``diplokg ingest`` in a child process (the store lock is per process)."""
    cmd = [sys.executable, "-m", "diplokg", "ingest", "-q", *extra]
    if store_dir is not None:
        cmd += ["--store", str(store_dir)]
    cmd += [str(p) for p in paths]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None,
            params: dict | None = None):
    """``(status, headers as a dict with lower-case names, body bytes)``."""
    parts = urlsplit(url)
    target = parts.path or "/"
    query = parts.query
    if params:
        query = (query + "&" if query else "") + urlencode(params, doseq=True)
    if query:
        target += "?" + query
    conn = http.client.HTTPConnection(parts.netloc, timeout=60)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class OxigraphServer:
    """``oxigraph serve`` (the PyPI package ``oxigraph``) on a free loopback port."""

    def __init__(self, location: Path):
        exe = shutil.which("oxigraph")
        if exe is None:
            raise FileNotFoundError("oxigraph")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind",
                                      f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(self.base + "/query", params={"query": "ASK {}"},
                                       headers={"Accept": "application/sparql-results+json"})
                if status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.proc.stderr.read().decode()[:500]}")
            time.sleep(0.1)
        self.close()
        raise RuntimeError("oxigraph serve did not start within 30 s")

    @property
    def options(self) -> list[str]:
        return ["--endpoint", self.base + "/query", "--update-endpoint", self.base + "/update",
                "--graph-store", self.base + "/store"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(store_dir, **settings):
    """A ``diplokg serve`` in this process, on a free loopback port (quiet; refresh 0.5 s)."""
    from diplokg.graph.http.server import Running, Settings

    workers = settings.pop("workers", 2)
    refresh = settings.pop("refresh", 0.5)
    running = Running(store_dir, port=0, settings=Settings(quiet=True, **settings), workers=workers,
                      refresh=refresh)
    running.start_thread()
    return running
