"""People resolved by name block on the workers, with kg.resolve's own clustering.

kg.resolve only ever compares names with one last name (`_People.resolve` blocks them by
last name and given name or initial), and an alias can join two last names. So a block here
is a last name, or the last names an alias file joins; each mention of a name travels to its
block (a Dask DataFrame shuffle) with the evidence the clustering reads: the paper it is on
and the name keys of its coauthors on that list. Each partition of blocks runs
`kg.resolve._People` as the local build does; blocks never touch, so the clusters, ids and
merges are the local ones. The merges come back with the place the local build's loops would
list them in, so the merges table has the local order too.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import pandas as pd

from kg.ids import title_key
from kg.model import Record
from kg.names import clean, name_key, parts
from kg.resolve import Aliases, _People, author_list
from kg.schema import mint

SEP = "\x1f"  # between coauthor keys in one cell: keys are words, never this character
MARK = "\x00"  # around a name key in evidence text, until its printed form is known


def alias_blocks(aliases: Aliases) -> dict[str, str]:
    """Last name -> its block, where an alias joins last names (else a last name is its own block)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for key, canonical in sorted(aliases.force.items()):
        a, b = find(parts(key)[2]), find(parts(name_key(canonical))[2])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {last: find(last) for last in parent}


def block_of(key: str, blocks: dict[str, str]) -> str:
    last = parts(key)[2]
    return blocks.get(last, last)


def mentions(table: pd.DataFrame, owners: dict[str, str], blocks: dict[str, str]) -> pd.DataFrame:
    """One row per printed name on a record's list (the owner appended as kg.resolve does)."""
    rows = []
    for kind, text in zip(table["kind"], table["json"]):
        if kind != "record":
            continue
        r = Record(**json.loads(text))
        paper_id = mint("paper", title_key(r.title))
        names = author_list(r, owners)
        keys = [name_key(n) for n in names]
        for name, key in zip(names, keys):
            rows.append(
                {
                    "block": block_of(key, blocks),
                    "key": key,
                    "printed": clean(name),
                    "paper_id": paper_id,
                    "coauthors": SEP.join(k for k in keys if k != key),
                }
            )
    return pd.DataFrame(rows, columns=["block", "key", "printed", "paper_id", "coauthors"]).astype(str)


class _Counted(_People):
    """kg.resolve's clustering, noting which comparison made each variant merge."""

    def __init__(self, aliases: Aliases) -> None:
        super().__init__(aliases)
        self.calls = 0
        self.merged_at: list[int] = []  # the comparison number of each variant merge

    def display(self, key: str) -> str:
        # A coauthor named in a merge's evidence is printed in other blocks: name it by its
        # key here, and `gather`, which holds every block's printed forms, names it as printed.
        return f"{MARK}{key}{MARK}"

    def _consider_variant(self, a: str, b: str) -> None:
        before = len(self.merges)
        super()._consider_variant(a, b)
        if len(self.merges) > before:
            self.merged_at.append(self.calls)
        self.calls += 1


def resolve_blocks(frame: pd.DataFrame, aliases: Aliases, blocks: dict[str, str]) -> dict:
    """The people of the blocks in one shuffle partition: each name's cluster, printed forms
    and the merges, each with the key that orders it as the local build would."""
    mine = set(frame["block"])
    local = Aliases(
        force={k: v for k, v in aliases.force.items() if block_of(k, blocks) in mine},
        forbid=aliases.forbid,
        where=aliases.where,
    )
    people = _Counted(local)
    for key, printed, paper_id, coauthors in zip(frame["key"], frame["printed"], frame["paper_id"], frame["coauthors"]):
        people.printed[key][printed] += 1
        people.papers[key].add(paper_id)
        if coauthors:
            people.coauthors[key].update(coauthors.split(SEP))
    people.resolve()
    return {
        "parent": {k: people.uf.find(k) for k in people.printed},
        "members": {root: list(m) for root, m in people.uf.members.items()},
        "printed": {k: dict(c) for k, c in people.printed.items()},
        "merges": list(zip(_merge_order(people), people.merges)),
    }


def _merge_order(people: _Counted) -> list[tuple]:
    """Where the local build's loops in `_People.resolve` list each merge: the alias file's
    (sorted by name), then the variants of one given name (block by block, in key order),
    then names against initials (the same)."""
    by_given: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_initial: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(people.printed):
        first, _, last = parts(key)
        by_given[(last, first)].append(key)
        by_initial[(last, first[:1])].append(key)
    given_calls = sum(len(b) * (len(b) - 1) // 2 for b in by_given.values())
    aliased = len(people.merges) - len(people.merged_at)
    order: list[tuple] = [(0, key, "", "") for _, key, _ in people.merges[:aliased]]
    for call, (a, b, _) in zip(people.merged_at, people.merges[aliased:]):
        first_a, _, last = parts(a)
        first_b = parts(b)[0]
        if call < given_calls:
            order.append((1, by_given[(last, first_a)][0], a, b))
        else:  # called as (min, max); the loop's own `a` is the name printed with the initial
            initial = first_a[:1]
            x, y = (a, b) if first_a == initial else (b, a)
            if first_a == initial and first_b == initial:
                x, y = a, b
            order.append((2, by_initial[(last, initial)][0], x, y))
    return order


def gather(parts_: list[dict], aliases: Aliases) -> _People:
    """One kg.resolve._People holding every block's result, for kg.resolve.resolve to finish with."""
    people = _People(aliases)
    merges: list[tuple] = []
    for part in parts_:
        people.uf.parent.update(part["parent"])
        people.uf.members.update(part["members"])
        for key, forms in part["printed"].items():
            people.printed[key] = Counter(forms)
        merges += part["merges"]
    named = re.compile(f"{MARK}([^{MARK}]*){MARK}")
    people.merges = [
        (a, b, named.sub(lambda m: people.display(m.group(1)), evidence))
        for _, (a, b, evidence) in sorted(merges, key=lambda item: item[0])
    ]
    return people
