"""Web of Science plain-text exports ("savedrecs.txt", the file VOSviewer and bibliometrix read), read
with wosfile; its tab-delimited export is read by kg.extract.wos_tab under this format's name.

The file is `FN …` and `VR 1.0`, then records from a `PT` line to an `ER` line, each field a
two-character tag and its value, wrapped lines indented by three spaces; `EF` ends the file.
wosfile reads a whole file and stops at the first fault (a record without `ER` loses every record
after it) and gives no line numbers. So the file is first cut at the `PT`/`ER` lines here, each
record handed to wosfile's PlainTextReader alone: a record cut off (the file ends, or a new `PT`
starts, before `ER`) becomes a reject with its line, and every other record is still read.

Names come from AF ("Bruna, Emilio M.", full names) and else AU ("Bruna, EM"), as "First Last".
C1 lines say whose each address is ("[Bin, Xin; Thakur, Jagruti] KTH Royal Inst Technol, Dept …");
the organisation is the address's first part. C1 lines without names belong to the author of a
one-author paper; on a paper with several authors they are not read (whose they are would be a
guess). RP (the reprint address) repeats an address and is not read. ORCIDs come from OI
("Bruna, Emilio/0000-0003-3381-8477"), matched to the names as in Web of Science BibTeX.
"""

from __future__ import annotations

import io
import re
import warnings
from itertools import islice

import wosfile

from kg.extract.addresses import organisation
from kg.extract.base import Context, InputFormat, reject
from kg.extract.bibtex import wos_orcids
from kg.extract.ris import MONTHS, WOS_DATE_RE, name_first_last
from kg.extract.text import is_no_author, iso_day, tagged_blocks
from kg.identifiers import normalize_doi
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record, Rejected

NAME = "wos"

# A field's first line: a two-character tag, then its value after one space (or nothing).
TAG_RE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
# Lines of the file's own frame, outside any record: format name, version, end of file.
FRAME_TAGS = ("FN", "VR", "EF")
# Inline markup Web of Science prints in titles and abstracts ("<i>Tropical</i> Biology").
MARKUP_RE = re.compile(r"</?(?:i|b|em|strong|sub|sup|scp|u)>", re.IGNORECASE)
# PT, the publication type, where DT (the document type: "Article", "Proceedings Paper") is absent.
PUBLICATION_TYPES = {"J": "journal", "B": "book", "S": "series", "P": "patent", "C": "conference"}
HEADER = "FN Clarivate Analytics Web of Science"
# Lines sniffed for a first record when the FN/VR header is missing (a file joined or cut by hand).
HEAD_LINES = 5


def _tag(line: str) -> str | None:
    found = TAG_RE.match(line)
    return found.group(1) if found else None


def sniff(lines: list[str]) -> float:
    """Sure on the FN/VR header or a tab-delimited header row; fairly sure on a `PT` record with
    AU/TI lines that `ER` closes."""
    from kg.extract import wos_tab  # it builds on this module's records

    tab = wos_tab.sniff(lines)
    if tab:
        return tab
    # Lines are cleaned as they are asked for: most files sniffed are answered on their head.
    rest = (line.lstrip("\ufeff").rstrip("\r") for line in islice(lines, 5000) if line.strip())
    content = list(islice(rest, max(HEAD_LINES, 200)))
    if len(content) >= 2 and content[0].startswith("FN ") and re.match(r"VR \d", content[1]):
        return 0.97
    head = [_tag(line) for line in content[:HEAD_LINES]]
    if "PT" not in head:
        return 0.0
    tags = {_tag(line) for line in content[:200]}
    if not {"AU", "AF", "TI"} & tags:
        return 0.0
    return 0.9 if any(line.rstrip() == "ER" for line in (*content, *rest)) else 0.7


