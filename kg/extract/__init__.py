"""Input formats: the registry every reader goes through, and the choice of one by content.

A format is an `InputFormat`: a name, a `sniff(lines) -> float` that answers on content
(0 to 1, how sure it is), `extract(source, lines, context) -> Extraction`, `render` where
the format has an inverse (tests round-trip through it; `kg synth` writes pages with it),
the priority its facts get when inputs disagree, and whether it needs the names other
inputs print. Listing pages ("page" formats) are sniffed on every view the capture layer
(`kg.capture`) makes of a file — the plain text, the text of a Markdown or HTML capture;
exports ("export" formats: BibTeX, RIS, JSON, XML) only on the file as saved.

Adding a format is writing a module with a FORMAT and listing it in FORMATS.
"""

from __future__ import annotations

from kg.capture import View, views
from kg.extract import (
    arxiv_abs,
    arxiv_atom,
    arxiv_listing,
    bibtex,
    compact,
    crossref,
    csl_json,
    daily,
    dblp,
    dblp_xml,
    hf,
    hf_paper,
    highwire,
    lens_csv,
    medline,
    openalex,
    profile,
    pubmed_text,
    refused,
    ris,
    scopus_csv,
    semantic_scholar,
    titles,
    wos,
)
from kg.extract.base import Context, InputFormat

# Below this, no format claims the file and it is rejected as unknown.
SNIFF_THRESHOLD = 0.5


FORMATS: tuple[InputFormat, ...] = (
    profile.FORMAT,
    compact.FORMAT,
    daily.FORMAT,
    hf.FORMAT,
    hf_paper.FORMAT,
    arxiv_listing.FORMAT,
    arxiv_abs.FORMAT,
    dblp.FORMAT,
    titles.FORMAT,
    openalex.FORMAT,
    arxiv_atom.FORMAT,
    dblp_xml.FORMAT,
    bibtex.FORMAT,
    ris.FORMAT,
    wos.FORMAT,
    medline.FORMAT,
    pubmed_text.FORMAT,
    scopus_csv.FORMAT,
    lens_csv.FORMAT,
    crossref.FORMAT,
    csl_json.FORMAT,
    semantic_scholar.FORMAT,
    highwire.FORMAT,
    refused.FORMAT,
)
BY_NAME: dict[str, InputFormat] = {f.name: f for f in FORMATS}

__all__ = ["BY_NAME", "FORMATS", "SNIFF_THRESHOLD", "Context", "InputFormat", "choose", "priority"]


def priority(name: str | None) -> int:
    """A format's rank in conflicts; an unknown name ranks last."""
    fmt = BY_NAME.get(name or "")
    return fmt.priority if fmt else 99


def choose(lines: list[str]) -> tuple[InputFormat, View] | None:
    """The format most sure of the file and the view it reads, or None when none is sure enough.

    Exports are sniffed on the file as saved; listing pages on each view of it, so a
    Markdown or HTML capture of a page is read by the same reader as its plain-text copy.
    Ties go to the format listed first.
    """
    best: tuple[InputFormat, View] | None = None
    best_score = SNIFF_THRESHOLD
    as_saved = View.plain(lines)
    for fmt in FORMATS:
        if fmt.kind == "export":
            score = fmt.sniff(lines)
            if score > best_score:
                best, best_score = (fmt, as_saved), score
    for view in views(lines):
        for fmt in FORMATS:
            if fmt.kind == "page":
                score = fmt.sniff(view.lines)
                if score > best_score:
                    best, best_score = (fmt, view), score
    return best
