"""The linked document: an article's sentences and mentions with the persons, posts and
agents each sentence refers to (built by ``linking``, resolved by ``coreference``).

Its own module so that the stages that read and extend it (``parties``, ``speakers``) need not
import ``linking``, which calls them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from diplokg.loaders.dates import Reference
from diplokg.loaders.layout import Dateline
from diplokg.loaders.mentions import SentenceMentions
from diplokg.loaders.persons import Person
from diplokg.loaders.text import Sentence
from diplokg.loaders.titles import TitlePhrase


@dataclass(frozen=True)
class PersonRef:
    person: str
    sentence: int
    start: int
    end: int
    how: str  # name | pronoun | nominal | group


@dataclass(frozen=True)
class AgentRef:
    agent: str
    sentence: int
    start: int
    end: int
    how: str  # state | demonym | org | city
    place: str | None = None  # city label when the agent came from a city


@dataclass
class Doc:
    text: str
    sentences: list[Sentence]
    mentions: list[SentenceMentions]
    dateline: Dateline | None
    ref_date: dt.date | None
    persons: dict[str, Person] = field(default_factory=dict)
    person_refs: list[list[PersonRef]] = field(default_factory=list)
    agent_refs: list[list[AgentRef]] = field(default_factory=list)
    titles: list[list[TitlePhrase]] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # main states/organisations, most mentioned first
    party_weight: dict[str, float] = field(default_factory=dict)  # how much the story names each party
    dateline_agent: str | None = None
    reference: Reference | None = None  # what ref_date is: a publication date or one event's date
    headline: str | None = None

    def persons_in(self, i: int) -> list[str]:
        seen: list[str] = []
        for r in self.person_refs[i]:
            if r.person not in seen:
                seen.append(r.person)
        return seen

    def agent_of(self, person: str) -> str | None:
        p = self.persons.get(person)
        return p.agent if p else None
