"""OpenAlex works: a `/works` answer ({"meta", "results"}), a plain list, one work, or JSON Lines.

Each work becomes a record located by its JSON pointer ("/results/3"); a work that is cut
off or not JSON becomes one reject, and the complete works before it are kept. Authors are
OpenAlex's display names in printed order, each with the name the paper printed
(`raw_author_name`), ORCID, OpenAlex id and institutions (ROR, OpenAlex id, country).

Dates: OpenAlex always gives a full `publication_date`, filling what its sources lack with
01: an arXiv preprint of 10 Aug 2021 is "2021-01-01" (W3188841554), a paper of a meeting held
16-17 Sep 2021 "2021-09-01" (W3187234764). A date on the first of a month is therefore read as
its year only; a paper really published on a first loses its day, which invents nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from kg.extract.base import Context, InputFormat, reject
from kg.extract.csl_json import json_head, json_lines
from kg.identifiers import normalize_arxiv, normalize_doi, normalize_openalex, normalize_orcid, normalize_ror
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record, Rejected


def clean(text: str) -> str:
    """NFC with single spaces (as kg.names.clean, which cannot be imported here: kg.names
    imports kg.extract)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


NAME = "openalex"

SNIFF_CHARS = 8192
RESULTS_RE = re.compile(r'"results"\s*:\s*\[')
# arXiv ids inside URLs and DOIs: arxiv.org/abs/2108.04680, 10.48550/arXiv.2108.04680.
ARXIV_URL_RE = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.IGNORECASE)
ARXIV_DOI_RE = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)


def sniff(lines: list[str]) -> float:
    head = json_head(lines, SNIFF_CHARS)
    start = head.lstrip()[:1]
    if start not in ("{", "["):
        return 0.0
    work_id = '"https://openalex.org/W' in head or '"id": "W' in head or '"id":"W' in head
    fields = sum(key in head for key in ('"authorships"', '"publication_year"', '"abstract_inverted_index"'))
    if work_id and fields:
        return 0.95
    if work_id and '"display_name"' in head:
        return 0.85  # an answer to `select=id,display_name`: works with their titles only
    if '"db_response_time_ms"' in head and '"results"' in head:
        return 0.9  # an OpenAlex answer, perhaps with no work in it
    if '"works_api_url"' in head and re.search(r'"id"\s*:\s*"https://openalex\.org/[AISCTPFV]\d', head):
        return 0.85  # one author, institution … saved alone (/authors/A…): read to be rejected as no work
    return 0.0


# --- the JSON as a sequence of works, each with where it starts ---------------------------


class _Broken(Exception):
    """A work (or the document) that is not complete JSON: where it starts and why."""

    def __init__(self, pos: int, pointer: str, reason: str, cut_off: bool) -> None:
        super().__init__(reason)
        self.pos, self.pointer, self.reason, self.cut_off = pos, pointer, reason, cut_off


_DECODER = json.JSONDecoder()


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _said(error: json.JSONDecodeError) -> str:
    """The parser's complaint and where: "Unterminated string at line 1972, column 9"."""
    what = error.msg.removesuffix(" at").removesuffix(" starting")
    return f"{what} at line {error.lineno}, column {error.colno}"


def _is_cut_off(text: str, error: json.JSONDecodeError) -> bool:
    # The text ends inside the value: the parser wanted more at the end of the text, or a
    # string it began never closes.
    return error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated string")


def _array(text: str, open_at: int, prefix: str, works: list[tuple[int, str, Any]]) -> int:
    """Reads the JSON array opening at `open_at` element by element with the standard
    decoder, appending (position, pointer, value); returns the position after `]`.

    Reading element by element keeps every complete work before a broken one.
    """
    i = _skip_ws(text, open_at + 1)
    n = 0
    while True:
        if i >= len(text):
            raise _Broken(i, f"{prefix}/{n}", f"the file ends after {n} works, inside the list", True)
        if text[i] == "]":
            return i + 1
        if n:
            if text[i] != ",":
                raise _Broken(i, f"{prefix}/{n}", f"expected ',' or ']' after work {n - 1}", False)
            i = _skip_ws(text, i + 1)
        try:
            value, end = _DECODER.raw_decode(text, i)
        except json.JSONDecodeError as e:
            cut = _is_cut_off(text, e)
            reason = f"cut off: the file ends inside it ({_said(e)})" if cut else _said(e)
            raise _Broken(i, f"{prefix}/{n}", reason, cut) from None
        works.append((i, f"{prefix}/{n}", value))
        n += 1
        i = _skip_ws(text, end)


