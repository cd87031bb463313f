"""The rule path: article → deal mentions, every field with the span that supports it.

Steps (no trained model needed):
1. sentences (spaCy's tokenizer and sentencizer; a paragraph break always ends a sentence);
2. gazetteer entities (countries, demonyms, capitals, companies, weapon systems), money, quantities;
3. a *frame* for each weapon-system mention in a sentence that speaks of a transfer: the supplier and the
   recipient from role cues, the system origin and the article's other frames;
4. frames with the same supplier, recipient and system family form one mention of a deal; its status comes
   from the modality of the cues in its sentences, its value and quantity from the numbers tied to it;
5. salience: the deal the article is about (title, lead) is primary, others background.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from .. import knowledge
from ..models import Article, Claim, Mention, Span
from .gazetteer import CATEGORY_NOUN, Entity, find_designations, find_entities, noun_category
from .money import Money, find_money
from .numbers import Quantity, find_quantities
from .patterns import trim
from .roles import TRANSFER_WORD, role_cue
from .status import CUE as STATUS_CUE
from .status import DEAL_NOUN, StatusCue, combine, find_cues, find_hedges

VERSION = "rules-0.1"

# a system mention that is an existing fleet, not something being traded
FLEET_BEFORE = re.compile(
    r"(?:\breplac\w*|\bsucceed\w*|\bsupplement\w*|\bretir\w*|\bphas\w* out|\bupgrad\w*|\bmoderni[sz]\w*|"
    r"(?<!new )\bfleets? of|\binventory of|\bexisting|\bcurrent|\bcurrently (?:flies|fly|operates|operate|fields|uses)|"
    r"\bageing|\baging|\bSoviet-era|"
    r"\bstill (?:flies|fly|operates|uses|fields)|\balready (?:operates|flies|has|uses|fields|operated)|\bown fleet|"
    r"\b(?:now |currently )(?:has|have) (?:\w+ )?operational|"
    r"\bon top of its|\bflies the|\bits own fleet|\bdisplay\w*|\bshowcas\w*|\bexhibit\w*|\bdemonstrat\w*|"
    r"\btest[- ]fir\w*|"
    r"\balongside|\boperat(?:e|es|ed|ing)\b|\bflying|\bdeploy(?:s|ed|ing)? (?:its|their) |"
    r"\btested|\bdevelop\w*|\bco-develop\w*|\bin service|\bpartners? in|\bparticipa\w* in|\bstake in)\b[^.;:]{0,45}$",
    re.IGNORECASE,
)
# a count written in digits or words, as the rules below read it ("24", "1,000", "twelve", "a dozen")
COUNT = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)"
ALONGSIDE_COUNT = re.compile(rf"\balongside(?: with)?\s+(?:{COUNT}|a further|another)\s+(?:[\w-]+\s+){{0,2}}$",
                             re.IGNORECASE)
SOLD_UPGRADED = re.compile(r"\b(?:export\w*|sell\w*|sold|suppl(?:y|ies|ied|ying)|deliver\w*|offer\w*)\s+"
                           r"(?:[\w-]+\s+)?(?:upgraded|moderni[sz]ed|refurbished)\b[^.;:]{0,40}$", re.IGNORECASE)
BOUGHT_UPGRADED = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens of|an?|new|"
    r"additional|more|further|second-hand|secondhand|used|ex-\w+)\s+(?:(?:second[- ]hand|used|new)\s+and\s+)?"
    r"(?:upgraded|moderni[sz]ed|refurbished)\s+"
    r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
NOT_BOUGHT = re.compile(r"(?:\b(?:chose|chosen|choosing|selected|picked|preferred|prefers?|opted for)\b[^.;]{0,60}?"
                        r"\b(?:over|instead of|rather than)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}|"
                        r"\b(?:instead of|rather than|beat|beating|beat out|defeated|outbid|"
                        r"(?:ejection|expulsion|removal|exclusion|suspension) from)\s+(?:the\s+|an?\s+)?"
                        r"(?:[\w-]+\s+){0,2}|\bBill\s+|"
                        # a system another is measured against: "its predecessor, the S-300", "derives from the AW139"
                        r"\b(?:predecessors?|forerunners?|derived from|derives from|compared (?:to|with)|in comparison "
                        r"(?:to|with)|as opposed to|inspired by|model(?:l)?ed (?:on|after)|(?:a )?cop(?:y|ies) of|"
                        r"clones? of|similar to|in the class of|on par with|comparable to|akin to|equivalent to|"
                        r"follow-on (?:model )?(?:to|of)|successor (?:to|of)|competitive with|compete with|"
                        r"competing with)\W+"
                        r"(?:the\s+|an?\s+|its\s+)?(?:[\w'’-]+\s+){0,2}|"
                        # "in the class of the US Terminal High Altitude Area Defence (THAAD)": a name in full, then
                        # the system's short name in brackets
                        r"\b(?:in the class of|similar to|comparable to|on par with|akin to|equivalent to)\s+"
                        r"(?:the\s+)?(?:[\w-]+\s+){0,6}\()$",
                        re.IGNORECASE)
EXERCISE = re.compile(r"\b(?:exercises?|drills?|war ?games|manoeuvres|maneuvers|joint training|air shows?|"
                      r"airshows?|parades?)\b(?!\s+(?:an?|the|its|their|his|her|options?|rights?)\b)", re.IGNORECASE)
# what a platform can carry is described, not bought: "four hardpoints capable of carrying ... R-73 missiles"
CARRIED = re.compile(r"\b(?:capable of (?:carrying|firing|launching)|can (?:\w+ ){0,2}(?:carry|fire|launch)|"
                     r"able to (?:carry|fire|launch)|(?:been |is |are )?integrated (?:on|onto|into|across|with)|"
                     r"uses (?:\w+ ){0,2}(?:missiles|interceptors|rockets))\b[^.;]*$", re.IGNORECASE)
# the platform a weapon is mounted on: "Milan Missile Launcher on the Marder IFV", "armament of the Marder IFVs"
ON_PLATFORM = re.compile(r"\b(?:[Ll]aunchers?|armament|turrets?|mounted|installed|fitted)\s+(?:on|onto|aboard|of)\s+"
                         r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?$")
# the ships a weapon is bought for: "Ka-52K helicopters for the Egyptian Navy's Mistral class landing helicopter docks"
SHIP_FOR_BEFORE = re.compile(r"\bfor (?:its|their|the (?:\S+ )?\S+(?:'s|’s))\s+(?:[\w-]+\s+){0,3}$")
SHIP_AFTER = re.compile(r"(?:\s+class)?\s+(?:[\w-]+\s+){0,3}?(?:carriers?|LHDs?|docks?|ships?|vessels?|frigates?|"
                        r"corvettes?|destroyers?|submarines?)\b")
FLEET_AFTER = re.compile(r"^(?:s|es)?,?\s*(?:[\w-]+\s+){0,2}?(?:fleet|already in service|in (?:[A-Z]\w+ )?service|"
                         r"on display|retir\w*|being retired|phased out|decommission\w*|"
                         r"(?:are|is|will be|are going to be|is going to be|are to be|is to be|are being|is being) "
                         r"replaced|"
                         r"demonstration|backbone|inventory)\b", re.IGNORECASE)
CIVIL = re.compile(r"\b(?:airlines?|airways|air carriers?|jetliners?|airliners?|wide-?bodies|wide-?body|freighters?|"
                   r"commercial (?:aircraft|jets?|planes?|aviation)|passengers?|cars?|carmakers?|car makers?|motor|"
                   r"motoring|music|television|TV|channels?|films?|albums?|football|club|players?|fans|retail\w*|consumers?|"
                   r"shareholders?|shares|stock market|broadband|mobile phones?|software|holiday|tourism)\b|"
                   # an airline's name: "Air Deccan", "Air India" (not "Air Force", "Air Wing", "Air Corps")
                   r"(?-i:\bAir (?!Forces?\b|Wing\b|Corps\b|Arm\b|Defen[cs]e\b|Command\b|Staff\b|Marshal\b|Chief\b|"
                   r"Component\b|Guard\b|National\b|Mobility\b|Combat\b|Division\b|Brigade\b|Regiment\b|"
                   r"Squadron\b|Base\b|Station\b|Group\b|Cavalry\b|Assault\b|Power\b|Policing\b)[A-Z][a-z]+)",
                   re.IGNORECASE)
MILITARY = re.compile(r"\b(?:military|defen[cs]e|armed forces|army|navy|naval|air force|weapons?|arms|missiles?|"
                      r"warships?|combat|fighters?|tanks?|howitzers?|artillery|ammunition|munitions|troops|soldiers|"
                      r"armou?red|frigates?|corvettes?|submarines?|drones?|helicopters?|coast guard|security forces|"
                      r"ministry of defen[cs]e|pentagon)\b", re.IGNORECASE)
PAST_PURCHASE = re.compile(r"^[^.;:]{0,40}?\b(?:bought|ordered|purchased|acquired|procured|delivered by|"
                           r"supplied by)\b", re.IGNORECASE)
FOLLOWON = re.compile(r"\b(?:additional|more|further|another|second|follow-on|follow on|new batch|extra|"
                      r"repeat order)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
NOT_VALUE = re.compile(
    r"\b(?:invest\w*|offsets?|budget\w*|allocat\w*|revenue|turnover|profit|shares?|stock|market|GDP|economy|"
    r"trade|exports? (?:of|worth|totall\w*|rose|stood|reached|hit|grew|climbed|fell|increased|amounted)|aggregate|"
    r"annual|per cent|percent|salar\w*|aid package|"
    r"order book|backlog|cumulative|top \d+|cuts? in|savings?|supplementary provision|funding package|"
    r"for (?:[\w-]+ ){0,2}industry|industrial participation)\b",
    re.IGNORECASE,
)
# an amount that is a loan or a credit line, not the price: "a $1.5 billion credit line", "a loan of $200 million"
LOAN = re.compile(r"[\s-]*(?:[\w-]+\s+){0,2}?(?:loans?|credit lines?|lines? of credit|credits?)\b", re.IGNORECASE)
LOAN_BEFORE = re.compile(r"\b(?:loans?|credit lines?|lines? of credit|credits?)\s+(?:of|worth|totall?ing)\s+"
                         r"(?:about\s+|some\s+|up to\s+)?$", re.IGNORECASE)


def _not_a_price(text: str, sent: Span, m: Money) -> bool:
    """An amount that is not what a deal costs: a budget, an investment, exports in all, a loan."""
    return bool(NOT_VALUE.search(text, max(sent[0], m.start - 80), min(sent[1], m.end + 40))
                or LOAN.match(text, m.end) or LOAN_BEFORE.search(text, max(sent[0], m.start - 40), m.start))
PER_UNIT = re.compile(r"\s*(?:per|each|apiece|a piece|a unit|a copy|an aircraft|per unit|a jet|a tank)\b",
                      re.IGNORECASE)
CONVERSION_BEFORE = re.compile(r"(?:\(\s*(?:about|roughly|around|some|approximately|nearly|~)?\s*|\bor\s+(?:about|"
                               r"roughly|around|some|approximately|nearly)?\s*|\bequivalent to\s+|\bi\.e\.\s*)$",
                               re.IGNORECASE)
DELIVERY_TRANCHE = re.compile(r"\b(?:first|last|initial|final|remaining|outstanding|next|another|further|"
                              r"those|these)\s+$", re.IGNORECASE)
UNIT_NOUN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:squadrons?|regiments?|batter(?:y|ies)|units?|sets?|"
                       r"systems?|launchers?|fire units?)\b", re.IGNORECASE)
NOUN_CATEGORY = {
    "aircraft": "aircraft", "jet": "aircraft", "fighter": "aircraft", "plane": "aircraft", "airplane": "aircraft",
    "helicopter": "aircraft", "chopper": "aircraft", "drone": "aircraft", "uav": "aircraft", "ucav": "aircraft",
    "trainer": "aircraft", "bomber": "aircraft", "transport": "aircraft", "airlifter": "aircraft",
    "tank": "armoured vehicles", "vehicle": "armoured vehicles", "mbt": "armoured vehicles",
    "apc": "armoured vehicles", "ifv": "armoured vehicles", "howitzer": "artillery", "gun": "artillery",
    "mortar": "artillery", "launcher": "artillery", "frigate": "ships", "corvette": "ships",
    "submarine": "ships", "vessel": "ships", "ship": "ships", "boat": "ships", "destroyer": "ships",
    "radar": "sensors", "engine": "engines", "satellite": "satellites",
    "missile": "missiles", "rocket": "missiles", "torpedo": "missiles", "munition": "missiles",
    "interceptor": "missiles",
}
SALE_WORDS = re.compile(r"\b(?:sale|export|deal|purchase|order|contract|agreement|acquisition|procurement)\b",
                        re.IGNORECASE)
PARAGRAPH = re.compile(r"\n\s*\n")
# a line break, or a full stop after a designation that the tokenizer kept in one token ("China's J-10C. Informal
# estimates ..."), ends a sentence
MISSING_SPACE = re.compile(r"[.!?](?=[A-Z][a-z])")


def _split_missing_space(chunk: str) -> list[str]:
    """"... elections in 1994.The Seeker II ...": split after a full stop that lost its space (not "U.S.Army")."""
    cuts = [m.end() for m in MISSING_SPACE.finditer(chunk)
            if m.start() >= 2 and all(c.islower() or c.isdigit() for c in chunk[m.start() - 2:m.start()])]
    if not cuts:
        return [chunk]
    return [chunk[a:b] for a, b in zip([0, *cuts], [*cuts, len(chunk)], strict=True)]
DESIGNATION_STOP = re.compile(r"(\n+|(?<=\d\.)[ \u00a0]+(?=[A-Z][a-z])|(?<=\d[A-Z]\.)[ \u00a0]+(?=[A-Z][a-z]))")


VALUE_CUE = re.compile(r"(?:valued at|worth|cost of|costing|price of|priced at|price tag of|value of|estimated at|"
                       r"for|at|deal of|contract of|package of)\s+(?:about|around|roughly|nearly|some|up to|"
                       r"an estimated|approximately|a little over|over|more than|almost|just over|as much as)?\s*$",
                       re.IGNORECASE)
# an amount that names a deal: "a $233 million agreement", "a $4.75 billion contract for Patriot"
VALUE_NOUN_AFTER = re.compile(r"(?:\s*\([^()]{1,40}\))?[\s-]*(?:[a-z-]+\s+){0,2}?"
                              r"(?:deal|contract|agreement|order|purchase|sale|package)s?\b")
# the same amount in another currency, in brackets right after it: "€555 million ($643M)", "634 billion won ($563
# million)"
TWIN_BETWEEN = re.compile(r"\s*[(\[]\s*(?:about|roughly|around|some|approximately|nearly|~|or)?\s*")
GLOSS_AFTER = re.compile(r"\([\w.&/-]{1,20}\)")
GLOSS_BEFORE = re.compile(r"\([\w.&/-]{1,20}\)$")
CLAUSE_BREAK = re.compile(r";|:\s|\s[—–]\s|\(|\)|,\s(?:while|whereas|but)\s|"
                          r",\sand\s(?:is|are|was|were|has|have|had|will)\s(?:also\s|now\s)?(?=[a-z])")
YEAR = re.compile(r"\b(?:in|since|of|from)\s+(?:(?:early|late|mid-?)\s*)?((?:19[5-9]|20[0-4])\d)\b|"
                  r"\b(?:a|an|the|its|their)\s+((?:19[5-9]|20[0-4])\d)\s+(?:agreement|deal|contract|order|purchase)\b")
AMENDMENT = re.compile(
    r"\b(?:raised|raising|raises|increased|increases|expanded|expands|enlarged|enlarges|doubled|doubles|boosted|"
    r"lifted|lifts|grew|topped up|cut|cuts|reduced|reduces|trimmed|scaled back)\b[^.;]{0,80}?"
    r"\b(?:order|contract|purchase|deal|package|it|buy)\b|\bfrom\s+\d[\d,]*\s+to\s+\d", re.IGNORECASE)
ANY_YEAR = re.compile(r"\b((?:19[5-9]|20[0-4])\d)\b")
PREVIOUS_DEAL = re.compile(r"\b(?:first|previous|earlier|original|initial|prior)\s+(?:executive\s+|framework\s+)?"
                           r"(?:deal|contract|order|agreement)\b", re.IGNORECASE)
FROM_TO = re.compile(r"\bfrom\s+[\w,]+\s+to\s+$", re.IGNORECASE)


@dataclass
class Frame:
    sent: int
    system: Entity
    clause: Span
    sup: Entity | None = None
    rec: Entity | None = None
    sup_iso: str | None = None
    rec_iso: str | None = None
    trigger: bool = False
    followon: bool = False
    past: bool = False
    fleet: bool = False  # an existing fleet whose purchase the report mentions ("36 Rafales bought in 2016")


@dataclass
class _Deal:
    key: tuple[str | None, str | None, str, bool, bool]  # supplier, recipient, family, follow-on, past
    frames: list[Frame] = field(default_factory=list)
    context: list[int] = field(default_factory=list)  # sentences without a system that speak of this deal
    shared_context: list[int] = field(default_factory=list)  # such sentences owned by a deal of the same package

    @property
    def family(self) -> str:
        return self.key[2]

    @property
    def sentences(self) -> list[int]:
        return sorted({f.sent for f in self.frames} | set(self.context))


@dataclass
class _Context:
    """What every step needs to know about the article being read."""

    text: str
    sents: list[Span]
    pub_year: int | None
    parties: list[Entity]
    title_ents: list[Entity]

    def __post_init__(self) -> None:
        self.sent_of = _sentence_index(self.sents)
        self.by_sent: dict[int, list[Entity]] = defaultdict(list)
        for p in self.parties:
            self.by_sent[self.sent_of(p.start)].append(p)


class Extractor:
    """Turns articles into deal mentions. Build once (it loads the knowledge files), reuse for every article."""

    version = VERSION

    def __init__(self) -> None:
        knowledge.systems()  # load now, not on the first article
        from .gazetteer import _automaton

        _automaton()
        self.last_frames: list[Frame] = []
        self.last_entities: list[Entity] = []

    @cached_property
    def nlp(self):  # noqa: ANN201 - spaCy Language
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    # -- sentences -----------------------------------------------------------------------------------------------
    def sentences(self, text: str) -> list[Span]:
        """Sentence spans from spaCy's sentencizer (one pass over the text); a line break also ends a sentence."""
        out: list[Span] = []
        for sent in self.nlp(text).sents:
            start = sent.start_char
            for chunk in DESIGNATION_STOP.split(text[sent.start_char:sent.end_char]):
                # "... elections in 1994.The Seeker II has ...": a full stop with the space lost in scraping
                for piece in _split_missing_space(chunk) if not chunk.startswith("\n") else [chunk]:
                    s, e = start, start + len(piece)
                    start = e
                    span = None if piece.startswith("\n") else trim(text, s, e)
                    if span:
                        out.append(span)
        return out

    def _lead_by_kind(self, ctx: _Context, deals: dict[tuple, _Deal], generic: list[Entity],
                      named: list[Entity]) -> dict[tuple, _Deal]:
        """A lead that sells a weapon named by kind, of a kind no named system of the report is ("The United
        States delivered a shipment of laser-guided rockets to the Lebanese Air Force", then six A-29 aircraft), is
        a deal of its own when its words name both parties."""
        lead_end = _first_paragraph_end(ctx.text, ctx.sents)
        kinds = {e.category or getattr(knowledge.systems().get(e.family or ""), "category", None) for e in named}
        # not "arms" or "equipment" (a kind too vague to tell from the systems named), nor the kind words of a named
        # system ("RBS 70 air defence systems")
        lead = [g for g in generic if g.start < lead_end and g.category not in (None, "other", *kinds)
                and not any(e.start <= g.start <= e.end + 1 for e in named)]
        if not lead:
            return deals
        frames_before = self.last_frames
        extra, _ = self._deals(ctx, lead)
        self.last_frames = frames_before + self.last_frames
        for key, d in extra.items():
            if key not in deals and all(f.sup is not None and f.rec is not None for f in d.frames):
                deals[key] = d
        return deals

    # -- main ----------------------------------------------------------------------------------------------------
    def extract(self, article: Article) -> list[Mention]:
        text = article.text
        self.last_frames = []
        ents = find_entities(text)
        self.last_entities = ents
        named = [e for e in ents if e.kind == "system"]
        named = _one_per_name(text, sorted(named + find_designations(text, ents), key=lambda e: e.start))
        generic = None
        if not named:
            generic = _generic_systems(text)
            if not generic:
                return []
        sents = self.sentences(text)
        if not sents:
            return []
        ctx = _Context(
            text=text, sents=sents,
            pub_year=int(article.published[:4]) if article.published and article.published[:4].isdigit() else None,
            parties=[e for e in ents if e.kind in ("country", "org")],
            title_ents=find_entities(article.title) if article.title else [],
        )
        if named and BUYER_ORDER.search(text):
            generic = _generic_systems(text)
            named = sorted(named + _anaphors(text, ctx, named, generic), key=lambda e: e.start)
        lead_generic = None
        if named:
            # the lead's weapons named by kind: what the cataphors and a lead of another kind are read from
            lead_end = max(_first_paragraph_end(text, sents), sents[min(ctx.sent_of(e.start) for e in named)][0])
            lead_generic = generic if generic is not None else _generic_systems(text, lead_end)
            named = sorted(named + _cataphors(text, ctx, named, lead_generic), key=lambda e: e.start)
        if named and SAME_SYSTEM.search(text):
            named = sorted(named + _same_system(text, ctx, named), key=lambda e: e.start)
        deals, fleet_sents = self._deals(ctx, named or generic or [])
        if article.title and deals:
            deals = _title_followon(article.title, ctx.title_ents, deals)
        title_amends = bool(article.title and AMENDMENT.search(article.title))
        if not deals and named:
            # weapons named only by kind ("naval vessels") count when no named system is traded
            deals, fleet_sents = self._deals(ctx, generic if generic is not None else _generic_systems(text))
        elif deals and named:
            deals = self._lead_by_kind(ctx, deals, lead_generic or [], named)
        if not deals:
            return []
        _attach_context(text, sents, deals, ctx.by_sent, fleet_sents)

        money = find_money(text)
        names = [(e.start, e.end) for e in named]
        # a number inside a system's name ("Seeker 400", "United 40 Block 5") counts nothing
        # and a bare number in brackets ("the tug El Moussanid (703)") is a pennant or hull number
        quantities = [q for q in find_quantities(text, money) if not any(a <= q.start < b for a, b in names)
                      and not (text[q.start - 1:q.start] == "(" and text[q.end:q.end + 1] == ")")]
        first_para_end = _first_paragraph_end(text, sents)
        title_families = {e.family for e in ctx.title_ents if e.kind == "system"}
        ordered = sorted(deals.values(), key=lambda d: (d.frames[0].sent, d.frames[0].system.start))
        named_states = {(p.iso3, sents[ctx.sent_of(p.start)]) for p in ctx.parties
                        if p.iso3 and (p.kind == "country" or _names_its_state(p))}  # (state, its sentence)
        owners = _systems_by_sent(ordered)
        # which sentences speak of a deal, asked once per article; a frame's transfer word already says so
        talk: dict[Span, bool] = {sents[f.sent]: True for d in ordered for f in d.frames if f.trigger}
        mentions = [self._mention(text, sents, d, money, quantities, ordered, ctx.pub_year, named_states, owners,
                                  talk) for d in ordered]
        base_families = {d.family for d in ordered if not d.key[3]}
        title_states = {e.iso3 for e in ctx.title_ents if e.kind in ("country", "org") and e.iso3}
        first_of_family: dict[str, _Deal] = {}
        for d in ordered:
            first_of_family.setdefault(d.family, d)
        for m, d in zip(mentions, ordered, strict=True):
            lead = any(sents[f.sent][0] < first_para_end for f in d.frames)
            aside = d.key[4] or (d.key[3] and d.family in base_families)  # an earlier deal, or a follow-on beside one
            # the title's system makes primary the deal of the title's states, or the first deal of that system:
            # "First S-400 squadron deploying in Punjab sector" is India's S-400, not those of China and Turkey
            titled = d.family in title_families and (bool(title_states & set(d.key[:2])) if title_states
                                                     else first_of_family[d.family] is d)
            m.salience = "primary" if (titled or lead) and not aside else "background"
        # a system bought in the same package shares the package's status ("the request also covers ...")
        for m in mentions:
            if m.status is None:
                same_pair = [o for o, od in zip(mentions, ordered, strict=True)
                             if o.status and (o.supplier, o.recipient) == (m.supplier, m.recipient)
                             and not (od.key[3] or od.key[4])]
                m.status = same_pair[0].status if same_pair else "rumoured"
        if not any(m.salience == "primary" for m in mentions):
            best = max(range(len(mentions)), key=lambda k: len(ordered[k].frames))
            mentions[best].salience = "primary"
        if title_amends:
            for m in mentions:
                m.amendment = m.amendment or (m.salience == "primary" and m.system in title_families)
        return mentions

    def _deals(self, ctx: _Context, systems: list[Entity]) -> tuple[dict[tuple, _Deal], set[int]]:
        """Frames for the system mentions, their parties resolved, grouped into deals."""
        text, sents = ctx.text, ctx.sents
        frames: list[Frame] = []
        fleet_sents: set[int] = set()
        military_article = len(MILITARY.findall(text)) >= 2
        # what each sentence is about, asked once per sentence however many systems it names
        off_topic: dict[int, bool] = {}
        transfer: dict[int, bool] = {}
        for e in systems:
            i = ctx.sent_of(e.start)
            s_start, s_end = sents[i]
            if i not in off_topic:
                off_topic[i] = bool(
                    # an airliner, a car maker, a TV channel: civil business, not an arms transfer
                    (CIVIL.search(text, s_start, s_end) and not MILITARY.search(text, s_start, s_end))
                    # "the USAF has dispatched 12 F-15 jets for Cope India": forces at an exercise, not a sale
                    or (EXERCISE.search(text, s_start, s_end) and not STRONG_TRANSFER.search(text, s_start, s_end)))
            if off_topic[i]:
                continue
            if e.form == "generic" and not military_article:
                continue  # "vehicles", "aircraft" count only in an article about the military
            if NOT_BOUGHT.search(text, max(s_start, e.start - 100), e.start) or CARRIED.search(text, s_start, e.start):
                continue  # a rival that lost ("chose the F-16V over the Saab Gripen"), a bill of law ("Bill C-47")
            if ((ON_PLATFORM.search(text, max(s_start, e.start - 60), e.start)
                 or (SHIP_FOR_BEFORE.search(text, max(s_start, e.start - 60), e.start)
                     and (SHIP_AFTER.match(text, e.end, s_end) or (e.form == "generic" and e.category == "ships"))))
                    and not PAST_PURCHASE.match(text[e.end:s_end])):
                continue  # the platform of the weapon traded, unless bought itself ("... on the CVR(T) vehicles the
                # country purchased from the U.K.")
            clause = _clause(text, sents[i], e.start)
            fleet = _is_fleet(text, s_start, e)
            bought = PAST_PURCHASE.match(text[e.end:clause[1]]) if fleet else None
            if bought and any(e.end <= o.start < e.end + bought.end() for o in systems if o is not e):
                bought = None  # "its MiG-29 fleet with F-35s bought from the US": another system was bought
            if fleet and not bought:
                fleet_sents.add(i)
                continue
            frame = Frame(sent=i, system=e, clause=clause)
            if i not in transfer:
                transfer[i] = bool(TRANSFER_WORD.search(text, s_start, s_end))
            frame.trigger = transfer[i] or _added_to_fleet(text, s_start, e)
            frame.followon = bool(FOLLOWON.search(text, max(s_start, e.start - 40), e.start))
            if ctx.pub_year:
                years = [int(a or b) for a, b in YEAR.findall(text, clause[0], clause[1])]
                frame.past = bool(years) and max(years) <= ctx.pub_year - 2
            frame.past = frame.past or fleet or bool(PREVIOUS_DEAL.search(text, s_start, s_end))
            frame.fleet = fleet
            sent_parties = [p for p in ctx.by_sent.get(i, []) if not _owns_other(text, p, e, systems)]
            in_clause = [p for p in sent_parties if clause[0] <= p.start < clause[1]]
            _assign_roles(text, sents[i], frame, in_clause if in_clause else sent_parties)
            if in_clause and frame.rec_iso is None and len(sent_parties) > len(in_clause):
                # "Lithuania announced its largest purchase: €386 million to buy 88 German 'Boxer' vehicles": the
                # buyer is named before the clause that names the system
                wider = Frame(sent=i, system=e, clause=clause)
                _assign_roles(text, sents[i], wider, sent_parties)
                if (wider.rec is not None and wider.rec.end <= clause[0] and wider.rec_iso != frame.sup_iso
                        and (frame.sup_iso is None or wider.sup_iso == frame.sup_iso)):
                    frame.rec, frame.rec_iso = wider.rec, wider.rec_iso
            frames.append(frame)
        self.last_frames = frames
        if not frames:
            return {}, fleet_sents
        _inherit_roles(frames)
        _main_recipient(frames)
        _salient_fallback(text, frames, ctx.parties, ctx.title_ents, sents, ctx.by_sent)
        _named_supplier_wins(frames)
        _share_clause_parties(text, frames)
        frames = _expand_party_lists(text, sents, frames, ctx.by_sent)

        deals: dict[tuple, _Deal] = {}
        for f in frames:
            if not f.sup_iso or not f.rec_iso:
                continue
            key = (f.sup_iso, f.rec_iso, f.system.family or "", f.followon, f.past)
            deals.setdefault(key, _Deal(key)).frames.append(f)
        # an earlier deal needs a current deal beside it; otherwise it is the current deal itself
        for sup, rec, fam in {(k[0], k[1], k[2]) for k in deals}:
            if any((sup, rec, fam, fo, False) in deals for fo in (False, True)):
                continue
            for fo in (False, True):
                old = (sup, rec, fam, fo, True)
                if old in deals:
                    d = deals.pop(old)
                    d.key = (sup, rec, fam, fo, False)
                    deals[d.key] = d
                    break
        deals = {k: d for k, d in deals.items()
                 if any(f.trigger for f in d.frames) or _pair_in_transfer(text, sents, k[0], k[1], ctx.by_sent)}
        return deals, fleet_sents

    # -- one deal ------------------------------------------------------------------------------------------------
    def _mention(self, text: str, sents: list[Span], deal: _Deal, money: list[Money],
                 quantities: list[Quantity], all_deals: list[_Deal], pub_year: int | None,
                 named_states: set[tuple[str, Span]], owners: SystemsBySent,
                 talk: dict[Span, bool] | None = None) -> Mention:
        sup, rec, family, followon, past = deal.key
        system = knowledge.systems().get(family)
        frames = deal.frames
        sent_ids = deal.sentences
        spans: dict[str, Span] = {}
        first = frames[0]
        spans["system"] = (first.system.start, first.system.end)
        sup_ent = next((f.sup for f in frames if f.sup is not None and f.sup_iso == sup), None)
        rec_ent = next((f.rec for f in frames if f.rec is not None and f.rec_iso == rec), None)
        if sup_ent:
            spans["supplier"] = (sup_ent.start, sup_ent.end)
        if rec_ent:
            spans["recipient"] = (rec_ent.start, rec_ent.end)
        variants = {f.system.variant for f in frames if f.system.variant}
        variant = first.system.variant if len(variants) == 1 else None
        if len(variants) > 1 and first.system.variant and first.sent == 0:
            # the lead names the version; others are the same package's ("22 Rafale M and four Rafale B trainers")
            variant = first.system.variant

        cues: list[StatusCue] = []
        shared = {f.sent for d in all_deals if d is not deal for f in d.frames}
        for i in sorted(set(sent_ids) | set(deal.shared_context)):
            if i in shared:  # a sentence about several deals: only the clauses that name this one
                for span in sorted({f.clause for f in frames if f.sent == i}):
                    cues.extend(find_cues(text, *span, year=pub_year))
            else:
                found = find_cues(text, *sents[i], year=pub_year)
                if talk is not None and sents[i] not in talk:
                    if found:
                        talk[sents[i]] = True  # a status cue: the sentence speaks of a deal
                    elif any(f.sent == i for f in frames):  # no transfer word either (the frame's trigger)
                        talk[sents[i]] = bool(DEAL_TALK.search(text, *sents[i]))
                cues.extend(found)
        has_noun = any(DEAL_NOUN.search(text, *sents[i]) for i in sent_ids)
        cue = combine(cues, has_deal_noun=has_noun)
        status = cue.stage if cue else None
        if all(f.fleet for f in frames):
            status, cue = "delivered", None  # a fleet in service was delivered, whatever else the sentence says
        if cue and cue.start >= 0:
            spans["status"] = (cue.start, cue.end)
        elif cue is None and "status" in spans:
            del spans["status"]
        hedges: list[str] = []
        for i in sent_ids:
            hedges.extend(find_hedges(text, *sents[i]))

        quantity = None
        for f in frames:
            q = _count_before(text, f.system, quantities, sents[f.sent][0], followon=f.followon)
            if q:
                quantity = q.value
                spans["quantity"] = (q.start, q.end)
                break
        if quantity is None:
            for i in sent_ids:
                category = system.category if system else first.system.category
                others = [x[0] for x in owners.get(i, ()) if x[1] != deal.family]
                q = _generic_count(text, sents[i], quantities, category, others)
                if q:
                    quantity = q.value
                    spans["quantity"] = (q.start, q.end)
                    break

        value = _value_for(text, sents, deal, money, owners)
        if value:
            spans["value"] = (value.start, value.end)
        amendment = any(AMENDMENT.search(text, *sents[i]) for i in {f.sent for f in frames})
        order_year = None
        frame_clauses = [f.clause for f in frames]
        for c in cues:
            if c.stage in ("signed", "delivered") and c.start >= 0 and any(a <= c.start < b for a, b in frame_clauses):
                i = next(k for k in sent_ids if sents[k][0] <= c.start < sents[k][1])
                years = [int(y) for y in ANY_YEAR.findall(text, max(sents[i][0], c.start - 40),
                                                           min(sents[i][1], c.end + 60))]
                if not years:  # "bought 36 Gripen E/F fighters from Sweden for SEK 39.3 billion in 2014"
                    clause = next(cl for cl in frame_clauses if cl[0] <= c.start < cl[1])
                    years = [int(a or b) for a, b in YEAR.findall(text, *clause)]
                years = [y for y in years if pub_year is None or y <= pub_year]
                if years and c.stage == "signed":
                    order_year = min(years)
                    break
        if order_year is None and past:
            years = [int(a or b) for f in frames for a, b in YEAR.findall(text, *f.clause)]
            years = [y for y in years if pub_year is None or y <= pub_year]
            order_year = min(years) if years else None  # "36 Rafales under a 2016 agreement"
        claims = _claims(text, sents, deal, money, quantities, owners, quantity=quantity,
                         quantity_span=spans.get("quantity"), value=value, talk=talk)
        for c in claims:  # a claim names a state where its sentence does (not a firm's home, not an origin)
            c.supplier = sup if (sup, c.sentence) in named_states else None
            c.recipient = rec if (rec, c.sentence) in named_states else None
        return Mention(
            supplier=sup, recipient=rec, system=family or None, variant=variant,
            category=system.category if system else first.system.category, quantity=quantity,
            value_amount=value.amount if value else None, value_currency=value.currency if value else None,
            status=status, spans=spans, sentence=sents[first.sent], cue=cue.text if cue and cue.text else None,
            hedges=sorted(set(hedges)), followon=followon, amendment=amendment, order_year=order_year,
            claims=claims,
        )


