"""Benchmark network.html and the Gephi/VOSviewer maps on a synthetic build: seconds to write each,
bytes, and seconds until the page is drawn (window.kgReady) in headless Debian Chromium.

    PYTHONPATH=$PWD .venv/bin/python bench/webgl.py --papers 100000 --work /tmp/i17bench

Reuses <work>/pages when present (`kg synth --papers N --seed S --out <work>`), builds into
<work>/site with kg.build.build, then writes the three files and opens the page. Prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg import exports, layout, synth, webgl
from kg.build import build, find_inputs

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def ready_seconds(page_path: Path, limit: float = 300.0) -> dict[str, object]:
    """Seconds from navigation to window.kgReady, with every non-file request aborted and counted."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        outside: list[str] = []
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(
            "**/*",
            lambda route, request: (
                route.continue_() if request.url.startswith("file://") else (outside.append(request.url), route.abort())
            ),
        )
        start = time.monotonic()
        page.goto(page_path.resolve().as_uri(), timeout=limit * 1000)
        page.wait_for_function("() => !!window.kgReady", timeout=limit * 1000, polling=50)
        seconds = time.monotonic() - start
        ready = page.evaluate("() => window.kgReady")
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        browser.close()
    return {"seconds": round(seconds, 2), "ready": ready, "js_heap_bytes": heap, "outside": outside, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-webgl"))
    args = parser.parse_args()
    if not (args.work / "pages").is_dir():
        synth.synthesize(args.papers, args.seed, args.work)
    clock = time.perf_counter()
    built = build(find_inputs([args.work / "pages"]), args.work / "site", dt.date(2026, 11, 24))
    result: dict[str, object] = {
        "papers": args.papers,
        "people": len(built.resolution.people),
        "ties": len(built.coauthors),
        "build_seconds": round(time.perf_counter() - clock, 1),
    }
    site = args.work / "site"
    clock = time.perf_counter()
    layout.of_build(built.stats.people, built.coauthors)  # shared by the three writers below
    result["layout_seconds"] = round(time.perf_counter() - clock, 1)
    for name, write, target in [
        ("network.html", webgl.write_network_page, site),
        ("coauthors.gexf", exports.write_gexf, site / "coauthors.gexf"),
        ("coauthors.vosviewer.json", exports.write_vosviewer, site / "coauthors.vosviewer.json"),
    ]:
        clock = time.perf_counter()
        summary = write(built.resolution, built.stats, built.coauthors, target)
        result[name] = {
            "write_seconds": round(time.perf_counter() - clock, 1),
            "bytes": (site / name).stat().st_size,
            **summary,
        }
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result["chromium"] = ready_seconds(site / "network.html")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
