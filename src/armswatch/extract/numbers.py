"""Cardinal counts in news text: "48", "1,844", "eight", "Twelve", "a dozen", "sixty-two", "three hundred".

Left out: designations (JF-17, K9, Type 054A, Block 70), years, money (find_money spans), percentages, decimals,
ordinals, times, dates, measurements (400 km, 155mm, six months), phone and ID numbers, and "one" as a pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .money import Money, find_money
from .patterns import cased, trie

__all__ = ["WORD_NUMBERS", "Quantity", "find_quantities", "parse_number"]

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

WORD_NUMBERS: dict[str, int] = {**_UNITS, **_TEENS, **_TENS}
WORD_NUMBERS.update({f"{t}-{u}": tv + uv for t, tv in _TENS.items() for u, uv in _UNITS.items()})
WORD_NUMBERS.update({"hundred": 100, "dozen": 12, **_SCALES})

def _words(s: str) -> list[str]:
    return s.split()


_TOKEN = re.compile(r"[A-Za-z]+|[0-9][0-9,]*")
_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}|[0-9]+")


def _parse_tokens(tokens: list[str]) -> int | None:
    """Value of a sequence of lower-case number tokens ("a", "two", "hundred", "and", "twenty"), or None."""
    if not tokens:
        return None
    if tokens[:2] == ["half", "a"] and tokens[2:] == ["dozen"]:
        return 6
    total = 0
    current: int | None = None
    last: str | None = None
    last_scale = 10**13
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok in ("a", "an"):
            if i != 0 or i + 1 >= n or tokens[i + 1] not in ("hundred", "dozen", *_SCALES):
                return None
            current, last = 1, "a"
        elif tok == "and":
            if last not in ("hundred", "scale") or i + 1 >= n:
                return None
        elif _DIGITS.fullmatch(tok):
            if last is not None:
                return None
            current, last = int(tok.replace(",", "")), "digits"
        elif tok in _UNITS:
            if last in ("tens", None, "hundred", "scale"):
                current = (current or 0) + _UNITS[tok]
            else:
                return None
            last = "unit"
        elif tok in _TEENS or tok in _TENS:
            if last not in (None, "hundred", "scale"):
                return None
            current = (current or 0) + (_TEENS.get(tok) or _TENS[tok])
            last = "teen" if tok in _TEENS else "tens"
        elif tok == "hundred":
            if current is None or current >= 100 or last in ("hundred", "scale"):
                return None
            current *= 100
            last = "hundred"
        elif tok in _SCALES:
            mult = _SCALES[tok]
            if current is None or mult >= last_scale or last == "scale":
                return None
            total += current * mult
            current, last, last_scale = None, "scale", mult
        elif tok == "dozen":
            if i != n - 1 or last in ("scale", "hundred"):
                return None
            current = (current or 1) * 12
            last = "dozen"
        else:
            return None
    if last in ("a", "and"):
        return None
    return total + (current or 0)


def parse_number(text: str) -> int | None:
    """A cardinal written in digits or words: "eight" -> 8, "a dozen" -> 12, "one hundred and twenty" -> 120,
    "1,844" -> 1844; None for anything else ("", "many", "2.5")."""
    t = text.strip().rstrip("+").strip()
    if not t:
        return None
    if _DIGITS.fullmatch(t):
        return int(t.replace(",", ""))
    tokens = [w.lower() for w in re.split(r"[\s\u00a0-]+", t) if w]
    return _parse_tokens(tokens)


@dataclass(frozen=True)
class Quantity:
    start: int  # [start, end) offsets in the text
    end: int
    value: int
    text: str


# ------------------------------------------------------------------------------------------------ regexes


_WORD = trie(cased([*_UNITS, *_TEENS, *_TENS, "hundred", "dozen", *_SCALES]))
_SEQ = rf"{_WORD}(?:(?:[ \u00a0]+(?:and[ \u00a0]+)?|-){_WORD})*(?![A-Za-z])"
# a number word starts the text or follows a space or an opening mark (scanning for these few characters is
# much faster than for "anything but a letter")
_WORDS_RE = re.compile(rf"[\s(\[\"'“‘/—–](?P<w>{_SEQ})")
_WORDS_AT_START = re.compile(_SEQ)
# [0-9] first: the engine then skips fast to digits; "21 000" (a space between thousands) is one number
_DIGIT_RE = re.compile(r"[0-9]{1,3}(?:[ \u00a0][0-9]{3}(?![0-9.,]))+(?![0-9])|[0-9][0-9]*(?:[.,:/][0-9]+)*")
_UNIT_NAME = re.compile(r"[ \u00a0](?:Squadron|Wing|Regiment|Brigade|Division|Corps|Fleet|Group|Battalion|Flotilla|"
                        r"Army|Flight)\b")  # "the Air Force's 15 Squadron": a unit's name, not a count
_MULT_AFTER = re.compile(r"[ \u00a0](million|billion|thousand|dozen)(?![A-Za-z])", re.IGNORECASE)

_UNIT_WORDS = _words(
    "km kms km/h kmh kph mph mm cm m kg kgs g t tonnes tonne tons ton kt kts knots knot nm nmi nautical miles mile "
    "hours hour hrs hr h days day years year yrs yr months month weeks week minutes minute mins min seconds second "
    "secs sec decades decade centuries century am pm a.m. p.m. GMT UTC IST percent per pct percentage % "
    "kilometres kilometers kilometre kilometer metres meters metre meter feet foot ft inches inch in. yards yard lbs "
    "lb pounds pound kilograms kilogram grams gram MW kW GW kN kVA hp horsepower megawatts kilowatts gigawatts sq "
    "square cubic litres liters metric times x degrees °C °F ° sqkm km²"
)
_UNITS_AFTER = frozenset(u.lower() for u in _UNIT_WORDS)
# the word after a number, letters of any script ("24 Hürjet" is not "24 h"); not "nine H145M"
_NEXT_WORD = re.compile(r"[ \u00a0]?((?:[^\W\d_]|[%°])[^\W\d_²]*(?:[./][^\W\d_]+)*\.?)(?![0-9])")
_DESIGNATIONS = frozenset(_words(
    "block blk mk mark batch tranche flight type lot increment series model version phase project spiral build mod "
    "variant article section chapter resolution paragraph para clause annex figure fig table page p pp vol volume "
    "issue no nos number mach level tier stage category cat gen generation route highway nh gate unit class grade "
    "rule bill act squadron sqn wing regiment brigade division corps fleet code id ref serial"
))
_MONTHS = frozenset(_words(
    "January February March April May June July August September October November December Jan Feb Mar Apr Jun "
    "Jul Aug Sept Sep Oct Nov Dec"
))
_MONTH_AFTER = re.compile(
    r"(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])"
)


def _prev_word(text: str, s: int) -> str:
    """The word right before offset s, over one space and an optional "." or "#" ("Block 70", "No. 5", "Nov 24")."""
    j = s
    if j > 0 and text[j - 1] in " \u00a0":
        j -= 1
    if j > 0 and text[j - 1] in ".#":
        j -= 1
    k = j
    while k > 0 and j - k < 14 and text[k - 1].isalpha():
        k -= 1
    if k > 0 and (text[k - 1].isalnum() or text[k - 1] == "-"):
        return ""
    return text[k:j]


def _unit_after(text: str, e: int) -> bool:
    if e < len(text) and text[e] in "%°":
        return True
    m = _NEXT_WORD.match(text, e)
    if m is None:
        return False
    w = m.group(1).lower()
    if w == "second" and re.match(r"[ \u00a0-]hand", text[m.end():m.end() + 5]):
        return False  # "12 second hand Mi-24s": second-hand, not a time
    return w in _UNITS_AFTER or w.rstrip(".") in _UNITS_AFTER


_PHONE_TAIL = re.compile(r"(?:\)?[ .\-]\(?[0-9]{2,5})+")
_PHONE_AFTER = re.compile(r"\)?[ .\-][0-9]{3,4}[ .\-][0-9]{3,5}(?![0-9])")
_ONE_PREV = re.compile(
    r"(?<![A-Za-z])(?:no|the|any|every|each|this|that|which|another|someone|anyone|such|last|only the)[ \u00a0]+\Z",
    re.IGNORECASE,
)
_ONE_NEXT = re.compile(r"[ \u00a0]+([A-Za-z][A-Za-z'’]*)")
_ONE_STOP = frozenset(_words(
    "of such another and or but nor is was were are be been has had have will would could should can may might must "
    "that which who whom whose to in on at by for from with as than if so too it he she they we i you its their his "
    "her our my your more thing way hand point after time day other else"
))


# ----------------------------------------------------------------------------------------------- finding


def _excluded_context(text: str, s: int, e: int) -> bool:
    """Context rules shared by digits and words: designations, units, dates."""
    pw = _prev_word(text, s)
    return (pw.lower() in _DESIGNATIONS and pw not in _VERBS) or _unit_after(text, e)


# designation words that, in lower case, are verbs before a count: "to build four frigates"
_VERBS = frozenset({"build", "mod"})


def _digit_quantity(text: str, m: re.Match[str], n: int) -> tuple[int, int, int] | None:
    s, e = m.span()
    tok = m.group()
    if "." in tok or ":" in tok or "/" in tok:
        mult = _MULT_AFTER.match(text, e)
        if mult and re.fullmatch(r"[0-9]+\.[0-9]+", tok):  # "1.5 million rounds"
            value = float(tok) * {"million": 1e6, "billion": 1e9, "thousand": 1e3, "dozen": 12}[mult.group(1).lower()]
            if value == int(value):
                return s, mult.end(), int(value)
        return None  # decimal, time, date, fraction
    spaced = " " in tok or "\u00a0" in tok
    if spaced and re.match(r"[ \u00a0][0-9]", text[e:e + 2]):
        return None  # "555 123 4567": a phone number, not a count
    if "," in tok and not _DIGITS.fullmatch(tok):
        return None
    prev = text[s - 1] if s > 0 else " "
    if prev.isalnum() or prev in "#+.$€£¥₹_@×":
        return None
    if prev in "-–‐" and s > 1 and text[s - 2].isalnum():
        return None  # JF-17, 2023-24
    nxt = text[e] if e < n else " "
    if nxt.isalnum() or nxt in "%°_×":
        return None  # 16V, 1st, 155mm, 1990s, 8×8
    if nxt in "-–‐" and e + 1 < n and text[e + 1].isalnum():
        return None  # 120-mm, 48-50
    digits = re.sub(r"[, \u00a0]", "", tok)
    if "," not in tok and not spaced and ((len(digits) == 4 and 1900 <= int(digits) <= 2100) or len(digits) >= 7):
        return None  # a year, an ID
    if _UNIT_NAME.match(text, e):
        return None
    if len(digits) > 1 and digits[0] == "0":
        return None
    if _excluded_context(text, s, e):
        return None
    pw = _prev_word(text, s)
    if 2 <= len(pw) <= 5 and pw.isupper() and text[s - 1] != ".":
        return None  # JAS 39, MQ 9, AN 32
    value = int(digits)
    if value <= 31 and (pw in _MONTHS or _MONTH_AFTER.match(text, e)):
        return None
    if prev == "(" and _PHONE_AFTER.match(text, e) or (len(digits) >= 3 and _PHONE_AFTER.match(text, e)):
        return None
    mult = _MULT_AFTER.match(text, e)
    if mult:
        word = mult.group(1).lower()
        return s, mult.end(), value * {"million": 10**6, "billion": 10**9, "thousand": 10**3, "dozen": 12}[word]
    return s, e, value


def _word_quantities(text: str, s: int, e: int, n: int) -> list[tuple[int, int, int]]:
    toks = [(t.group().lower(), t.start(), t.end()) for t in _TOKEN.finditer(text, s, e)]
    # "a dozen", "an hundred", "half a dozen"
    if toks[0][0] in ("hundred", "dozen", *_SCALES):
        pre = re.search(r"(?<![A-Za-z])(?:(half)[ \u00a0]+)?(an?)[ \u00a0]+\Z", text[max(0, s - 12) : s], re.I)
        if pre:
            base = max(0, s - 12)
            extra = [(pre.group(2).lower(), base + pre.start(2), base + pre.end(2))]
            if pre.group(1):
                extra.insert(0, ("half", base + pre.start(1), base + pre.end(1)))
            toks = extra + toks
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(toks):
        for j in range(len(toks), i, -1):  # the longest run from i that reads as one number
            words = [t[0] for t in toks[i:j]]
            if words[-1] == "and":
                continue
            value = _parse_tokens(words)
            if value is not None:
                break
        else:
            i += 1
            continue
        qs, qe = toks[i][1], toks[j - 1][2]
        i = j
        if words in (["hundred"], ["thousand"], ["million"], ["billion"], ["dozen"]):
            continue
        prev = text[qs - 1] if qs > 0 else " "
        if prev in "-–" and qs > 1 and text[qs - 2].isalnum():
            continue
        if qe < n and text[qe] in "-–" and qe + 1 < n and text[qe + 1].isalpha():
            continue  # two-seat, one-off, three-year
        if _excluded_context(text, qs, qe):
            continue
        if words == ["one"]:
            nxt = _ONE_NEXT.match(text, qe)
            if (
                nxt is None
                or nxt.group(1).lower() in _ONE_STOP
                or _ONE_PREV.search(text, max(0, qs - 12), qs)
            ):
                continue
        if value <= 31 and (_prev_word(text, qs) in _MONTHS or _MONTH_AFTER.match(text, qe)):
            continue
        out.append((qs, qe, value))
    return out


def find_quantities(text: str, money: list[Money] | None = None) -> list[Quantity]:
    """Cardinal counts in text order. money: the text's find_money() result, if already computed."""
    n = len(text)
    spans = [(m.start, m.end) for m in (find_money(text) if money is None else money)]
    found: list[tuple[int, int, int]] = []
    skip_to = 0
    for m in _DIGIT_RE.finditer(text):
        if m.start() < skip_to:
            continue
        q = _digit_quantity(text, m, n)
        if q is None:
            s = m.start()
            ph = _PHONE_TAIL.match(text, m.end()) if s > 0 and text[s - 1] in "+(" else None
            ph = ph or (_PHONE_AFTER.match(text, m.end()) if len(m.group()) >= 2 else None)
            if ph:
                skip_to = ph.end()  # the rest of a phone number
            continue
        found.append(q)
    first = _WORDS_AT_START.match(text)
    if first:
        found += _word_quantities(text, 0, first.end(), n)
    for m in _WORDS_RE.finditer(text):
        found += _word_quantities(text, m.start("w"), m.end("w"), n)
    found.sort()
    out: list[Quantity] = []
    last_end = -1
    for s, e, v in found:
        if s < last_end or any(ms < e and s < me for ms, me in spans):
            continue
        out.append(Quantity(s, e, v, text[s:e]))
        last_end = e
    return out
