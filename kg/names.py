"""Personal names: one printed form per name, one key per spelling, and when two may be one person."""

from __future__ import annotations

import re
import unicodedata

from kg.extract.text import PARTICLES


def clean(name: str) -> str:
    """A printed name in NFC with single spaces: the form shown to users."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> str:
    """Spellings of one name share a key: case, accents, dots and spacing don't count.

    >>> name_key("Benjamin Van Durme") == name_key("benjamin van  durme")
    True
    >>> name_key("Adam Dahlgren Lindström") == name_key("Adam Dahlgren Lindstrom")
    True
    >>> name_key("Tian-Qi Chen") == name_key("Tianqi Chen")
    False
    """
    # The typographic apostrophe is the ASCII one: "O’Brien" and "O'Brien" are one spelling.
    words = re.findall(r"[\w'-]+", _fold(clean(name)).replace(".", " ").replace("’", "'"))
    return " ".join(words)


def parts(name: str) -> tuple[str, list[str], str]:
    """(first, middles, last) of a name's key; particles ("van", "de") join the last name."""
    words = name_key(name).split(" ")
    last = [words.pop()]
    while len(words) > 1 and words[-1] in PARTICLES:
        last.insert(0, words.pop())
    return words[0], words[1:], " ".join(last)


def _same_given(a: str, b: str) -> bool:
    """ "john" and "j" may be one given name; "john" and "jane" are not."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


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
