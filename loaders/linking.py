"""Stage 3: mentions → linked entities.

Builds the article's cast: one Person per real person (name variants merged: "Mori
Kenji" / "Mr. Mori" / "Mori"), the posts each holds (from title phrases such as
"Chile's Foreign Minister Ana Soto", "Lars Berg, the Foreign Minister of
Norway", "his Spanish counterpart, Luis Vega"), and, per sentence, who and which states are
referred to — by name, pronoun, title ("the Japanese Ambassador"), or group ("the two
ministers"). States of persons the text does not state outright are inferred from
coreference, counterparts and bilateral elimination, never guessed from names.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from diplokg.loaders.dates import parse_absolute
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.mentions import HONORIFICS, Mention, SentenceMentions, find_mentions
from diplokg.loaders.text import Dateline, Sentence, find_dateline, split_sentences
from diplokg.loaders.tokens import Token, fold_token

FORMER_WORDS = {"former", "then", "then-", "late", "outgoing", "ex", "ex-"}
MODIFIER_WORDS = FORMER_WORDS | {"new", "acting", "incoming", "visiting", "current", "newly", "appointed",
                                 "top", "senior", "chief", "deputy"}
DETERMINERS = {"the", "his", "her", "their", "its", "a", "an", "both", "two", "all"}
ENVOYS = {"Ambassador", "High Commissioner", "Chargé d'Affaires", "Consul General"}
HEADS = {"President", "Prime Minister", "Monarch"}
ROLE_NOUNS = {  # nominal words that refer to a person holding one of these positions
    "leader": HEADS, "leaders": HEADS, "head of government": {"Prime Minister"},
    "heads of government": {"Prime Minister"}, "head of state": {"President", "Monarch"},
    "minister": {"Foreign Minister", "Minister", "Minister of State", "Prime Minister", "Deputy Prime Minister"},
    "ministers": {"Foreign Minister", "Minister", "Minister of State"},
    "top diplomat": {"Foreign Minister"}, "diplomat": ENVOYS | {"Foreign Minister", "Special Envoy"},
    "envoy": ENVOYS | {"Special Envoy"}, "official": None, "officials": None, "men": None, "women": None,
}
PRONOUNS = {"he": "sg", "she": "sg", "his": "sg", "her": "sg", "him": "sg"}
GROUP_COUNT = {"two": 2, "both": 2, "three": 3, "four": 4, "all": 0}


def agent_label(agent: str) -> str:
    g = gazetteer()
    if agent.startswith("org:"):
        return g.org_labels.get(agent[4:], agent[4:])
    return g.state_labels.get(agent, agent)


@dataclass
class Role:
    position: str
    agent: str | None  # "JP" for a state, "org:european-union" for an organisation
    accredited_to: str | None
    as_written: str
    former: bool
    sentence: int
    portfolio: str | None = None


@dataclass
class Person:
    key: str
    name: str
    names: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)
    first_sentence: int = 0
    gender: str | None = None  # "f" or "m", from the pronouns that refer to them

    @property
    def tokens(self) -> set[str]:
        return name_tokens(self.name)

    def role(self) -> Role | None:
        """The main post: the first one with a state, else the first."""
        with_agent = [r for r in self.roles if r.agent]
        return (with_agent or self.roles or [None])[0]

    @property
    def agent(self) -> str | None:
        r = self.role()
        return r.agent if r else None


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


@dataclass(frozen=True)
class TitlePhrase:
    sentence: int
    start: int
    end: int
    position: str
    agents: tuple[str, ...]
    accredited_to: str | None
    former: bool
    plural: bool
    as_written: str
    head_token: int
    first_token: int
    last_token: int
    portfolio: str | None = None
    person: str | None = None  # set when a name is attached


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
    dateline_agent: str | None = None

    def persons_in(self, i: int) -> list[str]:
        seen: list[str] = []
        for r in self.person_refs[i]:
            if r.person not in seen:
                seen.append(r.person)
        return seen

    def agent_of(self, person: str) -> str | None:
        p = self.persons.get(person)
        return p.agent if p else None


def name_tokens(name: str) -> set[str]:
    return {t for t in (fold_token(w).strip(".,") for w in name.replace("-", " ").split())
            if t and t not in HONORIFICS}


# ----------------------------------------------------------------------------- title phrases

def _agent_of_mention(m: Mention) -> str | None:
    g = gazetteer()
    if m.kind in ("state", "demonym"):
        return m.key
    if m.kind in ("org", "org_adj"):
        state = g.org_states.get(m.key)
        return state if state else f"org:{m.key}"
    if m.kind == "city":
        return m.extra
    return None


def _mention_at(sm: SentenceMentions, token: int, kinds: tuple[str, ...], *, ending: bool = False) -> Mention | None:
    """The mention of one of ``kinds`` that starts (or, with ``ending``, ends) at ``token``."""
    for m in sm.mentions:
        if (m.last_token if ending else m.first_token) == token and m.kind in kinds:
            return m
    return None


def _title_phrases(sm: SentenceMentions) -> list[TitlePhrase]:
    toks = sm.tokens
    out: list[TitlePhrase] = []
    titles = [m for m in sm.mentions if m.kind == "title"]
    for t in titles:
        agents: list[str] = []
        former = False
        first = t.first_token
        k = first - 1
        portfolio = None
        # left modifiers: "Pakistan's", "Japanese", "US", "White House", "former", "then"
        while k >= 0:
            tok = toks[k]
            if tok.norm in MODIFIER_WORDS:
                former = former or tok.norm in FORMER_WORDS
                first = k
                k -= 1
                continue
            if tok.norm in ("'s", "’s") and k > 0:
                m = _mention_ending(sm, k - 1, ("state", "org", "city"))
                if m:
                    a = _agent_of_mention(m)
                    if a:
                        agents.insert(0, a)
                    first = m.first_token
                    k = first - 1
                    continue
                break
            m = _mention_ending(sm, k, ("demonym", "org_adj", "state", "org"))
            if m:
                a = _agent_of_mention(m)
                if a:
                    agents.insert(0, a)
                first = m.first_token
                k = first - 1
                continue
            if t.key == "Minister" and tok.is_cap and tok.norm not in ("the", "and") and k == t.first_token - 1:
                portfolio = tok.text
                first = k
                k -= 1
                continue
            break
        if first > 0 and toks[first - 1].norm == "-" and first > 1 and toks[first - 2].norm == "then":
            former = True
            first -= 2
        # right modifiers: "of South Korea", "to Pakistan", "for Artificial Intelligence", "in the emirate"
        last = t.last_token
        accredited = None
        k = last + 1
        while k < len(toks):
            tok = toks[k]
            if tok.norm in ("of", "to", "in", "for") and k + 1 < len(toks):
                j = k + 1
                if toks[j].norm == "the":
                    j += 1
                m = _mention_at(sm, j, ("state", "org", "city", "demonym"))
                if m is not None:
                    a = _agent_of_mention(m)
                    if tok.norm == "of" and m.kind != "city":
                        agents.append(a)
                        last = m.last_token
                        # "Ambassadors of the European Union and Turkmenistan"
                        while last + 2 < len(toks) and toks[last + 1].norm in ("and", ","):
                            j2 = last + 2 + (1 if toks[last + 2].norm == "the" else 0)
                            m2 = _mention_at(sm, j2, ("state", "org"))
                            if not m2:
                                break
                            agents.append(_agent_of_mention(m2))
                            last = m2.last_token
                        k = last + 1
                        continue
                    if tok.norm in ("to", "in") and t.key in ENVOYS | {"Special Envoy"}:
                        accredited = a
                        last = m.last_token
                        k = last + 1
                        continue
                    break
                if tok.norm in ("for", "of") and j < len(toks) and toks[j].is_cap and t.key in ("Minister", "Minister of State", "-"):
                    words = []
                    name_starts = {m.first_token for m in sm.mentions if m.kind == "name"}
                    while j < len(toks) and (toks[j].is_cap or toks[j].norm in ("and",)) and toks[j].norm != "," \
                            and not (words and j in name_starts):
                        words.append(toks[j].text)
                        j += 1
                    portfolio = " ".join(words)
                    last = j - 1
                    k = j
                    continue
                if tok.norm == "in" and j < len(toks) and toks[j].norm in ("emirate", "kingdom", "country", "capital", "republic"):
                    accredited = "@context"
                    last = j
                    k = j + 1
                    continue
            break
        position = t.key
        implied = t.extra
        if implied and not agents:
            agents.append(f"org:{implied}" if not implied.isupper() else implied)
        if position == "Foreign Secretary" and agents and agents[0] == "GB":
            position = "Foreign Minister"
        if position == "Foreign Minister" and t.extra == "US" and agents and agents[0] != "US":
            position = "Minister"  # "Secretary of State for ..." of another government
        plural = t.text.lower().endswith("s") and not t.label.lower().endswith("s")
        text = sm.sentence.text[toks[first].start - sm.sentence.start:toks[last].end - sm.sentence.start]
        out.append(TitlePhrase(sm.sentence.index, toks[first].start, toks[last].end, position,
                               tuple(a for a in agents if a), accredited, former, plural, text,
                               t.first_token, first, last, portfolio))
    return out


def _mention_ending(sm: SentenceMentions, token: int, kinds: tuple[str, ...]) -> Mention | None:
    return _mention_at(sm, token, kinds, ending=True)


# ----------------------------------------------------------------------------- persons

class Cast:
    """The persons of one article and the merging of their name variants."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def find(self, name: str) -> str | None:
        toks = name_tokens(name)
        if not toks:
            return None
        best = None
        for key, p in self.doc.persons.items():
            pt = p.tokens
            if toks == pt or toks <= pt or (pt <= toks and len(pt) >= 2):
                if best is None:
                    best = key
                else:
                    return self._most_recent(best, key)
        return best

    def _most_recent(self, a: str, b: str) -> str:
        last = {}
        for i, refs in enumerate(self.doc.person_refs):
            for r in refs:
                last[r.person] = i
        return a if last.get(a, -1) >= last.get(b, -1) else b

    def add(self, name: str, sentence: int) -> str:
        found = self.find(name)
        if found:
            p = self.doc.persons[found]
            p.names.add(name)
            if len(name_tokens(name)) > len(p.tokens) and len(p.tokens) < 2:
                p.name = name  # a fuller form replaces a one-word one
            return found
        from diplokg.graph.model.iris import person_key

        key = person_key(" ".join(sorted(name_tokens(name))))
        self.doc.persons[key] = Person(key, _clean_name(name), {name}, [], sentence)
        return key


