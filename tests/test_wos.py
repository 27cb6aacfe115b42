"""Web of Science plain-text exports (savedrecs.txt), each case an invented snippet with the
structure of real exports (BrunaLab/coauthors_nsf savedrecs.txt, awandahl/wos savedrecs.txt,
jyoshimi/scientometrics data/WoS/*.txt; the real files stay outside the repository)."""

from __future__ import annotations

import datetime as dt

from kg.build import extract_files, find_inputs
from kg.extract import choose, wos, wos_tab
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction

CTX = Context(as_of=dt.date(2026, 11, 28))

# Two records as Web of Science prints them today: BOM, header with no blank line, AU then AF,
# C1 lines naming their authors in brackets, OI "Name/ORCID" wrapped mid-name, early-access PD.
TWO = """\ufeffFN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Okafor, NC
   Lindqvist, A
   Mendes, RP
AF Okafor, Ngozi Chiamaka
   Lindqvist, Astrid
   Mendes, Rafael P.
TI Tidal <i>Zostera</i> meadows and the
   winter diet of geese
SO ESTUARINE NOTES
LA English
DT Article; Early Access
DE seagrass; geese
AB Geese graze <i>Zostera</i> in winter.
C1 [Okafor, Ngozi Chiamaka; Mendes, Rafael P.] Univ Porto, Dept Biol, Porto, Portugal.
   [Lindqvist, Astrid] Stockholm Univ, Dept Zool, S-10691 Stockholm, Sweden.
   [Mendes, Rafael P.] CIIMAR, Matosinhos, Portugal.
RP Okafor, NC (corresponding author), Univ Porto, Dept Biol, Porto, Portugal.
RI Lindqvist, Astrid/Q-1234-2020
OI Mendes, Rafael/0000-0002-1825-0097; Lindqvist,
   Astrid/0000-0001-5109-3700
SN 1234-5678
EI 2345-6789
PD 2024 MAR 5
PY 2024
DI 10.9999/EST.2024.17
UT WOS:000123456700001
PM 38000001
ER

PT C
AU Varga, B
AF Varga, Bence
TI Counting ponds from orbit
SO PROCEEDINGS OF THE POND WORKSHOP
DT Proceedings Paper
C1 Eotvos Lorand Univ, Inst Geog, Budapest, Hungary.
   Hungarian Acad Sci, Budapest, Hungary.
PD MAY 4
PY 2019
UT WOS:000999888800002
ER

EF"""


def read(text: str) -> Extraction:
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == "wos"
    out = wos.extract("savedrecs.txt", chosen[1].lines, CTX)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out


def test_two_records_with_their_lines_locators_and_fields():
    out = read(TWO)
    assert out.rejects == []
    first, second = out.records
    assert (first.line, first.locator, second.line, second.locator) == (
        3,
        "WOS:000123456700001",
        33,
        "WOS:000999888800002",
    )
    assert first.title == "Tidal Zostera meadows and the winter diet of geese"  # wrapped, markup flattened
    assert first.abstract == "Geese graze Zostera in winter."
    assert first.venue == "ESTUARINE NOTES"
    assert first.doi == "10.9999/est.2024.17"
    assert first.entry_type == "Article"
    assert first.identifiers == {
        "wos": "WOS:000123456700001",
        "pmid": "38000001",
        "issn": "1234-5678",
        "eissn": "2345-6789",
    }
    assert (second.entry_type, second.venue) == ("Proceedings Paper", "PROCEEDINGS OF THE POND WORKSHOP")


def test_full_names_in_printed_order_from_af():
    first = read(TWO).records[0]
    assert first.authors == ["Ngozi Chiamaka Okafor", "Astrid Lindqvist", "Rafael P. Mendes"]
    assert [d.get("raw_name") for d in first.author_details] == [
        "Okafor, Ngozi Chiamaka",
        "Lindqvist, Astrid",
        "Mendes, Rafael P.",
    ]


def test_au_is_read_when_af_is_absent():
    text = TWO.replace("AF Varga, Bence\n", "")
    assert read(text).records[1].authors == ["B Varga"]


