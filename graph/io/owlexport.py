"""The OWL export: the ontology and the individuals in one RDF/XML document, for Protégé.

The graph is the merged export (:func:`diplokg.graph.io.export.merged_triples`), with one
change a reasoner needs: OWL 2 reasoners such as HermiT accept only the datatypes of the OWL 2
datatype map, and ``xsd:date``, ``xsd:gYearMonth`` and ``xsd:gYear`` are not in it (HermiT
stops with "xsd:date is not part of the OWL 2 datatype map"). So, in this export only:

* an ``xsd:date`` becomes the ``xsd:dateTime`` at the start of that day, without a time zone
  (``"2022-07-26"^^xsd:date`` → ``"2022-07-26T00:00:00"^^xsd:dateTime``): the same day, in a
  type reasoners compare and order;
* an ``xsd:gYearMonth`` or ``xsd:gYear`` becomes a plain string with the same text
  (``"2022-07"``): the map has no type for a month or a year, and turning one into a day
  would claim a precision the article does not give.

The ontology declares no range for its date properties (the SHACL shapes constrain them), so
the retyped literals contradict no axiom. Every other term is written as the store holds it.
"""
from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox

from diplokg.graph.model.vocab import DISPLAY_PREFIXES

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE = _XSD + "date"
_DATETIME = ox.NamedNode(_XSD + "dateTime")
_AS_STRING = {_XSD + "gYearMonth", _XSD + "gYear"}
_DAY = re.compile(r"^(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")


def owl_literal(lit: ox.Literal) -> ox.Literal:
    """``lit`` in a datatype of the OWL 2 datatype map (see the module docstring).

    >>> owl_literal(ox.Literal("2022-07-26", datatype=ox.NamedNode(_DATE))).datatype.value
    'http://www.w3.org/2001/XMLSchema#dateTime'
    >>> owl_literal(ox.Literal("2022-07", datatype=ox.NamedNode(_XSD + "gYearMonth"))).value
    '2022-07'
    """
    dt = lit.datatype.value
    if dt == _DATE:
        m = _DAY.match(lit.value)  # "2022-07-26", with an optional zone ("Z", "+05:00")
        if m:
            return ox.Literal(f"{m.group(1)}T00:00:00{m.group(2) or ''}", datatype=_DATETIME)
        return ox.Literal(lit.value)  # not a valid xsd:date (the shapes would have said so)
    if dt in _AS_STRING:
        return ox.Literal(lit.value)
    return lit


def owl_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with their literals retyped by :func:`owl_literal`, in the same order."""
    out = []
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and not o.language:
            o = owl_literal(o)
        out.append(ox.Triple(t.subject, t.predicate, o) if o is not t.object else t)
    return out


def owl_rdfxml(triples: Iterable[ox.Triple]) -> bytes:
    """RDF/XML of the (already sorted) triples, literals retyped for OWL 2 reasoners."""
    return ox.serialize(owl_triples(triples), format=ox.RdfFormat.RDF_XML, prefixes=DISPLAY_PREFIXES) or b""
