"""network.html (kg.webgl) driven in Debian's Chromium through Playwright: every person drawn with
WebGL, search, click, filters, hostile names, and no request leaving the page.

Expected figures come from the build's tables (stats CSV files, the coauthor pairs), never from
the page's own data. Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from offline_page import OfflinePage, open_offline
from playwright.sync_api import Browser

from kg import layout, webgl
from kg.build import build, find_inputs
from kg.resolve import Resolution

if TYPE_CHECKING:
    from conftest import SeedsBuild

READY_SECONDS = 60.0
SLOW_READY_SECONDS = 15.0  # the target at 100k papers
SLOW_BYTES = 50_000_000
FADE = "#e4e4e4"
SIGMA_DOUBLE_CLICK_MS = 350  # two clicks on the canvas within sigma's 300 ms are one double click (a zoom)
SEED_PEOPLE = 145

HOSTILE = {  # person name -> what it is replaced by
    "Robin Jia": '<img src=x onerror="window.__pwned=1">',
    "Najoung Kim": "</script><script>window.__pwned=2</script>",
    "Wang Zhu": '"><svg onload=window.__pwned=3>',
}
HOSTILE_VARIANT = "<b onmouseover=window.__pwned=4>Wang</b> & &amp; Zhu"
HOSTILE_TITLE = "<!--<script>window.__pwned=5</script> ${window.__pwned=5}"

DOM_CHECK = """() => ({
  scriptSrc: [...document.querySelectorAll("script[src]")].map((s) => s.src),
  scripts: [...document.querySelectorAll("script")].map((s) => s.type || "classic"),
  links: [...document.querySelectorAll("link")].map((l) => l.outerHTML),
  foreign: [...document.querySelectorAll("img, svg, iframe, object, embed, frame, base, form[action]")]
    .map((e) => e.outerHTML.slice(0, 120)),
  handlers: [...document.querySelectorAll("*")]
    .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on")))
    .map((e) => e.outerHTML.slice(0, 120)),
  csp: document.querySelector("meta[http-equiv=Content-Security-Policy]").content,
  pwned: typeof window.__pwned,
})"""
# Sigma's display data for every node, after the page's reducers: what it draws.
DISPLAYED = """() => { const out = {}; window.kg.graph.forEachNode((n) => {
  const d = window.kg.renderer.getNodeDisplayData(n); out[n] = d ? {color: d.color, hidden: !!d.hidden} : null; });
  return out; }"""


# ---- the browser ---------------------------------------------------------------------------------


class Opened(OfflinePage):
    """network.html (sigma.js): what it draws, read from its renderer, and real clicks on it."""

    def panel(self) -> tuple[str, str, list[str]]:
        title = self.page.text_content("#panel-title") or ""
        body = self.page.text_content("#panel-body") or ""
        return title, body, self.page.locator("#panel-papers li .t").all_text_contents()

    def selected(self) -> list[str]:
        shown = self.js(DISPLAYED)
        return sorted(n for n, d in shown.items() if d and d["color"] != FADE and not d["hidden"])

    def shown(self) -> set[int]:
        return {int(n) for n, d in self.js(DISPLAYED).items() if d and not d["hidden"]}

    def click_node(self, index: int) -> None:
        """A real mouse click where sigma draws the node, after centring the camera on it."""
        self.page.wait_for_timeout(SIGMA_DOUBLE_CLICK_MS)  # else sigma takes it for a double click
        self.js(
            """(i) => { const r = window.kg.renderer, d = r.getNodeDisplayData(String(i));
                        r.getCamera().setState({x: d.x, y: d.y, ratio: 0.3}); r.refresh(); }""",
            index,
        )
        point = self.js(
            "(i) => window.kg.renderer.graphToViewport(window.kg.graph.getNodeAttributes(String(i)))", index
        )
        box = self.page.locator("#network").bounding_box()
        assert box is not None
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Opened]]:
    """Opens a page from file:// (any other request aborted and counted) and waits for kgReady."""
    contexts: list = []
    yield lambda path, seconds=READY_SECONDS: open_offline(
        browser, contexts, Opened, path, "() => !!window.kgReady", seconds
    )
    for context in contexts:
        context.close()


