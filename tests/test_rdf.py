"""graph.ttl: valid Turtle for three parsers, SHACL shapes that hold and bite, the vocabulary,
provenance, no blank nodes, stable bytes, and text that survives any characters a page may hold.

Expected values come from the records the build wrote (conftest.py) or from the seed text by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import OWL, PROV, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef

from kg.build import knowledge_graph
from kg.ids import title_key
from kg.model import Page, Record
from kg.names import clean, name_key
from kg.rdf import DEFAULT_BASE, KG, NONCHARACTERS, ONTOLOGY_FILE, triples, write_turtle
from kg.resolve import resolve
from kg.validate import check

if TYPE_CHECKING:
    from conftest import SeedFigures, SeedsBuild

# Open namespaces: pytest probes module globals, and rdflib's closed SDO and XSD warn on unknown names.
SCHEMA = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
COGS = "COGS: A Compositional Generalization Challenge Based on Semantic Interpretation"
SAMPLE_EFFICIENT = "Are Sample-Efficient NLP Models More Robust?"  # seeds/001 line 2: "… Percy Liang et al."
VOCABULARIES = (str(SCHEMA), str(SKOS), str(PROV), str(BIBO), str(RDF), str(RDFS), str(XSD), str(KG))
PREFIXES = f"""
PREFIX schema: <{SCHEMA}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
PREFIX bibo: <{BIBO}>
PREFIX kg: <{KG}>
"""


def person(printed: str) -> str:
    return {"Wang Bill Zhu": "Wang Zhu"}.get(printed, printed)


@pytest.fixture(scope="module")
def ttl(seeds_build: SeedsBuild) -> Path:
    return seeds_build.out / "graph.ttl"


@pytest.fixture(scope="module")
def rdf(ttl: Path) -> Graph:
    return Graph().parse(ttl, format="turtle")


def select(g: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in g.query(PREFIXES + query)]


# ---------------------------------------------------------------- parsers


def test_rdflib_and_pyoxigraph_read_the_same_triples(seeds_build: SeedsBuild, ttl: Path, rdf: Graph) -> None:
    parsed = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(set(parsed)) == len(rdf) == seeds_build.built.summaries["turtle"]["triples"]
    assert len(rdf) > 5000


def test_rapper_reads_the_same_triples_without_a_warning(ttl: Path, rdf: Graph) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper is not installed: `make test` installs Debian's raptor2-utils")
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert not [line for line in lines if re.search(r"warn|error", line, re.IGNORECASE)], done.stderr
    assert re.fullmatch(r"rapper: Parsing URI file:.+ with parser turtle", lines[0]), done.stderr
    assert lines[1:] == [f"rapper: Parsing returned {len(rdf)} triples"], done.stderr


def test_no_blank_nodes(ttl: Path, rdf: Graph) -> None:
    parsed = ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)
    assert not [t for t in parsed if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    assert not [t for t in rdf if isinstance(t[0], BNode) or isinstance(t[2], BNode)]


LEXICAL = {
    XSD.integer: r"[+-]?[0-9]+",
    XSD.decimal: r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    XSD.boolean: r"true|false",
    XSD.date: r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}


def test_typed_literals_are_in_their_datatypes_lexical_space(rdf: Graph) -> None:
    typed = [o for o in rdf.objects() if isinstance(o, Literal) and o.datatype is not None]
    assert {o.datatype for o in typed} <= set(LEXICAL)
    bad = [o for o in typed if not re.fullmatch(LEXICAL[o.datatype], str(o))]
    assert bad == []
    for o in typed:
        if o.datatype == XSD.date:
            dt.date.fromisoformat(str(o))


# ---------------------------------------------------------------- SHACL


def test_seeds_graph_conforms_to_the_shapes(ttl: Path) -> None:
    conforms, report = check(ttl)
    assert conforms, report


def _paper(g: Graph, title: str) -> URIRef:
    (paper,) = g.subjects(SCHEMA.name, Literal(title))
    return paper  # type: ignore[return-value]


def _two_names(g: Graph) -> None:
    g.add((_paper(g, COGS), SCHEMA.name, Literal("COGS, again")))


def _weight_zero(g: Graph) -> None:
    pair = URIRef(DEFAULT_BASE + "coauthorship/jesse_thomason--robin_jia")
    assert (pair, RDF.type, KG.Coauthorship) in g
    g.set((pair, KG.weight, Literal(0)))


def _date_as_string(g: Graph) -> None:
    g.set((_paper(g, COGS), SCHEMA.datePublished, Literal("2020-10-12", datatype=XSD.string)))


def _no_provenance(g: Graph) -> None:
    g.remove((_paper(g, COGS), PROV.wasDerivedFrom, None))


def _author_not_a_person(g: Graph) -> None:
    second = g.value(g.value(_paper(g, COGS), BIBO.authorList), RDF.rest)
    g.set((second, RDF.first, URIRef(DEFAULT_BASE + "org/uw")))


BROKEN: dict[str, tuple[Callable[[Graph], None], str, str]] = {
    "paper with two names": (_two_names, "MaxCount", "name"),
    "coauthorship of weight 0": (_weight_zero, "MinInclusive", "weight"),
    # a date may be an xsd:date or (a year alone) an xsd:gYear: a string is neither (sh:or)
    "date typed xsd:string": (_date_as_string, "Or", "datePublished"),
    "paper without provenance": (_no_provenance, "MinCount", "wasDerivedFrom"),
    "author list holding an organization": (_author_not_a_person, "Node", "authorList"),
}


@pytest.fixture(scope="module")
def broken(rdf: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("broken")
    files = {}
    for name, (breaks, _, _) in BROKEN.items():
        g = Graph()
        g += rdf
        breaks(g)
        files[name] = folder / (re.sub(r"\W+", "-", name) + ".ttl")
        g.serialize(files[name], format="turtle")
    return files


@pytest.mark.parametrize("defect", list(BROKEN))
def test_shapes_reject_a_broken_graph(defect: str, broken: dict[str, Path]) -> None:
    _, component, path = BROKEN[defect]
    conforms, report = check(broken[defect])
    assert not conforms
    assert "Results (1):" in report, report  # that defect and nothing else
    assert f"Constraint Violation in {component}ConstraintComponent" in report, report
    assert re.search(rf"Result Path: \S*{path}\b", report), report


def test_kg_validate_exits_0_on_the_seeds_and_1_on_a_broken_graph(
    kg_bin: Path, ttl: Path, broken: dict[str, Path]
) -> None:
    good = subprocess.run([kg_bin, "validate", "--ttl", ttl], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    assert "conforms" in good.stdout
    bad = subprocess.run(
        [kg_bin, "validate", "--ttl", broken["paper with two names"]], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 1, bad.stderr
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", bad.stderr)
    assert "MaxCountConstraintComponent" in stderr
    assert stderr.splitlines()[-1].startswith("kg: ") and "does not conform" in stderr.splitlines()[-1]
    assert "Traceback" not in stderr


# ---------------------------------------------------------------- vocabulary


def test_papers_are_scholarly_articles_with_one_name(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(rdf, "SELECT ?p ?title WHERE { ?p a schema:ScholarlyArticle ; schema:name ?title }")
    assert len(rows) == len({p for p, _ in rows}) == 226
    assert {str(title) for _, title in rows} == set(seeds_figures.records)
    assert all(p.startswith(DEFAULT_BASE + "paper/") for p, _ in rows)


def test_dates_are_xsd_dates_the_pages_print(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(rdf, "SELECT ?title ?date WHERE { ?p schema:name ?title ; schema:datePublished ?date }")
    assert {d.datatype for _, d in rows} == {XSD.date}
    printed = {title: {r["date"] for r in recs if r["date"]} for title, recs in seeds_figures.records.items()}
    assert {str(t): {str(d)} for t, d in rows} == {t: dates for t, dates in printed.items() if dates}
    assert (Literal(COGS), Literal("2020-10-12", datatype=XSD.date)) in rows  # seeds/000 line 215: Oct 12, 2020


def test_every_author_is_a_schema_author(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(
        rdf,
        """SELECT ?title ?name WHERE { ?p schema:name ?title ; schema:author ?a .
             ?a a schema:Person ; schema:name ?name }""",
    )
    expected = {(title, name) for title, names in seeds_figures.authors.items() for name in names}
    assert {(str(t), str(n)) for t, n in rows} == expected


def author_list(g: Graph, paper: URIRef) -> list[str] | None:
    """The names of an rdf:List, walked cell by cell: each cell one rdf:first and one rdf:rest."""
    heads = list(g.objects(paper, BIBO.authorList))
    if not heads:
        return None
    assert len(heads) == 1
    names, cell, seen = [], heads[0], set()
    while cell != RDF.nil:
        assert isinstance(cell, URIRef) and cell not in seen
        seen.add(cell)
        (first,) = g.objects(cell, RDF.first)
        (cell,) = g.objects(cell, RDF.rest)
        names.append(str(g.value(first, SCHEMA.name)))
    return names


def test_cogs_author_list_in_printed_order(rdf: Graph) -> None:
    assert author_list(rdf, _paper(rdf, COGS)) == ["Najoung Kim", "Tal Linzen"]  # seeds/000 line 218


def test_author_lists_are_a_printed_list_in_order(rdf: Graph, seeds_figures: SeedFigures) -> None:
    for title, recs in seeds_figures.records.items():
        printed = [[person(n) for n in r["authors"]] for r in recs if r["authors"]]
        got = author_list(rdf, _paper(rdf, title))
        if printed:
            assert got in printed, title
        else:
            assert got is None, title


def test_authorships_carry_position_and_page_owner(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(
        rdf,
        """SELECT ?title ?name ?position ?owner WHERE {
             ?p schema:name ?title ; kg:authorship ?a . ?a a kg:Authorship ; kg:person/schema:name ?name ;
             kg:fromPageOwner ?owner . OPTIONAL { ?a kg:position ?position } }""",
    )
    assert {(str(t), str(n)) for t, n, _, _ in rows} == {
        (title, name) for title, names in seeds_figures.authors.items() for name in names
    }
    assert {(str(n), str(t)) for t, n, _, owner in rows if owner.toPython()} == seeds_figures.owned
    cogs = {str(n): (pos.toPython(), owner.toPython()) for t, n, pos, owner in rows if str(t) == COGS}
    assert cogs == {"Najoung Kim": (1, True), "Tal Linzen": (2, False)}


def test_source_organizations(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(
        rdf,
        """SELECT ?title ?slug ?name WHERE { ?p schema:name ?title ; schema:sourceOrganization ?o .
             ?o a schema:Organization ; schema:alternateName ?slug ; schema:name ?name }""",
    )
    assert {(str(t), str(s)) for t, s, _ in rows} == {
        (title, slug) for title, slugs in seeds_figures.organizations.items() for slug in slugs
    }
    assert ("uw", "University of Washington") in {(str(s), str(n)) for _, s, n in rows}


def test_categories_are_skos_concepts(rdf: Graph, seeds_figures: SeedFigures) -> None:
    concepts = select(
        rdf,
        """SELECT ?c ?notation ?label WHERE { ?c a skos:Concept ; skos:notation ?notation ; skos:inScheme ?s .
             ?s a skos:ConceptScheme . OPTIONAL { ?c skos:prefLabel ?label } }""",
    )
    assert {str(n) for _, n, _ in concepts} == {f"cs.{code}" for code in seeds_figures.categories}
    labels = {str(n): label for _, n, label in concepts}
    assert labels["cs.CL"] == Literal("Computation and Language", lang="en")
    assert labels["cs.LG"] == Literal("Machine Learning", lang="en")
    about = select(rdf, "SELECT ?title ?n WHERE { ?p schema:name ?title ; schema:about/skos:notation ?n }")
    assert {(str(t), str(n)) for t, n in about} == {
        (title, f"cs.{r['category']}") for title, recs in seeds_figures.records.items() for r in recs if r["category"]
    }


def test_provenance_names_the_page_and_line(rdf: Graph, seeds_figures: SeedFigures) -> None:
    pages = select(
        rdf,
        """SELECT ?title ?source WHERE { ?p schema:name ?title ; prov:wasDerivedFrom ?page .
             ?page a prov:Entity, schema:WebPage ; schema:name ?source }""",
    )
    records = [r for recs in seeds_figures.records.values() for r in recs]
    assert {(str(t), str(s)) for t, s in pages} == {(r["title"], r["source"]) for r in records}
    lines = select(
        rdf,
        """SELECT ?title ?source ?line WHERE { ?p schema:name ?title ; prov:qualifiedDerivation ?d .
             ?d a prov:Derivation ; prov:entity/schema:name ?source ; kg:line ?line }""",
    )
    assert len(lines) == len(records) == 228
    assert {(str(t), str(s), line.toPython()) for t, s, line in lines} == {
        (r["title"], r["source"], r["line"]) for r in records
    }
    assert (COGS, "000_507a028c40c23cf4.txt", 216) in {(str(t), str(s), line.toPython()) for t, s, line in lines}


def test_et_al_papers_are_marked_truncated(rdf: Graph, seeds_figures: SeedFigures) -> None:
    rows = select(rdf, "SELECT ?title ?cut WHERE { ?p schema:name ?title ; kg:authorListTruncated ?cut }")
    got = {str(t): c.toPython() for t, c in rows}
    expected = {
        title: all(r["authors_truncated"] for r in recs if r["authors"])
        for title, recs in seeds_figures.records.items()
        if any(r["authors"] for r in recs)
    }
    assert got == expected
    assert got[SAMPLE_EFFICIENT] is True
    assert got[COGS] is False


def test_every_kg_term_is_declared_with_label_and_comment(rdf: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    used = {term for t in rdf for term in t if isinstance(term, URIRef) and term.startswith(str(KG))}
    assert KG.Coauthorship in used and KG.weight in used
    for term in sorted(used):
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_kg_properties_are_used_as_declared(rdf: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for s, p, o in rdf:
        if p.startswith(str(KG)):
            if (p, RDF.type, OWL.ObjectProperty) in ontology:
                assert isinstance(o, URIRef), (s, p, o)
            else:
                assert (p, RDF.type, OWL.DatatypeProperty) in ontology and isinstance(o, Literal), (s, p, o)


# ---------------------------------------------------------------- stable output


def test_two_builds_write_the_same_bytes(
    seeds_build: SeedsBuild, seeds_builder: Callable[..., SeedsBuild], tmp_path: Path
) -> None:
    again = seeds_builder(tmp_path / "again")
    for name in ("graph.ttl", "graph.graphml"):
        assert (again.out / name).read_bytes() == (seeds_build.out / name).read_bytes(), name


def test_base_iri_moves_every_data_iri(
    seeds_build: SeedsBuild, seeds_builder: Callable[..., SeedsBuild], tmp_path: Path
) -> None:
    base = "https://kg.test/x/"
    moved = seeds_builder(tmp_path / "moved", base_iri=base)
    parsed = list(ox.parse(path=str(moved.out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == seeds_build.built.summaries["turtle"]["triples"]
    iris = {t.subject.value for t in parsed} | {t.object.value for t in parsed if isinstance(t.object, ox.NamedNode)}
    data = {iri for iri in iris if not iri.startswith(VOCABULARIES)}
    assert data and all(iri.startswith(base) for iri in data), sorted(i for i in data if not i.startswith(base))[:5]
    assert all(t.subject.value.startswith(base) for t in parsed)
    assert all(t.predicate.value.startswith(VOCABULARIES) for t in parsed)
    assert base + "paper/cogs_a_compositional_generalization_challenge_based_on_semantic_interpretation" in iris
    assert not [iri for iri in iris if iri.startswith(DEFAULT_BASE) and not iri.startswith(str(KG))]


# ---------------------------------------------------------------- any text round-trips

AWKWARD = [
    '"',
    "'",
    "\\",
    '"""',
    "'''",
    '\\"',
    "$^2$",
    "<b>",
    "</script>",
    "&amp;",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "Lindström",
    "北京",
    "😀",
    "👩‍🔬",
    "@en",
    "^^xsd:string",
    "_:b0",
    " # not a comment",
    ".",
    ";",
]
fragment = st.one_of(st.sampled_from(AWKWARD), st.text(st.characters(exclude_categories=["Cs"]), max_size=6))
awkward_text = st.lists(fragment, min_size=1, max_size=6).map("".join)
word = st.from_regex(r"[A-Za-zÀ-ÿ]{2,8}", fullmatch=True)
titles = st.lists(st.builds("{} {}".format, word, awkward_text), min_size=1, max_size=4, unique_by=title_key)
names = st.lists(st.builds("{}{} {}".format, word, awkward_text, word), min_size=1, max_size=6, unique_by=name_key)


