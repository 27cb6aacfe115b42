"""Resolution: records become one paper, person, organization and category per real thing.

Identifiers first: records with one DOI or arXiv id are one paper, and mentions with one ORCID
(or OpenAlex/DBLP author id) one person, whatever they print. Where identifiers are missing,
papers are one per normalized title (unless that joins two published DOIs: two works), and people
one per name key; name variants ("Wang Zhu" / "Wang Bill Zhu") are merged only on evidence — a
shared coauthor — or because the user's alias file says so. Every merge is listed with its evidence
(people in `merges`, papers in `paper_merges`).
The output is a set of pandas tables, the input of the graph stage.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kg import categories as cats
from kg.extract import priority
from kg.identifiers import normalize_arxiv
from kg.ids import title_key
from kg.model import Page, Record
from kg.names import clean, name_key, parts, variant_of
from kg.organizations import full_name
from kg.schema import TABLES, Resolution, frame, mint, mint_column
from kg.ties import isin, through

PAPER_FACTS = ("title", "abstract", "date", "category", "score", "upvotes", "author_count")
# The papers table's columns, in the order paper_facts fills each row (a tuple per paper, not a dict).
PAPER_COLUMNS = ("paper_id", *PAPER_FACTS, "year", "has_code", "authors_truncated", "printed_authors")
assert tuple(TABLES["papers"].columns) == PAPER_COLUMNS, "kg.schema declares the papers' columns in another order"


class AliasError(ValueError):
    """A malformed alias file."""


@dataclass
class Aliases:
    """A user's thesaurus: names forced onto a canonical name, and pairs never merged."""

    force: dict[str, str] = field(default_factory=dict)  # name key -> canonical printed name
    forbid: set[frozenset[str]] = field(default_factory=set)  # pairs of name keys
    where: dict[str, str] = field(default_factory=dict)  # name key -> "file:line" for evidence

    @classmethod
    def read(cls, path: Path) -> Aliases:
        """CSV rows `name,canonical name`; a name starting with `!` forbids the merge.

        A file that contradicts itself is refused whole, naming the rows: a name forced onto
        two canonical names, names forced onto each other in a circle (A→B, B→A), or a pair
        both forced and forbidden.
        """
        aliases = cls()
        try:
            # Only a regular file is opened: reading a FIFO would wait for a writer forever.
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise AliasError(f"{path}: the alias file is not a regular file")
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise AliasError(f"{path}: cannot read the alias file ({e})") from None
        forced: dict[str, list[tuple[int, str, str]]] = defaultdict(list)  # name key -> (row, name, canonical)
        forbidden: dict[frozenset[str], tuple[int, str, str]] = {}
        for n, row in enumerate(csv.reader(text.splitlines()), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) != 2:
                raise AliasError(f"{path}:{n}: expected two columns `name,canonical name`, found {len(row)}")
            name, canonical = row[0].strip(), clean(row[1])
            if (
                n == 1
                and name.casefold() in ("name", "label")
                and canonical.casefold().startswith(("canonical", "replace"))
            ):
                continue  # a header row
            forbid = name.startswith("!")
            name = clean(name.removeprefix("!"))
            if not name or not canonical:
                raise AliasError(f"{path}:{n}: empty name")
            if forbid:
                pair = frozenset((name_key(name), name_key(canonical)))
                aliases.forbid.add(pair)
                forbidden.setdefault(pair, (n, name, canonical))
            else:
                aliases.force[name_key(name)] = canonical
                forced[name_key(name)].append((n, name, canonical))
            aliases.where[name_key(name)] = f"{path.name}:{n}"
        contradiction = _contradiction(forced, forbidden)
        if contradiction:
            raise AliasError(f"{path}: contradictory aliases: {contradiction}")
        return aliases


def _contradiction(
    forced: dict[str, list[tuple[int, str, str]]], forbidden: dict[frozenset[str], tuple[int, str, str]]
) -> str | None:
    """The rows of an alias file that cannot all hold, as text; None when they can."""

    def rows(found: Iterable[tuple[int, str, str]], mark: str = "") -> str:
        return " and ".join(f"row {n} ({mark}{name} → {canonical})" for n, name, canonical in found)

    for key in sorted(forced):
        if len({name_key(c) for _, _, c in forced[key]}) > 1:
            return rows(forced[key]) + " force one name onto two"
    target = {key: name_key(found[-1][2]) for key, found in forced.items()}
    for start in sorted(target):
        path, key = [start], target[start]
        while key in target and key not in path and key != path[-1]:
            path.append(key)
            key = target[key]
        if key == start and len(path) > 1:
            return rows(sorted(forced[k][-1] for k in path)) + " force names onto each other in a circle"
    for pair, (n, name, canonical) in sorted(forbidden.items(), key=lambda item: item[1][0]):
        for key in pair:
            other = next(iter(pair - {key}), key)
            if key in forced and target[key] == other:
                return (
                    rows(forced[key][-1:]) + " and " + rows([(n, name, canonical)], "!") + " force and forbid one merge"
                )
    return None


