"""Unit tests of the meeting and visit rules: events that happened, with the date and sides they
were told with, and none that were only planned, called off or named as a purpose."""
from __future__ import annotations

from diplokg.loaders.extract import extract_facts
from diplokg.loaders.sources import SourceText


def facts(text: str, published: str | None = None):
    return extract_facts(SourceText(key="test:unit", location="test:unit", text=text, published=published))


def meetings(text: str) -> list[tuple[str | None, list[str]]]:
    return [(m.date, sorted(m.participants)) for m in facts(text).meetings]


def test_a_trip_called_off_is_not_made_by_naming_it_again():
    text = ("Minister postpones trip to Chile\n\n"
            "Foreign Minister Lena Varga of Hungary will not travel to Chile this week as previously planned, an "
            "official said on Thursday. Officials said the trip had been cancelled. The ministry's spokesman said he "
            "had no news on Varga's trip to Chile.")
    assert facts(text).visits == []


def test_a_trip_made_after_one_called_off_is_still_a_visit():
    text = ("BUDAPEST, 3 May 2023 — Foreign Minister Lena Varga of Hungary will not travel to Chile this week. "
            "Varga visited Chile in 2019.")
    assert [(v.host, v.start) for v in facts(text).visits] == [("CL", "2019")]


def test_a_summit_named_as_the_purpose_of_a_trip_is_not_told_as_held():
    text = ("TASHKENT, 16 Sep 2022 — Prime Minister Ravi Menon of India arrived in Samarkand to be part of the "
            "regional summit on Thursday.")
    assert facts(text).meetings == []


def test_a_person_inside_the_name_of_the_round_is_no_subject_to_pair_with_the_last_one():
    text = ("LIMA, 3 May 2023 — Foreign Minister Ana Soto of Chile may visit Peru next month.\n\n"
            "The 6th round of Foreign Secretary Level Consultations took place in Lima on Tuesday, the ministry "
            "said. The Chilean side was led by Foreign Secretary Luis Rojas, while Foreign Secretary Marta Diaz "
            "led the Peruvian side.")
    got = meetings(text)
    assert all("ana-soto" not in people for _, people in got), got


def test_the_day_is_lost_after_a_meeting_told_later():
    text = ("LIMA, 3 May 2023 — Foreign Minister Ana Soto of Chile held talks with Foreign Minister Luis Rojas of "
            "Peru in Lima on Tuesday.\n\n"
            "Soto later called on President Marta Diaz of Peru and discussed trade. During the minister's call on "
            "Prime Minister Pablo Ruiz of Peru, investment remained the focus of discussion.")
    dates = {tuple(p): d for d, p in meetings(text)}
    assert dates[("ana-soto", "luis-rojas")] == "2023-05-02"
    assert [d for p, d in dates.items() if "pablo-ruiz" in p] == [None]


def test_a_signing_takes_the_city_the_story_told_it_in_not_the_datelines():
    text = ("OSLO, 7 September 2021 — Norway has signed two accords with Chile at a ceremony held in Geneva, "
            "Switzerland.\n\n"
            "The signing reflects the government's foreign policy. The Chilean side was represented by its "
            "ambassador.\n\n"
            "The first accord was signed on 3 September 2021 by Ambassador Ana Soto of Chile and Ambassador Lars "
            "Berg of Norway.")
    got = [(m.date, m.place.label if m.place else None) for m in facts(text).meetings]
    assert ("2021-09-03", "Geneva") in got, got


def test_envoys_who_came_to_present_credentials_are_not_told_presenting_them():
    text = ("WELLINGTON, 8 April 2022 — The Dean of the Diplomatic Corps, Ambassador Tomas Reyes of Chile, "
            "received a courtesy call from Ambassador Ana Soto of Peru on Tuesday 5 April. The new envoys "
            "arrived in New Zealand the previous week to present their credentials to the Governor-General of New "
            "Zealand, Dame Helen Ward.")
    got = facts(text).meetings
    assert [sorted(m.participants) for m in got] == [["ana-soto", "reyes-tomas"]], got
    assert sorted(got[0].parties) == ["CL", "PE"]


def test_a_preposition_governs_every_state_of_its_list():
    text = ("CANBERRA, 8 April 2022 — Ambassador Tomas Reyes of Chile received courtesy calls from envoys residing "
            "in Australia and Japan on Tuesday 5 April.")
    assert all("JP" not in m.parties for m in facts(text).meetings)


def test_a_ceremony_in_a_story_of_many_states_is_not_given_two_of_them():
    text = ("WELLINGTON, 8 April 2022 — Envoys of Oman, Latvia, Romania, Uruguay and Belgium arrived in New "
            "Zealand last week. Peru and Chile also sent new envoys.\n\n"
            "The credentials ceremony was held on 6 April 2022 at Government House.")
    assert facts(text).meetings == []


