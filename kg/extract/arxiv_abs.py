"""arXiv abstract pages (arxiv.org/abs/<id>), one paper a page, however they were captured.

What the page prints, in order, as found in real captures (a clipper's note with the page's
text under its own headings, a feed tool's text with the page on a few long lines, a Jina
reader's Markdown, an agent's fetch with HTML entities left in):

    Computer Science > Artificial Intelligence arXiv:2605.27712 (cs) [Submitted on 26 May 2026]
    Title: Prefix-Safe Bayesian Belief Tracking …
    Authors: Zhenghan Song , Yunyi Li , Yulong Liu          <- linked names in Markdown and HTML
    View a PDF of the paper titled …, by Zhenghan Song and 2 other authors
    View PDF HTML (experimental) Abstract: <the abstract>   <- "> Abstract:" in Jina's Markdown
    Comments: Accepted at ACL 2024                          <- Record.remark
    Subjects: Artificial Intelligence (cs.AI); …            <- primary first (a text copy may drop the label)
    Journal reference: Proc. … (Odyssey 2024), 266-273      <- Record.venue
    Cite as: arXiv:2605.27712 [cs.AI] (or arXiv:2605.27712v1 [cs.AI] for this version)
    https://doi.org/10.48550/arXiv.2605.27712               <- arXiv's own DOI: not Record.doi
    Related DOI: https://doi.org/10.21437/odyssey.2024-38   <- the published version's DOI: Record.doi
    Submission history From: Zhenghan Song [view email]     <- Record.submitted_by
    [v1] Tue, 26 May 2026 21:37:20 UTC (10,795 KB)          <- v1's day: Record.date
    Full-text links: … Current browse context … Bookmark … Which authors of this paper are endorsers?

The date is the first version's, as arxiv_atom reads the API's <published> (a later version's
day belongs to that version); the version the page shows goes to identifiers["arxiv_version"].
arXiv's own DOI (10.48550/arXiv.<id>) names the preprint the arXiv id already names: like
arxiv_atom, only the related DOI (the journal's) becomes Record.doi. What follows the
submission history ("Full-text links", browse context, citation tools, arXivLabs) is page
furniture, counted as chrome. A capture that drops the author list gives a record without
authors and an unknown count; "View a PDF of the paper titled X, by A and 2 other authors"
gives the first author and the count, no more ("by A and B and C" names them all). Real pages
disagree with themselves (three names listed, "by A and 1 other authors"): the list is kept and
a page note says what the link said. A Jina batch ("[N] Title:" / "[N] URL Source:")
is split as hf_paper splits it: each abstract page in it is read, any other document is one
reject (save it alone to read it). A crawler's copy of the page's text that lost the labels
(the title, the names and the abstract on lines of their own under "[Submitted on …]") is read
by place from the plain text, whose lines a Markdown view would join.

A saved page's HTML is read from the capture layer's text of it (the descriptors "Title:",
"Authors:", "Abstract:" and the metatable's labels are in the visible text). Its Highwire meta
tags (citation_title, citation_author, citation_arxiv_id, citation_date) would be a second
source, but kg.capture.html does not pass them on in View.meta yet.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from kg import categories
from kg.capture import View, view_of
from kg.extract.arxiv_listing import is_name_list, split_authors, subject_codes
from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.hf_paper import BATCH_RE, BatchPart, batch_parts
from kg.identifiers import normalize_arxiv, normalize_doi
from kg.model import Extraction, Page, Record

NAME = "arxiv-abs"

_ID = r"(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
# The labels of the page, where a field starts; "View a PDF …" and "View PDF" end the author list.
LABEL_RE = re.compile(
    r"(?<![\w-])(?:(?P<label>Title|Authors|Abstract|Comments|Subjects|Journal[ -]ref(?:erence)?|Report[ -]number"
    r"|MSC[ -]class(?:es)?|ACM[ -]class(?:es)?|Cite as|Related DOI|Full-text links)\s*:"
    r"|(?P<history>Submission history)\b|(?P<view>View a PDF of the paper titled|View PDF)\b"
    r"|(?P<help>Focus to learn more|arXiv-issued DOI via DataCite|DOI\(s\) linking to related resources))"
)
CITE_RE = re.compile(rf"^\[?arXiv:(?P<id>{_ID})\]?")
THIS_VERSION_RE = re.compile(rf"\(or \[?arXiv:(?P<id>{_ID})\]?")
HEADER_ID_RE = re.compile(rf"arXiv:(?P<id>{_ID}) \([\w.-]+\)")  # "arXiv:2605.27712 (cs)" above the title
ABS_PAGE_RE = re.compile(rf"Abstract page for arXiv paper (?P<id>{_ID})")
ABS_URL_RE = re.compile(rf"arxiv\.org/abs/(?P<id>{_ID})")  # a tool's note above the page: "Fetched … from <url>"
HISTORY_FROM_RE = re.compile(r"Submission history\s*From:")
SUBMITTED_RE = re.compile(r"\[Submitted on (?P<day>\d{1,2} [A-Z][a-z]{2} \d{4})")
DATELINE_VERSION_RE = re.compile(r"\(this version, (?P<v>v\d+)\)\]")
DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"
VERSION_RE = re.compile(rf"\[v(?P<n>\d+)\]\S*\s+(?P<day>{DAY})")
FROM_RE = re.compile(r"From:\s*(?P<who>.+?)\s*\[+\s*view email")
BY_RE = re.compile(r"^(?P<title>.+), by (?P<by>.+?)$")
OTHERS_RE = re.compile(r"^(?P<first>.+?) and (?P<n>\d+) other authors?$")
TITLE_ID_RE = re.compile(rf"^\[{_ID}\]\s*")  # a browser's title: "[1706.03762] Attention Is All You Need"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Where the paper's fields end and the page's furniture starts (when "Full-text links:" is not captured).
FURNITURE = (
    "Access Paper:",
    "Current browse context",
    "References & Citations",
    "Bookmark",
    "Bibliographic Tools",
    "Bibliographic and Citation Tools",
    "Which authors of this paper are endorsers?",
)
SNIFF_CHARS = 30_000  # the page is at the top of a capture; a log quoting one further down is not one


def _page_kind(text: str) -> str | None:
    """The marks every abstract page prints: its "Submission history" with "Cite as:", the
    "[Submitted on …]" line above the title or the submitter ("Submission history From:"), and an
    "Abstract:" label ("labelled"); or, in a copy of the page's text that lost the labels, "Cite as:"
    and the dateline ("unlabelled"); None for no abstract page."""
    if "Submission history" not in text:
        return None
    cite, submitted = "Cite as:" in text, SUBMITTED_RE.search(text) is not None
    abstract = any(m.group("label") == "Abstract" for m in LABEL_RE.finditer(text))
    if abstract and (cite or submitted or HISTORY_FROM_RE.search(text)):
        return "labelled"
    return "unlabelled" if cite and submitted else None


def sniff(lines: list[str]) -> float:
    head: list[str] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line) + 1
        if size > SNIFF_CHARS:
            break
    kind = _page_kind("\n".join(head))
    if kind is None:
        return 0.0
    # A tool's JSON output holding the page as one string ("…\\n Submission history From: …"): not a capture.
    if not any("Submission history" in line and "\\n" not in line for line in head):
        return 0.0
    if kind == "unlabelled" and view_of(lines) is not None:
        return 0.9  # title, authors and abstract are told apart by their lines, which a Markdown view joins
    return 0.95


@dataclass
class _Piece:
    at: int  # view line index
    label: str | None  # "Title", "Authors" … ; "history", "view"; None: text continuing a field
    text: str


@dataclass
class _Paper:
    start: int
    title: str | None = None
    title_at: int | None = None
    authors: str | None = None
    by: str | None = None  # "A and 2 other authors" from "View a PDF of the paper titled …, by …"
    by_title: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)
    first: int = 0
    last: int = 0
    unlabelled: bool = False  # title, authors and abstract read by their place, the labels gone


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _pieces(view: View, part: BatchPart) -> list[_Piece]:
    """The part's lines cut at each label, batch headers left out."""
    out: list[_Piece] = []
    for i in range(part.start, part.end):
        text = _clean(view.lines[i])
        if not text or BATCH_RE.match(text) or (view.kinds and view.kinds[i] == "pre"):
            continue  # a batch's header; a code block (a crawler's JSON copy of the page)
        pos, label = 0, None
        for m in LABEL_RE.finditer(text):
            before = text[pos : m.start()].strip()
            if before or label:
                out.append(_Piece(i, label, before))
            label = m.group("label") or next(k for k in ("history", "help", "view") if m.group(k))
            pos = m.end()
            if label == "view":  # the phrase is the piece's own text
                pos = m.start() + len("View a PDF of the paper titled" if "a PDF" in m.group(0) else "View PDF")
        rest = text[pos:].strip()
        if rest or label:
            out.append(_Piece(i, label, rest))
    return out


