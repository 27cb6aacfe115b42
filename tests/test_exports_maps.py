"""The coauthor map handed to Gephi (GEXF 1.3) and VOSviewer (JSON), read back and compared with the
build's own tables: the same people, the same ties, the same weights and years.

GEXF is read back with networkx.read_gexf (Gephi's format reader in Python); the VOSviewer file is
validated against a JSON Schema transcribed from VOSviewer's documentation of its JSON file type
(https://app.vosviewer.com/docs/file-types/json-file-type/), then compared item by item.
"""

from __future__ import annotations

import dataclasses
import json
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import networkx as nx
import pandas as pd
import pytest
from defusedxml import ElementTree

from kg import exports, layout

if TYPE_CHECKING:
    from conftest import SeedsBuild

SEED_PEOPLE, SEED_TIES = 145, 248
HOSTILE_NAME = '</script><img src=x onerror="alert(1)"> & "quotes" <!-- ]]>'

# VOSviewer's JSON file type, as its documentation's tables describe it: top level network, config
# and info objects; items (id, label, description, url, x, y, cluster, weights, scores); links
# (source_id, target_id, strength); clusters (cluster, label). Clusters are integers 1..1000,
# weights and strengths non-negative numbers, scores any numbers.
ID = {"type": ["string", "integer"]}
VOSVIEWER_SCHEMA = {
    "type": "object",
    "properties": {
        "network": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
                "links": {"type": "array", "items": {"$ref": "#/$defs/link"}},
                "clusters": {"type": "array", "items": {"$ref": "#/$defs/cluster"}},
            },
            "additionalProperties": False,
        },
        "config": {"type": "object"},
        "info": {"type": "object"},
    },
    "required": ["network"],
    "additionalProperties": False,
    "$defs": {
        "item": {
            "type": "object",
            "properties": {
                "id": ID,
                "label": {"type": "string"},
                "description": {"type": "string"},
                "url": {"type": "string"},
                "x": {"type": "number"},
                "y": {"type": "number"},
                "cluster": {"type": "integer", "minimum": 1, "maximum": 1000},
                "weights": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
                "scores": {"type": "object", "additionalProperties": {"type": "number"}},
            },
            "required": ["id", "label"],
            "additionalProperties": False,
        },
        "link": {
            "type": "object",
            "properties": {"source_id": ID, "target_id": ID, "strength": {"type": "number", "minimum": 0}},
            "required": ["source_id", "target_id"],
            "additionalProperties": False,
        },
        "cluster": {
            "type": "object",
            "properties": {"cluster": {"type": "integer", "minimum": 1, "maximum": 1000}, "label": {"type": "string"}},
            "required": ["cluster"],
            "additionalProperties": False,
        },
    },
}


@pytest.fixture(scope="module")
def maps(seeds_build: SeedsBuild) -> Path:
    b = seeds_build.built
    out = seeds_build.out
    assert exports.write_gexf(b.resolution, b.stats, b.coauthors, out / "coauthors.gexf") == {
        "nodes": SEED_PEOPLE,
        "edges": SEED_TIES,
    }
    summary = exports.write_vosviewer(b.resolution, b.stats, b.coauthors, out / "coauthors.vosviewer.json")
    assert summary == {"items": SEED_PEOPLE, "links": SEED_TIES, "clusters": len(b.stats.communities)}
    return out


def ties(seeds_build: SeedsBuild) -> dict[frozenset[str], int]:
    c = seeds_build.built.coauthors
    return {frozenset((a, b)): int(w) for a, b, w in zip(c["a"], c["b"], c["weight"])}


def years_of(seeds_build: SeedsBuild) -> tuple[dict[str, list[int]], dict[frozenset[str], list[int]]]:
    """Each person's and each pair's years with papers, from authorship and paper years."""
    res = seeds_build.built.resolution
    year = res.papers.set_index("paper_id")["year"]
    written = res.authorship.assign(year=res.authorship["paper_id"].map(year)).dropna(subset=["year"])
    people = {p: sorted({int(y) for y in d["year"]}) for p, d in written.groupby("person_id")}
    by_paper = {p: set(d["person_id"]) for p, d in written.groupby("paper_id")}
    pairs: dict[frozenset[str], set[int]] = {}
    for paper, members in by_paper.items():
        for a in members:
            for b in members:
                if a < b:
                    pairs.setdefault(frozenset((a, b)), set()).add(int(year[paper]))
    return people, {k: sorted(v) for k, v in pairs.items()}


def spell_years(spells: list[tuple[int, int]]) -> list[int]:
    return [y for start, end in spells for y in range(start, end + 1)]


# ---- GEXF ---------------------------------------------------------------------------------------


def test_gexf_is_version_1_3(maps: Path) -> None:
    root = ElementTree.parse(maps / "coauthors.gexf").getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert graph is not None
    assert graph.attrib == {"defaultedgetype": "undirected", "mode": "dynamic", "timeformat": "integer"}
    text = (maps / "coauthors.gexf").read_text(encoding="utf-8")
    assert text.count("xmlns=") == 1  # namespaces declared once, at the root
    assert 'timeformat="long"' not in text and "startopen" not in text  # not in 1.3


