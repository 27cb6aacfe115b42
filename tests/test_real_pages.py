"""Real captures of listing pages (../shared/real-pages) read against their truth.json.

Each truth row is matched to a record in printed order by title; a row marked `repeat` must
match a "duplicate" reject instead. Accuracy is the share of truth fields read right, over
every field any row of that file names (a field a row leaves out is expected to be None).

To add a capture: append a Case to CASES (and, if a truth field maps to a record in a new
way, an entry to GETTERS).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kg.build import extract_files
from kg.extract.text import parse_date
from kg.model import Record, Rejected

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "real-pages"
TRUTH = REAL / "truth.json"
MIN_ACCURACY = 0.98

pytestmark = pytest.mark.skipif(not TRUTH.exists(), reason="../shared/real-pages is absent (CI provides it)")


@dataclass(frozen=True)
class Case:
    file: str
    layout: str  # the format that must read it
    capture: str  # the capture that must serve it
    as_of: dt.date  # when it was saved: printed dates without a year fall in the year before it
    fields: tuple[str, ...] = ()  # the truth fields this capture is scored on; () = every field its rows name


CASES = [
    Case("02_hf-search-citations_firecrawl.md", "hf", "markdown", dt.date(2026, 10, 2)),
    Case("04_hf-trending_structured-html.md", "hf", "markdown", dt.date(2026, 10, 8)),
    # An arXiv listing prints no per-entry date: the day heading above an entry is its `date`.
    Case(
        "06_arxiv-csai-recent_structured.md",
        "arxiv_listing",
        "markdown",
        dt.date(2026, 10, 8),
        ("title", "authors", "arxiv_id", "primary_subject", "section_date"),
    ),
]


def _abstract_start(record: Record, row: dict) -> str | None:
    text = record.summary if row.get("abstract_kind") == "summary" else record.abstract
    return text[:60] if text else None


# How a truth field is read off a record; fields not listed are record attributes of that name.
GETTERS: dict[str, Callable[[Record, dict], Any]] = {
    "abstract_start": _abstract_start,
    "primary_subject": lambda r, row: r.category,
    "section_date": lambda r, row: r.date,
}
SKIP_FIELDS = {"note", "repeat", "abstract_kind"}


def expected_value(field: str, row: dict, case: Case) -> Any:
    value = row.get(field)
    if field == "date" and value:
        return parse_date(value, case.as_of)
    if field == "section_date" and value:  # "Wed, 7 Oct 2026", the day arXiv announced the entry
        return dt.datetime.strptime(value, "%a, %d %b %Y").date().isoformat()
    return value


def read_capture(case: Case) -> tuple[list[Record], list[Rejected], dict]:
    result = extract_files([(REAL / case.file, case.file)], case.as_of)
    return result.records, result.rejects, result.pages[0].to_dict()


@dataclass
class Score:
    right: int = 0
    total: int = 0
    missing: list[str] | None = None
    wrong: list[str] | None = None

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(case: Case, records: list[Record], rejects: list[Rejected], truth: list[dict]) -> Score:
    """Field accuracy of records against truth rows, matched in order by title."""
    fields = list(case.fields) or sorted({k for row in truth for k in row} - SKIP_FIELDS)
    result = Score(missing=[], wrong=[])
    duplicates = [r for r in rejects if r.code == "duplicate"]
    at = 0
    for n, row in enumerate(truth):
        if row.get("repeat"):
            hit = next((d for d in duplicates if row["title"] in " ".join(d.raw.split())), None)
            result.total += 1
            if hit is None:
                result.missing.append(f"row {n}: no duplicate reject for {row['title'][:50]!r}")
            else:
                result.right += 1
                duplicates.remove(hit)
            continue
        match = next((i for i in range(at, len(records)) if records[i].title == row["title"]), None)
        result.total += len(fields)
        if match is None:
            result.missing.append(f"row {n}: no record titled {row['title'][:50]!r}")
            continue
        at = match + 1
        record = records[match]
        for field in fields:
            getter = GETTERS.get(field, lambda r, row, f=field: getattr(r, f))
            got, want = getter(record, row), expected_value(field, row, case)
            if got == want:
                result.right += 1
            else:
                result.wrong.append(f"row {n} {field}: got {got!r}, want {want!r}")
    return result


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_capture_reads_its_truth(case: Case) -> None:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))[case.file]
    records, rejects, page = read_capture(case)
    assert page["layout"] == case.layout and page["capture"] == case.capture, page
    s = score(case, records, rejects, truth)
    assert not s.missing, s.missing
    assert s.accuracy >= MIN_ACCURACY, (s.accuracy, s.wrong)


def test_no_internal_error_on_any_shared_file() -> None:
    files = sorted(p for p in SHARED.rglob("*") if p.is_file())
    for path in files:
        result = extract_files([(path, str(path.relative_to(SHARED)))], dt.date(2026, 11, 24))
        assert len(result.pages) == 1
        for item in (*result.records, *result.rejects):
            assert item.line >= 0


def _records_of(case: Case) -> list[Record]:
    records, _, _ = read_capture(case)
    return records


def test_hf_search_capture_beyond_its_truth() -> None:
    """All 120 cards of 02, against counts taken with grep: 120 upvote buttons
    (`^\\[([0-9]+|-)\\]\\(https://huggingface.co/login`), 27 discussion links (`#community\\)$`),
    110 "N authors" links, hence 10 organizations; a search page shows abstracts, never summaries."""
    records = _records_of(CASES[0])
    assert len(records) == 120
    assert sum(r.upvotes is not None for r in records) == 120
    assert sum(r.comments is not None for r in records) == 27
    assert sum(r.author_count is not None for r in records) == 110
    assert sum(r.org is not None for r in records) == 10
    assert all(r.date and r.abstract and r.summary is None for r in records)


def test_hf_trending_capture_beyond_its_truth() -> None:
    """04 prints its 50 cards twice: 100 titles, 100 "[Upvote" buttons, 86 "Submitted by" lines."""
    records, rejects, _ = read_capture(CASES[1])
    assert len(records) == 50 and [r.code for r in rejects] == ["duplicate"] * 50
    assert sum(r.upvotes is not None for r in records) == 50
    assert sum(r.submitted_by is not None for r in records) == 43
    assert all(r.date and (r.abstract is None) != (r.summary is None) for r in records)
