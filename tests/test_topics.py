"""Topics: normalization, acronyms, the seeds' coverage, and quality against a blind gold set."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg import sparql
from kg import topic_lexicon as lex
from kg.build import build, find_inputs
from kg.ids import slug, title_key
from kg.topics import WORD_RE, candidates, define_acronyms, extract, phrase_key

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((Path(__file__).parent / "data" / "topics_gold.json").read_text(encoding="utf-8"))["papers"]


def _held_out(paper: dict) -> bool:
    """A fixed third of the gold, by a hash of the title, that no weight or word list was tuned on:
    kg.topics' weights were fitted on the other two thirds (the tuning split)."""
    return int(hashlib.sha1(paper["title"].encode("utf-8")).hexdigest(), 16) % 3 == 0


HELD_OUT = [p for p in GOLD if _held_out(p)]
TUNING = [p for p in GOLD if not _held_out(p)]

SHARED = ROOT.parent / "shared"
SEED_FILES = {p.name for p in (ROOT / "seeds").glob("*.txt")}

# The issue's targets, on the blind gold (tests/data/topics_gold.json, labelled by someone who
# never saw kg's output): precision of the assigned topics, and recall of the gold topics that
# are reachable at all (that occur in two or more papers of the corpus: a topic needs two papers).
PRECISION_TARGET = 0.8
REACHABLE_RECALL_TARGET = 0.7
# What the extractor measures now, less a margin: floors that catch regressions, on the whole gold
# and on its held-out third (see _held_out). They are below the targets above, which
# test_quality_reaches_the_issue_targets_on_the_blind_gold holds (xfail). Measured with the real
# captures read as kg reads them (`read_gold`): whole gold precision 0.760, reachable recall 0.557;
# held-out 0.816 / 0.569; tuning split 0.734 / 0.551 (before compounds of generic nouns were
# candidates and a title's one-word label a name: 0.749 / 0.549, 0.812 / 0.553, 0.721 / 0.547).
# (Before the captures were read, their papers were given by title alone, and an earlier extractor
# measured 0.758 / 0.622, 0.792 / 0.626.)
QUALITY_FLOOR = {"precision": 0.75, "reachable_recall": 0.55}
HELD_OUT_FLOOR = {"precision": 0.81, "reachable_recall": 0.56}

# Words no topic may be (the issue's list, and more of their kinds): function words, verb forms,
# adverbs, generic academic words, a title's fictional name, a possessive read as a phrase.
NOT_TOPICS = (
    "assumptions modalities altogether applying building collecting future despite having fall short "
    "increasingly capable requiring providing generalizing importance consideration description however "
    "moreover thus therefore furthermore significantly interestingly approach approaches results paper method "
    "methods novel recent existing various several different finally additionally notably respectively "
    "including using based via among despite although whereas whether towards within across"
).split()
NOT_TOPIC_PHRASES = ("despite having", "fall short", "increasingly capable", "harry potter", "model s answer")
# Found in the seeds' build before issue 16's second pass: a verb and its object ("while mitigating
# biases", "learn to track entities"), the architecture every model has, and a cut "natural
# language reasoning".
NOT_TOPIC_PHRASES += ("mitigating bias", "track entity", "transformer", "language reasoning")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("topics")
    return build(find_inputs([ROOT / "seeds"]), out, dt.date(2026, 11, 24)), out


@pytest.fixture(scope="module")
def read_gold(tmp_path_factory: pytest.TempPathFactory):
    """The gold's papers as kg reads them: the seeds and the real captures the gold was labelled on."""
    if not (SHARED / "real-pages").is_dir():
        pytest.skip("../shared/real-pages is absent")
    captures = sorted({p["source"] for p in GOLD} - SEED_FILES)
    out = tmp_path_factory.mktemp("gold")
    return build(
        find_inputs([ROOT / "seeds", *(SHARED / "real-pages" / name for name in captures)]), out, dt.date(2026, 11, 24)
    ), out


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _same_topic(a: str, b: str) -> bool:
    """Predicted and gold topics match when one's words contain the other's
    ("sparse autoencoder" matches "sparse autoencoder tuning"): labels differ in detail."""
    x, y = set(a.split(" ")), set(b.split(" "))
    return x <= y or y <= x


