"""The interactive pages (coauthors.html, graph.html) driven in a real browser: Debian's Chromium
through Playwright, every page opened from file:// with any other request aborted and counted.

Expected figures come from the build's tables and CSV files, never from the page's own data;
the hostile fixture's expectations come from the records the fixture itself writes.
Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from offline_page import OfflinePage, open_offline
from playwright.sync_api import Browser

from kg.build import build, find_inputs
from kg.extract import compact, profile
from kg.html import community_color
from kg.model import Page as SourcePage
from kg.model import Record
from kg.schema import NODE_KINDS, Resolution

if TYPE_CHECKING:
    from conftest import SeedsBuild

ROOT = Path(__file__).resolve().parents[1]
STABLE_SECONDS = 60.0
FADE = "#e4e4e4"  # the color highlight() gives nodes outside the neighbourhood
SEED_PEOPLE = 145

DRAWN = "() => Object.keys(window.kg.network.getPositions()).length"
SHOWN = "() => window.kg.nodeView.getIds()"
DOM_CHECK = """() => ({
  scriptSrc: [...document.querySelectorAll("script[src]")].map((s) => s.src),
  scripts: document.querySelectorAll("script").length,
  links: [...document.querySelectorAll("link")].map((l) => l.outerHTML),
  foreign: [...document.querySelectorAll("img, svg, iframe, object, embed, frame, base, form[action]")]
    .map((e) => e.outerHTML.slice(0, 120)),
  handlers: [...document.querySelectorAll("*")]
    .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on")))
    .map((e) => e.outerHTML.slice(0, 120)),
  pwned: typeof window.__pwned,
})"""


# ---- the browser -------------------------------------------------------------


class Opened(OfflinePage):
    """A pyvis page (vis-network): nodes found, hovered and clicked where the canvas draws them."""

    def node_point(self, node_id: str, scale: float | None = 1.5) -> tuple[float, float]:
        """The viewport point where a node is drawn; centred and zoomed first unless scale is None."""
        if scale is not None:
            self.js("([id, s]) => window.kg.network.focus(id, {scale: s, animation: false})", [node_id, scale])
        pos = self.js("(id) => window.kg.network.canvasToDOM(window.kg.network.getPositions([id])[id])", node_id)
        box = self.page.locator("#network").bounding_box()
        assert box is not None
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def hover(self, node_id: str) -> str:
        """Moves the mouse onto the node and returns the tooltip's text once it shows."""
        box = self.page.locator("#network").bounding_box()
        assert box is not None
        self.page.mouse.move(box["x"] + 2, box["y"] + 2)
        x, y = self.node_point(node_id)
        self.page.mouse.move(x, y, steps=4)
        tip = self.poll(
            """() => { const t = document.querySelector("div.vis-tooltip");
                       return t && t.style.visibility === "visible" && t.textContent ? t.textContent : null; }"""
        )
        assert tip, f"no tooltip over {node_id}"
        return tip

    def click_node(self, node_id: str) -> None:
        x, y = self.node_point(node_id)
        assert self.js("(p) => window.kg.network.getNodeAt(p)", self.dom_to_canvas_dom(x, y)) == node_id
        self.page.mouse.click(x, y)
        self.poll("(id) => window.kg.network.getSelectedNodes().includes(id)", node_id)

    def dom_to_canvas_dom(self, x: float, y: float) -> dict[str, float]:
        box = self.page.locator("#network").bounding_box()
        assert box is not None
        return {"x": x - box["x"], "y": y - box["y"]}

    def panel(self) -> tuple[str, str, list[str]]:
        """The side panel's title, its whole text and its list of papers."""
        title = self.page.text_content("#panel-title") or ""
        body = self.page.text_content("#panel-body") or ""
        return title, body, self.page.locator("#panel-papers li").all_text_contents()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[[Path], Opened]]:
    """Opens a page from file:// and waits (bounded) until its layout has settled and stopped."""
    contexts: list = []
    yield lambda path: open_offline(browser, contexts, Opened, path, "() => window.kgStable === true", STABLE_SECONDS)
    for context in contexts:
        context.close()


# ---- builds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(seeds_build: SeedsBuild) -> Path:
    return seeds_build.out


@pytest.fixture(scope="module")
def authors(site: Path) -> pd.DataFrame:
    return pd.read_csv(site / "stats" / "authors.csv")


