"""Stage 4 output: the facts of one article as typed dataclasses (no RDF here).

Persons are referred to by their article-local key (see loaders.linking), states by ISO
alpha-2 code and organisations as "org:<key>"; ``triples`` turns all of it into RDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from: ``article_text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    label: str
    country: str | None = None  # ISO alpha-2 of the city's state
    is_state: bool = False  # the place is a state itself (then ``country`` is its code)


@dataclass
class PersonFact:
    key: str
    name: str
    other_names: list[str] = field(default_factory=list)


@dataclass
class PostFact:
    person: str
    position: str  # canonical label (CONTRACT.md)
    agent: str  # state or organisation served
    accredited_to: str | None
    as_written: str
    former: bool
    portfolio: str | None
    evidence: list[Evidence]


@dataclass
class MeetingFact:
    kind: str  # "meeting" or "call"
    date: str | None
    place: Place | None
    participants: list[str]
    parties: list[str]
    evidence: list[Evidence]
    call_type: str | None = None  # "courtesy" or "farewell" for such calls on someone
    session_of: str | None = None  # dialogue name, when this is one round of a mechanism


@dataclass
class VisitFact:
    visitor: str
    host: str
    start: str | None
    end: str | None
    visit_type: str | None
    evidence: list[Evidence]


@dataclass
class AgreementFact:
    title: str
    kind: str  # class label: Agreement, Joint Statement, Treaty...
    parties: list[str]
    signatories: list[str]
    date: str | None
    evidence: list[Evidence]


@dataclass
class DialogueFact:
    name: str
    parties: list[str]
    level: str | None  # a Level concept label, when the wording maps to one
    level_as_written: str | None
    topics: list[str]
    frequency: str | None
    evidence: list[Evidence]


@dataclass
class RelationFact:
    parties: tuple[str, str]
    established: str | None
    evidence: list[Evidence]


@dataclass
class MissionFact:
    kind: str  # Embassy, High Commission, Consulate, Permanent Mission, Trade Office
    sending: str
    location: Place
    evidence: list[Evidence]


@dataclass
class ArticleFacts:
    source_key: str
    location: str
    text: str
    headline: str | None = None
    published: str | None = None
    dateline_place: Place | None = None
    url: str | None = None
    persons: dict[str, PersonFact] = field(default_factory=dict)
    posts: list[PostFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    dialogues: list[DialogueFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    missions: list[MissionFact] = field(default_factory=list)

    def count(self) -> int:
        """How many facts the article yielded (posts, events, agreements, dialogues, relations, missions)."""
        return sum(len(x) for x in (self.posts, self.meetings, self.visits, self.agreements,
                                    self.dialogues, self.relations, self.missions))
