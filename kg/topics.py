"""Topics from titles and abstracts: noun phrases a researcher would name, shared by several papers.

Offline and deterministic, no model download. Candidates are noun phrases of up to four words:
runs of words that no punctuation, function word, adverb or finite verb interrupts (word classes
from lemminflect's lexicon, see kg.topic_lexicon), with a noun, term of art or acronym at the head,
and no verb with its object ("to track entities"); established multi-word terms are kept whole
("path patching", "question decomposition"), and so is a defined acronym's long form ("dynamic
adversarial data collection (DADC)") and a hyphenated compound of nouns ("text-classification").
One-word topics must be rare in general English (wordfreq), not generic academic words, and no
agent noun ("planner"); a gerund alone ("unlearning") only where the corpus uses it as a noun.
Generic words make a term only as a compound of nouns ("transfer learning", "human evaluation"), and a
title's one-word label ("Dynabench: ...", `title_names`) names the paper's own artifact, no topic.
A phrase is a topic when at least MIN_PAPERS papers use it and at most MAX_SHARE of the corpus
does (beyond that it is background), and stands alone in some paper (`_fragments`: "masked language"
always precedes "model" or "modeling", a modifier; "answering model" always follows "question", a
cut); a paper takes the phrases it is most likely about (`_salience`: in its title, its abstract's
first sentence, repeated; long, rare, in few papers, nested with the paper's other phrases, named
in another paper's title), as many as it is confident of; a paper none of whose phrases is likely
enough takes its best shared one, unless that too is unlikely (COVER_MIN_CONFIDENCE). Phrases are
one topic up to case, hyphenation, plural head, British spelling, "-ized" forms ("contextual"/
"contextualized representations") and a head's "-ing"/"-er" forms ("masked language modeling"/
"model"); citations ("Kim and Linzen (2020)") name no candidate; an acronym the text defines
("in-context learning (ICL)") counts as its expansion, also inside phrases, and becomes an alternative label.

Three steps, so a corpus can be counted in parts: per-paper candidates (`_candidate_keys`), corpus
counts (papers per phrase, papers naming it in their titles), then each paper's selection.
Topics roll up to broader ones by shared heads (`hierarchy`), and are counted per year (`topic_years`).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import (
    Counter,
    _count_elements,  # type: ignore[attr-defined]  # Counter's own counting loop (C)
    defaultdict,
)
from dataclasses import dataclass

import pandas as pd

from kg import topic_lexicon as lex
from kg.libraries import keeping_random_state
from kg.schema import Resolution, Topics, frame, mint, mint_column, only
from kg.ties import shared, through

with keeping_random_state():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MIN_PAPERS = 2
MAX_SHARE = 0.12  # a phrase in more than this share of papers is background, not a topic
MAX_PER_PAPER = 4
MAX_WORDS = 4
# A paper's topics are the phrases it is most likely about (_salience): a logistic score whose
# weights were fitted (sklearn LogisticRegression, C=1, rounded) on the tuning two thirds of the
# blind gold in tests/data/topics_gold.json and checked on its held-out third (tests/test_topics.py
# _held_out). Where a paper uses a phrase counts most (its title, its abstract's first sentence,
# repeated); then how specific the phrase is: long, of rare words, in few papers (IDF) and no head
# of many topic phrases; whether it nests with the paper's other phrases (C-value), whether a paper
# coined an acronym for it, and whether other papers name it in their titles. Fitted on every
# shared phrase of the tuning papers, labelled by whether it matches one of the paper's gold topics;
# a refit after the "-ing"/"-er" merge and the cut phrases scored no better there, so these stay.
SALIENCE = {
    "base": -1.5,
    "title": 1.27,
    "mentions": 1.08,  # per log(1 + mentions in the abstract)
    "first_sentence": 0.63,
    "words": 0.67,  # per word, up to three
    "named_elsewhere": 0.44,  # another paper's title holds the phrase: a name researchers use
    "named": 0.64,  # per log(1 + papers naming it in their titles)
    "rarest_word_zipf": -0.1,  # per Zipf unit of the phrase's rarest word
    "mean_zipf": -0.3,  # per Zipf unit of its words' mean
    "passing": -0.16,  # mentioned once, and not in the title
    "title_only": 1.77,  # a paper known by its title alone: every phrase it has is in the title
    "log_df": -0.37,  # per log(papers using it): inverse document frequency (Sparck Jones 1972)
    "heads": -0.67,  # per log(1 + topic phrases it is the head of): a broad word
    "inside_longer": 1.38,  # the paper also uses it inside a longer phrase (C-value's nesting)
    "holds_shorter": 0.53,  # it holds a shorter phrase the paper uses
    "coined": 0.67,  # a paper defined an acronym for it
}
# The terms of a phrase in one paper, and those of the phrase alone (the same in every paper).
PAPER_TERMS = (
    "base", "title", "mentions", "first_sentence", "named_elsewhere", "passing", "title_only", "inside_longer",
    "holds_shorter",
)  # fmt: skip
KEY_TERMS = ("words", "named", "rarest_word_zipf", "mean_zipf", "log_df", "heads", "coined")
PAPER_WEIGHTS = tuple(SALIENCE[t] for t in PAPER_TERMS)
KEY_WEIGHTS = tuple(SALIENCE[t] for t in KEY_TERMS)
# A paper's first topic must be this likely, and each further one more likely still: a paper takes
# as many topics (up to MAX_PER_PAPER) as it is sure of. Chosen with the weights, on the tuning split,
# for the best sum of precision and reachable recall.
MIN_CONFIDENCE = 0.4
CONFIDENCE_STEP = 0.05
# A paper none of whose phrases is likely enough still takes its best shared one (_cover), with
# another paper that uses it, but neither takes a phrase it is less than this likely about (one
# passing mention of common words): no topic is better than a wrong one.
COVER_MIN_CONFIDENCE = 0.2
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Where SENTENCE_END_RE first splits, found from the punctuation (a faster search than from the space
# after it): the first sentence ends after the match's first character, the rest begins at its end.
SENTENCE_END_AT_RE = re.compile(r"[.!?]\s+(?=[A-Z])")

STOP = frozenset(ENGLISH_STOP_WORDS) | {
    "via",
    "using",
    "based",
    "towards",
    "toward",
    "vs",
    "versus",
    "et",
    "al",
    "ie",
    "eg",
}
# Words of academic prose that say nothing about a subject: a phrase made only of these,
# or starting or ending with one, is no topic ("experimental results", "novel approach").
GENERIC = frozenset(
    """
    ability able absence accuracy achieve achieves achieved across addition additional address advance advances
    advantage aim allow allows alternative analysis analyze analyses apply applied approach approaches area areas
    art aspect aspects assess available average baseline baselines based behavior behaviors benchmark benchmarks
    better broad capability capabilities case cases challenge challenges challenging characteristic claim class
    classes common compare compared comparison complex comprehensive consider consistent consistently context
    contexts contribution contributions core critical current data dataset datasets demonstrate demonstrates design
    designed detailed develop developed development different difficult diverse domain domains due effect effective
    effectively effects efficient empirical empirically enable enables end evaluate evaluated evaluation evaluations
    evidence example examples existing experiment experimental experiments explore extensive extent fact factor
    factors far field findings focus form framework frameworks function general generally given goal good great help
    high higher highly human humans hypothesis idea impact important improve improved improvement improvements
    improves including increase increasing information insight insights instance issue issues key knowledge lack
    large larger latest leading learn learned level levels limited limitation limitations line little low lower main
    major make making manner mechanism mechanisms method methods metric metrics model models modern multiple natural
    nature need new non novel number numbers observe observed open order original outcome outcomes output outputs
    overall paper papers paradigm particular particularly performance performances performing perspective point
    possible potential power practical present presents previous prior problem problems process processes produce
    promising propose proposed provide provides quality question questions range rate rates real recent recently
    related relative remain remains research researchers result results role scale scales science second self set
    sets setting settings several show shows significant significantly similar simple single small solution
    solutions specific standard state strategies strategy strong structure study studies substantial success
    successful suggest superior support systematic systematically task tasks technique techniques term terms test
    tests theory time times tool tools training trained type types understand understanding use used useful uses
    using value values variety various version way ways wide widely work works world introduce introduces identify
    perform performs reveal reveals investigate exhibit explain generate generating generated lead leads finally
    furthermore like rethinking benchmarking learning modeling features feature directions direction image
    images instructions detection input inputs prediction predictions representation representations text system
    systems network networks english decision decisions condition conditions instance instances interpretation
    probability probabilities variance agreement rating ratings accuracy operation operations procedure procedures
    majority aggregation sequence sequences difference differences function functions interaction interactions
    document documents user users speaker speakers layer layers matter error errors inference transfer surprising
    going forward ones parts part light sheds measure measures presence mention mentions influence showing notion
    notions consequence consequences learner learners collection collections best argument arguments widespread
    complementary theoretical smaller reliable undesirable adoption modest gain gains page pages benefit benefits
    aim aims need needs gap gaps drop drops family families component components response responses modality
    modalities assumption assumptions importance consideration considerations description descriptions similarity
    similarities complexity abstraction dependency dependencies illusion intuitive conditional symmetric plausible
    stage stages scenario scenarios application applications practice practices
    subset subsets interplay motivation motivations correctness formulation formulations detector detectors
    space spaces capacity capacities substitute substitutes
    """.split()
)
# Words that only say "a model": a phrase made of these and generic words is background
# ("open-source LLMs", "ML models", "state-of-the-art models"; "transformers", the architecture
# of nearly every model such a corpus discusses).
MODEL_WORDS = frozenset(
    """
    llm llms lm lms model models transformer transformers ml ai language languages neural deep pretrained pre
    trained large foundation
    frontier open source real world target machine learning based only decoder encoder backbone nlp
    state-of-the-art sota
    """.split()
)
# Words that may end a phrase though they say nothing alone: "diffusion models", "neural networks".
TAIL_OK = frozenset(
    """
    model models network networks system systems representation representations learning training modeling
    detection prediction predictions evaluation evaluations analysis understanding inference transfer space
    structure mechanism mechanisms knowledge dataset datasets benchmark benchmarks generation features feature
    data task tasks question questions example examples
    """.split()
)
# Names of whole fields: true of most of a corpus like ours, so never a topic however rare.
BACKGROUND = frozenset(
    phrase.strip()
    for phrase in """
    artificial intelligence|machine learning|deep learning|natural language processing|neural network|
    deep neural network|language model|large language model|state of the art|open source|real world|
    computer vision|language processing|nlp|ai|ml|llm|lm|end to end
    """.split("|")
)
# Generic words that still make a compound specific when they modify a noun.
GENERIC_NOUN_MODIFIERS = frozenset(
    """question questions data human text image document user speaker sequence reasoning function error layer
    feature representation knowledge structure task context language instruction decision sentence""".split()
)
# Phrases that open a description, not a subject: "state-of-the-art models", "end-to-end training".
GENERIC_PREFIXES = ("state of the art ", "end to end ", "real world ", "open source ", "black box ", "key ")
# Compounds of generic words that are one modifier: "natural language inference" is a subject.
FIXED_MODIFIERS = ("natural language ",)
# A one-word topic must be rarer than this in general English (wordfreq's Zipf scale):
# "transformer" (3.4) and "memorization" (2.6) name subjects, "assumption" (4.0) and
# "importance" (4.5) are everyday words.
SINGLE_MAX_ZIPF = 3.6
# A head word that is also an adjective and this common describes, it does not name ("fall short").
ADJECTIVE_HEAD_ZIPF = 4.0
NOUN_ENDINGS = ("ity", "tion", "sion", "ment", "ness", "ism", "ogy", "ics", "ance", "ence", "sis")
NOMINALIZATIONS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence")  # nouns made from verbs and adjectives
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|io|net)\S*")
WORD_RE = re.compile(r"[^\W_][\w]*(?:[-'’][\w]+)*")
URL_TLD_RE = re.compile(r"\.(?:com|org|io|net)")
MATH_RE = re.compile(r"\$[^$]*\$")
SPLIT_RE = re.compile(r"[-'’]")
DIGIT_RE = re.compile(r"\d")
# A citation names authors, not a subject: "Kim and Linzen (2020)", "(Devlin et al., 2019)".
CITATION_RE = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:and|&)\s+[A-Z][\w'’-]*)?(?:\s+et\s+al\b\.?)?(?:,\s*|\s*\(\s*)(?:19|20)\d\d[a-z]?\b"
    r"|\b[A-Z][\w'’-]*\s+et\s+al\b\.?"
)
POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b")  # "the model's answer": a phrase ends at the possessive
# Where a phrase cannot run on: sentence and clause punctuation, brackets, quotes.
# (A dash between spaces is tried first, and its spaces factored out: the same splits as the
# alternatives in any order, since no break both starts with a space and is punctuation; faster.)
BREAK_RE = re.compile(r"\s(?:-{1,2}|–|—)\s|[.,;:!?()\[\]{}\"“”‘’/|<>=+*&%#@~^`]")
ACRONYM_DEF_RE = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{1,9})\)")
SINGULAR_EXCEPTIONS = {
    "bayes": "bayes",
    "caches": "cache",
    "niches": "niche",
    "axes": "axis",
    "indices": "index",
    "matrices": "matrix",
}
KEEP_S = ("ss", "us", "is", "ics", "ous", "ness", "sis", "xis", "ias")


@functools.lru_cache(maxsize=1 << 18)
def singular(word: str) -> str:
    """A plural head word made singular, by the plain English rules.

    >>> [singular(w) for w in ("models", "studies", "analysis", "semantics", "caches", "class", "biases", "criteria")]
    ['model', 'study', 'analysis', 'semantics', 'cache', 'class', 'bias', 'criterion']
    """
    if word in SINGULAR_EXCEPTIONS:
        return SINGULAR_EXCEPTIONS[word]
    if len(word) <= 3:
        return word
    lemmas = lex.noun_lemmas(word)
    if lemmas:  # the lexicon knows irregular plurals ("criteria", "biases")
        return lemmas[0]
    if not word.endswith("s") or word.endswith(KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


def phrase_key(words: list[str]) -> str:
    """One key per topic: lower case, hyphens as spaces, the last word singular.

    >>> phrase_key(["In-Context", "Learning"]) == phrase_key(["in", "context", "learning"])
    True
    >>> phrase_key(["human", "judgements"])
    'human judgment'
    """
    parts = [p for w in words for p in _word_parts(w)]
    if not parts:
        return ""
    if not (words[-1].isupper() and len(words[-1]) > 1):  # "COGS" is a name, "LLMs" a plural
        parts[-1] = singular(parts[-1])
    return " ".join(parts)


@functools.lru_cache(maxsize=1 << 18)
def _word_parts(word: str) -> tuple[str, ...]:
    """A printed word as key parts: NFKC, case-folded, split at hyphens and apostrophes, American."""
    folded = unicodedata.normalize("NFKC", word).casefold()
    if "-" in folded or "'" in folded or "’" in folded:  # what SPLIT_RE splits at
        return tuple(lex.american(p) for p in SPLIT_RE.split(folded) if p)
    return (lex.american(folded),) if folded else ()


def define_acronyms(text: str) -> dict[str, list[str]]:
    """Acronyms a text defines, as `long form (SF)`, mapped to the long form's words.

    Matching follows Schwartz & Hearst (2003): the short form's letters are found from
    right to left in the words before the bracket, the first letter at a word's start.

    >>> define_acronyms("prompting with in-context learning (ICL) examples")
    {'ICL': ['in-context', 'learning']}
    """
    found = {}
    for m in ACRONYM_DEF_RE.finditer(text):
        short = m.group(1)
        letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
        if sum(c.isupper() for c in letters) < 2 or not letters[0].isalpha():
            continue
        before = text[: m.start()].rstrip()
        words = WORD_RE.findall(BREAK_RE.split(before)[-1])[-(len(letters) + 3) :]
        long_words = _long_form(letters, words)
        if long_words and _nameable(long_words):
            found.setdefault(letters, long_words)
    return found


def _long_form(letters: str, words: list[str]) -> list[str] | None:
    text = " ".join(words)
    s, i = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    long_words = text[start:].split(" ")
    return long_words if len(long_words) <= min(len(letters) + 3, 2 * len(letters)) else None


def candidates(text: str) -> list[list[str]]:
    """Noun phrases of one to MAX_WORDS words: runs that cross no punctuation, function word,
    adverb or finite verb, read at every start and end that _acceptable allows."""
    return [form.split(" ") for _, form in _candidate_keys(text)]


def _nameable(words: list[str]) -> bool:
    """Whether a defined acronym's long form names a term: an author who coins an acronym marks an
    established term, even of common words ("dynamic adversarial data collection (DADC)",
    "out-of-distribution (OOD)"). It must still end in a noun and hold no bare function word,
    and not be only a field's or a model's name ("large language model (LLM)")."""
    if _acceptable(words):
        return True
    lowered = [w.casefold() for w in words]
    if any(w in STOP or lex.is_function(w) for w in lowered if "-" not in w):
        return False
    key = phrase_key(words)
    parts = key.split(" ")
    if key in BACKGROUND or all(w in MODEL_WORDS for w in parts) or DIGIT_RE.search(key):
        return False
    head = _last_part(words[-1])
    return head.isalpha() and head not in STOP and (lex.is_nounish(head) or head.endswith("ing"))


def _candidate_keys(text: str, terms: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(key, phrase as printed) of each candidate in the text, in order; a phrase the rules refuse
    is still a candidate when its key is one of `terms` (a defined acronym's long form)."""
    out = []
    # The substitutions only where they can apply: most abstracts hold no URL, formula or possessive.
    if "http" in text or "www" in text or ("." in text and URL_TLD_RE.search(text)):
        text = URL_RE.sub(" ", text)
    if "$" in text:
        text = MATH_RE.sub(" ", text)
    if "'" in text or "’" in text:
        text = POSSESSIVE_RE.sub(" ,", text)
    if "et al" in text or "19" in text or "20" in text:
        text = CITATION_RE.sub(" , ", text)
    for segment in BREAK_RE.split(text):
        out.extend(_segment_candidates(segment, terms))
    return out


