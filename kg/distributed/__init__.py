"""The build on a Dask cluster: the same stages and the same triples as kg.build, past one machine.

What runs where (docs/distributed.md says more):
- extraction: on the workers, one task per partition of the input files, in two passes
  (formats that need names read last, with every partition's names); Parquet per partition
  in OUT/work/;
- resolution: by blocks on the workers (kg/distributed/resolve.py): records and author mentions
  in connected components of "shares any key" (title key, DOI, arXiv id; name key, ORCID and
  other author ids, name block), found by min-label propagation on Dask DataFrames, shuffled by
  component, each component resolved by kg.resolve's own clustering; the client assembles the
  tables (kg.resolve.assemble) from the blocks, the records it loaded and the pages;
- topics: the candidate phrases counted per partition of the papers on the workers, the
  acronym table, spelling use and document frequencies reduced on the client, the selection on
  one worker (kg/distributed/topics.py);
- the network measures: on one worker, over the gathered tables;
- Turtle: one file per partition of subjects, written on the workers (OUT/ttl/part-*.ttl),
  and graph.ttl too when asked; the other outputs are written on the client.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kg import html
from kg.analytics import analyse, what_analyse_reads
from kg.build import Built, Options
from kg.engine import LIMITS, Limits
from kg.graph import coauthor_table
from kg.rdf import DEFAULT_BASE
from kg.resolve import Aliases
from kg.schema import KnowledgeGraph
from kg.turtle_writer import write_graph

from . import extract, turtle
from . import resolve as blocks
from . import topics as topic_counts
from .cluster import connect

WORK = "work"  # Parquet between stages, under the output folder
TTL = "ttl"  # one Turtle file per partition


def build(
    files: list[tuple[Path, str]],
    out: Path,
    as_of: dt.date,
    aliases: Aliases | None = None,
    base_iri: str = DEFAULT_BASE,
    max_nodes: int = html.MAX_NODES,
    engine: str = "auto",
    limits: Limits = LIMITS,
    scheduler: str | None = None,
    partitions: int | None = None,
    single_ttl: bool = False,
    workers: int = 2,
    on_stage: Callable[[str], None] | None = None,
) -> Built:
    """kg.build.build on a cluster: `scheduler` is its address (tcp://host:port), None a local
    cluster of `workers` processes; `partitions` of the input (default: two per worker);
    `on_stage(stage)` is called as a stage ends (the benchmark reads memory there)."""
    from kg.outputs import OUTPUTS

    aliases = aliases or Aliases()
    options = Options(as_of, aliases, base_iri, max_nodes, engine, limits)
    seconds: dict[str, float] = {}
    clock = began = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        if on_stage is not None:
            on_stage(stage)
        clock = time.perf_counter()

    out.mkdir(parents=True, exist_ok=True)
    work = out / WORK
    shutil.rmtree(work, ignore_errors=True)
    with connect(scheduler, workers) as client:
        lap("cluster")  # starting a local cluster, or joining a scheduler
        n = partitions or 2 * max(1, len(client.scheduler_info()["workers"]))
        groups = extract.partition_files(files, n)
        paths = [work / f"extract-{i:05d}.parquet" for i in range(len(groups))]
        first = [client.submit(extract.first_pass, g, as_of, pure=False) for g in groups]
        known: set[str] = set()
        for names in client.gather([client.submit(extract.known_names, f) for f in first]):
            known |= names
        evidence = client.scatter(frozenset(known), broadcast=True)
        counts = client.gather(
            [client.submit(extract.second_pass, f, evidence, as_of, p) for f, p in zip(first, paths)]
        )
        del first
        lap("extract")

        extracted = extract.load(paths)
        resolution, blocking = blocks.resolve(client, paths, counts, extracted.records, extracted.pages, aliases, n)
        extracted.records = extract.StoredRecords(paths, counts)  # the list goes: records.jsonl reads them back
        lap("resolve")

        # Scattered, not embedded in the task: large values travel as data, not as task graphs.
        topics, counting = topic_counts.topics(client, resolution, n)
        lap("topics")
        coauthors = coauthor_table(resolution.authorship, limits.max_team)
        lap("graph")
        unmeasured = client.scatter(what_analyse_reads(KnowledgeGraph.assemble(resolution, topics, coauthors)))
        stats = client.submit(analyse, unmeasured, engine, limits).result()
        del unmeasured  # the worker's copy of the whole graph goes before the Turtle parts arrive
        lap("analytics")
        graph = KnowledgeGraph.assemble(resolution, topics, coauthors, stats.people)
        built = Built(extracted, graph, stats, options)

        ttl = out / TTL
        shutil.rmtree(ttl, ignore_errors=True)
        ttl.mkdir(parents=True)
        # One part per worker at a time: each part travels with a copy of its rows, and all of them
        # at once held the graph twice on the client and on the workers (1M papers did not fit 24 GiB).
        wave = max(1, len(client.scheduler_info()["workers"]))
        written, running = [], []
        for i, piece in enumerate(turtle.split(graph, n)):
            path = ttl / f"part-{i:05d}.ttl"
            running.append(client.submit(turtle.write_part, client.scatter(piece), path, base_iri, i == 0, pure=False))
            del piece
            if len(running) == wave:
                written += client.gather(running)
                running = []
        written += client.gather(running)
        del running
        lap("turtle")
    summary = {"triples": sum(written), "files": len(written), "folder": str(ttl)}
    if single_ttl:
        summary["single"] = write_graph(graph, out / "graph.ttl", base_iri).count
    else:
        (out / "graph.ttl").unlink(missing_ok=True)  # a stale single file would disagree with the parts
    built.summaries["turtle"] = summary
    for output in OUTPUTS:
        if output.name != "turtle":
            built.summaries[output.name] = output.write(built, out)
    lap("outputs")
    built.seconds = seconds
    built.wall = time.perf_counter() - began
    built.summaries["blocking"] = blocking
    built.summaries["topic_counts"] = counting
    return built
