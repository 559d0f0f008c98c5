"""Stage 0: the structure of a page as saved from the web, before any sentence is read.

A saved news page is more than its story: a site header, section names, a headline (sometimes
two), a byline, time stamps ("5 minutes ago", "Updated : Jan 09 2023 | 7:40 AM GMT"),
photo captions, embedded posts, "Read more" links and, after the story, comment forms and
related headlines. :func:`read_layout` sorts each line into one of these kinds:

``body``       the story; it tells facts
``deck``       a summary line between the headline and the dateline; it tells the lead again
``caption``    a photo caption; it tells facts of its own (its date is its own event's)
``headline``   titles above the story; they repeat the lead, so they tell no facts
``subhead``    a short title line inside the story
``byline``     who wrote it, and often when
``stamp``      a line that is a date (and time, and a label or a source)
``furniture``  menus, site names, sharing and comment prompts, embedded posts, related stories

It also finds the dateline ("LIMA, 3 May 2022:", "Accra —", "OSLO (Reuters) -",
"June 2, 2019 (NAIROBI) -") at the head of the story, wherever the headlines leave it, and the
article's reference date (:func:`diplokg.loaders.stamps.choose_reference`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.loaders.dates import Reference
from diplokg.loaders.stamps import DATE_SPAN, PageDate, choose_reference, find_page_dates, parse_span

FACT_KINDS = frozenset({"body", "deck", "caption"})


@dataclass(frozen=True)
class Block:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Dateline:
    place: str | None  # None when the dateline names an agency only ("Apr,12/2021(XNA)")
    date_text: str | None  # None for a place-only dateline ("Accra —")
    start: int  # where the dateline begins
    end: int  # where the story begins after it


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    headline: str | None
    dateline: Dateline | None
    reference: Reference | None
    stamps: tuple[PageDate, ...]
    dateline_date: PageDate | None = None  # the dateline's date, perhaps without a year

    def kind_at(self, offset: int) -> str | None:
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b.kind
        return None


# ---------------------------------------------------------------------------------- line kinds

_PAGE_DATE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d\d-\d\d)\b[ \t]*")
# a line after which the rest of the page is comments, prompts and other stories
_TERMINAL = re.compile(r"(?i:leave a (?:reply|comment)|you (?:may|might) also like|related (?:posts|stories|articles|news|"
                       r"content|coverage)|more (?:from|stories|news)\b|recommended(?: for you)?|most (?:read|popular)|"
                       r"comments?|trending(?: now)?|also on)\b[^.]{0,40}$")
_FURNITURE = re.compile(
    r"(?:Source|Reference|Ref|Tags?|Categories|Category|Keywords|Photo credit|Copyright|Edited by)\s*[:|]|"
    r"(?i:tags|categories|share(?: this)?(?: article)?|print|email|advertisement|subscribe)\s*$|"
    r"(?i:read more|also read|read also|click (?:here|for more)|follow us|please enter your|your email address will not|"
    r"this site uses|sign up|log ?in to)\b|"
    r".{0,80}\bcontributed to this report\.?$")
# an embedded post: "... pic.twitter.com/x — Name (@handle) May 2, 2022"
# a menu or breadcrumb: short items between separators ("Home | World | Diplomacy")
_MENU = re.compile(r"[^\d|›>»·•\n]{1,30}(?:\s[|›>»·•]\s[^\d|›>»·•\n]{1,30})+")
_EMBEDDED_POST = re.compile(r"pic\.twitter\.com/|[—–-]\s*[^—–()\n]{1,60}\(@\w+\)\s*\w+")
_CAPTION = re.compile(
    r"\([^()]{0,60}\b(?:Photos?|Photograph|Image|Picture|Pic|File)\b[^()]{0,60}\)|\[\s*(?:Photos?|Image)\b[^\]]*\]|"
    r"\b(?:Photos?|Image|Picture|Credit)\s*(?:by\b|:)|\bFILE PHOTO\b|(?i:via Getty Images)|"
    r"^\s*(?:L-R|R-L|From (?:left|right))\b|\((?:L|R|l|r|left|right|centre|center|2nd [lr]\w*)\)")
_BYLINE = re.compile(r"(?:By|by|BY)\s+\S|\S[^\n]{0,40}/\s*(?:Contributor|Correspondent|Reporter|Staff|Editor|Writer)s?\s*$|"
                     r".{0,60}\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b")
_LABEL = re.compile(r"(?i:published|updated|posted|last modified|released|issued|date)\b|^\s*(?:By|by)\s")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)", re.I)
_STAMP_WORDS = {"of", "the", "and", "on", "by", "at", "in", "for", "min", "mins", "read", "ago", "minutes", "hours",
                "updated", "published", "posted", "last", "am", "pm", "a.m", "p.m", "de", "la", "news", "date"}
_SENTENCE_END = re.compile(r"[.!?:;,][\"'”’)\]]*\s*$")


def _words(s: str) -> list[str]:
    return s.split()


def _is_stamp_line(line: str, dates: list[PageDate], offset: int) -> bool:
    """A line that is a date with at most a label, a time and a source ("Office of the
    Spokesperson, June 4, 2018", "Tuesday, May 2, 2017, 6:30 p.m. Chile")."""
    if len(_words(line)) > 16 or re.search(r"(?<!\bp\.m)(?<!\ba\.m)\.\s*$", line):
        return False
    rest = list(line)
    for d in dates:
        for k in range(d.start - offset, d.end - offset):
            rest[k] = " "
    left = _TIME.sub(" ", "".join(rest))
    left = re.sub(r"[|•·/,:;()\[\]—–-]", " ", left)
    words = left.split()
    if len(words) > 7:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower().strip(".") in _STAMP_WORDS for w in words)


