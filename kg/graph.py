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

from kg.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, KnowledgeGraph, NodeKind, Resolution
from kg.ties import isin, shared


def coauthor_table(authorship: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of people who share a paper: `a < b`, weight = joint papers, the papers."""
    return shared(authorship, "person_id")


def _records(df: pd.DataFrame, key: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(node, attributes) pairs of a table, missing values left out."""
    nodes = []
    for row in df.to_dict("records"):
        attrs = {k: v for k, v in row.items() if k != key and not missing(v)}
        attrs["kind"] = kind
        nodes.append((row[key], attrs))
    return nodes


def missing(value: Any) -> bool:
    """None, pandas' NA or a float NaN: a cell with no value."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


# What each kind carries into the graph beyond its declared columns: the label a tool shows,
# and columns left out (a topic's key, a page's notes) or renamed (a category's label is its name).
def _node_table(kg: KnowledgeGraph, kind: NodeKind) -> pd.DataFrame:
    table = getattr(kg, kind.table)
    if kind.name == "category":
        table = table.rename(columns={"label": "name"})  # the node label is the notation
    table = table.drop(columns=[c for c in ("key", "notes") if c in table.columns])
    return table.assign(label=table[kind.label])


def _edge_table(kg: KnowledgeGraph, kind: EdgeKind) -> pd.DataFrame:
    table = getattr(kg, kind.table)
    if kind.name == "authored":
        return table[["person_id", "paper_id", "position", "from_owner"]]
    if kind.name == "derived_from":  # one edge per paper and page, with every line it is printed on
        grouped = table.groupby(["paper_id", "page_id"], as_index=False)["line"].agg(list)
        return grouped.rename(columns={"line": "lines"})
    return table


def build_graph(kg: KnowledgeGraph) -> nx.DiGraph:
    """Typed nodes (schema.NODE_KINDS, attribute `kind`) and typed edges (schema.EDGE_KINDS)."""
    g = nx.DiGraph()
    for node in NODE_KINDS:
        g.add_nodes_from(_records(_node_table(kg, node), node.key, node.name))
    for edge in EDGE_KINDS:
        df = _edge_table(kg, edge)
        attrs = df.drop(columns=[edge.source, edge.target]).assign(kind=edge.name)
        g.add_edges_from(
            (s, t, {k: v for k, v in a.items() if not missing(v)})
            for s, t, a in zip(df[edge.source], df[edge.target], attrs.to_dict("records"))
        )
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
            v = xml_text(v)
        out[k] = v
    return out


# Characters XML 1.0 cannot hold, even escaped (control characters a page may carry, U+FFFE, U+FFFF):
# written as they are, they make the whole file unreadable, so they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML 1.0 file can hold: what it cannot becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def restrict(kg: KnowledgeGraph, keep: set[str]) -> KnowledgeGraph:
    """The graph cut down to the nodes in `keep` and the ties among them."""

    def rows(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
        mask = pd.Series(True, index=table.index)
        for column in columns:
            mask &= isin(table[column], keep)
        return table[mask]

    cut = {k.table: rows(getattr(kg, k.table), k.key) for k in NODE_KINDS}
    cut.update({e.table: rows(getattr(kg, e.table), e.source, e.target) for e in EDGE_KINDS})
    return dataclasses.replace(kg, **cut)


def write_graphml_from_tables(kg: KnowledgeGraph, path: Path) -> None:
    """GraphML of a graph too big for NetworkX, by igraph: nodes carry `name` (the id),
    `kind` and `label`; edges carry `kind` and `weight` (joint papers, or 1)."""
    import igraph as ig

    ids: list[str] = []
    kind_of: list[str] = []
    labels: list[str] = []
    for node in NODE_KINDS:
        table = getattr(kg, node.table)
        ids += table[node.key].tolist()
        labels += table[node.label].astype(str).map(xml_text).tolist()
        kind_of += [node.name] * len(table)
    index = pd.Index(ids)
    g = ig.Graph(n=len(ids), directed=True)
    g.vs["name"], g.vs["kind"], g.vs["label"] = ids, kind_of, labels
    g.es["kind"], g.es["weight"] = [], []  # declared even where there are no edges, as before
    del ids, kind_of, labels
    # A kind of edges at a time, in EDGE_KINDS order (the edges' ids, and so the file, as in one call):
    # as a list of pairs, which igraph reads row by row as Python objects (some 130 bytes an edge),
    # one kind's list at once rather than all of them (at a million papers, gigabytes).
    for edge in EDGE_KINDS:
        table = _edge_table(kg, edge)
        pairs = np.column_stack([index.get_indexer(table[edge.source]), index.get_indexer(table[edge.target])])
        weight = table[edge.weight].to_numpy(float) if edge.weight else np.ones(len(table))
        g.add_edges(pairs.tolist(), {"kind": [edge.name] * len(table), "weight": weight.tolist()})
        del table, pairs, weight
    g.write_graphml(str(path))
