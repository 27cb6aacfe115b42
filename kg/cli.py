"""`kg` on the command line: parses options, calls the library, reports. Nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg import sparql
from kg.analytics import CENTRALITIES
from kg.build import (
    BaseIriError,
    Built,
    Busy,
    InputError,
    Interrupted,
    OutputError,
    check_base_iri,
    check_inputs_outside,
    check_out,
    find_inputs,
    staged,
)
from kg.build import build as build_graph_files
from kg.engine import ENGINES, LIMITS
from kg.html import MAX_NODES
from kg.names import name_key
from kg.outputs import StatsError, read_stats
from kg.rdf import DEFAULT_BASE
from kg.read import shown_name
from kg.resolve import AliasError, Aliases

app = typer.Typer(
    help="Build a knowledge graph of papers, people, organizations and topics from saved listing pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # help paragraphs wrap to the terminal instead of at source line ends
)
out_console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


# Characters that move the cursor, recolour or reorder what a terminal shows: C0 and C1 controls, DEL,
# and the bidirectional marks, embeddings, overrides and isolates.
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from files, stores and users as the terminal should show it: control characters escaped,
    and bytes of a file name that are not UTF-8 (surrogate escapes) shown as \\xNN."""
    return CONTROLS.sub(_escape, shown_name(text))


def plain(value: object, style: str = "") -> Text:
    """A value as rich shows it: as text, never as markup ("[/INST]", "[link=…]"), controls escaped."""
    return Text(printable(str(value)), style=style)


def say(message: str, style: str = "", console: Console | None = None) -> None:
    """One line of text from kg to a terminal, with no markup read into it."""
    (console or err_console).print(plain(message, style), soft_wrap=True)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def fail(message: str, code: int = 2) -> typer.Exit:
    # Never markup: the message may quote a title such as "[/INST]" or an endpoint's error page.
    err_console.print(Text(f"kg: {printable(message)}", style="red"), soft_wrap=True)
    return typer.Exit(code)


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        # fromisoformat alone also takes 20261124 and 2026-W48-2: the message promises YYYY-MM-DD.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"--as-of {value!r} is not a date in the form YYYY-MM-DD") from None


@app.callback()
def main() -> None:
    """kg: scholarly knowledge graphs from saved listing pages."""


