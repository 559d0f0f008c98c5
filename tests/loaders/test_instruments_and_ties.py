"""Unit tests of the agreement, dialogue, relation and mission rules, one style of writing each."""
from __future__ import annotations

import pytest

from diplokg.loaders.extract import extract_facts
from diplokg.loaders.sources import SourceText


def facts(text: str, published: str | None = None):
    return extract_facts(SourceText(key="test:unit", location="test:unit", text=text, published=published))


def agreements(text: str, published: str | None = None) -> dict[str, tuple]:
    return {a.title: (a.kind, sorted(a.parties), a.date) for a in facts(text, published).agreements}


# ----------------------------------------------------------------------------- agreements

def test_items_of_a_list_of_signed_instruments_are_titled_by_kind_and_remit():
    text = ("Accra, 4 June 2024 — Ghana and Peru signed three agreements on Monday.\n\n"
            "The first agreement relates to cooperation in the field of tourism. Another MoU was signed in the area "
            "of sport. The third agreement, signed by the two trade ministers, concerns an executive programme of "
            "cultural exchange for the 2024-2026 period.")
    got = agreements(text)
    assert got["agreement on cooperation in the field of tourism"] == ("Agreement", ["GH", "PE"], "2024-06-03")
    assert got["MoU in the area of sport"] == ("Memorandum of Understanding", ["GH", "PE"], "2024-06-03")
    assert got["executive programme of cultural exchange for the 2024-2026 period"][0] == "Action Plan"
    assert len(got) == 3


def test_numbered_lines_after_a_signing_announcement_are_its_instruments():
    text = ("Visit of the President of Kenya to Vietnam\n\nHanoi, 12 April 2024 - In the presence of the two "
            "Presidents, the following documents were signed:\n\n1. Memorandum of Understanding on Cooperation in "
            "Agriculture\n\n2. Agreement on Visa Exemption\n\nThe two Presidents also held talks.\n\n"
            "Treaty of Friendship Remains Key")
    got = agreements(text)
    assert got == {
        "Memorandum of Understanding on Cooperation in Agriculture": ("Memorandum of Understanding", ["KE", "VN"],
                                                                      "2024-04-12"),
        "Agreement on Visa Exemption": ("Agreement", ["KE", "VN"], "2024-04-12"),
    }


def test_a_plural_of_communiques_is_one_per_state_dated_by_later_references():
    text = ("Suva, 20 June 2022 — Fiji has signed Joint Communiqués on the establishment of diplomatic relations "
            "between the Republic of Fiji and the Republics of Chile and Ecuador.\n\n"
            "The Joint Communiqué with the Republic of Chile was signed on 2 May 2022, and the Joint Communiqué with "
            "the Republic of Ecuador was signed on 16 May 2022.")
    f = facts(text)
    titles = {a.title: (sorted(a.parties), a.date) for a in f.agreements}
    assert titles == {
        "Joint Communiqué on the establishment of diplomatic relations between the Republic of Fiji and the Republic "
        "of Chile": (["CL", "FJ"], "2022-05-02"),
        "Joint Communiqué on the establishment of diplomatic relations between the Republic of Fiji and the Republic "
        "of Ecuador": (["EC", "FJ"], "2022-05-16"),
    }
    # each communiqué establishing relations dates the relation it establishes
    assert {(tuple(sorted(r.parties)), r.established) for r in f.relations} == {
        (("CL", "FJ"), "2022-05-02"), (("EC", "FJ"), "2022-05-16")}


def test_a_capitalised_title_keeps_its_acronyms_and_lower_case_remit():
    text = ("Male, 7 October 2024 — The two sides renewed an MoU between the National Archives of India (NAI) and "
            "the Maldives Heritage Board (MHB) on cooperation in conservation of manuscripts.")
    assert list(agreements(text)) == ["MoU between the National Archives of India (NAI) and the Maldives Heritage "
                                      "Board (MHB) on cooperation in conservation of manuscripts"]


def test_an_instrument_dates_from_its_own_clause_not_the_next_verb():
    text = ("Wellington, 14 May 2024 — Chile's Foreign Minister Ana Soto arrived in Wellington on Tuesday for a "
            "visit to New Zealand.\n\nDuring the visit the two governments signed a Memorandum of Understanding on "
            "Polar Research and agreed to hold the next round of their Political Consultations in Santiago in 2025.")
    assert agreements(text)["Memorandum of Understanding on Polar Research"][2] == "2024-05-14"


