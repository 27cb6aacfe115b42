"""The data model of the whole pipeline, declared once: every table that passes between
stages (columns, dtypes, key), every node and edge kind, and how ids are minted.

Stages import from here and own none of it. `check` holds a table to its declaration;
`empty` makes a declared table with no rows (a build of nothing still has its columns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import pandas as pd

from kg.ids import slug

# dtypes as pandas names them: "str" text, "Int64"/"Float64" nullable, "object" lists or mixed values.
Columns = dict[str, str]


@dataclass(frozen=True)
class Table:
    name: str
    stage: str  # the stage that makes it
    key: tuple[str, ...]  # columns that identify a row
    columns: Columns


TIE_COLUMNS: Columns = {"a": "str", "b": "str", "weight": "int64", "papers": "object"}
MEASURE_COLUMNS: Columns = {
    "degree": "int64",
    "weighted_degree": "int64",
    "betweenness": "float64",
    "closeness": "float64",
    "eigenvector": "float64",
    "pagerank": "float64",
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        # resolve: entities and their relations
        Table(
            "papers",
            "resolve",
            ("paper_id",),
            {
                "paper_id": "str",
                "title": "str",
                "abstract": "str",
                "date": "str",
                "category": "str",
                "score": "Float64",
                "upvotes": "Int64",
                "author_count": "Int64",
                "year": "Int64",
                "has_code": "bool",
                "authors_truncated": "object",  # True, False, or None where no page prints the authors
                "printed_authors": "Int64",
            },
        ),
        Table(
            "paper_sources",
            "resolve",
            ("paper_id", "source", "line"),
            {"paper_id": "str", "page_id": "str", "source": "str", "line": "int64", "layout": "str"},
        ),
        Table(
            "conflicts",
            "resolve",
            ("paper_id", "fact", "source", "line"),
            {"paper_id": "str", "fact": "str", "value": "object", "source": "str", "line": "int64", "chosen": "bool"},
        ),
        Table("people", "resolve", ("person_id",), {"person_id": "str", "name": "str", "alternate_names": "object"}),
        Table(
            "authorship",
            "resolve",
            ("paper_id", "person_id"),
            {
                "paper_id": "str",
                "person_id": "str",
                "position": "Int64",
                "printed_name": "str",
                "from_owner": "bool",
                "source": "str",
                "line": "int64",
            },
        ),
        Table(
            "organizations", "resolve", ("org_id",), {"org_id": "str", "slug": "str", "name": "str", "known": "bool"}
        ),
        Table("paper_organizations", "resolve", ("paper_id", "org_id"), {"paper_id": "str", "org_id": "str"}),
        Table(
            "person_organizations",
            "resolve",
            ("person_id", "org_id"),
            {"person_id": "str", "org_id": "str", "weight": "int64", "papers": "object", "derived": "bool"},
        ),
        Table(
            "categories",
            "resolve",
            ("category_id",),
            {"category_id": "str", "code": "str", "notation": "str", "label": "str"},
        ),
        Table("paper_categories", "resolve", ("paper_id", "category_id"), {"paper_id": "str", "category_id": "str"}),
        Table(
            "pages",
            "resolve",
            ("page_id",),
            {
                "page_id": "str",
                "source": "str",
                "layout": "str",
                "owner": "str",
                "owner_category": "str",
                "h_index": "float64",
                "papers": "float64",
                "citations": "float64",
                "novelty": "float64",
                "ai_score": "float64",
                "listing_date": "str",
                "records": "int64",
                "rejects": "int64",
                "chrome_lines": "int64",
                "notes": "object",
                "capture": "str",
                "owner_id": "str",
            },
        ),
        Table("merges", "resolve", (), {"kept": "str", "merged": "str", "evidence": "str"}),
        # Papers joined across records, with why: the same DOI or arXiv id, or the same title.
        Table(
            "paper_merges",
            "resolve",
            ("paper_id", "merged"),
            {"paper_id": "str", "kept": "str", "merged": "str", "evidence": "str"},
        ),
        # Versions of one work (an arXiv preprint and its journal version), only for papers with two
        # or more; `version_id` is `<paper_id>.version.<n>`. A paper with one version carries its own.
        Table(
            "paper_versions",
            "resolve",
            ("version_id",),
            {
                "paper_id": "str",
                "version_id": "str",
                "doi": "str",
                "arxiv_id": "str",
                "venue": "str",
                "date": "str",
                "year": "Int64",
                "preprint": "bool",
            },
        ),
        # The venue a paper (or version) was published in, where a source names one.
        Table("venues", "resolve", ("node_id",), {"node_id": "str", "venue": "str"}),
        # Persistent identifiers of papers, versions, people and organizations (the node they
        # identify; scheme doi, arxiv, orcid, ror, openalex, dblp, scopus, semanticscholar; the normalized value).
        Table(
            "identifiers",
            "resolve",
            ("node_id", "scheme", "value"),
            {"node_id": "str", "scheme": "str", "value": "str"},
        ),
        # Who a source says an author was affiliated with on one paper (OpenAlex authorships,
        # arXiv Atom affiliations): printed facts, unlike the derived person_organizations.
        Table(
            "affiliations",
            "resolve",
            ("paper_id", "person_id", "org_id"),
            {"paper_id": "str", "person_id": "str", "org_id": "str"},
        ),
        # topics
        Table(
            "topics",
            "topics",
            ("topic_id",),
            {"topic_id": "str", "key": "str", "label": "str", "alt_labels": "object", "papers": "int64"},
        ),
        Table(
            "paper_topics",
            "topics",
            ("paper_id", "topic_id"),
            {"paper_id": "str", "topic_id": "str", "rank": "int64", "score": "float64"},
        ),
        Table(
            "person_topics",
            "topics",
            ("person_id", "topic_id"),
            {"person_id": "str", "topic_id": "str", "weight": "int64", "papers": "object"},
        ),
        Table("topic_cooccurrence", "topics", ("a", "b"), TIE_COLUMNS),
        Table("topic_broader", "topics", ("narrower", "broader"), {"narrower": "str", "broader": "str"}),
        # Broader concepts that group topics but are no paper's own topic ("language models").
        Table(
            "topic_rollups",
            "topics",
            ("topic_id",),
            {"topic_id": "str", "key": "str", "label": "str", "alt_labels": "object", "papers": "int64"},
        ),
        Table("topic_years", "topics", ("topic_id", "year"), {"topic_id": "str", "year": "int64", "papers": "int64"}),
        # graph: the coauthor projection
        Table("coauthors", "graph", ("a", "b"), TIE_COLUMNS),
        # analytics: per-person network measures
        Table(
            "measures",
            "analytics",
            ("person_id",),
            {"person_id": "str", **MEASURE_COLUMNS, "component": "int64", "community": "int64"},
        ),
    )
}


def check(name: str, frame: pd.DataFrame) -> list[str]:
    """How a table differs from its declaration (missing or extra columns, other dtypes); [] if not at all.

    Columns a later stage adds (the measures on people) are allowed after the declared ones.
    """
    declared = TABLES[name].columns
    problems = []
    present = list(frame.columns)
    if present[: len(declared)] != list(declared):
        problems.append(f"{name}: columns {present} do not start with the declared {list(declared)}")
    for column, dtype in declared.items():
        if dtype == "object":  # lists, or values of mixed kinds: any dtype holds them
            continue
        if column in frame.columns and str(frame[column].dtype) != dtype and not frame.empty:
            problems.append(f"{name}.{column}: dtype {frame[column].dtype}, declared {dtype}")
    return problems


def empty(name: str) -> pd.DataFrame:
    """A declared table with no rows and its declared dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in TABLES[name].columns.items()})


def frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A declared table from rows (dicts); no rows gives the declared empty table."""
    if not rows:
        return empty(name)
    return pd.DataFrame(rows, columns=list(TABLES[name].columns))


@dataclass(frozen=True)
class NodeKind:
    name: str
    table: str
    key: str  # the id column
    label: str  # the column a person reads as the node's name
    prefix: str  # ids are prefix + slug of a normalized key; IRIs are the build's base + id
    legend: str  # how pages name the kind
    shape: str  # how pages draw it
    color: str
    size: int
    slugged: bool = True  # False where keys are IRI-safe codes kept as printed (arXiv's "cs.CL")


@dataclass(frozen=True)
class EdgeKind:
    name: str
    table: str
    source: str
    target: str
    weight: str | None  # the column holding the tie's strength; None: every edge counts 1


NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("paper", "papers", "paper_id", "title", "paper/", "paper", "square", "#f28e2b", 7),
    NodeKind("person", "people", "person_id", "name", "person/", "person", "dot", "#4e79a7", 12),
    NodeKind("organization", "organizations", "org_id", "name", "org/", "organization", "triangle", "#59a14f", 16),
    NodeKind(
        "category",
        "categories",
        "category_id",
        "notation",
        "category/",
        "arXiv category",
        "diamond",
        "#e15759",
        16,
        False,
    ),
    NodeKind("page", "pages", "page_id", "source", "page/", "source page", "box", "#bab0ac", 16),
    NodeKind("topic", "topics", "topic_id", "label", "topic/", "topic", "star", "#b07aa1", 14),
)
EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("authored", "authorship", "person_id", "paper_id", None),
    EdgeKind("coauthor", "coauthors", "a", "b", "weight"),
    EdgeKind("affiliated", "paper_organizations", "paper_id", "org_id", None),
    EdgeKind("category", "paper_categories", "paper_id", "category_id", None),
    EdgeKind("affiliated_derived", "person_organizations", "person_id", "org_id", "weight"),
    EdgeKind("topic", "paper_topics", "paper_id", "topic_id", None),
    EdgeKind("expertise_derived", "person_topics", "person_id", "topic_id", "weight"),
    EdgeKind("topic_cooccurrence", "topic_cooccurrence", "a", "b", "weight"),
    EdgeKind("derived_from", "paper_sources", "paper_id", "page_id", None),
)
NODE_KIND: dict[str, NodeKind] = {k.name: k for k in NODE_KINDS}


def mint(kind: str, key: str) -> str:
    """The id of a node of `kind` for a normalized key: stable across builds, IRI-safe.

    >>> mint("person", "wang bill zhu"), mint("organization", "allenai")
    ('person/wang_bill_zhu', 'org/allenai')
    """
    node = NODE_KIND[kind]
    return node.prefix + (slug(key) if node.slugged else key)


def mint_column(kind: str, keys: pd.Series) -> pd.Series:
    """`mint` over a column."""
    node = NODE_KIND[kind]
    return node.prefix + (keys.map(slug) if node.slugged else keys)


@dataclass(frozen=True)
class Resolution:
    """The resolve stage's value: entities and relations as tables keyed by stable ids."""

    papers: pd.DataFrame
    paper_sources: pd.DataFrame
    conflicts: pd.DataFrame
    people: pd.DataFrame
    authorship: pd.DataFrame
    organizations: pd.DataFrame
    paper_organizations: pd.DataFrame
    person_organizations: pd.DataFrame
    categories: pd.DataFrame
    paper_categories: pd.DataFrame
    pages: pd.DataFrame
    merges: pd.DataFrame
    warnings: tuple[str, ...]
    paper_merges: pd.DataFrame
    paper_versions: pd.DataFrame
    venues: pd.DataFrame
    identifiers: pd.DataFrame
    affiliations: pd.DataFrame


