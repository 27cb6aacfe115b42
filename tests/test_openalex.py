"""The OpenAlex works reader on the shared real answer, and on the same works as a list, one
work, JSON Lines, and cut off: every work a record or one reject, nothing else lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.build import extract_files
from kg.extract import Context, choose, openalex
from kg.model import REJECT_CODES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-exports"
FILE = SHARED / "openalex_01_author_A5017898742_works.json"
CTX = Context(as_of=dt.date(2026, 11, 24))

pytestmark = pytest.mark.skipif(not FILE.exists(), reason=f"the shared real exports are not at {SHARED}")


@pytest.fixture(scope="module")
def text() -> str:
    return FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SHARED / "truth.json").read_text(encoding="utf-8"))[FILE.name]


@pytest.fixture(scope="module")
def answer(text: str) -> dict:
    return json.loads(text)


def read(text: str, source: str = "works.json"):
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == openalex.NAME
    return openalex.extract(source, lines, CTX)


def test_every_work_is_a_record_in_order_with_its_pointer_and_line(text: str, truth: dict) -> None:
    out = read(text)
    assert out.rejects == []
    assert len(out.records) == truth["entries"] == 9
    assert [r.locator for r in out.records] == [f"/results/{i}" for i in range(9)]
    lines = text.split("\n")
    for r in out.records:  # the line is the work's opening brace, followed by its id
        assert lines[r.line - 1].strip() == "{"
        assert r.identifiers["openalex"] in lines[r.line]


def test_every_doi_and_orcid_of_the_file_is_on_the_records(text: str, answer: dict, truth: dict) -> None:
    out = read(text)
    dois = {r.doi for r in out.records if r.doi}
    assert len(dois) == truth["distinct_dois"] == 3
    assert dois == {w["doi"].removeprefix("https://doi.org/").lower() for w in answer["results"] if w["doi"]}
    orcids = [info.get("orcid") for r in out.records for info in r.author_details]
    assert sum(1 for o in orcids if o) == truth["authorships_with_orcid"] == 39
    assert len({o for o in orcids if o}) == truth["distinct_orcids"] == 16
    rors = {
        a["ror"] for r in out.records for info in r.author_details for a in info.get("affiliations", []) if "ror" in a
    }
    assert rors == {"015m2p889", "006jb1a24", "02hstj355"}


def test_sampled_works_match_the_truth_exactly(text: str, truth: dict) -> None:
    by_id = {r.identifiers["openalex"]: r for r in read(text).records}
    for sample in truth["samples"]:
        r = by_id[sample["id"].rsplit("/", 1)[-1]]
        assert r.title == sample["title"]
        assert r.doi == sample["doi"]
        assert r.authors == sample["authors"]
        assert (r.year or int(r.date[:4])) == sample["year"]
        raw = [info.get("raw_name", name) for name, info in zip(r.authors, r.author_details)]
        assert raw == sample["raw_author_names"]
        assert [info.get("orcid") for info in r.author_details] == sample["orcids"]
        rors = [
            ["https://ror.org/" + a["ror"] for a in info.get("affiliations", []) if "ror" in a]
            for info in r.author_details
        ]
        assert rors == sample["institution_rors"]


def test_affiliations_abstract_venue_and_the_first_author(text: str) -> None:
    r = read(text).records[0]
    assert r.author_details[0] == {
        "orcid": "0000-0003-4063-6479",
        "openalex": "A5068168522",
        "raw_name": "Helen C. Miles",
        "affiliations": [
            {"name": "Aberystwyth University", "ror": "015m2p889", "openalex": "I16038530", "country": "GB"}
        ],
    }
    assert r.affiliations == []  # org slugs are for listing pages; institutions are per author
    assert r.abstract.startswith("By collecting images of heritage assets from members of the public and processing")
    assert r.venue == "Journal on Computing and Cultural Heritage"
    assert r.entry_type == "article"
    assert (r.date, r.year) == ("2015-11-16", None)


def test_a_first_of_the_month_is_a_year_only(text: str) -> None:
    by_id = {r.identifiers["openalex"]: r for r in read(text).records}
    # OpenAlex's "2021-01-01" for an arXiv preprint of 10 Aug 2021, "2021-09-01" for a meeting in September.
    assert (by_id["W3188841554"].date, by_id["W3188841554"].year) == (None, 2021)
    assert (by_id["W3187234764"].date, by_id["W3187234764"].year) == (None, 2021)
    assert by_id["W2612755892"].date == "2014-11-09"


def test_the_preprint_carries_its_arxiv_id(text: str) -> None:
    by_id = {r.identifiers["openalex"]: r for r in read(text).records}
    preprint = by_id["W3188841554"]
    assert preprint.arxiv_id == "2108.04680"
    assert preprint.doi == "10.48550/arxiv.2108.04680"
    assert preprint.entry_type == "preprint"
    assert by_id["W3187234764"].arxiv_id is None  # the published version names no arXiv location


def test_a_plain_list_one_work_and_json_lines_read_alike(text: str, answer: dict) -> None:
    full = [r.to_dict() for r in read(text).records]

    def same(records) -> None:
        got = [{k: v for k, v in r.to_dict().items() if k not in ("line", "locator")} for r in records]
        assert got == [{k: v for k, v in r.items() if k not in ("line", "locator")} for r in full[: len(got)]]

    as_list = read(json.dumps(answer["results"], indent=2))
    assert [r.locator for r in as_list.records] == [f"/{i}" for i in range(9)]
    same(as_list.records)
    one = read(json.dumps(answer["results"][0], indent=2))
    assert len(one.records) == 1 and one.records[0].locator == ""
    same(one.records)
    jsonl = read("\n".join(json.dumps(w) for w in answer["results"]) + "\n")
    assert jsonl.rejects == [] and [r.line for r in jsonl.records] == list(range(1, 10))
    same(jsonl.records)


def test_a_bad_json_line_is_one_reject_and_the_others_are_read(answer: dict) -> None:
    lines = [json.dumps(w) for w in answer["results"]]
    lines[3] = lines[3][: len(lines[3]) // 2]  # broken in the middle of the file
    lines[8] = lines[8][:5000]  # the snapshot file cut off
    out = read("\n".join(lines))
    assert len(out.records) == 7
    assert [(r.line, r.code) for r in out.rejects] == [(4, "bad_syntax"), (9, "cut_off")]
    assert all(r.code in REJECT_CODES for r in out.rejects)


def test_an_answer_cut_off_mid_work_keeps_the_works_before_it(text: str) -> None:
    cut_at = text.index('"id": "https://openalex.org/W2241997964"') + 3000  # inside /results/4
    out = read(text[:cut_at])
    assert len(out.records) == 4
    assert len(out.rejects) == 1
    bad = out.rejects[0]
    assert (bad.code, bad.locator) == ("cut_off", "/results/4")
    assert "/results/4" in bad.reason and "cut off" in bad.reason
    assert text.split("\n")[bad.line - 1].strip() == "{"


def test_a_work_without_a_title_is_one_reject(answer: dict) -> None:
    works = [dict(w) for w in answer["results"][:3]]
    works[1]["title"] = works[1]["display_name"] = None
    out = read(json.dumps({"meta": {"count": 3}, "results": works}, indent=2))
    assert len(out.records) == 2
    assert [(r.code, r.locator) for r in out.rejects] == [("bad_entry", "/results/1")]
    assert "W3200026003" in out.rejects[0].reason


def test_the_build_keeps_good_files_beside_a_cut_off_one(text: str, tmp_path: Path) -> None:
    good, cut = tmp_path / "good.json", tmp_path / "cut.json"
    good.write_text(text, encoding="utf-8")
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    result = extract_files([(good, "good.json"), (cut, "cut.json")], CTX.as_of)
    assert sum(r.source == "good.json" for r in result.records) == 9
    cut_rejects = [r for r in result.rejects if r.source == "cut.json"]
    assert [r.code for r in cut_rejects] == ["cut_off"]
    assert 0 < sum(r.source == "cut.json" for r in result.records) < 9


def test_an_answer_with_no_work_is_read_as_empty_not_unknown() -> None:
    # The /works answer to a query nothing matches (filter=cites:W3209445140, cached in Mearman/Academic-Explorer).
    empty = {
        "meta": {"count": 0, "db_response_time_ms": 121, "page": 1, "per_page": 50, "groups_count": None},
        "results": [],
        "group_by": [],
    }
    out = read(json.dumps(empty, indent=2))
    assert (out.records, out.rejects, out.page.notes) == ([], [], ["the answer holds no work"])


def test_a_list_of_works_selected_to_id_and_name_is_read() -> None:
    # The answer to `select=id,display_name` saved as a plain list: titles and ids, no authors.
    works = [
        {"id": "https://openalex.org/W1000000001", "display_name": "A made-up survey of things"},
        {"id": "https://openalex.org/W1000000002", "display_name": "Another invented title"},
    ]
    out = read(json.dumps(works, indent=2))
    assert out.rejects == []
    assert [(r.title, r.identifiers["openalex"], r.authors, r.locator, r.line) for r in out.records] == [
        ("A made-up survey of things", "W1000000001", [], "/0", 2),
        ("Another invented title", "W1000000002", [], "/1", 6),
    ]


def test_a_gzip_snapshot_part_is_read_through(tmp_path: Path) -> None:
    """OpenAlex's snapshot ships works as JSON Lines in gzip parts (`part_000.gz`, several gzip
    members one after another); they were rejected as binary. A file that unpacks to far more than a
    saved export would (a gzip bomb), one cut off, and gzip inside gzip are one reject each."""
    import gzip
    import os

    def work(i: int) -> str:
        who = {"author": {"id": f"https://openalex.org/A{i}", "display_name": f"Ann Lee{i}"}}
        return json.dumps({"id": f"https://openalex.org/W{i}", "title": f"Work {i}", "authorships": [who]})

    part = gzip.compress((work(1) + "\n").encode()) + gzip.compress((work(2) + "\n").encode())
    (tmp_path / "part_000.gz").write_bytes(part)
    (tmp_path / "bomb.gz").write_bytes(gzip.compress(b"{" + b" " * (80 * 2**20)))
    (tmp_path / "cut.gz").write_bytes(gzip.compress(os.urandom(4096))[:1000])
    (tmp_path / "twice.gz").write_bytes(gzip.compress(gzip.compress(work(3).encode())))
    result = extract_files(
        [(tmp_path / n, n) for n in ("part_000.gz", "bomb.gz", "cut.gz", "twice.gz")], dt.date(2026, 11, 24)
    )
    assert [r.title for r in result.records] == ["Work 1", "Work 2"]
    page = next(p for p in result.pages if p.source == "part_000.gz")
    assert page.layout == "openalex" and "read from gzip" in page.notes
    codes = {r.source: r.code for r in result.rejects}
    assert codes == {"bomb.gz": "too_large", "cut.gz": "cut_off", "twice.gz": "binary"}
