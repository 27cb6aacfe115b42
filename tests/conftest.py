"""Shared fixtures: the seeds built once per test module, and the figures such a build must show,
counted straight from the records it wrote (records.jsonl, pages.jsonl), never from its graph.

The seeds print every title identically wherever a paper appears, so papers are keyed here by
their printed title; people by their printed name, with the one name variant the seeds merge
("Wang Bill Zhu" is "Wang Zhu": seeds/001 lines 41 and 88 share the coauthor Ishika Singh, and
"Wang Zhu" is printed more often) mapped by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pytest

from kg.build import Built, build, find_inputs
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
AS_OF = dt.date(2026, 11, 24)
BIN = Path(sys.executable).parent
NAME_VARIANTS = {"Wang Bill Zhu": "Wang Zhu"}


@dataclass
class SeedsBuild:
    """One build of seeds/ into `out`, and what `kg.build.build` returned."""

    out: Path
    built: Built
    records: list[dict]
    pages: list[dict]


@dataclass
class SeedFigures:
    """What the records say the graph must hold, keyed by printed title and person name."""

    records: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # title -> records
    authors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # title -> people
    owned: set[tuple[str, str]] = field(default_factory=set)  # (owner, title) from profile pages
    organizations: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # title -> slugs
    categories: set[str] = field(default_factory=set)  # two-letter codes
    joint: dict[frozenset[str], set[str]] = field(default_factory=lambda: defaultdict(set))  # pair -> titles
    derived: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))  # (person, slug)

    @property
    def people(self) -> set[str]:
        return {name for names in self.authors.values() for name in names}

    @property
    def slugs(self) -> set[str]:
        return {slug for slugs in self.organizations.values() for slug in slugs}


def person(printed: str) -> str:
    """The person a printed name stands for, by the seeds' one hand-checked merge."""
    name = " ".join(printed.split())
    return NAME_VARIANTS.get(name, name)


def figures(records: list[dict], pages: list[dict]) -> SeedFigures:
    owners = {p["source"]: p["owner"] for p in pages if p["owner"]}
    f = SeedFigures()
    for r in records:
        title = r["title"]
        f.records[title].append(r)
        f.authors[title].update(person(n) for n in r["authors"])
        if r["source"] in owners:
            f.authors[title].add(person(owners[r["source"]]))
            f.owned.add((person(owners[r["source"]]), title))
        f.organizations[title].update(r["affiliations"])
        if r["category"]:
            f.categories.add(r["category"])
    for title, names in f.authors.items():
        for a, b in combinations(sorted(names), 2):
            f.joint[frozenset((a, b))].add(title)
        for name in names:
            for slug in f.organizations[title]:
                f.derived[(name, slug)].add(title)
    return f


# The date the export tests read as "today".
EXPORT_CONTEXT = Context(as_of=dt.date(2026, 11, 28))


def read_export(module, text: str, ctx: Context = EXPORT_CONTEXT) -> Extraction:
    """One reader's extraction of a text, every reject holding a known code."""
    out = module.extract("x", text.split("\n"), ctx)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def build_seeds(out: Path, **options: object) -> SeedsBuild:
    built = build(find_inputs([SEEDS]), out, AS_OF, **options)  # type: ignore[arg-type]
    return SeedsBuild(out, built, read_jsonl(out / "records.jsonl"), read_jsonl(out / "pages.jsonl"))


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> SeedsBuild:
    """The seeds, built once per test module into a fresh folder."""
    return build_seeds(tmp_path_factory.mktemp("seeds-build"))


@pytest.fixture(scope="module")
def seeds_figures(seeds_build: SeedsBuild) -> SeedFigures:
    return figures(seeds_build.records, seeds_build.pages)


@pytest.fixture(scope="session")
def kg_bin() -> Path:
    """The `kg` console script of the interpreter running the tests."""
    path = BIN / "kg"
    assert path.is_file(), f"{path}: kg is not installed in this environment (pip install -e '.[test]')"
    return path


