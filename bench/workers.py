"""The measurements ``bench/run.py`` starts, each in a fresh process.

    python bench/workers.py queries  --store DIR --query NAME --plan PLAN.json --out OUT.json
    python bench/workers.py rawbulk  --nquads FILE --store DIR --out OUT.json
    python bench/workers.py baseline --corpus FILE --nquads FILE --plan PLAN.json --out OUT.json

``queries`` times one saved query through the library path the CLI uses
(:func:`diplokg.graph.queries.run.run_saved` on a :class:`diplokg.graph.store.embedded.Store`), with and without its
parameters. ``rawbulk`` is a reference figure: pyoxigraph's own bulk loader on the export.
``baseline`` is what a user of rdflib and pySHACL alone would build: the same extractor, an
in-memory rdflib ``Dataset`` with a union default graph, rdflib's SPARQL engine on the same
saved queries (bound the same way), whole-graph pySHACL. Every baseline measurement stops at
the cap (SIGALRM) and is then reported as ``"> cap"``.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path

CAPPED = "> cap"


class Capped(BaseException):
    """Raised by the alarm when a measurement runs past the cap (BaseException: never swallowed)."""


@contextlib.contextmanager
def cap(seconds: float | None):
    if not seconds:
        yield
        return

    def ring(signum, frame):
        raise Capped()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation (numpy's default)."""
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def time_runs(fn, *, runs: int, cap_s: float | None) -> dict:
    """Warm up once, then time ``runs`` runs of ``fn`` (which returns a list of row dicts).

    The whole measurement (warm-up included) stops at ``cap_s``: a warm-up past the cap is
    reported as ``"> cap"``; otherwise the timed runs done within the cap are reported (at
    least one, whatever its length, unless it passes the cap itself).
    """
    t_start = time.perf_counter()
    try:
        with cap(cap_s):
            t0 = time.perf_counter()
            rows = fn()
            warm = time.perf_counter() - t0
    except Capped:
        return {"p50_ms": CAPPED, "p95_ms": CAPPED, "rows": None, "runs": 0, "warmup_ms": CAPPED}
    times, cpu = [], []  # wall, and this process's CPU time (what a busy machine does not inflate)
    for i in range(runs):
        left = None
        if cap_s:
            left = cap_s - (time.perf_counter() - t_start)
            if times and left <= 0:
                break
            left = max(left, 0.001) if times else max(left, cap_s)  # the first timed run gets a full cap
        try:
            with cap(left):
                t0, c0 = time.perf_counter(), time.process_time()
                rows = fn()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        except Capped:
            break
    if not times:
        return {"p50_ms": CAPPED, "p95_ms": CAPPED, "rows": len(rows), "runs": 0,
                "warmup_ms": round(warm * 1000, 3), "result": rows}
    return {"p50_ms": round(statistics.median(times) * 1000, 3),
            "p95_ms": round(percentile(times, 95) * 1000, 3), "cpu_p50_ms": round(statistics.median(cpu) * 1000, 3),
            "rows": len(rows), "runs": len(times), "warmup_ms": round(warm * 1000, 3), "result": rows}


def _write(out: str, data: dict) -> None:
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, out)


# -- diplokg: saved queries -------------------------------------------------------------------

def run_queries(args) -> None:
    from diplokg.graph.queries.run import run_saved
    from diplokg.graph.store.embedded import Store

    plan = json.loads(Path(args.plan).read_text())
    spec = plan["queries"][args.query]
    store = Store(args.store, create=False)

    def runner(values):
        values = dict(values)
        limit = values.pop("_limit", None)  # a page: the first `limit` rows

        def fn():
            return run_saved(store, args.query, values, limit=limit).dicts()
        return fn

    # whether the row views answer (False: the saved query runs as SPARQL)
    out = {"query": args.query, "views": store.views() is not None}
    # the selective variants first: if the plain one passes the cap we still have them
    for variant in ("param", "param2", "page"):
        if variant in spec:
            out[variant] = time_runs(runner(spec[variant]), runs=plan["runs"], cap_s=plan["cap_s"])
            out[variant]["values"] = spec[variant]
            if variant == "page":
                out[variant].pop("result", None)
            _write(args.out, out)
    out["plain"] = time_runs(runner(spec["plain"]), runs=plan["runs"], cap_s=plan["cap_s"])
    out["plain"]["values"] = spec["plain"]
    store.close()
    _write(args.out, out)


# -- pyoxigraph's bulk loader (reference) -----------------------------------------------------

