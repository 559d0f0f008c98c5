"""Meetings, calls and visits that happened, read sentence by sentence.

One sentence opens at most one meeting; a sentence that only adds people to it ("X was
joined there by Y", "The meeting was chaired by Z", "the UAE was represented by W") extends
the meeting told just before. Dates come from the clause, else from an anaphor ("later that
day"), else from the event last told at the same place or just before; places from the
clause, else the place just told ("there", "after the ceremony"), else the dateline city
for events of the dateline's week.
"""
from __future__ import annotations

import datetime as dt
import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.eventdates import coordinated_end, departure, during_visit, event_clause, own_date, told_later, visit_length, visit_span
from diplokg.loaders.facts import MeetingFact, Place, VisitFact
from diplokg.loaders.linking import Doc
from diplokg.loaders.modality import clause_bounds, is_unreal

CALL = re.compile(r"\b(?:tele)?phone (?:call|conversation|talks?)|\bspoke (?:with [^.;]{0,80}? )?(?:by|over the|on the) "
                  r"(?:tele)?phone|\bphoned\b|"
                  r"\bvideo call\b", re.I)
MEET = re.compile(
    r"\b(?:met(?: with)?|meets?(?: with)?|held talks|talks\b|(?:was|were) received by|received|called (?:first |then |also )?on|"
    r"(?:courtesy|farewell) call|sat down with|co-chaired|chaired|held (?:the|their|a|an) (?:[\w'’-]+ ){0,4}?(?:round|meeting|summit|"
    r"session|dialogue|consultations|retreat|talks)|(?:round|summit|meeting|session)s? (?:[\w'’,-]+ ){0,8}?(?:was|were) held|was held|"
    r"(?-i:[A-Z][\w'’]* Meeting)\b|\bsummit\b|present(?:ed|s)? (?:her|his|their) (?:credentials|letter)|"
    r"letters? of (?:credence|commission)|read out|initialled|issued a joint|attended|(?:was|were) present at|"
    r"signed|signatures?|joined(?: there)? by|joined the (?:call|meeting|talks|session)|took part|"
    r"stood (?:beside|alongside)|(?:was|were) represented by|ceremony)\b", re.I)
BACK_REFERENCE = re.compile(r"\b(?:after|before|following|since|ahead of|during) (?:the|their|this|that) "
                            r"(?:[\w-]+ )?(?:talks|meeting|summit|ceremony|call|session)\b", re.I)
SECONDARY = re.compile(
    r"\b(?:the|a|an|its|their|whose|(?<=The ))\s*(?:(?:first|second|third|fourth|fifth|last|previous|\w+th|annual|inaugural)\s+)?"
    r"(?P<noun>summit|round|meeting|session)\b(?P<tail>(?: between| with)[^.;]{0,120}|[^.;]{0,60})", re.I)
CONTINUATION = re.compile(r"\b(?:joined|took part|attended|chaired|co-chaired|represented by|signatures?|signed|stood (?:beside|alongside)|"
                          r"the (?:meeting|session|ceremony|call|talks)|there|handed over|credence|credentials)\b", re.I)
# no date of its own and none to borrow: "later" is some later day, "recently" some earlier one
NO_DATE = re.compile(r"\b(?:recently|previously|in the past|had (?:already )?(?:met|held))\b|^Earlier\b|"
                     r"\blater\b(?! (?:that|the same|in the) day)", re.I)
ANAPHORIC_PLACE = re.compile(r"\b(?:there|after the ceremony|afterwards|the same day|during (?:that|the|this) (?:stay|visit|trip))\b", re.I)
# the time of the event just told: "the same day", "Then, ...", "Afterwards, ..."
ANAPHORIC_DATE = re.compile(r"\b(?:the same day|during (?:that|the|this) (?:stay|visit|trip))\b|"
                            r"^(?:Then|Afterwards|Thereafter|Subsequently|Immediately after)\b", re.I)
BACKGROUND = re.compile(r"\b(?:had been|had already|since|ago|last met|due to|expected|will|would|planned)\b", re.I)
VIDEO = re.compile(r"\bvideo ?(?:conference|link|call)|virtual(?:ly)?\b|\bonline\b", re.I)
NOT_PARTICIPANT = re.compile(r"(?:residence|office|home|government|administration|invitation|behalf|child|son|daughter|"
                             r"wife|husband) of (?:the )?(?:[A-Z][\w.’'-]* ?)*$|(?:nominated|appointed|thanked|named) "
                             r"(?:by )?(?:his |her )?(?:[\w-]+ ){0,3}$", re.I)
