"""The records kg reads out of inputs: plain dataclasses, each carrying its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict


class Affiliation(TypedDict, total=False):
    """An institution as the source names it, with the identifiers it gives."""

    name: str
    ror: str  # "https://ror.org/02mhbdp94" form is normalized to the bare id "02mhbdp94"
    openalex: str  # "I123…"
    country: str


class AuthorInfo(TypedDict, total=False):
    """What a source says about one printed author beyond the name (same order as `authors`)."""

    orcid: str  # "0000-0002-1825-0097", checked
    openalex: str  # "A5017898742"
    dblp: str  # DBLP person id or homonym-numbered name, e.g. "Changyin Sun 0001"
    raw_name: str  # the name exactly as the source printed it, when it differs from `authors[i]`
    affiliations: list[Affiliation]
    aka: list[str]  # other names the source itself says are this person (DBLP "aka")
    dblp_pid: str  # DBLP person id from the link to the person's page, e.g. "64/221"
    scopus: str  # Scopus author id, e.g. "57188624459" (Scopus CSV's "Author(s) ID")
    semanticscholar: str  # Semantic Scholar author id, e.g. "2262347" (the API's `authorId`)


@dataclass
class Record:
    """One paper as one input lists it, with the file and line (and locator) it came from."""

    source: str
    line: int
    layout: str
    title: str
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    author_count: int | None = None
    affiliations: list[str] = field(default_factory=list)
    category: str | None = None
    date: str | None = None
    has_code: bool = False
    score: float | None = None
    upvotes: int | None = None
    # Fields below are filled by the inputs that print them; None or empty elsewhere.
    comments: int | None = None  # discussion count (Hugging Face pages)
    summary: str | None = None  # a one-sentence summary printed instead of the abstract
    year: int | None = None  # when only a year is known; `date` stays None then
    venue: str | None = None  # journal, proceedings or series as printed
    categories: list[str] = field(default_factory=list)  # every subject code printed, primary first
    arxiv_id: str | None = None  # "2610.08778" or "cond-mat/0412498", no version
    doi: str | None = None  # lower case, no resolver prefix
    identifiers: dict[str, str] = field(default_factory=dict)  # dblp, openalex, bibtex key, url, arxiv version …
    entry_type: str | None = None  # article, inproceedings, preprint … as the source names it
    org: str | None = None  # the organization a Hugging Face card names
    submitted_by: str | None = None
    remark: str | None = None  # free text printed about the paper (arXiv's "Comments:")
    author_details: list[AuthorInfo] = field(default_factory=list)  # empty, or one per author
    locator: str | None = None  # where inside the file beyond the line: entry key, JSON pointer

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


@dataclass
class Page:
    """Facts about a whole input file: its format, owner (profile pages) and counts."""

    source: str
    layout: str | None
    owner: str | None = None
    owner_category: str | None = None
    h_index: int | None = None
    papers: int | None = None
    citations: int | None = None
    novelty: float | None = None
    ai_score: float | None = None
    listing_date: str | None = None
    records: int = 0
    rejects: int = 0
    chrome_lines: int = 0
    notes: list[str] = field(default_factory=list)
    capture: str | None = None  # how the file was saved: text, markdown, html …

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


@dataclass
class Rejected:
    """A block of input that did not become a record, kept with where it was and why.

    `code` is machine-readable (see REJECT_CODES); `reason` is the sentence a person reads.
    """

    source: str
    line: int
    reason: str
    raw: str
    code: str = "unparsed"
    locator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, shallow: asdict() deep-copies every list, slow at a million.
        return dict(vars(self))


# Every reject code kg writes, with what it means; a test holds every reject to this list.
REJECT_CODES: dict[str, str] = {
    "unreadable": "the file or folder could not be read or listed",
    "bad_name": "the file name is not valid text",
    "empty": "the file is empty or holds only white space",
    "binary": "the file is binary, not a saved page or export",
    "not_utf8": "the file is not UTF-8 (nor a marked UTF-16)",
    "unknown_layout": "no input format recognises the file",
    "cut_off": "a record or the file ends before the record is complete",
    "line_too_long": "a line is longer than kg reads",
    "bad_date": "a date that is not a date",
    "bad_record": "a block in the format's place for a record that does not read as one",
    "bad_header": "a page header line that is no known figure",
    "no_listing": "a page in a known site's format that lists no paper",
    "login_wall": "a page that asks to log in instead of showing the listing",
    "too_large": "a file over the size kg reads",
    "bad_syntax": "an export that its format's parser cannot read",
    "bad_entry": "an entry of an export that lacks what a paper needs (a title)",
    "hostile": "input built to harm a parser (entity expansion, external entities)",
    "duplicate": "a block the capture prints twice",
    "unparsed": "a block no rule of its format reads",
    "not_a_paper": "an export's entry that describes something else (an author, a count per group)",
    "reader_failed": "kg's reader raised an error on the file (a bug in kg): nothing of the file was read",
}


@dataclass
class Extraction:
    """What one reader read from one file."""

    page: Page
    records: list[Record] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)
