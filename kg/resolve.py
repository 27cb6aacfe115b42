"""Resolution: records become one paper, person, organization and category per real thing.

Papers are one per normalized title. People are one per name key, and name variants
("Wang Zhu" / "Wang Bill Zhu") are merged only on evidence — a shared coauthor — or
because the user's alias file says so; every merge is listed with its evidence.
The output is a set of pandas tables, the input of the graph stage.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kg import categories as cats
from kg.extract import priority
from kg.ids import title_key
from kg.model import Page, Record
from kg.names import clean, name_key, parts, variant_of
from kg.organizations import full_name
from kg.schema import Resolution, frame, mint, mint_column
from kg.ties import through

PAPER_FACTS = ("title", "abstract", "date", "category", "score", "upvotes", "author_count")


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
        """CSV rows `name,canonical name`; a name starting with `!` forbids the merge."""
        aliases = cls()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise AliasError(f"{path}: cannot read the alias file ({e})") from None
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
                aliases.forbid.add(frozenset((name_key(name), name_key(canonical))))
            else:
                aliases.force[name_key(name)] = canonical
            aliases.where[name_key(name)] = f"{path.name}:{n}"
        return aliases


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


def _author_list_record(records: list[Record]) -> Record | None:
    """The record whose printed author list the paper's order comes from: complete lists
    first, then longer ones, then by layout priority."""
    with_names = [r for r in _order(records) if r.authors]
    if not with_names:
        return None
    return min(with_names, key=lambda r: (r.authors_truncated, -len(r.authors)))


class _People:
    """Clusters printed names into people."""

    def __init__(self, aliases: Aliases) -> None:
        self.aliases = aliases
        self.uf = _UnionFind()
        self.printed: dict[str, Counter[str]] = defaultdict(Counter)  # key -> printed forms
        self.coauthors: dict[str, set[str]] = defaultdict(set)
        self.papers: dict[str, set[str]] = defaultdict(set)
        self.merges: list[tuple[str, str, str]] = []  # (key a, key b, evidence)

    def add_list(self, paper_id: str, names: list[str]) -> None:
        keys = [name_key(n) for n in names]
        for name, key in zip(names, keys):
            self.printed[key][clean(name)] += 1
            self.papers[key].add(paper_id)
            self.coauthors[key].update(k for k in keys if k != key)

    def _members(self, root: str) -> list[str]:
        return [k for k in self.uf.members.get(root, [root]) if k in self.printed]

    def _allowed(self, a: str, b: str) -> bool:
        ra, rb = self.uf.find(a), self.uf.find(b)
        left, right = self._members(ra) or [ra], self._members(rb) or [rb]
        return not any(frozenset((x, y)) in self.aliases.forbid for x in left for y in right)

    def resolve(self) -> None:
        # 1. The user's aliases force merges, whatever the evidence.
        for key, canonical in sorted(self.aliases.force.items()):
            target = name_key(canonical)
            self.printed.setdefault(target, Counter())
            if key in self.printed and key != target:
                self.uf.union(key, target)
                self.merges.append((target, key, f"alias file {self.aliases.where[key]}"))
        # 2. Variants (middle names left out or as initials) that share a coauthor. Only
        # names with one surname and one given name (or its initial) can be variants, so
        # they are compared within those blocks, never all against all.
        by_given: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_initial: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in sorted(self.printed):
            first, _, last = parts(key)
            by_given[(last, first)].append(key)
            by_initial[(last, first[:1])].append(key)
        for block in by_given.values():
            for i, a in enumerate(block):
                for b in block[i + 1 :]:
                    self._consider_variant(a, b)
        for (last, initial), block in by_initial.items():
            for a in by_given.get((last, initial), ()):  # "j smith" against every "j… smith"
                for b in block:
                    if b != a:
                        self._consider_variant(min(a, b), max(a, b))

    def _consider_variant(self, a: str, b: str) -> None:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb or not (self.coauthors[a] & self.coauthors[b]) - {a, b}:
            return  # one person already, or no evidence
        # Checked for every name of both people, not only a and b: else "J. Smith" chains
        # "Jane Smith" to "John Smith", and "Wang B. Zhu" joins two names printed on one paper.
        for x in self._members(ra) or [ra]:
            for y in self._members(rb) or [rb]:
                if not variant_of(x, y) or self.papers[x] & self.papers[y]:
                    return  # not one name, or both printed on one paper: two people
        shared = sorted((self.coauthors[a] & self.coauthors[b]) - {a, b})
        if not shared or not self._allowed(a, b):
            return
        self.uf.union(a, b)
        named = ", ".join(self.display(k) for k in shared[:3])
        self.merges.append(
            (a, b, f"same first and last name; shared coauthor{'s' if len(shared) > 1 else ''}: {named}")
        )

    def display(self, key: str) -> str:
        forms = self.printed.get(key)
        if not forms:
            return key
        return min(forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]

    def canonical(self, root: str) -> str:
        """The person's name: the alias file's, else the most printed form, then the fullest."""
        members = self._members(root) or [root]
        for key in members:
            forced = self.aliases.force.get(key)
            if forced:
                return forced
        totals: Counter[str] = Counter()
        for key in members:
            totals.update(self.printed[key])
        if not totals:
            return root
        return min(totals.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def resolve(
    records: list[Record], pages: list[Page], aliases: Aliases | None = None, people: _People | None = None
) -> Resolution:
    """`people`: names already clustered elsewhere (kg.distributed resolves them by name block on
    a cluster); None clusters them here."""
    aliases = aliases or Aliases()
    warnings: list[str] = []

    # Papers: one per normalized title, facts picked by format priority.
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        groups[mint("paper", title_key(r.title))].append(r)
    owners = {p.source: clean(p.owner) for p in pages if p.owner}
    page_ids = {p.source: mint("page", p.source) for p in pages}  # "A.txt" and "a.txt" are two pages

    if people is None:
        people = _People(aliases)
        for paper_id, recs in groups.items():
            for r in recs:
                people.add_list(paper_id, author_list(r, owners))
        people.resolve()

    paper_rows, source_rows, conflict_rows, author_rows = [], [], [], []
    org_pairs: set[tuple[str, str]] = set()
    category_rows = []
    for paper_id in sorted(groups):
        recs = _order(groups[paper_id])
        row: dict = {"paper_id": paper_id}
        for fact in PAPER_FACTS:
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
        row["year"] = int(row["date"][:4]) if row["date"] else None
        row["has_code"] = any(r.has_code for r in recs)  # a code link is evidence; its absence is not
        listed = _author_list_record(recs)
        row["authors_truncated"] = listed.authors_truncated if listed else None
        row["printed_authors"] = len(listed.authors) if listed else 0
        paper_rows.append(row)
        for r in recs:
            source_rows.append(
                {
                    "paper_id": paper_id,
                    "page_id": page_ids[r.source],
                    "source": r.source,
                    "line": r.line,
                    "layout": r.layout,
                }
            )
            org_pairs.update((paper_id, s) for s in r.affiliations)
        if row["category"]:
            category_rows.append({"paper_id": paper_id, "code": row["category"]})
        author_rows += _authorship(paper_id, recs, listed, owners, people)

    papers = frame("papers", paper_rows)
    for column in ("year", "upvotes", "author_count", "printed_authors"):
        papers[column] = papers[column].astype("Int64")
    papers["score"] = papers["score"].astype("Float64")
    person_ids = {}
    people_rows = []
    roots = sorted({people.uf.find(k) for k in people.printed})
    for root in roots:
        name = people.canonical(root)
        pid = mint("person", name_key(name))
        members = people._members(root)
        variants = sorted({form for k in members for form in people.printed[k]} - {name})
        people_rows.append({"person_id": pid, "name": name, "alternate_names": variants})
        for k in members:
            person_ids[k] = pid
    authorship = pd.DataFrame(
        author_rows, columns=["paper_id", "name_key", "position", "printed_name", "from_owner", "source", "line"]
    )
    authorship.insert(1, "person_id", authorship.pop("name_key").map(person_ids))
    # A person printed twice on one paper (two variants of one name) is one authorship.
    authorship = authorship.sort_values(["paper_id", "person_id", "position"], na_position="last")
    authorship = authorship.drop_duplicates(["paper_id", "person_id"]).reset_index(drop=True)
    authorship["position"] = authorship["position"].astype("Int64")
    people_df = frame("people", people_rows)
    people_df = (
        people_df[people_df.person_id.isin(authorship.person_id)].sort_values("person_id").reset_index(drop=True)
    )

    orgs, paper_orgs = _organizations(org_pairs, warnings)
    categories, paper_categories = _categories(category_rows, warnings)
    person_orgs = through(authorship, paper_orgs, "person_id", "org_id").assign(derived=True)
    merges = frame(
        "merges",
        [
            {
                "kept": people.canonical(people.uf.find(a)),
                "merged": "; ".join(
                    sorted({people.display(a), people.display(b)} - {people.canonical(people.uf.find(a))})
                ),
                "evidence": ev,
            }
            for a, b, ev in people.merges
        ],
    )
    pages_df = frame("pages", [{"page_id": page_ids[p.source], **p.to_dict()} for p in pages])
    pages_df["owner_id"] = [person_ids.get(name_key(o)) if isinstance(o, str) else None for o in pages_df["owner"]]
    return Resolution(
        papers=papers.sort_values("paper_id").reset_index(drop=True),
        paper_sources=frame("paper_sources", source_rows),
        conflicts=frame("conflicts", conflict_rows),
        people=people_df,
        authorship=authorship,
        organizations=orgs,
        paper_organizations=paper_orgs,
        person_organizations=person_orgs,
        categories=categories,
        paper_categories=paper_categories,
        pages=pages_df,
        merges=merges,
        warnings=tuple(warnings),
    )


def author_list(r: Record, owners: dict[str, str]) -> list[str]:
    """The names a record prints, and its page's owner where the list leaves the owner out."""
    names = list(r.authors)
    owner = owners.get(r.source)
    if owner and name_key(owner) not in {name_key(n) for n in names}:
        names.append(owner)
    return names