def _names_its_state(firm: Entity) -> bool:
    """"Russian Helicopters", "Israel Aerospace Industries", "Korea Aerospace": a firm whose name names its state."""
    forms = knowledge.country_forms()
    words = firm.text.split()
    return any(forms.get(" ".join(words[i:j]), ("",))[0] == firm.iso3
               for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1))


def _sentence_index(sents: list[Span]):  # noqa: ANN202
    import bisect

    starts = [s for s, _ in sents]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return index


def _clause(text: str, sent: Span, pos: int) -> Span:
    """The clause of a sentence that holds ``pos`` (cut at semicolons, colons, dashes, brackets)."""
    start, end = sent
    for m in CLAUSE_BREAK.finditer(text, sent[0], sent[1]):
        if m.group() == "(" and GLOSS_AFTER.match(text, m.start()) or m.group() == ")" and GLOSS_BEFORE.search(
                text, max(sent[0], m.start() - 30), m.end()):
            continue  # a short gloss in brackets ("Turkish Aerospace Industries' (TAI) T129") cuts no clause
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _first_paragraph_end(text: str, sents: list[Span]) -> int:
    m = PARAGRAPH.search(text)
    end = m.start() if m else len(text)
    # a one-line dateline or teaser is not a lead: take at least two sentences
    if len(sents) >= 2 and end <= sents[1][0] and end - sents[0][0] < 80:
        end = sents[1][1]
    return end


