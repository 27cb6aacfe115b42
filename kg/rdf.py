"""The graph as RDF: schema.org, SKOS, BIBO and PROV terms (from rdflib), plus our own in KG.

`triples` says what the graph is: every triple, streamed out of the resolution tables in a
fixed order as pyoxigraph terms, which `write_turtle` writes (no rdflib Graph is held). The
build's graph.ttl is written by kg.turtle_writer from the same tables a column at a time
(a term per triple cost most of the Turtle stage); tests/test_turtle_writer.py holds its
output to these triples, so a change of the graph is made here and there.
There are no blank nodes: list cells, authorships and provenance records get IRIs
derived from their keys, so loading a rebuilt graph into a store replaces, never duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox
from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace

from kg.graph import missing
from kg.identifiers import IRI_PREFIX
from kg.schema import NODE_KINDS, KnowledgeGraph

KG = Namespace("https://example.org/kg/ontology#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
DEFAULT_BASE = "https://example.org/kg/"
ARXIV_SCHEME = "scheme/arxiv-cs"
TOPIC_SCHEME = "scheme/topics"

ONTOLOGY_FILE = Path(__file__).with_name("ontology.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")


def prefixes(base: str) -> dict[str, str]:
    return {
        "schema": str(SDO),
        "skos": str(SKOS),
        "prov": str(PROV),
        "bibo": str(BIBO),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "kg": str(KG),
        **{kind.prefix.rstrip("/"): base + kind.prefix for kind in NODE_KINDS},
    }


class _Terms:
    """Makes pyoxigraph terms; caches the vocabulary's IRIs."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._iris: dict[str, ox.NamedNode] = {}
        self.xsd_date = self.iri(str(XSD.date))
        self.xsd_gyear = self.iri(str(XSD.gYear))
        self.xsd_integer = self.iri(str(XSD.integer))
        self.xsd_decimal = self.iri(str(XSD.decimal))
        self.xsd_boolean = self.iri(str(XSD.boolean))

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def node(self, local_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + local_id)

    def literal(self, value: Any, datatype: ox.NamedNode | None = None, language: str | None = None) -> ox.Literal:
        if isinstance(value, bool) or (hasattr(value, "dtype") and value.dtype == bool):
            return ox.Literal("true" if value else "false", datatype=self.xsd_boolean)
        if datatype is not None:
            return ox.Literal(str(value), datatype=datatype)
        if isinstance(value, int) or (hasattr(value, "is_integer") and not isinstance(value, float)):
            return ox.Literal(str(int(value)), datatype=self.xsd_integer)
        if isinstance(value, float):
            return ox.Literal(repr(float(value)), datatype=self.xsd_decimal)
        if language:
            return ox.Literal(str(value), language=language)
        return ox.Literal(str(value))


