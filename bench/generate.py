"""Deterministic generator of diplomatic-news TEXT articles for the diplokg benchmark.

    python bench/generate.py --size 1000 --out bench/out/corpus-1000.jsonl [--seed 5]

Writes two JSON Lines files:

* ``corpus-N.jsonl``: one article per line, ``{"id", "url", "published", "title", "text"}``
  (the JSON Lines corpus format ``diplokg ingest FILE.jsonl`` reads);
* ``corpus-N.expected.jsonl``: per article, the facts it states (posts, meetings, visits,
  agreements, dialogues, relations, missions) as the saved queries report them, so
  ``bench/run.py`` can check that the answers are right, not only fast.

Properties:

* same ``--seed`` and ``--size`` -> the same bytes; the corpus of size N is the first N
  articles of any larger one (article i depends only on the seed and i, and invented names
  are drawn in first-use order from their own stream);
* entities come from skewed (Zipf-like) pools: a few states and their officials appear in
  thousands of articles, most in few;
* states are real (names, demonyms, capitals); every person name is invented from syllables;
* only phrasings the loaders were checked to extract are used (see ``bench/README.md``).
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import random
import sys
from pathlib import Path

SEED = 5

#: (label, demonym, capital, another city). Real states; capitals and cities the loaders'
#: gazetteer resolves. Order is the popularity rank (Zipf): the first appear most.
STATES = [
    ("Japan", "Japanese", "Tokyo", "Osaka"),
    ("China", "Chinese", "Beijing", "Shanghai"),
    ("India", "Indian", "New Delhi", "Mumbai"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi"),
    ("Germany", "German", "Berlin", "Munich"),
    ("France", "French", "Paris", "Marseille"),
    ("Brazil", "Brazilian", "Brasília", "Rio de Janeiro"),
    ("Turkey", "Turkish", "Ankara", "Istanbul"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya"),
    ("Egypt", "Egyptian", "Cairo", "Giza"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Jeddah"),
    ("South Korea", "South Korean", "Seoul", "Busan"),
    ("Italy", "Italian", "Rome", "Milan"),
    ("Spain", "Spanish", "Madrid", "Zaragoza"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos"),
    ("Australia", "Australian", "Canberra", "Melbourne"),
    ("Canada", "Canadian", "Ottawa", "Toronto"),
    ("Argentina", "Argentine", "Buenos Aires", "Mendoza"),
    ("South Africa", "South African", "Pretoria", "Johannesburg"),
    ("Iran", "Iranian", "Tehran", "Isfahan"),
    ("Vietnam", "Vietnamese", "Hanoi", "Haiphong"),
    ("Thailand", "Thai", "Bangkok", "Chiang Mai"),
    ("Malaysia", "Malaysian", "Kuala Lumpur", "Johor Bahru"),
    ("Bangladesh", "Bangladeshi", "Dhaka", "Khulna"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Poland", "Polish", "Warsaw", "Kraków"),
    ("Netherlands", "Dutch", "Amsterdam", "Rotterdam"),
    ("Sweden", "Swedish", "Stockholm", "Gothenburg"),
    ("Norway", "Norwegian", "Oslo", "Bergen"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Samarkand"),
    ("Iraq", "Iraqi", "Baghdad", "Mosul"),
    ("Jordan", "Jordanian", "Amman", "Zarqa"),
    ("Qatar", "Qatari", "Doha", "Ar Rayyān"),
    ("Oman", "Omani", "Muscat", "Sohar"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "Kandy"),
    ("Nepal", "Nepali", "Kathmandu", "Pokhara"),
    ("Philippines", "Filipino", "Manila", "Cebu City"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Dire Dawa"),
    ("Ghana", "Ghanaian", "Accra", "Kumasi"),
    ("Morocco", "Moroccan", "Rabat", "Casablanca"),
    ("Tunisia", "Tunisian", "Tunis", "Sfax"),
    ("Algeria", "Algerian", "Algiers", "Oran"),
    ("Chile", "Chilean", "Santiago", "Valparaíso"),
    ("Peru", "Peruvian", "Lima", "Arequipa"),
    ("Colombia", "Colombian", "Bogotá", "Medellín"),
    ("Venezuela", "Venezuelan", "Caracas", "Maracaibo"),
    ("Cuba", "Cuban", "Havana", "Santiago de Cuba"),
    ("Finland", "Finnish", "Helsinki", "Tampere"),
    ("Austria", "Austrian", "Vienna", "Graz"),
    ("Belgium", "Belgian", "Brussels", "Antwerp"),
    ("Portugal", "Portuguese", "Lisbon", "Porto"),
    ("Greece", "Greek", "Athens", "Thessaloníki"),
    ("Hungary", "Hungarian", "Budapest", "Debrecen"),
    ("Romania", "Romanian", "Bucharest", "Cluj-Napoca"),
    ("Kazakhstan", "Kazakh", "Astana", "Almaty"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja"),
    ("Mongolia", "Mongolian", "Ulaanbaatar", "Ulaanbaatar"),
    ("Zambia", "Zambian", "Lusaka", "Kitwe"),
    ("Zimbabwe", "Zimbabwean", "Harare", "Bulawayo"),
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

#: Syllables for invented names (checked not to form titles, states, cities or months).
_ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
           "kr", "tr", "sh", "th"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_CODAS = ["", "", "", "n", "l", "r", "s", "k"]
#: tokens a generated name must not be (lower case): words the loaders read as something else
BLOCKED_TOKENS = {
    "king", "queen", "emir", "amir", "sultan", "premier", "chancellor", "president", "minister",
    "may", "march", "june", "july", "august", "said", "sir", "lord", "dame", "the", "and", "her",
    "his", "him", "san", "santa", "saint", "fort", "port", "new", "north", "south", "east",
    "west", "foreign", "state", "general", "consul", "envoy", "prime", "vice", "deputy",
}

FILLERS = [
    "Both officials reiterated the mutual commitment to promote the ties between the two countries further.",
    "The two sides discussed ways to expand trade and investment.",
    "They exchanged views on regional and international issues of mutual interest.",
    "Both sides expressed satisfaction with the steady growth of cooperation in education and culture.",
    "The talks were held in a warm and friendly atmosphere.",
]
PARTNERSHIP = ["Strategic", "Comprehensive", "Economic", "Global", "Enhanced", "Special", "Cultural",
               "Maritime", "Digital", "Green"]

#: dialogue phrasings and what the saved ``dialogues`` query reports for them: (sentence template,
#: name, topics). Only name, party and topic are checked (see bench/README.md).
DIALOGUES = [
    ("{a} and {b} hold Annual Bilateral Political Consultations at the Foreign Secretary level.",
     "Annual Bilateral Political Consultations", ["Political"]),
    ("{a} and {b} also hold a Strategic Dialogue at the Vice-Ministerial level.",
     "Strategic Dialogue", []),
    ("{a} and {b} also hold an annual Security Dialogue.", "Security Dialogue", ["Security"]),
]


class Zipf:
    """Draws indexes 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float):
        total = 0.0
        self.cum = []
        for i in range(n):
            total += 1.0 / (i + 1) ** s
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.total)


