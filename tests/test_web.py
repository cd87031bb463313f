"""The HTML pages (armswatch.serve.web) through the real app: every page, its JSON twin, escaping, CSP, 404s.

The store is built from our own sentences: two reports of a Pakistan → Azerbaijan JF-17 deal (EUR 1.5 bn while
negotiating, then USD 1.6 bn signed for Block III) and a report whose text carries a script tag."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from armswatch.run import process  # noqa: E402
from armswatch.serve import queries  # noqa: E402
from armswatch.serve.app import create_app  # noqa: E402
from armswatch.serve.web import segments  # noqa: E402
from armswatch.store import Store  # noqa: E402

REPORTS = [
    {"id": "w-1", "outlet": "Test Wire", "published": "2024-01-15", "title": "Azerbaijan in talks over JF-17",
     "text": "Azerbaijan is negotiating with Pakistan to buy JF-17 fighter jets worth 1.5 billion euros."},
    {"id": "w-2", "outlet": "Other Post", "published": "2024-02-23", "title": "JF-17 contract signed",
     "text": "Azerbaijan has signed a contract with Pakistan for JF-17C Block-III fighters worth USD 1.6 billion."},
    {"id": "w-xss", "outlet": "Evil <b>Wire</b>", "published": "2024-03-01",
     "title": "<script>alert(1)</script> in the title",
     "text": "<script>alert(1)</script> Pakistan has agreed to sell 12 JF-17 fighters to Nigeria in a deal "
             "worth $300 million."},
]
JF17 = "PAK-AZE-JF17-2024"
NGA = "PAK-NGA-JF17-2024"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("web")
    path = tmp / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    db = str(tmp / "web.db")
    process([str(path)], db, progress=False, jobs=1)
    return db


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def query(db: str, fn, *args, **kwargs):
    with Store(db) as store:
        return fn(store, *args, **kwargs)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside elements of given ids."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.script_json: dict[str, str] = {}
        self._json_id: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "script" and a.get("type") == "application/json":
            self._json_id = a.get("id", "")
            self.script_json[self._json_id] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._json_id = None

    def handle_data(self, data: str) -> None:
        if self._json_id is not None:
            self.script_json[self._json_id] += data

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
        def matches(a: dict[str, str], key: str, value: str) -> bool:
            key = key.rstrip("_").replace("_", "-")
            return value in a.get("class", "").split() if key == "class" else a.get(key) == value

        return [a for t, a in self.tags if (not tag or t == tag) and all(matches(a, k, v) for k, v in attrs.items())]


def page(client: TestClient, path: str, status: int = 200) -> Elements:
    r = client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return Elements(r.text)


# ---------------------------------------------------------------- deal list


def test_list_page_lists_the_deals_with_facets_and_sortable_headers(client):
    r = client.get("/deals")
    assert r.status_code == 200
    doc = Elements(r.text)
    assert doc.find(id="deal-list") and doc.find("form", id="filters")
    rows = doc.find("tr", class_="deal-row")
    assert {row["data-deal"] for row in rows} == {JF17, NGA}
    assert "2 deals" in r.text
    assert f'href="/deals/{JF17}"' in r.text
    # headers are links that set the sort, keeping the filters
    assert 'href="/deals?sort=-value_usd"' in r.text and 'href="/deals?sort=supplier"' in r.text
    # facet counts
    assert doc.find("ul", class_="facet", data_facet="supplier")
    assert re.search(r"Pakistan</a> <span class=\"count\">2</span>", r.text)
    assert client.get("/").text == r.text


def test_list_filters_work(client):
    doc = page(client, "/deals?supplier=PAK&recipient=AZE&system=&category=&status=&year=&q=")
    assert [row["data-deal"] for row in doc.find("tr", class_="deal-row")] == [JF17]
    doc = page(client, "/deals?recipient=Nigeria")
    assert [row["data-deal"] for row in doc.find("tr", class_="deal-row")] == [NGA]
    assert [row["data-deal"] for row in page(client, "/deals?q=Block").find("tr", class_="deal-row")] == [JF17]
    r = client.get("/deals?status=delivered")
    assert "No deals match these filters" in r.text and "0 deals" in r.text
    # the form keeps what was asked
    doc = page(client, "/deals?supplier=PAK&has_contradictions=0&sort=id")
    assert doc.find("input", name="supplier", value="PAK")
    assert doc.find("input", type="hidden", name="sort", value="id")
    # the sort links keep the filters and cycle direction
    r = client.get("/deals?supplier=PAK&sort=-value_usd")
    assert 'href="/deals?supplier=PAK&amp;sort=value_usd"' in r.text
    assert 'aria-sort="descending"' in r.text


def test_pagination_links(client):
    r = client.get("/deals?per_page=1")
    doc = Elements(r.text)
    assert len(doc.find("tr", class_="deal-row")) == 1
    assert 'href="/deals?per_page=1&amp;page=2"' in r.text and 'rel="next"' in r.text
    r = client.get("/deals?per_page=1&page=2")
    assert 'rel="prev"' in r.text and 'rel="next"' not in r.text


def test_bad_list_parameters_are_422(client):
    r = client.get("/deals?sort=bogus")
    assert r.status_code == 422 and "unknown sort" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.get("/deals.json?year=abc")
    assert r.status_code == 422 and "year" in r.json()["detail"]


# ---------------------------------------------------------------- deal page


def test_deal_page_shows_claims_evidence_chart_and_sources(client, db):
    r = client.get(f"/deals/{JF17}")
    assert r.status_code == 200
    doc = Elements(r.text)
    detail = query(db, queries.deal_detail, JF17)
    # the embedded data is the deal_detail dict
    assert json.loads(doc.script_json["deal-data"]) == detail
    # one claims row per report, each value clickable with its mention and field
    rows = doc.find("tr", class_="claim-row")
    assert sorted(int(row["data-mention"]) for row in rows) == sorted(m["id"] for m in detail["mentions"])
    assert len(rows) == 2
    cells = doc.find(class_="claim-cell")
    assert {c["data-field"] for c in cells} >= {"status", "value", "supplier", "recipient"}
    assert all(c["data-mention"].isdigit() for c in cells)
    claims_html = r.text[r.text.index('id="claims"'):r.text.index("</table>", r.text.index('id="claims"'))]
    assert "negotiating" in claims_html and "signed" in claims_html and "EUR 1.5" in claims_html
    assert doc.find(id="evidence-panel")
    # consolidated fields with their rules
    assert "most advanced stage any report asserts" in r.text and "most specific variant stated" in r.text
    # status chart: an inline SVG, one point per step, labelled with status and date
    assert doc.find("svg", id="status-chart")
    chart = r.text[r.text.index('id="status-chart"'):r.text.index("</svg>", r.text.index('id="status-chart"'))]
    assert chart.count("<circle") == 2
    assert "2024-01-15" in chart and "2024-02-23" in chart and ">negotiating</text>" in chart
    # no contradictions, said so
    assert "No contradictions" in r.text and not doc.find(class_="contradiction")
    # both reports are independent sources; merge decisions with reasons; article links with span anchors
    assert "Independent (2)" in r.text and "Syndicated copies (0)" in r.text
    assert "new deal" in r.text and "joined" in r.text
    assert re.search(r'href="/articles/[0-9a-f]+#s-\d+"', r.text)


def test_each_report_lists_what_it_said_as_written(client):
    r = client.get(f"/deals/{JF17}")
    said = re.findall(r'<ul class="as-said">(.*?)</ul>', r.text)
    assert [re.findall(r"<li[^>]*>(.*?)</li>", x) for x in said] == [
        ["“JF-17” · 1.5 billion euros"], ["“JF-17C Block-III” · USD 1.6 billion"]]
    # each item carries its sentence
    assert re.findall(r'<li title="([^"]*)"', said[0]) == [REPORTS[0]["text"]]


def test_a_single_step_status_history_still_draws(client):
    r = client.get(f"/deals/{NGA}")
    chart = r.text[r.text.index('id="status-chart"'):r.text.index("</svg>", r.text.index('id="status-chart"'))]
    assert chart.count("<circle") == 1 and ">signed</text>" in chart and "2024-03-01" in chart


def test_contradicting_cells_are_marked(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [
        {"id": "c-1", "published": "2024-02-23", "outlet": "A", "text": "Azerbaijan has signed a contract with "
         "Pakistan for 24 JF-17 fighters worth USD 1.6 billion."},
        {"id": "c-2", "published": "2024-03-01", "outlet": "B", "text": "Azerbaijan has signed a contract with "
         "Pakistan for 40 JF-17 fighters worth USD 4.6 billion."},
    ]), encoding="utf-8")
    db = str(tmp_path / "c.db")
    process([str(path)], db, progress=False, jobs=1)
    (deal,) = query(db, queries.list_deals)["items"]
    detail = query(db, queries.deal_detail, deal["id"])
    if not detail["contradictions"]:
        pytest.skip("the merge does not see these two reports as contradicting")
    r = TestClient(create_app(db)).get(f"/deals/{deal['id']}")
    doc = Elements(r.text)
    assert len(doc.find(class_="contradiction")) == len(detail["contradictions"])
    conflicted = {(str(row["mention_id"]), col) for row in detail["claims"]["rows"]
                  for col, cell in row["cells"].items() if cell["conflict"]}
    marked = {(c["data-mention"], c["data-field"]) for c in doc.find(class_="claim-cell")
              if "conflict" in c["class"].split()}
    assert marked == conflicted and marked


# ---------------------------------------------------------------- articles and escaping


def test_article_page_marks_every_highlight(client, db):
    detail = query(db, queries.article_detail, "w-2")
    r = client.get("/articles/w-2")
    doc = Elements(r.text)
    marks = [m for m in doc.find("mark") if "data-mention" in m]
    assert [(int(m["id"][2:]), m["class"]) for m in marks] == [
        (h["start"], f"f-{h['field']}") for h in detail["highlights"]]
    assert doc.find(id="article-text")
    # the article text reads the same once the tags are taken away
    inner = r.text[r.text.index('id="article-text"'):]
    inner = inner[inner.index(">") + 1:inner.index("</div>")]
    assert re.sub(r"<[^>]+>", "", inner) == detail["article"]["text"]
    assert client.get(f"/articles/{detail['article']['key']}").status_code == 200


def test_stored_script_shows_as_text(client, db):
    r = client.get("/articles/w-xss")
    assert r.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "<script>alert" not in r.text and "<b>Wire" not in r.text
    for path in ("/deals", f"/deals/{NGA}", "/search?q=alert", "/pairs/PAK/NGA", "/network"):
        text = client.get(path).text
        assert "<script>alert" not in text, path
        assert "</script><" not in text.replace("</script>\n<", "")  # no early end of an embedded JSON block
    # the embedded JSON still holds the text exactly
    doc = page(client, f"/deals/{NGA}")
    data = json.loads(doc.script_json["deal-data"])
    assert data["mentions"][0]["sentence"].startswith("<script>alert(1)</script>")


def test_html_pages_carry_a_csp_and_run_no_inline_script(client):
    for path in ("/", "/deals", f"/deals/{JF17}", "/articles/w-1", "/pairs/PAK/AZE", "/network", "/search?q=JF-17",
                 "/search", "/deals/NOPE"):
        r = client.get(path)
        csp = r.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp, path
        for tag, attrs in Elements(r.text).tags:
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/json", path
            assert not any(k.startswith("on") for k in attrs), (path, tag)
            assert "style" not in attrs, (path, tag)  # CSP blocks inline styles
    assert client.get("/static/armswatch.js").status_code == 200
    assert client.get("/static/armswatch.css").status_code == 200


# ---------------------------------------------------------------- pairs, network, search


def test_pair_page(client):
    r = client.get("/pairs/PAK/AZE")
    assert r.status_code == 200
    doc = Elements(r.text)
    assert [row for row in doc.find("tr", class_="deal-row")] and f"/deals/{JF17}" in r.text
    assert doc.find("svg", id="pair-chart") and "Pakistan and Azerbaijan" in r.text
    assert client.get("/pairs/Pakistan/Azerbaijan").status_code == 200
    assert client.get("/pairs/PAK/Nowhereland").status_code == 422


def test_network_page_embeds_its_data(client, db):
    r = client.get("/network")
    doc = Elements(r.text)
    assert doc.find("svg", id="network-svg")
    assert json.loads(doc.script_json["network-data"]) == query(db, queries.network)
    doc = page(client, "/network?year=2024&category=aircraft")
    assert json.loads(doc.script_json["network-data"]) == query(db, queries.network, year=2024, category="aircraft")
    assert doc.find("option", value="aircraft", selected="")
    assert "No deals match" in client.get("/network?year=1990").text


def test_search_page(client):
    r = client.get("/search?q=Block")
    assert r.status_code == 200 and f"/deals/{JF17}" in r.text and "/articles/" in r.text
    assert 'value="Block"' in r.text
    r = client.get("/search?q=alert")
    assert "<script>alert" not in r.text
    assert "No deals match" in client.get("/search?q=zzzzunknown").text
    assert client.get("/search").status_code == 200


# ---------------------------------------------------------------- JSON twins


def test_every_json_twin_is_the_query_result(client, db):
    key = query(db, queries.article_detail, "w-1")["article"]["key"]
    twins = {
        "/deals.json": query(db, queries.list_deals),
        "/deals.json?supplier=PAK&recipient=&sort=id&per_page=1&page=2":
            query(db, queries.list_deals, supplier="PAK", sort="id", per_page=1, page=2),
        "/deals.json?has_contradictions=false&year=2024":
            query(db, queries.list_deals, has_contradictions=False, year=2024),
        f"/deals/{JF17}.json": query(db, queries.deal_detail, JF17),
        "/articles/w-xss.json": query(db, queries.article_detail, "w-xss"),
        f"/articles/{key}.json": query(db, queries.article_detail, key),
        "/pairs/PAK/AZE.json": query(db, queries.pair_detail, "PAK", "AZE"),
        "/network.json": query(db, queries.network),
        "/network.json?year=2024": query(db, queries.network, year=2024),
        "/search.json?q=JF-17": query(db, queries.search, "JF-17"),
        "/search.json?q=JF-17&limit=1": query(db, queries.search, "JF-17", limit=1),
    }
    for path, expected in twins.items():
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert r.headers["content-type"].startswith("application/json")
        assert r.json() == json.loads(json.dumps(expected)), path


def test_accept_header_gives_the_json_twin(client, db):
    headers = {"Accept": "application/json"}
    assert client.get("/deals", headers=headers).json() == json.loads(json.dumps(query(db, queries.list_deals)))
    assert client.get("/", headers=headers).json() == json.loads(json.dumps(query(db, queries.list_deals)))
    assert client.get(f"/deals/{JF17}", headers=headers).json() == json.loads(
        json.dumps(query(db, queries.deal_detail, JF17)))
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    assert client.get("/deals", headers=browser).headers["content-type"].startswith("text/html")


# ---------------------------------------------------------------- 404s and empty states


def test_unknown_deal_and_article_are_404(client):
    for path in ("/deals/NO-SUCH-DEAL", "/articles/no-such-article"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "Not found" in r.text and "content-security-policy" in r.headers
        r = client.get(path + ".json")
        assert r.status_code == 404 and "detail" in r.json()
        r = client.get(path, headers={"Accept": "application/json"})
        assert r.status_code == 404 and "detail" in r.json()


def test_an_empty_store_says_how_to_fill_it(tmp_path):
    client = TestClient(create_app(str(tmp_path / "empty.db")))
    r = client.get("/deals")
    assert r.status_code == 200 and "No deals yet" in r.text and "armswatch ingest FILE" in r.text
    assert "0 deals" in r.text
    r = client.get("/network")
    assert r.status_code == 200 and "No deals yet" in r.text
    assert client.get("/deals.json").json()["total"] == 0


# ---------------------------------------------------------------- pieces of text


def test_segments_cut_text_into_escaped_pieces():
    text = "Ünïcode 🚀 Pakistan sells JF-17"
    start = text.index("Pakistan")
    spans = [{"start": start + 100, "end": start + 108, "field": "supplier"},  # offset by 100: the sentence start
             {"start": start + 102, "end": start + 105, "field": "overlap"},
             {"start": 90, "end": 95, "field": "outside"}]
    pieces = segments(text, spans, offset=100)
    assert "".join(p["text"] for p in pieces) == text
    marked = [(p["text"], p["span"]["field"], p["start"]) for p in pieces if p["span"]]
    assert marked == [("Pakistan", "supplier", start + 100)]
    assert segments("", []) == []

