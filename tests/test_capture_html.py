"""Saved HTML read as the text a browser shows: kg.capture.html against headless Chromium's
`document.body.innerText` of the same file (scripts off, every request outside the file blocked).

Agreement is difflib's ratio over the two lists of non-blank lines, white space runs made one
space (Chromium keeps U+00A0, we do too). The pages below are written by this test in the
shapes saved pages take (Hugging Face cards, an arXiv listing, a SingleFile header, tables,
hidden elements, <pre>, comments); any *.html under ../shared is compared as well.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from kg.capture import html as html_capture

SHARED = Path(__file__).resolve().parents[2] / "shared"
MIN_AGREEMENT = 0.98


def normalized(text_lines: list[str]) -> list[str]:
    return [
        " ".join(part.split(" ")).strip() for line in text_lines for part in [line.replace("\t", " ")] if part.strip()
    ]


def agreement(ours: list[str], chromium: list[str]) -> float:
    return difflib.SequenceMatcher(None, normalized(ours), normalized(chromium), autojunk=False).ratio()


def kg_lines(path: Path) -> list[str]:
    view = html_capture.capture(path.read_text(encoding="utf-8").split("\n"))
    assert view is not None, path
    return view.lines


def inner_text(browser, path: Path) -> list[str]:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route(
            "**/*", lambda route, request: route.continue_() if request.url.startswith("file://") else route.abort()
        )
        page.goto(path.resolve().as_uri(), wait_until="load")
        return page.evaluate("() => document.body ? document.body.innerText : ''").split("\n")
    finally:
        context.close()


HF_CARD = """
<article class="relative flex flex-col overflow-hidden rounded-xl border">
  <a href="/papers/{id}" class="shadow-alternate-sm"><img src="https://cdn/thumb.png" alt=""></a>
  <div class="from-gray-50-to-white pb-2"><div class="flex">
    <div class="shadow-alternate flex h-14 w-12 flex-col items-center justify-center">
      <a href="/login?next=%2Fpapers%2F{id}"><svg width="1em" height="1em"><path d="M0 0"></path></svg>
      <div class="leading-none">{votes}</div></a></div>
    <div class="w-full"><h3 class="mb-1 text-lg font-semibold leading-[1.2]">
      <a href="/papers/{id}" class="line-clamp-3 cursor-pointer text-balance">{title}</a></h3>
      <p class="line-clamp-2 text-sm">{abstract}</p>
      <div class="flex items-center"><ul class="flex items-center"><li><img alt="" src="/a.png"></li>
        <li class="text-gray-600">· {count} authors</li></ul>
        <span class="mx-1">·</span><span>{date}</span>
        <a href="/papers/{id}#community" class="flex items-center">{comments}</a></div>
    </div></div></div>
</article>"""


def hf_page() -> str:
    cards = "".join(
        HF_CARD.format(
            id=f"2610.0{n:04d}",
            votes=n * 7 if n % 3 else "-",
            title=f"Paper number {n}: a   title\n  wrapped by the server",
            abstract=f"We study &amp; measure thing {n}.\n  Results   improve.",
            count=n + 2,
            date=f"Oct {n + 1}",
            comments=n,
        )
        for n in range(1, 9)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><!--
 Page saved with SingleFile
 url: https://huggingface.co/papers
 saved date: Wed Oct 07 2026 10:00:00 GMT+0000
--><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<style>.hidden{{display:none}}</style><script>document.title = "changed";</script></head>
<body class="flex flex-col">
<header><nav><ul><li><a href="/models">Models</a></li><li><a href="/login">Log In</a></li></ul></nav></header>
<main><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{{}}">
<section class="container"><h1>Daily Papers</h1><h2>by <a href="/akhaliq">AK</a> and the research community</h2>
<div class="grid">{cards}</div></section></div></main>
<footer><p>Made with <span>love</span><br>by people</p></footer>
</body></html>"""