def _subjects_line(text: str) -> bool:
    """A line of subjects with no label ("Computation and Language (cs.CL); Machine Learning (cs.LG)")."""
    parts = [p for p in text.split(";") if p.strip()]
    codes = subject_codes(text)
    return bool(parts) and len(codes) == len(parts) and all(categories.is_known(c) for c in codes)


def _read(view: View, part: BatchPart, pieces: list[_Piece]) -> _Paper | None:
    anchor = next((k for k, p in enumerate(pieces) if p.label == "Abstract"), None)
    if anchor is None:
        return _read_unlabelled(pieces)
    paper = _Paper(start=part.start, first=pieces[anchor].at)
    # Title and authors: between the last heading above "Abstract:" (a note's own heading) and it.
    top = max(
        (
            k + 1
            for k in range(anchor)
            if pieces[k].label is None and view.kinds and view.kinds[pieces[k].at] in HEADINGS
        ),
        default=0,
    )
    head = pieces[top:anchor]
    titles = [k for k, p in enumerate(head) if p.label == "Title"]
    authors = [k for k, p in enumerate(head) if p.label == "Authors"]
    if titles:
        k = titles[-1]
        # "Title: X" is one line; a copy that breaks after "Title:" has the title on the lines below
        stop = k + 1 if head[k].text else next((j for j in range(k + 1, len(head)) if head[j].label), len(head))
        paper.title = " ".join(p.text for p in head[k:stop] if p.text) or None
        paper.title_at = head[k].at
        paper.first = min(paper.first, head[k].at)
    if authors:
        k = authors[-1]
        stop = next((j for j in range(k + 1, len(head)) if head[j].label), len(head))
        paper.authors = " ".join(p.text for p in head[k:stop] if p.text)
        paper.first = min(paper.first, head[k].at)
    # "View a PDF of the paper titled X, by …": the first one (the page prints it twice).
    for p in pieces:
        m = BY_RE.match(p.text) if p.label == "view" else None
        if m:
            paper.by_title, paper.by = m.group("title"), m.group("by")
            break
    current: str | None = None
    for p in pieces[anchor:]:
        if p.label == "Full-text links" or (p.label is None and p.text.startswith(FURNITURE)):
            break
        if p.label == "view":
            continue
        if p.label == "help":  # the help text under arXiv's DOI ends the field before it, and is no field
            current, paper.last = None, p.at
            continue
        if p.label:
            current = p.label
            paper.fields.setdefault(current, [])
        elif current != "Subjects" and "Subjects" not in paper.fields and _subjects_line(p.text):
            current = "Subjects"
            paper.fields[current] = []
        if current and p.text:
            paper.fields[current].append(p.text)
        paper.last = p.at
    return paper


