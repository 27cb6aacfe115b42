"""Lens.org scholarly works exported as CSV (`lens-export.csv`, which VOSviewer reads): a header
row of column names ("Lens ID", "Title", "Date Published", "Publication Year", "Publication Type",
"Source Title", "Author/s", "Abstract", … "DOI"; the user picks which), then one record a row. Rows
are read by kg.extract.csv_rows: a bad row costs only itself, each record keeps its file line.

"Author/s" prints the names as "First Last", separated by "; "; the export says nothing of
affiliations. Abstracts may be JATS ("<jats:p>…"), read as text. "Date Published" fills a day or
month it does not know with 01 (arXiv preprints of October 2022 are "2022-01-01", and the first of
the month is twice as common as any other day), so a date on the first of a month gives its year
only. Lens's patent export ("Jurisdiction", "Inventors" …) lists no papers and is not read.
"""

from __future__ import annotations

import re

from kg.extract.base import Context, InputFormat
from kg.extract.crossref import jats_text
from kg.extract.csv_rows import Export, Row, header, read_table
from kg.extract.text import is_et_al, is_no_author
from kg.identifiers import arxiv_of_doi, normalize_doi
from kg.model import Extraction, Record

NAME = "lens-csv"

# A header is Lens's scholarly export when it has these columns and one that describes a paper;
# the patent export shares "Lens ID" and "Title" but has its own columns.
NEEDED = {"Lens ID", "Title"}
WORK_COLUMNS = {"Author/s", "Source Title", "Publication Type", "Date Published", "Scholarly Citation Count"}
PATENT_COLUMNS = {"Jurisdiction", "Inventors", "Applicants", "Kind"}
# A cell that holds nothing, in a file R has written again (bibliometrix's test data,
# massimoaria/bibliometrix tests/testthat/fixtures/lens_sample.csv prints PMID NA).
EMPTY = frozenset({"NA"})
LENS = Export(NAME, "Lens.org", "Lens ID, Title …", "Lens ID", EMPTY)
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _header(lines: list[str]) -> tuple[int, list[str]] | None:
    found = header(lines)
    if found is None:
        return None
    names = set(found[1])
    return found if names >= NEEDED and names & WORK_COLUMNS and not names & PATENT_COLUMNS else None


def sniff(lines: list[str]) -> float:
    """Sure on a header row naming Lens's scholarly columns (Lens ID, Title, Author/s …)."""
    return 0.96 if _header(lines) else 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    return read_table(source, lines, LENS, _header(lines), jats_text, _record)


def _date(fields: dict[str, str]) -> tuple[str | None, int | None]:
    """(ISO date when a day is known, else None; the year)."""
    found = DATE_RE.fullmatch(fields.get("Date Published", ""))
    if found and found.group(3) != "01":
        return found.group(0), None
    year = fields.get("Publication Year", "")
    if re.fullmatch(r"\d{4}", year):
        return None, int(year)
    return None, int(found.group(1)) if found else None


def _abstract(value: str | None) -> str | None:
    """The abstract as text. Lens joins JATS parts with "; " ("<title>Abstract</title>; <p>…"): the
    heading goes (kg.extract.crossref.jats_text), so does the "; " it leaves before the text."""
    text = jats_text(value)
    return (text.removeprefix(";").strip() or None) if text else None


def _record(source: str, row: Row, title: str, notes: list[str]) -> Record:
    fields = row.fields
    printed = [p.strip(" ,") for p in fields.get("Author/s", "").split(";")]
    authors = [p for p in printed if p and not is_no_author(p) and not is_et_al(p)]
    doi = normalize_doi(fields.get("DOI"))
    arxiv = arxiv_of_doi(doi)
    date, year = _date(fields)
    identifiers: dict[str, str] = {}
    for column, key in (("Lens ID", "lens"), ("PMID", "pmid"), ("PMCID", "pmcid"), ("External URL", "url")):
        if fields.get(column):
            identifiers[key] = fields[column]
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    return Record(
        source=source,
        line=row.line,
        layout=NAME,
        title=title,
        abstract=_abstract(fields.get("Abstract")),
        authors=authors,
        authors_truncated=any(is_et_al(p) for p in printed),
        date=date,
        year=year,
        venue=fields.get("Source Title"),
        doi=doi,
        arxiv_id=arxiv[0] if arxiv else None,
        identifiers=identifiers,
        entry_type=fields.get("Publication Type"),
        locator=fields.get("Lens ID") or f"record {row.n}",
    )


FORMAT = InputFormat(
    name=NAME,
    description="Lens.org scholarly works CSV export (lens-export.csv): a header row, a record a row",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
