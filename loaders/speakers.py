"""Speakers of a transcript: "NAME, TITLE: Good evening, everyone. ... I am visiting X."

A press conference or a statement read out is written as lines opened by their speaker's name
and a colon; the first person that follows ("I", "me", "my") is that speaker until the next
such line. Quotes in a news story ('"I am glad," she said') have no such line and are left
alone.
"""
from __future__ import annotations

import re

from diplokg.loaders.document import Doc, PersonRef

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")
_LABEL = re.compile(r"^[^:!?\"“”]{0,100}:\s")  # the name, perhaps a title, then the colon
# what may stand between the name and the colon: ", Minister for Foreign Affairs" (no verb)
_TITLE_ONLY = re.compile(r"(?:\s*,(?:\s+(?:[A-Z][\w'’.-]*|of|for|and|the|&))+)?\s*")


def first_person_speakers(doc: Doc) -> None:
    speaker: str | None = None
    for i, s in enumerate(doc.sentences):
        refs = doc.person_refs[i]
        label = _LABEL.match(s.text)
        if label and refs and refs[0].start - s.start < 12 \
                and _TITLE_ONLY.fullmatch(doc.text, refs[0].end, s.start + label.end() - 2):
            speaker = refs[0].person
            start = s.start + label.end()
        elif label and s.text[:1].isupper() and not refs:
            speaker = None  # another speaker ("Q:", "Moderator:")
            continue
        else:
            start = s.start
        if speaker is None:
            continue
        for m in _FIRST_PERSON.finditer(doc.text, start, s.end):
            refs.append(PersonRef(speaker, i, m.start(), m.end(), "pronoun"))
        refs.sort(key=lambda r: r.start)
