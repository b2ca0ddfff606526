"""Vietnamese text tools: the one place where names, places and identifiers are
normalised. Search and matching everywhere compare the keys made here.

- ``nfc``: Unicode NFC (Vietnamese typed on different keyboards arrives as NFC or NFD,
  and old VNI/TCVN converters leave decomposed tone marks behind).
- ``fold``: diacritic-free lower-case key with đ→d and single spaces ("Đặng Thị Hường"
  → "dang thi huong").
- ``name_display``: a person's name as written, cleaned: NFC, single spaces, title case
  per syllable ("NGUYỄN  văn   an" → "Nguyễn Văn An").
- ``name_tokens``: the folded syllables of a name (what the name search indexes).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")
# Letters after which a new capital starts inside one written word: hyphenated names
# ("Lê-Nguyễn") and the apostrophe of Central Highlands names ("H'Hen Niê").
_WORD_START = re.compile(r"(^|[\s\-'’])(\w)")
_MARK_CATEGORIES = frozenset({"Mn", "Me"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """Runs of any whitespace become one space; no leading or trailing space."""
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese (and other) diacritics; đ/Đ become d/D. Case is kept."""
    # đ has no Unicode decomposition (it is a letter, not d + a mark): map it by hand.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _MARK_CATEGORIES)
    return unicodedata.normalize("NFC", stripped)


def fold(text: str, *, keep_punctuation: bool = False) -> str:
    """The diacritic-insensitive, case-insensitive comparison key.

    Case folding runs first because folding some capitals yields a letter plus a
    combining mark (e.g. "İ" → "i̇"), which the diacritic strip then removes; the
    result is idempotent and the same for NFC and NFD input."""
    folded = strip_diacritics(nfc(text).casefold())
    if not keep_punctuation:
        folded = _NON_WORD.sub(" ", folded)
    return squash_spaces(folded)


def _title_letter(match: re.Match[str]) -> str:
    letter = match.group(2)
    titled = letter.title()
    # A few letters title-case to two characters ("ŉ" → "ʼN"); keeping them as they
    # are keeps name_display idempotent.
    return match.group(1) + (titled if len(titled) == 1 else letter)


def name_display(text: str) -> str:
    """Clean a person's name for display and storage, keeping its diacritics:
    NFC, single spaces, each syllable capitalised and the rest lower case."""
    cleaned = squash_spaces(nfc(text)).lower()
    return nfc(_WORD_START.sub(_title_letter, nfc(cleaned)))


def name_key(text: str) -> str:
    """Comparison key of a name: folded, punctuation removed."""
    return fold(text)


def name_tokens(text: str) -> list[str]:
    """The distinct folded syllables of a name, in order of first appearance."""
    return list(dict.fromkeys(token for token in name_key(text).split(" ") if token))


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def one_edit_apart(a: str, b: str) -> bool:
    """Exactly one typing slip apart: one letter dropped, added or changed, or two
    neighbours swapped (Damerau distance 1). Equal strings are not."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
