"""Mentions → deals: one deal, many reports.

Blocking: a mention is only ever compared with the deals of its block (supplier, recipient, system family), so
merging stays linear in the number of mentions. Within a block, the date, the order year the report states, the
follow-on and amendment cues decide whether a mention joins a deal or opens a new one:

- a follow-on order ("additional S-400s", "a second executive contract") is a deal of its own, related to the
  first;
- a report that dates the order to another year than the known deal (two or more years apart) is another deal;
- a report of a new order years after the known deal was delivered is another deal;
- an amendment ("raised the order from 16 to 40 jets") stays in the deal, whose quantity and value change;
- otherwise the mention joins the block's most recent deal.
Each decision is stored with its reason.

The consolidated deal names, per field, the value chosen and the rule that chose it. Contradictions are typed
(value after FX beyond a tolerance, quantity, status regression, party, variant conflict as opposed to a
refinement) and list the reports on each side. The status history lists dated transitions with their reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import groupby
from typing import Any

from .store import Store

STATUS_RANK = {"rumoured": 0, "negotiating": 1, "approved": 2, "signed": 3, "delivered": 4, "cancelled": 5}
DEFAULT_TOLERANCE = 0.10
NEW_ORDER_GAP_YEARS = 3


def deal_slug(supplier: str | None, recipient: str | None, system: str | None, year: int | str | None) -> str:
    sys_part = re.sub(r"[^A-Z0-9]", "", (system or "UNKNOWN").upper()) or "UNKNOWN"
    return f"{supplier or 'UNK'}-{recipient or 'UNK'}-{sys_part}-{year or 'ND'}"


def _date(m: dict[str, Any]) -> str:
    return m.get("published") or (m.get("ingested_at") or "")[:10]


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def tolerance_of(store: Store) -> float:
    row = store.db.execute("SELECT value FROM meta WHERE key = 'value_tolerance'").fetchone()
    return float(row[0]) if row else DEFAULT_TOLERANCE


def set_tolerance(store: Store, tolerance: float) -> None:
    store.db.execute("INSERT OR REPLACE INTO meta VALUES ('value_tolerance', ?)", (str(tolerance),))


# -- deciding -----------------------------------------------------------------------------------------------------
def decide(m: dict[str, Any], block: list[dict[str, Any]]) -> tuple[str | None, str, str]:
    """(deal id to join or None for a new deal, decision, reason) for one mention against its block's deals."""
    date = _date(m)
    year = m.get("order_year") or _year(date)
    if m.get("followon"):
        follow = [d for d in block if d["followon"]]
        if follow:
            d = follow[-1]
            return d["id"], "follow-on", f"an additional order of the system; joins the follow-on order {d['id']}"
        return None, "follow-on", "the report speaks of an additional order of a system the pair already traded"
    base = [d for d in block if not d["followon"]]
    if not base:
        return None, "new deal", "first report of this supplier, recipient and system"
    if m.get("order_year"):
        def deal_year(d: dict[str, Any]) -> int | None:
            return d["fields"].get("order_year") or _year(d.get("first_reported"))

        same = [d for d in base if deal_year(d) and abs(deal_year(d) - year) <= 1]
        if same:
            return same[-1]["id"], "joined", f"the report dates the order to {year}, as the deal's reports do"
        dated = [d for d in base if deal_year(d)]
        if dated:
            others = ", ".join(f"{d['id']} ({deal_year(d)})" for d in dated)
            return None, "new deal", f"the report dates the order to {year}; the known deals date from {others}"
    # the deal ordered closest before the report (its order year, else its first report)
    m_year = _year(date) or 9999
    d = max(base, key=lambda d: (((d["fields"].get("order_year") or _year(d.get("first_reported")) or 0) <= m_year),
                                 d["fields"].get("order_year") or _year(d.get("first_reported")) or 0))
    last = _year(d.get("last_reported"))
    if (d.get("status") == "delivered" and last and _year(date) and _year(date) - last >= NEW_ORDER_GAP_YEARS
            and STATUS_RANK.get(m.get("status") or "", 0) < STATUS_RANK["delivered"]):
        return None, "new deal", (f"reported {_year(date) - last} years after {d['id']} was delivered, "
                                  f"at an earlier stage ({m.get('status')}): a new order")
    if m.get("amendment"):
        return d["id"], "amendment", "the report says the order was changed (enlarged or reduced)"
    return d["id"], "joined", "same supplier, recipient and system, reported within the deal's span"


