"""Saved article landing pages read by their Highwire Press citation_ meta tags (kg/extract/highwire.py).

The pages below are invented, built on the structure of real saved pages found with the search tool:
an IEEE Xplore article page of 2013 (a Python scraper's test page, search id 29975880463: scripts and
styles in <head>, the "Google meta-tags" block with "Harris, F.J." and one institution after it,
citation_date "Jan. 1978", a citation_abstract_html_url with template debris in it) and Manubot's
header (search ids 41466197404, 11946562894: "First Last" names, each followed by one or more
citation_author_institution tags and one citation_author_orcid, some "XXXX-XXXX-XXXX-XXXX").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_arxiv_abs import SAVED_HTML as ARXIV_ABS_HTML

from kg.extract import arxiv_abs, choose, highwire
from kg.extract.base import Context
from kg.model import Extraction
from kg.read import Text, read

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CONTEXT = Context(as_of=dt.date(2026, 11, 28))

IEEE = """<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html xmlns:og="http://ogp.me/ns#" xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-US" lang="en-US">
  <head>
\t<title>IEEE Xplore -
\t\tOn the estimation of spectra with tapered windows
\t</title>
<meta http-equiv="Content-Type" content="text/html;charset=utf-8" />
<script type="text/javascript">var ALL = 'p_Authors:Authors,citation_title:x';</script>
<meta property="og:url" content="http://ieeexplore.ieee.org/xpl/articleDetails.jsp?reload=true&amp;arnumber=1400001">
\t\t\t<!-- Google meta-tags -->
\t\t\t  <meta name="citation_journal_title" content="Proceedings of the IEEE">
\t\t\t<meta name="citation_publisher" content="IEEE">
\t\t\t\t  <meta name="citation_author" content="Harrow, F.J.">
\t\t\t\t    <meta name="citation_author_institution" content="Naval Ocean Systems Center, San Diego, CA">
\t\t\t\t  <meta name="citation_author" content="van der Berg, Anna">
\t\t\t<meta name="citation_title" content="On the estimation of spectra with tapered windows">
\t\t\t<meta name="citation_date" content="Jan. 1978">
\t\t\t<meta name="citation_doi" content="10.1109/PROC.1978.10999">
<meta name="citation_abstract_html_url" content="http://ieeexplore.ieee.org/xpls/abs_all.jsp?n=1' escapeXml='false'/>">
\t\t\t<meta name="citation_pdf_url" content="http://ieeexplore.ieee.org/iel5/5/31261/01400001.pdf">
\t\t\t<meta name="citation_keywords" content="
\t\t\tFourier transforms;
\t\t\tSmoothing methods;">
  </head>
  <body><div id="content"><h1>On the estimation of spectra with tapered windows</h1>
  <p>Harrow, F.J.; van der Berg, A.</p></div></body>
</html>
"""

MANUBOT = """<!DOCTYPE html>
<html lang="en-US">
<head>
  <meta charset="utf-8" />
  <title>Generative Tides</title>
  <meta name="dc.title" content="Generative Tides" />
  <meta name="citation_title" content="Generative Tides" />
  <meta name="citation_publication_date" content="2024-06-14" />
  <meta name="citation_online_date" content="2024-07-01" />
  <meta name="citation_journal_title" content="Manubot" />
  <meta name="citation_technical_report_institution" content="Manubot" />
  <meta name="citation_author" content="Alexandra J. Tidus" />
  <meta name="citation_author_institution" content="In Vivo Group, Washington, DC, USA" />
  <meta name="citation_author_institution" content="International Computer Science Institute, Berkeley, CA, USA" />
  <meta name="citation_author_orcid" content="0000-0002-1825-0097" />
  <meta name="twitter:creator" content="@atidus" />
  <meta name="citation_author" content="Mateo E. Walsham" />
  <meta name="citation_author_institution" content="Center for Health Security, Baltimore, MD, USA" />
  <meta name="citation_author_orcid" content="XXXX-XXXX-XXXX-XXXX" />
  <meta name="citation_author" content="et al." />
  <meta name="citation_abstract"
   content="Tides &amp; models: &lt;p&gt;We &lt;i&gt;generate&lt;/i&gt; tides&amp;#8212;fast.&lt;/p&gt;" />
  <meta name="citation_doi" content="https://doi.org/10.48550/arXiv.2406.01234" />
  <meta name="citation_pmid" content="31081650" />
  <link rel="canonical" href="https://example.github.io/generative-tides/" />
  <meta property="og:url" content="https://example.github.io/generative-tides/" />
