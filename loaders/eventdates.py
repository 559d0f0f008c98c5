"""Which date belongs to which event: a date dates the event of its own clause, not the one next to it.

A sentence often carries several dates ("the trade pact signed in 1999 and the treaty on
culture, signed in 2004"; "who is in Lima from 4 to 7 May Friday chaired ..."; "the tour ended
with the signing of two accords on Sunday"). The rules here attach a date to an event
named at a span of a sentence:

1. only dates of the event's own clause count: the clause ends at ``;``, ``:``, "but",
   "while", "which" (``modality.clause_bounds``) and where a coordinated clause begins
   ("... and agreed to hold ...", "... and then met ...");
2. the first date after the event wins, unless another event word stands between them
   ("the tour ended with the signing ... on Sunday": Sunday is the signing's); else the nearest date
   before it, with the same proviso ("Friday chaired");
3. "since 2017", "until 2020" bound a period; they date no event;
4. a date told later about the same event in so many words ("after the call on Tuesday",
   "during the visit on 3 May") dates the event told just before that had none.
"""
from __future__ import annotations

import datetime as dt
import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.dates import DateMention
from diplokg.loaders.modality import clause_bounds

# words that tell another event, which claims the dates next to it ("the tour ended with the signing
# ... on Monday"); verbs and verbal nouns only: "the fifth session of the Joint Commission ... on
# Friday" is one event, its name no other; "held" and "attended" describe the event itself
# ("presented her letters ... at a ceremony held in the palace on Monday")
EVENT_WORD = re.compile(
    r"\b(?:met|meets|sign(?:ing|ed|s)?|received|receives|arriv(?:ed|al|es)|depart(?:ed|ure|s)|left|"
    r"called|visit(?:s|ed|ing)?|trip|tour|(?:co-)?chaired|opened|established|founded|launched|inaugurated|"
    r"appointed|concluded)\b", re.I)
# where a coordinated clause begins: "and agreed to ...", "and then met ..." (not "X and the
# President of Peru", a list of persons)
_COORDINATION = re.compile(r",?\s+and\s+(?=(?:then|also|later)\s+|(?:[a-z]+ed|will|would|held|met|signed|left|took)\b)")
_BOUNDING = re.compile(r"\b(?:since|until|till|ever since)\s+$", re.I)
_BACK_REFERENCE = re.compile(r"\b(?:after|during|following|at|in the course of)\s+(?:the|their|this|that|his|her)\s+"
                             r"(?:[\w-]+\s+)?(?P<noun>call|conversation|meeting|talks|visit|trip|ceremony|session|summit)"
                             r"\b", re.I)
KIND_NOUNS = {"call": ("call", "conversation"), "meeting": ("meeting", "talks", "ceremony", "session", "summit"),
              "visit": ("visit", "trip")}


# a clause that happens at the time of the one before it: "..., when the two envoys
# initialled the text", "..., after which both sides released a declaration"
_AT_THAT_TIME = re.compile(r"(?:,\s*|\b)(?:when|as|whereupon|after which|at which|during which|on which)\s*$", re.I)


def event_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of the event named at ``[start, end)``: ``clause_bounds`` cut where a
    coordinated clause begins, and reaching back over "when", "after which" to the clause whose
    time it shares."""
    lo, hi = clause_bounds(text, start, end)
    while lo > 0 and _AT_THAT_TIME.search(text, max(0, lo - 20), lo):
        lo = clause_bounds(text, max(0, lo - 25), max(0, lo - 24))[0]
    for m in _COORDINATION.finditer(text, lo, hi):
        before = text[max(lo, m.start() - 60):m.start()]
        if re.search(r"\bbetween\b[^,;]*$", before):
            continue  # "between the EU and the Republic of ...": one pair, not two clauses
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def coordinated_end(text: str, end: int) -> int:
    """Where the first coordinated clause after ``end`` begins ("... and agreed to hold the next
    round in X"), else the end of the sentence."""
    for m in _COORDINATION.finditer(text, end):
        if not re.search(r"\bbetween\b[^,;]*$", text[max(end, m.start() - 60):m.start()]):
            return m.start()
    return len(text)


def own_date(cur: Cursor, i: int, start: int, end: int, *, ranges: bool = False,
             own_words: re.Pattern | None = None) -> DateMention | None:
    """The date of the event named at ``[start, end)`` of sentence ``i`` (offsets in the
    sentence), by the rules above; a range ("21-23 February") only when ``ranges``.
    ``own_words`` are the event's own verbs ("was signed on 9 March" for an agreement's title),
    which do not stand between it and its date."""
    text = cur.doc.sentences[i].text
    lo, hi = event_clause(text, start, end)
    dates = [d for d in cur.dates[i] if d.value and not d.anaphoric and lo <= d.start and d.end <= hi
             and (ranges or not d.end_value) and not _BOUNDING.search(text[max(0, d.start - 12):d.start])
             and not d.text.lower().startswith(("since ", "until "))]

    def other_event(a: int, b: int) -> bool:
        return any(not (own_words and own_words.fullmatch(m.group(0))) for m in EVENT_WORD.finditer(text, a, b))

    for d in dates:
        if d.start >= end and not other_event(end, d.start):
            return d
    for d in reversed(dates):
        if d.end <= start and not other_event(d.end, start):
            return d
    return None


SIGNING_WORDS = re.compile(r"sign(?:ing|ed|s)?|held|established", re.I)
_DURING_VISIT = re.compile(r"\b(?:during|in the course of|on the occasion of)\s+(?:the|his|her|their|this|that)\s+"
                           r"(?:[\w-]+\s+){0,2}(?:visit|trip|stay|tour)\b", re.I)
_VISIT_WORD = re.compile(r"\b(?:visit(?:ed|ing)?|trip|tour)\b", re.I)
_DURATION = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)[- ]day\b", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ENDING = re.compile(r"\b(?:wrapping up|ending|concluding|end of|last day of)\b", re.I)


