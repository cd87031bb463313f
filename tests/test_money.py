"""The money grammar: symbols, codes, words, scales, number formats, ranges, and what is never money."""

from __future__ import annotations

import time

import pytest

from armswatch.extract.money import Money, find_money


def one(text: str) -> Money:
    found = find_money(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expr", "value", "currency"),
    [
        ("Islamabad agreed to pay $1.6 billion for the jets.", "$1.6 billion", 1.6e9, "USD"),
        ("The deal is worth US$1.6bn in total.", "US$1.6bn", 1.6e9, "USD"),
        ("A contract of USD 1.6 billion was signed.", "USD 1.6 billion", 1.6e9, "USD"),
        ("It will cost 1.6 billion dollars over ten years.", "1.6 billion dollars", 1.6e9, "USD"),
        ("France offered a €1.5bn package.", "€1.5bn", 1.5e9, "EUR"),
        ("The order, EUR 1.5 billion, was approved.", "EUR 1.5 billion", 1.5e9, "EUR"),
        ("Paris spent 1.5 billion euros on the frigates.", "1.5 billion euros", 1.5e9, "EUR"),
        ("London added £2m for spares.", "£2m", 2e6, "GBP"),
        ("Tokyo set aside ¥2bn for the study.", "¥2bn", 2e9, "JPY"),
        ("Tokyo set aside 2bn yen for the study.", "2bn yen", 2e9, "JPY"),
        ("The ministry cleared ₹500 crore for ammunition.", "₹500 crore", 5e9, "INR"),
        ("The navy's Rs 63,000 crore project moved ahead.", "Rs 63,000 crore", 6.3e11, "INR"),
        ("A sum of Rs. 2,000 crore was released.", "Rs. 2,000 crore", 2e10, "INR"),
        ("The INR 48,000 crore tender closed.", "INR 48,000 crore", 4.8e11, "INR"),
        ("The Rs 40,000-crore programme was cleared.", "Rs 40,000-crore", 4e11, "INR"),
        ("Capital outlay is Rs 1.5 lakh crore this year.", "Rs 1.5 lakh crore", 1.5e12, "INR"),
        ("Canberra will pay AU$80 million for the radars.", "AU$80 million", 8e7, "AUD"),
        ("Canberra will pay A$80 million for the radars.", "A$80 million", 8e7, "AUD"),
        ("Ottawa budgeted C$15bn for ships.", "C$15bn", 1.5e10, "CAD"),
        ("Wellington set aside NZ$300 million.", "NZ$300 million", 3e8, "NZD"),
        ("Singapore will spend S$2bn on jets.", "S$2bn", 2e9, "SGD"),
        ("The firm raised HK$1bn last year.", "HK$1bn", 1e9, "HKD"),
        ("The rifles cost R4 867 196 in all.", "R4 867 196", 4867196, "ZAR"),
        ("The rifles cost R4\u202f867\u202f196 in all.", "R4\u202f867\u202f196", 4867196, "ZAR"),
        ("Armscor paid R1.2 billion for the vehicles.", "R1.2 billion", 1.2e9, "ZAR"),
        ("Warsaw signed for PLN 1 billion.", "PLN 1 billion", 1e9, "PLN"),
        ("Warsaw signed for 1bn zlotys.", "1bn zlotys", 1e9, "PLN"),
        ("The upgrade costs 400m zloty.", "400m zloty", 4e8, "PLN"),
        ("The upgrade costs 400 million PLN.", "400 million PLN", 4e8, "PLN"),
        ("Seoul approved KRW 3 trillion for the tanks.", "KRW 3 trillion", 3e12, "KRW"),
        ("Seoul approved 3 trillion won for the tanks.", "3 trillion won", 3e12, "KRW"),
        ("Seoul approved ₩3 trillion for the tanks.", "₩3 trillion", 3e12, "KRW"),
        ("Moscow allotted 30 billion roubles to the plant.", "30 billion roubles", 3e10, "RUB"),
        ("Moscow allotted 30 billion rubles to the plant.", "30 billion rubles", 3e10, "RUB"),
        ("The drones cost 10 billion yuan.", "10 billion yuan", 1e10, "CNY"),
        ("The drones cost RMB 10 billion.", "RMB 10 billion", 1e10, "CNY"),
        ("Ankara owes 2 billion lira to the shipyard.", "2 billion lira", 2e9, "TRY"),
        ("Riyadh agreed to pay 5bn riyals.", "5bn riyals", 5e9, "SAR"),
        ("Abu Dhabi signed for 2 billion dirhams.", "2 billion dirhams", 2e9, "AED"),
        ("The budget grows by 3 billion shekels.", "3 billion shekels", 3e9, "ILS"),
        ("The budget grows by NIS 3 billion.", "NIS 3 billion", 3e9, "ILS"),
        ("The repairs cost 500 million rupees.", "500 million rupees", 5e8, "INR"),
        ("The repairs cost 500 million Pakistani rupees.", "500 million Pakistani rupees", 5e8, "PKR"),
        ("The repairs cost PKR 500 million.", "PKR 500 million", 5e8, "PKR"),
        ("Bern will pay 6 billion Swiss francs.", "6 billion Swiss francs", 6e9, "CHF"),
        ("Stockholm budgets 9.5bn kronor.", "9.5bn kronor", 9.5e9, "SEK"),
        ("Brasilia pays 5 billion reais.", "5 billion reais", 5e9, "BRL"),
    ],
)
def test_currencies(text: str, expr: str, value: float, currency: str) -> None:
    m = one(text)
    assert m.text == expr
    assert text[m.start : m.end] == expr
    assert m.amount == pytest.approx(value)
    assert m.low == m.high
    assert not m.is_range
    assert m.currency == currency


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("$5 thousand", 5e3), ("$500k", 5e5), ("$5 million", 5e6), ("$5mn", 5e6), ("$5 mln", 5e6), ("$5m", 5e6),
        ("$5M", 5e6), ("$5 billion", 5e9), ("$5bn", 5e9), ("$5b", 5e9), ("$5 trillion", 5e12), ("$5tn", 5e12),
        ("Rs 5 crore", 5e7), ("Rs 5 cr", 5e7), ("Rs 1 crore", 1e7), ("Rs 1 lakh", 1e5), ("€5 milliard", 5e9),
        ("$5 mil.", 5e6), ("$1.6-billion", 1.6e9), ("€1,5 milliard", 1.5e9), ("$1,500 million", 1.5e9),
        ("$5.43", 5.43), ("$63,000", 63000), ("Rs 1,00,000", 1e5),
    ],
)
def test_scales_and_formats(expr: str, value: float) -> None:
    m = one(f"The price was {expr} for each.")
    assert m.text == expr
    assert m.amount == pytest.approx(value)


