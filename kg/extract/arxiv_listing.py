"""arXiv listing pages (`/list/<archive>/new`, `/recent`, `/pastweek`) as a person sees them.

One entry, however the page was saved (each field may sit on its own line or after its label):

    Wed, 7 Oct 2026 (showing first 50 of 350 entries )     <- day heading (/recent, /pastweek)
    Showing new listings for Wednesday, 9 September 2026   <- listing day (/new)
    Cross submissions (showing 2 of 2 entries)             <- section (/new)
    [4] arXiv:2609.07989 (cross-list from q-fin.TR) [pdf, html, other]
    Title: Regimes in the Order Flow
    Ramzi Jebali                                           <- authors, linked, no label
    Comments: 59 pages. 48 figures.
    Journal-ref: SIAM.J.Numer.Anal. 54.3 (2016) 1341-1364
    Subjects: Trading and Market Microstructure (q-fin.TR); Computational Finance (q-fin.CP)
    Financial markets alternate between ...                <- abstract, /new pages only

What a listing date means: a day heading (or "Showing new listings for …") is the day arXiv
*announced* the entries under it, not the day they were submitted (usually one to three
working days earlier) nor the day of a journal version. For a new submission or a cross-list
that day is the paper's first public day, so it becomes `Record.date`. A replacement is an
old paper announced again with a new version: the day belongs to the version, not to the
paper, so its `date` stays None (the page's day is still `Page.listing_date`).

`locator` names the section and the printed number ("new [1]", "cross-list [4]",
"replacement [6]"); the subject codes are kept as printed (`kg.categories.canonical` folds
aliases such as math.MP into math-ph), the first being the primary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg import categories
from kg.capture import view_of
from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.text import is_person_name
from kg.identifiers import normalize_arxiv
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "arxiv_listing"

_ID = r"(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_NOTE = r"\((?:cross-list from [^)]+|replaced)\)"
_FORMATS = r"\[\s*(?:pdf|ps|html|other|src)(?:\s*,\s*(?:pdf|ps|html|other|src))*\s*\]"
ENTRY_RE = re.compile(
    rf"(?:\[(?P<n>\d+)\]\s*)?arXiv:(?P<id>{_ID})(?:\s*(?P<note>{_NOTE}))?(?:\s*{_FORMATS})?", re.IGNORECASE
)
NUMBER_RE = re.compile(r"\[(\d+)\]")
NOTE_RE = re.compile(_NOTE)
FORMATS_RE = re.compile(_FORMATS)
LABEL_RE = re.compile(r":?\s*(?P<label>Title|Authors|Comments|Journal-ref|Subjects):\s*(?P<value>.*)")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_RE = re.compile(
    r"(?P<date>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4})"
    r"(?: \((?:showing|showing first) \d+ of \d+ entries ?\))?"
)
# A text dump may glue the link above it onto this heading: "See recent articles Showing new listings for …".
NEW_LISTING_RE = re.compile(r"(?:.* )?Showing new listings for (?:[A-Z][a-z]+day), (?P<date>\d{1,2} [A-Z][a-z]+ \d{4})")
SECTION_RE = re.compile(
    r"(?P<name>New submissions|Cross submissions|Cross-lists|Replacement submissions|Replacements)"
    r"(?: \(showing (?:first )?\d+ of \d+ entries ?\))?"
)
SECTION_KIND = {
    "New submissions": "new",
    "Cross submissions": "cross-list",
    "Cross-lists": "cross-list",
    "Replacement submissions": "replacement",
    "Replacements": "replacement",
}
# Headings no listing page lacks; a page with one of them and no entry lists nothing.
PAGE_MARKS = re.compile(r"Authors and titles for .*|Showing new listings for .*|New submissions \(showing .*")
CODE_IN_SUBJECT = re.compile(r"\((?P<code>[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?)\)$")
PAREN_RE = re.compile(r"\s*\((?P<aff>[^()]*)\)$")
VERSION_URL_RE = re.compile(r"arxiv\.org/(?:html|pdf)/(?P<id>[^/?#]+?)(?P<v>v\d+)(?:[/?#]|$)")
# The page's own address as the saving tool records it: which archive and which listing.
LIST_URL_RE = re.compile(r"arxiv\.org/list/(?P<archive>[\w.-]+)/(?P<which>new|recent|pastweek)")
CHROME_RE = re.compile(r"Total of \d+ entries.*|Showing up to \d+ entries per page.*|No updates for this time period\.")


def _clean(line: str) -> str:
    """One space between words; the space a text dump leaves before a link's comma goes."""
    text = " ".join(line.split())
    if " ," not in text and " ;" not in text:  # most lines: nothing to take out (sniffing reads them all)
        return text
    return re.sub(r" ([,;])", r"\1", text)


