"""The build: input paths in; stages from values to values; then every registered output.

extract (kg.extract) → resolve (kg.resolve) → topics (kg.topics) → graph (coauthor ties)
→ analytics (kg.analytics, kg.engine) → outputs (kg.outputs). No stage changes the value
an earlier stage returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import glob
import os
import pickle
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from kg import html
from kg.analytics import Analytics, analyse, measure, with_topics
from kg.engine import LIMITS, Limits
from kg.graph import build_graph, coauthor_table
from kg.model import Page, Record, Rejected
from kg.parallel import (
    Standby,
    affordable_now,
    beside,
    beside_result,
    collector_paused,
    cores,
    extract_all,
    fork_affordable,
    give_back,
    standby,
)
from kg.rdf import DEFAULT_BASE
from kg.read import shown_name
from kg.resolve import Aliases, resolve, resolve_papers, resolve_people
from kg.schema import TABLES, KnowledgeGraph, Resolution, Topics, empty, node_count


class InputError(Exception):
    """An input path that does not exist: a user mistake, reported in one line."""


class OutputError(Exception):
    """`--out` cannot be written, or would swallow an input: a user mistake, reported in one line."""


class Busy(OutputError):
    """Another build is writing the same `--out`."""


class Interrupted(Exception):
    """SIGINT during a build. `committed` says whether the new outputs were already in place."""

    def __init__(self, out: Path, committed: bool) -> None:
        self.out, self.committed = out, committed
        where = shown_name(str(out))
        super().__init__(
            f"interrupted after the build was complete: {where}/ holds the new outputs"
            if committed
            else f"interrupted: {where}/ is as it was before this build (nothing written)"
        )


@dataclass
class Extracted:
    pages: list[Page] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)


def _walk(
    folder: Path, rel: tuple[str, ...], skip: set[str], seen: set[tuple[int, int]]
) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """Every path under `folder` that is not hidden, files and what is not a file alike.

    A folder that cannot be listed is yielded itself (reading it names the reason); a folder
    reached twice through symlinks is read once; paths in `skip` (the build's own output) are left out.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        yield folder, rel
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            info = os.stat(path)
        except OSError:  # dangling or looping symlink: reading it names the reason
            yield path, (*rel, entry.name)
            continue
        if stat.S_ISDIR(info.st_mode):
            if os.path.realpath(path) in skip or (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            yield from _walk(path, (*rel, entry.name), skip, seen)
        else:
            yield path, (*rel, entry.name)


def find_inputs(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every path under the inputs, sorted by the name it goes by in the outputs.

    The name is the path relative to the argument that found it (a file named on its own goes
    by its name); where two inputs would share a name, each gets as many of its parent folders
    as tell them apart (`a/page.txt`, `b/page.txt`): no input is ever dropped for its name.
    A path that cannot be read is kept too, and becomes a reject when it is read. Folders in
    `exclude` (the build's output) are not read; one file found twice is read once.
    """
    skip = {os.path.realpath(p) for p in exclude}
    found: dict[str, tuple[Path, tuple[str, ...]]] = {}  # absolute path -> (path, short name parts)
    for base in inputs:
        if not os.path.lexists(base):
            raise InputError(f"{shown_name(str(base))}: no such file or folder")
        if os.path.isdir(base):
            root = os.stat(base)
            for path, rel in _walk(base, (), skip, {(root.st_dev, root.st_ino)}):
                found.setdefault(os.path.abspath(path), (path, rel or (base.name,)))
        else:
            found.setdefault(os.path.abspath(base), (base, (base.name,)))
    names = _unique_names({absolute: short for absolute, (_, short) in found.items()})
    return sorted(((found[absolute][0], name) for absolute, name in names.items()), key=lambda item: item[1])


def _unique_names(shorts: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each absolute path's short name, lengthened by its parent folders where names collide."""
    depth = dict.fromkeys(shorts, 0)

    def name(absolute: str) -> str:
        parts = Path(absolute).parts
        keep = min(len(shorts[absolute]) + depth[absolute], len(parts))
        return shown_name("/".join(parts[len(parts) - keep :]).lstrip("/") or absolute)

    while True:
        groups: dict[str, list[str]] = {}
        for absolute in shorts:
            groups.setdefault(name(absolute), []).append(absolute)
        clashing = [a for group in groups.values() if len(group) > 1 for a in group]
        grown = False
        for absolute in clashing:
            if len(shorts[absolute]) + depth[absolute] < len(Path(absolute).parts):
                depth[absolute] += 1
                grown = True
        if not grown:
            break
    # Two paths can still show alike (a name with the text "\\xff" beside one with the byte 0xff).
    out: dict[str, str] = {}
    taken: set[str] = set()
    for absolute in sorted(shorts):
        shown, n = name(absolute), 1
        while shown in taken:
            n += 1
            shown = f"{name(absolute)} ({n})"
        taken.add(shown)
        out[absolute] = shown
    return out


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
    # kg.topics (and scikit-learn, a second to load) is imported by the stages that find topics, so
    # that commands which build nothing (kg --help, kg query) start without it
    from kg.topics import find_topics

    topics = find_topics(res)
    unmeasured = KnowledgeGraph.assemble(res, topics, coauthor_table(res.authorship, limits.max_team))
    return KnowledgeGraph.assemble(res, topics, unmeasured.coauthors, analyse(unmeasured, engine, limits).people)


class Built:
    """What one build produced: each stage's value and each output's summary."""

    def __init__(self, extracted: Extracted, graph: KnowledgeGraph, stats: Analytics, options: Options) -> None:
        self.extracted = extracted
        self.resolution = graph  # the knowledge graph's tables (a Resolution and more)
        self.stats = stats
        self.options = options
        self.summaries: dict[str, dict] = {}
        self.seconds: dict[str, float] = {}  # each stage's own time; in parallel they overlap
        self.wall = 0.0  # the whole build's time, from the first input read to the last output written
        self.writers: dict[str, int] = {}  # the process id that wrote each output

    @property
    def coauthors(self):
        return self.resolution.coauthors

    @cached_property
    def graph(self) -> nx.DiGraph | None:
        """The whole graph in NetworkX, or None above the limit where that costs gigabytes."""
        if node_count(self.resolution) > self.options.limits.networkx_graph_nodes:
            return None
        return build_graph(self.resolution)


class BaseIriError(ValueError):
    """A `--base-iri` no IRI can be minted under."""


def check_base_iri(base: str) -> None:
    """Refuses a base that is not an absolute IRI ending in / or # (checked by Oxigraph, as the Turtle writer will)."""
    try:
        ox.NamedNode(base + "x")
    except ValueError as e:
        raise BaseIriError(f"--base-iri {base!r} must be an absolute IRI ending in / or # ({e})") from None
    if not base.endswith(("/", "#")):
        raise BaseIriError(f"--base-iri {base!r} must be an absolute IRI ending in / or #")


def check_out(out: Path) -> None:
    """Refuses an `--out` that cannot be a build's folder, before any work starts."""
    where = shown_name(str(out))
    absolute = Path(os.path.abspath(out))
    if os.path.lexists(absolute) and not absolute.is_dir():
        raise OutputError(f"--out {where} is a file, not a folder")
    for parent in absolute.parents:
        if os.path.lexists(parent) and not parent.is_dir():
            raise OutputError(f"--out {where}: {shown_name(str(parent))} is a file, not a folder")
    cwd = Path(os.path.realpath(os.getcwd()))
    real = Path(os.path.realpath(absolute))
    if real == cwd or real in cwd.parents:
        raise OutputError(f"--out {where} holds the current folder; a build replaces its folder whole: name another")


def check_inputs_outside(inputs: Iterable[Path], out: Path) -> None:
    """Refuses inputs inside `--out`: the build replaces that folder, so it would lose them."""
    real = Path(os.path.realpath(out))
    for path in inputs:
        mine = Path(os.path.realpath(path))
        if mine == real or real in mine.parents:
            raise OutputError(
                f"--out {shown_name(str(out))} holds the input {shown_name(str(path))}; "
                "a build replaces its folder whole: name another --out"
            )


@contextmanager
def _sigint_deferred() -> Iterator[list[bool]]:
    """SIGINT is noted, not raised, while the block runs (the block is short and must not stop half-way)."""
    noted: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return
    previous = signal.signal(signal.SIGINT, lambda *_: noted.append(True))
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _swallowed_interrupts() -> Iterator[list[bool]]:
    """Notes each KeyboardInterrupt that Python swallows while the block runs, rather than printing
    it: a SIGINT handled inside an at-fork hook (logging's, in the parent, as a pool forks its
    workers), a weakref callback or a __del__ becomes an "Exception ignored in …" report and the
    build would go on to replace `out` (6 of 300 SIGINTs sent at random moments as a pool forked,
    measured as this was written). The caller raises it once the block is done."""
    noted: list[bool] = []
    previous = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            noted.append(True)
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield noted
    finally:
        sys.unraisablehook = previous


def _leftovers(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{glob.escape(out.name)}.*.partial")) + sorted(
        out.parent.glob(f".{glob.escape(out.name)}.*.old")
    )


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` to write a build into; it replaces `out` when the block ends
    without an error, and is removed when it does not, so `out` holds one whole build or the one before.

    A lock file beside `out` (`.NAME.lock`, flock) keeps a second build of the same folder out:
    it is refused at once (Busy), it does not wait. What `out` holds that the new build does not
    write (files of the user's own) is moved into the new folder.
    """
    given, where = out, shown_name(str(out))
    out = Path(os.path.abspath(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(out.parent / f".{out.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise OutputError(f"--out {where}: cannot write there ({e.strerror or e})") from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"--out {where}: another kg build is writing it; run this one when it ends") from None
        for stale in _leftovers(out):  # from a build killed outright: ours, since we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
            os.chmod(tmp, stat.S_IMODE(os.stat(out).st_mode) if out.is_dir() else 0o777 & ~_umask())
        except OSError as e:
            raise OutputError(f"--out {where}: cannot write there ({e.strerror or e})") from None
        try:
            with _swallowed_interrupts() as swallowed:
                yield tmp
            if swallowed:  # a SIGINT during the build that Python could not raise where it came
                raise KeyboardInterrupt
            with _sigint_deferred() as noted:
                _replace(out, tmp)
            if noted:
                raise Interrupted(given, committed=True)
        finally:
            with _sigint_deferred():
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        os.close(lock)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(out: Path, new: Path) -> None:
    """`new` becomes `out`; what the old `out` held that `new` does not is moved across."""
    if not out.is_dir():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old.rmdir()
    out.rename(old)
    new.rename(out)
    for entry in sorted(os.listdir(old)):
        if not os.path.lexists(out / entry):
            os.rename(old / entry, out / entry)
    shutil.rmtree(old, ignore_errors=True)


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
    `workers` processes read the inputs and write the outputs (None: by input size; 1: all in this
    process; fewer where memory does not afford them, see kg.parallel.affordable); `cache` keeps
    each input's extraction in `out`/.kg-cache for the next build (kg/cache.py).
    Everything is written into a folder beside `out` that replaces `out` at the end (see `staged`):
    an error or SIGINT (raised as Interrupted) leaves `out` as it was, its cache included.
    """
    from kg.cache import FOLDER, seed

    try:
        with staged(out) as folder:
            if cache:  # the last build's entries, linked (not copied) into the staged folder
                seed(out / FOLDER, folder / FOLDER)
            cache_folder = folder / FOLDER if cache else None
            return _build(
                files, folder, as_of, aliases, base_iri, max_nodes, on_stage, engine, on_start, limits,
                workers, cache_folder,
            )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted(out, committed=False) from None


def _build(
    files: list[tuple[Path, str]],
    out: Path,
    as_of: dt.date,
    aliases: Aliases | None,
    base_iri: str,
    max_nodes: int,
    on_stage: Callable[[str], None] | None,
    engine: str,
    on_start: Callable[[str], None] | None,
    limits: Limits,
    workers: int | None,
    cache: Path | None,
) -> Built:
    from kg.outputs import auto_writers, write_all, write_records_early
    from kg.topics import find_topics  # noqa: F401  loaded before any fork, which then has it (the forked
    # topics process would otherwise load it, and scikit-learn, again); not at import: see knowledge_graph

    options = Options(as_of, aliases or Aliases(), base_iri, max_nodes, engine, limits)
    seconds: dict[str, float] = {}
    clock = began = time.perf_counter()

    def start(stage: str) -> None:
        nonlocal clock
        if on_start is not None:
            on_start(stage)
        clock = time.perf_counter()

    def lap(stage: str) -> None:
        give_back()  # what the stage freed, before the next one grows (and forks are counted)
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - clock
        if on_stage is not None:
            on_stage(stage)

    # The topics of a large build with two processes are found in a process forked now, while this
    # one holds next to nothing (kg.parallel.Standby); a smaller one forks it later (`beside`).
    big = (cores() > 1 if workers is None else workers > 1) and _inputs_reach(files, STANDBY_BYTES)
    with standby(big) as held:
        start("extract")
        extracted = extract_files(files, as_of, workers=workers, cache=cache)
        lap("extract")
        # The stages below make next to no reference cycles: see collector_paused.
        with collector_paused():
            wanted = auto_writers(len(extracted.records)) if workers is None else workers
            if held is not None and wanted <= 1:
                held.close()
                held = None
            # Topics in a second process (where memory affords one more copy of this one: kg.parallel.beside)
            # while this one resolves people and measures the network.
            if wanted > 1:
                resolution, topics, coauthors, stats, done = _topics_beside_analytics(
                    extracted, options, out, on_start, start, lap, seconds, held
                )
            else:
                start("resolve")
                resolution = resolve(extracted.records, extracted.pages, options.aliases)
                lap("resolve")
                done = write_records_early(extracted, out, on_start)
                start("topics")
                topics, _ = _timed_topics(resolution)
                lap("topics")
                start("graph")
                coauthors = coauthor_table(resolution.authorship, limits.max_team)
                lap("graph")
                start("analytics")
                stats = analyse(KnowledgeGraph.assemble(resolution, topics, coauthors), engine, limits)
                lap("analytics")
            graph = KnowledgeGraph.assemble(resolution, topics, coauthors, stats.people)
            built = Built(extracted, graph, stats, options)
            built.seconds = seconds
            writers = affordable_now(wanted)  # this process has grown since
            # Where memory affords one forked copy of this process but not two, one writes beside this one.
            write_all(built, out, writers, on_start, on_stage, done, beside_this=wanted > 1 and fork_affordable())
    built.wall = time.perf_counter() - began
    return built


def _done_within(future: Future, seconds: float) -> bool:
    """Whether `future` is done, waiting for it at most `seconds` (woken every fifth of a second,
    as kg.parallel.result_of, so a SIGINT is answered)."""
    deadline = time.perf_counter() + seconds
    while not future.done():
        left = deadline - time.perf_counter()
        if left <= 0:
            return False
        wait([future], timeout=min(0.2, left))
    return True


def _timed_topics(resolution: Resolution, forget: bool = True) -> tuple[Topics, float]:
    """The topic stage as a build runs it, in this process or a forked one: the topics, its memos
    emptied once they are found (kg.topics.forget) unless `forget` is False, and its seconds.
    A forked process that ends once its result is taken need not empty them: the emptying takes
    a while (0.36 s at 100k papers) and the result would wait for it."""
    clock = time.perf_counter()
    from kg.topics import find_topics
    from kg.topics import forget as forget_topic_memos

    topics = find_topics(resolution)
    if forget:
        forget_topic_memos()
    return topics, time.perf_counter() - clock


def papers_only(papers: pd.DataFrame) -> Resolution:
    """A resolution of these papers and nothing else (no people yet): what topics read but the
    people's topics, which `with_people_topics` adds once the people are known."""
    tables = {f.name: empty(f.name) for f in dataclasses.fields(Resolution) if f.name in TABLES}
    return Resolution(**{**tables, "warnings": (), "papers": papers})


def with_people_topics(topics: Topics, resolution: Resolution) -> Topics:
    """The topics with each person's, derived from their papers' (tests/test_speed.py holds the
    result equal to kg.topics.find_topics on the whole resolution)."""
    from kg.topics import people_topics

    return dataclasses.replace(topics, person_topics=people_topics(resolution.authorship, topics.paper_topics))


# Input from which the topics process is a standby (kg.parallel.Standby), sent the papers, rather
# than forked once they are resolved. At 1M papers (657 MiB of input) the late fork held 6.2 GiB, the
# standby 4.3; at 100k (59 MiB) the late fork is 1.5 GiB in all, and sending the papers cost more
# wall time than it saved (19.5 against 17.2 s, bench/child.py, three pairs).
STANDBY_BYTES = 256 << 20


def _inputs_reach(files: list[tuple[Path, str]], limit: int) -> bool:
    """Whether the files hold at least `limit` bytes (stat only; an unreadable one counts nothing)."""
    total = 0
    for path, _ in files:
        with suppress(OSError):
            total += os.stat(path).st_size
        if total >= limit:
            return True
    return False


# What kg.topics.find_topics reads of the papers (tests/test_memory_topics.py holds the topics of
# these columns alone equal to those of the whole table), and the file that takes them to the
# standby topics process, in the staged output folder (so an interrupted build leaves none behind).
TOPIC_COLUMNS = ("paper_id", "title", "abstract", "year")
TOPIC_PAPERS = ".kg-topic-papers.pickle"


def _topics_of_file(path: str) -> tuple[Topics, float]:
    """The topic stage in the standby process: the papers read from the file `_topics_started`
    wrote (then removed), their topics found (`_timed_topics`); the seconds count the reading."""
    clock = time.perf_counter()
    with collector_paused():  # as in the build's own process (the standby was forked before it paused)
        with open(path, "rb") as f:
            papers = topic_texts(pickle.load(f))
        with suppress(FileNotFoundError):  # the build removes it too, if it stops first
            os.unlink(path)
        give_back()  # the Arrow text and the file's buffers, let go for the stage's own tables
        topics, _ = _timed_topics(papers_only(papers), False)
    return topics, time.perf_counter() - clock


TOPIC_TEXTS = ("title", "abstract")


def topic_texts(papers: pd.DataFrame) -> pd.DataFrame:
    """`papers` with the titles and abstracts as Python strings (object dtype) in place of Arrow
    text: kg.topics reads them as Python strings (kg.topics.texts), which from Arrow are a second
    copy of every text beside the table's for the whole stage, and from object columns the very
    same objects (0.4 GiB less at a million papers). The same values: a missing one stays NaN."""
    return papers.assign(**{column: papers[column].astype(object) for column in TOPIC_TEXTS})


@contextmanager
def _topics_started(papers: pd.DataFrame, out: Path, held: Standby | None) -> Iterator[Future | None]:
    """The topics of `papers` started in another process for the block: the standby `held` (sent
    TOPIC_COLUMNS in a file under `out`) or, without one, a process forked now (`beside`, None
    where memory does not afford it)."""
    if held is None:
        with beside(_timed_topics, papers_only(papers), False) as pending:
            yield pending
        return
    path = out / TOPIC_PAPERS
    try:
        with open(path, "wb") as f:  # pickled as it is written: no second copy of the texts here
            pickle.dump(papers[list(TOPIC_COLUMNS)], f, protocol=pickle.HIGHEST_PROTOCOL)
        yield held.submit(_topics_of_file, str(path))
    finally:
        with suppress(FileNotFoundError):
            path.unlink()


def _topics_beside_analytics(
    extracted: Extracted,
    options: Options,
    out: Path,
    on_start: Callable[[str], None] | None,
    start: Callable[[str], None],
    lap: Callable[[str], None],
    seconds: dict[str, float],
    held: Standby | None = None,
) -> tuple[Resolution, Topics, pd.DataFrame, Analytics, dict]:
    """Topics (kg.topics) in a forked process, from the moment the papers are resolved, while this
    one resolves the people, draws the coauthor ties, measures them (all of the analytics but its
    topic tables, which need no topics) and, if the topics are still being found, writes the
    outputs that need none; then the people's topics and the topic tables. The values are those
    of the serial order: topics are a function of the papers (and the people's topics of the
    authorship). "topics" counts the other process's own seconds; "analytics" this one's, the
    wait left out. The process is `held` (a standby forked before the build grew, sent the
    papers' TOPIC_COLUMNS in a file) or else one forked now (kg.parallel.beside)."""
    from kg.outputs import write_early, write_records_early

    start("resolve")
    step = resolve_papers(extracted.records, extracted.pages)
    with _topics_started(step.facts.papers, out, held) as pending:
        resolution = resolve_people(step, options.aliases)
        del step  # it holds the records, which write_records_early lets go
        lap("resolve")
        early = write_records_early(extracted, out, on_start)
        start("graph")
        coauthors = coauthor_table(resolution.authorship, options.limits.max_team)
        lap("graph")
        start("analytics")
        partial = measure(resolution, coauthors, options.engine, options.limits)
        lap("analytics")
        if pending is not None and _done_within(pending, seconds["analytics"]):
            # The topics are found (or were within as long again as measuring took, a stand-in
            # for the coauthor map's cost, which grows with the same network): the outputs that
            # need none wait for the writers after topics, where the coauthor map (the dearest)
            # and the rest are split over both cores, rather than be written here while the
            # other core idles. Either way each output's bytes are the same.
            done = early
        else:
            # No topics yet: an output that read them would fail here, not write something else.
            unknown = Topics(**{f.name: None for f in dataclasses.fields(Topics)})
            graph = KnowledgeGraph.assemble(resolution, unknown, coauthors, partial.people)
            done = write_early(Built(extracted, graph, partial, options), out, on_start, early)
        start("topics")
        if pending is None:
            topics, took = _timed_topics(resolution)
        else:  # the standby process ends before its result is read: its memory is free by then
            topics, took = held.result() if held is not None else beside_result(pending)  # type: ignore[misc]
        topics = with_people_topics(topics, resolution)
        lap("topics")
    seconds["topics"] = took
    start("analytics")
    stats = with_topics(partial, KnowledgeGraph.assemble(resolution, topics, coauthors))
    lap("analytics")
    return resolution, topics, coauthors, stats, done
