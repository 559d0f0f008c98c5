"""Stage 4: a linked article → its facts (the rules live in meetings, visits, instruments, mechanisms and ties)."""
from __future__ import annotations

from diplokg.loaders.clauses import Cursor, dateline_place
from diplokg.loaders.facts import ArticleFacts, MeetingFact, PersonFact
from diplokg.loaders.meetings import extract_meetings
from diplokg.loaders.visits import extract_visits
from diplokg.loaders.instruments import extract_agreements
from diplokg.loaders.mechanisms import extract_dialogues
from diplokg.loaders.linking import Doc
from diplokg.loaders.reading import read
from diplokg.loaders.sources import SourceText
from diplokg.loaders.ties import extract_missions, extract_posts, extract_relations


def extract_facts(source: SourceText) -> ArticleFacts:
    doc = read(source.text, published=source.published)
    cur = Cursor.of(doc)
    facts = ArticleFacts(source.key, source.location, source.text, url=source.url,
                         headline=source.title or doc.headline,
                         published=doc.ref_date.isoformat() if doc.reference and doc.reference.kind == "publication" else None,
                         dateline_place=dateline_place(doc))
    facts.posts = extract_posts(cur)
    facts.meetings = _once(doc, extract_meetings(cur))
    facts.visits = extract_visits(cur)
    facts.agreements = extract_agreements(cur)
    facts.dialogues = extract_dialogues(cur)
    facts.relations = extract_relations(cur, facts.agreements)
    facts.missions = extract_missions(cur)
    used = {p.person for p in facts.posts}
    used |= {p for m in facts.meetings for p in m.participants}
    used |= {v.visitor for v in facts.visits}
    used |= {p for a in facts.agreements for p in a.signatories}
    for key in used:
        person = doc.persons[key]
        facts.persons[key] = PersonFact(key, person.name, sorted(n for n in person.names if n != person.name))
    return facts


def _once(doc: Doc, meetings: list[MeetingFact]) -> list[MeetingFact]:
    """One event per telling: a photo caption, a summary above the dateline or a quoted post that
    tells, undated, a meeting the story dates is that meeting told again, not a second one."""
    starts = {s.start: s for s in doc.sentences}

    def retold(ev) -> bool:
        s = starts.get(ev.start)
        return s is not None and (s.role in ("caption", "deck") or s.text[:1] in "\"“«‘'")

    out: list[MeetingFact] = []
    for m in meetings:
        if m.date is None and len(m.participants) >= 2 and all(retold(ev) for ev in m.evidence):
            told = [o for o in meetings if o is not m and o.date and o.kind == m.kind
                    and set(m.participants) <= set(o.participants)]
            if told:
                told[0].evidence.extend(ev for ev in m.evidence if ev not in told[0].evidence)
                told[0].place = told[0].place or m.place
                continue
        out.append(m)
    return out
