"""Standing ties: posts held, diplomatic relations established, missions opened."""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.facts import AgreementFact, Evidence, MissionFact, Place, PostFact, RelationFact
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.linking import ENVOYS, agent_label
from diplokg.loaders.modality import is_unreal

ESTABLISH = re.compile(
    r"\b(?:(?:re-?)?establish(?:ed|es|ing|ment of)?|started|began|begun|opened|set up|forged|launched|normali[sz]ed)\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:diplomatic\s+|formal\s+)*(?:relations|ties)\b"
    r"|\b(?:diplomatic\s+)?(?:relations|ties)\s+(?:were\s+|was\s+)?(?:(?:re-?)?established|started|began|commenced)\b", re.I)
# "the 50th anniversary of the establishment of our diplomatic relations", "30 years of diplomatic
# relations between the two countries": the relation was established that many years before
ANNIVERSARY = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)?(?:\s+|-)(?:anniversary|years?)\s+(?:of|since)\s+(?:the\s+)?"
    r"(?:(?:establishment|start|beginning)\s+of\s+)?(?:(?:their|our|the|bilateral|diplomatic|formal|[A-Z][\w'’]*[-–][A-Z][\w'’]*)\s+)*"
    r"(?:relations|ties)\b")
_ANNIVERSARY_KIND = re.compile(r"\b(?:diplomatic|establishment|bilateral)\b")
# "established diplomatic relations" said of an instrument's title: the instrument dates the relation
INSTRUMENT_ESTABLISHING = re.compile(r"\bestablish\w*\s+(?:of\s+)?(?:full\s+)?diplomatic\s+relations\b", re.I)
TWO_COUNTRIES = re.compile(r"\b(?:the two|both) (?:countries|nations|states)\b|\bour (?:two )?countries\b", re.I)


def extract_relations(cur: Cursor, agreements: list[AgreementFact] = ()) -> list[RelationFact]:
    doc = cur.doc
    out: dict[tuple[str, str], RelationFact] = {}
    # "signed the Joint Communiqué on the establishment of diplomatic relations": dated by the instrument
    for ag in agreements:
        if INSTRUMENT_ESTABLISHING.search(ag.title) and len(ag.parties) == 2 and ag.date:
            out.setdefault(tuple(sorted(ag.parties)), RelationFact((ag.parties[0], ag.parties[1]), ag.date, ag.evidence[:1]))
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in ESTABLISH.finditer(text):
            if is_unreal(text, m.start(), m.end()) or re.search(r"\bbroken? off|\bsever", text[max(0, m.start() - 30):m.end()]):
                continue
            if re.search(r"\bprovides? for\b|\bto establish\b", text[max(0, m.start() - 30):m.start() + 5], re.I):
                continue
            dl = doc.dateline
            body = dl.end - s.start if dl and cur.in_dateline(i) else 0  # the dateline dates the report
            dates = [d for d in cur.dates_in(i) if d.value and not d.anaphoric and d.start >= body]
            after = [d for d in dates if d.start >= m.start() - 5]
            if re.search(r"\b(?:anniversary|years?)\s+(?:of|since)\s+(?:the\s+)?$", text[:m.start()]):
                # "that year's 50th anniversary of the establishment of ...": only a date told of the
                # establishment itself ("... of diplomatic relations on 21 May 1951") dates it
                dates = after = [d for d in after if d.start - m.end() < 12]
            date = (after or dates or [None])[0]
            value = date.value if date else None
            if value is None and re.search(r"\b(?:today|that day|with effect from)\b", text) and doc.ref_date:
                value = ([d.value for d in dates] or [doc.ref_date.isoformat()])[0]
            ago = re.search(r"\b(\d{1,3}) years ago\b", text[m.start():m.end() + 30])
            if value is None and ago and doc.ref_date:
                value = f"{doc.ref_date.year - int(ago.group(1)):04d}"  # "established diplomatic ties 25 years ago"
            parties = _relation_parties(cur, i, m)
            if len(parties) != 2 or value is None:
                continue
            key = tuple(sorted(parties))
            if key not in out:
                out[key] = RelationFact((parties[0], parties[1]), value, [cur.evidence(i)])
    for i, s in enumerate(doc.sentences):
        if "anniversar" not in s.text and "year" not in s.text:
            continue
        for m in ANNIVERSARY.finditer(s.text):
            fact = _from_anniversary(cur, i, m)
            if fact is not None:
                out.setdefault(tuple(sorted(fact.parties)), fact)
    return list(out.values())


