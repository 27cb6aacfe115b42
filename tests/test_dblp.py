# ruff: noqa: E501  (the page below keeps the captured lines whole)
"""DBLP person pages, on pages modelled on real Markdown captures of dblp.org/pid/… pages.

The model: a crawler's Markdown capture of https://dblp.org/pid/79/1282.html (Eric Patterson),
the search index's file 53687056596 (repository not given); the same tool's capture of a larger
page (file 53732207536) prints homonym-numbered coauthors ("Fu Xiao 0001", "Changyin Sun 0001").
Entries read "\\[c11\\]" then linked authors ending in ":", a blank line, "Title. [Venue](…#key): pages";
the coauthor index prints a linked name, an optional "aka: …" line and the entries "[c11] [i1]".
"""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import choose, dblp
from kg.extract.base import Context
from kg.model import REJECT_CODES, Record

CTX = Context(as_of=dt.date(2026, 11, 1))
PID = "https://dblp.org/pid"
DB = "https://dblp.org/db"

PAGE = f"""\
> 抓取来源：https://dblp.org/pid/79/1282.html

- [Eric K. Patterson]({PID}/93/9217.html)
- [Eric M. Patterson]({PID}/394/5234.html)

_showing all 5 records_

**refine by coauthor**

- ![](https://dblp.org/img/add-mark.12x12.png)Chi Nhan Duong (2)

- 2019
- ![](https://dblp.org/img/n.png)

\\[c11\\]
[Chi Nhan Duong]({PID}/16/11112.html), Eric Patterson![](https://dblp.org/img/orcid-mark.12x12.png), [Ngan Le]({PID}/37/245.html)![](https://dblp.org/img/orcid-mark.12x12.png):

Automatic Face Aging in Videos via Deep Reinforcement Learning. [CVPR2019]({DB}/conf/cvpr/cvpr2019.html#conf/cvpr/DuongLQNPBL19): 10013-10022
- 2018
- ![](https://dblp.org/img/n.png)

\\[i1\\]
[Chi Nhan Duong]({PID}/16/11112.html), Eric Patterson, [Ngan Le]({PID}/37/245.html):

Automatic Face Aging in Videos via Deep Reinforcement Learning. [CoRRabs/1811.11082]({DB}/journals/corr/corr1811.html#journals/corr/abs-1811-11082) (2018)
- 2013
- ![](https://dblp.org/img/n.png)

\\[c7\\]
Eric Patterson, [Jun Li 0033]({PID}/116/1011-33.html):

Visualizing H. L. Hunley: Understanding the past (short paper). [IUI Workshops2013]({DB}/conf/iui/iui2013w.html#conf/iui/PattersonL13)
- 2011
- ![](https://dblp.org/img/n.png)

\\[c4\\]
[Hiro-omi Tamura]({PID}/19/6789.html), Eric Patterson, [Changyin Sun]({PID}/64/221.html):

Gender Classification Using the Profile. [ISNN (2)2011]({DB}/conf/isnn/isnn2011-2.html#conf/isnn/YangSPRS11): 288-295
- 1991
- ![](https://dblp.org/img/n.png)

\\[j1\\]
[Hiro-omi Tamura]({PID}/19/6789.html), Eric Patterson:

Molecular cloning of a cDNA of a topoisomerase. [Nucleic Acids Res.19(1)]({DB}/journals/nar/nar19.html#journals/nar/TamuraP91): 69-75 (1991)
- _no results_

Note that this feature is a _work in progress_ and that it is still far from perfect.

[1]({PID}/79/1282.html?view=joint&param=1 "show joint publications")

[Chi Nhan Duong]({PID}/16/11112.html)

[\\[c11\\]]({PID}/79/1282.html#c11) [\\[i1\\]]({PID}/79/1282.html#i1)

[2]({PID}/79/1282.html?view=joint&param=2 "show joint publications")

[T. Hoang Ngan Le]({PID}/37/245.html)

aka: Ngan Le

[\\[c11\\]]({PID}/79/1282.html#c11) [\\[i1\\]]({PID}/79/1282.html#i1)

[3]({PID}/79/1282.html?view=joint&param=3 "show joint publications")

[Changyin Sun 0001]({PID}/64/221.html)

[\\[c4\\]]({PID}/79/1282.html#c4)

**manage site settings**
"""


