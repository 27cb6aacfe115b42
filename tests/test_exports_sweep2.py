"""Defects found by running kg on real exports (second sweep), each pinned by a small invented
snippet with the structure of the real file named in its test (the real files stay outside
the repository)."""

from __future__ import annotations

import json

from conftest import read_export as read

from kg.extract import bibtex, csl_json, openalex, ris

# --- BibTeX ------------------------------------------------------------------------------


def test_bibtex_bare_ampersand_stays_in_the_venue():
    # ScienceDirect (mabutko/BibTeX sciencedirect.bib): `journal = {Computers & Security}`, unescaped
    out = read(bibtex, "@article{K1,\ntitle = {Robots & rivers},\njournal = {Ponds & Lakes},\nyear = {2021}\n}")
    assert [(r.title, r.venue) for r in out.records] == [("Robots & rivers", "Ponds & Lakes")]


def test_bibtex_html_character_references_are_decoded():
    # ACM DL (lhsantos/sysreview-elderly acm.bib): "\&\#38;", title-cased "\&Ldquo;"; ScienceDirect "&amp;"
    text = (
        "@inproceedings{A:1,\n title = {Ducks \\&\\#38; Geese: \\&Ldquo;Wet\\&Rdquo; Feet\\&Trade;},\n"
        " booktitle = {Workshop on Ponds \\&Amp; Streams},\n year = {2012}\n}\n"
        '@article{B2,\ntitle = "Mud &amp; reeds",\njournal = "Barnes&noble Review",\nyear = "2015"\n}'
    )
    out = read(bibtex, text)
    assert [r.title for r in out.records] == ["Ducks & Geese: “Wet” Feet™", "Mud & reeds"]
    assert [r.venue for r in out.records] == ["Workshop on Ponds & Streams", "Barnes&noble Review"]


def test_bibtex_sciencedirect_escaped_protective_braces_are_dropped():
    # ScienceDirect (lhsantos/sysreview-elderly sd.bib): title = "Sleep \{EEG\} correlates ..."
    text = (
        '@article{S1,\ntitle = "Night \\{ECG\\} patterns in \\{COPD\\} ",\njournal = "Heart",\nyear = "2016",\n'
        'url = "http://www.sciencedirect.com/science/article/pii/S0000000000000001"\n}\n'
        "@article{O1,\ntitle = {Sets \\{a\\} and \\{b\\}},\nyear = {2016}\n}"
    )
    out = read(bibtex, text)
    # elsewhere an escaped brace is a brace the title prints
    assert [r.title for r in out.records] == ["Night ECG patterns in COPD", "Sets {a} and {b}"]


def test_bibtex_scopus_key_with_a_comma_keeps_its_entry():
    # Scopus (milensys/biodiversity_scopus_27_novembre_2023 scopus.bib): "@ARTICLE{Ribeiro, Jr2022,"
    text = (
        "@ARTICLE{Santos, Jr2019,\n\tauthor = {Santos, Jr, Ana B. and Lee, Kim},\n\ttitle = {Frogs at night},\n"
        "\tyear = {2019},\n\tjournal = {Ponds}\n}\n\n@ARTICLE{Lee2020,\n\ttitle = {Toads},\n\tyear = {2020}\n}"
    )
    out = read(bibtex, text)
    assert out.rejects == []
    first = out.records[0]
    assert (first.title, first.authors, first.locator) == (
        "Frogs at night",
        ["Ana B. Santos Jr", "Kim Lee"],
        "Santos, Jr2019",
    )
    assert first.identifiers["bibtex"] == "Santos, Jr2019"
    assert [r.line for r in out.records] == [1, 8]


def orgs(record) -> list[list[str]]:
    return [[a["name"] for a in d.get("affiliations", [])] for d in record.author_details]