def _read_unlabelled(pieces: list[_Piece]) -> _Paper | None:
    """A copy of the page's text without its labels: "[Submitted on …]", then the title, the
    authors and the abstract on lines of their own, up to the first labelled field."""
    at = next((k for k, p in enumerate(pieces) if SUBMITTED_RE.search(p.text)), None)
    label = next((k for k, p in enumerate(pieces) if p.label and k > (at or 0)), None)
    if at is None or label is None or label - at < 3:
        return None
    title, authors, *abstract = pieces[at + 1 : label]
    if title.label or authors.label or not is_name_list(authors.text):
        return None
    paper = _Paper(start=pieces[at].at, title=title.text, title_at=title.at, authors=authors.text, first=pieces[at].at)
    paper.fields["Abstract"] = [p.text for p in abstract if p.text]
    current: str | None = None
    for p in pieces[label:]:
        if p.label == "Full-text links" or (p.label is None and p.text.startswith(FURNITURE)):
            break
        if p.label == "view":
            continue
        if p.label == "help":
            current, paper.last = None, p.at
            continue
        if p.label:
            current = p.label
            paper.fields.setdefault(current, [])
        if current and p.text:
            paper.fields[current].append(p.text)
        paper.last = p.at
    paper.unlabelled = True
    return paper


