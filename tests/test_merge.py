"""One deal, many reports: merge decisions, consolidated fields, contradictions, status history
(armswatch.merge), on a real SQLite file."""

from __future__ import annotations

import pytest

from armswatch.merge import find_contradictions, is_refinement, merge, status_history
from armswatch.models import Article, Mention
from armswatch.normalize import to_usd
from armswatch.store import Store


def _m(**kw) -> Mention:
    base = dict(supplier="PAK", recipient="AZE", system="JF-17", category="aircraft", status="signed",
                spans={"system": (0, 5)}, sentence=(0, 10))
    base.update(kw)
    return Mention(**base)


def _add(store: Store, text: str, published: str | None, *mentions: Mention) -> None:
    art = Article(text=text, id=text[:12], published=published)
    store.add_article(art)
    fx = [to_usd(m.value_amount, m.value_currency, published, ingested="2026-01-01") if m.value_amount else None
          for m in mentions]
    store.replace_mentions(art, list(mentions), "test", fx)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "m.db") as s:
        yield s


def test_eur_and_usd_reports_agree_after_fx_and_status_progresses(store):
    _add(store, "report one", "2024-01-15", _m(status="negotiating", value_amount=1.5e9, value_currency="EUR"))
    _add(store, "report two", "2024-02-23", _m(status="signed", variant="Block III", value_amount=1.6e9,
                                               value_currency="USD"))
    merge(store)
    (deal,) = store.deals()
    assert deal["id"] == "PAK-AZE-JF17-2024"
    assert deal["status"] == "signed" and deal["variant"] == "Block III"
    assert (deal["value_amount"], deal["value_currency"]) == (1.6e9, "USD")
    assert deal["fields"]["value"]["rule"] == "most recent report that states it"
    assert deal["fields"]["variant"]["rule"] == "most specific variant stated"
    assert store.contradictions(deal["id"]) == []
    assert [s["status"] for s in store.status_history(deal["id"])] == ["negotiating", "signed"]
    assert [s["date"] for s in store.status_history(deal["id"])] == ["2024-01-15", "2024-02-23"]
    m1, m2 = store.mentions(deal_id=deal["id"])
    assert m1["value_usd"] == pytest.approx(1.5e9 / m1["fx_rate"]) and m1["fx_source"].startswith("ECB")
    decisions = store.decisions(deal["id"])
    assert decisions[m1["id"]]["decision"] == "new deal"
    assert decisions[m2["id"]]["decision"] == "joined"


def test_amendment_stays_one_deal_and_is_not_a_contradiction(store):
    _add(store, "first", "2024-02-23", _m(quantity=8, value_amount=1.6e9, value_currency="USD"))
    _add(store, "grown", "2025-06-10", _m(quantity=40, value_amount=4.6e9, value_currency="USD", amendment=True))
    merge(store)
    (deal,) = store.deals()
    assert (deal["quantity"], deal["value_amount"]) == (40, 4.6e9)
    assert store.contradictions(deal["id"]) == []
    assert list(store.decisions(deal["id"]).values())[-1]["decision"] == "amendment"


def test_followon_order_is_a_second_related_deal(store):
    _add(store, "base order", "2018-10-05", _m(supplier="RUS", recipient="IND", system="S-400", quantity=5))
    _add(store, "more later", "2025-06-28", _m(supplier="RUS", recipient="IND", system="S-400", status="rumoured",
                                                followon=True))
    merge(store)
    ids = sorted(d["id"] for d in store.deals())
    assert ids == ["RUS-IND-S400-2018", "RUS-IND-S400-2025"]
    assert store.deal("RUS-IND-S400-2025")["related"] == ["RUS-IND-S400-2018"]


def test_order_year_separates_two_orders(store):
    _add(store, "new order", "2025-04-28", _m(supplier="FRA", recipient="IND", system="Rafale", variant="Rafale M"))
    _add(store, "old order", "2025-04-29", _m(supplier="FRA", recipient="IND", system="Rafale", order_year=2016,
                                              status="delivered", salience="background"))
    merge(store)
    assert sorted(d["id"] for d in store.deals()) == ["FRA-IND-RAFALE-2016", "FRA-IND-RAFALE-2025"]


