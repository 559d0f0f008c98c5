"""Stage 5: facts → RDF triples in the ontology's terms (the only loader stage that knows RDF).

IRIs come from diplokg.graph.model.iris, terms from diplokg.graph.model.vocab; every fact node links to the text spans
it was read from.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import rdflib
from rdflib import XSD, Literal, URIRef
from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib.plugins.stores.memory import SimpleMemory

from diplokg.graph.model import iris
from diplokg.graph.model.vocab import DKG as _DKG
from diplokg.graph.model.vocab import LEVELS, POSITIONS, TOPIC_SCHEME, TOPICS
from diplokg.graph.model.vocab import SKOS as _SKOS
from diplokg.loaders.facts import ArticleFacts, Evidence, Place
from diplokg.loaders.gazetteer import gazetteer


class _ResolvedTerms:
    """A namespace whose terms are looked up once: every attribute access on a
    DefinedNamespace checks the name and mints a new URIRef, ~80 times per article."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)  # unknown names still raise AttributeError
        setattr(self, name, term)
        return term


DKG = _ResolvedTerms(_DKG)
RDF = _ResolvedTerms(_RDF)
RDFS = _ResolvedTerms(_RDFS)
SKOS = _ResolvedTerms(_SKOS)

EXTRACTOR_VERSION = "diplokg-rules 0.1.0"
AGREEMENT_CLASS = {"Joint Statement": DKG.JointStatement, "Joint Communiqué": DKG.JointCommunique,
                   "Memorandum of Understanding": DKG.MemorandumOfUnderstanding, "Treaty": DKG.Treaty,
                   "Declaration": DKG.Declaration, "Protocol": DKG.Protocol, "Action Plan": DKG.ActionPlan}
MISSION_CLASS = {"Embassy": DKG.Embassy, "High Commission": DKG.HighCommission, "Consulate": DKG.Consulate,
                 "Permanent Mission": DKG.PermanentMission, "Trade Office": DKG.TradeOffice}


SINGLE_VALUED = {DKG.place, DKG.date, DKG.startDate, DKG.endDate, DKG.establishedOn, DKG.level, DKG.levelAsWritten,
                 DKG.frequency, DKG.visitType, DKG.hostState, DKG.visitor, DKG.sendingState, DKG.location,
                 DKG.positionType, DKG.postIn, DKG.heldBy, DKG.accreditedTo, DKG.asWritten, DKG.isFormer, RDFS.label}


_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_OFFSET_TYPE = XSD.nonNegativeInteger


# Terms are immutable, so the literals and entity descriptions every article repeats are
# built once (building an rdflib Literal costs microseconds: datatype casts, hashing).
@lru_cache(maxsize=16384)
def date_literal(value: str) -> Literal:
    return Literal(value, datatype=_DATE_TYPES[len(value)])


@lru_cache(maxsize=16384)
def _offset_literal(offset: int) -> Literal:
    return Literal(offset, datatype=_OFFSET_TYPE)


@lru_cache(maxsize=4096)
def _state_description(key: str) -> tuple[URIRef, tuple[tuple, ...]]:
    g = gazetteer()
    node = URIRef(iris.state(key))
    out = [(node, RDF.type, DKG.State), (node, RDFS.label, Literal(g.state_labels.get(key, key))),
           (node, DKG.iso3166Alpha2, Literal(key))]
    if key in g.state_alpha3:
        out.append((node, DKG.iso3166Alpha3, Literal(g.state_alpha3[key])))
    return node, tuple(out)


@lru_cache(maxsize=4096)
def _organisation_description(org: str) -> tuple[URIRef, tuple[tuple, ...]]:
    g = gazetteer()
    node = URIRef(iris.organisation(org))
    cls = DKG.GovernmentBody if g.org_kinds.get(org) == "gov" else DKG.InternationalOrganisation
    return node, ((node, RDF.type, cls), (node, RDFS.label, Literal(g.org_labels.get(org, org))))


