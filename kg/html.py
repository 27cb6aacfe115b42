"""Interactive pages: the coauthor network and the whole knowledge graph, drawn with pyvis.

pyvis builds the node and edge data and the vis-network options; the page around them is
our own template, because pyvis's links Bootstrap and Tom Select from CDNs even "in_line".
Everything the page runs is inline (vis-network from pyvis's own package), a
Content-Security-Policy forbids any request, and page text only ever reaches the DOM as
text: the data sits in JSON that cannot close its <script>, and the page's code builds
tooltips, panels and menus with textContent.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from pyvis.edge import Edge
from pyvis.network import Network

from kg.analytics import Analytics
from kg.graph import build_graph, missing, restrict
from kg.resolve import notation_of
from kg.schema import NODE_KIND, NODE_KINDS, KnowledgeGraph, node_count

MAX_NODES = 2_000
PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#aec7e8", "#ffbb78",
]  # fmt: skip
OTHER_COLOR = "#c8c8c8"


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _template() -> jinja2.Template:
    source = resources.files("kg").joinpath("templates/network.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    return env.from_string(source)


def community_color(number: int) -> str:
    return PALETTE[number] if 0 <= number < len(PALETTE) else OTHER_COLOR


def _options(physics_iterations: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "scaling": {"min": 8, "max": 42}},
        "edges": {
            "arrows": {"to": {"enabled": False}},
            "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#555555", "inherit": False},
            "smooth": False,
            "scaling": {"min": 1, "max": 9},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -45, "springLength": 90, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": physics_iterations, "updateInterval": 50, "fit": True},
        },
    }


def _render(net: Network, page: dict[str, Any]) -> str:
    nodes, edges, _, _, _, options = net.get_network_data()
    script, css = _vis_assets()
    return _template().render(
        vis_js=jinja2.utils.markupsafe.Markup(script.replace("</script", "<\\/script")),
        vis_css=jinja2.utils.markupsafe.Markup(css.replace("</style", "<\\/style")),
        nodes=nodes,
        edges=edges,
        options=json.loads(options),
        page=page,
    )


class _Network(Network):
    """pyvis's Network, less its per-edge scans of every node and edge (quadratic on big
    pages): kg adds each edge once, between nodes it has just added."""

    def add_edge(self, source: Any, to: Any, **options: Any) -> None:
        self.edges.append(Edge(source, to, directed=self.directed, **options).options)


def _net(nodes: int) -> Network:
    net = _Network(height="100%", width="100%", cdn_resources="in_line")
    # Fewer layout iterations on big pages: they settle enough, and the page opens sooner.
    net.options = _options(400 if nodes <= 500 else 150)
    return net


def coauthor_page(res: KnowledgeGraph, stats: Analytics, max_nodes: int = MAX_NODES) -> str:
    """The coauthor network: people sized by PageRank, colored by community."""
    authors = stats.authors.set_index("person_id")
    pagerank = dict(zip(authors.index, authors["pagerank"]))  # .at per person costs a lookup each
    people = sorted(authors.index, key=lambda v: (-pagerank[v], v))
    shown = people[:max_nodes]
    keep = set(shown)
    names = authors["name"]
    coauthors = res.coauthors
    # Each shown person's ties, strongest first, from both ends of the pair table.
    touching = coauthors[coauthors["a"].isin(keep) | coauthors["b"].isin(keep)]
    ends = pd.concat(
        [
            touching[["a", "b", "weight"]].rename(columns={"a": "person", "b": "other"}),
            touching[["b", "a", "weight"]].rename(columns={"b": "person", "a": "other"}),
        ]
    )
    ends = ends[ends["person"].isin(keep)].assign(name=lambda d: d["other"].map(names))
    ends = ends.sort_values(["person", "weight", "name"], ascending=[True, False, True])
    ties: dict[str, list[tuple[int, str]]] = {}
    for person, weight, name in zip(ends["person"], ends["weight"].astype(int), ends["name"]):
        ties.setdefault(person, []).append((weight, name))
    cats = res.papers.set_index("paper_id")["category"].to_dict()
    labelled = res.paper_topics.merge(res.topics[["topic_id", "label"]], on="topic_id").sort_values(
        ["paper_id", "rank"]
    )
    paper_topics: dict[str, list[str]] = {}  # a loop: pandas builds a list per group in Python anyway
    for paper, label in zip(labelled["paper_id"], labelled["label"]):
        paper_topics.setdefault(paper, []).append(label)
    expertise = res.person_topics[res.person_topics["person_id"].isin(keep)]
    expertise = expertise.merge(res.topics[["topic_id", "label"]], on="topic_id")
    expertise = expertise.sort_values(["person_id", "weight", "label"], ascending=[True, False, True])
    strongest: dict[str, list[str]] = {}
    for person, label, w in zip(expertise["person_id"], expertise["label"], expertise["weight"]):
        shown_topics = strongest.setdefault(person, [])
        if len(shown_topics) < 5:
            shown_topics.append(f"{label} ({w})")
    person_topics = {p: "; ".join(labels) for p, labels in strongest.items()}
    # Each shown person's papers, newest first and then by title: one (stable) sort for all of them.
    mine = stats.authorships[stats.authorships["person_id"].isin(keep)].sort_values(
        ["person_id", "year", "title"], ascending=[True, False, True], na_position="last"
    )
    papers_of: dict[str, list[dict[str, Any]]] = {}
    for person, title, year, paper in zip(mine["person_id"], mine["title"], mine["year"], mine["paper_id"]):
        category = cats.get(paper)
        papers_of.setdefault(person, []).append(
            {
                "title": str(title),
                "year": None if missing(year) else int(year),
                "category": None if missing(category) else notation_of(category),
                "topics": paper_topics.get(paper, []),
            }
        )
    net = _net(len(keep))
    for v in sorted(keep):
        a = authors.loc[v]
        mine_ties = ties.get(v, [])
        paper_list = papers_of.get(v, [])
        net.add_node(
            v,
            label=str(a["name"]),
            shape="dot",
            color=community_color(int(a["community"])),
            value=float(a["pagerank"]),
            kg={
                "kind": "person",
                "name": str(a["name"]),
                "alternate": [n for n in str(a["alternate_names"] or "").split("; ") if n],
                "papers": int(a["papers"]),
                "community": int(a["community"]),
                "coauthors": [{"name": n, "papers": w} for w, n in mine_ties[:5]],
                "coauthor_count": len(mine_ties),
                "organizations": str(a["organizations"] or ""),
                "categories": str(a["categories"] or ""),
                "topics": person_topics.get(v, ""),
                "paper_list": paper_list,
            },
        )
    inside = coauthors[coauthors["a"].isin(keep) & coauthors["b"].isin(keep)].sort_values(["a", "b"])
    for u, v, w in zip(inside["a"], inside["b"], inside["weight"]):
        net.add_edge(u, v, value=int(w), kg={"papers": int(w)})
    communities = [
        {"number": int(c), "size": int(s), "color": community_color(int(c))}
        for c, s in zip(stats.communities["community"], stats.communities["size"])
    ]
    notice = None
    if len(people) > len(shown):
        notice = (
            f"Showing the {len(shown):,} most central of {len(people):,} people (by PageRank) "
            f"and the ties among them. Use --max-nodes to change the limit."
        )
    return _render(
        net,
        {
            "mode": "coauthors",
            "title": "Coauthor network",
            "notice": notice,
            "communities": communities,
            "total_people": len(people),
        },
    )


def graph_page(res: KnowledgeGraph, stats: Analytics, max_nodes: int = MAX_NODES) -> str:
    """The knowledge graph: one shape and color per kind of node.

    Nodes are chosen from the tables, and only they become a NetworkX graph, so the page
    costs the same for a million papers as for a thousand.
    """
    # Categories, organizations and pages are few and always shown; topics by papers, up to a
    # tenth of the page; then each person by PageRank followed by their papers.
    fixed = sorted([*res.categories["category_id"], *res.organizations["org_id"], *res.pages["page_id"]])
    topics = res.topics.sort_values(["papers", "topic_id"], ascending=[False, True])["topic_id"].tolist()
    people = stats.people.sort_values(["pagerank", "person_id"], ascending=[False, True])["person_id"]
    people = people.head(max_nodes).tolist()
    written = res.authorship[res.authorship["person_id"].isin(people)].sort_values(["person_id", "paper_id"])
    papers_of: dict[str, list[str]] = {}
    for person, paper in zip(written["person_id"], written["paper_id"]):
        papers_of.setdefault(person, []).append(paper)
    order = fixed + topics[: max(0, max_nodes // 10)]
    seen = set(order)
    for person in people:
        if len(order) >= max_nodes:
            break
        order.append(person)
        for paper in papers_of.get(person, []):
            if paper not in seen:
                seen.add(paper)
                order.append(paper)
    if len(order) < max_nodes:  # a small graph: everything else too
        rest = sorted(set(res.papers["paper_id"]) - seen) + topics[max(0, max_nodes // 10) :]
        order += [v for v in rest if v not in seen]
    keep = set(order[:max_nodes])
    g = build_graph(restrict(res, keep))
    total = node_count(res)
    notice = None
    if total > len(keep):
        notice = (
            f"Showing {len(keep):,} of {total:,} nodes: categories, organizations and pages, the topics "
            f"with the most papers, then people by PageRank and their papers. Use --max-nodes to change the limit."
        )
    net = _net(len(keep))
    for v in sorted(keep):
        attrs = g.nodes[v]
        kind = attrs["kind"]
        style = NODE_KIND.get(kind)
        shape, color, size = (style.shape, style.color, style.size) if style else ("dot", OTHER_COLOR, 10)
        facts = {k: _plain(attrs[k]) for k in _FACTS.get(kind, ()) if k in attrs and not missing(attrs[k])}
        facts = {k: v for k, v in facts.items() if v != ""}
        label = str(attrs.get("label", v))
        net.add_node(
            v,
            label=label if kind != "paper" else _short(label),
            shape=shape,
            color=color,
            size=size,
            font={"size": 10 if kind == "paper" else 14},
            kg={"kind": kind, "name": label, "facts": facts},
        )
    for u, v, d in sorted(g.edges(data=True)):
        if u in keep and v in keep and d["kind"] != "coauthor":
            net.add_edge(u, v, kg={"kind": d["kind"]})
    legend = [{"kind": k.name, "shape": k.shape, "color": k.color, "label": k.legend} for k in NODE_KINDS]
    return _render(net, {"mode": "graph", "title": "Knowledge graph", "notice": notice, "kinds": legend})


_FACTS = {
    "paper": ("title", "date", "category", "authors_truncated", "author_count", "has_code"),
    "person": ("name", "alternate_names", "papers"),
    "organization": ("name", "slug", "known"),
    "category": ("notation", "name"),
    "topic": ("label", "papers"),
    "page": ("source", "layout", "owner", "records", "rejects"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(x) for x in value)
    if hasattr(value, "item"):
        return value.item()
    return value


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def write_pages(res: KnowledgeGraph, stats: Analytics, out: Path, max_nodes: int = MAX_NODES) -> None:
    (out / "coauthors.html").write_text(coauthor_page(res, stats, max_nodes), encoding="utf-8")
    (out / "graph.html").write_text(graph_page(res, stats, max_nodes), encoding="utf-8")
