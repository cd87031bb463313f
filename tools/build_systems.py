"""Generate ``src/armswatch/data/systems.json`` from the SIPRI trade register plus curated additions.

Usage::

    python tools/build_systems.py [path/to/sipri_trade_register.csv] [--out path/to/systems.json]

The register CSV (UTF-8 with BOM) has the columns Recipient, Supplier, Year of order, -, Number ordered, -,
Weapon designation, Weapon description, ... . Designations are grouped into families ("AH-64A Apache",
"AH-64E Apache" -> family "AH-64" with variants "AH-64A", "AH-64E"), categorised into SIPRI's twelve weapon
categories from the weapon description, and given the most frequent supplier state as origin.
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
from armswatch.knowledge import CATEGORIES, country_forms, iso3_for  # noqa: E402

SOURCE = (
    "SIPRI Arms Transfers Database trade register 1950-2024 (Source: SIPRI Arms Transfers Database) "
    "plus curated additions (systems_curated.json)"
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
    text = description.strip().lower()
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

_UPPER_PREFIX_RE = re.compile(r"^([A-Z]{1,4})-(\d+[A-Za-z0-9]*)$")
_WORD_PREFIX_RE = re.compile(r"^([A-Z][a-z]{2,}|Type|Project)-(\d+[A-Za-z0-9]*)$")
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


def spelling_variants(form: str) -> list[str]:
    """Common press spellings of a designation: "Leopard-2A4" -> "Leopard 2A4"; "AH-64E" -> "AH64E"."""
    out = [form]
    tokens = form.split()
    for idx, token in enumerate(tokens):
        upper = _UPPER_PREFIX_RE.match(token)
        word = _WORD_PREFIX_RE.match(token)
        if upper and len(upper.group(2)) >= 2:
            joined = upper.group(1) + upper.group(2)
            out.append(" ".join([*tokens[:idx], joined, *tokens[idx + 1 :]]))
        elif word:
            spaced = word.group(1) + " " + word.group(2)
            out.append(" ".join([*tokens[:idx], spaced, *tokens[idx + 1 :]]))
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
    descriptions: Counter[str] = field(default_factory=Counter)


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
            entry.descriptions[" ".join(row[7].split())] += 1
    return dict(stats)


_COMPATIBLE = frozenset({"air defence systems", "missiles", "naval weapons"})


def choose_category(counts: Counter[str]) -> str:
    """Pick a family's category: the system over its missile, otherwise the most frequent."""
    if "air defence systems" in counts and "missiles" in counts:
        return "air defence systems"
    if not counts:
        return "other"
    return sorted(counts.items(), key=lambda kv: (-kv[1], CATEGORIES.index(kv[0])))[0][0]


def group_designations(stats: dict[str, DesignationStats]) -> dict[str, list[str]]:
    """Family key -> designations."""
    parsed = {d: parse(d) for d in stats}
    word_keys = {d for d, p in parsed.items() if p.base is None}
    groups: dict[str, list[str]] = defaultdict(list)
    for designation, p in parsed.items():
        if p.base is not None:
            groups[p.base].append(designation)
            continue
        key = designation
        tokens = designation.split()
        for n in range(1, len(tokens)):
            prefix = " ".join(tokens[:n])
            if prefix in word_keys:
                key = prefix
                break
        groups[key].append(designation)

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


def build_family(key: str, members: list[str], stats: dict[str, DesignationStats]) -> dict[str, Any]:
    parsed = [parse(d) for d in members]
    rows = sum(stats[d].rows for d in members)
    suppliers: Counter[str] = Counter()
    descriptions: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for d in members:
        suppliers.update(stats[d].suppliers)
        descriptions.update(stats[d].descriptions)
        for desc, n in stats[d].descriptions.items():
            categories[category_for(desc)] += n

    origin = None
    origin_counts: Counter[str] = Counter()
    for supplier, n in suppliers.items():
        iso3 = iso3_for(supplier)
        if iso3:
            origin_counts[iso3] += n
    if origin_counts:
        origin = origin_counts.most_common(1)[0][0]

    # Family name: key + most frequent (non-generic) descriptor.
    descriptors: Counter[str] = Counter()
    for p in parsed:
        if p.descriptor and p.base == key and p.descriptor[0] not in GENERIC_WORDS:
            descriptors[" ".join(p.descriptor)] += stats[p.designation].rows
    name = key
    if descriptors:
        best = sorted(descriptors.items(), key=lambda kv: (-kv[1], len(kv[0])))[0][0]
        name = f"{key} {best}"

    aliases: list[str] = [_PAREN_RE.sub("", key).strip(), _PAREN_RE.sub("", name).strip()]
    variants: dict[str, list[str]] = {}
    for p in parsed:
        full = strip_calibre(_PAREN_RE.sub("", p.designation).strip())
        aliases.append(full)
        if p.base is not None and p.base == key:
            stem = p.base + p.suffix
            if p.descriptor and not (len(p.descriptor) == 1 and p.descriptor[0] in GENERIC_WORDS):
                aliases.append(" ".join(p.descriptor))
                aliases.append(f"{key} {' '.join(p.descriptor)}")
            if p.suffix:
                variants.setdefault(stem, []).extend([stem, full])
            blocks = [b for b in (block_name(t) for t in p.extra) if b]
            others = [t for t in p.extra if not block_name(t) and not _CALIBRE_RE.match(t)]
            for block in blocks:
                raw = next(t for t in p.extra if block_name(t) == block)
                variants.setdefault(block, []).extend([raw, block, full])
            if others and not blocks:
                vname = " ".join([stem, *others])
                variants.setdefault(vname, []).extend([vname, full])
        elif p.designation != key:
            # word families: "Patriot Configuration-3" under "Patriot"
            variants.setdefault(full, []).append(full)

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
        entry["aliases"] = aliases
        entry["plain_word_aliases"] = [a for a in aliases if is_plain_word(a)]
        for variant in entry["variants"]:
            variant["patterns"] = uniq(list(variant["patterns"]))
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
    generated = {key: build_family(key, members, stats) for key, members in groups.items()}
    curated = json.loads(args.curated.read_text(encoding="utf-8"))["systems"]
    merged = merge_curated(generated, curated)
    systems = finalise(merged)
    doc = {"source": SOURCE, "systems": systems}
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(stats)} designations -> {len(systems)} families -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
