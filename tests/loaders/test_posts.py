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


def test_an_aside_on_residence_between_title_and_name_is_passed_over():
    posts = _posts("The Ambassador of Chile to Fiji, resident in Canberra, H.E. Rosa Lagos paid a call. "
                   "The Greek ambassador who is based in Tokyo, Nikos Pappas, arrived later.")
    names = {(name, agent) for name, _, agent, _ in posts}
    assert {("Rosa Lagos", "CL"), ("Nikos Pappas", "GR")} <= names
    assert ("Rosa Lagos", "Ambassador", "CL", "FJ") in posts


def test_envoys_serve_the_state_that_receives_their_credentials():
    doc = read("Four new envoys arrived in Tonga to present their credentials to the King of Tonga.\n\n"
               "They were the Ambassador of Peru (H.E. Luis Vega), the Ambassador of Norway (H.E. Ola Berg) and "
               "the High Commissioner of Fiji, Sefo Rabuka.")
    hosts = {p.name: {r.accredited_to for r in p.roles} for p in doc.persons.values() if p.agent != "TO"}
    assert hosts == {"Luis Vega": {"TO"}, "Ola Berg": {"TO"}, "Sefo Rabuka": {"TO"}}


def test_a_government_receiving_credentials_is_the_envoys_host():
    doc = read("The Chilean government received ambassador credentials from Greece, Peru and Kenya.\n\n"
               "The Greek ambassador, Nikos Pappas, spoke of Greece, Peru and Kenya as friends of Greece.")
    assert [(r.agent, r.accredited_to) for p in doc.persons.values() for r in p.roles] == [("GR", "CL")]


def test_the_lead_of_a_datelined_story_names_home_officials_without_their_state():
    posts = _posts("OSLO, 3 May 2022 — Prime Minister Ola Berg said on Monday he would visit Lima, "
                   "as Norway and Peru prepare a trade deal.")
    assert ("Ola Berg", "Prime Minister", "NO", None) in posts


def test_a_visitor_to_the_dateline_state_is_no_home_official():
    posts = _posts("OSLO, 3 May 2022 — Prime Minister Luis Vega arrived in Norway on Monday.")
    assert ("Luis Vega", "Prime Minister", "NO", None) not in posts


def test_the_home_state_already_has_its_leader():
    posts = _posts("LIMA, 3 May 2022 — Prime Minister Ola Berg met Peruvian President Luis Vega in Lima.")
    assert ("Ola Berg", "Prime Minister", "PE", None) not in posts


def test_a_dateline_place_in_brackets_after_the_date_is_the_home():
    posts = _posts("May 3, 2022 (CANBERRA) - Prime Minister Jack Ward on Sunday cancelled a trip.")
    assert ("Jack Ward", "Prime Minister", "AU", None) in posts


def test_the_side_a_person_leads_is_their_state():
    posts = _posts("The talks were held in Bangkok. The Thai side was led by Foreign Secretary Somchai Rak, "
                   "while Foreign Secretary Ana Soto led the Chilean side.")
    assert {("Somchai Rak", "Foreign Secretary", "TH", None), ("Ana Soto", "Foreign Secretary", "CL", None)} <= posts


def test_persons_met_in_a_sentence_set_in_a_city_serve_its_state():
    posts = _posts("OSLO, 3 May 2022 — Norway's Foreign Minister Ola Berg left for South America.\n\n"
                   "In Lima, the minister met President Luis Vega.")
    assert ("Luis Vega", "President", "PE", None) in posts


def test_no_other_side_is_guessed_for_an_envoy_at_a_ceremony_abroad():
    doc = read("SUVA, 3 May 2022 — Fiji signed a communiqué with Chile at a ceremony held in Geneva.\n\n"
               "It was signed by Ambassador Sela Rabuka. Fiji and Chile will mark the anniversary.")
    assert [r.accredited_to for p in doc.persons.values() for r in p.roles] == [None]


def test_a_hyphenated_pair_of_states_names_the_two_sides():
    doc = read("Our talks in Ulaanbaatar covered Mongolia's economy and our response to Russia.\n\n"
               "We spoke of Russia once more. We reaffirmed the Chile-Mongolia partnership.")
    assert doc.parties[:2] == ["MN", "CL"]


