"""Hugging Face pages round-trip: records rendered as firecrawl saves a search page (the shape
of ../shared/real-pages/02), read back through the Markdown capture and kg.extract.hf."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.capture import views
from kg.extract import hf
from kg.extract.base import Context
from kg.model import Record

SOURCE = "hf.md"
# Words of real titles, with the Markdown a converter must escape ("*", "_", "[", "\\", "#", "<").
word = st.sampled_from(
    "Learning Language Models for with of the a LLMs BERT GPT-2 (QA)$^2$ x $k$ 176B-Parameter Only-IF:Revealing "
    "Évaluation naïve *starred* _under_ [bracket] back\\slash #hash <tag> a&b 2026 v2.6 C++ 100% `code` ~tilde".split()
)
title = st.lists(word, min_size=1, max_size=10).map(" ".join)
abstract = st.lists(word, min_size=3, max_size=40).map(lambda ws: " ".join(ws) + ".")
as_of_dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@st.composite
def printed_date(draw: st.DrawFn, as_of: dt.date) -> tuple[str, bool]:
    """An ISO date and whether the page prints it without its year (then within a year before as_of)."""
    if draw(st.booleans()):
        return (as_of - dt.timedelta(days=draw(st.integers(0, 364)))).isoformat(), True
    return draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))).isoformat(), False


orgs = st.sampled_from(["OCC", "Carnegie Mellon University", "Kandinsky Lab", "4DCodeBench", "Edge0"])
users = st.sampled_from(["vvasilev", "akhaliq", "ruihong04", "Linzhan", "taesiri"])


@st.composite
def hf_pages(draw: st.DrawFn) -> tuple[dt.date, list[Record], frozenset[int]]:
    as_of = draw(as_of_dates)
    records, years = [], []
    for n in range(draw(st.integers(1, 6))):
        date, no_year = draw(printed_date(as_of))
        years.append(no_year)
        by_org = draw(st.booleans())
        paper = f"2401.{n:05d}"
        records.append(
            Record(
                source=SOURCE,
                line=0,
                layout="hf",
                title=draw(title),
                abstract=draw(abstract),
                author_count=None if by_org else draw(st.none() | st.integers(1, 40)),
                org=draw(orgs) if by_org else None,
                date=date,
                upvotes=draw(st.none() | st.integers(0, 999)),
                comments=draw(st.none() | st.integers(0, 99)),
                submitted_by=draw(st.none() | users),
                arxiv_id=paper,
                identifiers={"url": f"https://huggingface.co/papers/{paper}"},
            )
        )
    return as_of, records, frozenset(n for n, no_year in enumerate(years) if no_year)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hf_pages())
def test_hf_round_trip(case: tuple[dt.date, list[Record], frozenset[int]]) -> None:
    as_of, records, year_omitted = case
    lines = hf.render(records, None, year_omitted).split("\n")
    view = views(lines)[0]
    assert view.capture == "markdown"
    assert hf.sniff(view.lines) > 0.95
    out = hf.extract(SOURCE, view.lines, Context(as_of=as_of))
    assert out.rejects == []
    title_lines = [n + 1 for n, line in enumerate(lines) if line.startswith("### [")]
    for record in out.records:
        record.line = view.file_line(record.line)
    assert out.records == [
        Record(**{**r.to_dict(), "line": line}) for r, line in zip(records, title_lines, strict=True)
    ]