def triples(res: KnowledgeGraph, base: str = DEFAULT_BASE) -> Iterator[ox.Triple]:
    """Every triple of the graph, subject by subject, in a fixed order."""
    t = _Terms(base)
    a = t.iri(str(RDF.type))
    T = ox.Triple

    def p(term: Any) -> ox.NamedNode:
        return t.iri(str(term))

    # The arXiv category scheme and its concepts.
    scheme = t.node(ARXIV_SCHEME)
    yield from _scheme(t, p, scheme, "arXiv categories", res.categories["category_id"])
    for row in res.categories.itertuples(index=False):
        s = t.node(row.category_id)
        yield from _concept(t, p, s, scheme)
        yield T(s, p(SKOS.notation), t.literal(row.notation))
        if not missing(row.label):
            yield T(s, p(SKOS.prefLabel), t.literal(row.label, language="en"))

    yield from _topics(res, t, p)

    ids = _grouped(res.identifiers, "node_id", ["scheme", "value"])
    for row in res.organizations.itertuples(index=False):
        s = t.node(row.org_id)
        yield T(s, a, p(SDO.Organization))
        yield T(s, p(SDO.name), t.literal(row.name))
        yield T(s, p(SDO.alternateName), t.literal(row.slug))
        yield T(s, p(KG.curatedName), t.literal(bool(row.known)))
        yield from _identifiers(t, p, row.org_id, ids.get(row.org_id, ()))
        yield from _identifiers(t, p, row.org_id, ids.get(row.org_id, ()), cells=True)

    yield from _pages(res, t, p)
    yield from _papers(res, t, p, ids)

    people = res.people
    affiliated = _grouped(res.affiliations.drop_duplicates(["person_id", "org_id"]), "person_id", ["org_id"])
    for row in people.itertuples(index=False):
        s = t.node(row.person_id)
        yield T(s, a, p(SDO.Person))
        yield T(s, p(SDO.name), t.literal(row.name))
        for alt in row.alternate_names:
            yield T(s, p(SDO.alternateName), t.literal(alt))
        for (org,) in affiliated.get(row.person_id, ()):
            yield T(s, p(SDO.affiliation), t.node(org))
        yield from _identifiers(t, p, row.person_id, ids.get(row.person_id, ()))
        for column, (term, integer) in PERSON_FIGURES.items():
            if column in people.columns:
                value = getattr(row, column)
                if not missing(value):
                    text = str(int(value)) if integer else decimal(value)
                    yield T(s, p(term), t.literal(text, t.xsd_integer if integer else t.xsd_decimal))
        yield from _identifiers(t, p, row.person_id, ids.get(row.person_id, ()), cells=True)

    yield from _ties(
        t, p, res.coauthors, "coauthorship", KG.Coauthorship, ("a", KG.coauthor), ("b", KG.coauthor), KG.jointPaper
    )
    yield from _ties(
        t, p, res.person_organizations, "derived-affiliation", KG.DerivedAffiliation,
        ("person_id", KG.person), ("org_id", KG.organization), PROV.wasDerivedFrom,
    )  # fmt: skip


def _ties(t: _Terms, p, table: pd.DataFrame, path: str, kind, end_a: tuple, end_b: tuple, via) -> Iterator[ox.Triple]:
    """Weighted ties as nodes of their own (coauthorship, derived affiliation, topic expertise,
    co-occurrence): the two ends, the weight, and the papers behind the tie."""
    a, T = t.iri(str(RDF.type)), ox.Triple
    (col_a, prop_a), (col_b, prop_b) = end_a, end_b
    for x, y, weight, papers in zip(table[col_a], table[col_b], table["weight"], table["papers"]):
        s = t.node(f"{path}/{_local(x)}--{_local(y)}")
        yield T(s, a, p(kind))
        yield T(s, p(prop_a), t.node(x))
        yield T(s, p(prop_b), t.node(y))
        yield T(s, p(KG.weight), t.literal(int(weight)))
        for paper in papers:
            yield T(s, p(via), t.node(paper))


def _scheme(t: _Terms, p, scheme: ox.NamedNode, label: str, concepts: Iterable[str]) -> Iterator[ox.Triple]:
    """A SKOS concept scheme, its label and its top concepts."""
    yield ox.Triple(scheme, t.iri(str(RDF.type)), p(SKOS.ConceptScheme))
    yield ox.Triple(scheme, p(SKOS.prefLabel), t.literal(label, language="en"))
    for concept in concepts:
        yield ox.Triple(scheme, p(SKOS.hasTopConcept), t.node(concept))


def _concept(t: _Terms, p, node: ox.NamedNode, scheme: ox.NamedNode) -> Iterator[ox.Triple]:
    yield ox.Triple(node, t.iri(str(RDF.type)), p(SKOS.Concept))
    yield ox.Triple(node, p(SKOS.inScheme), scheme)
    yield ox.Triple(node, p(SKOS.topConceptOf), scheme)


