"""Pieces every layout shares: printed dates, author lists and name tokens."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_RE = "(?:" + "|".join(MONTHS) + ")"
# "Nov 9, 2022" or, on pages that omit the current year, "Jun 2".
DATE_RE = rf"{MONTH_RE} \d{{1,2}}(?:, \d{{4}})?"

PRINTED_DATE_RE = re.compile(rf"({MONTH_RE}) (\d{{1,2}})(?:, (\d{{4}}))?")  # compiled once: parsed per record

# Lines longer than this are not a title, names or an abstract of any page we know;
# reading them would only feed regular expressions a megabyte at a time.
MAX_LINE_CHARS = 20_000

ET_AL = " et al."
AFFILIATION_SEP = " · "
# Lower-case words that may stand inside a name: "Benjamin van Durme", "Juan de la Cruz".
PARTICLES = frozenset("van von der den de del della di da dos du la le ter ten bin ibn al el y zu".split())


class DateError(ValueError):
    """A date as printed that names no real day."""


def parse_date(printed: str, as_of: dt.date) -> str:
    """ISO date of a printed date; a date without a year is the latest such day not after as_of.

    >>> parse_date("Nov 9, 2022", dt.date(2026, 1, 1))
    '2022-11-09'
    >>> parse_date("Jun 2", dt.date(2026, 1, 1))
    '2025-06-02'
    """
    m = PRINTED_DATE_RE.fullmatch(printed.strip())
    if not m:
        raise DateError(f"not a date: {printed!r}")
    month = MONTHS.index(m.group(1)) + 1
    day = int(m.group(2))
    if m.group(3):
        try:
            return dt.date(int(m.group(3)), month, day).isoformat()
        except ValueError as e:
            raise DateError(f"no such day: {printed!r}") from e
    # Walk back year by year: Feb 29 needs a leap year, so it may be several years back.
    for year in range(as_of.year, as_of.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= as_of:
            return candidate.isoformat()
    raise DateError(f"no such day: {printed!r}")


@functools.lru_cache(maxsize=1 << 16)  # name words recur on every page that prints the name
def is_name_token(token: str) -> bool:
    """Whether a word can stand in a printed personal name.

    Accepts "Najoung", "Tian-Zheng", "McKenzie", "O'Brien", "F.", "Lindström", "van";
    refuses "PDouwe" (the tail of an acronym glued to a name), "Streamlining:" and digits.
    """
    if token in PARTICLES:
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.)+(?:-(?:[^\W\d_]\.)+)?", token):  # initials: "F.", "J.R."
        return token[0].isupper()
    if len(token) < 2:  # a bare capital is an acronym's tail ("LLM"), not an initial ("M.")
        return False
    for part in re.split(r"[-'’]", token):
        if not part or not part[0].isupper() or not all(c.isalpha() for c in part):
            return False
        # A capital must start a syllable, never follow another: "McKenzie" yes, "NLPDouwe" no.
        for prev, cur in itertools.pairwise(part):
            if cur.isupper() and prev.isupper():
                return False
    return True


@functools.lru_cache(maxsize=1 << 16)  # a name is read on every page and in every sniff that prints it
def is_person_name(name: str) -> bool:
    # Two to six words: one-word "names" are far more often the tail of a glued title.
    tokens = name.split(" ")
    if not 2 <= len(tokens) <= 6 or any(not t for t in tokens):
        return False
    return all(is_name_token(t) for t in tokens) and any(t not in PARTICLES for t in tokens)


# What exporters print in an author field when a work has no named author: Web of Science
# "[Anonymous]", Scopus "[No author name available]", the "Anonymous Authors" of a paper under
# double-blind review (in the BibTeX its README gives). It is nobody: the work has no known author.
NO_AUTHOR_RE = re.compile(
    r"\[?\s*(?:anonymous(?:\s+authors?)?|anon\.?|no author name available|no authors? listed)\s*\]?", re.I
)


# An author entry that only says the list goes on: "et al." (Cochrane's RIS, hand-made BibTeX
# "Smith, J. and et al.", CSL {"literal": "et al."}) or BibTeX's "others".
ET_AL_NAME_RE = re.compile(r"\{?\s*(?:et\.?\s*al\.?|al\.?,\s*et|and others|others)\s*\}?", re.IGNORECASE)


def is_et_al(name: str) -> bool:
    return ET_AL_NAME_RE.fullmatch(name.strip()) is not None


def is_no_author(name: str) -> bool:
    return NO_AUTHOR_RE.fullmatch(name.strip()) is not None


@dataclass
class AuthorList:
    names: list[str]
    truncated: bool
    affiliations: list[str]


SLUG_RE = re.compile(r"[a-z0-9][a-z0-9.-]*")


def parse_author_list(text: str) -> AuthorList | None:
    """Read `Name, Name[ et al.][ · slug, slug]`; None when it is not such a list."""
    affiliations: list[str] = []
    if AFFILIATION_SEP in text:
        text, _, tail = text.rpartition(AFFILIATION_SEP)
        affiliations = [s.strip() for s in tail.split(",")]
        if not all(SLUG_RE.fullmatch(s) for s in affiliations):
            return None
    truncated = text.endswith(ET_AL)
    if truncated:
        text = text[: -len(ET_AL)]
    names = [n.strip() for n in text.split(",")]
    if not names or not all(is_person_name(n) for n in names):
        return None
    return AuthorList(names, truncated, affiliations)


def render_author_list(names: list[str], truncated: bool, affiliations: list[str]) -> str:
    """The inverse of parse_author_list."""
    text = ", ".join(names) + (ET_AL if truncated else "")
    if affiliations:
        text += AFFILIATION_SEP + ", ".join(affiliations)
    return text


def render_date(iso: str, with_year: bool = True) -> str:
    d = dt.date.fromisoformat(iso)
    text = f"{MONTHS[d.month - 1]} {d.day}"
    return f"{text}, {d.year}" if with_year else text


def iso_day(year: int, month: int, day: int) -> str | None:
    """ "yyyy-mm-dd" when the three make a real day (2011-02-31 does not), else None."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# Semantic Scholar (and DBLP, EndNote and Manubot after them) cite an arXiv preprint by its old
