"""Near-duplicate text between tips: the same report sent twice, retold by another
agency, or copied with small changes.

The texts are folded (lower case, no diacritics, no punctuation: "Campuchia" and
"campuchia" are one word, so are "bị giữ" and "bi giu"), cut into overlapping runs of
three words, and compared by *containment*: the share of the shorter text's runs that
also occur in the other. Containment, not Jaccard, because a short tip retold inside a
longer one is the typical near-duplicate. Texts with fewer than ``MIN_SHINGLES`` runs
are too short to compare."""

from __future__ import annotations

from lachan.core.text import fold

SHINGLE_WORDS = 3
MIN_SHINGLES = 4
THRESHOLD = 0.5  # containment at or above: near-duplicate


def shingles(text: str) -> frozenset[str]:
    words = fold(text).split()
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other (0 when either is too short)."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / min(len(a), len(b))