def visit_length(text: str) -> tuple[int | None, bool]:
    """The days a visit lasts ("a three-day visit") and whether the sentence tells its last day
    ("ending a three-day tour")."""
    m = _DURATION.search(text)
    if m is None:
        return None, False
    word = m.group(1).lower()
    return _NUMBERS.get(word) or (int(word) if word.isdigit() else None), bool(_ENDING.search(text))


def during_visit(cur: Cursor, i: int, start: int) -> str | None:
    """"During the visit the two governments signed ...": the date of the visit told last (in
    this sentence or before it), at the precision its days share."""
    text = cur.doc.sentences[i].text
    if not _DURING_VISIT.search(text, 0, start):
        return None
    for j in range(i, -1, -1):
        sj = cur.doc.sentences[j].text
        for m in _VISIT_WORD.finditer(sj, 0, start if j == i else len(sj)):
            first, last = visit_span(cur, j, m.start(), m.end(), *visit_length(sj))
            if first:
                return as_value(DateMention(0, 0, "", first, last if last != first else None))
    return None


def as_value(d: DateMention | None) -> str | None:
    """A date's value; a range at the precision its two ends share ("2011-02" for 21-23 February)."""
    if d is None:
        return None
    if not d.end_value:
        return d.value
    if d.value == d.end_value:
        return d.value
    return d.value[:7] if d.value[:7] == d.end_value[:7] else d.value[:4]


def told_later(cur: Cursor, i: int, kind: str, window: int = 2) -> str | None:
    """A date the next sentences give about the event of ``kind`` told in sentence ``i``
    ("... the spokesman told reporters after the call on Tuesday")."""
    nouns = KIND_NOUNS.get(kind, ())
    for j in range(i + 1, min(len(cur.doc.sentences), i + 1 + window)):
        text = cur.doc.sentences[j].text
        for m in _BACK_REFERENCE.finditer(text):
            if m.group("noun").lower() not in nouns:
                continue
            for d in cur.dates[j]:
                if d.value and not d.end_value and 0 <= d.start - m.end() <= 4:
                    return d.value
    return None


def visit_span(cur: Cursor, i: int, start: int, end: int, days: int | None,
               ending: bool = False) -> tuple[str | None, str | None]:
    """Start and end of the visit named at ``[start, end)`` of sentence ``i``: a range of its
    own clause ("from 4 to 7 May", "from Monday to June 9"), else its day and its length
    ("landed on Monday for a four-day visit": Monday and three days after; "ending a
    three-day tour" on Friday: Wednesday to Friday)."""
    text = cur.doc.sentences[i].text
    lo, hi = clause_bounds(text, start, end)
    span = [d for d in cur.dates[i] if d.end_value and lo <= d.start < hi]
    if span:
        return span[0].value, span[0].end_value
    day = own_date(cur, i, start, end) or _arrival(cur, i, lo, hi)
    if day is None:
        return None, None
    if days and len(day.value) == 10:
        when = dt.date.fromisoformat(day.value)
        if ending:
            return (when - dt.timedelta(days=days - 1)).isoformat(), when.isoformat()
        return when.isoformat(), (when + dt.timedelta(days=days - 1)).isoformat()
    return day.value, None


def _arrival(cur: Cursor, i: int, lo: int, hi: int) -> DateMention | None:
    """The date of an arrival in the clause ("who landed in Peru on Monday for a ... visit")."""
    text = cur.doc.sentences[i].text
    m = re.search(r"\b(?:arrived|arrives|landed|flew in(?:to)?)\b", text[lo:hi])
    if m is None:
        return None
    return own_date(cur, i, lo + m.start(), lo + m.end())


_DEPARTURE = re.compile(r"\b(?:left|leaves|(?:will|is to|is due to) leave|departed|departs|(?:will|is to) depart|"
                        r"flew (?:back|home|out)|returned home|(?:concluded|wrapped up|ended|concludes|wraps up|ends) "
                        r"(?:his|her|their|the) (?:[\w-]+ ){0,3}(?:visit|trip|tour|stay))\b", re.I)


def departure(cur: Cursor, visitor: str, start: str | None) -> str | None:
    """The day the visitor leaves, told in a sentence of its own ("He left Lima for home on
    Friday"), for a visit whose last day the text does not give otherwise."""
    if start is None or len(start) != 10:
        return None
    doc = cur.doc
    for i, s in enumerate(doc.sentences):
        for m in _DEPARTURE.finditer(s.text):
            lo, _ = clause_bounds(s.text, m.start(), m.end())
            subject = [r.person for r in doc.person_refs[i] if s.start + lo <= r.start < s.start + m.start()]
            if not subject or subject[-1] != visitor:
                continue
            day = own_date(cur, i, m.start(), m.end())
            if day is not None and day.value and len(day.value) == 10 and day.value >= start:
                return day.value
    return None
