"""The main job, stage after stage: ingest → extract → normalize → store → merge.

:func:`process` reads inputs into the store and merges; :func:`reprocess` runs extraction again over every stored
article (after the extractor improved) and reports what changed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from .errors import Problem
from .models import Article
from .store import Store


@dataclass
class RunStats:
    inputs: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    copies: int = 0
    order: list[tuple[str, str]] = field(default_factory=list)  # (id to show, content key), in input order

    def summary(self) -> str:
        return (f"{self.inputs} inputs: {self.new} new articles, {self.known} already stored, "
                f"{self.failed} failed; {self.mentions} deal mentions, {self.events} context events, "
                f"{self.copies} syndicated copies")


class Analyser:
    """Everything done to one stored article: deal mentions (with USD values and attributions), context events,
    and its syndication signature."""

    def __init__(self, store: Store) -> None:
        from .extract import Extractor

        self.store = store
        self.extractor = Extractor()
        self._copies: Any = None
        self.today = datetime.now(UTC).strftime("%Y-%m-%d")

    @property
    def copies(self) -> Any:
        if self._copies is None:
            from .syndication import CopyIndex

            self._copies = CopyIndex()
            for key, sig in self.store.signatures():
                self._copies.add(key, sig)
        return self._copies

    def analyse(self, article: Article, *, fresh: bool = True) -> tuple[int, int, bool]:
        """Store the article's mentions and events; returns (mentions, events, is a copy)."""
        from .extract.attribution import attributions
        from .extract.events import find_events
        from .normalize import to_usd

        mentions = self.extractor.extract(article)
        for m in mentions:
            if m.sentence:
                m.attributions = [{"source": a.source, "kind": a.kind, "span": list(a.span)}
                                  for a in attributions(article.text, *m.sentence)]
        fx = [to_usd(m.value_amount, m.value_currency, article.published, ingested=self.today)
              if m.value_amount is not None and m.value_currency else None for m in mentions]
        self.store.replace_mentions(article, mentions, self.extractor.version, fx)
        events = find_events(article.text, article.published)
        self.store.replace_events(article, events)
        is_copy = False
        if fresh:
            from .syndication import signature

            sig = signature(article.text)
            found = self.copies.original_of(article.key, sig)
            self.copies.add(article.key, sig)
            self.store.set_signature(article.key, sig, found[0] if found else None, found[1] if found else None)
            is_copy = found is not None
        return len(mentions), len(events), is_copy


def _progress(total: int | None, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="art", disable=not enabled or None, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def process(paths: Sequence[str], db: str, *, max_bytes: int | None = None, reextract: bool = False,
            progress: bool = True, err: TextIO | None = None) -> RunStats:
    """Read inputs, store new articles, extract and normalise their mentions and merge them into deals.

    A bad input is reported on ``err`` and skipped; re-reading an input stores nothing twice.
    """
    from .ingest import DEFAULT_MAX_BYTES, count_inputs, read_inputs
    from .merge import merge

    err = err or sys.stderr
    stats = RunStats()
    total = count_inputs(paths) if progress else None
    with Store(db) as store, _progress(total, progress and total is not None and total > 50) as bar:
        analyser = Analyser(store)
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
                n_mentions, n_events, is_copy = analyser.analyse(stored, fresh=is_new)
                stats.mentions += n_mentions
                stats.events += n_events
                stats.copies += is_copy
            pending += 1
            if pending >= 200:
                store.db.commit()
                pending = 0
        store.db.commit()
        if reextract:
            from .merge import rebuild

            rebuild(store)
        else:
            merge(store)
    return stats


@dataclass
class Changes:
    articles: int = 0
    mentions_before: int = 0
    mentions_after: int = 0
    deals_before: int = 0
    deals_after: int = 0
    deals_added: list[str] = field(default_factory=list)
    deals_removed: list[str] = field(default_factory=list)
    deals_changed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_COMPARED = ("supplier", "recipient", "system", "variant", "quantity", "value_amount", "value_currency", "status",
             "n_mentions")


def reprocess(db: str, *, progress: bool = True) -> Changes:
    """Run extraction again over every stored article, rebuild the deals, and say what changed."""
    from .merge import rebuild

    with Store(db) as store:
        before = {d["id"]: d for d in store.deals()}
        changes = Changes(mentions_before=store.count("mentions"), deals_before=len(before))
        total = store.count("articles")
        analyser = Analyser(store)
        with _progress(total, progress and total > 50) as bar:
            for article in list(store.articles()):
                analyser.analyse(article, fresh=False)
                changes.articles += 1
                bar.update(1)
        store.db.commit()
        rebuild(store)
        after = {d["id"]: d for d in store.deals()}
        changes.mentions_after = store.count("mentions")
    changes.deals_after = len(after)
    changes.deals_added = sorted(after.keys() - before.keys())
    changes.deals_removed = sorted(before.keys() - after.keys())
    for deal_id in sorted(after.keys() & before.keys()):
        old, new = before[deal_id], after[deal_id]
        diff = {k: [old[k], new[k]] for k in _COMPARED if old[k] != new[k]}
        if diff:
            changes.deals_changed.append({"id": deal_id, "changes": diff})
    return changes
