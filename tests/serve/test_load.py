"""The bounded load test (8 clients, 2,000 saved-query requests over the dev corpus): no errors,
and every answer the same as the command line's. Figures are printed, not asserted."""
from __future__ import annotations

import pytest

import loadtest
import serving


@pytest.mark.slow
def test_load_8_clients_2000_requests(capsys):
    if not serving.corpus_dirs():
        pytest.skip("the shared corpus (seed/ and dev/) is not beside the checkout")
    report = loadtest.main(["--clients", "8", "--requests", "2000", "--compare-server"]
                           if __import__("shutil").which("oxigraph") else ["--clients", "8", "--requests", "2000"])
    with capsys.disabled():
        print(f"\nload test: {report['throughput_rps']} requests/s, p50 {report['latency_ms']['p50']} ms, "
              f"p95 {report['latency_ms']['p95']} ms; ingest embedded {report.get('ingest_embedded_s')} s, "
              f"oxigraph server {report.get('ingest_oxigraph_server_s')} s")
    assert report["answered"] == 2000
    assert report["errors"] == 0, report["first_errors"]
    assert report["mismatches"] == 0, report["first_mismatches"]