class _Writer:
    def __init__(self, facts: ArticleFacts):
        self.facts = facts
        # an insertion-ordered set of triples, not an rdflib graph: ingest needs only their
        # N-Triples, and indexing each triple in an rdflib store and serialising it again cost
        # a fifth of a text ingest (1.4 of 8 ms per article); the graph is built when asked for
        self.triples: dict[tuple, None] = {}
        self.article = URIRef(iris.article(facts.source_key))
        self.described: set[str] = set()
        self.single: set[tuple] = set()
        self.person_nodes: dict[str, URIRef] = {}  # person key -> node (minting folds the name)

    def add(self, s, p, o) -> None:
        if p in SINGLE_VALUED:
            # two facts of one article can mint one node (same event told twice): the first
            # value told wins, so the node stays valid (these properties take one value)
            if (s, p) in self.single:
                return
            self.single.add((s, p))
        self.triples[(s, p, o)] = None

    # ------------------------------------------------------------------ entities
    def agent(self, key: str) -> URIRef:
        node, description = _organisation_description(key[4:]) if key.startswith("org:") else _state_description(key)
        if str(node) not in self.described:
            self.described.add(str(node))
            for triple in description:
                self.add(*triple)
        return node

    def person(self, key: str) -> URIRef:
        if key in self.person_nodes:
            return self.person_nodes[key]
        p = self.facts.persons[key]
        node = self.person_nodes[key] = URIRef(iris.person(p.name))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF.type, DKG.Person)
            self.add(node, RDFS.label, Literal(p.name))
            for other in p.other_names:
                self.add(node, SKOS.altLabel, Literal(other))
        return node

    def place(self, place: Place) -> URIRef:
        if place.is_state and place.country:
            return self.agent(place.country)
        node = URIRef(iris.place(place.label, place.country))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF.type, DKG.Place)
            if place.country:
                self.add(node, RDF.type, DKG.City)
            self.add(node, RDFS.label, Literal(place.label))
        return node

    def evidence(self, node: URIRef, evidence: list[Evidence]) -> None:
        for ev in evidence:
            span = URIRef(iris.span(str(self.article), ev.start, ev.end))
            self.add(node, DKG.evidence, span)
            if str(span) not in self.described:
                self.described.add(str(span))
                self.add(span, RDF.type, DKG.TextSpan)
                self.add(span, DKG.inArticle, self.article)
                self.add(span, DKG.spanText, Literal(ev.text))
                self.add(span, DKG.startOffset, _offset_literal(ev.start))
                self.add(span, DKG.endOffset, _offset_literal(ev.end))

    def label(self, agent_key: str) -> str:
        from diplokg.loaders.linking import agent_label

        return agent_label(agent_key)

    # ------------------------------------------------------------------ facts
    def write(self) -> tuple[tuple, ...]:
        f = self.facts
        a = self.article
        self.add(a, RDF.type, DKG.Article)
        self.add(a, DKG.sourceLocation, Literal(f.url or f.location))
        self.add(a, DKG.textHash, Literal("sha256:" + hashlib.sha256(f.text.encode("utf-8")).hexdigest()))
        self.add(a, DKG.extractorVersion, Literal(EXTRACTOR_VERSION))
        if f.headline:
            self.add(a, DKG.headline, Literal(f.headline))
        if f.published:
            self.add(a, DKG.published, date_literal(f.published))
        if f.dateline_place:
            self.add(a, DKG.datelinePlace, self.place(f.dateline_place))
        for post in f.posts:
            person = self.person(post.person)
            agent = self.agent(post.agent)
            accredited = self.agent(post.accredited_to) if post.accredited_to else None
            node = URIRef(iris.post(str(person), post.position, str(agent), str(accredited) if accredited else None))
            self.add(node, RDF.type, DKG.Post)
            self.add(node, DKG.heldBy, person)
            self.add(person, DKG.holds, node)
            self.add(node, DKG.positionType, POSITIONS[post.position])
            self.add(node, DKG.postIn, agent)
            self.add(node, RDFS.label, Literal(f"{post.position} of {self.label(post.agent)}"))
            if accredited is not None:
                self.add(node, DKG.accreditedTo, accredited)
            if post.former:
                self.add(node, DKG.isFormer, Literal(True))
            self.add(node, DKG.asWritten, Literal(post.as_written))
            self.evidence(node, post.evidence)
        for m in f.meetings:
            people = [self.person(p) for p in m.participants]
            parties = [self.agent(p) for p in m.parties]
            place = self.place(m.place) if m.place else None
            node = URIRef(iris.event(m.kind, m.date, [str(x) for x in (people or parties)], None))
            self.add(node, RDF.type, DKG.PhoneCall if m.kind == "call" else DKG.Meeting)
            if m.call_type:
                self.add(node, RDF.type, DKG.CourtesyCall if m.call_type == "courtesy" else DKG.FarewellCall)
            names = " and ".join(self.facts.persons[p].name for p in m.participants) or \
                " and ".join(self.label(p) for p in m.parties)
            self.add(node, RDFS.label, Literal(("Call" if m.kind == "call" else "Meeting") + f" of {names}"))
            for x in people:
                self.add(node, DKG.participant, x)
            for x in parties:
                self.add(node, DKG.party, x)
            if m.date:
                self.add(node, DKG.date, date_literal(m.date))
            if place is not None:
                self.add(node, DKG.place, place)
            self.evidence(node, m.evidence)
        for v in f.visits:
            visitor = self.person(v.visitor)
            host = self.agent(v.host)
            node = URIRef(iris.event("visit", v.start, [str(visitor), str(host)]))
            self.add(node, RDF.type, DKG.Visit)
            self.add(node, RDFS.label, Literal(f"Visit of {self.facts.persons[v.visitor].name} to {self.label(v.host)}"))
            self.add(node, DKG.visitor, visitor)
            self.add(node, DKG.participant, visitor)
            self.add(node, DKG.hostState, host)
            if v.start:
                self.add(node, DKG.startDate, date_literal(v.start))
            if v.end:
                self.add(node, DKG.endDate, date_literal(v.end))
            if v.visit_type:
                self.add(node, DKG.visitType, Literal(v.visit_type))
            self.evidence(node, v.evidence)
        for ag in f.agreements:
            parties = [self.agent(p) for p in ag.parties]
            node = URIRef(iris.agreement(ag.title, [str(p) for p in parties]))
            self.add(node, RDF.type, DKG.Agreement)
            if ag.kind in AGREEMENT_CLASS:
                self.add(node, RDF.type, AGREEMENT_CLASS[ag.kind])
            self.add(node, RDFS.label, Literal(ag.title))
            for p in parties:
                self.add(node, DKG.party, p)
            for s in ag.signatories:
                self.add(node, DKG.signatory, self.person(s))
            if ag.date:
                self.add(node, DKG.date, date_literal(ag.date))
            self.evidence(node, ag.evidence)
        for d in f.dialogues:
            parties = [self.agent(p) for p in d.parties]
            node = URIRef(iris.dialogue(d.name, [str(p) for p in parties]))
            self.add(node, RDF.type, DKG.DialogueMechanism)
            self.add(node, RDFS.label, Literal(d.name))
            for p in parties:
                self.add(node, DKG.party, p)
            if d.level:
                self.add(node, DKG.level, LEVELS[d.level])
            if d.level_as_written:
                self.add(node, DKG.levelAsWritten, Literal(d.level_as_written))
            for t in d.topics:
                self.add(node, DKG.topic, self.topic(t))
            if d.frequency:
                self.add(node, DKG.frequency, Literal(d.frequency))
            self.evidence(node, d.evidence)
        for r in f.relations:
            a, b = (self.agent(p) for p in r.parties)
            node = URIRef(iris.relation(str(a), str(b)))
            self.add(node, RDF.type, DKG.BilateralRelation)
            la, lb = sorted((self.label(r.parties[0]), self.label(r.parties[1])))
            self.add(node, RDFS.label, Literal(f"{la}–{lb} relations"))
            self.add(node, DKG.party, a)
            self.add(node, DKG.party, b)
            if r.established:
                self.add(node, DKG.establishedOn, date_literal(r.established))
            self.evidence(node, r.evidence)
        for ms in f.missions:
            sending = self.agent(ms.sending)
            location = self.place(ms.location)
            node = URIRef(iris.mission(ms.kind, str(sending), str(location)))
            self.add(node, RDF.type, DKG.DiplomaticMission)
            self.add(node, RDF.type, MISSION_CLASS[ms.kind])
            self.add(node, RDFS.label, Literal(f"{ms.kind} of {self.label(ms.sending)} in {ms.location.label}"))
            self.add(node, DKG.sendingState, sending)
            self.add(node, DKG.location, location)
            self.evidence(node, ms.evidence)
        return tuple(self.triples)

    def topic(self, label: str) -> URIRef:
        if label in TOPICS:
            return TOPICS[label]
        node = URIRef(iris.topic(label))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF.type, DKG.Topic)
            self.add(node, SKOS.prefLabel, Literal(label, lang="en"))
            self.add(node, SKOS.inScheme, TOPIC_SCHEME)
        return node


