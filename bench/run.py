"""Benchmark kg's build on synthetic corpora of growing size, stage by stage, against a
straightforward pipeline where that finishes in reasonable time.

    .venv/bin/python bench/run.py                      # 10k, 100k and 1M papers
    .venv/bin/python bench/run.py --sizes 10000 --baseline-max 10000

Each run is a fresh process, so peak memory is its own. Results go to bench/results.json
and a Markdown table on standard output (copied into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    mem = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 2**20
    )
    system = f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {system}"


def child(*args: str, timeout: int) -> dict | None:
    try:
        done = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "child.py"), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    except subprocess.CalledProcessError as e:
        return {"error": e.stderr.strip().splitlines()[-1] if e.stderr.strip() else str(e)}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline-max", type=int, default=100_000, help="largest size the baseline runs at")
    parser.add_argument("--pivots", type=int, default=200, help="sampled-betweenness pivots in the baseline")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()

    results = {"machine": machine(), "command": " ".join(["bench/run.py", *sys.argv[1:]]), "runs": []}
    for n in args.sizes:
        corpus = args.work / f"synth-{n}"
        if not (corpus / "truth" / "people.jsonl").exists():
            t = time.perf_counter()
            subprocess.run(
                [PYTHON, "-m", "kg.cli", "synth", "--papers", str(n), "--seed", str(args.seed), "--out", str(corpus)],
                check=True,
                cwd=ROOT,
            )
            print(f"synth {n:,}: {time.perf_counter() - t:.0f} s", file=sys.stderr)
        run = {
            "papers": n,
            "ours": child("build", str(corpus / "pages"), str(args.work / f"out-{n}"), timeout=args.timeout),
        }
        print(f"{n:,} ours: {json.dumps(run['ours'])}", file=sys.stderr)
        if n <= args.baseline_max:
            run["baseline"] = child(
                "baseline", str(corpus / "pages"), str(args.work / f"base-{n}"), str(args.pivots), timeout=args.timeout
            )
            print(f"{n:,} baseline: {json.dumps(run['baseline'])}", file=sys.stderr)
        results["runs"].append(run)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


def table(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}",
        "",
        "| papers | stage | seconds | throughput | RSS after (GiB) | peak (GiB) |",
        "|---:|---|---:|---|---:|---:|",
    ]
    for run in results["runs"]:
        ours = run["ours"]
        if "stages" not in ours:
            lines.append(f"| {run['papers']:,} | (failed) | {ours} | | | |")
            continue
        total = sum(s["seconds"] for s in ours["stages"].values())
        for stage, s in ours["stages"].items():
            rate = ""
            if stage == "extract":
                rate = f"{ours['records'] / s['seconds']:,.0f} records/s"
            elif stage == "turtle":
                rate = f"{ours['triples'] / s['seconds']:,.0f} triples/s"
            elif stage in ("resolve", "topics"):
                rate = f"{ours['papers'] / s['seconds']:,.0f} papers/s"
            cells = [
                f"{run['papers']:,}",
                stage,
                f"{s['seconds']:.1f}",
                rate,
                f"{s['rss_gib']:.2f}",
                f"{s['peak_gib']:.2f}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        peak = max(s["peak_gib"] for s in ours["stages"].values())
        rate = f"{run['papers'] / total:,.0f} papers/s"
        lines.append(f"| {run['papers']:,} | **total** | **{total:.1f}** | {rate} | | **{peak:.2f}** |")
        base = run.get("baseline")
        if base and "stages" in base:
            mine = ours["stages"]["turtle"]["seconds"] + ours["stages"]["analytics"]["seconds"]
            theirs = base["stages"]["turtle"]["seconds"] + base["stages"]["analytics"]["seconds"]
            peak = max(s["peak_gib"] for s in base["stages"].values())
            ratio = f"ours {mine:.1f} s: **{theirs / mine:.1f}x**"
            lines.append(f"| {run['papers']:,} | baseline turtle + analytics | {theirs:.1f} | {ratio} | | {peak:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
