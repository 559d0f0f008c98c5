"""The row views: each saved query's rows, materialised in the views file and kept exact.

A :class:`View` answers one saved query (``queries/NAME.rq``) without evaluating it: its
*rows table* holds the query's result rows (no parameter bound), each filed under the node it
belongs to (its *key*: the meeting of a meeting row, the post of an official); an *index
table* per parameter holds, per key, the nodes the parameter's ``EXISTS`` test reaches (for
``meetings``' ``state``: ``?meeting dkg:party ?selState``). A query with ``state=Egypt`` is
then: resolve "Egypt" to nodes (the ``resolve`` table: labels of typed nodes, lower-cased as
SPARQL's ``LCASE`` does), take their keys from the index, their rows from the rows table, in
the query's ORDER BY (precomputed sort keys, :func:`diplokg.graph.store.viewdb.sort_key`).

Keeping it exact: a write changes some triples of the default graph (the *delta*). A
:class:`Table` lists the changes that can touch a key's rows as :class:`Edge`\\ s: a changed
triple with one of ``predicates`` whose subject (or object, ``incoming``) is reached from the
key by the property path ``path``. The edges follow the query's patterns outwards from the key,
so a changed triple is always caught at the end nearer the key, whether it was added or
removed. Those keys' rows are built again (:mod:`diplokg.graph.store.rowbuild`) in the write's
wake (:mod:`diplokg.graph.store.viewsync`).

Each view is pinned to the SPARQL of its query (:attr:`View.rq_sha256`, the body without the
``#+`` header): when the file changes, the view is not used until its builder is checked again
(``tests/graph/test_rowviews.py`` says which).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable

from diplokg.graph.store import rowbuild as rb
from diplokg.graph.store.rowbuild import ALT_LABEL, LABEL, PREF_LABEL, SUBCLASS_OF, TYPE, dkg


@dataclass(frozen=True)
class Edge:
    """Changed triples that touch a key (see the module docstring)."""

    path: str  # SPARQL property path from the key ("" = the key itself)
    predicates: frozenset[str] | None  # predicate cells; None: any predicate
    incoming: bool = False  # the node reached is the changed triple's object


def edge(path: str, *predicates: str, incoming: bool = False) -> Edge:
    return Edge(path, frozenset(predicates), incoming)


@dataclass(frozen=True)
class Table:
    """A table of rows filed by key, built by ``build(fetch, keys)``.

    The keys are the nodes typed with one of ``key_classes``, or, with ``key_predicate``, the
    subjects of that predicate.
    """

    name: str
    cells: tuple[str, ...]
    build: Callable[[rb.Fetch, list[str]], rb.Rows]
    depends: tuple[Edge, ...]
    key_classes: tuple[str, ...] = ()
    key_predicate: str | None = None
    node_cells: tuple[int, ...] = ()  # cells kept as term ids (nodes joined on), not text
    order: tuple[tuple[Callable[[tuple], str | None], str], ...] = ()  # (cell of a row, kind)


@dataclass(frozen=True)
class Param:
    """A parameter: the rows whose key reaches the parameter's node by ``path`` (the query's
    ``EXISTS { ?key path ?sel }``); a label is resolved among ``classes``."""

    name: str
    path: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class View:
    query: str
    rq_sha256: str
    rows: Table
    params: tuple[Param, ...] = ()
    # rows of two keys may be equal (the key is not a cell): SELECT DISTINCT across keys
    distinct: bool = False


def body_sha256(text: str) -> str:
    """The hash a view is pinned to: the query text without its ``#+`` header lines."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#+"))
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:16]


def cell(i: int) -> Callable[[tuple], str | None]:
    return lambda row: row[i]


AGENTS = tuple(dkg(c) for c in ("State", "InternationalOrganisation", "GovernmentBody", "Agent"))
PLACES = (dkg("Place"), dkg("City"))
PERSON = dkg("Person")
RESOLVED_CLASSES = AGENTS + PLACES + (PERSON,)


