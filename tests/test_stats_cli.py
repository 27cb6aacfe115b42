"""`kg stats FOLDER`: the collaboration statistics of a build, on the command line.

The fixture is the one of test_analytics.py written out as page text: two triangles (Alice,
Ben, Carl | Erin, Fay, Gus) joined by Dana, Ivan and Jill behind "et al.", Hana alone.
Ties: A–B 1, A–C 2, B–C 1, A–D 1, C–D 2, D–E 2, D–F 1, E–F 2, E–G 1, F–G 1, I–J 1.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

import kg.cli
from kg.build import build, find_inputs

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
AS_OF = dt.date(2026, 11, 24)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RED = "\x1b[31m"
# A build where nobody has a second name writes an empty alternate_names column; reading it must not
# rely on pandas behaviour that is deprecated (it raises from pandas 4 on).
NO_PANDAS_DEPRECATIONS = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

PROFILE = """Alice Archer

CL
h-index2
2papers
40citations

2 Papers

CLMar 5, 2024
Escaping <script> Tags in Parsers

Alice Archer, Ben Brooks, Carl Chen · stanford

We study escaping tags.

CLFeb 10, 2025
Bridging Two Communities

Alice Archer, Carl Chen, Dana Diaz

We study bridges.
"""

COMPACT = """15.0CLFeb 10, 2025
Bridging Two CommunitiesAlice Archer, Carl Chen, Dana Diaz
We study bridges.
12.5CLJan 15, 2026
Detecting Drift in DialogueCarl Chen, Dana Diaz
We study drift.
9.0LGJun 1, 2025
Sparse Mixtures for RetrievalDana Diaz, Erin Evans
We study mixtures.
8.5LGApr 20, 2026
Graph Learning at ScaleDana Diaz, Erin Evans, Fay Fischer
We study graphs.
7.0LGSep 30, 2026
Faster Optimizers for TransformersErin Evans, Fay Fischer, Gus Gray
We study optimizers.
3.0LGJul 4, 2025
Working Alone on ProofsHana Hill
We study proofs.
5.5LGNov 11, 2024
Scaling Laws RevisitedIvan Ito, Jill Jones et al.
We study scaling.
2.0LGMar 3, 2026
Notes on LemmasHana Hill et al.
We study lemmas.
"""


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = tmp_path_factory.mktemp("stats-pages")
    (pages / "alice.txt").write_text(PROFILE, encoding="utf-8")
    (pages / "list.txt").write_text(COMPACT, encoding="utf-8")
    out = tmp_path_factory.mktemp("stats-build")
    built = build(find_inputs([pages]), out, AS_OF)
    assert built.extracted.rejects == [] and len(built.extracted.records) == 10
    return out


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stats-seeds")
    build(find_inputs([SEEDS]), out, AS_OF)
    return out


@pytest.fixture
def red_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors printed through a console that keeps its colours when captured."""
    console = Console(stderr=True, force_terminal=True, color_system="standard", width=200, highlight=False)
    monkeypatch.setattr(kg.cli, "err_console", console)


def stats(*args: str) -> Result:
    return CliRunner().invoke(kg.cli.app, ["stats", *args], env={"COLUMNS": "200"})


