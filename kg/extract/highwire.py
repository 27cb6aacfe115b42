"""A saved article landing page read by its Highwire Press `citation_*` meta tags, one record a page.

Google Scholar asks publishers for these tags, and landing pages carry them in their <head> (seen on
real saved pages of IEEE Xplore, SpringerLink, bioRxiv, arXiv and Manubot manuscripts; OJS and
PubMed Central print them too):

    <meta name="citation_title" content="…">
    <meta name="citation_author" content="Harris, F.J.">       <- repeated, in order; "Last, First" or "First Last"
    <meta name="citation_author_institution" content="…">     <- the author before it's (repeated)
    <meta name="citation_author_orcid" content="0000-…">      <- idem; an id or an orcid.org URL
    <meta name="citation_date" content="Jan. 1978">           <- IEEE; "2022/04/13", "2021-12-28", "2021" elsewhere
    <meta name="citation_doi" content="10.1109/PROC.1978.10837">
    <meta name="citation_arxiv_id" content="1706.03762v7">
    <meta name="citation_journal_title" content="Proceedings of the IEEE">  <- or citation_conference_title …
    <meta name="citation_abstract" content="…">               <- bioRxiv: escaped markup, "<h3>ABSTRACT</h3><p>…"
    <meta name="citation_abstract_html_url" / citation_pdf_url / citation_pmid / citation_keywords …

Manubot's template leaves "XXXX-XXXX-XXXX-XXXX" as an ORCID: not an ORCID, a page note says so.
Keywords, pages, volume and e-mail tags are not read (a Record has no place for them), nor are
citation_reference tags (the cited works, in "citation_title=…; citation_author=…" form).

Where it hooks in: the capture layer's views of a page are its visible text, and <head> is not
visible, so these tags never reach a page reader. The reader is an export (kind "export"): it is
sniffed on the file as saved and parses it itself with lxml through kg.capture.html.parse, which
holds the same guards as the HTML capture (size, element count, libxml2's fatal errors; lxml's
HTML parser expands no entities beyond HTML's own).

Who wins a page: this reader's sniff answers 0.9 when a citation_title is present, 0.55 when
only other citation_ tags are (the page is then one reject saying so, unless a listing reader
reads its text: title-abstract lists answer 0.6), 0 without any. Exports are sniffed first and a
page reader must be strictly surer to win, so readers of one site (arXiv abstract pages at 0.95,
listing pages at 0.95-0.98) keep their pages: an arXiv abstract page carries these tags, but its
visible text also gives the subject categories (kg's topics), the comments, the submitter and the
first version's day, which the tags lack. Every other landing page, whose text no reader knows,
is read here instead of being an unknown layout.

The record takes the title, the authors in order ("Last, First" turned into "First Last" as RIS
names are; the printed form kept as raw_name), each author's institutions and ORCID in
author_details, the date only where a day is given (else the year), the DOI, the arXiv id (its
version in identifiers["arxiv_version"]), the venue, citation_abstract (entities decoded; markup in
it read as a browser shows it), the PubMed id (identifiers["pmid"]) and the page's address (og:url, canonical link,
citation_abstract_html_url, the saving tool's note) in identifiers["url"]. The body is not read:
without citation_abstract the record has no abstract.
"""

from __future__ import annotations

import functools
import re

from kg.capture.html import fragment_text, looks_like_html, meta_tags, parse
from kg.extract.base import Context, InputFormat, reject
from kg.extract.ris import name_first_last
from kg.extract.text import is_et_al, iso_day
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi, normalize_orcid
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record

NAME = "highwire"

DATE_RE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s].*)?$")
YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# The first of these a page prints is the record's date: the publication's, then the generic one,
# then the day it went online (arXiv prints v1's day as citation_date, the latest version's as online).
DATE_TAGS = ("citation_publication_date", "citation_date", "citation_cover_date", "citation_online_date")
VENUE_TAGS = (
    ("citation_journal_title", "article"),
    ("citation_conference_title", "inproceedings"),
    ("citation_inbook_title", "incollection"),
    ("citation_book_title", "incollection"),
    ("citation_dissertation_institution", "phdthesis"),
    ("citation_technical_report_institution", "techreport"),
)
URL_TAGS = (
    "og:url",
    "citation_abstract_html_url",
    "citation_public_url",
    "citation_fulltext_html_url",
    "citation_full_html_url",
)
INSTITUTION_TAGS = ("citation_author_institution", "citation_author_affiliation")
ABSTRACT_HEADINGS = frozenset({"abstract", "summary"})
CITATION_RE = re.compile(r"citation_", re.IGNORECASE)  # a literal test before any parse: most pages lack it
MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


