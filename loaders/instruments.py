"""Agreements (instruments signed, adopted, concluded) and dialogue mechanisms.

Titles are read by shape, never from a list: a capitalised phrase around a kind word
("Joint Statement on ...", "Treaty on Basic Relations between ..."), a quoted title after
"titled", or a described instrument ("a memorandum of cooperation in the field of cyber
security", "a separate water-sharing agreement"). Mechanisms likewise: a capitalised phrase
around "Dialogue", "Consultations", "Working Group", "Mechanism", "Committee", "Summit",
"Ministerial Meeting", or "X-level discussions on Y".
"""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.eventdates import SIGNING_WORDS, as_value, during_visit, own_date
from diplokg.loaders.facts import AgreementFact, DialogueFact
from diplokg.loaders.gated import GatedPattern
from diplokg.loaders.modality import clause_bounds, is_unreal

KINDS = [  # (pattern on the title, class label); first match wins
    (r"memorand(?:um|a) of (?:understanding|cooperation)|\bmou\b", "Memorandum of Understanding"),
    (r"joint communiqu[eé]|\bcommuniqu[eé]", "Joint Communiqué"),
    (r"joint (?:[\w-]+ ){0,2}statement|\bstatement\b", "Joint Statement"),
    (r"declaration", "Joint Statement"),  # the corpus convention: a declaration counts as a Joint Statement
    (r"\btreaty\b", "Treaty"),
    (r"\bprotocol\b", "Protocol"),
    (r"action plan|plan of action", "Agreement"),
    (r"agreement|accords?\b|\bdeal\b|\bpact\b|\bconvention\b|\bcharter\b", "Agreement"),
]
KIND_WORD = r"(?:Joint (?:[A-Z][\w-]+ ){0,2}Statement|Joint Communiqu[ée]|Communiqu[ée]|Treaty|Agreement|Accords?|Declaration|" \
            r"Memorandum of (?:Understanding|Cooperation)|MoU|Protocol|Action Plan|Plan of Action|Convention|Charter)"
_CALENDAR = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
CAP = rf"(?:(?!{_CALENDAR})[A-Z][\w'’.-]*|\"[^\"]+\")"
LINK = r"(?:on|of|for|between|concerning|and|the|in|to|with|at|by)"
TITLED = GatedPattern(re.compile(
    rf"(?:{CAP}\s+(?:(?:{CAP}|-|and|of|for|on)\s+){{0,7}})?{KIND_WORD}(?:[:]?\s+(?:{LINK}\s+)*{CAP}(?:,?\s+(?:(?:{LINK}|&)\s+)*{CAP})*)*(?:\s*\([A-Z]{{2,}}\))?"),
    ("Statement", "Communiqu", "Treaty", "Agreement", "Accord", "Declaration", "Memorandum", "MoU", "Protocol",
     "Action Plan", "Plan of Action", "Convention", "Charter"))  # one is in every KIND_WORD
DESCRIBED = GatedPattern(re.compile(
    r"\b(?:a|an|the|their|its|separate)\s+"
    r"((?:(?!(?:adopted|signed|issued|reached|concluded|and|with|to|of)\b)[a-z][\w-]*\s+){0,3}?"
    r"(?:joint (?:[\w'’-]+ ){0,2}statement|joint communiqu[eé]|memorandum of (?:cooperation|understanding)|agreement|treaty|"
    r"declaration|accord|protocol|action plan)"
    r"(?:\s+(?:on|of|for|between|concerning|in the field of)\s+[^.;:()]+?)?)"
    r"(?=\s*(?:[.;:(]|,\s*(?:under|which|who|with|setting|listing|as|while|but|after|before)\b|$)"
    r"|\s+(?:(?:with|listing|setting|titled|under|at\s+the|during|after|before|signed|was|were|that|which|by)\b"
    r"|in\s+[A-Z]|on\s+(?:[A-Z]|\d)))"),
    ("joint", "memorandum", "agreement", "treaty", "declaration", "accord", "protocol", "action plan"))
QUOTED_TITLE = re.compile(r"\btitled\s+[\"“]([^\"”]+)[\"”]")
SIGN = re.compile(r"\b(?:signed|sign|signing|adopted|concluded|reached|inked|issued|read out|put their names to|"
                  r"carries the signatures|exchanged|agreed on|endorsed)\b", re.I)
GENERIC = {"agreement", "treaty", "declaration", "accord", "deal", "pact", "long-term agreement", "protocol",
           "basic treaty", "peace treaty", "new agreement", "landmark agreement", "historic agreement"}
SIGNED_SET = re.compile(r"\b(?:instruments|texts|documents|agreements|accords)\s+(?:were|have been)\s+(?:signed|adopted|"
                        r"concluded|exchanged)", re.I)
