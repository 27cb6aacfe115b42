# ruff: noqa: E501  (captures below keep their lines whole)
"""Hugging Face single paper pages (kg.extract.hf_paper), in the shapes real captures have.

The snippets are invented (other titles, names, numbers) but keep the structure of real files
found in public repositories (search tool ids): an Obsidian web clipper's note with the
author names dropped (60840463211, 60985172950), a clipper's copy without front matter whose
names left only their commas (62749852178), a crawler's Markdown with the page under
"## Content" and again as JSON under "## Metadata" (36075387420, 36686300480), a Jina reader
batch whose third document is the paper page (61473528134), and the "+ N authors" of a page
that folds long author lists (68500131295).
"""

from __future__ import annotations

import datetime as dt

from kg.capture import View, views
from kg.extract import choose, hf, hf_paper
from kg.extract.base import Context
from kg.model import Extraction, Record

CONTEXT = Context(as_of=dt.date(2026, 11, 24))

CLIPPER = """---
author: null
created: 2026-04-06
description: Join the discussion on this paper page
tags:
- clippings
title: 'Paper page - Lattice: Sparse Routing for Small Models'
source_url: https://huggingface.co/papers/2406.01234
published_at: 2024-06-12
---

arxiv:2406.01234

## Lattice: Sparse Routing for Small Models

Authors:

## Abstract

Lattice routes tokens through a sparse lattice of experts, cutting memory use.

AI-generated summary

We present [Lattice](https://huggingface.co/papers?q=Lattice), a routing method for small [language models](https://huggingface.co/papers?q=language%20models). It matches dense training at half the memory.

### Community

[someone](https://huggingface.co/someone)

[Jun 12, 2024](#66699ef9c9b2c795ba61b565)

GitHub: [https://github.com/example/lattice](https://github.com/example/lattice)

Get this paper in your agent:

`hf papers read 2406.01234`

## Models citing this paper 3

[Browse 3 models citing this paper](https://huggingface.co/models?other=arxiv:2406.01234)
"""

