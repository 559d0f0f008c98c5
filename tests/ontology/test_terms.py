"""The ontology's own rules: labels, definitions, no punning, no OWL date ranges, contract labels."""
from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from diplokg.graph.model.vocab import DKG, POS
from ontotest_support import DKG_NS, ROOT, dkg_terms

DCTERMS = "http://purl.org/dc/terms/"
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"


def _en(g, s, p):
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en"]


def test_header(onto):
    ont = URIRef("https://w3id.org/diplokg/ontology")
    for p in ("title", "description", "license", "created"):
        assert (ont, URIRef(DCTERMS + p), None) in onto, p
    assert (ont, OWL.versionIRI, None) in onto and (ont, OWL.versionInfo, None) in onto
    assert (None, OWL.imports, None) not in onto, "alignments are declared, not imported"


def test_every_term_has_an_english_label_and_definition(onto):
    terms = dkg_terms(onto)
    assert len(terms) > 90
    missing = [(t, "label") for t in terms if len(_en(onto, t, RDFS.label)) != 1]
    missing += [(t, "definition") for t in terms if len(_en(onto, t, SKOS.definition)) != 1]
    assert missing == []


def test_every_declared_external_term_is_labelled(onto):
    """org:, sem:, time:, prov:, schema:, skos: terms we align to are declared with a label."""
    declared = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        declared |= {s for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    external = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.range, RDFS.domain)
                for o in onto.objects(None, p) if isinstance(o, URIRef) and not str(o).startswith(DKG_NS)
                and not str(o).startswith(str(XSD))}
    assert sorted(external - declared) == []
    assert [t for t in external if not _en(onto, t, RDFS.label)] == []


def test_every_concept_has_scheme_preflabel_and_definition(onto):
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 16 + 8 + 16
    for c in concepts:
        assert len(_en(onto, c, SKOS.prefLabel)) == 1, c
        assert _en(onto, c, SKOS.definition), c
        assert (c, SKOS.inScheme, None) in onto, c
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        assert _en(onto, scheme, SKOS.prefLabel) and _en(onto, scheme, SKOS.definition)


def test_no_punning(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class))
    individuals = set(onto.subjects(RDF.type, OWL.NamedIndividual))
    obj = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    data = set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    ann = set(onto.subjects(RDF.type, OWL.AnnotationProperty))
    assert not classes & individuals
    assert not obj & data and not obj & ann and not data & ann


def test_date_properties_have_no_owl_datatype_range(onto):
    for p in (DKG.date, DKG.startDate, DKG.endDate, DKG.establishedOn, DKG.published):
        assert (p, RDF.type, OWL.DatatypeProperty) in onto
        assert list(onto.objects(p, RDFS.range)) == [], p
    for dt in (XSD.date, XSD.gYear, XSD.gYearMonth):
        assert (None, None, dt) not in onto


def test_characteristics(onto):
    for p in (DKG.heldBy, DKG.positionType, DKG.postIn, DKG.level):
        assert (p, RDF.type, OWL.FunctionalProperty) in onto, p
    for a, b in ((DKG.holds, DKG.heldBy), (DKG.participant, DKG.participatesIn),
                 (DKG.signedAgreement, DKG.signedIn)):
        assert (a, OWL.inverseOf, b) in onto or (b, OWL.inverseOf, a) in onto
    assert (DKG.Diplomat, OWL.equivalentClass, None) in onto


def test_event_classes_carry_cameo_and_plover_codes(onto):
    events = {s for s in onto.transitive_subjects(RDFS.subClassOf, DKG.Event)} - {DKG.Event}
    assert len(events) == 12
    for e in events:
        kinds = {o.datatype for o in onto.objects(e, SKOS.notation)}
        assert kinds == {DKG.CAMEO, DKG.PLOVER}, e
        for o in onto.objects(e, SKOS.notation):
            if o.datatype == DKG.CAMEO:
                assert re.fullmatch(r"\d{3,4}", str(o)), (e, o)
            else:
                assert re.fullmatch(r"[A-Z]+", str(o)), (e, o)


KIND_LABELS = {
    DKG.JointStatement: "Joint Statement", DKG.JointCommunique: "Joint Communiqué",
    DKG.MemorandumOfUnderstanding: "Memorandum of Understanding", DKG.Treaty: "Treaty",
    DKG.Agreement: "Agreement", DKG.Declaration: "Declaration", DKG.Protocol: "Protocol",
    DKG.ActionPlan: "Action Plan", DKG.Embassy: "Embassy", DKG.HighCommission: "High Commission",
    DKG.Consulate: "Consulate", DKG.PermanentMission: "Permanent Mission", DKG.TradeOffice: "Trade Office",
}


@pytest.mark.parametrize("cls,label", sorted(KIND_LABELS.items()))
def test_kind_labels_are_the_contracts(onto, cls, label):
    """Saved queries return these class labels as ``kind``."""
    assert [str(x) for x in onto.objects(cls, RDFS.label)] == [label]


def test_position_and_level_labels_are_the_contracts(onto):
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not found (../shared is absent)")
    text = CONTRACT.read_text(encoding="utf-8")
    pos_text = text.split("Positions use these canonical labels:", 1)[1].split("\n\n", 1)[0]
    pos_text = re.sub(r"\([^)]*\)", "", pos_text).rstrip(". \n")
    contract_positions = {p.strip() for p in pos_text.replace("\n", " ").split(",")}
    lvl_text = text.split("Dialogue levels use these labels where the text's wording maps to one:", 1)[1]
    lvl_text = lvl_text.split(";", 1)[0]
    contract_levels = {p.strip() for p in lvl_text.replace("\n", " ").split(",")}
    positions = {str(o) for s in onto.subjects(RDF.type, DKG.PositionType) for o in onto.objects(s, SKOS.prefLabel)}
    levels = {str(o) for s in onto.subjects(RDF.type, DKG.Level) for o in onto.objects(s, SKOS.prefLabel)}
    assert positions == contract_positions
    assert levels == contract_levels


def test_foreign_minister_alt_labels(onto):
    alts = {str(o) for o in onto.objects(POS["foreign-minister"], SKOS.altLabel)}
    assert {"Secretary of State", "External Affairs Minister", "Minister for Foreign Affairs",
            "State Councilor and Foreign Minister"} <= alts


def test_alt_labels_are_not_shared_between_concepts_of_a_scheme(onto):
    for kind in (DKG.PositionType, DKG.Level, DKG.Topic):
        seen: dict[str, URIRef] = {}
        for c in onto.subjects(RDF.type, kind):
            for lab in list(onto.objects(c, SKOS.prefLabel)) + list(onto.objects(c, SKOS.altLabel)):
                key = str(lab).casefold()
                assert seen.setdefault(key, c) == c, f"{lab!r} labels both {seen[key]} and {c}"
