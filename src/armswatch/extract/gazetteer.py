"""Gazetteer matching: countries, demonyms, capitals, companies and weapon systems found in a text.

All surface forms from the knowledge files go into one Aho–Corasick automaton (pyahocorasick), matched
case-sensitively with a word-boundary check; overlapping hits resolve to the longest. A weapon-system hit
may grow over a variant suffix ("JF-17" + "C Block-III", "AH-64" + "E") and a plural ("K2s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from .. import knowledge

# Words that, after a plain-word system name, show that it names a weapon ("Patriot missiles", "Hawk trainers").
CATEGORY_NOUN = re.compile(
    r"\s*(?:[-\w]+\s+){0,2}?(?:jets?|fighters?|aircraft|airplanes?|planes?|helicopters?|choppers?|tanks?|"
    r"missiles?|systems?|launchers?|howitzers?|guns?|drones?|UAVs?|UCAVs?|frigates?|corvettes?|submarines?|"
    r"vessels?|ships?|boats?|radars?|rockets?|vehicles?|trainers?|interceptors?|batter(?:y|ies)|platforms?|"
    r"MBTs?|APCs?|IFVs?|bombers?|transports?|airlifters?|destroyers?|carriers?|munitions?|torpedo(?:es)?|"
    r"engines?|satellites?|artillery|MRLS?|mortars?|rifles?)\b"
)
_NOUNS = (r"(?:fighter jets?|jets?|fighters?|aircraft|airplanes?|planes?|helicopters?|choppers?|tanks?|missiles?|"
          r"systems?|launchers?|howitzers?|guns?|drones?|UAVs?|UCAVs?|frigates?|corvettes?|submarines?|vessels?|"
          r"ships?|boats?|radars?|rockets?|vehicles?|trainers?|interceptors?|MBTs?|APCs?|IFVs?|bombers?|"
          r"transports?|destroyers?|munitions?|torpedo(?:es)?|engines?|satellites?|mortars?|rifles?|pistols?)")
LEFT_CONTEXT = re.compile(r"(?:\b\d[\d,]*|\b(?:[A-Z][a-z]+)-(?:made|built|designed)|\b(?:more|additional|new|its|their)"
                          r")\s+$")
VARIANT_TAIL = re.compile(
    r"(?P<suf>[A-Z]{1,3}\d?)?(?:[\s-](?P<blk>(?:Block|Blk|Mk|Mark|Batch|Tranche|Flight)[\s-]?(?:[IVX]{1,4}|\d{1,2})))?"
    r"(?P<pl>s|es)?(?![\w])"
)


# a capital followed by a capitalised word is part of another name, unless that word names an armed force
_INSIDE_NAME = re.compile(r"[ -](?!(?:Air|Navy|Naval|Army|Armed|Defen[cs]e|Ministry|Government|Military|Coast|Marine|"
                          r"Special|Forces?|Command)\b)[A-Z][a-z]")


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    kind: str  # "country" | "org" | "system"
    text: str
    iso3: str | None = None  # state the entity is, or stands for
    form: str | None = None  # name | alias | demonym | capital | company | agency | system
    family: str | None = None  # systems: family designation
    variant: str | None = None  # systems: variant the surface names
    category: str | None = None  # systems not in the catalog: the category their head noun implies


@dataclass(frozen=True)
class _Entry:
    kind: str
    value: str  # iso3 or family
    form: str
    plain: bool = False  # a system name that is a plain word: needs context


@cache
def _automaton() -> ahocorasick.Automaton:
    table: dict[str, list[_Entry]] = {}

    def add(surface: str, entry: _Entry) -> None:
        surface = surface.strip()
        if len(surface) < 2:
            return
        table.setdefault(surface, []).append(entry)

    for surface, (iso3, kind) in knowledge.country_forms().items():
        add(surface, _Entry("country", iso3, kind))
    for surface, company in knowledge.company_forms().items():
        add(surface, _Entry("org", company.iso3, company.kind))
    plain_words = {w for s in knowledge.systems().values() for w in s.plain_word_aliases}
    for surface, family in knowledge.system_forms().items():
        add(surface, _Entry("system", family, "system", plain=surface in plain_words))
    automaton = ahocorasick.Automaton()
    for surface, entries in table.items():
        # a country or company name wins over a system that happens to share it ("Jaguar Land Rover")
        entries.sort(key=lambda e: {"country": 0, "org": 1, "system": 2}[e.kind])
        automaton.add_word(surface, (surface, tuple(entries)))
    automaton.make_automaton()
    return automaton


def _boundary_before(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def _boundary_after(text: str, j: int) -> bool:
    return j >= len(text) or not (text[j].isalnum() or text[j] == "_")


def find_entities(text: str) -> list[Entity]:
    """Every gazetteer entity in ``text``, left to right, non-overlapping (longest wins)."""
    hits: list[tuple[int, int, str, tuple[_Entry, ...]]] = []
    for end_idx, (surface, entries) in _automaton().iter(text):
        start = end_idx - len(surface) + 1
        end = end_idx + 1
        if not _boundary_before(text, start):
            continue
        entry = entries[0]
        if entry.kind == "system":
            m = VARIANT_TAIL.match(text, end)
            if m and m.end() > end and (m.group("suf") or m.group("blk") or m.group("pl")):
                if not surface[-1].isdigit() and m.group("suf") and not m.group("pl"):
                    m = None  # "Rafale" + "M..." is not a suffix; only designations ending in a digit take one
                if m:
                    end = m.end()
            if not _boundary_after(text, end) and not _possessive(text, end):
                continue
        else:
            if not _boundary_after(text, end):
                # "Pakistanis", "Azeris": a plural of a demonym
                if entry.form == "demonym" and text[end:end + 1] == "s" and _boundary_after(text, end + 1):
                    end += 1
                else:
                    continue
        hits.append((start, end, surface, entries))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Entity] = []
    last_end = -1
    for start, end, _surface, entries in hits:
        if start < last_end:
            continue
        entry = entries[0]
        span_text = text[start:end]
        if entry.kind == "system":
            if entry.plain and not _plain_word_in_context(text, start, end):
                continue
            out.append(Entity(start, end, "system", span_text, iso3=None, form="system", family=entry.value,
                              variant=knowledge.variant_for(entry.value, _strip_plural(span_text))))
        else:
            if entry.form == "capital" and _INSIDE_NAME.match(text, end):
                continue  # "Stockholm International Peace Research Institute", "Washington Post": not the state
            out.append(Entity(start, end, entry.kind, span_text, iso3=entry.value, form=entry.form))
        last_end = end
    return _propagate_plain(text, out)


def _strip_plural(s: str) -> str:
    if s.endswith("es") and len(s) > 3 and s[-3].isdigit():
        return s[:-2]
    if s.endswith("s") and len(s) > 2 and (s[-2].isdigit() or s[-2].isupper()):
        return s[:-1]
    return s


def _possessive(text: str, j: int) -> bool:
    return text[j:j + 2] in ("'s", "’s")


def _plain_word_in_context(text: str, start: int, end: int) -> bool:
    """A plain-word system name ("Patriot", "Hawk") counts only next to a weapon noun or a count."""
    if not text[start].isupper():
        return False
    if CATEGORY_NOUN.match(text, end):
        return True
    return bool(LEFT_CONTEXT.search(text, max(0, start - 30), start))


def _propagate_plain(text: str, ents: list[Entity]) -> list[Entity]:
    """Once a plain-word system was seen in context, its later bare mentions in the article count too."""
    families = {e.family for e in ents if e.kind == "system"}
    if not families:
        return ents
    by_family = _plain_forms_by_family()
    plain = {w: f for f in families for w in by_family.get(f, ())}
    if not plain:
        return ents
    taken = [(e.start, e.end) for e in ents]
    extra: list[Entity] = []
    for surface, family in plain.items():
        for m in re.finditer(rf"\b{re.escape(surface)}(?:s\b|\b)", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            extra.append(Entity(m.start(), m.end(), "system", m.group(), form="system", family=family,
                                variant=knowledge.variant_for(family, m.group())))
    return sorted(ents + extra, key=lambda e: e.start) if extra else ents


@cache
def _plain_forms_by_family() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w, f in _plain_forms().items():
        out.setdefault(f, []).append(w)
    return {f: tuple(ws) for f, ws in out.items()}


@cache
def _plain_forms() -> dict[str, str]:
    forms = knowledge.system_forms()
    return {w: forms[w] for s in knowledge.systems().values() for w in s.plain_word_aliases if w in forms}


# A designation the catalog lacks, followed by a weapon noun: "FPB 110 patrol boats", "H145M helicopters".
DESIGNATION = re.compile(
    r"\b(?P<d>(?:[A-Z][a-z]+[- ])?(?:[A-Z]{1,5}|[A-Z][a-z])[- ]?\d{1,4}[A-Z]{0,3}(?:[- ]\d{1,3})?)(?P<pl>s)?"
    r"(?=\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + _NOUNS + r")\b)"
)
NOT_DESIGNATION = re.compile(r"^(?:Block|Mk|Mark|Batch|Tranche|Flight|Type|Lot|Phase|Class|No|Vol|Covid|COVID|"
                             r"Article|Section|Rule|Level|Stage|Step|Grade|Tier|Model|Series|Project|Part|"
                             r"Route|Exercise|G|Q|H|FY|CY|AD|BC)\b|^[A-Z]{1,2}\d{1,2}$")


# A ship class the catalog lacks: "Krivak III-class frigates", "Kilo class submarines", "Guardian Class Patrol Boat".
SHIP_CLASS = re.compile(
    r"\b(?P<d>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?(?:[\s-][IVX]{1,4})?)[\s-][Cc]lass\b"
    r"(?=\s+(?:[\w-]+\s+){0,2}?(?P<noun>frigates?|corvettes?|submarines?|destroyers?|vessels?|ships?|boats?|"
    r"patrol\s(?:boats?|vessels?|ships?)|cutters?|carriers?|landing|minesweepers?|tankers?)\b)"
)


def find_designations(text: str, taken: list[Entity]) -> list[Entity]:
    """Weapon designations that are not in the catalog, recognised by their shape and the noun after them."""
    out: list[Entity] = []
    spans = [(e.start, e.end) for e in taken]
    for m in SHIP_CLASS.finditer(text):
        s, e = m.start("d"), m.end()
        if m.group("d").split()[0] in ("The", "A", "An", "This", "That", "Its", "Their", "New", "Same", "Each"):
            continue
        if any(a < e and s < b for a, b in spans):
            continue
        spans.append((s, e))
        out.append(Entity(s, e, "system", text[s:e], form="pattern", family=f"{m.group('d')} class",
                          category="ships"))
    for m in DESIGNATION.finditer(text):
        d = m.group("d")
        if NOT_DESIGNATION.match(d) or re.fullmatch(r"[A-Z]+ ?(?:19|20)\d\d", d):
            continue
        s, e = m.start("d"), m.end("d")
        if any(a < e and s < b for a, b in spans):
            continue
        noun = m.group("noun").lower()
        out.append(Entity(s, e + (1 if m.group("pl") else 0), "system", text[s:e + (1 if m.group("pl") else 0)],
                          form="pattern", family=d, category=noun_category(noun)))
    return sorted(out, key=lambda x: x.start)


def noun_category(noun: str) -> str | None:
    noun = noun.lower()
    for key, cat in NOUN_CATEGORIES:
        if key in noun:
            return cat
    return None


NOUN_CATEGORIES = [
    ("air defen", "air defence systems"), ("air-defen", "air defence systems"), ("sam system", "air defence systems"),
    ("helicopter", "aircraft"), ("chopper", "aircraft"), ("jet", "aircraft"), ("fighter", "aircraft"),
    ("aircraft", "aircraft"), ("plane", "aircraft"), ("drone", "aircraft"), ("uav", "aircraft"),
    ("trainer", "aircraft"), ("bomber", "aircraft"), ("transport", "aircraft"),
    ("tank", "armoured vehicles"), ("armoured", "armoured vehicles"), ("armored", "armoured vehicles"),
    ("vehicle", "armoured vehicles"), ("apc", "armoured vehicles"), ("ifv", "armoured vehicles"),
    ("howitzer", "artillery"), ("artillery", "artillery"), ("mortar", "artillery"), ("launcher", "artillery"),
    ("gun", "artillery"), ("missile", "missiles"), ("munition", "missiles"), ("rocket", "missiles"),
    ("torpedo", "missiles"), ("bomb", "missiles"), ("frigate", "ships"), ("corvette", "ships"),
    ("submarine", "ships"), ("vessel", "ships"), ("ship", "ships"), ("boat", "ships"), ("destroyer", "ships"),
    ("radar", "sensors"), ("sonar", "sensors"), ("engine", "engines"), ("satellite", "satellites"),
    ("rifle", "other"), ("pistol", "other"), ("weapon", "other"), ("arms", "other"), ("equipment", "other"),
]
