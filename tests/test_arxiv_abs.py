# ruff: noqa: E501, W291  (captures below keep their lines whole, and a clipper's hard breaks)
"""arXiv abstract pages (kg.extract.arxiv_abs), in the shapes real captures have.

The snippets are invented (other titles, names, ids, days) but keep the structure of real files
found in public repositories (search tool ids): a clipper's note holding the page's text with
wrapped lines and no title or author lines (51986130323), a feed tool's text with the page on a
few long lines (66816080613, 67021500212), an agent's fetch of the page on one line with HTML
entities left in, a Journal reference and a Related DOI (63119638864), a Jina reader batch whose
first document is the page and whose second is the paper's HTML (61473528134), a Jina capture
with linked author names (62367461440), an Obsidian clipper's note whose names left only their
commas and whose fields are a table (9725391983), and a crawler's copy of the page's text
without its labels, repeated as JSON under "## Metadata" (36535818951).
"""

from __future__ import annotations

import datetime as dt

from kg.extract import arxiv_abs, arxiv_listing, choose
from kg.extract.base import Context
from kg.model import Extraction, Record

CONTEXT = Context(as_of=dt.date(2026, 11, 28))

WRAPPED = """---
id: article-2026-04-10-tidepool
type: source
title: "Tidepool: Sparse Retrieval for Long Prompts"
author: Unknown
publisher: arXiv.org
url: https://arxiv.org/abs/2311.04417
date_added: 2026-04-10
---

# Tidepool: Sparse Retrieval for Long Prompts

## Entities

- Authors: Mira Olsen and collaborators
- Benchmarks: LongBench

## Source Text

View PDF
    HTML (experimental)
            Abstract:Long prompts cost time. We propose Tidepool, which keeps the passages a question needs. Our code is available at this https URL.

Comments:
          Accepted at ACL 2025

Computation and Language (cs.CL); Machine Learning (cs.LG)

Cite as:
          arXiv:2311.04417 [cs.CL]

(or
              arXiv:2311.04417v3 [cs.CL] for this version)

https://doi.org/10.48550/arXiv.2311.04417

Submission history From: Mira Olsen [view email]                  [v1]
        Wed, 8 Nov 2023 10:02:11 UTC (1,204 KB)
    [v2]
        Mon, 12 Feb 2024 03:53:35 UTC (1,300 KB)
    [v3]
        Fri, 3 May 2024 09:00:00 UTC (1,310 KB)
"""

ONE_LINE = """---
source: arXiv cs.AI (latest)
url: https://arxiv.org/abs/2605.31234
title: Quiet Critics for Noisy Agents
published: Thu, 28 May 2026 00:00:00 -0400
---

Computer Science > Artificial Intelligence arXiv:2605.31234 (cs) [Submitted on 26 May 2026] Title:

Quiet Critics for Noisy Agents

Authors: Ada Byrne , Tomas Reyes , Li Wen

View a PDF of the paper titled Quiet Critics for Noisy Agents, by Ada Byrne and 2 other authors

View PDF HTML (experimental) Abstract:

Agents act on noisy feedback. We train a quiet critic that abstains when unsure, and show it helps.

Subjects: Artificial Intelligence (cs.AI) Cite as: arXiv:2605.31234 [cs.AI] (or arXiv:2605.31234v1 [cs.AI] for this version) https://doi.org/10.48550/arXiv.2605.31234 Focus to learn more arXiv-issued DOI via DataCite (pending registration) Submission history From: Ada Byrne [ view email ] [v1] Tue, 26 May 2026 21:37:20 UTC (1,795 KB) Full-text links: Access Paper:

View a PDF of the paper titled Quiet Critics for Noisy Agents, by Ada Byrne and 2 other authors

View PDF HTML (experimental) TeX Source view license Current browse context: cs.AI < prev | next > new | recent | 2026-05 Change to browse by: cs References & Citations NASA ADS Google Scholar Semantic Scholar export BibTeX citation Loading... Data provided by: Bookmark Bibliographic Tools Bibliographic and Citation Tools Bibliographic Explorer Toggle Bibliographic Explorer ( What is the Explorer? ) Author Venue Institution Topic About arXivLabs arXivLabs: experimental projects with community collaborators

Have an idea for a project that will add value for arXiv's community? Learn more about arXivLabs . Which authors of this paper are endorsers? | Disable MathJax ( What is MathJax? )"""

