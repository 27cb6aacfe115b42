"""DBLP person XML (https://dblp.org/pid/<pid>.xml, the "XML" export of a person page).

    <dblpperson name="Di Xu 0001" pid="95/7448-1" n="8">
    <person key="homepages/95/7448-1"><author pid="95/7448-1">Di Xu 0001</author>
      <note type="affiliation">…</note><url>https://orcid.org/…</url></person>
    <homonyms n="1"><h f="x/Xu:Di"><person publtype="disambiguation" …></h></homonyms>
    <r><inproceedings key="conf/icip/XuDN10" mdate="…">
      <author pid="95/7448-1" orcid="…">Di Xu 0001</author>… <title>….</title>
      <year>2010</year><booktitle>ICIP</booktitle><ee>https://doi.org/…</ee></inproceedings></r>
    <coauthors n="5"><co c="0"><na f="d/Doutre:Colin" pid="58/3497">Colin Doutre</na></co></coauthors>

The same facts as the page reader (kg.extract.dblp) reads from the page, into the same fields,
so a person saved both ways gives the same papers and people: titles without DBLP's closing
period, authors without homonym numbers (the numbered name in `AuthorInfo.dblp`, the pid in
`dblp_pid`), the venue as the page prints it ("ICIP 2010", "IEEE Trans. Vis. Comput. Graph.
17(3)", "CoRR abs/1811.11082"), the year (no day), the entry type the page's letter names, the
key in `identifiers["dblp"]`, a CoRR preprint's arXiv id, the first DOI among the electronic
editions. The coauthor index gives each coauthor's DBLP name, as on the page.

`<www>` records (homepages) are no papers: they become page notes. Parsed with defusedxml: a
document declaring entities is one reject "hostile"; a file cut off keeps its complete entries.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, TreeBuilder

from kg.extract.arxiv_atom import clean
from kg.extract.base import Context, InputFormat, reject
from kg.extract.dblp import CORR_RE, HOMONYM_RE, take_index_names
from kg.extract.xml_entries import Hostile, lines_at, parse
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi, normalize_orcid
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "dblp-xml"
SNIFF_CHARS = 8192

# The element inside <r> -> the entry type the page reader names by the entry's letter.
ENTRY_TYPES = {
    "article": "article",
    "inproceedings": "inproceedings",
    "proceedings": "proceedings",
    "book": "book",
    "phdthesis": "book",  # the page lists theses with books ("[b1]")
    "mastersthesis": "book",
    "incollection": "incollection",
    "data": "data",
}


def sniff(lines: list[str]) -> float:
    head = "\n".join(lines[:200])[:SNIFF_CHARS]
    if head.lstrip().startswith("<") and "<dblpperson" in head:
        return 0.95
    return 0.0


class _Target:
    """A TreeBuilder that notes the lines each <r> spans and keeps the finished ones, so that
    the entries before a break in the XML are still read."""

    def __init__(self) -> None:
        self.tree = TreeBuilder()
        self.expat = None  # the parser's expat object, set once the parser exists
        self.entries: list[tuple[int, int, Element]] = []  # (first line, last line, <r>)
        self.open_line = 0
        self.depth = 0
        self.root: Element | None = None  # the root as far as it was read, for a cut-off file

    def _line(self) -> int:
        return self.expat.CurrentLineNumber if self.expat is not None else 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.depth += 1
        if tag == "r" and self.depth == 2:
            self.open_line = self._line()
        elem = self.tree.start(tag, attrs)
        if self.depth == 1:
            self.root = elem
        return elem

    def end(self, tag: str) -> Element:
        elem = self.tree.end(tag)
        if tag == "r" and self.depth == 2:
            self.entries.append((self.open_line, self._line(), elem))
        self.depth -= 1
        return elem

    def data(self, text: str) -> None:
        self.tree.data(text)

    def close(self) -> Element:
        return self.tree.close()


def _text(elem: Element | None) -> str:
    """The element's text with its markup (<i>, <sub>, <sup>, <tt>) flattened."""
    return clean("".join(elem.itertext())) if elem is not None else ""


