"""The rows of each saved query, built from the graph for a set of nodes, as SPARQL would.

One function per saved query (``queries/NAME.rq``): given a :class:`Fetch` (the default
graph's triples, read a predicate at a time) and the nodes each row belongs to (the meeting of
a meeting row, the post of an official...), it returns those nodes' rows with the query's
semantics, clause by clause (the comments quote the clause): a mandatory pattern drops a row,
an ``OPTIONAL`` multiplies it by its matches or leaves the variable unbound, ``STR``,
``COALESCE``, ``MINUS`` and ``FILTER`` as SPARQL 1.1 defines them. Terms are cells
(:func:`diplokg.graph.store.viewdb.encode`): ``<iri``, ``"text``, ``^datatype"text``,
``@lang"text``; blank nodes are ``_:id``. ``tests/graph/test_rowviews.py`` checks every
function against its ``.rq`` file on the golden fixture, the bench corpus and random edits.
"""
from __future__ import annotations

from typing import Iterable, Protocol

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DKG = "https://w3id.org/diplokg/ontology#"

TYPE = "<" + RDF + "type"
LABEL = "<" + RDFS + "label"
ALT_LABEL = "<" + SKOS + "altLabel"
PREF_LABEL = "<" + SKOS + "prefLabel"
SUBCLASS_OF = "<" + RDFS + "subClassOf"


def dkg(local: str) -> str:
    """The cell of ``dkg:local``."""
    return "<" + DKG + local


class Fetch(Protocol):
    def out(self, predicate: str, nodes: Iterable[str]) -> dict[str, list[str]]:
        """``{node: [objects of (node predicate ?o)]}`` for the nodes that have some."""

    def inv(self, predicate: str, nodes: Iterable[str]) -> dict[str, list[str]]:
        """``{node: [subjects of (?s predicate node)]}`` for the nodes that have some."""

    def lcase(self, cells: Iterable[str]) -> dict[str, str]:
        """``{cell: LCASE(STR(cell))}`` as a cell."""


# -- SPARQL functions on cells ------------------------------------------------------------------

def STR(cell: str | None) -> str | None:
    """``STR()``: the lexical form (or IRI) as a plain literal; None when unbound or an error."""
    if cell is None:
        return None
    mark = cell[0]
    if mark == '"':
        return cell
    if mark == "<":
        return '"' + cell[1:]
    if mark in "^@":
        return '"' + cell.partition('"')[2]
    return None  # STR of a blank node is an error


def lang_ok(cell: str) -> bool:
    """``LANG(?x) = "" || LANGMATCHES(LANG(?x), "en")`` (false, by error, for a non-literal)."""
    mark = cell[0]
    if mark == "@":
        tag = cell[1:cell.index('"')].lower()
        return tag == "en" or tag.startswith("en-")
    return mark in '"^'


def strafter_hash(cell: str) -> str:
    """``STRAFTER(STR(?x), "#")``."""
    text = STR(cell)[1:]
    _, sep, after = text.partition("#")
    return '"' + (after if sep else "")


def nodes(*maps: dict[str, list[str]]) -> set[str]:
    """Every object in the maps (the nodes the next fetch starts from)."""
    return {o for m in maps for objs in m.values() for o in objs}


def labels_of(nodes_: Iterable[str], labels: dict[str, list[str]]) -> list[str]:
    """``?x rdfs:label ?l`` for ?x among ``nodes_``: every label of every node."""
    return [lab for n in nodes_ for lab in labels.get(n, ())]


def subclass_labels(f: Fetch, classes: set[str], parent: str) -> dict[str, list[str]]:
    """``{class: [English labels]}`` for the classes that are ``rdfs:subClassOf parent``
    (directly: the queries use no reasoning), ``parent`` itself left out."""
    supers = f.out(SUBCLASS_OF, classes)
    subs = {c for c in classes if c != parent and parent in supers.get(c, ())}
    labels = f.out(LABEL, subs)
    return {c: [lab for lab in labels.get(c, ()) if lang_ok(lab)] for c in subs}


Rows = dict[str, set[tuple]]


# -- officials.rq -----------------------------------------------------------------------------