_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-•*–·])\s")


def _title_like(line: str) -> bool:
    return len(_words(line)) <= 20 and not _SENTENCE_END.search(line)


# ---------------------------------------------------------------------------------- datelines

_WEEKDAY_NAME = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_PLACE = r"[A-ZÀ-Þ][A-Za-zÀ-ÿ'’.\-]*(?:[ ][A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\-]*){0,3}?"
_DATE = DATE_SPAN.pattern
_DATELINES = [
    # LIMA, 3 May 2022:  |  ROME, Sept. 29, 2023 —  |  QUITO, ECUADOR - MARCH 14:
    re.compile(rf"(?P<place>{_PLACE})\s*,\s*(?:[A-Z][A-Za-z]+\s*[,\-]\s*)?(?P<date>{_DATE})\s*(?:\([^)]{{1,40}}\))?"
               rf"\s*(?:[:—–\-]+|$)\s*"),
    # CAIRO, (Agency One / Agency Two - 04th May, 2020)  |  PARIS (Agency - 11th June, 2019)
    re.compile(rf"(?P<place>{_PLACE})\s*,?\s*\([^()]{{1,80}}?[-–—]\s*(?P<date>{_DATE})\s*\)\s*[:—–\-]*\s*"),
    # June 2, 2019 (NAIROBI) -  |  Apr,12/2021(XNA)
    re.compile(rf"(?P<date>{_DATE})\s*\((?P<place>[^()]{{1,40}})\)\s*[:—–\-]*\s*"),
    # OSLO (Reuters) -  |  Buenos Aires (AFP) May 4, 2018
    re.compile(rf"(?P<place>{_PLACE})\s*\([^()]{{1,40}}\)\s*(?:(?P<date>{_DATE})\s*)?(?:[:—–\-]+\s*|$)"),
    # Accra —  |  MADRID -
    re.compile(rf"(?P<place>{_PLACE})\s+(?:[—–]|(?<=[A-Z])\s*-)\s+(?=[A-Z\"“])"),
    # Dakar:  |  HANOI:
    re.compile(r"(?P<place>[A-ZÀ-Þ][a-zà-ÿ]+|[A-ZÀ-Þ][A-ZÀ-Þ .'’-]*[A-ZÀ-Þ])\s*:\s+(?=[A-Z\"“])"),
]
_AGENCY = re.compile(r"[A-Z]{2,5}")
_NOT_PLACE = re.compile(rf"(?:{_WEEKDAY_NAME}|{_MONTH_NAME}|By|Updated|Published|Posted)\b", re.I)


def _dateline_at(text: str, pos: int, end: int) -> tuple[Dateline, PageDate | None] | None:
    for pattern in _DATELINES:
        m = pattern.match(text, pos, end)
        if m is None:
            continue
        place = m.group("place").strip()
        if _NOT_PLACE.match(place):
            continue  # "Monday, 6 January 2025": a date line, not a dateline
        if pattern is _DATELINES[2] and _AGENCY.fullmatch(place):
            place = None  # "Apr,12/2021(XNA)": an agency, not a place
        elif any(w[:1].islower() for w in place.split()):
            place = None  # "Office of the Spokesperson, June 4, 2018": a source, not a place
        date = None
        if "date" in m.groupdict() and m.group("date"):
            date = parse_span(text, m.start("date"), m.end("date"), "dateline")
            if date is None:
                continue
        return Dateline(place, m.group("date") if date else None, m.start(), m.end()), date
    return None


# ---------------------------------------------------------------------------------- the page

def _lines(text: str, start: int):
    """(start, end, blank line before) of each non-blank line, stripped."""
    blank = True
    for m in re.finditer(r"[^\n]*", text[start:]):
        a, b = start + m.start(), start + m.end()
        chunk = text[a:b]
        if not chunk.strip():
            if a != b or (b < len(text) and text[b - 1:b] == "\n"):
                blank = True
            continue
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        yield a + lead, b - trail, blank
        blank = False


