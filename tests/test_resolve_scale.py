"""Resolution's shortcuts for large builds give what the general path gives."""

from __future__ import annotations

import pandas as pd

from kg.model import Page, Record
from kg.names import name_key
from kg.resolve import resolve


def published(source: str, line: int, **facts) -> Record:
    """A record of one paper in two versions' identifiers: arXiv's preprint, its DOI, DBLP and OpenAlex keys."""
    return Record(
        source=source,
        line=line,
        layout="bibtex",
        title="Shared Title of a Paper",
        authors=["Ada Lovelace", "Charles Babbage"],
        arxiv_id="2108.04680",
        doi="10.1000/journal.1",
        venue="Journal  of Things",
        identifiers={"dblp": "journals/x/Lovelace21", "openalex": "W123"},
        **facts,
    )


def identifiers_of(records: list[Record], pages: list[Page]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    res = resolve(records, pages)
    papers = res.identifiers[res.identifiers.node_id.str.startswith("paper/")].reset_index(drop=True)
    return papers, res.venues, res.paper_versions


def test_a_paper_of_one_record_has_the_versions_and_identifiers_of_two_records_that_agree() -> None:
    # One record skips the split into versions (kg.resolve._versions); two records that carry the
    # same identifiers take the general path: both make one node with every identifier and the venue.
    pages = [Page("a.bib", "bibtex"), Page("b.bib", "bibtex")]
    one = identifiers_of([published("a.bib", 1)], pages)
    two = identifiers_of([published("a.bib", 1), published("b.bib", 1)], pages)
    for fast, general in zip(one, two):
        pd.testing.assert_frame_equal(fast, general)
    ids, venues, versions = one
    assert list(zip(ids.scheme, ids.value)) == [
        ("arxiv", "2108.04680"),
        ("dblp", "journals/x/Lovelace21"),
        ("doi", "10.1000/journal.1"),
        ("openalex", "W123"),
    ]
    assert set(ids.node_id) == {"paper/shared_title_of_a_paper"}
    assert venues.venue.tolist() == ["Journal of Things"]
    assert versions.empty  # one version: no version nodes


def test_two_versions_still_split_where_records_disagree() -> None:
    # The preprint alone and the published DOI alone are two versions of one paper (the general path).
    pages = [Page("a.bib", "bibtex"), Page("b.bib", "bibtex")]
    preprint = published("a.bib", 1)
    preprint.doi, preprint.identifiers, preprint.venue = None, {}, None
    journal = published("b.bib", 1)
    journal.arxiv_id = None
    _, _, versions = identifiers_of([preprint, journal], pages)
    assert versions.version_id.tolist() == [
        "paper/shared_title_of_a_paper.version.1",
        "paper/shared_title_of_a_paper.version.2",
    ]
    assert versions.preprint.tolist() == [True, False]


def test_one_persons_forms_name_them_and_the_name_keys_are_let_go() -> None:
    # A person printed as one node in two forms (one key): the most printed form names them, the other
    # is an alternate name, as when the forms are totalled over several nodes.
    pages = [Page("a.bib", "bibtex")]
    records = [
        Record(source="a.bib", line=n, layout="bibtex", title=f"Paper {n}", authors=[name, "Bob Stone"])
        for n, name in enumerate(["JOHN SMITH", "John Smith", "John  Smith", "JOHN SMITH"], start=1)
    ]
    res = resolve(records, pages)
    smith = res.people[res.people.name.str.casefold() == "john smith"]
    assert smith.name.tolist() == ["JOHN SMITH"]
    assert list(smith.alternate_names.iloc[0]) == ["John Smith"]
    assert name_key.cache_info().currsize == 0  # the memo of every name's key is emptied after resolution
