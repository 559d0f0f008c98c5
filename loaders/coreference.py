"""Coreference inside one article, and the states of persons the text leaves implicit.

Nominals ("the Japanese Ambassador", "Pakistan's Foreign Minister", "the visiting minister",
"the Israeli top diplomat") resolve to the person holding a matching post; groups ("the two
ministers", "both officials", "all four men") to the most recent persons that fit. A person
whose state the text never states gets one only from the text's own structure: a nominal
that names it, a counterpart of a known state, a bilateral pair, a ceremony hosted in the
dateline city.
"""
from __future__ import annotations

import re

from diplokg.loaders.linking import ENVOYS, HEADS, ROLE_NOUNS, Doc, PersonRef
from diplokg.loaders.titles import agent_of_mention, can_serve, mention_ending, settled_position

COMPATIBLE = {
    "Foreign Minister": {"Foreign Minister", "Minister"},
    "Minister": {"Minister", "Foreign Minister", "Minister of State"},
    "Prime Minister": {"Prime Minister"},
    "President": {"President"},
}


def _recent_persons(doc: Doc, i: int, before: int | None = None, window: int = 6) -> list[str]:
    """Persons referenced in sentence i (before offset) and the sentences before it, most recent first."""
    out: list[str] = []
    for j in range(i, max(-1, i - window), -1):
        refs = doc.person_refs[j]
        if j == i and before is not None:
            refs = [r for r in refs if r.end <= before]
        for r in reversed(refs):
            if r.person not in out:
                out.append(r.person)
    return out


def _fits(doc: Doc, person: str, positions: set[str] | None, agent: str | None) -> bool:
    p = doc.persons[person]
    if positions is not None and not any(r.position in positions for r in p.roles):
        return False
    if agent and p.agent and p.agent != agent:
        return False
    return True


def _choose(doc: Doc, i: int, start: int, positions: set[str] | None, agent: str | None,
            visiting: bool = False) -> str | None:
    candidates = [c for c in _recent_persons(doc, i, start, window=12) if _fits(doc, c, positions, agent)]
    if not candidates:
        # anyone earlier in the article
        candidates = [k for k in doc.persons if _fits(doc, k, positions, agent)]
    if visiting and candidates:
        host = _host_agent(doc, i)
        away = [c for c in candidates if doc.persons[c].agent and doc.persons[c].agent != host]
        candidates = away or candidates
    if agent:
        exact = [c for c in candidates if doc.persons[c].agent == agent]
        if exact:
            return exact[0]
        # an unknown-state holder is this one only if no other candidate is left
        return candidates[0] if len(candidates) == 1 else None
    return candidates[0] if candidates else None


def _host_agent(doc: Doc, i: int) -> str | None:
    if doc.dateline_agent:
        return doc.dateline_agent
    for j in range(i, -1, -1):
        for a in reversed(doc.agent_refs[j]):
            if a.how == "city":
                return a.agent
    return doc.dateline_agent


def _assign(doc: Doc, person: str, agent: str | None) -> bool:
    """Give an inferred state to a person's posts that have none (never an organisation to a
    post only states have: a president met "on the sidelines of CELAC" is no CELAC official)."""
    if not agent:
        return False
    p = doc.persons[person]
    if p.agent:
        return False
    changed = False
    for role in p.roles:
        if not role.agent and can_serve(role.position, agent):
            role.agent = agent
            role.position = settled_position(role.position, role.title, agent)
            changed = True
    return changed


