"""The page layout stage: what each line of a saved page is, the dateline, and the reference date."""
from __future__ import annotations

import datetime as dt

import pytest

from diplokg.loaders.dates import Reference, find_dates, offset_from
from diplokg.loaders.layout import read_layout
from diplokg.loaders.text import split_sentences


def kinds(text: str) -> list[tuple[str, str]]:
    layout = read_layout(text)
    return [(b.kind, text[b.start:b.end]) for b in layout.blocks]


def reference(text: str) -> Reference | None:
    return read_layout(text).reference


# ------------------------------------------------------------------------------ line kinds

def test_page_parts_are_sorted_into_kinds():
    text = ("World | Africa | Diplomacy\n\n"
            "Ghana And Togo Ministers Meet In Accra\n\n"
            "By Ama Owusu | Updated 3 hours ago\n\n"
            "ACCRA, 4 March 2024 — Ghana's Foreign Minister met his Togolese counterpart on Monday.\n\n"
            "The two ministers in Accra on Monday. (Photo: Foreign Ministry)\n\n"
            "Border trade\n\n"
            "They agreed to reopen two border posts.\n\n"
            "Leave a Reply\n\n"
            "Nigeria and Benin hold talks in Cotonou")
    assert [k for k, _ in kinds(text)] == ["furniture", "headline", "byline", "body", "caption", "subhead", "body",
                                          "furniture", "furniture"]
    assert read_layout(text).headline == "Ghana And Togo Ministers Meet In Accra"


def test_only_story_and_captions_become_sentences():
    text = ("Japan And Peru Sign Pact\n\nShare this article\n\n"
            "LIMA, 2 May 2024 — Japan and Peru signed a pact.\n\nRelated Stories\n\nChile opens embassy in Oslo")
    assert [s.text for s in split_sentences(text)] == ["LIMA, 2 May 2024 — Japan and Peru signed a pact."]


def test_a_caption_printed_twice_or_repeating_the_story_tells_nothing_new():
    caption = "The minister meets the ambassador in Rome on 2 May 2019. (Photo: ministry)"
    text = f"{caption}\n\n{caption}\n\nThe ministers held talks in Rome. Both sides met again on Friday.\n\n" \
           "Both sides met again on Friday. (Photo: AFP)"
    got = kinds(text)
    assert [k for k, _ in got] == ["caption", "furniture", "body", "furniture"]


def test_an_embedded_post_is_furniture():
    text = ("The envoy presented his credentials on Monday.\n\n"
            "Honoured to present my letters today pic.twitter.com/abc — Jan Novak (@jnovak) May 2, 2022")
    assert [k for k, _ in kinds(text)] == ["body", "furniture"]


# ------------------------------------------------------------------------------ datelines

@pytest.mark.parametrize("text, place, date", [
    ("Islamabad, 26 July 2022 (TDI): text", "Islamabad", "26 July 2022"),
    ("TOKYO, Sept. 29, 2023 — text", "TOKYO", "Sept. 29, 2023"),
    ("Lima, Jan. 23 — text", "Lima", "Jan. 23"),
    ("Accra — Ghana and Togo said so.", "Accra", None),
    ("OSLO (Reuters) - Norway said so.", "OSLO", None),
    ("DAKAR: Senegal said so.", "DAKAR", None),
    ("May 3, 2018 (NAIROBI) - Kenya said", "NAIROBI", "May 3, 2018"),
    ("Apr,12/2021(XNA) Kenya said", None, "Apr,12/2021"),
    ("CAIRO, (Agency One / Agency Two - 04th May, 2020) Egypt said", "CAIRO", "04th May, 2020"),
])
def test_dateline_forms(text, place, date):
    dateline = read_layout(text).dateline
    assert dateline is not None and (dateline.place, dateline.date_text) == (place, date)


def test_a_dateline_after_headlines_and_a_byline_is_found():
    text = "Kenya Hosts Talks\n\nSecond title of the page here\n\nBy Staff\n\nNAIROBI, 5 June 2023 — Kenya held talks."
    layout = read_layout(text)
    assert layout.dateline is not None and layout.dateline.place == "NAIROBI"
    assert layout.reference == Reference(dt.date(2023, 6, 5), "publication", "dateline")


# ------------------------------------------------------------------------------ the reference date

def test_the_collections_page_date():
    assert reference(" date 2020-02-14 Rome — Italy said on Monday.") == \
        Reference(dt.date(2020, 2, 14), "publication", "page-date")


def test_a_dated_dateline_wins_over_the_page_stamp():
    ref = reference(" date 2022-03-07 ACCRA, 4 March 2022: Ghana signed the accord.")
    assert ref == Reference(dt.date(2022, 3, 4), "publication", "dateline")


def test_a_yearless_dateline_takes_the_year_of_the_stamp():
    ref = reference("Published on 2 January 2024\n\nLima, Dec. 31 — Peru said on Sunday.")
    assert ref is not None and ref.day == dt.date(2023, 12, 31) and ref.rule == "dateline+labelled"


def test_a_byline_date_and_a_date_line_under_the_headline():
    assert reference("Chile Opens Consulate\n\nBy on March 3, 2020\n\nChile opened it.").rule == "labelled"
    ref = reference("Chile Opens Consulate\n\n  9th June 2021\n\nChile opened a consulate today.")
    assert ref == Reference(dt.date(2021, 6, 9), "publication", "head-stamp")