def test_an_instrument_presupposed_exists_but_one_being_drafted_or_to_be_signed_does_not():
    text = ("Brussels, 3 December 2020 — In the spirit of the Memorandum of Understanding on Regular Consultations, "
            "the foreign ministers of Belgium and Chile reviewed their relations. The ministers agreed on drafting "
            "an action plan for 2022. A defence agreement between Belgium and Chile is expected to be signed in May.")
    got = agreements(text)
    assert got == {"Memorandum of Understanding on Regular Consultations": ("Memorandum of Understanding",
                                                                            ["BE", "CL"], None)}


def test_an_instrument_to_be_signed_is_not_one_signed():
    text = ("Dhaka, 22 June 2024 — India and Bangladesh signed a civil nuclear agreement on Saturday, and a "
            "memorandum of understanding on railways will be signed in August.")
    assert agreements(text) == {"civil nuclear agreement": ("Agreement", ["BD", "IN"], "2024-06-22")}


def test_signatories_are_who_signed_not_who_watched_or_visited():
    text = ("Accra, 4 June 2024 — Ghana and Peru signed three agreements on Monday.\n\nThese agreements were signed "
            "by Foreign Minister Kofi Asante and his Peruvian counterpart Rosa Quispe. The first agreement relates "
            "to tourism. The second agreement, signed by Trade Minister Ama Owusu and Peruvian Trade Minister Luis "
            "Vargas, relates to fisheries. During the visit of President Kwame Boateng, the two sides signed a "
            "protocol on health in the presence of Vice President Efua Mensah.")
    f = facts(text)
    signed = {a.title: sorted(f.persons[p].name for p in a.signatories) for a in f.agreements}
    assert signed == {"agreement on tourism": ["Kofi Asante", "Rosa Quispe"],
                      "agreement on fisheries": ["Ama Owusu", "Luis Vargas"],
                      "protocol on health": []}


def test_a_body_issuing_its_final_communique_names_it():
    text = ("Hanoi, 5 November 2023 — The joint Vietnamese - Laotian border committee concluded its session on "
            "Saturday and issued its final communique.")
    assert agreements(text) == {"final communique of the joint Vietnamese - Laotian border committee":
                                ("Joint Communiqué", ["LA", "VN"], "2023-11-04")}


def test_an_exchange_of_notes_is_an_agreement():
    got = agreements("Tokyo, 9 October 2020 — Japan and Mongolia signed an exchange of notes for a grant to "
                     "build schools.")
    assert got == {"exchange of notes for a grant": ("Agreement", ["JP", "MN"], "2020-10-09")}


# ----------------------------------------------------------------------------- dialogues

def dialogues(text: str) -> dict[str, tuple]:
    return {d.name: (sorted(d.parties), d.level, d.topics) for d in facts(text).dialogues}


def test_lower_case_standing_bodies_with_their_level():
    text = ("Khartoum, 26 October 2018 — The joint Kenyan - Ugandan ministerial committee met in Kampala. Meetings "
            "of the joint technical committee at the level of senior officials were held in August.")
    assert dialogues(text) == {
        "joint Kenyan - Ugandan ministerial committee": (["KE", "UG"], "Ministerial", []),
        "joint technical committee": (["KE", "UG"], "Senior Official", []),
    }


def test_lower_case_names_keep_their_remit_and_a_next_round_tells_a_mechanism_exists():
    text = ("Tokyo, 8 March 2024 — Japan and Australia held the inaugural 2+2 ministerial dialogue in Tokyo. They "
            "reviewed the joint committee on fisheries, agreed to launch a new economic dialogue and to hold the next "
            "round of their security consultations in Canberra.")
    assert dialogues(text) == {
        "2+2 ministerial dialogue": (["AU", "JP"], "Ministerial", []),
        "joint committee on fisheries": (["AU", "JP"], None, []),
        "security consultations": (["AU", "JP"], None, ["Security"]),
    }


def test_mentions_of_one_mechanism_become_one_with_the_fullest_name():
    text = ("Oslo, 3 April 2024 — Norway's Foreign Minister Eva Lunde met Chilean Foreign Minister Jorge Ruiz to "
            "review the strategic dialogue between Norway and Chile.\n\nThe Chile-Norway Strategic Dialogue meets "
            "every two years at the level of foreign ministers.")
    assert dialogues(text) == {"Chile-Norway Strategic Dialogue": (["CL", "NO"], "Ministerial", [])}