def test_bibtex_scopus_address_letters_leave_the_names_and_become_affiliations():
    # Scopus of ~2016 (massimoaria/bibliometrix DISESscopus.bib, garfield.bib): "Iorio, C.a  and ... Li, L.Z.a  b"
    text = (
        "@ARTICLE{Moss2015,\nauthor={Moss, K.a  and Fern, L.P.a  b  and Reed, A.-M.b },\n"
        "title={Lichens on old walls},\njournal={Stone},\nyear={2015},\n"
        "affiliation={Department of Botany, University of Tarnfield, Via Uno, Tarnfield, Italy; "
        "Department of Economics, Management, Institutions, Gorse Institute of Ecology, Brackley, United Kingdom},\n"
        "source={Scopus},\n}\n"
        "@ARTICLE{Solo2015,\nauthor={Solo, H.},\ntitle={Alone},\nyear={2015},\naffiliation={Tarn College, Italy},\n}"
    )
    out = read(bibtex, text)
    lettered, solo = out.records
    assert lettered.authors == ["K. Moss", "L.P. Fern", "A.-M. Reed"]
    assert orgs(lettered) == [
        ["University of Tarnfield"],
        ["University of Tarnfield", "Gorse Institute of Ecology"],
        ["Gorse Institute of Ecology"],
    ]
    # an address list that does not come from Scopus (no `source`) is not read
    assert solo.authors == ["H. Solo"] and orgs(solo) == [[]]


def test_bibtex_scopus_author_list_printed_with_commas_alone_is_cut_into_people():
    # Scopus of ~2017 (massimoaria/bibliometrix scopus.bib): author={D'Ambrosio, A.a , Aria, M.a , Iorio, C.b }
    text = (
        "@ARTICLE{Vale2017,\nauthor={Vale, T.a , D'Orta, M.N.b , Rossi, P.a },\ntitle={Salt marsh birds},\n"
        "year={2017},\naffiliation={University of Tarnfield, Italy; Gorse College, Brackley, United Kingdom},\n}\n"
        "@ARTICLE{Nolet2017,\nauthor={Vale, T., Rossi, P.},\ntitle={Reeds},\nyear={2017},\n}\n"
        "@ARTICLE{Jr2017,\nauthor={Smith, Jr., John},\ntitle={Mud},\nyear={2017},\n}"
    )
    out = read(bibtex, text)
    assert [r.authors for r in out.records] == [
        ["T. Vale", "M.N. D'Orta", "P. Rossi"],
        ["T. Vale", "P. Rossi"],
        ["John Smith Jr."],  # "Last, Jr., First" is one person, not a list
    ]
    assert orgs(out.records[0]) == [["University of Tarnfield"], ["Gorse College"], ["University of Tarnfield"]]


def test_bibtex_web_of_science_affiliation_lines_say_each_authors_organisation():
    # Web of Science (amosfigueiredo/pyBibX wos.bib, milensys/genai_authorship savedrecs.bib):
    # "Name; Name, Org, Unit, City, Country." a line; the corresponding-author line names initials only
    text = (
        "@article{ WOS:000000000000001,\nAuthor = {Heron, Grace Ann and de Wit, Jan and Lark, Bo},\n"
        "Title = {{Nests in reeds}},\nYear = {{2021}},\n"
        "Affiliation = {{Heron, GA (Corresponding Author), Univ Tarn, Dept Biol, Tarn 1000, Italy.\n"
        "   Heron, Grace Ann; de Wit, Jan, Univ Tarn, Dept Biol, Via Uno 2, Tarn 1000, Italy.\n"
        "   de Wit, Jan, Gorse Inst Ecol \\& Evolut, Brackley, England.\n"
        "   Fen Coll, Marsh, Wales.}},\n}"
    )
    out = read(bibtex, text)
    (record,) = out.records
    assert record.authors == ["Grace Ann Heron", "Jan de Wit", "Bo Lark"]
    # the last line names nobody: whose address it is would be a guess, and it is not read
    assert orgs(record) == [["Univ Tarn"], ["Univ Tarn", "Gorse Inst Ecol & Evolut"], []]


