"""The records that flow between stages: articles, spans, mentions."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]  # [start, end) character offsets in the article text


def normalise_text(text: str) -> str:
    """The form of a text that its key is computed from: NFC, whitespace folded, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def article_key(text: str) -> str:
    """Content hash of an article's normalised text (so re-ingesting the same text stores nothing new)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    text: str
    id: str | None = None  # the id the source gave it (e.g. "d-001"); None for plain files
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source: str | None = None  # where it was read from: "path:line" or "path"
    key: str = field(default="")

    def __post_init__(self) -> None:
        if not self.key:
            self.key = article_key(self.text)

    @property
    def ref(self) -> str:
        """The id to show and to write in benchmark output: the source's id, else the content key."""
        return self.id or self.key


@dataclass
class Mention:
    """One report's view of one deal: every field with the span that supports it."""

    supplier: str | None
    recipient: str | None
    system: str | None
    variant: str | None = None
    category: str | None = None
    quantity: int | None = None
    value_amount: float | None = None
    value_currency: str | None = None
    status: str | None = None
    salience: str = "primary"
    spans: dict[str, Span] = field(default_factory=dict)
    sentence: Span | None = None  # the sentence that carries the deal
    cue: str | None = None  # the words that set the status
    hedges: list[str] = field(default_factory=list)
    deal_id: str | None = None
    followon: bool = False  # a new, separate order of a system the pair already traded ("additional S-400s")
    amendment: bool = False  # the report says the order grew or changed ("raised the order from 16 to 40")
    order_year: int | None = None  # the year the report says the deal was made ("signed ... in 2018")
    attributions: list[dict[str, Any]] = field(default_factory=list)  # to whom the report attributes the claim

    def to_benchmark(self) -> dict[str, Any]:
        value = (
            {"amount": self.value_amount, "currency": self.value_currency}
            if self.value_amount is not None and self.value_currency
            else None
        )
        return {
            "deal_id": self.deal_id,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "system": self.system,
            "variant": self.variant,
            "category": self.category,
            "quantity": self.quantity,
            "value": value,
            "status": self.status,
            "salience": self.salience,
            "spans": {k: list(v) for k, v in self.spans.items()},
        }
