"""Whether an event a clause mentions actually happened.

A planned ("will visit", "is due to", "is expected to"), proposed, wished-for, postponed,
cancelled, called-off, pending or denied ("did not meet", "have not met") event is not an
event. The check looks at the clause around the trigger word only, so "X met Y; a second
round will follow" keeps the meeting.

``is_unreal`` serves every fact (agreements and posts too). Meetings and visits ask
``is_unreal_event``, which also reads a future or an intention that governs a verb further
on ("will attend the forum and meet the Prime Minister", "aims to ... through co-chairing the
Ministers Meeting") and a habit ("met him on numerous occasions"): neither is one event.
"""
from __future__ import annotations

import re
from functools import lru_cache

_BEFORE = re.compile(
    r"\b(?:will|would|shall|could|might|may|must|should|is|are|was|were)\s+(?:\w+\s+){0,2}?(?:due|expected|set|scheduled|"
    r"slated|likely|poised|supposed|to be)\b|\b(?:will|would|shall|'ll)\b(?:\s+\S+){0,5}\s*$|"
    r"\b(?:plans?|planned|planning|intends?|intended|intention|hopes?|hoped|wants?|wanted|wish(?:es|ed)?|proposed?|"
    r"proposal|scheduled|expected|due|aims?|aimed|seeks?|sought|promised?|promises|undertake|undertook|pledged?|"
    r"agreed|agree|ready|prepared?|preparing|invited|invitation to|set to|going to|yet to|still to|"
    r"to help|help each other|provides? for|would have|preparations? for|preparing for|ahead of|"
    r"potential|possible|prospective|upcoming|forthcoming|look(?:s|ed|ing)? forward to|"
    r"(?:had|has|have|was|were|is|are) to)\b(?:\s+\w+){0,6}\s*$|"
    r"\b(?:not|never|no|n't|neither|nor|without|cancel(?:s|l?ed|l?ing)?|postpone[sd]?|postponing|deferred|"
    r"(?:pulled|pulls|pulling|backed|backs) out of|withdr[ea]w from|called off|calls off|scrapped|unable to|cannot|"
    r"failed to|fails to)\b(?:\s+\w+){0,4}\s*$|"
    r"\b(?:will|would|did|does|do|could|can|shall|has|have|had|is|are|was|were) not\b|"
    r"\b(?:won't|didn't|doesn't|haven't|hasn't|hadn't|wouldn't|isn't|aren't|wasn't|weren't|can't|couldn't)\b|\bnever\b",
    re.I,
)
_AFTER = re.compile(
    r"^[^;:]{0,120}?\b(?:was|were|has been|had been|have been|is|are)?\s*(?:called off|cancel(?:l?ed)|postponed|put off|"
    r"scrapped|shelved|deferred|ruled out|not (?:yet )?(?:been )?(?:held|concluded|signed|opened|set up|established)|"
    r"still (?:to come|lies ahead|pending)|yet to (?:be|take)|did not take place|never took place|remains? a (?:long-term )?goal|"
    r"have still not been|has not yet|have not yet|is still to come|still not been concluded|not yet held|"
    r"be (?:held|signed|opened|set up|established))\b",
    re.I,
)
# "A visit by X to Y has been discussed but no date has been set": said of the event itself
_AFTER_NEAR = re.compile(r"^(?:\s+[^\s,;]+){0,6}?\s+(?:has|have|had|is|are) (?:been|being) (?:discussed|mooted|proposed|"
                         r"considered|floated|planned|announced|prepared)\b|^[^,;]{0,80}\bno date has been (?:set|fixed)|"
                         r"^[^,;]{0,60}?\b(?:was|were) supposed to\b|^[^,;]{0,60}?,\s*(?:planned|scheduled|slated|set|due) for\b", re.I)
_CLAUSE_BREAK = re.compile(r";|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhen\b|\bthat\b|\b(?:after|under|in|by) which\b|, (?:which|who|where)\b|"
                           r"\bto (?:tell|inform|say|explain|announce|convey)\b")


_LEFT_BREAK = re.compile(r";|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhen\b|\b(?:after|under|in|by) which\b|"
                         r", (?:which|who|where|whose)\b")

# A relative clause set off by commas before the trigger: an aside about someone, not the event.
_RELATIVE_CLOSED = re.compile(r"[^,;:]*,")
_RELATIVE_ASIDE = re.compile(r",\s*(?:who|which|whose)\b[^,;:]*,")

# A future or an intention that reaches a verb or noun further on in its clause: "will attend the
# forum ... and meet", "is expected to hold bilateral meetings", "had to travel to Cairo for talks".
_GOVERNING_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|would|(?:is|are|was|were) (?:due |expected |scheduled |set |slated |likely |poised )?to|"
    r"(?:is|are) going to|plans? to|planning to|intends? to|aims? to|hopes? to|wants? to|looks? forward to|"
    r"looking forward to|had to|is to|are to|invited \w+ to|asked (?:\w+ ){1,3}to)\b", re.I)
# Only a trigger that is not itself a finite past verb is governed from afar: "meet", "meeting",
# "co-chairing", "visit", "talks". "met" or "held talks" tell what happened, whatever came before.
_FINITE_PAST = re.compile(r"(?:met|held|visited|received|welcomed|signed|paid|called|conferred|spoke|phoned|telephoned|"
                          r"presented|attended|chaired|co-chaired|hosted|joined|took|sat|was|were|had|granted)\b", re.I)