ENTITIES = """document.documentElement.classList.add('js'); [2406.20001v1] Two Heads for Speech Emotion Skip to main content Search arXiv Press Enter to search &middot; Advanced search --> Electrical Engineering and Systems Science > Audio and Speech Processing arXiv:2406.20001v1 (eess) [Submitted on 15 Jun 2024] Title: Two Heads for Speech Emotion Authors: Rosa Marin , Pau Ferrer , Joan Puig View a PDF of the paper titled Two Heads for Speech Emotion, by Rosa Marin and 1 other authors View PDF HTML (experimental) Abstract: We fuse acoustic and text features with two attention heads. Our system placed third of 31 teams. Comments: Odyssey 2024: The Speaker and Language Recognition Workshop Subjects: Audio and Speech Processing (eess.AS) ; Sound (cs.SD) Cite as: arXiv:2406.20001 [eess.AS] &nbsp; (or arXiv:2406.20001v1 [eess.AS] for this version) &nbsp; https://doi.org/10.48550/arXiv.2406.20001 Focus to learn more arXiv-issued DOI via DataCite Journal&nbsp;reference: Proc. Odyssey 2024, 266-273 Related DOI : https://doi.org/10.21437/Odyssey.2024-99 Focus to learn more DOI(s) linking to related resources Submission history From: Rosa Marin [ view email ] [v1] Sat, 15 Jun 2024 11:11:06 UTC (3,069 KB) Full-text links: Access Paper: View a PDF of the paper titled Two Heads for Speech Emotion, by Rosa Marin and 1 other authors View PDF TeX Source view license Current browse context: eess.AS &lt;&nbsp;prev &nbsp; | &nbsp; next&nbsp;&gt; new | recent | 2024-06 References &amp; Citations NASA ADS Bookmark Bibliographic Tools"""

JINA_BATCH = """[1] Title: WAVE: Wavelet Analysis Networks
[1] URL Source: https://arxiv.org/abs/2410.05555
[1] Description: Abstract page for arXiv paper 2410.05555: WAVE: Wavelet Analysis Networks
[1] Published Time: Tue, 28 Oct 2025 01:08:41 GMT

[View PDF](https://arxiv.org/pdf/2410.05555)[HTML (experimental)](https://arxiv.org/html/2410.05555v3)

> Abstract:Networks fail to model periodic signals. We propose WAVE, which builds wavelets into each layer, and show it generalizes out of domain.

Comments:Accepted to NeurIPS'25
Subjects:Machine Learning (cs.LG); Artificial Intelligence (cs.AI)
Cite as:[arXiv:2410.05555](https://arxiv.org/abs/2410.05555) [cs.LG]
(or [arXiv:2410.05555v3](https://arxiv.org/abs/2410.05555v3) [cs.LG] for this version)
[https://doi.org/10.48550/arXiv.2410.05555](https://doi.org/10.48550/arXiv.2410.05555)

arXiv-issued DOI via DataCite

## Submission history

From: Yan Dong [[view email](https://arxiv.org/show-email/d48bc246/2410.05555)] 

**[[v1]](https://arxiv.org/abs/2410.05555v1)** Thu, 3 Oct 2024 17:02:21 UTC (5,171 KB)

**[[v2]](https://arxiv.org/abs/2410.05555v2)** Sat, 9 Nov 2024 19:07:44 UTC (5,172 KB)

**[v3]** Sun, 26 Oct 2025 19:15:11 UTC (5,333 KB)

[2] Title: WAVE: Wavelet Analysis Networks
[2] URL Source: https://arxiv.org/html/2410.05555v3
[2] Description: 
[2] Published Time: Tue, 28 Oct 2025 01:08:45 GMT

Yan Dong 1, Ge Lu 1

###### Abstract

Networks fail to model periodic signals.

## 1 Introduction

The flourishing of machine learning.
"""

