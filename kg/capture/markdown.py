r"""Markdown saved by reader and crawler tools (firecrawl, Jina reader, HTML-to-Markdown
converters) turned into the lines a browser would show for it.

Parsed with markdown-it-py (CommonMark plus tables, YAML front matter through
mdit-py-plugins): escapes, reference links `[text][12]`, `### [title](url)` headings and
wrapped lines are the parser's business. One view line per block; a soft line break is a
space, as a browser shows it. Two tool habits are undone: a line ending in `\\` (an
escaped backslash some tools write where the page's own text had a line break, shown by a
browser as a space) and `\ ` before a space (a TeX spacing escape in arXiv titles).
Images show nothing (their alt text is an avatar's name, not page text); converter image
placeholders such as `[图片：…]` are dropped for the same reason.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from kg.capture import View
from kg.capture.html import fragment_text, looks_like_html

MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)

# A converter's stand-in for an image, e.g. "[图片：无替代文本]" ("image: no alt text").
PLACEHOLDER_RE = re.compile(r"\[(?:图片|Image|image|图像)[:：][^\]\n]*\]\s?")
SPACES_RE = re.compile(r"\s+")
# Tool headers printed as text above the page ("- Source URL: …", Jina's "URL Source: …").
# A crawler's "**URL:** … **Page Title:** …" header, a "# Web source" header's "- Captured (UTC): …".
HEADER_RE = re.compile(
    r"(?P<key>Source URL|URL Source|URL|Page Title|Title|Published Time|Retrieved|Captured \(UTC\))"
    r"\s*:\s*(?P<value>\S.*)"
)
HEADER_KEYS = {
    "source url": "url",
    "url source": "url",
    "url": "url",
    "page title": "title",
    "captured (utc)": "retrieved",
}

# What `_is_markdown` looks for cannot be there without one of these, so text without them is not
# parsed (parsing every plain-text page was half of extraction's time). Front matter opens the text
# with "-" (the plugin's own first test). An ATX heading's 1-6 "#" follow nothing on their line but
# indentation and container markers (">", "-", "*", "+", "1." or "1)") and are followed by a space,
# a tab or the line's end. A link or an image needs "](" (inline: the parenthesis follows the label
# at once) or "]:" (the definition every reference link needs); an autolink "<scheme:" or "<name@".
# The three are searched one by one, each only where the character it cannot do without is in the
# text: one pattern of three alternatives, none with a literal start, stepped through every
# character of every page (a tenth of choosing a format).
MAYBE_HEADING_RE = re.compile(r"^[ \t>*+\-0-9.)]*#{1,6}(?:[ \t]|$)", re.MULTILINE)
MAYBE_AUTOLINK_RE = re.compile(r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+[:@]")


def may_be_markdown(text: str) -> bool:
    """False only for text whose parse holds none of what `_is_markdown` looks for."""
    if "\r" in text:  # markdown-it ends lines at \r too
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (
        text.startswith("-")
        or "](" in text
        or "]:" in text
        or ("#" in text and MAYBE_HEADING_RE.search(text) is not None)
        or ("<" in text and MAYBE_AUTOLINK_RE.search(text) is not None)
    )


class _Lines:
    """Collects view lines, their file lines, kinds and links while tokens are walked."""

    def __init__(self) -> None:
        self.view = View("markdown", [], line_of=[])
        self.buf = ""
        self.file_line = 0
        self.kind = ""
        self.links: list[tuple[int, int, str]] = []  # (start, end) in buf, url
        self.open_links: list[tuple[int, str]] = []
        self.pending_start = 0

    def text(self, s: str) -> None:
        s = SPACES_RE.sub(" ", s.replace("\\ ", " "))
        if self.buf.endswith(" ") and s.startswith(" "):
            s = s[1:]
        if not self.buf and s.startswith(" "):
            s = s[1:]
        self.buf += s

    def flush(self) -> None:
        line = self.buf.rstrip()
        if line:
            index = len(self.view.lines)
            self.view.lines.append(line)
            assert self.view.line_of is not None
            self.view.line_of.append(self.pending_start)
            self.view.kinds.append(self.kind)
            found = [(line[a:b].strip(), url) for a, b, url in self.links if line[a:b].strip()]
            if found:
                self.view.links[index] = found
        self.buf = ""
        self.links = []
        self.pending_start = self.file_line


def _inline(out: _Lines, token: Token) -> None:
    for child in token.children or []:
        if child.type in ("text", "code_inline", "text_special"):
            out.text(child.content)
        elif child.type == "softbreak":
            if out.buf.endswith("\\"):
                out.buf = out.buf[:-1]
            out.file_line += 1
            out.text(" ")
        elif child.type == "hardbreak":
            out.file_line += 1
            out.flush()
        elif child.type == "link_open":
            out.open_links.append((len(out.buf), str(child.attrs.get("href", ""))))
        elif child.type == "link_close" and out.open_links:
            start, url = out.open_links.pop()
            out.links.append((start, len(out.buf), url))
        # images and inline HTML show no text of their own


# A top-level "key: value" line of front matter that is not valid YAML: clippers write titles
# with ": " in them unquoted ("title: Paper page - FAN: Fourier Analysis Networks").
LOOSE_FIELD_RE = re.compile(r"(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*?)\s*")


def loose_fields(content: str) -> dict[str, str]:
    """The top-level one-line fields of front matter YAML refused: each "key: value" line read up to
    its first ": ", quotes around the whole value taken off; lists, nested maps, blocks left out."""
    fields: dict[str, str] = {}
    for line in content.splitlines():
        m = LOOSE_FIELD_RE.fullmatch(line)
        if m and m["key"] not in fields:
            value = m["value"]
            if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[m["key"]] = value
    return fields


def read_front_matter(view: View, content: str) -> None:
    """YAML front matter's scalar fields into view.meta (a tool's url, retrieved date, title)."""
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as e:
        loose = loose_fields(content)
        view.meta.update(loose)
        said = f"its one-line fields read as text: {', '.join(sorted(loose))}" if loose else "ignored"
        view.notes.append(f"front matter is not YAML ({type(e).__name__}); {said}")
        return
    if isinstance(data, dict):
        view.meta.update({str(k): str(v) for k, v in data.items() if isinstance(v, str | int | float | dt.date)})
        view.notes.append("front matter read: " + ", ".join(sorted(str(k) for k in data)))


def _is_markdown(tokens: list[Token]) -> bool:
    for t in tokens:
        if t.type == "front_matter" or (t.type == "heading_open" and t.markup.startswith("#")):
            return True
        if t.type == "inline" and any(c.type in ("link_open", "image") for c in t.children or []):
            return True
    return False


def capture(lines: list[str]) -> View | None:
    if looks_like_html(lines):
        return None
    text = "\n".join(lines)
    if not may_be_markdown(text):
        return None
    return parsed(text)


def parsed(text: str) -> View | None:
    """The Markdown view of text that is not HTML, or None when the parse shows no Markdown."""
    tokens = MARKDOWN.parse(text)
    if not _is_markdown(tokens):
        return None
    out = _Lines()
    tokens = _rejoin_wrapped_headings(tokens, out.view)
    kinds: list[str] = []
    in_row = False
    for t in tokens:
        if t.type == "front_matter":
            read_front_matter(out.view, t.content)
        elif t.type.endswith("_open") and t.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th"):
            kinds.append(t.tag)
        elif t.type.endswith("_close") and kinds and t.tag == kinds[-1]:
            kinds.pop()
        elif t.type == "tr_open":
            in_row = True
        elif t.type == "tr_close":
            in_row = False
            out.flush()
        if t.type == "inline" and t.map:
            kind = next((k for k in reversed(kinds) if k != "p"), "p")
            if in_row:
                out.buf += "\t" if out.buf else ""
            else:
                out.file_line = out.pending_start = t.map[0] + 1
            out.kind = "td" if kind == "th" else kind
            _inline(out, t)
            if not in_row:
                out.flush()
        elif t.type == "html_block" and t.map:
            # Anchors (`<a id="source-section-3"></a>`) show nothing; a block with text shows it.
            part = fragment_text(t.content, t.map[0] + 1)
            for n, text in enumerate(part.lines):
                out.file_line = out.pending_start = (part.line_of or [])[n]
                out.kind = part.kinds[n]
                out.buf = text
                out.links = [(text.find(label), text.find(label) + len(label), url) for label, url in part.links_on(n)]
                out.flush()
        elif t.type in ("fence", "code_block") and t.map:
            for n, text in enumerate(t.content.splitlines()):
                out.file_line = out.pending_start = t.map[0] + 1 + n + (t.type == "fence")
                out.kind = "pre"
                out.buf = text
                out.flush()
    view = out.view
    _headers(view, text.split("\n", 20))
    placeholders = sum(len(PLACEHOLDER_RE.findall(line)) for line in view.lines)
    if placeholders:
        view.notes.append(f"{placeholders} image placeholders dropped")
        _drop_placeholders(view)
    return view


def _rejoin_wrapped_headings(tokens: list[Token], view: View) -> list[Token]:
    """`### [long title\nend](url)`: a converter wrapped a heading's link onto the next line,
    which ends an ATX heading and breaks the link; the two lines are parsed again as one."""
    drop: set[int] = set()
    for n in range(len(tokens) - 4):
        head, inline = tokens[n], tokens[n + 1]
        para_open, rest = tokens[n + 3], tokens[n + 4]
        if not (head.type == "heading_open" and para_open.type == "paragraph_open" and head.map and para_open.map):
            continue
        if head.map[1] != para_open.map[0] or not inline.content.startswith("["):
            continue
        if any(c.type == "link_open" for c in inline.children or []) or "](" not in rest.content:
            continue
        joined = MARKDOWN.parseInline(inline.content + " " + rest.content)[0]
        if not any(c.type == "link_open" for c in joined.children or []):
            continue
        inline.children, inline.content = joined.children, joined.content
        drop.update({n + 3, n + 4, n + 5})
    if drop:
        view.notes.append(f"{len(drop) // 3} headings wrapped onto a second line read as one")
    return [t for n, t in enumerate(tokens) if n not in drop]


def _drop_placeholders(view: View) -> None:
    keep = []
    for i, line in enumerate(view.lines):
        cleaned = PLACEHOLDER_RE.sub("", line).strip()
        links = [(PLACEHOLDER_RE.sub("", text).strip(), url) for text, url in view.links.get(i, [])]
        keep.append((cleaned, i, [(t, u) for t, u in links if t]))
    assert view.line_of is not None
    old_lines, old_kinds = view.line_of, view.kinds
    view.lines, view.line_of, view.kinds, view.links = [], [], [], {}
    for cleaned, i, links in keep:
        if not cleaned:
            continue
        if links:
            view.links[len(view.lines)] = links
        view.lines.append(cleaned)
        view.line_of.append(old_lines[i])
        view.kinds.append(old_kinds[i])


def _headers(view: View, raw: list[str]) -> None:
    # A crawler's bold "**URL:** …" lines are read from the file first: its header lines and the
    # rule under them ("**URL:** …\n**Page Title:** …\n-----") parse as one setext heading.
    bold = [line.replace("**", "", 2) for line in raw[:20] if line.startswith("**")]
    for line in [*bold, *view.lines[:20]]:
        m = HEADER_RE.fullmatch(line.removeprefix("- ").strip())
        if m:
            key = HEADER_KEYS.get(m.group("key").lower(), m.group("key").lower().replace(" ", "_"))
            view.meta.setdefault(key, m.group("value").strip("` "))
