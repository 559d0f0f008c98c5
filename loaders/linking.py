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
import re
from collections import Counter
from dataclasses import dataclass, field

from diplokg.loaders.dates import Reference, parse_absolute
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.honorifics import honorific_length
from diplokg.loaders.mentions import Mention, SentenceMentions, find_mentions
from diplokg.loaders.persons import Cast, Person, Role, name_tokens, settle_names
from diplokg.loaders.layout import Dateline, Layout, read_layout
from diplokg.loaders.stamps import nearest_before
from diplokg.loaders.text import Sentence, split_sentences
from diplokg.loaders.titles import (ENVOYS, HEADS, MODIFIER_WORDS, TitlePhrase, agent_of_mention, conjoin, mention_at,
                                    mention_ending, settled_position, title_phrases)
from diplokg.loaders.tokens import Token, fold_token

__all__ = ["Doc", "Person", "Role", "PersonRef", "AgentRef", "TitlePhrase", "ENVOYS", "HEADS", "agent_label",
           "agent_of_mention", "mention_ending", "name_tokens", "link"]

DETERMINERS = {"the", "his", "her", "their", "its", "a", "an", "both", "two", "all"}
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


def _name_at(sm: SentenceMentions, token: int) -> Mention | None:
    token += honorific_length(sm.tokens, token)
    m = mention_at(sm, token, ("name",))
    return None if m is None or _names_a_body(sm, m) else m


def _names_a_body(sm: SentenceMentions, m: Mention) -> bool:
    """A capitalised run that is part of an institution's or an event's name ("Maldives
    Monetary Authority", "the first Raisina Roundtable"), not a person."""
    last = m.text.split()[-1].lower()
    nxt = sm.tokens[m.last_token + 1] if m.last_token + 1 < len(sm.tokens) else None
    return last in _BODY_WORDS or (nxt is not None and nxt.norm in _BODY_WORDS and nxt.is_cap)


def _name_before_comma(sm: SentenceMentions, token: int) -> Mention | None:
    """NAME , <phrase at token>"""
    if token >= 2 and sm.tokens[token - 1].norm == ",":
        return mention_ending(sm, token - 2, ("name",))
    return None


def link(text: str, *, published: str | None = None) -> Doc:
    """Mentions linked to persons, titles and agents, sentence by sentence (no coreference yet:
    :func:`diplokg.loaders.reading.read` adds it)."""
    layout = read_layout(text)
    sentences = split_sentences(text, layout)
    mentions = [find_mentions(s) for s in sentences]
    dateline, dateline_agent = _dateline(layout.dateline, sentences, mentions)
    reference = layout.reference
    stated = parse_absolute(published) if published else None
    if stated is not None and not (reference and reference.rule == "dateline"):
        # the source's metadata says when it was published; a dated dateline still says when
        # the story was filed, as it does over the page's own stamp, and a year-less one takes
        # the metadata's year
        partial = layout.dateline_date
        day = nearest_before(partial, stated) if partial is not None and partial.year is None else None
        reference = Reference(day, "publication", "dateline+metadata") if day else \
            Reference(stated, "publication", "metadata")
    doc = Doc(text, sentences, mentions, dateline, reference.day if reference else None,
              reference=reference, headline=layout.headline, dateline_agent=dateline_agent)
    doc.person_refs = [[] for _ in sentences]
    doc.agent_refs = [[] for _ in sentences]
    doc.titles = [[] for _ in sentences]
    cast = Cast(doc)
    # Title-case lines (headlines, captions in title case) are read last and only name persons
    # the body names: there a capitalised verb ("Receives", "Holds Talks") looks like a name.
    body = [sm for sm in mentions if not _is_title_case(sm)]
    title_case = [sm for sm in mentions if _is_title_case(sm)]
    for group, known_only in ((body, False), (title_case, True)):
        for sm in group:  # pass 1: title phrases with attached names create persons and roles
            _link_titles(doc, cast, sm, known_only)
        for sm in group:  # pass 2: every other name chunk, pronouns, counterparts, agents
            _link_names(doc, cast, sm, known_only)
    _rank_parties(doc, _headline_states(text, layout))
    settle_names(doc)
    for p in doc.persons.values():
        for r in p.roles:
            if r.accredited_to == "@context":  # "consul general in the emirate"
                r.accredited_to = _context_accredited(doc, r.agent, r.sentence)
            elif r.accredited_to == "@organisation":  # "Permanent Representative to the Organization"
                r.accredited_to = _context_organisation(doc, r.sentence)
    return doc


