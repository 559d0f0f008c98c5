"""Unit tests, one stage at a time: sentences, dates, mentions, linking, modality."""
from __future__ import annotations

import datetime as dt

import pytest

from diplokg.loaders.dates import find_dates
from diplokg.loaders.reading import read
from diplokg.loaders.mentions import find_mentions
from diplokg.loaders.modality import is_unreal
from diplokg.loaders.text import find_dateline, split_sentences

TEXT = ("Lisbon, 4 March 2024 (Lusa): Portugal's Foreign Minister Ana Costa met the Estonian "
        "Ambassador to Portugal, Mart Kask, yesterday. Mr. Kask said Estonia valued the ties.\n\n"
        "Relations date back to 1991.")


def test_sentences_carry_exact_offsets():
    sentences = split_sentences(TEXT)
    assert [s.text[:12] for s in sentences] == ["Lisbon, 4 Ma", "Mr. Kask sai", "Relations da"]
    for s in sentences:
        assert TEXT[s.start:s.end] == s.text


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Dr S. Jaishankar met Mr. Wang in the U.S. capital. Then he left."
    assert [s.text for s in split_sentences(text)] == ["Dr S. Jaishankar met Mr. Wang in the U.S. capital.", "Then he left."]


def test_a_headline_is_no_sentence():
    text = "Japan and Chile sign a trade pact\n\nTOKYO, 2 May 2024 — Japan signed it."
    assert [s.text for s in split_sentences(text)] == ["TOKYO, 2 May 2024 — Japan signed it."]


@pytest.mark.parametrize("text, value", [
    ("Islamabad, 26 July 2022 (TDI): text", "26 July 2022"),
    ("TOKYO, Sept. 29, 2023 — text", "Sept. 29, 2023"),
    ("New Delhi, 26th February 2021: text", "26th February 2021"),
])
def test_dateline(text, value):
    dateline = find_dateline(text)
    assert dateline is not None and dateline.date_text == value


@pytest.mark.parametrize("text, expected", [
    ("on 21-23 February 2011", [("2011-02-21", "2011-02-23")]),
    ("on March 19-20", [("2022-03-19", "2022-03-20")]),
    ("from 17 to 20 February", [("2022-02-17", "2022-02-20")]),
    ("signed on 28 April 1952", [("1952-04-28", None)]),
    ("on Sept. 15, 2020", [("2020-09-15", None)]),
    ("in October 2018", [("2018-10", None)]),
    ("yesterday", [("2022-07-25", None)]),
    ("last Friday", [("2022-07-22", None)]),
    ("on Monday", [("2022-07-25", None)]),
    ("earlier this month", [("2022-07", None)]),
    ("last year", [("2021", None)]),
])
def test_dates_resolve_against_the_reference(text, expected):
    ref = dt.date(2022, 7, 26)  # a Tuesday
    assert [(d.value, d.end_value) for d in find_dates(text, ref)] == expected


def test_misspelt_states_and_demonyms_are_found():
    from diplokg.loaders.text import Sentence

    s = Sentence(0, 0, 60, "Pakitan and the Japanese side met in Isreal.", 0)
    found = {(m.kind, m.key) for m in find_mentions(s).mentions}
    assert {("state", "PK"), ("demonym", "JP"), ("state", "IL")} <= found


@pytest.mark.parametrize("text, state_togo, name", [
    # a name set off by commas whose first word is a state: a name, not the state Togo
    ("They met the Polish Ambassador to Nigeria, Togo Zabukruk, at the ministry.", False, "Togo Zabukruk"),
    ("They received the envoy of Poland, Togo Zabukruk.", False, "Togo Zabukruk"),
    # the state in a list, or before a title: still the state
    ("Ministers from Kenya, Togo and Ghana met.", True, None),
    ("Ministers from Nigeria, Togo, Benin and Ghana met.", True, None),
    ("She arrived in Lome, Togo Foreign Minister Robert Dussey said.", True, "Robert Dussey"),
])
def test_a_state_word_opening_a_name_is_part_of_the_name(text, state_togo, name):
    from diplokg.loaders.text import Sentence

    mentions = find_mentions(Sentence(0, 0, len(text), text, 0)).mentions
    assert (("state", "TG") in {(m.kind, m.key) for m in mentions}) == state_togo
    if name:
        assert name in {m.text for m in mentions if m.kind == "name"}


@pytest.mark.parametrize("text, name", [
    # a name set off by commas after a title phrase, whose first word names places: a name
    ("They met the Korean Ambassador to Chile, Lake Orsini, at the ministry.", "Lake Orsini"),
    ("The Foreign Minister, Hall Brenvik, said so.", "Hall Brenvik"),
    # the same words elsewhere: not a name
    ("Leaders gathered in Kampala, Lake Victoria, and Nairobi.", None),
    ("The envoy toured Entebbe, Lake Victoria, on Monday.", None),
])
def test_a_place_word_opening_a_name_after_a_title_is_part_of_the_name(text, name):
    from diplokg.loaders.text import Sentence

    names = {m.text for m in find_mentions(Sentence(0, 0, len(text), text, 0)).mentions if m.kind == "name"}
    if name:
        assert name in names
    else:
        assert not any(n.startswith("Lake") for n in names)


def test_linking_builds_posts_from_title_phrases():
    doc = read(TEXT)
    roles = {p.name: (p.role().position, p.role().agent, p.role().accredited_to) for p in doc.persons.values()}
    assert roles["Ana Costa"] == ("Foreign Minister", "PT", None)
    assert roles["Mart Kask"] == ("Ambassador", "EE", "PT")


def test_name_variants_are_one_person():
    doc = read("Prime Minister Kenji Mori arrived on Monday. Mr. Mori met the press. Mori left.")
    assert [p.name for p in doc.persons.values()] == ["Kenji Mori"]


def test_counterpart_takes_the_post_and_the_stated_state():
    doc = read("Foreign Minister Ana Costa of Portugal spoke with her Spanish counterpart, Luis Vega.")
    vega = next(p for p in doc.persons.values() if p.name == "Luis Vega")
    assert (vega.role().position, vega.role().agent) == ("Foreign Minister", "ES")


@pytest.mark.parametrize("sentence, word, unreal", [
    ("The minister met his counterpart in Rome.", "met", False),
    ("The minister will visit Rome next month.", "visit", True),
    ("The summit was called off because of the storm.", "summit", True),
    ("The two ministers did not meet.", "meet", True),
    ("She postponed the state visit to Paris.", "state visit", True),
    ("He is expected to sign the agreement next week.", "sign", True),
])
def test_modality(sentence, word, unreal):
    i = sentence.index(word)
    assert is_unreal(sentence, i, i + len(word)) is unreal
