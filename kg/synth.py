"""Synthetic corpora for benchmarks: pages in all four layouts, with a ground truth.

Deterministic by seed. Productivity is heavy-tailed (a few people write many papers),
teams run from 1 to 30 authors with long lists printed as three names and "et al.",
people work mostly within communities that share topics and a category, some people
are printed with and without a middle name, papers appear on more than one page, dates
span twenty years, and papers carry organization slugs (a few unknown to kg).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.categories import CS_CATEGORIES
from kg.extract import compact, daily, profile, titles
from kg.model import Page, Record
from kg.organizations import ORGANIZATIONS

SYLLABLES = (
    "ka ri lo ma na ta shi ven dor al be ce da el fi go ha in jo ku le mi no or pa qui ra se ti ul va wen xi ya zo "
    "bar cor del fen gar hol jin kel lin mor nel pol ros sun tor vin wal yor zan ber dan gil hen kor lan mar nor"
).split()
TOPIC_HEADS = (
    "attention retrieval parsing alignment distillation quantization unlearning memorization tokenization "
    "translation summarization grounding planning navigation segmentation detection recommendation pruning "
    "calibration steering probing decoding watermarking compression augmentation"
).split()
TOPIC_MODIFIERS = (
    "sparse contrastive causal neural symbolic multilingual federated adversarial hierarchical graph temporal "
    "semantic robust low-rank bayesian differentiable multimodal interpretable private efficient"
).split()
VERBS = "Scaling Revisiting Learning Improving Understanding Benchmarking Evaluating Rethinking Steering".split()
GLUE = "for with under via beyond through".split()
SENTENCES = (
    "We study {a} and show how it interacts with {b}.",
    "Our method improves {a} on standard benchmarks while keeping {b} cheap.",
    "Experiments across several settings suggest that {a} matters more than {b}.",
    "We release code and data for {a}.",
)
LAYOUT_SIZE = {"compact": 50, "daily": 25, "title-abstract": 120}
START_YEAR, YEARS = 2006, 20


@dataclass
class Corpus:
    files: int
    papers: int
    people: int
    records: int


def _words(rng: np.random.Generator, count: int, low: int, high: int) -> list[str]:
    """Distinct capitalized invented words of low..high syllables."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        n = int(rng.integers(low, high + 1))
        word = "".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), n)).capitalize()
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def synthesize(papers: int, seed: int, out: Path) -> Corpus:
    """Writes `out/pages/*.txt` and `out/truth/{papers,people}.jsonl`."""
    rng = np.random.default_rng(seed)
    n_people = max(3, int(papers * 1.1))
    n_comm = max(1, n_people // 150)

    # People: unique (first, last) pairs; one in ten also has a middle name, printed or not.
    firsts = _words(rng, 3000, 2, 3)
    lasts = _words(rng, 3000, 2, 3)
    pair = rng.choice(len(firsts) * len(lasts), size=n_people, replace=False)
    middles = _words(rng, 400, 2, 2)
    has_middle = rng.random(n_people) < 0.1
    middle = rng.integers(0, len(middles), n_people)
    community = rng.integers(0, n_comm, n_people)
    weight = rng.pareto(1.3, n_people) + 1.0  # productivity: heavy-tailed

    def name(i: int, with_middle: bool) -> str:
        first, last = firsts[pair[i] // len(lasts)], lasts[pair[i] % len(lasts)]
        return f"{first} {middles[middle[i]]} {last}" if with_middle and has_middle[i] else f"{first} {last}"

    # Communities: a category, two organizations, three topics each.
    cat_codes = list(CS_CATEGORIES)
    comm_cat = rng.choice(["CL", "LG", "CV", "AI", "IR", "CR", "RO", "SE"], n_comm)
    orgs = [*ORGANIZATIONS, *(f"lab-{i}" for i in range(20))]  # some slugs kg does not know
    comm_orgs = rng.integers(0, len(orgs), (n_comm, 2))
    topics = [f"{m} {h}" for m in TOPIC_MODIFIERS for h in TOPIC_HEADS]
    comm_topics = rng.integers(0, len(topics), (n_comm, 3))

    # Authors: the lead by productivity, the others mostly from the lead's community.
    order = np.lexsort((np.arange(n_people), community))
    bounds = np.searchsorted(community[order], np.arange(n_comm + 1))
    cum = np.empty(n_people)
    for c in range(n_comm):
        block = weight[order[bounds[c] : bounds[c + 1]]]
        cum[bounds[c] : bounds[c + 1]] = c + np.cumsum(block) / block.sum() if len(block) else []
    lead = rng.choice(n_people, size=papers, p=weight / weight.sum())
    sizes = rng.choice(np.arange(1, 31), size=papers, p=_team_size_distribution())
    paper_comm = community[lead]

    def pick(c: int, k: int) -> list[int]:
        if bounds[c + 1] == bounds[c]:
            return []
        u = c + rng.random(k) * (1 - 1e-12)
        idx = np.minimum(np.searchsorted(cum, u, side="right"), bounds[c + 1] - 1)
        return order[np.maximum(idx, bounds[c])].tolist()

    coined = _words(rng, papers, 2, 4)
    truth_papers = []
    records: dict[int, list[Record]] = {}
    dates = []
    for p in range(papers):
        c = int(paper_comm[p])
        team = [int(lead[p])]
        others = pick(c, int(sizes[p]) - 1)
        strangers = rng.random(len(others)) < 0.1
        for i, person in enumerate(others):
            person = int(rng.integers(0, n_people)) if strangers[i] else person
            if person not in team:
                team.append(person)
        rng.shuffle(team)
        t1, t2 = (topics[i] for i in rng.choice(comm_topics[c], 2, replace=False))
        title = f"{coined[p]}: {VERBS[p % len(VERBS)]} {t1.title()} {GLUE[p % len(GLUE)]} {t2.title()}"
        abstract = " ".join(SENTENCES[(p + k) % len(SENTENCES)].format(a=t1, b=t2) for k in range(3))
        year = START_YEAR + min(YEARS - 1, int(rng.beta(2.0, 1.2) * YEARS))
        date = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29))).isoformat()
        dates.append(date)
        slugs = [orgs[i] for i in comm_orgs[c][: int(rng.choice([0, 0, 1, 2]))]]
        truth_papers.append({"paper": p, "title": title, "authors": team, "date": date})
        category = str(comm_cat[c] if rng.random() < 0.9 else rng.choice(cat_codes))
        records[p] = [title, abstract, team, date, slugs, category]

    pages = _lay_out(rng, papers, truth_papers, weight)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages").mkdir(exist_ok=True)
    (out / "truth").mkdir(exist_ok=True)
    count = 0
    for n, (layout, owner, members) in enumerate(pages):
        recs = []
        for p in members:
            title, abstract, team, date, slugs, cat = records[p]
            printed = [name(i, bool(rng.random() < 0.5)) for i in team]
            cut = len(printed) > 3
            recs.append(
                Record(
                    source="",
                    line=0,
                    layout=layout,
                    title=title,
                    abstract=abstract,
                    authors=printed[:3] if layout in ("profile", "compact") else [],
                    authors_truncated=cut if layout in ("profile", "compact") else False,
                    author_count=len(team) if layout == "daily" else None,
                    affiliations=slugs if layout in ("profile", "compact") else [],
                    category=cat if layout in ("profile", "compact") else None,
                    date=date if layout != "title-abstract" else None,
                    has_code=bool(p % 7 == 0) and layout in ("profile", "compact"),
                    score=round(float(rng.uniform(0.5, 40)), 1) if layout == "compact" else None,
                    comments=int(rng.integers(0, 50)) if layout == "daily" else None,
                )
            )
        count += len(recs)
        page = Page(source="", layout=layout)
        if layout == "profile":
            page.owner = name(owner, False)
            page.h_index, page.papers = int(rng.integers(1, 80)), len(recs)
            page.citations, page.owner_category = int(rng.integers(10, 50_000)), "CL"
            page.novelty, page.ai_score = int(rng.integers(1, 100)), int(rng.integers(1, 100))
        if layout == "daily":
            page.listing_date = None
        module = {"profile": profile, "compact": compact, "daily": daily, "title-abstract": titles}[layout]
        text = module.render(recs, page)
        (out / "pages" / f"{n:06d}_{layout}.txt").write_text(text, encoding="utf-8")
    with (out / "truth" / "papers.jsonl").open("w", encoding="utf-8") as f:
        for row in truth_papers:
            f.write(json.dumps(row) + "\n")
    with (out / "truth" / "people.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n_people):
            variant = name(i, True) if has_middle[i] else None
            f.write(json.dumps({"person": i, "name": name(i, False), "variant": variant}) + "\n")
    return Corpus(files=len(pages), papers=papers, people=n_people, records=count)


def _team_size_distribution() -> np.ndarray:
    """Most teams have two to five authors; a long tail runs to thirty."""
    sizes = np.arange(1, 31)
    weights = np.where(sizes <= 6, [0.07, 0.2, 0.22, 0.18, 0.12, 0.08] + [0] * 24, 0.13 / 24)
    return weights / weights.sum()


def _lay_out(
    rng: np.random.Generator, papers: int, truth: list[dict], weight: np.ndarray
) -> list[tuple[str, int, list[int]]]:
    """Pages as (layout, owner, papers): profiles of productive people list their papers;
    other papers go to compact, daily and title–abstract lists; about one paper in ten is
    listed twice."""
    by_person: dict[int, list[int]] = {}
    for row in truth:
        for person in row["authors"]:
            by_person.setdefault(person, []).append(row["paper"])
    threshold = 8
    owners = sorted(p for p, ps in by_person.items() if len(ps) >= threshold)
    pages: list[tuple[str, int, list[int]]] = []
    listed = np.zeros(papers, dtype=bool)
    budget = int(papers * 0.4)  # about four papers in ten reach a profile page
    for owner in owners:
        if budget <= 0:
            break
        mine = by_person[owner][:200]
        pages.append(("profile", owner, mine))
        listed[mine] = True
        budget -= len(mine)
    rest = np.flatnonzero(~listed)
    again = np.flatnonzero(rng.random(papers) < 0.1)
    layouts = rng.choice(["compact", "daily", "title-abstract"], size=len(rest), p=[0.45, 0.25, 0.30])
    for layout in ("compact", "daily", "title-abstract"):
        chosen = rest[layouts == layout].tolist()
        if layout == "daily":
            chosen = sorted(set(chosen) | set(again.tolist()))
        size = LAYOUT_SIZE[layout]
        for i in range(0, len(chosen), size):
            pages.append((layout, -1, chosen[i : i + size]))
    return pages
