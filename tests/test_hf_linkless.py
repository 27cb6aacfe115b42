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


# A search page as html2text prints it inside a fence; the capture was cut before the footnotes.
FENCED_SEARCH = """\
# Web source

- URL: https://huggingface.co/papers?q=tidal+graphs
- Title: [[Site logo] Hugging Face][1]
- Captured (UTC): 2026-03-02T10:00:00.000000001+00:00

```text
[[Site logo] Hugging Face][1]
* [ Models ][2]
* [Log In][3]

# Daily Papers

## by[AK][4] and the research community

Mar 2
[
-
][5]

### [Tidal Graphs: Message Passing Under Periodic Forcing][6]

[

We model periodic forcing in graphs and show that message passing tracks it well over
long horizons.

][7]
[
* 4 authors
][8]
·
Feb 20
[
12
][9]

### [Rewiring Estuaries: A Survey of Flow Networks With an Unusually Long Title That
### html2text Wrapped][10]

[

A survey of flow networks.

][11]
[[estuary-lab] Estuary Lab][12]
·
Nov 3, 2024 [ 5][13]
[
3
][14]

### [A Card Whose Abstract Was Cut][15]

[

The capture stopped in the mid

[Content truncated]
```
"""


def test_a_page_inside_one_fence_is_read_as_html2text_text() -> None:
    view = views(FENCED_SEARCH.split("\n"))[0]
    assert view.capture == "fenced"
    assert view.meta == {
        "url": "https://huggingface.co/papers?q=tidal+graphs",
        "title": "Hugging Face",
        "retrieved": "2026-03-02T10:00:00.000000001+00:00",
    }
    assert view.line_of is not None
    at = {line: i for i, line in enumerate(view.line_of)}
    # a reference link without its footnote keeps its text and an empty address; the image's alt goes
    assert (view.lines[at[8]], view.links[at[8]]) == ("Hugging Face", [("Hugging Face", "")])
    # a link around block content spans lines and is one view line
    assert view.lines[at[23]] == (
        "We model periodic forcing in graphs and show that message passing tracks it well over long horizons."
    )
    assert (view.lines[at[29]], view.kinds[at[29]]) == ("4 authors", "li")
    # a heading wrapped with its hashes repeated is one heading
    assert (view.lines[at[38]], view.kinds[at[38]]) == (
        "Rewiring Estuaries: A Survey of Flow Networks With an Unusually Long Title That html2text Wrapped",
        "h3",
    )
    assert (view.lines[at[48]], view.links[at[48]]) == ("Nov 3, 2024 5", [("5", "")])


def test_search_cards_inside_a_fence_are_read_without_ids(tmp_path: Path) -> None:
    result = _read(tmp_path, "search.md", FENCED_SEARCH)
    (page,) = result.pages
    assert (page.layout, page.capture) == ("hf", "fenced")
    tidal, estuaries = result.records
    # "Feb 20" without a year: the year of the day the page was captured, not of --as-of
    assert (tidal.line, tidal.author_count, tidal.date, tidal.upvotes, tidal.comments, tidal.arxiv_id) == (
        21,
        4,
        "2026-02-20",
        0,
        None,
        None,
    )
    assert tidal.abstract.endswith("tracks it well over long horizons.") and tidal.authors == []
    assert (estuaries.line, estuaries.date, estuaries.upvotes, estuaries.comments) == (38, "2024-11-03", 12, 5)
    assert estuaries.org is None  # "Estuary Lab" lost its address: nothing says it is an organization
    (cut,) = result.rejects
    assert (cut.line, cut.code) == (53, "cut_off")


def test_footnotes_give_the_links_their_addresses() -> None:
    text = FENCED_SEARCH.replace(
        "[Content truncated]\n",
        "\n][16]\n\n[1]: https://huggingface.co/\n[6]: https://huggingface.co/papers/2602.01234\n",
    )
    view = views(text.split("\n"))[0]
    i = view.lines.index("Tidal Graphs: Message Passing Under Periodic Forcing")
    assert view.links[i] == [(view.lines[i], "https://huggingface.co/papers/2602.01234")]
    assert view.links[view.lines.index("Hugging Face")] == [("Hugging Face", "https://huggingface.co/")]
    assert not any(line.startswith("[6]:") for line in view.lines)


def test_markdown_with_a_code_block_is_not_a_fenced_page() -> None:
    readme = "# Notes\n\n- URL: https://example.org\n\n```text\nsome output\n```\n\nMore text after the block.\n"
    assert views(readme.split("\n"))[0].capture == "markdown"
    prose = "This is a paragraph of prose, not a tool's header.\n\n```text\n### [Title][1]\n```\n"
    assert all(v.capture != "fenced" for v in views(prose.split("\n")))


def test_another_hugging_face_page_with_h3_headings_lists_no_paper(tmp_path: Path) -> None:
    # the same crawler saving a dataset card: its "### Section" headings are not papers
    text = (
        "# A Dataset\n**URL:** https://huggingface.co/datasets/example/tides\n"
        "**Page Title:** example/tides · Datasets at Hugging Face\n--------------------\n\n"
        "### Mathematics Problems (7k samples):\n\n- Tasks: tide tables\n- Verifier: a checker\n"
        "[LINK: checker](https://github.com/example/checker)\n\n--------------------\n"
    )
    result = _read(tmp_path, "dataset.md", text)
    assert result.records == []
    assert [(r.code, r.line) for r in result.rejects] == [("no_listing", 1)]
