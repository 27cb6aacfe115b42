"""The data model: every table a build produces matches its one declaration in kg.schema, on the
seeds and on a build of nothing; node and edge kinds name real tables and columns."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build, find_inputs
from kg.cli import app
from kg.schema import EDGE_KINDS, NODE_KINDS, TABLES, KnowledgeGraph, Resolution, Topics, check, empty, mint

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory):
    return build(find_inputs([ROOT / "seeds"]), tmp_path_factory.mktemp("out"), AS_OF)


def test_every_table_of_a_build_is_as_declared(seeds) -> None:
    tables = seeds.resolution.tables()
    assert set(tables) == set(TABLES)  # the graph holds every declared table, and no other
    problems = [p for name, frame in tables.items() for p in check(name, frame)]
    assert problems == []
    assert check("measures", seeds.stats.people) == []
    # people carry their measures after the declared columns
    assert list(seeds.resolution.people.columns[:3]) == list(TABLES["people"].columns)


def test_keys_identify_rows(seeds) -> None:
    for name, frame in seeds.resolution.tables().items():
        key = list(TABLES[name].key)
        if key:
            assert not frame.duplicated(key).any(), name


def test_check_names_what_differs() -> None:
    frame = empty("papers").drop(columns=["title"])
    assert check("papers", frame) and "title" in check("papers", frame)[0]


def test_kinds_name_declared_tables_and_columns() -> None:
    for node in NODE_KINDS:
        columns = TABLES[node.table].columns
        assert node.key in columns and node.label in columns, node.name
    for edge in EDGE_KINDS:
        columns = TABLES[edge.table].columns
        assert {edge.source, edge.target} <= set(columns), edge.name
        assert edge.weight is None or edge.weight in columns, edge.name


def test_stage_values_are_declared_tables() -> None:
    stage_fields = {f.name for f in dataclasses.fields(Resolution)} | {f.name for f in dataclasses.fields(Topics)}
    assert stage_fields - {"warnings"} <= set(TABLES)
    assert {f.name for f in dataclasses.fields(KnowledgeGraph)} - {"warnings"} == set(TABLES)


def test_ids_are_minted_in_one_place() -> None:
    assert mint("paper", "a b") == "paper/a_b"
    assert mint("category", "cs.CL") == "category/cs.CL"  # arXiv codes are kept as printed
    assert mint("person", "zoë ünal").startswith("person/zoe_unal-")  # non-ASCII keys get a hash


def test_a_build_of_nothing_readable_writes_empty_outputs(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "notes.txt").write_text("Just some prose about nothing in particular.\n", encoding="utf-8")
    (pages / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "out"
    runner = CliRunner()
    done = runner.invoke(app, ["build", str(pages), "--out", str(out), "--as-of", "2026-11-24"])
    assert done.exit_code == 0, done.output
    said = [line for line in done.stderr.splitlines() if "no input gave a record" in line]
    assert len(said) == 1
    assert (out / "records.jsonl").read_text() == ""
    assert len((out / "rejects.jsonl").read_text().splitlines()) == 2
    assert (out / "stats" / "authors.csv").read_text().startswith("person_id,name,papers")
    ttl = (out / "graph.ttl").read_text()
    assert "skos:ConceptScheme" in ttl and "schema:ScholarlyArticle" not in ttl
    strict = runner.invoke(app, ["build", str(pages), "--out", str(out), "--as-of", "2026-11-24", "--strict"])
    assert strict.exit_code == 1
    assert "Traceback" not in strict.output