def _resolve(f: rb.Fetch, keys: list[str]) -> rb.Rows:
    """Key: a node of a class a parameter is resolved among. Cells: class, LCASE(label)."""
    types = f.out(TYPE, keys)
    labels, alt = f.out(LABEL, keys), f.out(ALT_LABEL, keys)
    names = {k: labels.get(k, []) + alt.get(k, []) for k in keys}
    lower = f.lcase({n for ns in names.values() for n in ns})
    out: rb.Rows = {}
    for k in keys:
        classes = [c for c in types.get(k, ()) if c in RESOLVED_CLASSES]
        rows = {(c, lower[n]) for c in classes for n in names[k] if lower.get(n) is not None}
        if rows:
            out[k] = rows
    return out


#: labels of typed nodes, lower-cased: how a label_or_iri parameter finds its nodes
RESOLVE = Table("resolve", ("class", "lkey"), _resolve, (edge("", TYPE, LABEL, ALT_LABEL),),
                key_classes=RESOLVED_CLASSES, node_cells=(0,))


def _view(name: str, sha: str, build, cells, order, key_classes, depends, params=(), distinct=False) -> View:
    rows = Table(f"rows_{name}", tuple(cells), build, tuple(depends), key_classes=tuple(key_classes),
                 order=tuple((cell(cells.index(c)) if isinstance(c, str) else c, kind) for c, kind in order))
    return View(name, sha, rows, tuple(Param(*p) for p in params), distinct)


