"""BibTeX, RIS and CSL-JSON exports: the shared real files against their truth, the hard cases
each format has (macros, crossref, "and others", "Thompson, F.R., III", literal names, partial
dates), hostile inputs that must cost one reject and nothing beside it, and round trips through
each library's own writer (bibtexparser, rispy) for random records.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import pytest
from conftest import read_export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import bibtex, choose, csl_json, ris
from kg.extract.base import Context
from kg.identifiers import normalize_doi
from kg.model import Record
from kg.read import decode

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-exports"
BIB = SHARED / "bib_02_pyhf_use_citations.bib"
RIS = SHARED / "ris_01_synthesisr_scopus.ris"
CSL = SHARED / "csl_01_gayashiva_thesis_My_Library.json"
needs_shared = pytest.mark.skipif(not BIB.exists(), reason=f"the shared real exports are not at {SHARED}")
CTX = Context(as_of=dt.date(2026, 11, 24))
read = functools.partial(read_export, ctx=CTX)


def truth(name: str) -> dict:
    return json.loads((SHARED / "truth.json").read_text(encoding="utf-8"))[name]


def lines_of(path: Path) -> list[str]:
    text = decode(path.name, path.read_bytes())
    assert not hasattr(text, "reason"), text
    return text.lines


def year_of(record: Record) -> int | None:
    return record.year or (int(record.date[:4]) if record.date else None)


# --- the shared real files ---------------------------------------------------------------


@needs_shared
def test_each_real_export_is_claimed_by_its_own_reader():
    for path, name in ((BIB, "bibtex"), (RIS, "ris"), (CSL, "csl-json")):
        chosen = choose(lines_of(path))
        assert chosen is not None and chosen[0].name == name, path.name
    # CSL-JSON does not claim the OpenAlex answer (nor the other readers' files)
    for other in ("openalex_01_author_A5017898742_works.json", "arxiv_01_arxivpy_del_maestro_2016.xml"):
        assert csl_json.sniff(lines_of(SHARED / other)) == 0.0
        assert bibtex.sniff(lines_of(SHARED / other)) == 0.0
        assert ris.sniff(lines_of(SHARED / other)) == 0.0


@needs_shared
def test_bibtex_real_file_against_truth():
    want = truth(BIB.name)
    out = bibtex.extract(BIB.name, lines_of(BIB), CTX)
    assert (len(out.records), out.rejects) == (want["entries"], [])
    types: dict[str, int] = {}
    for r in out.records:
        types[r.entry_type] = types.get(r.entry_type, 0) + 1
    assert types == want["entry_types"]
    # every DOI the file prints is on its entry's record
    printed = {
        m.group(1): normalize_doi(m.group(2))
        for m in re.finditer(r'@\w+\{([^,]+),[^@]*?\bdoi\s*=\s*"([^"]+)"', BIB.read_text(encoding="utf-8"))
    }
    assert len(set(printed.values())) == want["distinct_dois"] == 40
    by_key = {r.locator: r for r in out.records}
    assert {key: by_key[key].doi for key in printed} == printed
    assert sum(r.authors_truncated for r in out.records) == want["entries_with_and_others"]
    assert sum(bool(r.arxiv_id) for r in out.records) == want["entries_with_arxiv_id"]
    for sample in want["samples"]:
        r = by_key[sample["key"]]
        assert (r.line, r.entry_type, r.title) == (sample["line"], sample["type"], sample["title"])
        assert (r.authors, r.doi, year_of(r)) == (sample["authors"], sample["doi"], sample["year"])
        assert [r.arxiv_id] == sample["arxiv"] and r.identifiers["bibtex"] == sample["key"]
        assert r.authors_truncated == sample.get("and_others", False)
    # the printed form of a "Last, First" name is kept beside "First Last"
    altakach = by_key["Altakach:2023tsd"]
    assert altakach.author_details[0]["raw_name"] == "Altakach, Mohammad Mahdi"
    assert altakach.category == "hep-ph" and altakach.venue is None  # `journal = ""` is no venue


@needs_shared
def test_ris_real_file_against_truth():
    want = truth(RIS.name)
    out = ris.extract(RIS.name, lines_of(RIS), CTX)
    assert (len(out.records), out.rejects) == (want["entries"], [])
    types: dict[str, int] = {}
    for r in out.records:
        types[r.entry_type] = types.get(r.entry_type, 0) + 1
    assert types == want["record_types"]
    printed = [normalize_doi(m.group(1)) for m in re.finditer(r"^DO  - (.+)$", RIS.read_text(encoding="utf-8"), re.M)]
    assert len(set(printed)) == want["distinct_dois"] == 82
    assert [r.doi for r in out.records if r.doi] == printed  # in file order, brackets kept
    assert "10.3398/1527-0904(2007)67[593:hrsobw]2.0.co;2" in printed
    assert sum(len(r.authors) for r in out.records) == want["authors_total"]
    for sample in want["samples"]:
        r = out.records[sample["index"]]
        assert (r.entry_type, r.title, r.doi, year_of(r)) == (
            sample["type"],
            sample["title"],
            sample["doi"],
            sample["year"],
        )
        assert (r.authors, r.venue) == (sample["authors"], sample["journal"])
        assert [d.get("raw_name", a) for d, a in zip(r.author_details, r.authors)] == sample["authors_as_printed"]


@needs_shared
def test_csl_json_real_file_against_truth():
    want = truth(CSL.name)
    out = csl_json.extract(CSL.name, lines_of(CSL), CTX)
    assert (len(out.records), out.rejects) == (want["entries"], [])
    items = json.loads(CSL.read_text(encoding="utf-8"))
    types: dict[str, int] = {}
    for r in out.records:
        types[r.entry_type] = types.get(r.entry_type, 0) + 1
    assert types == want["item_types"]
    by_id = {r.identifiers["csl"]: r for r in out.records}
    printed = {item["id"]: item["DOI"].lower() for item in items if item.get("DOI")}
    assert len(set(printed.values())) == want["distinct_dois"] == 62
    assert {key: by_id[key].doi for key in printed} == printed  # upper-case DOIs lower-cased
    # two more items print their DOI only as a doi.org URL; those are read too
    from_url = {r.identifiers["csl"]: r.doi for r in out.records if r.doi and r.identifiers["csl"] not in printed}
    assert from_url == {
        "hockGlacierMeltReview2005": "10.1191/0309133305pp453ra",
        "scherrerTemperatureMonitoringMountain2020": "10.1088/1748-9326/ab702d",
    }
    for sample in want["samples"]:
        r = by_id[sample["id"]]
        assert (r.entry_type, r.title, r.doi, year_of(r)) == (
            sample["type"],
            sample["title"],
            sample["doi"],
            sample["year"],
        )
        assert (r.authors, r.venue) == (sample["authors"], sample["container"])
    # partial dates stay partial: [[2011]] and [[2010, 7]] give a year, a full day a date
    assert (
        by_id["pedregosaScikitlearnMachineLearning2011"].year,
        by_id["pedregosaScikitlearnMachineLearning2011"].date,
    ) == (2011, None)
    assert (by_id["shichangResponseZhadangGlacier2010"].year, by_id["shichangResponseZhadangGlacier2010"].date) == (
        2010,
        None,
    )
    assert by_id["abrishambafAgriculturalIrrigationScheduling2020"].date == "2020-02-01"
    assert by_id["2007IngvarTveiten"].year is None  # no `issued`: the access date is not the paper's
    # the line of each item is where its object opens
    assert by_id["2007IngvarTveiten"].line == 2 and by_id["2007IngvarTveiten"].locator == "/0"


# --- hard cases of each format ------------------------------------------------------------

BIBLATEX = r"""% a BibLaTeX file with the hard parts
@string{prl = "Phys. Rev. Lett."}
@article{one,
  author = {D{\"u}rst, J{\'e}r{\^o}me and Lara, I\~naki and {MicroBooNE Collaboration} and others},
  title = {{Higgs} couplings at 50\% \& more},
  journal = prl,
  year = 2020, month = jan,
  eprint = {2001.01234v2}, archivePrefix = {arXiv}, primaryClass = {hep-ph},
  doi = {10.1103/PhysRevLett.1.2},
}
@inproceedings{two,
  author = {Ludwig van Beethoven and Thompson, Jr, Frank},
  title = {Child paper},
  crossref = {proc},
}
@proceedings{proc,
  title = {Proceedings of Things},
  date = {2019-06-03},
  publisher = {P},
}
@online{three, author = {Smith, Jane}, title = {No year here}, url = {https://doi.org/10.5555/ABC}}
"""


def test_bibtex_macros_crossref_accents_and_others():
    out = read(bibtex, BIBLATEX)
    assert out.rejects == []
    one, two, three = out.records
    assert one.authors == ["Jérôme Dürst", "Iñaki Lara", "MicroBooNE Collaboration"]
    assert one.authors_truncated and one.venue == "Phys. Rev. Lett." and one.year == 2020 and one.date is None
    assert one.title == "Higgs couplings at 50% & more"
    assert (one.arxiv_id, one.identifiers["arxiv_version"], one.doi) == ("2001.01234", "v2", "10.1103/physrevlett.1.2")
    assert (one.line, one.locator, one.categories) == (3, "one", ["hep-ph"])
    # crossref: the child takes the proceedings' title as its venue and its day as its date
    assert two.authors == ["Ludwig van Beethoven", "Frank Thompson Jr"]
    assert (two.venue, two.date, two.year) == ("Proceedings of Things", "2019-06-03", None)
    # the crossref'd proceedings is the child's venue, not one more paper (DBLP's "with crossref" export)
    assert any("volumes that other entries crossref (first: @proceedings proc, line 16)" in n for n in out.page.notes)
    assert three.doi == "10.5555/abc" and three.year is None


def test_bibtex_proceedings_nobody_crossrefs_is_an_entry_of_its_own():
    text = (
        "@inproceedings{p1, author = {Ada Byron}, title = {A part}, crossref = {vol}}\n"
        "@proceedings{vol, editor = {Carl Editor}, title = {The Volume}, year = {2020}}\n"
        "@proceedings{whole, editor = {Dora Editor}, title = {Cited Whole}, year = {2021}}\n"
        "@book{bk, author = {Eve Writer}, title = {A Monograph}, year = {2019}}\n"
        "@inbook{ch, author = {Eve Writer}, title = {Its Chapter}, crossref = {bk}}\n"
    )
    out = read(bibtex, text)
    assert [r.title for r in out.records] == ["A part", "Cited Whole", "A Monograph", "Its Chapter"]
    part = out.records[0]
    assert (part.venue, part.year, part.authors) == ("The Volume", 2020, ["Ada Byron"])
    # a crossref'd @book is a work of its own: only volumes (proceedings, collections) are venues
    assert out.records[3].venue == "A Monograph"


def test_ris_bom_crlf_repeated_tags_names_and_dates():
    text = (
        "\ufeffTY  - JOUR\r\nTI  - First\r\nAU  - Thompson, F.R., III\r\nAU  - HUTTO, R.L.\r\nAU  - WMO\r\n"
        "N1  - one\r\nN1  - two\r\nDA  - 2020/05/17/\r\nPY  - 2020\r\nJO  - J. Things\r\n"
        "DO  - https://doi.org/10.1000/ABC\r\nER  - \r\n\r\n"
        "TY  - CHAP\r\nT1  - Second\r\nY1  - 2015///\r\nT2  - A Book\r\nDO  - [10.1000/xyz]\r\nER  - \r\n"
    )
    out = ris.extract("x", decode("x.ris", text.encode("utf-8")).lines, CTX)
    assert out.rejects == []
    first, second = out.records
    assert first.authors == ["F.R. Thompson III", "R.L. HUTTO", "WMO"]
    assert (first.date, first.year, first.venue, first.doi) == ("2020-05-17", None, "J. Things", "10.1000/abc")
    assert (second.title, second.year, second.date, second.venue) == ("Second", 2015, None, "A Book")
    assert (second.doi, second.line, second.locator) == ("10.1000/xyz", 14, "record 2")
    # a DOI printed in another tag counts only where it is marked as one (PLOS: "M3  - doi:…")
    marked = read(ris, "TY  - JOUR\nT1  - A\nM3  - doi:10.1371/J.X\nER  - \nTY  - JOUR\nT1  - B\nM3  - Article\nER  - ")
    assert [r.doi for r in marked.records] == ["10.1371/j.x", None]
    # the reader also copes with a BOM and CR left on its lines
    assert [r.title for r in read(ris, text).records] == ["First", "Second"]


def test_csl_json_names_dates_and_wrapped_items():
    items = [
        {
            "id": "a",
            "type": "article-journal",
            "title": "One",
            "DOI": "10.1000/ABC",
            "author": [
                {"literal": "World Meteorological Organization"},
                {"family": "Rosnay", "given": "Patricia", "non-dropping-particle": "de"},
                {"family": "Bennett", "given": "Frank G.", "suffix": "Jr."},
                {"family": "Goethe", "given": "Johann Wolfgang", "dropping-particle": "von"},
            ],
            "issued": {"date-parts": [[2011, 5, 3]]},
            "container-title": "Nature",
        },
        {"id": 7, "type": "book", "title": "Two", "issued": {"raw": "2009-11"}},
        {"id": "c", "type": "report", "title": "Three", "issued": {"literal": "Spring 2010"}},
        {"id": "d", "type": "article", "title": "Four", "URL": "https://arxiv.org/abs/2101.00001v3"},
    ]
    wrapped = json.dumps({"version": 3, "items": items}, indent=1)  # Zotero's web API form
    for text, prefix in ((json.dumps(items, indent=2), ""), (wrapped, "/items")):
        out = read(csl_json, text)
        assert out.rejects == []
        one, two, three, four = out.records
        assert one.authors == [
            "World Meteorological Organization",
            "Patricia de Rosnay",
            "Frank G. Bennett Jr.",
            "Johann Wolfgang von Goethe",
        ]
        assert (one.doi, one.date, one.year, one.venue, one.locator) == (
            "10.1000/abc",
            "2011-05-03",
            None,
            "Nature",
            f"{prefix}/0",
        )
        assert (two.identifiers["csl"], two.year, two.date) == ("7", 2009, None)
        assert (three.year, four.arxiv_id, four.identifiers["arxiv_version"]) == (2010, "2101.00001", "v3")


def test_csl_json_sniff_claims_csl_not_other_json():
    item = {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2001]]}, "author": []}
    csl = json.dumps([item, {**item, "URL": "https://openalex.org/W2741809807"}])  # a link to OpenAlex is still CSL
    openalex = json.dumps({"results": [{"id": "https://openalex.org/W1", "type": "article", "title": "T"}]})
    assert csl_json.sniff(csl.split("\n")) >= 0.6
    assert csl_json.sniff(openalex.split("\n")) == 0.0
    assert csl_json.sniff(['{"name": "package", "version": "1.0", "type": "module"}']) == 0.0
    assert csl_json.sniff(["[1, 2, 3]"]) == 0.0


# --- hostile inputs: one readable reject each, nothing lost beside it ----------------------


@needs_shared
def test_bibtex_unbalanced_braces_cost_one_reject():
    lines = lines_of(BIB)
    at = 37  # before "% 2023-12-27" / @article{Altakach:2023tsd (line 39)
    broken = ["@article{Broken:2024, title = {Unbalanced {brace, year = 2024}", ""]
    out = bibtex.extract(BIB.name, lines[:at] + broken + lines[at:], CTX)
    assert len(out.records) == 75
    [bad] = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("bad_syntax", 38, "Broken:2024")
    assert "line 38" in bad.reason and "Broken:2024" in bad.raw
    altakach = next(r for r in out.records if r.locator == "Altakach:2023tsd")
    assert altakach.line == 41 and altakach.title == "Global LHC constraints on electroweak-inos with SModelS v2.3"


def test_bibtex_capitalised_field_keys_still_split_authors():
    # Web of Science writes its keys capitalised (`Author = {…}`) and wraps long values
    wos = (
        "@article{ WOS:000000000000001,\nAuthor = {Quill, Ada and\n   Moreno, Luis Alberto and Tan, B.},\n"
        "Title = {A made-up title},\nJournal = {JOURNAL OF THINGS},\nYear = {2023},\nDOI = {10.1000/XYZ.1},\n}\n"
    )
    [record] = read(bibtex, wos).records
    assert record.authors == ["Ada Quill", "Luis Alberto Moreno", "B. Tan"]
    assert (record.title, record.year, record.doi) == ("A made-up title", 2023, "10.1000/xyz.1")
    assert record.locator == "WOS:000000000000001"


def test_bibtex_web_of_science_escapes_in_dois_and_anonymous():
    # Web of Science escapes LaTeX specials everywhere: "\\_" in DOIs, "{[}" before a bracket
    text = r"""@article{ WOS:000000000000004,
Author = {{[}Anonymous]},
Title = {Not a made-up editorial},
Year = {2023},
DOI = {10.1386/eta\_00143\_1},
}
@article{ WOS:000000000000005,
Author = {Quill, Ada},
Title = {Teachers'' agency},
Year = {2024},
DOI = {10.30191/ETS.202401\_27(1).PP01},
}
@misc{z, title = {Linked}, url = {https://doi.org/10.1162/grey{\_}a\_00389}}
"""
    one, two, three = read(bibtex, text).records
    assert (one.authors, one.doi) == ([], "10.1386/eta_00143_1")
    assert (two.authors, two.doi) == (["Ada Quill"], "10.30191/ets.202401_27(1).pp01")
    assert three.doi == "10.1162/grey_a_00389"


def test_bibtex_escaped_brace_cut_by_line_wrapping_keeps_the_entry():
    # Web of Science wraps values at a fixed width and can cut "\\}" into "\\" and "}" on the next line
    wos = (
        "@article{ WOS:000000000000002,\nAuthor = {Quill, Ada},\nTitle = {A made-up chatbot},\n"
        "Abstract = {We link a model to GPT -\n   \\textbackslash{}begin\\{document\\}\\$\\$-\\$\\$\\end\\{document\\\n"
        "   } 3.5 via APIs.},\nYear = {2024},\nDOI = {10.1000/ABC.2},\n}\n"
        "@article{ WOS:000000000000003,\nAuthor = {Moreno, Luis},\nTitle = {Next},\nYear = {2023},\n}\n"
    )
    out = read(bibtex, wos)
    assert out.rejects == []
    first, second = out.records
    assert (first.title, first.year, first.doi, first.authors) == (
        "A made-up chatbot",
        2024,
        "10.1000/abc.2",
        ["Ada Quill"],
    )
    assert first.abstract.startswith("We link a model to GPT -") and first.abstract.endswith("3.5 via APIs.")
    assert (second.title, second.line, second.authors) == ("Next", 10, ["Luis Moreno"])


def test_bibtex_author_macros_defined_elsewhere_leave_the_authors_unknown():
    # JabRef libraries may keep one @string per person in another file: "Author = QuillA # { and } # MorenoL"
    text = """@string{QuillA = {Quill, Ada}}
@Article{one,
  Author = QuillA # { and } # MorenoL,
  Title = {Made-up semantics},
  Year = {2011},
  Doi = {10.1000/ONE.1}
}
@Article{two, Author = QuillA, Title = {Resolved}, Year = {2012}}
@Article{three, Author = MorenoL, Title = {Bare}, Year = 2013}
"""
    out = read(bibtex, text)
    assert out.rejects == []
    one, two, three = out.records
    assert (one.title, one.authors, one.year, one.doi) == ("Made-up semantics", [], 2011, "10.1000/one.1")
    assert two.authors == ["Ada Quill"]
    assert (three.title, three.authors, three.year) == ("Bare", [], 2013)
    assert out.page.notes == [
        "2 entries print their authors as @string macros this file does not define (first: one (line 2));"
        " their authors are left unknown"
    ]


def test_bibtex_google_scholar_preprint_names_its_arxiv_id_in_the_journal():
    # Google Scholar: the id is only in `journal`; others print it in a note or link the abstract page
    text = """@article{quill2020made,
  title={Made-up robust learning via trust},
  author={Quill, Ada and Moreno, Luis},
  journal={arXiv preprint arXiv:2012.00001},
  year={2020}
}
@misc{b, title={B}, note={arXiv:hep-th/9901001v2}}
@misc{c, title={C}, url={https://arxiv.org/abs/2301.00002v3}}
@article{d, title={D}, journal={IEEE Transactions on Things 2012.13995}, year={2021}}
@misc{e, title={E}, url={https://example.org/2301.00003}}
"""
    a, b, c, d, e = read(bibtex, text).records
    assert (a.arxiv_id, a.venue, a.authors, a.year) == (
        "2012.00001",
        "arXiv preprint arXiv:2012.00001",
        ["Ada Quill", "Luis Moreno"],
        2020,
    )
    assert (b.arxiv_id, b.identifiers.get("arxiv_version")) == ("hep-th/9901001", "v2")
    assert (c.arxiv_id, c.identifiers.get("arxiv_version")) == ("2301.00002", "v3")
    assert (d.arxiv_id, e.arxiv_id) == (None, None)


def test_bibtex_google_scholar_math_braces_are_no_part_of_the_title():
    text = r"""@inproceedings{quill2022made,
  title={$\{$MADE$\}$: Taming invented backdoors},
  author={Quill, Ada and M{\"o}ller, Jan and others},
  booktitle={31st USENIX Security Symposium (USENIX Security 22)},
  year={2022}
}
@inproceedings{b, title={Attacks to $\{$Byzantine-Robust$\}$ learning}, year={2020}}
@article{c, title={Error bounds for $k$-means}, year={2020}}
"""
    a, b, c = read(bibtex, text).records
    assert (a.title, a.authors, a.authors_truncated) == (
        "MADE: Taming invented backdoors",
        ["Ada Quill", "Jan Möller"],
        True,
    )
    assert (b.title, c.title) == ("Attacks to Byzantine-Robust learning", "Error bounds for $k$-means")


def test_bibtex_ads_journal_macros_name_the_venue():
    # NASA ADS writes the journal as an AAS macro that aas_macros.sty expands
    text = r"""@ARTICLE{2016XYZ.116f1102Q,
       author = {{Quill}, A.~B. and {Moreno}, L. and {Made-up Collaboration}},
        title = "{Observation of Invented Waves}",
      journal = {\prl},
         year = 2016,
        month = feb,
          doi = {10.1000/PhysRevLett.1.2},
       eprint = {1602.00001},
 primaryClass = {gr-qc},
       adsurl = {https://ui.adsabs.harvard.edu/abs/2016XYZ.116f1102Q},
}
@ARTICLE{b, author = {{Quill}, A.}, title = {T}, journal = {\apj}, year = 2010}
@ARTICLE{c, author = {{Quill}, A.}, title = {U}, journal = {\unknownjournal}, year = 2011}
"""
    a, b, c = read(bibtex, text).records
    assert (a.venue, a.title) == ("Phys. Rev. Lett.", "Observation of Invented Waves")
    assert a.authors == ["A. B. Quill", "L. Moreno", "Made-up Collaboration"]
    assert (a.arxiv_id, a.category, a.doi) == ("1602.00001", "gr-qc", "10.1000/physrevlett.1.2")
    assert (b.venue, c.venue) == ("ApJ", None)


def test_bibtex_zotero_primaryclass_archive_is_no_category():
    # Zotero's export of an arXiv preprint names the archive only; a real category is kept
    text = "@misc{z, title = {A}, eprint = {2506.00001}, primaryclass = {cs}, archiveprefix = {arXiv}}\n"
    text += "@misc{y, title = {B}, eprint = {2506.00002}, primaryclass = {stat.ML}, archiveprefix = {arXiv}}\n"
    text += "@misc{x, title = {C}, eprint = {hep-th/9901001}, primaryclass = {hep-th}, archiveprefix = {arXiv}}\n"
    # BibLaTeX (Zotero's BibLaTeX export): eprinttype and eprintclass
    text += "@online{w, title = {D}, eprint = {2408.00001}, eprinttype = {arXiv}, eprintclass = {cs}}\n"
    text += "@online{v, title = {E}, eprint = {2408.00002}, eprinttype = {arxiv}, eprintclass = {cs.LG}}"
    out = read(bibtex, text)
    assert [(r.arxiv_id, r.category, r.categories) for r in out.records] == [
        ("2506.00001", None, []),
        ("2506.00002", "stat.ML", ["stat.ML"]),
        ("hep-th/9901001", "hep-th", ["hep-th"]),
        ("2408.00001", None, []),
        ("2408.00002", "cs.LG", ["cs.LG"]),
    ]


def test_bibtex_from_dblp_carries_the_dblp_key():
    # DBLP's BibTeX: the key is "DBLP:" + DBLP's record key, and `biburl` links the record
    # (formerly under /rec/bib/); the condensed export has the key only.
    text = """@inproceedings{DBLP:conf/xyz/QuillM24,
  author       = {Ada Quill and
                  Luis Moreno},
  title        = {A Made-up Lower Bound},
  booktitle    = {{XYZ}},
  year         = {2024},
  biburl       = {https://dblp.org/rec/conf/xyz/QuillM24.bib},
}
@article{QuillOld11, author = {Ada Quill}, title = {Old}, journal = {J}, year = {2011},
  biburl = {https://dblp.org/rec/bib/journals/jx/Quill11}}
@article{DBLP:journals/corr/abs-2105-00001, author = {Ada Quill}, title = {Pre}, journal = {CoRR}, year = {2021}}
@article{DBLP:not-a-key, title = {Elsewhere}}
"""
    out = read(bibtex, text)
    assert [r.identifiers.get("dblp") for r in out.records] == [
        "conf/xyz/QuillM24",
        "journals/jx/Quill11",
        "journals/corr/abs-2105-00001",
        None,
    ]
    assert out.records[0].authors == ["Ada Quill", "Luis Moreno"] and out.records[0].venue == "XYZ"


def test_anonymous_placeholder_is_no_author():
    # Web of Science prints "[Anonymous]" for an editorial without author; Scopus "[No author name available]"
    bib = read(bibtex, "@article{a, Author = {[Anonymous]}, Title = {Editorial note}, Year = {2023}}")
    assert [(r.title, r.authors) for r in bib.records] == [("Editorial note", [])]
    # A paper under double-blind review, as its README's BibTeX cites it
    bib = read(bibtex, "@inproceedings{b, author={Anonymous Authors}, title={Under review}, year={2026}}")
    assert [(r.title, r.authors) for r in bib.records] == [("Under review", [])]
    text = "TY  - JOUR\nAU  - [Anonymous]\nTI  - Editorial note\nER  - \nTY  - JOUR\nAU  - [No author name available]\n"
    text += "AU  - Quill, A.\nTI  - Second\nER  - "
    out = read(ris, text)
    assert [(r.title, r.authors) for r in out.records] == [("Editorial note", []), ("Second", ["A. Quill"])]


def test_ris_cochrane_et_al_line_and_registry_number_authors():
    # Cochrane Library exports: "TY  -  JOUR" (two spaces after the dash), a "Record #n of m" header
    # before each record, "AU  -  et al." after ten names, and a trial registry number as author
    text = (
        "Record #1 of 2\r\nProvider: John Wiley & Sons, Ltd\r\n\r\nTY  -  JOUR\r\nAU  -  Quill, A\r\n"
        "AU  -  Moreno, LA\r\nAU  -  et al.\r\nTI  -  A made-up review\r\nPY  -  2022\r\n"
        "DO  -  10.1002/14651858.CD000001.pub2\r\nER  -  \r\n\r\nRecord #2 of 2\r\n\r\nTY  -  JOUR\r\n"
        "AU  -  NCT00000001,\r\nTI  -  An invented trial\r\nPY  -  2006\r\nER  -  \r\n"
        "TY  -  STAND\r\nAU  -  3GPP\r\nTI  -  A made-up specification\r\nPY  -  2020\r\nER  -  \r\n"
    )
    out = ris.extract("x", decode("x.ris", text.encode("utf-8")).lines, CTX)
    assert out.rejects == []
    review, trial, standard = out.records
    assert standard.authors == ["3GPP"]
    assert (review.authors, review.authors_truncated) == (["A Quill", "LA Moreno"], True)
    assert (review.title, review.year, review.doi) == ("A made-up review", 2022, "10.1002/14651858.cd000001.pub2")
    assert (trial.title, trial.authors, trial.authors_truncated, trial.line) == ("An invented trial", [], False, 15)
    assert "1 author fields hold an identifier, not a name, and are left out: NCT00000001 (line 15)" in out.page.notes


def test_et_al_written_as_an_author_marks_the_list_truncated():
    # hand-made BibTeX "Quill, Ada and et al." (also braced), CSL {"literal": "et al."}
    bib = read(
        bibtex,
        "@article{a, author={Quill, Ada and Moreno, L. and et al.}, title={T}}\n"
        "@article{b, author={Quill, Ada and {et al.}}, title={T2}}",
    )
    assert [(r.authors, r.authors_truncated) for r in bib.records] == [
        (["Ada Quill", "L. Moreno"], True),
        (["Ada Quill"], True),
    ]
    items = [
        {
            "id": "a",
            "type": "article",
            "title": "T",
            "author": [{"family": "Quill", "given": "Ada"}, {"literal": "et al."}],
        },
        {"id": "b", "type": "article", "title": "U", "author": [{"family": "Quill", "given": "Ada"}]},
    ]
    csl = read(csl_json, json.dumps(items, indent=1))
    assert [(r.authors, r.authors_truncated) for r in csl.records] == [(["Ada Quill"], True), (["Ada Quill"], False)]


def test_bibtex_entry_without_title_is_a_bad_entry():
    out = read(bibtex, "@article{a, title={A}}\n@article{b, author={X Y}, year=2001}\n@article{c, title={C}}")
    assert [r.title for r in out.records] == ["A", "C"]
    [bad] = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("bad_entry", 2, "b")


@needs_shared
def test_ris_cut_off_costs_the_last_record_only():
    lines = lines_of(RIS)
    last_ty = max(i for i, line in enumerate(lines) if line.startswith("TY  - "))
    out = ris.extract(RIS.name, lines[: last_ty + 5], CTX)
    assert len(out.records) == 91
    [bad] = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("cut_off", last_ty + 1, "record 92")
    assert "no closing ER" in bad.reason


def test_ris_record_without_er_before_the_next_is_cut_off():
    out = read(ris, "TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \nTY  - JOUR\nAU  - X, Y\nER  - ")
    assert [r.title for r in out.records] == ["Two"]
    assert [(r.code, r.line) for r in out.rejects] == [("cut_off", 1), ("bad_entry", 6)]


@needs_shared
def test_csl_json_cut_off_keeps_every_complete_item():
    text = CSL.read_text(encoding="utf-8")
    cut = text[: text.index('{"id":"pedregosaScikitlearnMachineLearning2011"') + 40]  # Zotero: one item a line
    out = read(csl_json, cut)
    assert len(out.records) == 53 and out.records[-1].locator == "/52"
    [bad] = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("cut_off", 55, "/53") and "cut off" in bad.reason


@needs_shared
def test_csl_json_list_with_a_non_object_costs_one_reject():
    items = json.loads(CSL.read_text(encoding="utf-8"))
    text = json.dumps([*items[:10], "not an item", *items[10:]], indent=2)
    out = read(csl_json, text)
    assert len(out.records) == 88
    [bad] = out.rejects
    assert (bad.code, bad.locator) == ("bad_record", "/10") and "a string" in bad.reason
    assert text.split("\n")[bad.line - 1].strip() == '"not an item",'


def test_csl_json_wrapper_cut_off_keeps_the_items_before():
    item = {"id": "a", "type": "book", "title": "A"}
    text = json.dumps({"version": 3, "items": [item, item, item]}, indent=1)[:-40]
    out = read(csl_json, text)
    assert [r.locator for r in out.records] == ["/items/0", "/items/1"]
    assert [(r.code, r.locator) for r in out.rejects] == [("cut_off", "/items/2")]


def test_csl_json_invalid_json_names_the_line():
    good = '{"id": "a", "type": "book", "title": "A"}'
    out = read(csl_json, f'[\n{good},\n{{"id": oops}},\n{good}\n]')
    assert [r.title for r in out.records] == ["A"]
    [bad] = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("bad_syntax", 3, "/1") and "line 3 column 8" in bad.reason
    [whole] = read(csl_json, "{not json}").rejects
    assert whole.code == "bad_syntax" and whole.line == 1
    [cut] = read(csl_json, '{"id": "a", "title": "A"').rejects
    assert cut.code == "cut_off" and "cut off" in cut.reason


# --- round trips through each library's writer ---------------------------------------------

WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñøçÅ"), min_size=1, max_size=8)
NAME = (
    st.lists(WORD, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda n: not {w.lower() for w in n.split()} & {"and", "others"})
)
TITLE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éüñ:;,.?!()-'&%$#_/+=*@<>[]\"{}\\~^`"


def spaced(text: str) -> str:
    return " ".join(text.split())


@st.composite
def records(draw, title_chars: str) -> Record:
    title = " ".join(draw(st.text(st.sampled_from(title_chars), min_size=1, max_size=60)).split())
    if not title:
        title = "T"
    day = draw(st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31))))
    year = None if day else draw(st.one_of(st.none(), st.integers(1900, 2030)))
    return Record(
        source="x",
        line=1,
        layout="x",
        title=title,
        authors=draw(st.lists(NAME, max_size=5)),
        authors_truncated=draw(st.booleans()),
        date=day.isoformat() if day else None,
        year=year,
        venue=draw(st.one_of(st.none(), st.text(st.sampled_from("abcdefXYZ .&"), min_size=1).map(spaced))) or None,
        doi=draw(st.one_of(st.none(), st.from_regex(r"10\.[0-9]{4,6}/[a-z0-9.()\-]{1,12}[a-z0-9]", fullmatch=True))),
    )


def facts(r: Record, truncated: bool = True) -> tuple:
    return (r.title, r.authors, r.authors_truncated and truncated, r.date, r.year, r.venue, r.doi)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(TITLE_CHARS), min_size=1, max_size=4))
def test_bibtex_round_trip_through_bibtexparser_writer(recs):
    for n, r in enumerate(recs):
        r.identifiers = {"bibtex": f"key{n}"}
    out = read(bibtex, bibtex.render(recs))
    assert out.rejects == []
    assert [facts(r) for r in out.records] == [facts(r) for r in recs]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(TITLE_CHARS.replace("\\", "")), min_size=1, max_size=4))
def test_ris_round_trip_through_rispy_dumps(recs):
    out = read(ris, ris.render(recs))
    assert out.rejects == []
    # RIS has no "and others"
    assert [facts(r, truncated=False) for r in out.records] == [facts(r, truncated=False) for r in recs]


def test_arxivs_own_doi_gives_the_arxiv_id():
    # arXiv registers a DOI for every paper (10.48550/arXiv.<id>); Zotero and Scopus export it as the DOI
    text = "TY  - JOUR\nAU  - Quill, A.\nTI  - Shared\nDO  - 10.48550/arXiv.2210.13368\nER  - \n"
    assert [(r.doi, r.arxiv_id) for r in read(ris, text).records] == [("10.48550/arxiv.2210.13368", "2210.13368")]
    item = '[{"type": "article", "title": "Shared", "DOI": "10.48550/arXiv.2210.13368"}]'
    assert [r.arxiv_id for r in read(csl_json, item).records] == ["2210.13368"]
