"""Accuracy and speed of armswatch on the shared corpora; prints the figures the README quotes.

    python bench/run.py [--shared ../shared] [--runs 3] [--only dev,hernqvist,speed] [--json]

- dev corpus: ``armswatch extract`` then ``eval/score.py`` (deal P/R/F1, field accuracy, deal-id clustering);
- Hernqvist train split: ``armswatch extract`` then ``eval/hernqvist.py score`` (detection, attributes), for the
  deal records and for the same store written as claims (``--records claims``);
- false alarms: how many BBC news articles (business, politics, sport...) get a deal mention;
- speed: end-to-end articles/s (ingest + extract + store + merge into a fresh SQLite file) on the IDRW
  corpus, the median of ``--runs`` runs, against the bare spaCy tokenizer on the same texts; peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.cli import cmd_extract  # noqa: E402
from armswatch.run import process  # noqa: E402


def extract(articles: Path, out: Path, db: Path, records: str = "deals") -> float:
    t0 = time.perf_counter()
    ns = argparse.Namespace(articles=str(articles), db=str(db), output=str(out), max_bytes=None, reextract=False,
                            quiet=True, records=records)
    cmd_extract(ns)
    return time.perf_counter() - t0


def run_scorer(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def bench_dev(shared: Path, tmp: Path) -> dict:
    dev = shared / "corpora" / "dev"
    seconds = extract(dev / "articles.jsonl", tmp / "dev.jsonl", tmp / "dev.db")
    result = run_scorer([str(shared / "eval" / "score.py"), str(dev / "gold.jsonl"), str(tmp / "dev.jsonl")])
    result["seconds"] = round(seconds, 2)
    return result


def bench_hernqvist(shared: Path, tmp: Path) -> dict:
    h = shared / "corpora" / "hernqvist"
    seconds = extract(h / "train_articles.jsonl", tmp / "h.jsonl", tmp / "h.db")
    result = run_scorer([str(shared / "eval" / "hernqvist.py"), "score", str(h / "train.json"), str(tmp / "h.jsonl")])
    result["seconds"] = round(seconds, 2)
    # the same store written as claims: each name as written, each count and amount stated (no new extraction)
    extract(h / "train_articles.jsonl", tmp / "h_claims.jsonl", tmp / "h.db", records="claims")
    result["claims"] = run_scorer([str(shared / "eval" / "hernqvist.py"), "score", str(h / "train.json"),
                                   str(tmp / "h_claims.jsonl")])
    return result


def bench_speed(shared: Path, tmp: Path, runs: int) -> dict:
    corpus = shared / "corpora" / "news" / "idrw_2022_2023.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
    import spacy

    nlp = spacy.blank("en")
    tok_times, e2e_times = [], []
    for r in range(runs):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        tok_times.append(time.perf_counter() - t0)
        db = tmp / f"speed{r}.db"
        t0 = time.perf_counter()
        stats = process([str(corpus)], str(db), progress=False)
        e2e_times.append(time.perf_counter() - t0)
    n = len(texts)
    e2e = statistics.median(e2e_times)
    tok = statistics.median(tok_times)
    return {
        "articles": n,
        "mentions": stats.mentions,
        "end_to_end_articles_per_s": round(n / e2e, 1),
        "spacy_tokenizer_articles_per_s": round(n / tok, 1),
        "ratio_to_tokenizer": round(tok / e2e, 3),
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def bench_false_alarms(shared: Path, tmp: Path) -> dict:
    """BBC news 2004-2005 (business, politics, tech, sport, entertainment): almost no arms deals, so every
    article with a deal mention is a candidate false alarm."""
    from armswatch.store import Store

    corpus = shared / "corpora" / "news" / "bbc_2004_2005.jsonl"
    db = tmp / "bbc.db"
    stats = process([str(corpus)], str(db), progress=False)
    with Store(db) as store:
        flagged = store.db.execute("SELECT COUNT(DISTINCT article_key) FROM mentions").fetchone()[0]
        articles = store.count("articles")
    return {"articles": articles, "articles_with_a_deal": flagged, "mentions": stats.mentions,
            "per_1000_articles": round(1000 * flagged / articles, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="dev,hernqvist,speed,falsealarms")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "eval" / "score.py").exists():
        print(f"no shared data at {shared}: pass --shared DIR", file=sys.stderr)
        return 2
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        only = set(args.only.split(","))
        if "dev" in only:
            results["dev"] = bench_dev(shared, tmp)
        if "hernqvist" in only:
            results["hernqvist"] = bench_hernqvist(shared, tmp)
        if "speed" in only:
            results["speed"] = bench_speed(shared, tmp, args.runs)
        if "falsealarms" in only:
            results["falsealarms"] = bench_false_alarms(shared, tmp)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    if "dev" in results:
        d = results["dev"]
        print("dev corpus (eval/score.py)")
        for k in ("deal_precision", "deal_recall", "deal_f1", "primary_recall", "cluster_pairwise_f1",
                  "distractors_clean"):
            print(f"  {k:28} {d[k]}")
        for k, v in d["field_accuracy"].items():
            print(f"  accuracy {k:19} {v}")
    if "hernqvist" in results:
        h = results["hernqvist"]
        print("Hernqvist train split (eval/hernqvist.py)        deal records           claims (--records claims)")
        for k in ("detection", "seller", "buyer", "weapon", "quantity", "price", "attributes_micro"):
            v, c = h[k], h["claims"][k]
            print(f"  {k:18} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
                  f"    P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}")
    if "speed" in results:
        s = results["speed"]
        print(f"speed on IDRW news ({s['articles']} articles, median of {s['runs']} runs, this machine)")
        print(f"  end to end (ingest+extract+store+merge)  {s['end_to_end_articles_per_s']} articles/s")
        print(f"  bare spaCy tokenizer                     {s['spacy_tokenizer_articles_per_s']} articles/s")
        print(f"  ratio                                    {s['ratio_to_tokenizer']}")
        print(f"  peak memory                              {s['peak_rss_mb']} MB")
    if "falsealarms" in results:
        f = results["falsealarms"]
        print(f"false alarms on BBC news ({f['articles']} distinct articles, almost none about arms deals)")
        print(f"  articles with a deal mention             {f['articles_with_a_deal']} "
              f"({f['per_1000_articles']} per 1,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
