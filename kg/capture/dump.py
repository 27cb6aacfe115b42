"""Text dumps by lynx (`lynx -dump`): the page as text wrapped at ~75 columns, each link's
text preceded by a marker "[12]", and the addresses listed at the end under "References"
(also "Visible links" / "Hidden links:"), as in the real dumps found in public repositories:

       [5]GroupLens is a research group in the [6]Department of Computer
       Science and Engineering at the [7]University of Minnesota.

    References

       5. http://www.grouplens.org/

The markers go, the reference list becomes the links; lines wrapped inside a paragraph are
joined: a line continues the one above when it is indented the same and its first word
would not have fitted on the line above (the dump wraps at WRAP_AT columns); a blank line,
a list bullet or a change of indent starts a new line. A marker says where a link begins but
not where it ends: its text runs to the next marker or the end of the line. (w3m's numbered
dump was not found in any public repository, so it is not read here.)
"""

from __future__ import annotations

import re

from kg.capture import View

REFERENCES = frozenset({"References", "Visible links", "Visible links:", "Hidden links:", "Hidden links"})
# "  12. https://…" (also mailto:, file:): an address with a scheme, not "1. Smith, J." of a bibliography
REFERENCE_RE = re.compile(r"\s*(?P<n>\d+)\. (?P<url>[A-Za-z][A-Za-z0-9+.-]*:\S+)\s*")
MARKER_RE = re.compile(r"\[(?P<n>\d+)\]")
BULLET_RE = re.compile(r"\s*(?:[*+o#@-]|\d+\.)\s")
MIN_REFERENCES = 1
WRAP_AT = 68  # lynx and w3m fill lines to 76-79 columns; a shorter line ended on purpose


def _references(lines: list[str]) -> tuple[int, dict[int, str]] | None:
    """Where the reference list starts and its numbered addresses, or None when there is none."""
    for start in range(len(lines) - 1, -1, -1):
        if lines[start].strip() in REFERENCES and lines[start] == lines[start].lstrip():
            refs: dict[int, str] = {}
            for line in lines[start + 1 :]:
                m = REFERENCE_RE.fullmatch(line)
                if m:
                    refs[int(m.group("n"))] = m.group("url")
                elif line.strip() and line.strip() not in REFERENCES:
                    return None
            if len(refs) >= MIN_REFERENCES:
                # lynx prints "Visible links" then "Hidden links:": keep the earliest header
                while start > 0 and not lines[start - 1].strip():
                    start -= 1
                earlier = _references(lines[:start]) if start else None
                if earlier:
                    earlier[1].update(refs)
                    return earlier
                return start, refs
            return None
    return None


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """(first file line, text) of each paragraph, wrapped lines joined with one space."""
    out: list[tuple[int, str]] = []
    indent = -1
    previous = ""
    for n, line in enumerate(lines):
        if not line.strip():
            indent = -1
            continue
        this = len(line) - len(line.lstrip())
        wrapped = len(previous.rstrip()) + 1 + len(line.split()[0]) > WRAP_AT
        previous = line
        if indent < 0 or BULLET_RE.match(line) or this != indent or not wrapped:
            out.append((n + 1, line.strip()))
            # a bullet's wrapped lines are indented under its text, not under the bullet
            indent = this + (len(BULLET_RE.match(line).group(0)) - this if BULLET_RE.match(line) else 0)
            continue
        first, text = out[-1]
        out[-1] = (first, text + " " + line.strip())
    return out


def capture(lines: list[str]) -> View | None:
    found = _references(lines)
    if found is None:
        return None
    start, refs = found
    body = lines[:start]
    if not any(MARKER_RE.search(line) for line in body):
        return None
    view = View("dump", [], line_of=[])
    assert view.line_of is not None
    for first, text in _paragraphs(body):
        markers = list(MARKER_RE.finditer(text))
        if not markers:
            view.lines.append(text)
            view.line_of.append(first)
            continue
        # Rebuild the line without markers, remembering where each link's text begins.
        plain, starts, at = "", [], 0
        for m in markers:
            plain += text[at : m.start()]
            starts.append((len(plain), int(m.group("n"))))
            at = m.end()
        plain += text[at:]
        links = []
        for k, (begin, number) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(plain)
            label = plain[begin:end].strip()
            if number in refs and label:
                links.append((label, refs[number]))
        line = " ".join(plain.split())
        if not line:
            continue
        if links:
            view.links[len(view.lines)] = [(" ".join(label.split()), url) for label, url in links]
        view.lines.append(line)
        view.line_of.append(first)
    view.notes.append(f"{len(refs)} references read as link targets; their [N] markers removed")
    return view
