"""Dates a page shows about itself (stamps, bylines, datelines) and the article's reference date.

A page can show several dates: the collection's own ``date YYYY-MM-DD`` line, a byline
("By X on June 3, 2021"), a "Last Updated" stamp, a date line under the headline, a site
header with today's date, a dateline ("LIMA, 3 May 2022:"), and photo captions or body
sentences with dates of events. :func:`choose_reference` picks the one date that relative
expressions ("on Monday", "yesterday") are read against, by the rules written there.

The date expression itself is found by a pattern and parsed by ``dateutil`` (ordinals, commas,
weekday names, "Apr,12/2021", ISO stamps); the pattern guarantees a day and a month, and a year
exactly when the span holds four digits.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil import parser as dateutil_parser

from diplokg.loaders.dates import Reference

_MONTH = (r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
_WEEKDAY = r"(?i:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)(?i:day)?\b\.?"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d\d\b"
# one calendar date as pages print it; the year is optional ("Mar 14", "Oct. 2")
DATE_SPAN = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?(?:"
    rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?"
    rf"|{_MONTH}\s*,?\s*{_DAY}(?:\s*[,/]\s*{_YEAR}|\s+{_YEAR})?"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|[0-3]?\d/[01]?\d/{_YEAR})")
_SENTINEL = dt.datetime(1904, 1, 1)  # a leap year: "29 February" with no year still parses
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
_YEAR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class PageDate:
    """A calendar date printed on the page, with what kind of place it was printed in."""

    day: int
    month: int
    year: int | None  # None: the page gave no year ("Lima, Mar 14")
    start: int
    end: int
    source: str  # page-date | dateline | labelled | head-stamp | site-header | body | caption

    def on(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None


def parse_span(text: str, start: int, end: int, source: str) -> PageDate | None:
    """The date printed in ``text[start:end]`` (a match of :data:`DATE_SPAN`), or None."""
    fields = _fields(text[start:end])
    return PageDate(*fields, start, end, source) if fields else None


@lru_cache(maxsize=4096)
def _fields(span: str) -> tuple[int, int, int | None] | None:
    """(day, month, year) of a date span; every form :data:`DATE_SPAN` accepts has a day and a
    month, and a year exactly when it holds four digits."""
    if _ISO.fullmatch(span):
        try:
            day = dt.date.fromisoformat(span)
        except ValueError:
            return None
        return day.day, day.month, day.year
    try:
        # "05/06/2024" is the 5th of June: pages outside the United States write the day first,
        # and American ones spell the month out
        parsed = dateutil_parser.parse(span, default=_SENTINEL, dayfirst=True)
    except (ValueError, OverflowError):
        return None
    return parsed.day, parsed.month, (parsed.year if _YEAR_DIGITS.search(span) else None)


def find_page_dates(text: str, start: int, end: int, source: str) -> list[PageDate]:
    out = []
    for m in DATE_SPAN.finditer(text, start, end):
        d = parse_span(text, m.start(), m.end(), source)
        if d is not None:
            out.append(d)
    return out


# Ranks: a smaller number wins. A dateline is the desk's own statement of when the story was
# filed; a page's publication stamp (the collection's date line, a labelled "Published"/"Updated"
# stamp, a byline date) says when it went out; an unlabelled date line under the headline is
# usually the same; a date line above the headline is often the site's header (today's date when
# the page was saved), the weakest.
_RANK = {"dateline": 0, "page-date": 1, "labelled": 1, "head-stamp": 2, "site-header": 3}


def choose_reference(stamps: list[PageDate], dateline: PageDate | None,
                     body: list[PageDate], captions: list[PageDate]) -> Reference | None:
    """The reference date of an article, by these rules in order:

    1. a dateline with a full date ("LIMA, 3 May 2022:"): the story's own date;
    2. a year-less dateline ("Lima, Mar 14:") takes the year of the best publication
       stamp, the one that puts it nearest on or before the stamp;
    3. the best publication stamp by rank (page date and labelled stamps, then a date line under
       the headline, then a site header; the first of equal rank); a site header more than a
       year after every year the body writes is the day the page was saved, not the story's;
    4. no publication date at all: the latest full date the body (else a caption) gives of
       something that happened (not one a plan looks forward to), as an *event* anchor: a weekday is read as the nearest such day to it, and words that need
       the day of writing ("yesterday", "this week") stay unresolved.
    """
    full = sorted((s for s in stamps if s.year is not None), key=lambda s: (_RANK[s.source], s.start))
    body_years = [d.year for d in body if d.year is not None]
    full = [s for s in full if not (s.source == "site-header" and body_years and s.year > max(body_years) + 1)]
    if dateline is not None and dateline.year is not None and dateline.on():
        return Reference(dateline.on(), "publication", "dateline")
    if dateline is not None and full:
        day = nearest_before(dateline, full[0].on())
        if day is not None:
            return Reference(day, "publication", "dateline+" + full[0].source)
    if full and full[0].on():
        return Reference(full[0].on(), "publication", full[0].source)
    for told in (body, captions):
        days = [d for d in told if d.year is not None and d.on()]
        if days:  # the latest: earlier dates are the background of the news ("relations since ...")
            latest = max(days, key=lambda d: d.on())
            return Reference(latest.on(), "event", latest.source)
    return None


def nearest_before(partial: PageDate, stamp: dt.date | None) -> dt.date | None:
    """The year that puts a year-less date nearest on or before ``stamp`` (a dateline is not
    dated after the page that prints it, give or take a day of time zones)."""
    if stamp is None:
        return None
    best = None
    for year in (stamp.year + 1, stamp.year, stamp.year - 1):
        day = partial.on(year)
        if day is not None and day <= stamp + dt.timedelta(days=1):
            if best is None or day > best:
                best = day
    return best
