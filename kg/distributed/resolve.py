"""Resolution on the workers, by blocks: the same tables as kg.resolve.resolve.

Resolution is identity-first: a DOI or an arXiv id joins records whatever their titles, an ORCID
joins mentions whatever their names. So a block cannot be "one title" or "one last name": a DOI
printed under two titles ties two title blocks together. A block here is a connected component
of the relation "shares any key":

- papers: a record's keys are its title key, its DOI and its arXiv id (what kg.resolve._Papers
  unions on);
- people: a mention's keys are its node (its strongest identifier, else its name key), every
  identifier it carries, its name key, the name an alias row forces it onto, and its
  (last name, first initial) block (where kg.resolve._People compares variants).

The components are found on Dask DataFrames of (unit, key) pairs by min-label propagation: each
key takes the smallest label of its units, each unit the smallest label of its keys, until no
label changes (one merge and one groupby-min per half step; as many rounds as the longest chain
of keys). Units are then shuffled by component and each partition runs kg.resolve's own
clustering per component, with the records' places in the whole build, so ids, merges and their
order come out as one resolution of everything makes them. The client assembles the tables from
the blocks (kg.resolve.assemble), as the local build does.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

from kg.ids import title_key
from kg.model import Record
from kg.names import clean, parts
from kg.resolve import (
    Aliases,
    PeopleTables,
    _Identity,
    _Papers,
    _People,
    assemble,
    author_list,
    mentions_of,
    most_printed,
    name_key,
    people_tables,
    variant_evidence,
)

POSITION = 2**20  # a mention's unit: record place * POSITION + its place in the author list
PAPER_META = pd.DataFrame({"unit": pd.Series([], dtype="int64"), "json": pd.Series([], dtype=object)})
PAIR_META = pd.DataFrame({"unit": pd.Series([], dtype="int64"), "key": pd.Series([], dtype=object)})
MENTION_COLUMNS = ["unit", "name", "key", "node", "ids", "keys"]
MENTION_META = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "unit" else object) for c in MENTION_COLUMNS})


def records_part(path, offset: int) -> pd.DataFrame:
    """One extraction partition's records (as JSON) with their places in the whole build."""
    table = pd.read_parquet(path, columns=["kind", "json"])
    texts = list(table.loc[table["kind"] == "record", "json"])
    return pd.DataFrame(
        {"unit": pd.Series(range(offset, offset + len(texts)), dtype="int64"), "json": pd.Series(texts, dtype=object)}
    )


def paper_keys(part: pd.DataFrame) -> pd.DataFrame:
    """(record, key) for every key _Papers joins records on: title key, DOI, arXiv id."""
    rows = []
    for unit, text in zip(part["unit"], part["json"]):
        r = Record(**json.loads(text))
        x = _Identity.of(r)
        rows.append((unit, "t " + title_key(r.title)))
        rows += [(unit, f"{tag} {value}") for tag, value in (("d", x.doi), ("a", x.arxiv)) if value]
    return _pairs(rows)


def mentions(part: pd.DataFrame, owners: dict[str, str]) -> pd.DataFrame:
    """Every printed author, one row each, carrying the keys of its whole author list (the
    coauthor evidence _People needs) and its identities."""
    rows = []
    for unit, text in zip(part["unit"], part["json"]):
        r = Record(**json.loads(text))
        names, details = author_list(r, owners.get(r.source))
        found = mentions_of(names, details)
        keys = json.dumps([key for key, _, _ in found])
        for n, (name, (key, node, ids)) in enumerate(zip(names, found)):
            rows.append((unit * POSITION + n, name, key, node, json.dumps(ids), keys))
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(object)
    return table.astype({"unit": "int64"})


def person_keys(part: pd.DataFrame, force: dict[str, str]) -> pd.DataFrame:
    """(mention, key) for every key _People can join mentions on."""
    rows = []
    for unit, key, node, ids in zip(part["unit"], part["key"], part["node"], part["ids"]):
        first, _, last = parts(key)
        rows += [(unit, "n " + node), (unit, "k " + key), (unit, f"b {last}|{first[:1]}")]
        rows += [(unit, "n " + other) for other in json.loads(ids)]
        if key in force:
            rows.append((unit, "k " + name_key(force[key])))
    return _pairs(rows)