CRAWLER = """---
title: Paper page - Counting Sheep: A Benchmark for Sleep Staging with Language
  Models
description: Join the discussion on this paper page
url: https://huggingface.co/papers/2309.04321
timestamp: 2025-01-20T15:44:55.513Z
path: papers_2309.04321
---

# Paper page - Counting Sheep: A Benchmark for Sleep Staging with Language
  Models


Join the discussion on this paper page


## Content

Paper page - Counting Sheep: A Benchmark for Sleep Staging with Language Models
===============

*   [Models](https://huggingface.co/models)
*   [Log In](https://huggingface.co/login)

[Papers](https://huggingface.co/papers)

arxiv:2309.04321

Counting Sheep: A Benchmark for Sleep Staging with Language Models
==================================================================

Published on Sep 21, 2023

· Submitted by [![Image 45](https://cdn-avatars.huggingface.co/a.jpeg) akhaliq](https://huggingface.co/akhaliq) on Sep 22, 2023

 [Upvote 19](https://huggingface.co/login?next=%2Fpapers%2F2309.04321)

*   [![Image 46](https://huggingface.co/avatars/b.svg)](https://huggingface.co/upvoter "upvoter")
*   +11

Authors:

 ![Image 54](https://cdn-avatars.huggingface.co/c.jpeg) [Ana Lima](https://huggingface.co/analima) ,

 ![Image 55](https://huggingface.co/avatars/d.svg) [Bo Chen](https://huggingface.co/bochen) ,

Yu Zhang ,

 ![Image 59](https://huggingface.co/avatars/e.svg) [Carla T. Ruiz](https://huggingface.co/cruiz) ,

Adrian Weller ,

 ![Image 61](https://cdn-avatars.huggingface.co/f.jpeg) [Dan Okafor](https://huggingface.co/dokafor)

Abstract
--------

Sleep staging is slow to label. We release a benchmark of 2,000 nights.

[View arXiv page](https://arxiv.org/abs/2309.04321) [View PDF](https://arxiv.org/pdf/2309.04321) [Add to collection](https://huggingface.co/login?next=%2Fpapers%2F2309.04321)

### Community

 ![Image 62](https://cdn-avatars.huggingface.co/g.jpeg) [librarian-bot](https://huggingface.co/librarian-bot)[Oct 4, 2023](https://huggingface.co/papers/2309.04321#651d4a89adf66280145f46f9)

This is an automated message from the [Librarian Bot](https://huggingface.co/librarian-bots). I found the following papers similar to this paper.

*   [Dreaming in Tokens: Language Models for Polysomnography](https://huggingface.co/papers/2308.09583) (2023)
*   [Night Shift: Self-Supervised Sleep Staging](https://huggingface.co/papers/2308.07758) (2023)

 ![Image 63](https://huggingface.co/avatars/h.svg) [commenter](https://huggingface.co/commenter)[Dec 6, 2023](https://huggingface.co/papers/2309.04321#65703590ec92f5a1a73e56e8)

Abstract
--------

*   A reader's own summary under a heading of the same name, inside a comment.

 [Upvote 19](https://huggingface.co/login?next=%2Fpapers%2F2309.04321)

Models citing this paper 4
--------------------------

[#### example/sheep-7b Text Generation • Updated Jul 10, 2024 • 5.15k • 639](https://huggingface.co/example/sheep-7b)

Collections including this paper 2
----------------------------------

[#### Sleep Collection 151 items • Updated Apr 6, 2024 • 29](https://huggingface.co/collections/someone/sleep-6538a52e)

## Metadata

```json
{
  "title": "Paper page - Counting Sheep: A Benchmark for Sleep Staging with Language\\n  Models",
  "url": "https://huggingface.co/papers/2309.04321",
  "content": "Paper page - Counting Sheep\\n===============\\n\\narxiv:2309.04321\\n\\nAuthors:\\n\\nYu Zhang ,\\n"
}
```
"""

JINA_BATCH = """[1] Title: Fourier Nets: Periodic Layers
[1] URL Source: https://arxiv.org/abs/2410.05555
[1] Description: Abstract page for arXiv paper 2410.05555: Fourier Nets: Periodic Layers
[1] Published Time: Tue, 28 Oct 2025 01:08:41 GMT

[View PDF](https://arxiv.org/pdf/2410.05555)

> Abstract:Periodic layers for networks that must extrapolate.

Subjects:Machine Learning (cs.LG)

[2] Title: Paper page - Fourier Nets: Periodic Layers
[2] URL Source: https://huggingface.co/papers/2410.05555
[2] Description: Join the discussion on this paper page
[2] Published Time: Wed, 10 Sep 2025 21:05:01 GMT
[2] Date: Oct 3, 2024

*   [Log In](https://huggingface.co/login)

[Papers](https://huggingface.co/papers)

arxiv:2410.05555

Copy markdown

# Fourier Nets: Periodic Layers

Published on Oct 3, 2024

·Submitted by[![Image 3](https://cdn-avatars.huggingface.co/a.jpeg) Eva Novak](https://huggingface.co/evanovak)on Oct 8, 2024

[- [x] Upvote 29](https://huggingface.co/login?next=%2Fpapers%2F2410.05555)
*   [![Image 4](https://cdn-avatars.huggingface.co/a.jpeg)](https://huggingface.co/evanovak "evanovak")
*   +21

Authors:

![Image 12](https://huggingface.co/avatars/b.svg)[Eva Novak](https://huggingface.co/evanovak) ,

Li Wei ,

![Image 15](https://huggingface.co/avatars/c.svg)[Omar Haddad](https://huggingface.co/ohaddad)

## Abstract

Fourier Nets model periodic data with fewer parameters.

 Generated by [Qwen/Qwen2.5-Coder-32B-Instruct](https://huggingface.co/Qwen/Qwen2.5-Coder-32B-Instruct)

Networks memorise periodic data instead of learning it. We propose [Fourier Nets](https://huggingface.co/papers?q=Fourier%20Nets), which extrapolate.

[View arXiv page](https://arxiv.org/abs/2410.05555)[View PDF](https://arxiv.org/pdf/2410.05555)[GitHub 264 auto](https://github.com/example/fourier-nets)[Add to collection](https://huggingface.co/login?next=%2Fpapers%2F2410.05555)

### Community

[librarian-bot](https://huggingface.co/librarian-bot)

*   [Model Comparisons: Nets Against Nets](https://huggingface.co/papers/2410.02033) (2024)
""".replace("arxiv:2410.05555\n", "arxiv:2410.05555 \n")  # the capture keeps a space after the badge

