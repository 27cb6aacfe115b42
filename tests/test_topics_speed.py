"""Issue 15: the topic stage's fast paths (kg.topics) equal the plain code they replace, on the real
texts (the seeds, ../shared's pages) and on awkward cases made here: one-word segments read without
the run memo, the first sentence found from its punctuation, the titles' opening gerunds found in
one pass, and each paper's salience scores with `_salience`'s terms written out."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from kg import topic_lexicon as lex
from kg import topics as T
from kg.build import extract_files, find_inputs
from kg.resolve import resolve_papers
from kg.schema import mint_column

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def seed_texts() -> tuple[list[str], list[str], list[str]]:
    extracted = extract_files(find_inputs([ROOT / "seeds"]), dt.date(2026, 11, 24))
    return T.texts(resolve_papers(extracted.records, extracted.pages).facts.papers)


@pytest.fixture(scope="module")
def page_texts() -> tuple[list[str], list[str], list[str]]:
    if not (SHARED / "real-pages").is_dir():
        pytest.skip("../shared/real-pages is absent")
    extracted = extract_files(find_inputs([SHARED / "real-pages"]), dt.date(2026, 11, 24))
    return T.texts(resolve_papers(extracted.records, extracted.pages).facts.papers)


# Titles and sentences that sit on the edges of the rules: labels, breaks, digits, capitals, hyphens,
# apostrophes, acronyms, British spellings, full-width and accented letters, sentence ends without a
# capital after them, several spaces and line breaks, a question mark, and nothing at all.
AWKWARD = [
    "Dynabench: Rethinking Benchmarking in NLP",
    "PRISM: Dynamic Sparse Attention",
    "GPT-4: a report",
    "k-NN",
    "LLMs",
    "COGS",
    "Novel:",
    "propose",
    "the",
    "Planner",
    "Annotator: who labels",
    "in-context",
    "Tokenisation",
    "Ｆｕｌｌｗｉｄｔｈ",
    "café",
    "Naïve Bayes",
    "model's",
    "Why do models forget? Training on new data",
    "Why? ",
    " Training data selection",
    "Evaluating: Testing",
    "a\nTitle across lines: Learning",
    "Learning\n",
    "",
    " ",
    "Results. we see e.g. this. Then a new one.",
    "One sentence only",
    "Ends here.",
    "First!  \n Second one? Third",
    "x.\u00a0Y follows a no-break space",
    "Numbers 3.5. And then",
    "A.B. C",
    "?",
]


def _words(texts: list[str]) -> list[str]:
    return sorted({w for text in texts for w in T.WORD_RE.findall(text)})


def _segments(texts: list[str]) -> list[str]:
    return sorted({seg for text in texts for seg in T.BREAK_RE.split(text)})


def test_one_word_candidates_equal_a_run_of_one_word(seed_texts, page_texts) -> None:
    """`_word_candidates` is `_run_candidates` of a one-word run after no verb opener, for every word of
    the real texts, with and without acronym long forms among the terms (a word the rules refuse is
    still a candidate when its key is a long form's: "Novel" with "novel")."""
    texts = [*seed_texts[1], *seed_texts[2], *page_texts[1], *page_texts[2], *AWKWARD]
    words = _words(texts)
    assert len(words) > 3000
    refused = [w for w in words if not T._phrase_key_if_topic((w,))]
    assert "Novel" in refused and "the" in refused
    terms = frozenset(T._phrase_key((w,)) for w in refused[::3]) | {"novel"}
    for w in words:
        for t in (frozenset(), terms):
            assert T._word_candidates(w, t) == T._run_candidates((w,), False, t), (w, t == terms)
    assert T._word_candidates("Novel", terms) == (("novel", "Novel"),)
    assert T._word_candidates("Novel", frozenset()) == ()


def _segment_candidates_reference(segment: str, terms: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """`_segment_candidates` as it was: every run through `_run_candidates`, one word or more."""
    words = T.WORD_RE.findall(segment)
    if not words:
        return ()
    out: list[tuple[str, str]] = []
    start = 0
    before = ""
    for stop in itertools.compress(itertools.count(), map(T._breaks, words)):
        if stop > start:
            out.extend(T._run_candidates(tuple(words[start:stop]), T._verb_opens(before, words[start]), terms))
        before = words[stop].casefold()
        start = stop + 1
    if start < len(words):
        out.extend(T._run_candidates(tuple(words[start:]), T._verb_opens(before, words[start]), terms))
    return tuple(out)


def test_segment_candidates_equal_the_plain_walk(seed_texts, page_texts) -> None:
    """Every segment of the real texts and the awkward ones, one word or more, gives the candidates
    the plain walk over its runs gives."""
    texts = [*seed_texts[1], *seed_texts[2], *page_texts[1], *page_texts[2], *AWKWARD]
    segments = _segments(texts)
    one_word = [s for s in segments if len(T.WORD_RE.findall(s)) == 1]
    assert len(one_word) > 100 and "Dynabench" in one_word
    # Long forms among the terms: a refused word ("Novel") and words that break runs ("the", "propose").
    terms = frozenset({"novel", "in context learning", "the", "propose"})
    for segment in segments:
        for t in (frozenset(), terms):
            assert T._segment_candidates(segment, t) == _segment_candidates_reference(segment, t), segment
    assert T._segment_candidates("Dynabench", frozenset()) == (("dynabench", "Dynabench"),)
    assert T._segment_candidates("Novel", terms) == (("novel", "Novel"),)
    assert T._segment_candidates("the", terms) == ()  # a word that breaks runs makes none, term or not


def test_first_sentence_is_where_the_sentence_end_splits(seed_texts, page_texts) -> None:
    """The first sentence found from its punctuation is the one SENTENCE_END_RE splits off, on every
    abstract of the real texts and on sentence ends without a capital, with several spaces, a line
    break or a no-break space after them."""
    abstracts = [*seed_texts[2], *page_texts[2], *AWKWARD]
    assert sum(bool(a) for a in abstracts) > 100
    for abstract in abstracts:
        first, *rest = T.SENTENCE_END_RE.split(abstract, maxsplit=1)
        assert T._first_sentence(abstract) == (first, rest[0] if rest else None), abstract
    assert T._first_sentence("First!  \n Second one? Third") == ("First!", "Second one? Third")
    assert T._first_sentence("Numbers 3.5. And then") == ("Numbers 3.5.", "And then")
    assert T._first_sentence("Ends here.") == ("Ends here.", None)


def _title_verbs_reference(titles: list[str]) -> frozenset[str]:
    return frozenset(m.group(1).casefold() for t in titles for m in T.TITLE_GERUND_RE.finditer(t))


def test_title_gerunds_in_one_pass_equal_each_title_read_alone(seed_texts, page_texts) -> None:
    """The titles' opening "-ing" words, found in one pass over the titles joined by line breaks, are
    those each title gives alone: a title after one ending in a question mark or colon, opening with
    a space, gives none ("Why?" then " Training ..."); a title holding a line break reads them alone."""
    titles = [*seed_texts[1], *page_texts[1]]
    assert "\n" not in "".join(titles)
    for chosen in (titles, [*titles, *AWKWARD[:21]], AWKWARD[17:21], AWKWARD):
        one_pass = "\n" not in "".join(chosen)
        assert T._Gerunds.of(chosen, [], Counter()).title_verbs == _title_verbs_reference(chosen), one_pass
    after_question = ["Why? ", " Training data selection", "Evaluating: Testing"]
    assert T._Gerunds.of(after_question, [], Counter()).title_verbs == {"evaluating", "testing"}
    assert _title_verbs_reference(titles) >= {"probing"}


def _paper_scores_reference(counts, titled, opening, has_abstract, shared, corpus) -> dict[str, float]:
    """`_paper_scores` as it was: `_salience` per phrase."""
    keys = [k for k in counts if k in shared]
    inside: set[str] = set()
    holds: set[str] = set()
    present = set(keys)
    for key in keys:
        if " " in key:
            found = T._inner_phrases(key) & present
            if found:
                holds.add(key)
                inside |= found
    return {
        k: T._salience(k, counts[k], titled[k], opening[k], has_abstract, corpus, k in inside, k in holds) for k in keys
    }


def test_paper_scores_equal_salience_of_each_phrase(seed_texts) -> None:
    """Each paper's scores are `_salience`'s, to the last bit, on the seeds' papers as extract counts
    them (nested phrases among them) and on made-up papers: none, one or nested shared phrases, title
    mentions only, no abstract, a phrase named in other titles."""
    _, titles, abstracts = seed_texts
    acronyms = T.acronym_table(titles, abstracts)
    counts, titled, opening, surface = T.paper_candidates(titles, abstracts, acronyms)
    T._merge_variants(counts, [*titled, *opening], surface)
    df, named = T.document_frequencies(counts), T.document_frequencies(titled)
    shared = {k for k, d in df.items() if d >= T.MIN_PAPERS}
    corpus = T._Corpus.of(df, named, shared, acronyms)
    nested = 0
    for c, t, o, a in zip(counts, titled, opening, abstracts):
        want = _paper_scores_reference(c, t, o, bool(a), shared, corpus)
        got = T._paper_scores(c, t, o, bool(a), shared, corpus)
        assert list(got.items()) == list(want.items())
        keys = [k for k in c if k in shared]
        nested += any(T._inner_phrases(k) & set(keys) for k in keys)
    assert nested > 20  # papers where a phrase holds another: the nesting terms are exercised
    rng = random.Random(15)
    pool = sorted(shared)
    for _ in range(300):
        keys = rng.sample(pool, rng.randint(0, 4))
        keys += [k for k in pool if " " in k and any(k.endswith(" " + j) for j in keys)][:1]
        c = Counter({k: rng.randint(1, 4) for k in keys})
        t = Counter({k: min(c[k], rng.randint(0, 2)) for k in keys if rng.random() < 0.5})
        o = Counter({k: 1 for k in keys if rng.random() < 0.3})
        for has_abstract in (True, False):
            want = _paper_scores_reference(c, t, o, has_abstract, shared, corpus)
            got = T._paper_scores(c, t, o, has_abstract, shared, corpus)
            assert list(got.items()) == list(want.items())
    assert all(0 < v < 1 and not math.isnan(v) for v in got.values())


def _pick_reference(score: dict[str, float], allowed: set[str], limit: int) -> list[str]:
    """`_pick` as it was: (value, key) pairs sorted by a key function."""
    ranked = sorted(((v, k) for k, v in score.items() if k in allowed), key=lambda t: (-t[0], t[1]))
    chosen: list[str] = []
    for value, key in ranked:
        if len(chosen) == limit or value < T.MIN_CONFIDENCE + T.CONFIDENCE_STEP * len(chosen):
            break
        if not any(T._overlaps(key, other) for other in chosen):
            chosen.append(key)
    return chosen


def _cover_reference(chosen: list[list[str]], scores: list[dict[str, float]], limit: int) -> None:
    """`_cover` as it was: each paper's phrases sorted by a key function."""
    holders: dict[str, set[int]] = {}
    for i, keys in enumerate(chosen):
        for key in keys:
            holders.setdefault(key, set()).add(i)
    ranked: set[str] = set()
    carriers: dict[str, list[tuple[float, int]]] = {}
    for i, score in enumerate(scores):
        for key in score:
            carriers.setdefault(key, []).append((-score[key], i))
    for i, keys in enumerate(chosen):
        if keys:
            continue
        ranked_here = ((v, k) for k, v in scores[i].items() if v >= T.COVER_MIN_CONFIDENCE and T._is_topic(k))
        for _, key in sorted(ranked_here, key=lambda t: (-t[0], t[1])):
            held = holders.setdefault(key, set())
            if len(held) > (i in held):
                keys.append(key)
                held.add(i)
                break
            if key not in ranked:
                carriers[key].sort()
                ranked.add(key)
            partner = next(
                (j for v, j in carriers[key] if j != i and len(chosen[j]) < limit and -v >= T.COVER_MIN_CONFIDENCE),
                None,
            )
            if partner is not None:
                keys.append(key)
                chosen[partner].append(key)
                held.update((i, partner))
                break


def _made_up_scores(rng: random.Random, papers: int) -> list[dict[str, float]]:
    """Scores with ties (the same value for several phrases, ordered then by key), values on the
    thresholds, and phrases inside others ("cache", "kv cache", "kv cache eviction")."""
    phrases = [
        "kv cache eviction", "kv cache", "cache", "cache eviction", "sparse autoencoder", "autoencoder",
        "linear probing", "probing", "steering vector", "grokking", "memorization", "in context learning",
    ]  # fmt: skip
    values = [T.MIN_CONFIDENCE, T.MIN_CONFIDENCE + T.CONFIDENCE_STEP, T.COVER_MIN_CONFIDENCE, 0.5, 0.5, 0.9, 0.3, 0.1]
    return [
        {k: rng.choice(values) if rng.random() < 0.6 else rng.random() for k in rng.sample(phrases, rng.randint(0, 6))}
        for _ in range(papers)
    ]


def test_picks_and_cover_equal_the_key_function_sorts() -> None:
    """A paper's picks and the cover of papers left without a topic are those of the sorts by a key
    function they replace, on made-up scores full of ties and threshold values."""
    rng = random.Random(16)
    scores = _made_up_scores(rng, 400)
    allowed = {"kv cache eviction", "kv cache", "cache", "sparse autoencoder", "linear probing", "probing", "grokking"}
    tied = 0
    for score in scores:
        for limit in (1, 2, 4):
            assert T._pick(score, allowed, limit) == _pick_reference(score, allowed, limit), score
        tied += len(set(score.values())) < len(score)
    assert tied > 50
    for limit in (1, 4):
        chosen = [_pick_reference(score, allowed, limit) for score in scores]
        assert sum(not keys for keys in chosen) > 50  # papers the cover is for
        fast, slow = [list(keys) for keys in chosen], [list(keys) for keys in chosen]
        T._cover(fast, scores, limit)
        _cover_reference(slow, scores, limit)
        assert fast == slow
        assert fast != chosen


def test_topic_ids_are_those_mint_column_gives(seed_texts) -> None:
    """The paper topics' ids, minted once per topic, are mint_column's: the same strings and column
    type, for the seeds' papers and for papers with no topic (an empty table, whose ids stay objects)."""
    ids, titles, abstracts = seed_texts
    papers = pd.DataFrame({"paper_id": ids, "title": titles, "abstract": abstracts})
    topics, paper_topics = T.extract(papers)
    by_id = dict(zip(topics["topic_id"], topics["key"]))
    keys = pd.Series([by_id[i] for i in paper_topics["topic_id"]], dtype=topics["key"].dtype)
    want = mint_column("topic", keys)
    assert paper_topics["topic_id"].tolist() == want.tolist() and len(want) > 300
    assert paper_topics["topic_id"].dtype == want.dtype
    _, none = T.extract(papers.head(1))
    assert none.empty and none["topic_id"].dtype == mint_column("topic", pd.Series([], dtype=object)).dtype == object


def _american_reference(word: str) -> str:
    """`american` as it was: BRITISH_RE asked of every word."""
    if not lex.BRITISH_RE.search(word):
        return word
    for pattern, repl in lex.SPELLING_RULES:
        variant = pattern.sub(repl, word)
        if variant != word and lex.zipf(variant) >= lex.MIN_VARIANT_ZIPF and lex.zipf(variant) > lex.zipf(word):
            return variant
    return word


def _word_parts_reference(word: str) -> tuple[str, ...]:
    """`_word_parts` as it was: every word split at SPLIT_RE."""
    return tuple(_american_reference(p) for p in T.SPLIT_RE.split(unicodedata.normalize("NFKC", word).casefold()) if p)


def test_word_parts_and_spellings_equal_the_regex_reads(seed_texts, page_texts) -> None:
    """A word's key parts and its American spelling, with BRITISH_RE's endings written out and words
    without a hyphen or apostrophe not split, are those of the regexes: on every word of the real
    texts, and on words made of every ending, hyphens, apostrophes, full-width forms and line breaks."""
    texts = [*seed_texts[1], *seed_texts[2], *page_texts[1], *page_texts[2], *AWKWARD]
    stems = ["colour", "tokenis", "analys", "model", "cent", "judg", "behavi", "x", "", "lab", "organ", "labour"]
    made = [s + e for s in stems for e in lex.BRITISH_ENDINGS]
    made += [w + "\n" for w in ("organise", "behaviour", "analyse", "modelling")]  # BRITISH_RE's $ before a last \n
    made += ["in-context", "state-of-the-art", "model's", "l’amour", "-", "'", "Ｌｅｖｅｌｌｉｎｇ"]
    words = [*_words(texts), *made]
    changed = 0
    for word in words:
        assert lex.american.__wrapped__(word) == _american_reference(word), word
        assert T._word_parts.__wrapped__(word) == _word_parts_reference(word), word
        changed += _american_reference(word.casefold()) != word.casefold()
    assert changed > 20  # British spellings made American: the rules are exercised
    assert T._word_parts("Modelling") == ("modeling",) and lex.american("organise\n") == "organize\n"


def _gerund_counts_reference(corpus: str) -> tuple[Counter[str], Counter[str]]:
    """`_gerund_counts` as `_Gerunds.of` counted before: GERUND_USE_RE read forwards over the corpus."""
    uses = T.GERUND_USE_RE.findall(corpus)
    seen = Counter(g for g, _ in uses)
    objects = Counter(g for g, o in uses if o)
    seen.update(T.GERUND_RE.findall(" ".join(o for _, o in uses if o)))
    return seen, objects


GERUND_PIECES = [
    "using", "applying", "training", "testing", "ing", "king", "the", "a", "an", "and", "each", "such", "5",
    "5-shot-testing", "12ing", "3.5-training", "x-ing", "éing", "_training", "2training", "Xtraining",
    "training_the", "comprising", "500", "thing", "singing", "bring", "ringing", "7-", "-", ".", ",", "(", ")",
    "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\u2028", "these", "its", "their", "both", "alls", "athe",
]  # fmt: skip


def test_gerunds_counted_from_the_reversed_corpus_as_read_forwards(seed_texts, page_texts) -> None:
    """Every gerund and every use that takes an object, counted from the corpus read backwards, as
    GERUND_USE_RE counts them forwards: on the real texts joined as `_Gerunds.of` joins them, on the
    cases tests/test_topic_counts.py names, and on random strings of gerunds, determiners, numbers
    holding gerunds ("5-shot-testing"), letters outside a-z, underscores, punctuation and spaces of
    every kind (where objects swallow the gerunds after them, in chains)."""
    for titles, abstracts in (seed_texts[1:], page_texts[1:]):
        corpus = "\n".join((*titles, *abstracts)).casefold()
        assert T._gerund_counts(corpus) == _gerund_counts_reference(corpus)
    assert T._gerund_counts("using 5-testing the") == (Counter(using=1, testing=1), Counter(using=1))
    swallowed_then_own = T._gerund_counts("using 5-testing. testing the")
    assert swallowed_then_own == (Counter(using=1, testing=2), Counter(using=1, testing=1))
    rng = random.Random(17)
    with_objects = 0
    for _ in range(3000):
        pieces = rng.choices(GERUND_PIECES, k=rng.randint(0, 30))
        corpus = "".join(p + rng.choice(["", " ", " ", "\n"]) for p in pieces)
        want = _gerund_counts_reference(corpus)
        assert T._gerund_counts(corpus) == want, corpus
        with_objects += sum(want[1].values()) > 1
    assert with_objects > 300
