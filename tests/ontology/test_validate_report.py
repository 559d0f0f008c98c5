"""diplokg.graph.shapes.validate: the report dataclasses and their renderings."""
from __future__ import annotations

import json
import time

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplokg.graph.shapes.shapesgraph import shapes_graph
from diplokg.graph.shapes.validate import ValidationReport, ValidationResult, compact, validate_graph
from diplokg.graph.model.vocab import DKG, DKGR, SH

BROKEN = """
@prefix dkg: <https://w3id.org/diplokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/diplokg/id/relation/JP-PK> a dkg:BilateralRelation ;
    dkg:party <https://w3id.org/diplokg/id/state/JP> .
<https://w3id.org/diplokg/id/state/JP> a dkg:State ; rdfs:label "Japan"@en .
"""


def _broken() -> ValidationReport:
    return validate_graph(Graph().parse(data=BROKEN, format="turtle"))


def test_seed_abox_conforms_without_any_result(seed_abox):
    rep = validate_graph(seed_abox)
    assert rep.conforms and rep.results == [], rep.to_text()
    assert rep.to_text() == "conforms\n"


def test_results_fields_and_counts():
    rep = _broken()
    assert not rep.conforms
    assert rep.counts == {"Violation": 2, "Warning": 1, "Info": 0}
    rel = URIRef(DKGR["relation/JP-PK"])
    by_path = {r.path: r for r in rep.results}
    assert by_path[DKG.party].focus == rel
    assert by_path[DKG.party].severity == "Violation"
    assert by_path[DKG.party].message.startswith("A bilateral relation has exactly two")
    assert by_path[DKG.party].name == "parties"
    assert by_path[DKG.evidence].constraint == SH.MinCountConstraintComponent
    warning = rep.warnings[0]
    assert warning.value == Literal("Japan", lang="en") and warning.severity == "Warning"
    assert len(rep.violations) == 2


def test_to_text_one_line_per_result_with_label_and_article():
    rep = _broken()
    rel = URIRef(DKGR["relation/JP-PK"])
    text = rep.to_text(labels={rel: "Japan-Pakistan"}, article_of={str(rel): "corpus/a.txt"})
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Violation") and lines[-1].startswith("Warning")  # most severe first
    assert '"Japan-Pakistan" (dkgr:relation/JP-PK)' in lines[0] and "article corpus/a.txt" in lines[0]
    assert "dkg:party" in text and "dkg:evidence" in text


def test_to_json_and_to_turtle():
    rep = _broken()
    data = json.loads(rep.to_json())
    assert data["conforms"] is False and data["counts"]["Violation"] == 2
    assert {r["path"] for r in data["results"]} == {str(DKG.party), str(DKG.evidence),
                                                   "http://www.w3.org/2000/01/rdf-schema#label"}
    g = Graph().parse(data=rep.to_turtle(), format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms) == Literal(False)
    assert len(list(g.objects(report, SH.result))) == 3


def test_empty_report_renders():
    rep = ValidationReport(conforms=True)
    assert rep.to_text() == "conforms\n"
    assert json.loads(rep.to_json())["results"] == []
    assert "ValidationReport" in rep.to_turtle()


def test_result_to_dict_is_plain():
    r = ValidationResult(focus=URIRef("x:a"), path=None, value=None, severity="Violation", message="m",
                         source_shape=None)
    assert json.dumps(r.to_dict())


def test_compact():
    assert compact(DKG.party) == "dkg:party"
    assert compact(URIRef(DKGR["state/PK"])) == "dkgr:state/PK"
    assert compact(Literal("2022", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))) == '"2022"^^xsd:gYear'
    assert compact(None) == "-"


def test_shapes_parsed_once():
    assert shapes_graph() is shapes_graph()


def test_a_batch_of_articles_validates_in_one_call_quickly(seed_abox):
    """Sixteen articles' worth of triples (the seed ABox copied under 16 article namespaces)."""
    batch = Graph()
    for i in range(16):
        for s, p, o in seed_abox:
            s2 = URIRef(str(s).replace("/id/", f"/id/b{i}/")) if isinstance(s, URIRef) else s
            o2 = URIRef(str(o).replace("/id/", f"/id/b{i}/")) if isinstance(o, URIRef) and "/id/" in str(o) else o
            batch.add((s2, p, o2))
    t0 = time.perf_counter()
    rep = validate_graph(batch)
    elapsed = time.perf_counter() - t0
    assert rep.conforms and rep.results == [], rep.to_text()
    assert elapsed < 10, f"validating 16 articles took {elapsed:.1f} s"
