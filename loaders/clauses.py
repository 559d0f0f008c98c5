"""What the fact rules ask of a sentence: its dates, places, persons and states within a span."""
from __future__ import annotations

import re
from dataclasses import dataclass

from diplokg.loaders.dates import DateMention, find_dates, offset_from
from diplokg.loaders.facts import Evidence, Place
from diplokg.loaders.gazetteer import gazetteer
from diplokg.loaders.tokens import phrase_key
from diplokg.loaders.linking import Doc

_PLACE_WORDS = re.compile(r"\b(?i:in|at|on|near|to|from|visited)\s+(?i:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}$"
                          r"|\b(?i:in|at)\s+the\s+(?:[\w'’-]+\s+){0,3}(?:city|town|port) of\s+$")  # "in the southern city of X"
# "the San Carlos Palace": a city name inside a building's name is not where something happened
_BUILDING = re.compile(r"\s+(?:Palace|Hotel|House|Hall|Airport|University|Street|Square|Avenue|Road|Centre|Center|Tower|"
                       r"Stadium|Park|Bridge|Castle|Mosque|Cathedral|Temple|Guesthouse|Club|Hospital|Convention|Port)\b")
# "the ambassador, resident in Canberra, paid a call": where an envoy lives, not where the event was
_RESIDENT = re.compile(r"\b(?:resident|residing|based|stationed|posted)\s+(?:in|at)\s+(?:the\s+)?$", re.I)
_ISLAND = re.compile(r"\b(?:on|in)\s+([A-Z][a-z]+)\s+(?:island|province|region)\b")
_CAPITAL = re.compile(r"\bthe\s+([A-Z][\w'’-]+)\s+capital\b")
_FUTURE = re.compile(r"\b(?:will|is due|are due|is expected|are expected|plans?|scheduled|next)\b", re.I)


_BACKGROUND = re.compile(r"\b(?:had been|had already|since|ago|last met|due to|expected|will|would|planned)\b", re.I)


