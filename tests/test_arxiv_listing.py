# ruff: noqa: E501  (saved pages below keep their lines whole)
"""arXiv listing pages: the real cs.AI/recent capture in ../shared, and pages modelled on real captures."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.capture import views
from kg.extract import arxiv_listing, choose
from kg.extract.base import Context
from kg.extract.text import MAX_LINE_CHARS
from kg.model import REJECT_CODES, AuthorInfo, Record

SHARED = Path(__file__).resolve().parents[2] / "shared"
CS_AI_RECENT = SHARED / "real-pages" / "06_arxiv-csai-recent_structured.md"
CTX = Context(as_of=dt.date(2026, 11, 1))


def read(text: str):
    """Read a page the way the build does: the capture layer's best view, then the reader."""
    lines = textwrap.dedent(text).splitlines()
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == arxiv_listing.NAME, chosen
    return arxiv_listing.extract("page.md", chosen[1].lines, CTX)


# ------------------------------------------------------------------------------------ the real capture


@pytest.fixture(scope="module")
def cs_ai_recent():
    if not CS_AI_RECENT.exists():
        pytest.skip("../shared/real-pages is absent (CI provides it)")
    lines = CS_AI_RECENT.read_text(encoding="utf-8").splitlines()
    fmt, view = choose(lines)  # type: ignore[misc]
    return fmt, view, arxiv_listing.extract(CS_AI_RECENT.name, view.lines, CTX)


def test_real_recent_page_reads_every_entry(cs_ai_recent) -> None:
    fmt, view, out = cs_ai_recent
    assert (fmt.name, view.capture) == ("arxiv_listing", "markdown")
    assert len(out.records) == 50 and out.rejects == []  # the capture holds the first 50 of 350
    assert out.page.listing_date == "2026-10-07"
    first = out.records[0]
    assert (first.arxiv_id, first.title) == ("2610.08778", "Sherpa: Teaching LLMs to Teach Adaptively")
    assert first.authors == ["Weixian Xu", "Yanzhe Zhang", "Zora Zhiruo Wang", "Changyu Chen", "Diyi Yang"]
    assert (first.category, first.categories, first.date) == ("cs.AI", ["cs.AI", "cs.CL"], "2026-10-07")
    assert first.remark == "32 pages, 6 figures. Code and model are available at this https URL"
    assert first.locator == "recent [1]"
    assert first.identifiers == {"arxiv_version": "v1"}  # from the link to its HTML version
    assert out.page.owner_category == "cs.AI"  # from the "Source URL:" the saving tool printed
    # The record's line maps back to the "[1]" line of the saved file.
    assert view.file_line(first.line) == 58
    last = out.records[-1]
    assert (last.arxiv_id, last.remark, last.categories) == ("2610.08036", "9 pages", ["cs.AI"])
    assert len({r.arxiv_id for r in out.records}) == 50


def test_real_recent_page_prints_no_abstracts(cs_ai_recent) -> None:
    _, _, out = cs_ai_recent
    # The pagination after the last entry is chrome, not that entry's abstract.
    assert all(r.abstract is None for r in out.records)
    assert all(r.venue is None and r.date == "2026-10-07" for r in out.records)


# ------------------------------------------------------------ a /new page as a text dump (real model)