def test_a_caller_named_by_post_is_not_the_person_told_before():
    text = ("Ambassador Tomas Reyes of Chile received courtesy calls from Ambassador Ana Soto of Peru and "
            "Ambassador Lars Berg of Norway on Tuesday 5 April 2022.\n\n"
            "The High Commissioner of Australia to New Zealand, resident in Wellington, H.E. Xq Zz also "
            "paid a courtesy call to Ambassador Reyes.")
    got = facts(text, published="2022-04-08").meetings
    last = [m for m in got if m.date is None]
    # the High Commissioner ("H.E. NAME") and the host; neither caller of the sentence before
    assert [sorted(m.participants) for m in last] == [["reyes-tomas", "xq-zz"]] and "AU" in last[0].parties, got
    assert last[0].place is None


def test_a_state_in_the_datelines_wire_credit_is_no_party():
    text = ("OSLO, (Chile Wire / NTB - 02nd Apr, 2020) Foreign Minister Lars Berg of Norway received a phone call "
            "today from Foreign Minister Ana Soto of Peru.")
    assert [sorted(m.parties) for m in facts(text).meetings] == [["NO", "PE"]]


def test_callers_listed_after_included_each_meet_the_host():
    text = ("Chilean Ambassador Tomas Reyes received courtesy calls from several envoys on Tuesday 5 April "
            "2022.\n\n"
            "The envoys that paid courtesy calls to Ambassador Reyes included: Ambassador of Oman (H.E. Xq Zz); "
            "Ambassador of Latvia (H.E. Lars Berg); and Ambassador of Peru (H.E. Ana Soto).")
    got = sorted((m.date, sorted(m.participants), sorted(m.parties)) for m in facts(text, published="2022-04-08").meetings)
    assert len(got) == 3, got
    assert all(date == "2022-04-05" and "reyes-tomas" in people and len(people) == 2 for date, people, _ in got), got
    assert sorted(next(iter(set(p) - {"CL"})) for _, _, p in got) == ["LV", "OM", "PE"]


def test_a_meeting_takes_the_city_a_caption_of_the_same_people_gives():
    text = ("Farewell call on the Foreign Minister\n\nMinistry of Foreign Affairs, March 29, 2019\n\n"
            "Outgoing Chilean Ambassador Tomas Reyes today paid a farewell courtesy call on the Minister of Foreign "
            "Affairs of Peru, Ana Soto.\n\n"
            "Outgoing Chilean Ambassador Tomas Reyes (l) and Minister of Foreign Affairs of Peru, Ana Soto, exchange "
            "gifts at the Ministry of Foreign Affairs in Lima.")
    got = [(m.date, m.place.label if m.place else None) for m in facts(text).meetings]
    assert got == [("2019-03-29", "Lima")], got


def test_the_event_told_next_gives_the_city():
    text = ("March 3, 2010\n\nAmbassador Tomas Reyes of Chile today presented his credentials to the Secretary "
            "General of the United Nations, Ana Soto.\n\n"
            "At the event, which took place in her office at the headquarters in Geneva, the diplomat thanked her.")
    got = [(m.date, m.place.label if m.place else None) for m in facts(text).meetings]
    assert got == [("2010-03-03", "Geneva")], got


def test_a_city_named_as_the_city_of_is_where_the_story_is():
    text = ("By on January 17, 2020\n\nChile opened a consulate in the southern city of Arica on January 17. The "
            "Foreign Minister of Chile, Tomas Reyes, co-chaired the inauguration ceremony with his Peruvian "
            "counterpart Ana Soto.")
    got = [(m.date, m.place.label if m.place else None) for m in facts(text).meetings]
    assert got == [("2020-01-17", "Arica")], got


def test_the_first_meeting_in_this_format_since_tells_the_last_one_of_the_format_named_before():
    text = ("The Minister will travel to Lima on 3 May. There he will co-chair the second meeting of EU-ASEAN "
            "Trade Ministers together with the Foreign Minister of Peru. It is the first meeting in this format "
            "since 2019.")
    got = [(m.date, sorted(m.parties)) for m in facts(text, published="2023-04-20").meetings]
    assert got == [("2019", ["org:asean", "org:european-union"])], got


def test_a_visit_on_a_programme_is_not_made():
    text = ("ROME, 4 March 2023 — Foreign Minister Ana Soto of Peru will meet President Lars Berg of Italy on "
            "Monday. Her programme also includes a visit to the port of Genoa.")
    assert facts(text).visits == []
