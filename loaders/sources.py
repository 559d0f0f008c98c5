"""Stage 0: read articles from files, folders, stdin and JSON Lines corpora."""
from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Iterator, Sequence

from graph.errors import InputError


@dataclass(frozen=True)
class SourceText:
    """One article's text and what is known about where it came from."""

    key: str  # stable identity: JSON Lines id or URL, else the absolute file path
    location: str  # what users are shown: a path, a URL, "<stdin>"
    text: str
    url: str | None = None
    published: str | None = None  # ISO date from metadata, if any
    title: str | None = None


def iter_sources(paths: Sequence[str], *, stdin: IO[bytes] | None = None) -> Iterator[SourceText]:
    """Yield the articles named by ``paths`` (files, folders of *.txt, ``-`` for stdin, *.jsonl).

    Raises InputError naming the file and the reason for anything unreadable.
    """
    # placeholder until the loaders land: UTF-8 files only
    import pathlib

    for p in paths:
        path = pathlib.Path(p)
        if not path.exists():
            raise InputError(p, "no such file or folder")
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for f in files:
            yield SourceText(key=str(f.resolve()), location=str(f), text=f.read_text(encoding="utf-8"))
