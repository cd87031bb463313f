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
class Claim:
    """One place where a report speaks of a deal: the system named as the report writes it ("Super Hornets"), the
    count tied to that name and the amounts the sentence gives for the deal, each with its span. A deal record
    keeps one name, one count and one value; its claims keep every one the report states."""

    sentence: Span
    supplier: str | None = None  # the deal's states, where this sentence names them (name, people, capital)
    recipient: str | None = None
    name: str | None = None  # as written; None where the sentence names no system (a value stated later)
    name_span: Span | None = None
    variant: str | None = None  # the version this name designates ("K-8W"), if any
    quantity: int | None = None
    quantity_span: Span | None = None
    amounts: list[tuple[float, str, Span]] = field(default_factory=list)  # (amount, ISO 4217, span) as stated

    def to_json(self) -> dict[str, Any]:
        return {"sentence": list(self.sentence), "supplier": self.supplier, "recipient": self.recipient,
                "name": self.name,
                "name_span": list(self.name_span) if self.name_span else None, "variant": self.variant,
                "quantity": self.quantity,
                "quantity_span": list(self.quantity_span) if self.quantity_span else None,
                "amounts": [{"amount": a, "currency": c, "span": list(sp)} for a, c, sp in self.amounts]}


def claim_records(deal: dict[str, Any], claims: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """A deal's claims as benchmark records (FORMAT.md): one per amount a claim states, or one if it states none.
    ``system`` is the name as written; the catalog's family is in ``family``. A claim holds what its sentence says:
    a supplier or recipient state that sentence does not name (another sentence names it, or only its firm or the
    system's origin implies it) stays on the deal record, and is null here. A deal no sentence of the report speaks
    of (it only names the system) has no claims, and no records here; a mention stored before claims existed
    (``claims`` is None) is written as the deal record it is."""
    if claims is None:
        return [deal]
    out = []
    for c in claims:
        spans = {k: v for k, v in deal.get("spans", {}).items()
                 if k == "status" or (k in ("supplier", "recipient") and c.get(k))}
        if c.get("name_span"):
            spans["system"] = c["name_span"]
        if c.get("quantity_span"):
            spans["quantity"] = c["quantity_span"]
        base = {**deal, "system": c.get("name"), "family": deal.get("system"), "variant": c.get("variant"),
                "supplier": c.get("supplier"), "recipient": c.get("recipient"),
                "quantity": c.get("quantity"),
                "value": None, "sentence": c.get("sentence"), "spans": spans}
        for a in c.get("amounts") or [None]:
            if a is None:
                out.append(base)
            else:
                out.append({**base, "value": {"amount": a["amount"], "currency": a["currency"]},
                            "spans": {**spans, "value": a["span"]}})
    return out


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
    claims: list[Claim] = field(default_factory=list)  # every place the report speaks of the deal, as written

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
