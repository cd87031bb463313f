"""Who supplies and who receives: role cues around a party in its sentence.

Frames read: "X sells/supplies/delivers ... to Y", "Y buys/orders/acquires ... from X", "sale of X's jets to Y",
"Y signed with X's company", "X-made", "for the Y Air Force", "Y's purchase". A company stands for its state.
A party in a place phrase ("in Beijing", "Ambassador to China", "between X and Y") gets no role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Entity

# "ship", "ships" and "shipping" are nouns far more often than verbs in naval news ("three navy ships", "delaying
# shipping"): a verb only before what is shipped or where to
_SHIP_VERB = (r"(?:ship|ships|shipping)(?=\s+(?:arms|weapons|ammunition|munitions|missiles|them|it|more|the|a|an|"
              r"\d[\d,]*|two|three|four|five|six|eight|ten|twelve|\w+\s+to)\b)")
# "give up", "gives Germany interoperability", "which give a live video feed": giving no weapon
_GIVE_OTHER = (r"(?!\s+up\b)(?!\s+(?:[\w-]+\s+){0,3}(?:capabilit\w*|interoperability|feed|edge|advantage|boost|access|"
               r"chance|opportunit\w*|impetus|signal|indication|priority|credit|assurances?|details|information|"
               r"approval|permission|go-ahead|green light|thought|consideration|attention|evidence|testimony|"
               r"speech|interview|figures?|estimates?)\b)")
# "provides the combat proven capabilities", "deliver transformational results", "provided training": no weapon
_SERVICE_OTHER = (r"(?!\s+(?:[\w-]+\s+){0,3}(?:capabilit\w*|interoperability|results|value|performance|"
                  r"support|services?|training|maintenance|protection|cover|security|advice|expertise|comments?|"
                  r"details|information|feedback|updates?|solutions?|power|electricity|chains?)\b)")
# the other senses of transfer words: "in order to", "an order of battle", "the European Commission", "won the
# election", "the F-16 offers unmatched combat capability"
_ORDER = r"(?:order|orders)(?!\s+(?:of battle|to)\b)"
_OFFER = (r"(?:offer|offers)(?!\s+(?:[\w-]+\s+){0,2}(?:capabilit|advantage|flexibilit|performance|protection|range|"
          r"speed))")
_WON = r"won(?![’']t)(?!\s+(?:the |an? )?(?:war|election|battle|vote|award|prize|race|support)\b)"
SELL_VERB = (r"(?:sell|sells|sold|selling|(?:supply|supplies|supplied|supplying)" + _SERVICE_OTHER + r"|export|exports|"
             r"exported|exporting|(?:deliver|delivers|delivered|delivering)" + _SERVICE_OTHER + r"|shipped|"
             + _SHIP_VERB + r"|transfer|transfers|transferred|"
             + _OFFER + r"|offered|offering|pitch|pitches|pitched|pitching|dispatch|dispatched|"
             r"hand(?:s|ed)? over|(?:provide|provides|provided|providing)" + _SERVICE_OTHER + r"|lease|leases|leased|"
             r"gift|gifted|gifts|"
             r"donate|donates|donated|(?:give|gives|gave|given)" + _GIVE_OTHER + r"|"
             r"(?:has |have )?begun delivering|hands? over|handover|hand-over|" + _WON + r"|wins|win|bags|bagged|"
             r"secured|secures)")
BUY_VERB = (r"(?:buy|buys|bought|buying|purchase|purchases|purchased|purchasing|acquire|acquires|acquired|"
            r"acquiring|" + _ORDER + r"|ordered|ordering|procure|procures|procured|procuring|import|imports|imported|"
            r"receive|receives|received|receiving|induct|inducts|inducted|inducting|obtain|obtains|obtained|"
            r"took delivery|accepted delivery|accepted the (?:first|second|third|last|final|initial|next)|"
            r"take delivery|takes delivery|signed for|signs for|sign for|is eyeing|eyes|eyeing|lease|leases|leased|"
            r"(?!(?-i:Commission))(?:commission|commissions)|commissioned|award|awards|awarded|taps|tapped|selects|selected|"
            r"chose|chooses|picks|picked)")
TRANSFER_WORD = re.compile(
    rf"\b(?:{SELL_VERB}|{BUY_VERB}|sale|sales|deal|contract|agreement|{_ORDER}|export|delivery|deliveries|"
    r"(?:signall?ed|shown|showed|expressed) (?:an? |its |their )?interest in|looked at|looking at|"
    r"package|shipment|transfer|request|requests|requested|contracts|purchases|acquisitions|"
    r"procurement|tender|arms sales?|exports|deals|build|builds|to build|refit|refits|refitted|overhaul|"
    r"overhauls|negotiating with|negotiations with|in talks with|down payment|"
    r"exercis(?:e|es|ed|ing) (?:an |the |its |their )?options?)\b",
    re.IGNORECASE,
)
# what makes "to X" / "from X" a transfer: a transfer word or a weapon noun before it
TRANSFER_CONTEXT = re.compile(
    TRANSFER_WORD.pattern[:-3] + r"|\w+-made|\w+-built|missiles?|jets|aircraft|helicopters|tanks|systems|howitzers|"
    r"launchers|drones|ships|vessels|submarines|frigates|fighters|ammunition|rounds|munitions|weapons|rifles|"
    r"guns|arms|boats|craft|vehicles|equipment|hardware)\b",
    re.IGNORECASE,
)

_LEFT_RULES: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"\b(?:Ambassador|ambassador|envoy|Embassy|embassy|visit|trip|travel(?:l?ed)?|flights?|"
                r"border with|war with|conflict with|tensions with|clash(?:es)? with|dispute with|attaché)\s+"
                r"(?:to\s+|in\s+)?(?:the\s+)?$"), "none", 0),
    # "at the mercy of the Americans", "influence in countries like Syria and Lebanon": no party
    (re.compile(r"\b(?:at the mercy of|in countries (?:like|such as))\s+(?:the\s+)?(?:[A-Z][\w.]*\s*(?:,|and)?\s+)*$"),
     "none", 0),
    # "according to internal Global Affairs Canada emails": a source, not a party
    (re.compile(r"\baccording to\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE), "none", 0),
    (re.compile(r"\b(?:warnings?|pressure|criticism|objections?|threats?|opposition|protests?|sanctions|response|"
                r"reaction|statements?|officials?|delegations?|visitors?|experts?|reports?|news|media|calls?|teams?|"
                r"personnel|crews?|staff|pilots?|engineers?|technicians?|troops|soldiers)\s+"
                r"(?:from|by|of|in)\s+(?:the\s+)?$", re.IGNORECASE), "none", 0),
    # "would have put India next to the US and China": a comparison names no party
    (re.compile(r"\b(?:next|close|similar|equal|compared|relative|second|superior|inferior|akin|comparable)\s+to\s+"
                r"(?:the\s+)?(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:,\s*|\s+and\s+)(?:the\s+)?)*$"), "none", 0),
    # "the risks that the sale of S-400s poses to the US": what a sale threatens is no buyer
    (re.compile(r"\b(?:poses?|posed|posing|threats?|risks?|dangers?|challenges?)\s+(?:it\s+)?(?:poses?\s+)?to\s+"
                r"(?:the\s+)?$", re.IGNORECASE), "none", 0),
    # "a wider effort to break from Russia", "reduce its reliance on U.S. approval": a policy, not a transfer
    (re.compile(r"\b(?:break(?:s|ing)?|broke(?:n)?|away|independence|distanc(?:e|ing)|shift(?:s|ing)?|mov(?:e|es|ed|ing)|"
                r"wean(?:s|ed|ing)?)\s+(?:away\s+)?from\s+(?:the\s+)?$", re.IGNORECASE), "nonparty", 0),
    # "powered by engines made by Germany's MTU": the maker of a part supplies the part, not the system
    (re.compile(r"\b(?:engines?|components?|parts|radars?|sensors?|turbines?|electronics|avionics|gearbox(?:es)?)\s+"
                r"(?:[\w-]+\s+){0,2}?(?:made|built|supplied|produced|manufactured|designed)\s+by\s+(?:the\s+)?"
                r"(?:[A-Z][\w.]*(?:'s|’s)\s+)?$",
                re.IGNORECASE), "nonparty", 0),
    # a place, not a party; "looked at Boeing's F-15EX" is no place
    (re.compile(r"\b(?:between|in|(?<!looked )(?<!looking )(?<!look )at|near|against|across|over|inside|outside|"
                r"within|around|versus|vs\.?|beyond)\s+(?:the\s+)?$", re.IGNORECASE), "none", 0),
    # "two Mistral carriers, which France had bought back from Russia": an earlier purchase's source, no party
    (re.compile(r"\b(?:which|that)\s+(?:[A-Z][\w.]*\s+){1,2}(?:had\s+|has\s+|have\s+)?(?:bought|acquired|purchased|"
                r"obtained|received)(?:\s+back)?\s+from\s+(?:the\s+)?$"), "nonparty", 0),
    # "inquiries from Malaysia", "orders from the Saudi Kingdom", "a down payment from Qatar": who asks or pays buys
    (re.compile(r"\b(?:inquir(?:y|ies)|enquir(?:y|ies)|orders?|contracts?|requests?|demand|interest|payments?|"
                r"deposits?|advances?)\s+from\s+"
                r"(?:the\s+)?$",
                re.IGNORECASE), "rec", 3),
    (re.compile(r"\bfrom\s+(?:the\s+)?$"), "sup", 3),
    (re.compile(r"\b(?:sold|supplied|made|built|manufactured|produced|developed|exported|offered|delivered|"
                r"designed|provided|gifted|donated|given|transferred|handed over|shipped)\s+"
                r"(?:to\s+[\w\s]{1,40}?\s+)?by\s+(?:the\s+)?$"), "sup", 3),
    # "sent an official letter of request to the U.S. government": the one asked supplies
    (re.compile(r"\b(?:letters? of (?:request|offer and acceptance)|LoR|LOR|requests?)\s+to\s+(?:the\s+)?$"),
     "sup", 3),
    # "contracts were awarded to Norway": the one a contract is awarded to supplies
    (re.compile(r"\b(?:awarded|granted|let)\s+to\s+(?:the\s+)?$"), "sup", 3),
    (re.compile(r"\bto\s+(?:the\s+)?$"), "rec", 3),
    (re.compile(r"\bfor\s+(?:the\s+)?$"), "rec", 2),
    # "India has signed a $950 million contract with Russia for two frigates": the buyer signs with its supplier
    (re.compile(r"\b(?:signed|inked|concluded|finali[sz]ed)\s+(?:an?\s+|the\s+)?(?:[\w$€£.,-]+\s+){0,4}?"
                r"(?:deal|contract|agreement)s?\s+with\s+(?:the\s+)?$", re.IGNORECASE), "sup", 1),
    (re.compile(r"\bwith\s+(?:the\s+)?$"), "with", 0),
]
# the party as the subject of a verb: "Azerbaijan has agreed to buy", "Poland on Wednesday signed ... to acquire"
_FILLER = (r"(?:(?!(?:a|an|the|its|their|his|her|this|that|these|those|into|of|for|with|to|from|and|or|but|before|"
           r"after|while|when|without|by|in|on|at|as|because|since|until|despite|than|over|about|under|through|"
           r"during|via|who|which|whose|whom)\b)[\w-]+\s+)")
_SELF_SUBJECT = re.compile(r"^(?:'s|’s)?\s+" + _FILLER + r"{0,4}?(?:has\s+|have\s+|had\s+|will\s+|is\s+|was\s+|"
                           r"would\s+|also\s+|now\s+|finally\s+|reportedly\s+|(?:has|have|had) (?:already )?|"
                           # negated, the subject is still the side it would be: "Turkey won't strike a deal on
                           # purchasing American-made Patriots"
                           r"(?:won[’']t|will not|would not|does not|doesn[’']t|did not|didn[’']t|cannot|"
                           r"can[’']t)\s+)?")
# read before the words on the left
_RIGHT_FIRST: list[tuple[re.Pattern[str], str, float]] = [
    # a nationality that qualifies a source, not a party: "Turkish media", "a Bulgarian defence news site"
    (re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:media|outlets?|news|sites?|websites?|press|newspapers?|dailies|daily|"
                r"journalists?|analysts?|reports?|commentators?|sources|observers|pilots?|engineers?|experts?|"
                r"delegation|visitors?|counterpart)\b"), "none", 0),
    # another state named through this one: "sourced from India's traditional Cold War partner" is not India
    (re.compile(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:partners?|allies|ally|neighbou?rs?|friends?|rivals?|"
                r"enem(?:y|ies)|adversar(?:y|ies))\b"), "none", 0),
    # the nationality of a source that speaks, not a party: "US officials said", "a Russian diplomat told"
    (re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:officials?|spokes(?:man|woman|person)|diplomats?|lawmakers?|senators?|"
                r"ministry|intelligence)\s+(?:said|say|says|told|confirmed|announced|warned|claimed|believes?|"
                r"believed|accused|alleged)\b"), "none", 0),
    # a nationality that qualifies a stance, not a party: "due to Chinese pressure", "Russian objections"
    (re.compile(r"^\s+(?:pressure|opposition|objections?|criticism|protests?|threats?|concerns?|warnings?)\b"),
     "none", 0),
    (re.compile(r"^(?:-|–)(?:made|built|designed|supplied|origin|manufactured|produced|donated|gifted|funded)\b"),
     "sup", 2.5),
    # "The US State Department has approved the possible sale of 12 A-29", "Germany cleared the export of": the state
    # that approves a sale or an export sells, whoever made the system
    (re.compile(r"^(?:'s|’s)?\s+(?:(?:State Department|Department of State|government|administration|Congress|"
                r"Senate|DSCA|Defen[cs]e Security Cooperation Agency|Federal Security Council|cabinet)\s+)?"
                r"(?:has\s+|had\s+|have\s+|on \w+\s+)?(?:formally\s+|officially\s+)?(?:approved|cleared|authori[sz]ed|"
                r"okayed|green-?lit)\s+(?:the\s+|a\s+|an\s+)?(?:possible\s+|potential\s+|proposed\s+)?"
                r"(?:[\w$€£.,-]+\s+){0,3}?(?:foreign military\s+)?(?:sale|export|transfer)s?\b"), "sup", 3),
]
# read after the words on the left
_RIGHT_RULES: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:purchase|order|acquisition|procurement|import|request|buy|"
                r"requirement|bid|tender)s?\b"), "rec", 3),
    (re.compile(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:sale|export|offer|supplier)s?\b"), "sup", 3),
    # "warned Turkey over its own S-400 order", "sanctioned China for its purchase of Su-35s"
    (re.compile(r"^\s+(?:over|for|about|because of)\s+(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,3}?"
                r"(?:purchase|order|acquisition|procurement|buy|import)s?\b"), "rec", 2),
    # "the U.S. military aid programme to Lebanon", "Chinese military assistance", "US arms sales": the giver
    (re.compile(r"^\s+(?:military\s+|defen[cs]e\s+|arms\s+)?(?:aid|assistance|financing|grants?|donations?|"
                r"sales?|exports?)\b"), "sup", 2),
]
# "the Brazilian Army", "the Indian government": a weak sign of the recipient, read last
_ARMED_FORCE_AFTER = re.compile(r"^\s+(?:Air Force|Army|Navy|Armed Forces|armed forces|military|Marine Corps|"
                                r"Coast Guard|Defen[cs]e Forces|Ministry of Defen[cs]e|Defen[cs]e Ministry|"
                                r"defen[cs]e ministry|government)\b")
# "is on track to purchase", "is poised to sell": an intention of the subject
_INTENT = (r"(?:is |are )?(?:on track|poised|about|expected|due|preparing|looking|seeking|planning|aiming) to |"
           r"seeks to |aims to |")
# a commitment of the subject to what follows: "has agreed to sell", "pledged to give", "will deliver"
_COMMITTED = (r"agreed to |decided to |will |is to |has agreed to |is set to |pledged to |promised to |"
              r"committed to |vowed to ")
_SUBJ_SELL = re.compile(_SELF_SUBJECT.pattern + r"(?:" + _COMMITTED + r"|intends to |plans to |offered to |"
                        r"is ready to |is expected to |to |" + _INTENT[:-1] + r")?" + rf"{SELL_VERB}\b")
# a subject that sells, supplies, delivers or gives (not one that offers or bids) is the supplier even of a system
# made elsewhere: a licensed production ("Canada sold 16 Bell 412 helicopters"), a second-hand sale ("Ukraine sold
# the S-300PT"), a donation ("The Netherlands has pledged to give 18 F-16s")
_SELL_DONE = re.compile(r"(?:sold|sells|sell|selling|suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?|"
                        r"export(?:s|ed|ing)?|transferr?(?:s|ed|ing)?|hand(?:s|ed)? over|shipped|" + _SHIP_VERB + r"|"
                        r"gift(?:s|ed)?|donat(?:e|es|ed)|leas(?:e|es|ed)|(?:give|gives|gave|given)" + _GIVE_OTHER
                        + r")\b")
_SUBJ_SELL_DONE = re.compile(_SELF_SUBJECT.pattern + r"(?:" + _COMMITTED + r"|" + _INTENT[:-1] + r")?"
                             + _SELL_DONE.pattern)
_SUBJ_WINS_ORDER = re.compile(_SELF_SUBJECT.pattern + r"(?:received|receives|receive|won|wins|bagged|bags|secured|"
                              r"secures|landed|lands|(?:has |have )?been awarded|was awarded|were awarded|is awarded) "
                              r"(?:an? |the |its )?(?:\S+ ){0,4}?(?:contracts?|orders?)\b")
# what a government orders that is no purchase: "the Canadian government ordered a review of the deal"
_NOT_GOODS = (r"(?!\s+(?:an? |the |its |their )?(?:\w+ )?(?:review|investigation|inquiry|enquiry|probe|halt|stop|"
              r"suspension|freeze|study|audit|evacuation|withdrawal|sanctions|troops)\b)")
_SUBJ_BUY = re.compile(_SELF_SUBJECT.pattern + r"(?:(?:also )?(?:signall?ed|shown|showed|expressed) "
                       r"(?:an? |its |their )?interest in|(?:also )?looked at|(?:also )?looking at|agreed to |"
                       r"decided to |intends to |plans to |wants to |"
                       r"(?:signed|inked) (?:a |an |the )?(?:\w+ )?(?:deal|contract|agreement)s? to |"
                       r"hopes to |is set to |will |moved to |is to |to |is negotiating with [\w\s]{1,30} to |"
                       r"is negotiating to |has more than doubled its |" + _INTENT[:-1] + r")?"
                       rf"(?:{BUY_VERB}|placed (?:an? )?orders?|identified)\b" + _NOT_GOODS)

_JOINED_SUBJECT = re.compile(r"\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}(?=\s+(?:has|have|had|will|are|"
                             r"were|also|both|jointly|together)\b)")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:[\w-]+\s+)?(?:sold|supplied|delivered|exported|"
                      r"transferred|handed over|shipped|gifted|donated|leased|given)$")
# read last: the subject of a verb is a weaker cue than a preposition ("from X", "to Y"), but it outweighs an armed
# force named after the state ("The US Coast Guard plans to transfer two ships to Ukraine")
_SUBJECT_RULES: list[tuple[re.Pattern[str], str, float]] = [
    (_SUBJ_WINS_ORDER, "sup", 2),  # "Saab has received a contract from India": the firm that receives an order sells
    (_SUBJ_BUY, "rec", 2),
    (_SUBJ_SELL_DONE, "sup", 3),
    (_SUBJ_SELL, "sup", 2),
    (_ARMED_FORCE_AFTER, "rec", 1),
]


@dataclass
class RoleCue:
    role: str  # "sup" | "rec" | "with" | "none" | "nonparty" (a state the words set apart from the deal) | ""
    weight: float


def role_cue(text: str, sent_start: int, ent: Entity) -> RoleCue:
    """The role the words around a party give it within its sentence."""
    left = text[max(sent_start, ent.start - 60):ent.start]
    right = text[ent.end:ent.end + 90]
    for pattern, role, weight in _RIGHT_FIRST:
        if pattern.search(right):
            return RoleCue(role, weight)
    for pattern, role, weight in _LEFT_RULES:
        if pattern.search(left):
            if role in ("rec", "sup") and not TRANSFER_CONTEXT.search(text, max(sent_start, ent.start - 120),
                                                                      ent.start):
                return RoleCue("", 0)  # "to"/"from" with no transfer before it ("visit to", "close to")
            if role == "sup" and weight < 3 and (_ARMED_FORCE_AFTER.search(right)
                                                 or _firm_signs(text, sent_start, ent.start)):
                return RoleCue("rec", 1)  # "Saab signed a contract with the Brazilian Army": the firm sells
            return RoleCue(role, weight)
    for pattern, role, weight in _RIGHT_RULES:
        if pattern.search(right):
            return RoleCue(role, weight)
    # "The U.S. and Britain have pitched ...": the first of two joined subjects does what the second does
    joined = _JOINED_SUBJECT.match(right)
    if joined:
        right = right[joined.end():]
    for pattern, role, weight in _SUBJECT_RULES:
        m = pattern.match(right)
        if m:
            if role == "sup" and _PASSIVE.search(m.group()):
                # "Mali's Super Tucanos were delivered": the owner of what was delivered receives it
                return RoleCue("rec", 2) if re.match(r"(?:'s|’s)\s", right) else RoleCue("", 0)
            return RoleCue(role, weight)
    return RoleCue("", 0)


def _firm_signs(text: str, sent_start: int, pos: int) -> bool:
    """A defence firm before "signed ... with" is the seller's side of the contract."""
    from .gazetteer import find_entities

    return any(e.kind == "org" and e.form == "company" for e in find_entities(text[sent_start:pos]))
