"""The build on Dask (kg/distributed/, issue 18) against the local build.

A real `dask scheduler` and two `dask worker` processes run on 127.0.0.1 (no dashboard), and
the seeds and a 10,000-paper synthetic corpus are built through them: the triples must be the
local build's (compared as sets of triples parsed with pyoxigraph), the per-partition Turtle
files together must be graph.ttl, and the resolution (ids, merges and their order) and the
topics the same. Resolution runs by blocks on the workers and topic counts by map-reduce, so
these comparisons test them; a real OpenAlex export with one work printed again under a new
title and a new name (same DOI, same ORCID) tests that identifiers join blocks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.cli
from kg import distributed
from kg.build import build, find_inputs
from kg.distributed import extract
from kg.distributed import resolve as blocks
from kg.names import clean, name_key
from kg.schema import TABLES, Resolution
from kg.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OPENALEX = ROOT.parent / "shared" / "real-exports" / "openalex_01_author_A5017898742_works.json"
AS_OF = dt.date(2026, 11, 24)
BIN = Path(sys.executable).parent
START = 60  # seconds the scheduler and the workers may take to come up


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler on 127.0.0.1 with two single-threaded worker processes."""
    from distributed import Client

    logs = tmp_path_factory.mktemp("dask-logs")
    with socket.socket() as probe:  # a free port, picked here: the test names the scheduler's address
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout's kg
    commands = [
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        *[
            [BIN / "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
             "--name", f"w{i}", "--local-directory", str(logs / f"w{i}")]
            for i in range(2)
        ],
    ]  # fmt: skip
    processes = []
    try:
        for n, command in enumerate(commands):
            with (logs / f"{n}.log").open("wb") as sink:
                processes.append(subprocess.Popen(command, stdout=sink, stderr=sink, env=env, cwd=ROOT))
            if n == 0:
                time.sleep(1)
        deadline = time.monotonic() + START
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=START)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                    pytest.fail("dask did not start: " + " | ".join(p.read_text() for p in logs.glob("*.log")))
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def turtle(path: Path) -> set[ox.Triple]:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def parts(out: Path) -> tuple[int, set[ox.Triple]]:
    files = sorted((out / distributed.TTL).glob("part-*.ttl"))
    found: set[ox.Triple] = set()
    total = 0
    for path in files:
        these = turtle(path)
        assert not these & found, f"{path.name} repeats triples of another partition"
        found |= these
        total += len(these)
    return len(files), found


def same_tables(local, dask) -> None:
    assert local.warnings == dask.warnings
    for name in (f.name for f in dataclasses.fields(Resolution) if f.name != "warnings"):
        table, other = getattr(local, name), getattr(dask, name)
        assert list(other.columns) == list(table.columns), name
        declared = list(TABLES[name].columns)  # exact; the measures on people (floats) to 1e-12
        table, other = table.reset_index(drop=True), other.reset_index(drop=True)
        assert table[declared].equals(other[declared]), f"{name} differs from the local build"
        pd.testing.assert_frame_equal(table, other, check_exact=False, rtol=1e-12, atol=1e-15)


def same_topics(local, dask) -> None:
    for name in ("topics", "paper_topics", "person_topics", "topic_broader", "topic_rollups", "topic_years"):
        table, other = getattr(local, name).reset_index(drop=True), getattr(dask, name).reset_index(drop=True)
        pd.testing.assert_frame_equal(table, other, obj=name)