_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as",
                "vs", "via", "amid", "over", "after", "before", "into", "upon"}


def _is_title_case(sm: SentenceMentions) -> bool:
    """Every word capitalised but the small ones: a headline, whose verbs look like names."""
    words = [t for t in sm.tokens if t.is_word]
    caps = sum(1 for t in words if t.is_cap)
    return caps >= 3 and all(t.is_cap or t.norm in _SMALL_WORDS for t in words)


def _link_titles(doc: Doc, cast: Cast, sm: SentenceMentions, known_only: bool) -> None:
    """Title phrases with the names attached to them: persons and the posts they hold.

    Two titles joined by "and" before one name are two posts of that person ("Deputy Prime
    Minister and Foreign Minister NAME"); a title after another one's comma is a rank when the
    first passes over it to the name ("Deputy Minister of X, Ambassador NAME"), or one more post
    of the same person in an appositive chain ("NAME, Ambassador to X, High Commissioner to Y")."""
    i = sm.sentence.index
    toks = sm.tokens
    phrases = title_phrases(sm)
    passed_over: set[int] = set()
    holders: dict[int, list[str]] = {}  # last token of an attached title -> its persons
    titled: set[int] = set()  # first tokens of names written after their title
    k = 0
    while k < len(phrases):
        tp = phrases[k]
        k += 1
        if tp.head_token in passed_over:
            continue
        attached = []
        if k < len(phrases) and _conjoined(toks, tp, phrases[k]):
            joint = conjoin(sm, tp, phrases[k])
            attached = _attach_names(sm, joint, frozenset(titled))
            if attached:
                tp = joint
                k += 1
        if not attached:
            attached = _attach_names(sm, tp, frozenset(titled))
        if not attached or (attached[0].how == "before" and _chained(toks, tp, holders)):
            chain = _chained(toks, tp, holders)
            if chain:
                for key in chain:
                    _hold(doc, key, tp, None, i)
                holders[tp.last_token] = chain
                continue
        if known_only:
            attached = [a for a in attached if cast.find(a.name.text, loose=False)]
        if not attached:
            doc.titles[i].append(tp)
            continue
        keys = []
        for a in attached:
            if a.through is not None:
                passed_over.add(a.through.first_token)
            if a.how == "after":
                titled.add(a.name.first_token)
            key = cast.add(a.name.text, i)
            keys.append(key)
            if not any(r.start == a.name.start for r in doc.person_refs[i]):
                doc.person_refs[i].append(PersonRef(key, i, a.name.start, a.name.end, "name"))
            agents = (a.agent,) if a.agent else tp.agents
            if a.agent is None and len(tp.agents) > 1:
                agents = ()
            _hold(doc, key, tp, agents[0] if agents else None, i)
            doc.titles[i].append(TitlePhrase(**{**tp.__dict__, "person": key}))
        holders[tp.last_token] = keys


def _hold(doc: Doc, key: str, tp: TitlePhrase, agent: str | None, i: int) -> None:
    """The posts a title phrase gives its holder (two for "Vice-President and Foreign Minister")."""
    if agent is None and tp.agents and len(tp.agents) == 1:
        agent = tp.agents[0]
    for position, written in (*tp.co_titles, (tp.position, tp.written)):
        accredited = tp.accredited_to if position in ENVOYS | {"Special Envoy"} else None
        doc.persons[key].roles.append(Role(settled_position(position, written, agent), agent, accredited,
                                           tp.as_written, tp.former, i,
                                           tp.portfolio if written == tp.written else None, written))