def merge(store: Store, *, tolerance: float | None = None) -> dict[str, int]:
    """Assign every unmerged mention to a deal and refresh the deals it touched. Returns counts."""
    tol = tolerance_of(store) if tolerance is None else tolerance
    touched: set[str] = set()
    created = 0
    # dated reports first, in date order; undated ones then join what the dated ones built
    pending = sorted(store.mentions(unmerged=True), key=lambda m: (m["published"] is None, m["published"] or ""))
    blocks: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
    assigned: list[tuple[int, str, str, str]] = []
    with store.transaction():
        for m in pending:
            key = (m["supplier"], m["recipient"], m["system"])
            if key not in blocks:
                blocks[key] = store.deals_in_block(*key)
            block = blocks[key]
            deal_id, decision, reason = decide(m, block)
            if deal_id is None:
                year = m.get("order_year") or _year(m.get("published"))
                base = [d for d in block if not d["followon"]]
                deal = {"id": _new_id(store, deal_slug(*key, year)), "supplier": key[0], "recipient": key[1],
                        "system": key[2], "category": m["category"], "followon": int(bool(m["followon"])),
                        "related": [base[-1]["id"]] if m["followon"] and base else [],
                        "fields": {"order_year": m.get("order_year")} if m.get("order_year") else {},
                        "first_reported": _date(m) or None, "last_reported": _date(m) or None,
                        "status": m["status"]}
                store.upsert_deal(deal)
                block.append(deal)
                deal_id = deal["id"]
                created += 1
            else:
                d = next(d for d in block if d["id"] == deal_id)
                d["last_reported"] = max(filter(None, [d.get("last_reported"), _date(m)]), default=None)
                d["status"] = m["status"] or d.get("status")
                if m.get("order_year") and not d["fields"].get("order_year"):
                    d["fields"]["order_year"] = m["order_year"]
            assigned.append((m["id"], deal_id, decision, reason))
            touched.add(deal_id)
        store.set_mention_deals(assigned)
        for deal_id in touched:
            refresh_deal(store, deal_id, tol)
        _party_contradictions(store, touched, tol)
        dropped = store.drop_empty_deals()
    return {"mentions": len(pending), "deals_touched": len(touched), "deals_created": created,
            "deals_dropped": dropped}


def _new_id(store: Store, slug: str) -> str:
    if not store.deal_exists(slug):
        return slug
    n = 2
    while store.deal_exists(f"{slug}-{n}"):
        n += 1
    return f"{slug}-{n}"


def rebuild(store: Store, *, tolerance: float | None = None) -> dict[str, int]:
    """Forget every merge decision and merge all mentions again."""
    with store.transaction():
        store.clear_merge()
    return merge(store, tolerance=tolerance)


# -- consolidating ------------------------------------------------------------------------------------------------
def _norm_variant(v: str | None) -> str:
    v = (v or "").lower()
    v = re.sub(r"\b(block|mk|mark|batch|tranche)[\s-]*(iii|ii|iv|vi|v|i)\b",
               lambda m: m.group(1) + {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}[m.group(2)],
               v)
    return re.sub(r"[^a-z0-9]", "", v)


def is_refinement(a: str | None, b: str | None) -> bool:
    """One variant names the other more precisely ("JF-17C Block-III" refines "Block III"; None refines nothing)."""
    if not a or not b:
        return True
    na, nb = _norm_variant(a), _norm_variant(b)
    return na in nb or nb in na


