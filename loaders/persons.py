"""The persons of one article: their names, the posts they hold, and the merging of the
variants of one name ("Mori Kenji" / "Mr. Mori" / "Mori")."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from diplokg.loaders.honorifics import HONORIFICS, strip_honorifics
from diplokg.loaders.tokens import fold_token



@dataclass
class Role:
    position: str
    agent: str | None  # "JP" for a state, "org:european-union" for an organisation
    accredited_to: str | None
    as_written: str
    former: bool
    sentence: int
    portfolio: str | None = None
    title: str | None = None  # the title as written ("Chancellor"), to settle the post once the state is known


@dataclass
class Person:
    key: str
    name: str
    names: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)
    first_sentence: int = 0
    gender: str | None = None  # "f" or "m", from the pronouns that refer to them

    @property
    def tokens(self) -> set[str]:
        return name_tokens(self.name)

    def role(self) -> Role | None:
        """The main post: the first one with a state, else the first."""
        with_agent = [r for r in self.roles if r.agent]
        return (with_agent or self.roles or [None])[0]

    @property
    def agent(self) -> str | None:
        r = self.role()
        return r.agent if r else None



class Doc(Protocol):
    """What the cast needs of the linked document (``linking.Doc``, which imports this module)."""

    text: str
    persons: dict[str, Person]
    person_refs: list[list[Any]]


def name_tokens(name: str) -> set[str]:
    return set(name_token_list(name))


def name_token_list(name: str) -> list[str]:
    """The folded words of a name, in order, without honorifics ("H.E. Dr. R. Vasudevan" ->
    ["s", "jaishankar"])."""
    return [t for t in (fold_token(w).strip(".,") for w in name.replace("-", " ").split())
            if t and t not in HONORIFICS]


_VOWELS = str.maketrans("", "", "aeiouy'’")


def _skeleton(word: str) -> str:
    """The consonants of a word, doubled ones once: spellings of one transliterated name agree
    on it ("Hamed"/"Hamid", "Rashidy"/"Rashidi", "Hassan"/"Hssan")."""
    out = []
    for c in word.translate(_VOWELS):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _alike(a: str, b: str) -> bool:
    """One word of a name written two ways: an initial ("S" / "Subrahmanyam"), or another
    transliteration (same first letter, same consonants, at least three of them)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and len(_skeleton(a)) >= 3 and _skeleton(a) == _skeleton(b)


def variant_of(short: list[str], long: list[str]) -> bool:
    """Whether the name ``short`` can be another writing of ``long``: each of its words alike
    a different word of ``long``, the surname (last word) alike the surname, and not only
    initials."""
    if not short or len(short) > len(long) or all(len(w) == 1 for w in short):
        return False
    if len(short) > 1 and not _alike(short[-1], long[-1]):
        return False
    free = [x for x in long if len(x) > 1] if len(short) == 1 else list(long)  # "Bids" is no "B."
    for w in short:
        match = next((x for x in free if _alike(w, x)), None)
        if match is None:
            return False
        free.remove(match)
    return True


class Cast:
    """The persons of one article and the merging of their name variants: a shorter or fuller
    form ("Mori" / "Kenji Mori"), initials ("R Vasudevan" / "Raghavan Vasudevan") and
    other transliterations ("Hamid Rashidi" / "Hamed Rashidy") are one person."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def find(self, name: str, *, loose: bool = True) -> str | None:
        """The person ``name`` refers to; ``loose`` also tries initials and other spellings."""
        toks = name_tokens(name)
        if not toks:
            return None
        exact = [key for key, p in self.doc.persons.items()
                 if toks == p.tokens or toks <= p.tokens or p.tokens <= toks]
        if exact:
            return exact[0] if len(exact) == 1 else self._most_recent(exact)
        if not loose:
            return None
        words = name_token_list(name)
        alike = [key for key, p in self.doc.persons.items()
                 if variant_of(words, name_token_list(p.name)) or variant_of(name_token_list(p.name), words)]
        if len(alike) == 1:
            return alike[0]
        return None

    def _most_recent(self, keys: list[str]) -> str:
        last = {}
        for i, refs in enumerate(self.doc.person_refs):
            for r in refs:
                last[r.person] = i
        return max(keys, key=lambda k: last.get(k, -1))

    def note_spelling(self, key: str, name: str) -> None:
        """Keep a full-length other spelling of a person's name ("Subramaniam Rajan" beside
        "S Rajan") as one of their names; shorter forms ("Rajan") are only references."""
        p = self.doc.persons[key]
        if len(name_token_list(name)) >= len(name_token_list(p.name)) and name_tokens(name) != p.tokens:
            p.names.add(name)

    def add(self, name: str, sentence: int) -> str:
        found = self.find(name)
        if found:
            p = self.doc.persons[found]
            p.names.add(name)
            if len(name_tokens(name)) > len(p.tokens) and len(p.tokens) < 2:
                p.name = _clean_name(name)  # a fuller form replaces a one-word one
            return found
        from diplokg.graph.model.iris import person_key

        key = person_key(" ".join(sorted(name_tokens(name))))
        self.doc.persons[key] = Person(key, _clean_name(name), {name}, [], sentence)
        return key


def settle_names(doc: Doc) -> None:
    """Each person's label: among their full-length spellings, the one whose words the article
    uses most ("Hamed Rashidy" over a caption's "Hamid Rashidi" when the body writes "Rashidy")."""
    used: dict[str, Counter[str]] = {}
    for refs in doc.person_refs:
        for r in refs:
            if r.how == "name":
                used.setdefault(r.person, Counter()).update(name_token_list(doc.text[r.start:r.end]))
    for key, p in doc.persons.items():
        counts = used.get(key)
        if not counts or len(p.names) < 2:
            continue
        size = len(name_token_list(p.name))
        full = [_clean_name(n) for n in sorted(p.names) if len(name_token_list(n)) == size]
        best = max(full, key=lambda n: sum(counts[w] for w in name_token_list(n)), default=p.name)
        if sum(counts[w] for w in name_token_list(best)) > sum(counts[w] for w in name_token_list(p.name)):
            p.name = best


def _clean_name(name: str) -> str:
    return strip_honorifics(name)

