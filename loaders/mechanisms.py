"""Dialogue mechanisms: the standing channels two sides hold, with their level and topics.

Names are read by shape, never from a list:

- a capitalised phrase around a head word ("Chile-Peru Deputy Ministers' Policy Dialogue",
  "Working Group on Fisheries", "Senior Officials Level Talks (SOLT)");
- a lower-case phrase whose qualifiers make it a standing body ("the joint trade committee",
  "the Kenya-Uganda security dialogue", "a mechanism for regular consultations");
- "X-level discussions on Y", "talks between the two navies' commanders".

The mentions of one mechanism in an article (its full name, "the security dialogue between the
two sides") become one fact carrying the fullest name. A meeting of a group (the G20, a regional
bloc, a UN body), a diplomatic mission (a High Commission) or a national institution (an
Electoral Commission) is not a bilateral mechanism.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.facts import DialogueFact, Evidence
from diplokg.loaders.gated import GatedPattern
from diplokg.loaders.modality import clause_bounds, is_unreal

MECHANISM_HEAD = (r"(?:Leaders['’] Retreat|Retreat|Strategic Dialogue|Dialogue|Consultations|Working Group|Working Mechanism|"
                  r"Mechanism|Sub-?[Cc]ommittee|Committee|Sub-?[Cc]ommission|Commission|Annual Summit|Summit|Ministerial Meeting|"
                  r"Senior Officials[’']? Meeting|Meeting|Council|Forum|Talks)")
MECHANISM = GatedPattern(re.compile(
    rf"((?:\"[^\"]+\"\s+|(?:[A-Z][\w'’]*|[A-Za-z]+-level|[A-Z][\w]*-[A-Z][\w]*|\d+(?:st|nd|rd|th))\s+(?:and\s+(?=[A-Z]))?){{0,8}}"
    rf"{MECHANISM_HEAD}\b(?:\s+(?:on|for)\s+(?:the\s+)?[A-Z][\w-]*(?:(?:,\s*|\s+)(?:(?:and|on|of|for)\s+|&\s+)*[A-Z][\w-]*)*)?"
    rf"(?:\s*\([A-Z]{{2,}}\))?)"),
    ("Retreat", "Dialogue", "Consultations", "Working Group", "Mechanism", "committee", "Committee", "commission",
     "Commission", "Summit", "Meeting", "Council", "Forum", "Talks"))  # one is in every MECHANISM_HEAD
# "the joint trade committee", "the Kenya-Uganda security dialogue", "Chilean - Peruvian
# border committee": lower-case heads need a qualifier that makes them a standing body
_COMPOUND = r"[A-Z][\w'’]*(?:\s?[-–]\s?[A-Z][\w'’]*)+"
_QUALIFIER = (r"joint|bilateral|binational|bi-national|intergovernmental|inter-governmental|mixed|permanent|standing|"
              r"strategic|political|presidential|ministerial|vice-ministerial|technical|consultative|consultation|"
              r"economic|security|defen[cs]e|trade|consular|coordination|cooperation|co-operation|high-level|"
              r"[a-z]+-level|annual|2\+2")
_LOWER_HEAD = (r"(?:sub-?committee|committee|sub-?commission|commission|dialogue|consultations|working group|mechanism)(?![\w-])")
LOWER_NAMED = GatedPattern(re.compile(
    rf"(?<![\w-])((?:(?:{_COMPOUND}|(?:{_QUALIFIER}))\s+){{1,5}}{_LOWER_HEAD}"
    rf"|mechanism (?:for|of) (?:[a-z]+ ){{0,2}}(?:consultations?|dialogue|cooperation|coordination)(?![\w-]))"
    r"(?!\s+(?:relations?|relationship|partners?|partnership|process|members?)\b)"),
    ("committee", "commission", "dialogue", "consultations", "working group", "mechanism"))
LOWER_MECHANISM = re.compile(
    r"\b((?:[a-z]+-level\s+)?(?:discussions|consultations|talks|dialogue|mechanism)\s+(?:on|between)\s+[^,.;()]+?)"
    r"(?=\s+at\s+[\w ]+ level|[,.;(]| and [a-z]+-level|$)")
SPECIAL_MECHANISM = GatedPattern(re.compile(r"\b((?:[A-Z][\w']+\s+){1,3}mechanism(?:\s+on\s+the\s+\w+\s+question)?)"),
                                 ("mechanism",))
LEVELS = [
    (r"\bsummit\b|heads? of (?:state|government)|leaders['’]|\bretreat\b|presidential|\bpresidents\b|prime ministers",
     "Head of State/Government"),
    (r"vice[- ]ministerial|vice[- ](?:foreign )?minister|deputy (?:foreign )?minister", "Vice-Ministerial"),
    (r"foreign secretary[- ]level|foreign secretaries|at the foreign secretary level", "Foreign Secretary"),
    (r"senior officials?'?’?", "Senior Official"),
    (r"ministerial|ministers'?’?|minister[- ]level", "Ministerial"),
    (r"expert[- ]level|experts", "Expert"),
    (r"official[- ]level|\bofficials\b", "Official"),
    (r"high[- ]level", "High"),
]
TOPICS = [  # (pattern, topic label): the remit a mechanism's name or stated purpose gives
    (r"\bpolitical\b", "Political"), (r"\bsecurity\b", "Security"), (r"\bdefen[cs]e\b", "Defence"),
    (r"\bdisarmament\b", "Disarmament"), (r"non-?proliferation", "Non-Proliferation"),
    (r"counter-?terrorism", "Counter-Terrorism"), (r"export controls?", "Export Controls"),
    (r"economic policy", "Economic Policy"), (r"\btrade\b", "Trade"), (r"border affairs", "Border Affairs"),
    (r"\bboundary\b", "Boundary"), (r"\bmaritime\b", "Maritime"), (r"\benergy\b", "Energy"),
    (r"\bclimate\b", "Climate"), (r"cyber", "Cyber Security"), (r"\bconnectivity\b", "Connectivity"),
    (r"\binvestment\b", "Investment"), (r"\bconsular\b", "Consular"), (r"\bnuclear\b", "Nuclear"),
    (r"human rights", "Human Rights"), (r"\bhealth\b", "Health"), (r"\bdevelopment\b", "Development"),
    (r"\beconomic\b(?! policy)", "Economic"), (r"counter-?narcotics|drugs", "Counter-Narcotics"),
]
MULTILATERAL = re.compile(r"(?:Organi[sz]ation|Nations|Union|G20|G7|BRICS|NATO|Council of Foreign Ministers)['’]s?\s*$")
# a Commission or Committee is a mechanism of two sides only when its name says so; else it is
# a national body ("Public Service Commission") or one of an organisation
_BILATERAL_BODY = re.compile(r"\b(?:[Jj]oint|[Bb]i-?national|[Bb]ilateral|[Mm]ixed|[Ii]nter-?[Gg]overnmental|[Pp]ermanent|"
                             r"[Mm]inisterial|[Pp]residential|[Hh]igh-[Ll]evel|[Cc]o-?operation|[Cc]oordination|"
                             r"[Cc]onsultati\w+|[Pp]olitical|[Ss]trategic)\b")
_HELD_BY = re.compile(r"\b(?:held|co-?chaired|chaired|led|headed|opened|launched)\b")
_PRONOUN_TAIL = re.compile(r"\s+between\s+(?:them|the two(?: \w+)?|both(?: \w+)?)\b")
# a word every mechanism name holds, in lower case: most sentences hold none and are passed by
_HEAD_STEMS = ("dialogue", "consultation", "committee", "commission", "working group", "mechanism", "summit", "meeting",
               "council", "forum", "talks", "retreat", "discussions")
_CORE_DROP = {"the", "joint", "bilateral", "annual", "between", "and", "of", "-", "–"}


@dataclass
class _Mention:
    """One mention of a mechanism in a sentence, before mentions of one mechanism are merged."""

    name: str
    core: str  # the name without its parties, determiners and "joint": what identifies it
    named_parties: list[str]  # the states or organisations its name carries
    parties: list[str]
    level: str | None
    level_as_written: str | None
    topics: list[str]
    evidence: Evidence
    explicit: int = 0  # 2: its parties are named ("India-Japan ...", "between A and B"); 1: capitalised name
    capitalised: bool = False  # a proper name, not a lower-case description
    extra_evidence: list[Evidence] = field(default_factory=list)


def _level(text: str) -> str | None:
    low = text.lower()
    for pattern, label in LEVELS:
        if re.search(pattern, low):
            return label
    return None


def _topics(text: str) -> list[str]:
    low = re.sub(r"\((?:including|incl\.)[^)]*\)", "", text.lower())
    out = []
    for pattern, label in TOPICS:
        if re.search(pattern, low) and label not in out:
            if label == "Economic" and "Economic Policy" in out:
                continue
            out.append(label)
    return out


def _spans(cur: Cursor, i: int) -> list[tuple[int, int, str, bool | None]]:
    """(start, end, name, capitalised) of every mechanism named in sentence i; capitalised is None
    for a lower-case phrase that may be a mechanism only if one of that name is told elsewhere."""
    s = cur.doc.sentences[i]
    text = s.text
    spans: list[tuple[int, int, str, bool | None]] = []
    low = text.lower()
    if not any(stem in low for stem in _HEAD_STEMS):
        return spans

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y, *_ in spans)

    if s.role != "deck":  # a summary line may be in Title Case, which makes any phrase look like a name
        for m in MECHANISM.finditer(text):
            name = m.group(1).strip()
            if not _not_mechanism(cur, i, m.start(1), m.start(1) + len(name), name):
                spans.append((m.start(1), m.start(1) + len(name), name, True))
    for m in LOWER_NAMED.finditer(text):
        start, end = m.start(1), m.end(1)
        if not free(start, end) or _not_lower_mechanism(text, start, end):
            continue
        end = _between_tail(cur, i, end)
        remit = re.match(r"\s+on\s+[a-z][\w-]*(?:(?:,\s*|\s+)(?:and\s+)?[a-z][\w-]*){0,4}?(?=\s*(?:[,.;:()]|$)|\s+(?:and|in|at|with|"
                         r"which|that|was|were|is|are|will|has|had)\b)", text[end:])
        if remit and not re.match(r"\s+on\s+(?:the|a|an|this|that|its|their)\b", text[end:]):
            end += remit.end()  # "the joint working group on fisheries"
        if _standing(cur, i, start, end):
            spans.append((start, end, text[start:end], False))
        else:  # "stressed the importance of political dialogue": kept only as another mention of one named
            spans.append((start, end, text[start:end], None))
    if re.search(r"\b(?:mechanisms?|channels?|includes?|through|dialogue|format)\b", text, re.IGNORECASE):
        for m in SPECIAL_MECHANISM.finditer(text):
            start = m.start(1) + len(re.match(r"(?:(?:On|In|At|For|During|Under|Through|With)\s+)?", m.group(1)).group(0))
            if free(start, m.end(1)) and not _not_mechanism(cur, i, start, m.end(1), text[start:m.end(1)]):
                spans.append((start, m.end(1), text[start:m.end(1)], True))
        for m in LOWER_MECHANISM.finditer(text):
            if free(m.start(1), m.end(1)) and not _PRONOUN_TAIL.match(text, m.start(1) + len(m.group(1).split()[0])):
                spans.append((m.start(1), m.end(1), m.group(1).strip(), False))
    return sorted(spans)


_STANDING_BEFORE = re.compile(
    r"(?:\b(?:rounds?|sessions?|meetings?|edition) of (?:the|their|its)\s+(?:[\w-]+\s+)?"
    r"|\b(?:held|hold|holds|holding|co-?chaired|chaired|convened|launched|established|establishment of|resumption of|"
    r"framework of|revival of|revived)\s+(?:[\w+'’-]+\s+){0,3}"
    r"(?:rounds? of (?:the\s+)?)?)$")
_STANDING_NAME = re.compile(r"^(?:(?:joint|binational|bi-national|bilateral|intergovernmental|inter-governmental|mixed|permanent)\s+)"
                            r"(?:[\w'’-]+\s+)*(?:sub-?committee|committee|sub-?commission|commission|working group)(?:\s+on\s.*)?$|"
                            r"^mechanism (?:for|of)\b")


def _standing(cur: Cursor, i: int, start: int, end: int) -> bool:
    """A lower-case phrase names a standing mechanism when its name carries the two sides ("the
    Kenya-Uganda security dialogue", "... between the AU and Ghana"), says it is a joint body ("the
    joint trade committee"), or the text holds, chairs or convenes it ("held the third round of
    the political consultations")."""
    s = cur.doc.sentences[i]
    text = s.text
    named = {a.agent for a in cur.doc.agent_refs[i] if a.how != "city" and s.start + start <= a.start and a.end <= s.start + end}
    if len(named) >= 2 or _STANDING_NAME.search(text[start:end]):
        return True
    if named and re.search(r"\w\s?[-–]\s?\w", text[start:end]):
        return True
    return _STANDING_BEFORE.search(text[max(0, start - 60):start]) is not None


def _between_tail(cur: Cursor, i: int, end: int) -> int:
    """"security dialogue between the AU and the Republic of Ghana": the parties named after
    a lower-case name belong to it (not "between the two sides")."""
    s = cur.doc.sentences[i]
    m = re.match(r"\s+between\s+[^,.;()]{0,120}", s.text[end:])
    if not m or _PRONOUN_TAIL.match(s.text, end):
        return end
    agents = [a for a in cur.doc.agent_refs[i] if a.how != "city" and s.start + end < a.start and a.end <= s.start + end + m.end()]
    if len(agents) < 2:
        return end
    return agents[-1].end - s.start


def _not_lower_mechanism(text: str, start: int, end: int) -> bool:
    """"technical committee", "economic commission" with nothing bilateral about them are a
    ministry's or an organisation's own bodies, not channels of two sides."""
    name = text[start:end]
    if len(name.split()) < 2:
        return True
    return bool(re.fullmatch(r"(?:(?:economic|security|trade|technical|annual|high-level|[a-z]+-level)\s+)+(?:commission|"
                             r"committee|sub-?committee|sub-?commission|mechanism|working group)", name))


def _not_mechanism(cur: Cursor, i: int, start: int, end: int, name: str) -> bool:
    s = cur.doc.sentences[i]
    text = s.text
    before = text[max(0, start - 60):start]
    if MULTILATERAL.search(before) or re.search(r"\b(?:G20|G7|UN|United Nations|SCO)\s*$", before):
        return True
    words = name.split()
    if len(words) < 2 and not re.match(r"\"", name):
        return True  # a bare "Summit", "Dialogue"
    if re.search(r"(?:High|Trade|Permanent) Commission$|\bEmbassy\b", name):
        return True  # a diplomatic mission, not a mechanism
    if re.search(r"\b(?:General Assembly|Security Council|Council of Foreign Ministers|European Council)\b", name):
        return True
    if re.search(r"\bMeeting\b", name) and not re.search(r"Ministerial|Ministers|Officials|2\+2|Annual", name):
        return True
    if re.search(r"\bMeeting\b", name) and not re.search(r"\w[-–]\w|2\+2|Annual", name):
        return True  # "the Foreign Ministers Meeting" of no named two sides: one meeting, not a channel
    if re.search(r"\bSummit\b", name) and not re.search(r"\w-\w|Annual|Bilateral", name):
        return True  # a summit of a group, not a standing mechanism of two sides
    if re.search(r"\bCouncil\b", name) and not re.search(r"-", name):
        return True
    if re.search(r"\bForum\b", name):
        return True  # a business or investment forum is an event, not a channel of two governments
    if re.search(r"\bTalks\b", name) and re.search(r"\b(?:Hold|Holds|Held)\b", name):
        return True
    inside = [a for a in cur.doc.agent_refs[i] if a.how != "city" and s.start + start <= a.start and a.end <= s.start + end]
    if re.search(r"(?i)\bsub-?(?:commission|committee)\b|\b(?:Commission|Committee)\b", name) \
            and not _BILATERAL_BODY.search(name) and len({a.agent for a in inside}) < 2:
        return True  # "Public Service Commission", "Electoral Commission": a national body
    lead = inside[0] if inside and inside[0].start == s.start + start else None
    after_lead = cur.doc.text[lead.end:lead.end + 2] if lead else ""
    if lead and re.match(r"\s+and\s", cur.doc.text[lead.end:lead.end + 6]):
        return True  # "European Union and United Nations Development Commission": bodies side by side
    if lead and lead.agent.startswith("org:") and not after_lead.startswith(("-", "–")) \
            and not re.match(r"\s+with\s", text[end:]):
        return True  # "United Nations Statistical Commission": an organisation's own body
    first = words[0].strip("\"")
    return lead is None and re.fullmatch(r"[A-Z]{3,}", first) is not None and not re.match(r"\s+with\s", text[end:])


def _remit(text: str, end: int) -> str:
    """", which works at the level of ambassadors and officials" / ", which brings together officials of ..."."""
    m = re.match(r"[^.;]{0,20}?,?\s*(?:a dialogue\s+)?(?:which|that)\s+([^.;]+)", text[end:])
    return m.group(1) if m else ""


def _purpose(text: str, end: int) -> str:
    m = re.search(r"\b(?:to discuss|covers|cover|deals with|focuses on|addresses) ([^.;]+)", text[end:])
    return m.group(1) if m else ""


def _core(cur: Cursor, i: int, start: int, end: int) -> str:
    s = cur.doc.sentences[i]
    text = s.text[start:end]
    spans = {(a.start, a.end) for a in cur.doc.agent_refs[i] if s.start + start <= a.start and a.end <= s.start + end}
    for a_start, a_end in sorted(spans, reverse=True):
        text = text[:a_start - s.start - start] + " " + text[a_end - s.start - start:]
    text = re.sub(r"\s+between\b.*$", "", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", text.strip())
    words = [w for w in re.split(r"[\s'’-]+", text.lower()) if w and w not in _CORE_DROP and w != "s"]
    words = [w for w in words if not re.fullmatch(r"[a-z]+-level", w)]
    return " ".join(words)


def _post_level(cur: Cursor, person: str) -> str | None:
    p = cur.doc.persons.get(person)
    role = p.role() if p else None
    if role is None:
        return None
    written = role.as_written.lower()
    if role.position in ("President", "Prime Minister", "Monarch"):
        return "Head of State/Government"
    if re.search(r"\b(?:vice|deputy)\b[^,]*\bminister|\bvice[- ]minister|\bdeputy minister", written):
        return "Vice-Ministerial"
    if role.position == "Foreign Minister":
        return "Ministerial"
    if role.position == "Foreign Secretary":
        return "Foreign Secretary"
    return None


def _participant_level(cur: Cursor, i: int, start: int, end: int) -> str | None:
    """"Deputy Foreign Minister A and Deputy Foreign Minister B held the X dialogue",
    "the X, co-chaired by the two presidents": the level of those who hold it, when they agree."""
    doc = cur.doc
    s = doc.sentences[i]
    lo, hi = clause_bounds(s.text, start, end)
    held_before = _HELD_BY.search(s.text, lo, start)
    held_after = re.match(r"[^.;]{0,10}?,?\s*(?:co-?chaired|chaired|led|headed)\s+by\b", s.text[end:])
    persons: list[str] = []
    for r in doc.person_refs[i]:
        rel = r.start - s.start
        if held_before and lo <= rel < held_before.start() or held_after and end < rel < hi:
            if r.person not in persons:
                persons.append(r.person)
    if held_after and len(persons) < 2:  # "co-chaired by the two prime ministers"
        return _level(re.sub(r"\b(?:the|two|both|their|respective)\b", "", s.text[end + held_after.end():end + held_after.end() + 40]))
    if len(persons) < 2:
        return None
    levels = {_post_level(cur, p) for p in persons}
    return levels.pop() if len(levels) == 1 else None


def _mention(cur: Cursor, i: int, start: int, end: int, name: str, capitalised: bool | None, limit: int) -> _Mention | None:
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    lo, _ = clause_bounds(text, start, end)
    if is_unreal(text, start, end) and not re.search(r"\b(?:next|second|third|\w+th|\d+(?:nd|rd|th)) (?:round|session|meeting)s? of\b",
                                                     text[lo:start]):
        return None  # "agreed to set up a joint commission"; "agreed to hold the next round of X": X exists
    name = re.sub(r"^(?:the|their|its)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", name)
    context = _remit(text, end)
    level = _level(name) or _level(context)  # the name says it first: "Foreign Ministers Meeting, which prepares a summit"
    as_written = None
    own = text[end:min(limit, end + 120)]  # what is said after the name, up to the next mechanism
    level_match = re.search(r"\bat\s+(?:the\s+)?([A-Z][\w ]+?)\s+level\b", own[:60]) or \
        re.search(r"\bat the level of ((?:[a-z']+\s+){0,2}[a-z']+)", own)
    if level_match:
        level = _level(level_match.group(1)) or level
        if level is None:
            as_written = level_match.group(1)
    level = level or _participant_level(cur, i, start, end)
    name = re.sub(r"^(?:[A-Za-z]+-level)\s+(?=[A-Z])", "", name)  # "high-level Energy Dialogue"
    on_tail = re.match(r"\s+on\s+([a-z][\w ,-]+?)(?=\s+at\b|[.;,]|$)", text[end:])
    topics = _topics(name + " " + _purpose(text, end) + " " + (on_tail.group(1) if on_tail else ""))
    named = cur.agents_between(i, start, end)
    if len(named) == 1 and named[0].startswith("org:") and not re.match(r"\s+(?:with|and)\s", text[end:]):
        return None  # "the SAARC Ministers' Retreat": a meeting of a group, not of two sides
    parties = named if len(named) >= 2 else list(dict.fromkeys(named + doc.parties[:2]))[:2]
    if len(parties) < 2:
        return None
    explicit = 2 if len(named) >= 2 else (1 if capitalised else (0 if capitalised is False else -1))
    return _Mention(name, _core(cur, i, start, end), named, parties, level, as_written, topics, cur.evidence(i), explicit,
                    capitalised=bool(capitalised))


def extract_dialogues(cur: Cursor) -> list[DialogueFact]:
    mentions: list[_Mention] = []
    for i in range(len(cur.doc.sentences)):
        spans = _spans(cur, i)
        for k, (start, end, name, capitalised) in enumerate(spans):
            limit = spans[k + 1][0] if k + 1 < len(spans) else len(cur.doc.sentences[i].text)
            m = _mention(cur, i, start, end, name, capitalised, limit)
            if m is not None:
                mentions.append(m)
    merged: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: m.explicit < 0):  # tentative mentions only join others
        same = next((k for k in merged if _same_mechanism(k, m)), None)
        if same is None:
            if m.explicit >= 0:
                merged.append(m)
            continue
        if (m.explicit, m.capitalised, len(m.name)) > (same.explicit, same.capitalised, len(same.name)):
            same.name, same.explicit, same.parties, same.capitalised = m.name, m.explicit, m.parties, m.capitalised
        same.level = same.level or m.level
        same.level_as_written = same.level_as_written or (m.level_as_written if not same.level else None)
        same.topics += [t for t in m.topics if t not in same.topics]
        if m.evidence not in same.extra_evidence and m.evidence != same.evidence:
            same.extra_evidence.append(m.evidence)
    return [DialogueFact(m.name, m.parties, m.level, m.level_as_written, m.topics,
                         "annual" if re.search(r"\bannual\b", m.name, re.IGNORECASE) else None, [m.evidence] + m.extra_evidence)
            for m in merged]


def _same_mechanism(a: _Mention, b: _Mention) -> bool:
    """Two mentions name one mechanism: the same name once its parties are left out, and no
    party named in one that the other lacks ("India-Japan 2+2" is not "India-US 2+2")."""
    if not a.core or not b.core:
        return False
    if not (a.core == b.core or a.core.endswith(" " + b.core) or b.core.endswith(" " + a.core)):
        return False
    if a.named_parties and b.named_parties and set(a.named_parties) != set(b.named_parties):
        return False
    return set(a.parties) == set(b.parties)
