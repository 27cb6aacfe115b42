"""Defects found by running kg on real computer-science exports (third sweep: ACL Anthology,
OpenReview, Semantic Scholar, arXiv, OpenAlex endpoints, CSL-JSON), each pinned by a small
invented snippet with the structure of the real file or answer named in its test (the real
files stay outside the repository)."""

from __future__ import annotations

import json

from conftest import read_export as read

from kg.extract import arxiv_atom, bibtex, openalex

# --- OpenAlex -----------------------------------------------------------------------------


def test_openalex_authors_answer_is_rejected_not_read_as_papers():
    # /authors answers have the /works shape (ourresearch/openalex-docs api-entities/authors/author-object.md):
    # each author's display_name was read as a paper's title
    answer = {
        "meta": {"count": 2, "db_response_time_ms": 21, "page": 1, "per_page": 25},
        "results": [
            {
                "id": "https://openalex.org/A5099999901",
                "orcid": "https://orcid.org/0000-0002-0000-0001",
                "display_name": "Ada Quill",
                "works_count": 12,
                "works_api_url": "https://api.openalex.org/works?filter=author.id:A5099999901",
            },
            {"id": "https://openalex.org/I4299999902", "display_name": "Pond University", "works_count": 7},
        ],
        "group_by": [],
    }
    out = read(openalex, json.dumps(answer, indent=2))
    assert out.records == []
    assert [(r.code, r.locator) for r in out.rejects] == [("not_a_paper", "/results/0"), ("not_a_paper", "/results/1")]
    assert "author (A5099999901: Ada Quill)" in out.rejects[0].reason
    assert "institution" in out.rejects[1].reason


def test_openalex_group_by_answer_is_one_clear_reject():
    # /works?group_by=publication_year answers hold counts, no work (openalex-docs get-groups-of-works.md)
    answer = {
        "meta": {"count": 5, "db_response_time_ms": 9, "page": None, "per_page": 200, "groups_count": 2},
        "results": [],
        "group_by": [
            {"key": "2019", "key_display_name": "2019", "count": 3},
            {"key": "2020", "key_display_name": "2020", "count": 2},
        ],
    }
    out = read(openalex, json.dumps(answer, indent=2))
    assert out.records == []
    assert [(r.code, r.line) for r in out.rejects] == [("not_a_paper", 1)]
    assert "2 counts of works per group (2019: 3, 2020: 2" in out.rejects[0].reason


def test_openalex_single_author_object_is_a_clear_reject():
    # /authors/A… saved alone (openalex-docs get-a-single-author.md): "no known page layout" before
    author = {
        "id": "https://openalex.org/A5099999901",
        "orcid": "https://orcid.org/0000-0002-0000-0001",
        "display_name": "Ada Quill",
        "works_count": 12,
        "works_api_url": "https://api.openalex.org/works?filter=author.id:A5099999901",
    }
    text = json.dumps(author, indent=2)
    assert openalex.sniff(text.split("\n")) > 0.5
    out = read(openalex, text)
    assert out.records == [] and [r.code for r in out.rejects] == ["not_a_paper"]


def test_openalex_works_answer_still_reads():
    work = {"id": "https://openalex.org/W4399999903", "title": "Frogs", "publication_year": 2021, "authorships": []}
    out = read(openalex, json.dumps({"meta": {"count": 1}, "results": [work], "group_by": []}, indent=2))
    assert [r.title for r in out.records] == ["Frogs"] and out.rejects == []


def test_openalex_answer_saved_on_one_line_is_read_whole():
    # The API answers compact, on one line, as `curl … > works.json` saves it: the line was read as
    # JSON Lines, the whole answer as one work without a title, and every work in it lost
    work = {"id": "https://openalex.org/W4399999903", "title": "Frogs", "publication_year": 2021, "authorships": []}
    answer = {"meta": {"count": 9, "db_response_time_ms": 5}, "results": [work, {**work, "title": "Toads"}]}
    out = read(openalex, json.dumps(answer, separators=(",", ":")))
    assert [(r.title, r.locator) for r in out.records] == [("Frogs", "/results/0"), ("Toads", "/results/1")]
    assert out.rejects == []
    assert "OpenAlex counts 9 works for the query; this answer holds 2" in out.page.notes
    grouped = {"meta": {"count": 1}, "results": [], "group_by": [{"key": "x", "key_display_name": "X", "count": 1}]}
    assert [r.code for r in read(openalex, json.dumps(grouped)).rejects] == ["not_a_paper"]