def test_bibtex_web_of_science_orcid_numbers_go_to_their_authors():
    # Web of Science (amosfigueiredo/pyBibX wos.bib; massimoaria/bibliometrix DISES.bib): ORCID-Numbers
    # "Surname, Given/orcid" a line, by full name, a shorter name, or (older records) surname and initial
    text = (
        "@article{ WOS:000000000000002,\nAuthor = {Heron, Grace Ann and de Wit, J. and Lark, Bo and Lake, Jain},\n"
        "Title = {{Nests}},\nYear = {{2021}},\n"
        "ORCID-Numbers = {{Heron, Grace/0000-0002-1825-0097\n   de Wit, Jan/0000-0001-5109-3700\n"
        "   Lake, Joan/0000-0002-1694-233X\n   Crane, Ida/0000-0003-1415-9269}},\n}"
    )
    (record,) = read(bibtex, text).records
    assert [d.get("orcid") for d in record.author_details] == ["0000-0002-1825-0097", "0000-0001-5109-3700", None, None]


def test_bibtex_semantic_scholar_arxiv_volume_gives_the_arxiv_id():
    # Semantic Scholar style via EndNote (tengann/IAV_PPI_Graph_Embedding_Review GraphEmbedding_ReviewPaper_Refs.bib):
    # journal = {ArXiv}, volume = {abs/2101.06569}, no eprint
    text = (
        "@article{RN9,\n   author = {Pike, Ann},\n   title = {Graphs of ponds},\n   journal = {ArXiv},\n"
        "   volume = {abs/2203.01234},\n   year = {2022}\n}\n"
        "@article{RN10,\n   title = {Volumes},\n   journal = {Pond Letters},\n   volume = {abs/2203.01234},\n"
        "   year = {2022}\n}"
    )
    out = read(bibtex, text)
    assert [r.arxiv_id for r in out.records] == ["2203.01234", None]


# --- RIS ---------------------------------------------------------------------------------


def test_ris_semantic_scholar_arxiv_volume_gives_the_arxiv_id():
    # EndNote RIS of Semantic Scholar data (tengann/IAV_PPI_Graph_Embedding_Review references.ris):
    # "T2  - ArXiv" / "VL  - abs/2101.06569"
    text = (
        "TY  - JOUR\nAU  - Pike, Ann\nTI  - Graphs of ponds\nT2  - ArXiv\nVL  - abs/2203.01234\nPY  - 2022\nER  - \n\n"
        "TY  - JOUR\nTI  - Volumes\nT2  - Pond Letters\nVL  - abs/2203.01234\nPY  - 2022\nER  - \n"
    )
    out = read(ris, text)
    assert [(r.arxiv_id, r.venue) for r in out.records] == [("2203.01234", "ArXiv"), (None, "Pond Letters")]


# --- CSL-JSON ----------------------------------------------------------------------------


def test_csl_semantic_scholar_arxiv_volume_gives_the_arxiv_id():
    # Manubot references.json (AdaptInfer/context-review): "container-title": "ArXiv", "volume": "abs/1610.01644"
    items = [
        {"id": "a", "type": "article-journal", "title": "Graphs of ponds", "container-title": "ArXiv",
         "volume": "abs/2203.01234", "issued": {"date-parts": [[2022]]}},
        {"id": "b", "type": "article-journal", "title": "Reeds", "container-title": "CoRR",
         "volume": "abs/hep-th/9901001"},
        {"id": "c", "type": "article-journal", "title": "Volumes", "container-title": "Ponds",
         "volume": "abs/2203.01234"},
    ]  # fmt: skip
    out = read(csl_json, json.dumps(items, indent=2))
    assert [r.arxiv_id for r in out.records] == ["2203.01234", "hep-th/9901001", None]


