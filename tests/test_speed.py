"""Issue 15: extraction and the outputs over process pools, and the extraction cache, change no output byte.

A parallel build equals a serial one, and a rebuild through the cache after adding, changing and
removing pages equals a clean build, file for file, on the seeds plus a 2,000-paper synthetic
corpus (all four synthetic layouts, compact lists among them). Speed itself is measured in bench/.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

import kg.build
import kg.exports
import kg.outputs
import kg.parallel
import kg.topics
from kg import cache as kgcache
from kg.build import Interrupted, build, extract_files, find_inputs
from kg.read import read
from kg.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and a 2,000-paper synthetic corpus, side by side in one folder."""
    base = tmp_path_factory.mktemp("speed")
    synthesize(2_000, 7, base / "synth")
    shutil.copytree(ROOT / "seeds", base / "pages" / "seeds")
    shutil.copytree(base / "synth" / "pages", base / "pages" / "synth")
    return base / "pages"


def files_of(out: Path) -> dict[str, bytes]:
    """Every output file by its path in `out`, the cache left out."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and kgcache.FOLDER not in p.relative_to(out).parts
    }


def assert_same_outputs(a: Path, b: Path) -> None:
    first, second = files_of(a), files_of(b)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def run(files, out: Path, as_of: dt.date = AS_OF, **kw):
    # NetworkX: igraph's PageRank differs in the last bits from run to run (PRPACK), which
    # coauthors.html prints; a small HTML page keeps each build short.
    return build(files, out, as_of, engine="networkx", max_nodes=200, **kw)


def test_the_corpus_holds_compact_lists_read_with_known_names(corpus: Path) -> None:
    """The two-phase rule is exercised: compact lists are present and read as compact lists."""
    extracted = extract_files(find_inputs([corpus]), AS_OF, workers=2)
    layouts = {page.layout for page in extracted.pages}
    assert {"compact", "profile", "daily"} <= layouts
    assert len(extracted.pages) == len(find_inputs([corpus])) > 50


def _cached_key(path: Path, source: str) -> str:
    return kgcache.key(kgcache.environment(AS_OF), source, kgcache.text_hash(read(path, source)))


def test_a_build_lets_its_records_go_and_reads_the_same_back(corpus: Path, tmp_path: Path) -> None:
    """Once resolved, the records are written (records.jsonl) and the build keeps WrittenRecords in
    place of the list (a million Record objects are gigabytes): the same records in the same order,
    read back from the file, in a serial build and a parallel one."""
    files = find_inputs([corpus])
    read_now = extract_files(files, AS_OF, workers=1).records
    for workers in (1, 2):
        built = run(files, tmp_path / f"workers-{workers}", workers=workers)
        kept = built.extracted.records
        assert isinstance(kept, kg.outputs.WrittenRecords)
        assert len(kept) == len(read_now) > 2_000
        assert list(kept) == read_now and kept == read_now
        assert sum(1 for _ in kept) == len(read_now)  # read again from the start


def test_parallel_and_incremental_builds_equal_serial_clean_ones(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """One sequence of builds (each takes seconds): serial clean = parallel through a cold cache;
    then, after adding, changing and removing pages, a rebuild through the cache = a clean build."""
    pages = tmp_path / "pages"
    shutil.copytree(corpus, pages)
    files = find_inputs([pages])
    serial = run(files, tmp_path / "serial", workers=1)
    out = tmp_path / "out"
    # Topics still being found when the analytics are done (tests/test_schedule.py: found by then).
    monkeypatch.setattr(kg.build, "_done_within", lambda future, seconds: False)
    parallel = run(files, out, workers=2, cache=True)
    monkeypatch.undo()
    assert len(kg.parallel._chunks(files, 2 * kg.parallel.CHUNKS_PER_WORKER)) > 1  # really split over processes
    assert [p.source for p in parallel.extracted.pages] == [source for _, source in files]  # file order kept
    assert parallel.extracted.records == serial.extracted.records
    # The serial outputs were written by this process. In parallel, those that need no topics were
    # written here while another process found the topics (maps drew the layout the network page
    # inherits), the others by two forked writers.
    assert set(serial.writers.values()) == {os.getpid()}
    early = {name: pid for name, pid in parallel.writers.items() if name in kg.outputs.WITHOUT_TOPICS}
    later = {name: pid for name, pid in parallel.writers.items() if name not in kg.outputs.WITHOUT_TOPICS}
    assert set(early.values()) == {os.getpid()} and len(early) == 4
    assert len(set(later.values())) == 2 and os.getpid() not in later.values()
    assert list(parallel.summaries) == [o.name for o in kg.outputs.OUTPUTS]
    assert parallel.summaries == serial.summaries
    assert_same_outputs(tmp_path / "serial", out)
    assert not (tmp_path / "serial" / kgcache.FOLDER).exists()  # no cache unless asked for
    store = out / kgcache.FOLDER
    assert len(list(store.glob("*.pickle"))) >= len(files)

    # Remove one page, change another's title, add a new one (a seed page under a new name).
    removed = sorted((pages / "synth").glob("*_profile.txt"))[3]
    gone = f"synth/{removed.name}"
    removed_key = _cached_key(removed, gone)
    assert (store / f"{removed_key}.pickle").exists()
    removed.unlink()
    changed = sorted((pages / "synth").glob("*_daily.txt"))[0]
    lines = changed.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "Daily Papers" and lines[2]  # the first paper's title is on line 3
    lines[2] = "A Changed Title About Incremental Builds"
    changed.write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "002_9b389e03cf5b3e93.txt", pages / "added.txt")

    chosen: list[int] = []
    real_choose = kg.parallel.choose
    monkeypatch.setattr(kg.parallel, "choose", lambda lines: chosen.append(1) or real_choose(lines))
    again = run(find_inputs([pages]), out, cache=True, workers=1)  # in-process, so choose is counted
    monkeypatch.undo()
    clean = run(find_inputs([pages]), tmp_path / "clean", workers=1)

    assert_same_outputs(out, tmp_path / "clean")
    assert "A Changed Title About Incremental Builds" in {r.title for r in again.extracted.records}
    assert not any(p.source == gone for p in again.extracted.pages)
    assert not (store / f"{removed_key}.pickle").exists()  # a removed input's entry is dropped
    compact = sum(1 for p in clean.extracted.pages if p.layout == "compact")
    # Only the added and the changed file are read afresh, and the compact lists (the known names changed).
    assert len(chosen) == 2 + compact < len(clean.extracted.pages) / 2


def test_the_cache_is_keyed_by_the_reference_date(tmp_path: Path) -> None:
    """Yearless dates depend on --as-of: an entry written for one date is not served for another."""
    seeds = find_inputs([ROOT / "seeds"])
    out = tmp_path / "out"
    run(seeds, out, cache=True)
    later = dt.date(2027, 3, 1)
    run(seeds, out, later, cache=True)
    run(seeds, tmp_path / "clean", later)
    assert_same_outputs(out, tmp_path / "clean")
    assert kgcache.environment(AS_OF) != kgcache.environment(later)


def test_groups_of_outputs_are_neighbours_in_outputs_order() -> None:
    order = [o.name for o in kg.outputs.OUTPUTS]
    for group in kg.outputs.TOGETHER:
        start = order.index(group[0])
        assert tuple(order[start : start + len(group)]) == group
    assert sorted(name for task in kg.outputs.tasks() for name in task) == sorted(order)


def test_an_error_in_a_writer_process_is_the_error_of_the_serial_build(tmp_path: Path, monkeypatch) -> None:
    """The writer's exception reaches the caller as itself (type and text), and `out` keeps the last build."""
    seeds = find_inputs([ROOT / "seeds"])
    out = tmp_path / "out"
    run(seeds, out, workers=1)
    before = files_of(out)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.exports, "write_vosviewer", full)
    errors = []
    for workers in (1, 2):
        with pytest.raises(OSError) as caught:
            run(seeds, out, workers=workers)
        errors.append((type(caught.value), caught.value.errno, str(caught.value)))
    assert errors[0] == errors[1] == (OSError, 28, "[Errno 28] No space left on device")
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]
    assert multiprocessing.active_children() == []