# Words that leave a meeting or a visit wished for or refused, but would not undo an agreement
# signed before ("rejected the nuclear deal", "called for the agreement to be honoured").
_EVENT_BEFORE = re.compile(r"\b(?:offer(?:s|ed)? to|call(?:s|ed|ing)? for|urg(?:es|ed|ing)|demand(?:s|ed|ing)?|if|unless|"
                           r"whether|refus(?:es|ed|ing)|declin(?:es|ed|ing)|reject(?:s|ed|ing)?|den(?:y|ies|ied|ying)|"
                           r"ruled out|rules out)\b(?:\s+\w+){0,5}\s*$", re.I)
# A headline's "X to visit Y", "Japan, China to hold talks": a future without its verb.
_HEADLINE_TO = re.compile(r"^\W*(?:(?:[A-Z][\w.'’/-]*|of|and|the|for|&),?\s+){1,8}to\s+$")
# "The talks will focus on trade", "a visit expected to take place in May": the event's own verb is future.
_FUTURE_AFTER = re.compile(r"(?:(?!\b(?:held|took place|concluded|ended|was|were)\b)[^,;]){0,80}?\b(?:will|shall|'ll|"
                           r"(?:is|are) to|(?:is|are|was|were) (?:expected|scheduled|due|set|slated|likely|poised|planned|"
                           r"supposed) to)\b", re.I)
# Not one event but a habit: "met him on numerous occasions", "they meet regularly".
_HABIT = re.compile(r"\b(?:on (?:numerous|several|many|various|multiple) occasions|(?:many|several|numerous) times|"
                    r"regularly|routinely|frequently|repeatedly|from time to time|every (?:year|month|week)|each year)\b",
                    re.I)


# Both checks are pure functions of (sentence, start, end); the rules ask them again for the
# same trigger (the meeting, its date, its place), half the calls of an article are repeats.
@lru_cache(maxsize=8192)
def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding [start, end): cut at ;, :, but, while, which (and,
    after the trigger, at "that", which opens a clause about something else)."""
    left = 0
    for m in _LEFT_BREAK.finditer(sentence, 0, start):
        if m.group(0).startswith(",") and _RELATIVE_CLOSED.match(sentence, m.end(), start):
            continue  # "X, who is on a visit to Japan, co-chaired": the clause resumes after the aside
        left = m.end()
    right = len(sentence)
    m = _CLAUSE_BREAK.search(sentence, end)
    if m:
        right = m.start()
    return left, right


@lru_cache(maxsize=8192)
def is_unreal(sentence: str, start: int, end: int) -> bool:
    """Whether the event named at sentence[start:end] is planned, negated or called off."""
    left, right = clause_bounds(sentence, start, end)
    before = _RELATIVE_ASIDE.sub(",", sentence[left:start])
    after = sentence[end:right]
    if _BEFORE.search(before):
        return True
    if _AFTER.search(after) or _AFTER_NEAR.search(after):
        return True
    return False


@lru_cache(maxsize=8192)
def is_unreal_event(sentence: str, start: int, end: int) -> bool:
    """Whether the meeting or visit named at sentence[start:end] is not one event that
    happened: planned, negated, called off, governed by a future further back in its clause,
    or a habit."""
    if is_unreal(sentence, start, end):
        return True
    left, right = clause_bounds(sentence, start, end)
    if _EVENT_BEFORE.search(_RELATIVE_ASIDE.sub(",", sentence[left:start])):
        return True
    if _HABIT.search(sentence, left, right):
        return True
    if _FINITE_PAST.match(sentence, start):
        return False
    before = _RELATIVE_ASIDE.sub(",", sentence[left:start])
    return bool(_GOVERNING_FUTURE.search(before) or _HEADLINE_TO.match(before)
                or _FUTURE_AFTER.match(sentence, end, right))


def after_reference(value: str | None, doc) -> bool:
    """Whether ``value`` (ISO, perhaps partial) lies after the day the article was written (its
    dateline). A reference date guessed from the first date of the body is not firm enough."""
    if not value or doc.ref_date is None or doc.dateline is None:
        return False
    ref = doc.ref_date.isoformat()
    return value[:len(ref)] > ref[:len(value)]


# The present tense of a schedule: "He meets the Prime Minister on 12 May", "arrives on Sunday".
_SCHEDULE_PRESENT = re.compile(r"\b(?:meets|arrives|holds|visits|calls on|receives|hosts|travels|lands|pays|begins|starts|"
                               r"leaves|heads)\b", re.I)


def still_to_come(dates, doc, clause: str = "") -> bool:
    """Whether a clause dates its event after the dateline in a way that tells a plan: by a day
    relative to the dateline ("arrives in New Delhi tomorrow"), or in the present tense of a
    schedule ("meets the Prime Minister on 12 May"). A past tense with a later date is believed:
    it is as often a reference date gone wrong."""
    present = _SCHEDULE_PRESENT.search(clause) is not None
    return any((d.relative or present) and not d.anaphoric and after_reference(d.value, doc) for d in dates)
