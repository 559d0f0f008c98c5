"""The Python API: ``kg = diplokg.open(path | endpoint)``, then ingest, query, sparql, extract.

The same library calls the command line makes, with Python values in and out:

>>> import diplokg
>>> kg = diplokg.open(":memory:")                      # a folder path, an endpoint URL, or in memory
>>> kg.ingest(["examples/kenya-ghana-call.txt"]).summary()[:18]
'ingested 1 article'
>>> rows = kg.query("meetings", state="Ghana")
>>> sorted({r["participant"] for r in rows if r["participant"]})
['Akosua Mensah', 'Kwame Asante', 'Wanjiru Odhiambo']
>>> kg.sparql("ASK { ?s a dkg:PhoneCall }")              # the prefixes diplokg prints need no PREFIX
True
>>> facts = kg.extract("Japan's Foreign Minister Taro Sato met Chile's Foreign Minister Ana Reyes in Tokyo on 3 May 2021.")
>>> [(r["type"], r["label"], r["date"]) for r in facts.rows() if r["type"] != "Post"]
[('Meeting', 'Meeting of Taro Sato and Ana Reyes', '2021-05-03')]

An on-disk store is opened for each call and let go after it, as the command line does, so
``diplokg ingest`` or ``diplokg serve`` can use it between two calls of a notebook.
"""
from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path
from typing import Iterable, Iterator

from diplokg.rows import Rows

MEMORY = ":memory:"


def open(location: str | os.PathLike | None = None, *, update_endpoint: str | None = None,  # noqa: A001
         graph_store: str | None = None) -> "KnowledgeGraph":
    """The knowledge graph at ``location``: a store folder (default: ``$DIPLOKG_STORE`` or
    ``./.diplokg``), the query URL of a SPARQL 1.1 server (``http://...``; credentials from
    ``$DIPLOKG_ENDPOINT_AUTH``), or ``":memory:"`` for a store that lives as long as the object."""
    return KnowledgeGraph(location, update_endpoint=update_endpoint, graph_store=graph_store)


