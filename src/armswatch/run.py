"""The main job, stage after stage: ingest → extract → normalize → store → merge.

:func:`process` reads inputs into the store and merges; :func:`reprocess` runs extraction again over every stored
article (after the extractor improved) and reports what changed.
"""

from __future__ import annotations

import os
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


@dataclass
class Analysis:
    """What reading one article gives, before it is stored (picklable: computed in worker processes)."""

    key: str
    mentions: list[Any]
    fx: list[Any]
    events: list[Any]
    signature: bytes | None
    extractor: str


_WORKER: dict[str, Any] = {}


def compute(article: Article, *, signature: bool = True, today: str | None = None) -> Analysis:
    """Read one article: deal mentions (with USD values and attributions), context events, syndication signature.

    Pure: it touches no store, so batches run in parallel worker processes."""
    from .extract import Extractor
    from .extract.attribution import attributions
    from .extract.events import find_events
    from .normalize import to_usd

    extractor = _WORKER.get("extractor")
    if extractor is None:
        extractor = _WORKER["extractor"] = Extractor()
    today = today or datetime.now(UTC).strftime("%Y-%m-%d")
    mentions = extractor.extract(article)
    for m in mentions:
        if m.sentence:
            m.attributions = [{"source": a.source, "kind": a.kind, "span": list(a.span)}
                              for a in attributions(article.text, *m.sentence)]
    fx = [to_usd(m.value_amount, m.value_currency, article.published, ingested=today)
          if m.value_amount is not None and m.value_currency else None for m in mentions]
    events = find_events(article.text, article.published, entities=extractor.last_entities)
    sig = None
    if signature:
        from .syndication import signature as minhash

        sig = minhash(article.text)
    return Analysis(article.key, mentions, fx, events, sig, extractor.version)


def _compute_in_worker(args: tuple[Article, bool, str]) -> Analysis:
    article, signature, today = args
    return compute(article, signature=signature, today=today)


class Analyser:
    """Reads articles (in parallel when there are many) and stores what they say; links syndicated copies."""

    def __init__(self, store: Store, jobs: int = 1) -> None:
        self.store = store
        self.jobs = max(1, jobs)
        self._copies: Any = None
        self._pool: Any = None
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
        """Read and store one article; returns (mentions, events, is a copy)."""
        return self.save(article, compute(article, signature=fresh, today=self.today))

    def analyse_many(self, articles: list[tuple[Article, bool]]) -> list[tuple[int, int, bool]]:
        """Read and store a batch of (article, fresh) — across ``jobs`` processes when the batch is large."""
        if self.jobs == 1 or len(articles) < 16:
            return [self.analyse(a, fresh=f) for a, f in articles]
        if self._pool is None:
            import multiprocessing

            try:
                self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
            except (ValueError, OSError):  # no fork on this platform, or no processes left: read in-process
                self.jobs = 1
                return [self.analyse(a, fresh=f) for a, f in articles]
        results = self._pool.map(_compute_in_worker, [(a, f, self.today) for a, f in articles], chunksize=8)
        return [self.save(a, r) for (a, _), r in zip(articles, results, strict=True)]

    def save(self, article: Article, result: Analysis) -> tuple[int, int, bool]:
        self.store.replace_mentions(article, result.mentions, result.extractor, result.fx)
        self.store.replace_events(article, result.events)
        is_copy = False
        if result.signature is not None:
            found = self.copies.original_of(article.key, result.signature)
            self.copies.add(article.key, result.signature)
            self.store.set_signature(article.key, result.signature, found[0] if found else None,
                                     found[1] if found else None)
            is_copy = found is not None
        return len(result.mentions), len(result.events), is_copy

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def default_jobs() -> int:
    """Worker processes for reading articles: one per core (``$ARMSWATCH_JOBS`` overrides)."""
    env = os.environ.get("ARMSWATCH_JOBS")
    if env and env.isdigit():
        return max(1, int(env))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _progress(total: int | None, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="art", disable=not enabled or None, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def process(paths: Sequence[str], db: str, *, max_bytes: int | None = None, reextract: bool = False,
            progress: bool = True, err: TextIO | None = None, jobs: int | None = None) -> RunStats:
    """Read inputs, store new articles, extract and normalise their mentions and merge them into deals.

    A bad input is reported on ``err`` and skipped; re-reading an input stores nothing twice.
    """
    from .ingest import DEFAULT_MAX_BYTES, count_inputs, read_inputs
    from .merge import merge

    err = err or sys.stderr
    jobs = default_jobs() if jobs is None else jobs
    stats = RunStats()
    total = count_inputs(paths) if progress else None
    with Store(db) as store, _progress(total, progress and total is not None and total > 50) as bar:
        analyser = Analyser(store, jobs=jobs)
        batch: list[tuple[Article, bool]] = []

        def flush() -> None:
            for n_mentions, n_events, is_copy in analyser.analyse_many(batch):
                stats.mentions += n_mentions
                stats.events += n_events
                stats.copies += is_copy
            store.db.commit()
            batch.clear()

        try:
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
                    batch.append((store.article(item.key) or item, is_new))
                if len(batch) >= 256:
                    flush()
            flush()
        finally:
            analyser.close()
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
        analyser = Analyser(store, jobs=default_jobs())
        with _progress(total, progress and total > 50) as bar:
            batch: list[tuple[Article, bool]] = []
            try:
                for article in list(store.articles()):
                    batch.append((article, False))
                    if len(batch) >= 256:
                        analyser.analyse_many(batch)
                        changes.articles += len(batch)
                        bar.update(len(batch))
                        batch.clear()
                analyser.analyse_many(batch)
                changes.articles += len(batch)
            finally:
                analyser.close()
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