def _from_anniversary(cur: Cursor, i: int, m: re.Match) -> RelationFact | None:
    """The year (or day) of an anniversary less its count: "that year's 50th anniversary" of 2022 is
    1972; "will mark the 67th anniversary ... on July 23" of 2023 is 1956-07-23. An anniversary yet
    to come still tells when the relation began."""
    if not _ANNIVERSARY_KIND.search(m.group(0)) or re.search(r"\bdialogue\s+(?:relations|ties)\b", m.group(0)):
        return None
    dl = cur.doc.dateline
    body = dl.end - cur.doc.sentences[i].start if dl and cur.in_dateline(i) else 0
    dates = [d for d in cur.dates_in(i) if d.value and not d.anaphoric and not d.end_value
             and not (m.start() <= d.start < m.end()) and d.start >= body]  # the dateline dates the report
    if not dates:
        return None
    nearest = min(dates, key=lambda d: min(abs(d.start - m.end()), abs(m.start() - d.end)))
    years = int(m.group("n"))
    when = nearest.value
    if not 1 <= years <= 200 or int(when[:4]) - years < 1800:
        return None
    established = f"{int(when[:4]) - years:04d}" + (when[4:] if len(when) == 10 and nearest.start > m.start() else "")
    parties = _relation_parties(cur, i, m)
    if len(parties) != 2:
        return None
    return RelationFact((parties[0], parties[1]), established, [cur.evidence(i)])


def _relation_parties(cur: Cursor, i: int, m: re.Match) -> list[str]:
    doc = cur.doc
    s = doc.sentences[i]
    if TWO_COUNTRIES.search(s.text, m.start()) or TWO_COUNTRIES.search(s.text[:m.start()]):
        named = [a for a in doc.agent_refs[i] if a.how != "city" and a.start - s.start >= m.start()]
        pair = _two_countries(cur, i, m.start())
        if pair and len({a.agent for a in named}) < 2:
            return pair
    agents = []
    for a in doc.agent_refs[i]:
        if a.how == "city" or a.agent in agents:
            continue
        lead = s.text[max(0, a.start - s.start - 12):a.start - s.start]
        if re.search(r"\b(?:with|from|to)\s+$", lead) and not re.search(r"\bbetween\b", s.text[:m.end()]):
            continue
        if re.search(r"\b(?:by|via|through|mediated by|brokered by)\s+(?:the\s+)?$", lead):
            continue  # the broker of a deal is not a party to the relation
        agents.append(a.agent)
    two = doc.parties[:2]
    if len(agents) == 2:
        return agents
    if len(agents) > 2:
        in_two = [a for a in agents if a in two]
        return in_two if len(in_two) == 2 else []
    if len(two) == 2 and (not agents or agents[0] in two):
        return list(two)
    return []


def _two_countries(cur: Cursor, i: int, before: int) -> list[str] | None:
    """"the two countries": the two states named last before the phrase (in this sentence or the
    two before it), not an organisation one of them is accredited to."""
    doc = cur.doc
    found: list[str] = []
    for j in range(i, max(-1, i - 3), -1):
        s = doc.sentences[j]
        refs = [a for a in doc.agent_refs[j] if a.how != "city" and not a.agent.startswith("org:")
                and (j < i or a.start - s.start < before)]
        for a in sorted(refs, key=lambda a: -a.start):
            if a.agent not in found:
                found.append(a.agent)
            if len(found) == 2:
                return found
    return None


# ----------------------------------------------------------------------------- missions

MISSION_KIND = [
    (r"high commission", "High Commission"),
    (r"permanent mission", "Permanent Mission"),
    (r"consulate(?:[- ]general)?|consular office|general consulate", "Consulate"),
    (r"embass(?:y|ies)", "Embassy"),
    (r"(?:trade|commercial|economic and cultural|trade representative)\s+(?:representative\s+)?offices?|trade mission", "Trade Office"),
]
MISSION = re.compile(r"\b(high commission|permanent mission|(?:general )?consulates?(?:[- ]general)?|embass(?:y|ies)|"
                     r"(?:trade|commercial|economic and cultural)\s+(?:representative\s+)?offices?|trade mission)\b", re.I)