def test_gexf_reads_back_as_the_coauthor_graph(maps: Path, seeds_build: SeedsBuild) -> None:
    g = nx.read_gexf(maps / "coauthors.gexf", version="1.3")
    assert isinstance(g, nx.Graph) and not g.is_directed()
    res, stats = seeds_build.built.resolution, seeds_build.built.stats
    assert set(g.nodes) == set(res.people["person_id"]) and len(g) == SEED_PEOPLE
    assert {frozenset(e): int(d["weight"]) for *e, d in g.edges(data=True)} == ties(seeds_build)
    authors = stats.authors.set_index("person_id")
    for person, d in g.nodes(data=True):
        a = authors.loc[person]
        assert d["label"] == a["name"]
        years = [None if pd.isna(a[k]) else int(a[k]) for k in ("first_year", "last_year")]
        assert (d["papers"], d.get("first_year"), d.get("last_year")) == (a["papers"], *years)
        assert d["community"] == a["community"] and d["degree"] == a["coauthors"]
        assert d["pagerank"] == pytest.approx(a["pagerank"], rel=1e-5)
    wang = g.nodes["person/wang_zhu"]
    assert wang["alternate_names"] == "Wang Bill Zhu"
    # Gephi opens on the picture network.html draws: kg.layout's positions, in edge lengths.
    where = layout.of_build(stats.people, seeds_build.built.coauthors)
    at = {p: (x / layout.SCALE, y / layout.SCALE) for p, x, y in zip(where.person_ids, where.x, where.y)}
    assert {p: (d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for p, d in g.nodes(data=True)} == at
    assert len(set(at.values())) == SEED_PEOPLE  # nobody drawn on top of someone else


def test_gexf_years_as_spells(maps: Path, seeds_build: SeedsBuild) -> None:
    g = nx.read_gexf(maps / "coauthors.gexf", version="1.3")
    people, pairs = years_of(seeds_build)
    assert {p: spell_years(d["spells"]) for p, d in g.nodes(data=True) if "spells" in d} == people
    assert {frozenset(e): spell_years(d["spells"]) for *e, d in g.edges(data=True) if "spells" in d} == pairs
    # Runs of consecutive years are one spell, and spells never touch.
    for _, d in g.nodes(data=True):
        for (_, end), (start, _) in pairwise(d.get("spells", [])):
            assert start > end + 1
    najoung = g.nodes["person/najoung_kim"]
    assert spell_years(najoung["spells"])[0] == najoung["first_year"] == 2018


def test_gexf_hostile_names_survive(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    b = seeds_build.built
    authors = b.stats.authors.copy()
    authors.loc[authors["person_id"] == "person/robin_jia", "name"] = HOSTILE_NAME
    exports.write_gexf(b.resolution, dataclasses.replace(b.stats, authors=authors), b.coauthors, tmp_path / "h.gexf")
    g = nx.read_gexf(tmp_path / "h.gexf", version="1.3")
    assert g.nodes["person/robin_jia"]["label"] == HOSTILE_NAME
    assert len(g) == SEED_PEOPLE


def test_exports_deterministic(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    b = seeds_build.built
    for write, name in [(exports.write_gexf, "m.gexf"), (exports.write_vosviewer, "m.json")]:
        write(b.resolution, b.stats, b.coauthors, tmp_path / ("1" + name))
        write(b.resolution, b.stats, b.coauthors, tmp_path / ("2" + name))
        assert (tmp_path / ("1" + name)).read_bytes() == (tmp_path / ("2" + name)).read_bytes()


# ---- VOSviewer ----------------------------------------------------------------------------------


def test_vosviewer_follows_documented_schema(maps: Path) -> None:
    data = json.loads((maps / "coauthors.vosviewer.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, VOSVIEWER_SCHEMA)
    # The schema itself rejects what the documentation rules out.
    bad = {"network": {"items": [{"id": 1, "label": "x", "cluster": 1001}], "links": []}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, VOSVIEWER_SCHEMA)


def test_vosviewer_reads_back_as_the_coauthor_graph(maps: Path, seeds_build: SeedsBuild) -> None:
    data = json.loads((maps / "coauthors.vosviewer.json").read_text(encoding="utf-8"))["network"]
    stats = seeds_build.built.stats
    authors = stats.authors.set_index("person_id")
    ids = sorted(seeds_build.built.resolution.people["person_id"])
    items = {item["id"]: item for item in data["items"]}
    assert sorted(items) == list(range(1, SEED_PEOPLE + 1))
    person = {i + 1: p for i, p in enumerate(ids)}
    for key, item in items.items():
        a = authors.loc[person[key]]
        assert item["label"] == a["name"]
        assert item["cluster"] == a["community"] + 1
        assert item["weights"] == {
            "Documents": a["papers"],
            "Links": a["coauthors"],
            "Total link strength": a["weighted_degree"],
        }
        assert item["scores"]["PageRank"] == pytest.approx(a["pagerank"], rel=1e-5)
    links = {frozenset((person[x["source_id"]], person[x["target_id"]])): x["strength"] for x in data["links"]}
    assert len(links) == len(data["links"]) == SEED_TIES
    assert links == ties(seeds_build)
    # Total link strength is each item's sum of link strengths, as VOSviewer computes it.
    total = pd.Series(0, index=list(items))
    for x in data["links"]:
        total[x["source_id"]] += x["strength"]
        total[x["target_id"]] += x["strength"]
    assert all(total[k] == items[k]["weights"]["Total link strength"] for k in items)
    clusters = {c["cluster"]: c["label"] for c in data["clusters"]}
    assert set(clusters) == {item["cluster"] for item in items.values()}
    wang = items[ids.index("person/wang_zhu") + 1]
    assert "Also printed as: Wang Bill Zhu" in wang["description"]


def test_vosviewer_file_is_the_one_string_of_the_map(seeds_build: SeedsBuild, tmp_path: Path, monkeypatch) -> None:
    """Written a block at a time, the file is the text one json.dumps of vosviewer_map gave (the
    map as one string was the maps stage's peak at a million people), with blocks smaller than
    the items and links too, and for a map of nobody."""
    b = seeds_build.built
    net = exports.vosviewer_map(b.resolution, b.stats, b.coauthors)
    whole = json.dumps(net, ensure_ascii=False, separators=(",", ":"))
    assert len(net["network"]["items"]) > 3 and len(net["network"]["links"]) > 3
    for block in (10_000, 3, 1):
        monkeypatch.setattr(exports._json_blocks, "__defaults__", (block,))
        exports.write_vosviewer(b.resolution, b.stats, b.coauthors, tmp_path / f"{block}.json")
        assert (tmp_path / f"{block}.json").read_text(encoding="utf-8") == whole + "\n"
    people = b.stats.authors.iloc[:0].assign(x=[], y=[], years=[])
    nobody = exports.CoauthorMap(people, pd.DataFrame(columns=["a", "b", "weight", "years"]))
    summary = exports.write_vosviewer(b.resolution, b.stats, b.coauthors, tmp_path / "nobody.json", nobody)
    empty = exports.vosviewer_map(b.resolution, b.stats, b.coauthors, nobody)
    text = (tmp_path / "nobody.json").read_text(encoding="utf-8")
    assert text == json.dumps(empty, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert summary["items"] == summary["links"] == 0 and '"items":[],"links":[]' in text


def test_vosviewer_clusters_stop_at_1000(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    """VOSviewer allows clusters 1..1000: communities past the thousandth keep no cluster."""
    b = seeds_build.built
    shifted = dataclasses.replace(
        b.stats,
        authors=b.stats.authors.assign(community=b.stats.authors["community"] + 995),
        communities=b.stats.communities.assign(community=b.stats.communities["community"] + 995),
    )
    exports.write_vosviewer(b.resolution, shifted, b.coauthors, tmp_path / "v.json")
    data = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, VOSVIEWER_SCHEMA)
    clustered = [i for i in data["network"]["items"] if "cluster" in i]
    expected = b.stats.authors["community"] + 995 < 1000
    assert len(clustered) == int(expected.sum()) and 0 < len(clustered) < SEED_PEOPLE
    assert max(c["cluster"] for c in data["network"]["clusters"]) == 1000


def test_vosviewer_description_escapes_names(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    b = seeds_build.built
    authors = b.stats.authors.copy()
    authors.loc[authors["person_id"] == "person/robin_jia", "name"] = HOSTILE_NAME
    exports.write_vosviewer(
        b.resolution, dataclasses.replace(b.stats, authors=authors), b.coauthors, tmp_path / "v.json"
    )
    items = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["network"]["items"]
    robin = next(i for i in items if i["label"] == HOSTILE_NAME)
    assert "<img" not in robin["description"] and "&lt;img" in robin["description"]


def test_gexf_elements_are_the_bytes_lxml_writes() -> None:
    """The GEXF is written as text: each element, hostile values and all, is what lxml's
    incremental writer (the writer it replaced) gives for it, escapes included."""
    import io

    from lxml import etree

    hostile = ["a & b", "<x/>", 'say "hi"', "it's", "tab\there", "line\nend", "cr\rhere", "Zoë – 𝔸", "]]>", "&amp;", ""]
    for value in hostile:
        buffer = io.BytesIO()
        with etree.xmlfile(buffer, encoding="utf-8") as xf, xf.element("a", {"v": value, "w": "1"}):
            xf.write(value)
        assert exports._element("a", {"v": value, "w": "1"}, value).encode("utf-8") == buffer.getvalue()
        assert exports._attvalues([("k", value)]) == (
            f'<attvalues><attvalue for="k" value="{exports._attr(value)}"></attvalue></attvalues>' if value else ""
        )
