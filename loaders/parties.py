"""The article's main parties: the states and organisations it names as acting, most named
first ("on the sidelines of the SCO summit" names no side; "the Japan-Mongolia partnership"
names both).

Split from ``linking``; it ranks what ``linking`` has linked.
"""
from __future__ import annotations

import re
from collections import Counter

from diplokg.loaders.document import AgentRef, Doc
from diplokg.loaders.layout import Layout
from diplokg.loaders.mentions import find_mentions
from diplokg.loaders.text import Sentence


_VENUE_AFTER = re.compile(r"(?:\s*\([^)]{1,15}\))?[\s’'-]*(?:(?:\d+\w*|[A-Z][\w-]*|annual|ministerial|foreign|leaders['’]?|member)\s+){0,3}"
                          r"(?:summit|meeting|conference|session|forum|retreat|headquarters|secretariat|"
                          r"member|members|chair(?:manship|ship)?|charter|general assembly|assembly|ministerial)\b", re.I)
_VENUE_BEFORE = re.compile(r"\b(?:sidelines|margins|side-lines|chair|member|members|headquarters)\s+of\s+(?:the\s+)?$"
                           r"|\b(?:at|to)\s+(?:the\s+)?$|\(\s*$", re.I)  # "(SCO)" restates the name before it


def _acting(doc: Doc, r: AgentRef) -> bool:
    """An organisation named as a venue or a frame ("on the sidelines of the SCO summit", "at
    the UN", "ASEAN member states") is no side of the article; one that acts is."""
    if not r.agent.startswith("org:"):
        return True
    return not (_VENUE_AFTER.match(doc.text, r.end) or _VENUE_BEFORE.search(doc.text[max(0, r.start - 40):r.start]))


def headline_states(text: str, layout: Layout) -> list[str]:
    """The states a headline names ("Kenya, Vietnam sign three documents"): it tells no facts,
    but it says whose story this is when the body names only one side."""
    out: list[str] = []
    for b in layout.blocks:
        if b.kind != "headline":
            continue
        line = Sentence(-1, b.start, b.end, text[b.start:b.end], -1, "headline")
        for m in find_mentions(line).mentions:
            if m.kind in ("state", "demonym") and m.key not in out:
                out.append(m.key)
        break  # the main headline; a second one usually repeats it
    return out


PAIR_WEIGHT = 2.0  # a hyphenated pair of states names the two sides of a bilateral story


def rank_parties(doc: Doc, headline_states: list[str]) -> None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for refs in doc.agent_refs:
        for r in refs:
            if r.how == "city" or not _acting(doc, r):
                continue
            counts[r.agent] += 1.0
            first.setdefault(r.agent, r.start)
    for p in doc.persons.values():
        if p.agent:
            counts[p.agent] += 0.5
            first.setdefault(p.agent, 10 ** 9)
    for i, refs in enumerate(doc.agent_refs):  # "the Japan-Mongolia partnership": the story's pair
        for a, b in zip(refs, refs[1:]):
            if a.how in ("state", "demonym") and b.how in ("state", "demonym") and a.agent != b.agent \
                    and doc.text[a.end:b.start] in ("-", "–"):
                counts[a.agent] += PAIR_WEIGHT
                counts[b.agent] += PAIR_WEIGHT
    for a in headline_states:  # after every state the story itself names as acting
        counts[a] += 0.25
        first.setdefault(a, 10 ** 9)
    doc.parties = sorted(counts, key=lambda a: (-counts[a], first.get(a, 0)))
    doc.party_weight = dict(counts)
