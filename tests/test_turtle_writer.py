"""graph.ttl's column writer (kg.turtle_writer) against kg.rdf.triples, the term-by-term reference:
the same set of triples (parsed back with pyoxigraph) on the seeds, on every real page and export
in ../shared, on a 10,000-paper synthetic corpus and on hostile text; IRIs and text no writer of
terms could hold (lone surrogates, '<' in an IRI) written so that every parser reads them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import turtle_writer
from kg.build import extract_files, find_inputs, knowledge_graph
from kg.distributed.turtle import split, write_part
from kg.model import Page, Record
from kg.rdf import DEFAULT_BASE, _readable_everywhere, triples
from kg.resolve import resolve
from kg.schema import KnowledgeGraph
from kg.synth import synthesize
from kg.turtle_writer import TurtleWriter, escape_iri, escape_text, write_graph

if TYPE_CHECKING:
    from conftest import SeedsBuild

AS_OF = dt.date(2026, 11, 24)
SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = [
    path
    for folder in ("real-pages", "real-exports")
    for path in sorted((SHARED / folder).glob("*"))
    if path.name not in ("README.md", "truth.json")
]
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent (CI provides it)")


def reference(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> tuple[set[ox.Triple], int, int]:
    """What kg.rdf's writer writes: its triples (noncharacters replaced), how many, how many replaced."""
    replaced = [0]
    items = [_readable_everywhere(t, replaced) for t in triples(kg, base)]
    return set(items), len(items), replaced[0]


def parsed(path: Path) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def differences(got: set[ox.Triple], expected: set[ox.Triple]) -> str:
    missing, extra = sorted(map(str, expected - got)), sorted(map(str, got - expected))
    return f"{len(missing)} missing, e.g. {missing[:3]}; {len(extra)} extra, e.g. {extra[:3]}"


def assert_same_triples(kg: KnowledgeGraph, path: Path, base: str = DEFAULT_BASE) -> TurtleWriter:
    written = write_graph(kg, path, base)
    expected, count, replaced = reference(kg, base)
    got = parsed(path)
    assert got == expected, differences(got, expected)
    assert (written.count, written.replaced) == (count, replaced)
    return written


def graph_of(files: list[Path]) -> KnowledgeGraph:
    extracted = extract_files(find_inputs(files), AS_OF)
    return knowledge_graph(resolve(extracted.records, extracted.pages))


# ---------------------------------------------------------------- the same triples


def test_seeds_graph_ttl_holds_the_reference_triples(seeds_build: SeedsBuild) -> None:
    built = seeds_build.built
    expected, count, replaced = reference(built.resolution)
    got = parsed(seeds_build.out / "graph.ttl")
    assert got == expected, differences(got, expected)
    assert built.summaries["turtle"] == {"triples": count, "noncharacters_replaced": replaced}
    assert count > 5000


