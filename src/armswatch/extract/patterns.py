"""Regex building blocks shared by the grammars: literal word lists compiled as tries."""

from __future__ import annotations

import re

_SP = "[ \u00a0]"  # one ordinary or no-break space


def trie(words: list[str] | set[str] | dict[str, object]) -> str:
    """An alternation of literal words as a trie: every branch starts with a distinct literal, which the regex
    engine skips over fast. A space in a word matches one ordinary or no-break space."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            lit = _SP if ch == " " else re.escape(ch)
            alts.append(lit + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        if ends:
            return body + "?" if len(alts) == 1 and len(alts[0]) == 1 else ("(?:" + "|".join(alts) + ")?")
        return body

    return "(?:" + emit(tree) + ")"


def cased(words: list[str]) -> list[str]:
    """Each word as written, Capitalised and in upper case (case-sensitive regexes are much faster)."""
    out: list[str] = []
    for w in words:
        out += [w, w[:1].upper() + w[1:], w.upper()]
    return out


def trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """``(s, e)`` with surrounding white space left out; None if nothing is left."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None
