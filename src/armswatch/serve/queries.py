"""The read side shared by the command line, the REST API and the web pages.

Every function takes an open :class:`~armswatch.store.Store` and returns plain JSON-able dicts (or text, for the
exports). The SQL lives in the store; this module validates parameters (``ValueError`` with a sentence for a bad
one: the API answers 422), resolves country names, and shapes the records for display.

Lists never load every deal: one page comes from ``LIMIT/OFFSET`` in the database, the total from ``COUNT`` with
the same ``WHERE``, the facets from ``GROUP BY``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from typing import Any

from ..store import DEAL_ORDERS, HIT_END, HIT_START, Store

SORTS = ("-last_reported", "last_reported", "-first_reported", "first_reported", "-value_usd", "value_usd", "id",
         "status", "-n_sources", "supplier", "recipient", "system")
STATUSES = ("rumoured", "negotiating", "approved", "signed", "delivered", "cancelled")
FACETS = ("status", "category", "supplier", "recipient")
MAX_PER_PAGE = 500
MAX_SEARCH = 200
CLAIM_COLUMNS = ["status", "quantity", "value", "variant", "supplier", "recipient"]
#: contradiction kind → the claims column it puts in doubt
CONFLICT_COLUMN = {"value": "value", "quantity": "quantity", "status regression": "status", "variant": "variant",
                   "party": "supplier"}
SIPRI_COLUMNS = ["Recipient", "Supplier", "Year of order", "", "Number ordered", "", "Weapon designation",
                 "Weapon description", "Number delivered", "", "Year(s) of delivery", "status", "Comments",
                 "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons"]
_JSONL_MENTION_KEYS = ("id", "ext_id", "published", "outlet", "status", "quantity", "value_amount", "value_currency",
                       "value_usd", "spans", "sentence", "salience")

assert set(SORTS) == set(DEAL_ORDERS)


# -- small helpers -------------------------------------------------------------------------------------------------
def fmt_value(amount: float | None, currency: str | None) -> str:
    """``USD 1.60 bn``, ``EUR 245 m``, ``INR 5,000``; empty for no amount."""
    if amount is None:
        return ""
    for scale, suffix in ((1e9, " bn"), (1e6, " m")):
        if amount >= scale:
            return f"{currency} {amount / scale:,.2f}{suffix}".replace(".00 ", " ")
    return f"{currency} {amount:,.0f}"


def country_name(iso3: str | None) -> str | None:
    """The short English name of a country (its ISO3 code if unknown; None for None)."""
    if iso3 is None:
        return None
    from ..knowledge import countries

    c = countries().get(iso3)
    return c.name if c else iso3


def resolve_country(value: str) -> str:
    """ISO3 code of a country given by code or name ("AZE", "Azerbaijan", "azerbaijan"); ValueError if unknown."""
    from ..knowledge import iso3_for

    text = value.strip()
    found = iso3_for(text) if text else None
    if found:
        return found
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    raise ValueError(f"unknown country {value!r}: give an ISO3 code (AZE) or a country name (Azerbaijan)")


def fts_query(q: str | None) -> str | None:
    """A safe FTS5 query for any user string: every word (``JF-17``, ``Block-III`` kept whole) becomes a quoted
    phrase, all of them required. None when the string has no word at all."""
    if not q:
        return None
    terms = re.findall(r"\w+(?:[-'.]\w+)*", q)[:32]
    if not terms:
        return None
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _blank(value: Any) -> Any:
    """An empty form field counts as not given."""
    return None if isinstance(value, str) and not value.strip() else value


def _named(deal: dict[str, Any]) -> dict[str, Any]:
    deal["supplier_name"] = country_name(deal["supplier"])
    deal["recipient_name"] = country_name(deal["recipient"])
    return deal


def _check_year(year: int | None) -> int | None:
    if year is None:
        return None
    if not 1 <= int(year) <= 9999:
        raise ValueError(f"year {year} is out of range (1..9999)")
    return int(year)


# -- deal list -----------------------------------------------------------------------------------------------------
def list_deals(store: Store, *, supplier: str | None = None, recipient: str | None = None, system: str | None = None,
               category: str | None = None, status: str | None = None, year: int | None = None,
               has_contradictions: bool | None = None, q: str | None = None, sort: str = "-last_reported",
               page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """One page of deals with their total, page count and facets.

    Filters (None or "" = not applied): supplier / recipient (ISO3 or country name), system (family, any case),
    category, status, year (reported in that year: the first to last report overlaps it), has_contradictions,
    q (free text over the deals' ids, systems, variants and country names and over their articles' texts).
    Facet counts of one field apply every filter except that field's own, so they show the alternatives."""
    supplier, recipient, system, category, status, q = map(_blank, (supplier, recipient, system, category, status, q))
    sort = _blank(sort) or "-last_reported"
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    if page < 1:
        raise ValueError(f"page must be 1 or more, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    year = _check_year(year)
    filters: dict[str, Any] = {
        "supplier": resolve_country(supplier) if supplier else None,
        "recipient": resolve_country(recipient) if recipient else None,
        "system": system, "category": category, "status": status, "year": year,
        "has_contradictions": has_contradictions, "match": fts_query(q),
    }
    total = store.count_deals(filters)
    items = [_named(d) for d in store.find_deals(filters, order=sort, limit=per_page, offset=(page - 1) * per_page)]
    facets = {f: store.deal_facet(f, {**filters, f: None}) for f in FACETS}
    shown = {k: v for k, v in filters.items() if k != "match"}
    shown["q"] = q if filters["match"] else None
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)), "sort": sort, "filters": shown, "facets": facets,
            "names": {iso: country_name(iso) for f in ("supplier", "recipient") for iso in facets[f]}}


