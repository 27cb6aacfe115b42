"""arXiv API answers (Atom): the 2016 form (a namespace declared on each arxiv: element) and
today's (namespaces on the feed, affiliations and a DOI link per entry) read alike; so are arXiv's
daily listing feeds, in Atom and in RSS 2.0 (ids "oai:arXiv.org:…", authors in one dc:creator).

Parsed with defusedxml: a document that declares entities (a "billion laughs") or points
at external ones is one reject "hostile", never expanded or fetched. A feed cut off
mid-entry keeps its complete entries and rejects the rest in one line. arXiv's error
answers (an entry titled "Error" whose id is under /api/errors) are rejects, not papers.
"""

from __future__ import annotations

import re
import unicodedata
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, SubElement, TreeBuilder

from kg.categories import CODE_RE
from kg.extract.base import Context, InputFormat, reject
from kg.extract.xml_entries import Hostile, lines_at, parse
from kg.identifiers import normalize_arxiv, normalize_doi
from kg.model import AuthorInfo, Extraction, Page, Record


def clean(text: str) -> str:
    """NFC with single spaces (as kg.names.clean, which cannot be imported here: kg.names
    imports kg.extract)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


NAME = "arxiv-atom"

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
# arXiv's daily listing feed (rss.arxiv.org/atom/cs.LG; arXiv/arxiv-docs source/help/atom_specifications.md)
# is Atom too, with its own entry form: <id>oai:arXiv.org:2203.01250v3</id>, the authors in one
# <dc:creator> ("Antonin Monteil, Paul Pegon"), "arXiv:… Announce Type: new \nAbstract: …" as the
# summary, <published> the day of the announcement, <arxiv:journal_reference> and <arxiv:DOI>.
OAI_PREFIX = "oai:arXiv.org:"
ANNOUNCED_RE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*(\S+)\s*(?:Abstract:\s*)?", re.IGNORECASE)
# Announcements of a paper's first version: the day announced is the paper's day. A replacement's
# day is its new version's, not the paper's.
FIRST_ANNOUNCED = {"new", "cross"}
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
SNIFF_CHARS = 8192
# The listing feed in RSS 2.0 (rss.arxiv.org/rss/cs.LG; arxiv-docs source/help/rss_specifications.md):
# the same fields as <item>s, read as the Atom entries they match (unprefixed tags land in Atom's
# namespace, see _atom).
ENTRY_TAGS = (ATOM + "entry", ATOM + "item")
RSS_FIELDS = {"guid": "id", "description": "summary"}


def sniff(lines: list[str]) -> float:
    head = "\n".join(lines[:200])[:SNIFF_CHARS]
    if not head.lstrip().startswith("<"):
        return 0.0
    if "<rss" in head and ("arxiv.org/schemas/atom" in head or "rss.arxiv.org" in head):
        return 0.95
    if "<feed" in head and ("arxiv.org/schemas/atom" in head or "arxiv.org/api" in head):
        return 0.95
    # The API's entries collected into a file of one's own (`<articles><entry …>…`), often with the
    # Atom namespace declared on the first entry only.
    if "<entry" in head and "arxiv.org/abs/" in head:
        return 0.9
    # No other reader takes XML: a document declaring entities is claimed here so that it is
    # reported as hostile rather than as an unknown layout.
    if "<!ENTITY" in head:
        return 0.55
    return 0.0


def _atom(tag: str) -> str:
    """An element without a namespace is read as Atom: entries saved apart from their feed
    (the namespace declared on the first one only, or stripped) are the API's entries still."""
    return tag if tag.startswith("{") else ATOM + tag


class _Target:
    """A TreeBuilder that also notes the line each entry starts on and keeps finished entries,
    so that the entries before a break in the XML are still read."""

    def __init__(self) -> None:
        self.tree = TreeBuilder()
        self.expat = None  # the parser's expat object, set once the parser exists
        self.entries: list[tuple[int, Element]] = []
        self.open_line = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        tag = _atom(tag)
        if tag in ENTRY_TAGS and self.expat is not None:
            self.open_line = self.expat.CurrentLineNumber
        return self.tree.start(tag, attrs)

    def end(self, tag: str) -> Element:
        tag = _atom(tag)
        elem = self.tree.end(tag)
        if tag in ENTRY_TAGS:
            self.entries.append((self.open_line, elem))
        return elem

    def data(self, text: str) -> None:
        self.tree.data(text)

    def close(self) -> Element:
        return self.tree.close()


def _text(elem: Element | None) -> str | None:
    if elem is None or elem.text is None:
        return None
    return " ".join(elem.text.split()) or None


