"""Context events around a country pair: diplomatic meetings, conflicts, offensives and ceasefires.

Rule-based (regexes plus the gazetteer), one pass over the sentences of a report:

* **meeting** – met, meet, meeting, convened, held talks, talks between/with, visit(ed), received a delegation,
  called on. The people who met come from "Firstname Lastname, the ROLE," and "ROLE Firstname Lastname"; each
  actor's state is the state its role serves ("Pakistan's Ambassador to China" -> PAK). The venue ("in Beijing")
  is a place, not a party.
* **conflict** – conflict, war, dispute, clashes, hostilities with two states or a named region
  ("the Nagorno-Karabakh conflict ... with Armenia").
* **offensive** – launched/initiated a (military) offensive, attacked, invasion of, invaded; the attacker is the
  subject state.
* **ceasefire** – ceasefire, truce, armistice, cessation of hostilities, agreement to cease hostilities; the
  broker ("brokered by Russia", "X-brokered") is context and never a party.

Dates are absolute ("In November 2020", "On September 19, 2023", "in 2022") or relative: "the following day",
"two days later" count from the previous date in the text (or the report date); "last month", "last year",
"on Thursday", "recently" count from the report date. A later sentence that refers back to an event ("the
ceasefire line", "the meeting between A and B in Beijing") adds no new event; the earliest sentence is the
evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .gazetteer import Entity, find_entities
from .patterns import trim

__all__ = ["Actor", "ContextEvent", "find_events", "split_sentences"]


@dataclass(frozen=True)
class Actor:
    name: str  # "Hikmet Hajiyev"
    role: str | None  # "Assistant to the President of Azerbaijan"
    iso3: str | None  # the state the role serves
    span: tuple[int, int]  # the name in the text


@dataclass(frozen=True)
class ContextEvent:
    kind: str  # "meeting" | "conflict" | "offensive" | "ceasefire"
    parties: tuple[str, ...]  # ISO3 of the states involved, sorted
    actors: tuple[Actor, ...]  # meetings: the people who met
    attacker: str | None  # offensives: who launched it
    broker: str | None  # ceasefires: who brokered it
    place: str | None  # "Beijing", "Nagorno-Karabakh"
    place_iso3: str | None  # "CHN" for Beijing; None for a place the gazetteer does not know
    date: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    date_text: str | None  # the words that gave the date
    approximate_date: bool
    span: tuple[int, int]  # the sentence that carries the event
    evidence: str  # that sentence's text


# ---------------------------------------------------------------------------------------------------- sentences

_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "adm", "capt", "brig", "sgt", "st", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "inc", "ltd", "co", "corp",
    "jr", "sr", "rep", "sen", "gov", "prof", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "est", "fig", "cf",
}
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (stripped of surrounding whitespace); a line break always ends a sentence."""
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENT_END.finditer(text, line.start(), line.end()):
            if text[m.start()] == ".":
                word = re.search(r"([\w.]+)$", text[max(line.start(), m.start() - 12):m.start()])
                token = word.group(1).lower() if word else ""
                if token in _ABBREV or re.fullmatch(r"[a-z]", token):
                    continue
            _add_span(text, start, m.start() + len(m.group().rstrip()), out)
            start = m.end()
        _add_span(text, start, line.end(), out)
    return out


