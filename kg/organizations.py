"""Organization slugs as pages print them (`allen-ai`), with their full names."""

from __future__ import annotations

# Curated by hand; a slug not listed becomes an organization named by its slug, with a warning.
ORGANIZATIONS: dict[str, str] = {
    "allen-ai": "Allen Institute for AI",
    "amazon": "Amazon",
    "anthropic": "Anthropic",
    "apple": "Apple",
    "berkeley": "University of California, Berkeley",
    "caltech": "California Institute of Technology",
    "cambridge": "University of Cambridge",
    "cmu": "Carnegie Mellon University",
    "columbia": "Columbia University",
    "cornell": "Cornell University",
    "deepmind": "Google DeepMind",
    "epfl": "École Polytechnique Fédérale de Lausanne",
    "eth-zurich": "ETH Zurich",
    "gatech": "Georgia Institute of Technology",
    "google": "Google",
    "google-research": "Google Research",
    "harvard": "Harvard University",
    "huggingface": "Hugging Face",
    "ibm-research": "IBM Research",
    "jhu": "Johns Hopkins University",
    "meta": "Meta",
    "meta-ai": "Meta AI",
    "microsoft": "Microsoft",
    "microsoft-research": "Microsoft Research",
    "mila": "Mila – Quebec AI Institute",
    "mit": "Massachusetts Institute of Technology",
    "nvidia": "NVIDIA",
    "nyu": "New York University",
    "openai": "OpenAI",
    "oxford": "University of Oxford",
    "peking": "Peking University",
    "princeton": "Princeton University",
    "stanford": "Stanford University",
    "tsinghua": "Tsinghua University",
    "ucla": "University of California, Los Angeles",
    "ucsd": "University of California, San Diego",
    "uiuc": "University of Illinois Urbana-Champaign",
    "umich": "University of Michigan",
    "usc": "University of Southern California",
    "utaustin": "The University of Texas at Austin",
    "utoronto": "University of Toronto",
    "uw": "University of Washington",
    "yale": "Yale University",
}


def full_name(slug: str) -> str | None:
    return ORGANIZATIONS.get(slug)