@app.command()
def build(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Page files or folders of pages.", show_default="seeds/")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder the build writes to: replaced whole when the build succeeds.")
    ] = Path("output"),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Reference date YYYY-MM-DD: a date printed without a year is the latest such day not after it.",
            show_default="today",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any block or file was rejected.")] = False,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases",
            help="CSV of `name,canonical name` forcing merges of people; a leading `!` on the name forbids the merge.",
        ),
    ] = None,
    base_iri: Annotated[
        str, typer.Option("--base-iri", help="Namespace the graph's IRIs are minted under (ends in / or #).")
    ] = DEFAULT_BASE,
    max_nodes: Annotated[
        int,
        typer.Option("--max-nodes", min=1, help="Above this many nodes, the HTML pages show the most central ones."),
    ] = MAX_NODES,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="auto, networkx or igraph: the engine for the network measures (auto: igraph above "
            f"{LIMITS.networkx_people:,} people); dask: the whole build on a Dask cluster (a local one of "
            "--workers processes, default 2, or --scheduler's), its measures on one worker with auto.",
        ),
    ] = "auto",
    # kg build --engine dask (issue 18): the build on a Dask cluster, kg/distributed/; --dask is its alias.
    dask: Annotated[
        bool, typer.Option("--dask", help="The same as --engine dask (--engine then names the measures' engine).")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="With --engine dask: the scheduler's address, tcp://host:port."),
    ] = None,
    single_ttl: Annotated[
        bool,
        typer.Option("--single-ttl", help="With --engine dask: graph.ttl too, beside the Turtle files per partition."),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes that read the inputs (default: every core for large inputs, one for small).",
            show_default="auto",
        ),
    ] = None,
    max_team: Annotated[
        int,
        typer.Option(
            "--max-team",
            min=0,
            help="A paper with more authors than this gives them authorship but no coauthor ties (a "
            "3,000-author paper would tie 4.5M pairs); 0: no limit.",
        ),
    ] = LIMITS.max_team,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every input afresh and keep no cache (OUT/.kg-cache holds each input's extraction "
            "for the next build, keyed by its content, kg's code and --as-of).",
        ),
    ] = False,
) -> None:
    """Read pages and exports into one knowledge graph, and write it to OUT.

    OUT gets records.jsonl, pages.jsonl and rejects.jsonl (what was read and what was not),
    merges.csv and conflicts.csv, graph.ttl (RDF), graph.graphml, stats/ (collaboration
    tables), report.html and the interactive pages coauthors.html and graph.html.
    """
    if engine not in (*ENGINES, "dask"):
        raise fail(f"--engine {engine!r} is not one of {', '.join(ENGINES)}, dask")
    if engine == "dask":  # the distributed build; its network measures choose their engine as auto does
        dask, engine = True, "auto"
    reference = parse_as_of(as_of)
    limits = dataclasses.replace(LIMITS, max_team=max_team)
    try:
        check_base_iri(base_iri)
        thesaurus = Aliases.read(aliases) if aliases else Aliases()
        check_out(out)
        sources = inputs or [Path("seeds")]
        check_inputs_outside(sources, out)
        files = find_inputs(sources, exclude=[out])  # --out inside an input folder is not read
    except (BaseIriError, AliasError, InputError, OutputError) as e:
        raise fail(str(e)) from None
    except KeyboardInterrupt:
        raise fail(str(Interrupted(out, committed=False)), 130) from None
    if not files:
        raise fail("no input files found")
    if (scheduler or single_ttl) and not dask:
        raise fail("--scheduler and --single-ttl go with --engine dask (or --dask)")
    try:
        if dask:  # the build on a Dask cluster (kg/distributed/), staged and locked like the local one
            from kg.distributed import build as build_on_dask
            from kg.distributed.cluster import LOCAL_WORKERS

            try:
                with staged(out) as folder:
                    built = build_on_dask(
                        files, folder, reference, thesaurus, base_iri, max_nodes, engine, limits,
                        scheduler=scheduler, single_ttl=single_ttl, workers=workers or LOCAL_WORKERS,
                    )  # fmt: skip
            except KeyboardInterrupt:
                raise Interrupted(out, committed=False) from None
        else:
            with _progress() as on_start:
                built = build_graph_files(
                    files, out, reference, thesaurus, base_iri, max_nodes, engine=engine, on_start=on_start,
                    limits=limits, workers=workers, cache=not no_cache,
                )  # fmt: skip
    except Busy as e:  # not a mistake: the same command works once the other build ends (EX_TEMPFAIL)
        raise fail(str(e), 75) from None
    except OutputError as e:
        raise fail(str(e)) from None
    except Interrupted as e:
        raise fail(str(e), 130) from None
    _report_build(built, out)
    result = built.extracted
    if strict and result.rejects:
        raise fail(f"{len(result.rejects)} rejected (see {out / 'rejects.jsonl'}); failing because of --strict", 1)


def _report_build(built: Built, out: Path) -> None:
    """What a build read and rejected, as text: every name and reason comes from the inputs."""
    result, resolution = built.extracted, built.resolution
    for warning in resolution.warnings:
        say(f"kg: warning: {warning}", "yellow")
    for page in result.pages:
        for note in page.notes:
            say(f"kg: {page.source}: note: {note}")
    for bad in result.rejects:
        where = f"{bad.source}:{bad.line}" if bad.line else bad.source
        say(f"kg: {where}: {bad.reason}", "yellow")
    table = Table(title=plain(f"kg build → {out}/"), title_justify="left")
    for column in ("file", "layout", "records", "rejects"):
        table.add_column(column, justify="right" if column in ("records", "rejects") else "left")
    for page in result.pages:
        table.add_row(plain(page.source), plain(page.layout or "—"), str(page.records), str(page.rejects))
    table.add_row("total", "", str(len(result.records)), str(len(result.rejects)), style="bold")
    out_console.print(table)
    say(
        f"{len(resolution.papers)} papers, {len(resolution.people)} people, "
        f"{len(resolution.organizations)} organizations, {len(resolution.categories)} categories; "
        f"{len(resolution.merges)} name merges (merges.csv); "
        f"{built.summaries['turtle']['triples']:,} triples (graph.ttl); {built.wall:.2f} s",
        console=out_console,
    )
    if built.summaries["turtle"].get("noncharacters_replaced"):
        say(
            f"kg: warning: {built.summaries['turtle']['noncharacters_replaced']} text values hold Unicode "
            "noncharacters (such as U+FFFE), written as U+FFFD in graph.ttl so that every parser reads it; "
            "records.jsonl keeps them",
            "yellow",
        )
    over = built.stats.summary.get("papers_over_max_team", 0)
    if over:
        say(
            f"kg: note: {over} {'paper has' if over == 1 else 'papers have'} more than "
            f"{built.stats.summary['max_team']} authors: their authors get no coauthor ties from them "
            "(--max-team; stats/summary.json)"
        )
    if not result.records:
        say(f"kg: no input gave a record: {out}/ holds empty tables and a graph of only its schemes", "yellow")


