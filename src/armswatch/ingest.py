"""Ingest: turn files, directories and stdin into :class:`~armswatch.models.Article` records.

:func:`read_inputs` takes paths (as given on the command line) and yields, in order, one
:class:`~armswatch.models.Article` per article read, or one :class:`~armswatch.errors.Problem` per bad
input that was skipped. It never raises for bad input and never stops the batch; the caller prints the
problems (``str(problem)`` is a ready-made ``path:line: [E###] ...`` message) and goes on.

Formats, chosen by file extension:

``.jsonl``, ``.ndjson`` (and ``.json`` holding JSON lines)
    One article per line, an object with a string ``"text"`` and optionally ``"id"`` (string or int),
    ``"outlet"``, ``"published"``, ``"title"``, ``"url"``::

        {"id": "d-001", "outlet": "Example Post", "published": "2024-03-05", "title": "Norland buys jets",
         "text": "Norland signed ...", "url": "https://example.org/a"}

    (shown on two lines here; in the file it is one line).

    ``published`` is kept if it is a date (``2024-03-05``) or an ISO datetime (``2024-03-05T09:30:00Z``), as
    ``YYYY-MM-DD``; anything else becomes ``None`` without complaint (``"date"`` is read when there is no
    ``"published"``). Blank lines are skipped. Files are streamed line by line. ``source`` is ``"path:line"``.
``.json`` holding one JSON array of such objects (``source`` is ``"path:line"`` of each item's start), or
    one (pretty-printed) object (``source`` is ``"path"``). A JSON array is read whole, so it must fit in
    ``max_bytes``; use JSON lines for big collections.
``.txt``, ``.text``, ``.md``, ``.markdown``
    One article per file. ``text`` is the file's text exactly as it is (so character offsets into it
    are meaningful). ``title`` is the first line if it is a Markdown heading (``# Norland buys jets``), or a
    short first line followed by a blank line. ``source`` is the path.
``.html``, ``.htm``, ``.xhtml``
    The main text, title, date, site name and canonical URL, found by trafilatura (boilerplate such as
    menus is dropped). ``source`` is the path.
Directories
    Read recursively, files sorted by path; hidden files and directories (``.name``) are skipped and so are
    files of other extensions. A file named explicitly with another extension is read as plain text.
``-``
    Standard input: JSON lines if its first non-blank character is ``{``, else one plain-text article.
    ``source`` is ``"<stdin>:line"`` or ``"<stdin>"``.

Text must be UTF-8 (a byte-order mark is allowed; an HTML page may also declare its charset). Each file,
JSON line or stdin text may be at most ``max_bytes`` long (:data:`DEFAULT_MAX_BYTES`, 20 MiB).

Problems (codes and messages in :mod:`armswatch.errors`): E100 missing path, E101 malformed JSON, E102 JSON
that is not an article object, E103 binary data, E104 not UTF-8, E105 empty text, E106 over ``max_bytes``,
E107 HTML without main text, E108 unreadable file.

Example::

    from armswatch.ingest import read_inputs, count_inputs
    from armswatch.errors import Problem

    for item in read_inputs(["news/2024.jsonl", "clippings/"]):
        if isinstance(item, Problem):
            print(item)          # news/2024.jsonl:17: [E101] line is not valid JSON (...); skipped
        else:
            print(item.source, item.key, item.title)

Re-reading the same text gives the same ``Article.key`` (a hash of the normalised text), which is what makes
ingesting idempotent downstream; the reader itself does not drop duplicates.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re
import shlex
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

from armswatch.errors import Problem
from armswatch.models import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_EXTENSIONS",
    "JSON_EXTENSIONS",
    "JSONL_EXTENSIONS",
    "KNOWN_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "count_inputs",
    "parse_date",
    "read_inputs",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # per file (plain text / HTML) and per JSON line

JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
JSON_EXTENSIONS = frozenset({".json"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
KNOWN_EXTENSIONS = JSONL_EXTENSIONS | JSON_EXTENSIONS | TEXT_EXTENSIONS | HTML_EXTENSIONS

STDIN = "<stdin>"
_CHUNK = 1 << 16
_SNIFF = 8192  # NUL bytes in this many first bytes mean "binary"
_BOM = codecs.BOM_UTF8
_WS = b" \t\r\n\f\v"

Item = Article | Problem


# --------------------------------------------------------------------------------------------------- public


def read_inputs(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: IO[bytes] | None = None
) -> Iterator[Article | Problem]:
    """Yield an Article for each article in ``paths`` (files, directories, ``-`` for stdin), in order,
    and a Problem for each bad input, which is skipped. Never raises for bad input."""
    for given in paths:
        for entry in _expand(given):
            if isinstance(entry, Problem):
                yield entry
            elif entry == "-":
                yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            else:
                yield from _read_file(entry, max_bytes)


def count_inputs(paths: Iterable[str]) -> int | None:
    """A cheap estimate of how many articles ``read_inputs(paths)`` will yield, for a progress bar:
    the lines of each JSON-lines file plus one per other file. ``None`` if stdin (``-``) is among them."""
    paths = list(paths)
    if "-" in paths:
        return None
    total = 0
    for given in paths:
        for entry in _expand(given):
            if isinstance(entry, str):
                total += _estimate(entry)
    return total


def parse_date(value: Any) -> str | None:
    """``"YYYY-MM-DD"`` for a date or ISO datetime string (the date as written, time zone ignored), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", text):
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------- paths and files


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _expand(given: str) -> Iterator[str | Problem]:
    """The files a command-line path stands for: itself, or a directory's known files sorted by path."""
    if given == "-":
        yield given
        return
    try:
        is_dir = stat.S_ISDIR(os.stat(given).st_mode)
    except FileNotFoundError:
        yield Problem.of(given, "E100")
        return
    except OSError as err:
        yield Problem.of(given, "E108", error=_os_reason(err))
        return
    if not is_dir:
        yield given
        return
    found: list[tuple[tuple[str, ...], str | Problem]] = []

    def walk_error(err: OSError) -> None:
        where = str(err.filename or given)
        found.append((_sort_key(given, where), Problem.of(where, "E108", error=_os_reason(err))))

    for folder, dirnames, filenames in os.walk(given, onerror=walk_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or _extension(name) not in KNOWN_EXTENSIONS:
                continue
            path = os.path.join(folder, name)
            found.append((_sort_key(given, path), path))
    found.sort(key=lambda pair: pair[0])
    for _, entry in found:
        yield entry


def _sort_key(root: str, path: str) -> tuple[str, ...]:
    rel = os.path.relpath(path, root)
    return () if rel == os.curdir else tuple(rel.split(os.sep))


def _os_reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def _read_file(path: str, max_bytes: int) -> Iterator[Item]:
    ext = _extension(path)
    try:
        if ext in JSONL_EXTENSIONS or ext in JSON_EXTENSIONS:
            with open(path, "rb") as stream:
                binary = b"\0" in stream.read(_SNIFF)
            if binary:
                yield Problem.of(path, "E103", what="the file")
                return
        if ext in JSONL_EXTENSIONS:
            with open(path, "rb") as stream:
                yield from _json_lines(_lines(stream, max_bytes), path, max_bytes)
        elif ext in JSON_EXTENSIONS:
            yield from _read_json_file(path, max_bytes)
        elif ext in HTML_EXTENSIONS:
            yield _read_html_file(path, max_bytes)
        else:
            yield _read_text_file(path, max_bytes)
    except FileNotFoundError:
        yield Problem.of(path, "E100")
    except OSError as err:
        yield Problem.of(path, "E108", error=_os_reason(err))


def _read_whole(path: str, max_bytes: int, what: str = "the file") -> bytes | Problem:
    """The bytes of a file, or E106 if it is bigger than max_bytes (checked before reading)."""
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > max_bytes:
            return _too_big(path, what, size, max_bytes)
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        return _too_big(path, what, len(data), max_bytes)
    return data


def _too_big(source: str, what: str, size: int, max_bytes: int) -> Problem:
    return Problem.of(source, "E106", what=what, size=_size(size), limit=_size(max_bytes))


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MiB ({n:,} bytes)"


def _decode(data: bytes, source: str, what: str, path: str | None, *, html: bool = False) -> str | Problem:
    """UTF-8 text (BOM dropped) or the Problem with it: E103 binary, E104 not UTF-8."""
    if b"\0" in data[:_SNIFF]:
        return Problem.of(source, "E103", what=what)
    start = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as err:
        if html:
            text = _decode_declared(data)
            if text is not None:
                return text
        return _not_utf8(source, what, path, data[start + err.start], start + err.start)


def _not_utf8(source: str, what: str, path: str | None, byte: int, offset: int) -> Problem:
    if path is None:
        hint = "pipe it through `iconv -f latin1 -t utf-8`"
    else:
        stem, ext = os.path.splitext(path)
        hint = f"`iconv -f latin1 -t utf-8 {shlex.quote(path)} > {shlex.quote(stem + '.utf8' + ext)}`"
    return Problem.of(source, "E104", what=what, byte=byte, offset=offset, hint=hint)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_declared(data: bytes) -> str | None:
    """Decode an HTML page with the charset its <meta> declares, if any."""
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    try:
        return data.decode(found.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


# ------------------------------------------------------------------------------------------- plain text

_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_UNDERLINE = re.compile(r"[ ]{0,3}(?:={3,}|-{3,})[ \t]*")
_MAX_TITLE_CHARS = 150
_MAX_TITLE_WORDS = 25


def _guess_title(text: str) -> str | None:
    """The first line if it is a Markdown heading, or a short line followed by a blank line and more text."""
    lines = text[:4096].splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return None
    first = lines[i]
    heading = _HEADING.fullmatch(first)
    if heading:
        return heading.group(1).strip() or None
    first = first.strip()
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is not None and _UNDERLINE.fullmatch(following) and not first.startswith(("-", "=")):
        return first  # Setext heading: "Title" over "====="
    more = any(line.strip() for line in lines[i + 2 :]) or len(text) > 4096
    if following is not None and not following.strip() and more and _looks_like_title(first):
        return first
    return None


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= _MAX_TITLE_CHARS
        and len(line.split()) <= _MAX_TITLE_WORDS
        and not line.endswith((".", ",", ";", ":"))
    )


def _read_text_file(path: str, max_bytes: int) -> Item:
    data = _read_whole(path, max_bytes)
    if isinstance(data, Problem):
        return data
    text = _decode(data, path, "the file", path)
    if isinstance(text, Problem):
        return text
    return _text_article(text, path, "the file")


def _text_article(text: str, source: str, what: str) -> Item:
    if not text.strip():
        return Problem.of(source, "E105", what=what)
    return Article(text=text, title=_guess_title(text), source=source)


# ------------------------------------------------------------------------------------------------- HTML


def _read_html_file(path: str, max_bytes: int) -> Item:
    data = _read_whole(path, max_bytes)
    if isinstance(data, Problem):
        return data
    html = _decode(data, path, "the file", path, html=True)
    if isinstance(html, Problem):
        return html
    if not html.strip():
        return Problem.of(path, "E105", what="the file")
    return _html_article(html, path)


_MIN_HTML_WORDS = 5  # fewer words than this is a menu or a stub ("Home"), not an article's main text


def _html_article(html: str, source: str) -> Item:
    import trafilatura  # slow to import; only needed for HTML

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            # no "extensive search": a date mentioned in the story is not the date it was published
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a page trafilatura chokes on is a page without usable main text
        return Problem.of(source, "E107")
    meta: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc or {})
    text = meta.get("text")
    if not isinstance(text, str) or len(text.split()) < _MIN_HTML_WORDS:
        return Problem.of(source, "E107")
    return Article(
        text=text,
        title=_opt_str(meta.get("title")),
        outlet=_opt_str(meta.get("sitename")),
        published=parse_date(meta.get("date")),
        url=_opt_str(meta.get("url")),
        source=source,
    )


