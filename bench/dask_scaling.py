"""The build on Dask with one worker and with two, and the local build, on one corpus.

    .venv/bin/python bench/dask_scaling.py /tmp/i18synth/pages --workers 1 2 --local
    .venv/bin/python bench/dask_scaling.py PAGES --workers 4 --scheduler tcp://HOST:8786   # a running cluster

Each build runs in a fresh process (a local cluster of N single-threaded worker processes, or
the workers of --scheduler); the stage times are the build's own clock; the load average is
printed, since on a shared machine it changes what two workers can gain. Each run prints the
SHA-256 of the outputs that carry the resolution and the topics (merges, paper merges, topics,
authors with their measures) and its number of triples: equal digests are the same result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 24)


DIGESTED = ("merges.csv", "paper-merges.csv", "stats/topics.csv", "stats/authors.csv")


def child(pages: Path, workers: int, scheduler: str | None = None) -> dict:
    from kg.build import build, find_inputs

    files = find_inputs([pages])
    out = Path(tempfile.mkdtemp(prefix="kg-dask-bench-"))
    start = time.perf_counter()
    if workers:
        from kg.distributed import build as build_on_dask

        built = build_on_dask(files, out, AS_OF, workers=workers, scheduler=scheduler)
    else:
        built = build(files, out, AS_OF)
    result = {
        "workers": workers or "local",
        "papers": len(built.resolution.papers),
        "seconds": round(time.perf_counter() - start, 1),
        "stages": {k: round(v, 1) for k, v in built.seconds.items()},
        "load": os.getloadavg(),
        "triples": built.summaries["turtle"]["triples"],
        "sha256": {name: hashlib.sha256((out / name).read_bytes()).hexdigest()[:16] for name in DIGESTED},
        "blocking": built.summaries.get("blocking"),
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
