"""Ontology and shapes agree (issue 2, point 3)."""
from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SKOS

from diplokg.graph.model.vocab import DKG, LEVELS, POSITIONS, ENVOY_POSITIONS, SH
from ontotest_support import ROOT

# every class docs/model.md's "Types the loaders emit" table names
EMITTED = {DKG[n] for n in (
    "Person State InternationalOrganisation GovernmentBody Place City Post Meeting CourtesyCall "
    "ConsultationSession PhoneCall Visit Signing EstablishmentOfRelations MissionOpening "
    "CredentialsPresentation Anniversary Statement Agreement JointStatement JointCommunique "
    "MemorandumOfUnderstanding Treaty Declaration Protocol ActionPlan DialogueMechanism "
    "BilateralRelation DiplomaticMission Embassy HighCommission Consulate PermanentMission TradeOffice "
    "Article TextSpan Topic").split()}

BUILTIN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
           "http://www.w3.org/2004/02/skos/core#")


def _paths(shapes):
    for s, p in shapes.subject_objects(SH.path):
        assert isinstance(p, URIRef), f"only predicate paths are used; {s} has {p}"
        yield p


def _declared_classes(onto):
    return {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}


def _declared_properties(onto):
    props = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        props |= {p for p in onto.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    return props


def test_every_target_and_class_in_the_shapes_is_declared(onto, shapes):
    classes = _declared_classes(onto)
    named = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert named, "the shapes name no classes?"
    assert sorted(named - classes) == []


def test_every_path_in_the_shapes_is_declared(onto, shapes):
    props = _declared_properties(onto)
    undeclared = {p for p in _paths(shapes) if p not in props and not str(p).startswith(BUILTIN)}
    assert sorted(undeclared) == []
    # the SKOS and RDFS paths used are declared (or built in) too
    for p in _paths(shapes):
        if str(p).startswith(str(SKOS)):
            assert p in props


def test_every_emitted_class_has_a_targeting_shape(shapes):
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(EMITTED - targeted) == []


def test_emitted_classes_agree_with_docs_model(onto):
    """Every class the model's table names is in EMITTED (which adds the kind subclasses the table implies)."""
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    table = doc.split("### Types the loaders emit", 1)[1].split("## Properties", 1)[0]
    in_doc = {DKG[m] for m in re.findall(r"`dkg:(\w+)`", table)}
    assert len(in_doc) > 15 and sorted(in_doc - EMITTED) == []
    assert EMITTED <= _declared_classes(onto)


def _in_list(shapes, path):
    lists = []
    for ps in shapes.subjects(SH.path, path):
        for lst in shapes.objects(ps, SH["in"]):
            lists.append(set(Collection(shapes, lst)))
    return lists


def test_position_and_level_lists_match_the_concept_schemes(onto, shapes):
    positions = set(onto.subjects(RDF.type, DKG.PositionType))
    levels = set(onto.subjects(RDF.type, DKG.Level))
    assert positions == set(POSITIONS.values())
    assert levels == set(LEVELS.values())
    assert _in_list(shapes, DKG.positionType) == [positions]
    assert _in_list(shapes, DKG.level) == [levels]


def test_envoy_list_of_the_envoy_shape_matches_vocab(shapes):
    found = []
    for node in shapes.subjects(SH["not"], None):
        for inner in shapes.objects(node, SH["not"]):
            for lst in shapes.objects(inner, SH["in"]):
                found.append(set(Collection(shapes, lst)))
    assert found == [set(ENVOY_POSITIONS)]


def test_every_constraint_has_name_message_and_severity(shapes):
    """Each property shape, and each node shape with a node-level constraint, is documented."""
    constraint_params = {SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.node, SH["in"], SH["or"],
                         SH.pattern, SH.nodeKind, SH.hasValue, SH.languageIn, SH.lessThan, SH.minInclusive}
    checked = 0
    for shape in set(shapes.subjects(SH.targetClass, None)) | set(shapes.objects(None, SH.property)):
        if not any((shape, p, None) in shapes for p in constraint_params):
            continue
        checked += 1
        for p in (SH.message, SH.severity, SH.name):
            assert (shape, p, None) in shapes, f"{shape} has no {p}"
    assert checked > 40


def test_shapes_use_core_constraints_only(shapes):
    assert (None, SH.sparql, None) not in shapes
    assert (None, SH.SPARQLConstraint, None) not in shapes
    assert (None, SH.js, None) not in shapes