def _clean_name(name: str) -> str:
    words = name.split()
    while words and fold_token(words[0]).strip(".") in HONORIFICS:
        words.pop(0)
    return " ".join(words) if words else name


def _strip_honorific_tokens(toks: list[Token], i: int) -> int:
    while i < len(toks) and toks[i].norm.strip(".") in HONORIFICS | {"h.e"}:
        i += 1
        if i < len(toks) and toks[i].text == ".":
            i += 1
    return i


def _name_at(sm: SentenceMentions, token: int) -> Mention | None:
    token = _strip_honorific_tokens(sm.tokens, token)
    return _mention_at(sm, token, ("name",))


def _name_before_comma(sm: SentenceMentions, token: int) -> Mention | None:
    """NAME , <phrase at token>"""
    if token >= 2 and sm.tokens[token - 1].norm == ",":
        return _mention_ending(sm, token - 2, ("name",))
    return None


def link(text: str, *, published: str | None = None) -> Doc:
    """Mentions linked to persons, titles and agents, sentence by sentence (no coreference yet:
    :func:`diplokg.loaders.reading.read` adds it)."""
    sentences = split_sentences(text)
    mentions = [find_mentions(s) for s in sentences]
    dateline = find_dateline(text, sentences)
    ref = parse_absolute(published) if published else None
    if ref is None and dateline:
        ref = parse_absolute(dateline.date_text)
    if ref is None:
        ref = _first_full_date(sentences)
    doc = Doc(text, sentences, mentions, dateline, ref)
    doc.person_refs = [[] for _ in sentences]
    doc.agent_refs = [[] for _ in sentences]
    doc.titles = [[] for _ in sentences]
    cast = Cast(doc)
    if dateline:
        for m in mentions[0].mentions:
            if m.start <= dateline.start + len(dateline.place) and m.kind in ("city", "state"):
                doc.dateline_agent = _agent_of_mention(m)
                break
    # pass 1: title phrases with attached names create persons and roles
    for sm in mentions:
        i = sm.sentence.index
        for tp in _title_phrases(sm):
            attached = _attach_names(sm, tp)
            if not attached:
                doc.titles[i].append(tp)
                continue
            for name_mention, agent in attached:
                key = cast.add(name_mention.text, i)
                doc.person_refs[i].append(PersonRef(key, i, name_mention.start, name_mention.end, "name"))
                agents = (agent,) if agent else tp.agents
                if agent is None and len(tp.agents) > 1:
                    agents = ()
                role = Role(tp.position, agents[0] if agents else None, tp.accredited_to,
                            tp.as_written, tp.former, i, tp.portfolio)
                doc.persons[key].roles.append(role)
                doc.titles[i].append(TitlePhrase(**{**tp.__dict__, "person": key}))
    # pass 2: every other name chunk, pronouns, counterparts, agents per sentence
    for sm in mentions:
        i = sm.sentence.index
        taken = {(r.start, r.end) for r in doc.person_refs[i]}
        for m in sm.mentions:
            if m.kind == "name" and (m.start, m.end) not in taken:
                key = cast.find(m.text)
                if key is None and _bare_person(sm, m):
                    key = cast.add(m.text, i)
                if key:
                    doc.person_refs[i].append(PersonRef(key, i, m.start, m.end, "name"))
            elif m.kind in ("state", "demonym", "org", "org_adj", "city"):
                a = _agent_of_mention(m)
                if a:
                    doc.agent_refs[i].append(AgentRef(a, i, m.start, m.end, m.kind,
                                                      m.label if m.kind == "city" else None))
        _counterparts(doc, cast, sm)
        _pronouns(doc, sm)
        doc.person_refs[i].sort(key=lambda r: r.start)
    _rank_parties(doc)
    for p in doc.persons.values():
        for r in p.roles:
            if r.accredited_to == "@context":  # "consul general in the emirate"
                r.accredited_to = _context_accredited(doc, r.agent, r.sentence)
    return doc