def _topics(res: KnowledgeGraph, t: _Terms, p) -> Iterator[ox.Triple]:
    """Topics as a SKOS scheme of their own; expertise and co-occurrence as derived nodes."""
    T = ox.Triple
    if res.topics.empty:
        return
    scheme = t.node(TOPIC_SCHEME)
    # Broader topics that are no paper's own topic but group several ("language model"), and each
    # topic's skos:broader, so that a query can roll topics up (skos:broader+).
    rollups, broader = res.topic_rollups, res.topic_broader
    concepts = pd.concat([res.topics, rollups], ignore_index=True)
    yield from _scheme(t, p, scheme, "Topics drawn from titles and abstracts", concepts["topic_id"])
    for row in concepts.itertuples(index=False):
        s = t.node(row.topic_id)
        yield from _concept(t, p, s, scheme)
        yield T(s, p(SKOS.prefLabel), t.literal(row.label, language="en"))
        for alt in row.alt_labels:
            yield T(s, p(SKOS.altLabel), t.literal(alt, language="en"))
    for narrower, up in zip(broader["narrower"], broader["broader"]):
        yield T(t.node(narrower), p(SKOS.broader), t.node(up))
        yield T(t.node(up), p(SKOS.narrower), t.node(narrower))
    yield from _ties(
        t, p, res.person_topics, "expertise", KG.TopicExpertise,
        ("person_id", KG.person), ("topic_id", KG.topic), PROV.wasDerivedFrom,
    )  # fmt: skip
    yield from _ties(
        t,
        p,
        res.topic_cooccurrence,
        "cooccurrence",
        KG.TopicCooccurrence,
        ("a", KG.topic),
        ("b", KG.topic),
        KG.jointPaper,
    )


# Columns of the people table (added by the analytics stage), the terms they become,
# and whether they are integers (else xsd:decimal).
PERSON_FIGURES = {
    "degree": (KG.degree, True),
    "weighted_degree": (KG.weightedDegree, True),
    "betweenness": (KG.betweenness, False),
    "closeness": (KG.closeness, False),
    "eigenvector": (KG.eigenvector, False),
    "pagerank": (KG.pageRank, False),
    "community": (KG.community, True),
}


def decimal(value: Any) -> str:
    """The canonical xsd:decimal form: no exponent ("1e-05" is not a decimal), 12 places at most.

    >>> decimal(59), decimal(0.00001), decimal(21.6)
    ('59.0', '0.00001', '21.6')
    """
    text = format(round(float(value), 12), ".12f").rstrip("0")
    text = text + "0" if text.endswith(".") else text  # canonical form keeps one decimal: "59.0"
    return "0.0" if text == "-0.0" else text


def _local(node_id: str) -> str:
    return node_id.split("/", 1)[1]


def _pages(res: KnowledgeGraph, t: _Terms, p) -> Iterator[ox.Triple]:
    a, T = t.iri(str(RDF.type)), ox.Triple
    figures = {
        "h_index": KG.hIndex,
        "papers": KG.paperCount,
        "citations": KG.citationCount,
        "novelty": KG.novelty,
        "ai_score": KG.aiScore,
        "records": KG.recordCount,
        "rejects": KG.rejectCount,
    }
    for page in res.pages.to_dict("records"):
        s = t.node(page["page_id"])
        yield T(s, a, p(PROV.Entity))
        yield T(s, a, p(SDO.WebPage))
        yield T(s, p(SDO.name), t.literal(page["source"]))
        if not missing(page["layout"]):
            yield T(s, p(KG.layout), t.literal(page["layout"]))
        if not missing(page.get("owner_id")):
            yield T(s, p(KG.owner), t.node(page["owner_id"]))
        if not missing(page.get("listing_date")):
            yield T(s, p(KG.listingDate), t.literal(page["listing_date"], t.xsd_date))
        for column, term in figures.items():
            value = page.get(column)
            if not missing(value):
                if column in ("novelty", "ai_score"):
                    yield T(s, p(term), t.literal(decimal(value), t.xsd_decimal))
                else:
                    yield T(s, p(term), t.literal(str(int(value)), t.xsd_integer))


