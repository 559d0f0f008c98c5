"""The persons of one article: their names, the posts they hold, and the merging of the
variants of one name ("Mori Kenji" / "Mr. Mori" / "Mori")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diplokg.loaders.honorifics import HONORIFICS, strip_honorifics
from diplokg.loaders.tokens import fold_token

if TYPE_CHECKING:  # the linked document holds the cast; only its type is needed here
    from diplokg.loaders.linking import Doc


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



def name_tokens(name: str) -> set[str]:
    return {t for t in (fold_token(w).strip(".,") for w in name.replace("-", " ").split())
            if t and t not in HONORIFICS}



class Cast:
    """The persons of one article and the merging of their name variants."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def find(self, name: str) -> str | None:
        toks = name_tokens(name)
        if not toks:
            return None
        best = None
        for key, p in self.doc.persons.items():
            pt = p.tokens
            if toks == pt or toks <= pt or (pt <= toks and len(pt) >= 2):
                if best is None:
                    best = key
                else:
                    return self._most_recent(best, key)
        return best

    def _most_recent(self, a: str, b: str) -> str:
        last = {}
        for i, refs in enumerate(self.doc.person_refs):
            for r in refs:
                last[r.person] = i
        return a if last.get(a, -1) >= last.get(b, -1) else b

    def add(self, name: str, sentence: int) -> str:
        found = self.find(name)
        if found:
            p = self.doc.persons[found]
            p.names.add(name)
            if len(name_tokens(name)) > len(p.tokens) and len(p.tokens) < 2:
                p.name = name  # a fuller form replaces a one-word one
            return found
        from diplokg.graph.model.iris import person_key

        key = person_key(" ".join(sorted(name_tokens(name))))
        self.doc.persons[key] = Person(key, _clean_name(name), {name}, [], sentence)
        return key


def _clean_name(name: str) -> str:
    return strip_honorifics(name)

