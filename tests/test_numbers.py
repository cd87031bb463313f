"""The number grammar: word and digit cardinals, and the numbers that are not counts."""

from __future__ import annotations

import pytest

from armswatch.extract.money import find_money
from armswatch.extract.numbers import WORD_NUMBERS, Quantity, find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eight", 8), ("Eight", 8), ("a dozen", 12), ("two dozen", 24), ("half a dozen", 6), ("sixty-two", 62),
        ("twenty four", 24), ("a hundred", 100), ("one hundred and twenty", 120), ("1,844", 1844), ("48", 48),
        ("three hundred", 300), ("two thousand five hundred", 2500), ("100+", 100), ("TWELVE", 12),
        ("", None), ("many", None), ("a", None), ("2.5", None), ("two three", None), ("hundred hundred", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_word_numbers_table() -> None:
    assert WORD_NUMBERS["one"] == 1
    assert WORD_NUMBERS["ninety-nine"] == 99
    assert WORD_NUMBERS["hundred"] == 100
    assert WORD_NUMBERS["dozen"] == 12


def values(text: str) -> list[tuple[str, int]]:
    return [(q.text, q.value) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baku ordered 48 jets.", [("48", 48)]),
        ("The army received 1,844 missiles.", [("1,844", 1844)]),
        ("Cairo wants eight corvettes.", [("eight", 8)]),
        ("Twelve trucks arrived.", [("Twelve", 12)]),
        ("Oslo bought a dozen rifles.", [("a dozen", 12)]),
        ("Oslo bought two dozen rifles.", [("two dozen", 24)]),
        ("Lima has sixty-two tanks.", [("sixty-two", 62)]),
        ("Lima has twenty four tanks.", [("twenty four", 24)]),
        ("They fired three hundred shells.", [("three hundred", 300)]),
        ("They fired one hundred and twenty shells.", [("one hundred and twenty", 120)]),
        ("The navy wants 8 missiles.", [("8", 8)]),
        ("It has 100+ drones.", [("100", 100)]),
        ("It will form one squadron.", [("one", 1)]),
        ("Ankara ordered 2 million rounds.", [("2 million", 2_000_000)]),
        ("Serbia will buy nine H145M helicopters.", [("nine", 9)]),  # "H" of H145M is no unit (hours)
        ("The yard will build four Type 212 boats.", [("four", 4)]),  # "build" here is a verb, not "Build 4"
        ("It imported 21 000 rounds.", [("21 000", 21000)]),  # a space between thousands
        ("It has 15 squadrons.", [("15", 15)]),
        ("It received 12 second hand helicopters.", [("12", 12)]),  # second-hand, not twelve seconds
    ],
)
def test_counts(text: str, expected: list[tuple[str, int]]) -> None:
    assert values(text) == expected


def test_offsets() -> None:
    text = "Pakistan will sell 40 JF-17 jets and twelve trainers."
    a, b = find_quantities(text)
    assert a == Quantity(19, 21, 40, "40")
    assert b == Quantity(37, 43, 12, "twelve")
    assert text[b.start : b.end] == "twelve"


def test_offsets_of_word_phrases() -> None:
    text = "A dozen Su-30 jets and one hundred and twenty drones."
    a, b = find_quantities(text)
    assert (a.start, a.end, a.value) == (0, 7, 12)
    assert (b.start, b.end, b.value) == (23, 45, 120)


@pytest.mark.parametrize(
    "text",
    [
        "The JF-17, Su-30, F-16V, S-400, K9, PAC-3 and A400M were shown.",
        "The Type 054A frigates and Type 26 ships.",
        "The Block 70 jets, the Mk 2 radar, Batch 2 boats, Tranche 3 Typhoons and Flight III destroyers.",
        "The JAS 39 and the AH-64E flew.",
        "The plan runs to 2030 after talks in 2024.",
        "Costs rose 15 per cent, 4.7%, then 94 percent.",
        "The ratio was 2.5 in the end.",
        "The 1st and 2nd squadrons, the first and second batches.",
        "Talks began at 10:30 on the day.",
        "The visit on Nov 24 and 24 November and on September 19, 2023.",
        "A 400 km range, a 155mm gun, a 155 mm gun, a 120-mm mortar, 20 kg warheads, 12 tonnes, 30 knots.",
        "The trial took six months and 3 years, then 2 weeks and 10 days.",
        "Call +91 22 2345 6789 or 555-123-4567; the file is 0012345.",
        "One of the jets crashed, one such deal, no one saw it, one another, the one they chose.",
        "It was a jet and a tank.",
        "The two-seat trainers and a one-off order for a 12-year deal.",
        "The range is 300 miles at 40,000 feet and 5 MW of power.",
        "In 2024 the F-16s and 1990s jets flew.",
        "The software Build 4 and the Mod 2 kit, then 6 h of tests.",
        "An 8×8 APC and a 6x6 truck.",
        "The Air Force's 15 Squadron flies them.",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_money_is_not_a_count() -> None:
    text = "India paid $1.6 billion, or Rs 13,000 crore, for 26 jets."
    assert values(text) == [("26", 26)]
    assert values("The price was 400 million PLN for 4 ships.") == [("4", 4)]


def test_precomputed_money_is_used() -> None:
    text = "Baku paid $1.6 billion for 40 jets."
    assert find_quantities(text, money=find_money(text)) == find_quantities(text)


def test_in_text_order() -> None:
    text = "Eight jets, 12 tanks, a dozen trucks and 300 rifles."
    assert [q.value for q in find_quantities(text)] == [8, 12, 12, 300]


def test_a_word_in_another_script_after_a_count_is_no_unit():
    # "24 Hürjet" is not "24 h"; a real unit still is
    text = "the sale of 24 Hürjet trainers and 12 Österreich-built trucks, after a 3 h flight"
    assert [(q.value, text[q.start:q.end]) for q in find_quantities(text)] == [(24, "24"), (12, "12")]
