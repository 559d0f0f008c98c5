"""Labels a saved query's parameters name but the store does not know.

``diplokg query meetings --param state=Atlantis`` would quietly return no rows; instead the
command says that nothing in the store is called "Atlantis" and names the closest labels it
does hold (by rapidfuzz's weighted ratio). A parameter matches as the saved queries match
it: the ``rdfs:label`` or ``skos:altLabel`` of a state, organisation or person (any
``dkg:Agent``), in any case.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from diplokg.graph.queries.saved import SavedQuery, is_label

_AGENT_LABEL = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_KNOWN = _AGENT_LABEL + """ASK {{
  VALUES ?wanted {{ {value} }}
  ?node rdfs:label|skos:altLabel ?label .
  FILTER(LCASE(STR(?label)) = LCASE(STR(?wanted)))
  ?node a/rdfs:subClassOf* dkg:Agent .
}}"""
# the label as typed: an index lookup, where the case-blind _KNOWN reads every label in the store
_EXACT = _AGENT_LABEL + """ASK {{
  VALUES ?wanted {{ {value} }}
  ?node rdfs:label|skos:altLabel ?wanted .
  ?node a/rdfs:subClassOf* dkg:Agent .
}}"""
_ALL = _AGENT_LABEL + """SELECT DISTINCT ?label WHERE {
  ?node rdfs:label|skos:altLabel ?label .
  ?node a/rdfs:subClassOf* dkg:Agent .
}"""


@dataclass
class UnknownLabel:
    """A parameter value that is no agent's label, with the closest labels the store holds."""

    param: str
    value: str
    closest: list[str] = field(default_factory=list)

    def message(self, name: str | None = None) -> str:
        """What to tell the user; ``name`` is how they gave the parameter (default: its name)."""
        hint = (f" (closest: {', '.join(repr(c) for c in self.closest)})" if self.closest
                else " (none of its labels comes close)")
        return f"{name or self.param}={self.value}: no state, organisation or person in the store has this label{hint}"


def unknown_labels(store, query: SavedQuery, values: dict[str, str], *, limit: int = 3) -> list[UnknownLabel]:
    """The label parameters in ``values`` that match nothing in ``store``."""
    from diplokg.graph.queries.run import run_query

    out = []
    all_labels: list[str] | None = None
    for name, value in values.items():
        if value is None or not value.strip() or not is_label(query.param(name), value):
            continue
        literal = ox.Literal(value)
        if run_query(store, _EXACT.format(value=literal), check=False).boolean or \
                run_query(store, _KNOWN.format(value=literal), check=False).boolean:
            continue
        if all_labels is None:
            rows = run_query(store, _ALL, check=False).rows
            all_labels = sorted({row[0].value for row in rows if row[0] is not None})
        out.append(UnknownLabel(name, value, closest_labels(value, all_labels, limit=limit)))
    return out


def closest_labels(value: str, labels: list[str], *, limit: int = 3, cutoff: float = 45.0) -> list[str]:
    """The ``limit`` labels most like ``value`` (rapidfuzz WRatio, case ignored), best first.

    >>> closest_labels("japn", ["Japan", "Jordan", "Pakistan"], limit=1)
    ['Japan']
    """
    from rapidfuzz import fuzz, process, utils

    found = process.extract(value, labels, scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=limit, score_cutoff=cutoff)
    return [label for label, _score, _index in found]
