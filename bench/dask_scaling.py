"""The build on Dask with one worker and with two, and the local build, on one corpus.

    .venv/bin/python bench/dask_scaling.py /tmp/i18synth/pages --workers 1 2 --local
    .venv/bin/python bench/dask_scaling.py PAGES --workers 4 --scheduler tcp://HOST:8786   # a running cluster

Each build runs in a fresh process (a local cluster of N single-threaded worker processes, or
the workers of --scheduler); the stage times are the build's own clock; the load average is
printed, since on a shared machine it changes what two workers can gain. Each run prints the
SHA-256 of the outputs that carry the resolution and the topics (merges, paper merges, topics,
authors with their measures) and its number of triples: equal digests are the same result; and
the peak resident memory of the client, of one worker and of all together (class Memory).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

AS_OF = dt.date(2026, 11, 24)


DIGESTED = ("merges.csv", "paper-merges.csv", "stats/topics.csv", "stats/authors.csv")


class Memory:
    """Resident memory of this process (the client) and of its descendants (a local cluster's
    workers), sampled every second from another thread: the peaks of the client, of one worker and
    of their sum, over the build and in each stage. A --scheduler's workers run elsewhere and are not seen."""

    GIB = 2**30

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.peak = {"client": 0, "worker": 0, "all": 0}
        self.since = dict(self.peak)  # the peaks since the last stage ended
        self.at_stage: dict[str, dict[str, float]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        client, workers = self.me.memory_info().rss, []
        for proc in self.me.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # ended between the listing and the read
                workers.append(proc.memory_info().rss)
        for peaks in (self.peak, self.since):
            peaks["client"] = max(peaks["client"], client)
            peaks["worker"] = max([peaks["worker"], *workers])
            peaks["all"] = max(peaks["all"], client + sum(workers))

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()

    def stage(self, name: str) -> None:
        self.sample()
        self.at_stage[name] = {k: round(v / self.GIB, 2) for k, v in self.since.items()}
        self.since = dict.fromkeys(self.since, 0)

    def result(self) -> dict:
        self.stop.set()
        self.thread.join()
        return {
            "peak_gib": {k: round(v / self.GIB, 2) for k, v in self.peak.items()},
            "peak_gib_by_stage": self.at_stage,
        }


def child(pages: Path, workers: int, scheduler: str | None = None) -> dict:
    from kg.build import build, find_inputs

    files = find_inputs([pages])
    out = Path(tempfile.mkdtemp(prefix="kg-dask-bench-"))
    memory = Memory()
    start = time.perf_counter()
    if workers:
        from kg.distributed import build as build_on_dask

        built = build_on_dask(files, out, AS_OF, workers=workers, scheduler=scheduler, on_stage=memory.stage)
    else:
        built = build(files, out, AS_OF, on_stage=memory.stage)
    result = {
        "workers": workers or "local",
        "papers": len(built.resolution.papers),
        "seconds": round(time.perf_counter() - start, 1),
        "stages": {k: round(v, 1) for k, v in built.seconds.items()},
        "load": os.getloadavg(),
        "triples": built.summaries["turtle"]["triples"],
        "sha256": {name: hashlib.sha256((out / name).read_bytes()).hexdigest()[:16] for name in DIGESTED},
        "blocking": built.summaries.get("blocking"),
        "memory": memory.result(),
    }
    shutil.rmtree(out, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", type=Path)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--local", action="store_true", help="also the local build (kg.build)")
    parser.add_argument("--scheduler", default=None, help="a running cluster's address (else a local cluster)")
    parser.add_argument("--child", type=int, default=None)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.pages, args.child, args.scheduler)))
        return
    runs = ([0] if args.local else []) + args.workers
    for workers in runs:
        done = subprocess.run(
            [sys.executable, __file__, str(args.pages), "--child", str(workers)]
            + (["--scheduler", args.scheduler] if args.scheduler else []),
            capture_output=True,
            text=True,
            check=True,
        )
        print(done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