def _coauthors(root: Element | None) -> dict[str, tuple[str, list[str]]]:
    """pid -> (DBLP name, the other names of the same index entry), as the page's index gives."""
    index: dict[str, tuple[str, list[str]]] = {}
    if root is None:
        return index
    for co in root.iterfind("coauthors/co"):
        names = [(na.get("pid") or "", _text(na)) for na in co.findall("na")]
        printed = [n for _, n in names if n]
        for pid, name in names:
            if pid and name:
                index[pid] = (name, [n for n in printed if n != name])
    return index


def _venue(entry: Element, year: int | None) -> str | None:
    """The venue as the page prints it: "ICIP 2010", "Nucleic Acids Res. 19(1)", "CoRR abs/…"."""
    journal = _text(entry.find("journal"))
    volume = _text(entry.find("volume"))
    number = _text(entry.find("number"))
    if journal:
        return " ".join(x for x in (journal, volume + (f"({number})" if number else "")) if x)
    booktitle = _text(entry.find("booktitle")) or _text(entry.find("series")) or _text(entry.find("school"))
    if booktitle:
        return f"{booktitle} {year}" if year and entry.tag in ("inproceedings", "proceedings") else booktitle
    return _text(entry.find("publisher")) or None


def _entry_type(entry: Element) -> str:
    publtype = entry.get("publtype") or ""
    if "informal" in publtype.split():
        return "informal"
    if publtype == "encyclopedia":
        return "reference"
    return ENTRY_TYPES.get(entry.tag, entry.tag)


def _arxiv(entry: Element, venue: str | None, ees: list[str]) -> str | None:
    corr = CORR_RE.search(venue or "")
    if corr:
        return corr.group("id")
    for url in ees:
        found = normalize_arxiv(url) if "arxiv.org/abs/" in url else arxiv_of_doi(url)
        if found:
            return found[0]
    return None


def _record(
    source: str,
    line: int,
    n: int,
    entry: Element,
    index: dict[str, tuple[str, list[str]]],
    owner: tuple[str, str | None],
) -> Record:
    owner_pid, owner_orcid = owner
    title = _text(entry.find("title"))
    if title.endswith("."):
        title = title[:-1]  # DBLP closes every title with a period; "?" and "!" are the title's own
    year_text = _text(entry.find("year"))
    year = int(year_text) if year_text.isdigit() else None
    venue = _venue(entry, year)
    ees = [_text(ee) for ee in entry.findall("ee")]
    doi = next((normalize_doi(url) for url in ees if "doi.org/" in url), None)
    people = entry.findall("author") or entry.findall("editor")  # proceedings print their editors
    names: list[str] = []
    details: list[AuthorInfo] = []
    for person in people:
        printed = _text(person)
        if not printed:
            continue
        info = AuthorInfo()
        m = HOMONYM_RE.fullmatch(printed)
        name = m.group("name") if m else printed
        pid = person.get("pid")
        orcid = normalize_orcid(person.get("orcid")) or (owner_orcid if pid and pid == owner_pid else None)
        if orcid:
            info["orcid"] = orcid
        if m:
            info["dblp"] = printed
            info["raw_name"] = printed
        if pid:
            info["dblp_pid"] = pid
            info["dblp"] = printed  # DBLP's name for the person, as the page's index gives it
            known = index.get(pid)
            if known:
                take_index_names(info, name, *known)
        names.append(name)
        details.append(info)
    key = entry.get("key")
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        authors=names,
        year=year,
        venue=venue,
        arxiv_id=_arxiv(entry, venue, ees),
        doi=doi,
        identifiers={"dblp": key} if key else {},
        entry_type=_entry_type(entry),
        author_details=details if any(details) else [],
        locator=f"/dblpperson/r[{n}]",
    )