def _corpus(built) -> pd.DataFrame:
    """The papers of a build: with `read_gold`, the seeds' and the real captures' papers, each with
    whatever its capture prints (18 of the gold's 46 papers from real captures have an abstract)."""
    return built[0].resolution.papers[["paper_id", "title", "abstract"]]


def _scores(built, gold: list[dict] = GOLD) -> dict[str, float]:
    corpus = _corpus(built)
    topics, paper_topics = extract(corpus)
    keys = topics.set_index("topic_id")["key"]
    texts = [
        f" {' '.join(phrase_key([w]) for w in _words(f'{t}. {a}'))} "
        for t, a in zip(corpus["title"], corpus["abstract"].fillna(""))
    ]
    predicted_by_paper = paper_topics.groupby("paper_id")["topic_id"].agg(list)
    hits = predicted = found = gold_total = reachable = reachable_found = 0
    for paper in gold:
        pid = "paper/" + slug(title_key(paper["title"]))
        assert pid in set(corpus["paper_id"]), paper["title"]
        pred = [keys[t] for t in predicted_by_paper.get(pid, [])]
        gold_keys = [phrase_key(_words(t)) for t in paper["topics"] + paper["implied"]]
        hits += sum(any(_same_topic(p, g) for g in gold_keys) for p in pred)
        predicted += len(pred)
        for g in gold_keys:
            ok = any(_same_topic(p, g) for p in pred)
            found += ok
            gold_total += 1
            if sum(f" {g} " in text for text in texts) >= 2:
                reachable += 1
                reachable_found += ok
    return {
        "papers": len(gold),
        "precision": hits / predicted,
        "recall": found / gold_total,
        "reachable": reachable,
        "reachable_recall": reachable_found / reachable,
    }


def test_gold_set_is_large_enough_and_spread_over_layouts_and_real_captures() -> None:
    assert len(GOLD) >= 80
    sources = {p["source"] for p in GOLD}
    assert sources >= SEED_FILES  # the four seed layouts
    assert len(sources - SEED_FILES) >= 3  # the real captures


@pytest.mark.skipif(not (SHARED / "real-pages").is_dir(), reason="../shared/real-pages is absent")
def test_gold_real_entries_are_real_captures() -> None:
    real = {p["source"] for p in GOLD} - SEED_FILES
    assert real <= {p.name for p in (SHARED / "real-pages").iterdir()}


@pytest.mark.xfail(
    strict=True,
    reason="issue 16's targets (precision 0.8, reachable recall 0.7) are not reached: measured 0.76 / 0.56 "
    "on the 189-paper blind gold, 0.82 / 0.57 on its held-out third (see QUALITY_FLOOR); strict, so reaching "
    "them turns this red",
)
def test_quality_reaches_the_issue_targets_on_the_blind_gold(read_gold) -> None:
    scores = _scores(read_gold)
    assert scores["precision"] >= PRECISION_TARGET, scores
    assert scores["reachable_recall"] >= REACHABLE_RECALL_TARGET, scores


def test_quality_floor_below_the_issue_targets(read_gold) -> None:
    """A regression floor BELOW the issue's targets (0.8 / 0.7), which this extractor does not reach.
    Measured on the blind gold (189 papers): precision 0.760, recall 0.371, reachable recall 0.557."""
    scores = _scores(read_gold)
    assert scores["papers"] >= 80
    assert scores["precision"] >= QUALITY_FLOOR["precision"], scores
    assert scores["reachable_recall"] >= QUALITY_FLOOR["reachable_recall"], scores


def test_quality_floor_on_the_held_out_gold(read_gold) -> None:
    """The same on the third of the gold no weight was fitted on (58 papers): precision 0.816,
    reachable recall 0.569, so the tuning did not only fit the papers it saw."""
    assert len(HELD_OUT) >= 50 and len(TUNING) >= 2 * len(HELD_OUT) - 5
    scores = _scores(read_gold, HELD_OUT)
    assert scores["precision"] >= HELD_OUT_FLOOR["precision"], scores
    assert scores["reachable_recall"] >= HELD_OUT_FLOOR["reachable_recall"], scores


