"""Scopus CSV exports (scopus.csv), each case an invented snippet with the structure of real exports
(the real files stay outside the repository):
- about 2023 on, every cell quoted, "Authors" split by "; ", "Author full names" with ids, BOM:
  amosfigueiredo/pyBibX scopus.csv 8d3f4a1f780a38b66e211976298428639b91ea1e,
  glauberbalthazar83/PoultryBibliometric scopus.csv f62ecc79bdba613c3051ae1caac3454f493eeec0,
  Kaushik-2005/PRISMA-Automation scopus.csv 022b093626461d41b2162ab06a98c31a1c7273c1,
  antonio1970/Bibliometric-Analysis-of-ELRR scopus.csv c4aafbf8aaea07f7c602119a0320282b70537e65
  ("Jessup G.M.;" an author printed without address);
- about 2019-2022, "Govil N., Sharma A.", ids "57209571323;57220907015;", "Govil, N., Department …":
  Helioszjr/Bibliometrix scopus.csv 4b1515f63eb0e1a7e94e6ee780ddc3c076ef60c2,
  Dakcser/Citation-Network-Analysis scopus.csv 58b118fcd14296c897b52d547af2ada6ea601bd8 (abstracts
  over several lines, "Borras S.M., Jr."), NadiaHolmlund/BDS_M2_AAUBS_Scopus_Topic_Modeling
  Data/scopus.csv 3c00563f9888491566fa7061ca01e6099c8978bf ([No abstract available] unquoted);
- 2017, "Marcucci, A., Kypreos, S., Panos, E.": jhilaire/netsiams scopus.csv
  73acfb2a03aae021ed68f7247b6f6aed4834cafb;
- not Scopus's layout: TatraiN/scopusdata scopus.csv 011f1595f82e7cfe8cced704c71dc03ce97ef4f4 (re-saved
  by a spreadsheet, ";" appended to every line); bibliometrix's own CSV ("AU";"TI";…) in
  Helioszjr/Bibliometrix dadosbiblio.csv.
"""

from __future__ import annotations

import csv
import datetime as dt

from kg.build import build, extract_files, find_inputs
from kg.extract import BY_NAME, choose, scopus_csv
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction
from kg.validate import check

CTX = Context(as_of=dt.date(2026, 11, 28))

NEW_HEADER = (
    '\ufeff"Authors","Author full names","Author(s) ID","Title","Year","Source title","Volume","Issue",'
    '"Art. No.","Page start","Page end","Page count","Cited by","DOI","Link","Affiliations",'
    '"Authors with affiliations","Abstract","Author Keywords","Document Type","Publication Stage",'
    '"Open Access","Source","EID"'
)
NEW_ROWS = [
    # three authors, the second printed without address, an abstract over two lines
    '"Okafor N.C.; Lindqvist A.; Mendes R.P.","Okafor, Ngozi Chiamaka (57188624459); Lindqvist, Astrid '
    '(6603545988); Mendes, Rafael P. (57201776594)","57188624459; 6603545988; 57201776594","Tidal '
    'CO<inf>2</inf> uptake of Zostera meadows","2024","Estuarine Notes","12","3","","101","110","9","4",'
    '"10.9999/EST.2024.17","https://www.scopus.com/inward/record.uri?eid=2-s2.0-85100000001&partnerID=40",'
    '"Department of Biology, University of Porto, Porto, Portugal; CIIMAR, Matosinhos, Portugal",'
    '"Okafor N.C., Department of Biology, University of Porto, Porto, Portugal; Lindqvist A.; Mendes R.P., '
    'CIIMAR, Matosinhos, Portugal","Geese graze Zostera in winter.',
    'Meadows take up ""more"" carbon. © 2024 Elsevier Ltd","seagrass; geese","Article","Final","",'
    '"Scopus","2-s2.0-85100000001"',
    # no author, no abstract, no DOI
    '"[No author name available]","[No author name available]","[No author id available]","Erratum to: '
    'Counting ponds","2023","Pond Letters","","","","ii","iii","","","","https://www.scopus.com/inward/'
    'record.uri?eid=2-s2.0-85100000002","","","[No abstract available]","","Erratum","Final","","Scopus",'
    '"2-s2.0-85100000002"',
]
NEW = "\n".join([NEW_HEADER, *NEW_ROWS])

