"""Generate ``src/armswatch/data/systems.json`` from the SIPRI trade register plus curated additions.

Usage::

    python tools/build_systems.py [path/to/sipri_trade_register.csv] [--out path/to/systems.json]

The register CSV (UTF-8 with BOM) has the columns Recipient, Supplier, Year of order, -, Number ordered, -,
Weapon designation, Weapon description, ... . Designations are grouped into families ("AH-64A Apache",
"AH-64E Apache" -> family "AH-64" with variants "AH-64A", "AH-64E"), categorised into SIPRI's twelve weapon
categories from the weapon description, and given the most frequent supplier state as origin.

The Comments column adds the versions the register names there ("UH-60M version" on S-70 Black Hawk rows,
"Armed Mi-171Sh version", "Stryker version" on LAV-3 rows) and national designations ("Japanese designation
TC-90") as variants of the row's family, unless another family of the register has that designation. Every
designation also gets the spellings the press uses ("FPB 72", "FPB72", "Huey II", "Heron TP"). A one-word name
becomes a ``plain_word_aliases`` entry, which the gazetteer matches only next to a weapon noun or a count; a name
several families share stays only with the one that dominates, and acronyms of a kind of system ("IFV", "VLS")
never become names.
``src/armswatch/data/systems_curated.json`` then overrides and extends the generated families.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = REPO_ROOT.parent / "shared" / "reference" / "sipri_trade_register_1950_2024.csv"
DATA_DIR = REPO_ROOT / "src" / "armswatch" / "data"
DEFAULT_OUT = DATA_DIR / "systems.json"
CURATED = DATA_DIR / "systems_curated.json"

sys.path.insert(0, str(REPO_ROOT / "src"))
from armswatch.knowledge import CATEGORIES, company_forms, country_forms, iso3_for  # noqa: E402

SOURCE = (
    "SIPRI Arms Transfers Database trade register 1950-2024 (Source: SIPRI Arms Transfers Database): its weapon "
    "designations and the versions and national designations its comments name; plus curated additions "
    "(systems_curated.json)"
)

# ------------------------------------------------------------------ categories

# Ordered (substring rules, category); the first rule with a matching substring wins.
_CATEGORY_RULES: list[tuple[tuple[str, ...], str]] = [
    (("satellite",), "satellites"),
    (("turret", "chassis", "air refuel", "armed ugv"), "other"),
    (("engine", "turbofan", "turbojet", "turboprop", "gas turbine", "nuclear reactor"), "engines"),
    (
        (
            "radar",
            "sonar",
            "electro-optical",
            "eo/radar",
            "signals intelligence system",
            "air-search system",
            "reconnaissance system",
            "reconnaissance/signals intelligence system",
        ),
        "sensors",
    ),
    (("aircraft", "helicopter", "uav", "airship", "drone"), "aircraft"),
    (("anti-submarine rocket launcher", "anti-submarine mortar"), "anti-submarine warfare"),
    (("naval gun", "naval sam system", "naval multiple rocket launcher"), "naval weapons"),
    (
        (
            "torpedo boat",
            "torpdeo boat",
            "frigate",
            "corvette",
            "patrol boat",
            "patrol ship",
            "patrol craft",
            "submarine",
            "landing ship",
            "landing craft",
            "minesweeper",
            "minehunter",
            "mcm ship",
            "destroyer",
            "cruiser",
            "aircraft carrier",
            "missile boat",
            "gunboat",
            "tug",
            "support ship",
            "support craft",
            "cargo ship",
            "cargo craft",
            "replenishment",
            "survey ship",
            "training ship",
            "transport ship",
            "transport craft",
            "salvage ship",
            "icebreaker",
            "minelayer",
            "amphibious",
            "ampibious",
            "signals intelligence ship",
        ),
        "ships",
    ),
    (("tanker",), "ships"),
    (
        (
            "sam system",
            "air-defence system",
            "air defence system",
            "ad system",
            "anti-aircraft gun",
            "abm system",
            "abm/sam system",
        ),
        "air defence systems",
    ),
    (
        (
            "missile",
            "sam",
            "abm",
            "guided bomb",
            "guided glide bomb",
            "guided rocket",
            "guided shell",
            "torpedo",
            "loitering munition",
            "coastal defence system",
        ),
        "missiles",
    ),
    (("self-propelled gun", "towed gun", "multiple rocket launcher", "mortar", "coastal defence gun"), "artillery"),
    (
        (
            "armoured",
            "tank",
            "infantry fighting vehicle",
            "fire-support vehicle",
            "armoured car",
            "apc",
        ),
        "armoured vehicles",
    ),
]


def category_for(description: str) -> str:
    """SIPRI weapon category for a register weapon description."""
    text = description.strip().lower().replace("engineer", "engin-eer")  # an engineer vehicle is no engine
    for needles, category in _CATEGORY_RULES:
        if any(needle in text for needle in needles):
            # "anti-submarine sonar" is caught by sensors before; plain ASW torpedoes stay missiles (SIPRI).
            return category
    return "other"


# ------------------------------------------------------------------ designation parsing

_PAREN_RE = re.compile(r"\s*\([^)]*\)")
_CALIBRE_RE = re.compile(r"^\d+(?:\.\d+)?mm$")
_SUFFIX_RE = re.compile(r"^[A-Za-z]{1,3}(?:-?\d{1,2})?$")
_DESCRIPTOR_RE = re.compile(r"^[A-Z][A-Za-z'’]*(?:-[A-Z][A-Za-z'’]*)*$")
_BLOCK_RE = re.compile(r"^Block-?(\S+)$", re.IGNORECASE)
_SUB_MODEL_RE = re.compile(r"^([A-Za-z][A-Za-z-]*-?\d+[A-Za-z]?)(/\d{2,4}[A-Za-z]*)$")


@dataclass
class Parsed:
    designation: str
    base: str | None  # designation stem with a number ("AH-64"), None for word-only first tokens
    suffix: str  # letter suffix after the number ("E" in "AH-64E")
    descriptor: tuple[str, ...]  # name words ("Apache", "Longbow")
    extra: tuple[str, ...]  # remaining variant tokens ("Block-3", "Mk-4")


def split_base(token: str) -> tuple[str, str] | None:
    """Split "Su-30MKI" into ("Su-30", "MKI"); ``None`` if the token carries no designation number."""
    if not any(ch.isdigit() for ch in token) or not any(ch.isalpha() for ch in token):
        return None
    sub_model = _SUB_MODEL_RE.match(token)
    if sub_model:  # "Type-209/1400": the Type-209 family's 1400 model
        return sub_model.group(1), sub_model.group(2)
    if "/" in token and sum(1 for part in token.split("/") if any(ch.isdigit() for ch in part)) > 1:
        return token, ""
    for i in range(1, len(token)):
        if token[i].isalpha() and token[i - 1].isdigit():
            base, suffix = token[:i], token[i:]
            if _SUFFIX_RE.match(suffix) and any(ch.isalpha() for ch in base):
                return base, suffix
    if token[-1].isdigit():
        return token, ""
    return None


def parse(designation: str) -> Parsed:
    clean = _PAREN_RE.sub("", designation).strip()
    tokens = clean.split()
    if not tokens:
        return Parsed(designation, None, "", (), ())
    split = split_base(tokens[0])
    if split is None:
        return Parsed(designation, None, "", (), tuple(tokens[1:]))
    base, suffix = split
    rest = tokens[1:]
    descriptor: list[str] = []
    while rest and _DESCRIPTOR_RE.match(rest[0]):
        descriptor.append(rest.pop(0))
    return Parsed(designation, base, suffix, tuple(descriptor), tuple(rest))


# ------------------------------------------------------------------ surface-form helpers

_UPPER_PREFIX_RE = re.compile(r"^([A-Z]{1,4})-(\d+[A-Za-z0-9]*(?:-\d+[A-Za-z0-9]*)?)$")
_JOINED_RE = re.compile(r"^([A-Z]{1,3})(\d{2,4}[A-Z]{0,2})$")  # "AW139", "H145M", "A400M"
_MK_RE = re.compile(r"^(Mk)-(\d{2,3}[A-Za-z]?)$")  # "Mk-41"
_MIXED_PREFIX_RE = re.compile(r"^([A-Z][a-z]+[A-Z][A-Za-z]*)-(\d{2,}[A-Za-z0-9]*)$")  # "PzH-2000", "BvS-10"
_WORD_PREFIX_RE = re.compile(r"^([A-Z][a-z]{2,}|[A-Z]{5,}|Type|Project)-(\d+[A-Za-z0-9]*)$")
_GENERIC_RE = re.compile(r"^(?:\d+|[A-Za-z]|[A-Za-z]{1,2}\d|[A-Za-z]-\d)$")
GENERIC_WORDS = frozenset(
    [
        "Training",
        "Trainer",
        "Maritime",
        "Transport",
        "Tanker",
        "Patrol",
        "Command",
        "Utility",
        "Advanced",
        "Super",
        "Mobile",
        "Light",
        "Heavy",
        "Naval",
        "Coastal",
        "Combat",
        "Strike",
        "Cargo",
        "Export",
        "Special",
        "Standard",
        "Improved",
        "Modernized",
        "Modified",
        "Early",
        "Late",
        "New",
        "Sea",
        "Air",
        "Land",
        "Model",
        "Series",
        "Type",
        "Version",
        "Chassis",
        "Turret",
        "Plus",
        "Basic",
        "Tactical",
        "Recce",
        "Reconnaissance",
        "Ambulance",
        "Armoured",
        "Armored",
        "Attack",
        "Assault",
        "Air-Defence",
        "Fighter",
        "Bomber",
        "Mortar",
        "Radar",
        "Recovery",
        "Engineer",
        "Bridgelayer",
        "Mobile",
        "Multi",
        "Long",
        "Short",
        "Medium",
        "Extended",
        "Range",
        "Upgrade",
        "Upgraded",
        "Sentinel",
        "Executive",
        "Station",
        "Guardian",
        "Commander",
        "Master",
    ]
)
_PLAIN_RE = re.compile(r"^(?:[A-Z][a-zà-ÿ]+|[a-zà-ÿ]+)$")


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_NAME_NUMBER_RE = re.compile(r"^([A-Z][A-Za-z]{2,})-([1-5])$")  # "Huey-2", "NASAMS-2", "Globemaster-3"
_WORD_CODE_RE = re.compile(r"^([A-Z][a-z]{2,})-([A-Z][A-Za-z]{0,3}(?:/[A-Z]{1,3})?)$")  # "Spike-LR", "Heron-TP"


def spelling_variants(form: str) -> list[str]:
    """Common press spellings of a designation.

    "Leopard-2A4" -> "Leopard 2A4"; "AH-64E" -> "AH64E"; "FPB-72" -> "FPB72", "FPB 72"; "PzH-2000" -> "PzH 2000",
    "PzH2000"; "Huey-2" -> "Huey 2",
    "Huey II", "Huey-II"; "Heron-TP" -> "Heron TP". Matching is case-sensitive and exact, so every spelling the
    press uses has to be listed.
    """
    out = [form]
    tokens = form.split()
    for idx, token in enumerate(tokens):
        alternatives: list[str] = []
        upper = _UPPER_PREFIX_RE.match(token)
        word = _WORD_PREFIX_RE.match(token)
        if upper and len(upper.group(2)) >= 2:
            alternatives.append(upper.group(1) + upper.group(2))
            if len(upper.group(1)) >= 2 and upper.group(2)[:2].isdigit():
                alternatives.append(upper.group(1) + " " + upper.group(2))  # "FPB 72", "AW 159"
        elif word:
            alternatives.append(word.group(1) + " " + word.group(2))
        mixed = _MIXED_PREFIX_RE.match(token)
        if mixed:
            alternatives += [mixed.group(1) + " " + mixed.group(2), mixed.group(1) + mixed.group(2)]  # "PzH 2000"
        joined = _JOINED_RE.match(token)
        if joined and len(tokens) == 1:
            alternatives.append(joined.group(1) + "-" + joined.group(2))  # "A-400M", "AW-139"
        mark = _MK_RE.match(token)
        if mark:
            alternatives += [f"Mk {mark.group(2)}", f"MK-{mark.group(2)}", f"MK {mark.group(2)}"]  # "Mk 41"
        roman = _NAME_NUMBER_RE.match(token)
        if roman and roman.group(1) not in GENERIC_WORDS:
            numeral = _ROMAN[roman.group(2)]
            alternatives += [f"{roman.group(1)} {numeral}", f"{roman.group(1)}-{numeral}"]
            if not word:
                alternatives.append(f"{roman.group(1)} {roman.group(2)}")  # "NASAMS 2"
        code = _WORD_CODE_RE.match(token)
        if code and len(code.group(2)) >= 2 and "/" not in code.group(2):
            alternatives.append(code.group(1) + " " + code.group(2))  # "Heron TP", "Spike LR"
        for alternative in alternatives:
            out.append(" ".join([*tokens[:idx], alternative, *tokens[idx + 1 :]]))
    return out


def strip_calibre(form: str) -> str:
    return " ".join(tok for tok in form.split() if not _CALIBRE_RE.match(tok))


def is_generic(form: str) -> bool:
    """Forms too generic to match at all: numbers, single letters, "L-1"-like codes, lowercase phrases."""
    if _GENERIC_RE.match(form):
        return True
    if form[:1].islower() and not any(ch.isdigit() for ch in form):
        return True
    return len(form) < 2


def is_plain_word(form: str) -> bool:
    return bool(_PLAIN_RE.match(form))


def uniq(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ------------------------------------------------------------------ register aggregation


@dataclass
class DesignationStats:
    rows: int = 0
    suppliers: Counter[str] = field(default_factory=Counter)
    licensors: Counter[str] = field(default_factory=Counter)  # suppliers of a licence to produce, not of systems
    descriptions: Counter[str] = field(default_factory=Counter)
    comments: Counter[str] = field(default_factory=Counter)


LICENCE = re.compile(r"\b(?:produced|assembled|built) under licen[cs]e\b", re.IGNORECASE)


def read_register(path: Path) -> dict[str, DesignationStats]:
    stats: dict[str, DesignationStats] = defaultdict(DesignationStats)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if len(row) < 8:
                continue
            designation = " ".join(row[6].split())
            if not designation:
                continue
            entry = stats[designation]
            entry.rows += 1
            entry.suppliers[row[1].strip()] += 1
            if len(row) > 12 and LICENCE.search(row[12]):
                entry.licensors[row[1].strip()] += 1
            entry.descriptions[" ".join(row[7].split())] += 1
            if len(row) > 12 and row[12].strip():
                entry.comments[" ".join(row[12].split())] += 1
    return dict(stats)


_COMPATIBLE = frozenset({"air defence systems", "missiles", "naval weapons"})


def choose_category(counts: Counter[str]) -> str:
    """Pick a family's category: the system over its missile, otherwise the most frequent."""
    if "air defence systems" in counts and "missiles" in counts:
        return "air defence systems"
    if not counts:
        return "other"
    return sorted(counts.items(), key=lambda kv: (-kv[1], CATEGORIES.index(kv[0])))[0][0]


