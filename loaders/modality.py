"""Whether an event a clause mentions actually happened.

A planned ("will visit", "is due to", "is expected to"), proposed, wished-for, postponed,
cancelled, called-off, pending or denied ("did not meet", "have not met") event is not an
event. The check looks at the clause around the trigger word only, so "X met Y; a second
round will follow" keeps the meeting.
"""
from __future__ import annotations

import re
from functools import lru_cache

_BEFORE = re.compile(
    r"\b(?:will|would|shall|could|might|may|must|should|is|are|was|were)\s+(?:\w+\s+){0,2}?(?:due|expected|set|scheduled|"
    r"slated|likely|poised|supposed|to be)\b|\b(?:will|would|shall|'ll)\b(?:\s+\S+){0,5}\s*$|"
    r"\b(?:plans?|planned|planning|intends?|intended|intention|hopes?|hoped|wants?|wanted|wish(?:es|ed)?|proposed?|"
    r"proposal|scheduled|expected|due|aims?|aimed|seeks?|sought|promised?|promises|undertake|undertook|pledged?|"
    r"agreed|agree|ready|prepared|preparing|invited|invitation to|set to|going to|yet to|still to|"
    r"to help|help each other|provides? for|would have|preparations? for|preparing for|ahead of)\b(?:\s+\w+){0,6}\s*$|"
    r"\b(?:not|never|no|n't|neither|nor|without|cancel(?:l?ed)?|postponed?|deferred)\b(?:\s+\w+){0,4}\s*$|"
    r"\b(?:will|would|did|does|do|could|can|shall|has|have|had|is|are|was|were) not\b|"
    r"\b(?:won't|didn't|doesn't|haven't|hasn't|hadn't|wouldn't|isn't|aren't|wasn't|weren't)\b|\bnever\b",
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
                         r"considered|floated|planned|announced|prepared)\b|^[^,;]{0,80}\bno date has been (?:set|fixed)", re.I)
_CLAUSE_BREAK = re.compile(r";|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhen\b|\bthat\b|\b(?:after|under|in|by) which\b|, (?:which|who|where)\b")


_LEFT_BREAK = re.compile(r";|:\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhen\b|\b(?:after|under|in|by) which\b|"
                         r", (?:which|who|where|whose)\b")


# Both checks are pure functions of (sentence, start, end); the rules ask them again for the
# same trigger (the meeting, its date, its place), half the calls of an article are repeats.
@lru_cache(maxsize=8192)
def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding [start, end): cut at ;, :, but, while, which (and,
    after the trigger, at "that", which opens a clause about something else)."""
    left = 0
    for m in _LEFT_BREAK.finditer(sentence, 0, start):
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
    before = sentence[left:start]
    after = sentence[end:right]
    if _BEFORE.search(before):
        return True
    if _AFTER.search(after) or _AFTER_NEAR.search(after):
        return True
    return False