LINKED = """---
title: The Shape of Agentic Search: A Survey
source_url: https://arxiv.org/abs/2509.04444
fetched: 2026-04-10
---

# The Shape of Agentic Search: A Survey

## 요약 메모

Title: The Shape of Agentic Search: A Survey

URL Source: https://arxiv.org/abs/2509.04444

Markdown Content:
# [2509.04444] The Shape of Agentic Search: A Survey

## quick links

*   [Login](https://arxiv.org/login)

# Computer Science > Artificial Intelligence

**arXiv:2509.04444** (cs) 

 [Submitted on 2 Sep 2025 ([v1](https://arxiv.org/abs/2509.04444v1)), last revised 24 Jan 2026 (this version, v2)]

# Title:The Shape of Agentic Search: A Survey

Authors:[Gia Zhang](https://arxiv.org/search/cs?searchtype=author&query=Zhang,+G), [Hal Geng](https://arxiv.org/search/cs?searchtype=author&query=Geng,+H), [Frank Piedra-Velez](https://arxiv.org/search/cs?searchtype=author&query=Piedra-Velez,+F)

View a PDF of the paper titled The Shape of Agentic Search: A Survey, by Gia Zhang and 2 other authors

[View PDF](https://arxiv.org/pdf/2509.04444)[HTML (experimental)](https://arxiv.org/html/2509.04444v2)
> Abstract:Agentic search turns a model into a searcher. We survey five hundred works.

Comments:Published on Transactions on Machine Learning Research: [this https URL](https://openreview.net/forum?id=abc)
Subjects:Artificial Intelligence (cs.AI); Computation and Language (cs.CL)
Cite as:[arXiv:2509.04444](https://arxiv.org/abs/2509.04444) [cs.AI]
(or [arXiv:2509.04444v2](https://arxiv.org/abs/2509.04444v2) [cs.AI] for this version)
[https://doi.org/10.48550/arXiv.2509.04444](https://doi.org/10.48550/arXiv.2509.04444)

## Submission history

 From: Hal Geng [[view email](https://arxiv.org/show-email/08f63b85/2509.04444)] 

**[[v1]](https://arxiv.org/abs/2509.04444v1)** Tue, 2 Sep 2025 17:46:26 UTC (5,418 KB)

**[v2]** Sat, 24 Jan 2026 22:41:54 UTC (12,708 KB)

[](https://arxiv.org/abs/2509.04444)Full-text links:
## Access Paper:

 View a PDF of the paper titled The Shape of Agentic Search: A Survey, by Gia Zhang and 2 other authors

### References & Citations

*   [NASA ADS](https://ui.adsabs.harvard.edu/abs/arXiv:2509.04444)

### Bookmark

[Which authors of this paper are endorsers?](https://arxiv.org/auth/show-endorsers/2509.04444) | [Disable MathJax](javascript:setMathjaxCookie())
"""

CLIPPER = """---
title: "Online Linking with LLMs"
source: "https://arxiv.org/abs/2602.17777"
author:
  - "[[Sam Lerner]]"
  - "[[Dana Pale]]"
  - "[[Jo Swan]]"
created: 2026-02-26
description: "Abstract page for arXiv paper 2602.17777: Online Linking with LLMs"
tags:
  - "clippings"
---
\\[Submitted on 18 Feb 2026\\]

## Title:Online Linking with LLMs

Authors:, ,

[View PDF](https://arxiv.org/pdf/2602.17777) [HTML (experimental)](https://arxiv.org/html/2602.17777v1)

> Abstract:We show that language models can link pseudonymous profiles at scale.

| Comments: | 24 pages, 10 figures |
| --- | --- |
| Subjects: | Cryptography and Security (cs.CR); Machine Learning (cs.LG) |
| Cite as: | [arXiv:2602.17777](https://arxiv.org/abs/2602.17777) \\[cs.CR\\] |
|  | (or [arXiv:2602.17777v1](https://arxiv.org/abs/2602.17777v1) \\[cs.CR\\] for this version) |
|  | [https://doi.org/10.48550/arXiv.2602.17777](https://doi.org/10.48550/arXiv.2602.17777)  arXiv-issued DOI via DataCite (pending registration) |

## Submission history

From: Dana Pale \\[[view email](https://arxiv.org/show-email/8821233b/2602.17777)\\]  
**\\[v1\\]** Wed, 18 Feb 2026 19:02:50 UTC (1,555 KB)  

## Bibliographic and Citation Tools

Bibliographic Explorer *([What is the Explorer?](https://info.arxiv.org/labs/showcase.html#arxiv-bibliographic-explorer))*

[Which authors of this paper are endorsers?](https://arxiv.org/auth/show-endorsers/2602.17777)
"""

