"""Collaboration analytics on the coauthor graph: centralities, components, communities, tables.

Functions take graphs and tables and return tables; nothing is mutated, every random
choice is seeded. Where author lists were cut by "et al.", team sizes are lower bounds
and the tables say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from kg.resolve import Resolution

SEED = 42
EXACT_BETWEENNESS_LIMIT = 5_000  # nodes; above this betweenness is sampled
BETWEENNESS_SAMPLE = 1_000  # pivots when sampled
CENTRALITIES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")


@dataclass
class Analytics:
    """Per-person measures and the build's collaboration tables and summary."""

    people: pd.DataFrame  # person_id, centralities, component, community
    authors: pd.DataFrame
    pairs: pd.DataFrame
    organizations: pd.DataFrame
    categories: pd.DataFrame
    years: pd.DataFrame
    communities: pd.DataFrame
    authorships: pd.DataFrame
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: dict[str, Any] = field(default_factory=dict)


def centralities(g: nx.Graph, seed: int = SEED, exact_limit: int | None = None) -> tuple[pd.DataFrame, str]:
    """Degree, weighted degree, betweenness, closeness, eigenvector (per component), PageRank.

    Betweenness and closeness count hops (every coauthorship one step): a paper shared is
    a tie, however many. Returns the table and how betweenness was computed.
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    # Read at call time (not bound as a default), so that changing the module's limit takes effect.
    if n <= (EXACT_BETWEENNESS_LIMIT if exact_limit is None else exact_limit):
        betweenness = nx.betweenness_centrality(g, normalized=True)
        method = "exact"
    else:
        k = min(BETWEENNESS_SAMPLE, n)
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
        sub = g.subgraph(component)
        if len(component) == 2:
            values = dict.fromkeys(component, 1 / math.sqrt(2))
        else:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        out.update({v: abs(float(x)) for v, x in values.items()})
    return out


def _numbered(groups: list[set]) -> dict[Any, int]:
    """Group number per node, groups ordered by size (largest first) then smallest member."""
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    return {v: i for i, group in enumerate(ordered) for v in group}


def communities(g: nx.Graph, seed: int = SEED) -> tuple[dict[Any, int], dict[str, Any]]:
    """Louvain communities (fixed seed), their modularity, and agreement with label propagation."""
    if g.number_of_edges() == 0:
        louvain = [{v} for v in g.nodes]
    else:
        louvain = nx.community.louvain_communities(g, weight="weight", seed=seed)
    lpa = list(nx.community.asyn_lpa_communities(g, weight="weight", seed=seed)) if len(g) else []
    numbers, other = _numbered(louvain), _numbered(lpa)
    nodes = sorted(g.nodes)
    a, b = [numbers[v] for v in nodes], [other[v] for v in nodes]
    info = {
        "method": "louvain",
        "seed": seed,
        "communities": len(louvain),
        "modularity": nx.community.modularity(g, louvain, weight="weight") if g.number_of_edges() else 0.0,
        "second_method": "label propagation (asyn_lpa_communities)",
        "second_method_communities": len(lpa),
        "second_method_modularity": nx.community.modularity(g, lpa, weight="weight") if g.number_of_edges() else 0.0,
        "agreement_adjusted_rand": float(adjusted_rand_score(a, b)) if nodes else 1.0,
        "agreement_nmi": float(normalized_mutual_info_score(a, b)) if nodes else 1.0,
    }
    return numbers, info


def team_sizes(res: Resolution) -> pd.DataFrame:
    """Per paper: authors known by name, the printed count, the team size and whether it is a
    lower bound (an "et al." list with no printed count). Papers naming nobody are left out."""
    known = res.authorship.groupby("paper_id").size().rename("known_authors")
    papers = res.papers.set_index("paper_id")[["year", "author_count", "authors_truncated"]].join(known)
    papers["known_authors"] = papers["known_authors"].fillna(0).astype(int)
    papers = papers[(papers["known_authors"] > 0) | papers["author_count"].notna()]
    size = papers["author_count"].astype("Float64").fillna(papers["known_authors"].astype("Float64"))
    papers["team_size"] = np.maximum(size.astype(float), papers["known_authors"]).astype(int)
    truncated = papers["authors_truncated"].astype("boolean").fillna(False).astype(bool)
    papers["lower_bound"] = truncated & papers["author_count"].isna()
    return papers.reset_index()


def analyse(res: Resolution, g: nx.Graph, seed: int = SEED) -> Analytics:
    measures, betweenness_method = centralities(g, seed)
    numbers, community_info = communities(g, seed)
    components = _numbered(list(nx.connected_components(g)))
    measures["component"] = measures["person_id"].map(components)
    measures["community"] = measures["person_id"].map(numbers)

    authorship = res.authorship.merge(res.papers[["paper_id", "title", "year", "category"]], on="paper_id")
    names = res.people.set_index("person_id")["name"]
    teams = team_sizes(res)

    authors = _authors(res, authorship, measures, names)
    pairs = _pairs(g, res, names)
    summary = _summary(res, g, teams, community_info, betweenness_method)
    return Analytics(
        people=measures,
        authors=authors,
        pairs=pairs,
        organizations=_organizations(res, authorship),
        categories=_categories(res, authorship),
        years=_years(res, teams),
        communities=_communities(g, measures, authorship, names),
        authorships=authorship.assign(name=authorship["person_id"].map(names))[
            ["name", "person_id", "title", "paper_id", "year", "position", "from_owner"]
        ].sort_values(["name", "year", "title"], na_position="last"),
        topics=_topics(res, names),
        summary=summary,
    )


def _counts(series: pd.Series) -> str:
    """`cs.CL:12; cs.LG:2`, most frequent first."""
    counts = series.dropna().value_counts()
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{k}:{v}" for k, v in items)


def _authors(res: Resolution, authorship: pd.DataFrame, measures: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    known = authorship.groupby("paper_id")["person_id"].transform("size")
    truncated = authorship["paper_id"].map(res.papers.set_index("paper_id")["authors_truncated"])
    printed = authorship["paper_id"].map(res.papers.set_index("paper_id")["author_count"])
    # Solo only when the page shows the whole team: one name, no "et al.", no larger count.
    solo = (known == 1) & ~truncated.astype("boolean").fillna(False) & (printed.isna() | (printed == 1))
    a = authorship.assign(solo=solo.astype(bool), joint=(known > 1), notation="cs." + authorship["category"])
    grouped = a.groupby("person_id")
    table = pd.DataFrame(
        {
            "name": names,
            "papers": grouped["paper_id"].nunique(),
            "solo_papers": grouped["solo"].sum(),
            "joint_papers": grouped["joint"].sum(),
            "first_year": grouped["year"].min(),
            "last_year": grouped["year"].max(),
            "categories": grouped["notation"].agg(_counts),
        }
    )
    orgs = res.person_organizations.merge(res.organizations[["org_id", "name"]], on="org_id")
    table["organizations"] = orgs.groupby("person_id").apply(
        lambda d: "; ".join(f"{n}:{w}" for n, w in sorted(zip(d["name"], d["weight"]), key=lambda kv: (-kv[1], kv[0]))),
        include_groups=False,
    )
    table["alternate_names"] = res.people.set_index("person_id")["alternate_names"].map("; ".join)
    table = table.join(measures.set_index("person_id"))
    table.insert(3, "coauthors", table.pop("degree"))
    table["organizations"] = table["organizations"].fillna("")
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    table = table.reset_index(names="person_id")
    return table.sort_values(["pagerank", "name"], ascending=[False, True]).reset_index(drop=True)


def _pairs(g: nx.Graph, res: Resolution, names: pd.Series) -> pd.DataFrame:
    papers = res.papers.set_index("paper_id")
    rows = []
    for a, b, data in g.edges(data=True):
        a, b = sorted((a, b), key=lambda v: names[v])
        years = papers.loc[data["papers"], "year"].dropna()
        titles = sorted(papers.loc[data["papers"], "title"])
        rows.append(
            {
                "a": names[a],
                "b": names[b],
                "joint_papers": data["weight"],
                "first_year": years.min() if len(years) else None,
                "last_year": years.max() if len(years) else None,
                "titles": "; ".join(titles),
                "a_id": a,
                "b_id": b,
            }
        )
    table = pd.DataFrame(rows, columns=["a", "b", "joint_papers", "first_year", "last_year", "titles", "a_id", "b_id"])
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["joint_papers", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def _organizations(res: Resolution, authorship: pd.DataFrame) -> pd.DataFrame:
    links = res.paper_organizations.merge(res.papers[["paper_id", "year"]], on="paper_id")
    grouped = links.groupby("org_id")
    people = res.person_organizations.groupby("org_id")["person_id"].nunique()
    table = res.organizations.set_index("org_id").join(
        pd.DataFrame(
            {
                "papers": grouped["paper_id"].nunique(),
                "people_derived": people,
                "first_year": grouped["year"].min(),
                "last_year": grouped["year"].max(),
            }
        )
    )
    table = table.reset_index()[
        ["name", "slug", "known", "papers", "people_derived", "first_year", "last_year", "org_id"]
    ]
    for column in ("papers", "people_derived", "first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["papers", "name"], ascending=[False, True]).reset_index(drop=True)


def _categories(res: Resolution, authorship: pd.DataFrame) -> pd.DataFrame:
    links = res.paper_categories.merge(res.papers[["paper_id", "year"]], on="paper_id")
    grouped = links.groupby("category_id")
    people = authorship.dropna(subset=["category"]).assign(category_id=lambda d: "category/cs." + d["category"])
    table = res.categories.set_index("category_id").join(
        pd.DataFrame(
            {
                "papers": grouped["paper_id"].nunique(),
                "people": people.groupby("category_id")["person_id"].nunique(),
                "first_year": grouped["year"].min(),
                "last_year": grouped["year"].max(),
            }
        )
    )
    table = table.reset_index()[["notation", "label", "papers", "people", "first_year", "last_year"]]
    for column in ("papers", "people", "first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["papers", "notation"], ascending=[False, True]).reset_index(drop=True)


def _topics(res: Resolution, names: pd.Series) -> pd.DataFrame:
    """Per topic: papers, people (derived through authorship), the top people, the years."""
    columns = ["topic", "alt_labels", "papers", "people", "top_people", "first_year", "last_year", "years", "topic_id"]
    if res.topics.empty:
        return pd.DataFrame(columns=columns)
    dated = res.paper_topics.merge(res.papers[["paper_id", "year"]], on="paper_id")
    expertise = res.person_topics.assign(name=res.person_topics["person_id"].map(names))
    expertise = expertise.sort_values(["topic_id", "weight", "name"], ascending=[True, False, True])
    rows = []
    for topic in res.topics.itertuples(index=False):
        mine = dated[dated["topic_id"] == topic.topic_id]
        years = mine["year"].dropna().astype(int)
        people = expertise[expertise["topic_id"] == topic.topic_id]
        rows.append(
            {
                "topic": topic.label,
                "alt_labels": "; ".join(topic.alt_labels),
                "papers": mine["paper_id"].nunique(),
                "people": len(people),
                "top_people": "; ".join(f"{n}:{w}" for n, w in zip(people["name"][:5], people["weight"][:5])),
                "first_year": years.min() if len(years) else None,
                "last_year": years.max() if len(years) else None,
                "years": "; ".join(f"{y}:{k}" for y, k in sorted(years.value_counts().items())),
                "topic_id": topic.topic_id,
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["papers", "topic"], ascending=[False, True]).reset_index(drop=True)


def _years(res: Resolution, teams: pd.DataFrame) -> pd.DataFrame:
    dated = res.papers.dropna(subset=["year"])
    papers = dated.groupby("year")["paper_id"].size().rename("papers")
    t = teams.dropna(subset=["year"]).groupby("year")
    table = pd.concat(
        [
            papers,
            t["team_size"].mean().rename("mean_authors"),
            t["team_size"].size().rename("papers_with_team_size"),
            t["lower_bound"].sum().rename("lower_bound_team_sizes"),
        ],
        axis=1,
    )
    table.index = table.index.astype(int)
    table = table.reset_index(names="year")
    for column in ("papers", "papers_with_team_size", "lower_bound_team_sizes"):
        table[column] = table[column].fillna(0).astype(int)
    table["mean_authors"] = table["mean_authors"].round(3)
    return table


def _communities(g: nx.Graph, measures: pd.DataFrame, authorship: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    rows = []
    for number, members in measures.groupby("community"):
        ids = list(members["person_id"])
        top = members.sort_values(["pagerank", "person_id"], ascending=[False, True]).head(5)
        cats = authorship[authorship["person_id"].isin(ids)].drop_duplicates("paper_id")["category"]
        rows.append(
            {
                "community": int(number),
                "size": len(ids),
                "density": round(nx.density(g.subgraph(ids)), 6) if len(ids) > 1 else 0.0,
                "top_members": "; ".join(names[v] for v in top["person_id"]),
                "top_categories": "; ".join(_counts("cs." + cats.dropna()).split("; ")[:3]),
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "density", "top_members", "top_categories"])


def _summary(
    res: Resolution, g: nx.Graph, teams: pd.DataFrame, info: dict[str, Any], betweenness: str
) -> dict[str, Any]:
    n = g.number_of_nodes()
    components = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    with np.errstate(all="ignore"):
        assortativity = nx.degree_assortativity_coefficient(g) if g.number_of_edges() else float("nan")
    truncated = int(res.papers["authors_truncated"].astype("boolean").fillna(False).sum())
    listed = int(res.papers["authors_truncated"].notna().sum())
    return {
        "authors": n,
        "papers": len(res.papers),
        "coauthor_edges": g.number_of_edges(),
        "components": len(components),
        "largest_component": components[0] if components else 0,
        "largest_component_share": components[0] / n if n else 0.0,
        "density": nx.density(g) if n > 1 else 0.0,
        "clustering": nx.average_clustering(g) if n else 0.0,
        "transitivity": nx.transitivity(g) if n else 0.0,
        "assortativity": None if math.isnan(assortativity) else assortativity,
        "modularity": info["modularity"],
        "communities": info["communities"],
        "community_method": f"louvain (networkx, seed {info['seed']})",
        "second_community_method": info["second_method"],
        "second_method_communities": info["second_method_communities"],
        "second_method_modularity": info["second_method_modularity"],
        "community_agreement_adjusted_rand": info["agreement_adjusted_rand"],
        "community_agreement_nmi": info["agreement_nmi"],
        "betweenness": betweenness,
        "mean_authors_per_paper": float(teams["team_size"].mean()) if len(teams) else None,
        "papers_with_team_size": len(teams),
        "papers_without_author_information": len(res.papers) - len(teams),
        "team_sizes_are_lower_bounds": bool(teams["lower_bound"].any()),
        "lower_bound_team_sizes": int(teams["lower_bound"].sum()),
        "truncated_author_lists": truncated,
        "papers_with_author_lists": listed,
        "truncated_author_lists_share": truncated / listed if listed else 0.0,
        "note": (
            "Author lists ending in 'et al.' hide authors: for those papers team size is a lower bound "
            "(unless the page prints a count), and coauthor ties to the hidden authors are missing."
        ),
    }
