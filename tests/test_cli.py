"""The command line end to end on a real SQLite file: bad input in a batch, idempotent re-runs, output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from armswatch.cli import main
from armswatch.models import claim_records
from armswatch.store import Store

GOOD = [
    {"id": "t-1", "outlet": "Test Wire", "published": "2024-01-15", "title": "Azerbaijan in talks over JF-17",
     "text": "Azerbaijan is negotiating with Pakistan to buy JF-17 fighter jets worth 1.5 billion euros."},
    {"id": "t-2", "outlet": "Test Wire", "published": "2024-02-23", "title": "JF-17 contract signed",
     "text": "Azerbaijan has signed a contract with Pakistan for JF-17C Block-III fighters worth USD 1.6 billion."},
]


def write_jsonl(path, rows, extra_lines=()):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
        for line in extra_lines:
            f.write(line + "\n")


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    write_jsonl(good, GOOD[:1], extra_lines=["{not json", json.dumps({"id": "x", "text": ""})])
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 story about nothing".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_text("word " * 5000, encoding="utf-8")
    other = tmp_path / "second.jsonl"
    write_jsonl(other, GOOD[1:])
    db = tmp_path / "a.db"
    code = main(["ingest", str(good), str(binary), str(latin), str(huge), str(tmp_path / "missing.jsonl"),
                 str(other), "--db", str(db), "--max-bytes", "10000", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{good}:2: [E101]" in err
    assert f"{good}:3: [E105]" in err
    assert f"{binary}: [E103]" in err
    assert f"{latin}: [E104]" in err
    assert f"{huge}: [E106]" in err
    assert "[E100]" in err
    assert "8 inputs: 2 new articles, 0 already stored, 6 failed" in err
    with Store(db) as store:
        assert store.count("articles") == 2  # both good articles, before and after the bad ones
        assert [d["id"] for d in store.deals()] == ["PAK-AZE-JF17-2024"]


def test_reingesting_the_same_input_is_idempotent(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, GOOD)
    db = tmp_path / "a.db"
    assert main(["ingest", str(src), "--db", str(db), "-q"]) == 0
    with Store(db) as store:
        before = (store.count("articles"), store.count("mentions"), store.count("deals"))
    assert main(["ingest", str(src), "--db", str(db), "-q", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["new"] == 0 and summary["known"] == 2
    with Store(db) as store:
        assert (store.count("articles"), store.count("mentions"), store.count("deals")) == before == (2, 2, 1)


def test_extract_writes_one_benchmark_line_per_input_in_order(tmp_path):
    src = tmp_path / "a.jsonl"
    rows = [*GOOD, {"id": "t-3", "text": "The budget rose by nine per cent this year."}]
    write_jsonl(src, rows)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--db", str(tmp_path / "a.db"), "-o", str(out), "-q"]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["t-1", "t-2", "t-3"]
    assert lines[2]["deals"] == []
    d1, d2 = lines[0]["deals"][0], lines[1]["deals"][0]
    assert d1["deal_id"] == d2["deal_id"] == "PAK-AZE-JF17-2024"
    assert d1["value"] == {"amount": 1.5e9, "currency": "EUR"} and d1["status"] == "negotiating"
    assert d2["value"] == {"amount": 1.6e9, "currency": "USD"} and d2["status"] == "signed"
    assert d2["variant"] == "Block III"
    s, e = d1["spans"]["value"]
    assert rows[0]["text"][s:e] == "1.5 billion euros"


def test_deals_and_show(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, GOOD)
    db = str(tmp_path / "a.db")
    main(["ingest", str(src), "--db", db, "-q"])
    capsys.readouterr()
    assert main(["deals", "--db", db, "--json"]) == 0
    (deal,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert (deal["supplier"], deal["recipient"], deal["system"], deal["status"]) == ("PAK", "AZE", "JF-17", "signed")
    assert main(["deals", "--db", db, "--supplier", "RUS"]) == 0
    assert main(["show", "PAK-AZE-JF17-2024", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "1.5 billion euros" in shown and "USD 1.6" in shown
    assert main(["show", "NO-SUCH-DEAL", "--db", db]) == 2
    assert "[E003]" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    assert main(["deals", "--db", str(bad)]) == 2
    assert "[E301]" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "extract", "deals", "show", "conflicts", "pair", "export", "reprocess"])
def test_every_command_help_has_an_example(command):
    res = subprocess.run([sys.executable, "-m", "armswatch.cli", command, "--help"], capture_output=True, text=True,
                         check=True)
    assert "example" in res.stdout
    assert "armswatch " + command in res.stdout


def test_reprocess_rebuilds_and_reports_what_changed(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, GOOD)
    db = str(tmp_path / "a.db")
    main(["ingest", str(src), "--db", db, "-q"])
    with Store(db) as store:  # an older extractor that had missed the second report's value
        store.db.execute("UPDATE mentions SET value_amount = NULL, value_currency = NULL, value_usd = NULL "
                         "WHERE value_currency = 'USD'")
        store.db.commit()
    from armswatch.merge import rebuild

    with Store(db) as store:
        rebuild(store)
        assert store.deal("PAK-AZE-JF17-2024")["value_currency"] == "EUR"
    capsys.readouterr()
    assert main(["reprocess", "--db", db, "--json", "-q"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert changes["articles"] == 2 and changes["deals_added"] == [] and changes["deals_removed"] == []
    (changed,) = changes["deals_changed"]
    assert changed["id"] == "PAK-AZE-JF17-2024"
    assert changed["changes"]["value_currency"] == ["EUR", "USD"]
    assert main(["reprocess", "--db", db, "--json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["deals_changed"] == []  # nothing left to change


def test_export_sipri_csv_and_jsonl(tmp_path, capsys):
    import csv

    src = tmp_path / "a.jsonl"
    write_jsonl(src, GOOD)
    db = str(tmp_path / "a.db")
    main(["ingest", str(src), "--db", db, "-q"])
    out = tmp_path / "register.csv"
    assert main(["export", "--db", db, "--format", "sipri-csv", "-o", str(out)]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:3] == ["Recipient", "Supplier", "Year of order"]
    assert rows[1][:3] == ["Azerbaijan", "Pakistan", "2024"]
    assert rows[1][6].startswith("JF-17") and rows[1][11] == "signed"
    assert "PAK-AZE-JF17-2024" in rows[1][12]
    capsys.readouterr()
    assert main(["export", "--db", db, "--format", "jsonl"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["deal"]["id"] == "PAK-AZE-JF17-2024"
    assert [s["status"] for s in record["status_history"]] == ["negotiating", "signed"]


def test_conflicts_lists_contradictions_with_a_user_tolerance(tmp_path, capsys):
    rows = [
        {"id": "c-1", "published": "2024-02-23", "text": "Azerbaijan has signed a contract with Pakistan for JF-17 "
                                                         "fighters worth USD 1.6 billion."},
        {"id": "c-2", "published": "2024-03-01", "text": "Azerbaijan has signed a contract with Pakistan for JF-17 "
                                                         "fighters worth USD 1.7 billion."},
    ]
    src = tmp_path / "a.jsonl"
    write_jsonl(src, rows)
    db = str(tmp_path / "a.db")
    main(["ingest", str(src), "--db", db, "-q"])
    capsys.readouterr()
    assert main(["conflicts", "--db", db, "--json"]) == 0
    assert capsys.readouterr().out == ""  # 6 % apart: within the default 10 %
    assert main(["conflicts", "--db", db, "--json", "--tolerance", "0.05"]) == 0
    (found,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert found["deal"] == "PAK-AZE-JF17-2024" and found["contradictions"][0]["kind"] == "value"


CLAIMS_ARTICLE = {
    "id": "c-1", "published": "2018-08-01", "title": "Nigeria orders Super Tucanos",
    "text": ("Brazil has agreed to sell six A-29 Super Tucano light attack aircraft to Nigeria in a deal worth "
             "$329 million. Embraer will build the Super Tucanos in Florida; the first two aircraft arrive next "
             "year.\n\nThe contract is valued at $329 million, Nigeria's air force said."),
}


def test_extract_claims_keeps_every_name_count_and_amount_as_written(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [CLAIMS_ARTICLE, *GOOD])
    db = str(tmp_path / "a.db")
    deals_out, claims_out = tmp_path / "deals.jsonl", tmp_path / "claims.jsonl"
    assert main(["extract", str(src), "--db", db, "-o", str(deals_out), "-q"]) == 0
    # the second run reads the store: claims come from what the first run stored
    assert main(["extract", str(src), "--db", db, "-o", str(claims_out), "--records", "claims", "-q"]) == 0
    text = CLAIMS_ARTICLE["text"]
    (deal,) = json.loads(deals_out.read_text().splitlines()[0])["deals"]
    assert (deal["supplier"], deal["recipient"], deal["system"], deal["quantity"]) == ("BRA", "NGA", "EMB-314", 6)
    claims = json.loads(claims_out.read_text().splitlines()[0])["deals"]
    assert [(c["system"], c["family"], c["quantity"], c["value"]) for c in claims] == [
        ("A-29 Super Tucano", "EMB-314", 6, {"amount": 329e6, "currency": "USD"}),
        ("Super Tucanos", "EMB-314", None, None),
        (None, "EMB-314", None, {"amount": 329e6, "currency": "USD"}),
    ]
    first, second, third = claims
    assert all(c["deal_id"] == deal["deal_id"] and c["status"] == deal["status"] for c in claims)
    # each claim names the states its own sentence names: both, none ("Embraer will build ..."), the buyer only
    assert [(c["supplier"], c["recipient"]) for c in claims] == [("BRA", "NGA"), (None, None), (None, "NGA")]
    assert text[slice(*first["spans"]["system"])] == "A-29 Super Tucano"
    assert text[slice(*first["spans"]["quantity"])] == "six"
    assert text[slice(*first["spans"]["value"])] == "$329 million"
    assert text[slice(*second["spans"]["system"])] == "Super Tucanos"
    assert text[slice(*third["sentence"])].startswith("The contract is valued at $329 million")
    assert third["spans"]["value"][0] > first["spans"]["value"][0]
    # an article whose deal states one name and one value has one claim, the deal itself as written
    (jf17,) = json.loads(claims_out.read_text().splitlines()[1])["deals"]
    assert (jf17["system"], jf17["family"], jf17["value"]) == ("JF-17", "JF-17", {"amount": 1.5e9, "currency": "EUR"})


@pytest.mark.parametrize("text", ["Nigeria has signed a contract for twelve Super Tucano aircraft.",
                                  "Nigeria has signed a contract with Embraer for twelve Super Tucano aircraft."])
def test_a_claim_leaves_a_supplier_the_report_does_not_name_to_the_deal(tmp_path, text):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{"id": "c-2", "published": "2018-08-01", "text": text}])
    db = str(tmp_path / "a.db")
    deals_out, claims_out = tmp_path / "deals.jsonl", tmp_path / "claims.jsonl"
    assert main(["extract", str(src), "--db", db, "-o", str(deals_out), "-q"]) == 0
    assert main(["extract", str(src), "--db", db, "-o", str(claims_out), "--records", "claims", "-q"]) == 0
    (deal,) = json.loads(deals_out.read_text())["deals"]
    (claim,) = json.loads(claims_out.read_text())["deals"]
    # the deal infers Brazil from the system's origin or its maker; the report itself names only the buyer
    assert (deal["supplier"], deal["recipient"], deal["quantity"]) == ("BRA", "NGA", 12)
    assert (claim["supplier"], claim["recipient"], claim["system"], claim["quantity"]) == (
        None, "NGA", "Super Tucano", 12)
    assert "supplier" not in claim["spans"] and claim["deal_id"] == deal["deal_id"]


def extract_claims(tmp_path, text: str, published: str) -> list[dict]:
    """One article through ``armswatch extract --records claims``: its claim records."""
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{"id": "c", "published": published, "text": text}])
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(src), "--db", str(tmp_path / "a.db"), "-o", str(out), "--records", "claims",
                 "-q"]) == 0
    return json.loads(out.read_text())["deals"]


def test_a_sentence_that_only_names_the_system_is_not_a_claim(tmp_path):
    text = ("Turkey took delivery of its first CH-47F Chinook helicopters from the United States in 2017. "
            "Each CH-47 helicopter has two rotors and two engines of 4,800 horsepower each.")
    (claim,) = extract_claims(tmp_path, text, "2018-05-01")
    assert (claim["supplier"], claim["recipient"], claim["system"], claim["family"]) == (
        "USA", "TUR", "CH-47F Chinook", "CH-47")
    assert text[slice(*claim["sentence"])].startswith("Turkey took delivery")
    # a deal no sentence speaks of has no claims, so no claim records; one stored before claims existed has its own
    assert claim_records(claim, []) == [] and claim_records(claim, None) == [claim]


def test_a_state_that_invests_in_a_system_speaks_of_buying_it(tmp_path):
    text = ("The United States approved the sale of SM-3 interceptors to Japan in January. In addition to the radar "
            "stations, Japan will invest in a new, longer-range interceptor, the SM-3 Block IIA.")
    claims = extract_claims(tmp_path, text, "2017-12-22")
    assert [(c["recipient"], c["system"], c["variant"]) for c in claims] == [
        ("JPN", "SM-3", "SM-3"), ("JPN", "SM-3 Block IIA", "SM-3")]
    assert text[slice(*claims[1]["sentence"])].startswith("In addition to the radar stations")


def test_a_count_of_a_weapon_named_only_by_kind_is_a_claim(tmp_path):
    text = ("Poland's armed forces will acquire 16 new helicopters this year, the defence minister said. "
            "Two Black Hawk helicopters ordered from the United States will go to the special forces.")
    claims = extract_claims(tmp_path, text, "2018-03-13")
    assert [(c["system"], c["family"], c["quantity"]) for c in claims] == [("Black Hawk", "S-70", 2),
                                                                           (None, "S-70", 16)]
    assert text[slice(*claims[0]["spans"]["quantity"])] == "Two"
    assert text[slice(*claims[1]["spans"]["quantity"])] == "16"


def test_a_weapon_named_by_kind_keeps_the_words_that_name_it(tmp_path):
    text = ("The US Navy donated six Metal Shark boats to the Kenyan Navy, the embassy said. Kenya also bought 10 "
            "fast interceptor boats (FIBs) from India for its navy.")
    claims = extract_claims(tmp_path, text, "2019-05-14")
    named = sorted((c["system"], c["quantity"]) for c in claims if c["quantity"])
    assert named == [("Metal Shark boats", 6), ("fast interceptor boats (FIBs)", 10)]
    # a kind alone, the kind words of a catalogued system and a count are no name
    text = ("Poland's armed forces will acquire 16 new helicopters this year, the defence minister said. Slovakia "
            "will repair 36 Mi-17 combat helicopters for the Afghan military.")
    assert all(c["system"] in (None, "Mi-17") for c in extract_claims(tmp_path, text, "2018-03-13"))


def test_an_amount_that_names_the_deal_is_a_claim_of_it(tmp_path):
    text = ("A day after signing a $233 million agreement for new helicopters, the Philippine government said it "
            "would review it.\n\nCanada will supply 16 Bell 412EPI helicopters to the Philippine Air Force.")
    claims = extract_claims(tmp_path, text, "2018-02-08")
    assert [(c["supplier"], c["recipient"], c["system"], c["quantity"], c["value"]) for c in claims] == [
        ("CAN", "PHL", "Bell 412EPI", 16, None),
        (None, "PHL", None, None, {"amount": 233e6, "currency": "USD"})]
    assert text[slice(*claims[1]["spans"]["value"])] == "$233 million"


def test_show_lists_what_each_report_said(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [CLAIMS_ARTICLE])
    db = str(tmp_path / "a.db")
    main(["ingest", str(src), "--db", db, "-q"])
    capsys.readouterr()
    (deal,) = Store(db).deals()
    assert main(["show", deal["id"], "--db", db]) == 0
    said = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip().startswith("as said")]
    text = CLAIMS_ARTICLE["text"]

    def at(words, after=0):
        start = text.index(words, after)
        return f"[{start}:{start + len(words)}]"

    value_2 = text.index("$329 million", text.index("valued at"))
    assert said == [f"as said   'A-29 Super Tucano' {at('A-29 Super Tucano')} · 6 {at('six')} · "
                    f"'$329 million' {at('$329 million')}",
                    f"as said   'Super Tucanos' {at('Super Tucanos')}",
                    f"as said   '$329 million' {at('$329 million', value_2)}"]


def test_a_version_3_store_gains_claims_and_falls_back_to_the_deal(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, GOOD)
    db = tmp_path / "a.db"
    assert main(["ingest", str(src), "--db", str(db), "-q"]) == 0
    with Store(db) as store:  # make it what version 3 wrote: no claims column
        store.db.execute("ALTER TABLE mentions DROP COLUMN claims")
        store.db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        store.db.commit()
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(src), "--db", str(db), "-o", str(out), "--records", "claims", "-q"]) == 0
    with Store(db) as store:
        assert store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "4"
        assert [m["claims"] for m in store.mentions()] == [None, None]  # not known, rather than none
    records = [json.loads(x)["deals"] for x in out.read_text().splitlines()]
    # mentions stored before claims existed are written as the deal records they are
    assert [(r["system"], r["value"]["amount"]) for (r,) in records] == [("JF-17", 1.5e9), ("JF-17", 1.6e9)]
    assert main(["extract", str(src), "--db", str(db), "-o", str(out), "--records", "claims", "--reextract",
                 "-q"]) == 0
    records = [json.loads(x)["deals"] for x in out.read_text().splitlines()]
    assert [(r["system"], r["family"]) for (r,) in records] == [("JF-17", "JF-17"), ("JF-17C Block-III", "JF-17")]


def test_extract_echoes_each_input_id_verbatim(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{**GOOD[0], "id": "20181114_DN_Belarus to develop "}, {**GOOD[1], "id": 17}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--db", str(tmp_path / "a.db"), "-o", str(out), "-q"]) == 0
    # a scorer matches ids exactly: the trailing space stays, a number becomes its string
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["20181114_DN_Belarus to develop ", "17"]


def test_a_firm_whose_name_names_its_state_names_it_in_a_claim(tmp_path):
    src = tmp_path / "a.jsonl"
    text = "Russian Helicopters has delivered a VIP Mi-171E helicopter to the government of Uganda."
    write_jsonl(src, [{"id": "c-3", "published": "2016-02-10", "text": text}])
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(src), "--db", str(tmp_path / "a.db"), "-o", str(out), "--records", "claims", "-q"]) == 0
    (claim,) = json.loads(out.read_text())["deals"]
    assert (claim["supplier"], claim["recipient"], claim["system"], claim["family"]) == (
        "RUS", "UGA", "Mi-171E", "Mi-17")