def run_rawbulk(args) -> None:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store = ox.Store(args.store)
    store.bulk_load(path=args.nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - t0
    n = len(store)
    _write(args.out, {"quads": n, "seconds": seconds})


# -- the baseline: rdflib + pySHACL alone -----------------------------------------------------

def _rdflib_rows(result) -> list[dict]:
    vars_ = [str(v) for v in result.vars]
    return [{v: str(t) for v, t in zip(vars_, row) if t is not None} for row in result]


def run_baseline(args) -> None:
    import pyshacl
    import rdflib

    from diplokg.graph.model.ontology import ontology_graph
    from diplokg.graph.queries.saved import load_saved_queries
    from diplokg.graph.store.embedded import ONTOLOGY_GRAPH
    from diplokg.graph.shapes.shapesgraph import class_hierarchy, shapes_graph
    from diplokg.loaders.pipeline import extract
    from diplokg.loaders.sources import iter_sources

    plan = json.loads(Path(args.plan).read_text())
    cap_s = plan["cap_s"]
    shapes = shapes_graph()
    out: dict = {"cap_s": cap_s}

    hierarchy = class_hierarchy()

    def shacl(g):
        # plain pySHACL with the shapes, data additions and options diplokg's own pySHACL path
        # uses (not diplokg.graph.shapes.validate.validate_graph: that one first tries shapes compiled to SPARQL)
        mixed = rdflib.Graph()
        mixed += g
        mixed += hierarchy
        conforms, _report, _text = pyshacl.validate(
            mixed, shacl_graph=shapes, ont_graph=None, inference="none", abort_on_first=False,
            allow_warnings=True, allow_infos=True, meta_shacl=False, advanced=False, debug=False, inplace=True)
        return conforms

    import datetime as dt

    from diplokg.graph.io.ingest import extractor_version

    DKG = rdflib.Namespace("https://w3id.org/diplokg/ontology#")
    version = extractor_version()
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()

    # 1. text ingest: read -> extract -> pySHACL per article -> add to the Dataset
    ds = rdflib.Dataset(default_union=True)
    done = failed = 0
    t0 = time.perf_counter()
    try:
        with cap(cap_s):
            for src in iter_sources([args.corpus]):
                ex = extract(src)
                # what diplokg's ingest adds to every article before validating it
                article = rdflib.URIRef(ex.article_iri)
                if (article, DKG.extractorVersion, None) not in ex.graph:
                    ex.graph.add((article, DKG.extractorVersion, rdflib.Literal(version)))
                if (article, DKG.ingestedAt, None) not in ex.graph:
                    ex.graph.add((article, DKG.ingestedAt, rdflib.Literal(stamp, datatype=rdflib.XSD.dateTime)))
                if shacl(ex.graph):
                    ds.graph(rdflib.URIRef(ex.article_iri)).__iadd__(ex.graph)
                else:
                    failed += 1
                done += 1
        seconds = time.perf_counter() - t0
        out["ingest_articles_per_s"] = round(done / seconds, 2)
        out["ingest_s"] = round(seconds, 2)
    except Capped:
        seconds = time.perf_counter() - t0
        out["ingest_articles_per_s"] = CAPPED
        out["ingest_s"] = CAPPED
        out["ingest_partial"] = {"articles": done, "seconds": round(seconds, 2),
                                 "articles_per_s": round(done / seconds, 2) if seconds else None}
    out["ingest_failed_validation"] = failed
    _write(args.out, out)

    if out["ingest_s"] == CAPPED:
        # the rest of the baseline needs the whole graph: load the diplokg export instead
        # (the same article graphs), untimed for the ingest figure
        ds = rdflib.Dataset(default_union=True)
        t0 = time.perf_counter()
        ds.parse(args.nquads, format="nquads")
        out["load_from_export_s"] = round(time.perf_counter() - t0, 2)
    ds.graph(rdflib.URIRef(ONTOLOGY_GRAPH)).__iadd__(ontology_graph())
    out["quads"] = len(ds)
    _write(args.out, out)

    # 2. the saved queries through rdflib's SPARQL engine, bound as diplokg binds them
    saved = load_saved_queries()
    out["queries"] = {}
    skip = plan.get("baseline_skip", {})  # "name:variant" -> [what happened, at which size]
    for name, spec in plan["queries"].items():
        q = saved[name]
        res = {}
        for variant in ("param", "plain"):
            if f"{name}:{variant}" in skip:
                what, size = skip[f"{name}:{variant}"]
                res[variant] = {"p50_ms": what, "p95_ms": what, "rows": None, "runs": 0,
                                "note": f"not run: {what} at {size} articles"}
                continue
            text = q.bind(spec[variant])
            prepared = text

            def fn(prepared=prepared):
                return _rdflib_rows(ds.query(prepared))

            try:
                res[variant] = time_runs(fn, runs=plan["runs"], cap_s=cap_s)
            except Exception as exc:  # rdflib's engine fails on some queries: report, go on
                msg = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                res[variant] = {"p50_ms": "error", "p95_ms": "error", "rows": None, "runs": 0,
                                "error": f"rdflib: {msg}"}
            res[variant]["values"] = spec[variant]
        out["queries"][name] = res
        _write(args.out, out)

    # 3. whole-graph pySHACL over the articles (the ontology graph left out)
    merged = rdflib.Graph()
    for g in ds.graphs():
        if str(g.identifier) != ONTOLOGY_GRAPH:
            merged += g
    try:
        with cap(cap_s):
            t0 = time.perf_counter()
            conforms = shacl(merged)
            out["validate_s"] = round(time.perf_counter() - t0, 2)
            out["validate_conforms"] = bool(conforms)  # False is expected: merged articles break maxCount
    except Capped:
        out["validate_s"] = CAPPED
    out["done"] = True
    _write(args.out, out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["queries", "rawbulk", "baseline"])
    ap.add_argument("--store")
    ap.add_argument("--query")
    ap.add_argument("--plan")
    ap.add_argument("--corpus")
    ap.add_argument("--nquads")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    {"queries": run_queries, "rawbulk": run_rawbulk, "baseline": run_baseline}[args.kind](args)
    sys.stdout.flush()
    os._exit(0)  # a query thread still running past a cap must not keep us alive


if __name__ == "__main__":
    sys.exit(main())