def test_ris_ebsco_filled_day_is_not_taken_for_a_known_day():
    # EBSCOhost (ShahKosha2000/Research-paper EBSCO-Metadata-2024-05-03.ris): "PY  - 1988/03/01/MAR 1988"
    text = "".join(
        f"TY  - JOUR\nTI  - Paper {n}\nPY  - {date}\nER  - \n\n"
        for n, date in enumerate(["2019/01/01/2019", "1990/04/01/APR 1990", "2011/03/01/Spring 2011",
                                  "2016/05/12/May 12 2016", "2016/05/12/", "2016/05/12"])
    )  # fmt: skip
    out = read(ris, text)
    assert [(r.date, r.year) for r in out.records] == [
        (None, 2019), (None, 1990), (None, 2011), ("2016-05-12", None), ("2016-05-12", None), ("2016-05-12", None)
    ]  # fmt: skip


def test_ris_web_of_science_publication_date_gives_the_day():
    # Web of Science RIS: "DA  - 2017 OCT 11" (Nighat-Chemist/R-DATA savedrecs.ris),
    # "DA  - MAY 6" beside "PY  - 2021" (ShahKosha2000/Research-paper savedrecs.ris); "DA  - MAR" has no day
    text = (
        "TY  - JOUR\nTI  - A\nDA  - 2017 OCT 11\nPY  - 2017\nER  - \n\n"
        "TY  - JOUR\nTI  - B\nDA  - MAY 6\nPY  - 2021\nER  - \n\n"
        "TY  - JOUR\nTI  - C\nDA  - MAR\nPY  - 2020\nER  - \n\n"
        "TY  - JOUR\nTI  - D\nDA  - FEB 30\nPY  - 2020\nER  - \n"
    )
    out = read(ris, text)
    assert [(r.date, r.year) for r in out.records] == [
        ("2017-10-11", None),
        ("2021-05-06", None),
        (None, 2020),
        (None, 2020),
    ]


def test_ris_web_of_science_group_author_of_the_proceedings_is_no_author():
    # Web of Science RIS (ShahKosha2000/Research-paper savedrecs.ris): "A1  - IEEE" beside the paper's AU list
    # in 65 of 239 records; another exporter's A1 is a primary author and stays one
    text = (
        "TY  - CPAPER\nAU  - Pike, A\nAU  - Roach, BK\nA1  - Pond Soc\nTI  - Fish ladders\nPY  - 2023\n"
        "J9  - P POND C\nWE  - Conference Proceedings Citation Index (CPCI-S)AN  - WOS:000000000000003\nER  - \n\n"
        "TY  - JOUR\nA1  - Carp, Dana\nTI  - Weirs\nPY  - 2023\nER  - \n"
    )
    out = read(ris, text)
    assert [r.authors for r in out.records] == [["A Pike", "BK Roach"], ["Dana Carp"]]
    assert any("Pond Soc (line 1)" in note for note in out.page.notes)


def test_csl_rich_text_markup_and_character_references_are_read_as_text():
    # Manubot/Crossref CSL (AdaptInfer/context-review references.json): "Chaos, Solitons &amp; Fractals";
    # citeproc-js markup tags are formatting: <i>, <sup>, <span class="nocase">
    items = [
        {"id": "a", "type": "article-journal",
         "title": "Reeds of <i>Typha</i> and CO<sub>2</sub> in <span class=\"nocase\">pH</span> 7",
         "container-title": "Ponds &amp; Lakes", "abstract": "Eels &lt; pike &amp; perch"},
        {"id": "b", "type": "article-journal", "title": "a <b> c &not d", "container-title": "Fen"},
    ]  # fmt: skip
    out = read(csl_json, json.dumps(items))
    first, second = out.records
    assert (first.title, first.venue, first.abstract) == (
        "Reeds of Typha and CO2 in pH 7",
        "Ponds & Lakes",
        "Eels < pike & perch",
    )
    assert second.title == "a c &not d"  # "&not" without ";" is no reference


