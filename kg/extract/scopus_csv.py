"""Scopus CSV exports ("Export → CSV", `scopus.csv`, the file VOSviewer and bibliometrix read): a
header row of column names ("Authors", "Author full names", "Author(s) ID", "Title", "Year",
"Source title", … "Document Type", "Source", "EID"; which columns depends on what the user ticked
and on the year), then one record a row; a quoted field (an abstract) may span lines.

Rows are read with Python's csv module by kg.extract.csv_rows: a bad row costs only itself (a
reject), each record keeps the file line its row starts on.

Names, in printed order, come from "Author full names" ("Aria, Massimo (57188624459)"; about 2023
on), else "Authors", which Scopus has printed three ways: "Aria M.; Iorio C." (with full names),
"Aria M., Iorio C." (about 2019-2022) and "Aria, M., Iorio, C." (before). Scopus author ids come
from the full names or "Author(s) ID", matched by position only when the counts agree.
"Authors with affiliations" says whose each address is ("Aria M., Department …, Italy; Iorio C.,
…"); each author's organisation is read from their own address (kg.extract.addresses). Scopus
joins one author's several addresses with commas, so only the first organisation named is taken.
"Affiliations", one list for the paper, is read only for a paper with one author.
"""

from __future__ import annotations

import re

from kg.extract.addresses import organisation, sole_author_affiliations
from kg.extract.base import Context, InputFormat
from kg.extract.csv_rows import Export, Row, header, read_table
from kg.extract.ris import name_first_last
from kg.extract.text import arxiv_volume, is_no_author
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi
from kg.model import Affiliation, AuthorInfo, Extraction, Record

NAME = "scopus-csv"

# A header is Scopus's when it has these columns, a column of names, and one of Scopus's own.
NEEDED = {"Title", "EID"}
NAME_COLUMNS = {"Authors", "Author full names"}
SCOPUS_COLUMNS = {"Source title", "Author(s) ID", "Link"}
# What a cell that holds nothing says: Scopus's own words, and the "NA" of a file R has written again
# (bibliometrix's test data, massimoaria/bibliometrix tests/testthat/fixtures/scopus_sample.csv).
EMPTY = frozenset({"[No abstract available]", "[No author id available]", "NA"})
SCOPUS = Export(NAME, "Scopus", "Title, EID, Authors …", "EID", EMPTY)
# Scopus's markup in titles ("CO<inf>2</inf>") and abstracts.
MARKUP_RE = re.compile(r"</?(?:inf|sup|sub|i|b|em)>", re.IGNORECASE)
# "Aria, Massimo (57188624459)": a full name and its Scopus author id.
FULL_NAME_RE = re.compile(r"(?P<name>.*?)\s*\((?P<id>\d+)\)")
# Initials as Scopus prints them: "M.", "M.A.", "J.-H.", "M.Á.", "Th.".
INITIALS = r"(?:[^\W\d_]{1,2}\.[ -]?)+"
INITIALS_RE = re.compile(INITIALS)
# "Aria M." (surname, then initials): the surname and the initials.
SURNAME_INITIALS_RE = re.compile(rf"(?P<last>.+?)\s+(?P<initials>{INITIALS})")
SUFFIX_RE = re.compile(r"(?:Jr|Sr|II|III|IV)\.?", re.IGNORECASE)


def _header(lines: list[str]) -> tuple[int, list[str]] | None:
    """(index, column names) of Scopus's header row."""
    found = header(lines)
    if found is None:
        return None
    names = set(found[1])
    return found if names >= NEEDED and names & NAME_COLUMNS and names & SCOPUS_COLUMNS else None


def sniff(lines: list[str]) -> float:
    """Sure on a header row naming Scopus's columns (Title, EID, Authors …)."""
    return 0.96 if _header(lines) else 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    return read_table(source, lines, SCOPUS, _header(lines), _flat, _record)


def _flat(value: str | None) -> str | None:
    """A title or abstract with Scopus's markup flattened ("CO<inf>2</inf>" → "CO2")."""
    if not value:
        return None
    return " ".join(MARKUP_RE.sub("", value).split()) or None


