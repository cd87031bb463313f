"""Tests of the ingest stage: every format, every problem code, and that a bad input never stops the batch.

All example texts are invented for these tests (the countries and systems do not exist).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

import armswatch.ingest as ingest
from armswatch.errors import ArmswatchError, E, Problem, codes, message
from armswatch.ingest import count_inputs, parse_date, read_inputs
from armswatch.models import Article

ARTICLES = [
    {
        "id": "d-001",
        "outlet": "Example Post",
        "published": "2024-03-05",
        "title": "Norland orders twelve Falcon-X jets",
        "text": "Norland signed a contract with Vestria for twelve Falcon-X fighter jets on Tuesday.",
        "url": "https://example.org/norland-jets",
    },
    {
        "id": 2,
        "outlet": "Example Post",
        "published": "2024-03-06T09:30:00Z",
        "title": "Ostmark weighs frigate offer",
        "text": "Ostmark is considering an offer of two Type-9 frigates from Kaldera, officials said.",
    },
    {
        "id": "d-003",
        "published": "last Tuesday",
        "title": "Delivery of howitzers completed",
        "text": "Vestria delivered the last of 18 HX-2 howitzers to Sundar, the ministry said.",
    },
]

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Norland orders twelve Falcon-X jets</title>
  <meta property="article:published_time" content="2024-03-05T08:00:00+00:00">
  <link rel="canonical" href="https://example.org/news/norland-jets">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
  <article>
    <h1>Norland orders twelve Falcon-X jets</h1>
    <p>The government of Norland signed a contract on Tuesday with Vestria for twelve Falcon-X fighter
    aircraft, the defence ministry said in a statement.</p>
    <p>The agreement is worth 1.2 billion euros and includes training for pilots and ground crews,
    according to officials familiar with the negotiations.</p>
    <p>Deliveries are expected to begin in 2026 and to be completed two years later. Opposition lawmakers
    asked for a parliamentary review of the price.</p>
  </article>
  <footer>Copyright Example Post</footer>
</body>
</html>
"""


def jsonl(rows: list[object]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def read(paths: list[str | Path], **kwargs: object) -> list[Article | Problem]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def articles(items: list[Article | Problem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


# ------------------------------------------------------------------------------------------------ errors


def test_codes_are_unique_and_formattable() -> None:
    table = codes()
    assert {"E100", "E101", "E102", "E103", "E104", "E105", "E106", "E107", "E108"} <= set(table)
    assert len(set(table.values())) == len(table)
    assert message("E101", what="line", error="Expecting value at column 1").startswith("line is not valid JSON")
    assert table["E100"] == E.E100


def test_problem_str_and_error() -> None:
    problem = Problem.of("news.jsonl:3", "E101", what="line", error="Expecting ',' delimiter at column 9")
    assert str(problem) == "news.jsonl:3: [E101] line is not valid JSON (Expecting ',' delimiter at column 9); skipped"
    err = ArmswatchError("E100")
    assert err.code == "E100" and str(err).startswith("[E100] ")
    custom = ArmswatchError("[E001] unknown option --foo")
    assert custom.code == "E001" and custom.message == "unknown option --foo"
    with pytest.raises(KeyError):
        message("E999")


# ----------------------------------------------------------------------------------------------- JSONL


def test_good_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl(ARTICLES), encoding="utf-8")
    items = read([path])
    assert all(isinstance(item, Article) for item in items)
    assert [a.id for a in items] == ["d-001", "2", "d-003"]  # type: ignore[union-attr]
    got = articles(items)
    assert [a.title for a in got] == [row["title"] for row in ARTICLES]
    assert [a.published for a in got] == ["2024-03-05", "2024-03-06", None]
    assert [a.source for a in got] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert got[0].outlet == "Example Post" and got[0].url == "https://example.org/norland-jets"
    assert got[0].text == ARTICLES[0]["text"]
    assert count_inputs([str(path)]) == 3


def test_malformed_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = jsonl(ARTICLES[:2]).splitlines()
    path.write_text(lines[0] + '\n{"id": "broken", "text": "no closing brace"\n' + lines[1] + "\n", encoding="utf-8")
    items = read([path])
    assert [type(item) for item in items] == [Article, Problem, Article]
    problem = problems(items)[0]
    assert problem.code == "E101"
    assert problem.source == f"{path}:2"
    assert str(problem).startswith(f"{path}:2: [E101] line is not valid JSON (")
    assert [a.source for a in articles(items)] == [f"{path}:1", f"{path}:3"]


def test_blank_lines_are_skipped_and_bom_allowed(tmp_path: Path) -> None:
    path = tmp_path / "news.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl(ARTICLES[:1]).encode() + b"\n   \n" + jsonl(ARTICLES[1:2]).encode())
    items = read([path])
    assert [a.source for a in articles(items)] == [f"{path}:1", f"{path}:4"]
    assert not problems(items)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('["a", "list"]', "JSON array, not an object"),
        ('"just a string"', "JSON string, not an object"),
        ('{"id": "x", "title": "No text here"}', 'no "text" field'),
        ('{"id": "x", "text": 42}', '"text" is a JSON number'),
        ('{"id": "x", "text": null}', 'no "text" field'),
    ],
)
def test_not_an_article_object(tmp_path: Path, line: str, words: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(jsonl(ARTICLES[:1]) + line + "\n", encoding="utf-8")
    items = read([path])
    assert len(articles(items)) == 1
    [problem] = problems(items)
    assert problem.code == "E102" and problem.source == f"{path}:2"
    assert words in problem.message


def test_empty_and_binary_jsonl_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n  \n", encoding="utf-8")
    binary = tmp_path / "data.json"
    binary.write_bytes(b'{"text": "x"}\n' + b"\x00\x01\x02\n" * 50)
    items = read([empty, binary])
    assert [(p.code, p.source) for p in problems(items)] == [("E105", str(empty)), ("E103", str(binary))]


def test_empty_text_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl([{"id": "e", "text": "  \n\t "}]), encoding="utf-8")
    [problem] = read([path])
    assert isinstance(problem, Problem) and problem.code == "E105" and problem.source == f"{path}:1"


