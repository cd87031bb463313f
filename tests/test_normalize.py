"""Currency normalisation: ECB daily rates, the IMF annual table, date handling and the shipped data file."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from currency_converter import CurrencyConverter

from armswatch.normalize import UsdValue, annual_table, relative_difference, to_usd


@pytest.fixture(scope="module")
def ecb() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def test_eur_uses_the_ecb_rate_of_the_report_date(ecb: CurrencyConverter) -> None:
    value = to_usd(1.5e9, "EUR", "2024-02-23")
    assert value is not None
    assert value.rate == pytest.approx(ecb.convert(1, "USD", "EUR", date(2024, 2, 23)), rel=1e-12)
    assert value.rate == pytest.approx(1 / 1.0834, rel=1e-9)  # ECB EUR/USD fixing of 2024-02-23
    assert value.usd == pytest.approx(1.62e9, rel=0.005)
    assert (value.rate_date, value.source, value.approximate, value.date_basis) == (
        "2024-02-23",
        "ECB (currencyconverter)",
        False,
        "published",
    )


def test_jf17_seed_pair_agrees_after_fx() -> None:
    eur = to_usd(1.5e9, "EUR", "2024-02-23")
    usd = to_usd(1.6e9, "USD", "2024-02-23")
    diff = relative_difference(eur, usd)
    assert diff is not None
    assert diff < 0.02
    assert diff == pytest.approx((1.6251e9 - 1.6e9) / 1.6251e9, rel=1e-3)
    assert relative_difference(usd, eur) == diff
    assert relative_difference(eur, None) is None


def test_saturday_uses_fridays_rate(ecb: CurrencyConverter) -> None:
    value = to_usd(1.5e9, "EUR", "2024-02-24")
    assert value is not None
    assert value.rate_date == "2024-02-23"
    assert value.rate == pytest.approx(ecb.convert(1, "USD", "EUR", date(2024, 2, 23)), rel=1e-12)
    assert value.approximate is True  # not the report's own date


def test_good_friday_walks_back_to_thursday() -> None:
    value = to_usd(1e6, "EUR", "2024-03-29T10:00:00Z")
    assert value is not None
    assert value.rate_date == "2024-03-28"


def test_pkr_comes_from_the_annual_table() -> None:
    value = to_usd(1e9, "PKR", "2024-03-01")
    assert value is not None
    assert (value.rate_date, value.source, value.approximate) == ("2024", "IMF IFS annual", False)
    assert value.rate == annual_table()["rates"]["PKR"]["2024"]
    assert value.rate == pytest.approx(278.58, rel=1e-4)  # IMF IFS 2024 average
    assert value.usd == pytest.approx(1e9 / 278.58, rel=1e-4)


def test_pkr_after_the_table_is_approximate() -> None:
    value = to_usd(1e9, "PKR", "2025-06-10")
    assert value is not None
    assert (value.rate_date, value.source, value.approximate) == ("2024", "IMF IFS annual", True)
    assert to_usd(1e9, "PKR", "2031-01-01") is None  # too far from any year in the table


def test_rub_after_ecb_stopped_comes_from_the_annual_table(ecb: CurrencyConverter) -> None:
    stale_cc = CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)
    stale = stale_cc.convert(1, "USD", "RUB", date(2023, 5, 1))  # what the fallbacks would silently give
    value = to_usd(1e9, "RUB", "2023-05-01")
    assert value is not None
    assert (value.rate_date, value.source, value.approximate) == ("2023", "IMF IFS annual", False)
    assert value.rate == pytest.approx(85.162, rel=1e-4)
    assert value.rate != pytest.approx(stale, rel=1e-3)
    # the day after the ECB's last RUB fixing does not walk back to it
    assert to_usd(1e9, "RUB", "2022-03-02").source == "IMF IFS annual"  # type: ignore[union-attr]
    last = to_usd(1e9, "RUB", "2022-03-01")
    assert last is not None and last.source == "ECB (currencyconverter)"
    assert last.rate == pytest.approx(ecb.convert(1, "USD", "RUB", date(2022, 3, 1)), rel=1e-12)


def test_inr_crore_deal() -> None:
    value = to_usd(6.3e11, "INR", "2025-04-29")  # Rs 63,000 crore
    assert value is not None
    assert value.source == "ECB (currencyconverter)"
    assert value.usd == pytest.approx(7.4e9, rel=0.01)


def test_inr_before_ecb_coverage_uses_the_annual_table() -> None:
    value = to_usd(1e6, "INR", "2005-06-01")  # ECB quotes INR only from 2009
    assert value is not None
    assert (value.rate_date, value.source, value.approximate) == ("2005", "IMF IFS annual", False)


def test_no_published_date_uses_the_ingest_date(ecb: CurrencyConverter) -> None:
    value = to_usd(1e6, "EUR", None, ingested="2024-02-23")
    assert value is not None
    assert (value.date_basis, value.rate_date, value.approximate) == ("ingested", "2024-02-23", False)
    assert value.rate == pytest.approx(ecb.convert(1, "USD", "EUR", date(2024, 2, 23)), rel=1e-12)
    garbled = to_usd(1e6, "EUR", "n/a", ingested="2024-02-23T08:00:00+00:00")
    assert garbled is not None and garbled.date_basis == "ingested" and garbled.rate_date == "2024-02-23"


def test_unknown_currency_is_none() -> None:
    assert to_usd(1e6, "XXX", "2024-02-23") is None
    assert to_usd(1e6, "", "2024-02-23") is None


def test_usd_is_identity() -> None:
    value = to_usd(1.6e9, "usd", "2024-02-23")
    assert value == UsdValue(1.6e9, 1.0, "2024-02-23", "identity", False, "published")


def test_year_only_date_uses_the_annual_rate() -> None:
    value = to_usd(1e6, "EUR", "2024")
    assert value is not None
    assert (value.rate_date, value.source, value.approximate) == ("2024", "IMF IFS annual", False)


def test_data_file_names_its_source_and_rates_are_positive() -> None:
    raw = resources.files("armswatch").joinpath("data", "fx_annual.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert "IMF" in data["source"] and "period average" in data["source"] and "World Bank" in data["source"]
    assert data["unit"] == "currency units per USD, annual"
    assert {"PKR", "SAR", "AED", "EGP", "UAH", "TWD", "KWD", "QAR", "AZN", "RUB", "TRY"} <= set(data["rates"])
    assert "USD" not in data["rates"] and "ZWG" not in data["rates"]
    for code, years in data["rates"].items():
        assert len(code) == 3 and code.isupper()
        for year, rate in years.items():
            assert int(year) >= 1990
            assert isinstance(rate, float | int) and rate > 0, (code, year, rate)


def test_redenominated_currencies_are_in_the_current_unit() -> None:
    rates = annual_table()["rates"]
    # new units: TRY 2005 (1e6), AZN 2006 (5000), BYN 2016 (10000) -- no 1000-fold drops across the change
    assert 1.2 < rates["TRY"]["2004"] < 1.6 and 1.2 < rates["TRY"]["2005"] < 1.6
    assert 0.8 < rates["AZN"]["2005"] < 1.1 and 0.8 < rates["AZN"]["2006"] < 1.1
    assert 1.4 < rates["BYN"]["2015"] < 2.1 and 1.4 < rates["BYN"]["2016"] < 2.1
    for code, years in rates.items():
        series = [years[y] for y in sorted(years)]
        assert all(b / a > 1 / 20 for a, b in zip(series, series[1:], strict=False)), code