def to_triples(facts: ArticleFacts) -> tuple[tuple, ...]:
    """The article's triples (rdflib terms, each once): its metadata, facts, the entities they
    mention and their spans."""
    return _Writer(facts).write()


def as_graph(triples: tuple[tuple, ...]) -> rdflib.Graph:
    """``triples`` as an rdflib graph."""
    # SimpleMemory: the default store also keeps per-triple context bookkeeping, which costs
    # twice the indexing itself and which a single-graph result never uses
    g = rdflib.Graph(store=SimpleMemory())
    add = g.store.add  # Graph.add re-checks that every term is an rdflib node; these are
    for t in triples:
        add(t, g)
    return g


def to_graph(facts: ArticleFacts) -> rdflib.Graph:
    """The article's triples as an rdflib graph."""
    return as_graph(to_triples(facts))


def _escape(text: str) -> str:
    # N-Triples' ECHAR escapes for the characters a STRING_LITERAL_QUOTE may not hold
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


@lru_cache(maxsize=1 << 16)
def _nt_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if not isinstance(term, Literal):
        raise TypeError(f"the writer mints only IRIs and literals, not {term!r}")
    if term.language:
        return f'"{_escape(str(term))}"@{term.language}'
    if term.datatype is not None:
        return f'"{_escape(str(term))}"^^<{term.datatype}>'
    return f'"{_escape(str(term))}"'


def ntriples(triples: tuple[tuple, ...]) -> bytes:
    """``triples`` (IRIs and literals, as :func:`to_triples` builds them) as N-Triples."""
    nt = _nt_term
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples).encode("utf-8")