@functools.lru_cache(maxsize=2)
def _read(text: str) -> tuple[list[tuple[str, str, int]], str | None, tuple[str, str] | None]:
    """(meta tags, canonical link, problem) of a page's text; the sniff and the reader share one parse."""
    root, problem = parse(text.split("\n"))
    if root is None:
        return [], None, problem
    canonical = root.find(".//link[@rel='canonical']")
    href = canonical.get("href") if canonical is not None else None
    return meta_tags(root), (href.strip() if href else None), None


def _citation_tags(lines: list[str]) -> tuple[list[tuple[str, str, int]], str | None, tuple[str, str] | None] | None:
    if not lines or not looks_like_html(lines):
        return None
    text = "\n".join(lines)
    if not CITATION_RE.search(text):
        return None
    return _read(text)


def sniff(lines: list[str]) -> float:
    found = _citation_tags(lines)
    if found is None:
        return 0.0
    tags, _, problem = found
    if problem:
        return 0.0  # the HTML capture refuses the file in its own words
    if any(name == "citation_title" and content.strip() for name, content, _ in tags):
        return 0.9
    if any(name.startswith("citation_") for name, _, _ in tags):
        return 0.55  # below every listing reader (title-abstract lists answer 0.6): a reject only if none reads it
    return 0.0


def _clean(text: str) -> str:
    return " ".join(text.split())


def _first(tags: list[tuple[str, str, int]], *names: str) -> tuple[str, int] | None:
    for wanted in names:
        for name, content, line in tags:
            if name == wanted and content.strip():
                return _clean(content), line
    return None


def _parse_date(name: str, content: str, notes: list[str]) -> tuple[str | None, int | None] | None:
    """(ISO day, None) or (None, year) of one date tag; None when it holds no date."""
    found = DATE_RE.match(content)
    if not found:
        # IEEE Xplore prints "Jan. 1978": its year is all kg reads of it
        alone = YEAR_RE.findall(content)
        if len(alone) == 1:
            return None, int(alone[0])
        notes.append(f"{name} {content.strip()!r} is not a date; not read")
        return None
    year, month, day = (int(g) if g else None for g in found.groups())
    assert year is not None
    iso = iso_day(year, month, day) if month and day else None
    return (iso, None) if iso else (None, year)


def _date(tags: list[tuple[str, str, int]], notes: list[str]) -> tuple[str | None, int | None]:
    """The first date tag in DATE_TAGS order that reads as one. bioRxiv prints 1 January of the year
    as citation_publication_date and the day itself as citation_date: a 1 January beside another day
    of the same year is that fill, and the other day is the record's."""
    dates: list[tuple[str | None, int | None]] = []
    for wanted in DATE_TAGS:
        for name, content, _ in tags:
            if name == wanted and content.strip():
                parsed = _parse_date(name, content, notes)
                if parsed:
                    dates.append(parsed)
                    break
    if not dates:
        return None, None
    first = dates[0]
    if first[0] and first[0].endswith("-01-01"):
        other = next((d for d, _ in dates[1:] if d and d[:4] == first[0][:4] and d != first[0]), None)
        if other:
            return other, None
    return first


def _shown(text: str) -> str:
    """A tag's text as a reader sees it: escaped markup (<i>E. coli</i>) read as a browser shows it."""
    if MARKUP_RE.search(text):
        return _clean(" ".join(fragment_text(text, 1).lines))
    return _clean(text)


def _abstract(text: str) -> str | None:
    """The abstract as a reader sees it: some sites put escaped markup in the tag (bioRxiv:
    "<h3>ABSTRACT</h3> <p>…</p>"), read as a browser shows it, without a heading naming it."""
    if MARKUP_RE.search(text):
        view = fragment_text(text, 1)
        kept = [
            line
            for line, kind in zip(view.lines, view.kinds)
            if not (kind.startswith("h") and line.strip().rstrip(":").lower() in ABSTRACT_HEADINGS)
        ]
        text = " ".join(kept)
    return _clean(text) or None


