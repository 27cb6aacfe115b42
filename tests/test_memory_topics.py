"""Issue 15, peak memory: the topics process of a two-process build is forked before the build
grows (kg.parallel.standby) and sent only the papers' columns topics read, so it holds none of
the pages the build frees or rewrites later; it ends before its result is read. Same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

import kg.build
import kg.parallel
import kg.topics
from kg.build import build, extract_files, find_inputs
from kg.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)
MIB = 2**20


def _resident() -> int:
    """This process's resident bytes (shared pages counted whole, as a fork's inherited ones)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _touch_and_measure(buffer_size: int) -> int:
    return _resident()


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc (Linux)")
def test_a_standby_process_holds_none_of_what_this_one_allocates_after_its_fork() -> None:
    """300 MiB allocated after the standby's fork are not in it; a process forked by `beside` at
    that moment maps them all (and comes to own every page the parent frees or writes later)."""
    with kg.parallel.standby() as held:
        assert held is not None
        grown = bytearray(300 * MIB)
        grown[:: os.sysconf("SC_PAGE_SIZE")] = b"x" * len(grown[:: os.sysconf("SC_PAGE_SIZE")])  # every page real
        held.submit(_touch_and_measure, len(grown))
        standby_rss = held.result()
        assert multiprocessing.active_children() == []  # let go before its result was read
        with kg.parallel.beside(_touch_and_measure, len(grown)) as pending:
            late_rss = kg.parallel.beside_result(pending)
    assert late_rss - standby_rss > 250 * MIB, (standby_rss / MIB, late_rss / MIB)
    assert standby_rss < _resident() - 250 * MIB


def test_a_standby_process_raises_its_error_here_and_runs_one_call() -> None:
    with kg.parallel.standby() as held:
        assert held is not None
        held.submit(int, "not a number")
        with pytest.raises(ValueError, match="invalid literal"):
            held.result()
        with pytest.raises(AssertionError):
            held.submit(int, "1")
    assert multiprocessing.active_children() == []
    with kg.parallel.standby(wanted=False) as none:
        assert none is None and multiprocessing.active_children() == []


def test_the_topic_columns_alone_give_the_topics_of_the_whole_papers_table() -> None:
    """kg.build.TOPIC_COLUMNS is all kg.topics reads of the papers: found from those columns alone
    (as the standby process finds them: pickled, read back, titles and abstracts as Python strings)
    the topics are the same tables. If kg.topics comes to read another column, this fails (a
    KeyError or other tables)."""
    import pickle

    from kg.resolve import resolve_papers
    from kg.topics import find_topics

    extracted = extract_files(find_inputs([ROOT / "seeds"]), AS_OF, workers=1)
    papers = resolve_papers(extracted.records, extracted.pages).facts.papers
    assert set(kg.build.TOPIC_COLUMNS) < set(papers.columns)
    sent = pickle.loads(pickle.dumps(papers[list(kg.build.TOPIC_COLUMNS)], protocol=pickle.HIGHEST_PROTOCOL))
    texts = kg.build.topic_texts(sent)
    assert [str(t) for t in texts.dtypes] == ["str", "object", "object", "Int64"]
    alone = find_topics(kg.build.papers_only(texts))
    whole = find_topics(kg.build.papers_only(papers))
    assert len(whole.topics) > 0 and len(whole.paper_topics) > 0 and len(whole.topic_years) > 0
    for field in dataclasses.fields(whole):
        assert getattr(alone, field.name).equals(getattr(whole, field.name)), field.name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and a 2,000-paper synthetic corpus."""
    base = tmp_path_factory.mktemp("memory")
    synthesize(2_000, 7, base / "synth")
    shutil.copytree(ROOT / "seeds", base / "pages" / "seeds")
    shutil.copytree(base / "synth" / "pages", base / "pages" / "synth")
    return base / "pages"


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_build_finds_its_topics_in_a_process_forked_before_extraction(
    corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    """With two workers the topics run in a process that was alive before
    the first input was read (so it inherited no record), the papers' file is gone from the output,
    and every byte is the serial build's."""
    files = find_inputs([corpus])
    before_extraction: list[set[int]] = []
    real_extract = kg.build.extract_files

    def extract(*args, **kw):
        before_extraction.append({p.pid for p in multiprocessing.active_children()})
        return real_extract(*args, **kw)

    real_topics = kg.topics.find_topics
    where = tmp_path / "topics-pid"

    def topics(res, *args, **kw):
        where.write_text(str(os.getpid()))
        return real_topics(res, *args, **kw)

    monkeypatch.setattr(kg.build, "STANDBY_BYTES", 1)  # as a build of STANDBY_BYTES or more does
    monkeypatch.setattr(kg.build, "extract_files", extract)
    monkeypatch.setattr(kg.topics, "find_topics", topics)
    two = build(files, tmp_path / "two", AS_OF, engine="networkx", max_nodes=200, workers=2)
    pid = int(where.read_text())
    assert pid != os.getpid() and before_extraction == [{pid}]
    assert multiprocessing.active_children() == []
    monkeypatch.undo()
    one = build(files, tmp_path / "one", AS_OF, engine="networkx", max_nodes=200, workers=1)
    two_files, one_files = _files(tmp_path / "two"), _files(tmp_path / "one")
    assert kg.build.TOPIC_PAPERS not in two_files and sorted(two_files) == sorted(one_files)
    assert [name for name in two_files if two_files[name] != one_files[name]] == []
    assert two.summaries == one.summaries and len(two.resolution.topics) > 0
