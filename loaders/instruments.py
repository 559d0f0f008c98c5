"""Agreements: instruments signed, adopted, concluded, issued or renewed, with parties and date.

``instrument_phrases`` finds where a sentence names an instrument; here each is judged: made in
the text (signed, adopted, an item of a list of signed ones, or presupposed: "in the spirit of
the MoU", "under the framework of the action plan"), not planned ("to be signed",
"drafting a roadmap agreement"), its parties and its own date. A later short reference ("The
Joint Communiqué with the Republic of Peru was signed on 2 May") is the instrument told
before, and dates it.
"""
from __future__ import annotations

import re

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.eventdates import during_visit
from diplokg.loaders.facts import AgreementFact
from diplokg.loaders.instrument_phrases import GENERIC, KIND_WORD, PLANNED, Phrase, find_phrases, kind_of
from diplokg.loaders.modality import clause_bounds, is_unreal

SIGN = re.compile(r"\b(?:signed|sign|signing|adopted|concluded|reached|inked|issued|read out|put their names to|"
                  r"carries the signatures|exchanged(?! (?:views|ideas|opinions|greetings|notes on|information))|agreed on|"
                  r"endorsed|renewed|renewal of)\b", re.I)
SIGNED_SET = re.compile(r"\b(?:instruments|texts|documents|agreements|accords)\s+(?:were|have been)\s+(?:signed|adopted|"
                        r"concluded|exchanged)", re.I)
# "signed four cooperation agreements", "the signing of 12 agreements", "three MoUs were signed":
# the items told in the sentences after are among them
ANNOUNCED_SET = re.compile(r"\b(?:agreements|accords|memoranda|mous|documents|instruments|protocols|deals)\b", re.I)
INCLUDES = re.compile(r"\b(?:include|includes|included|including|among them|among which)\b", re.I)
NAMED_AFTER = re.compile(r"\b(?:was|were)\s+(?:reached|concluded|signed|sealed|agreed|adopted)\b", re.I)
PRESUPPOSED = re.compile(r"\b(?:in the spirit of|under the (?:framework|terms|provisions) of|within the framework of|"
                         r"pursuant to|in accordance with|in (?:the )?implementation of|implementing|under)\s+(?:the\s+)?$", re.I)
_NEXT_VERB = re.compile(r"\s(?:and|but|while|before|after)\s+(?:also\s+|then\s+|later\s+)?(?:agreed|decided|discussed|said|"
                        r"will|would|announced|pledged|welcomed|expressed|held|called|noted|stressed|reviewed|committed|"
                        r"met|visited|travell?ed|launched|opened)\b")
_BACKGROUND_DATE = re.compile(r"\b(?:since|proposed|established|founded|launched|ago|first|until|valid)\b[^,;]{0,15}$", re.I)


