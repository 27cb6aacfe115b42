"""Lens.org scholarly works exported as CSV (lens-export.csv), each case an invented snippet with the
structure of real exports (the real files stay outside the repository):
- every column, JATS abstracts, "Date Published" on the first of a month for arXiv preprints and
  partial dates, a row without title: amgonzalezvargas/public_datasets lens-export.csv
  fa4ce3d4117a3934c7934efc31610af769a7abac (also spicy-adobe/LIS-4-5693 lens-export.csv
  198e597d4622cfad7edfb32a3f8e4242cccedbc0);
- a few columns, no names: mtbrazilll/easy_esg lens-export.csv c1540b03c9f35948698cbda67ac3a34f7f1a2eab;
- Lens's patent export, not read: antontruly/patents lens-export.csv
  e9d48fab56686cfba93a756fd11e3d2011341dc8.
"""

from __future__ import annotations

import datetime as dt

from kg.build import extract_files, find_inputs
from kg.extract import BY_NAME, choose, lens_csv, scopus_csv
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction

CTX = Context(as_of=dt.date(2026, 11, 28))

HEADER = (
    "\ufeffLens ID,Title,Date Published,Publication Year,Publication Type,Source Title,ISSNs,Publisher,"
    "Source Country,Author/s,Abstract,Volume,Issue Number,Start Page,End Page,Fields of Study,Keywords,"
    "MeSH Terms,Chemicals,Funding,Source URLs,External URL,PMID,DOI,Microsoft Academic ID,PMCID,"
    "Citing Patents Count,References,Citing Works Count,Is Open Access,Open Access License,Open Access Colour"
)
ROWS = [
    "000-102-656-132-186,Tidal meadows and geese,2015-05-19,2015,journal article,Estuarine Notes,"
    "18616429; 18616410,Springer,Germany,Y. Hayakawa; Ngozi C. Okafor; 吉彦 早川,"
    '"<jats:p>Geese graze',
    'Zostera in winter.</jats:p>",10,S1,300,301,Ecology,,,,,https://example.org/a,'
    "http://dx.doi.org/10.9999/est.2015.1,25985879,10.9999/EST.2015.1,2594051837,,0,028-396-621-844-004,13,"
    "true,,green",
    # an arXiv preprint: Lens prints the first of January for a work of 2022
    "000-130-488-383-514,A guide dog robot,2022-01-01,2022,preprint,arXiv (Cornell University),,,,"
    '"Preet Dixit,; Anna Weiss","<title>Abstract</title>; <p>Robots guide.</p>",,,,,Robotics,,,,,,'
    "http://dx.doi.org/10.48550/arxiv.2210.13368,,10.48550/arxiv.2210.13368,,,0,,2,true,cc-by,green",
    # no day at all, no names
    "000-055-004-614-586,Variable rate pricing,,1996,journal article,Waste Management Research,,,,,,7,6,445,455,"
    ",,,,,,http://dx.doi.org/10.3985/wmr.7.445,,10.3985/wmr.7.445,2320190370,,0,,0,false,,",
    # no title
    "142-499-243-410-237,,2020-03-17,2020,journal article,J,,,,A. Author,,,,,,,,,,,,,,,,,0,,0,false,,",
]
TEXT = "\n".join([HEADER, *ROWS])


def read(text: str) -> Extraction:
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == "lens-csv"
    out = lens_csv.extract("lens-export.csv", chosen[1].lines, CTX)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out


