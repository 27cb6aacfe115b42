"""Files a capture recognises but will not read (an HTML page too large to walk, HTML lxml
cannot parse): one reject with the capture's own code and reason, instead of "no known layout"."""

from __future__ import annotations

from kg.capture import view_of
from kg.extract.base import Context, InputFormat, reject
from kg.model import Extraction, Page

NAME = "refused"


def sniff(lines: list[str]) -> float:
    view = view_of(lines)
    return 1.0 if view is not None and view.problem is not None else 0.0


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    view = view_of(lines)
    if view is None or view.problem is None:  # asked to read lines no capture refused: not its file
        code, reason = "unknown_layout", "no capture refused this file, so it is not a refused capture"
    else:
        code, reason = view.problem
    return Extraction(page=Page(source=source, layout=None), rejects=[reject(source, 1, reason, [], code)])


FORMAT = InputFormat(
    name=NAME,
    description="a file its capture refuses (too large, unparseable): one reject saying why",
    sniff=sniff,
    extract=extract,
    priority=99,
)
