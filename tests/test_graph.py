"""The NetworkX graph of the seeds: typed nodes, authored / coauthor / affiliation edges, GraphML.

Expected figures come from the records the build wrote (see conftest.py) or from the seed text by
hand, never from the graph under test.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
import pytest

from kg.build import knowledge_graph
from kg.graph import build_graph, coauthor_graph, coauthor_table, write_graphml
from kg.model import Page, Record
from kg.resolve import resolve

if TYPE_CHECKING:
    from conftest import SeedFigures, SeedsBuild

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
KINDS = ("paper", "person", "organization", "category", "page")
COGS = "COGS: A Compositional Generalization Challenge Based on Semantic Interpretation"
# seeds/001 lines 14, 33, 92 and 103 print both Jesse Thomason and Robin Jia; line 82 stops at
# "Jesse Thomason et al." and so does not count.
THOMASON_JIA = {
    "Generalization Differences between End-to-End and Neuro-Symbolic Vision-Language Reasoning Systems",
    "Do Localization Methods Actually Localize Memorized Data in LLMs? A Tale of Two Benchmarks",
    "When Parts Are Greater Than Sums: Individual LLM Components Can Outperform Full Models",
    "Chain-of-Questions Training with Latent Answers for Robust Multistep Question Answering",
}


@pytest.fixture(scope="module")
def graph(seeds_build: SeedsBuild) -> nx.DiGraph:
    return seeds_build.built.graph


@pytest.fixture(scope="module")
def names(graph: nx.DiGraph) -> dict[str, str]:
    """Node id -> the title (papers), name (people), slug (organizations) or code (categories)."""
    field = {"paper": "title", "person": "name", "organization": "slug", "category": "code", "page": "source"}
    return {n: a[field.get(a["kind"], "label")] for n, a in graph.nodes(data=True)}


def edges_of(graph: nx.DiGraph, kind: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(s, t, a) for s, t, a in graph.edges(data=True) if a["kind"] == kind]


def person(printed: str) -> str:
    """The person a printed name stands for: the seeds' one merge, checked by hand (see conftest.py)."""
    return {"Wang Bill Zhu": "Wang Zhu"}.get(printed, printed)


# ---------------------------------------------------------------- nodes


def test_node_counts_by_kind(graph: nx.DiGraph) -> None:
    kinds = Counter(a["kind"] for _, a in graph.nodes(data=True))
    assert {k: kinds[k] for k in KINDS} == {"paper": 226, "person": 145, "organization": 9, "category": 8, "page": 4}


