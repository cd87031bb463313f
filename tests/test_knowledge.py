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
    # Italy licensed the T-129 to Turkiye, which exports it: the exporter of finished systems is the origin
    assert table["T-129"].origin == "TUR"
    assert table["F-16"].origin == "USA" and table["Su-30"].origin == "RUS"
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


# ---------------------------------------------------------------- systems: what the SIPRI comments and spellings add


def _systems_in(text: str) -> list[tuple[str, str | None, str | None]]:
    from armswatch.extract.gazetteer import find_designations, find_entities

    ents = find_entities(text)
    found = [e for e in ents if e.kind == "system"] + find_designations(text, ents)
    return [(e.text, e.family, e.variant) for e in sorted(found, key=lambda e: e.start)]


def test_versions_named_in_the_register_comments_are_variants() -> None:
    # "UH-60M version" (S-70 Black Hawk rows), "Mi-171Sh armed version" (Mi-17), "H225M version" (H725 Caracal)
    text = ("The ministry ordered 12 UH-60M helicopters, eight Mi-171Sh armed transport helicopters and "
            "four H225M helicopters last year.")
    assert _systems_in(text) == [
        ("UH-60M", "S-70", "UH-60M"),
        ("Mi-171Sh", "Mi-17", "Mi-171Sh"),
        ("H225M", "H725", "H225M"),
    ]
    assert variant_for("C-130", "C-130J-30") == "C-130J-30"
    assert variant_for("Mi-17", "Mi-17V-5") == "Mi-17V-5"


def test_a_version_name_without_a_number_needs_context_like_any_plain_word() -> None:
    # "Stryker version" (LAV-3 rows): a one-word name, so matched only next to a weapon noun or a count
    assert "Stryker" in systems()["LAV-3"].plain_word_aliases
    assert _systems_in("The army bought 80 Stryker vehicles.") == [("Stryker", "LAV-3", "Stryker")]
    assert _systems_in("Stryker said the talks went well.") == []


def test_press_spellings_of_designations() -> None:
    for text in ("two FPB 72 boats", "two FPB72 boats", "two FPB-72 boats"):
        assert [f for _t, f, _v in _systems_in(text)] == ["FPB-72"], text
    assert _systems_in("Kenya received eight Huey II helicopters.") == [("Huey II", "UH-1", "UH-1H Huey-2")]
    assert system_forms()["Leopard 2A7"] == "Leopard-2"
    assert system_forms()["Mk 41"] == "Mk-41"
    assert system_forms()["A-400M"] == system_forms()["A400M"]


def test_popular_names_after_a_designation() -> None:
    forms = system_forms()
    assert forms["PAC-3"] == "Patriot"
    assert forms["SM-3"] == "RIM-161"  # "RIM-161 SM-3 Block-1"
    assert forms["Globemaster III"] == "C-17"  # "C-17A Globemaster-3"
    assert forms["Harpoon"] == "Harpoon"  # the missile ("Harpoon Block-2"), not the PV-2 Harpoon bomber
    assert forms["Spike"] == "Spike"  # "Spike-MR/LR", "Spike-ER", "Spike-NLOS" are one family
    assert variant_for("Spike", "Spike-LR") == "Spike-LR"


def test_acronyms_of_a_kind_of_system_and_bare_blocks_are_no_names() -> None:
    forms = system_forms()
    for surface in ("SM", "IFV", "ARV", "VLS", "Block III", "Block 1"):
        assert surface not in forms, surface
    assert forms["Mk1A"] == "Tejas"  # a bare version that only one family has stays its name


def test_plain_word_needs_a_noun_of_its_kind() -> None:
    # the catalogue's Valiant is the BT-13 trainer and its Mistral a missile: a vessel or a carrier is another system
    assert ("Valiant", "BT-13", None) not in _systems_in("India handed over the CGS Valiant patrol vessel.")
    from armswatch.extract.gazetteer import find_entities

    assert systems()["Barracuda"].category == "armoured vehicles"
    (sub,) = [e for e in find_entities("France will build four Barracuda attack submarines.") if e.kind == "system"]
    assert (sub.text, sub.form, sub.category) == ("Barracuda", "pattern", "ships")  # the name, not the APC
    assert _systems_in("He appeared in 7 Spike Lee movies.") == []
    assert _systems_in("The deal takes effect April 30, Husky said.") == []
    assert _systems_in("Germany ordered Spike missiles.") == [("Spike", "Spike", None)]


def test_a_unit_named_after_an_aircraft_is_no_system() -> None:
    text = "The IAF's Golden Eagle squadron is currently operating nine F-35s."
    assert _systems_in(text) == [("F-35s", "F-35", None)]
    assert [f for _, f, _ in _systems_in("Iraq ordered 24 T-50 Golden Eagle trainers.")] == ["FA-50"]