def test_nul_and_latin1_in_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    long_first = jsonl([{"id": "long", "text": "Norland buys jets. " * 500}]).encode()  # NUL check of 8 KiB passes
    nul_line = b'{"text": "a\x00b"}\n'
    path.write_bytes(long_first + nul_line + b'{"text": "caf\xe9"}\n' + jsonl(ARTICLES[:1]).encode())
    items = read([path])
    assert [(p.code, p.source) for p in problems(items)] == [("E103", f"{path}:2"), ("E104", f"{path}:3")]
    offset = len(long_first) + len(nul_line) + len(b'{"text": "caf')
    assert f"byte offset {offset}" in problems(items)[1].message  # offset in the file, not in the line
    assert [a.id for a in articles(items)] == ["long", "d-001"]

    small = tmp_path / "small.jsonl"
    small.write_bytes(nul_line + jsonl(ARTICLES[:1]).encode())
    assert [(p.code, p.source) for p in problems(read([small]))] == [("E103", str(small))]  # binary file


def test_long_json_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl([{"text": "x" * 500}, ARTICLES[0]]), encoding="utf-8")
    items = read([path], max_bytes=300)
    [problem] = problems(items)
    assert problem.code == "E106" and problem.source == f"{path}:1"
    assert "--max-bytes" in problem.message and "300 bytes" in problem.message
    assert [a.id for a in articles(items)] == ["d-001"]


def test_published_dates() -> None:
    assert parse_date("2024-03-05") == "2024-03-05"
    assert parse_date("2024-03-05T23:30:00-05:00") == "2024-03-05"
    assert parse_date("2024-03-05 10:00") == "2024-03-05"
    assert parse_date("2024-02-30") is None
    assert parse_date("05/03/2024") is None
    assert parse_date("March 5, 2024") is None
    assert parse_date(20240305) is None
    assert parse_date(None) is None


# ------------------------------------------------------------------------------------------------- JSON


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps(ARTICLES, indent=2), encoding="utf-8")
    items = read([path])
    got = articles(items)
    assert [a.id for a in got] == ["d-001", "2", "d-003"]
    assert got[0].source == f"{path}:2"  # the line where the item starts
    assert len({a.source for a in got}) == 3
    assert count_inputs([str(path)]) == 3


def test_json_file_with_json_lines_and_one_object(tmp_path: Path) -> None:
    lines = tmp_path / "lines.json"
    lines.write_text(jsonl(ARTICLES), encoding="utf-8")
    assert [a.source for a in articles(read([lines]))] == [f"{lines}:1", f"{lines}:2", f"{lines}:3"]
    single = tmp_path / "single.json"
    single.write_text(json.dumps(ARTICLES[0], indent=2), encoding="utf-8")
    [article] = read([single])
    assert isinstance(article, Article) and article.id == "d-001" and article.source == str(single)