# "the Air Corps added two Islanders to its fleet": an acquisition, not a fleet in service
ADDED_TO_FLEET = re.compile(r"\badd(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
TO_FLEET = re.compile(r"^\w{0,2}\s+(?:[\w-]+\s+){0,2}?to\s+(?:its|their|the)\s+(?:[\w-]+\s+)?fleet\b", re.IGNORECASE)


def _added_to_fleet(text: str, sent_start: int, e: Entity) -> bool:
    return bool(ADDED_TO_FLEET.search(text, max(sent_start, e.start - 60), e.start)
                and TO_FLEET.match(text[e.end:e.end + 60]))


# a fleet given away is traded: "Slovakia handed over its MiG-29 fleet to Ukraine"
FLEET_GIVEN = re.compile(r"\b(?:handed over|hands over|hand over|handing over|transferred|transfers|transferring|"
                         r"donated|donates|donating|gave|gives|giving|sold|sells|selling|delivered|supplied|sent|"
                         rf"sends|sending)\s+(?:its|their|the|all(?: of)?(?: its| their)?|{COUNT})\s+"
                         r"(?:[\w-]+\s+){0,2}$",
                         re.IGNORECASE)


REPLACED_WITH = re.compile(r"\breplac\w*\b[^.;:]{0,60}?\b(?:with|by)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _is_fleet(text: str, sent_start: int, e: Entity) -> bool:
    if _added_to_fleet(text, sent_start, e):
        return False
    before = text[max(sent_start, e.start - 60):e.start]
    if SOLD_UPGRADED.search(before):
        return False  # "is now exporting modernised platforms, including Type-99 MBTs": what is sold is no fleet
    if ALONGSIDE_COUNT.search(before):
        return False  # "ordered 12 recovery vehicles alongside with 294 Oplot-M tanks": bought together, no fleet
    if FLEET_GIVEN.search(before):
        return False
    if REPLACED_WITH.search(before):
        return False  # "replace its MiG-29 fleet with F-35s": the F-35s are the new ones
    if BOUGHT_UPGRADED.search(before) and (SALE_WORDS.search(text, sent_start, e.start)
                                          or STRONG_TRANSFER.search(text, sent_start, e.start)):
        return False  # "a contract for two upgraded Krivak III-class frigates": the upgraded ships are bought
    if FLEET_BEFORE.search(before):
        return True
    after = FLEET_AFTER.match(text[e.end:e.end + 40])
    # "the Chinooks entered the inventory of the Turkish Military": a delivery, not a fleet in service
    # nor are jets "bringing its fleet to 26": an addition to it
    return bool(after) and not re.search(r"\b(?:enter(?:s|ed|ing)?|join(?:s|ed|ing)?|inducted|bring(?:s|ing)?|"
                                         r"brought|rais(?:es|ed|ing)|increas(?:es|ed|ing)|expand(?:s|ed|ing)?|"
                                         r"tak(?:es|ing))\b", after.group())


def _owns_other(text: str, party: Entity, system: Entity, systems: list[Entity]) -> bool:
    """"China's J-10C" or "Brazilian-made Super Tucano" when the frame is about another system: China and Brazil
    are that system's parties, not ours."""
    m = re.match(r"(?:'s|’s|'|’)\s+(?:[\w-]+\s+){0,2}", text[party.end:party.end + 40])
    if not m and party.form == "demonym":
        m = re.match(r"(?:-(?:made|built|designed|manufactured|produced|supplied|origin))?\s+([A-Z][\w-]*\s+)?",
                     text[party.end:party.end + 40])
        starts = {party.end + m.end(), party.end + m.start(1)} if m and m.group(1) else {party.end + m.end()} if m \
            else set()
        return any(o.start in starts and o is not system for o in systems)
    if not m:
        return False
    at = party.end + m.end()
    return any(o.start == at and o is not system for o in systems) or any(
        party.end < o.start <= at and o is not system for o in systems)


def _nearest(cands: list[Entity], pos: int) -> Entity | None:
    """The candidate closest to ``pos``, preferring one before it (the subject side)."""
    if not cands:
        return None
    return min(cands, key=lambda p: (p.start > pos) * 0.5 + abs(p.start - pos) / 1000)


# a state's name right before a system, as its maker: "the US NASAMS-II systems", "US model Predator"
ATTRIBUTIVE_STATE = re.compile(r"(?:\s+(?:model|type|version|variant|design))?\s+")


ITEM_FROM = re.compile(r"[^,;()]{0,60}?\bfrom\s+(?:the\s+)?")
NEXT_ITEM = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)(?:an?|the|{COUNT})\s+")


def _assign_roles(text: str, sent: Span, frame: Frame, parties: list[Entity]) -> None:
    """Supplier and recipient among a frame's parties: explicit cues first, then the system's origin."""
    system = knowledge.systems().get(frame.system.family or "")
    origin = system.origin if system else None
    pos = frame.system.start
    cued: list[tuple[Entity, str]] = []
    not_party: set[str | None] = set()  # states the sentence names as no party ("engines made by Germany's MTU")
    for p in parties:
        cue = role_cue(text, sent[0], p)
        if cue.role in ("none", "nonparty"):
            if cue.role == "nonparty":
                not_party.add(p.iso3)
            continue
        role = cue.role
        if origin and cue.weight < 3 and (role == "sup") != (p.iso3 == origin) and role in ("sup", "rec"):
            # a weak cue that contradicts the system's origin is dropped; a would-be supplier of a system from
            # elsewhere ("even though the Russians offered a lower price") is a rival, not the buyer
            role = "rival" if role == "sup" and cue.weight <= 2 else ""  # "Japanese-donated" (2.5) is no rival
        cued.append((p, role))
    if not cued:
        if origin:
            frame.sup_iso = None  # only the origin is known; the recipient must come from elsewhere
        return
    # in a list of items each with its own source ("a Predator patrol craft from China, three RPB 33 patrol boats
    # from France"), the "from" of the item itself names the supplier, not the nearest one before it
    own = [p for p, r in cued if r == "sup" and p.start > frame.system.end
           and ITEM_FROM.fullmatch(text, frame.system.end, p.start)]
    # and the "from" of an item before this one is that item's: "... boats from France and four AT-105 Saxon"
    others = [p for p, r in cued if r == "sup" and not (p.end <= pos and NEXT_ITEM.match(text, p.end, pos))]
    sup = own[0] if own else _nearest(others, pos)
    if sup is None:
        # "the Israeli Heron", and a state's name used the same way: "the US NASAMS-II", "US model Predator"
        adj = [p for p, r in cued if r not in ("rec", "rival") and p.end <= pos
               and ((p.form == "demonym" and pos - p.end <= 30 and re.fullmatch(r"[\s\w-]*", text[p.end:pos]))
                    or (p.kind == "country" and ATTRIBUTIVE_STATE.fullmatch(text, p.end, pos)))
               and not re.search(r"\b(?:Air|Navy|Army|Force|military|pilots?|government|officials?)\b",
                                 text[p.end:pos])]
        sup = _nearest(adj, pos)
    if sup is None:
        sup = _nearest([p for p, _ in cued if p.iso3 == origin], pos)
    if sup is None:
        sup = _nearest([p for p, _ in cued if p.kind == "org" and p.form == "company"], pos)
    rec = _nearest([p for p, r in cued if r == "rec" and (sup is None or p.iso3 != sup.iso3)], pos)
    if rec is None and sup is not None:
        rec = _nearest([p for p, r in cued if r == "rec" and p is not sup and p.kind == "country"
                        and p.form != "demonym"], pos)  # domestic: "for the Indian Army" from an Indian firm
    if rec is None:
        others = [p for p, r in cued if (sup is None or p.iso3 != sup.iso3) and p.kind == "country"
                  and r not in ("sup", "rival") and p.iso3 != origin and p.iso3 not in not_party]
        if sup is None:
            others = [p for p in others if p.iso3 != origin]
        rec = _nearest(others, pos)
    if rec is not None and origin and rec.iso3 == origin and (sup is None or sup.iso3 != origin):
        rec = None  # a system is not sold back to its own country of origin by someone else
    if sup is not None:
        frame.sup, frame.sup_iso = sup, sup.iso3
    if rec is not None:
        frame.rec, frame.rec_iso = rec, rec.iso3
    if frame.sup_iso is None and origin and frame.rec_iso and frame.rec_iso != origin:
        frame.sup_iso = origin
    if frame.sup_iso is None and frame.rec_iso is None and origin and any(p.iso3 == origin for p, _ in cued):
        frame.sup_iso = origin


# a list of the states that fly a type, not of those that receive it; "such as" and "including" may list either
# ("sold to customers such as India, Algeria and Malaysia")
OPERATORS = re.compile(r"\b(?:operat\w*|in service|used by|flown by|fl(?:y|ies)|users?|customers? include\w*)\b",
                       re.IGNORECASE)
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+)(?:the\s+)?")