def _first_full_date(sentences: list[Sentence]) -> dt.date | None:
    from diplokg.loaders.dates import find_dates

    for s in sentences:
        for d in find_dates(s.text, None):
            if d.value and len(d.value) == 10:
                return dt.date.fromisoformat(d.value)
    return None


def _attach_names(sm: SentenceMentions, tp: TitlePhrase) -> list[tuple[Mention, str | None]]:
    """The persons a title phrase names: "TITLE NAME", "TITLE, NAME", "NAME, the TITLE",
    "TITLES, NAME of STATE and NAME of STATE", "NAME ... as TITLE"."""
    toks = sm.tokens
    j = tp.last_token + 1
    if tp.plural and j < len(toks) and toks[j].norm == ",":
        out = []
        k = j + 1
        while k < len(toks):
            m = _name_at(sm, k)
            if not m:
                break
            k = m.last_token + 1
            agent = None
            if k + 1 < len(toks) and toks[k].norm == "of":
                k2 = k + 1 + (1 if toks[k + 1].norm == "the" else 0)
                am = _mention_at(sm, k2, ("state", "org"))
                if am:
                    agent = _agent_of_mention(am)
                    k = am.last_token + 1
            out.append((m, agent))
            if k < len(toks) and toks[k].norm in ("and", ","):
                k += 1
                if k < len(toks) and toks[k].norm == "and":
                    k += 1
                continue
            break
        return out
    m = _name_at(sm, j)
    if m is not None:
        return [(m, None)]
    if j < len(toks) and toks[j].norm == ",":
        k = j + 1
        second = _mention_at(sm, k, ("title",))
        if second is not None:  # "Permanent Representative to the UN, Ambassador X"
            k = second.last_token + 1
        m = _name_at(sm, k)
        if m is not None and (toks[tp.first_token].norm in DETERMINERS or tp.agents or tp.first_token == 0
                              or toks[tp.first_token].norm in ("'s",)):
            return [(m, None)]
    k = tp.first_token
    while k > 0 and toks[k - 1].norm in ("the", "its", "their", "his", "her"):
        k -= 1
    m = _name_before_comma(sm, k)
    if m is not None:
        return [(m, None)]
    if k > 0 and toks[k - 1].norm == "as":
        names = [x for x in sm.mentions if x.kind == "name" and x.last_token < k - 1]
        if names:
            return [(names[-1], None)]  # the nearest: "X as its ambassador ..., while Y as ambassador ..."
    return []


