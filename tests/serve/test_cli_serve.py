"""`diplokg serve` as a command: it says where it listens, serves, and on SIGTERM stops and
removes its snapshots; a missing store or a bad option is a usage error."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from serving import ROOT, request


def test_serve_command_starts_and_stops(seed_store, tmp_path):
    snaps = tmp_path / "snaps"
    proc = subprocess.Popen([sys.executable, "-m", "diplokg", "serve", "--store", str(seed_store), "--port", "0",
                             "--snapshot-dir", str(snaps), "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/ ", line)
        assert m, line
        assert "read-only snapshot" in line
        status, _, body = request(m.group(1) + "/queries/officials.csv")
        assert status == 200 and body.startswith(b"person,")
        assert any(snaps.glob("snapshot-*"))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    assert proc.returncode == 0, proc.stderr.read()
    assert not any(snaps.glob("snapshot-*"))


def test_serve_usage_errors(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "diplokg", "serve", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)

    p = run("--store", str(tmp_path / "nothing"), "--port", "0")
    assert p.returncode == 2 and "no store here" in p.stderr and "Traceback" not in p.stderr
    p = run("--store", str(tmp_path), "--timeout", "0")
    assert p.returncode == 2
    p = run("--store", str(tmp_path), "--max-rows", "0")
    assert p.returncode == 2


def test_port_in_use_is_a_usage_error(seed_store):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, "-m", "diplokg", "serve", "--store", str(seed_store), "--port", str(port)],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "cannot listen" in p.stderr, p.stderr
    assert time.monotonic() - t0 < 30
