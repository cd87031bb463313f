"""The analyst's desk at scale: the deal list and a deal page with 100,000 deals in the store.

    python bench/serve_scale.py [--deals 100000] [--requests 30] [--keep FILE]

Generates a store (synthetic reports merged by armswatch's own merge: about 2 reports per deal, so 100,000 deals
come from ~200,000 mentions), starts the real server (uvicorn) on a free local port, and times HTTP requests
to the deal list (HTML and JSON, first page and a filtered, sorted page) and to deal pages (HTML and JSON) of
random deals. Prints the median and 90th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.merge import merge  # noqa: E402
from armswatch.models import Article, Mention  # noqa: E402
from armswatch.store import Store  # noqa: E402

STATES = ["USA", "RUS", "FRA", "CHN", "DEU", "GBR", "ITA", "ISR", "KOR", "TUR", "ESP", "SWE", "IND", "PAK", "UKR",
          "NLD", "POL", "AZE", "EGY", "SAU", "ARE", "QAT", "IDN", "BRA", "JPN", "AUS", "CAN", "DZA", "NGA", "VNM"]
SYSTEMS = ["F-16", "Rafale", "JF-17", "K2", "K9", "S-400", "AH-64", "Su-30", "Patriot", "Leopard-2", "T-90", "KAAN"]
CATEGORY = {"F-16": "aircraft", "Rafale": "aircraft", "JF-17": "aircraft", "K2": "armoured vehicles",
            "K9": "artillery", "S-400": "air defence systems", "AH-64": "aircraft", "Su-30": "aircraft",
            "Patriot": "air defence systems", "Leopard-2": "armoured vehicles", "T-90": "armoured vehicles",
            "KAAN": "aircraft"}
STATUSES = ["rumoured", "negotiating", "approved", "signed", "delivered"]


def generate(db: Path, n_deals: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with Store(db) as store:
        with store.transaction():
            for i in range(n_deals):
                sup, rec = rng.sample(STATES, 2)
                system = f"{rng.choice(SYSTEMS)}"
                year = rng.randint(2010, 2025)
                for r in range(rng.choice([1, 2, 2, 3])):
                    published = f"{year + r // 2}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    text = (f"{rec} and {sup} report {i}-{r}: an order of {rng.randint(2, 90)} {system} systems, "
                            f"said to be worth {rng.randint(1, 90) / 10} billion dollars, was reported as "
                            f"{rng.choice(STATUSES)}.")
                    art = Article(text=text, id=f"g-{i}-{r}", outlet=f"Outlet {rng.randint(1, 40)}",
                                  published=published, title=f"{system}: {sup} to {rec}")
                    store.add_article(art)
                    value = rng.choice([None, rng.randint(1, 90) * 1e8])
                    store.replace_mentions(art, [Mention(
                        supplier=sup, recipient=rec, system=f"{system}-{i}", category=CATEGORY[system],
                        quantity=rng.choice([None, rng.randint(2, 90)]), value_amount=value,
                        value_currency="USD" if value else None, status=rng.choice(STATUSES),
                        spans={"system": (text.index(system), text.index(system) + len(system))},
                        sentence=(0, len(text)), order_year=year)], "synthetic")
            store.db.execute("UPDATE mentions SET value_usd = value_amount")
        merge(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deals", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--keep", default=None, help="build (or reuse) the store at this path")
    args = ap.parse_args()

    import httpx
    import uvicorn

    from armswatch.serve.app import create_app

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.keep) if args.keep else Path(tmp.name) / "scale.db"
    if not db.exists():
        t0 = time.perf_counter()
        generate(db, args.deals)
        print(f"generated {args.deals:,} deals in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with Store(db) as store:
        n = store.count("deals")
        ids = [r[0] for r in store.db.execute("SELECT id FROM deals ORDER BY random() LIMIT ?", (args.requests,))]
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(3)
    cases = {
        "deal list, HTML (first page)": lambda: "/deals",
        "deal list, JSON (first page)": lambda: "/api/deals",
        "deal list, filtered and sorted": lambda: f"/api/deals?supplier={rng.choice(STATES)}&status=signed"
                                                  f"&sort=-value_usd&page=2",
        "deal page, HTML": lambda: f"/deals/{rng.choice(ids)}",
        "deal page, JSON": lambda: f"/api/deals/{rng.choice(ids)}",
    }
    print(f"{n:,} deals in the store; {args.requests} requests per row, over HTTP on this machine")
    print(f"{'request':34} {'median ms':>10} {'p90 ms':>8}")
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, path in cases.items():
            client.get(path())  # warm up
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                r = client.get(path())
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    print(f"{name}: HTTP {r.status_code}", file=sys.stderr)
                    return 1
            times.sort()
            print(f"{name:34} {statistics.median(times):>10.1f} {times[int(len(times) * 0.9) - 1]:>8.1f}")
    server.should_exit = True
    thread.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
