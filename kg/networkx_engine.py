"""The coauthor-graph measures in NetworkX: the reference engine, used on small graphs.

Same contract as kg.igraph_engine (`measure(nodes, coauthors, limits) -> EngineResult`);
kg.engine chooses between them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.linalg import eigsh

if TYPE_CHECKING:
    from kg.engine import EngineResult, Limits


def graph(nodes: list[str], coauthors: pd.DataFrame) -> nx.Graph:
    """People joined by shared papers (weight = joint papers); everyone who wrote, even alone."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b, {"weight": int(w)}) for a, b, w in zip(coauthors["a"], coauthors["b"], coauthors["weight"]))
    return g


def centralities(g: nx.Graph, exact_limit: int, sample: int, seed: int) -> tuple[pd.DataFrame, str]:
    """Degree, weighted degree, betweenness, closeness, eigenvector (per component), PageRank.

    Betweenness and closeness count hops (every coauthorship one step): a paper shared is
    a tie, however many. Returns the table and how betweenness was computed.
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n <= exact_limit:
        betweenness = nx.betweenness_centrality(g, normalized=True)
        method = "exact"
    else:
        k = min(sample, n)
        betweenness = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
        method = f"sampled: {k} pivots of {n} nodes, seed {seed}"
    pagerank = nx.pagerank(g, weight="weight") if n else {}
    table = pd.DataFrame(
        {
            "person_id": nodes,
            "degree": [g.degree(v) for v in nodes],
            "weighted_degree": [g.degree(v, weight="weight") for v in nodes],
            "betweenness": [betweenness[v] for v in nodes],
            "closeness": [c for _, c in sorted(nx.closeness_centrality(g).items())],
            "eigenvector": [c for _, c in sorted(eigenvector_by_component(g).items())],
            "pagerank": [pagerank[v] for v in nodes],
        }
    )
    return table, method


def eigenvector_by_component(g: nx.Graph) -> dict[Any, float]:
    """Eigenvector centrality computed within each connected component (unit norm in each):
    on a disconnected graph the global vector is zero outside the largest component."""
    out: dict[Any, float] = {}
    for component in nx.connected_components(g):
        if len(component) == 1:
            out[next(iter(component))] = 0.0  # no ties, no centrality
            continue
        if len(component) == 2:
            out.update(dict.fromkeys(component, 1 / math.sqrt(2)))
            continue
        members = sorted(component)
        adjacency = nx.to_scipy_sparse_array(g, nodelist=members, weight="weight", format="csr").astype(float)
        # ARPACK from a fixed start vector: nx.eigenvector_centrality_numpy starts from ARPACK's own
        # generator, whose state carries over from call to call, so two builds in one process differed.
        _, vector = eigsh(adjacency, k=1, which="LA", v0=np.ones(len(members)), tol=1e-12)
        values = np.abs(vector[:, 0]) / np.linalg.norm(vector[:, 0])
        out.update({v: float(x) for v, x in zip(members, values)})
    return out


def _membership(groups: list[set], index: dict[Any, int]) -> np.ndarray:
    out = np.zeros(len(index), dtype=np.int64)
    for number, group in enumerate(groups):
        out[[index[v] for v in group]] = number
    return out


def measure(nodes: list[str], coauthors: pd.DataFrame, limits: Limits) -> EngineResult:
    from kg.engine import EngineResult

    g = graph(nodes, coauthors)
    seed = limits.seed
    index = {v: i for i, v in enumerate(nodes)}
    table, method = centralities(g, limits.exact_betweenness, limits.betweenness_pivots, seed)
    louvain_sets = (
        nx.community.louvain_communities(g, weight="weight", seed=seed) if g.number_of_edges() else [{v} for v in nodes]
    )
    lpa_sets = list(nx.community.asyn_lpa_communities(g, weight="weight", seed=seed)) if nodes else []
    has_edges = g.number_of_edges() > 0
    with np.errstate(all="ignore"):
        assortativity = nx.degree_assortativity_coefficient(g) if has_edges else math.nan
    info = {
        "modularity": nx.community.modularity(g, louvain_sets, weight="weight") if has_edges else 0.0,
        "second_method_modularity": nx.community.modularity(g, lpa_sets, weight="weight") if has_edges else 0.0,
        "clustering": nx.average_clustering(g) if nodes else 0.0,
        "transitivity": nx.transitivity(g) if nodes else 0.0,
        "assortativity": None if math.isnan(assortativity) else assortativity,
    }
    return EngineResult(
        table=table,
        methods={"betweenness": method, "closeness": "exact", "second": "label propagation (asynchronous)"},
        louvain=_membership(louvain_sets, index),
        second=_membership(lpa_sets, index),
        components=_membership(list(nx.connected_components(g)), index),
        info=info,
    )
