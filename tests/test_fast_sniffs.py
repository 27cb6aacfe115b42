"""Issue 15: the shortcuts that make choosing a format and reading a compact list cheaper change no answer.

Each shortcut answers early (a sniff's 0 when a text lacks what its format cannot do without, the
Markdown check's literal tests, a compact sniff that stops once too few lines are left, bytes counted in
C) or reuses work (a compact page's lines split once). Each is compared with the code it replaced, kept
here as the reference: on the real files, and on generated text built around what the shortcut looks
for (white space of every kind, case-blind matches such as a dotless "ı", labels beside and inside words).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.capture.markdown as markdown
from kg.build import find_inputs
from kg.extract import arxiv_listing, bibtex, compact, dblp, medline, openalex, pubmed_text, ris, wos
from kg.extract.base import Context
from kg.read import Text, _looks_binary, read

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
AS_OF = dt.date(2026, 11, 24)


# ---- the code each shortcut replaced ------------------------------------------------------------------

OLD_MAYBE_MARKDOWN_RE = re.compile(
    r"^[ \t>*+\-0-9.)]*#{1,6}(?:[ \t]|$)|\]\(|\]:|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+[:@]", re.MULTILINE
)


def old_may_be_markdown(text: str) -> bool:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.startswith("-") or OLD_MAYBE_MARKDOWN_RE.search(text) is not None


def old_arxiv_listing_sniff(lines: list[str]) -> float:
    a = arxiv_listing
    entries = labels = marks = 0
    for line in lines[:5000]:
        text = a._clean(line)
        if a.ENTRY_RE.fullmatch(text):
            entries += 1
        elif text.startswith(("Subjects:", "Title:")) or (a.LABEL_RE.fullmatch(text) and text.startswith(":")):
            labels += 1
        elif a.PAGE_MARKS.fullmatch(text):
            marks += 1
    if entries and labels:
        return 0.96
    if marks:
        return 0.9
    return 0.0


def old_dblp_sniff(lines: list[str]) -> float:
    head = lines[:5000]
    entries = sum(1 for e in dblp._scan(head)[0] if e.authors_at >= 0)
    if entries >= 1 and any(dblp.MARK_RE.fullmatch(dblp._clean(line)) for line in head):
        return 0.95
    if entries >= 3:
        return 0.8
    return 0.0


def old_compact_sniff(lines: list[str]) -> float:
    content = [line.strip() for line in lines if line.strip()]
    if not content:
        return 0.0
    metas = sum(1 for line in content if compact.is_meta(line))
    if metas:
        return 0.95
    sample = [line for line in content[:40] if len(line) < 400]
    glued = sum(1 for line in sample if compact.split_candidates(line))
    return 0.7 if sample and glued >= 0.8 * len(sample) and glued >= len(content[:40]) / 2 - 1 else 0.0


def old_ris_sniff(lines: list[str]) -> float:
    content = [line.lstrip("\ufeff").rstrip("\r") for line in lines[:5000] if line.strip()]
    head = [ris._tag(line) for line in content[: ris.HEADER_LINES + 1]]
    if "TY" not in head:
        return 0.0
    return 0.95 if any(ris._tag(line) == "ER" for line in content) else 0.7


def old_medline_sniff(lines: list[str]) -> float:
    content = [line.lstrip("\ufeff").rstrip("\r") for line in lines[:5000] if line.strip()]
    if not content:
        return 0.0
    if re.match(r"PMID- \d+\s*$", content[0]):
        return 0.97
    tags = {medline._tag(line) for line in content[: medline.HEAD_LINES]}
    if {"TY", "ER"} & tags or "TI" not in tags or not {"FAU", "AU"} & tags:
        return 0.0
    return 0.8 if {"PMID", "DP", "SO"} & tags else 0.0


def old_pubmed_text_sniff(lines: list[str]) -> float:
    content = [line.lstrip("\ufeff").strip() for line in lines[:400] if line.strip()]
    if not content or not pubmed_text.RECORD_RE.match(content[0]):
        return 0.0
    if not pubmed_text._is_citation(" ".join(content[:3])):
        return 0.0
    return 0.9 if any(re.match(r"PMID: \d+", line) for line in content[:200]) else 0.0


def old_wos_sniff(lines: list[str]) -> float:
    from kg.extract import wos_tab

    tab = wos_tab.sniff(lines)
    if tab:
        return tab
    content = [line.lstrip("\ufeff").rstrip("\r") for line in lines[:5000] if line.strip()]
    if len(content) >= 2 and content[0].startswith("FN ") and re.match(r"VR \d", content[1]):
        return 0.97
    head = [wos._tag(line) for line in content[: wos.HEAD_LINES]]
    if "PT" not in head:
        return 0.0
    tags = {wos._tag(line) for line in content[:200]}
    if not {"AU", "AF", "TI"} & tags:
        return 0.0
    return 0.9 if any(line.rstrip() == "ER" for line in content) else 0.7


def old_bibtex_sniff(lines: list[str]) -> float:
    starts = 0
    first: str | None = None
    for line in lines[:2000]:
        text = line.lstrip("\ufeff").strip()
        if not text or text.startswith("%"):
            continue
        if first is None:
            first = text
        if bibtex.ENTRY_START.match(text):
            starts += 1
    if first is None or not starts:
        return 0.0
    return 0.95 if bibtex.ENTRY_START.match(first) else (0.7 if starts >= 2 else 0.0)


def old_openalex_sniff(lines: list[str]) -> float:
    head = ""
    for line in lines:
        head += line + "\n"
        if len(head) > openalex.SNIFF_CHARS:
            break
    start = head.lstrip()[:1]
    if start not in ("{", "["):
        return 0.0
    work_id = '"https://openalex.org/W' in head or '"id": "W' in head or '"id":"W' in head
    fields = sum(key in head for key in ('"authorships"', '"publication_year"', '"abstract_inverted_index"'))
    if work_id and fields:
        return 0.95
    if work_id and '"display_name"' in head:
        return 0.85
    if '"db_response_time_ms"' in head and '"results"' in head:
        return 0.9
    if '"works_api_url"' in head and re.search(r'"id"\s*:\s*"https://openalex\.org/[AISCTPFV]\d', head):
        return 0.85
    return 0.0


def old_looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.1


SNIFFS = [
    (arxiv_listing.sniff, old_arxiv_listing_sniff),
    (dblp.sniff, old_dblp_sniff),
    (compact.sniff, old_compact_sniff),
    (ris.sniff, old_ris_sniff),
    (medline.sniff, old_medline_sniff),
    (pubmed_text.sniff, old_pubmed_text_sniff),
    (wos.sniff, old_wos_sniff),
    (bibtex.sniff, old_bibtex_sniff),
    (openalex.sniff, old_openalex_sniff),
]


# ---- real files -----------------------------------------------------------------------------------------


def real_texts() -> list[tuple[str, list[str]]]:
    folders = [SHARED / "real-pages", SHARED / "real-exports", SHARED / "seeds", ROOT / "seeds"]
    out = []
    for path, source in find_inputs([f for f in folders if f.is_dir()]):
        text = read(path, source)
        if isinstance(text, Text):
            out.append((source, text.lines))
    return out


@pytest.mark.skipif(not (SHARED / "real-pages").is_dir(), reason="../shared is absent (CI provides it)")
def test_every_sniff_answers_on_real_files_as_before() -> None:
    from kg.capture import views

    texts = real_texts()
    assert len(texts) >= 12
    claimed = set()
    for source, lines in texts:
        for view in views(lines):
            for new, old in SNIFFS:
                score = old(view.lines)
                assert new(view.lines) == score, (source, view.capture, new.__module__)
                if score:
                    claimed.add(new.__module__)
        joined = "\n".join(lines)
        assert markdown.may_be_markdown(joined) == old_may_be_markdown(joined), source
    # The comparison saw both answers: formats that claim a real file, and every sniff saying no.
    assert {"kg.extract.arxiv_listing", "kg.extract.ris", "kg.extract.bibtex", "kg.extract.openalex"} <= claimed


# ---- generated text around what each shortcut looks for ---------------------------------------------------

SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\x0b", "\x1c", "\x85", "", "\r"])
PIECE = st.sampled_from(
    ["arXiv:", "arxiv:", "ARXIV:", "arXıv:", "arXİv:", "arXiv", "v:", "V:", "2401.00001", "[1]", "[12]",
     "(cross-list from cs.AI)", "[pdf, other]", "[ pdf , html ]", "Title:", ":Title:", "Subjects:",
     "Authors:", "Comments:", "Authors and titles for cs.AI", "Showing new listings for Monday, 3 June 2024",
     "New submissions (showing 3 of 3 entries)", "titles", "listings", "submissions", "Authors", "and",
     "for", "(showing", "[c11]", "[i1]", "[j3]", "[abc1]", "[C11]", "[c١]", "[c 11]", "c11]", "[c11",
     "2019", "dblp", "dblp.org", "Ann Lee,", "Bo Wu:", "Ann Lee", "Title of a Paper.", "CVPR 2019: 1-9",
     "3.7CLJan 17, 2024Code", "Jan 17, 2024", "TokenSmithAnn Lee, Bo Wu", "A Title:Ann Lee et al. · mit",
     "TY  - JOUR", "ER  - ", "ER", "PMID- 123", "TI  - x", "AU  - Lee A", "FAU - Lee, Ann", "DP  - 2020",
     "PT J", "AU Lee, A", "TI A title", "FN Clarivate", "VR 1.0", "1. Nature. 2020 Jan;1:2.", "PMID: 1",
     "@article{k,", "@ misc (k,", "%comment", "@", "{", "[", '"id": "W1"', '"authorships"', '"display_name"',
     "\ufeff", "# h", "](u)", "]:", "<a@b>", "<https://x>", ",", " ,", ";", " ;", ":", "·", "x"]
)  # fmt: skip
LINE = st.lists(st.tuples(SPACE, PIECE), max_size=8).map(lambda parts: "".join(s + p for s, p in parts))
LINES = st.lists(st.one_of(LINE, st.sampled_from(["", " ", "\t"])), min_size=0, max_size=14)


@settings(max_examples=3000, deadline=None)
@given(LINES)
def test_every_sniff_answers_on_generated_text_as_before(lines: list[str]) -> None:
    for new, old in SNIFFS:
        assert new(lines) == old(lines), new.__module__
    joined = "\n".join(lines)
    assert markdown.may_be_markdown(joined) == old_may_be_markdown(joined)


@pytest.mark.parametrize(
    "lines",
    [
        # IGNORECASE matches the dotless and the dotted capital i: a prefilter that lowered the text would miss them
        ["[1] arXıv:2401.00001 [pdf]", "Title: A", "Subjects: Machine Learning (cs.LG)"],
        ["[1] ARXİV:2401.00001", "Subjects: Machine Learning (cs.LG)"],
        # the page mark's words apart (a tab, a no-break space): cleaned, they are the mark
        ["Authors\tand titles\u00a0for cs.AI"],
        ["New\u3000submissions (showing 1 of 1 entries)"],
    ],
)
def test_listing_sniff_claims_what_only_the_full_read_sees(lines: list[str]) -> None:
    assert arxiv_listing.sniff(lines) == old_arxiv_listing_sniff(lines) > 0


def test_dblp_sniff_claims_a_page_with_entries() -> None:
    lines = ["dblp: Ann Lee", "2019", "[c11]\tAnn Lee,  Bo Wu:", "A Title. CVPR 2019: 1-9"]
    assert dblp.sniff(lines) == old_dblp_sniff(lines) == 0.95


@pytest.mark.parametrize(
    ("sniff", "old", "lines", "score"),
    [
        # the closing tag among the head's lines, or only after them
        (ris.sniff, old_ris_sniff, ["TY  - JOUR", "ER  - "], 0.95),
        (ris.sniff, old_ris_sniff, ["TY  - JOUR", *[f"N{k} - x" for k in range(20)], "ER  - "], 0.95),
        (ris.sniff, old_ris_sniff, ["Record #1 of 1", "TY  - JOUR", "TI  - x"], 0.7),
        (wos.sniff, old_wos_sniff, ["PT J", "AU Lee, A", "TI A title", "ER"], 0.9),
        (wos.sniff, old_wos_sniff, ["PT J", "AU Lee, A", *["TI A title"] * 300, "ER"], 0.9),
        (wos.sniff, old_wos_sniff, ["PT J", *["SO A journal"] * 300, "AU Lee, A", "ER"], 0.0),
        (medline.sniff, old_medline_sniff, ["", "PMID- 123", "TI  - x"], 0.97),
        (medline.sniff, old_medline_sniff, ["TI  - x", "AU  - Lee A", *["AB  - x"] * 300, "DP  - 2020"], 0.0),
        (pubmed_text.sniff, old_pubmed_text_sniff, ["1. Nature. 2020 Jan;1:2.", "", "A title.", "PMID: 1"], 0.9),
        (bibtex.sniff, old_bibtex_sniff, ["% a comment", "\ufeff @article{k,", "title={x}}"], 0.95),
        (openalex.sniff, old_openalex_sniff, ["", "  ", ' {"id": "W1", "authorships": []}'], 0.95),
        (openalex.sniff, old_openalex_sniff, ["\ufeff{", '"id": "W1", "authorships": []}'], 0.0),
    ],
)
def test_export_sniffs_read_past_the_head_where_they_did(sniff, old, lines: list[str], score: float) -> None:
    assert sniff(lines) == old(lines) == score


@pytest.mark.parametrize("glued", range(0, 11))
def test_compact_sniff_stops_early_only_where_the_answer_is_no(glued: int) -> None:
    """Ten lines, `glued` of them title-and-authors: the count decides at 8 (0.8 of the sample)."""
    yes = "TokenSmith: A Study of ThingsAnn Lee, Bo Wu et al. · mit"
    no = "a line of plain prose, no names at its end"
    for order in range(5):
        lines = [yes] * glued + [no] * (10 - glued)
        random.Random(order).shuffle(lines)
        assert compact.sniff(lines) == old_compact_sniff(lines) == (0.7 if glued >= 8 else 0.0)


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 40))
def test_control_bytes_are_counted_as_before(data: bytes, controls: int) -> None:
    mixed = data + bytes(range(1, 32))[:controls] + b"text\n" * (controls % 7)
    assert _looks_binary(data) == old_looks_binary(data)
    assert _looks_binary(mixed) == old_looks_binary(mixed)


def test_a_page_just_over_the_control_share_is_binary() -> None:
    page = b"\x01" * 11 + b"a" * 89  # 11 in 100: over a tenth
    assert _looks_binary(page) and old_looks_binary(page)
    assert not _looks_binary(b"\x01" * 10 + b"a" * 90)


# ---- a compact page's lines split once ---------------------------------------------------------------------


def test_compact_extract_splits_as_split_title_authors_does() -> None:
    """The same glued line twice (two records, each with lists of its own), a line whose split a later
    line decides (it prints "Ann LeeBo Wu" beyond its first author), one the build's names decide."""
    lines = [
        "3.7CLJan 17, 2024Code",
        "TokenSmith: Fast TextAnn Lee, Ed Fu et al. · mit",
        "An abstract.",
        "3.1CLJan 18, 2024",
        "TokenSmith: Fast TextAnn Lee, Ed Fu et al. · mit",
        "Another abstract.",
        "Deep NetsAnn LeeBo Wu, Cy Li",
        "A third abstract.",
        "Other WorkCy Li, Ann LeeBo Wu",
        "A fourth abstract.",
        "Wide NetsDa KoEl Su, Fa Ng",
        "A fifth abstract.",
    ]
    known = frozenset({"Da KoEl Su"})
    out = compact.extract("page.txt", lines, Context(as_of=AS_OF, known_names=known))
    assert not out.rejects
    beyond = compact.names_beyond_first(line for line in lines if not compact.is_meta(line))
    every = compact.Known(known, beyond)
    for record in out.records:
        split = compact.split_title_authors(lines[record.line - 1], every)
        assert split is not None
        assert (record.title, record.authors, record.affiliations) == (
            split.title.strip(),
            split.authors.names,
            split.authors.affiliations,
        )
    assert [(r.title, r.authors[0]) for r in out.records] == [
        ("TokenSmith: Fast Text", "Ann Lee"),
        ("TokenSmith: Fast Text", "Ann Lee"),
        ("Deep Nets", "Ann LeeBo Wu"),  # alone, the later split would win ("Bo Wu", the longer title)
        ("Other Work", "Cy Li"),
        ("Wide Nets", "Da KoEl Su"),
    ]
    assert compact.split_title_authors(lines[6]).title == "Deep NetsAnn Lee"
    assert compact.split_title_authors(lines[10]).title == "Wide NetsDa Ko"
    assert out.records[0].authors is not out.records[1].authors
