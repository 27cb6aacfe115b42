"""Daily-papers pages: chrome and a listing date, then title / abstract / author count / date.

Daily Papers
Jan 19                      <- the page's own listing date
Title
Abstract
  • 5 authors               <- these three lines are missing on some records
·
Apr 8, 2024[ N]             <- N: the discussion count (Record.comments); the copy prints no
                               upvote button, so upvotes stay None
"""

from __future__ import annotations

import re

from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.text import DATE_RE, DateError, parse_date, render_date
from kg.model import Extraction, Page, Record

NAME = "daily"

CHROME = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
COUNT_RE = re.compile(r"• (\d+) authors?")
DOT = "·"
DATE_LINE_RE = re.compile(rf"(?P<date>{DATE_RE})(?: (?P<comments>\d+))?")


def sniff(lines: list[str]) -> float:
    stripped = [line.strip() for line in lines]
    if "Daily Papers" in stripped[:20] or any(COUNT_RE.fullmatch(line) for line in stripped):
        return 0.95
    return 0.0


def _kind(text: str) -> str:
    if COUNT_RE.fullmatch(text):
        return "count"
    if text == DOT:
        return "dot"
    if len(text) < 30 and DATE_LINE_RE.fullmatch(text):
        return "date"
    return "text"


def _read_header(source: str, rows: list[tuple[int, str]], ctx: Context, out: Extraction) -> int:
    """Reads chrome and the listing date; returns the index of the first title row."""
    n = 0
    while n < len(rows):
        i, text = rows[n]
        if text in CHROME:
            out.page.chrome_lines += 1
        elif _kind(text) == "date" and out.page.listing_date is None:
            try:
                out.page.listing_date = parse_date(text, ctx.as_of)
            except DateError as e:
                out.rejects.append(reject(source, i + 1, str(e), [text], "bad_date"))
        else:
            return n
        n += 1
    return n


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    rows = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    n = _read_header(source, rows, ctx, out)
    while n < len(rows):
        start = n
        title_i, title = rows[n]
        n += 1
        if _kind(title) != "text":
            out.rejects.append(reject(source, title_i + 1, "author count or date with no paper above it", [title]))
            continue
        abstract = None
        if n < len(rows) and _kind(rows[n][1]) == "text":
            abstract = rows[n][1]
            n += 1
        trailer: dict[str, str] = {}
        for kind in ("count", "dot", "date"):
            if n < len(rows) and _kind(rows[n][1]) == kind:
                trailer[kind] = rows[n][1]
                n += 1
        block = [t for _, t in rows[start:n]]
        # The file's own lines, blank ones included, so that the reason names the right line.
        bad = too_long(source, title_i + 1, lines[title_i : rows[n - 1][0] + 1])
        if bad:
            out.rejects.append(bad)
            continue
        at_end = n == len(rows)
        if at_end and (abstract is None or (trailer and len(trailer) < 3)):
            out.rejects.append(reject(source, title_i + 1, "record cut off at the end of the file", block, "cut_off"))
            continue
        if abstract is None:
            out.rejects.append(reject(source, title_i + 1, "paper with no abstract", block))
            continue
        date = comments = None
        if "date" in trailer:
            m = DATE_LINE_RE.fullmatch(trailer["date"])
            assert m is not None
            try:
                date = parse_date(m.group("date"), ctx.as_of)
            except DateError as e:
                out.rejects.append(reject(source, title_i + 1, str(e), block, "bad_date"))
                continue
            comments = int(m.group("comments")) if m.group("comments") else None
        count = COUNT_RE.fullmatch(trailer["count"]) if "count" in trailer else None
        out.records.append(
            Record(
                source=source,
                line=title_i + 1,
                layout=NAME,
                title=title,
                abstract=abstract,
                # The page names no authors, only how many there are: nothing to invent.
                author_count=int(count.group(1)) if count else None,
                date=date,
                comments=comments,
            )
        )
    return out


def render(records: list[Record], page: Page | None = None, year_omitted: frozenset[int] = frozenset()) -> str:
    out = ["Daily Papers", ""]
    if page is not None and page.listing_date:
        out += [render_date(page.listing_date, with_year=False), ""]
    for n, r in enumerate(records):
        out += [r.title, "", r.abstract or "", ""]
        if r.author_count is not None or r.date is not None:
            assert r.author_count is not None and r.date is not None, "the count and date lines come together"
            date = render_date(r.date, n not in year_omitted)
            discussed = f" {r.comments}" if r.comments is not None else ""
            out += [f"  • {r.author_count} authors", DOT, date + discussed, ""]
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="Hugging Face's daily papers copied as text: title, abstract, author count, date",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=2,
)