INCLUDES = re.compile(r"\b(?:include|includes|included|including|among them|among which)\b", re.I)
NAMED_AFTER = re.compile(r"\b(?:was|were)\s+(?:reached|concluded|signed|sealed|agreed|adopted)\b", re.I)


def _kind(title: str) -> str:
    low = title.lower()
    for pattern, label in KINDS:
        if re.search(pattern, low):
            return label
    return "Agreement"


def _last_kind(title: str) -> str:
    """"Peace Agreement: Treaty of Peace ..." is a treaty: the kind after a colon wins."""
    if ":" in title:
        return _kind(title.split(":", 1)[1])
    return _kind(title)


def extract_agreements(cur: Cursor) -> list[AgreementFact]:
    doc = cur.doc
    found: dict[str, AgreementFact] = {}
    described: dict[str, int] = {}  # key -> sentence, for instruments read from a description
    pending_generic: tuple[int, str] | None = None
    signed_set = -10
    for i, s in enumerate(doc.sentences):
        text = s.text
        sign = SIGN.search(text)
        if SIGNED_SET.search(text):
            signed_set = i
        made_by_list = signed_set >= i - 1 and INCLUDES.search(text) is not None
        candidates: list[tuple[int, int, str, str, bool]] = []  # start, end, title, kind, described
        for m in QUOTED_TITLE.finditer(text):
            head = text[max(0, m.start() - 40):m.start()]
            kind = _kind(head) if re.search(KIND_WORD, head, re.I) else "Joint Statement"
            candidates.append((m.start(1), m.end(1), m.group(1), kind, False))
        for m in TITLED.finditer(text):
            title = re.sub(r"^(?:The|A|An|Their|Its)\s+", "", m.group(0).strip()).rstrip(".,")
            if len(title.split()) < 2 or any(a <= m.start() < b for a, b, *_ in candidates):
                continue
            candidates.append((m.start(), m.end(), title, _last_kind(title), False))
        for m in DESCRIBED.finditer(text):
            title = re.sub(r"^(?:separate|shorter|new|landmark|historic|brief|related)\s+", "", m.group(1).strip())
            if any(a <= m.start(1) < b for a, b, *_ in candidates) or re.match(r"\s*titled\b", text[m.end(1):]):
                continue
            if title.lower() in GENERIC:
                if sign and not candidates:
                    pending_generic = (i, _kind(title))
                continue
            if re.search(r"\bdraft\b", text[max(0, m.start() - 15):m.start()]):
                continue
            candidates.append((m.start(1), m.end(1), title, _kind(title), True))
        for start, end, title, kind, is_described in candidates:
            if kind == "Agreement" and not re.search(KIND_WORD, title, re.I) and pending_generic:
                kind = pending_generic[1]
            if pending_generic and not is_described and not re.search(r"(?i)statement|communiqu", title):
                kind = pending_generic[1] if kind == "Agreement" else kind
            if is_unreal(text, start, end) or (sign and sign.start() < start and is_unreal(text, sign.start(), sign.end())):
                continue
            if not (_was_made(text, start, end, sign) or made_by_list):
                continue
            if re.search(r"\bdraft of\s+(?:the\s+)?$", text[max(0, start - 15):start]):
                continue
            parties = _agreement_parties(cur, i, title, start, end)
            date = _agreement_date(cur, i, start, end)
            key = re.sub(r"\W+", " ", title.lower()).strip()
            if key in found:
                f = found[key]
                f.parties.extend(a for a in parties if a not in f.parties)
                continue
            if len(parties) < 2:
                continue
            found[key] = AgreementFact(title, kind, parties, [], date, [cur.evidence(i)])
            if is_described:
                described[key] = i
        pending_generic = pending_generic if pending_generic and pending_generic[0] >= i - 1 else None
    # "concluded a long-term agreement on X ... The Joint Comprehensive Plan of Action was reached":
    # a described deal followed at once by a named one "reached" or "signed" is that one
    for key, i in described.items():
        nxt = [f for k, f in found.items() if k not in described and any(
            e.start >= doc.sentences[i].start and e.start <= doc.sentences[min(i + 1, len(doc.sentences) - 1)].end
            for e in f.evidence) and NAMED_AFTER.search(f.evidence[0].text)]
        if nxt:
            named = nxt[0]
            if named.kind == "Agreement":
                named.kind = found[key].kind
            named.date = named.date or found[key].date
            del found[key]
    return list(found.values())