_VERSION_TOKEN_RE = re.compile(r"^(?:Block|Mk|Batch)-?\S+$")
_BARE_VERSION_RE = re.compile(r"^(?:Block|Blk|Mk|Mod|Batch|Tranche|Flight|Lot|Phase|Increment|Update)\b")
_HEAD_NAME_RE = re.compile(r"^(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*|[A-Z]{5,})$")


def _family_name(head: str) -> bool:
    """Whether the words before a "Mk-3" or "Block-2" name a family: "Harpoon", "Sea King", "ATACMS"; not "MBT",
    "LCT", "102mm" or a company ("Vosper")."""
    return (
        bool(_HEAD_NAME_RE.match(head))
        and head not in GENERIC_WORDS
        and head not in NOT_NAMES
        and head not in company_forms()
    )


def word_family_key(designation: str, word_keys: set[str], stems: Counter[str]) -> str:
    """Family key of a designation without a designation number.

    "Patriot Configuration-3" joins "Patriot" when "Patriot" is itself a designation; "Harpoon Block-2" is
    "Harpoon"; "Spike-ER" is "Spike" when "Spike" is a designation or two designations share the stem.
    """
    tokens = designation.split()
    for n in range(1, len(tokens)):
        prefix = " ".join(tokens[:n])
        if prefix in word_keys:
            return prefix
    head = list(tokens)
    while len(head) > 1 and _VERSION_TOKEN_RE.match(head[-1]):
        head.pop()
    if len(head) < len(tokens) and _family_name(" ".join(head)):
        return " ".join(head)
    code = _WORD_CODE_RE.match(tokens[0])
    if code and (code.group(1) in word_keys or stems[code.group(1)] >= 2):
        return code.group(1)
    return designation