@pytest.fixture(scope="module")
def authorships(site: Path, seeds_build: SeedsBuild) -> pd.DataFrame:
    """Who wrote what, with each paper's category ("cs.CL") from the resolved papers."""
    table = pd.read_csv(site / "stats" / "authorships.csv")
    cats = seeds_build.built.resolution.papers.set_index("paper_id")["category"]
    return table.assign(category=["cs." + c if isinstance(c, str) else None for c in table["paper_id"].map(cats)])


LEGEND = {  # kind: legend entry, in the legend's order (kg.schema.NODE_KINDS)
    "paper": "paper (square)",
    "person": "person (dot)",
    "organization": "organization (triangle)",
    "category": "arXiv category (diamond)",
    "page": "source page (box)",
    "topic": "topic (star)",
}


def entity_tables(res: Resolution) -> dict[str, pd.DataFrame]:
    """The build's entity tables, one per kind of node the knowledge graph holds."""
    return {kind.name: getattr(res, kind.table) for kind in NODE_KINDS}


def person_id(authors: pd.DataFrame, name: str) -> str:
    ids = authors.loc[authors["name"] == name, "person_id"].tolist()
    assert len(ids) == 1, (name, ids)
    return ids[0]


# ---- seeds: both pages ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["coauthors", "graph"])
def test_page_self_contained(name: str, site: Path, seeds_build: SeedsBuild, open_page: Callable) -> None:
    res = seeds_build.built.resolution
    tables = entity_tables(res)
    assert len(res.pages) == len(find_inputs([ROOT / "seeds"]))
    o = open_page(site / f"{name}.html")
    dom = o.js(DOM_CHECK)
    assert dom["scriptSrc"] == [] and dom["links"] == [] and dom["foreign"] == []
    assert dom["scripts"] == 2  # vis-network and the page's own code, both inline
    drawn = o.js(DRAWN)
    kinds = o.js(
        "() => { const c = {}; window.kg.nodes.forEach((n) => { c[n.kg.kind] = (c[n.kg.kind] || 0) + 1; }); return c; }"
    )
    if name == "coauthors":
        assert drawn == len(res.people) == SEED_PEOPLE
        assert kinds == {"person": SEED_PEOPLE}
    else:
        assert drawn == sum(len(t) for t in tables.values()) == len(seeds_build.built.graph)
        assert kinds == {kind: len(t) for kind, t in tables.items() if len(t)}
    assert o.page.locator("#notice").count() == 0
    o.screenshot(f"seeds-{name}.png")
    o.assert_clean()


def test_coauthor_legend(site: Path, open_page: Callable) -> None:
    communities = pd.read_csv(site / "stats" / "communities.csv")
    o = open_page(site / "coauthors.html")
    rows = o.page.locator("#legend > div").all_text_contents()
    assert rows == [
        f"community {c} · {s} {'person' if s == 1 else 'people'}"
        for c, s in zip(communities["community"], communities["size"])
    ]
    colors = o.js("""() => [...document.querySelectorAll("#legend .swatch")].map((s) => s.style.background)""")
    assert len(set(colors)) == min(len(communities), 21)
    o.assert_clean()


def test_graph_legend(site: Path, seeds_build: SeedsBuild, open_page: Callable) -> None:
    present = [kind for kind, table in entity_tables(seeds_build.built.resolution).items() if len(table)]
    assert {"person", "paper", "organization", "category", "page"} <= set(present)
    o = open_page(site / "graph.html")
    assert o.page.locator("#legend > div").all_text_contents() == [LEGEND[kind] for kind in present]
    o.assert_clean()


# ---- search ------------------------------------------------------------------------------


def test_search_selects_person(
    site: Path, authors: pd.DataFrame, authorships: pd.DataFrame, open_page: Callable
) -> None:
    robin = person_id(authors, "Robin Jia")
    assert robin == "person/robin_jia"
    mine = authorships[authorships["person_id"] == robin]
    assert len(mine) == 20
    o = open_page(site / "coauthors.html")
    o.page.locator("#search-input").press_sequentially("Robin Jia")
    o.page.locator("#search-input").press("Enter")
    assert o.page.text_content("#status") == "found Robin Jia"
    assert o.js("() => window.kg.network.getSelectedNodes()") == [robin]
    title, _, papers = o.panel()
    assert title == "Robin Jia"
    assert sorted(papers) == sorted(
        f"{int(y)} · {t}" if pd.notna(y) else t for y, t in zip(mine["year"], mine["title"])
    )
    o.screenshot("seeds-coauthors-robin-jia.png")
    o.assert_clean()


