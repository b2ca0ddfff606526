"""Tip text → match keys, each pointing back at the characters it came from.

People write tips with diacritics, without them, in teen-code ("ko dc", "nc ngoai",
"vk ck") and with typos. Every word becomes a *key*: folded (``lachan.core.text.fold``:
no case, no diacritics, đ→d), teen-code abbreviations expanded, non-Vietnamese spellings
of teen-code rewritten ("fai"→"phai", "wa"→"qua", "kon"→"con"), and letter runs squashed
("luaaa"→"lua"). Lexicon phrases go through the same function, so both sides agree.

Each key keeps the span of the word it came from in the ORIGINAL text (not the folded
one), which is what the UI highlights. Keys also carry a clause number: punctuation and
line breaks end a clause, and no phrase or negation reaches across one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lachan.core.text import fold, one_edit_apart

# Teen-code and common abbreviations (folded form → canonical folded words). Only forms
# that are unambiguous in tips are listed: "bn" (bạn / bao nhiêu) folds to "ban" like
# "bán" anyway, so it adds no new ambiguity; "kg" (kilogram), "v" (vậy / về), "tg" (thời
# gian / Telegram), "hq" (Hàn Quốc / hải quan) and "hong" (Hồng, a name) stay out.
TEEN_CODE: dict[str, str] = {
    "ko": "khong", "k": "khong", "kh": "khong", "hok": "khong", "hk": "khong",
    "khg": "khong", "khum": "khong", "kp": "khong phai", "kbh": "khong bao gio",
    "dc": "duoc", "dx": "duoc",
    "bn": "ban", "j": "gi", "vk": "vo", "ck": "chong", "ny": "nguoi yeu",
    "ng": "nguoi", "ngta": "nguoi ta", "nguoj": "nguoi",
    "nc": "nuoc", "nn": "nuoc ngoai", "ns": "noi", "ms": "moi", "r": "roi", "vs": "voi",
    "e": "em", "a": "anh", "ae": "anh em", "mk": "minh", "mik": "minh", "t": "toi",
    "cty": "cong ty", "tq": "trung quoc", "cpc": "campuchia",
    "sdt": "so dien thoai", "dt": "dien thoai", "stk": "so tai khoan", "tk": "tai khoan",
    "nv": "nhan vien", "lm": "lam", "hnay": "hom nay", "hqua": "hom qua",
    "bh": "bay gio", "bgio": "bay gio", "bjo": "bay gio",
    "trc": "truoc", "wa": "qua", "qa": "qua", "ik": "di", "dj": "di", "cx": "cung",
    "lun": "luon", "nhiu": "nhieu", "dag": "dang", "dg": "dang", "bik": "biet",
    "bit": "biet", "trog": "trong", "vn": "viet nam", "xkld": "xuat khau lao dong",
    "cv": "cong viec", "lg": "luong", "bv": "benh vien", "gd": "gia dinh",
    "bm": "bo me", "bme": "bo me", "fb": "facebook", "face": "facebook", "zl": "zalo",
    "tele": "telegram", "thag": "thang", "lh": "lien he", "ntn": "nhu the nao",
    "mn": "moi nguoi", "mng": "moi nguoi", "hs": "hoc sinh",
    "thcs": "trung hoc co so", "thpt": "trung hoc pho thong", "ktv": "ky thuat vien",
    "sos": "cuu",
}  # fmt: skip

# Initial letters teen-code uses instead of Vietnamese spelling ("fải", "wá", "jờ",
# "zì", "kon"). Native Vietnamese never starts a syllable with f, w, j or z, nor writes
# k before a, o, u — so rewriting them touches only teen-code and foreign words, and
# foreign words are rewritten the same way in the lexicon.
_INITIAL_REWRITES = (
    (re.compile(r"^f"), "ph"),
    (re.compile(r"^w"), "qu"),
    (re.compile(r"^j"), "gi"),
    (re.compile(r"^dz"), "d"),
    (re.compile(r"^z"), "d"),
    (re.compile(r"^k(?=[aou])"), "c"),
)
_REPEATS = re.compile(r"([a-z])\1+")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n\r()\[\]…|/]")


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # the canonical folded word
    start: int  # span of the source word in the original text
    end: int
    clause: int
    sig: str | None = None  # the written form's tone signature, when written with marks
    corrected: bool = False  # key came from a typo correction


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Me")


@lru_cache(maxsize=65536)
def word_keys(word: str) -> tuple[str, ...]:
    """The canonical key(s) of one written word (teen-code may expand to two)."""
    folded = fold(word)
    if not folded:
        return ()
    if folded in TEEN_CODE:
        return tuple(_canonical(part) for part in TEEN_CODE[folded].split(" "))
    return (_canonical(folded),)


def _canonical(folded: str) -> str:
    if folded.isdigit():
        return folded
    for pattern, replacement in _INITIAL_REWRITES:
        folded = pattern.sub(replacement, folded)
    return _REPEATS.sub(r"\1", folded)


_TONES = {"\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j"}


@lru_cache(maxsize=65536)
def signature(word: str) -> str:
    """The written form up to where the tone mark sits: "túy" and "tuý" (old and new
    placement) give the same signature, "thận" and "thân" do not."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = "".join(_TONES.get(ch, "") for ch in decomposed)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + "|" + tone