def group_designations(stats: dict[str, DesignationStats]) -> dict[str, list[str]]:
    """Family key -> designations."""
    parsed = {d: parse(d) for d in stats}
    word_keys = {d for d, p in parsed.items() if p.base is None}
    stems: Counter[str] = Counter()
    for d in word_keys:
        code = _WORD_CODE_RE.match(d.split()[0])
        if code:
            stems[code.group(1)] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for designation, p in parsed.items():
        if p.base is not None:
            groups[p.base].append(designation)
        else:
            groups[word_family_key(designation, word_keys, stems)].append(designation)

    # Split keys whose designations fall into incompatible categories (e.g. "M-1 Abrams" tank vs "M-1 240mm").
    final: dict[str, list[str]] = {}
    for key, members in groups.items():
        by_cat: dict[str, list[str]] = defaultdict(list)
        for designation in members:
            cat = category_for(stats[designation].descriptions.most_common(1)[0][0])
            by_cat["ads" if cat in _COMPATIBLE else cat].append(designation)
        if len(by_cat) == 1:
            final[key] = members
            continue
        ranked = sorted(by_cat.values(), key=lambda ds: -sum(stats[d].rows for d in ds))
        final[key] = ranked[0]
        for other in ranked[1:]:
            best = max(other, key=lambda d: (stats[d].rows, -len(d)))
            sub_key = best
            if best in final or best in groups:
                sub_key = f"{best} ({category_for(stats[best].descriptions.most_common(1)[0][0])})"
            final[sub_key] = other
    return final