NOT_PARTY = re.compile(r"(?:\bin|\bon|\babout|\bsidelines of|\bmargins of|\bto|\bfrom|\bregarding|\bagainst|"
                       r"\bsituation in|\bwith|\bwhere|\bfor|\btowards?)\s+(?:the\s+)?$", re.I)


def _participants(cur: Cursor, i: int, lo: int, hi: int) -> list[str]:
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


def _parties(cur: Cursor, i: int, lo: int, hi: int, participants: list[str]) -> list[str]:
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
        if tp.person is None and tp.plural and lo <= rel < hi and not NOT_PARTY.search(s.text[max(0, rel - 25):rel]):
            out.extend(a for a in tp.agents if a not in out)
    for m in re.finditer(r"counterparts\b", s.text[lo:hi]):
        seg_start = s.start + lo + max(0, m.start() - 80)
        for a in doc.agent_refs[i]:
            if seg_start <= a.start < s.start + lo + m.start() and a.how == "demonym" and a.agent not in out:
                out.append(a.agent)
    for a in doc.agent_refs[i]:
        rel = a.start - s.start
        if a.how in ("city",) or not (lo <= rel < hi) or a.agent in out:
            continue
        if NOT_PARTY.search(s.text[max(0, rel - 25):rel]):
            continue
        if a.how in ("state", "org") or re.match(r"[\w-]*-", s.text[rel:rel + 30]):
            out.append(a.agent)
    return out


SECONDARY_HELD = re.compile(r"\b[Tt]he (?:first|second|third|last|previous|\w+th) (?:one |round |meeting |summit )?"
                            r"(?:was|were) held(?P<tail>[^.;]{0,60})")
NOUN_TRIGGER = re.compile(r"^(?:talks|summit|ceremony|session|[\w'’]+ Meeting)$", re.I)


def _first_trigger(text: str, skip: list[tuple[int, int]]) -> re.Match | None:
    """The first meeting or call trigger that is real, not a back-reference, not already read."""
    back_references = None  # found once, when a trigger first needs them
    for pattern in (CALL, MEET):
        pos = 0
        while True:
            m = pattern.search(text, pos)
            if m is None:
                break
            pos = m.end()
            if any(a <= m.start() < b for a, b in skip) or is_unreal(text, m.start(), m.end()):
                continue
            if NOUN_TRIGGER.match(m.group(0)) and _SETTING_BEFORE.search(text, 0, m.start()):
                continue  # "at the G20 summit": a setting, not a meeting
            if back_references is None:
                back_references = [(b.start(), b.end()) for b in BACK_REFERENCE.finditer(text)]
            if any(a <= m.start() < b for a, b in back_references):
                continue
            if pattern is CALL or not CALL.search(text):
                return m
            break
    return None


_SETTING_BEFORE = re.compile(r"\b(?:at|on the sidelines of|on the margins of|during|ahead of)"
                             r"\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}$")


def _secondary(cur: Cursor, i: int) -> list[tuple[int, int, MeetingFact]]:
    """Earlier rounds told in passing: "since the summit in Tokyo in October 2018", "a first
    round in Beijing in March 2019", "the tenth round of which was held on 20 February"."""
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    out = []
    seen: list[tuple[int, int]] = []
    for m in list(SECONDARY.finditer(text)) + list(SECONDARY_HELD.finditer(text)):
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in seen):
            continue
        seen.append((m.start(), m.end()))
        tail_lo, tail_hi = m.start("tail"), m.end("tail")
        dates = [d for d in cur.dates_in(i, tail_lo, tail_hi) if d.value and not d.anaphoric and not d.end_value]
        if not dates or is_unreal(text, m.start(), m.end()):
            continue
        if "noun" in m.groupdict() and m.group("noun") and not (
                re.search(r"\bheld\b", text[m.start():tail_hi]) or cur.place_in(i, tail_lo, dates[0].start + 1)):
            continue
        place = cur.place_in(i, tail_lo, tail_hi)
        lo, _ = clause_bounds(text, m.start(), m.end())
        held_by = re.search(r"\bheld\s*$", text[lo:m.start()])
        participants = _participants(cur, i, lo, m.start()) if held_by else []
        # "their meeting in Moscow on 10 September": the two "their" stands for; "a meeting between X and Y ..."
        participants += [p for p in _participants(cur, i, m.start(), m.start() + 6) if p not in participants]
        if re.match(r"\s+(?:between|with)\b", m.group("tail")):
            participants += [p for p in _participants(cur, i, tail_lo, dates[0].start) if p not in participants]
        parties = [a for a in (doc.agent_of(p) for p in participants) if a]
        parties = _complete_bilateral(doc, list(dict.fromkeys(parties)), participants)
        if len(parties) < 2 and not participants:
            continue
        out.append((m.start(), dates[0].end, MeetingFact("meeting", dates[0].value, place, participants, parties,
                                                         [cur.evidence(i)])))
    return out