NO_FRONT_MATTER = """title: Paper page - Fields and Farms: Tuning Models on Crop Data
description: Join the discussion on this paper page

# Fields and Farms: Tuning Models on Crop Data

Authors:

 ,

 ,

 ,

## Abstract

We tune language models on crop data and find they answer farmers better.
"""

# A fetch tool's text of the page under a research note's Markdown header: no links, no
# headings in the page, a title and an abstract broken at every line end and linked term.
TEXT_IN_NOTE = """# EV013: Paper page - ClinicBench: agents in simulated ...

URL: https://huggingface.co/papers/2405.07777

Source: web_search

## Fetched Snapshot (via web fetch)

Paper page - ClinicBench: agents in simulated

clinics

Log In

Papers

arxiv:2405.07777

Copy markdown

ClinicBench: agents in simulated

clinics

Published on May 13, 2024

Upvote  1

Authors:

Sam Smith

,

Rosa Diaz

Abstract

ClinicBench tests agents in simulated clinics.

AI-generated summary

Agents diagnose patients with

large language models

(

LLMs

) in a loop.

View arXiv page

View PDF

Community

Upvote  1
"""

# A converter's Markdown of the page's HTML (a news digest's note): relative links, and the
# submitter's and upvote button's links broken across blank lines.
CONVERTED = """---
source: hackernews
title: "Layered Pictures: an open model that edits by layers"
url: https://huggingface.co/papers/2512.17777
date: 2025-12-20
---

[Papers](/papers)

arxiv:2512.17777

# Layered Pictures: Editing by Layer Decomposition

Published on Dec 27

·

Submitted by
[![](https://cdn-avatars.huggingface.co/v1/production/uploads/a.jpeg)

poster](/poster)
on Dec 28

[[ ]

Upvote

34](/login?next=%2Fpapers%2F2512.17777)

* [![](/avatars/b.svg)](/upvoter "upvoter")
* +26

Authors:

Mei Lin
,

Lionel M. Ni

## Abstract

Layered Pictures splits images into layers.

AI-generated summary

We split a picture into [RGBA layers](/papers?q=RGBA%20layers) that can be edited alone.

[View arXiv page](https://arxiv.org/abs/2512.17777)
[View PDF](https://arxiv.org/pdf/2512.17777)

### Community

[poster](/poster)

Paper submitter
[2 days ago](#694373dfc2caeb482b2a4c62)

[[ ]

Upvote

34](/login?next=%2Fpapers%2F2512.17777)
"""


def read(text: str, as_of: dt.date = CONTEXT.as_of) -> tuple[str, Extraction]:
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None
    fmt, view = chosen
    return fmt.name, fmt.extract("page.md", view.lines, Context(as_of=as_of))


def choose_view(text: str) -> View:
    """The Markdown view the capture layer makes of text."""
    return next(v for v in views(text.split("\n")) if v.capture == "markdown")


def only(out: Extraction) -> Record:
    assert len(out.records) == 1, out.records
    return out.records[0]