# Scopus of about 2022: names "Govil N.", ids ending in ";", "Govil, N." before each address.
MID = "\n".join(
    [
        "\ufeffAuthors,Author(s) ID,Title,Year,Source title,DOI,Link,Affiliations,Authors with affiliations,"
        "Abstract,Document Type,Publication Stage,Open Access,Source,EID",
        '"Govil N., Sharma A., Borras S.M., Jr.","57209571323;57220907015;7003905365;","Agile as a fuzzy choice",'
        '2022,"Advances in Engineering Software","10.1016/j.advengsoft.2022.103125","https://www.scopus.com/x",'
        '"Department of CEA, IET, GLA University, Mathura, 281 406, India","Govil, N., Department of CEA, IET, '
        "GLA University, Mathura, 281 406, India; Sharma, A., Department of CEA, IET, GLA University, Mathura, "
        '281 406, India; Borras, S.M., Jr., Eni SpA, San Donato Milanese, Italy",'
        '"Agile methods.",Article,"Final","",Scopus,2-s2.0-85127865888',
        '"Caseau Y.","57847221100;","The lean approach",2022,"The lean approach",,"https://www.scopus.com/y",'
        '"Institut Mines-Télécom, Paris, France","Caseau, Y.",[No abstract available],Book,"Final","",Scopus,'
        "2-s2.0-85136150860",
    ]
)

# Scopus of 2017: "Last, I." pairs in one comma-separated cell, no address columns.
OLD = "\n".join(
    [
        "Authors,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,Page count,Cited by,DOI,Link,"
        "Document Type,Source,EID",
        '"Marcucci, A., Kypreos, S., Du Pont, Y.R.","The road to Paris targets",2017,"Climatic Change","144","2",,'
        '"181","193",,,10.1007/s10584-017-2051-8,"https://www.scopus.com/z",Article,Scopus,2-s2.0-85027839992',
        '"Caseau, Y.","A sole author",2016,"CoRR","abs/1605.01234",,,,,,,,"https://www.scopus.com/w",'
        "Article,Scopus,2-s2.0-85027839993",
    ]
)


def read(text: str) -> Extraction:
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == "scopus-csv"
    out = scopus_csv.extract("scopus.csv", chosen[1].lines, CTX)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out


def test_new_export_names_ids_organisations_and_lines():
    out = read(NEW)
    assert out.rejects == []
    first, second = out.records
    assert (first.line, first.locator, second.line, second.locator) == (
        2,
        "2-s2.0-85100000001",
        4,  # the first row's abstract takes two lines
        "2-s2.0-85100000002",
    )
    assert first.title == "Tidal CO2 uptake of Zostera meadows"
    assert first.authors == ["Ngozi Chiamaka Okafor", "Astrid Lindqvist", "Rafael P. Mendes"]
    assert [d.get("scopus") for d in first.author_details] == ["57188624459", "6603545988", "57201776594"]
    assert first.author_details[0]["raw_name"] == "Okafor, Ngozi Chiamaka"
    # whose each address is, as the row says; the author printed without one gets none
    assert [d.get("affiliations") for d in first.author_details] == [
        [{"name": "University of Porto"}],
        None,
        [{"name": "CIIMAR"}],
    ]
    assert (first.year, first.date, first.venue, first.doi, first.entry_type) == (
        2024,
        None,
        "Estuarine Notes",
        "10.9999/est.2024.17",
        "Article",
    )
    assert first.abstract == 'Geese graze Zostera in winter. Meadows take up "more" carbon. © 2024 Elsevier Ltd'
    assert first.identifiers["scopus"] == "2-s2.0-85100000001"
    # "[No author name available]" is nobody; "[No abstract available]" is no abstract
    assert (second.authors, second.author_details, second.abstract, second.doi) == ([], [], None, None)
    assert second.entry_type == "Erratum"