def test_nodes_are_the_records_papers_people_organizations_categories_and_pages(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    by_kind: dict[str, set[str]] = {}
    for n, a in graph.nodes(data=True):
        by_kind.setdefault(a["kind"], set()).add(names[n])
    assert by_kind["paper"] == set(seeds_figures.records)
    assert by_kind["person"] == seeds_figures.people
    assert by_kind["organization"] == seeds_figures.slugs
    assert by_kind["category"] == seeds_figures.categories
    assert by_kind["page"] == {p.name for p in SEEDS.iterdir()}


def test_merged_name_variant_is_kept_on_the_person(graph: nx.DiGraph) -> None:
    zhu = [a for _, a in graph.nodes(data=True) if a["kind"] == "person" and a["name"] == "Wang Zhu"]
    assert len(zhu) == 1
    assert list(zhu[0]["alternate_names"]) == ["Wang Bill Zhu"]


# ---------------------------------------------------------------- authored


def test_authored_edges_go_from_every_author_to_the_paper(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    authored = edges_of(graph, "authored")
    assert all(graph.nodes[s]["kind"] == "person" and graph.nodes[t]["kind"] == "paper" for s, t, _ in authored)
    got = {(names[s], names[t]) for s, t, _ in authored}
    assert got == {(name, title) for title, people in seeds_figures.authors.items() for name in people}
    assert len(authored) == len(got)


def test_authored_edges_say_whether_the_author_is_the_page_owner(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    authored = edges_of(graph, "authored")
    assert all(type(a["from_owner"]) is bool for _, _, a in authored)
    assert {(names[s], names[t]) for s, t, a in authored if a["from_owner"]} == seeds_figures.owned
    assert len(seeds_figures.owned) == 34  # "34 Papers" on Najoung Kim's profile page


def test_positions_are_one_printed_author_list_in_order(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    placed: dict[str, list[tuple[int, str]]] = {title: [] for title in seeds_figures.records}
    for s, t, a in edges_of(graph, "authored"):
        if "position" in a:
            placed[names[t]].append((a["position"], names[s]))
    for title, rows in placed.items():
        rows.sort()
        printed = [[person(n) for n in r["authors"]] for r in seeds_figures.records[title]]
        if not any(printed):
            assert rows == [], title
            continue
        assert [pos for pos, _ in rows] == list(range(1, len(rows) + 1)), title
        assert [name for _, name in rows] in printed, title


def test_only_owners_behind_et_al_have_no_position(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    unplaced = {(names[s], names[t]) for s, t, a in edges_of(graph, "authored") if "position" not in a}
    hidden = {
        (owner, title)
        for owner, title in seeds_figures.owned
        if not any(owner in map(person, r["authors"]) for r in seeds_figures.records[title])
    }
    assert unplaced == hidden
    for title in {title for _, title in hidden}:
        assert all(r["authors_truncated"] for r in seeds_figures.records[title] if r["authors"]), title
    assert all(a["from_owner"] for _, _, a in edges_of(graph, "authored") if "position" not in a)


def test_cogs_authors_by_hand(graph: nx.DiGraph, names: dict[str, str]) -> None:
    # seeds/000 line 218: "Najoung Kim, Tal Linzen", on Najoung Kim's own profile page.
    (paper,) = [n for n, a in graph.nodes(data=True) if a.get("title") == COGS]
    got = {names[s]: (a.get("position"), a["from_owner"]) for s, _, a in graph.in_edges(paper, data=True)}
    assert got == {"Najoung Kim": (1, True), "Tal Linzen": (2, False)}


# ---------------------------------------------------------------- coauthors


def test_coauthor_weights_are_the_joint_papers_of_the_records(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    coauthor = edges_of(graph, "coauthor")
    got = {frozenset((names[s], names[t])): a["weight"] for s, t, a in coauthor}
    assert len(got) == len(coauthor)
    assert got == {pair: len(titles) for pair, titles in seeds_figures.joint.items()}


def test_coauthor_edges_list_their_papers(graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures) -> None:
    for s, t, a in edges_of(graph, "coauthor"):
        assert s < t
        assert a["papers"] == sorted(a["papers"])
        assert len(a["papers"]) == a["weight"]
        assert {names[p] for p in a["papers"]} == seeds_figures.joint[frozenset((names[s], names[t]))]


def test_thomason_and_jia_share_four_papers(graph: nx.DiGraph, names: dict[str, str]) -> None:
    ids = {name: n for n, name in names.items() if graph.nodes[n]["kind"] == "person"}
    a, b = sorted((ids["Jesse Thomason"], ids["Robin Jia"]))
    edge = graph.edges[a, b]
    assert edge["weight"] == 4
    assert {names[p] for p in edge["papers"]} == THOMASON_JIA


def test_coauthor_graph_is_the_same_projection(seeds_build: SeedsBuild, graph: nx.DiGraph) -> None:
    res = seeds_build.built.resolution
    projection = coauthor_graph(res)
    assert set(projection.nodes) == {n for n, a in graph.nodes(data=True) if a["kind"] == "person"}
    expected = {frozenset((s, t)): (a["weight"], a["papers"]) for s, t, a in edges_of(graph, "coauthor")}
    assert {frozenset((s, t)): (a["weight"], a["papers"]) for s, t, a in projection.edges(data=True)} == expected


def test_coauthor_table_counts_a_paper_once_per_pair() -> None:
    authorship = pd.DataFrame(
        {
            "paper_id": ["paper/x", "paper/x", "paper/x", "paper/y", "paper/y"],
            "person_id": ["person/b", "person/a", "person/a", "person/a", "person/b"],
        }
    )
    table = coauthor_table(authorship)
    assert table.to_dict("records") == [
        {"a": "person/a", "b": "person/b", "weight": 2, "papers": ["paper/x", "paper/y"]}
    ]


# ---------------------------------------------------------------- organizations


def test_derived_person_organization_edges_are_marked(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    to_orgs = [
        (s, t, a)
        for s, t, a in graph.edges(data=True)
        if graph.nodes[s]["kind"] == "person" and graph.nodes[t]["kind"] == "organization"
    ]
    assert to_orgs
    assert all(a["kind"] == "affiliated_derived" and a["derived"] is True for _, _, a in to_orgs)
    got = {(names[s], names[t]): (a["weight"], {names[p] for p in a["papers"]}) for s, t, a in to_orgs}
    assert got == {key: (len(titles), titles) for key, titles in seeds_figures.derived.items()}


def test_printed_affiliations_go_from_paper_to_organization(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    affiliated = edges_of(graph, "affiliated")
    assert all(graph.nodes[s]["kind"] == "paper" and "derived" not in a for s, _, a in affiliated)
    got = {(names[s], names[t]) for s, t, _ in affiliated}
    assert got == {(title, slug) for title, slugs in seeds_figures.organizations.items() for slug in slugs}


def test_papers_link_to_their_category_and_pages(
    graph: nx.DiGraph, names: dict[str, str], seeds_figures: SeedFigures
) -> None:
    categories = {(names[s], names[t]) for s, t, _ in edges_of(graph, "category")}
    assert categories == {
        (title, r["category"]) for title, recs in seeds_figures.records.items() for r in recs if r["category"]
    }
    pages = {(names[s], names[t]): a["lines"] for s, t, a in edges_of(graph, "derived_from")}
    expected: dict[tuple[str, str], list[int]] = {}
    for title, recs in seeds_figures.records.items():
        for r in recs:
            expected.setdefault((title, r["source"]), []).append(r["line"])
    assert {k: sorted(v) for k, v in pages.items()} == {k: sorted(v) for k, v in expected.items()}


# ---------------------------------------------------------------- GraphML


@pytest.fixture(scope="module")
def graphml(seeds_build: SeedsBuild) -> nx.DiGraph:
    return nx.read_graphml(seeds_build.out / "graph.graphml")


def test_graphml_reads_back_with_the_same_nodes_and_edges(graph: nx.DiGraph, graphml: nx.DiGraph) -> None:
    assert graphml.is_directed()
    kinds = Counter(a["kind"] for _, a in graphml.nodes(data=True))
    assert {k: kinds[k] for k in KINDS} == {"paper": 226, "person": 145, "organization": 9, "category": 8, "page": 4}
    assert (graphml.number_of_nodes(), graphml.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert set(graphml.nodes) == set(graph.nodes)
    assert set(graphml.edges) == set(graph.edges)


def test_graphml_keeps_node_attributes(graph: nx.DiGraph, graphml: nx.DiGraph) -> None:
    for n, a in graph.nodes(data=True):
        back = graphml.nodes[n]
        assert back["kind"] == a["kind"]
        assert back["label"] == a["label"]
        for key in ("title", "abstract", "date", "name", "slug", "notation", "source"):
            if key in a:
                assert back[key] == a[key], (n, key)
        if a["kind"] == "paper":
            assert back["has_code"] is a["has_code"]
            assert back.get("year") == a.get("year")
        if a["kind"] == "person":
            assert back["alternate_names"] == "; ".join(a["alternate_names"])


def test_graphml_keeps_edge_attributes(graph: nx.DiGraph, graphml: nx.DiGraph) -> None:
    for s, t, a in graph.edges(data=True):
        back = graphml.edges[s, t]
        assert back["kind"] == a["kind"]
        for key in ("weight", "position"):
            if key in a:
                assert type(back[key]) is int and back[key] == a[key], (s, t, key)
        if "from_owner" in a:
            assert back["from_owner"] is a["from_owner"]
        for key in ("papers", "lines"):
            if key in a:
                assert back[key] == "; ".join(str(x) for x in a[key]), (s, t, key)


def test_graphml_stays_well_formed_with_control_characters(tmp_path: Path) -> None:
    # read.py lets a few control characters through (an ESC in a copied title), and XML 1.0 cannot hold them.
    title = "Escaped \x1b[1mbold\x1b[0m titles, tabs\tand a bell\x07 in Lindström's 北京 paper"
    records = [Record("page.txt", 1, "title-abstract", title, abstract="An abstract.", authors=["Ada Lovelace"])]
    res = knowledge_graph(resolve(records, [Page("page.txt", "title-abstract")]))
    write_graphml(build_graph(res), tmp_path / "graph.graphml")
    back = nx.read_graphml(tmp_path / "graph.graphml")
    (paper,) = [a for _, a in back.nodes(data=True) if a["kind"] == "paper"]
    assert paper["title"] == title.replace("\x1b", "\ufffd").replace("\x07", "\ufffd")