def _blocks(lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """The file's records from PT to ER (kg.extract.text.tagged_blocks); the FN/VR/EF frame is no stray."""
    return tagged_blocks(lines, lambda line: _tag(line.rstrip()), "PT", lambda _, tag: tag in FRAME_TAGS)


def _for_wosfile(block: list[str], line: int, notes: list[str]) -> str:
    """A record as wosfile reads it: framed by FN/VR and EF, a tag printed with no value given its
    wrapped value (wosfile splits every tag line into tag and value), text under no tag noted."""
    kept: list[str] = []
    for offset, text in enumerate(block):
        text = text.rstrip()
        if not text:
            continue
        if text.startswith("  "):
            if kept and kept[-1] != "ER" and len(kept[-1]) == 2:  # "DE" alone, its value wrapped
                kept[-1] = f"{kept[-1]} {text.strip()}"
            elif kept:
                kept.append(text)
            continue
        if not TAG_RE.match(text):
            notes.append(f"line {line + offset}: text under no tag is not read: {text[:80]}")
            continue
        kept.append(text)
    kept = [t for t in kept if len(t) > 2 or t == "ER"]  # a tag with no value holds nothing
    return "\n".join([HEADER, "VR 1.0", *kept, "EF", ""])


def _read(text: str) -> wosfile.Record:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # wosfile warns on tags it does not list (new ones appear)
        return wosfile.Record(next(wosfile.PlainTextReader(io.StringIO(text))))


def _values(fields: wosfile.Record, tag: str) -> list[str]:
    value = fields.get(tag)
    values = value if isinstance(value, list) else [value] if value else []
    return [" ".join(v.split()) for v in values if v and v.strip()]


def _first(fields: wosfile.Record, tag: str) -> str | None:
    values = _values(fields, tag)
    return values[0] if values else None


def flat_text(fields: wosfile.Record, tag: str) -> str | None:
    """A title or abstract with its inline markup flattened."""
    value = _first(fields, tag)
    if not value:
        return None
    return " ".join(MARKUP_RE.sub("", value).split()) or None


def _date(fields: wosfile.Record) -> tuple[str | None, int | None]:
    """(ISO date when PD prints a day, year from PY). PD's own year (early access: "2025 MAR 19")
    gives the day only when PY agrees or is absent."""
    year_text = _first(fields, "PY")
    year = int(year_text) if year_text and year_text.isdigit() else None
    # PD, the publication date: "MAY 4" beside PY, "2024 OCT 9" (early access); "MAR", "SPR" name no day.
    found = WOS_DATE_RE.match(_first(fields, "PD") or "")
    if not found:
        return None, year
    printed = int(found.group(1)) if found.group(1) else None
    if printed and year and printed != year:
        return None, year
    day_year = printed or year
    month = MONTHS.get(found.group(2).lower())
    day = iso_day(day_year, month, int(found.group(3))) if day_year and month else None
    return day, (None if day else year)


def _affiliations(fields: wosfile.Record, printed: list[str], line: int, notes: list[str]) -> list[list[Affiliation]]:
    """Each printed author's organisations from C1, where it says whose an address is."""
    out: list[list[Affiliation]] = [[] for _ in printed]
    c1 = fields.get("C1")
    if not c1 or not printed:
        return out
    try:
        parsed = wosfile.parse_address_field(c1)
    except ValueError as e:
        notes.append(f"line {line}: C1 addresses do not read, none taken: {e}")
        return out
    if isinstance(parsed, list):  # addresses naming nobody: the sole author's, else unread
        whose = {0: parsed} if len(printed) == 1 else {}
    else:
        keys = [" ".join(p.split()).casefold() for p in printed]
        whose = {}
        unknown = []
        for name, addresses in parsed.items():
            key = " ".join(name.split()).casefold()
            if keys.count(key) == 1:
                whose.setdefault(keys.index(key), []).extend(addresses)
            else:  # a group author ("ATLAS Collaboration"), or a name two authors print
                unknown.append(name)
        if unknown:
            shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
            why = "C1 names that are not one author of the record (addresses not read)"
            notes.append(f"line {line}: {len(unknown)} {why}: {shown}")
    for i, addresses in whose.items():
        names = [organisation(a, first=True) for a in addresses]
        out[i] = [Affiliation(name=n) for n in dict.fromkeys(n for n in names if n)]
    return out


def make_record(source: str, line: int, n: int, fields: wosfile.Record, title: str, notes: list[str]) -> Record:
    printed = [p for p in _values(fields, "AF") or _values(fields, "AU") if not is_no_author(p)]
    authors = [name_first_last(p) for p in printed]
    details = [AuthorInfo(raw_name=p) if p != a else AuthorInfo() for p, a in zip(printed, authors)]
    for info, orgs in zip(details, _affiliations(fields, printed, line, notes)):
        if orgs:
            info["affiliations"] = orgs
    orcids = wos_orcids("\n".join(_values(fields, "OI")), printed) if printed else []
    for info, orcid in zip(details, orcids):
        if orcid:
            info["orcid"] = orcid
    identifiers: dict[str, str] = {}
    for tag, key in (("UT", "wos"), ("PM", "pmid"), ("SN", "issn"), ("EI", "eissn")):
        value = _first(fields, tag)
        if value:
            identifiers[key] = value
    kinds = _first(fields, "DT")
    pt = (_first(fields, "PT") or "").upper()
    date, year = _date(fields)
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=flat_text(fields, "AB"),
        authors=authors,
        date=date,
        year=year,
        venue=_first(fields, "SO"),
        doi=normalize_doi(_first(fields, "DI") or ""),
        identifiers=identifiers,
        entry_type=kinds.split(";")[0].strip() if kinds else PUBLICATION_TYPES.get(pt),
        author_details=details if any(details) else [],
        locator=identifiers.get("wos") or f"record {n}",
    )


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    from kg.extract import wos_tab

    if wos_tab.sniff(lines):
        return wos_tab.extract(source, lines, ctx)
    out = Extraction(page=Page(source=source, layout=NAME))
    lines = [line.rstrip("\r") for line in lines]
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    n = 0
    for kind, start, block in _blocks(lines):
        line = start + 1
        if kind == "stray":
            _stray(source, line, block, out)
            continue
        n += 1
        if kind == "cut_off":
            why = f"Web of Science record {n} at line {line} has no closing ER line (the file or record was cut off)"
            out.rejects.append(_reject(source, line, why, block, "cut_off", n))
            continue
        try:
            fields = _read(_for_wosfile(block, line, out.page.notes))
        except (wosfile.ReadError, ValueError, StopIteration) as e:  # never a traceback: the record is the reject
            why = f"Web of Science record {n} at line {line} does not read: {e}"
            out.rejects.append(_reject(source, line, why, block, "bad_syntax", n))
            continue
        title = flat_text(fields, "TI")
        if not title:
            why = f"Web of Science record {n} at line {line} has no title (TI)"
            out.rejects.append(_reject(source, line, why, block, "bad_entry", n))
            continue
        out.records.append(make_record(source, line, n, fields, title, out.page.notes))
    if n == 0 and not out.rejects:  # a header (or chrome) and no record: say so rather than nothing
        why = "a Web of Science file without any PT … ER record"
        out.rejects.append(reject(source, 1, why, lines[:20], "no_listing"))
    return out