class Names:
    """Invented person names, unique by name key, drawn in first-use order."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"names-{seed}")
        self.taken: set[tuple[str, ...]] = set()
        self.by_role: dict[tuple, str] = {}

    def _word(self, syllables: int) -> str:
        w = "".join(self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables))
        w += self.rng.choice(_CODAS)
        return w.capitalize()

    def _new(self) -> str:
        while True:
            first = self._word(self.rng.choice([2, 2, 3]))
            last = self._word(self.rng.choice([2, 3, 3]))
            key = tuple(sorted((first.lower(), last.lower())))
            if first.lower() in BLOCKED_TOKENS or last.lower() in BLOCKED_TOKENS or key in self.taken:
                continue
            if first.lower() == last.lower():
                continue
            self.taken.add(key)
            return f"{first} {last}"

    def get(self, role: tuple) -> str:
        """The person holding ``role`` (a tuple such as ("fm", "Japan", 0)); minted on first use."""
        name = self.by_role.get(role)
        if name is None:
            name = self.by_role[role] = self._new()
        return name


def _date(rng: random.Random, y0: int, y1: int) -> tuple[int, int, int]:
    return rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28)


def _written(d: tuple[int, int, int]) -> str:
    return f"{d[2]} {MONTHS[d[1] - 1]} {d[0]}"


def _iso(d: tuple[int, int, int]) -> str:
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def _pair_date(seed: int, a: str, b: str) -> tuple[int, int, int]:
    """The date two states established relations: fixed per pair, whatever article says it."""
    h = int(hashlib.sha256(f"{seed}|{min(a, b)}|{max(a, b)}".encode()).hexdigest(), 16)
    return 1946 + h % 60, 1 + (h >> 8) % 12, 1 + (h >> 16) % 28


class Generator:
    def __init__(self, seed: int = SEED):
        self.seed = seed
        self.names = Names(seed)
        self.states = Zipf(len(STATES), 1.0)
        # officeholders: index 0 is by far the most frequent
        self.office = Zipf(3, 2.0)

    def _person(self, rng, role: str, *key) -> str:
        return self.names.get((role, *key, self.office.draw(rng)))

    def article(self, i: int) -> tuple[dict, dict]:
        """Article ``i``: (the JSON Lines record, its expected facts)."""
        rng = random.Random(f"article-{self.seed}-{i}")
        ai = self.states.draw(rng)
        bi = self.states.draw(rng)
        while bi == ai:
            bi = self.states.draw(rng)
        a, _dem_a, cap_a, city_a = STATES[ai]
        b, dem_b, cap_b, _city_b = STATES[bi]
        fm = self._person(rng, "fm", a)
        amb = self._person(rng, "amb", b, a)
        day = _date(rng, 2000, 2024)
        exp = {"posts": [], "meetings": [], "visits": [], "agreements": [], "dialogues": [],
               "relations": [], "missions": []}
        paras = []

        # 1. the dateline meeting (always)
        paras.append(
            f"{cap_a}, {_written(day)}: {a}'s Foreign Minister {fm} met with the {dem_b} Ambassador "
            f"to {a}, {amb}, at the Ministry of Foreign Affairs in {cap_a}. "
            + rng.choice(FILLERS))
        exp["posts"] += [[fm, "Foreign Minister", a, None], [amb, "Ambassador", b, a]]
        exp["meetings"].append({"kind": "meeting", "date": _iso(day), "place": cap_a,
                                "participants": [[fm, a], [amb, b]], "parties": [a, b]})
        title = f"{a} and {b} discuss closer ties"

        # 2. relations and an embassy
        if rng.random() < 0.4:
            rel = _pair_date(self.seed, a, b)
            paras.append(
                f"{a} and {b} have enjoyed cordial and friendly relations for decades. "
                f"Diplomatic relations started on {_written(rel)}, and {b} opened its embassy in {cap_a}.")
            exp["relations"].append([a, b, _iso(rel)])
            exp["missions"].append(["Embassy", b, cap_a])

        # 3. a visit and a joint statement
        if rng.random() < 0.3:
            pres = self._person(rng, "president", b)
            y, m, d1 = _date(rng, 2000, 2024)
            d1 = min(d1, 25)
            d2 = d1 + rng.randint(1, 3)
            adj = rng.choice(PARTNERSHIP)
            paras.append(
                f"During the visit of President {pres} to {a} on {d1}-{d2} {MONTHS[m - 1]} {y}, "
                f"the two sides signed the Joint Statement on {a}-{b} {adj} Partnership.")
            exp["posts"].append([pres, "President", b, None])
            exp["visits"].append([pres, a, _iso((y, m, d1)), _iso((y, m, d2))])
            exp["agreements"].append({"title": f"Joint Statement on {a}-{b} {adj} Partnership",
                                      "kind": "Joint Statement", "parties": [a, b],
                                      "date": f"{y:04d}-{m:02d}"})

        # 4. a dialogue mechanism
        if rng.random() < 0.3:
            template, name, topics = DIALOGUES[rng.randrange(len(DIALOGUES))]
            paras.append(template.format(a=a, b=b))
            exp["dialogues"].append({"name": name, "parties": [a, b], "topics": topics})

        # 5. a trade office or a consulate
        if rng.random() < 0.15:
            kind, words = rng.choice([("Trade Office", "its trade office"), ("Consulate", "its consulate")])
            paras.append(f"{b} also opened {words} in {city_a}." if kind == "Consulate"
                         else f"{b} opened {words} in {city_a}.")
            exp["missions"].append([kind, b, city_a])

        # 6. a telephone call between the two foreign ministers
        if rng.random() < 0.15:
            fm_b = self._person(rng, "fm", b)
            when = _date(rng, 2000, 2024)
            paras.append(f"On {_written(when)}, {a}'s Foreign Minister {fm} held a telephone "
                         f"conversation with {dem_b} Foreign Minister {fm_b}.")
            exp["posts"].append([fm_b, "Foreign Minister", b, None])
            exp["meetings"].append({"kind": "call", "date": _iso(when), "place": None,
                                    "participants": [[fm, a], [fm_b, b]], "parties": [a, b]})

        paras.append(rng.choice(FILLERS))
        ident = f"bench-{self.seed}-{i:06d}"
        record = {"id": ident, "url": f"https://bench.diplokg.example/{ident}",
                  "published": _iso(day), "title": title, "text": "\n\n".join(paras) + "\n"}
        return record, {"id": ident, **exp}


def generate(size: int, out: str | Path, seed: int = SEED) -> tuple[Path, Path]:
    """Write ``out`` (the corpus) and ``out`` with ``.expected.jsonl`` (its facts)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    expected = expected_path(out)
    g = Generator(seed)
    with out.open("w", encoding="utf-8", newline="\n") as fc, \
            expected.open("w", encoding="utf-8", newline="\n") as fe:
        for i in range(size):
            rec, exp = g.article(i)
            fc.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
            fe.write(json.dumps(exp, ensure_ascii=False, sort_keys=True) + "\n")
    meta_path(out).write_text(json.dumps(_meta(g, size, seed, out), indent=1, ensure_ascii=False) + "\n")
    return out, expected


