"""Mint every IRI diplokg writes, deterministically, in one place.

The same real thing gets the same IRI in every article (states by ISO code, persons by
their folded name tokens), and an event gets the same IRI whenever it is reported with the
same type, date and participants, so a second article adds evidence instead of a copy.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

ID = "https://w3id.org/diplokg/id/"
GRAPH = "https://w3id.org/diplokg/graph/"


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-") or "unnamed"


def digest(*parts: object) -> str:
    """A short stable hash of the parts (order matters; sort sets before calling)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:16]


def person_key(name: str) -> str:
    """Order-free name key: "Mori Kenji" and "Kenji Mori" are one person."""
    return "-".join(sorted(fold(name).split())) or "unnamed"


def state(iso2: str) -> str:
    return f"{ID}state/{iso2.upper()}"


def organisation(name_key: str) -> str:
    return f"{ID}org/{slug(name_key)}"


def person(name: str) -> str:
    return f"{ID}person/{person_key(name)}"


def place(name: str, country: str | None = None) -> str:
    suffix = f"-{country.lower()}" if country else ""
    return f"{ID}place/{slug(name)}{suffix}"


def post(person_iri: str, position: str, state_iri: str, accredited_iri: str | None) -> str:
    return f"{ID}post/{digest(person_iri, slug(position), state_iri, accredited_iri or '')}"


def event(kind: str, date: str | None, actors: Iterable[str], place_iri: str | None = None) -> str:
    """An event of ``kind`` (meeting, call, visit...) on ``date`` among ``actors`` (IRIs)."""
    return f"{ID}{slug(kind)}/{digest(kind, date or '', *sorted(set(actors)), place_iri or '')}"


def agreement(title: str, parties: Iterable[str]) -> str:
    return f"{ID}agreement/{digest(fold(title), *sorted(set(parties)))}"


def dialogue(name: str, parties: Iterable[str]) -> str:
    return f"{ID}dialogue/{digest(fold(name), *sorted(set(parties)))}"


def relation(party_a: str, party_b: str) -> str:
    a, b = sorted((party_a.rsplit("/", 1)[-1], party_b.rsplit("/", 1)[-1]))
    return f"{ID}relation/{a}-{b}"


def mission(kind: str, sending_iri: str, location_iri: str) -> str:
    return f"{ID}mission/{digest(slug(kind), sending_iri, location_iri)}"


def article(source_key: str) -> str:
    return f"{ID}article/{digest(source_key)}"


def span(article_iri: str, start: int, end: int) -> str:
    return f"{article_iri}/span/{start}-{end}"


def topic(label: str) -> str:
    """A dialogue topic concept; the canonical ones are declared in the ontology's scheme."""
    return "https://w3id.org/diplokg/topic/" + slug(label)


ONTOLOGY_GRAPH = f"{GRAPH}ontology"