_CRAWLED_TEXT = """Skip to main content
We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors.
Donate
>
cs
>
arXiv:2310.07777

Help | Advanced Search

All fields
Title
Author
Abstract
Comments
Search
Computer Science > Software Engineering
[Submitted on 2 Oct 2023]
CAT-TS: Training Models on Paired Code And Specs
Nadia Rao, Kim Jain, Uri Alony
Writing specs is slow. We pair code with its specs in pretraining and show the model writes better specs.
Subjects:\tSoftware Engineering (cs.SE); Artificial Intelligence (cs.AI)
Cite as:\tarXiv:2310.07777 [cs.SE]
 \t(or arXiv:2310.07777v1 [cs.SE] for this version)
 \t
https://doi.org/10.48550/arXiv.2310.07777
Focus to learn more
Submission history
From: Nadia Rao [view email]
[v1] Mon, 2 Oct 2023 19:52:22 UTC (2,232 KB)

Access Paper:
View PDF
TeX Source
Current browse context:
cs.SE
Which authors of this paper are endorsers? | Disable MathJax (What is MathJax?)"""

CRAWLED = (
    "---\ntitle: CAT-TS: Training Models on Paired Code And Specs\nurl: https://arxiv.org/abs/2310.07777\n---\n\n"
    "# CAT-TS: Training Models on Paired Code And Specs\n\n## Content\n\n"
    + _CRAWLED_TEXT
    + '\n\n## Metadata\n\n```json\n{\n  "title": "CAT-TS",\n  "content": "'
    + _CRAWLED_TEXT.replace("\t", "\\t").replace("\n", "\\n")
    + '"\n}\n```\n'
)

# A digest's note: a translation, then the page's text as a reader extracted it, which kept the
# title, abstract and dateline but not the authors, the metatable or the history's entries (56691198532).
EXTRACT = """---
source: "https://arxiv.org/abs/2603.25555"
title: "Can Agents Beat Grid Search?"
capture_tool: "hn-digest"
---

# Can Agents Beat Grid Search?

## Translation

タイトル: エージェントはグリッド検索に勝てるか?

## Original Extract

Abstract page for arXiv paper 2603.25555: Can Agents Beat Grid Search? A Study

Skip to main content
> cs > arXiv:2603.25555
Computer Science > Machine Learning
[Submitted on 25 Mar 2026 ( v1 ), last revised 17 Apr 2026 (this version, v4)]
Title: Can Agents Beat Grid Search? A Study
Abstract: We pit language model agents against grid search on a fixed budget. Grid search wins.
Code is available at this https URL .
Focus to learn more
arXiv-issued DOI via DataCite
Submission history
Bibliographic and Citation Tools
arXivLabs: experimental projects with community collaborators
"""