def read(text: str):
    lines = textwrap.dedent(text).splitlines()
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == dblp.NAME, chosen
    return chosen[1], dblp.extract("pid.md", chosen[1].lines, CTX)


def test_person_page_reads_every_entry_with_its_key_year_and_venue() -> None:
    view, out = read(PAGE)
    assert view.capture == "markdown"
    assert out.rejects == []
    assert out.page.owner == "Eric Patterson"  # the one author printed without a link
    assert [r.locator for r in out.records] == ["[c11]", "[i1]", "[c7]", "[c4]", "[j1]"]
    cvpr, _, iui, isnn, nar = out.records
    assert (cvpr.title, cvpr.venue, cvpr.year, cvpr.date) == (
        "Automatic Face Aging in Videos via Deep Reinforcement Learning",
        "CVPR 2019",
        2019,
        None,
    )
    assert (cvpr.identifiers["dblp"], cvpr.entry_type) == ("conf/cvpr/DuongLQNPBL19", "inproceedings")
    assert cvpr.authors == ["Chi Nhan Duong", "Eric Patterson", "Ngan Le"]
    assert iui.title == "Visualizing H. L. Hunley: Understanding the past (short paper)"
    assert (nar.venue, nar.year, nar.entry_type) == ("Nucleic Acids Res. 19(1)", 1991, "article")
    assert isnn.venue == "ISNN (2) 2011"
    assert isnn.authors[0] == "Hiro-omi Tamura"
    # The record's line maps back to the "\[c11\]" line of the saved file.
    assert view.file_line(cvpr.line) == PAGE.splitlines().index("\\[c11\\]") + 1


def test_preprint_and_published_version_are_both_kept_with_what_joins_them() -> None:
    _, out = read(PAGE)
    cvpr, corr = out.records[:2]
    assert corr.title == cvpr.title
    assert (corr.arxiv_id, corr.venue, corr.year) == ("1811.11082", "CoRR abs/1811.11082", 2018)
    assert (corr.identifiers["dblp"], corr.entry_type) == ("journals/corr/abs-1811-11082", "informal")
    assert cvpr.arxiv_id is None
    assert corr.authors == cvpr.authors


def test_homonym_numbers_and_aka_names() -> None:
    _, out = read(PAGE)
    cvpr, _, iui, isnn, _ = out.records
    # Printed with its number: the number leaves the name and stays in the DBLP name.
    assert iui.authors == ["Eric Patterson", "Jun Li"]
    assert iui.author_details[1] == {"dblp": "Jun Li 0033", "raw_name": "Jun Li 0033", "dblp_pid": "116/1011-33"}
    # Printed without it: the coauthor index, by the person's link, gives the number.
    assert isnn.authors[2] == "Changyin Sun"
    assert isnn.author_details[2] == {"dblp_pid": "64/221", "dblp": "Changyin Sun 0001"}
    # "aka" in the index: the entry prints "Ngan Le", DBLP's name is "T. Hoang Ngan Le".
    assert cvpr.author_details[2] == {"dblp_pid": "37/245", "dblp": "T. Hoang Ngan Le", "aka": ["T. Hoang Ngan Le"]}
    assert cvpr.author_details[1] == {}  # the owner: no link, not in the index


def test_plain_text_copy_reads_the_same_without_links() -> None:
    view, linked = read(PAGE)
    plain = dblp.extract("pid.txt", list(view.lines), CTX)  # the same text, no link targets
    assert plain.rejects == []
    assert [(r.title, r.authors, r.year, r.venue, r.arxiv_id) for r in plain.records] == [
        (r.title, r.authors, r.year, r.venue, r.arxiv_id) for r in linked.records
    ]
    assert plain.page.owner == "Eric Patterson"
    isnn = plain.records[3]
    assert isnn.author_details[2] == {"dblp": "Changyin Sun 0001"}  # by name: one coauthor of that name
    assert "dblp" not in isnn.identifiers  # the key is only in a link


