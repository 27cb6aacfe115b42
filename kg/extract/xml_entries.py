"""Reading the entries of an XML export (arXiv's Atom, DBLP's person XML) with defusedxml, so that
a break in the XML keeps the entries before it and says where it broke.

A document that declares entities (a "billion laughs") or points at external resources is one
reject "hostile" and nothing of it is read. A file cut off, or not well-formed further on, keeps
its finished entries; the entry left open, or the line that broke, is one reject.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from kg.extract.base import reject
from kg.model import Extraction


class EntryTarget(Protocol):
    """A TreeBuilder target that keeps the finished entries, each a tuple that starts with the
    line the entry starts on, and the line of the entry last opened."""

    expat: Any
    entries: Sequence[tuple]
    open_line: int


class Hostile(Exception):
    """The document declares entities or refers to external resources: nothing of it is read."""


def hostile_reason(error: DefusedXmlException) -> str:
    """Why a document was refused, in words: entities can expand to gigabytes (a "billion
    laughs") or read local files and URLs (external entities)."""
    name = getattr(error, "name", None)
    system_id = getattr(error, "sysid", None)
    what = f"declares the entity {name!r}" if name else "refers to an external resource"
    if system_id:
        what += f" that points at {system_id!r}"
    return f"the XML {what}; kg expands no entity and fetches nothing, so the file is not read"


def lines_at(lines: list[str], line: int, limit: int = 60) -> list[str]:
    """Up to `limit` lines from line `line` (1-based): a reject's raw text."""
    return lines[max(line - 1, 0) : max(line - 1, 0) + limit]


def parse(
    source: str, lines: list[str], target: EntryTarget, out: Extraction, names: tuple[str, str], locator: str
) -> Element | None:
    """The document's root, its entries left in `target`; None where the XML breaks (its reject in
    `out`: `names` are what the reason calls the document when cut off and when broken, `locator`
    the path of the entry left open, given its number). Raises Hostile after adding its reject."""
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    target.expat = parser.parser
    try:
        # Text, not bytes: kg.read decoded the file already (a declared Latin-1 file too), and expat
        # reads text as it is, where bytes would be decoded again by the declaration.
        parser.feed("\n".join(lines))
        return parser.close()
    except DefusedXmlException as e:
        line = parser.parser.CurrentLineNumber
        out.rejects.append(reject(source, line, hostile_reason(e), lines_at(lines, 1, 20), "hostile"))
        raise Hostile from None  # nothing of a hostile file is trusted, not even entries before the declaration
    except ParseError as e:
        line, column = e.position
        last = max((i for i, text in enumerate(lines) if text.strip()), default=0) + 1
        cut = line >= last and str(e).startswith(("no element found", "unclosed token"))
        # The entry left open when the XML broke, if any; else the line that broke.
        done = target.entries[-1][0] if target.entries else 0
        start = target.open_line if target.open_line > done else line
        reason = (
            f"{names[0]} is cut off at line {line}: the entry that starts on line {start} is incomplete"
            if cut
            else f"not well-formed XML at line {line}, column {column + 1} ({e}); "
            f"the rest of the {names[1]} is not read"
        )
        bad = reject(source, start, reason, lines_at(lines, start), "cut_off" if cut else "bad_syntax")
        bad.locator = locator.format(len(target.entries) + 1)
        out.rejects.append(bad)
        return None
