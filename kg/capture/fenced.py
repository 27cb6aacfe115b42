"""A page saved as text inside one fenced code block under a tool's header, as a research
tool writes its "web sources" (real files in public repositories, e.g. a Hugging Face search):

    # Web source

    - URL: https://huggingface.co/papers?q=…
    - Title: …
    - Captured (UTC): 2026-06-29T16:31:22.135762458+00:00

    ```text
    … the page …
    ```

The fenced block is the page, read here instead of the file around it. Its text is what the
Rust crate html2text renders: headings as "### ", list items as "* ", a link as `[text][N]`
with its address in a footnote `[N]: url` at the end, an image as "[alt]". A link around
block content spans lines ("[" alone on a line, the content, "][N]" alone on a line); a
heading that wraps repeats its "### ". A capture cut short ("[Content truncated]") loses the
footnotes: a link then keeps its text and an empty address (""), so a reader knows the text
was a link but not where to. A fenced text without such links is offered line for line.
"""

from __future__ import annotations

import re

from kg.capture import View
from kg.capture.markdown import HEADER_KEYS, HEADER_RE, MARKDOWN

FENCE_RE = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[\w+-]*)[ \t]*")
HEADER_LINE_RE = re.compile(r"#{1,6} \S.*|[-*] [^:]{1,40}:.*|[A-Z][^:]{0,40}: .*")
HEADER_MAX = 40  # lines before the fence; a tool's header is short
CLOSER_RE = re.compile(r"\]\[(?P<n>\d+)\]")
FOOTNOTE_RE = re.compile(r"\[(?P<n>\d+)\]: (?P<url>\S+)")
HEADING_RE = re.compile(r"(?P<hashes>#{1,6}) (?P<text>.*)")
BULLET_RE = re.compile(r"\s*[*-] ")
IMAGE_RE = re.compile(r"^\[[^\[\]]*\]\s*(?=\S)")  # "[logo] Name": an image's alt text before a link's text
BLOCK_MAX = 300  # lines a link around block content may span (an abstract is some 30)


def _fenced_body(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) 0-based of the block's body when the file is a header and one fence."""
    opening = next((n for n, line in enumerate(lines[:HEADER_MAX]) if FENCE_RE.fullmatch(line)), None)
    if opening is None:
        return None
    header = [line for line in lines[:opening] if line.strip()]
    if not header or not all(HEADER_LINE_RE.fullmatch(line.strip()) for line in header):
        return None
    # The fence as CommonMark reads it: the only one, opened after the header, holding the rest.
    fences = [t for t in MARKDOWN.parse("\n".join(lines)) if t.type == "fence"]
    if len(fences) != 1 or not fences[0].map or fences[0].map[0] != opening:
        return None
    end = fences[0].map[1]
    if any(line.strip() for line in lines[end:]):
        return None
    last = FENCE_RE.fullmatch(lines[end - 1].strip()) if end > opening + 1 else None
    closed = last is not None and not last.group("info")
    return opening + 1, end - 1 if closed else end  # an unclosed fence: a capture cut short, read to the end


def _meta(view: View, header: list[str]) -> None:
    for line in header:
        m = HEADER_RE.fullmatch(line.strip().removeprefix("- ").strip())
        if m:
            key = HEADER_KEYS.get(m.group("key").lower(), m.group("key").lower().replace(" ", "_"))
            view.meta.setdefault(key, _unmark(m.group("value"), {})[0])  # "Title: [[logo] Name][1]" reads "Name"


def _footnotes(body: list[str]) -> tuple[int, dict[int, str]]:
    """Where html2text's footnote list starts in the body, and its addresses."""
    end = len(body)
    while end > 0 and (not body[end - 1].strip() or FOOTNOTE_RE.fullmatch(body[end - 1].strip())):
        end -= 1
    refs = {}
    for line in body[end:]:
        m = FOOTNOTE_RE.fullmatch(line.strip())
        if m:
            refs[int(m.group("n"))] = m.group("url")
    return (end, refs) if refs else (len(body), {})


