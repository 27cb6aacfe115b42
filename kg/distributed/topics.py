"""Topic document frequencies by map-reduce: the candidates counted per partition of the papers
on the workers, the counts summed, the selection on one worker with the summed counts.

kg.topics counts in three steps that each need the whole corpus's answer to the step before:
the acronym table (the first definition in the papers' order wins: each partition's table, the
partitions in order, first wins again), the near-duplicate spellings merged by how many papers
use each key (summed over partitions), and the document frequencies after that merge and the
number of papers naming each key in their title (both summed).
Each partition's per-paper counts stay on its worker between the rounds; the selection
(kg.topics.extract with the Counted) gets them in the papers' order, so the topics are the
local build's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kg.schema import Resolution, Topics
from kg.topics import (
    Counted,
    _merge_variants,
    acronym_table,
    document_frequencies,
    find_topics,
    paper_candidates,
    texts,
    what_find_topics_reads,
)


@dataclass
class Part:
    """One partition's papers and, once counted, their candidates."""

    titles: list[str]
    abstracts: list[str]
    counts: list[Counter[str]] | None = None
    titled: list[Counter[str]] | None = None
    opening: list[Counter[str]] | None = None
    surface: dict[str, Counter[str]] | None = None


def part_of(papers: pd.DataFrame) -> Part:
    _, titles, abstracts = texts(papers)
    return Part(titles, abstracts)


def acronyms_of(part: Part) -> dict[str, str]:
    return acronym_table(part.titles, part.abstracts)


def count(part: Part, acronyms: dict[str, str]) -> Part:
    return Part(part.titles, part.abstracts, *paper_candidates(part.titles, part.abstracts, acronyms))


def use_of(part: Part) -> Counter[str]:
    return document_frequencies(part.counts)


def merge(part: Part, use: Counter[str]) -> Part:
    """The near-duplicate spellings merged by the whole corpus's use (in place: the worker's copy)."""
    _merge_variants(part.counts, [*part.titled, *part.opening], part.surface, use)
    return part


def named_of(part: Part) -> Counter[str]:
    return document_frequencies(part.titled)


def total(counters: list[Counter[str]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for c in counters:
        out.update(c)
    return out


def topics(client, res: Resolution, partitions: int) -> tuple[Topics, dict]:
    """kg.topics.find_topics(res) with the counting map-reduced over `partitions` of the papers."""
    bounds = np.array_split(np.arange(len(res.papers)), max(1, min(partitions, len(res.papers))))
    parts = [
        client.submit(part_of, client.scatter(res.papers.iloc[b[0] : b[-1] + 1] if len(b) else res.papers.iloc[0:0]))
        for b in bounds
    ]
    acronyms: dict[str, str] = {}
    for table in client.gather([client.submit(acronyms_of, p) for p in parts]):  # in the papers' order
        for short, long in table.items():
            acronyms.setdefault(short, long)
    # Large values travel scattered (a list of one: scatter spreads a dict's values), not in the task graph.
    [shared] = client.scatter([acronyms], broadcast=True)
    counted = [client.submit(count, p, shared) for p in parts]
    use = total(client.gather([client.submit(use_of, p) for p in counted]))
    [shared_use] = client.scatter([use], broadcast=True)
    merged = [client.submit(merge, p, shared_use) for p in counted]
    df = total(client.gather([client.submit(use_of, p) for p in merged]))
    named = total(client.gather([client.submit(named_of, p) for p in merged]))
    [shared_df, shared_named] = client.scatter([df, named])
    papers = client.scatter(what_find_topics_reads(res))  # the selection's worker gets no sources, conflicts …
    selection = client.submit(_select, papers, merged, shared, shared_df, shared_named)
    return selection.result(), {"partitions": len(parts), "keys": len(df)}


def _select(
    res: Resolution, parts: list[Part], acronyms: dict[str, str], df: Counter[str], named: Counter[str]
) -> Topics:
    """The selection on one worker: every paper's counts, in order, with the summed frequencies."""
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for part in parts:
        for key, forms in part.surface.items():
            surface[key].update(forms)
    counted = Counted(
        acronyms,
        [c for part in parts for c in part.counts],
        [t for part in parts for t in part.titled],
        [o for part in parts for o in part.opening],
        surface,
        df,
        named,
    )
    return find_topics(res, counted)