def test_bibtex_sciencedirect_escaped_braces_in_the_journal_are_dropped():
    # ScienceDirect (lhsantos/sysreview-elderly sd.bib): journal = "\{NPG\} Neurologie - Psychiatrie - Gériatrie"
    text = (
        '@article{S2,\ntitle = "Sleep",\njournal = "\\{PWL\\} Pond Wildlife Letters",\nyear = "2016",\n'
        'url = "http://www.sciencedirect.com/science/article/pii/S0000000000000002"\n}'
    )
    assert [r.venue for r in read(bibtex, text).records] == ["PWL Pond Wildlife Letters"]


def test_bibtex_acm_corporate_author_is_the_bodys_name():
    # ACM DL (lhsantos/sysreview-elderly acm.bib): author = {Pre-College Task Force Comm. of the ..., CORPORATE}
    text = (
        "@article{A:2,\n author = {Working Group on Pond Data of the Fen Society, CORPORATE and Pike, Ann},\n"
        " title = {Ponds},\n}"
    )
    (record,) = read(bibtex, text).records
    assert record.authors == ["Working Group on Pond Data of the Fen Society", "Ann Pike"]


# --- OpenAlex ----------------------------------------------------------------------------


def test_openalex_answers_before_2023_give_venue_url_and_arxiv_id_from_host_venues():
    # OpenAlex of 2022 (herreio/openalex-client-review data/institutions-id-tu9--type-selection--py-diophila):
    # no primary_location/locations; host_venue and alternate_host_venues instead
    work = {
        "id": "https://openalex.org/W1000000001", "title": "Pond fish counts", "publication_year": 2021,
        "authorships": [{"author": {"id": "https://openalex.org/A1000000001", "display_name": "Ann Pike"}}],
        "host_venue": {"display_name": "Journal of Ponds", "url": "https://doi.org/10.1234/ponds.1"},
        "alternate_host_venues": [{"display_name": "arXiv", "url": "http://arxiv.org/pdf/2105.01234"}],
    }  # fmt: skip
    (record,) = read(openalex, json.dumps([work], indent=1)).records
    assert (record.venue, record.arxiv_id) == ("Journal of Ponds", "2105.01234")
    assert record.identifiers["url"] == "https://doi.org/10.1234/ponds.1"


def test_bibtex_a_sole_authors_organisations_are_the_records_addresses():
    # Scopus (milensys/biodiversity_scopus_27_novembre_2023 scopus.bib: 11 one-author papers with
    # `affiliations`), Web of Science (massimoaria/bibliometrix savedrecs.bib: address lines naming nobody)
    text = (
        "@ARTICLE{Lee2023,\n\tauthor = {Lee, Kim},\n\ttitle = {Toads},\n\tyear = {2023},\n"
        "\taffiliations = {School of Ponds, Tarn University, Tarn, Italy; Fen Institute, Brackley, United Kingdom},\n"
        "\tsource = {Scopus},\n}\n"
        "@ARTICLE{Duo2023,\n\tauthor = {Lee, Kim and Roe, Jo},\n\ttitle = {Frogs},\n\tyear = {2023},\n"
        "\taffiliations = {Tarn University, Italy; Fen Institute, United Kingdom},\n\tsource = {Scopus},\n}\n"
        "@article{ ISI:000000000000004,\nAuthor = {Roach, Bo},\nTitle = {{Weirs}},\nYear = {{2003}},\n"
        "Affiliation = {{Roach, B (Reprint Author), Tarn Univ, Dept Biol, Tarn, Italy.\n"
        "   Tarn Univ, Dept Biol, Tarn, Italy.\n   Fen Inst, Brackley, England.}},\n}"
    )
    sole, pair, wos = read(bibtex, text).records
    assert orgs(sole) == [["Tarn University", "Fen Institute"]]
    assert orgs(wos) == [["Tarn Univ", "Fen Inst"]]
    # two authors and no statement of whose address is whose: not read
    assert all(not d.get("affiliations") for d in pair.author_details)


