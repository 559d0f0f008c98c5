"""Attribute the scorer's missed and invented tuples to causes (issue 10's list), by rule.

    python bench/error_causes.py ../shared/corpus/real --texts .real-texts [--per-article]

Runs the shared scorer's matching in one process (as bench/score_fast.py does) and puts every
missed (gold) and invented (reported) tuple under one cause, by these rules, first match wins:

7 modality       an invented tuple that belongs to a gold not_event (dates ignored)
1 reference date a missed and an invented tuple equal but for a date, in an article whose
                 reference date (the extractor's) is not the gold `published`
2 event date     the same pair where the reference date is right; or a missed visit start/end
3 repeated lead  an invented undated meeting tuple that equals a gold one but for the date
5 states/orgs    a party or state field (meeting party, post state, visit host) wrong
9 name variants  a person field whose counterpart shares a name token but is not the same person
4 posts          any other positions error
6 triggers       any other meetings/visits error (event or participant missed or invented)
8 instruments    agreements, dialogues, relations
m missions       missions

A rough attribution, the same every time: it is for comparing before and after, not a proof.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from score_fast import load_scorer, run_in_process

ROOT = Path(__file__).resolve().parents[1]
CAUSES = {"1": "reference date", "2": "event date", "3": "headline/caption repeats", "4": "posts",
          "5": "states/organisations", "6": "triggers/participants", "7": "modality",
          "8": "agreements/dialogues/relations", "9": "name variants", "m": "missions"}
DATE_FIELDS = {"date", "start", "end", "established"}


def undated(t):
    return tuple((f, None) if f in DATE_FIELDS else (f, v) for f, v in t)


def reference_date(text: str) -> str | None:
    from diplokg.loaders.pipeline import extract
    from diplokg.loaders.sources import SourceText

    facts = extract(SourceText(key="causes", location="causes", text=text)).facts
    return facts.published


def attribute(score, category, missed, extra, gold, ref_ok):
    out = []  # (cause, "missed"|"extra", tuple)
    missed, extra = list(missed), list(extra)
    nots = [undated(b) for ne in gold.get("not_events", []) if isinstance(ne, dict) and ne.get("category") == category
            for b in score.gold_tuples(category, ne)]
    for p in list(extra):
        if any(score.tuple_match(b, p, wildcard=True) for b in nots):
            out.append(("7", "extra", p))
            extra.remove(p)
    for g in list(missed):
        for p in extra:
            if any(f in DATE_FIELDS for f, _ in g) and score.tuple_match(undated(g), undated(p), wildcard=True):
                cause = "2" if ref_ok else "1"
                out += [(cause, "missed", g), (cause, "extra", p)]
                missed.remove(g)
                extra.remove(p)
                break
    gold_all = [t for r in gold.get(category, []) for t in score.gold_tuples(category, r)]
    for p in list(extra):
        if category == "meetings" and dict(p).get("date") is None and any(
                score.tuple_match(undated(g), p, wildcard=True) for g in gold_all):
            out.append(("3", "extra", p))
            extra.remove(p)
    for side, items, others in (("missed", missed, extra), ("extra", extra, missed)):
        for t in items:
            out.append((_by_field(score, category, t, others), side, t))
    return out


def _by_field(score, category, t, others):
    fields = dict(t)
    if category in ("agreements", "dialogues", "relations"):
        return "8"
    if category == "missions":
        return "m"
    if category == "visits" and ("start" in fields or "end" in fields):
        return "2"
    person = fields.get("person")
    if person:
        for o in others:
            op = dict(o).get("person")
            if op and not score.same_person(person, op) and score.tokens(person, score.HONORIFICS) & score.tokens(op, score.HONORIFICS):
                return "9"
        if category in ("positions", "visits") and any(
                dict(o).get("person") and score.same_person(person, dict(o)["person"]) and dict(o).get("state") != fields.get("state")
                for o in others):
            return "5"
    if "party" in fields:
        return "5"
    return "4" if category == "positions" else "6"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--texts", type=Path)
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--json", type=Path, help="also write every attributed tuple here")
    a = ap.parse_args(argv)
    score = load_scorer()
    score.run = run_in_process
    counts = collections.Counter()
    records = []
    for folder in a.folders:
        for gold_file in sorted(folder.glob("*.json")):
            txt = gold_file.with_suffix(".txt")
            if not txt.exists() and a.texts:
                txt = a.texts / txt.name
            if not txt.exists():
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            gold["positions"] = [r for r in gold.get("positions", []) if r.get("position") != "Other"]
            text = txt.read_text(encoding="utf-8")
            ref = reference_date(text)
            ref_ok = (ref or None) == (gold.get("published") or None)
            missed, extra = _errors(score, txt, gold)
            article = collections.Counter()
            for c in score.CATEGORIES:
                for cause, side, t in attribute(score, c, missed[c], extra[c], gold, ref_ok):
                    counts[(cause, side)] += 1
                    article[(cause, side)] += 1
                    records.append({"article": txt.stem, "category": c, "cause": cause, "side": side,
                                    "tuple": score.fmt(t)})
            if a.per_article:
                detail = ", ".join(f"{k}:{article[(k, 'missed')]}/{article[(k, 'extra')]}" for k in CAUSES
                                   if article[(k, "missed")] or article[(k, "extra")])
                print(f"{txt.stem}  ref {ref} gold {gold.get('published')}  {detail}")
    print(f"\n{'cause':<36}{'missed':>8}{'invented':>10}")
    for k, name in CAUSES.items():
        print(f"{k + ' ' + name:<36}{counts[(k, 'missed')]:>8}{counts[(k, 'extra')]:>10}")
    print(f"{'all':<36}{sum(v for (k, s), v in counts.items() if s == 'missed'):>8}"
          f"{sum(v for (k, s), v in counts.items() if s == 'extra'):>10}")
    if a.json:
        a.json.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _errors(score, txt, gold):
    import tempfile

    missed, extra = {}, {}
    with tempfile.TemporaryDirectory() as store:
        score.run(None, ["ingest", "--store", store, str(txt)], None)
        for c in score.CATEGORIES:
            q = score.run(None, ["query", score.QUERY_OF[c], "--store", store, "--format", "json"], None)
            rows = json.loads(q.stdout)["results"]["bindings"] if q.returncode == 0 else []
            pred = score.predicted_tuples(c, rows)
            g = score.dedupe([t for r in gold.get(c, []) for t in score.gold_tuples(c, r)])
            _, m, e = score.match(g, pred)
            allowed = [t for r in score.optional_records(gold, c) for t in score.gold_tuples(c, r)]
            extra[c] = [t for t in e if not any(score.tuple_match(o, t, wildcard=True) for o in allowed)]
            missed[c] = m
    return missed, extra


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    sys.exit(main(sys.argv[1:]))