def _expand_party_lists(text: str, sents: list[Span], frames: list[Frame],
                        parties_by_sent: dict[int, list[Entity]]) -> list[Frame]:
    """"ordered by Angola, Mali, Ghana and Senegal": every state of a list that holds the recipient receives;
    "Leopard 1A5 tanks from Germany and Denmark": every state of a list that holds the supplier supplies.

    Only states joined to the party by commas and "and" alone; each gets a frame of its own (so a deal).
    """
    out: list[Frame] = []
    for f in frames:
        out.append(f)
        if not f.sup_iso or not f.rec_iso or f.fleet:
            continue
        sent_text = text[f.clause[0]:f.clause[1]]
        if not STRONG_TRANSFER.search(sent_text) or OPERATORS.search(sent_text):
            continue
        states = sorted((p for p in parties_by_sent.get(f.sent, []) if p.kind == "country"), key=lambda p: p.start)
        for party, role in ((f.rec, "rec"), (f.sup, "sup")):
            if party is None or party.kind != "country" or party not in states:
                continue
            if role == "sup" and not f.system.family:
                continue  # "exports ran ahead of those from Germany, France and the United Kingdom": no system
            for p in _list_around(text, states, party):
                if p.iso3 not in (f.sup_iso, f.rec_iso) and role_cue(text, sents[f.sent][0], p).role not in (
                        "none", "nonparty"):  # "to Russia, US officials said": a source, not a second buyer
                    out.append(replace(f, rec=p, rec_iso=p.iso3) if role == "rec" else
                               replace(f, sup=p, sup_iso=p.iso3))
    return out


