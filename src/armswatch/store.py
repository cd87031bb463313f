"""The deal store: one SQLite file (WAL), the only place that knows the schema.

Tables
    articles        one row per distinct article text (key = content hash); raw text kept for re-extraction;
                    its MinHash signature and, for a syndicated copy, the article it copies
    mentions        one report's view of one deal: every field with its character span and the sentence it came
                    from, the value in USD at the report date (rate, rate date, source), hedges and attributions
    deals           the real-world deals mentions were merged into, with the consolidated value of each field and
                    the rule that chose it
    decisions       why each mention joined its deal (or opened a new one)
    contradictions  typed disagreements between a deal's reports, each with the reports on each side
    status_history  a deal's dated status transitions, each citing its reports
    events          context events (meetings, conflicts, offensives, ceasefires) with their sentence
    event_parties   which states an event involves (for a country pair's timeline)
    articles_fts    FTS5 index over the articles' titles and texts (external content: the text is stored once,
                    kept in step by triggers)
    deals_fts       FTS5 index over each deal's id, system, variant, category and the ISO3 codes and names of its
                    countries (rowid = the deal's rowid; written by :meth:`Store.upsert_deal`)

Everything goes through :class:`Store`; other modules never write SQL of their own.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ArmswatchError
from .models import Article, Mention

SCHEMA_VERSION = 4

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    key          TEXT PRIMARY KEY,          -- content hash of the normalised text
    ext_id       TEXT,                      -- the id the source gave (e.g. "d-001")
    title        TEXT,
    outlet       TEXT,
    published    TEXT,                      -- YYYY-MM-DD
    url          TEXT,
    source       TEXT,                      -- where it was first read from
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    extracted_at TEXT,
    extractor    TEXT,                      -- extractor version that produced its mentions
    signature    BLOB,                      -- MinHash of its shingles (syndication)
    copy_of      TEXT,                      -- the article this one is a syndicated copy of
    copy_similarity REAL
);
CREATE INDEX IF NOT EXISTS articles_ext_id ON articles(ext_id);
CREATE TABLE IF NOT EXISTS deals (
    id             TEXT PRIMARY KEY,        -- e.g. PAK-AZE-JF17-2024
    supplier       TEXT,
    recipient      TEXT,
    system         TEXT,                    -- family designation
    category       TEXT,
    variant        TEXT,
    quantity       INTEGER,
    value_amount   REAL,
    value_currency TEXT,
    value_usd      REAL,
    status         TEXT,
    first_reported TEXT,
    last_reported  TEXT,
    n_mentions     INTEGER NOT NULL DEFAULT 0,
    n_sources      INTEGER NOT NULL DEFAULT 0, -- independent reports (syndicated copies count once)
    followon       INTEGER NOT NULL DEFAULT 0, -- a later, separate order of a system the pair already traded
    related        TEXT NOT NULL DEFAULT '[]', -- JSON: ids of related deals (the order a follow-on follows)
    fields         TEXT NOT NULL DEFAULT '{}', -- JSON: per field {value, rule, mentions}
    n_contradictions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deals_block ON deals(supplier, recipient, system);
CREATE INDEX IF NOT EXISTS deals_recipient_system ON deals(recipient, system);
CREATE TABLE IF NOT EXISTS mentions (
    id             INTEGER PRIMARY KEY,
    article_key    TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,        -- order within the article
    deal_id        TEXT REFERENCES deals(id),
    supplier       TEXT,
    recipient      TEXT,
    system         TEXT,
    variant        TEXT,
    category       TEXT,
    quantity       INTEGER,
    value_amount   REAL,
    value_currency TEXT,
    value_usd      REAL,
    fx_rate        REAL,                    -- units of value_currency per USD
    fx_date        TEXT,                    -- the rate's date (YYYY-MM-DD) or year (YYYY)
    fx_source      TEXT,
    fx_approximate INTEGER,
    fx_basis       TEXT,                    -- "published" | "ingested": which date the rate is for
    status         TEXT,
    salience       TEXT,
    followon       INTEGER NOT NULL DEFAULT 0,
    amendment      INTEGER NOT NULL DEFAULT 0,
    order_year     INTEGER,
    spans          TEXT NOT NULL,           -- JSON {"supplier": [s, e], ...}
    sentence_start INTEGER,
    sentence_end   INTEGER,
    cue            TEXT,
    hedges         TEXT NOT NULL DEFAULT '[]',
    attributions   TEXT NOT NULL DEFAULT '[]',
    claims         TEXT NOT NULL DEFAULT '[]', -- JSON: every place the report speaks of the deal, as written
    UNIQUE (article_key, idx)
);
CREATE INDEX IF NOT EXISTS mentions_deal ON mentions(deal_id);
CREATE INDEX IF NOT EXISTS mentions_block ON mentions(supplier, recipient, system);
CREATE TABLE IF NOT EXISTS decisions (
    mention_id INTEGER PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
    deal_id    TEXT NOT NULL,
    decision   TEXT NOT NULL,               -- new deal | joined | amendment | follow-on
    reason     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contradictions (
    id        INTEGER PRIMARY KEY,
    deal_id   TEXT NOT NULL,
    kind      TEXT NOT NULL,                -- value | quantity | status regression | party | variant
    detail    TEXT NOT NULL,
    side_a    TEXT NOT NULL,                -- JSON list of mention ids
    side_b    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS contradictions_deal ON contradictions(deal_id);
CREATE TABLE IF NOT EXISTS status_history (
    deal_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    status   TEXT NOT NULL,
    date     TEXT,
    mentions TEXT NOT NULL,                 -- JSON list of mention ids that report it
    PRIMARY KEY (deal_id, seq)
);
CREATE TABLE IF NOT EXISTS events (
    id          INTEGER PRIMARY KEY,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    parties     TEXT NOT NULL,              -- JSON list of ISO3
    actors      TEXT NOT NULL,              -- JSON list of {name, role, iso3, span}
    attacker    TEXT,
    broker      TEXT,
    place       TEXT,
    place_iso3  TEXT,
    date        TEXT,
    date_text   TEXT,
    approximate INTEGER NOT NULL DEFAULT 0,
    span_start  INTEGER,
    span_end    INTEGER,
    evidence    TEXT
);
CREATE TABLE IF NOT EXISTS event_parties (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    iso3     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_parties_iso3 ON event_parties(iso3);
-- version 3: indexes for the list pages and the API, full-text search
CREATE INDEX IF NOT EXISTS deals_status ON deals(status);
CREATE INDEX IF NOT EXISTS deals_last_reported ON deals(last_reported);
CREATE INDEX IF NOT EXISTS deals_first_reported ON deals(first_reported);
CREATE INDEX IF NOT EXISTS deals_category ON deals(category);
CREATE INDEX IF NOT EXISTS deals_contradictions ON deals(n_contradictions);
CREATE INDEX IF NOT EXISTS deals_value_usd ON deals(value_usd);
CREATE INDEX IF NOT EXISTS deals_n_sources ON deals(n_sources);
CREATE INDEX IF NOT EXISTS deals_system ON deals(system COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_key);
CREATE INDEX IF NOT EXISTS events_article ON events(article_key);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS deals_fts USING fts5(
    deal_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS deals_fts_delete AFTER DELETE ON deals BEGIN
    DELETE FROM deals_fts WHERE rowid = old.rowid;
END;
"""