@dataclass(frozen=True)
class Topics:
    """The topic stage's value: topics, which papers are about them, derived expertise and co-occurrence."""

    topics: pd.DataFrame
    paper_topics: pd.DataFrame
    person_topics: pd.DataFrame
    topic_cooccurrence: pd.DataFrame
    topic_broader: pd.DataFrame  # narrower → broader (skos:broader)
    topic_rollups: pd.DataFrame  # concepts that only group others
    topic_years: pd.DataFrame  # papers per topic per year


@dataclass(frozen=True)
class KnowledgeGraph(Topics, Resolution):
    """Everything the outputs read: the resolution and the topics, the coauthor ties, and
    the people with their network measures (`people` = resolution's people + `measures`)."""

    coauthors: pd.DataFrame
    measures: pd.DataFrame

    @classmethod
    def assemble(
        cls, res: Resolution, topics: Topics, coauthors: pd.DataFrame, measures: pd.DataFrame | None = None
    ) -> KnowledgeGraph:
        parts: dict[str, Any] = {f.name: getattr(res, f.name) for f in fields(Resolution)}
        parts.update({f.name: getattr(topics, f.name) for f in fields(Topics)})
        measures = empty("measures") if measures is None else measures
        if len(measures.columns) > 1:
            parts["people"] = res.people.merge(measures.drop(columns=["component"]), on="person_id", how="left")
        return cls(**parts, coauthors=coauthors, measures=measures)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every declared table this graph holds, by name."""
        return {name: getattr(self, name) for name in TABLES if hasattr(self, name)}


R = TypeVar("R", bound="Resolution")


def only(value: R, tables: Iterable[str], paper_columns: list[str]) -> R:
    """`value` (a Resolution, KnowledgeGraph …) with `tables` and, of the papers, `paper_columns`:
    what a stage run in another process (on a Dask worker) is sent. The other tables are None, so
    a stage that reads one fails at once instead of working on nothing."""
    keep = set(tables)
    kept = {f.name: getattr(value, f.name) if f.name in keep else None for f in fields(value)}
    kept["papers"] = value.papers[paper_columns]
    return replace(value, **kept)


def node_count(kg: Resolution) -> int:
    return sum(len(getattr(kg, k.table)) for k in NODE_KINDS if hasattr(kg, k.table))
