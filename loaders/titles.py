"""Title phrases: a post as the text writes it, with the state or organisation it serves.

"Chile's Foreign Minister", "the Japanese Ambassador to Peru", "President of Somalia",
"Minister of Industry, Trade and Energy", "Deputy Prime Minister and Foreign Minister":
each title mention from the gazetteer is widened over its modifiers to the left (demonyms,
possessives, "former") and to the right ("of STATE", "to STATE", a portfolio).
"""
from __future__ import annotations

from dataclasses import dataclass

from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.honorifics import honorific_length
from diplokg.loaders.mentions import Mention, SentenceMentions
from diplokg.loaders.tokens import phrase_key

FORMER_WORDS = {"former", "then", "then-", "late", "outgoing", "ex", "ex-"}
MODIFIER_WORDS = FORMER_WORDS | {"new", "acting", "incoming", "visiting", "current", "newly", "appointed",
                                 "top", "senior", "chief", "deputy"}
# Portfolios written in lower case before "Minister" ("the interior Minister").
PORTFOLIO_WORDS = {"interior", "finance", "defence", "defense", "trade", "health", "education", "agriculture",
                   "energy", "justice", "economy", "industry", "tourism", "transport", "labour", "labor", "culture",
                   "environment", "home", "commerce", "information", "housing", "planning", "infrastructure"}
ENVOYS = {"Ambassador", "High Commissioner", "Chargé d'Affaires", "Consul General"}
HEADS = {"President", "Prime Minister", "Monarch"}
# Posts only a state has: an organisation is never inferred as where they serve (the EU's
# High Representative is written out, never inferred).
STATE_POSTS = {"President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
               "Minister", "Minister of State", "Monarch", "Foreign Secretary"}


def can_serve(position: str, agent: str | None) -> bool:
    """Whether a post of this kind can be one of ``agent`` when the text leaves it implicit
    (a head of an organisation serves an organisation, the others a state)."""
    if not agent:
        return False
    if agent.startswith("org:"):
        return position not in STATE_POSTS
    return position != "Head of Organisation"


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
    written: str = ""  # the title itself as written ("Chancellor")
    co_titles: tuple[tuple[str, str], ...] = ()  # (position, written) of titles joined to this one by "and"


def conjoin(sm: SentenceMentions, a: TitlePhrase, b: TitlePhrase) -> TitlePhrase:
    """One phrase for two titles joined by "and" ("Vietnam's Deputy Prime Minister and Foreign
    Minister"): both posts, the states either names."""
    text = sm.sentence.text[a.start - sm.sentence.start:b.end - sm.sentence.start]
    return TitlePhrase(b.sentence, a.start, b.end, b.position, b.agents or a.agents, b.accredited_to,
                       a.former or b.former, b.plural, text, b.head_token, a.first_token, b.last_token,
                       b.portfolio, None, b.written, (*a.co_titles, (a.position, a.written)))


def _is_plural(title: str) -> bool:
    """"Foreign Ministers", "Ambassadors" (the gazetteer adds an "s" to each title); not
    "Minister for Foreign Affairs"."""
    return title[-1:] in "sS" and any(e.kind == "title" for e in gazetteer().lookup(phrase_key(title[:-1])))


def settled_position(position: str, written: str | None, agent: str | None) -> str:
    """The post a title means once its state is known ("Chancellor": Germany's head of
    government, elsewhere the foreign minister; Japan's "Vice-Minister for Foreign Affairs" is
    its foreign ministry's senior civil servant)."""
    if not written or not agent:
        return position
    return gazetteer().title_by_state.get(phrase_key(written), {}).get(agent, position)



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
            possessive = tok.norm in ("'s", "’s") and k > 0  # "Japan's", "the ministry's"
            m = mention_ending(sm, k - 1, ("state", "org", "city")) if possessive else \
                mention_ending(sm, k, ("demonym", "org_adj", "state", "org"))
            if possessive and m is None:
                break
            if m:
                a = agent_of_mention(m)
                if a:
                    agents.insert(0, a)
                first = m.first_token
                k = first - 1
                continue
            if t.key == "Minister" and (tok.is_cap or tok.norm in PORTFOLIO_WORDS) and tok.norm not in ("the", "and") \
                    and k == t.first_token - 1:
                portfolio = tok.text
                first = k
                k -= 1
                continue
            break
        if first > 0 and toks[first - 1].norm == "-" and first > 1 and toks[first - 2].norm == "then":
            former = True
            first -= 2
        # right modifiers: "of South Korea", "to Pakistan", "for Artificial Intelligence", "in the emirate"
        last, agents_right, accredited, tail_portfolio = _right_modifiers(sm, t)
        agents.extend(agents_right)
        portfolio = tail_portfolio or portfolio
        position = t.key
        implied = t.extra
        if implied and not agents:
            agents.append(f"org:{implied}" if not implied.isupper() else implied)
        if position == "Head of Organisation" and agents and not agents[0].startswith("org:"):
            position = "-"  # "Secretary General at the Presidency": a post of a government, not of a body
        if position == "Foreign Minister" and t.extra == "US" and agents and agents[0] != "US":
            position = "Minister"  # "Secretary of State for ..." of another government
        plural = _is_plural(t.text)
        text = sm.sentence.text[toks[first].start - sm.sentence.start:toks[last].end - sm.sentence.start]
        out.append(TitlePhrase(sm.sentence.index, toks[first].start, toks[last].end, position,
                               tuple(a for a in agents if a), accredited, former, plural, text,
                               t.first_token, first, last, portfolio, written=t.text))
    return out


