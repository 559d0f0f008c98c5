"""Stage 1a: cut a paragraph that is too long into bounded pieces before sentence splitting.

Every later stage works sentence by sentence, and several of them look at the whole sentence
around each trigger word, so a sentence of n characters costs about n² (a megabyte written
on one line without a full stop took five minutes). A paragraph longer than
:data:`MAX_PIECE_CHARS` is therefore cut into pieces no longer than that, and the sentence
splitter then works on each piece: a sentence never spans two pieces, so the cost of an
article grows with its length, not with the square of its longest run of text.

News paragraphs are shorter than the limit (the longest sentence of every corpus diplokg is
scored on is about 600 characters, the longest paragraph 2,000), so a normal article is not
cut at all. Where a long paragraph must be cut, the cut goes at the last line break in the
window, else after the last full stop, question or exclamation mark that is followed by a
capital, else after the last semicolon, colon or comma, else at the last space; only a run
with no space at all is cut mid-word. Offsets stay indices into the article text.
"""
from __future__ import annotations

import re
from typing import Iterator

#: The longest piece the sentence splitter is given (characters).
MAX_PIECE_CHARS = 4000
#: A cut is looked for in the last part of the window, so that no piece is tiny.
_MIN_PIECE_CHARS = MAX_PIECE_CHARS // 4

# ranked cut points: the end of a match is where the next piece begins
_CUTS = (
    re.compile(r"\n"),
    # a sentence end as the splitter sees one; the word before the stop has two or more
    # letters and is not all capitals, so "Mr." or "J." or "U.S." is not taken for one
    re.compile(r"(?<=[a-z]{2})[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Þ])"),
    re.compile(r"[;:,]\s+"),
    re.compile(r"\s+"),
)


def pieces(text: str, start: int, end: int, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of consecutive pieces of ``text[start:end]``, each at most
    ``limit`` characters long (a span already that short is yielded whole)."""
    lowest = max(1, min(_MIN_PIECE_CHARS, limit // 4))
    cursor = start
    while end - cursor > limit:
        cut = _cut(text, cursor + lowest, cursor + limit) or cursor + limit
        yield cursor, cut
        cursor = cut
    if end > cursor:
        yield cursor, end


def _cut(text: str, lo: int, hi: int) -> int | None:
    """The best place in ``text[lo:hi]`` to start a new piece, or None."""
    for pattern in _CUTS:
        last = None
        for m in pattern.finditer(text, lo, hi):
            last = m
        if last is not None and last.end() < hi:
            return last.end()
    return None
