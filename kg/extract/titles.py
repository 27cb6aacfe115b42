"""Title–abstract lists: page chrome, then title and abstract lines in turn.

Get trending papers in your email inbox!
SubscribeBERT4Rec: Sequential Recommendation ...    <- chrome glued to the first title
Abstract
Title
Abstract
"""

from __future__ import annotations

from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.daily import CHROME
from kg.model import Extraction, Page, Record

NAME = "title-abstract"

# Chrome the page glues to the front of the first title.
GLUED_CHROME = ("Subscribe",)
# A line this long in a title's place means the title/abstract turn-taking was lost.
MAX_TITLE = 500


def sniff(lines: list[str]) -> float:
    content = [line.strip() for line in lines if line.strip()]
    chrome = 0
    while content and content[0] in CHROME:
        content.pop(0)
        chrome += 1
    # Without the page's chrome, short lines taking turns with longer ones are any prose
    # (a README's headings and paragraphs, a CSV's rows): too little to claim the page.
    if not chrome or len(content) < 2:
        return 0.0
    titles, abstracts = content[0::2], content[1::2]
    short_titles = sum(1 for t in titles if len(t) <= MAX_TITLE)
    longer = sum(1 for t, a in zip(titles, abstracts) if len(a) > len(t))
    if short_titles >= 0.9 * len(titles) and longer >= 0.8 * len(abstracts):
        return 0.6
    return 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    rows = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    n = 0
    while n < len(rows) and rows[n][1] in CHROME:
        out.page.chrome_lines += 1
        n += 1
    first = True
    while n < len(rows):
        title_i, title = rows[n]
        if first and out.page.chrome_lines:
            for chrome in GLUED_CHROME:
                rest = title[len(chrome) :]
                if title.startswith(chrome) and (rest[:1].isupper() or rest[:1].isdigit()):
                    title = rest
                    out.page.chrome_lines += 1
        first = False
        block = [rows[n][1]] + ([rows[n + 1][1]] if n + 1 < len(rows) else [])
        # The file's own lines, blank ones included, so that the reason names the right line.
        block_end = rows[n + 1][0] if n + 1 < len(rows) else title_i
        bad = too_long(source, title_i + 1, lines[title_i : block_end + 1])
        if bad:
            out.rejects.append(bad)
            n += 2
            continue
        if len(title) > MAX_TITLE:
            # Turn-taking is lost: reject this one line and read the next as a title.
            out.rejects.append(
                reject(source, title_i + 1, f"a {len(title):,}-character paragraph where a title should be", [title])
            )
            n += 1
            continue
        if n + 1 == len(rows):
            out.rejects.append(reject(source, title_i + 1, "record cut off at the end of the file", block, "cut_off"))
            break
        out.records.append(Record(source=source, line=title_i + 1, layout=NAME, title=title, abstract=rows[n + 1][1]))
        n += 2
    return out


def render(records: list[Record], page: Page | None = None, year_omitted: frozenset[int] = frozenset()) -> str:
    out = ["Get trending papers in your email inbox!"]
    for n, r in enumerate(records):
        out += [("Subscribe" if n == 0 else "") + r.title, r.abstract or ""]
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="a title–abstract list under a site banner",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=3,
)
