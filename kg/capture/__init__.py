"""The capture layer: how a file was saved (plain text, Markdown, HTML …) turned into the
lines a page reader reads.

Each capture is a function from the file's lines to a `View` or None (not this capture).
The plain view is always offered; a page format is sniffed on every view, so the same
reader serves a page however it was saved.

The API readers rely on (kg.capture.View):

- `lines`: the text a person reads, one line per block (paragraph, heading, list item,
  table row; a hard break starts a new line). Markup is gone: `### [T](u)` reads "T",
  `\\*` reads "*", images read as nothing, wrapped lines are joined with one space.
- `line_of[i]`: the 1-based file line view line i came from (None: the view is the file).
- `links[i]`: for view line i (0-based), the links on it in order, as (link text, url).
  Link text is exactly the substring of `lines[i]` the link covers (so a reader can cut
  "May 29" from "May 296" when the "6" is the link to "…#community").
- `kinds[i]`: the block a line came from: "h1".."h6", "p", "li", "td", "pre", "" (unknown).
- `meta`: what the tool that saved the page says about it (front matter, "Source URL:"),
  e.g. {"url": "https://huggingface.co/papers/trending"}.
- `notes`: sentences about what the capture did (for pages.jsonl).
- Readers and sniffers receive `view.lines`; `kg.capture.view_of(lines)` gives back the View
  (None for plain text), so `view_of(lines).links` etc. are at hand without a new signature.
- `data`: a site's own data embedded in a saved HTML page, e.g. data["DailyPapers"] is the
  JSON of Hugging Face's `<div data-target="DailyPapers" data-props=…>` (paper ids, full
  author names).
- `problem`: (reject code, reason) when the file is of this capture's kind but cannot be
  read as one (an HTML page of 10 MB of elements); kg.extract.refused turns it into the
  file's one reject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class View:
    """Lines as a reader should see them, and where each came from in the file."""

    capture: str  # "text", "markdown", "html", "text+urls", "dump" …
    lines: list[str]
    # 1-based line in the file of each view line; None when the view is the file itself.
    line_of: list[int] | None = None
    notes: list[str] = field(default_factory=list)
    # view line index (0-based) -> [(link text, url)] in the order printed
    links: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # per view line: "h3", "p", "li" …; empty for plain text
    meta: dict[str, str] = field(default_factory=dict)  # what the saving tool says: url, retrieved, title …
    problem: tuple[str, str] | None = None  # (REJECT_CODES code, reason) when the file cannot be read
    data: dict[str, Any] = field(default_factory=dict)  # a site's own data embedded in the page, by name

    @classmethod
    def plain(cls, lines: list[str]) -> View:
        return cls("text", lines)

    def file_line(self, line: int) -> int:
        """The file's line for a 1-based view line (0 stays 0: the whole file)."""
        if not self.line_of or line <= 0:
            return min(line, 1) if self.line_of is not None else line
        return self.line_of[min(line, len(self.line_of)) - 1]

    def links_on(self, index: int) -> list[tuple[str, str]]:
        """The (text, url) links on 0-based view line `index`."""
        return self.links.get(index, [])


class ViewLines(list[str]):
    """A view's lines that know their view: format sniffers and readers get `lines` only,
    and reach the links, kinds and metadata through `view_of(lines)`."""

    view: View


def view_of(lines: list[str]) -> View | None:
    """The capture view these lines belong to; None for a file's plain text."""
    return getattr(lines, "view", None)


Capture = Callable[[list[str]], View | None]


def _captures() -> tuple[Capture, ...]:
    # Imported here: each capture module imports View from this one.
    from kg.capture import dump, fenced, html, markdown, urls

    # fenced before markdown: a page inside one fence is the page, not a code block of a Markdown file
    return (html.capture, fenced.capture, markdown.capture, dump.capture, urls.capture)


# Captures other than plain text, tried in order; each answers None when the file is not its kind.
CAPTURES: tuple[Capture, ...] = _captures()


def views(lines: list[str]) -> list[View]:
    """Every view of a file: the captures that recognise it, then the plain text."""
    found = [v for capture in CAPTURES if (v := capture(lines)) is not None]
    for v in found:
        v.lines = ViewLines(v.lines)
        v.lines.view = v
    return [*found, View.plain(lines)]