def _agreement_date(cur: Cursor, i: int, start: int, end: int) -> str | None:
    text = cur.doc.sentences[i].text
    mine = own_date(cur, i, start, end, ranges=True, own_words=SIGNING_WORDS)
    clause = [mine] if mine else []
    date = as_value(mine) if mine else (during_visit(cur, i, start) or cur.narrative[i])
    offset = re.search(r"\b(\w+) (months?|years?) (?:after|later)\b", text[:start]) or \
        re.search(r"\b(\w+) (months?|years?) (?:after|later)\b", text[end:])
    if offset:
        base = clause[0].value if clause else cur.narrative[i]
        date = _shift(base, offset.group(1), offset.group(2)) if base else None
    return date


def _was_made(text: str, start: int, end: int, sign: re.Match | None) -> bool:
    """The instrument is signed, adopted, concluded or reached in this sentence."""
    if sign is not None:
        return True
    return bool(re.search(r"\b(?:was|were) (?:reached|signed|adopted|concluded|agreed|issued)\b", text[end:end + 60]))


def _shift(iso: str, number: str, unit: str) -> str | None:
    n = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12}.get(number.lower()) or (int(number) if number.isdigit() else None)
    if n is None or len(iso) < 7:
        return None
    y, m = int(iso[:4]), int(iso[5:7])
    if unit.startswith("year"):
        return f"{y - n:04d}"
    total = y * 12 + (m - 1) - n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _agreement_parties(cur: Cursor, i: int, title: str, start: int, end: int) -> list[str]:
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    # parties named in the title itself, or "between A and B ... together with C" after it
    out = cur.agents_between(i, start, end)
    between = re.search(r"\bbetween\b", text[end:])
    if len(out) < 2 and between:
        for a in doc.agent_refs[i]:
            rel = a.start - s.start
            if rel > end + between.start() and a.how != "city" and a.agent not in out:
                out.append(a.agent)
    if len(out) >= 2:
        return out
    # the subject: "Japan and the Republic of Korea signed", "The Emiratis and the Israelis signed"
    lo, _ = clause_bounds(text, start, end)
    subject = [a for a in doc.agent_refs[i] if lo <= a.start - s.start < start and a.how != "city"
               and not re.search(r"\b(?:in|at|to|from|for)\s+(?:the\s+)?$", text[max(0, a.start - s.start - 10):a.start - s.start])]
    for a in subject:
        if a.agent not in out:
            out.append(a.agent)
    if len(out) >= 2:
        return out
    # signatories: persons in the sentence (not witnesses), groups such as "all four men"
    witness = re.search(r"\bas (?:a )?witness", text)
    if not witness:
        for r in doc.person_refs[i]:
            a = doc.agent_of(r.person)
            if a and a not in out:
                out.append(a)
    if len(out) >= 2:
        return out
    for a in doc.parties[:2]:
        if a not in out:
            out.append(a)
    return out


# ----------------------------------------------------------------------------- dialogues

MECHANISM_HEAD = (r"(?:Leaders['’] Retreat|Retreat|Strategic Dialogue|Dialogue|Consultations|Working Group|Working Mechanism|Mechanism|Committee|"
                  r"Commission|Annual Summit|Summit|Ministerial Meeting|Senior Officials[’']? Meeting|Meeting|Council|Forum|"
                  r"Talks)")
MECHANISM = GatedPattern(re.compile(
    rf"((?:\"[^\"]+\"\s+|(?:[A-Z][\w'’]*|[A-Za-z]+-level|[A-Z][\w]*-[A-Z][\w]*|\d+(?:st|nd|rd|th))\s+(?:and\s+(?=[A-Z]))?){{0,8}}"
    rf"{MECHANISM_HEAD}\b(?:\s+(?:on|for)\s+(?:the\s+)?[A-Z][\w-]*(?:(?:,\s*|\s+)(?:(?:and|on|of|for)\s+|&\s+)*[A-Z][\w-]*)*)?"
    rf"(?:\s*\([A-Z]{{2,}}\))?)"),
    ("Retreat", "Dialogue", "Consultations", "Working Group", "Mechanism", "Committee", "Commission", "Summit",
     "Meeting", "Council", "Forum", "Talks"))  # one is in every MECHANISM_HEAD
LOWER_MECHANISM = re.compile(
    r"\b((?:[a-z]+-level\s+)?(?:discussions|consultations|talks|dialogue|mechanism)\s+(?:on|between)\s+[^,.;()]+?)"
    r"(?=\s+at\s+[\w ]+ level|[,.;(]| and [a-z]+-level|$)")
SPECIAL_MECHANISM = GatedPattern(re.compile(r"\b((?:[A-Z][\w']+\s+){1,3}mechanism(?:\s+on\s+the\s+\w+\s+question)?)"),
                                 ("mechanism",))