ARXIV_LISTING = """<!DOCTYPE html>
<html><head><title>Artificial Intelligence</title></head><body>
<div id="content"><h1>Artificial Intelligence</h1>
<h3>New submissions (showing 2 of 2 entries)</h3>
<dl id="articles">
<dt><a name="item1">[1]</a> <a href="/abs/2610.08778" title="Abstract" id="2610.08778">arXiv:2610.08778</a>
  [<a href="/pdf/2610.08778" title="Download PDF">pdf</a>, <a href="/html/2610.08778v1">html</a>]</dt>
<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> Sherpa: Teaching LLMs
 to Teach Adaptively</div>
<div class="list-authors"><a href="/a/xu_w_1">Weixian Xu</a>, <a href="/a/zhang_y_1">Yanzhe Zhang</a></div>
<div class="list-comments mathjax"><span class="descriptor">Comments:</span> 32 pages, 6 figures</div>
<div class="list-subjects"><span class="descriptor">Subjects:</span> <span class="primary-subject">Artificial
 Intelligence (cs.AI)</span>; Computation and Language (cs.CL)</div></div></dd>
<dt><a name="item2">[2]</a> <a href="/abs/2610.08775">arXiv:2610.08775</a></dt>
<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> Agent in a Bottle</div>
<div class="list-authors"><a href="/a/s_a">Ankit Sonthalia</a></div></div></dd>
</dl>
<table class="tableofcontents"><tr><th>Archive</th><th>Count</th></tr><tr><td>cs.AI</td><td>350</td></tr></table>
<pre>  preformatted   text
   stays</pre>
<div hidden>never shown</div><div style="display:none">nor this</div><noscript>no script</noscript>
<template><p>template text</p></template>
</div></body></html>"""


PAGES = {"hf-daily.html": hf_page(), "arxiv-listing.html": ARXIV_LISTING}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_written_page_reads_as_chromium_shows_it(browser, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PAGES[name], encoding="utf-8")
    ours, theirs = kg_lines(path), inner_text(browser, path)
    assert agreement(ours, theirs) >= MIN_AGREEMENT, "\n".join(
        difflib.unified_diff(normalized(theirs), normalized(ours), "chromium", "kg", lineterm="")
    )


def test_real_shared_html_reads_as_chromium_shows_it(browser) -> None:
    pages = sorted(SHARED.rglob("*.html")) if SHARED.exists() else []
    if not pages:
        pytest.skip("no saved HTML page under ../shared")
    for path in pages:
        assert agreement(kg_lines(path), inner_text(browser, path)) >= MIN_AGREEMENT, path.name


def test_hugging_face_page_saved_as_html_reads_with_its_own_author_names(tmp_path: Path) -> None:
    import datetime as dt
    import json

    from kg.build import extract_files

    page = hf_page().replace(
        'data-props="{}"',
        "data-props='"
        + json.dumps(
            {
                "dailyPapers": [
                    {"paper": {"id": "2610.00002", "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}]}}
                ]
            }
        )
        + "'",
    )
    path = tmp_path / "hf.html"
    path.write_text(page, encoding="utf-8")
    result = extract_files([(path, "hf.html")], dt.date(2026, 10, 20))
    assert result.pages[0].layout == "hf" and result.pages[0].capture == "html"
    assert [r.arxiv_id for r in result.records] == [f"2610.0{n:04d}" for n in range(1, 9)]
    second = result.records[1]
    assert second.title == "Paper number 2: a title wrapped by the server"
    assert second.abstract == "We study & measure thing 2. Results improve."
    assert (second.upvotes, second.comments, second.date, second.author_count) == (14, 2, "2026-10-03", 4)
    assert second.authors == ["Ada Lovelace", "Alan Turing"]  # from the page's own data; the card says "4 authors"
    assert result.records[2].upvotes == 0  # "-"
    assert result.records[0].authors == []
    assert result.rejects == []


def test_an_xhtml_page_with_an_xml_declaration_is_read_as_html() -> None:
    """XHTML pages open with "<?xml version=... encoding=...?>"; the text is decoded by then, and lxml
    refuses a str that declares an encoding, so the declaration is blanked (lines keep their numbers)."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ann Lee</title></head>',
        "<body><p>Ann L\u00e9e</p>",
        "<p>Caf\u00e9 Culture in Language Models</p></body></html>",
    ]
    view = html_capture.capture(lines)
    assert view is not None and view.problem is None
    assert view.lines == ["Ann L\u00e9e", "Caf\u00e9 Culture in Language Models"]
    assert view.line_of == [4, 5]
