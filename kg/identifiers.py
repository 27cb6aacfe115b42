"""Persistent identifiers as sources print them, normalized: DOI, arXiv id, ORCID, ROR, OpenAlex.

Each `normalize_*` takes whatever a source printed (a bare id, a resolver URL, a "doi:" prefix)
and returns the canonical form, or None when the text is not such an identifier. `iri` gives
the resolver IRI other graphs (SemOpenAlex, Wikidata) use for the same thing.
"""

from __future__ import annotations

import re

DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
# New-style arXiv ids (0704.0001 on) and old-style archive ids (cond-mat/0412498, math.AG/0601001).
ARXIV_NEW_RE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?![\d])")
ARXIV_DOI_RE = re.compile(r"(?i)\b10\.48550/arxiv\.")
ARXIV_OLD_RE = re.compile(r"(?<![\w-])([a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?!\d)")
ORCID_RE = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
# ROR ids: a leading 0, six characters of Crockford base32 (no i, l, o, u), two check digits.
ROR_RE = re.compile(r"(?:https?://)?(?:www\.)?(?:ror\.org/)?(0[a-hj-km-np-tv-z0-9]{6}\d{2})\b", re.IGNORECASE)
OPENALEX_RE = re.compile(r"(?:https?://(?:api\.)?openalex\.org/(?:\w+/)?)?([WAISFPCT]\d{4,})\b", re.IGNORECASE)

IRI_PREFIX = {
    "doi": "https://doi.org/",
    "arxiv": "https://arxiv.org/abs/",
    "orcid": "https://orcid.org/",
    "ror": "https://ror.org/",
    "openalex": "https://openalex.org/",
    "dblp": "https://dblp.org/rec/",
}


def normalize_doi(text: str | None) -> str | None:
    """Lower case, no resolver prefix.

    >>> normalize_doi("https://doi.org/10.1103/PhysRevD.107.095021")
    '10.1103/physrevd.107.095021'
    >>> normalize_doi("doi:10.1016/J.EGYR.2019.08.031."), normalize_doi("not a doi")
    ('10.1016/j.egyr.2019.08.031', None)
    """
    if not text:
        return None
    found = DOI_RE.search(text.strip())
    if not found:
        return None
    return found.group(0).rstrip(".,;)]}>").lower()


def normalize_arxiv(text: str | None) -> tuple[str, str | None] | None:
    """(id without version, version or None) from an id, "arXiv:" form or abs/pdf URL.

    >>> normalize_arxiv("http://arxiv.org/abs/cond-mat/0412498v1")
    ('cond-mat/0412498', 'v1')
    >>> normalize_arxiv("arXiv:2610.08778"), normalize_arxiv("1234")
    (('2610.08778', None), None)
    >>> normalize_arxiv("https://doi.org/10.48550/arXiv.2210.13368")  # arXiv's own DOI
    ('2210.13368', None)
    """
    if not text:
        return None
    # The "." before the id in arXiv's DOI would otherwise read as part of a longer number.
    text = ARXIV_DOI_RE.sub("arXiv:", text.strip())
    for pattern in (ARXIV_NEW_RE, ARXIV_OLD_RE):
        found = pattern.search(text)
        if found:
            return found.group(1), found.group(2)
    return None


def arxiv_of_doi(doi: str | None) -> tuple[str, str | None] | None:
    """The arXiv id of arXiv's own DOI (10.48550/arXiv.<id>, bare or as a doi.org URL); None for any
    other DOI, even one that holds digits shaped like an id.

    >>> arxiv_of_doi("10.48550/arxiv.2210.13368"), arxiv_of_doi("10.1234/2210.13368")
    (('2210.13368', None), None)
    """
    if not doi or not ARXIV_DOI_RE.search(doi):
        return None
    return normalize_arxiv(doi)


def orcid_check_digit(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an ORCID's first fifteen digits.

    >>> orcid_check_digit("000000021825009")
    '7'
    """
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(text: str | None) -> str | None:
    """ "0000-0002-1825-0097" from a bare id or orcid.org URL; None when the check digit is wrong.

    >>> normalize_orcid("https://orcid.org/0000-0002-1825-0097"), normalize_orcid("0000-0002-1825-0098")
    ('0000-0002-1825-0097', None)
    """
    if not text:
        return None
    found = ORCID_RE.search(text.strip())
    if not found:
        return None
    digits = "".join(found.groups()).upper()
    if orcid_check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def normalize_ror(text: str | None) -> str | None:
    """The bare ROR id, lower case.

    >>> normalize_ror("https://ror.org/015m7wh34")
    '015m7wh34'
    """
    if not text:
        return None
    found = ROR_RE.search(text.strip())
    return found.group(1).lower() if found else None


def normalize_openalex(text: str | None) -> str | None:
    """ "W2250748100" from a bare id or an openalex.org URL.

    >>> normalize_openalex("https://openalex.org/A5017898742")
    'A5017898742'
    """
    if not text:
        return None
    found = OPENALEX_RE.fullmatch(text.strip())
    return found.group(1).upper() if found else None


def iri(kind: str, value: str) -> str:
    """The resolver IRI of an identifier: what `schema:sameAs` points at.

    >>> iri("doi", "10.1145/2795233")
    'https://doi.org/10.1145/2795233'
    """
    return IRI_PREFIX[kind] + value
