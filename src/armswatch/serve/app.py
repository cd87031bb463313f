"""The web application: a JSON API over the deal store (and the HTML pages of :mod:`.web` when present).

Reading is open; ``POST /api/articles`` ingests and needs ``Authorization: Bearer <token>`` (the token given to
:func:`create_app`, else ``$ARMSWATCH_TOKEN``; with neither, ingesting over HTTP is off). Each request opens its
own :class:`~armswatch.store.Store` and closes it when done.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from .. import __version__
from ..store import Store
from . import queries

MAX_POST_ITEMS = 1000
TOKEN_ENV = "ARMSWATCH_TOKEN"


def get_store(request: Request) -> Iterator[Store]:
    """One store per request (FastAPI dependency); closed after the response."""
    store = Store(request.app.state.db_path, check_same_thread=False)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(get_store)]


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a query; a bad parameter (ValueError) is a 422 with its sentence as the detail."""
    try:
        return fn(*args, **kwargs)
    except ValueError as e:
        raise HTTPException(status_code=422, detail=str(e)) from e


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """401 unless the request carries the configured bearer token."""
    expected: str | None = request.app.state.token
    challenge = {"WWW-Authenticate": "Bearer"}
    if not expected:
        raise HTTPException(status_code=401, headers=challenge, detail=(
            "ingesting over HTTP is off: no API token is configured on this server; start it with "
            f"`armswatch serve --token TOKEN` or set ${TOKEN_ENV}, then send 'Authorization: Bearer TOKEN'"))
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(status_code=401, headers=challenge, detail=(
            "missing or wrong token: send the token the server was started with (--token or "
            f"${TOKEN_ENV}) as 'Authorization: Bearer TOKEN'"))