@dataclass
class Cursor:
    """Per-article state shared by the rules: sentence dates and the narrative date."""

    doc: Doc
    dates: list[list[DateMention]]
    narrative: list[str | None]  # the date of the story told before sentence i

    @classmethod
    def of(cls, doc: Doc) -> "Cursor":

        dates = []
        ref = doc.reference or doc.ref_date
        for s in doc.sentences:
            past = find_dates(s.text, ref, future=False)
            if not _FUTURE.search(s.text):
                dates.append(past)
                continue
            future = {(d.start, d.end): d for d in find_dates(s.text, ref, future=True)}
            chosen = []
            for d in past:
                # the comma-delimited stretch around the date decides its tense
                lo = max(s.text.rfind(",", 0, d.start), s.text.rfind(";", 0, d.start)) + 1
                nxt = [p for p in (s.text.find(",", d.end), s.text.find(";", d.end)) if p >= 0]
                hi = min(nxt) if nxt else len(s.text)
                chosen.append(future.get((d.start, d.end), d) if _FUTURE.search(s.text[lo:hi]) else d)
            dates.append(chosen)
        cleaned = []
        for i, ds in enumerate(dates):
            keep = ds
            dl = doc.dateline
            s = doc.sentences[i]
            if dl and s.start <= dl.start < s.end:
                # the dateline dates the report, not an event: the story starts on its date
                # (the narrative below), and "yesterday" in its sentence dates the event
                keep = [d for d in keep if not (s.start + d.start < dl.end)]
            cleaned.append(keep)
        cur = cls(doc, cleaned, [])
        dated_dateline = doc.reference is not None and doc.reference.rule.startswith("dateline")
        current = doc.ref_date.isoformat() if dated_dateline else None
        for i in range(len(doc.sentences)):
            cur.narrative.append(current)
            if doc.sentences[i].role == "caption":
                continue  # a caption's date is its own photo's, not the story's
            later = offset_from(doc.sentences[i].text, current)
            if later is not None:  # "Two weeks later, ...": counted from the story's last date
                cur.dates[i] = sorted(cur.dates[i] + [later], key=lambda d: d.start)
            value = cur.sentence_date(i)
            if value and not (current and current.startswith(value)):
                # a bare earlier year ("a negotiation that began in 1951") is background, not the story
                if not (current and len(value) < len(current) and value[:4] < current[:4]):
                    current = value
        return cur

    def sentence_date(self, i: int) -> str | None:
        """The date of what sentence i tells, leaving out background, planned and denied clauses."""
        from diplokg.loaders.modality import clause_bounds, is_unreal

        text = self.doc.sentences[i].text
        for d in self.dates[i]:
            if d.anaphoric or not d.value:
                continue
            lo, hi = clause_bounds(text, d.start, d.end)
            if _BACKGROUND.search(text[lo:hi]) or is_unreal(text, d.start, d.end):
                continue
            if d.end_value:
                return d.value[:7] if d.value[:7] == d.end_value[:7] else d.value[:4]
            return d.value
        return None

    def evidence(self, i: int) -> Evidence:
        s = self.doc.sentences[i]
        return Evidence(s.start, s.end, s.text)

    def dates_in(self, i: int, lo: int = 0, hi: int | None = None) -> list[DateMention]:
        hi = len(self.doc.sentences[i].text) if hi is None else hi
        return [d for d in self.dates[i] if lo <= d.start and d.end <= hi]

    def in_dateline(self, i: int) -> bool:
        dl = self.doc.dateline
        s = self.doc.sentences[i]
        return bool(dl and s.start <= dl.start < s.end)

    def agents_between(self, i: int, lo: int, hi: int, *, cities: bool = False) -> list[str]:
        s = self.doc.sentences[i]
        out: list[str] = []
        for a in self.doc.agent_refs[i]:
            if (cities or a.how != "city") and s.start + lo <= a.start and a.end <= s.start + hi and a.agent not in out:
                out.append(a.agent)
        return out

    def place_in(self, i: int, lo: int = 0, hi: int | None = None,
                 skip: list[tuple[int, int]] = ()) -> Place | None:
        """A city named after in/at/on in the span, "the Chinese capital", "on Hainan island"."""
        s = self.doc.sentences[i]
        hi = len(s.text) if hi is None else hi
        if skip:
            for a, b in skip:
                if a <= lo < b:
                    lo = b
            cut = [a for a, b in skip if lo < a < hi]
            if cut:  # look in the part before the first skipped span, then after it
                return self.place_in(i, lo, min(cut)) or self.place_in(i, max(b for a, b in skip if a in cut), hi)
        g = gazetteer()
        for a in self.doc.agent_refs[i]:
            rel = a.start - s.start
            if a.how == "city" and lo <= rel < hi and _PLACE_WORDS.search(s.text[max(0, rel - 40):rel]) \
                    and not _RESIDENT.search(s.text[max(0, rel - 40):rel]) \
                    and not re.match(r"['’]s\b", s.text[a.end - s.start:a.end - s.start + 2]) \
                    and not _BUILDING.match(s.text[a.end - s.start:]):
                return Place(a.place or "", a.agent)
        span = s.text[lo:hi]
        if re.search(r"\bin the capital\b", span) and self.doc.dateline and self.doc.dateline.place:
            from diplokg.loaders.tokens import phrase_key

            for e in g.lookup(phrase_key(self.doc.dateline.place)):
                if e.kind == "city":
                    return Place(e.label, e.extra)
        m = _CAPITAL.search(span)
        if m:
            for e in g.lookup((m.group(1).lower(),)):
                if e.kind in ("demonym", "state") and e.key in g.capitals:
                    return Place(g.capitals[e.key], e.key)
        m = _ISLAND.search(span)
        if m:
            return Place(m.group(1), None)
        # "in Lausanne" for a town the gazetteer does not hold: a capitalised word after "in"
        for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?)\b", span):
            word = m.group(1)
            if not g.lookup(tuple(w.lower() for w in word.split())) and word.split()[0].lower() not in _NOT_PLACE:
                return Place(word, None)
        return None

    def state_place(self, agent: str) -> Place:
        return Place(gazetteer().state_labels.get(agent, agent), agent, is_state=True)


_NOT_PLACE = {"the", "this", "that", "his", "her", "their", "its", "a", "an", "january", "february", "march", "april",
              "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "principle", "person", "addition", "response",
              "protest", "particular", "order", "part", "front", "line", "favour", "favor", "charge", "office", "power",
              "talks", "recent", "future", "general", "total", "full", "private", "public", "turn", "fact", "kind"}


def iso_precision(value: str | None, *, month_only: bool = False) -> str | None:
    if value and month_only and len(value) == 10:
        return value[:7]
    return value


def dateline_place(doc: Doc) -> Place | None:
    """The dateline's place as the gazetteer knows it: a city (with its state), else a state;
    a place it does not know keeps the dateline's words and the dateline's state."""
    if not doc.dateline or doc.dateline.place is None:
        return None
    for e in gazetteer().lookup(phrase_key(doc.dateline.place)):
        if e.kind == "city":
            return Place(e.label, e.extra)
        if e.kind == "state":
            return Place(e.label, e.key, is_state=True)
    return Place(doc.dateline.place.title(), doc.dateline_agent)
