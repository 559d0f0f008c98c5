"""Validate a whole store with the SHACL shapes, article by article, and report.

The shapes compiled to SPARQL (:mod:`diplokg.graph.shapes.shaclsparql`) run once over every article graph of
the store; pySHACL then runs only on the articles that screen flags, to word their reports
(and to drop the screen's false positives). With a ``validator`` of one's own, articles are
validated with it in batches instead; a batch that does not conform is validated again article
by article, so every violation is attributed to its article.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox

from diplokg.graph.store.embedded import RESERVED_GRAPHS, Store, triples_to_rdflib

_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@dataclass
class StoreValidation:
    """The outcome of :func:`validate_store`: the reports of the articles that do not conform."""

    articles: int = 0
    #: (article IRI, ValidationReport) for every article whose report has results; those
    #: with only warnings or infos conform.
    failing: list[tuple[str, object]] = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return all(rep.conforms for _, rep in self.failing)

    @property
    def nonconforming(self) -> int:
        return sum(1 for _, rep in self.failing if not rep.conforms)

    @property
    def violations(self) -> int:
        return sum(len(rep.results) for _, rep in self.failing)

    def summary(self) -> str:
        n = f"{self.articles} article{'s' if self.articles != 1 else ''} validated"
        if not self.failing:
            return f"{n}: all conform"
        results = f"{self.violations} result{'s' if self.violations != 1 else ''}"
        if self.conforms:
            return f"{n}: all conform ({results}, warnings or infos, in {len(self.failing)})"
        return f"{n}: {self.nonconforming} do not conform ({results})"

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            reports = []
            for article, rep in self.failing:
                data = rep.to_json()
                reports.append({"article": article, "report": json.loads(data) if isinstance(data, str) else data})
            return json.dumps({"conforms": self.conforms, "articles": self.articles, "reports": reports},
                              indent=1, ensure_ascii=False) + "\n"
        if fmt == "turtle":
            import rdflib

            g = rdflib.Graph()
            g.bind("sh", "http://www.w3.org/ns/shacl#")
            if not self.failing:
                sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
                r = rdflib.BNode()
                g.add((r, rdflib.RDF.type, sh.ValidationReport))
                g.add((r, sh.conforms, rdflib.Literal(True)))
            for _, rep in self.failing:
                g.parse(data=rep.to_turtle(), format="turtle")
            return g.serialize(format="turtle")
        import rdflib

        parts = []
        for article, rep in self.failing:
            article_of = {r.focus: rdflib.URIRef(article) for r in rep.results}
            text = rep.to_text(labels=self.labels, article_of=article_of)
            parts.append(text if text.endswith("\n") else text + "\n")
        return "".join(parts)


def validate_store(store: Store, *, batch: int = 16, validator: Callable | None = None) -> StoreValidation:
    """SHACL-validate every article graph of ``store``."""
    articles = store.article_graphs()
    out = StoreValidation(articles=len(articles))
    if validator is None:
        from diplokg.graph.shapes.validate import validate_graph as validator

        # the compiled shapes call Python functions, which only an embedded store can run; a
        # remote store's articles are fetched and validated batch by batch
        if isinstance(store.oxigraph, ox.Store):
            suspects = _flagged_articles(store)
            articles = [a for a in articles if a in suspects]
            batch = 1  # each suspect is worded on its own
    for start in range(0, len(articles), max(1, batch)):
        chunk = articles[start:start + batch]
        if len(chunk) > 1:
            merged = triples_to_rdflib(t for a in chunk for t in store.triples(a))
            rep = validator(merged)
            if rep.conforms and not rep.results:
                continue
        for a in chunk:
            rep = validator(triples_to_rdflib(store.triples(a)))
            if rep.results:
                out.failing.append((a, rep))
    if out.failing:
        out.labels = _labels(store, out.failing)
    return out


def _flagged_articles(store: Store) -> set[str]:
    """The article graphs the compiled shapes flag (a superset of those pySHACL reports on)."""
    from diplokg.graph.shapes.shaclsparql import screen_store

    ranges = {p.value: d.value for p, d in store.declared_integer_ranges().items()}
    return set(screen_store(store.oxigraph, exclude=RESERVED_GRAPHS, ranges=ranges))


def _labels(store: Store, failing) -> dict:
    """``{focus node: rdfs:label}`` for the focus nodes of the failing reports (rdflib terms)."""
    import rdflib

    labels = {}
    for _, rep in failing:
        for r in rep.results:
            focus = r.focus
            if isinstance(focus, rdflib.URIRef) and focus not in labels:
                for q in store.oxigraph.quads_for_pattern(ox.NamedNode(str(focus)), _LABEL, None, ox.DefaultGraph()):
                    labels[focus] = q.object.value
                    break
    return labels