</head>
<body><h1>Generative Tides</h1><p>The body of the manuscript, not read.</p></body>
</html>
"""

# bioRxiv's head (search id 25121280117, a saved page quoted in ContentMine's ami source): the
# abstract as escaped markup under an "ABSTRACT" heading, 1 January as citation_publication_date and
# the day itself as citation_date after the references, every author's e-mail after the last author.
BIORXIV = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta name="HW.pisa" content="biorxiv;2020.01.28.923099v1"/>
  <meta name="citation_title" content="Binding of a novel spike protein by a specific antibody"/>
  <meta name="DC.Date" content="2020-01-28"/>
  <meta name="citation_abstract" lang="en"
   content="&lt;h3&gt;ABSTRACT&lt;/h3&gt; &lt;p&gt;The newly identified virus (KD of 6.3 nM) binds.&lt;/p&gt;"/>
  <meta name="citation_journal_title" content="bioRxiv"/>
  <meta name="citation_publication_date" content="2020/01/01"/>
  <meta name="citation_public_url" content="https://www.biorxiv.org/content/10.1101/2020.01.28.923099v1"/>
  <meta name="citation_doi" content="10.1101/2020.01.28.923099"/>
  <meta name="citation_author" content="Xiaolan Tien"/>
  <meta name="citation_author_institution" content="Key Laboratory of Medical Molecular Virology, Fudan University"/>
  <meta name="citation_author" content="Yanlin Wo"/>
  <meta name="citation_author_institution" content="Key Laboratory of Medical Molecular Virology, Fudan University"/>
  <meta name="citation_author_email" content="tien@example.edu.cn"/>
  <meta name="citation_author_email" content="wo@example.edu.cn"/>
  <meta name="citation_reference" content="citation_title=Genomic characterization; citation_author=J Chan"/>
  <meta name="citation_date" content="2020-01-28"/>
</head>
<body><div class="page">bioRxiv</div></body>
</html>
"""


def arxiv_like(date: str = "2017/06/12", arxiv_id: str = "1706.09999v3", title: str = "Attending Is Enough") -> str:
    return f"""<!DOCTYPE html>
<html><head>
<meta name="citation_author_institution" content="Stray Institute" />
<meta name="citation_title" content="{title}" />
<meta name="citation_author" content="Vaswin, Asha" />
<meta name="citation_author" content="Shazir, Noam" />
<meta name="citation_date" content="{date}" />
<meta name="citation_online_date" content="2023/08/02" />
<meta name="citation_arxiv_id" content="{arxiv_id}" />
<meta name="citation_abstract" content="Sequence models need not recur." />
</head><body><p>A mirror of the paper.</p></body></html>
"""


def read_page(text: str) -> tuple[str, Extraction]:
    chosen = choose(text.split("\n"))
    assert chosen is not None
    fmt, view = chosen
    return fmt.name, fmt.extract("page.html", view.lines, CONTEXT)


def test_ieee_page_reads_last_first_names_institution_year_doi_and_the_page_url() -> None:
    name, out = read_page(IEEE)
    assert name == highwire.NAME
    [r] = out.records
    assert r.title == "On the estimation of spectra with tapered windows"
    assert r.authors == ["F.J. Harrow", "Anna van der Berg"]
    assert r.author_count == 2 and not r.authors_truncated
    assert r.author_details == [
        {"raw_name": "Harrow, F.J.", "affiliations": [{"name": "Naval Ocean Systems Center, San Diego, CA"}]},
        {"raw_name": "van der Berg, Anna"},
    ]
    assert (r.date, r.year) == (None, 1978)  # "Jan. 1978": no day, so the year only
    assert r.doi == "10.1109/proc.1978.10999"
    assert r.venue == "Proceedings of the IEEE" and r.entry_type == "article"
    # og:url outranks the abstract URL with the site's template debris in it; the entity is decoded
    assert r.identifiers["url"] == "http://ieeexplore.ieee.org/xpl/articleDetails.jsp?reload=true&arnumber=1400001"
    assert r.identifiers["pdf_url"] == "http://ieeexplore.ieee.org/iel5/5/31261/01400001.pdf"
    assert r.abstract is None  # no citation_abstract: the body is not scraped
    assert r.line == 16  # the citation_title tag's line (the script naming "citation_title:x" is no tag)
    assert out.rejects == []


