# ruff: noqa: E501  (the XML below keeps DBLP's lines whole)
"""DBLP person XML (dblp.org/pid/<pid>.xml), on snippets modelled on real answers.

The model: the answer for https://dblp.org/pid/95/7448-1.xml captured verbatim in a test of
OpenReview's web app (`responseDBLPXML`: <dblpperson name="Di Xu 0001" pid=… n="8">, a <person>
with an affiliation note, <homonyms>, <r><inproceedings>/<article> entries with <author pid=…>,
<ee> links, and <coauthors><co><na pid=…>); a CoRR entry as openreview-py's tests quote one
(publtype="informal", <volume>abs/2508.04024</volume>, <ee type="oa">https://doi.org/10.48550/arXiv…);
a <person> with <url>https://orcid.org/…</url> links as a DBLP query server's README shows.
Names, titles and ids below are invented.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from kg.extract import BY_NAME, choose, dblp, dblp_xml
from kg.extract.base import Context
from kg.model import REJECT_CODES

CTX = Context(as_of=dt.date(2026, 11, 28))

PERSON = """\
<?xml version="1.0"?>
<dblpperson name="Ada Quill 0002" pid="12/3456-2" n="5">
<person key="homepages/12/3456-2" mdate="2024-01-02">
<author pid="12/3456-2">Ada Quill 0002</author>
<author pid="12/3456-2">Ada M. Quill</author>
<note type="affiliation">University of Nowhere, Department of Graphs, Utopia</note>
<url>https://orcid.org/0000-0002-1825-0097</url>
<url>https://ada.example.org/</url>
</person>
<homonyms n="1">
<h f="q/Quill:Ada"><person publtype="disambiguation" key="homepages/12/3456" mdate="2024-01-02">
<author pid="12/3456">Ada Quill</author>
</person>
</h>
</homonyms>
<r><inproceedings key="conf/icgx/QuillBL24" mdate="2024-05-06">
<author pid="12/3456-2">Ada Quill 0002</author>
<author orcid="0000-0003-1234-5674" pid="77/1001">Bert Lindqvist</author>
<author pid="88/2002-7">Chen Lu 0007</author>
<title>Sparse <i>k</i>-Cores of Temporal Graphs.</title>
<pages>10-19</pages>
<year>2024</year>
<booktitle>ICGX</booktitle>
<ee>https://doi.org/10.1109/ICGX.2024.00012</ee>
<ee>https://doi.ieeecomputersociety.org/10.1109/ICGX.2024.00012</ee>
<crossref>conf/icgx/2024</crossref>
<url>db/conf/icgx/icgx2024.html#QuillBL24</url>
</inproceedings>
</r>
<r><article key="journals/corr/abs-2301-01234" publtype="informal" mdate="2023-01-10">
<author pid="12/3456-2">Ada Quill 0002</author>
<author orcid="0000-0003-1234-5674" pid="77/1001">Bert Lindqvist</author>
<title>Sparse k-Cores of Temporal Graphs.</title>
<year>2023</year>
<month>January</month>
<volume>abs/2301.01234</volume>
<journal>CoRR</journal>
<ee type="oa">https://doi.org/10.48550/arXiv.2301.01234</ee>
<ee type="oa">https://arxiv.org/abs/2301.01234</ee>
<url>db/journals/corr/corr2301.html#abs-2301-01234</url>
<stream>streams/journals/corr</stream>
</article>
</r>
<r><www key="homepages/12/3456-2" mdate="2024-01-02">
<author pid="12/3456-2">Ada Quill 0002</author>
<title>Home Page</title>
<url>https://ada.example.org/</url>
</www>
</r>
<r><article key="journals/tgx/QuillL21" mdate="2021-07-08">
<author pid="12/3456-2">Ada Quill 0002</author>
<author pid="99/4242">M. Teodora Lind</author>
<title>Colouring H<sub>2</sub>-Free Graphs?</title>
<pages>333-344</pages>
<year>2021</year>
<volume>17</volume>
<journal>IEEE Trans. Graph. X</journal>
<number>3</number>
<ee>https://doi.org/10.1109/TGX.2021.63</ee>
<ee>https://www.wikidata.org/entity/Q99999999</ee>
<url>db/journals/tgx/tgx17.html#QuillL21</url>
</article>
</r>
<coauthors n="3" nc="1">
<co c="0"><na f="l/Lind:M=_Teodora" pid="99/4242">Maria Teodora Lind</na></co>
<co c="0"><na f="l/Lindqvist:Bert" pid="77/1001">Bert Lindqvist</na></co>
<co c="0"><na f="l/Lu_0007:Chen" pid="88/2002-7">Chen Lu 0007</na></co>
</coauthors>
</dblpperson>
"""


def read(text: str, source: str = "pid.xml"):
    lines = textwrap.dedent(text).splitlines()
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == dblp_xml.NAME, chosen
    return dblp_xml.extract(source, lines, CTX)


def test_person_xml_reads_every_entry_as_the_page_reader_would() -> None:
    out = read(PERSON)
    assert out.rejects == []
    assert out.page.owner == "Ada Quill"  # dblpperson@name without its homonym number
    assert [r.locator for r in out.records] == ["/dblpperson/r[1]", "/dblpperson/r[2]", "/dblpperson/r[4]"]
    conf, corr, journal = out.records
    assert conf.line == PERSON.splitlines().index('<r><inproceedings key="conf/icgx/QuillBL24" mdate="2024-05-06">') + 1
    assert (conf.title, conf.venue, conf.year, conf.date, conf.entry_type) == (
        "Sparse k-Cores of Temporal Graphs",  # <i> flattened, the closing period dropped
        "ICGX 2024",
        2024,
        None,
        "inproceedings",
    )
    assert (conf.doi, conf.arxiv_id, conf.identifiers) == (
        "10.1109/icgx.2024.00012",
        None,
        {"dblp": "conf/icgx/QuillBL24"},
    )
    assert conf.authors == ["Ada Quill", "Bert Lindqvist", "Chen Lu"]
    owner, bert, chen = conf.author_details
    # The owner: the numbered name and pid, the ORCID of the person record, the other name it lists.
    assert owner == {
        "orcid": "0000-0002-1825-0097",
        "dblp": "Ada Quill 0002",
        "raw_name": "Ada Quill 0002",
        "dblp_pid": "12/3456-2",
        "aka": ["Ada M. Quill"],
    }
    assert bert == {"orcid": "0000-0003-1234-5674", "dblp": "Bert Lindqvist", "dblp_pid": "77/1001"}
    assert chen == {"dblp": "Chen Lu 0007", "raw_name": "Chen Lu 0007", "dblp_pid": "88/2002-7"}
    # A CoRR preprint: its arXiv id, the informal type, the venue as the page prints it.
    assert (corr.arxiv_id, corr.venue, corr.year, corr.entry_type) == (
        "2301.01234",
        "CoRR abs/2301.01234",
        2023,
        "informal",
    )
    assert (corr.doi, corr.identifiers["dblp"]) == ("10.48550/arxiv.2301.01234", "journals/corr/abs-2301-01234")
    assert corr.title == conf.title  # resolution joins the two versions
    # A journal: volume(number); the title's own "?" stays; the coauthor index gives DBLP's full name.
    assert (journal.title, journal.venue, journal.doi) == (
        "Colouring H2-Free Graphs?",
        "IEEE Trans. Graph. X 17(3)",
        "10.1109/tgx.2021.63",
    )
    assert journal.author_details[1] == {
        "dblp_pid": "99/4242",
        "dblp": "Maria Teodora Lind",
        "aka": ["Maria Teodora Lind"],
    }


def test_person_record_homepage_and_homonyms_are_page_notes() -> None:
    notes = read(PERSON).page.notes
    assert "DBLP affiliation: University of Nowhere, Department of Graphs, Utopia" in notes
    assert "DBLP link: https://orcid.org/0000-0002-1825-0097" in notes
    assert "DBLP homepage record homepages/12/3456-2: https://ada.example.org/" in notes
    assert "DBLP lists another person of this name: Ada Quill (12/3456)" in notes
    assert "DBLP counts 5 entries for the person; this file holds 4" in notes


# ------------------------------------------------------------------------- the same person as a page

# The person of tests/test_dblp.py's PAGE (a Markdown capture of a dblp.org/pid page), as its XML.
PATTERSON = """\
<?xml version="1.0"?>
<dblpperson name="Eric Patterson" pid="79/1282" n="5">
<person key="homepages/79/1282" mdate="2020-01-01"><author pid="79/1282">Eric Patterson</author></person>
<r><inproceedings key="conf/cvpr/DuongLQNPBL19" mdate="2020-01-01">
<author pid="16/11112">Chi Nhan Duong</author><author pid="79/1282">Eric Patterson</author><author pid="37/245">Ngan Le</author>
<title>Automatic Face Aging in Videos via Deep Reinforcement Learning.</title>
<pages>10013-10022</pages><year>2019</year><booktitle>CVPR</booktitle>
</inproceedings></r>
<r><article key="journals/corr/abs-1811-11082" publtype="informal" mdate="2018-12-01">
<author pid="16/11112">Chi Nhan Duong</author><author pid="79/1282">Eric Patterson</author><author pid="37/245">Ngan Le</author>
<title>Automatic Face Aging in Videos via Deep Reinforcement Learning.</title>
<year>2018</year><volume>abs/1811.11082</volume><journal>CoRR</journal>
<ee type="oa">http://arxiv.org/abs/1811.11082</ee>
</article></r>
<r><inproceedings key="conf/iui/PattersonL13" mdate="2013-04-01">
<author pid="79/1282">Eric Patterson</author><author pid="116/1011-33">Jun Li 0033</author>
<title>Visualizing H. L. Hunley: Understanding the past (short paper).</title>
<year>2013</year><booktitle>IUI Workshops</booktitle>
</inproceedings></r>
<r><inproceedings key="conf/isnn/YangSPRS11" mdate="2011-06-01">
<author pid="19/6789">Hiro-omi Tamura</author><author pid="79/1282">Eric Patterson</author><author pid="64/221">Changyin Sun</author>
<title>Gender Classification Using the Profile.</title>
<pages>288-295</pages><year>2011</year><booktitle>ISNN (2)</booktitle>
</inproceedings></r>
<r><article key="journals/nar/TamuraP91" mdate="1991-01-01">
<author pid="19/6789">Hiro-omi Tamura</author><author pid="79/1282">Eric Patterson</author>
<title>Molecular cloning of a cDNA of a topoisomerase.</title>
<pages>69-75</pages><year>1991</year><volume>19</volume><journal>Nucleic Acids Res.</journal><number>1</number>
</article></r>
<coauthors n="5" nc="1">
<co c="0"><na f="d/Duong:Chi_Nhan" pid="16/11112">Chi Nhan Duong</na></co>
<co c="0"><na f="l/Le:T=_Hoang_Ngan" pid="37/245">T. Hoang Ngan Le</na></co>
<co c="0"><na f="l/Li_0033:Jun" pid="116/1011-33">Jun Li 0033</na></co>
<co c="0"><na f="s/Sun_0001:Changyin" pid="64/221">Changyin Sun 0001</na></co>
<co c="0"><na f="t/Tamura:Hiro=omi" pid="19/6789">Hiro-omi Tamura</na></co>
</coauthors>
</dblpperson>
"""


def test_the_same_person_as_page_and_as_xml_gives_the_same_papers_and_people() -> None:
    from tests.test_dblp import PAGE

    lines = textwrap.dedent(PAGE).splitlines()
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == dblp.NAME
    page = dblp.extract("pid.md", chosen[1].lines, CTX)
    xml = read(PATTERSON)
    assert page.rejects == [] and xml.rejects == []
    assert xml.page.owner == page.page.owner == "Eric Patterson"

    def facts(r):
        return (r.title, r.authors, r.year, r.venue, r.arxiv_id, r.entry_type, r.identifiers.get("dblp"))

    assert [facts(r) for r in xml.records] == [facts(r) for r in page.records]
    # The coauthors' DBLP names (and "aka") agree, entry by entry, wherever the page gives them.
    for p, x in zip(page.records, xml.records):
        for pd, xd in zip(p.author_details or [{}] * len(p.authors), x.author_details):
            assert {k: v for k, v in xd.items() if k in pd} == pd


# ------------------------------------------------------------------------------------------ bad input


def test_an_entity_declaration_is_one_hostile_reject() -> None:
    hostile = PERSON.replace(
        '<?xml version="1.0"?>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE dblpperson [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n',
    )
    out = read(hostile)
    assert out.records == []
    (bad,) = out.rejects
    assert bad.code == "hostile" and bad.code in REJECT_CODES
    assert "declares the entity 'lol'" in bad.reason


def test_a_cut_off_file_keeps_the_entries_before_the_cut() -> None:
    cut = PERSON[: PERSON.index("<title>Colouring")]
    out = read(cut)
    assert [r.locator for r in out.records] == ["/dblpperson/r[1]", "/dblpperson/r[2]"]
    assert out.page.owner == "Ada Quill"
    (bad,) = out.rejects
    assert (bad.code, bad.locator) == ("cut_off", "/dblpperson/r[4]")
    assert bad.line == cut.splitlines().index('<r><article key="journals/tgx/QuillL21" mdate="2021-07-08">') + 1
    assert "M. Teodora Lind" in bad.raw
    # Without the index the coauthor keeps the name the entry prints.
    assert out.records[0].author_details[2]["dblp"] == "Chen Lu 0007"


def test_an_entry_without_title_and_a_foreign_element_are_rejects() -> None:
    text = PERSON.replace("<title>Sparse k-Cores of Temporal Graphs.</title>\n", "").replace(
        "<r><www key", '<r><editor key="x"><author>Ada Quill</author></editor></r>\n<r><www key'
    )
    out = read(text)
    assert [r.locator for r in out.records] == ["/dblpperson/r[1]", "/dblpperson/r[5]"]
    assert [(b.code, b.locator) for b in out.rejects] == [
        ("bad_entry", "/dblpperson/r[2]"),
        ("bad_entry", "/dblpperson/r[3]"),
    ]
    assert "journals/corr/abs-2301-01234 has no title" in out.rejects[0].reason
    assert "is a <editor>" in out.rejects[1].reason


def test_broken_xml_is_one_bad_syntax_reject_and_entries_before_it_stay() -> None:
    text = PERSON.replace("<year>2021</year>", "<year>2021</yr>")
    out = read(text)
    assert len(out.records) == 2
    (bad,) = out.rejects
    assert bad.code == "bad_syntax" and "not well-formed" in bad.reason


def test_the_sniffer_claims_dblp_person_xml_only() -> None:
    assert dblp_xml.sniff(PERSON.splitlines()) == 0.95
    atom = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<id>http://arxiv.org/api/x</id>",
        "<entry><id>http://arxiv.org/abs/2301.01234v1</id><title>T</title></entry>",
        "</feed>",
    ]
    openalex = ['{"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1", "title": "T"}]}']
    bibtex = ["@article{dblp:x,", "  title = {T},", "  author = {Ada Quill},", "}"]
    dump = ['<?xml version="1.0"?>', "<dblp>", '<article key="journals/x/Y"><title>T.</title></article>', "</dblp>"]
    for lines in (atom, openalex, bibtex, dump):
        assert dblp_xml.sniff(lines) == 0.0
    assert choose(atom)[0].name == "arxiv-atom"  # type: ignore[index]
    assert BY_NAME[dblp_xml.NAME].kind == "export"


def test_an_owner_known_only_by_identifiers_is_one_person_of_the_papers() -> None:
    # Every entry prints the owner with a DBLP name ("Ada Quill 0002"), so no mention carries the
    # bare name "Ada Quill" that Page.owner gives: resolution must still find the owner's person.
    from kg.resolve import resolve

    out = read(PERSON)
    res = resolve(out.records, [out.page])
    assert len(res.papers) == 2  # the CoRR preprint and the conference paper are one paper
    authorship = res.authorship
    assert authorship["person_id"].notna().all()
    owner = res.people[res.people["name"] == "Ada Quill"]
    assert len(owner) == 1
    owned = authorship[authorship["person_id"] == owner["person_id"].iloc[0]]
    assert len(owned) == 2 and owned["from_owner"].all()
    assert res.pages["owner_id"].tolist() == [owner["person_id"].iloc[0]]  # the page names its owner
