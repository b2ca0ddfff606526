"""Vietnamese text tools: the one place where names, places and identifiers are
normalised. Search and matching everywhere compare the keys made here.

- ``nfc``: Unicode NFC (Vietnamese typed on different keyboards arrives as NFC or NFD).
- ``fold``: diacritic-free lower-case key with đ→d and single spaces ("Đặng Thị Hường"
  → "dang thi huong").
- ``name_display``: a person's name as written, cleaned: NFC, single spaces, title case
  per syllable ("nguyễn  thị HƯỜNG" → "Nguyễn Thị Hường").
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese (and other Latin) diacritics; đ/Đ become d/D."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold(text: str, *, keep_punctuation: bool = False) -> str:
    """The diacritic-insensitive, case-insensitive comparison key."""
    folded = strip_diacritics(nfc(text)).casefold()
    if not keep_punctuation:
        folded = _NON_WORD.sub(" ", folded)
    return squash_spaces(folded)


def _title_syllable(syllable: str) -> str:
    return syllable[:1].upper() + syllable[1:].lower() if syllable else syllable


def name_display(text: str) -> str:
    """Clean a person's name for display and storage, keeping its diacritics."""
    cleaned = squash_spaces(nfc(text))
    return " ".join(
        "-".join(_title_syllable(part) for part in word.split("-")) for word in cleaned.split(" ")
    )


def name_key(text: str) -> str:
    """Comparison key of a name: folded, punctuation removed."""
    return fold(text)


def name_tokens(text: str) -> list[str]:
    """The folded syllables of a name, in order (for token search and linkage)."""
    return [token for token in name_key(text).split(" ") if token]
