"""Everything a build writes, as a registry the build loops over.

An `Output` has a name (also its stage in timings and progress), the files it writes and a
`write(built, out) -> summary` function. Built-in outputs go through the same door as any
new one; the tests enumerate OUTPUTS, so a new output gets the determinism test for free.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pandas as pd

from kg import html, report
from kg.graph import write_graphml, write_graphml_from_tables
from kg.model import Record
from kg.parallel import cores, forked_pool, give_back, picklable, result_of, stop
from kg.resolve import write_paper_merges
from kg.turtle_writer import write_graph

if TYPE_CHECKING:
    from kg.build import Built, Extracted


@dataclass(frozen=True)
class Output:
    name: str
    files: tuple[str, ...]  # paths under the output folder ("stats/" for a folder)
    description: str
    write: Callable[[Built, Path], dict[str, Any]]
    cost: float = 1.0  # seconds at 100k papers (docs/benchmarks.md): the parallel writer starts the dearest first


# Characters that many line readers (Python's str.splitlines among them) take for a line end; JSON
# writes them raw, so a title holding one would split its record in two. Escaped, the value is the same.
LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False)
            if "\x85" in line or "\u2028" in line or "\u2029" in line:  # rare: translate reads every character
                line = line.translate(LINE_BREAKS)
            f.write(line + "\n")
            count += 1
    return count


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with = + - @, a tab
# or a carriage return. Such a cell is written with a single quote before it, which spreadsheets show
# as text. So that the quote can be taken off again without doubt, a cell that already starts with
# quotes before such a character gets one more. records.jsonl and graph.ttl keep the text exactly.
FORMULA = re.compile(r"'*[=+\-@\t\r]")
NEUTRALIZED = re.compile(r"''*[=+\-@\t\r]")


def neutralize(value: object) -> object:
    """A CSV cell a spreadsheet shows as text; anything but a string is left alone."""
    return "'" + value if isinstance(value, str) and FORMULA.match(value) else value


def restore(value: object) -> object:
    """The inverse of `neutralize`: the text as kg found it."""
    return value[1:] if isinstance(value, str) and NEUTRALIZED.match(value) else value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as CSV, its text cells neutralized (see FORMULA); numbers are written as numbers."""
    text = [c for c in frame.select_dtypes(include=["object", "string"]).columns if _has_formula(frame[c])]
    safe = frame.assign(**{column: frame[column].map(neutralize) for column in text}) if text else frame
    safe.to_csv(path, index=False, lineterminator="\n")


def _has_formula(column: pd.Series) -> bool:
    """Whether any cell of the column is text `neutralize` changes: one regex over the whole
    column (most hold none), where calling `neutralize` cell by cell took most of stats/."""
    try:
        return bool(column.str.match(FORMULA.pattern, na=False).any())
    except (AttributeError, TypeError):  # not a column of text (lists, numbers): ask cell by cell
        return any(isinstance(v, str) and FORMULA.match(v) for v in column)


