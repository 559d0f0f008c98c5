"""Small, hand-made article graphs for the store, CLI and export tests (no loaders involved).

Each sample article describes one meeting between two states, with its evidence span and the
article's metadata, following docs/model.md. Articles share state descriptions (label, type),
so the merged default graph must de-duplicate them.
"""
from __future__ import annotations

import hashlib

DKG = "https://w3id.org/diplokg/ontology#"
ID = "https://w3id.org/diplokg/id/"
STATES = [("JP", "Japan"), ("PK", "Pakistan"), ("IN", "India"), ("KE", "Kenya"), ("GH", "Ghana"),
          ("CL", "Chile"), ("NZ", "New Zealand"), ("PT", "Portugal"), ("EE", "Estonia")]


def article_iri(i: int) -> str:
    return f"{ID}article/sample{i:04d}"


def article_turtle(i: int, *, headline: str | None = None) -> str:
    """Turtle for sample article ``i`` (without a graph name)."""
    a = article_iri(i)
    (c1, n1), (c2, n2) = STATES[i % len(STATES)], STATES[(i + 1) % len(STATES)]
    sentence = f"Officials of {n1} and {n2} met on {2020 + i % 5}-0{1 + i % 9}-1{i % 10}."
    text_hash = "sha256:" + hashlib.sha256(sentence.encode()).hexdigest()
    meeting = f"{ID}meeting/sample{i:04d}"
    span = f"{a}/span/0-{len(sentence)}"
    return f"""@prefix dkg: <{DKG}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{a}> a dkg:Article ;
    dkg:sourceLocation "sample-{i}.txt" ;
    dkg:headline "{headline or sentence}" ;
    dkg:textHash "{text_hash}" ;
    dkg:extractorVersion "sample" ;
    dkg:ingestedAt "2024-01-01T00:00:00Z"^^xsd:dateTime .
<{ID}state/{c1}> a dkg:State ; rdfs:label "{n1}" ; dkg:iso3166Alpha2 "{c1}" .
<{ID}state/{c2}> a dkg:State ; rdfs:label "{n2}" ; dkg:iso3166Alpha2 "{c2}" .
<{meeting}> a dkg:Meeting ; dkg:party <{ID}state/{c1}>, <{ID}state/{c2}> ;
    dkg:date "{2020 + i % 5}-0{1 + i % 9}-1{i % 10}"^^xsd:date ;
    dkg:evidence <{span}> .
<{span}> a dkg:TextSpan ; dkg:inArticle <{a}> ; dkg:spanText "{sentence}" ;
    dkg:startOffset "0"^^xsd:nonNegativeInteger ; dkg:endOffset "{len(sentence)}"^^xsd:nonNegativeInteger .
"""


def trig(indices) -> str:
    """TriG holding the sample articles ``indices``, one named graph each."""
    parts = []
    for i in indices:
        body = article_turtle(i)
        prefixes = "".join(line + "\n" for line in body.splitlines() if line.startswith("@prefix"))
        triples = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix"))
        parts.append(prefixes + f"<{article_iri(i)}> {{\n{triples}\n}}\n")
    return "\n".join(parts)


def triple_count(i: int) -> int:
    import rdflib

    return len(rdflib.Graph().parse(data=article_turtle(i), format="turtle"))
