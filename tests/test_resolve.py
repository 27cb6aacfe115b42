"""Resolution: one paper per title, one person per name (merged only on evidence), facts picked by rule."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from kg import cli
from kg.build import Extracted, extract_files, find_inputs
from kg.categories import CS_CATEGORIES
from kg.extract import compact, daily, profile, titles
from kg.model import Page, Record
from kg.names import name_key
from kg.resolve import Aliases, Resolution, resolve

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
AS_OF = dt.date(2026, 11, 24)
PROFILE, COMPACT, DAILY, TITLES = (
    "000_507a028c40c23cf4.txt",
    "001_255aaf5710b68c8f.txt",
    "002_9b389e03cf5b3e93.txt",
    "003_624d472fb023f9d5.txt",
)
LAMBADA = "LAMBADA: Backward Chaining for Automated Reasoning in Natural Language"
GENERATING = (
    "Generating novel experimental hypotheses from language models: A case study on cross-dative generalization"
)
LONG = "We study a question at length, with enough words that the abstract is longer than its title. " * 2


# ---------------------------------------------------------------- helpers


def paper(title: str, authors: list[str] | None = None, **facts: Any) -> Record:
    """A record to render onto a page (source and line are the page's business)."""
    return Record(source="", line=0, layout="", title=title, authors=authors or [], abstract=LONG, **facts)


def compact_page(records: list[Record]) -> tuple[ModuleType, str]:
    """A compact list: its records print a score line (score, category, date), as the layout needs."""
    for r in records:
        r.score = 1.0 if r.score is None else r.score
        r.date = r.date or "2023-01-01"
    return compact, compact.render(records)


def build(
    folder: Path, pages: dict[str, tuple[ModuleType, str]], aliases: Aliases | None = None
) -> tuple[Extracted, Resolution]:
    """Writes pages (file name -> (layout, text)), extracts and resolves them, checking every page
    was read whole and as the layout it was written in."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (_, text) in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    extracted = extract_files(find_inputs([folder]), AS_OF)
    assert not extracted.rejects, extracted.rejects
    assert {p.source: p.layout for p in extracted.pages} == {n: layout.NAME for n, (layout, _) in pages.items()}
    return extracted, resolve(extracted.records, extracted.pages, aliases)


def only(df: pd.DataFrame) -> pd.Series:
    assert len(df) == 1, df
    return df.iloc[0]


def person(res: Resolution, name: str) -> pd.Series:
    """The person whose canonical or alternate name is `name`."""
    return only(res.people[res.people.apply(lambda p: name in [p["name"], *p["alternate_names"]], axis=1)])


def names_of(res: Resolution) -> set[str]:
    return set(res.people.name)


def authors_of(res: Resolution, paper_id: str) -> pd.DataFrame:
    rows = res.authorship[res.authorship.paper_id == paper_id]
    return rows.merge(res.people, on="person_id")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli.app, list(args))


# ---------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds() -> tuple[Extracted, Resolution]:
    extracted = extract_files(find_inputs([SEEDS]), AS_OF)
    return extracted, resolve(extracted.records, extracted.pages)


@pytest.fixture(scope="module")
def seed_res(seeds: tuple[Extracted, Resolution]) -> Resolution:
    return seeds[1]


def paper_id_of(res: Resolution, title: str) -> str:
    return str(only(res.papers[res.papers.title == title]).paper_id)


def test_seeds_hold_226_papers(seed_res: Resolution) -> None:
    # 34 + 50 + 25 + 119 records, two papers printed on two pages each.
    assert len(seed_res.papers) == 226
    assert seed_res.papers.paper_id.is_unique


def test_seeds_hold_145_people(seeds: tuple[Extracted, Resolution]) -> None:
    extracted, res = seeds
    printed = {name_key(n) for r in extracted.records for n in r.authors} | {name_key("Najoung Kim")}
    assert len(printed) == 146  # the owner is printed too, so counted once; one merge takes one away
    assert len(res.people) == 145
    assert res.people.person_id.is_unique
    assert (res.people.name == "Najoung Kim").sum() == 1


def test_seeds_merge_wang_zhu_with_wang_bill_zhu(seed_res: Resolution) -> None:
    wang = person(seed_res, "Wang Bill Zhu")
    assert {wang["name"], *wang["alternate_names"]} == {"Wang Zhu", "Wang Bill Zhu"}
    assert len(wang["alternate_names"]) == 1
    assert wang["person_id"] == "person/" + name_key(wang["name"]).replace(" ", "_")
    # Wang Zhu on 5 compact-list papers, Wang Bill Zhu on 4: 9 papers for one person.
    assert (seed_res.authorship.person_id == wang["person_id"]).sum() == 9


def test_seeds_merges_csv_lists_the_merge_with_its_evidence(tmp_path: Path) -> None:
    result = invoke("build", str(SEEDS), "--out", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    with (tmp_path / "merges.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    assert {rows[0]["kept"], rows[0]["merged"]} == {"Wang Zhu", "Wang Bill Zhu"}
    assert "Ishika Singh" in rows[0]["evidence"]


def test_seeds_keep_near_miss_names_apart(seed_res: Resolution) -> None:
    # "Tian-Qi Chen" and "Tianqi Chen" share no coauthor; "Xiaoyuan Zhu" shares only a surname.
    for name in ("Tian-Qi Chen", "Tianqi Chen", "Xiaoyuan Zhu"):
        assert person(seed_res, name)["alternate_names"] == []
    assert person(seed_res, "Tian-Qi Chen").person_id != person(seed_res, "Tianqi Chen").person_id
    assert person(seed_res, "Xiaoyuan Zhu").person_id != person(seed_res, "Wang Zhu").person_id


def test_seeds_owner_is_an_author_of_all_34_profile_papers(seed_res: Resolution) -> None:
    profile_papers = set(seed_res.paper_sources[seed_res.paper_sources.source == PROFILE].paper_id)
    assert len(profile_papers) == 34
    kim = seed_res.authorship[seed_res.authorship.person_id == "person/najoung_kim"]
    assert set(kim.paper_id) == profile_papers
    assert len(kim) == 34  # one authorship per paper
    # Counted by hand on the page: 17 lists print her name, the 17 others end in "et al." before her.
    hidden = kim[kim.position.isna()]
    assert len(hidden) == 17
    assert hidden.from_owner.all()


@pytest.mark.parametrize(
    ("title", "position"),
    [
        ("BLOOM: A 176B-Parameter Open-Access Multilingual Language Model", None),
        ("Reasoning or Reciting? Exploring the Capabilities and Limitations of Language Models Through "
         "Counterfactual Tasks", None),
        ("Inverse Scaling: When Bigger Isn't Better", None),
        ("COGS: A Compositional Generalization Challenge Based on Semantic Interpretation", 1),
        (LAMBADA, 2),
        ("Is analogy enough to draw novel adjective-noun inferences?", 3),
        ("Syn-QA2: Evaluating False Assumptions in Long-tail Questions with Synthetic QA Datasets", 3),
    ],
)  # fmt: skip
def test_seeds_owner_position_as_printed(seed_res: Resolution, title: str, position: int | None) -> None:
    kim = only(
        seed_res.authorship[
            (seed_res.authorship.paper_id == paper_id_of(seed_res, title))
            & (seed_res.authorship.person_id == "person/najoung_kim")
        ]
    )
    if position is None:
        assert pd.isna(kim.position)
        assert kim.from_owner
    else:
        assert kim.position == position


def test_seeds_bloom_prints_three_names_and_hides_the_owner(seed_res: Resolution) -> None:
    bloom = authors_of(
        seed_res, paper_id_of(seed_res, "BLOOM: A 176B-Parameter Open-Access Multilingual Language Model")
    )
    printed = bloom[bloom.position.notna()].sort_values("position")
    assert list(printed.printed_name) == ["BigScience Workshop", "Teven Le Scao", "Angela Fan"]
    assert list(printed.position) == [1, 2, 3]
    assert not printed.from_owner.any()
    assert only(seed_res.papers[seed_res.papers.paper_id == bloom.paper_id.iloc[0]]).authors_truncated


@pytest.mark.parametrize(
    ("title", "layouts"), [(LAMBADA, ["profile", "title-abstract"]), (GENERATING, ["profile", "daily"])]
)
def test_seeds_paper_on_two_pages_is_one_paper_with_both_sources(
    seed_res: Resolution, title: str, layouts: list[str]
) -> None:
    pid = paper_id_of(seed_res, title)
    sources = seed_res.paper_sources[seed_res.paper_sources.paper_id == pid]
    assert sorted(sources.layout) == sorted(layouts)
    assert PROFILE in set(sources.source)


def test_seeds_only_two_papers_have_two_sources(seed_res: Resolution) -> None:
    counts = seed_res.paper_sources.groupby("paper_id").size()
    shared = set(counts[counts > 1].index)
    assert shared == {paper_id_of(seed_res, LAMBADA), paper_id_of(seed_res, GENERATING)}
    assert len(seed_res.paper_sources) == 228


def test_seeds_paper_ids_read_as_their_titles(seed_res: Resolution) -> None:
    assert (
        paper_id_of(seed_res, LAMBADA) == "paper/lambada_backward_chaining_for_automated_reasoning_in_natural_language"
    )
    # Over 80 characters: a readable prefix and a 64-bit hash.
    assert re.fullmatch(
        r"paper/generating_novel_experimental_hypotheses-[0-9a-f]{16}", paper_id_of(seed_res, GENERATING)
    )


def test_seeds_abstract_conflict_keeps_both_values_and_chooses_the_profile(seed_res: Resolution) -> None:
    pid = paper_id_of(seed_res, GENERATING)
    rows = seed_res.conflicts[(seed_res.conflicts.paper_id == pid)]
    assert set(rows.fact) == {"abstract"}  # same title, date and printed authors on both pages
    by_source = {r.source: r for r in rows.itertuples()}
    assert set(by_source) == {PROFILE, DAILY}
    assert "pilked the ball to me)--acquisition" in by_source[PROFILE].value
    assert "pilked the ball to me) -- acquisition" in by_source[DAILY].value
    assert by_source[PROFILE].chosen and not by_source[DAILY].chosen
    assert (by_source[PROFILE].line, by_source[DAILY].line) == (97, 61)  # the title lines
    chosen = only(seed_res.papers[seed_res.papers.paper_id == pid])
    assert chosen.abstract == by_source[PROFILE].value
    assert chosen.author_count == 2  # from the daily page, which the profile cannot say


def test_seeds_lambada_facts_come_from_the_profile(seed_res: Resolution) -> None:
    row = only(seed_res.papers[seed_res.papers.title == LAMBADA])
    assert (row.category, row.date, row.year) == ("AI", "2022-12-20", 2022)
    assert seed_res.conflicts[seed_res.conflicts.paper_id == row.paper_id].empty


def test_seeds_organizations_are_the_nine_slugs_with_full_names(seed_res: Resolution) -> None:
    orgs = {r.slug: r for r in seed_res.organizations.itertuples()}
    assert {s: r.name for s, r in orgs.items()} == {
        "allen-ai": "Allen Institute for AI",
        "uw": "University of Washington",
        "microsoft-research": "Microsoft Research",
        "eth-zurich": "ETH Zurich",
        "gatech": "Georgia Institute of Technology",
        "utoronto": "University of Toronto",
        "stanford": "Stanford University",
        "berkeley": "University of California, Berkeley",
        "mit": "Massachusetts Institute of Technology",
    }
    assert all(r.known and r.org_id == f"org/{s}" for s, r in orgs.items())
    assert seed_res.warnings == ()


def test_seeds_paper_organizations_as_printed(seed_res: Resolution) -> None:
    pid = paper_id_of(seed_res, "Inverse Scaling: When Bigger Isn't Better")
    links = seed_res.paper_organizations[seed_res.paper_organizations.paper_id == pid]
    assert set(links.org_id) == {"org/stanford", "org/utoronto"}


def test_seeds_person_organizations_are_derived(seed_res: Resolution) -> None:
    rows = seed_res.person_organizations
    assert len(rows) > 0
    assert rows.derived.all()
    ian = rows[rows.person_id == "person/ian_r_mckenzie"]
    assert set(ian.org_id) == {"org/stanford", "org/utoronto"}
    assert list(ian.weight) == [1, 1]


def test_seeds_categories_map_codes_to_arxiv(seed_res: Resolution) -> None:
    table = {r.code: r for r in seed_res.categories.itertuples()}
    assert set(table) == {"AI", "CL", "CR", "CV", "CY", "LG", "RO", "SE"}
    assert (table["CL"].notation, table["CL"].label) == ("cs.CL", "Computation and Language")
    assert (table["LG"].notation, table["LG"].label) == ("cs.LG", "Machine Learning")
    assert (table["CV"].notation, table["CV"].label) == ("cs.CV", "Computer Vision and Pattern Recognition")
    assert table["AI"].category_id == "category/cs.AI"
    lambada = paper_id_of(seed_res, LAMBADA)
    links = seed_res.paper_categories
    assert list(links[links.paper_id == lambada].category_id) == ["category/cs.AI"]


def test_category_table_holds_all_40_arxiv_cs_categories() -> None:
    # arXiv's Computer Science archive, https://arxiv.org/category_taxonomy (written out by hand).
    codes = (
        "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC "
        "IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY"
    )
    assert set(CS_CATEGORIES) == set(codes.split())
    assert len(CS_CATEGORIES) == 40
    assert CS_CATEGORIES["HC"] == "Human-Computer Interaction"
    assert CS_CATEGORIES["GT"] == "Computer Science and Game Theory"
    assert CS_CATEGORIES["RO"] == "Robotics"


# ---------------------------------------------------------------- duplicates and conflicting facts


def test_duplicate_paper_conflicts_are_kept_and_the_profile_wins(tmp_path: Path) -> None:
    # File names sort the compact list first: the profile must still win, by layout.
    owner = Page("", "profile", owner="Alice Walker", h_index=3, papers=1, citations=10)
    on_profile = paper("Parsing Menus: A Study of Cafés", ["Bob Ray", "Alice Walker"], category="CL", date="2023-05-02")
    on_compact = paper(
        "PARSING MENUS —  a study of cafés", ["Bob Ray", "Alice Walker"], category="LG", date="2023-05-03", score=9.5
    )
    on_compact.abstract = "Another abstract, long enough to be one, printed by the compact list only here."
    _, res = build(
        tmp_path / "in",
        {
            "a_compact.txt": (compact, compact.render([on_compact])),
            "z_profile.txt": (profile, profile.render([on_profile], owner)),
        },
    )
    row = only(res.papers)
    assert (row.title, row.category, row.date, row.abstract) == (
        "Parsing Menus: A Study of Cafés",
        "CL",
        "2023-05-02",
        LONG.strip(),
    )
    assert row.score == 9.5  # a fact only the compact list prints is still taken
    c = res.conflicts
    assert set(c.fact) == {"title", "category", "date", "abstract"}
    for fact, (profile_value, compact_value) in {
        "title": ("Parsing Menus: A Study of Cafés", "PARSING MENUS —  a study of cafés"),
        "category": ("CL", "LG"),
        "date": ("2023-05-02", "2023-05-03"),
    }.items():
        rows = c[c.fact == fact].set_index("source")
        assert rows.loc["z_profile.txt", "value"] == profile_value
        assert rows.loc["a_compact.txt", "value"] == compact_value
        assert rows.loc["z_profile.txt", "chosen"] and not rows.loc["a_compact.txt", "chosen"]
    # Lines are the title lines: after the 8-line profile header and the meta line; after the score line.
    lines = c[c.fact == "title"].set_index("source").line
    assert (lines["z_profile.txt"], lines["a_compact.txt"]) == (10, 2)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (("z_compact.txt", compact), ("a_daily.txt", daily)),
        (("z_daily.txt", daily), ("a_titles.txt", titles)),
    ],
)
def test_layout_priority_beats_file_name(
    tmp_path: Path, better: tuple[str, ModuleType], worse: tuple[str, ModuleType]
) -> None:
    pages = {}
    for (name, layout), abstract in ((better, "The abstract of the better page. " * 4), (worse, "Worse. " * 20)):
        rec = paper("A study of things", ["Bob Ray", "Carol King"] if layout is compact else [])
        rec.abstract = abstract
        pages[name] = compact_page([rec]) if layout is compact else (layout, layout.render([rec]))
    _, res = build(tmp_path / "in", pages)
    assert only(res.papers).abstract == "The abstract of the better page. " * 3 + "The abstract of the better page."
    chosen = res.conflicts[res.conflicts.chosen]
    assert list(chosen.source) == [better[0]]


def test_same_layout_then_file_name_then_line(tmp_path: Path) -> None:
    def listing(*dates: str) -> str:
        return compact.render(
            [paper("A study of things", ["Bob Ray", "Carol King"], category="CL", date=d, score=1.0) for d in dates]
        )

    _, res = build(
        tmp_path / "in",
        {"b.txt": (compact, listing("2020-01-01")), "a.txt": (compact, listing("2021-02-02", "2022-03-03"))},
    )
    assert only(res.papers).date == "2021-02-02"  # a.txt before b.txt, its line 2 before line 5
    dates = res.conflicts[res.conflicts.fact == "date"]
    assert sorted(zip(dates.source, dates.line, dates.value, dates.chosen)) == [
        ("a.txt", 2, "2021-02-02", True),
        ("a.txt", 5, "2022-03-03", False),
        ("b.txt", 2, "2020-01-01", False),
    ]


def test_titles_differing_in_case_punctuation_spacing_and_unicode_form_are_one_paper(tmp_path: Path) -> None:
    nfc = "Café Society: Parsing Menus, Fast"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    _, res = build(
        tmp_path / "in",
        {
            "a.txt": (titles, titles.render([paper(nfc)])),
            "b.txt": (daily, daily.render([paper(nfd)])),
            "c.txt": (titles, titles.render([paper("CAFÉ  society — parsing menus (fast)")])),
        },
    )
    assert len(res.papers) == 1
    assert len(res.paper_sources) == 3
    chosen = only(res.conflicts[(res.conflicts.fact == "title") & res.conflicts.chosen])
    assert chosen.source == "b.txt"  # the daily page's, by layout priority
    assert unicodedata.normalize("NFC", only(res.papers).title) == nfc


def test_titles_with_different_letters_stay_two_papers(tmp_path: Path) -> None:
    _, res = build(
        tmp_path / "in",
        {"a.txt": (titles, titles.render([paper("Cafe Society"), paper("Cafe Societies"), paper("Cafe Society 2")]))},
    )
    assert len(res.papers) == 3
    assert res.conflicts.empty


# ---------------------------------------------------------------- people


def people_of(tmp_path: Path, *author_lists: list[str], aliases: Aliases | None = None) -> Resolution:
    """One compact list with one paper per author list."""
    recs = [paper(f"Paper number {chr(ord('a') + i)} of a set", names) for i, names in enumerate(author_lists)]
    return build(tmp_path / "in", {"list.txt": compact_page(recs)}, aliases)[1]


def test_variant_with_shared_coauthor_merges(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["Wang Zhu", "Ishika Singh"], ["Wang Bill Zhu", "Ishika Singh"])
    assert names_of(res) == {"Wang Bill Zhu", "Ishika Singh"}  # equal counts: the fuller form
    assert person(res, "Wang Bill Zhu")["alternate_names"] == ["Wang Zhu"]
    merge = only(res.merges)
    assert (merge.kept, merge.merged) == ("Wang Bill Zhu", "Wang Zhu")
    assert "Ishika Singh" in merge.evidence


def test_most_printed_form_is_kept(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["Wang Zhu", "Ishika Singh"], ["Wang Bill Zhu", "Ishika Singh"], ["Wang Zhu", "Ann Lee"])
    assert person(res, "Wang Bill Zhu")["name"] == "Wang Zhu"


@pytest.mark.parametrize(("a", "b"), [("Ian R. McKenzie", "Ian McKenzie"), ("J. Smith", "John Smith")])
def test_initial_variant_with_shared_coauthor_merges(tmp_path: Path, a: str, b: str) -> None:
    res = people_of(tmp_path, [a, "Ann Lee"], [b, "Ann Lee"])
    one = person(res, b)
    assert {one["name"], *one["alternate_names"]} == {a, b}
    assert len(res.people) == 2
    assert "Ann Lee" in only(res.merges).evidence


def test_variant_without_shared_coauthor_stays_apart(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["Wang Zhu", "Ishika Singh"], ["Wang Bill Zhu", "Robin Jia"])
    assert {"Wang Zhu", "Wang Bill Zhu"} <= names_of(res)
    assert res.merges.empty


def test_same_surname_with_shared_coauthor_stays_apart(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["Wang Zhu", "Ishika Singh"], ["Xiaoyuan Zhu", "Ishika Singh"])
    assert names_of(res) == {"Wang Zhu", "Xiaoyuan Zhu", "Ishika Singh"}
    assert res.merges.empty


def test_variants_printed_on_one_paper_stay_two_people(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["Wang Zhu", "Wang Bill Zhu", "Ishika Singh"], ["Wang Zhu", "Ishika Singh"])
    assert {"Wang Zhu", "Wang Bill Zhu"} <= names_of(res)
    assert len(res.authorship) == 5  # 3 + 2 printed names, one per authorship
    assert res.merges.empty


def test_a_third_variant_does_not_join_two_names_printed_on_one_paper(tmp_path: Path) -> None:
    # "Wang B. Zhu" may be either; merging it with both would make one person of two coauthors.
    res = people_of(tmp_path, ["Wang Zhu", "Wang Bill Zhu", "Ann Lee"], ["Wang B. Zhu", "Ann Lee"])
    assert person(res, "Wang Zhu")["person_id"] != person(res, "Wang Bill Zhu")["person_id"]
    first = only(res.papers[res.papers.title == "Paper number a of a set"]).paper_id
    assert len(res.authorship[res.authorship.paper_id == first]) == 3  # no printed author lost
    assert len(res.merges) <= 1


def test_an_initial_does_not_chain_two_first_names(tmp_path: Path) -> None:
    # "J. Smith" may be Jane (shared coauthor Ann Lee) or John (Bob Ray), but Jane is not John.
    res = people_of(
        tmp_path,
        ["J. Smith", "Ann Lee"],
        ["Jane Smith", "Ann Lee"],
        ["John Smith", "Bob Ray"],
        ["J. Smith", "Bob Ray"],
    )
    assert person(res, "Jane Smith")["person_id"] != person(res, "John Smith")["person_id"]


def test_an_initial_shared_by_two_first_names_joins_one_at_most(tmp_path: Path) -> None:
    res = people_of(tmp_path, ["J. Smith", "Ann Lee"], ["John Smith", "Ann Lee"], ["Jane Smith", "Ann Lee"])
    assert person(res, "Jane Smith")["person_id"] != person(res, "John Smith")["person_id"]
    assert len(res.merges) <= 1  # J. Smith with one of them at most
    assert len(res.people) >= 3


# ---------------------------------------------------------------- page owners and "et al."


def test_owner_hidden_behind_et_al_is_an_author_with_no_position(tmp_path: Path) -> None:
    owner = Page("", "profile", owner="Alice Walker", h_index=3, papers=2, citations=10)
    hidden = paper("Hidden owner paper", ["Bob Ray", "Carol King"], authors_truncated=True, date="2023-01-01")
    printed = paper("Printed owner paper", ["Bob Ray", "Alice Walker"], date="2023-01-02")
    _, res = build(tmp_path / "in", {"p.txt": (profile, profile.render([hidden, printed], owner))})
    assert (res.people.name == "Alice Walker").sum() == 1
    alice = person(res, "Alice Walker").person_id
    rows = res.authorship[res.authorship.person_id == alice].merge(res.papers[["paper_id", "title"]])
    by_title = {r.title: r for r in rows.itertuples()}
    assert pd.isna(by_title["Hidden owner paper"].position)
    assert by_title["Hidden owner paper"].from_owner
    assert by_title["Printed owner paper"].position == 2
    hidden_id = only(res.papers[res.papers.title == "Hidden owner paper"]).paper_id
    assert sorted(authors_of(res, hidden_id).name) == ["Alice Walker", "Bob Ray", "Carol King"]


def test_owner_printed_on_no_paper_is_still_a_person(tmp_path: Path) -> None:
    owner = Page("", "profile", owner="Alice Walker", h_index=3, papers=2, citations=10)
    recs = [
        paper(f"Hidden owner paper {n}", ["Bob Ray", "Carol King"], authors_truncated=True, date="2023-01-01")
        for n in (1, 2)
    ]
    _, res = build(tmp_path / "in", {"p.txt": (profile, profile.render(recs, owner))})
    alice = person(res, "Alice Walker").person_id
    assert alice == "person/alice_walker"
    assert res.authorship.person_id.notna().all()
    rows = res.authorship[res.authorship.person_id == alice]
    assert len(rows) == 2
    assert rows.position.isna().all() and rows.from_owner.all()


def test_profile_page_naming_no_owner_adds_no_author(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "CL",
            "h-index3",
            "2papers",
            "",
            "CLNov 9, 2022",
            "A paper with no owner",
            "",
            "Bob Ray, Carol King et al.",
            "",
            LONG,
        ]
    )
    _, res = build(tmp_path / "in", {"p.txt": (profile, text)})
    assert pd.isna(only(res.pages).owner)
    assert names_of(res) == {"Bob Ray", "Carol King"}
    assert list(res.authorship.position) == [1, 2]
    assert not res.authorship.from_owner.any()


def test_et_al_stays_a_fact_and_the_daily_author_count_is_kept(tmp_path: Path) -> None:
    listed = paper("A study of things", ["Bob Ray", "Carol King"], authors_truncated=True)
    counted = paper("A study of things", author_count=7, date="2024-04-08")
    alone = paper("Another study of things", ["Dan Fox", "Eve Gold"], authors_truncated=True)
    _, res = build(
        tmp_path / "in",
        {"a.txt": compact_page([listed, alone]), "b.txt": (daily, daily.render([counted]))},
    )
    row = only(res.papers[res.papers.title == "A study of things"])
    assert row.authors_truncated
    assert (row.author_count, row.printed_authors) == (7, 2)
    assert sorted(authors_of(res, row.paper_id).name) == ["Bob Ray", "Carol King"]
    other = only(res.papers[res.papers.title == "Another study of things"])
    assert pd.isna(other.author_count)  # two printed names et al.: the count is unknown, not 2
    assert names_of(res) == {"Bob Ray", "Carol King", "Dan Fox", "Eve Gold"}
    assert not any("et al" in n.casefold() for n in res.authorship.printed_name)


def test_a_complete_list_on_another_page_ends_the_truncation(tmp_path: Path) -> None:
    short = paper("A study of things", ["Bob Ray", "Carol King"], authors_truncated=True, score=1.0, date="2023-01-01")
    full = paper("A study of things", ["Bob Ray", "Carol King", "Dan Fox"], score=2.0, date="2023-01-01")
    _, res = build(tmp_path / "in", {"a.txt": compact_page([short]), "b.txt": compact_page([full])})
    row = only(res.papers)
    assert not row.authors_truncated
    assert row.printed_authors == 3
    assert sorted(zip(authors_of(res, row.paper_id).position, authors_of(res, row.paper_id).name)) == [
        (1, "Bob Ray"),
        (2, "Carol King"),
        (3, "Dan Fox"),
    ]


# ---------------------------------------------------------------- organizations


UNKNOWN_ORG = {
    "a.txt": compact_page(
        [paper("A study of things", ["Bob Ray", "Carol King"], affiliations=["acme-labs", "stanford"])]
    )
}


def test_unknown_organization_is_named_by_its_slug_with_a_warning(tmp_path: Path) -> None:
    _, res = build(tmp_path / "in", UNKNOWN_ORG)
    orgs = res.organizations.set_index("slug")
    assert (orgs.loc["acme-labs", "name"], orgs.loc["acme-labs", "known"]) == ("acme-labs", False)
    assert (orgs.loc["stanford", "name"], orgs.loc["stanford", "known"]) == ("Stanford University", True)
    assert len(res.warnings) == 1
    assert "acme-labs" in res.warnings[0]
    assert set(res.person_organizations.org_id) == {"org/acme-labs", "org/stanford"}
    assert res.person_organizations.derived.all()


def test_cli_prints_the_unknown_organization_warning_as_one_line(tmp_path: Path) -> None:
    build(tmp_path / "in", UNKNOWN_ORG)
    result = invoke("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "acme-labs" in line]
    assert len(lines) == 1
    assert lines[0].startswith("kg: warning:") and "organization" in lines[0]


# ---------------------------------------------------------------- the alias file


def alias_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.csv"
    path.write_text(text, encoding="utf-8")
    return path


def read_merges(out: Path) -> list[dict[str, str]]:
    with (out / "merges.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_alias_forces_a_merge(seeds: tuple[Extracted, Resolution], tmp_path: Path) -> None:
    extracted, _ = seeds
    res = resolve(extracted.records, extracted.pages, Aliases.read(alias_file(tmp_path, "Tian-Qi Chen,Tianqi Chen\n")))
    assert len(res.people) == 144
    chen = person(res, "Tian-Qi Chen")
    assert (chen["name"], chen["alternate_names"], chen["person_id"]) == (
        "Tianqi Chen",
        ["Tian-Qi Chen"],
        "person/tianqi_chen",
    )


def test_cli_alias_merge_is_listed_with_file_and_line(tmp_path: Path) -> None:
    aliases = alias_file(tmp_path, "name,canonical name\nTian-Qi Chen,Tianqi Chen\n")
    out = tmp_path / "out"
    result = invoke("build", str(SEEDS), "--out", str(out), "--as-of", AS_OF.isoformat(), "--aliases", str(aliases))
    assert result.exit_code == 0, result.output
    rows = {r["kept"]: r for r in read_merges(out)}
    assert set(rows) == {"Tianqi Chen", "Wang Zhu"}  # the header row was no alias
    assert rows["Tianqi Chen"]["merged"] == "Tian-Qi Chen"
    assert rows["Tianqi Chen"]["evidence"] == "alias file aliases.csv:2"


def test_alias_forbids_a_merge_the_evidence_would_make(seeds: tuple[Extracted, Resolution], tmp_path: Path) -> None:
    extracted, _ = seeds
    res = resolve(extracted.records, extracted.pages, Aliases.read(alias_file(tmp_path, "!Wang Bill Zhu,Wang Zhu\n")))
    assert len(res.people) == 146
    assert person(res, "Wang Zhu").person_id != person(res, "Wang Bill Zhu").person_id
    assert res.merges.empty


def test_cli_alias_forbid_leaves_no_merge_row(tmp_path: Path) -> None:
    aliases = alias_file(tmp_path, "name,canonical name\n!Wang Bill Zhu,Wang Zhu\n")
    out = tmp_path / "out"
    result = invoke("build", str(SEEDS), "--out", str(out), "--as-of", AS_OF.isoformat(), "--aliases", str(aliases))
    assert result.exit_code == 0, result.output
    assert read_merges(out) == []
    assert (out / "merges.csv").read_text(encoding="utf-8").splitlines() == ["kept,merged,evidence"]


def test_header_row_is_not_an_alias(tmp_path: Path) -> None:
    aliases = Aliases.read(alias_file(tmp_path, "name,canonical name\nTian-Qi Chen,Tianqi Chen\n"))
    assert aliases.force == {"tian-qi chen": "Tianqi Chen"}
    assert aliases.where == {"tian-qi chen": "aliases.csv:2"}


def test_malformed_alias_file_is_one_red_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cli, "err_console", Console(stderr=True, force_terminal=True, color_system="standard", highlight=False)
    )
    aliases = alias_file(tmp_path, "Tian-Qi Chen,Tianqi Chen\nWang Zhu,Wang Bill Zhu,extra\n")
    out = tmp_path / "out"
    result = invoke("build", str(SEEDS), "--out", str(out), "--as-of", AS_OF.isoformat(), "--aliases", str(aliases))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "\x1b[31m" in lines[0]  # red
    assert "aliases.csv:2" in lines[0] and "found 3" in lines[0]
    assert not out.exists()  # nothing was built


def test_alias_merge_on_fixture_pages(tmp_path: Path) -> None:
    path = alias_file(tmp_path, "Tian-Qi Chen,Tianqi Chen\n")
    res = people_of(tmp_path, ["Tian-Qi Chen", "Ann Lee"], ["Tianqi Chen", "Bob Ray"], aliases=Aliases.read(path))
    assert len(res.people) == 3
    merge = only(res.merges)
    assert (merge.kept, merge.merged, merge.evidence) == ("Tianqi Chen", "Tian-Qi Chen", "alias file aliases.csv:1")


# ---------------------------------------------------------------- determinism


def ids(res: Resolution) -> dict[str, list]:
    return {
        "papers": sorted(res.papers.paper_id),
        "people": sorted(zip(res.people.person_id, res.people.name)),
        "authorship": sorted(
            (r.paper_id, r.person_id, -1 if pd.isna(r.position) else int(r.position))
            for r in res.authorship.itertuples()
        ),
        "chosen": sorted(zip(res.papers.paper_id, res.papers.title, res.papers.abstract.fillna(""))),
    }


def test_ids_do_not_depend_on_input_file_order(seed_res: Resolution) -> None:
    files = find_inputs([SEEDS])
    backwards = extract_files(list(reversed(files)), AS_OF)
    assert [p.source for p in backwards.pages] == [PROFILE, COMPACT, DAILY, TITLES][::-1]
    again = resolve(backwards.records, backwards.pages)
    assert ids(again) == ids(seed_res)
    shuffled = list(backwards.records)
    random.Random(7).shuffle(shuffled)
    assert shuffled != backwards.records
    assert ids(resolve(shuffled, backwards.pages[::-1])) == ids(seed_res)


def test_ids_are_identical_across_runs() -> None:
    code = (
        "import datetime as dt, json, pathlib, sys\n"
        "from kg.build import extract_files, find_inputs\n"
        "from kg.resolve import resolve\n"
        "ex = extract_files(find_inputs([pathlib.Path(sys.argv[1])]), dt.date(2026, 11, 24))\n"
        "res = resolve(ex.records, ex.pages)\n"
        "print(json.dumps([sorted(res.papers.paper_id), sorted(res.people.person_id),"
        " sorted(map(list, zip(res.authorship.paper_id, res.authorship.person_id)))]))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(SEEDS)], env=env, capture_output=True, text=True, check=True, cwd=ROOT
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) == 226 and len(outputs[0][1]) == 145