def test_c1_brackets_say_whose_each_organisation_is():
    first = read(TWO).records[0]
    orgs = [[a["name"] for a in d.get("affiliations", [])] for d in first.author_details]
    assert orgs == [["Univ Porto"], ["Stockholm Univ"], ["Univ Porto", "CIIMAR"]]


def test_c1_without_names_is_the_sole_authors_and_otherwise_unread():
    second = read(TWO).records[1]
    assert second.author_details[0]["affiliations"] == [{"name": "Eotvos Lorand Univ"}, {"name": "Hungarian Acad Sci"}]
    # the same lines on a two-author paper say nobody's address: none is given
    two_authors = TWO.replace("AF Varga, Bence\n", "AF Varga, Bence\n   Kiss, Anna\n")
    second = read(two_authors).records[1]
    assert second.authors == ["Bence Varga", "Anna Kiss"]
    assert all("affiliations" not in d for d in second.author_details)


def test_c1_names_of_no_single_author_are_noted_not_guessed():
    text = TWO.replace("[Lindqvist, Astrid] Stockholm", "[Lindqvist, Astrid; Pond Consortium] Stockholm")
    out = read(text)
    assert out.records[0].author_details[1]["affiliations"] == [{"name": "Stockholm Univ"}]
    assert out.page.notes == [
        "line 3: 1 C1 names that are not one author of the record (addresses not read): Pond Consortium"
    ]


def test_orcids_from_oi_go_to_their_authors():
    first = read(TWO).records[0]
    # "Mendes, Rafael" names the one author "Mendes, Rafael P."; the wrapped "Lindqvist,\n Astrid" joins
    assert [d.get("orcid") for d in first.author_details] == [None, "0000-0001-5109-3700", "0000-0002-1825-0097"]


def test_a_date_only_where_a_day_is_printed():
    first, second = read(TWO).records
    assert (first.date, first.year) == ("2024-03-05", None)  # "2024 MAR 5", PY 2024
    assert (second.date, second.year) == ("2019-05-04", None)  # "MAY 4" beside PY 2019
    month_only = read(TWO.replace("PD MAY 4", "PD JAN-MAR")).records[1]
    assert (month_only.date, month_only.year) == (None, 2019)
    # an early-access day in another year than PY is not the publication's day
    early = read(TWO.replace("PD 2024 MAR 5", "PD 2023 DEC 5")).records[0]
    assert (early.date, early.year) == (None, 2024)


def test_a_record_cut_off_before_er_is_a_reject_and_the_next_survives():
    cut = TWO.replace("PM 38000001\nER\n", "PM 38000001\n")
    out = read(cut)
    assert [r.title for r in out.records] == ["Counting ponds from orbit"]
    (bad,) = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("cut_off", 3, "WOS:000123456700001")
    # the file itself cut inside the second record
    out = read(TWO[: TWO.index("PD MAY 4")])
    assert [r.locator for r in out.records] == ["WOS:000123456700001"]
    assert [(r.code, r.line) for r in out.rejects] == [("cut_off", 33)]


def test_a_record_without_title_is_a_bad_entry():
    out = read(TWO.replace("TI Counting ponds from orbit\n", ""))
    assert len(out.records) == 1
    assert [(r.code, r.line, r.locator) for r in out.rejects] == [("bad_entry", 33, "WOS:000999888800002")]


def test_an_empty_tag_and_tags_outside_records_cost_no_record():
    text = TWO.replace("DE seagrass; geese\n", "DE\n").replace("EF", "AU Lost, A\nTI Orphan\nEF")
    out = read(text)
    assert len(out.records) == 2
    assert [r.code for r in out.rejects] == ["bad_record"]


def test_sniff_reads_content_not_names():
    assert wos.sniff(TWO.split("\n")) > 0.95
    headless = TWO.split("\n")[2:]  # records without the FN/VR header
    assert wos.sniff(headless) >= 0.9
    assert wos.sniff(["TY  - JOUR", "TI  - A title", "ER  - "]) == 0.0  # RIS is not this
    assert wos.sniff(["PT is a tag", "of nothing here"]) == 0.0


