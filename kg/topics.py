"""Topics from titles and abstracts: specific phrases shared by several papers.

Offline and deterministic, no model: candidate phrases are runs of words between
stopwords and punctuation (as RAKE does), and their sub-phrases of up to four words.
A phrase is a topic when at least MIN_PAPERS papers use it and at most MAX_SHARE of the
corpus does (beyond that it is background: "language models"). Phrases are one topic up
to case, hyphenation and a plural head word; an acronym the text defines ("in-context
learning (ICL)") counts as its expansion and becomes an alternative label.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from kg.schema import Resolution, Topics, frame, mint, mint_column
from kg.ties import shared, through

MIN_PAPERS = 2
MAX_SHARE = 0.12  # a phrase in more than this share of papers is background, not a topic
MAX_PER_PAPER = 5
MAX_WORDS = 4
TITLE_WEIGHT = 3.0
PHRASE_BONUS = {1: 0.6, 2: 1.5, 3: 2.0}  # specific phrases beat single words
MIN_RELATIVE_SCORE = 0.25

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
    contexts contribution contributions core critical current data dataset datasets demonstrate demonstrates
    design designed detailed develop developed development different difficult diverse domain domains due
    effect effective effectively effects efficient empirical empirically enable enables end evaluate evaluated
    evaluation evaluations evidence example examples existing experiment experimental experiments explore extensive
    extent fact factor factors far field findings focus form framework frameworks function general generally given
    goal good great help high higher highly human humans hypothesis idea impact important improve improved
    improvement improvements improves including increase increasing information insight insights instance issue
    issues key knowledge lack large larger latest leading learn learned level levels limited limitation limitations
    line little low lower main major make making manner mechanism mechanisms method methods metric metrics model
    models modern multiple natural nature need new non novel number numbers observe observed open order original
    outcome outcomes output outputs overall paper papers paradigm particular particularly performance performances
    performing perspective point possible potential power practical present presents previous prior problem
    problems process processes produce promising propose proposed provide provides quality question questions range
    rate rates real recent recently related relative remain remains research researchers result results role scale
    scales science second self set sets setting settings several show shows significant significantly similar
    simple single small solution solutions specific standard state strategies strategy strong structure study
    studies substantial success successful suggest superior support systematic systematically task tasks technique
    techniques term terms test tests theory time times tool tools training trained type types understand
    understanding use used useful uses using value values variety various version way ways wide widely work works
    world introduce introduces identify perform performs reveal reveals investigate exhibit explain generate
    generating generated lead leads finally furthermore like answering rethinking benchmarking learning modeling
    features feature directions direction image images instructions detection input inputs prediction predictions
    representation representations text system systems network networks english decision decisions condition
    conditions instance instances interpretation probability probabilities variance agreement rating ratings
    accuracy operation operations procedure procedures majority aggregation sequence sequences difference
    differences function functions interaction interactions document documents user users speaker speakers
    layer layers matter error errors inference transfer surprising going forward ones parts part light sheds
    measure measures presence mention mentions influence showing notion notions consequence consequences learner
    learners collection collections best argument arguments
    """.split()
)
# Words that only say "a model": a phrase made of these and generic words is background
# ("open-source LLMs", "ML models", "state-of-the-art models").
MODEL_WORDS = frozenset(
    """
    llm llms lm lms model models ml ai language languages neural deep pretrained pre trained large foundation
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
    """.split()
)
# Names of whole fields: true of most of a corpus like ours, so never a topic however rare.
BACKGROUND = frozenset(
    phrase.strip()
    for phrase in """
    artificial intelligence|machine learning|deep learning|natural language processing|neural network|
    deep neural network|language model|large language model|state of the art|open source|real world|
    computer vision|language processing|nlp|ai|ml|llm|lm
    """.split("|")
)
# One-word topics must look like the name of a subject ("interpretability", "memorization",
# "transformer"), not a verb or an adjective ("introduce", "causal"): no part-of-speech
# tagger runs offline without a model download, so the ending decides.
NOUN_ENDINGS = (
    "ity",
    "tion",
    "sion",
    "ment",
    "ness",
    "ism",
    "ogy",
    "ics",
    "ing",
    "ance",
    "ence",
    "ure",
    "er",
    "or",
    "cy",
    "sis",
)
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|io|net)\S*")
WORD_RE = re.compile(r"[^\W_][\w]*(?:[-'’][\w]+)*")
MATH_RE = re.compile(r"\$[^$]*\$")
# Where a phrase cannot run on: sentence and clause punctuation, brackets, quotes.
BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”‘’/|<>=+*&%#@~^`]|\s-{1,2}\s|\s–\s|\s—\s")
ACRONYM_DEF_RE = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{1,9})\)")
SINGULAR_EXCEPTIONS = {"caches": "cache", "niches": "niche", "axes": "axis", "indices": "index", "matrices": "matrix"}
KEEP_S = ("ss", "us", "is", "ics", "ous", "ness", "sis", "xis", "ias")