# CoRR volume: venue "ArXiv" or "CoRR", volume "abs/2101.06569"; the id is the volume's tail.
ARXIV_VENUES = {"arxiv", "corr"}
ABS_VOLUME_RE = re.compile(r"^\s*abs/(\S+)\s*$")


def arxiv_volume(venue: str | None, volume: str | None) -> str | None:
    """The arXiv id a CoRR-style citation prints as its volume, or None.

    >>> arxiv_volume("ArXiv", "abs/2101.06569"), arxiv_volume("Nature", "abs/2101.06569")
    ('2101.06569', None)
    """
    found = ABS_VOLUME_RE.match(volume or "")
    if found and (venue or "").strip().lower() in ARXIV_VENUES:
        return found.group(1)
    return None


def tagged_blocks(
    lines: list[str], tag_of: Callable[[str], str | None], opens: str, ignored: Callable[[str, str | None], bool]
) -> list[tuple[str, int, list[str]]]:
    """The records of a tagged export (RIS, Web of Science): ("record" | "cut_off" | "stray", first
    index, lines) in file order. A record runs from its `opens` tag to `ER`; one opened again before
    its ER, or never closed, is cut off; lines outside any record are strays, but those `ignored`
    (line, tag) answers True for (a file's own frame, a record counter)."""
    out: list[tuple[str, int, list[str]]] = []
    start: int | None = None
    stray: list[int] = []

    def flush_stray() -> None:
        if stray:
            out.append(("stray", stray[0], [lines[i] for i in range(stray[0], stray[-1] + 1)]))
            stray.clear()

    for i, line in enumerate(lines):
        tag = tag_of(line)
        if tag == opens:
            flush_stray()
            if start is not None:  # a new record before this one's ER
                out.append(("cut_off", start, lines[start:i]))
            start = i
        elif tag == "ER" and start is not None:
            out.append(("record", start, lines[start : i + 1]))
            start = None
        elif start is None and line.strip() and not ignored(line, tag):
            stray.append(i)
    flush_stray()
    if start is not None:
        out.append(("cut_off", start, lines[start:]))
    return out
