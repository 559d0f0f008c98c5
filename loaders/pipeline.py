"""Compose the loader stages: SourceText → facts → triples, one direction only."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import rdflib

from diplokg.graph.model import iris
from diplokg.loaders.extract import extract_facts
from diplokg.loaders.facts import ArticleFacts
from diplokg.loaders.sources import SourceText
from diplokg.loaders.triples import as_graph, ntriples, to_triples


@dataclass
class Extraction:
    """One article's extraction: the named graph it goes into, its facts and its triples
    (rdflib terms; :attr:`graph` and :attr:`ntriples` give them as a graph or as text)."""

    article_iri: str
    triples: tuple[tuple, ...]
    facts: ArticleFacts

    @cached_property
    def graph(self) -> rdflib.Graph:
        return as_graph(self.triples)

    @cached_property
    def ntriples(self) -> bytes:
        return ntriples(self.triples)


def extract(source: SourceText) -> Extraction:
    """Read one article and return its facts as triples, ready for SHACL and the store."""
    facts = extract_facts(source)
    return Extraction(iris.article(source.key), to_triples(facts), facts)
