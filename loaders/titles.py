"""Title phrases: a post as the text writes it, with the state or organisation it serves.

"Chile's Foreign Minister", "the Japanese Ambassador to Peru", "President of Somalia",
"Minister of Industry, Trade and Energy", "Deputy Prime Minister and Foreign Minister":
each title mention from the gazetteer is widened over its modifiers to the left (demonyms,
possessives, "former") and to the right ("of STATE", "to STATE", a portfolio).
"""
from __future__ import annotations

from dataclasses import dataclass

from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.mentions import Mention, SentenceMentions

FORMER_WORDS = {"former", "then", "then-", "late", "outgoing", "ex", "ex-"}
MODIFIER_WORDS = FORMER_WORDS | {"new", "acting", "incoming", "visiting", "current", "newly", "appointed",
                                 "top", "senior", "chief", "deputy"}
ENVOYS = {"Ambassador", "High Commissioner", "Chargé d'Affaires", "Consul General"}
HEADS = {"President", "Prime Minister", "Monarch"}


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



def agent_of_mention(m: Mention) -> str | None:
    g = gazetteer()
    if m.kind in ("state", "demonym"):
        return m.key
    if m.kind in ("org", "org_adj"):
        state = g.org_states.get(m.key)
        return state if state else f"org:{m.key}"
    if m.kind == "city":
        return m.extra
    return None


def mention_at(sm: SentenceMentions, token: int, kinds: tuple[str, ...], *, ending: bool = False) -> Mention | None:
    """The mention of one of ``kinds`` that starts (or, with ``ending``, ends) at ``token``."""
    for m in sm.mentions:
        if (m.last_token if ending else m.first_token) == token and m.kind in kinds:
            return m
    return None


def title_phrases(sm: SentenceMentions) -> list[TitlePhrase]:
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
                m = mention_ending(sm, k - 1, ("state", "org", "city"))
                if m:
                    a = agent_of_mention(m)
                    if a:
                        agents.insert(0, a)
                    first = m.first_token
                    k = first - 1
                    continue
                break
            m = mention_ending(sm, k, ("demonym", "org_adj", "state", "org"))
            if m:
                a = agent_of_mention(m)
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
                m = mention_at(sm, j, ("state", "org", "city", "demonym"))
                if m is not None:
                    a = agent_of_mention(m)
                    if tok.norm == "of" and m.kind != "city":
                        agents.append(a)
                        last = m.last_token
                        # "Ambassadors of the European Union and Turkmenistan"
                        while last + 2 < len(toks) and toks[last + 1].norm in ("and", ","):
                            j2 = last + 2 + (1 if toks[last + 2].norm == "the" else 0)
                            m2 = mention_at(sm, j2, ("state", "org"))
                            if not m2:
                                break
                            agents.append(agent_of_mention(m2))
                            last = m2.last_token
                        k = last + 1
                        continue
                    if tok.norm in ("to", "in") and t.key in ENVOYS | {"Special Envoy"}:
                        accredited = a
                        last = m.last_token
                        k = last + 1
                        continue
                    break
                if tok.norm in ("for", "of") and toks[j].is_cap and t.key in ("Minister", "Minister of State", "-"):
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
                if tok.norm == "in" and toks[j].norm in ("emirate", "kingdom", "country", "capital", "republic"):
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


def mention_ending(sm: SentenceMentions, token: int, kinds: tuple[str, ...]) -> Mention | None:
    return mention_at(sm, token, kinds, ending=True)


