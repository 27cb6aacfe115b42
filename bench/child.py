"""One benchmark run in a fresh process (clean peak memory): `build` or `baseline` on a corpus.

Prints one JSON object: per stage the wall time, the resident memory after it and the peak
during it (Linux /proc; the peak is reset between stages), plus counts for throughput.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import threading
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 24)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux >= 4.0)


def _tree_pss() -> int:
    """Bytes of memory this process and its descendants hold together: the sum of their
    proportional set sizes, in which a page a forked process shares with its parent counts once
    (summed peaks of RSS count it in each)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rpartition(")")[2].split()[1])
    tree, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
    return total


class TreePeak(threading.Thread):
    """The largest `_tree_pss` seen, sampled every `every` seconds while the build runs: the
    memory the machine gives the whole build at once, forked processes included."""

    def __init__(self, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self.done = every, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.peak = max(self.peak, _tree_pss())

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak / 2**30


class Meter:
    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self.clock = time.perf_counter()
        _reset_peak()

    def __call__(self, stage: str, seconds: float | None = None) -> None:
        now = time.perf_counter()
        row = self.stages.setdefault(stage, {"seconds": 0.0, "rss_gib": 0.0, "peak_gib": 0.0})
        row["seconds"] += now - self.clock if seconds is None else seconds
        row["rss_gib"] = _status("VmRSS") / 2**30
        row["peak_gib"] = max(row["peak_gib"], _status("VmHWM") / 2**30)
        _reset_peak()
        self.clock = time.perf_counter()


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the extraction workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def ours(pages: Path, out: Path, cache: bool = False, add: Path | None = None, workers: int | None = None) -> dict:
    # Libraries kg.build loads only as a build reaches them (see kg.build.knowledge_graph), loaded
    # here outside the timed build, where they were loaded before
    import sklearn.metrics  # noqa: F401

    import kg.topics  # noqa: F401
    from kg.build import build, find_inputs

    meter = Meter()
    seconds: dict[str, float] = {}
    files = find_inputs([pages, add] if add else [pages])
    tree = TreePeak()
    tree.start()
    cpu, wall = _cpu(), time.perf_counter()
    built = build(files, out, AS_OF, on_stage=lambda stage: meter(stage), cache=cache, workers=workers)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    tree_peak = tree.stop()
    seconds = built.seconds
    for stage, value in seconds.items():  # the build's own clock, which leaves the meter's reads out
        meter.stages[stage]["seconds"] = value
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 2**30
    return {
        "stages": meter.stages,
        "wall": wall,  # the whole build, meter reads included (they are small)
        "cpu": cpu,
        "children_peak_gib": children_peak,
        "tree_pss_peak_gib": tree_peak,  # the build and its forked processes at once, shared pages once
        "files": len(files),
        "records": len(built.extracted.records),
        "papers": len(built.resolution.papers),
        "people": len(built.resolution.people),
        "coauthor_pairs": len(built.coauthors),
        "triples": built.summaries["turtle"]["triples"],
        "betweenness": built.stats.summary["betweenness"],
        "engine": built.stats.summary["engine"],
    }


def baseline(pages: Path, out: Path, pivots: int) -> dict:
    """The straightforward pipeline on the same records: an rdflib Graph serialized to Turtle,
    and NetworkX's PageRank, Louvain and sampled betweenness with their defaults."""
    import networkx as nx
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    from kg.build import extract_files, find_inputs
    from kg.graph import coauthor_graph, coauthor_table
    from kg.rdf import triples
    from kg.resolve import resolve
    from kg.schema import KnowledgeGraph
    from kg.topics import find_topics

    meter = Meter()
    extracted = extract_files(find_inputs([pages]), AS_OF)
    resolution = resolve(extracted.records, extracted.pages)
    coauthors = coauthor_table(resolution.authorship)
    res = KnowledgeGraph.assemble(resolution, find_topics(resolution), coauthors)  # no measures: not compared
    meter("prepare (not compared)")

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        return BNode(t.value)

    g = Graph()
    count = 0
    for tr in triples(res):
        g.add((term(tr.subject), term(tr.predicate), term(tr.object)))
        count += 1
    out.mkdir(parents=True, exist_ok=True)
    g.serialize(out / "baseline.ttl", format="turtle")
    meter("turtle")
    del g
    net = coauthor_graph(res, coauthors)
    nx.pagerank(net, weight="weight")
    nx.community.louvain_communities(net, weight="weight", seed=42)
    nx.betweenness_centrality(net, k=min(pivots, len(net)), seed=42)
    meter("analytics")
    return {"stages": meter.stages, "triples": count, "betweenness_pivots": min(pivots, len(net))}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["build", "baseline"])
    parser.add_argument("pages", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("pivots", type=int, nargs="?", default=200)
    parser.add_argument("--cache", action="store_true", help="build through the extraction cache in OUT")
    parser.add_argument("--add", type=Path, help="one more input file beside the pages")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    if args.mode == "build":
        result = ours(args.pages, args.out, args.cache, args.add, args.workers)
    else:
        result = baseline(args.pages, args.out, args.pivots)
    print(json.dumps(result))