def test_export_of_2022_prints_names_with_initials_and_addresses_after_a_comma():
    out = read(MID)
    assert out.rejects == []
    team, sole = out.records
    assert team.authors == ["N. Govil", "A. Sharma", "S.M. Borras Jr."]
    assert [d.get("scopus") for d in team.author_details] == ["57209571323", "57220907015", "7003905365"]
    assert [d["affiliations"] for d in team.author_details] == [
        [{"name": "GLA University"}],
        [{"name": "GLA University"}],
        [{"name": "Eni SpA"}],  # after "Borras, S.M., Jr.", suffix and all
    ]
    # one author, no address after the name: the paper's address list is theirs
    assert sole.authors == ["Y. Caseau"]
    assert sole.author_details == [
        {"raw_name": "Caseau Y.", "scopus": "57847221100", "affiliations": [{"name": "Institut Mines-Télécom"}]}
    ]
    assert (sole.abstract, sole.doi, sole.entry_type) == (None, None, "Book")


def test_export_of_2017_prints_surname_initials_pairs():
    out = read(OLD)
    assert out.rejects == []
    paris, corr = out.records
    assert paris.authors == ["A. Marcucci", "S. Kypreos", "Y.R. Du Pont"]
    assert paris.author_details == [
        {"raw_name": "Marcucci, A."},
        {"raw_name": "Kypreos, S."},
        {"raw_name": "Du Pont, Y.R."},
    ]
    assert (paris.doi, paris.abstract) == ("10.1007/s10584-017-2051-8", None)
    assert (corr.authors, corr.arxiv_id, corr.venue) == (["Y. Caseau"], "1605.01234", "CoRR")


def test_na_written_by_r_is_no_value():
    """bibliometrix's test data (massimoaria/bibliometrix tests/testthat/fixtures/scopus_sample.csv
    d0591ed66af538cc5e83ed880b0282fb5972a32c) is Scopus's export written again by R, NA in empty cells."""
    header = '"Authors","Author full names","Author(s) ID","Title","Year","Source title","DOI","Link","Abstract","EID"'
    row = '"Liu F.","Liu, Fengyuan (60410297700)","60410297700","Spinal AI",2026,"Digital Health",NA,"u",NA,"2-s2.0-7"'
    (record,) = read("\n".join([header, row])).records
    assert (record.authors, record.doi, record.abstract) == (["Fengyuan Liu"], None, None)


def test_arxivs_own_doi_gives_the_arxiv_id():
    header = "Authors,Title,Year,Source title,DOI,Link,Source,EID"
    row = '"Aria M.","A preprint",2022,"arXiv",10.48550/arXiv.2210.13368,"u",Scopus,2-s2.0-6'
    (record,) = read("\n".join([header, row])).records
    assert (record.arxiv_id, record.doi, record.venue) == ("2210.13368", "10.48550/arxiv.2210.13368", "arXiv")


def test_names_that_pair_up_neither_way_are_not_taken():
    """ "Smith, J., Bhawna, Doe, A.": pairs break at the name without initials, and as "Last I." names
    "J." would be a person: no name is taken (a note says so), the record stays."""
    header = "Authors,Title,Year,Source title,Link,Source,EID"
    out = read("\n".join([header, '"Smith, J., Bhawna, Doe, A.","Odd names",2017,"J","u",Scopus,2-s2.0-5']))
    assert [(r.title, r.authors) for r in out.records] == [("Odd names", [])]
    why = "line 2: the names of 'Authors' do not read as names, none taken: Smith, J., Bhawna, Doe, A."
    assert out.page.notes == [why]