def extract_meetings(cur: Cursor) -> list[MeetingFact]:
    doc = cur.doc
    meetings: list[MeetingFact] = []
    last: MeetingFact | None = None
    last_i = -10
    narrative_place: Place | None = None
    narrative_i = -10
    place_dates: dict[str, str] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        narrative_date = cur.narrative[i]
        secondary = _secondary(cur, i)
        consumed = [(a, b) for a, b, _ in secondary]
        meetings.extend(m for _, _, m in secondary)
        trig = _first_trigger(text, consumed)
        dates = cur.dates_in(i)
        own = [d for d in dates if not d.anaphoric and d.value and not any(a <= d.start < b for a, b in consumed)]
        place_here = None
        if trig is not None:
            lo, hi = clause_bounds(text, trig.start(), trig.end())
            own_lo, own_hi = event_clause(text, trig.start(), trig.end())  # not "... and agreed to meet in X"
            place_here = cur.place_in(i, own_lo, own_hi, consumed) or (
                None if consumed else cur.place_in(i, 0, coordinated_end(text, trig.end())))
            kind = "call" if CALL.match(text, trig.start()) else "meeting"
            participants = _participants(cur, i, lo, hi)
            if not participants and not re.match(r"\s*(?:which|who|whose|where)\b", text[lo:]) and lo > 0:
                participants = _participants(cur, i, 0, len(text))
            if len(participants) == 1 and not any(r.start < s.start + trig.start() for r in doc.person_refs[i]):
                # "a telephone conversation with President X": the subject is the one just told
                prev = _previous_subject(doc, i, participants[0])
                if prev:
                    participants.insert(0, prev)
            parties = _parties(cur, i, lo, hi, participants)
            mine = own_date(cur, i, trig.start(), trig.end(), ranges=True)  # a meeting over days: its first
            if mine is not None and any(a <= mine.start < b for a, b in consumed):
                mine = None
            date = mine.value if mine is not None else None
            anaphoric = any(d.anaphoric for d in dates) or bool(ANAPHORIC_DATE.search(text))
            continuing = (last is not None and last_i >= i - 3 and not own and not anaphoric
                          and CONTINUATION.search(text) and last.kind == "meeting"
                          and (place_here is None or last.place is None or place_here.label == last.place.label))
            noun_only = NOUN_TRIGGER.match(trig.group(0)) is not None
            same = [m for a, b, m in secondary if ";" not in text[min(b, trig.start()):max(a, trig.end())]]
            if same and not own:
                # "... their meeting in Moscow on 10 September, after which the two sides issued ...":
                # the same meeting, told on
                _merge(same[0], participants, parties, cur.evidence(i))
                last, last_i = same[0], i
            elif continuing:
                _merge(last, participants, parties, cur.evidence(i))
                if place_here and last.place is None and kind == "meeting":
                    last.place = place_here
                last_i = i
            elif noun_only and not participants and not own and not re.search(r"\bheld\b|took place", text):
                pass  # a mechanism or ceremony named in passing, not an event told here
            else:
                during = during_visit(cur, i, trig.start()) if date is None else None
                if during is not None:
                    # "during his visit, he also met X": the day of a one-day visit; on a visit of
                    # several days the text does not say which, and no other date is borrowed
                    date = during if len(during) == 10 else None
                if date is None and anaphoric and during is None:
                    date = narrative_date
                if date is None and during is None:
                    date = told_later(cur, i, kind)
                video = VIDEO.search(text) is not None
                place = None if kind == "call" or video else place_here
                if place is None and kind == "meeting" and not video and s.role != "caption" and (
                        ANAPHORIC_PLACE.search(text) or anaphoric):
                    place = narrative_place
                if date is None and not NO_DATE.search(text) and not anaphoric and during is None:
                    if place is not None and place.label in place_dates:
                        date = place_dates[place.label]
                    elif _is_ceremony_or_talks(text) and narrative_date:
                        date = narrative_date
                if kind == "meeting" and not video and date and s.role != "caption" and (place is None or place.country is None):
                    recent = narrative_place if narrative_i >= i - 2 and narrative_place and narrative_place.country else None
                    fallback = recent or _dateline_place(doc, date)
                    if fallback is not None and (place is None or doc.dateline is not None):
                        place = fallback
                if not participants and not parties and not noun_only and len(doc.parties) >= 2:
                    parties = list(doc.parties[:2])  # "the ministers last met in Brussels": the two sides
                signing_only = re.fullmatch(r"signed|signatures?|ceremony", trig.group(0), re.I) is not None
                if signing_only and len(participants) < 2:
                    pass  # a signing is a meeting only when named officials sign together
                elif len(participants) + len(parties) >= 2 or (participants and parties):
                    if len(set(parties)) < 2 and len(doc.parties) >= 2:
                        parties = _complete_bilateral(doc, parties, participants)
                    last = MeetingFact(kind, date, place, participants, parties, [cur.evidence(i)])
                    call_type = re.search(r"\b(courtesy|farewell) call", text, re.I)
                    last.call_type = call_type.group(1).lower() if call_type else None
                    meetings.append(last)
                    last_i = i
        if s.role == "caption":
            last = None  # a photo caption tells its own event: the story does not go on from it
            continue
        # where the story is, for the sentences after this one
        here = place_here or cur.place_in(i)
        if here and here.country and not _planned_place(text, here):
            narrative_place = here
            narrative_i = i
            value = cur.sentence_date(i)
            if value and len(value) == 10:
                place_dates.setdefault(here.label, value)
    return meetings