def extract_agreements(cur: Cursor) -> list[AgreementFact]:
    doc = cur.doc
    found: dict[str, AgreementFact] = {}
    shared_date: set[str] = set()  # keys whose date is that of a set signed together, not their own
    described: dict[str, int] = {}  # key -> sentence, for instruments read from a description
    pending_generic: tuple[int, str] | None = None
    signed_set = -10
    announced: tuple[int, str | None] | None = None  # the last sentence telling a set of signed instruments
    set_signers: list[str] = []  # who signed that set
    listing = False  # in the lines after "the following documents were signed:"
    for i, s in enumerate(doc.sentences):
        text = s.text
        sign = SIGN.search(text)
        if SIGNED_SET.search(text):
            signed_set = i
        listing = listing and (not re.search(r"[.!?]\s*$", text) or re.match(r"\s*(?:\d+[.)]|[-•*–])\s", text) is not None)
        if sign and ANNOUNCED_SET.search(text) and not is_unreal(text, sign.start(), sign.end()):
            announced = (i, cur.sentence_date(i) or cur.narrative[i])
            listing = text.rstrip().endswith(":")
        made_by_list = signed_set >= i - 1 and INCLUDES.search(text) is not None or listing
        phrases = find_phrases(cur, i)
        if not phrases and sign and ANNOUNCED_SET.search(text):
            # "These agreements were signed by A and B": who signed the items told next
            set_signers = _signatories(cur, i, Phrase(sign.start(), sign.start(), "", "")) or set_signers
        for k, p in enumerate(phrases):
            if p.described and p.title.lower() in GENERIC:
                if sign and not any(not q.described or q.title.lower() not in GENERIC for q in phrases):
                    pending_generic = (i, kind_of(p.title))
                continue
            if p.described and re.search(r"\bdraft\b", text[max(0, p.start - 15):p.start]):
                continue
            kind = p.kind
            if kind == "Agreement" and not re.search(KIND_WORD, p.title, re.I) and pending_generic:
                kind = pending_generic[1]
            if pending_generic and not p.described and not re.search(r"(?i)statement|communiqu", p.title):
                kind = pending_generic[1] if kind == "Agreement" else kind
            # the signing verb before the instrument is judged on the words up to the instrument only:
            # "signed X on Saturday, and a Y will be signed in August" leaves X signed
            # ... and the instrument itself on its own stretch, up to the next instrument
            own_stretch = text[:phrases[k + 1].start] if k + 1 < len(phrases) else text
            if is_unreal(own_stretch, p.start, p.end) or (sign and sign.start() < p.start
                                                          and is_unreal(text[:p.end], sign.start(), sign.end())):
                continue
            if PLANNED.search(text[:p.start]) or re.search(r"\bdraft of\s+(?:the\s+)?$", text[max(0, p.start - 15):p.start]):
                continue
            presupposed = PRESUPPOSED.search(text[max(0, p.start - 40):p.start]) is not None
            if not (_was_made(text, p, sign) or made_by_list or presupposed or (p.item and announced)):
                continue
            title = p.title
            if p.described and re.search(r"\b(?:its|their)\s+$", text[max(0, p.start - 6):p.start]):
                title = _of_possessor(text, p) or title
            lo_seg = phrases[k - 1].end if k > 0 else 0
            hi_seg = phrases[k + 1].start if k + 1 < len(phrases) else len(text)
            made_here = bool(sign) or _was_made(text, p, sign) or p.item
            date, own = _agreement_date(cur, i, p, lo_seg, hi_seg, made_here)
            if not own and (p.item or made_by_list) and announced and announced[1]:
                date = announced[1]  # an item of a list signed together: the date they were signed
            reference = _reference(cur, i, p)
            if reference is not None:
                target = _referent(found, kind, reference)
                if target is not None:
                    key_t = next(k2 for k2, f in found.items() if f is target)
                    if own and (target.date is None or key_t in shared_date):
                        target.date = date
                        shared_date.discard(key_t)
                    if cur.evidence(i) not in target.evidence:
                        target.evidence.append(cur.evidence(i))
                    target.signatories += [x for x in _signatories(cur, i, p) if x not in target.signatories]
                    continue
            parties = list(p.parties) or _agreement_parties(cur, i, title, p.start, p.end)
            key = re.sub(r"\W+", " ", title.lower()).strip()
            if key in found:
                f = found[key]
                f.parties.extend(a for a in parties if a not in f.parties)
                continue
            if len(parties) < 2:
                continue
            signers = _signatories(cur, i, p) or (set_signers if p.item or made_by_list else [])
            found[key] = AgreementFact(title, kind, parties, signers, date, [cur.evidence(i)])
            if p.parties or not own:
                shared_date.add(key)
            if p.described:
                described[key] = i
        pending_generic = pending_generic if pending_generic and pending_generic[0] >= i - 1 else None
    # "concluded a long-term agreement on X ... The Comprehensive Framework Accord was reached":
    # a described deal followed at once by a named one "reached" or "signed" is that one
    for key, i in described.items():
        nxt = [f for k, f in found.items() if k not in described and any(
            e.start >= doc.sentences[i].start and e.start <= doc.sentences[min(i + 1, len(doc.sentences) - 1)].end
            for e in f.evidence) and NAMED_AFTER.search(f.evidence[0].text)]
        if nxt:
            named = nxt[0]
            if named.kind in ("Agreement", "Action Plan"):
                named.kind = found[key].kind  # what the text calls it: "a long-term agreement"
            named.date = named.date or found[key].date
            del found[key]
    return list(found.values())


_SIGNED_BY = re.compile(r"\b(?:signed|initialled|inked|renewed)\s+(?:[\w,]+\s+){0,5}?(?:by|between)\s+", re.I)
_SIGNERS_VERB = re.compile(r"\b(?:signed|initialled|inked|renewed)\b", re.I)


def _signatories(cur: Cursor, i: int, p: Phrase) -> list[str]:
    """Who put their names to it: "signed by A and B", "was signed between A, the X, and B", or the
    persons who are the subject of "signed" just before it ("A and B signed an MoU") — not those
    in whose presence it was signed."""
    doc = cur.doc
    s = doc.sentences[i]
    text = s.text
    lo, hi = clause_bounds(text, p.start, p.end)
    by = _SIGNED_BY.search(text, p.start, hi) or _SIGNED_BY.search(text, lo, p.start)
    if by:
        stop = re.search(r"[;]|\b(?:in the presence of|witnessed by|while|after|before|during|following)\b", text[by.end():])
        span = (by.end(), by.end() + (stop.start() if stop else len(text)))
    else:
        verb = None
        for verb in _SIGNERS_VERB.finditer(text, lo, p.start):
            pass
        if verb is None or re.search(r"\b(?:witnessed|presence|attended|oversaw|chaired)\b", text[lo:verb.start()]):
            return []
        before = [r for r in doc.person_refs[i] if lo <= r.start - s.start and r.end - s.start <= verb.start()]
        if not before or not re.fullmatch(r"[\s,]*(?:(?:also|jointly|then|formally|officially|have|has|had)\s+)*",
                                          text[before[-1].end - s.start:verb.start()]):
            return []  # "during the visit of A, the two sides signed": the sides signed, not A
        span = (lo, verb.start())
    out = []
    for r in doc.person_refs[i]:
        rel = r.start - s.start
        person = doc.persons[r.person]
        if not (person.roles or len(person.name.split()) >= 2):
            continue  # a stray capitalised word is no signatory
        if span[0] <= rel < span[1] and r.how == "name" and r.person not in out \
                and not re.search(r"\b(?:presence of|witnessed by|visit of|invitation of|with|to|from)\s+(?:\w+\s+){0,3}$",
                                  text[max(0, rel - 40):rel]):
            out.append(r.person)
    return out if len(out) <= 4 else []


