"""Defects found by running kg on real exports (second sweep), each pinned by a small invented
snippet with the structure of the real file named in its test (the real files stay outside
the repository)."""

from __future__ import annotations

import datetime as dt

from kg.extract import bibtex
from kg.extract.base import Context
from kg.model import REJECT_CODES, Extraction

CTX = Context(as_of=dt.date(2026, 11, 28))


def read(module, text: str) -> Extraction:
    out = module.extract("x", text.split("\n"), CTX)
    assert all(r.code in REJECT_CODES for r in out.rejects)
    return out


# --- BibTeX ------------------------------------------------------------------------------


def test_bibtex_bare_ampersand_stays_in_the_venue():
    # ScienceDirect (mabutko/BibTeX sciencedirect.bib): `journal = {Computers & Security}`, unescaped
    out = read(bibtex, "@article{K1,\ntitle = {Robots & rivers},\njournal = {Ponds & Lakes},\nyear = {2021}\n}")
    assert [(r.title, r.venue) for r in out.records] == [("Robots & rivers", "Ponds & Lakes")]
