"""The coauthor map for other tools: GEXF 1.3 for Gephi and VOSviewer's JSON map format.

Both carry every person and every coauthor tie of the build, with the positions kg.layout
computed (so Gephi and VOSviewer open on the same picture as network.html), communities,
PageRank and the years people published.

GEXF 1.3 (https://gexf.net, specification in github.com/gephi/gexf specs/1.3): written here
element by element (the bytes lxml's incremental writer gave) rather than with networkx's
write_gexf, whose "1.3" entry puts xsi in a wrong namespace and writes timeformat="long" for
integer years, which 1.3 does not allow. The graph is dynamic with integer years: each person
has a spell per run of years with papers and each tie a spell per run of years with joint
papers, so Gephi's timeline plays the network year by year; the same years are also static
attributes (first_year, last_year) for filters.

VOSviewer JSON (https://app.vosviewer.com/docs/file-types/json-file-type/): network.items with
id, label, description, x, y, cluster, weights and scores; network.links with source_id,
target_id and strength; network.clusters with a label per cluster. Clusters are integers from 1
to 1000: community n becomes cluster n + 1, and people in communities past the thousandth
(the smallest) carry no cluster.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kg import layout
from kg.analytics import Analytics
from kg.graph import missing, xml_text
from kg.schema import Resolution
from kg.webgl import community_color

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
VOS_MAX_CLUSTERS = 1000
POSITION_SCALE = 1 / layout.SCALE  # layout integers back to edge lengths

NODE_ATTRIBUTES = [  # id, type, column of stats.authors
    ("papers", "integer", "papers"),
    ("first_year", "integer", "first_year"),
    ("last_year", "integer", "last_year"),
    ("community", "integer", "community"),
    ("degree", "integer", "coauthors"),
    ("weighted_degree", "integer", "weighted_degree"),
    ("pagerank", "double", "pagerank"),
    ("betweenness", "double", "betweenness"),
    ("alternate_names", "string", "alternate_names"),
    ("organizations", "string", "organizations"),
    ("categories", "string", "categories"),
]
EDGE_ATTRIBUTES = [("first_year", "integer"), ("last_year", "integer")]


@dataclass
class CoauthorMap:
    """Every person (sorted by id) with their figures and position, and every tie with its years."""

    people: pd.DataFrame  # person_id, name, NODE_ATTRIBUTES columns, x, y, years (sorted ints)
    ties: pd.DataFrame  # a, b (indexes into people), weight, years (sorted ints)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(str(v) for v in value)
    return value.item() if hasattr(value, "item") else value


def coauthor_map(res: Resolution, stats: Analytics, coauthors: pd.DataFrame) -> CoauthorMap:
    where = layout.of_build(stats.people, coauthors)
    ids = where.person_ids
    position = pd.Series(np.arange(len(ids)), index=pd.Index(ids))
    people = stats.authors.set_index("person_id").reindex(ids)
    people.index.name = "person_id"
    people = people.reset_index()
    people["x"] = where.x * POSITION_SCALE
    people["y"] = where.y * POSITION_SCALE
    year = res.papers.set_index("paper_id")["year"]
    written = res.authorship[["person_id", "paper_id"]].astype(str)
    written = written.assign(year=written["paper_id"].map(year)).dropna(subset=["year"])
    written = written.assign(year=written["year"].astype(int))[["person_id", "year"]].drop_duplicates()
    years_of = _lists(written.sort_values(["person_id", "year"]), ["person_id"], "year")
    people["years"] = [years_of.get(p, []) for p in ids]

    a, b, w = layout.edge_index(ids, coauthors)
    joint = coauthors[["a", "b", "papers"]].explode("papers").dropna(subset=["papers"])
    joint = joint.assign(
        lo=position.reindex(joint["a"].astype(str)).to_numpy(),
        hi=position.reindex(joint["b"].astype(str)).to_numpy(),
        year=joint["papers"].map(year),
    ).dropna(subset=["lo", "hi", "year"])
    lo, hi = joint[["lo", "hi"]].min(axis=1).astype(int), joint[["lo", "hi"]].max(axis=1).astype(int)
    joint = pd.DataFrame({"lo": lo, "hi": hi, "year": joint["year"].astype(int)}).drop_duplicates()
    joint_years = _lists(joint.sort_values(["lo", "hi", "year"]), ["lo", "hi"], "year")
    ties = pd.DataFrame({"a": a, "b": b, "weight": w, "years": [joint_years.get((x, y), []) for x, y in zip(a, b)]})
    return CoauthorMap(people, ties)


def _lists(table: pd.DataFrame, keys: list[str], column: str) -> dict[Any, list]:
    """`column`'s values per key (a tuple for two keys), in the table's order: groupby(keys)[column].agg(list)
    as a dict, without pandas making each list in Python for itself (which is slower)."""
    found: dict[Any, list] = {}
    key_values = zip(*(table[k] for k in keys)) if len(keys) > 1 else table[keys[0]]
    for key, value in zip(key_values, table[column]):
        found.setdefault(key, []).append(value)
    return found


def runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as inclusive (start, end) runs.

    >>> runs([2019, 2020, 2021, 2023])
    [(2019, 2021), (2023, 2023)]
    """
    out: list[tuple[int, int]] = []
    for y in years:
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def _color(number: int) -> dict[str, str]:
    hex_color = community_color(number).lstrip("#")
    return {k: str(int(hex_color[i : i + 2], 16)) for k, i in zip("rgb", (0, 2, 4))}


