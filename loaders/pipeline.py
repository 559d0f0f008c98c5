"""Compose the loader stages: SourceText → validated-ready rdflib Graph."""
from __future__ import annotations

from dataclasses import dataclass

import rdflib

from loaders.sources import SourceText


@dataclass
class Extraction:
    """One article's extraction: the named graph it goes into, and its triples."""

    article_iri: str
    graph: rdflib.Graph


def extract(source: SourceText) -> Extraction:
    """Read one article and return its facts as triples (placeholder: article node only)."""
    import hashlib

    from rdflib import RDF, Literal, URIRef

    dkg = rdflib.Namespace("https://w3id.org/diplokg/ontology#")
    iri = "https://w3id.org/diplokg/id/article/" + hashlib.sha256(source.key.encode()).hexdigest()[:16]
    g = rdflib.Graph()
    a = URIRef(iri)
    g.add((a, RDF.type, dkg.Article))
    g.add((a, dkg.sourceLocation, Literal(source.location)))
    g.add((a, dkg.textHash, Literal("sha256:" + hashlib.sha256(source.text.encode()).hexdigest())))
    return Extraction(iri, g)
