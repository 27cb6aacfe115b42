"""How well people are told apart: pairwise precision, recall and F1 of person clusters.

The measure of name-only disambiguation (issue 14): strip every identifier from the
authors of records that carry ORCIDs, let `kg.resolve` cluster the printed names, and
compare the clusters with the ORCIDs (two authorship mentions with one ORCID are one person).

>>> pairwise_scores({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})
(1.0, 0.3333333333333333, 0.5)
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Hashable, Mapping

from kg.model import Page, Record
from kg.names import name_key

Mention = tuple[int, int]  # (index of the record, 0-based position of the author in it)


def _pairs(sizes: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise_scores(
    clusters: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """(precision, recall, F1) over pairs of the mentions that both mappings hold.

    `clusters` maps each mention to the cluster the method put it in, `truth` to its true
    identity. A pair counts as found when both mentions share a cluster, as right when they
    share an identity. With no pair found precision is 1; with no true pair recall is 1.

    >>> pairwise_scores({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "x", "c": "y"})
    (0.3333333333333333, 1.0, 0.5)
    """
    common = [m for m in truth if m in clusters]
    found = _pairs(Counter(clusters[m] for m in common))
    true = _pairs(Counter(truth[m] for m in common))
    right = _pairs(Counter((clusters[m], truth[m]) for m in common))
    precision = right / found if found else 1.0
    recall = right / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def orcid_truth(records: list[Record]) -> dict[Mention, str]:
    """Every authorship mention that carries an ORCID, with that ORCID."""
    return {
        (i, j): info["orcid"]
        for i, r in enumerate(records)
        for j, info in enumerate(r.author_details)
        if info.get("orcid")
    }


def names_only(records: list[Record], use_raw_names: bool = False) -> list[Record]:
    """Copies of the records with every identifier of their authors removed.

    With `use_raw_names`, each author is the name the paper printed (OpenAlex's
    `raw_author_name`) instead of the source's normalized display name.
    """
    out = []
    for r in records:
        authors = list(r.authors)
        if use_raw_names:
            authors = [info.get("raw_name") or name for name, info in zip(authors, r.author_details)] or authors
        out.append(dataclasses.replace(r, authors=authors, author_details=[]))
    return out


def name_only_clusters(records: list[Record]) -> dict[Mention, str]:
    """The person kg's resolution puts each authorship mention in, from the names alone."""
    from kg.resolve import resolve  # the resolution stage; imported here to keep this module light

    pages = [Page(source=s, layout=None) for s in sorted({r.source for r in records})]
    resolution = resolve(records, pages)
    person_of: dict[str, str] = {}
    for row in resolution.people.itertuples():
        for form in [row.name, *row.alternate_names]:
            person_of[name_key(form)] = row.person_id
    return {(i, j): person_of[name_key(name)] for i, r in enumerate(records) for j, name in enumerate(r.authors)}
