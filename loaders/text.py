"""Stage 1: article text → sentences with character offsets, headline and dateline.

Offsets are indices into the article text exactly as read (``text[s.start:s.end] == s.text``),
so every fact can point back to the sentence it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.loaders.pieces import pieces

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "mt", "no", "nos", "gen", "lt", "col", "capt", "maj", "prof",
    "sen", "rep", "gov", "jr", "sr", "inc", "co", "corp", "ltd", "vs", "etc", "e.g", "i.e", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "h.e", "hon", "rt", "adm", "sgt", "cdr", "amb", "min", "dept", "fig",
}
_SENTENCE_END = re.compile(r"[.!?](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]?[A-Z0-9À-Þ])")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    is_headline: bool = False


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


def _paragraphs(text: str):
    """Yield (start, end) of each non-blank paragraph (separated by blank lines)."""
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        chunk = m.group(0)
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            yield m.start() + lead, m.end() - trail


def _looks_like_headline(chunk: str) -> bool:
    words = chunk.split()
    return 0 < len(words) <= 20 and "\n" not in chunk and not re.search(r"[.!?:;]\s*$", chunk)


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with offsets. Headlines (short lines without a full stop)
    and single-line paragraphs are sentences of their own."""
    out: list[Sentence] = []
    for pno, (pstart, pend) in ((n, piece) for n, (a, b) in enumerate(_paragraphs(text))
                                for piece in pieces(text, a, b)):  # bounded: linear time
        para = text[pstart:pend]
        if _looks_like_headline(para) and not _DATELINE.match(para):
            out.append(Sentence(len(out), pstart, pend, para, pno, is_headline=True))
            continue
        cursor = 0
        for m in _SENTENCE_END.finditer(para):
            dot = m.start()
            if para[dot] == "." and _is_abbreviation(para, dot):
                continue
            end = m.end()
            _append(out, text, pstart + cursor, pstart + end, pno)
            cursor = end
        _append(out, text, pstart + cursor, pend, pno)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, pno: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        chunk = text[start:end]
        # a line inside a paragraph that is a caption or title of its own
        out.append(Sentence(len(out), start, end, chunk, pno))


@dataclass(frozen=True)
class Dateline:
    place: str
    date_text: str
    start: int  # where the dateline begins
    end: int  # where the article body begins after it


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATELINE_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)")
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’.\- ]{{1,40}}?)\s*,\s*(?:[A-Z][a-z]+,\s*)?(?P<date>{_DATELINE_DATE})"
    rf"\s*(?:\([^)]{{1,40}}\))?\s*(?:[:—–\-]+|\(\w+\)\s*[:—–\-]*)\s*")


def find_dateline(text: str, sentences: list[Sentence]) -> Dateline | None:
    """The "PLACE, DATE (AGENCY):" opening of the first body paragraph, if any."""
    for s in sentences[:3]:
        if s.is_headline:
            continue
        m = _DATELINE.match(text, s.start)
        if m and m.start("place") < s.end:
            return Dateline(m.group("place").strip(), m.group("date"), m.start("place"), m.end())
        return None
    return None


def headline(sentences: list[Sentence]) -> str | None:
    if sentences and sentences[0].is_headline and sentences[0].index == 0:
        return sentences[0].text
    return None
