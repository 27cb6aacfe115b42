"""Collaboration analytics on the coauthor graph: centralities, components, communities, tables.

Functions take graphs and tables and return tables; nothing is mutated, every random
choice is seeded. Where author lists were cut by "et al.", team sizes are lower bounds
and the tables say so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kg.engine import LIMITS, Limits, network_measures
from kg.graph import over_max_team
from kg.resolve import notation_of
from kg.schema import KnowledgeGraph, Resolution, only

CENTRALITIES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")


@dataclass(frozen=True)
class Analytics:
    """Per-person measures and the build's collaboration tables and summary."""

    people: pd.DataFrame  # the declared `measures` table: person_id, centralities, component, community
    authors: pd.DataFrame
    pairs: pd.DataFrame
    organizations: pd.DataFrame
    categories: pd.DataFrame
    years: pd.DataFrame
    communities: pd.DataFrame
    authorships: pd.DataFrame
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)
    topic_years: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: dict[str, Any] = field(default_factory=dict)


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


# What `analyse` reads of a knowledge graph: these tables, and of the papers these columns.
READS = (
    "papers", "people", "authorship", "coauthors", "organizations", "paper_organizations", "person_organizations",
    "categories", "paper_categories", "topics", "paper_topics", "person_topics", "topic_broader", "topic_rollups",
    "topic_years",
)  # fmt: skip
PAPER_COLUMNS = ["paper_id", "title", "year", "category", "author_count", "authors_truncated"]


def what_analyse_reads(graph: KnowledgeGraph) -> KnowledgeGraph:
    """`graph` cut to what `analyse` reads, for a build that measures on a Dask worker: at a
    million papers the abstracts and sources alone are gigabytes there."""
    return only(graph, READS, PAPER_COLUMNS)


def analyse(res: KnowledgeGraph, engine: str = "auto", limits: Limits = LIMITS) -> Analytics:
    """The analytics stage: network measures (kg.engine) and the collaboration tables."""
    return with_topics(measure(res, res.coauthors, engine, limits), res)


def measure(res: Resolution, coauthors: pd.DataFrame, engine: str = "auto", limits: Limits = LIMITS) -> Analytics:
    """The analytics stage but its topic tables: it needs no topics, so a build can run it beside
    kg.topics; `with_topics` adds the rest."""
    measured = network_measures(sorted(res.people["person_id"]), coauthors, engine, limits)
    measures, info = measured.table, measured.info

    authorship = res.authorship.merge(res.papers[["paper_id", "title", "year", "category"]], on="paper_id")
    names = res.people.set_index("person_id")["name"]
    teams = team_sizes(res)

    return Analytics(
        people=measures,
        authors=_authors(res, authorship, measures, names),
        pairs=_pairs(coauthors, res, names),
        organizations=_organizations(res, authorship),
        categories=_categories(res, authorship),
        years=_years(res, teams),
        communities=_communities(coauthors, measures, authorship, names),
        authorships=authorship.assign(name=authorship["person_id"].map(names))[
            ["name", "person_id", "title", "paper_id", "year", "position", "from_owner"]
        ].sort_values(["name", "year", "title"], na_position="last"),
        summary=_summary(res, measures, coauthors, teams, info, limits.max_team),
    )


def with_topics(stats: Analytics, res: KnowledgeGraph) -> Analytics:
    """`stats` (from `measure`) with the topic tables of `res`."""
    names = res.people.set_index("person_id")["name"]
    return dataclasses.replace(stats, topics=_topics(res, names), topic_years=_topic_years(res))


def _join_runs(keys: pd.Series | np.ndarray, texts: pd.Series) -> pd.Series:
    """`texts` joined by "; " per key, in their order here, keys in order of first appearance:
    what `texts.groupby(keys, sort=False).agg("; ".join)` gives, without a Python call and a
    Series per group (at a million papers there are a million groups)."""
    codes, uniques = pd.factorize(keys)
    kept = np.flatnonzero(codes >= 0)  # a missing key joins nothing, as groupby drops it
    order = kept[np.argsort(codes[kept], kind="stable")]
    items = texts.to_numpy(dtype=object)[order].tolist()
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    starts, ends = np.concatenate([[0], bounds]).tolist(), np.concatenate([bounds, [len(order)]]).tolist()
    return pd.Series(["; ".join(items[s:e]) for s, e in zip(starts, ends)] if len(order) else [], index=uniques)