# Modelled on a real capture of https://arxiv.org/list/q-fin.CP/new fetched 2026-09-09 (the search
# index's file 68859388758, repository not given): every rendered text node on its own line, padded
# with spaces, labels alone on their line, " , " and " ; " where links end, abstracts after subjects.
QFIN_NEW = """\
    # Source: https://arxiv.org/list/q-fin.CP/new

    **Fetched:** 2026-09-09T15:09:39.089955+00:00

    ---

    Computational Finance
     Skip to main content
     New submissions
     Cross-lists
     Replacements

     See recent articles
     Showing new listings for Wednesday, 9 September 2026

     Total of 4 entries

     New submissions (showing 1 of 1 entries)

     [1]

     arXiv:2609.05434


     [ pdf , html , other ]

     Title:
     Deep Learning for Reflected BSDEs: Regularization and Error Analysis

     Ruimeng Hu , Yihan Zou

     Comments:
     26 pages

     Subjects:
     Computational Finance (q-fin.CP) ; Machine Learning (stat.ML)


     Reflected backward stochastic differential equations provide a probabilistic formulation.



     Cross submissions (showing 1 of 1 entries)

     [2]

     arXiv:2609.07989

     (cross-list from q-fin.TR)

     [ pdf , html , other ]

     Title:
     Regimes in the Order Flow

     Ramzi Jebali

     Subjects:
     Trading and Market Microstructure (q-fin.TR) ; Computational Finance (q-fin.CP); Statistical Finance (q-fin.ST)


     Financial markets alternate between periods of relative stability and instability.



     Replacement submissions (showing 2 of 2 entries)

     [3]

     arXiv:1510.03928

     (replaced)

     [ pdf , html , other ]

     Title:
     Weakly chained matrices, policy iteration, and impulse control

     Parsiad Azimzadeh , Peter A. Forsyth

     Journal-ref:
     SIAM.J.Numer.Anal. 54.3 (2016) 1341-1364

     Subjects:
     Numerical Analysis (math.NA) ; Computational Finance (q-fin.CP)


     This work is motivated by numerical solutions to quasi-variational inequalities.



     [4]

     arXiv:2607.12990

     (replaced)

     [ pdf , html , other ]

     Title:
     A Noise-Aware Quantum Algorithm for Credit Valuation Adjustments on Real Quantum Hardware

     Guillem Borràs Espert , Luis de Pedro Sánchez

     Subjects:
     Quantum Physics (quant-ph) ; Computational Finance (q-fin.CP)


     Credit Valuation Adjustment requires repeated risk-neutral expectation estimation.


     Total of 4 entries
     Showing up to 2000 entries per page:
     fewer
     |
     About
     ·
     Help
"""


def test_new_page_text_dump_reads_sections_subjects_and_abstracts() -> None:
    out = read(QFIN_NEW)
    assert out.rejects == []
    assert out.page.listing_date == "2026-09-09"
    new, cross, old, quantum = out.records
    assert (new.locator, new.authors, new.remark) == ("new [1]", ["Ruimeng Hu", "Yihan Zou"], "26 pages")
    assert new.categories == ["q-fin.CP", "stat.ML"]
    assert new.abstract == "Reflected backward stochastic differential equations provide a probabilistic formulation."
    assert (cross.locator, cross.category, cross.date) == ("cross-list [2]", "q-fin.TR", "2026-09-09")
    assert cross.categories == ["q-fin.TR", "q-fin.CP", "q-fin.ST"]
    # A replacement is an old paper announced again: the listing day is the version's, not the paper's.
    assert (old.locator, old.arxiv_id, old.date) == ("replacement [3]", "1510.03928", None)
    assert old.venue == "SIAM.J.Numer.Anal. 54.3 (2016) 1341-1364"
    assert (old.category, old.authors) == ("math.NA", ["Parsiad Azimzadeh", "Peter A. Forsyth"])
    assert quantum.categories == ["quant-ph", "q-fin.CP"]
    assert quantum.authors == ["Guillem Borràs Espert", "Luis de Pedro Sánchez"]
    assert quantum.abstract == "Credit Valuation Adjustment requires repeated risk-neutral expectation estimation."


def test_text_dump_and_its_markdown_view_agree() -> None:
    lines = textwrap.dedent(QFIN_NEW).splitlines()
    got = []
    for view in views(lines):
        out = arxiv_listing.extract("p", view.lines, CTX)
        got.append([(r.arxiv_id, r.title, r.authors, r.categories, r.date, r.venue) for r in out.records])
    assert len(got) == 2 and got[0] == got[1]


