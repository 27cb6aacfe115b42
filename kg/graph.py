"""The knowledge graph in NetworkX, built from pandas edge tables, and its coauthor projection."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from kg.resolve import Resolution


def coauthor_table(authorship: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of people who share a paper: `a < b`, weight = joint papers, the papers.

    Built by a self-join on paper, not a loop over papers, so it stays fast on large inputs.
    """
    pairs = authorship[["paper_id", "person_id"]].drop_duplicates()
    joined = pairs.merge(pairs, on="paper_id", suffixes=("_a", "_b"))
    joined = joined[joined.person_id_a < joined.person_id_b]
    table = (
        joined.sort_values("paper_id")
        .groupby(["person_id_a", "person_id_b"], sort=True)["paper_id"]
        .agg(list)
        .reset_index()
        .rename(columns={"person_id_a": "a", "person_id_b": "b", "paper_id": "papers"})
    )
    table.insert(2, "weight", table["papers"].map(len).astype("int64"))
    return table


def _records(df: pd.DataFrame, key: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(node, attributes) pairs of a table, missing values left out."""
    nodes = []
    for row in df.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k != key and not _missing(v)}
        attrs["kind"] = kind
        nodes.append((row[key], attrs))
    return nodes


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def build_graph(res: Resolution, coauthors: pd.DataFrame | None = None) -> nx.DiGraph:
    """Typed nodes (paper, person, organization, category, page) and typed edges (`kind`)."""
    coauthors = coauthor_table(res.authorship) if coauthors is None else coauthors
    g = nx.DiGraph()
    papers = res.papers.assign(label=res.papers["title"])
    g.add_nodes_from(_records(papers, "paper_id", "paper"))
    g.add_nodes_from(_records(res.people.assign(label=res.people["name"]), "person_id", "person"))
    g.add_nodes_from(_records(res.organizations.assign(label=res.organizations["name"]), "org_id", "organization"))
    categories = res.categories.rename(columns={"label": "name"})  # the node label is the notation
    g.add_nodes_from(_records(categories.assign(label=categories["notation"]), "category_id", "category"))
    pages = res.pages.assign(label=res.pages["source"]).drop(columns=["notes"], errors="ignore")
    g.add_nodes_from(_records(pages, "page_id", "page"))
    g.add_nodes_from(_records(res.topics.drop(columns=["key"]), "topic_id", "topic"))

    def edges(df: pd.DataFrame, source: str, target: str, kind: str) -> None:
        attrs = df.drop(columns=[source, target]).assign(kind=kind)
        g.add_edges_from(
            (s, t, {k: v for k, v in a.items() if not _missing(v)})
            for s, t, a in zip(df[source], df[target], attrs.to_dict("records"))
        )

    authored = res.authorship[["person_id", "paper_id", "position", "from_owner"]]
    edges(authored, "person_id", "paper_id", "authored")
    edges(coauthors, "a", "b", "coauthor")
    edges(res.paper_organizations, "paper_id", "org_id", "affiliated")
    edges(res.paper_categories, "paper_id", "category_id", "category")
    edges(res.person_organizations, "person_id", "org_id", "affiliated_derived")
    edges(res.paper_topics, "paper_id", "topic_id", "topic")
    edges(res.person_topics, "person_id", "topic_id", "expertise_derived")
    edges(res.topic_cooccurrence, "a", "b", "topic_cooccurrence")
    sources = res.paper_sources.groupby(["paper_id", "page_id"], as_index=False)["line"].agg(list)
    edges(sources.rename(columns={"line": "lines"}), "paper_id", "page_id", "derived_from")
    return g


def coauthor_graph(res: Resolution, coauthors: pd.DataFrame | None = None) -> nx.Graph:
    """People joined by shared papers (weight = joint papers); everyone who wrote, even alone."""
    coauthors = coauthor_table(res.authorship) if coauthors is None else coauthors
    g = nx.Graph()
    g.add_nodes_from((pid, {"name": name}) for pid, name in zip(res.people["person_id"], res.people["name"]))
    g.add_edges_from(
        (a, b, {"weight": int(w), "papers": p})
        for a, b, w, p in zip(coauthors["a"], coauthors["b"], coauthors["weight"], coauthors["papers"])
    )
    return g


def write_graphml(g: nx.DiGraph, path: Path) -> None:
    """GraphML for Gephi and Cytoscape: lists become `; `-joined text, GraphML has no list type."""
    flat = nx.DiGraph()
    flat.add_nodes_from((n, _flat(a)) for n, a in g.nodes(data=True))
    flat.add_edges_from((s, t, _flat(a)) for s, t, a in g.edges(data=True))
    nx.write_graphml(flat, path, encoding="utf-8")


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in attrs.items():
        if isinstance(v, (list, tuple)):
            v = "; ".join(str(x) for x in v)
        elif hasattr(v, "item"):  # numpy scalars
            v = v.item()
        if isinstance(v, float):
            v = round(v, 12)  # as in graph.ttl: a last-bit difference between runs must not change the bytes
        elif isinstance(v, str):
            v = _NOT_XML.sub("\ufffd", v)
        out[k] = v
    return out


# Characters XML 1.0 cannot hold, even escaped (control characters a page may carry, U+FFFE, U+FFFF):
# written as they are, they make the whole file unreadable, so they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Above this many nodes the whole graph is not held in NetworkX (gigabytes at a million
# papers): GraphML is written by igraph's C writer from the tables instead.
NETWORKX_GRAPH_LIMIT = 50_000


def node_count(res: Resolution) -> int:
    return sum(len(t) for t in (res.papers, res.people, res.organizations, res.categories, res.pages, res.topics))


def restrict(res: Resolution, keep: set[str]) -> Resolution:
    """The resolution cut down to the nodes in `keep` and the ties among them."""

    def rows(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
        mask = pd.Series(True, index=table.index)
        for column in columns:
            mask &= table[column].isin(keep)
        return table[mask]

    return dataclasses.replace(
        res,
        papers=rows(res.papers, "paper_id"),
        people=rows(res.people, "person_id"),
        organizations=rows(res.organizations, "org_id"),
        categories=rows(res.categories, "category_id"),
        pages=rows(res.pages, "page_id"),
        topics=rows(res.topics, "topic_id"),
        authorship=rows(res.authorship, "paper_id", "person_id"),
        paper_sources=rows(res.paper_sources, "paper_id", "page_id"),
        paper_organizations=rows(res.paper_organizations, "paper_id", "org_id"),
        person_organizations=rows(res.person_organizations, "person_id", "org_id"),
        paper_categories=rows(res.paper_categories, "paper_id", "category_id"),
        paper_topics=rows(res.paper_topics, "paper_id", "topic_id"),
        person_topics=rows(res.person_topics, "person_id", "topic_id"),
        topic_cooccurrence=rows(res.topic_cooccurrence, "a", "b"),
    )


def write_graphml_from_tables(res: Resolution, coauthors: pd.DataFrame, path: Path) -> None:
    """GraphML of a graph too big for NetworkX, by igraph: nodes carry `name` (the id),
    `kind` and `label`; edges carry `kind` and `weight` (joint papers, or 1)."""
    import igraph as ig

    kinds = [
        (res.papers, "paper_id", "title", "paper"),
        (res.people, "person_id", "name", "person"),
        (res.organizations, "org_id", "name", "organization"),
        (res.categories, "category_id", "notation", "category"),
        (res.topics, "topic_id", "label", "topic"),
        (res.pages, "page_id", "source", "page"),
    ]
    ids: list[str] = []
    kind_of: list[str] = []
    labels: list[str] = []
    for table, key, label, kind in kinds:
        ids += table[key].tolist()
        labels += table[label].astype(str).map(lambda v: _NOT_XML.sub("\ufffd", v)).tolist()
        kind_of += [kind] * len(table)
    index = pd.Index(ids)
    edges = [
        (res.authorship, "person_id", "paper_id", "authored", None),
        (coauthors, "a", "b", "coauthor", "weight"),
        (res.paper_organizations, "paper_id", "org_id", "affiliated", None),
        (res.paper_categories, "paper_id", "category_id", "category", None),
        (res.paper_topics, "paper_id", "topic_id", "topic", None),
        (res.person_organizations, "person_id", "org_id", "affiliated_derived", "weight"),
        (res.person_topics, "person_id", "topic_id", "expertise_derived", "weight"),
        (res.topic_cooccurrence, "a", "b", "topic_cooccurrence", "weight"),
        (res.paper_sources.drop_duplicates(["paper_id", "page_id"]), "paper_id", "page_id", "derived_from", None),
    ]
    source, target, edge_kind, weight = [], [], [], []
    for table, a, b, kind, w in edges:
        source.append(index.get_indexer(table[a]))
        target.append(index.get_indexer(table[b]))
        edge_kind += [kind] * len(table)
        weight.append(table[w].to_numpy(float) if w else np.ones(len(table)))
    g = ig.Graph(n=len(ids), edges=np.column_stack([np.concatenate(source), np.concatenate(target)]), directed=True)
    g.vs["name"], g.vs["kind"], g.vs["label"] = ids, kind_of, labels
    g.es["kind"], g.es["weight"] = edge_kind, np.concatenate(weight).tolist()
    g.write_graphml(str(path))