def mention_ending(sm: SentenceMentions, token: int, kinds: tuple[str, ...]) -> Mention | None:
    return mention_at(sm, token, kinds, ending=True)


_CONTEXT_NOUNS = {"emirate", "kingdom", "country", "capital", "republic"}
_ORG_NOUNS = {"organization", "organisation", "union", "bloc", "council", "forum", "commission"}


def _right_modifiers(sm: SentenceMentions, t: Mention) -> tuple[int, list[str], str | None, str | None]:
    """What follows a title: the states or organisations it is "of", where an envoy serves
    ("to", "in"), and a portfolio ("for Trade", "of Industry, Energy and Mining"). Returns the
    last token of the phrase, the agents, the accreditation and the portfolio."""
    toks = sm.tokens
    n = len(toks)
    last = t.last_token
    agents: list[str] = []
    accredited = None
    portfolio = None
    k = last + 1
    names = {m.first_token: m for m in sm.mentions if m.kind == "name"}
    while k < n:
        tok = toks[k]
        if tok.text == "(" and agents:  # "of the Gulf Cooperation Council (GCC)"
            close = _abbreviation_in_brackets(sm, k)
            if close:
                last = k = close
                k += 1
                continue
            break
        if tok.norm in ("of", "to", "in", "for") and k + 1 < n:
            j = k + 1
            if toks[j].norm == "the":
                j += 1
            m = mention_at(sm, j, ("state", "org", "city", "demonym"))
            if m is not None:
                if m.kind == "org" and m.last_token + 1 < n and toks[m.last_token + 1].norm in ("member", "members"):
                    break  # "Foreign Ministers of the ASEAN member states": ministers of the states
                a = agent_of_mention(m)
                if tok.norm == "of" and m.kind != "city":
                    agents.append(a)
                    last = m.last_token
                    # "Ambassadors of the European Union and Turkmenistan"
                    while last + 2 < n and toks[last + 1].norm in ("and", ","):
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
            if tok.norm in ("for", "of") and t.key in ("Minister", "Minister of State", "-"):
                end = _portfolio_end(sm, j, names)
                if end is not None:
                    portfolio = " ".join(x.text for x in toks[j:end + 1])
                    last = end
                    k = end + 1
                    continue
            if tok.norm == "of" and toks[j - 1].norm == "the" and toks[j].norm in _CONTEXT_NOUNS and not toks[j].is_cap:
                last = j  # "permanent representative of the country to the UN": the state told before
                k = j + 1
                continue
            if tok.norm in ("for", "of") and t.key == "Spokesperson":
                end = _own_ministry_end(toks, j)
                if end is not None:  # "Spokesman for the Foreign Ministry NAME"
                    last = end
                    k = end + 1
                    continue
            if tok.norm == "in" and j < n and toks[j].norm in _CONTEXT_NOUNS:
                accredited = "@context"
                last = j
                k = j + 1
                continue
            if tok.norm == "to" and j < n and toks[j - 1].norm == "the" and toks[j].norm in _ORG_NOUNS and toks[j].is_cap \
                    and t.key in ENVOYS | {"Special Envoy"}:
                accredited = "@organisation"  # "Permanent Representative of Peru to the Organization"
                last = j
                k = j + 1
                continue
            break
        if tok.text == "," and t.key not in ENVOYS and (portfolio or t.key != "Minister"):
            # "Minister of Foreign Affairs, African Cooperation and Moroccans Abroad, NAME"
            end = _listed_portfolio_end(sm, k + 1, names)
            if end is not None:
                portfolio = (portfolio + ", " if portfolio else "") + " ".join(x.text for x in toks[k + 1:end + 1])
                last = end
                k = end + 1
                continue
            break
        if tok.norm in ("and", "&") and k + 2 < n and toks[k + 1].is_cap \
                and mention_at(sm, k + 1, ("title", "state", "org", "demonym")) is None:
            # "Minister for Foreign Affairs and External Trade of Bhutan"
            j = k + 1
            while j < n and toks[j].is_cap and toks[j].is_word:
                j += 1
            if j + 1 < n and toks[j].norm in ("of", "for") and mention_at(
                    sm, j + 1 + (toks[j + 1].norm == "the"), ("state", "org")) is not None:
                portfolio = (portfolio + " and " if portfolio else "") + " ".join(x.text for x in toks[k + 1:j])
                last = j - 1
                k = j
                continue
            break
        m = mention_at(sm, k, ("state",)) if not agents and k == t.last_token + 1 else None
        if m is not None and m.last_token + 1 < n and (m.last_token + 1 in names or honorific_length(
                toks, m.last_token + 1)):
            agents.append(agent_of_mention(m))  # "Foreign Minister Thailand Somchai Wattana"
            last = m.last_token
            k = last + 1
            continue
        break
    return last, agents, accredited, portfolio