@contextmanager
def _progress() -> Iterator[Callable[[str], None] | None]:
    """A spinner naming the stage under way, on a terminal only (nothing in logs and pipes)."""
    if not err_console.is_terminal:
        yield None
        return
    with err_console.status("kg build", spinner="dots") as status:
        yield lambda stage: status.update(f"kg build: {stage}…")


def _params(values: list[str] | None) -> dict[str, str]:
    params = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise fail(f"--param {item!r} is not NAME=VALUE")
        params[name] = value
    return params


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one (see queries/).")],
    ttl: Annotated[Path, typer.Option("--ttl", help="Turtle file to query in an embedded store.")] = Path(
        "output/graph.ttl"
    ),
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="SPARQL 1.1 query endpoint URL, instead of --ttl.")
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph", help="With --endpoint: query only this named graph (the one `kg load --graph` filled)."
        ),
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="NAME=VALUE binding ?NAME to a string; repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON instead of a table.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when the endpoint says it cut the answer at its row limit.")
    ] = False,
    allow_service: Annotated[
        bool,
        typer.Option("--allow-service", help="Let the embedded store run SERVICE clauses (requests to other hosts)."),
    ] = False,
) -> None:
    """Run a SPARQL query (SELECT or ASK) and print the answer as a table."""
    text = sparql.with_params(_query_text(query_or_file), _params(param))
    try:
        if endpoint:
            table = sparql.query_endpoint(endpoint, text, graph)
        else:
            table = sparql.query_store(sparql.open_store(ttl), text, allow_service)
    except sparql.SparqlError as e:
        raise fail(str(e)) from None
    if as_json:
        print(_json_rows(table))
    else:
        grid = Table(show_lines=False)
        for column in table.columns:
            grid.add_column(Text(printable(column)), overflow="fold")
        for row in table.rows:
            grid.add_row(*(Text(printable(_value(v))) for v in row))
        out_console.print(grid)
        out_console.print(f"{len(table.rows)} rows")
    if table.cut_at is not None:
        limit = f"its limit of {table.cut_at:,} rows" if table.cut_at >= 0 else "its row limit"
        message = (
            f"{endpoint}: the answer is incomplete, the endpoint stopped at {limit} (Virtuoso: ResultSetMaxRows); "
            "page through it with ORDER BY and LIMIT/OFFSET, or raise the limit"
        )
        if strict:
            raise fail(message, 1)
        say(f"kg: {message}", "yellow")


