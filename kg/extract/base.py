"""What every extractor needs: the build's context and the rules for rejecting a block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.text import MAX_LINE_CHARS
from kg.model import Extraction, Rejected

RAW_KEEP = 2_000  # characters of a rejected block kept in rejects.jsonl


@dataclass
class Context:
    """Facts from outside one page: the reference date, and names other pages print."""

    as_of: dt.date
    known_names: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class InputFormat:
    name: str
    description: str
    sniff: Callable[[list[str]], float]
    extract: Callable[[str, list[str], Context], Extraction]
    render: Callable[..., str] | None = None
    priority: int = 50  # when inputs disagree on a fact, the lower number is believed first
    needs_names: bool = False  # read after the others, with the names they print as evidence
    kind: str = "page"  # "page": read from any capture; "export": read only as saved


def reject(source: str, line: int, reason: str, lines: list[str], code: str = "bad_record") -> Rejected:
    """A block that did not become a record; its raw text is kept, cut to RAW_KEEP characters."""
    raw = "\n".join(lines)
    if len(raw) > RAW_KEEP:
        raw = raw[:RAW_KEEP] + f"… [{len(raw) - RAW_KEEP:,} more characters]"
    return Rejected(source=source, line=line, reason=reason, raw=raw, code=code)


def too_long(source: str, first_line: int, lines: list[str]) -> Rejected | None:
    """A block holding an over-long line is rejected whole, naming the line."""
    for offset, text in enumerate(lines):
        if len(text) > MAX_LINE_CHARS:
            return reject(
                source,
                first_line,
                f"line {first_line + offset} is {len(text):,} characters long (the limit is {MAX_LINE_CHARS:,})",
                lines,
                "line_too_long",
            )
    return None


def nonblank(lines: list[str], start: int = 0, stop: int | None = None) -> list[int]:
    """Indexes of the non-blank lines in lines[start:stop]."""
    stop = len(lines) if stop is None else stop
    return [i for i in range(start, stop) if lines[i].strip()]
