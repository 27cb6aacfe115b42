"""Issue 15: the Markdown capture skips parsing text that holds no Markdown, and that changes nothing.

`may_be_markdown` must be True for every text whose markdown-it parse `_is_markdown` accepts: checked
on every real page, seed and export (their views and their records and rejects, with and without the
check), and on generated text mixing the syntax that matters (headings in containers, links, reference
definitions, autolinks, front matter, escapes, carriage returns).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.capture.markdown as markdown
from kg.build import extract_files, find_inputs
from kg.read import read

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FOLDERS = [SHARED / "real-pages", SHARED / "seeds", SHARED / "real-exports", ROOT / "seeds"]
AS_OF = dt.date(2026, 11, 24)

pytestmark = pytest.mark.skipif(not (SHARED / "real-pages").is_dir(), reason="../shared is absent (CI provides it)")


def real_files() -> list[tuple[Path, str]]:
    return find_inputs([f for f in FOLDERS if f.is_dir()])


def test_every_real_file_has_the_markdown_view_it_had_without_the_check() -> None:
    skipped = kept = 0
    for path, source in real_files():
        text = read(path, source)
        if not hasattr(text, "lines"):
            continue
        lines = text.lines
        joined = "\n".join(lines)
        before = None if markdown.looks_like_html(lines) else markdown.parsed(joined)
        assert markdown.capture(lines) == before, source
        if before is not None:
            assert markdown.may_be_markdown(joined), source
            kept += 1
        elif not markdown.may_be_markdown(joined):
            skipped += 1
    # Both sides are exercised: real Markdown pages are parsed, plain-text pages are not.
    assert kept >= 2 and skipped >= 4, (kept, skipped)


def test_every_real_file_gives_the_records_and_rejects_it_gave_without_the_check(monkeypatch) -> None:
    files = real_files()
    assert len(files) >= 9
    with_check = extract_files(files, AS_OF, workers=1)
    monkeypatch.setattr(markdown, "may_be_markdown", lambda text: True)
    without = extract_files(files, AS_OF, workers=1)
    assert with_check.records == without.records
    assert with_check.rejects == without.rejects
    assert with_check.pages == without.pages
    assert len(with_check.records) > 100


@pytest.mark.parametrize(
    "text",
    [
        "# Title",
        "Plain line\n  ## Indented heading",
        "> - 1) # deep heading",
        "Line\r# heading after a carriage return",
        "See [the paper](https://arxiv.org/abs/2401.00001)",
        "![avatar](a.png)",
        "[a paper][1]\n\n[1]: https://example.org",
        "[shortcut]\n\n[shortcut]: /url",
        "<https://example.org>",
        "<someone@example.org>",
        "---\ntitle: x\n---\nbody",
    ],
)
def test_markdown_is_seen_by_the_check(text: str) -> None:
    assert markdown._is_markdown(markdown.MARKDOWN.parse(text))
    assert markdown.may_be_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "Attention Is All You Need\nAshish Vaswani, Noam Shazeer\n[pdf, other]",
        "#hashtag without a space\n####### seven is not a heading",
        "[1]  arXiv:2401.00001 [cs.CL]\nC# and F# (languages)",
        "Title ] (not a link) and a <b>tag</b> and a < b comparison",
    ],
)
def test_plain_text_is_not_parsed(text: str) -> None:
    assert not markdown.may_be_markdown(text)
    assert markdown.parsed(text) is None


# Generated text: lines of container markers, perhaps heading markers, and inline pieces with and without
# link syntax, ended by any of markdown-it's line ends. Each clause of the check is needed by some text here.
PREFIX = st.lists(
    st.sampled_from([" ", "  ", "    ", "\t", ">", "> ", "- ", "* ", "+ ", "1. ", "2) ", "-", "10."]), max_size=4
)
HEADING = st.sampled_from(["", "", "#", "# ", "## ", "###### ", "####### ", "#\t", "\\# ", "x# "])
PIECE = st.sampled_from(
    ["word", " ", "[a]", "[a", "a]", "](u)", "] (u)", "]:", "[a]: /u", "[a][a]", "[a][]", "![b](c)", "(", ")", "<",
     ">", "<https://x.y>", "<a@b.c>", "<b>", "https://x", "a@b.c", "\\[", "\\]", "`", "&#35;", "\u00a0", "\x00",
     "---", "|", ":", "!"]
)  # fmt: skip
LINE = st.tuples(PREFIX.map("".join), HEADING, st.lists(PIECE, max_size=6).map("".join)).map("".join)
TEXT = st.tuples(
    st.sampled_from(["", "---\n", "---\ntitle: x\n---\n", "-"]),
    st.lists(st.tuples(LINE, st.sampled_from(["\n", "\n", "\n\n", "\r", "\r\n"])), min_size=1, max_size=6),
).map(lambda parts: parts[0] + "".join(line + end for line, end in parts[1]))


@settings(max_examples=4000, deadline=None)
@given(TEXT)
def test_the_check_never_misses_what_the_parse_calls_markdown(text: str) -> None:
    if markdown._is_markdown(markdown.MARKDOWN.parse(text)):
        assert markdown.may_be_markdown(text)
