"""DBLP person pages (dblp.org/pid/…): year headings, numbered entries, the coauthor index.

As a person reads one (and as kg's Markdown capture gives it, the venue linked):

    2019                                                   <- year heading
    [c11] Chi Nhan Duong, Khoa Luu, Eric Patterson, Ngan Le:   <- entry number, authors
    Automatic Face Aging in Videos via Deep Reinforcement Learning. CVPR 2019: 10013-10022
    2018
    [i1] Chi Nhan Duong, Eric Patterson, Ngan Le:
    Automatic Face Aging in Videos via Deep Reinforcement Learning. CoRR abs/1811.11082 (2018)
    …
    T. Hoang Ngan Le                                       <- coauthor index: name, "aka", entries
    aka: Ngan Le
    [c11] [i1]

What is read:
- the page owner: the one author printed without a link in (nearly) every entry (`Page.owner`);
- per entry a record: title (DBLP's closing period dropped), authors as printed with a homonym
  number ("Jun Li 0033") cut off and kept in `AuthorInfo.dblp`, the venue, the year (a year, not
  a day: `date` stays None), the entry type from the number's letter, the entry key from the
  venue link ("conf/cvpr/DuongLQNPBL19", `identifiers["dblp"]`), the arXiv id of a CoRR
  preprint, a DOI where an electronic-edition link gives one;
- from the coauthor index: each coauthor's DBLP name with its homonym number and the names the
  index says are the same person ("aka"), attached to that coauthor's `author_details` as
  evidence for merging people.

A CoRR preprint and its published version stay two records with the same title; resolution
joins them (the preprint carries the arXiv id, the published one the venue and its DOI).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.capture import view_of
from kg.extract.base import Context, InputFormat, reject, too_long
from kg.identifiers import normalize_doi
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "dblp"

YEAR_RE = re.compile(r"(?:19|20)\d{2}")
LABEL_RE = re.compile(r"\[(?P<label>(?P<kind>[a-z]{1,2})(?P<n>\d+))\](?:\s+(?P<rest>.*))?")
REFS_RE = re.compile(r"(?:\[[a-z]{1,2}\d+\]\s*)+")
AKA_RE = re.compile(r"aka:\s*(?P<names>.+)")
HOMONYM_RE = re.compile(r"^(?P<name>.*\S)\s+(?P<number>\d{4})$")
# The Markdown a crawler saves glues a venue's parts: "CVPR2019", "CoRRabs/1811.11082".
GLUED_YEAR_RE = re.compile(r"(?<=[A-Za-z)])(?=(?:19|20)\d{2}\b)|(?<=[A-Za-z]\.)(?=\d)")
CORR_RE = re.compile(r"CoRR ?abs/(?P<id>\d{4}\.\d{4,5}|[a-z-]+/\d{7})")
VENUE_YEAR_RE = re.compile(r"\((?P<year>(?:19|20)\d{2})\)$")
KEY_RE = re.compile(r"dblp\.[\w.-]+/(?:db|rec)/.*?#(?P<key>[\w/+-]+)$|dblp\.[\w.-]+/rec/(?P<rec>[\w/+-]+?)(?:\.html)?$")
PID_RE = re.compile(r"dblp\.[\w.-]+/pid/(?P<pid>[\w/-]+?)(?:\.html)?$")
NAME_RE = re.compile(r"[^\W\d_][^\W\d_.'’ -]*\.?(?:[ -]+[^\W\d_][^\W\d_.'’-]*\.?|'[^\W\d_]+)*")
KEY_TEXT_RE = re.compile(
    r"(?:https?://dblp\.[\w.-]+/rec/)?(?P<key>(?:journals|conf|books|series|reference|phd|tr|persons|homepages|data|informal)/[\w/+.-]+?)(?:\.html)?"
)
BULLET_RE = re.compile(r"^[*+-] +")
NAV_LINES = 60  # an entry's menu: view, export, ask others, share … (about 30 lines in a text capture)
MARK_RE = re.compile(r".*\bdblp\b.*|.*dblp\.org.*", re.IGNORECASE)

ENTRY_TYPES = {
    "j": "article",
    "c": "inproceedings",
    "i": "informal",
    "e": "proceedings",
    "b": "book",
    "p": "incollection",
    "r": "reference",
    "d": "data",
}


@dataclass
class _Author:
    printed: str
    pid: str | None = None


@dataclass
class _Entry:
    line: int  # 0-based index of the "[c11]" line
    label: str
    kind: str
    year: int | None
    authors_at: int = -1
    authors: list[_Author] = field(default_factory=list)
    text_at: int = -1
    inline: str = ""  # title and venue when they share the authors' line
    key: str | None = None  # from the entry's menu ("dblp key:"), when the page prints it
    doi: str | None = None  # from the menu's "electronic edition via DOI"


def _clean(line: str) -> str:
    return " ".join(line.split())


def _links(lines: list[str], i: int) -> list[tuple[str, str]]:
    view = view_of(lines)
    return view.links_on(i) if view is not None else []


def _authors(lines: list[str], i: int, text: str) -> list[_Author]:
    text = text.removesuffix(":").strip()
    pids = {label: m.group("pid") for label, url in _links(lines, i) if (m := PID_RE.search(url))}
    out = []
    for name in (n.strip() for n in text.split(",")):
        if name:
            out.append(_Author(name, pids.get(name)))
    return out


def _looks_like_name(text: str) -> bool:
    # Looser than is_person_name: DBLP prints "Hiro-omi Tamura", "Jun Li 0033", "T. Hoang Ngan Le".
    # A capital first: menu lines such as "authority control:" or "persistent URL:" are no authors.
    name = HOMONYM_RE.sub(r"\g<name>", text)
    return bool(NAME_RE.fullmatch(name)) and name[0].isupper() and 1 <= len(name.split()) <= 7


def _looks_like_authors(text: str) -> bool:
    if not text.endswith(":"):
        return False
    names = [n.strip() for n in text.removesuffix(":").split(",")]
    return all(_looks_like_name(n) for n in names)


# An entry's number as LABEL_RE reads it, looked for in the whole head at once: a page without one
# has no entry, and is answered without cleaning and scanning its lines (most pages sniffed are not DBLP's).
ANY_LABEL_RE = re.compile(r"\[[a-z]{1,2}\d+\]")


def sniff(lines: list[str]) -> float:
    head = lines[:5000]
    if ANY_LABEL_RE.search("\n".join(head)) is None:
        return 0.0
    entries = sum(1 for e in _scan(head)[0] if e.authors_at >= 0)
    # The page marks are looked for only where an entry was found (most pages sniffed are not DBLP's).
    if entries >= 1 and any(MARK_RE.fullmatch(_clean(line)) for line in head):
        return 0.95
    if entries >= 3:
        return 0.8
    return 0.0


def _split_title_venue(text: str, links: list[tuple[str, str]]) -> tuple[str, str, str | None]:
    """(title, venue as printed, entry key) from "Title. Venue: pages (year)"."""
    key = None
    for label, url in links:
        m = KEY_RE.search(url)
        if m and label in text:
            key = m.group("key") or m.group("rec")
            at = text.rfind(label)
            return text[:at].strip(), text[at:].strip(), key
    # No link: the venue starts at the first ". " after which every ". "-piece is venue-short
    # ("Nucleic Acids Res. 19(1): 69-75 (1991)", "IEEE Trans. Mob. Comput. 25(1)"), so that
    # "Visualizing H. L. Hunley: …" keeps its initials in the title.
    cuts = [m.end() for m in re.finditer(r"[.?!] ", text)]
    for cut in cuts:
        rest = text[cut:]
        if not rest[0].isdigit() and all(len(piece.split()) <= 5 for piece in rest.split(". ")):
            return text[:cut].strip(), rest.strip(), None
    return text, "", None


def _venue(printed: str) -> str:
    venue = printed.split(":")[0].strip() if ":" in printed else VENUE_YEAR_RE.sub("", printed).strip()
    venue = CORR_RE.sub(lambda m: f"CoRR abs/{m.group('id')}", venue)
    return GLUED_YEAR_RE.sub(" ", venue)


def _coauthor_index(lines: list[str], start: int) -> tuple[dict[str, tuple[str, list[str]]], set[int]]:
    """pid or name -> (DBLP name, aka names), from name / "aka: …" / "[c11] [i1]" runs after the entries."""
    index: dict[str, tuple[str, list[str]] | None] = {}
    used: set[int] = set()
    rows = [(i, _clean(lines[i])) for i in range(start, len(lines)) if lines[i].strip()]
    for n, (i, text) in enumerate(rows):
        if not REFS_RE.fullmatch(text) or n == 0:
            continue
        aka: list[str] = []
        j = n - 1
        m = AKA_RE.fullmatch(rows[j][1])
        if m:
            aka = [a.strip() for a in m.group("names").split(",") if a.strip()]
            used.add(rows[j][0])
            j -= 1
        if j < 0:
            continue
        name_i, name = rows[j]
        if not _looks_like_name(name):
            continue
        used.update({i, name_i})
        pid = next((m.group("pid") for _, url in _links(lines, name_i) if (m := PID_RE.search(url))), None)
        entry = (name, aka)
        if pid:
            index["pid:" + pid] = entry
        # By name too, for plain copies with no links; a name two coauthors share says nothing.
        for key in {name, HOMONYM_RE.sub(r"\g<name>", name), *aka}:
            index[key] = None if key in index and index[key] != entry else entry  # type: ignore[assignment]
    return {k: v for k, v in index.items() if v is not None}, used


def _authors_and_rest(text: str) -> tuple[str, str] | None:
    """("Name, Name:", text after it) when a line opens with an author list, else None."""
    if _looks_like_authors(text):
        return text, ""
    at = text.find(": ")
    if at > 0 and _looks_like_authors(text[: at + 1]):  # a text scrape that lost the line break
        return text[: at + 1], text[at + 2 :].strip()
    return None


def _nav(lines: list[str], k: int, text: str, entry: _Entry, previous: str) -> None:
    """An entry's menu ("view", "electronic edition via DOI", "dblp key:", "persistent URL:")."""
    for _, url in _links(lines, k):
        if "doi.org/" in url and entry.doi is None:
            entry.doi = normalize_doi(url)
    # A text capture that keeps the menu's nesting prints each value as a list item
    # ("      * journals/corr/abs-2601-19278"), which Markdown reads as code, bullet and all.
    text = BULLET_RE.sub("", text)
    if entry.doi is None and text.startswith(("https://doi.org/", "http://dx.doi.org/")):
        entry.doi = normalize_doi(text)  # a capture that prints each link as a bare URL
    key = KEY_TEXT_RE.fullmatch(text)
    if key and previous in ("dblp key:", "persistent URL:"):
        entry.key = key.group("key")
    elif text.startswith("dblp key:") and KEY_TEXT_RE.fullmatch(text.removeprefix("dblp key:").strip()):
        entry.key = text.removeprefix("dblp key:").strip()