def test_new_order_years_after_delivery(store):
    _add(store, "delivered", "2015-01-01", _m(status="delivered"))
    _add(store, "new talks", "2021-01-01", _m(status="negotiating"))
    merge(store)
    assert len(store.deals()) == 2


def test_value_quantity_status_and_variant_contradictions(store):
    _add(store, "a", "2023-08-22", _m(supplier="USA", recipient="POL", system="AH-64", status="approved",
                                     value_amount=12e9, value_currency="USD", quantity=96, variant="AH-64E"))
    _add(store, "b", "2024-08-13", _m(supplier="USA", recipient="POL", system="AH-64", value_amount=10e9,
                                     value_currency="USD", quantity=96, variant="AH-64E"))
    _add(store, "c", "2024-09-01", _m(supplier="USA", recipient="POL", system="AH-64", status="negotiating",
                                     quantity=60, variant="AH-64D"))
    merge(store)
    kinds = {c["kind"]: c for c in store.contradictions("USA-POL-AH64-2023")}
    assert set(kinds) == {"value", "quantity", "status regression", "variant"}
    ms = {m["ext_id"]: m["id"] for m in store.mentions(deal_id="USA-POL-AH64-2023")}
    assert kinds["value"]["side_a"] == [ms["b"]] and kinds["value"]["side_b"] == [ms["a"]]
    assert kinds["status regression"]["side_b"] == [ms["c"]]
    assert kinds["quantity"]["detail"] == "60 vs 96"
    # a user-set tolerance: USD 10 bn vs 12 bn is within 20 %
    loose = find_contradictions(store.mentions(deal_id="USA-POL-AH64-2023"), tolerance=0.2)
    assert "value" not in {c["kind"] for c in loose}


def test_party_contradiction_across_suppliers(store):
    _add(store, "pak says", "2024-02-23", _m())
    _add(store, "chn says", "2024-03-01", _m(supplier="CHN"))
    merge(store)
    for deal_id in ("PAK-AZE-JF17-2024", "CHN-AZE-JF17-2024"):
        (c,) = store.contradictions(deal_id)
        assert c["kind"] == "party"


def test_refinement_is_not_a_conflict():
    assert is_refinement("Block III", "JF-17C Block-III")
    assert is_refinement(None, "Block III")
    assert not is_refinement("AH-64E", "AH-64D")


def test_syndicated_copies_are_not_independent_sources(tmp_path):
    from armswatch.run import process

    body = " ".join(f"Sentence {i} says that Ruritania will buy twelve JF-17 jets from Pakistan for its air force."
                    for i in range(40))
    src = tmp_path / "copies.jsonl"
    import json

    src.write_text("\n".join(json.dumps(x) for x in [
        {"id": "orig", "published": "2024-03-01", "text": "Pakistan has signed a contract to sell 12 JF-17 jets to "
                                                            "Nigeria. " + body},
        {"id": "copy", "published": "2024-03-02", "text": "(Wire) Pakistan has signed a contract to sell 12 JF-17 "
                                                            "jets to Nigeria. " + body + " Read more online."},
    ]), encoding="utf-8")
    stats = process([str(src)], str(tmp_path / "c.db"), progress=False)
    assert stats.copies == 1
    with Store(tmp_path / "c.db") as s:
        (deal,) = [d for d in s.deals() if d["recipient"] == "NGA"]
        assert (deal["n_mentions"], deal["n_sources"]) == (2, 1)


def test_status_history_groups_by_date():
    ms = [{"id": 1, "published": "2024-01-01", "status": "negotiating"},
          {"id": 2, "published": "2024-01-01", "status": "negotiating"},
          {"id": 3, "published": "2024-02-01", "status": "signed"}]
    assert status_history(ms) == [{"status": "negotiating", "date": "2024-01-01", "mentions": [1, 2]},
                                  {"status": "signed", "date": "2024-02-01", "mentions": [3]}]