def test_ris_a_sole_authors_organisations_are_the_records_addresses():
    # Web of Science RIS (ShahKosha2000/Research-paper savedrecs.ris) glues tags onto the line before:
    # "AD  - Univ …, AustraliaAD  - CSIRO, …C3  - …"; Scopus RIS (same repository, scopus.ris) one AD a line
    text = (
        "TY  - JOUR\nAU  - Pike, A\nTI  - Fish ladders\nPY  - 2021\n"
        "AD  - Tarn Univ, Fac Biol, Tarn, ItalyAD  - Fen Inst, Brackley, EnglandC3  - Tarn University\n"
        "J9  - POND LETT\nWE  - Science Citation Index Expanded (SCI-EXPANDED)AN  - WOS:000000000000005\nER  - \n\n"
        "TY  - JOUR\nAU  - Carp, D.\nTI  - Weirs\nPY  - 2021\n"
        "AD  - School of Ponds, Tarn University, Tarn, Italy\nAD  - Fen Institute, Brackley, United Kingdom\nER  - \n\n"
        "TY  - JOUR\nAU  - Carp, D.\nAU  - Pike, A.\nTI  - Dams\nPY  - 2021\nAD  - Tarn University, Italy\nER  - \n"
    )
    wos, scopus, pair = read(ris, text).records
    assert orgs(wos) == [["Tarn Univ", "Fen Inst"]]
    assert orgs(scopus) == [["Tarn University", "Fen Institute"]]
    assert all(not d.get("affiliations") for d in pair.author_details)  # whose address it is is not said


def test_bibtex_zotero_escaped_latex_accents_are_applied():
    # Zotero keeps imported LaTeX as text (jfcrenshaw/bibfile "My Library.bib", the DESI author list):
    # "{Fern{\textbackslash}'andez-Garc{\textbackslash}'ia}, E."; kg's own "\textbackslash{}" stays a backslash
    text = (
        '@article{z1,\n  title = {Lakes of {{Gr}}\\textbackslash "unland},\n'
        "  author = {{Pe{\\textbackslash}{\\textasciitilde}na-L{\\textbackslash}'opez}, A. and "
        "Y{\\textbackslash}`eche, C. and Uro{\\textbackslash}vs, J.},\n"
        "  year = 2025\n}\n"
        "@article{z2,\n  title = {a\\textbackslash{}'e},\n  year = 2025\n}"
    )
    first, second = read(bibtex, text).records
    assert first.title == "Lakes of Grünland"
    # "\vs" is no accent LaTeX knows: it stays as printed rather than lose its letters
    assert first.authors == ["A. Peña-López", "C. Yèche", "J. Uro\\vs"]
    assert second.title == "a\\'e"


def test_ris_text_that_only_looks_like_a_glued_tag_is_not_split():
    # the glued-tag repair (Web of Science, Scopus "…Accessed Oct 2014A4  - …") splits off known tags only
    text = "TY  - JOUR\nTI  - Reeds\nAB  - Rising CO2  - and what ponds do about it.\nER  - \n"
    (record,) = read(ris, text).records
    assert record.abstract == "Rising CO2  - and what ponds do about it."


def test_ris_proquest_addresses_in_one_ad_are_separated_by_semicolons():
    # ProQuest (patel-disha/AI-and-Human-Creativity ProQuestDocuments-2024-05-04.ris):
    # "AD  - PhD, Associate Professor, Romanian-American University ; PhD, Associate Professor, …"
    text = (
        "TY  - JOUR\nAU  - Pike, Ann\nTI  - Reeds\nPY  - 2023\n"
        "AD  - PhD, Lecturer, Tarn University ; Fen College, Brackley, England (GRID:grid.0000.00)\nER  - \n"
    )
    (record,) = read(ris, text).records
    assert orgs(record) == [["Tarn University", "Fen College"]]