def test_search_merged_variant(site: Path, authors: pd.DataFrame, open_page: Callable) -> None:
    wang = person_id(authors, "Wang Zhu")
    assert "Wang Bill Zhu" in str(authors.set_index("person_id").at[wang, "alternate_names"])
    o = open_page(site / "coauthors.html")
    assert o.search("Wang Bill Zhu") == "found Wang Zhu"
    assert o.js("() => window.kg.network.getSelectedNodes()") == [wang]
    title, body, _ = o.panel()
    assert title == "Wang Zhu" and "Also printed as: Wang Bill Zhu" in body
    o.assert_clean()


def test_search_no_match(site: Path, open_page: Callable) -> None:
    o = open_page(site / "coauthors.html")
    assert o.search("Nobody Ofthisname") == "nothing matches “Nobody Ofthisname”"
    assert o.js("() => window.kg.network.getSelectedNodes()") == []
    assert o.panel()[0] == "Click a node"
    o.assert_clean()


# ---- click and highlight -------------------------------------------------------------------


def test_click_highlights_neighbourhood(site: Path, authors: pd.DataFrame, open_page: Callable) -> None:
    robin = person_id(authors, "Robin Jia")
    pairs = pd.read_csv(site / "stats" / "pairs.csv")
    near = {robin} | set(pairs.loc[pairs["a_id"] == robin, "b_id"]) | set(pairs.loc[pairs["b_id"] == robin, "a_id"])
    assert len(near) - 1 == authors.set_index("person_id").at[robin, "coauthors"]
    base = {p: community_color(int(c)) for p, c in zip(authors["person_id"], authors["community"])}
    o = open_page(site / "coauthors.html")
    assert o.js("() => { const c = {}; window.kg.nodes.forEach((n) => { c[n.id] = n.color; }); return c; }") == base
    o.click_node(robin)  # a real click at the node's place on the canvas
    assert o.js("() => window.kg.network.getSelectedNodes()") == [robin]
    colors = o.js("() => { const c = {}; window.kg.nodes.forEach((n) => { c[n.id] = n.color; }); return c; }")
    assert colors == {p: base[p] if p in near else FADE for p in base}
    title, _, papers = o.panel()
    assert title == "Robin Jia" and len(papers) == 20
    # kg.select does the same without the mouse; a click on empty canvas restores the colors.
    najoung = person_id(authors, "Najoung Kim")
    o.js("(id) => window.kg.select(id)", najoung)
    assert o.panel()[0] == "Najoung Kim"
    assert o.js("(id) => window.kg.nodes.get(id).color", robin) == FADE
    box = o.page.locator("#network").bounding_box()
    assert box is not None
    o.js("() => window.kg.network.moveTo({position: {x: 1e6, y: 1e6}, scale: 1, animation: false})")
    o.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    o.poll("(id) => window.kg.nodes.get(id).color !== '#e4e4e4'", robin)
    colors = o.js("() => { const c = {}; window.kg.nodes.forEach((n) => { c[n.id] = n.color; }); return c; }")
    assert colors == base
    o.assert_clean()


# ---- filters ---------------------------------------------------------------------------------


def test_filter_community(site: Path, authors: pd.DataFrame, open_page: Callable) -> None:
    communities = pd.read_csv(site / "stats" / "communities.csv")
    o = open_page(site / "coauthors.html")
    for number, size in zip(communities["community"], communities["size"]):
        o.page.select_option("#f-community", str(number))
        shown = o.js(SHOWN)
        assert len(shown) == size
        assert set(shown) == set(authors.loc[authors["community"] == number, "person_id"])
        assert o.js(DRAWN) == size
        assert o.page.text_content("#status") == f"{size} of {SEED_PEOPLE} shown"
    o.page.select_option("#f-community", "")
    assert len(o.js(SHOWN)) == SEED_PEOPLE
    o.assert_clean()


