"""Hugging Face papers pages whose capture kept no link to the papers: a crawler's Markdown of
/papers/trending ("**URL:** … **Page Title:** …" header, `### Title` without a link, "- 8 authors",
"[LINK: GitHub 11.3k](…)", every card printed twice) and a page saved as html2text's text inside
one fenced block under a "# Web source" header, its reference links' addresses cut off.

The snippets are invented; they copy the structure of real captures found in public
repositories (search index ids 53857310451 and 58948089181)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.build import extract_files
from kg.capture import views

CRAWLER_TRENDING = """\
# Some Crawl Seed Page
**URL:** https://example.org/seed
**Page Title:** Trending Papers - Hugging Face
--------------------

Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!

## Trending Papers

## by AK and the research community

### Owl Nets: Sparse Attention for Nocturnal Vision

Owl Nets adapt sparse attention to low-light video, improving detection at night.
- 7 authors
[LINK: GitHub 2.5k](https://github.com/example/owl-nets)

### Owl Nets: Sparse Attention for Nocturnal Vision

Owl Nets adapt sparse attention to low-light video, improving detection at night.
- 7 authors
[LINK: GitHub 2.5k](https://github.com/example/owl-nets)

### A Very Long Title About Graph Rewiring That the Crawler
  Wrapped Onto a Second Line

Graph rewiring is studied as a preprocessing step for message passing networks.
[LINK: GitHub 88](https://github.com/example/rewire)

### A Very Long Title About Graph Rewiring That the Crawler
  Wrapped Onto a Second Line

Graph rewiring is studied as a preprocessing step for message passing networks.
[LINK: GitHub 88](https://github.com/example/rewire)

### Tidal Models

We study tidal models. They are large. Code is at the address below.
- 1 authors
[LINK: GitHub 12](https://github.com/example/tidal)

### Tidal Models

A different card that happens to carry the same title.
- 3 authors

--------------------
"""


def _read(tmp_path: Path, name: str, text: str, as_of: dt.date = dt.date(2026, 11, 1)):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_files([(path, name)], as_of)


def test_crawler_markdown_header_is_read_line_by_line() -> None:
    (view, *_) = views(CRAWLER_TRENDING.split("\n"))
    # the two header lines and the rule under them parse as one setext heading; each is still a field
    assert view.meta["url"] == "https://example.org/seed"
    assert view.meta["title"] == "Trending Papers - Hugging Face"


def test_trending_cards_without_paper_links_are_read_by_their_printed_fields(tmp_path: Path) -> None:
    result = _read(tmp_path, "trending.md", CRAWLER_TRENDING)
    (page,) = result.pages
    assert (page.layout, page.capture) == ("hf", "markdown")
    owl, rewire, tidal, other = result.records
    assert (owl.line, owl.title, owl.author_count, owl.authors, owl.arxiv_id, owl.date) == (
        13,
        "Owl Nets: Sparse Attention for Nocturnal Vision",
        7,
        [],
        None,
        None,
    )
    assert owl.summary == "Owl Nets adapt sparse attention to low-light video, improving detection at night."
    assert owl.abstract is None and owl.upvotes is None  # "GitHub 2.5k" is stars, not upvotes
    assert owl.has_code and owl.identifiers == {"code": "https://github.com/example/owl-nets"}
    # the heading wrapped onto a second line is one title; the code link closing the summary's
    # paragraph is not summary text
    assert (rewire.line, rewire.title) == (
        25,
        "A Very Long Title About Graph Rewiring That the Crawler Wrapped Onto a Second Line",
    )
    assert rewire.summary == "Graph rewiring is studied as a preprocessing step for message passing networks."
    assert rewire.author_count is None and rewire.has_code
    # several sentences: an abstract, not a one-sentence summary
    assert tidal.abstract.startswith("We study tidal models.") and tidal.summary is None
    assert tidal.author_count == 1
    # same title, different card: not a copy
    assert (other.line, other.author_count, other.has_code, other.identifiers) == (43, 3, False, {})
    assert [(r.line, r.code) for r in result.rejects] == [(19, "duplicate"), (31, "duplicate")]
    assert "Owl Nets" in result.rejects[0].raw and "first at line 13" in result.rejects[0].reason


def test_h3_headings_of_a_page_that_is_not_hugging_face_are_not_cards(tmp_path: Path) -> None:
    text = CRAWLER_TRENDING.replace("Trending Papers - Hugging Face", "Trending Recipes - Example Cooking")
    result = _read(tmp_path, "recipes.md", text)
    assert result.records == [] and result.pages[0].layout != "hf"