def _document(text: str) -> tuple[list[tuple[int, str, Any]], dict, _Broken | None]:
    """Works of one JSON document (answer, list or single work), its `meta`, and what broke."""
    works: list[tuple[int, str, Any]] = []
    start = _skip_ws(text, 0)
    if start >= len(text):
        return works, {}, _Broken(0, "", "the file holds no JSON", False)
    try:
        if text[start] == "[":
            end = _array(text, start, "", works)
            if text[end:].strip():
                return works, {}, _Broken(end, "", "text after the list of works", False)
            return works, {}, None
        found = RESULTS_RE.search(text, start)
        if found is None:  # a single work
            try:
                value = json.loads(text)
            except json.JSONDecodeError as e:
                cut = _is_cut_off(text, e)
                return [], {}, _Broken(start, "", _said(e), cut)
            return [(start, "", value)], {}, None
        _array(text, found.end() - 1, "/results", works)
    except _Broken as broken:
        return works, {}, broken
    except json.JSONDecodeError as e:
        return works, {}, _Broken(e.pos, "", _said(e), _is_cut_off(text, e))
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as e:
        # Every work is complete but the answer around them is not.
        cut = _is_cut_off(text, e)
        return works, {}, _Broken(e.pos, "", f"after the works: {_said(e)}", cut)
    meta = whole.get("meta") if isinstance(whole, dict) and isinstance(whole.get("meta"), dict) else {}
    return works, meta, None