def _authorship(
    paper_id: str, recs: list[Record], listed: Record | None, owners: dict[str, str], people: _People
) -> list[dict]:
    """Authors of one paper: the chosen printed list in order, then names only other
    pages print, then profile owners whose place the printed list does not show."""
    rows = []
    seen: set[str] = set()

    def add(name: str, position: int | None, r: Record, from_owner: bool) -> None:
        key = name_key(name)
        root = people.uf.find(key)
        if root in seen:
            return
        seen.add(root)
        rows.append(
            {
                "paper_id": paper_id,
                "name_key": key,
                "position": position,
                "printed_name": clean(name),
                "from_owner": from_owner,
                "source": r.source,
                "line": r.line,
            }
        )

    owner_roots = {people.uf.find(name_key(owners[r.source])): r for r in recs if r.source in owners}
    if listed:
        for i, name in enumerate(listed.authors, start=1):
            add(name, i, listed, people.uf.find(name_key(name)) in owner_roots)
    for r in recs:
        for name in r.authors:
            add(name, None, r, people.uf.find(name_key(name)) in owner_roots)
    for r in recs:
        if r.source in owners:
            add(owners[r.source], None, r, True)
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


def _categories(rows: list[dict], warnings: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = sorted({r["code"] for r in rows})
    for c in codes:
        if cats.label(c) is None:
            warnings.append(f"category {c!r} is not in arXiv's cs taxonomy: kept as cs.{c} with no label")
    table = frame(
        "categories",
        [
            {
                "category_id": mint("category", cats.notation(c)),
                "code": c,
                "notation": cats.notation(c),
                "label": cats.label(c),
            }
            for c in codes
        ],
    )
    links = pd.DataFrame(rows, columns=["paper_id", "code"])
    links["category_id"] = mint_column("category", links["code"].map(cats.notation))
    return table, links[["paper_id", "category_id"]]