# Modelled on a webfetch Markdown copy of one cs.AI/new entry (search index file 70556675821):
# a definition list whose term is the id line.
DEFINITION_LIST = """\
    Artificial Intelligence

    Showing new listings for Monday, 5 October 2026

    arXiv:2610.01471 (cross-list from cs.CL) [pdf, html, other]
    :   Title: When Does a Second Model Help? Cross-Model Review in LLM Verification

        Tae-Eun Song

        Comments: 15 pages, 2 figures, 6 tables. Follow-up to arXiv:2603.12123 and arXiv:2603.21454

        Subjects: Computation and Language (cs.CL); Artificial Intelligence (cs.AI); Software Engineering (cs.SE)
"""


def test_definition_list_copy_of_one_entry() -> None:
    (r,) = read(DEFINITION_LIST).records
    assert (r.arxiv_id, r.locator, r.date) == ("2610.01471", "cross-list", "2026-10-05")
    assert r.title == "When Does a Second Model Help? Cross-Model Review in LLM Verification"
    assert r.authors == ["Tae-Eun Song"]
    assert r.categories == ["cs.CL", "cs.AI", "cs.SE"]
    assert r.remark.startswith("15 pages") and r.remark.endswith("arXiv:2603.21454")  # type: ignore[union-attr]


def test_wrapped_title_affiliations_and_pastweek_days() -> None:
    page = """\
        Mesoscale and Nanoscale Physics
        Authors and titles for the past week
        Fri, 28 Aug 2026 (showing 1 of 1 entries)
        [1] arXiv:2608.27076v2 [pdf, other]
        Title: Quantum transport through a very long title that a text browser
        wrapped onto a second line
        Emilio Picard (RIKEN AIP, UP1 EMS), Diego Di Carlo (RIKEN AIP)
        Subjects: Mesoscale and Nanoscale Physics (cond-mat.mes-hall); Strongly Correlated Electrons (cond-mat.str-el)
        Mon, 24 Aug 2026
        No updates for this time period.
    """
    out = read(page)
    (r,) = out.records
    assert r.title == "Quantum transport through a very long title that a text browser wrapped onto a second line"
    assert r.authors == ["Emilio Picard", "Diego Di Carlo"]
    assert r.author_details[0] == AuthorInfo(
        raw_name="Emilio Picard (RIKEN AIP, UP1 EMS)", affiliations=[{"name": "RIKEN AIP"}, {"name": "UP1 EMS"}]
    )
    assert (r.arxiv_id, r.identifiers, r.date) == ("2608.27076", {"arxiv_version": "v2"}, "2026-08-28")
    assert r.categories == ["cond-mat.mes-hall", "cond-mat.str-el"]
    assert out.page.listing_date == "2026-08-28"


def test_old_style_ids_and_unknown_codes_are_kept_and_noted() -> None:
    page = """\
        Tue, 1 Sep 2026 (showing 1 of 1 entries )
        [1] arXiv:math.AG/0601001
        Title: An old paper
        Ada Lovelace
        Subjects: Algebraic Geometry (math.MP); Made Up (xx.YY)
    """
    out = read(page)
    (r,) = out.records
    assert r.arxiv_id == "math.AG/0601001"
    assert r.categories == ["math.MP", "xx.YY"]  # as printed; kg.categories.canonical folds math.MP later
    assert any("xx.YY" in note for note in out.page.notes)


# ------------------------------------------------------------------------------------------ bad input


def test_page_cut_off_mid_entry_rejects_only_that_entry() -> None:
    page = """\
        Wed, 7 Oct 2026 (showing 2 of 2 entries )
        [1] arXiv:2610.08778
        Title: Sherpa: Teaching LLMs to Teach Adaptively
        Weixian Xu, Yanzhe Zhang
        Subjects: Artificial Intelligence (cs.AI)
        [2] arXiv:2610.08775
        Title: Agent in a Bottle
        Ankit Sonthalia, Haritz
    """
    out = read(page)
    assert [r.arxiv_id for r in out.records] == ["2610.08778"]
    (bad,) = out.rejects
    assert (bad.code, bad.line) == ("cut_off", 6)
    assert "2610.08775" in bad.reason and "Ankit Sonthalia" in bad.raw


