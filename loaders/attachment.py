"""Which names a title phrase is attached to: "TITLE NAME", "TITLE NAME of STATE", "TITLE
(NAME)", "TITLE, NAME", "NAME, the TITLE", "TITLES, NAME of STATE and NAME of STATE", "NAME ...
as TITLE", and the asides between a title and its name ("..., resident in CITY, NAME").

Split from ``linking``, which turns the attachments into persons and posts.
"""
from __future__ import annotations

from dataclasses import dataclass

from diplokg.loaders.honorifics import honorific_length
from diplokg.loaders.mentions import Mention, SentenceMentions
from diplokg.loaders.titles import MODIFIER_WORDS, TitlePhrase, agent_of_mention, mention_at, mention_ending


def name_at(sm: SentenceMentions, token: int) -> Mention | None:
    token += honorific_length(sm.tokens, token)
    m = mention_at(sm, token, ("name",))
    return None if m is None or names_a_body(sm, m) else m


def names_a_body(sm: SentenceMentions, m: Mention) -> bool:
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


_BODY_WORDS = {"authority", "bank", "fund", "commission", "college", "academy", "institute", "institution",
               "department", "agency", "office", "corporation", "company", "party", "association", "roundtable",
               "forum", "summit", "retreat", "council", "committee", "ministry", "university", "foundation",
               "organisation", "organization", "secretariat", "centre", "center", "school", "programme", "program"}

def is_bare(tp: TitlePhrase) -> bool:
    """A title written alone before a name ("Ambassador NAME"): no state, no host, no portfolio."""
    return not tp.agents and tp.accredited_to is None and tp.portfolio is None and not tp.co_titles \
        and tp.as_written == tp.written


@dataclass(frozen=True)
class Attachment:
    """A name a title phrase is attached to, how, and the state it names for that person."""

    name: Mention
    agent: str | None = None
    how: str = "after"  # after | before (NAME, TITLE) | list
    through: Mention | None = None  # a second title passed over: "..., Ambassador NAME" (a rank)


def attach_names(sm: SentenceMentions, tp: TitlePhrase,
                  titled: dict[int, TitlePhrase] | None = None) -> list[Attachment]:
    """The persons a title phrase names: "TITLE NAME", "TITLE NAME of STATE", "TITLE (NAME)",
    "TITLE, NAME", "NAME, the TITLE", "TITLES, NAME of STATE and NAME of STATE", "NAME ... as
    TITLE".

    A title between two names ("A, Minister of X, B, Minister of Y") belongs to the name
    before it when the one after it has its own title after it (a list of NAME, TITLE), unless
    the name before already follows its own title (``titled``: "President of X A, President of
    Y, B"). A bare title before a name gives way to the appositive after it ("Ambassador A,
    Permanent Representative of X to Y")."""
    titled = titled or {}
    toks = sm.tokens
    n = len(toks)
    j = tp.last_token + 1
    if tp.plural and j < n and toks[j].norm == ",":
        return _plural_list(sm, j + 1)
    m = name_at(sm, j)
    if m is not None:
        return [Attachment(m, _of_state_after(sm, m) if not tp.agents else None)]
    if j + 1 < n and toks[j].text == "(":  # "Ambassador of Oman (H.E. NAME)"
        m = name_at(sm, j + 1)
        if m is not None and m.last_token + 1 < n and toks[m.last_token + 1].text == ")":
            return [Attachment(m)]
    forward = None
    j = _after_residence(sm, j)
    if j < n and toks[j].norm == ",":
        k = j + 1
        second = mention_at(sm, k, ("title",))
        if second is not None:  # "Permanent Representative to the UN, Ambassador X"
            k = second.last_token + 1
        m = name_at(sm, k)
        if m is not None:
            # "The Dean of the Diplomatic Corps, Ambassador NAME of X": a title that is no post
            # leaves the rank after it to name the post; "NAME of X" names the state either way
            forward = Attachment(m, _of_state_after(sm, m) if not tp.agents else None,
                                 through=second if tp.position != "-" or tp.agents else None)
    k = tp.first_token
    while k > 0 and toks[k - 1].norm in ("the", "its", "their", "his", "her"):
        k -= 1
    before = _name_before_comma(sm, k)
    earlier = titled.get(before.first_token) if before is not None else None
    if before is not None and not tp.plural and (earlier is None or forward is None and is_bare(earlier)):
        if forward is None or _titled_after(sm, forward.name):
            return [Attachment(before, how="before")]
    if forward is not None:
        return [forward]
    if k > 0 and toks[k - 1].norm == "as":
        names = [x for x in sm.mentions if x.kind == "name" and x.last_token < k - 1]
        if names:
            return [Attachment(names[-1], how="before")]  # the nearest: "X as its ambassador ..., Y as ambassador ..."
    return []


_RESIDENCE = {"resident", "residing", "based", "accredited"}


def _after_residence(sm: SentenceMentions, j: int) -> int:
    """Past an aside on where an envoy lives between their title and name ("High Commissioner to
    X, resident in Wellington, NAME"; "the ambassador who is based in Mexico, NAME"): the comma
    before the name (or ``j`` when there is no such aside)."""
    toks = sm.tokens
    n = len(toks)
    k = j + (j < n and toks[j].norm == ",")
    if k + 1 < n and toks[k].norm == "who" and toks[k + 1].norm in ("is", "was"):
        k += 2
    if not (k + 1 < n and toks[k].norm in _RESIDENCE and toks[k + 1].norm in ("in", "at")):
        return j
    k += 2
    while k < n and (toks[k].is_cap or toks[k].norm in ("the", ",")) and not (
            toks[k].norm == "," and k + 1 < n and name_at(sm, k + 1) is not None):
        k += 1
    return k if k < n and toks[k].norm == "," else j


def _of_state_after(sm: SentenceMentions, name: Mention) -> str | None:
    """"Ambassador NAME of Samoa", "President NAME of the Republic of X": the state written
    after the name."""
    toks = sm.tokens
    k = name.last_token + 1
    if k + 1 >= len(toks) or toks[k].norm != "of":
        return None
    m = mention_at(sm, k + 1 + (toks[k + 1].norm == "the"), ("state", "org"))
    return agent_of_mention(m) if m is not None else None


def _plural_list(sm: SentenceMentions, k: int) -> list[Attachment]:
    """"Foreign Ministers, NAME of STATE and NAME of STATE"."""
    toks = sm.tokens
    out = []
    while k < len(toks):
        m = name_at(sm, k)
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
