"""Extraction on the workers: files in partitions, two passes, Parquet between stages.

The first pass reads every file of a partition and extracts those whose format needs no
names; formats that need names (compact lists) wait, as in kg.build.extract_files, for the
second pass, which gets every name the first pass found on every partition. Each partition
writes what it read to one Parquet file (one row per page, record or reject, as JSON: records
carry dicts and lists of varying shape), in file order, so concatenating the partitions gives
the local build's order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kg.build import Extracted
from kg.extract import Context, choose
from kg.ids import title_key
from kg.model import Page, Record, Rejected
from kg.parallel import extract_one as extract_in_process
from kg.parallel import reader_failed, unknown
from kg.read import read
from kg.schema import mint


def partition_files(files: list[tuple[Path, str]], partitions: int) -> list[list[tuple[Path, str]]]:
    """Contiguous runs of the sorted files, of about equal bytes: concatenated, they are the files' order."""
    sizes = [max(path.stat().st_size, 1) if path.exists() else 1 for path, _ in files]
    total, parts, run, filled = sum(sizes), [], [], 0
    for item, size in zip(files, sizes):
        run.append(item)
        filled += size
        if filled >= total * (len(parts) + 1) / partitions and len(parts) < partitions - 1:
            parts.append(run)
            run = []
    parts.append(run)
    return [p for p in parts if p] or [[]]  # no files: one empty partition, so every stage still has its tables


@dataclass
class FileResult:
    source: str
    page: Page
    records: list[Record] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)


def extract_one(path: Path, source: str, ctx: Context, defer: bool) -> FileResult | None:
    """One file as kg.build.extract_files reads it; None when its format needs names and `defer`;
    where kg fails on it, its reader_failed reject (kg.parallel.reader_failed)."""
    try:
        return _extract_one(path, source, ctx, defer)
    except Exception as e:
        return FileResult(source, *reader_failed(source, e))


def _extract_one(path: Path, source: str, ctx: Context, defer: bool) -> FileResult | None:
    # The same steps as kg.parallel's workers (its unknown-layout reject, its lines mapped back to
    # the file, its check of an abstract cut off by the end of the file), so both builds agree.
    text = read(path, source)
    if isinstance(text, Rejected):
        return FileResult(source, Page(source, None, rejects=1), [], [text])
    chosen = choose(text.lines)
    if chosen is None:
        return FileResult(source, *unknown(source, text))
    fmt, view = chosen
    if fmt.needs_names and defer:
        return None
    return FileResult(source, *extract_in_process(source, text, fmt, view, ctx))


@dataclass
class FirstPass:
    files: list[tuple[Path, str]]
    done: dict[str, FileResult]
    known: set[str]


def first_pass(files: list[tuple[Path, str]], as_of: dt.date) -> FirstPass:
    plain = Context(as_of=as_of)
    done, known = {}, set()
    for path, source in files:
        result = extract_one(path, source, plain, defer=True)
        if result is None:
            continue
        done[source] = result  # deferred files are not here: every name here is evidence
        known.update(name for r in result.records for name in r.authors)
        if result.page.owner:
            known.add(result.page.owner)
    return FirstPass(files, done, known)


def known_names(first: FirstPass) -> set[str]:
    return first.known


def second_pass(first: FirstPass, known: frozenset[str], as_of: dt.date, path: Path) -> int:
    """The deferred files with every partition's names; writes the partition's Parquet file.
    Returns how many records it holds (their places in the build follow from these counts)."""
    evidence = Context(as_of=as_of, known_names=known)
    rows = []
    for file, source in first.files:
        result = first.done.get(source) or extract_one(file, source, evidence, defer=False)
        rows.append({"kind": "page", "paper_id": None, "json": json.dumps(result.page.to_dict())})
        rows += [
            {"kind": "record", "paper_id": mint("paper", title_key(r.title)), "json": json.dumps(r.to_dict())}
            for r in result.records
        ]
        rows += [{"kind": "reject", "paper_id": None, "json": json.dumps(r.to_dict())} for r in result.rejects]
    table = pd.DataFrame(rows, columns=["kind", "paper_id", "json"]).astype({"kind": str, "json": str})
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=False)
    return sum(row["kind"] == "record" for row in rows)


def load(paths: list[Path]) -> Extracted:
    """The partitions' Parquet files, in order, as the local build's Extracted."""
    result = Extracted()
    for path in paths:
        table = pd.read_parquet(path, columns=["kind", "json"])
        for kind, text in zip(table["kind"], table["json"]):
            values = json.loads(text)
            if kind == "page":
                result.pages.append(Page(**values))
            elif kind == "record":
                result.records.append(Record(**values))
            else:
                result.rejects.append(Rejected(**values))
    return result


class StoredRecords:
    """The records of the extraction partitions, read back from their Parquet files each time
    they are iterated, in build order. After resolution the client needs them only to write
    records.jsonl, so it keeps this instead of a list (a million records are gigabytes)."""

    def __init__(self, paths: list[Path], counts: list[int]) -> None:
        self.paths, self.count = list(paths), sum(counts)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Record]:
        for path in self.paths:
            table = pd.read_parquet(path, columns=["kind", "json"])
            texts = table.loc[table["kind"] == "record", "json"]
            del table
            for text in texts:
                yield Record(**json.loads(text))
