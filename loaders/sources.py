"""Stage 0: read articles from files, folders, stdin and JSON Lines corpora.

Text is decoded strictly: UTF-8 (with or without BOM) first, then a legacy encoding
detected by charset-normalizer when it is confident; anything else is refused with a
message naming the file, so no mojibake ever reaches the graph.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, Sequence

from diplokg.graph.model.errors import InputError

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a news article is kilobytes; more is a wrong file
MAX_CORPUS_LINE_BYTES = MAX_ARTICLE_BYTES
TEXT_SUFFIXES = {".txt"}  # what a folder scan picks up; a named file may have any suffix
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class SourceText:
    """One article's text and what is known about where it came from."""

    key: str  # stable identity: JSON Lines id or URL, else the absolute file path
    location: str  # what users are shown: a path, a URL, "<stdin>"
    text: str
    url: str | None = None
    published: str | None = None  # ISO date from metadata, if any
    title: str | None = None


def decode(data: bytes, where: str) -> str:
    """Decode article bytes, refusing binary data and undecidable encodings."""
    if not data.strip():
        raise InputError(where, "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(where, "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, where)
    if _control_ratio(text) > 0.05:
        raise InputError(where, "binary file (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(where, "not UTF-8 and no other text encoding fits; convert it to UTF-8")
    if best.chaos > 0.2:
        raise InputError(where, f"not UTF-8; looks like {best.encoding} but decodes badly; convert it to UTF-8")
    return str(best)


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(sample)


def _read_bytes(path: Path, where: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(where, f"file is {size // 1024 // 1024} MB; an article must be under "
                                    f"{MAX_ARTICLE_BYTES // 1024 // 1024} MB (split corpora into JSON Lines)")
        return path.read_bytes()
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder") from None
    except OSError as e:
        raise InputError(where, f"cannot read: {e.strerror or e}") from None


def read_text_file(path: Path) -> SourceText:
    where = str(path)
    text = decode(_read_bytes(path, where), where)
    return SourceText(key=str(path.resolve()), location=where, text=text)


def read_corpus(path: Path) -> Iterator[SourceText]:
    """Yield the articles of a JSON Lines corpus, one JSON object per line."""
    where = str(path)
    try:
        handle = path.open("rb")
    except OSError as e:
        raise InputError(where, f"cannot read: {e.strerror or e}") from None
    with handle:
        seen_any = False
        for number, raw in enumerate(handle, start=1):
            at = f"{where}:{number}"
            if len(raw) > MAX_CORPUS_LINE_BYTES:
                raise InputError(at, "line is too large for one article")
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise InputError(at, "not UTF-8; JSON Lines must be UTF-8") from None
            except json.JSONDecodeError as e:
                raise InputError(at, f"malformed JSON ({e.msg})") from None
            seen_any = True
            yield record_source(record, at, default_key=f"{path.resolve()}:{number}")
        if not seen_any:
            raise InputError(where, "file is empty")


def record_source(record: dict, where: str, *, default_key: str | None = None) -> SourceText:
    """One corpus record ``{"id", "url", "published", "title", "text"}`` as a SourceText
    (``where`` names it in errors; ``default_key`` identifies it when it has no id or url)."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(where, 'a record must be a JSON object with a "text" string')
    if not record["text"].strip():
        raise InputError(where, "article text is empty")
    ident = record.get("id") or record.get("url") or default_key
    if not ident:
        raise InputError(where, 'a record needs an "id" or a "url"')
    published = record.get("published")
    return SourceText(
        key=str(ident),
        location=str(record.get("url") or where),
        text=record["text"].replace("\r\n", "\n"),
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        published=published if isinstance(published, str) else None,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
    )


def iter_sources(paths: Sequence[str], *, stdin: IO[bytes] | None = None) -> Iterator[SourceText]:
    """Yield the articles named by ``paths``: files, folders of *.txt / *.jsonl, ``-`` for stdin.

    Raises InputError naming the file and the reason for anything unreadable.
    """
    for p in paths:
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                raise InputError("<stdin>", "input is too large for one article")
            text = decode(data, "<stdin>")
            from diplokg.graph.model.iris import digest

            yield SourceText(key="stdin:" + digest(text), location="<stdin>", text=text)
            continue
        path = Path(p)
        if not path.exists():
            raise InputError(p, "no such file or folder")
        if path.is_dir():
            files = sorted(f for f in path.rglob("*")
                           if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES | CORPUS_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not files:
                raise InputError(p, "folder holds no articles (*.txt or *.jsonl)")
            for f in files:
                yield from _read_path(f)
        else:
            yield from _read_path(path)


def _read_path(path: Path) -> Iterator[SourceText]:
    if path.suffix.lower() in CORPUS_SUFFIXES:
        yield from read_corpus(path)
    else:
        yield read_text_file(path)
