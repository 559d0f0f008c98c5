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