# ------------------------------------------------------------------------------------------ bad input


def test_page_cut_off_after_an_entrys_authors() -> None:
    page = PAGE[: PAGE.index("Molecular cloning")]
    _, out = read(page)
    assert len(out.records) == 4
    (bad,) = out.rejects
    assert (bad.code, bad.reason) == ("cut_off", "DBLP entry [j1] ends before its title")
    assert "Hiro-omi Tamura" in bad.raw


def test_person_page_with_no_publication_is_one_reject() -> None:
    page = """\
        # dblp: Nobody Here

        [Nobody Here](https://dblp.org/pid/00/0000.html)

        _showing all 0 records_
    """
    lines = textwrap.dedent(page).splitlines()
    assert dblp.sniff(lines) == 0.0  # nothing to claim: the build rejects it as an unknown layout
    out = dblp.extract("p", lines, CTX)
    (bad,) = out.rejects
    assert bad.code == "no_listing" and bad.code in REJECT_CODES


def test_arxiv_listing_numbers_are_not_dblp_entries() -> None:
    assert dblp.sniff(["[1] arXiv:2610.08778", "Title: X", "Ada Lovelace", "Subjects: AI (cs.AI)"]) == 0.0


# ------------------------------------------------------------------------------------- round trip

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
NAME = st.builds(lambda a, b: f"{a.capitalize()} {b.capitalize()}", WORD, WORD)
TITLE = st.lists(WORD, min_size=6, max_size=10).map(lambda ws: " ".join(ws).capitalize())
VENUE = st.sampled_from(["CVPR", "ICML", "Nat. Mach. Intell.", "IEEE Trans. Mob. Comput.", "ACL Findings"])


@st.composite
def records(draw) -> list[Record]:
    out = []
    counts: dict[str, int] = {}
    for year in sorted(draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=4, unique=True)), reverse=True):
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["article", "inproceedings"]))
            letter = "j" if kind == "article" else "c"
            counts[letter] = counts.get(letter, 0) + 1
            out.append(
                Record(
                    source="p",
                    line=0,
                    layout=dblp.NAME,
                    title=draw(TITLE),
                    authors=draw(st.lists(NAME, min_size=1, max_size=5, unique=True)),
                    year=year,
                    venue=draw(VENUE),
                    entry_type=kind,
                    locator=f"[{letter}{counts[letter]}]",
                )
            )
    return out


@settings(max_examples=60, deadline=None)
@given(records())
def test_render_then_extract_gives_the_records_back(recs: list[Record]) -> None:
    lines = dblp.render(recs).splitlines()
    out = dblp.extract("p", lines, CTX)
    assert out.rejects == []
    for got in out.records:
        got.line = 0
    assert out.records == recs


# Modelled on the text of one real dblp entry as a scraper's test keeps it (search index file
# 39478504500): the number, then the entry's menu (view, export, ask others, share) one item per
# line, "dblp key:" and "persistent URL:" with their values, then authors and title on one line.
# The DOI line stands for the menu's "electronic edition via DOI" link printed as a bare URL; the
# DOI itself is a placeholder.
TEXT_ENTRY = """\
    2023
    [c6]
    view
    electronic edition via DOI
    https://doi.org/10.1145/0000000.0000000
    unpaywalled version
    references & citations
    authority control:
    export record
    BibTeX
    RIS
    RDF N-Triples
    XML
    dblp key:
    conf/www/AdriaensA23
    ask others
    Google
    Google Scholar
    share record
    Reddit
    persistent URL:
    https://dblp.org/rec/conf/www/AdriaensA23
    Florian Adriaens, Simon Apers: Testing Cluster Properties of Signed Graphs. WWW 2023: 49-59
    2020
    [c5]
    view
    persistent URL:
    https://dblp.org/rec/conf/kdd/AdriaensGLL20
    Florian Adriaens, Aristides Gionis:
    Diameter Constrained Subgraphs. KDD 2020: 1-10
"""


