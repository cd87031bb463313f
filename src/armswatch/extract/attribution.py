"""Attribution: to whom a report attributes a claim.

"According to sources in Islamabad, the “Aviation Syndicate” has reported that ..." attributes the claim twice:
to unnamed sources and to a media outlet. Each attribution phrase gives the words naming the source, a kind and
the span of the whole phrase:

* ``official`` -- ministry, minister, government, officials, spokesperson, agency, President, Pentagon, DSCA,
  ISPR, a country's name ("Pakistan said"), a titled or otherwise unclassified named person;
* ``unnamed`` -- "sources", "insiders", "people familiar with the matter", "an official who spoke on condition
  of anonymity";
* ``media`` -- media, outlet, newspaper, news agency, TV, a known outlet (Reuters, TASS, ...), an outlet name in
  quotes (“Aviation Syndicate”), an unknown name that "reported";
* ``company`` -- a named firm (from the knowledge base, or by its suffix: Ltd, Industries, Aerospace, ...) or
  "the company", "the manufacturer";
* ``denial`` -- the source denied, dismissed or rejected the claim (whoever the source is);
* ``report`` -- a generic report or document ("reports", "the report indicates", "it was reported",
  "reportedly", "a statement", "analysts").

Patterns: "according to X", "as reported by X", "reports carried by X", "X said/says/told/announced/reported/
confirmed/stated/added/..." (with auxiliaries: "X has reported that", "X had previously reported"), "..., said X",
"X quoted Y as saying" (both), "X cited sources in Y" (both), "X was quoted as saying", "X denied/dismissed/
rejected", "it was reported", "reportedly". The source before a verb must look like a source -- a noun phrase
headed by a source word or a proper name -- so "incidents reported along the line" is no attribution; pronouns
("he said") are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["KINDS", "Attribution", "attributions"]

KINDS = ("official", "unnamed", "media", "company", "denial", "report")


@dataclass(frozen=True)
class Attribution:
    source: str  # the words naming the source
    kind: str  # one of KINDS
    span: tuple[int, int]  # of the whole attribution phrase in the text


# ---------------------------------------------------------------- vocabulary

_UNNAMED_HEADS = {"source", "sources", "insider", "insiders", "people", "person", "persons"}
_OFFICIAL_HEADS = {
    "official", "officials", "ministry", "ministries", "minister", "ministers", "government", "governments",
    "spokesperson", "spokespersons", "spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokespeople",
    "agency", "agencies", "president", "presidency", "pentagon", "department", "office", "embassy", "ambassador",
    "army", "navy", "military", "forces", "command", "commander", "chief", "general", "admiral", "secretary",
    "authorities", "authority", "administration", "cabinet", "kremlin", "diplomat", "diplomats", "envoy",
    "lawmakers", "legislators", "senator", "senators", "representative", "representatives", "council",
    "directorate", "headquarters", "staff", "officer", "officers", "premier", "chancellor", "king", "emir",
    "palace", "parliament", "congress", "committee", "dsca", "ispr", "mod", "dod",
}
_MEDIA_HEADS = {
    "media", "outlet", "outlets", "newspaper", "newspapers", "paper", "daily", "weekly", "tabloid", "tv",
    "television", "channel", "channels", "broadcaster", "broadcasters", "radio", "website", "websites", "portal",
    "magazine", "magazines", "journal", "publication", "publications", "press", "correspondent", "correspondents",
    "reporter", "reporters", "journalist", "journalists", "blog", "news", "wire", "syndicate",
}
# capitalised words that end the names of newspapers ("The Express Tribune", "Hindustan Times")
_MEDIA_NAME_HEADS = {
    "times", "post", "herald", "gazette", "tribune", "telegraph", "express", "guardian", "chronicle", "standard",
    "dispatch", "monitor", "courier", "globe", "inquirer", "independent", "observer", "recognition", "week",
}
_COMPANY_HEADS = {
    "company", "companies", "firm", "firms", "manufacturer", "manufacturers", "maker", "makers", "contractor",
    "contractors", "shipbuilder", "shipyard", "builder", "supplier", "suppliers", "vendor", "group", "corporation",
    "corp", "inc", "ltd", "plc", "llc", "gmbh", "ag", "conglomerate", "industries", "aerospace", "systems",
    "dynamics", "technologies", "producer", "developer", "yards", "shipyards", "holding", "holdings", "co",
    "executive", "executives", "ceo",
}
_REPORT_HEADS = {
    "report", "reports", "statement", "statements", "document", "documents", "data", "filing", "filings",
    "notice", "notification", "brochure", "analysis", "study", "assessment", "analyst", "analysts", "expert",
    "experts", "observers", "figures", "estimates", "records", "register", "release", "communique", "letter",
}
_HEADS = _UNNAMED_HEADS | _OFFICIAL_HEADS | _MEDIA_HEADS | _COMPANY_HEADS | _REPORT_HEADS
# heads that take "in Islamabad", "familiar with the matter", "for the ministry", "at Marlow Yards" after them
_POSTMOD_HEADS = _UNNAMED_HEADS | {
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "diplomat", "diplomats",
    "representative", "representatives", "executive", "executives", "officer", "officers", "minister", "ministry",
    "analyst", "analysts", "expert", "experts", "reports", "report", "media", "newspaper", "correspondent",
    "reporter", "reporters", "journalist", "journalists", "chief", "commander", "envoy", "ambassador",
}
_MODIFIERS = {
    "senior", "top", "high-ranking", "high-level", "junior", "unnamed", "anonymous", "unidentified", "local",
    "state", "state-run", "state-owned", "state-controlled", "state-affiliated", "official", "government",
    "governmental", "military", "defence", "defense", "foreign", "international", "western", "regional",
    "independent", "national", "federal", "diplomatic", "security", "intelligence", "industry", "army", "navy",
    "naval", "air", "force", "ministry", "presidential", "company", "news", "press", "other", "informed",
    "knowledgeable", "well-placed", "well-informed", "reliable", "credible", "trusted", "pro-government",
    "opposition", "domestic", "private", "online", "leading", "major", "prominent", "specialist", "specialised",
    "specialized", "trade", "aviation", "aerospace", "procurement", "acquisition", "export", "industrial", "arms",
    "weapons", "previous", "recent", "earlier", "latest", "initial", "unconfirmed", "separate", "similar",
    "multiple", "various", "several", "many", "some", "media", "sector", "legal", "parliamentary",
    "congressional", "public", "semi-official", "official's", "government's",
}
_DETERMINERS = {
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "two", "three", "four",
    "five", "six", "seven", "eight", "several", "some", "many", "multiple", "various", "both", "one", "numerous",
    "few", "other", "unnamed",
}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "there", "one"}
# capitalised words that start a clause, not a name ("However officials said" is still "officials")
_LEADING_STOP = {
    "however", "but", "and", "or", "meanwhile", "earlier", "later", "also", "yet", "still", "moreover",
    "furthermore", "besides", "in", "on", "at", "last", "then", "now", "today", "yesterday", "while", "when",
    "as", "after", "before", "since", "if", "so", "thus", "although", "though", "because", "where", "with",
    "from", "by", "for", "of", "to", "separately", "additionally", "previously", "recently", "initially",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "that", "which", "nor",
    "neither", "either", "whether", "than", "once", "until", "about", "over", "under", "during", "amid",
    "amidst", "despite", "here", "there", "indeed", "instead", "notably", "nevertheless",
}
# words a prepositional object ("familiar with the matter") may not contain
_OBJECT_STOP = {
    "that", "which", "who", "whom", "is", "are", "was", "were", "be", "been", "will", "would", "has", "have",
    "had", "not", "and", "or", "but", "as", "said", "says", "told", "to", "if", "could", "may", "might", "can",
    "should", "did", "does", "do",
}
_NAME_LINKS = {"of", "for", "and", "&", "de", "du", "des", "la", "le", "al", "el", "bin", "von", "van", "the"}
_PREPOSITIONS = {
    ("in",), ("at",), ("of",), ("from",), ("for",), ("within",), ("inside",), ("near",), ("with",),
    ("familiar", "with"), ("close", "to"), ("with", "knowledge", "of"), ("briefed", "on"), ("involved", "in"),
    ("aware", "of"), ("privy", "to"), ("linked", "to"), ("based", "in"), ("on",),
}
_TITLES = {
    "president", "minister", "secretary", "general", "gen", "admiral", "adm", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "chief", "commander", "prime", "chancellor", "king", "emir", "prince",
    "sheikh", "colonel", "col", "lt", "lieutenant", "major", "maj", "marshal", "director", "senator", "governor",
    "deputy", "undersecretary", "vice", "brigadier", "captain", "capt", "commodore",
}
_OFFICIAL_ACRONYMS = {
    "DSCA", "ISPR", "MoD", "MOD", "DoD", "DOD", "IDF", "PLA", "DRDO", "DAC", "SSB", "DAPA", "NATO", "FSVTS",
    "ATLA", "CENTCOM", "USAF", "RAF", "IAF", "PAF", "MND", "MoFA", "MFA", "MOFA", "EDA", "OCCAR", "SIBAT",
    "Pentagon", "Kremlin", "Elysee", "Élysée",
}
_OUTLETS = {
    "Reuters", "AFP", "Agence France-Presse", "AP", "Associated Press", "Bloomberg", "TASS", "RIA Novosti", "RIA",
    "Interfax", "Sputnik", "Xinhua", "Anadolu", "Anadolu Agency", "IRNA", "Tasnim", "Fars", "Yonhap", "Kyodo",
    "PTI", "ANI", "IANS", "Janes", "Jane's", "Defense News", "Breaking Defense", "Al Jazeera", "BBC", "CNN",
    "Dawn", "MENAFN", "Khaama Press", "Army Recognition", "Kommersant", "Izvestia", "Vedomosti", "Le Monde",
    "Handelsblatt", "Der Spiegel", "Spiegel", "Haaretz", "Ynet", "Nikkei", "Global Times", "Hurriyet",
    "Daily Sabah", "Financial Times", "Wall Street Journal", "New York Times", "Washington Post", "Politico",
    "Axios", "Forbes", "Naval News", "FlightGlobal", "Flight Global", "Aviation Week", "Shephard", "Military Watch",
    "Defence Blog", "Defense Post", "Hindustan Times", "Economic Times", "The Hindu", "IDRW", "Geo", "ARY", "APA",
    "Report.az", "Trend", "AzerNews", "Caliber", "Oxu.az", "Yeni Safak", "Milliyet", "Sabah", "TRT", "NHK",
    "Arirang", "Asahi", "Mainichi", "Yomiuri", "Chosun Ilbo", "JoongAng", "Korea Herald", "Korea Times",
    "South China Morning Post", "SCMP", "Zvezda", "RT", "Al Arabiya", "Asharq Al-Awsat", "The National",
    "Gulf News", "Khaleej Times", "Tehran Times", "Mehr", "ISNA", "Kathimerini", "Ekathimerini", "Defence24",
    "Rzeczpospolita", "Die Welt", "Welt", "Bild", "Süddeutsche Zeitung", "FAZ", "La Tribune", "Les Echos",
    "Le Figaro", "Opex360", "El País", "Infodefensa", "Corriere della Sera", "Il Sole 24 Ore", "Ukrinform",
    "Kyiv Independent", "Ukrainska Pravda", "Times of India", "The Print", "ThePrint", "NDTV", "WION",
}
_COMPANY_SUFFIXES = {
    "inc", "ltd", "corp", "corporation", "company", "co", "group", "industries", "aerospace", "systems",
    "dynamics", "technologies", "technology", "holding", "holdings", "ag", "sa", "gmbh", "plc", "llc", "yards",
    "shipyard", "shipyards", "shipbuilding", "aviation", "motors", "electronics", "arms", "munitions",
    "ordnance", "works", "defence", "defense", "missiles", "avionics",
}

_REPORTING_VERBS = {"reported", "reports", "report", "quoted", "cited", "wrote", "writes", "carried", "published"}
_DENIAL_VERBS = {"denied", "denies", "deny", "dismissed", "dismisses", "rejected", "rejects", "refuted", "refutes"}

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"[“”\"‘’«»]|[A-Za-z0-9À-ÿ](?:[\w&.'’-]*[\w])?(?:['’]s?)?|[^\w\s]",
)
_ABBREVIATIONS = {"Inc.", "Ltd.", "Corp.", "Co.", "Gen.", "Lt.", "Col.", "Maj.", "Dr.", "Mr.", "Mrs.", "Ms.",
                  "St.", "Jr.", "Adm.", "Capt.", "U.S.", "U.K.", "U.N."}
_OPEN_QUOTES = {"“", "‘", "«"}
_CLOSE_QUOTES = {"”", "’", "»"}
_STRAIGHT_QUOTES = {'"', "'"}


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return _bare(self.text).lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper() or (self.text[0].isdigit() and any(c.isupper() for c in self.text))

    @property
    def is_quote(self) -> bool:
        return self.text in _OPEN_QUOTES | _CLOSE_QUOTES | _STRAIGHT_QUOTES


def _bare(word: str) -> str:
    """A word without its possessive ("Pentagon's" -> "Pentagon")."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        word, s, e = m.group(), m.start(), m.end()
        if word[0].isalnum() and "." in word and word not in _ABBREVIATIONS and not re.search(r"\w\.\w", word):
            # a sentence-final period glued to a word: split it off
            stripped = word.rstrip(".")
            out.append(_Tok(stripped, s, s + len(stripped)))
            out.append(_Tok(".", s + len(stripped), e))
            continue
        # a closing single quote glued to a word ("‘Syndicate’") is a quote, not a possessive
        if len(word) > 1 and word[-1] in "’'" and not word.endswith(("'s", "’s")):
            before = text[max(start, s - 40):s]
            if any(q in before for q in "‘'"):
                out.append(_Tok(word[:-1], s, e - 1))
                out.append(_Tok(word[-1], e - 1, e))
                continue
        out.append(_Tok(word, s, e))
    return out


