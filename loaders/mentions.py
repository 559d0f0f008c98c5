"""Stage 2: sentences → mentions of states, organisations, cities, titles, persons and dates.

Gazetteer phrases are matched longest-first over tokens; a capitalised token within a small
edit distance of a state name counts as that state ("Pakitan", "Isreal"); runs of
capitalised name-like tokens that no gazetteer claims are person-name candidates. The
stage is a plain function of the text, so a statistical NER could replace ``find_mentions``
without changing the stages after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from diplokg.loaders.gazetteer import Entry, gazetteer
from diplokg.loaders.honorifics import HONORIFICS, honorific_length
from diplokg.loaders.text import Sentence
from diplokg.loaders.tokens import Token, tokenize

PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "di", "van", "von", "der", "del", "la", "le",
             "du", "do", "dos", "das", "y", "abu", "ul", "ud", "al-", "bte"}
# Capitalised words that start sentences or name things other than persons.
NOT_NAME = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "his", "her", "their", "its", "our", "this", "that",
    "these", "those", "both", "in", "on", "at", "of", "for", "to", "from", "by", "with", "and", "but", "or",
    "as", "after", "before", "during", "since", "while", "when", "where", "which", "who", "what", "how",
    "also", "however", "moreover", "meanwhile", "similarly", "according", "under", "over", "among", "between",
    "there", "here", "some", "several", "many", "no", "none", "all", "each", "every", "other", "another",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third",
    "new", "old", "former", "then", "then-", "acting", "afterwards", "later", "earlier", "today", "yesterday",
    "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "minister", "ministers", "ministry", "foreign", "affairs", "office", "embassy", "consulate", "mission",
    "government", "state", "states", "republic", "kingdom", "people", "people's", "peoples", "joint", "statement",
    "communique", "communiqué", "treaty", "agreement", "accord", "accords", "declaration", "memorandum",
    "protocol", "plan", "action", "dialogue", "consultations", "consultation", "summit", "meeting", "conference",
    "council", "committee", "commission", "group", "working", "mechanism", "forum", "session", "round",
    "house", "palace", "hall", "lawn", "lake", "river", "island", "islands", "sea", "ocean", "gulf", "line",
    "control", "corridor", "airport", "guesthouse", "hotel", "residence", "square", "street", "avenue", "road",
    "university", "institute", "agency", "organisation", "organization", "union", "nations", "assembly",
    "congress", "parliament", "senate", "diet", "court", "party", "army", "navy", "air", "force", "forces",
    "bank", "fund", "company", "corporation", "news", "times", "post", "press", "television", "radio", "media",
    "national", "international", "global", "world", "security", "defence", "defense", "economic", "trade",
    "cooperation", "co-operation", "partnership", "comprehensive", "strategic", "bilateral", "annual",
    "political", "policy", "nuclear", "peace", "relations", "diplomatic", "general", "secretary", "deputy",
    "vice", "president", "prime", "premier", "ambassador", "ambassadors", "envoy", "chancellor", "crown", "capital", "province", "provincial", "region", "city",
    "county", "district", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "middle", "asia", "europe", "africa", "america", "americas", "pacific", "atlantic", "indo-pacific",
    "covid", "covid-19", "pandemic", "chinese", "japanese", "arab", "gulf", "western", "communist", "socialist",
    "high", "representative", "commissioner", "consul", "spokesperson", "spokesman", "special",
    "cabinet", "administration", "authority", "department", "bureau", "directorate", "white", "oval", "imperial",
    "state-run", "official", "officials", "sources", "source", "report", "reports", "reporters", "according",
    "thousands", "hundreds", "dozens", "photo", "caption", "file", "read", "also", "more", "related", "tdi",
    "app", "apa", "ani", "pti", "afp", "ap", "reuters", "xinhua", "kyodo", "yonhap", "ians", "ina", "wam", "spa",
    "mofa", "mea", "fo", "un", "eu", "us", "uk", "uae", "ties", "relationship", "friendship", "year", "years",
    "day", "days", "week", "month", "anniversary", "visit", "trip", "tour", "talks", "call", "phone", "leaders",
    "leader", "head", "heads", "delegation", "delegations", "side", "sides", "countries", "country", "nation",
    "foreign-", "if", "so", "yet", "not", "only", "just", "even", "still", "already", "although", "though",
    "because", "despite", "amid", "against", "without", "within", "across", "through", "into", "onto", "upon",
    "about", "above", "below", "near", "around", "beside", "via", "per", "than", "like", "unlike", "such",
    "speaking", "briefing", "addressing", "meeting", "talking", "welcoming", "thanking", "noting", "recalling",
    "expressing", "highlighting", "stressing", "calling", "signing", "having", "being", "following", "ahead",
    "prior", "upon", "separately", "additionally", "elsewhere", "furthermore", "nevertheless", "instead",
    "kimpo", "pangong", "ladakh", "accords", "normalization", "normalisation", "level", "member", "members",
}


@dataclass(frozen=True)
class Mention:
    kind: str  # state | demonym | org | org_adj | city | title | name
    start: int  # absolute offsets into the article text
    end: int
    text: str
    key: str  # ISO2 / org key / city key / canonical position / name text
    label: str
    extra: str | None = None
    sentence: int = -1
    first_token: int = 0  # token index span within the sentence
    last_token: int = 0
    fuzzy: bool = False


@dataclass
class SentenceMentions:
    sentence: Sentence
    tokens: list[Token]
    mentions: list[Mention]


def _damerau_1(a: str, b: str) -> bool:
    """Whether a and b differ by at most one edit (insertion, deletion, substitution, swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


@lru_cache(maxsize=1)
def _single_token_states() -> dict[str, Entry]:
    g = gazetteer()
    out = {}
    for key, entries in g.phrases.items():
        if len(key) == 1 and len(key[0]) >= 5:
            for e in entries:
                if e.kind == "state":
                    out[key[0]] = e
    return out


@lru_cache(maxsize=1)
def _single_token_states_by_initial() -> dict[str, list[tuple[str, Entry]]]:
    """The one-word state names grouped by first letter, in gazetteer order (a misspelling
    keeps its first letter, so only one group is compared with each word)."""
    out: dict[str, list[tuple[str, Entry]]] = {}
    for name, e in _single_token_states().items():
        out.setdefault(name[0], []).append((name, e))
    return out


@lru_cache(maxsize=4096)
def _fuzzy_state(norm: str) -> Entry | None:
    if len(norm) < 5:
        return None
    hits = {e.key: e for name, e in _single_token_states_by_initial().get(norm[0], ())
            if abs(len(name) - len(norm)) <= 1 and _damerau_1(norm, name)}
    return next(iter(hits.values())) if len(hits) == 1 else None


def _case_ok(entry: Entry, toks: list[Token]) -> bool:
    first = toks[0].text
    if entry.kind == "title":
        if first.isupper() and len(first) <= 3:  # FM, PM, EAM: only as written in capitals
            return True
        if entry.key == "Minister" and len(toks) == 1 and not first[0].isupper():
            return False  # "the visiting minister": a role noun (coreference), not a title
        return any(c.isalpha() for c in first) and (first[0].isupper() or len(toks) > 1 or first.islower())
    return first[:1].isupper() or first[:1].isdigit()


def find_mentions(sentence: Sentence) -> SentenceMentions:
    g = gazetteer()
    phrases, longest_from = g.phrases, g.longest_from
    toks = tokenize(sentence.text, sentence.start)
    norms = [t.norm for t in toks]
    out: list[Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        found = None
        for length in range(min(longest_from.get(norms[i], 0), n - i), 0, -1):
            entries = phrases.get(tuple(norms[i:i + length]))
            if not entries:
                continue
            span = toks[i:i + length]
            entries = [e for e in entries if _case_ok(e, span)]
            if entries:
                found = (length, entries)
                break
        if found:
            length, entries = found
            span = toks[i:i + length]
            text = sentence.text[span[0].start - sentence.start:span[-1].end - sentence.start]
            short_upper = len(span) == 1 and span[0].text.isupper() and len(span[0].text) <= 3
            for e in entries:
                if e.kind == "title" and short_upper and e.key and span[0].text not in ("FM", "PM", "EAM"):
                    continue
                out.append(Mention(e.kind, span[0].start, span[-1].end, text, e.key, e.label, e.extra,
                                   sentence.index, i, i + length - 1))
            i += length
            continue
        t = toks[i]
        if t.is_cap and t.is_word and t.norm not in NOT_NAME:
            e = _fuzzy_state(t.norm)
            if e is not None and not _looks_like_name_context(toks, i):
                out.append(Mention("state", t.start, t.end, t.text, e.key, e.label, None, sentence.index, i, i,
                                   fuzzy=True))
        i += 1
    out = [_state_long_form(m, toks, sentence) if m.kind == "state" else m for m in out]
    claimed = {k for m in out if m.kind != "title" for k in range(m.first_token, m.last_token + 1)}
    out = [m for m in out if not _title_inside_name(m, toks, claimed) and not _state_opens_name(m, toks, claimed)]
    out.extend(_name_chunks(sentence, toks, out, _noun_opened_names(toks, out)))
    out.sort(key=lambda m: (m.start, -m.end))
    return SentenceMentions(sentence, toks, out)


# A state's long form written around its short name: "the Co-operative Republic of Guyana",
# "the Federal Democratic Republic of Ethiopia", "the Kingdom of Thailand", "the Union of the Comoros".
_FORM_NOUNS = {"republic", "kingdom", "state", "sultanate", "union", "federation", "commonwealth", "principality",
               "emirate", "duchy", "confederation"}
_FORM_WORDS = {"federal", "democratic", "islamic", "arab", "people", "'s", "’s", "socialist", "co", "-", "operative",
               "cooperative", "plurinational", "bolivarian", "eastern", "oriental", "hashemite", "united",
               "independent", "grand", "popular", "sovereign", "federative", "great", "socialist"}


def _state_long_form(m: Mention, toks: list[Token], sentence: Sentence) -> Mention:
    """The state mention widened to the long form written around it, so that "Ambassador of the
    Republic of Gabon" reads like "Ambassador of Gabon"."""
    k = m.first_token - 1
    if k >= 0 and toks[k].norm == "the":
        k -= 1
    if k < 1 or toks[k].norm != "of" or toks[k - 1].norm not in _FORM_NOUNS or not toks[k - 1].is_cap:
        return m
    first = k - 1
    while first > 0 and toks[first - 1].norm in _FORM_WORDS and (toks[first - 1].is_cap or not toks[first - 1].is_word
                                                                 or toks[first - 1].norm in ("operative",)):
        first -= 1
    while toks[first].norm in ("-", "'s", "’s"):  # never start on a joiner
        first += 1
    start = toks[first].start
    text = sentence.text[start - sentence.start:m.end - sentence.start]
    return Mention(m.kind, start, m.end, text, m.key, m.label, m.extra, m.sentence, first, m.last_token, m.fuzzy)


def _looks_like_name_context(toks: list[Token], i: int) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prev = toks[i - 1] if i > 0 else None
    return bool((nxt and nxt.is_cap and nxt.is_word) or (prev and prev.is_cap and prev.is_word and prev.norm not in NOT_NAME))


def _is_name_token(t: Token) -> bool:
    if not t.is_word:
        return False
    if t.norm.rstrip(".") in HONORIFICS:
        return False
    if t.is_cap and t.norm not in NOT_NAME:
        return True
    return False


def _name_chunks(sentence: Sentence, toks: list[Token], claimed: list[Mention],
                 openers: frozenset[int] = frozenset()) -> list[Mention]:
    """Runs of capitalised tokens (with name particles, initials and hyphen joins); a token of
    ``openers`` starts one although it is a word that names things (:func:`_noun_opened_names`)."""
    owner: dict[int, Mention] = {}
    for m in claimed:
        for k in range(m.first_token, m.last_token + 1):
            owner[k] = m
    chunks: list[Mention] = []
    i, n = 0, len(toks)
    text, base = sentence.text, sentence.start
    while i < n:
        t = toks[i]
        free = i not in owner or owner[i].kind == "city"
        if free:
            skip = honorific_length(toks, i)  # "Field Marshal", "His Excellency": never a name's start
            if skip:
                i += skip
                continue
        if not (free and (_is_name_token(t) or _is_initial(toks, i) or i in openers)):
            i += 1
            continue
        j = i
        while j + 1 < n:
            nxt = toks[j + 1]
            if "\n" in text[toks[j].end - base:nxt.start - base]:
                break  # a name does not run on into the next line ("CATEGORIES\nTAGS")
            if nxt.text in ("-", "‐") and nxt.start == toks[j].end and j + 2 < n and toks[j + 2].start == nxt.end \
                    and toks[j + 2].is_word:
                j += 2  # hyphen-joined part: "Tong-won", "Al-Zayani"
                continue
            if nxt.text == "." and (_is_initial(toks, j) or _is_short_form(toks, j)) and nxt.start == toks[j].end:
                j += 1  # the full stop of an initial or a short form: "K. Mensah", "MD. Rafiq Alam"
                continue
            if (j + 1 not in owner or owner[j + 1].kind == "city") and (_is_name_token(nxt) or _is_initial(toks, j + 1)):
                j += 1
                continue
            if nxt.norm in PARTICLES and j + 3 < n and toks[j + 2].text == "-" and toks[j + 2].start == nxt.end \
                    and toks[j + 3].start == toks[j + 2].end and toks[j + 3].is_cap:
                j += 3  # "al-Sisi", "el-Sayed"
                continue
            if nxt.norm in PARTICLES and j + 2 < n and (_is_name_token(toks[j + 2]) or toks[j + 2].norm in PARTICLES):
                j += 1
                continue
            break
        first, last = toks[i], toks[j]
        # a lone city match stays a city; a city inside a longer run is part of a name
        single_city = all(k in owner for k in range(i, j + 1)) and len({id(owner[k]) for k in range(i, j + 1)}) == 1
        if not single_city:
            text = sentence.text[first.start - sentence.start:last.end - sentence.start].rstrip(".")
            chunks.append(Mention("name", first.start, first.start + len(text), text, text, text, None,
                                  sentence.index, i, j))
        i = j + 1
    return chunks


# Words that name places and buildings and are also given names or surnames ("Lake", "Hall",
# "House", "River"): NOT_NAME keeps them out of name runs, which is right for "Lake Chad" but
# drops the person in "the Ambassador to Chile, Lake Orsini, said".
_PLACE_WORDS_IN_NAMES = frozenset({"lake", "hall", "house", "river", "island", "line", "square", "gulf"})


def _noun_opened_names(toks: list[Token], mentions: list[Mention]) -> frozenset[int]:
    """Tokens of ``_PLACE_WORDS_IN_NAMES`` that open a name set off by a comma right after a
    title phrase ("the South Korean Ambassador to Chile, Lake Orsini, ..."): a capitalised
    name word follows and the run ends the apposition."""
    title_ends = {m.last_token for m in mentions if m.kind == "title"}
    named = {k for m in mentions if m.kind != "title" for k in range(m.first_token, m.last_token + 1)}
    out = set()
    for i in range(1, len(toks) - 1):
        t = toks[i]
        if not (t.is_cap and t.is_word and t.norm in _PLACE_WORDS_IN_NAMES and toks[i - 1].text == ","):
            continue
        # the title ends the phrase before the comma, or its "to <state>" / "of <state>" tail does
        if not any(e in title_ends and all(k in named or toks[k].norm in ("to", "in", "of", "the")
                                           for k in range(e + 1, i - 1)) for e in range(max(0, i - 6), i - 1)):
            continue
        j = i + 1
        if j in named or not _is_name_token(toks[j]):
            continue
        while j + 1 < len(toks) and j + 1 not in named and _is_name_token(toks[j + 1]):
            j += 1
        if j + 1 >= len(toks) or toks[j + 1].text in (",", ".", ";", ")"):
            out.add(i)
    return frozenset(out)


def _state_opens_name(m: Mention, toks: list[Token], claimed: set[int]) -> bool:
    """A one-word state that begins a person's name set off by a comma ("the Polish Ambassador
    to Nigeria, Togo Zabukruk, ..."): the state word is followed by a capitalised word no
    gazetteer knows and ends the name's run; read as a state it would invent a party."""
    if m.kind != "state" or m.first_token != m.last_token:
        return False
    i = m.first_token
    if i == 0 or toks[i - 1].text != "," or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    if i + 1 in claimed or not _is_name_token(nxt) or nxt.start != toks[i].end + 1:
        return False
    j = i + 1
    while j + 1 < len(toks) and j + 1 not in claimed and _is_name_token(toks[j + 1]):
        j += 1
    return j + 1 >= len(toks) or toks[j + 1].text in (",", ".", ";", ")")


def _is_short_form(toks: list[Token], i: int) -> bool:
    """A short form of a given name written with a full stop before the rest of the name
    ("MD. Touhid", "Mohd. Najib")."""
    t = toks[i]
    return (t.is_cap and t.is_word and len(t.text) <= 4 and i + 2 < len(toks) and toks[i + 1].text == "."
            and _is_name_token(toks[i + 2]) and toks[i + 2].start == toks[i + 1].end + 1)


def _is_initial(toks: list[Token], i: int) -> bool:
    """A capital initial followed by a full stop ("S." in "K. Mensah")."""
    t = toks[i]
    return (len(t.text) == 1 and t.text.isupper() and i + 1 < len(toks) and toks[i + 1].text == "."
            and toks[i + 1].start == t.end) or (len(t.text) == 2 and t.text[1] == "." and t.text[0].isupper())


def _title_inside_name(m: Mention, toks: list[Token], claimed: set[int]) -> bool:
    if m.kind != "title" or m.first_token != m.last_token:
        return False
    i = m.first_token
    if i - 1 in claimed:
        return False
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.text in ("-", "‐") and nxt.start == toks[i].end and i + 2 < len(toks) \
            and toks[i + 2].start == nxt.end and toks[i + 2].is_cap:
        return True  # "Amir-Abdollahian": a name, not the title Amir
    return bool(prev and nxt and prev.is_cap and prev.is_word and prev.norm not in NOT_NAME
                and prev.norm not in HONORIFICS and nxt.is_cap and nxt.is_word)
