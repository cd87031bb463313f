"""The armswatch command line: ingest, extract, deals, show.

Every command works on one SQLite store (``--db``, default ``armswatch.db`` or ``$ARMSWATCH_DB``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from . import __version__
from .errors import ArmswatchError, Problem

DEFAULT_DB = "armswatch.db"


@dataclass
class RunStats:
    inputs: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    mentions: int = 0
    order: list[tuple[str, str]] = field(default_factory=list)  # (id to show, content key), in input order

    def summary(self) -> str:
        return (f"{self.inputs} inputs: {self.new} new articles, {self.known} already stored, "
                f"{self.failed} failed; {self.mentions} deal mentions extracted")


def _progress(total: int | None, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="art", disable=not enabled or None, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def process(paths: Sequence[str], db: str, *, max_bytes: int | None = None, reextract: bool = False,
            progress: bool = True, err: TextIO | None = None) -> RunStats:
    """Read inputs, store new articles, extract their mentions and merge them into deals."""
    err = err or sys.stderr
    from .extract import Extractor
    from .ingest import DEFAULT_MAX_BYTES, count_inputs, read_inputs
    from .merge import merge
    from .store import Store

    stats = RunStats()
    extractor = Extractor()
    total = count_inputs(paths) if progress else None
    with Store(db) as store, _progress(total, progress and total is not None and total > 50) as bar:
        pending = 0
        for item in read_inputs(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES):
            bar.update(1)
            stats.inputs += 1
            if isinstance(item, Problem):
                stats.failed += 1
                bar.clear()
                print(str(item), file=err)
                continue
            stats.order.append((item.ref, item.key))
            is_new = store.add_article(item)
            if is_new:
                stats.new += 1
            else:
                stats.known += 1
            if is_new or reextract:
                stored = store.article(item.key) or item
                mentions = extractor.extract(stored)
                store.replace_mentions(stored, mentions, extractor.version)
                stats.mentions += len(mentions)
            pending += 1
            if pending >= 200:
                store.db.commit()
                pending = 0
        store.db.commit()
        merge(store)
    return stats


# -- commands --------------------------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace) -> int:
    stats = process(args.paths, args.db, max_bytes=args.max_bytes, reextract=args.reextract,
                    progress=not args.quiet)
    if args.json:
        print(json.dumps({k: v for k, v in stats.__dict__.items() if k != "order"}))
    else:
        print(stats.summary(), file=sys.stderr)
    return 1 if stats.failed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .store import Store

    stats = process([args.articles], args.db, max_bytes=args.max_bytes, reextract=args.reextract,
                    progress=not args.quiet)
    out: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        with Store(args.db) as store:
            for ref, key in stats.order:
                deals = [benchmark_record(m) for m in store.mentions(article_key=key)]
                out.write(json.dumps({"id": ref, "deals": deals}, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(stats.summary(), file=sys.stderr)
    return 1 if stats.failed else 0


def benchmark_record(m: dict[str, Any]) -> dict[str, Any]:
    value = ({"amount": m["value_amount"], "currency": m["value_currency"]}
             if m["value_amount"] is not None else None)
    return {"deal_id": m["deal_id"], "supplier": m["supplier"], "recipient": m["recipient"], "system": m["system"],
            "variant": m["variant"], "category": m["category"], "quantity": m["quantity"], "value": value,
            "status": m["status"], "salience": m["salience"], "spans": m["spans"]}


def _fmt_value(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    for scale, suffix in ((1e9, " bn"), (1e6, " m")):
        if amount >= scale:
            return f"{currency} {amount / scale:,.2f}{suffix}".replace(".00 ", " ")
    return f"{currency} {amount:,.0f}"


def _table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body])


def cmd_deals(args: argparse.Namespace) -> int:
    from .store import Store

    with Store(args.db) as store:
        deals = store.deals(supplier=args.supplier, recipient=args.recipient, system=args.system,
                            status=args.status, limit=args.limit)
    if args.json:
        for d in deals:
            print(json.dumps(d, ensure_ascii=False))
        return 0
    if not deals:
        print("no deals in this store yet: run `armswatch ingest FILE...` first", file=sys.stderr)
        return 0
    print(_table(((d["id"], d["supplier"], d["recipient"], d["system"], d["variant"], d["quantity"],
                   _fmt_value(d["value_amount"], d["value_currency"]), d["status"], d["n_mentions"],
                   d["last_reported"]) for d in deals),
                 ("deal", "supplier", "recipient", "system", "variant", "qty", "value", "status", "reports",
                  "last reported")))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .store import Store

    with Store(args.db) as store:
        deal = store.deal(args.deal_id)
        if deal is None:
            raise ArmswatchError(f"[E003] no deal {args.deal_id!r} in {args.db}; `armswatch deals` lists them")
        mentions = store.mentions(deal_id=args.deal_id)
        texts = {m["article_key"]: (store.article(m["article_key"]) or None) for m in mentions}
    if args.json:
        for m in mentions:
            art = texts[m["article_key"]]
            m["evidence"] = {k: art.text[s:e] for k, (s, e) in m["spans"].items()} if art else {}
            m["sentence"] = art.text[m["sentence_start"]:m["sentence_end"]] if art and m["sentence_start"] is not None \
                else None
        print(json.dumps({"deal": deal, "mentions": mentions}, ensure_ascii=False, indent=2))
        return 0
    print(f"{deal['id']}: {deal['supplier']} → {deal['recipient']}  {deal['system']}"
          f"{' ' + deal['variant'] if deal['variant'] else ''}  ({deal['category']})")
    print(f"  status {deal['status']}; quantity {deal['quantity'] or '—'}; "
          f"value {_fmt_value(deal['value_amount'], deal['value_currency']) or '—'}; "
          f"reported {deal['first_reported'] or '?'} → {deal['last_reported'] or '?'}"
          f" in {deal['n_mentions']} report(s)")
    for m in mentions:
        art = texts[m["article_key"]]
        print(f"\n  report {m['ext_id'] or m['article_key']} ({m['outlet'] or 'outlet unknown'}, "
              f"{m['published'] or 'undated'}): {m['status']}, {m['salience']}")
        for fld in ("supplier", "recipient", "system", "quantity", "value", "status"):
            if fld in m["spans"] and art:
                s, e = m["spans"][fld]
                print(f"    {fld:9} {art.text[s:e]!r} [{s}:{e}]")
        if m["hedges"]:
            print(f"    hedges    {'; '.join(m['hedges'])}")
        if art and m["sentence_start"] is not None:
            print(f"    evidence  “{art.text[m['sentence_start']:m['sentence_end']]}”")
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="armswatch", formatter_class=fmt,
        description="Turn news reports about international arms deals into provenance-backed deal records.",
        epilog="examples:\n  armswatch ingest examples/ --db deals.db\n  armswatch deals --db deals.db\n"
               "  armswatch show PAK-AZE-JF17-2024 --db deals.db\n\n"
               "The store is one SQLite file: --db FILE, or $ARMSWATCH_DB, or ./armswatch.db.",
    )
    p.add_argument("--version", action="version", version=f"armswatch {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    db_default = os.environ.get("ARMSWATCH_DB", DEFAULT_DB)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--db", default=db_default, metavar="FILE", help=f"the SQLite store (default {db_default})")

    sp = sub.add_parser(
        "ingest", formatter_class=fmt, help="read articles, extract deal mentions, merge them into deals",
        description="Read articles (JSON lines, .txt/.md, HTML pages, folders, - for stdin), store the new ones, "
                    "extract their deal mentions and merge them into deals. Re-ingesting the same text stores "
                    "nothing twice. A bad input is reported (file and line) and skipped; the exit code is 1 if "
                    "any input failed.",
        epilog="examples:\n  armswatch ingest news.jsonl --db deals.db\n  armswatch ingest saved_pages/ report.md\n"
               "  cat article.txt | armswatch ingest -",
    )
    sp.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive) or - for stdin")
    common(sp)
    sp.add_argument("--max-bytes", type=int, default=None, metavar="N", help="skip files or lines over N bytes "
                    "(default 20 MiB)")
    sp.add_argument("--reextract", action="store_true", help="extract again articles already stored")
    sp.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser(
        "extract", formatter_class=fmt, help="ingest a JSON-lines file and write one benchmark record per article",
        description="Ingest ARTICLES (JSON lines with id, outlet, published, title, text) into the store and write "
                    "one JSON line per input article in the benchmark format (deals with deal ids, fields and "
                    "character spans).",
        epilog="example:\n  armswatch extract articles.jsonl --db run.db -o predicted.jsonl\n"
               "  python ../shared/eval/score.py gold.jsonl predicted.jsonl",
    )
    sp.add_argument("articles", metavar="ARTICLES.jsonl")
    common(sp)
    sp.add_argument("-o", "--output", default=None, metavar="OUT.jsonl", help="where to write (default stdout)")
    sp.add_argument("--max-bytes", type=int, default=None, metavar="N")
    sp.add_argument("--reextract", action="store_true", help="extract again articles already stored")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser(
        "deals", formatter_class=fmt, help="list the deals in the store",
        description="List deals, most recently reported first.",
        epilog="examples:\n  armswatch deals\n  armswatch deals --supplier PAK --recipient AZE\n"
               "  armswatch deals --status signed --json | jq .id",
    )
    common(sp)
    sp.add_argument("--supplier", metavar="ISO3")
    sp.add_argument("--recipient", metavar="ISO3")
    sp.add_argument("--system", metavar="NAME", help="system family (substring)")
    sp.add_argument("--status", choices=["rumoured", "negotiating", "approved", "signed", "delivered", "cancelled"])
    sp.add_argument("--limit", type=int, metavar="N")
    sp.add_argument("--json", action="store_true", help="one JSON object per line")
    sp.set_defaults(func=cmd_deals)

    sp = sub.add_parser(
        "show", formatter_class=fmt, help="one deal: its fields, each report's claims and evidence",
        description="Show a deal with every report behind it: the fields each report claims, the text span of "
                    "each field and the sentence it came from.",
        epilog="example:\n  armswatch show PAK-AZE-JF17-2024\n  armswatch show PAK-AZE-JF17-2024 --json",
    )
    sp.add_argument("deal_id", metavar="DEAL_ID")
    common(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_show)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ArmswatchError as e:
        print(f"armswatch: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("armswatch: interrupted; what was committed is kept, re-run to continue", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
