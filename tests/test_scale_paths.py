"""The scale path gives the small path's graph: igraph vs NetworkX measures, streamed
Turtle vs an rdflib Graph, and a synthetic corpus read back against its ground truth."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import astuple
from pathlib import Path

import numpy as np
import pytest
from rdflib import XSD, Graph, Literal, URIRef
from scipy.sparse import csgraph
from sklearn.metrics import adjusted_rand_score

from kg import igraph_engine
from kg.build import extract_files, find_inputs, knowledge_graph
from kg.engine import network_measures
from kg.rdf import triples, write_turtle
from kg.resolve import resolve
from kg.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def seeds():
    extracted = extract_files(find_inputs([ROOT / "seeds"]), AS_OF)
    res = knowledge_graph(resolve(extracted.records, extracted.pages))
    return res, res.coauthors


def test_igraph_and_networkx_measures_agree_on_the_seeds(seeds) -> None:
    res, coauthors = seeds
    nodes = sorted(res.people["person_id"])
    (small, small_info), (large, large_info) = (
        astuple(network_measures(nodes, coauthors, engine=engine)) for engine in ("networkx", "igraph")
    )
    assert list(small["person_id"]) == list(large["person_id"])
    for column in ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector"):
        np.testing.assert_allclose(small[column].astype(float), large[column].astype(float), atol=1e-9, err_msg=column)
    # NetworkX's PageRank stops at tolerance 1e-6 per node sum; igraph's PRPACK solves exactly.
    np.testing.assert_allclose(small["pagerank"], large["pagerank"], atol=1e-4)
    assert (small["component"] == large["component"]).all()
    for key in ("clustering", "transitivity", "assortativity"):
        assert small_info[key] == pytest.approx(large_info[key], abs=1e-12)
    # Louvain is randomized differently in each library: both find a strong partition, close
    # in modularity, and largely the same groups.
    assert small_info["modularity"] == pytest.approx(large_info["modularity"], abs=0.03)
    assert adjusted_rand_score(small["community"], large["community"]) > 0.5


def test_sampled_betweenness_is_seeded_and_close_to_exact(seeds) -> None:
    res, coauthors = seeds
    nodes = sorted(res.people["person_id"])
    g = igraph_engine.from_table(nodes, coauthors)
    exact, method = igraph_engine.betweenness(g, exact_limit=10_000, sample=0, seed=1)
    assert method == "exact"
    first, said = igraph_engine.betweenness(g, exact_limit=10, sample=60, seed=7)
    again, _ = igraph_engine.betweenness(g, exact_limit=10, sample=60, seed=7)
    assert said.startswith("sampled: 60 pivots")
    assert (first == again).all()
    top = set(np.argsort(-exact)[:5])
    assert len(top & set(np.argsort(-first)[:10])) >= 4  # the most central people stay on top


def test_sampled_measures_on_the_renumbered_graph_are_those_of_the_graph_as_numbered(seeds) -> None:
    """Sampled betweenness and closeness search a copy renumbered for locality (near_order): the
    same pivots searched on the graph as numbered give the same closeness exactly and the same
    betweenness to the last decimal any output prints (12)."""
    res, coauthors = seeds
    nodes = sorted(res.people["person_id"])
    g = igraph_engine.from_table(nodes, coauthors)
    n = g.vcount()
    order, new = igraph_engine.near_order(igraph_engine._adjacency(g))
    assert sorted(order.tolist()) == list(range(n)) and (order[new] == np.arange(n)).all()
    assert (order != np.arange(n)).any()  # a real renumbering, or this test proves nothing

    found, _ = igraph_engine.betweenness(g, exact_limit=10, sample=60, seed=7)
    pivots = sorted(random.Random(7).sample(range(n), 60))
    plain = np.array(g.betweenness(directed=False, sources=pivots)) * 2.0 / ((n - 1) * (n - 2)) * n / 60
    assert (found.round(12) == plain.round(12)).all()
    assert found.max() > 0.01

    membership = np.array(g.connected_components().membership)
    biggest = int(np.argmax(np.bincount(membership)))
    close, method = igraph_engine.closeness(g, membership, seed=3, exact_limit=50, pivots_wanted=20)
    assert method.startswith("sampled for components above 50 nodes: 20 pivots")
    members = np.flatnonzero(membership == biggest)
    rng = random.Random(3)
    for comp in np.flatnonzero(np.bincount(membership) > 50):  # the pivots drawn as closeness draws them
        chosen = sorted(rng.sample(np.flatnonzero(membership == comp).tolist(), 20))
        if comp == biggest:
            pivots = chosen
    dist = csgraph.shortest_path(igraph_engine._adjacency(g), unweighted=True, indices=pivots)[:, members]
    mean = dist.sum(axis=0) / np.maximum((dist > 0).sum(axis=0), 1)
    r = len(members)
    assert (close[members] == np.where(mean > 0, 1.0 / mean, 0.0) * (r - 1) / (n - 1)).all()


def test_streamed_turtle_is_the_graph_rdflib_would_write(seeds, tmp_path: Path) -> None:
    res, _ = seeds
    streamed = tmp_path / "streamed.ttl"
    write_turtle(triples(res), streamed)
    direct = Graph()
    for t in triples(res):
        obj = t.object
        if not hasattr(obj, "datatype"):
            o = URIRef(obj.value)
        elif obj.language:
            o = Literal(obj.value, lang=obj.language)
        elif obj.datatype.value == str(XSD.string):  # RDF 1.1: a plain literal is an xsd:string
            o = Literal(obj.value)
        else:
            o = Literal(obj.value, datatype=URIRef(obj.datatype.value))
        direct.add((URIRef(t.subject.value), URIRef(t.predicate.value), o))
    written = tmp_path / "rdflib.ttl"
    direct.serialize(written, format="turtle")
    ours = set(Graph().parse(streamed, format="turtle"))
    theirs = set(Graph().parse(written, format="turtle"))
    assert ours == theirs
    assert len(ours) == len(direct)


def test_a_synthetic_corpus_reads_back_to_its_ground_truth(tmp_path: Path) -> None:
    corpus = synthesize(400, seed=5, out=tmp_path / "synth")
    again = synthesize(400, seed=5, out=tmp_path / "synth2")
    assert corpus == again
    for a in sorted((tmp_path / "synth").rglob("*.txt")):
        assert a.read_bytes() == (tmp_path / "synth2" / a.relative_to(tmp_path / "synth")).read_bytes()
    extracted = extract_files(find_inputs([tmp_path / "synth" / "pages"]), AS_OF)
    assert not extracted.rejects
    res = resolve(extracted.records, extracted.pages)
    truth = [json.loads(line) for line in (tmp_path / "synth" / "truth" / "papers.jsonl").read_text().splitlines()]
    assert len(res.papers) == len(truth) == 400
    assert sorted(res.papers["title"]) == sorted(t["title"] for t in truth)
    # Every listing is a record, and papers listed twice are one paper each.
    assert len(extracted.records) == corpus.records > len(truth)


def _graphml_in_one_call(kg, path: Path) -> None:
    """write_graphml_from_tables as it was before it added the edges a kind at a time: the oracle."""
    import igraph as ig
    import pandas as pd

    from kg.graph import _edge_table, xml_text
    from kg.schema import EDGE_KINDS, NODE_KINDS

    ids, kind_of, labels = [], [], []
    for node in NODE_KINDS:
        table = getattr(kg, node.table)
        ids += table[node.key].tolist()
        labels += table[node.label].astype(str).map(xml_text).tolist()
        kind_of += [node.name] * len(table)
    index = pd.Index(ids)
    source, target, edge_kind, weight = [], [], [], []
    for edge in EDGE_KINDS:
        table = _edge_table(kg, edge)
        source.append(index.get_indexer(table[edge.source]))
        target.append(index.get_indexer(table[edge.target]))
        edge_kind += [edge.name] * len(table)
        weight.append(table[edge.weight].to_numpy(float) if edge.weight else np.ones(len(table)))
    edges = np.column_stack([np.concatenate(source), np.concatenate(target)]).tolist()
    g = ig.Graph(n=len(ids), edges=edges, directed=True)
    g.vs["name"], g.vs["kind"], g.vs["label"] = ids, kind_of, labels
    g.es["kind"], g.es["weight"] = edge_kind, np.concatenate(weight).tolist()
    g.write_graphml(str(path))


def test_graphml_from_tables_is_the_one_call_file_byte_for_byte(seeds, tmp_path: Path) -> None:
    """Edges added a kind at a time (a kind's list of pairs in memory, not every kind's) write the
    file one igraph call wrote, on the seeds and on a build without a single edge."""
    from kg.graph import write_graphml_from_tables

    empty = knowledge_graph(resolve([], []))
    for name, kg in (("seeds", seeds[0]), ("empty", empty)):
        write_graphml_from_tables(kg, tmp_path / f"{name}.graphml")
        _graphml_in_one_call(kg, tmp_path / f"{name}-oracle.graphml")
        written = (tmp_path / f"{name}.graphml").read_bytes()
        assert written == (tmp_path / f"{name}-oracle.graphml").read_bytes()
        assert written.count(b"<edge ") > 100 if name == "seeds" else written.count(b"<edge ") == 0
        assert b'for="edge" attr.name="weight"' in written  # declared even without an edge


def test_graphml_written_from_tables_is_igraphs_file_byte_for_byte(seeds, tmp_path: Path, monkeypatch) -> None:
    """write_graphml_from_tables renders the GraphML itself, a few rows at a time (for memory): the
    bytes igraph's writer writes of the same graph, with text igraph escapes (& < > " '), characters
    XML cannot hold, other scripts, an empty label, and weights of several sizes."""
    import dataclasses

    from kg import graph

    res, _ = seeds
    papers = res.papers.copy()
    papers.loc[papers.index[:5], "title"] = ["a & b < c > d \"e\" 'f'", "x\x01y\ufffez", "Éé 漢字 🙂", "", "&amp;"]
    coauthors = res.coauthors.copy()
    coauthors.loc[coauthors.index[:3], "weight"] = [123456789, 1, 40]
    hostile = dataclasses.replace(res, papers=papers, coauthors=coauthors)
    monkeypatch.setattr(graph, "GRAPHML_ROWS", 7)
    for name, kg in (("seeds", res), ("hostile", hostile)):
        graph.write_graphml_from_tables(kg, tmp_path / f"{name}.graphml")
        graph.graphml_by_igraph(kg, tmp_path / f"{name}-igraph.graphml")
        written = (tmp_path / f"{name}.graphml").read_bytes()
        assert written == (tmp_path / f"{name}-igraph.graphml").read_bytes()
    assert b"a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;" in written and b">123456789<" in written
    # What igraph alone is trusted with (an edge to no node) still goes to igraph, which refuses it.
    broken = dataclasses.replace(res, paper_categories=res.paper_categories.assign(category_id="category/none"))
    with pytest.raises(Exception, match=r"(?i)vertex"):
        graph.write_graphml_from_tables(broken, tmp_path / "broken.graphml")


def test_graphml_from_tables_holds_the_networkx_graph(seeds, tmp_path: Path) -> None:
    import networkx as nx

    from kg.graph import build_graph, write_graphml_from_tables

    res, _ = seeds
    path = tmp_path / "big.graphml"
    write_graphml_from_tables(res, path)
    read = nx.read_graphml(path)
    small = build_graph(res)
    assert {d["name"] for _, d in read.nodes(data=True)} == set(small.nodes)
    names = {n: d["name"] for n, d in read.nodes(data=True)}
    assert {(names[u], names[v], d["kind"]) for u, v, d in read.edges(data=True)} == {
        (u, v, d["kind"]) for u, v, d in small.edges(data=True)
    }
