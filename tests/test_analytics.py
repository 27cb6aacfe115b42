"""The analytics stage: stats/*.csv, stats/summary.json, report.html and the measures in graph.ttl.

A small fixture is written with the layouts' own `render` functions: two triangles of
coauthors (Alice, Ben, Carl | Erin, Fay, Gus) joined by one bridge person (Dana), a pair behind
an "et al." list (Ivan, Jill) and one person (Hana) with a paper written alone and a one-name
"et al." paper. Every expected figure below was worked out by hand from that picture; the
comments show the arithmetic. The seeds
are checked against figures counted independently (records.jsonl, SPARQL, networkx).

Ties (joint papers): A–B 1, A–C 2, B–C 1, A–D 1, C–D 2 | D–E 2, D–F 1 | E–F 2, E–G 1, F–G 1; I–J 1.
The big component is symmetric under A↔F, B↔G, C↔E, which halves the hand work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kg import report, sparql
from kg.build import Built, build, find_inputs
from kg.engine import LIMITS, Limits
from kg.extract import compact, profile
from kg.model import Page, Record
from kg.resolve import Aliases

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
AS_OF = dt.date(2026, 11, 24)
STATS_FILES = ("authors", "pairs", "organizations", "categories", "years", "communities", "authorships")

A, B, C, D, E = "Alice Archer", "Ben Brooks", "Carl Chen", "Dana Diaz", "Erin Evans"
F, G, H, I, J = "Fay Fischer", "Gus Gray", "Hana Hill", "Ivan Ito", "Jill Jones"  # noqa: E741
SCRIPT_TITLE = "Escaping <script> Tags in Parsers"


def paper(
    title: str,
    authors: list[str],
    date: str,
    category: str,
    score: float | None = None,
    truncated: bool = False,
    orgs: tuple[str, ...] = (),
) -> Record:
    return Record(
        source="",
        line=0,
        layout="",
        title=title,
        abstract=f"We study {title.lower()}.",
        authors=authors,
        authors_truncated=truncated,
        affiliations=list(orgs),
        category=category,
        date=date,
        score=score,
    )


# P1..P9; P2 is printed twice (profile and compact list) and must count once.
P1 = paper(SCRIPT_TITLE, [A, B, C], "2024-03-05", "CL", orgs=("stanford",))
P2 = paper("Bridging Two Communities", [A, C, D], "2025-02-10", "CL")
P2_AGAIN = paper("Bridging Two Communities", [A, C, D], "2025-02-10", "CL", score=15.0)
P3 = paper("Detecting Drift in Dialogue", [C, D], "2026-01-15", "CL", score=12.5)
P4 = paper("Sparse Mixtures for Retrieval", [D, E], "2025-06-01", "LG", score=9.0)
P5 = paper("Graph Learning at Scale", [D, E, F], "2026-04-20", "LG", score=8.5)
P6 = paper("Faster Optimizers for Transformers", [E, F, G], "2026-09-30", "LG", score=7.0)
P7 = paper("Working Alone on Proofs", [H], "2025-07-04", "LG", score=3.0)
P8 = paper("Scaling Laws Revisited", [I, J], "2024-11-11", "LG", score=5.5, truncated=True)
# One name and "et al.": Hana is not alone on it, and we do not know with whom.
P9 = paper("Notes on Lemmas", [H], "2026-03-03", "LG", score=2.0, truncated=True)


def write_fixture(folder: Path) -> Path:
    """Alice's profile page (P1, P2) and a compact list (P2 again, P3..P9)."""
    folder.mkdir(parents=True, exist_ok=True)
    owner = Page(source="alice.txt", layout="profile", owner=A, owner_category="CL", h_index=2, papers=2, citations=40)
    (folder / "alice.txt").write_text(profile.render([P1, P2], owner) + "\n", encoding="utf-8")
    (folder / "list.txt").write_text(compact.render([P2_AGAIN, P3, P4, P5, P6, P7, P8, P9]) + "\n", encoding="utf-8")
    return folder


def read_table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "stats" / f"{name}.csv", keep_default_na=False, na_values=[""])


def read_summary(out: Path) -> dict:
    return json.loads((out / "stats" / "summary.json").read_text(encoding="utf-8"))


