"""PubMed MEDLINE exports (.nbib, pubmed_result.txt), each case an invented snippet with the structure
of real exports (dreamytang/Pubmed_Author_Ranking pubmed_result.txt; the MEDLINE records in
bioruby's test_medline.rb and in ousamg/ella's reference tests; the real files stay outside the
repository)."""

from __future__ import annotations

import datetime as dt

from kg.build import extract_files, find_inputs
from kg.extract import choose, medline, pubmed_text, ris
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction

CTX = Context(as_of=dt.date(2026, 11, 28))

# Two records as PubMed saves them today: a blank first line, FAU/AU pairs each followed by its
# ORCID and addresses (wrapped by six spaces, numbered, with e-mail), DOI in LID and AID.
TWO = """
PMID- 39000001
OWN - NLM
STAT- Publisher
DP  - 2024 Mar 7
TI  - Tidal seagrass meadows and the winter diet of geese: a field
      study.
LID - 10.1234/EST.2024.001 [doi]
AB  - Geese graze seagrass in winter. We counted
      them.
FAU - Okafor, Ngozi Chiamaka
AU  - Okafor NC
AUID- ORCID: https://orcid.org/0000-0002-1825-0097
AD  - 1 Department of Biology, University of Porto, Porto, Portugal.
      Electronic address: ngozi@example.org.
AD  - 2 Interdisciplinary Centre of Marine Research, Matosinhos, Portugal.
FAU - Lindqvist, Astrid
AU  - Lindqvist A
AD  - Department of Zoology, Stockholm University, Stockholm, Sweden;
      Department of Biology, University of Porto, Porto, Portugal.
LA  - eng
PT  - Journal Article
TA  - Estuar Notes
JT  - Estuarine notes
PMC - PMC1234567
AID - 10.1234/est.2024.001 [doi]
SO  - Estuar Notes. 2024 Mar 7;3:1-9. doi: 10.1234/est.2024.001.

PMID- 39000002
DP  - 2023 Jan-Dec
TI  - [Seagrass in the Baltic].
FAU - Lindqvist, Astrid
AU  - Lindqvist A
CN  - Baltic Seagrass Consortium
PT  - Journal Article
PT  - Review
SO  - Balt Notes. 2023;5:2.
"""

# A record from before 2002 (AU only, no FAU) and before 2014 (one address for the whole paper,
# printed before the authors), and one with investigators listed after the authors.
OLD = """PMID- 10000001
DP  - 1998 Spring
TI  - Agile grazing in estuaries.
AD  - Stockholm University, Stockholm, Sweden.
AU  - Kane DW
AU  - Jenkins FA Jr
SO  - Estuar Notes. 1998;1:1.

PMID- 10000002
DP  - 2001 Jun
TI  - Alone at sea.
AD  - Department of Zoology, Stockholm University, Stockholm, Sweden.
AU  - Kane DW
SO  - Estuar Notes. 2001;2:1.

PMID- 10000003
DP  - 2012 Feb 30
TI  - A consortium paper.
FAU - Mendes, Rafael P
AU  - Mendes RP
CN  - Seagrass Watch Group
FIR - Rossi, Carla
IR  - Rossi C
IRAD- University of Pisa, Pisa, Italy.
SO  - Estuar Notes. 2012;4:1.
"""


def read(text: str) -> Extraction:
    lines = text.split("\n")
    fmt, view = choose(lines)
    assert fmt.name == "medline"
    return fmt.extract("x.nbib", view.lines, CTX)


def test_two_records_with_lines_locators_and_fields():
    out = read(TWO)
    assert out.rejects == []
    first, second = out.records
    assert (first.line, first.locator, second.line, second.locator) == (2, "PMID 39000001", 29, "PMID 39000002")
    assert first.title == "Tidal seagrass meadows and the winter diet of geese: a field study"
    assert first.abstract == "Geese graze seagrass in winter. We counted them."
    assert (first.date, first.year, first.doi) == ("2024-03-07", None, "10.1234/est.2024.001")
    assert (first.venue, first.entry_type) == ("Estuarine notes", "Journal Article")
    assert first.identifiers == {"pmid": "39000001", "pmcid": "PMC1234567"}
    # A bracketed title is a translation; the brackets are not the title's
    assert second.title == "Seagrass in the Baltic" and (second.date, second.year) == (None, 2023)


