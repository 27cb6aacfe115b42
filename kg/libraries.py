"""Loading third-party libraries that touch global state as they load."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator


@contextlib.contextmanager
def keeping_random_state() -> Iterator[None]:
    """scikit-learn draws from Python's random module while it loads (sklearn.metrics, and
    sklearn.feature_extraction through it): kg loads it lazily, inside a build, so without this a
    build changed the sequence of a program that had seeded random before calling it."""
    state = random.getstate()
    try:
        yield
    finally:
        random.setstate(state)
