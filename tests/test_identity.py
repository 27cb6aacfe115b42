"""Resolution by identity first (issue 14, item 3): DOIs and arXiv ids make papers, ORCIDs make
people, names decide only where identifiers are missing; every merge is listed with its evidence."""

from __future__ import annotations

from kg.build import knowledge_graph
from kg.ids import title_key
from kg.model import Page, Record
from kg.resolve import notation_of, resolve
from kg.schema import mint

PRISMA = "The PRISMA 2020 statement: an updated guideline for reporting systematic reviews"


def rec(title: str, line: int = 1, source: str = "a.bib", layout: str = "bibtex", **kw) -> Record:
    return Record(source=source, line=line, layout=layout, title=title, **kw)


def run(*records: Record):
    pages = [Page(source=s, layout=None) for s in sorted({r.source for r in records})]
    return resolve(list(records), pages)


def test_one_doi_is_one_paper_however_its_title_is_spelled() -> None:
    res = run(
        rec("Alternative Representations of 3D-Reconstructed Heritage Data", doi="10.1145/2795233"),
        rec("Alternative representations of 3D reconstructed heritage data.", 9, doi="10.1145/2795233"),
    )
    assert len(res.papers) == 1
    assert res.paper_merges[["kept", "merged", "evidence"]].values.tolist() == [
        ["a.bib:1", "a.bib:9", "same DOI 10.1145/2795233"]
    ]
    assert res.identifiers.values.tolist() == [[res.papers.paper_id[0], "doi", "10.1145/2795233"]]


def test_a_preprint_and_its_published_version_are_one_paper_in_two_versions() -> None:
    title = "3D Visualisations Should Not be Displayed Alone"
    authors = ["Jonathan C. Roberts", "Panagiotis D. Ritsos"]
    res = run(
        rec(title, doi="10.48550/arxiv.2108.04680", venue="arXiv", year=2021, authors=authors),
        rec(title, 5, doi="10.2312/cgvc.20211309", venue="EG CGVC 2021", date="2021-09-01", authors=authors),
    )
    (paper_id,) = res.papers.paper_id
    assert paper_id == mint("paper", title_key(title))  # one version of the title: the title's id
    versions = res.paper_versions
    assert versions[["version_id", "doi", "arxiv_id", "venue", "preprint"]].fillna("").values.tolist() == [
        [f"{paper_id}.version.1", "10.48550/arxiv.2108.04680", "2108.04680", "arXiv", True],
        [f"{paper_id}.version.2", "10.2312/cgvc.20211309", "", "EG CGVC 2021", False],
    ]
    assert versions.year.tolist() == [2021, 2021]
    # each version keeps its own identifiers; the paper has none of its own
    ids = res.identifiers.set_index("node_id")
    assert ids.loc[f"{paper_id}.version.1"].values.tolist() == [
        ["arxiv", "2108.04680"],
        ["doi", "10.48550/arxiv.2108.04680"],
    ]
    assert paper_id not in ids.index
    # counts and coauthor weights see one work
    graph = knowledge_graph(res)
    assert graph.coauthors.weight.tolist() == [1]


def test_arxiv_id_on_one_record_and_doi_on_another_with_one_title() -> None:
    title = "Harnessing photogrammetry"
    res = run(rec(title, arxiv_id="1501.00001"), rec(title, 2, source="b.ris", layout="ris", doi="10.1000/abc"))
    assert len(res.papers) == 1 and len(res.paper_versions) == 2
    assert res.paper_merges.evidence.tolist() == ["same title (arxiv 1501.00001; doi 10.1000/abc)"]


def test_dblp_corr_entry_and_the_published_entry_are_one_paper() -> None:
    title = "Graph neural networks for molecules"
    res = run(
        rec(title, identifiers={"dblp": "journals/corr/abs-2108-04680"}),
        rec(title, 2, doi="10.1000/gnn", identifiers={"dblp": "conf/icml/Smith21"}),
        rec("Graph Neural Networks for Molecules", 3, source="c.xml", layout="arxiv-atom", arxiv_id="2108.04680"),
    )
    assert len(res.papers) == 1
    assert sorted(res.paper_versions.preprint) == [False, True]
    assert "same arXiv id 2108.04680" in res.paper_merges.evidence.tolist()