@pytest.mark.parametrize("name", ["coauthors", "graph"])
def test_filter_round_trip_keeps_layout(name: str, site: Path, open_page: Callable) -> None:
    """Nodes a filter hid come back where the layout put them, not piled up (the layout is stopped)."""
    o = open_page(site / f"{name}.html")
    before = o.js("() => window.kg.network.getPositions()")
    menu, value = ("#f-community", "1") if name == "coauthors" else ("#f-kind", "paper")
    o.page.select_option(menu, value)
    assert 0 < o.js(DRAWN) < len(before)
    o.page.select_option(menu, "")
    after = o.js("() => window.kg.network.getPositions()")
    moved = [v for v, p in before.items() if abs(p["x"] - after[v]["x"]) + abs(p["y"] - after[v]["y"]) > 1]
    assert moved == []
    o.assert_clean()


@pytest.mark.parametrize(("start", "end"), [("2025", "2025"), ("2019", "2022"), ("2026", ""), ("", "2020")])
def test_filter_years(start: str, end: str, site: Path, authorships: pd.DataFrame, open_page: Callable) -> None:
    years = authorships["year"]
    within = (years >= int(start) if start else years.notna()) & (years <= int(end) if end else years.notna())
    expected = set(authorships.loc[within, "person_id"])
    assert 0 < len(expected) < SEED_PEOPLE
    o = open_page(site / "coauthors.html")
    o.page.fill("#f-from", start)
    o.page.fill("#f-to", end)
    assert set(o.js(SHOWN)) == expected
    assert o.js(DRAWN) == len(expected)
    o.assert_clean()


def test_filter_category(site: Path, authorships: pd.DataFrame, open_page: Callable) -> None:
    o = open_page(site / "coauthors.html")
    options = o.page.locator("#f-category option").evaluate_all("(os) => os.map((x) => x.value)")
    assert options == ["", *sorted(authorships["category"].dropna().unique())]
    for category in options[1:]:
        o.page.select_option("#f-category", category)
        expected = set(authorships.loc[authorships["category"] == category, "person_id"])
        assert set(o.js(SHOWN)) == expected
        assert o.js(DRAWN) == len(expected)
    # Filters combine: a category within a year range.
    o.page.select_option("#f-category", "cs.CL")
    o.page.fill("#f-from", "2024")
    rows = authorships[(authorships["category"] == "cs.CL") & (authorships["year"] >= 2024)]
    assert set(o.js(SHOWN)) == set(rows["person_id"])
    o.assert_clean()


def test_filter_topic(site: Path, seeds_build: SeedsBuild, authorships: pd.DataFrame, open_page: Callable) -> None:
    res = seeds_build.built.resolution
    if res.topics.empty:
        pytest.skip("this build finds no topics")
    labelled = res.paper_topics.merge(res.topics[["topic_id", "label"]], on="topic_id")
    people = authorships[["person_id", "paper_id"]].merge(labelled, on="paper_id")
    o = open_page(site / "coauthors.html")
    assert o.page.locator("#topic-filter").is_visible()
    options = o.page.locator("#f-topic option").evaluate_all("(os) => os.map((x) => x.value)")
    assert options == ["", *sorted(set(people["label"]))]
    busiest = people.groupby("label")["person_id"].nunique().sort_values(ascending=False).index[:10]
    for label in busiest:
        o.page.select_option("#f-topic", label)
        expected = set(people.loc[people["label"] == label, "person_id"])
        assert set(o.js(SHOWN)) == expected
        assert o.js(DRAWN) == len(expected)
    o.assert_clean()


def test_filter_kind(site: Path, seeds_build: SeedsBuild, open_page: Callable) -> None:
    res = seeds_build.built.resolution
    o = open_page(site / "graph.html")
    for kind, table in [("paper", res.papers), ("person", res.people), ("page", res.pages)]:
        o.page.select_option("#f-kind", kind)
        assert o.js(DRAWN) == len(table)
        assert o.js("(kind) => window.kg.nodeView.get().every((n) => n.kg.kind === kind)", kind)
    o.assert_clean()


@pytest.mark.parametrize("name", ["coauthors", "graph"])
def test_physics_button(name: str, site: Path, open_page: Callable) -> None:
    o = open_page(site / f"{name}.html")
    button = o.page.locator("#physics")
    assert button.text_content() == "Resume layout"
    assert o.js("() => window.kg.network.physics.options.enabled") is False
    before = o.js("() => window.kg.network.getPositions()")
    o.page.wait_for_timeout(400)
    assert o.js("() => window.kg.network.getPositions()") == before  # settled and stopped: nothing moves
    button.click()
    assert button.text_content() == "Stop layout"
    assert o.js("() => window.kg.network.physics.options.enabled") is True
    button.click()
    assert button.text_content() == "Resume layout"
    assert o.js("() => window.kg.network.physics.options.enabled") is False
    o.assert_clean()