def _authors(tags: list[tuple[str, str, int]], notes: list[str]) -> tuple[list[str], list[AuthorInfo], bool]:
    printed: list[str] = []
    details: list[AuthorInfo] = []
    truncated = False
    orphans = 0
    for name, content, _ in tags:
        value = _clean(content)
        if name in ("citation_author", "citation_authors"):
            # the plural, older form holds every name in one tag, separated by ";"
            for one in value.split(";") if name == "citation_authors" else [value]:
                one = one.strip()
                if not one:
                    continue
                if is_et_al(one):
                    truncated = True
                    continue
                printed.append(one)
                details.append(AuthorInfo())
        elif name in INSTITUTION_TAGS and value:
            if not details:
                orphans += 1
                continue
            affs = details[-1].setdefault("affiliations", [])
            if all(a.get("name") != value for a in affs):
                affs.append(Affiliation(name=value))
        elif name == "citation_author_orcid" and value:
            if not details:
                orphans += 1
                continue
            orcid = normalize_orcid(value)
            if orcid:
                details[-1]["orcid"] = orcid
            else:
                notes.append(f"citation_author_orcid {value!r} (author {len(printed)}) is not an ORCID; not read")
    if orphans:
        notes.append(f"{orphans} author institution or ORCID tag(s) before any citation_author; not read")
    authors = [name_first_last(p) for p in printed]
    for p, a, info in zip(printed, authors, details):
        if p != a:
            info["raw_name"] = p
    if not any(details):
        details = []
    return authors, details, truncated


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    found = _citation_tags(lines)
    if found is None:
        out.rejects.append(reject(source, 1, "not an HTML page with citation_ meta tags", lines[:20], "unparsed"))
        return out
    tags, canonical, problem = found
    if problem:
        code, why = problem
        out.rejects.append(reject(source, 1, why, lines[:20], code))
        return out
    title = _first(tags, "citation_title")
    if title is None:
        first = next((line for name, _, line in tags if name.startswith("citation_")), 1)
        held = sorted({name for name, _, _ in tags if name.startswith("citation_")})
        out.rejects.append(
            reject(
                source,
                first,
                f"the page's citation_ meta tags ({', '.join(held)}) name no citation_title",
                lines[max(first - 1, 0) : first + 19],
                "bad_entry",
            )
        )
        return out
    notes = out.page.notes
    authors, details, truncated = _authors(tags, notes)
    date, year = _date(tags, notes)
    identifiers: dict[str, str] = {}
    url = _first(tags, "og:url") or ((canonical, 0) if canonical else None) or _first(tags, *URL_TAGS[1:])
    if url:
        identifiers["url"] = url[0]
    pdf = _first(tags, "citation_pdf_url")
    if pdf:
        identifiers["pdf_url"] = pdf[0]
    pmid = _first(tags, "citation_pmid")
    if pmid and pmid[0].isdigit():
        identifiers["pmid"] = pmid[0]
    doi_tag = _first(tags, "citation_doi")
    doi = normalize_doi(doi_tag[0]) if doi_tag else None
    if doi_tag and not doi:
        notes.append(f"citation_doi {doi_tag[0]!r} is not a DOI; not read")
    arxiv_tag = _first(tags, "citation_arxiv_id")
    arxiv = (normalize_arxiv(arxiv_tag[0]) if arxiv_tag else None) or arxiv_of_doi(doi)
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    venue, entry_type = None, None
    for tag, kind in VENUE_TAGS:
        printed = _first(tags, tag)
        if printed:
            venue, entry_type = printed[0], kind
            break
    abstract_tag = _first(tags, "citation_abstract")
    record = Record(
        source=source,
        line=title[1] or 1,
        layout=NAME,
        title=_shown(title[0]) or title[0],
        abstract=_abstract(abstract_tag[0]) if abstract_tag else None,
        authors=authors,
        authors_truncated=truncated,
        author_count=None if truncated else len(authors),
        date=date,
        year=None if date else year,
        venue=venue,
        arxiv_id=arxiv[0] if arxiv else None,
        doi=doi,
        identifiers=identifiers,
        entry_type=entry_type,
        author_details=details,
    )
    out.records.append(record)
    return out


FORMAT = InputFormat(
    name=NAME,
    description="a saved article landing page's Highwire Press citation_ meta tags (Google Scholar's)",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
