"""Affiliations that exports state per author, read into organisations.

Only where the export itself says which author an address belongs to:
- Scopus BibTeX of about 2012-2017 marks each name with the letters of its addresses
  ("Iorio, C.a  b") and lists the addresses in that order in `affiliation` ("A; B");
- Web of Science BibTeX prints one address a line in `Affiliation`, each after the full names
  of its authors ("Zohny, Hazem; King, Mike, Univ Otago, Bioeth Ctr, Dunedin, New Zealand.").
- a paper with one author: every address the record prints is that author's (Scopus' later
  `affiliations`, or an address list without letters; Web of Science lines naming nobody).
Record-wide address lists of papers with several authors that do not say whose they are (Scopus'
later `affiliations`, RIS `AD`) are not read: which author an address is for would be a guess.

An address names its organisation among comma-separated parts. Web of Science puts it first
("Univ Otago, Bioeth Ctr, …"). Scopus goes from the smallest unit to the country
("Department of Economics and Statistics, University of Naples Federico II, Naples, Italy"), so
the first part that names an institution (university, institute, college, hospital …) is taken,
else the first part; the department, street, city and country are not taken.
"""

from __future__ import annotations

import re

from kg.model import Affiliation

# Words that name an institution rather than a unit of one, a university first: a department's own
# name may hold a comma ("Department of Economics, Management, Institutions, University of …").
INSTITUTIONS = [
    re.compile(r"univ", re.IGNORECASE),
    re.compile(
        r"\b(institut[eoa]?|institution|college|hospital|polytechnic|politecnico|academy|akademie|hochschule|"
        r"[eé]cole|cnrs|inserm|csic)\b",
        re.IGNORECASE,
    ),
]
UNIT = re.compile(r"^(department|dept|faculty|school|division|section|unit|laborator|lab\b|cent(er|re) for)", re.I)
# Scopus initials then the letters of the author's addresses: "C.a", "L.Z.a  b", "A.-A.a", "M.".
LETTERED = re.compile(r"(?P<initials>(?:[A-Z][a-z]?\.[ -]?)+?)\s*(?P<letters>[a-z](?:\s+[a-z])*)?\s*")


def organisation(address: str, first: bool = False) -> str | None:
    """The organisation an address names: its first part (`first`), else the first part naming
    an institution, else the first part not naming a unit of one."""
    parts = [p.strip() for p in address.strip().rstrip(".").split(",") if p.strip()]
    if not parts:
        return None
    if first:
        return parts[0]
    for words in INSTITUTIONS:
        found = next((p for p in parts if words.search(p)), None)
        if found:
            return found
    return next((p for p in parts if not UNIT.match(p)), parts[0])


def scopus_lettered(names: list[str], affiliation: str) -> tuple[list[str], list[list[Affiliation]]] | None:
    """Names without Scopus' address letters, and each author's organisations; None unless every
    name prints initials and every letter points into `affiliation`'s list.

    Scopus of about 2017 also prints the list with commas alone, one field holding every name
    ("D'Ambrosio, A.a , Aria, M.a , Iorio, C.b"); it is cut into "Last, Initials" pairs.
    """
    printed = [n.strip() for n in names]
    if len(names) == 1 and names[0].count(",") >= 3:
        parts = [p.strip() for p in names[0].split(",")]
        if len(parts) % 2 or not all(LETTERED.fullmatch(p) for p in parts[1::2]):
            return None
        names = [f"{last}, {given}" for last, given in zip(parts[0::2], parts[1::2])]
    addresses = [a.strip() for a in affiliation.split(";") if a.strip()] if affiliation else []
    clean, orgs = [], []
    for name in names:
        last, _, given = name.rpartition(",")
        found = LETTERED.fullmatch(given.strip()) if last else None
        if found is None:
            return None
        letters = (found.group("letters") or "").split()
        if any(ord(x) - ord("a") >= len(addresses) for x in letters):
            return None
        clean.append(f"{last.strip()}, {found.group('initials').strip()}")
        named = [organisation(addresses[ord(x) - ord("a")]) for x in dict.fromkeys(letters)]
        orgs.append([Affiliation(name=n) for n in dict.fromkeys(named) if n])
    if clean == printed:
        return None  # no letters: nothing to read, the names stay as bibtexparser split them
    return clean, orgs


def wos_affiliations(affiliation: str, printed: list[str]) -> list[list[Affiliation]] | None:
    """Each printed author's organisations from a Web of Science `Affiliation` field; None when
    no line names an author. Lines naming the corresponding author by initials alone
    ("Feuerriegel, S (Corresponding Author), …") repeat a full line and are not read."""
    keys = [" ".join(p.split()).casefold() for p in printed]
    out: list[list[Affiliation]] = [[] for _ in printed]
    found = False
    for line in re.split(r"\.\s*\n", affiliation.strip()):
        line = " ".join(line.split())
        if "(Corresponding Author)" in line or "(Reprint Author)" in line:
            continue
        whom: list[int] = []
        rest, sep = line, ""
        while sep != ", ":
            match = next(
                (
                    i
                    for i, k in enumerate(keys)
                    if rest.casefold().startswith(k) and rest[len(k) : len(k) + 2] in ("; ", ", ")
                ),
                None,
            )
            if match is None:
                break
            whom.append(match)
            sep, rest = rest[len(keys[match]) : len(keys[match]) + 2], rest[len(keys[match]) + 2 :]
        name = organisation(rest, first=True) if sep == ", " and rest else None
        if not name:
            continue
        found = True
        for i in whom:
            if all(a.get("name") != name for a in out[i]):
                out[i].append(Affiliation(name=name))
    return out if found else None


def sole_author_affiliations(value: str, wos: bool) -> list[Affiliation]:
    """The organisations of a one-author paper's addresses: Web of Science one a line, each after
    its author's name when it prints one ("Scalzo, V (Reprint Author), Univ Naples …"); Scopus
    separated by ";"."""
    if wos:
        lines = [" ".join(line.split()) for line in re.split(r"\.\s*\n", value.strip())]
        addresses = [re.sub(r"^[^,]+,[^,]*\((?:Reprint|Corresponding) Author\),\s*", "", line) for line in lines]
        names = [organisation(a, first=True) for a in addresses]
    else:
        names = [organisation(a) for a in value.split(";")]
    return [Affiliation(name=n) for n in dict.fromkeys(n.strip("{} ") for n in names if n) if n]
