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
from dataclasses import dataclass, field
from functools import cached_property

from .. import knowledge
from ..models import Article, Mention, Span
from .gazetteer import CATEGORY_NOUN, Entity, find_entities
from .money import Money, find_money
from .numbers import Quantity, find_quantities
from .roles import TRANSFER_WORD, role_cue
from .status import DEAL_NOUN, StatusCue, combine, find_cues, find_hedges

VERSION = "rules-0.1"

# a system mention that is an existing fleet, not something being traded
FLEET_BEFORE = re.compile(
    r"(?:\breplac\w*|\bsucceed\w*|\bsupplement\w*|\bretir\w*|\bphas\w* out|\bupgrad\w*|\bmoderni[sz]\w*|"
    r"\bfleet of|\binventory of|\bexisting|\bcurrent|\bcurrently (?:flies|fly|operates|operate|fields|uses)|"
    r"\bageing|\baging|\bSoviet-era|\balready (?:operates|flies|has|uses|fields|operated)|\bits own|\bown fleet|"
    r"\bon top of its|\bflies the|\bdisplay\w*|\bshowcas\w*|\bexhibit\w*|\bdemonstrat\w*|\btest[- ]fir\w*|"
    r"\btested|\bdevelop\w*|\bco-develop\w*|\bin service)\b[^.;:]{0,45}$",
    re.IGNORECASE,
)
FLEET_AFTER = re.compile(r"^(?:s|es)?\s*(?:[\w-]+\s+){0,2}?(?:fleet|already in service|in service|on display|"
                         r"demonstration|backbone|inventory)\b", re.IGNORECASE)
