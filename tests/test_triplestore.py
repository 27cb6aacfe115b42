"""The seeds' graph in two real triplestores, Oxigraph and Virtuoso 7 (Debian's): `kg load` fills both and
replaces rather than duplicates, every query in queries/ answers what the NetworkX graph and the pandas
tables of the build say, and Virtuoso answers each with the same rows as Oxigraph. Then what issue 12 found
in `kg query`, `kg load` and `kg validate`: ASK, SERVICE, empty graphs, odd endpoints, terminal markup.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
    from conftest import SeedsBuild, Triplestore

QUERIES = Path(__file__).resolve().parents[1] / "queries"
QUERY_FILES = sorted(p.name for p in QUERIES.glob("*.rq"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
GRAPH = "https://example.org/kg/graph/seeds"  # the named graph Virtuoso holds the seeds in
QUICK = 30  # seconds: a query that takes longer has hit Virtuoso's two-minute wait again


def kg(
    kg_bin: Path, *args: object, color: bool = False, cwd: Path | None = None, password: str | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "KG_ENDPOINT_PASSWORD")}
    env["FORCE_COLOR" if color else "NO_COLOR"] = "1"
    if password is not None:
        env["KG_ENDPOINT_PASSWORD"] = password
    return subprocess.run(
        [kg_bin, *map(str, args)], capture_output=True, text=True, timeout=120, env=env, cwd=cwd or Path.cwd()
    )


def invoke(*args: object, password: str | None = None) -> Any:
    """`kg ARGS` run in this process (no start-up time); stdout and stderr apart."""
    return CliRunner().invoke(cli.app, [str(a) for a in args], env={"KG_ENDPOINT_PASSWORD": password})


def load(store: Triplestore, ttl: Path, *extra: object, kg_bin: Path | None = None) -> tuple[int, str, str]:
    """`kg load` as a user of that store runs it (Virtuoso: as dba, into GRAPH), in this process or, given
    kg_bin, as the console script: (exit status, stdout, stderr)."""
    args: list[object] = ["load", "--endpoint", store.store, "--ttl", ttl, *extra]
    if store.user:
        args += ["--user", store.user, "--graph", GRAPH]
    if kg_bin:
        done = kg(kg_bin, *args, password=store.password)
        return done.returncode, done.stdout, done.stderr
    result = invoke(*args, password=store.password)
    return result.exit_code, result.stdout, result.stderr


def count(store: Triplestore) -> int:
    """Triples in the graph `kg load` fills (Virtuoso's /sparql also sees its own system graphs)."""
    return sparql.query_endpoint(store.query, COUNT, GRAPH if store.user else None).rows[0][0]


@pytest.fixture(scope="module")
def ttl(seeds_build: SeedsBuild) -> Path:
    return seeds_build.out / "graph.ttl"


@pytest.fixture(scope="module")
def server(oxigraph: Triplestore, kg_bin: Path, ttl: Path) -> Triplestore:
    """Oxigraph holding the seeds' graph in its default graph, pushed with `kg load`."""
    status, _, errors = load(oxigraph, ttl, kg_bin=kg_bin)
    assert status == 0, errors
    return oxigraph


@pytest.fixture(scope="module")
def loaded(server: Triplestore) -> str:
    """Oxigraph's query endpoint, the seeds loaded."""
    return server.query


@pytest.fixture(scope="module")
def virtuoso_loaded(virtuoso: Triplestore, kg_bin: Path, ttl: Path) -> Triplestore:
    """Virtuoso holding the seeds' graph in GRAPH, pushed with `kg load` to its Graph Store endpoint."""
    status, _, errors = load(virtuoso, ttl, kg_bin=kg_bin)
    assert status == 0, errors
    return virtuoso


def query(endpoint: str, file: str, *params: str, graph: str | None = None) -> list[dict[str, Any]]:
    """`kg query --endpoint ENDPOINT queries/FILE [--param …] --json`, run in this process: the same
    command as the console script (which the loading and error tests run), without its start-up time."""
    args = [a for p in params for a in ("--param", p)] + (["--graph", graph] if graph else [])
    done = CliRunner().invoke(cli.app, ["query", "--endpoint", endpoint, str(QUERIES / file), *args, "--json"])
    assert done.exit_code == 0, (done.output, done.exception)
    return json.loads(done.stdout)


def answers(endpoint: str, graph: str | None = None) -> Callable[..., list[dict[str, Any]]]:
    """`run(file, "name=value", ...)`: the file's rows from the endpoint, each query run once."""
    cache: dict[tuple[str, ...], list[dict[str, Any]]] = {}

    def run(file: str, *params: str) -> list[dict[str, Any]]:
        if (file, *params) not in cache:
            cache[(file, *params)] = query(endpoint, file, *params, graph=graph)
        return cache[(file, *params)]

    return run


@pytest.fixture(scope="module")
def ask(loaded: str) -> Callable[..., list[dict[str, Any]]]:
    """`ask(file, "name=value", ...)`: the file's rows from Oxigraph, each query run once per module."""
    return answers(loaded)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def params_of(file: str) -> tuple[str, ...]:
    return ("name=Najoung Kim",) if file == "person-papers.rq" else ()


# ---------------------------------------------------------------- loading


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def filled(request: pytest.FixtureRequest) -> Triplestore:
    """Each store, the seeds loaded into it with `kg load`."""
    return request.getfixturevalue("server" if request.param == "oxigraph" else "virtuoso_loaded")


def test_load_puts_every_triple_in_the_store(seeds_build: SeedsBuild, filled: Triplestore, ttl: Path) -> None:
    distinct = set(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert count(filled) == len(distinct) == seeds_build.built.summaries["turtle"]["triples"]


def test_loading_again_replaces_and_never_duplicates(filled: Triplestore, ttl: Path) -> None:
    before = count(filled)
    status, said, errors = load(filled, ttl)
    assert status == 0, errors
    assert "HTTP 20" in said
    assert count(filled) == before
    # A rebuilt graph with one triple more, then the original again: the extra triple goes away.
    extra = ttl.parent / "graph-plus-one.ttl"
    extra.write_bytes(ttl.read_bytes() + b"\n<https://example.org/kg/x> <https://example.org/kg/y> 1 .\n")
    assert load(filled, extra)[0] == 0
    assert count(filled) == before + 1
    assert load(filled, ttl)[0] == 0
    assert count(filled) == before


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


@pytest.mark.parametrize("file", QUERY_FILES)
def test_every_query_file_answers(file: str, ask: Callable[..., list[dict[str, Any]]]) -> None:
    rows = ask(file, *params_of(file))
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


def one_line(result: Any) -> str:
    """An in-process run that failed as a user mistake should: exit 2, one line on stderr, nothing else."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), result.stderr
    assert "internal error" not in lines[0] and not result.stdout
    return lines[0]


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


# ---------------------------------------------------------------- Virtuoso answers as Oxigraph does


@pytest.fixture(scope="module")
def virtuoso_ask(virtuoso_loaded: Triplestore, monkeypatch_module: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Rows from Virtuoso's /sparql as a user queries it (no graph named: all its graphs), each query
    bounded by QUICK seconds so that the old two-minute wait fails fast instead of stalling the tests."""
    monkeypatch_module.setattr(sparql, "TIMEOUT", QUICK)
    return answers(virtuoso_loaded.query)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("file", QUERY_FILES)
def test_virtuoso_answers_every_query_with_oxigraphs_rows(
    file: str, ask: Callable[..., list[dict[str, Any]]], virtuoso_ask: Callable[..., list[dict[str, Any]]]
) -> None:
    oxigraph_rows = ask(file, *params_of(file))
    assert oxigraph_rows
    assert virtuoso_ask(file, *params_of(file)) == oxigraph_rows


def test_virtuoso_answers_a_named_graph_alone(
    virtuoso_loaded: Triplestore, ask: Callable[..., list[dict[str, Any]]]
) -> None:
    rows = query(virtuoso_loaded.query, "coauthors.rq", "name=Robin Jia", graph=GRAPH)
    assert rows == ask("coauthors.rq", "name=Robin Jia")
    assert query(virtuoso_loaded.query, "coauthors.rq", graph="https://example.org/kg/graph/none") == []


def test_ask_through_endpoints_is_a_boolean(filled: Triplestore) -> None:
    """Virtuoso 7 answers ASK in JSON as a table with a column __ASK_RETVAL; kg reads it as true/false."""
    yes = invoke("query", "--endpoint", filled.query, "ASK { ?s a <https://schema.org/Person> }", "--json")
    assert yes.exit_code == 0, yes.output
    assert json.loads(yes.stdout) == [{"boolean": True}]
    no = CliRunner().invoke(cli.app, ["query", "--endpoint", filled.query, "ASK { ?s a <urn:none> }", "--json"])
    assert no.exit_code == 0, no.output
    assert json.loads(no.stdout) == [{"boolean": False}]


def test_virtuoso_without_a_graph_or_password_is_one_line(virtuoso: Triplestore, ttl: Path) -> None:
    args = ["load", "--endpoint", virtuoso.store, "--ttl", ttl, "--user", "dba"]
    line = one_line(invoke(*args, password="dba"))
    assert "HTTP 500" in line and "pass --graph IRI" in line
    assert "HTTP 401" in one_line(invoke(*args, "--graph", GRAPH, password="not-dba"))


def test_an_answer_cut_at_the_row_limit_is_said(ttl: Path, virtuoso_of_five_rows: Triplestore) -> None:
    """Virtuoso stops a SELECT at ResultSetMaxRows (10,000 unless raised) and says so only in an
    X-SPARQL-MaxRows header: `kg query` says the answer is incomplete, and fails with --strict."""
    people = "SELECT ?p WHERE { ?p a <https://schema.org/Person> } ORDER BY ?p"
    capped = virtuoso_of_five_rows
    status, _, errors = load(capped, ttl)
    assert status == 0, errors
    cut = invoke("query", people, "--endpoint", capped.query, "--graph", GRAPH, "--json")
    assert cut.exit_code == 0, cut.output
    assert len(json.loads(cut.stdout)) == 5
    assert "answer is incomplete" in cut.stderr and "limit of 5 rows" in cut.stderr
    strict = invoke("query", people, "--endpoint", capped.query, "--graph", GRAPH, "--json", "--strict")
    assert strict.exit_code == 1 and "answer is incomplete" in strict.stderr
    whole = invoke("query", people + " LIMIT 4", "--endpoint", capped.query, "--graph", GRAPH, "--strict")
    assert whole.exit_code == 0 and "incomplete" not in whole.stderr
    assert "4 rows" in whole.stdout


# ---------------------------------------------------------------- issue 12: ASK, SERVICE, empty graphs


def test_ask_in_the_embedded_store(ttl: Path) -> None:
    """pyoxigraph 0.5 answers ASK with a QueryBoolean, which kg once refused to print."""
    yes = invoke("query", "ASK { ?s ?p ?o }", "--ttl", ttl)
    assert yes.exit_code == 0, yes.output
    assert re.search(r"│ true +│", yes.stdout) and "1 rows" in yes.stdout
    no = invoke("query", "ASK { ?s a <urn:none> }", "--ttl", ttl, "--json")
    assert no.exit_code == 0, no.output
    assert json.loads(no.stdout) == [{"boolean": False}]


class Endpoint(BaseHTTPRequestHandler):
    """A local endpoint that answers what a path asks for: SPARQL JSON, an HTML page, JSON of the wrong
    shape, or an error whose body means something to a terminal. It counts the requests it gets."""

    hits: list[str] = []  # noqa: RUF012 - shared by the handler instances of one server
    HOSTILE = "[/INST] [link=https://evil.example/]click[/link] [bold]x\x1b[2J\x07\u202e"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.hits.append(path)
        row = {"head": {"vars": ["t"]}, "results": {"bindings": [{"t": {"type": "literal", "value": self.HOSTILE}}]}}
        status, kind, body = {
            "/sparql": (200, "application/sparql-results+json", json.dumps(row)),
            "/html": (200, "text/html", "<html><body><h1>Welcome</h1></body></html>"),
            "/shape": (200, "application/sparql-results+json", json.dumps({"head": {"vars": "t"}, "results": 1})),
            "/notjson": (200, "application/sparql-results+json", "{ not json"),
            "/error": (400, "text/plain", f"Virtuoso 37000 Error: {self.HOSTILE}\nsecond line"),
        }.get(
            path, (404, "text/html", "<html><head><title>404</title></head><body><h3>no such page</h3></body></html>")
        )
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def odd() -> Iterator[str]:
    """The base URL of an Endpoint on a free local port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_service_is_refused_unless_allowed(ttl: Path, odd: str) -> None:
    Endpoint.hits.clear()
    calls = [
        f"SELECT ?t WHERE {{ SERVICE <{odd}/sparql> {{ ?s ?p ?t }} }}",
        f"SELECT ?t WHERE {{ ?s a ?c OPTIONAL {{ service silent <{odd}/sparql> {{ ?s ?p ?t }} }} }} LIMIT 1",
        f"SELECT ?t WHERE {{ \\u0053ERVICE <{odd}/sparql> {{ ?s ?p ?t }} }}",  # a \\u escape spells it too
    ]
    for text in calls:
        refused = invoke("query", text, "--ttl", ttl)
        assert refused.exit_code == 2, (text, refused.output)
        assert "another endpoint (SERVICE); pass --allow-service" in refused.output
    assert Endpoint.hits == []  # nothing left this process
    allowed = invoke("query", calls[0], "--ttl", ttl, "--allow-service", "--json")
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout) == [{"t": Endpoint.HOSTILE}]
    assert Endpoint.hits == ["/sparql"]
    # A literal that merely says "service" is no call.
    plain = invoke("query", 'SELECT ?t WHERE { BIND("SERVICE <x:y> {}" AS ?t) }', "--ttl", ttl, "--json")
    assert plain.exit_code == 0, plain.output


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "holds no triples"),
        (b"# nothing but a comment\n@prefix x: <http://x/> .\n", "holds no triples"),
        (b'<a> <b> "cut', "not valid Turtle"),
        (b"\xff\xfe\x00<", "not valid Turtle"),
    ],
)
def test_validate_refuses_an_empty_or_unparsable_file(content: bytes, says: str, tmp_path: Path) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_bytes(content)
    line = one_line(invoke("validate", "--ttl", bad))
    assert line.startswith(f"kg: {bad}: {says}")


def test_validate_one_red_line_on_the_terminal(kg_bin: Path, tmp_path: Path) -> None:
    empty = tmp_path / "graph.ttl"
    empty.write_bytes(b"")
    assert "holds no triples" in one_red_line(kg(kg_bin, "validate", "--ttl", empty, color=True))


def test_load_refuses_an_empty_graph_unless_allowed(server: Triplestore, ttl: Path) -> None:
    """A 0-byte graph.ttl (an interrupted build) would empty the store's graph: refused, store untouched."""
    before = count(server)
    empty = ttl.parent / "empty.ttl"
    empty.write_bytes(b"@prefix schema: <https://schema.org/> .\n")
    line = one_line(invoke("load", "--endpoint", server.store, "--ttl", empty))
    assert "holds no triples" in line and "--allow-empty" in line
    assert count(server) == before
    named = "https://example.org/kg/graph/scratch"
    assert load(server, ttl, "--graph", named)[0] == 0
    in_named = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{named}> {{ ?s ?p ?o }} }}"
    assert sparql.query_endpoint(server.query, in_named).rows == [[before]]
    emptied = invoke("load", "--endpoint", server.store, "--ttl", empty, "--graph", named, "--allow-empty")
    assert emptied.exit_code == 0, emptied.output
    assert sparql.query_endpoint(server.query, in_named).rows == [[0]]
    assert count(server) == before