# ---- the seeds -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(seeds_build: SeedsBuild) -> Path:
    b = seeds_build.built
    summary = webgl.write_network_page(b.resolution, b.stats, b.coauthors, seeds_build.out)
    assert summary["nodes"] == len(b.resolution.people) == SEED_PEOPLE
    assert summary["edges"] == len(b.coauthors) and summary["bytes"] > 0
    return seeds_build.out


@pytest.fixture(scope="module")
def index(seeds_build: SeedsBuild) -> dict[str, int]:
    """Person id -> node key on the page: people sorted by id."""
    return {p: i for i, p in enumerate(sorted(seeds_build.built.resolution.people["person_id"]))}


@pytest.fixture(scope="module")
def authors(site: Path) -> pd.DataFrame:
    return pd.read_csv(site / "stats" / "authors.csv")


def person_id(authors: pd.DataFrame, name: str) -> str:
    ids = authors.loc[authors["name"] == name, "person_id"].tolist()
    assert len(ids) == 1, (name, ids)
    return ids[0]


def neighbours(pairs: pd.DataFrame, person: str) -> set[str]:
    return set(pairs.loc[pairs["a_id"] == person, "b_id"]) | set(pairs.loc[pairs["b_id"] == person, "a_id"])


def test_every_person_drawn(site: Path, seeds_build: SeedsBuild, open_page: Callable) -> None:
    res, coauthors = seeds_build.built.resolution, seeds_build.built.coauthors
    o = open_page(site / "network.html")
    assert o.js("() => window.kgReady") == {"nodes": len(res.people), "edges": len(coauthors)}
    drawn = o.js(DISPLAYED)
    assert len(drawn) == SEED_PEOPLE and all(d is not None and not d["hidden"] for d in drawn.values())
    # Positions are kg.layout's, not the browser's: no physics runs on the page.
    where = layout.of_build(seeds_build.built.stats.people, coauthors)
    xy = o.js("() => window.kg.graph.mapNodes((n, a) => [a.x, a.y])")
    assert xy == [[int(x), int(y)] for x, y in zip(where.x, where.y)]
    dom = o.js(DOM_CHECK)
    assert dom["scriptSrc"] == [] and dom["links"] == [] and dom["foreign"] == [] and dom["handlers"] == []
    assert dom["scripts"] == ["application/json", "classic", "classic", "classic"]  # data, graphology, sigma, page
    csp = dom["csp"]
    assert csp.startswith("default-src 'none'; script-src 'sha256-") and "unsafe" not in csp.split(";")[1]
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp)) == 3
    html = (site / "network.html").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in html and "sigma 3.0.2" in html and "graphology 0.26.0" in html
    assert o.page.locator("#legend button").count() == min(len(pd.read_csv(site / "stats" / "communities.csv")), 20)
    o.screenshot("webgl-seeds.png")
    o.assert_clean()


def test_page_bytes_deterministic(seeds_build: SeedsBuild, tmp_path: Path) -> None:
    b = seeds_build.built
    one = webgl.network_page(b.resolution, b.stats, b.coauthors)
    layout._cache.clear()  # a second layout from scratch, not the cached one
    assert webgl.network_page(b.resolution, b.stats, b.coauthors) == one


@pytest.mark.parametrize("hostile", [False, True], ids=["seeds", "hostile"])
def test_page_written_by_columns_is_network_page(seeds_build: SeedsBuild, tmp_path: Path, hostile: bool) -> None:
    """write_network_page turns the data to JSON a column at a time (kg.webgl.columns, json_pieces), for
    memory: the file is still network_page's text, byte for byte, with names that hold & < > too."""
    b = seeds_build.built
    res, stats, coauthors = hostile_tables(seeds_build) if hostile else (b.resolution, b.stats, b.coauthors)
    pieces = list(webgl.json_pieces(webgl.columns(res, stats, coauthors)))
    assert len(pieces) > 20  # a piece a column, not one text
    assert "".join(pieces) == webgl._json_for_html(webgl.page_data(res, stats, coauthors))
    summary = webgl.write_network_page(res, stats, coauthors, tmp_path)
    page = webgl.network_page(res, stats, coauthors)
    assert (tmp_path / "network.html").read_bytes() == page.encode("utf-8")
    assert summary == {"nodes": SEED_PEOPLE, "edges": len(coauthors), "bytes": len(page.encode("utf-8"))}
    assert ("\\u003c" in page) == hostile


