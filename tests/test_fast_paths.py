"""The analytics' pairs table and the coauthor map's writers, made fast for a million papers, give
what the general code they replaced gave (kept here as the reference), on small cases chosen to
hit the corners: pairs out of order, two pairs of people with the same names, papers without a
year, one title twice, names XML must escape, people without a community or a year."""

from __future__ import annotations

import io
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from kg import exports
from kg.analytics import _join_runs, _pairs
from kg.exports import (
    NODE_ATTRIBUTES,
    CoauthorMap,
    _attvalues,
    _color,
    _distinct_years,
    _element,
    _gexf_edges,
    _gexf_nodes,
    _json_blocks,
    _number,
    _spells,
    _vos_links,
    _write_vos_links,
)
from kg.graph import missing, xml_text
from kg.webgl import by_person_newest_first


def reference_pairs(coauthors: pd.DataFrame, res, names: pd.Series) -> pd.DataFrame:
    """kg.analytics._pairs as it was (grouped by the two ids, aligned on a MultiIndex)."""
    columns = ["a", "b", "joint_papers", "first_year", "last_year", "titles", "a_id", "b_id"]
    papers = res.papers.set_index("paper_id")
    rows = coauthors[["a", "b", "papers"]].reset_index(drop=True).explode("papers")
    rows["year"] = rows["papers"].map(papers["year"])
    rows["title"] = rows["papers"].map(papers["title"])
    rows = rows.sort_values("title")
    grouped = rows.groupby(["a", "b"], sort=False)
    titles = _join_runs(rows.index.to_numpy(), rows["title"])
    titles.index = pd.MultiIndex.from_frame(coauthors[["a", "b"]].iloc[titles.index])
    table = pd.DataFrame(
        {
            "joint_papers": coauthors.set_index(["a", "b"])["weight"],
            "first_year": grouped["year"].min(),
            "last_year": grouped["year"].max(),
            "titles": titles,
        }
    ).reset_index()
    name_a, name_b = table["a"].map(names), table["b"].map(names)
    swap = name_a > name_b
    table["a_id"] = table["a"].where(~swap, table["b"])
    table["b_id"] = table["b"].where(~swap, table["a"])
    table["a"], table["b"] = name_a.where(~swap, name_b), name_b.where(~swap, name_a)
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    table = table[columns]
    return table.sort_values(["joint_papers", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def small_pairs() -> tuple[pd.DataFrame, SimpleNamespace, pd.Series]:
    papers = pd.DataFrame(
        {
            "paper_id": ["paper/1", "paper/2", "paper/3", "paper/4", "paper/5", "paper/6"],
            "title": ["Zeta functions", "Ångström scale", "apple trees", "Zeta functions", "Beta", "Gamma"],
            "year": pd.array([2020, None, 2018, 2021, 2019, None], dtype="Int64"),
        }
    ).astype({"paper_id": "str", "title": "str"})
    # Out of (a, b) order; p/x and p/y share the names of p/u and p/v (homonyms: the final sort ties
    # on joint papers and both names, so the order before it decides); p/w's pair has no dated paper.
    coauthors = pd.DataFrame(
        {
            "a": ["p/x", "p/c", "p/a", "p/u", "p/b", "p/v"],
            "b": ["p/y", "p/d", "p/b", "p/v", "p/c", "p/w"],
            "weight": [2, 1, 3, 2, 1, 1],
            "papers": [
                ["paper/1", "paper/4"],
                ["paper/6"],
                ["paper/1", "paper/2", "paper/3"],
                ["paper/5", "paper/3"],
                ["paper/4"],
                ["paper/2"],
            ],
        }
    ).astype({"a": "str", "b": "str"})
    names = pd.Series(
        ["Zoe", "Adam", "Émile", "Bea", "Kim", "Lee", "Kim", "Lee", "Moe"],
        index=pd.Index(["p/a", "p/b", "p/c", "p/d", "p/u", "p/v", "p/x", "p/y", "p/w"], dtype="str"),
        name="name",
    )
    return coauthors, SimpleNamespace(papers=papers), names


def test_pairs_table_equals_the_reference() -> None:
    coauthors, res, names = small_pairs()
    found = _pairs(coauthors, res, names)
    pd.testing.assert_frame_equal(found, reference_pairs(coauthors, res, names), check_exact=True)
    # and the values are the ones wanted, not only the old ones
    first = found.iloc[0]
    assert (first["a"], first["b"], first["joint_papers"]) == ("Adam", "Zoe", 3)
    assert first["titles"] == "Zeta functions; apple trees; Ångström scale"  # code point order: Z < a < Å
    assert (first["first_year"], first["last_year"]) == (2018, 2020)
    undated = found[found["b_id"] == "p/w"].iloc[0]
    assert undated["first_year"] is pd.NA and undated["titles"] == "Ångström scale"
    homonyms = found[(found["a"] == "Kim") & (found["b"] == "Lee")]
    assert homonyms["a_id"].tolist() == ["p/u", "p/x"]  # ties kept in (a, b) order of the ids
    assert found[found["a_id"] == "p/x"]["titles"].item() == "Zeta functions; Zeta functions"


def test_pairs_table_of_pairs_already_in_order_equals_the_reference() -> None:
    coauthors, res, names = small_pairs()
    ordered = coauthors.sort_values(["a", "b"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(_pairs(ordered, res, names), reference_pairs(ordered, res, names), check_exact=True)


def test_distinct_years_equal_a_groupby() -> None:
    keys = np.array([5, 1, 5, 3, 5, 1, 9], dtype=np.int64)
    years = np.array([2020, 2019, 2018, 2001, 2020, 2019, 1999], dtype=np.int64)
    wanted = np.array([0, 1, 3, 5, 7, 9, 5], dtype=np.int64)
    expected = pd.Series(years).groupby(keys).agg(lambda s: sorted(set(s.tolist())))
    assert _distinct_years(keys, years, wanted) == [expected.get(k, []) for k in wanted.tolist()]
    assert _distinct_years(keys[:0], years[:0], wanted) == [[]] * len(wanted)


def small_map() -> CoauthorMap:
    people = pd.DataFrame(
        {
            "person_id": ["p/1", "p/2&<x>", "p/3"],
            "name": ['Ann "A" <Lee> & co\nnext', "Bo\x01b", "Cy"],
            "papers": pd.array([2, 1, None], dtype="Int64"),
            "first_year": pd.array([2019, None, None], dtype="Int64"),
            "last_year": pd.array([2021, None, None], dtype="Int64"),
            "community": [0.0, math.nan, 3.0],
            "coauthors": [1, 1, 0],
            "weighted_degree": [2, 2, 0],
            "pagerank": [0.51234567, 0.3, math.nan],
            "betweenness": [0.0, 1e-9, 0.25],
            "alternate_names": ["A. Lee; Ann\tLee", "", "C & Y"],
            "organizations": ["org:1", math.nan, ""],
            "categories": ["cs.CL:2", "", "cs.LG:1"],
            "x": [1.5, -2.25, 1e7],
            "y": [0.0, 3.1, -0.5],
            "years": [[2019, 2020, 2021, 2023], [], [2001]],
        }
    )
    ties = pd.DataFrame(
        {"a": [0, 0, 1], "b": [1, 2, 2], "weight": [2, 1, 7], "years": [[2019, 2020, 2022], [], [2001]]}
    )
    return CoauthorMap(people, ties)


def reference_nodes(people: pd.DataFrame, size: np.ndarray) -> str:
    """write_gexf's loop over the people as it was (a row at a time through the general helpers)."""
    out = []
    for i, row in enumerate(people.itertuples(index=False)):
        values = []
        for key, kind, column in NODE_ATTRIBUTES:
            value = getattr(row, column)
            values.append((key, int(value) if kind == "integer" and not missing(value) else value))
        community = -1 if missing(row.community) else int(row.community)
        out.append(
            "\n"
            + _element("node", {"id": row.person_id, "label": xml_text(str(row.name))})[: -len("</node>")]
            + _attvalues(values)
            + _spells(row.years)
            + _element("viz:color", _color(community))
            + _element("viz:position", {"x": _number(row.x), "y": _number(row.y), "z": "0.0"})
            + _element("viz:size", {"value": _number(size[i])})
            + "</node>"
        )
    return "".join(out)


def reference_edges(ids: list[str], ties: pd.DataFrame) -> str:
    out = []
    for k, t in enumerate(ties.itertuples(index=False)):
        edge = {"id": str(k), "source": ids[t.a], "target": ids[t.b], "weight": str(float(t.weight))}
        first, last = (t.years[0], t.years[-1]) if t.years else (None, None)
        out.append(
            "\n"
            + _element("edge", edge)[: -len("</edge>")]
            + _attvalues([("first_year", first), ("last_year", last)])
            + _spells(t.years)
            + "</edge>"
        )
    return "".join(out)


def test_gexf_nodes_and_edges_equal_the_reference() -> None:
    m = small_map()
    size = np.array([20.0, 2.0, 7.123456789])
    nodes = "".join(_gexf_nodes(m.people, size))
    assert nodes == reference_nodes(m.people, size)
    assert 'label="Ann &quot;A&quot; &lt;Lee&gt; &amp; co&#10;next"' in nodes
    assert 'id="p/2&amp;&lt;x&gt;"' in nodes and "Bo\ufffdb" in nodes
    assert '<spell start="2019" end="2021"></spell><spell start="2023" end="2023"></spell>' in nodes
    ids = m.people["person_id"].tolist()
    edges = "".join(_gexf_edges(ids, m.ties))
    assert edges == reference_edges(ids, m.ties)
    assert '<edge id="1" source="p/1" target="p/3" weight="1.0"></edge>' in edges


@pytest.mark.parametrize("block", [1, 2, 100_000])
def test_vosviewer_links_equal_their_json(block: int) -> None:
    m = small_map()
    expected, found = io.StringIO(), io.StringIO()
    assert _json_blocks(expected, _vos_links(m)) == _write_vos_links(found, m, block) == 3
    assert found.getvalue() == expected.getvalue()
    assert found.getvalue().startswith('{"source_id":1,"target_id":2,"strength":2},')


def test_the_writers_are_the_ones_write_gexf_uses(tmp_path) -> None:
    """write_gexf's file holds what the two fast paths give (no second, older path left in it)."""
    m = small_map()
    path = tmp_path / "map.gexf"
    exports.write_gexf(None, None, None, path, m)  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8")
    pagerank = m.people["pagerank"].fillna(0).to_numpy(dtype=float)
    size = 2 + 18 * np.sqrt(pagerank / pagerank.max())
    assert reference_nodes(m.people, size) in text
    assert reference_edges(m.people["person_id"].tolist(), m.ties) in text


def test_papers_by_person_newest_first_equal_a_sort_of_the_rows() -> None:
    titles = pd.Series(["b", None, "a", "b", "Á", "a"], dtype="str")  # two papers share title "b", two "a"
    years = np.array([2020, 2020, 2019, 0, 2020, 2019], dtype=np.int64)  # 0: no year
    person = np.array([1, 0, 1, 1, 1, 1, 0, 0, 1], dtype=np.int64)
    paper = np.array([0, 1, 1, 2, 3, 4, 5, 3, 5], dtype=np.int64)
    rows = pd.DataFrame({"person": person, "paper": paper, "year": years[paper], "title": titles.iloc[paper].array})
    expected = rows.sort_values(["person", "year", "title", "paper"], ascending=[True, False, True, True])
    found_person, found_paper = by_person_newest_first(person, paper, years, titles)
    assert found_person.tolist() == expected["person"].tolist() == [0, 0, 0, 1, 1, 1, 1, 1, 1]
    # newest first, then by title in code point order (b < Á), no title last, then by paper
    assert found_paper.tolist() == expected["paper"].tolist() == [1, 5, 3, 0, 4, 1, 2, 5, 3]
