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

from kg.engine import LIMITS
from kg.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, KnowledgeGraph, NodeKind, Resolution
from kg.ties import isin, shared


def coauthor_table(authorship: pd.DataFrame, max_team: int = LIMITS.max_team) -> pd.DataFrame:
    """One row per pair of people who share a paper: `a < b`, weight = joint papers, the papers.
    Papers with more than `max_team` people give no pairs (Limits.max_team); 0 means no limit."""
    links = authorship[["paper_id", "person_id"]]
    if max_team and len(links):
        team = links.drop_duplicates()["paper_id"].value_counts()
        if team.iloc[0] > max_team:  # value_counts sorts: the largest team first
            links = links[~links["paper_id"].isin(team.index[team > max_team])]
    return shared(links, "person_id")


def over_max_team(authorship: pd.DataFrame, max_team: int = LIMITS.max_team) -> int:
    """How many papers have more people than `max_team` (and so no coauthor pairs)."""
    if not max_team:
        return 0
    return int((authorship[["paper_id", "person_id"]].drop_duplicates()["paper_id"].value_counts() > max_team).sum())


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
    """GraphML of a graph too big for NetworkX: nodes carry `name` (the id), `kind` and `label`;
    edges carry `kind` and `weight` (joint papers, or 1). The file igraph's writer writes
    (`graphml_by_igraph`), byte for byte, written here a block of rows at a time from the tables:
    an igraph graph of a million papers held some 1.4 GiB of Python objects (the attributes) at once.
    Anything igraph would write otherwise (a weight that is not finite, an id that is not text, an
    edge to no node) goes to igraph itself."""
    try:
        with path.open("wb") as f:
            _write_graphml(kg, f)
    except _NotPlain:
        graphml_by_igraph(kg, path)


class _NotPlain(Exception):
    """The tables hold what only igraph's own writer is trusted to write."""


GRAPHML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"\n'
    '         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
    '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns\n'
    '         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    "<!-- Created by igraph -->\n"
)
GRAPHML_ROWS = 1 << 16  # nodes or edges rendered at once