def test_manubot_page_gives_each_author_the_institutions_and_orcid_after_its_name() -> None:
    name, out = read_page(MANUBOT)
    assert name == highwire.NAME
    [r] = out.records
    assert r.authors == ["Alexandra J. Tidus", "Mateo E. Walsham"]
    assert r.authors_truncated and r.author_count is None  # "et al." hides authors: unknown, not 2
    assert r.author_details == [
        {
            "affiliations": [
                {"name": "In Vivo Group, Washington, DC, USA"},
                {"name": "International Computer Science Institute, Berkeley, CA, USA"},
            ],
            "orcid": "0000-0002-1825-0097",
        },
        {"affiliations": [{"name": "Center for Health Security, Baltimore, MD, USA"}]},
    ]
    assert any("XXXX-XXXX-XXXX-XXXX" in n and "not an ORCID" in n for n in out.page.notes)
    # citation_publication_date outranks citation_online_date
    assert (r.date, r.year) == ("2024-06-14", None)
    assert r.venue == "Manubot" and r.entry_type == "article"
    # entities decoded, then the escaped markup read as a browser shows it
    assert r.abstract == "Tides & models: We generate tides\u2014fast."
    assert r.doi == "10.48550/arxiv.2406.01234" and r.arxiv_id == "2406.01234"
    assert r.identifiers["url"] == "https://example.github.io/generative-tides/"
    assert r.identifiers["pmid"] == "31081650"


def test_arxiv_tags_give_the_id_without_version_and_the_first_date_tag() -> None:
    name, out = read_page(arxiv_like())
    assert name == highwire.NAME  # a mirror's page: no arXiv page text for arxiv-abs to read
    [r] = out.records
    assert r.arxiv_id == "1706.09999" and r.identifiers["arxiv_version"] == "v3"
    assert r.authors == ["Asha Vaswin", "Noam Shazir"]
    assert r.date == "2017-06-12"  # citation_date (v1), not citation_online_date
    assert r.abstract == "Sequence models need not recur."
    assert "url" not in r.identifiers
    # an institution before any author belongs to nobody: said, not given to the first author
    assert r.author_details == [{"raw_name": "Vaswin, Asha"}, {"raw_name": "Shazir, Noam"}]
    assert any("before any citation_author" in n for n in out.page.notes)


def test_biorxiv_markup_abstract_and_its_first_of_january_fill() -> None:
    name, out = read_page(BIORXIV)
    assert name == highwire.NAME
    [r] = out.records
    assert r.abstract == "The newly identified virus (KD of 6.3 nM) binds."  # no "ABSTRACT" heading
    assert r.date == "2020-01-28"  # not the 2020/01/01 bioRxiv fills citation_publication_date with
    assert r.authors == ["Xiaolan Tien", "Yanlin Wo"]
    inst = [{"name": "Key Laboratory of Medical Molecular Virology, Fudan University"}]
    assert r.author_details == [{"affiliations": inst}, {"affiliations": inst}]  # e-mails are not read
    assert r.identifiers["url"] == "https://www.biorxiv.org/content/10.1101/2020.01.28.923099v1"
    assert r.doi == "10.1101/2020.01.28.923099" and r.venue == "bioRxiv"
    # a first of January alone is a day the page gives
    _, out = read_page(BIORXIV.replace('<meta name="citation_date" content="2020-01-28"/>', ""))
    assert out.records[0].date == "2020-01-01"


@pytest.mark.parametrize(
    ("printed", "date", "year"),
    [("2021", None, 2021), ("2021-06-12", "2021-06-12", None), ("2021/06", None, 2021), ("2021/02/31", None, 2021)],
)
def test_a_date_is_a_day_only_where_the_page_gives_one(printed: str, date: str | None, year: int | None) -> None:
    _, out = read_page(arxiv_like(date=printed))
    assert (out.records[0].date, out.records[0].year) == (date, year)


