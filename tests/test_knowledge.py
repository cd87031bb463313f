"""Tests for the knowledge-base data files and their loader."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest

from armswatch.knowledge import (
    CATEGORIES,
    companies,
    company_forms,
    countries,
    country_forms,
    iso3_for,
    system_forms,
    systems,
    variant_for,
)


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [
        ("Azeri", "AZE"),
        ("Azerbaijanis", "AZE"),
        ("Pakistani", "PAK"),
        ("Pakistanis", "PAK"),
        ("Filipino", "PHL"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Burma", "MMR"),
        ("UAE", "ARE"),
        ("Emirati", "ARE"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("Islamabad", "PAK"),
        ("Baku", "AZE"),
        ("New Delhi", "IND"),
        ("Kyiv", "UKR"),
        ("Soviet Union", "RUS"),
        ("South Korea", "KOR"),
        ("DPRK", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Holland", "NLD"),
        ("Viet Nam", "VNM"),
        ("Saudi", "SAU"),
    ],
)
def test_iso3_for(surface: str, iso3: str) -> None:
    assert iso3_for(surface) == iso3


def test_iso3_for_is_case_and_punctuation_tolerant() -> None:
    assert iso3_for("u.s.a.") == "USA"
    assert iso3_for("cote d'ivoire") == "CIV"
    assert iso3_for("NATO**") is None
    assert iso3_for("") is None


def test_sipri_state_names_resolve() -> None:
    for name in [
        "United States",
        "Russia",
        "China",
        "UAE",
        "Turkiye",
        "Viet Nam",
        "Bosnia-Herzegovina",
        "DR Congo",
        "eSwatini",
        "Cabo Verde",
        "Saint Vincent",
        "Czechoslovakia",
        "Yugoslavia",
        "East Germany (GDR)",
    ]:
        assert iso3_for(name) is not None, name


def test_country_forms_are_case_sensitive_and_typed() -> None:
    forms = country_forms()
    assert forms["Pakistan"] == ("PAK", "name")
    assert forms["Azeri"] == ("AZE", "demonym")
    assert forms["Baku"] == ("AZE", "capital")
    assert forms["Korea"][0] == "KOR"
    assert "Korea" in countries()["KOR"].ambiguous
    assert "Georgia" in countries()["GEO"].ambiguous
    assert "turkey" not in forms
    assert {kind for _iso, kind in forms.values()} == {"name", "alias", "demonym", "capital"}
    assert len(countries()) >= 249


def test_companies() -> None:
    forms = company_forms()
    assert forms["PAC Kamra"].iso3 == "PAK"
    assert forms["Hanwha Aerospace"].iso3 == "KOR"
    assert forms["Rosoboronexport"].iso3 == "RUS"
    assert forms["Baykar"].iso3 == "TUR"
    assert forms["DSCA"].iso3 == "USA"
    assert forms["DSCA"].kind == "agency"
    assert forms["TUSAŞ"].name == "Turkish Aerospace"
    assert forms["MBDA"].multinational
    assert not forms["Dassault"].multinational
    assert len(companies()) >= 150
    assert {c.kind for c in companies()} == {"company", "agency"}


def test_systems_catalog() -> None:
    table = systems()
    assert len(table) >= 1500
    forms = system_forms()
    assert forms["FC-1"] == "JF-17"
    assert table["JF-17"].category == "aircraft"
    assert table["JF-17"].origin == "PAK"
    assert forms["AH-64E"] == "AH-64"
    assert forms["K239"] != forms["K2"]
    assert forms["K239"] == "K239"
    assert forms["K2"] == "K2"
    assert table[forms["S-400"]].category == "air defence systems"
    assert table[forms["Akash"]].category == "air defence systems"
    assert table[forms["Hellfire"]].category == "missiles"
    assert table[forms["Pinaka"]].category == "artillery"
    assert table["K2"].category == "armoured vehicles"
    assert forms["Su-30MKI"] == "Su-30"
    assert forms["Su-35"] != forms["Su-30"]
    assert forms["S-300"] != forms["S-400"]


def test_variants() -> None:
    assert variant_for("JF-17", "JF-17C Block-III") == "Block III"
    assert variant_for("JF-17", "JF-17 Thunder") is None
    assert variant_for("AH-64", "AH-64E") == "AH-64E"
    assert variant_for("AH-64", "AH-64 Apache") is None
    assert variant_for("Su-30", "Su-30SM") == "Su-30SM"
    assert variant_for("Su-30", "Su-30MKI") == "Su-30MKI"
    assert variant_for("Rafale", "Rafale Marine") == "Rafale M"
    assert variant_for("F-15", "F-15EX") == "F-15EX"
    assert variant_for("no-such-family", "x") is None


def test_plain_word_aliases_flagged() -> None:
    table = systems()
    assert "Rafale" in table["Rafale"].plain_word_aliases
    assert "Akash" in table["Akash"].plain_word_aliases
    for system in table.values():
        assert set(system.plain_word_aliases) <= set(system.aliases)
        for alias in system.aliases:
            assert not alias.isdigit() and len(alias) > 1, (system.family, alias)


def test_categories_and_origins_resolve() -> None:
    known = countries()
    for system in systems().values():
        assert system.category in CATEGORIES, system.family
        assert system.origin is None or system.origin in known, (system.family, system.origin)
    for company in companies():
        assert company.iso3 in known, company.name


@pytest.mark.parametrize("name", ["countries.json", "companies.json", "systems.json", "systems_curated.json"])
def test_data_files_name_their_source(name: str) -> None:
    doc = json.loads(resources.files("armswatch").joinpath("data", name).read_text(encoding="utf-8"))
    assert isinstance(doc["source"], str) and doc["source"].strip()


def test_curated_entries_have_notes() -> None:
    doc = json.loads(resources.files("armswatch").joinpath("data", "systems_curated.json").read_text(encoding="utf-8"))
    assert all(item.get("note") for item in doc["systems"])
    assert {"KAAN", "ATAGS", "K239", "JF-17", "S-400"} <= {item["family"] for item in doc["systems"]}


def test_loading_is_fast() -> None:
    from armswatch import knowledge

    for fn in (knowledge.data_file, knowledge.countries, knowledge._companies, knowledge.systems):
        fn.cache_clear()
    start = time.perf_counter()
    countries()
    companies()
    systems()
    assert time.perf_counter() - start < 1.0