def test_authors_in_printed_order_with_their_own_orcid_and_organisations():
    first = read(TWO).records[0]
    assert first.authors == ["Ngozi Chiamaka Okafor", "Astrid Lindqvist"]
    okafor, lindqvist = first.author_details
    assert okafor["orcid"] == "0000-0002-1825-0097" and "orcid" not in lindqvist
    assert [a["name"] for a in okafor["affiliations"]] == [
        "University of Porto",
        "Interdisciplinary Centre of Marine Research",
    ]
    # One AD line with two addresses gives both organisations, no e-mail and no numbering
    assert [a["name"] for a in lindqvist["affiliations"]] == ["Stockholm University", "University of Porto"]


def test_a_group_author_and_investigators_are_not_authors():
    out = read(TWO)
    assert out.records[1].authors == ["Astrid Lindqvist"]
    consortium = read(OLD).records[2]
    assert consortium.authors == ["Rafael P Mendes"]
    assert not consortium.author_details or "affiliations" not in consortium.author_details[0]


def test_au_names_when_fau_is_absent():
    old = read(OLD).records[0]
    assert old.authors == ["D. W. Kane", "F. A. Jenkins Jr"]
    assert old.author_details[0]["raw_name"] == "Kane DW"


def test_a_paper_wide_address_is_the_sole_authors_and_otherwise_noted_unread():
    out = read(OLD)
    several, alone = out.records[0], out.records[1]
    assert all("affiliations" not in d for d in several.author_details)
    assert any("address(es) of the whole paper" in note and note.startswith("line 1:") for note in out.page.notes)
    assert alone.author_details[0]["affiliations"] == [{"name": "Stockholm University"}]


def test_a_day_only_where_dp_prints_a_real_one():
    records = read(OLD).records
    assert [(r.date, r.year) for r in records] == [(None, 1998), (None, 2001), (None, 2012)]  # Feb 30 is no day


def test_a_record_without_title_is_a_bad_entry_and_the_next_survives():
    text = "PMID- 1\nTI  - [Not Available].\nAU  - Kane DW\n\nPMID- 2\nTI  - Kept.\nAU  - Kane DW\n"
    out = read(text)
    assert [r.title for r in out.records] == ["Kept"]
    (bad,) = out.rejects
    assert (bad.code, bad.line, bad.locator) == ("bad_entry", 1, "PMID 1") and bad.code in REJECT_CODES


def test_text_outside_records_is_a_reject_and_text_under_no_tag_a_note():
    text = "PMID- 1\nTI  - Kept.\nstray words\nAU  - Kane DW\n\nSaved from PubMed on a Tuesday\n"
    out = read(text)
    assert [(r.title, r.authors) for r in out.records] == [("Kept", ["D. W. Kane"])]
    assert [(r.code, r.line) for r in out.rejects] == [("bad_syntax", 6)]
    assert out.page.notes == ["line 3: text under no tag is not read: stray words"]


def test_sniff_keeps_medline_and_ris_apart():
    assert medline.sniff(TWO.split("\n")) >= 0.95
    ris_text = "TY  - JOUR\nAU  - Kane, D.W.\nTI  - Agile grazing\nPY  - 1998\nER  - \n".split("\n")
    assert medline.sniff(ris_text) == 0.0 and ris.sniff(TWO.split("\n")) == 0.0
    assert choose(ris_text)[0].name == "ris"
    # Without a PMID line first (a record copied from the middle of a file), the tags decide
    assert choose(OLD.split("\n", 1)[1].split("\n"))[0].name == "medline"


def test_a_nbib_file_is_read_through_the_build(tmp_path):
    (tmp_path / "pubmed-seagrass.nbib").write_text(TWO, encoding="utf-8")
    extracted = extract_files(find_inputs([tmp_path]), CTX.as_of)
    assert [r.title[:5] for r in extracted.records] == ["Tidal", "Seagr"]
    assert extracted.pages[0].layout == "medline"