def _grouped(table: pd.DataFrame, key: str, columns: list[str]) -> dict[str, list[tuple]]:
    """Rows of `columns` per value of `key`, in table order: one pass, no per-group frames."""
    out: dict[str, list[tuple]] = {}
    for k, *values in zip(table[key], *(table[c] for c in columns)):
        out.setdefault(k, []).append(tuple(values))
    return out


# Wikidata's properties for each identifier scheme: what a join with Wikidata matches the value on.
WIKIDATA_PROPERTY = {
    "doi": "P356",
    "arxiv": "P818",
    "orcid": "P496",
    "ror": "P6782",
    "openalex": "P10283",
    "dblp": "P8978",  # a paper's DBLP key; a person's DBLP id is P2456 (DBLP author ID)
    "scopus": "P1153",  # Scopus author id (no resolver IRI: the value only)
    "semanticscholar": "P4012",  # Semantic Scholar author id (the value only, as Scopus's)
}


def resolver_iri(scheme: str, value: str) -> str:
    """The identifier's resolver IRI; characters an IRI cannot hold (DOIs may print "[", "<", "{")
    percent-encoded, as doi.org resolves them.

    >>> resolver_iri("doi", "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0")
    'https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0'
    """
    return IRI_PREFIX[scheme] + quote(value, safe="/:;()._-~!$&'*+,=@")


# A DBLP person id ("64/7129", "m/JohnMcCarthy", "130/0395-1"); a homonym-numbered name
# ("Changyin Sun 0001") names a person too, but has no IRI of its own.
DBLP_PID = re.compile(r"[0-9a-z]+/[0-9A-Za-z_:.-]+")


def _iri_of(node_id: str, scheme: str, value: str) -> str | None:
    """The resolver IRI of one identifier of a node: a DBLP key is a record (dblp.org/rec/) for a
    paper, a person id (dblp.org/pid/) for a person; None where the value has no IRI."""
    if scheme == "dblp" and node_id.startswith("person/"):
        return "https://dblp.org/pid/" + value if DBLP_PID.fullmatch(value) else None
    return resolver_iri(scheme, value) if scheme in IRI_PREFIX else None


def _identifiers(
    t: _Terms, p, node_id: str, ids: Sequence[tuple[str, str]], cells: bool = False
) -> Iterator[ox.Triple]:
    """A node's persistent identifiers, twice: `schema:sameAs` the resolver IRI (doi.org, orcid.org,
    ror.org, arxiv.org/abs, openalex.org, dblp.org/rec: the IRIs SemOpenAlex and Wikidata link to),
    and `schema:identifier` a schema:PropertyValue with the scheme (`propertyID`) and the bare
    normalized value (what Wikidata stores as the identifier's string, e.g. P496 for ORCID).
    The node's own triples, or with `cells` the PropertyValues' (so each subject is written together)."""
    a, T = t.iri(str(RDF.type)), ox.Triple
    s = t.node(node_id)
    for n, (scheme, value) in enumerate(ids, start=1):
        cell = t.node(f"{node_id}.id.{n}")
        iri = _iri_of(node_id, scheme, value)
        if not cells:
            if iri:
                yield T(s, p(SDO.sameAs), ox.NamedNode(iri))
            yield T(s, p(SDO.identifier), cell)
            continue
        yield T(cell, a, p(SDO.PropertyValue))
        yield T(cell, p(SDO.propertyID), t.literal(scheme))
        yield T(cell, p(SDO.value), t.literal(value))
        if iri:
            yield T(cell, p(SDO.url), ox.NamedNode(iri))


def _published(t: _Terms, p, s: ox.NamedNode, date: Any, year: Any) -> Iterator[ox.Triple]:
    """The publication date as precise as the sources print it: a day as xsd:date, a year alone as xsd:gYear."""
    if not missing(date):
        yield ox.Triple(s, p(SDO.datePublished), t.literal(date, t.xsd_date))
    elif not missing(year):
        yield ox.Triple(s, p(SDO.datePublished), t.literal(f"{int(year):04d}", t.xsd_gyear))


