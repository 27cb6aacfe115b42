"""The arXiv API (Atom) reader: the shared real 2016 answer against its truth, today's form
(namespaces on the feed, affiliations, an error answer), and hostile or cut-off XML, each one
reject with nothing beside it lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.build import extract_files
from kg.extract import Context, arxiv_atom, choose

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-exports"
FILE = SHARED / "arxiv_01_arxivpy_del_maestro_2016.xml"
CTX = Context(as_of=dt.date(2026, 11, 24))
needs_shared = pytest.mark.skipif(not FILE.exists(), reason=f"the shared real exports are not at {SHARED}")

# Today's form, as the arXiv API answered on 2026-05-11 (arXiv's metadata, from the fixture
# tests/fixtures/id_astro-ph_0601001_s0_m100_3150dca9dc76.json of lukasschwab/arxiv.py), the
# abstract shortened; and an entry of the 2026-04-12 answer for "testing", with a DOI.
NEW_FORM = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" \
xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/UYD++GGrMRBcNyYZKVyqJHdTM3s</id>
  <title>arXiv Query: search_query=&amp;id_list=astro-ph/0601001&amp;start=0&amp;max_results=100</title>
  <updated>2026-05-11T23:51:23Z</updated>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>2</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>http://arxiv.org/abs/astro-ph/0601001v1</id>
    <title>Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic
      Bulge and Carina</title>
    <updated>2006-01-02T14:57:58Z</updated>
    <link href="https://arxiv.org/abs/astro-ph/0601001v1" rel="alternate" type="text/html"/>
    <summary>  We derive the frequencies of hot Jupiters (HJs) with 3--5 day periods.</summary>
    <category term="astro-ph" scheme="http://arxiv.org/schemas/atom"/>
    <published>2006-01-02T14:57:58Z</published>
    <arxiv:comment>62 pages including 16 figures and 9 tables. Submitted to Acta Astronomica.</arxiv:comment>
    <arxiv:primary_category term="astro-ph"/>
    <arxiv:journal_ref>ActaAstron.56:1-50,2006</arxiv:journal_ref>
    <author>
      <name>Andrew Gould</name>
      <arxiv:affiliation>Ohio State</arxiv:affiliation>
    </author>
    <author>
      <name>B. Scott Gaudi</name>
      <arxiv:affiliation>CfA</arxiv:affiliation>
    </author>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2202.12139v1</id>
    <title>Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques</title>
    <updated>2022-02-24T15:05:19Z</updated>
    <summary>Deep Learning (DL) has revolutionized the capabilities of vision-based systems (VBS).</summary>
    <category term="cs.SE" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2022-02-24T15:05:19Z</published>
    <arxiv:primary_category term="cs.SE"/>
    <author>
      <name>Mohit Kumar Ahuja</name>
    </author>
    <arxiv:doi>10.1109/ICSTW55395.2022.00035</arxiv:doi>
    <link rel="related" href="https://doi.org/10.1109/ICSTW55395.2022.00035" title="doi"/>
  </entry>
</feed>
"""

