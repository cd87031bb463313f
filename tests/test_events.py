"""Context events (meetings, conflicts, offensives, ceasefires) with the sentence that carries each.

The two seed reports are read from ../shared/seeds (skipped when absent); the other texts are invented here.
"""

from __future__ import annotations

import pytest

from armswatch.extract.events import Actor, ContextEvent, find_events, split_sentences

from .conftest import shared_path


def _seed(prefix: str) -> str:
    seeds = shared_path("seeds")
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"needs a seed report {prefix}_*.txt in {seeds}; not present here")
    return found[0].read_text(encoding="utf-8")


def _check_provenance(text: str, events: list[ContextEvent]) -> None:
    for ev in events:
        assert ev.evidence == text[ev.span[0]:ev.span[1]]
        assert ev.parties == tuple(sorted(ev.parties))
        for actor in ev.actors:
            assert text[actor.span[0]:actor.span[1]].split()[-1] == actor.name.split()[-1]
        if ev.date_text is not None:
            assert ev.date_text in ev.evidence


def _one(events: list[ContextEvent], kind: str, date: str | None) -> ContextEvent:
    found = [e for e in events if e.kind == kind and e.date == date]
    assert len(found) == 1, f"{kind} {date}: {events}"
    return found[0]


# ---------------------------------------------------------------------------------------------------- seeds


def test_seed_000_conflict_offensives_and_ceasefires():
    text = _seed("000")
    events = find_events(text)
    _check_provenance(text, events)
    assert sorted((e.kind, e.date) for e in events) == [
        ("ceasefire", "2020-11"), ("ceasefire", "2023-09-20"), ("conflict", None),
        ("offensive", "2020-09"), ("offensive", "2023-09-19"),
    ]

    conflict = _one(events, "conflict", None)
    assert conflict.parties == ("ARM", "AZE")
    assert conflict.place == "Nagorno-Karabakh" and conflict.place_iso3 is None

    off_2020 = _one(events, "offensive", "2020-09")
    assert off_2020.attacker == "AZE"
    assert off_2020.place == "Nagorno-Karabakh"
    assert off_2020.date_text == "in September 2020" and not off_2020.approximate_date
    assert "AZE" in off_2020.parties
    assert off_2020.evidence.startswith("The conflict escalated sharply in September 2020")

    cf_2020 = _one(events, "ceasefire", "2020-11")
    assert cf_2020.broker == "RUS"
    assert "RUS" not in cf_2020.parties  # a mediator is context, never a party
    assert cf_2020.parties == ("ARM", "AZE")
    assert cf_2020.date_text == "In November 2020"
    assert cf_2020.evidence.startswith("In November 2020, a ceasefire brokered by Russia")

    off_2023 = _one(events, "offensive", "2023-09-19")
    assert off_2023.attacker == "AZE"
    assert off_2023.place == "Nagorno-Karabakh" and off_2023.place_iso3 is None
    assert off_2023.date_text == "On September 19, 2023"

    cf_2023 = _one(events, "ceasefire", "2023-09-20")
    assert cf_2023.broker == "RUS"  # "by the Russian peacekeeping command"
    assert "RUS" not in cf_2023.parties
    assert cf_2023.date_text == "The following day, September 20"
    assert cf_2023.place == "Nagorno-Karabakh"
    # the later references ("The ceasefire agreement included ...", "the ceasefire line") are not new events
    assert not any("ceasefire line" in e.evidence for e in events)


def test_seed_001_meeting_in_beijing():
    text = _seed("001")
    events = find_events(text)
    _check_provenance(text, events)
    assert [e.kind for e in events] == ["meeting"]  # "This meeting ...", "the meeting between ..." are the same one
    meeting = events[0]
    assert meeting.parties == ("AZE", "PAK")  # China is the venue, not a party
    assert meeting.place == "Beijing" and meeting.place_iso3 == "CHN"
    assert [(a.name, a.role, a.iso3) for a in meeting.actors] == [
        ("Hikmet Hajiyev", "Assistant to the President of Azerbaijan", "AZE"),
        ("Khalil Hashmi", "Pakistan's Ambassador to China", "PAK"),
    ]
    for actor in meeting.actors:
        assert text[actor.span[0]:actor.span[1]] == actor.name
    assert meeting.span[0] == 0
    # "recently" with no report date: approximate, undated
    assert meeting.date is None and meeting.date_text == "recently" and meeting.approximate_date


def test_seed_001_recently_takes_the_report_date():
    text = _seed("001")
    (meeting,) = find_events(text, published="2024-03-26")
    assert meeting.date == "2024-03-26" and meeting.approximate_date


# ---------------------------------------------------------------------------------------------------- invented


def test_met_in_ankara_with_roles_before_names():
    text = ("Turkish Defence Minister Yasar Gulen and Pakistan's Chief of Army Staff General Asim Murad met in Ankara "
            "on Tuesday.")
    (ev,) = find_events(text, published="2024-03-28")
    _check_provenance(text, [ev])
    assert ev.kind == "meeting"
    assert ev.place == "Ankara" and ev.place_iso3 == "TUR"
    assert ev.parties == ("PAK", "TUR")
    assert [(a.name, a.iso3) for a in ev.actors] == [("Yasar Gulen", "TUR"), ("Asim Murad", "PAK")]
    assert ev.actors[0].role == "Turkish Defence Minister"
    assert ev.date == "2024-03-26" and ev.date_text == "on Tuesday"


