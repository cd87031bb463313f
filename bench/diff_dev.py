"""Where the extractor and a gold corpus disagree, article by article (a developer's view of score.py).

    python bench/diff_dev.py GOLD.jsonl PREDICTED.jsonl [--all]

Prints, per article, the gold records and the predicted ones with the fields that differ marked.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        return 2
    gold_path = Path(args[0])
    sys.path.insert(0, str(gold_path.resolve().parents[2] / "eval"))
    from score import FIELDS, field_ok, load, match_article  # type: ignore[import-not-found]

    gold, pred = load(args[0]), load(args[1], predicted=True)
    for aid, gdeals in gold.items():
        pdeals = pred.get(aid, [])
        pairs = match_article(gdeals, pdeals)
        lines = []
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for gi, pi in pairs:
            g, p = gdeals[gi], pdeals[pi]
            bad = [f for f in FIELDS if not field_ok(f, g, p)]
            if bad:
                lines.append(f"  ~ {g['supplier']}->{g['recipient']} {g['system']}: "
                             + "; ".join(f"{f} gold={g.get(f)!r} pred={p.get(f)!r}" for f in bad))
        for gi, g in enumerate(gdeals):
            if gi not in matched_g:
                lines.append(f"  - MISSED {g['supplier']}->{g['recipient']} {g['system']} {g['status']} "
                             f"q={g['quantity']} v={g['value']} ({g['salience']})")
        for pi, p in enumerate(pdeals):
            if pi not in matched_p:
                lines.append(f"  + EXTRA {p['supplier']}->{p['recipient']} {p['system']} {p['status']} "
                             f"q={p['quantity']} v={p['value']} ({p['salience']})")
        if lines or "--all" in argv:
            print(aid)
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
