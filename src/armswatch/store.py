"""The deal store: one SQLite file (WAL), the only place that knows the schema.

Tables
    articles   one row per distinct article text (key = content hash), raw text kept for re-extraction
    mentions   one report's view of one deal; every field with its character span and the sentence it came from
    deals      the real-world deals that mentions were merged into

Everything goes through :class:`Store`; other modules never write SQL of their own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ArmswatchError
from .models import Article, Mention

SCHEMA_VERSION = 1

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
    extractor    TEXT                       -- extractor version that produced its mentions
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
    status         TEXT,
    first_reported TEXT,
    last_reported  TEXT,
    n_mentions     INTEGER NOT NULL DEFAULT 0,
    followon       INTEGER NOT NULL DEFAULT 0  -- a later, separate order of a system the pair already traded
);
CREATE INDEX IF NOT EXISTS deals_block ON deals(supplier, recipient, system);
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
    status         TEXT,
    salience       TEXT,
    followon       INTEGER NOT NULL DEFAULT 0,
    spans          TEXT NOT NULL,           -- JSON {"supplier": [s, e], ...}
    sentence_start INTEGER,
    sentence_end   INTEGER,
    cue            TEXT,
    hedges         TEXT NOT NULL DEFAULT '[]',
    UNIQUE (article_key, idx)
);
CREATE INDEX IF NOT EXISTS mentions_deal ON mentions(deal_id);
CREATE INDEX IF NOT EXISTS mentions_block ON mentions(supplier, recipient, system);
"""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """A deal store in one SQLite file. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise ArmswatchError(
                f"[E301] {self.path} is not a readable armswatch database ({e}); "
                "point --db at another file, or move this one away and run again"
            ) from e

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.db.executescript(SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.db.commit()
        elif int(row[0]) > SCHEMA_VERSION:
            raise ArmswatchError(
                f"[E302] {self.path} was written by a newer armswatch (schema {row[0]} > {SCHEMA_VERSION}); "
                "upgrade armswatch to read it"
            )

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

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY rowid"):
            yield _article(row)

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "deals"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -- mentions ------------------------------------------------------------------------------------------------
    def replace_mentions(self, article: Article, mentions: Iterable[Mention], extractor: str) -> None:
        """Set an article's mentions (re-extraction replaces the old ones)."""
        self.db.execute("DELETE FROM mentions WHERE article_key = ?", (article.key,))
        rows = [
            (article.key, i, m.deal_id, m.supplier, m.recipient, m.system, m.variant, m.category, m.quantity,
             m.value_amount, m.value_currency, m.status, m.salience, int(m.followon),
             json.dumps({k: list(v) for k, v in m.spans.items()}),
             m.sentence[0] if m.sentence else None, m.sentence[1] if m.sentence else None,
             m.cue, json.dumps(m.hedges))
            for i, m in enumerate(mentions)
        ]
        self.db.executemany(
            "INSERT INTO mentions (article_key, idx, deal_id, supplier, recipient, system, variant, category,"
            " quantity, value_amount, value_currency, status, salience, followon, spans, sentence_start,"
            " sentence_end, cue, hedges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.db.execute(
            "UPDATE articles SET extracted_at = ?, extractor = ? WHERE key = ?", (_now(), extractor, article.key)
        )

    def mentions(self, *, article_key: str | None = None, deal_id: str | None = None,
                 unmerged: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT m.*, a.ext_id, a.published, a.outlet, a.title FROM mentions m"
               " JOIN articles a ON a.key = m.article_key WHERE 1=1")
        args: list[Any] = []
        if article_key is not None:
            sql += " AND m.article_key = ?"
            args.append(article_key)
        if deal_id is not None:
            sql += " AND m.deal_id = ?"
            args.append(deal_id)
        if unmerged:
            sql += " AND m.deal_id IS NULL"
        sql += " ORDER BY a.published IS NULL, a.published, a.rowid, m.idx"
        return [_mention_row(r) for r in self.db.execute(sql, args)]

    def set_mention_deal(self, mention_id: int, deal_id: str) -> None:
        self.db.execute("UPDATE mentions SET deal_id = ? WHERE id = ?", (deal_id, mention_id))

    # -- deals ---------------------------------------------------------------------------------------------------
    def deal_ids_in_block(self, supplier: str | None, recipient: str | None, system: str | None) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM deals WHERE supplier IS ? AND recipient IS ? AND system IS ? ORDER BY first_reported",
            (supplier, recipient, system))]

    def deal(self, deal_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM deals WHERE id = ?", (deal_id,)).fetchone()
        return dict(row) if row else None

    def deals(self, *, supplier: str | None = None, recipient: str | None = None, system: str | None = None,
              status: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM deals WHERE n_mentions > 0", []
        for col, val in (("supplier", supplier), ("recipient", recipient), ("status", status)):
            if val:
                sql += f" AND {col} = ?"
                args.append(val)
        if system:
            sql += " AND system LIKE ?"
            args.append(f"%{system}%")
        sql += " ORDER BY last_reported DESC, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.db.execute(sql, args)]

    def upsert_deal(self, deal: dict[str, Any]) -> None:
        cols = ["id", "supplier", "recipient", "system", "category", "variant", "quantity", "value_amount",
                "value_currency", "status", "first_reported", "last_reported", "n_mentions", "followon"]
        self.db.execute(
            f"INSERT INTO deals ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            f" ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in cols[1:])}",
            [deal.get(c) for c in cols],
        )

    def deal_exists(self, deal_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM deals WHERE id = ?", (deal_id,)).fetchone() is not None

    def drop_empty_deals(self) -> int:
        return self.db.execute(
            "DELETE FROM deals WHERE id NOT IN (SELECT deal_id FROM mentions WHERE deal_id IS NOT NULL)"
        ).rowcount


def _article(row: sqlite3.Row) -> Article:
    return Article(text=row["text"], id=row["ext_id"], title=row["title"], outlet=row["outlet"],
                   published=row["published"], url=row["url"], source=row["source"], key=row["key"])


def _mention_row(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["spans"] = json.loads(d["spans"])
    d["hedges"] = json.loads(d["hedges"])
    return d