def _context_accredited(doc: Doc, own: str | None, i: int) -> str | None:
    """The state "the emirate", "the country" refers to: the last other one named before."""
    for j in range(i, max(-1, i - 4), -1):
        for a in reversed(doc.agent_refs[j]):
            if a.agent != own and (j < i or a.start < doc.sentences[i].end):
                return a.agent
    return None


_NON_PERSON_NEXT = {"accords", "agreement", "treaty", "declaration", "statement", "communique", "communiqué",
                    "plan", "dialogue", "summit", "office", "house", "palace", "lake", "organisation",
                    "organization", "council", "university", "airport", "corridor", "line", "group", "province",
                    "island", "committee", "mechanism", "agency", "foundation", "institute", "ministry"}


_PERSON_VERBS = {"said", "says", "told", "met", "meets", "called", "added", "noted", "stressed", "visited",
                 "received", "signed", "thanked", "welcomed", "urged", "announced", "spoke", "agreed",
                 "arrived", "left", "held", "discussed", "is", "was", "has", "had", "who", "and", ","}


def _bare_person(sm: SentenceMentions, m: Mention) -> bool:
    """A name chunk nobody introduced: a person only if it looks like one (2-4 words, no
    institution word after it, not inside a quoted or capitalised title)."""
    words = m.text.split()
    if not 2 <= len(words) <= 5:
        return False
    nxt = sm.tokens[m.last_token + 1] if m.last_token + 1 < len(sm.tokens) else None
    if nxt is not None and nxt.norm in _NON_PERSON_NEXT:
        return False
    prev = sm.tokens[m.first_token - 1] if m.first_token > 0 else None
    prev2 = sm.tokens[m.first_token - 2] if m.first_token > 1 else None
    if prev is not None and prev.norm in ("the", "a", "an", "its", "their"):
        return False
    slot = (prev is None or prev.norm in ("by", "with", "and", ",", "between")
            or (prev.norm == "on" and prev2 is not None and prev2.norm in ("called", "call"))
            or (nxt is not None and nxt.norm in _PERSON_VERBS))
    if not slot:
        return False
    return all(w[:1].isupper() or fold_token(w) in ("bin", "bint", "al", "ibn", "de", "van", "von")
               for w in words)


