"""A bounded load test of ``diplokg serve``: CLIENTS concurrent clients send REQUESTS saved-query
requests in all (every saved query, with and without its example parameters, in turn) to a
server over a store holding the dev corpus; every answer is compared with what the command
line's code gives for the same query. Prints throughput and latency percentiles as JSON.

    python tests/serve/loadtest.py                      # 8 clients, 2,000 requests
    python tests/serve/loadtest.py --clients 4 --requests 500 --store ~/.diplokg

Only loopback traffic, bounded in count; the server is a child process it starts and stops.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import serving  # noqa: E402


def cases() -> list[tuple[str, dict]]:
    from diplokg.graph.queries.saved import load_saved_queries

    out = []
    for q in load_saved_queries().values():
        required = {p.name: p.example for p in q.params if p.required}
        out.append((q.name, required))
        for p in q.params:
            if p.example and not p.required:
                out.append((q.name, {**required, p.name: p.example}))
    return out


def path_of(name: str, params: dict) -> str:
    return f"/queries/{quote(name)}.json" + ("?" + urlencode(params) if params else "")


def expected_bodies(store_dir: Path, todo) -> dict[str, bytes]:
    """What `diplokg query NAME -p ... --format json` prints, per request path."""
    from diplokg.graph.queries.run import render, run_saved
    from diplokg.graph.store.embedded import Store

    with Store(store_dir, create=False) as s:
        return {path_of(n, p): render(run_saved(s, n, p), "json").encode("utf-8") for n, p in todo}


def start_server(store_dir: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = serving.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "diplokg", "serve", "--store", str(store_dir), "--port", str(port),
                             "--workers", str(workers), "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if serving.request(base + "/status")[0] == 200:
                return proc, base
        except OSError:
            time.sleep(0.1)
        if proc.poll() is not None:
            raise RuntimeError(f"diplokg serve exited: {proc.stderr.read()[:500]}")
    proc.kill()
    raise RuntimeError("diplokg serve did not start within 60 s")


def run_load(base: str, paths: list[str], clients: int, total: int, expected: dict[str, bytes]) -> dict:
    host = base.split("//", 1)[1]
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def client():
        conn = http.client.HTTPConnection(host, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            path = paths[i % len(paths)]
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                body = resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=120)
                with lock:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if status != 200:
                    errors.append(f"{path}: HTTP {status}: {body[:200]!r}")
                elif body != expected[path]:
                    mismatches.append(path)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)

    def pct(q):
        return round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 1) if lat else None

    return {"clients": clients, "requests": total, "answered": len(lat), "errors": len(errors),
            "mismatches": len(mismatches), "seconds": round(wall, 2),
            "throughput_rps": round(len(lat) / wall, 1) if wall else None,
            "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0),
                           "mean": round(1000 * statistics.fmean(lat), 1) if lat else None},
            "first_errors": errors[:5], "first_mismatches": mismatches[:5]}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="a store to serve [default: a new one holding seed + dev]")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="query worker processes of the server")
    ap.add_argument("--compare-server", action="store_true",
                    help="also time the ingest into an Oxigraph server through --endpoint")
    args = ap.parse_args(argv)
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="diplokg-load-") as tmp:
        store = args.store
        if store is None:
            dirs = serving.corpus_dirs()
            if not dirs:
                raise SystemExit("no corpus beside the checkout; pass --store")
            store = Path(tmp) / "store"
            t0 = time.perf_counter()
            r = serving.ingest(store, *dirs)
            if r.returncode != 0:
                raise SystemExit(r.stderr)
            report["ingest_embedded_s"] = round(time.perf_counter() - t0, 2)
            if args.compare_server:
                server = serving.OxigraphServer(Path(tmp) / "oxigraph")
                try:
                    t0 = time.perf_counter()
                    r = serving.ingest(None, *dirs, extra=server.options)
                    if r.returncode != 0:
                        raise SystemExit(r.stderr)
                    report["ingest_oxigraph_server_s"] = round(time.perf_counter() - t0, 2)
                finally:
                    server.close()
        todo = cases()
        paths = [path_of(n, p) for n, p in todo]
        expected = expected_bodies(store, todo)
        proc, base = start_server(store, args.workers)
        try:
            report.update(run_load(base, paths, args.clients, args.requests, expected))
        finally:
            proc.terminate()
            proc.wait(20)
    report["distinct_requests"] = len(paths)
    report["server_workers"] = args.workers
    report["cpus"] = os.cpu_count()
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