OPEN = re.compile(r"\b(?:re-?opened|re-?opens|opened|opens|opening of|inaugurated|inaugurates|inauguration of|set up|established|launched|began operating|working in|"
                  r"staff(?:ed)? (?:at|in)|evacuated|located|has|have|maintains|maintain|began to operate|operates?|operating|handled|handles)\b", re.I)
UPGRADE = re.compile(r"\b(?:embassy nameplate|operate as (?:an embassy|a full(?:-fledged)? diplomatic mission)|"
                     r"(?:upgraded|raised|converted) (?:in)?to (?:an )?embassy)\b", re.I)


def extract_missions(cur: Cursor) -> list[MissionFact]:
    doc = cur.doc
    out: dict[tuple[str, str, str], MissionFact] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        for m in MISSION.finditer(text):
            if is_unreal(text, m.start(), m.end()):
                continue
            if re.search(r"\bnameplate\b", text[m.end():m.end() + 12]):
                continue
            opened = OPEN.search(text[max(0, m.start() - 80):m.end() + 40])
            sending = _sending(cur, i, m)
            if sending is None:
                continue
            location = _location(cur, i, m, sending)
            if location is None:
                continue
            if opened is None and not _existing(text, m) and not _named_in_full(cur, i, m):
                continue
            kind = next(label for pattern, label in MISSION_KIND if re.search(pattern, m.group(1), re.I))
            key = (kind, sending, location.label)
            if key not in out:
                out[key] = MissionFact(kind, sending, location, [cur.evidence(i)])
            if kind != "Embassy" and UPGRADE.search(text[m.end():]):
                # "the trade office in Beijing ... put up an embassy nameplate": now an embassy too
                out.setdefault(("Embassy", sending, location.label),
                               MissionFact("Embassy", sending, location, [cur.evidence(i)]))
    return list(out.values())


def _named_in_full(cur: Cursor, i: int, m: re.Match) -> bool:
    """"The French embassy in Brazil declined to comment", "the Consulate General of Peru in Osaka":
    a mission named with its state and its place is one that exists."""
    s = cur.doc.sentences[i]
    text = s.text
    adjacent = any(a.how != "city" and re.fullmatch(r"\s*(?:['’]s?\s*)?", text[a.end - s.start:m.start()])
                   for a in cur.doc.agent_refs[i] if a.end - s.start <= m.start())
    of_state = re.match(r"\s+of\s+(?:the\s+)?[A-Z]", text[m.end():]) is not None
    located = re.match(r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4})?\s+in\s+(?:the\s+)?[A-Z]", text[m.end():]) is not None
    return (adjacent or of_state) and located


def _existing(text: str, m: re.Match) -> bool:
    """"the Japanese Embassy" named as a place that exists (people working in it)."""
    return bool(re.search(r"\b(?:working in|in the|at the|of the)\s+(?:\w+\s+){0,2}$", text[max(0, m.start() - 40):m.start()]))


def _sending(cur: Cursor, i: int, m: re.Match) -> str | None:
    doc = cur.doc
    s = doc.sentences[i]
    before = s.text[max(0, m.start() - 40):m.start()]
    near = [a for a in doc.agent_refs[i] if s.start + m.start() - 40 <= a.start < s.start + m.start() and a.how != "city"]
    adjacent = [a for a in near if re.fullmatch(r"\s*(?:['’]s?\s*)?(?:new\s+)?", s.text[a.end - s.start:m.start()])]
    if adjacent:
        return adjacent[-1].agent  # "the US Embassy", "the Israeli embassy", "Peru’s consulate"
    of = re.match(r"\s+of\s+(?:the\s+)?", s.text[m.end():])
    if of:  # "the Consulate General of Peru in Osaka"
        at = s.start + m.end() + of.end()
        after = [a for a in doc.agent_refs[i] if a.start == at and a.how != "city"]
        if after:
            return after[0].agent
    if near and re.search(r"(?:['’]s|\b[A-Z][a-z]+(?:i|ese|an|ish|n))\s+(?:[\w-]+\s+){0,2}$", before):
        return near[-1].agent
    if re.search(r"\b(?:his|her) country['’]s\s+$", before):
        people = [r for r in doc.person_refs[i] if r.start < s.start + m.start()]
        if people:
            return doc.agent_of(people[0].person)
    if near and re.search(r"^\s*(?:has\s+|had\s+|have\s+)?(?:opened|re-?opened|inaugurated|established|set up|launched|"
                          r"has|have|maintains|maintain|operates)\s+"
                          r"(?:a|an|the|its|their)?\s*(?:new\s+|first\s+)?$", s.text[near[-1].end - s.start:m.start()]):
        return near[-1].agent
    if re.search(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,3}$", before) or re.search(r"\bone of (?:its|their)", before):
        subject = [a for a in doc.agent_refs[i] if a.start < s.start + m.start() and a.how != "city"]
        if subject:
            return subject[0].agent
    return None