def _reject(source: str, line: int, why: str, block: list[str], code: str, n: int) -> Rejected:
    bad = reject(source, line, why, block, code)
    bad.locator = next((t[3:].strip() for t in block if t.startswith("UT ")), None) or f"record {n}"
    return bad


def _stray(source: str, line: int, block: list[str], out: Extraction) -> None:
    """Text between records: tagged lines are a record that lost its PT line (a reject);
    other lines are counted and noted, like a page's chrome."""
    if any(_tag(text.rstrip()) for text in block):
        why = f"Web of Science tags at line {line} outside any record (no PT line opens them)"
        out.rejects.append(reject(source, line, why, block, "bad_record"))
        return
    out.page.chrome_lines += sum(1 for text in block if text.strip())
    out.page.notes.append(f"line {line}: text outside the records not read: {block[0].strip()[:80]}")


def _last_first(name: str) -> str:
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}" if first else name


def render(records: list[Record], page: Page | None = None) -> str:
    """Web of Science plain text for records (tests read it back): names as "Last, First" in AF."""
    out = [HEADER, "VR 1.0"]
    codes = {kind: code for code, kind in PUBLICATION_TYPES.items()}
    for r in records:
        out.append(f"PT {codes.get(r.entry_type or '', 'J')}")
        if r.authors:
            out += [("AF " if i == 0 else "   ") + _last_first(a) for i, a in enumerate(r.authors)]
        out.append(f"TI {r.title}")
        if r.venue:
            out.append(f"SO {r.venue}")
        if r.entry_type and r.entry_type not in codes:
            out.append(f"DT {r.entry_type}")
        if r.abstract:
            out.append(f"AB {r.abstract}")
        if r.date:
            year, month, day = (int(p) for p in r.date.split("-"))
            out += [f"PD {list(MONTHS)[month - 1].upper()} {day}", f"PY {year}"]
        elif r.year:
            out.append(f"PY {r.year}")
        if r.doi:
            out.append(f"DI {r.doi}")
        if r.identifiers.get("wos"):
            out.append(f"UT {r.identifiers['wos']}")
        out += ["ER", ""]
    out.append("EF")
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="Web of Science export (savedrecs.txt), plain text (PT … ER records) or tab-delimited",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=20,
    kind="export",
)