def _scan(lines: list[str]) -> tuple[list[_Entry], int]:
    """Entries in page order, and the index of the line after the last entry's text."""
    entries: list[_Entry] = []
    seen: set[str] = set()
    year: int | None = None
    end = 0
    i = 0
    while i < len(lines):
        text = _clean(lines[i])
        if YEAR_RE.fullmatch(text):
            year = int(text)
        m = LABEL_RE.fullmatch(text)
        # A number seen before is the coauthor index pointing back at an entry ("[c11] [i1]").
        if not m or m.group("label") in seen or (REFS_RE.fullmatch(text) and " " in text):
            i += 1
            continue
        seen.add(m.group("label"))
        entry = _Entry(line=i, label=m.group("label"), kind=m.group("kind"), year=year)
        entries.append(entry)
        # The authors follow the number, on its line or after the entry's menu lines.
        j, found, previous = i, None, ""
        rest = m.group("rest") or ""
        if rest:
            found = _authors_and_rest(rest)
        k = i + 1
        while found is None and k < len(lines) and k - i <= NAV_LINES:
            cur = _clean(lines[k])
            if cur:
                if LABEL_RE.fullmatch(cur) or YEAR_RE.fullmatch(cur):
                    break
                found = _authors_and_rest(cur)
                if found is None:
                    _nav(lines, k, cur, entry, previous)
                    previous = cur
                else:
                    j = k
            k += 1
        i = max(i, j) + 1
        end = max(end, i)
        if found is None:
            continue
        entry.authors_at = j
        entry.authors = _authors(lines, j, found[0])
        if found[1]:
            entry.text_at, entry.inline = j, found[1]
            continue
        t = next((k for k in range(j + 1, min(j + 3, len(lines))) if lines[k].strip()), -1)
        if t >= 0 and not LABEL_RE.fullmatch(_clean(lines[t])) and not YEAR_RE.fullmatch(_clean(lines[t])):
            entry.text_at = t
            i = end = t + 1
    return entries, end