def test_the_first_person_of_a_transcript_is_its_speaker():
    doc = read("Press Conference by the Foreign Minister\n\n"
               "Mr. Ola Berg, Minister for Foreign Affairs: Good morning. Today I am visiting Peru, a close partner. "
               "I paid a courtesy call on President Luis Vega.\n\nThe Norway-Peru partnership is strong.")
    posts = {(p.name, r.position, r.agent) for p in doc.persons.values() for r in p.roles}
    assert {("Ola Berg", "Foreign Minister", "NO"), ("Luis Vega", "President", "PE")} <= posts


def test_a_quote_without_a_speaker_line_is_left_alone():
    doc = read("Minister Ola Berg said: \"We agree.\" Later, I met President Luis Vega.")
    assert all(r.how != "pronoun" or doc.text[r.start:r.end] != "I" for refs in doc.person_refs for r in refs)


def test_a_post_named_before_its_holder_goes_to_the_next_person_named():
    posts = _posts("The president skipped a meeting with the Peruvian foreign minister on Monday. "
                   "He had been due to meet with Luis Vega at noon.")
    assert ("Luis Vega", "Foreign Minister", "PE", None) in posts


def test_a_presidential_spokesman_serves_the_president_s_state():
    posts = _posts("Chilean President Ana Soto cancelled talks with the Peruvian minister, "
                   "presidential spokesman Jorge Rojas said.")
    assert ("Jorge Rojas", "Spokesperson", "CL", None) in posts


def test_burmese_honorifics_are_no_names():
    posts = _posts("Myanmar's Minister for Foreign Affairs U Kyaw Lin met the press.")
    assert ("Kyaw Lin", "Foreign Minister", "MM", None) in posts


def test_a_post_named_after_its_unposted_holder_is_theirs():
    posts = _posts("The minister granted a farewell audience to outgoing Tomas Ruiz on Friday. "
                   "The outgoing Ambassador of Bolivia to Chile thanked his hosts.")
    assert ("Tomas Ruiz", "Ambassador", "BO", "CL") in posts


def test_a_name_after_an_honorific_is_a_person():
    doc = read("The minister granted an audience to the H.E. Tomas Ruiz Vaca at the palace.")
    assert [p.name for p in doc.persons.values()] == ["Tomas Ruiz Vaca"]


def test_a_fuller_form_named_later_becomes_the_label():
    doc = read("Minister Ngata Ngata met the press on Monday. Later, Ana Ngata Ngata said the talks went well.")
    assert [p.name for p in doc.persons.values()] == ["Ana Ngata Ngata"]


def test_an_envoy_conveys_the_greetings_of_their_own_head_of_state():
    posts = _posts("Peruvian Ambassador to Chile Luis Vega met the press. "
                   "Ambassador Vega conveyed the greetings and best wishes of President Rosa Quispe to the people of Chile.")
    assert ("Rosa Quispe", "President", "PE", None) in posts


def test_an_envoy_is_nominated_by_their_own_president():
    posts = _posts("Luis Vega became Peru's ambassador to Chile on Monday. "
                   "He was nominated by President Rosa Quispe last year.")
    assert ("Rosa Quispe", "President", "PE", None) in posts


def test_officials_at_a_credentials_ceremony_serve_the_receiving_state():
    posts = _posts("The Peruvian Ambassador to Chile, Luis Vega, presented his credentials to the Chilean President, "
                   "Ana Soto, on Monday. The ceremony was attended by the Foreign Minister, Jorge Rojas.")
    assert ("Jorge Rojas", "Foreign Minister", "CL", None) in posts


def test_a_spokesman_for_the_foreign_ministry_speaks_for_the_home_side():
    posts = _posts("Foreign Minister Ana Soto of Chile received a call from her Peruvian counterpart on Monday.\n\n"
                   "Spokesman for the Foreign Ministry Jorge Rojas said the two ministers discussed trade.")
    assert ("Jorge Rojas", "Spokesperson", "CL", None) in posts


def test_a_surname_typed_in_lower_case_is_part_of_the_name():
    doc = read("Ministry spokesperson Ana rojas said on Friday the talks went well. "
               "The talks were useful, Rojas said. Spokesperson Luis Vega said nothing.")
    assert sorted(p.name for p in doc.persons.values()) == ["Ana Rojas", "Luis Vega"]


def test_of_the_country_leaves_the_state_to_the_context_and_reads_on():
    posts = _posts("Tonga opened an embassy in Chile. Sione Lata, permanent representative of the country "
                   "to the UN, was appointed as the new Tongan ambassador to Chile.")
    assert ("Sione Lata", "Ambassador", "TO", "org:united-nations") in posts