# -- one deal ------------------------------------------------------------------------------------------------------
def deal_view(store: Store, deal_id: str) -> dict[str, Any] | None:
    """Everything about one deal, as ``armswatch show --json`` and ``armswatch export --format jsonl`` give it:
    the consolidated record, each report's claims with evidence, the contradictions, the status history, the merge
    decisions and the sources (independent vs copies). None if there is no such deal."""
    deal = store.deal(deal_id)
    if deal is None:
        return None
    mentions = store.mentions(deal_id=deal_id)
    decisions = store.decisions(deal_id)
    _with_evidence(store, mentions)
    for m in mentions:
        m["decision"] = decisions.get(m["id"])
    from ..merge import independent

    indep = {m["id"] for m in independent(mentions)}
    sources = [{"article": m["ext_id"] or m["article_key"], "outlet": m["outlet"], "published": m["published"],
                "independent": m["id"] in indep, "copy_of": m["copy_of"]} for m in mentions]
    return {"deal": deal, "mentions": mentions, "contradictions": store.contradictions(deal_id),
            "status_history": store.status_history(deal_id), "sources": sources}


def _with_evidence(store: Store, mentions: list[dict[str, Any]]) -> None:
    """Add each mention's evidence ({field: the text of its span}) and its sentence."""
    texts: dict[str, Any] = {}
    for m in mentions:
        if m["article_key"] not in texts:
            texts[m["article_key"]] = store.article(m["article_key"])
        art = texts[m["article_key"]]
        m["evidence"] = {k: art.text[s:e] for k, (s, e) in m["spans"].items()} if art else {}
        m["sentence"] = (art.text[m["sentence_start"]:m["sentence_end"]]
                         if art and m["sentence_start"] is not None else None)
        for c in m.get("claims") or []:
            if art:
                c["amounts_as_written"] = [art.text[a["span"][0]:a["span"][1]] for a in c["amounts"]]
                c["sentence_text"] = art.text[c["sentence"][0]:c["sentence"][1]]


def _report_ref(m: dict[str, Any]) -> str:
    return m["ext_id"] or m["article_key"][:8]