def test_openalex_pages_saved_one_per_line_give_their_works():
    work = {"id": "https://openalex.org/W4399999904", "title": "Newts", "publication_year": 2020}
    pages = [{"meta": {"count": 2, "page": n}, "results": [{**work, "title": f"Newts {n}"}]} for n in (1, 2)]
    out = read(openalex, "\n".join(json.dumps(p) for p in pages))
    assert [(r.title, r.locator, r.line) for r in out.records] == [
        ("Newts 1", "/0/results/0", 1),
        ("Newts 2", "/1/results/0", 2),
    ]


# --- BibTeX -------------------------------------------------------------------------------


def test_bibtex_semantic_scholar_proceedings_paper_keeps_its_meeting_as_venue():
    # Semantic Scholar's BibTeX prints a proceedings paper with its arXiv copy as the journal:
    # "@Article{Cai2021LearnedRP, booktitle = {Neural Information Processing Systems}, journal = {ArXiv},
    # volume = {abs/2110.05649}}" (quoted in public paper digests); the venue read was "ArXiv"
    text = (
        "@inproceedings{Quill2024,\n author = {Ada Quill and Bo Reed},\n"
        " booktitle = {Annual Meeting on Ponds},\n journal = {ArXiv},\n"
        " title = {Frogs at Scale},\n volume = {abs/2401.00077},\n year = {2024},\n"
        "  doi = {10.48550/arXiv.2401.00077}\n}\n\n"
        "@Article{Reed2023,\n author = {Bo Reed},\n journal = {ArXiv},\n title = {Toads},\n"
        " volume = {abs/2302.00011},\n year = {2023}\n}\n\n"
        "@article{Lee2022,\n title={Newts},\n author={Lee, Kim},\n journal={arXiv preprint arXiv:2203.00022},\n"
        " booktitle={Workshop on Wetlands},\n year={2022}\n}"
    )
    out = read(bibtex, text)
    assert [(r.venue, r.arxiv_id) for r in out.records] == [
        ("Annual Meeting on Ponds", "2401.00077"),
        ("ArXiv", "2302.00011"),  # a preprint alone keeps its server as venue
        ("Workshop on Wetlands", "2203.00022"),
    ]


def test_bibtex_kaggle_citation_comma_separated_authors_are_people():
    # Kaggle's "Cite" BibTeX (ContextLab/llm-stylometry paper/custom.bib, HamnEtal12) separates authors
    # with commas, handles among them: "{Ben Hamner, Jaison Morgan, lynnvandev, …}" was read as ONE
    # invented person "lynnvandev Mark Shermis Tom Vander Ark Ben Hamner Jaison Morgan"
    text = (
        "@misc{pond-frogs-2021,\n    author = {Ada Quill, frogfan, Bo Reed},\n    title = {Pond Frog Counting},\n"
        "    publisher = {Kaggle},\n    year = {2021},\n    url = {https://kaggle.com/competitions/pond-frogs-2021}\n}\n"
        "@misc{newts,\n    author = {Kim Lee, Ana Cruz},\n    title = {Newt Census},\n    publisher = {Kaggle},\n"
        "    year = {2020}\n}\n"
        "@article{plain,\n    author = {Lee, Kim and Santos, Jr, Ana and {Pond, Lake and Co}},\n    title = {Toads},\n"
        "    year = {2020}\n}"
    )
    out = read(bibtex, text)
    assert [r.authors for r in out.records] == [
        ["Ada Quill", "frogfan", "Bo Reed"],
        ["Kim Lee", "Ana Cruz"],  # two people: on Kaggle one comma is no "Last, First"
        ["Kim Lee", "Ana Santos Jr", "Pond, Lake and Co"],  # BibTeX's own forms are untouched
    ]