def _counterparts(doc: Doc, cast: Cast, sm: SentenceMentions) -> None:
    """"his Spanish counterpart, Luis Vega": same post as "his" referent, the stated state."""
    toks = sm.tokens
    i = sm.sentence.index
    for k, t in enumerate(toks):
        if t.norm not in ("counterpart", "counterparts"):
            continue
        agents = []
        j = k - 1
        while j >= 0:
            m = _mention_ending(sm, j, ("demonym", "state", "org_adj", "org"))
            if m:
                agents.insert(0, _agent_of_mention(m))
                j = m.first_token - 1
                continue
            if toks[j].norm in (",", "and"):
                j -= 1
                continue
            break
        possessor_tok = toks[j] if j >= 0 else None
        holder = None
        before = [r for r in doc.person_refs[i] if r.start < t.start]
        if possessor_tok is not None and possessor_tok.norm in ("his", "her"):
            holder = before[-1].person if before else _last_person(doc, i)
        role = doc.persons[holder].role() if holder else None
        nxt = k + 1
        if nxt < len(toks) and toks[nxt].norm == ",":
            nxt += 1
        # an explicit title after "counterpart," already made the person; only link then
        existing = [r for r in doc.person_refs[i] if r.start >= toks[min(nxt, len(toks) - 1)].start]
        m = _name_at(sm, nxt)
        key = None
        if m is not None:
            key = cast.add(m.text, i)
            if not any(r.start == m.start for r in doc.person_refs[i]):
                doc.person_refs[i].append(PersonRef(key, i, m.start, m.end, "name"))
        elif existing and existing[0].start - toks[k].end < 40:
            key = existing[0].person
        if key is None:
            continue
        person = doc.persons[key]
        agent = agents[0] if len(agents) == 1 else None
        if person.roles:
            if agent and not person.agent:
                person.roles[0].agent = agent
        elif role is not None:
            person.roles.append(Role(role.position, agent, None, t.text, False, i))
        # counterparts serve different states: remember it for elimination
        doc.__dict__.setdefault("counterpart_pairs", []).append((holder, key))


