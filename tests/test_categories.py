"""arXiv's taxonomy: every archive, the bare cs codes seed pages print, aliases and legacy codes."""

from __future__ import annotations

import pytest

from kg import categories as cats


def test_bare_cs_codes_keep_their_meaning() -> None:
    assert cats.notation("CL") == "cs.CL"
    assert cats.label("CL") == "Computation and Language"
    assert cats.label("XX") is None  # two letters arXiv does not have: no name invented
    assert cats.notation("XX") == "cs.XX"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("cs.AI", "Artificial Intelligence"),
        ("cond-mat.mes-hall", "Mesoscale and Nanoscale Physics"),
        ("cond-mat.str-el", "Strongly Correlated Electrons"),
        ("math.AG", "Algebraic Geometry"),
        ("physics.flu-dyn", "Fluid Dynamics"),
        ("q-bio.NC", "Neurons and Cognition"),
        ("stat.ML", "Machine Learning"),
        ("eess.AS", "Audio and Speech Processing"),
        ("econ.EM", "Econometrics"),
        ("q-fin.CP", "Computational Finance"),
        ("astro-ph.GA", "Astrophysics of Galaxies"),
        ("hep-th", "High Energy Physics - Theory"),
        ("gr-qc", "General Relativity and Quantum Cosmology"),
        ("quant-ph", "Quantum Physics"),
        ("nlin.CD", "Chaotic Dynamics"),
        ("nucl-th", "Nuclear Theory"),
        ("math-ph", "Mathematical Physics"),
    ],
)
def test_every_archive_has_its_categories(code: str, name: str) -> None:
    assert cats.notation(code) == code  # a full code maps to itself
    assert cats.label(code) == name
    assert cats.canonical(code) == code


def test_taxonomy_is_complete() -> None:
    # arxiv-base definitions.py at the cited commit: 155 active categories, 40 of them cs.*.
    assert len(cats.CATEGORIES) == 155
    assert len(cats.CS_CATEGORIES) == 40
    archives = {cats.archive(c) for c in cats.CATEGORIES}
    assert archives == set(cats.ARCHIVES) - {"test"}
    assert all(cats.CODE_RE.fullmatch(c) for c in [*cats.CATEGORIES, *cats.LEGACY_CATEGORIES])


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("math.MP", "math-ph"),
        ("cs.NA", "math.NA"),
        ("stat.TH", "math.ST"),
        ("math.IT", "cs.IT"),
        ("cs.SY", "eess.SY"),
        ("q-fin.EC", "econ.GN"),
        ("NA", "math.NA"),  # the bare seed code is cs.NA, which arXiv counts as math.NA
        ("alg-geom", "math.AG"),
        ("cmp-lg", "cs.CL"),
        ("supr-con", "cond-mat.supr-con"),
    ],
)
def test_aliases_and_subsumed_archives_fold_into_one_category(alias: str, canonical: str) -> None:
    assert cats.canonical(alias) == canonical
    assert cats.label(alias) is not None
    assert cats.is_known(canonical)


def test_legacy_bare_archives_are_named() -> None:
    # Old papers print "cond-mat" or "astro-ph" alone as their primary.
    assert cats.label("cond-mat") == "Condensed Matter"
    assert cats.label("astro-ph") == "Astrophysics"
    assert cats.canonical("cond-mat") == "cond-mat"