def test_two_dois_of_one_title_are_two_works() -> None:
    """The PRISMA 2020 statement was printed in several journals, each with its DOI: two works.
    Rule: different DOIs, neither of them arXiv's, are never merged by title."""
    res = run(rec(PRISMA, doi="10.1136/bmj.n71"), rec(PRISMA, 2, doi="10.1371/journal.pmed.1003583"))
    assert len(res.papers) == 2
    assert res.paper_merges.empty
    ids = sorted(res.papers.paper_id)
    assert all(i.startswith("paper/") for i in ids) and ids[0] != ids[1]
    assert res.paper_versions.empty


def test_a_book_and_its_review_share_a_title_not_a_paper() -> None:
    title = "Networks, Crowds, and Markets"
    res = run(
        rec(title, doi="10.1017/cbo9780511761942", entry_type="book"),
        rec(title, 2, doi="10.1080/0022250x.2011.556996", entry_type="article"),
        rec(title, 3, source="c.txt", layout="compact"),  # no identifier: joins one of them, by title
    )
    assert len(res.papers) == 2
    assert sorted(res.paper_sources.groupby("paper_id").size()) == [1, 2]


def test_papers_without_identifiers_keep_their_title_ids() -> None:
    res = run(
        rec("LAMBADA: Backward Chaining"), rec("Lambada — backward chaining", 2, source="b.txt", layout="compact")
    )
    assert res.papers.paper_id.tolist() == ["paper/lambada_backward_chaining"]
    assert res.paper_merges.empty  # title merges without identifiers are the seeds' rule: not listed
    assert res.identifiers.empty and res.paper_versions.empty and res.venues.empty


def test_one_orcid_is_one_person_whatever_the_printed_name() -> None:
    res = run(
        rec("Paper one", authors=["J.C. Roberts", "A. Other"], author_details=[{"orcid": "0000-0001-7718-3181"}, {}]),
        rec(
            "Paper two",
            2,
            authors=["Jonathan Roberts", "B. Third"],
            author_details=[{"orcid": "0000-0001-7718-3181"}, {}],
        ),
    )
    roberts = res.people[res.people.name.str.contains("Roberts")]
    assert len(roberts) == 1
    assert sorted([roberts.name.iloc[0], *roberts.alternate_names.iloc[0]]) == ["J.C. Roberts", "Jonathan Roberts"]
    pid = roberts.person_id.iloc[0]
    assert res.identifiers[res.identifiers.node_id == pid].values.tolist() == [[pid, "orcid", "0000-0001-7718-3181"]]
    (row,) = res.merges.to_dict("records")
    assert row["evidence"].startswith("same ORCID 0000-0001-7718-3181")


def test_two_orcids_are_never_one_person_even_with_one_name_and_coauthors() -> None:
    names = ["Andrew Wilson", "Seren Griffiths"]
    res = run(
        rec("Paper one", authors=names, author_details=[{"orcid": "0000-0002-9704-2332"}, {}]),
        rec("Paper two", 2, authors=names, author_details=[{"orcid": "0000-0001-9380-0557"}, {}]),
    )
    wilsons = res.people[res.people.name == "Andrew Wilson"]
    assert len(wilsons) == 2 and wilsons.person_id.is_unique
    assert res.merges.empty
    assert len(res.people[res.people.name == "Seren Griffiths"]) == 1  # no identifier: one name, one person


def test_a_name_without_identifiers_joins_the_one_orcid_printed_with_it() -> None:
    res = run(
        rec("Paper one", authors=["Ben Edwards"], author_details=[{"orcid": "0000-0003-3518-2193"}]),
        rec("Paper two", 2, source="b.txt", layout="compact", authors=["Ben Edwards"]),
    )
    assert len(res.people) == 1
    assert res.merges.evidence.tolist() == ["same printed name; orcid 0000-0003-3518-2193"]
    # two ORCIDs printing one name: a bare mention of it cannot say which, and stays apart
    res = run(
        rec("Paper one", authors=["Ben Edwards"], author_details=[{"orcid": "0000-0003-3518-2193"}]),
        rec("Paper two", 2, authors=["Ben Edwards"], author_details=[{"orcid": "0000-0002-1825-0097"}]),
        rec("Paper three", 3, source="b.txt", layout="compact", authors=["Ben Edwards"]),
    )
    assert len(res.people) == 3