def _is_json_lines(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    first = filled[0] if filled else ""
    # The API answers on one line ('{"meta":{…},"results":[…]}', as curl saves it): one line is
    # one document, read whole (an answer, a group_by, or a single work alike).
    if not first.startswith("{") or len(filled) == 1:
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        # A snapshot line cut off: still one work per line if the line starts a work's keys.
        return first.startswith('{"') and '"id"' in first


# --- one work -> one record ---------------------------------------------------------------


def _text(value: Any) -> str | None:
    return clean(value) if isinstance(value, str) and value.strip() else None


def abstract_text(inverted: Any) -> str | None:
    """The abstract in word order from OpenAlex's inverted index {word: [positions]}.

    >>> abstract_text({"world": [1], "Hello": [0], "again": [3], "hello": [2]})
    'Hello world hello again'
    """
    if not isinstance(inverted, dict) or not inverted:
        return None
    at: dict[int, str] = {}
    for word, positions in inverted.items():
        if not isinstance(positions, list):
            return None
        for p in positions:
            if isinstance(p, int) and not isinstance(p, bool):
                at[p] = word
    return " ".join(at[p] for p in sorted(at)) or None


def _date(work: dict) -> tuple[str | None, int | None]:
    """(date, year): the date only when its day is real (see the module's note on 01)."""
    year = work.get("publication_year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    printed = work.get("publication_date")
    if isinstance(printed, str):
        try:
            day = dt.date.fromisoformat(printed[:10])
        except ValueError:
            day = None
        if day is not None:
            if day.day != 1:
                return day.isoformat(), None
            return None, year or day.year
    return None, year


def _arxiv(work: dict) -> tuple[str, str | None] | None:
    """An arXiv id (and version) from the work's ids, DOI and locations."""
    texts: list[str] = []
    ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    texts += [v for v in ids.values() if isinstance(v, str)]
    if isinstance(work.get("doi"), str):
        texts.append(work["doi"])
    for loc in work.get("locations") or []:
        if isinstance(loc, dict):
            texts += [loc.get(k) for k in ("landing_page_url", "pdf_url") if isinstance(loc.get(k), str)]
    for venue in _host_venues(work):  # answers before 2023 name the places of a work in host venues
        texts += [venue["url"]] if isinstance(venue.get("url"), str) else []
    for text in texts:
        found = ARXIV_URL_RE.search(text) or ARXIV_DOI_RE.search(text)
        if found:
            arxiv = normalize_arxiv(found.group(1))
            if arxiv:
                return arxiv
    return None


def _host_venues(work: dict) -> list[dict]:
    """`host_venue` and `alternate_host_venues`: where answers before OpenAlex's 2023 schema (which
    brought `primary_location` and `locations`) put a work's venue and its copies (arXiv among them)."""
    host = work.get("host_venue")
    others = work.get("alternate_host_venues")
    venues = [host] + (others if isinstance(others, list) else [])
    return [v for v in venues if isinstance(v, dict)]


def _affiliations(authorship: dict) -> list[Affiliation]:
    out: list[Affiliation] = []
    for inst in authorship.get("institutions") or []:
        if not isinstance(inst, dict):
            continue
        aff: Affiliation = {}
        name = _text(inst.get("display_name"))
        ror = normalize_ror(inst.get("ror")) if isinstance(inst.get("ror"), str) else None
        oa = normalize_openalex(inst.get("id")) if isinstance(inst.get("id"), str) else None
        country = _text(inst.get("country_code"))
        for key, value in (("name", name), ("ror", ror), ("openalex", oa), ("country", country)):
            if value:
                aff[key] = value  # type: ignore[literal-required]
        if aff:
            out.append(aff)
    if not out:  # no institution matched: the affiliation as the paper printed it
        for raw in authorship.get("raw_affiliation_strings") or []:
            if _text(raw):
                out.append({"name": _text(raw)})
    return out


def _authors(work: dict) -> tuple[list[str], list[AuthorInfo], int]:
    names: list[str] = []
    details: list[AuthorInfo] = []
    authorships = [a for a in work.get("authorships") or [] if isinstance(a, dict)]
    for authorship in authorships:
        author = authorship.get("author") if isinstance(authorship.get("author"), dict) else {}
        display = _text(author.get("display_name"))
        raw = _text(authorship.get("raw_author_name"))
        name = display or raw
        if not name:
            continue  # nobody to name; author_count still counts them
        info: AuthorInfo = {}
        orcid = normalize_orcid(author.get("orcid")) if isinstance(author.get("orcid"), str) else None
        oa = normalize_openalex(author.get("id")) if isinstance(author.get("id"), str) else None
        if orcid:
            info["orcid"] = orcid
        if oa:
            info["openalex"] = oa
        if raw and raw != name:
            info["raw_name"] = raw
        affiliations = _affiliations(authorship)
        if affiliations:
            info["affiliations"] = affiliations
        names.append(name)
        details.append(info)
    return names, (details if any(details) else []), len(authorships)


# OpenAlex's other entities, by the letter of their id: an /authors or /institutions answer has the
# shape of a /works answer ({"meta", "results"}), and its `display_name` would read as a title.
ENTITIES = {"A": "author", "I": "institution", "S": "source", "V": "venue", "C": "concept", "T": "topic"}
ENTITIES |= {"P": "publisher", "F": "funder"}


def _record(source: str, line: int, pointer: str, work: Any) -> Record | Rejected:
    raw = json.dumps(work, ensure_ascii=False)[:2000] if not isinstance(work, str) else work
    if not isinstance(work, dict):
        return _reject(source, line, pointer, "an entry of the works list that is not a JSON object", raw, "bad_entry")
    work_id = normalize_openalex(work["id"]) if isinstance(work.get("id"), str) else None
    if work_id and work_id[0] in ENTITIES:
        what = f"an OpenAlex {ENTITIES[work_id[0]]} ({work_id}: {_text(work.get('display_name')) or 'no name'})"
        return _reject(source, line, pointer, f"{what}, not a work: kg reads works only", raw, "not_a_paper")
    title = _text(work.get("title")) or _text(work.get("display_name"))
    if not title:
        what = f"work {work_id}" if work_id else "a work"
        return _reject(source, line, pointer, f"{what} has no title", raw, "bad_entry")
    authors, details, count = _authors(work)
    date, year = _date(work)
    primary = work.get("primary_location") if isinstance(work.get("primary_location"), dict) else {}
    venue_source = primary.get("source") if isinstance(primary.get("source"), dict) else {}
    identifiers: dict[str, str] = {}
    if work_id:
        identifiers["openalex"] = work_id
    ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    for key in ("mag", "pmid", "pmcid"):
        if isinstance(ids.get(key), str | int) and str(ids[key]).strip():
            identifiers[key] = str(ids[key]).rstrip("/").rsplit("/", 1)[-1]
    host = work.get("host_venue") if isinstance(work.get("host_venue"), dict) else {}
    if isinstance(primary.get("landing_page_url"), str):
        identifiers["url"] = primary["landing_page_url"]
    elif isinstance(host.get("url"), str):
        identifiers["url"] = host["url"]
    arxiv = _arxiv(work)
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    doi_text = work.get("doi") if isinstance(work.get("doi"), str) else ids.get("doi")
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=abstract_text(work.get("abstract_inverted_index")),
        authors=authors,
        authors_truncated=work.get("is_authors_truncated") is True,
        # OpenAlex lists at most 100 authorships in list answers and says so: the count is then unknown.
        author_count=None if work.get("is_authors_truncated") is True else (count or None),
        date=date,
        year=year,
        venue=_text(venue_source.get("display_name")) or _text(host.get("display_name")),
        arxiv_id=arxiv[0] if arxiv else None,
        doi=normalize_doi(doi_text) if isinstance(doi_text, str) else None,
        identifiers=identifiers,
        entry_type=_text(work.get("type")),
        author_details=details,
        locator=pointer,
    )


def _reject(source: str, line: int, pointer: str, reason: str, raw: str, code: str) -> Rejected:
    where = f" at {pointer}" if pointer else ""
    bad = reject(source, line, f"OpenAlex work{where}: {reason}", raw.split("\n"), code)
    bad.locator = pointer or None
    return bad


def _groups(text: str) -> list[dict] | None:
    """The groups of a `group_by` answer, or None when the document is no such answer."""
    if '"group_by"' not in text:
        return None
    whole = json.loads(text)
    groups = whole.get("group_by") if isinstance(whole, dict) else None
    if not isinstance(groups, list) or not groups:
        return None
    return [g for g in groups if isinstance(g, dict)]


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    if _is_json_lines(lines):
        # Pointers "/n" count the works of the file from 0, as if its lines were one list.
        out.page.notes.append("JSON Lines: one work per line")
        for i, pointer, work, problem in json_lines(lines):
            if problem is not None:
                out.rejects.append(_reject(source, i + 1, pointer, problem[0], lines[i], problem[1]))
                continue
            if isinstance(work, dict) and isinstance(work.get("results"), list):
                # answers saved one per line (pages of a query): their works, "/n/results/k"
                for k, each in enumerate(work["results"]):
                    item = _record(source, i + 1, f"{pointer}/results/{k}", each)
                    (out.records if isinstance(item, Record) else out.rejects).append(item)
                continue
            item = _record(source, i + 1, pointer, work)
            (out.records if isinstance(item, Record) else out.rejects).append(item)
        return out

    text = "\n".join(lines)
    works, meta, broken = _document(text)
    for pos, pointer, work in works:
        item = _record(source, _line_of(text, pos), pointer, work)
        (out.records if isinstance(item, Record) else out.rejects).append(item)
    if broken is not None:
        out.rejects.append(
            _reject(
                source,
                _line_of(text, broken.pos),
                broken.pointer,
                broken.reason,
                text[broken.pos :],
                "cut_off" if broken.cut_off else "bad_syntax",
            )
        )
    groups = _groups(text) if not works and broken is None else None
    if groups is not None:
        # /works?group_by=…: counts of works per key, no work; what a person asked for is not in it.
        first = ", ".join(f"{g.get('key_display_name') or g.get('key')}: {g.get('count')}" for g in groups[:3])
        why = f"a group_by answer: {len(groups)} counts of works per group ({first}), no work listed"
        out.rejects.append(_reject(source, 1, "/group_by", why, text[:2000], "not_a_paper"))
        return out
    if not works and broken is None:
        out.page.notes.append("the answer holds no work")
    count = meta.get("count")
    if isinstance(count, int) and count > len(works):
        out.page.notes.append(f"OpenAlex counts {count} works for the query; this answer holds {len(works)}")
    return out


FORMAT = InputFormat(
    name=NAME,
    description="OpenAlex works: a /works API answer, a list of works, one work, or JSON Lines of a snapshot",
    sniff=sniff,
    extract=extract,
    priority=20,
    kind="export",
)
