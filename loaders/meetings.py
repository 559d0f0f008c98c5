"""Meetings and calls that happened, read sentence by sentence.

A sentence opens a meeting with its first real trigger (``meeting_cues``), or one meeting per
coordinated clause when each names its own trigger and date ("... was signed on 1 September
by X, and the one with Angola was signed on 3 September by Y"), or one meeting per counterpart
when a host meets several states one by one (``participants.split_bilaterals``). A sentence
that only adds people to a meeting ("X was joined there by Y", "The ceremony was attended by
Z", "The Portuguese delegation was led by W") extends the meeting told before it; a meeting
whose participants are named only in the next sentence waits for them. Dates come from the
clause, else from an anaphor ("later that day"), else from the event last told at the same
place or just before; places from the clause, else the place just told ("there", "after the
ceremony"), else the dateline city for events of the dateline's week. A palace or a hall is
where a meeting sat, not the place (the city) it is reported under.
"""
from __future__ import annotations

import datetime as dt
import re

from diplokg.loaders.clauses import Cursor, dateline_place
from diplokg.loaders.coreference import COMPATIBLE
from diplokg.loaders.eventdates import coordinated_end, during_visit, event_clause, own_date, told_later
from diplokg.loaders.facts import MeetingFact, Place
from diplokg.loaders.linking import Doc
from diplokg.loaders.meeting_cues import NOUN_TRIGGER, is_call, real_triggers
from diplokg.loaders.meetings_in_passing import city, met_before, told_in_passing
from diplokg.loaders.modality import clause_bounds, is_unreal, still_to_come
from diplokg.loaders.participants import (complete_bilateral, participants_in, parties_in, previous_subject,
                                          split_bilaterals)

CONTINUATION = re.compile(r"\b(?:joined|took part|attended|chaired|co-chaired|represented by|signatures?|signed|stood (?:beside|alongside)|"
                          r"the (?:meeting|session|ceremony|call|talks)|there|handed over|credence|credentials|"
                          r"(?:led|headed) by|(?:led|headed) (?:the|his|her|their) (?:\w+ )?(?:side|delegation|team))\b", re.I)
# A sentence with no trigger of its own that names who sat at the meeting just told.
DELEGATIONS = re.compile(r"\b(?:(?:delegation|side|team)s? (?:was|were) (?:led|headed)|(?:led|headed) by|"
                         r"(?:led|headed) (?:the|his|her|their) (?:\w+ )?(?:side|delegation|team)|(?:was|were) (?:also )?(?:present|"
                         r"attended)|accompanied by|joined by|(?:also )?present were|present at the (?:meeting|talks|"
                         r"ceremony|session))\b", re.I)
# "The ceremony was attended by ...", "X attended the meeting": that meeting, however long ago it was told
ATTENDED_THAT = re.compile(r"\b(?:the|that|this) (?:meeting|ceremony|talks|session|audience|retreat|event)\b(?! of| between| with)"
                           r"[^.;]{0,20}\b(?:attended|joined|present)\b|\b(?:attended|joined|was present at|were present at|"
                           r"took part in|participated in) (?:the|that|this) (?:meeting|ceremony|talks|session|audience|"
                           r"retreat|event)\b(?! of| between| with)", re.I)
ATTENDED_BY_WHICH = re.compile(r",\s*which (?:was|were) (?:also )?(?:attended|joined|co-chaired|chaired|hosted|presided over) by\b",
                               re.I)
# no date of its own and none to borrow: "later" is some later day, "recently" some earlier one
NO_DATE = re.compile(r"\b(?:recently|previously|in the past|had (?:already )?(?:met|held))\b|^Earlier\b|"
                     r"\blater\b(?! (?:that|the same|in the) day)", re.I)
ANAPHORIC_PLACE = re.compile(r"\b(?:there|after the ceremony|afterwards|the same day|during (?:that|the|this) (?:stay|visit|trip))\b", re.I)
# the time of the event just told: "the same day", "Then, ...", "Afterwards, ..."
ANAPHORIC_DATE = re.compile(r"\b(?:the same day|during (?:that|the|this) (?:stay|visit|trip))\b|"
                            r"^(?:Then|Afterwards|Thereafter|Subsequently|Immediately after)\b", re.I)
