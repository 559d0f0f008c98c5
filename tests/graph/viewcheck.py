"""Helpers for the row-view tests: compare every saved query from the views with its SPARQL."""
from __future__ import annotations

import sys
from pathlib import Path

from diplokg.graph.queries import fastpath
from diplokg.graph.queries.run import run_query
from diplokg.graph.queries.saved import load_saved_queries
from diplokg.graph.store.rowviews import VIEWS
from diplokg.graph.store.viewdb import encode, sort_key

ROOT = Path(__file__).resolve().parents[2]
DKG = "https://w3id.org/diplokg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def generator():
    """bench/generate.py's article generator (invented names, the loaders' phrasings)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    return generate.Generator(generate.SEED)


def _labels(store, cls: str, n: int) -> list[str]:
    q = (f"SELECT DISTINCT ?l WHERE {{ ?x a <{DKG}{cls}> ; <{RDFS_LABEL}> ?l }} ORDER BY ?l LIMIT {n}")
    return [sol[0].value for sol in store.query(q)]


def _nodes(store, cls: str, n: int) -> list[str]:
    q = f"SELECT DISTINCT ?x WHERE {{ ?x a <{DKG}{cls}> }} ORDER BY ?x LIMIT {n}"
    return [sol[0].value for sol in store.query(q)]


def variants(store) -> list[tuple[str, dict]]:
    """Each saved query without parameters and with a few of each kind of value."""
    states = _labels(store, "State", 3)
    persons = _labels(store, "Person", 2)
    out = []
    for name, q in sorted(load_saved_queries().items()):
        declared = {p.name for p in q.params}
        if name == "evidence":
            for cls in ("State", "Person", "Agreement", "Meeting", "Post"):
                out += [(name, {"node": iri}) for iri in _nodes(store, cls, 1)]
            out.append((name, {"node": "https://w3id.org/diplokg/id/state/ZZ"}))
            continue
        out.append((name, {}))
        if "state" in declared:
            out += [(name, {"state": s}) for s in states]
            if states:
                out.append((name, {"state": states[0].upper()}))
            out += [(name, {"state": "dkgr:state/JP"}), (name, {"state": "Atlantis"})]
        if "state_b" in declared and len(states) > 1:
            out.append((name, {"state": states[0], "state_b": states[1]}))
        if "person" in declared:
            out += [(name, {"person": p}) for p in persons]
            if "state" in declared and persons and states:
                out.append((name, {"state": states[0], "person": persons[0]}))
    return out


def order_keys(name: str, rows) -> list[tuple]:
    """The ORDER BY keys of each row, as the views compute them from the terms."""
    spec = VIEWS[name].rows.order
    return [tuple(sort_key(get(tuple(encode(t) for t in row)), kind) for get, kind in spec) for row in rows]


def mismatches(store, plans=None) -> list[str]:
    """Every saved-query variant whose rows from the views differ from its SPARQL's (as a
    multiset, and in the sequence of ORDER BY keys); an empty list when all agree."""
    queries = load_saved_queries()
    assert store.views() is not None, "the views are not current"
    bad = []
    for name, params in plans or variants(store):
        q = queries[name]
        want = run_query(store, q.bind(params), check=False)
        got = fastpath.answer(store, q, params)
        if got is None:
            bad.append(f"{name} {params}: not answered from the views")
            continue
        rows = list(got.rows)
        w = [tuple(r) for r in want.rows]
        if sorted(map(repr, rows)) != sorted(map(repr, w)):
            only_w = set(w) - set(rows)
            only_g = set(rows) - set(w)
            bad.append(f"{name} {params}: {len(w)} rows by SPARQL, {len(rows)} from the views; "
                       f"only SPARQL {sorted(map(str, only_w))[:3]}, only views {sorted(map(str, only_g))[:3]}")
        elif order_keys(name, rows) != order_keys(name, w):
            bad.append(f"{name} {params}: same rows, another order")
        elif got.total != len(w):
            bad.append(f"{name} {params}: total {got.total}, {len(w)} rows")
    return bad
