"""Stage 0: read articles from files, folders, stdin and JSON Lines corpora.

Text is decoded strictly (:func:`decode`): UTF-8 (with or without a byte order mark) and
UTF-16 or UTF-32 with a byte order mark are read as they are. Anything else is read only when
its encoding is certain: it holds no valid UTF-8 sequence (else it is damaged UTF-8), and every
common 8-bit code page that reads it as clean text (no control characters, no box-drawing
signs, no word mixing scripts, no stray symbol) reads it the same. Otherwise the file is
refused with a message naming it and the offset of the byte in doubt, so no mojibake ever
reaches the graph.

An article's identity (:attr:`SourceText.key`, from which its IRI is minted) is its URL or
corpus id when it has one, else its text: the same text read from two files or from stdin is
one article. Where it was read (:attr:`SourceText.location`, an absolute path) is kept apart;
ingesting an edited file from the same place replaces the article read there before.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator, Sequence

from diplokg.graph.model.errors import InputError
from diplokg.graph.model.files import open_regular_file, os_reason, read_regular_file

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a news article is kilobytes; more is a wrong file
MAX_CORPUS_LINE_BYTES = MAX_ARTICLE_BYTES
TEXT_SUFFIXES = {".txt"}  # what a folder scan picks up; a named file may have any suffix
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}
STDIN_LOCATION = "<stdin>"


@dataclass(frozen=True)
class SourceText:
    """One article's text and what is known about where it came from."""

    key: str  # identity: URL or corpus id when known, else content_key(text)
    location: str  # where it was read: an absolute path, "path:line", a URL, "<stdin>"
    text: str
    url: str | None = None
    published: str | None = None  # ISO date from metadata, if any
    title: str | None = None


def content_key(text: str) -> str:
    """The identity of an article known only by its text: a hash of the text, leading and
    trailing blank space left out (line endings are already normalised by :func:`decode`)."""
    return "sha256:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


# -- decoding ---------------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
         (b"\xfe\xff", "utf-16-be", "UTF-16"))
#: The 8-bit code pages a text without a byte order mark may be in (Western, Central European,
#: Cyrillic, Greek, Turkish, Baltic). A text is read only when all that read it cleanly agree.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r")
# non-letters a legacy text may hold: typographic punctuation and common signs
_TYPOGRAPHIC = set("\u00a0\u00ad¡¿«»‹›–—‘’‚“”„…•·°€£¥¢©®™§¶†‡‰′″×÷±½¼¾´¨¸ªº")


def decode(data: bytes, where: str) -> str:
    """Decode article bytes, refusing binary data and undecidable encodings (see the module)."""
    if not data.strip():
        raise InputError(where, "file is empty")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(where, f"not valid {name}: bad bytes at byte offset {len(bom) + e.start}") from None
            break
    else:
        if b"\x00" in data[:8192]:
            raise InputError(where, "binary file (contains NUL bytes), not text "
                                    "(UTF-16 and UTF-32 text needs a byte order mark)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = _decode_legacy(data, where, e.start)
    if not text.strip():
        raise InputError(where, "file is empty")
    if _control_ratio(text) > 0.05:
        raise InputError(where, "binary file (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes, where: str, first_bad: int) -> str:
    """``data`` (not UTF-8; its first bad byte at ``first_bad``) in the one legacy encoding
    that fits, or InputError naming the offset of the byte in doubt."""
    byte = f"byte 0x{data[first_bad]:02X} at offset {first_bad}"
    if any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF
           for c in data.decode("utf-8", errors="surrogateescape")):
        # valid multi-byte UTF-8 around an invalid byte: damaged UTF-8, not another encoding
        raise InputError(where, f"not valid UTF-8: {byte}, where other bytes read as UTF-8 (a damaged file?); "
                                "convert it to UTF-8")
    readings: dict[str, str] = {}
    for codec in LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if is_clean_text(text):
            readings.setdefault(text, codec)
    if len(readings) == 1:
        return next(iter(readings))
    if not readings:
        raise InputError(where, f"not UTF-8 and no common encoding reads it as clean text ({byte}); "
                                "convert it to UTF-8")
    (a, ca), (b, cb) = list(readings.items())[:2]
    at = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)  # 8-bit: character i is byte i
    raise InputError(where, f"not UTF-8 and its encoding is uncertain: byte 0x{data[at]:02X} at offset {at} "
                            f"reads as {a[at]!r} in {ca} but {b[at]!r} in {cb}; convert it to UTF-8")


def is_clean_text(text: str) -> bool:
    """Whether ``text`` reads as running text: no control characters but white space, no
    box-drawing or block signs, no symbol but common typography, no word mixing scripts."""
    script = None  # the script of the letters of the current word
    for c in text:
        o = ord(c)
        if o < 0x80:
            if o < 0x20 and c not in "\t\n\r\f" or o == 0x7F:
                return False
            script = "LATIN" if c.isalpha() else None
            continue
        if c.isalpha():
            s = unicodedata.name(c, "?").split(" ", 1)[0]
            if script is not None and s != script:
                return False
            script = s
            continue
        script = None
        if c not in _TYPOGRAPHIC:
            return False  # C1 controls, box drawing, blocks, stray symbols
    return True


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(sample)