_AT_THE_EVENT = re.compile(r"\W*(?:At|During|After) (?:the|that|this) (?:event|ceremony|meeting|talks|session|audience)\b")
_BOTH_SIDES = re.compile(r"\b(?:the two|both)\b|\bthe (?:\w+ )?(?:ministers|leaders|sides|delegations|presidents|"
                         r"premiers|envoys|heads)\b", re.I)
VIDEO = re.compile(r"\bvideo ?(?:conference|link|call)|virtual(?:ly)?\b|\bonline\b", re.I)
_SESSION_NOUN = re.compile(r"\b(?:session|meeting|talks|summit|round)\b", re.I)
COORDINATION = re.compile(r";|,\s+and\s+(?=the\b|[A-Z])|,\s+while\s+")


def extract_meetings(cur: Cursor) -> list[MeetingFact]:
    walk = _Walk(cur)
    for i in range(len(cur.doc.sentences)):
        walk.read(i)
    return _merge_repeats(walk.meetings)


class _Walk:
    """The meetings told so far and where the story is, sentence after sentence."""

    def __init__(self, cur: Cursor):
        self.cur = cur
        self.doc = cur.doc
        self.meetings: list[MeetingFact] = []
        self.last: MeetingFact | None = None  # the meeting told last, perhaps still waiting for its participants
        self.last_i = -10
        self.last_group: list[MeetingFact] = []  # the bilaterals the last sentence told, when a host met several
        self.carried: str | None = None  # the host of a series of one-sided sentences ("... was signed by X")
        self.narrative_place: Place | None = None
        self.narrative_i = -10
        self.place_dates: dict[str, str] = {}
        self.signings: set[int] = set()  # meetings told only by a signing or a ceremony
        self.split: set[int] = set()  # one of the bilaterals of a host meeting several states
        self.created: list[MeetingFact] = []  # every meeting told, emitted or still waiting for its sides
        self.time_lost_i = -10  # a meeting told "later", on a day the text does not give

    def read(self, i: int) -> None:
        cur, text = self.cur, self.doc.sentences[i].text
        secondary = told_in_passing(cur, i)
        before = met_before(cur, i, self.last, self.last_i)
        if before is not None and not any(m.date == before.date for _, _, m in secondary):
            self.meetings.append(before)
        consumed = [(a, b) for a, b, _ in secondary]
        self.meetings.extend(m for _, _, m in secondary)
        triggers = real_triggers(self.doc, i, consumed)
        place_here = None
        if triggers:
            regions = _regions(cur, i, triggers)
            for trig, lo, hi in regions:
                # a coordinated clause is a sentence of its own: its subject is the one it names
                subject_from = lo if len(regions) > 1 else 0
                place_here = self._trigger(i, trig, lo, hi, subject_from, secondary, consumed) or place_here
        elif self.last is not None and (DELEGATIONS.search(text) or ATTENDED_THAT.search(text)):
            self._delegations(i)
        if secondary and not triggers:
            # "the commission ended its third session in Lusaka on Friday": the event this sentence tells
            self.last, self.last_i, self.last_group = secondary[-1][2], i, [secondary[-1][2]]
        if not triggers:
            self._place_told_after(i)
        if self.doc.sentences[i].role == "caption":
            self.last = None  # a photo caption tells its own event: the story does not go on from it
            return
        # where the story is, for the sentences after this one
        here = place_here or cur.place_in(i)
        if here and here.country and not _planned_place(text, here):
            self.narrative_place = here
            self.narrative_i = i
            value = cur.sentence_date(i)
            if value and len(value) == 10:
                self.place_dates.setdefault(here.label, value)

    def _place_told_after(self, i: int) -> None:
        """The city of a meeting told without one, given after it: "At the event, which took place at the
        headquarters in X", or a photo caption of the same people ("X and Y exchange gifts at the
        ministry in Z")."""
        s = self.doc.sentences[i]
        if s.role == "caption":
            people = set(self.doc.persons_in(i))
            told = [m for m in self.meetings if m.kind == "meeting" and m.place is None and len(people) >= 2
                    and people <= set(m.participants)]
        elif _AT_THE_EVENT.match(s.text) and self.last is not None and self.last_i >= i - 2:
            told = [self.last] if self.last.kind == "meeting" and self.last.place is None else []
        else:
            return
        place = city(self.cur.place_in(i)) if told else None
        if place is not None and place.country:
            for m in told:
                m.place = place
                m.evidence.append(self.cur.evidence(i))

    def _delegations(self, i: int) -> None:
        """"The Portuguese delegation was led by X and the Estonian side by Y": the meeting just told."""
        last = self.last
        own = [d for d in self.cur.dates_in(i) if not d.anaphoric and d.value]
        recent = self.last_i >= i - 2 or ATTENDED_THAT.search(self.doc.sentences[i].text)
        if own or not recent or last.kind != "meeting":
            return
        text = self.doc.sentences[i].text
        participants = participants_in(self.cur, i, 0, len(text))
        if participants:
            self._extend(participants, parties_in(self.cur, i, 0, len(text), participants), self.cur.evidence(i))
            self.last_i = i

    def _trigger(self, i: int, trig: re.Match, lo: int, hi: int, subject_from: int, secondary, consumed) -> Place | None:
        cur, doc = self.cur, self.doc
        s = doc.sentences[i]
        text = s.text
        dates = cur.dates_in(i)
        own = [d for d in dates if not d.anaphoric and d.value and not any(a <= d.start < b for a, b in consumed)]
        own_lo, own_hi = event_clause(text, trig.start(), trig.end())  # not "... and agreed to meet in X"
        own_lo, own_hi = max(own_lo, lo), min(own_hi, hi)
        place_here = city(cur.place_in(i, own_lo, own_hi, consumed) or (
            None if consumed else cur.place_in(i, 0, coordinated_end(text, trig.end()))))
        kind = "call" if is_call(text, trig.start()) else "meeting"
        if ATTENDED_BY_WHICH.match(text, hi):
            hi = clause_bounds(text, hi + 1, hi + 8)[1]  # "a ceremony was held ..., which was attended by X and Y"
        participants = participants_in(cur, i, lo, hi)
        if not participants and lo > 0:
            participants = participants_in(cur, i, 0, len(text))
        participants += [p for p in self._group(i, lo, trig) if p not in participants]
        carried = None
        listed = _listed_after_colon(cur, i, hi)
        if len(participants) == 1 and not listed and not any(s.start + subject_from <= r.start < s.start + trig.start()
                                              for r in doc.person_refs[i]) \
                and not self._titled_subject(i, subject_from, trig.start()) \
                and not any(s.start + trig.start() <= r.start < s.start + trig.end() for r in doc.person_refs[i]):
            # (a person named inside the trigger, "the round of ... took place", is its subject: no partner to carry)
            # "a telephone conversation with President X": the subject is the one just told;
            # "... was signed by X" after "... was signed by Y" in a series: the same host
            carried = self._partner(i, participants[0])
            if carried:
                participants.insert(0, carried)
        parties = parties_in(cur, i, lo, hi, participants)
        if still_to_come(cur.dates_in(i, lo, hi), doc, text[lo:hi]):
            return place_here  # "meets the Prime Minister tomorrow": not yet
        mine = own_date(cur, i, trig.start(), trig.end(), ranges=True)  # a meeting over days: its first
        if mine is not None and (any(a <= mine.start < b for a, b in consumed)
                                 or subject_from and not lo <= mine.start < hi):  # another coordinated clause's
            mine = None
        if mine is None and re.fullmatch(r"(?:co-)?chaired|presided(?: over)?", trig.group(0), re.I):
            # "the commission, co-chaired by the two ministers, concluded its session on Saturday":
            # the chairing describes the session the clause goes on to date
            later = _SESSION_NOUN.search(text, trig.end(), hi)
            mine = own_date(cur, i, later.start(), later.end(), ranges=True) if later else None
        date = mine.value if mine is not None else None
        if date and re.search(r"\band\b", mine.text) and re.search(r"\b(?:calls|meetings)\b", text[trig.start():hi], re.I):
            date = date[:7]  # "received calls on 8 May and 10 May": which call on which day is not told
        if mine is None and re.search(r"\band\s+(?:then\s+|also\s+|later\s+)?$", text[:trig.start()]):
            # "X visited Peru in June 2019 and met Y in Lima": the verb it is coordinated with dates it
            earlier = [d for d in own if lo <= d.start < trig.start() and not d.end_value]
            date = earlier[-1].value if earlier else None
        anaphoric = any(d.anaphoric for d in dates) or bool(ANAPHORIC_DATE.search(text))
        last = self.last
        continuing = (last is not None and not own and not anaphoric and last.kind == "meeting"
                      and (self.last_i >= i - 3 and CONTINUATION.search(text) and not self._new_pair(i, trig, lo, hi, last)
                           or ATTENDED_THAT.search(text))
                      and (place_here is None or last.place is None or place_here.label == last.place.label))
        noun_only = NOUN_TRIGGER.match(trig.group(0)) is not None
        same = [m for a, b, m in secondary if ";" not in text[min(b, trig.start()):max(a, trig.end())]]
        if same and not own:
            # "... their meeting in Moscow on 10 September, after which the two sides issued ...":
            # the same meeting, told on
            _merge(same[0], participants, parties, cur.evidence(i))
            self.last, self.last_i, self.last_group = same[0], i, [same[0]]
            return place_here
        if continuing:
            self._extend(participants, parties, cur.evidence(i))
            if place_here and last.place is None and kind == "meeting":
                last.place = place_here
            self.last_i = i
            return place_here
        if noun_only and not participants and not own and not re.search(r"\bheld\b|took place", text):
            return place_here  # a mechanism or ceremony named in passing, not an event told here
        during = during_visit(cur, i, trig.start()) if date is None else None
        if during is not None:
            # "during his visit, he also met X": the day of a one-day visit; on a visit of
            # several days the text does not say which, and no other date is borrowed
            date = during if len(during) == 10 else None
        if date is None and anaphoric and during is None:
            date = cur.narrative[i]
        if date is None and during is None:
            date = told_later(cur, i, kind)
        video = VIDEO.search(text) is not None
        place = None if kind == "call" or video else place_here
        if place is None and kind == "meeting" and not video and s.role != "caption" and (
                ANAPHORIC_PLACE.search(text) or anaphoric):
            place = self.narrative_place
        if date is None and not NO_DATE.search(text) and not anaphoric and during is None:
            if place is not None and place.label in self.place_dates:
                date = self.place_dates[place.label]
            elif _is_ceremony_or_talks(text) and cur.narrative[i] and self.time_lost_i < i - 1:
                # ("X later called on Y. During the call on Z, ...": the day is lost with "later")
                date = cur.narrative[i]
        if date is None and not own and (NO_DATE.search(text) or self.time_lost_i == i - 1):
            self.time_lost_i = i
        if kind == "meeting" and not video and date and s.role != "caption" and (place is None or place.country is None):
            recent = self.narrative_place if self.narrative_i >= i - 2 and self.narrative_place \
                and self.narrative_place.country else None
            # the city the story last told events in (the ceremony "held in Addis Ababa") before the dateline's
            told = self.narrative_place if self.narrative_place and self.narrative_place.country else None
            dateline = _dateline_place(doc, date)
            fallback = recent or (told if dateline is not None else None) or dateline
            if fallback is not None and (place is None or doc.dateline is not None):
                place = fallback
        if not participants and not parties and not noun_only and len(doc.parties) >= 2 and (
                len(doc.parties) == 2 or _BOTH_SIDES.search(text, lo, hi)):
            # (in a story of many states, "the ceremony was held" alone does not say between which two)
            parties = list(doc.parties[:2])  # "the ministers last met in Brussels": the two sides
        call_type = re.search(r"\b(courtesy|farewell) call", text, re.I)
        groups = split_bilaterals(cur, i, trig, lo, hi, participants, parties)
        if listed and participants:
            # "The envoys who paid courtesy calls on X included: the Ambassador of A (NAME); ...": one each
            groups = [(participants + [p], parties + [a for a in [agent] if a and a not in parties])
                      for p, agent in listed if p not in participants]
            if date is None:
                date = next((m.date for m in reversed(self.created) if m.date and m.kind == kind
                             and set(participants) <= set(m.participants)), None)
        made = []
        for people, sides in groups:
            meeting = MeetingFact(kind, date, place, list(people), list(sides), [cur.evidence(i)])
            meeting.call_type = call_type.group(1).lower() if call_type else None
            if re.fullmatch(r"signed|signatures?|ceremony", trig.group(0), re.I):
                self.signings.add(id(meeting))
            if len(groups) > 1:
                self.split.add(id(meeting))
            self.last, self.last_i = meeting, i
            self.created.append(meeting)
            self._emit_if_ready(meeting)
            made.append(meeting)
        self.last_group = made
        self.carried = carried
        return place_here

    def _titled_subject(self, i: int, lo: int, hi: int) -> bool:
        """"The High Commissioner of Australia, H.E. X, also paid a call", "The Heads of Mission that paid
        calls ...": a subject the clause names by a post (with a name the reading missed, or none), not
        the one told before."""
        s = self.doc.sentences[i]
        return any(tp.person is None and lo <= tp.start - s.start < hi
                   and re.match(r"\W*(?:The\s+)?$", s.text[lo:tp.start - s.start]) for tp in self.doc.titles[i])

    def _new_pair(self, i: int, trig: re.Match, lo: int, hi: int, last: MeetingFact) -> bool:
        """"X co-chaired the dialogue with Y", Y new: a meeting of its own, not more of the last one."""
        s = self.doc.sentences[i]
        if re.match(r"\s+(?:the|this|that) (?:meeting|session|talks|ceremony|call|event|round)\b", s.text[trig.end():]):
            return False  # "co-chaired the session": the one just told
        at = s.start + trig.start()
        refs = [r for r in self.doc.person_refs[i] if r.start < s.start + hi]
        before = [r for r in refs if r.start < at]  # from the sentence's start: "X, who is in Oslo for two days, co-chaired"
        after = [r for r in refs if r.start > at]
        return bool(before and any(r.person not in last.participants for r in after))

    def _group(self, i: int, lo: int, trig: re.Match) -> list[str]:
        """"The ministers then called together on the King": the ministers of the meeting just told."""
        last, doc = self.last, self.doc
        if last is None or self.last_i < i - 6 or last not in self.meetings:
            return []
        s = doc.sentences[i]
        for tp in doc.titles[i]:
            rel = tp.start - s.start
            if not (tp.plural and tp.person is None and lo <= rel < trig.start()):
                continue
            if not re.search(r"\bthe\s+(?:[A-Z][\w-]*\s+){0,2}$", s.text[max(0, rel - 30):rel]):
                continue
            fits = COMPATIBLE.get(tp.position, {tp.position})
            held = [p for p in last.participants if any(r.position in fits for r in doc.persons[p].roles)]
            if len(held) >= 2:
                return held
        return []

    def _extend(self, participants: list[str], parties: list[str], evidence) -> None:
        """Add people to the meeting just told; to each of its bilaterals when a host met several
        ("The ceremony was attended by the Foreign Minister")."""
        for meeting in self.last_group if self.last in self.last_group else [self.last]:
            _merge(meeting, participants, parties, evidence)
            self._emit_if_ready(meeting)

    def _partner(self, i: int, other: str) -> str | None:
        carried = self.carried
        if carried and carried != other and self.last_i >= i - 2 and self.doc.agent_of(carried) != self.doc.agent_of(other):
            return carried
        return previous_subject(self.doc, i, other)

    def _emit_if_ready(self, meeting: MeetingFact) -> None:
        """Emit a meeting once it names two sides; a signing needs two named signatories."""
        if any(m is meeting for m in self.meetings):
            return
        participants, parties = meeting.participants, meeting.parties
        if id(meeting) in self.signings and len(participants) < 2:
            return  # a signing is a meeting only when named officials sign together
        if len(participants) >= 2 or len(set(parties)) >= 2 or (participants and set(parties) - {
                self.doc.agent_of(p) for p in participants}):
            if len(set(parties)) < 2 and len(self.doc.parties) >= 2 and id(meeting) not in self.split:
                meeting.parties = complete_bilateral(self.doc, parties, participants)
            self.meetings.append(meeting)