def test_broken_json_array(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text("[\n" + json.dumps(ARTICLES[0]) + ",\n{oops}\n]\n", encoding="utf-8")
    items = read([path])
    assert len(articles(items)) == 1
    [problem] = problems(items)
    assert problem.code == "E101" and problem.source == f"{path}:3"


# ----------------------------------------------------------------------------------------- plain files


def test_binary_file_then_next_file_still_read(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    good = tmp_path / "good.txt"
    good.write_text("Sundar receives howitzers\n\nVestria delivered six HX-2 howitzers.\n", encoding="utf-8")
    items = read([binary, good])
    assert isinstance(items[0], Problem) and items[0].code == "E103" and items[0].source == str(binary)
    assert isinstance(items[1], Article) and items[1].source == str(good)
    assert items[1].title == "Sundar receives howitzers"


def test_latin1_text_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Kaldera's café deal with Norland.".encode("latin-1"))
    [problem] = read([path])
    assert isinstance(problem, Problem) and problem.code == "E104"
    assert problem.source == str(path)
    assert str(path) in problem.message and "iconv" in problem.message
    assert "byte 0xe9 at byte offset 13" in problem.message


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("  \n\n\t\n", encoding="utf-8")
    items = read([empty, blank])
    assert [(p.code, p.source) for p in problems(items)] == [("E105", str(empty)), ("E105", str(blank))]


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Norland buys jets. " * 100, encoding="utf-8")
    [problem] = read([path], max_bytes=1000)
    assert isinstance(problem, Problem) and problem.code == "E106"
    assert "1,900 bytes" in problem.message and "1,000 bytes" in problem.message
    assert "--max-bytes" in problem.message
    [article] = read([path], max_bytes=5000)
    assert isinstance(article, Article)


def test_missing_path(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Vestria sells radars to Sundar.", encoding="utf-8")
    items = read([tmp_path / "nope.jsonl", good])
    assert isinstance(items[0], Problem) and items[0].code == "E100"
    assert isinstance(items[1], Article)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Ostmark buys frigates.", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Sundar buys radars.", encoding="utf-8")
    real_open = open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):  # chmod 0 does not stop root, so refuse it here
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(ingest, "open", guarded_open, raising=False)
    items = read([secret, good])
    assert isinstance(items[0], Problem) and items[0].code == "E108" and items[0].source == str(secret)
    assert "Permission denied" in items[0].message
    assert isinstance(items[1], Article)


def test_text_is_kept_as_is_and_titles(tmp_path: Path) -> None:
    md = tmp_path / "story.md"
    body = "# Norland orders jets #\r\n\r\nNorland  signed\ta contract.\r\n"
    md.write_bytes(body.encode())
    [article] = read([md])
    assert isinstance(article, Article)
    assert article.text == body  # offsets into it must stay meaningful
    assert article.title == "Norland orders jets"

    cases = {
        "Vestria sells radars\n\nVestria will sell radars to Sundar.\n": "Vestria sells radars",
        "Vestria sells radars\n=====\n\nVestria will sell radars to Sundar.\n": "Vestria sells radars",
        "Vestria will sell radars to Sundar.\n\nThe deal was signed today.\n": None,  # a sentence, not a title
        "Vestria sells radars\nVestria will sell radars to Sundar.\n": None,  # no blank line after it
        "Vestria sells radars\n": None,  # nothing after it
    }
    for i, (text, title) in enumerate(cases.items()):
        path = tmp_path / f"case{i}.txt"
        path.write_text(text, encoding="utf-8")
        [got] = read([path])
        assert isinstance(got, Article) and got.title == title, text


def test_unknown_extension_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "story.eml"
    path.write_text("Sundar buys radars from Vestria.", encoding="utf-8")
    [article] = read([path])
    assert isinstance(article, Article) and article.source == str(path)


# ------------------------------------------------------------------------------------------------- HTML


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [article] = read([path])
    assert isinstance(article, Article), article
    assert article.title == "Norland orders twelve Falcon-X jets"
    assert "worth 1.2 billion euros" in article.text
    assert "Deliveries are expected to begin in 2026" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.published == "2024-03-05"
    assert article.url == "https://example.org/news/norland-jets"
    assert article.source == str(path)


def test_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("defence ministry", "ministère")
    path.write_bytes(page.encode("latin-1"))
    [article] = read([path])
    assert isinstance(article, Article) and "ministère" in article.text


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    [problem] = read([path])
    assert isinstance(problem, Problem) and problem.code == "E107" and problem.source == str(path)


# ------------------------------------------------------------------------------------------- directories


def test_directory_recursive_sorted(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    (root / "a" / "one.txt").write_text("Norland buys jets.", encoding="utf-8")
    (root / "a" / "two.md").write_text("# Ostmark\n\nOstmark buys frigates.", encoding="utf-8")
    (root / "b" / "deep" / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "b" / "three.txt").write_text("Sundar buys radars.", encoding="utf-8")
    (root / "c.txt").write_text("Kaldera sells tanks.", encoding="utf-8")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "notes.docx").write_bytes(b"PK\x03\x04\x00")
    (root / ".draft.txt").write_text("Hidden draft.", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("Hidden dir.", encoding="utf-8")
    items = read([root])
    assert not problems(items)
    expected = [
        root / "a" / "one.txt",
        root / "a" / "two.md",
        root / "b" / "deep" / "page.html",
        root / "b" / "three.txt",
        root / "c.txt",
    ]
    assert [a.source for a in articles(items)] == [str(p) for p in expected]
    assert count_inputs([str(root)]) == 5


# ------------------------------------------------------------------------------------------------- stdin


def test_stdin_json_lines() -> None:
    data = ("\n" + jsonl(ARTICLES[:2]) + "not json\n").encode()
    items = read(["-"], stdin=io.BytesIO(data))
    assert [a.id for a in articles(items)] == ["d-001", "2"]
    assert [a.source for a in articles(items)] == ["<stdin>:2", "<stdin>:3"]
    [problem] = problems(items)
    assert problem.code == "E101" and problem.source == "<stdin>:4"
    assert count_inputs(["-"]) is None


def test_stdin_plain_text() -> None:
    text = "Vestria sells radars\n\nVestria will sell four radars to Sundar, officials said.\n"
    [article] = read(["-"], stdin=io.BytesIO(text.encode()))
    assert isinstance(article, Article)
    assert article.text == text and article.source == "<stdin>" and article.title == "Vestria sells radars"


def test_stdin_problems() -> None:
    [empty] = read(["-"], stdin=io.BytesIO(b"  \n"))
    assert isinstance(empty, Problem) and empty.code == "E105" and empty.source == "<stdin>"
    [latin] = read(["-"], stdin=io.BytesIO("café".encode("latin-1")))
    assert isinstance(latin, Problem) and latin.code == "E104" and "iconv" in latin.message
    [big] = read(["-"], stdin=io.BytesIO(b"x" * 200), max_bytes=100)
    assert isinstance(big, Problem) and big.code == "E106" and "200 bytes" in big.message


# -------------------------------------------------------------------------------------------- keys


def test_same_input_twice_gives_same_keys(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl(ARTICLES), encoding="utf-8")
    first = [a.key for a in articles(read([path]))]
    second = [a.key for a in articles(read([path]))]
    assert first == second and len(set(first)) == 3


def test_whitespace_differences_give_same_key(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Norland signed a contract\nwith Vestria.\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("  Norland  signed a contract with\tVestria.\r\n\r\n", encoding="utf-8")
    jl = tmp_path / "three.jsonl"
    jl.write_text(jsonl([{"text": "Norland signed a contract with Vestria."}]), encoding="utf-8")
    keys = {a.key for a in articles(read([one, two, jl]))}
    assert len(keys) == 1
    other = articles(read(["-"], stdin=io.BytesIO(b"Norland signed a contract with Ostmark.")))
    assert other[0].key not in keys


# ----------------------------------------------------------------------------------- line splitting


def test_line_splitter_matches_a_simple_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The streaming splitter (small chunks, long lines measured and dropped) agrees with bytes.split."""
    rng = random.Random(7)
    for chunk in (1, 3, 64):
        monkeypatch.setattr(ingest, "_CHUNK", chunk)
        for _ in range(300):
            data = bytes(rng.choice(b"ab\n") for _ in range(rng.randint(0, 30)))
            limit = rng.randint(0, 6)
            cut = rng.randint(0, len(data))
            parts = data.split(b"\n")
            if parts[-1] == b"":
                parts.pop()
            expected, offset = [], 0
            for number, part in enumerate(parts, 1):
                expected.append((number, offset, part if len(part) <= limit else len(part)))
                offset += len(part) + 1
            got = list(ingest._lines(io.BytesIO(data[cut:]), limit, data[:cut]))
            assert got == expected, (data, limit, cut)
