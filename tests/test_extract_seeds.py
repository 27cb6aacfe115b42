"""The four seed pages, read with as_of 2026-11-24, against values read off the pages by hand.

Every expected value below was typed in from the seed text, never copied from kg's output:
`line` is the 1-based line of the title in the file, dates are the printed dates in ISO form
(a date printed without a year is the latest such day not after 2026-11-24).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from kg.build import Extracted, extract_files, find_inputs
from kg.model import Page, Record

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
AS_OF = dt.date(2026, 11, 24)

P = "000_507a028c40c23cf4.txt"  # profile page of Najoung Kim
C = "001_255aaf5710b68c8f.txt"  # scored compact list
D = "002_9b389e03cf5b3e93.txt"  # daily papers
T = "003_624d472fb023f9d5.txt"  # title–abstract list


@dataclass(frozen=True)
class Expected:
    """One record as the page prints it; `abstract` is the whole text or its (start, end)."""

    source: str
    line: int
    layout: str
    title: str
    abstract: str | tuple[str, str]
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    author_count: int | None = None
    affiliations: tuple[str, ...] = ()
    category: str | None = None
    date: str | None = None
    has_code: bool = False
    score: float | None = None
    upvotes: int | None = None
    comments: int | None = None  # the discussion count printed after a daily card's date


PROFILE = [
    Expected(
        P,
        13,
        "profile",
        "BLOOM: A 176B-Parameter Open-Access Multilingual Language Model",
        (
            "Large language models (LLMs) have been shown to be able to perform new tasks",
            "we publicly release our models and code under the Responsible AI License.",
        ),
        authors=("BigScience Workshop", "Teven Le Scao", "Angela Fan"),
        authors_truncated=True,
        affiliations=("allen-ai", "berkeley"),
        category="CL",
        date="2022-11-09",
    ),
    Expected(
        P,
        20,
        "profile",
        "Reasoning or Reciting? Exploring the Capabilities and Limitations of Language Models "
        "Through Counterfactual Tasks",
        (
            "The impressive performance of recent language models across a wide range of tasks",
            "interpretation of language model performance that teases apart these aspects of behavior.",
        ),
        authors=("Zhaofeng Wu", "Linlu Qiu", "Alexis Ross"),
        authors_truncated=True,
        affiliations=("microsoft-research", "mit"),
        category="CL",
        date="2023-07-05",
    ),
    Expected(
        P,
        27,
        "profile",
        "Is artificial intelligence still intelligence? LLMs generalize to novel adjective-noun pairs, "
        "but don't mimic the full human distribution",
        (
            'Inferences from adjective-noun combinations like "Is artificial intelligence still intelligence?"',
            "which is promising but still leaves room for improvement.",
        ),
        authors=("Hayley Ross", "Kathryn Davidson", "Najoung Kim"),
        category="CL",
        date="2024-10-23",
    ),
    Expected(
        P,
        34,
        "profile",
        "Inverse Scaling: When Bigger Isn't Better",
        (
            "Work on scaling laws has found that large language models (LMs) show predictable improvements",
            "more careful thought needs to go into the data and objectives for training language models.",
        ),
        authors=("Ian R. McKenzie", "Alexander Lyzhov", "Michael Pieler"),
        authors_truncated=True,
        affiliations=("stanford", "utoronto"),
        category="CL",
        date="2023-06-15",
    ),
    Expected(
        P,
        62,
        "profile",
        "LAMBADA: Backward Chaining for Automated Reasoning in Natural Language",
        (
            "Remarkable progress has been made on automated reasoning with natural text,",
            "particularly when deep and accurate proof chains are required.",
        ),
        authors=("Mehran Kazemi", "Najoung Kim", "Deepti Bhatia"),
        authors_truncated=True,
        category="AI",
        date="2022-12-20",
    ),
    Expected(
        P,
        69,
        "profile",
        "(QA)$^2$: Question Answering with Questionable Assumptions",
        (
            "Naturally occurring information-seeking questions often contain questionable assumptions",
            "handling questionable assumptions, leaving substantial headroom for progress.",
        ),
        authors=("Najoung Kim", "Phu Mon Htut", "Samuel R. Bowman"),
        authors_truncated=True,
        category="CL",
        date="2022-12-20",
    ),
    Expected(
        P,
        83,
        "profile",
        "Do Language Models Track Entities Across State Changes?",
        (
            "Entity tracking (ET), the ability to keep track of states, is a fundamental skill",
            "by predicting failure modes missing from existing evaluations.",
        ),
        authors=("Zilu Tang", "Qiao Zhao", "Gabriel Franco"),
        authors_truncated=True,
        category="CL",
        date="2026-05-28",  # printed "CLMay 28"
    ),
    Expected(
        P,
        90,
        "profile",
        "SLOG: A Structural Generalization Benchmark for Semantic Parsing",
        (
            "The goal of compositional generalization benchmarks is to evaluate how well models generalize",
            "discrepancy between models' lexical and structural generalization capacities.",
        ),
        authors=("Bingzhi Li", "Lucia Donatelli", "Alexander Koller"),
        authors_truncated=True,
        category="CL",
        date="2023-10-23",
    ),
    Expected(
        P,
        111,
        "profile",
        "Reconstruction Probing",
        (
            "We propose reconstruction probing, a new analysis method for contextualized representations",
            "largely attributable to static and positional embeddings at the input layer.",
        ),
        authors=("Najoung Kim", "Jatin Khilnani", "Alex Warstadt"),
        authors_truncated=True,
        category="CL",
        date="2022-12-21",
    ),
    Expected(
        P,
        118,
        "profile",
        "Death of the Novel(ty): Beyond n-Gram Novelty as a Metric for Textual Creativity",
        (
            "N-gram novelty is widely used to evaluate language models' ability to generate text",
            "novelty scores from the best-performing model were predictive of expert writer preferences.",
        ),
        authors=("Arkadiy Saakyan", "Najoung Kim", "Smaranda Muresan"),
        authors_truncated=True,
        category="CL",
        date="2025-09-26",
        has_code=True,  # printed "CLSep 26, 2025Code"
    ),
    Expected(
        P,
        146,
        "profile",
        "Erasing More Than Intended? How Concept Erasure Degrades the Generation of Non-Target Concepts",
        (
            "Concept erasure techniques have recently gained significant attention",
            "spillover degradation that manifests as distortions and a decline in generation quality.",
        ),
        authors=("Ibtihel Amara", "Ahmed Imtiaz Humayun", "Ivana Kajic"),
        authors_truncated=True,
        category="CV",
        date="2025-01-16",
    ),
    Expected(
        P,
        160,
        "profile",
        "Vision-and-Language Training Helps Deploy Taxonomic Knowledge but Does Not Fundamentally Alter It",
        (
            "Does vision-and-language (VL) training change the linguistic representations of language models",
            "even when the presentation of the task is purely linguistic.",
        ),
        authors=("Yulu Qin", "Dheeraj Varghese", "Adam Dahlgren Lindström"),
        authors_truncated=True,
        category="CL",
        date="2025-07-17",
    ),
    Expected(
        P,
        188,
        "profile",
        "Beyond Thumbs Up/Down: Untangling Challenges of Fine-Grained Feedback for Text-to-Image Generation",
        (
            "Human feedback plays a critical role in learning and refining reward models",
            "appropriately unlock the potential value of fine-grained feedback in-the-wild.",
        ),
        authors=("Katherine M. Collins", "Najoung Kim", "Yonatan Bitton"),
        authors_truncated=True,
        category="LG",
        date="2024-06-24",
    ),
    Expected(
        P,
        216,
        "profile",
        "COGS: A Compositional Generalization Challenge Based on Semantic Interpretation",
        (
            "Natural language is characterized by compositionality: the meaning of a complex expression",
            "generalization capacity, and position COGS as a good way to measure progress.",
        ),
        authors=("Najoung Kim", "Tal Linzen"),
        category="CL",
        date="2020-10-12",
    ),
    Expected(
        P,
        244,
        "profile",
        "Predicting the Argumenthood of English Prepositional Phrases",
        (
            "Distinguishing between arguments and adjuncts of a verb is a longstanding, nontrivial problem.",
            "performance gains on SRL when a sentence encoder is pretrained with our tasks.",
        ),
        authors=("Najoung Kim", "Kyle Rawlins", "Benjamin Van Durme"),
        authors_truncated=True,
        category="CL",
        date="2018-09-20",
    ),
]

COMPACT = [
    Expected(
        C,
        2,
        "compact",
        "Are Sample-Efficient NLP Models More Robust?",
        (
            "Recent results in image classification and extractive question answering",
            "task-specific decisions may often be necessary for OOD generalization.",
        ),
        authors=("Nelson F. Liu", "Ananya Kumar", "Percy Liang"),
        authors_truncated=True,
        affiliations=("stanford",),
        category="CL",
        date="2022-10-12",
        score=21.6,
    ),
    Expected(
        C,
        5,
        "compact",
        "Value-Aware Stochastic KV Cache Eviction for Reasoning Models",
        (
            "Reasoning models improve accuracy through extended chains of thought,",
            "supporting FlashAttention2 and enabling a static memory footprint for reasoning models.",
        ),
        authors=("Ting-Yun Chang", "Harvey Yiyun Fu", "Deqing Fu"),
        authors_truncated=True,
        category="LG",
        date="2026-06-02",
        score=13.7,  # printed "13.7LGJun 2"
    ),
    Expected(
        C,
        8,
        "compact",
        "On Continual Model Refinement in Out-of-Distribution Data Streams",
        (
            "Real-world natural language processing (NLP) models need to be continually updated",
            "can benefit the longevity of deployed NLP models in production.",
        ),
        authors=("Bill Yuchen Lin", "Sida Wang", "Xi Victoria Lin"),
        authors_truncated=True,
        affiliations=("allen-ai",),
        category="CL",
        date="2022-05-04",
        score=32.2,
    ),
    Expected(
        C,
        14,
        "compact",
        "Generalization Differences between End-to-End and Neuro-Symbolic Vision-Language Reasoning Systems",
        (
            "For vision-and-language reasoning tasks, both fully connectionist, end-to-end methods",
            "tests to fully characterize model robustness to distribution shift.",
        ),
        authors=("Wang Zhu", "Jesse Thomason", "Robin Jia"),
        affiliations=("uw",),
        category="CL",
        date="2022-10-26",
        score=24.1,
    ),
    Expected(
        C,
        16,
        "compact",
        "Data Curation Alone Can Stabilize In-context Learning",
        (
            "In-context learning (ICL) enables large language models (LLMs) to perform new tasks",
            "suggesting that diversity and perplexity are important when prompting LLMs.",
        ),
        authors=("Ting-Yun Chang", "Robin Jia"),  # no score line: score, category and date stay empty
    ),
    Expected(
        C,
        21,
        "compact",
        "Generating Complex Code Analyzers from Natural Language Questions",
        (
            "Many software development tasks, such as implementing features and fixing bugs,",
            "reduced the time for programmers to complete all tasks by 31%.",
        ),
        authors=("Amirmohammad Nazari", "Sadra Sabouri", "Wang Bill Zhu"),
        authors_truncated=True,
        category="SE",
        date="2026-05-10",
        score=9.6,  # printed "9.6SEMay 10"
    ),
    Expected(
        C,
        28,
        "compact",
        "Convergent Evolution: How Different Language Models Learn Similar Number Representations",
        (
            "Language models trained on natural text learn to represent numbers using periodic features",
            "A diverse range of models learn similar features from different training signals.",
        ),
        authors=("Deqing Fu", "Tianyi Zhou", "Mikhail Belkin"),
        authors_truncated=True,
        category="CL",
        date="2026-04-22",
        score=5.2,  # printed "5.2CLApr 22"
    ),
    Expected(
        C,
        33,
        "compact",
        "Do Localization Methods Actually Localize Memorized Data in LLMs? A Tale of Two Benchmarks",
        (
            "The concept of localization in LLMs is often mentioned in prior work;",
            "neurons that are not specific to a single memorized sequence.",
        ),
        authors=("Ting-Yun Chang", "Jesse Thomason", "Robin Jia"),
    ),
    Expected(
        C,
        44,
        "compact",
        "Hubble: a Model Suite to Advance the Study of LLM Memorization",
        (
            "We present Hubble, a suite of fully open-source large language models",
            "invite the community to further explore, benchmark, and build upon our work.",
        ),
        authors=("Johnny Tian-Zheng Wei", "Ameya Godbole", "Mohammad Aflah Khan"),
        authors_truncated=True,
        category="CL",
        date="2025-10-22",
        has_code=True,
        score=13.9,
    ),
    Expected(
        C,
        46,
        "compact",
        "LLM Unlearning Without an Expert Curated Dataset",
        (
            "Modern large language models often encode sensitive, harmful, or copyrighted knowledge",
            "dataset at https://github.com/xyzhu123/Synthetic_Textbook.",
        ),
        authors=("Xiaoyuan Zhu", "Muru Zhang", "Ollie Liu"),
        authors_truncated=True,
    ),
    Expected(
        C,
        49,
        "compact",
        "TokenSmith: Streamlining Data Editing, Search, and Inspection for Large-Scale Language Model "
        "Training and Interpretability",
        (
            "Understanding the relationship between training data and model behavior during pretraining",
            "documentation, tutorials, and a demonstration video (available on YouTube).",
        ),
        authors=("Mohammad Aflah Khan", "Ameya Godbole", "Johnny Tian-Zheng Wei"),
        authors_truncated=True,
        category="CL",
        date="2025-07-25",
        has_code=True,
        score=4.9,
    ),
    Expected(
        C,
        52,
        "compact",
        "Interrogating LLM design under a fair learning doctrine",
        (
            "The current discourse on large language models (LLMs) and copyright largely",
            "more rule-like and incorporating external technical guidelines.",
        ),
        authors=("Johnny Tian-Zheng Wei", "Maggie Wang", "Ameya Godbole"),
        authors_truncated=True,
        category="CY",
        date="2025-02-22",
        has_code=True,
        score=1.2,
    ),
    Expected(
        C,
        59,
        "compact",
        "Dynabench: Rethinking Benchmarking in NLP",
        (
            "We introduce Dynabench, an open-source platform for dynamic dataset creation",
            "address potential objections to dynamic benchmarking as a new standard for the field.",
        ),
        authors=("Douwe Kiela", "Max Bartolo", "Yixin Nie"),
        authors_truncated=True,
        category="CL",
        date="2021-04-07",
        score=35.4,
    ),
    Expected(
        C,
        62,
        "compact",
        "IsoBench: Benchmarking Multimodal Foundation Models on Isomorphic Representations",
        (
            "Current foundation models exhibit impressive capabilities when prompted",
            "considering combinations of, and translations between, different input representations.",
        ),
        authors=("Deqing Fu", "Ruohao Guo", "Ghazal Khalighinejad"),
        authors_truncated=True,
        affiliations=("gatech",),
        category="AI",
        date="2024-04-01",
        score=25.6,
    ),
    Expected(
        C,
        82,
        "compact",
        "Why Do Some Inputs Break Low-Bit LLM Quantization?",
        (
            "Low-bit weight-only quantization significantly reduces the memory footprint",
            "which model components are most critical for performance preservation.",
        ),
        authors=("Ting-Yun Chang", "Muru Zhang", "Jesse Thomason"),
        authors_truncated=True,
        category="LG",
        date="2025-05-24",
        score=11.4,
    ),
    Expected(
        C,
        88,
        "compact",
        "PSALM-V: Automating Symbolic Planning in Interactive Visual Environments with Large Language Models",
        (
            "We propose PSALM-V, the first autonomous neuro-symbolic learning system",
            "despite low-level manipulation failures from the robot.",
        ),
        authors=("Wang Bill Zhu", "Miaosen Chai", "Ishika Singh"),
        authors_truncated=True,
        category="RO",
        date="2025-06-25",
        score=7.8,
    ),
    Expected(
        C,
        90,
        "compact",
        "Teaching Models to Understand (but not Generate) High-risk Data",
        (
            "Language model developers typically filter out high-risk content",
            "benefit from high-risk text that would otherwise be filtered out.",
        ),
        authors=("Ryan Wang", "Matthew Finlayson", "Luca Soldaini"),
        authors_truncated=True,
        affiliations=("allen-ai",),
    ),
    Expected(
        C,
        98,
        "compact",
        "Language Models can Infer Action Semantics for Symbolic Planners from Environment Feedback",
        (
            "Symbolic planners can discover a sequence of actions from initial to goal states",
            "than prior work to infer ground truth domain action semantics.",
        ),
        authors=("Wang Zhu", "Ishika Singh", "Robin Jia"),
        authors_truncated=True,
        category="AI",
        date="2024-06-04",
        score=20.0,
    ),
    Expected(
        C,
        100,
        "compact",
        "How Predictable Are Large Language Model Capabilities? A Case Study on BIG-bench",
        (
            "We investigate the predictability of large language model (LLM) capabilities",
            'the importance of task diversity in constructing "small-bench."',
        ),
        authors=("Qinyuan Ye", "Harvey Yiyun Fu", "Xiang Ren"),
        authors_truncated=True,
    ),
    Expected(
        C,
        116,
        "compact",
        "Question Answering Infused Pre-training of General-Purpose Contextualized Representations",
        (
            "We propose a pre-training objective based on question answering (QA)",
            "recognition on two datasets, and zero-shot sentiment analysis on three datasets.",
        ),
        authors=("Robin Jia", "Mike Lewis", "Luke Zettlemoyer"),
    ),
    Expected(
        C,
        127,
        "compact",
        "Masked Language Modeling and the Distributional Hypothesis: Order Word Matters Pre-training for Little",
        (
            "A possible explanation for the impressive performance of masked language model (MLM) pre-training",
            "curating challenging evaluation datasets that require deeper linguistic knowledge.",
        ),
        authors=("Koustuv Sinha", "Robin Jia", "Dieuwke Hupkes"),
        authors_truncated=True,
        category="CL",
        date="2021-04-14",
        score=32.8,
    ),
    Expected(
        C,
        130,
        "compact",
        "Do Question Answering Modeling Improvements Hold Across Benchmarks?",
        (
            "Do question answering (QA) modeling improvements (e.g., choice of architecture",
            "despite years of intense community focus on a small number of benchmarks, "
            "the modeling improvements studied hold broadly.",
        ),
        authors=("Nelson F. Liu", "Tony Lee", "Robin Jia"),
        authors_truncated=True,
        category="CL",
        date="2021-02-01",
        score=20.7,
    ),
]

DAILY = [
    Expected(
        D,
        13,
        "daily",
        "GeniL: A Multilingual Dataset on Generalizing Language",
        (
            "LLMs are increasingly transforming our digital ecosystem,",
            "towards more inclusive and responsible language technologies.",
        ),
        author_count=5,
        date="2024-04-08",
    ),
    Expected(
        D,
        21,
        "daily",
        "Derivational Morphology Reveals Analogical Generalization in Large Language Models",
        (
            "What mechanisms underlie linguistic generalization in large language models (LLMs)?",
            "role in the linguistic generalization of LLMs than previously thought.",
        ),
        author_count=5,
        date="2024-11-12",
    ),
    Expected(
        D,
        29,
        "daily",
        "Large Language Models Discriminate Against Speakers of German Dialects",
        (
            "Dialects represent a significant component of human culture",
            "amplifies bias more than implicit cues like dialect usage.",
        ),
        author_count=5,
        date="2025-09-17",
        comments=2,  # printed "Sep 17, 2025 2"
    ),
    Expected(
        D,
        37,
        "daily",
        "Evaluating Dialect Robustness of Language Models via Conversation Understanding",
        (
            "With an evergrowing number of LLMs reporting superlative performance for English,",
            "attributes of language models using pre-existing dialogue datasets.",
        ),
        author_count=2,
        date="2024-05-09",
    ),
    Expected(
        D,
        45,
        "daily",
        "LLM-Based Evaluation of Low-Resource Machine Translation: A Reference-less Dialect Guided Approach "
        "with a Refined Sylheti-English Benchmark",
        (
            "Evaluating machine translation (MT) for low-resource languages poses a persistent challenge",
            "https://github.com/180041123-Atiq/MTEonLowResourceLanguage.",
        ),
        author_count=3,
        date="2025-05-18",
    ),
    Expected(
        D,
        61,
        "daily",
        "Generating novel experimental hypotheses from language models: A case study on cross-dative generalization",
        (
            "Neural network language models (LMs) have been shown to successfully capture",
            "by proposing future experiments that can test this hypothesis in children.",
        ),
        author_count=2,
        date="2024-08-09",
        comments=1,
    ),
    Expected(
        D,
        85,
        "daily",
        "Supervised Knowledge Makes Large Language Models Better In-context Learners",
        (
            "Large Language Models (LLMs) exhibit emerging in-context learning abilities",
            "highlights the potential of our methodology in fostering more reliable LLMs.",
        ),
        author_count=11,
        date="2023-12-26",
        comments=1,
    ),
    Expected(
        D,
        101,
        "daily",
        "Parallel Scaling Law: Unveiling Reasoning Generalization through A Cross-Linguistic Perspective",
        (
            "Recent advancements in Reinforcement Post-Training (RPT) have significantly enhanced",
            "insights for the development of more language-agnostic LRMs.",
        ),
        # No author-count and date lines under this one: nothing is made up.
    ),
    Expected(
        D,
        105,
        "daily",
        "MSGCoOp: Multiple Semantic-Guided Context Optimization for Few-Shot Learning",
        (
            "Vision-language pre-trained models (VLMs) such as CLIP",
            "https://github.com/Rain-Bus/MSGCoOp{https://github.com/Rain-Bus/MSGCoOp}.",
        ),
        author_count=4,
        date="2025-07-29",
    ),
    Expected(
        D,
        113,
        "daily",
        "Weird Generalization and Inductive Backdoors: New Ways to Corrupt LLMs",
        (
            "LLMs are useful because they generalize so well.",
            "generalization may be difficult to avoid by filtering out suspicious data.",
        ),
        author_count=7,
        date="2025-12-10",
        comments=1,
    ),
    Expected(
        D,
        137,
        "daily",
        "Only-IF:Revealing the Decisive Effect of Instruction Diversity on Generalization",
        (
            "Understanding and accurately following instructions is critical for large language models",
            "offer clear guidelines for improving data quality.",
        ),
        author_count=3,
        date="2024-10-06",
        comments=2,
    ),
    Expected(
        D,
        169,
        "daily",
        "Dialect prejudice predicts AI decisions about people's character, employability, and criminality",
        (
            "Hundreds of millions of people now interact with language models,",
            "implications for the fair and safe employment of language technology.",
        ),
        author_count=4,
        date="2024-03-01",
    ),
    Expected(
        D,
        193,
        "daily",
        "CIF-Bench: A Chinese Instruction-Following Benchmark for Evaluating the Generalizability of "
        "Large Language Models",
        (
            "The advancement of large language models (LLMs) has enhanced the ability to generalize",
            "the released data and benchmark (https://yizhilll.github.io/CIF-Bench/).",
        ),
        author_count=20,
        date="2024-02-20",
    ),
    Expected(
        D,
        201,
        "daily",
        "Resa: Transparent Reasoning Models via SAEs",
        (
            "How cost-effectively can we elicit strong reasoning in language models",
            "validate these findings and all artifacts are fully open-sourced.",
        ),
        author_count=7,
        date="2025-06-11",
        comments=2,
    ),
]

TITLES = [
    Expected(
        T,
        3,
        "title-abstract",
        # The page prints "SubscribeBERT4Rec: ..."; the glued chrome is not part of the title.
        "BERT4Rec: Sequential Recommendation with Bidirectional Encoder Representations from Transformer",
        (
            "Modeling users' dynamic and evolving preferences from their historical behaviors",
            "outperforms various state-of-the-art sequential models consistently.",
        ),
    ),
    Expected(
        T,
        5,
        "title-abstract",
        "ELUDE: Generating interpretable explanations via a decomposition into labelled and unlabelled features",
        (
            "Deep learning models have achieved remarkable success in different areas of machine learning",
            "Concept Bottleneck, and discuss the additional insights ELUDE provides.",
        ),
    ),
    Expected(
        T,
        27,
        "title-abstract",
        "Rather a Nurse than a Physician -- Contrastive Explanations under Investigation",
        (
            "Contrastive explanations, where one decision is explained in contrast to another,",
            "in a contrastive manner.9 pages, long paper at ACL 2022 proceedings.",
        ),
    ),
    Expected(
        T,
        39,
        "title-abstract",
        'A Reply to Makelov et al. (2023)\'s "Interpretability Illusion" Arguments',
        (
            "We respond to the recent paper by Makelov et al. (2023),",
            "have undoubtedly pushed the field of interpretability forward.",
        ),
    ),
    Expected(
        T,
        41,
        "title-abstract",
        "The Non-Linear Representation Dilemma: Is Causal Abstraction Enough for Mechanistic Interpretability?",
        (
            "The concept of causal abstraction got recently popularised to demystify",
            "assumption and causal abstraction should lead to exciting future work.",
        ),
    ),
    Expected(
        T,
        47,
        "title-abstract",
        "Toy Models of Superposition",
        "Neural networks often pack many unrelated concepts into a single neuron - a puzzling phenomenon known "
        "as 'polysemanticity' which makes interpretability much more challenging. This paper provides a toy model "
        "where polysemanticity can be fully understood, arising as a result of models storing additional sparse "
        'features in "superposition." We demonstrate the existence of a phase change, a surprising connection to '
        "the geometry of uniform polytopes, and evidence of a link to adversarial examples. We also discuss "
        "potential implications for mechanistic interpretability.",
    ),
    Expected(
        T,
        73,
        "title-abstract",
        "Axe the X in XAI: A Plea for Understandable AI",
        (
            "In a recent paper, Erasmus et al. (2021) defend the idea",
            "an agent's success in using the system, in drawing correct inferences from it.",
        ),
    ),
    Expected(
        T,
        85,
        "title-abstract",
        "Rubrik's Cube: Testing a New Rubric for Evaluating Explanations on the CUBE dataset",
        (
            "The performance and usability of Large-Language Models (LLMs)",
            "full dataset, rubric, and code will be made available upon acceptance.",
        ),
    ),
    Expected(
        T,
        105,
        "title-abstract",
        'Detecting Machine-Generated Texts: Not Just "AI vs Humans" and Explainability is Complicated',
        (
            "As LLMs rapidly advance, increasing concerns arise regarding risks about actual authorship",
            "developing future detection systems with improved explanatory power.",
        ),
    ),
    Expected(
        T,
        159,
        "title-abstract",
        "Reinforcement Learning Textbook",
        "This textbook covers principles behind main modern deep reinforcement learning algorithms that achieved "
        "breakthrough results in many domains from game AI to robotics. All required theory is explained with "
        "proofs using unified notation and emphasize on the differences between different types of algorithms "
        "and the reasons why they are constructed the way they are.",
    ),
    Expected(
        T,
        167,
        "title-abstract",
        "50 Ways to Bake a Cookie: Mapping the Landscape of Procedural Texts",
        (
            "The web is full of guidance on a wide variety of tasks, from changing the oil in your car",
            "recipes for a novice cook and finding creative ways to spice up a dish.",
        ),
    ),
    Expected(
        T,
        203,
        "title-abstract",
        "Super(ficial)-alignment: Strong Models May Deceive Weak Models in Weak-to-Strong Generalization",
        (
            "Superalignment, where humans are weak supervisors of superhuman models,",
            "need to pay more attention to the true reliability of superalignment.",
        ),
    ),
    Expected(
        T,
        213,
        "title-abstract",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 small",
        (
            "Research in mechanistic interpretability seeks to explain behaviors of machine learning models",
            "scale our understanding to both larger models and more complex tasks.",
        ),
    ),
    Expected(
        T,
        239,
        "title-abstract",
        "Adposition and Case Supersenses v2.6: Guidelines for English",
        (
            "This document offers a detailed linguistic description of SNACS",
            "the Xposition website (Gessler et al., 2022): http://www.xposition.org/",
        ),
    ),
]

EXPECTED = PROFILE + COMPACT + DAILY + TITLES

# The first author read off every compact line: the split of a glued title-and-authors line
# is where this layout goes wrong, so all 50 are listed (title line, end of title, first author).
COMPACT_SPLITS = [
    (2, "More Robust?", "Nelson F. Liu"),
    (5, "for Reasoning Models", "Ting-Yun Chang"),
    (8, "Data Streams", "Bill Yuchen Lin"),
    (11, "with Rationale Distillation", "Wang Zhu"),
    (14, "Vision-Language Reasoning Systems", "Wang Zhu"),
    (16, "Stabilize In-context Learning", "Ting-Yun Chang"),
    (18, "for In-Context Linear Regression", "Deqing Fu"),
    (21, "from Natural Language Questions", "Amirmohammad Nazari"),
    (23, "with Likelihood Splits", "Ameya Godbole"),
    (25, "with Large Language Models", "Albert Xu"),
    (28, "Similar Number Representations", "Deqing Fu"),
    (31, "Evaluation for Language Models", "Jun Yan"),
    (33, "A Tale of Two Benchmarks", "Ting-Yun Chang"),
    (35, "Is Your Model Debugging or Regenerating?", "Wang Bill Zhu"),
    (38, "in Private In-Context Learning Methods", "Jacob Choi"),
    (41, "Nonsensical or Irrelevant Instructions?", "Wang Zhu"),
    (44, "the Study of LLM Memorization", "Johnny Tian-Zheng Wei"),
    (46, "an Expert Curated Dataset", "Xiaoyuan Zhu"),
    (49, "Model Training and Interpretability", "Mohammad Aflah Khan"),
    (52, "under a fair learning doctrine", "Johnny Tian-Zheng Wei"),
    (54, "Case-based Reasoning over Subgraphs", "Rajarshi Das"),
    (56, "automatic NLG metrics at the system level", "Johnny Tian-Zheng Wei"),
    (59, "Rethinking Benchmarking in NLP", "Douwe Kiela"),
    (62, "on Isomorphic Representations", "Deqing Fu"),
    (65, "Multimodal Large Language Models", "Woody Haosheng Gan"),
    (68, "Emotion Inference in Large Language Models", "Ala N. Tak"),
    (70, "Questions with False Presuppositions", "Wang Bill Zhu"),
    (73, "Relying on Imperfect Factuality Metrics", "Ameya Godbole"),
    (76, "Embeddings via Fourier Features", "Tianyi Zhou"),
    (79, "with Off-by-One Addition", "Qinyuan Ye"),
    (82, "Break Low-Bit LLM Quantization?", "Ting-Yun Chang"),
    (85, "Heuristics for Graph Connectivity?", "Qilin Ye"),
    (88, "with Large Language Models", "Wang Bill Zhu"),
    (90, "(but not Generate) High-risk Data", "Ryan Wang"),
    (92, "Can Outperform Full Models", "Ting-Yun Chang"),
    (95, "Use Fourier Features to Compute Addition", "Tianyi Zhou"),
    (98, "Planners from Environment Feedback", "Wang Zhu"),
    (100, "A Case Study on BIG-bench", "Qinyuan Ye"),
    (103, "for Robust Multistep Question Answering", "Wang Zhu"),
    (105, "without Labeled Test Data", "Harvey Yiyun Fu"),
    (107, "Extrapolating to Negative Examples", "Deqing Fu"),
    (110, "with Generative Annotation Assistants", "Max Bartolo"),
    (112, "Models to Entity Renaming", "Jun Yan"),
    (114, "Training Data in the Limit", "Eric Wallace"),
    (116, "General-Purpose Contextualized Representations", "Robin Jia"),
    (118, "with Improved Data Coverage and Quality", "Mina Lee"),
    (121, "for Holistic Next-Generation Benchmarking", "Zhiyi Ma"),
    (124, "with Synthetic Adversarial Data Generation", "Max Bartolo"),
    (127, "Matters Pre-training for Little", "Koustuv Sinha"),
    (130, "Hold Across Benchmarks?", "Nelson F. Liu"),
]


def build(as_of: dt.date = AS_OF) -> Extracted:
    return extract_files(find_inputs([SEEDS]), as_of)


@pytest.fixture(scope="module")
def built() -> Extracted:
    return build()


@pytest.fixture(scope="module")
def by_place(built: Extracted) -> dict[tuple[str, int], Record]:
    return {(r.source, r.line): r for r in built.records}


def page(built: Extracted, source: str) -> Page:
    return next(p for p in built.pages if p.source == source)


def records_of(built: Extracted, source: str) -> list[Record]:
    return [r for r in built.records if r.source == source]


def test_seed_files_are_found_in_name_order() -> None:
    assert [source for _, source in find_inputs([SEEDS])] == [P, C, D, T]


@pytest.mark.parametrize(
    ("source", "layout", "count"),
    [(P, "profile", 34), (C, "compact", 50), (D, "daily", 25), (T, "title-abstract", 119)],
)
def test_each_seed_gives_its_record_count_in_its_layout(built: Extracted, source: str, layout: str, count: int) -> None:
    assert len(records_of(built, source)) == count
    assert page(built, source).layout == layout
    assert page(built, source).records == count
    assert {r.layout for r in records_of(built, source)} == {layout}


def test_seeds_give_no_rejects_and_no_notes(built: Extracted) -> None:
    assert built.rejects == []
    assert [(p.source, p.rejects, p.notes) for p in built.pages] == [(s, 0, []) for s in (P, C, D, T)]


def test_every_layout_has_at_least_ten_hand_verified_records() -> None:
    counts = Counter(e.layout for e in EXPECTED)
    assert set(counts) == {"profile", "compact", "daily", "title-abstract"}
    assert min(counts.values()) >= 10


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"{e.layout}-{e.line}")
def test_hand_verified_record(by_place: dict[tuple[str, int], Record], expected: Expected) -> None:
    record = by_place.get((expected.source, expected.line))
    assert record is not None, f"no record at {expected.source}:{expected.line}"
    for f in fields(Expected):
        if f.name == "abstract":
            continue
        want = getattr(expected, f.name)
        assert getattr(record, f.name) == (list(want) if isinstance(want, tuple) else want), f.name
    assert record.abstract is not None
    if isinstance(expected.abstract, tuple):
        start, end = expected.abstract
        assert record.abstract.startswith(start)
        assert record.abstract.endswith(end)
        assert "\n" not in record.abstract
    else:
        assert record.abstract == expected.abstract


def test_records_come_in_page_order_at_the_title_lines(built: Extracted) -> None:
    assert [r.line for r in records_of(built, P)] == list(range(13, 245, 7))  # a block every 7 lines
    assert [r.line for r in records_of(built, C)] == [line for line, _, _ in COMPACT_SPLITS]
    assert [r.line for r in records_of(built, D)] == [*range(13, 102, 8), *range(105, 202, 8)]
    assert [r.line for r in records_of(built, T)] == list(range(3, 240, 2))


def test_every_compact_title_is_split_from_its_first_author(built: Extracted) -> None:
    got = [(r.line, r.authors[0]) for r in records_of(built, C)]
    assert got == [(line, first) for line, _, first in COMPACT_SPLITS]
    for record, (_, title_end, _) in zip(records_of(built, C), COMPACT_SPLITS):
        assert record.title.endswith(title_end), record.title


def test_compact_records_without_a_score_line_have_no_score_category_or_date(built: Extracted) -> None:
    unscored = [16, 18, 23, 25, 33, 35, 46, 54, 56, 70, 90, 92, 100, 105, 107, 112, 114, 116, 118]
    for record in records_of(built, C):
        if record.line in unscored:
            assert (record.score, record.category, record.date, record.has_code) == (None, None, None, False)
        else:
            assert record.score is not None and record.category is not None and record.date is not None


def test_code_flags_are_where_the_pages_print_code(built: Extracted) -> None:
    assert [r.line for r in records_of(built, P) if r.has_code] == [118]
    assert [r.line for r in records_of(built, C) if r.has_code] == [44, 49, 52]


def test_profile_categories_other_than_cl(built: Extracted) -> None:
    assert {r.line: r.category for r in records_of(built, P) if r.category != "CL"} == {62: "AI", 146: "CV", 188: "LG"}


def test_daily_discussion_counts_only_where_printed(built: Extracted) -> None:
    # The number after a daily card's date ("Sep 17, 2025 2") is its discussion count; the
    # copy prints no upvote button, so no record has upvotes.
    discussed = {29: 2, 61: 1, 85: 1, 93: 2, 113: 1, 137: 2, 153: 2, 161: 1, 201: 2}
    assert {r.line: r.comments for r in records_of(built, D) if r.comments is not None} == discussed
    assert [r.line for r in records_of(built, D) if r.upvotes is not None] == []


def test_only_the_parallel_scaling_law_record_lacks_count_and_date(built: Extracted) -> None:
    assert [r.line for r in records_of(built, D) if r.author_count is None or r.date is None] == [101]


def test_title_abstract_records_carry_only_title_and_abstract(built: Extracted) -> None:
    for record in records_of(built, T):
        assert record.authors == [] and record.author_count is None and record.date is None
        assert record.abstract and not record.title.startswith("Subscribe")


def test_profile_page_facts(built: Extracted) -> None:
    p = page(built, P)
    assert (p.owner, p.owner_category, p.h_index, p.papers, p.citations) == ("Najoung Kim", "CL", 36, 34, 10026)
    assert (p.novelty, p.ai_score, p.listing_date) == (46.0, 59.0, None)


def test_daily_listing_date(built: Extracted) -> None:
    assert page(built, D).listing_date == "2026-01-19"  # printed "Jan 19"
    assert page(built, C).listing_date is None


def test_dates_without_a_year_follow_as_of() -> None:
    """On 2026-05-15, "Jun 2" and "May 28" have not come yet this year; "May 10" and "Apr 22" have."""
    earlier = build(dt.date(2026, 5, 15))
    places = {(r.source, r.line): r.date for r in earlier.records}
    assert places[(C, 5)] == "2025-06-02"
    assert places[(C, 21)] == "2026-05-10"
    assert places[(C, 28)] == "2026-04-22"
    assert places[(P, 83)] == "2025-05-28"
    assert places[(C, 2)] == "2022-10-12"  # a printed year never moves
    assert page(earlier, D).listing_date == "2026-01-19"
    assert page(build(dt.date(2026, 1, 18)), D).listing_date == "2025-01-19"