def resolve_nominals(doc: Doc) -> None:
    for i, sm in enumerate(doc.mentions):
        for tp in doc.titles[i]:
            if tp.plural and tp.person is None:
                words = doc.text[max(0, tp.start - 12):tp.start].lower().split()
                count = {"two": 2, "both": 2, "three": 3, "four": 4}.get(words[-1] if words else "")
                if count:
                    positions = COMPATIBLE.get(tp.position, {tp.position})
                    group = [c for c in _recent_persons(doc, i, tp.start, window=8) if _fits(doc, c, positions, None)]
                    if len(group) >= count:
                        for c in group[:count]:
                            doc.person_refs[i].append(PersonRef(c, i, tp.start, tp.end, "group"))
                continue
            if tp.person or tp.plural:
                continue
            agent = tp.agents[0] if len(tp.agents) == 1 else None
            positions = COMPATIBLE.get(tp.position, {tp.position})
            key = _choose(doc, i, tp.start, positions, agent)
            if key:
                doc.person_refs[i].append(PersonRef(key, i, tp.start, tp.end, "nominal"))
                _assign(doc, key, agent)
        _role_nouns(doc, i)
        doc.person_refs[i].sort(key=lambda r: r.start)


def _role_nouns(doc: Doc, i: int) -> None:
    """"the Japanese leader", "the visiting minister", "the two ministers", "both officials"."""
    sm = doc.mentions[i]
    toks = sm.tokens
    k = 0
    while k < len(toks):
        t = toks[k]
        noun = None
        width = 1
        if k + 1 < len(toks) and f"{t.norm} {toks[k + 1].norm}" in ROLE_NOUNS:
            noun, width = f"{t.norm} {toks[k + 1].norm}", 2
        elif t.norm in ROLE_NOUNS:
            noun = t.norm
        if noun is None or any(r.start <= t.start < r.end for r in doc.person_refs[i]):
            k += 1
            continue
        # walk left over modifiers: determiners, counts, demonyms, "visiting"
        j = k - 1
        agent, count, visiting, definite = None, None, False, False
        while j >= 0:
            w = toks[j]
            m = mention_ending(sm, j, ("demonym", "state", "org_adj"))
            if m:
                agent = agent_of_mention(m)
                j = m.first_token - 1
                continue
            if w.norm in ("two", "both", "three", "four", "all"):
                count = {"two": 2, "both": 2, "three": 3, "four": 4}.get(w.norm, count)
                j -= 1
                continue
            if w.norm in ("visiting", "top", "foreign", "senior", "new"):
                visiting = visiting or w.norm == "visiting"
                j -= 1
                continue
            if w.norm in ("the", "this", "that"):
                definite = True
            break
        positions = ROLE_NOUNS[noun]
        if noun.endswith("s") or (noun in ("men", "women")) or count:
            if count is None:
                k += width
                continue
            n = count or 2
            group = [c for c in _recent_persons(doc, i, t.start, window=8) if _fits(doc, c, positions, None)]
            if len(group) >= n >= 2:
                for c in group[:n]:
                    doc.person_refs[i].append(PersonRef(c, i, toks[max(j, 0)].start, toks[k + width - 1].end, "group"))
        elif definite and noun not in ("official",):
            key = _choose(doc, i, t.start, positions, agent, visiting=visiting)
            if key:
                doc.person_refs[i].append(PersonRef(key, i, toks[j + 1].start, toks[k + width - 1].end, "nominal"))
                _assign(doc, key, agent)
        k += width


def infer_states(doc: Doc) -> None:
    """Give a state to persons who hold a post but whose state the text leaves implicit."""
    if not any(p.roles and not p.agent for p in doc.persons.values()):
        # Nobody is left to give a state to. The other rules act only through _assign (a no-op
        # then); these two also fill in where envoys are accredited, so they still run.
        _represented_by(doc)
        _signed_for(doc)
        _one_state_each(doc)
        _envoys_accredited(doc)
        return
    for _ in range(3):
        changed = False
        changed |= _framed_in(doc)
        changed |= _hosted(doc)
        changed |= _signed_for(doc)
        changed |= _represented_by(doc)
        changed |= _appointed(doc)
        changed |= _coordinated(doc)
        changed |= _counterpart_pairs(doc)
        changed |= _pairs(doc)
        changed |= _visitors(doc)
        if not changed:
            break
    _credentials(doc)
    _sentence_unique(doc)
    _one_state_each(doc)
    _envoys_accredited(doc)


