"""Visits that happened: who went where, from when to when.

A visit is read from its trigger ("visited", "a three-day visit to", "flew into", "is in")
with the visitor the clause names before it (or after "of"/"by"), the host the state or city
it names after "to"/"in", and the dates of its own clause (``eventdates``: a range, or a start and a duration, else
the day its visitor leaves).
"""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.eventdates import departure, visit_length, visit_span
from diplokg.loaders.facts import VisitFact
from diplokg.loaders.linking import ENVOYS
from diplokg.loaders.modality import clause_bounds, is_unreal_event, still_to_come

VISIT = re.compile(
    r"\b(?:(?:state|official|working|maiden|first|bilateral|two-day|three-day|[\w-]+-day)\s+)*(?:visit|trip|tour)s?\b"
    r"|\bis (?:in|visiting)\b|\b(?:am|are) visiting\b|\bvisited\b|\bspent (?:\w+ )?days in\b|\bflew in(?:to)?\b"
    r"|\b(?:arrived|arrives|landed|lands) in\b", re.I)
# Arriving is a visit only for someone who travels; an envoy arriving at a post takes it up.
ARRIVAL = re.compile(r"(?:arrived|arrives|landed|lands) in", re.I)
# Said of a visit that was meant to happen and did not: its visitor and host are remembered,
# and the same trip told elsewhere ("the minister's trip to Oslo") is no visit either.
CALLED_OFF = re.compile(r"\b(?:cancel(?:s|l?ed|l?ing)?|postpone[sd]?|postponing|postponement|called off|calls off|"
                        r"pulled out|pulls out|backed out|scrapped|shelved|put off|deferred|will not|won't|did not|"
                        r"didn't|unable to|cannot)\b", re.I)
# A visit told as having taken place: these keep a visit whose trip was also called off once
# (an earlier visit, a later one).
TOOK_PLACE = re.compile(r"\b(?:visited|arrived|landed|flew|paid|was in|were in|is in|began|concluded|wrapped up|ended)\b",
                        re.I)