# ---- big graphs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capped_site(seeds_builder: Callable, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_builder(tmp_path_factory.mktemp("seeds-max-40"), max_nodes=40).out


def test_max_nodes_coauthors(capped_site: Path, open_page: Callable) -> None:
    table = pd.read_csv(capped_site / "stats" / "authors.csv").sort_values(
        ["pagerank", "person_id"], ascending=[False, True]
    )
    assert len(table) == SEED_PEOPLE
    assert table["pagerank"].iloc[39] > table["pagerank"].iloc[40]  # no tie at the cut
    o = open_page(capped_site / "coauthors.html")
    drawn = o.js("() => Object.keys(window.kg.network.getPositions())")
    assert len(drawn) == 40
    assert set(drawn) == set(table["person_id"].iloc[:40])
    notice = o.page.text_content("#notice") or ""
    assert "40 most central of 145 people" in notice and "PageRank" in notice
    o.screenshot("seeds-coauthors-max-40.png")
    o.assert_clean()


def test_max_nodes_graph(capped_site: Path, seeds_build: SeedsBuild, open_page: Callable) -> None:
    res = seeds_build.built.resolution
    total = sum(len(t) for t in entity_tables(res).values())
    o = open_page(capped_site / "graph.html")
    assert o.js(DRAWN) == 40
    kinds = o.js("() => window.kg.nodes.get().map((n) => n.kg.kind)")
    assert kinds.count("organization") == len(res.organizations) and kinds.count("page") == len(res.pages)
    assert f"Showing 40 of {total:,} nodes" in (o.page.text_content("#notice") or "")
    o.assert_clean()


# ---- hostile text --------------------------------------------------------------------------------


OWNER = "Zoë D'Arcy-Ünal"
LUKASZ, ANA, JORG = "Łukasz O'Brien", "Ana María Núñez", "Jörg Müller"
T1 = '<img src=x onerror="window.__pwned=1">'
T2 = "</script><script>window.__pwned=2</script>"
T3 = '"><svg onload=window.__pwned=3>'
T4 = "<!--<script>{{ 7*7 }} ${window.__pwned=4} '); window.__pwned=4; //"
T5 = "<b onmouseover=window.__pwned=5>bold</b> & &amp; &lt;i&gt;"
ABSTRACT = '<img src=x onerror="window.__pwned=6"></textarea></style></script><script>window.__pwned=6</script>'
PROFILE_FILE = "<img src=x onerror=window.__pwned=7>.txt"  # the page's name is its file name
EVIL_SLUG = "evil.org-onerror"  # slugs are [a-z0-9.-]: the layouts refuse any markup there


def _record(title: str, authors: list[str], category: str, date: str, affiliations: tuple[str, ...] = ()) -> Record:
    return Record(
        source="",
        line=0,
        layout="",
        title=title,
        abstract=ABSTRACT,
        authors=authors,
        affiliations=list(affiliations),
        category=category,
        date=date,
        score=4.5,
    )


PROFILE_RECORDS = [
    _record(T1, [OWNER, LUKASZ], "CL", "2024-03-05", (EVIL_SLUG, "stanford")),
    _record(T2, [LUKASZ, ANA, OWNER], "LG", "2022-07-01"),
    _record(T3, [OWNER, ANA], "CL", "2025-01-10"),
]
COMPACT_RECORDS = [
    _record(T4, [JORG, OWNER], "AI", "2023-05-05"),
    _record(T5, [JORG, ANA], "CV", "2021-02-02"),
]
TITLES = {T1, T2, T3, T4, T5}


