"""The records kg reads out of pages: plain dataclasses, each carrying its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    """One paper as one page lists it, with the file and line it came from."""

    source: str
    line: int
    layout: str
    title: str
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    author_count: int | None = None
    affiliations: list[str] = field(default_factory=list)
    category: str | None = None
    date: str | None = None
    has_code: bool = False
    score: float | None = None
    upvotes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


@dataclass
class Page:
    """Facts about a whole input file: its layout, owner (profile pages) and counts."""

    source: str
    layout: str | None
    owner: str | None = None
    owner_category: str | None = None
    h_index: int | None = None
    papers: int | None = None
    citations: int | None = None
    novelty: float | None = None
    ai_score: float | None = None
    listing_date: str | None = None
    records: int = 0
    rejects: int = 0
    chrome_lines: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


@dataclass
class Rejected:
    """A block of input that did not become a record, kept with where it was and why."""

    source: str
    line: int
    reason: str
    raw: str

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


@dataclass
class Extraction:
    """What one extractor read from one file."""

    page: Page
    records: list[Record] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)