def _credentials(doc: Doc) -> None:
    """The head of state an envoy presents credentials to serves the state the envoy is accredited to."""
    for i, s in enumerate(doc.sentences):
        if not re.search(r"credential|letters? of (?:credence|commission)", s.text, re.I):
            continue
        people = doc.persons_in(i)
        envoys = [doc.persons[p].role().accredited_to for p in people
                  if doc.persons[p].role() and doc.persons[p].role().accredited_to]
        for p in people:
            role = doc.persons[p].role()
            if envoys and role and role.position in HEADS and not role.agent:
                _assign(doc, p, envoys[0])


def _two_parties(doc: Doc) -> list[str]:
    return doc.parties[:2] if len(doc.parties) >= 2 else []


def _other(doc: Doc, agent: str) -> str | None:
    two = _two_parties(doc)
    if agent in two:
        return two[1] if two[0] == agent else two[0]
    return None


def _counterpart_pairs(doc: Doc) -> bool:
    changed = False
    for a, b in doc.__dict__.get("counterpart_pairs", []):
        if not a or not b:
            continue
        pa, pb = doc.persons[a].agent, doc.persons[b].agent
        if pa and not pb:
            changed |= _assign(doc, b, _other(doc, pa))
        elif pb and not pa:
            changed |= _assign(doc, a, _other(doc, pb))
    return changed


_INTERACTION = re.compile(
    r"\b(?:met|meet|meets|meeting|talks?|conversation|call(?:ed)?(?: first| then| also)? on|received|receives|sat down with|spoke|"
    r"phone call|telephone|signed|co-chaired|hosted)\b", re.I)


def _coordinated(doc: Doc) -> bool:
    """"X and Y", "Prime Minister X and Premier Y", "X and his Chinese counterpart Y": two
    persons named side by side, one of known state: the other serves the other party."""
    changed = False
    for i, s in enumerate(doc.sentences):
        refs = [r for r in doc.person_refs[i] if r.how == "name"]
        for a, b in zip(refs, refs[1:]):
            gap = doc.text[a.end:b.start]
            words = [w for w in re.findall(r"[^\W\d_]+", gap) if w.islower()]
            if not re.match(r"^\s*(?:,\s*)?and\b", gap) or any(w not in ("and", "his", "her", "counterpart", "the", "of")
                                                              for w in words):
                continue
            pa, pb = doc.persons[a.person], doc.persons[b.person]
            # "Biden met Vietnamese Prime Minister X and President Y", "a meeting with President X
            # and the Vice President Y": objects of one verb or preposition, one side
            same_side = any(r.end <= a.start and r.person not in (a.person, b.person) for r in doc.person_refs[i]) \
                or bool(_OBJECT_OF.search(doc.text[s.start:a.start]))
            if pa.agent and not pb.agent and pb.roles:
                changed |= _assign(doc, b.person, pa.agent if same_side else _other(doc, pa.agent))
            elif pb.agent and not pa.agent and pa.roles:
                changed |= _assign(doc, a.person, pb.agent if same_side else _other(doc, pb.agent))
    return changed


_OBJECT_OF = re.compile(r"\b(?:met|meets|meet|meeting|talks|received|receives|hosted|welcomed|called on|calls on)"
                        r"(?:\s+with)?\s+"
                        r"(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,6}$")
_APPOINTED = re.compile(r"^\s+(?:has\s+|had\s+)?(?:named|nominated|appointed|designated|sent)\s+$")


def _appointed(doc: Doc) -> bool:
    """"Turkey named X as its ambassador to Cairo": the post serves the state that named them."""
    changed = False
    for i in range(len(doc.sentences)):
        for r in doc.person_refs[i]:
            if doc.persons[r.person].agent:
                continue
            for a in doc.agent_refs[i]:
                if a.end <= r.start and a.how != "city" and _APPOINTED.match(doc.text[a.end:r.start]):
                    changed |= _assign(doc, r.person, a.agent)
    return changed


