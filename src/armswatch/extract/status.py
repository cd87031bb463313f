"""Status of a deal from the modality of what a report says, not from keywords.

A cue ("signed", "approved", "talks") gives a stage; the words before it in the same clause can lower or void
it: "on the verge of signing" is negotiating, "will be delivered" presumes a signed contract, "has not been
finalized" is negotiating, "a notification does not mean that a contract has been signed" is no signature.
The stage of a deal is the most advanced one the report asserts; "cancelled" (called off, denied) wins when a
report asserts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STAGES = ("rumoured", "negotiating", "approved", "signed", "delivered", "cancelled")
RANK = {s: i for i, s in enumerate(STAGES)}

_CUES: list[tuple[str, str]] = [
    ("cancelled", r"cancel(?:l)?(?:ed|s|ing|ation)|scrapped|called off|terminated|abandoned|shelved|"
                  r"pulled out of|withdrew from|denied|denies|deny|dismissed (?:the )?reports?"),
    ("delivered", r"delivered|delivering|supplied|deliveries (?:began|have begun|had begun|has begun|started|"
                  r"have started|had started|are under ?way|were under ?way)|(?:have|has|had) been arriving|"
                  r"first deliver(?:y|ies)|handed over|handing over|took delivery|taken delivery|take delivery|"
                  r"takes delivery|taking delivery|"
                  r"(?:has|have|had) received(?!\s+(?:an?\s+|the\s+|its\s+)?(?:\S+\s+){0,3}?(?:orders?|"
                  r"contracts?|requests?|bids?|offers?|approval|permission|consent)\b)|"
                  r"received (?:the |its |their )?(?:first|second|third|fourth|fifth|sixth|last|final|initial|"
                  r"latest|next)|"
                  r"(?:receive|receives|receiving)(?!\s+(?:an?\s+|the\s+|its\s+)?(?:\S+\s+){0,3}?(?:orders?|"
                  r"contracts?|requests?|bids?|offers?|approval|permission|consent|training|funding|aid|support)\b)|"
                  r"received (?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) |"
                  r"accept(?:ed|s)? (?:the )?(?:delivery of )?(?:the )?(?:first|second|third|last|final|initial|"
                  r"latest|next)\b|accepted delivery|"
                  r"arrived|inducted|inducting|commissioned into|dispatched|flagged off|shipped|began shipping|"
                  r"donated|donates|donate|donating|gifted|"
                  r"commissioned(?!\s+(?:[A-Z][\w&.-]*\s+){1,4}to\s)|"
                  r"begun shipping|in(?:to)? (?:its|the|their) inventory|entered service|"
                  r"added (?:[\w-]+ ){0,5}?to (?:its|their|the) (?:[\w-]+ )?fleet"),
    ("signed", r"signed|signs|sign|inked|inks|sealed|clinched|"
               r"concluded (?:a |an |the )?(?:\w+ )?(?:contract|deal|agreement)|"
               r"placed (?:an? |the )?(?:firm |formal )?orders?|ordered|(?:has|have|had) bought|bought|purchased|sold|"
               r"(?:is|are) (?:now |currently |also )?(?:buying|purchasing|acquiring|procuring)|"
               r"commissioned\s+(?:[A-Z][\w&.-]*\s+){1,4}to\s+(?:build|produce|supply|deliver|make)|"
               r"awarded|agreed to (?:buy|purchase|acquire|sell|supply)|finali[sz]ed|finali[sz]ing|"
               r"won (?:a|an|the) (?:\w+ )?(?:contract|order)|landmark (?:deal|agreement)|"
               r"received (?:an? |the )?(?:\S+ ){0,3}?(?:orders?|contracts?)|"
               r"(?:contract|deal|agreement) (?:was|has been|had been) (?:signed|concluded|awarded)|"
               r"(?:is|are) (?:already )?paying for|firm order|deliveries (?:beginning|starting|due|to begin|"
               r"are to begin|will begin|scheduled|begin|begins|start|starts)"),
    ("approved", r"approved|approves|approval|cleared|clears|clearance|authori[sz]ed|authori[sz]ation|"
                 r"pledged|pledges|pledge|DSCA|Defen[cs]e Security Cooperation Agency|"
                 r"green[- ]light(?:ed)?|notified Congress|notification"),
    ("negotiating", r"negotiat\w*|talks|on the verge of|close to|nearing|memorandum of understanding|MoU|"
                    r"letter of intent|LoI|letters? of request|LoR|discussions?|bid|tender|request for proposals?|"
                    r"shortlisted|selected|selects|has chosen|have chosen|chose|picked|opted for|preferred bidder|"
                    r"not (?:yet )?(?:been )?finali[sz]ed|yet to be (?:signed|finali[sz]ed)"),
    ("rumoured", r"eyeing|eyes|considering|consider|interest(?:ed)? in|shown interest|showed interest|looked at|"
                 r"looking at|"
                 r"signall?ed (?:its |their )?interest|expressed interest|interest in|"
                 r"(?:may|might|could) (?:buy|acquire|purchase|order|procure)|"
                 r"(?:plans?|planning|wants?|wanted|intends?|seeks?|seeking|looking) to (?:buy|acquire|purchase|"
                 r"procure|order|get|obtain)|rumou?r\w*|speculat\w*|unconfirmed"),
]
CUE = re.compile("|".join(f"(?P<{stage}>\\b(?:{pattern})\\b)" for stage, pattern in _CUES), re.IGNORECASE)

# Words before a cue (same clause) that make it unreal: future, intention, negation, condition.
MODAL = re.compile(
    r"\b(?:will|would|shall|to be|expected|set|plans?|planned|hopes?|intends?|could|may|might|yet|about|"
    r"poised|ready|likely|aims?|wants?|before|until|not|no|never|n't|without|verge of|close to|nearing|if|"
    r"once|awaiting|pending|seeking|sought|mean that|ahead of|prior to|due to|supposed to|unless)\b"
    r"(?:\s+[\w'’-]+){0,4}\s+$",
    re.IGNORECASE,
)
CONDITION = re.compile(r"\b(?:before|until|if|once|unless)\b[^,;:]{0,80}$", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|n't|without|yet to|mean that)\b(?:\s+[\w'’-]+){0,4}\s+$",
                      re.IGNORECASE)
# what a signature is about when it is not the arms deal itself
NOT_THE_DEAL = re.compile(r"\s*(?:\w+\s+){0,3}?(?:offset|investment|industrial|cooperation|memorand|MoU|"
                          r"letter of intent|agreements? on|accords? on|protocol)", re.IGNORECASE)
NON_BINDING = re.compile(r"\b(?:memorandum of understanding|MoU|letter of intent|non-binding)\b", re.IGNORECASE)
HEDGES = re.compile(
    r"\b(?:reportedly|according to [^,.;]{1,60}|sources? (?:said|say|says|in [A-Z]\w+)|if confirmed|"
    r"unconfirmed|allegedly|is said to|are said to|was said to|not (?:yet )?(?:been )?finali[sz]ed|"
    r"on the verge of \w+|(?:media|outlets?) (?:reported|reports|said)|[Rr]eports? (?:said|say|suggest\w*)|"
    r"neither confirm\w* nor den\w*|has not commented|had not commented|declined to comment)\b",
    re.IGNORECASE,
)
DEAL_NOUN = re.compile(r"\b(?:deal|contract|agreement|order|purchase|sale|package|acquisition|procurement)s?\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class StatusCue:
    stage: str
    start: int
    end: int
    text: str


def _clause_before(text: str, start: int, limit: int = 70) -> str:
    """The words before ``start`` back to the last clause break (within ``limit`` characters)."""
    window = text[max(0, start - limit):start]
    cut = max(window.rfind(c) for c in ".;:!?\n")
    return window[cut + 1:] if cut >= 0 else window


# what is called off when it is not the deal: a trip, a visit, a meeting
NOT_A_DEAL_CALLED_OFF = re.compile(r"\s+(?:(?:his|her|its|their|the|a|an|this|that|planned|scheduled|official|"
                                   r"state)\s+){0,3}(?:trip|visit|meeting|talks|ceremony|exercises?|drills?|"
                                   r"strike|protest|tour|journey|summit|parade|flight|launch|test)s?\b",
                                   re.IGNORECASE)
DENIED_CHARGE = re.compile(r"\b(?:accusations?|allegations?|charges?|claims? of|wrongdoing|involvement)\b[^.;,]{0,30}$",
                           re.IGNORECASE)


def find_cues(text: str, start: int = 0, end: int | None = None, *, year: int | None = None) -> list[StatusCue]:
    """The status cues in ``text[start:end]`` with their modality applied (a voided cue is dropped).

    ``year`` is the report's year: a delivery dated after it is a promise, which presumes a signed contract.
    """
    end = len(text) if end is None else end
    out: list[StatusCue] = []
    for m in CUE.finditer(text, start, end):
        stage = m.lastgroup or ""
        before = _clause_before(text, m.start())
        cue_text = m.group()
        if stage in ("signed", "approved") and NOT_THE_DEAL.match(text, m.end()):
            continue
        if stage == "cancelled" and DENIED_CHARGE.search(text, max(start, m.start() - 40), m.start()):
            continue  # "an accusation the Kremlin has denied": a charge is denied, not the deal
        if stage == "cancelled" and NOT_A_DEAL_CALLED_OFF.match(text, m.end()):
            continue  # "called off his trip to New Delhi": a visit is cancelled, not the deal
        if stage == "delivered" and year:
            later = re.search(r"\b(?:in|by|from)\s+((?:19|20)\d\d)\b", text[m.end():m.end() + 30])
            if later and int(later.group(1)) > year:
                out.append(StatusCue("signed", m.start(), m.end(), cue_text))
                continue
        if stage == "signed" and (
                re.match(r"\s+(?:a |an |the )?(?:non-binding|framework)?\s*(?:memorand|MoU|letter of intent)",
                         text[m.end():m.end() + 40], re.IGNORECASE)
                or (NON_BINDING.search(text, start, end) and not re.search(r"\bcontract\b", text[m.start() - 60:
                                                                                                    m.end() + 60]))):
            # what was signed is a memorandum, not a contract
            out.append(StatusCue("negotiating", m.start(), m.end(), cue_text))
            continue
        if stage == "negotiating" and re.match(r"not|yet", cue_text):
            out.append(StatusCue("negotiating", m.start(), m.end(), cue_text))
            continue
        if stage in ("negotiating", "rumoured"):
            if NEGATION.search(before) and stage == "negotiating" and not cue_text.startswith("on the verge"):
                continue
            out.append(StatusCue(stage, m.start(), m.end(), cue_text))
            continue
        if stage == "delivered" and CONDITION.search(before):
            continue  # "until the purchase is completed and the new helicopters are delivered"
        if MODAL.search(before):
            if NEGATION.search(before):
                if stage == "cancelled":
                    continue  # "not cancelled"
                # "has not been signed", "does not mean that a contract has been signed"
                out.append(StatusCue("negotiating" if stage == "signed" else "rumoured", m.start(), m.end(),
                                     cue_text))
                continue
            if stage == "delivered" and CONDITION.search(before):
                continue  # "until the new helicopters are delivered"
            if stage == "delivered":
                # a delivery in the future presumes a contract
                out.append(StatusCue("signed", m.start(), m.end(), cue_text))
            elif stage in ("signed", "approved"):
                out.append(StatusCue("negotiating", m.start(), m.end(), cue_text))
            continue
        out.append(StatusCue(stage, m.start(), m.end(), cue_text))
    return out


def combine(cues: list[StatusCue], *, has_deal_noun: bool) -> StatusCue | None:
    """The stage a report asserts: the most advanced cue; a cancellation wins; a bare deal noun means signed."""
    if not cues:
        return StatusCue("signed", -1, -1, "") if has_deal_noun else None
    cancelled = [c for c in cues if c.stage == "cancelled"]
    if cancelled:
        return cancelled[0]
    return max(cues, key=lambda c: (RANK[c.stage], -c.start))


def find_hedges(text: str, start: int, end: int) -> list[str]:
    return [m.group() for m in HEDGES.finditer(text, start, end)]