def _split_short(value: str) -> list[str]:
    """The names of the "Authors" cell as printed, in order: "Aria M.; Iorio C.", "Aria M., Iorio
    C." or "Aria, M., Iorio, C."; a suffix ("Borras S.M., Jr.") stays with its name."""
    if ";" in value:
        return [p.strip() for p in value.split(";") if p.strip()]
    parts: list[str] = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        if parts and SUFFIX_RE.fullmatch(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    given = [_no_suffix(p) for p in parts[1::2]]
    pairs = len(parts) % 2 == 0 and all(INITIALS_RE.fullmatch(g) for g in given)
    if pairs and not any(INITIALS_RE.fullmatch(p) for p in parts[0::2]):  # "Last, I." pairs
        return [f"{last}, {rest}" for last, rest in zip(parts[0::2], parts[1::2])]
    return parts


def _no_suffix(name: str) -> str:
    head, sep, tail = name.rpartition(", ")
    return head if sep and SUFFIX_RE.fullmatch(tail) else name


def _first_last(printed: str) -> str:
    """ "Aria, M." or "Aria M." (with any ", Jr.") as "M. Aria"; a name without initials as printed."""
    if "," in _no_suffix(printed):
        return name_first_last(printed)
    base = _no_suffix(printed)
    suffix = printed[len(base) :].lstrip(", ")
    found = SURNAME_INITIALS_RE.fullmatch(base)
    if not found:
        return " ".join(printed.split())
    return " ".join(p for p in (found.group("initials").strip(), found.group("last"), suffix) if p)


def _keys(short: str | None, full: str | None) -> set[str]:
    """The forms "Authors with affiliations" may print a name in: as "Authors" does ("Aria M."),
    with a comma after the surname ("Aria, M.", Scopus of about 2022), as the full name."""
    keys = {k for k in (short, full) if k}
    if short:
        base = _no_suffix(short)
        suffix = short[len(base) :]
        found = SURNAME_INITIALS_RE.fullmatch(base)
        if found and "," not in base:
            keys.add(f"{found.group('last')}, {found.group('initials').strip()}{suffix}")
        elif "," in base:
            keys.add(base.replace(", ", " ", 1) + suffix)
    return keys


def _whose(segment: str, keys: list[set[str]], at: int | None) -> tuple[int, str] | None:
    """(author index, address) of one "Name, address" segment: the author whose printed name opens
    it; `at` is the author its place in the list gives, believed when that name opens it."""
    matches: dict[int, str] = {}
    for i, ks in enumerate(keys):
        # the longest of its names that opens the segment (a full name may open with a short one)
        k = next((k for k in sorted(ks, key=len, reverse=True) if segment == k or segment.startswith(k + ", ")), None)
        if k is not None:
            matches[i] = segment[len(k) + 2 :].strip()
    if at is not None and at in matches:
        return at, matches[at]
    return next(iter(matches.items())) if len(matches) == 1 else None


def _affiliations(fields: dict[str, str], shorts: list[str | None], fulls: list[str | None]) -> list[list[Affiliation]]:
    """Each author's organisations, from "Authors with affiliations" where it names whose an address
    is, else for a paper with one author from "Affiliations"."""
    n = len(shorts)
    out: list[list[Affiliation]] = [[] for _ in range(n)]
    keys = [_keys(s, f) for s, f in zip(shorts, fulls)]
    segments = [s.strip() for s in fields.get("Authors with affiliations", "").split(";") if s.strip()]
    aligned = len(segments) == n
    for j, segment in enumerate(segments):
        found = _whose(segment, keys, j if aligned else None)
        if not found or not found[1]:
            continue
        name = organisation(found[1])
        if name and all(a.get("name") != name for a in out[found[0]]):
            out[found[0]].append(Affiliation(name=name))
    if n == 1 and not out[0] and fields.get("Affiliations"):
        out[0] = sole_author_affiliations(fields["Affiliations"], wos=False)
    return out


def _people(fields: dict[str, str], line: int, notes: list[str]) -> tuple[list[str], list[AuthorInfo]]:
    """Authors as "First Last" in printed order, each with its Scopus id, printed name and organisations."""
    fulls: list[str | None] = []
    ids: list[str | None] = []
    for part in (p.strip() for p in fields.get("Author full names", "").split(";")):
        if part:
            found = FULL_NAME_RE.fullmatch(part)
            fulls.append(found.group("name") if found else part)
            ids.append(found.group("id") if found else None)
    shorts: list[str | None] = list(_split_short(fields.get("Authors", "")))
    if not fulls:
        printed = shorts
        listed = [i.strip() for i in fields.get("Author(s) ID", "").split(";") if i.strip()]
        ids = [i if i.isdigit() else None for i in listed] if len(listed) == len(printed) else [None] * len(printed)
        if any(INITIALS_RE.fullmatch(p or "") for p in printed):
            shown = fields["Authors"][:80]
            notes.append(f"line {line}: the names of 'Authors' do not read as names, none taken: {shown}")
            return [], []
        fulls = [None] * len(printed)
    else:
        printed = fulls
    if len(shorts) != len(fulls):
        shorts = [None] * len(fulls)
    orgs = _affiliations(fields, shorts, fulls)
    authors: list[str] = []
    details: list[AuthorInfo] = []
    for p, scopus_id, affiliations in zip(printed, ids, orgs):
        if not p or is_no_author(p):
            continue
        name = _first_last(p)
        info = AuthorInfo(raw_name=p) if p != name else AuthorInfo()
        if scopus_id:
            info["scopus"] = scopus_id
        if affiliations:
            info["affiliations"] = affiliations
        authors.append(name)
        details.append(info)
    return authors, details


def _record(source: str, row: Row, title: str, notes: list[str]) -> Record:
    fields, line = row.fields, row.line
    authors, details = _people(fields, line, notes)
    year_text = fields.get("Year", "")
    doi = normalize_doi(fields.get("DOI"))
    venue = fields.get("Source title")
    arxiv = arxiv_of_doi(doi)
    arxiv = arxiv or normalize_arxiv(arxiv_volume(venue, fields.get("Volume")))
    identifiers: dict[str, str] = {}
    for column, key in (("EID", "scopus"), ("PubMed ID", "pmid"), ("ISSN", "issn"), ("Link", "url")):
        if fields.get(column):
            identifiers[key] = fields[column]
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=_flat(fields.get("Abstract")),
        authors=authors,
        year=int(year_text) if re.fullmatch(r"\d{4}", year_text) else None,
        venue=venue,
        doi=doi,
        arxiv_id=arxiv[0] if arxiv else None,
        identifiers=identifiers,
        entry_type=fields.get("Document Type"),
        author_details=details if any(details) else [],
        locator=fields.get("EID") or f"record {row.n}",
    )


FORMAT = InputFormat(
    name=NAME,
    description="Scopus CSV export (scopus.csv): a header row of Scopus's columns, a record a row",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
