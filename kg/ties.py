"""Weighted ties aggregated from links through papers: the one way kg counts joint papers.

`shared` pairs the items that share a paper (coauthors, co-occurring topics); `through`
links one kind of item to another by the papers they have in common (a person's
organizations or topics). Both give weight = number of papers and the papers in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def shared(links: pd.DataFrame, item: str, via: str = "paper_id") -> pd.DataFrame:
    """One row per pair of items on a common `via`: columns a < b, weight, papers.

    Built by a self-join, not a loop over papers, so it stays fast on large inputs.
    """
    pairs = links[[via, item]].drop_duplicates()
    joined = pairs.merge(pairs, on=via, suffixes=("_a", "_b"))
    joined = joined[joined[f"{item}_a"] < joined[f"{item}_b"]]
    return _papers_per_pair(joined, f"{item}_a", f"{item}_b", via, ("a", "b"))


def through(left: pd.DataFrame, right: pd.DataFrame, a: str, b: str, via: str = "paper_id") -> pd.DataFrame:
    """One row per (a, b) linked by a common `via`: columns a, b, weight, papers."""
    joined = left[[a, via]].drop_duplicates().merge(right[[via, b]].drop_duplicates(), on=via)
    return _papers_per_pair(joined, a, b, via, (a, b))


def _papers_per_pair(joined: pd.DataFrame, a: str, b: str, via: str, names: tuple[str, str]) -> pd.DataFrame:
    """The rows grouped by (a, b) in sorted order, each group's `via` values in ascending order.

    What `groupby([a, b]).agg(list)` gives, by one sort and cuts where the pair changes: pandas
    builds each group's list in Python (1.5 s of resolution at 100k papers). A pair's `via`
    values are distinct (both sides were deduplicated), so the order within a pair is fixed.
    """
    if joined.empty:  # the columns' dtypes as groupby gives them
        table = joined.groupby([a, b], sort=True)[via].agg(list).reset_index(name="papers")
        table.insert(2, "weight", table["papers"].map(len).astype("int64"))
        return table.rename(columns=dict(zip((a, b), names)))
    joined = joined.sort_values([a, b, via], kind="stable")
    first, second = joined[a], joined[b]
    left, right = first.to_numpy(), second.to_numpy()
    values = joined[via].tolist()
    starts = np.flatnonzero((left[1:] != left[:-1]) | (right[1:] != right[:-1])) + 1
    bounds = [0, *starts.tolist(), len(values)]
    heads = bounds[:-1]
    return pd.DataFrame(
        {
            names[0]: first.iloc[heads].reset_index(drop=True),
            names[1]: second.iloc[heads].reset_index(drop=True),
            "weight": np.diff(bounds).astype("int64"),
            "papers": [values[i:j] for i, j in itertools.pairwise(bounds)],
        }
    )


def isin(column: pd.Series, values: Iterable) -> pd.Series:
    """`column.isin(values)`, the same mask, for a column of text: pandas' Arrow-string isin makes a
    pyarrow scalar of each value it is given (a third of a second for 100,000 ids); here the text
    values go to Arrow as one array. Other columns, and values that are not all text, go to pandas."""
    values = list(values)
    if not isinstance(column.array, pd.arrays.ArrowStringArray) or not all(isinstance(v, str) for v in values):
        return column.isin(values)
    array = pa.array(column.array)
    found = pc.is_in(array, value_set=pa.array(values, type=array.type))  # a missing cell is never found
    return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index, name=column.name)
