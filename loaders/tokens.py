"""Word tokens with character offsets, shared by the gazetteer and the mention finder."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Acronyms with dots (U.S., H.E., and "H.E" without its last one), words with inner apostrophes
# (d'Affaires, O'Brien, Papali'i; a possessive 's is split off), numbers with ordinals (24th),
# any other non-space character alone.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|(?:[A-Z]\.)+[A-Z]\b(?!['’])"
    r"|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*"
    r"|\d+(?:st|nd|rd|th)?"
    r"|['’]s\b"
    r"|\S"
)


class Token(NamedTuple):
    """One token. A named tuple, not a frozen dataclass: an article has thousands of tokens
    and a frozen dataclass takes four times as long to build (same fields, same equality)."""

    text: str
    start: int
    end: int
    norm: str  # folded form used for lookups

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


@lru_cache(maxsize=65536)
def fold_token(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").lower()


_new_token = tuple.__new__  # Token(...) without the Python-level __new__ of a named tuple


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start() + offset
        out.append(_new_token(Token, (word, start, start + len(word), fold_token(word))))
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(text))
