"""RIS exports (Scopus, EndNote, Zotero, Mendeley, PubMed …), read with rispy.

rispy reads tags and values but drops, without a word, a record that lacks its closing
`ER` line and any text between records. So the file is first cut at rispy's own
`TY`/`ER` tag lines, each record handed to rispy alone: a record cut off (the file ends,
or a new `TY` starts, before `ER`) and stray text between records each become a reject
with their line, and every other record is still read.

Names: RIS prints "Last, First" or "Last, First, Suffix" ("Thompson, F.R., III"); they come
out "First Last Suffix" ("F.R. Thompson III"), in the case the source printed them
("HUTTO, R.L." -> "R.L. HUTTO"): changing case would guess at names like "DellaSala".
"""

from __future__ import annotations

import re
from itertools import islice

import rispy
from rispy.config import LIST_TYPE_TAGS, TAG_KEY_MAPPING
from rispy.parser import RisParser

from kg.extract.addresses import organisation
from kg.extract.base import Context, InputFormat, reject
from kg.extract.text import arxiv_volume, is_et_al, is_no_author, iso_day, tagged_blocks
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "ris"

_TAGS = RisParser()
# "2020", "2020/05/17", "2020/05/17/note", "2020///", "2020-05-17".
DATE_RE = re.compile(r"^\s*(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2})(?:/(.*))?)?)?")
# Web of Science's RIS leaves out the line break after some values, gluing the next tag on
# ("…Sydney, NSW, AustraliaAD  - CSIRO, Data61, …", "…(ESCI)AN  - WOS:000751704800005"): the tag is put
# back on a line of its own (Scopus does it too: "…Accessed Oct 2014A4  - …"). Only tags RIS defines,
# and those Web of Science adds, are split off: "CO2  - " in an abstract is no tag.
WOS_TAGS = ("WE", "J9", "JI", "PU", "PI", "PA", "FU", "FX", "CP", "CL", "CT", "ED", "GP")
GLUED_TAG_RE = re.compile(rf"(?<=\S)(?=(?:{'|'.join(sorted({*TAG_KEY_MAPPING, *WOS_TAGS}))})  - )")
# Web of Science prints DA as its publication date: "2017 OCT 11", or "MAY 6" beside PY 2021.
WOS_DATE_RE = re.compile(r"^\s*(?:(\d{4}) )?([A-Za-z]{3})[A-Za-z]* (\d{1,2})\s*$")
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# rispy's writer (and some exporters) number the records: "1." on a line before "TY".
COUNTER_RE = re.compile(r"^\d+\.$")
# Lines a provider may print before the first TY (EndNote and Ovid headers, "Record #1 of 2").
HEADER_LINES = 8
# Where the journal or book a work appeared in is printed, most specific first.
VENUE_KEYS = ("alternate_title3", "secondary_title", "journal_name", "alternate_title2", "alternate_title1")


def _tag(line: str) -> str | None:
    return _TAGS.parse_line(line)[0]


def sniff(lines: list[str]) -> float:
    """Sure when a `TY  - ` tag opens the file (after at most a few header lines) and `ER` follows."""
    # Lines are cleaned as they are asked for: most files sniffed are answered on their head.
    content = (line.lstrip("\ufeff").rstrip("\r") for line in islice(lines, 5000) if line.strip())
    # Providers print a few lines before the first record ("Record #1 of 2", "Provider: …", "1.").
    head = list(islice(content, HEADER_LINES + 1))
    if "TY" not in [_tag(line) for line in head]:
        return 0.0
    return 0.95 if any(_tag(line) == "ER" for line in (*head, *content)) else 0.7