def section(output: str, title: str) -> list[str]:
    """The data rows (cells stripped) of the table printed under `title`."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            rows.append(" | ".join(cell.strip() for cell in line.strip("│").split("│")).strip())
    return rows


def one_red_line(result: Result) -> str:
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(RED)
    return ANSI.sub("", lines[0])


def test_stats_prints_summary(fixture_out: Path) -> None:
    result = stats(str(fixture_out))
    assert result.exit_code == 0, result.output
    summary = section(result.stdout, "Summary")
    # Worked out in test_analytics.py: 11 ties, Q = 306/900, 2 of 9 lists cut by "et al."
    for row in (
        "authors | 10",
        "papers | 9",
        "coauthor edges | 11",
        "components | 3",
        "largest component share | 0.7",
        "density | 0.2444",
        "clustering | 0.5",
        "assortativity | 0.4762",
        "modularity | 0.34",
        "communities | 4",
        "mean authors per paper | 2.2222",
        "truncated author lists | 2",
        "truncated author lists share | 0.2222",
        "betweenness | exact",
    ):
        assert row in summary
    assert "lower bound" in result.stdout


def test_stats_prints_top_tables(fixture_out: Path) -> None:
    out = stats(str(fixture_out)).stdout
    for title in ("degree", "weighted degree", "betweenness", "closeness", "eigenvector", "pagerank"):
        assert section(out, f"Top 10 by {title}")
    assert section(out, "Top 10 by betweenness")[0] == "Dana Diaz | 0.25 | 4"  # 9/36
    assert len(section(out, "Top 10 by degree")) == 10  # all ten people
    assert len(section(out, "Strongest 10 pairs")) == 11 - 1  # 11 pairs, ten shown
    assert [row.split(" | ")[:3] for row in section(out, "Largest 10 communities")] == [
        ["0", "4", "0.8333"],  # 5 of 6 possible ties
        ["1", "3", "1"],
        ["2", "2", "1"],
        ["3", "1", "0"],
    ]


def test_stats_top_limits_rows(fixture_out: Path) -> None:
    out = stats(str(fixture_out), "--top", "3").stdout
    for title in ("degree", "weighted degree", "betweenness", "closeness", "eigenvector", "pagerank"):
        assert len(section(out, f"Top 3 by {title}")) == 3
    assert len(section(out, "Strongest 3 pairs")) == 3
    assert len(section(out, "Largest 3 communities")) == 3
    # weighted degree: Dana 6, Carl 5, Erin 5; Alice and Fay (4) are cut
    assert section(out, "Top 3 by weighted degree") == ["Dana Diaz | 6 | 4", "Carl Chen | 5 | 3", "Erin Evans | 5 | 3"]


@NO_PANDAS_DEPRECATIONS
def test_stats_author_profile(fixture_out: Path) -> None:
    result = stats(str(fixture_out), "--author", "dana diaz")
    assert result.exit_code == 0, result.output
    out = result.stdout
    profile = section(out, "Dana Diaz")
    for row in (
        "papers | 4",
        "solo papers | 0",
        "coauthors | 4",
        "joint papers | 4",
        "first year | 2025",
        "last year | 2026",
        "categories | cs.CL:2; cs.LG:2",
        "organizations (derived) |",
        "community | 0",  # the community of four, whichever side Dana is put on
        "degree | 4  (rank 1 of 10)",
        "weighted degree | 6  (rank 1 of 10)",
        "betweenness | 0.25  (rank 1 of 10)",
        "closeness | 0.5  (rank 1 of 10)",
        # per component: Ivan and Jill's 1/√2 is above Dana's value in a component of seven
        "eigenvector | 0.5472  (rank 3 of 10)",
    ):
        assert row in profile
    assert any(re.fullmatch(r"pagerank \| 0\.\d+  \(rank 1 of 10\)", row) for row in profile)
    assert section(out, "Coauthors by joint papers (top 10)") == [
        "Carl Chen | 2 | 2025 | 2026",  # P2, P3
        "Erin Evans | 2 | 2025 | 2026",  # P4, P5
        "Alice Archer | 1 | 2025 | 2025",  # P2
        "Fay Fischer | 1 | 2026 | 2026",  # P5
    ]
    assert section(out, "Papers") == [
        "2026 | Detecting Drift in Dialogue | 2",
        "2026 | Graph Learning at Scale | 1",
        "2025 | Bridging Two Communities | 3",
        "2025 | Sparse Mixtures for Retrieval | 1",
    ]


@NO_PANDAS_DEPRECATIONS
def test_stats_author_solo_and_et_al(fixture_out: Path) -> None:
    profile = section(stats(str(fixture_out), "--author", "Hana Hill").stdout, "Hana Hill")
    # P7 alone, P9 "Hana Hill et al.": two papers, one solo, none joint, no coauthor
    assert {"papers | 2", "solo papers | 1", "joint papers | 0", "coauthors | 0"} <= set(profile)


@NO_PANDAS_DEPRECATIONS
def test_stats_author_top_limits_coauthors(fixture_out: Path) -> None:
    out = stats(str(fixture_out), "--author", "Dana Diaz", "--top", "2").stdout
    assert [row.split(" | ")[0] for row in section(out, "Coauthors by joint papers (top 2)")] == [
        "Carl Chen",
        "Erin Evans",
    ]


def test_stats_author_by_merged_variant(seeds_out: Path) -> None:
    result = stats(str(seeds_out), "--author", "Wang Bill Zhu")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].strip() == "Wang Zhu"
    assert section(result.stdout, "Wang Zhu")[0] == "papers | 9"


@NO_PANDAS_DEPRECATIONS
@pytest.mark.usefixtures("red_errors")
def test_stats_unknown_author(fixture_out: Path) -> None:
    line = one_red_line(stats(str(fixture_out), "--author", "Nobody Diaz"))
    assert line == "kg: no person named 'Nobody Diaz' in 10 authors; did you mean Dana Diaz?"


@pytest.mark.usefixtures("red_errors")
def test_stats_blank_author(fixture_out: Path) -> None:
    assert one_red_line(stats(str(fixture_out), "--author", " ")) == "kg: no person named ' ' in 10 authors"


@pytest.mark.usefixtures("red_errors")
def test_stats_folder_without_stats(tmp_path: Path) -> None:
    line = one_red_line(stats(str(tmp_path)))
    assert line.startswith(f"kg: {tmp_path / 'stats'}: no statistics here")