def _claim_cells(m: dict[str, Any], conflicted: set[str]) -> dict[str, dict[str, Any]]:
    spans = m["spans"]
    value = fmt_value(m["value_amount"], m["value_currency"])
    if value and m["value_usd"] and m["value_currency"] != "USD":
        value += f" (≈ {fmt_value(m['value_usd'], 'USD')})"
    shown = {
        "status": m["status"] or "",
        "quantity": "" if m["quantity"] is None else str(m["quantity"]),
        "value": value,
        "variant": m["variant"] or "",
        "supplier": country_name(m["supplier"]) or "",
        "recipient": country_name(m["recipient"]) or "",
    }
    return {col: {"value": shown[col], "span": list(spans[col]) if col in spans else None,
                  "conflict": col in conflicted} for col in CLAIM_COLUMNS}


def deal_detail(store: Store, deal_id: str) -> dict[str, Any] | None:
    """:func:`deal_view` plus the claims table (one row per report, one cell per field with its span and whether
    a contradiction puts it in doubt), the related deals and the country names. None if there is no such deal."""
    view = deal_view(store, deal_id)
    if view is None:
        return None
    _named(view["deal"])
    doubted: dict[int, set[str]] = {}
    for c in view["contradictions"]:
        col = CONFLICT_COLUMN.get(c["kind"])
        if col:
            for mid in (*c["side_a"], *c["side_b"]):
                doubted.setdefault(mid, set()).add(col)
    rows = [{"mention_id": m["id"], "report": _report_ref(m), "article_key": m["article_key"], "date": m["published"],
             "outlet": m["outlet"], "cells": _claim_cells(m, doubted.get(m["id"], set()))} for m in view["mentions"]]
    view["claims"] = {"columns": list(CLAIM_COLUMNS), "rows": rows}
    view["related"] = store.related_deals(view["deal"])
    return view


