"""Where a sentence names an instrument, and its title and kind: the phrases ``instruments`` judges.

Titles are read by shape, never from a list:

- a capitalised phrase around a kind word ("Joint Statement on ...", "Treaty of Friendship
  between ...", "MoU between the National Archives of Peru (NAP) and ..."), with the lower-case
  remit that follows it ("... on cooperation in Culture and Heritage");
- a quoted title after "titled";
- a described instrument ("a memorandum of cooperation in the field of fisheries", "a
  separate water-sharing agreement", "an exchange of notes for a grant");
- an item of a list of signed instruments ("The second agreement relates to tourism", "Another
  MoU was signed in the area of aviation", "A cooperation protocol was also signed in the field
  of sport"): the kind with its remit;
- a plural that stands for one instrument per state ("the Joint Communiqués on ... between A and
  the Republics of B, C and D"): one phrase for each of B, C and D.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.gated import GatedPattern

KINDS = [  # (pattern on the title, class label); first match wins
    (r"memorand(?:um|a) of (?:understanding|cooperation)|\bmous?\b", "Memorandum of Understanding"),
    (r"joint communiqu[eé]|\bcommuniqu[eé]", "Joint Communiqué"),
    (r"joint (?:[\w-]+ ){0,2}statement|\bstatement\b", "Joint Statement"),
    (r"declaration", "Joint Statement"),  # the corpus convention: a declaration counts as a Joint Statement
    (r"\btreaty\b", "Treaty"),
    (r"\bprotocol\b", "Protocol"),
    (r"action plan|plan of action|executive program(?:me)?|action program(?:me)?", "Action Plan"),
    (r"agreement|accords?\b|\bdeal\b|\bpact\b|\bconvention\b|\bcharter\b|exchange of notes", "Agreement"),
]
_PLURAL = {"Communiqués": "Communiqué", "Communiques": "Communique", "Statements": "Statement", "Treaties": "Treaty",
           "Agreements": "Agreement", "Accords": "Accord", "Declarations": "Declaration", "Memoranda": "Memorandum",
           "MoUs": "MoU", "MOUs": "MOU", "Protocols": "Protocol", "Republics": "Republic", "Kingdoms": "Kingdom"}
KIND_WORD = r"(?:Joint (?:[A-Z][\w-]+ ){0,2}Statements?|Joint Communiqu[ée]s?|Communiqu[ée]s?|Treaty|Treaties|Agreements?|" \
            r"Accords?|Declarations?|Memorand(?:um|a) of (?:Understanding|Cooperation)|MoUs?|MOUs?|Protocols?|Action Plan|" \
            r"Plan of Action|Convention|Charter)(?![\w-])"
_CALENDAR = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
_ACRONYM = r"\([A-Z][A-Za-z]*[A-Z]\)"  # "(NJAI)", "(MoU)"
CAP = rf"(?:(?!{_CALENDAR})[A-Z][\w'’.-]*(?:\s*{_ACRONYM})?|\"[^\"]+\")"
LINK = r"(?:on|of|for|between|concerning|and|the|in|to|with|at|by)"
TITLED = GatedPattern(re.compile(
    rf"(?:{CAP}\s+(?:(?:{CAP}|-|and|of|for|on)\s+){{0,7}})?{KIND_WORD}(?:[:]?\s+(?:{LINK}\s+)*{CAP}(?:,?\s+(?:(?:{LINK}|&)\s+)*{CAP})*)*"
    rf"(?:\s*{_ACRONYM})?"),
    ("Statement", "Communiqu", "Treat", "Agreement", "Accord", "Declaration", "Memorand", "MoU", "MOU", "Protocol",
     "Action Plan", "Plan of Action", "Convention", "Charter"))  # one is in every KIND_WORD
_INSTRUMENT_NOUN = (r"joint (?:[\w'’-]+ ){0,2}statement|joint communiqu[eé]|(?:final )?communiqu[eé]|"
                    r"memorandum of (?:cooperation|understanding)(?:\s*\([A-Za-z]+\))?|agreement|treaty|declaration|accord|"
                    r"protocol|action plan|executive program(?:me)?|exchange of notes")
DESCRIBED = GatedPattern(re.compile(
    r"\b(?:a|an|the|their|its|separate)\s+"
    r"((?:(?!(?:adopted|signed|issued|reached|concluded|renewed|and|with|to|of)\b)[a-z][\w-]*\s+){0,3}?"
    rf"(?:{_INSTRUMENT_NOUN})"
    rf"(?:\s*(?:on|of|for|between|concerning|in the (?:field|area)s? of)\s+(?!{_CALENDAR}|\d)[^.;:()]+?)?)"
    r"(?=\s*(?:[.;:(]|,\s*(?:under|which|who|with|setting|listing|as|while|but|after|before|signed|renewed|"
    r"and\s+(?:a|an|the|its|their))\b|$)"
    r"|\s+(?:(?:with|listing|setting|titled|under|at\s+the|during|after|before|signed|was|were|that|which|by|will|would|"
    r"is|are|has|have|had|could|should|may|might|must|shall|can|in\s+the\s+presence|witnessed)\b"
    r"|in\s+[A-Z]|on\s+(?:[A-Z]|\d)|to\s+(?!the\b)[a-z]+\b))"),
    ("joint", "memorandum", "agreement", "treaty", "declaration", "accord", "protocol", "action plan", "communiqu",
     "executive program", "exchange of notes"))
QUOTED_TITLE = re.compile(r"\btitled\s+[\"“]([^\"”]+)[\"”]")
_ORDINAL = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th)|"
            r"last|final|other")
ITEM = re.compile(
    rf"\b(?:[Tt]he\s+(?:{_ORDINAL})|[Aa]nother|(?P<indefinite>[Aa]n?|[Oo]ne))\s+((?:[a-z][\w-]*\s+){{0,2}}?"
    r"(?i:agreement|memorandum of understanding|memorandum of cooperation|mou|protocol|accord|treaty|convention))\b"
    r"(?:,\s*signed by [^;]*?,|(?P<passive>\s+(?:was|were|is|has been)\s+(?:also\s+)?(?:signed|concluded|inked|renewed))|"
    r",\s*which)?"
    r"\s+(?:(?P<verb>covers|concerns|relates to|touches on|deals with|focuses on|pertains to|is about|is on)|"
    r"(?P<prep>on|in the (?:area|field|domain|sphere)s? of|regarding|concerning|relating to))\s+"
    r"(?P<object>[^.;:]+?)(?=\s*(?:[.;:]|,|$)|\s+(?:as|with the aim|which|that|signed|aimed|aiming|in order|while|in the presence)\b)")
_STARTS_INSTRUMENT = re.compile(rf"(?:a|an|the)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{_INSTRUMENT_NOUN})\b|(?:a|an|the)\s+{KIND_WORD}",
                                re.I)
# "... on cooperation in Culture and Heritage": the lower-case remit after a capitalised title
_TAIL_START = re.compile(r"\s*(?:on|for|concerning|regarding|in the (?:field|area)s? of)\s+(?=[a-z])")
_TAIL_STOP = re.compile(r"[.;:()]|,(?!\s+(?:[A-Z]|and\s+[A-Z]))|\s+(?:with|during|at|signed|was|were|is|are|that|which|who|"
                        r"will|would|has|have|had|could|should|may|might|must|shall|can|in the presence|witnessed|"
                        r"by|after|before|under|while|as|to be|between (?:them|the two)|to\s+(?!the\b)[a-z]+)\b")
_PERIOD = re.compile(r"\s+for\s+(?:the\s+)?(?:years?\s+|period\s+)?\d{4}\s*[-–]\s*\d{2,4}(?:\s+period)?\b")
PLANNED = re.compile(r"\b(?:formulat\w*|draft\w*|prepar\w*|negotiat\w*|develop\w*|elaborat\w*|work(?:ing)? (?:out|on)|"
                     r"propos\w*|consider\w*|discuss\w*)\s+(?:\w+\s+){0,2}$", re.I)
GENERIC = {"agreement", "treaty", "declaration", "accord", "deal", "pact", "long-term agreement", "protocol",
           "basic treaty", "peace treaty", "new agreement", "landmark agreement", "historic agreement", "communique",
           "communiqué"}


@dataclass
class Phrase:
    """An instrument named in a sentence: the span is within the sentence text."""

    start: int
    end: int
    title: str
    kind: str
    described: bool = False  # read from a lower-case description
    item: bool = False  # an item of a list of signed instruments
    parties: tuple[str, ...] = ()  # the parties a plural's share names for this one


def kind_of(title: str) -> str:
    low = title.lower()
    for pattern, label in KINDS:
        if re.search(pattern, low):
            return label
    return "Agreement"


def _last_kind(title: str) -> str:
    """"Peace Agreement: Treaty of Peace ..." is a treaty: the kind after a colon wins."""
    return kind_of(title.split(":", 1)[1]) if ":" in title else kind_of(title)


def _singular(text: str) -> str:
    return re.sub(r"\b(" + "|".join(_PLURAL) + r")\b", lambda m: _PLURAL[m.group(1)], text)


def _tail(cur: Cursor, i: int, end: int) -> int:
    """Where the lower-case remit after a capitalised title ends (a place, a date, a verb, a clause)."""
    s = cur.doc.sentences[i]
    text = s.text
    period = _PERIOD.match(text, end)
    if period:
        return period.end()  # "Protocol on Cultural Exchange for 2024-2026": the years it covers
    m = _TAIL_START.match(text, end)
    if not m:
        return end
    stop = _TAIL_STOP.search(text, m.end())
    limit = stop.start() if stop else len(text)
    for a in cur.doc.agent_refs[i]:  # "... in Lima": where it was signed is not part of its title
        rel = a.start - s.start
        if m.end() <= rel < limit and a.how == "city" and re.search(r"\b(?:in|at)\s+$", text[max(0, rel - 4):rel]):
            limit = rel - 4
    for d in cur.dates_in(i):
        if m.end() <= d.start < limit:
            limit = d.start
    new_end = len(text[:limit].rstrip(" ,"))
    new_end = len(re.sub(r"\s+(?:in|on|at|of|the|and)$", "", text[:new_end]))
    return new_end if new_end > m.end() else end


# a word every instrument phrase holds, in lower case: most sentences hold none and are passed by
_STEMS = ("agree", "memorand", "mou", "protocol", "accord", "treat", "convention", "statement", "communiq",
          "declaration", "plan", "program", "exchange of notes", "charter", "deal", "pact")


def find_phrases(cur: Cursor, i: int) -> list[Phrase]:
    """Every instrument the sentence names, left to right."""
    text = cur.doc.sentences[i].text
    low = text.lower()
    if not any(stem in low for stem in _STEMS):
        return []
    out: list[Phrase] = []
    taken: list[tuple[int, int]] = []  # spans already read, by a list item or a title

    def free(a: int) -> bool:
        return not any(x <= a < y for x, y in taken)

    for m in QUOTED_TITLE.finditer(text):
        head = text[max(0, m.start() - 40):m.start()]
        kind = kind_of(head) if re.search(KIND_WORD, head, re.I) else "Joint Statement"
        out.append(Phrase(m.start(1), m.end(1), m.group(1), kind))
        taken.append((m.start(1), m.end(1)))
    items: list[int] = []  # where an item's instrument is named in full ("covers a Memorandum of ...")
    for m in ITEM.finditer(text):
        if m.group("indefinite") and not m.group("passive"):
            continue  # "a long-term agreement on X": a described instrument, not an item of a list
        taken.append((m.start(), m.start(2) + len(m.group(2))))
        obj = m.group("object")
        if re.match(r"(?:\w+ly\s+)?[a-z]+ing\b", obj):
            continue  # "an agreement on newly formulating a plan": an agreement to do something
        if _STARTS_INSTRUMENT.match(obj):
            items.append(m.start("object"))  # the title and described rules read the instrument itself
            continue
        head = m.group(2)
        title = f"{head} {m.group('prep')} {obj}" if m.group("prep") else f"{head} on {obj}"
        out.append(Phrase(m.start(2), m.end("object"), title, kind_of(head), item=True))
        taken.append((m.start(2), m.end("object")))
    for m in TITLED.finditer(text):
        if not free(m.start()):
            continue
        end = _tail(cur, i, m.end())
        title = re.sub(r"^(?:The|A|An|Their|Its)\s+", "", text[m.start():end].strip()).rstrip(".,")
        if len(title.split()) < 2:
            continue
        out.extend(_distribute(cur, i, m.start(), end, title))
        taken.append((m.start(), end))
    for m in DESCRIBED.finditer(text):
        title = re.sub(r"^(?:separate|shorter|new|landmark|historic|brief|related)\s+", "", m.group(1).strip())
        if not free(m.start(1)) or re.match(r"\s*titled\b", text[m.end(1):]):
            continue
        if re.match(rf"(?:{_ORDINAL})\s+(?!communiqu)", title) or re.match(r"agreement (?:on|to)\s+(?:\w+ly\s+)?\w+ing\b", title):
            continue  # "the fifth agreement" (an item told apart), "an agreement on jointly drafting" (to do something)
        title = re.sub(r"\s*\(([A-Za-z]+)\)", r" (\1)", title)  # "memorandum of understanding(MoU)"
        title = re.sub(r"\s+between (?:them|the two \w+)$", "", title)
        out.append(Phrase(m.start(1), m.end(1), title, kind_of(title), described=True))
    for p in out:
        p.item = p.item or any(0 <= p.start - at <= 40 for at in items)
    return sorted(out, key=lambda p: p.start)


def _distribute(cur: Cursor, i: int, start: int, end: int, title: str) -> list[Phrase]:
    """"the Joint Communiqués on ... between the Republic of A and the Republics of B, C and D":
    one instrument for each of B, C and D, each between A and it."""
    kind = _last_kind(title)
    plural = re.match(r"(?:[A-Z][\w-]*\s+){0,3}?(?:Communiqu[ée]s|Statements|Treaties|Agreements|Accords|Declarations|"
                      r"Memoranda|MoUs|MOUs|Protocols)\b(?:\s+of\s+[A-Z]\w+)?\s+(?:on|between|with)\b", title)
    if not plural:
        return [Phrase(start, end, title, kind)]
    s = cur.doc.sentences[i]
    agents = []
    for a in cur.doc.agent_refs[i]:
        if s.start + start <= a.start and a.end <= s.start + end and a.how != "city" \
                and a.agent not in [x.agent for x in agents]:
            agents.append(a)
    between = re.search(r"\bbetween\b", title)
    if not between or len(agents) < 3:
        return [Phrase(start, end, title, kind)]
    first, rest = agents[0], agents[1:]
    share_at = text_at = rest[0].start - s.start
    lead = re.search(r"\b(?:the\s+)?(?:Republics|Kingdoms|States)\s+of\s+$", s.text[:text_at])
    if lead:
        share_at = lead.start()
    prefix = _singular(s.text[start:share_at]).rstrip()
    lead_words = _singular(lead.group(0)).strip() + " " if lead else ""
    out = []
    for a in rest:
        name = cur.doc.text[a.start:a.end]
        one = re.sub(r"^(?:The|A|An|Their|Its)\s+", "", f"{prefix} {lead_words}{name}")
        out.append(Phrase(start, end, one, kind, parties=(first.agent, a.agent)))
    return out