def _list_around(text: str, states: list[Entity], party: Entity) -> list[Entity]:
    """The other states of the list ("A, B and C") that holds ``party``."""
    k = states.index(party)
    chain = [party]
    j = k - 1
    while j >= 0 and LIST_GAP.fullmatch(text, states[j].end, chain[0].start):
        chain.insert(0, states[j])
        j -= 1
    j = k + 1
    while j < len(states) and LIST_GAP.fullmatch(text, chain[-1].end, states[j].start):
        chain.append(states[j])
        j += 1
    if not any(re.search(r"\b(?:and|as well as)\b", text[a.end:b.start])
               for a, b in zip(chain, chain[1:], strict=False)):
        return []  # "to the Philippines, the Canadian government ...": a comma alone makes no list
    return [p for p in chain if p is not party]


def _inherit_roles(frames: list[Frame]) -> None:
    """Fill a frame's missing party from the nearest complete frame of the same system in the article."""
    complete = [f for f in frames if f.sup_iso and f.rec_iso]
    for f in frames:
        if f.sup_iso and f.rec_iso:
            continue
        if not f.system.family:
            continue  # a weapon named by kind ("warships") shares no parties with another kind ("imported arms")
        same = [g for g in complete if g.system.family == f.system.family]
        if not same:
            continue
        nearest = min(same, key=lambda g: (abs(g.sent - f.sent), g.sent > f.sent))
        if f.sup_iso is None and f.rec_iso in (None, nearest.rec_iso):
            f.sup_iso = nearest.sup_iso
        if f.rec_iso is None and f.sup_iso == nearest.sup_iso:
            f.rec_iso = nearest.rec_iso


LIST_JOIN = re.compile(r",|\band\b|\bas well as\b|\bplus\b")
RIVALS = re.compile(r"\b(?:over|against|than|instead|beat\w*|versus|vs|rivals?|compet\w*|replac\w*|or)\b",
                    re.IGNORECASE)


def _share_clause_parties(text: str, frames: list[Frame]) -> None:
    """Systems listed in one clause share its parties: "It has expressed interest in T-90 tanks and Buyan class
    corvettes" gives the Buyan class the buyer and the supplier the T-90's frame found."""
    def listed(a: Entity, b: Entity, text: str) -> bool:
        between = text[min(a.end, b.end):max(a.start, b.start)]
        return len(between) <= 80 and bool(LIST_JOIN.search(between)) and not RIVALS.search(between)

    for f in frames:
        if f.sup_iso and f.rec_iso:
            continue
        pairs = {(g.sup_iso, g.rec_iso) for g in frames if g is not f and g.sent == f.sent and g.clause == f.clause
                 and g.sup_iso and g.rec_iso and f.sup_iso in (None, g.sup_iso) and f.rec_iso in (None, g.rec_iso)
                 and listed(f.system, g.system, text)}
        if len(pairs) == 1:
            f.sup_iso, f.rec_iso = pairs.pop()


def _named_supplier_wins(frames: list[Frame]) -> None:
    """A supplier the report names outweighs one only the system's origin implies: "Germany is looking to sell a
    surveillance drone to Canada", then "the sale of the Euro Hawk" (made in the US) to Canada is Germany's."""
    named_sup = {(g.system.family, g.rec_iso): g.sup_iso for g in frames
                 if g.sup is not None and g.sup_iso and g.rec_iso and g.system.family}
    for f in frames:
        key = (f.system.family, f.rec_iso)
        if f.sup is None and f.sup_iso and f.rec_iso and named_sup.get(key, f.sup_iso) != f.sup_iso:
            f.sup_iso = named_sup[key]


DOMESTIC_TURN = re.compile(r"\b(?:its own|their own|indigenous\w*|domestic\w*|home-grown|meanwhile developing)\b",
                           re.IGNORECASE)


def _title_followon(title: str, title_ents: list[Entity], deals: dict[tuple, _Deal]) -> dict[tuple, _Deal]:
    """A headline that speaks of "180 more K2 tanks" makes the article's deal of that system a follow-on order."""
    families = {e.family for e in title_ents if e.kind == "system"
                and FOLLOWON.search(title, max(0, e.start - 40), e.start)}
    if not families:
        return deals
    out: dict[tuple, _Deal] = {}
    for key, d in deals.items():
        if key[2] in families and not key[4]:
            new_key = (key[0], key[1], key[2], True, False)
            if new_key in out:
                out[new_key].frames.extend(d.frames)
                continue
            d.key = new_key
            key = new_key
        out[key] = d
    return out


def _pair_in_transfer(text: str, sents: list[Span], sup: str | None, rec: str | None,
                      parties_by_sent: dict[int, list[Entity]]) -> bool:
    """Some sentence of the article speaks of a transfer between these two states ("US gives drones to ...")."""
    for i, ps in parties_by_sent.items():
        isos = {p.iso3 for p in ps}
        if sup in isos and rec in isos and STRONG_TRANSFER.search(text, *sents[i]):
            return True
    return False


def _main_recipient(frames: list[Frame]) -> None:
    """A frame with a supplier but no recipient ("It has also looked at Boeing's F-15EX") is about the buyer the
    article is about: the recipient of its first complete deal frame."""
    main = next((f.rec_iso for f in frames if f.sup_iso and f.rec_iso and f.trigger and not f.past), None)
    if not main:
        return
    for f in frames:
        system = knowledge.systems().get(f.system.family or "")
        if (f.sup_iso and not f.rec_iso and f.trigger and f.sup_iso != main
                and (system is None or system.origin != main)):
            f.rec_iso = main


STRONG_TRANSFER = re.compile(
    r"\b(?:sells?|sold|selling|supplie[sd]|supply|supplying|exports?|exported|exporting|deliver(?:s|ed|ing)?|"
    r"deliveries|gives?|gave|gifted|"
    r"donated|handed over|hands over|buys?|bought|purchased?|purchases|acquired?|acquires|ordered|orders|procured?|"
    r"received|receives?|receiving|took delivery|takes? delivery|taking delivery|taken delivery|commissioned|inducted|"
    r"inducting|"
    r"inducts|contracts?|awarded|"
    r"signed)\b",
    re.IGNORECASE)
ARMED_FORCE = re.compile(r"\b(?:Army|Navy|Air Force|Marine Corps|Marines|Coast Guard|Pentagon|Department of Defen[cs]e|"
                         r"Defen[cs]e Forces?|"
                         r"Defen[cs]e Department|DoD|Ministry of Defen[cs]e|Defen[cs]e Ministry|MoD|armed forces|"
                         r"Armed Forces|Special Operations Command|SOCOM)\b")


