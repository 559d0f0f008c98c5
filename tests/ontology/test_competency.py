"""The ontology answers the competency questions (issue 2, point 5).

The nine saved queries of CONTRACT.md run (with pyoxigraph, no reasoning) over the ontology
plus the hand-built seed ABox and give the gold answers of the seed article; every dkg: term
they use is declared. ontology/README.md lists each query with the terms it uses.
"""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph

from ontotest_support import ROOT, dkg_terms

QUERIES = ROOT / "queries"
NINE = ["officials", "meetings", "visits", "agreements", "dialogues", "relations", "missions", "timeline",
        "evidence"]
GOLD = ROOT.parent / "shared" / "corpus" / "seed" / "s01-pakistan-japan.json"


def _query_text(name: str) -> str:
    path = QUERIES / f"{name}.rq"
    if not path.exists():
        pytest.skip(f"queries/{name}.rq not written yet")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store(onto, seed_abox):
    st = ox.Store()
    st.load((onto + seed_abox).serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return st


def _run(store, name):
    res = store.query(_query_text(name))
    names = [v.value for v in res.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in res]


@pytest.mark.parametrize("name", NINE)
def test_query_uses_only_declared_terms(name, onto):
    used = set(re.findall(r"dkg:(\w+)", _query_text(name)))
    declared = {str(t).rsplit("#", 1)[1] for t in dkg_terms(onto)}
    assert sorted(used - declared) == []


@pytest.mark.parametrize("name", NINE)
def test_readme_names_the_query(name):
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert f"`{name}`" in readme


def test_answers_match_the_seed_gold(store):
    gold = json.loads(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else None
    officials = {(r["person"], r["position"], r["state"], r["accredited_to"]) for r in _run(store, "officials")}
    assert ("Wada Mitsuhiro", "Ambassador", "Japan", "Pakistan") in officials
    assert len(officials) == 4
    visits = _run(store, "visits")
    assert [(r["visitor"], r["host"], r["start"], r["end"]) for r in visits] == [
        ("Asif Ali Zardari", "Japan", "2011-02-21", "2011-02-23")]
    agreements = {(r["title"], r["kind"], r["party"], r["date"]) for r in _run(store, "agreements")}
    assert agreements == {("Joint Statement on Japan-Pakistan Comprehensive Partnership", "Joint Statement", p,
                           "2011-02") for p in ("Japan", "Pakistan")}
    relations = _run(store, "relations")
    assert [(r["state_a"], r["state_b"], r["established"]) for r in relations] == [("Japan", "Pakistan", "1952-04-28")]
    missions = {(r["kind"], r["sending_state"], r["location"]) for r in _run(store, "missions")}
    assert missions == {("Embassy", "Pakistan", "Tokyo"), ("Trade Office", "Pakistan", "Japan"),
                        ("Trade Office", "Japan", "Karachi"), ("Embassy", "Japan", "Afghanistan")}
    dialogues = _run(store, "dialogues")
    assert len(dialogues) == 14  # 7 topics x 2 parties
    assert {r["level"] for r in dialogues} == {"Foreign Secretary", "Expert", "Official", "High", None}
    meetings = _run(store, "meetings")
    assert len({r["meeting"] for r in meetings}) == 3 and all(r["kind"] == "meeting" for r in meetings)
    assert _run(store, "timeline") and _run(store, "evidence")
    if gold:
        assert len(officials) == len(gold["positions"]) and len(missions) == len(gold["missions"])
        assert len({r["name"] for r in dialogues}) == len(gold["dialogues"])