def _venue(t: _Terms, p, node_id: str, venue: str | None, cells: bool = False) -> Iterator[ox.Triple]:
    """The journal, proceedings or series as printed: schema:isPartOf a schema:Periodical with its
    name. Its IRI is the work's own (`<paper>.venue`): printed names of one venue vary too much to key a node."""
    if venue:
        cell = t.node(f"{node_id}.venue")
        if not cells:
            yield ox.Triple(t.node(node_id), p(SDO.isPartOf), cell)
        else:
            yield ox.Triple(cell, t.iri(str(RDF.type)), p(SDO.Periodical))
            yield ox.Triple(cell, p(SDO.name), t.literal(venue))


def _papers(res: KnowledgeGraph, t: _Terms, p, ids: dict[str, list[tuple]]) -> Iterator[ox.Triple]:
    a, T = t.iri(str(RDF.type)), ox.Triple
    orgs = _grouped(res.paper_organizations, "paper_id", ["org_id"])
    cats = _grouped(res.paper_categories, "paper_id", ["category_id"])
    venues = dict(zip(res.venues["node_id"], res.venues["venue"]))
    versions = _grouped(res.paper_versions, "paper_id", ["version_id", "date", "year", "preprint"])
    printed_affiliations = _grouped(res.affiliations, "paper_id", ["person_id", "org_id"])
    about = res.paper_topics.sort_values(["paper_id", "rank"]).groupby("paper_id", sort=False)["topic_id"].agg(list)
    about = about.to_dict()
    source_rows = _grouped(
        res.paper_sources.sort_values(["paper_id", "source", "line"]), "paper_id", ["page_id", "line"]
    )
    author_rows = _grouped(res.authorship, "paper_id", ["person_id", "position", "from_owner"])
    for paper in res.papers.to_dict("records"):
        pid = paper["paper_id"]
        s = t.node(pid)
        yield T(s, a, p(SDO.ScholarlyArticle))
        yield T(s, p(SDO.name), t.literal(paper["title"]))
        if not missing(paper["abstract"]):
            yield T(s, p(SDO.abstract), t.literal(paper["abstract"]))
        yield from _published(t, p, s, paper["date"], paper["year"])
        for (category,) in cats.get(pid, ()):
            yield T(s, p(SDO.about), t.node(category))
        for topic in about.get(pid, ()):
            yield T(s, p(SDO.about), t.node(topic))
        for (org,) in orgs.get(pid, ()):
            yield T(s, p(SDO.sourceOrganization), t.node(org))
        rows = author_rows.get(pid, [])
        for person, _, _ in rows:
            yield T(s, p(SDO.author), t.node(person))
        printed = sorted((int(pos), person) for person, pos, _ in rows if not missing(pos))
        if printed:
            yield T(s, p(BIBO.authorList), t.node(f"{pid}.authors.1"))
        if not missing(paper["authors_truncated"]):
            yield T(s, p(KG.authorListTruncated), t.literal(bool(paper["authors_truncated"])))
        if not missing(paper["author_count"]):
            yield T(s, p(KG.printedAuthorCount), t.literal(int(paper["author_count"])))
        yield T(s, p(KG.hasCode), t.literal(bool(paper["has_code"])))
        if not missing(paper["score"]):
            yield T(s, p(KG.score), t.literal(decimal(paper["score"]), t.xsd_decimal))
        if not missing(paper["upvotes"]):
            yield T(s, p(KG.upvotes), t.literal(int(paper["upvotes"])))
        # Identifiers and venue: the paper's own, or (a preprint and its published version) each version's.
        yield from _identifiers(t, p, pid, ids.get(pid, ()))
        yield from _venue(t, p, pid, venues.get(pid))
        for version, *_ in versions.get(pid, ()):
            yield T(s, p(SDO.workExample), t.node(version))
        pages = source_rows.get(pid, [])
        for page_id in sorted({page for page, _ in pages}):
            yield T(s, p(PROV.wasDerivedFrom), t.node(page_id))
        for page_id, line in pages:
            yield T(s, p(PROV.qualifiedDerivation), t.node(f"{pid}.listed.{_local(page_id)}.{line}"))
        for person, _, _ in rows:
            yield T(s, p(KG.authorship), t.node(f"{pid}.author.{_local(person)}"))
        # The printed author list as an rdf:List whose cells are IRIs, not blank nodes.
        for n, (_, person) in enumerate(printed, start=1):
            cell = t.node(f"{pid}.authors.{n}")
            yield T(cell, p(RDF.first), t.node(person))
            rest = t.node(f"{pid}.authors.{n + 1}") if n < len(printed) else t.iri(str(RDF.nil))
            yield T(cell, p(RDF.rest), rest)
        for person, position, from_owner in rows:
            cell = t.node(f"{pid}.author.{_local(person)}")
            yield T(cell, a, p(KG.Authorship))
            yield T(cell, p(KG.person), t.node(person))
            if not missing(position):
                yield T(cell, p(KG.position), t.literal(int(position)))
            yield T(cell, p(KG.fromPageOwner), t.literal(bool(from_owner)))
        for page_id, line in pages:
            cell = t.node(f"{pid}.listed.{_local(page_id)}.{line}")
            yield T(cell, a, p(PROV.Derivation))
            yield T(cell, p(PROV.entity), t.node(page_id))
            yield T(cell, p(KG.line), t.literal(int(line)))
        for person, org in printed_affiliations.get(pid, ()):
            yield T(t.node(f"{pid}.author.{_local(person)}"), p(KG.affiliation), t.node(org))
        yield from _identifiers(t, p, pid, ids.get(pid, ()), cells=True)
        yield from _venue(t, p, pid, venues.get(pid), cells=True)
        for version, date, year, preprint in versions.get(pid, ()):
            v = t.node(version)
            yield T(v, a, p(SDO.CreativeWork))
            yield T(v, a, p(KG.PaperVersion))
            yield T(v, p(SDO.exampleOfWork), s)
            yield T(v, p(KG.preprint), t.literal(bool(preprint)))
            yield from _published(t, p, v, date, year)
            yield from _identifiers(t, p, version, ids.get(version, ()))
            yield from _venue(t, p, version, venues.get(version))
            yield from _identifiers(t, p, version, ids.get(version, ()), cells=True)
            yield from _venue(t, p, version, venues.get(version), cells=True)


