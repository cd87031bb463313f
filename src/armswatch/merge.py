"""Mentions → deals.

Mentions are blocked by (supplier, recipient, system family): only mentions in one block are ever compared, so
merging stays linear in the number of mentions. Within a block a mention joins the block's deal, except a
follow-on order ("additional S-400s"), which becomes (or joins) a deal of its own.

The consolidated deal takes, per field, the value of the most recent report that states it; the variant is the
most specific one stated; first and last reported are the earliest and latest publication dates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .store import Store

STATUS_RANK = {"rumoured": 0, "negotiating": 1, "approved": 2, "signed": 3, "delivered": 4, "cancelled": 5}


def deal_slug(supplier: str | None, recipient: str | None, system: str | None, year: str | None) -> str:
    sys_part = re.sub(r"[^A-Z0-9]", "", (system or "UNKNOWN").upper()) or "UNKNOWN"
    return f"{supplier or 'UNK'}-{recipient or 'UNK'}-{sys_part}-{year or 'ND'}"


def merge(store: Store) -> dict[str, int]:
    """Assign every unmerged mention to a deal and refresh the deals it touched. Returns counts."""
    touched: set[str] = set()
    created = 0
    pending = store.mentions(unmerged=True)
    blocks: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for m in pending:
        blocks[(m["supplier"], m["recipient"], m["system"])].append(m)
    with store.transaction():
        for (sup, rec, system), mentions in blocks.items():
            existing = store.deal_ids_in_block(sup, rec, system)
            base = [d for d in existing if not store.deal(d)["followon"]]  # type: ignore[index]
            follow = [d for d in existing if store.deal(d)["followon"]]  # type: ignore[index]
            for m in mentions:
                target_list = follow if m["followon"] else base
                if target_list:
                    deal_id = target_list[-1] if m["followon"] else target_list[0]
                else:
                    year = (m["published"] or "")[:4] or None
                    deal_id = _new_id(store, deal_slug(sup, rec, system, year))
                    store.upsert_deal({"id": deal_id, "supplier": sup, "recipient": rec, "system": system,
                                       "category": m["category"], "n_mentions": 0, "followon": int(m["followon"])})
                    target_list.append(deal_id)
                    created += 1
                store.set_mention_deal(m["id"], deal_id)
                touched.add(deal_id)
        for deal_id in touched:
            refresh_deal(store, deal_id)
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


def refresh_deal(store: Store, deal_id: str) -> None:
    """Recompute a deal's consolidated fields from its mentions."""
    deal = store.deal(deal_id)
    if deal is None:
        return
    mentions = store.mentions(deal_id=deal_id)  # ordered by publication date
    dates = [m["published"] for m in mentions if m["published"]]
    latest_first = list(reversed(mentions))

    def latest(field: str) -> Any:
        return next((m[field] for m in latest_first if m[field] is not None), None)

    value_m = next((m for m in latest_first if m["value_amount"] is not None), None)
    variants = [m["variant"] for m in mentions if m["variant"]]
    deal.update({
        "category": latest("category"),
        "variant": max(variants, key=len) if variants else None,
        "quantity": latest("quantity"),
        "value_amount": value_m["value_amount"] if value_m else None,
        "value_currency": value_m["value_currency"] if value_m else None,
        "status": latest("status"),
        "first_reported": min(dates) if dates else None,
        "last_reported": max(dates) if dates else None,
        "n_mentions": len(mentions),
    })
    store.upsert_deal(deal)


def rebuild(store: Store) -> dict[str, int]:
    """Forget every merge decision and merge all mentions again."""
    with store.transaction():
        store.db.execute("UPDATE mentions SET deal_id = NULL")
        store.db.execute("DELETE FROM deals")
    return merge(store)
