"""The HTML side of ``armswatch serve``: server-rendered pages over the query layer, each with a JSON twin.

Every page at ``PATH`` also answers at ``PATH.json`` (or at ``PATH`` with ``Accept: application/json``) with
exactly the dict its :mod:`armswatch.serve.queries` function returns.

========================  =====================================================================================
``/``, ``/deals``         deal list: filters, facet counts, sortable columns, pages (``list_deals``)
``/deals/{id}``           one deal: consolidated fields and their rules, the claims table with conflicts, each
                          claim's evidence sentence, contradictions, status chart, sources, merge decisions
                          (``deal_detail``)
``/articles/{id}``        an article's text with every extracted span marked, its mentions and events
                          (``article_detail``; ``id`` is the content key or the id the source gave)
``/pairs/{a}/{b}``        a country pair: deals both ways and context events on one timeline (``pair_detail``)
``/network``              supplier → recipient network, by year and category (``network``)
``/search?q=``            articles and deals matching a text (``search``)
========================  =====================================================================================

A bad parameter (the query layer's ``ValueError``) is a 422, as in the REST API; an unknown deal or article a 404
(an HTML page, or ``{"detail": ...}`` for a JSON twin).

All stored text is untrusted: templates auto-escape, data for the page's script is embedded with ``tojson``
inside ``<script type="application/json">`` and read with ``JSON.parse``, and HTML responses carry a
Content-Security-Policy that allows scripts and styles from this origin only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from armswatch.store import Store

from . import queries

__all__ = ["CSP", "router"]

HERE = Path(__file__).resolve().parent

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HTML_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                 "Referrer-Policy": "same-origin"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)

router = APIRouter(include_in_schema=False)

STATUS_ORDER = ("rumoured", "negotiating", "approved", "signed", "delivered", "cancelled")
# deal-list columns: (label, key in the deal dict, sorts in the order a click on the header cycles through)
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Deal", "id", ("id",)),
    ("Supplier", "supplier", ("supplier",)),
    ("Recipient", "recipient", ("recipient",)),
    ("System", "system", ("system",)),
    ("Status", "status", ("status",)),
    ("Value (USD)", "value_usd", ("-value_usd", "value_usd")),
    ("Sources", "n_sources", ("-n_sources",)),
    ("First reported", "first_reported", ("-first_reported", "first_reported")),
    ("Last reported", "last_reported", ("-last_reported", "last_reported")),
)
_LIST_TEXT = ("supplier", "recipient", "system", "category", "status", "q")
_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n"}


# ---------------------------------------------------------------- formatting (template filters)


def money(amount: Any, currency: str | None = None) -> str:
    """``1.6e9, "USD"`` -> ``"USD 1.6 bn"``; ``None`` -> ``"—"``."""
    if amount is None or amount == "":
        return "—"
    try:
        x = float(amount)
    except (TypeError, ValueError):
        return str(amount)
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(x) >= size:
            text = f"{x / size:.3g} {unit}"
            break
    else:
        text = f"{x:,.0f}"
    return f"{currency} {text}" if currency else text


def show(value: Any) -> str:
    """A consolidated field's value as text (a value dict shows as money)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        if "amount" in value:
            out = money(value.get("amount"), value.get("currency"))
            if value.get("usd") is not None and value.get("currency") not in (None, "USD"):
                out += f" (≈ {money(value['usd'], 'USD')})"
            return out
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def country(iso3: Any) -> str:
    """ISO3 code -> country name (the code itself when unknown)."""
    if not iso3:
        return "—"
    try:
        from armswatch.knowledge import countries

        found = countries().get(str(iso3))
    except Exception:  # noqa: BLE001 - a name is a nicety; the code always shows
        found = None
    return found.name if found else str(iso3)


def safe_url(url: Any) -> str | None:
    """The URL if it is http(s) (stored URLs are untrusted: no ``javascript:`` links), else ``None``."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


_env.filters.update(money=money, show=show, country=country, safe_url=safe_url)


# ---------------------------------------------------------------- text with marked spans


def segments(text: str, spans: list[dict[str, Any]], offset: int = 0) -> list[dict[str, Any]]:
    """Cut ``text`` (which starts at ``offset`` of its article) into plain and marked pieces.

    ``spans`` are dicts with absolute ``start``/``end`` (and whatever the template needs); spans outside the text
    or overlapping an earlier one are left out. Each piece is ``{"text", "start", "span"}`` (``span`` None for
    plain text); the template escapes every piece."""
    out: list[dict[str, Any]] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        s, e = span["start"] - offset, span["end"] - offset
        if s < pos or e <= s or s < 0 or e > len(text):
            continue
        if s > pos:
            out.append({"text": text[pos:s], "start": offset + pos, "span": None})
        out.append({"text": text[s:e], "start": offset + s, "span": span})
        pos = e
    if pos < len(text):
        out.append({"text": text[pos:], "start": offset + pos, "span": None})
    return out


def sentence_pieces(mention: dict[str, Any]) -> list[dict[str, Any]]:
    """A mention's evidence sentence with each of its field spans marked."""
    sentence = mention.get("sentence") or ""
    start = mention.get("sentence_start") or 0
    spans = [{"start": v[0], "end": v[1], "field": k} for k, v in (mention.get("spans") or {}).items()
             if isinstance(v, list | tuple) and len(v) == 2]
    return segments(sentence, spans, start)


