"""How merging grows with the number of mentions: it must stay near-linear (blocking, never all pairs).

    python bench/merge_scale.py [--sizes 1000,10000,100000] [--runs 1]

Generates synthetic reports (five mentions per article; about twenty mentions per real-world deal, spread over
ten years, with follow-on orders, amendments, order years and disagreeing values, quantities and statuses) into a
fresh SQLite store for each size, then times `armswatch.merge.merge` on it and prints the seconds, mentions per
second and the ratio of each size's time to the previous one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.merge import merge  # noqa: E402
from armswatch.models import Article, Mention  # noqa: E402
from armswatch.store import Store  # noqa: E402

STATES = ["USA", "RUS", "FRA", "CHN", "DEU", "GBR", "ITA", "ISR", "KOR", "TUR", "ESP", "SWE", "IND", "PAK", "UKR",
          "NLD", "POL", "AZE", "EGY", "SAU", "ARE", "QAT", "IDN", "BRA", "JPN", "AUS", "CAN", "DZA", "NGA", "VNM"]
STATUSES = ["rumoured", "negotiating", "approved", "signed", "delivered"]


def generate(store: Store, n_mentions: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    n_deals = max(1, n_mentions // 20)
    deals = []
    for i in range(n_deals):
        sup, rec = rng.sample(STATES, 2)
        deals.append((sup, rec, f"SYS-{i % max(1, n_deals // 3)}", rng.randint(2012, 2024)))
    per_article = 5
    with store.transaction():
        for a in range(0, n_mentions, per_article):
            year_base = rng.randint(2012, 2025)
            published = f"{year_base}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            art = Article(text=f"synthetic report {a} " + " ".join(rng.choices("abcdefgh", k=12)), id=f"s-{a}",
                          published=published)
            store.add_article(art)
            mentions = []
            for _ in range(min(per_article, n_mentions - a)):
                sup, rec, system, year = rng.choice(deals)
                value = rng.choice([None, 1e9, 1.05e9, 1.4e9])
                mentions.append(Mention(
                    supplier=sup, recipient=rec, system=system, category="aircraft",
                    quantity=rng.choice([None, 12, 12, 24]), value_amount=value,
                    value_currency="USD" if value else None, status=rng.choice(STATUSES),
                    spans={"system": (0, 4)}, sentence=(0, 20), followon=rng.random() < 0.05,
                    amendment=rng.random() < 0.03, order_year=year if rng.random() < 0.3 else None))
            store.replace_mentions(art, mentions, "synthetic")
    store.db.execute("UPDATE mentions SET value_usd = value_amount")
    store.db.commit()


def time_merge(n: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "scale.db") as store:
            generate(store, n)
            t0 = time.perf_counter()
            merge(store)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{'mentions':>9}  {'seconds':>8}  {'mentions/s':>10}  {'× time vs previous (× mentions)':>32}")
    previous = None
    for n in sizes:
        t = time_merge(n, args.runs)
        ratio = f"{t / previous[1]:.2f} (×{n / previous[0]:.0f})" if previous else ""
        print(f"{n:>9}  {t:>8.2f}  {n / t:>10.0f}  {ratio:>32}")
        previous = (n, t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
