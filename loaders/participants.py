"""Who takes part in a meeting, and which states and organisations they represent.

Participants are the persons the trigger's clause names (not "the residence of X" or "appointed
by Y"); parties are the states and organisations they serve, and those the clause names as
acting ("Ambassadors of the EU and Turkmenistan", "Portugal and Estonia held"), never a
setting ("on the sidelines of the AU summit", "the situation in Sudan").

One host meeting several counterparts of different states, one after another ("conferred with
the Presidents of A, B and C", "received the credentials of the Ambassadors of A and B"), holds
one meeting with each: ``split_bilaterals``.
"""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.linking import Doc

NOT_PARTICIPANT = re.compile(r"(?:residence|office|home|government|administration|invitation|behalf|child|son|daughter|"
                             r"wife|husband) of (?:the )?(?:[A-Z][\w.’'-]* ?)*$|(?:nominated|appointed|thanked|named) "
                             r"(?:by )?(?:his |her )?(?:[\w-]+ ){0,3}$", re.I)
NOT_PARTY = re.compile(r"(?:\bin|\bon|\babout|\bsidelines of|\bmargins of|\bto|\bfrom|\bregarding|\bagainst|"
                       r"\bsituation in|\bwith|\bwhere|\bfor|\btowards?)\s+(?:the\s+)?$", re.I)
# "on the margins of the 12th Pacific Islands Forum (PIF) summit": a setting, however it is worded
_SETTING = re.compile(r"\b(?:sidelines|margins|side-lines)\s+of\s+(?:the\s+)?(?:[\w'’()-]+\s+){0,3}$", re.I)
# Several counterparts met together, not one by one.
_TOGETHER = re.compile(r"\b(?:joint(?:ly)?|together|trilateral|triangular|multilateral|quadrilateral|retreat|plenary|"
                       r"round ?table|group photo|all (?:the )?(?:leaders|ministers|ambassadors|envoys))\b", re.I)
# Triggers whose counterparts, when of several states, each met the host on their own.
_ONE_BY_ONE = re.compile(r"^(?:met|meets?|conferred|held talks|talks|received|welcomed|(?:had|held) (?:[\w-]+ )?meetings|"
                         r"(?:courtesy|farewell) calls?|called|calls|calling|present|deliver|letters? of|sat down|"
                         r"granted|grants|gave|(?:tele)?phone|spoke|(?:tele)?phoned)", re.I)


def participants_in(cur: Cursor, i: int, lo: int, hi: int) -> list[str]:
    doc = cur.doc
    s = doc.sentences[i]
    out = []
    for r in doc.person_refs[i]:
        rel = r.start - s.start
        if not (lo <= rel < hi) or r.person in out:
            continue
        if NOT_PARTICIPANT.search(s.text[max(0, rel - 60):rel]):
            continue
        out.append(r.person)
    return out


def parties_in(cur: Cursor, i: int, lo: int, hi: int, participants: list[str]) -> list[str]:
    doc = cur.doc
    s = doc.sentences[i]
    out: list[str] = []
    for p in participants:
        a = doc.agent_of(p)
        if a and a not in out:
            out.append(a)
    # unnamed participants: "Ambassadors of the EU and Turkmenistan", "their French ... counterparts"
    for tp in doc.titles[i]:
        rel = tp.start - s.start
        if tp.person is None and tp.plural and lo <= rel < hi and not _not_party(s.text, rel):
            out.extend(a for a in tp.agents if a not in out)
    for m in re.finditer(r"counterparts\b", s.text[lo:hi]):
        seg_start = s.start + lo + max(0, m.start() - 80)
        for a in doc.agent_refs[i]:
            if seg_start <= a.start < s.start + lo + m.start() and a.how == "demonym" and a.agent not in out:
                out.append(a.agent)
    dl = doc.dateline
    for a in doc.agent_refs[i]:
        rel = a.start - s.start
        if a.how in ("city",) or not (lo <= rel < hi) or a.agent in out:
            continue
        if dl is not None and dl.start <= a.start < dl.end:
            continue  # "RIYADH, (Pakistan Point News / WAM - 2 Apr)": the dateline's wire credits act in nothing
        if _not_party(s.text, rel, org=a.how == "org"):
            continue
        if a.how in ("state", "org") or re.match(r"[\w-]*-", s.text[rel:rel + 30]):
            out.append(a.agent)
    return out


