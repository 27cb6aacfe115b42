"""Topics: normalization, acronyms, the seeds' coverage, and quality against a blind gold set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg import sparql
from kg.build import build, find_inputs
from kg.ids import slug, title_key
from kg.topics import WORD_RE, candidates, define_acronyms, extract, phrase_key

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((Path(__file__).parent / "data" / "topics_gold.json").read_text(encoding="utf-8"))["papers"]

# Floors for the gold set. A topic needs two papers, and only 49 of the gold set's 130
# topics occur in two or more seed papers at all, so no extractor obeying that rule can
# recall more than 0.38 of them. Measured on the seeds: precision 0.49, recall 0.34,
# recall of the reachable topics 0.59. The floors sit below, to catch regressions.
PRECISION_FLOOR = 0.42
RECALL_FLOOR = 0.28
REACHABLE_RECALL_FLOOR = 0.50


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("topics")
    return build(find_inputs([ROOT / "seeds"]), out, dt.date(2026, 11, 24)), out


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _same_topic(a: str, b: str) -> bool:
    """Predicted and gold topics match when one's words contain the other's
    ("sparse autoencoder" matches "sparse autoencoder tuning"): labels differ in detail."""
    x, y = set(a.split(" ")), set(b.split(" "))
    return x <= y or y <= x


def _scores(built) -> dict[str, float]:
    res = built[0].resolution
    keys = res.topics.set_index("topic_id")["key"]
    texts = [
        f" {' '.join(phrase_key([w]) for w in _words(f'{t}. {a}'))} "
        for t, a in zip(res.papers["title"], res.papers["abstract"].fillna(""))
    ]
    hits = predicted = found = gold_total = reachable = reachable_found = 0
    for paper in GOLD:
        pid = "paper/" + slug(title_key(paper["title"]))
        assert pid in set(res.papers["paper_id"]), paper["title"]
        pred = [keys[t] for t in res.paper_topics.loc[res.paper_topics["paper_id"] == pid, "topic_id"]]
        gold = [phrase_key(_words(t)) for t in paper["topics"] + paper["implied"]]
        hits += sum(any(_same_topic(p, g) for g in gold) for p in pred)
        predicted += len(pred)
        for g in gold:
            ok = any(_same_topic(p, g) for p in pred)
            found += ok
            gold_total += 1
            if sum(f" {g} " in text for text in texts) >= 2:
                reachable += 1
                reachable_found += ok
    return {
        "precision": hits / predicted,
        "recall": found / gold_total,
        "reachable_recall": reachable_found / reachable,
    }


def test_gold_set_is_large_enough_and_spread_over_layouts() -> None:
    assert len(GOLD) >= 25
    assert len({p["source"] for p in GOLD}) == 4


def test_quality_against_the_hand_labelled_set(built) -> None:
    scores = _scores(built)
    assert scores["precision"] >= PRECISION_FLOOR, scores
    assert scores["recall"] >= RECALL_FLOOR, scores
    assert scores["reachable_recall"] >= REACHABLE_RECALL_FLOOR, scores


def test_nearly_every_seed_paper_has_a_topic_beyond_its_category(built) -> None:
    """A paper gets no topic when none of its noun phrases is shared by another paper: five seed
    papers ("Generating Search Explanations using Large Language Models") share no specific phrase."""
    res = built[0].resolution
    covered = set(res.paper_topics["paper_id"])
    assert covered <= set(res.papers["paper_id"])
    assert len(covered) >= 0.95 * len(res.papers)
    assert not set(res.paper_topics["topic_id"]) & set(res.categories["category_id"])


def test_topics_are_shared_and_none_covers_a_quarter(built) -> None:
    res = built[0].resolution
    carried = res.paper_topics.groupby("topic_id")["paper_id"].nunique()
    assert (carried >= 2).all()
    assert (carried >= 2).sum() >= 30
    assert carried.max() <= len(res.papers) / 4
    assert res.paper_topics.groupby("paper_id").size().max() <= 5


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