class _UnionFind:
    """Disjoint sets of name keys; each root keeps its members, so no lookup scans them all."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}

    def find(self, x: str) -> str:
        if x not in self.parent:
            self.parent[x] = x
            self.members[x] = [x]
            return x
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            self.parent[gone] = keep
            self.members[keep].extend(self.members.pop(gone))


def _order(records: list[Record]) -> list[Record]:
    # Which input to believe when inputs disagree on a fact: the format's priority (profile
    # pages carry the most metadata and print full dates), then file name and line.
    return sorted(records, key=lambda r: (priority(r.layout), r.source, r.line))


def _order_indices(records: list[Record], idx: list[int]) -> list[int]:
    """The records `idx` names in `_order`'s order, as indices: a paper's records are found by index,
    never by a map from each record of the build to its place (a million entries, each lookup a miss)."""
    if len(idx) == 1:
        return idx
    return sorted(idx, key=lambda i: (priority(records[i].layout), records[i].source, records[i].line))


def _author_list_record(records: list[Record]) -> Record | None:
    """The record whose printed author list the paper's order comes from: complete lists
    first, then longer ones, then by layout priority."""
    with_names = [r for r in _order(records) if r.authors]
    if not with_names:
        return None
    return min(with_names, key=lambda r: (r.authors_truncated, -len(r.authors)))


# arXiv's own DOIs (10.48550/arXiv.2108.04680) name the preprint, not a second work; DBLP files
# arXiv preprints as CoRR entries keyed "journals/corr/abs-2108-04680".
PREPRINT_DOI = re.compile(r"10\.48550/arxiv\.(.+)")
CORR_KEY = re.compile(r"journals/corr/abs-(\d{4})-(\d{4,5})")


@dataclass(frozen=True)
class _Identity:
    doi: str | None  # a DOI that is not arXiv's: the work as published
    arxiv: str | None  # the arXiv id, from the record, arXiv's DOI or a CoRR key
    dblp: str | None = None  # a DBLP key that is not a CoRR one: a published version DBLP lists

    @classmethod
    def of(cls, r: Record) -> _Identity:
        doi, arxiv = r.doi, r.arxiv_id
        preprint = PREPRINT_DOI.fullmatch(doi) if doi else None
        if preprint:
            found = normalize_arxiv(preprint.group(1))
            arxiv, doi = arxiv or (found[0] if found else None), None
        key = r.identifiers.get("dblp") or ""
        corr = CORR_KEY.fullmatch(key)
        if corr and not arxiv:
            arxiv = f"{corr.group(1)}.{corr.group(2)}"
        return cls(doi, arxiv, key if key and not key.startswith("journals/corr/") else None)

    @property
    def tokens(self) -> list[str]:
        """The identifiers that name the record's version: DOI and DBLP key of a published version
        (a record with both ties them), else the arXiv id of a preprint."""
        published = [f"doi {self.doi}"] * bool(self.doi) + [f"dblp {self.dblp}"] * bool(self.dblp)
        return published or ([f"arxiv {self.arxiv}"] if self.arxiv else [])

    @property
    def version(self) -> str | None:
        """Which version of a work the record is: its published DOI, else its arXiv preprint, else the
        publication DBLP lists (a proceedings paper DBLP prints beside its CoRR preprint, without a DOI)."""
        if self.doi:
            return "doi " + self.doi
        if self.arxiv:
            return "arxiv " + self.arxiv
        return "dblp " + self.dblp if self.dblp else None


class _Papers:
    """Groups records into papers: identifiers first, then titles.

    Records sharing a DOI or an arXiv id are one paper whatever their titles. Records with one
    title are one paper unless that joins two different published DOIs (or two arXiv ids): two
    DOIs of one title are two works (a statement printed in two journals, a book and its review).
    A preprint (arXiv id or arXiv's DOI) and a published DOI of one title are one paper in two versions.
    """

    def __init__(self, records: list[Record], index: list[int] | None = None) -> None:
        # `index`: each record's place in the whole build (ascending), when these records are one
        # block of it (kg.distributed): ids and merges then name the build's records, not the block's.
        self.records = records
        self.index = index if index is not None else list(range(len(records)))
        self.ids = [_Identity.of(r) for r in records]
        self.parent = list(range(len(records)))
        # The DOIs and arXiv ids of each group that merges made, by its root; a record merged with none
        # has its own (see `identifiers`): a set per record was half a gigabyte at a million records.
        self.dois: dict[int, set[str]] = {}
        self.arxiv: dict[int, set[str]] = {}
        self.merges: list[tuple[int, int, str]] = []
        # Where each merge falls in the whole build's order of merges, so blocks resolved apart
        # list their merges, sorted by this, in the order one resolution of everything would.
        self.merge_order: list[tuple] = []
        self._at: tuple = ()
        first: dict[tuple[str, str], int] = {}
        for i, x in enumerate(self.ids):
            for n, (scheme, value) in enumerate((("DOI", x.doi), ("arXiv id", x.arxiv))):
                if value:
                    j = first.setdefault((scheme, value), i)
                    if j != i:
                        self._at = (0, "", self.index[i], n)
                        self._union(j, i, f"same {scheme} {value}", force=True)
        self.title_keys = [title_key(r.title) for r in records]
        by_title: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.title_keys):
            by_title[key].append(i)
        for key in sorted(by_title):
            members = by_title[key]
            for i in members[1:]:
                self._at = (1, key, self.index[i], 0)
                self._union(members[0], i, "same title", force=False)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def identifiers(self, root: int) -> tuple[set[str], set[str]]:
        """The DOIs and the arXiv ids of the group `root` leads."""
        if root in self.dois:
            return self.dois[root], self.arxiv[root]
        x = self.ids[root]
        return ({x.doi} if x.doi else set()), ({x.arxiv} if x.arxiv else set())

    def _union(self, a: int, b: int, evidence: str, force: bool) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        (dois_a, arxiv_a), (dois_b, arxiv_b) = self.identifiers(ra), self.identifiers(rb)
        dois, arxiv = dois_a | dois_b, arxiv_a | arxiv_b
        if not force and (len(dois) > 1 or len(arxiv) > 1):
            return False  # two works that share a title
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.dois[keep], self.arxiv[keep] = dois, arxiv
        va, vb = self.ids[a].version, self.ids[b].version
        if evidence == "same title":
            if not (va or vb):
                return True  # title merges of records without identifiers: the rule since the seeds
            evidence += f" ({va or 'no identifier'}; {vb or 'no identifier'})"
        self.merges.append((a, b, evidence))
        self.merge_order.append(self._at)
        return True

    def groups(self) -> dict[str, list[int]]:
        """Paper id -> record indices. The id is `paper/<slug of the title key>` of the title the
        most trusted record prints; papers that share that key (two works of one title) add their
        DOI or arXiv id to it, so no id depends on which other inputs a build reads beyond that."""
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            members[self.find(i)].append(i)
        by_key: dict[str, list[int]] = defaultdict(list)
        for root, idx in members.items():
            r = self.records
            chosen = min(idx, key=lambda i: (priority(r[i].layout), r[i].source, r[i].line))  # as _order
            by_key[self.title_keys[chosen]].append(root)
        out: dict[str, list[int]] = {}
        for key, roots in by_key.items():
            if len(roots) == 1:
                out[mint("paper", key)] = members[roots[0]]
                continue
            for root in sorted(roots):
                dois, arxiv = self.identifiers(root)
                tag = sorted(dois)[:1] or sorted(arxiv)[:1] or [str(self.index[root])]
                out[mint("paper", f"{key} {tag[0]}")] = members[root]
        return out


def notation_of(code: str) -> str:
    """The category's notation however a source printed it: "AI" and "cs.AI" are both cs.AI,
    "q-fin.CP" stays q-fin.CP. Uses kg.categories.canonical where it exists (the full taxonomy)."""
    canonical = getattr(cats, "canonical", None)
    if canonical is not None:
        return canonical(code)
    if "." in code or not code.isupper():  # another archive's code ("hep-ex", "q-fin.CP"): as printed
        return code
    return cats.notation(code)


def category_label(code: str) -> str | None:
    """The category's name; None for a code kg's taxonomy does not have."""
    notation = notation_of(code)
    named = cats.label(notation)  # the whole taxonomy reads full codes
    if named is None and notation.startswith("cs."):
        named = cats.label(notation.removeprefix("cs."))  # the cs-only table reads bare ones
    return named


# A person's identifiers, strongest first: a mention starts as the first it carries (Scopus and
# Semantic Scholar author ids come last: both split some people over several ids, where ORCID holds one).
PERSON_SCHEMES = ("orcid", "openalex", "dblp", "scopus", "semanticscholar")
Node = str  # a name key ("j c roberts"), or an identity: "orcid:…", "openalex:…", "dblp:…"


def variant_evidence(shared: int, names: list[str]) -> str:
    """Why two name variants are one person: `shared` coauthors, the first of them `names`."""
    return f"same first and last name; shared coauthor{'s' if shared > 1 else ''}: {', '.join(names)}"


def most_printed(forms: Counter[str]) -> str:
    """The form a name is printed in most, then the fullest."""
    return min(forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def author_list(r: Record, owner: str | None) -> tuple[list[str], list]:
    """The names one record prints (the page's owner added where the list leaves them out) and
    their details, where the details line up with the names (else none)."""
    names = list(r.authors)
    details = list(r.author_details) if len(r.author_details) == len(names) else []
    if owner and name_key(owner) not in {name_key(n) for n in names}:
        names.append(owner)
        details = [*details, {}] if details else []
    return names, details


def mentions_of(names: list[str], details: list) -> list[tuple[str, Node, list[str]]]:
    """Each printed author as (name key, the node it starts as, the identities it carries)."""
    if not (details and len(details) == len(names)):  # most lists: names alone, each its own key's node
        return [(key, key, []) for key in map(name_key, names)]
    out = []
    for name, info in zip(names, details):
        key = name_key(name)
        ids = [f"{s}:{info[s]}" for s in PERSON_SCHEMES if info and info.get(s)]
        out.append((key, _mention(key, info), ids))
    return out


def _mention(key: str, info: dict) -> Node:
    """The node one printed author starts as: their strongest identifier, else their name's key."""
    if info:
        for scheme in PERSON_SCHEMES:
            if info.get(scheme):
                return f"{scheme}:{info[scheme]}"
    return key


class _People:
    """Clusters authorship mentions into people: identifiers first, then names.

    A mention with an ORCID (else an OpenAlex or DBLP author id) starts as that identity; others
    as their name key. The same identity is one person whatever the printed names; two ORCIDs are
    never one person; a name without identifiers joins the one ORCID printed with that name.
    """

    def __init__(self, aliases: Aliases) -> None:
        self.aliases = aliases
        self.uf = _UnionFind()
        self.printed: dict[Node, Counter[str]] = defaultdict(Counter)  # node -> printed forms
        self.keys: dict[Node, set[str]] = defaultdict(set)  # node -> name keys printed for it
        self.coauthors: dict[Node, set[str]] = defaultdict(set)  # name keys printed beside it
        self.lists: dict[Node, set[int]] = defaultdict(set)  # the author lists (records) that print it
        self.links: dict[Node, set[Node]] = defaultdict(set)  # identities one mention carries together
        self.merges: list[tuple[str, str, str]] = []  # (node a, node b, evidence)
        # Where each merge falls in the order of merges of one resolution of everything (see _Papers).
        self.merge_order: list[tuple] = []
        self._at: tuple = ()
        # The coauthors a variant merge names (how many, the first three keys): their printed forms
        # are the whole build's, so a block's merges are worded again where the whole build is known.
        self.merge_shared: list[tuple[int, list[str]] | None] = []
        self._naming: tuple[int, list[str]] | None = None
        self.mentions: dict[int, list[Node]] = {}  # record index -> node of each author
        self._lists = 0

    def add_list(self, names: list[str], details: list | None = None, record: int | None = None) -> list[Node]:
        found = mentions_of(names, details or [])
        keys = [key for key, _, _ in found]
        self._lists += 1
        list_id = record if record is not None else -self._lists  # the record: one id wherever it is resolved
        for name, (key, node, ids) in zip(names, found):
            self.add_mention(name, key, node, ids, keys, list_id)
        nodes = [node for _, node, _ in found]
        if record is not None:
            self.mentions[record] = nodes
        return nodes

    def add_mention(self, name: str, key: str, node: Node, ids: list[str], keys: list[str], list_id: int) -> None:
        """One printed author: their name and key, the node they start as, the identities they carry,
        and the keys of the whole list they are printed in (the coauthor evidence)."""
        self.uf.find(node)
        self.printed[node][clean(name)] += 1
        self.keys[node].add(key)
        self.lists[node].add(list_id)
        self.coauthors[node].update(k for k in keys if k != key)
        for other in ids[1:]:
            self.links[ids[0]].add(other)

    def _members(self, root: Node) -> list[Node]:
        return [k for k in self.uf.members.get(root, [root]) if k in self.printed]

    def _orcids(self, root: Node) -> set[str]:
        return {m for m in self.uf.members.get(root, [root]) if m.startswith("orcid:")}

    def _allowed(self, a: Node, b: Node) -> bool:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return True
        if len(self._orcids(ra) | self._orcids(rb)) > 1:
            return False  # two ORCIDs are two people, whatever else agrees
        left = {k for m in self._members(ra) or [ra] for k in self.keys.get(m, {m})}
        right = {k for m in self._members(rb) or [rb] for k in self.keys.get(m, {m})}
        return not any(frozenset((x, y)) in self.aliases.forbid for x in left for y in right)

    def _join(self, a: Node, b: Node, evidence: str) -> None:
        if self.uf.find(a) != self.uf.find(b) and self._allowed(a, b):
            self.uf.union(a, b)
            self.merges.append((a, b, evidence))
            self.merge_order.append(self._at)
            self.merge_shared.append(self._naming)

    def resolve(self, only: set[str] | None = None) -> None:
        """Cluster the mentions. `only`: when these mentions are one block of a build, the name keys
        it prints; the alias rows that touch none of them belong to other blocks."""
        aliases = self.aliases.force
        if only is not None:
            aliases = {k: c for k, c in aliases.items() if k in only or name_key(c) in only}
        self._resolve(aliases)

    def _resolve(self, force: dict[str, str]) -> None:
        # 0. Identifiers printed together (an ORCID beside an OpenAlex author id) are one person.
        for node in sorted(self.links):
            for other in sorted(self.links[node]):
                self._at = (0, node, other)
                if other not in self.printed:  # no mention starts as it: nothing to merge, only to keep
                    self.uf.union(node, other)
                else:
                    self._join(node, other, f"same {other.split(':')[0]} author id {other.split(':', 1)[1]}")
        by_key: dict[str, list[Node]] = defaultdict(list)
        for node in sorted(self.printed):
            for key in sorted(self.keys[node]):
                by_key[key].append(node)
        # 1. The user's aliases force merges, whatever the evidence (but never two ORCIDs).
        for key, canonical in sorted(force.items()):
            target = name_key(canonical)
            self.printed.setdefault(target, Counter())
            self.keys.setdefault(target, {target})
            self.uf.find(target)
            for node in by_key.get(key, []):
                if node != target and len(self._orcids(self.uf.find(node)) | self._orcids(self.uf.find(target))) < 2:
                    self.uf.union(node, target)
                    self.merges.append((target, key, f"alias file {self.aliases.where[key]}"))
                    self.merge_order.append((1, key, node))
                    self.merge_shared.append(None)
        # 2. One printed name is one person unless two ORCIDs print it: then the name alone
        # (without identifiers) cannot tell which, and stays apart.
        for key, nodes in by_key.items():
            if len(nodes) < 2:
                continue
            orcids = {o for n in nodes for o in self._orcids(self.uf.find(n))}
            if len(orcids) > 1:
                continue
            for node in nodes[1:]:
                self._at = (2, nodes[0], key, node)
                if self.uf.find(node) != self.uf.find(nodes[0]):
                    evidence = f"same printed name; {sorted(orcids)[0].replace(':', ' ')}" if orcids else "same name"
                    self._join(nodes[0], node, evidence)
        # 3. Variants (middle names left out or as initials) that share a coauthor. Only
        # names with one surname and one given name (or its initial) can be variants, so
        # they are compared within those blocks, never all against all.
        by_given: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_initial: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in sorted(by_key):
            first, _, last = parts(key)
            by_given[(last, first)].append(key)
            by_initial[(last, first[:1])].append(key)
        for block in by_given.values():
            for i, a in enumerate(block):
                for b in block[i + 1 :]:
                    self._consider_keys(by_key, a, b, (3, 0, block[0], a, b))
        for (last, initial), block in by_initial.items():
            for a in by_given.get((last, initial), ()):  # "j smith" against every "j… smith"
                for b in block:
                    if b != a:
                        self._consider_keys(by_key, min(a, b), max(a, b), (3, 1, block[0], a, b))

    def _consider_keys(self, by_key: dict[str, list[Node]], a: str, b: str, at: tuple) -> None:
        for x in by_key.get(a, [a]):
            for y in by_key.get(b, [b]):
                self._at = (*at, x, y)
                self._consider_variant(x, y)

    def _shared(self, a: Node, b: Node) -> list[str]:
        """Coauthors both print, counting two printings of one name ("P.D. Ritsos" and
        "Panagiotis D. Ritsos") as one coauthor."""
        own = self.keys.get(a, set()) | self.keys.get(b, set())
        left, right = self.coauthors[a] - own, self.coauthors[b] - own
        shared = left & right
        if shared:
            return sorted(shared)
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for y in right:
            first, _, last = parts(y)
            index[(last, first[:1])].append(y)
        found = set()
        for x in left:
            first, _, last = parts(x)
            for y in index.get((last, first[:1]), ()):
                if variant_of(x, y):
                    found.add(x)
        return sorted(found)

    def _consider_variant(self, a: Node, b: Node) -> None:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return
        shared = self._shared(a, b)
        if not shared:
            return  # no evidence
        # Checked for every name of both people, not only a and b: else "J. Smith" chains
        # "Jane Smith" to "John Smith", and "Wang B. Zhu" joins two names printed in one author list.
        for x in self._members(ra) or [ra]:
            for y in self._members(rb) or [rb]:
                if self.lists[x] & self.lists[y]:
                    return
                for kx in self.keys.get(x, {x}):
                    for ky in self.keys.get(y, {y}):
                        if not variant_of(kx, ky):
                            return
        if not self._allowed(a, b):
            return
        self._naming = (len(shared), shared[:3])
        self._join(a, b, variant_evidence(len(shared), [self.display_key(k) for k in shared[:3]]))
        self._naming = None

    def display_key(self, key: str) -> str:
        """How a name key is printed (the key itself where only an identity printed it)."""
        return self.display(key) if key in self.printed else key

    def display(self, node: Node) -> str:
        forms = self.printed.get(node)
        if not forms:
            return node
        return most_printed(forms)

    def canonical(self, root: Node, members: list[Node] | None = None) -> str:
        """The person's name: the alias file's, else the most printed form, then the fullest.
        `members`: `_members(root)`, where the caller has it already."""
        members = (self._members(root) if members is None else members) or [root]
        for node in members if self.aliases.force else ():
            for key in sorted(self.keys.get(node, {node})):
                forced = self.aliases.force.get(key)
                if forced:
                    return forced
        if len(members) == 1:  # most people: one node, whose forms are the totals (no copy of them)
            totals = self.printed[members[0]]  # indexed as below (`printed` is a defaultdict)
        else:
            totals = Counter()
            for node in members:
                totals.update(self.printed[node])
        if not totals:
            return root
        return min(totals.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]

    def identity_merges(self) -> list[tuple[str, str, str]]:
        """Names one identifier printed in different spellings: merges too, listed with the identifier."""
        out = []
        for node in sorted(self.printed):
            if ":" in node and len(self.keys[node]) > 1:
                scheme, value = node.split(":", 1)
                label = "ORCID" if scheme == "orcid" else f"{scheme} author id"
                out.append((node, node, f"same {label} {value}: {', '.join(sorted(self.printed[node]))}"))
        return out


@dataclass
class PeopleTables:
    """What clustering people gives the rest of resolution: each node's root (the person it is),
    each printed node's person id, the people, their identifiers and the merges with where each
    falls in the whole build's order. One block's tables and another's concatenate."""

    root: dict[Node, Node] = field(default_factory=dict)
    person_ids: dict[Node, str] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)  # person_id, name, alternate_names, and "root"
    identifiers: list[dict] = field(default_factory=list)  # node_id, scheme, value, and "root"
    merges: list[dict] = field(default_factory=list)  # kept, merged, evidence, and "order"

    def extend(self, other: PeopleTables) -> None:
        self.root.update(other.root)
        self.person_ids.update(other.person_ids)
        self.people += other.people
        self.identifiers += other.identifiers
        self.merges += other.merges

    def find(self, node: Node) -> Node:
        return self.root.get(node, node)  # a node no mention prints is a person of its own, as in _UnionFind


def people_tables(people: _People) -> PeopleTables:
    """The clustered people as tables (for one block of the build, or the whole build)."""
    out = PeopleTables()
    for node in people.uf.parent:
        out.root[node] = people.uf.find(node)
    roots = sorted({people.uf.find(k) for k in people.printed})
    # Each person's printed nodes, name and id, found once (in lists beside `roots`): the loop below
    # and the merges ask for them again.
    members_of = [people._members(root) for root in roots]
    names = [people.canonical(root, members) for root, members in zip(roots, members_of)]
    minted = [mint("person", name_key(name)) for name in names]
    people_per_id = Counter(minted)
    for root, members, name, pid in zip(roots, members_of, names, minted):
        identities = sorted(m for m in people.uf.members.get(root, [root]) if ":" in m)
        # Two people of one name (two ORCIDs): the identifier tells them apart.
        if people_per_id[pid] > 1 and identities:
            pid = mint("person", f"{name_key(name)} {identities[0].split(':', 1)[1]}")
        variants = sorted({form for k in members for form in people.printed[k]} - {name})
        out.people.append({"person_id": pid, "name": name, "alternate_names": variants, "root": root})
        for k in members:
            out.person_ids[k] = pid
        for m in identities:
            scheme, value = m.split(":", 1)
            out.identifiers.append({"node_id": pid, "scheme": scheme, "value": value, "root": root})
    names_of = dict(zip(roots, names))
    del members_of, minted
    identity = people.identity_merges()
    orders = [*people.merge_order, *((4, a) for a, _, _ in identity)]
    shared = [*people.merge_shared, *[None] * len(identity)]
    for (a, b, ev), order, named in zip([*people.merges, *identity], orders, shared, strict=True):
        root = people.uf.find(a)
        kept = names_of[root] if root in names_of else people.canonical(root)
        printed = {people.display(a), people.display(b)} if a != b else set(people.printed[a])
        merged = "; ".join(sorted(printed - {kept}))
        out.merges.append({"kept": kept, "merged": merged, "evidence": ev, "order": order, "shared": named})
    return out


def resolve(records: list[Record], pages: list[Page], aliases: Aliases | None = None) -> Resolution:
    return resolve_people(resolve_papers(records, pages), aliases)


@dataclass
class PaperStep:
    """Resolution's first half: records grouped into papers and each paper's facts, the papers
    table among them (what topics read), before any person is clustered."""

    records: list[Record]
    pages: list[Page]
    grouping: _Papers
    groups: dict[str, list[int]]  # paper id -> record indices
    facts: PaperFacts


def resolve_papers(records: list[Record], pages: list[Page]) -> PaperStep:
    """Papers: one per identifier (DOI, arXiv id), else per normalized title; facts by format priority."""
    grouping = _Papers(records)
    groups = grouping.groups()
    return PaperStep(records, pages, grouping, groups, paper_facts(records, pages, groups))


def resolve_people(step: PaperStep, aliases: Aliases | None = None) -> Resolution:
    """Resolution's second half: the people of the papers `step` found, and every table."""
    records, pages, grouping, groups = step.records, step.pages, step.grouping, step.groups
    owners = {p.source: clean(p.owner) for p in pages if p.owner}
    people = _People(aliases or Aliases())
    for idx in groups.values():
        for i in idx:
            people.add_list(*author_list(records[i], owners.get(records[i].source)), record=i)
    people.resolve()
    paper_merges = [(a, b, ev, order) for (a, b, ev), order in zip(grouping.merges, grouping.merge_order)]
    # Each record's author nodes and identity were found above: assemble takes them, not again.
    known = Known(people.mentions, grouping.ids)
    tables = people_tables(people)
    # The clustering's evidence (every node's coauthors, author lists, printed forms: gigabytes at a
    # million papers) is let go before assemble builds the tables, which would otherwise stack on it.
    del people
    resolution = assemble(records, pages, groups, paper_merges, tables, known, step.facts)
    name_key.cache_clear()  # the keys of every name printed: no later stage asks for most of them
    return resolution


@dataclass
class Known:
    """What resolving in one piece already found for every record, so `assemble` need not find
    it again: each record's author nodes (as `mentions_of` gives them) and its _Identity."""

    mentions: dict[int, list[Node]]
    identities: list[_Identity]


@dataclass
class PaperFacts:
    """What the papers' records say, before people: the papers table, where each paper was read,
    conflicting facts, organization slugs and categories, and whose author list each paper takes."""

    papers: pd.DataFrame
    source_rows: list[tuple]  # paper_id, page_id, source, line, layout: the paper_sources table's columns
    conflict_rows: list[dict]
    org_pairs: set[tuple[str, str]]
    category_rows: list[tuple[str, str]]  # paper id, notation
    listed: dict[str, Record | None]  # paper id -> the record whose author list it prints


def paper_facts(records: list[Record], pages: list[Page], index_groups: dict[str, list[int]]) -> PaperFacts:
    """Each paper's facts from its records (see PaperFacts); no person is needed for any of them."""
    groups: dict[str, list[Record]] = {pid: [records[i] for i in idx] for pid, idx in index_groups.items()}
    page_ids = {p.source: mint("page", p.source) for p in pages}  # "A.txt" and "a.txt" are two pages
    paper_rows, source_rows, conflict_rows = [], [], []
    org_pairs: set[tuple[str, str]] = set()
    category_rows = []
    listed_of: dict[str, Record | None] = {}
    notations: dict[str, str] = {}  # code -> notation, found once per code
    for paper_id in sorted(groups):
        recs = groups[paper_id]
        single = len(recs) == 1  # most papers: one record, nothing to order, no conflict
        if not single:
            recs = _order(recs)
        row: dict = {"paper_id": paper_id}
        for fact in PAPER_FACTS:
            if single:
                value = getattr(recs[0], fact)
                row[fact] = value if value not in (None, "") else None
                continue
            values = [(getattr(r, fact), r) for r in recs if getattr(r, fact) not in (None, "")]
            row[fact] = values[0][0] if values else None
            if len({v for v, _ in values}) > 1:
                for v, r in values:
                    conflict_rows.append(
                        {
                            "paper_id": paper_id,
                            "fact": fact,
                            "value": v,
                            "source": r.source,
                            "line": r.line,
                            "chosen": v == row[fact],
                        }
                    )
        years = [r.year for r in recs if r.year]  # sources that print only a year
        row["year"] = int(row["date"][:4]) if row["date"] else (int(years[0]) if years else None)
        row["has_code"] = any(r.has_code for r in recs)  # a code link is evidence; its absence is not
        listed = (recs[0] if recs[0].authors else None) if single else _author_list_record(recs)
        row["authors_truncated"] = listed.authors_truncated if listed else None
        row["printed_authors"] = len(listed.authors) if listed else 0
        paper_rows.append(tuple(row.values()))  # PAPER_COLUMNS' order: the order row's keys were set in
        for r in recs:
            # a tuple, not a dict: one row per record, a million of them, each dict holding its keys again
            source_rows.append((paper_id, page_ids[r.source], r.source, r.line, r.layout))
            org_pairs.update((paper_id, s) for s in r.affiliations)
        codes = [c for r in recs for c in (r.category, *r.categories) if c]
        for c in codes:
            if c not in notations:
                notations[c] = notation_of(c)
        for notation in dict.fromkeys(notations[c] for c in codes):  # primary first, each once
            category_rows.append((paper_id, notation))
        listed_of[paper_id] = listed

    papers = frame("papers", paper_rows)
    for column in ("year", "upvotes", "author_count", "printed_authors"):
        papers[column] = papers[column].astype("Int64")
    papers["score"] = papers["score"].astype("Float64")
    papers = _typed("papers", papers.sort_values("paper_id").reset_index(drop=True))
    return PaperFacts(papers, source_rows, conflict_rows, org_pairs, category_rows, listed_of)


def assemble(
    records: list[Record],
    pages: list[Page],
    index_groups: dict[str, list[int]],
    paper_merge_list: list[tuple[int, int, str, tuple]],
    people: PeopleTables,
    known: Known | None = None,
    facts: PaperFacts | None = None,
) -> Resolution:
    """The resolution's tables from papers (paper id -> record indices, and the merges: record
    indices, evidence, order) and people already clustered, whether in one piece or in blocks.
    `known`: what was found for each record on the way; `facts`: the papers' (None: found here)."""
    warnings: list[str] = []
    if facts is None:
        facts = paper_facts(records, pages, index_groups)
    paper_of = {i: pid for pid, idx in index_groups.items() for i in idx}
    owners = {p.source: clean(p.owner) for p in pages if p.owner}
    page_ids = {p.source: mint("page", p.source) for p in pages}  # "A.txt" and "a.txt" are two pages
    if known is not None:
        mentions = known.mentions
    else:
        mentions = {
            i: [node for _, node, _ in mentions_of(*author_list(r, owners.get(r.source)))]
            for i, r in enumerate(records)
        }
    owner_keys = {source: (owner, name_key(owner)) for source, owner in owners.items()}
    author_rows: list[tuple] = []
    for paper_id in sorted(index_groups):
        idx = _order_indices(records, index_groups[paper_id])
        author_rows += _authorship(paper_id, records, idx, facts.listed[paper_id], owner_keys, people, mentions)
    papers, source_rows, conflict_rows = facts.papers, facts.source_rows, facts.conflict_rows
    org_pairs, category_rows = facts.org_pairs, facts.category_rows
    person_ids = people.person_ids
    people_rows = _by_root(people.people)
    identifier_rows = _by_root(people.identifiers)
    authorship = pd.DataFrame(author_rows, columns=AUTHORSHIP_COLUMNS)
    del author_rows
    # A person printed twice on one paper (two variants of one name) is one authorship.
    authorship = authorship.sort_values(["paper_id", "person_id", "position"], na_position="last")
    authorship = authorship.drop_duplicates(["paper_id", "person_id"]).reset_index(drop=True)
    authorship["position"] = authorship["position"].astype("Int64")
    people_df = frame("people", people_rows)
    people_df = (
        # isin over the distinct ids, handed to Arrow as one array (kg.ties.isin)
        people_df[isin(people_df.person_id, authorship.person_id.dropna().unique())]
        .sort_values("person_id")
        .reset_index(drop=True)
    )

    orgs, paper_orgs = _organizations(org_pairs, warnings)
    printed_orgs, affiliation_rows, org_identifiers = _printed_affiliations(records, paper_of, mentions, person_ids)
    if not printed_orgs.empty:
        orgs = pd.concat([orgs, printed_orgs], ignore_index=True).sort_values("org_id").reset_index(drop=True)
    categories, paper_categories = _categories(category_rows, warnings)
    person_orgs = through(authorship, paper_orgs, "person_id", "org_id").assign(derived=True)
    ordered = sorted(people.merges, key=lambda row: row["order"])
    merges = frame("merges", [{k: v for k, v in row.items() if k not in ("order", "shared")} for row in ordered])
    identities = known.identities if known is not None else [_Identity.of(r) for r in records]
    versions, venues, paper_identifiers = _versions(index_groups, records, identities)
    identifiers = frame("identifiers", [*paper_identifiers, *identifier_rows, *org_identifiers])
    identifiers = identifiers.drop_duplicates().sort_values(["node_id", "scheme", "value"]).reset_index(drop=True)
    paper_merges = frame(
        "paper_merges",
        [
            {
                "paper_id": paper_of[a],
                "kept": f"{records[a].source}:{records[a].line}",
                "merged": f"{records[b].source}:{records[b].line}",
                "evidence": ev,
            }
            for a, b, ev, _ in sorted(paper_merge_list, key=lambda m: m[3])
        ],
    )
    pages_df = frame("pages", [{"page_id": page_ids[p.source], **p.to_dict()} for p in pages])
    # The owner's person by name, else (an owner every entry prints with an identifier, DBLP's
    # "Di Xu 0001", has no node of the bare name) the person of the page's own authorships.
    by_name = [person_ids.get(name_key(o)) if isinstance(o, str) else None for o in pages_df["owner"]]
    named = zip(pages_df["source"], pages_df["owner"], by_name)
    unknown = {src for src, o, pid in named if isinstance(o, str) and not pid}
    by_page: dict[str, str] = {}
    if unknown:  # rare: only such pages are looked at
        owned = authorship[authorship["source"].isin(unknown) & authorship["from_owner"].astype(bool)]
        for source, ids in owned.dropna(subset=["person_id"]).groupby("source")["person_id"]:
            by_page[source] = min(ids.mode())
    pages_df["owner_id"] = [pid or by_page.get(src) for pid, src in zip(by_name, pages_df["source"])]
    return Resolution(
        papers=papers,
        paper_sources=frame("paper_sources", source_rows),
        conflicts=frame("conflicts", conflict_rows),
        people=people_df,
        authorship=authorship,
        organizations=orgs,
        paper_organizations=paper_orgs,
        person_organizations=person_orgs,
        categories=_typed("categories", categories),
        paper_categories=paper_categories,
        pages=_typed("pages", pages_df),
        merges=merges,
        warnings=tuple(warnings),
        paper_merges=paper_merges,
        paper_versions=_typed("paper_versions", versions),
        venues=venues,
        identifiers=identifiers,
        affiliations=frame("affiliations", affiliation_rows).drop_duplicates().reset_index(drop=True),
    )


def _by_root(rows: list[dict]) -> list[dict]:
    """Rows in the order of their person's root (as one resolution of everything makes them), without it."""
    return [{k: v for k, v in row.items() if k != "root"} for row in sorted(rows, key=lambda row: row["root"])]


def write_paper_merges(res: Resolution, path: Path) -> int:
    """paper-merges.csv: each record joined to a paper, beside the record it joined, and why. Title
    merges of records that carry no identifier (the same paper on two listing pages) are not listed."""
    res.paper_merges.to_csv(path, index=False, lineterminator="\n")
    return len(res.paper_merges)


def _typed(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """The table with its declared dtypes also where a column holds no value at all (pandas
    calls a column of only None `object`): no value changes, only the empty column's dtype."""
    for column, dtype in TABLES[name].columns.items():
        if dtype != "object" and str(table[column].dtype) != dtype and table[column].isna().all():
            table[column] = table[column].astype(dtype)
    return table


def _names_version(x: _Identity) -> bool:
    """Whether `x.version` is not None, without making its text."""
    return bool(x.doi or x.arxiv or x.dblp)


def _split_versions(recs: list[Record], identity: dict[int, _Identity]) -> dict[str, list[Record]]:
    """A paper's records by version, each named by its smallest identifier: records that share an
    identifier (a DBLP entry that prints the DOI, a BibTeX export of it that does not) are one
    version. Records without identifiers belong to none."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for r in recs:
        tokens = identity[id(r)].tokens
        for token in tokens[1:]:
            a, b = find(tokens[0]), find(token)
            parent[max(a, b)] = min(a, b)
        for token in tokens:
            find(token)
    out: dict[str, list[Record]] = defaultdict(list)
    for r in recs:
        tokens = identity[id(r)].tokens
        if tokens:
            out[find(tokens[0])].append(r)
    return out


def _versions(
    index_groups: dict[str, list[int]], records: list[Record], identities: list[_Identity]
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Each paper's versions (only where it has two: a preprint and its published version), the
    venue of each paper or version, and the identifiers each carries. `identities`: each record's."""
    version_rows, venue_rows, id_rows = [], [], []
    for paper_id in sorted(index_groups):
        idx = index_groups[paper_id]
        if not any(records[i].venue or records[i].identifiers or _names_version(identities[i]) for i in idx):
            continue  # nothing to say (every seed paper)
        recs = [records[i] for i in idx]
        identity = {id(records[i]): identities[i] for i in idx}  # this paper's records only
        if len(recs) == 1:  # most papers: one record is one version (its identifiers tie it together)
            keys, several = [], False
        else:
            recs = _order(recs)
            by_version = _split_versions(recs, identity)
            keys = sorted(by_version)  # "arxiv …" (the preprint) before "dblp …" and "doi …"
            several = len(keys) > 1
        for n, key in enumerate(keys if several else [None], start=1):
            node = f"{paper_id}.version.{n}" if several else paper_id
            vrecs = by_version[key] if several else recs
            ids: dict[str, set[str]] = defaultdict(set)
            for r in vrecs:
                x = identity[id(r)]
                if r.doi:
                    ids["doi"].add(r.doi)
                if x.arxiv:
                    ids["arxiv"].add(x.arxiv)
                for scheme in ("openalex", "dblp"):
                    if r.identifiers.get(scheme):
                        ids[scheme].add(r.identifiers[scheme])
            id_rows += [{"node_id": node, "scheme": s, "value": v} for s in sorted(ids) for v in sorted(ids[s])]
            venue = next((r.venue for r in vrecs if r.venue), None)
            if venue:
                venue_rows.append({"node_id": node, "venue": clean(venue)})
            if several:
                date = next((r.date for r in vrecs if r.date), None)
                year = int(date[:4]) if date else next((r.year for r in vrecs if r.year), None)
                version_rows.append(
                    {
                        "paper_id": paper_id,
                        "version_id": node,
                        "doi": next((r.doi for r in vrecs if r.doi), None),
                        "arxiv_id": identity[id(vrecs[0])].arxiv,
                        "venue": clean(venue) if venue else None,
                        "date": date,
                        "year": year,
                        "preprint": key.startswith("arxiv "),
                    }
                )
    versions = frame("paper_versions", version_rows)
    versions["year"] = versions["year"].astype("Int64")
    versions["preprint"] = versions["preprint"].astype(bool)
    return versions, frame("venues", venue_rows), id_rows


def _printed_affiliations(
    records: list[Record], paper_of: dict[int, str], mentions: dict[int, list[Node]], person_ids: dict[str, str]
) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """Organizations the sources name for an author on a paper: keyed by ROR id where the source
    gives one, else by the normalized name. Returns the organizations, the affiliation rows
    (paper, person, organization) and the organizations' identifiers."""
    orgs: dict[str, dict] = {}
    ids: list[dict] = []
    rows = []
    for i, r in enumerate(records):
        if len(r.author_details) != len(r.authors):
            continue  # details that do not line up with the names say nothing about whom
        nodes = mentions.get(i, [])
        for node, info in zip(nodes, r.author_details):
            for aff in info.get("affiliations") or []:
                name = clean(aff.get("name") or "")
                ror = aff.get("ror")
                if not (name or ror):
                    continue
                key = f"ror {ror}" if ror else title_key(name)
                if not key:
                    continue
                org_id = mint("organization", key)
                if org_id not in orgs:
                    orgs[org_id] = {"org_id": org_id, "slug": ror or key, "name": name or ror, "known": False}
                if ror:
                    ids.append({"node_id": org_id, "scheme": "ror", "value": ror})
                if aff.get("openalex"):
                    ids.append({"node_id": org_id, "scheme": "openalex", "value": aff["openalex"]})
                pid = person_ids.get(node)
                if pid:
                    rows.append({"paper_id": paper_of[i], "person_id": pid, "org_id": org_id})
    table = frame("organizations", [orgs[k] for k in sorted(orgs)])
    rows.sort(key=lambda d: (d["paper_id"], d["person_id"], d["org_id"]))
    return table, rows, ids


AUTHORSHIP_COLUMNS = ["paper_id", "person_id", "position", "printed_name", "from_owner", "source", "line"]


def _authorship(
    paper_id: str,
    records: list[Record],
    idx: list[int],
    listed: Record | None,
    owner_keys: dict[str, tuple[str, str]],
    people: PeopleTables,
    mentions: dict[int, list[Node]],
) -> list[tuple]:
    """Authors of one paper (its records `idx`, in `_order`): the chosen printed list in order, then
    names only other pages print, then profile owners whose place the printed list does not show.
    `owner_keys`: each profile page's owner, as printed and as a name key. Rows are tuples in
    AUTHORSHIP_COLUMNS' order (a dict per row held every key again: at a million papers, gigabytes)."""
    rows: list[tuple] = []
    seen: set[str] = set()
    find, person_id = people.find, people.person_ids.get  # a node no person prints has none (NaN, as map gave)

    def add(name: str, node: str, root: str, pos: int | None, r: Record, from_owner: bool) -> None:
        if root in seen:
            return
        seen.add(root)
        rows.append((paper_id, person_id(node), pos, clean(name), from_owner, r.source, r.line))

    def owner_node(r: Record, nodes: list[Node]) -> str:
        # The owner as the record prints them: an owner whose every mention carries an identifier
        # (DBLP's "Di Xu 0001") has no node of their bare name key.
        key = owner_keys[r.source][1]
        return next((n for a, n in zip(r.authors, nodes) if name_key(a) == key), key)

    recs = [(records[j], mentions[j]) for j in idx]
    owned = [(r, owner_node(r, nodes)) for r, nodes in recs if r.source in owner_keys]  # each found once
    owner_roots = {find(node) for _, node in owned}
    if listed:
        nodes = next(nodes for r, nodes in recs if r is listed)
        for i, name in enumerate(listed.authors):
            root = find(nodes[i])
            add(name, nodes[i], root, i + 1, listed, root in owner_roots)
    for r, nodes in recs:
        if r is listed:  # each of its authors is in `seen` already
            continue
        for i, name in enumerate(r.authors):
            root = find(nodes[i])
            add(name, nodes[i], root, None, r, root in owner_roots)
    for r, node in owned:
        add(owner_keys[r.source][0], node, find(node), None, r, True)
    return rows


def _organizations(pairs: Iterable[tuple[str, str]], warnings: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for s in sorted({s for _, s in pairs}):
        name = full_name(s)
        if name is None:
            warnings.append(f"unknown organization slug {s!r}: named by its slug")
        rows.append({"org_id": mint("organization", s), "slug": s, "name": name or s, "known": name is not None})
    orgs = frame("organizations", rows)
    links = pd.DataFrame(sorted(pairs), columns=["paper_id", "slug"])
    links["org_id"] = mint_column("organization", links["slug"])
    return orgs, links[["paper_id", "org_id"]]


# arXiv category codes: "cs.AI", "q-fin.CP", "math.CO", "hep-th", or the two letters of a cs category.
CATEGORY_CODE = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?|[A-Z]{2}")


def _categories(rows: list[tuple[str, str]], warnings: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One category per notation (a page's "AI" and a listing's "cs.AI" are one), each paper
    linked to every category its records print."""
    notations = sorted({notation for _, notation in rows})  # rows: (paper id, notation)
    for n in notations:
        known = getattr(cats, "is_known", None)
        unknown = not known(n) if known is not None else not CATEGORY_CODE.fullmatch(n.removeprefix("cs."))
        if unknown or (n.startswith("cs.") and category_label(n) is None):
            warnings.append(f"category {n!r} is not an arXiv category kg knows: kept as printed, with no label")
    table = frame(
        "categories",
        [
            {
                "category_id": mint("category", n),
                "code": n.removeprefix("cs."),
                "notation": n,
                "label": category_label(n),
            }
            for n in notations
        ],
    )
    links = pd.DataFrame(rows, columns=["paper_id", "notation"])
    links["category_id"] = mint_column("category", links["notation"])
    return table, links[["paper_id", "category_id"]]
