"""Bad captures give one readable reject each, with a code from REJECT_CODES, and never an
internal error: Markdown cut off mid-card, HTML that lists nothing, a login wall, a 10 MB page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.build import Extracted, extract_files
from kg.model import REJECT_CODES

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
FIRECRAWL = REAL / "02_hf-search-citations_firecrawl.md"
AS_OF = dt.date(2026, 10, 2)


def read(tmp_path: Path, name: str, text: str) -> Extracted:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_files([(path, name)], AS_OF)


def only_reject(result: Extracted, code: str) -> str:
    assert len(result.rejects) == 1, [(r.code, r.reason) for r in result.rejects]
    (bad,) = result.rejects
    assert bad.code == code and code in REJECT_CODES
    assert bad.line >= 1 and "Traceback" not in bad.reason and len(bad.reason) < 200
    return bad.reason


@pytest.mark.skipif(not FIRECRAWL.exists(), reason="../shared/real-pages is absent (CI provides it)")
def test_markdown_cut_off_mid_card(tmp_path: Path) -> None:
    lines = FIRECRAWL.read_text(encoding="utf-8").split("\n")
    # Line 89 is the fourth card's title ("### [Source or It Didn't Happen…"); the file stops
    # inside its abstract, before the card's organization and date.
    cut = "\n".join(lines[:91]) + "\n[Large language models are increasingly used in scien"
    result = read(tmp_path, "cut.md", cut)
    assert [r.line for r in result.records] == [32, 44, 56]
    reason = only_reject(result, "cut_off")
    assert result.rejects[0].line == 89 and "cut off" in reason


HF_CHROME = """<!DOCTYPE html>
<html><head><title>{title}</title><meta property="og:url" content="{url}"></head>
<body><header><nav><a href="/">Hugging Face</a> <a href="/models">Models</a>
<a href="/login">Log In</a> <a href="/join">Sign Up</a></nav></header>
<main>{main}</main></body></html>"""


def test_html_without_a_listing(tmp_path: Path) -> None:
    empty = HF_CHROME.format(
        title="Daily Papers - Hugging Face",
        url="https://huggingface.co/papers/date/2026-10-03",
        main="<h1>Daily Papers</h1><p>No paper has been submitted for this day yet.</p>",
    )
    assert "lists no paper" in only_reject(read(tmp_path, "empty.html", empty), "no_listing")


def test_html_of_an_unknown_site_without_a_listing(tmp_path: Path) -> None:
    page = "<!DOCTYPE html><html><body><h1>Recipes</h1><p>Bake for 20 minutes.</p></body></html>"
    assert "no known page layout" in only_reject(read(tmp_path, "recipe.html", page), "unknown_layout")


def test_login_wall_saved_as_html(tmp_path: Path) -> None:
    wall = HF_CHROME.format(
        title="Log In - Hugging Face",
        url="https://huggingface.co/login?next=%2Fpapers",
        main='<h1>Log In</h1><form><input name="username"><input type="password"><button>Login</button></form>',
    )
    assert "log in" in only_reject(read(tmp_path, "wall.html", wall), "login_wall")


def test_login_wall_saved_as_markdown(tmp_path: Path) -> None:
    wall = (
        "---\nurl: https://huggingface.co/login?next=%2Fpapers\ntitle: Log In - Hugging Face\n---\n"
        "[Hugging Face](https://huggingface.co/)\n\n# Log In\n\nUsername or Email address\n\nPassword\n\n"
        "Login\n\n[Forgot your password?](https://huggingface.co/password/reset)\n"
    )
    only_reject(read(tmp_path, "wall.md", wall), "login_wall")


def test_ten_megabyte_html_page(tmp_path: Path) -> None:
    row = "<div class='row'><p>" + "alpha beta gamma delta paper graph " * 3 + "</p><a href='/x'>link</a></div>\n"
    page = (
        "<!DOCTYPE html><html><head><title>Big</title></head><body>" + row * (10_000_000 // len(row)) + "</body></html>"
    )
    assert len(page) > 9_900_000
    reason = only_reject(read(tmp_path, "big.html", page), "too_large")
    assert "elements" in reason


def test_html_nested_past_the_parser_limit_is_refused_not_cut_short(tmp_path: Path) -> None:
    row = "<div><p>alpha beta gamma " * 3 + "</p><a href='/x'>link</a></div>\n"  # 2 of 3 divs never closed
    page = "<!DOCTYPE html><html><body>" + row * 2_000 + "</body></html>"
    reason = only_reject(read(tmp_path, "deep.html", page), "bad_syntax")
    assert "stops reading at line" in reason
