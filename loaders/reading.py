"""Read an article into a linked document: mentions linked (``linking``), then nominals,
pronouns and states resolved across sentences (``coreference``).

Its own module so that ``coreference``, which builds on ``linking``'s records, is not imported
back by it.
"""
from __future__ import annotations

from diplokg.loaders.coreference import infer_states, resolve_nominals
from diplokg.loaders.linking import Doc, link


def read(text: str, *, published: str | None = None) -> Doc:
    """The article's sentences, mentions, persons, posts and agents, resolved across sentences."""
    doc = link(text, published=published)
    infer_states(doc)
    resolve_nominals(doc)
    infer_states(doc)
    return doc