_MINISTRIES = [("foreign", "ministry"), ("ministry", "of", "foreign", "affairs"), ("foreign", "office"),
               ("ministry", "of", "external", "affairs"), ("presidency",), ("foreign", "affairs", "ministry")]


def _own_ministry_end(toks: list, j: int) -> int | None:
    """The last token of "the Foreign Ministry" (a ministry named without its state) from ``j``
    (just after "the")."""
    for words in _MINISTRIES:
        end = j + len(words)
        if end <= len(toks) and tuple(t.norm for t in toks[j:end]) == words and toks[j].is_cap:
            return end - 1
    return None


def _abbreviation_in_brackets(sm: SentenceMentions, k: int) -> int | None:
    """The closing bracket of "(GCC)", "(OAS)": an acronym or a known name in brackets."""
    toks = sm.tokens
    for close in range(k + 2, min(len(toks), k + 6)):
        if toks[close].text == ")":
            inner = toks[k + 1:close]
            if len(inner) == 1 and inner[0].text.isupper() or mention_at(sm, k + 1, ("state", "org")):
                return close
            return None
    return None


_PORTFOLIO_LINKS = {"and", "&", "of", "for", "the", "in", "with"}


def _portfolio_end(sm: SentenceMentions, j: int, names: dict[int, Mention]) -> int | None:
    """The last token of a portfolio written after "of"/"for": capitalised words ("Industry",
    "Digital Economy"), or lower-case ones when a name follows the comma ("of economy and
    finance, Mr. X")."""
    toks = sm.tokens
    n = len(toks)
    k = j
    while k < n and toks[k].is_word and (toks[k].is_cap or toks[k].norm in _PORTFOLIO_LINKS) \
            and not (k > j and k in names and toks[k - 1].norm not in _PORTFOLIO_LINKS) \
            and mention_at(sm, k, ("title",)) is None:
        k += 1
    while k > j and toks[k - 1].norm in _PORTFOLIO_LINKS:
        k -= 1
    if k > j:
        return k - 1
    k = j
    while k < n and k - j < 6 and toks[k].is_word and toks[k].text.islower():
        k += 1
    if k > j and k + 1 < n and toks[k].text == "," and (k + 1 in names or honorific_length(toks, k + 1)):
        return k - 1
    return None


def _listed_portfolio_end(sm: SentenceMentions, j: int, names: dict[int, Mention]) -> int | None:
    """The end of a comma list of portfolios that closes with an "and" segment and a comma
    before a name: "…, Trade, Investment and Digital Economy, Mr. X". None when the words after
    the comma are not such a list (a name, another title)."""
    toks = sm.tokens
    n = len(toks)
    k = j
    while k < n:
        if honorific_length(toks, k) or mention_at(sm, k, ("title", "state", "org", "demonym")) is not None:
            return None
        seg_start = k
        has_and = False
        while k < n and toks[k].text != "," and (toks[k].is_cap or toks[k].norm in ("and", "&")):
            if mention_at(sm, k, ("title",)) is not None:
                return None
            has_and = has_and or toks[k].norm in ("and", "&")
            k += 1
        if has_and and k > seg_start and k + 1 < n and toks[k].norm in ("of", "for") and mention_at(
                sm, k + 1 + (toks[k + 1].norm == "the"), ("state", "org")) is not None:
            return k - 1  # "..., Trade and Regional Cooperation of Malaysia"
        if k == seg_start or k >= n or toks[k].text != ",":
            return None
        if has_and:
            nxt = k + 1
            if nxt < n and (nxt in names or honorific_length(toks, nxt)):
                return k - 1
            return None
        k += 1
    return None