class KnowledgeGraph:
    """A diplokg store, embedded or remote; see :func:`open`."""

    def __init__(self, location: str | os.PathLike | None = None, *, update_endpoint: str | None = None,
                 graph_store: str | None = None):
        from diplokg.graph.store.embedded import Store, store_path

        self.endpoint: str | None = None
        self.path: Path | None = None
        self._memory = None
        loc = None if location is None else str(location)
        if loc == MEMORY:
            self._memory = Store()
        elif loc is not None and loc.lower().startswith(("http://", "https://")):
            self.endpoint = loc
        else:
            self.path = store_path(loc)
        self._remote = {"update_endpoint": update_endpoint, "graph_store": graph_store}

    def __repr__(self) -> str:
        where = self.endpoint or (str(self.path) if self.path else MEMORY)
        return f"<diplokg.KnowledgeGraph {where}>"

    @contextlib.contextmanager
    def _store(self, *, create: bool = False) -> Iterator:
        if self._memory is not None:
            yield self._memory
            return
        if self.endpoint:
            from diplokg.graph.store.remote import RemoteStore

            s = RemoteStore(self.endpoint, **self._remote)
        else:
            from diplokg.graph.store.embedded import Store

            s = Store(self.path, create=create)
        try:
            yield s
        finally:
            s.close()

    # -- writing ---------------------------------------------------------------------------------

    def ingest(self, paths: str | os.PathLike | Iterable[str | os.PathLike], *, jobs: int = 1):
        """Read, validate and commit news articles or RDF files (as ``diplokg ingest``); returns
        the :class:`~diplokg.graph.io.ingest.IngestResult` (``.summary()``, ``.failed``, ...)."""
        from diplokg.graph.io.ingest import ingest

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        with self._store(create=True) as s:
            return ingest(s, [str(p) for p in paths], jobs=jobs)

    # -- reading ---------------------------------------------------------------------------------

    def queries(self) -> dict:
        """The saved queries by name (each with ``title``, ``description`` and ``params``)."""
        from diplokg.graph.queries.saved import load_saved_queries

        return load_saved_queries()

    def query(self, name: str, *, timeout: float | None = None, **params: str) -> Rows:
        """Run saved query ``name`` with its parameters as keywords: ``kg.query("meetings",
        state="Japan")``. A label nothing in the store has gives a warning naming the closest."""
        from diplokg.graph.queries.labels import unknown_labels
        from diplokg.graph.queries.run import run_saved, saved_query

        values = {k: str(v) for k, v in params.items() if v is not None}
        saved = saved_query(name)
        saved.bind(values)
        with self._store() as s:
            result = run_saved(s, name, values, timeout=timeout)
            unknown = unknown_labels(s, saved, values)
        for u in unknown:
            warnings.warn(u.message(), UserWarning, stacklevel=2)
        return Rows.of(result)

    def sparql(self, text: str, *, timeout: float | None = None):
        """Run read-only SPARQL: SELECT gives :class:`Rows`, ASK a bool, CONSTRUCT/DESCRIBE an
        rdflib Graph. The prefixes diplokg prints (``dkg:``, ``dkgr:``, ``rdfs:``...) need no
        PREFIX line."""
        from diplokg.graph.queries.run import run_query
        from diplokg.graph.queries.syntax import DEFAULT_PREFIXES

        with self._store() as s:
            result = run_query(s, text, timeout=timeout, prefixes=DEFAULT_PREFIXES)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            from diplokg.graph.store.embedded import triples_to_rdflib

            return triples_to_rdflib(result.triples)
        return Rows.of(result)

    def validate(self):
        """SHACL-validate the whole store (``.conforms``, ``.summary()``, ``.render("text")``)."""
        from diplokg.graph.shapes.storecheck import validate_store

        with self._store() as s:
            return validate_store(s)

    def export(self, fmt: str = "turtle", *, ontology: bool = True) -> bytes:
        """The whole graph as ``diplokg export --format fmt`` writes it."""
        from diplokg.graph.io.export import export_bytes

        with self._store() as s:
            return export_bytes(s, fmt, ontology=ontology)

    # -- without the store -----------------------------------------------------------------------

    def extract(self, text: str, **meta) -> "Extracted":
        """What one article (a string) yields, validated, without touching the store: see
        :class:`Extracted`. ``meta`` may give ``url``, ``published`` (ISO date), ``title``, ``key``."""
        return extract(text, **meta)

    def close(self) -> None:
        """Let go of an in-memory store (on-disk and remote stores are never held between calls)."""
        if self._memory is not None:
            self._memory.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Extracted:
    """One article's extraction: ``facts`` (the loaders' typed dataclasses), ``rows()`` (one per
    fact and sentence, as ``diplokg extract`` shows them), ``turtle()``, and the shapes' verdict
    (``conforms``, ``report``)."""

    def __init__(self, extraction):
        self._ex = extraction
        self.facts = extraction.facts
        self.report = extraction.report

    @property
    def conforms(self) -> bool:
        return self._ex.conforms

    def rows(self) -> Rows:
        from diplokg.graph.io.extraction import facts_result

        return Rows.of(facts_result([self._ex]))

    def turtle(self) -> str:
        from diplokg.graph.io.extraction import render_extractions

        return render_extractions([self._ex], "turtle").decode("utf-8")

    def __repr__(self) -> str:
        return f"<diplokg.Extracted {self.facts.count()} facts, {'conforms' if self.conforms else 'does not conform'}>"


def extract(text: str, **meta) -> Extracted:
    """:meth:`KnowledgeGraph.extract` without a knowledge graph."""
    from diplokg.graph.io.extraction import extract_text

    return Extracted(extract_text(text, **meta))


def extract_partition(records: Iterable[dict], *, now: str | None = None) -> bytes:
    """N-Quads of the valid article graphs of ``records`` (``{"id", "url", "published",
    "title", "text"}`` dicts): a pure function to map over a corpus's partitions; ``diplokg
    ingest`` loads the shards (see :func:`diplokg.graph.io.extraction.extract_partition`)."""
    from diplokg.graph.io.extraction import extract_partition as run

    return run(records, now=now)
