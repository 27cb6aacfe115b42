"""network.html: every person of the coauthor network, drawn with WebGL (sigma.js on graphology).

The pyvis pages stop at a couple of thousand people; this one draws them all. Positions come
from kg.layout (the browser runs no physics). The data travels as columns of numbers and
strings, people and papers referred to by index, inside a JSON block that no text can close;
the page builds every piece of text with textContent; a Content-Security-Policy lets only the
page's own hashed scripts run and forbids every request. sigma.js and graphology are inlined
from kg/vendor/ (fetched from npm by `make vendor`) with their licences.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from kg import layout
from kg.analytics import Analytics
from kg.graph import missing
from kg.html import PALETTE
from kg.schema import Resolution
from kg.ties import isin

VENDOR = Path(__file__).resolve().parent / "vendor"
LIBRARIES = {  # name: (bundle inside its npm package, licence file)
    "graphology": ("dist/graphology.umd.min.js", "LICENSE.txt"),
    "sigma": ("dist/sigma.min.js", "LICENSE.txt"),
}
LEGEND_COMMUNITIES = len(PALETTE)  # the legend names these; smaller communities reuse their colours
MIN_SIZE, MAX_SIZE = 1.5, 16.0  # node radius in pixels, smallest and largest PageRank
DATA_HERE = "\x00kg-data\x00"  # where write_network_page puts the JSON: no page text holds NUL (the JSON escapes it)


class MissingVendor(RuntimeError):
    """kg/vendor/ lacks the browser libraries: `make vendor` fetches them from npm."""


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    code: str
    licence: str


def libraries() -> list[Library]:
    found = []
    for name, (bundle, licence) in LIBRARIES.items():
        folder = VENDOR / name
        if not (folder / bundle).is_file():
            raise MissingVendor(f"{folder / bundle} is missing: run `make vendor` (npm pack, at install time)")
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
        found.append(
            Library(
                name,
                version,
                (folder / bundle).read_text(encoding="utf-8"),
                (folder / licence).read_text(encoding="utf-8"),
            )
        )
    return found


def community_color(number: int) -> str:
    """Every community coloured: with hundreds of them, grey for all but the largest twenty
    (coauthors.html's rule) would leave most of a big map grey. Smaller ones reuse colours."""
    return PALETTE[number % len(PALETTE)] if number >= 0 else "#c8c8c8"


def _alternates(res: Resolution, person_ids: list[str], authors: pd.DataFrame) -> dict[int, list[str]]:
    """Merged variant names by person index: res.people's lists, or the "; "-joined column."""
    source = res.people.set_index("person_id")["alternate_names"] if "alternate_names" in res.people else None
    if source is None:
        source = authors.set_index("person_id")["alternate_names"]
    out: dict[int, list[str]] = {}
    # One lookup for all (a lookup per person was seconds at a million people); one missing is NaN.
    for i, value in enumerate(source.reindex(person_ids).tolist()):
        if isinstance(value, (list, tuple, np.ndarray)):
            names = [str(n) for n in value if str(n)]
        elif isinstance(value, str):
            names = [n for n in value.split("; ") if n]
        else:
            names = []
        if names:
            out[i] = names
    return out


def _counts(groups: np.ndarray, n: int) -> list[int]:
    return np.bincount(groups, minlength=n).astype(int).tolist() if len(groups) else [0] * n


def page_data(res: Resolution, stats: Analytics, coauthors: pd.DataFrame) -> dict[str, Any]:
    """The page's data, in columns: everything a person's panel, the search and the filters need.

    Lists of lists are flattened into a count per owner and one long list ("per person, how
    many papers" then "the papers"), which JSON stores in a fraction of the bytes of nested
    objects and the page reads with one running offset.
    """
    data: dict[str, Any] = {}
    for section, key, value in columns(res, stats, coauthors):
        if key is None:
            data[section] = value
        else:
            data.setdefault(section, {})[key] = value
    return data


Column = tuple[str, str | None, Any]  # (section, key within it or None, value) of page_data


def by_person_newest_first(
    person: np.ndarray, paper: np.ndarray, years: np.ndarray, titles: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """The (person, paper) rows sorted by person, then the paper's year (`years[paper]`) newest first,
    then its title (`titles.iloc[paper]`; none last), then paper: what a DataFrame's sort_values on
    those four columns gives, with each title ranked once per paper rather than the titles of
    every row compared (2.5M rows at a million papers)."""
    rank, _ = pd.factorize(titles, sort=True)
    rank = np.where(rank < 0, len(rank), rank)  # no title: last
    order = np.lexsort((paper, rank[paper], -years[paper], person))
    return person[order], paper[order]


def columns(res: Resolution, stats: Analytics, coauthors: pd.DataFrame) -> Iterator[Column]:
    """page_data's columns one at a time, in its order: what one holds is let go before the next is
    made (write_network_page turns each into JSON as it comes; at a million people all of them as
    Python lists at once were most of the network stage's memory)."""
    authors = stats.authors.set_index("person_id")
    where = layout.of_build(stats.people, coauthors)
    ids = where.person_ids
    n = len(ids)
    index = where.index()

    # Papers: those with at least one person of the network, in paper_id order.
    written = res.authorship[["paper_id", "person_id"]].astype(str)
    written = written[isin(written["person_id"], index)].drop_duplicates()
    # Only the columns the page shows: the whole table (abstracts) copied twice cost more than the page.
    papers = res.papers[["paper_id", "title", "year", "category"]].set_index("paper_id")
    paper_ids = sorted(set(written["paper_id"]))
    pindex = {p: i for i, p in enumerate(paper_ids)}
    info = papers.reindex(paper_ids)
    del papers
    years = [0 if missing(y) else int(y) for y in info["year"]]

    # Each person's papers, newest first, then by title.
    person, paper = by_person_newest_first(
        written["person_id"].map(index).to_numpy(dtype=np.int64),
        written["paper_id"].map(pindex).to_numpy(dtype=np.int64),
        np.array(years, dtype=np.int64),
        info["title"],
    )
    del written, index

    yield "people", "name", [str(v) for v in authors["name"].reindex(ids)]
    yield "people", "x", where.x.tolist()
    yield "people", "y", where.y.tolist()
    pagerank = authors["pagerank"].reindex(ids).fillna(0).to_numpy(dtype=float)
    top = pagerank.max() if n and pagerank.max() > 0 else 1.0
    size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * np.sqrt(pagerank / top)
    yield "people", "size", np.round(size, 1).tolist()
    yield "people", "community", authors["community"].reindex(ids).fillna(-1).to_numpy(dtype=np.int64).tolist()
    yield "people", "pagerank", [float(f"{v:.3g}") for v in pagerank]
    alternates = _alternates(res, ids, stats.authors)
    yield "people", "altOwner", list(alternates)
    yield "people", "altCount", [len(v) for v in alternates.values()]
    yield "people", "alt", [name for names in alternates.values() for name in names]
    del alternates, authors
    yield "people", "paperCount", _counts(person, n)
    yield "people", "papers", paper.tolist()
    del person, paper

    # Ties from the lower index to the higher: per person, how many, then whom and how strong.
    a, b, w = where.ties  # layout.edge_index(ids, coauthors), computed once with the layout
    yield "ties", "count", _counts(a, n)
    yield "ties", "other", b.tolist()
    yield "ties", "weight", w.tolist()
    del a, b, w

    labelled = res.paper_topics.merge(res.topics[["topic_id", "label"]], on="topic_id")
    labelled = labelled[isin(labelled["paper_id"], pindex)].sort_values(["paper_id", "rank", "topic_id"])
    topic_labels = sorted(set(labelled["label"].astype(str)))
    tindex = {t: i for i, t in enumerate(topic_labels)}
    topic_owner = labelled["paper_id"].map(pindex).to_numpy(dtype=np.int64)
    del pindex
    categories = sorted({str(c) for c in info["category"] if not missing(c)})
    cindex = {c: i for i, c in enumerate(categories)}
    yield "papers", "title", [str(t) for t in info["title"]]
    yield "papers", "year", years
    yield "papers", "category", [-1 if missing(c) else cindex[str(c)] for c in info["category"]]
    yield "papers", "topicCount", _counts(topic_owner, len(paper_ids))
    yield "papers", "topics", [tindex[str(t)] for t in labelled["label"]]
    del info, years, labelled, topic_owner, paper_ids

    yield "categories", None, ["cs." + c for c in categories]
    yield "topics", None, topic_labels
    communities = stats.communities.sort_values("community")
    yield (
        "communities",
        None,
        [
            {"number": int(c), "size": int(s), "color": community_color(int(c))}
            for c, s in zip(communities["community"], communities["size"])
        ],
    )
    yield "palette", None, PALETTE
    yield "legendCommunities", None, LEGEND_COMMUNITIES


def _json_for_html(data: Any) -> str:
    """JSON that cannot end its <script> block or open a comment, whatever the names say."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def json_pieces(items: Iterable[Column]) -> Iterator[str]:
    """_json_for_html(page_data(...)) in pieces, a column at a time (`columns`): json.dumps writes a
    dict as its members joined, and the escapes replace single characters, so the pieces joined are
    the same text."""

    def text(value: Any) -> str:
        return _json_for_html(value)

    yield "{"
    for n, (section, members) in enumerate(itertools.groupby(items, key=lambda item: item[0])):
        yield ("," if n else "") + text(section) + ":"
        for m, (_, key, value) in enumerate(members):
            if key is None:
                yield text(value)
            else:
                yield ("," if m else "{") + text(key) + ":" + text(value)
        if key is not None:
            yield "}"
    yield "}"


def _script(code: str, licence: str | None = None) -> str:
    head = "" if licence is None else "/*!\n" + licence.replace("*/", "* /").strip() + "\n*/\n"
    return (head + code).replace("</script", "<\\/script")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _template() -> jinja2.Template:
    source = resources.files("kg").joinpath("templates/webgl.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(source)


def _page_script() -> str:
    return resources.files("kg").joinpath("templates/webgl.js").read_text(encoding="utf-8")


def render(data: dict[str, Any]) -> str:
    """The whole page around page_data's columns, libraries inline, scripts hashed into the CSP."""
    return _page(_json_for_html(data), len(data["people"]["name"]))


def _page(data: str, people: int) -> str:
    libs = libraries()
    scripts = [_script(lib.code, f"{lib.name} {lib.version}\n\n{lib.licence}") for lib in libs]
    scripts.append(_script(_page_script()))
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_sha256(s) for s in scripts),
            "style-src 'unsafe-inline'",
        ]
    )
    markup = jinja2.utils.markupsafe.Markup
    return _template().render(
        csp=csp,
        scripts=[markup(s) for s in scripts],
        data=markup(data),
        people=people,
        credits=", ".join(f"{lib.name} {lib.version}" for lib in libs),
    )


def network_page(res: Resolution, stats: Analytics, coauthors: pd.DataFrame) -> str:
    """The whole page, libraries and data inline."""
    return render(page_data(res, stats, coauthors))


def write_network_page(res: Resolution, stats: Analytics, coauthors: pd.DataFrame, out: Path) -> dict[str, int]:
    """Writes out/network.html (network_page's text); returns how many people and ties it draws and its
    size in bytes. The data goes to JSON a column at a time (`columns`, `json_pieces`): the page
    holds its JSON text, never every column as Python lists at once."""
    counts = {}

    def counted(items: Iterable[Column]) -> Iterator[Column]:
        for section, key, value in items:
            if (section, key) in (("people", "name"), ("ties", "other")):
                counts[section] = len(value)
            yield section, key, value

    pieces = list(json_pieces(counted(columns(res, stats, coauthors))))
    head, tail = _page(DATA_HERE, counts["people"]).split(DATA_HERE)
    path = out / "network.html"
    with path.open("w", encoding="utf-8") as f:
        f.write(head)
        f.writelines(pieces)
        f.write(tail)
    return {"nodes": counts["people"], "edges": counts["ties"], "bytes": path.stat().st_size}
