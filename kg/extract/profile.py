"""Author profile pages: the owner's name and figures, then one block per paper.

Najoung Kim                 <- owner
CL / h-index36 / 34papers / 10,026citations / Novelty46% / AI Score59 / 34 Papers
CLNov 9, 2022[Code]         <- category, date, code link
Title
Name, Name[ et al.][ · slug, slug]
Abstract
"""

from __future__ import annotations

import re

from kg.extract.base import Context, InputFormat, nonblank, reject, too_long
from kg.extract.text import (
    DATE_RE,
    DateError,
    is_person_name,
    parse_author_list,
    parse_date,
    render_author_list,
    render_date,
)
from kg.model import Extraction, Page, Record

NAME = "profile"

META_RE = re.compile(rf"(?P<category>[A-Z]{{2}})?(?P<date>{DATE_RE})(?P<code>Code)?")
HEADER_FIGURES = {
    "h_index": re.compile(r"h-index(\d+)"),
    "papers": re.compile(r"([\d,]+)papers"),
    "citations": re.compile(r"([\d,]+)citations"),
    "novelty": re.compile(r"Novelty(\d+(?:\.\d+)?)%"),
    "ai_score": re.compile(r"AI Score(\d+(?:\.\d+)?)"),
}
LISTED_RE = re.compile(r"\d+ Papers?")
CATEGORY_RE = re.compile(r"[A-Z]{2}")


def is_meta(line: str) -> bool:
    return len(line) < 40 and META_RE.fullmatch(line) is not None


def sniff(lines: list[str]) -> float:
    head = [line.strip() for line in lines[:40]]
    if any(HEADER_FIGURES["h_index"].fullmatch(line) for line in head):
        return 1.0
    metas = [i for i, line in enumerate(lines) if is_meta(line)]
    # A meta line followed by a title and a blank line is this layout's block opening.
    opened = sum(1 for i in metas if i + 2 < len(lines) and lines[i + 1].strip() and not lines[i + 2].strip())
    return 0.9 if metas and opened >= max(1, len(metas) // 2) else 0.0


def _read_header(source: str, lines: list[str], stop: int, out: Extraction) -> None:
    page = out.page
    for i in nonblank(lines, 0, stop):
        text = lines[i].strip()
        for key, pattern in HEADER_FIGURES.items():
            m = pattern.fullmatch(text)
            if m:
                value = m.group(1).replace(",", "")
                setattr(page, key, float(value) if "." in value or key in ("novelty", "ai_score") else int(value))
                break
        else:
            if LISTED_RE.fullmatch(text):
                page.chrome_lines += 1
            elif CATEGORY_RE.fullmatch(text) and page.owner_category is None:
                page.owner_category = text
            elif page.owner is None and i == nonblank(lines, 0, stop)[0] and is_person_name(text):
                page.owner = text
            else:
                out.rejects.append(
                    too_long(source, i + 1, [lines[i]])
                    or reject(
                        source, i + 1, "line in the page header that is no known figure", [lines[i]], "bad_header"
                    )
                )


def _read_block(
    source: str, lines: list[str], start: int, stop: int, at_end: bool, ctx: Context, out: Extraction
) -> None:
    block = lines[start:stop]
    bad = too_long(source, start + 1, block)
    if bad:
        out.rejects.append(bad)
        return
    meta = META_RE.fullmatch(lines[start].strip())
    assert meta is not None
    body = nonblank(lines, start + 1, stop)
    cut = "record cut off at the end of the file" if at_end else None
    if not body:
        out.rejects.append(
            reject(
                source, start + 1, cut or "date line with no paper under it", block, "cut_off" if cut else "bad_record"
            )
        )
        return
    title_i = body[0]
    if len(body) < 3:
        out.rejects.append(
            reject(
                source,
                title_i + 1,
                cut or "paper with no author line or no abstract",
                block,
                "cut_off" if cut else "bad_record",
            )
        )
        return
    authors = parse_author_list(lines[body[1]].strip())
    if authors is None:
        out.rejects.append(
            reject(source, body[1] + 1, "line where the author list should be is not a list of names", block)
        )
        return
    try:
        date = parse_date(meta.group("date"), ctx.as_of)
    except DateError as e:
        out.rejects.append(reject(source, start + 1, str(e), block, "bad_date"))
        return
    out.records.append(
        Record(
            source=source,
            line=title_i + 1,
            layout=NAME,
            title=lines[title_i].strip(),
            # Paragraphs past the first are kept, not dropped: abstracts may run over lines.
            abstract="\n".join(lines[i].strip() for i in body[2:]),
            authors=authors.names,
            authors_truncated=authors.truncated,
            affiliations=authors.affiliations,
            category=meta.group("category"),
            date=date,
            has_code=meta.group("code") is not None,
        )
    )


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    starts = [i for i, line in enumerate(lines) if is_meta(line.strip())]
    _read_header(source, lines, starts[0] if starts else len(lines), out)
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        _read_block(source, lines, start, stop, n + 1 == len(starts), ctx, out)
    return out


def render(records: list[Record], page: Page | None = None, year_omitted: frozenset[int] = frozenset()) -> str:
    """A profile page listing `records`; records whose index is in year_omitted print no year."""
    out: list[str] = []
    if page is not None and page.owner:
        out += [page.owner, ""]
        if page.owner_category:
            out.append(page.owner_category)
        if page.h_index is not None:
            out.append(f"h-index{page.h_index}")
        if page.papers is not None:
            out.append(f"{page.papers}papers")
        if page.citations is not None:
            out.append(f"{page.citations:,}citations")
        if page.novelty is not None:
            out.append(f"Novelty{page.novelty:g}%")
        if page.ai_score is not None:
            out.append(f"AI Score{page.ai_score:g}")
        out += ["", f"{len(records)} Papers", ""]
    for n, r in enumerate(records):
        assert r.date is not None, "profile blocks always print a date"
        out.append(f"{r.category or ''}{render_date(r.date, n not in year_omitted)}{'Code' if r.has_code else ''}")
        out += [
            r.title,
            "",
            render_author_list(r.authors, r.authors_truncated, r.affiliations),
            "",
            r.abstract or "",
            "",
        ]
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="an author profile page: figures, then dated papers with authors and abstracts",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=0,
)