def _pairs(rows: list[tuple[int, str]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["unit", "key"]).astype({"key": object})
    return table.astype({"unit": "int64"})


@dataclass
class Components:
    labels: object  # dask DataFrame: unit, comp (the smallest unit of its component)
    rounds: int


def components(pairs) -> Components:
    """Connected components of the bipartite graph of units and keys, by min-label propagation
    on Dask DataFrames: each round, a key's label is the least of its units' labels and a unit's
    the least of its keys' labels; stop when a round changes no label."""
    pairs = pairs.persist()
    labels = pairs[["unit"]].drop_duplicates().assign(comp=lambda d: d["unit"]).persist()
    rounds = 0
    while True:
        rounds += 1
        by_key = pairs.merge(labels, on="unit").groupby("key")["comp"].min().reset_index()
        new = pairs.merge(by_key, on="key").groupby("unit")["comp"].min().reset_index().persist()
        joined = new.merge(labels, on="unit", suffixes=("", "_was"))
        changed = int((joined["comp"] != joined["comp_was"]).sum().compute())
        labels = new
        if not changed:
            return Components(labels, rounds)


def paper_blocks(part: pd.DataFrame) -> tuple[list[tuple[int, str]], list[tuple[int, int, str, tuple]]]:
    """kg.resolve._Papers on each component of a partition: (record, paper id) and the merges."""
    papers, merges = [], []
    for _, block in part.groupby("comp", sort=True):
        block = block.sort_values("unit")
        index = [int(u) for u in block["unit"]]
        grouping = _Papers([Record(**json.loads(t)) for t in block["json"]], index)
        papers += [(index[i], pid) for pid, idx in grouping.groups().items() for i in idx]
        merges += [
            (index[a], index[b], ev, at) for (a, b, ev), at in zip(grouping.merges, grouping.merge_order, strict=True)
        ]
    return papers, merges


def people_blocks(part: pd.DataFrame, aliases: Aliases) -> PeopleTables:
    """kg.resolve._People on each component of a partition, as tables."""
    out = PeopleTables()
    for _, block in part.groupby("comp", sort=True):
        block = block.sort_values("unit")
        people = _People(aliases)
        for unit, name, key, node, ids, keys in zip(*(block[c] for c in MENTION_COLUMNS)):
            people.add_mention(name, key, node, json.loads(ids), json.loads(keys), int(unit) // POSITION)
        people.resolve(only=set(block["key"]))
        out.extend(people_tables(people))
    return out


def resolve(client, paths: list, counts: list[int], records: list[Record], pages: list, aliases: Aliases, n: int):
    """kg.resolve.resolve with the blocks resolved on the cluster: `paths` are the extraction
    partitions holding `counts` records each (`records`, in order, as the client loaded them).
    Returns the resolution and what the blocking found (components and rounds)."""
    import dask

    with dask.config.set({"dataframe.shuffle.method": "tasks"}):  # plain task shuffles: small tables, few workers
        return _resolve(client, paths, counts, records, pages, aliases, n)


def _resolve(client, paths: list, counts: list[int], records: list[Record], pages: list, aliases: Aliases, n: int):
    import dask
    import dask.dataframe as dd

    offsets = [sum(counts[:i]) for i in range(len(counts))]
    futures = [client.submit(records_part, path, offset, pure=False) for path, offset in zip(paths, offsets)]
    recs = dd.from_delayed(futures, meta=PAPER_META, verify_meta=False)

    found = components(recs.map_partitions(paper_keys, meta=PAIR_META))
    blocks = recs.merge(found.labels, on="unit").shuffle(on="comp", npartitions=n)
    papers_out = client.gather(client.compute([dask.delayed(paper_blocks)(d) for d in blocks.to_delayed()]))
    facts = {"paper_rounds": found.rounds}

    owners = {p.source: clean(p.owner) for p in pages if p.owner}
    said = recs.map_partitions(mentions, owners, meta=MENTION_META).persist()
    people_found = components(said.map_partitions(person_keys, dict(aliases.force), meta=PAIR_META))
    blocks = said.merge(people_found.labels, on="unit").shuffle(on="comp", npartitions=n)
    people_out = client.gather(client.compute([dask.delayed(people_blocks)(d, aliases) for d in blocks.to_delayed()]))
    facts["people_rounds"] = people_found.rounds

    groups: dict[str, list[int]] = {}
    merges = []
    for pairs, found_merges in papers_out:
        for index, pid in pairs:
            groups.setdefault(pid, []).append(index)
        merges += found_merges
    for idx in groups.values():
        idx.sort()
    people = PeopleTables()
    for part in people_out:
        people.extend(part)
    word_variant_merges(people, lambda wanted: said[said["node"].isin(wanted)][["node", "name"]].compute())
    return assemble(records, pages, groups, merges, people), facts


def word_variant_merges(people: PeopleTables, lookup) -> None:
    """A variant merge names the coauthors it shares as the whole build prints them (the most
    printed form of each): `lookup(nodes)` gives the mentions of those nodes (node, name) — a
    filter of the mentions on the workers — counted here on the client."""
    wanted = sorted({key for row in people.merges if row["shared"] for key in row["shared"][1]})
    if not wanted:
        return
    found = lookup(wanted)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for node, name in zip(found["node"], found["name"]):
        forms[node][clean(name)] += 1
    for row in people.merges:
        if row["shared"]:
            count, keys = row["shared"]
            row["evidence"] = variant_evidence(count, [most_printed(forms[k]) if k in forms else k for k in keys])