def read_layout(text: str) -> Layout:
    """Sort the page's lines into kinds, find the dateline and the reference date."""
    blocks: list[Block] = []
    stamps: list[PageDate] = []
    headline: str | None = None
    dateline: Dateline | None = None
    dateline_date: PageDate | None = None
    in_story = False
    titled = False  # a title line seen: a date line after it is the story's, one before it the site's
    ended = False
    captions_seen: set[str] = set()
    begin = 0
    m = _PAGE_DATE.match(text)
    if m:
        page = parse_span(text, m.start(1), m.end(1), "page-date")
        if page is not None:
            stamps.append(page)
            blocks.append(Block("stamp", m.start(1), m.end(1)))
            begin = m.end()
    lines = list(_lines(text, begin))
    body_lines_seen = 0
    listing = False  # the line before ends with a colon, or is an item of the list it opened
    for n, (a, b, blank_before) in enumerate(lines):
        line = text[a:b]
        last = n == len(lines) - 1
        kind = "body"
        if ended or _TERMINAL.match(line):
            kind, ended = "furniture", True
        elif _FURNITURE.match(line) or _EMBEDDED_POST.search(line) or _MENU.fullmatch(line):
            kind = "furniture"
        elif _CAPTION.search(line):
            kind = "furniture" if line in captions_seen else "caption"
            captions_seen.add(line)
        else:
            found = _dateline_at(text, a, b) if dateline is None and body_lines_seen < 2 else None
            if found is not None and found[0].end >= b:  # a line that is only a dateline
                dateline, dateline_date = found
                kind = "stamp"
            elif found is not None and found[1] is not None:
                dateline, dateline_date = found  # "PLACE, DATE:" opening the story
            elif _BYLINE.match(line) and len(_words(line)) <= 16:
                kind = "byline"
                stamps.extend(find_page_dates(text, a, b, "labelled"))
            else:
                dates = find_page_dates(text, a, b, "stamp") if len(_words(line)) <= 16 else []
                if dates and _is_stamp_line(line, dates, a):
                    kind = "stamp"
                    source = "labelled" if _LABEL.search(line) else ("head-stamp" if titled or in_story else "site-header")
                    stamps.extend(PageDate(d.day, d.month, d.year, d.start, d.end, source) for d in dates[:1])
                elif _title_like(line) and not (in_story and (last or len(_words(line)) > 12 or listing)):
                    titled = True
                    if in_story:
                        kind = "subhead"
                    elif len(_words(line)) <= 3:
                        kind = "furniture"  # a site or section name
                    else:
                        kind = "headline"
                        headline = headline or line
                elif found is not None:
                    dateline, dateline_date = found
        # "the following documents were signed:" and the lines after it: items of a list the story
        # tells, however short and title-like they look
        listing = kind == "body" and (line.rstrip().endswith(":") or (listing and _LIST_ITEM.match(line) is not None)
                                      or (listing and _title_like(line)))
        if kind == "body":
            in_story = True
            body_lines_seen += 1
            if blocks and blocks[-1].kind == "body" and not blank_before:
                blocks[-1] = Block("body", blocks[-1].start, b)  # one paragraph over several lines
                continue
        blocks.append(Block(kind, a, b))
    if dateline is not None:  # story lines above the dateline summarise the story below it
        for k, blk in enumerate(blocks):
            if blk.start >= dateline.start:
                break
            if blk.kind == "body":
                blocks[k] = Block("deck", blk.start, blk.end)
    _drop_repeated_captions(text, blocks)
    reference = _reference(text, blocks, stamps, dateline_date)
    return Layout(tuple(blocks), headline, dateline, reference, tuple(stamps), dateline_date)


_CREDIT = re.compile(r"\((?:Photo|Image|Picture|File)[^()]*\)|\[(?:Photo|Image)[^\]]*\]|\b(?:Photo|Image)\s*:.*$")


def _drop_repeated_captions(text: str, blocks: list[Block]) -> None:
    """A caption that repeats a sentence of the story word for word tells nothing new."""
    story = " ".join(text[b.start:b.end] for b in blocks if b.kind == "body")
    for k, b in enumerate(blocks):
        if b.kind == "caption":
            core = _CREDIT.sub("", text[b.start:b.end]).strip(" .")
            if len(core) > 20 and core in story:
                blocks[k] = Block("furniture", b.start, b.end)


# a date a plan looks forward to, which anchors nothing that happened
_AHEAD = re.compile(r"\b(?:will|would|shall|due|expected|scheduled|planned|plans?|next|upcoming|to be held)\b[^.;]*$",
                    re.I)


def _reference(text: str, blocks: list[Block], stamps: list[PageDate], dateline: PageDate | None) -> Reference | None:
    def dates_of(kind: str) -> list[PageDate]:
        out = []
        for blk in blocks:
            if blk.kind == kind:
                out.extend(d for d in find_page_dates(text, blk.start, blk.end, kind)
                           if not _AHEAD.search(text, max(blk.start, d.start - 50), d.start))
        return out

    needs_body = not stamps and (dateline is None or dateline.year is None) \
        or any(s.source == "site-header" for s in stamps)
    body = dates_of("body") if needs_body else []
    captions = dates_of("caption") if needs_body else []
    return choose_reference(stamps, dateline, body, captions)
