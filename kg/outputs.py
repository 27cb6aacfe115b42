"""Everything a build writes, as a registry the build loops over.

An `Output` has a name (also its stage in timings and progress), the files it writes and a
`write(built, out) -> summary` function. Built-in outputs go through the same door as any
new one; the tests enumerate OUTPUTS, so a new output gets the determinism test for free.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import html, report
from kg.graph import write_graphml, write_graphml_from_tables
from kg.rdf import triples, write_turtle
from kg.resolve import write_paper_merges

if TYPE_CHECKING:
    from kg.build import Built


@dataclass(frozen=True)
class Output:
    name: str
    files: tuple[str, ...]  # paths under the output folder ("stats/" for a folder)
    description: str
    write: Callable[[Built, Path], dict[str, Any]]


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _records(built: Built, out: Path) -> dict[str, Any]:
    found = built.extracted
    return {
        "records": write_jsonl(out / "records.jsonl", (r.to_dict() for r in found.records)),
        "pages": write_jsonl(out / "pages.jsonl", (p.to_dict() for p in found.pages)),
        "rejects": write_jsonl(out / "rejects.jsonl", (r.to_dict() for r in found.rejects)),
    }


def _resolution(built: Built, out: Path) -> dict[str, Any]:
    res = built.resolution
    res.merges.to_csv(out / "merges.csv", index=False, lineterminator="\n")
    res.conflicts.to_csv(out / "conflicts.csv", index=False, lineterminator="\n")
    return {"merges": len(res.merges), "conflicts": len(res.conflicts)}


STATS_TABLES = (
    "authors",
    "pairs",
    "organizations",
    "categories",
    "years",
    "communities",
    "authorships",
    "topics",
    "topic_years",
)


def _stats(built: Built, out: Path) -> dict[str, Any]:
    """The collaboration tables as CSV and the summary as JSON; floats rounded so that
    last-bit differences between machines do not change the bytes."""
    folder = out / "stats"
    folder.mkdir(parents=True, exist_ok=True)
    for name in STATS_TABLES:
        table = getattr(built.stats, name)
        table.round(10).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    summary = {k: round(v, 10) if isinstance(v, float) else v for k, v in built.stats.summary.items()}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"tables": len(STATS_TABLES)}


def _graphml(built: Built, out: Path) -> dict[str, Any]:
    graph = built.graph
    if graph is None:  # too large for a NetworkX object: igraph writes it from the tables
        write_graphml_from_tables(built.resolution, out / "graph.graphml")
        return {"writer": "igraph"}
    write_graphml(graph, out / "graph.graphml")
    return {"writer": "networkx", "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


def _turtle(built: Built, out: Path) -> dict[str, Any]:
    base = built.options.base_iri
    return {"triples": write_turtle(triples(built.resolution, base), out / "graph.ttl", base)}


def _report(built: Built, out: Path) -> dict[str, Any]:
    (out / "report.html").write_text(report.render(built.resolution, built.stats), encoding="utf-8")
    return {}


def _pages(built: Built, out: Path) -> dict[str, Any]:
    html.write_pages(built.resolution, built.stats, out, built.options.max_nodes)
    return {}


OUTPUTS: tuple[Output, ...] = (
    Output("records", ("records.jsonl", "pages.jsonl", "rejects.jsonl"), "what was read, as read", _records),
    Output("resolution", ("merges.csv", "conflicts.csv"), "name merges and conflicting facts", _resolution),
    Output(
        "paper_merges",
        ("paper-merges.csv",),
        "records joined into one paper, with the evidence: same DOI, same arXiv id, same title",
        lambda built, out: {"paper_merges": write_paper_merges(built.resolution, out / "paper-merges.csv")},
    ),
    Output("stats", ("stats/",), "collaboration tables and the summary", _stats),
    Output("graphml", ("graph.graphml",), "the graph for Gephi and Cytoscape", _graphml),
    Output("turtle", ("graph.ttl",), "the knowledge graph in RDF/Turtle", _turtle),
    Output("report", ("report.html",), "charts and tables of the collaboration statistics", _report),
    Output("html", ("coauthors.html", "graph.html"), "interactive offline network pages", _pages),
)
