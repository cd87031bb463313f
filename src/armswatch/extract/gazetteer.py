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
    r"\s*(?:[-\w/]+\s+){0,2}?(?:(?:helicopter|aircraft) carriers?|(?:armou?red )?personnel carriers?|"
    r"jets?|fighters?|aircraft|airplanes?|planes?|helicopters?|choppers?|tanks?|"
    r"missiles?|systems?|launchers?|howitzers?|guns?|drones?|UAVs?|UCAVs?|frigates?|corvettes?|submarines?|"
    r"vessels?|ships?|boats?|craft|radars?|rockets?|vehicles?|trainers?|interceptors?|batter(?:y|ies)|platforms?|"
    r"MBTs?|APCs?|IFVs?|bombers?|transports?|airlifters?|destroyers?|carriers?|munitions?|torpedo(?:es)?|"
    r"engines?|satellites?|artillery|MRLS?|mortars?|rifles?|fire units?)\b"
)
_NOUNS = (r"(?:fighter jets?|jets?|fighters?|aircraft|airplanes?|planes?|helicopters?|choppers?|tanks?|missiles?|"
          r"systems?|launchers?|howitzers?|guns?|drones?|UAVs?|UCAVs?|frigates?|corvettes?|submarines?|vessels?|"
          r"ships?|boats?|craft|radars?|rockets?|vehicles?|trainers?|interceptors?|MBTs?|APCs?|IFVs?|bombers?|"
          r"transports?|destroyers?|munitions?|torpedo(?:es)?|engines?|satellites?|mortars?|rifles?|pistols?)")
LEFT_CONTEXT = re.compile(r"(?:\b\d(?:[\d,]*\d)?|\b(?:[A-Z][A-Za-z]+)-(?:made|built|designed)|"
                          r"\b(?:more|additional|new|its|their|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                          r"twelve|dozen|several))\s+[\"'“‘]?$")
