"""The compiled SHACL screen over a batch of articles, each in its own named graph.

Screening a batch as one graph (the union of its articles) flags what no article breaks alone:
two articles may give one agreement node a date each, and ``sh:maxCount 1`` fails the union;
then the whole batch went to pySHACL and again article by article (on the bench corpus a batch
of 256 cost 9.6 ms per article, one of 16 1.2 ms). Here each article stays in its own graph of
one in-memory store, the screen runs once over them all
(:func:`diplokg.graph.shapes.shaclsparql.screen_store`, the query bulk ingest runs), and only
the articles it flags are validated one by one.

The batch is written as N-Quads for Oxigraph to parse in one call. A batch whose terms Oxigraph
would not keep as pySHACL reads them (the checks of :mod:`diplokg.graph.io.bulkrdf`), that
holds blank nodes (their labels are scoped to the document, not to a graph), or whose lines do
not all come back as quads, is not screened so: the caller checks it item by item.
"""
from __future__ import annotations

from typing import Sequence

import pyoxigraph as ox

from diplokg.graph.io.bulkrdf import terms_survive
from diplokg.graph.io.inputs import Item
from diplokg.graph.store.embedded import in_graph

_END = b" .\n"


def clean_items(items: Sequence[Item]) -> list[bool] | None:
    """Per item, whether the screen passes it; None when the batch cannot be screened so."""
    parts, lines = [], 0
    for it in items:
        nt = it.ntriples
        n = nt.count(b"\n")
        if b"_:" in nt or nt.count(_END) != n or (nt and not nt.endswith(b"\n")):
            return None
        try:
            parts.append(in_graph(it.name, nt))  # the name as Oxigraph parses it, not as text
        except ValueError:
            return None
        lines += n
    data = b"".join(parts)
    if not terms_survive(data):
        return None
    store = ox.Store()
    try:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError):
        return None
    if len(store) != lines:  # a repeated line, two spellings of one value, one name twice
        return None
    from diplokg.graph.shapes.shaclsparql import screen_store

    flagged = screen_store(store, exclude=())
    return [it.name not in flagged for it in items]
