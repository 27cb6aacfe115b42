"""The capture layer: how a file was saved (plain text, Markdown, HTML …) turned into the
lines a page reader reads.

Each capture is a function from the file's lines to a `View` or None (not this capture).
The plain view is always offered; a page format is sniffed on every view, so the same
reader serves a page however it was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class View:
    """Lines as a reader should see them, and where each came from in the file."""

    capture: str  # "text", "markdown", "html" …
    lines: list[str]
    # 1-based line in the file of each view line; None when the view is the file itself.
    line_of: list[int] | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def plain(cls, lines: list[str]) -> View:
        return cls("text", lines)

    def file_line(self, line: int) -> int:
        """The file's line for a 1-based view line (0 stays 0: the whole file)."""
        if self.line_of is None or line <= 0:
            return line
        return self.line_of[min(line, len(self.line_of)) - 1]


Capture = Callable[[list[str]], View | None]

# Captures other than plain text, tried in order; each answers None when the file is not its kind.
CAPTURES: tuple[Capture, ...] = ()


def views(lines: list[str]) -> list[View]:
    """Every view of a file: the captures that recognise it, then the plain text."""
    found = [v for capture in CAPTURES if (v := capture(lines)) is not None]
    return [*found, View.plain(lines)]