# Unicode's 66 noncharacters. Turtle's grammar admits them, but raptor refuses "\uFFFE" and cuts a
# string short at a raw U+FFFE, so no form of them reads everywhere: in graph.ttl they become U+FFFD
# (records.jsonl keeps the text exactly). Each replaced literal is counted.
NONCHARACTERS = {
    c: 0xFFFD for c in [*range(0xFDD0, 0xFDF0), *(p + e for p in range(0, 0x110000, 0x10000) for e in (0xFFFE, 0xFFFF))]
}


def _readable_everywhere(item: ox.Triple, replaced: list[int]) -> ox.Triple:
    literal = item.object
    if not isinstance(literal, ox.Literal):
        return item
    value = literal.value
    fixed = value.translate(NONCHARACTERS)
    if fixed == value:
        return item
    replaced[0] += 1
    if literal.language:
        return ox.Triple(item.subject, item.predicate, ox.Literal(fixed, language=literal.language))
    return ox.Triple(item.subject, item.predicate, ox.Literal(fixed, datatype=literal.datatype))


def write_turtle(
    items: Iterable[ox.Triple], path: Path, base: str = DEFAULT_BASE, replaced: list[int] | None = None
) -> int:
    """Writes Turtle; returns the number of triples written. Noncharacters in literals are
    replaced (see NONCHARACTERS); `replaced[0]`, when given, counts the literals that held one."""
    count = 0
    changed = replaced if replaced is not None else [0]

    def counted() -> Iterator[ox.Triple]:
        nonlocal count
        for item in items:
            count += 1
            yield _readable_everywhere(item, changed)

    with path.open("wb") as f:
        ox.serialize(counted(), f, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
    return count
