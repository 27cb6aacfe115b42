"""PubMed search results saved as text in its "Abstract" format (Save → Format: Abstract (text),
`pubmed_result.txt` / `abstract-….txt`): numbered records of paragraphs separated by blank lines.

    1. Vet Microbiol. 2018 Nov;226:89-96. doi: 10.1016/j.vetmic.2018.10.001. Epub 2018
    Oct 10.                                                         ← citation: venue, date, DOI
    <blank>
    Efficacy of a modified-live virus vaccine in pigs …             ← title ("[…]." if translated)
    <blank>
    Canelli E(1), Catella A(2), Borghetti P(2), ….                  ← authors, address numbers
    <blank>
    Author information:                                             ← "(n)address" entries
    (1)Department of Veterinary Science, University of Parma, …
    <blank>
    PRRS is one of the main viral diseases …                        ← abstract paragraphs
    <blank>
    DOI: 10.1016/j.vetmic.2018.10.001                               ← identifiers
    PMID: 30389048

Between them may stand "[Article in Italian]", "Collaborators: …" (not authors), "Comment in" /
"Erratum in" notices, "Copyright ©" and "Conflict of interest statement:" paragraphs, none of them
abstract. A record starts at a paragraph "N. " whose N follows the last record's, so an abstract
paragraph that opens "2. " starts nothing. Names are printed as surname and initials ("De Angelis
E") and read as "E. De Angelis"; a group in the list ("ESNIP3 Consortium") is not a person.
Initials tell fewer people apart than full names ("Y. Wang" is many people): the MEDLINE export of
the same results (kg.extract.medline) prints full names, ORCIDs and whose each address is.
"""

from __future__ import annotations

import re
from itertools import islice

from kg.extract.addresses import organisation
from kg.extract.base import Context, InputFormat, reject
from kg.extract.medline import AU_RE, addresses, au_name
from kg.extract.ris import MONTHS
from kg.extract.text import iso_day
from kg.identifiers import normalize_doi
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record

NAME = "pubmed-abstract"

RECORD_RE = re.compile(r"^(\d{1,6})\. (\S.*)$")
# The citation: journal, then its date ("2018 Dec 31", "2018 Nov", "2018;35(4)", "2019 Jan-Feb").
CITATION_RE = re.compile(
    r"^(?P<venue>.+?)\. (?P<year>\d{4})(?: (?P<month>[A-Z][a-z]{2})(?: (?P<day>\d{1,2})(?![\d-]))?)?"
)
DOI_RE = re.compile(r"\bdoi: (10\.\S+?)\.?(?=\s|$)")
ID_RE = re.compile(r"^(DOI|PMCID|PMID|NIHMSID): *(\S+)")
ADDRESS_RE = re.compile(r"^\((\d{1,3})\)")
MARKS_RE = re.compile(r"\((\d{1,3})\)")
# Degrees some journals print after a name's initials ("Johari S MPharm PhD").
DEGREES = frozenset(
    "PhD MD MPharm BPharm PharmD MSc BSc MPH MBBS MBChB DVM RN MS BS MA DDS DMD FRCS FRCP MRCP DrPH ScD MBA "
    "DPhil MPhil MMed".split()
)
# Paragraphs that are neither authors nor abstract.
NOTICE_RE = re.compile(
    r"^(?:(?:Comment|Erratum|Retraction|Partial retraction|Update|Republished|Corrected and republished|Retracted and "
    r"republished|Expression of concern|Reprint|Original report|Summary for patients|Dataset use reported|Dataset "
    r"described) (?:in|on|for|of|from)\s*$|Collaborators:|Conflict of interest statement:|Copyright"
    r"|©|\[Article in |\[This corrects |Investigators:)"
)


def sniff(lines: list[str]) -> float:
    """Sure when the first text is a numbered citation with a year and a `PMID: ` line follows."""
    # Only the head is read: 200 of the first 400 lines that hold anything.
    content = list(islice((line.lstrip("\ufeff").strip() for line in islice(lines, 400) if line.strip()), 200))
    if not content or not RECORD_RE.match(content[0]) or not _is_citation(" ".join(content[:3])):
        return 0.0
    return 0.9 if any(re.match(r"PMID: \d+", line) for line in content[:200]) else 0.0


def _is_citation(text: str) -> bool:
    """Whether "N. …" is a citation: a journal (no colon, as a structured abstract's "2. METHODS:" has),
    a full stop, its year."""
    found = RECORD_RE.match(text)
    cited = CITATION_RE.match(found.group(2)) if found else None
    return bool(cited) and ":" not in cited.group("venue") and len(cited.group("venue")) <= 200


def _paragraphs(lines: list[str]) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            start = i if start is None else start
        elif start is not None:
            out.append((start, [t.strip() for t in lines[start:i]]))
            start = None
    return out


def _records(paragraphs: list[tuple[int, list[str]]]) -> tuple[list[list[tuple[int, list[str]]]], list]:
    """The paragraphs of each record, and those before the first."""
    records: list[list[tuple[int, list[str]]]] = []
    before: list[tuple[int, list[str]]] = []
    expected: int | None = None
    for paragraph in paragraphs:
        found = RECORD_RE.match(paragraph[1][0])
        # A long journal name pushes the year to the citation's next line
        if found and (expected is None or int(found.group(1)) == expected) and _is_citation(_joined(paragraph[1])):
            records.append([paragraph])
            expected = int(found.group(1)) + 1
        elif records:
            records[-1].append(paragraph)
        else:
            before.append(paragraph)
    return records, before


