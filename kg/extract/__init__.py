"""Page-layout extractors. Each module reads one layout; `choose_layout` picks one by content.

A layout module provides NAME, `sniff(lines) -> float` (how sure it is that the page is
its layout, 0 to 1), `extract(source, lines, context) -> Extraction` and `render(...)`,
the inverse used by tests and `kg synth`. Adding a layout is adding a module to LAYOUTS.
"""

from __future__ import annotations

from types import ModuleType

from kg.extract import compact, daily, profile, titles
from kg.extract.base import Context

LAYOUTS: tuple[ModuleType, ...] = (profile, compact, daily, titles)
BY_NAME = {m.NAME: m for m in LAYOUTS}
# Below this, no layout claims the page and it is rejected as unknown.
SNIFF_THRESHOLD = 0.5

__all__ = ["BY_NAME", "LAYOUTS", "Context", "choose_layout"]


def choose_layout(lines: list[str]) -> ModuleType | None:
    """The layout most sure of the page, or None when none is sure enough."""
    best, best_score = None, SNIFF_THRESHOLD
    for layout in LAYOUTS:
        score = layout.sniff(lines)
        if score > best_score:
            best, best_score = layout, score
    return best