def officials(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?post``. Cells: person, position, state, accredited_to."""
    types = f.out(TYPE, keys)
    post_in, held_by = f.out(dkg("postIn"), keys), f.out(dkg("heldBy"), keys)
    ptype, as_written = f.out(dkg("positionType"), keys), f.out(dkg("asWritten"), keys)
    accredited = f.out(dkg("accreditedTo"), keys)
    labels = f.out(LABEL, nodes(post_in, held_by, accredited))
    pref = f.out(PREF_LABEL, nodes(ptype))
    post = dkg("Post")
    out: Rows = {}
    for k in keys:
        if post not in types.get(k, ()):  # ?post a dkg:Post
            continue
        # OPTIONAL { ?post dkg:positionType ?pt . ?pt skos:prefLabel ?positionLabel . FILTER(en) }
        positions = [lab for pt in ptype.get(k, ()) for lab in pref.get(pt, ()) if lang_ok(lab)] or [None]
        written = as_written.get(k) or [None]  # OPTIONAL { ?post dkg:asWritten ?asWritten }
        # OPTIONAL { ?post dkg:accreditedTo ?a . ?a rdfs:label ?accreditedLabel }
        acc = labels_of(accredited.get(k, ()), labels) or [None]
        rows = set()
        # ?post dkg:postIn ?stateNode ; dkg:heldBy ?personNode . both labelled
        for state_label in labels_of(post_in.get(k, ()), labels):
            for person_label in labels_of(held_by.get(k, ()), labels):
                for pos in positions:
                    for w in written:
                        # COALESCE(STR(?positionLabel), STR(?asWritten))
                        position = STR(pos) if pos is not None and STR(pos) is not None else STR(w)
                        for a in acc:
                            rows.add((STR(person_label), position, STR(state_label), STR(a)))
        if rows:
            out[k] = rows
    return out


# -- meetings.rq ------------------------------------------------------------------------------

MEETING_KINDS = ((dkg("Meeting"), '"meeting'), (dkg("PhoneCall"), '"call'))


def meetings(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?meeting``. Cells: meeting, kind, date, place, participant, party."""
    types = f.out(TYPE, keys)
    party, participant = f.out(dkg("party"), keys), f.out(dkg("participant"), keys)
    date, place = f.out(dkg("date"), keys), f.out(dkg("place"), keys)
    people = nodes(participant)
    labels = f.out(LABEL, nodes(party, place) | people)
    posts = f.inv(dkg("heldBy"), people)  # ?post dkg:heldBy ?personNode
    post_in = f.out(dkg("postIn"), nodes(posts))
    out: Rows = {}
    for k in keys:
        ts = types.get(k, ())
        kinds = [kind for cls, kind in MEETING_KINDS if cls in ts]  # ?meeting a ?meetingClass
        if not kinds:
            continue
        parties, persons = party.get(k, []), participant.get(k, [])
        # the states each participant holds a post in (?post dkg:heldBy ?p ; dkg:postIn ?s)
        held = {p: {s for post in posts.get(p, ()) for s in post_in.get(post, ())} for p in persons}
        pairs = []  # (participant, party)
        # { ?meeting dkg:party ?partyNode . ?partyNode rdfs:label ?partyLabel .
        #   OPTIONAL { participants with a post in ?partyNode, labelled } }
        for pn in parties:
            matched = labels_of((p for p in persons if pn in held[p]), labels)
            for party_label in labels.get(pn, ()):
                if matched:
                    pairs += [(STR(lab), STR(party_label)) for lab in matched]
                else:
                    pairs.append((None, STR(party_label)))
        # UNION { labelled participants with no post in any party of the meeting }
        party_set = set(parties)
        for p in persons:
            if not held[p] & party_set:
                pairs += [(STR(lab), None) for lab in labels.get(p, ())]
        if not pairs:
            continue
        dates = date.get(k) or [None]  # OPTIONAL { ?meeting dkg:date ?date }
        places = labels_of(place.get(k, ()), labels) or [None]  # OPTIONAL { place, labelled }
        out[k] = {(k, kind, d, STR(pl), who, side)
                  for kind in kinds for d in dates for pl in places for who, side in pairs}
    return out


# -- visits.rq --------------------------------------------------------------------------------

def visits(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?visit``. Cells: visit, visitor, host, start, end."""
    types = f.out(TYPE, keys)
    visitor, host = f.out(dkg("visitor"), keys), f.out(dkg("hostState"), keys)
    start, vdate, end = f.out(dkg("startDate"), keys), f.out(dkg("date"), keys), f.out(dkg("endDate"), keys)
    labels = f.out(LABEL, nodes(visitor, host))
    visit = dkg("Visit")
    out: Rows = {}
    for k in keys:
        if visit not in types.get(k, ()):
            continue
        visitors = labels_of(visitor.get(k, ()), labels) or [None]
        hosts = labels_of(host.get(k, ()), labels) or [None]
        out[k] = {(k, STR(v), STR(h), s if s is not None else d, e)  # COALESCE(?startDate, ?visitDate)
                  for v in visitors for h in hosts for s in (start.get(k) or [None])
                  for d in (vdate.get(k) or [None]) for e in (end.get(k) or [None])}
    return out


# -- agreements.rq ----------------------------------------------------------------------------

def agreements(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?agreement``. Cells: agreement, title, kind, party, date."""
    types = f.out(TYPE, keys)
    own, party, date = f.out(LABEL, keys), f.out(dkg("party"), keys), f.out(dkg("date"), keys)
    agreement = dkg("Agreement")
    kind_labels = subclass_labels(f, nodes(types), agreement)
    labels = f.out(LABEL, nodes(party))
    out: Rows = {}
    for k in keys:
        ts = types.get(k, ())
        if agreement not in ts:
            continue
        kinds = [lab for c in ts for lab in kind_labels.get(c, ())] or [None]
        parties = labels_of(party.get(k, ()), labels) or [None]
        out[k] = {(k, STR(t), STR(kl) if kl is not None else '"Agreement', STR(p), d)
                  for t in (own.get(k) or [None]) for kl in kinds for p in parties
                  for d in (date.get(k) or [None])}
    return out


# -- dialogues.rq -----------------------------------------------------------------------------

def dialogues(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?dialogue``. Cells: dialogue, name, level, party, topic."""
    types = f.out(TYPE, keys)
    own, level, written = f.out(LABEL, keys), f.out(dkg("level"), keys), f.out(dkg("levelAsWritten"), keys)
    party, topic = f.out(dkg("party"), keys), f.out(dkg("topic"), keys)
    labels = f.out(LABEL, nodes(party))
    pref = f.out(PREF_LABEL, nodes(level, topic))
    dialogue = dkg("DialogueMechanism")
    out: Rows = {}
    for k in keys:
        if dialogue not in types.get(k, ()):
            continue
        levels = [lab for n in level.get(k, ()) for lab in pref.get(n, ()) if lang_ok(lab)] or [None]
        topics = [lab for n in topic.get(k, ()) for lab in pref.get(n, ()) if lang_ok(lab)] or [None]
        parties = labels_of(party.get(k, ()), labels) or [None]
        rows = set()
        for name in own.get(k) or [None]:
            for lv in levels:
                for w in written.get(k) or [None]:
                    # COALESCE(STR(?levelLabel), STR(?levelAsWritten))
                    lvl = STR(lv) if lv is not None and STR(lv) is not None else STR(w)
                    rows |= {(k, STR(name), lvl, STR(p), STR(t)) for p in parties for t in topics}
        out[k] = rows
    return out


# -- relations.rq -----------------------------------------------------------------------------

def relations(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?relation`` (not a cell). Cells: state_a, state_b, established."""
    types = f.out(TYPE, keys)
    party, on = f.out(dkg("party"), keys), f.out(dkg("establishedOn"), keys)
    events = f.inv(dkg("concernsRelation"), keys)
    event_types, event_dates = f.out(TYPE, nodes(events)), f.out(dkg("date"), nodes(events))
    labels = f.out(LABEL, nodes(party))
    relation, establishment = dkg("BilateralRelation"), dkg("EstablishmentOfRelations")
    out: Rows = {}
    for k in keys:
        if relation not in types.get(k, ()):
            continue
        names = [n for n in (STR(lab) for lab in labels_of(party.get(k, ()), labels)) if n is not None]
        pairs = [(a, b) for a in names for b in names if a[1:] < b[1:]]  # FILTER(STR(?a) < STR(?b))
        if not pairs:
            continue
        # OPTIONAL { ?e dkg:concernsRelation ?relation ; a dkg:EstablishmentOfRelations ; dkg:date ?d }
        est = [d for e in events.get(k, ()) if establishment in event_types.get(e, ())
               for d in event_dates.get(e, ())] or [None]
        out[k] = {(a, b, o if o is not None else d)  # COALESCE(?establishedOn, ?establishmentDate)
                  for a, b in pairs for o in (on.get(k) or [None]) for d in est}
    return out


# -- missions.rq ------------------------------------------------------------------------------

def missions(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?mission``. Cells: mission, kind, sending_state, location."""
    types = f.out(TYPE, keys)
    sending, location = f.out(dkg("sendingState"), keys), f.out(dkg("location"), keys)
    mission = dkg("DiplomaticMission")
    kind_labels = subclass_labels(f, nodes(types), mission)
    labels = f.out(LABEL, nodes(sending, location))
    out: Rows = {}
    for k in keys:
        ts = types.get(k, ())
        if mission not in ts:
            continue
        kinds = [lab for c in ts for lab in kind_labels.get(c, ())] or [None]
        out[k] = {(k, STR(kl) if kl is not None else '"Diplomatic Mission', STR(s), STR(loc))
                  for kl in kinds for s in labels_of(sending.get(k, ()), labels) or [None]
                  for loc in labels_of(location.get(k, ()), labels) or [None]}
    return out


# -- timeline.rq ------------------------------------------------------------------------------

TIMELINE_CLASSES = tuple(dkg(c) for c in (
    "Meeting", "PhoneCall", "Visit", "Signing", "EstablishmentOfRelations", "MissionOpening",
    "CredentialsPresentation", "Anniversary", "Statement"))


def timeline(f: Fetch, keys: list[str]) -> Rows:
    """Key: ``?event``. Cells: date, event, type, label."""
    types = f.out(TYPE, keys)
    date, start, on = f.out(dkg("date"), keys), f.out(dkg("startDate"), keys), f.out(dkg("establishedOn"), keys)
    own, signed = f.out(LABEL, keys), f.out(dkg("signedAgreement"), keys)
    signings, concerning = f.inv(dkg("signedAgreement"), keys), f.inv(dkg("concernsRelation"), keys)
    others = nodes(signings, concerning)
    other_dates, other_types = f.out(dkg("date"), others), f.out(TYPE, others)
    agreement, relation = dkg("Agreement"), dkg("BilateralRelation")
    establishment = dkg("EstablishmentOfRelations")
    supers = f.out(SUBCLASS_OF, nodes(types))
    signed_titles = f.out(LABEL, nodes(signed))
    classes = set(TIMELINE_CLASSES) | nodes(types) | {agreement}
    type_labels = f.out(LABEL, classes)
    out: Rows = {}
    for k in keys:
        ts = types.get(k, ())
        found = []  # (date, typeClass)
        for cls in TIMELINE_CLASSES:
            if cls in ts:
                # BIND(COALESCE(?eventDate, ?startDate) AS ?date) FILTER(BOUND(?date))
                found += [(d, cls) for d in (date.get(k) or start.get(k) or [])]
        if agreement in ts and date.get(k):
            # MINUS { ?signing dkg:signedAgreement ?event ; dkg:date ?signingDate }
            if not any(other_dates.get(s) for s in signings.get(k, ())):
                kinds = [c for c in ts if c != agreement and agreement in supers.get(c, ())] or [agreement]
                found += [(d, c) for d in date[k] for c in kinds]
        if relation in ts and on.get(k):
            # MINUS { ?e dkg:concernsRelation ?event ; a dkg:EstablishmentOfRelations ; dkg:date ?d }
            if not any(establishment in other_types.get(e, ()) and other_dates.get(e)
                       for e in concerning.get(k, ())):
                found += [(d, establishment) for d in on[k]]
        if not found:
            continue
        titles = labels_of(signed.get(k, ()), signed_titles) or [None]
        rows = set()
        for d, cls in found:
            for tl in [lab for lab in type_labels.get(cls, ()) if lang_ok(lab)] or [None]:
                # COALESCE(STR(?typeLabel), STRAFTER(STR(?typeClass), "#"))
                kind = STR(tl) if tl is not None and STR(tl) is not None else strafter_hash(cls)
                for o in own.get(k) or [None]:
                    for t in titles:
                        # COALESCE(STR(?ownLabel), CONCAT("Signing of ", STR(?signedTitle)), ?type)
                        if o is not None and STR(o) is not None:
                            label = STR(o)
                        elif t is not None and STR(t) is not None:
                            label = '"Signing of ' + STR(t)[1:]
                        else:
                            label = kind
                        rows.add((d, k, kind, label))
        out[k] = rows
    return out


# -- evidence.rq ------------------------------------------------------------------------------

def evidence_spans(f: Fetch, keys: list[str]) -> Rows:
    """Key: a span. Cells: article, sentence, start, end (``?span dkg:inArticle ?article ;
    dkg:spanText ?sentence``, the offsets OPTIONAL)."""
    article, text = f.out(dkg("inArticle"), keys), f.out(dkg("spanText"), keys)
    start, end = f.out(dkg("startOffset"), keys), f.out(dkg("endOffset"), keys)
    out: Rows = {}
    for k in keys:
        rows = {(a, t, s, e) for a in article.get(k, ()) for t in text.get(k, ())
                for s in start.get(k) or [None] for e in end.get(k) or [None]}
        if rows:
            out[k] = rows
    return out
