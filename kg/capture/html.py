"""Saved HTML (a browser's "Save page as", SingleFile) turned into the text a browser shows.

Parsed with lxml's HTML parser; the text follows the rules of `HTMLElement.innerText` for a page whose
style sheets are not loaded (a saved page opened offline): script, style, template, head and
`hidden` elements show nothing (`<noscript>` shows: kg runs no script), block elements (div,
p, li, h1 …) start a new line, `<br>` breaks a line, table cells are separated by a tab and
rows by a line, runs of white space are one space (kept inside `<pre>`). Tests hold this to
Chromium's `document.body.innerText`.

A page may carry the site's own data for its scripts; Hugging Face's papers pages hold the
paper list as JSON in `data-props` of `<div data-target="DailyPapers">` (full author names
where the cards print "N authors"). That JSON is kept in `View.data` under the target's name.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

import lxml.etree

from kg.capture import View

SPACES_RE = re.compile(r"[ \t\n\r\f]+")  # HTML white space (not U+00A0, which a browser keeps)
MAX_HTML_CHARS = 32_000_000  # bigger than any saved listing page with its images inlined
# Saved pages of 2-4 MB (arXiv papers, a day of Hugging Face papers) hold 15,000-40,000 elements;
# walking more costs seconds per file for nothing a listing holds.
MAX_ELEMENTS = 100_000
HTML_START = ("<!doctype html", "<html", "<!-- saved from", "<!--\n page saved with singlefile", "<head")
SKIP = frozenset(
    {"head", "script", "style", "template", "title", "annotation", "annotation-xml", "meta", "link", "iframe", "object"}
)
BLOCK = frozenset(
    "address article aside blockquote body center details dialog dd div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre section summary table tbody thead "
    "tfoot ul caption".split()
)
KINDS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "dt", "dd"})
# Sites' own data for their scripts, read where the page carries it: data-target -> key in View.data
EMBEDDED_TARGETS = ("DailyPapers",)


# An XHTML page may open with an XML declaration ("<?xml version="1.0" encoding="utf-8"?>"); the
# text is decoded already (kg.read), and lxml refuses a str that still declares an encoding.
XML_DECLARATION_RE = re.compile(r"\A[\ufeff \t\n]*<\?xml\b[^>]*\?>")


def looks_like_html(lines: list[str]) -> bool:
    head = XML_DECLARATION_RE.sub("", "\n".join(line for line in lines[:5] if line.strip()))
    return head.lstrip("\ufeff \t\n").lower().startswith(HTML_START)


class _Text:
    """Builds view lines from the walk: text runs, required line breaks, links."""

    def __init__(self) -> None:
        self.view = View("html", [], line_of=[])
        self.buf = ""
        self.line = 0
        self.kind = ""
        self.links: list[tuple[int, int, str]] = []
        self.open_links: list[tuple[int, str]] = []  # links begun and not yet closed: (start in buf, url)

    def text(self, s: str, file_line: int, pre: bool = False) -> None:
        if not pre:
            s = SPACES_RE.sub(" ", s)
            if s.startswith(" ") and (not self.buf or self.buf.endswith((" ", "\t"))):
                s = s[1:]
        if not s:
            return
        if not self.buf:
            self.line = file_line
        if pre and "\n" in s:
            first, *rest = s.split("\n")
            self.buf += first
            for n, part in enumerate(rest, start=1):
                self.flush()
                self.line = file_line + n
                self.buf = part
            return
        self.buf += s

    def tab(self) -> None:
        """Between two cells of a row (innerText puts a tab between cells, none after the last)."""
        if self.buf:
            self.buf = self.buf.rstrip(" ") + "\t"

    def flush(self) -> None:
        line = self.buf.strip(" ")
        if line.strip():
            index = len(self.view.lines)
            self.view.lines.append(line)
            assert self.view.line_of is not None
            self.view.line_of.append(self.line)
            self.view.kinds.append(self.kind)
            found = []
            # A link holding block elements (a card's upvote button) covers part of several lines.
            spans = [*self.links, *((a, len(self.buf), url) for a, url in self.open_links)]
            for a, b, url in sorted(spans):
                piece = self.buf[a:b].strip()
                if piece:
                    found.append((piece, url))
            if found:
                self.view.links[index] = found
        self.buf = ""
        self.links = []
        self.open_links = [(0, url) for _, url in self.open_links]


def _visible(el: lxml.etree._Element) -> bool:
    if el.tag in SKIP or el.get("hidden") is not None:
        return False
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" not in style


def _embedded(root: lxml.etree._Element, view: View) -> None:
    for target in EMBEDDED_TARGETS:
        for el in root.iterfind(f".//*[@data-target='{target}']"):
            props = el.get("data-props")
            if not props:
                continue
            try:
                data: Any = json.loads(props)
            except ValueError:
                view.notes.append(f"the page's {target} data is not JSON; read from its text only")
                continue
            view.data[target] = data
            view.notes.append(f"the page's own {target} data read")
            break


def _walk(root: lxml.etree._Element, out: _Text, base: str) -> None:
    # An explicit stack: saved pages nest deeper than Python's recursion limit.
    stack: list[tuple[Any, bool]] = [(root, False)]
    kinds: list[str] = []
    pre = 0
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        line = el.sourceline or 0
        if closing:
            if tag == "a" and el.get("href") and out.open_links:
                start, url = out.open_links.pop()
                out.links.append((start, len(out.buf), url))
            if tag in BLOCK or tag == "tr":
                out.flush()
            if tag in KINDS and kinds:
                kinds.pop()
                out.kind = kinds[-1] if kinds else ""
            if tag == "pre":
                pre -= 1
            if el.tail:
                out.text(el.tail, line, pre > 0)
            continue
        if not tag:  # a comment or processing instruction: only its tail shows
            if el.tail:
                out.text(el.tail, line, pre > 0)
            continue
        if not _visible(el):
            if el.tail:
                out.text(el.tail, line, pre > 0)
            continue
        if tag in BLOCK or tag == "tr":
            out.flush()
        if tag in ("td", "th"):
            out.tab()
        if tag in KINDS:
            kinds.append("td" if tag == "th" else tag)
            out.kind = kinds[-1]
        if tag == "br":
            out.flush()
        if tag == "pre":
            pre += 1
        if tag == "a" and el.get("href"):
            out.open_links.append((len(out.buf), urljoin(base, el.get("href", ""))))
        if el.text:
            out.text(el.text, line, pre > 0)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(list(el)))
    out.flush()


def _saved_from(root: lxml.etree._Element, view: View) -> None:
    """The address and day a saving tool wrote into a comment (SingleFile; "saved from url=")."""
    for comment in root.iter(lxml.etree.Comment):
        text = comment.text or ""
        if "saved from url=" in text:
            view.meta.setdefault("url", text.split("saved from url=", 1)[1].split(")", 1)[-1].strip())
        elif "Page saved with SingleFile" in text:
            for line in text.splitlines():
                key, _, value = line.strip().partition(": ")
                if key == "url" and value:
                    view.meta.setdefault("url", value.strip())
                elif key == "saved date" and value:
                    view.meta.setdefault("saved", value.strip())
        if comment.getparent() is not None and comment.getparent().tag == "body":
            break


def fragment_text(markup: str, first_line: int) -> View:
    """The text a browser shows for a piece of HTML inside another document (a Markdown file's
    HTML block), its lines counted from `first_line`."""
    out = _Text()
    root = lxml.etree.fromstring(f"<div>{markup}</div>", lxml.etree.HTMLParser(remove_pis=True))
    if root is not None:
        _walk(root, out, "")
    assert out.view.line_of is not None
    out.view.line_of = [first_line + n - 1 for n in out.view.line_of]
    return out.view


def too_large(lines: list[str]) -> tuple[str, str] | None:
    size = sum(len(line) + 1 for line in lines)
    if looks_like_html(lines) and size > MAX_HTML_CHARS:
        return "too_large", f"an HTML page of {size:,} characters (kg reads saved pages up to {MAX_HTML_CHARS:,})"
    return None


def parse(lines: list[str]) -> tuple[lxml.etree._Element | None, tuple[str, str] | None]:
    """A saved page's element tree, or (None, (reject code, reason)) when kg will not read it: over
    MAX_HTML_CHARS or MAX_ELEMENTS, or markup libxml2 gives up on. The caller checks `looks_like_html`."""
    problem = too_large(lines)
    if problem:
        return None, problem
    parser = lxml.etree.HTMLParser(remove_pis=True, huge_tree=True)
    try:
        # the declaration blanked, its line breaks kept: lines keep their numbers
        markup = XML_DECLARATION_RE.sub(lambda m: "\n" * m.group().count("\n"), "\n".join(lines), count=1)
        root = lxml.etree.fromstring(markup, parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as e:
        return None, ("bad_syntax", f"HTML that lxml cannot read: {e}")
    if root is None:
        return None, ("empty", "an HTML file with no elements")
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        # libxml2 stops at a fatal error (elements nested thousands deep): the rest would be lost unsaid.
        why = f"HTML that lxml stops reading at line {fatal[0].line}: {fatal[0].message.strip()}"
        return None, ("bad_syntax", why[:300])
    elements = sum(1 for _ in root.iter())
    if elements > MAX_ELEMENTS:
        why = f"an HTML page of {elements:,} elements (kg reads pages of up to {MAX_ELEMENTS:,})"
        return None, ("too_large", why)
    return root, None


def meta_tags(root: lxml.etree._Element) -> list[tuple[str, str, int]]:
    """Every `<meta name|property=… content=…>` of a parsed page in document order, as
    (name lower-cased, content with entities decoded by the parser, 1-based file line)."""
    found = []
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = meta.get("content")
        if name and content is not None:
            found.append((name, content, meta.sourceline or 0))
    return found


def capture(lines: list[str]) -> View | None:
    if not looks_like_html(lines):
        return None
    root, problem = parse(lines)
    if root is None:
        return View("html", [], line_of=[], problem=problem)
    out = _Text()
    _embedded(root, out.view)
    for meta in root.iterfind(".//meta[@property='og:url']"):
        out.view.meta.setdefault("url", meta.get("content", ""))
    canonical = root.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href"):
        out.view.meta.setdefault("url", canonical.get("href", ""))
    _saved_from(root, out.view)
    title = root.find(".//title")
    if title is not None and "".join(title.itertext()).strip():
        out.view.meta["title"] = " ".join("".join(title.itertext()).split())
    body = root.find("body")
    base = root.find(".//base[@href]")
    _walk(
        body if body is not None else root,
        out,
        base.get("href", "") if base is not None else out.view.meta.get("url", ""),
    )
    return out.view
