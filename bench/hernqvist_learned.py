"""Could a learned choice among the rule path's candidates close the Hernqvist attribute gap? A cross-validated test.

    python bench/hernqvist_learned.py [--shared ../shared] [--folds 5] [--json]

For every document of the Hernqvist train split, the rule path proposes candidates per attribute: each state it
names (as seller and as buyer), each weapon family, each count, each amount of money. Each candidate gets
features from what the rule path knows about it (is it in a deal it extracted, primary or background, named or
inferred, its role cues, its sentence's transfer words, its distance to a system, ...). A gradient-boosted
classifier, trained on the other folds only (documents with the same text stay in one fold), decides which
candidates the annotators marked. The accepted candidates are scored with the corpus's own scorer and compared
with the rule path's deals. This needs scikit-learn (``pip install scikit-learn``); it is an experiment, not a
part of armswatch's extraction.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch import knowledge  # noqa: E402
from armswatch.extract.gazetteer import find_designations  # noqa: E402
from armswatch.extract.money import find_money  # noqa: E402
from armswatch.extract.numbers import find_quantities  # noqa: E402
from armswatch.extract.pipeline import (  # noqa: E402
    NOT_VALUE,
    PER_UNIT,
    VALUE_CUE,
    Extractor,
    _is_fleet,
)
from armswatch.extract.roles import TRANSFER_WORD, role_cue  # noqa: E402
from armswatch.models import Article  # noqa: E402

KINDS = ("seller", "buyer", "weapon", "quantity", "price")


def _sent_index(sents: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(sents):
        if s <= pos < e:
            return i
    return max(0, len(sents) - 1)


def doc_candidates(ex: Extractor, text: str, published: str | None) -> tuple[dict, list[dict]]:
    """(candidates per attribute: value -> feature dict, the rule path's deals as dicts)."""
    mentions = ex.extract(Article(id="x", text=text, title=None, published=published, outlet=None, url=None))
    ents = ex.last_entities
    sents = ex.sentences(text) or [(0, len(text))]
    transfer = [bool(TRANSFER_WORD.search(text, s, e)) for s, e in sents]
    deals = [{"supplier": m.supplier, "recipient": m.recipient, "system": m.system, "variant": m.variant,
              "quantity": m.quantity, "value": {"amount": m.value_amount} if m.value_amount else None,
              "salience": m.salience, "spans": m.spans} for m in mentions]
    n_sents = len(sents)
    systems = [e for e in ents if e.kind == "system"] + find_designations(text, ents)
    system_sents = {_sent_index(sents, e.start) for e in systems}
    origins = {s.origin for e in systems if (s := knowledge.systems().get(e.family or "")) and s.origin}
    country_sents = {_sent_index(sents, e.start) for e in ents if e.kind == "country"}
    out: dict[str, dict] = {k: {} for k in KINDS}

    # states
    for role, field, other in (("seller", "supplier", "recipient"), ("buyer", "recipient", "supplier")):
        cue_role = "sup" if role == "seller" else "rec"
        feats: dict[str, dict] = defaultdict(lambda: defaultdict(float))
        for e in ents:
            if e.kind not in ("country", "org") or not e.iso3:
                continue
            f = feats[e.iso3]
            i = _sent_index(sents, e.start)
            f["mentions"] += 1
            f["named"] += e.kind == "country"
            f["demonym"] += e.form == "demonym"
            f["company"] += e.kind == "org"
            f["first_pos"] = min(f.get("first_pos", 1.0), i / n_sents)
            f["in_transfer_sent"] += transfer[i]
            cue = role_cue(text, sents[i][0], e)
            f["cue_same"] = max(f["cue_same"], cue.weight if cue.role == cue_role else 0)
            f["cue_other"] = max(f["cue_other"], cue.weight if cue.role in ("sup", "rec") and cue.role != cue_role
                                 else 0)
            f["cue_with"] += cue.role == "with"
            f["cue_same_n"] += cue.role == cue_role
            f["cue_other_n"] += cue.role in ("sup", "rec") and cue.role != cue_role
            f["with_system"] += i in system_sents
            f["with_system_transfer"] += i in system_sents and transfer[i]
            f["is_origin"] = float(e.iso3 in origins)
        for d in deals:
            iso = d[field]
            if iso:
                f = feats[iso]
                f["deal_role"] += 1
                f["deal_role_primary"] += d["salience"] == "primary"
                f["deal_role_spanned"] += field in (d["spans"] or {})
                f["deal_domestic"] += d["supplier"] == d["recipient"]
            if d[other]:
                feats[d[other]]["deal_other_role"] += 1
        for iso, f in feats.items():
            f["n_deals"] = len(deals)
            out[role][iso] = dict(f)

    # weapons
    wfeats: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for e in systems:
        name = e.family or e.text
        f = wfeats[name]
        i = _sent_index(sents, e.start)
        f["mentions"] += 1
        f["first_pos"] = min(f.get("first_pos", 1.0), i / n_sents)
        f["in_transfer_sent"] += transfer[i]
        f["fleet"] += _is_fleet(text, sents[i][0], e)
        f["catalogued"] = float(knowledge.systems().get(e.family or "") is not None)
        f["with_country"] += i in country_sents
        f["variant"] += e.variant is not None
        f["count_before"] += bool(re.search(r"\b(?:\d[\d,]*|two|three|four|five|six|eight|ten|twelve|dozen)\s+"
                                            r"(?:[\w-]+\s+){0,2}$", text[max(0, e.start - 40):e.start]))
        f["digit"] = float(bool(re.search(r"\d", name)))
    for d in deals:
        if d["system"]:
            name = d["system"] + (f" {d['variant']}" if d["variant"] else "")
            f = wfeats[name]
            f["deal"] += 1
            f["deal_primary"] += d["salience"] == "primary"
            f["deal_qty"] += d["quantity"] is not None
            f["deal_value"] += d["value"] is not None
    for name, f in wfeats.items():
        f["n_deals"] = len(deals)
        out["weapon"][name] = dict(f)

    # counts and money
    money = find_money(text)
    quantities = find_quantities(text, money)
    chosen_q = {d["quantity"] for d in deals if d["quantity"]}
    sys_starts = sorted(e.start for e in systems)
    for q in quantities:
        if not isinstance(q.value, int):
            continue
        f = out["quantity"].setdefault(q.value, defaultdict(float))
        i = _sent_index(sents, q.start)
        nxt = min((s - q.end for s in sys_starts if s >= q.end), default=999)
        f["mentions"] += 1
        f["chosen"] = float(q.value in chosen_q)
        f["in_transfer_sent"] += transfer[i]
        f["sys_after"] = min(f.get("sys_after", 999), nxt)
        f["first_pos"] = min(f.get("first_pos", 1.0), i / n_sents)
        f["log_value"] = len(str(q.value))
        f["word"] = float(not text[q.start].isdigit())
        f["with_country"] += i in country_sents
        f["with_system"] += i in system_sents
        f["noun_after"] += bool(re.match(r"\s+(?:[\w-]+\s+){0,3}?(?:jets?|aircraft|helicopters?|tanks?|vehicles?|"
                                        r"missiles?|systems?|boats?|vessels?|ships?|frigates?|submarines?|drones?|"
                                        r"launchers?|howitzers?|rifles?|guns?|units?|fighters?|corvettes?|planes?)\b",
                                        text[q.end:q.end + 60]))
        f["year_like"] = float(1900 <= q.value <= 2100)
        f["n_deals"] = len(deals)
    chosen_v = {d["value"]["amount"] for d in deals if d["value"]}
    for m in money:
        if not m.amount:
            continue
        f = out["price"].setdefault(m.amount, defaultdict(float))
        i = _sent_index(sents, m.start)
        s, e = sents[i]
        f["mentions"] += 1
        f["chosen"] = float(m.amount in chosen_v)
        f["in_transfer_sent"] += transfer[i]
        f["cued"] += bool(VALUE_CUE.search(text, max(s, m.start - 40), m.start))
        f["not_value"] += bool(NOT_VALUE.search(text, max(s, m.start - 80), min(e, m.end + 40)))
        f["per_unit"] += bool(PER_UNIT.match(text, m.end))
        f["paren"] += "(" in text[max(0, m.start - 3):m.start]
        f["range"] += bool(m.is_range)
        f["currency"] = float(m.currency is not None)
        f["with_country"] += i in country_sents
        f["with_system"] += i in system_sents
        f["deal_noun_near"] += bool(re.search(r"\b(?:deal|contract|order|sale|purchase|agreement|package)\b",
                                              text[max(s, m.start - 60):min(e, m.end + 60)], re.IGNORECASE))
        f["log_amount"] = len(str(int(m.amount)))
        f["first_pos"] = min(f.get("first_pos", 1.0), i / n_sents)
        f["n_deals"] = len(deals)
    for k in ("quantity", "price"):
        out[k] = {v: dict(f) for v, f in out[k].items()}
    return out, deals


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    ap.add_argument("--threshold", type=float, default=0.3, help="probability to accept a candidate (default 0.3)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import GroupKFold
    except ImportError:
        print("hernqvist_learned: needs scikit-learn (pip install scikit-learn)", file=sys.stderr)
        return 2
    shared = Path(args.shared)
    sys.path.insert(0, str(shared / "eval"))
    import hernqvist as H  # type: ignore[import-not-found]

    docs = json.loads((shared / "corpora" / "hernqvist" / "train.json").read_text(encoding="utf-8"))
    ex = Extractor()
    per_doc = []
    for doc in docs:
        date = doc["filename"][:8]
        pub = f"{date[:4]}-{date[4:6]}-{date[6:]}" if date.isdigit() and date[4:6] != "00" else None
        cands, deals = doc_candidates(ex, doc["text"], pub)
        per_doc.append((doc, cands, deals, H.gold_sets(doc)))
    groups = [hashlib.sha1(d["text"].encode()).hexdigest() for d in docs]

    def label(kind: str, value, gold: dict) -> int:
        one = {"seller": set(), "buyer": set(), "weapon": [], "quantity": set(), "price": []}
        if kind in ("seller", "buyer", "quantity"):
            one[kind] = {value}
        else:
            one[kind] = [value]
        return int(H.count(kind, gold, one)[0] > 0) if kind != "price" else int(
            any(abs(a - value) <= 0.02 * a for alts in gold["price"] for a in alts))

    chosen: list[dict] = [{k: (set() if k in ("seller", "buyer", "quantity") else []) for k in KINDS}
                          for _ in docs]
    for kind in KINDS:
        rows, ys, owners, values = [], [], [], []
        names = sorted({f for _, c, _, _ in per_doc for v in c[kind].values() for f in v})
        for n, (_, cands, _, gold) in enumerate(per_doc):
            for value, feats in cands[kind].items():
                rows.append([feats.get(f, 0.0) for f in names])
                ys.append(label(kind, value, gold))
                owners.append(n)
                values.append(value)
        X, y = np.array(rows), np.array(ys)
        pred = np.zeros(len(y), dtype=bool)
        g = [groups[o] for o in owners]
        for train, test in GroupKFold(n_splits=args.folds).split(X, y, g):
            clf = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                                 random_state=0)
            clf.fit(X[train], y[train])
            pred[test] = clf.predict_proba(X[test])[:, 1] >= args.threshold
        for o, v, keep in zip(owners, values, pred, strict=True):
            if keep:
                if isinstance(chosen[o][kind], set):
                    chosen[o][kind].add(v)
                else:
                    chosen[o][kind].append(v)

    def total(sets_for) -> dict:
        acc = {k: [0, 0, 0] for k in KINDS}
        for n, (_, _, deals, gold) in enumerate(per_doc):
            p = sets_for(n, deals)
            for k in KINDS:
                for j, x in enumerate(H.count(k, gold, p)):
                    acc[k][j] += x
        res = {k: H.prf(*v) for k, v in acc.items()}
        res["attributes_micro"] = H.prf(*(sum(v[j] for v in acc.values()) for j in range(3)))
        return res

    rules = total(lambda n, deals: H.pred_sets(deals))
    learned = total(lambda n, deals: chosen[n])
    result = {"documents": len(docs), "folds": args.folds, "rules": rules, "learned_selection": learned}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"Hernqvist train split, {len(docs)} documents, {args.folds}-fold cross-validation")
        for name, res in (("rule path deals", rules), ("learned selection", learned)):
            print(f"  {name:18} micro {res['attributes_micro']}")
            print("   " + "  ".join(f"{k} {res[k]['f1']}" for k in KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
