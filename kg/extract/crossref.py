"""Crossref REST API answers: `api.crossref.org/works/<DOI>` and `/works?query=...` saved as JSON.

An answer is an envelope {"status": "ok", "message-type": ..., "message": ...}: "work" holds one
work at /message, "work-list" a list at /message/items. Any other message type (member, journal,
funder, prefix ...) describes no paper and is one `not_a_paper` reject. A work is close to a CSL
item, so names and dates are read as csl_json reads them, but `title` and `container-title` are
lists, authors carry ORCID and affiliations ({"name", "id": [{"id-type": "ROR"}]}), and the
abstract is JATS XML (parsed with lxml's HTML parser, which keeps the `jats:` tags as names).
The title is `title[0]`, with `subtitle[0]` after ": " when there is one, as the paper prints it.
The date is `issued` (Crossref's earliest of print and online): a day when it gives one.
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.etree
import lxml.html

from kg.extract.base import Context, InputFormat, reject
from kg.extract.csl_json import Position, broken_json, check_trailing, issued_date, person_name, skip_space, walk_array
from kg.identifiers import normalize_doi, normalize_orcid, normalize_ror
from kg.model import Affiliation, AuthorInfo, Extraction, Page, Record

NAME = "crossref"

MESSAGE_TYPE_RE = re.compile(r'"message-type"\s*:\s*"([^"]*)"')
ITEMS_RE = re.compile(r'"items"\s*:\s*\[')
_DECODER = json.JSONDecoder()
# JATS elements that end a block of text: a space between them, not words run together.
BLOCKS = ("jats:p", "jats:title", "jats:sec", "jats:list-item", "p", "title", "sec")


def sniff(lines: list[str]) -> float:
    """Sure when a JSON object opens with the API's envelope: a status and a message type."""
    head = "\n".join(lines[:50]).lstrip("\ufeff").lstrip()
    if not head.startswith("{") or '"status"' not in head:
        return 0.0
    return 0.95 if MESSAGE_TYPE_RE.search(head) else 0.0


def _text(value: Any) -> str | None:
    if isinstance(value, list):  # Crossref gives titles and venues as lists
        value = value[0] if value else None
    if value is None or isinstance(value, dict | list | bool):
        return None
    return " ".join(str(value).split()) or None


def jats_text(markup: str | None) -> str | None:
    """JATS (or HTML) as plain text; a second pass when the JATS held escaped HTML (&lt;p&gt;)."""
    for _ in range(2):
        if not markup or ("<" not in markup and "&" not in markup):
            break
        try:
            root = lxml.html.fragment_fromstring(markup, create_parent="div")
        except lxml.etree.ParserError:  # a fragment that is only whitespace or comments
            break
        for el in root.iter():
            if el.tag in BLOCKS:
                el.tail = " " + (el.tail or "")
        first = next(iter(root), None)
        if first is not None and first.tag in ("jats:title", "title") and first.text_content().strip() == "Abstract":
            first.drop_tree()  # the heading "Abstract" is not part of the abstract
        markup = root.text_content()
    return (" ".join(markup.split()) or None) if markup else None


def _affiliations(author: dict) -> list[Affiliation]:
    out: list[Affiliation] = []
    for aff in author.get("affiliation") or []:
        if not isinstance(aff, dict):
            continue
        entry: Affiliation = {}
        name = _text(aff.get("name"))
        if name:
            entry["name"] = name
        for ident in aff.get("id") or []:
            if isinstance(ident, dict) and str(ident.get("id-type", "")).upper() == "ROR":
                ror = normalize_ror(ident.get("id")) if isinstance(ident.get("id"), str) else None
                if ror:
                    entry["ror"] = ror
                    break
        if entry:
            out.append(entry)
    return out


def _authors(work: dict) -> tuple[list[str], list[AuthorInfo]]:
    names: list[str] = []
    details: list[AuthorInfo] = []
    for author in work.get("author") if isinstance(work.get("author"), list) else []:
        # an organisation is {"name": ...}; a person is given/family (csl_json's order of parts)
        name = person_name(author) or (_text(author.get("name")) if isinstance(author, dict) else None)
        if not name:
            continue
        info: AuthorInfo = {}
        orcid = normalize_orcid(author.get("ORCID")) if isinstance(author.get("ORCID"), str) else None
        if orcid:
            info["orcid"] = orcid
        affiliations = _affiliations(author)
        if affiliations:
            info["affiliations"] = affiliations
        names.append(name)
        details.append(info)
    return names, (details if any(details) else [])