# A saved page's HTML in the structure a public project's evidence file records of arXiv's live
# pages (59027917272: div.dateline, h1.title with its descriptor, div.authors of links,
# blockquote.abstract, the metatable rows, div.submission-history); no saved page was found.
SAVED_HTML = """<!DOCTYPE html>
<html lang="en">
<head><title>[1706.09999] Attending Is Enough</title>
<meta name="citation_title" content="Attending Is Enough"/>
<meta name="citation_arxiv_id" content="1706.09999"/>
<link rel="canonical" href="https://arxiv.org/abs/1706.09999"/>
</head>
<body>
<h1 class="subheader">Computer Science &gt; Computation and Language</h1>
<div id="abs">
<div class="dateline">[Submitted on 12 Jun 2017 (<a href="/abs/1706.09999v1">v1</a>), last revised 2 Aug 2023 (this version, v3)]</div>
<h1 class="title mathjax"><span class="descriptor">Title:</span>Attending Is Enough</h1>
<div class="authors"><span class="descriptor">Authors:</span><a href="https://arxiv.org/search/cs?query=Vaswin,+A">Asha Vaswin</a>, <a href="https://arxiv.org/search/cs?query=Shazir,+N">Noam Shazir</a></div>
<a class="mobile-submission-download" href="/pdf/1706.09999">View PDF</a>
<blockquote class="abstract mathjax">
<span class="descriptor">Abstract:</span>Sequence models need not recur. We attend &amp; win.
</blockquote>
<div class="metatable"><table summary="Additional metadata">
<tr><td class="tablecell label">Comments:</td><td class="tablecell comments mathjax">15 pages, 5 figures</td></tr>
<tr><td class="tablecell label">Subjects:</td><td class="tablecell subjects"><span class="primary-subject">Computation and Language (cs.CL)</span>; Machine Learning (cs.LG)</td></tr>
<tr><td class="tablecell label">Cite as:</td><td class="tablecell arxivid"><span class="arxivid"><a href="https://arxiv.org/abs/1706.09999">arXiv:1706.09999</a> [cs.CL]</span></td></tr>
<tr><td class="tablecell label">&nbsp;</td><td class="tablecell arxividv">(or <span class="arxivid"><a href="https://arxiv.org/abs/1706.09999v3">arXiv:1706.09999v3</a> [cs.CL]</span> for this version)</td></tr>
<tr><td class="tablecell label">&nbsp;</td><td class="tablecell arxivdoi"><a href="https://doi.org/10.48550/arXiv.1706.09999">https://doi.org/10.48550/arXiv.1706.09999</a> arXiv-issued DOI via DataCite</td></tr>
<tr><td class="tablecell label">Journal&nbsp;reference:</td><td class="tablecell jref">Prog.Theor.Phys.101:1155-1164,1999</td></tr>
<tr><td class="tablecell label">Related DOI:</td><td class="tablecell doi"><a href="https://doi.org/10.1143/PTP.101.1155">https://doi.org/10.1143/PTP.101.1155</a></td></tr>
</table></div>
</div>
<div class="submission-history"><h2>Submission history</h2> From: Kai Lin [<a href="/show-email/abc/1706.09999">view email</a>] <br/>
<strong><a href="/abs/1706.09999v1">[v1]</a></strong> Mon, 12 Jun 2017 17:57:34 UTC (1,102 KB)<br/>
<strong><a href="/abs/1706.09999v2">[v2]</a></strong> Mon, 19 Jun 2017 16:49:45 UTC (1,125 KB)<br/>
<strong>[v3]</strong> Wed, 2 Aug 2023 00:41:18 UTC (1,124 KB)<br/>
</div>
<div class="extra-services"><h2>Access Paper:</h2><ul><li><a href="/pdf/1706.09999">View PDF</a></li></ul>
<div class="browse">Current browse context: <div class="current">cs.CL</div></div>
<h3>References &amp; Citations</h3><ul><li><a href="https://ui.adsabs.harvard.edu/abs/arXiv:1706.09999">NASA ADS</a></li></ul></div>
<div class="endorsers"><a href="/auth/show-endorsers/1706.09999">Which authors of this paper are endorsers?</a></div>
</body></html>"""


def read(text: str) -> tuple[str, Extraction]:
    chosen = choose(text.split("\n"))
    assert chosen is not None
    fmt, view = chosen
    return fmt.name, fmt.extract("page.md", view.lines, CONTEXT)


def only(text: str) -> tuple[Record, Extraction]:
    name, out = read(text)
    assert name == arxiv_abs.NAME
    assert len(out.records) == 1, out.records
    return out.records[0], out