def test_level_from_those_who_hold_a_dialogue():
    text = ("Beijing, 10 August 2019 — Chinese Vice Foreign Minister Li Wei and Japanese Vice Foreign Minister Sato "
            "Ken held a new round of the China-Japan security dialogue on Saturday.")
    assert dialogues(text) == {"China-Japan security dialogue": (["CN", "JP"], "Vice-Ministerial", ["Security"])}


@pytest.mark.parametrize("sentence", [
    "Both ministers stressed the importance of political dialogue in the region.",
    "The minister attended the SAARC Ministers' Retreat in Kathmandu.",
    "He met the head of the Chilean Electoral Commission.",
    "The British High Commission announced the visit.",
    "She spoke at the Peru-Ghana Investment Forum.",
    "The two sides agreed to set up a joint economic commission.",
])
def test_not_a_bilateral_mechanism(sentence):
    text = f"Lima, 2 May 2024 — Peru and Ghana held talks in Lima. {sentence}"
    assert dialogues(text) == {}


def test_a_mechanism_named_in_the_mou_that_establishes_it():
    text = ("Rabat, 26 October 2020 — Morocco and Chile signed a Memorandum of Understanding for the establishment "
            "of a mechanism for political consultations between the two foreign ministries.")
    got = dialogues(text)
    assert got["mechanism for political consultations"] == (["CL", "MA"], None, ["Political"])


# ----------------------------------------------------------------------------- relations

def relations(text: str, published: str | None = None) -> set[tuple]:
    return {(tuple(sorted(r.parties)), r.established) for r in facts(text, published).relations}


@pytest.mark.parametrize("text, expected", [
    ("Tokyo, 9 October 2020 — Japan and Mongolia agreed on a plan in 2022, looking ahead to that year's 50th "
     "anniversary of the establishment of our diplomatic relations.", {(("JP", "MN"), "1972")}),
    ("San Salvador, 4 May 2022 — The ambassador of Slovakia to El Salvador discussed 30 years of diplomatic "
     "relations between the two countries, which will be commemorated in 2023.", {(("SK", "SV"), "1993")}),
    ("Manila, 11 July 2023 — The Philippines and Japan will mark the 67th anniversary of diplomatic relations on "
     "July 23.", {(("JP", "PH"), "1956-07-23")}),
    ("Accra, 2 May 2024 — Ghana and Peru established diplomatic relations 30 years ago.", {(("GH", "PE"), "1994")}),
    ("Beijing, 21 May 2021 — This year Pakistan and China mark the 70th anniversary of the establishment of "
     "diplomatic relations on 21 May 1951.", {(("CN", "PK"), "1951-05-21")}),
])
def test_anniversary_arithmetic(text, expected):
    assert relations(text) == expected


def test_an_anniversary_needs_its_own_year():
    assert relations("Tokyo, 9 October 2020 — Japan and Mongolia prepare for the 50th anniversary of diplomatic "
                     "relations.") == set()


def test_the_two_countries_are_the_two_states_named_last():
    text = ("Beijing, 11 July 2023 — Samoa's envoy to the UN was named ambassador of Samoa to China at the event. "
            "The two countries established diplomatic ties on 21 September 2019.")
    assert relations(text) == {(("CN", "WS"), "2019-09-21")}


# ----------------------------------------------------------------------------- missions

def missions(text: str) -> set[tuple]:
    return {(m.kind, m.sending, m.location.label) for m in facts(text).missions}


@pytest.mark.parametrize("text, expected", [
    ("Rabat, 17 January 2020 — Guinea opened a general consulate in the southern port city of Agadir on Friday.",
     {("Consulate", "GN", "Agadir")}),
    ("Rabat, 17 January 2020 — At the opening of the General Consulate of Gambia in Agadir, the minister spoke.",
     {("Consulate", "GM", "Agadir")}),
    ("Rabat, 17 January 2020 — He spoke during the opening of Benin’s consulate in Agadir.",
     {("Consulate", "BJ", "Agadir")}),
    ("Brasilia, 31 July 2019 — The French embassy in Brazil declined to comment.", {("Embassy", "FR", "Brazil")}),
    ("Beijing, 11 July 2023 — A ceremony was held in Beijing to mark the opening of the Samoan Embassy in China.",
     {("Embassy", "WS", "Beijing")}),
    ("Rabat, 17 January 2020 — Ghana plans to open an embassy in Rabat.", set()),
])
def test_missions(text, expected):
    assert missions(text) == expected