def _unmark(text: str, refs: dict[int, str]) -> tuple[str, list[tuple[str, str]]]:
    """A line without its `[text][N]` markers, and its links (text, address or "")."""
    out, links, at = "", [], 0
    for m in CLOSER_RE.finditer(text):
        depth, start = 0, -1
        for k in range(m.start() - 1, at - 1, -1):
            if text[k] == "]":
                depth += 1
            elif text[k] == "[":
                if depth == 0:
                    start = k
                    break
                depth -= 1
        if start < 0:
            continue  # a closer without its opener on this line: left as printed
        label = IMAGE_RE.sub("", text[start + 1 : m.start()].strip())
        out += text[at:start]
        if label:
            out += label
            links.append((label, refs.get(int(m.group("n")), "")))
        at = m.end()
    out += text[at:]
    return " ".join(out.split()), links


def _join_wrapped_headings(rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """'### [A long title\\n### that wrapped][7]': one heading (html2text repeats the hashes)."""
    out: list[tuple[int, str]] = []
    for n, line in rows:
        m = HEADING_RE.fullmatch(line)
        if out and m:
            before = HEADING_RE.fullmatch(out[-1][1])
            unclosed = before is not None and before.group("text").count("[") > before.group("text").count("]")
            if before and unclosed and before.group("hashes") == m.group("hashes"):
                out[-1] = (out[-1][0], out[-1][1] + " " + m.group("text"))
                continue
        out.append((n, line))
    return out


def _html2text_view(body: list[str], offset: int, refs: dict[int, str]) -> View:
    view = View("fenced", [], line_of=[])
    assert view.line_of is not None
    width = max((len(line) for line in body), default=0)

    def add(file_line: int, text: str, kind: str) -> None:
        line, links = _unmark(text, refs)
        if not line:
            return
        if links:
            view.links[len(view.lines)] = links
        view.lines.append(line)
        view.line_of.append(file_line)
        view.kinds.append(kind)

    rows = _join_wrapped_headings([(offset + n + 1, line.rstrip()) for n, line in enumerate(body)])
    para: list[tuple[int, str]] = []  # the lines of the paragraph being read

    def flush() -> None:
        if para:
            add(para[0][0], " ".join(text.strip() for _, text in para), "p")
            para.clear()

    k = 0
    while k < len(rows):
        n, line = rows[k]
        k += 1
        end = None
        if line.strip() == "[":
            ahead = range(k, min(len(rows), k + BLOCK_MAX))
            end = next((j for j in ahead if CLOSER_RE.fullmatch(rows[j][1].strip())), None)
        heading = HEADING_RE.fullmatch(line)
        if end is not None:
            # a link around block content: its lines up to "][N]" are one line of the view
            flush()
            inner = [text.strip() for _, text in rows[k:end] if text.strip()]
            kind = "li" if inner and BULLET_RE.match(inner[0]) else "p"
            if inner:
                inner[0] = BULLET_RE.sub("", inner[0], count=1)
            add(n, "[" + " ".join(inner) + rows[end][1].strip(), kind)
            k = end + 1
        elif heading:
            flush()
            add(n, heading.group("text"), f"h{len(heading.group('hashes'))}")
        elif BULLET_RE.match(line):
            flush()
            add(n, BULLET_RE.sub("", line, count=1), "li")
        elif not line.strip():
            flush()
        elif para and len(para[-1][1]) + 1 + len(line.split()[0]) > width - 2:
            para.append((n, line))  # the line above was filled to the width html2text wraps at
        else:
            flush()
            para.append((n, line))
    flush()
    view.links = {i: links for i, links in view.links.items() if links}
    return view


def capture(lines: list[str]) -> View | None:
    found = _fenced_body(lines)
    if found is None:
        return None
    first, end = found
    body = lines[first:end]
    notes = [f"the page is the fenced block of lines {first + 1}-{end} under the tool's header"]
    if any(CLOSER_RE.search(line) for line in body):
        cut, refs = _footnotes(body)
        view = _html2text_view(body[:cut], first, refs)
        linked = sum(len(links) for links in view.links.values())
        lost = sum(1 for links in view.links.values() for _, url in links if not url)
        notes.append(f"{linked} links in html2text's [text][N] form, {lost} without an address (no footnote)")
    else:
        view = View("fenced", [line.rstrip() for line in body], line_of=list(range(first + 1, end + 1)))
    view.notes += notes
    _meta(view, lines[: first - 1])
    return view
