"""Where envoys serve when their post does not say: the state that receives their credentials,
the other side of a two-sided story, the dateline's state.

Split from ``coreference`` (which gives persons their own state): these rules give an envoy's
post its host once the states are known.
"""
from __future__ import annotations

import re
from typing import Callable

from diplokg.loaders.linking import ENVOYS, HEADS, Doc

_CREDENTIALS = re.compile(r"credential|letters? of (?:credence|commission)", re.I)
# "The Salvadoran government received ambassador credentials", "the ministry accepted the copies"
_RECEIVING_SUBJECT = re.compile(r"\s*(?:['’]s\s+)?(?:government|authorities)?\s*(?:received|receives|accepted|accepts)"
                                r"(?:\s+[\w-]+){0,3}\s+", re.I)


def other_party(doc: Doc, agent: str) -> str | None:
    """The other of the article's two main parties."""
    two = doc.parties[:2] if len(doc.parties) >= 2 else []
    if agent in two:
        return two[1] if two[0] == agent else two[0]
    return None


def credentials(doc: Doc, assign: Callable[[Doc, str, str | None], bool]) -> None:
    """The head of state an envoy presents credentials to serves the state the envoy is accredited to."""
    for i, s in enumerate(doc.sentences):
        if not _CREDENTIALS.search(s.text):
            continue
        people = doc.persons_in(i)
        envoys = [doc.persons[p].role().accredited_to for p in people
                  if doc.persons[p].role() and doc.persons[p].role().accredited_to]
        for p in people:
            role = doc.persons[p].role()
            if envoys and role and role.position in HEADS and not role.agent:
                assign(doc, p, envoys[0])


def credentials_host(doc: Doc) -> str | None:
    """The one state the article's envoys present their credentials to: the state of the person
    or post they present them to ("to the Governor General of X", "to Vice President NAME"), or
    the state whose government receives them ("The X government received ambassador
    credentials"). None when the article names none or several."""
    hosts: set[str] = set()
    for i, s in enumerate(doc.sentences):
        found = _CREDENTIALS.search(s.text)
        if not found:
            continue
        at = s.start + found.start()
        for r in doc.person_refs[i]:
            p = doc.persons[r.person]
            if r.start > at and p.agent and not any(x.position in ENVOYS for x in p.roles) \
                    and re.search(r"\bto\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,6}$", doc.text[at:r.start]):
                hosts.add(p.agent)
                break
        else:
            for tp in doc.titles[i]:
                if tp.start > at and len(tp.agents) == 1 and tp.position not in ENVOYS \
                        and re.search(r"\bto\s+(?:the\s+)?$", doc.text[max(s.start, tp.start - 8):tp.start]):
                    hosts.add(tp.agents[0])
                    break
            else:
                for a in doc.agent_refs[i]:
                    if a.how in ("state", "demonym") and a.end <= at \
                            and _RECEIVING_SUBJECT.fullmatch(doc.text[a.end:at]):
                        hosts.add(a.agent)
                        break
    return hosts.pop() if len(hosts) == 1 else None


def ceremony_hosts(doc: Doc, assign: Callable[[Doc, str, str | None], bool]) -> None:
    """At a ceremony where envoys present their credentials, the officials who hold a post but
    whose state the text leaves unsaid ("attended by the Foreign Minister, NAME") serve the
    receiving state: the envoys are its only guests."""
    host = credentials_host(doc)
    if host is None or host.startswith("org:"):
        return
    for key, p in doc.persons.items():
        if p.roles and not p.agent and not any(r.position in ENVOYS | {"Special Envoy"} for r in p.roles):
            assign(doc, key, host)


def envoys_accredited(doc: Doc) -> None:
    """An envoy whose post names no host serves where the text places them: the post they hold
    elsewhere in the article, the state receiving the article's credentials, the other side of
    a two-sided story ("the outgoing Ambassador of Germany ... at the ministry in Abuja"), the
    dateline's state."""
    host = credentials_host(doc)
    for p in doc.persons.values():
        for role in p.roles:
            if role.position in ENVOYS and role.agent and not role.accredited_to:
                written = [r.accredited_to for r in p.roles if r.position == role.position and r.accredited_to]
                if written:  # "Ambassador Kerebo" after "Kerebo, Ambassador to Chile": that post
                    role.accredited_to = written[0]
                    continue
                if host and host != role.agent:
                    role.accredited_to = host
                    continue
                if _told_elsewhere(doc):
                    continue
                other = other_party(doc, role.agent) if _bilateral(doc) else None
                if other is None and doc.dateline_agent and doc.dateline_agent != role.agent:
                    other = doc.dateline_agent
                role.accredited_to = other


def _bilateral(doc: Doc) -> bool:
    """The story is about two sides: a third party is named clearly less than the second one
    (an article on one state's ties with three others has no "other side"), and the dateline's
    state, when it takes part, is one of them."""
    if len(doc.parties) < 2:
        return False
    if doc.dateline_agent in doc.parties[2:]:
        return False
    if len(doc.parties) == 2:
        return True
    w = doc.party_weight
    return w.get(doc.parties[2], 0) < 0.75 * w.get(doc.parties[1], 0)


_IN_PLACE = re.compile(r"\b(?:in|at)\s+$")


def _told_elsewhere(doc: Doc, lead: int = 3) -> bool:
    """The lead places the story in a city of another state than the dateline's ("BANJUL — ...
    signed at a ceremony held in Addis Ababa"): the envoys met there need not serve in the
    dateline's state."""
    if doc.dateline_agent is None:
        return False
    for j in range(min(lead, len(doc.sentences))):
        for a in doc.agent_refs[j]:
            if a.how == "city" and a.agent != doc.dateline_agent \
                    and _IN_PLACE.search(doc.text[max(0, a.start - 8):a.start]):
                return True
    return False