def _add_span(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    span = trim(text, s, e)
    if span:
        out.append(span)


# ---------------------------------------------------------------------------------------------------- dates

_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4,
    "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
_WEEKDAYS = {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_NUM = r"(?:\d{1,2}|(?i:" + "|".join(k for k in _NUMBERS if k not in ("a", "an")) + r"))"
_WD = r"(?:" + "|".join(_WEEKDAYS) + r")"


def _md(tag: str) -> str:
    """A month and day without a year ("September 20", "20 September"); ``tag`` keeps group names unique."""
    return (rf"(?:(?P<m1{tag}>{_MON})\s+(?P<d1{tag}>{_DAY})\b|"
            rf"(?P<d2{tag}>{_DAY})\s+(?:of\s+)?(?P<m2{tag}>{_MON})(?![\w]))")



_DATE = re.compile(
    "|".join([
        # "On September 19, 2023", "19 September 2023"
        rf"(?P<full>\b(?:[Oo]n\s+)?(?:(?P<fm1>{_MON})\s+(?P<fd1>{_DAY}),?\s+(?P<fy1>{_YEAR})|"
        rf"(?P<fd2>{_DAY})\s+(?:of\s+)?(?P<fm2>{_MON}),?\s+(?P<fy2>{_YEAR}))\b)",
        # "In November 2020", "in late March 2021"
        rf"(?P<month>\b(?:(?:[Ii]n|[Dd]uring|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]hroughout)\s+)?"
        rf"(?:(?:early|mid|late|the end of|the start of)[- ]\s*)?(?P<mm>{_MON}),?\s+(?P<my>{_YEAR})\b)",
        # "the following day, September 20", "two days later", "a week later"
        rf"(?P<seq>\b(?:[Tt]he\s+(?:following|next)\s+(?P<nxt>day|week|month|year)|[Tt]he\s+day\s+after|"
        rf"(?P<n>{_NUM}|[Aa]n?|[Oo]ne)\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>later|earlier|before|after)"
        rf"(?!\s+(?:than|the|that|this|a|an|its|their|his|her)\b))"
        rf"(?:(?:,\s*|\s+on\s+|\s+\()?{_md('s')})?)",
        # "last month", "on Thursday", "recently"
        rf"(?P<deix>\b(?:[Yy]esterday|[Tt]oday|[Ll]ast\s+(?P<last>week|month|year)|"
        rf"[Ee]arlier\s+this\s+(?P<early>week|month|year)|[Tt]his\s+(?P<this>month|year)|[Rr]ecently|"
        rf"(?P<ago>{_NUM}|[Aa]n?)\s+(?P<agounit>days?|weeks?|months?|years?)\s+ago|"
        rf"(?:(?:[Oo]n|[Ll]ast)\s+)?(?P<wd>{_WD}))\b)",
        # "on March 3" (the year from the report or the previous date)
        rf"(?P<md>\b(?:[Oo]n\s+)?{_md('m')})",
        # "in 2022", "in early 2022"
        rf"(?P<year>\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|[Tt]hroughout|[Bb]y)\s+(?:(?:early|mid|late)[- ]\s*)?"
        rf"(?P<yy>{_YEAR})\b(?![-/]\d))",
    ])
)
_NOT_EVENT_DATE = re.compile(r"^(?:[Ss]ince|[Uu]ntil|[Tt]hroughout)\b")


@dataclass(frozen=True)
class _When:
    day: dt.date
    precision: str  # "day" | "month" | "year"

    def text(self) -> str:
        if self.precision == "day":
            return self.day.isoformat()
        if self.precision == "month":
            return self.day.strftime("%Y-%m")
        return f"{self.day.year:04d}"


@dataclass(frozen=True)
class _DateExpr:
    start: int
    end: int
    text: str
    when: _When | None
    approximate: bool
    usable: bool  # names when the event happened (not "since 2020")


def _parse_published(published: str | None) -> _When | None:
    if not published:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", published)
    if not m:
        return None
    try:
        if m.group(3):
            return _When(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day")
        if m.group(2):
            return _When(dt.date(int(m.group(1)), int(m.group(2)), 1), "month")
        return _When(dt.date(int(m.group(1)), 1, 1), "year")
    except ValueError:
        return None


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


def _add_months(d: dt.date, months: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + months
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _shift(base: _When, amount: int, unit: str) -> tuple[_When, bool]:
    """``base`` moved by ``amount`` units; the flag says the result is coarser than asked (approximate)."""
    unit = unit.rstrip("s")
    if unit in ("day", "week"):
        days = amount * (7 if unit == "week" else 1)
        if base.precision == "day":
            return _When(base.day + dt.timedelta(days=days), "day"), unit == "week"
        return base, True
    if unit == "month":
        if base.precision == "year":
            return base, True
        return _When(_add_months(base.day, amount), "month"), False
    return _When(dt.date(base.day.year + amount, 1, 1), "year"), False


def _day_num(day: str) -> int:
    return int(re.sub(r"\D", "", day))


def _month_day(m: re.Match[str], tag: str, year: int) -> dt.date | None:
    mon = m.group("m1" + tag) or m.group("m2" + tag)
    day = m.group("d1" + tag) or m.group("d2" + tag)
    if not mon or not day:
        return None
    try:
        return dt.date(year, _MONTHS[mon.rstrip(".")], _day_num(day))
    except ValueError:
        return None


def _find_dates(sent: str, offset: int, pub: _When | None,
                anchor: _When | None) -> tuple[list[_DateExpr], _When | None]:
    """Date expressions of one sentence, resolved in order; returns them and the updated anchor."""
    out: list[_DateExpr] = []
    for m in _DATE.finditer(sent):
        when: _When | None = None
        approx = False
        g = m.group
        if g("full"):
            mon, day, year = (g("fm1"), g("fd1"), g("fy1")) if g("fm1") else (g("fm2"), g("fd2"), g("fy2"))
            try:
                when = _When(dt.date(int(year), _MONTHS[mon.rstrip(".")], _day_num(day)), "day")
            except ValueError:
                when = None
        elif g("month"):
            when = _When(dt.date(int(g("my")), _MONTHS[g("mm").rstrip(".")], 1), "month")
            approx = bool(re.search(r"\b(?:early|mid|late|end|start)\b", g("month")))
        elif g("seq"):
            base = anchor or pub
            explicit = None
            if g("m1s") or g("m2s"):
                year = base.day.year if base else None
                explicit = _month_day(m, "s", year) if year else None
            if explicit is not None:
                if base is not None and base.precision == "day" and explicit < base.day and g("dir") != "earlier":
                    explicit = explicit.replace(year=explicit.year + 1)
                when = _When(explicit, "day")
            elif base is not None:
                if g("nxt"):
                    when, approx = _shift(base, 1, g("nxt"))
                elif g("unit"):
                    sign = -1 if g("dir") in ("earlier", "before") else 1
                    when, approx = _shift(base, sign * _num(g("n")), g("unit"))
                else:  # "the day after"
                    when, approx = _shift(base, 1, "day")
        elif g("deix"):
            text = g("deix").lower()
            if pub is not None:
                if text == "yesterday":
                    when, approx = _shift(pub, -1, "day")
                elif text == "today":
                    when = pub
                elif g("last"):
                    when, approx = _shift(pub, -1, g("last"))
                    approx = approx or g("last") == "week"
                elif g("early"):  # "earlier this year": the year (or month) of the report, approximately
                    unit = g("early")
                    when = pub if unit == "week" or pub.precision == "year" else _When(pub.day, unit)
                    approx = True
                elif g("this"):
                    when = _When(pub.day, g("this")) if pub.precision == "day" or g("this") == "year" else pub
                elif text == "recently":
                    when, approx = pub, True
                elif g("ago"):
                    when, approx = _shift(pub, -_num(g("ago")), g("agounit"))
                elif g("wd") and pub.precision == "day":
                    back = (pub.day.weekday() - _WEEKDAYS[g("wd")]) % 7
                    when = _When(pub.day - dt.timedelta(days=back), "day")
            else:
                approx = text == "recently"
        elif g("md"):
            base = pub or anchor
            if base is not None:
                d = _month_day(m, "m", base.day.year)
                if d is not None:
                    if pub is not None and pub.precision == "day" and d > pub.day:
                        d = d.replace(year=d.year - 1)
                    when = _When(d, "day")
        elif g("year"):
            when = _When(dt.date(int(g("yy")), 1, 1), "year")
        expr = m.group().strip()
        usable = not _NOT_EVENT_DATE.match(expr)
        out.append(_DateExpr(offset + m.start(), offset + m.start() + len(expr), expr, when, approx, usable))
        if when is not None and usable:
            anchor = when
    return out, anchor


# ---------------------------------------------------------------------------------------------------- triggers

_MEETING = re.compile(
    r"\b(?:met|meets?|meetings?|convened|convenes?|held\s+talks|holds?\s+talks|holding\s+talks|"
    r"talks\s+(?:between|with)|visit|visits|visited|visiting|"
    r"received\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:delegation|counterpart|envoy|ambassador|"
    r"minister|president|chief|secretary|commander|prime\s+minister)|"
    r"(?:called|calls|calling)\s+on|paid\s+a\s+(?:courtesy\s+)?call\s+on)\b",
    re.IGNORECASE,
)
_MEET_NOT = re.compile(
    r"^\s+(?:with\s+(?:criticism|resistance|opposition|scepticism|skepticism|protests?|approval|silence)|"
    r"(?:the|its|their|our|his|her|all|these|those|such|any|growing|future|current|local|export)?\s*"
    r"(?:[\w-]+\s+)?(?:needs?|requirements?|demands?|standards?|targets?|deadlines?|goals?|criteria|"
    r"obligations?|expectations?|challenges?|threats?|conditions?|specifications?|shortfalls?)\b)",
    re.IGNORECASE,
)
_CONFLICT = re.compile(r"\b(?:conflicts?|wars?|disputes?|clash(?:es|ed)?|hostilities|skirmish(?:es)?)\b",
                       re.IGNORECASE)
_CONFLICT_NOT = re.compile(
    r"\b(?:Cold\s+War|World\s+War(?:\s+(?:I{1,2}|One|Two|[12]))?|(?:trade|price|tariff|legal|contract|"
    r"contractual|commercial|labou?r|patent|pay|wage|tax|bidding|bid|court)\s+(?:wars?|disputes?|conflicts?)|"
    r"wars?\s+(?:games?|chests?|rooms?|time)|conflicts?\s+of\s+interest|interest\s+conflicts?|"
    r"(?:cease|cessation\s+of)\s+hostilities)\b",
    re.IGNORECASE,
)
_OFFENSIVE = re.compile(
    r"\b(?:(?:launch(?:ed|es|ing)?|initiat(?:ed|es|ing|e)|beg[au]n|begins|start(?:ed|s|ing)?|mount(?:ed|s|ing)?|"
    r"unleash(?:ed|es|ing)?|stag(?:ed|es|ing)|open(?:ed|s)?)\s+(?:a|an|its|their|the|his|her)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:offensive|invasion|incursion|assault|attacks?|air\s*strikes?|airstrikes?)|"
    r"(?:military|ground|air|major|new|large-scale|full-scale|spring|summer|winter|autumn|fall|final|"
    r"lightning|renewed|counter-?)\s*offensive\b(?!\s+(?:weapons?|capabilit\w*|systems?|missiles?|arms|"
    r"operations?|capacity|power|drones?|cyber|military|equipment|platforms?))|"
    r"(?:offensive|invasion)\s+(?:in|on|against|into|of)\b|"
    r"invasion|invad(?:ed|es|ing)|attack(?:ed|s)\s+(?=[A-Z])|attacked\s+(?:the\s+)?(?:[\w-]+\s+)?(?:positions|forces|troops|villages|towns|cities|bases?|territory|border\s+posts?)\b|was\s+attacked|were\s+attacked)"
    r"(?!\s+(?:helicopters?|aircraft|drones?|submarines?|jets?|planes?|variants?|versions?|programs?|programmes?|"
    r"capabilit\w*|weapons?|systems?|missiles?|boats?|vehicles?|craft|role|squadrons?|units?)\b)",
)
# a threat, a fear or a hope is not an event
_HYPOTHETICAL = re.compile(
    r"\b(?:deter\w*|prevent\w*|potential|possible|possibility|threat|threats|risk|risks|fears?|feared|hypothetical|"
    r"future|would|could|might|(?-i:may)|repel\w*|in\s+case\s+of|in\s+the\s+event\s+of|any|calls?\s+for|called\s+for|"
    r"calling\s+for|urg\w+|demand\w*|push\w*\s+for|seek\w*|sought|propos\w+|hopes?\s+(?:for|of)|avoid\w*|"
    r"averting|avert)\s+(?:(?:a|an|the|of|to|for)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_CEASEFIRE = re.compile(
    r"\b(?:(?:agreement|agreed|deal|accord|pact|decision|agree)\s+to\s+(?:(?:a|an)\s+)?cease\s+hostilities|"
    r"cessation\s+of\s+hostilities|cease\s+hostilities|cease-?fires?|truces?|armistices?)\b",
    re.IGNORECASE,
)
_DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Tt]hese)\s+(?:[\w-]+\s+){0,2}$")

_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|\s-\s|\(|\)|,\s+(?=(?:which|who|while|whereas|but|although|though|when|"
                           r"as|after|before|because|since)\b)")
_BROKER = re.compile(r"\b(?:brokered|mediated|negotiated|facilitated)\s+by\s+(?:the\s+)?|"
                     r"\bmediation\s+(?:of|by)\s+(?:the\s+)?|\bwith\s+the\s+help\s+of\s+(?:the\s+)?", re.IGNORECASE)
_BROKER_AFTER_ENTITY = re.compile(r"^(?:-|\s)(?:brokered|mediated)\b|^(?:'s|’s)?\s+mediation\b|"
                                  r"^\s+(?:has\s+|had\s+)?(?:brokered|mediated)\b")
_NOT_PARTY_AFTER = re.compile(r"^(?:-|\s)(?:made|built|designed|supplied|origin|manufactured|produced)\b|"
                              r"^(?:'s|’s)?\s+(?:[\w-]+\s+)?peace-?keep", re.IGNORECASE)
_AMBASSADOR_TO = re.compile(r"\b(?:Ambassador|ambassador|Envoy|envoy|Representative|Attach[eé]|attach[eé]|"
                            r"Consul(?:\s+General)?|High\s+Commissioner|Delegate|Emissary)\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:to|in)\s+(?:the\s+)?$")
_PLACE_IN = re.compile(r"\b(?:in|at|near|to)\s+(?:the\s+(?:city\s+of\s+|capital\s+(?:city\s+)?of\s+)?)?"
                       r"(?P<p>[A-Z][\w’'-]*(?:[ -](?:[A-Z][\w’'-]*|de|al|el|du|la))*(?:[ -][A-Z][\w’'-]*)?)")
_REGION = re.compile(r"\b(?P<p>[A-Z][\w’'-]*(?:[ -][A-Z][\w’'-]*){0,2})\s+(?:region|enclave|territory|province|"
                     r"oblast|strip|valley|peninsula|conflict|war|dispute|clashes)\b")
_NOT_PLACE = {
    "The", "This", "That", "These", "Those", "A", "An", "It", "Its", "Their", "His", "Her", "Our", "He", "She",
    "They", "We", "I", "In", "On", "At", "And", "But", "Or", "For", "With", "As", "After", "Before", "During",
    "Parliament", "Congress", "English", "Senate", "Cold", "World", "Great", "Civil", "Second", "First", "Both",
    *_MONTHS, *_WEEKDAYS,
}

# ---------------------------------------------------------------------------------------------------- actors

_TITLE_HEADS = {
    "minister", "president", "vice-president", "ambassador", "assistant", "adviser", "advisor", "secretary",
    "chief", "chairman", "chairwoman", "chair", "commander", "general", "gen.", "admiral", "adm.", "marshal",
    "envoy", "chancellor", "king", "queen", "emir", "amir", "prince", "sheikh", "sultan", "premier", "director",
    "head", "governor", "speaker", "deputy", "undersecretary", "under-secretary", "attaché", "attache",
    "representative", "spokesperson", "spokesman", "spokeswoman", "consul", "commissioner", "colonel", "col.",
    "brigadier", "brig.", "lieutenant", "lt.", "major", "maj.", "captain", "capt.", "senator", "counsellor",
    "counselor", "leader", "mayor", "aide", "officer", "ceo",
}
_STOP = {
    "The", "This", "That", "These", "Those", "On", "In", "At", "And", "But", "As", "For", "With", "Both",
    "Meanwhile", "However", "After", "Before", "During", "When", "While", "Also", "Then", "Later", "Earlier",
    "According", "Beyond", "Amidst", "Amid", "Since", "Under", "Over", "A", "An", "It", "He", "She", "They",
    "We", "His", "Her", "Their", "Its", "Our", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.",
    "Air", "Force", "Army", "Navy", "Ministry", "Defence", "Defense", "Foreign", "Affairs", "Staff", "Forces",
    "Republic", "Kingdom", "State", "States", "United", "National", "Security", "Council", "Armed", "Military",
    *_MONTHS, *_WEEKDAYS,
}
_TOKEN = r"(?:[A-Z]\.|(?:Gen|Lt|Col|Maj|Adm|Capt|Brig|Dr|Mr|Mrs|Ms)\.|[A-Z][\w’'-]*)"
_CAP_RUN = re.compile(rf"{_TOKEN}(?:[ \t]+{_TOKEN})*")
_ROLE_LEFT = re.compile(r"(?:(?:[A-Z][\w’'.-]*|of|the|to|for|on)\s+)+$")
_APPOSITIVE = re.compile(
    r"^,\s+(?:(?:the|his|her|their|its|a|an)\s+)?(?P<role>[^,;()]{3,100}?)"
    r"(?=,|;|\.?$|\s+(?:and|recently|have|has|had|met|meets|held|convened|visited|received|called|said|who)\b)"
)
_NAME_PARTICLES = {"bin", "ibn", "al", "el", "de", "da", "van", "von", "der", "le", "la", "du"}


def _is_title(token: str) -> bool:
    word = re.sub(r"['’]s$", "", token.lower())
    return word in _TITLE_HEADS or word.rstrip(",") in _TITLE_HEADS


def _has_title(text: str) -> bool:
    return any(_is_title(w) for w in re.findall(r"[\w’'.-]+", text))


# ---------------------------------------------------------------------------------------------------- assembly


@dataclass
class _Draft:
    kind: str
    parties: set[str]
    span: tuple[int, int]
    actors: list[Actor] = field(default_factory=list)
    attacker: str | None = None
    broker: str | None = None
    place: str | None = None
    place_iso3: str | None = None
    date: _DateExpr | None = None
    definite: bool = False

    def key(self) -> tuple:
        return (self.kind, tuple(sorted(self.parties)), self.date.when.text() if self.date and self.date.when else
                None, (self.place or "").lower() or None)


@dataclass
class _Sentence:
    text: str  # the whole report
    start: int
    end: int
    ents: list[Entity]  # country entities inside the sentence
    dates: list[_DateExpr]

    @property
    def body(self) -> str:
        return self.text[self.start:self.end]


# cheap gates: a sentence without any of these words holds no event; one without these holds no date
_ANY_TRIGGER = re.compile(
    r"cease|truce|armistice|hostilit|offensive|attack|invad|invasion|\bwar\b|wars\b|conflict|dispute|clash|"
    r"\bmet\b|\bmeet|convened|talks|visit|received|called on|summit|fighting|incursion|assault",
    re.IGNORECASE)
_DATEISH = re.compile(r"\d|January|February|March|April|May|June|July|August|September|October|November|December|"
                      r"day|week|month|year|yesterday|recently|earlier|later|ago|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|"
                      r"Nov\.|Dec\.", re.IGNORECASE)


def find_events(text: str, published: str | None = None, *, entities: list | None = None) -> list[ContextEvent]:
    """Meetings, conflicts, offensives and ceasefires in ``text``, each with the sentence that says so.

    ``published`` (``YYYY-MM-DD``, ISO timestamps accepted) resolves "recently", "last year", "on Thursday".
    ``entities``: the gazetteer entities of ``text`` when the caller already has them.
    """
    if not _ANY_TRIGGER.search(text):
        return []  # most articles: no word that any event needs
    pub = _parse_published(published)
    ents = [e for e in (find_entities(text) if entities is None else entities) if e.kind == "country"]
    anchor: _When | None = None
    drafts: list[_Draft] = []
    registry: dict[str, Actor] = {}  # surname -> actor seen earlier in the text
    ei = 0
    for s, e in split_sentences(text):
        while ei < len(ents) and ents[ei].start < s:
            ei += 1
        sent_ents = []
        j = ei
        while j < len(ents) and ents[j].start < e:
            if ents[j].end <= e:
                sent_ents.append(ents[j])
            j += 1
        triggered = _ANY_TRIGGER.search(text, s, e) is not None
        if triggered or _DATEISH.search(text, s, e):
            dates, anchor = _find_dates(text[s:e], s, pub, anchor)
        else:
            dates = []
        if not triggered:
            continue
        sent = _Sentence(text, s, e, sent_ents, dates)
        body = sent.body
        cease = [(s + m.start(), s + m.end()) for m in _CEASEFIRE.finditer(body)]
        broker, broker_ents = _brokers(sent)
        new: list[_Draft] = []
        cf = _ceasefire(sent, cease, broker, broker_ents) if cease else None
        if cf is not None:
            new.append(cf)
        off = _offensive(sent, broker_ents)
        if off is not None:
            new.append(off)
        conf = _conflict(sent, cease, broker_ents)
        if conf is not None:
            new.append(conf)
        meet = _meeting(sent, registry, broker_ents)
        if meet is not None:
            new.append(meet)
        for d in new:
            _inherit(d, drafts)
            if not _merge(d, drafts) and _keep(d):
                drafts.append(d)
    return [_finish(text, d) for d in drafts]


def _finish(text: str, d: _Draft) -> ContextEvent:
    date = d.date
    return ContextEvent(
        kind=d.kind,
        parties=tuple(sorted(d.parties)),
        actors=tuple(d.actors),
        attacker=d.attacker,
        broker=d.broker,
        place=d.place,
        place_iso3=d.place_iso3,
        date=date.when.text() if date and date.when else None,
        date_text=date.text if date else None,
        approximate_date=bool(date and date.approximate),
        span=d.span,
        evidence=text[d.span[0]:d.span[1]],
    )


def _keep(d: _Draft) -> bool:
    """A new event must say who (or where): a mention that only refers back ("this meeting") is dropped."""
    if d.kind == "meeting":
        return bool(d.actors) or len(d.parties) >= 2
    if d.kind == "conflict":
        return len(d.parties) >= 2 or d.place is not None
    if d.kind == "offensive":
        return bool(d.attacker or d.parties or d.place)
    return bool(d.parties or d.broker or d.place or d.date)


def _compatible(d: _Draft, old: _Draft) -> bool:
    if d.kind != old.kind:
        return False
    if d.parties and not d.parties <= old.parties:
        return False
    if d.place and old.place and d.place.lower() != old.place.lower():
        return False
    if d.kind == "meeting" and d.actors:
        names = {_surname(a.name) for a in old.actors}
        if not {_surname(a.name) for a in d.actors} <= names:
            return False
    return not (d.kind == "offensive" and d.attacker and old.attacker and d.attacker != old.attacker)


def _merge(d: _Draft, drafts: list[_Draft]) -> bool:
    """True when ``d`` is an event already recorded (the earlier sentence stays the evidence)."""
    for old in drafts:
        if old.key() == d.key():
            return True
    same_kind = [old for old in drafts if old.kind == d.kind]
    if not same_kind:
        return False
    if d.kind == "conflict":  # conflicts last: a mention that adds no state or place is the same conflict
        return any(_compatible(d, old) for old in same_kind)
    if d.kind == "meeting" and d.actors:
        for old in same_kind:
            if _compatible(d, old) and len(d.actors) == len(old.actors):
                return True
    if d.definite:
        return _compatible(d, same_kind[-1]) or any(_compatible(d, old) for old in same_kind)
    return False


def _inherit(d: _Draft, drafts: list[_Draft]) -> None:
    """An offensive or ceasefire in a known conflict's place (or naming no new state) belongs to that conflict."""
    if d.kind not in ("offensive", "ceasefire"):
        return
    wars = [old for old in drafts if old.kind == "conflict"]
    if not wars:
        return
    if d.place:
        for war in reversed(wars):
            if war.place and war.place.lower() == d.place.lower():
                d.parties |= war.parties
                return
    war = wars[-1]
    if d.parties <= war.parties and (d.place is None or war.place is None or d.place.lower() == war.place.lower()):
        d.parties |= war.parties
        if d.place is None and war.place is not None:
            d.place, d.place_iso3 = war.place, war.place_iso3


# ---------------------------------------------------------------------------------------------------- helpers


def _clause(sent: _Sentence, pos: int) -> tuple[int, int]:
    """Absolute bounds of the clause of ``sent`` that holds absolute position ``pos``."""
    body = sent.body
    rel = pos - sent.start
    start, end = 0, len(body)
    for m in _CLAUSE_BREAK.finditer(body):
        if m.end() <= rel:
            start = m.end()
        elif m.start() >= rel:
            end = m.start()
            break
    return sent.start + start, sent.start + end


def _excluded(sent: _Sentence, ent: Entity, broker_ents: set[int]) -> bool:
    """An entity that names no party: a broker, "Russian-made", "Russian peacekeepers", "Ambassador to China"."""
    if ent.start in broker_ents:
        return True
    text = sent.text
    if _NOT_PARTY_AFTER.match(text[ent.end:ent.end + 40]):
        return True
    return bool(_AMBASSADOR_TO.search(text[max(sent.start, ent.start - 60):ent.start]))


def _states(sent: _Sentence, lo: int, hi: int, broker_ents: set[int], skip: set[int] | None = None) -> set[str]:
    out: set[str] = set()
    for ent in sent.ents:
        if ent.start < lo or ent.end > hi or ent.iso3 is None:
            continue
        if (skip and ent.start in skip) or _excluded(sent, ent, broker_ents):
            continue
        out.add(ent.iso3)
    return out


def _brokers(sent: _Sentence) -> tuple[str | None, set[int]]:
    """The first broker named in the sentence, and the starts of every broker entity."""
    text = sent.text
    found: list[Entity] = []
    for m in _BROKER.finditer(sent.body):
        lo = sent.start + m.end()
        stop = re.search(r"[,.;]", text[lo:sent.end])
        hi = min(sent.end, lo + 50, lo + stop.start() if stop else sent.end)
        for ent in sent.ents:
            if lo <= ent.start < hi:
                found.append(ent)
                break
    for ent in sent.ents:
        if _BROKER_AFTER_ENTITY.match(text[ent.end:ent.end + 30]):
            found.append(ent)
    found.sort(key=lambda x: x.start)
    return (found[0].iso3 if found else None), {x.start for x in found}


def _nearest_date(sent: _Sentence, pos: int, lo: int | None = None, hi: int | None = None) -> _DateExpr | None:
    best: _DateExpr | None = None
    best_dist = 10**9
    for d in sent.dates:
        if not d.usable:
            continue
        if lo is not None and hi is not None and (d.end <= lo or d.start >= hi) and best is None:
            dist = 10**6 + abs(d.start - pos)
        else:
            dist = d.start - pos if d.start >= pos else pos - d.end
        if dist < best_dist:
            best, best_dist = d, dist
    return best


def _in_dates(sent: _Sentence, pos: int) -> bool:
    return any(d.start <= pos < d.end for d in sent.dates)


def _place(sent: _Sentence, pos: int, lo: int, hi: int, venue_only: bool = False,
           near: tuple[int, int] | None = None) -> tuple[str, str | None, int] | None:
    """(place, iso3, start) nearest ``pos`` in the clause [lo, hi): "in Beijing", "the Nagorno-Karabakh region".

    ``near`` limits the candidates to those that start inside it.
    """
    text = sent.text
    cands: list[tuple[int, str, str | None, int]] = []
    by_start = {ent.start: ent for ent in sent.ents}
    for rx in (_PLACE_IN, _REGION):
        if venue_only and rx is _REGION:
            continue
        for m in rx.finditer(text, lo, hi):
            p_start = m.start("p")
            if near is not None and not near[0] <= p_start < near[1]:
                continue
            name = m.group("p")
            if rx is _PLACE_IN and m.group().split()[0] == "to" and not re.search(
                    r"\b(?:visit\w*|trip|travel\w*|came|went|arrived?)\s+(?:[\w-]+\s+){0,2}$",
                    text[max(lo, m.start() - 30):m.start()]):
                continue
            ent = by_start.get(p_start)
            if ent is not None:
                if ent.form == "demonym":
                    continue
                name, iso3 = ent.text, ent.iso3
            else:
                words = name.split()
                if words[0] in _NOT_PLACE or _in_dates(sent, p_start) or re.fullmatch(r"[A-Z]{2,}s?", words[0]):
                    continue
                if any(e.start >= p_start and e.end <= p_start + len(name) for e in sent.ents):
                    continue  # "the Russia-Ukraine war": states, not a place
                iso3 = None
                name = re.sub(r"['’]s$", "", name)
            dist = abs(p_start - pos)
            cands.append((dist, name, iso3, p_start))
    if not cands:
        return None
    _dist, name, iso3, start = min(cands)
    return name, iso3, start


# ---------------------------------------------------------------------------------------------------- kinds


def _ceasefire(sent: _Sentence, cease: list[tuple[int, int]], broker: str | None,
               broker_ents: set[int]) -> _Draft | None:
    text = sent.text
    cease = [c for c in cease if not _HYPOTHETICAL.search(text[max(sent.start, c[0] - 50):c[0]])]
    if not cease:
        return None
    t0, _t1 = cease[0]
    lo, hi = _clause(sent, t0)
    parties = _states(sent, lo, hi, broker_ents) - {broker}
    place = _place(sent, t0, sent.start, sent.end)
    d = _Draft("ceasefire", parties, (sent.start, sent.end), broker=broker,
               date=_nearest_date(sent, t0, lo, hi),
               definite=bool(_DEFINITE.search(text[max(sent.start, t0 - 40):t0])))
    if place:
        d.place, d.place_iso3 = place[0], place[1]
    return d


def _offensive(sent: _Sentence, broker_ents: set[int]) -> _Draft | None:
    text = sent.text
    m = next((x for x in _OFFENSIVE.finditer(text, sent.start, sent.end)
              if not _HYPOTHETICAL.search(text[max(sent.start, x.start() - 50):x.start()])), None)
    if m is None:
        return None
    t0, t1 = m.start(), m.end()
    lo, hi = _clause(sent, t0)
    attacker = _attacker(sent, t0, t1, lo, broker_ents)
    parties = _targets(sent, t0, t1, hi, broker_ents)
    if attacker:
        parties.add(attacker)
    d = _Draft("offensive", parties, (sent.start, sent.end), attacker=attacker,
               date=_nearest_date(sent, t0, lo, hi),
               definite=bool(_DEFINITE.search(text[max(sent.start, t0 - 40):t0])) and attacker is None)
    place = _place(sent, t0, lo, hi)
    if place:
        d.place, d.place_iso3 = place[0], place[1]
    return d


def _targets(sent: _Sentence, t0: int, t1: int, hi: int, broker_ents: set[int]) -> set[str]:
    """Who was attacked: "invasion of Ukraine", "offensive against Armenia", "invaded Kuwait"; and the subject of a
    passive ("Ukraine was attacked by Russia")."""
    text = sent.text
    out: set[str] = set()
    for ent in sent.ents:
        if ent.iso3 is None or _excluded(sent, ent, broker_ents):
            continue
        if t0 <= ent.start < min(hi, t1 + 60):
            before = text[max(t0, ent.start - 30):ent.start]
            if ent.start < t1 or re.search(r"\b(?:against|of|on|into|in|invaded|invade|invades|invading|attacked|"
                                           r"attacks|attacking)\s+(?:the\s+)?(?:[\w-]+\s+)?$", before):
                out.add(ent.iso3)
    passive = re.match(r"(?:was|were|has\s+been|had\s+been)\s+(?:attacked|invaded)", text[t0:t1])
    if passive:
        for ent in reversed(sent.ents):
            if ent.end <= t0 and ent.iso3 and t0 - ent.end <= 40:
                out.add(ent.iso3)
                break
    return out


def _attacker(sent: _Sentence, t0: int, t1: int, lo: int, broker_ents: set[int]) -> str | None:
    text = sent.text
    by = re.match(r"\s+(?:[\w-]+\s+){0,4}?by\s+(?:the\s+)?", text[t1:t1 + 60])
    if by:
        for ent in sent.ents:
            if ent.start == t1 + by.end():
                return ent.iso3
    # "Russia's invasion", "the Azerbaijani offensive"
    for ent in reversed(sent.ents):
        if lo <= ent.start and ent.end <= t0 and t0 - ent.end <= 40:
            gap = text[ent.end:t0]
            if re.fullmatch(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}", gap) and (ent.form == "demonym" or gap[:2] in ("'s",
                                                                                                          "’s")):
                return ent.iso3
            break
    # the subject: the nearest state before the trigger that no preposition governs
    for ent in reversed(sent.ents):
        if ent.end > t0 or ent.start < lo:
            continue
        if _excluded(sent, ent, broker_ents):
            continue
        before = text[max(sent.start, ent.start - 25):ent.start]
        if re.search(r"\b(?:of|in|against|on|to|from|with|at|into|over|near|by|for|between)\s+(?:the\s+)?$", before):
            continue
        return ent.iso3
    return None


def _conflict(sent: _Sentence, cease: list[tuple[int, int]], broker_ents: set[int]) -> _Draft | None:
    text = sent.text
    masked = [(m.start(), m.end()) for m in _CONFLICT_NOT.finditer(text, sent.start, sent.end)] + cease
    triggers = [m for m in _CONFLICT.finditer(text, sent.start, sent.end)
                if not any(a <= m.start() < b for a, b in masked)
                and not _HYPOTHETICAL.search(text[max(sent.start, m.start() - 50):m.start()])]
    if not triggers:
        return None
    parties: set[str] = set()
    place: tuple[str, str | None, int] | None = None
    best = triggers[0]
    for m in triggers:
        lo, hi = _clause(sent, m.start())
        found = _states(sent, lo, hi, broker_ents)
        # in a crowded clause, the states next to the word ("Baku ... the 2020 war with Armenia")
        near = _states(sent, max(lo, m.start() - 60), min(hi, m.end() + 60), broker_ents)
        if len(found) > 2 and len(near) >= 2:
            found = near
        # the region that names the conflict ("the Nagorno-Karabakh conflict") or where it is ("war in Sudan")
        named = _place(sent, m.start(), lo, hi, near=(m.start() - 60, m.end() + 40))
        over = re.match(r"\s+(?:over|for)\s+(?:the\s+)?(?:control\s+of\s+)?([A-Z][\w’'-]*(?:[ -][A-Z][\w’'-]*)?)",
                        text[m.end():hi])
        if named is None and over:
            p_start = m.end() + over.start(1)
            ent = next((x for x in sent.ents if x.start == p_start), None)
            if ent is None or ent.form != "demonym":
                named = (ent.text, ent.iso3, p_start) if ent else (over.group(1), None, p_start)
        if named and place is None:
            place, best = named, m
        elif found and not parties:
            best = m
        parties |= found
        if named and named[1]:
            parties.add(named[1])
    lo, hi = _clause(sent, best.start())
    definite = bool(_DEFINITE.search(text[max(sent.start, best.start() - 40):best.start()]))
    d = _Draft("conflict", parties, (sent.start, sent.end), date=_nearest_date(sent, best.start(), lo, hi),
               definite=definite)
    if place:
        d.place, d.place_iso3 = place[0], place[1]
    return d


def _meeting(sent: _Sentence, registry: dict[str, Actor], broker_ents: set[int]) -> _Draft | None:
    text = sent.text
    trig = None
    for m in _MEETING.finditer(text, sent.start, sent.end):
        if _MEET_NOT.match(text[m.end():m.end() + 60]):
            continue
        trig = m
        break
    actors = _actors(sent)
    for a in actors:
        registry.setdefault(_surname(a.name), a)
    if trig is None:
        return None
    t0 = trig.start()
    # bare surnames of people introduced earlier ("the meeting between Hajiyev and Hashmi")
    taken = [a.span for a in actors]
    for surname, known in registry.items():
        for m in re.finditer(rf"\b{re.escape(surname)}\b", text[sent.start:sent.end]):
            a0 = sent.start + m.start()
            if any(x <= a0 < y for x, y in taken):
                continue
            actors.append(Actor(known.name, known.role, known.iso3, (a0, a0 + len(surname))))
            taken.append((a0, a0 + len(surname)))
            break
    actors.sort(key=lambda a: a.span)
    place = _place(sent, t0, sent.start, sent.end, venue_only=True)
    venue = {place[2]} if place else set()
    parties = {a.iso3 for a in actors if a.iso3}
    if len(parties) < 2:
        role_spans = [(a.span[0], sent.end) for a in actors]
        skip = venue | {e.start for e in sent.ents if any(x <= e.start < y for x, y in role_spans) and
                        e.iso3 not in parties and actors and all(a.iso3 for a in actors)}
        parties |= _states(sent, sent.start, sent.end, broker_ents, skip)
    d = _Draft("meeting", parties, (sent.start, sent.end), actors=actors, date=_nearest_date(sent, t0),
               definite=bool(_DEFINITE.search(text[max(sent.start, t0 - 40):t0])))
    if place:
        d.place, d.place_iso3 = place[0], place[1]
        if len(d.parties) == 1 and place[1] and place[1] not in d.parties:
            d.parties.add(place[1])  # a visit: the host
    return d


def _surname(name: str) -> str:
    return name.split()[-1]


def _actors(sent: _Sentence) -> list[Actor]:
    """People named with a role: "Hikmet Hajiyev, the Assistant to the President of Azerbaijan," and
    "Turkish Defence Minister Yasar Guler"."""
    text = sent.text
    body = sent.body
    out: list[Actor] = []
    ent_spans = [(e.start, e.end) for e in sent.ents]
    for run in _CAP_RUN.finditer(body):
        tokens = [(t.start(), t.group()) for t in re.finditer(r"\S+", run.group())]
        t_idx = max((i for i, (_p, tok) in enumerate(tokens) if _is_title(tok)), default=-1)
        name_toks = tokens[t_idx + 1:]
        while name_toks and name_toks[0][1] in _STOP:
            name_toks = name_toks[1:]
        if not name_toks:
            continue
        n0 = sent.start + run.start() + name_toks[0][0]
        last_pos, last_tok = name_toks[-1]
        n1 = sent.start + run.start() + last_pos + len(last_tok)
        if text[n1 - 2:n1] in ("'s", "’s"):
            n1 -= 2
        name = text[n0:n1]
        words = name.split()
        if not _plausible_name(words, n0, n1, ent_spans):
            continue
        role: str | None = None
        if t_idx >= 0:
            if len(words) > 4:
                continue
            r1 = sent.start + run.start() + tokens[t_idx][0] + len(tokens[t_idx][1])
            run0 = sent.start + run.start()
            w0 = max(sent.start, run0 - 80)
            left = _ROLE_LEFT.search(text, w0, run0)
            r0 = left.start() if left else run0
            role = _trim_role(text[r0:r1])
        else:
            if not 2 <= len(words) <= 4:
                continue
            app = _APPOSITIVE.match(text[n1:sent.end])
            if app and _has_title(app.group("role")) and not re.match(r"(?:who|which|said|and)\b", app.group("role")):
                role = _trim_role(app.group("role"))
                r0 = n1 + app.start("role")
            else:
                continue
        if not role:
            continue
        r_start = text.find(role, max(sent.start, r0 - 5)) if role else -1
        out.append(Actor(name, role, _role_state(sent, r_start, r_start + len(role)) if r_start >= 0 else None,
                         (n0, n1)))
    return out


def _plausible_name(words: list[str], n0: int, n1: int, ent_spans: list[tuple[int, int]]) -> bool:
    if not words or len(words) > 4:
        return False
    if any(w in _STOP or _is_title(w) for w in words if w.lower() not in _NAME_PARTICLES):
        return False
    if any(a < n1 and n0 < b for a, b in ent_spans):
        return False
    return all(w.lower() in _NAME_PARTICLES or (w[0].isupper() and all(c.isalpha() or c in "’'.-" for c in w))
               for w in words)


def _trim_role(role: str) -> str:
    role = role.strip(" ,")
    role = re.sub(r"^(?:(?:the|The|his|her|their|its|a|an|of|to|for|on)\s+)+", "", role)
    words = role.split()
    while words and words[0] in _STOP and words[0] not in ("Defence", "Defense", "Foreign", "Air", "Army", "Navy",
                                                              "Security", "National", "State", "Armed", "Military"):
        words = words[1:]
    return " ".join(words)


def _role_state(sent: _Sentence, lo: int, hi: int) -> str | None:
    """The state a role serves: "Pakistan's Ambassador to China" -> PAK; "Assistant to the President of Azerbaijan"
    -> AZE; "Ambassador to China" alone -> None."""
    text = sent.text
    for ent in sent.ents:
        if ent.start < lo or ent.end > hi or ent.iso3 is None:
            continue
        if _AMBASSADOR_TO.search(text[max(lo, ent.start - 60):ent.start]):
            continue
        return ent.iso3
    return None
