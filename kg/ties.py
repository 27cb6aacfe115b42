"""Weighted ties aggregated from links through papers: the one way kg counts joint papers.

`shared` pairs the items that share a paper (coauthors, co-occurring topics); `through`
links one kind of item to another by the papers they have in common (a person's
organizations or topics). Both give weight = number of papers and the papers in order.
"""

from __future__ import annotations

import pandas as pd


def shared(links: pd.DataFrame, item: str, via: str = "paper_id") -> pd.DataFrame:
    """One row per pair of items on a common `via`: columns a < b, weight, papers.

    Built by a self-join, not a loop over papers, so it stays fast on large inputs.
    """
    pairs = links[[via, item]].drop_duplicates()
    joined = pairs.merge(pairs, on=via, suffixes=("_a", "_b"))
    joined = joined[joined[f"{item}_a"] < joined[f"{item}_b"]]
    table = (
        joined.sort_values(via)
        .groupby([f"{item}_a", f"{item}_b"], sort=True)[via]
        .agg(list)
        .reset_index()
        .rename(columns={f"{item}_a": "a", f"{item}_b": "b", via: "papers"})
    )
    table.insert(2, "weight", table["papers"].map(len).astype("int64"))
    return table


def through(left: pd.DataFrame, right: pd.DataFrame, a: str, b: str, via: str = "paper_id") -> pd.DataFrame:
    """One row per (a, b) linked by a common `via`: columns a, b, weight, papers."""
    joined = left[[a, via]].drop_duplicates().merge(right[[via, b]].drop_duplicates(), on=via)
    table = joined.sort_values(via).groupby([a, b], sort=True)[via].agg(list).reset_index(name="papers")
    table.insert(2, "weight", table["papers"].map(len).astype("int64"))
    return table