def _number(value: float) -> str:
    return format(float(value), ".6g")


# XML escapes as lxml (libxml2) writes them: in attribute values also the line ends and tabs, which
# a reader would otherwise normalize to spaces. Text has passed xml_text (no character XML forbids).
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
_SPECIAL = re.compile('[&<>"\n\r\t]')
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _attr(value: str) -> str:
    """An attribute value escaped; most values (numbers, ids, plain names) need nothing."""
    return value.translate(_ATTRIBUTE) if _SPECIAL.search(value) else value


def _element(tag: str, attributes: dict[str, str], text: str = "") -> str:
    """One element with its attributes in order and its text (or nothing) inside, closed with
    an end tag as lxml's incremental writer closes it (`<a x="1"></a>`)."""
    inside = "".join(f' {k}="{_attr(v)}"' for k, v in attributes.items())
    return f"<{tag}{inside}>{text.translate(_TEXT)}</{tag}>"


def write_gexf(
    res: Resolution, stats: Analytics, coauthors: pd.DataFrame, path: Path, m: CoauthorMap | None = None
) -> dict[str, int]:
    """The coauthor network as GEXF 1.3; returns how many nodes and edges it holds.

    Streamed element by element as text (the bytes lxml's incremental writer gave, namespaces
    declared once at the root; 2.6 s -> 1.0 s at 100k papers), so a million people never sit in
    memory as one XML tree. `m` is the build's coauthor map when the caller has it already."""
    m = coauthor_map(res, stats, coauthors) if m is None else m
    ids = m.people["person_id"].tolist()
    pagerank = m.people["pagerank"].fillna(0).to_numpy(dtype=float)
    top = pagerank.max() if len(pagerank) and pagerank.max() > 0 else 1.0
    size = 2 + 18 * np.sqrt(pagerank / top)
    description = "Coauthor network: people, and ties weighted by joint papers; spells are years with papers."
    with path.open("w", encoding="utf-8", newline="") as f:
        write = f.write
        write("<?xml version='1.0' encoding='utf-8'?>\n")
        write(f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">\n')
        write(f"<meta>{_element('creator', {}, 'kg')}{_element('description', {}, description)}</meta>\n")
        write('<graph defaultedgetype="undirected" mode="dynamic" timeformat="integer">')
        for kind, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
            write(f'\n<attributes class="{kind}" mode="static">')
            for spec in attributes:
                write(_element("attribute", {"id": spec[0], "title": spec[0], "type": spec[1]}))
            write("</attributes>")
        write(f'\n<nodes count="{len(ids)}">')
        for i, row in enumerate(m.people.itertuples(index=False)):
            values = []
            for key, kind, column in NODE_ATTRIBUTES:
                value = getattr(row, column)
                values.append((key, int(value) if kind == "integer" and not missing(value) else value))
            community = -1 if missing(row.community) else int(row.community)
            write(
                "\n"
                + _element("node", {"id": row.person_id, "label": xml_text(str(row.name))})[: -len("</node>")]
                + _attvalues(values)
                + _spells(row.years)
                + _element("viz:color", _color(community))
                + _element("viz:position", {"x": _number(row.x), "y": _number(row.y), "z": "0.0"})
                + _element("viz:size", {"value": _number(size[i])})
                + "</node>"
            )
        write(f'</nodes>\n<edges count="{len(m.ties)}">')
        for k, t in enumerate(m.ties.itertuples(index=False)):
            edge = {"id": str(k), "source": ids[t.a], "target": ids[t.b], "weight": str(float(t.weight))}
            first, last = (t.years[0], t.years[-1]) if t.years else (None, None)
            write(
                "\n"
                + _element("edge", edge)[: -len("</edge>")]
                + _attvalues([("first_year", first), ("last_year", last)])
                + _spells(t.years)
                + "</edge>"
            )
        write("</edges>\n</graph>\n</gexf>")
    return {"nodes": len(ids), "edges": len(m.ties)}


def _attvalues(values: list[tuple[str, Any]]) -> str:
    present = [(k, _plain(v)) for k, v in values if not missing(v) and v != ""]
    if not present:
        return ""
    inside = "".join(
        f'<attvalue for="{key}" value="{_number(value) if isinstance(value, float) else _attr(xml_text(str(value)))}">'
        "</attvalue>"
        for key, value in present
    )
    return f"<attvalues>{inside}</attvalues>"


def _spells(years: list[int]) -> str:
    if not years:
        return ""
    inside = "".join(f'<spell start="{start}" end="{end}"></spell>' for start, end in runs(years))
    return f"<spells>{inside}</spells>"


def vosviewer_map(
    res: Resolution, stats: Analytics, coauthors: pd.DataFrame, m: CoauthorMap | None = None
) -> dict[str, Any]:
    """VOSviewer's JSON map of the coauthor network: items are people, links are ties."""
    m = coauthor_map(res, stats, coauthors) if m is None else m
    items, links = list(_vos_items(m)), list(_vos_links(m))
    return {"network": {"items": items, "links": links, "clusters": _vos_clusters(stats)}}


def _vos_items(m: CoauthorMap) -> Iterator[dict[str, Any]]:
    for i, row in enumerate(m.people.itertuples(index=False)):
        community = None if missing(row.community) else int(row.community)
        years = row.years
        item: dict[str, Any] = {
            "id": i + 1,
            "label": str(row.name),
            "description": _describe(row),
            "x": round(float(row.x), 3),
            "y": round(float(row.y), 3),
        }
        if community is not None and community < VOS_MAX_CLUSTERS:
            item["cluster"] = community + 1
        # Named like VOSviewer's own co-authorship maps: Documents, Links, Total link strength.
        item["weights"] = {
            "Documents": int(row.papers),
            "Links": int(row.coauthors),
            "Total link strength": int(row.weighted_degree),
        }
        scores: dict[str, float] = {"PageRank": float(f"{float(row.pagerank):.6g}")}
        if years:
            # np.mean's value (its float sum of whole years is exact), without its cost per call
            scores["Avg. pub. year"] = round(float(sum(years)) / len(years), 2)
        item["scores"] = scores
        yield item


def _vos_links(m: CoauthorMap) -> Iterator[dict[str, Any]]:
    for t in m.ties.itertuples(index=False):
        yield {"source_id": int(t.a) + 1, "target_id": int(t.b) + 1, "strength": int(t.weight)}


def _vos_clusters(stats: Analytics) -> list[dict[str, Any]]:
    return [
        {"cluster": int(c) + 1, "label": f"community {int(c)} ({int(s)} people)"}
        for c, s in zip(stats.communities["community"], stats.communities["size"])
        if 0 <= int(c) < VOS_MAX_CLUSTERS
    ]


def _describe(row: Any) -> str:
    """The item's description: VOSviewer reads it as HTML, so every name is escaped."""
    from html import escape

    parts = [f"<b>{escape(str(row.name))}</b>"]
    if isinstance(row.alternate_names, str) and row.alternate_names:
        parts.append("Also printed as: " + escape(row.alternate_names))
    elif isinstance(row.alternate_names, (list, tuple)) and row.alternate_names:
        parts.append("Also printed as: " + escape("; ".join(row.alternate_names)))
    if not missing(row.first_year):
        parts.append(f"Papers {int(row.first_year)}–{int(row.last_year)}")
    if isinstance(row.organizations, str) and row.organizations:
        parts.append("Organizations: " + escape(row.organizations))
    return "<br>".join(parts)


def write_vosviewer(
    res: Resolution, stats: Analytics, coauthors: pd.DataFrame, path: Path, m: CoauthorMap | None = None
) -> dict[str, int]:
    """VOSviewer's JSON map at `path` (the text json.dumps gives vosviewer_map's value); returns how
    many items, links and clusters it holds.

    Written a block of items or links at a time: the whole map as dicts and then as one string was
    the maps stage's peak at a million people (1.6M links, 638k items)."""
    m = coauthor_map(res, stats, coauthors) if m is None else m
    clusters = _vos_clusters(stats)
    counts = {}
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write('{"network":{"items":[')
        counts["items"] = _json_blocks(f, _vos_items(m))
        f.write('],"links":[')
        counts["links"] = _json_blocks(f, _vos_links(m))
        f.write('],"clusters":')
        f.write(_dumps(clusters))
        f.write("}}\n")
    counts["clusters"] = len(clusters)
    return counts


def _dumps(value: Any) -> str:
    # dumps, not dump: only the one-shot encoder is json's C one (same text, several times faster)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_blocks(f: Any, values: Iterator[Any], block: int = 10_000) -> int:
    """The values as the inside of a JSON array (what _dumps writes between [ and ]), a block at a time."""
    count = 0
    while chunk := list(itertools.islice(values, block)):
        f.write(("," if count else "") + _dumps(chunk)[1:-1])
        count += len(chunk)
    return count