# PubMed's "Abstract (text)" save (TMax66/PUBMEDshiny and OliverCardiff/Literature_networks
# pubmed_result.txt): numbered records of paragraphs, CRLF line ends.
ABSTRACT_TEXT = """
1. Estuar Notes. 2018 Dec 31;57:364-376. doi: 10.1234/est.2018.034. [Epub
ahead of print]

Tidal seagrass meadows and the winter diet of geese: a field
study.

Okafor NC(1), De Angelis E(2), Mendes RP MPharm PhD(1); Baltic Seagrass
Consortium, Smith MS(2).

Collaborators: Rossi C, Bianchi A.

Author information:
(1)Department of Biology, University of Porto, Porto, Portugal.
ngozi@example.org.
(2)Department of Zoology, Stockholm University, Stockholm, Sweden; Marine
Institute, Galway, Ireland.

Comment in
    Estuar Notes. 2019 Jan;58:1-2.

2. BACKGROUND: Geese graze seagrass in winter. 2018 saw many. The mucosal surface of the meadow is
where geese feed for

RESULTS: We counted them.

3. Flocks of geese. 2019 was colder.
Copyright © 2018 Elsevier B.V. All rights reserved.
DOI: 10.1234/est.2018.034
PMCID: PMC1234567
PMID: 39000001  [Indexed for MEDLINE]

Conflict of interest statement: None.


2. Food Addit Contam Part A Chem Anal Control Expo Risk Assess.
2016;33(3):1-9.

[Seagrass in the Baltic].

[Article in Swedish]

Lindqvist A.

Author information:
Department of Zoology, Stockholm University, Stockholm, Sweden.

PMID: 39000002
""".replace("\n", "\r\n")


def read_abstract_text(text: str = ABSTRACT_TEXT) -> Extraction:
    lines = text.split("\n")
    fmt, view = choose(lines)
    assert fmt.name == "pubmed-abstract"
    return fmt.extract("pubmed_result.txt", view.lines, CTX)


def test_abstract_text_records_by_their_numbers_not_by_paragraphs_that_open_with_one():
    out = read_abstract_text()
    assert out.rejects == []
    first, second = out.records
    assert (first.line, first.locator, second.line, second.locator) == (2, "PMID 39000001", 36, "PMID 39000002")
    assert first.title == "Tidal seagrass meadows and the winter diet of geese: a field study"
    assert (first.venue, first.date, first.doi) == ("Estuar Notes", "2018-12-31", "10.1234/est.2018.034")
    assert first.identifiers == {"pmid": "39000001", "pmcid": "PMC1234567"}
    # "2. BACKGROUND" and "3. Flocks of geese. 2019" open abstract paragraphs, not records;
    # an abstract line ending in "for" is no notice
    assert first.abstract.startswith("2. BACKGROUND: Geese graze") and first.abstract.endswith(
        "3. Flocks of geese. 2019 was colder. Copyright © 2018 Elsevier B.V. All rights reserved."
    )
    assert "Comment in" not in first.abstract and "Collaborators" not in first.abstract
    # A long journal name pushes the year to the citation's next line; a bracketed title is a translation
    assert (second.title, second.venue, second.year, second.date) == (
        "Seagrass in the Baltic",
        "Food Addit Contam Part A Chem Anal Control Expo Risk Assess",
        2016,
        None,
    )


def test_abstract_text_authors_and_whose_each_address_is():
    first, second = read_abstract_text().records
    # Degrees after initials dropped, "MS" as initials kept, a group and the collaborators no authors
    assert first.authors == ["N. C. Okafor", "E. De Angelis", "R. P. Mendes", "M. S. Smith"]
    orgs = [[a["name"] for a in d.get("affiliations", [])] for d in first.author_details]
    assert orgs == [
        ["University of Porto"],
        ["Stockholm University", "Marine Institute"],
        ["University of Porto"],
        ["Stockholm University", "Marine Institute"],
    ]
    # The sole author's unnumbered address is theirs
    assert second.authors == ["A. Lindqvist"]
    assert second.author_details[0]["affiliations"] == [{"name": "Stockholm University"}]


def test_abstract_text_sniff_wants_a_numbered_citation_first_and_a_pmid():
    assert pubmed_text.sniff("1. Estuar Notes. 2018;1:1.\n\nKept.\n\nPMID: 1\n".split("\n")) >= 0.9
    assert pubmed_text.sniff("Saved on Tuesday\n\n1. Estuar Notes. 2018;1:1.\n\nKept.\n\nPMID: 1\n".split("\n")) == 0
    assert pubmed_text.sniff("1. Estuar Notes. 2018;1:1.\n\nKept.\n".split("\n")) == 0
    assert medline.sniff(ABSTRACT_TEXT.split("\n")) == 0 and pubmed_text.sniff(TWO.split("\n")) == 0