def block_name(token: str) -> str | None:
    match = _BLOCK_RE.match(token)
    return f"Block {match.group(1)}" if match else None


# ------------------------------------------------------------------ versions named in the register's comments

# "UH-60M version", "Armed Mi-171Sh version", "Incl 10 Mirage-5DR reconnaissance version", "H145M (EC645T2) version",
# "AH-1E and AH-1P version", "S-70C(M)-1 Thunderhawk version", "Stryker version".
_VERSION_RE = re.compile(r"\bversions?\b")
_TRAILING_KIND_RE = re.compile(
    r"(?:\s+(?:[a-z][a-z/-]*|ASW|AEW|AEW&C|SAR|VIP|SIGINT|ELINT|CP|MCM|EW|ISR|MP|ABM|SAM))+$"
)
_LIST_RE = re.compile(r"\s*(?:,|\band/or\b|\band\b|\bor\b)\s+")
_LEAD_RE = re.compile(
    r"^(?:(?:incl(?:uding|\.)?|possibly|probably|mainly|mostly|armed|unarmed|second-hand|new|some|all|\d+)\s+)*",
    re.IGNORECASE,
)
_TOKEN = r"[A-Z0-9][A-Za-z0-9./+-]*(?:\([A-Z0-9]{1,3}\)[A-Za-z0-9./+-]*)?"
_CANDIDATE_RE = re.compile(
    rf"^(?P<d>(?:[A-Z][a-z]+\s)?{_TOKEN}(?:\s+(?:Block|Mk|Batch)-\S+)?)(?:\s+\((?P<alt>{_TOKEN})\))?"
    r"(?:\s+(?P<name>[A-Z][a-z]{3,})(?:\s+(?:Block|Mk)-\S+)?)?$"
)
_LINKING_WORDS = frozenset(["For", "From", "To", "Of", "And", "Or", "In", "On", "As", "By", "The", "Including"])
_NAME_RE = re.compile(r"^[A-Z][A-Za-z]+(?:-[A-Z0-9][A-Za-z0-9]*)*$")  # "Stryker", "Spike-LR"; not "Shelter-based"
# Words that name a kind of version, a role or a programme, never a system of their own.
NOT_NAMES = frozenset(
    [
        "Armed", "Unarmed", "Trainer", "Combat", "Command", "Ambulance", "Police", "Civilian", "Civil", "Military",
        "Export", "Naval", "Navy", "Army", "Coast", "Guard", "Government", "Presidential", "Staff", "Cargo",
        "Passenger", "Utility", "Search", "Rescue", "Medical", "Hospital", "Tanker", "Recovery", "Engineer",
        "Mortar", "Missile", "Gun", "Cannon", "Radar", "Sonar", "Turret", "Chassis", "Hull", "Electronic",
        "Signals", "Survey", "Training", "Target", "Drone", "Spare", "Spares", "Second", "Some", "Incl", "Possibly",
        "Probably", "With", "Without", "Production", "Licence", "License", "Modernized", "Modernised", "Rebuilt",
        "Upgraded", "Refurbished", "Deal", "Option", "Aid", "Lease", "Gift", "Delivery", "Ordered", "Only",
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Basic", "Standard", "Special", "Compact", "Light", "Heavy",
        "Long", "Short", "Medium", "Mobile", "Static", "Fixed", "Coastal", "Land", "Sea", "Air", "Anti",
        "Interim", "Initial", "Final", "Full", "Partial", "Early", "Late", "Latest", "First", "Last", "Improved",
        "Plus", "Super", "Ultra", "Mega", "Stretched", "Shortened", "Tactical", "Strategic", "Multi", "Version",
        "Model", "Series", "Variant", "Configuration", "Prototype", "Demonstrator", "Commercial", "Executive",
        "Transport", "Patrol", "Attack", "Assault", "Fighter", "Bomber", "Strike", "Support", "Logistics",
        "Marine", "Maritime", "Shelter", "Containerized", "Containerised", "Enhanced", "Driver", "Sold", "Black",
        "White", "Blue", "Green", "Red", "Smith", "Sierra", "Legacy", "Integrator", "Desert", "Arctic",
        "Tropical", "Winter", "Summer", "Night", "Day", "Hunter", "Killer", "Mine", "Bridge", "Crane", "Fire",
        "Vosper", "Thornycroft", "Damen", "Lurssen", "Fassmer",  # shipyards, not ships
    ]
)