def test_text_copy_with_entry_menus_gives_keys_and_dois() -> None:
    lines = textwrap.dedent(TEXT_ENTRY).splitlines()
    assert dblp.sniff(lines) >= 0.5
    out = dblp.extract("t.txt", lines, CTX)
    assert out.rejects == []
    www, kdd = out.records
    assert (www.title, www.venue, www.year) == ("Testing Cluster Properties of Signed Graphs", "WWW 2023", 2023)
    assert www.authors == ["Florian Adriaens", "Simon Apers"]
    assert (www.identifiers["dblp"], www.doi) == ("conf/www/AdriaensA23", "10.1145/0000000.0000000")
    assert (kdd.identifiers["dblp"], kdd.doi, kdd.year) == ("conf/kdd/AdriaensGLL20", None, 2020)
    assert out.page.owner == "Florian Adriaens"


# A text capture of a person page with one entry (structure of the real capture in the search
# index's file 71423325007, dblp.org/pid/30/8494): nothing is linked, so every author of the one
# entry is "printed without a link in every entry" alike. Names and title here are invented.
ONE_ENTRY = """\
# Wenna Okafor

## Person information

## 2020 – today

  * Image: Informal and Other Publications

[i1]

    * view

persistent URL:

      * https://dblp.org/rec/journals/corr/abs-2601-00001

Tomas Berglund, Ines Marquez, Wenna Okafor, Ravi Deshpande:
Quiet Tokens Speak Louder. CoRR abs/2601.00001 (2026)
"""


def test_one_entry_page_copied_without_links_takes_its_owner_from_the_heading() -> None:
    _, out = read(ONE_ENTRY)
    assert [r.title for r in out.records] == ["Quiet Tokens Speak Louder"]
    assert out.page.owner == "Wenna Okafor"
    # The "dblp: …" title a plain copy prints serves as well, homonym number and all.
    titled = ONE_ENTRY.replace("# Wenna Okafor", "dblp: Ines Marquez 0002")
    assert read(titled)[1].page.owner == "Ines Marquez"
    # No heading names one of the tied authors: the owner stays unknown, never one picked by chance.
    headless = ONE_ENTRY.replace("# Wenna Okafor", "dblp")
    assert read(headless)[1].page.owner is None


# The same text capture prints an entry's menu as nested list items, each value on an item of
# its own ("dblp key:" then "      * journals/corr/abs-…"), which Markdown reads as indented code
# with the bullet kept. Structure of file 71423325007; key, names and title invented.
BULLETED_MENU = """\
# Wenna Okafor

## 2020 – today

  * Image: Informal and Other Publications

[i2]

    * view

      * details & citations

    * export record

      * BibTeX
      * RIS

dblp key:

      * journals/corr/abs-2601-00002

    * ask others

      * Google Scholar

persistent URL:

      * https://dblp.org/rec/journals/corr/abs-2601-00002

Wenna Okafor, Tomas Berglund:
Listening to Quiet Tokens. CoRR abs/2601.00002 (2026)

  * Image: Conference and Workshop Papers

[c1]

    * view

persistent URL:

      * https://dblp.org/rec/conf/icml/OkaforB25

Wenna Okafor, Ines Marquez:
Tokens That Whisper. ICML 2025: 1-9
"""


def test_menu_values_printed_as_list_items_give_the_entry_keys() -> None:
    _, out = read(BULLETED_MENU)
    assert out.rejects == []
    assert [(r.locator, r.identifiers.get("dblp")) for r in out.records] == [
        ("[i2]", "journals/corr/abs-2601-00002"),
        ("[c1]", "conf/icml/OkaforB25"),
    ]
    # The plain text of the same capture, bullets as printed, reads the same keys.
    plain = dblp.extract("t.txt", BULLETED_MENU.splitlines(), CTX)
    assert [r.identifiers.get("dblp") for r in plain.records] == ["journals/corr/abs-2601-00002", "conf/icml/OkaforB25"]