def _query_text(query_or_file: str) -> str:
    """The query itself, or the text of the file it names (a name ending in .rq or .sparql must be a file)."""
    path = Path(query_or_file)
    named = path.suffix in (".rq", ".sparql")
    try:
        if named or path.is_file():
            return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"{path}: no such query file") from None
    except UnicodeDecodeError as e:
        raise fail(f"{path}: the query is not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:  # a query too long to be a file name lands here too
        if named:
            raise fail(f"{path}: cannot read the query ({e.strerror or e})") from None
    except ValueError:  # a NUL in the text: not a file name
        pass
    return query_or_file


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# In JSON, C0 controls are escaped by json.dumps; these are escaped too, so that the rows can be read
# on a terminal as well as by a program.
JSON_CONTROLS = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json_rows(table: sparql.Table) -> str:
    text = json.dumps([dict(zip(table.columns, row)) for row in table.rows], ensure_ascii=False, indent=2)
    return JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


LOAD_HELP = """Push the graph to a triplestore, replacing what was loaded before (HTTP PUT).

ENDPOINT is the store's SPARQL 1.1 Graph Store endpoint: Oxigraph http://HOST:7878/store, Fuseki
http://HOST:3030/DATASET/data, Virtuoso http://HOST:8890/sparql-graph-crud-auth with --user dba (or a
user granted SPARQL_UPDATE), the password in KG_ENDPOINT_PASSWORD, and a --graph IRI (that endpoint
has no default graph; Virtuoso's /sparql endpoint queries all graphs, or one with kg query --graph).
"""


@app.command(help=LOAD_HELP)
def load(
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Graph Store endpoint URL.")],
    ttl: Annotated[Path, typer.Option("--ttl", help="Turtle file to push.")] = Path("output/graph.ttl"),
    graph: Annotated[
        str | None, typer.Option("--graph", help="Named graph IRI to replace (default: the default graph).")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="User name, if the store asks (Basic or Digest authentication).")
    ] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", envvar="KG_ENDPOINT_PASSWORD", help="Password for --user.", show_default=False),
    ] = None,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Push even a file without triples (empties the graph).")
    ] = False,
) -> None:
    try:
        status = sparql.push(ttl, endpoint, graph, user, password, allow_empty)
    except sparql.SparqlError as e:
        raise fail(str(e)) from None
    target = f"<{graph}>" if graph else "the default graph"
    out_console.print(Text(printable(f"loaded {ttl} into {target} at {endpoint} (HTTP {status})")))


@app.command()
def validate(
    ttl: Annotated[Path, typer.Option("--ttl", help="Turtle file to check.")] = Path("output/graph.ttl"),
) -> None:
    """Check a graph against kg's SHACL shapes (kg/shapes.ttl); exit 1 if it does not conform."""
    from kg.validate import ValidationError, check

    try:
        conforms, report = check(ttl)
    except ValidationError as e:
        raise fail(str(e)) from None
    if not conforms:
        err_console.print(Text(printable(report)))
        raise fail(f"{ttl} does not conform to the shapes", 1)
    out_console.print(Text(printable(f"{ttl} conforms to kg's SHACL shapes")))


def _table(title: str, frame: pd.DataFrame, columns: list[str]) -> Table:
    grid = Table(title=plain(title), title_justify="left")
    for column in columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        grid.add_column(column.replace("_", " "), justify="right" if numeric else "left", overflow="fold")
    for row in frame[columns].itertuples(index=False):
        grid.add_row(*(plain(_cell(v)) for v in row))
    return grid


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


@app.command()
def stats(
    folder: Annotated[Path, typer.Argument(help="A build's output folder.")] = Path("output"),
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 10,
    author: Annotated[str | None, typer.Option("--author", help="Print one person's collaboration profile.")] = None,
) -> None:
    """Print the collaboration statistics of a build: central people, strong pairs, communities."""
    try:
        tables = read_stats(folder)
    except StatsError as e:
        raise fail(str(e)) from None
    if author:
        _print_author(tables, author, top)
        return
    summary = tables["summary"]
    grid = Table(title="Summary", title_justify="left", show_header=False)
    for key in (
        "authors",
        "papers",
        "coauthor_edges",
        "components",
        "largest_component_share",
        "density",
        "clustering",
        "assortativity",
        "modularity",
        "communities",
        "community_agreement_nmi",
        "mean_authors_per_paper",
        "truncated_author_lists",
        "truncated_author_lists_share",
        "betweenness",
    ):
        grid.add_row(key.replace("_", " "), plain(_cell(summary.get(key))))
    out_console.print(grid)
    out_console.print(plain(summary.get("note", ""), "yellow"))
    authors = tables["authors"]
    for measure in CENTRALITIES:
        column = "coauthors" if measure == "degree" else measure
        ranked = authors.sort_values([column, "name"], ascending=[False, True]).head(top)
        out_console.print(_table(f"Top {top} by {measure.replace('_', ' ')}", ranked, ["name", column, "papers"]))
    out_console.print(
        _table(
            f"Strongest {top} pairs", tables["pairs"].head(top), ["a", "b", "joint_papers", "first_year", "last_year"]
        )
    )
    communities = tables["communities"].head(top)
    out_console.print(
        _table(
            f"Largest {top} communities", communities, ["community", "size", "density", "top_members", "top_categories"]
        )
    )