@functools.lru_cache(maxsize=1 << 16)
def _sentence_candidates(text: str, terms: frozenset[str]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """`_candidate_keys` of a part of an abstract, and their keys, memoized (stock sentences recur:
    "We release code and data for ...")."""
    pairs = tuple(_candidate_keys(text, terms))
    return pairs, tuple(map(operator.itemgetter(0), pairs))


_NO_CANDIDATES: tuple[tuple, tuple] = ((), ())


@functools.lru_cache(maxsize=1 << 17)
def _segment_candidates(segment: str, terms: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The candidates of a text between two breaks, memoized: sentences recur across a corpus
    ("We release code and data for ..."), so most segments are read once."""
    words = WORD_RE.findall(segment)
    if len(words) < 2:
        # No word, or one: a title's label ("Dynabench:"), often a corpus's only use of the word.
        return () if not words or _breaks(words[0]) else _word_candidates(words[0], terms)
    out: list[tuple[str, str]] = []
    # Runs lie between the words that break them, found without a Python step per word.
    start = 0
    before = ""  # the word that stopped the previous run
    for stop in itertools.compress(itertools.count(), map(_breaks, words)):
        # "to track entities", "while mitigating biases": a verb and its object, no noun phrase
        # (but "to question answering" is one: an "-ing" head makes a compound).
        if stop > start:
            out.extend(_run_candidates(tuple(words[start:stop]), _verb_opens(before, words[start]), terms))
        before = words[stop].casefold()
        start = stop + 1
    if start < len(words):
        out.extend(_run_candidates(tuple(words[start:]), _verb_opens(before, words[start]), terms))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 20)
def _run_candidates(run: tuple[str, ...], verb_led: int, terms: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The candidates of one run of words, memoized: the same runs recur across a corpus."""
    out = []
    for n in range(1, min(MAX_WORDS, len(run)) + 1):
        for i in range(len(run) - n + 1):
            phrase = run[i : i + n]
            # After "to" an "-ing" head makes a compound ("to question answering"); after "we" it is the object.
            if i == 0 and verb_led and (verb_led == AFTER_SUBJECT or not (n > 1 and phrase[-1].endswith("ing"))):
                continue
            key = _phrase_key_if_topic(phrase)
            if not key and terms:
                key = _phrase_key(phrase)
                key = key if key in terms else ""
            if key:
                out.append((key, " ".join(phrase)))
    return tuple(out)


def _word_candidates(word: str, terms: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """`_run_candidates((word,), False, terms)`: a run of one word after no verb opener, without that
    memo (its phrase's is enough)."""
    key = _phrase_key_if_topic((word,))
    if not key and terms:
        key = _phrase_key((word,))
        key = key if key in terms else ""
    return ((key, word),) if key else ()


# Words after which a base form is a verb: subject pronouns and modals.
SUBJECTS_AND_MODALS = frozenset("we they i you can cannot could may might must shall should will would".split())
# Words after which an "-ing" word is a verb taking an object ("by mitigating biases").
GERUND_CLAUSE = frozenset("while by when without through after before thereby".split())
VERB_OPENERS = SUBJECTS_AND_MODALS | {"to"} | GERUND_CLAUSE


AFTER_SUBJECT = 2  # what _verb_opens answers for a verb after a subject pronoun or a modal


@functools.lru_cache(maxsize=1 << 18)
def _verb_opens(before: str, word: str) -> int:
    """Whether `word`, printed after `before`, is a verb (AFTER_SUBJECT after a subject or modal,
    else 1): a base form after "to", or an "-ing" form after a word that opens a clause with one."""
    if before not in VERB_OPENERS or "-" in word or _is_acronym(word):
        return False  # (no verb after most words: asked first, as most runs follow none of these)
    lowered = word.casefold()
    if before in SUBJECTS_AND_MODALS:
        # After a subject pronoun or a modal comes the verb: "we probe whether", "models can exploit".
        verb = not lowered.endswith("ing") and "VERB" in lex.classes(lowered) and not lex.is_adjective(lowered)
        return AFTER_SUBJECT if verb else False
    if before == "to":
        # An adjective after "to" modifies: "extrapolating to negative examples".
        return not lowered.endswith("ing") and lowered in lex.verb_lemmas(lowered) and not lex.is_adjective(lowered)
    return before in GERUND_CLAUSE and lowered.endswith("ing") and "VERB" in lex.classes(lowered)


@functools.lru_cache(maxsize=1 << 18)
def _breaks(word: str) -> bool:
    """Words a noun phrase cannot run through: stopwords, numbers, function words, adverbs,
    and verb forms other than participles ("applying" may modify: "steering vectors")."""
    lowered = word.casefold()
    if lowered in STOP or word.isdigit():
        return True
    if "-" in lowered or _is_acronym(word):
        return False
    if lex.is_function(lowered) or lex.is_adverb_only(lowered):
        return True
    return lex.is_verb_only(lowered) and not lowered.endswith(("ing", "ed"))


@functools.lru_cache(maxsize=1 << 18)
def _is_acronym(word: str) -> bool:
    if word[1:].islower():  # no upper-case letter after the first (islower is False for any upper or title case)
        return False
    return sum(ch.isupper() for ch in word) >= 2


@functools.lru_cache(maxsize=1 << 20)
def _phrase_key(words: tuple[str, ...]) -> str:
    return phrase_key(list(words))


@functools.lru_cache(maxsize=1 << 20)
def _phrase_key_if_topic(words: tuple[str, ...]) -> str:
    """The key of an acceptable phrase, or "" — memoized: phrases recur across a corpus."""
    key = _accepted_key(list(words))
    return "" if key is None else key


def _last_part(word: str) -> str:
    return _last_part_printed(word).casefold()


@functools.lru_cache(maxsize=1 << 18)
def _last_part_printed(word: str) -> str:
    return SPLIT_RE.split(word)[-1]


def _acceptable(words: list[str]) -> bool:
    """A noun phrase that may name a subject: a noun (or unknown term, or acronym) at its head,
    no generic describing word first, not made only of generic or "a model" words."""
    return _accepted_key(words) is not None


def _accepted_key(words: list[str]) -> str | None:
    """The key of a phrase `_acceptable` takes (phrase_key, made once), or None."""
    lowered = [w.casefold() for w in words]
    if lowered[0] in STOP or lowered[-1] in STOP:
        return None
    key = phrase_key(words)
    parts = key.split(" ")
    # A stopword inside a hyphenated word makes a coined term ("in-context learning"); otherwise a
    # phrase of generic and "a model" words is background ("human-AI", "open-source LLMs").
    if key in BACKGROUND or (all(w in MODEL_WORDS or w in GENERIC for w in parts) and not _noun_compound(parts)):
        return None
    if DIGIT_RE.search(key) or key.startswith(GENERIC_PREFIXES):  # "GPT-4 Turbo", "7B"
        return None
    head, first = words[-1], words[0]
    for word, after in itertools.pairwise(lowered):
        # A plural before a verb form is a clause, not a compound: "models handle", "findings highlight".
        if singular(word) != word and not word.endswith(KEEP_S) and "VERB" in lex.classes(after):
            return None
    if not _is_acronym(_last_part_printed(head)):
        part = _last_part(head)
        if part in STOP or not part.isalpha():
            return None
        if not (lex.is_nounish(part) or (part.endswith("ing") and not lex.is_function(part))):
            return None
        if (
            lex.is_adjective(singular(part))
            and lex.zipf(part) >= ADJECTIVE_HEAD_ZIPF
            and (len(words) == 1 or "VERB" in lex.classes(lowered[-2]))
        ):
            return None  # a verb and a describing word: "fall short"
    if len(words) == 1:
        return key if _single_word_topic(head) else None
    if lowered[0] in GENERIC and not _noun_modifier(lowered[0]) and not key.startswith(FIXED_MODIFIERS):
        return None  # "novel explanation", "multiple attention"; but "question decomposition"
    if "-" not in first and not _is_acronym(first) and lowered[0].endswith("ed") and lex.is_verb_only(lowered[0]):
        return None  # "proposed method", "collected data"
    return None if parts[-1] in GENERIC and parts[-1] not in TAIL_OK else key


def _noun_modifier(word: str) -> bool:
    """A generic word that, before a noun, makes a compound rather than describes: a noun no
    adjective ("transfer learning", "source attribution", "state change"), or one of the generic nouns
    that modify ("human evaluation"); not an adjective ("novel approach", "multiple tasks"), nor a
    verb's "-ing" or "-ed" form, which takes the phrase after it as its object ("understanding
    federated learning", "learning private watermarking")."""
    if word in GENERIC_NOUN_MODIFIERS:
        return lex.is_nounish(word)
    return "NOUN" in lex.classes(word) and not lex.is_adjective(word) and not word.endswith(("ed", "ing"))


def _noun_compound(parts: list[str]) -> bool:
    """A compound of generic nouns is a term when every modifier is a noun that makes compounds
    and no modifier only says "a model": "transfer learning", "representation learning", "human evaluation", but
    not "model performance", "human-AI" or "novel approach"."""
    modifiers, head = parts[:-1], parts[-1]
    if not modifiers or (head in MODEL_WORDS and head not in TAIL_OK):
        return False
    return all(w not in MODEL_WORDS and _noun_modifier(w) for w in modifiers)


def _single_word_topic(word: str) -> bool:
    """One word names a subject when it is a rare noun or term of art, not a generic word."""
    lowered = word.casefold()
    if _is_acronym(word):
        return len(word) >= 3 and lowered not in MODEL_WORDS and lowered not in GENERIC
    parts = SPLIT_RE.split(word)
    if len(parts) > 1 and all(p.isalpha() for p in parts):
        # A compound of English nouns is the phrase its parts make: "text-classification datasets" holds
        # "text classification". One that opens or ends with a describing word ("long-tail", "black-box",
        # "fine-tuning", "neuro-symbolic"), a bare letter ("n-gram"), a Latin tag ("post-hoc") or holds
        # a function word ("plug-and-play") is printed to modify the noun after it.
        # But a noun made from a verb or adjective names a thing even after one ("cross-attention",
        # "self-supervision"): no modifier ends so ("long-tail", "black-box", "zero-shot").
        lowered_parts = [p.casefold() for p in parts]
        nominal = lowered_parts[-1].endswith(NOMINALIZATIONS) and lex.is_nounish(lowered_parts[-1])
        known = all(len(p) > 2 and p not in STOP and "UNK" not in lex.classes(p) for p in lowered_parts[:-1])
        known = known and (nominal or "UNK" not in lex.classes(lowered_parts[-1]))
        describing = lex.is_adjective(lowered_parts[-1]) or (lex.is_adjective(lowered_parts[0]) and not nominal)
        return known and not describing and _acceptable(parts)
    base = singular(lowered)
    if len(base) < 4 or not base.isalpha() or lowered in GENERIC or base in GENERIC or lowered in MODEL_WORDS:
        return False
    # A gerund may name an activity ("probing", "unlearning", "debugging"): whether this corpus uses it
    # as a noun (it heads compounds: "machine unlearning") is judged with the corpus, by _Gerunds.
    gerund = lowered.endswith("ing") and "VERB" in lex.classes(lowered)
    if lowered.endswith("ed") or not (gerund or lex.is_nounish(base)) or lex.zipf(lowered) >= SINGLE_MAX_ZIPF:
        return False
    if base != lowered and "VERB" in lex.classes(lowered):
        return False  # a verb's third person as often as a plural: "boosts", "entails"
    if _agent_noun(base):
        return False  # who or what does a thing ("planner", "annotator"), not what is studied ("planning")
    # An adjective is no subject ("multilingual", "symmetric"), unless a noun ending makes it one.
    return not lex.is_adjective(base) or base.endswith(NOUN_ENDINGS)


def _agent_noun(word: str) -> bool:
    """Whether a noun names the doer of a verb more common than itself: "planner" (plan), "reasoner"
    (reason), "annotator" (annotate), "encoder" (encode).

    >>> [_agent_noun(w) for w in ("planner", "annotator", "encoder", "matter", "number", "backdoor")]
    [True, True, True, False, False, False]
    """
    if word.endswith("er"):
        stem = word[:-2]
        stems = (stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem, stem + "e")
    elif word.endswith("or"):
        stems = (word[:-2] + "e", word[:-2])
    else:
        return False
    return any(len(s) > 2 and "VERB" in lex.classes(s) and lex.zipf(s) > lex.zipf(word) for s in stems)


@dataclass(frozen=True)
class _Corpus:
    """What the corpus says of a phrase, for `_salience`: in how many papers it occurs (df) and how
    many name it in their titles, how many topic phrases it is the head of ("generalization" ends
    "compositional generalization", "length generalization": a broad word), and whether a paper
    coined an acronym for it ("dynamic adversarial data collection (DADC)")."""

    df: Counter[str]
    named: Counter[str]
    heads: Counter[str]
    coined: frozenset[str]
    priors: dict[str, float]  # per key, the weighted sum of its KEY_TERMS, filled as asked

    @classmethod
    def of(cls, df: Counter[str], named: Counter[str], vocabulary: set[str], acronyms: dict[str, str]) -> _Corpus:
        heads: Counter[str] = Counter()
        for key in vocabulary:
            words = key.split(" ")
            heads.update(" ".join(words[i:]) for i in range(1, len(words)))
        return cls(df, named, heads, frozenset(acronyms.values()), {})

    def prior(self, key: str) -> float:
        """The part of the phrase's logit that is the same in every paper."""
        value = self.priors.get(key)
        if value is None:
            value = self.priors[key] = sum(map(operator.mul, KEY_WEIGHTS, _key_terms(key, self)))
        return value


@functools.lru_cache(maxsize=1 << 18)
def _inner_phrases(key: str) -> frozenset[str]:
    """The shorter phrases inside a phrase, as whole words: "kv cache" and "cache eviction" in "kv cache eviction"."""
    words = key.split(" ")
    return frozenset(" ".join(words[i : i + n]) for n in range(1, len(words)) for i in range(len(words) - n + 1))


def _paper_scores(
    counts: Counter[str],
    titled: Counter[str],
    opening: Counter[str],
    has_abstract: bool,
    shared: set[str],
    corpus: _Corpus,
) -> dict[str, float]:
    """How likely a paper is about each of its shared phrases (`_salience`). Nested phrases are
    told apart as C-value does (Frantzi, Ananiadou & Mima 2000, "Automatic recognition of
    multi-word terms"): a phrase the paper also uses inside a longer one ("steering" within
    "steering vector") and a phrase holding a shorter one the paper uses are both marks of a term
    the paper builds on."""
    keys = [k for k in counts if k in shared]
    inside: set[str] = set()
    holds: set[str] = set()
    if len(keys) > 1:  # a phrase nests only with another one (its inner phrases are shorter)
        present = set(keys)
        for key in keys:
            if " " in key:
                found = _inner_phrases(key) & present
                if found:
                    holds.add(key)
                    inside |= found
    # `_salience` of each key, its terms written out here (one Python call per paper, not per key): the
    # same terms, in the same order, summed by the same `sum`, so the same floats.
    scores = {}
    in_titles, in_firsts, named, priors = titled.get, opening.get, corpus.named.get, corpus.priors.get
    without_abstract = not has_abstract
    exp, log1p, mul = math.exp, math.log1p, operator.mul
    for k in keys:
        mentions, in_title = counts[k], in_titles(k, 0)
        prior = priors(k)
        if prior is None:
            prior = corpus.prior(k)
        terms = (
            1.0,
            in_title > 0,
            log1p(mentions - in_title),
            in_firsts(k, 0) > 0,
            named(k, 0) > (in_title > 0),
            mentions == 1 and not in_title,
            without_abstract,
            k in inside,
            k in holds,
        )
        scores[k] = 1 / (1 + exp(-prior - sum(map(mul, PAPER_WEIGHTS, terms))))
    return scores


def _salience(
    key: str,
    mentions: int,
    in_title: int,
    in_first: int,
    has_abstract: bool,
    corpus: _Corpus,
    inside: bool = False,
    holds: bool = False,
) -> float:
    """How likely a paper is about a phrase it uses, in (0, 1): a logistic score of where and how
    often the paper uses it, how long, rare and specific it is, whether it nests with the paper's
    other phrases, and whether other papers name it in their titles."""
    terms = _paper_terms(key, mentions, in_title, in_first, has_abstract, corpus, inside, holds)
    return 1 / (1 + math.exp(-corpus.prior(key) - sum(map(operator.mul, PAPER_WEIGHTS, terms))))


def _key_terms(key: str, corpus: _Corpus) -> tuple[float, ...]:
    """The terms of KEY_TERMS: the phrase's own, the same in every paper."""
    words = key.split(" ")
    zipfs = [lex.zipf(w) for w in words]
    return (
        min(len(words), 3),
        math.log1p(corpus.named[key]),
        min(zipfs),
        sum(zipfs) / len(zipfs),
        math.log(max(corpus.df[key], 1)),
        math.log1p(corpus.heads[key]),
        key in corpus.coined,
    )


def _paper_terms(
    key: str,
    mentions: int,
    in_title: int,
    in_first: int,
    has_abstract: bool,
    corpus: _Corpus,
    inside: bool,
    holds: bool,
) -> tuple[float, ...]:
    """The terms of PAPER_TERMS: where and how the paper uses the phrase."""
    return (
        1.0,
        in_title > 0,
        math.log1p(mentions - in_title),
        in_first > 0,
        corpus.named[key] > (in_title > 0),
        mentions == 1 and not in_title,
        not has_abstract,
        inside,
        holds,
    )


def _salience_terms(*args) -> dict[str, float]:
    """Every term `_salience` weighs, by name (what its weights were fitted on): `_paper_terms`'s arguments."""
    key, corpus = args[0], args[5]
    return dict(zip((*PAPER_TERMS, *KEY_TERMS), (*_paper_terms(*args), *_key_terms(key, corpus))))


@dataclass
class Counted:
    """The candidate phrases of all papers counted elsewhere (kg.distributed counts them per
    partition of the papers and sums): the acronym table; each paper's counts, title mentions and
    first-sentence mentions in the papers' order; the printed forms; the document frequencies;
    and in how many papers' titles each key is."""

    acronyms: dict[str, str]
    counts: list[Counter[str]]
    titled: list[Counter[str]]
    opening: list[Counter[str]]
    surface: dict[str, Counter[str]]
    df: Counter[str]
    named: Counter[str]


def texts(papers: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Ids, titles and abstracts ("" where none) of papers with `paper_id`, `title`, `abstract`."""
    ids = _values(papers["paper_id"])
    titles = [str(t) for t in _values(papers["title"])]
    abstracts = [
        "" if a is None or (isinstance(a, float) and math.isnan(a)) else str(a) for a in _values(papers["abstract"])
    ]
    return ids, titles, abstracts


def _values(column: pd.Series) -> list:
    """The column's values as iterating it gives them: read whole (tolist) where they are all
    strings, which is what iterating gives too, without a Python step per value through Arrow."""
    values = column.tolist()
    return values if all(type(v) is str for v in values) else list(column)


def acronym_table(titles: list[str], abstracts: list[str]) -> dict[str, str]:
    """Short form -> key of its long form, the first definition in the papers' order winning."""
    acronyms: dict[str, str] = {}
    for text in (f"{t}. {a}" for t, a in zip(titles, abstracts)):
        for short, long_words in define_acronyms(text).items():
            acronyms.setdefault(short, phrase_key(long_words))
    return acronyms


FORMS_BLOCK = 4096  # papers whose printed forms are counted together (see paper_candidates)


def paper_candidates(
    titles: list[str], abstracts: list[str], acronyms: dict[str, str]
) -> tuple[list[Counter[str]], list[Counter[str]], list[Counter[str]], dict[str, Counter[str]]]:
    """Each paper's candidate counts (title and abstract), title mentions and first-sentence
    mentions, and the printed forms of each key, with the acronyms expanded: what extract counts
    per paper (per partition on a cluster)."""
    terms = frozenset(acronyms.values())
    acronym_re = (
        re.compile(r"\b(" + "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True))) + r")s?\b")
        if acronyms
        else None
    )

    counts: list[Counter[str]] = []  # per paper: mentions in title and abstract together
    titled: list[Counter[str]] = []  # per paper: mentions in the title
    opening: list[Counter[str]] = []  # per paper: mentions in the abstract's first sentence
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    acronym_keys = {phrase_key([short]) for short in acronyms}
    # Printed forms are counted a block of papers at a time, as (key, form) pairs, then added to
    # `surface` in the order they first occur: the same keys, forms, counts and order as counting
    # each occurrence into `surface` as it comes, without a Python step per occurrence.
    forms: Counter[tuple[str, str]] = Counter()
    block: list[tuple[tuple[str, str], ...]] = []  # the block's parts' pairs, in order
    first_key = operator.itemgetter(0)
    # Counts go straight into each Counter (what Counter(keys) does, without its per-call checks).
    count = _count_elements
    for n, (title, abstract) in enumerate(zip(titles, abstracts), start=1):
        # The abstract read as its first sentence and the rest (no phrase crosses a sentence end).
        first, rest = _first_sentence(abstract)
        # An abstract's sentences recur more than titles do: those are read through a memo.
        title_pairs = _candidate_keys(title, terms)
        title_keys = list(map(first_key, title_pairs))
        first_pairs, first_keys = _sentence_candidates(first, terms)
        rest_pairs, rest_keys = _sentence_candidates(rest, terms) if rest is not None else _NO_CANDIDATES
        block += (title_pairs, first_pairs, rest_pairs)
        if acronym_re:
            title_keys.extend(acronyms[hit.group(1)] for hit in acronym_re.finditer(title))
            first_keys = [*first_keys, *(acronyms[hit.group(1)] for hit in acronym_re.finditer(first))]
            if rest is not None:
                rest_keys = [*rest_keys, *(acronyms[hit.group(1)] for hit in acronym_re.finditer(rest))]
        in_title, in_first, in_paper = Counter(), Counter(), Counter()
        count(in_title, title_keys)
        count(in_first, first_keys)
        # In the paper: the title's keys, then the abstract's (its first sentence after the rest).
        count(in_paper, title_keys)
        count(in_paper, rest_keys)
        count(in_paper, first_keys)
        # An acronym on its own is the same topic as its expansion.
        if acronym_keys:
            for table in (in_title, in_paper, in_first):
                for key in acronym_keys & table.keys():
                    del table[key]
        counts.append(in_paper)
        titled.append(in_title)
        opening.append(in_first)
        if n % FORMS_BLOCK == 0:
            count(forms, itertools.chain.from_iterable(block))
            block.clear()
            _add_forms(surface, forms)
    count(forms, itertools.chain.from_iterable(block))
    _add_forms(surface, forms)
    _expand_acronyms(counts, [*titled, *opening], surface, acronyms)
    return counts, titled, opening, surface


def _first_sentence(abstract: str) -> tuple[str, str | None]:
    """The abstract's first sentence and the rest (None if it is one sentence): where
    SENTENCE_END_RE first splits it (`first, *rest = SENTENCE_END_RE.split(abstract, maxsplit=1)`)."""
    end = SENTENCE_END_AT_RE.search(abstract)
    return (abstract[: end.start() + 1], abstract[end.end() :]) if end else (abstract, None)


def _add_forms(surface: dict[str, Counter[str]], forms: Counter[tuple[str, str]]) -> None:
    for (key, form), seen in forms.items():
        surface[key][form] += seen
    forms.clear()


def document_frequencies(counts: list[Counter[str]]) -> Counter[str]:
    """In how many papers each key occurs: a partition's, summed over partitions, is all papers'."""
    return Counter(itertools.chain.from_iterable(counts))  # each paper's keys, in order


def extract(
    papers: pd.DataFrame,
    max_share: float = MAX_SHARE,
    max_per_paper: int = MAX_PER_PAPER,
    counted: Counted | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topics, paper_topics) for papers with `paper_id`, `title`, `abstract`; `counted`: their
    candidates counted already (else counted here)."""
    ids, titles, abstracts = texts(papers)
    if counted is None:
        acronyms = acronym_table(titles, abstracts)
        counts, titled, opening, surface = paper_candidates(titles, abstracts, acronyms)
        _merge_variants(counts, [*titled, *opening], surface)
        df, named = document_frequencies(counts), document_frequencies(titled)
    else:
        c = counted
        acronyms, counts, titled, opening, surface, df, named = (
            c.acronyms, c.counts, c.titled, c.opening, c.surface, c.df, c.named
        )  # fmt: skip
    n = len(ids)
    limit = max(MIN_PAPERS, int(max_share * n))
    vocabulary = {k for k, d in df.items() if MIN_PAPERS <= d <= limit}
    gerunds = _Gerunds.of(titles, abstracts, df)
    vocabulary = {k for k in vocabulary if gerunds.nominal(k)}
    vocabulary = _drop_enclosed(vocabulary, counts)
    # Phrases two papers use, and whose "-ing" words this corpus uses as nouns, are what a paper may take.
    shared_keys = {k for k, d in df.items() if d >= MIN_PAPERS and (k in vocabulary or gerunds.nominal(k))}
    fragments = _fragments(shared_keys, counts, df) | title_names(titles)
    vocabulary -= fragments
    shared_keys -= fragments
    corpus = _Corpus.of(df, named, vocabulary, acronyms)
    scores = [
        _paper_scores(c, t, o, bool(a), shared_keys, corpus) for c, t, o, a in zip(counts, titled, opening, abstracts)
    ]
    chosen = _choose(scores, vocabulary, max_per_paper)
    _cover(chosen, scores, max_per_paper)
    rows = [
        {"paper_id": pid, "key": key, "rank": rank, "score": round(scores[i][key], 6)}
        for i, pid in enumerate(ids)
        for rank, key in enumerate(chosen[i], start=1)
    ]
    paper_topics = pd.DataFrame(rows, columns=["paper_id", "key", "rank", "score"])
    used = paper_topics.groupby("key")["paper_id"].nunique()
    inverse = {v: k for k, v in acronyms.items()}
    rows = []
    for key in sorted(used.index):
        label = _label(key, surface.get(key, Counter()))
        spellings = {_label(key, Counter({form: 1})) for form in surface.get(key, ())} - {label}
        alt = sorted(spellings | ({inverse[key]} if key in inverse else set()))[:6]
        rows.append(
            {"topic_id": mint("topic", key), "key": key, "label": label, "alt_labels": alt, "papers": int(used[key])}
        )
    topics = frame("topics", rows)
    if len(paper_topics):
        # Each topic's id minted once (mint_column mints one per row) and read through a dict.
        minted = {key: mint("topic", key) for key in used.index}
        paper_topics["topic_id"] = paper_topics["key"].map(minted)
    else:  # (mapping no row would give a float column)
        paper_topics["topic_id"] = mint_column("topic", paper_topics["key"])
    return topics, paper_topics[["paper_id", "topic_id", "rank", "score"]].reset_index(drop=True)


# A title that opens with one word and a colon names the paper's own artifact: "Dynabench: Rethinking
# Benchmarking in NLP", "PRISM: Dynamic Sparse Attention", "Swords: A Benchmark for Lexical Substitution"
# (even an English word there is a name: "RECALL: ...", "Prism: ...").
TITLE_NAME_RE = re.compile(r"^\s*([^\s:]+)\s*:")


def title_names(titles: list[str]) -> set[str]:
    """The keys of the names papers give their systems, datasets and benchmarks in their titles'
    labels ("Dynabench: ..."): a name, not a research topic, in that paper or any that cites it
    (a longer phrase holding it, "COGS benchmark", still may be one)."""
    names = set()
    for title in titles:
        if ":" in title:
            m = TITLE_NAME_RE.match(title)
            if m:
                names.add(phrase_key(WORD_RE.findall(m.group(1))))
    names.discard("")
    return names


GERUND_OBJECT_RE = re.compile(r"\b([a-z]+ing)\s+(?:the|a|an|this|these|those|its|their|our|each|all|both|such|\d\S*)\b")
GERUND_RE = re.compile(r"\b([a-z]+ing)\b")
# Both at once: every GERUND_RE match, with the object GERUND_OBJECT_RE would take after it (or "").
# What `_gerund_counts` counts, faster (tests/test_topics_speed.py holds the two equal).
GERUND_USE_RE = re.compile(
    r"\b([a-z]+ing)\b(\s+(?:the|a|an|this|these|those|its|their|our|each|all|both|such|\d\S*)\b)?"
)
TITLE_GERUND_RE = re.compile(r"(?:^|[:?]\s*)(\w+ing)\b")
# The same on titles joined by line breaks (none of which holds one): each title's start is a line's.
TITLE_GERUND_LINES_RE = re.compile(r"(?m)(?:^|[:?][^\S\n]*)(\w+ing)\b")
# Participles that introduce what follows and never name an activity at a phrase's end.
NEVER_HEAD = frozenset(
    """comprising consisting containing including involving using showing making having being leading allowing
    enabling requiring yielding achieving resulting spanning covering featuring ranging regarding concerning
    according depending providing applying building collecting""".split()
)
VERBAL_SHARE = 0.2  # a gerund followed by a determiner this often takes objects: a verb ("applying the")


# The gerunds read from the end, in the corpus reversed: a pattern that opens with a fixed string
# ("gni") is searched for much faster than GERUND_RE, which must try every position. "gni" with no
# word character before it (after it, read forwards) and letters a-z up to a word boundary.
REVERSED_GERUND_RE = re.compile(r"gni(?<!\wgni)[a-z]+\b")
# The end of a gerund that takes an object (the "ing" and what follows it, as GERUND_USE_RE reads it).
GERUND_END_BEFORE_OBJECT_RE = re.compile(
    r"ing(?=\s+(?:the|a|an|this|these|those|its|their|our|each|all|both|such|\d\S*)\b)"
)
GERUND_OBJECT_AT_RE = re.compile(r"\s+(?:the|a|an|this|these|those|its|their|our|each|all|both|such|\d\S*)\b")


def _gerund_counts(corpus: str) -> tuple[Counter[str], Counter[str]]:
    """(seen, objects): how often each gerund occurs in a casefolded corpus (GERUND_RE's matches), and
    how often as GERUND_USE_RE reads it, taking an object ("applying the", "comprising 500").

    GERUND_USE_RE's uses are its gerunds, each read with the object after it if any, and scanning on
    after that object: a gerund inside one ("using 5-shot-testing the") is no use of its own, and is
    counted, as GERUND_RE counts every gerund, among those seen. Found here without reading every
    position forwards: the gerunds from the reversed corpus, the few that take an object from the
    "ing" before one, each checked to end a gerund and to lie past the object of the use before."""
    size = len(corpus)
    backwards = corpus[::-1]
    seen = Counter({w[::-1]: n for w, n in Counter(REVERSED_GERUND_RE.findall(backwards)).items()})
    objects: Counter[str] = Counter()
    taken_to = 0  # where the object of the last use that took one ends
    for end in GERUND_END_BEFORE_OBJECT_RE.finditer(corpus):
        gerund = REVERSED_GERUND_RE.match(backwards, size - end.end())
        if gerund is None or size - gerund.end() < taken_to:
            continue  # no gerund ends here, or it lies inside the object of the use before
        objects[gerund.group()[::-1]] += 1
        taken_to = GERUND_OBJECT_AT_RE.match(corpus, end.end()).end()
    return seen, objects


@dataclass(frozen=True)
class _Gerunds:
    """How this corpus uses its "-ing" words: as verbs (they take a determiner or number as object,
    "comprising 500", "applying the"; or open a title or a title's clause, "Evaluating X"), or as
    nouns (they head phrases: "linear probing")."""

    verbal: frozenset[str]
    title_verbs: frozenset[str]
    heads: Counter[str]  # per word, how many phrases it heads

    @classmethod
    def of(cls, titles: list[str], abstracts: list[str], df: Counter[str]) -> _Gerunds:
        seen, objects = _gerund_counts("\n".join((*titles, *abstracts)).casefold())
        verbal = frozenset(w for w, n in objects.items() if n >= VERBAL_SHARE * seen[w])
        lines = "\n".join(titles)
        if lines.count("\n") == len(titles) - 1:  # no title holds a line break: one pass over them all
            title_verbs = frozenset(map(str.casefold, TITLE_GERUND_LINES_RE.findall(lines)))
        else:
            title_verbs = frozenset(m.group(1).casefold() for t in titles for m in TITLE_GERUND_RE.finditer(t))
        return cls(verbal, title_verbs, Counter(k.rsplit(" ", 1)[1] for k in df if " " in k))

    def nominal(self, key: str) -> bool:
        """Whether the phrase's "-ing" words, if any, are used as nouns."""
        words = key.split(" ")
        ing = [w for w in (words[0], words[-1]) if w.endswith("ing")]
        if not ing:
            return True
        if any(w in self.verbal or w in NEVER_HEAD for w in ing):
            return False
        first = words[0]
        if first.endswith("ing") and (len(words) == 1 or "NOUN" not in lex.classes(first)):
            # A gerund that opens a phrase must head one elsewhere ("linear probing" makes "probing
            # classifiers" a compound; "applying sparse autoencoders" heads nothing), and not open a title.
            if len(words) == 1 and "NOUN" not in lex.classes(first):
                # A verb form alone names an activity only if it heads compounds ("machine unlearning",
                # "precise debugging") and opens no title ("Quantifying X").
                return self.heads.get(first, 0) >= 2 and first not in self.title_verbs
            return self.heads.get(first, 0) >= 2 or (first in self.heads and first not in self.title_verbs)
        return True


def _expand_acronyms(counts: list[Counter[str]], mentions: list[Counter[str]], surface: dict, acronyms: dict) -> None:
    """A phrase holding a defined acronym is the phrase with the expansion: "OOD data" is
    "out-of-distribution data"."""
    if not acronyms:
        return  # nothing to expand
    expansions = {short.casefold(): long for short, long in acronyms.items()}
    keys = {k for k in set().union(*counts) if " " in k and any(w in expansions for w in k.split(" "))}
    rename = {k: " ".join(expansions.get(w, w) for w in k.split(" ")) for k in keys}
    _rename(counts, mentions, surface, {k: v for k, v in rename.items() if v != k})


def _rename(counts: list[Counter[str]], mentions: list[Counter[str]], surface: dict, rename: dict) -> None:
    if not rename:
        return
    renamed = rename.keys()
    for table in (*counts, *mentions):
        for old in renamed & table.keys():
            table[rename[old]] += table.pop(old)
    for old, new in rename.items():
        surface[new].update(surface.pop(old, Counter()))


LOOSE_RE = re.compile(r"(?<=al)i[sz]ed$")  # "contextualized" is "contextual" for merging
HEAD_VARIANT_ENDINGS = ("ing", "er")


def _head_stems(word: str) -> tuple[str, ...]:
    """The forms an "-ing" or "-er" head word may have without it: "planning" -> plan, plann, planne;
    "parser" -> pars, parse; the first is the one all of them share.

    >>> _head_stems("modeling"), _head_stems("planner")
    (('model', 'modele'), ('plan', 'plann', 'planne'))
    """
    stem = word[:-3] if word.endswith("ing") else word[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        return stem[:-1], stem, stem + "e"
    return stem, stem + "e"


def _merge_variants(
    counts: list[Counter[str]], mentions: list[Counter[str]], surface: dict, use: Counter[str] | None = None
) -> None:
    """Near-duplicates become one key, the most used: "contextualized representation" and
    "contextual representation" (spelling variants are one key already, by phrase_key).
    `use`: in how many papers each key occurs, when these papers are a part of all (else counted here)."""
    if use is None:
        use = document_frequencies(counts)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in use:
        ized = "ized" in key or "ised" in key
        head = " " in key and key.endswith(HEAD_VARIANT_ENDINGS)
        if not (ized or head):  # only such keys can have a near-duplicate
            continue
        words = key.split(" ")
        if ized:
            words = [LOOSE_RE.sub("", w) for w in words]
        loose = " ".join(words)
        members = {key} | ({loose} if loose in use else set())
        if head and len(words[-1]) > 5:
            # One activity, its doer and its thing: "masked language modeling" and "masked language
            # model", "semantic parsing" and "semantic parser", "few-shot learning" and "few-shot learners".
            stems = _head_stems(words[-1])
            start = " ".join(words[:-1])
            loose = f"{start} {stems[0]}"
            members.update(k for k in (f"{start} {stem}" for stem in stems) if k in use)
        groups[loose].update(members)
    rename = {}
    for keys in groups.values():
        if len(keys) > 1:
            top = min(keys, key=lambda k: (-use[k], k))
            rename.update({k: top for k in keys if k != top})
    _rename(counts, mentions, surface, rename)


def _pick(score: dict[str, float], allowed: set[str], limit: int) -> list[str]:
    """A paper's best topics: at most `limit`, each as likely as its rank asks, none inside another."""
    # Most likely first, ties by key: (-value, key) pairs sort so without a key function.
    ranked = sorted([(-v, k) for k, v in score.items() if k in allowed])
    chosen: list[str] = []
    for negated, key in ranked:
        if len(chosen) == limit or -negated < MIN_CONFIDENCE + CONFIDENCE_STEP * len(chosen):
            break
        if not any(_overlaps(key, other) for other in chosen):
            chosen.append(key)
    return chosen


def _choose(scores: list[dict[str, float]], vocabulary: set[str], limit: int) -> list[list[str]]:
    """Each paper picks its topics. A topic only one paper picks goes also to the paper with room
    that uses it most, if that paper is at least COVER_MIN_CONFIDENCE likely about it (a passing
    mention makes no topic); if none can take it, it leaves the vocabulary and the papers pick
    again, until every picked topic has two papers."""
    allowed = set(vocabulary)
    users: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, score in enumerate(scores):
        for key, value in score.items():
            if key in allowed:
                users[key].append((-value, i))
    for ranked in users.values():
        ranked.sort()
    picks = [_pick(score, allowed, limit) for score in scores]
    while True:
        chosen = [list(keys) for keys in picks]
        carried = Counter(k for keys in chosen for k in keys)
        lonely = set()
        for i, keys in enumerate(chosen):
            for key in keys:
                if carried[key] >= MIN_PAPERS:
                    continue
                partner = next(
                    (
                        j
                        for v, j in users[key]
                        if j != i and -v >= COVER_MIN_CONFIDENCE and len(chosen[j]) < limit and _fits(key, chosen[j])
                    ),
                    None,
                )
                if partner is None:
                    lonely.add(key)
                else:
                    chosen[partner].append(key)
                    carried[key] += 1
        if not lonely:
            return chosen
        allowed -= lonely
        # Only a paper that picked a topic now left out picks otherwise: leaving out a phrase it
        # did not pick (below its last pick, or inside one) changes nothing of its walk down its list.
        for i, keys in enumerate(picks):
            if not lonely.isdisjoint(keys):
                picks[i] = _pick(scores[i], allowed, limit)


def _fits(key: str, keys: list[str]) -> bool:
    return not any(_overlaps(key, other) for other in keys)


def _cover(chosen: list[list[str]], scores: list[dict[str, float]], limit: int) -> None:
    """Gives a paper left without a topic its best phrase that another paper also uses,
    and gives that phrase to such a paper with room, so the topic has two papers."""
    holders: dict[str, set[int]] = defaultdict(set)
    for i, keys in enumerate(chosen):
        for key in keys:
            holders[key].add(i)
    # Only the phrases of papers left without a topic need their carriers listed.
    wanted = {key for keys, score in zip(chosen, scores) if not keys for key in score}
    carriers: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, score in enumerate(scores):
        for key in wanted & score.keys():
            carriers[key].append((-score[key], i))
    ranked: set[str] = set()
    for i, keys in enumerate(chosen):
        if keys:
            continue
        ranked_here = [(-v, k) for k, v in scores[i].items() if v >= COVER_MIN_CONFIDENCE and _is_topic(k)]
        for _, key in sorted(ranked_here):
            if len(holders[key]) > (i in holders[key]):  # another paper already carries it
                keys.append(key)
                holders[key].add(i)
                break
            if key not in ranked:  # best-scoring papers first, sorted once per phrase
                carriers[key].sort()
                ranked.add(key)
            partner = next(
                (j for v, j in carriers[key] if j != i and len(chosen[j]) < limit and -v >= COVER_MIN_CONFIDENCE), None
            )
            if partner is not None:
                keys.append(key)
                chosen[partner].append(key)
                holders[key].update((i, partner))
                break


@functools.lru_cache(maxsize=1 << 18)
def _is_topic(key: str) -> bool:
    return bool(key) and _acceptable(key.split(" "))


def _fragments(keys: set[str], counts: list[Counter[str]], df: Counter[str]) -> set[str]:
    """The phrases of `keys` that stand alone in no paper, always followed by a further word of
    their noun phrase, or always preceded by one: they only modify ("masked language" before
    "model" or "modeling", "text to image" before "generation"), or are cut from a name
    ("answering model" after "question"). As C-value counts a term's occurrences outside longer
    terms (Frantzi, Ananiadou & Mima 2000), a paper's mentions of a phrase, less those of its
    phrases one word longer on that side, are its mentions alone."""
    after: dict[str, list[str]] = defaultdict(list)
    before: dict[str, list[str]] = defaultdict(list)
    for key in df:
        if " " in key:
            start, _ = key.rsplit(" ", 1)
            if start in keys:
                after[start].append(key)
            _, end = key.split(" ", 1)
            if end in keys:
                before[end].append(key)
    found: set[str] = set()
    for longer in (after, before):
        alone: set[str] = set()
        for c in counts:
            for key in longer.keys() & c.keys():
                if key not in alone and c[key] > sum(c.get(k, 0) for k in longer[key]):
                    alone.add(key)
        found |= longer.keys() - alone
    return found


def _drop_enclosed(vocabulary: set[str], counts: list[Counter[str]]) -> set[str]:
    """A phrase that only ever occurs inside one longer phrase is that phrase: keep the longer
    ("cache eviction" always within "KV cache eviction")."""
    index: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(counts):
        for key in c:
            if key in vocabulary:
                index[key].add(i)
    # Each longer phrase names its inner phrases (at most a handful of word runs).
    outer: dict[str, list[str]] = defaultdict(list)
    for longer in vocabulary:
        words = longer.split(" ")
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                outer[" ".join(words[i : i + n])].append(longer)
    return {key for key in vocabulary if not any(index[longer] == index[key] for longer in outer.get(key, ()))}


def _overlaps(a: str, b: str) -> bool:
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _label(key: str, forms: Counter[str]) -> str:
    """The phrase as abstracts print it most often; acronyms keep their capitals."""
    if forms and sum(forms.values()):
        form = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        words = ["-".join(_cased(part) for part in w.split("-")) for w in form.split(" ")]
        if phrase_key(words) == key:
            return " ".join(words)
    return key


def _cased(word: str) -> str:
    """An acronym keeps its capitals ("LLM", "KV"); a capitalized word from a title does not."""
    return word if sum(ch.isupper() for ch in word) > 1 else word.lower()


def hierarchy(topics: pd.DataFrame, paper_topics: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(broader, rollups): each topic's broader topic, from shared heads and containment, and the
    broader topics that are no paper's own topic but group several ("masked language model" and
    "causal language model" roll up to "language model").

    broader has columns narrower, broader (topic ids); rollups the columns of the topics table,
    with `papers` counting the distinct papers of the topics beneath.

    >>> t = pd.DataFrame({"topic_id": ["topic/a", "topic/b", "topic/c"],
    ...     "key": ["masked language model", "causal language model", "interpretability"],
    ...     "label": ["masked language model", "causal language model", "interpretability"],
    ...     "alt_labels": [[], [], []], "papers": [2, 2, 3]})
    >>> broader, rollups = hierarchy(t, pd.DataFrame({"paper_id": ["p1", "p2", "p3"],
    ...     "topic_id": ["topic/a", "topic/a", "topic/b"]}))
    >>> broader["broader"].tolist()
    ['topic/language_model', 'topic/language_model']
    >>> rollups[["key", "label", "papers"]].to_dict("records")
    [{'key': 'language model', 'label': 'language model', 'papers': 3}]
    """
    keys = dict(zip(topics["key"], topics["topic_id"]))
    labels = dict(zip(topics["key"], topics["label"]))
    users: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        words = key.split(" ")
        for i in range(1, len(words)):
            users[" ".join(words[i:])].add(key)
    rollup_keys = sorted(k for k, u in users.items() if k not in keys and len(u) >= MIN_PAPERS and _can_group(k))
    # A roll-up groups at least two topics directly: "answering" only ever above "question answering" goes.
    while True:
        links = _broader_links(keys, rollup_keys)
        children = Counter(link["broader"] for link in links)
        kept = [k for k in rollup_keys if children[mint("topic", k)] >= MIN_PAPERS]
        if kept == rollup_keys:
            break
        rollup_keys = kept
    ids = {**keys, **{k: mint("topic", k) for k in rollup_keys}}
    broader = pd.DataFrame(links, columns=["narrower", "broader"])
    broader = broader.sort_values(["narrower", "broader"]).reset_index(drop=True)

    # Papers beneath a roll-up: of every topic below it, however deep.
    below: dict[str, set[str]] = defaultdict(set)
    parent = dict(zip(broader["narrower"], broader["broader"]))
    for topic_id, paper_id in zip(_values(paper_topics["topic_id"]), _values(paper_topics["paper_id"])):
        node = parent.get(topic_id)
        while node is not None:
            below[node].add(paper_id)
            node = parent.get(node)
    rows = []
    for key in rollup_keys:
        n = key.count(" ") + 1
        # Printed as in a topic beneath it, so acronyms keep their capitals ("KV cache").
        narrower = sorted(labels[k] for k in users[key] if k in labels)
        label = next((" ".join(lab.split(" ")[-n:]) for lab in narrower if phrase_key(lab.split(" ")[-n:]) == key), key)
        rows.append(
            {"topic_id": ids[key], "key": key, "label": label, "alt_labels": [], "papers": len(below[ids[key]])}
        )
    rollups = frame("topics", rows)
    return broader, rollups


def _broader_links(keys: dict[str, str], rollup_keys: list[str]) -> list[dict[str, str]]:
    """Each concept's broader one: its longest proper tail that is a topic or a roll-up."""
    ids = {**keys, **{k: mint("topic", k) for k in rollup_keys}}
    links = []
    for key in sorted(ids, key=lambda k: (-k.count(" "), k)):
        words = key.split(" ")
        up = next((" ".join(words[i:]) for i in range(1, len(words)) if " ".join(words[i:]) in ids), None)
        if up is not None:
            links.append({"narrower": ids[key], "broader": ids[up]})
    return links


def _can_group(key: str) -> bool:
    """A shared head names a broader topic unless it is only "a model" or too short to mean much."""
    if " " in key:
        return not all(w in STOP for w in key.split(" "))
    if key in MODEL_WORDS or key in STOP or len(key) < 4 or not key.isalpha():
        return False
    # "explanation" and "reasoning" group subjects; "task", "data" and "space" only shapes of them.
    return key not in GENERIC or key.endswith(("tion", "sion", "ing", "ity"))


def topic_years(paper_topics: pd.DataFrame, papers: pd.DataFrame) -> pd.DataFrame:
    """Papers per topic per year (topic_id, year, papers), for what rises and what fades."""
    dated = paper_topics[["paper_id", "topic_id"]].merge(papers[["paper_id", "year"]], on="paper_id")
    dated = dated.dropna(subset=["year"])
    table = dated.groupby(["topic_id", "year"])["paper_id"].nunique().rename("papers").reset_index()
    table["year"] = table["year"].astype(int)
    return table.sort_values(["topic_id", "year"]).reset_index(drop=True)


# What `find_topics` reads of a resolution: these tables, and of the papers these columns.
READS = ("papers", "authorship")
PAPER_COLUMNS = ["paper_id", "title", "abstract", "year"]


def what_find_topics_reads(res: Resolution) -> Resolution:
    """`res` cut to what `find_topics` reads, for a build that selects topics on a Dask worker."""
    return only(res, READS, PAPER_COLUMNS)


def people_topics(authorship: pd.DataFrame, paper_topics: pd.DataFrame) -> pd.DataFrame:
    """Each person's topics, weighted by their papers on it: derived from the papers' topics."""
    return through(authorship, paper_topics, "person_id", "topic_id")


def find_topics(res: Resolution, counted: Counted | None = None) -> Topics:
    """The topic stage: topics, paper → topic, the hierarchy (broader topics and the roll-up
    concepts that group them), topics per year, the derived person → topic expertise
    (weight = the person's papers on the topic) and topic co-occurrence."""
    topics, paper_topics = extract(res.papers, counted=counted)
    broader, rollups = hierarchy(topics, paper_topics)
    return Topics(
        topics=topics,
        paper_topics=paper_topics,
        person_topics=people_topics(res.authorship, paper_topics),
        topic_cooccurrence=shared(paper_topics, "topic_id"),
        topic_broader=broader,
        topic_rollups=rollups,
        topic_years=topic_years(paper_topics, res.papers),
    )


def forget() -> None:
    """Empties the memos of words and phrases (this module's and kg.topic_lexicon's bounded caches):
    a build calls it once its topics are found. At a million papers they are full (some 1.3M
    entries, about a gigabyte at 100k's rate of 225 MiB for 100k papers) and would be held through
    every later stage; answers are the same either way. The lexicon itself (unbounded caches) stays."""
    for module in (globals(), vars(lex)):
        for value in list(module.values()):
            info = getattr(value, "cache_info", None)
            if info is not None and info().maxsize is not None:
                value.cache_clear()