_LIST_OPENS = re.compile(r"\b(?:include[sd]?|were|are|was|comprised)\s*$", re.I)


def _listed_after_colon(cur: Cursor, i: int, hi: int) -> list[tuple[str, str | None]]:
    """The persons a list after "... included:" names, one an item, each with the state its item
    names ("Ambassador of Oman (NAME); Ambassador of Latvia (NAME); and ...")."""
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    if not text.startswith(":", hi) or not _LIST_OPENS.search(text, 0, hi):
        return []
    out = []
    at = hi + 1
    for item in re.split(r";", text[hi + 1:]):
        a, b = s.start + at, s.start + at + len(item)
        at += len(item) + 1
        people = list(dict.fromkeys(r.person for r in doc.person_refs[i] if a <= r.start < b))
        states = list(dict.fromkeys(g.agent for g in doc.agent_refs[i] if a <= g.start < b and g.how != "city"))
        if len(people) != 1 or len(states) > 1:
            return []  # not a list of one person an item
        out.append((people[0], states[0] if states else doc.agent_of(people[0])))
    return out if len(out) >= 2 else []


def _regions(cur: Cursor, i: int, triggers: list[re.Match]) -> list[tuple[re.Match, int, int]]:
    """The trigger of each coordinated clause that has its own date; else the first trigger in its clause."""
    text = cur.doc.sentences[i].text
    first = triggers[0]
    whole = [(first, *clause_bounds(text, first.start(), first.end()))]
    if len(triggers) < 2:
        return whole
    cuts = [0] + [m.end() for m in COORDINATION.finditer(text)] + [len(text) + 1]
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        here = [t for t in triggers if lo <= t.start() < hi]
        dated = [d for d in cur.dates_in(i, lo, min(hi, len(text))) if d.value and not d.anaphoric]
        if here and dated:
            clo, chi = clause_bounds(text, here[0].start(), here[0].end())
            out.append((here[0], max(lo, clo), min(hi, chi)))
    return out if len(out) >= 2 else whole


