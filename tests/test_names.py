"""Name normalization: one key per spelling of a name, and which two names may print one person."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.names import clean, name_key, parts, variant_of


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfd_input_is_a_different_string_to_start_with() -> None:
    # Guards the tests below: they would pass vacuously if NFD changed nothing.
    assert nfd("Lindström") != "Lindström"
    assert len(nfd("é")) == 2


def test_clean_gives_nfc_and_single_spaces() -> None:
    assert clean(nfd("  Adam   Dahlgren\tLindström ")) == "Adam Dahlgren Lindström"
    assert unicodedata.is_normalized("NFC", clean(nfd("José Núñez")))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José Núñez", nfd("José Núñez")),  # NFC vs NFD
        ("Najoung Kim", "  najoung   KIM "),  # spacing and case
        ("Benjamin Van Durme", "Benjamin van Durme"),  # a particle's case
        ("Adam Dahlgren Lindström", "Adam Dahlgren Lindstrom"),  # accents
        ("Ian R. McKenzie", "Ian R McKenzie"),  # the dot of an initial
        ("J.R. Smith", "J. R. Smith"),
        ("Conor O’Brien", "Conor O'Brien"),  # typographic vs ASCII apostrophe
        ("Wen\u2010Ching Wang", "Wen-Ching Wang"),  # Unicode hyphen (OpenAlex prints U+2010) vs ASCII
        ("Wen\u2011Ching Wang", "Wen-Ching Wang"),  # non-breaking hyphen
        ("Lind\u00adström", "Lindström"),  # a soft hyphen is a line-break hint
        ("JC Roberts", "J. C. Roberts"),  # initials printed together
        ("J.-C. Roberts", "J-C Roberts"),  # initials of a hyphenated given name
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tian-Qi Chen", "Tianqi Chen"),  # a hyphen is part of the given name
        ("Tian-Qi Chen", "Tian Qi Chen"),
        ("Wang Zhu", "Wang Bill Zhu"),  # a variant, but not the same spelling
        ("Ian R. McKenzie", "Ian McKenzie"),
        ("Benjamin Van Durme", "Benjamin Durme"),
        ("Jc Roberts", "J. C. Roberts"),  # only capitals are read as initials
        ("LI WEI", "L I WEI"),  # an all-capitals name says nothing about initials
    ],
)
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_key_is_lower_case_words_with_hyphen_and_apostrophe_kept() -> None:
    assert name_key("Tian-Qi Chen") == "tian-qi chen"
    assert name_key("Ting-Yun  Chang") == "ting-yun chang"
    assert name_key("Ian R. McKenzie") == "ian r mckenzie"
    assert name_key("Conor O'Brien") == "conor o'brien"
    assert name_key(nfd("Adam Dahlgren Lindström")) == "adam dahlgren lindstrom"


@given(
    st.lists(
        st.sampled_from(["Najoung", "Lindström", "José", "Núñez", "Van", "van", "Tian-Qi", "R.", "McKenzie", "Øre"]),
        min_size=2,
        max_size=4,
    ),
    st.sampled_from([" ", "  ", "\t"]),
)
def test_key_ignores_case_spacing_and_unicode_form(words: list[str], sep: str) -> None:
    name = " ".join(words)
    key = name_key(name)
    assert name_key(name.upper()) == key
    assert name_key(name.lower()) == key
    assert name_key(nfd(name)) == key
    assert name_key(" " + sep.join(words) + " ") == key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Benjamin Van Durme", ("benjamin", [], "van durme")),
        ("Juan de la Cruz", ("juan", [], "de la cruz")),
        ("Ian R. McKenzie", ("ian", ["r"], "mckenzie")),
        ("Xinyan Velocity Yu", ("xinyan", ["velocity"], "yu")),
        ("Tian-Qi Chen", ("tian-qi", [], "chen")),
        ("Van Durme", ("van", [], "durme")),  # a particle is never the whole first name away
        ("Azraiqoni", ("", [], "azraiqoni")),  # one word (OpenAlex has such authors): a last name alone
        ("J.-C. Roberts", ("j-c", [], "roberts")),
    ],
)
def test_parts_split_first_middles_last(name: str, expected: tuple[str, list[str], str]) -> None:
    assert parts(name) == expected


@pytest.mark.parametrize(
    ("a", "b", "may_be_one"),
    [
        ("Wang Zhu", "Wang Bill Zhu", True),  # middle name left out
        ("Ian R. McKenzie", "Ian McKenzie", True),  # middle initial left out
        ("J. Smith", "John Smith", True),  # first name as an initial
        ("J. R. Smith", "John Ronald Smith", True),
        ("John Andrew Smith", "John A. Smith", True),  # middle name as an initial
        ("Benjamin Van Durme", "benjamin van durme", True),  # one key
        ("Jane Smith", "John Smith", False),  # different first names
        ("J. Smith", "K. Smith", False),
        ("Wang Zhu", "Xiaoyuan Zhu", False),  # a surname only
        ("Qinyuan Ye", "Qilin Ye", False),
        ("Tian-Qi Chen", "Tianqi Chen", False),  # hyphen kept: not one given name
        ("John A. Smith", "John B. Smith", False),  # different middle initials
        ("John Andrew Smith", "John Bernard Smith", False),
        ("John A. B. Smith", "John B. A. Smith", False),  # middle names out of order
        ("John Smith", "John Smith-Jones", False),
        ("Benjamin Van Durme", "Benjamin Durme", False),  # the particle is part of the last name
        ("Wang Zhu", "Zhu Wang", False),
        ("J.-C. Roberts", "Jean-Claude Roberts", True),  # hyphenated initials, piece by piece
        ("JC Roberts", "Jonathan C. Roberts", True),
        ("Wen Wang", "Wen\u2010Ching Wang", False),  # U+2010 is a hyphen, not a space
        ("J.-C. Roberts", "Jean-Pierre Roberts", False),
        ("Azraiqoni", "A. Azraiqoni", False),
    ],
)
def test_variant_of_truth_table(a: str, b: str, may_be_one: bool) -> None:
    assert variant_of(a, b) is may_be_one
    assert variant_of(b, a) is may_be_one  # symmetric