def test_a_labelled_stamp_beats_a_site_header():
    text = "Monday, 6 January 2025\n\nChile Opens Consulate\n\nPosted 12 May 2019\n\nChile opened a consulate."
    assert reference(text) == Reference(dt.date(2019, 5, 12), "publication", "labelled")


def test_a_site_header_years_after_the_story_is_not_its_date():
    text = ("Monday, 6 January 2025\n\nChile Opens Consulate\n\n"
            "Chile opened a consulate in Oslo on 2 May 2019. The minister spoke on Friday.")
    assert reference(text) == Reference(dt.date(2019, 5, 2), "event", "body")
    alone = "Monday, 6 January 2025\n\nChile Opens Consulate\n\nChile opened a consulate in Oslo on Friday."
    assert reference(alone) == Reference(dt.date(2025, 1, 6), "publication", "site-header")


def test_without_a_page_date_the_first_full_date_is_an_event_anchor():
    text = "The two ministers met in Oslo on Friday.\n\nThe envoys met in Oslo, 9 August 2019. (Photo: ministry)"
    assert reference(text) == Reference(dt.date(2019, 8, 9), "event", "caption")
    assert reference("The two ministers met in Oslo on Friday.") is None


# ------------------------------------------------------------------------------ dates against it

def test_a_weekday_against_an_event_anchor_is_the_nearest_such_day():
    anchor = Reference(dt.date(2019, 8, 9), "event", "caption")  # a Friday
    assert [d.value for d in find_dates("on Saturday", anchor)] == ["2019-08-10"]
    assert [d.value for d in find_dates("on Wednesday", anchor)] == ["2019-08-07"]
    published = Reference(dt.date(2019, 8, 9), "publication", "dateline")
    assert [d.value for d in find_dates("on Saturday", published)] == ["2019-08-03"]


@pytest.mark.parametrize("text, expected", [
    ("from Sunday to July 14", [("2023-07-09", "2023-07-14")]),
    ("on Monday 10th July and Wednesday 12th July", [("2023-07-10", "2023-07-12")]),
    ("met Ana on 3 July and Rui on 5 July", [("2023-07-03", None), ("2023-07-05", None)]),
    ("on Friday, 7 July", [("2023-07-07", None)]),
    ("held talks earlier in the day", [("2023-07-11", None)]),
])
def test_spans_lists_and_repeated_weekdays(text, expected):
    ref = dt.date(2023, 7, 11)  # a Tuesday
    assert [(d.value, d.end_value) for d in find_dates(text, ref)] == expected


@pytest.mark.parametrize("text, base, value", [
    ("Half a month later, the minister travelled", "2019-09-21", "2019-10"),
    ("Two days later they met", "2019-09-21", "2019-09-23"),
    ("A year later the embassy opened", "2019-09-21", "2020"),
    ("Three weeks later", "2019-09", None),  # a month cannot be counted in days
])
def test_offsets_count_from_the_story_date(text, base, value):
    got = offset_from(text, base)
    assert (got.value if got else None) == value


@pytest.mark.parametrize("stamp, day", [
    ("2019-03-12 14:10", dt.date(2019, 3, 12)),
    ("05/06/2024", dt.date(2024, 6, 5)),
    ("Published On 12 Mar 2019", dt.date(2019, 3, 12)),
    ("Thu 07th May 2020 | 10:05 AM", dt.date(2020, 5, 7)),
    ("Updated : Jan 09 2023 | 7:40 AM GMT", dt.date(2023, 1, 9)),
])
def test_stamp_forms(stamp, day):
    ref = reference(f"Ministers Meet In Lima For Talks\n\n{stamp}\n\nThe ministers met in Lima on Monday.")
    assert ref is not None and ref.day == day


def test_the_event_anchor_is_the_latest_date_that_happened():
    text = ("The two states have had relations since 4 May 1962. Their ministers met in Lima on 2 March 2023, "
            "and will meet again on 9 October 2023. They spoke on Friday.")
    assert reference(text) == Reference(dt.date(2023, 3, 2), "event", "body")


def test_story_lines_above_the_dateline_are_a_summary():
    text = ("Peru And Chile Ministers Meet\n\n"
            "The foreign ministers of Peru and Chile discussed fisheries, port fees and the border on Tuesday and "
            "agreed to meet again next year in Lima\n\n"
            "LIMA, 3 May 2022 — Peru's Foreign Minister met his Chilean counterpart on Tuesday.")
    assert [k for k, _ in kinds(text)] == ["headline", "deck", "body"]


def test_source_metadata_yields_to_a_dated_dateline_and_dates_a_yearless_one():
    from diplokg.loaders.reading import read

    assert read("LIMA, 3 May 2022 — Peru said so.", published="2022-05-05").reference.rule == "dateline"
    yearless = read("LIMA, Dec 30 — Peru said so on Friday.", published="2023-01-02").reference
    assert yearless == Reference(dt.date(2022, 12, 30), "publication", "dateline+metadata")
    assert read("Peru said so on Friday.", published="2023-01-02").reference.rule == "metadata"