def papers_of(name: str) -> set[str]:
    return {r.title for r in PROFILE_RECORDS + COMPACT_RECORDS if name in r.authors}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Resolution]:
    """The hostile pages built into a fresh folder: the folder of the site, and the build's tables."""
    root = tmp_path_factory.mktemp("hostile")
    pages = root / "pages"
    pages.mkdir()
    owner = SourcePage(source="", layout="profile", owner=OWNER, owner_category="CL", h_index=3, papers=3, citations=9)
    (pages / PROFILE_FILE).write_text(profile.render(PROFILE_RECORDS, owner), encoding="utf-8")
    (pages / "compact.txt").write_text(compact.render(COMPACT_RECORDS), encoding="utf-8")
    built = build(find_inputs([pages]), root / "site", dt.date(2026, 11, 24))
    # The markup must survive extraction, or the test proves nothing.
    assert built.extracted.rejects == []
    assert {r.title for r in built.extracted.records} == TITLES
    assert {r.abstract for r in built.extracted.records} == {ABSTRACT}
    assert set(built.resolution.people["name"]) == {OWNER, LUKASZ, ANA, JORG}
    assert PROFILE_FILE in set(built.resolution.pages["source"])
    return root / "site", built.resolution


def assert_unharmed(o: Opened) -> None:
    dom = o.js(DOM_CHECK)
    assert dom["pwned"] == "undefined"
    assert dom["foreign"] == [] and dom["handlers"] == [] and dom["links"] == []
    assert dom["scripts"] == 2 and dom["scriptSrc"] == []
    o.assert_clean()


def test_hostile_coauthors(hostile: tuple[Path, Resolution], open_page: Callable) -> None:
    o = open_page(hostile[0] / "coauthors.html")
    ids = o.js("() => window.kg.nodes.getIds()")
    assert len(ids) == o.js(DRAWN) == 4
    seen = {}
    for node in ids:
        tip = o.hover(node)
        o.click_node(node)
        title, body, papers = o.panel()
        assert tip.startswith(title)
        seen[title] = {p.split(" · ", 1)[1] for p in papers}
        for t in seen[title]:
            assert t in body
    assert seen == {name: papers_of(name) for name in (OWNER, LUKASZ, ANA, JORG)}
    o.js("(id) => window.kg.select(id)", next(i for i in ids if i.startswith("person/zoe")))
    o.screenshot("hostile-coauthors.png")
    # The menus: every filter option, the years, and searches (a hit with quotes, a miss with markup).
    for menu in ("#f-community", "#f-category", "#f-topic"):
        for value in o.page.locator(f"{menu} option").evaluate_all("(os) => os.map((x) => x.value)"):
            o.page.select_option(menu, value)
        o.page.select_option(menu, "")
    o.page.fill("#f-from", "2022")
    o.page.fill("#f-to", "2024")
    assert len(o.js(SHOWN)) == 4
    assert o.search("zoë d'arcy") == f"found {OWNER}"
    assert o.panel()[0] == OWNER
    assert o.search(T1) == f"nothing matches “{T1}”"
    assert_unharmed(o)


def test_hostile_graph(hostile: tuple[Path, Resolution], open_page: Callable) -> None:
    site, res = hostile
    o = open_page(site / "graph.html")
    ids = o.js("() => window.kg.nodes.getIds()")
    counts = {kind: len(table) for kind, table in entity_tables(res).items()}
    assert counts | {"topic": 0} == {"person": 4, "paper": 5, "organization": 2, "category": 4, "topic": 0, "page": 2}
    assert len(ids) == o.js(DRAWN) == sum(counts.values())
    names = set()
    for node in ids:
        tip = o.hover(node)
        o.click_node(node)
        title, body, _ = o.panel()
        assert tip.startswith(title)
        names.add(title)
    assert TITLES | {OWNER, LUKASZ, ANA, JORG, PROFILE_FILE, EVIL_SLUG} <= names
    for value in o.page.locator("#f-kind option").evaluate_all("(os) => os.map((x) => x.value)"):
        o.page.select_option("#f-kind", value)
    o.page.select_option("#f-kind", "")
    assert o.search(T1) == f"found {T1}"
    title, body, _ = o.panel()
    assert title == T1 and f"title: {T1}" in body
    assert o.search(PROFILE_FILE) == f"found {PROFILE_FILE}"
    assert OWNER in o.panel()[1]
    o.js("(id) => window.kg.select(id)", next(i for i in ids if i.startswith("paper/script_script")))
    assert o.panel()[0] == T2
    assert o.hover(next(i for i in ids if i.startswith("paper/img_src"))).startswith(f"{T1}paper")
    o.screenshot("hostile-graph.png")
    assert_unharmed(o)