def test_older_plural_authors_tag_and_markup_in_the_title() -> None:
    page = arxiv_like(title="Growth of &lt;i&gt;E. coli&lt;/i&gt; at 4 &lt; 5 degrees").replace(
        '<meta name="citation_author" content="Vaswin, Asha" />\n'
        '<meta name="citation_author" content="Shazir, Noam" />',
        '<meta name="citation_authors" content="Vaswin, Asha; Shazir, Noam; " />',
    )
    _, out = read_page(page)
    [r] = out.records
    assert r.title == "Growth of E. coli at 4 < 5 degrees"
    assert r.authors == ["Asha Vaswin", "Noam Shazir"] and r.author_count == 2


def test_a_page_whose_tags_name_no_title_is_one_reject_not_a_record() -> None:
    page = arxiv_like().replace('<meta name="citation_title" content="Attending Is Enough" />', "")
    name, out = read_page(page)
    assert name == highwire.NAME
    assert out.records == []
    [rej] = out.rejects
    assert rej.code == "bad_entry" and "no citation_title" in rej.reason
    assert "citation_author" in rej.reason and rej.line == 3
    assert highwire.sniff(page.split("\n")) == 0.55
    # an empty title is no title either
    _, out = read_page(arxiv_like(title="  "))
    assert out.records == [] and out.rejects[0].code == "bad_entry"


def test_a_page_without_citation_tags_is_not_claimed() -> None:
    page = '<!DOCTYPE html><html><head><meta name="description" content="A blog"/></head><body><p>Hi</p></body></html>'
    assert highwire.sniff(page.split("\n")) == 0.0
    # the words in a script or the body are no tags: lxml, not a text search, decides
    mention = page.replace("<p>Hi</p>", "<p>Use citation_title and citation_author.</p>")
    assert highwire.sniff(mention.split("\n")) == 0.0
    assert highwire.sniff(["citation_title: A paper", "citation_author: Someone"]) == 0.0  # not HTML


def test_a_saved_arxiv_abstract_page_stays_with_arxiv_abs() -> None:
    # arXiv pages carry citation_title and citation_author; arxiv-abs also reads the categories,
    # comments, submitter and v1's day from the page's text, which the tags lack.
    page = ARXIV_ABS_HTML.replace(
        '<link rel="canonical"',
        '<meta name="citation_author" content="Vaswin, Asha"/>\n'
        '<meta name="citation_author" content="Shazir, Noam"/>\n<link rel="canonical"',
    )
    assert highwire.sniff(page.split("\n")) == 0.9
    name, out = read_page(page)
    assert name == arxiv_abs.NAME
    [r] = out.records
    assert r.authors == ["Asha Vaswin", "Noam Shazir"] and r.categories == ["cs.CL", "cs.LG"]


def test_a_page_kg_will_not_parse_is_left_to_the_refused_reader() -> None:
    deep = "<!DOCTYPE html><html><head><meta name='citation_title' content='T'/></head><body>"
    deep += "<div>" * 300_000 + "</body></html>"
    assert highwire.sniff(deep.split("\n")) == 0.0
    name, out = read_page(deep)
    assert name == "refused" and out.records == []


def test_entities_a_page_declares_are_never_expanded() -> None:
    # a billion-laughs chain and an external entity: libxml2's HTML parser reads neither
    page = (
        '<!DOCTYPE html [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '<!ENTITY e SYSTEM "file:///etc/passwd">\n]>\n'
        '<html><head><meta name="citation_title" content="T &b; &e;"/></head><body>x</body></html>'
    )
    name, out = read_page(page)
    assert name == highwire.NAME
    assert out.records[0].title == "T &b; &e;"


def _inputs() -> list[Path]:
    roots = [SHARED / "real-pages", SHARED / "real-exports", SHARED / "seeds", ROOT / "seeds"]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file())


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared folder of real pages and exports")
def test_no_real_page_or_export_is_claimed_by_this_reader() -> None:
    files = _inputs()
    assert len(files) > 8
    for path in files:
        text = read(path, path.name)
        if not isinstance(text, Text):
            continue
        assert highwire.sniff(text.lines) == 0.0, path
        chosen = choose(text.lines)
        assert chosen is None or chosen[0].name != highwire.NAME, path