Version = tuple[str, str | None, str | None]  # designation, alternative designation, popular name


def version_candidates(comment: str) -> list[Version]:
    """Designations the register names as "X version" in a comment: (designation, alternative, popular name).

    Only versions of the row's own weapon are taken: the designation must open its clause, after nothing but a
    count or "incl", "armed", "second-hand" ("modernization of some M-47 to M-47M version" is left alone).
    """
    out: list[Version] = []
    for part in comment.split(";"):
        for match in _VERSION_RE.finditer(part):
            before = _TRAILING_KIND_RE.sub("", part[: match.start()].rstrip())
            chunks = _LIST_RE.split(before)
            found: list[Version] = []
            for i, chunk in enumerate(reversed(chunks)):
                chunk = chunk.strip()
                last = i == len(chunks) - 1
                if last:
                    chunk = _LEAD_RE.sub("", chunk)
                cand = _CANDIDATE_RE.match(chunk)
                if cand is None:
                    if last or i == 0:
                        found = []
                    break
                found.append((cand.group("d"), cand.group("alt"), cand.group("name")))
            # "AIM-9X Block-2 and Block-3 versions": a bare block borrows the designation before it
            found.reverse()
            for i, (designation, alt, name) in enumerate(found):
                if _VERSION_TOKEN_RE.match(designation.split()[0]):
                    before = [d for d, _a, _n in found[:i] if not _VERSION_TOKEN_RE.match(d.split()[0])]
                    if before:
                        out.append((f"{before[-1].split()[0]} {designation}", alt, name))
                else:
                    out.append((designation, alt, name))
    return out


def designation_candidates(comment: str) -> list[Version]:
    """"Japanese designation TC-90", "German designation MELLS": another name of the row's weapon."""
    return [
        (m.group("d"), None, None)
        for m in _OTHER_DESIGNATION_RE.finditer(comment)
        if any(ch.isdigit() for ch in m.group("d")) or m.group("d").isupper()
    ]


_OTHER_DESIGNATION_RE = re.compile(rf"\bdesignation\s+(?P<d>{_TOKEN})(?=\s*(?:$|[;,(]))")


def clean_designation(text: str) -> str:
    """"S-70C(M)-1" -> "S-70C-1"; trailing punctuation off."""
    return re.sub(r"\([A-Z0-9]{1,3}\)", "", text).strip(" .,)")


def acceptable_candidate(designation: str) -> bool:
    if len(designation) < 3 or is_generic(designation) or _BARE_VERSION_RE.match(designation):
        return False
    if designation.split()[0] in NOT_NAMES or designation.split()[0] in _LINKING_WORDS:
        return False  # "For Rafale version"
    if any(ch.isdigit() for ch in designation):
        return any(ch.isalpha() for ch in designation) and not re.fullmatch(r"[A-Za-z]{1,2}-?\d", designation)
    word = designation.split("-")[0]
    if word in GENERIC_WORDS or word in NOT_NAMES or len(word) < 4 or not _NAME_RE.match(designation):
        return False
    if word.isupper() and word in GENERIC_ACRONYMS:
        return False  # "CSAR version", "VIP version"
    return designation not in country_forms() and designation not in company_forms()


