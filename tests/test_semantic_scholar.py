"""Semantic Scholar Academic Graph answers and dataset lines, each case an invented snippet with the
structure of real saved answers (the real files stay outside the repository):
- recorded API answers (vcrpy cassettes and saved JSON) in danielnsilva/semanticscholar tests/data
  at 73c7726: Paper.json (one paper with 1000 `citations` and 14 `references`), Author.json (an
  author with 60 `papers`), Citation.json, Reference.json, PaperWithNullValues.json ("authors": null),
  and the cassettes' bodies: paper search ({"total", "offset", "next", "data"}), bulk search
  ({"total", "token", "data"}), paper batch (null for an id not found), author batch, author search,
  `/author/{id}/papers`, citations ({"citingPaper"}), references ({"citedPaper"}, paperId null),
  `/paper/{id}/authors` (authors with DBLP names and affiliations), search/match, recommendations,
  snippet search (authors as plain names), error answers;
- the `papers` dataset's lines (lower-case keys, externalids with nulls, CorpusId as a string,
  journal name "", year null), embedded in a JavaScript file found by its text;
- the old Open Research Corpus lines (id, paperAbstract, authors [{name, ids}], s2Url):
  max-planck-innovation-competition/go-semanticscholar pkg/semanticscholar/testdata/test.jsonl
  dd74b1f393e769d5ae8ec04d43203de46dd38b51.
Each answer is chosen by content, as a build chooses it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.build import build, find_inputs
from kg.extract import BY_NAME, Context, choose, semantic_scholar
from kg.model import REJECT_CODES
from kg.validate import check

CTX = Context(as_of=dt.date(2026, 11, 28))
SHARED = Path(__file__).resolve().parents[2] / "shared"


def read(answer: object):
    text = answer if isinstance(answer, str) else json.dumps(answer, indent=2, ensure_ascii=False)
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None, "no format claims the answer"
    fmt, view = chosen
    assert fmt.name == "semantic-scholar"
    out = fmt.extract("answer.json", view.lines, CTX)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out, lines


PAPER = {
    "paperId": "5c5751d45e298cea054f32b392c12c61027d2fe7",
    "externalIds": {
        "MAG": "3035453090",
        "DBLP": "conf/acl/OkaforLM20",
        "ACL": "2020.acl-main.447",
        "DOI": "10.18653/V1/2020.ACL-MAIN.447",
        "ArXiv": "2004.05127v2",
        "PubMed": "32412345",
        "PubMedCentral": "7212345",
        "CorpusId": 215416146,
    },
    "corpusId": 215416146,
    "publicationVenue": {
        "id": "1e33b3be-b2ab",
        "name": "Annual Meeting of the Association for Computational Linguistics",
    },
    "url": "https://www.semanticscholar.org/paper/5c5751d45e298cea054f32b392c12c61027d2fe7",
    "title": "Lichen  Graphs of the Northern Coast",
    "abstract": "We map lichens.",
    "venue": "Annual Meeting of the Association for Computational Linguistics",
    "year": 2020,
    "referenceCount": 27,
    "citationCount": 299,
    "fieldsOfStudy": ["Computer Science"],
    "s2FieldsOfStudy": [{"category": "Computer Science", "source": "external"}],
    "tldr": {"model": "tldr@v2.0.0", "text": "Lichens form graphs."},
    "publicationTypes": ["JournalArticle", "Conference"],
    "publicationDate": "2020-05-07",
    "journal": {"name": "ArXiv", "volume": "abs/2004.05127"},
    "authors": [
        {
            "authorId": "2259683",
            "externalIds": {"DBLP": ["Mira Okafor 0001", "Mira C. Okafor"], "ORCID": "0000-0002-1825-0097"},
            "name": "M. Okafor",
            "affiliations": ["Lichen Institute"],
        },
        {"authorId": None, "name": "Astrid Lindqvist"},
        {"authorId": "31549526", "name": None},
        {"authorId": "4249203", "externalIds": {}, "name": "R.  Mendes", "affiliations": []},
    ],
}

# a paper with null abstract, no year, a date on a 1st and the venue only in `journal`
SPARSE = {
    "paperId": "c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce",
    "externalIds": {"DOI": "10.2139/ssrn.288970", "CorpusId": 470667},
    "publicationVenue": None,
    "title": "Counting Ponds",
    "abstract": None,
    "venue": "",
    "year": None,
    "publicationDate": "2001-03-01",
    "journal": {"name": "Pond Letters", "pages": "1-9"},
    "authors": [{"authorId": "81141608", "name": "Li Wang"}],
}


def test_a_search_answer_gives_each_paper_with_its_ids_authors_and_line():
    out, lines = read({"total": 70499, "offset": 0, "next": 2, "data": [PAPER, SPARSE]})
    assert out.rejects == []
    first, second = out.records
    assert (first.locator, second.locator) == ("/data/0", "/data/1")
    assert lines[first.line - 1].strip() == "{" and '"paperId": "5c5751d4' in lines[first.line]
    assert '"paperId": "c31c87c5' in lines[second.line]
    assert first.title == "Lichen Graphs of the Northern Coast"
    assert first.abstract == "We map lichens." and first.summary == "Lichens form graphs."  # tldr is no abstract
    # a nameless author is left out but counted; an author without id keeps the name alone
    assert first.authors == ["M. Okafor", "Astrid Lindqvist", "R. Mendes"] and first.author_count == 4
    assert first.author_details == [
        {
            "semanticscholar": "2259683",
            "orcid": "0000-0002-1825-0097",
            "dblp": "Mira Okafor 0001",
            "affiliations": [{"name": "Lichen Institute"}],
        },
        {},
        {"semanticscholar": "4249203"},
    ]
    assert (first.date, first.year) == ("2020-05-07", None)
    assert first.venue == "Annual Meeting of the Association for Computational Linguistics"  # not journal "ArXiv"
    assert first.doi == "10.18653/v1/2020.acl-main.447"
    assert first.arxiv_id == "2004.05127"
    assert first.identifiers == {
        "s2": "5c5751d45e298cea054f32b392c12c61027d2fe7",
        "corpusid": "215416146",
        "dblp": "conf/acl/OkaforLM20",
        "mag": "3035453090",
        "pmid": "32412345",
        "pmcid": "7212345",
        "acl": "2020.acl-main.447",
        "url": "https://www.semanticscholar.org/paper/5c5751d45e298cea054f32b392c12c61027d2fe7",
        "arxiv_version": "v2",
    }
    assert first.entry_type == "JournalArticle"
    assert first.category is None and first.categories == []  # fields of study are no arXiv categories
    assert out.page.notes == ["Semantic Scholar counts 70499 results for the query; this answer holds 2"]


def test_a_date_on_a_first_is_read_as_its_year_and_journal_names_the_venue_last():
    out, _ = read({"total": 1, "offset": 0, "data": [SPARSE]})
    (paper,) = out.records
    assert paper.abstract is None and paper.summary is None
    assert (paper.date, paper.year) == (None, 2001)  # "2001-03-01": Semantic Scholar's fill for March 2001
    assert paper.venue == "Pond Letters"
    assert paper.doi == "10.2139/ssrn.288970" and paper.arxiv_id is None
    missing = dict(SPARSE, publicationDate=None)
    (paper,) = read({"data": [missing]})[0].records
    assert (paper.date, paper.year) == (None, None)  # neither year nor date: none invented


def test_arxiv_ids_come_from_arxivs_doi_and_from_a_corr_volume():
    by_doi = {"paperId": "a1", "externalIds": {"DOI": "10.48550/arXiv.2404.13957", "CorpusId": 1}, "title": "T1"}
    by_volume = {"paperId": "a2", "title": "T2", "journal": {"name": "ArXiv", "volume": "abs/2101.06569"}}
    out, _ = read({"offset": 0, "data": [by_doi, by_volume]})
    first, second = out.records
    assert (first.doi, first.arxiv_id) == ("10.48550/arxiv.2404.13957", "2404.13957")
    assert (second.doi, second.arxiv_id, second.venue) == (None, "2101.06569", "ArXiv")


def test_a_batch_answer_rejects_each_null_and_each_paper_without_a_title():
    # POST /paper/batch: null where an id was not found; fields=authors gives papers without titles
    answer = [None, SPARSE, {"paperId": "0f40b1f08821e22e859c6050916cec3667778613", "authors": []}]
    out, lines = read(answer)
    assert [r.title for r in out.records] == ["Counting Ponds"] and out.records[0].locator == "/1"
    null, untitled = out.rejects
    assert (null.code, null.locator, null.line, lines[null.line - 1].strip()) == ("bad_entry", "/0", 2, "null,")
    assert "found no paper" in null.reason
    assert (untitled.code, untitled.locator) == ("bad_entry", "/2")
    assert "0f40b1f08821e22e859c6050916cec3667778613 has no title" in untitled.reason


def test_citations_and_references_read_the_paper_inside_each_entry():
    citing = {
        "offset": 0,
        "next": 100,
        "data": [
            {
                "contexts": ["as in [4]."],
                "isInfluential": True,
                "intents": ["methodology"],
                "citingPaper": {"paperId": "bdcbc589", "title": "Throwing Robots", "year": 2023},
            }
        ],
    }
    out, lines = read(citing)
    (paper,) = out.records
    assert (paper.title, paper.year, paper.locator) == ("Throwing Robots", 2023, "/data/0/citingPaper")
    assert '"citingPaper"' in lines[paper.line - 1]
    assert out.page.notes == ["the answer is one page of a longer list (it names the next)"]
    cited = {"offset": 50, "data": [{"citedPaper": {"paperId": None, "title": "A Note With No Id", "authors": []}}]}
    (paper,) = read(cited)[0].records
    assert (paper.title, paper.locator, paper.identifiers, paper.author_count) == (
        "A Note With No Id",
        "/data/0/citedPaper",
        {},
        None,
    )


def test_one_paper_with_its_citations_and_references_gives_each_as_a_record():
    answer = dict(
        SPARSE,
        citations=[{"paperId": "619922f8", "title": "Citing One"}, {"paperId": "d1", "title": None}],
        references=[{"paperId": "348f436f", "title": "Cited One", "year": 1936}],
    )
    out, lines = read(answer)
    assert [(r.title, r.locator) for r in out.records] == [
        ("Counting Ponds", ""),
        ("Citing One", "/citations/0"),
        ("Cited One", "/references/0"),
    ]
    assert '"paperId": "619922f8"' in lines[out.records[1].line]
    (untitled,) = out.rejects
    assert (untitled.code, untitled.locator) == ("bad_entry", "/citations/1")
    # `"authors": null` (fields asked for, nothing known): a paper with no title and no authors
    bare = read({"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "authors": None, "citations": None})[0]
    assert bare.records == [] and [r.code for r in bare.rejects] == ["bad_entry"]


def test_an_authors_answer_gives_their_papers_and_makes_them_the_owner():
    author = {
        "authorId": "2262347",
        "externalIds": {"DBLP": ["Alan M. Turing"]},
        "name": "A. Turing",
        "affiliations": [],
        "paperCount": 2,
        "citationCount": 13621,
        "hIndex": 22,
        "papers": [
            {"paperId": "5d10faff", "title": "Dystopian or Utopian?", "year": 2022, "authors": []},
            {"paperId": "2d5673ca", "title": "Computing Machinery and Intelligence", "year": 1950},
        ],
    }
    out, lines = read(author)
    assert [(r.title, r.locator) for r in out.records] == [
        ("Dystopian or Utopian?", "/papers/0"),
        ("Computing Machinery and Intelligence", "/papers/1"),
    ]
    assert '"paperId": "2d5673ca"' in lines[out.records[1].line]
    assert (out.page.owner, out.page.h_index, out.page.papers, out.page.citations) == ("A. Turing", 22, 2, 13621)


def test_authors_without_papers_are_rejected_as_no_paper_and_their_papers_are_read():
    # author batch (null for an id not found) and author search with nested papers
    batch = [None, {"authorId": "3234559", "name": "E. Dijkstra"}]
    out, _ = read(batch)
    assert out.records == [] and [(r.code, r.locator) for r in out.rejects] == [
        ("bad_entry", "/0"),
        ("not_a_paper", "/1"),
    ]
    assert "E. Dijkstra, 3234559" in out.rejects[1].reason
    search = {"total": 1, "offset": 0, "data": [{"authorId": "1", "name": "E. Duflo", "papers": [SPARSE, PAPER]}]}
    out, _ = read(search)
    assert [r.locator for r in out.records] == ["/data/0/papers/0", "/data/0/papers/1"]
    assert out.page.owner is None  # several authors' answer: no one owner


def test_snippet_search_and_recommendations_name_their_papers():
    snippets = {
        "data": [
            {
                "snippet": {"text": "The imitation game.", "snippetKind": "abstract", "section": None},
                "score": 0.89,
                "paper": {"corpusId": "19170988", "title": "Computing Machinery", "authors": ["Alan Turing"]},
            }
        ],
        "retrievalVersion": "v1.0.0",
    }
    (paper,) = read(snippets)[0].records
    assert (paper.title, paper.authors, paper.identifiers, paper.locator) == (
        "Computing Machinery",
        ["Alan Turing"],
        {"corpusid": "19170988"},
        "/data/0/paper",
    )
    out, _ = read({"recommendedPapers": [{"paperId": "3e9bc879", "title": "Grantmaker Diversity"}]})
    assert [(r.title, r.locator) for r in out.records] == [("Grantmaker Diversity", "/recommendedPapers/0")]


def test_a_cut_off_answer_keeps_the_papers_before_the_break_and_broken_json_is_one_reject():
    text = json.dumps({"total": 3, "offset": 0, "data": [SPARSE, PAPER]}, indent=2)
    cut = text[: text.index('"Lichen  Graphs')]
    out, lines = read(cut)
    assert [r.title for r in out.records] == ["Counting Ponds"]
    (bad,) = out.rejects
    assert (bad.code, bad.locator) == ("cut_off", "/data/1")
    assert lines[bad.line - 1].strip() == "{" and '"paperId": "5c5751d4' in lines[bad.line]
    # an author's answer cut off inside their papers keeps the papers before the break
    author = {"authorId": "2262347", "name": "A. Turing", "papers": [SPARSE, PAPER]}
    text = json.dumps(author, indent=2)
    out, _ = read(text[: text.index('"Lichen  Graphs')])
    assert [r.title for r in out.records] == ["Counting Ponds"] and out.records[0].locator == "/papers/0"
    assert [(r.code, r.locator) for r in out.rejects] == [("cut_off", "/papers/1")]
    # a paper answer broken in the middle (a comma missing): one reject, no traceback
    broken = json.dumps(SPARSE, indent=2).replace('"title": "Counting Ponds",', '"title": "Counting Ponds"')
    out, _ = read(broken)
    assert out.records == [] and [r.code for r in out.rejects] == ["bad_syntax"]
    # text after a complete answer is one reject of its own
    out, _ = read(json.dumps([SPARSE]) + "\n<html>rate limited</html>")
    assert [r.title for r in out.records] == ["Counting Ponds"] and [r.code for r in out.rejects] == ["bad_syntax"]


DATASET_LINE = {
    "corpusid": 116229089,
    "externalids": {
        "ACL": None,
        "DBLP": None,
        "ArXiv": None,
        "MAG": "2737512523",
        "CorpusId": "116229089",
        "PubMed": None,
        "DOI": None,
        "PubMedCentral": None,
    },
    "url": "https://www.semanticscholar.org/paper/de7a1175ba90872b74b965711352eff79300b351",
    "title": "Dielectric Constants by Oscilloscope",
    "authors": [{"authorId": "73567229", "name": "B. E. Cahyono"}, {"authorId": "2093449508", "name": "M. Misto"}],
    "venue": "",
    "publicationvenueid": None,
    "year": 2017,
    "referencecount": 0,
    "isopenaccess": False,
    "s2fieldsofstudy": [{"category": "Education", "source": "s2-fos-model"}],
    "publicationtypes": None,
    "publicationdate": "2017-07-25",
    "journal": {"name": "", "pages": None, "volume": ""},
    "updated": "2022-01-27T03:09:05.837Z",
}


def test_dataset_json_lines_read_a_paper_a_line_and_reject_a_bad_line():
    second = dict(DATASET_LINE, corpusid=231547257, title="Co-solvent Compositions", authors=[], year=None)
    second |= {"publicationdate": None, "journal": None, "url": None}
    second["externalids"] = dict.fromkeys(DATASET_LINE["externalids"]) | {"CorpusId": "231547257"}
    rows = [json.dumps(DATASET_LINE, ensure_ascii=False), '{"corpusid": 1, "title": "broken', json.dumps(second)]
    cut = json.dumps(DATASET_LINE)[:90]
    out, _ = read("\n".join([*rows, cut]))
    first, other = out.records
    assert (first.line, first.locator, other.line, other.locator) == (1, "/0", 3, "/2")
    assert first.authors == ["B. E. Cahyono", "M. Misto"]
    assert first.author_details == [{"semanticscholar": "73567229"}, {"semanticscholar": "2093449508"}]
    assert (first.date, first.venue, first.doi) == ("2017-07-25", None, None)  # venue "" and journal "" are no venue
    assert first.identifiers == {
        "s2": "de7a1175ba90872b74b965711352eff79300b351",  # the dataset names a paper by its URL
        "corpusid": "116229089",
        "mag": "2737512523",
        "url": "https://www.semanticscholar.org/paper/de7a1175ba90872b74b965711352eff79300b351",
    }
    assert (other.authors, other.author_count, other.year, other.identifiers) == (
        [],
        None,
        None,
        {"corpusid": "231547257"},
    )
    assert [(r.code, r.line, r.locator) for r in out.rejects] == [("bad_syntax", 2, "/1"), ("cut_off", 4, "/3")]


def test_open_research_corpus_lines_are_read():
    line = {
        "entities": [],
        "magId": "2465592875",
        "journalVolume": "3",
        "pmid": "",
        "fieldsOfStudy": ["Psychology"],
        "year": 2010,
        "outCitations": ["ed39ed7a61fb75dcb46d06beb0e18ed4cdfc4df7"],
        "s2Url": "https://semanticscholar.org/paper/41022c482c77f26a330f3b584fc99d904b5ba8b2",
        "id": "41022c482c77f26a330f3b584fc99d904b5ba8b2",
        "authors": [{"name": "Mathias H Abegg", "ids": ["4692562"]}, {"name": "Hyung Dae Lee", "ids": []}],
        "journalName": "Journal of Eye Movement Research",
        "paperAbstract": "",
        "title": "Diagonal Errors in Antisaccades",
        "doi": "10.16910/jemr.3.3.5",
        "venue": "",
    }
    out, _ = read("\n".join([json.dumps(line), json.dumps(dict(line, id="x", title="Second"))]))
    first = out.records[0]
    assert (first.abstract, first.year, first.venue, first.doi) == (
        None,
        2010,
        "Journal of Eye Movement Research",
        "10.16910/jemr.3.3.5",
    )
    assert first.authors == ["Mathias H Abegg", "Hyung Dae Lee"]
    assert first.author_details == [{"semanticscholar": "4692562"}, {}]
    assert (
        first.identifiers["s2"] == "41022c482c77f26a330f3b584fc99d904b5ba8b2"
        and first.identifiers["mag"] == "2465592875"
    )


def test_other_json_readers_and_this_one_do_not_take_each_others_files():
    ours = [
        json.dumps({"total": 1, "offset": 0, "data": [PAPER]}, indent=2),
        json.dumps([None, SPARSE]),
        json.dumps(DATASET_LINE) + "\n" + json.dumps(DATASET_LINE),
        json.dumps({"authorId": "1", "name": "E. Duflo"}),
    ]
    for text in ours:
        lines = text.split("\n")
        assert semantic_scholar.sniff(lines) >= 0.8
        for name in ("openalex", "crossref", "csl-json"):
            assert BY_NAME[name].sniff(lines) <= 0.5, name
    theirs = [
        '{"meta": {"count": 1, "db_response_time_ms": 5}, "results": [{"id": "https://openalex.org/W1", '
        '"display_name": "T", "authorships": [], "publication_year": 2020}]}',
        '{"status": "ok", "message-type": "work", "message": {"DOI": "10.1/x", "title": ["T"], "author": []}}',
        '[{"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Wang", "given": "Li"}], '
        '"issued": {"date-parts": [[2020]]}}]',
        '{"error": "Paper with id 0 not found"}',  # an error answer names no Semantic Scholar key
        # CSL items that happen to carry a paperId among their keys stay CSL's
        '[{"id": "a", "type": "book", "title": "T", "paperId": "x", "issued": {"date-parts": [[2020]]}}]',
    ]
    for text in theirs:
        assert semantic_scholar.sniff(text.split("\n")) == 0.0


def test_the_shared_real_exports_still_go_to_their_own_readers():
    exports = SHARED / "real-exports"
    if not exports.is_dir():
        pytest.skip("../shared/real-exports is absent")
    files = sorted(p for p in exports.iterdir() if p.suffix in (".json", ".bib", ".ris", ".xml"))
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        chosen = choose(lines)
        assert chosen is None or chosen[0].name != "semantic-scholar", path.name
        assert semantic_scholar.sniff(lines) == 0.0, path.name


def test_a_semantic_scholar_author_id_joins_the_name_forms_it_carries(tmp_path):
    # One author id printed as "A. Turing" and "Alan M. Turing" is one person (no name rule would join
    # initials to a middle name without a shared coauthor); graph.ttl gives the person the id (P4012).
    answer = {
        "total": 2,
        "offset": 0,
        "data": [
            {
                "paperId": "p1",
                "title": "Computable Numbers",
                "year": 1936,
                "authors": [{"authorId": "2262347", "name": "A. Turing"}, {"authorId": "111", "name": "Li Wang"}],
            },
            {
                "paperId": "p2",
                "title": "Morphogenesis",
                "year": 1952,
                "authors": [
                    {"authorId": "2262347", "name": "Alan M. Turing"},
                    {"authorId": "333", "name": "Astrid Lindqvist"},
                ],
            },
        ],
    }
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s2.json").write_text(json.dumps(answer, indent=2), encoding="utf-8")
    built = build(find_inputs([tmp_path / "in"]), tmp_path / "out", CTX.as_of)
    assert sorted(built.resolution.people.name) == ["Alan M. Turing", "Astrid Lindqvist", "Li Wang"]
    ids = built.resolution.identifiers
    assert sorted(ids[ids.scheme == "semanticscholar"].value) == ["111", "2262347", "333"]
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert 'schema:propertyID "semanticscholar"' in turtle and '"2262347"' in turtle
    conforms, report = check(tmp_path / "out" / "graph.ttl")  # kg's SHACL shapes know the scheme
    assert conforms, report
