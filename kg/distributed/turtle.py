"""Turtle in one file per partition: triplestores bulk-load many files in parallel.

Every subject's triples (kg.rdf.triples) come from rows keyed
by it (a paper's from the rows of its paper_id, a person's from theirs, a tie's from its
row). So the knowledge graph is split by subject: papers (with every table keyed by
paper_id), people and the ties they start are spread over the partitions by a hash of their
id; the small tables (schemes, categories, topics and their ties, organizations, pages) go
to partition 0. Each part is written by graph.ttl's own writer (kg.turtle_writer) on a
worker; together the files hold exactly the triples of graph.ttl.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from kg.schema import KnowledgeGraph, empty
from kg.turtle_writer import write_graph

BY_PAPER = ("papers", "paper_sources", "authorship", "paper_organizations", "paper_categories", "paper_topics")
BY_PERSON = {"people": "person_id", "coauthors": "a", "person_organizations": "person_id"}
SMALL = ("categories", "topics", "person_topics", "topic_cooccurrence", "organizations", "pages")


def bucket(ids: pd.Series, partitions: int) -> pd.Series:
    """A stable partition per id (crc32: the same on every machine and Python run)."""
    return ids.map(lambda x: zlib.crc32(x.encode("utf-8")) % partitions)


def split(kg: KnowledgeGraph, partitions: int) -> Iterator[KnowledgeGraph]:
    """The graph as `partitions` graphs whose triples are disjoint and together are the graph's,
    made one at a time (each holds a copy of its rows: all at once would double the graph)."""
    for n in range(partitions):
        changes = {}
        for name in BY_PAPER:
            table = getattr(kg, name)
            changes[name] = table[bucket(table["paper_id"], partitions) == n]
        for name, key in BY_PERSON.items():
            table = getattr(kg, name)
            changes[name] = table[bucket(table[key], partitions) == n]
        if n:
            for name in SMALL:
                changes[name] = _none(getattr(kg, name))
        yield dataclasses.replace(kg, **changes)


def _none(table: pd.DataFrame) -> pd.DataFrame:
    return table.iloc[0:0] if len(table.columns) else empty("pages")


def write_part(part: KnowledgeGraph, path: Path, base: str, first: bool) -> int:
    """One partition's triples; the category scheme's triples only in the first file."""
    return write_graph(part, path, base, arxiv_scheme=first).count