def _salient_fallback(text: str, frames: list[Frame], parties: list[Entity], title_ents: list[Entity],
                      sents: list[Span], parties_by_sent: dict[int, list[Entity]]) -> None:
    """Last resort for a frame still missing a party: the state (or firm) the article is most about.

    Only where the frame's sentence names no third state. A supplier firm with its own country's armed forces in
    the sentence is a domestic order.
    """
    weight: dict[str, float] = defaultdict(float)
    firms: dict[str, float] = defaultdict(float)
    lead_end = sents[min(1, len(sents) - 1)][1] if sents else 0
    for p in parties:
        w = 2.0 if p.start < lead_end else 1.0
        if (p.kind == "country" or p.form == "agency") and p.iso3:
            weight[p.iso3] += w  # "the Bundeswehr", "the SANDF": an armed force or a ministry is its state
        elif p.kind == "org" and p.form == "company" and p.iso3:
            firms[p.iso3] += w
    for p in title_ents:
        if p.kind == "country" and p.iso3:
            weight[p.iso3] += 3.0
    systems = [f.system for f in frames]
    for f in frames:
        if f.sup_iso and f.rec_iso:
            continue
        s, e = sents[f.sent]
        if f.sup_iso and not f.rec_iso and ARMED_FORCE.search(text, s, e) and (
                (f.sup is not None and f.sup.kind == "org") or not weight.keys() - {f.sup_iso}):
            f.rec_iso = f.sup_iso  # "the US Army awarded Lockheed Martin ...": a domestic order
            continue
        named = [p for p in parties_by_sent.get(f.sent, []) if not _owns_other(text, p, f.system, systems)]
        if any(p.iso3 not in (f.sup_iso, f.rec_iso, None) for p in named):
            continue  # the sentence names other states: no guessing
        if not f.sup_iso:
            system = knowledge.systems().get(f.system.family or "")
            if system and system.origin and system.origin != f.rec_iso:
                f.sup_iso = system.origin
            elif f.rec_iso:
                ranked = sorted(((w, iso) for iso, w in firms.items() if iso != f.rec_iso), reverse=True)
                if ranked:
                    f.sup_iso = ranked[0][1]
        if f.sup_iso and not f.rec_iso:
            system = knowledge.systems().get(f.system.family or "")
            origin = system.origin if system else None
            ranked = sorted(((w, iso) for iso, w in weight.items() if iso not in (f.sup_iso, origin)), reverse=True)
            if ranked and ranked[0][0] >= 2:
                f.rec_iso = ranked[0][1]


GENERIC_WEAPON = re.compile(
    r"\b(?:(?:[a-z][\w-]*|[A-Z][a-z]+-(?:made|built))\s+){0,2}(?:fighter jets|combat aircraft|military aircraft|"
    r"helicopters|drones|UAVs|tanks|armou?red vehicles|military vehicles|howitzers|artillery systems|missiles|rockets|"
    r"munitions|frigates|corvettes|submarines|patrol (?:boats|vessels|ships)|naval vessels|warships|radars|"
    r"radar systems|"
    r"air defen[cs]e systems|weapons|arms|rifles|trainer aircraft|transport aircraft|aircraft|fighters|jets|"
    r"boats|ships|vessels|vehicles|guns|ammunition|"
    # the kind in a name's own capitals: "Fleet Support Ships", "Offshore Patrol Vessels", "Fast Patrol Craft"
    r"Ships|Vessels|Boats|Craft|Cutters?|Frigates|Corvettes|Submarines)\b"
)


# one weapon named by kind: "a secondhand surveillance drone"
GENERIC_ONE = re.compile(r"\b(?:a|an|one|the)\s+(?:[a-z][\w-]*\s+){0,2}(?:drone|UAV|helicopter|tank|frigate|corvette|"
                         r"submarine|warship|ship|vessel|fighter jet|jet|fighter|howitzer|radar)\b")
# a state's own order: "The United Arab Emirates' order for 80 aircraft", "Qatar's purchase of 36 jets"
BUYER_ORDER = re.compile(r"[A-Z][\w.]*(?:'s|’s|'|’)\s+(?:[\w-]+\s+){0,2}?(?:order|purchase|acquisition|contract|"
                         r"deal|buy)s?\b")


def _one_per_name(text: str, systems: list[Entity]) -> list[Entity]:
    """"King Air TC-90", "Mi-25 (Mi-24D)": two names of one family side by side are one mention."""
    out: list[Entity] = []
    for e in systems:
        prev = out[-1] if out else None
        if (prev is not None and prev.family and prev.family == e.family
                and re.fullmatch(r"[\s(\-–]*", text[prev.end:e.start])):
            end = e.end + 1 if "(" in text[prev.end:e.start] and text[e.end:e.end + 1] == ")" else e.end
            out[-1] = replace(prev, end=end, text=text[prev.start:end],  # the mention spans both names
                              variant=prev.variant or e.variant)  # "Mi-25 (Mi-24D)": the second says the variant
            continue
        if (prev is not None and prev.family and prev.family == e.family
                and NATO_NAME_BEFORE.search(text, max(prev.end, e.start - 40), e.start)):
            continue  # "S-400 Triumf ... (NATO reporting name: SA-21 Growler)": the same system's other name
        out.append(e)
    return out


NATO_NAME_BEFORE = re.compile(r"\bNATO (?:reporting )?(?:name|designation|code ?name)s?:?\s*[\"“‘']?$")


SAME_SYSTEM = re.compile(r"\bthe same (?:system|type|weapon|aircraft|jets?|fighters?|missiles?|tanks?|howitzers?|"
                         r"drones?|helicopters?|ships?|vessels?)\b")


def _same_system(text: str, ctx: _Context, named: list[Entity]) -> list[Entity]:
    """"both of which have taken delivery of the same system": the system named last before, within three
    sentences."""
    out: list[Entity] = []
    for m in SAME_SYSTEM.finditer(text):
        i = ctx.sent_of(m.start())
        before = [e for e in named if e.end <= m.start() and e.family and i - 3 <= ctx.sent_of(e.start) <= i]
        if before:
            e = before[-1]
            out.append(Entity(m.start(), m.end(), "system", m.group(), form="anaphor", family=e.family,
                              category=e.category))
    return out


def _anaphors(text: str, ctx: _Context, named: list[Entity], generic: list[Entity]) -> list[Entity]:
    """"The UAE's order for 80 aircraft ... for the type": a weapon named by kind, in a sentence that names no
    system and names another buyer, is the system of its kind named in the sentence before."""
    sents, sent_of = ctx.sents, ctx.sent_of
    named_sents = {sent_of(e.start) for e in named}
    out: list[Entity] = []
    for g in generic:
        i = sent_of(g.start)
        if i in named_sents or g.category is None or not BUYER_ORDER.search(text, *sents[i]):
            continue
        before = [e for e in named if sent_of(e.start) in (i - 1, i - 2) and e.family
                  and (e.category or getattr(knowledge.systems().get(e.family), "category", None)) == g.category
                  and not _is_fleet(text, sents[sent_of(e.start)][0], e)]
        if not before:
            continue
        e = before[-1]
        out.append(Entity(g.start, g.end, "system", g.text, form="anaphor", family=e.family,
                          category=g.category))
    return out


def _cataphors(text: str, ctx: _Context, named: list[Entity], generic: list[Entity]) -> list[Entity]:
    """"Germany is looking to sell a secondhand surveillance drone ... to Canada", then "the sale of the Euro Hawk":
    a weapon named by kind in a sentence that sells or buys it and names no system is the system of its kind that
    the next two sentences name first."""
    sents, sent_of = ctx.sents, ctx.sent_of
    named_sents = {sent_of(e.start) for e in named}
    first_sent = min(named_sents, default=0)
    out: list[Entity] = []
    ones = [Entity(m.start(), m.end(), "system", m.group(), form="generic", family=None,
                   category=noun_category(m.group().split()[-1]))
            for m in GENERIC_ONE.finditer(text, 0, sents[first_sent][0] if sents else 0)]
    for g in sorted([*generic, *ones], key=lambda g: g.start):
        i = sent_of(g.start)
        if i >= first_sent or g.category is None or not STRONG_TRANSFER.search(text, *sents[i]):
            continue  # only before the report first names a system: after it, the kind is what _anaphors reads
        after = [e for e in named if i < sent_of(e.start) <= i + 2 and e.family
                 and (e.category or getattr(knowledge.systems().get(e.family), "category", None)) == g.category
                 and not _is_fleet(text, sents[sent_of(e.start)][0], e)]
        if after and not _counts_differ(text, g, after[0]):
            e = after[0]
            out.append(Entity(g.start, g.end, "system", g.text, form="anaphor", family=e.family,
                              category=g.category))
    return out