def claims(groups: dict[str, list[str]]) -> dict[str, set[str]]:
    """Normalised designation, designation stem or key -> the families of the register that have it."""
    claimed: dict[str, set[str]] = defaultdict(set)
    for key, members in groups.items():
        claimed[_norm(_PAREN_RE.sub("", key))].add(key)
        for d in members:
            claimed[_norm(strip_calibre(_PAREN_RE.sub("", d)))].add(key)
            p = parse(d)
            if p.base:
                claimed[_norm(p.base)].add(key)
            claimed[_norm(d.split()[0])].add(key)
            code = _WORD_CODE_RE.match(d.split()[0])
            if code:
                claimed[_norm(code.group(1))].add(key)  # "Cheetah" of the Cheetah-C
    return claimed


def mine_versions(stats: dict[str, DesignationStats], groups: dict[str, list[str]]) -> dict[str, list[Version]]:
    """Family key -> versions the comments of its rows name that no other family of the register claims."""
    family_of = {d: key for key, members in groups.items() for d in members}
    claimed = claims(groups)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Version] = {}
    for designation, entry in stats.items():
        family = family_of[designation]
        for comment, n in entry.comments.items():
            # a version names the row's weapon more surely than a national designation, which may be another
            # state's code for something else ("Spanish designation C-12" of the F-4, the US C-12 is a King Air)
            weighted = [(v, 2) for v in version_candidates(comment)] + [(v, 1) for v in designation_candidates(comment)]
            for (raw, alt, name), weight in weighted:
                cand = clean_designation(raw)
                if not acceptable_candidate(cand):
                    continue
                owners = claimed.get(_norm(cand), set()) | claimed.get(_norm(parse(cand).base or ""), set())
                if owners and family not in owners:
                    continue  # another family of the register: "Hercules C-5 version" is not the C-5 Galaxy
                alt = clean_designation(alt) if alt else None
                if alt and (not acceptable_candidate(alt) or not any(ch.isdigit() for ch in alt)):
                    alt = None
                if name and (name in GENERIC_WORDS or name in NOT_NAMES):
                    name = None
                votes[_norm(cand)][family] += n * weight
                forms.setdefault(_norm(cand) + "|" + family, (cand, alt, name))
    out: dict[str, list[Version]] = defaultdict(list)
    for key, counter in votes.items():
        (family, n), *rest = counter.most_common()
        if rest and n <= sum(m for _f, m in rest):
            continue  # named under several families: which one it belongs to is unclear
        if n < 4 and not any(ch.isdigit() for ch in key):
            continue  # a name without a number in one row only: too often a typo or a word ("Sold", "Driver")
        out[family].append(forms[key + "|" + family])
    return out


# Acronyms that name a kind of system ("Type-85 IFV", "VT-4 ARV", "Mk-41 VLS"), not the system itself.
GENERIC_ACRONYMS = frozenset(
    [
        "IFV", "APC", "ARV", "AEV", "ARRV", "TEL", "AEW", "AEWC", "VLS", "FSV", "CDS", "CEV", "CP", "SAR", "ASW",
        "MCM", "OPV", "FAC", "UAV", "UCAV", "MRAP", "AVLB", "TTH", "NFH", "ABV", "APR", "AUV", "ACE", "CAD", "FUG",
        "VTT", "VCI", "AIFV", "MRTT", "SIGINT", "ELINT", "MPA", "ITV", "LWT", "FDCV", "STAR", "AMB", "MMSA", "GTTA",
        "HADR", "LBR", "UEWR", "MMSR", "CMM", "SP", "SPG", "SPH", "MLU", "SLEP", "VIP", "CSAR", "MEDEVAC", "ISR",
    ]
)
# A second designation after the first one: "MIM-104 PAC-3", "C-17A Globemaster-3", "UH-1H Huey-2".
_SECONDARY_RE = re.compile(r"^(?:[A-Z][a-z]{2,}|[A-Z]{2,5})-\d{1,4}[A-Z]{0,2}$")
_NOT_SECONDARY = ("Update-", "Mod-", "Batch-", "Lot-", "Phase-", "Type-", "Model-", "Series-", "Flight-", "Tranche-")


def name_alias(descriptor: tuple[str, ...]) -> str | None:
    """A descriptor that can stand alone as a name: "Apache", "Black Hawk"; not "IFV", "SM", "Training"."""
    if not descriptor or (len(descriptor) == 1 and descriptor[0] in GENERIC_WORDS):
        return None
    text = " ".join(descriptor)
    if len(descriptor) == 1 and text.isupper() and (len(text) <= 2 or text in GENERIC_ACRONYMS):
        return None
    return text