# -- one article ---------------------------------------------------------------------------------------------------
def _highlights(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every field span of the article's mentions, sorted by start, without overlaps (the longer span wins)."""
    spans = [{"start": s, "end": e, "field": f, "mention_id": m["id"], "deal_id": m["deal_id"]}
             for m in mentions for f, (s, e) in m["spans"].items() if e > s]
    kept: list[dict[str, Any]] = []
    for h in sorted(spans, key=lambda h: (-(h["end"] - h["start"]), h["start"], h["mention_id"])):
        if all(h["end"] <= k["start"] or h["start"] >= k["end"] for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h["start"])


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article (by the source's id or its content key): its text, the highlighted spans of its deal mentions,
    the mentions and the context events it tells. None if there is no such article."""
    art = store.article(article_id)
    if art is None:
        return None
    meta = store.article_meta(art.key) or {}
    mentions = store.mentions(article_key=art.key)
    _with_evidence(store, mentions)
    article = {"key": art.key, "ext_id": art.id, "title": art.title, "outlet": art.outlet,
               "published": art.published, "url": art.url, "source": art.source, "copy_of": meta.get("copy_of"),
               "copy_similarity": meta.get("copy_similarity"), "ingested_at": meta.get("ingested_at"),
               "text": art.text}
    return {"article": article, "highlights": _highlights(mentions), "mentions": mentions,
            "events": store.events(art.key)}


# -- a country pair ------------------------------------------------------------------------------------------------
def pair_detail(store: Store, a: str, b: str) -> dict[str, Any]:
    """A country pair (ISO3 codes or names): their deals either way, the context events, and one timeline of
    both (dated first, oldest first; undated last)."""
    a, b = resolve_country(a), resolve_country(b)
    deals = [_named(d) for d in store.deals_between(a, b)]
    events = store.events_for_pair(a, b)
    timeline: list[dict[str, Any]] = []
    for d in deals:
        timeline.append({"date": d["first_reported"], "type": "deal", "what": f"{d['supplier']} → {d['recipient']} "
                         f"{d['system']} ({d['status']}; {fmt_value(d['value_amount'], d['value_currency']) or '—'})",
                         "id": d["id"], "deal_id": d["id"], "evidence": None})
    for e in events:
        who = ", ".join(f"{x['name']} ({x['role']})" if x.get("role") else x["name"] for x in e["actors"])
        extra = f" brokered by {e['broker']}" if e["broker"] else ""
        extra += f" launched by {e['attacker']}" if e["attacker"] else ""
        where = f" in {e['place']}" if e["place"] else ""
        timeline.append({"date": e["date"], "type": e["kind"],
                         "what": f"{e['kind']}{where}{extra}{': ' + who if who else ''}",
                         "id": e["ext_id"] or e["article_key"][:8], "deal_id": None, "evidence": e["evidence"]})
    timeline.sort(key=lambda t: (t["date"] or "9999", t["type"]))
    return {"pair": [a, b], "names": {a: country_name(a), b: country_name(b)}, "deals": deals, "events": events,
            "timeline": timeline}


# -- search --------------------------------------------------------------------------------------------------------
def _unmark(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet without its hit markers, and the [start, end] of each hit in it."""
    out: list[str] = []
    marks: list[list[int]] = []
    pos, start = 0, None
    for part in re.split(f"([{HIT_START}{HIT_END}])", snippet):
        if part == HIT_START:
            start = pos
        elif part == HIT_END:
            if start is not None:
                marks.append([start, pos])
            start = None
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), marks


def search(store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Full-text search (SQLite FTS5, bm25 order) over the articles and the deals. Any user string is safe: its
    words are quoted. ``articles``: key, ext_id, title, outlet, published, url, a plain-text snippet and the
    [start, end] of the hits in it (``marks``); ``deals``: the deals whose own index matches, best first, then those
    the matching articles report."""
    if not 1 <= limit <= MAX_SEARCH:
        raise ValueError(f"limit must be between 1 and {MAX_SEARCH}, not {limit}")
    match = fts_query(q)
    if match is None:
        return {"q": q, "articles": [], "deals": []}
    articles = []
    for a in store.search_articles(match, limit):
        a["snippet"], a["marks"] = _unmark(a["snippet"] or "")
        articles.append(a)
    deals = store.search_deals(match, limit)
    seen = {d["id"] for d in deals}
    for d in store.deals_of_articles([a["key"] for a in articles]):
        if len(deals) >= limit:
            break
        if d["id"] not in seen:
            seen.add(d["id"])
            deals.append(d)
    return {"q": q, "articles": articles, "deals": [_named(d) for d in deals]}


# -- trade network -------------------------------------------------------------------------------------------------
def network(store: Store, *, year: int | None = None, category: str | None = None) -> dict[str, Any]:
    """Supplier → recipient links (deals, total value in USD of those with a known value) and the countries
    (deals each takes part in); deals with an unknown party are left out. A domestic order is a self-link."""
    filters = {"year": _check_year(year), "category": _blank(category)}
    links = []
    counts: dict[str, int] = {}
    for r in store.trade_links(filters):
        links.append({"source": r["supplier"], "target": r["recipient"], "deals": r["deals"],
                      "value_usd": r["value_usd"] or 0.0})
        for iso in {r["supplier"], r["recipient"]}:
            counts[iso] = counts.get(iso, 0) + r["deals"]
    nodes = [{"id": iso, "name": country_name(iso), "deals": n}
             for iso, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    return {"nodes": nodes, "links": links, "filters": filters}


# -- exports -------------------------------------------------------------------------------------------------------
def iter_csv(store: Store) -> Iterator[str]:
    """The register in the columns of SIPRI's trade register, one CSV line at a time (the header first)."""
    from ..knowledge import countries, systems

    names = {iso: c.name for iso, c in countries().items()}
    catalog = systems()
    buf = io.StringIO()
    w = csv.writer(buf)

    def take() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    w.writerow(SIPRI_COLUMNS)
    yield take()
    for d in store.deals():
        entry = catalog.get(d["system"] or "")
        year = (d["fields"].get("order_year") or {}).get("value") or (d["first_reported"] or "")[:4]
        delivered = d["quantity"] if d["status"] == "delivered" else ""
        value = fmt_value(d["value_amount"], d["value_currency"])
        comment = "; ".join(x for x in (
            f"value {value}" if value else "",
            f"{d['n_sources']} independent source(s), {d['first_reported']} to {d['last_reported']}",
            f"{d['n_contradictions']} contradiction(s)" if d["n_contradictions"] else "",
            f"armswatch {d['id']}") if x)
        w.writerow([names.get(d["recipient"], d["recipient"]), names.get(d["supplier"], d["supplier"]),
                    year, "", d["quantity"] or "", "", (entry.name if entry else d["system"]) or "",
                    (entry.description if entry and entry.description else d["category"]) or "",
                    delivered, "", "", d["status"], comment, "", "", ""])
        yield take()


def export_csv(store: Store) -> str:
    """The whole register as CSV text (what ``armswatch export --format sipri-csv`` writes)."""
    return "".join(iter_csv(store))


def export_jsonl(store: Store) -> Iterator[str]:
    """One JSON line (ending in a newline) per deal: the deal with its reports, contradictions and status history
    (what ``armswatch export --format jsonl`` writes)."""
    for d in store.deals():
        view = deal_view(store, d["id"])
        if view is None:
            continue
        view["mentions"] = [{k: m[k] for k in _JSONL_MENTION_KEYS} for m in view["mentions"]]
        yield json.dumps(view, ensure_ascii=False, default=str) + "\n"


# -- writing: articles posted to the API ---------------------------------------------------------------------------
def ingest_articles(store: Store, items: list[Any], *, source: str = "api") -> dict[str, Any]:
    """Store, read and merge articles given as JSON objects ({id, outlet, published, title, text, url}) through
    the same path as ``armswatch ingest``: each is parsed like a JSON line, analysed (:func:`armswatch.run.compute`,
    :meth:`armswatch.run.Analyser.save`), then the new mentions are merged into deals. A bad item is reported
    (its index, id, error code and message) and skipped; the rest go on."""
    from ..errors import Problem
    from ..ingest import DEFAULT_MAX_BYTES, _json_article
    from ..merge import merge
    from ..run import Analyser, compute

    result: dict[str, Any] = {"new": 0, "known": 0, "failed": [], "mentions": 0, "deals": [], "articles": []}
    analyser = Analyser(store, jobs=1)
    new_keys: list[str] = []
    try:
        for i, obj in enumerate(items):
            ref = obj.get("id") if isinstance(obj, dict) else None
            where = f"{source}[{i}]"
            item = _json_article(obj, where)
            if not isinstance(item, Problem) and len(item.text.encode("utf-8")) > DEFAULT_MAX_BYTES:
                item = Problem.of(where, "E106", what='the "text"', size=f"{len(item.text.encode('utf-8'))} bytes",
                                  limit=f"{DEFAULT_MAX_BYTES} bytes")
            if isinstance(item, Problem):
                result["failed"].append({"index": i, "id": ref, "code": item.code, "error": str(item)})
                continue
            if store.article_meta(item.key) is not None:
                result["known"] += 1
                result["articles"].append({"index": i, "id": item.id, "key": item.key, "new": False})
                continue
            try:
                analysis = compute(item, today=analyser.today)
            except Exception as e:  # an extractor bug must not lose the batch
                result["failed"].append({"index": i, "id": ref, "code": None,
                                         "error": f"{where}: extraction failed ({type(e).__name__}: {e}); skipped"})
                continue
            store.add_article(item)
            n_mentions, _, _ = analyser.save(item, analysis)
            result["mentions"] += n_mentions
            result["new"] += 1
            new_keys.append(item.key)
            result["articles"].append({"index": i, "id": item.id, "key": item.key, "new": True})
        store.db.commit()
    except BaseException:
        store.db.rollback()
        raise
    finally:
        analyser.close()
    if new_keys:
        merge(store)
    result["deals"] = sorted({m["deal_id"] for k in new_keys for m in store.mentions(article_key=k) if m["deal_id"]})
    return result