_ADDED_COLUMNS = {  # columns later versions added to tables of earlier ones (version 2; claims: version 4)
    "articles": ["signature BLOB", "copy_of TEXT", "copy_similarity REAL"],
    "deals": ["value_usd REAL", "n_sources INTEGER NOT NULL DEFAULT 0", "related TEXT NOT NULL DEFAULT '[]'",
              "fields TEXT NOT NULL DEFAULT '{}'", "n_contradictions INTEGER NOT NULL DEFAULT 0"],
    "mentions": ["value_usd REAL", "fx_rate REAL", "fx_date TEXT", "fx_source TEXT", "fx_approximate INTEGER",
                 "fx_basis TEXT", "amendment INTEGER NOT NULL DEFAULT 0", "order_year INTEGER",
                 "attributions TEXT NOT NULL DEFAULT '[]'",
                 "claims TEXT NOT NULL DEFAULT 'null'"],  # null: stored before claims existed, not "none"
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """A deal store in one SQLite file. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, *, check_same_thread: bool = True) -> None:
        """``check_same_thread=False`` lets one request's store be used from the server's worker threads (one
        thread at a time: a store is never shared between concurrent requests)."""
        self.path = str(path)
        self._match_tables: dict[tuple[str, int, int], str] = {}  # see _matching_deals
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=check_same_thread)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA cache_size = -131072")  # 128 MiB of page cache: big stores stay fast
            self.db.execute("PRAGMA temp_store = MEMORY")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise ArmswatchError(
                f"[E301] {self.path} is not a readable armswatch database ({e}); "
                "point --db at another file, or move this one away and run again"
            ) from e

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = None
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else None
        if version is not None and version > SCHEMA_VERSION:
            raise ArmswatchError(
                f"[E302] {self.path} was written by a newer armswatch (schema {version} > {SCHEMA_VERSION}); "
                "upgrade armswatch to read it"
            )
        if version == SCHEMA_VERSION:
            return  # up to date: opening writes nothing (readers never wait for a write lock)
        if version is not None:
            for table, columns in _ADDED_COLUMNS.items():
                have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                for col in columns:
                    if col.split()[0] not in have:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {col}")
        self.db.executescript(SCHEMA)
        if "articles" in tables and (version or 0) < 3:  # the search indexes came in version 3: fill them
            self.rebuild_fts()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self.db.commit()

    def rebuild_fts(self) -> None:
        """Fill the full-text indexes again from the articles and deals (after a migration, or a VACUUM that
        renumbered rows). Does not commit."""
        self.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        self.db.execute("DELETE FROM deals_fts")
        self.db.executemany("INSERT INTO deals_fts (rowid, deal_id, body) VALUES (?, ?, ?)",
                            ((r["rowid"], r["id"], _deal_search_text(dict(r)))
                             for r in self.db.execute("SELECT rowid, * FROM deals").fetchall()))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.db
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    # -- articles ------------------------------------------------------------------------------------------------
    def add_article(self, article: Article) -> bool:
        """Store an article; False if the same text was stored before (nothing is written then)."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO articles (key, ext_id, title, outlet, published, url, source, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.key, article.id, article.title, article.outlet, article.published, article.url,
             article.source, article.text, _now()),
        )
        return cur.rowcount == 1

    def article(self, key_or_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT * FROM articles WHERE key = ? OR ext_id = ? ORDER BY key = ? DESC LIMIT 1",
            (key_or_id, key_or_id, key_or_id),
        ).fetchone()
        return _article(row) if row else None

    def article_meta(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT key, ext_id, title, outlet, published, url, source, ingested_at, copy_of, copy_similarity"
            " FROM articles WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY rowid"):
            yield _article(row)

    def set_signature(self, key: str, signature: bytes, copy_of: str | None, similarity: float | None) -> None:
        self.db.execute("UPDATE articles SET signature = ?, copy_of = ?, copy_similarity = ? WHERE key = ?",
                        (signature, copy_of, similarity, key))

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        for row in self.db.execute("SELECT key, signature FROM articles WHERE signature IS NOT NULL ORDER BY rowid"):
            yield row[0], row[1]

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "deals", "events", "contradictions"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -- mentions ------------------------------------------------------------------------------------------------
    def replace_mentions(self, article: Article, mentions: Iterable[Mention], extractor: str,
                         fx: Iterable[Any] | None = None) -> None:
        """Set an article's mentions (re-extraction replaces the old ones). ``fx``: a UsdValue (or None) per
        mention, in the same order."""
        self.db.execute("DELETE FROM mentions WHERE article_key = ?", (article.key,))
        mentions = list(mentions)
        fx_list = list(fx) if fx is not None else [None] * len(mentions)
        rows = []
        for i, (m, usd) in enumerate(zip(mentions, fx_list, strict=True)):
            rows.append((
                article.key, i, m.deal_id, m.supplier, m.recipient, m.system, m.variant, m.category, m.quantity,
                m.value_amount, m.value_currency,
                usd.usd if usd else None, usd.rate if usd else None, usd.rate_date if usd else None,
                usd.source if usd else None, int(usd.approximate) if usd else None, usd.date_basis if usd else None,
                m.status, m.salience, int(m.followon), int(m.amendment), m.order_year,
                json.dumps({k: list(v) for k, v in m.spans.items()}),
                m.sentence[0] if m.sentence else None, m.sentence[1] if m.sentence else None,
                m.cue, json.dumps(m.hedges), json.dumps(m.attributions), json.dumps([c.to_json() for c in m.claims]),
            ))
        self.db.executemany(
            "INSERT INTO mentions (article_key, idx, deal_id, supplier, recipient, system, variant, category,"
            " quantity, value_amount, value_currency, value_usd, fx_rate, fx_date, fx_source, fx_approximate,"
            " fx_basis, status, salience, followon, amendment, order_year, spans, sentence_start, sentence_end, cue,"
            " hedges, attributions, claims) VALUES (" + ", ".join("?" * 29) + ")",
            rows,
        )
        self.db.execute(
            "UPDATE articles SET extracted_at = ?, extractor = ? WHERE key = ?", (_now(), extractor, article.key)
        )

    def mentions(self, *, article_key: str | None = None, deal_id: str | None = None,
                 unmerged: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT m.*, a.ext_id, a.published, a.outlet, a.title, a.url, a.copy_of, a.ingested_at"
               " FROM mentions m JOIN articles a ON a.key = m.article_key WHERE 1=1")
        args: list[Any] = []
        if article_key is not None:
            sql += " AND m.article_key = ?"
            args.append(article_key)
        if deal_id is not None:
            sql += " AND m.deal_id = ?"
            args.append(deal_id)
        if unmerged:
            sql += " AND m.deal_id IS NULL"
        sql += " ORDER BY a.published IS NOT NULL, a.published, a.rowid, m.idx"  # undated reports first: oldest
        return [_mention_row(r) for r in self.db.execute(sql, args)]

    def set_mention_deal(self, mention_id: int, deal_id: str, decision: str, reason: str) -> None:
        self.set_mention_deals([(mention_id, deal_id, decision, reason)])

    def set_mention_deals(self, rows: list[tuple[int, str, str, str]]) -> None:
        """(mention id, deal id, decision, reason) for many mentions at once."""
        self.db.executemany("UPDATE mentions SET deal_id = ? WHERE id = ?", [(r[1], r[0]) for r in rows])
        self.db.executemany("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?)", rows)

    def decisions(self, deal_id: str) -> dict[int, dict[str, Any]]:
        return {r["mention_id"]: dict(r) for r in self.db.execute("SELECT * FROM decisions WHERE deal_id = ?",
                                                                  (deal_id,))}

    # -- deals ---------------------------------------------------------------------------------------------------
    def deals_in_block(self, supplier: str | None, recipient: str | None, system: str | None) -> list[dict[str, Any]]:
        return [_deal_row(r) for r in self.db.execute(
            "SELECT * FROM deals WHERE supplier IS ? AND recipient IS ? AND system IS ? ORDER BY first_reported, id",
            (supplier, recipient, system))]

    def deals_for(self, recipient: str, system: str) -> list[dict[str, Any]]:
        """Every deal of one recipient and system, whatever the supplier."""
        return [_deal_row(r) for r in self.db.execute(
            "SELECT * FROM deals WHERE recipient = ? AND system = ? ORDER BY first_reported, id", (recipient, system))]

    def deal(self, deal_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM deals WHERE id = ?", (deal_id,)).fetchone()
        return _deal_row(row) if row else None

    def deals(self, *, supplier: str | None = None, recipient: str | None = None, system: str | None = None,
              status: str | None = None, country: str | None = None, conflicted: bool = False,
              limit: int | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM deals WHERE n_mentions > 0", []
        for col, val in (("supplier", supplier), ("recipient", recipient), ("status", status)):
            if val:
                sql += f" AND {col} = ?"
                args.append(val)
        if country:
            sql += " AND (supplier = ? OR recipient = ?)"
            args += [country, country]
        if system:
            sql += " AND system LIKE ?"
            args.append(f"%{system}%")
        if conflicted:
            sql += " AND n_contradictions > 0"
        sql += " ORDER BY last_reported DESC, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_deal_row(r) for r in self.db.execute(sql, args)]

    def upsert_deal(self, deal: dict[str, Any]) -> None:
        cols = ["id", "supplier", "recipient", "system", "category", "variant", "quantity", "value_amount",
                "value_currency", "value_usd", "status", "first_reported", "last_reported", "n_mentions",
                "n_sources", "followon", "related", "fields", "n_contradictions"]
        row = dict(deal)
        for k in ("related", "fields"):
            if not isinstance(row.get(k), str):
                row[k] = json.dumps(row.get(k) or ([] if k == "related" else {}))
        for k in ("n_mentions", "n_sources", "followon", "n_contradictions"):
            row[k] = row.get(k) or 0
        self.db.execute(
            f"INSERT INTO deals ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            f" ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in cols[1:])}",
            [row.get(c) for c in cols],
        )
        rowid = self.db.execute("SELECT rowid FROM deals WHERE id = ?", (row["id"],)).fetchone()[0]
        self.db.execute("DELETE FROM deals_fts WHERE rowid = ?", (rowid,))
        self.db.execute("INSERT INTO deals_fts (rowid, deal_id, body) VALUES (?, ?, ?)",
                        (rowid, row["id"], _deal_search_text(row)))

    def deal_exists(self, deal_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM deals WHERE id = ?", (deal_id,)).fetchone() is not None

    def drop_empty_deals(self) -> int:
        n = self.db.execute(
            "DELETE FROM deals WHERE id NOT IN (SELECT deal_id FROM mentions WHERE deal_id IS NOT NULL)"
        ).rowcount
        self.db.execute("DELETE FROM contradictions WHERE deal_id NOT IN (SELECT id FROM deals)")
        self.db.execute("DELETE FROM status_history WHERE deal_id NOT IN (SELECT id FROM deals)")
        return n

    def clear_merge(self) -> None:
        for sql in ("UPDATE mentions SET deal_id = NULL", "DELETE FROM decisions", "DELETE FROM contradictions",
                    "DELETE FROM status_history", "DELETE FROM deals"):
            self.db.execute(sql)

    def set_contradictions(self, deal_id: str, items: Iterable[dict[str, Any]]) -> int:
        self.db.execute("DELETE FROM contradictions WHERE deal_id = ?", (deal_id,))
        n = 0
        for c in items:
            self.db.execute("INSERT INTO contradictions (deal_id, kind, detail, side_a, side_b) VALUES (?, ?, ?, ?, ?)",
                            (deal_id, c["kind"], c["detail"], json.dumps(c["side_a"]), json.dumps(c["side_b"])))
            n += 1
        return n

    def contradictions(self, deal_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM contradictions" + (" WHERE deal_id = ?" if deal_id else "") + " ORDER BY deal_id, id"
        out = []
        for r in self.db.execute(sql, (deal_id,) if deal_id else ()):
            d = dict(r)
            d["side_a"], d["side_b"] = json.loads(d["side_a"]), json.loads(d["side_b"])
            out.append(d)
        return out

    def set_status_history(self, deal_id: str, steps: Iterable[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM status_history WHERE deal_id = ?", (deal_id,))
        for i, s in enumerate(steps):
            self.db.execute("INSERT INTO status_history VALUES (?, ?, ?, ?, ?)",
                            (deal_id, i, s["status"], s["date"], json.dumps(s["mentions"])))

    def status_history(self, deal_id: str) -> list[dict[str, Any]]:
        return [{"status": r["status"], "date": r["date"], "mentions": json.loads(r["mentions"])}
                for r in self.db.execute("SELECT * FROM status_history WHERE deal_id = ? ORDER BY seq", (deal_id,))]

    # -- context events ------------------------------------------------------------------------------------------
    def replace_events(self, article: Article, events: Iterable[Any]) -> None:
        self.db.execute("DELETE FROM events WHERE article_key = ?", (article.key,))
        for ev in events:
            cur = self.db.execute(
                "INSERT INTO events (article_key, kind, parties, actors, attacker, broker, place, place_iso3, date,"
                " date_text, approximate, span_start, span_end, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)",
                (article.key, ev.kind, json.dumps(list(ev.parties)),
                 json.dumps([{"name": a.name, "role": a.role, "iso3": a.iso3, "span": list(a.span)}
                             for a in ev.actors]),
                 ev.attacker, ev.broker, ev.place, ev.place_iso3, ev.date, ev.date_text, int(ev.approximate_date),
                 ev.span[0], ev.span[1], ev.evidence))
            for iso3 in {*ev.parties, *(x for x in (ev.attacker, ev.broker) if x)}:
                self.db.execute("INSERT INTO event_parties VALUES (?, ?)", (cur.lastrowid, iso3))

    def events_for_pair(self, a: str, b: str) -> list[dict[str, Any]]:
        """Events that involve both states, and events involving either one that a report of a deal between the
        two tells (the context that report gives: a war one of them fought, a meeting of their officials)."""
        rows = self.db.execute(
            "SELECT e.*, ar.ext_id, ar.published, ar.outlet FROM events e JOIN articles ar ON ar.key = e.article_key"
            " WHERE (e.id IN (SELECT event_id FROM event_parties WHERE iso3 = ?)"
            "        AND e.id IN (SELECT event_id FROM event_parties WHERE iso3 = ?))"
            " OR (e.id IN (SELECT event_id FROM event_parties WHERE iso3 IN (?, ?))"
            "     AND e.article_key IN (SELECT article_key FROM mentions WHERE (supplier = ? AND recipient = ?)"
            "                           OR (supplier = ? AND recipient = ?)))"
            " ORDER BY e.date IS NULL, e.date, e.id", (a, b, a, b, a, b, b, a))
        out = []
        for r in rows:
            d = dict(r)
            d["parties"], d["actors"] = json.loads(d["parties"]), json.loads(d["actors"])
            out.append(d)
        return out

    def events(self, article_key: str) -> list[dict[str, Any]]:
        """The context events one article tells, in text order."""
        out = []
        for r in self.db.execute("SELECT * FROM events WHERE article_key = ? ORDER BY span_start, id", (article_key,)):
            d = dict(r)
            d["parties"], d["actors"] = json.loads(d["parties"]), json.loads(d["actors"])
            out.append(d)
        return out

    # -- queries for the API and the web pages -------------------------------------------------------------------
    def deal_where(self, filters: DealFilters) -> tuple[str, list[Any]]:
        """SQL condition (on ``deals d``) and arguments for a deal filter. Keys (absent or None: no filter):
        supplier, recipient, category, status (exact); system (family, any case); year (reported in that year: the
        first to last report overlaps it); has_contradictions (bool); match (an FTS5 query over the deal's own index
        and over the texts of the articles that report it)."""
        unknown = set(filters) - {"supplier", "recipient", "category", "status", "system", "year",
                                  "has_contradictions", "match"}
        if unknown:
            raise ValueError(f"unknown filter {sorted(unknown)}")
        sql, args = ["1 = 1"], []
        for col in ("supplier", "recipient", "category", "status"):
            if filters.get(col) is not None:
                sql.append(f"d.{col} = ?")
                args.append(filters[col])
        if filters.get("system") is not None:
            sql.append("d.system = ? COLLATE NOCASE")
            args.append(filters["system"])
        if filters.get("year") is not None:
            year = int(filters["year"])
            sql.append("d.first_reported <= ? AND d.last_reported >= ?")
            args += [f"{year:04d}-12-31", f"{year:04d}-01-01"]
        if filters.get("has_contradictions") is not None:
            sql.append("d.n_contradictions > 0" if filters["has_contradictions"] else "d.n_contradictions = 0")
        if filters.get("match") is not None:
            sql.append(f"d.rowid IN (SELECT rowid FROM temp.{self._matching_deals(filters['match'])})")
        return " AND ".join(sql), args

    def _matching_deals(self, match: str) -> str:
        """A temporary table of the rowids of the deals an FTS5 query matches (by their own index, or by the text
        of an article that reports them). Made once per query and connection while the store is unchanged, so a
        list page (count, page, facets) runs the text search once."""
        key = (match, self.db.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0])
        cache = self._match_tables
        if key in cache:
            return cache[key]
        name = f"deal_match_{len(cache)}"
        self.db.execute(f"CREATE TEMP TABLE {name} (rowid INTEGER PRIMARY KEY)")
        self.db.execute(
            f"INSERT OR IGNORE INTO temp.{name} SELECT rowid FROM deals_fts WHERE deals_fts MATCH ?"
            " UNION SELECT d.rowid FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
            " JOIN mentions m ON m.article_key = a.key JOIN deals d ON d.id = m.deal_id WHERE articles_fts MATCH ?",
            (match, match))
        cache[(match, self.db.total_changes, key[2])] = name
        return name

    def find_deals(self, filters: DealFilters, *, order: str = "-last_reported", limit: int = 50,
                   offset: int = 0) -> list[dict[str, Any]]:
        """One page of the deals that pass ``filters`` (see :meth:`deal_where`), in ``order`` (a key of
        :data:`DEAL_ORDERS`)."""
        where, args = self.deal_where(filters)
        sql = (f"SELECT * FROM deals d WHERE {where} ORDER BY {DEAL_ORDERS[order]}, d.id"
               f" LIMIT {int(limit)} OFFSET {int(offset)}")
        return [_deal_row(r) for r in self.db.execute(sql, args)]

    def count_deals(self, filters: DealFilters) -> int:
        where, args = self.deal_where(filters)
        return int(self.db.execute(f"SELECT COUNT(*) FROM deals d WHERE {where}", args).fetchone()[0])

    def deal_facet(self, column: str, filters: DealFilters) -> dict[str, int]:
        """How many deals that pass ``filters`` have each value of ``column`` (most first; NULL left out)."""
        if column not in ("status", "category", "supplier", "recipient", "system"):
            raise ValueError(column)
        where, args = self.deal_where(filters)
        if where == "1 = 1":  # no filter: count along the column's index
            rows = self.db.execute(f"SELECT d.{column} AS v, COUNT(*) AS n FROM deals d WHERE d.{column} IS NOT NULL"
                                   " GROUP BY v ORDER BY n DESC, v")
        else:  # select with the filter's own index first (LIMIT -1 keeps SQLite from scanning the column's index
            # and looking up every deal), then group what passed
            rows = self.db.execute(f"SELECT v, COUNT(*) AS n FROM (SELECT d.{column} AS v FROM deals d WHERE {where}"
                                   f" AND d.{column} IS NOT NULL LIMIT -1) GROUP BY v ORDER BY n DESC, v", args)
        return {r[0]: r[1] for r in rows}

    def search_articles(self, match: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching an FTS5 query, best first (bm25), with a snippet whose hits are wrapped in
        :data:`HIT_START` / :data:`HIT_END`."""
        rows = self.db.execute(
            "SELECT a.key, a.ext_id, a.title, a.outlet, a.published, a.url,"
            f" snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 24) AS snippet"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?", (match, int(limit)))
        return [dict(r) for r in rows]

    def search_deals(self, match: str, limit: int = 20) -> list[dict[str, Any]]:
        """Deals whose id, system, variant, category or countries match an FTS5 query, best first (bm25)."""
        rows = self.db.execute(
            "SELECT d.* FROM deals_fts f JOIN deals d ON d.id = f.deal_id WHERE deals_fts MATCH ?"
            " ORDER BY bm25(deals_fts) LIMIT ?", (match, int(limit)))
        return [_deal_row(r) for r in rows]

    def deals_of_articles(self, keys: list[str]) -> list[dict[str, Any]]:
        """The deals the given articles report, in the order of ``keys``."""
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        rank = {k: i for i, k in enumerate(keys)}
        rows = self.db.execute(f"SELECT DISTINCT m.article_key, d.* FROM mentions m JOIN deals d ON d.id = m.deal_id"
                               f" WHERE m.article_key IN ({marks})", keys).fetchall()
        out: dict[str, tuple[int, dict[str, Any]]] = {}
        for r in rows:
            d = dict(r)
            key = d.pop("article_key")
            d["related"], d["fields"] = json.loads(d["related"]), json.loads(d["fields"])
            if d["id"] not in out or rank[key] < out[d["id"]][0]:
                out[d["id"]] = (rank[key], d)
        return [d for _, d in sorted(out.values(), key=lambda x: (x[0], x[1]["id"]))]

    def deals_between(self, a: str, b: str) -> list[dict[str, Any]]:
        """The deals of a country pair, either way, first reported first."""
        return [_deal_row(r) for r in self.db.execute(
            "SELECT * FROM deals WHERE n_mentions > 0 AND ((supplier = ? AND recipient = ?)"
            " OR (supplier = ? AND recipient = ?)) ORDER BY first_reported IS NULL, first_reported, id",
            (a, b, b, a))]

    def related_deals(self, deal: dict[str, Any]) -> list[str]:
        """Ids of the deals a deal is related to, both ways (a follow-on names the order it follows)."""
        ids = set(deal["related"])
        for other in self.deals_in_block(deal["supplier"], deal["recipient"], deal["system"]):
            if deal["id"] in other["related"]:
                ids.add(other["id"])
        ids.discard(deal["id"])
        return sorted(ids)

    def trade_links(self, filters: DealFilters) -> list[dict[str, Any]]:
        """Supplier → recipient pairs of the deals that pass ``filters``: number of deals, total value in USD."""
        where, args = self.deal_where(filters)
        rows = self.db.execute(
            f"SELECT d.supplier, d.recipient, COUNT(*) AS deals, SUM(d.value_usd) AS value_usd FROM deals d"
            f" WHERE {where} AND d.supplier IS NOT NULL AND d.recipient IS NOT NULL"
            f" GROUP BY d.supplier, d.recipient ORDER BY deals DESC, d.supplier, d.recipient", args)
        return [dict(r) for r in rows]


#: list orders: key → SQL (NULLs always last); the deal id breaks ties
DEAL_ORDERS = {
    "-last_reported": "d.last_reported DESC NULLS LAST",
    "last_reported": "d.last_reported ASC NULLS LAST",
    "-first_reported": "d.first_reported DESC NULLS LAST",
    "first_reported": "d.first_reported ASC NULLS LAST",
    "-value_usd": "d.value_usd DESC NULLS LAST",
    "value_usd": "d.value_usd ASC NULLS LAST",
    "id": "d.id",
    "status": "d.status ASC NULLS LAST",
    "-n_sources": "d.n_sources DESC",
    "supplier": "d.supplier ASC NULLS LAST",
    "recipient": "d.recipient ASC NULLS LAST",
    "system": "d.system COLLATE NOCASE ASC NULLS LAST",
}

#: characters that mark the hits in a search snippet (control characters: never in a stored text)
HIT_START, HIT_END = "\x02", "\x03"

DealFilters = dict[str, Any]


def _deal_search_text(deal: dict[str, Any]) -> str:
    """What a deal is found by: its id, system and variant (also without punctuation: JF17), category, and the
    ISO3 codes, names and other names of its countries."""
    from .knowledge import countries

    known = countries()
    parts: list[str] = []
    for col in ("id", "system", "variant"):
        value = deal.get(col)
        if value:
            parts += [value, re.sub(r"[^\w\s]", "", value)]
    if deal.get("category"):
        parts.append(deal["category"])
    for col in ("supplier", "recipient"):
        iso = deal.get(col)
        if iso:
            parts.append(iso)
            c = known.get(iso)
            if c:
                parts += [c.name, *c.aliases]
    return " ".join(parts)


def _article(row: sqlite3.Row) -> Article:
    return Article(text=row["text"], id=row["ext_id"], title=row["title"], outlet=row["outlet"],
                   published=row["published"], url=row["url"], source=row["source"], key=row["key"])


def _mention_row(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["spans"] = json.loads(d["spans"])
    d["hedges"] = json.loads(d["hedges"])
    d["attributions"] = json.loads(d["attributions"])
    d["claims"] = json.loads(d["claims"])
    return d


def _deal_row(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["related"] = json.loads(d["related"])
    d["fields"] = json.loads(d["fields"])
    return d