def test_sigint_while_writers_run_stops_them_and_leaves_out_as_it_was(tmp_path: Path, monkeypatch) -> None:
    """SIGINT to the parent while a writer would take ten minutes: Interrupted at once, the writers gone,
    nothing of the new build left beside `out` (writers ignore SIGINT themselves: a terminal sends it to all)."""
    seeds = find_inputs([ROOT / "seeds"])
    out = tmp_path / "out"
    run(seeds, out, workers=1)
    before = files_of(out)
    parent = os.getpid()

    def interrupt_and_hang(*args, **kwargs):
        os.kill(parent, signal.SIGINT)
        time.sleep(600)

    monkeypatch.setattr(kg.outputs, "write_graph", interrupt_and_hang)
    started = time.perf_counter()
    with pytest.raises(Interrupted) as caught:
        run(seeds, out, workers=2)
    assert time.perf_counter() - started < 60
    assert not caught.value.committed
    assert multiprocessing.active_children() == []
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_sigint_taken_by_another_thread_still_stops_the_build(tmp_path: Path, monkeypatch) -> None:
    """The kernel may hand a process's SIGINT to any thread that does not block it; Python acts on
    it only when the main thread runs Python code. Here the main thread blocks SIGINT, so a helper
    thread takes it: a wait on the writers without a timeout would sit until the watchdog (SIGALRM,
    which the main thread does take) fires at 20 s. The build must stop within a second or two."""
    seeds = find_inputs([ROOT / "seeds"])
    out = tmp_path / "out"
    parent = os.getpid()

    def interrupt_and_hang(*args, **kwargs):
        time.sleep(3)  # the main thread is waiting on this writer by then
        os.kill(parent, signal.SIGINT)
        time.sleep(600)

    catcher = threading.Event()
    taker = threading.Thread(target=catcher.wait, daemon=True)  # started unblocked: it takes the SIGINT
    taker.start()
    monkeypatch.setattr(kg.outputs, "write_graph", interrupt_and_hang)
    watchdog = signal.signal(signal.SIGALRM, lambda *_: None)  # only wakes the main thread
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.alarm(20)
    started = time.perf_counter()
    try:
        with pytest.raises(Interrupted):
            run(seeds, out, workers=2)
        took = time.perf_counter() - started
    finally:
        signal.alarm(0)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGALRM, watchdog)
        catcher.set()
    assert took < 10, f"the build noticed SIGINT only after {took:.1f} s (3 s of them before it was sent)"
    assert multiprocessing.active_children() == []


