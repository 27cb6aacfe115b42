"""CSL-JSON exports (Zotero, Better BibTeX, pandoc, citeproc): a list of CSL items.

The items are decoded one by one with the standard library's `JSONDecoder.raw_decode`, so
each keeps its line and JSON pointer, an item that is not an object is one reject, and a
file cut off (or broken) part-way keeps every item before the break: the rest of the file
is one reject naming the line. Zotero's web API wraps the list as {"items": [...]}; a
single item object is read too.

Names: `literal` as printed; otherwise "given dropping-particle non-dropping-particle
family suffix" ("Patricia de Rosnay"). Dates as precise as `issued` is: [[2011]] and
[[2011, 5]] give a year, [[2011, 5, 3]] a date; `raw` and `literal` dates are read for an
ISO day or a year.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Iterator
from typing import Any

from kg.extract.base import Context, InputFormat, reject
from kg.extract.text import arxiv_volume, is_et_al, iso_day
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi
from kg.model import Extraction, Page, Record, Rejected

NAME = "csl-json"

_DECODER = json.JSONDecoder()
ISO_DAY_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")
YEAR_RE = re.compile(r"\b(\d{4})\b")
ITEMS_RE = re.compile(r'"items"\s*:\s*\[')
# Keys only CSL items carry; OpenAlex works and other JSON carry none of them.
CSL_MARKERS = ('"date-parts"', '"container-title"', '"citation-key"', '"issued"', '"family"', '"literal"')
# Keys that say a file is some other JSON that merely shares words with CSL (OpenAlex works
# always carry these); keys, not values, so a CSL item linking to openalex.org is still CSL.
OTHER_MARKERS = re.compile(r'"(authorships|display_name|publication_year)"\s*:')
NAME_ORDER = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")


def sniff(lines: list[str]) -> float:
    """Sure when the file opens as a JSON list (or {"items": [...]}) whose head reads as CSL items."""
    head = "\n".join(lines[:400]).lstrip("\ufeff").lstrip()
    if not head.startswith(("[", "{")):
        return 0.0
    if OTHER_MARKERS.search(head):
        return 0.0
    markers = sum(marker in head for marker in CSL_MARKERS)
    if '"type"' in head and ('"id"' in head or '"title"' in head) and markers:
        return 0.9 if markers >= 2 else 0.6
    return 0.0


class Position:
    """Line ends of a text, for turning a decoder offset into a 1-based line."""

    def __init__(self, text: str) -> None:
        self.ends = [m.start() for m in re.finditer("\n", text)]

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.ends, pos) + 1


def skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def json_head(lines: list[str], chars: int) -> str:
    """What a JSON reader's sniff looks at: the file's lines joined up to just past `chars`
    characters, where its first non-blank character (after any byte order mark) opens a JSON
    object or array; "" where it does not (found without building the head)."""
    if next((line.lstrip("\ufeff").lstrip()[:1] for line in lines if line.strip()), "") not in ("{", "["):
        return ""
    head = ""
    for line in lines:
        head += line + "\n"
        if len(head) > chars:
            break
    return head


def json_lines(lines: list[str]) -> Iterator[tuple[int, str, Any, tuple[str, str] | None]]:
    """Each filled line of a JSON Lines file: (its 0-based index, the pointer "/n" counting the
    values from 0 as if the lines were one list, the value, None); a line that is no JSON gives
    (index, pointer, None, (reason, code)): cut_off where the last filled line ends inside its
    value (a download stopped short), bad_syntax elsewhere."""
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    n = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        pointer = f"/{n}"
        n += 1
        try:
            yield i, pointer, json.loads(line), None
        except json.JSONDecodeError as e:
            if i == last and (e.pos >= len(line.rstrip()) - 1 or e.msg.startswith("Unterminated string")):
                yield i, pointer, None, ("cut off: the file ends inside it", "cut_off")
            else:
                what = e.msg.removesuffix(" at").removesuffix(" starting")
                yield i, pointer, None, (f"not JSON ({what} at column {e.colno})", "bad_syntax")


def walk_array(text: str, array: int) -> tuple[list[tuple[int, int, Any]], json.JSONDecodeError | None, int]:
    """(start, end, value) of each element of the JSON array whose "[" is at `array`, then
    the error that stopped the walk (None at the closing "]") and where it stopped."""
    items: list[tuple[int, int, Any]] = []
    pos = skip_space(text, array + 1)
    if text[pos : pos + 1] == "]":
        return items, None, pos + 1
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            return items, e, pos
        items.append((pos, end, value))
        pos = skip_space(text, end)
        if text[pos : pos + 1] == ",":
            pos = skip_space(text, pos + 1)
        elif text[pos : pos + 1] == "]":
            return items, None, pos + 1
        else:
            return items, json.JSONDecodeError("expected ',' or ']' after an item", text, pos), pos


def person_name(person: Any) -> str:
    if isinstance(person, str):
        return " ".join(person.split())
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return " ".join(str(person["literal"]).split())
    return " ".join(" ".join(str(person[k]) for k in NAME_ORDER if person.get(k)).split())


def issued_date(issued: Any) -> tuple[str | None, int | None]:
    """(ISO date when a day is known, year) from a CSL date object (or a plain string)."""
    if isinstance(issued, dict) and isinstance(issued.get("date-parts"), list) and issued["date-parts"]:
        parts = issued["date-parts"][0]
        try:
            numbers = [int(p) for p in parts] if isinstance(parts, list) else []
        except (TypeError, ValueError):
            numbers = []
        if len(numbers) >= 3 and iso_day(*numbers[:3]):
            return iso_day(*numbers[:3]), numbers[0]
        if numbers:
            return None, numbers[0]
    # pandoc's YAML-born items print `issued: 2005` or "2005-03-02" (EDTF) instead of an object.
    text = str(issued) if isinstance(issued, str | int) and not isinstance(issued, bool) else ""
    if isinstance(issued, dict):
        text = str(issued.get("raw") or issued.get("literal") or "")
    day = ISO_DAY_RE.match(text)
    if day and iso_day(*map(int, day.groups())):
        return iso_day(*map(int, day.groups())), int(day.group(1))
    year = YEAR_RE.search(text)
    return None, int(year.group(1)) if year else None


# CSL-JSON's rich text (citeproc-js "markup"): a fixed set of HTML-like tags, and HTML character
# references for what they would otherwise mean ("Chaos, Solitons &amp; Fractals", as Crossref and
# Manubot print it). The tags are formatting, the references characters.
CSL_TAG_RE = re.compile(
    r"</?(?:i|b|sup|sub|sc)>|<span (?:class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>|</span>", re.I
)
HTML_REF_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _rich(item: dict, key: str) -> str | None:
    """A rich-text field as plain text: markup tags dropped, character references decoded."""
    text = _text(item, key)
    if text is None or ("<" not in text and "&" not in text):
        return text
    text = HTML_REF_RE.sub(lambda m: html.unescape(m.group(0)), CSL_TAG_RE.sub("", text))
    return " ".join(text.split()) or None


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, list):  # some exporters give container-title as a list
        value = value[0] if value else None
    if value is None or isinstance(value, dict | list):
        return None
    return " ".join(str(value).split()) or None


def _record(source: str, line: int, pointer: str, item: dict, title: str) -> Record:
    names = item.get("author") if isinstance(item.get("author"), list) else []
    printed = [n for n in (person_name(p) for p in names) if n]
    authors = [n for n in printed if not is_et_al(n)]  # {"literal": "et al."} says the list goes on
    url = _text(item, "URL")
    doi = normalize_doi(_text(item, "DOI")) or (normalize_doi(url) if url and "doi.org/" in url else None)
    arxiv = arxiv_of_doi(doi)
    number = _text(item, "number") or ""
    arxiv = arxiv or (normalize_arxiv(url) if url and "arxiv.org/" in url else None)
    arxiv = arxiv or (normalize_arxiv(number) if number.lower().startswith("arxiv:") else None)
    arxiv = arxiv or normalize_arxiv(arxiv_volume(_text(item, "container-title"), _text(item, "volume")))
    identifiers: dict[str, str] = {}
    if item.get("id") is not None:
        identifiers["csl"] = str(item["id"])
    key = _text(item, "citation-key")
    if key and key != identifiers.get("csl"):
        identifiers["bibtex"] = key
    if url:
        identifiers["url"] = url
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    date, year = issued_date(item.get("issued"))
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=_rich(item, "abstract"),
        authors=authors,
        authors_truncated=len(authors) < len(printed),
        date=date,
        year=None if date else year,
        venue=_rich(item, "container-title"),
        arxiv_id=arxiv[0] if arxiv else None,
        doi=doi,
        identifiers=identifiers,
        entry_type=_text(item, "type"),
        locator=pointer,
    )


def _read_item(source: str, line: int, pointer: str, item: Any, raw: str, out: Extraction) -> None:
    if not isinstance(item, dict):
        kind = type(item).__name__.replace("str", "a string").replace("NoneType", "null")
        why = f"item {pointer} at line {line} is {kind}, not a CSL item object"
        bad = reject(source, line, why, [raw], "bad_record")
        bad.locator = pointer
        out.rejects.append(bad)
        return
    title = _rich(item, "title")
    if not title:
        name = f" ({item['id']})" if item.get("id") is not None else ""
        bad = reject(source, line, f"CSL item {pointer}{name} at line {line} has no title", [raw], "bad_entry")
        bad.locator = pointer
        out.rejects.append(bad)
        return
    out.records.append(_record(source, line, pointer, item, title))


def broken_json(
    source: str, text: str, at: Position, start: int, error: json.JSONDecodeError, pointer: str
) -> Rejected:
    """The rest of the file from `start`, where decoding stopped, as one reject."""
    line = at.line(start)
    # A list or object that never closes was cut off (a download or copy stopped short).
    if start >= len(text.rstrip()):
        code = "cut_off"
        reason = f"the file is cut off at line {line}: the list of items never closes with ']'"
    elif error.pos >= len(text.rstrip()) or not text.rstrip().endswith(("]", "}")):
        code = "cut_off"
        reason = f"the file is cut off at line {error.lineno}: item {pointer} from line {line} is incomplete"
    else:
        code = "bad_syntax"
        where = f"line {error.lineno} column {error.colno}"
        reason = f"invalid JSON at {where} ({error.msg}): item {pointer} and what follows are not read"
    bad = reject(source, line, reason, text[start:].split("\n"), code)
    bad.locator = pointer
    return bad


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    text = "\n".join(line.rstrip("\r") for line in lines).lstrip("\ufeff")
    at = Position(text)
    start = skip_space(text, 0)
    if text[start : start + 1] == "[":
        _read_list(source, text, at, start, "", out)
        return out
    try:
        whole, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as e:
        wrapped = ITEMS_RE.search(text)
        if wrapped:  # a wrapper cut off or broken inside its list: keep the items before the break
            _read_list(source, text, at, wrapped.end() - 1, "/items", out)
        else:
            out.rejects.append(broken_json(source, text, at, start, e, ""))
        return out
    wrapped = ITEMS_RE.search(text) if isinstance(whole, dict) and isinstance(whole.get("items"), list) else None
    if wrapped:  # {"items": [...]} as Zotero's web API answers, read with each item's line
        _read_list(source, text, at, wrapped.end() - 1, "/items", out)
    else:  # one item on its own
        _read_item(source, at.line(start), "", whole, text[start:end], out)
    check_trailing(source, text, at, end, out)
    return out


def _read_list(source: str, text: str, at: Position, array: int, prefix: str, out: Extraction) -> None:
    items, error, stop = walk_array(text, array)
    for n, (begin, end, item) in enumerate(items):
        _read_item(source, at.line(begin), f"{prefix}/{n}", item, text[begin:end], out)
    if error is not None:
        out.rejects.append(broken_json(source, text, at, stop, error, f"{prefix}/{len(items)}"))
    elif not prefix:
        check_trailing(source, text, at, stop, out)


def check_trailing(source: str, text: str, at: Position, end: int, out: Extraction) -> None:
    rest = skip_space(text, end)
    if rest < len(text):
        line = at.line(rest)
        why = f"text after the end of the JSON at line {line} is not read"
        out.rejects.append(reject(source, line, why, text[rest:].split("\n"), "bad_syntax"))


FORMAT = InputFormat(
    name=NAME,
    description="CSL-JSON export (Zotero, Better BibTeX, pandoc): literal names, partial dates",
    sniff=sniff,
    extract=extract,
    render=None,
    priority=20,
    kind="export",
)