# arXiv's answer to a malformed id (tests/fixtures/id_abc_s0_m100_b79c8dcf6bc3.json of arxiv.py).
ERROR_ANSWER = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" \
xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>
    <title>Error</title>
    <summary>incorrect id format for abc</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE feed [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry><id>http://arxiv.org/abs/1201.4869v1</id><title>&lol9;</title></entry>
</feed>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry><id>http://arxiv.org/abs/1201.4869v1</id><title>&secret;</title></entry>
</feed>
"""


def read(text: str, source: str = "feed.xml"):
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == arxiv_atom.NAME
    return arxiv_atom.extract(source, lines, CTX)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SHARED / "truth.json").read_text(encoding="utf-8"))[FILE.name]


@needs_shared
def test_every_entry_of_the_2016_answer_is_a_record(truth: dict) -> None:
    text = FILE.read_text(encoding="utf-8")
    out = read(text)
    assert out.rejects == []
    assert len(out.records) == truth["entries"] == 10
    ids = [r.arxiv_id + r.identifiers["arxiv_version"] for r in out.records]
    assert ids == truth["all_ids"]
    assert len({r.doi for r in out.records if r.doi}) == truth["distinct_dois"] == 10
    assert sum(len(r.authors) for r in out.records) == truth["authors_total"] == 24
    lines = text.split("\n")
    assert all(lines[r.line - 1].strip() == "<entry>" for r in out.records)
    assert out.page.notes == ["arXiv counts 31 results for the query; this answer holds 10"]


@needs_shared
def test_sampled_entries_match_the_truth_exactly(truth: dict) -> None:
    by_id = {r.arxiv_id: r for r in read(FILE.read_text(encoding="utf-8")).records}
    for sample in truth["samples"]:
        r = by_id[sample["arxiv"]]
        assert r.title == sample["title"]
        assert r.identifiers["arxiv_version"] == "v" + sample["version"]
        assert r.doi == sample["doi"]
        assert r.date == sample["published"][:10]
        assert r.authors == sample["authors"]
        assert r.category == sample["primary_category"]
        assert r.categories == sample["categories"]
        assert r.venue == sample["journal_ref"]


@needs_shared
def test_wrapped_titles_are_joined_and_comments_kept() -> None:
    by_id = {r.arxiv_id: r for r in read(FILE.read_text(encoding="utf-8")).records}
    assert by_id["cond-mat/0412498"].remark == "12 pages, 5 figures"
    wrapped = by_id["cond-mat/0603029"]
    assert (
        wrapped.title == "From stripe to checkerboard order on the square lattice in the presence of quenched disorder"
    )
    assert wrapped.remark == "10 pages, 11 figures; added reference"
    assert "\n" not in by_id["1201.4869"].abstract


def test_the_new_form_with_affiliations_and_a_doi() -> None:
    out = read(NEW_FORM)
    assert out.rejects == []
    first, second = out.records
    assert first.title.startswith("Frequency of Hot Jupiters") and first.title.endswith("Galactic Bulge and Carina")
    assert (first.arxiv_id, first.identifiers["arxiv_version"]) == ("astro-ph/0601001", "v1")
    assert first.authors == ["Andrew Gould", "B. Scott Gaudi"]
    assert first.author_details == [{"affiliations": [{"name": "Ohio State"}]}, {"affiliations": [{"name": "CfA"}]}]
    assert (first.category, first.categories, first.venue) == ("astro-ph", ["astro-ph"], "ActaAstron.56:1-50,2006")
    assert first.date == "2006-01-02" and first.doi is None
    assert (second.doi, second.categories, second.author_details) == (
        "10.1109/icstw55395.2022.00035",
        ["cs.SE", "cs.LG"],
        [],
    )
    assert second.locator == "/feed/entry[2]"


# API entries collected into a file of one's own: a made-up root, the Atom namespace declared on
# the first entry only, ACM and MSC classes printed as category terms (modelled on a real collection).
COLLECTED = """<?xml version="1.0" encoding="UTF-8"?><articles>
<entry id="1910.00001" xmlns="http://www.w3.org/2005/Atom">
    <id>http://arxiv.org/abs/1910.00001v1</id>
    <published>2019-10-14T14:25:25Z</published>
    <title>A compressed index of made-up
  things</title>
    <author>
      <name>Ada Quill</name>
    </author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DB" scheme="http://arxiv.org/schemas/atom"/>
    <category term="E.1; E.4; I.2.6" scheme="http://arxiv.org/schemas/atom"/>
  </entry><entry id="1902.00002">
    <id>http://arxiv.org/abs/1902.00002v4</id>
    <published>2019-02-10T10:00:00Z</published>
    <title>Balancing invented programs</title>
    <author>
      <name>Luis Moreno</name>
    </author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1000/XYZ</arxiv:doi>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="68P05, 68W32" scheme="http://arxiv.org/schemas/atom"/>
    <category term="null" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</articles>
"""


def test_collected_entries_without_a_feed_are_read_and_classes_are_no_categories() -> None:
    assert arxiv_atom.sniff(COLLECTED.split("\n")) >= 0.9
    out = read(COLLECTED)
    assert out.rejects == []
    first, second = out.records
    assert (first.arxiv_id, first.title, first.authors) == (
        "1910.00001",
        "A compressed index of made-up things",
        ["Ada Quill"],
    )
    assert (first.category, first.categories, first.date) == ("cs.DS", ["cs.DS", "cs.DB"], "2019-10-14")
    assert (second.arxiv_id, second.identifiers["arxiv_version"], second.authors) == (
        "1902.00002",
        "v4",
        ["Luis Moreno"],
    )
    assert (second.doi, second.categories, second.line) == ("10.1000/xyz", ["cs.DS"], 14)
    [note] = out.page.notes
    assert note.startswith("3 category terms are ACM/MSC classes") and "'68P05, 68W32'" in note


def test_an_error_answer_is_a_reject_not_a_paper() -> None:
    out = read(ERROR_ANSWER)
    assert out.records == []
    entry_line = ERROR_ANSWER.split("\n").index("  <entry>") + 1
    assert [(r.code, r.line) for r in out.rejects] == [("bad_entry", entry_line)]
    assert "incorrect id format for abc" in out.rejects[0].reason


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_one_reject(text: str) -> None:
    out = read(text)
    assert out.records == []
    assert [r.code for r in out.rejects] == ["hostile"]
    assert "root:" not in out.rejects[0].reason and "lollol" not in out.rejects[0].raw
    assert "declares the entity" in out.rejects[0].reason


def test_a_feed_cut_off_mid_entry_keeps_the_entries_before_it() -> None:
    cut = NEW_FORM[: NEW_FORM.index("<name>Mohit")]
    out = read(cut)
    assert [r.arxiv_id for r in out.records] == ["astro-ph/0601001"]
    assert [(r.code, r.locator) for r in out.rejects] == [("cut_off", "/feed/entry[2]")]
    assert cut.split("\n")[out.rejects[0].line - 1].strip() == "<entry>"


def test_hostile_files_cost_one_reject_each_and_nothing_beside_them(tmp_path: Path) -> None:
    files = []
    for name, text in (("bomb.xml", BILLION_LAUGHS), ("xxe.xml", EXTERNAL_ENTITY), ("good.xml", NEW_FORM)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append((tmp_path / name, name))
    result = extract_files(files, CTX.as_of)
    assert [(r.source, r.code) for r in result.rejects] == [("bomb.xml", "hostile"), ("xxe.xml", "hostile")]
    assert [r.arxiv_id for r in result.records] == ["astro-ph/0601001", "2202.12139"]


def test_the_reject_names_what_an_external_entity_points_at() -> None:
    (bad,) = read(EXTERNAL_ENTITY).rejects
    assert bad.reason.startswith("the XML declares the entity 'secret' that points at 'file:///etc/passwd'")
    assert bad.line == 2
