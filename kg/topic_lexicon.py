"""What kind of word a word is, and how common it is in general English, for topic phrases.

Word classes come from lemminflect's lexicon (built from the NIH SPECIALIST lexicon, shipped
inside the package); frequencies from wordfreq's general-English tables (also shipped inside
the package). Both are read offline. A word neither knows is treated as a term of art
("grokking", "polysemanticity"); a word the lexicon lacks but English uses all the time is a
function word ("despite", "among").
"""

from __future__ import annotations

import functools
import math
import re

from lemminflect import getAllLemmas
from lemminflect.core.Lemmatizer import Lemmatizer
from wordfreq import get_frequency_dict, zipf_frequency

from kg.libraries import keeping_random_state

with keeping_random_state():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# A word missing from the lexicon (which lists only nouns, verbs, adjectives and adverbs)
# yet this common in English is a preposition, conjunction or determiner.
FUNCTION_ZIPF = 4.3
# Unknown words with these endings describe rather than name ("multilingual", "causal").
ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ic", "able", "ible", "ful", "less", "ary", "ant", "ent", "ese", "ish")
EXTRA_FUNCTION = frozenset("amid amidst albeit whilst thereby wherein whereby thereof via vs versus et al".split())
# The function words of English the lexicon lacks: a closed class, so listed (sklearn's stop
# words and these). Any other word the lexicon lacks, however common, is a name ("Chinese",
# "Arabic", "London") or a term of art.
FUNCTION_WORDS = (
    frozenset(ENGLISH_STOP_WORDS)
    | EXTRA_FUNCTION
    | frozenset("despite unless till upon onto unto whereas hence thus oh yeah ok okay gonna wanna gotta".split())
)

# British spellings and their American forms (the form kept), tried in order on one word.
# A rewrite is kept only when the rewritten word is more common in English than the word,
# so "noise" does not become "noize", nor "hour" "hor".
SPELLING_RULES = (
    (re.compile(r"(?<=dg)ement(s?)$"), r"ment\1"),  # judgement
    (re.compile(r"is(ation|ations|e|es|ed|ing|er|ers)$"), r"iz\1"),  # tokenisation, normalised
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"(i|[bhlmnv])our(s?|ed|ing|al|able)$"), r"\1or\2"),  # behaviour, colour, labour
    (re.compile(r"(?<=[a-z]{3})tre(s?)$"), r"ter\1"),  # centre
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),  # modelling, labelled
)
MIN_VARIANT_ZIPF = 1.0
# Only words with these endings can have a British spelling the rules know.
BRITISH_RE = re.compile(
    r"(ement|ements|is(ation|ations|e|es|ed|ing|er|ers)|ys(e|es|ed|ing)|our(s?|ed|ing|al|able)|tres?|ll(ed|ing|er|ers))$"
)
# The endings BRITISH_RE matches, written out: a word ending in none of them is left as it is.
BRITISH_ENDINGS = (
    "ement", "ements", "isation", "isations", "ise", "ises", "ised", "ising", "iser", "isers", "yse", "yses", "ysed",
    "ysing", "our", "ours", "oured", "ouring", "oural", "ourable", "tre", "tres", "lled", "lling", "ller", "llers",
)  # fmt: skip
PLAIN_WORD_RE = re.compile(r"[a-z]+")


FUNC, NAME, ADJ_UNK, UNK = frozenset({"FUNC"}), frozenset({"NAME"}), frozenset({"ADJ", "UNK"}), frozenset({"UNK"})
ADV = frozenset({"ADV"})
VERB_ONLY = frozenset({"VERB"})  # (compared with these constants, not a set built per call)


@functools.lru_cache(maxsize=1 << 18)
def classes(word: str) -> frozenset[str]:
    """Universal POS classes the lexicon gives a lower-case word; FUNC for function words,
    NAME for common words the lexicon lacks that are no function word (names: "Chinese", "London"),
    UNK for words neither lexicon nor frequency table can place (terms of art).

    >>> sorted(classes("building")), sorted(classes("despite")), sorted(classes("grokking"))
    (['NOUN', 'VERB'], ['FUNC'], ['UNK'])
    """
    if word in EXTRA_FUNCTION:
        return FUNC
    found = frozenset(_lemmas(word))
    if "AUX" in found:
        return FUNC
    if found:
        return found
    if zipf(word) >= FUNCTION_ZIPF:
        return FUNC if word in FUNCTION_WORDS or len(word) < 3 else NAME
    if word.endswith(ADJECTIVE_ENDINGS) and len(word) > 5 and not word.endswith("ment"):
        return ADJ_UNK
    if len(word) > 6 and word.endswith("ly") and any("ADJ" in classes(stem) for stem in _adverb_stems(word)):
        return ADV  # an adverb the lexicon lacks, made from an adjective: "adaptively"
    return UNK


