"""The registries, enumerated: every input format and every output gets these tests without new
test code — a format its round trip and its bad-input cases, an output its determinism check."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import matplotlib as mpl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build, find_inputs
from kg.capture import View
from kg.extract import FORMATS, SNIFF_THRESHOLD, Context, choose
from kg.model import REJECT_CODES, Record
from kg.outputs import OUTPUTS

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)
CONTEXT = Context(as_of=AS_OF)
RENDERED = [f for f in FORMATS if f.render is not None]

WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
NAME = st.builds(lambda a, b: f"{a.capitalize()} {b.capitalize()}", WORD, WORD)


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    """Papers as any listing could print them: titles, abstracts, names, days, a category."""
    count = draw(st.integers(1, 4))
    titles = draw(st.lists(st.lists(WORD, min_size=3, max_size=8), min_size=count, max_size=count, unique_by=tuple))
    out = []
    for n, words in enumerate(titles):
        day = draw(st.dates(dt.date(2019, 1, 1), dt.date(2026, 11, 1)))
        authors = draw(st.lists(NAME, min_size=1, max_size=4, unique=True))
        out.append(
            Record(
                source="page.txt",
                line=n + 1,
                layout="",
                title=" ".join(words).capitalize(),
                abstract=" ".join(draw(st.lists(WORD, min_size=20, max_size=40))).capitalize() + ".",
                authors=authors,
                author_count=len(authors),
                date=day.isoformat(),
                arxiv_id=f"{day:%y%m}.{10000 + n:05d}",
                venue=draw(st.sampled_from(["ACL", "NeurIPS", "Trans. Assoc. Comput. Linguistics"])),
                category="CL",
                categories=["cs.CL"],
                score=float(draw(st.integers(10, 99))) / 10,
            )
        )
    return out


def test_names_are_unique_and_priorities_rank() -> None:
    names = [f.name for f in FORMATS]
    assert len(names) == len(set(names))
    assert all(isinstance(f.priority, int) and f.kind in ("page", "export") for f in FORMATS)
    assert all(f.description for f in FORMATS)


@pytest.mark.parametrize("fmt", RENDERED, ids=lambda f: f.name)
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(papers=records())
def test_render_is_read_back_by_the_same_format(fmt, papers: list[Record]) -> None:
    """What a format renders, the registry gives back to that format, and reading it and
    rendering again is a fixed point: nothing the format carries is lost or changed."""
    text = fmt.render(papers)
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None and chosen[0].name == fmt.name
    first = fmt.extract("page.txt", chosen[1].lines, CONTEXT)
    assert first.rejects == []
    assert len(first.records) == len(papers)
    assert fmt.render(first.records) == text


@pytest.mark.parametrize("fmt", RENDERED, ids=lambda f: f.name)
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(papers=records(), cut=st.floats(0.2, 0.95))
def test_a_cut_off_file_loses_nothing_silently(fmt, papers: list[Record], cut: float) -> None:
    """A file cut anywhere: every paper whose text survives is a record or a reject with a code."""
    text = fmt.render(papers)
    lines = text[: int(len(text) * cut)].split("\n")
    out = fmt.extract("page.txt", lines, CONTEXT)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    assert all(r.title for r in out.records)
    whole = [p.title for p in papers if p.title in "\n".join(lines[:-1])]  # titles printed before the cut line
    assert len(out.records) + len(out.rejects) >= min(len(whole), 1)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
@settings(max_examples=30, deadline=None, derandomize=True)
@given(lines=st.lists(st.text(max_size=80), max_size=30))
def test_any_text_is_read_or_rejected_never_raises(fmt, lines: list[str]) -> None:
    assert 0.0 <= fmt.sniff(lines) <= 1.0
    out = fmt.extract("page.txt", lines, CONTEXT)
    assert all(r.code in REJECT_CODES for r in out.rejects)


def test_prose_is_no_format() -> None:
    prose = ["kg builds knowledge graphs.", "", "It reads saved pages and exports."]
    assert choose(prose) is None
    assert all(f.sniff(prose) <= SNIFF_THRESHOLD for f in FORMATS)


def test_a_view_maps_lines_back_to_the_file() -> None:
    view = View("markdown", ["a", "b"], line_of=[3, 7])
    assert [view.file_line(n) for n in (0, 1, 2, 5)] == [0, 3, 7, 7]
    assert View.plain(["x"]).file_line(4) == 4


# ---- outputs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory):
    files = find_inputs([ROOT / "seeds"])
    state = random.getstate(), dict(mpl.rcParams)
    first = tmp_path_factory.mktemp("first")
    built = build(files, first, AS_OF)
    after = random.getstate(), dict(mpl.rcParams)
    second = tmp_path_factory.mktemp("second")
    build(files, second, AS_OF)
    return first, second, built, state, after


def _claimed(out: Path, output) -> list[Path]:
    found = []
    for name in output.files:
        path = out / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if name.endswith("/") else [path]
    return found


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_every_output_is_deterministic(two_builds, output) -> None:
    first, second, built, *_ = two_builds
    files = _claimed(first, output)
    assert files and all(p.is_file() for p in files)
    assert isinstance(built.summaries[output.name], dict)
    for path in files:
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path.name


def test_every_file_belongs_to_a_declared_output(two_builds) -> None:
    first, *_ = two_builds
    claimed = {p for o in OUTPUTS for p in _claimed(first, o)}
    assert {p for p in first.rglob("*") if p.is_file()} == claimed


def test_the_build_leaves_global_state_alone(two_builds) -> None:
    """No stage reseeds Python's random module or changes matplotlib's settings."""
    *_, state, after = two_builds
    assert after[0] == state[0]
    assert after[1] == state[1]


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_the_engine_is_the_users_choice(tmp_path: Path, engine: str) -> None:
    built = build(find_inputs([ROOT / "seeds" / "001_255aaf5710b68c8f.txt"]), tmp_path, AS_OF, engine=engine)
    assert built.stats.summary["engine"] == engine
    assert list(built.stats.people["person_id"]) == sorted(built.resolution.people["person_id"])
