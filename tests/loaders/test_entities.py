"""Unit tests for persons, posts, states and organisations: honorifics, title styles, name
variants, state long forms and organisations that are only a venue."""
from __future__ import annotations

import pytest

from diplokg.loaders.honorifics import honorific_length, strip_honorifics
from diplokg.loaders.mentions import find_mentions
from diplokg.loaders.persons import variant_of
from diplokg.loaders.reading import read
from diplokg.loaders.text import Sentence
from diplokg.loaders.tokens import tokenize


def _posts(text: str) -> set[tuple[str, str, str | None, str | None]]:
    doc = read(text)
    return {(p.name, r.position, r.agent, r.accredited_to) for p in doc.persons.values() for r in p.roles}


def _mentions(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.text, m.key) for m in find_mentions(Sentence(0, 0, len(text), text, 0)).mentions]


@pytest.mark.parametrize("text, skip", [
    ("H.E. Mr. Ali Sabry", 3), ("H.E Mr. Ali Sabry", 3), ("Sheikh Dr. Ahmed Nasser", 3),
    ("Dato' Sri Faizal Rahman", 3), ("His Excellency Tan Wei Ming", 2), ("the Honourable Carl Greenidge", 2),
    ("Rt. Hon. Dame Ana Kiri", 5), ("Field Marshal Omar Bashir", 2), ("Tan Wei Ming", 0), ("He said", 0),
])
def test_honorifics_before_a_name_are_skipped(text, skip):
    assert honorific_length(tokenize(text), 0) == skip


def test_a_label_leaves_honorifics_out():
    assert strip_honorifics("H.E. Dr. S. Jaishankar") == "S. Jaishankar"
    assert strip_honorifics("Tan Wei Ming") == "Tan Wei Ming"


@pytest.mark.parametrize("short, long, same", [
    (["s", "jaishankar"], ["subrahmanyam", "jaishankar"], True),  # an initial
    (["samih", "shoukri"], ["sameh", "shoukry"], True),  # another transliteration
    (["hassen"], ["hssen", "taju"], True),
    (["modi"], ["narendra", "modi"], True),
    (["bids"], ["carl", "b", "greenidge"], False),  # a capitalised verb is no initial's name
    (["wang", "yi"], ["wang", "yang"], False),
    (["ali", "khan"], ["ali", "shah"], False),  # a shared given name is not enough
])
def test_name_variants(short, long, same):
    assert variant_of(short, long) is same


def test_variants_in_one_article_are_one_person():
    doc = read("Foreign Minister S Rajan met Chile's Foreign Minister Ana Soto on Monday. "
               "Subramaniam Rajan said the talks went well. Rajan left on Tuesday.")
    rajans = [p for p in doc.persons.values() if "Rajan" in p.name]
    assert len(rajans) == 1 and "Subramaniam Rajan" in rajans[0].names


def test_compound_titles_give_both_posts():
    posts = _posts("Vietnam's Deputy Prime Minister and Foreign Minister Tran Van Binh met the press in Hanoi.")
    assert {("Tran Van Binh", "Deputy Prime Minister", "VN", None), ("Tran Van Binh", "Foreign Minister", "VN", None)} <= posts


def test_appositive_chain_of_posts():
    posts = _posts("The accord was signed for the Government of the Republic of Ghana by Her Excellency Ama Owusu, "
                   "Ambassador of the Federal Democratic Republic of Ethiopia, High Commissioner to the Republic "
                   "of Kenya, and Permanent Representative to the African Union.")
    assert ("Ama Owusu", "Ambassador", "GH", "ET") in posts
    assert ("Ama Owusu", "High Commissioner", "GH", "KE") in posts
    assert ("Ama Owusu", "Ambassador", "GH", "org:african-union") in posts


def test_name_title_lists_attach_each_title_to_its_name():
    posts = _posts("Present were H.E. Dr. Ana Lima, Minister for Foreign Affairs of Brazil, H.E. Mr. Jon Berg, "
                   "Minister for Foreign Affairs and International Trade of Norway, and H.E. Kofi Mensah, Minister "
                   "for Foreign Affairs of Ghana.")
    assert {("Ana Lima", "Foreign Minister", "BR", None), ("Jon Berg", "Foreign Minister", "NO", None),
            ("Kofi Mensah", "Foreign Minister", "GH", None)} <= posts


def test_portfolio_lists_before_a_name():
    posts = _posts("It was signed by Minister of Industry, Trade, Investment and Digital Economy, Mr. Omar Alami, "
                   "and the Tunisian Minister of Energy and Mines, Mr. Kamel Ben Salah.")
    names = {p[0] for p in posts}
    assert names == {"Omar Alami", "Kamel Ben Salah"}  # "Digital Economy" is no person
    assert ("Kamel Ben Salah", "Minister", "TN", None) in posts


def test_a_rank_after_a_post_is_not_a_second_post():
    posts = _posts("He met the Deputy Minister of Foreign Affairs of Turkey, Ambassador Dr. Can Demir, in Riyadh.")
    assert not any(p[1] == "Ambassador" for p in posts)


@pytest.mark.parametrize("written, state, position", [
    ("the Vice President and Chancellor of Colombia, Marta Ruiz,", "CO", "Foreign Minister"),
    ("the German Chancellor, Karl Bauer,", "DE", "Prime Minister"),
    ("Japanese Vice-Minister for Foreign Affairs Taro Sato", "JP", "Foreign Secretary"),
])
def test_a_title_means_the_post_its_state_gives_it(written, state, position):
    posts = _posts(f"On Monday {written} received the delegation.")
    assert any(p[1] == position and p[2] == state for p in posts), posts


def test_an_organisation_is_never_inferred_for_a_state_post():
    posts = _posts("The EU and CELAC held a summit. In Uruguay, the High Representative will meet President "
                   "Luis Pardo and Vice President Rosa Gil.")
    assert ("Luis Pardo", "President", "UY", None) in posts
    assert not any(p[2] and p[2].startswith("org:") and p[1] in ("President", "Vice President") for p in posts)


def test_headline_verbs_are_no_persons():
    doc = read("Mexican Ambassador Bids Foreign Minister Farewell\n\nGEORGETOWN, 29 March 2019 - The outgoing "
               "Mexican Ambassador, His Excellency Ivan Sierra, paid a farewell call on the Foreign Minister.")
    assert {p.name for p in doc.persons.values()} == {"Ivan Sierra"}


@pytest.mark.parametrize("text, key", [
    ("the Co-operative Republic of Guyana", "GY"), ("the Federal Democratic Republic of Ethiopia", "ET"),
    ("the Republic of Gabon", "GA"), ("The Gambia", "GM"), ("Macedonia", "MK"), ("Türkiye", "TR"),
])
def test_state_names_and_long_forms(text, key):
    assert [m[2] for m in _mentions(f"They met {text} today.") if m[0] == "state"] == [key]


def test_the_kingdom_refers_back_to_a_kingdom():
    doc = read("Thailand and France signed an accord. The envoy said France would help the Kingdom.")
    assert "TH" in [a.agent for a in doc.agent_refs[1]][-1:]


def test_an_organisation_named_as_a_venue_is_no_side():
    doc = read("Kenya and Chile met on the sidelines of the African Union summit. The African Union summit ends "
               "today. Kenya thanked Chile.")
    assert "org:african-union" not in doc.parties