VIEWS: dict[str, View] = {v.query: v for v in (
    _view("officials", "094b054e19d54d65", rb.officials, ["person", "position", "state", "accredited_to"],
          [("state", "lex"), ("person", "lex"), ("position", "lex"), ("accredited_to", "lex")],
          [dkg("Post")],
          [edge("", TYPE, dkg("postIn"), dkg("heldBy"), dkg("positionType"), dkg("asWritten"), dkg("accreditedTo")),
           edge("dkg:postIn|dkg:heldBy|dkg:accreditedTo", LABEL), edge("dkg:positionType", PREF_LABEL)],
          [("state", "dkg:postIn|dkg:accreditedTo", AGENTS)], distinct=True),
    _view("meetings", "92502b5f31aa2065", rb.meetings, ["meeting", "kind", "date", "place", "participant", "party"],
          [("date", "lex"), ("party", "lex"), ("participant", "lex")],
          [dkg("Meeting"), dkg("PhoneCall")],
          [edge("", TYPE, dkg("party"), dkg("participant"), dkg("date"), dkg("place")),
           edge("dkg:party|dkg:participant|dkg:place", LABEL),
           edge("dkg:participant", dkg("heldBy"), incoming=True),
           edge("dkg:participant/^dkg:heldBy", dkg("postIn"))],
          [("state", "dkg:party", AGENTS), ("person", "dkg:participant", (PERSON,))]),
    _view("visits", "c460ec4b01e0a217", rb.visits, ["visit", "visitor", "host", "start", "end"],
          [("start", "lex"), ("visitor", "lex"), ("host", "lex")],
          [dkg("Visit")],
          [edge("", TYPE, dkg("visitor"), dkg("hostState"), dkg("startDate"), dkg("date"), dkg("endDate")),
           edge("dkg:visitor|dkg:hostState", LABEL)],
          [("state", "dkg:hostState|dkg:party|(dkg:visitor/^dkg:heldBy/dkg:postIn)", AGENTS),
           ("person", "dkg:visitor", (PERSON,))]),
    _view("agreements", "6fbd75119b7b7973", rb.agreements, ["agreement", "title", "kind", "party", "date"],
          [("date", "lex"), ("title", "lex"), ("party", "lex")],
          [dkg("Agreement")],
          [edge("", TYPE, LABEL, dkg("party"), dkg("date")), edge("rdf:type", SUBCLASS_OF, LABEL),
           edge("dkg:party", LABEL)],
          [("state", "dkg:party", AGENTS)]),
    _view("dialogues", "62573fe22231f440", rb.dialogues, ["dialogue", "name", "level", "party", "topic"],
          [("name", "lex"), ("party", "lex"), ("topic", "lex")],
          [dkg("DialogueMechanism")],
          [edge("", TYPE, LABEL, dkg("level"), dkg("levelAsWritten"), dkg("party"), dkg("topic")),
           edge("dkg:level|dkg:topic", PREF_LABEL), edge("dkg:party", LABEL)],
          [("state", "dkg:party", AGENTS)]),
    _view("relations", "95a36ace1595a75e", rb.relations, ["state_a", "state_b", "established"],
          [("state_a", "lex"), ("state_b", "lex"), ("established", "lex")],
          [dkg("BilateralRelation")],
          [edge("", TYPE, dkg("party"), dkg("establishedOn")), edge("", dkg("concernsRelation"), incoming=True),
           edge("dkg:party", LABEL), edge("^dkg:concernsRelation", TYPE, dkg("date"))],
          [("state", "dkg:party", AGENTS)], distinct=True),
    _view("missions", "3bae22d95e333370", rb.missions, ["mission", "kind", "sending_state", "location"],
          [("sending_state", "lex"), ("kind", "lex"), ("location", "lex")],
          [dkg("DiplomaticMission")],
          [edge("", TYPE, dkg("sendingState"), dkg("location")), edge("rdf:type", SUBCLASS_OF, LABEL),
           edge("dkg:sendingState|dkg:location", LABEL)],
          [("state", "dkg:sendingState|dkg:location|dkg:accreditedTo", AGENTS + PLACES)]),
    _view("timeline", "abd193392f57d545", rb.timeline, ["date", "event", "type", "label"],
          [(lambda row: rb.STR(row[0]), "lex"), ("type", "lex"), ("label", "lex")],
          rb.TIMELINE_CLASSES + (dkg("Agreement"), dkg("BilateralRelation")),
          [edge("", TYPE, dkg("date"), dkg("startDate"), dkg("establishedOn"), LABEL, dkg("signedAgreement")),
           edge("", dkg("signedAgreement"), dkg("concernsRelation"), incoming=True),
           edge("rdf:type", SUBCLASS_OF, LABEL), edge("dkg:signedAgreement", LABEL),
           edge("^dkg:signedAgreement", dkg("date")), edge("^dkg:concernsRelation", TYPE, dkg("date"))],
          [(p, "dkg:party|dkg:hostState|dkg:speaker|dkg:addressee|(dkg:visitor/^dkg:heldBy/dkg:postIn)",
            AGENTS + (PERSON,)) for p in ("state", "state_b")]),
)}

#: ``evidence``: the rows of each span; which spans a node's evidence holds is read from the
#: graph at query time (``?node dkg:evidence ?span``, and the spans of the facts pointing at it)
EVIDENCE = View(
    "evidence", "66c490162370e4af",
    Table("rows_evidence", ("article", "sentence", "start", "end"), rb.evidence_spans,
          (edge("", dkg("inArticle"), dkg("spanText"), dkg("startOffset"), dkg("endOffset")),),
          key_predicate=dkg("inArticle"), order=((cell(0), "lex"), (cell(2), "int"), (cell(3), "int"))))
VIEWS["evidence"] = EVIDENCE

#: every table, the resolution table first
TABLES: tuple[Table, ...] = (RESOLVE,) + tuple(v.rows for v in VIEWS.values())
#: the prefixes the property paths use
PATH_PREFIXES = {"dkg": rb.DKG, "rdf": rb.RDF}


def definitions_sha256() -> str:
    """What the views file was built by: its layout and the code that builds it (a new
    version of either builds the file again)."""
    from pathlib import Path

    from diplokg.graph.store.viewdb import SCHEMA_VERSION

    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for module in ("rowbuild.py", "rowviews.py", "viewdb.py", "viewsync.py", "mirror.py", "evidencenodes.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    return h.hexdigest()[:32]