# What a page needs to be claimed: an entry's "arXiv:" (matched as ENTRY_RE matches it) or a word of
# PAGE_MARKS. Cleaning a line only changes white space, so a head without any of them is answered at
# once, without cleaning and matching its lines one by one (most pages sniffed are no listing).
# The case-blind search is ten times slower than finding "v:" or "V:" (the only ways IGNORECASE
# matches "v:"), so it runs only where one of those is.
SNIFF_NEEDS_RE = re.compile(r"arXiv:", re.IGNORECASE)
SNIFF_WORDS = ("titles", "listings", "submissions")
# What an abstract page (arxiv.org/abs/<id>, kg.extract.arxiv_abs) prints and no listing does.
ABS_PAGE_MARKS = ("Submission history", "Cite as:")


def _may_be_listing(text: str) -> bool:
    if any(word in text for word in SNIFF_WORDS):
        return True
    return ("v:" in text or "V:" in text) and SNIFF_NEEDS_RE.search(text) is not None


def sniff(lines: list[str]) -> float:
    head = lines[:5000]
    text = "\n".join(head)
    if not _may_be_listing(text):
        return 0.0
    if all(mark in text for mark in ABS_PAGE_MARKS):
        return 0.0  # one paper's abstract page: its "arXiv:<id>" and "Subjects:" are no listing's
    entries = labels = marks = 0
    for line in head:
        text = _clean(line)
        if ENTRY_RE.fullmatch(text):
            entries += 1
        elif text.startswith(("Subjects:", "Title:")) or (LABEL_RE.fullmatch(text) and text.startswith(":")):
            labels += 1
        elif PAGE_MARKS.fullmatch(text):
            marks += 1
    if entries and labels:
        return 0.96
    if marks:
        return 0.9  # an arXiv listing page; extract says what it lists (perhaps nothing)
    return 0.0


@dataclass
class _Entry:
    start: int  # 0-based index of its first line
    arxiv: str
    number: str | None
    note: str | None
    section: str
    day: str | None
    fields: dict[str, list[str]] = field(default_factory=dict)
    bare: list[str] = field(default_factory=list)  # unlabelled lines after the title, before the next label
    after_subjects: list[str] = field(default_factory=list)
    last_line: int = 0
    raw: list[str] = field(default_factory=list)  # the file's lines of the entry, for a reject
    version: str | None = None  # from a link to the entry's HTML or PDF ("…/html/2610.08778v1")


def _parse_day(text: str) -> str:
    return dt.datetime.strptime(text, "%a, %d %b %Y").date().isoformat()


