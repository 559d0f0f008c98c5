"""Visits that happened: who went where, from when to when.

A visit is read from its trigger ("visited", "a three-day visit to", "flew into", "is in")
with the visitor the clause names before it (or after "of"/"by"), the host the state or city
it names after "to"/"in", and the dates of the clause (a range, or a start and a duration).
"""
from __future__ import annotations

import datetime as dt
import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.facts import VisitFact
from diplokg.loaders.modality import clause_bounds, is_unreal

VISIT = re.compile(
    r"\b(?:(?:state|official|working|maiden|first|bilateral|two-day|three-day|[\w-]+-day)\s+)*(?:visit|trip|tour)s?\b"
    r"|\bis (?:in|visiting)\b|\bvisited\b|\bspent (?:\w+ )?days in\b|\bflew in(?:to)?\b", re.I)
DURATION = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)[- ]day\b", re.I)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
VISIT_TYPE = re.compile(r"\b(state|official|working)\s+visit\b", re.I)


def extract_visits(cur: Cursor) -> list[VisitFact]:
    doc = cur.doc
    visits: dict[tuple[str, str], VisitFact] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in VISIT.finditer(text):
            if is_unreal(text, m.start(), m.end()):
                continue
            if re.match(r"visits?\b", m.group(0), re.I) and re.search(r"\b(?:paid|many|several|high-level|of visits)\b",
                                                                     text[max(0, m.start() - 20):m.start()], re.I):
                continue  # "paid many high-level visits": no one visit
            lo, hi = clause_bounds(text, m.start(), m.end())
            visitor = _visitor(cur, i, m, lo, hi)
            if visitor is None:
                continue
            host = _host(cur, i, m, hi, visitor)
            if host is None or host == doc.agent_of(visitor):
                continue
            start, end = _visit_dates(cur, i, m, lo, hi)
            key = (visitor, host)
            vt = VISIT_TYPE.search(text)
            if key in visits:
                v = visits[key]
                v.start = v.start or start
                v.end = v.end or end
                if cur.evidence(i) not in v.evidence:
                    v.evidence.append(cur.evidence(i))
            else:
                visits[key] = VisitFact(visitor, host, start, end, vt.group(1).lower() if vt else None, [cur.evidence(i)])
    # "the visiting minister": a visit with no dates to where the text happens
    for i, s in enumerate(doc.sentences):
        for r in doc.person_refs[i]:
            if r.how == "nominal" and "visiting" in doc.text[r.start:r.end].lower():
                host = _where(cur, i)
                if host and host != doc.agent_of(r.person) and (r.person, host) not in visits:
                    visits[(r.person, host)] = VisitFact(r.person, host, None, None, None, [cur.evidence(i)])
    return list(visits.values())


def _visitor(cur: Cursor, i: int, m: re.Match, lo: int, hi: int) -> str | None:
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    # "the visit of President X to Japan", "X's visit to"
    after = [r for r in doc.person_refs[i] if s.start + m.end() <= r.start < s.start + m.end() + 40]
    if after and re.match(r"\s*(?:of|by)\b", text[m.end():]):
        return after[0].person
    before = [r for r in doc.person_refs[i] if s.start + lo <= r.start < s.start + m.start()]
    if before:
        return before[0].person
    if re.match(r"\s*(?:who|which)\b", text[lo:]):
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
    dates = [d for d in cur.dates_in(i) if not d.anaphoric and d.value]
    rng = [d for d in dates if d.end_value]
    if rng:
        return rng[0].value, rng[0].end_value
    dur = DURATION.search(s := cur.doc.sentences[i].text)
    days = None
    if dur:
        word = dur.group(1).lower()
        days = NUMBERS.get(word) or (int(word) if word.isdigit() else None)
    day = next((d for d in dates if d.value and len(d.value) == 10), None)
    if days and day:
        when = dt.date.fromisoformat(day.value)
        if re.search(r"\b(?:wrapping up|ending|concluding|end of|last day of)\b", s, re.I):
            return (when - dt.timedelta(days=days - 1)).isoformat(), when.isoformat()
        return when.isoformat(), (when + dt.timedelta(days=days - 1)).isoformat()
    lo_dates = [d for d in dates if lo <= d.start < hi]
    if lo_dates and not days:
        return lo_dates[0].value, None  # "visited Tehran in June": when it began, at the precision given
    return None, None


def _where(cur: Cursor, i: int) -> str | None:
    for j in range(i, -1, -1):
        p = cur.place_in(j)
        if p and p.country:
            return p.country
    return cur.doc.dateline_agent