# ---------------------------------------------------------------- issue 12: odd endpoints, terminal text


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://127.0.0.1/sparql", "http://127.0.0.1:99999/sparql", "http:///sparql", "http://[::1/x"]
)
def test_malformed_endpoint_url_is_one_line(url: str, ttl: Path) -> None:
    for args in (["query", "ASK {}", "--endpoint", url], ["load", "--endpoint", url, "--ttl", ttl]):
        assert "URL" in one_line(invoke(*args))


@pytest.mark.parametrize("path", ["/html", "/shape", "/notjson"])
def test_an_answer_that_is_not_sparql_json_is_one_line(path: str, odd: str) -> None:
    line = one_line(invoke("query", "--endpoint", f"{odd}{path}", "ASK {}"))
    assert f"{odd}{path}: the answer is not SPARQL JSON results" in line


def test_endpoint_error_text_prints_as_text(odd: str, kg_bin: Path, ttl: Path) -> None:
    done = kg(kg_bin, "query", "--endpoint", f"{odd}/error", "ASK {}", color=True)
    line = one_red_line(done)
    assert "HTTP 400" in line
    assert "[/INST] [link=https://evil.example/]click[/link] [bold]x\\x1b[2J\\x07\\u202e second line" in line
    assert "\x1b]8;" not in done.stderr and "\x07" not in done.stderr  # no hyperlink, no bell
    # An HTML error page is reduced to its text.
    line = one_line(invoke("query", "--endpoint", f"{odd}/nowhere", "ASK {}"))
    assert line.endswith("HTTP 404 Not Found: no such page")


def test_query_results_print_as_text(odd: str, kg_bin: Path) -> None:
    done = kg(kg_bin, "query", "--endpoint", f"{odd}/sparql", "SELECT ?t WHERE { ?s ?p ?t }", color=True)
    assert done.returncode == 0, done.stderr
    shown = ANSI.sub("", done.stdout)
    assert "[/INST] [link=https://evil.example/]click[/link] [bold]x\\x1b[2J\\x07\\u202e" in shown
    assert "\x1b]8;" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    as_json = invoke("query", "--endpoint", f"{odd}/sparql", "SELECT ?t WHERE { ?s ?p ?t }", "--json")
    assert "\\u001b" in as_json.stdout and "\\u202e" in as_json.stdout and "\x1b" not in as_json.stdout
    assert json.loads(as_json.stdout) == [{"t": Endpoint.HOSTILE}]
