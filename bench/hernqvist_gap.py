"""Where the Hernqvist attribute score is lost, and how far each kind of fix could take it.

    python bench/hernqvist_gap.py [--shared ../shared] [--json]

The Hernqvist scorer compares, per document, the sets of sellers, buyers, weapon names, quantities and prices
that the annotators marked with the union of what the predicted deals carry. This script runs ``armswatch
extract`` on the train split, writes the store as deal records and as claims (``--records claims``), and prints
four upper bounds beside the real scores:

- ``candidates``: the share of gold values found anywhere in the document by the gazetteer and the money and
  quantity grammars (system names as the catalog writes them and as the text does). No choice among them can
  recover the rest.
- ``oracle_deal_filter``: the score if every predicted deal with no correct attribute were dropped and nothing
  else changed. This bounds any classifier that keeps or drops whole deals.
- ``oracle_attributes``: the score if, per document, exactly the correct candidates were output (precision 1,
  recall = the candidates' recall). This bounds any selection among the candidates.
- ``oracle_claim_sentences``: the claims' score if only the claims whose sentence overlaps a passage the
  annotators marked as reporting a deal (their ``Answer`` spans) were kept. This bounds any choice of which
  sentences speak of a deal; what it still misses is lost to the claims' recall.

It also splits the predicted sellers into those that words of the text name (the deal has a supplier span: a
state or its firm) and those implied by the system's origin or the article's other deals, which the annotators
rarely marked.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import extract  # noqa: E402

from armswatch.extract.gazetteer import find_designations, find_entities  # noqa: E402
from armswatch.extract.money import find_money  # noqa: E402
from armswatch.extract.numbers import find_quantities  # noqa: E402


def candidates(text: str) -> dict:
    """Every value of each attribute that the rule path's recognisers find in a document."""
    ents = find_entities(text)
    systems = [e for e in ents if e.kind == "system"] + find_designations(text, ents)
    isos = {e.iso3 for e in ents if e.kind in ("country", "org") and e.iso3}
    names = sorted({e.family or e.text for e in systems} | {f"{e.family} {e.variant}" for e in systems if e.variant}
                   | {e.text for e in systems})  # as the catalog writes them, and as the text does
    money = find_money(text)
    return {"seller": isos, "buyer": isos, "weapon": names,
            "quantity": {q.value for q in find_quantities(text, money) if isinstance(q.value, int)},
            "price": [m.amount for m in money if m.amount]}


def micro(counts: dict, prf) -> dict:  # noqa: ANN001 - the scorer's own prf()
    """Micro average over the attributes, with the scorer's own precision/recall/F1."""
    return prf(*(sum(c[j] for c in counts.values()) for j in range(3)))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    data = shared / "corpora" / "hernqvist"
    if not (data / "train.json").exists():
        print(f"hernqvist_gap: {data / 'train.json'} not found; pass --shared", file=sys.stderr)
        return 2
    sys.path.insert(0, str(shared / "eval"))
    import hernqvist as H  # type: ignore[import-not-found]
    from systems import system_match  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.jsonl"
        extract(data / "train_articles.jsonl", out, Path(tmp) / "h.db")
        predicted = H.load_predicted(out)
        extract(data / "train_articles.jsonl", Path(tmp) / "claims.jsonl", Path(tmp) / "h.db", records="claims")
        claimed = H.load_predicted(Path(tmp) / "claims.jsonl")
    docs = json.loads((data / "train.json").read_text(encoding="utf-8"))

    sellers = {"stated": [0, 0], "inferred": [0, 0]}  # [right, all]: a seller with a span vs one implied
    real = {k: [0, 0, 0] for k in H.KINDS}
    claims = {k: [0, 0, 0] for k in H.KINDS}
    filtered = {k: [0, 0, 0] for k in H.KINDS}
    in_answers = {k: [0, 0, 0] for k in H.KINDS}
    oracle = {k: [0, 0, 0] for k in H.KINDS}
    for doc in docs:
        gold = H.gold_sets(doc)
        deals = [d for d in predicted.get(H.doc_id(doc), []) if isinstance(d, dict)]
        kept = [d for d in deals if d.get("supplier") in gold["seller"] or d.get("recipient") in gold["buyer"]
                or (d.get("system") and any(system_match(w, d["system"]) for w in gold["weapon"]))]
        cands = candidates(doc["text"])
        if "seller" not in gold["open"]:
            stated: dict[str, bool] = {}
            for d in deals:
                if d.get("supplier"):
                    stated[d["supplier"]] = stated.get(d["supplier"], False) or "supplier" in (d.get("spans") or {})
            for iso, has_span in stated.items():
                tally = sellers["stated" if has_span else "inferred"]
                tally[0] += iso in gold["seller"]
                tally[1] += 1
        claim_records = [d for d in claimed.get(H.doc_id(doc), []) if isinstance(d, dict)]
        answers = [(lab["start"], lab["end"]) for lab in doc["labels"] if lab["tag"] == "Answer"]
        answered = [c for c in claim_records if c.get("sentence")
                    and any(s < c["sentence"][1] and c["sentence"][0] < e for s, e in answers)]
        for k in H.KINDS:
            for acc, pred in ((real, H.pred_sets(deals)), (filtered, H.pred_sets(kept)),
                              (claims, H.pred_sets(claim_records)), (in_answers, H.pred_sets(answered))):
                tp, npred, ngold = H.count(k, gold, pred)
                acc[k][0] += tp
                acc[k][1] += npred
                acc[k][2] += ngold
            tp, _, ngold = H.count(k, gold, cands)
            oracle[k][0] += tp
            oracle[k][1] += tp
            oracle[k][2] += ngold
    result = {
        "documents": len(docs),
        "real": micro(real, H.prf),
        "claims": micro(claims, H.prf),
        "candidates_recall": {k: round(v[0] / v[2], 3) if v[2] else 0.0 for k, v in oracle.items()},
        "oracle_deal_filter": micro(filtered, H.prf),
        "oracle_claim_sentences": micro(in_answers, H.prf),
        "oracle_attributes": micro(oracle, H.prf),
        "per_attribute": {k: {"tp": v[0], "predicted": v[1], "gold": v[2]} for k, v in real.items()},
        "sellers": {k: {"right": v[0], "predicted": v[1]} for k, v in sellers.items()},
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"Hernqvist train split, {len(docs)} documents: attribute micro-F1 and its upper bounds")
    print(f"  armswatch, deal records    {result['real']}")
    print(f"  armswatch, claims          {result['claims']}")
    print(f"  oracle deal filter         {result['oracle_deal_filter']}")
    print(f"  oracle claim sentences     {result['oracle_claim_sentences']}")
    print(f"  oracle attribute choice    {result['oracle_attributes']}")
    print(f"  candidates' recall         {result['candidates_recall']}")
    for k, v in result["per_attribute"].items():
        print(f"  {k:9} true {v['tp']:4}  predicted {v['predicted']:4}  gold {v['gold']:4}")
    for k, v in result["sellers"].items():
        how = ("words name it (a state or its firm)" if k == "stated"
               else "no words name it (implied by origin or context)")
        print(f"  sellers, {how}: {v['right']} of {v['predicted']} marked by the annotators")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