def test_decimal_comma_before_scale_word() -> None:
    m = one("Rome will spend 1,9 billion euros on the tanks.")
    assert (m.text, m.amount, m.currency) == ("1,9 billion euros", pytest.approx(1.9e9), "EUR")


@pytest.mark.parametrize(
    ("text", "expr", "low", "high"),
    [
        ("The boats cost US$400-600 million in all.", "US$400-600 million", 4e8, 6e8),
        ("Estimates: Rs 5,000-6,000 crore for the ships.", "Rs 5,000-6,000 crore", 5e10, 6e10),
        ("Estimates range from $4.5 billion to $5.43 billion.", "$4.5 billion to $5.43 billion", 4.5e9, 5.43e9),
        ("The value is between $1bn and $2bn.", "$1bn and $2bn", 1e9, 2e9),
        ("The value is $1–2 billion.", "$1–2 billion", 1e9, 2e9),
        ("The value is 1-2 billion euros.", "1-2 billion euros", 1e9, 2e9),
    ],
)
def test_ranges(text: str, expr: str, low: float, high: float) -> None:
    m = one(text)
    assert m.text == expr
    assert (m.low, m.high) == (pytest.approx(low), pytest.approx(high))
    assert m.is_range
    assert m.amount is None


def test_and_without_between_is_two_amounts() -> None:
    found = find_money("India paid $1bn and Pakistan $2bn.")
    assert [m.text for m in found] == ["$1bn", "$2bn"]


