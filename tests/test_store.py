"""The SQLite store: a real file, idempotent article keys, mentions with spans, merge into deals."""

from __future__ import annotations

import sqlite3

import pytest

from armswatch.errors import ArmswatchError
from armswatch.merge import merge, rebuild
from armswatch.models import Article, Mention
from armswatch.store import Store


def _mention(**kw) -> Mention:
    base = dict(supplier="PAK", recipient="AZE", system="JF-17", category="aircraft", status="negotiating",
                spans={"system": (10, 15)}, sentence=(0, 40))
    base.update(kw)
    return Mention(**base)


def test_store_is_a_real_wal_file(tmp_path):
    path = tmp_path / "a.db"
    with Store(path) as store:
        assert store.add_article(Article(text="Some text.", id="x-1"))
        store.db.commit()
    assert path.exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT ext_id FROM articles").fetchall() == [("x-1",)]


def test_same_text_is_stored_once(tmp_path):
    with Store(tmp_path / "a.db") as store:
        assert store.add_article(Article(text="Pakistan sells jets.\n", id="a"))
        assert not store.add_article(Article(text="  Pakistan   sells jets. ", id="b"))
        assert store.count("articles") == 1


def test_half_written_or_foreign_file_gets_a_coded_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ArmswatchError) as err:
        Store(bad)
    assert err.value.code == "E301"
    assert str(bad) in str(err.value)


def test_mentions_keep_spans_and_merge_into_one_deal_per_block(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a1 = Article(text="first report text", id="r1", published="2024-01-10")
        a2 = Article(text="second report text", id="r2", published="2024-02-23")
        a3 = Article(text="third report text", id="r3", published="2024-03-01")
        for a in (a1, a2, a3):
            store.add_article(a)
        store.replace_mentions(a1, [_mention(value_amount=1.5e9, value_currency="EUR")], "t")
        store.replace_mentions(a2, [_mention(status="signed", variant="Block III", value_amount=1.6e9,
                                             value_currency="USD", quantity=8)], "t")
        store.replace_mentions(a3, [_mention(supplier="KOR", recipient="POL", system="K2")], "t")
        store.db.commit()
        counts = merge(store)
        assert counts["deals_created"] == 2
        deal = store.deal("PAK-AZE-JF17-2024")
        assert deal is not None
        assert deal["n_mentions"] == 2
        assert deal["status"] == "signed"  # the most recent report
        assert deal["variant"] == "Block III"
        assert (deal["value_amount"], deal["value_currency"]) == (1.6e9, "USD")
        assert (deal["first_reported"], deal["last_reported"]) == ("2024-01-10", "2024-02-23")
        ms = store.mentions(deal_id="PAK-AZE-JF17-2024")
        assert [m["ext_id"] for m in ms] == ["r1", "r2"]
        assert ms[0]["spans"] == {"system": [10, 15]}
        # merging again changes nothing; rebuilding gives the same ids
        assert merge(store)["mentions"] == 0
        rebuild(store)
        assert {d["id"] for d in store.deals()} == {"PAK-AZE-JF17-2024", "KOR-POL-K2-2024"}


def test_followon_order_is_a_second_deal(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a1 = Article(text="base", id="r1", published="2018-10-05")
        a2 = Article(text="more", id="r2", published="2025-06-28")
        store.add_article(a1)
        store.add_article(a2)
        store.replace_mentions(a1, [_mention(supplier="RUS", recipient="IND", system="S-400")], "t")
        store.replace_mentions(a2, [_mention(supplier="RUS", recipient="IND", system="S-400"),
                                    _mention(supplier="RUS", recipient="IND", system="S-400", followon=True)], "t")
        merge(store)
        ids = sorted(d["id"] for d in store.deals())
        assert ids == ["RUS-IND-S400-2018", "RUS-IND-S400-2025"]
        assert store.deal("RUS-IND-S400-2025")["followon"] == 1