def test_listing_with_no_entries_is_one_reject() -> None:
    page = """\
        Artificial Intelligence
        Showing new listings for Wednesday, 7 October 2026
        New submissions (showing 0 of 0 entries)
        Total of 0 entries
    """
    out = read(page)
    assert out.records == []
    (bad,) = out.rejects
    assert bad.code == "no_listing" and bad.code in REJECT_CODES
    assert "lists no paper" in bad.reason


def test_entry_without_title_and_overlong_line_are_rejected_with_their_lines() -> None:
    page = f"""\
        Wed, 7 Oct 2026 (showing 3 of 3 entries )
        [1] arXiv:2610.00001 (cross-list from cs.CL)
        [2] arXiv:2610.00002
        Title: {"x" * (MAX_LINE_CHARS + 1)}
        Some One
        Subjects: Artificial Intelligence (cs.AI)
        [3] arXiv:2610.00003
        Title: A fine paper
        Some One
        Subjects: Artificial Intelligence (cs.AI)
    """
    out = read(page)
    assert [r.arxiv_id for r in out.records] == ["2610.00003"]
    assert [(r.code, r.line) for r in out.rejects] == [("bad_record", 2), ("line_too_long", 3)]


def test_other_pages_are_not_claimed() -> None:
    assert arxiv_listing.sniff(["Daily Papers", "Jan 19", "A title", "An abstract"]) == 0.0
    assert arxiv_listing.sniff(["arXiv:2610.08778 is a paper I liked."]) == 0.0


# ------------------------------------------------------------------------------------- round trip