def independent(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One mention per independent source: a syndicated copy counts only when its original is not there."""
    keys = {m["article_key"] for m in mentions}
    seen: set[str] = set()
    out = []
    for m in mentions:
        root = m["copy_of"] if m.get("copy_of") in keys else m["article_key"]
        if root not in seen:
            seen.add(root)
            out.append(m)
    return out


def consolidate(mentions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per field: the value chosen, the rule that chose it and the reports that state it."""
    out: dict[str, dict[str, Any]] = {}
    latest_first = list(reversed(mentions))

    def field(name: str, value: Any, rule: str, key: str | None = None) -> None:
        key = key or name
        out[name] = {"value": value, "rule": rule,
                     "mentions": [m["id"] for m in mentions if value is not None and m[key] == value]}

    # quantity and value: the most recent report that states them (after an amendment, the amended figures)
    q = next((m for m in latest_first if m["quantity"] is not None), None)
    field("quantity", q["quantity"] if q else None, "most recent report that states it")
    v = next((m for m in latest_first if m["value_amount"] is not None), None)
    out["value"] = {"value": {"amount": v["value_amount"], "currency": v["value_currency"], "usd": v["value_usd"]}
                    if v else None, "rule": "most recent report that states it",
                    "mentions": [m["id"] for m in mentions if v and m["value_amount"] == v["value_amount"]
                                 and m["value_currency"] == v["value_currency"]]}
    variants = [m["variant"] for m in mentions if m["variant"]]
    field("variant", max(variants, key=lambda x: (len(_norm_variant(x)), x)) if variants else None,
          "most specific variant stated")
    cats: dict[str, int] = defaultdict(int)
    for m in mentions:
        if m["category"]:
            cats[m["category"]] += 1
    field("category", max(cats, key=lambda c: cats[c]) if cats else None, "stated by most reports")
    statuses = [m for m in mentions if m["status"]]
    if statuses and statuses[-1]["status"] == "cancelled":
        field("status", "cancelled", "the latest report says it was cancelled or denied")
    elif statuses:
        best = max(statuses, key=lambda m: STATUS_RANK.get(m["status"], -1))
        field("status", best["status"], "most advanced stage any report asserts")
    else:
        field("status", None, "no report states one")
    years = [m["order_year"] for m in mentions if m.get("order_year")]
    if years:
        out["order_year"] = {"value": min(years), "rule": "earliest order year a report states",
                             "mentions": [m["id"] for m in mentions if m.get("order_year") == min(years)]}
    return out


def _phases(mentions: list[dict[str, Any]]) -> list[int]:
    """The amendment phase of each mention: figures are only compared within one phase."""
    phase, out = 0, []
    for m in mentions:
        if m.get("amendment"):
            phase += 1
        out.append(phase)
    return out


def find_contradictions(mentions: list[dict[str, Any]], tolerance: float = DEFAULT_TOLERANCE) -> list[dict[str, Any]]:
    """Typed contradictions among one deal's reports (``mentions`` ordered by publication date)."""
    out: list[dict[str, Any]] = []
    phases = _phases(mentions)
    for phase in sorted(set(phases)):
        ms = [m for m, p in zip(mentions, phases, strict=True) if p == phase]
        # value, compared in USD at each report's date
        valued = [m for m in ms if m.get("value_usd")]
        if len(valued) >= 2:
            lo = min(valued, key=lambda m: m["value_usd"])
            hi = max(valued, key=lambda m: m["value_usd"])
            if (hi["value_usd"] - lo["value_usd"]) / hi["value_usd"] > tolerance:
                mid = (hi["value_usd"] + lo["value_usd"]) / 2
                a = [m["id"] for m in valued if m["value_usd"] < mid]
                b = [m["id"] for m in valued if m["value_usd"] >= mid]
                out.append({"kind": "value", "side_a": a, "side_b": b,
                            "detail": f"USD {lo['value_usd'] / 1e6:,.0f} m vs USD {hi['value_usd'] / 1e6:,.0f} m "
                                      f"(beyond the {tolerance:.0%} tolerance, after conversion at each report's "
                                      f"date)"})
        counts = sorted({m["quantity"] for m in ms if m["quantity"] is not None})
        if len(counts) >= 2:
            out.append({"kind": "quantity", "detail": " vs ".join(map(str, counts)),
                        "side_a": [m["id"] for m in ms if m["quantity"] == counts[0]],
                        "side_b": [m["id"] for m in ms if m["quantity"] is not None and m["quantity"] != counts[0]]})
    # status regression: a later report asserts a less advanced stage than an earlier one (never a cancellation)
    best: dict[str, Any] | None = None
    for m in mentions:
        rank = STATUS_RANK.get(m["status"] or "", -1)
        if best is not None and m["status"] != "cancelled" and _date(m) > _date(best) and rank < STATUS_RANK[
                best["status"]] and STATUS_RANK[best["status"]] >= STATUS_RANK["approved"]:
            out.append({"kind": "status regression", "side_a": [best["id"]], "side_b": [m["id"]],
                        "detail": f"{best['status']} on {_date(best)}, then {m['status']} on {_date(m)}"})
        if m["status"] and m["status"] != "cancelled" and (best is None or rank >= STATUS_RANK[best["status"]]):
            best = m
    # variant: two variants neither of which refines the other
    vs = [m for m in mentions if m["variant"]]
    for i, a in enumerate(vs):
        clash = [b for b in vs[i + 1:] if not is_refinement(a["variant"], b["variant"])]
        if clash:
            out.append({"kind": "variant", "detail": f"{a['variant']} vs {clash[0]['variant']}",
                        "side_a": [a["id"]], "side_b": [b["id"] for b in clash]})
            break
    return out


def status_history(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated transitions: a step each time the asserted stage changes, citing the reports of that date.

    Undated reports come first, each on its own, in the order they were ingested (the only order known)."""
    steps: list[dict[str, Any]] = []
    dated = [m for m in mentions if m["status"]]
    for date, group in groupby(dated, key=lambda m: m["published"] or f"undated-{m['id']}"):
        date = None if date.startswith("undated") else date
        ms = list(group)
        top = max(ms, key=lambda m: STATUS_RANK.get(m["status"], -1))["status"]
        if steps and steps[-1]["status"] == top:
            steps[-1]["mentions"] += [m["id"] for m in ms if m["status"] == top]
            continue
        steps.append({"status": top, "date": date, "mentions": [m["id"] for m in ms if m["status"] == top]})
    return steps


def refresh_deal(store: Store, deal_id: str, tolerance: float = DEFAULT_TOLERANCE) -> None:
    """Recompute a deal's consolidated fields, contradictions and status history from its mentions."""
    deal = store.deal(deal_id)
    if deal is None:
        return
    mentions = store.mentions(deal_id=deal_id)
    if not mentions:
        return
    fields = consolidate(mentions)
    dates = [m["published"] for m in mentions if m["published"]]  # undated reports leave the dates open
    value = fields["value"]["value"]
    contradictions = find_contradictions(mentions, tolerance)
    deal.update({
        "category": fields["category"]["value"],
        "variant": fields["variant"]["value"],
        "quantity": fields["quantity"]["value"],
        "value_amount": value["amount"] if value else None,
        "value_currency": value["currency"] if value else None,
        "value_usd": value["usd"] if value else None,
        "status": fields["status"]["value"],
        "first_reported": min(dates) if dates else None,
        "last_reported": max(dates) if dates else None,
        "n_mentions": len(mentions),
        "n_sources": len(independent(mentions)),
        "fields": fields,
    })
    kept = [c for c in store.contradictions(deal_id) if c["kind"] == "party"]
    deal["n_contradictions"] = store.set_contradictions(deal_id, [*contradictions, *kept])
    store.upsert_deal(deal)
    store.set_status_history(deal_id, status_history(mentions))


def _party_contradictions(store: Store, touched: set[str], tolerance: float) -> None:
    """The same recipient, system and time reported with another supplier: a party contradiction on both deals."""
    for deal_id in touched:
        deal = store.deal(deal_id)
        if deal is None or not deal["recipient"] or not deal["system"]:
            continue
        rivals = [d for d in store.deals_for(deal["recipient"], deal["system"])
                  if d["supplier"] != deal["supplier"] and d["id"] != deal_id]
        for other in rivals:
            y1, y2 = _year(deal["first_reported"]), _year(other["first_reported"])
            if y1 is None or y2 is None or abs(y1 - y2) > 1:
                continue
            for this, that in ((deal, other), (other, deal)):
                items = [c for c in store.contradictions(this["id"]) if not (c["kind"] == "party" and
                                                                               that["id"] in c["detail"])]
                ms_this = [m["id"] for m in store.mentions(deal_id=this["id"])]
                ms_that = [m["id"] for m in store.mentions(deal_id=that["id"])]
                items.append({"kind": "party", "side_a": ms_this, "side_b": ms_that,
                              "detail": f"supplier {this['supplier']} here, {that['supplier']} in {that['id']}"})
                n = store.set_contradictions(this["id"], items)
                this["n_contradictions"] = n
                store.upsert_deal(this)