def _owner(entries: list[_Entry], linked: bool, head: list[str]) -> str | None:
    """The name printed without a link (or, in plain text, printed at all) in most entries.

    Where several names tie (a page of one entry copied without links prints every author
    alike), the page's own heading above the entries ("Zhonghui Zhang", "dblp: Jun Li 0033")
    says which; without one the owner stays unknown rather than picked by chance.
    """
    counts: Counter[str] = Counter()
    for e in entries:
        names = {a.printed for a in e.authors if not (linked and a.pid)}
        counts.update(names)
    if not counts:
        return None
    n = max(counts.values())
    top = sorted(name for name, c in counts.items() if c == n)
    if n * 2 < len(entries):
        return None
    if len(top) == 1:
        return top[0]
    headings = {_clean(line).removeprefix("dblp:").strip() for line in head}
    headings |= {HOMONYM_RE.sub(r"\g<name>", h) for h in headings}
    named = [name for name in top if HOMONYM_RE.sub(r"\g<name>", name) in headings]
    return named[0] if len(named) == 1 else None


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    entries, end = _scan(lines)
    index, index_lines = _coauthor_index(lines, end)
    linked = view_of(lines) is not None and any(a.pid for e in entries for a in e.authors)
    out.page.owner = _owner(entries, linked, lines[: entries[0].line] if entries else [])
    used = set(index_lines)
    for e in entries:
        stop = e.text_at if e.text_at >= 0 else max(e.authors_at, e.line)
        used.update(range(e.line, stop + 1))
        raw = [_clean(x) for x in lines[e.line : stop + 1]]
        bad = too_long(source, e.line + 1, lines[e.line : stop + 1])
        if bad:
            out.rejects.append(bad)
            continue
        if e.authors_at < 0 or e.text_at < 0:
            cut = not any(x.strip() for x in lines[stop + 1 :])
            out.rejects.append(
                reject(
                    source,
                    e.line + 1,
                    f"DBLP entry [{e.label}] ends before its " + ("title" if e.authors_at >= 0 else "authors"),
                    raw,
                    "cut_off" if cut else "bad_record",
                )
            )
            continue
        out.records.append(_record(source, lines, e, index))
    out.page.chrome_lines = sum(1 for i, x in enumerate(lines) if x.strip() and i not in used)
    if not entries:
        head = [_clean(x) for x in lines[:40] if x.strip()]
        out.rejects.append(reject(source, 1, "a DBLP page that lists no publication", head, "no_listing"))
    return out