def test_bibtex_arxiv_team_report_colon_is_no_author():
    # arXiv's BibTeX of the GPT-4 Technical Report (2303.08774) and GPT-4o System Card prints
    # "author={OpenAI and : and Josh Achiam and …}" (quoted in public reading lists): ":" was a person
    text = (
        "@misc{pond2024report,\n      title={Pond-4 Technical Report},\n"
        "      author={PondAI and : and Ada Quill and Bo Reed and - and others},\n      year={2024},\n"
        "      eprint={2403.00042},\n      archivePrefix={arXiv},\n      primaryClass={cs.CL}\n}"
    )
    (record,) = read(bibtex, text).records
    assert record.authors == ["PondAI", "Ada Quill", "Bo Reed"]
    assert record.authors_truncated and record.arxiv_id == "2403.00042"


def test_bibtex_and_etc_ends_a_list_like_and_others():
    # hand-written citation blocks end the list with "etc." (the ToolLLaMA entry "…Yan, Lan and etc.}",
    # YOLOv12's "author={Tian, Yunjie and etc.}"): "etc." was a person
    text = "@misc{Pond,\n  author = {Quill, Ada and Reed, Bo and etc.},\n  title = {PondTool},\n  year = {2023}\n}"
    (record,) = read(bibtex, text).records
    assert (record.authors, record.authors_truncated) == (["Ada Quill", "Bo Reed"], True)


def test_bibtex_footnote_marks_leave_the_names():
    # Zotero's copy of an OpenReview paper (brendon-boldt/phd-thesis zotero.bib): author = {Lowe*, Ryan and
    # Gupta*, Abhinav and …}: the equal-contribution star stayed in the name ("Ryan Lowe*")
    text = (
        "@inproceedings{q,\n\tauthor = {Quill*, Ada and Bo Reed\u2020 and Lee, Kim},\n"
        "\ttitle = {Ponds},\n\tyear = {2019}\n}"
    )
    (record,) = read(bibtex, text).records
    assert record.authors == ["Ada Quill", "Bo Reed", "Kim Lee"]
    assert record.author_details[0]["raw_name"] == "Quill*, Ada"  # as printed


def test_bibtex_year_with_a_natbib_letter_keeps_its_year():
    # "year = {2019a}" tells two works of one author and year apart (ajtanskanen/econogym README's
    # econogym entry): the year was lost
    text = "@misc{pond,\n\t  author = {Ada Quill},\n\t  title = {Pond Gym},\n\t  year = {2019a},\n\t}\n"
    text += "@misc{lake, title={Lake}, year={20199}}"
    out = read(bibtex, text)
    assert [(r.title, r.year) for r in out.records] == [("Pond Gym", 2019), ("Lake", None)]


# --- arXiv Atom ---------------------------------------------------------------------------

LISTING = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">
  <id>http://rss.arxiv.org/atom/cs.LG</id>
  <title>cs.LG updates on arXiv.org</title>
  <entry>
    <id>oai:arXiv.org:2602.00071v1</id>
    <title>Frogs that Learn</title>
    <link href="https://arxiv.org/abs/2602.00071" rel="alternate" type="text/html"/>
    <summary>arXiv:2602.00071v1 Announce Type: new
Abstract: We teach frogs.</summary>
    <category term="cs.LG"/>
    <category term="q-bio.PE"/>
    <published>2026-02-23T00:00:00-05:00</published>
    <arxiv:announce_type>new</arxiv:announce_type>
    <dc:creator>Ada Quill, Bo Reed</dc:creator>
  </entry>
  <entry>
    <id>oai:arXiv.org:2301.00099v3</id>
    <title>Toads Revisited</title>
    <summary>arXiv:2301.00099v3 Announce Type: replace-cross