def _day(text: str, fmt: str) -> str | None:
    try:
        return dt.datetime.strptime(text, fmt).date().isoformat()
    except ValueError:
        return None


def _field(paper: _Paper, *labels: str) -> str | None:
    for label in labels:
        if paper.fields.get(label):
            return " ".join(paper.fields[label])
    return None


def _arxiv_id(view: View, part: BatchPart, paper: _Paper, out: Extraction) -> tuple[str, str | None] | None:
    """The page's id: "Cite as:", else the header above the title, else the capture's address."""
    cite = _field(paper, "Cite as") or ""
    m = CITE_RE.match(cite)
    found = normalize_arxiv(m.group("id")) if m else None
    text = " ".join(_clean(view.lines[i]) for i in range(part.start, paper.first + 1))
    m_head = HEADER_ID_RE.search(text) or ABS_PAGE_RE.search(text) or ABS_PAGE_RE.search(part.title)
    found = found or (normalize_arxiv(m_head.group("id")) if m_head else None)
    url = part.url or view.meta.get("url") or view.meta.get("source") or ""
    said = normalize_arxiv(url) if "arxiv.org/abs/" in url else None
    if found and said and said[0] != found[0]:
        out.page.notes.append(f"the page cites arXiv:{found[0]} but was saved from {url}: the page's id is kept")
    found = found or said
    m_url = ABS_URL_RE.search(text) if found is None else None
    found = normalize_arxiv(m_url.group("id")) if m_url else found
    this = THIS_VERSION_RE.search(cite)
    version = normalize_arxiv(this.group("id")) if this else None
    if found and version and version[0] == found[0] and version[1]:
        found = (found[0], version[1])
    return found


def _authors(paper: _Paper, out: Extraction, arxiv: str) -> tuple[list[str], bool, int | None, list]:
    """Names, cut or not, count and details: the "Authors:" line, else only what "by …" says."""
    said: int | None = None
    named: list[str] = []
    if paper.by:
        m = OTHERS_RE.match(paper.by)
        if m:
            named, said = [m.group("first")], int(m.group("n")) + 1
        else:
            named = [n.strip() for n in paper.by.split(" and ")]
            said = len(named)
    if paper.authors and paper.authors.replace(",", "").strip():
        names, details, truncated = split_authors(paper.authors)
        count = None if truncated else len(names)
        if said is not None and count is not None and said != count:
            out.page.notes.append(f"arXiv:{arxiv}: {count} authors listed, the PDF link says {said}")
        return names, truncated, count, details if any(details) else []
    if paper.by:
        out.page.notes.append(
            f'arXiv:{arxiv}: the capture prints no author list; the authors are what "View a PDF … by {paper.by}" says'
        )
        return named, len(named) < (said or 0), said, []
    commas = paper.authors.count(",") if paper.authors else 0
    left = f' ("Authors:" with {commas} commas between names it dropped)' if commas else ""
    out.page.notes.append(f"arXiv:{arxiv}: the capture prints no author names{left}: the record has none and no count")
    return [], False, None, []


