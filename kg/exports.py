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
from collections.abc import Callable, Iterator
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
    index = pd.Index(ids)
    people = stats.authors.set_index("person_id").reindex(ids)
    people.index.name = "person_id"
    people = people.reset_index()
    people["x"] = where.x * POSITION_SCALE
    people["y"] = where.y * POSITION_SCALE
    # Years as whole numbers looked up by position (people by their index in `ids`, ties by their
    # two indexes), not lists gathered per id in a dict: a million papers have 1.6M ties.
    paper_year = _paper_years(res.papers)
    written = res.authorship[["person_id", "paper_id"]].astype(str)
    person = index.get_indexer(written["person_id"])
    year = paper_year(written["paper_id"])
    kept = (person >= 0) & ~np.isnan(year)
    people["years"] = _distinct_years(person[kept], year[kept].astype(np.int64), np.arange(len(ids)))

    a, b, w = where.ties  # layout.edge_index(ids, coauthors), computed once with the layout
    joint = coauthors[["a", "b", "papers"]].explode("papers").dropna(subset=["papers"])
    first, second = index.get_indexer(joint["a"].astype(str)), index.get_indexer(joint["b"].astype(str))
    year = paper_year(joint["papers"])
    kept = (first >= 0) & (second >= 0) & ~np.isnan(year)
    lo, hi = np.minimum(first, second)[kept], np.maximum(first, second)[kept]
    n = len(ids)
    years = _distinct_years(lo * n + hi, year[kept].astype(np.int64), a * n + b)
    ties = pd.DataFrame({"a": a, "b": b, "weight": w, "years": years})
    return CoauthorMap(people, ties)


def _paper_years(papers: pd.DataFrame) -> Callable[[pd.Series], np.ndarray]:
    """A function from paper ids to their years as floats (NaN: no year, or no such paper)."""
    index = pd.Index(papers["paper_id"])
    years = np.append(papers["year"].to_numpy(dtype=float, na_value=np.nan), np.nan)  # the last: not found
    return lambda paper_ids: years[index.get_indexer(paper_ids.astype(str))]


def _distinct_years(keys: np.ndarray, years: np.ndarray, wanted: np.ndarray) -> list[list[int]]:
    """For each key in `wanted`, the distinct years the rows (keys[i], years[i]) give it, ascending
    ([] for a key with none): `groupby(keys)[years].unique()` sorted, by one sort and two searches."""
    order = np.lexsort((years, keys))
    keys, years = keys[order], years[order]
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (years[1:] != years[:-1])
    keys, values = keys[fresh], years[fresh].tolist()
    starts, ends = np.searchsorted(keys, wanted, "left").tolist(), np.searchsorted(keys, wanted, "right").tolist()
    return [values[s:e] for s, e in zip(starts, ends)]


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
        f.writelines(_gexf_nodes(m.people, size))
        write(f'</nodes>\n<edges count="{len(m.ties)}">')
        f.writelines(_gexf_edges(ids, m.ties))
        write("</edges>\n</graph>\n</gexf>")
    return {"nodes": len(ids), "edges": len(m.ties)}


def _gexf_nodes(people: pd.DataFrame, size: np.ndarray) -> Iterator[str]:
    """Each person's <node> element, as `_element`, `_attvalues` and `_spells` write it, a line at a
    time: the attribute values formatted a column at a time (`_attvalue_cells`), each community's
    colour once."""
    cells = [_attvalue_cells(key, kind, people[column]) for key, kind, column in NODE_ATTRIBUTES]
    colors: dict[int, str] = {}
    for person_id, name, community, years, x, y, s, *values in zip(
        people["person_id"], people["name"], people["community"], people["years"], people["x"], people["y"], size,
        *cells,
    ):  # fmt: skip
        number = -1 if missing(community) else int(community)
        if number not in colors:
            colors[number] = _element("viz:color", _color(number))
        inside = "".join(values)
        yield (
            f'\n<node id="{_attr(person_id)}" label="{_attr(xml_text(str(name)))}">'
            + (f"<attvalues>{inside}</attvalues>" if inside else "")
            + _spells(years)
            + colors[number]
            + f'<viz:position x="{_number(x)}" y="{_number(y)}" z="0.0"></viz:position>'
            + f'<viz:size value="{_number(s)}"></viz:size>'
            + "</node>"
        )


def _attvalue_cells(key: str, kind: str, values: pd.Series) -> list[str]:
    """One column's <attvalue> elements, "" where the person has no value: what `_attvalues`
    writes for each cell (whole numbers for "integer" columns)."""
    if pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
        return [f'<attvalue for="{key}" value="{v}"></attvalue>' for v in values.tolist()]

    def cell(value: Any) -> str:
        if missing(value):
            return ""
        if kind == "integer":
            value = int(value)
        elif value == "":
            return ""
        value = _plain(value)
        text = _number(value) if isinstance(value, float) else _attr(xml_text(str(value)))
        return f'<attvalue for="{key}" value="{text}"></attvalue>'

    return [cell(v) for v in values]


def _gexf_edges(ids: list[str], ties: pd.DataFrame) -> Iterator[str]:
    """Each tie's <edge> element, as `_element` and `_attvalues` write it, a line at a time. Written
    out here for the 1.6M ties of a million papers, where the general helpers' dict and checks per
    edge were most of the file's time: ids escaped once per person, the id a running number, the
    weight a whole number (written as a float), the years whole numbers."""
    escaped = [_attr(i) for i in ids]
    for k, (a, b, weight, years) in enumerate(
        zip(ties["a"].tolist(), ties["b"].tolist(), ties["weight"].tolist(), ties["years"])
    ):
        head = f'\n<edge id="{k}" source="{escaped[a]}" target="{escaped[b]}" weight="{float(weight)}">'
        if not years:
            yield head + "</edge>"
            continue
        yield (
            head
            + f'<attvalues><attvalue for="first_year" value="{years[0]}"></attvalue>'
            + f'<attvalue for="last_year" value="{years[-1]}"></attvalue></attvalues>'
            + _spells(years)
            + "</edge>"
        )


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


def _write_vos_links(f: Any, m: CoauthorMap, block: int = 100_000) -> int:
    """What `_json_blocks(f, _vos_links(m))` writes, formatted here: three whole numbers per link,
    which json.dumps writes as they are (a dict and its encoding per link took most of the file's
    time at a million papers, 1.6M links)."""
    a, b, weight = (m.ties[column].to_numpy(dtype=np.int64) for column in ("a", "b", "weight"))
    for start in range(0, len(a), block):
        rows = zip((a[start : start + block] + 1).tolist(), (b[start : start + block] + 1).tolist(),
                   weight[start : start + block].tolist())  # fmt: skip
        text = ",".join(f'{{"source_id":{x},"target_id":{y},"strength":{w}}}' for x, y, w in rows)
        f.write(("," if start else "") + text)
    return len(a)


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
        counts["links"] = _write_vos_links(f, m)
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