def _merge_repeats(meetings: list[MeetingFact]) -> list[MeetingFact]:
    """A headline, a caption or a later sentence that tells a meeting again without a date is
    that meeting: the same kind between the same named persons."""
    out: list[MeetingFact] = []
    for m in meetings:
        people = set(m.participants)
        twin = next((o for o in out if o.kind == m.kind and len(people) >= 2 and set(o.participants) == people
                     and (o.date is None or m.date is None or o.date == m.date)), None)
        if twin is None and not people and m.date:
            # "the session of the commission on Friday, 4 June" after the session told with its chairs
            twin = next((o for o in out if o.kind == m.kind and o.date == m.date and set(m.parties) <= set(o.parties)
                         and o.participants), None)
        if twin is None:
            out.append(m)
            continue
        twin.date = twin.date or m.date
        twin.place = twin.place or m.place
        _merge(twin, m.participants, m.parties, m.evidence[0])
        for ev in m.evidence[1:]:
            if ev not in twin.evidence:
                twin.evidence.append(ev)
    return out


def _planned_place(text: str, place: Place) -> bool:
    """"X will travel to Ottawa": a place the story has not reached."""
    at = text.find(place.label)
    return at >= 0 and is_unreal(text, at, at + len(place.label))


def _is_ceremony_or_talks(text: str) -> bool:
    return bool(re.search(r"\b(?:ceremony|signed|talks|received|met|held|joined|represented|conferred|welcomed|"
                          r"credentials|audience|call(?:ed)? on|sat down|attended|took part|participated|(?:was|were) present)\b",
                          text, re.I))


def _merge(m: MeetingFact, participants: list[str], parties: list[str], ev) -> None:
    for p in participants:
        if p not in m.participants:
            m.participants.append(p)
    for a in parties:
        if a not in m.parties:
            m.parties.append(a)
    if ev not in m.evidence:
        m.evidence.append(ev)


def _dateline_place(doc: Doc, date: str) -> Place | None:
    """Events of the dateline's own week happen in the dateline city."""
    if not (doc.ref_date and len(date) == 10) or abs((dt.date.fromisoformat(date) - doc.ref_date).days) > 7:
        return None
    place = dateline_place(doc)
    if place is not None and place.is_state:  # a state's name as a dateline: the words, not a city
        return Place(doc.dateline.place.title(), doc.dateline_agent)
    return place