def test_change_then_level_is_not_a_range() -> None:
    found = find_money("The budget rose by €1.7 billion to €35.9 billion.")
    assert [m.text for m in found] == ["€1.7 billion", "€35.9 billion"]


@pytest.mark.parametrize("approx", ["about", "nearly", "some", "over", "more than", "up to", "a little over"])
def test_approximate_words_stay_outside(approx: str) -> None:
    text = f"The deal is worth {approx} Rs 63,000 crore."
    m = one(text)
    assert m.start == text.index("Rs")
    assert m.text == "Rs 63,000 crore"


def test_offsets() -> None:
    text = "Baku will pay $1.6 billion, or Rs 13,000 crore, for 26 jets."
    a, b = find_money(text)
    assert (a.start, a.end) == (14, 26)
    assert (b.start, b.end) == (31, 46)
    assert a.text == text[14:26]


def test_unit_price_is_money() -> None:
    m = one("Each aircraft costs $25 million per airframe.")
    assert (m.text, m.amount) == ("$25 million", 25e6)


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan flies the JF-17 and India the Su-35, F-16 and MiG-29.",
        "The S-400 and K9 and PAC-3 and AH-64E were displayed.",
        "Two Type 054A frigates and F-16 Block 70 jets.",
        "Deliveries start in 2024.",
        "Spending rose 15 per cent, or 4.7%, last year.",
        "About 1.5 billion people live in the region.",
        "The meeting began at 10:30 on Monday.",
        "The CA$H campaign and R&D spending.",
        "The R-77 missile and the RS-24 ICBM.",
        "R stands for the reserve, R is not money.",
        "Rs not a number follows here, nor Rs. here.",
        "Su-30MKI jets carry R77 missiles.",
        "In 2024 dollars the cost fell.",
        "The bombs weigh 2,000 pounds of explosive each.",
        "Team of 5 won the contest in 2014 won.",
    ],
)
def test_never_money(text: str) -> None:
    assert find_money(text) == []


def test_dollar_inside_a_word_is_not_money() -> None:
    assert find_money("The X$5 code and ABC$10 tag.") == []


def test_pounds_with_a_scale_or_sterling_are_money() -> None:
    found = find_money("It cost 5 million pounds sterling, then 2 million pounds more.")
    assert [(m.text, m.currency) for m in found] == [("5 million pounds sterling", "GBP"), ("2 million pounds", "GBP")]


def test_non_overlapping_in_order() -> None:
    text = "Values: $1bn, €2bn, £3bn, Rs 4 crore and 5bn yen."
    found = find_money(text)
    assert [m.currency for m in found] == ["USD", "EUR", "GBP", "INR", "JPY"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_speed_without_money() -> None:
    sentence = (
        "On 24 November the council cleared 26 Rafale-M fighters, three Scorpene boats and 155mm shells; the JF-17 "
        "Block 3, Su-35 and S-400 were discussed at 10:30 with 15 per cent of the 2023 fleet grounded. "
    )
    text = (sentence * 20)[:3000]
    find_money(text)
    runs = 200
    t0 = time.perf_counter()
    for _ in range(runs):
        assert find_money(text) == []
    per_call = (time.perf_counter() - t0) / runs
    assert per_call < 500e-6  # generous for a loaded CI machine; ~30-50 µs on a quiet one


def test_a_code_that_names_a_role_is_not_money() -> None:
    assert find_money("The 21 H225s split into 3 SAR models and 18 transports.") == []  # search and rescue
    (m,) = find_money("The kit cost 50 EUR for each unit.")
    assert (m.amount, m.currency) == (50.0, "EUR")
    (m,) = find_money("A deal worth 3 billion SAR was signed.")
    assert (m.amount, m.currency) == (3e9, "SAR")


def test_crowns_are_the_currency_their_nationality_names():
    text = "a deal worth 150 billion Czech crowns, after 4 billion Swedish crowns, and the Crown Prince"
    assert [(m.amount, m.currency, text[m.start:m.end]) for m in find_money(text)] == [
        (150e9, "CZK", "150 billion Czech crowns"), (4e9, "SEK", "4 billion Swedish crowns")]
