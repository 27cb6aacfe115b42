"""The one place that chooses how the coauthor-graph measures are computed.

Two engines follow the same definitions (the tests hold them to the same numbers):
NetworkX (kg.networkx_engine), the reference, and igraph (kg.igraph_engine), compiled,
for large graphs. `Limits` holds every threshold of the build in one value; `--engine`
picks an engine or leaves the choice to the size of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from kg.libraries import keeping_random_state
from kg.schema import empty

ENGINES = ("auto", "networkx", "igraph")


@dataclass(frozen=True)
class Limits:
    """Every size threshold of the build, and the seed of every random choice."""

    networkx_people: int = 2_000  # "auto": above this many people igraph computes the measures
    exact_betweenness: int = 5_000  # nodes; above this betweenness is sampled …
    betweenness_pivots: int = 200  # … from this many seeded pivots
    exact_closeness: int = 20_000  # nodes in one component; above this closeness is sampled (igraph) …
    closeness_pivots: int = 64  # … from this many pivots
    networkx_graph_nodes: int = 50_000  # above this, no whole-graph NetworkX object: GraphML by igraph
    # A paper with more authors than this gives each its authorship but no coauthor ties: one
    # 3,000-author physics paper would make 4.5M pairs, a clique that swamps every measure and page
    # (hyperauthorship, Cronin 2001; VOSviewer's "maximum number of authors per document" does this).
    max_team: int = 100
    seed: int = 42


LIMITS = Limits()


@dataclass(frozen=True)
class EngineResult:
    """What either engine returns: the measures table and the raw groupings."""

    table: pd.DataFrame  # person_id and the centralities, in `nodes` order
    methods: dict[str, str]  # how betweenness and closeness were computed, and the second community method
    louvain: np.ndarray  # community per node
    second: np.ndarray  # label propagation, the second method the first is checked against
    components: np.ndarray
    info: dict[str, Any]  # modularities, clustering, transitivity, assortativity


@dataclass(frozen=True)
class NetworkMeasures:
    """Per person: the declared `measures` table; and the graph-wide figures."""

    table: pd.DataFrame
    info: dict[str, Any]


def choose(engine: str, people: int, limits: Limits = LIMITS) -> str:
    """The engine that computes the measures: the one asked for, or by size under "auto"."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "igraph" if people > limits.networkx_people else "networkx"
    return engine


def network_measures(
    nodes: list[str], coauthors: pd.DataFrame, engine: str = "auto", limits: Limits = LIMITS
) -> NetworkMeasures:
    """Centralities, component and community of every person in `nodes` (sorted ids)."""
    # scikit-learn takes a second to load; a command that measures nothing (kg --help) need not wait
    with keeping_random_state():
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    chosen = choose(engine, len(nodes), limits)
    if chosen == "igraph":
        from kg import igraph_engine as implementation
    else:
        from kg import networkx_engine as implementation
    # One thread for OpenMP and BLAS while measuring: igraph's PRPACK PageRank sums in a
    # different order on each run when threaded (20 runs gave 12 values at 100k papers).
    with threadpool_limits(limits=1):
        result = implementation.measure(nodes, coauthors, limits)
    table = result.table.copy()
    # People are ranked by these values (ties by name); cut to 14 decimals, values that differ
    # only in the last bits (NetworkX and igraph, one machine and another) rank alike.
    table[["pagerank", "eigenvector"]] = table[["pagerank", "eigenvector"]].round(14)
    table["component"] = _number(result.components)
    table["community"] = _number(result.louvain)
    if table.empty:  # no person: the declared columns, typed, so later joins still line up
        table = empty("measures")
    info = {
        **result.info,
        "engine": chosen,
        "methods": result.methods,
        "communities": len(set(result.louvain.tolist())),
        "second_method_communities": len(set(result.second.tolist())),
        "agreement_adjusted_rand": float(adjusted_rand_score(result.louvain, result.second)) if nodes else 1.0,
        "agreement_nmi": float(normalized_mutual_info_score(result.louvain, result.second)) if nodes else 1.0,
        "seed": limits.seed,
    }
    return NetworkMeasures(table, info)


def _number(membership: np.ndarray) -> np.ndarray:
    """Renumbers groups by size (largest first), then by their first node: stable numbers."""
    m = pd.Series(membership, dtype="int64")
    groups = pd.DataFrame({"size": m.map(m.value_counts()), "first": np.arange(len(m)), "m": m})
    order = groups.groupby("m").agg(size=("size", "first"), first=("first", "min"))
    order = order.sort_values(["size", "first"], ascending=[False, True])
    rank = pd.Series(np.arange(len(order)), index=order.index)
    return m.map(rank).to_numpy()