VARIANT_TAIL = re.compile(
    r"(?P<suf>[A-Z]{1,3}\d?)?(?:[\s-](?P<blk>(?:Block|Blk|Mk|Mark|Batch|Tranche|Flight)[\s-]?(?:[IVX]{1,4}|\d{1,2})[A-C]?))?"
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
    forms = knowledge.system_forms()
    for surface, family in forms.items():
        add(surface, _Entry("system", family, "system", plain=surface in plain_words or _bare_acronym(surface)))
    # a one-word name of several families ("Predator": a Chinese patrol boat and the US UAV) keeps the others as
    # second choices, taken when the noun beside the name fits them and not the first
    for family, system in knowledge.systems().items():
        for word in system.plain_word_aliases:
            if forms.get(word) not in (None, family) and word in plain_words:
                add(word, _Entry("system", family, "system", plain=True))
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
            if _inside_code(text, start, end, surface):
                continue
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
    for start, end, surface, entries in hits:
        if start < last_end:
            continue
        entry = entries[0]
        span_text = text[start:end]
        if entry.kind == "system":
            fits = _plain_word_in_context(text, start, end, entry.value) if entry.plain else True
            if isinstance(fits, str):
                # another family of the same name may be of the noun's kind: "Predator drones" are the US UAV,
                # "Predator patrol boats" the Chinese boats
                other = next((x for x in entries[1:] if x.kind == "system" and x.plain
                              and _plain_word_in_context(text, start, end, x.value) is True), None)
                if other is not None:
                    entry, fits = other, True
            if not fits and out and out[-1].kind == "system" and _LIST_GAP.fullmatch(text, out[-1].end, start):
                fits = True  # in a list of weapons: "the JF-17, Tejas and F-16"
            if not fits and _bare_acronym(surface) and (_demonym_before(text, start)
                                                        or _ACRONYM_TAIL.match(text, end)):
                fits = True  # "the Turkish KAAN", "Norwegian NSM", "LCH-Prachand", "ERJ 145"
            if not fits:
                continue
            if not any(c.isdigit() for c in surface) and _UNIT_AFTER.match(text, end):
                continue  # "the IAF's Golden Eagle squadron": a unit's name, not the aircraft
            if isinstance(fits, str):
                # a name the catalogue has for another kind of weapon: "Mistral helicopter carriers", "Barracuda
                # submarines" (the catalogue's are a missile and an APC); keep the name, not the catalogue's family,
                # unless the word is a common one ("Attack helicopters") or a name of the designation before it
                # ("F-16D Barak fighter jets")
                named_before = out and out[-1].kind == "system" and not text[out[-1].end:start].strip()
                if named_before or _common_word(text, surface):
                    continue
                out.append(Entity(start, end, "system", span_text, form="pattern", family=surface,
                                  category=noun_category(fits)))
                last_end = end
                continue
            out.append(Entity(start, end, "system", span_text, iso3=None, form="system", family=entry.value,
                              variant=knowledge.variant_for(entry.value, _strip_plural(span_text))))
        else:
            if entry.form == "capital" and _INSIDE_NAME.match(text, end):
                continue  # "Stockholm International Peace Research Institute", "Washington Post": not the state
            if _GEO_BEFORE.search(text, max(0, start - 12), start) or _GEO_AFTER.match(text, end):
                continue  # "the Gulf of Guinea", "the South China Sea", "the Indian Ocean": a place, not the state
            if _CURRENCY_AFTER.match(text, end):
                continue  # "(U.S. $850 million)": a currency, not a party
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


def _inside_code(text: str, start: int, end: int, surface: str) -> bool:
    """Part of a longer code: "N-22" in "SS-N-22", "PT" in "PT-ZTN" (a registration) or "Heron-PT"."""
    if _SHORT_CODE.match(surface) and _UPPER_CODE_BEFORE.search(text, max(0, start - 3), start):
        return True  # "N-22" of "SS-N-22" (but "LCA-Tejas", "ALH-Dhruv" name the Tejas and the Dhruv)
    if text.endswith("Bill ", 0, start):
        return True  # "Bill C-47", a bill in parliament
    if not _ACRONYM.fullmatch(surface):
        return False
    if _CODE_BEFORE.search(text, max(0, start - 2), start):
        return True
    return len(surface) == 2 and bool(_CODE_AFTER.match(text, end))


_ACRONYM = re.compile(r"[A-Z]{2,4}")
_LIST_GAP = re.compile(r",? (?:and |or )?|/")
_CODE_BEFORE = re.compile(r"[A-Za-z0-9]-$")
_UPPER_CODE_BEFORE = re.compile(r"(?<![a-z])[A-Z0-9]+-$")
_SHORT_CODE = re.compile(r"[A-Z]{1,2}-\d")
_CODE_AFTER = re.compile(r"-[A-Z0-9]{2,}\b")  # "PT-ZTN"; not "ALH-Dhruv", "LCH-Prachand"


def _plain_word_in_context(text: str, start: int, end: int, family: str | None = None) -> bool | str:
    """A plain-word system name ("Patriot", "Hawk") counts only next to a weapon noun or a count.

    The noun has to fit the family: "Valiant patrol vessel" is no BT-13 Valiant trainer aircraft, "Mistral helicopter
    carriers" no Mistral missile. Returns True, False, or the noun when the name names a weapon of another kind.
    """
    if not text[start].isupper():
        return False
    after = end + 1 if text[end:end + 1] in _CLOSING_QUOTES else end  # German 'Boxer' armoured vehicles
    noun = CATEGORY_NOUN.match(text, after)  # "Patriot missiles"
    if noun:
        return True if _noun_fits(noun.group(), family) else noun.group().split()[-1]
    # "Bushmaster Protected Mobility Vehicles", "Guardian Class Patrol Boat" in title case: only if it fits, and not a
    # company's name ("Hunter Helicopter of Nevada")
    title = _TITLE_NOUN.match(text, after)
    if title and _noun_fits(title.group(), family) and (title.group().endswith("s") or " Class " in title.group()):
        return True
    if _ANTI_WEAPON.match(text, after):
        return True  # "Javelin antitank weapons"
    if _NEXT_NAME.match(text, after):
        return False  # part of a longer name: "7 Spike Lee movies", "its Husky Oil unit"
    return bool(LEFT_CONTEXT.search(text, max(0, start - 30), start)) or _after_maker(text, start, family)


_TITLE_NOUN = re.compile(r"\s*(?:[A-Z][-\w]*\s+){0,2}?(?:Jets?|Fighters?|Aircraft|Helicopters?|Tanks?|Missiles?|"
                         r"Launchers?|Howitzers?|Drones?|Frigates?|Corvettes?|Submarines?|Vessels?|Ships?|"
                         r"Boats?|Vehicles?|Trainers?|Interceptors?|Destroyers?|Rockets?)\b")
# role words that also name a catalogue system ("Attack" class, "Interceptor" vehicle): as a plain word before a
# weapon noun of another kind they are the role, not the system
_ROLE_WORDS = frozenset(["Attack", "Assault", "Strike", "Interceptor", "Patrol", "Transport", "Utility", "Combat",
                         "Fighter", "Trainer", "Light", "Heavy", "Fast", "Multi", "Support", "Training", "Special",
                         "Coastal", "Offshore", "Advanced", "Modern", "Armed", "Guided", "Precision", "Tactical"])


def _common_word(text: str, word: str) -> bool:
    """A capitalised common word: a role word, or one the article itself also writes in lower case."""
    if word in _ROLE_WORDS:
        return True
    return re.search(rf"\b{re.escape(word.lower())}\b", text) is not None


_NEXT_NAME = re.compile(r" [A-Z][a-z]")
_ANTI_WEAPON = re.compile(r"\s+anti-?(?:tank|armou?r|ship|aircraft|air|submarine)\s+(?:weapons?|guided|munitions?)\b",
                          re.IGNORECASE)
_MAKER_BEFORE = re.compile(r"([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2}?)(?:['’]s)?\s+$")


def _after_maker(text: str, start: int, family: str | None = None) -> bool:
    """A plain-word name right after its maker: "Britten-Norman Islanders", "Dassault's Rafale"."""
    m = _MAKER_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    words = m.group(1).split()
    forms = knowledge.company_forms()
    system = knowledge.systems().get(family or "")
    for i in range(len(words)):
        company = forms.get(" ".join(words[i:]))
        if company is not None:
            # the maker has to fit: "Lockheed Martin Sniper" is no Sniper of another state's catalogue entry
            return company.multinational or system is None or company.iso3 == system.origin
    return False


_CURRENCY_AFTER = re.compile(r"\s?\$\s?\d")
_UNIT_AFTER = re.compile(r"\s+(?:squadrons?|wings?|regiments?|brigades?|battalions?|divisions?|teams?|clubs?)\b")
_CLOSING_QUOTES = frozenset("'\"’”")
# kinds of weapon a head noun implies, and the catalogue categories of each kind; nouns of no clear kind
# ("systems", "vehicles", "platforms", "carriers", "transports") fit anything
_NOUN_KINDS = {
    "aircraft": re.compile(r"(?:jets?|fighters?|aircraft|airplanes?|planes?|helicopters?|choppers?|"
                           r"drones?|uavs?|ucavs?|trainers?|bombers?|airlifters?)$"),
    "ships": re.compile(r"(?:frigates?|corvettes?|submarines?|vessels?|ships?|boats?|destroyers?|carriers?)$"),
    "armour": re.compile(r"(?:tanks?|mbts?|apcs?|ifvs?)$"),
    "weapons": re.compile(r"(?:missiles?|rockets?|launchers?|interceptors?|batter(?:y|ies)|munitions?|torpedo(?:es)?|"
                          r"howitzers?|guns?|artillery|mrls?|mortars?|rifles?)$"),
}
_CATEGORY_KIND = {
    "aircraft": "aircraft", "ships": "ships", "armoured vehicles": "armour", "missiles": "weapons",
    "air defence systems": "weapons", "artillery": "weapons", "naval weapons": "weapons",
    "anti-submarine warfare": "weapons",
}


def _noun_fits(phrase: str, family: str | None) -> bool:
    system = knowledge.systems().get(family or "")
    kind = _CATEGORY_KIND.get(system.category) if system else None
    if kind is None:
        return True
    words = phrase.split()
    if len(words) > 1 and words[-2].lower() == "anti":
        return kind == "weapons"  # "Javelin anti tank weapons"
    if len(words) > 1 and words[-2].lower() == "personnel":
        return kind == "armour"  # "Fuchs armoured personnel carriers"
    noun_kind = next((k for k, rx in _NOUN_KINDS.items() if rx.search(words[-1].lower())), None)
    return noun_kind is None or noun_kind == kind


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
    out = {w: forms[w] for s in knowledge.systems().values() for w in s.plain_word_aliases if w in forms}
    out.update({w: f for w, f in forms.items() if _bare_acronym(w)})
    return out


# "the Gulf of Guinea", and "Latin American", "South American": a region, not the state the word also names
_GEO_BEFORE = re.compile(r"\b(?:(?:Gulf|Bay|Sea|Straits?|Horn) of (?:the )?|"
                         r"(?:Latin|South|North|Central|Pan|Meso)[- ])$")
_GEO_AFTER = re.compile(r" (?:Sea|Ocean|Gulf|Strait|Peninsula|Basin|Channel)\b")
_ACRONYM_ONLY = re.compile(r"[A-Z]{2,4}")
_ACRONYM_TAIL = re.compile(r"(?:-[A-Z][a-z]+|[- ]?\d)")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)[\s-]+$")