# ------------------------------------------------------------------------------------------------- JSON


Line = tuple[int, int, bytes | int]  # (line number, byte offset, bytes without "\n" -- or the size if too long)


def _lines(stream: IO[bytes], max_bytes: int, head: bytes = b"") -> Iterator[Line]:
    """Split a byte stream into lines without ever holding more than about max_bytes of one line."""
    read = getattr(stream, "read1", stream.read)
    buf = bytearray(head)
    eof = False
    lineno = 0
    offset = 0
    while True:
        newline = buf.find(b"\n")
        while newline < 0 and not eof and len(buf) <= max_bytes:
            chunk = read(_CHUNK)
            if not chunk:
                eof = True
                break
            scanned = len(buf)
            buf += chunk
            newline = buf.find(b"\n", scanned)
        if newline < 0 and eof and not buf:
            return
        lineno += 1
        end = newline if newline >= 0 else len(buf)
        if end <= max_bytes and (newline >= 0 or eof):
            yield lineno, offset, bytes(buf[:end])
            del buf[: end + 1]
            offset += end + 1
            continue
        # too long: measure and drop the rest of the line
        size = end
        if newline >= 0:
            del buf[: newline + 1]
        else:
            buf.clear()
            while not eof:
                chunk = read(_CHUNK)
                if not chunk:
                    eof = True
                    break
                cut = chunk.find(b"\n")
                if cut < 0:
                    size += len(chunk)
                    continue
                size += cut
                buf += chunk[cut + 1 :]
                break
        yield lineno, offset, size
        offset += size + 1