def _record(source: str, view: View, part: BatchPart, paper: _Paper, out: Extraction) -> Record | None:
    arxiv = _arxiv_id(view, part, paper, out)
    raw = view.lines[part.start : part.end]
    if arxiv is None:
        out.rejects.append(reject(source, paper.first + 1, "an arXiv abstract page with no arXiv identifier", raw))
        return None
    title = paper.title or paper.by_title or part.title or view.meta.get("title") or ""
    title = TITLE_ID_RE.sub("", _clean(title))
    if not title:
        out.rejects.append(reject(source, paper.first + 1, f"arXiv:{arxiv[0]}: an abstract page with no title", raw))
        return None
    if not paper.title:
        out.page.notes.append(f'arXiv:{arxiv[0]}: the capture prints no "Title:"; the title is the capture\'s own')
    history = _field(paper, "history") or ""
    versions = [(int(m.group("n")), m.group("day")) for m in VERSION_RE.finditer(history)]
    head = " ".join(_clean(view.lines[i]) for i in range(part.start, paper.first + 1))
    first = next((day for n, day in versions if n == 1), None)
    date = _day(first, "%a, %d %b %Y") if first else None
    if date is None:
        m = SUBMITTED_RE.search(head)
        date = _day(m.group("day"), "%d %b %Y") if m else None
    dateline = DATELINE_VERSION_RE.search(head)
    version = arxiv[1] or (f"v{max(n for n, _ in versions)}" if versions else None)
    version = version or (dateline.group("v") if dateline else None)
    submitter = FROM_RE.search(history)
    names, truncated, count, details = _authors(paper, out, arxiv[0])
    codes = subject_codes(_field(paper, "Subjects") or "")
    if not codes:
        m = re.search(r"\[(?P<code>[a-z-]+(?:\.[A-Za-z-]+)?)\]", _field(paper, "Cite as") or "")
        codes = [m.group("code")] if m else []
    unknown = [c for c in codes if not categories.is_known(c)]
    if unknown:
        out.page.notes.append(f"arXiv:{arxiv[0]}: subject codes not in arXiv's taxonomy: {', '.join(unknown)}")
    identifiers = {"url": f"https://arxiv.org/abs/{arxiv[0]}"}
    if version:
        identifiers["arxiv_version"] = version
    return Record(
        source=source,
        line=(paper.title_at if paper.title_at is not None else paper.first) + 1,
        layout=NAME,
        title=title,
        abstract=_field(paper, "Abstract"),
        authors=names,
        authors_truncated=truncated,
        author_count=count,
        category=codes[0] if codes else None,
        categories=codes,
        date=date,
        venue=_field(paper, "Journal reference", "Journal-ref", "Journal ref"),
        arxiv_id=arxiv[0],
        doi=normalize_doi(_field(paper, "Related DOI")),
        identifiers=identifiers,
        entry_type="preprint",
        submitted_by=submitter.group("who") if submitter else None,
        remark=_field(paper, "Comments"),
        author_details=details,
    )


def _is_abs_page(view: View, part: BatchPart) -> bool:
    return _page_kind("\n".join(_clean(view.lines[i]) for i in range(part.start, part.end)))


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    view = view_of(lines) or View.plain(lines)
    for part in batch_parts(view):
        if not _is_abs_page(view, part):
            what = f"document [{part.number}] of the batch ({part.url or part.title or 'no address'})"
            why = f"{what} is not an arXiv abstract page; kg reads it from a file of its own"
            out.rejects.append(reject(source, part.start + 1, why, view.lines[part.start : part.end], "unparsed"))
            continue
        bad = too_long(source, part.start + 1, view.lines[part.start : part.end])
        if bad:
            out.rejects.append(bad)
            continue
        paper = _read(view, part, _pieces(view, part))
        if paper is None:
            why = 'an arXiv abstract page with no "Abstract:"'
            out.rejects.append(reject(source, part.start + 1, why, view.lines[part.start : part.end]))
            continue
        record = _record(source, view, part, paper, out)
        if record is None:
            continue
        out.records.append(record)
        if paper.unlabelled:
            out.page.notes.append(
                f"arXiv:{record.arxiv_id}: the capture lost the page's Title:, Authors: and Abstract: labels; "
                'they are read by their place under "[Submitted on …]"'
            )
        # the capture around the page, the browse context, citation tools, arXivLabs
        out.page.chrome_lines += (part.end - part.start) - (paper.last - paper.first + 1)
    return out


FORMAT = InputFormat(
    name=NAME,
    description="arXiv abstract pages (arxiv.org/abs/<id>) as text, Markdown or HTML: one paper a page",
    sniff=sniff,
    extract=extract,
    priority=1,
)
