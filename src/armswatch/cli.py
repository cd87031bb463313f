"""The armswatch command line: ingest, extract, deals, show, conflicts, pair, export, reprocess, serve.

Every command works on one SQLite store (``--db``, default ``armswatch.db`` or ``$ARMSWATCH_DB``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from . import __version__
from .errors import ArmswatchError
from .models import claim_records
from .run import process
from .serve.queries import SIPRI_COLUMNS as SIPRI_COLUMNS  # re-exported: it used to live here
from .serve.queries import deal_view as _deal_view
from .serve.queries import export_jsonl, fmt_value, iter_csv, pair_detail

DEFAULT_DB = "armswatch.db"
STATUSES = ["rumoured", "negotiating", "approved", "signed", "delivered", "cancelled"]


# -- helpers ---------------------------------------------------------------------------------------------------
def benchmark_record(m: dict[str, Any]) -> dict[str, Any]:
    """A stored mention in the benchmark format (../shared/eval/FORMAT.md)."""
    value = ({"amount": m["value_amount"], "currency": m["value_currency"]}
             if m["value_amount"] is not None else None)
    return {"deal_id": m["deal_id"], "supplier": m["supplier"], "recipient": m["recipient"], "system": m["system"],
            "variant": m["variant"], "category": m["category"], "quantity": m["quantity"], "value": value,
            "status": m["status"], "salience": m["salience"], "spans": m["spans"]}


def table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join([line.rstrip(), "  ".join("-" * w for w in widths), *body])


def _store(db: str) -> Any:
    from .store import Store

    return Store(db)


def deal_view(store: Any, deal_id: str) -> dict[str, Any]:
    """Everything about one deal: the consolidated record, each report's claims with evidence, the
    contradictions, the status history, the merge decisions and the sources (independent vs copies).
    (:func:`armswatch.serve.queries.deal_view`, which the API shares; here an unknown deal is an error.)"""
    view = _deal_view(store, deal_id)
    if view is None:
        raise ArmswatchError(f"[E003] no deal {deal_id!r} in {store.path}; `armswatch deals` lists them")
    return view


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
    stats = process([args.articles], args.db, max_bytes=args.max_bytes, reextract=args.reextract,
                    progress=not args.quiet)
    out: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        with _store(args.db) as store:
            for ref, key in stats.order:
                mentions = store.mentions(article_key=key)
                if args.records == "claims":
                    deals = [r for m in mentions for r in claim_records(benchmark_record(m), m["claims"])]
                else:
                    deals = [benchmark_record(m) for m in mentions]
                out.write(json.dumps({"id": ref, "deals": deals}, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(stats.summary(), file=sys.stderr)
    return 1 if stats.failed else 0


def cmd_deals(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        deals = store.deals(supplier=args.supplier, recipient=args.recipient, system=args.system,
                            status=args.status, conflicted=args.conflicted, limit=args.limit)
    if args.json:
        for d in deals:
            print(json.dumps(d, ensure_ascii=False))
        return 0
    if not deals:
        print("no deals match: `armswatch ingest FILE...` adds reports", file=sys.stderr)
        return 0
    print(table(((d["id"], d["supplier"], d["recipient"], d["system"], d["variant"], d["quantity"],
                  fmt_value(d["value_amount"], d["value_currency"]), d["status"], d["n_sources"],
                  d["n_contradictions"] or "", d["last_reported"]) for d in deals),
                ("deal", "supplier", "recipient", "system", "variant", "qty", "value", "status", "sources",
                 "conflicts", "last reported")))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        view = deal_view(store, args.deal_id)
    if args.json:
        print(json.dumps(view, ensure_ascii=False, indent=2, default=str))
        return 0
    deal, mentions = view["deal"], view["mentions"]
    fields = deal["fields"]
    print(f"{deal['id']}: {deal['supplier']} → {deal['recipient']}  {deal['system']}"
          f"{' ' + deal['variant'] if deal['variant'] else ''}  ({deal['category']})"
          f"{'  follow-on of ' + ', '.join(deal['related']) if deal['related'] else ''}")
    print(f"  reported {deal['first_reported'] or 'undated'} → {deal['last_reported'] or 'undated'} by "
          f"{deal['n_sources']} "
          f"independent source(s) in {deal['n_mentions']} report(s)")
    print("\n  consolidated")
    for name in ("status", "quantity", "value", "variant", "category"):
        f = fields.get(name) or {}
        val = f.get("value")
        if name == "value" and val:
            usd = (f" (≈ USD {val['usd'] / 1e9:,.2f} bn at the report date)"
                   if val.get("usd") and val["currency"] != "USD" else "")
            val = fmt_value(val["amount"], val["currency"]) + usd
        print(f"    {name:9} {val if val is not None else '—':<34} {f.get('rule', '')}")
    print("\n  claims, report by report")
    rows = []
    for m in mentions:
        usd = f" ≈ USD {m['value_usd'] / 1e9:,.2f} bn" if m["value_usd"] and m["value_currency"] != "USD" else ""
        rows.append((m["ext_id"] or m["article_key"][:8], m["published"] or "undated", m["outlet"] or "",
                     m["status"], m["quantity"], m["variant"],
                     (fmt_value(m["value_amount"], m["value_currency"]) + usd) if m["value_amount"] else "",
                     m["salience"], (m["decision"] or {}).get("decision", "")))
    print("    " + table(rows, ("report", "date", "outlet", "status", "qty", "variant", "value", "salience",
                              "merge")).replace("\n", "\n    "))
    if view["contradictions"]:
        print("\n  contradictions")
        ids = {m["id"]: m["ext_id"] or m["article_key"][:8] for m in mentions}
        for c in view["contradictions"]:
            side = lambda xs: ", ".join(ids.get(x, str(x)) for x in xs)  # noqa: E731
            print(f"    {c['kind']:18} {c['detail']}  [{side(c['side_a'])}] vs [{side(c['side_b'])}]")
    else:
        print("\n  contradictions: none")
    print("\n  status history")
    ids = {m["id"]: m["ext_id"] or m["article_key"][:8] for m in mentions}
    for step in view["status_history"]:
        print(f"    {step['date'] or 'undated':10}  {step['status']:11}  {', '.join(ids[i] for i in step['mentions'])}")
    print("\n  evidence")
    for m in mentions:
        print(f"    {m['ext_id'] or m['article_key'][:8]}: “{m['sentence']}”")
        for fld, text in m["evidence"].items():
            s, e = m["spans"][fld]
            print(f"      {fld:9} {text!r} [{s}:{e}]")
        for a in m["attributions"]:
            print(f"      source    {a['source']} ({a['kind']})")
        for c in m.get("claims") or []:
            said = [f"{c['name']!r} [{c['name_span'][0]}:{c['name_span'][1]}]" if c["name"] else None,
                    f"{c['quantity']} [{c['quantity_span'][0]}:{c['quantity_span'][1]}]" if c["quantity"] else None,
                    *(f"{t!r} [{a['span'][0]}:{a['span'][1]}]"
                      for t, a in zip(c.get("amounts_as_written") or [], c["amounts"], strict=False))]
            print(f"      as said   {' · '.join(x for x in said if x)}")
        if m["hedges"]:
            print(f"      hedges    {'; '.join(m['hedges'])}")
        if m["decision"]:
            print(f"      merge     {m['decision']['decision']}: {m['decision']['reason']}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from .merge import find_contradictions

    with _store(args.db) as store:
        deals = store.deals(supplier=args.supplier, recipient=args.recipient)
        found = []
        for d in deals:
            if args.tolerance is None:
                items = store.contradictions(d["id"])
            else:
                items = find_contradictions(store.mentions(deal_id=d["id"]), args.tolerance)
                items += [c for c in store.contradictions(d["id"]) if c["kind"] == "party"]
            if args.kind:
                items = [c for c in items if c["kind"] == args.kind]
            if items:
                found.append((d, items))
    if args.json:
        for d, items in found:
            print(json.dumps({"deal": d["id"], "contradictions": items}, ensure_ascii=False))
        return 0
    if not found:
        print("no open contradictions", file=sys.stderr)
        return 0
    rows = [(d["id"], c["kind"], c["detail"]) for d, items in found for c in items]
    print(table(rows, ("deal", "kind", "detail")))
    return 0


def cmd_pair(args: argparse.Namespace) -> int:
    from .knowledge import iso3_for

    a, b = (iso3_for(x) or x.upper() for x in (args.a, args.b))
    with _store(args.db) as store:
        try:
            timeline = pair_detail(store, a, b)["timeline"]
        except ValueError:  # not a country armswatch knows: nothing can be stored about it
            timeline = []
    if args.json:
        print(json.dumps({"pair": [a, b], "timeline": timeline}, ensure_ascii=False, indent=2))
        return 0
    if not timeline:
        print(f"nothing on {a}–{b} in {args.db} yet", file=sys.stderr)
        return 0
    print(f"{a} – {b}")
    print(table(((t["date"] or "undated", t["type"], t["what"], t["id"]) for t in timeline),
                ("date", "type", "what", "source / deal")))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8",  # noqa: SIM115
                                                                      newline="")
    try:
        with _store(args.db) as store:
            out.writelines(export_jsonl(store) if args.format == "jsonl" else iter_csv(store))
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .serve.app import create_app

    token = args.token or os.environ.get("ARMSWATCH_TOKEN")
    app = create_app(args.db, token=token)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"armswatch: serving {args.db} on http://{shown}:{args.port}/ (API docs at /docs; "
          f"{'POST /api/articles needs the token' if token else 'read-only: no token, POST /api/articles is off'});"
          " Ctrl-C stops", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info" if args.verbose else "warning")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from .run import reprocess

    changes = reprocess(args.db, progress=not args.quiet)
    if args.json:
        print(json.dumps(changes.as_dict(), ensure_ascii=False))
        return 0
    print(f"re-extracted {changes.articles} articles: mentions {changes.mentions_before} → {changes.mentions_after}, "
          f"deals {changes.deals_before} → {changes.deals_after}")
    for d in changes.deals_added:
        print(f"  + {d}")
    for d in changes.deals_removed:
        print(f"  - {d}")
    for c in changes.deals_changed:
        print(f"  ~ {c['id']}: " + "; ".join(f"{k} {a!r} → {b!r}" for k, (a, b) in c["changes"].items()))
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="armswatch", formatter_class=fmt,
        description="Turn news reports about international arms deals into provenance-backed deal records.",
        epilog="examples:\n  armswatch ingest examples/articles.jsonl --db deals.db\n  armswatch deals --db deals.db\n"
               "  armswatch show PAK-AZE-JF17-2024 --db deals.db\n  armswatch pair PAK AZE --db deals.db\n"
               "  armswatch serve --db deals.db\n\n"
               "The store is one SQLite file: --db FILE, or $ARMSWATCH_DB, or ./armswatch.db.",
    )
    p.add_argument("--version", action="version", version=f"armswatch {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    db_default = os.environ.get("ARMSWATCH_DB", DEFAULT_DB)

    def command(name: str, help_: str, description: str, examples: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, formatter_class=fmt, help=help_, description=description,
                            epilog="examples:\n" + examples)
        sp.add_argument("--db", default=db_default, metavar="FILE", help=f"the SQLite store (default {db_default})")
        return sp

    sp = command(
        "ingest", "read articles, extract deal mentions, merge them into deals",
        "Read articles (JSON lines, .txt/.md, HTML pages, folders, - for stdin), store the new ones, extract their "
        "deal mentions (values in USD at the report date) and context events, link syndicated copies and merge "
        "mentions into deals. Re-ingesting the same text stores nothing twice. A bad input is reported (file and "
        "line) and skipped; the exit code is 1 if any input failed.",
        "  armswatch ingest news.jsonl --db deals.db\n  armswatch ingest saved_pages/ report.md\n"
        "  cat article.txt | armswatch ingest -")
    sp.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive) or - for stdin")
    sp.add_argument("--max-bytes", type=int, default=None, metavar="N",
                    help="skip files or lines over N bytes (default 20 MiB)")
    sp.add_argument("--reextract", action="store_true", help="extract again articles already stored")
    sp.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_ingest)

    sp = command(
        "extract", "ingest a JSON-lines file and write one benchmark record per article",
        "Ingest ARTICLES (JSON lines with id, outlet, published, title, text) into the store and write one JSON line "
        "per input article in the benchmark format (deals with deal ids, fields and character spans).",
        "  armswatch extract articles.jsonl --db run.db -o predicted.jsonl\n"
        "  python ../shared/eval/score.py gold.jsonl predicted.jsonl\n"
        "  armswatch extract articles.jsonl --db run.db --records claims -o claims.jsonl")
    sp.add_argument("articles", metavar="ARTICLES.jsonl")
    sp.add_argument("-o", "--output", default=None, metavar="OUT.jsonl", help="where to write (default stdout)")
    sp.add_argument("--records", choices=("deals", "claims"), default="deals",
                    help="deals (default): one record per deal an article reports, with one count and one value; "
                         "claims: one record per sentence that speaks of a deal, with the system named as "
                         "written (the catalog's name goes in 'family'), the count tied to that name (and a "
                         "delivered part of the order as a count of its own) and each amount stated (with its "
                         "restatement in another currency), so every figure those sentences give appears with its "
                         "span; a supplier or "
                         "recipient state that sentence does not name (another sentence names it, or only its firm "
                         "or the system's origin implies it) is null")
    sp.add_argument("--max-bytes", type=int, default=None, metavar="N")
    sp.add_argument("--reextract", action="store_true", help="extract again articles already stored")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_extract)

    sp = command(
        "deals", "list the deals in the store",
        "List deals, most recently reported first, with their independent sources and open contradictions.",
        "  armswatch deals\n  armswatch deals --supplier PAK --recipient AZE\n"
        "  armswatch deals --status signed --json | jq .id")
    sp.add_argument("--supplier", metavar="ISO3")
    sp.add_argument("--recipient", metavar="ISO3")
    sp.add_argument("--system", metavar="NAME", help="system family (substring)")
    sp.add_argument("--status", choices=STATUSES)
    sp.add_argument("--conflicted", action="store_true", help="only deals with open contradictions")
    sp.add_argument("--limit", type=int, metavar="N")
    sp.add_argument("--json", action="store_true", help="one JSON object per line")
    sp.set_defaults(func=cmd_deals)

    sp = command(
        "show", "one deal: consolidated record, every report's claims, contradictions, status history",
        "Show a deal: each field's consolidated value and the rule that chose it, the claims of every report side "
        "by side (values also in USD at each report's date), the typed contradictions, the dated status history, "
        "why each report was merged, and the evidence sentence and span of every field.",
        "  armswatch show PAK-AZE-JF17-2024\n  armswatch show PAK-AZE-JF17-2024 --json")
    sp.add_argument("deal_id", metavar="DEAL_ID")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_show)

    sp = command(
        "conflicts", "deals whose reports contradict each other",
        "List the open contradictions: value (after conversion to USD at each report's date, beyond a tolerance), "
        "quantity, status regression, party, variant conflict (a refinement such as JF-17 → JF-17C Block-III is "
        "not one).",
        "  armswatch conflicts\n  armswatch conflicts --kind value --tolerance 0.05\n"
        "  armswatch conflicts --recipient POL --json")
    sp.add_argument("--kind", choices=["value", "quantity", "status regression", "party", "variant"])
    sp.add_argument("--tolerance", type=float, default=None, metavar="F",
                    help="relative value difference that counts as a contradiction (default 0.10)")
    sp.add_argument("--supplier", metavar="ISO3")
    sp.add_argument("--recipient", metavar="ISO3")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_conflicts)

    sp = command(
        "pair", "a country pair's timeline: deals both ways and context events",
        "Print the timeline of a country pair: the deals between them (either way) and the context events that "
        "involve both: diplomatic meetings, conflicts, offensives and ceasefires (with who brokered them).",
        "  armswatch pair PAK AZE\n  armswatch pair Azerbaijan Armenia --json")
    sp.add_argument("a", metavar="COUNTRY")
    sp.add_argument("b", metavar="COUNTRY")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_pair)

    sp = command(
        "export", "write the register as CSV (SIPRI's trade-register shape) or JSON lines",
        "Write every deal: --format sipri-csv gives the columns of SIPRI's trade register (recipient, supplier, "
        "year of order, number ordered, designation, description, status, comments); --format jsonl gives each "
        "deal with its reports, contradictions and status history.",
        "  armswatch export --format sipri-csv -o register.csv\n  armswatch export --format jsonl | head -1")
    sp.add_argument("--format", choices=["sipri-csv", "jsonl"], default="sipri-csv")
    sp.add_argument("-o", "--output", default=None, metavar="FILE")
    sp.set_defaults(func=cmd_export)

    sp = command(
        "reprocess", "extract again every stored article and rebuild the deals; report what changed",
        "Run the current extractor over every stored article (their raw text is kept), rebuild mentions, merge "
        "decisions and deals, and report the deals added, removed and changed.",
        "  armswatch reprocess --db deals.db\n  armswatch reprocess --json")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sp.set_defaults(func=cmd_reprocess)

    sp = command(
        "serve", "browse and query the store over HTTP: web pages and a JSON API",
        "Run a web server on the store: pages to browse deals, articles and country pairs, and a JSON API "
        "(/api/deals, /api/deals/ID, /api/articles/ID, /api/pairs/A/B, /api/search?q=, /api/network, "
        "/api/export.csv, /api/export.jsonl; documented at /docs). Reading is open to anyone who can reach the "
        "address; POST /api/articles (ingest) needs the token (--token, or better $ARMSWATCH_TOKEN, which other "
        "users cannot see in the process list). It listens on 127.0.0.1 unless --host says otherwise.",
        "  armswatch serve --db deals.db\n  ARMSWATCH_TOKEN=s3cret armswatch serve --db deals.db --port 8080\n"
        "  curl 'http://127.0.0.1:8000/api/deals?recipient=AZE&status=signed'\n"
        "  curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/json' -d @article.json \\\n"
        "       http://127.0.0.1:8000/api/articles")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sp.add_argument("--token", default=None, metavar="TOKEN",
                    help="bearer token that POST /api/articles requires (default $ARMSWATCH_TOKEN; none: read-only)")
    sp.add_argument("-v", "--verbose", action="store_true", help="log every request")
    sp.set_defaults(func=cmd_serve)
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
