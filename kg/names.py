"""Personal names: one printed form per name, one key per spelling, and when two may be one person."""

from __future__ import annotations

import functools
import re
import unicodedata

from kg.extract.text import PARTICLES


def clean(name: str) -> str:
    """A printed name in NFC with single spaces: the form shown to users."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _fold(text: str) -> str:
    if text.isascii():  # no accents to take off (NFKD leaves ASCII as it is): most names
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Hyphens and dashes that print the hyphen of a name ("Wen‐Ching", U+2010) read as "-";
# a soft hyphen is a line-break hint, not part of the name.
HYPHENS = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"} | {"\u00ad": None})
# Initials printed without dots or spaces ("JC Roberts", PubMed style): two or three capitals.
GLUED_INITIALS = re.compile(r"[A-Z]{2,3}")


def _split_glued_initials(name: str) -> str:
    """ "JC Roberts" -> "J C Roberts"; only in a name that also has lower-case letters (an
    all-capitals name says nothing about initials) and never in the last word."""
    words = name.split(" ")
    if len(words) < 2 or not any(map(str.islower, name)):
        return name
    return " ".join(" ".join(w) if GLUED_INITIALS.fullmatch(w) else w for w in words[:-1]) + " " + words[-1]


# A name is keyed many times (each mention, each comparison; 460,000 calls at 100k papers for
# far fewer distinct names): the key is a pure function of the text, so it is kept. Every key
# is kept, not the last so many: at a million papers the names and keys resolution asks for
# (some 1.5M) overflowed a bound of 2**18 and most calls missed. kg.resolve empties it after.
@functools.cache
def name_key(name: str) -> str:
    """Spellings of one name share a key: case, accents, dots, spacing, the kind of hyphen
    and initials printed together ("JC") don't count.

    >>> name_key("Benjamin Van Durme") == name_key("benjamin van  durme")
    True
    >>> name_key("Adam Dahlgren Lindström") == name_key("Adam Dahlgren Lindstrom")
    True
    >>> name_key("Tian-Qi Chen") == name_key("Tianqi Chen")
    False
    >>> name_key("Wen\u2010Ching Wang"), name_key("JC Roberts"), name_key("J.-C. Roberts")
    ('wen-ching wang', 'j c roberts', 'j-c roberts')
    """
    text = _split_glued_initials(clean(name).translate(HYPHENS))
    # The typographic apostrophe is the ASCII one: "O’Brien" and "O'Brien" are one spelling.
    # "J.-C." is the initials of a hyphenated given name: "j-c".
    text = _fold(text).replace(".-", "-").replace(".", " ").replace("’", "'")
    words = (w.strip("-'") for w in re.findall(r"[\w'-]+", text))
    return " ".join(w for w in words if w)


def parts(name: str) -> tuple[str, list[str], str]:
    """(first, middles, last) of a name's key; particles ("van", "de") join the last name."""
    words = name_key(name).split()
    if len(words) < 2:  # one word ("Azraiqoni"): a last name alone
        return "", [], "".join(words)
    last = [words.pop()]
    while len(words) > 1 and words[-1] in PARTICLES:
        last.insert(0, words.pop())
    return words[0], words[1:], " ".join(last)


def _same_given(a: str, b: str) -> bool:
    """ "john" and "j" may be one given name; "john" and "jane" are not; "j-c" and
    "jean-claude" may be, piece by piece, but "tian-qi" and "tianqi" are not."""
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    pieces_a, pieces_b = a.split("-"), b.split("-")
    if len(pieces_a) == len(pieces_b) > 1:
        return all(_same_given(x, y) for x, y in zip(pieces_a, pieces_b))
    return False


def variant_of(a: str, b: str) -> bool:
    """Whether two different names may print one person: same last name and first name,
    and the middle names of one left out or shortened to initials in the other.

    This is only a possibility; a merge also needs evidence (a shared coauthor).

    >>> variant_of("Wang Zhu", "Wang Bill Zhu"), variant_of("Ian R. McKenzie", "Ian McKenzie")
    (True, True)
    >>> variant_of("Wang Zhu", "Xiaoyuan Zhu"), variant_of("Qinyuan Ye", "Qilin Ye")
    (False, False)
    """
    first_a, mid_a, last_a = parts(a)
    first_b, mid_b, last_b = parts(b)
    if last_a != last_b or not _same_given(first_a, first_b):
        return False
    short, long_ = (mid_a, mid_b) if len(mid_a) <= len(mid_b) else (mid_b, mid_a)
    # Each middle name of the shorter form must match one of the longer, in order.
    it = iter(long_)
    return all(any(_same_given(m, other) for other in it) for m in short)
