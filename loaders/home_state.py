"""The home side of a datelined story: officials the lead names without a state.

A report filed from a state's capital names that state's own officials without saying whose
they are ("ISLAMABAD — Deputy Prime Minister and Foreign Minister NAME may visit Dhaka",
"KHARTOUM — ... accusations by President NAME"). Only the lead is read that way, and only when
the home state has no other holder of such a post (a visitor's own president is named with
his state: "Samarkand — Prime Minister A met Uzbekistan President B").
"""
from __future__ import annotations

import re
from typing import Callable

from diplokg.loaders.linking import HEADS, Doc
from diplokg.loaders.titles import can_serve

LEAD = 3  # body sentences read as the lead
_VISIT = re.compile(r"\b(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:e|es|ed|ing)|travel(?:s|led|ed)?|flew)\b", re.I)


def home_officials(doc: Doc, assign: Callable[[Doc, str, str | None], bool]) -> None:
    home = doc.dateline_agent
    if not home or home.startswith("org:") or doc.dateline is None:
        return
    first = next((i for i, s in enumerate(doc.sentences) if s.start <= doc.dateline.start < s.end), None)
    if first is None:
        return
    lead = range(first, min(len(doc.sentences), first + LEAD))
    for key in [p for i in lead for p in doc.persons_in(i)]:
        p = doc.persons[key]
        if p.agent or not p.roles or not any(can_serve(r.position, home) for r in p.roles):
            continue
        if _held_at_home(doc, key, home) or _visits_home(doc, key, home) or _met_abroad(doc, key, home):
            continue
        assign(doc, key, home)


def _kind(position: str) -> str:
    return "head" if position in HEADS else position


def _held_at_home(doc: Doc, key: str, home: str) -> bool:
    """Another person already holds such a post of the home state."""
    kinds = {_kind(r.position) for r in doc.persons[key].roles}
    return any(other != key and p.agent == home and kinds & {_kind(r.position) for r in p.roles}
               for other, p in doc.persons.items())


def _visits_home(doc: Doc, key: str, home: str) -> bool:
    """The person travels to the home state (a visitor is no home official)."""
    for i, s in enumerate(doc.sentences):
        refs = doc.person_refs[i]
        if not refs or refs[0].person != key:
            continue
        for m in _VISIT.finditer(s.text):
            at = s.start + m.end()
            goal = next((a for a in doc.agent_refs[i] if at <= a.start <= at + 30), None)
            if goal is not None and goal.agent == home:
                return True
    return False


def _met_abroad(doc: Doc, key: str, home: str) -> bool:
    """The person is first named in a sentence set in a city of another state ("In Santiago, the
    minister will meet President NAME")."""
    i = doc.persons[key].first_sentence
    s = doc.sentences[i]
    return any(a.how == "city" and a.agent != home and re.search(r"\b(?:in|at)\s+$", doc.text[max(s.start, a.start - 4):a.start],
                                                                re.I)
               for a in doc.agent_refs[i])


def home_spokespersons(doc: Doc, assign: Callable[[Doc, str, str | None], bool]) -> None:
    """"Spokesman for the Foreign Ministry NAME": a spokesperson whose state goes unsaid speaks
    for the story's home side: the dateline's state, else the state of the first person the
    story names."""
    home = doc.dateline_agent
    if home is None:
        first = next((r.person for refs in doc.person_refs for r in refs if doc.persons[r.person].agent), None)
        home = doc.persons[first].agent if first else None
    if not home or home.startswith("org:"):
        return
    for key, p in doc.persons.items():
        if not p.agent and any(r.position == "Spokesperson" for r in p.roles):
            assign(doc, key, home)
