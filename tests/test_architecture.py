"""docs/architecture.md is the map of the code: it names every declared table, node and edge
kind, input format and output, so a new one cannot land without its line there."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.engine import ENGINES
from kg.extract import FORMATS
from kg.outputs import OUTPUTS
from kg.schema import EDGE_KINDS, NODE_KINDS, TABLES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")

NAMED = (
    [f"`{name}`" for name in TABLES]
    + [f"| {k.name} |" for k in NODE_KINDS]
    + [f"| {e.name} |" for e in EDGE_KINDS]
    + [f"`{f.name}`" for f in FORMATS]
    + [f"`{o.name}`" for o in OUTPUTS]
    + [f'"{e}"' if e == "auto" else e for e in ENGINES]
)


@pytest.mark.parametrize("name", NAMED)
def test_the_architecture_page_names_it(name: str) -> None:
    assert name in DOC


def test_the_command_line_loads_without_the_libraries_only_a_build_needs() -> None:
    """`kg --help`, `kg query`, `kg stats` start in about a second: scikit-learn (a second more on
    its own) and the topic extractor are loaded by the stages that use them, not by the command line."""
    import subprocess
    import sys

    code = "import sys, kg.cli; print(sorted(m for m in ('sklearn', 'kg.topics', 'wordfreq') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
