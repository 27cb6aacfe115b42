"""PubMed's own export, the MEDLINE text format ("PubMed format": `pubmed-….nbib`, `pubmed_result.txt`,
E-utilities' `rettype=medline`), read with Biopython's Bio.Medline.

Records are separated by blank lines and open with `PMID- `; a field is a tag padded to four
characters, "- " and its value; wrapped lines are indented by six spaces. Bio.Medline gives each tag's
values in order but not the order of the tags. That order says whose an affiliation (AD) or an
ORCID (AUID) is: each follows its author's FAU/AU lines. So the tags' order is read here from the
record's lines, and the k-th value of a tag is taken from Bio.Medline.

- Names from FAU ("Dong, XinQi") as "First Last"; records from before 2002 print only AU
  ("Kane DW"), read as "D. W. Kane". CN (a group: "COVID-19 Genomics UK Consortium") and the
  investigators (IR/FIR) are not authors.
- AD lines before the first author are one address for the whole paper (records before 2014):
  the sole author's on a one-author paper, else not read (whose it is would be a guess).
  "Electronic address: …", e-mail addresses and "1 "/"[2]" numbering are dropped.
- The date has a day only when DP prints one ("2018 Jul 24"; "2018 Jan-Dec" and "2018 Jun" give
  the year). The DOI from AID or LID "[doi]", the PMID and PMC ids as identifiers.
"""

from __future__ import annotations

import re
from itertools import islice

from Bio import Medline

from kg.extract.addresses import organisation
from kg.extract.base import Context, InputFormat, reject
from kg.extract.ris import MONTHS, name_first_last
from kg.extract.text import is_no_author, iso_day
from kg.identifiers import normalize_doi, normalize_orcid
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record, Rejected

NAME = "medline"

# A field's first line: the tag padded with spaces to four characters, then "- ".
TAG_RE = re.compile(r"^(?=[A-Z0-9 ]{4}- )([A-Z][A-Z0-9]{1,3}) *- ")
CONTINUED = " " * 6
# Tags of the people a record lists who are not its authors (investigators).
INVESTIGATOR_TAGS = {"IR", "FIR", "IRAD"}
# DP, the publication date: "2018 Jul 24", "2018 Jul", "2018 Jan-Dec", "2018 Spring", "2018".
DP_RE = re.compile(r"^(\d{4})(?:\s+([A-Za-z]{3})[a-z]*(?:\s+(\d{1,2})(?!\d|-))?)?")
# An AU name: surname, then initials in capitals, then perhaps a suffix ("Jenkins FA Jr").
AU_RE = re.compile(r"^(?P<last>.+?)\s+(?P<initials>[A-Z]{1,4})(?:\s+(?P<suffix>Jr|Sr|2nd|3rd|4th|II|III|IV))?$")
EMAIL_RE = re.compile(r"(?:Electronic address:\s*)?\S+@\S+", re.IGNORECASE)
# "1 Department of …", "1] Department … [2] Department …" (a numbering some records keep).
NUMBERED_RE = re.compile(r"(?:^|\s)\[?\d{1,2}\]\s*|^\d{1,2}\s+(?=[A-Z])")
# Titles of non-English papers are printed in brackets: "[Effect of X on Y]."
BRACKETED_RE = re.compile(r"^\[(.*)\]\.?$")
NOT_AVAILABLE = {"[not available].", "[not available]", "not available"}
HEAD_LINES = 200


def _tag(line: str) -> str | None:
    found = TAG_RE.match(line)
    return found.group(1) if found else None


