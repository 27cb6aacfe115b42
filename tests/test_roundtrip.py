"""Property tests: for every layout, reading back what `render` printed gives the same records.

The generators keep to what each layout can print unambiguously; every restriction says why.
Line numbers are recomputed from each layout's grammar, not taken from the extractor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.build import extract_files
from kg.extract import Context, compact, daily, profile, titles
from kg.extract.text import MONTHS, DateError, parse_date
from kg.model import Page, Record
from kg.read import Text, decode

SOURCE = "page.txt"
PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# ---- words ---------------------------------------------------------------------------------

LOWER = "abcdefghijklmnopqrstuvwxyzäöüéçñøßłćčšë"
UPPER = "ABCDEFGHIJKLMNOPRSTUVWZÄÖÜÉÇŁČŠ"
ACRONYM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

lower_word = st.text(LOWER, min_size=1, max_size=9)
capitalized = st.builds(str.__add__, st.sampled_from(UPPER), st.text(LOWER, min_size=1, max_size=8))
acronym = st.text(ACRONYM, min_size=2, max_size=5)

# ---- names ---------------------------------------------------------------------------------

real_name_word = st.sampled_from(
    "Najoung Kim Douwe Kiela Robin Jia Ameya Godbole Teven Le Scao Adam Dahlgren Lindström Ivana Kajić "
    "Müller Çelik Łukasz Søren Zoë Yun Chang Zheng Wei".split()
)
name_word = capitalized | real_name_word
hyphenated = st.builds("{}-{}".format, name_word, name_word)  # "Ting-Yun", "Tian-Zheng"
initial = st.sampled_from(UPPER).map(lambda c: c + ".")  # "R."
initials = st.builds("{}.{}.".format, st.sampled_from(UPPER), st.sampled_from(UPPER))  # "J.R."
particle = st.sampled_from(["van", "von", "de", "der", "da", "di", "le", "ter"])
CAMEL_PREFIXES = ["Mc", "Mac", "De", "La", "Le", "Di", "O'"]
camel = st.builds(str.__add__, st.sampled_from(CAMEL_PREFIXES), name_word)  # "McKenzie", "O'Brien", "DeAndre"

plain_first = name_word | hyphenated | initial
plain_middle = name_word | hyphenated | initial | particle
plain_last = name_word | hyphenated


@st.composite
def person(
    draw: st.DrawFn, first: st.SearchStrategy[str], middle: st.SearchStrategy[str], last: st.SearchStrategy[str]
) -> str:
    """A name of 2 to 4 words."""
    return " ".join([draw(first), *draw(st.lists(middle, max_size=2)), draw(last)])


# A profile prints each author list on its own line, so any name reads back.
any_person = person(plain_first | camel | initials, plain_middle | camel | initials, plain_last | camel)
# A compact line glues the title to the first author, and kg finds the seam by trying every
# capital not after a space or hyphen. So, in compact lists:
# - a capital inside a name word ("McKenzie", "O'Brien", "J.R.") may only stand in a name's last
#   word: "Ian McKenzie Lee" would also read as title "...Ian Mc" + author "Kenzie Lee";
# - the first author's first word is plain and capitalised: a particle ("van ...") cannot open
#   the seam (it needs a capital), and a first word with a capital inside ("DeAndre") is
#   ambiguous with its own tail ("Andre") unless the name is known from another page (below).
# Titles ending in a CamelCase word stay in: in "...TokenSmithAnn Lee" the seam before "Smith"
# gives a first word with a capital inside ("SmithAnn"), and the plain "Ann" wins.
compact_first_author = person(plain_first, plain_middle, plain_last | camel)
compact_other_author = person(plain_first | particle, plain_middle, plain_last | camel)
slug = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,11}", fullmatch=True)


@st.composite
def author_list(draw: st.DrawFn, first: st.SearchStrategy[str], other: st.SearchStrategy[str]) -> dict:
    return {
        "authors": [draw(first), *draw(st.lists(other, max_size=3))],
        "authors_truncated": draw(st.booleans()),
        "affiliations": draw(st.lists(slug, max_size=3)),
    }


# ---- titles and abstracts ------------------------------------------------------------------

camel_title_word = st.lists(capitalized | acronym, min_size=2, max_size=3).map("".join)  # "TokenSmith", "BoardgameQA"
number_word = st.integers(0, 2030).map(str) | st.builds("{}B".format, st.integers(1, 999)) | st.just("v2.6")
model_name = st.builds("{}-{}".format, acronym, st.integers(1, 9))  # "GPT-2"
# Words of real titles, drawn about as often as the random ones.
real_title_word = st.sampled_from(
    "Learning Language Models for with of the a in on via Large Neural Reasoning Benchmarking NLP LLM LLMs BERT "
    "BERT4Rec GPT-2 TokenSmith Dynabench BoardgameQA IsoBench BIG-bench In-context Out-of-Distribution Zero-Shot "
    "Transformers Is Are Do Can How What Memorization Interpretability Évaluation naïve Übersetzung "
    "(Un)Reliability Text-to-Image KV Cache x $k$ (QA)$^2$ 176B-Parameter Only-IF:Revealing".split()
)
plain_title_word = real_title_word | lower_word | capitalized | acronym | camel_title_word | number_word | model_name
title_word = (
    real_title_word
    | plain_title_word
    | plain_title_word.map(lambda w: w + ":")
    | plain_title_word.map(lambda w: w + "?")
    | plain_title_word.map(lambda w: f"({w})")
    | st.builds("{}-{}".format, lower_word | capitalized, lower_word | capitalized)  # "Non-Linear"
    | st.builds("({})$^{}$".format, acronym, st.integers(2, 9))  # "(QA)$^2$"
    | st.builds("${}$".format, lower_word)
)
title = st.lists(title_word, min_size=1, max_size=10).map(" ".join)
# A sentence ends with a full stop, so no abstract line ever reads as a date, score or count line.
sentence = st.builds(
    lambda first, rest: " ".join([first, *rest]) + ".", capitalized, st.lists(title_word, min_size=2, max_size=14)
)
abstract_line = st.lists(sentence, min_size=1, max_size=3).map(" ".join)

DATE_LIKE = re.compile(r"(?:[A-Z]{2})?(?:" + "|".join(MONTHS) + r") \d{1,2}(?:, \d{4})?(?:Code| \d+)?")


def not_date_like(text: str) -> bool:
    """A title that reads as a date line opens a new profile block or ends a daily record."""
    return DATE_LIKE.fullmatch(text) is None


# ---- dates ---------------------------------------------------------------------------------

as_of_dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
categories = st.text(ACRONYM, min_size=2, max_size=2)
tenths = st.integers(0, 1000).map(lambda n: n / 10)


@st.composite
def printed_date(draw: st.DrawFn, as_of: dt.date) -> tuple[str, bool]:
    """An ISO date and whether the page prints it without its year.

    A date printed without a year reads back only if it is the latest such day not after
    as_of, that is one of the 365 days ending on as_of.
    """
    if draw(st.booleans()):
        return (as_of - dt.timedelta(days=draw(st.integers(0, 364)))).isoformat(), True
    return draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))).isoformat(), False


def omitted(years: list[bool]) -> frozenset[int]:
    return frozenset(n for n, no_year in enumerate(years) if no_year)


# ---- profile -------------------------------------------------------------------------------


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


@st.composite
def profile_header(draw: st.DrawFn) -> Page:
    return Page(
        source=SOURCE,
        layout="profile",
        owner=draw(any_person),
        owner_category=draw(maybe(categories)),
        h_index=draw(maybe(st.integers(0, 300))),
        papers=draw(maybe(st.integers(0, 5000))),
        citations=draw(maybe(st.integers(0, 10_000_000))),
        novelty=draw(maybe(tenths)),
        ai_score=draw(maybe(tenths)),
    )


@st.composite
def profile_pages(draw: st.DrawFn) -> tuple[dt.date, list[Record], frozenset[int], Page | None]:
    as_of = draw(as_of_dates)
    records, years = [], []
    for _ in range(draw(st.integers(1, 5))):
        date, no_year = draw(printed_date(as_of))
        years.append(no_year)
        records.append(
            Record(
                source=SOURCE,
                line=0,
                layout="profile",
                title=draw(title.filter(not_date_like)),
                # Paragraphs of an abstract are lines of their own; blank lines between them are not kept.
                abstract="\n".join(draw(st.lists(abstract_line, min_size=1, max_size=3))),
                **draw(author_list(any_person, any_person)),
                category=draw(st.none() | categories),
                date=date,
                has_code=draw(st.booleans()),
            )
        )
    return as_of, records, omitted(years), draw(st.none() | profile_header())


def profile_title_lines(records: list[Record], page: Page | None) -> list[int]:
    n = 0
    if page is not None and page.owner:
        figures = (page.owner_category, page.h_index, page.papers, page.citations, page.novelty, page.ai_score)
        n = 2 + sum(f is not None for f in figures) + 3  # owner, "", figures, "", "N Papers", ""
    lines = []
    for r in records:
        lines.append(n + 2)  # the date line, then the title
        n += 6 + len((r.abstract or "").split("\n"))  # date, title, "", authors, "", abstract, ""
    return lines


@PROPERTY
@given(profile_pages())
def test_profile_round_trip(case: tuple[dt.date, list[Record], frozenset[int], Page | None]) -> None:
    as_of, records, year_omitted, page = case
    text = profile.render(records, page, year_omitted)
    out = profile.extract(SOURCE, text.split("\n"), Context(as_of=as_of))
    assert out.rejects == []
    assert out.records == [replace(r, line=n) for r, n in zip(records, profile_title_lines(records, page))]
    if page is not None:
        facts = ("owner", "owner_category", "h_index", "papers", "citations", "novelty", "ai_score")
        assert {f: getattr(out.page, f) for f in facts} == {f: getattr(page, f) for f in facts}


# ---- compact -------------------------------------------------------------------------------


@st.composite
def compact_pages(
    draw: st.DrawFn, first_author: st.SearchStrategy[str] = compact_first_author
) -> tuple[dt.date, list[Record], frozenset[int]]:
    as_of = draw(as_of_dates)
    records, years = [], []
    for _ in range(draw(st.integers(1, 6))):
        fields: dict = {"score": None, "category": None, "date": None, "has_code": False}
        no_year = False
        if draw(st.booleans()):  # the score line is optional; without it there is no date either
            date, no_year = draw(printed_date(as_of))
            fields = {
                "score": draw(tenths),
                "category": draw(st.none() | categories),
                "date": date,
                "has_code": draw(st.booleans()),
            }
        years.append(no_year)
        records.append(
            Record(
                source=SOURCE,
                line=0,
                layout="compact",
                title=draw(title),
                # Every record needs its abstract line: without it the next title would be read as one.
                abstract=draw(abstract_line),
                **draw(author_list(first_author, compact_other_author)),
                **fields,
            )
        )
    return as_of, records, omitted(years)


def compact_title_lines(records: list[Record]) -> list[int]:
    n, lines = 0, []
    for r in records:
        n += r.score is not None  # the score line
        lines.append(n + 1)
        n += 2  # title-and-authors, abstract
    return lines


@PROPERTY
@given(compact_pages())
def test_compact_round_trip(case: tuple[dt.date, list[Record], frozenset[int]]) -> None:
    as_of, records, year_omitted = case
    text = compact.render(records, None, year_omitted)
    out = compact.extract(SOURCE, text.split("\n"), Context(as_of=as_of))
    assert out.rejects == []
    assert out.records == [replace(r, line=n) for r, n in zip(records, compact_title_lines(records))]


# First authors whose first word has a capital inside ("DeAndre Jones"), under titles that may
# end in a CamelCase word whose tail is a name word ("TokenSmith"): "...TokenSmithDeAndre Jones"
# reads as well with "Andre Jones" or "SmithDeAndre Jones" first. Only a name known from other
# pages settles it.
ambiguous_first_author = person(camel, plain_middle, plain_last | camel)
camel_ending_title = st.builds("{} {}{}".format, title, capitalized, name_word)


def camel_tails(name: str) -> set[str]:
    """The names that dropping the prefix of a CamelCase first word leaves: "Andre Jones"."""
    first, _, rest = name.partition(" ")
    return {first[len(p) :] + " " + rest for p in CAMEL_PREFIXES if first.startswith(p)}


@st.composite
def ambiguous_compact_pages(draw: st.DrawFn) -> tuple[dt.date, list[Record], frozenset[int]]:
    as_of, records, year_omitted = draw(compact_pages(first_author=ambiguous_first_author))
    records = [replace(r, title=draw(st.one_of(title, camel_ending_title))) for r in records]
    # A tail that is itself a name on the page ("Andre Jones" as a co-author) would be known too.
    names = {name for r in records for name in r.authors}
    assume(not any(camel_tails(r.authors[0]) & names for r in records))
    return as_of, records, year_omitted


@PROPERTY
@given(ambiguous_compact_pages())
def test_compact_known_names_settle_the_split(case: tuple[dt.date, list[Record], frozenset[int]]) -> None:
    as_of, records, year_omitted = case
    text = compact.render(records, None, year_omitted)
    known = frozenset(r.authors[0] for r in records)
    out = compact.extract(SOURCE, text.split("\n"), Context(as_of=as_of, known_names=known))
    assert out.rejects == []
    assert out.records == [replace(r, line=n) for r, n in zip(records, compact_title_lines(records))]


def test_names_from_another_page_settle_a_compact_split(tmp_path: Path) -> None:
    glued = "Forging Models with TokenSmithDeAndre Jones, Ann Lee et al. · mit"
    (tmp_path / "b_compact.txt").write_text(f"12.5CLMay 3, 2024\n{glued}\nAn abstract.\n", encoding="utf-8")
    alone = extract_files([(tmp_path / "b_compact.txt", "b_compact.txt")], dt.date(2026, 11, 24))
    # Alone, the page cannot tell "DeAndre Jones" from "Andre Jones": the plain name wins.
    assert alone.records[0].authors[0] != "DeAndre Jones"
    (tmp_path / "a_profile.txt").write_text(
        "Ann Lee\n\nCL\nh-index3\n\nCLMay 3, 2024\nAnother Paper\n\nDeAndre Jones, Ann Lee\n\nAn abstract.\n",
        encoding="utf-8",
    )
    files = [(tmp_path / "a_profile.txt", "a_profile.txt"), (tmp_path / "b_compact.txt", "b_compact.txt")]
    both = extract_files(files, dt.date(2026, 11, 24))
    assert both.rejects == []
    split = next(r for r in both.records if r.source == "b_compact.txt")
    assert split.title == "Forging Models with TokenSmith"
    assert split.authors == ["DeAndre Jones", "Ann Lee"]
    assert (split.authors_truncated, split.affiliations, split.score) == (True, ["mit"], 12.5)


# The order in which compact weighs the places a glued line could split, one rule at a time.
SPLIT_RULES = [
    # A first author that another page prints wins over everything ("DeAndre" has a capital inside).
    ("Forging Models with TokenSmithDeAndre Jones, Ann Lee", {"DeAndre Jones"}, "DeAndre Jones"),
    ("Forging Models with TokenSmithDeAndre Jones, Ann Lee", set(), "Andre Jones"),
    # Then a plain first word ("Ann") over one with a capital inside ("DonaldX"), wherever it is.
    ("Graph NetsAnn McDonaldX Lee, Bob Wu", set(), "Ann McDonaldX Lee"),
    # Then the latest place: "(Un)" + "Reliable Models de FranceAnn Lee" reads as names too.
    ("(Un)Reliable Models de FranceAnn Lee, Bob Wu", set(), "Ann Lee"),
]


@pytest.mark.parametrize(("line", "known", "first_author"), SPLIT_RULES)
def test_compact_split_rules(line: str, known: set[str], first_author: str) -> None:
    split = compact.split_title_authors(line, known)
    assert split is not None
    assert split.authors.names[0] == first_author
    assert split.title + ", ".join(split.authors.names) == line


# ---- daily ---------------------------------------------------------------------------------

# A title or abstract that is page chrome, a date, a count or the dot would be read as those.
daily_text = st.one_of(title, abstract_line).filter(lambda t: not_date_like(t) and t not in daily.CHROME)


@st.composite
def daily_pages(draw: st.DrawFn) -> tuple[dt.date, list[Record], frozenset[int], Page]:
    as_of = draw(as_of_dates)
    records, years = [], []
    for _ in range(draw(st.integers(1, 6))):
        trailer: dict = {"author_count": None, "date": None, "comments": None}
        no_year = False
        if draw(st.booleans()):  # the count, dot and date lines come together or not at all
            date, no_year = draw(printed_date(as_of))
            trailer = {
                "author_count": draw(st.integers(1, 40)),
                "date": date,
                "comments": draw(st.none() | st.integers(0, 999)),  # the discussion count after the date
            }
        years.append(no_year)
        records.append(
            Record(
                source=SOURCE,
                line=0,
                layout="daily",
                title=draw(daily_text),
                abstract=draw(daily_text),  # required: a title with no abstract is rejected
                **trailer,
            )
        )
    # The page prints its listing date without a year.
    listing = draw(st.none() | st.integers(0, 364).map(lambda k: (as_of - dt.timedelta(days=k)).isoformat()))
    return as_of, records, omitted(years), Page(source=SOURCE, layout="daily", listing_date=listing)


def daily_title_lines(records: list[Record], page: Page) -> list[int]:
    n = 2 + (2 if page.listing_date else 0)  # "Daily Papers", "", [date, ""]
    lines = []
    for r in records:
        lines.append(n + 1)
        n += 4 + (4 if r.author_count is not None else 0)  # title, "", abstract, "", [count, dot, date, ""]
    return lines


@PROPERTY
@given(daily_pages())
def test_daily_round_trip(case: tuple[dt.date, list[Record], frozenset[int], Page]) -> None:
    as_of, records, year_omitted, page = case
    text = daily.render(records, page, year_omitted)
    out = daily.extract(SOURCE, text.split("\n"), Context(as_of=as_of))
    assert out.rejects == []
    assert out.records == [replace(r, line=n) for r, n in zip(records, daily_title_lines(records, page))]
    assert out.page.listing_date == page.listing_date


# ---- title–abstract list -------------------------------------------------------------------

# The page glues "Subscribe" to the first title, and kg cuts it off only before a capital or a
# digit ("SubscribeBERT4Rec"): before a lower-case letter it could be one word ("Subscribers").
first_title = title.filter(lambda t: t[0].isupper() or t[0].isdigit())


@PROPERTY
@given(st.lists(st.tuples(title, abstract_line), min_size=1, max_size=8), first_title)
def test_title_abstract_round_trip(pairs: list[tuple[str, str]], first: str) -> None:
    pairs[0] = (first, pairs[0][1])
    records = [Record(SOURCE, 0, "title-abstract", t, abstract=a) for t, a in pairs]
    text = titles.render(records)
    out = titles.extract(SOURCE, text.split("\n"), Context(as_of=dt.date(2026, 11, 24)))
    assert out.rejects == []
    assert out.records == [replace(r, line=2 + 2 * n) for n, r in enumerate(records)]  # after one chrome line


# ---- dates ---------------------------------------------------------------------------------


def days_in(month: int) -> int:
    """Days the month can have (February in a leap year)."""
    return (dt.date(2000 + month // 12, month % 12 + 1, 1) - dt.date(2000, month, 1)).days


@PROPERTY
@given(st.integers(1, 12), st.integers(1, 31), st.dates(dt.date(1800, 1, 1), dt.date(2300, 12, 31)))
def test_date_without_year_is_the_latest_such_day_not_after_as_of(month: int, day: int, as_of: dt.date) -> None:
    printed = f"{MONTHS[month - 1]} {day}"
    if day > days_in(month):
        try:
            parse_date(printed, as_of)
        except DateError:
            return
        raise AssertionError(f"{printed!r} is no day, yet it was read")
    got = dt.date.fromisoformat(parse_date(printed, as_of))
    assert (got.month, got.day) == (month, day)
    assert got <= as_of
    for year in range(got.year + 1, as_of.year + 1):  # no later such day up to as_of
        try:
            later = dt.date(year, month, day)
        except ValueError:  # Feb 29 outside leap years
            continue
        assert later > as_of


@PROPERTY
@given(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)), as_of_dates)  # years print with 4 digits
def test_date_with_year_reads_as_printed(day: dt.date, as_of: dt.date) -> None:
    assert parse_date(f"{MONTHS[day.month - 1]} {day.day}, {day.year}", as_of) == day.isoformat()


def test_date_examples() -> None:
    assert parse_date("Feb 29", dt.date(2026, 11, 24)) == "2024-02-29"
    assert parse_date("Feb 29", dt.date(2024, 2, 28)) == "2020-02-29"
    assert parse_date("Feb 29", dt.date(2103, 6, 1)) == "2096-02-29"  # 2100 is no leap year
    assert parse_date("Nov 24", dt.date(2026, 11, 24)) == "2026-11-24"  # as_of itself counts
    assert parse_date("Nov 25", dt.date(2026, 11, 24)) == "2025-11-25"


def test_impossible_dates_are_refused() -> None:
    for printed in ("Feb 30", "Apr 31", "Feb 29, 2023", "Jun 0", "Sept 3", "2024-01-01"):
        try:
            parse_date(printed, dt.date(2026, 11, 24))
        except DateError:
            continue
        raise AssertionError(f"{printed!r} was read as a date")


# ---- decoding ------------------------------------------------------------------------------

# Text without control characters (so no line ends inside a line) and without a byte-order mark.
line_text = st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff"), max_size=30)


@PROPERTY
@given(st.lists(line_text, min_size=1, max_size=8).filter(lambda ls: any(s.strip() for s in ls)), st.booleans())
def test_decode_reads_lf_crlf_and_cr_alike(lines: list[str], bom: bool) -> None:
    for end, note in (("\n", None), ("\r\n", "CRLF line ends read as LF"), ("\r", "CR line ends read as LF")):
        text = decode(SOURCE, (("\ufeff" if bom else "") + end.join(lines)).encode("utf-8"))
        assert isinstance(text, Text)
        assert text.lines == lines
        expected_notes = (["byte-order mark removed"] if bom else []) + ([note] if note and len(lines) > 1 else [])
        assert text.notes == expected_notes