def test_variants_in_two_author_lists_of_one_paper_may_merge() -> None:
    """A preprint prints "J. C. Roberts", its published version "Jonathan C. Roberts": one paper, two
    author lists. "Printed on one paper" meant one merged paper, so they were never merged; now a name
    printed twice in one author list is two people, and two lists may print one person two ways."""
    title = "3D Visualisations Should Not be Displayed Alone"
    res = run(
        rec(title, arxiv_id="2108.04680", authors=["J. C. Roberts", "P. D. Ritsos", "J. W. Mearman"]),
        rec(title, 2, doi="10.2312/cgvc.20211309", authors=["Jonathan C. Roberts", "P. D. Ritsos", "J. W. Mearman"]),
    )
    assert len(res.people) == 3
    assert len(res.authorship) == 3
    # one author list printing both forms: two people
    res = run(
        rec("Other", authors=["J. Smith", "John Smith", "Ann Lee"]), rec("More", 2, authors=["John Smith", "Ann Lee"])
    )
    assert len(res.people[res.people.name.str.endswith("Smith")]) == 2


def test_a_coauthor_printed_two_ways_is_shared_evidence() -> None:
    res = run(
        rec("Paper one", authors=["J.C. Roberts", "P.D. Ritsos"]),
        rec("Paper two", 2, authors=["Jonathan C. Roberts", "Panagiotis D. Ritsos"]),
    )
    assert sorted(res.people.name) == ["Jonathan C. Roberts", "Panagiotis D. Ritsos"]
    assert len(res.merges) == 2
    assert any("shared coauthor: P.D. Ritsos" in e or "shared coauthor: Panagiotis" in e for e in res.merges.evidence)


def test_categories_are_keyed_by_notation_and_every_printed_code_is_linked() -> None:
    res = run(
        rec("Paper one", source="p.txt", layout="profile", category="AI"),
        rec(
            "Paper two",
            2,
            source="l.xml",
            layout="arxiv-atom",
            category="cs.AI",
            categories=["cs.AI", "q-fin.CP", "hep-th"],
        ),
    )
    assert res.categories[["category_id", "notation"]].values.tolist() == [
        ["category/cs.AI", "cs.AI"],
        ["category/hep-th", "hep-th"],
        ["category/q-fin.CP", "q-fin.CP"],
    ]
    # labelled where kg.categories knows the code: cs only, or (main's whole taxonomy) every archive
    labels = res.categories["label"].fillna("").tolist()
    assert labels[0] == "Artificial Intelligence"
    assert labels[1:] in (["", ""], ["High Energy Physics - Theory", "Computational Finance"])
    assert len(res.paper_categories) == 4
    assert res.warnings == ()  # other archives' categories are arXiv categories too
    assert notation_of("CL") == "cs.CL" and notation_of("cs.CL") == "cs.CL" and notation_of("q-fin.CP") == "q-fin.CP"
    odd = run(rec("Paper three", category="Not a code!"))
    assert len(odd.warnings) == 1 and "kept as printed" in odd.warnings[0]


def test_a_year_alone_is_kept_as_a_year() -> None:
    res = run(rec("Synthetic visualizations in web-based mixed reality", year=2017))
    assert res.papers.date.isna().all() and res.papers.year.tolist() == [2017]


