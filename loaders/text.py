"""Stage 1: article text → sentences with character offsets (of the story and its captions).

Offsets are indices into the article text exactly as read (``text[s.start:s.end] == s.text``),
so every fact can point back to the sentence it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.loaders.pieces import pieces
from diplokg.loaders.layout import FACT_KINDS, Dateline, Layout, read_layout

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "mt", "no", "nos", "gen", "lt", "col", "capt", "maj", "prof",
    "sen", "rep", "gov", "jr", "sr", "inc", "co", "corp", "ltd", "vs", "etc", "e.g", "i.e", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "h.e", "hon", "rt", "adm", "sgt", "cdr", "amb", "min", "dept", "fig", "md", "mohd",
}
_SENTENCE_END = re.compile(r"[.!?](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]?[A-Z0-9À-Þ])")

_LIST_NUMBER = re.compile(r"\s*\d{1,2}")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    role: str = "body"  # "body", "deck" or "caption" (see loaders.layout)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial."""
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    # a single capital initial ("K. Mensah", "Mary J. Blige")
    return len(word) == 1 and text[dot - 1].isupper()


def split_sentences(text: str, layout: Layout | None = None) -> list[Sentence]:
    """Split the story and the captions of ``text`` into sentences with offsets. Headlines,
    bylines, stamps and page furniture are no sentences: they tell no facts of their own."""
    layout = layout or read_layout(text)
    out: list[Sentence] = []
    pno = 0
    for block in layout.blocks:
        if block.kind not in FACT_KINDS:
            continue
        for pstart, pend in pieces(text, block.start, block.end):  # bounded: linear time
            para = text[pstart:pend]
            cursor = 0
            for m in _SENTENCE_END.finditer(para):
                dot = m.start()
                if para[dot] == "." and (_is_abbreviation(para, dot) or _LIST_NUMBER.fullmatch(para, cursor, dot)):
                    continue  # "1. Memorandum of Understanding on ...": an item's number, not a sentence
                end = m.end()
                _append(out, text, pstart + cursor, pstart + end, pno, block.kind)
                cursor = end
            _append(out, text, pstart + cursor, pend, pno, block.kind)
        pno += 1
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, pno: int, role: str) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end], pno, role))


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the head of the story ("PLACE, DATE (AGENCY):", "PLACE —"), if any."""
    return read_layout(text).dateline
