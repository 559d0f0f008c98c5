"""The diplokg vocabulary as Python names: the closed ``DKG`` namespace and the concept schemes.

``DKG`` lists every class, property and datatype that ``ontology/diplo.ttl`` declares in the
``dkg:`` namespace, and nothing else (``_fail = True``: a typo such as ``DKG.Meting`` raises
``AttributeError``). ``tests/ontology/test_vocab_sync.py`` checks both directions.

The SKOS concepts (position types, dialogue levels, topics) live in their own namespaces so
that no IRI is both a class and an individual; their IRIs are ``{namespace}{slug}`` where the
slug is :func:`concept_slug` of the canonical English label (``"Chargé d'Affaires"`` →
``pos:charge-d-affaires``). ``POSITIONS``, ``LEVELS`` and ``TOPICS`` map the canonical labels
of ``CONTRACT.md`` to those IRIs.

>>> str(DKG.Meeting)
'https://w3id.org/diplokg/ontology#Meeting'
>>> POSITIONS["Chargé d'Affaires"] == POS["charge-d-affaires"]
True
>>> concept_slug("Head of State/Government")
'head-of-state-government'
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "DKG", "POS", "LVL", "TOPIC", "DKGR", "DKGG",
    "ORG", "SEM", "TIME", "PROV", "SCHEMA", "SKOS", "DCTERMS", "SH",
    "ONTOLOGY_IRI", "ONTOLOGY_VERSION", "ONTOLOGY_VERSION_IRI", "ONTOLOGY_GRAPH",
    "POSITION_SCHEME", "LEVEL_SCHEME", "TOPIC_SCHEME",
    "POSITIONS", "LEVELS", "TOPICS", "DIPLOMATIC_POSITIONS", "ENVOY_POSITIONS",
    "concept_slug", "PREFIXES", "DISPLAY_PREFIXES",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/diplokg/ontology")
ONTOLOGY_VERSION = "0.1.0"
ONTOLOGY_VERSION_IRI = URIRef(f"https://w3id.org/diplokg/ontology/{ONTOLOGY_VERSION}")


class DKG(DefinedNamespace):
    """Classes, properties and datatypes of the diplokg ontology (``dkg:``)."""

    _NS = Namespace("https://w3id.org/diplokg/ontology#")
    _fail = True

    # --- classes: agents
    Agent: URIRef
    Person: URIRef
    State: URIRef
    InternationalOrganisation: URIRef
    GovernmentBody: URIRef
    DiplomaticMission: URIRef
    Embassy: URIRef
    HighCommission: URIRef
    Consulate: URIRef
    PermanentMission: URIRef
    TradeOffice: URIRef
    # --- classes: places
    Place: URIRef
    City: URIRef
    # --- classes: posts
    Post: URIRef
    PositionType: URIRef
    Diplomat: URIRef
    # --- classes: events
    Event: URIRef
    Meeting: URIRef
    CourtesyCall: URIRef
    FarewellCall: URIRef
    ConsultationSession: URIRef
    PhoneCall: URIRef
    Visit: URIRef
    Signing: URIRef
    EstablishmentOfRelations: URIRef
    MissionOpening: URIRef
    CredentialsPresentation: URIRef
    Anniversary: URIRef
    Statement: URIRef
    # --- classes: agreements
    Agreement: URIRef
    JointStatement: URIRef
    JointCommunique: URIRef
    MemorandumOfUnderstanding: URIRef
    Treaty: URIRef
    Declaration: URIRef
    Protocol: URIRef
    ActionPlan: URIRef
    # --- classes: dialogue, relations, provenance
    DialogueMechanism: URIRef
    Level: URIRef
    Topic: URIRef
    BilateralRelation: URIRef
    Article: URIRef
    TextSpan: URIRef

    # --- object properties
    holds: URIRef
    heldBy: URIRef
    positionType: URIRef
    postIn: URIRef
    accreditedTo: URIRef
    tenure: URIRef
    participant: URIRef
    participatesIn: URIRef
    party: URIRef
    place: URIRef
    visitor: URIRef
    hostState: URIRef
    duringVisit: URIRef
    signedAgreement: URIRef
    signedIn: URIRef
    signatory: URIRef
    sessionOf: URIRef
    level: URIRef
    topic: URIRef
    concernsRelation: URIRef
    openedMission: URIRef
    sendingState: URIRef
    location: URIRef
    speaker: URIRef
    addressee: URIRef
    evidence: URIRef
    inArticle: URIRef
    datelinePlace: URIRef

    # --- data properties
    isFormer: URIRef
    asWritten: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    visitType: URIRef
    roundNumber: URIRef
    levelAsWritten: URIRef
    frequency: URIRef
    establishedOn: URIRef
    character: URIRef
    anniversaryNumber: URIRef
    statementKind: URIRef
    spanText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sourceLocation: URIRef
    headline: URIRef
    publisher: URIRef
    published: URIRef
    textHash: URIRef
    extractorVersion: URIRef
    ingestedAt: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef

    # --- datatypes of the event-code notations (skos:notation "042"^^dkg:CAMEO)
    CAMEO: URIRef
    PLOVER: URIRef


POS = Namespace("https://w3id.org/diplokg/position/")
LVL = Namespace("https://w3id.org/diplokg/level/")
TOPIC = Namespace("https://w3id.org/diplokg/topic/")
DKGR = Namespace("https://w3id.org/diplokg/id/")
DKGG = Namespace("https://w3id.org/diplokg/graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_GRAPH = DKGG["ontology"]
POSITION_SCHEME = POS["scheme"]
LEVEL_SCHEME = LVL["scheme"]
TOPIC_SCHEME = TOPIC["scheme"]

#: prefix → namespace, for binding in graphs and writing query prologues
PREFIXES: dict[str, str] = {
    "dkg": str(DKG._NS), "pos": str(POS), "lvl": str(LVL), "topic": str(TOPIC),
    "dkgr": str(DKGR), "dkgg": str(DKGG),
    "org": str(ORG), "sem": str(SEM), "time": str(TIME), "prov": str(PROV),
    "schema": str(SCHEMA), "skos": str(SKOS), "dcterms": str(DCTERMS),
}

#: prefix → namespace used to shorten IRIs in tables, pages, Turtle output and exports
DISPLAY_PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "dkg": "https://w3id.org/diplokg/ontology#",
    "pos": "https://w3id.org/diplokg/position/",
    "lvl": "https://w3id.org/diplokg/level/",
    "topic": "https://w3id.org/diplokg/topic/",
    "dkgr": "https://w3id.org/diplokg/id/",
    "dkgg": "https://w3id.org/diplokg/graph/",
}


def concept_slug(label: str) -> str:
    """The local name of a concept IRI: ASCII-folded, lower case, runs of other chars → ``-``."""
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


_POSITION_LABELS = [
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Minister of State", "Minister", "Foreign Secretary", "Ambassador", "High Commissioner",
    "Chargé d'Affaires", "Consul General", "Special Envoy", "Spokesperson",
    "Head of Organisation", "Monarch",
]
_LEVEL_LABELS = [
    "Head of State/Government", "Ministerial", "Vice-Ministerial", "Foreign Secretary",
    "Senior Official", "Official", "Expert", "High",
]
_TOPIC_LABELS = [
    "Political", "Security", "Defence", "Disarmament", "Non-Proliferation", "Counter-Terrorism",
    "Export Controls", "Economic Policy", "Trade", "Investment", "Border Affairs", "Boundary",
    "Connectivity", "Energy", "Climate", "Maritime", "Cyber Security", "Consular Affairs",
    "Culture", "Education", "Health", "Science and Technology", "Agriculture", "Development",
    "Finance", "Migration", "Space", "Water Resources",
]

#: canonical position label (CONTRACT.md) → pos: concept
POSITIONS: dict[str, URIRef] = {lab: POS[concept_slug(lab)] for lab in _POSITION_LABELS}
#: canonical dialogue-level label → lvl: concept
LEVELS: dict[str, URIRef] = {lab: LVL[concept_slug(lab)] for lab in _LEVEL_LABELS}
#: canonical topic label → topic: concept (the loaders may mint more with concept_slug)
TOPICS: dict[str, URIRef] = {lab: TOPIC[concept_slug(lab)] for lab in _TOPIC_LABELS}

#: position types that make their holder a dkg:Diplomat (docs/model.md)
DIPLOMATIC_POSITIONS = frozenset(POSITIONS[k] for k in (
    "Ambassador", "High Commissioner", "Chargé d'Affaires", "Consul General", "Special Envoy",
    "Foreign Minister", "Minister of State", "Foreign Secretary"))
#: position types whose post must name the state or organisation it is accredited to
ENVOY_POSITIONS = frozenset(POSITIONS[k] for k in (
    "Ambassador", "High Commissioner", "Chargé d'Affaires", "Consul General"))
