"""kg.ties against the plain pandas formulation it replaces: groupby([a, b]).agg(list) over the
joined links, the papers of each pair in ascending order. Same rows, columns and dtypes."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ties import shared, through

IDS = st.lists(st.tuples(st.sampled_from([f"p{i}" for i in range(12)]), st.sampled_from([f"x{i}" for i in range(9)])))


def _reference(joined: pd.DataFrame, a: str, b: str, via: str) -> pd.DataFrame:
    table = joined.sort_values(via).groupby([a, b], sort=True)[via].agg(list).reset_index(name="papers")
    table.insert(2, "weight", table["papers"].map(len).astype("int64"))
    return table


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert list(got.dtypes) == list(want.dtypes)
    assert got.index.equals(want.index)
    assert got.to_dict("records") == want.to_dict("records")


@settings(max_examples=150, deadline=None)
@given(IDS)
def test_shared_is_groupby_agg_list(rows: list[tuple[str, str]]) -> None:
    links = pd.DataFrame(rows, columns=["paper_id", "person_id"], dtype="str")
    pairs = links.drop_duplicates()
    joined = pairs.merge(pairs, on="paper_id", suffixes=("_a", "_b"))
    joined = joined[joined["person_id_a"] < joined["person_id_b"]]
    want = _reference(joined, "person_id_a", "person_id_b", "paper_id").rename(
        columns={"person_id_a": "a", "person_id_b": "b"}
    )
    _same(shared(links, "person_id"), want)


@settings(max_examples=150, deadline=None)
@given(IDS, IDS)
def test_through_is_groupby_agg_list(left_rows: list[tuple[str, str]], right_rows: list[tuple[str, str]]) -> None:
    left = pd.DataFrame(left_rows, columns=["paper_id", "person_id"], dtype="str")
    right = pd.DataFrame(right_rows, columns=["paper_id", "topic_id"], dtype="str")
    joined = left.drop_duplicates().merge(right.drop_duplicates(), on="paper_id")
    _same(through(left, right, "person_id", "topic_id"), _reference(joined, "person_id", "topic_id", "paper_id"))


def test_isin_is_pandas_isin() -> None:
    """kg.ties.isin gives pandas' mask (text columns through Arrow at once, anything else through pandas)."""
    import pandas as pd

    from kg.ties import isin

    text = pd.Series(["a", None, "b", "a", pd.NA], dtype="str", index=[5, 6, 7, 8, 9], name="id")
    for values in ({"a"}, {"a", "zz"}, set(), ["b", "b"], {"a", 1}, {None}):
        assert isin(text, values).equals(text.isin(values)), values
    mixed = pd.Series(["a", 1, None], dtype=object)
    assert isin(mixed, {"a"}).equals(mixed.isin({"a"}))