def test_a_clipped_page_without_names_is_one_record_with_no_authors_invented() -> None:
    name, out = read(CLIPPER)
    assert name == "hf-paper"
    r = only(out)
    assert r.title == "Lattice: Sparse Routing for Small Models"
    assert r.arxiv_id == "2406.01234"
    assert r.identifiers == {"url": "https://huggingface.co/papers/2406.01234"}
    assert r.authors == [] and r.author_count is None
    assert r.summary == "Lattice routes tokens through a sparse lattice of experts, cutting memory use."
    assert r.abstract == (
        "We present Lattice, a routing method for small language models. It matches dense training at half the memory."
    )
    assert r.date is None  # the clipper keeps no "Published on"; its published_at is its own field
    assert out.rejects == []
    assert any("dropped the author names" in note for note in out.page.notes)


def test_a_crawled_page_reads_linked_and_plain_names_in_order_and_the_json_repeat_not_again() -> None:
    name, out = read(CRAWLER)
    assert name == "hf-paper"
    r = only(out)  # the page again inside "## Metadata" is not a second record
    assert r.title == "Counting Sheep: A Benchmark for Sleep Staging with Language Models"
    assert r.authors == ["Ana Lima", "Bo Chen", "Yu Zhang", "Carla T. Ruiz", "Adrian Weller", "Dan Okafor"]
    assert r.author_count == 6 and not r.authors_truncated
    assert (r.date, r.upvotes, r.submitted_by) == ("2023-09-21", 19, "akhaliq")
    assert r.abstract == "Sleep staging is slow to label. We release a benchmark of 2,000 nights."
    assert r.summary is None
    assert out.rejects == []  # comments, citing models and collections are furniture, not rejects
    # librarian-bot's similar papers are links to other paper pages, not papers of this page
    assert any("2 links to other papers" in note for note in out.page.notes)
    assert out.page.chrome_lines > 0


def test_a_jina_batch_reads_its_paper_page_and_rejects_the_other_document() -> None:
    name, out = read(JINA_BATCH)
    assert name == "hf-paper"
    r = only(out)
    assert r.title == "Fourier Nets: Periodic Layers"
    assert r.arxiv_id == "2410.05555"
    assert r.authors == ["Eva Novak", "Li Wei", "Omar Haddad"]
    assert (r.date, r.upvotes, r.submitted_by) == ("2024-10-03", 29, "Eva Novak")
    assert r.summary == "Fourier Nets model periodic data with fewer parameters."
    assert (
        r.abstract
        == "Networks memorise periodic data instead of learning it. We propose Fourier Nets, which extrapolate."
    )
    assert r.has_code and r.identifiers["code"] == "https://github.com/example/fourier-nets"
    [rejected] = out.rejects
    assert rejected.code == "unparsed" and rejected.line == 1
    assert "https://arxiv.org/abs/2410.05555" in rejected.reason
    assert "Periodic layers for networks" in rejected.raw


def test_a_single_jina_page_is_read_by_its_header_and_badge() -> None:
    # Jina's header of one page is the batch's without the "[N] " (the batch is the real file)
    page = JINA_BATCH[JINA_BATCH.index("[2] Title:") :].replace("[2] ", "")
    page = page.replace("Date: Oct 3, 2024\n", "Date: Oct 3, 2024\nMarkdown Content:\n")
    name, out = read(page)
    assert name == "hf-paper"
    r = only(out)
    assert (r.title, r.arxiv_id, r.upvotes) == ("Fourier Nets: Periodic Layers", "2410.05555", 29)
    assert out.rejects == []


def test_names_dropped_to_their_commas_leave_no_authors_and_say_so() -> None:
    name, out = read(NO_FRONT_MATTER)
    assert name == "hf-paper"
    r = only(out)
    assert r.title == "Fields and Farms: Tuning Models on Crop Data"
    assert r.arxiv_id is None and r.identifiers == {}
    assert r.authors == [] and r.author_count is None
    assert r.abstract == "We tune language models on crop data and find they answer farmers better."
    assert any("3 commas" in note for note in out.page.notes)