def _of_possessor(text: str, p: Phrase) -> str | None:
    """"The joint border commission ... issued its final communique": the communique of that body."""
    m = re.match(r"(?:[^.]{0,60}?[—–:]\s+)?(?:The|the)\s+([^,]{3,80}?\b(?:committee|commission|summit|meeting|council|"
                 r"conference|dialogue|consultations))\b", text, re.I)
    return f"{p.title} of the {m.group(1)}" if m and m.end() <= p.start else None


def _reference(cur: Cursor, i: int, p: Phrase) -> list[str] | None:
    """"The Joint Communiqué with the Republic of Peru": only a kind and a party, so it refers
    to an instrument already told (its parties), not a new one."""
    if p.described or p.item or p.parties:
        return None
    s = cur.doc.sentences[i]
    spans = sorted({(a.start - s.start, a.end - s.start, a.agent) for a in cur.doc.agent_refs[i]
                    if s.start + p.start <= a.start and a.end <= s.start + p.end and a.how != "city"}, reverse=True)
    rest = s.text[p.start:p.end]
    for a_start, a_end, _ in spans:
        rest = rest[:a_start - p.start] + " " + rest[a_end - p.start:]
    rest = re.sub(KIND_WORD, " ", rest, flags=re.I)
    words = [w for w in re.findall(r"[\w'’]+", rest.lower())
             if w not in ("the", "with", "between", "and", "of", "republic", "kingdom", "state", "government", "joint")]
    return None if words else list(dict.fromkeys(a for *_, a in spans))


def _referent(found: dict[str, AgreementFact], kind: str, agents: list[str]) -> AgreementFact | None:
    fits = [f for f in found.values() if f.kind == kind and set(agents) <= set(f.parties)]
    if not fits:
        return None
    named = [f for f in fits if agents and all(len(f.parties) == 2 for _ in agents)]
    return (named or fits)[-1]


def _agreement_date(cur: Cursor, i: int, p: Phrase, lo_seg: int, hi_seg: int, made_here: bool) -> tuple[str | None, bool]:
    """The instrument's date and whether it is its own: a date in its own stretch of the clause
    (after it, else just before it), else the clause's, else the story's."""
    text = cur.doc.sentences[i].text
    dates = [d for d in cur.dates_in(i) if d.value and not d.anaphoric and not (p.start <= d.start < p.end)]
    lo, hi = clause_bounds(text, p.start, p.end)
    lo, hi = max(lo, lo_seg), min(hi, hi_seg)
    # "signed an MoU and agreed to hold the next round in 2025": the next verb's date is not its date
    joined = _NEXT_VERB.search(text, p.end, hi)
    hi = joined.start() if joined else hi
    joined_before = [m for m in _NEXT_VERB.finditer(text, lo, p.start)]
    lo = joined_before[-1].end() if joined_before else lo
    after = [d for d in dates if p.end <= d.start < hi and not _BACKGROUND_DATE.search(text[p.end:d.start])]
    # an instrument referred to, not made here, is dated only by what is said of it after its name
    before = [d for d in dates if lo <= d.start < p.start] if made_here else []
    chosen = (after[:1] or before[-1:])
    own = bool(chosen)
    if not chosen and made_here and not joined and not joined_before:
        chosen = [d for d in dates if lo <= d.start < hi][:1] or dates[:1]
    if chosen:
        v = chosen[0]
        date = v.value if not v.end_value else (v.value[:7] if v.value[:7] == v.end_value[:7] else v.value[:4])
    elif made_here:
        # "during the visit the two sides signed ...": the visit's days, else the story's date
        date = during_visit(cur, i, p.start) or cur.narrative[i]
    else:
        date = None  # an instrument referred to ("under the action plan"): the story's date is not its date
    offset = re.search(r"\b(\w+) (months?|years?) (?:after|later)\b", text[:p.start]) or \
        re.search(r"\b(\w+) (months?|years?) (?:after|later)\b", text[p.end:])
    if offset:
        base = chosen[0].value if chosen else cur.narrative[i]
        date = _shift(base, offset.group(1), offset.group(2)) if base else None
    return date, own


def _was_made(text: str, p: Phrase, sign: re.Match | None) -> bool:
    """The instrument is signed, adopted, concluded or reached in this sentence."""
    if sign is not None:
        return True
    return bool(re.search(r"\b(?:was|were) (?:(?:also|jointly) )?(?:reached|signed|adopted|concluded|agreed|issued|renewed)\b",
                          text[p.end:p.end + 60]))


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