def test_the_comparison_sees_one_changed_title(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    """The check above can fail: a graph one title apart gives other triples."""
    kg = seeds_build.built.resolution
    papers = kg.papers.copy()
    papers.loc[papers.index[0], "title"] = papers["title"].iloc[0] + "!"
    write_graph(dataclasses.replace(kg, papers=papers), tmp_path / "changed.ttl")
    expected = reference(kg)[0]
    got = parsed(tmp_path / "changed.ttl")
    assert len(got - expected) == len(expected - got) == 1


@needs_shared
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_every_real_input_gives_the_reference_triples(path: Path, tmp_path: Path) -> None:
    kg = graph_of([path])
    assert len(kg.papers) > 0, path
    assert_same_triples(kg, tmp_path / "graph.ttl")


@needs_shared
def test_all_real_inputs_together_give_the_reference_triples(tmp_path: Path) -> None:
    kg = graph_of(REAL)
    assert len(kg.identifiers) > 0 and len(kg.people) > 100  # the exports bring ORCIDs, DOIs, OpenAlex ids
    written = assert_same_triples(kg, tmp_path / "graph.ttl")
    assert written.count > 10_000


def test_a_synthetic_corpus_of_10k_papers_gives_the_reference_triples(tmp_path: Path) -> None:
    synthesize(10_000, 1, tmp_path / "synth")
    kg = graph_of([tmp_path / "synth" / "pages"])
    assert len(kg.papers) == 10_000
    written = assert_same_triples(kg, tmp_path / "graph.ttl")
    assert written.count > 300_000


def test_parts_hold_the_graphs_triples(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    """kg.distributed's per-partition files (written here without a cluster): disjoint, and together the graph."""
    kg = seeds_build.built.resolution
    expected = parsed(seeds_build.out / "graph.ttl")
    seen: set[ox.Triple] = set()
    total = 0
    for n, part in enumerate(split(kg, 3)):
        total += write_part(part, tmp_path / f"part-{n}.ttl", DEFAULT_BASE, n == 0)
        these = parsed(tmp_path / f"part-{n}.ttl")
        assert not these & seen
        seen |= these
    assert seen == expected, differences(seen, expected)
    assert total == seeds_build.built.summaries["turtle"]["triples"]


def test_same_graph_same_bytes(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    write_graph(seeds_build.built.resolution, tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == (seeds_build.out / "graph.ttl").read_bytes()


# ---------------------------------------------------------------- one block a subject


def opened(path: Path) -> list[str]:
    """The subject opening each block of a Turtle file (its continuation lines start with a tab). Lines
    end at "\\n" only: a literal holds U+2028 and U+0085 as they are, and "\\n" escaped."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [line.split(" ", 1)[0] for line in lines if line and not line.startswith(("\t", "@prefix "))]


def runs(path: Path) -> list[ox.NamedNode | ox.BlankNode]:
    """The subjects of the file's triples as the parser meets them, one a run of the same subject."""
    return [s for s, _ in itertools.groupby(t.subject for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))]


def assert_one_block_a_subject(path: Path) -> None:
    subjects = runs(path)
    assert len(subjects) == len(set(subjects)), "a subject's triples are in more than one place"
    blocks = opened(path)
    assert len(blocks) == len(set(blocks)) == len(subjects)


def test_the_block_check_sees_a_subject_written_twice(tmp_path: Path) -> None:
    path = tmp_path / "split.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p ex:d .\nex:a ex:q ex:e .\n")
    with pytest.raises(AssertionError, match="more than one place"):
        assert_one_block_a_subject(path)


def test_seeds_graph_ttl_holds_each_subjects_triples_in_one_block(seeds_build: SeedsBuild) -> None:
    path = seeds_build.out / "graph.ttl"
    assert_one_block_a_subject(path)
    text = path.read_text(encoding="utf-8")
    # Types first, several objects of one predicate on one line, as pyoxigraph writes them.
    pages = seeds_build.built.resolution.pages
    assert text.count(" a prov:Entity , schema:WebPage ;\n\tschema:name ") == len(pages) == 4
    typed = {t.subject for t in parsed(path) if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    starts = [line.split(" ", 2) for line in text.split("\n") if line and not line.startswith(("\t", "@prefix "))]
    assert sum(head[1] == "a" for head in starts) == len(typed) > 1000


@needs_shared
def test_real_inputs_graph_ttl_holds_each_subjects_triples_in_one_block(tmp_path: Path) -> None:
    write_graph(graph_of(REAL), tmp_path / "graph.ttl")
    assert_one_block_a_subject(tmp_path / "graph.ttl")


def test_hostile_text_holds_each_subjects_triples_in_one_block(tmp_path: Path) -> None:
    kg = hostile_graph(HOSTILE, [f"Ann{chr(65 + i)} Lee" for i in range(len(HOSTILE))])
    write_graph(kg, tmp_path / "graph.ttl")
    assert_one_block_a_subject(tmp_path / "graph.ttl")


def test_each_part_holds_each_of_its_subjects_triples_in_one_block(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    for n, part in enumerate(split(seeds_build.built.resolution, 3)):
        write_part(part, tmp_path / f"part-{n}.ttl", DEFAULT_BASE, n == 0)
        assert_one_block_a_subject(tmp_path / f"part-{n}.ttl")


# ---------------------------------------------------------------- hostile text

HOSTILE = [
    'a "quoted" title',
    "back\\slash \\u0041 not an escape",
    "line\nbreak\r\nand\ttab",
    "nul\x00 bell\x07 esc\x1b[31m del\x7f",
    "\x85 \u2028 \u2029 \ufeff zero\u200bwidth",
    "non \ufffe \uffff \ufdd0 \U0010fffe characters",
    "<b>{x}</b> | ^ ` > < @en ^^xsd:string _:b0 # no comment .",
    '"""',
    "'''",
    "trailing backslash \\",
    "Lindström 北京 😀 👩‍🔬",
]


def hostile_graph(titles: list[str], names: list[str], source: str = "hostile.txt") -> KnowledgeGraph:
    records = [
        Record(source, 1 + i, "title-abstract", title, abstract=title[::-1], authors=names[i :: len(titles)])
        for i, title in enumerate(titles)
    ]
    return knowledge_graph(resolve(records, [Page(source, "title-abstract")]))


def test_hostile_text_gives_the_reference_triples(tmp_path: Path) -> None:
    names = [f"Ann{chr(65 + i)} Lee{text[:12]}" for i, text in enumerate(HOSTILE)]
    kg = hostile_graph(HOSTILE, names, 'odd "source" \\ \n.txt')
    written = assert_same_triples(kg, tmp_path / "graph.ttl")
    assert written.replaced >= 2  # the title and its reversed abstract hold noncharacters
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert '"a \\"quoted\\" title"' in text and "nul\\u0000 bell\\u0007 esc\\u001B[31m del\\u007F" in text
    assert "\ufffe" not in text and "\\uFFFE" not in text
    names_read = {str(o) for o in rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle").objects()}
    assert 'a "quoted" title' in names_read and "non \ufffd \ufffd \ufffd \ufffd characters" in names_read


word = st.from_regex(r"[A-Za-zÀ-ÿ]{2,8}", fullmatch=True)
awkward = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=["Cs"]), max_size=6)),
    min_size=1,
    max_size=4,
).map("".join)


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(st.builds("{} {}".format, word, awkward), min_size=1, max_size=3, unique=True))
def test_any_text_gives_the_reference_triples(titles: list[str]) -> None:
    import tempfile

    kg = hostile_graph(titles, ["Ann Lee", "Bo Chen"])
    with tempfile.TemporaryDirectory() as folder:
        assert_same_triples(kg, Path(folder) / "graph.ttl")


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils is not installed (make test installs it)")
def test_rapper_reads_hostile_turtle_without_a_warning(tmp_path: Path) -> None:
    kg = hostile_graph(HOSTILE, ["Ann Lee", "Bo Chen"])
    written = write_graph(kg, tmp_path / "graph.ttl")
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(tmp_path / "graph.ttl")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"rapper: Parsing returned {written.count} triples", done.stderr
    assert "warn" not in done.stderr.lower()


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    """UTF-8 cannot hold a lone surrogate (Python keeps an undecodable byte as one): kg.rdf's writer
    stopped on one, and so do Arrow's text columns; a cell of Python text reaching the writer with
    one is written with U+FFFD, and counted."""
    kg = hostile_graph(["Broken title"], ["Ann Lee"])
    papers = kg.papers.assign(title=pd.Series(["Broken \udc80 title"], dtype=object))
    people = kg.people.assign(alternate_names=[["Ann \udcff Lee"]])
    written = write_graph(dataclasses.replace(kg, papers=papers, people=people), tmp_path / "graph.ttl")
    values = {t.object.value for t in parsed(tmp_path / "graph.ttl") if isinstance(t.object, ox.Literal)}
    assert {"Broken \ufffd title", "Ann \ufffd Lee"} <= values
    assert written.replaced == 2
    assert escape_text("a\udc80") == ("a\ufffd", True) and escape_text('a"b') == ('a\\"b', False)