def test_seeds_through_the_cli_on_a_dask_cluster(scheduler: str, tmp_path: Path) -> None:
    local = build(find_inputs([SEEDS]), tmp_path / "local", AS_OF)
    out = tmp_path / "dask"
    args = ["build", str(SEEDS), "--out", str(out), "--as-of", AS_OF.isoformat()]
    result = CliRunner().invoke(kg.cli.app, [*args, "--engine", "dask", "--scheduler", scheduler, "--single-ttl"])
    assert result.exit_code == 0, result.output
    expected = turtle(tmp_path / "local" / "graph.ttl")
    assert len(expected) > 10_000  # the seeds' graph, not a graph of schemes only
    assert turtle(out / "graph.ttl") == expected
    files, found = parts(out)
    assert files == 4 and found == expected  # two partitions per worker
    # The other outputs are the local build's, byte for byte.
    for name in ("records.jsonl", "pages.jsonl", "rejects.jsonl", "merges.csv", "conflicts.csv", "stats/topics.csv"):
        assert (out / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert local.resolution.merges.loc[0, "kept"] == "Wang Zhu"  # the seeds' one name variant, merged on the cluster
    assert "--single-ttl go with --engine dask" in CliRunner().invoke(kg.cli.app, [*args, "--single-ttl"]).output
    assert "not one of auto, networkx, igraph, dask" in CliRunner().invoke(kg.cli.app, [*args, "--engine", "x"]).output


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """A 10,000-paper synthetic corpus (kg synth --papers 10000 --seed 1): its page files."""
    folder = tmp_path_factory.mktemp("synth")
    assert synthesize(10_000, 1, folder).papers == 10_000
    return find_inputs([folder / "pages"])


@pytest.mark.slow
def test_ten_thousand_papers_on_a_dask_cluster(
    scheduler: str, synthetic: list[tuple[Path, str]], tmp_path: Path
) -> None:
    files = synthetic
    local = build(files, tmp_path / "local", AS_OF)
    built = distributed.build(files, tmp_path / "dask", AS_OF, scheduler=scheduler, partitions=7, single_ttl=True)
    assert len(local.resolution.papers) == 10_000
    assert len(local.resolution.merges) > 0  # name variants merged on evidence: the blocks must agree
    same_tables(local.resolution, built.resolution)
    same_topics(local.resolution, built.resolution)
    assert len(local.resolution.topics) > 100
    assert built.summaries["topic_counts"]["partitions"] == 7
    expected = turtle(tmp_path / "local" / "graph.ttl")
    assert turtle(tmp_path / "dask" / "graph.ttl") == expected
    files_written, found = parts(tmp_path / "dask")
    assert files_written == 7 and found == expected
    assert built.summaries["turtle"]["triples"] == len(expected)


def test_partitions_keep_the_order_of_the_files(synthetic: list[tuple[Path, str]]) -> None:
    """Contiguous runs of about equal bytes: concatenated, the local build's file order."""
    parts = extract.partition_files(synthetic, 5)
    assert len(parts) == 5 and [f for p in parts for f in p] == synthetic
    sizes = [sum(path.stat().st_size for path, _ in p) for p in parts]
    assert max(sizes) < 1.5 * min(sizes)
    assert extract.partition_files(synthetic[:2], 5) == [[synthetic[0]], [synthetic[1]]]
    assert extract.partition_files([], 3) == [[]]


def renamed(tmp_path: Path) -> list[tuple[Path, str]]:
    """The real OpenAlex export and a second file: its first work (DOI 10.1145/2795233) printed
    again under another title, with its first author, Helen Cabot Miles (ORCID 0000-0003-4063-6479),
    under another name (Helen Cabot). Only the DOI joins the two titles and only her author
    identifiers (ORCID, OpenAlex id) the two names; the two files are two partitions."""
    if not OPENALEX.exists():
        pytest.skip(f"{OPENALEX} is absent: the real exports are a sibling folder of the repository (../shared)")
    answer = json.loads(OPENALEX.read_text(encoding="utf-8"))
    work = answer["results"][0]
    assert work["doi"] == "https://doi.org/10.1145/2795233"
    first = work["authorships"][0]
    assert (first["raw_author_name"], first["author"]["orcid"]) == (
        "Helen C. Miles",
        "https://orcid.org/0000-0003-4063-6479",
    )
    first["raw_author_name"] = first["author"]["display_name"] = "Helen Cabot"
    work["title"] = work["display_name"] = "Other views of heritage reconstructed in three dimensions"
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "renamed.json").write_text(json.dumps({**answer, "results": [work]}, indent=2), encoding="utf-8")
    return [*find_inputs([OPENALEX]), *find_inputs([folder])]


