"""The build: input paths in, records, pages and rejects out (later stages add the graph)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from kg import html, report, topics
from kg.analytics import Analytics, analyse
from kg.capture import View
from kg.extract import FORMATS, Context, InputFormat, choose
from kg.graph import (
    NETWORKX_GRAPH_LIMIT,
    build_graph,
    coauthor_table,
    node_count,
    write_graphml,
    write_graphml_from_tables,
)
from kg.model import Page, Record, Rejected
from kg.rdf import DEFAULT_BASE, triples, write_turtle
from kg.read import Text, read
from kg.resolve import Aliases, Resolution, resolve


class InputError(Exception):
    """An input path that does not exist: a user mistake, reported in one line."""


@dataclass
class Extracted:
    pages: list[Page] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)


def find_inputs(inputs: Iterable[Path]) -> list[tuple[Path, str]]:
    """Files under the inputs, sorted, each with the name it goes by in the outputs."""
    found: dict[str, Path] = {}
    for base in inputs:
        if base.is_file():
            found.setdefault(base.name, base)
        elif base.is_dir():
            for path in sorted(base.rglob("*")):
                rel = path.relative_to(base)
                if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                    found.setdefault(rel.as_posix(), path)
        else:
            raise InputError(f"{base}: no such file or folder")
    return [(path, source) for source, path in sorted(found.items())]


def extract_files(files: list[tuple[Path, str]], as_of: dt.date) -> Extracted:
    """Reads every file; a bad file becomes a reject and never stops the others.

    Formats that need names (compact lists) go last: the names that the other inputs
    print are evidence for where their glued titles end and author lists begin.
    """
    deferred: list[tuple[str, Text, InputFormat, View]] = []
    known: set[str] = set()
    plain = Context(as_of=as_of)
    results: dict[str, tuple[Page, list[Record], list[Rejected]]] = {}

    def keep(source: str, text: Text, fmt: InputFormat, view: View, ctx: Context) -> None:
        out = fmt.extract(source, view.lines, ctx)
        for item in (*out.records, *out.rejects):
            item.line = view.file_line(item.line)
        out.page.records, out.page.rejects = len(out.records), len(out.rejects)
        out.page.notes = text.notes + view.notes + out.page.notes
        out.page.capture = view.capture
        results[source] = (out.page, out.records, out.rejects)
        if not fmt.needs_names:
            known.update(name for r in out.records for name in r.authors)
            if out.page.owner:
                known.add(out.page.owner)

    for path, source in files:
        text = read(path, source)
        if isinstance(text, Rejected):
            results[source] = (Page(source, None, rejects=1), [], [text])
            continue
        chosen = choose(text.lines)
        if chosen is None:
            bad = Rejected(
                source,
                1,
                "no known page layout or export format (" + ", ".join(f.name for f in FORMATS) + ")",
                "\n".join(text.lines[:5])[:500],
                "unknown_layout",
            )
            results[source] = (Page(source, None, rejects=1, notes=text.notes), [], [bad])
        elif chosen[0].needs_names:
            deferred.append((source, text, *chosen))
        else:
            keep(source, text, *chosen, plain)
    evidence = Context(as_of=as_of, known_names=frozenset(known))  # frozen once, not per page
    for source, text, fmt, view in deferred:
        keep(source, text, fmt, view, evidence)
    result = Extracted()
    for _, source in files:
        page, records, rejects = results[source]
        result.pages.append(page)
        result.records.extend(records)
        result.rejects.extend(rejects)
    return result


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_resolution(res: Resolution, out: Path) -> None:
    """merges.csv (kept name, merged names, evidence) and conflicts.csv (facts pages disagree on)."""
    res.merges.to_csv(out / "merges.csv", index=False, lineterminator="\n")
    res.conflicts.to_csv(out / "conflicts.csv", index=False, lineterminator="\n")


def write_extraction(result: Extracted, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "records.jsonl", (r.to_dict() for r in result.records))
    write_jsonl(out / "pages.jsonl", (p.to_dict() for p in result.pages))
    write_jsonl(out / "rejects.jsonl", (r.to_dict() for r in result.rejects))


@dataclass
class Built:
    """What one build produced, for the CLI to report."""

    extracted: Extracted
    resolution: Resolution
    graph: nx.DiGraph | None  # None above NETWORKX_GRAPH_LIMIT nodes
    coauthors: pd.DataFrame
    stats: Analytics
    triples: int
    seconds: dict[str, float]


def build(
    files: list[tuple[Path, str]],
    out: Path,
    as_of: dt.date,
    aliases: Aliases | None = None,
    base_iri: str = DEFAULT_BASE,
    max_nodes: int = html.MAX_NODES,
    on_stage: Callable[[str], None] | None = None,
) -> Built:
    """The whole pipeline: pages → records → entities → graph → files in `out`."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        if on_stage is not None:
            on_stage(stage)  # e.g. the benchmark reading memory; its time is not counted
        clock = time.perf_counter()

    extracted = extract_files(files, as_of)
    write_extraction(extracted, out)
    lap("extract")
    resolution = resolve(extracted.records, extracted.pages, aliases)
    write_resolution(resolution, out)
    lap("resolve")
    topics.attach(resolution)
    lap("topics")
    coauthors = coauthor_table(resolution.authorship)
    lap("graph")
    stats = analyse(resolution, coauthors=coauthors)
    # Measures go on the people, so the graph, GraphML and Turtle all carry them.
    resolution.people = resolution.people.merge(stats.people.drop(columns=["component"]), on="person_id", how="left")
    write_stats(stats, out / "stats")
    lap("analytics")
    graph = None
    if node_count(resolution) <= NETWORKX_GRAPH_LIMIT:
        graph = build_graph(resolution, coauthors)
        write_graphml(graph, out / "graph.graphml")
    else:
        write_graphml_from_tables(resolution, coauthors, out / "graph.graphml")
    lap("graph")
    count = write_turtle(triples(resolution, coauthors, base_iri), out / "graph.ttl", base_iri)
    lap("turtle")
    (out / "report.html").write_text(report.render(resolution, stats), encoding="utf-8")
    html.write_pages(resolution, stats, coauthors, out, max_nodes)
    lap("html")
    return Built(extracted, resolution, graph, coauthors, stats, count, seconds)


def write_stats(stats: Analytics, folder: Path) -> None:
    """The collaboration tables as CSV and the summary as JSON; floats rounded so that
    last-bit differences between machines do not change the bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "authors": stats.authors,
        "pairs": stats.pairs,
        "organizations": stats.organizations,
        "categories": stats.categories,
        "years": stats.years,
        "communities": stats.communities,
        "authorships": stats.authorships,
        "topics": stats.topics,
        "topic_years": stats.topic_years,
    }
    for name, table in tables.items():
        table.round(10).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    summary = {k: round(v, 10) if isinstance(v, float) else v for k, v in stats.summary.items()}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