def test_codes_inside_longer_codes_are_not_systems() -> None:
    # no code inside "SS-N-22" is read; the whole name is NATO's for the P-270
    assert _systems_in("The craft carries Moskit/SS-N-22 anti-ship missiles.") == [("Moskit/SS-N-22", "P-270", None)]
    assert _systems_in("Parliament passed amendments to Bill C-47 on Tuesday.") == []
    assert _systems_in("The aircraft (PT-ZTN) were seen in Recife.") == []


def test_project_numbers_and_curated_families() -> None:
    assert _systems_in("Algeria will buy a Project 22160 patrol vessel.") == [
        ("Project 22160", "Project 22160", None)]
    assert _systems_in("India ordered two Project 11356 frigates.") == [("Project 11356", "Talwar", None)]
    assert _systems_in("Type 2 diabetes drugs") == []
    assert _systems_in("Armenia received Iskander-M missiles.") == [("Iskander-M", "Iskander", "Iskander-M")]
    assert _systems_in("Latvia fits missiles on CVR(T) vehicles.") == [("CVR(T)", "CVR(T)", None)]
    assert _systems_in("Botswana bought MICA-VL systems.") == [("MICA-VL", "VL-MICA", None)]
    assert _systems_in("Thailand ordered 49 Oplot-M tanks.") == [("Oplot-M", "T-84", "Oplot-M")]


