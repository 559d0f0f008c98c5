"""Whether a clause tells an event that happened (``loaders.modality``)."""
from __future__ import annotations

import pytest

from diplokg.loaders.modality import clause_bounds, is_unreal, is_unreal_event


def _at(sentence: str, word: str) -> tuple[int, int]:
    i = sentence.index(word)
    return i, i + len(word)


@pytest.mark.parametrize("sentence, word", [
    ("The minister met his counterpart in Rome on Monday.", "met"),
    ("The two presidents held talks at the palace.", "held talks"),
    ("She arrived in Lima on Tuesday for a three-day official visit.", "official visit"),
    ("He paid a courtesy call on the Prime Minister, who will travel to Paris next week.", "courtesy call"),
    ("The leaders met in Oslo; a second round will follow in spring.", "met"),
    ("She recalled her visit to Jakarta in 2019.", "visit"),
    ("The ambassador arrived at the palace to present her credentials to the King.", "present her credentials"),
    ("The minister, who is expected to resign, met the envoy on Friday.", "met"),
])
def test_events_that_happened(sentence, word):
    assert not is_unreal_event(sentence, *_at(sentence, word))


@pytest.mark.parametrize("sentence, word", [
    # planned, scheduled, expected
    ("The minister will visit Rome next month.", "visit"),
    ("The upcoming summit in Lima is the first in a decade.", "summit"),
    ("He is scheduled to meet the President on Friday.", "meet"),
    ("The Prime Minister is also expected to hold bilateral meetings on the sidelines of the summit.", "meetings"),
    ("She was supposed to see her counterpart in Lisbon.", "see her counterpart"),
    ("Friday's meeting of the two envoys was supposed to end the quarrel over fishing rights.", "meeting"),
    ("The envoy had to fly to Quito on Monday for a second round of talks on the border.", "talks"),
    ("The leaders asked their foreign ministers to prepare a visit by the President to Accra next year.", "visit"),
    ("The Chancellor invited her to a summit on energy in Berlin in the autumn.", "summit"),
    # a future governing a later verb of its clause
    ("She will open a trade fair, tour a wind farm and meet with the Prime Minister.", "meet"),
    ("The trip aims to deepen ties, above all by chairing the Regional Ministers Meeting.", "Meeting"),
    ("We look forward to meeting the King in Amman.", "meeting"),
    ("On Sunday the minister is scheduled to pay a courtesy call on the Emir.", "courtesy call"),
    # postponed, cancelled, called off, pulled out
    ("Chancellor delays potential trip to Chile", "trip"),
    ("The Premier pulled out of the state visit to Fiji because of floods at home.", "state visit"),
    ("The summit was called off because of the storm.", "summit"),
    ("She postponed the state visit to Paris.", "state visit"),
    ("The governor canceled her meeting with the Dutch trade minister.", "meeting"),
    ("Having cancelled the summit meeting in Suva, she sent a letter instead.", "meeting"),
    # denied
    ("The two ministers did not meet.", "meet"),
    ("The leaders have not met since the crisis.", "met"),
    # a habit, not one event
    ("The ambassador met him on numerous occasions during her posting.", "met"),
    ("The two envoys meet regularly to review the ceasefire.", "meet"),
])
def test_events_that_did_not_happen(sentence, word):
    assert is_unreal_event(sentence, *_at(sentence, word))


def test_a_far_future_does_not_undo_an_agreement_signed_before():
    # is_unreal serves agreements too: only the event check reads a future from afar
    sentence = "The ministers will review progress on many fronts, including the Agreement on Fisheries signed in 2019."
    assert not is_unreal(sentence, *_at(sentence, "Agreement"))
    assert is_unreal_event(sentence, *_at(sentence, "Agreement"))


def test_the_clause_ends_where_a_reported_message_starts():
    sentence = "She phoned the Emir to inform him the Crown Prince would attend instead."
    lo, hi = clause_bounds(sentence, *_at(sentence, "phoned"))
    assert sentence[lo:hi] == "She phoned the Emir "


@pytest.mark.parametrize("sentence, word", [
    ("PM Lindholm to visit Japan next week", "visit"),
    ("The talks will focus on trade and migration.", "talks"),
    ("A visit by the President, planned for March, was discussed.", "visit"),
    ("The opposition called for talks with the government.", "talks"),
    ("The minister refused to meet the envoy.", "meet"),
    ("The President denied meeting the businessman.", "meeting"),
    ("If the two leaders meet, the dispute could be settled.", "meet"),
])
def test_more_events_that_did_not_happen(sentence, word):
    assert is_unreal_event(sentence, *_at(sentence, word))


@pytest.mark.parametrize("sentence, word", [
    ("Talks held in Rome on Monday will pave the way for a ceasefire.", "Talks"),
    ("She arrived in Tokyo to meet the Prime Minister.", "meet"),
    ("The government rejected the agreement signed in 2015.", "agreement"),
])
def test_not_undone_by_a_later_future_or_a_rejection(sentence, word):
    assert not (is_unreal_event if word != "agreement" else is_unreal)(sentence, *_at(sentence, word))


def test_an_event_dated_after_the_dateline_is_still_to_come():
    from diplokg.loaders.clauses import Cursor
    from diplokg.loaders.modality import after_reference, still_to_come
    from diplokg.loaders.reading import read

    doc = read("NEW DELHI, 10 May 2024 — The President arrives tomorrow. He meets the Prime Minister on 12 May. "
               "The ministers met on 14 May 2024.")
    assert after_reference("2024-05-11", doc) and after_reference("2024-06", doc)
    assert not after_reference("2024-05-10", doc) and not after_reference("2024-05", doc)
    assert not after_reference("2024", doc) and not after_reference("2023-12-31", doc)
    dates = Cursor.of(doc).dates
    texts = [s.text for s in doc.sentences]
    assert still_to_come(dates[0], doc, texts[0])  # a relative day ahead
    assert still_to_come(dates[1], doc, texts[1])  # the present of a schedule
    assert not still_to_come(dates[2], doc, texts[2])  # a past tense is believed
    undated = read("The President arrived on 3 May 2024. He will leave on 12 May 2024.")
    assert not after_reference("2024-05-11", undated)  # no dateline: the reference is a guess
