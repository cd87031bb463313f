"""Every error and warning code of armswatch, in one place (in the style of spaCy's ``errors.py``).

A message always starts with its code in brackets, e.g. ``[E101] line is not valid JSON (...); skipped``,
so a user can search for the code in the docs and in issues.

Code ranges:

* ``E0xx``: general and command-line problems
* ``E1xx``: ingest (reading files, JSON lines, HTML, stdin) -- see :mod:`armswatch.ingest`
* ``E2xx``: extraction
* ``E3xx``: storage and output
* ``W###``: warnings (the run goes on, the result may be less good)

Two ways a problem is reported:

* :class:`ArmswatchError` is raised when the run cannot go on (bad option, unusable configuration).
* :class:`Problem` is *yielded* for one bad input that was skipped; the batch goes on. Its ``str()`` is the
  line to show the user: ``path:3: [E101] line is not valid JSON (Expecting ',' delimiter at column 12); skipped``.

Messages are ``str.format`` templates; :func:`message` fills them in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class E:
    """Error codes and their message templates."""

    # E1xx: ingest. Each says what is wrong, that the input was skipped, and what to do about it.
    E100 = "no such file or directory; skipped (check the path)"
    E101 = "{what} is not valid JSON ({error}); skipped"
    E102 = (
        '{what}; skipped (each JSON line, or each item of a JSON array, must be an object with a string "text" field)'
    )
    E103 = (
        "{what} contains NUL bytes, so it looks binary; skipped "
        "(armswatch reads UTF-8 text, Markdown, HTML and JSON lines)"
    )
    E104 = (
        "{what} is not valid UTF-8 (byte 0x{byte:02x} at byte offset {offset}); skipped "
        "(re-encode it as UTF-8, e.g. {hint})"
    )
    E105 = "{what} is empty or whitespace only; skipped"
    E106 = "{what} is {size}, over the limit of {limit}; skipped (raise the limit with --max-bytes, or split the input)"
    E107 = (
        "no main text found in this HTML page; skipped (is it a front page, a list of links, "
        "or a page that needs JavaScript? save the article page itself, or pass its text)"
    )
    E108 = "cannot be read ({error}); skipped (check the file's permissions)"


class W:
    """Warning codes and their message templates (none yet in the ingest stage)."""


_CODE_RE = re.compile(r"^\[([EW]\d{3})\] ")


def template(code: str) -> str:
    """The message template of ``code`` ("E101"); KeyError if there is no such code."""
    table = E if code.startswith("E") else W
    value = getattr(table, code, None) if re.fullmatch(r"[EW]\d{3}", code) else None
    if not isinstance(value, str):
        raise KeyError(f"unknown armswatch error code {code!r}")
    return value


def message(code: str, **fields: Any) -> str:
    """The filled-in message of ``code``, without the ``[E###]`` prefix."""
    return template(code).format(**fields)


def codes() -> dict[str, str]:
    """Every code with its template, sorted by code (for docs and for a test that they are unique)."""
    table: dict[str, str] = {}
    for cls in (E, W):
        for name, value in vars(cls).items():
            if re.fullmatch(r"[EW]\d{3}", name) and isinstance(value, str):
                table[name] = value
    return dict(sorted(table.items()))


class ArmswatchError(Exception):
    """An error that stops the run. ``str(err)`` starts with ``"[E###] "``; ``err.code`` is ``"E###"``.

    Either give a code and the template's fields, ``ArmswatchError("E106", what="x", size=..., limit=...)``,
    or a full message that starts with its code, ``ArmswatchError("[E001] unknown option --foo")``.
    """

    code: str

    def __init__(self, code_or_message: str, **fields: Any) -> None:
        found = _CODE_RE.match(code_or_message)
        if found:
            self.code = found.group(1)
            text = code_or_message
        else:
            self.code = code_or_message
            text = f"[{code_or_message}] {message(code_or_message, **fields)}"
        super().__init__(text)

    @property
    def message(self) -> str:
        """The message without its ``[E###]`` prefix."""
        return _CODE_RE.sub("", str(self), count=1)


@dataclass(frozen=True)
class Problem:
    """One bad input that was skipped; the batch goes on."""

    source: str  # "path", "path:line" or "<stdin>:line"
    code: str  # e.g. "E101"
    message: str  # human sentence: what is wrong, and what to do

    @classmethod
    def of(cls, source: str, code: str, **fields: Any) -> Problem:
        """A problem with the message of ``code`` filled in from ``fields``."""
        return cls(source=source, code=code, message=message(code, **fields))

    def __str__(self) -> str:
        return f"{self.source}: [{self.code}] {self.message}"