def _envoys_accredited(doc: Doc) -> None:
    """An envoy of one of the two sides whose post names no host serves at the other side
    ("the outgoing Ambassador of Germany ... at the ministry in Abuja")."""
    for p in doc.persons.values():
        for role in p.roles:
            if role.position in ENVOYS and role.agent and not role.accredited_to:
                written = [r.accredited_to for r in p.roles if r.position == role.position and r.accredited_to]
                if written:  # "Ambassador Kerebo" after "Kerebo, Ambassador to Chile": that post
                    role.accredited_to = written[0]
                    continue
                other = _other(doc, role.agent)
                if other is None and doc.dateline_agent and doc.dateline_agent != role.agent:
                    other = doc.dateline_agent
                role.accredited_to = other


_SIGNED_FOR = re.compile(r"^[^.;]{0,30}?\b(?:signed for|on behalf of|represent(?:ed|ing)?)\s+(?:the\s+)?$", re.I)


_FOR_STATE = re.compile(r"\b(?:signed\s+for|for|on\s+behalf\s+of)\s+(?:the\s+)?(?:(?:Government|people|side)\s+of\s+"
                        r"(?:the\s+)?)?$", re.I)
_BY_NAME = re.compile(r"^\s+by\s+(?:(?:(?:His|Her)\s+Excellency|H\.?E\.?|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Ambassador)\s+)*$")


def _signed_for(doc: Doc) -> bool:
    """"X signed for Israel", "X, representing Japan", "signed for the Government of Y by X".
    An envoy who acts for one state while the title names another ("signed for The Gambia by
    X, Ambassador of Ethiopia") is that state's envoy there."""
    changed = False
    for i, s in enumerate(doc.sentences):
        for r in doc.person_refs[i]:
            for a in doc.agent_refs[i]:
                if a.how == "city":
                    continue
                after = a.start > r.end and _SIGNED_FOR.match(doc.text[r.end:a.start])
                before = a.end <= r.start and _BY_NAME.match(doc.text[a.end:r.start]) \
                    and _FOR_STATE.search(doc.text[max(s.start, a.start - 40):a.start])
                if after or before:
                    changed |= _act_for(doc, r.person, a.agent)
                    break
    return changed


def _one_state_each(doc: Doc) -> None:
    """A person serves one state: posts written without one ("NAME, Ambassador of X, High
    Commissioner to Kenya") are of the state the person's other posts name."""
    for p in doc.persons.values():
        agent = p.agent
        if agent:
            for role in p.roles:
                if not role.agent and can_serve(role.position, agent):
                    role.agent = agent
                    role.position = settled_position(role.position, role.title, agent)


def _act_for(doc: Doc, person: str, agent: str) -> bool:
    p = doc.persons[person]
    changed = False
    for role in p.roles:
        if role.position in ENVOYS and role.agent and role.agent != agent and not role.accredited_to:
            role.agent, role.accredited_to = agent, role.agent
            changed = True
    return _assign(doc, person, agent) or changed


_REPRESENTED = re.compile(r"\b(?:represented|headed|led)\s+by\s+(?:[A-Z][\w'’-]*\.?\s+){0,4}$")


def _represented_by(doc: Doc) -> bool:
    """"The UAE was represented by X", "The Emirati embassy in Tel Aviv, headed by Ambassador Y"."""
    changed = False
    for i, s in enumerate(doc.sentences):
        for r in doc.person_refs[i]:
            if not _REPRESENTED.search(doc.text[s.start:r.start]):
                continue
            before = [a for a in doc.agent_refs[i] if a.end <= r.start]
            states = [a for a in before if a.how != "city"]
            if not states:
                continue
            changed |= _assign(doc, r.person, states[0].agent)
            role = doc.persons[r.person].role()
            cities = [a for a in before if a.how == "city" and a.start > states[0].start]
            if role and role.position in ENVOYS and not role.accredited_to and cities:
                role.accredited_to = cities[0].agent
    return changed