def test_addresses_are_read_only_where_a_name_says_whose():
    header = "Authors,Author(s) ID,Title,Year,Source title,Affiliations,Authors with affiliations,Source,EID"
    rows = [
        # the same printed name twice: each address's place in the list says whose
        '"Li Y., Li Y.","1;2;","Twins",2020,"J","","Li, Y., Tsinghua University, Beijing, China; Li, Y.",'
        "Scopus,2-s2.0-1",
        # the same, with an address opened by nobody on the list: the places say nothing, the names
        # say nothing about the twins, the stray address is nobody's
        '"Li Y., Li Y.","1;2;","Twins again",2020,"J","","Li, Y., Tsinghua University, Beijing, China; Li, Y.; '
        'Wang Q., Peking University, Beijing, China",Scopus,2-s2.0-2',
        '"Ito K., Sato H.","3;4;","Stray",2020,"J","","Ito, K., Kyoto University, Kyoto, Japan; Wang Q., Peking '
        'University, Beijing, China",Scopus,2-s2.0-3',
        # a paper's address list with two authors: whose is not said, not read
        '"Ito K., Sato H.","3;4;","Pair",2020,"J","Kyoto University, Kyoto, Japan","",Scopus,2-s2.0-4',
    ]
    twins, again, stray, pair = read("\n".join([header, *rows])).records
    assert [d.get("affiliations") for d in twins.author_details] == [[{"name": "Tsinghua University"}], None]
    assert [d.get("affiliations") for d in again.author_details] == [None, None]
    assert [d.get("affiliations") for d in stray.author_details] == [[{"name": "Kyoto University"}], None]
    assert [d.get("affiliations") for d in pair.author_details] == [None, None]


def test_bad_rows_are_rejects_and_the_rest_survive():
    header = "Authors,Author(s) ID,Title,Year,Source title,DOI,Link,Document Type,Source,EID"
    rows = [
        '"Aria M.","1;","Kept",2020,"J",,"https://www.scopus.com/a",Article,Scopus,2-s2.0-11',
        '"Aria M.","1;","",2020,"J",,"https://www.scopus.com/b",Article,Scopus,2-s2.0-12',  # no title
        '"Aria M.","1;","Short row",2020,"J"',  # a row that lost cells
        '"Aria M.","1;","Also kept",2021,"J",,"https://www.scopus.com/c",Article,Scopus,2-s2.0-14',
        '"Iorio C.","2;","Cut off",2021,"J",,"https://www.scopus.com/d",Article,"Scop',  # never closed
        "continued",
    ]
    out = read("\n".join([header, *rows]))
    assert [(r.title, r.line) for r in out.records] == [("Kept", 2), ("Also kept", 5)]
    assert [(r.code, r.line, r.locator) for r in out.rejects] == [
        ("bad_entry", 3, "2-s2.0-12"),
        ("bad_record", 4, "record 3"),
        ("cut_off", 6, "record 5"),
    ]
    assert out.rejects[2].raw.endswith("continued")


def test_a_row_that_ends_the_file_short_is_cut_off_and_a_header_alone_is_no_listing():
    header = "Authors,Title,Year,Source title,Link,Source,EID"
    out = read("\n".join([header, '"Aria, M.","Whole",2020,"J","u",Scopus,2-s2.0-1', '"Aria, M.","Half",20']))
    assert [r.title for r in out.records] == ["Whole"]
    assert [(r.code, r.line) for r in out.rejects] == [("cut_off", 3)]
    alone = read(header + "\n")
    assert (alone.records, [(r.code, r.line) for r in alone.rejects]) == ([], [("no_listing", 1)])