def split_authors(text: str) -> tuple[list[str], list[AuthorInfo], bool]:
    """Names in printed order, details where a name carries an affiliation, and "et al."."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    names: list[str] = []
    details: list[AuthorInfo] = []
    truncated = False
    for raw in (p.strip() for p in parts):
        if not raw:
            continue
        if raw in ("et al.", "et al", "and others"):
            truncated = True
            continue
        name, info = raw, AuthorInfo()
        m = PAREN_RE.search(raw)
        if m:  # "Emilio Picard (RIKEN AIP, UP1 EMS)": the affiliation as printed, the name without it
            name = raw[: m.start()].strip()
            info["raw_name"] = raw
            info["affiliations"] = [{"name": a.strip()} for a in m.group("aff").split(",") if a.strip()]
        names.append(name)
        details.append(info)
    return names, details, truncated


def subject_codes(text: str) -> list[str]:
    codes = []
    for part in text.split(";"):
        m = CODE_IN_SUBJECT.search(part.strip())
        if m:
            codes.append(m.group("code"))
    return codes


def is_name_list(text: str) -> bool:
    names, _, _ = split_authors(text)
    return bool(names) and all(is_person_name(n) for n in names)


def _version_from_links(lines: list[str], i: int, entry: _Entry) -> None:
    """The version the page links to ("html" → arxiv.org/html/2610.08778v1), when the capture kept links."""
    view = view_of(lines)
    for _, url in view.links_on(i) if view is not None else []:
        m = VERSION_URL_RE.search(url)
        if m and normalize_arxiv(m.group("id")) == normalize_arxiv(entry.arxiv):
            entry.version = m.group("v")


def _scan(lines: list[str], page: Page) -> tuple[list[_Entry], list[int]]:
    """The entries with their fields, and the lines where a "Title:" opens a paper's fields
    outside any entry (no arXiv identifier above it); headings set the section and day, other
    lines count as chrome."""
    entries: list[_Entry] = []
    orphans: list[int] = []
    pending: int | None = None  # a "Title:" outside any entry, until a paper's other label follows
    section, day, number = "recent", None, None
    number_at: int | None = None
    current: _Entry | None = None
    field_name: str | None = None
    for i, line in enumerate(lines):
        text = _clean(line)
        if not text:
            continue
        m_entry = ENTRY_RE.fullmatch(text)
        if m_entry or NUMBER_RE.fullmatch(text):
            pending = None
        if m_entry:
            start = number_at if (number_at is not None and m_entry.group("n") is None) else i
            current = _Entry(
                start=start,
                arxiv=m_entry.group("id"),
                number=m_entry.group("n") or number,
                note=m_entry.group("note"),
                section=section,
                day=day,
                last_line=i,
            )
            entries.append(current)
            _version_from_links(lines, i, current)
            field_name, number, number_at = "id", None, None
            continue
        if NUMBER_RE.fullmatch(text):
            number, number_at = NUMBER_RE.fullmatch(text).group(1), i  # type: ignore[union-attr]
            current = None
            continue
        heading = DAY_RE.fullmatch(text) or NEW_LISTING_RE.fullmatch(text) or SECTION_RE.fullmatch(text)
        if heading:
            current, field_name, pending = None, None, None
            if "date" in heading.groupdict():
                printed = heading.group("date")
                day = (
                    _parse_day(printed)
                    if DAY_RE.fullmatch(text)
                    else dt.datetime.strptime(printed, "%d %B %Y").date().isoformat()
                )
                if page.listing_date is None or day > page.listing_date:
                    page.listing_date = day
            else:
                section = SECTION_KIND[heading.group("name")]
            page.chrome_lines += 1
            continue
        if current is None:
            # A "Title:" outside any entry is a paper's fields only when a paper's other
            # labels follow it (a tool's "Title: <page title>" header has none).
            m_orphan = LABEL_RE.fullmatch(text)
            label = m_orphan.group("label") if m_orphan else None
            if label == "Title":
                pending = i
            elif label in ("Authors", "Subjects") and pending is not None:
                orphans.append(pending)
                pending = None
            page.chrome_lines += 1
            continue
        current.last_line = i
        if field_name == "id" and NOTE_RE.fullmatch(text):
            current.note = text
            continue
        if field_name == "id" and FORMATS_RE.fullmatch(text):
            _version_from_links(lines, i, current)
            continue
        m_label = LABEL_RE.fullmatch(text)
        if m_label:
            field_name = m_label.group("label")
            current.fields.setdefault(field_name, [])
            if m_label.group("value"):
                current.fields[field_name].append(m_label.group("value"))
            continue
        if field_name in ("Subjects",) and current.fields["Subjects"]:
            current.after_subjects.append(text)
        elif field_name == "Title" and current.fields["Title"]:
            current.bare.append(text)
        elif field_name in current.fields:
            current.fields[field_name].append(text)
        else:
            current.bare.append(text)
    return entries, orphans


def _record(source: str, e: _Entry, abstracts: bool, is_last: bool, out: Extraction) -> Record | None:
    block = [_clean(x) for x in e.raw]
    title_parts = list(e.fields.get("Title", []))
    bare = list(e.bare)
    authors_text = " ".join(e.fields.get("Authors", []))
    if not authors_text and bare:
        # The line after the title is the author list; lines before it continue a wrapped title.
        split = next((k for k in range(1, len(bare)) if is_name_list(" ".join(bare[k:]))), None)
        if len(bare) == 1 or split is None:
            split = len(bare) - 1 if len(bare) > 1 else 0
        title_parts += bare[:split]
        authors_text = " ".join(bare[split:])
    elif bare:
        title_parts += bare
    title = " ".join(title_parts).strip()
    subjects = " ".join(e.fields.get("Subjects", []))
    if not title:
        out.rejects.append(reject(source, e.start + 1, f"arXiv:{e.arxiv} is listed with no title", block, "bad_record"))
        return None
    if not subjects:
        if is_last:
            out.rejects.append(
                reject(source, e.start + 1, f"arXiv:{e.arxiv}: the page ends before its subjects", block, "cut_off")
            )
            return None
        out.page.notes.append(f"arXiv:{e.arxiv} (line {e.start + 1}) prints no subjects")
    names, details, truncated = split_authors(authors_text)
    codes = subject_codes(subjects)
    unknown = [c for c in codes if not categories.is_known(c)]
    if unknown:
        out.page.notes.append(f"arXiv:{e.arxiv}: subject codes not in arXiv's taxonomy: {', '.join(unknown)}")
    abstract = None
    extra = list(e.after_subjects)
    if abstracts and extra and not CHROME_RE.fullmatch(extra[0]):
        abstract = extra.pop(0)
    out.page.chrome_lines += len(extra)
    arxiv = normalize_arxiv(e.arxiv)
    assert arxiv is not None  # ENTRY_RE only matches ids
    kind = "replacement" if e.note == "(replaced)" else e.section
    if e.note and e.note.startswith("(cross-list") and kind != "replacement":
        kind = "cross-list"
    record = Record(
        source=source,
        line=e.start + 1,
        layout=NAME,
        title=title,
        abstract=abstract,
        authors=names,
        authors_truncated=truncated,
        category=codes[0] if codes else None,
        categories=codes,
        date=None if kind == "replacement" else e.day,
        venue=" ".join(e.fields.get("Journal-ref", [])) or None,
        arxiv_id=arxiv[0],
        remark=" ".join(e.fields.get("Comments", [])) or None,
        entry_type="preprint",
        author_details=details if any(details) else [],
        locator=f"{'recent' if kind == 'recent' else kind}" + (f" [{e.number}]" if e.number else ""),
    )
    if arxiv[1] or e.version:
        record.identifiers["arxiv_version"] = arxiv[1] or e.version  # type: ignore[assignment]
    return record


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    view = view_of(lines)
    m_url = LIST_URL_RE.search(view.meta.get("url", "")) if view is not None else None
    if m_url:  # the archive the page lists, from the address the saving tool recorded
        out.page.owner_category = m_url.group("archive")
    entries, orphans = _scan(lines, out.page)
    for k, e in enumerate(entries):
        end = entries[k + 1].start if k + 1 < len(entries) else e.last_line + 1
        e.raw = lines[e.start : max(end, e.last_line + 1)]
    # /new pages print each abstract after the subjects; /recent and /pastweek print none.
    with_text = sum(1 for e in entries[:-1] if e.after_subjects)
    abstracts = bool(entries[:-1]) and with_text * 2 >= len(entries[:-1])
    for k, e in enumerate(entries):
        bad = too_long(source, e.start + 1, e.raw)
        if bad:
            out.rejects.append(bad)
            continue
        record = _record(source, e, abstracts, k == len(entries) - 1, out)
        if record is not None:
            out.records.append(record)
    # A paper's fields with no "arXiv:<id>" line above them (a digest that prints a listing's
    # Title:/Authors:/Subjects: but not its identifiers) are not read as entries: each such
    # block is a reject, so the papers it prints are not reported as a page that lists none.
    starts = sorted([*orphans, *(e.start for e in entries)])
    for at in orphans:
        nxt = next((k for k in starts if k > at), len(lines))
        block = [_clean(x) for x in lines[at:nxt] if x.strip()]
        out.rejects.append(reject(source, at + 1, "a paper's Title: with no arXiv identifier line above it", block))
    if not entries and not orphans:
        head = [_clean(x) for x in lines[:40]]
        out.rejects.append(reject(source, 1, "an arXiv listing page that lists no paper", head, "no_listing"))
    return out


def _subject_text(code: str) -> str:
    return f"{categories.label(code) or code} ({code})"


def render(records: list[Record], page: Page | None = None) -> str:
    """A /recent page as a person reads it: day headings, then the entries announced that day."""
    out = ["Authors and titles for recent submissions", ""]
    day: str | None = "unset"
    for n, r in enumerate(records, 1):
        if r.date != day:
            day = r.date
            if r.date is not None:
                d = dt.date.fromisoformat(r.date)
                out += [f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year}", ""]
        version = r.identifiers.get("arxiv_version", "")
        out.append(f"[{n}] arXiv:{r.arxiv_id}{version} [pdf, other]")
        out.append(f"Title: {r.title}")
        names = [d.get("raw_name", a) if d else a for a, d in zip(r.authors, r.author_details or [{}] * len(r.authors))]
        out.append(", ".join(names) + (", et al." if r.authors_truncated else ""))
        if r.remark:
            out.append(f"Comments: {r.remark}")
        if r.venue:
            out.append(f"Journal-ref: {r.venue}")
        out.append("Subjects: " + "; ".join(_subject_text(c) for c in r.categories))
        out.append("")
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="arXiv listing pages (/list/<archive>/new, recent, pastweek): id, title, authors, subjects, day",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=1,
)
