"""Exports saved as CSV, a header row of column names then a record a row (Scopus, Lens.org): the
header, and each row with the file line it starts on, read with Python's csv module.

Rows are read in strict mode: a quoted field the file never closes is a cut-off reject, a row with
fewer cells than the header (or more that hold something) a bad record, and the reader goes on at
the next line, so a bad row costs only itself. A header with no row is one `no_listing` reject.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.base import reject
from kg.model import Extraction, Page, Record, Rejected

# Lines searched for the header row (a blank line may come first).
HEAD_LINES = 5
# The longest cell read (characters). csv's own limit, 131,072, is shorter than Scopus's
# "References" of a long review; a row holding a longer cell is a reject.
FIELD_LIMIT = 4_000_000


def header(lines: list[str]) -> tuple[int, list[str]] | None:
    """(index, column names) of the first non-blank line among the first few, or None."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        text = line.lstrip("\ufeff")
        if not text.strip():
            continue
        try:
            return i, [c.strip() for c in next(csv.reader([text], strict=True))]
        except (csv.Error, StopIteration):
            return None
    return None


@dataclass
class Row:
    n: int  # the row's number among the file's rows, from 1
    line: int  # the file line the row starts on, from 1
    raw: list[str]  # the lines it spans
    cells: list[str]
    fields: dict[str, str]  # column -> value with its white space folded; empty cells left out


@dataclass(frozen=True)
class Export:
    """What tells one CSV export's rows apart: its layout name, its name in reasons ("Scopus"), the
    columns its header shows in the reason when it is missing, the column that locates a row, and
    the values that say a cell holds nothing ("[No abstract available]")."""

    layout: str
    label: str
    columns_shown: str
    key: str
    empty: frozenset[str]


def read_table(
    source: str,
    lines: list[str],
    export: Export,
    found: tuple[int, list[str]] | None,
    title_of: Callable[[str | None], str | None],
    record_of: Callable[[str, Row, str, list[str]], Record],
) -> Extraction:
    """A record per row that has a title (`title_of` its Title cell; `record_of(source, row, title,
    page notes)` the record), a reject for every other row, in file order; `found` is the header
    row (None: the whole file is one reject)."""
    out = Extraction(page=Page(source=source, layout=export.layout))
    if found is None:
        why = f"no {export.label} CSV header row ({export.columns_shown} columns)"
        out.rejects.append(reject(source, 1, why, lines[:5]))
        return out
    start, columns = found
    good, out.rejects = rows(source, lines, start, columns, export.label, export.key, export.empty)
    for row in good:
        title = title_of(row.fields.get("Title"))
        if not title:
            why = f"{export.label} row {row.n} at line {row.line} has no title"
            out.rejects.append(
                row_reject(source, row.line, why, row.raw, "bad_entry", row.n, row.fields.get(export.key))
            )
            continue
        out.records.append(record_of(source, row, title, out.page.notes))
    out.rejects.sort(key=lambda r: r.line)
    return out


def rows(
    source: str, lines: list[str], start: int, columns: list[str], label: str, key: str, empty: frozenset[str]
) -> tuple[list[Row], list[Rejected]]:
    """The rows under the header at `start` that have a cell for each column, and a reject for each
    other. `label` names the export in reasons ("Scopus"), `key` the column that locates a row,
    `empty` the values that say a cell holds nothing ("[No abstract available]")."""
    # The limit is the csv module's global, so it is put back after this file.
    limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        return _rows(source, lines, start, columns, label, key, empty)
    finally:
        csv.field_size_limit(limit)


def _rows(
    source: str, lines: list[str], start: int, columns: list[str], label: str, key: str, empty: frozenset[str]
) -> tuple[list[Row], list[Rejected]]:
    good: list[Row] = []
    bad: list[Rejected] = []
    last = max((i + 1 for i, text in enumerate(lines) if text.strip()), default=0)
    reader = csv.reader((line + "\n" for line in lines[start + 1 :]), strict=True)
    n = 0
    while True:
        first = start + 2 + reader.line_num  # the file line the next row starts on
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # never a traceback: the row is the reject
            n += 1
            raw = lines[first - 1 : start + 1 + reader.line_num]
            if "unexpected end of data" in str(e):
                why = f"{label} row {n} at line {first} has a quoted field the file never closes (the file was cut off)"
                bad.append(row_reject(source, first, why, raw, "cut_off", n, None))
            else:
                why = f"{label} row {n} at line {first} does not read as CSV: {e}"
                bad.append(row_reject(source, first, why, raw, "bad_syntax", n, None))
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line (or a row of empty cells a spreadsheet left)
        n += 1
        end = start + 1 + reader.line_num
        raw = lines[first - 1 : end]
        fields = {c: " ".join(v.split()) for c, v in zip(columns, cells) if v.strip() and v.strip() not in empty}
        extra = [c for c in cells[len(columns) :] if c.strip()]  # trailing empty cells hold nothing
        if len(cells) < len(columns) or extra:
            cut = len(cells) < len(columns) and end >= last
            why = f"{label} row {n} at line {first} has {len(cells)} cells for {len(columns)} columns" + (
                " (the file was cut off)" if cut else ""
            )
            bad.append(row_reject(source, first, why, raw, "cut_off" if cut else "bad_record", n, fields.get(key)))
            continue
        good.append(Row(n, first, raw, cells, fields))
    if n == 0:
        why = f"a {label} header row without any record"
        bad.append(reject(source, start + 1, why, [lines[start]], "no_listing"))
    return good, bad


def row_reject(source: str, line: int, why: str, raw: list[str], code: str, n: int, key: str | None) -> Rejected:
    """A row that is no record, located by its key column's value, else by its number."""
    bad = reject(source, line, why, raw, code)
    bad.locator = key or f"record {n}"
    return bad