def test_nearly_every_seed_paper_has_a_topic_beyond_its_category(built) -> None:
    """A paper gets no topic when none of its noun phrases is shared by another paper: some seed
    papers ("Generating Search Explanations using Large Language Models") share no specific phrase.
    "Dynabench: Rethinking Benchmarking in NLP" and "Dynaboard: ..." shared only the name "Dynabench",
    a name no topic (kg.topics.title_names; the blind gold names it for neither), so they have none."""
    res = built[0].resolution
    covered = set(res.paper_topics["paper_id"])
    assert covered <= set(res.papers["paper_id"])
    assert len(covered) >= 0.93 * len(res.papers)
    assert not {"paper/dynabench_rethinking_benchmarking_in_nlp"} & covered
    assert not set(res.paper_topics["topic_id"]) & set(res.categories["category_id"])


def test_topics_are_shared_and_none_covers_a_quarter(built) -> None:
    res = built[0].resolution
    carried = res.paper_topics.groupby("topic_id")["paper_id"].nunique()
    assert (carried >= 2).all()
    assert (carried >= 2).sum() >= 30
    assert carried.max() <= len(res.papers) / 4
    assert res.paper_topics.groupby("paper_id").size().max() <= 4


@pytest.mark.parametrize("which", ["built", "read_gold"])
def test_no_topic_is_a_function_word_verb_form_adverb_or_generic_word(
    which: str, request: pytest.FixtureRequest
) -> None:
    """The seeds' build (the issue's words), and the seeds with the real captures beside them."""
    res = request.getfixturevalue(which)[0].resolution
    keys = set(res.topics["key"]) | set(res.topic_rollups["key"])
    assert not keys & {phrase_key([w]) for w in NOT_TOPICS}
    assert not keys & set(NOT_TOPIC_PHRASES)
    assert not {k for k in keys if k.endswith(" s") or " s " in k}  # possessives: "model's answer"
    for key, label in zip(res.topics["key"], res.topics["label"]):
        # Judged by the lexicon too: no word of a topic is a function word or an adverb (a hyphenated
        # compound may hold one: "in-context", "LLM-as-a-judge"), and no one-word topic is only a verb
        # ("applying") or only an adjective ("multilingual").
        words = [w.casefold() for w in label.split(" ") if "-" not in w]
        assert not any(lex.is_function(w) or lex.is_adverb_only(w) for w in words), label
        if " " not in key:
            assert not lex.is_verb_only(key) or key.endswith("ing"), key
            assert lex.classes(key) != {"ADJ"}, key


def test_an_adverb_the_lexicon_lacks_is_no_topic() -> None:
    """lemminflect lacks "adaptively"; made from an adjective with "-ly", it is an adverb, not a
    term of art (it was a topic of a paper on the Hugging Face search page in ../shared/real-pages)."""
    assert lex.classes("adaptively") == {"ADV"} and lex.classes("hierarchically") == {"ADV"}
    assert lex.classes("anomaly") == {"NOUN"} and lex.classes("grokking") == {"UNK"}
    papers = pd.DataFrame(
        {
            "paper_id": ["p1", "p2", "p3"],
            "title": ["Adaptively routed sparse experts", "Sparse experts, adaptively", "Grokking sparse experts"],
            "abstract": ["We route adaptively.", "Tokens are sent adaptively.", "Grokking appears."],
        }
    )
    topics, _ = extract(papers, max_share=0.9)
    assert "adaptively" not in set(topics["key"])
    assert "sparse expert" in set(topics["key"])


def test_established_multi_word_terms_are_kept_whole() -> None:
    papers = pd.DataFrame(
        {
            "paper_id": [f"p{i}" for i in range(6)],
            "title": [
                "Path patching localizes circuits",
                "Circuits found by path patching",
                "Language acquisition in children and models",
                "Modeling language acquisition",
                "Question decomposition helps reasoning",
                "Faithful question decomposition",
            ],
            "abstract": [
                "We use path patching on attention heads.",
                "Path patching again.",
                "Language acquisition is studied.",
                "Language acquisition again.",
                "Question decomposition splits a question.",
                "Question decomposition again.",
            ],
        }
    )
    topics, paper_topics = extract(papers, max_share=0.9)
    keys = set(topics["key"])
    assert {"path patching", "language acquisition", "question decomposition"} <= keys
    assert not {"patching", "acquisition", "decomposition"} & keys
    assert set(paper_topics.groupby("paper_id").size().index) == set(papers["paper_id"])


