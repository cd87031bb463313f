"""Knowledge base loader: countries, companies and weapon systems from the package's JSON data files.

Every data file names its source in a top-level ``"source"`` field. Files are read once via
:mod:`importlib.resources` and cached with :func:`functools.cache`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "CATEGORIES",
    "Company",
    "Country",
    "System",
    "Variant",
    "companies",
    "company_forms",
    "countries",
    "country_forms",
    "data_file",
    "iso3_for",
    "normalize_name",
    "system_forms",
    "systems",
    "variant_for",
]

#: SIPRI's twelve weapon categories, exactly as written in the register.
CATEGORIES: tuple[str, ...] = (
    "aircraft",
    "air defence systems",
    "anti-submarine warfare",
    "armoured vehicles",
    "artillery",
    "engines",
    "missiles",
    "naval weapons",
    "satellites",
    "sensors",
    "ships",
    "other",
)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    ambiguous: tuple[str, ...]


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...]
    iso3: str
    kind: str
    multinational: bool


@dataclass(frozen=True)
class Variant:
    name: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class System:
    family: str
    name: str
    aliases: tuple[str, ...]
    variants: tuple[Variant, ...]
    category: str
    origin: str | None
    description: str | None
    plain_word_aliases: tuple[str, ...]


@cache
def data_file(name: str) -> dict[str, Any]:
    """Parsed contents of ``armswatch/data/<name>`` (cached)."""
    text = resources.files("armswatch").joinpath("data", name).read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


_FOLD_RE = re.compile(r"[^0-9a-z]+")


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: ``"Türkiye"`` -> ``"turkiye"``, ``"U.S."`` -> ``"us"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("’", "'").lower()
    return _FOLD_RE.sub(" ", ascii_text.replace("'", "").replace(".", "")).strip()


# ---------------------------------------------------------------- countries


@cache
def countries() -> dict[str, Country]:
    """All countries keyed by ISO 3166-1 alpha-3 code."""
    out: dict[str, Country] = {}
    for row in data_file("countries.json")["countries"]:
        out[row["iso3"]] = Country(
            iso3=row["iso3"],
            name=row["name"],
            aliases=tuple(row.get("aliases", ())),
            demonyms=tuple(row.get("demonyms", ())),
            capitals=tuple(row.get("capitals", ())),
            ambiguous=tuple(row.get("ambiguous", ())),
        )
    return out


@cache
def country_forms() -> dict[str, tuple[str, str]]:
    """Surface form (case-sensitive, as written) -> ``(iso3, kind)``; kind is name/alias/demonym/capital.

    When two countries share a surface form, the earlier kind in that order wins, then the first country
    listed in the data file.
    """
    forms: dict[str, tuple[str, str]] = {}
    rank = {"name": 0, "alias": 1, "demonym": 2, "capital": 3}
    for country in countries().values():
        groups: list[tuple[str, tuple[str, ...]]] = [
            ("name", (country.name,)),
            ("alias", country.aliases),
            ("demonym", country.demonyms),
            ("capital", country.capitals),
        ]
        for kind, surfaces in groups:
            for written in surfaces:
                # "Cote d'Ivoire" is also typeset "Cote d’Ivoire"
                for surface in {written, written.replace("'", "’"), written.replace("’", "'")}:
                    current = forms.get(surface)
                    if current is None or rank[kind] < rank[current[1]]:
                        forms[surface] = (country.iso3, kind)
    return forms


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    doc = data_file("countries.json")
    # SIPRI's historic/register names first so that e.g. "Soviet Union" -> RUS is always available.
    for row in doc["countries"]:
        for surface in row.get("sipri_names", ()):
            index.setdefault(normalize_name(surface), row["iso3"])
    for surface, (iso3, _kind) in sorted(country_forms().items(), key=lambda kv: _kind_rank(kv[1][1])):
        index.setdefault(normalize_name(surface), iso3)
    for iso3 in countries():
        index.setdefault(normalize_name(iso3), iso3)
    index.pop("", None)
    return index


def _kind_rank(kind: str) -> int:
    return {"name": 0, "alias": 1, "demonym": 2, "capital": 3}.get(kind, 4)


def iso3_for(name: str) -> str | None:
    """ISO3 code for any country name, alias, demonym, capital or SIPRI register name; ``None`` if unknown."""
    if not name:
        return None
    key = normalize_name(name)
    found = _country_index().get(key)
    if found is not None:
        return found
    if key.startswith("the "):
        return _country_index().get(key[4:])
    return None


# ---------------------------------------------------------------- companies


@cache
def _companies() -> tuple[Company, ...]:
    out: list[Company] = []
    for row in data_file("companies.json")["companies"]:
        out.append(
            Company(
                name=row["name"],
                aliases=tuple(row.get("aliases", ())),
                iso3=row["iso3"],
                kind=row.get("kind", "company"),
                multinational=bool(row.get("multinational", False)),
            )
        )
    return tuple(out)


def companies() -> list[Company]:
    """All companies and state agencies."""
    return list(_companies())


@cache
def company_forms() -> dict[str, Company]:
    """Surface form (name or alias, case-sensitive) -> Company. Names take precedence over aliases."""
    forms: dict[str, Company] = {}
    for company in _companies():
        forms.setdefault(company.name, company)
    for company in _companies():
        for alias in company.aliases:
            forms.setdefault(alias, company)
    return forms


# ---------------------------------------------------------------- systems


@cache
def systems() -> dict[str, System]:
    """Weapon-system families keyed by family designation."""
    out: dict[str, System] = {}
    for row in data_file("systems.json")["systems"]:
        variants = tuple(
            Variant(name=v["name"], patterns=tuple(v.get("patterns", ()))) for v in row.get("variants", ())
        )
        out[row["family"]] = System(
            family=row["family"],
            name=row.get("name") or row["family"],
            aliases=tuple(row.get("aliases", ())),
            variants=variants,
            category=row["category"],
            origin=row.get("origin"),
            description=row.get("description"),
            plain_word_aliases=tuple(row.get("plain_word_aliases", ())),
        )
    return out


@cache
def system_forms() -> dict[str, str]:
    """Surface form (alias or variant pattern, case-sensitive) -> family.

    A family's own designation and aliases win over other families' variant patterns; among aliases the
    family listed first in systems.json (curated entries, then by register frequency) wins.
    """
    forms: dict[str, str] = {}
    table = systems()
    for family, system in table.items():
        if family in system.aliases:
            forms.setdefault(family, family)
    for family, system in table.items():
        for alias in system.aliases:
            forms.setdefault(alias, family)
    # "Block III", "Mk-2", "Tranche 3" name a version of several families: alone they name none ("Mk1A" is the Tejas's)
    bare_owners: dict[str, set[str]] = {}
    for family, system in table.items():
        for variant in system.variants:
            for pattern in variant.patterns:
                if _BARE_VERSION.match(pattern):
                    bare_owners.setdefault(normalize_name(pattern).replace(" ", ""), set()).add(family)
    for family, system in table.items():
        for variant in system.variants:
            for pattern in variant.patterns:
                if not _BARE_VERSION.match(pattern) or len(bare_owners[normalize_name(pattern).replace(" ", "")]) == 1:
                    forms.setdefault(pattern, family)
    return forms


_BARE_VERSION = re.compile(r"^(?:Block|Blk|Mk|Mark|Batch|Tranche|Flight|Lot|Increment)[\s-]?[\w.+/-]*$")


@cache
def _variant_matchers(family: str) -> tuple[tuple[int, str, str], ...]:
    """(length, variant name, pattern without spaces) of a family's variant patterns, longest first."""
    system = systems().get(family)
    if system is None:
        return ()
    out: list[tuple[int, str, str]] = []
    for variant in system.variants:
        for pattern in (*variant.patterns, variant.name):
            key = normalize_name(pattern).replace(" ", "")
            if key:
                out.append((len(key), variant.name, key))
    out.sort(key=lambda item: -item[0])
    return tuple(out)


def variant_for(family: str, surface: str) -> str | None:
    """Variant name implied by a matched surface form, or ``None`` for the bare family.

    ``variant_for("JF-17", "JF-17C Block-III") == "Block III"``; the longest matching pattern wins. A pattern
    matches whole alphanumeric runs of the surface, whatever separators it has between its characters ("F-16 C"
    is "F16C").
    """
    words = normalize_name(surface).split(" ")
    joined = "".join(words)
    bounds = {0}
    for w in words:
        bounds.add(max(bounds) + len(w))
    for size, name, key in _variant_matchers(family):
        at = joined.find(key)
        while at >= 0:
            if at in bounds and at + size in bounds:
                return name
            at = joined.find(key, at + 1)
    return None