def _json_lines(lines: Iterable[Line], label: str, max_bytes: int) -> Iterator[Item]:
    path = None if label == STDIN else label
    blank = True
    for lineno, offset, raw in lines:
        source = f"{label}:{lineno}"
        if isinstance(raw, int):
            blank = False
            yield _too_big(source, "the line", raw, max_bytes)
            continue
        if lineno == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
            offset += len(_BOM)
        if not raw.strip(_WS):
            continue
        blank = False
        if b"\0" in raw:
            yield Problem.of(source, "E103", what="the line")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield _not_utf8(source, "the line", path, raw[err.start], offset + err.start)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem.of(source, "E101", what="line", error=f"{err.msg} at column {err.colno}")
            continue
        yield _json_article(obj, source)
    if blank:
        yield Problem.of(label, "E105", what="the file" if path else "standard input")


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _opt_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    return None


def _json_id(value: Any) -> str | None:
    """The source's id, verbatim: it is echoed back in the output, where a scorer or a script matches it exactly
    ("20181114_DN_Belarus to develop " keeps its trailing space)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _json_article(obj: Any, source: str) -> Item:
    if not isinstance(obj, dict):
        return Problem.of(source, "E102", what=f"this is a JSON {_json_kind(obj)}, not an object")
    text = obj.get("text")
    if text is None:
        return Problem.of(source, "E102", what='the object has no "text" field')
    if not isinstance(text, str):
        return Problem.of(source, "E102", what=f'"text" is a JSON {_json_kind(text)}, not a string')
    if "\0" in text:
        return Problem.of(source, "E103", what='the "text"')
    if not text.strip():
        return Problem.of(source, "E105", what='the "text"')
    published = obj.get("published")
    if published is None:
        published = obj.get("date")
    return Article(
        text=text,
        id=_json_id(obj.get("id")),
        title=_opt_str(obj.get("title")),
        outlet=_opt_str(obj.get("outlet")),
        published=parse_date(published),
        url=_opt_str(obj.get("url")),
        source=source,
    )


def _first_byte(path: str) -> bytes:
    """The first non-blank byte of a file (after a BOM), or b"" if it has none in its first 64 KiB."""
    with open(path, "rb") as stream:
        head = stream.read(_CHUNK)
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    return head.lstrip(_WS)[:1]


def _read_json_file(path: str, max_bytes: int) -> Iterator[Item]:
    """A .json file: a JSON array of articles, one pretty-printed article object, or JSON lines."""
    first = _first_byte(path)
    if first == b"[":
        yield from _read_json_array(path, max_bytes)
        return
    if first == b"{":
        with open(path, "rb") as stream:
            lines = _lines(stream, max_bytes)
            head = next((line for line in lines if not isinstance(line[2], bytes) or line[2].strip(_WS)), None)
            if head is None or _parses(head[2]):
                yield from _json_lines(itertools.chain([head] if head else [], lines), path, max_bytes)
                return
        yield _read_json_object(path, max_bytes)
        return
    with open(path, "rb") as stream:  # not JSON at all: report it line by line like JSON lines
        yield from _json_lines(_lines(stream, max_bytes), path, max_bytes)


def _parses(raw: bytes | int) -> bool:
    if isinstance(raw, int):
        return True  # too long to be a pretty-printed object's first line: JSON lines (E106 for it)
    try:
        json.loads(raw.removeprefix(_BOM))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return True


def _load_json_text(path: str, max_bytes: int) -> str | Problem:
    data = _read_whole(path, max_bytes, what="the JSON file (read whole, unlike JSON lines)")
    if isinstance(data, Problem):
        return data
    return _decode(data, path, "the file", path)


def _read_json_object(path: str, max_bytes: int) -> Item:
    text = _load_json_text(path, max_bytes)
    if isinstance(text, Problem):
        return text
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return Problem.of(f"{path}:{err.lineno}", "E101", what="the file", error=_json_error(err))
    return _json_article(obj, path)


def _json_error(err: json.JSONDecodeError) -> str:
    return f"{err.msg} at line {err.lineno} column {err.colno}"


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _read_json_array(path: str, max_bytes: int) -> Iterator[Item]:
    text = _load_json_text(path, max_bytes)
    if isinstance(text, Problem):
        yield text
        return
    decoder = json.JSONDecoder()
    i = _skip_ws(text, text.index("[") + 1)
    if i < len(text) and text[i] == "]" and _skip_ws(text, i + 1) == len(text):
        yield Problem.of(path, "E105", what="the JSON array")
        return
    lineno, counted = 1, 0
    while True:
        lineno += text.count("\n", counted, i)
        counted = i
        try:
            obj, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as err:
            yield Problem.of(f"{path}:{err.lineno}", "E101", what="the rest of the file", error=_json_error(err))
            return
        yield _json_article(obj, f"{path}:{lineno}")
        i = _skip_ws(text, end)
        if i < len(text) and text[i] == ",":
            i = _skip_ws(text, i + 1)
            continue
        if i < len(text) and text[i] == "]" and _skip_ws(text, i + 1) == len(text):
            return
        where = text.count("\n", 0, i) + 1
        if i >= len(text):
            error = "the array is not closed with ']'"
        elif text[i] == "]":
            error = "data after the array's end"
        else:
            error = "expected ',' or ']'"
        yield Problem.of(f"{path}:{where}", "E101", what="the rest of the file", error=error)
        return


# ------------------------------------------------------------------------------------------------ stdin


def _read_stdin(stream: IO[bytes], max_bytes: int) -> Iterator[Item]:
    read = getattr(stream, "read1", stream.read)
    head = bytearray()
    while True:  # read until the first non-blank byte, to tell JSON lines from plain text
        chunk = read(_CHUNK)
        if not chunk:
            break
        head += chunk
        if bytes(head).removeprefix(_BOM).lstrip(_WS):
            break
    first = bytes(head).removeprefix(_BOM).lstrip(_WS)[:1]
    if first == b"{":
        yield from _json_lines(_lines(stream, max_bytes, bytes(head)), STDIN, max_bytes)
        return
    if len(head) <= max_bytes:
        head += stream.read(max_bytes + 1 - len(head))
    if len(head) > max_bytes:
        size = len(head)
        while chunk := stream.read(_CHUNK):  # drain it, to say how big it was
            size += len(chunk)
        yield _too_big(STDIN, "standard input", size, max_bytes)
        return
    text = _decode(bytes(head), STDIN, "standard input", None)
    if isinstance(text, Problem):
        yield text
        return
    yield _text_article(text, STDIN, "standard input")


# ------------------------------------------------------------------------------------------ progress bar


def _estimate(path: str) -> int:
    """How many articles a file will probably give: its lines for JSON lines, else 1."""
    ext = _extension(path)
    if ext not in JSONL_EXTENSIONS and ext not in JSON_EXTENSIONS:
        return 1
    try:
        if ext in JSON_EXTENSIONS:
            first = _first_byte(path)
            if first == b"[":
                return max(1, _count_in_file(path, b'"text"'))
            if first != b"{":
                return 1
        lines = _count_in_file(path, b"\n")
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size:
                stream.seek(size - 1)
                if stream.read(1) != b"\n":
                    lines += 1
        return lines
    except OSError:
        return 0


def _count_in_file(path: str, needle: bytes) -> int:
    count = 0
    carry = b""
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            data = carry + chunk
            count += data.count(needle)
            carry = data[-(len(needle) - 1) :] if len(needle) > 1 else b""
    return count