def _record(source: str, line: int, n: int, entry: Element) -> Record:
    """One entry as a record (its title may be empty: the caller rejects it then)."""
    id_url = _text(entry.find(ATOM + "id")) or ""
    title = _text(entry.find(ATOM + "title"))
    listing = id_url.startswith(OAI_PREFIX)
    arxiv = normalize_arxiv(id_url) if "/abs/" in id_url or listing else None
    authors: list[str] = []
    details: list[AuthorInfo] = []
    for author in entry.findall(ATOM + "author"):
        name = _text(author.find(ATOM + "name"))
        if not name:
            continue
        info: AuthorInfo = {}
        affiliations = [a for a in (_text(x) for x in author.findall(ARXIV + "affiliation")) if a]
        if affiliations:
            info["affiliations"] = [{"name": a} for a in affiliations]
        authors.append(clean(name))
        details.append(info)
    if not authors and listing:
        creators = " ".join(_text(x) or "" for x in entry.findall(DC + "creator"))
        authors = [clean(n) for n in re.split(r",\s*|\s+and\s+", creators) if n.strip()]
        details = [{} for _ in authors]
    primary = entry.find(ARXIV + "primary_category")
    category = (primary.get("term") or "").strip() or None if primary is not None else None
    terms = [c for c in (x.get("term", "").strip() for x in entry.findall(ATOM + "category")) if c]
    # arXiv prints the ACM and MSC classes an author gave as category terms too ("E.1; I.2.6",
    # "68P05, 68W32"), and "null" when none: those are not subjects, only codes like "cs.DS" are.
    categories = [c for c in terms if CODE_RE.fullmatch(c) and c != "null"]
    categories = list(dict.fromkeys(([category] if category else []) + categories))
    published = _text(entry.find(ATOM + "published")) or ""
    abstract = _text(entry.find(ATOM + "summary"))
    announced = ANNOUNCED_RE.match(abstract or "") if listing else None
    if announced:
        abstract = abstract[announced.end() :] or None  # type: ignore[index]
        if announced.group(1).lower() not in FIRST_ANNOUNCED:
            published = ""
    date = published[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published[:10]) else None
    identifiers = {"url": id_url} if id_url else {}
    link = next((x.get("href") for x in entry.findall(ATOM + "link") if x.get("rel") == "alternate"), None)
    if listing and link:
        identifiers["url"] = link
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title or "",
        abstract=abstract,
        authors=authors,
        author_count=len(authors) or None,
        category=category,
        categories=categories,
        date=date,
        year=None if date else (int(published[:4]) if published[:4].isdigit() else None),
        venue=_text(entry.find(ARXIV + "journal_ref")) or _text(entry.find(ARXIV + "journal_reference")),
        arxiv_id=arxiv[0] if arxiv else None,
        doi=normalize_doi(_text(entry.find(ARXIV + "doi")) or _text(entry.find(ARXIV + "DOI"))),
        identifiers=identifiers,
        remark=_text(entry.find(ARXIV + "comment")),
        author_details=details if any(details) else [],
        locator=f"/feed/entry[{n}]",
    )


def _from_item(item: Element) -> Element:
    """An RSS <item> of the listing feed as the Atom <entry> it matches: <guid> the id,
    <description> the summary, <link> text the alternate link, <category> text the terms,
    <pubDate> (RFC 822) the published day; arxiv: and dc: elements as they are."""
    entry = Element(ATOM + "entry")
    for child in item:
        name = child.tag.removeprefix(ATOM)
        if not child.tag.startswith(ATOM):
            entry.append(child)
        elif name == "link":
            SubElement(entry, ATOM + "link", rel="alternate", href=(child.text or "").strip())
        elif name == "category":
            SubElement(entry, ATOM + "category", term=(child.text or "").strip())
        elif name == "pubDate":
            try:
                day = parsedate_to_datetime((child.text or "").strip()).date().isoformat()
            except (TypeError, ValueError):
                continue
            SubElement(entry, ATOM + "published").text = day
        else:
            SubElement(entry, ATOM + RSS_FIELDS.get(name, name)).text = child.text
    return entry


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    target = _Target()
    try:
        feed = parse(source, lines, target, out, ("the feed", "feed"), "/feed/entry[{}]")
    except Hostile:
        return out
    classes: list[str] = []
    for n, (line, entry) in enumerate(target.entries, start=1):
        rss = entry.tag == ATOM + "item"
        entry = _from_item(entry) if rss else entry
        record = _record(source, line, n, entry)
        record.locator = f"/rss/channel/item[{n}]" if rss else record.locator
        terms = (x.get("term", "").strip() for x in entry.findall(ATOM + "category"))
        classes += [t for t in terms if t and t not in record.categories]
        id_url = _text(entry.find(ATOM + "id")) or ""
        if "/api/errors" in id_url:
            why = f"arXiv answered with an error: {_text(entry.find(ATOM + 'summary')) or id_url}"
        elif not record.title:
            why = f"entry {id_url or n} has no title"
        elif not record.arxiv_id:
            why = f"entry without an arXiv id ({id_url or 'no <id>'})"
        else:
            out.records.append(record)
            continue
        bad = reject(source, line, why, lines_at(lines, line, 40), "bad_entry")
        bad.locator = record.locator
        out.rejects.append(bad)
    if feed is not None:
        total = _text(feed.find(OPENSEARCH + "totalResults"))
        if total and total.isdigit() and int(total) > len(target.entries):
            out.page.notes.append(
                f"arXiv counts {total} results for the query; this answer holds {len(target.entries)}"
            )
    if classes:
        shown = ", ".join(repr(c) for c in dict.fromkeys(classes) if c)
        out.page.notes.append(f"{len(classes)} category terms are ACM/MSC classes, not arXiv categories: {shown[:200]}")
    out.rejects.sort(key=lambda r: r.line)
    return out


FORMAT = InputFormat(
    name=NAME,
    description="arXiv API answers (Atom feeds), old and new forms, and the daily listing feeds (Atom, RSS)",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