def _record(source: str, line: int, pointer: str, work: dict, title: str) -> Record:
    authors, details = _authors(work)
    date, year = issued_date(work.get("issued"))
    if not date and not year:  # `issued` is [[null]] when Crossref knows no date; print or online may
        for key in ("published-print", "published-online", "published"):
            date, year = issued_date(work.get(key))
            if date or year:
                break
    identifiers: dict[str, str] = {}
    url = _text(work.get("URL"))
    if url:
        identifiers["url"] = url
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=jats_text(_text(work.get("abstract"))),
        authors=authors,
        date=date,
        year=None if date else year,
        venue=jats_text(_text(work.get("container-title"))),
        doi=normalize_doi(_text(work.get("DOI"))),
        identifiers=identifiers,
        entry_type=_text(work.get("type")),
        author_details=details,
        locator=pointer,
    )


def _read_work(source: str, line: int, pointer: str, work: Any, raw: str, out: Extraction) -> None:
    title = jats_text(_text(work.get("title"))) if isinstance(work, dict) else None
    if not title:
        doi = f" ({work['DOI']})" if isinstance(work, dict) and isinstance(work.get("DOI"), str) else ""
        bad = reject(source, line, f"Crossref work {pointer}{doi} at line {line} has no title", [raw], "bad_entry")
        bad.locator = pointer
        out.rejects.append(bad)
        return
    subtitle = jats_text(_text(work.get("subtitle")))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    out.records.append(_record(source, line, pointer, work, title))


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    text = "\n".join(line.rstrip("\r") for line in lines).lstrip("\ufeff")
    at = Position(text)
    start = skip_space(text, 0)
    try:
        whole, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as e:
        kind = MESSAGE_TYPE_RE.search(text)
        found = ITEMS_RE.search(text)
        if kind and kind.group(1) == "work-list" and found:  # a list cut off or broken: keep the works before
            items, error, stop = walk_array(text, found.end() - 1)
            _read_items(source, text, at, items, out)
            if error is not None:
                out.rejects.append(broken_json(source, text, at, stop, error, f"/message/items/{len(items)}"))
            else:  # every work was read; only the envelope's end is missing or broken
                why = f"the answer is broken or cut off at line {e.lineno} after its list of works ({e.msg})"
                out.rejects.append(reject(source, at.line(stop), why, text[stop:].split("\n"), "cut_off"))
        else:
            out.rejects.append(broken_json(source, text, at, start, e, ""))
        return out
    kind = whole.get("message-type") if isinstance(whole, dict) else None
    message = whole.get("message") if isinstance(whole, dict) else None
    if kind == "work" and isinstance(message, dict):
        _read_work(source, at.line(start), "/message", message, text[start:end], out)
    elif kind == "work-list" and isinstance(message, dict) and isinstance(message.get("items"), list):
        found = ITEMS_RE.search(text)
        items, error, _stop = walk_array(text, found.end() - 1) if found else ([], None, 0)
        if error is None and len(items) == len(message["items"]):  # the first "items" is the list: lines known
            _read_items(source, text, at, items, out)
        else:
            for n, work in enumerate(message["items"]):
                _read_work(source, 1, f"/message/items/{n}", work, json.dumps(work, ensure_ascii=False), out)
    else:
        why = f"a Crossref answer of message type {kind!r}, not a work or a work list: kg reads works only"
        bad = reject(source, 1, why, lines, "not_a_paper")
        bad.locator = "/message"
        out.rejects.append(bad)
    check_trailing(source, text, at, end, out)
    return out


def _read_items(source: str, text: str, at: Position, items: list[tuple[int, int, Any]], out: Extraction) -> None:
    for n, (begin, end, work) in enumerate(items):
        _read_work(source, at.line(begin), f"/message/items/{n}", work, text[begin:end], out)


FORMAT = InputFormat(
    name=NAME,
    description="Crossref REST API answer (works/<DOI>, work lists): JATS abstracts, ORCID, ROR",
    sniff=sniff,
    extract=extract,
    render=None,
    priority=20,
    kind="export",
)