def _conjoined(toks: list[Token], a: TitlePhrase, b: TitlePhrase) -> bool:
    """"Deputy Prime Minister and Foreign Minister", "High Commissioner & Dean ...": two titles
    joined by one word, the first with nothing after it ("Prime Minister of Japan and President
    of the party" are two posts of two bodies)."""
    return b.first_token == a.last_token + 2 and toks[a.last_token + 1].norm in ("and", "&", "/") \
        and a.accredited_to is None and not a.plural and not b.plural and a.as_written.endswith(a.written)


def _chained(toks: list[Token], tp: TitlePhrase, holders: dict[int, list[str]]) -> list[str]:
    """The persons of the title just before this one in "NAME, TITLE, TITLE, and TITLE"."""
    k = tp.first_token - 1
    if k >= 0 and toks[k].norm == "and":
        k -= 1
    if k < 1 or toks[k].text != ",":
        return []
    return holders.get(k - 1, [])


def _link_names(doc: Doc, cast: Cast, sm: SentenceMentions, known_only: bool) -> None:
    """The other name chunks (known persons, or new ones that look like persons), the agents
    named, counterparts and pronouns of one sentence."""
    i = sm.sentence.index
    taken = {(r.start, r.end) for r in doc.person_refs[i]}
    portfolios = [(tp.start, tp.end) for tp in doc.titles[i]]
    for m in sm.mentions:
        if m.kind == "name" and any(a <= m.start and m.end <= b for a, b in portfolios):
            continue  # "Minister of Industry, Trade and Digital Economy": part of a title
        if m.kind == "name" and (m.start, m.end) not in taken:
            key = cast.find(m.text, loose=not known_only)
            if key is None and not known_only and _bare_person(sm, m):
                key = cast.add(m.text, i)
            elif key is not None:
                cast.note_spelling(key, m.text)
            if key:
                doc.person_refs[i].append(PersonRef(key, i, m.start, m.end, "name"))
        elif m.kind in ("state", "demonym", "org", "org_adj", "city"):
            a = agent_of_mention(m)
            if a:
                doc.agent_refs[i].append(AgentRef(a, i, m.start, m.end, m.kind,
                                                  m.label if m.kind == "city" else None))
    _state_forms(doc, sm)
    _counterparts(doc, cast, sm)
    _pronouns(doc, sm)
    doc.person_refs[i].sort(key=lambda r: r.start)


def _state_forms(doc: Doc, sm: SentenceMentions) -> None:
    """"the Kingdom", "the Sultanate": the last state named before whose long name is one."""
    toks = sm.tokens
    i = sm.sentence.index
    forms = gazetteer().forms
    for k in range(1, len(toks)):
        t = toks[k]
        if t.norm not in forms or not t.is_cap or toks[k - 1].norm != "the" \
                or (k + 1 < len(toks) and toks[k + 1].norm == "of"):  # "the Kingdom of X" names X itself
            continue
        agent = _last_state_in(doc, i, t.start, forms[t.norm])
        if agent:
            doc.agent_refs[i].append(AgentRef(agent, i, t.start, t.end, "state"))
    doc.agent_refs[i].sort(key=lambda a: a.start)


def _last_state_in(doc: Doc, i: int, before: int, states: set[str]) -> str | None:
    for j in range(i, -1, -1):
        for a in reversed(doc.agent_refs[j]):
            if a.start < before and a.agent in states:
                return a.agent
    return None


def _dateline(dateline: Dateline | None, sentences: list[Sentence],
              mentions: list[SentenceMentions]) -> tuple[Dateline | None, str | None]:
    """The dateline and the state of its place. A dateline without a date ("Accra —",
    "Dakar:") is kept only when its place is a known city or state."""
    if dateline is None or dateline.place is None:
        return dateline, None
    for s, sm in zip(sentences, mentions):
        if s.start <= dateline.start < s.end:
            for m in sm.mentions:
                if m.start <= dateline.start + len(dateline.place) and m.kind in ("city", "state"):
                    return dateline, agent_of_mention(m)
            break
    return (dateline if dateline.date_text else None), None


