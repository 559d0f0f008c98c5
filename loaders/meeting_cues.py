"""The words that tell a meeting or a call, and which of them tell one that happened.

A trigger is a verb ("met", "conferred with", "welcomed", "received", "called on", "telephoned"),
a ceremony ("presented his credentials", "signed", "a goodbye audience") or a meeting noun said
to have been held ("the round ... took place"). A trigger counts when it is real
(``modality.is_unreal_event``), is not a back-reference to a meeting already told ("after the
talks"), not a setting ("at the G20 summit") and, for verbs that also mean something else,
has a person for an object ("welcomed the minister", not "welcomed the progress"; "met the
Prime Minister", not "meet a policy objective").
"""
from __future__ import annotations

import re

from diplokg.loaders.modality import is_unreal_event

CALL = re.compile(r"\b(?:tele)?phone (?:call|conversation|talks?)|\bspoke (?:with [^.;]{0,80}? )?(?:by|over the|on the) "
                  r"(?:tele)?phone|\b(?:tele)?phoned\b|\bvideo call\b|\bplaced a call\b|"
                  r"(?<!so-)\b(?:called|calls|rang)\s+(?=him\b|her\b|them\b|(?:the |his |her )?(?-i:[A-Z]))", re.I)
MEET = re.compile(
    r"\b(?:met(?: with)?|meets?(?: with)?|held talks|talks\b|(?:was|were) received by|received|welcomed|"
    r"(?:called|calls|calling) (?:first |then |also )?on|(?<=['’]s )(?:courtesy )?call on|(?:a|her|his) (?:courtesy )?call on|"
    r"conferred (?:\w+ ){0,2}?with|(?:after|following) (?:a|an) (?:[\w-]+ )?(?:meeting|talks)|"
    r"(?:courtesy|farewell) calls?|sat down with|co-chaired|chaired|held (?:the|their|a|an) (?:[\w'’-]+ ){0,4}?(?:round|meeting|"
    r"summit|session|dialogue|consultations|retreat|talks)|"
    r"(?:had|held) (?:[\w-]+ )?meetings? with|hosted|"
    r"(?:held|had) (?:a |an )?(?:[\w-]+ ){0,2}?(?:discussions?|conversation|exchange of views|tête-à-tête|one-on-one) with|"
    r"(?:round|summit|meeting|session|consultations|talks|dialogue|retreat|ceremony)s? (?:[\w'’,()-]+ ){0,8}?"
    r"(?:was held|were held|took place|was convened)|was held|"
    r"(?-i:[A-Z][\w'’]* Meeting)\b|\bsummit\b|present(?:ed|s|ing)? (?:(?:her|his|their|its) )?(?:credentials|letters?)|"
    r"deliver(?:ed|s)? (?:(?:her|his|their|the) )?(?:[\w-]+ )?credential|"
    r"(?:present(?:ed|s)?|hand(?:ed|s)? over) (?:a )?cop(?:y|ies) of (?:(?:her|his|their) )?credentials|"
    r"hand(?:ed|s)? over (?:(?:her|his|their) )?(?:credentials|letters?)|"
    r"accept(?:ed|s)? the (?:[\w-]+ )?(?:credentials|letters? of credence)|"
    r"letters? of (?:credence|commission)|(?:granted|grants|gave) (?:a |an )?(?:[\w-]+ )?audience|read out|initialled|"
    r"issued a joint|attended|(?:was|were) present at|participated in|"
    r"signed|signatures?|joined(?: there)? by|joined the (?:call|meeting|talks|session)|took part|"
    r"stood (?:beside|alongside)|(?:was|were) represented by|ceremony)\b", re.I)
BACK_REFERENCE = re.compile(r"\b(?:after|before|following|since|ahead of|during|used) (?:the|their|this|that) "
                            r"(?:[\w-]+ )?(?:talks|meeting|summit|ceremony|call|session|audience)\b", re.I)