@pytest.fixture(scope="session")
def seeds_builder() -> Callable[..., SeedsBuild]:
    """`build_seeds(out, **options)`, for tests that need a second build (other folder, other base IRI)."""
    return build_seeds


@pytest.fixture(scope="session", autouse=True)
def sigint_answered() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt in the suite, and reaches the `kg` processes it starts.

    A process that a non-interactive shell starts in the background (`cmd &`, nohup, some CI
    runners) begins with SIGINT ignored; Python then installs no KeyboardInterrupt handler, and
    its children inherit the ignoring through exec. The interrupt tests would wait forever."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


# ---------------------------------------------------------------- triplestores on 127.0.0.1

OXIGRAPH = BIN / "oxigraph"
VIRTUOSO = Path("/usr/bin/virtuoso-t")  # Debian's virtuoso-opensource (the Makefile installs it)
STORE_START = 60  # seconds a store may take to answer its first query


@dataclass(frozen=True)
class Triplestore:
    """A running store: where to query it and where `kg load` pushes (its Graph Store endpoint)."""

    name: str
    query: str
    store: str
    user: str | None = None
    password: str | None = None


def free_ports(n: int) -> list[int]:
    """n distinct free local ports (held open together, so they differ)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@contextmanager
def serve(command: list[str | Path], log: Path, probe: str, cwd: Path | None = None) -> Iterator[None]:
    """Runs a server for the `with` block, entered once `probe` (a query URL) has answered 200."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=sink, cwd=cwd)
    try:
        deadline = time.monotonic() + STORE_START
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{command[0]} did not answer {probe} within {STORE_START} s: {log.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        yield
    finally:
        process.terminate()  # Virtuoso checkpoints and stops on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Triplestore]:
    """A real Oxigraph server (in memory) on a free local port, for the whole session."""
    if not OXIGRAPH.is_file():
        pytest.fail(f"{OXIGRAPH}: the oxigraph server is missing (pip install -e '.[test]' installs it)")
    (port,) = free_ports(1)
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    probe = f"{base}/query?query={urllib.parse.quote('ASK {}')}"
    with serve([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], log, probe):
        yield Triplestore("oxigraph", f"{base}/query", f"{base}/store")


# Only what this instance needs, after Debian's /etc/virtuoso-opensource-7/virtuoso.ini: files in its own
# folder, both ports on 127.0.0.1, the folder as the only one the server may read, no plugins, no VADs.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def run_virtuoso(folder: Path, max_rows: int = 1_000_000) -> Iterator[Triplestore]:
    """A real Virtuoso 7 (Debian's virtuoso-t) with a fresh database in `folder`, for the `with` block.

    `kg load` pushes to /sparql-graph-crud-auth as dba (the new database's password is dba), as a
    Virtuoso user would; /sparql is the query endpoint, answering at most `max_rows` rows.
    """
    if not VIRTUOSO.is_file():
        pytest.fail(f"{VIRTUOSO}: Virtuoso is missing (`make test` installs Debian's virtuoso-opensource)")
    sql_port, http_port = free_ports(2)
    ini = folder / "virtuoso.ini"
    settings = VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port)
    ini.write_text(settings.replace("ResultSetMaxRows = 1000000", f"ResultSetMaxRows = {max_rows}"), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    probe = f"{base}/sparql?query={urllib.parse.quote('ASK {}')}"
    command: list[str | Path] = [VIRTUOSO, "+foreground", "+configfile", ini]
    with serve(command, folder / "server.log", probe, cwd=folder):
        yield Triplestore("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", "dba", "dba")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Triplestore]:
    """One Virtuoso for the session (see run_virtuoso)."""
    with run_virtuoso(tmp_path_factory.mktemp("virtuoso")) as store:
        yield store


@pytest.fixture
def virtuoso_of_five_rows(tmp_path: Path) -> Iterator[Triplestore]:
    """A Virtuoso of its own whose /sparql answers at most five rows (ResultSetMaxRows = 5)."""
    with run_virtuoso(tmp_path, max_rows=5) as store:
        yield store


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Debian Chromium for every page test (Playwright's own browser download does not work offline)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make test` does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