def _demonym_before(text: str, start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, start - 25), start)
    return bool(m) and knowledge.country_forms().get(m.group(1), (None, None))[1] == "demonym"


def _bare_acronym(surface: str) -> bool:
    """"MTV", "TAM", "BTS": letters alone name a TV channel, an airline or a band as often as a weapon, so
    like a plain word they count only next to a weapon noun, a count or the maker."""
    return bool(_ACRONYM_ONLY.fullmatch(surface))


# A designation the catalog lacks, followed by a weapon noun: "FPB 110 patrol boats", "H145M helicopters".
DESIGNATION = re.compile(
    r"\b(?P<d>(?:[A-Z][a-z]+[- ])?(?:[A-Z]{1,5}|[A-Z][a-z])[- ]?\d{1,4}[A-Z]{0,3}(?:[- ]\d{1,3})?)(?P<pl>s)?"
    r"(?=\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + _NOUNS + r")\b)"
)
# A project or type number the catalog lacks: "Project 22160 patrol vessel", "Type 26 frigates".
PROJECT = re.compile(
    r"\b(?P<d>(?:Project|Type)[- ]\d{2,5}(?:\.\d)?[A-Z]{0,3}(?:/[A-Z0-9]{1,4})?)(?P<pl>s)?"
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
        d = m.group("d")
        if d.split()[0] in ("The", "A", "An", "This", "That", "Its", "Their", "New", "Same", "Each"):
            continue
        if " " in d and d.split()[0] in _SERVICE_WORDS:  # "the Royal Canadian Navy Halifax-class": "Halifax class"
            s, d = s + len(d.split()[0]) + 1, d.split(maxsplit=1)[1]
        if any(a < e and s < b for a, b in spans):
            continue
        spans.append((s, e))
        out.append(Entity(s, e, "system", text[s:e], form="pattern", family=f"{d} class", category="ships"))
    matches = [*PROJECT.finditer(text), *DESIGNATION.finditer(text)]
    for m in matches:
        d = m.group("d")
        if m.re is DESIGNATION and (NOT_DESIGNATION.match(d) or re.fullmatch(r"[A-Z]+ ?(?:19|20)\d\d", d)):
            continue
        s, e = m.start("d"), m.end("d")
        first = re.match(r"[A-Z][a-z]+(?=[- ])", d)
        if m.re is DESIGNATION and first and first.group() in _SERVICE_WORDS:  # "Air Force WC-130H": not a name
            s, d = s + first.end() + 1, d[first.end() + 1:]
        if any(a < e and s < b for a, b in spans) or (
            _SHORT_CODE.match(d) and _UPPER_CODE_BEFORE.search(text, max(0, s - 3), s)
        ):
            continue
        if m.re is PROJECT:
            spans.append((s, e))
        noun = m.group("noun").lower()
        end = e + (1 if m.group("pl") else 0)
        base = _mission_variant_of(d) if m.re is DESIGNATION else None
        if base:  # "WC-130H", "MC-130J": a mission version of a catalogued transport
            family, version = base
            out.append(Entity(s, end, "system", text[s:end], form="pattern", family=family, variant=version or d))
            continue
        out.append(Entity(s, end, "system", text[s:end], form="pattern", family=d, category=noun_category(noun)))
    return sorted(out, key=lambda x: x.start)


_SERVICE_WORDS = {"Force", "Forces", "Army", "Navy", "Guard", "Corps", "Marine", "Marines", "Ministry", "Defence",
                  "Defense", "Command", "Service"}


def _mission_variant_of(d: str) -> tuple[str, str | None] | None:
    """A US mission prefix on a catalogued C- type ("WC-130H" weather, "KC-135R" tanker, "MC-130J" special
    operations): (family, variant) of the base type; None otherwise."""
    m = re.fullmatch(r"[AEHKMRW](C-\d{2,3})([A-Z]{0,2})", d.replace(" ", "-"))
    if not m:
        return None
    family = knowledge.system_forms().get(m.group(1)) or knowledge.system_forms().get(m.group(1) + m.group(2))
    return (family, d) if family else None


def noun_category(noun: str) -> str | None:
    noun = noun.lower()
    for key, cat in NOUN_CATEGORIES:
        if key in noun:
            return cat
    return None


NOUN_CATEGORIES = [
    # a ship named after what it carries: "helicopter carriers", "aircraft carrier", "landing helicopter dock"
    ("personnel carrier", "armoured vehicles"), ("carrier", "ships"), ("helicopter dock", "ships"),
    ("landing ship", "ships"),
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
