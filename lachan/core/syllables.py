"""Is a folded token a well-formed Vietnamese syllable?

A Vietnamese syllable is an onset consonant (or none), a vowel nucleus with an optional
medial glide, and an optional final consonant or glide: "ng" + "uyê" + "n". Typing slips
almost always break that shape ("Nguyn", "Ttrang", "Hùgn", "Xuyếến", "Tủhy"), while real
names keep it, upper case without diacritics included ("NGUYEN", "HUONG"). Record
linkage uses this to tell a typo ("Trang" / "Tranng": one side is no syllable) from two
different names one letter apart ("Lan" / "Loan", "An" / "Anh": both are).

The check works on folded tokens (``lachan.core.text.fold``: lower case, no diacritics,
đ → d), so it is permissive: "nguynh" passes although no such word exists. A token that
passes wrongly only means a typo goes unnoticed. Names of some ethnic minorities written
in their own orthography ("Ksor", "H'Hen") do not pass, so two of them one letter apart
are taken for a slip: one more pair for a reviewer to look at, never a merge by itself.
"""

from __future__ import annotations

from functools import lru_cache

_ONSETS = (
    "ngh", "ng", "nh", "gh", "gi", "ch", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
# Nuclei (with their medial glide) and the final consonants each takes ("uy" + "nh" in
# "Huỳnh", never "uy" + "n": "Nguyn" is a slip).
_CLOSED = {
    "a": "c ch m n ng nh p t",
    "e": "c ch m n ng nh p t",
    "i": "ch m n nh p t",
    "o": "c m n ng p t",
    "u": "c m n ng p t",
    "y": "ch nh t",  # after "qu" ("Quỳnh", "quýt")
    "ie": "c m n ng p t",
    "ye": "m n t",
    "uo": "c m n ng p t",
    "oa": "c ch m n ng nh p t",
    "oe": "n t",
    "ua": "n ng t",
    "ue": "ch nh n",
    "uy": "ch nh t",
    "uye": "n t",
}
# Rhymes without a final consonant (a vowel, or a glide at the end).
_OPEN = (
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "iu", "oa",
    "oe", "oi", "ua", "ue", "ui", "uu", "uy", "ieu", "yeu", "oai", "oay", "oao", "oeo",
    "uay", "uoi", "uou", "uya", "uyu",
)  # fmt: skip
_RHYMES = frozenset(
    [*_OPEN, *(nucleus + coda for nucleus, codas in _CLOSED.items() for coda in codas.split(" "))]
)


@lru_cache(maxsize=1 << 14)
def is_syllable(token: str) -> bool:
    """Whether the folded ``token`` has the shape of a Vietnamese syllable."""
    if not token.isascii() or not token.isalpha():
        return False
    if token in _RHYMES:
        return True
    return any(token.startswith(onset) and token[len(onset) :] in _RHYMES for onset in _ONSETS)