def test_spelling_variants_and_near_duplicates_are_one_topic() -> None:
    papers = pd.DataFrame(
        {
            "paper_id": ["p1", "p2", "p3", "p4"],
            "title": [
                "Human judgement of fluency",
                "Calibrating human judgments",
                "Contextualized representations of words",
                "Probing contextual representations",
            ],
            "abstract": ["Human judgement again.", "Human judgments again.", "", "Contextual representations."],
        }
    )
    topics, _ = extract(papers, max_share=0.9)
    keys = set(topics["key"])
    assert "human judgment" in keys and "human judgement" not in keys
    merged = [k for k in keys if k.startswith("contextual")]
    assert len(merged) == 1, keys
    row = topics.set_index("key").loc[merged[0]]
    assert row["papers"] == 2


def test_broader_topics_roll_up_by_shared_heads(built) -> None:
    res, out = built[0].resolution, built[1]
    ids = dict(zip(res.topics["key"], res.topics["topic_id"])) | dict(
        zip(res.topic_rollups["key"], res.topic_rollups["topic_id"])
    )
    up = dict(zip(res.topic_broader["narrower"], res.topic_broader["broader"]))
    # The issue's example, from the seeds: a roll-up concept no paper carries itself.
    assert up[ids["masked language model"]] == ids["language model"]
    assert "language model" not in set(res.topics["key"])
    assert up[ids["mechanistic interpretability"]] == ids["interpretability"]
    assert set(up) <= set(ids.values()) and set(up.values()) <= set(ids.values())
    rollup = res.topic_rollups.set_index("key").loc["language model"]
    below = {n for n, b in up.items() if b == rollup["topic_id"]}
    assert len(below) >= 2
    assert rollup["papers"] == res.paper_topics[res.paper_topics["topic_id"].isin(below)]["paper_id"].nunique()
    # In the Turtle, so a query rolls topics up with skos:broader+.
    store = sparql.open_store(out / "graph.ttl")
    table = sparql.query_store(
        store,
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?label WHERE { ?t skos:broader+ ?b . ?b skos:prefLabel "language models"@en .
        ?t skos:prefLabel ?label } ORDER BY ?label""",
    )
    labels = {str(r[0]) for r in table.rows}
    assert "masked language model" in labels and len(labels) == len(below)


def test_topics_per_year_in_the_stats_and_the_report(built) -> None:
    res, out = built[0].resolution, built[1]
    table = pd.read_csv(out / "stats" / "topic_years.csv")
    assert list(table.columns) == ["topic", "year", "papers", "share", "topic_id"]
    dated = res.paper_topics.merge(res.papers[["paper_id", "year"]], on="paper_id").dropna(subset=["year"])
    assert table["papers"].sum() == len(dated)
    qa = table[table["topic"] == "question answering"].set_index("year")["papers"].to_dict()
    expected = dated[dated["topic_id"] == "topic/question_answering"].groupby("year").size()
    assert qa == {int(y): int(n) for y, n in expected.items()}
    assert ((table["share"] > 0) & (table["share"] <= 1)).all()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Topics over time" in page and "Rising" in page and "Fading" in page
    rising = page.split("Rising")[1].split("Fading")[0]
    assert "question answering" in rising or "question answering" in page.split("Fading")[1]


def test_background_phrases_are_not_topics(built) -> None:
    keys = set(built[0].resolution.topics["key"])
    for phrase in ("large language model", "language model", "this paper", "state of the art", "experimental result"):
        assert phrase not in keys


def test_normalization_joins_case_plural_and_hyphenation() -> None:
    assert phrase_key(["in-context", "learning"]) == phrase_key(["In", "Context", "Learning"]) == "in context learning"
    assert phrase_key(["Sparse", "Autoencoders"]) == phrase_key(["sparse", "autoencoder"])
    assert phrase_key(["KV", "caches"]) == "kv cache"


def test_acronyms_are_tied_to_their_expansion() -> None:
    defined = define_acronyms("Transformers excel at in-context learning (ICL) and sparse autoencoders (SAEs) help.")
    assert defined == {"ICL": ["in-context", "learning"], "SAE": ["sparse", "autoencoders"]}
    papers = pd.DataFrame(
        {
            "paper_id": ["p1", "p2", "p3", "p4"],
            "title": ["Stable ICL with curated data", "ICL under shift", "Graph coloring", "Protein folding"],
            "abstract": [
                "We study in-context learning (ICL) of small transformers.",
                "ICL is brittle when demonstrations shift.",
                "Coloring graphs greedily.",
                "Folding proteins quickly.",
            ],
        }
    )
    topics, paper_topics = extract(papers, max_share=0.9)
    row = topics.set_index("key").loc["in context learning"]
    assert "ICL" in row["alt_labels"]
    assert set(paper_topics.loc[paper_topics["topic_id"] == row["topic_id"], "paper_id"]) == {"p1", "p2"}


def test_candidates_do_not_cross_punctuation_or_stopwords() -> None:
    phrases = {" ".join(p) for p in candidates("Backdoor detection, for trigger inversion of models.")}
    assert "Backdoor detection" in phrases and "trigger inversion" in phrases
    assert not any("for" in p.split(" ") or "detection trigger" in p for p in phrases)


def test_a_verb_and_its_object_is_no_candidate() -> None:
    """The issue's "answer questions" kind: a verb after "to", or an "-ing" verb after "while"/"by",
    with its object is no noun phrase; a noun compound after "to" still is."""
    text = (
        "Models learn to track entities while mitigating biases, by steering activations. "
        "We turn to question answering and extrapolate to negative examples."
    )
    phrases = {" ".join(p) for p in candidates(text)}
    assert not {"track entities", "track", "mitigating biases", "steering activations"} & phrases, phrases
    assert {"question answering", "negative examples", "activations"} <= phrases, phrases


def test_topics_reach_turtle_and_sparql(built) -> None:
    res, out = built[0].resolution, built[1]
    g = Graph().parse(out / "graph.ttl", format="turtle")
    topic = res.topics.iloc[0]
    node = URIRef("https://example.org/kg/" + topic["topic_id"])
    assert (node, SKOS.prefLabel, Literal(topic["label"], lang="en")) in g
    store = sparql.open_store(out / "graph.ttl")
    query = sparql.with_params((ROOT / "queries" / "person-topics.rq").read_text(), {"name": "Najoung Kim"})
    table = sparql.query_store(store, query)
    kim = res.people.set_index("name").loc["Najoung Kim", "person_id"]
    expected = res.person_topics[res.person_topics["person_id"] == kim]
    assert len(table.rows) == len(expected)
    labels = res.topics.set_index("topic_id")["label"]
    assert {(r[1], r[2]) for r in table.rows} == {
        (labels[t], w) for t, w in zip(expected["topic_id"], expected["weight"])
    }


def test_topics_csv_lists_papers_people_and_years(built) -> None:
    table = pd.read_csv(built[1] / "stats" / "topics.csv")
    res = built[0].resolution
    assert len(table) == len(res.topics)
    carried = res.paper_topics.groupby("topic_id")["paper_id"].nunique()
    assert dict(zip(table["topic_id"], table["papers"])) == carried.to_dict()
    assert {"people", "top_people", "first_year", "last_year", "years"} <= set(table.columns)


def test_a_compound_of_nouns_in_one_hyphenated_word_is_a_candidate() -> None:
    """ "text-classification datasets" holds the term "text classification"; a hyphenated word that
    opens with a describing word, a letter or a Latin tag only modifies ("long-tail", "n-gram", "post-hoc")."""
    phrases = {" ".join(p) for p in candidates("We analyze four text-classification datasets.")}
    assert "text-classification" in phrases and "text-classification datasets" in phrases, phrases
    phrases = {" ".join(p) for p in candidates("Long-tail questions, n-gram novelty and post-hoc explainability.")}
    assert not {"Long-tail", "n-gram", "post-hoc"} & phrases, phrases
    # A noun made from a verb names a thing after a describing word too ("cross-attention"); lemminflect
    # lacks "reflection", its ending tells.
    phrases = {" ".join(p) for p in candidates("Agents use self-reflection, cross-attention and zero-shot transfer.")}
    assert {"self-reflection", "cross-attention"} <= phrases and "zero-shot" not in phrases, phrases


def test_a_paper_takes_no_topic_it_is_unlikely_about() -> None:
    """A paper left without a topic takes its best shared phrase, but not one it is less than
    COVER_MIN_CONFIDENCE likely about: one passing mention of a common phrase."""
    from kg.topics import COVER_MIN_CONFIDENCE, _cover

    chosen: list[list[str]] = [[], [], []]
    _cover(chosen, [{"search engine": 0.1}, {"search engine": 0.9}, {"graph coloring": 0.5}], 4)
    assert chosen == [[], [], []]
    _cover(chosen, [{"search engine": COVER_MIN_CONFIDENCE}, {"search engine": 0.9}, {}], 4)
    assert chosen == [["search engine"], ["search engine"], []]


def test_a_verb_after_its_subject_or_a_modal_opens_no_candidate() -> None:
    """ "we probe", "models can exploit": after a subject pronoun or a modal comes a verb, so the
    phrase starts after it."""
    text = "We probe contextual representations, and models can exploit hierarchical structure."
    phrases = {" ".join(p) for p in candidates(text)}
    assert not {"probe contextual representations", "exploit hierarchical structure", "probe"} & phrases, phrases
    assert {"contextual representations", "hierarchical structure"} <= phrases, phrases


def test_what_find_topics_reads_gives_the_same_topics(built) -> None:
    """The Dask build sends the worker that selects topics only the papers' texts and years and
    the authorship; the topics from that cut resolution equal those from the whole one."""
    import dataclasses

    from kg.topics import find_topics, what_find_topics_reads

    graph = built[0].resolution
    cut = what_find_topics_reads(graph)
    assert cut.paper_sources is None and set(cut.papers.columns) == {"paper_id", "title", "abstract", "year"}
    whole, part = find_topics(graph), find_topics(cut)
    for f in dataclasses.fields(whole):
        pd.testing.assert_frame_equal(getattr(part, f.name), getattr(whole, f.name), obj=f.name)
    assert len(whole.topics) > 20
    with pytest.raises((AttributeError, TypeError)):  # a table it needs, left out: fails at once
        find_topics(dataclasses.replace(cut, authorship=None))


def test_a_head_in_its_activity_doer_and_thing_forms_is_one_topic_and_its_modifier_none() -> None:
    """ "masked language modeling" and "masked language model(s)" are one topic; "masked language",
    which stands alone nowhere (always before "model" or "modeling"), is none; nor is "answering
    model", always cut from "question answering model"."""
    papers = pd.DataFrame(
        {
            "paper_id": [f"p{i}" for i in range(4)],
            "title": [
                "Masked language modeling for proteins",
                "Probing masked language models",
                "Calibrating question answering models",
                "Question answering models under shift",
            ],
            "abstract": [
                "Masked language modeling again.",
                "Masked language models again.",
                "Question answering models again.",
                "",
            ],
        }
    )
    topics, _ = extract(papers, max_share=0.9)
    keys = set(topics["key"])
    assert len({k for k in keys if k.startswith("masked language model")}) == 1, keys
    assert not {"masked language", "answering model"} & keys, keys
    assert "question answering model" in keys


def test_a_citation_names_no_candidate() -> None:
    text = "We use the benchmark of Kim and Linzen (2020) and BERT (Devlin et al., 2019), as Makelov et al. argue."
    phrases = {" ".join(p).casefold() for p in candidates(text)}
    assert not {"linzen", "devlin", "makelov", "kim"} & phrases, phrases
    assert "bert" in phrases and "benchmark" not in phrases


def test_a_compound_of_generic_nouns_is_a_candidate_and_a_verb_with_its_object_none() -> None:
    """ "transfer learning", "human evaluation": generic words, but nouns that make a term together;
    "understanding ..." and "we study ..." open a verb and its object, "novel approach" describes."""
    text = (
        "Transfer learning needs human evaluation. Understanding federated learning is hard. "
        "We study federated watermarking with a novel approach."
    )
    phrases = {" ".join(p) for p in candidates(text)}
    assert {"Transfer learning", "human evaluation"} <= phrases, phrases
    assert not {"Understanding federated learning", "study federated watermarking", "novel approach"} & phrases