def test_topics_run_beside_the_analytics_and_an_interrupt_there_stops_them(tmp_path: Path, monkeypatch) -> None:
    """With two processes, topics are found in a forked one (its pid differs) while this one measures;
    an error there is raised here as itself, and SIGINT kills it at once."""
    seeds = find_inputs([ROOT / "seeds"])

    def child_pid(res):
        raise ValueError(f"topics ran in {os.getpid()}")

    monkeypatch.setattr(kg.topics, "find_topics", child_pid)  # kg.build imports it as a build runs
    with pytest.raises(ValueError, match=r"topics ran in \d+") as caught:
        run(seeds, tmp_path / "out", workers=2)
    assert str(caught.value) != f"topics ran in {os.getpid()}"
    with pytest.raises(ValueError, match=f"topics ran in {os.getpid()}$"):
        run(seeds, tmp_path / "out", workers=1)

    parent = os.getpid()

    def interrupt_and_hang(res):
        os.kill(parent, signal.SIGINT)
        time.sleep(600)

    monkeypatch.setattr(kg.topics, "find_topics", interrupt_and_hang)
    started = time.perf_counter()
    with pytest.raises(Interrupted):
        run(seeds, tmp_path / "out", workers=2)
    assert time.perf_counter() - started < 60
    assert multiprocessing.active_children() == []


