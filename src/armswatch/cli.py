"""The armswatch command line: ingest, extract, deals, show, conflicts, pair, export, reprocess.

Every command works on one SQLite store (``--db``, default ``armswatch.db`` or ``$ARMSWATCH_DB``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from . import __version__
from .errors import ArmswatchError
from .run import process

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


def fmt_value(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    for scale, suffix in ((1e9, " bn"), (1e6, " m")):
        if amount >= scale:
            return f"{currency} {amount / scale:,.2f}{suffix}".replace(".00 ", " ")
    return f"{currency} {amount:,.0f}"


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
    contradictions, the status history, the merge decisions and the sources (independent vs copies)."""
    deal = store.deal(deal_id)
    if deal is None:
        raise ArmswatchError(f"[E003] no deal {deal_id!r} in {store.path}; `armswatch deals` lists them")
    mentions = store.mentions(deal_id=deal_id)
    decisions = store.decisions(deal_id)
    texts: dict[str, Any] = {}
    for m in mentions:
        if m["article_key"] not in texts:
            texts[m["article_key"]] = store.article(m["article_key"])
        art = texts[m["article_key"]]
        m["evidence"] = {k: art.text[s:e] for k, (s, e) in m["spans"].items()} if art else {}
        m["sentence"] = (art.text[m["sentence_start"]:m["sentence_end"]]
                         if art and m["sentence_start"] is not None else None)
        m["decision"] = decisions.get(m["id"])
    from .merge import independent

    indep = {m["id"] for m in independent(mentions)}
    sources = [{"article": m["ext_id"] or m["article_key"], "outlet": m["outlet"], "published": m["published"],
                "independent": m["id"] in indep, "copy_of": m["copy_of"]} for m in mentions]
    return {"deal": deal, "mentions": mentions, "contradictions": store.contradictions(deal_id),
            "status_history": store.status_history(deal_id), "sources": sources}


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
                deals = [benchmark_record(m) for m in store.mentions(article_key=key)]
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
        deals = [d for d in store.deals(country=a) if {d["supplier"], d["recipient"]} == {a, b}]
        events = store.events_for_pair(a, b)
    timeline: list[dict[str, Any]] = []
    for d in deals:
        timeline.append({"date": d["first_reported"], "type": "deal", "what": f"{d['supplier']} → {d['recipient']} "
                         f"{d['system']} ({d['status']}; {fmt_value(d['value_amount'], d['value_currency']) or '—'})",
                         "id": d["id"]})
    for e in events:
        who = ", ".join(f"{x['name']} ({x['role']})" if x.get("role") else x["name"] for x in e["actors"])
        extra = f" brokered by {e['broker']}" if e["broker"] else ""
        extra += f" launched by {e['attacker']}" if e["attacker"] else ""
        where = f" in {e['place']}" if e["place"] else ""
        timeline.append({"date": e["date"], "type": e["kind"],
                         "what": f"{e['kind']}{where}{extra}{': ' + who if who else ''}",
                         "id": e["ext_id"] or e["article_key"][:8], "evidence": e["evidence"]})
    timeline.sort(key=lambda t: (t["date"] or "9999", t["type"]))
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


SIPRI_COLUMNS = ["Recipient", "Supplier", "Year of order", "", "Number ordered", "", "Weapon designation",
                 "Weapon description", "Number delivered", "", "Year(s) of delivery", "status", "Comments",
                 "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons"]


def cmd_export(args: argparse.Namespace) -> int:
    from .knowledge import countries, systems

    names = {iso: c.name for iso, c in countries().items()}
    catalog = systems()
    out: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8",  # noqa: SIM115
                                                                      newline="")
    try:
        with _store(args.db) as store:
            deals = store.deals()
            if args.format == "jsonl":
                for d in deals:
                    view = deal_view(store, d["id"])
                    view["mentions"] = [{k: m[k] for k in ("id", "ext_id", "published", "outlet", "status",
                                                           "quantity", "value_amount", "value_currency", "value_usd",
                                                           "spans", "sentence", "salience")}
                                        for m in view["mentions"]]
                    out.write(json.dumps(view, ensure_ascii=False, default=str) + "\n")
            else:
                w = csv.writer(out)
                w.writerow(SIPRI_COLUMNS)
                for d in deals:
                    entry = catalog.get(d["system"] or "")
                    year = (d["fields"].get("order_year") or {}).get("value") or (d["first_reported"] or "")[:4]
                    delivered = d["quantity"] if d["status"] == "delivered" else ""
                    value = fmt_value(d["value_amount"], d["value_currency"])
                    comment = "; ".join(x for x in (
                        f"value {value}" if value else "",
                        f"{d['n_sources']} independent source(s), {d['first_reported']} to {d['last_reported']}",
                        f"{d['n_contradictions']} contradiction(s)" if d["n_contradictions"] else "",
                        f"armswatch {d['id']}") if x)
                    w.writerow([names.get(d["recipient"], d["recipient"]), names.get(d["supplier"], d["supplier"]),
                                year, "", d["quantity"] or "", "", (entry.name if entry else d["system"]) or "",
                                (entry.description if entry and entry.description else d["category"]) or "",
                                delivered, "", "", d["status"], comment, "", "", ""])
    finally:
        if out is not sys.stdout:
            out.close()
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
               "  armswatch show PAK-AZE-JF17-2024 --db deals.db\n  armswatch pair PAK AZE --db deals.db\n\n"
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
        "  python ../shared/eval/score.py gold.jsonl predicted.jsonl")
    sp.add_argument("articles", metavar="ARTICLES.jsonl")
    sp.add_argument("-o", "--output", default=None, metavar="OUT.jsonl", help="where to write (default stdout)")
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