def test_a_wrapped_text_copy_in_a_note_reads_the_page_not_the_note() -> None:
    r, out = only(WRAPPED)
    assert r.title == "Tidepool: Sparse Retrieval for Long Prompts"  # the note's own title: the copy has none
    assert r.arxiv_id == "2311.04417" and r.identifiers["arxiv_version"] == "v3"
    assert r.abstract.startswith("Long prompts cost time.") and r.abstract.endswith("this https URL.")
    assert r.remark == "Accepted at ACL 2025"  # the subjects line below it is no comment
    assert r.categories == ["cs.CL", "cs.LG"] and r.category == "cs.CL"
    assert r.date == "2023-11-08"  # v1's day, not v3's
    assert r.submitted_by == "Mira Olsen"
    # "- Authors: Mira Olsen and collaborators" is the note's, not the page's: no names, no count
    assert r.authors == [] and r.author_count is None and not r.authors_truncated
    assert any("no author names" in n for n in out.page.notes)
    assert r.doi is None  # arXiv's own DOI names the preprint the id names
    assert out.rejects == []


def test_a_text_copy_on_long_lines_reads_each_field_and_leaves_the_furniture() -> None:
    r, out = only(ONE_LINE)
    assert r.title == "Quiet Critics for Noisy Agents"
    assert r.authors == ["Ada Byrne", "Tomas Reyes", "Li Wen"] and r.author_count == 3
    assert (
        r.abstract
        == "Agents act on noisy feedback. We train a quiet critic that abstains when unsure, and show it helps."
    )
    assert r.categories == ["cs.AI"] and r.date == "2026-05-26"
    assert r.identifiers == {"url": "https://arxiv.org/abs/2605.31234", "arxiv_version": "v1"}
    assert r.submitted_by == "Ada Byrne" and r.remark is None and r.venue is None
    assert r.entry_type == "preprint" and r.layout == "arxiv-abs"
    assert out.rejects == [] and out.page.notes == [] and out.page.chrome_lines > 0
    _, view = choose(ONE_LINE.split("\n")) or (None, None)
    assert view.file_line(r.line) == 8  # the file's line of "… [Submitted on 26 May 2026] Title:"


def test_entities_journal_reference_and_related_doi() -> None:
    r, out = only(ENTITIES)
    assert r.title == "Two Heads for Speech Emotion"
    assert r.authors == ["Rosa Marin", "Pau Ferrer", "Joan Puig"] and r.author_count == 3
    assert r.venue == "Proc. Odyssey 2024, 266-273"  # "Journal&nbsp;reference:"
    assert r.doi == "10.21437/odyssey.2024-99"  # the related DOI, lower case; not 10.48550/…
    assert r.categories == ["eess.AS", "cs.SD"]
    assert r.remark == "Odyssey 2024: The Speaker and Language Recognition Workshop"
    assert r.date == "2024-06-15" and r.submitted_by == "Rosa Marin"
    # the page's own "by Rosa Marin and 1 other authors" disagrees with its list: said, the list kept
    assert out.page.notes == ["arXiv:2406.20001: 3 authors listed, the PDF link says 2"]


def test_a_jina_batch_reads_the_abstract_page_and_rejects_the_other_document() -> None:
    name, out = read(JINA_BATCH)
    assert name == arxiv_abs.NAME
    [r] = out.records
    assert r.title == "WAVE: Wavelet Analysis Networks"  # the batch header's: the page's title is not captured
    assert r.abstract.startswith("Networks fail to model periodic signals. We propose WAVE")  # "> Abstract:"
    assert r.remark == "Accepted to NeurIPS'25" and r.categories == ["cs.LG", "cs.AI"]
    assert r.date == "2024-10-03" and r.identifiers["arxiv_version"] == "v3" and r.submitted_by == "Yan Dong"
    assert r.authors == [] and r.author_count is None  # the capture has no "Authors:": none invented
    [bad] = out.rejects
    assert bad.code == "unparsed" and "document [2]" in bad.reason and "arxiv.org/html/2410.05555v3" in bad.reason


