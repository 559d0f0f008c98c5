"""Meetings told in passing, beside the event a sentence is about.

"since the summit in Tokyo in October 2018", "a first round in Beijing in March 2019", "the tenth
round of which was held on 20 February", "the talks on 2 May between X and Y", "the meetings of
the experts were held in Accra on 3 - 4 June, followed by meetings of the senior officials on
6 June", and the meeting a "first since" or "has not met since" implies ("the first such round
since April 2015").
"""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.facts import MeetingFact, Place
from diplokg.loaders.modality import clause_bounds, is_unreal_event
from diplokg.loaders.participants import complete_bilateral, participants_in

SECONDARY = re.compile(
    r"\b(?:the|a|an|its|their|whose|(?<=The )|(?<=followed by )|(?<=as well as ))\s*"
    r"(?:(?:first|second|third|fourth|fifth|last|previous|\w+th|annual|inaugural)\s+)?"
    r"(?P<noun>summit|round|meeting|session)(?P<plural>s)?\b(?P<tail>(?: between| with)[^.;]{0,120}|"
    # "the meetings of the experts were held in Accra on 3 - 4 June, followed by meetings of the senior
    # officials on 6 June": each up to the next
    r"(?(plural)(?:(?!\b(?:summit|round|meeting|session)s?\b)[^.;]){0,140}|[^.;]{0,60}))", re.I)
SECONDARY_HELD = re.compile(r"\b[Tt]he (?:first|second|third|last|previous|\w+th) (?:one |round |meeting |summit )?"
                            r"(?:was|were) held(?P<tail>[^.;]{0,60})")
# a palace or a hall is where a meeting sat, not the city it is reported under
VENUE = re.compile(r"\b(?:Palace|House|Hall|Building|Buildings|Office|Headquarters|Residence|Secretariat|Ministry|Castle|"
                   r"Pavilion|Guesthouse|Hotel|Centre|Center|Chancellery)$")
# a meeting that happened before, told by the one that now follows it
LAST_MET = re.compile(r"\b(?:(?:round|meeting|session|summit|talks|dialogue|consultations|commission|committee|body)\b[^.;]{0,80}?"
                      r"\bfirst (?:meeting |round |session |summit )?(?:of its kind |in this format )?|"
                      r"\b(?:it|this|that) (?:is|was|will be) the first (?:meeting|round|session|summit) "
                      r"(?:of its kind |in this format |at this level )?|"
                      r"\b(?:has|have|had) not met )since\b", re.I)

def told_in_passing(cur: Cursor, i: int) -> list[tuple[int, int, MeetingFact]]:
    """Earlier rounds told in passing: "since the summit in Tokyo in October 2018", "a first
    round in Beijing in March 2019", "the tenth round of which was held on 20 February", "the
    talks on 2 May between X and Y"."""
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
        between = re.search(r"\bbetween\b", m.group("tail"))
        pair: list[str] = []
        if between and "noun" in m.groupdict() and m.group("noun"):
            stop = re.search(r"[;:]|,(?!\s*(?:and |or )?(?:the |his |her |their )?(?:[A-Z]|\w+ counterpart))|"
                             r"\s(?:who|which|when)\b",
                             text[tail_lo + between.end():])
            pair = participants_in(cur, i, tail_lo + between.end(),
                                   tail_lo + between.end() + (stop.start() if stop else len(text)))
        # "held in Accra on 3 - 4 June": a range dates the meeting by its first day
        dates = [d for d in cur.dates_in(i, tail_lo, tail_hi) if d.value and not d.anaphoric]
        if (not dates and len(pair) < 2) or is_unreal_event(text, m.start(), m.end()):
            continue
        if "noun" in m.groupdict() and m.group("noun") and len(pair) < 2 and not (
                re.search(r"\bheld\b", text[:tail_hi]) or cur.place_in(i, tail_lo, dates[0].start + 1)):
            continue
        place = city(cur.place_in(i, tail_lo, tail_hi))
        lo, _ = clause_bounds(text, m.start(), m.end())
        held_by = re.search(r"\bheld\s*$", text[lo:m.start()])
        participants = participants_in(cur, i, lo, m.start()) if held_by else []
        # "their meeting in Moscow on 10 September": the two "their" stands for; "a meeting between X and Y ..."
        participants += [p for p in participants_in(cur, i, m.start(), m.start() + 6) if p not in participants]
        if re.match(r"\s+(?:between|with)\b", m.group("tail")) and dates:
            participants += [p for p in participants_in(cur, i, tail_lo, dates[0].start) if p not in participants]
        participants += [p for p in pair if p not in participants]
        parties = [a for a in (doc.agent_of(p) for p in participants) if a]
        parties = complete_bilateral(doc, list(dict.fromkeys(parties)), participants)
        if len(parties) < 2 and not participants:
            continue
        end = max([d.end for d in dates[:1]] + [tail_lo + (between.end() if between else 0)])
        out.append((m.start(), end, MeetingFact("meeting", dates[0].value if dates else None, place, participants,
                                                parties, [cur.evidence(i)])))
    return out


def met_before(cur: Cursor, i: int, last: MeetingFact | None, last_i: int) -> MeetingFact | None:
    """"The round was the first such round since April 2015", "a commission that has not met
    since 2016": the sides met then. The sides are those the sentence names, else those of the meeting
    just told, else the article's two."""
    doc = cur.doc
    text = doc.sentences[i].text
    m = LAST_MET.search(text)
    if m is None:
        return None
    date = next((d for d in cur.dates_in(i, m.end(), m.end() + 40) if d.start <= m.end() + 1 and d.value
                 and not d.anaphoric and not d.end_value), None)
    if date is None:
        return None
    named = cur.agents_between(i, 0, len(text))
    format_of = _format_named_before(cur, i) if re.search(r"\bthis format\b|\bof its kind\b", text) else []
    if len(named) >= 2:
        parties = named[:2]
    elif len(format_of) >= 2:
        parties = format_of[:2]  # "... the third meeting of EU-CELAC Foreign Ministers. It is the first in this format since 2018."
    elif last is not None and last_i >= i - 2 and len(set(last.parties)) >= 2:
        parties = list(last.parties)
    else:
        parties = list(doc.parties[:2])
    if len(parties) < 2:
        return None
    return MeetingFact("meeting", date.value, None, [], parties, [cur.evidence(i)])


_FORMAT = re.compile(r"\b(?:meeting|round|session|summit|dialogue|talks)s? (?:of|between) (?:the )?[^,.;]{0,60}", re.I)


def _format_named_before(cur: Cursor, i: int) -> list[str]:
    """The sides a meeting's name in the sentence before gives ("the third meeting of EU-CELAC
    Foreign Ministers"): what "this format" stands for."""
    if i == 0:
        return []
    text = cur.doc.sentences[i - 1].text
    m = _FORMAT.search(text)
    return cur.agents_between(i - 1, m.start(), m.end()) if m else []


def city(place: Place | None) -> Place | None:
    """A place, unless it names a building ("Marble Palace", "State Guest House"): a venue is not a city."""
    if place is not None and place.country is None and VENUE.search(place.label):
        return None
    return place
