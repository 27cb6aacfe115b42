"""Issue 15: what a worker sends back (and the cache keeps) is read back as the very records extracted.

Records travel as tuples of their fields (kg.parallel._pack) and are made again with Record(*fields);
the known names of the second pass are pickled once and read once per worker (kg.parallel._evidence).
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import fields
from pathlib import Path

import pytest

import kg.parallel as parallel
from kg.build import extract_files, find_inputs
from kg.model import Page, Record, Rejected

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
AS_OF = dt.date(2026, 11, 24)
PACKED = parallel.Job(AS_OF, packed=True)


def round_trip(result: parallel.FileResult) -> parallel.FileResult:
    return parallel._unpack(parallel._pack(PACKED, result))  # type: ignore[arg-type]


@pytest.mark.skipif(not (SHARED / "real-exports").is_dir(), reason="../shared is absent (CI provides it)")
def test_real_records_come_back_equal_field_by_field() -> None:
    files = find_inputs([SHARED / "real-exports", SHARED / "real-pages", ROOT / "seeds"])
    extracted = extract_files(files, AS_OF, workers=1)
    records = extracted.records
    # Records that fill the nested fields: author details with affiliations, identifiers, categories.
    assert any(r.author_details and r.author_details[0].get("affiliations") for r in records)
    assert any(r.identifiers for r in records) and any(r.categories for r in records)
    page = extracted.pages[0]
    back_page, back, rejects = round_trip((page, records, extracted.rejects))
    assert back_page == page and rejects == extracted.rejects
    assert back == records
    for old, new in zip(records, back):
        assert type(new) is Record
        assert list(vars(new).items()) == list(vars(old).items())  # same fields, same order, same values


class Marked(Record):
    """A record of a subclass (module level: pickled by name)."""


def test_a_record_with_more_than_its_fields_travels_whole() -> None:
    plain = Record(source="a.txt", line=3, layout="compact", title="T", authors=["Ann Lee"], score=3.5)
    extra = Record(source="a.txt", line=4, layout="compact", title="U")
    extra.note = "set beside the fields"  # type: ignore[attr-defined]
    sub = Marked(source="a.txt", line=5, layout="compact", title="V")
    page = Page("a.txt", "compact", records=3)
    bad = Rejected("a.txt", 9, "why", "raw", "bad_record")
    packed = pickle.loads(parallel._pack(PACKED, (page, [plain, extra, sub], [bad])))  # type: ignore[arg-type]
    assert packed[1][0] == tuple(getattr(plain, f.name) for f in fields(Record))
    assert packed[1][1] is not None and not isinstance(packed[1][1], tuple)
    _, back, rejects = round_trip((page, [plain, extra, sub], [bad]))
    assert back == [plain, extra, sub] and rejects == [bad]
    assert back[1].note == "set beside the fields"  # type: ignore[attr-defined]
    assert type(back[2]) is Marked


def test_the_known_names_are_unpickled_once_per_process(monkeypatch) -> None:
    names = frozenset({"Ann Lee", "Bo Wu"})
    blob = pickle.dumps(names)
    loads: list[int] = []
    real_loads = pickle.loads
    monkeypatch.setattr(parallel.pickle, "loads", lambda data: loads.append(1) or real_loads(data))
    monkeypatch.setattr(parallel, "_EVIDENCE", (b"", frozenset()))
    assert parallel._evidence(blob) == names
    assert parallel._evidence(bytes(blob)) == names  # the next chunk's copy of the same pickle
    assert len(loads) == 1
    other = frozenset({"Cy Li"})
    assert parallel._evidence(pickle.dumps(other)) == other  # another build's names are read anew
    assert len(loads) == 2
    assert parallel._evidence(names) is names  # in this process the set itself is given
