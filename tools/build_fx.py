"""Generate ``src/armswatch/data/fx_annual.json``: annual exchange rates (currency units per USD) for ``normalize``.

Usage::

    python tools/build_fx.py [--imf IMF_CSV] [--currencies CURRENCIES_JSON] [--wdi WDI_CSV] [--out OUT_JSON]

Inputs (defaults under ``../shared/reference/fx/`` beside the repository):

* ``imf_ifs_annual/imf_exchangerates_A_ENDA_USD.csv`` -- the Code for IATI scrape of the IMF International
  Financial Statistics series ``ENDA_XDC_USD_RATE`` ("Domestic currency per U.S. Dollar, period average",
  annual frequency ``A``). Columns Date (``YYYY-12-31``), Rate, Currency, Frequency, Source, Country code (ISO
  3166 alpha-2 or an IMF area code), Country. Despite the ``A_ENDA`` name it is the *annual average*, not the
  end-of-period rate: e.g. RUB 2022 = 68.48 and PKR 2023 = 280.36 are the yearly averages (year-end rates
  were about 70.3 and 282), and every value equals the World Bank's period-average series below.
* ``imf_ifs_annual/currencies.json`` -- country code -> current ISO 4217 currency.
* ``wdi_2026-vintage_thru2024/API_PA.NUS.FCRF_DS2_en_csv_v2_58.csv`` -- World Bank WDI ``PA.NUS.FCRF``
  "Official exchange rate (LCU per US$, period average)" (CC BY 4.0), used only for (currency, year) pairs the
  IMF file lacks, and only from the currency's first IMF year on.

Rules: only ISO 4217 codes, current ones (``pycountry``, a generation aid, not a runtime dependency) and the
withdrawn ones in ``HISTORIC`` up to their last year; years >= 1990; USD left out (identity). A currency used by
several countries takes the median of their values per year. The ``Currency`` column is the scraper's label and
is not always right, so a few series are dropped (see ``DROPPED``) and every series is checked for
redenominations: the IMF expresses earlier years in the *current* unit (TRY 2004 = 1.43, not 1.43 million), which
the tool verifies for the known redenominations in ``REDENOMINATIONS``; a series that falls more than 20-fold in
one year still holds old-unit years, which are converted when the redenomination is known and dropped otherwise.
What was done is written to ``"notes"``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FX_DIR = REPO_ROOT.parent / "shared" / "reference" / "fx"
DEFAULT_IMF = FX_DIR / "imf_ifs_annual" / "imf_exchangerates_A_ENDA_USD.csv"
DEFAULT_CURRENCIES = FX_DIR / "imf_ifs_annual" / "currencies.json"
DEFAULT_WDI = FX_DIR / "wdi_2026-vintage_thru2024" / "API_PA.NUS.FCRF_DS2_en_csv_v2_58.csv"
DEFAULT_OUT = REPO_ROOT / "src" / "armswatch" / "data" / "fx_annual.json"

FIRST_YEAR = 1990
SIGNIFICANT_DIGITS = 6
BREAK_RATIO = 20.0  # a currency does not appreciate 20-fold against the USD in a year: a unit change

SOURCE = (
    "IMF International Financial Statistics, series ENDA_XDC_USD_RATE 'Domestic currency per U.S. Dollar, "
    "period average', annual (Source: International Monetary Fund; via the Code for IATI scrape "
    "imf_exchangerates_A_ENDA_USD.csv); gaps filled from World Bank WDI PA.NUS.FCRF 'Official exchange rate "
    "(LCU per US$, period average)', 2026 vintage (The World Bank, CC BY 4.0). Rates are unaltered apart from "
    "rounding to 6 significant digits and the unit handling described in notes."
)
UNIT = "currency units per USD, annual"

# Series whose label does not match the unit of the values: dropped instead of guessed.
DROPPED = {
    "ZWG": "Zimbabwe: values are ZWL/RTGS dollars (3266 per USD in 2024), not the ZiG introduced in April 2024",
    "VED": "Venezuela: values end in 2017 in bolivares fuertes (VEF), two redenominations (2018, 2021) before VED",
}

# Withdrawn ISO 4217 codes kept (ISO 4217 list three), with the label the IMF scrape uses for them. Their rates
# stay useful for older reports: euro legacy currencies until 1998-2014, the kuna until 2022, BGN until 2025.
HISTORIC: dict[str, tuple[str, int]] = {  # code: (label in the IMF file, last year of the currency)
    "ATS": ("ATS", 1998), "BEF": ("BEF", 1998), "DEM": ("DEM", 1998), "ESP": ("ESP", 1998), "FIM": ("FIM", 1998),
    "FRF": ("FRF", 1998), "IEP": ("IEP", 1998), "ITL": ("ITL", 1998), "LUF": ("LUF", 1998), "PTE": ("PTE", 1998),
    "GRD": ("GRD", 2000), "SIT": ("SIT", 2006), "CYP": ("CYP", 2007), "MTL": ("MTL", 2007), "SKK": ("SKK", 2008),
    "EEK": ("EEK", 2010), "LVL": ("LVL", 2013), "LTL": ("LTL", 2014), "HRK": ("HRD", 2022), "BGN": ("BGN", 2025),
    "ANG": ("ANG", 2025),
}  # fmt: skip
# Left out: NLG (the label is on Netherlands Antilles guilder values), CSJ and YUN (Czechoslovak and Yugoslav units).

# (current code, first year of the new unit, old units per new unit) since 1990.
REDENOMINATIONS: list[tuple[str, int, float]] = [
    ("PEN", 1991, 1e6),
    ("ARS", 1992, 1e4),
    ("MXN", 1993, 1e3),
    ("UYU", 1993, 1e3),
    ("BRL", 1994, 2750.0),
    ("PLN", 1995, 1e4),
    ("UAH", 1996, 1e5),
    ("RUB", 1998, 1e3),
    ("CDF", 1998, 1e5),
    ("BGN", 1999, 1e3),
    ("AOA", 1999, 1e6),
    ("BYN", 2000, 1e3),
    ("TJS", 2000, 1e3),
    ("AFN", 2002, 1e3),
    ("SRD", 2004, 1e3),
    ("TRY", 2005, 1e6),
    ("RON", 2005, 1e4),
    ("MGA", 2005, 5.0),
    ("AZN", 2006, 5e3),
    ("MZN", 2006, 1e3),
    ("GHS", 2007, 1e4),
    ("SDG", 2007, 100.0),
    ("TMT", 2009, 5e3),
    ("ZMW", 2013, 1e3),
    ("BYN", 2016, 1e4),
    ("MRU", 2018, 10.0),
    ("STN", 2018, 1e3),
    ("SLE", 2022, 1e3),
]


def iso4217_codes() -> set[str]:
    import pycountry  # generation aid only

    return {c.alpha_3 for c in pycountry.currencies}


def alpha3_to_alpha2() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def read_imf(path: Path) -> dict[str, dict[int, list[float]]]:
    """Currency label -> year -> values (one per country using it)."""
    series: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Frequency"] != "A" or not row["Rate"]:
                continue
            year, rate = int(row["Date"][:4]), float(row["Rate"])
            if year >= FIRST_YEAR and rate > 0:
                series[row["Currency"].strip()][year].append(rate)
    return series


def read_wdi(path: Path, currencies: dict[str, str | None]) -> dict[str, dict[int, list[float]]]:
    """Current currency (via the country) -> year -> values from the World Bank file."""
    to_alpha2 = alpha3_to_alpha2()
    series: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Country Name")
    header = rows[header_at]
    for row in rows[header_at + 1 :]:
        if len(row) < 5:
            continue
        code = currencies.get(to_alpha2.get(row[1], ""))
        if not code:
            continue  # aggregates (regions, income groups) and unmapped countries
        for col, value in zip(header[4:], row[4:], strict=False):
            if col.isdigit() and value and int(col) >= FIRST_YEAR and float(value) > 0:
                series[code][int(col)].append(float(value))
    return series


def round_sig(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    return float(f"{value:.{digits}g}")


def median_series(raw: dict[int, list[float]]) -> dict[int, float]:
    return {year: statistics.median(values) for year, values in sorted(raw.items())}


def fix_units(code: str, series: dict[int, float], notes: list[str]) -> dict[int, float]:
    """Keep only values in the current unit of ``code`` (see module docstring)."""
    known = [(year, factor) for c, year, factor in REDENOMINATIONS if c == code]
    for year, _factor in known:
        if series and max(series) < year:
            notes.append(f"{code}: dropped {min(series)}-{max(series)}, all before the {year} redenomination")
            return {}
    years = sorted(series)
    for prev, cur in zip(years[::-1][1:], years[::-1], strict=False):  # newest break first
        if series[cur] / series[prev] >= 1 / BREAK_RATIO:
            continue
        factor = next((f for y, f in known if abs(y - cur) <= 1), None)
        older = [y for y in years if y <= prev]
        if factor is not None and 1 / BREAK_RATIO <= series[cur] / (series[prev] / factor) <= BREAK_RATIO:
            for y in older:
                series[y] /= factor
            notes.append(f"{code}: {older[0]}-{prev} converted to the current unit (divided by {factor:g})")
        else:
            for y in older:
                del series[y]
            notes.append(f"{code}: dropped {older[0]}-{prev}, before a unit break in {cur}")
        return fix_units(code, series, notes)
    return series


def build(imf_csv: Path, currencies_json: Path, wdi_csv: Path | None) -> dict:
    iso = iso4217_codes()
    currencies: dict[str, str | None] = json.loads(currencies_json.read_text(encoding="utf-8"))
    imf = read_imf(imf_csv)
    for code, (label, last_year) in HISTORIC.items():
        if label in imf:  # the IMF file keeps e.g. 'ITL' on Italy's euro rates after 1998
            imf[code] = {y: v for y, v in imf.pop(label).items() if y <= last_year}
    iso |= set(HISTORIC)
    wdi = read_wdi(wdi_csv, currencies) if wdi_csv is not None else {}
    notes: list[str] = [
        "The IMF series already states years before a redenomination in the current unit; checked for "
        + ", ".join(f"{c} {y}" for c, y, _ in REDENOMINATIONS)
        + ".",
    ]
    notes += [f"{code} left out: {why}" for code, why in DROPPED.items()]
    notes.append(
        "Withdrawn codes kept for older reports: " + ", ".join(sorted(HISTORIC)) + " (the IMF file labels HRK "
        "values 'HRD'), each only up to its last year; NLG left out (the label is on Netherlands Antilles "
        "guilder values)."
    )
    rates: dict[str, dict[str, float]] = {}
    from_wdi: dict[str, list[str]] = {}
    for code in sorted((set(imf) | set(wdi)) & iso):
        if code == "USD" or code in DROPPED:
            continue
        series = median_series(imf.get(code, {}))
        first_imf = min(series) if series else FIRST_YEAR
        filled = [y for y in wdi.get(code, {}) if y not in series and y >= first_imf]
        series.update({y: statistics.median(wdi[code][y]) for y in filled})
        series = fix_units(code, dict(sorted(series.items())), notes)
        if not series:
            continue
        rates[code] = {str(y): round_sig(v) for y, v in sorted(series.items())}
        wdi_years = sorted(str(y) for y in filled if y in series)
        if wdi_years:
            from_wdi[code] = wdi_years
    notes.append("Entries listed under 'wdi' come from the World Bank file; all others from the IMF file.")
    return {"source": SOURCE, "unit": UNIT, "notes": notes, "wdi": from_wdi, "rates": rates}


def dump(data: dict) -> str:
    """Readable but compact: one currency per line."""
    lines = ["{"]
    for key in ("source", "unit", "notes", "wdi"):
        lines.append(f" {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    lines.append(' "rates": {')
    items = list(data["rates"].items())
    for i, (code, years) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"  {json.dumps(code)}: {json.dumps(years, separators=(',', ':'))}{comma}")
    lines += [" }", "}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imf", type=Path, default=DEFAULT_IMF)
    parser.add_argument("--currencies", type=Path, default=DEFAULT_CURRENCIES)
    parser.add_argument("--wdi", type=Path, default=DEFAULT_WDI, help="World Bank WDI CSV ('' to skip)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    wdi = args.wdi if str(args.wdi) not in ("", ".") else None
    data = build(args.imf, args.currencies, wdi)
    args.out.write_text(dump(data), encoding="utf-8")
    n = sum(len(v) for v in data["rates"].values())
    print(f"wrote {args.out}: {len(data['rates'])} currencies, {n} rates", file=sys.stderr)
    for note in data["notes"][1:]:
        print(f"  {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