@dataclass
class Output:
    out: Path
    built: Built

    @property
    def summary(self) -> dict:
        return read_summary(self.out)

    @property
    def authors(self) -> pd.DataFrame:
        return read_table(self.out, "authors").set_index("name")

    def table(self, name: str) -> pd.DataFrame:
        return read_table(self.out, name)


def build_into(inputs: Path, out: Path, aliases: Aliases | None = None, limits: Limits = LIMITS) -> Output:
    return Output(out, build(find_inputs([inputs]), out, AS_OF, aliases, limits=limits))


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("fixture-pages"))


@pytest.fixture(scope="module")
def fx(fixture_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Output:
    return build_into(fixture_pages, tmp_path_factory.mktemp("fixture-build"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Output:
    return build_into(SEEDS, tmp_path_factory.mktemp("seeds-build"))


@pytest.fixture(scope="module")
def seeds_again(tmp_path_factory: pytest.TempPathFactory) -> Output:
    return build_into(SEEDS, tmp_path_factory.mktemp("seeds-build-again"))


def coauthor_network(out: Path) -> nx.Graph:
    """The coauthor graph read back from authors.csv (every person) and pairs.csv (weights)."""
    g = nx.Graph()
    g.add_nodes_from(read_table(out, "authors")["person_id"])
    pairs = read_table(out, "pairs")
    g.add_weighted_edges_from(zip(pairs["a_id"], pairs["b_id"], pairs["joint_papers"]))
    return g


def partition(out: Path, key: str = "person_id") -> list[set[str]]:
    authors = read_table(out, "authors")
    return [set(group[key]) for _, group in authors.groupby("community")]


def newman_assortativity(edges: list[tuple[int, int]]) -> float:
    """Degree assortativity, Newman (2002) eq. 4, over the degrees at both ends of each edge."""
    j, k = np.array(edges, dtype=float).T
    mean_end = ((j + k) / 2).mean()
    return float(((j * k).mean() - mean_end**2) / (((j**2 + k**2) / 2).mean() - mean_end**2))


# ---- the fixture as read -------------------------------------------------------------------


def test_fixture_reads_as_written(fx: Output) -> None:
    # 2 profile blocks + 8 compact blocks, nothing rejected; P2 printed twice is one paper.
    assert len(fx.built.extracted.records) == 10
    assert fx.built.extracted.rejects == []
    assert sorted(fx.built.resolution.people["name"]) == [A, B, C, D, E, F, G, H, I, J]


# ---- summary.json --------------------------------------------------------------------------


def test_summary_sizes(fx: Output) -> None:
    s = fx.summary
    assert s["authors"] == 10  # A..J
    assert s["papers"] == 9  # P1..P9
    assert s["coauthor_edges"] == 11  # the 11 edges in the module docstring
    assert s["components"] == 3  # {A,B,C,D,E,F,G}, {I,J}, {H}
    assert s["largest_component"] == 7
    assert s["largest_component_share"] == 0.7  # 7 / 10


def test_summary_density_and_clustering(fx: Output) -> None:
    s = fx.summary
    # 2m / (n (n-1)) = 22 / 90
    assert s["density"] == pytest.approx(22 / 90, abs=1e-9)
    assert s["density"] == 0.2444444444
    # Local clustering (unweighted): A: of B-C, B-D, C-D two are edges → 2/3; B: A-C → 1; C 2/3;
    # D: of 6 neighbour pairs among A,C,E,F only A-C and E-F → 1/3; E 2/3; F 2/3; G 1; H, I, J 0.
    # Mean = (4·2/3 + 1/3 + 1 + 1) / 10 = 5 / 10
    assert s["clustering"] == 0.5
    # 4 triangles (ABC, ACD, DEF, EFG); connected triples Σ C(d,2) = 3+1+3+6+3+3+1+0+0+0 = 20;
    # transitivity = 3·4 / 20
    assert s["transitivity"] == 0.6


def test_summary_assortativity_by_hand(fx: Output) -> None:
    # Degrees A3 B2 C3 D4 E3 F3 G2 I1 J1; over the 11 edges (j, k):
    # Σ jk = 6+9+6+12+12+12+12+9+6+6+1 = 91; Σ (j+k)/2 = 31; Σ (j²+k²)/2 = 95.
    # r = (91/11 − (31/11)²) / (95/11 − (31/11)²) = (1001 − 961) / (1045 − 961) = 40/84 = 10/21
    assert fx.summary["assortativity"] == pytest.approx(10 / 21, abs=1e-9)
    assert fx.summary["assortativity"] == 0.4761904762


def test_summary_modularity_by_hand(fx: Output) -> None:
    # Louvain splits at Dana: {A,B,C,D} | {E,F,G} | {I,J} | {H} or its mirror image
    # {A,B,C} | {D,E,F,G} | … (the graph is symmetric under A↔F, B↔G, C↔E: same Q).
    # m = 15 (sum of weights), strengths A4 B2 C5 D6 E5 F4 G2 H0 I1 J1.
    # L_c: ABCD = 1+2+1+1+2 = 7, EFG = 2+1+1 = 4, IJ = 1; d_c: 17, 11, 2, 0.
    # Q = (7+4+1)/15 − (17² + 11² + 2²)/30² = 0.8 − 414/900 = 306/900 = 0.34
    assert fx.summary["modularity"] == 0.34
    assert fx.summary["communities"] == 4
    names = {frozenset(group) for group in partition(fx.out, "name")}
    left = {frozenset({A, B, C, D}), frozenset({E, F, G})}
    right = {frozenset({A, B, C}), frozenset({D, E, F, G})}
    rest = {frozenset({I, J}), frozenset({H})}
    assert names in (left | rest, right | rest)


def test_summary_team_sizes(fx: Output) -> None:
    s = fx.summary
    # Team sizes P1..P9: 3, 3, 2, 2, 3, 3, 1, 2, 1 (P8, P9 "et al.": at least 2, 1) → 20 / 9
    assert s["mean_authors_per_paper"] == pytest.approx(20 / 9, abs=1e-9)
    assert s["mean_authors_per_paper"] == 2.2222222222
    assert s["papers_with_team_size"] == 9
    assert s["papers_without_author_information"] == 0
    assert s["lower_bound_team_sizes"] == 2  # P8, P9
    assert s["team_sizes_are_lower_bounds"] is True
    assert s["truncated_author_lists"] == 2  # P8, P9
    assert s["papers_with_author_lists"] == 9
    assert s["truncated_author_lists_share"] == 0.2222222222  # 2 / 9
    assert s["betweenness"] == "exact"
    assert "lower bound" in s["note"]


# ---- authors.csv ---------------------------------------------------------------------------

# name: papers, solo_papers, coauthors, joint_papers, first_year, last_year, categories, organizations
AUTHOR_ROWS = {
    A: (2, 0, 3, 2, 2024, 2025, "cs.CL:2", "Stanford University:1"),  # P1, P2
    B: (1, 0, 2, 1, 2024, 2024, "cs.CL:1", "Stanford University:1"),  # P1
    C: (3, 0, 3, 3, 2024, 2026, "cs.CL:3", "Stanford University:1"),  # P1, P2, P3
    D: (4, 0, 4, 4, 2025, 2026, "cs.CL:2; cs.LG:2", ""),  # P2, P3 (CL); P4, P5 (LG); tie → by name
    E: (3, 0, 3, 3, 2025, 2026, "cs.LG:3", ""),  # P4, P5, P6
    F: (2, 0, 3, 2, 2026, 2026, "cs.LG:2", ""),  # P5, P6
    G: (1, 0, 2, 1, 2026, 2026, "cs.LG:1", ""),  # P6
    H: (2, 1, 0, 0, 2025, 2026, "cs.LG:2", ""),  # P7 one name, no "et al." → solo; P9 neither solo nor joint
    I: (1, 0, 1, 1, 2024, 2024, "cs.LG:1", ""),  # P8: "et al." → joint, never solo
    J: (1, 0, 1, 1, 2024, 2024, "cs.LG:1", ""),
}
AUTHOR_COLUMNS = (
    "papers",
    "solo_papers",
    "coauthors",
    "joint_papers",
    "first_year",
    "last_year",
    "categories",
    "organizations",
)


@pytest.mark.parametrize("name", list(AUTHOR_ROWS))
def test_author_row(fx: Output, name: str) -> None:
    row = fx.authors.loc[name].fillna("")  # an empty cell reads back as NaN
    assert tuple(row[c] for c in AUTHOR_COLUMNS) == AUTHOR_ROWS[name]


def test_weighted_degree_by_hand(fx: Output) -> None:
    # Sum of joint papers over each person's ties: A 1+2+1, B 1+1, C 2+1+2, D 1+2+2+1, E 2+2+1, F 1+2+1, G 1+1
    expected = {A: 4, B: 2, C: 5, D: 6, E: 5, F: 4, G: 2, H: 0, I: 1, J: 1}
    assert fx.authors["weighted_degree"].to_dict() == expected


def test_betweenness_by_hand(fx: Output) -> None:
    # Unordered pairs, share of shortest paths through each person (hops, weights ignored):
    # B–D via A or C (½ each); B–E, B–F: A ½, C ½, D 1; B–G: A ½, C ½, D 1, E ½, F ½;
    # A–E, A–F, C–E, C–F: D 1; A–G, C–G: D 1, E ½, F ½; D–G: E ½, F ½.
    # A = 4·½ = 2, C = 2, D = 9, E = F = 2 (mirror); normalized by (n−1)(n−2)/2 = 9·8/2 = 36.
    expected = {A: 2 / 36, B: 0, C: 2 / 36, D: 9 / 36, E: 2 / 36, F: 2 / 36, G: 0, H: 0, I: 0, J: 0}
    assert fx.authors["betweenness"].to_dict() == pytest.approx(expected, abs=1e-9)
    assert fx.authors.loc[D, "betweenness"] == 0.25


def test_closeness_by_hand(fx: Output) -> None:
    # Wasserman–Faust (networkx's default): (r/(n−1)) · (r/Σ dist), r = people reachable, n = 10.
    # A: dist B1 C1 D1 E2 F2 G3 = 10 → (6/9)(6/10) = 0.4;  B: A1 C1 D2 E3 F3 G4 = 14 → (6/9)(6/14) = 2/7
    # D: A1 C1 E1 F1 B2 G2 = 8 → (6/9)(6/8) = 0.5;  C = E = F = A, G = B (mirror);
    # I: J at 1 → (1/9)(1/1) = 1/9;  H reaches nobody → 0.
    expected = {A: 0.4, B: 2 / 7, C: 0.4, D: 0.5, E: 0.4, F: 0.4, G: 2 / 7, H: 0.0, I: 1 / 9, J: 1 / 9}
    assert fx.authors["closeness"].to_dict() == pytest.approx(expected, abs=1e-9)


def test_eigenvector_per_component(fx: Output) -> None:
    ev = fx.authors["eigenvector"]
    assert ev[H] == 0.0  # no ties
    # {I, J}: [[0,1],[1,0]] → (1, 1)/√2
    assert ev[I] == ev[J] == pytest.approx(1 / math.sqrt(2), abs=1e-9)
    # The big component: unit norm there (not across the graph), and it is the weighted
    # adjacency's leading eigenvector. W written from the edge list, rows A..G.
    big = [A, B, C, D, E, F, G]
    w = np.array(
        [
            [0, 1, 2, 1, 0, 0, 0],  # A: B1 C2 D1
            [1, 0, 1, 0, 0, 0, 0],  # B: A1 C1
            [2, 1, 0, 2, 0, 0, 0],  # C: A2 B1 D2
            [1, 0, 2, 0, 2, 1, 0],  # D: A1 C2 E2 F1
            [0, 0, 0, 2, 0, 2, 1],  # E: D2 F2 G1
            [0, 0, 0, 1, 2, 0, 1],  # F: D1 E2 G1
            [0, 0, 0, 0, 1, 1, 0],  # G: E1 F1
        ],
        dtype=float,
    )
    x = ev[big].to_numpy(dtype=float)
    assert float(np.sum(x**2)) == pytest.approx(1.0, abs=1e-8)
    lam = float(np.linalg.eigvalsh(w).max())
    assert w @ x == pytest.approx(lam * x, abs=1e-8)
    assert ev[A] == pytest.approx(ev[F]) and ev[B] == pytest.approx(ev[G]) and ev[C] == pytest.approx(ev[E])
    assert ev[D] == max(ev[big])


def test_pagerank_loosely(fx: Output) -> None:
    pr = fx.authors["pagerank"]
    assert pr.sum() == pytest.approx(1.0, abs=1e-8)
    assert pr.idxmax() == D  # the bridge
    # A and C have the same neighbours (B, D and each other): only the weights (A 4, C 5) tell them apart
    assert pr[C] > pr[A]
    assert pr[A] == pytest.approx(pr[F]) and pr[B] == pytest.approx(pr[G]) and pr[C] == pytest.approx(pr[E])
    assert pr[I] == pytest.approx(pr[J])
    assert pr.idxmin() == H


def test_components_and_communities_columns(fx: Output) -> None:
    a = fx.authors
    assert a["component"].to_dict() == {A: 0, B: 0, C: 0, D: 0, E: 0, F: 0, G: 0, I: 1, J: 1, H: 2}
    # Communities numbered by size: the four, the three, {I, J}, {H}
    assert a.loc[[I, J], "community"].tolist() == [2, 2]
    assert a.loc[H, "community"] == 3
    assert a.loc[B, "community"] != a.loc[G, "community"]


# ---- the other tables ----------------------------------------------------------------------


def test_pairs_table(fx: Output) -> None:
    pairs = fx.table("pairs")
    rows = list(
        pairs[["a", "b", "joint_papers", "first_year", "last_year", "titles"]].itertuples(index=False, name=None)
    )
    p1, p2, p3 = SCRIPT_TITLE, "Bridging Two Communities", "Detecting Drift in Dialogue"
    p4, p5, p6 = "Sparse Mixtures for Retrieval", "Graph Learning at Scale", "Faster Optimizers for Transformers"
    # Strongest first, then by names; titles sorted; P2 printed twice counts once (A–C is 2, not 3).
    assert rows == [
        (A, C, 2, 2024, 2025, f"{p2}; {p1}"),  # P1 2024, P2 2025
        (C, D, 2, 2025, 2026, f"{p2}; {p3}"),  # P2 2025, P3 2026
        (D, E, 2, 2025, 2026, f"{p5}; {p4}"),  # P4 2025, P5 2026
        (E, F, 2, 2026, 2026, f"{p6}; {p5}"),  # P5, P6 2026
        (A, B, 1, 2024, 2024, p1),
        (A, D, 1, 2025, 2025, p2),
        (B, C, 1, 2024, 2024, p1),
        (D, F, 1, 2026, 2026, p5),
        (E, G, 1, 2026, 2026, p6),
        (F, G, 1, 2026, 2026, p6),
        (I, J, 1, 2024, 2024, "Scaling Laws Revisited"),
    ]


def test_years_table(fx: Output) -> None:
    years = fx.table("years")
    # 2024: P1 (3), P8 (≥2) → mean 2.5, one lower bound; 2025: P2 3, P4 2, P7 1 → 2.0;
    # 2026: P3 2, P5 3, P6 3, P9 (≥1) → 9/4 = 2.25, one lower bound
    assert years.to_dict("records") == [
        {"year": 2024, "papers": 2, "mean_authors": 2.5, "papers_with_team_size": 2, "lower_bound_team_sizes": 1},
        {"year": 2025, "papers": 3, "mean_authors": 2.0, "papers_with_team_size": 3, "lower_bound_team_sizes": 0},
        {"year": 2026, "papers": 4, "mean_authors": 2.25, "papers_with_team_size": 4, "lower_bound_team_sizes": 1},
    ]


def test_communities_table(fx: Output) -> None:
    c = fx.table("communities")
    assert c["community"].tolist() == [0, 1, 2, 3]
    assert c["size"].tolist() == [4, 3, 2, 1]
    # four people with 5 of their 6 possible ties (ABCD lacks B–D; DEFG lacks D–G); a triangle; a pair; one.
    assert c["density"].tolist() == [0.833333, 1.0, 1.0, 0.0]
    assert c.loc[2, "top_members"] in (f"{I}; {J}", f"{J}; {I}")
    assert c.loc[3, "top_members"] == H
    assert c.loc[3, "top_categories"] == "cs.LG:2"  # P7, P9


def test_categories_and_organizations_tables(fx: Output) -> None:
    cats = fx.table("categories")
    # cs.LG: P4 P5 P6 P7 P8 P9 by D E F G H I J; cs.CL: P1 P2 P3 by A B C D
    assert cats[["notation", "papers", "people", "first_year", "last_year"]].to_dict("records") == [
        {"notation": "cs.LG", "papers": 6, "people": 7, "first_year": 2024, "last_year": 2026},
        {"notation": "cs.CL", "papers": 3, "people": 4, "first_year": 2024, "last_year": 2026},
    ]
    orgs = fx.table("organizations")
    assert orgs[["slug", "name", "papers", "people_derived", "first_year"]].to_dict("records") == [
        {"slug": "stanford", "name": "Stanford University", "papers": 1, "people_derived": 3, "first_year": 2024}
    ]


# ---- modularity agrees with the partition it describes -------------------------------------


def test_modularity_is_that_of_the_community_column_fixture(fx: Output) -> None:
    q = nx.community.modularity(coauthor_network(fx.out), partition(fx.out), weight="weight")
    assert q == pytest.approx(0.34, abs=1e-12)
    assert fx.summary["modularity"] == pytest.approx(q, abs=1e-9)


def test_modularity_is_that_of_the_community_column_seeds(seeds: Output) -> None:
    q = nx.community.modularity(coauthor_network(seeds.out), partition(seeds.out), weight="weight")
    assert seeds.summary["modularity"] == pytest.approx(q, abs=1e-9)
    assert seeds.summary["communities"] == len(partition(seeds.out))


def test_assortativity_matches_newman_formula_on_seeds(seeds: Output) -> None:
    degree = read_table(seeds.out, "authors").set_index("person_id")["coauthors"]
    pairs = read_table(seeds.out, "pairs")
    edges = [(degree[a], degree[b]) for a, b in zip(pairs["a_id"], pairs["b_id"])]
    assert seeds.summary["assortativity"] == pytest.approx(newman_assortativity(edges), abs=1e-9)


# ---- sampled betweenness -------------------------------------------------------------------


def test_betweenness_sampled_above_the_limit(fixture_pages: Path, tmp_path: Path) -> None:
    limits = dataclasses.replace(LIMITS, exact_betweenness=5, betweenness_pivots=4)  # 10 people > 5
    first = build_into(fixture_pages, tmp_path / "one", limits=limits)
    second = build_into(fixture_pages, tmp_path / "two", limits=limits)
    assert first.summary["betweenness"] == "sampled: 4 pivots of 10 nodes, seed 42"
    assert second.summary == first.summary
    assert (first.out / "stats" / "authors.csv").read_bytes() == (second.out / "stats" / "authors.csv").read_bytes()
    # 4 pivots of 10 is an estimate: with this seed it is not the exact 9/36 of Dana
    assert first.authors.loc[D, "betweenness"] != 0.25


# ---- honesty about "et al." on the seeds ---------------------------------------------------


def test_truncated_lists_counted_from_records(seeds: Output) -> None:
    records = [json.loads(line) for line in (seeds.out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    lists: dict[str, list[bool]] = defaultdict(list)  # title → truncated? for each printed author list
    for r in records:
        if r["authors"]:
            lists[" ".join(r["title"].casefold().split())].append(r["authors_truncated"])
    # A paper's list is cut when no page prints it whole.
    truncated = sum(1 for flags in lists.values() if all(flags))
    s = seeds.summary
    assert truncated > 0
    assert s["truncated_author_lists"] == truncated
    assert s["papers_with_author_lists"] == len(lists)
    assert s["team_sizes_are_lower_bounds"] is True
    assert "lower bound" in s["note"]


# ---- agreement with SPARQL on the seeds ----------------------------------------------------


@pytest.fixture(scope="module")
def store(seeds: Output) -> object:
    return sparql.open_store(seeds.out / "graph.ttl")


def run(store: object, name: str, limit: bool = True) -> list[list]:
    text = (QUERIES / name).read_text(encoding="utf-8")
    if not limit:
        text = re.sub(r"\bLIMIT \d+\s*$", "", text.rstrip())
    return sparql.query_store(store, text).rows  # type: ignore[arg-type]


def test_pairs_agree_with_coauthors_query(seeds: Output, store: object) -> None:
    counts = {(name, other): papers for name, other, papers in run(store, "coauthors.rq")}
    pairs = seeds.table("pairs")
    expected = {}
    for a, b, n in zip(pairs["a"], pairs["b"], pairs["joint_papers"]):
        expected[(a, b)] = expected[(b, a)] = n
    assert counts == expected


def test_coauthor_counts_agree_with_coauthors_query(seeds: Output, store: object) -> None:
    distinct: dict[str, set[str]] = defaultdict(set)
    for name, other, _ in run(store, "coauthors.rq"):
        distinct[name].add(other)
    authors = seeds.table("authors")
    assert {n: len(distinct[n]) for n in authors["name"]} == dict(zip(authors["name"], authors["coauthors"]))


def test_pairs_agree_with_strongest_collaborations_query(seeds: Output, store: object) -> None:
    pairs = seeds.table("pairs")
    weights = {frozenset((a, b)): n for a, b, n in zip(pairs["a"], pairs["b"], pairs["joint_papers"])}
    everything = {frozenset((a, b)): n for a, b, n in run(store, "strongest-collaborations.rq", limit=False)}
    assert everything == weights
    top = run(store, "strongest-collaborations.rq")
    assert len(top) == 25
    assert [n for _, _, n in top] == pairs["joint_papers"].head(25).tolist()
    assert all(weights[frozenset((a, b))] == n for a, b, n in top)


def test_category_totals_agree_with_query(seeds: Output, store: object) -> None:
    totals: dict[str, int] = defaultdict(int)
    for notation, _, _, papers in run(store, "papers-per-category-year.rq"):
        totals[notation] += papers
    cats = seeds.table("categories")
    assert dict(totals) == dict(zip(cats["notation"], cats["papers"]))


def test_turtle_measures_equal_authors_csv(seeds: Output, store: object) -> None:
    query = """
        PREFIX schema: <https://schema.org/>
        PREFIX kg: <https://example.org/kg/ontology#>
        SELECT ?name ?pagerank ?community WHERE {
          ?p a schema:Person ; schema:name ?name ; kg:pageRank ?pagerank ; kg:community ?community }
    """
    rows = sparql.query_store(store, query).rows  # type: ignore[arg-type]
    authors = seeds.table("authors").set_index("name")
    assert len(rows) == len(authors)
    for name, pagerank, community in rows:
        assert pagerank == pytest.approx(authors.loc[name, "pagerank"], abs=1e-9)
        assert community == authors.loc[name, "community"]


# ---- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*(f"stats/{n}.csv" for n in STATS_FILES), "stats/summary.json", "report.html"])
def test_builds_are_byte_identical(seeds: Output, seeds_again: Output, path: str) -> None:
    assert (seeds.out / path).read_bytes() == (seeds_again.out / path).read_bytes()


# ---- report.html ---------------------------------------------------------------------------

# Namespace URIs SVG carries (svg, xlink, and the RDF/Dublin Core/Creative Commons of its <metadata>).
NAMESPACES = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/",
    "http://creativecommons.org/",
)


@pytest.mark.parametrize("which", ["fx", "seeds"])
def test_report_is_self_contained(which: str, request: pytest.FixtureRequest) -> None:
    html = (request.getfixturevalue(which).out / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 5
    assert not re.search(r"<script[^>]*\bsrc", html, re.I)
    assert "<link" not in html.lower()
    urls = re.findall(r"https?://[^\s\"'<>)]+", html)
    assert urls, "SVG namespaces expected"
    assert [u for u in urls if not u.startswith(NAMESPACES)] == []


def test_report_does_not_print_the_script_title_raw(fx: Output) -> None:
    assert SCRIPT_TITLE in fx.table("authorships")["title"].tolist()  # the title is in the build
    assert "<script" not in (fx.out / "report.html").read_text(encoding="utf-8").lower()


def test_report_escapes_a_hostile_name(fixture_pages: Path, tmp_path: Path) -> None:
    # A name from the alias file is free text: it reaches the people table and the pair chart.
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("Ben Brooks,Ben <script>alert(1)</script> Brooks\n", encoding="utf-8")
    built = build_into(fixture_pages, tmp_path / "out", Aliases.read(aliases))
    html = (built.out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<td>Ben &lt;script&gt;alert(1)&lt;/script&gt; Brooks</td>" in html


def test_report_draws_the_largest_communities_and_counts_the_rest(fx: Output) -> None:
    # Thousands of communities (2,084 at 100k synthetic papers) would be thousands of unreadable bars.
    many = pd.DataFrame({"community": range(100), "size": [2 + (i * 37) % 100 for i in range(100)]})
    stats = dataclasses.replace(fx.built.stats, communities=many)
    caption, svg = report.charts(fx.built.resolution, stats)[3]
    rest = int(many["size"].sort_values(ascending=False).iloc[30:].sum())
    assert caption == f"People per community: the 30 largest of 100; the other 70 hold {rest:,} people."
    assert svg.count("fill: #109618") == 30  # one bar per community drawn
    # The fixture's own communities are few: every one is drawn, and the caption says nothing is left out.
    caption, svg = report.charts(fx.built.resolution, fx.built.stats)[3]
    assert caption == "People per community, largest first."
    assert svg.count("fill: #109618") == len(fx.built.stats.communities) > 1


def test_what_analyse_reads_measures_as_the_whole_graph(seeds_build) -> None:
    """The Dask build sends a worker only the tables and paper columns `analyse` reads; the
    measures and tables from that cut graph equal those from the whole one."""
    from kg.analytics import analyse, what_analyse_reads

    graph = seeds_build.built.resolution
    cut = what_analyse_reads(graph)
    assert cut.paper_sources is None and "abstract" not in cut.papers.columns
    whole, part = analyse(graph), analyse(cut)
    for f in dataclasses.fields(whole):
        mine, theirs = getattr(part, f.name), getattr(whole, f.name)
        if isinstance(theirs, pd.DataFrame):
            pd.testing.assert_frame_equal(mine, theirs, obj=f.name)
        else:
            assert mine == theirs, f.name
    with pytest.raises((AttributeError, TypeError)):  # a table it needs, left out: fails, never measures nothing
        analyse(dataclasses.replace(cut, paper_topics=None))


# ---- hyperauthorship ---------------------------------------------------------------------


def _team_bib(path: Path, big: int) -> Path:
    """A paper by `big` people (one of them also on a two-author paper) and that small paper."""
    names = " and ".join(f"Member{i:04d} Physicist" for i in range(big))
    path.write_text(
        f"@article{{big, author = {{{names}}}, title = {{Observation of a particle}}, year = {{2012}}}}\n"
        "@article{small, author = {Member0000 Physicist and Ada Smith}, title = {A small paper}, year = {2013}}\n",
        encoding="utf-8",
    )
    return path


def test_a_paper_over_max_team_keeps_its_authorships_but_ties_no_coauthors(tmp_path: Path) -> None:
    """One paper by 120 people would tie 7,140 pairs (a 3,000-author one 4.5M); over Limits.max_team
    (100) it gives its authorships, and the note and summary say so, but no coauthor ties."""
    from typer.testing import CliRunner

    import kg.cli

    bib = _team_bib(tmp_path / "team.bib", 120)
    result = CliRunner().invoke(
        kg.cli.app, ["build", str(bib), "--out", str(tmp_path / "out"), "--as-of", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "1 paper has more than 100 authors" in " ".join(result.output.split())
    built = tmp_path / "out"
    summary = json.loads((built / "stats" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["max_team"], summary["papers_over_max_team"], summary["coauthor_edges"]) == (100, 1, 1)
    assert summary["authors"] == 121
    pairs = pd.read_csv(built / "stats" / "pairs.csv")
    assert pairs[["a", "b", "joint_papers"]].values.tolist() == [["Ada Smith", "Member0000 Physicist", 1]]
    authorships = pd.read_csv(built / "stats" / "authorships.csv")
    assert (authorships["title"] == "Observation of a particle").sum() == 120
    # --max-team 0: no limit, every pair of the 120 (and the small paper's)
    again = CliRunner().invoke(
        kg.cli.app, ["build", str(bib), "--out", str(tmp_path / "all"), "--as-of", "2026-01-01", "--max-team", "0"]
    )
    assert again.exit_code == 0, again.output
    summary = json.loads((tmp_path / "all" / "stats" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["papers_over_max_team"], summary["coauthor_edges"]) == (0, 120 * 119 // 2 + 1)