def build_family(
    key: str,
    members: list[str],
    stats: dict[str, DesignationStats],
    mined: list[Version] | None = None,
    claimed: dict[str, set[str]] | None = None,
) -> dict[str, Any]:
    parsed = [parse(d) for d in members]
    rows = sum(stats[d].rows for d in members)
    suppliers: Counter[str] = Counter()
    licensors: Counter[str] = Counter()
    descriptions: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for d in members:
        suppliers.update(stats[d].suppliers)
        licensors.update(stats[d].licensors)
        descriptions.update(stats[d].descriptions)
        for desc, n in stats[d].descriptions.items():
            categories[category_for(desc)] += n

    # origin: the state that supplies finished systems most often. A licence to produce ("produced under licence
    # in Turkiye") counts only when the register shows no finished exports: the T-129 is exported by Turkiye.
    origin = None
    for counted in (suppliers - licensors, suppliers):
        origin_counts: Counter[str] = Counter()
        for supplier, n in counted.items():
            iso3 = iso3_for(supplier)
            if iso3:
                origin_counts[iso3] += n
        if origin_counts:
            origin = origin_counts.most_common(1)[0][0]
            break

    # Family name: key + most frequent (non-generic) descriptor.
    descriptors: Counter[str] = Counter()
    for p in parsed:
        if p.descriptor and p.base == key and p.descriptor[0] not in GENERIC_WORDS:
            descriptors[" ".join(p.descriptor)] += stats[p.designation].rows
    name = key
    if descriptors:
        best = sorted(descriptors.items(), key=lambda kv: (-kv[1], len(kv[0])))[0][0]
        name = f"{key} {best}"

    owners = claimed or {}

    def elsewhere(form: str) -> bool:
        """Whether another family of the register has this designation."""
        return bool(owners.get(_norm(form), set()) - {key})

    aliases: list[str] = [_PAREN_RE.sub("", key).strip(), _PAREN_RE.sub("", name).strip()]
    variants: dict[str, list[str]] = {}

    def add_designation(p: Parsed) -> None:
        full = strip_calibre(_PAREN_RE.sub("", p.designation).strip())
        aliases.append(full)
        if p.base is not None and p.base == key:
            stem = p.base + p.suffix
            alias = name_alias(p.descriptor)
            if alias:
                aliases.append(alias)
                aliases.append(f"{key} {alias}")
            blocks = [b for b in (block_name(t) for t in p.extra) if b]
            if p.suffix:
                # "F-16D Block-40" is a pattern of Block 40, not of the F-16D (else the two variants merge)
                variants.setdefault(stem, []).extend([stem] if blocks else [stem, full])
            others = [t for t in p.extra if not block_name(t) and not _CALIBRE_RE.match(t)]
            secondary = [
                t for t in others
                if _SECONDARY_RE.match(t) and not t.startswith(_NOT_SECONDARY) and not elsewhere(t)
            ]
            aliases.extend(secondary)
            for block in blocks:
                raw = next(t for t in p.extra if block_name(t) == block)
                variants.setdefault(block, []).extend([raw, block, full])
            if others and not blocks:
                vname = " ".join([stem, *others])
                # "UH-1H Huey-2": "Huey-2" names this variant; "PAC-3" of "MIM-104 PAC-3 MSE" names a wider one
                variants.setdefault(vname, []).extend([vname, full, *(secondary if secondary == others else [])])
        elif p.designation != key:
            # word families: "Patriot Configuration-3" under "Patriot", "Harpoon Block-2" under "Harpoon"
            rest = p.designation[len(key) :].split() if p.designation.startswith(key + " ") else []
            if rest and all(block_name(t) for t in rest):
                vname = " ".join(block_name(t) or t for t in rest)
                variants.setdefault(vname, []).extend([full, vname])
            else:
                variants.setdefault(full, []).append(full)

    for p in parsed:
        add_designation(p)
    mined_bases = Counter(parse(designation).base for designation, _alt, _popular in mined or ())
    for designation, alt, _popular in mined or ():
        p = parse(designation)
        if p.base == key or (p.base is None and designation.startswith(key + " ")):
            add_designation(p)  # "C-130J-30 version" of the C-130: the register's own kind of designation
        else:
            # "UH-60M version" of the S-70, "Mi-171Sh version" of the Mi-17, "Stryker version" of the LAV-3
            variants.setdefault(designation, []).extend([designation, *([alt] if alt else [])])
            aliases.extend([designation, *([alt] if alt else [])])
            if p.base and mined_bases[p.base] >= 2 and not elsewhere(p.base) and not is_generic(p.base):
                aliases.append(p.base)  # "UH-60" (UH-60A, UH-60L, UH-60M versions), "Mi-171"
                variants.setdefault(p.base, []).append(p.base)

    alias_forms: list[str] = []
    for alias in uniq(aliases):
        alias_forms.extend(spelling_variants(alias))
    alias_list = [a for a in uniq(alias_forms) if not is_generic(a)]
    if rows < 5:
        alias_list = [a for a in alias_list if not re.match(r"^[A-Z]-\d$", a)]
    variant_list = []
    for vname, patterns in variants.items():
        forms: list[str] = []
        for pattern in uniq(patterns):
            forms.extend(spelling_variants(pattern))
        forms = [f for f in uniq(forms) if not is_generic(f)]
        if forms:
            variant_list.append({"name": vname, "patterns": forms})
    return {
        "family": key,
        "name": name,
        "aliases": alias_list,
        "variants": variant_list,
        "category": choose_category(categories),
        "origin": origin,
        "description": descriptions.most_common(1)[0][0] or None,
        "plain_word_aliases": [],
        "_rows": rows,
        "_sipri": sorted(members),
    }


def _kind(category: str) -> str:
    return "ads" if category in _COMPATIBLE else category