def _literals(subjects: dict[str, str], values: dict[str, tuple[str, bool]]) -> None:
    """Every expected value came back, as a plain string; noncharacters (U+FFFE …), which strict
    parsers such as raptor refuse in any form, come back as U+FFFD (records.jsonl keeps them)."""
    assert values.keys() >= subjects.keys()
    for s, text in subjects.items():
        assert values[s] == (text.translate(NONCHARACTERS), True), s


@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=titles, abstracts=st.lists(awkward_text, min_size=4, max_size=4), people=names, source=awkward_text)
def test_any_text_round_trips_through_turtle(
    titles: list[str], abstracts: list[str], people: list[str], source: str
) -> None:
    source = f"{source}.txt"
    records = [
        Record(source, 1 + i, "title-abstract", title, abstract=abstracts[i], authors=people[i :: len(titles)])
        for i, title in enumerate(titles)
    ]
    res = resolve(records, [Page(source, "title-abstract")])
    assert sorted(res.papers["title"]) == sorted(titles)
    assert sorted(res.people["name"]) == sorted(clean(p) for p in people)
    expected = {DEFAULT_BASE + pid: title for pid, title in zip(res.papers["paper_id"], res.papers["title"])}
    expected |= {DEFAULT_BASE + pid: name for pid, name in zip(res.people["person_id"], res.people["name"])}
    expected |= {DEFAULT_BASE + pid: source for pid in res.pages["page_id"]}
    abstract = {
        DEFAULT_BASE + pid: text
        for pid, text in zip(res.papers["paper_id"], res.papers["abstract"])
        if isinstance(text, str)  # an empty abstract is no abstract
    }
    assert len(abstract) == sum(1 for text in abstracts[: len(titles)] if text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.ttl"
        count = write_turtle(triples(knowledge_graph(res)), path)
        data = path.read_bytes()

    g = Graph().parse(data=data, format="turtle")
    assert len(g) == count
    lib_names = {
        str(s): (str(o), o.language is None and o.datatype in (None, XSD.string)) for s, o in g[: SCHEMA.name :]
    }
    _literals(expected, lib_names)
    lib_abstracts = {str(s): (str(o), o.language is None) for s, o in g[: SCHEMA.abstract :]}
    _literals(abstract, lib_abstracts)

    parsed = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert len(parsed) == count
    by_predicate: dict[str, dict[str, tuple[str, bool]]] = defaultdict(dict)
    for t in parsed:
        if isinstance(t.object, ox.Literal):
            plain = t.object.language is None and t.object.datatype.value == str(XSD.string)
            by_predicate[t.predicate.value][t.subject.value] = (t.object.value, plain)
    _literals(expected, by_predicate[str(SCHEMA.name)])
    _literals(abstract, by_predicate[str(SCHEMA.abstract)])