def components(pairs: list[tuple[int, str]]) -> dict[int, int]:
    """Connected components of (unit, key) pairs, by a plain union-find: the test's oracle."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for unit, key in pairs:
        a, b = find(("u", unit)), find(("k", key))
        parent[max(a, b)] = min(a, b)
    return {unit: find(("u", unit)) for unit, _ in pairs}


def test_an_orcid_and_a_doi_join_blocks_on_a_dask_cluster(scheduler: str, tmp_path: Path) -> None:
    files = renamed(tmp_path)
    assert [len(p) for p in extract.partition_files(files, 2)] == [1, 1]
    local = build(files, tmp_path / "local", AS_OF)
    res = local.resolution
    # The local build joins them: one paper from both files, one person under both names.
    paper = res.paper_sources.groupby("paper_id")["source"].apply(set)
    assert {"renamed.json", OPENALEX.name} in list(paper)
    miles = res.people[res.people.person_id.isin(res.identifiers.query("value == '0000-0003-4063-6479'").node_id)]
    assert len(miles) == 1 and "Helen Cabot" in {miles.iloc[0]["name"], *miles.iloc[0]["alternate_names"]}

    # Without the identifiers, the two records and the two mentions fall in different blocks:
    # what the components step has to join.
    records = local.extracted.records
    recs = pd.DataFrame({"unit": range(len(records)), "json": [json.dumps(r.to_dict()) for r in records]})
    renamed_at = next(i for i, r in enumerate(records) if r.source == "renamed.json")
    original_at = next(i for i, r in enumerate(records) if r.source == OPENALEX.name and r.doi == "10.1145/2795233")
    keys = blocks.paper_keys(recs)
    pairs = list(zip(keys.unit, keys.key))
    by_title = components([(u, k) for u, k in pairs if k.startswith("t ")])
    assert by_title[renamed_at] != by_title[original_at]
    assert components(pairs)[renamed_at] == components(pairs)[original_at]
    said = blocks.mentions(recs, {})
    people = blocks.person_keys(said, {})
    helen = said[said.key.isin([name_key("Helen Cabot"), name_key("Helen Cabot Miles")])].unit
    named = [(u, k) for u, k in zip(people.unit, people.key) if not (k.startswith("n ") and ":" in k)]
    by_name = components(named)  # without the identities (ORCID, OpenAlex author id): two blocks
    assert len({by_name[u] for u in helen}) == 2
    assert len({components(list(zip(people.unit, people.key)))[u] for u in helen}) == 1

    built = distributed.build(files, tmp_path / "dask", AS_OF, scheduler=scheduler, partitions=2, single_ttl=True)
    same_tables(res, built.resolution)
    assert turtle(tmp_path / "dask" / "graph.ttl") == turtle(tmp_path / "local" / "graph.ttl")
    _, found = parts(tmp_path / "dask")
    assert found == turtle(tmp_path / "local" / "graph.ttl")


SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize("inputs", ["seeds", "real-exports", "real-pages"])
def test_blocks_resolve_as_one_resolution(inputs: str, tmp_path: Path) -> None:
    """kg.distributed.resolve's block functions, on the components of their keys (found here by
    the oracle, in one pandas partition), give kg.resolve.resolve's tables: ids, merges and their
    order, an alias row that forces a merge and one that forbids one."""
    folder = SEEDS if inputs == "seeds" else SHARED / inputs
    if not folder.exists():
        pytest.skip(f"{folder} is absent: the real files are a sibling folder of the repository (../shared)")
    from kg.resolve import Aliases, PeopleTables, assemble, resolve

    local = build(find_inputs([folder]), tmp_path / "local", AS_OF)
    records, pages = list(local.extracted.records), local.extracted.pages  # read back from records.jsonl
    aliases = Aliases(
        force={name_key("Tian-Qi Chen"): "Tianqi Chen", name_key("J. Rotella"): "Jay J. Rotella"},
        forbid={frozenset((name_key("P. Fischer"), name_key("P.C. Fischer")))},
        where={
            name_key("Tian-Qi Chen"): "a.csv:1",
            name_key("J. Rotella"): "a.csv:2",
            name_key("P. Fischer"): "a.csv:3",
        },
    )
    expected = resolve(records, pages, aliases)

    recs = pd.DataFrame({"unit": range(len(records)), "json": [json.dumps(r.to_dict()) for r in records]})
    keys = blocks.paper_keys(recs)
    recs["comp"] = recs["unit"].map(components(list(zip(keys.unit, keys.key))))
    papers, merges = blocks.paper_blocks(recs)
    said = blocks.mentions(recs, {p.source: clean(p.owner) for p in pages if p.owner})
    keys = blocks.person_keys(said, aliases.force)
    said["comp"] = said["unit"].map(components(list(zip(keys.unit, keys.key))))
    assert said["comp"].nunique() > 1 and recs["comp"].nunique() > 1  # blocks, not one block
    people = blocks.people_blocks(said, aliases)
    blocks.word_variant_merges(people, lambda wanted: said[said["node"].isin(wanted)][["node", "name"]])
    groups: dict[str, list[int]] = {}
    for index, pid in papers:
        groups.setdefault(pid, []).append(index)
    for idx in groups.values():
        idx.sort()
    assert isinstance(people, PeopleTables)
    same_tables(expected, assemble(records, pages, groups, merges, people))
    if inputs == "real-exports":  # the aliases and variants were exercised, not only the plain path
        evidence = set(expected.merges.evidence)
        assert any(e.startswith("alias file a.csv:2") for e in evidence)
        assert any(e.startswith("same first and last name; shared coauthor") for e in evidence)
        assert "P.C. Fischer" not in set(expected.merges.merged)  # forbidden


def test_a_dask_worker_reads_each_file_as_the_local_build_does(tmp_path: Path) -> None:
    """The Dask path's per-file extraction is the local one's: an unknown layout is the same reject,
    and a page cut inside an abstract keeps its record without the abstract and says so (the Dask
    path had its own copy of these steps, without the cut check)."""
    from kg.build import extract_files
    from kg.extract import Context

    data = sorted(SEEDS.iterdir())[1].read_bytes()
    (tmp_path / "cut.txt").write_bytes(data[: data.index(b"out-of-distribution (OOD) data streams") + 30])
    (tmp_path / "odd.txt").write_text("nothing kg knows\n", encoding="utf-8")
    for name in ("cut.txt", "odd.txt"):
        local = extract_files([(tmp_path / name, name)], AS_OF, workers=1)
        remote = extract.extract_one(tmp_path / name, name, Context(as_of=AS_OF), defer=False)
        assert remote is not None
        assert [r.to_dict() for r in remote.rejects] == [r.to_dict() for r in local.rejects]
        assert remote.records == local.records and remote.page == local.pages[0]
    assert [r.code for r in remote.rejects] == ["unknown_layout"]
