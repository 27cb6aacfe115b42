"""Benchmark kg's build on synthetic corpora of growing size, stage by stage, against a
straightforward pipeline where that finishes in reasonable time.

    .venv/bin/python bench/run.py                      # 10k, 100k and 1M papers
    .venv/bin/python bench/run.py --sizes 10000 --baseline-max 10000

Each run is a fresh process, so peak memory is its own. Results go to bench/results.json
and a Markdown table on standard output (copied into docs/benchmarks.md), followed by the
five figures of issue 15, all from this one run:

(a) end to end ÷ the native floor: the build's wall time ÷ `oxigraph convert` of the build's own
    graph.ttl (parse and serialize to Turtle), timed right after it;
(b) the straightforward pipeline's time per triple ÷ kg's, over the stages both do (Turtle +
    network measures), and kg's whole build per triple beside it;
(c) CPU time ÷ wall time over the build (the build process and its worker processes);
(d) time(largest) ÷ time(10x smaller) and the peak memory (a 1M run only when asked for);
(e) a rebuild after adding one page (a seed page) to the built corpus, through the extraction
    cache, ÷ the full build (which wrote the cache).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
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


def floor(ttl: Path, work: Path, timeout: int) -> dict:
    """Oxigraph's own parse + serialize of a Turtle file: about the least writing that graph can cost."""
    oxigraph = shutil.which("oxigraph") or str(Path(PYTHON).with_name("oxigraph"))
    target = work / "floor.ttl"
    before, t = os.times(), time.perf_counter()
    try:
        subprocess.run([oxigraph, "convert", "-f", str(ttl), "-t", str(target)], check=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as e:
        return {"error": str(e)}
    seconds, after = time.perf_counter() - t, os.times()
    target.unlink(missing_ok=True)
    cpu = after.children_user + after.children_system - before.children_user - before.children_system
    return {"seconds": seconds, "cpu": cpu}


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
    parser.add_argument(
        "--rebuild-max", type=int, default=None, help="largest size the rebuild (e) runs at (default: every size)"
    )
    parser.add_argument("--pivots", type=int, default=200, help="sampled-betweenness pivots in the baseline")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--add", type=Path, default=ROOT / "seeds" / "002_9b389e03cf5b3e93.txt", help="the page added for (e)"
    )
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
        out = args.work / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)  # a full build: no cache left from an earlier run
        run = {"papers": n, "ours": child("build", str(corpus / "pages"), str(out), "--cache", timeout=args.timeout)}
        print(f"{n:,} ours: {json.dumps(run['ours'])}", file=sys.stderr)
        if (out / "graph.ttl").exists():
            run["floor"] = floor(out / "graph.ttl", args.work, args.timeout)
            print(f"{n:,} floor: {json.dumps(run['floor'])}", file=sys.stderr)
        if (out / "graph.ttl").exists() and (args.rebuild_max is None or n <= args.rebuild_max):
            run["rebuild"] = child(
                "build", str(corpus / "pages"), str(out), "--cache", "--add", str(args.add), timeout=args.timeout
            )
            print(f"{n:,} rebuild: {json.dumps(run['rebuild'])}", file=sys.stderr)
        if n <= args.baseline_max:
            run["baseline"] = child(
                "baseline", str(corpus / "pages"), str(args.work / f"base-{n}"), str(args.pivots), timeout=args.timeout
            )
            print(f"{n:,} baseline: {json.dumps(run['baseline'])}", file=sys.stderr)
        results["runs"].append(run)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print()
    print(figures(results))


def figures(results: dict) -> str:
    """Issue 15's five figures, per size, from this run's results."""
    lines = [
        "| papers | (a) end to end ÷ floor | (b) baseline ÷ kg per triple | (c) CPU ÷ wall "
        "| (d) time ÷ time at 1/10 the size | peak GiB | (e) rebuild ÷ full |",
        "|---:|---|---|---|---|---:|---|",
    ]
    walls = {run["papers"]: run["ours"].get("wall") for run in results["runs"]}
    for run in results["runs"]:
        ours, n = run["ours"], run["papers"]
        if "stages" not in ours:
            lines.append(f"| {n:,} | (failed: {ours}) | | | | | |")
            continue
        cells = [f"{n:,}"]
        fl = run.get("floor", {})
        cells.append(
            f"{ours['wall'] / fl['seconds']:.1f}x ({ours['wall']:.1f} s ÷ {fl['seconds']:.1f} s); "
            f"CPU {ours['cpu'] / fl['cpu']:.1f}x ({ours['cpu']:.1f} ÷ {fl['cpu']:.1f} s)"
            if "seconds" in fl
            else "—"
        )
        base = run.get("baseline")
        if base and "stages" in base:
            mine = (ours["stages"]["turtle"]["seconds"] + ours["stages"]["analytics"]["seconds"]) / ours["triples"]
            theirs = (base["stages"]["turtle"]["seconds"] + base["stages"]["analytics"]["seconds"]) / base["triples"]
            whole = ours["wall"] / ours["triples"]
            cells.append(
                f"{theirs / mine:.1f}x ({theirs * 1e6:.1f} ÷ {mine * 1e6:.1f} µs); whole build "
                f"{whole * 1e6:.1f} µs: {theirs / whole:.1f}x"
            )
        else:
            cells.append("not run")
        cells.append(f"{ours['cpu'] / ours['wall']:.2f} ({ours['cpu']:.1f} ÷ {ours['wall']:.1f} s)")
        smaller = walls.get(n // 10)
        cells.append(f"{ours['wall'] / smaller:.1f}" if smaller else "—")
        peak = max(max(s["peak_gib"] for s in ours["stages"].values()), ours.get("children_peak_gib", 0.0))
        together = ours.get("tree_pss_peak_gib")
        cells.append(f"{peak:.2f}" + (f"; all processes at once {together:.2f}" if together else ""))
        re = run.get("rebuild", {})
        cells.append(
            f"{re['wall'] / ours['wall']:.0%} ({re['wall']:.1f} ÷ {ours['wall']:.1f} s); "
            f"CPU {re['cpu'] / ours['cpu']:.0%} ({re['cpu']:.1f} ÷ {ours['cpu']:.1f} s)"
            if "wall" in re
            else "—"
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


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
        # Topics, analytics and the writers overlap in time: the stages sum to more than the build took.
        lines.append(f"| {run['papers']:,} | sum of the stages | {total:.1f} | | | |")
        rate = f"{run['papers'] / ours['wall']:,.0f} papers/s"
        lines.append(f"| {run['papers']:,} | **build (wall)** | **{ours['wall']:.1f}** | {rate} | | **{peak:.2f}** |")
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