def test_search_selects_person(
    site: Path, seeds_build: SeedsBuild, authors: pd.DataFrame, index: dict[str, int], open_page: Callable
) -> None:
    robin = person_id(authors, "Robin Jia")
    mine = pd.read_csv(site / "stats" / "authorships.csv").query("person_id == @robin")
    assert len(mine) == 20
    o = open_page(site / "network.html")
    o.page.locator("#search-input").press_sequentially("robin jia")
    o.page.locator("#search-input").press("Enter")
    assert o.page.text_content("#status") == "found Robin Jia"
    title, body, papers = o.panel()
    assert title == "Robin Jia"
    assert sorted(papers) == sorted(
        f"{int(y)} · {t}" if pd.notna(y) else t for y, t in zip(mine["year"], mine["title"])
    )
    pairs = pd.read_csv(site / "stats" / "pairs.csv")
    near = neighbours(pairs, robin)
    assert o.selected() == sorted(str(index[p]) for p in near | {robin})
    assert f"{len(near)} coauthors" in body
    o.screenshot("webgl-seeds-robin-jia.png")
    o.assert_clean()


def test_search_merged_variant(site: Path, authors: pd.DataFrame, open_page: Callable) -> None:
    wang = person_id(authors, "Wang Zhu")
    assert "Wang Bill Zhu" in str(authors.set_index("person_id").at[wang, "alternate_names"])
    o = open_page(site / "network.html")
    assert o.search("Wang Bill Zhu") == "found Wang Zhu"
    title, body, _ = o.panel()
    assert title == "Wang Zhu" and "Also printed as: Wang Bill Zhu" in body
    assert o.search("Nobody Ofthisname") == "nothing matches “Nobody Ofthisname”"
    assert o.panel()[0] == "Wang Zhu"  # a miss leaves the selection alone
    o.assert_clean()


def test_click_highlights_ego_network(
    site: Path, authors: pd.DataFrame, index: dict[str, int], open_page: Callable
) -> None:
    pairs = pd.read_csv(site / "stats" / "pairs.csv")
    o = open_page(site / "network.html")
    everyone = sorted(str(i) for i in index.values())
    assert o.selected() == everyone
    for name in ["Najoung Kim", "Deqing Fu"]:
        person = person_id(authors, name)
        o.click_node(index[person])
        assert o.until(lambda name=name: o.panel()[0] == name)
        assert o.selected() == sorted(str(index[p]) for p in neighbours(pairs, person) | {person})
        coauthors = o.page.locator("#panel-coauthors li button").all_text_contents()
        names = authors.set_index("person_id")["name"]
        assert sorted(coauthors) == sorted(names[p] for p in neighbours(pairs, person))[:50] or len(coauthors) == 50
    # A click on a coauthor in the panel moves the selection; a click on empty canvas clears it.
    o.page.locator("#panel-coauthors li button").first.click()
    assert o.panel()[0] != "Deqing Fu"
    o.js("() => window.kg.renderer.getCamera().setState({x: 5, y: 5, ratio: 1})")
    box = o.page.locator("#network").bounding_box()
    assert box is not None
    o.page.wait_for_timeout(SIGMA_DOUBLE_CLICK_MS)
    o.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert o.until(lambda: o.selected() == everyone)
    o.assert_clean()