def test_printed_affiliations_become_organizations_keyed_by_ror_else_name() -> None:
    bangor = {"name": "Bangor University", "ror": "006jb1a24", "openalex": "I161548249", "country": "GB"}
    school = {"name": "School of Computer Science and Electronic Engineering"}
    res = run(
        rec(
            "Paper one",
            authors=["Jonathan C. Roberts", "Peter Butcher"],
            author_details=[{"orcid": "0000-0001-7718-3181", "affiliations": [bangor]}, {"affiliations": [school]}],
        ),
        rec("Paper two", 2, authors=["Jonathan C. Roberts"], author_details=[{"affiliations": [dict(bangor)]}]),
    )
    assert res.organizations[["org_id", "name"]].values.tolist() == [
        ["org/ror_006jb1a24", "Bangor University"],
        ["org/school_of_computer_science_and_electronic_engineering", school["name"]],
    ]
    assert len(res.affiliations) == 3
    ids = res.identifiers[res.identifiers.node_id == "org/ror_006jb1a24"]
    assert ids[["scheme", "value"]].values.tolist() == [["openalex", "I161548249"], ["ror", "006jb1a24"]]


def test_dblp_person_ids_are_pid_iris_and_homonym_names_are_values_only(tmp_path) -> None:
    from kg.build import knowledge_graph
    from kg.rdf import triples, write_turtle

    res = run(
        rec(
            "Paper one",
            authors=["Changyin Sun", "John McCarthy"],
            author_details=[{"dblp": "Changyin Sun 0001"}, {"dblp": "m/JohnMcCarthy"}],
            identifiers={"dblp": "journals/corr/abs-2108-04680"},
        )
    )
    ttl = tmp_path / "g.ttl"
    write_turtle(triples(knowledge_graph(res)), ttl)
    text = ttl.read_text(encoding="utf-8")
    assert "<https://dblp.org/pid/m/JohnMcCarthy>" in text
    assert "<https://dblp.org/rec/journals/corr/abs-2108-04680>" in text
    assert '"Changyin Sun 0001"' in text and "Changyin%20Sun" not in text


def test_two_orcids_and_a_bare_name_of_one_name_are_three_people_with_three_ids() -> None:
    res = run(
        rec("Paper one", authors=["Ben Edwards"], author_details=[{"orcid": "0000-0003-3518-2193"}]),
        rec("Paper two", 2, authors=["Ben Edwards"], author_details=[{"orcid": "0000-0002-1825-0097"}]),
        rec("Paper three", 3, source="b.txt", layout="compact", authors=["Ben Edwards"]),
    )
    assert sorted(res.people.person_id) == [
        "person/ben_edwards",  # the name without an identifier keeps the name's id
        "person/ben_edwards_0000-0002-1825-0097",
        "person/ben_edwards_0000-0003-3518-2193",
    ]


def test_dblp_proceedings_entry_and_its_corr_preprint_are_two_versions_of_one_paper() -> None:
    """As DBLP person pages print them (tests/test_dblp.py on main): the CVPR entry has only its
    DBLP key, the CoRR entry the arXiv id; a BibTeX export of the CVPR entry adds the DOI."""
    title = "Automatic Face Aging in Videos via Deep Reinforcement Learning"
    authors = ["Chi Nhan Duong", "Eric Patterson", "Ngan Le"]
    res = run(
        rec(title, 1, "pid.md", "compact", authors=authors, venue="CVPR 2019", year=2019,
            identifiers={"dblp": "conf/cvpr/DuongLQNPBL19"}),
        rec(title, 9, "pid.md", "compact", authors=authors, venue="CoRR abs/1811.11082", year=2018,
            arxiv_id="1811.11082", identifiers={"dblp": "journals/corr/abs-1811-11082"}),
        rec(title, 3, "x.bib", doi="10.1109/cvpr.2019.01025", authors=authors,
            identifiers={"dblp": "conf/cvpr/DuongLQNPBL19"}),
    )  # fmt: skip
    (paper_id,) = res.papers.paper_id
    versions = res.paper_versions
    assert versions[["venue", "year", "preprint"]].values.tolist() == [
        ["CoRR abs/1811.11082", 2018, True],
        ["CVPR 2019", 2019, False],
    ]
    published = res.identifiers[res.identifiers.node_id == f"{paper_id}.version.2"]
    assert published[["scheme", "value"]].values.tolist() == [
        ["dblp", "conf/cvpr/DuongLQNPBL19"],
        ["doi", "10.1109/cvpr.2019.01025"],
    ]
    assert len(res.authorship) == 3
