"""Text captures: exports that print each link as a bare URL line, and lynx dumps with a
reference list. The pages are written here in the shapes of real captures found in public
repositories (a NotebookLM source export of a Hugging Face search, `lynx -dump` pages); the
file lines, links and records read from them are checked by hand against the text below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.build import extract_files
from kg.capture import dump, urls

URL_EXPORT = """---
source_id: "00000000-0000-0000-0000-000000000000"
title: "Daily Papers - Hugging Face"
url: https://huggingface.co/papers?q=graph
type: web_page
exported: 2026-07-28
---

# Daily Papers - Hugging Face
Daily Papers - Hugging Face

 Hugging Face

https://huggingface.co/

Log In

https://huggingface.co/login

Get trending papers in your email inbox once a day!

Subscribe

https://huggingface.co/login?next=%2Fpapers

Daily Papers

Mar 25

 [-] 1

https://huggingface.co/login?next=%2Fpapers%2F2410.05434

Graphs of Papers: A First Title

https://huggingface.co/papers/2410.05434

We study graphs of papers and people. Results are good and we say more about them here.

https://huggingface.co/papers/2410.05434

[

2 authors](https://huggingface.co/papers/2410.05434)

·

Oct 7, 2024

 [-] -

https://huggingface.co/login?next=%2Fpapers%2F2510.21057

A Second Title With an Organization

https://huggingface.co/papers/2510.21057

Large models are deployed in systems that interact with the world; we make them safer in several ways.

https://huggingface.co/papers/2510.21057

<SP>

https://huggingface.co/papers/2510.21057

 Google

https://huggingface.co/google

·

Oct 23, 2025<SP>

1

https://huggingface.co/papers/2510.21057#community
""".replace("<SP>", " ")  # the export's blank-looking line and trailing space, kept

LYNX_DUMP = """   [1]Hugging Face's logo Hugging Face
     * [2]Models
     * [3]Log In

   Get trending papers in your email inbox once a day!

   [4]Subscribe

                                  Daily Papers

   Oct 2
   [5]101

   [6]OCC-RAG: Optimal Cognitive Core for Faithful Question Answering and
   More

   [7]Recent progress in the development of language models has been defined
   by scale, with each generation absorbing more.

   [8]OCC
   ·
   May 29[9]6

References

   1. https://huggingface.co/
   2. https://huggingface.co/models
   3. https://huggingface.co/login
   4. https://huggingface.co/login?next=%2Fpapers
   5. https://huggingface.co/login?next=%2Fpapers%2F2606.00683
   6. https://huggingface.co/papers/2606.00683
   7. https://huggingface.co/papers/2606.00683
   8. https://huggingface.co/occ-ai
   9. https://huggingface.co/papers/2606.00683#community
"""


def test_bare_url_lines_become_the_links_of_the_lines_above() -> None:
    view = urls.capture(URL_EXPORT.split("\n"))
    assert view is not None and view.capture == "text+urls"
    assert view.meta["url"] == "https://huggingface.co/papers?q=graph"
    i = view.lines.index("Graphs of Papers: A First Title")
    assert view.line_of[i] == 34
    assert view.links[i] == [("Graphs of Papers: A First Title", "https://huggingface.co/papers/2410.05434")]
    assert not any(line.startswith("http") for line in view.lines)
    assert "1 URLs of links without text (images) set aside" in view.notes


def test_lynx_dump_markers_go_and_references_become_links() -> None:
    view = dump.capture(LYNX_DUMP.split("\n"))
    assert view is not None and view.capture == "dump"
    assert "References" not in view.lines and not any("[6]" in line for line in view.lines)
    i = view.lines.index("OCC-RAG: Optimal Cognitive Core for Faithful Question Answering and More")
    assert view.line_of[i] == 14  # the title's first line; its wrapped second line is joined
    assert view.links[i] == [(view.lines[i], "https://huggingface.co/papers/2606.00683")]
    assert view.lines[i - 2 : i] == ["Oct 2", "101"]  # short lines stay lines: the dump did not wrap them
    j = view.lines.index("May 296")
    assert view.links[j] == [("6", "https://huggingface.co/papers/2606.00683#community")]


def test_plain_text_and_markdown_are_not_dumps_or_url_exports() -> None:
    text = ["Daily Papers", "", "[1] A title", "", "References", "", "1. Some book, 1999"]
    assert dump.capture(text) is None
    assert urls.capture(["see https://example.org", "https://example.org"]) is None


def _read(tmp_path: Path, name: str, text: str, as_of: dt.date):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_files([(path, name)], as_of)


def test_hugging_face_search_from_a_url_export(tmp_path: Path) -> None:
    result = _read(tmp_path, "export.md", URL_EXPORT, dt.date(2026, 11, 1))
    page = result.pages[0]
    assert (page.layout, page.capture) == ("hf", "text+urls")
    first, second = result.records
    assert (first.line, first.title, first.upvotes, first.comments, first.author_count, first.date) == (
        34,
        "Graphs of Papers: A First Title",
        1,
        None,
        2,
        "2024-10-07",
    )
    assert first.abstract.startswith("We study graphs of papers")
    assert (second.upvotes, second.comments, second.org, second.date, second.author_count) == (
        0,
        1,
        "Google",
        "2025-10-23",
        None,
    )
    assert result.rejects == []


def test_hugging_face_daily_from_a_lynx_dump(tmp_path: Path) -> None:
    result = _read(tmp_path, "dump.txt", LYNX_DUMP, dt.date(2026, 10, 2))
    assert (result.pages[0].layout, result.pages[0].capture) == ("hf", "dump")
    (record,) = result.records
    assert (record.line, record.upvotes, record.comments, record.org, record.date, record.arxiv_id) == (
        14,
        101,
        6,
        "OCC",
        "2026-05-29",
        "2606.00683",
    )


def test_a_bibliography_is_not_a_reference_list() -> None:
    paper = ["Results improve on [1] and [2].", "", "References", "", "   1. Smith, J. (1999)", "   2. Doe"]
    assert dump.capture(paper) is None