def test_iris_hold_what_iriref_forbids_percent_encoded(tmp_path: Path) -> None:
    assert escape_iri('https://x/a b<c>"{|}^`\\\x7f\ufffe') == (
        "https://x/a%20b%3Cc%3E%22%7B%7C%7D%5E%60%5C%7F%EF%BF%BE"
    )
    assert escape_iri("https://x/é/ä.b") == "https://x/é/ä.b"  # an IRI holds other Unicode as it is
    kg = hostile_graph(["A title"], ["Ann Lee"])
    people = kg.people.assign(person_id=["person/a b<c>{d}"])
    odd = dataclasses.replace(kg, people=people, authorship=kg.authorship.assign(person_id="person/a b<c>{d}"))
    base = "https://example.org/my kg/"
    write_graph(odd, tmp_path / "graph.ttl", base)
    subjects = {t.subject.value for t in parsed(tmp_path / "graph.ttl")}
    assert "https://example.org/my%20kg/person/a%20b%3Cc%3E%7Bd%7D" in subjects
    assert len(rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")) == len(parsed(tmp_path / "graph.ttl"))


# ---------------------------------------------------------------- the papers a block at a time


def flushes_of(kg: KnowledgeGraph, path: Path, monkeypatch: pytest.MonkeyPatch, papers_at_once: int) -> list[int]:
    """write_graph with `papers_at_once` papers a block; the triples each flush wrote."""
    held: list[int] = []
    flush = TurtleWriter.flush

    def counted(self: TurtleWriter) -> None:
        before = self.count - sum(len(s) if at is None else len(at) for s, at, _, _ in self._chunks)
        flush(self)
        held.append(self.count - before)

    monkeypatch.setattr(turtle_writer, "PAPER_BLOCK", papers_at_once)
    monkeypatch.setattr(TurtleWriter, "flush", counted)
    write_graph(kg, path)
    monkeypatch.undo()
    return [n for n in held if n]


@pytest.mark.parametrize("source", ["seeds", "real"])
def test_groups_written_a_few_subjects_at_a_time_give_the_same_bytes(
    source: str, seeds_build: SeedsBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """graph.ttl's groups (papers, author lists, authorships, versions, people, ties, and their cells)
    written 3 subjects a flush are the file one flush per group writes, byte for byte: subjects,
    predicates (ranked as one pass ranks them, though a block may lack a predicate another has) and
    objects in the same order."""
    if source == "real" and not SHARED.exists():
        pytest.skip("../shared is absent (CI provides it)")
    kg = seeds_build.built.resolution if source == "seeds" else graph_of(REAL)
    whole = flushes_of(kg, tmp_path / "whole.ttl", monkeypatch, 10**9)
    blocks = flushes_of(kg, tmp_path / "blocks.ttl", monkeypatch, 3)
    assert (tmp_path / "blocks.ttl").read_bytes() == (tmp_path / "whole.ttl").read_bytes()
    assert sum(blocks) == sum(whole)
    # 3 subjects held at a time: the one flush of each group became many smaller ones.
    groups = list((Counter(whole) - Counter(blocks)).elements())
    parts = list((Counter(blocks) - Counter(whole)).elements())
    assert sum(parts) == sum(groups)
    assert len(parts) >= len(kg.papers) // 3 and max(parts) < max(groups) / 10