@lru_cache(maxsize=65536)
def written_signature(word: str) -> str | None:
    """The signature of a word written with diacritics, None for one written without
    (or rewritten from teen-code): only a word that carries marks can rule a cue out."""
    folded = fold(word)
    if folded == word.lower() or word_keys(word) != (folded,):
        return None
    return signature(word)


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase in key form, word by word, exactly as the text is keyed."""
    keys: list[str] = []
    for word in re.findall(r"[^\W_]+", unicodedata.normalize("NFC", phrase)):
        keys.extend(word_keys(word))
    return tuple(keys)


def words(text: str) -> list[tuple[str, int, int, int]]:
    """(word, start, end, clause) for every run of letters and digits in ``text``."""
    found: list[tuple[str, int, int, int]] = []
    clause = 0
    index = 0
    length = len(text)
    while index < length:
        ch = text[index]
        if _is_word_char(ch) and unicodedata.category(ch) not in ("Mn", "Mc", "Me"):
            start = index
            while index < length and _is_word_char(text[index]):
                index += 1
            found.append((text[start:index], start, index, clause))
            continue
        if _CLAUSE_BREAK.match(ch):
            clause += 1
        index += 1
    return found


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for word, start, end, clause in words(text):
        sig = written_signature(word)
        for key in word_keys(word):
            tokens.append(Token(key=key, start=start, end=end, clause=clause, sig=sig))
    return tokens


# --- typo correction ------------------------------------------------------------------------
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"  # longest first
_SYLLABLE = re.compile(
    rf"^(?:{_ONSETS})?"
    r"(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uai|uoc|uon|uong|"
    r"ia|ie|ye|ua|uo|ua|ui|uy|oa|oe|ai|ao|au|ay|eo|eu|iu|oi|ou|ue|ui|ưu|"
    r"a|e|i|o|u|y)"
    r"(?:ch|nh|ng|c|m|n|p|t|i|y|o|u)?$"
)


def is_syllable(key: str) -> bool:
    """Whether a folded word could be a Vietnamese syllable. Typos are corrected only in
    words that cannot be one, so real words ("thanh") are never bent into lexicon words
    ("than")."""
    return bool(_SYLLABLE.match(key))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoCorrector:
    """Corrects a word at edit distance 1 (one letter added, dropped, changed or two
    swapped) from exactly one lexicon word, using the deletion-neighbourhood trick: two
    words are within distance 1 when they share a deletion (or one is a deletion of the
    other)."""

    MIN_LENGTH = 4

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._index: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) < self.MIN_LENGTH - 1:
                continue
            for variant in {word, *_deletes(word)}:
                self._index.setdefault(variant, set()).add(word)

    def correct(self, key: str) -> str | None:
        if len(key) < self.MIN_LENGTH or key in self.vocabulary or key.isdigit():
            return None
        if is_syllable(key):
            return None
        candidates: set[str] = set()
        for variant in {key, *_deletes(key)}:
            candidates |= self._index.get(variant, set())
        candidates = {c for c in candidates if _distance_at_most_one(key, c)}
        return next(iter(candidates)) if len(candidates) == 1 else None


def _distance_at_most_one(a: str, b: str) -> bool:
    """Damerau distance ≤ 1 (with an adjacent swap counted as one)."""
    return a == b or one_edit_apart(a, b)


def corrected(tokens: list[Token], corrector: TypoCorrector) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        fix = corrector.correct(token.key)
        if fix is None:
            out.append(token)
        else:
            out.append(Token(fix, token.start, token.end, token.clause, corrected=True))
    return out
