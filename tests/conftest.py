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
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pytest

from kg.build import Built, build, find_inputs

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
