"""Money expressions in news text: "$1.6 billion", "Rs 63,000 crore", "€1,5 milliard", "US$400-600 million".

A currency marker (symbol, ISO code, abbreviation such as "Rs", or a currency word such as "euros") is
required: a bare number is never money. Approximate words ("about", "over", "more than") are left outside
the span. One regex pass over the text, anchored on digits so that text without money costs little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import cased, trie

__all__ = ["Money", "find_money", "SCALES", "PREFIXES"]


@dataclass(frozen=True)
class Money:
    start: int  # [start, end) character offsets of the whole expression in the input text
    end: int
    low: float  # equal to high unless a range; amounts in units ("$1.6 billion" -> 1.6e9)
    high: float
    currency: str | None  # ISO 4217 code, None when the marker names no one currency ("francs", "pesos")
    text: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def amount(self) -> float | None:
        """The amount, or None for a range."""
        return None if self.is_range else self.low


# ---------------------------------------------------------------------------------------------- tables

def _words(s: str) -> list[str]:
    return s.split()


# a scale word (lower-cased, trailing dot dropped) -> multiplier
SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "mil": 1e6, "mio": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "milliard": 1e9, "milliards": 1e9, "mld": 1e9, "mrd": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
    "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
    "hundred": 1e2,
}

# prefixes written before the number -> ISO code
PREFIXES: dict[str, str] = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "USD$": "USD", "US $": "USD", "U.S. $": "USD",
    "AU$": "AUD", "A$": "AUD", "AUD$": "AUD",
    "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "CDN$": "CAD",
    "NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "HK$": "HKD", "NT$": "TWD", "R$": "BRL",
    "Mex$": "MXN", "MX$": "MXN",
    "€": "EUR", "£": "GBP", "¥": "JPY", "JP¥": "JPY", "CN¥": "CNY", "RMB¥": "CNY",
    "₹": "INR", "₨": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS", "₺": "TRY", "₱": "PHP", "₦": "NGN",
    "₴": "UAH", "฿": "THB", "₫": "VND", "₸": "KZT", "zł": "PLN",
    "Rs": "INR", "Rs.": "INR", "Re": "INR", "Re.": "INR", "Rp": "IDR", "Rp.": "IDR", "Tk": "BDT", "Tk.": "BDT",
    "Dh": "AED", "Dhs": "AED", "Dh.": "AED", "Dhs.": "AED", "SFr": "CHF", "SFr.": "CHF",
    "Ksh": "KES", "KSh": "KES",
    "RM": "MYR", "SR": "SAR", "QR": "QAR", "R": "ZAR",
}

# ISO codes accepted before or after the number (upper case only); a few ambiguous ones (PHP, RON, COP, PEN)
# are left out on purpose.
CODES: dict[str, str] = {c: c for c in _words(
    "USD EUR GBP JPY CNY INR PKR KRW RUB TRY SAR AED ILS CAD CHF SEK NOK DKK BRL AUD NZD SGD HKD TWD ZAR PLN "
    "CZK HUF BGN UAH KZT IDR MYR THB VND BDT LKR NPR EGP NGN KES MAD DZD IQD IRR KWD QAR OMR BHD JOD MXN ARS "
    "CLP RSD XOF"
)}
CODES.update({"RMB": "CNY", "NIS": "ILS", "RUR": "RUB", "YTL": "TRY"})
PREFIXES.update(CODES)

# currency words written after the number -> ISO code (None: the word alone names no one currency)
_WORDS: dict[str, str | None] = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "won": "KRW", "rouble": "RUB", "ruble": "RUB", "lira": "TRY",
    "lire": "TRY", "riyal": "SAR", "rial": "IRR", "dirham": "AED", "shekel": "ILS", "zloty": "PLN",
    "zlotych": "PLN", "złoty": "PLN", "złotych": "PLN", "franc": None, "krona": "SEK", "kronor": "SEK",
    "krone": "NOK", "kroner": "NOK", "reais": "BRL", "rand": "ZAR", "naira": "NGN", "peso": None,
    "ringgit": "MYR", "rupiah": "IDR", "baht": "THB", "taka": "BDT", "dong": "VND", "hryvnia": "UAH",
    "hryvnya": "UAH", "tenge": "KZT", "dinar": None, "forint": "HUF", "koruna": "CZK", "lei": "RON",
    "leva": "BGN", "shilling": None, "dram": "AMD", "manat": "AZN", "lari": "GEL", "birr": "ETB", "cedi": "GHS",
    "kwacha": None, "afghani": "AFN", "kyat": "MMK", "tugrik": "MNT", "francs cfa": "XOF", "franc cfa": "XOF",
    "crown": None, "korun": "CZK",  # "Czech crowns", "Swedish crowns": the nationality says which
}
# a nationality before the currency word -> ISO code (it wins over the word's own default)
_QUALIFIERS: dict[str, str] = {
    "US": "USD", "U.S.": "USD", "American": "USD", "Australian": "AUD", "Canadian": "CAD",
    "New Zealand": "NZD", "Singapore": "SGD", "Singaporean": "SGD", "Hong Kong": "HKD", "Taiwan": "TWD",
    "Taiwanese": "TWD", "New Taiwan": "TWD", "Brazilian": "BRL", "Mexican": "MXN", "Pakistani": "PKR",
    "Pakistan": "PKR", "Indian": "INR", "Sri Lankan": "LKR", "Nepalese": "NPR", "Nepali": "NPR",
    "Swiss": "CHF", "Turkish": "TRY", "Saudi": "SAR", "Qatari": "QAR", "Omani": "OMR", "Emirati": "AED",
    "UAE": "AED", "Iranian": "IRR", "Iraqi": "IQD", "Kuwaiti": "KWD", "Jordanian": "JOD", "Bahraini": "BHD",
    "Algerian": "DZD", "Moroccan": "MAD", "Egyptian": "EGP", "Danish": "DKK", "Norwegian": "NOK",
    "Swedish": "SEK", "Polish": "PLN", "South Korean": "KRW", "Korean": "KRW", "Japanese": "JPY",
    "Chinese": "CNY", "Russian": "RUB", "Israeli": "ILS", "new": "ILS", "New": "ILS", "Philippine": "PHP",
    "Colombian": "COP", "Chilean": "CLP", "Argentine": "ARS", "Argentinian": "ARS", "Czech": "CZK",
    "Hungarian": "HUF", "Romanian": "RON", "Bulgarian": "BGN", "Serbian": "RSD", "CFA": "XOF",
    "South African": "ZAR", "Malaysian": "MYR", "Indonesian": "IDR", "Thai": "THB", "Bangladeshi": "BDT",
    "Nigerian": "NGN", "Ukrainian": "UAH", "Kazakh": "KZT", "Kenyan": "KES", "British": "GBP",
    "Euro": "EUR", "Brunei": "BND", "Fijian": "FJD", "Jamaican": "JMD", "Namibian": "NAD", "Libyan": "LYD",
    "Tunisian": "TND", "Sudanese": "SDG", "Syrian": "SYP", "Lebanese": "LBP", "Armenian": "AMD",
    "Azerbaijani": "AZN", "Georgian": "GEL", "Ethiopian": "ETB", "Ghanaian": "GHS", "Zambian": "ZMW",
    "Malawian": "MWK", "Afghan": "AFN", "Myanmar": "MMK", "Mongolian": "MNT", "Ugandan": "UGX",
    "Tanzanian": "TZS", "Somali": "SOS", "Vietnamese": "VND", "Sri Lanka": "LKR", "Peruvian": "PEN",
    "Venezuelan": "VES", "Uruguayan": "UYU", "Dominican": "DOP", "Cuban": "CUP",
}
_QUAL_LOWER = {k.lower(): v for k, v in _QUALIFIERS.items()}

# ----------------------------------------------------------------------------------------------- regex

_SYMBOLS = "$€£¥₹₨₩₽₪₺₱₦₴฿₫₸"
_SP = "[ \u00a0]"  # one ordinary or no-break space
_GSP = "[ \u00a0\u2009\u202f]"  # a digit-group separator space
_NBGSP = "[\u00a0\u2009\u202f]"  # a group separator that cannot be a plain space


def _lookbehinds() -> str:
    """Lookbehinds (all ending in the first digit) that say a currency prefix may be right before it; the exact
    prefix is read back in Python (_prefix_before)."""
    lower_end = sorted({p.rstrip(".") for p in PREFIXES if p[-1].islower() or p[-1] == "."})
    by_width: dict[int, set[str]] = {}
    for p in lower_end:
        for tail in ("", ".", " ", ". "):
            by_width.setdefault(len(p) + len(tail), set()).add(p + tail)
    lower = "|".join(f"(?<=(?:{trie(v)})\\d)" for _, v in sorted(by_width.items()))
    sym = f"[{re.escape(_SYMBOLS)}]"
    return (
        f"(?<={sym}\\d)|(?<={sym}{_SP}\\d)"  # $5, € 5
        f"|(?<=[A-Z]{{2}}\\d)|(?<=[A-Z]{{2}}{_SP}\\d)"  # USD5, PLN 1, RM 5
        "|(?<=(?<![A-Za-z0-9])R\\d)"  # R5 (rand)
        f"|{lower}"  # Rs 5, Rs.5, Dhs 5
    )


_SCALE_WORDS = [
    "thousand", "million", "millions", "mn", "mln", "mil", "mil.", "mio", "billion", "billions", "bn", "bln",
    "milliard", "milliards", "mld", "mrd", "trillion", "trillions", "tn", "trn", "crore", "crores", "cr", "cr.",
    "lakh", "lakhs", "lac", "lacs",
] + [f"{a} {b}" for a in ("lakh", "lac", "thousand", "hundred") for b in ("crore", "crores")]
_WSCALE = trie(cased(_SCALE_WORDS))
_SCALE_SEP = r"[ \u00a0]?-?[ \u00a0]?"


def _scale(n: int) -> str:
    return f"(?:{_SCALE_SEP}(?P<s{n}>{_WSCALE})(?![A-Za-z])|(?P<s{n}l>[kKmMbB])(?![A-Za-z]))"


_DC_LOOK = f"(?={_SCALE_SEP}{_WSCALE}(?![A-Za-z]))"


def _number(first_consumed: bool) -> str:
    lead = r"\d*+" if first_consumed else r"\d++"
    return (
        f"{lead}(?:(?:,\\d{{2,3}})*,\\d{{3}}(?!\\d)(?:\\.\\d+)?"  # 63,000 / 1,00,000 / 1,234.5
        f"|(?(lb)(?:{_GSP}\\d{{3}})+|(?:{_NBGSP}\\d{{3}})+)(?![\\d.,]\\d)"  # 4 867 196
        f"|,\\d{{1,2}}{_DC_LOOK}"  # decimal comma before a scale: 1,5 milliard
        f"|(?:\\.\\d+)?+)"
    )


_CURRENCY_WORDS = [
    "pound sterling", "pounds sterling", "dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "yen",
    "yuan", "renminbi", "rupee", "rupees", "won", "rouble", "roubles", "ruble", "rubles", "lira", "liras", "lire",
    "riyal", "riyals", "rial", "rials", "dirham", "dirhams", "shekel", "shekels", "zloty", "zlotys", "zlotych",
    "złoty", "złotys", "złotych", "franc", "francs", "krona", "kronor", "krone", "kroner", "reais", "rand",
    "naira", "peso", "pesos", "ringgit", "ringgits", "rupiah", "rupiahs", "baht", "taka", "dong", "hryvnia",
    "hryvnias", "hryvnya", "hryvnyas", "tenge", "dinar", "dinars", "forint", "forints", "koruna", "korunas",
    "koruny", "lei", "leva", "shilling", "shillings", "dram", "drams", "manat", "manats", "lari", "birr", "cedi",
    "cedis", "kwacha", "afghani", "afghanis", "kyat", "kyats", "tugrik", "tugriks", "francs CFA", "franc CFA",
    "crown", "crowns", "korun",
]
_PFX_FWD = f"(?:{trie([p for p in PREFIXES if p != 'R'])}[ \u00a0]?|R(?=\\d))"

_MAIN = re.compile(
    r"[0-9]"
    rf"(?>(?P<lb>{_lookbehinds()})|(?<![\w.,\-–—/:+]\d))"
    rf"(?P<n1>(?>{_number(True)}))"
    rf"{_scale(1)}?+"
    r"(?:(?P<rsep>[ \u00a0]?[-–—][ \u00a0]?|[ \u00a0]+to[ \u00a0]+|[ \u00a0]+and[ \u00a0]+)"
    rf"(?P<p2>{_PFX_FWD})?(?P<n2>(?>{_number(False)})){_scale(2)}?+)?+"
    rf"(?P<suf>[ \u00a0]+(?:(?P<q>{trie(_QUALIFIERS)})[ \u00a0]+)?(?P<w>{trie(cased(_CURRENCY_WORDS))})"
    rf"(?![A-Za-z])|[ \u00a0]?(?P<sc>{trie(CODES)})(?![A-Za-z]))?+"
    r"(?(lb)|(?(suf)|(?!)))"
    r"(?![A-Za-z0-9])",
    re.ASCII,  # \d is [0-9]: scanning for an ASCII digit is twice as fast as for any Unicode digit
)
_BETWEEN = re.compile(r"(?<![A-Za-z])between[ \u00a0]+\Z", re.IGNORECASE)
# "rose by $1.32 to $44.45" is a change and a level, not a range
_CHANGE_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:by|gained|lost|rose|fell|dropped|jumped|climbed|slipped|added|increased|decreased|grew|shrank"
    r"|declined|cut|raised|reduced|up|down)[ \u00a0]+\Z"
)
_OF_AFTER = re.compile(r"[ \u00a0]+of\b")
_PFX_WIDTHS = sorted({len(p) for p in PREFIXES}, reverse=True)


def _word_code(word: str) -> str | None:
    w = word.lower()
    if w.startswith("pound") or w == "sterling":
        return "GBP"
    if w in _WORDS:
        return _WORDS[w]
    for cut in (1, 2):  # plurals: dollars, liras, złotys ...
        if w[:-cut] in _WORDS:
            return _WORDS[w[:-cut]]
    return None


def _prefix_before(text: str, s: int) -> tuple[int, str] | None:
    """The currency prefix ending right before offset s (one space allowed, but not after a bare "R")."""
    e = s - 1 if s > 0 and text[s - 1] in " \u00a0" else s
    for w in _PFX_WIDTHS:
        b = e - w
        if b < 0:
            continue
        p = text[b:e]
        code = PREFIXES.get(p)
        if code is None or (p == "R" and e != s):
            continue
        prev = text[b - 1] if b > 0 else " "
        if prev.isalpha() or (p[0].isalpha() and prev.isdigit()):
            continue
        return b, code
    return None


def _value(num: str) -> float:
    if "," in num and re.fullmatch(r"\d+,\d{1,2}", num):
        return float(num.replace(",", "."))
    return float(re.sub(r"[,\s\u00a0\u2009\u202f]", "", num))


def _scaled(num: str, mult: float | None) -> float:
    v = _value(num)
    return round(v * mult, 2) if mult else v  # round: 68.6 * 1e9 is 68599999999.99999 in binary


def _multiplier(scale: str | None) -> float | None:
    if not scale:
        return None
    s = " ".join(scale.lower().rstrip(".").split())
    if " " in s:  # lakh crore, thousand crore, hundred crore
        a, b = s.split(" ", 1)
        return SCALES[a] * SCALES[b]
    return SCALES[s]


def _is_year(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100


def _grouped(num: str) -> bool:
    return any(c in num for c in ", \u00a0\u2009\u202f")


def find_money(text: str) -> list[Money]:
    """All money expressions in text, non-overlapping, in text order."""
    out: list[Money] = []
    pos = 0
    search = _MAIN.search
    while (m := search(text, pos)) is not None:
        s = m.start()
        n1 = text[s : m.end("n1")]
        sc1 = m.group("s1") or m.group("s1l")
        p1_end = m.end("s1") if m.group("s1") else m.end("s1l") if m.group("s1l") else m.end("n1")
        pos = p1_end  # where to look next if this match is not money

        prefix = _prefix_before(text, s) if m.group("lb") is not None else None
        start = prefix[0] if prefix else s

        # a range stands unless it is "X and Y" without "between", "$1 billion-10 ...", or "... to 2030"
        n2 = m.group("n2")
        sc2 = m.group("s2") or m.group("s2l")
        in_range = n2 is not None and not (
            (m.group("rsep").strip() == "and" and not _BETWEEN.search(text, max(0, start - 16), start))
            or (sc1 and not sc2 and not m.group("p2"))
            or (not sc2 and _is_year(n2))
            or (m.group("rsep").strip() == "to" and _CHANGE_BEFORE.search(text, max(0, start - 16), start))
        )
        core_end = (m.end("s2") if m.group("s2") else m.end("s2l") if m.group("s2l") else m.end("n2")) \
            if in_range else p1_end

        # the currency word or code after the number (only if it follows the part kept)
        suffix_code: str | None = None
        has_suffix = m.group("suf") is not None and (in_range or n2 is None)
        if has_suffix:
            if m.group("sc"):
                suffix_code = CODES[m.group("sc")]
                if not prefix and not sc1 and not in_range and _small(n1) and _NOUN_AFTER.match(text, m.end()):
                    has_suffix = False  # "3 SAR models": search-and-rescue helicopters, not three riyals
            else:
                word, q = m.group("w").lower(), m.group("q")
                suffix_code = _QUAL_LOWER[q.lower()] if q else _word_code(word)
                scaled = bool(sc1 or (in_range and sc2))
                if (word == "won" and not (scaled or _grouped(n1))) or (
                    word.startswith("pound") and "sterling" not in word and not q
                    and (not scaled or _OF_AFTER.match(text, m.end()))
                ):
                    has_suffix = False
            if not prefix and not sc1 and not in_range and _is_year(n1):
                has_suffix = False  # "in 2024 dollars"
        if prefix is None and not has_suffix:
            continue
        end = m.end() if has_suffix else core_end

        if prefix is None:
            currency = suffix_code
        elif has_suffix and text[start] == "$" and suffix_code is not None:
            currency = suffix_code  # "$5 billion Australian dollars"
        else:
            currency = prefix[1]

        m1 = _multiplier(sc1)
        if in_range:
            m2 = _multiplier(sc2)
            low, high = _scaled(n1, m1 or m2), _scaled(n2, m2)
        else:
            low = high = _scaled(n1, m1)

        if prefix and text[start] == "R" and text[start : start + 2] != "R$" and not (
            sc1 or _grouped(n1) or low >= 1000
        ):
            continue  # "R77" is a missile, not 77 rand

        out.append(Money(start, end, low, high, currency, text[start:end]))
        pos = end
    return out


_NOUN_AFTER = re.compile(r"\s+(?!(?:for|and|the|per|each|was|were|into|from|with|are|has|have|had|will|would|"
                         r"which|that|but|not|only|apiece|worth|last|this|next|each)\b)[a-z]{3,}")


def _small(number: str) -> bool:
    """A count-sized number (below 100) with no decimals."""
    return bool(re.fullmatch(r"\d{1,2}", number.strip()))