def _location(cur: Cursor, i: int, m: re.Match, sending: str) -> Place | None:
    doc = cur.doc
    s = doc.sentences[i]
    g = gazetteer()
    tail = s.text[m.end():]
    cap = re.match(r"\s+in the ([A-Z][\w'’-]+) capital", tail)
    if cap:
        for e in g.lookup((cap.group(1).lower(),)):
            if e.kind in ("demonym", "state") and e.key in g.capitals:
                return Place(g.capitals[e.key], e.key)
    city_of = re.match(r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}?)?\s+in\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
                       r"(?:city|town|port) of\s+", tail)
    if city_of:  # "a consulate in the southern port city of X"
        at = s.start + m.end() + city_of.end()
        for a in doc.agent_refs[i]:
            if a.start == at and a.how == "city":
                return Place(a.place or "", a.agent)
        word = re.match(r"[A-Z][\w'’-]+", s.text[m.end() + city_of.end():])
        if word:
            return Place(word.group(0), None)
    place = _listed_location(cur, i, m, sending)
    if place is not None and place.is_state:
        # "the Embassy of X in China", at a ceremony "held in Beijing": where it is, when the text says
        for a in doc.agent_refs[i]:
            if a.how == "city" and a.agent == place.country and re.search(r"\b(?:in|at)\s+$", s.text[max(0, a.start - s.start - 4):a.start - s.start]):
                return Place(a.place or "", a.agent)
    return place


def _listed_location(cur: Cursor, i: int, m: re.Match, sending: str) -> Place | None:
    doc = cur.doc
    s = doc.sentences[i]
    stop = re.search(r"[,;]", s.text[m.end():])
    limit = m.end() + (stop.start() if stop else 120)
    for a in doc.agent_refs[i]:
        rel = a.start - s.start
        if rel < m.end() or rel > min(limit, m.end() + 120) or a.agent == sending and a.how != "city":
            continue
        lead = s.text[max(0, rel - 12):rel]
        if re.search(r"\b(?:in|from|at)\s+(?:the\s+)?$", lead):
            if a.how == "city":
                return Place(a.place or "", a.agent)
            return Place(agent_label(a.agent), a.agent, is_state=True)
    return None


# ----------------------------------------------------------------------------- posts

MINISTERIAL = {"Foreign Minister", "Minister of State", "Prime Minister", "Deputy Prime Minister"}


def extract_posts(cur: Cursor) -> list[PostFact]:
    doc = cur.doc
    out: list[PostFact] = []
    seen = set()
    for key, person in doc.persons.items():
        ministerial = {r.position for r in person.roles} & MINISTERIAL
        for role in person.roles:
            if role.position == "-" or not role.agent or (role.position in ENVOYS and not role.accredited_to):
                continue  # an envoy's post names where they serve, or it is not a post we can state
            if role.position == "Minister" and not role.portfolio and ministerial:
                continue  # "Minister Batbold" after "Minister for Foreign Affairs Batbold": the same post
            k = (key, role.position, role.agent, role.accredited_to)
            if k in seen:
                continue
            seen.add(k)
            s = doc.sentences[role.sentence]
            out.append(PostFact(key, role.position, role.agent, role.accredited_to, role.as_written, role.former,
                                role.portfolio, [Evidence(s.start, s.end, s.text)]))
    return out
