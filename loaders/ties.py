"""Standing ties: posts held, diplomatic relations established, missions opened."""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.facts import Evidence, MissionFact, Place, PostFact, RelationFact
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.linking import ENVOYS, agent_label
from diplokg.loaders.modality import is_unreal

ESTABLISH = re.compile(
    r"\b(?:(?:re-?)?establish(?:ed|es|ing|ment of)?|started|began|begun|opened|set up|forged|launched|normali[sz]ed)\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:diplomatic\s+|formal\s+)*(?:relations|ties)\b"
    r"|\b(?:diplomatic\s+)?(?:relations|ties)\s+(?:were\s+|was\s+)?(?:(?:re-?)?established|started|began|commenced)\b", re.I)


def extract_relations(cur: Cursor) -> list[RelationFact]:
    doc = cur.doc
    out: dict[tuple[str, str], RelationFact] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in ESTABLISH.finditer(text):
            if is_unreal(text, m.start(), m.end()) or re.search(r"\bbroken? off|\bsever", text[max(0, m.start() - 30):m.end()]):
                continue
            if re.search(r"\bprovides? for\b|\bto establish\b", text[max(0, m.start() - 30):m.start() + 5], re.I):
                continue
            dates = [d for d in cur.dates_in(i) if d.value and not d.anaphoric]
            after = [d for d in dates if d.start >= m.start() - 5]
            date = (after or dates or [None])[0]
            value = date.value if date else None
            if value is None and re.search(r"\b(?:today|that day|with effect from)\b", text) and doc.ref_date:
                value = ([d.value for d in dates] or [doc.ref_date.isoformat()])[0]
            parties = _relation_parties(cur, i, m)
            if len(parties) != 2 or value is None:
                continue
            key = tuple(sorted(parties))
            if key not in out:
                out[key] = RelationFact((parties[0], parties[1]), value, [cur.evidence(i)])
    return list(out.values())


def _relation_parties(cur: Cursor, i: int, m: re.Match) -> list[str]:
    doc = cur.doc
    s = doc.sentences[i]
    agents = []
    for a in doc.agent_refs[i]:
        if a.how == "city" or a.agent in agents:
            continue
        lead = s.text[max(0, a.start - s.start - 12):a.start - s.start]
        if re.search(r"\b(?:with|from|to)\s+$", lead) and not re.search(r"\bbetween\b", s.text[:m.end()]):
            continue
        if re.search(r"\b(?:by|via|through|mediated by|brokered by)\s+(?:the\s+)?$", lead):
            continue  # the broker of a deal is not a party to the relation
        agents.append(a.agent)
    two = doc.parties[:2]
    if len(agents) == 2:
        return agents
    if len(agents) > 2:
        in_two = [a for a in agents if a in two]
        return in_two if len(in_two) == 2 else []
    if len(two) == 2 and (not agents or agents[0] in two):
        return list(two)
    return []


# ----------------------------------------------------------------------------- missions

MISSION_KIND = [
    (r"high commission", "High Commission"),
    (r"permanent mission", "Permanent Mission"),
    (r"consulate(?:[- ]general)?|consular office", "Consulate"),
    (r"embass(?:y|ies)", "Embassy"),
    (r"(?:trade|commercial|economic and cultural|trade representative)\s+(?:representative\s+)?offices?|trade mission", "Trade Office"),
]
MISSION = re.compile(r"\b(high commission|permanent mission|consulate(?:[- ]general)?|embass(?:y|ies)|"
                     r"(?:trade|commercial|economic and cultural)\s+(?:representative\s+)?offices?|trade mission)\b", re.I)
OPEN = re.compile(r"\b(?:re-?opened|re-?opens|opened|opens|inaugurated|inaugurates|set up|established|launched|began operating|working in|"
                  r"staff(?:ed)? (?:at|in)|evacuated|located|has|have|maintains|maintain|began to operate|operates?|operating|handled|handles)\b", re.I)
UPGRADE = re.compile(r"\b(?:embassy nameplate|operate as (?:an embassy|a full(?:-fledged)? diplomatic mission)|"
                     r"(?:upgraded|raised|converted) (?:in)?to (?:an )?embassy)\b", re.I)