CODES = sorted(["cs.AI", "cs.CL", "cond-mat.str-el", "math.AG", "hep-th", "q-bio.NC", "stat.ML", "astro-ph.GA"])
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéø-", min_size=2, max_size=9).filter(
    lambda w: w.strip("-") == w and "--" not in w
)
NAME = st.builds(lambda a, b: f"{a.capitalize()} {b.capitalize()}", WORD, WORD)
TITLE = st.lists(WORD, min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize())
DAY = st.dates(dt.date(2007, 4, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)


@st.composite
def records(draw) -> list[Record]:
    out = []
    days = sorted(draw(st.lists(DAY, min_size=1, max_size=3, unique=True)), reverse=True)
    n = 0
    for day in days:
        for _ in range(draw(st.integers(1, 3))):
            n += 1
            codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
            out.append(
                Record(
                    source="p",
                    line=0,
                    layout=arxiv_listing.NAME,
                    title=draw(TITLE),
                    authors=draw(st.lists(NAME, min_size=1, max_size=5)),
                    category=codes[0],
                    categories=codes,
                    date=day,
                    arxiv_id=f"{2000 + n:04d}.{draw(st.integers(10000, 99999))}",
                    venue=draw(st.none() | TITLE),
                    remark=draw(st.none() | TITLE),
                    entry_type="preprint",
                    locator=f"recent [{n}]",
                )
            )
    return out


@settings(max_examples=60, deadline=None)
@given(records())
def test_render_then_extract_gives_the_records_back(recs: list[Record]) -> None:
    text = arxiv_listing.render(recs)
    lines = text.splitlines()
    assert arxiv_listing.sniff(lines) > 0.5
    out = arxiv_listing.extract("p", lines, CTX)
    assert out.rejects == []
    for got in out.records:
        got.line = 0
    assert out.records == recs


# A saved page (the browser's "Save page as"), modelled on firefighter-eric/ai-wiki,
# raw/html/arXiv - 2026 - Artificial Intelligence Recent Submissions.html, commit
# 2b7c5682771cb13993b1d43a9f033df1245824d4 (the HTML that capture 06 was converted from):
# <dl id='articles'> with an <h3> day heading, <dt> number / id / formats, <dd> title, authors, subjects.
SAVED_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><script>document.documentElement.classList.add('js');</script>  <title>Artificial Intelligence  </title></head>
<body ><div class="flex-wrap-footer">
    <a href="#content" class="ds-skip-link">Skip to main content</a>
    <main>
      <div id="content">
<div id='content-inner'>
<div id='dlpage'>
  <h1>Artificial Intelligence</h1>
<h2>Authors and titles for recent submissions</h2>
  <ul>
<li>
        <a href="/list/cs.AI/recent?skip=0&amp;show=50">
          Wed, 7 Oct 2026
        </a>
      </li></ul>
      <div class='paging'>Total of 1945 entries :      <span>1-50</span>
      <a href=/list/cs.AI/recent?skip=50&amp;show=50>51-100</a>
    </div>
      <dl id='articles'>
    <h3>Wed, 7 Oct 2026 (showing first 50 of 350 entries )</h3>
    <dt>
      <a name='item1'>[1]</a>
      <a href ="/abs/2610.08778" title="Abstract" id="2610.08778">
        arXiv:2610.08778
      </a>
        [<a href="/pdf/2610.08778" title="Download PDF">pdf</a>, <a href="https://arxiv.org/html/2610.08778v1">html</a>, <a href="/format/2610.08778">other</a>]
    </dt>
    <dd>
      <div class='meta'>
        <div class='list-title mathjax'><span class='descriptor'>Title:</span>
          Sherpa: Teaching LLMs to Teach Adaptively
        </div>
        <div class='list-authors'><a href="https://arxiv.org/search/cs?searchtype=author&amp;query=Xu,+W">Weixian Xu</a>, <a href="https://arxiv.org/search/cs?searchtype=author&amp;query=Yang,+D">Diyi Yang</a></div>

        <div class='list-comments mathjax'><span class='descriptor'>Comments:</span>
          32 pages, 6 figures. Code and model are available at <a href="https://github.com/SALT-NLP/Sherpa">this https URL</a>
        </div>
        <div class='list-subjects'><span class='descriptor'>Subjects:</span>
          <span class="primary-subject">Artificial Intelligence (cs.AI)</span>; Computation and Language (cs.CL)
        </div>
      </div>
    </dd>
    <dt>
      <a name='item2'>[2]</a>
      <a href ="/abs/2610.08722" title="Abstract" id="2610.08722">
        arXiv:2610.08722
      </a>
        [<a href="/pdf/2610.08722" title="Download PDF">pdf</a>, <a href="/format/2610.08722">other</a>]
    </dt>
    <dd>
      <div class='meta'>
        <div class='list-title mathjax'><span class='descriptor'>Title:</span>
          Does an Agent&#39;s History Tell You When Compaction Will Hurt? A Modest, Bounded Effect
        </div>
        <div class='list-authors'><a href="https://arxiv.org/search/cs?searchtype=author&amp;query=Pakhomov,+E">Egor Pakhomov</a>, <a href="https://arxiv.org/search/cs?searchtype=author&amp;query=Nijkamp,+E">Erik Nijkamp</a></div>
        <div class='list-subjects'><span class='descriptor'>Subjects:</span>
          <span class="primary-subject">Artificial Intelligence (cs.AI)</span>; Machine Learning (cs.LG)
        </div>
      </div>
    </dd>
      </dl>
      <div class='paging'>Total of 1945 entries :      <span>1-50</span>
      <a href=/list/cs.AI/recent?skip=50&amp;show=50>51-100</a>
    </div>
</div></div></div></main></div></body></html>
"""


def test_saved_html_page_reads_through_the_html_capture() -> None:
    lines = SAVED_HTML.splitlines()
    chosen = choose(lines)
    assert chosen is not None
    fmt, view = chosen
    assert (fmt.name, view.capture) == ("arxiv_listing", "html")
    out = arxiv_listing.extract("saved.html", view.lines, CTX)
    assert out.rejects == []
    sherpa, agent = out.records
    assert (sherpa.arxiv_id, sherpa.title, sherpa.authors) == (
        "2610.08778",
        "Sherpa: Teaching LLMs to Teach Adaptively",
        ["Weixian Xu", "Diyi Yang"],
    )
    assert (sherpa.categories, sherpa.date, sherpa.locator) == (["cs.AI", "cs.CL"], "2026-10-07", "recent [1]")
    assert agent.title == "Does an Agent's History Tell You When Compaction Will Hurt? A Modest, Bounded Effect"
    assert agent.abstract is None  # the paging after the last entry is not its abstract
    assert (sherpa.identifiers, agent.identifiers) == ({"arxiv_version": "v1"}, {})  # agent links no HTML
    assert view.file_line(sherpa.line) == lines.index("      <a name='item1'>[1]</a>") + 1


def test_authors_label_as_a_screen_copy_prints_it() -> None:
    # Modelled on a screen description of cs.CV/recent (search index file 61156436979):
    # "[1] arXiv:2411.05780 [pdf, html, other]" / "Title: …" / "Authors: …".
    page = """\
        Computer Vision and Pattern Recognition
        Authors and titles for recent submissions
        Mon, 11 Nov 2024 (showing 1 of 1 entries )
        [1] arXiv:2411.05780 [pdf, html, other]
        Title: GazeSearch: Radiology Findings Search Benchmark
        Authors: Trong Thang Pham, Tien-Phat Nguyen, Yuki Ikebe
        Subjects: Computer Vision and Pattern Recognition (cs.CV)
    """
    (r,) = read(page).records
    assert (r.title, r.authors) == (
        "GazeSearch: Radiology Findings Search Benchmark",
        ["Trong Thang Pham", "Tien-Phat Nguyen", "Yuki Ikebe"],
    )
    assert (r.date, r.category) == ("2024-11-11", "cs.CV")


# A digest that GitHub Actions bots publish from the /new listing (structure of a real one, the
# search index's file 55556532397: "# Showing new listings for …", "## Keyword: …", "### Title:",
# the title indented on the next line, "**Authors:**", "**Subjects:** Subjects:", empty arXiv
# links). It prints papers but no arXiv identifiers; the titles and names here are invented.
DIGEST = """\
# Showing new listings for Friday, 26 June 2026
## Keyword: lattice
### Title:
          Folding Paper Lattices Without Creases
 - **Authors:** Oriane Vasquez, Tobias Lindqvist
 - **Subjects:** Subjects:
Computational Geometry (cs.CG)
 - **Arxiv link:** https://arxiv.org/abs/
 - **Abstract**
 We fold lattices.
## Keyword: sonar
There is no result
## Keyword: origami
### Title:
          Origami Rovers for Shallow Reefs
 - **Authors:** Mei Okonkwo (Harbor Institute), Lars Petrov
 - **Subjects:** Subjects:
Robotics (cs.RO)
 - **Arxiv link:** https://arxiv.org/abs/
"""


def test_digest_papers_without_arxiv_ids_are_each_a_reject_not_an_empty_listing() -> None:
    out = read(DIGEST)
    assert out.records == []
    # Lines of the Markdown view (the build maps them to the file's: 3 and 14).
    assert [(r.code, r.line) for r in out.rejects] == [("bad_record", 3), ("bad_record", 12)]
    assert "Folding Paper Lattices Without Creases" in out.rejects[0].raw
    assert "Lars Petrov" in out.rejects[1].raw


def test_a_saving_tools_title_header_is_no_paper() -> None:
    # Jina's reader prints "Title: <the page's title>" above a real listing (the excerpt a
    # project's test keeps verbatim, search index file 60264629900); entries invented.
    out = read(
        """\
        Title: Machine Learning

        URL Source: https://arxiv.org/list/cs.LG/recent

        Markdown Content:
        ### Fri, 28 Aug 2026 (showing first 50 of 157 entries )

        [[1]](https://arxiv.org/list/cs.LG/recent)[arXiv:2608.00001](https://arxiv.org/abs/2608.00001 "Abstract") [[pdf](https://arxiv.org/pdf/2608.00001 "Download PDF")]

        Title: Quiet Gradients

        [Ada Brandt](https://arxiv.org/search/cs?searchtype=author&query=Brandt,+A)

        Subjects:Machine Learning (cs.LG)
        """
    )
    assert out.rejects == []
    assert [(r.arxiv_id, r.title, r.authors, r.categories) for r in out.records] == [
        ("2608.00001", "Quiet Gradients", ["Ada Brandt"], ["cs.LG"])
    ]
