"""Stage 4: a linked article → its facts (the rules live in events, instruments and ties)."""
from __future__ import annotations

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.meetings import extract_meetings
from diplokg.loaders.visits import extract_visits
from diplokg.loaders.facts import ArticleFacts, PersonFact, Place
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.instruments import extract_agreements, extract_dialogues
from diplokg.loaders.linking import Doc
from diplokg.loaders.reading import read
from diplokg.loaders.sources import SourceText
from diplokg.loaders.text import headline
from diplokg.loaders.ties import extract_missions, extract_posts, extract_relations
from diplokg.loaders.tokens import phrase_key


def extract_facts(source: SourceText) -> ArticleFacts:
    doc = read(source.text, published=source.published)
    cur = Cursor.of(doc)
    facts = ArticleFacts(source.key, source.location, source.text, url=source.url,
                         headline=source.title or headline(doc.sentences),
                         published=doc.ref_date.isoformat() if doc.ref_date and (source.published or doc.dateline) else None,
                         dateline_place=_dateline_place(doc))
    facts.posts = extract_posts(cur)
    facts.meetings = extract_meetings(cur)
    facts.visits = extract_visits(cur)
    facts.agreements = extract_agreements(cur)
    facts.dialogues = extract_dialogues(cur)
    facts.relations = extract_relations(cur)
    facts.missions = extract_missions(cur)
    used = {p.person for p in facts.posts}
    used |= {p for m in facts.meetings for p in m.participants}
    used |= {v.visitor for v in facts.visits}
    used |= {p for a in facts.agreements for p in a.signatories}
    for key in used:
        person = doc.persons[key]
        facts.persons[key] = PersonFact(key, person.name, sorted(n for n in person.names if n != person.name))
    return facts


def _dateline_place(doc: Doc) -> Place | None:
    if not doc.dateline:
        return None
    for e in gazetteer().lookup(phrase_key(doc.dateline.place)):
        if e.kind == "city":
            return Place(e.label, e.extra)
        if e.kind == "state":
            return Place(e.label, e.key, is_state=True)
    return Place(doc.dateline.place.title(), None)