def drop_ambiguous_names(generated: dict[str, dict[str, Any]]) -> None:
    """A one-word name that several families of the register have stays only with the one that dominates.

    "Harpoon" is the missile, not the PV-2 bomber; "Falcon" (the AIM-4 Falcon, the Falcon-20 jets...) is nobody's.
    """
    holders: dict[str, Counter[str]] = defaultdict(Counter)
    for key, entry in generated.items():
        for alias in entry["aliases"]:
            if is_plain_word(alias):
                holders[alias][key] += entry["_rows"]
        for designation in entry["_sipri"]:
            stem = re.match(r"^([A-Z][a-z]{2,})-", designation)  # "Falcon-20", "Cheetah-C"
            if stem:
                holders[stem.group(1)][key] += entry["_rows"]
    for name, owners in holders.items():
        if len(owners) < 2:
            continue
        (best, n), *rest = owners.most_common()
        kind = {(_kind(generated[key]["category"]), generated[key]["origin"]) for key in owners}
        # "Exocet" (MM-38, MM-40, AM-39...): one kind of weapon from one state, so the same name; else the
        # dominant family keeps it
        keep = best if len(kind) == 1 or n >= 2 * sum(m for _f, m in rest) else None
        for key in owners:
            entry = generated[key]
            if key in (keep, name):
                continue
            entry["aliases"] = [a for a in entry["aliases"] if a != name]
            for variant in entry["variants"]:
                variant["patterns"] = [p for p in variant["patterns"] if p != name]


# ------------------------------------------------------------------ curated merge


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def merge_variant(variants: list[dict[str, Any]], new: dict[str, Any]) -> None:
    """Add a generated variant, folding it into a curated variant that already covers one of its spellings."""
    keys = {_norm(new["name"]), *(_norm(p) for p in new["patterns"])}
    for variant in variants:
        covered = {_norm(variant["name"]), *(_norm(p) for p in variant.get("patterns", []))}
        if keys & covered:
            variant["patterns"] = uniq([*variant.get("patterns", []), *new["patterns"]])
            return
    variants.append(new)


def merge_curated(generated: dict[str, dict[str, Any]], curated: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_designation: dict[str, str] = {}
    for key, entry in generated.items():
        for designation in entry["_sipri"]:
            by_designation[designation] = key
    for item in curated:
        family = item["family"]
        absorbed: list[dict[str, Any]] = []
        if family in generated:
            absorbed.append(generated.pop(family))
        for other in item.get("sipri_families", []):
            if other in generated:
                absorbed.append(generated.pop(other))
        for designation in item.get("sipri", []):
            key = by_designation.get(designation)
            if key and key in generated:
                absorbed.append(generated.pop(key))
        aliases = list(item.get("aliases", []))
        variants: list[dict[str, Any]] = [dict(v) for v in item.get("variants", [])]
        rows = 0
        suppliers_origin: str | None = None
        description: str | None = None
        category: str | None = None
        for entry in absorbed:
            rows += entry["_rows"]
            aliases.extend(entry["aliases"])
            for variant in entry["variants"]:
                merge_variant(variants, variant)
            if suppliers_origin is None:
                suppliers_origin = entry["origin"]
                description = entry["description"]
                category = entry["category"]
        entry = {
            "family": family,
            "name": item.get("name", family),
            "aliases": uniq([family, *aliases]) if item.get("family_is_alias", True) else uniq(aliases),
            "variants": variants,
            "category": item.get("category") or category or "other",
            "origin": item.get("origin", suppliers_origin),
            "description": item.get("description", description),
            "plain_word_aliases": [],
            "note": item.get("note", "curated from public reporting"),
            "_rows": rows,
            "_curated": True,
            "_drop": set(item.get("drop_aliases", [])),
        }
        entry["aliases"] = [a for a in entry["aliases"] if a not in entry["_drop"]]
        generated[family] = entry
    return generated


def finalise(entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    countryish = set(country_forms())
    ordered = sorted(entries.values(), key=lambda e: (not e.get("_curated", False), -e["_rows"], e["family"]))
    out: list[dict[str, Any]] = []
    for entry in ordered:
        curated = entry.get("_curated", False)
        aliases = [a for a in entry["aliases"] if curated or a not in countryish]
        for variant in entry["variants"]:
            variant["patterns"] = uniq([p for p in variant["patterns"] if curated or p not in countryish])
            # a plain word among the patterns ("Stryker" of the LAV-3) is an alias too, so that it is flagged
            # below and matched only next to a weapon noun or a count
            aliases.extend(p for p in variant["patterns"] if is_plain_word(p) and p not in aliases)
        entry["aliases"] = aliases
        entry["plain_word_aliases"] = [a for a in aliases if is_plain_word(a)]
        assert entry["category"] in CATEGORIES, entry
        clean = {k: v for k, v in entry.items() if not k.startswith("_")}
        out.append(clean)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV, help="SIPRI trade register CSV")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--curated", type=Path, default=CURATED)
    args = parser.parse_args(argv)

    stats = read_register(args.csv)
    groups = group_designations(stats)
    mined = mine_versions(stats, groups)
    claimed = claims(groups)
    generated = {key: build_family(key, members, stats, mined.get(key), claimed) for key, members in groups.items()}
    drop_ambiguous_names(generated)
    curated = json.loads(args.curated.read_text(encoding="utf-8"))["systems"]
    merged = merge_curated(generated, curated)
    systems = finalise(merged)
    doc = {"source": SOURCE, "systems": systems}
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(stats)} designations -> {len(systems)} families -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