def _joined(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _without_degrees(name: str) -> str:
    """The name without degrees printed after its initials; "Smith MS" keeps MS, its initials."""
    tokens = name.split()
    k = 0
    while k < len(tokens) and tokens[-1 - k] in DEGREES:
        k += 1
    if k and len(tokens) - k >= 2 and re.fullmatch(r"[A-Z]{1,4}", tokens[-1 - k]):
        tokens = tokens[:-k]
    return " ".join(tokens)


def _is_author_list(text: str) -> bool:
    items = [i.strip() for i in re.split(r"[,;]", text.rstrip(".")) if i.strip()]
    people = [i for i in items if AU_RE.match(_without_degrees(MARKS_RE.sub("", i)))]
    return bool(items) and len(people) * 2 >= len(items)


def _authors(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(names, each one's address numbers, printed forms) of the people in an author list."""
    names: list[str] = []
    marks: list[list[str]] = []
    printed: list[str] = []
    for item in re.split(r"[,;]", text.rstrip(".")):
        bare = _without_degrees(MARKS_RE.sub("", item))
        if not bare or not AU_RE.match(bare):
            continue  # a group ("ESNIP3 Consortium") is no person
        names.append(au_name(bare))
        marks.append(MARKS_RE.findall(item))
        printed.append(bare)
    return names, marks, printed


def _address_book(lines: list[str]) -> dict[str, str]:
    """Author information's entries by number; one without a number under "0"."""
    book: dict[str, list[str]] = {}
    key = "0"
    for line in lines[1:]:
        found = ADDRESS_RE.match(line)
        if found:
            key = found.group(1)
            line = line[found.end() :]
        book.setdefault(key, []).append(line)
    return {k: _joined(v) for k, v in book.items()}


def _record(source: str, n: int, paragraphs: list[tuple[int, list[str]]]) -> Record | None:
    line = paragraphs[0][0] + 1
    citation = _joined(paragraphs[0][1])
    citation = RECORD_RE.match(citation).group(2)
    rest = list(paragraphs[1:])
    title_lines = rest.pop(0)[1] if rest else []
    title = _joined(title_lines)
    if title.startswith("[") and title.endswith("]."):
        title = title[1:-2]
    title = title[:-1] if title.endswith(".") else title
    if not title:
        return None
    names: list[str] = []
    marks: list[list[str]] = []
    printed: list[str] = []
    book: dict[str, str] = {}
    identifiers: dict[str, str] = {}
    abstract: list[str] = []
    for _, whole in rest:
        # The identifiers may follow the abstract's last line with no blank line between
        cut = len(whole)
        while cut > 0 and ID_RE.match(whole[cut - 1]):
            cut -= 1
        for t in whole[cut:]:
            kind, value = ID_RE.match(t).groups()
            identifiers[kind.lower()] = value
        lines = whole[:cut]
        if not lines:
            continue
        text = _joined(lines)
        if lines[0].startswith("Author information:"):
            book = _address_book(lines)
        elif NOTICE_RE.match(lines[0]):
            continue
        elif not names and not abstract and not book and _is_author_list(text):
            names, marks, printed = _authors(text)
        else:
            abstract.append(text)
    details = [AuthorInfo(raw_name=p) for p in printed]
    for info, numbers in zip(details, marks):
        keys = numbers or (["0", "1"] if len(names) == 1 else [])
        found = [organisation(a) for k in keys if k in book for a in addresses(book[k])]
        if orgs := [Affiliation(name=o) for o in dict.fromkeys(o for o in found if o)]:
            info["affiliations"] = orgs
    cited = CITATION_RE.match(citation)
    year = int(cited.group("year")) if cited else None
    month = MONTHS.get((cited.group("month") or "").lower()) if cited else None
    day = iso_day(year, month, int(cited.group("day"))) if year and month and cited.group("day") else None
    doi_text = identifiers.get("doi") or next(iter(DOI_RE.findall(citation)), "")
    kept = {k: v for k, v in (("pmid", identifiers.get("pmid")), ("pmcid", identifiers.get("pmcid"))) if v}
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=" ".join(abstract) or None,
        authors=names,
        date=day,
        year=None if day else year,
        venue=cited.group("venue") if cited else None,
        doi=normalize_doi(doi_text) if doi_text else None,
        identifiers=kept,
        author_details=details,
        locator=f"PMID {kept['pmid']}" if "pmid" in kept else f"record {n}",
    )


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    lines = [line.rstrip("\r") for line in lines]
    records, before = _records(_paragraphs(lines))
    for start, block in before:
        why = f"line {start + 1}: text before the first numbered record"
        out.rejects.append(reject(source, start + 1, why, block, "bad_syntax"))
    for n, paragraphs in enumerate(records, 1):
        record = _record(source, n, paragraphs)
        if record is None:
            start = paragraphs[0][0] + 1
            why = f"PubMed record {n} at line {start} has no title"
            out.rejects.append(reject(source, start, why, [t for _, p in paragraphs for t in p], "bad_entry"))
            continue
        out.records.append(record)
    if not records and not out.rejects:
        out.rejects.append(
            reject(source, 1, "a PubMed text file without any numbered record", lines[:20], "no_listing")
        )
    return out


FORMAT = InputFormat(
    name=NAME,
    description="PubMed results saved as text, Abstract format: numbered citations, authors with address numbers",
    sniff=sniff,
    extract=extract,
    priority=30,
    kind="export",
)
