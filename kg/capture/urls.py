"""Text exports that print every link's address as a bare URL on its own line after the
link's text (NotebookLM's source export, "copy as text" tools): the URL lines become the
link of the text line above them, and drop out of the lines a reader reads.

    Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback
                                                   <- blank lines between are ignored
    https://huggingface.co/papers/2410.05434       <- link of the title above

A URL whose text line already has a link belonged to a link with no text (an image); it is
counted in the notes. YAML front matter at the top is read as the tool's metadata.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kg.capture import View
from kg.capture.markdown import read_front_matter

MIN_URL_LINES = 5
MIN_URL_SHARE = 0.2  # of the non-blank lines


def bare_url(line: str) -> str | None:
    text = line.strip()
    if not text or " " in text or len(text) > 2_000:
        return None
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def _front_matter(lines: list[str], view: View) -> int:
    """The index of the first line after YAML front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() == "---":
            read_front_matter(view, "\n".join(lines[1:end]))
            return end + 1
    return 0


def capture(lines: list[str]) -> View | None:
    nonblank = [line for line in lines if line.strip()]
    url_lines = sum(1 for line in nonblank if bare_url(line))
    if url_lines < MIN_URL_LINES or url_lines < MIN_URL_SHARE * len(nonblank):
        return None
    view = View("text+urls", [], line_of=[])
    assert view.line_of is not None
    start = _front_matter(lines, view)
    imageless = 0
    for n in range(start, len(lines)):
        text = lines[n].strip()
        if not text:
            continue
        url = bare_url(text)
        if url is None:
            view.lines.append(text)
            view.line_of.append(n + 1)
            continue
        last = len(view.lines) - 1
        if last >= 0 and last not in view.links:
            view.links[last] = [(view.lines[last], url)]
        else:
            imageless += 1
    if imageless:
        view.notes.append(f"{imageless} URLs of links without text (images) set aside")
    view.notes.append(f"{url_lines - imageless} bare URL lines read as the links of the lines above them")
    return view