@dataclass(frozen=True)
class Attachment:
    """A name a title phrase is attached to, how, and the state it names for that person."""

    name: Mention
    agent: str | None = None
    how: str = "after"  # after | before (NAME, TITLE) | list
    through: Mention | None = None  # a second title passed over: "..., Ambassador NAME" (a rank)


def _attach_names(sm: SentenceMentions, tp: TitlePhrase, titled: frozenset[int] = frozenset()) -> list[Attachment]:
    """The persons a title phrase names: "TITLE NAME", "TITLE (NAME)", "TITLE, NAME",
    "NAME, the TITLE", "TITLES, NAME of STATE and NAME of STATE", "NAME ... as TITLE".

    A title between two names ("A, Minister of X, B, Minister of Y") belongs to the name
    before it when the one after it has its own title after it (a list of NAME, TITLE), unless
    the name before already follows its own title (``titled``: "President of X A, President of
    Y, B")."""
    toks = sm.tokens
    n = len(toks)
    j = tp.last_token + 1
    if tp.plural and j < n and toks[j].norm == ",":
        return _plural_list(sm, j + 1)
    m = _name_at(sm, j)
    if m is not None:
        return [Attachment(m)]
    if j + 1 < n and toks[j].text == "(":  # "Ambassador of Oman (H.E. NAME)"
        m = _name_at(sm, j + 1)
        if m is not None and m.last_token + 1 < n and toks[m.last_token + 1].text == ")":
            return [Attachment(m)]
    forward = None
    if j < n and toks[j].norm == ",":
        k = j + 1
        second = mention_at(sm, k, ("title",))
        if second is not None:  # "Permanent Representative to the UN, Ambassador X"
            k = second.last_token + 1
        m = _name_at(sm, k)
        if m is not None:
            forward = Attachment(m, through=second)
    k = tp.first_token
    while k > 0 and toks[k - 1].norm in ("the", "its", "their", "his", "her"):
        k -= 1
    before = _name_before_comma(sm, k)
    if before is not None and not tp.plural and before.first_token not in titled:
        if forward is None or _titled_after(sm, forward.name):
            return [Attachment(before, how="before")]
    if forward is not None:
        return [forward]
    if k > 0 and toks[k - 1].norm == "as":
        names = [x for x in sm.mentions if x.kind == "name" and x.last_token < k - 1]
        if names:
            return [Attachment(names[-1], how="before")]  # the nearest: "X as its ambassador ..., Y as ambassador ..."
    return []


def _plural_list(sm: SentenceMentions, k: int) -> list[Attachment]:
    """"Foreign Ministers, NAME of STATE and NAME of STATE"."""
    toks = sm.tokens
    out = []
    while k < len(toks):
        m = _name_at(sm, k)
        if not m:
            break
        k = m.last_token + 1
        agent = None
        if k + 1 < len(toks) and toks[k].norm == "of":
            k2 = k + 1 + (1 if toks[k + 1].norm == "the" else 0)
            am = mention_at(sm, k2, ("state", "org"))
            if am:
                agent = agent_of_mention(am)
                k = am.last_token + 1
        out.append(Attachment(m, agent, how="list"))
        if k < len(toks) and toks[k].norm in ("and", ","):
            k += 1
            if k < len(toks) and toks[k].norm == "and":
                k += 1
            continue
        break
    return out


def _titled_after(sm: SentenceMentions, name: Mention) -> bool:
    """NAME , [the] TITLE: the name has its own title after it."""
    toks = sm.tokens
    k = name.last_token + 1
    if k >= len(toks) or toks[k].text != ",":
        return False
    k += 1
    while k < len(toks) and toks[k].norm in ("the", "his", "her", "its"):
        k += 1
    t = mention_at(sm, k, ("title",))
    if t is None:  # "Ambassador of X" written after a modifier: "the new Ambassador"
        while k < len(toks) and toks[k].norm in MODIFIER_WORDS:
            k += 1
        t = mention_at(sm, k, ("title",))
    if t is None:
        m = mention_at(sm, k, ("state", "demonym"))  # "NAME, Pakistan's Foreign Minister"
        if m is not None:
            k = m.last_token + 1 + (m.last_token + 1 < len(toks) and toks[m.last_token + 1].norm in ("'s", "’s"))
            t = mention_at(sm, k, ("title",))
    return t is not None