COUNT_WORD_BEFORE = re.compile(rf"\b({COUNT})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def _counts_differ(text: str, a: Entity, b: Entity) -> bool:
    """"16 new helicopters ... Two Black Hawk helicopters": two counts, so two different things."""
    ca = COUNT_WORD_BEFORE.search(text, max(0, a.start - 30), a.start)
    cb = COUNT_WORD_BEFORE.search(text, max(0, b.start - 30), b.start)
    return bool(ca and cb and ca.group(1).lower() != cb.group(1).lower())


def _generic_systems(text: str, end: int | None = None) -> list[Entity]:
    """Weapons named only by kind ("naval vessels"): a deal is still a deal, though its system stays unknown. With
    ``end``, only those before it (the lead)."""
    out = []
    for m in _generic_matches(text, len(text) if end is None else end):
        start = _after_count(text, m.start(), m.end())
        head = m.group().split()[-1]
        out.append(Entity(start, m.end(), "system", text[start:m.end()], form="generic", family=None,
                          category=noun_category(head) or noun_category(m.group())))
    return out


GENERIC_HEAD = re.compile(GENERIC_WEAPON.pattern[GENERIC_WEAPON.pattern.index("(?:fighter jets"):])


def _generic_matches(text: str, end: int) -> list[re.Match[str]]:
    """GENERIC_WEAPON's matches, found from its head nouns: the same matches as scanning the whole text, in a
    fraction of the time (most positions of a text start no weapon's kind)."""
    out: list[re.Match[str]] = []
    last = 0
    for h in GENERIC_HEAD.finditer(text, 0, end):
        if h.start() < last:
            continue
        m = next(GENERIC_WEAPON.finditer(text, max(last, h.start() - 60), end), None)
        while m is not None and m.end() < h.end():
            out.append(m)
            last = m.end()
            m = next(GENERIC_WEAPON.finditer(text, last, end), None)
        if m is not None and m.start() <= h.start():
            out.append(m)
            last = m.end()
    return out


CARRIER_AFTER = re.compile(r"\s+(?:have |has |had )?(?:delivered|carried|brought|transported|ferried)\b")
COUNT_IN_KIND = re.compile(rf"\b(?:{COUNT}|dozen)\s+")


def _after_count(text: str, start: int, end: int) -> int:
    """Where a weapon named by kind begins after a count its match swallowed: "build two frigates" is "frigates",
    counted by "two"."""
    ends = [m.end() for m in COUNT_IN_KIND.finditer(text, start, end)]
    return ends[-1] if ends else start


def _attach_context(text: str, sents: list[Span], deals: dict[tuple, _Deal],
                    parties_by_sent: dict[int, list[Entity]], fleet_sents: set[int]) -> None:
    """Sentences that name no system ("Three have been delivered") belong to the deal last spoken of.

    The thread breaks at a sentence about a domestic programme; a sentence about other states only is skipped.
    Sentences before the first system mention belong to the first deal (a lead that names no system).
    """
    owner: dict[int, _Deal] = {}
    for d in sorted(deals.values(), key=lambda d: -min(f.system.start for f in d.frames)):
        for f in d.frames:
            if f.sent not in owner or min(g.system.start for g in d.frames if g.sent == f.sent) < min(
                    g.system.start for g in owner[f.sent].frames if g.sent == f.sent):
                owner[f.sent] = d  # the first deal named in a sentence owns it
    if not owner:
        return
    first_owned = min(owner)
    current: _Deal | None = owner[first_owned]
    for j in range(len(sents)):
        if j in owner:
            current = owner[j]
            continue
        if current is None or j in fleet_sents:
            continue
        if DOMESTIC_TURN.search(text, *sents[j]):
            current = None
            continue
        sup, rec = current.key[0], current.key[1]
        ps = parties_by_sent.get(j, [])
        ours = [p for p in ps if p.iso3 in (sup, rec)]
        cues = [(p, role_cue(text, sents[j][0], p)) for p in ps]
        others = {p.iso3 for p, c in cues if c.role == "rec" and c.weight >= 2 and p.iso3 != rec}
        if ps and not ours and not others:
            continue  # about someone else
        if others:
            # a count or a price for another buyer (not the supplier's own "Air Force instructors"): that buyer's
            # deal of the same supplier, if the report has one ("... awarded a $34.5 million contract for the five
            # helicopters for Uganda", after a sentence about Kenya's)
            mine = [d for d in deals.values() if d.key[1] in others and d.key[0] == sup and j not in d.context
                    and all(f.sent != j for f in d.frames)]
            if len(mine) == 1:
                mine[0].context.append(j)
            continue
        current.context.append(j)
        # the other deals of the same package (named in the owner's sentence) share what it says of the stage
        package_sent = max((f.sent for f in current.frames if f.sent < j),
                           default=min(f.sent for f in current.frames))
        for d in deals.values():
            if d is not current and d.key[:2] == current.key[:2] and any(f.sent == package_sent for f in d.frames):
                d.shared_context.append(j)


def _count_before(text: str, system: Entity, quantities: list[Quantity], sent_start: int,
                  followon: bool = False, tranche: bool = False) -> Quantity | None:
    """The count right before a system ("24 Rafale jets"); for a follow-on order, "12 more Rafales" too. With
    ``tranche``, only a count that is a part of the order ("the first two Rafales")."""
    for q in quantities:
        if sent_start <= q.end <= system.start and system.start - q.end <= 40:
            gap = text[q.end:system.start]
            if (_cumulative(text, q, sent_start) or FLEET_TOTAL_BEFORE.search(text, max(0, q.start - 40), q.start)
                    or COMPOSITION_BEFORE.search(text, max(sent_start, q.start - 50), q.start)):
                # "increased Draken's fleet size to over 150 fighter aircraft": the fleet, not a deal; "each
                # battalion consists of eight launchers": what a unit is made of
                return None
            if OWN_STOCK.fullmatch(gap) and not tranche:
                # "offered to sell India 20 of its older MiG-29 fighter jets": a part of the seller's own stock
                return None if DELIVERY_TRANCHE.search(text, max(0, q.start - 25), q.start) else q
            if (re.fullmatch(r"\s+(?:[\w-]+\s+){0,3}['‘\"“]?", gap) and not re.search(
                    r"\b(?:of|and|or|to|with|from|in|by|the|its|their)\b", gap)) or ADJECTIVES_AND.fullmatch(gap):
                if tranche:
                    return q if _tranche(text, q, followon) and _range_end(text, q) is False else None
                return None if _tranche(text, q, followon) else q
    return None


DELIVERED_AFTER = re.compile(r"\s+(?:(?:more|others?|units|of them)\s+)?(?:(?:were|was|have been|had been|has been|are|"
                             r"is|are due to be|were due to be|will be)\s+(?:recently\s+|already\s+|now\s+|since\s+)?|"
                             r"(?:recently|already)\s+)(?:delivered|handed over|supplied|shipped|inducted)\b")
COMPOSITION_BEFORE = re.compile(r"(?:\b(?:each|every|a|one)\s+(?:[\w-]+\s+)?(?:battalion|regiment|battery|brigade|"
                                r"squadron|division|unit|system|ship|company)\s+(?:typically\s+)?(?:consists? of|"
                                r"comprises?|includes?|has)|\btypically consists? of|\btranslates? (?:in)?to)\s+"
                                r"(?:(?:about|around|some|at least|up to)\s+)?$", re.IGNORECASE)
FLEET_TOTAL_BEFORE = re.compile(r"\b(?:fleet|inventory|strength)(?: size)? (?:to|of|at|totals?|totall?ing) "
                                r"(?:over |more than |about |some |around |nearly |almost )?$", re.IGNORECASE)
OWN_STOCK = re.compile(r"\s+of\s+(?:its|their)\s+(?:[\w-]+\s+){0,2}")
# a maker's running total, not a deal: "To date, more than 360 F-35s have been delivered", "over 16 000 missiles have
# been ordered by more than 27 countries", "has already delivered over 40 patrol boats to international customers"
CUMULATIVE = re.compile(r"\b(?:to date|so far|worldwide|around the world|in total|(?:international|foreign|export|"
                        r"overseas) customers|(?:\d+|[a-z]+) (?:countries|nations|customers|operators)|"
                        r"over the (?:last|past) (?:couple of |few |\w+ )?(?:years|months|decades?))\b",
                        re.IGNORECASE)
ABOUT_BEFORE = re.compile(r"\b(?:more than|over|at least|nearly|almost|some|a total of|upwards of)\s+$", re.IGNORECASE)


def _cumulative(text: str, q: Quantity, sent_start: int) -> bool:
    """Is ``q`` a running total of what a maker or a type has sold ("more than 360 F-35s ... to date")?"""
    end = text.find(".", q.end, q.end + 160)
    window = text[sent_start:end if end > 0 else q.end + 160]
    return bool(ABOUT_BEFORE.search(text, max(sent_start, q.start - 20), q.start) and CUMULATIVE.search(window))


def _range_end(text: str, q: Quantity) -> bool:
    """Is ``q`` one end of a range ("from 16 to 40")?"""
    return bool(re.match(r"(?:\s+[a-z-]+){0,2}?\s+to\s+(?:\d|[a-z]+\b)", text[q.end:q.end + 40]) and re.search(
        r"\bfrom\s+$", text[max(0, q.start - 25):q.start]))


# Words of a sentence that speaks of a deal, beyond the status cues and transfer words: "its receipt of four
# Iskander-E", "an option for 12 Rafale", "opted for the F-35A", "a quote for the 66 F-16V", "the turn-over of
# 6 ScanEagle", "Japan will invest in a new interceptor, the SM-3 Block IIA".
DEAL_TALK = re.compile(r"\b(?:acquisitions?|receipt|turn-?over|option|options|quote|opted|procur\w*|purchas\w*|"
                       r"supplier|customers?|invest(?:s|ed|ing)? in)\b", re.IGNORECASE)


def _speaks_of_deal(text: str, span: Span, seen: dict[Span, bool] | None = None) -> bool:
    """Does this sentence speak of a deal (a status cue, a transfer or acquisition word), rather than only name a
    system ("The Seeker 400 is currently undergoing flight testing")? ``seen`` keeps the answers for one article:
    the cue grammars are slow on long sentences, and every deal of the article asks about the same ones."""
    if seen is not None and span in seen:
        return seen[span]
    talks = any(rx.search(text, *span) for rx in (DEAL_TALK, TRANSFER_WORD, STATUS_CUE))  # cheapest first
    if seen is not None:
        seen[span] = talks
    return talks


# "12 second hand and upgraded Mi-24P", "20 new and used F-16s": two lowercase qualifiers joined by "and"
ADJECTIVES_AND = re.compile(r"\s+(?:[a-z][a-z-]*\s+){1,2}and\s+(?:[a-z][a-z-]*\s+){1,2}")
# the order a tranche belongs to, in brackets after the system: "six Mi-28NE (42 were ordered in 2013)",
# "two Mi-35Ms to Nigeria (out of 12 ordered in 2015)", "T-90SA tanks (out of an order for 200)"
ORDER_TOTAL_AFTER = re.compile(r"[^()]{0,60}?\(\s*(?:out of\s+(?:an? order (?:for|of)\s+)?(?P<n>[\w,-]+)|"
                               r"(?P<m>[\w,-]+)(?:\s+(?:were|was|have been|had been|are|is))?\s+(?:ordered|on order))",
                               re.IGNORECASE)


RANGE_JOIN = re.compile(r"\s+(?:and|to|or)\s+$|\s*[-–]\s*$")


def _range_low(text: str, q: Quantity, quantities: list[Quantity]) -> Quantity | None:
    """The low end of a range whose high end is ``q``: "between eight and 12", "four to six", "10-12"."""
    return next((p for p in quantities if p.end < q.start and p.value < q.value
                 and RANGE_JOIN.fullmatch(text, p.end, q.start)), None)


def _order_total_after(text: str, system: Entity, quantities: list[Quantity], sent_end: int) -> Quantity | None:
    m = ORDER_TOTAL_AFTER.match(text, system.end, sent_end)
    if not m:
        return None
    at = m.start("n") if m.group("n") else m.start("m")
    return next((q for q in quantities if q.start == at), None)


ORDER_BEFORE = re.compile(r"\b(?:wants?|wanted|orders?|ordered|buy|buys|bought|purchas\w*|acquir\w*|"
                          r"contract (?:for|covering)|covering|procur\w*)\s+(?:about\s+|some\s+|another\s+)?$",
                          re.IGNORECASE)
PART_AFTER = re.compile(r"\s+(?:remaining|outstanding|of those|of them|of the)\b")
ADDED_AFTER = re.compile(r"\s+(?:more|additional|further|extra)\b")


def _tranche(text: str, q: Quantity, followon: bool = False) -> bool:
    """A delivery tranche or the first number of "from 16 to 40" is not the order quantity; "12 more" is not the
    quantity of the first order, but it is that of a follow-on order."""
    before = text[max(0, q.start - 25):q.start]
    if PART_AFTER.match(text, q.end) and not ORDER_BEFORE.search(before):
        return True  # "two of the jets have been delivered"; not "Yerevan wants 84 of the towed guns"
    if not followon and ADDED_AFTER.match(text, q.end):
        return True
    if FROM_TO.search(before):
        return False
    if re.match(r"(?:\s+[a-z-]+){0,2}?\s+to\s+(?:\d|[a-z]+\b)", text[q.end:q.end + 40]) and re.search(
            r"\bfrom\s+$", before):
        return True  # "from 16 to 40", "estimates run from eight aircraft to sixty": one end of a range
    return bool(DELIVERY_TRANCHE.search(before))


def _generic_count(text: str, sent: Span, quantities: list[Quantity], category: str | None,
                   others: list[int] | tuple[int, ...] = ()) -> Quantity | None:
    """'eight aircraft', 'five squadrons' in the deal's sentence, when the noun fits the system's category; not
    the count of another deal's system ("Two Black Hawk helicopters ..., and Caracal helicopters later")."""
    for q in quantities:
        if not (sent[0] <= q.start < sent[1]):
            continue
        if _tranche(text, q):
            continue
        if UNIT_NOUN.match(text, q.end):
            return q
        m = CATEGORY_NOUN.match(text, q.end)
        part = PART_AFTER.match(text, q.end)
        if m is None and part:  # "Yerevan wants 84 of the 155mm/52-calibre towed guns" (_tranche let it through)
            m = CATEGORY_NOUN.match(text, part.end())
        if m and (re.search(r"\b[A-Z][\w-]*\d", m.group()) or any(q.end <= x < m.end() for x in others)):
            continue  # "eight Mi-171Sh armed transport helicopters": the count of a named system
        if m:
            noun = re.sub(r"(?:es|s)$", "", m.group().split()[-1].lower())
            noun = {"batter": "battery", "torpedo": "torpedo"}.get(noun, noun)
            if category and NOUN_CATEGORY.get(noun) == category:
                return q
    return None


SystemsBySent = dict[int, list[tuple[int, str, Span]]]  # sentence -> (start, family, clause) of each deal's system


def _systems_by_sent(all_deals: list[_Deal]) -> SystemsBySent:
    """Where each deal names its system, by sentence: what an amount's owner is chosen among."""
    by_sent: SystemsBySent = defaultdict(list)
    for d in all_deals:
        for f in d.frames:
            by_sent[f.sent].append((f.system.start, d.family, f.clause))
    return by_sent


def _value_for(text: str, sents: list[Span], deal: _Deal, money: list[Money], by_sent: SystemsBySent) -> Money | None:
    """The figure the article adopts for this deal: the best-tied amount in its sentences."""
    frame_sents = {f.sent for f in deal.frames}
    best: tuple[float, int, Money] | None = None
    for i in deal.sentences:
        s, e = sents[i]
        for m in money:
            if not (s <= m.start < e) or m.is_range or m.currency is None:
                continue
            if i in frame_sents and _value_owner(by_sent[i], m.start) != deal.family:
                continue  # the amount belongs to another system of the sentence
            if PER_UNIT.match(text, m.end) or CONVERSION_BEFORE.search(text, max(0, m.start - 25), m.start):
                continue
            if _not_a_price(text, (s, e), m):
                continue
            cued = bool(VALUE_CUE.search(text, max(s, m.start - 40), m.start))
            if i not in frame_sents and not (cued or SALE_WORDS.search(text, s, e)):
                continue
            score = (2.0 if cued else 0.0) + (i in frame_sents)
            if best is None or score > best[0]:
                best = (score, m.start, m)
    return best[2] if best else None


def _claims(text: str, sents: list[Span], deal: _Deal, money: list[Money], quantities: list[Quantity],
            by_sent: SystemsBySent, quantity: int | None = None, quantity_span: Span | None = None,
            value: Money | None = None, talk: dict[Span, bool] | None = None) -> list[Claim]:
    """Every place the report speaks of this deal: each naming of its system, as written, in a sentence that speaks
    of a deal, with the count before that name and the amounts its sentence gives this deal; then the amounts of
    the deal's other sentences that a value word ties to it ("The contract is worth $1.2 billion"). The deal
    record's own count and value (which may come from a sentence without a name: "eight aircraft") are among them
    when their sentence speaks of a deal. A sentence that only names the system ("Each CH-47 has two rotors") is
    no claim."""

    def amounts(i: int, need_cue: bool) -> list[tuple[float, str, Span]]:
        s, e = sents[i]
        out = []
        for m in money:
            if not (s <= m.start < e) or m.currency is None or not m.low:
                continue
            if by_sent.get(i) and _value_owner(by_sent[i], m.start) != deal.family:
                continue  # the amount belongs to another system of the sentence
            if _not_a_price(text, (s, e), m):
                continue
            if need_cue and not (VALUE_CUE.search(text, max(s, m.start - 40), m.start)
                                 or VALUE_NOUN_AFTER.match(text, m.end)):
                continue
            out.extend((x, m.currency, (m.start, m.end)) for x in dict.fromkeys((m.low, m.high)))
            out.extend(_twin(text, m, money))
        return list(dict.fromkeys(out))

    claims: list[Claim] = []
    given: set[int] = set()  # sentences whose amounts a claim already carries
    for f in sorted(deal.frames, key=lambda f: f.system.start):
        if not _speaks_of_deal(text, sents[f.sent], talk):
            continue  # the sentence only names the system: "The Seeker 400 is undergoing flight testing"
        named = f.system.form not in ("generic", "anaphor")  # "the same system", "80 aircraft": no name as written
        q = _count_before(text, f.system, quantities, sents[f.sent][0], followon=f.followon)
        total = _order_total_after(text, f.system, quantities, sents[f.sent][1])
        if total is not None:  # the order a tranche belongs to: a count of its own
            claims.append(Claim(sentence=sents[f.sent], quantity=total.value, quantity_span=(total.start, total.end)))
        kind = _kind_name(text, f.system, sents[f.sent][0]) if f.system.form == "generic" else None
        claims.append(Claim(
            sentence=sents[f.sent], name=text[f.system.start:f.system.end] if named else (kind[0] if kind else None),
            name_span=(f.system.start, f.system.end) if named else (kind[1] if kind else None),
            variant=f.system.variant,
            quantity=q.value if q else None, quantity_span=(q.start, q.end) if q else None,
            amounts=[] if f.sent in given else amounts(f.sent, need_cue=False)))
        part = _count_before(text, f.system, quantities, sents[f.sent][0], followon=f.followon, tranche=True)
        if part is None and q is not None:  # "the first two of 25 F/A-18A": the part before the order's count
            part = next((x for x in quantities if x.end < q.start and re.fullmatch(r"\s+(?:out\s+)?of\s+",
                                                                                 text[x.end:q.start])), None)
        if part is not None:  # "the first two Rafales": a delivery the report states, not the order's size
            claims.append(Claim(sentence=sents[f.sent], quantity=part.value, quantity_span=(part.start, part.end)))
        low = _range_low(text, q, quantities) if q else None
        if low is not None:  # "between eight and 12 Gripen": the low end is stated too
            claims.append(Claim(sentence=sents[f.sent], quantity=low.value, quantity_span=(low.start, low.end)))
        given.add(f.sent)
    for i in deal.context:
        found = amounts(i, need_cue=True) if i not in given else []
        if found:
            claims.append(Claim(sentence=sents[i], amounts=found))
            given.add(i)
    counted = {c.quantity_span for c in claims}
    for i in sorted({f.sent for f in deal.frames} | set(deal.context)):
        if not any(sents[i][0] <= q.start < sents[i][1] for q in quantities):
            continue  # no count in the sentence: nothing to look for
        for m in GENERIC_WEAPON.finditer(text, *sents[i]):
            if any(f.system.start <= m.start() < f.system.end for f in deal.frames):
                continue
            k0 = _after_count(text, m.start(), m.end())
            kind = Entity(k0, m.end(), "system", text[k0:m.end()], form="generic")
            if CARRIER_AFTER.match(text, m.end()):
                continue  # "Two sea vessels have delivered the first regimental set of S-400": the carriers
            q = _count_before(text, kind, quantities, sents[i][0])
            if (q and (q.start, q.end) not in counted and not any(q.end <= x[0] < m.start() for x in by_sent.get(i, ()))
                    and _speaks_of_deal(text, sents[i], talk)):
                # "handed over six surveillance drones", "will acquire 16 new helicopters"; not "two Black Hawk
                # helicopters", the count of another system
                kn = _kind_name(text, kind, sents[i][0])
                claims.append(Claim(sentence=sents[i], quantity=q.value, quantity_span=(q.start, q.end),
                                    name=kn[0] if kn else None, name_span=kn[1] if kn else None))
                counted.add((q.start, q.end))
        for q in quantities:
            # "15 were delivered last year", "with two recently delivered": a count the delivery itself states
            if (sents[i][0] <= q.start < sents[i][1] and (q.start, q.end) not in counted and isinstance(q.value, int)
                    and not 1900 <= q.value <= 2100 and DELIVERED_AFTER.match(text, q.end)):
                claims.append(Claim(sentence=sents[i], quantity=q.value, quantity_span=(q.start, q.end)))
                counted.add((q.start, q.end))
    if value and not any(a[2] == (value.start, value.end) for c in claims for a in c.amounts):
        sent = next((x for x in sents if x[0] <= value.start < x[1]), (value.start, value.end))
        if _speaks_of_deal(text, sent, talk):
            claims.append(Claim(sentence=sent, amounts=[(value.low, value.currency or "", (value.start, value.end)),
                                                        *_twin(text, value, money)]))
    if quantity is not None and quantity_span and not any(c.quantity_span == quantity_span for c in claims):
        sent = next((x for x in sents if x[0] <= quantity_span[0] < x[1]), quantity_span)
        if not _speaks_of_deal(text, sent, talk):
            return claims
        bare = next((c for c in claims if c.sentence == sent and c.quantity is None), None)
        if bare:
            bare.quantity, bare.quantity_span = quantity, quantity_span
        else:
            claims.append(Claim(sentence=sent, quantity=quantity, quantity_span=quantity_span))
    return claims


KIND_NAME_WORD = re.compile(r"[‘'\"“]?(?:[A-Z][\w.&-]*|[\w.,-]*\d[\w.,-]*[A-Za-z][\w.-]*)[’'\"”]?")
KIND_NOT_NAMES = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "the",
    "a", "an", "army", "navy", "air", "force", "forces", "marine", "marines", "coast", "guard", "ministry", "defence",
    "defense", "government", "military", "national", "royal"})