def test_a_text_capture_without_links_joins_the_broken_title_and_abstract() -> None:
    name, out = read(TEXT_IN_NOTE)
    assert name == "hf-paper"
    r = only(out)
    assert r.title == "ClinicBench: agents in simulated clinics"  # not the note's own headings
    assert r.line == 11  # the view line of the title's first piece under the badge
    assert r.authors == ["Sam Smith", "Rosa Diaz"]
    assert (r.arxiv_id, r.date, r.upvotes) == ("2405.07777", "2024-05-13", 1)
    assert r.summary == "ClinicBench tests agents in simulated clinics."
    assert r.abstract == "Agents diagnose patients with large language models ( LLMs ) in a loop."
    assert any("5 pieces of the capture joined" in note for note in out.page.notes)


def test_a_converted_page_mends_broken_links_and_dates_a_yearless_day_by_the_saved_day() -> None:
    name, out = read(CONVERTED)
    assert name == "hf-paper"
    r = only(out)
    assert r.title == "Layered Pictures: Editing by Layer Decomposition"  # the page's, not the note's
    assert (r.submitted_by, r.upvotes) == ("poster", 34)
    assert r.authors == ["Mei Lin", "Lionel M. Ni"]
    # "Dec 27" is the latest Dec 27 not after the day the capture was saved (2025-12-20), as hf reads it
    assert r.date == "2024-12-27"
    assert any("the day the capture was saved" in note for note in out.page.notes)


def test_folded_authors_make_the_list_truncated_with_the_full_count() -> None:
    text = CRAWLER.replace(
        " ![Image 61](https://cdn-avatars.huggingface.co/f.jpeg) [Dan Okafor](https://huggingface.co/dokafor)",
        " ![Image 61](https://cdn-avatars.huggingface.co/f.jpeg) [Dan Okafor](https://huggingface.co/dokafor)\n\n+ 8 authors",
    )
    r = only(read(text)[1])
    assert r.authors[-1] == "Dan Okafor"
    assert r.authors_truncated and r.author_count == 14


def test_a_day_without_a_year_is_the_latest_before_as_of() -> None:
    text = CRAWLER.replace("Published on Sep 21, 2023", "Published on Mar 25")
    assert only(read(text, dt.date(2026, 3, 1))[1]).date == "2025-03-25"


def test_an_abstract_cut_off_by_the_end_of_the_file_is_rejected_and_the_record_kept() -> None:
    text = NO_FRONT_MATTER.replace("answer farmers better.", "answer farmers")
    _, out = read(text)
    assert only(out).abstract is None
    assert [r.code for r in out.rejects] == ["cut_off"]


def test_a_listing_page_stays_with_the_listing_reader() -> None:
    listing = Record(
        source="s",
        line=1,
        layout="hf",
        title="A Paper on a Listing",
        abstract="Its abstract.",
        author_count=3,
        date="2025-06-02",
        arxiv_id="2506.01234",
        upvotes=4,
    )
    lines = hf.render([listing]).split("\n")
    assert hf_paper.sniff(lines) == 0.0
    fmt, _ = choose(lines) or (None, None)
    assert fmt is hf.FORMAT
    note = (
        "arxiv:2401.12345\n\n# My notes on a paper\n\nAuthors: Ann Lee, Bo Wu\n\n## Abstract\n\nSee [x](http://e.org)."
    )
    assert hf_paper.sniff(choose_view(note).lines) == 0.0  # a badge and "Authors:" alone are not the page
    for page in (CLIPPER, CRAWLER, JINA_BATCH, NO_FRONT_MATTER, TEXT_IN_NOTE, CONVERTED):
        fmt, view = choose(page.split("\n")) or (None, None)
        assert fmt is hf_paper.FORMAT and hf.sniff(view.lines) < hf_paper.sniff(view.lines)
