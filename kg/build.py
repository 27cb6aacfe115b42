"""The build: input paths in; stages from values to values; then every registered output.

extract (kg.extract) → resolve (kg.resolve) → topics (kg.topics) → graph (coauthor ties)
→ analytics (kg.analytics, kg.engine) → outputs (kg.outputs). No stage changes the value
an earlier stage returned.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from kg import html
from kg.analytics import Analytics, analyse
from kg.engine import LIMITS, Limits
from kg.graph import build_graph, coauthor_table
from kg.model import Page, Record, Rejected
from kg.parallel import extract_all
from kg.rdf import DEFAULT_BASE
from kg.resolve import Aliases, resolve
from kg.schema import KnowledgeGraph, Resolution, node_count
from kg.topics import find_topics


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


def extract_files(
    files: list[tuple[Path, str]], as_of: dt.date, *, workers: int | None = None, cache: Path | None = None
) -> Extracted:
    """Reads every file; a bad file becomes a reject and never stops the others.

    Formats that need names (compact lists) go last: the names that the other inputs
    print are evidence for where their glued titles end and author lists begin.
    Files are read over `workers` processes (None: every core for large inputs, one for
    small) and through the extraction cache in the folder `cache` (None: no cache), both
    in kg/parallel.py; the result is the same either way.
    """
    result = Extracted()
    for page, records, rejects in extract_all(files, as_of, workers=workers, cache=cache):
        result.pages.append(page)
        result.records.extend(records)
        result.rejects.extend(rejects)
    return result


@dataclass(frozen=True)
class Options:
    """Everything a build is asked for beyond its inputs."""

    as_of: dt.date
    aliases: Aliases = field(default_factory=Aliases)
    base_iri: str = DEFAULT_BASE
    max_nodes: int = html.MAX_NODES
    engine: str = "auto"
    limits: Limits = LIMITS


def knowledge_graph(res: Resolution, engine: str = "auto", limits: Limits = LIMITS) -> KnowledgeGraph:
    """The stages after resolution in one call, for code that wants the graph and no files."""
    topics = find_topics(res)
    unmeasured = KnowledgeGraph.assemble(res, topics, coauthor_table(res.authorship))
    return KnowledgeGraph.assemble(res, topics, unmeasured.coauthors, analyse(unmeasured, engine, limits).people)


class Built:
    """What one build produced: each stage's value and each output's summary."""

    def __init__(self, extracted: Extracted, graph: KnowledgeGraph, stats: Analytics, options: Options) -> None:
        self.extracted = extracted
        self.resolution = graph  # the knowledge graph's tables (a Resolution and more)
        self.stats = stats
        self.options = options
        self.summaries: dict[str, dict] = {}
        self.seconds: dict[str, float] = {}

    @property
    def coauthors(self):
        return self.resolution.coauthors

    @cached_property
    def graph(self) -> nx.DiGraph | None:
        """The whole graph in NetworkX, or None above the limit where that costs gigabytes."""
        if node_count(self.resolution) > self.options.limits.networkx_graph_nodes:
            return None
        return build_graph(self.resolution)


def build(
    files: list[tuple[Path, str]],
    out: Path,
    as_of: dt.date,
    aliases: Aliases | None = None,
    base_iri: str = DEFAULT_BASE,
    max_nodes: int = html.MAX_NODES,
    on_stage: Callable[[str], None] | None = None,
    engine: str = "auto",
    on_start: Callable[[str], None] | None = None,
    limits: Limits = LIMITS,
    *,
    workers: int | None = None,
    cache: bool = False,
) -> Built:
    """The whole pipeline: pages → records → entities → topics → ties → measures → every output.

    `on_start(stage)` is called as a stage begins (the CLI shows progress), `on_stage(stage)`
    as it ends (the benchmark reads memory; its time is not counted).
    `workers` processes read the inputs (None: by input size); `cache` keeps each input's
    extraction in `out`/.kg-cache for the next build (kg/cache.py).
    """
    from kg.cache import FOLDER
    from kg.outputs import OUTPUTS

    options = Options(as_of, aliases or Aliases(), base_iri, max_nodes, engine, limits)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def start(stage: str) -> None:
        nonlocal clock
        if on_start is not None:
            on_start(stage)
        clock = time.perf_counter()

    def lap(stage: str) -> None:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - clock
        if on_stage is not None:
            on_stage(stage)

    start("extract")
    extracted = extract_files(files, as_of, workers=workers, cache=out / FOLDER if cache else None)
    lap("extract")
    start("resolve")
    resolution = resolve(extracted.records, extracted.pages, options.aliases)
    lap("resolve")
    start("topics")
    topics = find_topics(resolution)
    lap("topics")
    start("graph")
    coauthors = coauthor_table(resolution.authorship)
    lap("graph")
    start("analytics")
    stats = analyse(KnowledgeGraph.assemble(resolution, topics, coauthors), engine, limits)
    lap("analytics")
    built = Built(extracted, KnowledgeGraph.assemble(resolution, topics, coauthors, stats.people), stats, options)
    out.mkdir(parents=True, exist_ok=True)
    for output in OUTPUTS:
        start(output.name)
        built.summaries[output.name] = output.write(built, out)
        lap(output.name)
    built.seconds = seconds
    return built
