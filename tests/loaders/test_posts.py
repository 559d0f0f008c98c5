"""Unit tests for posts read from title phrases: appositives after a name, the state written
after it, and where an envoy serves when the text does not say."""
from __future__ import annotations

from diplokg.loaders.reading import read


def _posts(text: str) -> set[tuple[str, str, str | None, str | None]]:
    doc = read(text)
    return {(p.name, r.position, r.agent, r.accredited_to) for p in doc.persons.values() for r in p.roles}


def test_an_appositive_post_wins_over_a_bare_title_before_the_name():
    posts = _posts("The charter was signed by Ambassador Rauni Tikka, Permanent Representative of Finland "
                   "to the United Nations.")
    assert posts == {("Rauni Tikka", "Ambassador", "FI", "org:united-nations")}


def test_a_list_of_titled_names_keeps_each_title_with_its_name():
    posts = _posts("President of Chile Ana Soto, President of Peru, Luis Vega, and others attended.")
    assert ("Ana Soto", "President", "CL", None) in posts


def test_the_state_written_after_the_name_is_the_post_s():
    posts = _posts("The accord was signed in Geneva by Ambassador Tomas Ruiz of Bolivia.")
    assert {(name, agent) for name, _, agent, _ in posts} == {("Tomas Ruiz", "BO")}


def test_no_host_is_guessed_for_envoys_met_away_from_the_dateline():
    doc = read("LIMA, 3 May 2022 — Peru signed communiqués with Laos and Nepal at a ceremony held in Geneva.\n\n"
               "The one with Laos was signed by Ambassador Vong Keo of Laos and the one with Nepal by "
               "Ambassador Ram Thapa of Nepal.")
    envoys = {p.name: p.roles[0].accredited_to for p in doc.persons.values()}
    assert envoys == {"Vong Keo": None, "Ram Thapa": None}


def test_an_envoy_of_one_side_in_a_bilateral_story_serves_at_the_other():
    doc = read("ACCRA, 3 May 2022 — Ghana and Norway held political talks on Monday.\n\n"
               "Ambassador Ola Berg of Norway said Ghana was a key partner of Norway.")
    assert [r.accredited_to for p in doc.persons.values() for r in p.roles] == ["GH"]