def _adverb_stems(word: str) -> tuple[str, ...]:
    """The adjectives an "-ly" word may be made from: "adaptively" adaptive, "noisily" noisy,
    "provably" provable."""
    stem = word[:-2]
    return (stem, stem[:-1] + "y") if stem.endswith("i") else (stem, word[:-1] + "e") if stem.endswith("b") else (stem,)


@functools.lru_cache(maxsize=1 << 18)
def zipf(word: str) -> float:
    """How common a word is in general English, on the Zipf scale (7 = "the", 0 = unseen).

    A plain lower-case word is looked up in wordfreq's table directly (what zipf_frequency does
    after tokenizing, without the tokenizing); anything else goes through zipf_frequency.

    >>> zipf("models"), zipf("grokking"), zipf("in-context") == zipf_frequency("in-context", "en")
    (4.74, 0.0, True)
    """
    if PLAIN_WORD_RE.fullmatch(word):
        freq = _frequencies().get(word, 0.0)
        return round(math.log10(freq) + 9, 2) if freq else 0.0
    return zipf_frequency(word, "en")


@functools.cache
def _frequencies() -> dict[str, float]:
    return get_frequency_dict("en")


@functools.lru_cache(maxsize=1 << 18)
def noun_lemmas(word: str) -> tuple[str, ...]:
    """The singular forms the lexicon gives a noun ("criteria" -> "criterion"), or ()."""
    return tuple(_lemmas(word).get("NOUN", ()))


@functools.lru_cache(maxsize=1 << 18)
def verb_lemmas(word: str) -> tuple[str, ...]:
    """The base forms the lexicon gives a verb form ("tracks" -> "track"), or ()."""
    return tuple(_lemmas(word).get("VERB", ()))


@functools.lru_cache(maxsize=1 << 18)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of a word by class, looked up once per word (the look-up copies).

    A word in neither of its tables (most of a corpus's distinct words: names, terms of art) has
    none: getAllLemmas would answer {} after deep-copying two empty look-ups, asked here first.
    """
    lower = word.lower()  # what getAllLemmas looks up
    lemmas, overrides = _lemma_tables()
    if lower not in lemmas and lower not in overrides:
        return {}
    return getAllLemmas(word)


@functools.cache
def _lemma_tables() -> tuple[dict, dict]:
    """lemminflect's lexicon and its overrides, as its getAllLemmas reads them (loaded once)."""
    lemmatizer = Lemmatizer()
    return lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()


def is_adverb_only(word: str) -> bool:
    return classes(word) == ADV


def is_function(word: str) -> bool:
    return "FUNC" in classes(word)


def is_verb_only(word: str) -> bool:
    """A verb form the lexicon knows in no other class ("applying", "harry", "propose")."""
    return classes(word) == VERB_ONLY


def is_nounish(word: str) -> bool:
    """Can head a noun phrase: a noun, a name, or a term of art the lexicon does not know."""
    c = classes(word)
    return "NOUN" in c or c in (UNK, NAME)


def is_adjective(word: str) -> bool:
    return "ADJ" in classes(word)


@functools.lru_cache(maxsize=1 << 18)
def american(word: str) -> str:
    """One spelling per word: British forms become American where that form is common English.

    >>> [american(w) for w in ("judgement", "tokenisation", "behaviour", "modelling", "noise", "four")]
    ['judgment', 'tokenization', 'behavior', 'modeling', 'noise', 'four']
    """
    if not word.endswith(BRITISH_ENDINGS) and not ("\n" in word and BRITISH_RE.search(word)):
        return word  # (BRITISH_RE's $ also matches before a last line break: words have none)
    for pattern, repl in SPELLING_RULES:
        variant = pattern.sub(repl, word)
        if variant != word and zipf(variant) >= MIN_VARIANT_ZIPF and zipf(variant) > zipf(word):
            return variant
    return word