# -- reading ----------------------------------------------------------------------------------

def _where(path: Path) -> str:
    """Where a file was read, the same however it was named (relative, absolute, ./x)."""
    return str(Path(os.path.abspath(path)))


def read_text_file(path: Path) -> SourceText:
    where = str(path)
    data = read_regular_file(path, where, max_bytes=MAX_ARTICLE_BYTES,
                             too_large=f"file is over {MAX_ARTICLE_BYTES // 1024 // 1024} MB; an article must be "
                                       "smaller (split corpora into JSON Lines)")
    text = decode(data, where)
    return SourceText(key=content_key(text), location=_where(path), text=text)


def read_corpus(path: Path, on_error: Callable[[InputError], None] | None = None) -> Iterator[SourceText]:
    """Yield the articles of a JSON Lines corpus, one JSON object per line.

    A bad line raises InputError naming the file and line, or, with ``on_error``, is passed to
    it and skipped.
    """
    where = str(path)
    seen_any = False
    with open_regular_file(path, where) as handle:
        try:
            for number, raw in enumerate(handle, start=1):
                try:
                    source = _corpus_record(path, number, raw)
                except InputError as exc:
                    if on_error is None:
                        raise
                    on_error(exc)
                    seen_any = True
                    continue
                if source is not None:
                    seen_any = True
                    yield source
        except OSError as exc:
            raise InputError(where, os_reason(exc)) from None
    if not seen_any:
        raise InputError(where, "file is empty")


def _corpus_record(path: Path, number: int, raw: bytes) -> SourceText | None:
    at = f"{path}:{number}"
    if len(raw) > MAX_CORPUS_LINE_BYTES:
        raise InputError(at, "line is too large for one article")
    if not raw.strip():
        return None
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputError(at, f"not UTF-8 (byte offset {e.start} in the line); JSON Lines must be UTF-8") from None
    except json.JSONDecodeError as e:
        raise InputError(at, f"malformed JSON ({e.msg})") from None
    except RecursionError:
        raise InputError(at, "malformed JSON (nested too deeply)") from None
    return record_source(record, f"{_where(path)}:{number}", at=at)


def record_source(record: dict, where: str, *, at: str | None = None) -> SourceText:
    """One corpus record ``{"id", "url", "published", "title", "text"}`` as a SourceText.

    ``where`` is its location when it has no URL; ``at`` names it in errors [default: ``where``].
    It is known by its id, else its URL, else its text.
    """
    at = at or where
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(at, 'a record must be a JSON object with a "text" string')
    text = record["text"].replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(at, "article text is empty")
    url = record.get("url") if isinstance(record.get("url"), str) and record["url"].strip() else None
    ident = record.get("id")
    ident = str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else None
    published = record.get("published")
    return SourceText(
        key=ident or url or content_key(text),
        location=url or where,
        text=text,
        url=url,
        published=published if isinstance(published, str) else None,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
    )


def iter_sources(paths: Sequence[str], *, stdin: IO[bytes] | None = None,
                 on_error: Callable[[InputError], None] | None = None) -> Iterator[SourceText]:
    """Yield the articles named by ``paths``: files, folders of *.txt / *.jsonl, ``-`` for stdin.

    Anything unreadable raises InputError naming the file and the reason, or, with
    ``on_error``, is passed to it and skipped (the next file is read).
    """
    for p in paths:
        try:
            if p == "-":
                yield read_stdin(stdin)
                continue
            files = folder_files(p) if Path(p).is_dir() else [Path(p)]
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        for f in files:
            try:
                yield from _read_path(f, on_error)
            except InputError as exc:
                if on_error is None:
                    raise
                on_error(exc)


def read_stdin(stdin: IO[bytes] | None = None) -> SourceText:
    """The one article on standard input (its identity is its text, as for a file)."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(STDIN_LOCATION, "input is too large for one article")
    text = decode(data, STDIN_LOCATION)
    return SourceText(key=content_key(text), location=STDIN_LOCATION, text=text)


def folder_files(folder: str, *, allow_empty: bool = False) -> list[Path]:
    """The article files of a folder and its sub-folders (*.txt, *.jsonl; hidden ones left out),
    sorted. A non-regular file among them is listed, to be refused by name when read. None is
    an InputError unless ``allow_empty``."""
    path = Path(folder)
    try:
        if not path.exists():
            raise InputError(folder, "no such file or folder")
        os.listdir(path)  # an unreadable folder raises here (rglob would skip it silently)
        files = sorted(f for f in path.rglob("*")
                       if f.suffix.lower() in TEXT_SUFFIXES | CORPUS_SUFFIXES and not f.is_dir()
                       and not any(part.startswith(".") for part in f.relative_to(path).parts))
    except OSError as exc:
        raise InputError(folder, os_reason(exc)) from None
    if not files and not allow_empty:
        raise InputError(folder, "folder holds no articles (*.txt or *.jsonl)")
    return files


def _read_path(path: Path, on_error: Callable[[InputError], None] | None = None) -> Iterator[SourceText]:
    if path.suffix.lower() in CORPUS_SUFFIXES:
        yield from read_corpus(path, on_error)
    else:
        yield read_text_file(path)