def _meta(g: Generator, size: int, seed: int, corpus: Path) -> dict:
    """What run.py needs to know: the corpus's hash, its most frequent state and official."""
    import pycountry

    from diplokg.graph.model import iris

    top = STATES[0][0]
    fm = g.names.by_role.get(("fm", top, 0))
    h = hashlib.sha256(corpus.read_bytes()).hexdigest()
    return {"size": size, "seed": seed, "sha256": h, "top_state": top,
            "top_state_iri": iris.state(pycountry.countries.lookup(top).alpha_2),
            "top_fm": fm, "top_fm_iri": iris.person(fm) if fm else None, "persons": len(g.names.taken)}


def meta_path(corpus: str | Path) -> Path:
    corpus = Path(corpus)
    name = corpus.name[:-len(".jsonl")] if corpus.name.endswith(".jsonl") else corpus.name
    return corpus.with_name(name + ".meta.json")


def expected_path(corpus: str | Path) -> Path:
    corpus = Path(corpus)
    name = corpus.name[:-len(".jsonl")] if corpus.name.endswith(".jsonl") else corpus.name
    return corpus.with_name(name + ".expected.jsonl")


def top_states(n: int = 1) -> list[str]:
    """The most frequent states (by construction: the head of :data:`STATES`)."""
    return [s[0] for s in STATES[:n]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, required=True, help="number of articles")
    ap.add_argument("--out", required=True, help="corpus file to write (*.jsonl)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    corpus, expected = generate(args.size, args.out, args.seed)
    print(f"wrote {args.size} articles to {corpus} and their facts to {expected}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
