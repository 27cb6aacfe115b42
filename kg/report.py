"""output/report.html: the first things a bibliometrician looks at, as inline SVG charts.

Charts are drawn by matplotlib into SVG inside the page: no script, no stylesheet and
no font is fetched, so the page works offline. Text from pages is HTML-escaped.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from kg.analytics import Analytics, rising_and_fading, team_sizes
from kg.schema import Resolution

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { padding: .2rem .7rem; border-bottom: 1px solid #ddd; }
th { text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-size: .9rem; color: #555; } svg { max-width: 100%; height: auto; }
.note { background: #fff8e1; padding: .6rem .9rem; border-left: 4px solid #f0b400; }
"""


MAX_COMMUNITY_BARS = 30
# C0 and C1 controls other than tab and line ends may not stand in an HTML page (a parse error,
# shown as nothing) nor be drawn (no glyph): a name printed with one ("Wu\x1b[2J") shows the
# control as "\x1b", as `kg stats` prints it.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(value: object) -> str:
    return CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def _text(value: object) -> str:
    """Text from inputs as HTML: escaped, controls shown."""
    return html.escape(visible(value))


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE: the SVG sits inside HTML


def _figure(title: str) -> tuple[Any, Any]:
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def charts(res: Resolution, stats: Analytics) -> list[tuple[str, str]]:
    """(caption, svg) for each chart."""
    # Fixed SVG ids (the same input gives the same bytes), set for these charts only.
    with plt.rc_context({"svg.hashsalt": "kg"}):
        return _charts(res, stats)


def _charts(res: Resolution, stats: Analytics) -> list[tuple[str, str]]:
    out = []

    degrees = Counter(int(d) for d in stats.people["degree"] if d > 0)
    fig, ax = _figure("Degree distribution (log–log)")
    if degrees:
        xs = sorted(degrees)
        ax.loglog(xs, [degrees[x] for x in xs], "o", color="#3366cc")
    ax.set_xlabel("coauthors (degree)")
    ax.set_ylabel("people")
    isolated = int((stats.people["degree"] == 0).sum())
    out.append(
        (f"People by number of distinct coauthors; {isolated} without a known coauthor are not shown.", _svg(fig))
    )

    fig, ax = _figure("Papers per year")
    ax.bar(stats.years["year"].astype(str), stats.years["papers"], color="#3366cc")
    ax.set_ylabel("papers")
    undated = int(res.papers["year"].isna().sum())
    out.append((f"Papers with a printed date; {undated} papers carry no date.", _svg(fig)))

    teams = team_sizes(res)
    fig, ax = _figure("Team sizes")
    exact = Counter(teams.loc[~teams["lower_bound"], "team_size"])
    bound = Counter(teams.loc[teams["lower_bound"], "team_size"])
    sizes = sorted(set(exact) | set(bound))
    labels = [str(s) for s in sizes]
    ax.bar(labels, [exact[s] for s in sizes], color="#3366cc", label="whole team printed")
    ax.bar(
        labels, [bound[s] for s in sizes], bottom=[exact[s] for s in sizes], color="#f0b400", label="“et al.”: at least"
    )
    ax.set_xlabel("authors")
    ax.set_ylabel("papers")
    ax.legend(frameon=False)
    out.append(("Authors per paper; yellow bars are lower bounds (the list ends in “et al.”).", _svg(fig)))

    # The largest communities only: a bar and a tick label for each of thousands of communities is
    # unreadable, and drawing them was most of the report's time (2,084 at 100k papers, 16,147 at 1M).
    communities = stats.communities.sort_values(["size", "community"], ascending=[False, True], kind="stable")
    shown = communities.head(MAX_COMMUNITY_BARS)
    fig, ax = _figure("Community sizes")
    ax.bar([str(c) for c in shown["community"]], shown["size"], color="#109618")
    ax.set_xlabel("community (Louvain)")
    ax.set_ylabel("people")
    caption = "People per community, largest first."
    if len(communities) > len(shown):
        rest = communities.iloc[len(shown) :]
        caption = (
            f"People per community: the {len(shown)} largest of {len(communities):,}; "
            f"the other {len(rest):,} hold {int(rest['size'].sum()):,} people."
        )
    out.append((caption, _svg(fig)))

    top = stats.pairs.head(12).iloc[::-1]
    fig, ax = _figure("Top collaborators")
    ax.barh([visible(f"{a} – {b}") for a, b in zip(top["a"], top["b"])], top["joint_papers"], color="#dc3912")
    ax.set_xlabel("joint papers")
    out.append(("Pairs of people by the number of papers they share.", _svg(fig)))
    return out


def topic_trends(stats: Analytics) -> str:
    """Topics over time, as VOSviewer's overlay map shows them: the topics whose papers are most
    recent on average (rising) and least recent (fading), each with its papers per year."""
    e = _text
    rising, fading = rising_and_fading(stats)
    if rising.empty:
        return "<h2>Topics over time</h2><p>No topic has papers in two or more years.</p>"

    def rows(table) -> str:
        return "".join(
            f"<tr><td>{e(str(r.topic))}</td><td class=num>{r.papers}</td><td class=num>{r.mean_year:.1f}</td>"
            f"<td>{e(str(r.years))}</td><td>{e(str(r.broader))}</td></tr>"
            for r in table.itertuples()
        )

    head = "<tr><th>topic</th><th>papers</th><th>mean year</th><th>papers per year</th><th>broader topic</th></tr>"
    return (
        "<h2>Topics over time</h2>"
        '<p class="note">Topics of three or more papers spread over two or more years, by the mean year of '
        "their papers (<code>stats/topic_years.csv</code> has every topic's papers and share per year).</p>"
        f"<h3>Rising: most recent first</h3><table>{head}{rows(rising)}</table>"
        f"<h3>Fading: least recent first</h3><table>{head}{rows(fading)}</table>"
    )


def render(res: Resolution, stats: Analytics) -> str:
    e = _text
    rows = []
    for key, value in stats.summary.items():
        if key == "note":
            continue
        shown = f"{value:.4f}" if isinstance(value, float) else ("—" if value is None else str(value))
        rows.append(f"<tr><th>{e(key.replace('_', ' '))}</th><td class=num>{e(shown)}</td></tr>")
    top_people = "".join(
        f"<tr><td>{e(str(r.name))}</td><td class=num>{r.papers}</td><td class=num>{r.coauthors}</td>"
        f"<td class=num>{r.pagerank:.4f}</td><td class=num>{r.community}</td></tr>"
        for r in stats.authors.head(15).itertuples()
    )
    figures = "".join(
        f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>" for caption, svg in charts(res, stats)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>kg collaboration report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Collaboration report</h1>
<p class="note">{e(stats.summary["note"])}</p>
<div class="charts">{figures}</div>
<h2>Most central people (PageRank)</h2>
<table><tr><th>name</th><th>papers</th><th>coauthors</th><th>PageRank</th><th>community</th></tr>{top_people}</table>
{topic_trends(stats)}
<h2>Summary</h2>
<table>{"".join(rows)}</table>
</body>
</html>
"""
