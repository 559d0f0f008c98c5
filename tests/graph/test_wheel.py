"""The built wheel works outside the checkout: build it, install it in a fresh venv, run queries.

The venv sees the packages already installed (``--system-site-packages``), so the wheel goes in
without resolving, downloading or compiling its dependencies (which took minutes: owlready2
builds from source); ``pip check`` confirms what the wheel declares is satisfied, and
tests/graph/test_dependencies.py that every package the code imports is declared.
Marked slow: ``--runslow`` runs it, and the README's test line (hence CI) passes ``--runslow``.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd, cwd, env, timeout=600):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{cmd}: exit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
    return r


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DIPLOKG_STORE", "VIRTUAL_ENV",
                                                            "DIPLOKG_ONTOLOGY_DIR", "DIPLOKG_QUERIES_DIR")}
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(dist), "-q"], tmp_path, env)
    wheel = next(dist.glob("diplokg-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], tmp_path, env)
    py, exe = venv / "bin" / "python", venv / "bin" / "diplokg"
    # the wheel alone, into the venv even if a diplokg is installed outside it; then its
    # declared dependencies must all be satisfied
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", "--no-index", str(wheel)],
         tmp_path, env)
    check = subprocess.run([str(py), "-m", "pip", "check"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "diplokg" not in check.stdout, check.stdout

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([str(py), "-c", "import diplokg, diplokg.graph.model.paths as p; print(diplokg.__file__); "
                                 "print(p.queries_dir()); print(p.ontology_dir())"], work, env).stdout.split()
    assert all(str(venv) in w for w in where), where

    # one import name: nothing but diplokg (and its metadata) lands at the top of site-packages
    import zipfile
    tops = {n.split("/")[0] for n in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith((".dist-info", ".data"))} == {"diplokg"}, tops
    names = zipfile.ZipFile(wheel).namelist()
    assert "diplokg/graph/cli.py" in names and "diplokg/loaders/pipeline.py" in names
    web = "diplokg/graph/http/web/"
    assert {web + "workbench.js", web + "vendor/yasgui/yasgui.min.js", web + "vendor/yasgui/LICENSE",
            web + "vendor/vis-network/vis-network.min.js", web + "vendor/THIRD-PARTY-NOTICES.txt"} <= set(names)
    for generic in ("graph", "loaders"):
        missing = subprocess.run([str(py), "-c", f"import {generic}"], cwd=work, env=env, capture_output=True)
        assert missing.returncode != 0, f"the wheel installed a top-level {generic!r} module"

    listing = _run([str(exe), "queries"], work, env).stdout
    assert "meetings" in listing and "officials" in listing

    store = work / "kg"
    fixture = ROOT / "tests" / "data" / "seed-abox.ttl"
    _run([str(exe), "ingest", "--store", str(store), str(fixture)], work, env)
    out = _run([str(exe), "query", "meetings", "--store", str(store), "--format", "csv"], work, env).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"Pakistan", "Japan"} <= {r["party"] for r in rows}
    out = _run([str(py), "-m", "diplokg", "query", "officials", "--param", "state=Japan", "--store", str(store)],
               work, env).stdout
    assert "Wada Mitsuhiro" in out
    _run([str(exe), "ontology", "--format", "xml", "-o", str(work / "diplo.owl")], work, env)
    assert (work / "diplo.owl").stat().st_size > 1000