def sniff(lines: list[str]) -> float:
    """Sure when the first line that holds anything is `PMID- <number>`; fairly sure on MEDLINE tag
    lines with a title and authors, and none of RIS's TY/ER."""
    # Only the head is read (HEAD_LINES of the first 5000 lines that hold anything).
    content = list(
        islice((line.lstrip("\ufeff").rstrip("\r") for line in islice(lines, 5000) if line.strip()), HEAD_LINES)
    )
    if not content:
        return 0.0
    if re.match(r"PMID- \d+\s*$", content[0]):
        return 0.97
    tags = {_tag(line) for line in content[:HEAD_LINES]}
    if {"TY", "ER"} & tags or "TI" not in tags or not {"FAU", "AU"} & tags:
        return 0.0
    return 0.8 if {"PMID", "DP", "SO"} & tags else 0.0


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first index, lines) of each record: from a tag line after a blank line (or a PMID line)
    to the next blank line."""
    out: list[tuple[int, list[str]]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if not line.strip():
            if start is not None:
                out.append((start, lines[start:i]))
                start = None
        elif start is None or (_tag(line) == "PMID" and i > start):
            if start is not None:
                out.append((start, lines[start:i]))
            start = i
    if start is not None:
        out.append((start, lines[start:]))
    return out


def _fields(block: list[str], line: int, notes: list[str]) -> tuple[Medline.Record, list[str]]:
    """Bio.Medline's fields of one record, and its tags in the order printed (text under no tag noted)."""
    kept: list[str] = []
    order: list[str] = []
    for offset, text in enumerate(block):
        tag = _tag(text)
        if tag:
            order.append(tag)
        elif not (text.startswith(CONTINUED) and kept):
            notes.append(f"line {line + offset}: text under no tag is not read: {text.strip()[:80]}")
            continue
        kept.append(text + "\n")
    return Medline.read(kept), order


def _clean_title(value: str | None) -> str | None:
    if not value:
        return None
    title = " ".join(value.split())
    if title.casefold() in NOT_AVAILABLE:
        return None
    bracketed = BRACKETED_RE.match(title)
    if bracketed:
        title = bracketed.group(1)
    return title[:-1] if title.endswith(".") else title


def au_name(printed: str) -> str:
    """ "Kane DW" as "D. W. Kane"; "Jenkins FA Jr" as "F. A. Jenkins Jr"; anything else as printed."""
    found = AU_RE.match(" ".join(printed.split()))
    if not found:
        return " ".join(printed.split())
    initials = " ".join(f"{c}." for c in found.group("initials"))
    return " ".join(p for p in (initials, found.group("last"), found.group("suffix")) if p)


def addresses(value: str) -> list[str]:
    """The addresses one AD line holds: numbering, e-mail addresses and "Electronic address:" dropped,
    several addresses ("…, USA; Department of …" or "[2] …") split."""
    text = EMAIL_RE.sub("", " ".join(value.split()))
    parts = [p for chunk in NUMBERED_RE.split(text) for p in chunk.split("; ")]
    return [p.strip(" .;,") for p in parts if p.strip(" .;,")]


def _people(fields: Medline.Record, order: list[str]) -> tuple[list[str], list[AuthorInfo], list[str]]:
    """(names, details, addresses of the whole paper): authors in printed order, each with the
    ORCID and addresses printed after it."""
    seen = {tag: 0 for tag in ("FAU", "AU", "AUID", "AD")}
    names: list[str] = []
    details: list[AuthorInfo] = []
    addresses_of: list[list[str]] = []
    paper_wide: list[str] = []
    current: int | None = None
    after_full = False  # the current author came from FAU, so the AU that follows is the same person
    for tag in order:
        if tag in INVESTIGATOR_TAGS or tag == "CN":
            current, after_full = None, False
            continue
        if tag not in seen:
            continue
        values = fields.get(tag, [])
        k = seen[tag]
        seen[tag] += 1
        value = values[k] if isinstance(values, list) and k < len(values) else None
        if not value:
            continue
        if tag == "FAU" or (tag == "AU" and not after_full):
            current, after_full = len(names), tag == "FAU"
            name = name_first_last(value) if tag == "FAU" else au_name(value)
            names.append(name)
            details.append(AuthorInfo(raw_name=value) if name != value else AuthorInfo())
            addresses_of.append([])
        elif tag == "AU":
            after_full = False  # the FAU's abbreviated form: the next AU is a new author
        elif tag == "AUID" and current is not None:
            orcid = normalize_orcid(value.removeprefix("ORCID:").strip()) if value.startswith("ORCID") else None
            if orcid:
                details[current]["orcid"] = orcid
        elif tag == "AD":
            (addresses_of[current] if current is not None else paper_wide).append(value)
    kept = [i for i, name in enumerate(names) if not is_no_author(name)]
    names, details = [names[i] for i in kept], [details[i] for i in kept]
    addresses_of = [addresses_of[i] for i in kept]
    if paper_wide and len(names) == 1 and not addresses_of[0]:
        addresses_of[0], paper_wide = paper_wide, []
    for info, lines in zip(details, addresses_of):
        orgs = [organisation(a) for line in lines for a in addresses(line)]
        if orgs := [Affiliation(name=n) for n in dict.fromkeys(n for n in orgs if n)]:
            info["affiliations"] = orgs
    return names, details, paper_wide