def test_linked_names_under_a_heading_title() -> None:
    r, out = only(LINKED)
    assert r.title == "The Shape of Agentic Search: A Survey"
    assert r.authors == ["Gia Zhang", "Hal Geng", "Frank Piedra-Velez"] and r.author_count == 3
    assert r.remark == "Published on Transactions on Machine Learning Research: this https URL"
    assert r.date == "2025-09-02" and r.identifiers["arxiv_version"] == "v2" and r.submitted_by == "Hal Geng"
    assert not any("PDF link" in n for n in out.page.notes)  # 2 other authors + Gia Zhang: agrees


def test_names_dropped_to_their_commas_give_no_authors_and_no_count() -> None:
    r, out = only(CLIPPER)
    assert r.title == "Online Linking with LLMs"
    assert r.authors == [] and r.author_count is None  # never 0, never the front matter's wiki links
    assert any('"Authors:" with 2 commas' in n for n in out.page.notes)
    assert r.remark == "24 pages, 10 figures"  # a table row "| Comments: | … |"
    assert r.categories == ["cs.CR", "cs.LG"] and r.date == "2026-02-18" and r.submitted_by == "Dana Pale"


def test_the_pdf_link_gives_only_what_it_says_when_the_author_list_is_gone() -> None:
    no_list = ONE_LINE.replace("Authors: Ada Byrne , Tomas Reyes , Li Wen\n", "")
    r, out = only(no_list)
    assert r.authors == ["Ada Byrne"] and r.authors_truncated and r.author_count == 3
    assert any("View a PDF" in n for n in out.page.notes)
    two = no_list.replace("by Ada Byrne and 2 other authors", "by Ada Byrne and Tomas Reyes")
    r, _ = only(two)
    assert r.authors == ["Ada Byrne", "Tomas Reyes"] and not r.authors_truncated and r.author_count == 2


def test_a_crawled_copy_without_labels_is_read_by_place_once() -> None:
    name, out = read(CRAWLED)
    assert name == arxiv_abs.NAME  # not arxiv_listing, which took "arXiv:<id>" + "Subjects:" for an entry
    [r] = out.records  # the JSON repeat under "## Metadata" is not a second paper
    assert r.title == "CAT-TS: Training Models on Paired Code And Specs"
    assert r.authors == ["Nadia Rao", "Kim Jain", "Uri Alony"] and r.author_count == 3
    assert (
        r.abstract
        == "Writing specs is slow. We pair code with its specs in pretraining and show the model writes better specs."
    )
    assert r.categories == ["cs.SE", "cs.AI"] and r.date == "2023-10-02" and r.submitted_by == "Nadia Rao"
    assert any("read by their place" in n for n in out.page.notes)


def test_listings_transcripts_and_logs_are_not_abstract_pages() -> None:
    listing = Record(
        source="s", line=1, layout="arxiv_listing", title="A Listed Paper", authors=["Ann Lee"],
        categories=["cs.AI"], category="cs.AI", date="2026-05-26", arxiv_id="2605.01234",
    )  # fmt: skip
    lines = arxiv_listing.render([listing]).split("\n")
    assert arxiv_abs.sniff(lines) == 0.0
    assert (choose(lines) or (None,))[0] is arxiv_listing.FORMAT
    # a tool's JSON output holding the page as one string with \\n escapes
    transcript = 'Output: {\n"text": "' + _CRAWLED_TEXT.replace("\t", "\\t").replace("\n", "\\n") + '"\n}'
    assert arxiv_abs.sniff(transcript.split("\n")) == 0.0
    # a long log that quotes a page far down is no capture of one
    log = ["a line of a researcher's log " * 4] * 400 + ONE_LINE.split("\n")
    assert arxiv_abs.sniff(log) == 0.0
    # the page itself, every form, is claimed
    for page in (WRAPPED, ONE_LINE, ENTITIES, JINA_BATCH, LINKED, CLIPPER, CRAWLED):
        assert (choose(page.split("\n")) or (None,))[0] is arxiv_abs.FORMAT