# ---------------------------------------------------------------- noun phrases


@dataclass(frozen=True)
class _NP:
    first: int  # token indexes (inclusive)
    last: int
    core: tuple[int, int]  # the head noun phrase before any post-modifier
    quoted: bool = False


def _core_word(tok: _Tok) -> bool:
    return tok.is_word and (tok.is_cap or tok.low in _HEADS or tok.low in _MODIFIERS)


def _core_back(toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    """The core noun phrase ending at token ``i`` (scanning left, not before ``lo``): (first, last) or None."""
    if i < lo or not toks[i].is_word:
        return None
    last = i
    if not (toks[i].is_cap or toks[i].low in _HEADS):
        return None
    j = i
    while j - 1 >= lo:
        prev = toks[j - 1]
        if not prev.is_word:
            break
        low = prev.low
        if low in _DETERMINERS and not prev.is_cap:
            j -= 1
            break
        if _core_word(prev) and low not in _LEADING_STOP | _PRONOUNS:
            j -= 1
            continue
        if low in _DETERMINERS:  # "The", "Two" at a sentence start
            j -= 1
            break
        if low in _NAME_LINKS and toks[j].is_cap and j - 2 >= lo and toks[j - 2].is_word and toks[j - 2].is_cap:
            j -= 2  # "Ministry of Defence"
            continue
        if low in _NAME_LINKS and low == "the" and j - 2 >= lo and toks[j - 2].low in _NAME_LINKS:
            j -= 1  # "Ministry of the Interior"
            continue
        break
    # drop clause openers and stray links from the left
    while j < last and (toks[j].low in _LEADING_STOP or toks[j].low in _NAME_LINKS - {"the"}):
        j += 1
    if j == last and toks[j].low in _PRONOUNS | _LEADING_STOP | _DETERMINERS:
        return None
    return j, last


def _quoted_back(toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    """A quoted name ending with the closing quote at ``i``: (opening quote, closing quote)."""
    if i < lo or toks[i].text not in _CLOSE_QUOTES | _STRAIGHT_QUOTES:
        return None
    j = i - 1
    while j >= lo and i - j <= 8 and toks[j].is_word:
        j -= 1
    if j < lo or j == i - 1 or toks[j].text not in _OPEN_QUOTES | _STRAIGHT_QUOTES:
        return None
    if not _title_case(toks[j + 1 : i]):
        return None
    return j, i


def _title_case(words: list[_Tok]) -> bool:
    """A name in quotes (“Aviation Syndicate”), not a quoted sentence (“We need ships”)."""
    return bool(words) and words[0].is_cap and all(w.is_cap or w.low in _NAME_LINKS for w in words)


def _np_back(toks: list[_Tok], i: int, lo: int, depth: int = 0) -> _NP | None:
    """The source noun phrase ending at token ``i``, with post-modifiers ("officials at the ministry in Baku")."""
    quoted = _quoted_back(toks, i, lo)
    if quoted:
        return _NP(quoted[0], quoted[1], quoted, quoted=True)
    if depth < 2:
        for k in range(1, 7):  # object of a post-modifier: the last k tokens
            obj_first = i - k + 1
            if obj_first - 1 < lo:
                break
            obj = toks[obj_first : i + 1]
            if not all(t.is_word and t.low not in _OBJECT_STOP for t in obj):
                break
            for prep in sorted(_PREPOSITIONS, key=len, reverse=True):
                p0 = obj_first - len(prep)
                if p0 < lo or tuple(t.low for t in toks[p0:obj_first]) != prep:
                    continue
                left = _np_back(toks, p0 - 1, lo, depth + 1)
                if left and not left.quoted and toks[left.core[1]].low in _POSTMOD_HEADS:
                    return _NP(left.first, i, left.core)
                if left and not left.quoted and toks[left.core[1]].is_cap and prep[0] in {"of", "for"} and \
                        any(toks[x].low in _TITLES for x in range(left.core[0], left.core[1] + 1)):
                    return _NP(left.first, i, left.core)  # "Minister for defence production"
    core = _core_back(toks, i, lo)
    return _NP(core[0], core[1], core) if core else None


def _core_fwd(toks: list[_Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The core noun phrase starting at token ``i`` (scanning right, before ``hi``)."""
    j = i
    while j < hi and toks[j].is_word and toks[j].low in _DETERMINERS and not toks[j].is_cap:
        j += 1
    if j < hi and toks[j].is_word and toks[j].low in _DETERMINERS and toks[j].is_cap and j == i:
        j += 1
    first_word = j
    last = None
    while j < hi and toks[j].is_word:
        tok = toks[j]
        if tok.low in _OBJECT_STOP or (tok.low in _DETERMINERS and not tok.is_cap and tok.low not in _MODIFIERS):
            break
        if _core_word(tok) and tok.low not in _PRONOUNS:
            last = j
            j += 1
            if tok.text.endswith(("'s", "’s")):
                continue
            continue
        if tok.low in _NAME_LINKS and last is not None and toks[last].is_cap and j + 1 < hi and \
                toks[j + 1].is_word and (toks[j + 1].is_cap or (tok.low != "the" and toks[j + 1].low == "the")):
            j += 1
            continue
        break
    if last is None or first_word > last:
        return None
    if not (toks[last].is_cap or toks[last].low in _HEADS):
        return None
    return i, last


def _np_fwd(toks: list[_Tok], i: int, hi: int) -> _NP | None:
    """The source noun phrase starting at token ``i``, with a post-modifier ("sources in Islamabad")."""
    # "the “Aviation Syndicate”"
    q = i + 1 if i < hi and toks[i].low == "the" and i + 1 < hi and toks[i + 1].is_quote else i
    if q < hi and toks[q].text in _OPEN_QUOTES | _STRAIGHT_QUOTES:
        j = q + 1
        while j < hi and j - q <= 8 and toks[j].is_word:
            j += 1
        if j < hi and j > q + 1 and toks[j].text in _CLOSE_QUOTES | _STRAIGHT_QUOTES and _title_case(toks[q + 1 : j]):
            return _NP(q, j, (q, j), quoted=True)
        return None
    core = _core_fwd(toks, i, hi)
    if core is None:
        return None
    last = core[1]
    if toks[last].low in _POSTMOD_HEADS or toks[last].is_cap:
        j = last + 1
        for prep in sorted(_PREPOSITIONS, key=len, reverse=True):
            if tuple(t.low for t in toks[j : j + len(prep)]) != prep:
                continue
            if toks[last].is_cap and not (
                prep[0] in {"of", "for"} and any(toks[x].low in _TITLES for x in range(core[0], last + 1))
            ):
                break
            k = j + len(prep)
            obj_last = None
            while k < hi and k - (j + len(prep)) < 6 and toks[k].is_word and toks[k].low not in _OBJECT_STOP:
                if toks[k].low in _DETERMINERS and obj_last is not None and not toks[k].is_cap:
                    break
                obj_last = k
                k += 1
            if obj_last is not None:
                last = obj_last
            break
    return _NP(core[0], last, core)


# ---------------------------------------------------------------- classification


@cache
def _known_names() -> tuple[dict[str, str], frozenset[str]]:
    """(surface form -> "company"/"official" from the companies knowledge base, country names and capitals)."""
    forms: dict[str, str] = {}
    places: set[str] = set()
    try:
        from armswatch.knowledge import company_forms, country_forms
    except ImportError:  # pragma: no cover - the knowledge base ships with the package
        return forms, frozenset()
    for surface, company in company_forms().items():
        forms[surface] = "official" if company.kind == "agency" else "company"
    for surface, (_iso3, kind) in country_forms().items():
        if kind in {"name", "alias", "capital"}:
            places.add(surface)
    return forms, frozenset(places)


def _classify(words: list[_Tok], post: str, quoted: bool, verb: str) -> str:
    """Kind of a source from its core words, the text of its post-modifier and the attributing verb."""
    if verb in _DENIAL_VERBS:
        return "denial"
    lows = [w.low for w in words]
    if (
        any(low in {"source", "sources", "insider", "insiders", "unnamed", "anonymous", "unidentified"}
            for low in lows)
        or re.search(r"familiar|close to|knowledge|anonym|not (?:be )?(?:named|identified|authori[sz]ed)|privy",
                     post, re.IGNORECASE)
        or (lows and lows[-1] in {"people", "person", "persons"})
    ):
        return "unnamed"
    name = " ".join(_bare(w.text) if i == len(words) - 1 else w.text for i, w in enumerate(words))
    name = re.sub(r"^(?:the|The)\s+", "", name)
    forms, places = _known_names()
    if quoted:
        return forms.get(name, "media")
    if name in _OUTLETS or any(o in _OUTLETS for o in (w.text for w in words)) or _outlet_in(name):
        return "media"
    if "news" in lows and any(low in {"agency", "agencies", "service", "network"} for low in lows):
        return "media"
    if name in forms:
        return forms[name]
    for w in reversed(words):  # the head: the rightmost word that names a kind of source
        low = w.low
        if w.text in _OFFICIAL_ACRONYMS:
            return "official"
        if low in _MEDIA_HEADS or (w.is_cap and low in _MEDIA_NAME_HEADS):
            return "media"
        if low in _OFFICIAL_HEADS:
            return "official"
        if low in _COMPANY_HEADS:
            return "company"
        if low in _REPORT_HEADS:
            return "media" if "media" in lows or "press" in lows or "news" in lows else "report"
    longest = _longest_form(name, forms)
    if longest:
        return forms[longest]
    if any(w.low in _TITLES for w in words) or any(_bare(w.text) in places for w in words):
        return "official"
    if words and words[-1].is_cap and words[-1].low in _COMPANY_SUFFIXES and len(words) > 1:
        return "company"
    return "media" if verb in _REPORTING_VERBS else "official"


@cache
def _alternation(names: frozenset[str]) -> re.Pattern[str]:
    """One regex finding any of ``names`` as whole words, longest first."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")


def _outlet_in(name: str) -> bool:
    return bool(_alternation(frozenset(o for o in _OUTLETS if " " in o and len(o) > 3)).search(name))


def _longest_form(name: str, forms: dict[str, str]) -> str | None:
    hits = [m.group() for m in _alternation(frozenset(f for f in forms if len(f) > 2)).finditer(name)]
    return max(hits, key=len) if hits else None


# ---------------------------------------------------------------- patterns

_AUX = r"(?:(?:has|have|had|also|previously|earlier|already|recently|further|separately|officially|publicly|" \
       r"later|first|initially|repeatedly|reportedly|now|since|once|again)\s+){0,3}"
_VERBS = (
    r"said|says|say|told|tells|announced|announces|reported|reports|confirmed|confirms|stated|claimed|claims|"
    r"quoted|cited|indicated|indicates|suggested|suggests|revealed|reveals|disclosed|denied|denies|deny|dismissed|"
    r"dismisses|rejected|rejects|refuted|refutes|"
    # verbs that also have other senses ("the navy added four ships") count only before a reported clause
    r"(?:added|adds|noted|notes|wrote|writes|explained|insisted|acknowledged|maintained|warned|states)"
    r"(?=\s*(?:that\b|[,.:;“\"]|$))"
)
# case-sensitive: a verb is never capitalised after its subject ("the United States said" has no verb "States")
_SUBJECT_VERB = re.compile(
    rf"(?<![\w-])(?P<aux>{_AUX})(?P<verb>{_VERBS}|(?:was|were|is|are|has been|have been) (?:quoted|cited) as saying)"
    r"(?![\w-])",
)
_INVERTED = re.compile(r"(?:[,“”\"‘’]\s*)(?P<verb>said|says|added|stated|wrote|told \w+)\s+", re.IGNORECASE)
_ACCORDING = re.compile(r"\b(?:according to|as (?:reported|claimed|stated|quoted) by|reports? (?:carried|published) "
                        r"by|in (?:a|an) (?:report|interview|statement) (?:by|with|from)|(?:was|were|is|are|has been|"
                        r"have been|had been) (?:first |also |previously |earlier )?reported by)\s+", re.IGNORECASE)
_OBJECT_CUE = re.compile(r"\b(?P<verb>quoted|quoting|cited|citing|cites|quotes)\s+", re.IGNORECASE)
_GENERIC = re.compile(r"\b(?:it (?:was|is|has been|had been) (?:widely |also |previously |earlier )?"
                      r"(?:reported|claimed|rumou?red|understood|learned|learnt)|reportedly|allegedly)\b",
                      re.IGNORECASE)
_ANONYMITY_AFTER = re.compile(
    r"\s*,?\s*(?:who|speaking|and) (?:spoke|asked|requested|declined|did not want|were not|was not|are not|is not|"
    r"on)[^.;:,]{0,60}?(?:anonymity|named|identified|authori[sz]ed[^.;:,]{0,30})(?:\s*,)?",
    re.IGNORECASE,
)
_AS_SAYING = re.compile(r"\s+as (?:saying|stating|telling|having said)", re.IGNORECASE)
_COMMA_CLAUSE = re.compile(r",\s*(?P<inner>[^,.;:]{1,80}),\s*$")  # "..., who spoke ..., said" / "X, the minister, said"


def _first_token(toks: list[_Tok], pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    for i, t in enumerate(toks):
        if t.start >= pos:
            return i
    return len(toks)


def _last_token(toks: list[_Tok], pos: int) -> int:
    """Index of the last token ending at or before ``pos`` (-1 when none)."""
    idx = -1
    for i, t in enumerate(toks):
        if t.end <= pos:
            idx = i
        else:
            break
    return idx


def _source_text(text: str, toks: list[_Tok], np: _NP) -> str:
    if np.quoted:
        return text[toks[np.first + 1].start : toks[np.last - 1].end]
    return text[toks[np.first].start : toks[np.last].end]


def _make(text: str, toks: list[_Tok], np: _NP, verb: str, span: tuple[int, int], extra: str = "") -> Attribution:
    words = toks[np.first + 1:np.last] if np.quoted else toks[np.core[0]:np.core[1] + 1]
    post = text[toks[np.core[1]].end : toks[np.last].end] + " " + extra
    kind = _classify(words, post, np.quoted, verb.lower())
    return Attribution(_source_text(text, toks, np), kind, span)


def attributions(text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
    """Every attribution phrase in ``text[start:end]`` (e.g. one sentence), in order of appearance."""
    end = len(text) if end is None else end
    toks = _tokens(text, start, end)
    found: list[Attribution] = []

    def after(pos: int) -> tuple[str, int]:
        """Anonymity wording right after ``pos`` ("..., who spoke on condition of anonymity,")."""
        m = _ANONYMITY_AFTER.match(text, pos, end)
        return (m.group(), m.end()) if m else ("", pos)

    # "X said", "X has reported", "X had previously reported", "X was quoted as saying"
    for m in _SUBJECT_VERB.finditer(text, start, end):
        verb = m.group("verb").split()[-1] if " as saying" not in m.group("verb") else "said"
        before = text[start : m.start()]
        extra = ""
        np_end = m.start()
        apposition = None
        clause = _COMMA_CLAUSE.search(before)
        if clause and re.match(r"(?:who|which)\b", clause.group("inner"), re.IGNORECASE):
            extra = clause.group()  # "An official, who spoke on condition of anonymity, said"
            np_end = start + clause.start()
        elif clause:  # "Anton Velik, the defence minister, said": the role decides the kind
            inner = _np_back(toks, _last_token(toks, start + clause.end("inner")), 0)
            if inner and toks[inner.first].start == start + clause.start("inner"):
                apposition = inner
                np_end = start + clause.start()
        i = _last_token(toks, np_end)
        np = _np_back(toks, i, 0) if i >= 0 else None
        if np is None:
            if apposition is None:
                continue
            np, apposition = apposition, None
        elif apposition is not None:
            role = apposition
            np = _NP(np.first, role.last, role.core, role.quoted)
        words = toks[np.core[0] : np.core[1] + 1]
        if not np.quoted and len(words) == 1 and words[0].low in _PRONOUNS | _DETERMINERS:
            continue
        if np.quoted and _np_fwd(toks, _first_token(toks, m.end()), len(toks)):
            continue  # “The Deal Is Done,” said the minister: the quote is speech, the source follows
        if not np.quoted and not any(t.is_cap or t.low in _HEADS for t in words):
            continue
        anon, stop = after(m.end())
        span = (toks[np.first].start, stop if anon else m.end())
        found.append(_make(text, toks, np, verb, span, extra + anon))
        # "X quoted/cited Y as saying": Y is a source too
        if verb.lower() in {"quoted", "cited"}:
            _object(text, toks, m.end(), end, verb, found)

    # "..., said X"
    for m in _INVERTED.finditer(text, start, end):
        np = _source_np(toks, m.end())
        if np is None:
            continue
        words = toks[np.core[0] : np.core[1] + 1]
        if not np.quoted and all(t.low in _PRONOUNS | _DETERMINERS for t in words):
            continue
        anon, stop = after(toks[np.last].end)
        span = (m.start() + len(m.group()) - len(m.group().lstrip(",“”\"‘’ ")), stop if anon else toks[np.last].end)
        found.append(_make(text, toks, np, m.group("verb").split()[0], span, anon))

    # "according to X", "as reported by X", "reports carried by X"
    for m in _ACCORDING.finditer(text, start, end):
        i = _first_token(toks, m.end())
        np = _np_fwd(toks, i, len(toks))
        cue = m.group().lower()
        verb = "reported" if "report" in cue else "said"
        if np is None:
            # anything up to the end of the clause ("according to a brochure published by the builder")
            j = i
            while j < len(toks) and toks[j].is_word and j - i < 8:
                j += 1
            if j == i:
                continue
            np = _NP(i, j - 1, (i, j - 1))
        anon, stop = after(toks[np.last].end)
        span = (m.start(), stop if anon else toks[np.last].end)
        found.append(_make(text, toks, np, verb, span, anon))

    # "it was reported", "reportedly"
    for m in _GENERIC.finditer(text, start, end):
        found.append(Attribution(m.group(), "report", (m.start(), m.end())))

    return _dedupe(found)


def _source_np(toks: list[_Tok], pos: int) -> _NP | None:
    """The noun phrase starting at ``pos`` if it can name a source (quoted, a proper name or a source word)."""
    np = _np_fwd(toks, _first_token(toks, pos), len(toks))
    if np is None:
        return None
    words = toks[np.core[0] : np.core[1] + 1]
    return np if np.quoted or any(t.is_cap or t.low in _HEADS for t in words) else None


def _object(text: str, toks: list[_Tok], pos: int, end: int, verb: str, found: list[Attribution]) -> None:
    """The source quoted or cited by an outlet: "... quoted a ministry official as saying"."""
    np = _source_np(toks, pos)
    if np is None:
        return
    stop = toks[np.last].end
    m = _AS_SAYING.match(text, stop, end)
    if m:
        stop = m.end()
    elif verb.lower() == "quoted":
        return  # "quoted the figure" is no attribution
    found.append(_make(text, toks, np, "said", (toks[np.first].start, stop)))


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    """Order of appearance; of overlapping attributions with the same source, the longest phrase."""
    found.sort(key=lambda a: (a.span[0], -(a.span[1] - a.span[0])))
    out: list[Attribution] = []
    for att in found:
        clash = next((o for o in out if o.span[0] < att.span[1] and att.span[0] < o.span[1] and
                      (o.source == att.source or _inside(att.span, o.span) or _inside(o.span, att.span))), None)
        if clash is None:
            out.append(att)
        elif (att.span[1] - att.span[0]) > (clash.span[1] - clash.span[0]):
            out[out.index(clash)] = att
    out.sort(key=lambda a: a.span)
    return out


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]