def _person(root: Element, page: Page) -> tuple[str | None, str | None, list[str]]:
    """The owner's pid, ORCID and other names, from dblpperson@pid and its <person> record;
    affiliations and links become page notes."""
    pid = root.get("pid")
    orcid = None
    aka: list[str] = []
    person = root.find("person")
    if person is not None:
        names = [_text(a) for a in person.findall("author")]
        aka = [HOMONYM_RE.sub(r"\g<name>", n) for n in names[1:] if n]  # several names: "aka"
        for note in person.findall("note"):
            label = note.get("label")
            page.notes.append(f"DBLP {note.get('type') or 'note'}{f' ({label})' if label else ''}: {_text(note)}")
        for url in person.findall("url"):
            link = _text(url)
            orcid = orcid or (normalize_orcid(link) if "orcid.org/" in link else None)
            page.notes.append(f"DBLP link: {link}")
    homonyms = [(_text(h.find("person/author")), h.find("person/author")) for h in root.iterfind("homonyms/h")]
    if homonyms:
        shown = ", ".join(f"{n} ({a.get('pid')})" for n, a in homonyms if a is not None)
        others = "another person" if len(homonyms) == 1 else f"{len(homonyms)} other persons"
        page.notes.append(f"DBLP lists {others} of this name: {shown}")
    return pid, orcid, aka


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    target = _Target()
    try:
        root = parse(source, lines, target, out, ("the DBLP XML", "file"), "/dblpperson/r[{}]")
    except Hostile:
        return out
    if root is not None and root.tag != "dblpperson":
        bad = reject(source, 1, f"an XML document whose root is <{root.tag}>, not <dblpperson>", lines_at(lines, 1, 20))
        bad.code = "bad_syntax"
        out.rejects.append(bad)
        return out
    # The root as far as it was read: a cut-off file still has its name, person and entries.
    top = root if root is not None else target.root
    owner_pid, owner_orcid, owner_aka = (None, None, [])
    if top is not None:
        name = top.get("name")
        out.page.owner = HOMONYM_RE.sub(r"\g<name>", name) if name else None
        owner_pid, owner_orcid, owner_aka = _person(top, out.page)
        total = top.get("n")
        if root is not None and total and total.isdigit() and int(total) != len(target.entries):
            out.page.notes.append(f"DBLP counts {total} entries for the person; this file holds {len(target.entries)}")
    index = _coauthors(top)
    for _, _, r in target.entries:  # a homepage record's ORCID is the owner's, wherever it stands
        for url in r.iterfind("www/url"):
            if "orcid.org/" in _text(url) and owner_orcid is None:
                owner_orcid = normalize_orcid(_text(url))
    for n, (first, last, r) in enumerate(target.entries, start=1):
        raw = lines_at(lines, first, last - first + 1)
        entry = next(iter(r), None)
        if entry is None:
            bad = reject(source, first, f"DBLP entry {n} is empty", raw, "bad_entry")
        elif entry.tag == "www":
            # A homepage record, no paper: its links are the owner's when it is the owner's.
            links = [_text(u) for u in entry.findall("url")]
            out.page.notes.append(f"DBLP homepage record {entry.get('key')}: {', '.join(links) or 'no link'}")
            continue
        else:
            record = _record(source, first, n, entry, index, (owner_pid or "", owner_orcid))
            if record.title and entry.tag in ENTRY_TYPES:
                if owner_aka:
                    _owner_aka(record, owner_pid, owner_aka)
                out.records.append(record)
                continue
            why = "has no title" if entry.tag in ENTRY_TYPES else f"is a <{entry.tag}>, no publication kg reads"
            bad = reject(source, first, f"DBLP entry {entry.get('key') or n} {why}", raw, "bad_entry")
        bad.locator = f"/dblpperson/r[{n}]"
        out.rejects.append(bad)
    out.rejects.sort(key=lambda r: r.line)
    return out


def _owner_aka(record: Record, owner_pid: str | None, aka: list[str]) -> None:
    """The other names the owner's person record lists, on the owner's author entry."""
    for name, info in zip(record.authors, record.author_details):
        if owner_pid and info.get("dblp_pid") == owner_pid:
            others = sorted(set(aka) - {name})
            if others:
                info["aka"] = sorted({*info.get("aka", []), *others})


FORMAT = InputFormat(
    name=NAME,
    description="DBLP person XML (dblp.org/pid/….xml): entries, authors with pids and ORCIDs, coauthor index",
    sniff=sniff,
    extract=extract,
    priority=1,
    kind="export",
)