def test_a_page_with_no_identifier_anywhere_is_one_reject() -> None:
    bare = ENTITIES.replace("arXiv:2406.20001", "arXiv:").replace("[2406.20001v1]", "")
    name, out = read(bare)
    assert name == arxiv_abs.NAME and out.records == []
    [bad] = out.rejects
    assert bad.code == "bad_record" and "no arXiv identifier" in bad.reason


def test_a_saved_html_page_reads_from_its_text_view() -> None:
    r, out = only(SAVED_HTML)
    _, view = choose(SAVED_HTML.split("\n")) or (None, None)
    assert view.capture == "html"
    assert r.title == "Attending Is Enough" and r.authors == ["Asha Vaswin", "Noam Shazir"]
    assert r.abstract == "Sequence models need not recur. We attend & win."
    assert r.categories == ["cs.CL", "cs.LG"] and r.remark == "15 pages, 5 figures"
    assert r.venue == "Prog.Theor.Phys.101:1155-1164,1999" and r.doi == "10.1143/ptp.101.1155"
    assert r.date == "2017-06-12" and r.identifiers["arxiv_version"] == "v3" and r.submitted_by == "Kai Lin"
    # the subject heading and dateline above the title, and the 7 lines from "Access Paper:" to the
    # endorsers' link, are the page around the paper
    assert out.page.chrome_lines == 9 and out.rejects == []


def test_an_extract_without_authors_or_metatable_keeps_what_it_prints() -> None:
    r, out = only(EXTRACT)
    assert r.title == "Can Agents Beat Grid Search? A Study" and r.arxiv_id == "2603.25555"
    # the DOI's help text ("Focus to learn more …") is not part of the abstract
    assert r.abstract == (
        "We pit language model agents against grid search on a fixed budget. Grid search wins. "
        "Code is available at this https URL ."
    )
    assert r.date == "2026-03-25" and r.identifiers["arxiv_version"] == "v4"  # the dateline's
    assert r.authors == [] and r.author_count is None and r.categories == [] and r.submitted_by is None
    assert any("no author names" in n for n in out.page.notes)


def test_a_single_jina_document_takes_its_header_title_line_alone() -> None:
    jina = """Title: Quiet Critics for Noisy Agents

URL Source: https://arxiv.org/abs/2605.31234

Published Time: Thu, 28 May 2026 01:08:41 GMT

Markdown Content:
[View PDF](https://arxiv.org/pdf/2605.31234)

> Abstract:Agents act on noisy feedback.

Subjects:Artificial Intelligence (cs.AI)
Cite as:[arXiv:2605.31234](https://arxiv.org/abs/2605.31234) [cs.AI]

## Submission history

From: Ada Byrne [[view email](https://arxiv.org/show-email/d48bc246/2605.31234)]

**[v1]** Tue, 26 May 2026 21:37:20 UTC (1,795 KB)
"""
    r, _ = only(jina)
    assert r.title == "Quiet Critics for Noisy Agents"  # not "… URL Source: … Markdown Content: …"
    assert r.abstract == "Agents act on noisy feedback." and r.date == "2026-05-26"


def test_a_minimal_fetch_takes_its_id_from_the_address_noted_above_it() -> None:
    # a fetch tool's copy: an HTML comment with the address, the labelled fields, the history (71230474997)
    fetched = """<!-- Fetched 2026-09-25 from https://arxiv.org/abs/2609.26666 -->

Title:ORB-as-a-Judge: Accept When Sure

Authors:Yu Lee, Yi Mao, Ram Krish

Abstract:A cheap judge decides first; unsure verdicts go to a strong one.

Submission history From: Yu Lee [view email] [v1] Tue, 22 Sep 2026 15:05:56 UTC (2,824 KB)
"""
    r, out = only(fetched)
    assert r.arxiv_id == "2609.26666" and r.title == "ORB-as-a-Judge: Accept When Sure"
    assert r.authors == ["Yu Lee", "Yi Mao", "Ram Krish"] and r.author_count == 3
    assert r.date == "2026-09-22" and r.identifiers["arxiv_version"] == "v1" and r.submitted_by == "Yu Lee"
    assert r.abstract == "A cheap judge decides first; unsure verdicts go to a strong one." and out.rejects == []