def _write_graphml(kg: KnowledgeGraph, f: Any) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values: Any) -> pa.Array:
        """Strings as igraph's writer escapes them (& < > " ')."""
        array = pa.array(values, pa.large_string())
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;")):
            array = pc.replace_substring(array, char, entity)
        return array

    def numbers(lo: int, hi: int) -> pa.Array:
        return pc.cast(pa.array(np.arange(lo, hi, dtype=np.int64)), pa.large_string())

    def write(*parts: Any) -> None:
        text_type = pa.large_string()
        parts = [pa.scalar(part, text_type) if isinstance(part, str) else part for part in parts]
        rows = pc.binary_join_element_wise(*parts, pa.scalar("", text_type))
        offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)
        start, end = offsets[rows.offset], offsets[rows.offset + len(rows)]
        f.write(memoryview(rows.buffers()[2])[start:end] if end > start else b"")

    tables = [(node, getattr(kg, node.table)) for node in NODE_KINDS]
    # The nodes' ids as one Arrow column, looked up by Arrow's hash (not a pandas Index of Python strings).
    try:
        ids = pa.chunked_array(
            [pa.array(table[node.key], pa.large_string(), from_pandas=True) for node, table in tables],
            pa.large_string(),
        ).combine_chunks()
    except (pa.ArrowException, TypeError, UnicodeEncodeError):
        raise _NotPlain from None

    def position(keys: Any) -> np.ndarray:
        found = pc.index_in(pa.array(keys, pa.large_string(), from_pandas=True), value_set=ids)
        return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)

    # Each id its own first place, or ids repeat (which pandas' get_indexer refuses): checked with the
    # lookup's own hash (Arrow's count_distinct held 0.2 GiB for 500,000 ids).
    if ids.null_count or not np.array_equal(position(ids), np.arange(len(ids))):
        raise _NotPlain
    pa.default_memory_pool().release_unused()  # the check's hash table

    edges = any(len(getattr(kg, edge.table)) for edge in EDGE_KINDS if edge.name != "derived_from")
    edges = edges or any(len(_edge_pairs(kg, edge)) for edge in EDGE_KINDS if edge.name == "derived_from")
    node_type, kind_type, weight_type = ("string", "string", "double") if edges else ("boolean",) * 3
    node_type = "string" if len(ids) else "boolean"
    f.write(GRAPHML_HEAD.encode())
    for name, kind in (("name", node_type), ("kind", node_type), ("label", node_type)):
        f.write(f'  <key id="v_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n'.encode())
    f.write(f'  <key id="e_kind" for="edge" attr.name="kind" attr.type="{kind_type}"/>\n'.encode())
    f.write(f'  <key id="e_weight" for="edge" attr.name="weight" attr.type="{weight_type}"/>\n'.encode())
    f.write(b'  <graph id="G" edgedefault="directed">\n')
    first = 0
    for node, table in tables:
        for lo in range(0, len(table), GRAPHML_ROWS):
            rows = table.iloc[lo : lo + GRAPHML_ROWS]
            labels = rows[node.label].astype(str).map(xml_text).tolist()
            write(
                '    <node id="n',
                numbers(first + lo, first + lo + len(rows)),
                '">\n      <data key="v_name">',
                text(rows[node.key].tolist()),
                '</data>\n      <data key="v_kind">',
                text([node.name])[0].as_py(),
                '</data>\n      <data key="v_label">',
                text(labels),
                "</data>\n    </node>\n",
            )
        first += len(table)
    for edge in EDGE_KINDS:
        table = _edge_pairs(kg, edge)
        try:
            source, target = position(table[edge.source]), position(table[edge.target])
        except (pa.ArrowException, TypeError, UnicodeEncodeError):
            raise _NotPlain from None
        weight = table[edge.weight].to_numpy(float) if edge.weight else np.ones(len(table))
        if (len(table) and min(source.min(), target.min()) < 0) or not np.isfinite(weight).all():
            raise _NotPlain
        # igraph prints a double with "%.15g": each distinct weight formatted once.
        values, which = np.unique(weight, return_inverse=True)
        weights = pa.array([format(v, ".15g") for v in values.tolist()], pa.large_string())
        for lo in range(0, len(table), GRAPHML_ROWS):
            hi = min(lo + GRAPHML_ROWS, len(table))
            write(
                '    <edge source="n',
                pc.cast(pa.array(source[lo:hi]), pa.large_string()),
                '" target="n',
                pc.cast(pa.array(target[lo:hi]), pa.large_string()),
                '">\n      <data key="e_kind">',
                text([edge.name])[0].as_py(),
                '</data>\n      <data key="e_weight">',
                weights.take(pa.array(which[lo:hi])),
                "</data>\n    </edge>\n",
            )
    f.write(b"  </graph>\n</graphml>\n")


def _edge_pairs(kg: KnowledgeGraph, kind: EdgeKind) -> pd.DataFrame:
    """_edge_table's rows, in its order, without the lists of lines no GraphML edge carries."""
    if kind.name == "derived_from":  # the distinct pairs in groupby's order: sorted, then each unlike the one before
        import pyarrow as pa
        import pyarrow.compute as pc

        table = getattr(kg, kind.table)
        keys = ("paper_id", "page_id")
        pairs = pa.table({c: pa.array(table[c], pa.large_string(), from_pandas=True) for c in keys}).drop_null()
        pairs = pairs.take(pc.sort_indices(pairs, sort_keys=[(c, "ascending") for c in keys]))
        if len(pairs) > 1:
            a, b = (pairs[c].combine_chunks() for c in keys)
            same = pc.and_(pc.equal(a[1:], a[:-1]), pc.equal(b[1:], b[:-1])).to_numpy(zero_copy_only=False)
            pairs = pairs.filter(pa.array(np.concatenate([[True], ~same])))
        return pairs.to_pandas(types_mapper=pd.ArrowDtype)  # Arrow's columns as they are
    return _edge_table(kg, kind)


def graphml_by_igraph(kg: KnowledgeGraph, path: Path) -> None:
    """The GraphML igraph writes of the tables (what write_graphml_from_tables writes)."""
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