def test_sniff_is_sure_only_of_scopus_headers():
    assert scopus_csv.sniff(NEW.split("\n")) > 0.95 and scopus_csv.sniff(OLD.split("\n")) > 0.95
    others = [
        # bibliometrix's own CSV of Scopus data (tags, ";"-separated)
        '"AU";"Author.s..ID";"TI";"PY";"SO";"DI";"DT";"DB";"UT"',
        # a spreadsheet's re-save of scopus.csv: ";" appended to every line, "EID;;;;" is no column
        "Authors,Author(s) ID,Title,Year,Source title,DOI,Link,Document Type,Source,EID;;;;;;;;",
        # Scopus's Chinese interface: no EID column
        "\ufeff作者關鍵字,書名,年份,來源出版物名稱,施引文獻,DOI,連結,文獻類型,來源出版物",
        "PT\tAU\tBA\tBE\tGP\tAF\tBF\tCA\tTI\tSO",  # Web of Science tab-delimited
        "Title,EID",  # no names, no Scopus column
    ]
    for line in others:
        assert scopus_csv.sniff([line, "x"]) == 0.0, line
    exports = [f for f in BY_NAME.values() if f.kind == "export" and f.name != "scopus-csv"]
    assert all(f.sniff(text.split("\n")) == 0.0 for f in exports for text in (NEW, MID, OLD))


def test_a_cell_longer_than_csvs_default_limit_is_read_and_the_limit_put_back():
    header = "Authors,Title,Year,Source title,Abstract,Link,Source,EID"
    long = "word " * 40_000  # 200,000 characters
    before = csv.field_size_limit()
    out = read("\n".join([header, f'"Aria, M.","Long",2020,"J","{long}","u",Scopus,2-s2.0-1']))
    assert [len(r.abstract or "") for r in out.records] == [len(long.strip())]
    assert csv.field_size_limit() == before


def test_export_with_crlf_and_bom_is_read_through_the_build(tmp_path):
    path = tmp_path / "scopus.csv"
    path.write_bytes((NEW.lstrip("\ufeff").replace("\n", "\r\n") + "\r\n").encode("utf-8-sig"))
    result = extract_files(find_inputs([tmp_path]), CTX.as_of)
    assert result.rejects == []
    assert [(r.title, r.line, r.layout) for r in result.records] == [
        ("Tidal CO2 uptake of Zostera meadows", 2, "scopus-csv"),
        ("Erratum to: Counting ponds", 4, "scopus-csv"),
    ]
    assert result.records[0].abstract.startswith("Geese graze Zostera in winter. Meadows")


def test_a_scopus_author_id_joins_the_name_forms_it_carries(tmp_path):
    # One Scopus author id printed as "Okafor, Ngozi" and, after a marriage, "Okafor-Eze, N." is one
    # person (no name rule would join them); graph.ttl gives the person the id. Like OpenAlex's, a
    # Scopus id does not part two people of one name (Scopus splits some people over several ids).
    header = '"Authors","Author full names","Author(s) ID","Title","Year","Source title","EID"'
    rows = [
        '"Wang L.; Okafor N.","Wang, Li (111); Okafor, Ngozi (57188624459)","111; 57188624459",'
        '"Pond one","2021","PL","e1"',
        '"Lindqvist A.; Okafor-Eze N.","Lindqvist, Astrid (333); Okafor-Eze, N. (57188624459)",'
        '"333; 57188624459","Pond two","2022","PL","e2"',
    ]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scopus.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    built = build(find_inputs([tmp_path / "in"]), tmp_path / "out", CTX.as_of)
    # one person, named by the fuller of two forms printed once each
    assert sorted(built.resolution.people.name) == ["Astrid Lindqvist", "Li Wang", "N. Okafor-Eze"]
    ids = built.resolution.identifiers
    assert sorted(ids[ids.scheme == "scopus"].value) == ["111", "333", "57188624459"]
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert 'schema:propertyID "scopus"' in turtle and '"57188624459"' in turtle
    conforms, report = check(tmp_path / "out" / "graph.ttl")  # kg's SHACL shapes know the scheme
    assert conforms, report
