"""Honorifics and ranks written before a person's name ("H.E. Mr.", "Sheikh Dr.", "Dato' Sri",
"His Excellency", "the Honourable", "Rt. Hon. Dame", "Field Marshal").

They are never part of the name: the mention finder does not start a name on them, the
linker skips them between a title and its holder, and a person's label leaves them out.
"""
from __future__ import annotations

from diplokg.loaders.tokens import Token

# One word each (folded, without a final full stop).
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "h.e", "dato", "datuk", "dato'", "datin", "sri", "seri", "shri", "smt",
    "sheikh", "shaikh", "sheikha", "lord", "lady", "sir", "dame", "senator", "prof", "professor", "excellency",
    "hon", "honourable", "honorable", "hon'ble", "madam", "mme", "sayyid", "hrh", "prince", "princess",
    "general", "gen", "admiral", "marshal", "col", "colonel", "justice", "ayatollah", "rev", "father",
    "engr", "eng", "ambassador-designate",
}
# Words that are honorifics only as part of a longer phrase ("Field Marshal", "His Excellency",
# "Tan Sri": alone, Tan is a surname).
PHRASES = {
    ("his", "excellency"), ("her", "excellency"), ("his", "majesty"), ("her", "majesty"),
    ("his", "highness"), ("her", "highness"), ("his", "royal", "highness"), ("her", "royal", "highness"),
    ("the", "honourable"), ("the", "honorable"), ("the", "hon"), ("the", "rt", "hon"), ("rt", "hon"),
    ("right", "honourable"), ("the", "right", "honourable"), ("field", "marshal"), ("air", "chief", "marshal"),
    ("air", "marshal"), ("lieutenant", "general"), ("lt", "gen"), ("major", "general"), ("maj", "gen"),
    ("brigadier", "general"), ("vice", "admiral"), ("rear", "admiral"), ("tan", "sri"), ("datuk", "seri"),
    ("dato", "sri"), ("dato", "seri"),
}
_LONGEST = max(len(p) for p in PHRASES)
_STARTS = HONORIFICS | {p[0] for p in PHRASES}
_JOINERS = {".", "'", "’"}  # "Dr.", "Dato'" written without a space before the next word


def _norm(t: Token) -> str:
    return t.norm.rstrip(".")


def is_honorific_word(t: Token) -> bool:
    """An honorific on its own ("Mr", "H.E", "HE" in capitals; "he" is a pronoun)."""
    return _norm(t) in HONORIFICS or t.text == "HE"


def honorific_length(toks: list[Token], i: int) -> int:
    """How many tokens from ``toks[i]`` on are honorifics (several may follow each other:
    "H.E. Mr.", "Sheikh Dr.", "Rt. Hon. Dame"); 0 when none starts there."""
    k = i
    n = len(toks)
    while k < n and (_norm(toks[k]) in _STARTS or toks[k].text == "HE"):
        step = 0
        words = [k]
        j = k
        # the words of a phrase, each possibly followed by its own full stop ("Rt. Hon.")
        while len(words) < _LONGEST and j + 1 < n:
            j += 1
            if toks[j].text in _JOINERS and toks[j].start == toks[j - 1].end:
                continue
            words.append(j)
        for length in range(min(_LONGEST, len(words)), 1, -1):
            if tuple(_norm(toks[w]) for w in words[:length]) in PHRASES:
                step = words[length - 1] + 1 - k
                break
        if not step and is_honorific_word(toks[k]):
            step = 1
        if not step:
            break
        k += step
        while k < n and toks[k].text in _JOINERS and toks[k].start == toks[k - 1].end:
            k += 1
    return k - i


def strip_honorifics(name: str) -> str:
    """The name without the honorifics written before it ("H.E. Dr. Ana Soto" -> "Ana Soto")."""
    from diplokg.loaders.tokens import tokenize

    toks = tokenize(name)
    skip = honorific_length(toks, 0)
    if skip == 0 or skip >= len(toks):
        return name
    return name[toks[skip].start:].strip()