def test_forked_processes_as_memory_affords() -> None:
    """A fork counts as a copy of this process; together they take at most half the memory available."""
    gib = 2**30
    assert kg.parallel.affordable(2, resident=1 * gib, available=20 * gib) == 2
    assert kg.parallel.affordable(2, resident=8 * gib, available=16 * gib) == 1  # the 1M build that was killed
    assert kg.parallel.affordable(4, resident=3 * gib, available=20 * gib) == 3
    assert kg.parallel.affordable(2, resident=30 * gib, available=1 * gib) == 1  # never below this process
    resident, available = kg.parallel.memory_now()
    assert 0 < resident < available * 100 and available > 0


def test_a_build_short_of_memory_writes_in_process_and_the_same_bytes(
    corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    files = find_inputs([corpus])
    monkeypatch.setattr(kg.parallel, "memory_now", lambda: (2**30, 2**30))  # room for no copy of this process
    forks: list[int] = []
    real_pool = kg.parallel.forked_pool
    monkeypatch.setattr(kg.parallel, "forked_pool", lambda n: forks.append(n) or real_pool(n))
    short = run(files, tmp_path / "short", workers=2)
    assert set(short.writers.values()) == {os.getpid()}
    assert forks == []  # nor the topics beside the analytics
    monkeypatch.undo()
    serial = run(files, tmp_path / "serial", workers=1)
    assert_same_outputs(tmp_path / "short", tmp_path / "serial")
    assert short.summaries == serial.summaries


def test_a_build_with_memory_for_one_copy_writes_beside_one_forked_writer(
    corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    """Memory for one forked copy of the build but not two (a million papers on 24 GiB): the outputs
    after topics go half to one forked writer, half to this process, and the bytes are the serial
    build's; an error is the one the serial build meets first."""
    files = find_inputs([corpus])
    monkeypatch.setattr(kg.parallel, "memory_now", lambda: (2**30, 3 * 2**30))  # half of 3 GiB: one copy
    monkeypatch.setattr(kg.build, "_done_within", lambda future, seconds: False)  # topics still being found
    assert kg.parallel.affordable_now(2) == 1 and kg.parallel.fork_affordable()
    one = run(files, tmp_path / "one", workers=2)
    later = {name: pid for name, pid in one.writers.items() if name not in kg.outputs.WITHOUT_TOPICS}
    assert len(set(later.values())) == 2 and os.getpid() in later.values()
    theirs, mine = kg.outputs.halves(kg.outputs.tasks(skip=kg.outputs.WITHOUT_TOPICS))
    assert {later[name] for task in mine for name in task} == {os.getpid()}
    assert os.getpid() not in {later[name] for task in theirs for name in task}
    serial = run(files, tmp_path / "serial", workers=1)
    assert_same_outputs(tmp_path / "one", tmp_path / "serial")
    assert one.summaries == serial.summaries

    # GraphML (the forked writer's) fails before Turtle (this process's) in OUTPUTS order, as serially.
    assert ("graphml",) in theirs and ("turtle",) in mine
    first, second = OSError(28, "No space left on device"), ValueError("second")
    monkeypatch.setattr(kg.outputs, "write_graphml_from_tables", lambda *a, **k: (_ for _ in ()).throw(first))
    monkeypatch.setattr(kg.outputs, "write_graphml", lambda *a, **k: (_ for _ in ()).throw(first))
    monkeypatch.setattr(kg.outputs, "write_graph", lambda *a, **k: (_ for _ in ()).throw(second))
    with pytest.raises(OSError, match="No space left on device"):
        run(files, tmp_path / "failed", workers=2)
    assert multiprocessing.active_children() == []


def test_the_garbage_collector_is_paused_during_the_stages_and_restored_after(tmp_path: Path, monkeypatch) -> None:
    """The cyclic collector is off from resolution to the last output (its passes over the build's
    millions of objects free nothing), on in the extraction workers (parsing pages makes cycles),
    and as it was after the build, also after an error."""
    import gc

    seen: dict[str, bool] = {}
    resolve = kg.build.resolve_people

    def watched(*args, **kwargs):
        seen["resolve"] = gc.isenabled()
        return resolve(*args, **kwargs)

    monkeypatch.setattr(kg.build, "resolve_people", watched)
    with kg.parallel._pool(2) as pool:
        assert pool is not None and not gc.isenabled()  # the parent gathers records with it paused
        assert pool.submit(gc.isenabled).result() is True  # a worker collects its own cycles
    assert gc.isenabled()
    run(find_inputs([ROOT / "seeds"]), tmp_path / "out", workers=2)
    assert seen == {"resolve": False} and gc.isenabled()
    gc.disable()
    try:  # a caller that had it off keeps it off
        run(find_inputs([ROOT / "seeds"]), tmp_path / "out2", workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.outputs, "write_graph", broken)
    with pytest.raises(OSError):
        run(find_inputs([ROOT / "seeds"]), tmp_path / "out", workers=1)
    assert gc.isenabled()


def test_topics_found_from_the_papers_alone_equal_the_topics_of_the_whole_resolution() -> None:
    """With two processes the topics are found from the papers before the people are resolved
    (kg.build.papers_only) and the people's topics added after (with_people_topics): the same
    tables as find_topics on the whole resolution, and the papers table is the one resolve gives."""
    import dataclasses

    from kg.resolve import resolve, resolve_papers
    from kg.topics import find_topics

    extracted = extract_files(find_inputs([ROOT / "seeds"]), AS_OF, workers=1)
    whole = resolve(extracted.records, extracted.pages)
    papers = resolve_papers(extracted.records, extracted.pages).facts.papers
    assert papers.equals(whole.papers) and list(papers.dtypes) == list(whole.papers.dtypes)
    early = kg.build.with_people_topics(find_topics(kg.build.papers_only(papers)), whole)
    serial = find_topics(whole)
    assert len(serial.person_topics) > 0
    for field in dataclasses.fields(serial):
        assert getattr(early, field.name).equals(getattr(serial, field.name)), field.name


def test_jsonl_lines_escape_the_line_breaks_python_splits_on(tmp_path: Path) -> None:
    """write_jsonl escapes U+0085, U+2028 and U+2029 (only lines holding one are translated):
    one row is one line for str.splitlines, and the values read back unchanged."""
    import json

    rows = [{"t": "plain"}, {"t": "a\x85b\u2028c\u2029d"}, {"t": "é\u2028"}]
    assert kg.outputs.write_jsonl(tmp_path / "r.jsonl", rows) == 3
    text = (tmp_path / "r.jsonl").read_text(encoding="utf-8")
    assert text == '{"t": "plain"}\n{"t": "a\\u0085b\\u2028c\\u2029d"}\n{"t": "é\\u2028"}\n'
    assert [json.loads(line) for line in text.splitlines()] == rows


def test_csv_cells_are_neutralized_whatever_the_column_holds(tmp_path: Path) -> None:
    """write_csv looks for formula cells over a whole column at once: a column with one such
    cell among plain ones, in Arrow text, in object dtype beside numbers and lists, is still
    neutralized cell by cell, and a column with none is written as it is."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "arrow": pd.Series(["plain", "=SUM(A1)", None, "'+x", "a=b"], dtype="str"),
            "mixed": pd.Series(["@cmd", 3, ["-1"], None, "ok"], dtype=object),
            "numbers": [1, -2, 3, 4, 5],
            "clean": pd.Series(["a", "b", None, "c", "d"], dtype="str"),
        }
    )
    kg.outputs.write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines() == [
        "arrow,mixed,numbers,clean",
        "plain,'@cmd,1,a",
        "'=SUM(A1),3,-2,b",
        ",['-1'],3,",
        "''+x,,4,c",
        "a=b,ok,5,d",
    ]
