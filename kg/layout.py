"""Positions for every person of the coauthor network, computed once in Python so that no
browser and no other tool has to run physics: network.html, the GEXF and the VOSviewer map
all show the same picture.

One force layout of a whole 30,000-person component is a hairball (igraph's grid
Fruchterman-Reingold) or takes minutes (DrL). So the layout has two levels: communities are
placed by a layout of the graph of communities, and each community is laid out inside its own
disc. Connected components are then packed into rows, largest first, so that small groups and
people without coauthors sit beside the big component instead of drifting away from it.
Seeded and rounded: the same tables give the same numbers.
"""

from __future__ import annotations

import math
import random
import weakref
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd

SEED = 7
SCALE = 10.0  # layout units per edge length; positions are rounded to integers of this scale


@dataclass(frozen=True)
class Layout:
    """Person ids (sorted) and their rounded positions, with each one's component."""

    person_ids: list[str]
    x: np.ndarray  # int64
    y: np.ndarray  # int64
    component: np.ndarray  # int64, 0 the largest
    # The coauthor pairs among these people, as edge_index gives them: the layout, the page and the
    # maps each needed them, and at a million papers each edge_index took seconds.
    ties: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.zeros(0, np.int64),) * 3

    def index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.person_ids)}


def edge_index(person_ids: list[str], coauthors: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The coauthor pairs as index arrays (a < b) with their weights, sorted by (a, b)."""
    position = pd.Series(np.arange(len(person_ids)), index=pd.Index(person_ids))
    a = position.reindex(coauthors["a"].astype(str)).to_numpy()
    b = position.reindex(coauthors["b"].astype(str)).to_numpy()
    keep = ~(np.isnan(a.astype(float)) | np.isnan(b.astype(float)))
    a, b = a[keep].astype(np.int64), b[keep].astype(np.int64)
    w = coauthors["weight"].to_numpy()[keep].astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((hi, lo))
    return lo[order], hi[order], w[order]


CLIQUE_DENSITY = 0.8  # groups at least this dense (mostly one paper's team) sit on a circle


def _iterations(n: int) -> int:
    # Fewer rounds on huge graphs: the grid keeps each round linear, the picture settles early.
    return 500 if n <= 50_000 else 300 if n <= 300_000 else 200


# Above this many nodes a force layout repels only nearby nodes (igraph's grid), each round
# linear; below it every pair repels, each round quadratic. One layout of the graph of groups
# may be exact up to 1,000; but there is a layout per community, and Louvain's communities grow
# with the graph (none of 300 to 1,000 people at 100k papers, 317 at 1M, whose exact rounds took
# 150 of the layout's 250 s there: 0.46 s against 0.04 s with the grid for one of 800 people).
GRID_ABOVE = 1000
COMMUNITY_GRID_ABOVE = 300


def _fr(g: ig.Graph, weights: np.ndarray | None = None, grid_above: int = GRID_ABOVE) -> np.ndarray:
    n = g.vcount()
    if n == 1:
        return np.zeros((1, 2))
    return np.array(
        g.layout_fruchterman_reingold(
            weights=None if weights is None or not len(weights) else weights.astype(float).tolist(),
            niter=_iterations(n),
            grid=n > grid_above,
        ).coords,
        dtype=float,
    )


def _fit(coords: np.ndarray, radius: float) -> np.ndarray:
    """Centred, and scaled so that nearly all points fall within the radius."""
    centred = coords - coords.mean(axis=0)
    reach = float(np.quantile(np.hypot(centred[:, 0], centred[:, 1]), 0.98)) if len(coords) > 1 else 0.0
    return centred * (radius / reach) if reach > 0 else centred


def compute(
    person_ids: list[str], coauthors: pd.DataFrame, groups: np.ndarray | None = None, seed: int = SEED
) -> Layout:
    """Two levels: each group (community) gets a disc with area in proportion to its people,
    placed by a layout of the graph of groups (ties between them as weights); inside its disc
    a group is laid out on its own ties, or on a circle when it is (nearly) a clique, mostly
    one paper's team, for which the circle is the clearest picture."""
    n = len(person_ids)
    a, b, w = edge_index(person_ids, coauthors)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Layout([], empty, empty, empty, (a, b, w))
    g = ig.Graph(n=n, edges=list(zip(a.tolist(), b.tolist())))  # tuples: igraph's fastest input
    membership = np.array(g.connected_components().membership, dtype=np.int64)
    if groups is None:
        groups = membership
    _, group = np.unique(np.asarray(groups), return_inverse=True)
    count = int(group.max()) + 1
    sizes = np.bincount(group, minlength=count)
    radius = np.sqrt(sizes.astype(float))
    ig.set_random_number_generator(random.Random(seed))  # igraph draws from Python's random module otherwise
    try:
        inside = _inside(g, group, sizes, radius, a, b, w)
        centres = _group_centres(group, count, radius, a, b)
    finally:
        ig.set_random_number_generator(random)
    coords = inside + centres[group]
    packed, component = _pack(coords, membership, spacing=1.0)
    return Layout(
        list(person_ids),
        np.rint(packed[:, 0] * SCALE).astype(np.int64),
        np.rint(packed[:, 1] * SCALE).astype(np.int64),
        component,
        (a, b, w),
    )


def _inside(
    g: ig.Graph, group: np.ndarray, sizes: np.ndarray, radius: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """Each person's position relative to their group's centre: on a circle for a clique (every
    layout of a clique is a circle), by a force layout of the group's own ties otherwise."""
    n = len(group)
    order = np.lexsort((np.arange(n), group))
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first[group[order]]
    angle = 2 * math.pi * rank / np.maximum(sizes[group], 1)
    ring = np.where(sizes[group] > 1, radius[group], 0.0)
    out = np.column_stack([ring * np.cos(angle), ring * np.sin(angle)])
    weights = np.minimum(w, 5).astype(float)
    g.es["w"] = weights.tolist()
    inside_ties = np.bincount(group[a][group[a] == group[b]], minlength=len(sizes))
    possible = sizes * (sizes - 1) / 2
    laid_out = (sizes > 3) & (inside_ties < CLIQUE_DENSITY * possible)
    for c in np.flatnonzero(laid_out):
        members = order[first[c] : first[c] + sizes[c]]
        sub = g.induced_subgraph(members.tolist())
        out[members] = _fit(_fr(sub, np.array(sub.es["w"]), COMMUNITY_GRID_ABOVE), radius[c])
    return out


def _group_centres(group: np.ndarray, count: int, radius: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Centres for the groups: a layout of the graph of groups, spread until tied groups' discs
    roughly touch."""
    ga, gb = group[a], group[b]
    between = ga != gb
    pairs = pd.DataFrame({"a": np.minimum(ga, gb)[between], "b": np.maximum(ga, gb)[between]})
    ties = pairs.groupby(["a", "b"]).size().reset_index(name="n")
    centres = np.zeros((count, 2))
    if not len(ties):
        return centres
    # Only groups tied to other groups need placing: a group alone in its component is centred
    # on its own spot by the packing (at a million papers most groups are alone).
    ea, eb = ties["a"].to_numpy(dtype=np.int64), ties["b"].to_numpy(dtype=np.int64)
    tied = np.unique(np.concatenate([ea, eb]))
    local = np.full(count, -1, dtype=np.int64)
    local[tied] = np.arange(len(tied))
    h = ig.Graph(n=len(tied), edges=np.column_stack([local[ea], local[eb]]).tolist())
    centres[tied] = _fr(h, np.log1p(ties["n"].to_numpy(dtype=float)))
    length = np.hypot(*(centres[ea] - centres[eb]).T)
    wanted = (radius[ea] + radius[eb]) * 1.15
    centres = centres * float(np.median(wanted / np.maximum(length, 1e-9)))
    return centres


def _pack(coords: np.ndarray, membership: np.ndarray, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Each component centred on its own spot, in rows of circles, largest first.

    Returns the new coordinates and components renumbered by that order (0 the largest)."""
    count = int(membership.max()) + 1
    sizes = np.bincount(membership, minlength=count)
    first = np.full(count, len(membership), dtype=np.int64)
    np.minimum.at(first, membership, np.arange(len(membership)))
    centre = np.column_stack([np.bincount(membership, coords[:, k], minlength=count) / sizes for k in range(2)])
    offset = coords - centre[membership]
    radius = np.zeros(count)
    np.maximum.at(radius, membership, np.hypot(offset[:, 0], offset[:, 1]))
    radius = np.maximum(radius, spacing / 2)
    order = np.lexsort((first, -sizes))  # largest first, ties by first member: deterministic
    # Rows about 1.5 times as wide as the packed area is tall: screens are wider than high.
    width = max(2 * radius[order[0]], 1.5 * math.sqrt(float(np.sum((2 * radius + spacing) ** 2))))
    spot = np.zeros((count, 2))
    x = y = row_height = 0.0
    for c in order:
        d = 2 * radius[c]
        if x > 0 and x + d > width:
            x, y, row_height = 0.0, y + row_height + spacing, 0.0
        spot[c] = (x + radius[c], y + radius[c])
        x += d + spacing
        row_height = max(row_height, d)
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    # y grows downwards in rows; flip it so the largest component is on top in y-up viewers.
    placed = offset + spot[membership]
    placed[:, 1] = -placed[:, 1]
    return placed, rank[membership]


_cache: list[tuple[weakref.ref, weakref.ref, Layout]] = []


def of_build(stats_people: pd.DataFrame, coauthors: pd.DataFrame) -> Layout:
    """The layout of a build's people (stats.people or stats.authors) and coauthor pairs,
    computed once per pair of tables: the page and both exports ask for it."""
    for people_ref, pairs_ref, layout in _cache:
        if people_ref() is stats_people and pairs_ref() is coauthors:
            return layout
    people = stats_people.assign(person_id=stats_people["person_id"].astype(str)).sort_values("person_id")
    groups = people["community"].to_numpy() if "community" in people else None
    layout = compute(people["person_id"].tolist(), coauthors, groups)
    _cache[:] = [(weakref.ref(stats_people), weakref.ref(coauthors), layout)]
    return layout