FOLLOWON = re.compile(r"\b(?:additional|more|further|another|second|follow-on|follow on|new batch|extra|"
                      r"repeat order)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
NOT_VALUE = re.compile(
    r"\b(?:invest\w*|offset|budget\w*|allocat\w*|revenue|turnover|profit|shares?|stock|market|GDP|economy|loan|"
    r"trade|exports? (?:of|worth|totall\w*|rose|stood)|aggregate|annual|per cent|percent|salar\w*|aid package|"
    r"order book|backlog)\b",
    re.IGNORECASE,
)
PER_UNIT = re.compile(r"^\s*(?:per|each|apiece|a piece|a unit|a copy|an aircraft|per unit|a jet|a tank)\b",
                      re.IGNORECASE)
CONVERSION_BEFORE = re.compile(r"(?:\(\s*(?:about|roughly|around|some|approximately|nearly|~)?\s*|\bor\s+(?:about|"
                               r"roughly|around|some|approximately|nearly)?\s*|\bequivalent to\s+|\bi\.e\.\s*)$",
                               re.IGNORECASE)
DELIVERY_TRANCHE = re.compile(r"\b(?:first|last|initial|final|remaining|outstanding|next|another|further|more|"
                              r"the|those|these|of|its|their|over|than|about)\s+$", re.IGNORECASE)
UNIT_NOUN = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:squadrons?|regiments?|batter(?:y|ies)|units?|sets?|"
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


@dataclass
class Frame:
    sent: int
    system: Entity
    sup: Entity | None = None
    rec: Entity | None = None
    sup_iso: str | None = None
    rec_iso: str | None = None
    trigger: bool = False
    followon: bool = False


@dataclass
class _Deal:
    key: tuple[str | None, str | None, str, bool]
    frames: list[Frame] = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.key[2]


class Extractor:
    """Turns articles into deal mentions. Build once (it loads the knowledge files), reuse for every article."""

    version = VERSION

    def __init__(self) -> None:
        knowledge.systems()  # load now, not on the first article
        from .gazetteer import _automaton

        _automaton()

    @cached_property
    def nlp(self):  # noqa: ANN201 - spaCy Language
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    # -- sentences -----------------------------------------------------------------------------------------------
    def sentences(self, text: str) -> list[Span]:
        """Sentence spans; a paragraph break (or any line break) always ends a sentence."""
        out: list[Span] = []
        pos = 0
        for block in re.split(r"(\n+)", text):
            if block and not block.startswith("\n") and block.strip():
                doc = self.nlp(block)
                for sent in doc.sents:
                    s = pos + sent.start_char
                    e = pos + sent.end_char
                    while s < e and text[s].isspace():
                        s += 1
                    while e > s and text[e - 1].isspace():
                        e -= 1
                    if e > s:
                        out.append((s, e))
            pos += len(block)
        return out

    # -- main ----------------------------------------------------------------------------------------------------
    def extract(self, article: Article) -> list[Mention]:
        text = article.text
        sents = self.sentences(text)
        if not sents:
            return []
        ents = find_entities(text)
        systems = [e for e in ents if e.kind == "system"]
        if not systems:
            return []
        parties = [e for e in ents if e.kind in ("country", "org")]
        title_ents = find_entities(article.title) if article.title else []
        title_families = {e.family for e in title_ents if e.kind == "system"}

        sent_of = _sentence_index(sents)
        by_sent_parties: dict[int, list[Entity]] = defaultdict(list)
        for p in parties:
            by_sent_parties[sent_of(p.start)].append(p)

        frames: list[Frame] = []
        for e in systems:
            i = sent_of(e.start)
            s_start, s_end = sents[i]
            if _is_fleet(text, s_start, e):
                continue
            frame = Frame(sent=i, system=e)
            frame.trigger = bool(TRANSFER_WORD.search(text, s_start, s_end))
            frame.followon = bool(FOLLOWON.search(text, max(s_start, e.start - 40), e.start))
            _assign_roles(text, sents[i], frame, by_sent_parties.get(i, []))
            frames.append(frame)
        if not frames:
            return []
        _inherit_roles(frames, title_ents)

        deals: dict[tuple[str | None, str | None, str, bool], _Deal] = {}
        for f in frames:
            if not f.sup_iso or not f.rec_iso:
                continue
            key = (f.sup_iso, f.rec_iso, f.system.family or "", f.followon)
            deals.setdefault(key, _Deal(key)).frames.append(f)
        # a follow-on needs a base deal in the same article; otherwise it is the deal itself
        for key in list(deals):
            if key[3] and (key[0], key[1], key[2], False) not in deals:
                base = deals.pop(key)
                new_key = (key[0], key[1], key[2], False)
                base.key = new_key
                deals[new_key] = base
        deals = {k: d for k, d in deals.items() if any(f.trigger for f in d.frames)}
        if not deals:
            return []

        money = find_money(text)
        quantities = find_quantities(text)
        first_para_end = _first_paragraph_end(text, sents)
        mentions = [self._mention(text, sents, d, money, quantities, deals) for d in deals.values()]
        # salience
        for m, d in zip(mentions, deals.values(), strict=True):
            lead = any(sents[f.sent][0] < first_para_end for f in d.frames)
            m.salience = "primary" if (d.family in title_families or lead) and not d.key[3] else "background"
        if mentions and not any(m.salience == "primary" for m in mentions):
            best = max(range(len(mentions)), key=lambda k: len(list(deals.values())[k].frames))
            mentions[best].salience = "primary"
        return mentions

    # -- one deal ------------------------------------------------------------------------------------------------
    def _mention(self, text: str, sents: list[Span], deal: _Deal, money: list[Money],
                 quantities: list[Quantity], all_deals: dict) -> Mention:
        sup, rec, family, followon = deal.key
        system = knowledge.systems().get(family)
        frames = deal.frames
        sent_ids = sorted({f.sent for f in frames})
        spans: dict[str, Span] = {}
        first = frames[0]
        spans["system"] = (first.system.start, first.system.end)
        sup_ent = next((f.sup for f in frames if f.sup is not None and f.sup_iso == sup), None)
        rec_ent = next((f.rec for f in frames if f.rec is not None and f.rec_iso == rec), None)
        if sup_ent:
            spans["supplier"] = (sup_ent.start, sup_ent.end)
        if rec_ent:
            spans["recipient"] = (rec_ent.start, rec_ent.end)
        variant = next((f.system.variant for f in frames if f.system.variant), None)

        # status: the cues of the deal's sentences
        cues: list[StatusCue] = []
        for i in sent_ids:
            cues.extend(find_cues(text, *sents[i]))
        has_noun = any(DEAL_NOUN.search(text, *sents[i]) for i in sent_ids)
        cue = combine(cues, has_deal_noun=has_noun)
        status = cue.stage if cue else "rumoured"
        if cue and cue.start >= 0:
            spans["status"] = (cue.start, cue.end)
        hedges: list[str] = []
        for i in sent_ids:
            hedges.extend(find_hedges(text, *sents[i]))

        # quantity: a count right before the system, else a count of a matching weapon noun in its sentence
        quantity = None
        for f in frames:
            q = _count_before(text, f.system, quantities, sents[f.sent][0])
            if q:
                quantity = q.value
                spans["quantity"] = (q.start, q.end)
                break
        if quantity is None:
            for f in frames:
                q = _generic_count(text, sents[f.sent], quantities, system.category if system else None)
                if q:
                    quantity = q.value
                    spans["quantity"] = (q.start, q.end)
                    break

        # value: money in the deal's sentences, tied to this system
        value = _value_for(text, sents, deal, money, all_deals)
        if value:
            spans["value"] = (value.start, value.end)
        s_first = sents[sent_ids[0]]
        return Mention(
            supplier=sup, recipient=rec, system=family, variant=variant,
            category=system.category if system else None, quantity=quantity,
            value_amount=value.amount if value else None, value_currency=value.currency if value else None,
            status=status, spans=spans, sentence=s_first, cue=cue.text if cue and cue.text else None,
            hedges=sorted(set(hedges)), followon=followon,
        )


def _sentence_index(sents: list[Span]):  # noqa: ANN202
    import bisect

    starts = [s for s, _ in sents]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return index


def _first_paragraph_end(text: str, sents: list[Span]) -> int:
    m = PARAGRAPH.search(text)
    end = m.start() if m else len(text)
    # a one-line dateline or teaser is not a lead: take at least two sentences
    if len(sents) >= 2 and end <= sents[1][0]:
        end = sents[1][1]
    return end


def _is_fleet(text: str, sent_start: int, e: Entity) -> bool:
    before = text[max(sent_start, e.start - 60):e.start]
    if FLEET_BEFORE.search(before):
        return True
    return bool(FLEET_AFTER.match(text[e.end:e.end + 40]))


def _assign_roles(text: str, sent: Span, frame: Frame, parties: list[Entity]) -> None:
    """Pick the supplier and the recipient among the sentence's parties."""
    system = knowledge.systems().get(frame.system.family or "")
    origin = system.origin if system else None
    scored: list[tuple[Entity, float, float, str]] = []
    for p in parties:
        cue = role_cue(text, sent[0], p)
        if cue.role == "none":
            continue
        sup_score = rec_score = 0.0
        if cue.role == "sup":
            sup_score += cue.weight
        elif cue.role == "rec":
            rec_score += cue.weight
        if p.iso3 == origin:
            sup_score += 2
        if p.kind == "org":
            sup_score += 1.5 if p.form == "company" else 0.5
        if p.form == "demonym" and 0 < frame.system.start - p.end <= 30 and re.fullmatch(
                r"[\s\w-]*", text[p.end:frame.system.start]) and p.end <= frame.system.start:
            sup_score += 2  # "Pakistani JF-17 jets"
        elif p.kind == "country" and p.form != "demonym":
            rec_score += 0.5
        scored.append((p, sup_score, rec_score, cue.role))
    if not scored:
        return
    sup_c = max(scored, key=lambda t: (t[1], -abs(t[0].start - frame.system.start)))
    rec_pool = [t for t in scored if t[0].iso3 != sup_c[0].iso3 or t[3] == "rec"]
    if sup_c[1] > 0:
        frame.sup, frame.sup_iso = sup_c[0], sup_c[0].iso3
    if rec_pool:
        rec_c = max(rec_pool, key=lambda t: (t[2] - t[1] * 0.5, -abs(t[0].start - frame.system.start)))
        if rec_c[0] is not frame.sup and (rec_c[2] > 0 or rec_c[1] < 2):
            frame.rec, frame.rec_iso = rec_c[0], rec_c[0].iso3
            if frame.sup_iso == frame.rec_iso and not (rec_c[3] == "rec" and rec_c[0] is not sup_c[0]):
                frame.rec, frame.rec_iso = None, None
    if frame.sup_iso is None and origin and frame.rec_iso and frame.rec_iso != origin:
        frame.sup_iso = origin


def _inherit_roles(frames: list[Frame], title_ents: list[Entity]) -> None:
    """Fill a frame's missing party from the article's other frames of the same system, then any frame."""
    complete = [f for f in frames if f.sup_iso and f.rec_iso]
    for f in frames:
        if f.sup_iso and f.rec_iso:
            continue
        same = [g for g in complete if g.system.family == f.system.family]
        pool = same or []
        if not pool:
            continue
        nearest = min(pool, key=lambda g: abs(g.sent - f.sent))
        if f.sup_iso is None and f.rec_iso in (None, nearest.rec_iso):
            f.sup_iso = nearest.sup_iso
        if f.rec_iso is None and f.sup_iso == nearest.sup_iso:
            f.rec_iso = nearest.rec_iso


def _count_before(text: str, system: Entity, quantities: list[Quantity], sent_start: int) -> Quantity | None:
    for q in quantities:
        if sent_start <= q.end <= system.start and system.start - q.end <= 40:
            gap = text[q.end:system.start]
            if re.fullmatch(r"\s+(?:[\w-]+\s+){0,3}", gap) and not re.search(r"\b(?:of|and|or|to|with|from|in)\b",
                                                                              gap):
                if DELIVERY_TRANCHE.search(text, max(0, q.start - 20), q.start):
                    return None
                return q
    return None


def _generic_count(text: str, sent: Span, quantities: list[Quantity], category: str | None) -> Quantity | None:
    """'eight aircraft', 'five squadrons' in the deal's sentence, when the noun fits the system's category."""
    for q in quantities:
        if not (sent[0] <= q.start < sent[1]):
            continue
        if DELIVERY_TRANCHE.search(text, max(0, q.start - 20), q.start):
            continue
        if UNIT_NOUN.match(text, q.end):
            return q
        m = CATEGORY_NOUN.match(text, q.end)
        if m:
            noun = re.sub(r"(?:es|s)$", "", m.group().split()[-1].lower())
            noun = {"batter": "battery", "torpedo": "torpedo"}.get(noun, noun)
            if category and NOUN_CATEGORY.get(noun) == category:
                return q
    return None


def _value_for(text: str, sents: list[Span], deal: _Deal, money: list[Money], all_deals: dict) -> Money | None:
    """The figure the article adopts for this deal."""
    sent_ids = sorted({f.sent for f in deal.frames})

    def usable(m: Money) -> bool:
        if m.is_range or m.currency is None:
            return False
        if PER_UNIT.match(text, m.end) or CONVERSION_BEFORE.search(text, max(0, m.start - 25), m.start):
            return False
        window = text[max(0, m.start - 60):m.end + 40]
        return not NOT_VALUE.search(window)

    def owner_in_sentence(i: int) -> str | None:
        # a package value goes on the first system of the sentence that is traded
        fams = [f.system.family for d in all_deals.values() for f in d.frames if f.sent == i]
        starts = {f.system.family: f.system.start for d in all_deals.values() for f in d.frames if f.sent == i}
        return min(fams, key=lambda fam: starts[fam]) if fams else None

    for i in sent_ids:
        s, e = sents[i]
        cands = [m for m in money if s <= m.start < e and usable(m)]
        if cands and owner_in_sentence(i) == deal.family:
            return cands[0]
    # money in a sentence next to the deal that names no other system: "Valued at $1.6 billion, this agreement..."
    deal_sents = set(sent_ids)
    other_sents = {f.sent for d in all_deals.values() if d is not deal for f in d.frames}
    for i in sent_ids:
        for j in (i + 1, i - 1, i + 2):
            if j < 0 or j >= len(sents) or j in deal_sents or j in other_sents:
                continue
            s, e = sents[j]
            if not SALE_WORDS.search(text, s, e):
                continue
            cands = [m for m in money if s <= m.start < e and usable(m)]
            if cands:
                return cands[0]
    return None
