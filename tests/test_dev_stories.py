"""The multi-report stories of the dev corpus (../shared/corpora/dev): the contradictions a careful reader sees,
follow-on orders and amendments, as the gold records' notes describe them."""

from __future__ import annotations

import pytest

from armswatch.cli import main
from armswatch.store import Store

from .conftest import shared_path


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory):
    articles = shared_path("corpora", "dev", "articles.jsonl")
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    assert main(["ingest", str(articles), "--db", str(db), "-q"]) == 0
    with Store(db) as store:
        yield store


def _deal(store: Store, sup: str, rec: str, system: str, year: str | None = None) -> dict:
    found = [d for d in store.deals(supplier=sup, recipient=rec) if d["system"] == system
             and (year is None or d["id"].endswith(year))]
    assert len(found) == 1, found
    return found[0]


def _kinds(store: Store, deal_id: str) -> dict[str, dict]:
    return {c["kind"]: c for c in store.contradictions(deal_id)}


def _reports(store: Store, ids: list[int]) -> set[str]:
    by_id = {m["id"]: m["ext_id"] for m in store.mentions()}
    return {by_id[i] for i in ids}


def test_apache_signed_value_contradicts_the_approval_ceiling(dev_store):
    # d-021: "$10bn signed value vs $12bn approval ceiling (same deal)"
    deal = _deal(dev_store, "USA", "POL", "AH-64")
    c = _kinds(dev_store, deal["id"])["value"]
    assert "d-021" in _reports(dev_store, c["side_a"])
    assert {"d-017", "d-009"} <= _reports(dev_store, c["side_b"])
    assert deal["quantity"] == 96


def test_s400_rupee_figure_contradicts_the_dollar_figure(dev_store):
    # d-030: "Rs 35,000 crore vs $5.43 billion elsewhere"; compared in USD at each report's date
    deal = _deal(dev_store, "RUS", "IND", "S-400", "2018")
    c = _kinds(dev_store, deal["id"])["value"]
    assert "d-030" in _reports(dev_store, c["side_a"])
    assert "d-014" in _reports(dev_store, c["side_b"])


def test_kaan_mou_contradicts_the_signed_contract(dev_store):
    # d-024 "CONTRADICTS d-007: recipient's ministry says only a non-binding MoU exists"
    deal = _deal(dev_store, "TUR", "IDN", "KAAN")
    c = _kinds(dev_store, deal["id"])["status regression"]
    assert _reports(dev_store, c["side_a"]) == {"d-007"}
    assert _reports(dev_store, c["side_b"]) == {"d-024"}
    history = dev_store.status_history(deal["id"])
    assert [s["status"] for s in history][:2] == ["signed", "negotiating"]


def test_fa50_framework_signed_then_executive_contract_pending(dev_store):
    # d-010: the FA-50 framework was signed (d-006) but its executive contract is still to be signed
    deal = _deal(dev_store, "KOR", "POL", "FA-50")
    c = _kinds(dev_store, deal["id"])["status regression"]
    assert _reports(dev_store, c["side_a"]) == {"d-006"}
    assert _reports(dev_store, c["side_b"]) == {"d-010"}


def test_k9_framework_quantity_differs_from_the_first_contract(dev_store):
    # framework articles carry the framework quantity (648), executive-contract articles the contract's (212)
    deal = _deal(dev_store, "KOR", "POL", "K9", "2022")
    assert _kinds(dev_store, deal["id"])["quantity"]["detail"] == "212 vs 648"


def test_jf17_expansion_is_one_growing_deal_not_a_contradiction(dev_store):
    # d-012: the 2024 order enlarged to 40 jets and US$4.6bn stays PAK-AZE-JF17-2024
    deal = _deal(dev_store, "PAK", "AZE", "JF-17")
    assert deal["id"] == "PAK-AZE-JF17-2024"
    assert (deal["quantity"], deal["value_amount"], deal["value_currency"]) == (40, 4.6e9, "USD")
    assert "value" not in _kinds(dev_store, deal["id"])
    assert {"d-seed-000", "d-seed-001", "d-012", "d-018"} <= {m["ext_id"] for m in
                                                               dev_store.mentions(deal_id=deal["id"])}


def test_followon_orders_are_separate_related_deals(dev_store):
    # "RUS-IND-S400-2018 vs the rumoured follow-on RUS-IND-S400-2025"; "KOR-POL-K2-2022 vs KOR-POL-K2-2025"
    s400 = [d for d in dev_store.deals(supplier="RUS", recipient="IND") if d["system"] == "S-400"]
    assert len(s400) == 2
    later = max(s400, key=lambda d: d["id"])
    assert later["followon"] == 1 and later["status"] == "rumoured"
    assert later["related"] == [min(s400, key=lambda d: d["id"])["id"]]
    k2 = [d for d in dev_store.deals(supplier="KOR", recipient="POL") if d["system"] == "K2"]
    assert sorted(d["id"][-4:] for d in k2) == ["2022", "2025"]
