"""Results written as their rows come: CSV, TSV and JSON without holding every row.

:func:`chunks` yields the text of a SELECT result piece by piece, byte for byte what
:func:`diplokg.graph.queries.run.render` returns for the same rows, so a listing of 100,000
rows starts at once and needs no more memory than a row. :func:`page_note` is the line below a
table that shows one page of the rows.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator

import pyoxigraph as ox

from diplokg.graph.queries.run import _tsv_term, term_json


def chunks(variables: list[str], rows: Iterable[tuple], fmt: str) -> Iterator[str]:
    """The result in ``fmt`` (``csv``, ``tsv`` or ``json``), a piece of text at a time."""
    return {"csv": _csv, "tsv": _tsv, "json": _json}[fmt](variables, rows)


def _csv(variables: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    n = 0
    for row in rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                    for t in row])
        n += 1
        if n % 512 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _tsv(variables: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    yield "\t".join("?" + v for v in variables) + "\n"
    for row in rows:
        yield "\t".join("" if t is None else _tsv_term(t) for t in row) + "\n"


def _json(variables: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    # json.dumps(..., indent=1) of the whole result, written a binding at a time
    head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False, indent=1)
    yield head[:-2] + ',\n "results": {\n  "bindings": ['
    first = True
    for row in rows:
        binding = {v: term_json(t) for v, t in zip(variables, row) if t is not None}
        text = json.dumps(binding, ensure_ascii=False, indent=1).replace("\n", "\n   ")
        yield ("\n   " if first else ",\n   ") + text
        first = False
    yield "]\n }\n}\n" if first else "\n  ]\n }\n}\n"


def page_note(shown: int, offset: int, total: int | None) -> str:
    """``(rows 1-100 of 23,044; --limit and --offset for others)`` below a table's page."""
    if total is None or (offset == 0 and shown == total):
        return f"({shown} row{'s' if shown != 1 else ''})"
    if shown == 0:
        return f"(no rows from {offset + 1:,}; {total:,} in all)"
    return f"(rows {offset + 1:,}-{offset + shown:,} of {total:,}; --limit and --offset show others)"
