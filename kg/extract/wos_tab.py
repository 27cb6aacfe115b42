"""Web of Science tab-delimited exports: a header row of field tags ("PT AU BA BE GP AF …" in the
Core Collection, "PT AU BA CA GP RI OI …" from All Databases), then one record a row; saved as
UTF-8 (often with a BOM) or UTF-16, which the build decodes before any reader sees the lines.

Each row is handed to wosfile's TabDelimitedReader alone, under the header, so every record keeps
its line and a bad row costs only itself. Cells are read unquoted (WoS does not quote; a title that
opens with `"` would make csv swallow cells). The cells mean what the plain text's fields mean, so
records are made by kg.extract.wos: multi-valued cells are "; "-joined there as the plain text's
lines are joined by wosfile. The `wos` format reads this export too (it sniffs and dispatches):
both are one source, with one name and one priority.
"""

from __future__ import annotations

import csv
import io
import warnings

import wosfile

from kg.extract.base import Context, reject
from kg.extract.wos import NAME, flat_text, make_record
from kg.model import Extraction, Page, Rejected

# Columns a header must have to be Web of Science's: PT first, then these among the rest.
NEEDED = {"TI", "AU"}


def _header(lines: list[str]) -> tuple[int, list[str]] | None:
    """(index, tags) of the header row: the first non-blank line, tab-separated tags, PT first."""
    for i, line in enumerate(lines[:5]):
        text = line.lstrip("\ufeff").rstrip("\r\n")
        if not text.strip():
            continue
        tags = text.rstrip("\t").split("\t")
        if tags[0] == "PT" and len(tags) >= 5 and set(tags) >= NEEDED and all(len(t) == 2 for t in tags):
            return i, tags
        return None
    return None


def sniff(lines: list[str]) -> float:
    """Sure on a header row of two-character tags opening with PT, TI and AU among them."""
    return 0.96 if _header(lines) else 0.0


def _read(header: str, row: str) -> wosfile.Record:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # wosfile warns on tags it does not list
        reader = wosfile.TabDelimitedReader(io.StringIO(f"{header}\n{row}\n"), quoting=csv.QUOTE_NONE)
        return wosfile.Record(next(reader))


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    lines = [line.rstrip("\r") for line in lines]
    found = _header(lines)
    if found is None:
        bad = reject(source, 1, "no Web of Science tab-delimited header row (PT, AU, TI … columns)", lines[:5])
        out.rejects.append(bad)
        return out
    start, tags = found
    header = "\t".join(tags)
    last = max((i for i, text in enumerate(lines) if text.strip()), default=start)
    n = 0
    for i in range(start + 1, len(lines)):
        row = lines[i]
        if not row.strip():
            continue
        n, line = n + 1, i + 1
        cells = row.split("\t")
        extra = [c for c in cells[len(tags) :] if c.strip()]  # a trailing tab ends every row: no cell
        if len(cells) < len(tags) or extra:
            cut = len(cells) < len(tags) and i == last
            why = f"Web of Science row {n} at line {line} has {len(cells)} cells for {len(tags)} columns" + (
                " (the file was cut off)" if cut else ""
            )
            out.rejects.append(_reject(source, line, why, row, "cut_off" if cut else "bad_record", n, tags, cells))
            continue
        try:
            fields = _read(header, row)
        except (ValueError, StopIteration, csv.Error) as e:  # never a traceback: the row is the reject
            why = f"Web of Science row {n} at line {line} does not read: {e}"
            out.rejects.append(_reject(source, line, why, row, "bad_syntax", n, tags, cells))
            continue
        title = flat_text(fields, "TI")
        if not title:
            why = f"Web of Science row {n} at line {line} has no title (TI)"
            out.rejects.append(_reject(source, line, why, row, "bad_entry", n, tags, cells))
            continue
        out.records.append(make_record(source, line, n, fields, title, out.page.notes))
    if n == 0:
        out.rejects.append(
            reject(source, start + 1, "a Web of Science header row without any record", [header], "no_listing")
        )
    return out


def _reject(
    source: str, line: int, why: str, row: str, code: str, n: int, tags: list[str], cells: list[str]
) -> Rejected:
    bad = reject(source, line, why, [row], code)
    ut = cells[tags.index("UT")].strip() if "UT" in tags and tags.index("UT") < len(cells) else ""
    bad.locator = ut or f"record {n}"
    return bad