KIND_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z]{1,6}\)")


def _kind_name(text: str, e: Entity, sent_start: int) -> tuple[str, Span] | None:
    """A weapon named by kind, with the words that name it ("Metal Shark boats", "45,000-ton fleet support ships",
    "fast interceptor boats (FIBs)"): the kind as written, when a capitalised word, a measure or an acronym makes
    it a name. A kind alone ("helicopters", "new helicopters") has none."""
    start, end = e.start, e.end
    forms = knowledge.country_forms()
    while True:
        m = re.search(r"(\S+)\s+$", text[max(sent_start, start - 40):start])
        if not m:
            break
        word = m.group(1)
        w_start = start - len(m.group(0))
        bare = word.strip("‘'\"“’”")
        if (w_start <= sent_start or not KIND_NAME_WORD.fullmatch(word) or bare in forms
                or bare.lower() in KIND_NOT_NAMES):
            break
        start = w_start
    acronym = KIND_ACRONYM_AFTER.match(text, end)
    if acronym:
        end = acronym.end()
    if start == e.start and not acronym:
        return None
    if any(x.kind == "system" for x in find_entities(text[start:end])):
        return None  # "Mi-17 combat helicopters": the kind words of a system the catalog names
    return text[start:end], (start, end)


def _twin(text: str, m: Money, money: list[Money]) -> list[tuple[float, str, Span]]:
    """The amount stated again in another currency in brackets right after ``m``: "€555 million ($643M)"."""
    for n in money:
        if n.start > m.end and n.currency and n.currency != m.currency and n.low and not n.is_range:
            between = TWIN_BETWEEN.fullmatch(text, m.end, n.start)
            return [(n.low, n.currency, (n.start, n.end))] if between else []
    return []


def _value_owner(systems: list[tuple[int, str, Span]], pos: int) -> str:
    """The family an amount at ``pos`` belongs to: the system its clause names first after it ("a $2.6 billion
    contract for 152 more K9 howitzers"); an amount after all the systems of its clause, or in a clause with none,
    is a package value and goes on the first system named ("2 S-400 regiments and 12 Su-35s under a $2 billion
    contract")."""
    ordered = sorted(systems)
    in_clause = [x for x in ordered if x[2][0] <= pos < x[2][1]]
    after = [x for x in in_clause if x[0] > pos]
    if after:
        return after[0][1]
    return (in_clause or ordered)[0][1]