def singular(word: str) -> str:
    """A plural head word made singular, by the plain English rules.

    >>> [singular(w) for w in ("models", "studies", "analysis", "semantics", "caches", "class")]
    ['model', 'study', 'analysis', 'semantics', 'cache', 'class']
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word in SINGULAR_EXCEPTIONS:
        return SINGULAR_EXCEPTIONS[word]
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


def phrase_key(words: list[str]) -> str:
    """One key per topic: lower case, hyphens as spaces, the last word singular.

    >>> phrase_key(["In-Context", "Learning"]) == phrase_key(["in", "context", "learning"])
    True
    """
    parts = [p for w in words for p in re.split(r"[-'’]", unicodedata.normalize("NFKC", w).casefold()) if p]
    if not parts:
        return ""
    parts[-1] = singular(parts[-1])
    return " ".join(parts)


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
        if long_words and _acceptable(long_words):
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
    """Phrases of one to MAX_WORDS words that neither cross punctuation nor hold a stopword."""
    out = []
    for segment in BREAK_RE.split(MATH_RE.sub(" ", URL_RE.sub(" ", text))):
        run: list[str] = []
        for word in [*WORD_RE.findall(segment), ""]:
            if word and word.casefold() not in STOP and not word.isdigit():
                run.append(word)
                continue
            for n in range(1, MAX_WORDS + 1):
                for i in range(len(run) - n + 1):
                    phrase = tuple(run[i : i + n])
                    if _phrase_key_if_topic(phrase):
                        out.append(list(phrase))
            run = []
    return out


@functools.lru_cache(maxsize=1 << 20)
def _phrase_key_if_topic(words: tuple[str, ...]) -> str:
    """The key of an acceptable phrase, or "" — memoized: phrases recur across a corpus."""
    return phrase_key(list(words)) if _acceptable(list(words)) else ""


def _acceptable(words: list[str]) -> bool:
    lowered = [w.casefold() for w in words]
    key = phrase_key(words)
    if lowered[0] in STOP or lowered[-1] in STOP:
        return False
    # Judged on the words as printed: "in-context" is a term, though "in" and "context" are not.
    if key in BACKGROUND or all(w in MODEL_WORDS or w in GENERIC or w in STOP for w in lowered):
        return False
    if len(words) == 1:
        word = singular(lowered[0])
        if word.endswith(("er", "or")) and len(word) < 7:  # "infer", "matter", "bigger", "error"
            return False
        return len(word) >= 4 and lowered[0] not in GENERIC and word.endswith(NOUN_ENDINGS) and word.isalpha()
    if lowered[0] in GENERIC or (lowered[-1] in GENERIC and lowered[-1] not in TAIL_OK):
        return False
    return not all(w in GENERIC or any(ch.isdigit() for ch in w) for w in lowered)


def extract(
    papers: pd.DataFrame, max_share: float = MAX_SHARE, max_per_paper: int = MAX_PER_PAPER
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topics, paper_topics) for papers with `paper_id`, `title`, `abstract`."""
    ids = list(papers["paper_id"])
    titles = [str(t) for t in papers["title"]]
    abstracts = ["" if a is None or (isinstance(a, float) and math.isnan(a)) else str(a) for a in papers["abstract"]]

    acronyms: dict[str, str] = {}  # short form -> key of its long form
    for text in (f"{t}. {a}" for t, a in zip(titles, abstracts)):
        for short, long_words in define_acronyms(text).items():
            acronyms.setdefault(short, phrase_key(long_words))
    acronym_re = (
        re.compile(r"\b(" + "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True))) + r")s?\b")
        if acronyms
        else None
    )

    counts: list[Counter[str]] = []
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for title, abstract in zip(titles, abstracts):
        c: Counter[str] = Counter()
        for weight, text in ((TITLE_WEIGHT, title), (1.0, abstract)):
            for words in candidates(text):
                key = _phrase_key_if_topic(tuple(words))
                c[key] += weight
                surface[key][" ".join(words)] += 1
            if acronym_re:
                for m in acronym_re.finditer(text):
                    c[acronyms[m.group(1)]] += weight
        # An acronym on its own is the same topic as its expansion.
        for short in acronyms:
            c.pop(phrase_key([short]), None)
        counts.append(c)

    n = len(ids)
    df = Counter(key for c in counts for key in c)
    limit = max(MIN_PAPERS, int(max_share * n))
    vocabulary = {k for k, d in df.items() if MIN_PAPERS <= d <= limit}
    # A one-word "-ing" topic must be a noun somewhere: the head of a longer phrase
    # ("linear probing" makes "probing" a subject; "evaluating" heads nothing).
    # And a gerund opening a title or a title's clause is a verb there ("Evaluating X").
    heads = {k.rsplit(" ", 1)[1] for k in df if " " in k}
    verbs = {m.group(1).casefold() for t in titles for m in re.finditer(r"(?:^|[:?]\s*)(\w+ing)\b", t)}
    vocabulary = {k for k in vocabulary if " " in k or not k.endswith("ing") or (k in heads and k not in verbs)}
    vocabulary = _drop_enclosed(vocabulary, counts)

    scores = [
        {
            k: v * math.log(n / df[k]) * PHRASE_BONUS[min(len(k.split(" ")), 3)]
            for k, v in c.items()
            if df[k] >= MIN_PAPERS
        }
        for c in counts
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
    paper_topics["topic_id"] = mint_column("topic", paper_topics["key"])
    return topics, paper_topics[["paper_id", "topic_id", "rank", "score"]].reset_index(drop=True)


def _pick(score: dict[str, float], allowed: set[str], limit: int) -> list[str]:
    """A paper's best topics: at most `limit`, none far weaker than its best, none inside another."""
    ranked = sorted(((v, k) for k, v in score.items() if k in allowed), key=lambda t: (-t[0], t[1]))
    chosen: list[str] = []
    for value, key in ranked:
        if len(chosen) == limit or value < MIN_RELATIVE_SCORE * ranked[0][0]:
            break
        if not any(_overlaps(key, other) for other in chosen):
            chosen.append(key)
    return chosen


def _choose(scores: list[dict[str, float]], vocabulary: set[str], limit: int) -> list[list[str]]:
    """Each paper picks its topics; a topic only one paper picks is no topic, so it leaves the
    vocabulary and the papers pick again, until every picked topic has two papers."""
    allowed = set(vocabulary)
    while True:
        chosen = [_pick(score, allowed, limit) for score in scores]
        carried = Counter(k for keys in chosen for k in keys)
        lonely = {k for k, m in carried.items() if m < MIN_PAPERS}
        if not lonely:
            return chosen
        allowed -= lonely


def _cover(chosen: list[list[str]], scores: list[dict[str, float]], limit: int) -> None:
    """Gives a paper left without a topic its best phrase that another paper also uses,
    and gives that phrase to such a paper with room, so the topic has two papers."""
    holders: dict[str, set[int]] = defaultdict(set)
    for i, keys in enumerate(chosen):
        for key in keys:
            holders[key].add(i)
    carriers: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, score in enumerate(scores):
        for key, value in score.items():
            carriers[key].append((-value, i))
    ranked: set[str] = set()
    for i, keys in enumerate(chosen):
        if keys:
            continue
        for _, key in sorted(((v, k) for k, v in scores[i].items() if _is_topic(k)), key=lambda t: (-t[0], t[1])):
            if len(holders[key]) > (i in holders[key]):  # another paper already carries it
                keys.append(key)
                holders[key].add(i)
                break
            if key not in ranked:  # best-scoring papers first, sorted once per phrase
                carriers[key].sort()
                ranked.add(key)
            partner = next((j for _, j in carriers[key] if j != i and len(chosen[j]) < limit), None)
            if partner is not None:
                keys.append(key)
                chosen[partner].append(key)
                holders[key].update((i, partner))
                break


def _is_topic(key: str) -> bool:
    return bool(key) and _acceptable(key.split(" "))


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
        words = [w if sum(ch.isupper() for ch in w) > 1 else w.lower() for w in form.split(" ")]
        if phrase_key(words) == key:
            return " ".join(words)
    return key


def find_topics(res: Resolution) -> Topics:
    """The topic stage: topics, paper → topic, the derived person → topic expertise
    (weight = the person's papers on the topic) and topic co-occurrence."""
    topics, paper_topics = extract(res.papers)
    return Topics(
        topics=topics,
        paper_topics=paper_topics,
        person_topics=through(res.authorship, paper_topics, "person_id", "topic_id"),
        topic_cooccurrence=shared(paper_topics, "topic_id"),
    )