def test_a_header_without_records_is_one_reject():
    out = read("FN Clarivate Analytics Web of Science\nVR 1.0\nEF")
    assert out.records == []
    assert [r.code for r in out.rejects] == ["no_listing"]


# --- tab-delimited -----------------------------------------------------------------------
# The Core Collection header (TimothyStaples/labnetwork savedrecs.txt: UTF-8 BOM, CRLF, a tab ending
# every row); the All Databases one (lamatawk/WoS_Script_March2024) has full names in AU and no AF.
TAB_HEADER = "PT\tAU\tAF\tTI\tSO\tDT\tAB\tC1\tOI\tPD\tPY\tDI\tUT\tPM"
TAB_ROWS = [
    'J\tOkafor, NC; Mendes, RP\tOkafor, Ngozi Chiamaka; Mendes, Rafael P.\t"Wet" <i>Zostera</i> meadows\t'
    "ESTUARINE NOTES\tReview\tGeese graze.\t[Okafor, Ngozi Chiamaka] Univ Porto, Dept Biol, Porto, Portugal.; "
    "[Mendes, Rafael P.] CIIMAR, Matosinhos, Portugal.\tMendes, Rafael/0000-0002-1825-0097\tJUN 7\t2022\t"
    "10.9999/EST.2022.1\tWOS:000555000100001\t\t",
    "J\tVarga, Bence\t\tCounting ponds\tPOND NOTES\t\t\t\t\tJAN 2024\t2024\t\tWOS:000555000100002\t\t",
]


def test_tab_rows_are_records_with_their_lines():
    out = read("\ufeff" + "\n".join([TAB_HEADER, *TAB_ROWS, ""]))
    assert out.rejects == []
    first, second = out.records
    assert (first.line, first.locator, second.line, second.locator) == (
        2,
        "WOS:000555000100001",
        3,
        "WOS:000555000100002",
    )
    assert first.title == '"Wet" Zostera meadows'  # a cell opening with a quote is no csv quoting
    assert first.authors == ["Ngozi Chiamaka Okafor", "Rafael P. Mendes"]
    orgs = [[a["name"] for a in d.get("affiliations", [])] for d in first.author_details]
    assert orgs == [["Univ Porto"], ["CIIMAR"]]
    assert [d.get("orcid") for d in first.author_details] == [None, "0000-0002-1825-0097"]
    assert (first.date, first.doi, first.entry_type) == ("2022-06-07", "10.9999/est.2022.1", "Review")
    assert first.layout == "wos"
    # no AF: AU's full names; "JAN 2024" is a month
    assert (second.authors, second.date, second.year, second.entry_type) == (["Bence Varga"], None, 2024, "journal")


def test_tab_file_cut_inside_a_row_and_a_row_without_title():
    rows = [TAB_ROWS[1].replace("Counting ponds", ""), TAB_ROWS[0][:120]]
    out = read("\n".join([TAB_HEADER, *rows]))
    assert out.records == []
    assert [(r.code, r.line, r.locator) for r in out.rejects] == [
        ("bad_entry", 2, "WOS:000555000100002"),
        ("cut_off", 3, "record 2"),
    ]


def test_tab_export_in_utf16_is_read_through_the_build(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_bytes("\r\n".join([TAB_HEADER, *TAB_ROWS, ""]).encode("utf-16"))  # BOM and UTF-16 LE
    result = extract_files(find_inputs([path]), CTX.as_of)
    assert [r.title for r in result.records] == ['"Wet" Zostera meadows', "Counting ponds"]
    assert [r.layout for r in result.records] == ["wos", "wos"]


def test_plain_and_tab_sniffs_keep_apart():
    tab = [TAB_HEADER, *TAB_ROWS]
    assert wos_tab.sniff(tab) > 0.95 and wos.sniff(tab) == wos_tab.sniff(tab)
    assert wos_tab.sniff(TWO.split("\n")) == 0.0
    assert wos_tab.sniff(["PT\tXX\tYY\tZZ\tWW"]) == 0.0  # no TI or AU column
