"""Format names: RDF input and output formats, SPARQL result formats, extension sniffing.

The one place that maps what users type (``--format trig``, ``facts.ttl``) to pyoxigraph's
:class:`~pyoxigraph.RdfFormat`.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from diplokg.graph.model.errors import InputError

#: RDF formats ``diplokg ingest`` reads, by the name ``--format`` accepts.
RDF_INPUT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}

#: File name endings that mark an RDF file (anything else is read as news text).
RDF_EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
}

#: ``--format`` choices of ``diplokg ingest``: ``text`` forces news text, ``auto`` sniffs.
INGEST_FORMATS = ["auto", "text", *RDF_INPUT_FORMATS]

#: ``--format`` choices of ``diplokg export``.
EXPORT_FORMATS = ["turtle", "trig", "nquads", "jsonld", "owl"]

#: ``--format`` choices for query results (W3C SPARQL 1.1 result formats, plus a table).
RESULT_FORMATS = ["table", "csv", "tsv", "json"]

#: ``--format`` choices of ``diplokg validate``.
REPORT_FORMATS = ["text", "json", "turtle"]


def rdf_format_for(path: str | Path, fmt: str = "auto") -> str | None:
    """The RDF input format name for ``path``: ``fmt`` unless ``auto``; else from the extension.

    Returns None when the file should be read as news text.
    """
    if fmt == "text":
        return None
    if fmt != "auto":
        if fmt not in RDF_INPUT_FORMATS:
            raise InputError(str(path), f"unknown format {fmt!r} (choose from {', '.join(INGEST_FORMATS)})")
        return fmt
    return RDF_EXTENSIONS.get(Path(str(path)).suffix.lower())


def is_rdf_path(path: str | Path) -> bool:
    """True when the file name ends in an RDF extension."""
    return Path(str(path)).suffix.lower() in RDF_EXTENSIONS
