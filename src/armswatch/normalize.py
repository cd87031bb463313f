"""Currency normalisation: a deal value in any currency gains its USD equivalent at the report's date.

Rates, in order of preference:

1. ECB daily reference rates shipped with ``currencyconverter`` (1999-01-04 onwards, 42 currencies): the rate on
   the report date or, for weekends and holidays, the nearest *earlier* ECB business day, at most
   :data:`MAX_DAILY_LOOKBACK_DAYS` back. ``currencyconverter`` is used without its fallbacks, so a currency the
   ECB stopped quoting (RUB after 2022-03-01, HRK after 2022) or a date outside the data never gets a stale rate.
2. The annual table ``data/fx_annual.json`` (built by ``tools/build_fx.py``): IMF IFS period-average rates
   (World Bank WDI for gaps) per currency and year, 1990-2024. The report's own year is used when present,
   otherwise the nearest year at most :data:`MAX_ANNUAL_GAP_YEARS` away (preferring the earlier one), which is
   marked ``approximate``.

A rate whose date (daily) or year (annual) differs from the report's is ``approximate``; this includes a
Saturday report converted at Friday's ECB rate. Reports without a usable publication date use the ingest date
(``date_basis="ingested"``). Published dates given only as ``YYYY`` or ``YYYY-MM`` use the annual table.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from currency_converter import CurrencyConverter, RateNotFoundError

__all__ = [
    "MAX_ANNUAL_GAP_YEARS",
    "MAX_DAILY_LOOKBACK_DAYS",
    "UsdValue",
    "annual_table",
    "converter",
    "relative_difference",
    "to_usd",
]

MAX_DAILY_LOOKBACK_DAYS = 7  # longest ECB closure (Easter, Christmas + weekend) is 4 days
MAX_ANNUAL_GAP_YEARS = 3  # a 2025-2027 report may use the table's last year (2024); beyond that: no rate

SOURCE_ECB = "ECB (currencyconverter)"
SOURCE_IMF = "IMF IFS annual"
SOURCE_WDI = "World Bank WDI annual"
SOURCE_IDENTITY = "identity"


@dataclass(frozen=True)
class UsdValue:
    usd: float  # amount in USD
    rate: float  # units of `currency` per 1 USD that was used
    rate_date: str  # "YYYY-MM-DD" for a daily rate, "YYYY" for an annual one
    source: str  # "ECB (currencyconverter)" | "IMF IFS annual" | "World Bank WDI annual" | "identity"
    approximate: bool  # rate not from the report's own date/year
    date_basis: str  # "published" | "ingested"


@cache
def converter() -> CurrencyConverter:
    """The ECB converter, built once (~0.3 s) with every fallback off: a missing rate raises."""
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


@cache
def annual_table() -> dict[str, Any]:
    """The parsed ``data/fx_annual.json``."""
    text = resources.files("armswatch").joinpath("data", "fx_annual.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _wdi_entries() -> frozenset[tuple[str, str]]:
    return frozenset((code, year) for code, years in annual_table().get("wdi", {}).items() for year in years)


def _parse_date(value: str | None) -> tuple[date | None, int | None]:
    """(full date or None, year or None) from an ISO date/datetime string, "YYYY-MM" or "YYYY"."""
    if not value or not isinstance(value, str):
        return None, None
    text = value.strip()
    try:
        day = date.fromisoformat(text[:10])
        return day, day.year
    except ValueError:
        pass
    try:
        day = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return day, day.year
    except ValueError:
        pass
    head = text[:4]
    if head.isdigit() and (len(text) == 4 or text[4] in "-/"):
        return None, int(head)
    return None, None


def _ecb_rate(code: str, day: date) -> tuple[float, date] | None:
    """Units of ``code`` per USD from the ECB on ``day`` or the nearest earlier business day within the window."""
    cc = converter()
    if code not in cc.currencies:
        return None
    last = cc.bounds[code].last_date
    if last < cc.bounds["USD"].last_date and day > last:
        return None  # the ECB stopped quoting it (RUB after 2022-03-01): no stale rate
    for back in range(MAX_DAILY_LOOKBACK_DAYS + 1):
        when = day - timedelta(days=back)
        try:
            return cc.convert(1.0, "USD", code, when), when
        except RateNotFoundError:
            continue
    return None


def _annual_rate(code: str, year: int) -> tuple[float, int, str] | None:
    years = annual_table()["rates"].get(code)
    if not years:
        return None
    candidates = [(abs(int(y) - year), int(y) > year, int(y)) for y in years]
    gap, _later, best = min(candidates)
    if gap > MAX_ANNUAL_GAP_YEARS:
        return None
    source = SOURCE_WDI if (code, str(best)) in _wdi_entries() else SOURCE_IMF
    return float(years[str(best)]), best, source


def _known(code: str) -> bool:
    return code == "USD" or code in converter().currencies or code in annual_table()["rates"]


def to_usd(amount: float, currency: str, published: str | None, *, ingested: str | None = None) -> UsdValue | None:
    """``amount`` of ``currency`` in USD at the ``published`` date (else the ``ingested`` date).

    None when the currency is unknown or no rate lies close enough to the date; USD gives the identity.
    Without any usable date the current date is taken as the ingest date.
    """
    code = (currency or "").strip().upper()
    if not code or not _known(code) or amount is None or math.isnan(amount):
        return None
    day, year = _parse_date(published)
    basis = "published"
    if year is None:
        basis = "ingested"
        day, year = _parse_date(ingested)
        if year is None:
            day = date.today()
            year = day.year
    assert year is not None
    if code == "USD":
        when = day.isoformat() if day is not None else str(year)
        return UsdValue(float(amount), 1.0, when, SOURCE_IDENTITY, False, basis)
    if day is not None:
        daily = _ecb_rate(code, day)
        if daily is not None:
            rate, when = daily
            return UsdValue(amount / rate, rate, when.isoformat(), SOURCE_ECB, when != day, basis)
    annual = _annual_rate(code, year)
    if annual is None:
        return None
    rate, rate_year, source = annual
    return UsdValue(amount / rate, rate, str(rate_year), source, rate_year != year, basis)


def relative_difference(a: UsdValue | None, b: UsdValue | None) -> float | None:
    """``|a - b| / max(a, b)`` of two USD values; None when either is missing or both are zero."""
    if a is None or b is None:
        return None
    top = max(abs(a.usd), abs(b.usd))
    if top == 0:
        return None
    return abs(a.usd - b.usd) / top
