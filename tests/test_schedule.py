"""Issue 15: where the topics are found before the analytics are done, the outputs that need no
topics wait for the writers after topics (the coauthor map among them, split over both cores);
which process writes what changes, no output byte does."""

from __future__ import annotations

import datetime as dt
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import kg.build
import kg.outputs
import kg.parallel
from kg.build import build, find_inputs

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)


def run(files, out: Path, **kw):
    return build(files, out, AS_OF, engine="networkx", max_nodes=200, **kw)


def outputs_of(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".kg-cache" not in p.relative_to(out).parts
    }


def test_topics_found_before_the_analytics_end_leave_the_early_outputs_to_the_writers(
    tmp_path: Path, monkeypatch
) -> None:
    seeds = find_inputs([ROOT / "seeds"])
    serial = run(seeds, tmp_path / "serial", workers=1)
    asked: list[float] = []

    def found(future: Future, seconds: float) -> bool:
        asked.append(seconds)
        return True

    monkeypatch.setattr(kg.build, "_done_within", found)
    two = run(seeds, tmp_path / "two", workers=2)
    assert len(asked) == 1 and 0 < asked[0] <= two.seconds["analytics"]  # asked once, bounded by measuring's time
    # records.jsonl is written here as soon as the people are resolved; every other output,
    # those that need no topics among them, by the two forked writers.
    assert two.writers["records"] == os.getpid()
    others = {name: pid for name, pid in two.writers.items() if name != "records"}
    assert len(set(others.values())) == 2 and os.getpid() not in others.values()
    assert set(others) == {o.name for o in kg.outputs.OUTPUTS} - {"records"}
    assert outputs_of(tmp_path / "two") == outputs_of(tmp_path / "serial")
    assert two.summaries == serial.summaries

    # Memory for one forked copy: the coauthor map goes with the outputs after topics, split in halves.
    monkeypatch.setattr(kg.parallel, "memory_now", lambda: (2**30, 3 * 2**30))
    one = run(seeds, tmp_path / "one", workers=2)
    theirs, mine = kg.outputs.halves(kg.outputs.tasks(skip={"records"}))
    assert ("network", "maps") in theirs + mine
    assert {one.writers[name] for task in mine for name in task} == {os.getpid()}
    assert os.getpid() not in {one.writers[name] for task in theirs for name in task}
    assert outputs_of(tmp_path / "one") == outputs_of(tmp_path / "serial")


def test_done_within_waits_at_most_the_seconds_given() -> None:
    done: Future = Future()
    done.set_result(1)
    assert kg.build._done_within(done, 0.0)
    pending: Future = Future()
    started = time.perf_counter()
    assert not kg.build._done_within(pending, 0.3)
    assert 0.3 <= time.perf_counter() - started < 2
    with ThreadPoolExecutor(1) as pool:
        soon = pool.submit(time.sleep, 0.2)
        started = time.perf_counter()
        assert kg.build._done_within(soon, 30)
        assert time.perf_counter() - started < 5