def test_filters(site: Path, seeds_build: SeedsBuild, index: dict[str, int], open_page: Callable) -> None:
    res = seeds_build.built.resolution
    communities = pd.read_csv(site / "stats" / "communities.csv")
    authors = pd.read_csv(site / "stats" / "authors.csv")
    written = pd.read_csv(site / "stats" / "authorships.csv")
    cats = res.papers.set_index("paper_id")["category"]
    written = written.assign(
        category=["cs." + c if isinstance(c, str) else None for c in written["paper_id"].map(cats)]
    )
    o = open_page(site / "network.html")
    for number, size in zip(communities["community"], communities["size"]):
        o.page.select_option("#f-community", str(number))
        expected = {index[p] for p in authors.loc[authors["community"] == number, "person_id"]}
        assert o.shown() == expected and len(expected) == size
        assert o.page.text_content("#status") == f"{size} of {SEED_PEOPLE} people shown"
    o.page.select_option("#f-community", "")
    assert len(o.shown()) == SEED_PEOPLE
    for category in sorted(written["category"].dropna().unique()):
        o.page.select_option("#f-category", label=category)
        assert o.shown() == {index[p] for p in written.loc[written["category"] == category, "person_id"]}
    o.page.select_option("#f-category", label="cs.CL")
    o.page.fill("#f-from", "2024")
    o.page.dispatch_event("#f-from", "change")
    rows = written[(written["category"] == "cs.CL") & (written["year"] >= 2024)]
    assert o.shown() == {index[p] for p in rows["person_id"]} and 0 < len(rows) < len(written)
    o.page.click("#reset")
    assert len(o.shown()) == SEED_PEOPLE
    labelled = res.paper_topics.merge(res.topics[["topic_id", "label"]], on="topic_id")
    people = written[["person_id", "paper_id"]].merge(labelled, on="paper_id")
    for label in people.groupby("label")["person_id"].nunique().sort_values(ascending=False).index[:5]:
        o.page.fill("#f-topic", label)
        o.page.dispatch_event("#f-topic", "change")
        assert o.shown() == {index[p] for p in people.loc[people["label"] == label, "person_id"]}
    o.assert_clean()


def test_missing_vendor_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(webgl, "VENDOR", tmp_path)
    with pytest.raises(webgl.MissingVendor, match="make vendor"):
        webgl.libraries()


# ---- hostile names -------------------------------------------------------------------------------


def hostile_tables(seeds_build: SeedsBuild) -> tuple[Resolution, Any, pd.DataFrame]:
    """The seeds' tables with three people renamed to markup, a variant and a title of markup."""
    b = seeds_build.built
    authors = b.stats.authors.copy()
    authors["name"] = authors["name"].replace(HOSTILE)
    wang = authors.index[authors["person_id"] == "person/wang_zhu"][0]
    authors.loc[wang, "alternate_names"] = HOSTILE_VARIANT
    people = b.resolution.people.copy()
    people["alternate_names"] = [
        [HOSTILE_VARIANT] if p == "person/wang_zhu" else v
        for p, v in zip(people["person_id"], people["alternate_names"])
    ]
    papers = b.resolution.papers.copy()
    robin_papers = set(b.stats.authorships.loc[b.stats.authorships["person_id"] == "person/robin_jia", "paper_id"])
    first = sorted(robin_papers)[0]
    papers.loc[papers["paper_id"] == first, "title"] = HOSTILE_TITLE
    res = dataclasses.replace(b.resolution, people=people, papers=papers)
    return res, dataclasses.replace(b.stats, authors=authors), b.coauthors


def test_hostile_names_render_as_text(seeds_build: SeedsBuild, tmp_path: Path, open_page: Callable) -> None:
    res, stats, coauthors = hostile_tables(seeds_build)
    webgl.write_network_page(res, stats, coauthors, tmp_path)
    html = (tmp_path / "network.html").read_text(encoding="utf-8")
    data = html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # names cannot end the JSON block or open a comment
    o = open_page(tmp_path / "network.html")
    assert o.js("() => window.kgReady.nodes") == SEED_PEOPLE
    for name in HOSTILE.values():
        assert o.search(name) == f"found {name}"
        assert o.panel()[0] == name
    assert o.search("Wang Bill Zhu") == "nothing matches “Wang Bill Zhu”"  # the variant was replaced
    assert o.search(HOSTILE_VARIANT) == f"found {HOSTILE['Wang Zhu']}"
    assert f"Also printed as: {HOSTILE_VARIANT}" in o.panel()[1]
    o.search(HOSTILE["Robin Jia"])
    assert any(p.endswith(HOSTILE_TITLE) for p in o.panel()[2])
    assert o.js("(n) => window.kg.graph.getNodeAttribute(n, 'label')", "0") is not None
    o.screenshot("webgl-hostile.png")
    dom = o.js(DOM_CHECK)
    assert dom["pwned"] == "undefined"
    assert dom["foreign"] == [] and dom["handlers"] == [] and dom["links"] == [] and dom["scriptSrc"] == []
    assert len(dom["scripts"]) == 4
    o.assert_clean()