NOUN_TRIGGER = re.compile(r"^(?:talks|summit|ceremony|session|[\w'’]+ Meeting)$", re.I)
_SETTING_BEFORE = re.compile(r"\b(?:at|on the sidelines of|on the margins of|during|ahead of)"
                             r"\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
# "arrived in Oslo to be part of the summit", "flew in to attend the talks": why someone travelled,
# not the meeting itself told as held
_PURPOSE_BEFORE = re.compile(r"\bto\s+(?:attend|be part of|take part in|participate in|join)\s+(?:the|a|an)\s+"
                             r"(?:[\w'’()-]+\s+){0,6}$", re.I)
# "arrived in Wellington the week before to present their credentials", "flew to Rome to meet the
# Pope": the purpose of a journey, told before it is fulfilled
_PURPOSE_OF_TRIP = re.compile(r"\b(?:arriv(?:ed|es|ing)|travel(?:l?ed|s|l?ing)?|came|comes|coming|flew|flies|went|goes|"
                              r"headed|heads|left for|leaves for)\b[^.;:]{0,100}?\bto\s+$", re.I)
_SAID_OF_IT = re.compile(r"\b(?:it|this|that) (?:was|is|has been|had been) (?:a|an|the|their|his|her)\s+(?:[\w'’-]+\s+){0,4}$",
                         re.I)
# Verbs that tell a meeting only with a person for an object.
_NEEDS_PERSON = re.compile(r"^(?:welcomed|hosted|(?:called|calls|rang)\s*|(?:(?:a|her|his) )?(?:courtesy )?call on)$", re.I)
_PERSONISH_GAP = re.compile(r"^[\s,]*(?:(?:the|his|her|their|visiting|new|outgoing|incoming|H\.E\.?|of|for|and|to|"
                            r"leader|counterpart|minister|president|premier|prime|foreign|secretary|ambassador|envoy|"
                            r"[A-Z][\w.'’-]*)[\s,]*)*$")
# "meet a spending target", "to meet the demands of farmers": meet as in satisfy
_MEET_A_NEED = re.compile(r"\s+(?:the |a |an |its |their |our |these |those |his |her )?(?:[\w-]+ ){0,3}?"
                          r"(?:needs?|demands?|objectives?|targets?|goals?|deadlines?|criteria|requirements?|challenges?|"
                          r"expectations?|obligations?|commitments?|standards?|conditions?|costs?|thresholds?|aspirations?|"
                          r"press|media|journalists|reporters|students|community|diaspora)\b", re.I)


def has_person_object(doc, i: int, end: int) -> bool:
    """Whether a person is named right after sentence offset ``end`` (titles and names only between)."""
    s = doc.sentences[i]
    for r in doc.person_refs[i]:
        rel = r.start - s.start
        if rel >= end:
            if re.match(r"['’]s\b", doc.text[r.end:r.end + 2]):
                return False  # "welcomed President X's decision": X's, not X
            return rel - end <= 120 and _PERSONISH_GAP.match(s.text[end:rel]) is not None
    return False


def real_triggers(doc, i: int, skip: list[tuple[int, int]] = ()) -> list[re.Match]:
    """Every real meeting or call trigger of sentence i, in text order, calls first when the
    sentence tells a call."""
    text = doc.sentences[i].text
    back_references = None  # found once, when a trigger first needs them
    out = []
    has_call = False
    for pattern in (CALL, MEET):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in skip) or is_unreal_event(text, m.start(), m.end()):
                continue
            word = m.group(0)
            if NOUN_TRIGGER.match(word) and _SETTING_BEFORE.search(text, 0, m.start()):
                continue  # "at the G20 summit": a setting, not a meeting
            if NOUN_TRIGGER.match(word) and _PURPOSE_BEFORE.search(text, 0, m.start()) \
                    or _PURPOSE_OF_TRIP.search(text, 0, m.start()):
                continue
            if _SAID_OF_IT.search(text, 0, m.start()):
                continue  # "It was a warm and useful call": the meeting just told, described
            if _NEEDS_PERSON.match(word) and not has_person_object(doc, i, m.end()):
                continue
            if re.match(r"meets?$|met$", word, re.I) and _MEET_A_NEED.match(text, m.end()):
                continue
            if back_references is None:
                back_references = [(b.start(), b.end()) for b in BACK_REFERENCE.finditer(text)]
            if any(a <= m.start() < b for a, b in back_references):
                continue
            if pattern is CALL:
                has_call = True
            elif has_call or CALL.search(text):
                # a sentence that names a call tells that call; its other verbs say what was discussed
                return out
            out.append(m)
    return out


def is_call(text: str, start: int) -> bool:
    return CALL.match(text, start) is not None