def _blocks(lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """The file's records from TY to ER (kg.extract.text.tagged_blocks); "1." counters are no strays."""
    return tagged_blocks(lines, _tag, "TY", lambda line, _: bool(COUNTER_RE.match(line.strip())))


def _values(entry: dict, key: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    return [v.strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]


def _first(entry: dict, *keys: str) -> str | None:
    for key in keys:
        values = _values(entry, key)
        if values:
            return values[0]
    return None


def name_first_last(printed: str) -> str:
    """ "Last, First[, Suffix]" as "First Last Suffix"; a name without a comma as printed.

    >>> name_first_last("Thompson, F.R., III"), name_first_last("HUTTO, R.L."), name_first_last("WMO")
    ('F.R. Thompson III', 'R.L. HUTTO', 'WMO')
    """
    parts = [p.strip() for p in printed.split(",")]
    if len(parts) < 2 or not parts[0]:
        return " ".join(printed.split())
    last, first, suffix = parts[0], parts[1], " ".join(p for p in parts[2:] if p)
    return " ".join(" ".join(p for p in (first, last, suffix) if p).split())


def _date(entry: dict) -> tuple[str | None, int | None]:
    """(ISO date when a day is known, year) from DA, PY or Y1."""
    year = None
    for key in ("date", "year", "publication_year"):
        for text in _values(entry, key):
            found = DATE_RE.match(text)
            if not found:
                continue
            y, m, d, note = found.group(1), found.group(2), found.group(3), found.group(4) or ""
            year = year or int(y)
            # EBSCO fills a day it does not know with 01 and prints the cover date after it
            # ("2020/01/01/2020", "1988/03/01/MAR 1988"): the day is known only if that prints it.
            if note.strip() and d and not re.search(rf"(?<!\d)0?{int(d)}(?!\d)", note.replace(y, "")):
                d = None
            day = iso_day(int(y), int(m), int(d)) if m and d else None
            if day:
                return day, int(y)
    for text in _values(entry, "date"):
        wos = WOS_DATE_RE.match(text)
        wos_year = int(wos.group(1)) if wos and wos.group(1) else year
        month = MONTHS.get(wos.group(2).lower()) if wos else None
        day = iso_day(wos_year, month, int(wos.group(3))) if wos and wos_year and month else None
        if day:
            return day, wos_year
    return None, year


def _doi_elsewhere(entry: dict) -> str | None:
    """A DOI some exporters print in another tag (PLOS: "M3  - doi:10…"), only where it is marked as one."""
    unknown = entry.get("unknown_tag") or {}
    values = _values(entry, "type_of_work") + [v for tag in ("L3", "DI") for v in unknown.get(tag, [])]
    for value in values:
        if re.match(r"\s*(doi:|https?://(dx\.)?doi\.org/|10\.\d{4,9}/)", value, re.IGNORECASE):
            return normalize_doi(value)
    return None


def _title(entry: dict) -> str | None:
    """TI or T1; else the book title (BT, CT) or short title (ST) the record prints instead."""
    unknown = entry.get("unknown_tag") or {}
    found = _first(entry, "title", "primary_title")
    found = found or next((v.strip() for tag in ("BT", "CT") for v in unknown.get(tag, []) if v.strip()), None)
    return found or _first(entry, "short_title")


def _not_a_name(printed: str) -> bool:
    """One token carrying a long number is an identifier, not a person: Cochrane CENTRAL prints a
    trial's registry number as its author ("NCT00392093,", "EUCTR2010-024603-26-IT"); "3GPP" stays."""
    token = printed.strip().rstrip(",")
    return " " not in token and "," not in token and re.search(r"\d{5,}", token) is not None


def _is_wos(entry: dict) -> bool:
    """A Web of Science record: its own WE/J9 tags, or a WOS: accession number."""
    unknown = entry.get("unknown_tag") or {}
    return "WE" in unknown or "J9" in unknown or any(a.startswith("WOS:") for a in _values(entry, "accession_number"))


def _wos_group_authors(entry: dict) -> bool:
    """Web of Science prints a proceedings' group author ("IEEE", "Assoc Comp Machinery") as A1 beside
    the paper's AU list: in its records A1 names the book's sponsor, not a writer of the paper."""
    return _is_wos(entry) and bool(_values(entry, "authors"))


def _sole_author_organisations(entry: dict) -> list[dict]:
    """A one-author paper's organisations: every AD address is that author's (with several authors RIS
    does not say whose an address is, and none is read). Web of Science names the organisation first
    ("Univ New South Wales, Fac Art & Design, …"); Scopus and others from the unit up."""
    wos = _is_wos(entry)
    # ProQuest packs an author's addresses in one AD, separated by ";"
    addresses = [part for value in _values(entry, "author_address") for part in value.split(";")]
    names = [organisation(a, first=wos) for a in addresses if a.strip()]
    return [{"name": n} for n in dict.fromkeys(n for n in names if n)]


def _record(source: str, line: int, n: int, entry: dict, title: str, not_names: list[str], groups: list[str]) -> Record:
    first = _values(entry, "first_authors")
    if first and _wos_group_authors(entry):
        groups += [f"{g} (line {line})" for g in first]
        first = []
    printed = [p for p in _values(entry, "authors") + first if not is_no_author(p)]
    truncated = any(is_et_al(p) for p in printed)  # Cochrane prints "AU  -  et al."
    not_names += [f"{p.strip().rstrip(',')} (line {line})" for p in printed if _not_a_name(p)]
    printed = [p for p in printed if not is_et_al(p) and not _not_a_name(p)]
    authors = [name_first_last(p) for p in printed]
    details: list[AuthorInfo] = []
    if any(p != a for p, a in zip(printed, authors)):
        details = [AuthorInfo(raw_name=p) if p != a else AuthorInfo() for p, a in zip(printed, authors)]
    orgs = _sole_author_organisations(entry) if len(authors) == 1 else []
    if orgs:
        details = details or [AuthorInfo()]
        details[0]["affiliations"] = orgs  # type: ignore[typeddict-item]
    urls = _values(entry, "urls")
    doi_text = _first(entry, "doi")
    doi = normalize_doi(doi_text) or next((normalize_doi(u) for u in urls if "doi.org/" in u), None)
    doi = doi or _doi_elsewhere(entry)
    arxiv = arxiv_of_doi(doi) or next((normalize_arxiv(u) for u in urls if "arxiv.org/" in u), None)
    venue = _first(entry, *VENUE_KEYS)
    arxiv = arxiv or normalize_arxiv(arxiv_volume(venue, _first(entry, "volume")))
    identifiers: dict[str, str] = {}
    if urls:
        identifiers["url"] = urls[0]
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    ris_id = _first(entry, "id")
    if ris_id:
        identifiers["ris"] = ris_id
    date, year = _date(entry)
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=_first(entry, "abstract"),
        authors=authors,
        authors_truncated=truncated,
        date=date,
        year=None if date else year,
        venue=venue,
        arxiv_id=arxiv[0] if arxiv else None,
        doi=doi,
        identifiers=identifiers,
        entry_type=_first(entry, "type_of_reference"),
        author_details=details,
        locator=ris_id or f"record {n}",
    )


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    lines = [line.rstrip("\r") for line in lines]
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    n = 0
    not_names: list[str] = []
    groups: list[str] = []
    for kind, start, block in _blocks(lines):
        line = start + 1
        if kind == "stray":
            _stray(source, line, block, out)
            continue
        n += 1
        if kind == "cut_off":
            why = f"RIS record {n} at line {line} has no closing ER line (the file or record was cut off)"
            bad = reject(source, line, why, block, "cut_off")
            bad.locator = f"record {n}"
            out.rejects.append(bad)
            continue
        try:
            text = GLUED_TAG_RE.sub("\n", "\n".join(block))
            entries = rispy.loads(text, enforce_list_tags=False, list_tags=[*LIST_TYPE_TAGS, "AD"])
        except Exception as e:  # rispy on a malformed record: that record is the reject, never a traceback
            entries, error = [], f": {e}"
        else:
            error = ""
        title = _title(entries[0]) if entries else None
        if not entries or not title:
            why = f"RIS record {n} at line {line} " + ("has no title (TI/T1)" if entries else f"does not read{error}")
            bad = reject(source, line, why, block, "bad_entry" if entries else "bad_syntax")
            bad.locator = f"record {n}"
            out.rejects.append(bad)
            continue
        out.records.append(_record(source, line, n, entries[0], " ".join(title.split()), not_names, groups))
    if groups:
        shown = ", ".join(groups[:3]) + (" …" if len(groups) > 3 else "")
        out.page.notes.append(
            f"{len(groups)} Web of Science group authors (A1) of a proceedings are not authors: {shown}"
        )
    if not_names:
        shown = ", ".join(not_names[:3]) + (" …" if len(not_names) > 3 else "")
        out.page.notes.append(
            f"{len(not_names)} author fields hold an identifier, not a name, and are left out: {shown}"
        )
    return out


def _stray(source: str, line: int, block: list[str], out: Extraction) -> None:
    """Text between records: tagged lines are a record that lost its TY line (a reject);
    untagged lines are the provider's headers and footers (counted and noted, like chrome)."""
    if any(_tag(text) for text in block):
        why = f"RIS tags at line {line} outside any record (no TY line opens them)"
        out.rejects.append(reject(source, line, why, block, "bad_record"))
        return
    out.page.chrome_lines += sum(1 for text in block if text.strip())
    out.page.notes.append(f"line {line}: text outside the records not read: {block[0].strip()[:80]}")


def render(records: list[Record], page: Page | None = None) -> str:
    """RIS for records, written by rispy (tests read it back); names as "Last, First"."""
    entries = []
    for r in records:
        entry: dict = {"type_of_reference": r.entry_type or "JOUR", "title": r.title}
        names = [(a.rsplit(" ", 1)[1] + ", " + a.rsplit(" ", 1)[0]) if " " in a else a for a in r.authors]
        if names:
            entry["authors"] = names
        if r.date or r.year:
            entry["date" if r.date else "year"] = r.date.replace("-", "/") if r.date else str(r.year)
        if r.venue:
            entry["secondary_title"] = r.venue
        if r.doi:
            entry["doi"] = r.doi
        if r.abstract:
            entry["abstract"] = r.abstract
        entries.append(entry)
    return rispy.dumps(entries)


FORMAT = InputFormat(
    name=NAME,
    description="RIS export (.ris): Scopus, EndNote, Zotero; repeated tags, 'Last, First, Suffix' names",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=20,
    kind="export",
)
