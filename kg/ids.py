"""Stable identifiers from normalized keys, so rebuilds and reloads update rather than duplicate."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80


def title_key(title: str) -> str:
    """Titles that differ only in case, punctuation, spacing or Unicode form share a key.

    >>> title_key("LAMBADA: Backward  Chaining") == title_key("Lambada — backward chaining")
    True

    A title with no letter or digit at all is its own key, exactly as printed: folding would
    leave nothing, and papers titled " , " and "??" are not one paper.

    >>> title_key(" , ") == title_key("??")
    False
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.findall(r"[^\W_]+", folded)) or title


def slug(key: str) -> str:
    """An IRI-safe name for a key: the key itself where it is plain ASCII and short enough,
    else a readable prefix and a hash of the whole key (64 bits: no collision in practice).

    >>> slug("wang bill zhu"), slug("tian-qi chen")
    ('wang_bill_zhu', 'tian-qi_chen')
    """
    plain = key.replace(" ", "_")
    if re.fullmatch(r"[a-z0-9_.-]+", plain) and len(plain) <= MAX_SLUG:
        return plain
    ascii_ = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    prefix = re.sub(r"[^a-z0-9]+", "_", ascii_.casefold()).strip("_")[:40].rstrip("_")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}" if prefix else digest