def take_index_names(info: AuthorInfo, name: str, dblp_name: str, aka: list[str]) -> None:
    """What the coauthor index says of an author printed as `name`: DBLP's own name for the person
    (homonym number kept) and the other names it is known by ("aka")."""
    info["dblp"] = dblp_name
    others = sorted({*aka, HOMONYM_RE.sub(r"\g<name>", dblp_name)} - {name})
    if others:
        info["aka"] = others


def _record(source: str, lines: list[str], e: _Entry, index: dict[str, tuple[str, list[str]]]) -> Record:
    text = e.inline or _clean(lines[e.text_at])
    links = _links(lines, e.text_at)
    title, printed_venue, key = _split_title_venue(text, links)
    if title.endswith("."):
        title = title[:-1]  # DBLP closes every title with a period; "?" and "!" are the title's own
    year = e.year
    m_year = VENUE_YEAR_RE.search(printed_venue)
    if m_year:
        year = int(m_year.group("year"))
    corr = CORR_RE.search(printed_venue)
    doi = e.doi or next((normalize_doi(url) for _, url in links if "doi.org/" in url), None)
    names: list[str] = []
    details: list[AuthorInfo] = []
    for a in e.authors:
        info = AuthorInfo()
        m = HOMONYM_RE.fullmatch(a.printed)
        name = m.group("name") if m else a.printed
        if m:
            info["dblp"] = a.printed
            info["raw_name"] = a.printed
        if a.pid:
            info["dblp_pid"] = a.pid
        known = index.get("pid:" + a.pid) if a.pid else index.get(a.printed) or index.get(name)
        if known:
            take_index_names(info, name, *known)
        names.append(name)
        details.append(info)
    record = Record(
        source=source,
        line=e.line + 1,
        layout=NAME,
        title=title,
        authors=names,
        year=year,
        venue=_venue(printed_venue) or None,
        arxiv_id=corr.group("id") if corr else None,
        doi=doi,
        entry_type=ENTRY_TYPES.get(e.kind, e.kind),
        author_details=details if any(details) else [],
        locator=f"[{e.label}]",
    )
    if key or e.key:
        record.identifiers["dblp"] = key or e.key  # type: ignore[assignment]
    return record


def render(records: list[Record], page: Page | None = None) -> str:
    """A person page as its plain text reads: year headings, "[c1]", authors, "Title. Venue (year)"."""
    out: list[str] = ["dblp" + (f": {page.owner}" if page is not None and page.owner else "")]  # the page's title
    year: int | None = None
    letters = {v: k for k, v in ENTRY_TYPES.items()}
    counts: Counter[str] = Counter()
    for r in records:
        printed = r.year if r.year is not None else (int(r.date[:4]) if r.date else None)  # DBLP prints years
        if printed != year:
            year = printed
            out.append(str(year))
        letter = letters.get(r.entry_type or "", "j")
        counts[letter] += 1
        shown = [d.get("raw_name", a) if d else a for a, d in zip(r.authors, r.author_details or [{}] * len(r.authors))]
        out.append(f"[{letter}{counts[letter]}] " + ", ".join(shown) + ":")
        out.append(f"{r.title}. {r.venue} ({year})")
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="DBLP person pages: year headings, numbered entries, venues, homonym numbers, coauthor index",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=1,
)
