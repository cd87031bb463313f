"""End to end on the two real reports armswatch started from (../shared/seeds): one Pakistan → Azerbaijan
JF-17 deal, seen negotiating (EUR 1.5 bn) and then signed (USD 1.6 bn, Block III), and nothing else."""

from __future__ import annotations

import json

from armswatch.cli import main
from armswatch.store import Store

from .conftest import shared_path


def test_seeds_give_one_jf17_deal_each_and_nothing_else(tmp_path, capsys):
    seeds = shared_path("seeds")
    s0, s1 = sorted(seeds.glob("*.txt"))
    db = tmp_path / "seeds.db"
    assert main(["ingest", str(s0), str(s1), "--db", str(db), "-q"]) == 0
    with Store(db) as store:
        texts = {a.source.rsplit("/", 1)[-1]: a for a in store.articles()}
        by_seed = {}
        for name, art in texts.items():
            by_seed[name[:3]] = (art, store.mentions(article_key=art.key))
        assert set(by_seed) == {"000", "001"}
        for name, (art, ms) in by_seed.items():
            assert len(ms) == 1, f"seed {name}: {ms}"
            m = ms[0]
            assert (m["supplier"], m["recipient"], m["system"]) == ("PAK", "AZE", "JF-17")
            # every field is traceable to the words that said it
            assert art.text[slice(*m["spans"]["system"])].startswith("JF-17")
            assert art.text[slice(*m["spans"]["supplier"])] in ("Pakistan", "Pakistani", "Islamabad")
            assert art.text[slice(*m["spans"]["recipient"])] in (
                "Azerbaijan",
                "Republic of Azerbaijan",
                "Azerbaijani",
                "Baku",
            )
        m0 = by_seed["000"][1][0]
        art0 = by_seed["000"][0]
        assert (m0["value_amount"], m0["value_currency"]) == (1.5e9, "EUR")
        assert art0.text[slice(*m0["spans"]["value"])] == "1.5 billion euros"
        assert m0["status"] == "negotiating"
        assert m0["variant"] is None
        assert m0["quantity"] is None  # "capable of carrying 8 missiles" is payload
        m1 = by_seed["001"][1][0]
        art1 = by_seed["001"][0]
        assert (m1["value_amount"], m1["value_currency"]) == (1.6e9, "USD")
        assert art1.text[slice(*m1["spans"]["value"])] == "$1.6 billion"
        assert m1["status"] == "signed"
        assert m1["variant"] == "Block III"
        assert m0["deal_id"] == m1["deal_id"]
        deals = store.deals()
        assert [d["id"] for d in deals] == [m0["deal_id"]]  # no MiG-29 deal, nothing for Russia or China
        assert deals[0]["n_mentions"] == 2


def test_seed_show_prints_both_reports(tmp_path, capsys):
    seeds = shared_path("seeds")
    db = tmp_path / "seeds.db"
    main(["ingest", *map(str, sorted(seeds.glob("*.txt"))), "--db", str(db), "-q"])
    capsys.readouterr()
    with Store(db) as store:
        deal_id = store.deals()[0]["id"]
    assert main(["show", deal_id, "--db", str(db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["deal"]["system"] == "JF-17"
    assert sorted(m["status"] for m in shown["mentions"]) == ["negotiating", "signed"]
    assert any("1.5 billion euros" in m["evidence"].get("value", "") for m in shown["mentions"])


def test_seeds_consolidate_into_one_signed_block_iii_deal_with_context(tmp_path, capsys):
    """Seeds, merged: USD ~1.6 bn, signed, Block III; negotiating → signed; EUR 1.5 bn ≈ USD 1.6 bn (no value
    contradiction); and the context events on the PAK–AZE pair."""
    seeds = shared_path("seeds")
    db = tmp_path / "seeds.db"
    main(["ingest", *map(str, sorted(seeds.glob("*.txt"))), "--db", str(db), "-q"])
    capsys.readouterr()
    with Store(db) as store:
        (deal,) = store.deals()
        assert (deal["value_amount"], deal["value_currency"]) == (1.6e9, "USD")
        assert (deal["status"], deal["variant"]) == ("signed", "Block III")
        assert [s["status"] for s in store.status_history(deal["id"])] == ["negotiating", "signed"]
        assert store.contradictions(deal["id"]) == []
        eur = next(m for m in store.mentions(deal_id=deal["id"]) if m["value_currency"] == "EUR")
        assert 1.5e9 < eur["value_usd"] < 1.75e9  # at the ECB rate of the day the report was read
        assert eur["fx_basis"] == "ingested"  # the seed files carry no date
        assert {a["source"] for a in eur["attributions"]} >= {"sources in Islamabad", "Aviation Syndicate"}
    assert main(["pair", "PAK", "AZE", "--db", str(db), "--json"]) == 0
    timeline = json.loads(capsys.readouterr().out)["timeline"]
    by_type = {}
    for t in timeline:
        by_type.setdefault(t["type"], []).append(t)
    (meeting,) = by_type["meeting"]
    assert "Hikmet Hajiyev" in meeting["what"] and "Khalil Hashmi" in meeting["what"] and "Beijing" in meeting["what"]
    assert [t["date"] for t in by_type["offensive"]] == ["2020-09", "2023-09-19"]
    assert [t["date"] for t in by_type["ceasefire"]] == ["2020-11", "2023-09-20"]
    assert all("brokered by RUS" in t["what"] for t in by_type["ceasefire"])
    assert [t["id"] for t in by_type["deal"]] == [deal["id"]]