def _context_organisation(doc: Doc, i: int) -> str | None:
    """The organisation "the Organization" refers to: the last one named up to here."""
    for j in range(i, max(-1, i - 6), -1):
        for a in reversed(doc.agent_refs[j]):
            if a.agent.startswith("org:"):
                return a.agent
    return None


def _context_accredited(doc: Doc, own: str | None, i: int) -> str | None:
    """The state "the emirate", "the country" refers to: the last other one named before."""
    for j in range(i, max(-1, i - 4), -1):
        for a in reversed(doc.agent_refs[j]):
            if a.agent != own and (j < i or a.start < doc.sentences[i].end):
                return a.agent
    return None


_BODY_WORDS = {"authority", "bank", "fund", "commission", "college", "academy", "institute", "institution",
               "department", "agency", "office", "corporation", "company", "party", "association", "roundtable",
               "forum", "summit", "retreat", "council", "committee", "ministry", "university", "foundation",
               "organisation", "organization", "secretariat", "centre", "center", "school", "programme", "program"}
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
    if (nxt is not None and nxt.norm in _NON_PERSON_NEXT) or _names_a_body(sm, m):
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
            m = mention_ending(sm, j, ("demonym", "state", "org_adj", "org"))
            if m:
                agents.insert(0, agent_of_mention(m))
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
        elif role is not None and role.position != "President":
            # a minister's counterpart is a minister; a president's is as often a prime minister
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


_VENUE_AFTER = re.compile(r"(?:\s*\([^)]{1,15}\))?[\s’'-]*(?:(?:\d+\w*|[A-Z][\w-]*|annual|ministerial|foreign|leaders['’]?|member)\s+){0,3}"
                          r"(?:summit|meeting|conference|session|forum|retreat|headquarters|secretariat|"
                          r"member|members|chair(?:manship|ship)?|charter|general assembly|assembly|ministerial)\b", re.I)
_VENUE_BEFORE = re.compile(r"\b(?:sidelines|margins|side-lines|chair|member|members|headquarters)\s+of\s+(?:the\s+)?$"
                           r"|\b(?:at|to)\s+(?:the\s+)?$|\(\s*$", re.I)  # "(SCO)" restates the name before it


def _acting(doc: Doc, r: AgentRef) -> bool:
    """An organisation named as a venue or a frame ("on the sidelines of the SCO summit", "at
    the UN", "ASEAN member states") is no side of the article; one that acts is."""
    if not r.agent.startswith("org:"):
        return True
    return not (_VENUE_AFTER.match(doc.text, r.end) or _VENUE_BEFORE.search(doc.text[max(0, r.start - 40):r.start]))


def _headline_states(text: str, layout: Layout) -> list[str]:
    """The states a headline names ("Kenya, Vietnam sign three documents"): it tells no facts,
    but it says whose story this is when the body names only one side."""
    out: list[str] = []
    for b in layout.blocks:
        if b.kind != "headline":
            continue
        line = Sentence(-1, b.start, b.end, text[b.start:b.end], -1, "headline")
        for m in find_mentions(line).mentions:
            if m.kind in ("state", "demonym") and m.key not in out:
                out.append(m.key)
        break  # the main headline; a second one usually repeats it
    return out


def _rank_parties(doc: Doc, headline_states: list[str]) -> None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for refs in doc.agent_refs:
        for r in refs:
            if r.how == "city" or not _acting(doc, r):
                continue
            counts[r.agent] += 1.0
            first.setdefault(r.agent, r.start)
    for p in doc.persons.values():
        if p.agent:
            counts[p.agent] += 0.5
            first.setdefault(p.agent, 10 ** 9)
    for a in headline_states:  # after every state the story itself names as acting
        counts[a] += 0.25
        first.setdefault(a, 10 ** 9)
    doc.parties = sorted(counts, key=lambda a: (-counts[a], first.get(a, 0)))
