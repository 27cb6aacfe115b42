"""Persistent identifiers in the Turtle (issue 14, items 2 and 6): every DOI and ORCID of each shared
real export is an IRI in the graph of that file, versions and affiliations are linked, years stay
years, and the SHACL shapes for DOI, ORCID (check digit) and ROR IRIs each catch a bad one."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import extract_files, knowledge_graph
from kg.cli import app
from kg.rdf import resolver_iri, triples, write_turtle
from kg.resolve import resolve
from kg.schema import TABLES, KnowledgeGraph
from kg.schema import check as check_table
from kg.validate import check

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-exports"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared real exports are not at {SHARED}")
AS_OF = dt.date(2026, 11, 24)
SDO = "https://schema.org/"
FILES = (
    "arxiv_01_arxivpy_del_maestro_2016.xml",
    "bib_02_pyhf_use_citations.bib",
    "csl_01_gayashiva_thesis_My_Library.json",
    "openalex_01_author_A5017898742_works.json",
    "ris_01_synthesisr_scopus.ris",
)
# Where each format prints a work's DOI, read from the raw text (not through kg's readers).
DOI_FIELD = {
    ".bib": r'(?im)^\s*doi\s*=\s*[{"]\s*([^}"]+?)\s*[}"]',
    ".ris": r"(?m)^DO  - (.+?)\s*$",
    ".json": r'"(?:DOI|doi)"\s*:\s*"([^"]+)"',
    ".xml": r"<arxiv:doi[^>]*>([^<]+)<",
}


def printed_dois(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8-sig")
    found = re.findall(DOI_FIELD[path.suffix], text)
    return {re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", d.strip(), flags=re.I).lower() for d in found}


def printed_orcids(path: Path) -> set[str]:
    return set(re.findall(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", path.read_text(encoding="utf-8-sig")))


def graph_of(path: Path) -> KnowledgeGraph:
    found = extract_files([(path, path.name)], AS_OF)
    return knowledge_graph(resolve(found.records, found.pages))


def store_of(ttl: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return store


def iris(store: ox.Store) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, None, None) if isinstance(q.object, ox.NamedNode)}


def select(store: ox.Store, query: str) -> list[tuple]:
    prefixes = f"PREFIX schema: <{SDO}> PREFIX kg: <https://example.org/kg/ontology#>\n"
    return sorted(tuple(t.value if t is not None else None for t in row) for row in store.query(prefixes + query))


@pytest.fixture(scope="module")
def built() -> dict[str, KnowledgeGraph]:
    if not SHARED.is_dir():
        pytest.skip(f"the shared real exports are not at {SHARED}")
    return {name: graph_of(SHARED / name) for name in FILES}


@pytest.fixture(scope="module")
def graphs(built: dict[str, KnowledgeGraph], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ttl")
    for name, graph in built.items():
        write_turtle(triples(graph), out / (name + ".ttl"))
    return {name: out / (name + ".ttl") for name in built}


@needs_shared
@pytest.mark.parametrize("name", FILES)
def test_every_table_of_an_export_build_is_as_declared(built: dict[str, KnowledgeGraph], name: str) -> None:
    tables = built[name].tables()
    assert [p for table, frame in tables.items() for p in check_table(table, frame)] == []
    for table, frame in tables.items():
        key = list(TABLES[table].key)
        assert not key or not frame.duplicated(key).any(), table


@needs_shared
@pytest.mark.parametrize("name", FILES)
def test_every_doi_and_orcid_of_the_file_is_an_iri(graphs: dict[str, Path], name: str) -> None:
    truth = json.loads((SHARED / "truth.json").read_text(encoding="utf-8"))[name]
    dois, orcids = printed_dois(SHARED / name), printed_orcids(SHARED / name)
    assert len(dois) == truth["distinct_dois"]
    assert len(orcids) == truth.get("distinct_orcids", 0)
    present = iris(store_of(graphs[name]))
    assert sorted(d for d in dois if resolver_iri("doi", d) not in present) == []
    assert sorted(o for o in orcids if f"https://orcid.org/{o}" not in present) == []


@needs_shared
def test_a_doi_that_is_no_iri_as_printed_is_percent_encoded(graphs: dict[str, Path]) -> None:
    # CSL-JSON prints the 1967 J. Atmos. Sci. DOI with "<" and ">": encoded, still one IRI.
    store = store_of(graphs["csl_01_gayashiva_thesis_My_Library.json"])
    assert "https://doi.org/10.1175/1520-0469(1967)024%3C0241:teotaw%3E2.0.co;2" in iris(store)
    rows = select(store, 'SELECT ?v WHERE { ?p schema:identifier [ schema:propertyID "doi" ; schema:value ?v ] }')
    assert ("10.1175/1520-0469(1967)024<0241:teotaw>2.0.co;2",) in rows


@needs_shared
def test_openalex_preprint_and_published_version_are_one_paper(graphs: dict[str, Path]) -> None:
    store = store_of(graphs["openalex_01_author_A5017898742_works.json"])
    papers = select(store, "SELECT ?p WHERE { ?p a schema:ScholarlyArticle }")
    assert len(papers) == 8  # 9 works, W3188841554 and W3187234764 are one
    rows = select(
        store,
        """SELECT ?doi ?preprint ?venue WHERE {
             ?p a schema:ScholarlyArticle ; schema:workExample ?v .
             ?v kg:preprint ?preprint ; schema:sameAs ?doi . FILTER STRSTARTS(STR(?doi), "https://doi.org/")
             OPTIONAL { ?v schema:isPartOf/schema:name ?venue } }""",
    )
    assert rows == [
        ("https://doi.org/10.2312/cgvc.20211309", "false", None),
        ("https://doi.org/10.48550/arxiv.2108.04680", "true", "arXiv (Cornell University)"),
    ]
    # one ORCID, one person, with the ROR of the institution the authorships name
    rows = select(
        store,
        """SELECT ?name ?ror WHERE { ?person schema:sameAs <https://orcid.org/0000-0001-7718-3181> ;
             schema:name ?name ; schema:affiliation/schema:sameAs ?ror .
             FILTER STRSTARTS(STR(?ror), "https://ror.org/") }""",
    )
    assert rows == [("Jonathan C. Roberts", "https://ror.org/006jb1a24")]
    # Joel Roberts (OpenAlex's attribution of "J.C. Roberts" on W2241997964) keeps his own ORCID: two people
    joel = select(
        store, "SELECT ?n WHERE { ?p schema:sameAs <https://orcid.org/0000-0002-2414-9796> ; schema:name ?n }"
    )
    assert joel == [("Joel Roberts",)]


@needs_shared
def test_a_year_alone_is_a_gyear_and_a_day_a_date(graphs: dict[str, Path]) -> None:
    store = store_of(graphs["openalex_01_author_A5017898742_works.json"])
    rows = select(
        store,
        """SELECT ?title ?d (DATATYPE(?d) AS ?type) WHERE { ?p a schema:ScholarlyArticle ; schema:name ?title ;
             schema:datePublished ?d . FILTER (?title IN ("Synthetic visualizations in web-based mixed reality",
             "Alternative Representations of 3D-Reconstructed Heritage Data")) }""",
    )
    assert rows == [
        (
            "Alternative Representations of 3D-Reconstructed Heritage Data",
            "2015-11-16",
            "http://www.w3.org/2001/XMLSchema#date",
        ),
        ("Synthetic visualizations in web-based mixed reality", "2017", "http://www.w3.org/2001/XMLSchema#gYear"),
    ]


@needs_shared
def test_the_openalex_graph_conforms_to_the_shapes(graphs: dict[str, Path]) -> None:
    conforms, text = check(graphs["openalex_01_author_A5017898742_works.json"])
    assert conforms, text


# ------------------------------------------------------------- negative controls for the shapes

GOOD = {
    "doi": "https://doi.org/10.1145/2795233",
    "orcid": "https://orcid.org/0000-0001-7718-3181",
    "orcid_x": "https://orcid.org/0000-0002-1694-233X",
    "ror": "https://ror.org/006jb1a24",
}


def one_triple(tmp_path: Path, iri: str) -> Path:
    ttl = tmp_path / "one.ttl"
    ttl.write_text(f"<https://example.org/kg/person/x> <{SDO}sameAs> <{iri}> .\n", encoding="utf-8")
    return ttl


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_well_formed_identifiers_conform(tmp_path: Path, kind: str) -> None:
    conforms, text = check(one_triple(tmp_path, GOOD[kind]))
    assert conforms, text


@pytest.mark.parametrize(
    ("iri", "said"),
    [
        ("https://orcid.org/0000-0001-7718-3182", "check digit"),  # one off in the check digit
        ("https://orcid.org/0000-0002-1694-2330", "check digit"),  # 0 where the check is X
        ("https://orcid.org/0000-0001-7718-318", "ORCID IRI not of the form"),
        ("https://doi.org/11.1145/2795233", "DOI IRI not of the form"),
        ("https://doi.org/10.1/x", "DOI IRI not of the form"),
        ("https://ror.org/006jb1a2", "ROR IRI not of the form"),
        ("https://ror.org/106jb1a24", "ROR IRI not of the form"),
    ],
)
def test_each_identifier_shape_bites(tmp_path: Path, iri: str, said: str) -> None:
    conforms, text = check(one_triple(tmp_path, iri))
    assert not conforms
    assert said in text


def _orcid(n: int) -> str:
    """The ORCID iD of the 15 digits of `n`, with its ISO 7064 MOD 11-2 check digit."""
    digits, total = f"{n:015d}", 0
    for d in digits:
        total = (total + int(d)) * 2
    check_digit = (12 - total % 11) % 11
    value = digits + ("X" if check_digit == 10 else str(check_digit))
    return "-".join(value[i : i + 4] for i in range(0, 16, 4))


def test_the_orcid_check_runs_on_many_orcids_parsing_its_query_once(tmp_path: Path) -> None:
    """pyshacl runs the SPARQL check digit once per ORCID as text; kg.validate parses it once
    (rdflib took 0.28 s a parse: hours for a build with thousands of ORCIDs). Each ORCID is still
    checked on its own: of 60, the two with a wrong check digit are the two reported."""
    from kg.validate import _prepared

    assert _orcid(1_7718_318) == "0000-0001-7718-3181" and _orcid(2_1694_233).endswith("X")  # GOOD's
    orcids = [_orcid(1_0000_000 + 7919 * i) for i in range(60)]
    bad = {orcids[7][:-1] + ("0" if orcids[7][-1] != "0" else "1"), orcids[40][:-1] + "X"}
    orcids[7], orcids[40] = sorted(bad)
    lines = [
        f"<https://example.org/kg/person/p{i}> <{SDO}sameAs> <https://orcid.org/{o}> ." for i, o in enumerate(orcids)
    ]
    ttl = tmp_path / "many.ttl"
    ttl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _prepared.cache_clear()
    conforms, text = check(ttl)
    assert not conforms
    assert "Results (2):" in text
    assert {o for o in orcids if f"https://orcid.org/{o}" in text} == bad
    assert _prepared.cache_info().misses == 1  # kg/shapes.ttl's one SPARQL constraint


def test_kg_validate_fails_on_a_wrong_orcid_check_digit(tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["validate", "--ttl", str(one_triple(tmp_path, GOOD["orcid"]))])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(app, ["validate", "--ttl", str(one_triple(tmp_path, GOOD["orcid"][:-1] + "2"))])
    assert bad.exit_code == 1
    assert "check digit" in bad.output


@needs_shared
def test_a_build_lists_each_paper_merge_with_its_evidence(tmp_path: Path) -> None:
    from kg.build import build

    name = "openalex_01_author_A5017898742_works.json"
    build([(SHARED / name, name)], tmp_path, AS_OF)
    rows = (tmp_path / "paper-merges.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "paper_id,kept,merged,evidence"
    assert len(rows) == 2 and rows[1].endswith(",same title (arxiv 2108.04680; doi 10.2312/cgvc.20211309)"), rows
