"""The REST API end to end: a real uvicorn server on a free local port, over a store built from our own articles,
queried over HTTP."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from armswatch.run import process
from armswatch.serve.app import create_app
from armswatch.serve.queries import SIPRI_COLUMNS
from armswatch.store import SCHEMA_VERSION, Store

TOKEN = "test-token-4f9c"
ARTICLES = [
    {"id": "t-1", "outlet": "Test Wire", "published": "2024-01-15", "title": "Azerbaijan in talks over JF-17",
     "text": "Azerbaijan is negotiating with Pakistan to buy JF-17 fighter jets worth 1.5 billion euros, officials in "
             "Baku said. The talks followed a meeting between the defence ministers of Azerbaijan and Pakistan in "
             "Islamabad on 10 January 2024."},
    {"id": "t-2", "outlet": "Other Wire", "published": "2024-02-23", "title": "JF-17 contract signed",
     "text": "Azerbaijan has signed a contract with Pakistan for JF-17C Block-III fighters worth USD 1.6 billion."},
    {"id": "t-3", "outlet": "Seoul Daily", "published": "2022-08-27", "title": "Poland orders K2 tanks",
     "text": "Poland signed a contract with South Korea for 180 K2 Black Panther tanks worth USD 3.4 billion."},
    {"id": "t-4", "outlet": "Warsaw Post", "published": "2022-09-05", "title": "K2 <script>alert(1)</script>",
     "text": "<script>alert(1)</script> Poland signed a contract with South Korea for 200 K2 tanks worth USD 3.4 "
             "billion, the ministry said."},
]
JF17, K2 = "PAK-AZE-JF17-2024", "KOR-POL-K2-2022"


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def running(db: Path, token: str | None) -> Iterator[httpx.Client]:
    """A uvicorn server in a background thread on a free port; yields an HTTP client pointed at it."""
    sock = free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), token=token), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def built_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = folder / "deals.db"
    stats = process([str(src)], str(db), progress=False, jobs=1, err=io.StringIO())
    assert (stats.new, stats.failed) == (4, 0)
    return db


@pytest.fixture(scope="module")
def api(built_db) -> Iterator[httpx.Client]:
    """A read-only server (no token configured)."""
    with running(built_db, token=None) as client:
        yield client


@pytest.fixture()
def write_api(built_db, tmp_path) -> Iterator[httpx.Client]:
    """A server with a token, on a copy of the store (so writes do not leak into the other tests)."""
    db = tmp_path / "copy.db"
    shutil.copy(built_db, db)
    with running(db, token=TOKEN) as client:
        yield client


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["items"]]


# -- the list --------------------------------------------------------------------------------------------------------
def test_the_store_holds_the_expected_deals(api):
    body = api.get("/api/deals").json()
    assert body["total"] == 2 and body["pages"] == 1 and body["page"] == 1 and body["per_page"] == 50
    assert body["sort"] == "-last_reported"
    jf17, k2 = body["items"]
    assert jf17["id"] == JF17 and k2["id"] == K2
    assert (jf17["supplier"], jf17["supplier_name"], jf17["recipient_name"]) == ("PAK", "Pakistan", "Azerbaijan")
    assert (jf17["status"], jf17["variant"], jf17["value_amount"], jf17["value_currency"]) == (
        "signed", "Block III", 1.6e9, "USD")
    assert (k2["quantity"], k2["n_contradictions"], k2["n_sources"]) == (200, 1, 2)


@pytest.mark.parametrize(("params", "expected"), [
    ({"supplier": "PAK"}, [JF17]),
    ({"supplier": "Pakistan"}, [JF17]),
    ({"recipient": "Poland"}, [K2]),
    ({"recipient": "POL", "supplier": "PAK"}, []),
    ({"status": "signed"}, [JF17, K2]),
    ({"status": "delivered"}, []),
    ({"system": "jf-17"}, [JF17]),
    ({"category": "armoured vehicles"}, [K2]),
    ({"has_contradictions": "true"}, [K2]),
    ({"has_contradictions": "false"}, [JF17]),
    ({"year": 2024}, [JF17]),
    ({"year": 2022}, [K2]),
    ({"year": 2023}, []),
    ({"q": "Baku"}, [JF17]),  # a word only in the text of one of the deal's articles
    ({"q": "black panther"}, [K2]),
    ({"q": "South Korea"}, [K2]),  # a country's name (the deal stores KOR)
    ({"q": "JF17"}, [JF17]),  # the designation without its hyphen
    ({"q": "Azerbaijan", "status": "signed", "year": 2024}, [JF17]),
    ({"q": "zebra"}, []),
    ({"supplier": "", "q": ""}, [JF17, K2]),  # empty form fields are no filter
])
def test_filters(api, params, expected):
    assert ids(api.get("/api/deals", params=params)) == expected


def test_filters_are_echoed_and_facets_show_the_alternatives(api):
    body = api.get("/api/deals", params={"supplier": "Pakistan", "q": "fighter"}).json()
    assert [d["id"] for d in body["items"]] == [JF17]
    assert body["filters"]["supplier"] == "PAK" and body["filters"]["q"] == "fighter"
    assert body["filters"]["status"] is None
    # a facet applies every filter but its own: the supplier facet still offers only PAK (q=fighter rules out K2)
    assert body["facets"]["supplier"] == {"PAK": 1}
    body = api.get("/api/deals", params={"status": "signed", "supplier": "KOR"}).json()
    assert body["facets"]["supplier"] == {"KOR": 1, "PAK": 1}
    assert body["facets"]["status"] == {"signed": 1}
    assert body["facets"]["category"] == {"armoured vehicles": 1}
    assert body["facets"]["recipient"] == {"POL": 1}
    assert body["names"]["KOR"] == "South Korea"


def test_pagination(api):
    first = api.get("/api/deals", params={"per_page": 1, "sort": "id"}).json()
    assert (first["total"], first["pages"], first["page"]) == (2, 2, 1)
    second = api.get("/api/deals", params={"per_page": 1, "page": 2, "sort": "id"}).json()
    assert [d["id"] for d in first["items"]] == [K2]  # KOR-... < PAK-...
    assert [d["id"] for d in second["items"]] == [JF17]
    assert ids(api.get("/api/deals", params={"per_page": 1, "page": 3})) == []


@pytest.mark.parametrize(("sort", "expected"), [
    ("-last_reported", [JF17, K2]),
    ("last_reported", [K2, JF17]),
    ("-first_reported", [JF17, K2]),
    ("-value_usd", [K2, JF17]),
    ("value_usd", [JF17, K2]),
    ("supplier", [K2, JF17]),
    ("recipient", [JF17, K2]),
    ("system", [JF17, K2]),
    ("id", [K2, JF17]),
])
def test_sorting(api, sort, expected):
    assert ids(api.get("/api/deals", params={"sort": sort})) == expected


@pytest.mark.parametrize(("path", "params"), [
    ("/api/deals", {"page": 0}),
    ("/api/deals", {"per_page": 100000}),
    ("/api/deals", {"per_page": 0}),
    ("/api/deals", {"sort": "bogus"}),
    ("/api/deals", {"status": "bogus"}),
    ("/api/deals", {"recipient": "Atlantis"}),
    ("/api/deals", {"year": "soon"}),
    ("/api/search", {"q": "jets", "limit": 0}),
    ("/api/pairs/Atlantis/PAK", {}),
])
def test_bad_parameters_are_422(api, path, params):
    r = api.get(path, params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]


def test_unknown_ids_are_404(api):
    r = api.get("/api/deals/NO-SUCH-DEAL")
    assert r.status_code == 404 and "NO-SUCH-DEAL" in r.json()["detail"]
    r = api.get("/api/articles/no-such-article")
    assert r.status_code == 404 and "no-such-article" in r.json()["detail"]


# -- one deal, one article -------------------------------------------------------------------------------------------
def test_deal_detail_gives_both_reports_claims_with_spans(api):
    body = api.get(f"/api/deals/{JF17}").json()
    assert body["deal"]["id"] == JF17 and body["deal"]["recipient_name"] == "Azerbaijan"
    assert [s["status"] for s in body["status_history"]] == ["negotiating", "signed"]
    assert [s["date"] for s in body["status_history"]] == ["2024-01-15", "2024-02-23"]
    assert body["contradictions"] == []  # EUR 1.5 bn ≈ USD 1.6 bn at the report dates
    assert body["related"] == []
    assert [(s["article"], s["independent"]) for s in body["sources"]] == [("t-1", True), ("t-2", True)]
    assert body["claims"]["columns"] == ["status", "quantity", "value", "variant", "supplier", "recipient"]
    rows = body["claims"]["rows"]
    assert [(r["report"], r["date"], r["outlet"]) for r in rows] == [("t-1", "2024-01-15", "Test Wire"),
                                                                     ("t-2", "2024-02-23", "Other Wire")]
    first, second = rows
    assert first["cells"]["status"]["value"] == "negotiating" and second["cells"]["status"]["value"] == "signed"
    assert first["cells"]["value"]["value"].startswith("EUR 1.50 bn (≈ USD 1.")
    assert second["cells"]["value"]["value"] == "USD 1.60 bn"
    assert second["cells"]["variant"]["value"] == "Block III"
    assert first["cells"]["supplier"]["value"] == "Pakistan"
    assert not any(c["conflict"] for r in rows for c in r["cells"].values())
    texts = {a["id"]: a["text"] for a in ARTICLES}
    for row, mention in zip(rows, body["mentions"], strict=True):
        assert row["mention_id"] == mention["id"]
        s, e = row["cells"]["value"]["span"]
        assert texts[row["report"]][s:e] == mention["evidence"]["value"]
    assert texts["t-1"][slice(*first["cells"]["value"]["span"])] == "1.5 billion euros"
    assert texts["t-2"][slice(*second["cells"]["value"]["span"])] == "USD 1.6 billion"
    assert first["cells"]["quantity"] == {"value": "", "span": None, "conflict": False}
    m1 = body["mentions"][0]
    assert m1["sentence"].startswith("Azerbaijan is negotiating with Pakistan")
    assert m1["value_currency"] == "EUR" and 1.5e9 < m1["value_usd"] < 1.8e9 and m1["fx_rate"]
    assert m1["decision"]["decision"] == "new deal" and body["mentions"][1]["decision"]["decision"] == "joined"


def test_deal_detail_marks_the_contradicting_cells(api):
    body = api.get(f"/api/deals/{K2}").json()
    (c,) = body["contradictions"]
    assert c["kind"] == "quantity" and c["detail"] == "180 vs 200"
    rows = body["claims"]["rows"]
    assert [r["cells"]["quantity"]["value"] for r in rows] == ["180", "200"]
    assert [r["cells"]["quantity"]["conflict"] for r in rows] == [True, True]
    assert [r["cells"]["value"]["conflict"] for r in rows] == [False, False]
    assert {*c["side_a"], *c["side_b"]} == {r["mention_id"] for r in rows}


def test_article_detail_highlights_match_the_text(api):
    body = api.get("/api/articles/t-4").json()
    art = body["article"]
    assert art["ext_id"] == "t-4" and art["outlet"] == "Warsaw Post" and art["published"] == "2022-09-05"
    assert art["text"] == ARTICLES[3]["text"]  # the raw text: escaping it is the page's job
    hl = body["highlights"]
    assert hl and [h["start"] for h in hl] == sorted(h["start"] for h in hl)
    assert all(a["end"] <= b["start"] for a, b in zip(hl, hl[1:], strict=False))
    (m,) = body["mentions"]
    for h in hl:
        assert h["deal_id"] == K2 and h["mention_id"] == m["id"]
        assert art["text"][h["start"]:h["end"]] == m["evidence"][h["field"]]
    shown = {h["field"]: art["text"][h["start"]:h["end"]] for h in hl}
    assert shown["quantity"] == "200" and shown["recipient"] == "Poland" and shown["value"] == "USD 3.4 billion"
    # the same article by its content key
    again = api.get(f"/api/articles/{art['key']}").json()
    assert again["article"]["ext_id"] == "t-4" and again["highlights"] == hl


def test_article_detail_lists_its_events(api):
    body = api.get("/api/articles/t-1").json()
    (event,) = body["events"]
    assert event["kind"] == "meeting" and event["date"] == "2024-01-10" and event["place"] == "Islamabad"
    assert set(event["parties"]) >= {"AZE", "PAK"}


# -- pair, search, network -------------------------------------------------------------------------------------------
def test_pair_timeline(api):
    body = api.get("/api/pairs/Azerbaijan/PAK").json()
    assert body["pair"] == ["AZE", "PAK"] and body["names"] == {"AZE": "Azerbaijan", "PAK": "Pakistan"}
    assert [d["id"] for d in body["deals"]] == [JF17]
    assert [(t["date"], t["type"], t["deal_id"]) for t in body["timeline"]] == [
        ("2024-01-10", "meeting", None), ("2024-01-15", "deal", JF17)]
    meeting = body["timeline"][0]
    assert meeting["id"] == "t-1" and "Islamabad" in meeting["what"] and "10 January 2024" in meeting["evidence"]
    assert api.get("/api/pairs/POL/KOR").json()["timeline"][0]["deal_id"] == K2
    assert api.get("/api/pairs/POL/PAK").json()["timeline"] == []


def test_search_finds_a_word_of_the_text(api):
    body = api.get("/api/search", params={"q": "ministry"}).json()
    assert body["q"] == "ministry"
    (art,) = body["articles"]
    assert art["ext_id"] == "t-4" and art["published"] == "2022-09-05"
    assert art["marks"] and all(art["snippet"][s:e].lower() == "ministry" for s, e in art["marks"])
    assert [d["id"] for d in body["deals"]] == [K2]
    body = api.get("/api/search", params={"q": "Baku"}).json()
    assert [a["ext_id"] for a in body["articles"]] == ["t-1"] and [d["id"] for d in body["deals"]] == [JF17]
    body = api.get("/api/search", params={"q": "pakistan"}).json()
    assert {a["ext_id"] for a in body["articles"]} == {"t-1", "t-2"}
    assert body["deals"][0]["id"] == JF17 and body["deals"][0]["supplier_name"] == "Pakistan"


@pytest.mark.parametrize("q", ['"unbalanced', "AND OR NOT", "jets NEAR(", "title:*", "^-+", "'; DROP TABLE deals;--",
                               "<script>alert(1)</script>", "ﾟ∀ﾟ", "x" * 2000])
def test_search_is_safe_for_any_string(api, q):
    r = api.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    r = api.get("/api/deals", params={"q": q})
    assert r.status_code == 200, r.text
    assert api.get("/api/deals").json()["total"] == 2


def test_search_finds_the_script_article_as_text(api):
    body = api.get("/api/search", params={"q": "<script>alert(1)</script>"}).json()
    assert [a["ext_id"] for a in body["articles"]] == ["t-4"]


def test_network(api):
    body = api.get("/api/network").json()
    assert {n["id"]: (n["name"], n["deals"]) for n in body["nodes"]} == {
        "PAK": ("Pakistan", 1), "AZE": ("Azerbaijan", 1), "KOR": ("South Korea", 1), "POL": ("Poland", 1)}
    links = {(x["source"], x["target"]): (x["deals"], x["value_usd"]) for x in body["links"]}
    assert links == {("PAK", "AZE"): (1, 1.6e9), ("KOR", "POL"): (1, 3.4e9)}
    body = api.get("/api/network", params={"year": 2024}).json()
    assert [(x["source"], x["target"]) for x in body["links"]] == [("PAK", "AZE")]
    body = api.get("/api/network", params={"category": "armoured vehicles"}).json()
    assert [(x["source"], x["target"]) for x in body["links"]] == [("KOR", "POL")]


# -- exports ---------------------------------------------------------------------------------------------------------
def test_exports(api):
    r = api.get("/api/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == SIPRI_COLUMNS
    assert rows[0][:3] == ["Recipient", "Supplier", "Year of order"]
    assert sorted((r[0], r[1], r[11]) for r in rows[1:]) == [("Azerbaijan", "Pakistan", "signed"),
                                                            ("Poland", "South Korea", "signed")]
    r = api.get("/api/export.jsonl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in r.text.splitlines()]
    assert [x["deal"]["id"] for x in records] == [JF17, K2]
    assert [s["status"] for s in records[0]["status_history"]] == ["negotiating", "signed"]
    assert records[1]["contradictions"][0]["kind"] == "quantity"


def test_api_exports_match_the_command_line(api, built_db, capsys):
    from armswatch.cli import main

    assert main(["export", "--db", str(built_db), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == api.get("/api/export.jsonl").text


# -- writing ---------------------------------------------------------------------------------------------------------
NEW = {"id": "n-1", "outlet": "Paris Daily", "published": "2024-03-04", "title": "Rafale for Indonesia",
       "text": "Indonesia signed a contract with France for 18 Rafale fighter jets worth USD 2.5 billion.",
       "url": "https://example.org/n-1"}


def test_post_without_a_configured_token_is_401_and_says_how_to_configure(api):
    r = api.post("/api/articles", json=NEW)
    assert r.status_code == 401
    assert "ARMSWATCH_TOKEN" in r.json()["detail"] and "--token" in r.json()["detail"]
    r = api.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 401
    assert api.get("/api/deals", params={"supplier": "FRA"}).json()["total"] == 0


def test_post_needs_the_right_token(write_api):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}):
        r = write_api.post("/api/articles", json=NEW, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["www-authenticate"] == "Bearer"
    assert write_api.get("/api/deals", params={"supplier": "FRA"}).json()["total"] == 0


def test_post_ingests_and_the_deal_is_listed(write_api):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = [{"id": "b-1", "text": ""}, {"id": "b-2", "title": "no text"}, "just a string", {"id": "b-3", "text": 5}]
    r = write_api.post("/api/articles", json=[NEW, *bad, ARTICLES[0]], headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["new"], body["known"]) == (1, 1)
    assert body["mentions"] == 1 and body["deals"] == ["FRA-IDN-RAFALE-2024"]
    assert [(f["index"], f["id"], f["code"]) for f in body["failed"]] == [
        (1, "b-1", "E105"), (2, "b-2", "E102"), (3, None, "E102"), (4, "b-3", "E102")]
    assert all(f["error"].startswith(f"POST /api/articles[{f['index']}]: [{f['code']}]") for f in body["failed"])
    listed = write_api.get("/api/deals", params={"supplier": "France"}).json()
    assert [d["id"] for d in listed["items"]] == ["FRA-IDN-RAFALE-2024"]
    deal = listed["items"][0]
    assert (deal["quantity"], deal["value_amount"], deal["status"]) == (18, 2.5e9, "signed")
    assert write_api.get("/api/deals").json()["total"] == 3
    assert [d["id"] for d in write_api.get("/api/search", params={"q": "Rafale"}).json()["deals"]] == [
        "FRA-IDN-RAFALE-2024"]
    assert write_api.get("/api/articles/n-1").json()["article"]["url"] == "https://example.org/n-1"
    # one object (not a list); the same text again stores nothing
    again = write_api.post("/api/articles", json=NEW, headers=auth).json()
    assert (again["new"], again["known"], again["deals"]) == (0, 1, [])
    assert write_api.get("/api/deals").json()["total"] == 3


def test_post_bad_bodies_are_422_not_500(write_api):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = write_api.post("/api/articles", content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422
    r = write_api.post("/api/articles", content=json.dumps(NEW).encode(),
                       headers={**auth, "Content-Type": "application/x-www-form-urlencoded"})  # curl -d's default
    assert r.status_code == 200 and r.json()["new"] == 1
    r = write_api.post("/api/articles", content=b"id=3&text=x",
                       headers={**auth, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 422 and "application/json" in r.json()["detail"]
    r = write_api.post("/api/articles", json=[], headers=auth)
    assert r.status_code == 422 and "no articles" in r.json()["detail"]
    r = write_api.post("/api/articles", json={"text": 3}, headers=auth)
    assert r.status_code == 200 and r.json()["failed"][0]["code"] == "E102"


def test_token_from_the_environment(built_db, monkeypatch):
    monkeypatch.setenv("ARMSWATCH_TOKEN", "from-env")
    assert create_app(str(built_db)).state.token == "from-env"
    assert create_app(str(built_db), token="given").state.token == "given"
    monkeypatch.delenv("ARMSWATCH_TOKEN")
    assert create_app(str(built_db)).state.token is None


# -- the store -------------------------------------------------------------------------------------------------------
def test_a_version_2_store_is_migrated_and_its_search_index_filled(built_db, tmp_path):
    db = tmp_path / "v2.db"
    shutil.copy(built_db, db)
    with Store(db) as store:  # make it what version 2 wrote: no search tables, no triggers, no new indexes
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update", "deals_fts_delete"):
            store.db.execute(f"DROP TRIGGER {trigger}")
        for table in ("articles_fts", "deals_fts"):
            store.db.execute(f"DROP TABLE {table}")
        for index in ("deals_status", "deals_last_reported", "deals_category"):
            store.db.execute(f"DROP INDEX {index}")
        store.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        store.db.commit()
    with contextlib.closing(sqlite3.connect(db)) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "articles_fts" not in tables and "deals_fts" not in tables and "deals" in tables
        assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    with Store(db) as store:  # opening it migrates
        assert store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION) == "4"
        assert store.db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Baku'").fetchone()[0] == 1
        assert store.db.execute("SELECT COUNT(*) FROM deals_fts").fetchone()[0] == 2
        assert {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")} >= {
            "deals_status", "deals_last_reported", "deals_category"}
    with running(db, token=None) as client:
        assert [a["ext_id"] for a in client.get("/api/search", params={"q": "Baku"}).json()["articles"]] == ["t-1"]
        assert ids(client.get("/api/deals", params={"q": "South Korea"})) == [K2]


def test_the_search_index_follows_a_rebuild(built_db, tmp_path):
    from armswatch.merge import rebuild

    db = tmp_path / "r.db"
    shutil.copy(built_db, db)
    with Store(db) as store:
        rebuild(store)  # deals deleted and written again
        assert store.db.execute("SELECT COUNT(*) FROM deals_fts").fetchone()[0] == 2
        assert sorted(r[0] for r in store.db.execute("SELECT deal_id FROM deals_fts WHERE deals_fts MATCH "
                                                     "'\"Poland\"'")) == [K2]


# -- the command -----------------------------------------------------------------------------------------------------
def test_serve_help_has_an_example():
    res = subprocess.run([sys.executable, "-m", "armswatch.cli", "serve", "--help"], capture_output=True, text=True,
                         check=True)
    assert "example" in res.stdout and "armswatch serve" in res.stdout and "--token" in res.stdout


def test_armswatch_serve_runs_the_server(built_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(built_db, db)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "ARMSWATCH_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "armswatch.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/deals", params={"recipient": "AZE"}, timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "armswatch serve did not answer"
                time.sleep(0.1)
        assert ids(r) == [JF17]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in err and "/docs" in err
