"""Compose the loader stages: SourceText → facts → triples, one direction only."""
from __future__ import annotations

from dataclasses import dataclass

import rdflib

from diplokg.graph.model import iris
from diplokg.loaders.extract import extract_facts
from diplokg.loaders.facts import ArticleFacts
from diplokg.loaders.sources import SourceText
from diplokg.loaders.triples import to_graph


@dataclass
class Extraction:
    """One article's extraction: the named graph it goes into, its facts and its triples."""

    article_iri: str
    graph: rdflib.Graph
    facts: ArticleFacts


def extract(source: SourceText) -> Extraction:
    """Read one article and return its facts as triples, ready for SHACL and the store."""
    facts = extract_facts(source)
    return Extraction(iris.article(source.key), to_graph(facts), facts)
