"""Scored compact lists: `21.6CLOct 12, 2022[Code]`, then title and authors glued on one line.

    21.6CLOct 12, 2022                                   <- optional: score, category, date
    Are Sample-Efficient NLP Models More Robust?Nelson F. Liu, Ananya Kumar et al. · stanford
    Abstract

The page prints no separator between title and first author, so the split is inferred:
the text after it must read as a list of names, and among the places where it does, a
first author that other pages print settles it; failing that, the first author whose
first word is a plain capitalised word (no capital inside, unlike the "Smith" of a
"TokenSmith" title), and last the latest place (the shortest first name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.text import (
    DATE_RE,
    AuthorList,
    DateError,
    is_name_token,
    parse_author_list,
    parse_date,
    render_author_list,
    render_date,
)
from kg.model import Extraction, Page, Record

NAME = "compact"

META_RE = re.compile(rf"(?P<score>\d+(?:\.\d+)?)(?P<category>[A-Z]{{2}})?(?P<date>{DATE_RE})(?P<code>Code)?")
# A title line longer than this is taken for a paragraph, never split (keeps the search linear).
MAX_TITLE_LINE = 2_000


@dataclass
class Split:
    title: str
    authors: AuthorList


class Known:
    """Names known from several sets, looked up in each: no copy of the build's names per page."""

    def __init__(self, *sets: set[str] | frozenset[str]) -> None:
        self.sets = sets

    def __contains__(self, name: object) -> bool:
        return any(name in s for s in self.sets)


def is_meta(line: str) -> bool:
    return len(line) < 50 and META_RE.fullmatch(line) is not None


def split_candidates(line: str) -> list[Split]:
    """Every place where `line` splits into a non-empty title and a readable author list."""
    if len(line) > MAX_TITLE_LINE:
        return []
    out = []
    for i in range(1, len(line)):
        # A title never ends in white space or a hyphen ("Ting-|Yun Chang" is one name).
        if line[i].isupper() and not line[i - 1].isspace() and line[i - 1] != "-":
            # Cheap test first: the first word after the split must be a name word.
            first_word = re.match(r"[^\s,]+", line[i:])
            if first_word is None or not is_name_token(first_word.group()):
                continue
            authors = parse_author_list(line[i:])
            if authors is not None:
                out.append(Split(line[:i], authors))
    return out


def _plain(word: str) -> bool:
    """No capital inside a part: "Ting-Yun" is plain, "SmithMohammad" is not."""
    return not any(c.isupper() for part in re.split(r"[-'’]", word) for c in part[1:])


def split_title_authors(line: str, known_names: Iterable[str] = ()) -> Split | None:
    """The most likely split of a glued title-and-authors line, or None.

    >>> split_title_authors("Dynabench: Rethinking Benchmarking in NLPDouwe Kiela, Max Bartolo").title
    'Dynabench: Rethinking Benchmarking in NLP'
    """
    candidates = split_candidates(line)
    if not candidates:
        return None
    known = known_names if isinstance(known_names, (set, frozenset, Known)) else set(known_names)
    return max(
        candidates,
        key=lambda s: (
            s.authors.names[0] in known,
            _plain(s.authors.names[0].split(" ")[0]),
            len(s.title),
        ),
    )


def names_beyond_first(lines: Iterable[str]) -> set[str]:
    """Names printed after the first author: where the split falls does not change them."""
    names: set[str] = set()
    for line in lines:
        for split in split_candidates(line)[:1]:
            names.update(split.authors.names[1:])
    return names


def sniff(lines: list[str]) -> float:
    content = [line.strip() for line in lines if line.strip()]
    if not content:
        return 0.0
    metas = sum(1 for line in content if is_meta(line))
    if metas:
        return 0.95
    sample = [line for line in content[:40] if len(line) < 400]
    glued = sum(1 for line in sample if split_candidates(line))
    return 0.7 if sample and glued >= 0.8 * len(sample) and glued >= len(content[:40]) / 2 - 1 else 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    rows = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    known = Known(ctx.known_names, names_beyond_first(t for _, t in rows if not is_meta(t)))
    n = 0
    while n < len(rows):
        start = n
        meta = None
        if is_meta(rows[n][1]):
            meta = META_RE.fullmatch(rows[n][1])
            n += 1
            if n == len(rows) or is_meta(rows[n][1]):
                reason = (
                    "record cut off at the end of the file" if n == len(rows) else "score line with no paper under it"
                )
                out.rejects.append(
                    reject(
                        source,
                        rows[start][0] + 1,
                        reason,
                        [rows[start][1]],
                        "cut_off" if n == len(rows) else "bad_record",
                    )
                )
                continue
        title_i, title_line = rows[n]
        n += 1
        has_abstract = n < len(rows) and not is_meta(rows[n][1])
        abstract = rows[n][1] if has_abstract else None
        if has_abstract:
            n += 1
        block = [t for _, t in rows[start:n]]
        # The file's own lines, blank ones included, so that the reason names the right line.
        bad = too_long(source, rows[start][0] + 1, lines[rows[start][0] : rows[n - 1][0] + 1])
        if bad:
            out.rejects.append(bad)
            continue
        if n == len(rows) and not has_abstract:
            out.rejects.append(reject(source, title_i + 1, "record cut off at the end of the file", block, "cut_off"))
            continue
        split = split_title_authors(title_line, known)
        if split is None:
            out.rejects.append(
                reject(
                    source, title_i + 1, "cannot tell the title from the authors: no list of names ends the line", block
                )
            )
            continue
        try:
            date = parse_date(meta.group("date"), ctx.as_of) if meta else None
        except DateError as e:
            out.rejects.append(reject(source, rows[start][0] + 1, str(e), block, "bad_date"))
            continue
        out.records.append(
            Record(
                source=source,
                line=title_i + 1,
                layout=NAME,
                title=split.title.strip(),
                abstract=abstract,
                authors=split.authors.names,
                authors_truncated=split.authors.truncated,
                affiliations=split.authors.affiliations,
                category=meta.group("category") if meta else None,
                date=date,
                has_code=bool(meta and meta.group("code")),
                score=float(meta.group("score")) if meta else None,
            )
        )
    return out


def render(records: list[Record], page: Page | None = None, year_omitted: frozenset[int] = frozenset()) -> str:
    """A compact list of `records`; a record prints a score line when it has a score."""
    out: list[str] = []
    for n, r in enumerate(records):
        if r.score is not None:
            assert r.date is not None, "score lines always print a date"
            date = render_date(r.date, n not in year_omitted)
            out.append(f"{r.score:.1f}{r.category or ''}{date}{'Code' if r.has_code else ''}")
        out.append(r.title + render_author_list(r.authors, r.authors_truncated, r.affiliations))
        out.append(r.abstract or "")
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="a scored list: one line per paper, title glued to its authors",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=1,
    needs_names=True,
)