def _planned_place(text: str, place: Place) -> bool:
    """"X will travel to Ottawa": a place the story has not reached."""
    at = text.find(place.label)
    return at >= 0 and is_unreal(text, at, at + len(place.label))


def _is_ceremony_or_talks(text: str) -> bool:
    return bool(re.search(r"\b(?:ceremony|signed|talks|received|met|held|joined|represented|attended|took part|"
                          r"participated|(?:was|were) present)\b", text, re.I))


def _previous_subject(doc: Doc, i: int, other: str) -> str | None:
    for j in range(i - 1, max(-1, i - 3), -1):
        for r in doc.person_refs[j]:
            if r.person != other:
                return r.person
    return None


def _merge(m: MeetingFact, participants: list[str], parties: list[str], ev) -> None:
    for p in participants:
        if p not in m.participants:
            m.participants.append(p)
    for a in parties:
        if a not in m.parties:
            m.parties.append(a)
    if ev not in m.evidence:
        m.evidence.append(ev)


def _complete_bilateral(doc: Doc, parties: list[str], participants: list[str]) -> list[str]:
    """In an article between two parties, a meeting with one known side and someone of no
    stated state, or no side at all, is between the two."""
    two = doc.parties[:2]
    unknown = [p for p in participants if not doc.agent_of(p)]
    if not parties:
        return list(two)
    if unknown and parties[0] in two:
        return parties + [a for a in two if a not in parties]
    return parties


def _dateline_place(doc: Doc, date: str) -> Place | None:
    """Events of the dateline's own week happen in the dateline city."""
    if not (doc.dateline and doc.dateline.place and doc.ref_date and len(date) == 10):
        return None
    delta = abs((dt.date.fromisoformat(date) - doc.ref_date).days)
    if delta > 7:
        return None
    from diplokg.loaders.gazetteer import gazetteer
    from diplokg.loaders.tokens import phrase_key

    for e in gazetteer().lookup(phrase_key(doc.dateline.place)):
        if e.kind == "city":
            return Place(e.label, e.extra)
    return Place(doc.dateline.place.title(), doc.dateline_agent)


# ----------------------------------------------------------------------------- visits

VISIT = re.compile(
    r"\b(?:(?:state|official|working|maiden|first|bilateral|two-day|three-day|[\w-]+-day)\s+)*(?:visit|trip|tour)s?\b"
    r"|\bis (?:in|visiting)\b|\bvisited\b|\bspent (?:\w+ )?days in\b|\bflew in(?:to)?\b", re.I)
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
    for v in visits.values():
        if v.end is None:  # "He left for home on Friday": the visit ends the day its visitor leaves
            v.end = departure(cur, v.visitor, v.start)
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
    if re.match(r"\s*(?:who|which)\b", text[lo:]) or re.search(r"\b(?:who|which)\s*$", text[:lo]):
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