def create_app(db_path: str, *, token: str | None = None) -> FastAPI:
    """The armswatch web application on the store at ``db_path``. ``token`` (else ``$ARMSWATCH_TOKEN``) is the
    bearer token that ``POST /api/articles`` requires; without one, ingesting over HTTP is off."""
    app = FastAPI(title="armswatch", version=__version__, docs_url="/docs", redoc_url=None,
                  description="News reports about international arms deals as provenance-backed deal records: "
                              "every field of a deal cites the reports and character spans that state it.")
    app.state.db_path = str(db_path)
    app.state.token = token or os.environ.get(TOKEN_ENV) or None
    ingest_lock = threading.Lock()  # one ingest at a time (the extractor and the merge are not concurrent)
    with Store(db_path):  # create or migrate the store once, before the first request
        pass

    @app.get("/api/deals", tags=["deals"], summary="List deals: filters, free text, sort, pages, facets")
    def api_deals(store: StoreDep, supplier: str | None = None, recipient: str | None = None,
                  system: str | None = None, category: str | None = None,
                  status: Annotated[str | None, Query(description=f"one of {', '.join(queries.STATUSES)}")] = None,
                  year: Annotated[int | None, Query(description="reported in that year")] = None,
                  has_contradictions: bool | None = None,
                  q: Annotated[str | None, Query(description="free text: deal ids, systems, countries, and the "
                                                             "texts of the deals' reports")] = None,
                  sort: Annotated[str, Query(description=f"one of {', '.join(queries.SORTS)}")] = "-last_reported",
                  page: int = 1,
                  per_page: Annotated[int, Query(description=f"1..{queries.MAX_PER_PAGE}")] = 50) -> dict[str, Any]:
        return _call(queries.list_deals, store, supplier=supplier, recipient=recipient, system=system,
                     category=category, status=status, year=year, has_contradictions=has_contradictions, q=q,
                     sort=sort, page=page, per_page=per_page)

    @app.get("/api/deals/{deal_id}", tags=["deals"], summary="One deal: claims of every report, contradictions, "
                                                             "status history, sources")
    def api_deal(store: StoreDep, deal_id: str) -> dict[str, Any]:
        found = queries.deal_detail(store, deal_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no deal {deal_id!r}; GET /api/deals lists them")
        return found

    @app.get("/api/articles/{article_id:path}", tags=["articles"],
             summary="One article (source id or content key): text, highlighted spans, mentions, events")
    def api_article(store: StoreDep, article_id: str) -> dict[str, Any]:
        found = queries.article_detail(store, article_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id!r} (give its id or content key)")
        return found

    @app.get("/api/pairs/{a}/{b}", tags=["countries"],
             summary="A country pair (ISO3 or names): deals either way, context events, timeline")
    def api_pair(store: StoreDep, a: str, b: str) -> dict[str, Any]:
        return _call(queries.pair_detail, store, a, b)

    @app.get("/api/search", tags=["search"], summary="Full-text search over articles and deals (bm25 order)")
    def api_search(store: StoreDep, q: str, limit: Annotated[int, Query(description="1..200")] = 20) -> dict[str, Any]:
        return _call(queries.search, store, q, limit=limit)

    @app.get("/api/network", tags=["countries"], summary="Supplier → recipient network: countries and links")
    def api_network(store: StoreDep, year: int | None = None, category: str | None = None) -> dict[str, Any]:
        return _call(queries.network, store, year=year, category=category)

    @app.get("/api/export.csv", tags=["export"], response_class=Response,
             summary="The register in the columns of SIPRI's trade register (CSV)")
    def api_export_csv(store: StoreDep) -> Response:
        return Response(queries.export_csv(store), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="armswatch-register.csv"'})

    @app.get("/api/export.jsonl", tags=["export"], response_class=StreamingResponse,
             summary="Every deal with its reports, contradictions and status history (JSON lines)")
    def api_export_jsonl() -> StreamingResponse:
        def lines() -> Iterator[str]:  # streamed: the generator keeps its own store open until the last line
            with Store(app.state.db_path, check_same_thread=False) as store:
                yield from queries.export_jsonl(store)

        return StreamingResponse(lines(), media_type="application/x-ndjson",
                                 headers={"Content-Disposition": 'attachment; filename="armswatch-deals.jsonl"'})

    @app.post("/api/articles", tags=["articles"], dependencies=[Depends(require_token)],
              summary="Ingest one article or a list (needs Authorization: Bearer <token>)")
    def api_ingest(store: StoreDep, payload: Annotated[Any, Body(
            description='an object {"id", "outlet", "published", "title", "text", "url"} or a list of them',
            examples=[{"id": "a-1", "outlet": "Wire", "published": "2024-02-23", "title": "JF-17 deal",
                       "text": "Azerbaijan has signed a contract with Pakistan for JF-17 fighters."}])],
                   ) -> dict[str, Any]:
        if isinstance(payload, bytes):  # not sent as application/json (curl -d's default is a form type)
            try:
                payload = json.loads(payload)
            except ValueError as e:
                raise HTTPException(status_code=422, detail=f"the body is not valid JSON ({e}); send an article "
                                                            "object or a list of them as application/json") from e
        items = payload if isinstance(payload, list) else [payload]
        if not items:
            raise HTTPException(status_code=422, detail="no articles given: send an object or a non-empty list")
        if len(items) > MAX_POST_ITEMS:
            raise HTTPException(status_code=422, detail=f"{len(items)} articles in one request; send at most "
                                                        f"{MAX_POST_ITEMS} at a time")
        with ingest_lock:
            return queries.ingest_articles(store, items, source="POST /api/articles")

    @app.get("/api", tags=["meta"], summary="What the API offers")
    def api_index(store: StoreDep) -> dict[str, Any]:
        return {"name": "armswatch", "version": __version__, "docs": "/docs",
                "counts": {t: store.count(t) for t in ("articles", "mentions", "deals", "events", "contradictions")},
                "ingest": "on" if app.state.token else "off (no token configured)",
                "endpoints": sorted({r.path for r in app.routes if getattr(r, "path", "").startswith("/api/")})}

    has_pages = False
    try:
        from .web import router as web_router
    except ModuleNotFoundError as e:  # the HTML pages are optional; a bug inside them is not hidden
        if e.name != f"{__package__}.web":
            raise
    else:
        app.include_router(web_router)
        has_pages = True
    static = Path(__file__).parent / "static"
    if static.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=static), name="static")
    if not has_pages:
        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    return app