def test_rows_are_records_with_their_lines_names_dates_and_identifiers():
    out = read(TEXT)
    meadows, robot, pricing = out.records
    assert [(r.line, r.locator) for r in out.records] == [
        (2, "000-102-656-132-186"),
        (4, "000-130-488-383-514"),  # the first row's abstract takes two lines
        (5, "000-055-004-614-586"),
    ]
    assert meadows.authors == ["Y. Hayakawa", "Ngozi C. Okafor", "吉彦 早川"]
    assert meadows.abstract == "Geese graze Zostera in winter."
    assert (meadows.date, meadows.year, meadows.venue, meadows.doi, meadows.entry_type) == (
        "2015-05-19",
        None,
        "Estuarine Notes",
        "10.9999/est.2015.1",
        "journal article",
    )
    assert meadows.identifiers == {
        "lens": "000-102-656-132-186",
        "pmid": "25985879",
        "url": "http://dx.doi.org/10.9999/est.2015.1",
    }
    # the first of a month is Lens's fill for a day it does not know: the year only
    assert (robot.date, robot.year, robot.arxiv_id, robot.doi) == (
        None,
        2022,
        "2210.13368",
        "10.48550/arxiv.2210.13368",
    )
    assert (robot.authors, robot.abstract) == (["Preet Dixit", "Anna Weiss"], "Robots guide.")
    assert (pricing.date, pricing.year, pricing.authors, pricing.abstract) == (None, 1996, [], None)
    assert [(r.code, r.line, r.locator) for r in out.rejects] == [("bad_entry", 6, "142-499-243-410-237")]


def test_an_export_of_a_few_columns_is_read_and_a_cut_off_row_is_a_reject():
    header = "Lens ID,Title,Publication Year,Publication Type,Publisher,Source Country,Fields of Study,Keywords,DOI"
    rows = [
        "196-828-638-416-522,A passive UHF RFID tag,2021,conference proceedings article,IEEE,India,RFID,,10.1109/x",
        '196-828-638-416-523,"A tag cut',
    ]
    out = read("\n".join([header, *rows]))
    assert [(r.title, r.year, r.authors, r.doi) for r in out.records] == [
        ("A passive UHF RFID tag", 2021, [], "10.1109/x")
    ]
    assert [(r.code, r.line) for r in out.rejects] == [("cut_off", 3)]


def test_na_written_by_r_is_no_value():
    """bibliometrix's test data (massimoaria/bibliometrix tests/testthat/fixtures/lens_sample.csv
    d0591ed66af538cc5e83ed880b0282fb5972a32c) is Lens's export written again by R: every cell quoted
    but R's NA."""
    header = '"Lens ID","Title","Date Published","Publication Year","Author/s","External URL","PMID","DOI"'
    row = '"000-367-630-842-001","Gaming for Healthcare","2020-11-24",2020,"Filomena Izzo","http://x",NA,NA'
    (record,) = read("\n".join([header, row])).records
    assert (record.doi, record.identifiers, record.date) == (
        None,
        {"lens": "000-367-630-842-001", "url": "http://x"},
        "2020-11-24",
    )


def test_sniff_claims_lens_works_only():
    lines = TEXT.split("\n")
    assert lens_csv.sniff(lines) > 0.95 and scopus_csv.sniff(lines) == 0.0
    others = [f for f in BY_NAME.values() if f.kind == "export" and f.name != "lens-csv"]
    assert all(f.sniff(lines) == 0.0 for f in others)
    patents = (
        '"#",Jurisdiction,Kind,Publication Number,Lens ID,Publication Date,Publication Year,Application Number,'
        "Application Date,Priority Numbers,Earliest Priority Date,Title,Applicants,Inventors,Owners (US),URL,Type"
    )
    assert lens_csv.sniff([patents, "1,US,A1,US 2020/0000001 A1,000-000-000-000-001"]) == 0.0
    assert choose([patents, "1,US,A1,US 2020/0000001 A1,000-000-000-000-001"]) is None


def test_export_with_crlf_and_bom_is_read_through_the_build(tmp_path):
    path = tmp_path / "lens-export.csv"
    path.write_bytes((TEXT.lstrip("\ufeff").replace("\n", "\r\n") + "\r\n").encode("utf-8-sig"))
    result = extract_files(find_inputs([tmp_path]), CTX.as_of)
    assert [(r.title, r.line, r.layout) for r in result.records] == [
        ("Tidal meadows and geese", 2, "lens-csv"),
        ("A guide dog robot", 4, "lens-csv"),
        ("Variable rate pricing", 5, "lens-csv"),
    ]
    assert [(r.code, r.line) for r in result.rejects] == [("bad_entry", 6)]