def _pairs(doc: Doc) -> bool:
    """Persons who meet, talk or sign together, one of known state: in a bilateral article
    each of the others, of the same rank or met by the known one, serves the other state."""
    changed = False
    for i, s in enumerate(doc.sentences):
        people = [p for p in doc.persons_in(i) if doc.persons[p].roles]
        if len(people) < 2 or not _INTERACTION.search(s.text):
            continue
        known = [p for p in people if doc.persons[p].agent in _two_parties(doc)]
        if not known:
            continue
        sides = {doc.persons[p].agent for p in known}
        if len(sides) != 1:
            continue
        other = _other(doc, sides.pop())
        for p in people:
            if not doc.persons[p].agent:
                changed |= _assign(doc, p, other)
    return changed


_VISIT = re.compile(r"\b(?:visit|visits|visited|visiting|trip|tour|travell?ed|flew|arrived)\b", re.I)


def _visitors(doc: Doc) -> bool:
    """A person visiting one of the two parties serves the other one."""
    changed = False
    for i, s in enumerate(doc.sentences):
        if not _VISIT.search(s.text):
            continue
        for r in doc.person_refs[i][:1]:  # the subject: who travels
            p = doc.persons[r.person]
            if p.agent or not p.roles:
                continue
            for a in doc.agent_refs[i]:
                before = doc.text[max(s.start, a.start - 4):a.start].lower()
                if a.start > r.end and ("to " in before or "in " in before) and a.agent in _two_parties(doc):
                    changed |= _assign(doc, r.person, _other(doc, a.agent))
                    break
    return changed


_FRAME = re.compile(r"^(?:In|At home in|Back in)\s+(?:the\s+)?$")


def _framed_in(doc: Doc) -> bool:
    """"In Uruguay, the High Representative will meet President X and Foreign Minister Y": the
    persons met in a sentence framed by a state (all but its subject) serve that state."""
    changed = False
    for i, s in enumerate(doc.sentences):
        refs = doc.agent_refs[i]
        if not refs or refs[0].how not in ("state",) or not _FRAME.match(doc.text[s.start:refs[0].start]):
            continue
        if not doc.text[refs[0].end:refs[0].end + 2].startswith(","):
            continue
        for person in doc.persons_in(i)[1:]:
            if doc.persons[person].roles:
                changed |= _assign(doc, person, refs[0].agent)
    return changed


_HOST_CUES = ("hosted by", "residence of", "welcomed by", "hosting", "guest of")


def _hosted(doc: Doc) -> bool:
    """"a ceremony hosted by President X", "the official residence of Prime Minister Y":
    the host serves the state of the dateline city."""
    changed = False
    if not doc.dateline_agent:
        return False
    for i, s in enumerate(doc.sentences):
        low = s.text.lower()
        for cue in _HOST_CUES:
            at = low.find(cue)
            if at < 0:
                continue
            after = s.start + at + len(cue)
            for r in doc.person_refs[i]:
                if 0 <= r.start - after <= 40 and doc.persons[r.person].roles:
                    changed |= _assign(doc, r.person, doc.dateline_agent)
                    break
    return changed


def _sentence_unique(doc: Doc) -> None:
    """"Tanaka flew in ..., the first visit by a Japanese prime minister": the only person of a
    sentence that also names, unattached, a post like theirs of one state holds that post."""
    for key, p in doc.persons.items():
        if p.agent or not p.roles:
            continue
        for i in range(len(doc.sentences)):
            if doc.persons_in(i) != [key]:
                continue
            agents = {tp.agents[0] for tp in doc.titles[i] if tp.person is None and len(tp.agents) == 1
                      and tp.position == p.roles[0].position}
            if len(agents) == 1:
                _assign(doc, key, agents.pop())
                break
