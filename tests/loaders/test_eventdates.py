"""A date belongs to its own event: dates chosen per clause, spans of visits, dates told later."""
from __future__ import annotations

import pytest

from diplokg.loaders.clauses import Cursor
from diplokg.loaders.eventdates import SIGNING_WORDS, as_value, during_visit, own_date, told_later, visit_span
from diplokg.loaders.reading import read

DATELINE = "ROME, 12 July 2023 — "  # a Wednesday


def cursor(body: str) -> Cursor:
    return Cursor.of(read(DATELINE + body))


def date_of(cur: Cursor, i: int, words: str, **kw) -> str | None:
    text = cur.doc.sentences[i].text
    at = text.index(words)
    return as_value(own_date(cur, i, at, at + len(words), **kw))


def test_each_agreement_takes_the_date_of_its_own_clause():
    cur = cursor("Italy and Chile recalled the trade accord signed with Lima in 1999 and the treaty on "
                 "culture, signed in 2004.")
    assert date_of(cur, 0, "trade accord", own_words=SIGNING_WORDS) == "1999"
    assert date_of(cur, 0, "treaty on culture", own_words=SIGNING_WORDS) == "2004"


def test_a_date_after_another_event_word_is_that_events():
    cur = cursor("The visit of the Chilean president saw the signing of two agreements on Monday.")
    assert date_of(cur, 0, "visit") is None
    assert date_of(cur, 0, "signing") == "2023-07-10"


def test_the_nearest_date_before_the_event_when_none_follows_it():
    cur = cursor("The minister, who is touring Italy from 10 to 13 July, Tuesday held talks with his host.")
    assert date_of(cur, 0, "held talks") == "2023-07-11"


def test_a_coordinated_clause_keeps_its_own_date():
    cur = cursor("The two ministers signed a Treaty on Extradition and agreed to meet again in Santiago in 2025.")
    assert date_of(cur, 0, "Treaty on Extradition", own_words=SIGNING_WORDS) is None


def test_a_when_clause_shares_the_time_of_the_clause_before_it():
    cur = cursor("The text was agreed in Geneva on 2 April, when the two envoys initialled the protocol.")
    assert date_of(cur, 0, "initialled") == "2023-04-02"


def test_since_bounds_a_period_and_dates_no_event():
    cur = cursor("The two sides met in Rome, the first meeting since 2017.")
    assert date_of(cur, 0, "met") is None


def test_a_call_dated_in_the_next_sentence():
    cur = cursor("The two ministers spoke by telephone about trade. The spokesman said after the call on Monday "
                 "that both sides were pleased.")
    assert told_later(cur, 0, "call") == "2023-07-10"
    assert told_later(cur, 0, "visit") is None


@pytest.mark.parametrize("body, span", [
    ("The Chilean president arrived in Rome on Monday for a three-day state visit to Italy.",
     ("2023-07-10", "2023-07-12")),
    ("The Chilean president is on a visit to Italy from Sunday to July 14.", ("2023-07-09", "2023-07-14")),
    ("The Chilean president, ending a two-day state visit to Italy on Tuesday, flew home.",
     ("2023-07-10", "2023-07-11")),
])
def test_a_visit_spans_from_arrival_to_departure(body, span):
    from diplokg.loaders.eventdates import visit_length

    cur = cursor(body)
    text = cur.doc.sentences[0].text
    at = text.index("visit")
    assert visit_span(cur, 0, at, at + 5, *visit_length(text)) == span


def test_signed_during_the_visit_is_dated_by_the_visit():
    cur = cursor("The Chilean president paid a state visit to Italy from 9 to 11 July. "
                 "During the visit the two sides signed a Treaty on Extradition and agreed to meet in 2025.")
    text = cur.doc.sentences[1].text
    assert during_visit(cur, 1, text.index("Treaty")) == "2023-07"


def test_a_visit_ends_the_day_its_visitor_leaves():
    from diplokg.loaders.events import extract_visits

    cur = cursor("The Chilean president Ana Reyes arrived in Rome on Monday for an official visit to Italy. "
                 "Reyes left Rome for Santiago on Wednesday.")
    (visit,) = extract_visits(cur)
    assert (visit.start, visit.end) == ("2023-07-10", "2023-07-12")


def test_a_meeting_during_a_visit_of_several_days_has_no_day():
    from diplokg.loaders.events import extract_meetings

    cur = cursor("The Chilean president Ana Reyes paid a state visit to Italy from 9 to 11 July. "
                 "During her visit, Reyes also met Italy's Prime Minister Marco Bellini.")
    (meeting,) = extract_meetings(cur)
    assert meeting.date is None