Abstract: Toads, again.</summary>
    <category term="math.OC"/>
    <published>2026-02-23T00:00:00-05:00</published>
    <arxiv:announce_type>replace-cross</arxiv:announce_type>
    <arxiv:journal_reference>Pond Letters 3 (2025) 1-9</arxiv:journal_reference>
    <arxiv:DOI>10.5555/Pond.2025.1</arxiv:DOI>
    <dc:creator>Kim Lee</dc:creator>
  </entry>
</feed>"""


def test_arxiv_daily_listing_feed_entries_are_papers():
    # arXiv's daily listing feed (rss.arxiv.org/atom/<category>, arXiv/arxiv-docs
    # source/help/atom_specifications.md): ids "oai:arXiv.org:…", authors in one dc:creator;
    # every entry was rejected "entry without an arXiv id"
    assert arxiv_atom.sniff(LISTING.split("\n")) > 0.9
    out = read(arxiv_atom, LISTING)
    assert out.rejects == []
    new, replaced = out.records
    assert (new.arxiv_id, new.identifiers["arxiv_version"], new.line) == ("2602.00071", "v1", 5)
    assert new.authors == ["Ada Quill", "Bo Reed"]
    assert (new.abstract, new.date, new.categories) == ("We teach frogs.", "2026-02-23", ["cs.LG", "q-bio.PE"])
    assert new.identifiers["url"] == "https://arxiv.org/abs/2602.00071"
    # a replacement is announced on its new version's day, not the paper's: no date is invented
    assert (replaced.arxiv_id, replaced.authors) == ("2301.00099", ["Kim Lee"])
    assert (replaced.date, replaced.year, replaced.abstract) == (None, None, "Toads, again.")
    assert (replaced.venue, replaced.doi) == ("Pond Letters 3 (2025) 1-9", "10.5555/pond.2025.1")


def test_arxiv_daily_listing_rss_items_are_papers():
    # the same listing as RSS 2.0 (rss.arxiv.org/rss/<category>, arXiv/arxiv-docs
    # source/help/rss_specifications.md): the whole file was "no known page layout or export format"
    rss = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG</link>
    <item>
      <title>Frogs that Learn</title>
      <link>https://arxiv.org/abs/2602.00071</link>
      <description>arXiv:2602.00071v2 Announce Type: cross
Abstract: We teach frogs &amp; toads.</description>
      <guid isPermaLink="false">oai:arXiv.org:2602.00071v2</guid>
      <category>q-bio.PE</category>
      <category>cs.LG</category>
      <pubDate>Mon, 23 Feb 2026 00:00:00 -0500</pubDate>
      <arxiv:announce_type>cross</arxiv:announce_type>
      <dc:creator>Ada Quill, Bo Reed and Kim Lee</dc:creator>
    </item>
    <item>
      <title>Untitled Newts</title>
      <description>arXiv:hep-th/9901001v4 Announce Type: replace
Abstract: Old newts.</description>
      <guid isPermaLink="false">oai:arXiv.org:hep-th/9901001v4</guid>
      <pubDate>Mon, 23 Feb 2026 00:00:00 -0500</pubDate>
      <arxiv:DOI>10.5555/newt.1999</arxiv:DOI>
      <dc:creator>Kim Lee</dc:creator>
    </item>
  </channel>
</rss>"""
    assert arxiv_atom.sniff(rss.split("\n")) > 0.9
    out = read(arxiv_atom, rss)
    assert out.rejects == []
    first, old = out.records
    assert (first.arxiv_id, first.identifiers["arxiv_version"], first.line) == ("2602.00071", "v2", 6)
    assert (first.title, first.abstract) == ("Frogs that Learn", "We teach frogs & toads.")
    assert (first.authors, first.date, first.categories) == (
        ["Ada Quill", "Bo Reed", "Kim Lee"],
        "2026-02-23",
        ["q-bio.PE", "cs.LG"],
    )
    assert (first.identifiers["url"], first.locator) == ("https://arxiv.org/abs/2602.00071", "/rss/channel/item[1]")
    assert (old.arxiv_id, old.date, old.doi, old.authors) == ("hep-th/9901001", None, "10.5555/newt.1999", ["Kim Lee"])
