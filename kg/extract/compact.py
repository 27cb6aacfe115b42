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

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.text import (
    AFFILIATION_SEP,
    DATE_RE,
    ET_AL,
    SLUG_RE,
    AuthorList,
    DateError,
    is_name_token,
    is_person_name,
    parse_date,
    render_author_list,
    render_date,
)
from kg.model import Extraction, Page, Record

NAME = "compact"

META_RE = re.compile(rf"(?P<score>\d+(?:\.\d+)?)(?P<category>[A-Z]{{2}})?(?P<date>{DATE_RE})(?P<code>Code)?")
# A title line longer than this is taken for a paragraph, never split.
MAX_TITLE_LINE = 2_000
# No printed name is longer than this; a longer "first name" is not read (keeps the split linear).
MAX_NAME = 120
FIRST_WORD = re.compile(rf"[^\s,]{{1,{MAX_NAME + 1}}}")  # bounded: a longer word is no name
# Every character that may be a capital (str.isupper decides): all but ASCII lower case, digits,
# white space and common punctuation, and only where it follows neither white space (\s is
# str.isspace) nor a hyphen: a title never ends in either ("Ting-|Yun Chang" is one name). The
# regex engine skips the rest of a line, where a step of Python per character was most of reading
# a compact list; the look back comes after the character, which the engine finds faster.
MAYBE_CAPITAL_RE = re.compile(r"[^a-z0-9\s,.;:!?'\"()\[\]-](?<=[^\s-].)")


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
    """Every place where `line` splits into a non-empty title and a readable author list.

    The same as trying `parse_author_list(line[i:])` at every capital, in time linear in the
    line: the names after the first comma past a split are the same for every split before
    that comma, so each is read once (`_Tail`), and a first name longer than any name
    (MAX_NAME) is not read at all. A crafted line of capitals and commas cost quadratic time before.
    """
    if len(line) > MAX_TITLE_LINE:
        return []
    out = []
    tails: dict[int, _Tail] = {}
    sep = line.rfind(AFFILIATION_SEP)
    for maybe in MAYBE_CAPITAL_RE.finditer(line, 1):
        i = maybe.start()
        if line[i].isupper():
            # Cheap test first: the first word after the split must be a name word.
            first_word = FIRST_WORD.match(line, i)
            if first_word is None or first_word.end() - i > MAX_NAME or not is_name_token(first_word.group()):
                continue
            end = sep if sep >= i else len(line)  # where the names end: at the last " · ", if after the split
            if end not in tails:
                tails[end] = _Tail(line, end)
            authors = tails[end].authors_from(i)
            if authors is not None:
                out.append(Split(line[:i], authors))
    return out


class _Tail:
    """The end of a line from the split on, read once for every split: "Name, Name et al. · slug"."""

    def __init__(self, line: str, end: int) -> None:
        self.line = line
        self.affiliations: list[str] = []
        self.readable = True
        if end < len(line):
            self.affiliations = [s.strip() for s in line[end + len(AFFILIATION_SEP) :].split(",")]
            self.readable = all(SLUG_RE.fullmatch(s) for s in self.affiliations)
        self.end = end
        self.commas = _commas(line, end)
        self._names: dict[int, tuple[list[str], list[bool]]] = {}

    def authors_from(self, i: int) -> AuthorList | None:
        """What `parse_author_list(line[i:])` answers."""
        if not self.readable:
            return None
        truncated = self.line.endswith(ET_AL, i, self.end)
        body_end = self.end - len(ET_AL) if truncated else self.end
        k = bisect.bisect_left(self.commas, i)
        comma = self.commas[k] if k < len(self.commas) and self.commas[k] < body_end else body_end
        if comma - i > MAX_NAME:
            return None
        first = self.line[i:comma].strip()
        if not is_person_name(first):
            return None
        rest = self._names_from(k, body_end) if comma < body_end else []
        return None if rest is None else AuthorList([first, *rest], truncated, self.affiliations)

    def _names_from(self, k: int, body_end: int) -> list[str] | None:
        """The names after comma k up to `body_end`, or None when one of them is not a name.
        Every name of the line is read once, from the last back."""
        if body_end not in self._names:
            commas = [c for c in self.commas if c < body_end]
            stops = [*commas[1:], body_end]
            names = [self.line[c + 1 : stop].strip() for c, stop in zip(commas, stops)]
            readable = [True] * (len(names) + 1)  # readable[j]: names j and after are all names
            for j in range(len(names) - 1, -1, -1):
                readable[j] = readable[j + 1] and is_person_name(names[j])
            self._names[body_end] = (names, readable)
        names, readable = self._names[body_end]
        return names[k:] if readable[k] else None


def _commas(line: str, end: int) -> list[int]:
    """Where the commas before `end` stand: str.find's steps, not a match object per comma (a
    _Tail is made for every line a compact page or its sniff reads)."""
    out = []
    at = line.find(",", 0, end)
    while at >= 0:
        out.append(at)
        at = line.find(",", at + 1, end)
    return out


NAME_PARTS_RE = re.compile(r"[-'’]")


def _plain(word: str) -> bool:
    """No capital inside a part: "Ting-Yun" is plain, "SmithMohammad" is not."""
    return not any(c.isupper() for part in NAME_PARTS_RE.split(word) for c in part[1:])


def split_title_authors(line: str, known_names: Iterable[str] = ()) -> Split | None:
    """The most likely split of a glued title-and-authors line, or None.

    >>> split_title_authors("Dynabench: Rethinking Benchmarking in NLPDouwe Kiela, Max Bartolo").title
    'Dynabench: Rethinking Benchmarking in NLP'
    """
    return _most_likely(split_candidates(line), known_names)


def _most_likely(candidates: list[Split], known_names: Iterable[str]) -> Split | None:
    """`split_title_authors` on a line whose `split_candidates` are given."""
    if len(candidates) <= 1:  # most lines split one way only: nothing to weigh
        return candidates[0] if candidates else None
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
    return _names_beyond_first(split_candidates(line) for line in lines)


def _names_beyond_first(candidate_lists: Iterable[list[Split]]) -> set[str]:
    names: set[str] = set()
    for candidates in candidate_lists:
        for split in candidates[:1]:
            names.update(split.authors.names[1:])
    return names


def sniff(lines: list[str]) -> float:
    content = [line.strip() for line in lines if line.strip()]
    if not content:
        return 0.0
    if any(is_meta(line) for line in content):
        return 0.95
    sample = [line for line in content[:40] if len(line) < 400]
    if not sample:
        return 0.0
    # Glued lines needed: most of the sample, and half the head. Once the lines left cannot make
    # that many the answer is no, so a page of another layout stops after a few of its lines.
    needed = max(0.8 * len(sample), len(content[:40]) / 2 - 1)
    glued = 0
    for k, line in enumerate(sample):
        if split_candidates(line):
            glued += 1
        elif glued + len(sample) - k - 1 < needed:
            return 0.0
    return 0.7 if glued >= needed else 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    rows = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    # Every line but the score lines is split once: for the names beyond the first author, and
    # (title lines) for the split itself. Kept by row, not by text: two records never share a list.
    candidates = {n: split_candidates(t) for n, (_, t) in enumerate(rows) if not is_meta(t)}
    known = Known(ctx.known_names, _names_beyond_first(candidates.values()))
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
        title_n, title_i = n, rows[n][0]
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
        split = _most_likely(candidates[title_n], known)
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