# "X will not travel to Cuba this week", "has postponed travelling to Oslo": no visit is told by
# these verbs, but a trip they call off is the one a later "X's trip to Cuba" names.
TRAVEL = re.compile(r"\b(?:travel(?:s|l?ed|l?ing)?|go(?:ing)?|fly(?:ing)?|head(?:ing)?)\s+to\b", re.I)
# A visit a schedule lists is one still to make, whatever the tense of "includes".
_SCHEDULED = re.compile(r"\b(?:programme|program|schedule|agenda|itinerary)\b[^.;]{0,30}\b(?:includes?|including|"
                        r"features?|foresees?|provides? for)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
VISIT_TYPE = re.compile(r"\b(state|official|working)\s+visit\b", re.I)


def extract_visits(cur: Cursor) -> list[VisitFact]:
    doc = cur.doc
    visits: dict[tuple[str, str], VisitFact] = {}
    called_off: set[tuple[str, str]] = set()
    told_done: set[tuple[str, str]] = set()
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in VISIT.finditer(text):
            if re.match(r"visits?\b", m.group(0), re.I) and re.search(r"\b(?:paid|many|several|high-level|of visits)\b",
                                                                     text[max(0, m.start() - 20):m.start()], re.I):
                continue  # "paid many high-level visits": no one visit
            if _SCHEDULED.search(text, max(0, m.start() - 60), m.start()):
                continue  # "his programme also includes a visit to the port": on the schedule, not made
            if re.match(r"\s+of duty\b", text[m.end():]):
                continue  # an envoy's tour of duty is a posting, not a trip
            lo, hi = clause_bounds(text, m.start(), m.end())
            visitor = _visitor(cur, i, m, lo, hi)
            if visitor is None:
                continue
            host = _host(cur, i, m, hi, visitor)
            if host is None or host == doc.agent_of(visitor) or _resident_envoy(cur, visitor, host, m):
                continue
            key = (visitor, host)
            if is_unreal_event(text, m.start(), m.end()) or still_to_come(cur.dates_in(i, lo, hi), doc, text[lo:hi]):
                if CALLED_OFF.search(text, lo, hi):
                    called_off.add(key)
                continue
            start, end = _visit_dates(cur, i, m, lo, hi)
            if start or TOOK_PLACE.search(text, lo, hi):
                told_done.add(key)
            vt = VISIT_TYPE.search(text)
            if key in visits:
                v = visits[key]
                v.start = v.start or start
                v.end = v.end or end
                if cur.evidence(i) not in v.evidence:
                    v.evidence.append(cur.evidence(i))
            else:
                visits[key] = VisitFact(visitor, host, start, end, vt.group(1).lower() if vt else None, [cur.evidence(i)])
        for m in TRAVEL.finditer(text):
            lo, hi = clause_bounds(text, m.start(), m.end())
            if not (is_unreal_event(text, m.start(), m.end()) and CALLED_OFF.search(text, lo, hi)):
                continue
            visitor = _visitor(cur, i, m, lo, hi)
            host = _host(cur, i, m, hi, visitor) if visitor else None
            if host is not None:
                called_off.add((visitor, host))
    # "the visiting minister": a visit with no dates to where the text happens
    for i, s in enumerate(doc.sentences):
        for r in doc.person_refs[i]:
            if r.how == "nominal" and "visiting" in doc.text[r.start:r.end].lower():
                host = _where(cur, i)
                if host and host != doc.agent_of(r.person) and (r.person, host) not in visits:
                    visits[(r.person, host)] = VisitFact(r.person, host, None, None, None, [cur.evidence(i)])
    for v in visits.values():
        if v.end is None:  # "He left for home on Friday": the visit ends the day its visitor leaves
            v.end = departure(cur, v.visitor, v.start)
    # a trip called off is not made by being mentioned again ("no news yet on the minister's trip")
    return [v for key, v in visits.items() if key not in called_off or key in told_done]


def _resident_envoy(cur: Cursor, visitor: str, host: str, m: re.Match) -> bool:
    """An envoy in the state they serve in, or arriving at a post: no visit."""
    role = cur.doc.persons[visitor].role()
    if role is None or role.position not in ENVOYS:
        return False
    return role.accredited_to == host or ARRIVAL.fullmatch(m.group(0)) is not None


def _visitor(cur: Cursor, i: int, m: re.Match, lo: int, hi: int) -> str | None:
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    # "the visit of President X to Japan", "the visit to Mexico by X"
    by = re.match(r"\s*(?:(?:paid|made|undertaken|conducted) )?(?:to (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3} )?"
                  r"(?:of|by)\b", text[m.end():])
    after = [r for r in doc.person_refs[i] if s.start + m.end() + (by.end() if by else 0) <= r.start
             < s.start + m.end() + (by.end() if by else 0) + 40]
    if after and by:
        return after[0].person
    # "X's visit to", "his first visit to": the possessor
    owner = [r for r in doc.person_refs[i] if s.start + lo <= r.start and r.end <= s.start + m.start()
             and re.fullmatch(r"(?:['’]s)?\s+(?:(?:first|second|last|recent|planned|latest|next|own)\s+)?",
                              doc.text[r.end:s.start + m.start()])]
    if owner:
        return owner[-1].person
    before = [r for r in doc.person_refs[i] if s.start + lo <= r.start < s.start + m.start()]
    if before:
        return before[0].person
    if re.search(r"\b(?:who|which)\s*$", text[:lo]) or re.match(r"\s*(?:who|which)\b", text[lo:]):
        earlier = [r for r in doc.person_refs[i] if r.end <= s.start + lo]
        if earlier:
            return earlier[-1].person  # "received President X, who arrived ... for a visit"
    return None


def _host(cur: Cursor, i: int, m: re.Match, hi: int, visitor: str) -> str | None:
    doc = cur.doc
    s = doc.sentences[i]
    own = doc.agent_of(visitor)
    for a in doc.agent_refs[i]:
        rel = a.start - s.start
        if rel < m.start() - 5 or rel > max(hi, m.end() + 60):
            continue
        lead = s.text[max(0, rel - 12):rel].lower()
        if re.search(r"\b(?:to|in|into|visited|visiting)\s+(?:the\s+)?$", lead) and a.agent != own:
            return a.agent
    if re.search(r"flew in|arrived|landed|\btrip\b|\bvisit\b", s.text, re.I) and doc.dateline_agent \
            and doc.dateline_agent != own and own is not None:
        return doc.dateline_agent
    return None


def _visit_dates(cur: Cursor, i: int, m: re.Match, lo: int, hi: int) -> tuple[str | None, str | None]:
    return visit_span(cur, i, m.start(), m.end(), *visit_length(cur.doc.sentences[i].text))


def _where(cur: Cursor, i: int) -> str | None:
    for j in range(i, -1, -1):
        p = cur.place_in(j)
        if p and p.country:
            return p.country
    return cur.doc.dateline_agent