def test_appositive_roles_and_ambassador_serves_the_sending_state():
    text = ("Leyla Mammadli, the Deputy Foreign Minister of Azerbaijan, and Omar Qureshi, Pakistan's Ambassador "
            "to Turkey, met in Istanbul on 12 May 2023.")
    (ev,) = find_events(text)
    assert ev.actors == (
        Actor("Leyla Mammadli", "Deputy Foreign Minister of Azerbaijan", "AZE", (0, 14)),
        Actor("Omar Qureshi", "Pakistan's Ambassador to Turkey", "PAK", ev.actors[1].span),
    )
    assert ev.parties == ("AZE", "PAK")  # Turkey only receives the ambassador
    assert ev.place == "Istanbul" and ev.place_iso3 is None
    assert ev.date == "2023-05-12"


def test_brokered_truce_and_in_year():
    text = "Armenia and Azerbaijan agreed to a US-brokered truce in 2022."
    (ev,) = find_events(text)
    assert ev.kind == "ceasefire"
    assert ev.broker == "USA"
    assert ev.parties == ("ARM", "AZE")
    assert ev.date == "2022" and ev.date_text == "in 2022"


def test_the_next_day_counts_from_the_previous_date():
    text = ("On 3 March 2021, India and China held talks in Moscow. "
            "The next day, Indian and Chinese troops clashed along the border.")
    events = find_events(text)
    _check_provenance(text, events)
    meeting = _one(events, "meeting", "2021-03-03")
    assert meeting.parties == ("CHN", "IND") and meeting.place_iso3 == "RUS"
    clash = _one(events, "conflict", "2021-03-04")
    assert clash.parties == ("CHN", "IND")
    assert clash.date_text == "The next day"


def test_two_days_later_and_armistice():
    text = "Israel and Egypt signed an armistice on 24 February 1949. Two days later, Israel attacked Jordan."
    events = find_events(text)
    assert _one(events, "ceasefire", "1949-02-24").parties == ("EGY", "ISR")
    off = _one(events, "offensive", "1949-02-26")
    assert off.attacker == "ISR" and off.parties == ("ISR", "JOR")


def test_on_thursday_is_the_latest_thursday_before_the_report():
    text = "Greek and Turkish officials met in Athens on Thursday."
    (ev,) = find_events(text, published="2024-03-25")  # a Monday
    assert ev.kind == "meeting"
    assert ev.date == "2024-03-21" and ev.date_text == "on Thursday"
    assert ev.parties == ("GRC", "TUR") and ev.place_iso3 == "GRC"
    # without a report date the weekday cannot be placed
    (undated,) = find_events(text)
    assert undated.date is None and undated.date_text == "on Thursday"


def test_last_year_and_attacker_is_the_subject():
    text = "Russia launched an offensive against Ukraine last year."
    (ev,) = find_events(text, published="2023-06-01")
    assert ev.kind == "offensive"
    assert ev.attacker == "RUS" and ev.parties == ("RUS", "UKR")
    assert ev.date == "2022" and ev.date_text == "last year"


def test_last_month_and_passive_attack():
    (ev,) = find_events("Ukraine was attacked by Russia last month.", published="2024-01-15")
    assert ev.attacker == "RUS" and ev.parties == ("RUS", "UKR") and ev.date == "2023-12"


def test_named_region_conflict_and_reference_back():
    text = ("India and Pakistan have fought several wars over Kashmir. "
            "The conflict flared again in 2019.")
    events = find_events(text)
    assert len(events) == 1
    (ev,) = events
    assert ev.kind == "conflict" and ev.parties == ("IND", "PAK") and ev.place == "Kashmir"


@pytest.mark.parametrize("text", [
    "Pakistan will sell 40 JF-17 fighter jets to Azerbaijan under a $1.6 billion deal signed in 2024.",
    "The jets will help Azerbaijan meet its air defence requirements.",
    "The contract was met with criticism in Armenia.",
    "Poland ordered 96 AH-64E Apache attack helicopters from the United States.",
    "The president called on Turkey to deliver the drones on time.",
    "Taiwan is buying Harpoon missiles to deter a possible invasion by China.",
])
def test_sentences_without_events(text):
    assert find_events(text, published="2024-03-26") == []


def test_a_long_article_without_events_runs():
    sentences = [
        "The Ministry of Defence said the contract covers spare parts, training and logistics support.",
        "Deliveries of the first batch are expected to begin within two years of signature.",
        "Analysts said the purchase would modernise an ageing fleet of Soviet-era aircraft.",
        "Pakistan has offered the JF-17 Thunder to several air forces in Africa and Asia.",
        "The aircraft is co-developed by the Pakistan Aeronautical Complex and a Chinese state firm.",
        "Officials declined to comment on the financing of the agreement or on offsets.",
    ]
    text = ""
    i = 0
    while len(text) < 5000:
        text += sentences[i % len(sentences)] + (" " if i % 4 else "\n\n")
        i += 1
    assert len(text) >= 5000
    assert find_events(text, published="2024-03-26") == []


def test_split_sentences_keeps_abbreviations_together():
    text = "Gen. Asim Murad met officials in Baku. The U.S. declined to comment.\nHeadline line"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Asim Murad met officials in Baku.", "The U.S. declined to comment.", "Headline line",
    ]


def test_crowded_clause_keeps_the_states_next_to_the_war():
    text = ("Leaders thanked Ankara and Islamabad for the steady political and moral support they had given Baku "
            "during the war with Armenia.")
    (ev,) = find_events(text)
    assert ev.kind == "conflict" and ev.parties == ("ARM", "AZE")


def test_a_mediator_is_never_a_party():
    text = "US President Sam Doe announced the ceasefire between India and Pakistan after US-mediated talks."
    events = [e for e in find_events(text) if e.kind == "ceasefire"]
    assert len(events) == 1
    assert events[0].broker == "USA" and events[0].parties == ("IND", "PAK")