def _print_author(tables: dict, name: str, top: int) -> None:
    authors = tables["authors"]
    key = name_key(name)
    # object first: a column with no alternate name at all reads back as float NaN
    alternates = authors["alternate_names"].astype(object).fillna("")
    variants = alternates.map(lambda text: {name_key(v) for v in text.split("; ") if v})
    match = authors[(authors["name"].map(name_key) == key) | variants.map(lambda keys: key in keys)]
    if match.empty:
        last = name.split()[-1:]  # a blank name has no last word to suggest people by
        close = authors[authors["name"].str.contains(last[0], case=False, regex=False)]["name"].head(5) if last else []
        hint = f"; did you mean {', '.join(close)}?" if len(close) else ""
        raise fail(f"no person named {name!r} in {len(authors)} authors{hint}")
    person = match.iloc[0]
    grid = Table(title=plain(person["name"]), title_justify="left", show_header=False)
    for column in (
        "papers",
        "solo_papers",
        "coauthors",
        "joint_papers",
        "first_year",
        "last_year",
        "categories",
        "organizations",
        "community",
    ):
        grid.add_row(
            column.replace("_", " ") + (" (derived)" if column == "organizations" else ""), plain(_cell(person[column]))
        )
    for measure in CENTRALITIES:
        column = "coauthors" if measure == "degree" else measure
        rank = int((authors[column] > person[column]).sum()) + 1
        grid.add_row(measure.replace("_", " "), plain(f"{_cell(person[column])}  (rank {rank} of {len(authors)})"))
    out_console.print(grid)
    pairs = tables["pairs"]
    mine = pairs[(pairs["a"] == person["name"]) | (pairs["b"] == person["name"])].copy()
    mine["coauthor"] = mine["b"].where(mine["a"] == person["name"], mine["a"])
    out_console.print(
        _table(
            f"Coauthors by joint papers (top {top})",
            mine.head(top),
            ["coauthor", "joint_papers", "first_year", "last_year"],
        )
    )
    papers = tables["authorships"][tables["authorships"]["name"] == person["name"]]
    papers = papers.sort_values(["year", "title"], ascending=[False, True], na_position="last")
    out_console.print(_table("Papers", papers, ["year", "title", "position"]))


@app.command()
def synth(
    papers: Annotated[int, typer.Option("--papers", min=1, help="Number of distinct papers.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed writes the same bytes.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Folder for pages/ and truth/.")] = Path("synth"),
) -> None:
    """Write a synthetic corpus in all four page layouts, with its ground truth, for benchmarks."""
    from kg.synth import synthesize

    if seed < 0:  # numpy's generators take no negative seed
        raise fail(f"--seed {seed} is negative: a seed is 0 or more")
    try:
        corpus = synthesize(papers, seed, out)
    except OSError as e:
        raise fail(f"--out {out}: cannot write the corpus there ({e.strerror or e})") from None
    say(
        f"{corpus.papers:,} papers by {corpus.people:,} people on {corpus.files:,} pages "
        f"({corpus.records:,} listings) in {out / 'pages'}; ground truth in {out / 'truth'}",
        console=out_console,
    )


def run() -> None:
    """The command line (called by kg.__main__): an unexpected failure or a SIGINT is one line, not a
    traceback (KG_DEBUG=1 shows the traceback of a failure)."""
    try:
        app()
    except KeyboardInterrupt:  # outside a build (a build says what became of its folder): one line, 130
        err_console.print(Text("kg: interrupted", style="red"))
        sys.exit(130)
    except SystemExit as e:
        # Typer answers a SIGINT outside a command's own handling (while it parses the options) with
        # exit 130 and nothing printed: say what happened. Our own exits carry no KeyboardInterrupt.
        if e.code == 130 and isinstance(getattr(e.__context__, "__cause__", None), KeyboardInterrupt):
            err_console.print(Text("kg: interrupted", style="red"))
        raise
    except Exception as e:  # a bug in kg, not a user mistake: say so plainly
        if os.environ.get("KG_DEBUG"):
            raise
        err_console.print(
            Text(
                f"kg: internal error: {type(e).__name__}: {printable(str(e))} (set KG_DEBUG=1 for details)", style="red"
            )
        )
        sys.exit(70)


if __name__ == "__main__":
    run()
