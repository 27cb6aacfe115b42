"""The seeds' graph in a real Oxigraph server: `kg load` replaces rather than duplicates, and every
query in queries/ answers what the NetworkX graph and the pandas tables of the build say.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import cli, sparql

if TYPE_CHECKING:
    from conftest import SeedsBuild

QUERIES = Path(__file__).resolve().parents[1] / "queries"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (in memory) on a free local port, stopped at teardown; its base URL."""
    if not OXIGRAPH.is_file():
        pytest.fail(f"{OXIGRAPH}: the oxigraph server is missing (pip install -e '.[test]' installs it)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], stdout=sink, stderr=sink)
    try:
        probe = f"{base}/query?query={urllib.parse.quote('ASK {}')}"
        deadline = time.monotonic() + 5
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not answer on {base} within 5 s: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kg(kg_bin: Path, *args: object, color: bool = False, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["FORCE_COLOR" if color else "NO_COLOR"] = "1"
    return subprocess.run(
        [kg_bin, *map(str, args)], capture_output=True, text=True, timeout=120, env=env, cwd=cwd or Path.cwd()
    )


def count(server: str) -> int:
    return sparql.query_endpoint(f"{server}/query", COUNT).rows[0][0]


@pytest.fixture(scope="module")
def ttl(seeds_build: SeedsBuild) -> Path:
    return seeds_build.out / "graph.ttl"


@pytest.fixture(scope="module")
def loaded(server: str, kg_bin: Path, ttl: Path) -> str:
    """The server holding the seeds' graph, pushed with `kg load`; the query endpoint."""
    done = kg(kg_bin, "load", "--endpoint", f"{server}/store", "--ttl", ttl)
    assert done.returncode == 0, done.stderr
    return f"{server}/query"


def query(endpoint: str, file: str, *params: str) -> list[dict[str, Any]]:
    """`kg query --endpoint ENDPOINT queries/FILE [--param …] --json`, run in this process: the same
    command as the console script (which the loading and error tests run), without its start-up time."""
    args = [a for p in params for a in ("--param", p)]
    done = CliRunner().invoke(cli.app, ["query", "--endpoint", endpoint, str(QUERIES / file), *args, "--json"])
    assert done.exit_code == 0, (done.output, done.exception)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def ask(loaded: str) -> Callable[..., list[dict[str, Any]]]:
    """`ask(file, "name=value", ...)`: the file's rows from the server, each query run once per module."""
    answers: dict[tuple[str, ...], list[dict[str, Any]]] = {}

    def run(file: str, *params: str) -> list[dict[str, Any]]:
        if (file, *params) not in answers:
            answers[(file, *params)] = query(loaded, file, *params)
        return answers[(file, *params)]

    return run


# ---------------------------------------------------------------- loading


def test_load_puts_every_triple_in_the_store(seeds_build: SeedsBuild, loaded: str, server: str, ttl: Path) -> None:
    distinct = set(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert count(server) == len(distinct) == seeds_build.built.summaries["turtle"]["triples"]


def test_loading_again_replaces_and_never_duplicates(loaded: str, server: str, kg_bin: Path, ttl: Path) -> None:
    before = count(server)
    done = kg(kg_bin, "load", "--endpoint", f"{server}/store", "--ttl", ttl)
    assert done.returncode == 0, done.stderr
    assert "HTTP 20" in done.stdout
    assert count(server) == before
    # A rebuilt graph with one triple more, then the original again: the extra triple goes away.
    extra = ttl.parent / "graph-plus-one.ttl"
    extra.write_bytes(ttl.read_bytes() + b"\n<https://example.org/kg/x> <https://example.org/kg/y> 1 .\n")
    assert kg(kg_bin, "load", "--endpoint", f"{server}/store", "--ttl", extra).returncode == 0
    assert count(server) == before + 1
    assert kg(kg_bin, "load", "--endpoint", f"{server}/store", "--ttl", ttl).returncode == 0
    assert count(server) == before


# ---------------------------------------------------------------- queries


@pytest.fixture(scope="module")
def graph(seeds_build: SeedsBuild) -> nx.DiGraph:
    return seeds_build.built.graph


def person_names(graph: nx.DiGraph) -> dict[str, str]:
    return {n: a["name"] for n, a in graph.nodes(data=True) if a["kind"] == "person"}


def coauthor_rows(graph: nx.DiGraph) -> list[tuple[str, str, int]]:
    """(name, coauthor, papers) both ways round, from the coauthor projection, in the query's order."""
    names = person_names(graph)
    rows = []
    for a, b, attrs in graph.edges(data=True):
        if attrs["kind"] == "coauthor":
            rows += [(names[a], names[b], attrs["weight"]), (names[b], names[a], attrs["weight"])]
    return sorted(rows, key=lambda r: (r[0], -r[2], r[1]))


@pytest.mark.parametrize("file", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_every_query_file_answers(file: str, ask: Callable[..., list[dict[str, Any]]]) -> None:
    params = ("name=Najoung Kim",) if file == "person-papers.rq" else ()
    rows = ask(file, *params)
    assert rows, file
    assert all(isinstance(row, dict) for row in rows)


def test_coauthors_are_the_projection_weights(ask: Callable[..., list[dict[str, Any]]], graph: nx.DiGraph) -> None:
    rows = ask("coauthors.rq")
    assert [(r["name"], r["coauthor"], r["papers"]) for r in rows] == coauthor_rows(graph)


def test_coauthors_of_one_person(ask: Callable[..., list[dict[str, Any]]], graph: nx.DiGraph) -> None:
    rows = ask("coauthors.rq", "name=Robin Jia")
    expected = [r for r in coauthor_rows(graph) if r[0] == "Robin Jia"]
    assert expected
    assert [(r["name"], r["coauthor"], r["papers"]) for r in rows] == expected
    assert ("Robin Jia", "Jesse Thomason", 4) in expected


def test_strongest_collaborations_are_the_top_25_pairs(
    ask: Callable[..., list[dict[str, Any]]], graph: nx.DiGraph
) -> None:
    names = person_names(graph)
    pairs = [
        (names[a], names[b], attrs["weight"]) for a, b, attrs in graph.edges(data=True) if attrs["kind"] == "coauthor"
    ]
    expected = sorted(pairs, key=lambda r: (-r[2], r[0], r[1]))[:25]
    rows = ask("strongest-collaborations.rq")
    assert [(r["a"], r["b"], r["papers"]) for r in rows] == expected
    assert len(rows) == 25


def test_papers_per_category_and_year(ask: Callable[..., list[dict[str, Any]]], seeds_build: SeedsBuild) -> None:
    res = seeds_build.built.resolution
    papers = res.papers.merge(res.categories, left_on="category", right_on="code")
    counts = Counter(
        (notation, None if pd.isna(label) else label, None if pd.isna(year) else int(year))
        for notation, label, year in zip(papers["notation"], papers["label"], papers["year"])
    )
    expected = sorted(
        ((c, label, year, n) for (c, label, year), n in counts.items()),
        key=lambda r: (r[0], r[2] is not None, r[2] or 0),  # SPARQL sorts an unbound year first
    )
    rows = ask("papers-per-category-year.rq")
    assert [(r["category"], r["label"], r["year"], r["papers"]) for r in rows] == expected
    assert sum(r["papers"] for r in rows) == res.papers["category"].notna().sum()


def test_shared_organizations(ask: Callable[..., list[dict[str, Any]]], seeds_build: SeedsBuild) -> None:
    res = seeds_build.built.resolution
    name = dict(zip(res.organizations["org_id"], res.organizations["name"]))
    shared: Counter[tuple[str, str]] = Counter()
    for _, orgs in res.paper_organizations.groupby("paper_id")["org_id"]:
        for a, b in combinations(sorted(set(orgs)), 2):
            shared[(name[a], name[b])] += 1
    expected = sorted(((a, b, n) for (a, b), n in shared.items()), key=lambda r: (-r[2], r[0], r[1]))
    assert expected
    rows = ask("shared-organizations.rq")
    assert [(r["organization"], r["other"], r["papers"]) for r in rows] == expected


def test_person_papers_of_najoung_kim(ask: Callable[..., list[dict[str, Any]]], seeds_build: SeedsBuild) -> None:
    res = seeds_build.built.resolution
    people = dict(zip(res.people["person_id"], res.people["name"]))
    papers = res.papers.set_index("paper_id")
    authorship = res.authorship
    (kim,) = [pid for pid, n in people.items() if n == "Najoung Kim"]
    mine = authorship[authorship.person_id == kim]
    assert len(mine) == 34
    expected = []
    for row in mine.itertuples():
        own = None if pd.isna(row.position) else int(row.position)
        if own is None:
            assert row.from_owner
        printed = authorship[(authorship.paper_id == row.paper_id) & authorship.position.notna()]
        for theirs in printed.itertuples():
            date = papers.at[row.paper_id, "date"]
            title = papers.at[row.paper_id, "title"]
            expected.append(("Najoung Kim", date, title, own, int(theirs.position), people[theirs.person_id]))
    expected.sort(key=lambda r: (r[2], r[4]))
    expected.sort(key=lambda r: r[1], reverse=True)  # stable: newest first, then title, then position
    rows = ask("person-papers.rq", "name=Najoung Kim")
    got = [(r["name"], r["date"], r["title"], r["own"], r["position"], r["author"]) for r in rows]
    assert got == expected
    assert len({r["title"] for r in rows}) == 34
    unplaced = authorship[(authorship.person_id == kim) & authorship.position.isna()]
    assert {r["title"] for r in rows if r["own"] is None} == set(papers.loc[unplaced.paper_id, "title"])


def test_person_topics_are_the_derived_expertise_edges(
    ask: Callable[..., list[dict[str, Any]]], graph: nx.DiGraph
) -> None:
    label = {n: a["label"] for n, a in graph.nodes(data=True)}
    expected = sorted(
        ((label[s], label[t], a["weight"]) for s, t, a in graph.edges(data=True) if a["kind"] == "expertise_derived"),
        key=lambda r: (r[0], -r[2], r[1]),
    )
    assert expected
    rows = ask("person-topics.rq")
    assert [(r["name"], r["topic"], r["papers"]) for r in rows] == expected


def test_embedded_store_answers_like_the_server(
    ask: Callable[..., list[dict[str, Any]]], kg_bin: Path, ttl: Path, tmp_path: Path, seeds_build: SeedsBuild
) -> None:
    served = ask("strongest-collaborations.rq")
    explicit = kg(kg_bin, "query", QUERIES / "strongest-collaborations.rq", "--ttl", ttl, "--json")
    assert explicit.returncode == 0, explicit.stderr
    assert json.loads(explicit.stdout) == served
    # With no --ttl, kg reads output/graph.ttl under the working folder.
    (tmp_path / "output").symlink_to(seeds_build.out, target_is_directory=True)
    default = kg(kg_bin, "query", QUERIES / "coauthors.rq", "--param", "name=Robin Jia", "--json", cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout) == ask("coauthors.rq", "name=Robin Jia")


# ---------------------------------------------------------------- errors


def one_red_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("\x1b[31m"), repr(done.stderr)  # red
    lines = [line for line in ANSI.sub("", done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: ")
    return lines[0]


def test_missing_query_file_is_one_red_line(loaded: str, kg_bin: Path) -> None:
    line = one_red_line(kg(kg_bin, "query", "--endpoint", loaded, QUERIES / "no-such-query.rq", color=True))
    assert "no-such-query.rq: no such query file" in line


def test_query_syntax_error_is_one_red_line(loaded: str, kg_bin: Path, ttl: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    line = one_red_line(kg(kg_bin, "query", "--endpoint", loaded, broken, color=True))
    assert "HTTP 400" in line
    line = one_red_line(kg(kg_bin, "query", "--ttl", ttl, broken, color=True))
    assert "query does not parse" in line


def test_unreachable_endpoint_is_one_red_line(kg_bin: Path, ttl: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there any more
    line = one_red_line(kg(kg_bin, "query", "--endpoint", f"{closed}/query", QUERIES / "coauthors.rq", color=True))
    assert "cannot connect" in line
    line = one_red_line(kg(kg_bin, "load", "--endpoint", f"{closed}/store", "--ttl", ttl, color=True))
    assert "cannot connect" in line
