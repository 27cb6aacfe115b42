"""The capture layer: Markdown, HTML, text exports with bare URLs and lynx dumps turned
into the lines a reader sees, with file lines and link targets kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.capture import View, views
from kg.capture import markdown as md_capture

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="../shared/real-pages is absent (CI provides it)")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _at(view: View, file_line: int) -> int:
    assert view.line_of is not None
    return view.line_of.index(file_line)


@needs_real
def test_firecrawl_markdown_reads_as_the_page_shows() -> None:
    view = md_capture.capture(_lines(REAL / "02_hf-search-citations_firecrawl.md"))
    assert view is not None and view.capture == "markdown"
    assert view.meta["url"] == "https://huggingface.co/papers?q=source%20citations"
    assert view.meta["retrieved"] == "2026-10-02"
    # file line 40 is "May 29[6](https://huggingface.co/papers/2606.00683#community)"
    i = _at(view, 40)
    assert view.lines[i] == "May 296"
    assert view.links[i] == [("6", "https://huggingface.co/papers/2606.00683#community")]
    # "### [The Noisy Path … Engage\  with Past Research](…)" on line 56: heading, escape undone
    i = _at(view, 56)
    assert view.kinds[i] == "h3"
    assert view.lines[i] == "The Noisy Path from Source to Citation: Measuring How Scholars Engage with Past Research"
    # lines 58-78: one abstract written with "\\" at every line end, one view line, no backslash
    i = _at(view, 58)
    assert view.lines[i].startswith("Academic citations are widely used for evaluating research and tracing knowledge")
    assert view.lines[i].endswith("potential for distortion of evidence.")
    assert "\\" not in view.lines[i]
    assert view.line_of[i + 1] == 79


@needs_real
def test_converted_markdown_drops_anchors_and_image_placeholders() -> None:
    view = md_capture.capture(_lines(REAL / "04_hf-trending_structured-html.md"))
    assert view is not None
    assert view.meta["url"] == "https://huggingface.co/papers/trending"
    assert not any("source-section" in line or "图片" in line for line in view.lines)
    # line 59: "[[图片：kandinskylab] Kandinsky Lab](https://huggingface.co/kandinskylab) · Published on Oct 4, 2026"
    i = _at(view, 59)
    assert view.lines[i] == "Kandinsky Lab · Published on Oct 4, 2026"
    assert view.links[i] == [("Kandinsky Lab", "https://huggingface.co/kandinskylab")]


def test_reference_links_escapes_hard_breaks_and_front_matter() -> None:
    text = [
        "---",
        "title: Daily Papers",
        "---",
        "### [A \\*starred\\* title][12]",
        "",
        "first half of a",
        "wrapped line  ",
        "after a hard break",
        "",
        "![avatar](https://x/a.png)Org Name",
        "",
        "[12]: https://huggingface.co/papers/2401.00001",
    ]
    view = md_capture.capture(text)
    assert view is not None
    assert view.meta == {"title": "Daily Papers"}
    assert view.lines == ["A *starred* title", "first half of a wrapped line", "after a hard break", "Org Name"]
    assert view.line_of == [4, 6, 8, 10]
    assert view.links[0] == [("A *starred* title", "https://huggingface.co/papers/2401.00001")]
    assert view.kinds[:2] == ["h3", "p"]


def test_front_matter_that_is_not_yaml_keeps_its_one_line_fields() -> None:
    """Clippers write a title with ": " unquoted, which YAML refuses (a real converter's capture of a
    Hugging Face paper page did): its url and day still say where and when the page was saved."""
    text = [
        "---",
        "title: Paper page - FAN: Fourier Analysis Networks",
        "url: https://huggingface.co/papers/2410.02675",
        "retrieved: '2025-01-20'",
        "tags:",
        "- clippings",
        "  nested: not a field",
        "---",
        "# FAN: Fourier Analysis Networks",
    ]
    view = md_capture.capture(text)
    assert view is not None
    assert view.meta == {
        "title": "Paper page - FAN: Fourier Analysis Networks",
        "url": "https://huggingface.co/papers/2410.02675",
        "retrieved": "2025-01-20",
    }
    assert view.notes == [
        "front matter is not YAML (ScannerError); its one-line fields read as text: retrieved, title, url"
    ]
    assert view.lines == ["FAN: Fourier Analysis Networks"]


def test_plain_seeds_have_no_other_view() -> None:
    for path in sorted((ROOT / "seeds").iterdir()):
        assert [v.capture for v in views(_lines(path))] == ["text"], path.name


def test_html_blocks_in_markdown_show_their_text() -> None:
    text = [
        '<a id="source-section-1"></a>',
        "",
        "# Title",
        "",
        "<div>",
        '<p>Shown <a href="https://x.org/">here</a></p>',
        "</div>",
    ]
    view = md_capture.capture(text)
    assert view is not None
    assert view.lines == ["Title", "Shown here"]
    assert view.line_of == [3, 6]
    assert view.links[1] == [("here", "https://x.org/")]