# "the reform of the WTO", "the enlargement of NATO": an organisation talked about, not one that acts
_TOPIC_OF = re.compile(r"\b(?!(?:delegations?|representatives?|members?|ambassadors?|ministers?|leaders?|envoys?|secretary|"
                       r"secretariat|president|presidency|head|heads|chair|side|team|officials?|states)\b)[a-z][\w-]* of "
                       r"(?:the )?$")


# "Ambassadors residing in Australia and Japan", "the situation in Sudan, Chad and Niger": the
# preposition governs every state of the list
_LISTED_AFTER = re.compile(r"(?:\bin|\bon|\babout|\bto|\bfrom|\bregarding|\bagainst|\bwith|\bfor)\s+(?:the\s+)?"
                           r"(?:[A-Z][\w'’.-]*\s*)+(?:,\s*(?:the\s+)?(?:[A-Z][\w'’.-]*\s*)+)*(?:,?\s*(?:and|or)|,)\s+"
                           r"(?:the\s+)?$")


def _not_party(text: str, rel: int, org: bool = False) -> bool:
    before = text[max(0, rel - 60):rel]
    return bool(NOT_PARTY.search(before[-25:]) or _SETTING.search(before) or (org and _TOPIC_OF.search(before))
                or _LISTED_AFTER.search(before))


def complete_bilateral(doc: Doc, parties: list[str], participants: list[str]) -> list[str]:
    """In an article between two parties, a meeting with one known side and someone of no
    stated state, or no side at all, is between the two."""
    two = doc.parties[:2]
    unknown = [p for p in participants if not doc.agent_of(p)]
    if not parties:
        return list(two)
    if {p.agent for p in doc.persons.values() if p.agent} - set(two):
        return parties  # persons of a third state: which side the unknown one serves is a guess
    if unknown and parties[0] in two:
        return parties + [a for a in two if a not in parties]
    return parties


def previous_subject(doc: Doc, i: int, other: str) -> str | None:
    for j in range(i - 1, max(-1, i - 3), -1):
        for r in doc.person_refs[j]:
            if r.person != other:
                return r.person
    return None


def split_bilaterals(cur: Cursor, i: int, trigger: re.Match, lo: int, hi: int,
                     participants: list[str], parties: list[str]) -> list[tuple[list[str], list[str]]]:
    """One (participants, parties) pair per counterpart state when a host meets counterparts
    of several states one by one; else the meeting as it is.

    The host side is whoever the clause names before the trigger; the counterparts, those after
    it, grouped by the state they serve. Named counterparts of no known state, a host side of
    several states, or a sentence that says they met together keep the meeting whole."""
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    whole = [(participants, parties)]
    if not _ONE_BY_ONE.match(re.sub(r"^(?:a|an|her|his|their|the)\s+", "", trigger.group(0))) or _TOGETHER.search(text):
        return whole
    at = s.start + trigger.start()
    refs = [r for r in doc.person_refs[i] if r.person in participants]
    host = [p for p in participants if any(r.person == p and r.start < at for r in refs)]
    others = [p for p in participants if p not in host]
    host_agents = {doc.agent_of(p) for p in host} - {None}
    if not host or len(host_agents) > 1 or any(doc.agent_of(p) is None for p in others):
        return whole
    host_agent = next(iter(host_agents), None)
    by_state: dict[str, list[str]] = {}
    for p in others:
        by_state.setdefault(doc.agent_of(p), []).append(p)
    if not others:
        # "met with the leaders of Peru, Chile and Norway": states named after the trigger
        for a in doc.agent_refs[i]:
            rel = a.start - s.start
            if a.how != "city" and trigger.end() <= rel < hi and not _not_party(text, rel):
                by_state.setdefault(a.agent, [])
    by_state.pop(host_agent, None)
    if len(by_state) < 2:
        return whole
    out = []
    for agent, people in by_state.items():
        out.append((host + people, [x for x in (host_agent, agent) if x]))
    return out