def read_csv(path: Path, text_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV kg wrote, its cells restored (see `neutralize`); `text_columns` are read as text, empty as ""."""
    names = list(text_columns)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=dict.fromkeys(names, str))
    for column in frame.select_dtypes(include=["object", "string"]).columns:
        frame[column] = frame[column].map(restore)
    for column in names:
        if column in frame:
            # a column with no text at all reads as float NaN whatever dtype was asked for
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    return frame


def _records(built: Built, out: Path) -> dict[str, Any]:
    found = built.extracted
    return {
        "records": write_jsonl(out / "records.jsonl", (r.to_dict() for r in found.records)),
        "pages": write_jsonl(out / "pages.jsonl", (p.to_dict() for p in found.pages)),
        "rejects": write_jsonl(out / "rejects.jsonl", (r.to_dict() for r in found.rejects)),
    }


class WrittenRecords:
    """A build's records as its records.jsonl holds them, read back each time they are iterated.

    Once resolved, the records are needed for that file only; the build writes it then and keeps
    this in place of the list (at a million papers the Record objects are gigabytes, the largest
    thing the build held through topics, analytics and the outputs). An open descriptor: the file
    is read where it is, even once its folder has replaced --out (kg.build.staged)."""

    def __init__(self, path: Path, count: int) -> None:
        self.count = count
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Record]:
        at, rest = 0, b""
        while block := os.pread(self._fd, 1 << 20, at):
            at += len(block)
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield Record(**json.loads(line))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Iterable) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def write_records_early(extracted: Extracted, out: Path, on_start: Callable[[str], None] | None = None) -> Done:
    """The "records" output as soon as resolution is done (it reads nothing else), and
    `extracted.records` read back from it from then on (WrittenRecords); an error is kept for
    `write_all` to raise in OUTPUTS order."""
    if on_start is not None:
        on_start("records")
    try:
        done = _timed(SimpleNamespace(extracted=extracted), BY_NAME["records"], out)  # type: ignore[arg-type]
    except Exception as e:
        return {"records": e}
    extracted.records = WrittenRecords(out / "records.jsonl", done[0]["records"])  # type: ignore[assignment]
    return {"records": done}


def _resolution(built: Built, out: Path) -> dict[str, Any]:
    res = built.resolution
    write_csv(res.merges, out / "merges.csv")
    write_csv(res.conflicts, out / "conflicts.csv")
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
        write_csv(table.round(10), folder / f"{name}.csv")
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
    # Column by column (kg.turtle_writer): the triples of kg.rdf.triples, four times faster than a term each.
    written = write_graph(built.resolution, out / "graph.ttl", built.options.base_iri)
    return {"triples": written.count, "noncharacters_replaced": written.replaced}


def _report(built: Built, out: Path) -> dict[str, Any]:
    (out / "report.html").write_text(report.render(built.resolution, built.stats), encoding="utf-8")
    return {}


def _pages(built: Built, out: Path) -> dict[str, Any]:
    html.write_pages(built.resolution, built.stats, out, built.options.max_nodes)
    return {}


def _network(built: Built, out: Path) -> dict[str, Any]:
    from kg import webgl

    return webgl.write_network_page(built.resolution, built.stats, built.coauthors, out)


def _maps(built: Built, out: Path) -> dict[str, Any]:
    from kg import exports

    res, stats, ties = built.resolution, built.stats, built.coauthors
    m = exports.coauthor_map(res, stats, ties)  # once for both files
    return {
        "gexf": exports.write_gexf(res, stats, ties, out / "coauthors.gexf", m),
        "vosviewer": exports.write_vosviewer(res, stats, ties, out / "coauthors.vosviewer.json", m),
    }


OUTPUTS: tuple[Output, ...] = (
    Output("records", ("records.jsonl", "pages.jsonl", "rejects.jsonl"), "what was read, as read", _records, 0.8),
    Output("resolution", ("merges.csv", "conflicts.csv"), "name merges and conflicting facts", _resolution, 0.2),
    Output(
        "paper_merges",
        ("paper-merges.csv",),
        "records joined into one paper, with the evidence: same DOI, same arXiv id, same title",
        lambda built, out: {"paper_merges": write_paper_merges(built.resolution, out / "paper-merges.csv")},
        0.2,
    ),
    Output("stats", ("stats/",), "collaboration tables and the summary", _stats, 0.6),
    Output("graphml", ("graph.graphml",), "the graph for Gephi and Cytoscape", _graphml, 2.1),
    Output("turtle", ("graph.ttl",), "the knowledge graph in RDF/Turtle", _turtle, 2.0),
    Output("report", ("report.html",), "charts and tables of the collaboration statistics", _report, 0.6),
    Output("html", ("coauthors.html", "graph.html"), "interactive offline network pages", _pages, 1.4),
    Output("network", ("network.html",), "every person of the coauthor network, drawn with WebGL", _network, 0.8),
    Output(
        "maps", ("coauthors.gexf", "coauthors.vosviewer.json"), "the coauthor map for Gephi and VOSviewer", _maps, 5.0
    ),
)
BY_NAME = {o.name: o for o in OUTPUTS}
# Outputs that reuse a value one of them computes (the coauthor layout, kg/layout.py, kept per
# build in the process that drew it) are written one after the other by one process. Each group is
# a run of neighbours in OUTPUTS, so its first error is still the first in OUTPUTS order.
TOGETHER: tuple[tuple[str, ...], ...] = (("network", "maps"),)

# Outputs that read neither the topics nor the analytics' topic tables: a build with two processes
# writes them while the other one finds the topics (kg/build.py). Maps draws the coauthor layout,
# which the network page's writer then inherits.
WITHOUT_TOPICS = ("records", "resolution", "paper_merges", "maps")

# Outputs already written: each one's (summary, seconds, pid), or the error it raised.
Done = dict[str, "tuple[dict[str, Any], float, int] | Exception"]

# Below this many records the outputs take well under a second together: forking writers costs more.
PARALLEL_RECORDS = 5_000


def auto_writers(records: int) -> int:
    """Every core for a build of `records` records or more, one below (tests and small builds stay in-process)."""
    return cores() if records >= PARALLEL_RECORDS else 1


def tasks(skip: Iterable[str] = ()) -> list[tuple[str, ...]]:
    """The outputs but `skip` as the writer processes take them: TOGETHER's groups as one task, dearest first."""
    grouped = {name for group in TOGETHER for name in group}
    found = [*TOGETHER, *((o.name,) for o in OUTPUTS if o.name not in grouped)]
    left = {*skip}
    found = [kept for task in found if (kept := tuple(name for name in task if name not in left))]
    return sorted(found, key=lambda task: -sum(BY_NAME[name].cost for name in task))


def write_early(
    built: Built, out: Path, on_start: Callable[[str], None] | None = None, done: Done | None = None
) -> Done:
    """The WITHOUT_TOPICS outputs of a build whose topics are still being found, but those `done`
    holds; an error is kept, for `write_all` to raise in OUTPUTS order (the serial build would meet
    the others' errors first)."""
    done = dict(done or {})
    for name in WITHOUT_TOPICS:
        if name in done:
            continue
        if on_start is not None:
            on_start(name)
        try:
            done[name] = _timed(built, BY_NAME[name], out)
        except Exception as e:
            done[name] = e
    return done


def write_all(
    built: Built,
    out: Path,
    workers: int = 1,
    on_start: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    done: Done | None = None,
    *,
    beside_this: bool = False,
) -> None:
    """Every output into `out` but those `done` holds (see `write_early`); summaries and seconds
    into `built`, in OUTPUTS order either way.

    With one worker and `beside_this` (memory affords one forked copy of this process, not two:
    kg.parallel.affordable), one forked writer takes about half of the work while this process
    writes the rest (at a million papers the outputs after topics were two minutes on one core).

    With `workers` > 1 the outputs are written by that many forked processes, which see `built`
    as the parent left it (nothing is pickled but each output's name and summary); the dearest
    outputs go first, so the writers finish near together. Each output writes its own files, so
    the bytes are those of the serial loop. An error is the first one in OUTPUTS order, as the
    serial loop would raise it; it and SIGINT stop the other writers before they are raised.
    """
    done = done or {}
    forks = "fork" in multiprocessing.get_all_start_methods()  # the writers inherit `built`
    if workers > 1 and forks:
        _write_forked(built, out, workers, tasks(skip=done), [], on_start, on_stage, done)
    elif beside_this and forks:
        _write_forked(built, out, 1, *halves(tasks(skip=done)), on_start, on_stage, done)
    else:
        for output in OUTPUTS:
            if on_start is not None and output.name not in done:
                on_start(output.name)
            _take(built, output.name, done.get(output.name) or _timed(built, output, out))
            give_back()  # what the output's writer freed (kg.parallel.give_back)
            if on_stage is not None:
                on_stage(output.name)


def halves(todo: list[tuple[str, ...]]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """`todo` (dearest first) split in two of about equal cost, each task to the lighter half so far:
    the first half for a forked writer, the second for this process."""
    parts: tuple[list[tuple[str, ...]], list[tuple[str, ...]]] = ([], [])
    load = [0.0, 0.0]
    for task in todo:
        lighter = 0 if load[0] <= load[1] else 1
        parts[lighter].append(task)
        load[lighter] += sum(BY_NAME[name].cost for name in task)
    return parts


def _write_forked(
    built: Built,
    out: Path,
    writers: int,
    theirs: list[tuple[str, ...]],
    mine: list[tuple[str, ...]],
    on_start: Callable[[str], None] | None,
    on_stage: Callable[[str], None] | None,
    done: Done,
) -> None:
    """The tasks `theirs` over `writers` forked writers, which see `built` as this process left it
    (nothing is pickled but each output's name and summary), while this process writes `mine`.
    Results are taken in OUTPUTS order, so the error raised is the first the serial loop would
    meet; it and SIGINT stop the writers before they are raised."""
    global _BUILT
    _BUILT = built
    pool = forked_pool(min(writers, len(OUTPUTS)))
    assert pool is not None
    try:
        if on_start is not None:
            on_start("outputs")
        futures: dict[str, tuple[Future, int]] = {}
        for task in theirs:
            future = pool.submit(_write, task, str(out))
            futures.update({name: (future, n) for n, name in enumerate(task)})
        written = dict(done)
        for task in mine:
            for name in task:
                try:
                    written[name] = _timed(built, BY_NAME[name], out)
                except Exception as e:  # raised in OUTPUTS order below
                    written[name] = e
                    break  # the rest of a TOGETHER group needs what this one failed to make
                finally:
                    give_back()
        for output in OUTPUTS:
            if output.name in written:
                _take(built, output.name, written[output.name])
            else:
                future, n = futures[output.name]
                _take(built, output.name, result_of(future)[n])
            if on_stage is not None:
                on_stage(output.name)
    except BaseException:
        stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _BUILT = None


def _take(built: Built, name: str, result: tuple[dict[str, Any], float, int] | Exception) -> None:
    if isinstance(result, Exception):
        raise result
    summary, seconds, pid = result
    built.summaries[name] = summary
    built.seconds[name] = built.seconds.get(name, 0.0) + seconds
    built.writers[name] = pid


def _timed(built: Built, output: Output, out: Path) -> tuple[dict[str, Any], float, int]:
    clock = time.perf_counter()
    summary = output.write(built, out)
    return summary, time.perf_counter() - clock, os.getpid()


_BUILT: Built | None = None  # the build the forked writers see: set in the parent before they fork


def _write(task: tuple[str, ...], out: str) -> list[tuple[dict[str, Any], float, int]]:
    """A task's outputs in order, in a writer process: each one's summary, seconds and the writer's pid."""
    assert _BUILT is not None
    try:
        return [_timed(_BUILT, BY_NAME[name], Path(out)) for name in task]
    except Exception as e:
        error = picklable(e)
        if error is e:
            raise
        raise error from None


class StatsError(Exception):
    """A stats/ folder that is missing, or that kg did not write: reported in one line."""


# The columns `kg stats` reads, and of those the ones that are text (a name such as "123" stays text).
STATS_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "authors": (
        (
            "name",
            "papers",
            "solo_papers",
            "coauthors",
            "joint_papers",
            "first_year",
            "last_year",
            "categories",
            "organizations",
            "alternate_names",
            "weighted_degree",
            "betweenness",
            "closeness",
            "eigenvector",
            "pagerank",
            "community",
        ),
        ("name", "alternate_names", "categories", "organizations"),
    ),
    "pairs": (("a", "b", "joint_papers", "first_year", "last_year"), ("a", "b")),
    "communities": (
        ("community", "size", "density", "top_members", "top_categories"),
        ("top_members", "top_categories"),
    ),
    "authorships": (("name", "title", "year", "position"), ("name", "title")),
}
NUMBERS = {
    "authors": ("papers", "coauthors", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank"),
    "pairs": ("joint_papers",),
    "communities": ("size",),
    "authorships": (),
}


def read_stats(folder: Path) -> dict[str, Any]:
    """The summary and the tables `kg stats` prints, read back from a build's stats/ folder.

    Raises StatsError, naming the file, for a folder kg did not write or whose files are damaged.
    """
    stats_dir = folder / "stats"
    summary_file = stats_dir / "summary.json"
    if not summary_file.is_file():
        raise StatsError(f"{stats_dir}: no statistics here (run `kg build --out {folder}` first)")
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise StatsError(f"{summary_file}: not the summary a build writes ({e})") from None
    if not isinstance(summary, dict):
        raise StatsError(f"{summary_file}: not the summary a build writes (not a JSON object)")
    tables: dict[str, Any] = {"summary": summary}
    for name, (columns, text) in STATS_COLUMNS.items():
        path = stats_dir / f"{name}.csv"
        try:
            frame = read_csv(path, text)
        except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as e:
            raise StatsError(f"{path}: not a table a build writes ({str(e).strip() or type(e).__name__})") from None
        missing = [c for c in columns if c not in frame]
        if missing:
            raise StatsError(f"{path}: not a table a build writes (no column {', '.join(missing)})")
        for column in NUMBERS[name]:
            if len(frame) and not pd.api.types.is_numeric_dtype(frame[column]):
                raise StatsError(f"{path}: not a table a build writes (column {column} holds text, not numbers)")
        tables[name] = frame
    return tables