def _last_person(doc: Doc, i: int) -> str | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if doc.person_refs[j]:
            return doc.person_refs[j][0].person
    return None


def _pronouns(doc: Doc, sm: SentenceMentions) -> None:
    i = sm.sentence.index
    for k, t in enumerate(sm.tokens):
        if t.norm == "their" and k + 1 < len(sm.tokens) and sm.tokens[k + 1].norm in (
                "meeting", "talks", "conversation", "call", "meetings", "encounter"):
            recent: list[str] = []
            for j in range(i, max(-1, i - 3), -1):
                for r in (doc.person_refs[j] if j < i else [r for r in doc.person_refs[i] if r.end <= t.start]):
                    if r.person not in recent:
                        recent.append(r.person)
            for person in recent[:2] if len(recent) >= 2 else []:
                doc.person_refs[i].append(PersonRef(person, i, t.start, t.end, "group"))
            continue
        if t.norm not in PRONOUNS or not t.is_word:
            continue
        gender = "f" if t.norm in ("she", "her") else "m"
        before = [r.person for r in doc.person_refs[i] if r.end <= t.start]
        earlier = [r.person for j in range(i - 1, max(-1, i - 4), -1) for r in doc.person_refs[j]]
        # a possessive points to the nearest fitting person in its sentence; a subject pronoun
        # first to a person known to fit, then to one of unknown gender
        same = [c for c in ([before[0]] if before and t.norm in ("his", "her") else []) + list(reversed(before))
                if doc.persons[c].gender in (None, gender)]
        exact = [c for c in list(reversed(before)) + earlier if doc.persons[c].gender == gender]
        loose = [c for c in earlier if doc.persons[c].gender is None]
        order = (same, exact, loose) if t.norm in ("his", "her") else (exact, same, loose)
        target = next((group[0] for group in order if group), None)
        if target:
            doc.persons[target].gender = gender
            doc.person_refs[i].append(PersonRef(target, i, t.start, t.end, "pronoun"))


def _rank_parties(doc: Doc) -> None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for refs in doc.agent_refs:
        for r in refs:
            if r.how == "city":
                continue
            weight = 1.0
            counts[r.agent] += weight
            first.setdefault(r.agent, r.start)
    for p in doc.persons.values():
        if p.agent:
            counts[p.agent] += 0.5
            first.setdefault(p.agent, 10 ** 9)
    doc.parties = sorted(counts, key=lambda a: (-counts[a], first.get(a, 0)))