LEVELS = [
    (r"\bsummit\b|heads? of (?:state|government)|leaders['’]|\bretreat\b", "Head of State/Government"),
    (r"vice[- ]ministerial|vice[- ]minister", "Vice-Ministerial"),
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


def extract_dialogues(cur: Cursor) -> list[DialogueFact]:
    doc = cur.doc
    found: dict[str, DialogueFact] = {}
    for i, s in enumerate(doc.sentences):
        text = s.text
        spans: list[tuple[int, int, str]] = []
        for m in MECHANISM.finditer(text):
            name = m.group(1).strip()
            if _not_mechanism(text, m.start(1), name):
                continue
            spans.append((m.start(1), m.end(1), name))
        if re.search(r"\b(?:mechanisms?|channels?|includes?|through|dialogue|format)\b", text, re.I):
            for m in SPECIAL_MECHANISM.finditer(text):
                if not any(a <= m.start(1) < b for a, b, _ in spans):
                    spans.append((m.start(1), m.end(1), m.group(1).strip()))
            for m in LOWER_MECHANISM.finditer(text):
                if not any(a <= m.start(1) < b for a, b, _ in spans):
                    spans.append((m.start(1), m.end(1), m.group(1).strip()))
        for start, end, name in spans:
            if is_unreal(text, start, end) and not re.search(r"\b(?:held|launched|round)\b", text):
                continue
            name = re.sub(r"^(?:the|their|its)\s+", "", name, flags=re.I)
            name = re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", name)
            context = _remit(text, end)
            level_text = name + " " + context
            level_match = re.search(r"\bat\s+(?:the\s+)?([A-Z][\w ]+?)\s+level\b", text[end:end + 60]) or \
                re.search(r"\bat the level of ([a-z][\w ]+?)(?=[,.;]|$| and\b)", text[end:end + 80])
            level = _level(level_text)
            as_written = None
            if level_match:
                level = _level(level_match.group(1)) or level
                if level is None:
                    as_written = level_match.group(1)
            name = re.sub(r"^(?:[A-Za-z]+-level)\s+(?=[A-Z])", "", name)  # "high-level Energy Dialogue"
            on_tail = re.match(r"\s+on\s+([a-z][\w ,-]+?)(?=\s+at\b|[.;,]|$)", text[end:])
            topics = _topics(name + " " + _purpose(text, end) + " " + (on_tail.group(1) if on_tail else ""))
            parties = _dialogue_parties(cur, i, start, end)
            if len(parties) < 2:
                continue
            key = re.sub(r"\W+", " ", name.lower()).strip()
            if key in found or any(k.endswith(" " + key) for k in found):
                continue  # "The Joint Commission, established in 1987": the one just named
            found[key] = DialogueFact(name, parties, level, as_written, topics,
                                      "annual" if re.search(r"\bannual\b", name, re.I) else None, [cur.evidence(i)])
    return list(found.values())


def _not_mechanism(text: str, start: int, name: str) -> bool:
    before = text[max(0, start - 60):start]
    if MULTILATERAL.search(before) or re.search(r"\b(?:G20|G7|UN|United Nations|SCO)\s*$", before):
        return True
    words = name.split()
    if len(words) < 2 and not re.match(r"\"", name):
        return True  # a bare "Summit", "Dialogue"
    if re.fullmatch(r"(?:High|Trade|Permanent) Commission|.*\bEmbassy", name):
        return True  # a diplomatic mission, not a mechanism
    if re.search(r"\b(?:General Assembly|Security Council|Council of Foreign Ministers|European Council)\b", name):
        return True
    if re.search(r"\bMeeting\b", name) and not re.search(r"Ministerial|Officials|2\+2|Annual", name):
        return True
    if re.search(r"\bSummit\b", name) and not re.search(r"\w-\w|Annual|Bilateral", name):
        return True  # a summit of a group, not a standing mechanism of two sides
    if re.search(r"\bCouncil\b|\bForum\b", name) and not re.search(r"-", name):
        return True
    return False


def _remit(text: str, end: int) -> str:
    """", which works at the level of ambassadors and officials" / ", which brings together officials of ..."."""
    m = re.match(r"[^.;]{0,20}?,?\s*(?:a dialogue\s+)?(?:which|that)\s+([^.;]+)", text[end:])
    return m.group(1) if m else ""


def _purpose(text: str, end: int) -> str:
    m = re.search(r"\b(?:to discuss|covers|cover|deals with|focuses on|addresses) ([^.;]+)", text[end:])
    return m.group(1) if m else ""


def _dialogue_parties(cur: Cursor, i: int, start: int, end: int) -> list[str]:
    doc = cur.doc
    out = cur.agents_between(i, start, end)
    if len(out) >= 2:
        return out
    two = doc.parties[:2]
    return list(dict.fromkeys(out + two))[:2] if len(two) == 2 else out
