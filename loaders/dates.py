"""Dates in text: absolute ("26 July 2022", "Sept. 15, 2020"), partial ("February", "2019",
"October 2018"), ranges ("21-23 February 2011", "March 19-20", "from 17 to 20 February") and
relative ones ("on Tuesday", "yesterday", "last year", "earlier this month"), resolved against
the article's reference date (its dateline) at the precision the text gives.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_M = (r"(?P<{n}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
      r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_D = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{n}>1[89]\d\d|20\d\d)"
_DASH = r"\s*(?:-|–|—|to|and|until|till)\s*"


def _p(template: str, **names: str) -> str:
    for key, name in names.items():
        template = template.replace("{" + key + "}", name)
    return template


_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 21-23 February 2011 ; from 17 to 20 February [1965]
    ("dd_month", re.compile(r"(?:from\s+|between\s+)?" + _D.format(n="d1") + _DASH + _D.format(n="d2") + r"\s+"
                            + _M.format(n="m") + r"(?:,?\s+" + _Y.format(n="y") + r")?\b")),
    # March 19-20[, 2022]
    ("month_dd", re.compile(_M.format(n="m") + r"\s+" + _D.format(n="d1") + _DASH + _D.format(n="d2")
                            + r"\b(?:,?\s+" + _Y.format(n="y") + r")?\b")),
    # 26 July 2022 ; 24th July 2021 ; 2 April
    ("d_month", re.compile(r"\b" + _D.format(n="d") + r"\s+(?:of\s+)?" + _M.format(n="m")
                           + r"(?:,?\s+" + _Y.format(n="y") + r")?\b")),
    # July 26, 2022 ; Sept. 15, 2020 ; Aug. 13
    ("month_d", re.compile(r"\b" + _M.format(n="m") + r"\s+" + _D.format(n="d") + r"\b(?!\s*(?:-|–)\s*\d)"
                           r"(?:(?:st|nd|rd|th))?(?:,?\s+" + _Y.format(n="y") + r")?\b")),
    # October 2018 ; in February
    ("month_y", re.compile(r"\b" + _M.format(n="m") + r"(?:,?\s+(?:of\s+)?" + _Y.format(n="y") + r")\b")),
    ("month", re.compile(r"\b(?:in|since|until|by|during|of|last|this|next|early|late|mid-?)\s+(?P<m>January|February|March|"
                         r"April|June|July|August|September|October|November|December)\b(?!\s+\d)")),
    ("year", re.compile(r"\b(?:in|since|of|from|until|by|during)\s+(?:the\s+(?:year|spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?"
                        + _Y.format(n="y") + r"\b(?!\s*(?:-|–)\s*\d)")),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|next|this|on|from|by|until)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)\b(?:\s*,\s*(?=\d))?")),
    ("relative", re.compile(r"\b(?P<rel>(?:earlier|later) (?:today|in the day)|today|this morning|this afternoon|this evening|tonight|yesterday|tomorrow|"
                            r"earlier (?:this|in the) (?:month|week)|earlier this year|last (?:week|month|year)|"
                            r"this (?:week|month|year)|next (?:week|month|year)|later (?:this|in the) (?:week|month|year)|"
                            r"the same day|that day|later that day|the same morning|the following day|the next day|"
                            r"the day before|the previous day|in the (?:morning|afternoon|evening))\b", re.I)),
]


# What a match of each pattern above must contain (the patterns are case-sensitive except
# "relative"): most sentences have no digit, no month and no weekday, and then the scans
# of those patterns are skipped.
_DIGIT = re.compile(r"\d")
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NEEDS = {"dd_month": ("digit", "month"), "month_dd": ("digit", "month"), "d_month": ("digit", "month"),
          "month_d": ("digit", "month"), "month_y": ("digit", "month"), "month": ("month",), "year": ("digit",),
          "weekday": ("day",), "relative": ()}


@dataclass(frozen=True)
class Reference:
    """The date an article's relative expressions are read against.

    ``kind`` says what that date is: ``publication`` (when the story was written: a dateline
    or the page's stamp; "on Monday" is the last Monday up to it, "yesterday" the day before)
    or ``event`` (the date of one event the page tells, when the page shows no date of its own:
    a weekday is the nearest such day to it, before or after).
    """

    day: dt.date
    kind: str  # "publication" | "event"
    rule: str  # which rule chose it (stamps.choose_reference)


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the sentence text
    end: int
    text: str
    value: str | None  # ISO 8601 at the precision given (YYYY, YYYY-MM, YYYY-MM-DD)
    end_value: str | None = None  # for ranges
    relative: bool = False
    anaphoric: bool = False  # "that day", "the same day": the date of the event just told


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def _year_for(month: int, day: int | None, ref: dt.date | None, future: bool) -> int | None:
    """The year of a month (and day) given without one: the one nearest the reference date,
    in the past unless the clause speaks of the future."""
    if ref is None:
        return None
    y = ref.year
    probe = dt.date(y, month, min(day or 1, 28))
    if future and probe < ref.replace(day=1) - dt.timedelta(days=31):
        return y + 1
    if not future and probe > ref + dt.timedelta(days=31):
        return y - 1
    return y


def find_dates(sentence: str, ref: dt.date | Reference | None, *, future: bool = False) -> list[DateMention]:
    """Every date expression in ``sentence``, resolved against ``ref`` (may be None).

    A bare ``date`` (or a ``publication`` reference) is the day of writing: "on Monday" is the
    last Monday up to it. An ``event`` reference is the date of one event the page tells: a
    weekday is read as the nearest such day to it, before or after.
    """
    anchor = isinstance(ref, Reference) and ref.kind == "event"
    if isinstance(ref, Reference):
        ref = ref.day
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    present = {"digit": _DIGIT.search(sentence) is not None,
               "month": any(stem in sentence for stem in _MONTH_STEMS),
               "day": "day" in sentence}  # Monday ... Sunday
    for kind, pattern in _PATTERNS:
        if not all(present[need] for need in _NEEDS[kind]):
            continue
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            mention = _resolve(kind, m, ref, future, anchor)
            if mention is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(mention)
    out.sort(key=lambda d: d.start)
    # "on Friday, 4 March 2022", "Sunday 12 June": the weekday only repeats the date after it
    out = [d for d in out if not (_WEEKDAY_ONLY.search(d.text) and any(
        0 <= o.start - d.end <= 3 and not _WEEKDAY_ONLY.search(o.text) for o in out))]
    return _spans(sentence, out)


_WEEKDAY_ONLY = re.compile(r"^(?:\w+\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day[,\s]*$")
_SPAN_OPEN = re.compile(r"\b(?:from|between)\s+$", re.I)
_SPAN_JOIN = re.compile(r"\s*(?P<word>to|until|till|through|and|-|–)\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?$",
                        re.I)


def _spans(sentence: str, dates: list[DateMention]) -> list[DateMention]:
    """"from Monday to June 9", "between 3 May and 5 May": two days that bound one stretch;
    "on Monday 2nd May and Friday 6th May": the days of one event, told as a stretch."""
    out: list[DateMention] = []
    for d in dates:
        prev = out[-1] if out else None
        join = _SPAN_JOIN.fullmatch(sentence[prev.end:d.start]) if prev is not None else None
        if (join is not None and prev.end_value is None and d.end_value is None and prev.value and d.value
                and len(prev.value) == len(d.value) == 10 and prev.value < d.value
                and (_SPAN_OPEN.search(sentence[max(0, prev.start - 10):prev.start])
                     or prev.text.lower().startswith(("from ", "between "))
                     or (join.group("word").lower() == "and" and prev.value[:7] == d.value[:7]))):
            out[-1] = DateMention(prev.start, d.end, sentence[prev.start:d.end], prev.value, d.value,
                                  relative=prev.relative or d.relative)
            continue
        out.append(d)
    return out


def _resolve(kind: str, m: re.Match, ref: dt.date | None, future: bool, anchor: bool = False) -> DateMention | None:
    g = m.groupdict()
    text = m.group(0)
    month = MONTHS.get((g.get("m") or "").lower().rstrip("."))
    year = int(g["y"]) if g.get("y") else None
    if kind in ("dd_month", "month_dd"):
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d2 < d1:
            return None
        y = year or _year_for(month, d1, ref, future)
        if y is None:
            return None
        return DateMention(m.start(), m.end(), text, _iso(y, month, d1), _iso(y, month, d2), relative=year is None)
    if kind in ("d_month", "month_d"):
        d = int(g["d"])
        if not 1 <= d <= 31:
            return None
        y = year or _year_for(month, d, ref, future)
        if y is None:
            return None
        return DateMention(m.start(), m.end(), text, _iso(y, month, d), relative=year is None)
    if kind == "month_y":
        return DateMention(m.start(), m.end(), text, _iso(year, month))
    if kind == "month":
        lead = text.split()[0].lower()
        if lead == "may":
            return None
        y = None
        if ref is not None:
            if lead == "last":
                y = ref.year if month < ref.month else ref.year - 1
            elif lead == "next":
                y = ref.year if month > ref.month else ref.year + 1
            else:
                y = _year_for(month, None, ref, future)
        if y is None:
            return None
        start = m.start("m")
        return DateMention(start, m.end(), sentence_slice(m, start), _iso(y, month), relative=True)
    if kind == "year":
        start = m.start("y")
        return DateMention(start, m.end(), sentence_slice(m, start), _iso(int(g["y"])))
    if kind == "weekday":
        if ref is None:
            return None
        rel = (g.get("rel") or "").lower()
        wd = WEEKDAYS[g["wd"].lower()]
        back = (ref.weekday() - wd) % 7
        if anchor and rel not in ("last", "next"):
            # the event anchor is one day of the story, not its end: the nearest such weekday
            day = ref - dt.timedelta(days=back if back <= 3 else back - 7)
        elif rel == "last":
            back = back or 7
            day = ref - dt.timedelta(days=back)
        elif rel == "next" or future:
            ahead = (wd - ref.weekday()) % 7
            day = ref + dt.timedelta(days=ahead)
        else:
            day = ref - dt.timedelta(days=back)
        return DateMention(m.start(), m.end(), text, day.isoformat(), relative=True)
    if kind == "relative":
        rel = g["rel"].lower()
        if rel in ("the same day", "that day", "later that day", "the same morning", "in the morning",
                   "in the afternoon", "in the evening"):
            return DateMention(m.start(), m.end(), text, None, relative=True, anaphoric=True)
        if ref is None:
            return None
        value = _relative_value(rel, ref)
        return DateMention(m.start(), m.end(), text, value, relative=True) if value else None
    return None


def sentence_slice(m: re.Match, start: int) -> str:
    return m.string[start:m.end()]


def _relative_value(rel: str, ref: dt.date) -> str | None:
    if rel in ("today", "this morning", "this afternoon", "this evening", "tonight", "earlier today", "later today",
               "earlier in the day", "later in the day"):
        return ref.isoformat()
    if rel == "yesterday":
        return (ref - dt.timedelta(days=1)).isoformat()
    if rel == "tomorrow":
        return (ref + dt.timedelta(days=1)).isoformat()
    if rel in ("earlier this month", "earlier in the month", "this month"):
        return f"{ref.year:04d}-{ref.month:02d}"
    if rel == "last month":
        prev = ref.replace(day=1) - dt.timedelta(days=1)
        return f"{prev.year:04d}-{prev.month:02d}"
    if rel in ("this year", "earlier this year", "later this year", "later in the year"):
        return f"{ref.year:04d}"
    if rel == "last year":
        return f"{ref.year - 1:04d}"
    if rel == "next year":
        return f"{ref.year + 1:04d}"
    if rel in ("last week", "earlier this week", "earlier in the week", "this week"):
        day = ref - dt.timedelta(days=7 if rel == "last week" else 0)
        if rel == "last week":
            return None  # a week spans months; the text gives no usable date
        return f"{day.year:04d}-{day.month:02d}"
    return None


_OFFSET = re.compile(r"\b(?P<n>half a|a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                     r"(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier|afterwards)\b", re.I)
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}


def offset_from(sentence: str, base: str | None) -> DateMention | None:
    """"Half a year later", "two days earlier": the date that far from ``base`` (the date of
    the story told just before), at the precision the unit allows: a day for days and weeks, a
    month for months, a year for years."""
    m = _OFFSET.search(sentence)
    if m is None or base is None:
        return None
    word, unit = m.group("n").lower(), m.group("unit").lower()
    sign = -1 if m.group("dir").lower() == "earlier" else 1
    if word == "half a":
        amount, unit = {"day": (0, "day"), "week": (3, "day"), "month": (15, "day"), "year": (6, "month")}[unit]
        if amount == 0:
            return None
    else:
        amount = int(word) if word.isdigit() else _COUNT.get(word)
    if not amount:
        return None
    precision = {"day": 10, "week": 10, "month": 7, "year": 4}[m.group("unit").lower()]
    if len(base) < precision or (unit in ("day", "week") and len(base) < 10):
        return None
    day = dt.date.fromisoformat(base if len(base) == 10 else base[:7] + "-01" if len(base) == 7 else base + "-01-01")
    if unit in ("day", "week"):
        day += dt.timedelta(days=sign * amount * (7 if unit == "week" else 1))
    else:
        months = sign * amount * (12 if unit == "year" else 1)
        total = day.year * 12 + day.month - 1 + months
        day = day.replace(year=total // 12, month=total % 12 + 1, day=1)
    return DateMention(m.start(), m.end(), m.group(0), day.isoformat()[:precision], relative=True)


def parse_absolute(text: str) -> dt.date | None:
    """A full calendar date ("26 July 2022", "Sept. 15, 2020", "2022-07-26") or None."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for d in find_dates(text, None):
        if d.value and len(d.value) == 10 and not d.relative:
            return dt.date.fromisoformat(d.value)
    return None


def precision_datatype(value: str) -> str:
    """The XSD datatype local name for an ISO value at its precision."""
    return {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