def extract_missions(cur: Cursor) -> list[MissionFact]:
    doc = cur.doc
    out: dict[tuple[str, str, str], MissionFact] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in MISSION.finditer(text):
            if is_unreal(text, m.start(), m.end()):
                continue
            if re.search(r"\bnameplate\b", text[m.end():m.end() + 12]):
                continue
            opened = OPEN.search(text[max(0, m.start() - 80):m.end() + 40])
            sending = _sending(cur, i, m)
            if sending is None or (opened is None and not _existing(text, m)):
                continue
            location = _location(cur, i, m, sending)
            if location is None:
                continue
            kind = next(label for pattern, label in MISSION_KIND if re.search(pattern, m.group(1), re.I))
            key = (kind, sending, location.label)
            if key not in out:
                out[key] = MissionFact(kind, sending, location, [cur.evidence(i)])
            if kind != "Embassy" and UPGRADE.search(text[m.end():]):
                # "the trade office in Beijing ... put up an embassy nameplate": now an embassy too
                out.setdefault(("Embassy", sending, location.label),
                               MissionFact("Embassy", sending, location, [cur.evidence(i)]))
    return list(out.values())


def _existing(text: str, m: re.Match) -> bool:
    """"the Japanese Embassy" named as a place that exists (people working in it)."""
    return bool(re.search(r"\b(?:working in|in the|at the|of the)\s+(?:\w+\s+){0,2}$", text[max(0, m.start() - 40):m.start()]))


def _sending(cur: Cursor, i: int, m: re.Match) -> str | None:
    doc = cur.doc
    s = doc.sentences[i]
    before = s.text[max(0, m.start() - 40):m.start()]
    near = [a for a in doc.agent_refs[i] if s.start + m.start() - 40 <= a.start < s.start + m.start() and a.how != "city"]
    adjacent = [a for a in near if re.fullmatch(r"\s*(?:new\s+)?", s.text[a.end - s.start:m.start()])]
    if adjacent:
        return adjacent[-1].agent  # "the US Embassy", "the Israeli embassy"
    if near and re.search(r"(?:['’]s|\b[A-Z][a-z]+(?:i|ese|an|ish|n))\s+(?:[\w-]+\s+){0,2}$", before):
        return near[-1].agent
    if re.search(r"\b(?:his|her) country['’]s\s+$", before):
        people = [r for r in doc.person_refs[i] if r.start < s.start + m.start()]
        if people:
            return doc.agent_of(people[0].person)
    if near and re.search(r"^\s*(?:has\s+|had\s+|have\s+)?(?:opened|re-?opened|inaugurated|established|set up|launched|"
                          r"has|have|maintains|maintain|operates)\s+"
                          r"(?:a|an|the|its|their)?\s*(?:new\s+|first\s+)?$", s.text[near[-1].end - s.start:m.start()]):
        return near[-1].agent
    if re.search(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,3}$", before) or re.search(r"\bone of (?:its|their)", before):
        subject = [a for a in doc.agent_refs[i] if a.start < s.start + m.start() and a.how != "city"]
        if subject:
            return subject[0].agent
    return None


def _location(cur: Cursor, i: int, m: re.Match, sending: str) -> Place | None:
    doc = cur.doc
    s = doc.sentences[i]
    g = gazetteer()
    tail = s.text[m.end():]
    cap = re.match(r"\s+in the ([A-Z][\w'’-]+) capital", tail)
    if cap:
        for e in g.lookup((cap.group(1).lower(),)):
            if e.kind in ("demonym", "state") and e.key in g.capitals:
                return Place(g.capitals[e.key], e.key)
    stop = re.search(r"[,;]", s.text[m.end():])
    limit = m.end() + (stop.start() if stop else 120)
    for a in doc.agent_refs[i]:
        rel = a.start - s.start
        if rel < m.end() or rel > min(limit, m.end() + 120) or a.agent == sending and a.how != "city":
            continue
        lead = s.text[max(0, rel - 12):rel]
        if re.search(r"\b(?:in|from|at)\s+(?:the\s+)?$", lead):
            if a.how == "city":
                return Place(a.place or "", a.agent)
            return Place(agent_label(a.agent), a.agent, is_state=True)
    return None


# ----------------------------------------------------------------------------- posts

MINISTERIAL = {"Foreign Minister", "Minister of State", "Prime Minister", "Deputy Prime Minister"}


def extract_posts(cur: Cursor) -> list[PostFact]:
    doc = cur.doc
    out: list[PostFact] = []
    seen = set()
    for key, person in doc.persons.items():
        ministerial = {r.position for r in person.roles} & MINISTERIAL
        for role in person.roles:
            if role.position == "-" or not role.agent or (role.position in ENVOYS and not role.accredited_to):
                continue  # an envoy's post names where they serve, or it is not a post we can state
            if role.position == "Minister" and not role.portfolio and ministerial:
                continue  # "Minister Batbold" after "Minister for Foreign Affairs Batbold": the same post
            k = (key, role.position, role.agent, role.accredited_to)
            if k in seen:
                continue
            seen.add(k)
            s = doc.sentences[role.sentence]
            out.append(PostFact(key, role.position, role.agent, role.accredited_to, role.as_written, role.former,
                                role.portfolio, [Evidence(s.start, s.end, s.text)]))
    return out