def _date(fields: Medline.Record) -> tuple[str | None, int | None]:
    found = DP_RE.match(str(fields.get("DP", "")).strip())
    if not found:
        return None, None
    year = int(found.group(1))
    month = MONTHS.get((found.group(2) or "").lower())
    day = iso_day(year, month, int(found.group(3))) if month and found.group(3) else None
    return day, (None if day else year)


def _doi(fields: Medline.Record) -> str | None:
    for tag in ("AID", "LID"):
        values = fields.get(tag, [])
        for value in [values] if isinstance(values, str) else values:
            if value.strip().endswith("[doi]"):
                doi = normalize_doi(value.strip().removesuffix("[doi]").strip())
                if doi:
                    return doi
    return None


def _text(fields: Medline.Record, tag: str) -> str | None:
    value = fields.get(tag)
    value = " ".join(value) if isinstance(value, list) else value
    return (" ".join(value.split()) or None) if value else None


def make_record(
    source: str, line: int, n: int, fields: Medline.Record, order: list[str], title: str, notes: list[str]
) -> Record:
    names, details, paper_wide = _people(fields, order)
    if paper_wide:
        notes.append(f"line {line}: {len(paper_wide)} address(es) of the whole paper, whose is not said: not read")
    identifiers: dict[str, str] = {}
    for tag, key in (("PMID", "pmid"), ("PMC", "pmcid")):
        value = _text(fields, tag)
        if value:
            identifiers[key] = value
    kinds = fields.get("PT", [])
    date, year = _date(fields)
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=_text(fields, "AB"),
        authors=names,
        date=date,
        year=year,
        venue=_text(fields, "JT") or _text(fields, "TA"),
        doi=_doi(fields),
        identifiers=identifiers,
        entry_type=kinds[0] if kinds else None,
        author_details=details if any(details) else [],
        locator=f"PMID {identifiers['pmid']}" if "pmid" in identifiers else f"record {n}",
    )


def _title(fields: Medline.Record) -> str | None:
    return _clean_title(_text(fields, "TI")) or _clean_title(_text(fields, "BTI")) or _clean_title(_text(fields, "TT"))


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    lines = [line.rstrip("\r") for line in lines]
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    for n, (start, block) in enumerate(_blocks(lines), 1):
        line = start + 1
        if _tag(block[0]) is None:
            why = f"line {line}: text outside any MEDLINE record (a record opens with a tag such as PMID- )"
            out.rejects.append(reject(source, line, why, block, "bad_syntax"))
            continue
        try:
            fields, order = _fields(block, line, out.page.notes)
        except (ValueError, KeyError, IndexError) as e:  # never a traceback: the record is the reject
            out.rejects.append(_reject(source, line, f"MEDLINE record {n} at line {line} does not read: {e}", block))
            continue
        title = _title(fields)
        if not title:
            why = f"MEDLINE record {n} at line {line} has no title (TI)"
            out.rejects.append(_reject(source, line, why, block, "bad_entry"))
            continue
        out.records.append(make_record(source, line, n, fields, order, title, out.page.notes))
    if not out.records and not out.rejects:
        out.rejects.append(reject(source, 1, "a MEDLINE file without any record", lines[:20], "no_listing"))
    return out


def _reject(source: str, line: int, why: str, block: list[str], code: str = "bad_syntax") -> Rejected:
    bad = reject(source, line, why, block, code)
    pmid = next((t[6:].strip() for t in block if t.startswith("PMID- ")), None)
    bad.locator = f"PMID {pmid}" if pmid else None
    return bad


FORMAT = InputFormat(
    name=NAME,
    description="PubMed MEDLINE export (.nbib, pubmed_result.txt): FAU/AU authors with their AD and ORCID",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