def _joined_counts(table: pd.DataFrame, key: str, label: str, count: str | None = None) -> pd.Series:
    """Per key, `label:count; …`, most frequent first, ties by label (`cs.CL:12; cs.LG:2`)."""
    if count is None:
        counts = table.groupby([key, label]).size().rename("n").reset_index()
    else:
        counts = table[[key, label, count]].rename(columns={count: "n"})
    counts = counts.sort_values([key, "n", label], ascending=[True, False, True])
    text = counts[label].astype(str) + ":" + counts["n"].astype(str)
    return _join_runs(counts[key], text).rename_axis(key)


def _authors(res: Resolution, authorship: pd.DataFrame, measures: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    known = authorship.groupby("paper_id")["person_id"].transform("size")
    truncated = authorship["paper_id"].map(res.papers.set_index("paper_id")["authors_truncated"])
    printed = authorship["paper_id"].map(res.papers.set_index("paper_id")["author_count"])
    # Solo only when the page shows the whole team: one name, no "et al.", no larger count.
    solo = (known == 1) & ~truncated.astype("boolean").fillna(False) & (printed.isna() | (printed == 1))
    notation = authorship["category"].map(notation_of, na_action="ignore")
    a = authorship.assign(solo=solo.astype(bool), joint=(known > 1), notation=notation)
    grouped = a.groupby("person_id")
    table = pd.DataFrame(
        {
            "name": names,
            "papers": grouped["paper_id"].nunique(),
            "solo_papers": grouped["solo"].sum(),
            "joint_papers": grouped["joint"].sum(),
            "first_year": grouped["year"].min(),
            "last_year": grouped["year"].max(),
            "categories": _joined_counts(a.dropna(subset=["notation"]), "person_id", "notation"),
        }
    )
    orgs = res.person_organizations.merge(res.organizations[["org_id", "name"]], on="org_id")
    table["organizations"] = _joined_counts(orgs, "person_id", "name", "weight")
    table["categories"] = table["categories"].fillna("")
    table["alternate_names"] = res.people.set_index("person_id")["alternate_names"].map("; ".join)
    table = table.join(measures.set_index("person_id"))
    table.insert(3, "coauthors", table.pop("degree"))
    table["organizations"] = table["organizations"].fillna("")
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    table = table.reset_index(names="person_id")
    return table.sort_values(["pagerank", "name"], ascending=[False, True]).reset_index(drop=True)


def _pairs(coauthors: pd.DataFrame, res: Resolution, names: pd.Series) -> pd.DataFrame:
    """One row per pair, the two names in alphabetical order, with years and titles."""
    columns = ["a", "b", "joint_papers", "first_year", "last_year", "titles", "a_id", "b_id"]
    if coauthors.empty:
        return pd.DataFrame(columns=columns)
    # Pairs in (a, b) order (coauthor_table's, which the final sort breaks its ties by), then one row
    # per (pair, paper) with the pair's row number: grouped by those numbers, not by the two ids.
    pairs = coauthors[["a", "b", "weight", "papers"]]
    if not _in_pair_order(pairs):
        pairs = pairs.sort_values(["a", "b"], kind="stable")
    pairs = pairs.reset_index(drop=True)
    papers = pairs["papers"].explode()
    pair = papers.index.to_numpy()
    found = pd.Index(res.papers["paper_id"]).get_indexer(papers.to_numpy())  # -1: no such paper
    year = pd.Series(res.papers["year"].to_numpy(dtype=float, na_value=np.nan)[found], index=pair)
    year[found < 0] = np.nan
    title = res.papers["title"].iloc[np.maximum(found, 0)].reset_index(drop=True)
    title[found < 0] = np.nan
    # Each pair's titles in title order: sorted by title, then (stably) by pair.
    by_title = title.sort_values().index.to_numpy()
    order = by_title[np.argsort(pair[by_title], kind="stable")]
    titles = _join_runs(pair[order], title.iloc[order])
    years = year.groupby(level=0).agg(["min", "max"])
    table = pd.DataFrame(
        {
            "a": pairs["a"],
            "b": pairs["b"],
            "joint_papers": pairs["weight"],
            "first_year": years["min"],
            "last_year": years["max"],
            "titles": titles,
        }
    )
    name_a, name_b = table["a"].map(names), table["b"].map(names)
    swap = name_a > name_b
    table["a_id"] = table["a"].where(~swap, table["b"])
    table["b_id"] = table["b"].where(~swap, table["a"])
    table["a"], table["b"] = name_a.where(~swap, name_b), name_b.where(~swap, name_a)
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    table = table[columns]
    return table.sort_values(["joint_papers", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def _in_pair_order(pairs: pd.DataFrame) -> bool:
    """Whether the rows are sorted by (a, b), as coauthor_table gives them."""
    a, b = pairs["a"].to_numpy(dtype=object), pairs["b"].to_numpy(dtype=object)
    same = a[:-1] == a[1:]
    return bool(np.all((a[:-1] < a[1:]) | (same & (b[:-1] < b[1:]))))


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
    # People per category: authors of the papers linked to it (every category a paper prints, not only the primary).
    people = authorship[["paper_id", "person_id"]].merge(res.paper_categories, on="paper_id")
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
    """Per topic: papers, people (derived through authorship), the top people, the years, the
    mean year (VOSviewer's overlay colour: what is recent), and the broader topic it rolls up to."""
    columns = [
        "topic", "alt_labels", "papers", "people", "top_people", "first_year", "last_year", "years", "mean_year",
        "broader", "topic_id",
    ]  # fmt: skip
    if res.topics.empty:
        return pd.DataFrame(columns=columns)
    dated = res.paper_topics.merge(res.papers[["paper_id", "year"]], on="paper_id")
    expertise = res.person_topics.assign(name=res.person_topics["person_id"].map(names))
    expertise = expertise.sort_values(["topic_id", "weight", "name"], ascending=[True, False, True])
    papers = dated.groupby("topic_id")["paper_id"].nunique()
    years = dated.dropna(subset=["year"]).astype({"year": int})
    span = years.groupby("topic_id")["year"].agg(["min", "max", "mean"])
    hierarchy, rollups = res.topic_broader, res.topic_rollups
    all_labels = dict(zip(res.topics["topic_id"], res.topics["label"])) | dict(
        zip(rollups["topic_id"], rollups["label"])
    )
    broader = {n: all_labels.get(b, b) for n, b in zip(hierarchy["narrower"], hierarchy["broader"])}
    per_year = years.groupby(["topic_id", "year"]).size().rename("n").reset_index()
    year_text = {t: "; ".join(f"{y}:{n}" for y, n in zip(d["year"], d["n"])) for t, d in per_year.groupby("topic_id")}
    people = expertise.groupby("topic_id").size()
    top = {
        t: "; ".join(f"{n}:{w}" for n, w in zip(d["name"], d["weight"]))
        for t, d in expertise.groupby("topic_id").head(5).groupby("topic_id")
    }
    rows = [
        {
            "topic": topic.label,
            "alt_labels": "; ".join(topic.alt_labels),
            "papers": int(papers.get(topic.topic_id, 0)),
            "people": int(people.get(topic.topic_id, 0)),
            "top_people": top.get(topic.topic_id, ""),
            "first_year": span["min"].get(topic.topic_id),
            "last_year": span["max"].get(topic.topic_id),
            "years": year_text.get(topic.topic_id, ""),
            "mean_year": round(float(span["mean"][topic.topic_id]), 2) if topic.topic_id in span.index else None,
            "broader": broader.get(topic.topic_id, ""),
            "topic_id": topic.topic_id,
        }
        for topic in res.topics.itertuples(index=False)
    ]
    table = pd.DataFrame(rows, columns=columns)
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["papers", "topic"], ascending=[False, True]).reset_index(drop=True)


def _topic_years(res: KnowledgeGraph) -> pd.DataFrame:
    """Papers per topic per year, and that year's share of all dated papers: what rises and what
    fades. Columns: topic, year, papers, share, topic_id; by topic, then year."""
    columns = ["topic", "year", "papers", "share", "topic_id"]
    table = res.topic_years
    if table.empty:
        return pd.DataFrame(columns=columns)
    per_year = res.papers.dropna(subset=["year"]).astype({"year": int}).groupby("year")["paper_id"].nunique()
    labels = res.topics.set_index("topic_id")["label"]
    out = table.assign(topic=table["topic_id"].map(labels), share=table["papers"] / table["year"].map(per_year))
    return out[columns].sort_values(["topic", "year"]).reset_index(drop=True)


def rising_and_fading(stats: Analytics, min_papers: int = 3, top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics of at least `min_papers` papers over two or more years, most recent by mean year
    first (rising) and least recent first (fading), as VOSviewer's overlay map colours them."""
    t = stats.topics
    if t.empty:
        return t, t
    spread = t[(t["papers"] >= min_papers) & t["mean_year"].notna() & (t["first_year"] < t["last_year"])]
    rising = spread.sort_values(["mean_year", "papers", "topic"], ascending=[False, False, True]).head(top)
    fading = spread.sort_values(["mean_year", "papers", "topic"], ascending=[True, False, True]).head(top)
    return rising.reset_index(drop=True), fading.reset_index(drop=True)


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


def _communities(
    coauthors: pd.DataFrame, measures: pd.DataFrame, authorship: pd.DataFrame, names: pd.Series
) -> pd.DataFrame:
    """Per community: size, density of ties inside it, top members by PageRank, top categories."""
    community = measures.set_index("person_id")["community"]
    size = measures.groupby("community").size()
    inside = coauthors[coauthors["a"].map(community) == coauthors["b"].map(community)]
    ties = inside.groupby(inside["a"].map(community)).size().reindex(size.index, fill_value=0)
    density = (2 * ties / (size * (size - 1))).where(size > 1, 0.0).round(6)
    ranked = measures.sort_values(["community", "pagerank", "person_id"], ascending=[True, False, True])
    leaders = ranked.groupby("community").head(5)
    top = _join_runs(leaders["community"], leaders["person_id"].map(names))
    papers = authorship.assign(community=authorship["person_id"].map(community)).drop_duplicates(
        ["community", "paper_id"]
    )
    papers = papers.dropna(subset=["category"])
    counts = papers.groupby(["community", "category"]).size().rename("n").reset_index()
    counts = (
        counts.sort_values(["community", "n", "category"], ascending=[True, False, True]).groupby("community").head(3)
    )
    text = pd.Series([f"{notation_of(k)}:{n}" for k, n in zip(counts["category"], counts["n"])], index=counts.index)
    cats = _join_runs(counts["community"], text)
    table = pd.DataFrame({"size": size, "density": density, "top_members": top, "top_categories": cats})
    table["top_categories"] = table["top_categories"].fillna("")
    return table.reset_index(names="community")[["community", "size", "density", "top_members", "top_categories"]]


def _summary(
    res: Resolution,
    measures: pd.DataFrame,
    coauthors: pd.DataFrame,
    teams: pd.DataFrame,
    info: dict[str, Any],
    max_team: int,
) -> dict[str, Any]:
    n, m = len(measures), len(coauthors)
    components = measures["component"].value_counts().sort_values(ascending=False)
    truncated = int(res.papers["authors_truncated"].astype("boolean").fillna(False).sum())
    listed = int(res.papers["authors_truncated"].notna().sum())
    return {
        "authors": n,
        "papers": len(res.papers),
        "coauthor_edges": m,
        "components": len(components),
        "largest_component": int(components.iloc[0]) if n else 0,
        "largest_component_share": float(components.iloc[0] / n) if n else 0.0,
        "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "clustering": info["clustering"],
        "transitivity": info["transitivity"],
        "assortativity": info["assortativity"],
        "modularity": info["modularity"],
        "communities": info["communities"],
        "community_method": f"louvain ({info['engine']}, seed {info['seed']})",
        "second_community_method": info["methods"].get("second", "label propagation"),
        "second_method_communities": info["second_method_communities"],
        "second_method_modularity": info["second_method_modularity"],
        "community_agreement_adjusted_rand": info["agreement_adjusted_rand"],
        "community_agreement_nmi": info["agreement_nmi"],
        "engine": info["engine"],
        "betweenness": info["methods"]["betweenness"],
        "closeness": info["methods"]["closeness"],
        "mean_authors_per_paper": float(teams["team_size"].mean()) if len(teams) else None,
        "papers_with_team_size": len(teams),
        "papers_without_author_information": len(res.papers) - len(teams),
        "team_sizes_are_lower_bounds": bool(teams["lower_bound"].any()),
        "lower_bound_team_sizes": int(teams["lower_bound"].sum()),
        "truncated_author_lists": truncated,
        "papers_with_author_lists": listed,
        "truncated_author_lists_share": truncated / listed if listed else 0.0,
        "max_team": max_team,
        "papers_over_max_team": over_max_team(res.authorship, max_team),
        "note": (
            "Author lists ending in 'et al.' hide authors: for those papers team size is a lower bound "
            "(unless the page prints a count), and coauthor ties to the hidden authors are missing."
            + (
                f" A paper with more than {max_team} authors (--max-team) ties none of them as coauthors;"
                " their authorships stay."
                if max_team
                else ""
            )
        ),
    }