# ---- 100k synthetic papers -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from kg import synth

    root = tmp_path_factory.mktemp("synth100k")
    synth.synthesize(100_000, 1, root)
    built = build(find_inputs([root / "pages"]), root / "site", dt.date(2026, 11, 24))
    summary = webgl.write_network_page(built.resolution, built.stats, built.coauthors, root / "site")
    return root / "site", (built, summary)


@pytest.mark.slow
def test_100k_every_person_drawn(synth_site: tuple[Path, Any], open_page: Callable) -> None:
    site, (built, summary) = synth_site
    people = len(built.resolution.people)
    assert people > 30_000
    assert summary["bytes"] <= SLOW_BYTES
    o = open_page(site / "network.html", seconds=SLOW_READY_SECONDS)
    assert o.ready_seconds <= SLOW_READY_SECONDS
    assert o.js("() => window.kgReady") == {"nodes": people, "edges": len(built.coauthors)}
    o.screenshot("webgl-100k.png")
    top = built.stats.authors.sort_values(["pagerank", "person_id"], ascending=[False, True]).iloc[0]
    assert o.search(str(top["name"])).startswith(f"found {top['name']}")
    assert o.panel()[0] == top["name"]
    assert len(o.panel()[2]) == min(500, int(top["papers"]))
    if int(top["papers"]) > 500:  # a prolific person's papers come in two steps
        o.page.click("#panel-more-papers")
        assert len(o.panel()[2]) == int(top["papers"])
    ids = sorted(built.resolution.people["person_id"])
    other = 0 if ids[0] != top["person_id"] else 1
    o.js("(i) => window.kg.select(i, false)", other)  # someone else first: the click must bring them back
    assert o.panel()[0] == built.stats.authors.set_index("person_id").at[ids[other], "name"] != top["name"]
    o.click_node(ids.index(top["person_id"]))
    assert o.until(lambda: o.panel()[0] == top["name"])
    o.screenshot("webgl-100k-selected.png")
    o.assert_clean()


def _community_ties(rng: Any, first: int, size: int) -> list[tuple[str, str, int]]:
    """A sparse community: a chain of `size` people and as many random chords (far from a clique)."""
    people = [f"person/p{first + i:05d}" for i in range(size)]
    ties = {(people[i], people[i + 1]) for i in range(size - 1)}
    for i, j in rng.integers(0, size, (size, 2)):
        if i != j:
            ties.add((people[min(i, j)], people[max(i, j)]))
    return [(a, b, 1) for a, b in sorted(ties)]


def test_large_communities_are_laid_out_with_the_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each community's force layout is exact (every pair repels) up to 300 people and igraph's grid
    above (layout.COMMUNITY_GRID_ABOVE): exact rounds cost the square of the community's size, and at
    a million papers hundreds of communities have 300 to 1,000 people. Same tables, same positions."""
    import igraph as ig
    import numpy as np

    rng = np.random.default_rng(5)
    ties = _community_ties(rng, 0, 250) + _community_ties(rng, 250, 400)
    coauthors = pd.DataFrame(ties, columns=["a", "b", "weight"])
    coauthors.loc[len(coauthors)] = ["person/p00000", "person/p00250", 1]  # one component, two communities
    ids = sorted(set(coauthors["a"]) | set(coauthors["b"]))
    groups = np.array([0 if int(p[-5:]) < 250 else 1 for p in ids])
    calls: list[tuple[int, bool]] = []
    force = ig.Graph.layout_fruchterman_reingold

    def recorded(self: ig.Graph, *args: Any, **kwargs: Any) -> Any:
        calls.append((self.vcount(), kwargs["grid"]))
        return force(self, *args, **kwargs)

    monkeypatch.setattr(ig.Graph, "layout_fruchterman_reingold", recorded)
    first = layout.compute(ids, coauthors, groups)
    assert sorted(calls) == [(2, False), (250, False), (400, True)]  # the graph of the two groups, then each
    again = layout.compute(ids, coauthors, groups)
    assert (first.x == again.x).all() and (first.y == again.y).all()
    # Laid out, not left on the circle a clique gets: people sit at many distances from their centre.
    big = groups == 1
    x, y = first.x[big].astype(float), first.y[big].astype(float)
    assert np.unique(np.rint(np.hypot(x - x.mean(), y - y.mean()) / layout.SCALE)).size > 10