# ---------------------------------------------------------------- SVG charts (computed here, drawn by templates)


def _parse_date(text: Any) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    parts = text[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 7
        d = int(parts[2]) if len(parts) > 2 else 1 if len(parts) > 1 else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def status_chart(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the status timeline: one point per step, x by order, y by stage; labelled status and date."""
    levels = list(STATUS_ORDER) + sorted({s.get("status") or "?" for s in steps} - set(STATUS_ORDER))
    left, top, row, col = 110, 20, 30, 150
    n = max(1, len(steps))
    width = left + col * n + 40
    height = top + row * (len(levels) - 1) + 60
    points = []
    for i, step in enumerate(steps):
        status = step.get("status") or "?"
        x = left + col * i + col // 2
        y = top + row * (len(levels) - 1 - levels.index(status))
        points.append({"x": x, "y": y, "status": status, "date": step.get("date") or "undated",
                       "mentions": step.get("mentions") or []})
    path = " ".join(f"{'M' if i == 0 else 'L'} {p['x']} {p['y']}" for i, p in enumerate(points))
    grid = [{"y": top + row * (len(levels) - 1 - i), "label": lv} for i, lv in enumerate(levels)]
    return {"width": width, "height": height, "left": left, "points": points, "path": path, "grid": grid,
            "axis_y": top + row * (len(levels) - 1) + 16}


def timeline_chart(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of a pair's timeline: dated items on a horizontal time axis with year ticks."""
    dated = [(d, it) for it in items if (d := _parse_date(it.get("date")))]
    width, height, left, right, axis = 900, 110, 30, 30, 70
    if not dated:
        return {"width": width, "height": height, "points": [], "ticks": [], "axis": axis, "left": left,
                "right": width - right}
    lo = min(d for d, _ in dated).toordinal()
    hi = max(d for d, _ in dated).toordinal()
    if hi - lo < 30:
        lo, hi = lo - 15, hi + 15

    def x(ordinal: int) -> float:
        return round(left + (width - left - right) * (ordinal - lo) / (hi - lo), 1)

    points, seen = [], {}
    for d, it in sorted(dated, key=lambda p: p[0]):
        px = x(d.toordinal())
        bucket = round(px / 8)
        stack = seen.get(bucket, 0)
        seen[bucket] = stack + 1
        kind = "deal" if it.get("deal_id") or it.get("type") in ("deal", "status") else "event"
        points.append({"x": px, "y": axis - 12 - 12 * min(stack, 4), "kind": kind, "date": it.get("date"),
                       "what": it.get("what") or it.get("type") or "", "type": it.get("type") or ""})
    first, last = date.fromordinal(lo).year, date.fromordinal(hi).year
    step = max(1, math.ceil((last - first + 1) / 10))
    ticks = [{"x": x(date(y, 1, 1).toordinal()), "label": str(y)} for y in range(first, last + 2, step)
             if lo <= date(y, 1, 1).toordinal() <= hi]
    return {"width": width, "height": height, "points": points, "ticks": ticks, "axis": axis, "left": left,
            "right": width - right}


# ---------------------------------------------------------------- request plumbing


def _wants_json(request: Request, suffix: bool) -> bool:
    if suffix:
        return True
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def _strip_json(value: str) -> tuple[str, bool]:
    return (value[:-5], True) if value.endswith(".json") and len(value) > 5 else (value, False)


def _store(request: Request) -> Store:
    return Store(request.app.state.db_path)


def _base(request: Request) -> str:
    return str(request.scope.get("root_path") or "").rstrip("/")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    base = _base(request)
    context.setdefault("q", request.query_params.get("q", "") if request.url.path.endswith("/search") else "")
    html = _env.get_template(template).render(request=request, base=base, **context)
    return HTMLResponse(html, status_code=status_code, headers=dict(_HTML_HEADERS))


def _error(request: Request, as_json: bool, status_code: int, message: str) -> Response:
    if as_json:
        return JSONResponse({"detail": message}, status_code=status_code)
    return render(request, "error.html", status_code=status_code, code=status_code, message=message)


def _query(request: Request, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    store = _store(request)
    try:
        return fn(store, *args, **kwargs)
    finally:
        store.close()


def _int(value: str | None, name: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _bool(value: str | None, name: str) -> bool | None:
    if value is None or not value.strip():
        return None
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def list_params(request: Request) -> dict[str, Any]:
    """The deal-list filters from the query string (blank form fields mean "any"); ValueError when malformed."""
    qp = request.query_params
    out: dict[str, Any] = {}
    for name in _LIST_TEXT:
        value = (qp.get(name) or "").strip()
        if value:
            out[name] = value
    year = _int(qp.get("year"), "year")
    if year is not None:
        out["year"] = year
    contradictions = _bool(qp.get("has_contradictions"), "has_contradictions")
    if contradictions is not None:
        out["has_contradictions"] = contradictions
    sort = (qp.get("sort") or "").strip()
    if sort:
        out["sort"] = sort
    for name in ("page", "per_page"):
        number = _int(qp.get(name), name)
        if number is not None:
            out[name] = number
    return out


def _facet_items(facet: Any) -> list[tuple[str, int]]:
    if isinstance(facet, dict):
        items = [(str(k), v) for k, v in facet.items()]
    elif isinstance(facet, list):
        items = []
        for it in facet:
            if isinstance(it, dict):
                items.append((str(it.get("value")), it.get("count", 0)))
            elif isinstance(it, list | tuple) and len(it) == 2:
                items.append((str(it[0]), it[1]))
    else:
        return []
    return sorted(items, key=lambda kv: (-(kv[1] or 0), kv[0]))


def _link_maker(request: Request, path: str, params: dict[str, Any]) -> Callable[..., str]:
    """``link(page=2)`` -> the path with the current parameters, some changed (None removes one)."""

    def link(**changes: Any) -> str:
        merged = {**params, **changes}
        if "page" not in changes:
            merged.pop("page", None)
        query = {k: ("1" if v is True else "0" if v is False else v) for k, v in merged.items() if v is not None}
        return _base(request) + path + (("?" + urlencode(query)) if query else "")

    return link


def _page_numbers(page: int, pages: int) -> Iterator[int | None]:
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    prev = 0
    for n in shown:
        if n - prev > 1:
            yield None
        yield n
        prev = n


# ---------------------------------------------------------------- pages


def _deal_list(request: Request, as_json: bool) -> Response:
    try:
        params = list_params(request)
        result = _query(request, queries.list_deals, **params)
    except ValueError as exc:
        return _error(request, as_json, 422, str(exc))
    if as_json:
        return JSONResponse(result)
    sort = result.get("sort") or params.get("sort") or "-last_reported"
    link = _link_maker(request, "/deals", params)
    headers = []
    for label, key, sorts in COLUMNS:
        options = [s for s in sorts if s in queries.SORTS]
        active = sort in options or sort.lstrip("-") == key
        target = options[0] if options else None
        if options and sort == options[0] and len(options) > 1:
            target = options[1]
        headers.append({"label": label, "key": key, "href": link(sort=target) if target else None,
                        "active": active, "desc": sort.startswith("-")})
    facets = {name: _facet_items(value) for name, value in (result.get("facets") or {}).items()}
    pages = int(result.get("pages") or 1)
    page = int(result.get("page") or 1)
    return render(request, "deals.html", result=result, params=params, headers=headers, facets=facets,
                  link=link, page=page, pages=pages, page_numbers=list(_page_numbers(page, pages)),
                  statuses=STATUS_ORDER, filtered=any(k in params for k in (*_LIST_TEXT, "year",
                                                                              "has_contradictions")))


@router.get("/", name="web_home")
def home(request: Request) -> Response:
    return _deal_list(request, _wants_json(request, False))


@router.get("/deals", name="web_deals")
def deals(request: Request) -> Response:
    return _deal_list(request, _wants_json(request, False))


@router.get("/deals.json", name="web_deals_json")
def deals_json(request: Request) -> Response:
    return _deal_list(request, True)


@router.get("/deals/{deal_id}", name="web_deal")
def deal(request: Request, deal_id: str) -> Response:
    deal_id, suffix = _strip_json(deal_id)
    as_json = _wants_json(request, suffix)
    try:
        detail = _query(request, queries.deal_detail, deal_id)
    except ValueError as exc:
        return _error(request, as_json, 422, str(exc))
    if detail is None:
        return _error(request, as_json, 404, f"No deal {deal_id!r} in this store.")
    if as_json:
        return JSONResponse(detail)
    mentions = {m["id"]: m for m in detail.get("mentions") or []}
    pieces = {m["id"]: sentence_pieces(m) for m in mentions.values()}
    sources = detail.get("sources") or []
    return render(request, "deal.html", d=detail, deal=detail.get("deal") or {}, mentions=mentions, pieces=pieces,
                  chart=status_chart(detail.get("status_history") or []),
                  independent=[s for s in sources if s.get("independent")],
                  copies=[s for s in sources if not s.get("independent")])


@router.get("/articles/{article_id:path}", name="web_article")
def article(request: Request, article_id: str) -> Response:
    stripped, suffix = _strip_json(article_id)
    try:
        detail = _query(request, queries.article_detail, stripped)
        if detail is None and suffix:  # an id the source gave may itself end in ".json"
            detail = _query(request, queries.article_detail, article_id)
            suffix = detail is None
            stripped = article_id if detail is not None else stripped
    except ValueError as exc:
        return _error(request, _wants_json(request, suffix), 422, str(exc))
    as_json = _wants_json(request, suffix)
    if detail is None:
        return _error(request, as_json, 404, f"No article {stripped!r} in this store.")
    if as_json:
        return JSONResponse(detail)
    art = detail.get("article") or {}
    spans = [dict(h) for h in detail.get("highlights") or [] if "start" in h and "end" in h]
    return render(request, "article.html", d=detail, article=art, pieces=segments(art.get("text") or "", spans))


@router.get("/pairs/{a}/{b}", name="web_pair")
def pair(request: Request, a: str, b: str) -> Response:
    b, suffix = _strip_json(b)
    as_json = _wants_json(request, suffix)
    try:
        detail = _query(request, queries.pair_detail, a, b)
    except ValueError as exc:
        return _error(request, as_json, 422, str(exc))
    if detail is None:
        return _error(request, as_json, 404, f"Nothing known about {a} and {b}.")
    if as_json:
        return JSONResponse(detail)
    return render(request, "pair.html", d=detail, chart=timeline_chart(detail.get("timeline") or []))


def _network(request: Request, as_json: bool) -> Response:
    qp = request.query_params
    try:
        params: dict[str, Any] = {}
        year = _int(qp.get("year"), "year")
        if year is not None:
            params["year"] = year
        if (qp.get("category") or "").strip():
            params["category"] = qp["category"].strip()
        result = _query(request, queries.network, **params)
        categories = [] if as_json else [c for c, _ in _facet_items(
            (_query(request, queries.list_deals, per_page=1).get("facets") or {}).get("category"))]
    except ValueError as exc:
        return _error(request, as_json, 422, str(exc))
    if as_json:
        return JSONResponse(result)
    names = {n.get("id"): n.get("name") or n.get("id") for n in result.get("nodes") or []}
    links = sorted(result.get("links") or [], key=lambda link: (-(link.get("deals") or 0), str(link.get("source"))))
    return render(request, "network.html", result=result, params=params, categories=categories, names=names,
                  links=links)


@router.get("/network", name="web_network")
def network_page(request: Request) -> Response:
    return _network(request, _wants_json(request, False))


@router.get("/network.json", name="web_network_json")
def network_json(request: Request) -> Response:
    return _network(request, True)


def _search(request: Request, as_json: bool) -> Response:
    q = (request.query_params.get("q") or "").strip()
    try:
        limit = _int(request.query_params.get("limit"), "limit")
        kwargs = {"limit": limit} if limit is not None else {}
        # the bare page shows the form; its JSON twin answers what search() answers for an empty text
        result = None if not q and not as_json else _query(request, queries.search, q, **kwargs)
    except ValueError as exc:
        return _error(request, as_json, 422, str(exc))
    if as_json:
        return JSONResponse(result)
    snippets = {}
    for a in (result or {}).get("articles") or []:
        hits = [{"start": m[0], "end": m[1], "field": "hit"} for m in a.get("marks") or []
                if isinstance(m, list | tuple) and len(m) == 2]
        snippets[a.get("key")] = segments(a.get("snippet") or "", hits)
    return render(request, "search.html", result=result, q=q, snippets=snippets)


@router.get("/search", name="web_search")
def search_page(request: Request) -> Response:
    return _search(request, _wants_json(request, False))


@router.get("/search.json", name="web_search_json")
def search_json(request: Request) -> Response:
    return _search(request, True)