def _build_tool():
    """tools/build_systems.py as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys
    from pathlib import Path

    if "build_systems" in sys.modules:
        return sys.modules["build_systems"]
    path = Path(__file__).resolve().parents[1] / "tools" / "build_systems.py"
    spec = importlib.util.spec_from_file_location("build_systems", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_systems"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_build_reads_versions_from_register_comments() -> None:
    build = _build_tool()
    assert build.version_candidates("UH-60M version; delivery planned by 2027") == [("UH-60M", None, None)]
    assert build.version_candidates("Armed Mi-171Sh version") == [("Mi-171Sh", None, None)]
    assert build.version_candidates("Incl 10 Mirage-5DR reconnaissance version") == [("Mirage-5DR", None, None)]
    assert build.version_candidates("H145M (EC645T2) version") == [("H145M", "EC645T2", None)]
    assert build.version_candidates("AH-1E and AH-1P version") == [("AH-1E", None, None), ("AH-1P", None, None)]
    assert build.version_candidates("AIM-9X Block-2 and Block-3 versions") == [
        ("AIM-9X Block-2", None, None), ("AIM-9X Block-3", None, None)]
    # a version of another weapon than the row's: left alone
    assert build.version_candidates("Diesel engine for modernization of some 300 M-47 to M-47M version") == []
    assert build.version_candidates("Second-hand; command post version") == []
    assert build.designation_candidates("For training; Japanese designation TC-90") == [("TC-90", None, None)]


def test_names_the_press_uses_for_catalogued_systems() -> None:
    forms = system_forms()
    assert forms["Super Hercules"] == "C-130" and forms["AT-9"] == "9M120" and forms["SS-N-22"] == "P-270"
    assert forms["Denel Cheetah"] == "Cheetah-C" and forms["VBMR Griffon"] == "Griffon VBMR"
    table = systems()
    assert (table["Xianglong"].origin, table["Xianglong"].category) == ("CHN", "aircraft")
    assert table["C-130"].name == "C-130 Hercules" and "C-130H" in {v.name for v in table["C-130"].variants}


def test_build_counts_a_licence_to_produce_apart_from_exports() -> None:
    build = _build_tool()
    assert build.LICENCE.search("Produced under licence in Turkiye; for gendarmerie")
    assert build.LICENCE.search("Assembled under license in India")
    assert not build.LICENCE.search("Second-hand; aid")


def test_build_spelling_variants() -> None:
    build = _build_tool()
    assert build.spelling_variants("FPB-72") == ["FPB-72", "FPB72", "FPB 72"]
    assert build.spelling_variants("Huey-2") == ["Huey-2", "Huey 2", "Huey II", "Huey-II"]
    assert build.spelling_variants("Heron-TP") == ["Heron-TP", "Heron TP"]
    assert build.spelling_variants("PzH-2000") == ["PzH-2000", "PzH 2000", "PzH2000"]
    assert build.spelling_variants("MiG-29") == ["MiG-29", "MiG 29", "MiG29"]
    assert build.spelling_variants("Mi-17") == ["Mi-17"]  # "Mi 17" is no press spelling
    assert "Type II" not in build.spelling_variants("Type-2")
    assert build.name_alias(("SM",)) is None and build.name_alias(("IFV",)) is None
    assert build.name_alias(("Black", "Hawk")) == "Black Hawk"


def test_a_name_of_two_families_goes_to_the_one_its_noun_fits() -> None:
    from armswatch.extract.gazetteer import find_entities

    def families(text: str) -> list[str | None]:
        return [e.family for e in find_entities(text) if e.kind == "system"]

    assert families("Washington agreed to supply four Predator drones.") == ["RQ-1"]
    assert families("China handed over two Predator patrol boats.") == ["Predator"]
    assert families("India will buy 31 MQ-9B SeaGuardian and Predator-B drones.") == ["MQ-9", "MQ-9"]


def test_a_bare_acronym_needs_the_context_of_a_weapon() -> None:
    from armswatch.extract.gazetteer import find_entities

    def families(text: str) -> list[str | None]:
        return [e.family for e in find_entities(text) if e.kind == "system"]

    assert families("The MTV Europe Awards were held in Edinburgh.") == []
    assert families("Indonesia ordered 48 of the Turkish KAAN.") == ["KAAN"]
    assert families("Poland will buy NSM missiles; the NSM is made in Norway.") == ["NSM", "NSM"]


def test_an_acronym_joined_to_a_name_or_number_is_a_designation() -> None:
    from armswatch.extract.gazetteer import find_entities

    def found(text: str) -> list[tuple[str, str | None]]:
        return [(e.text, e.family) for e in find_entities(text) if e.kind == "system"]

    assert ("ALH", "Dhruv") in found("Manila looks at the ALH-Dhruv helicopter.")
    assert ("LCH", "Prachand") in found("The UAE is interested in the LCH-Prachand.")
    assert found("Source: Jatin Ram, for My Take") == found("SOURCE: JATIN RAM / FOR MY TAKE") == []


def test_variant_patterns_match_whole_runs_whatever_the_separators() -> None:
    from armswatch.knowledge import variant_for

    assert variant_for("JF-17", "JF-17C Block-III") == "Block III"
    assert variant_for("JF-17", "JF 17 C block 3") == "Block III"
    assert variant_for("F-16", "F-16 Block 70") == "Block 70/72"
    assert variant_for("F-16", "F-16 Block 700") is None  # a pattern never matches part of a number
    assert variant_for("F-16", "F-16") is None


def test_carriers_are_ships_and_personnel_carriers_armour() -> None:
    from armswatch.extract.gazetteer import noun_category

    assert noun_category("helicopter carriers") == "ships"
    assert noun_category("aircraft carrier") == "ships"
    assert noun_category("armoured personnel carriers") == "armoured vehicles"
    assert noun_category("attack helicopters") == "aircraft"


def test_a_sea_or_gulf_named_after_a_state_is_a_place() -> None:
    from armswatch.extract.gazetteer import find_entities

    def states(text: str) -> list[str | None]:
        return [e.iso3 for e in find_entities(text) if e.kind == "country"]

    assert states("China donated a patrol boat to the Ivory Coast against piracy in the Gulf of Guinea.") == [
        "CHN", "CIV"]
    assert states("Patrols in the South China Sea and the Indian Ocean.") == []
    assert states("The Cote d’Ivoire navy and Guinea.") == ["CIV", "GIN"]  # a typeset apostrophe


def test_euro_hawk_is_a_global_hawk_not_a_hawk_trainer() -> None:
    from armswatch.extract.gazetteer import find_entities

    text = "Germany wants to sell the Euro Hawk drone."
    found = [(e.family, e.variant) for e in find_entities(text) if e.kind == "system"]
    assert found == [("RQ-4", "Euro Hawk")]


def test_an_engineer_vehicle_is_armour_not_an_engine() -> None:
    build = _build_tool()
    assert build.category_for("armoured engineer/recovery vehicle") == "armoured vehicles"
    assert build.category_for("turbofan") == build.category_for("diesel engine") == "engines"
    table = systems()
    assert table["Wisent-2"].category == table["Keiler"].category == "armoured vehicles"
    # one family again: the engineer version of the Leclerc is a variant of the tank
    assert "Leclerc EPG" in {v.name for v in table["Leclerc"].variants} and "Leclerc EPG" not in table


def test_bare_names_the_press_uses_for_numbered_families() -> None:
    forms = system_forms()
    assert forms["Marder"] == "Marder-1" and forms["Switchblade"] == "Switchblade-600"
    assert forms["Skyranger"] == "Skyranger-30" and forms["Dingo"] == "Dingo-2"
    assert {"Marder", "Dingo", "Switchblade", "Skyranger"} <= {w for s in systems().values()
                                                              for w in s.plain_word_aliases}
