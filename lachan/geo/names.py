"""Place names: the type word of an official name, and the search keys of what people
type ("TP. Hải Phòng", "tp hai phong", "Thành phố Hải Phòng" and "hai phong" all give
the key "hai phong"). Pure functions, no database: the data build, the loader and the
selectors share them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lachan.core.text import fold, nfc, squash_spaces

# The type word each division type puts before the name in an official name.
TYPE_PREFIX: dict[str, str] = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "thành phố": "Thành phố",
    "quận": "Quận",
    "huyện": "Huyện",
    "thị xã": "Thị xã",
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
}

# What people type before a name (folded), and the division types it points to.
_CITY = frozenset({"thành phố", "thành phố trung ương"})
QUERY_TYPE_WORDS: dict[str, frozenset[str]] = {
    "thanh pho truc thuoc trung uong": _CITY,
    "thanh pho": _CITY,
    "tp": _CITY,
    "tinh": frozenset({"tỉnh"}),
    "t": frozenset({"tỉnh"}),
    "dac khu": frozenset({"đặc khu"}),
    "dk": frozenset({"đặc khu"}),
    "thi tran": frozenset({"thị trấn"}),
    "tt": frozenset({"thị trấn"}),
    "thi xa": frozenset({"thị xã"}),
    "tx": frozenset({"thị xã"}),
    "xa": frozenset({"xã"}),
    "x": frozenset({"xã"}),
    "phuong": frozenset({"phường"}),
    "p": frozenset({"phường"}),
    "quan": frozenset({"quận"}),
    "q": frozenset({"quận"}),
    "huyen": frozenset({"huyện"}),
    "h": frozenset({"huyện"}),
}
# Longest first, so that "thi xa" wins over "thi" + "xa" readings.
_TYPE_WORDS_BY_LENGTH = sorted(QUERY_TYPE_WORDS, key=lambda word: -len(word.split()))
# The full folded type word for an abbreviation, for numbered units ("p 1" → "phuong 1").
_CANONICAL = {"p": "phuong", "q": "quan", "x": "xa", "h": "huyen", "tt": "thi tran"}
# Common short forms of province names.
ALIASES: dict[str, str] = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
    "thua thien hue": "hue",
    "brvt": "ba ria vung tau",
}
_GLUED_NUMBER = re.compile(r"^(p|q|phuong|quan)(\d+)\b")


def split_official_name(name: str, division_type: str) -> tuple[str, str]:
    """("Thành phố Hải Phòng", "thành phố trung ương") → ("Thành phố Hải Phòng",
    "Hải Phòng"): the name with its type word in canonical case, and the short name.

    A numbered unit keeps its type word in the short name ("Phường 1", "Quận 1"): a bare
    number names nothing."""
    name = squash_spaces(nfc(name))
    prefix = TYPE_PREFIX[division_type]
    if not name.casefold().startswith(prefix.casefold() + " "):
        raise ValueError(f"{name!r} does not start with {prefix!r}")
    rest = name[len(prefix) + 1 :].strip()
    full = f"{prefix} {rest}"
    return full, (full if rest.isdigit() else rest)


def unit_key(short_name: str) -> str:
    """The stored search key of a unit (``AdminUnit.name_key``)."""
    return fold(short_name)


@dataclass(frozen=True)
class PlaceQuery:
    """The keys a typed place name may match (each compared as a prefix of
    ``name_key``) and the division types its type word pointed to, if any."""

    keys: tuple[str, ...]
    types: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.keys)


def _leading_type_word(folded: str) -> str | None:
    for word in _TYPE_WORDS_BY_LENGTH:
        if folded == word or folded.startswith(word + " "):
            return word
    return None


def place_query(text: str) -> PlaceQuery:
    """Turn what a user typed into search keys.

    Both readings are kept when the first word may be a type word or part of the name
    ("phuong lien" is "Phường Liên…" or "Phương Liên"), so nothing typed is lost."""
    folded = _GLUED_NUMBER.sub(r"\1 \2", fold(text))
    if not folded:
        return PlaceQuery(keys=(), types=frozenset())
    keys = [folded]
    types: frozenset[str] = frozenset()
    word = _leading_type_word(folded)
    if word is not None:
        rest = folded[len(word) :].strip()
        types = QUERY_TYPE_WORDS[word]
        if rest.isdigit():
            keys = [f"{_CANONICAL.get(word, word)} {rest}"]
        elif rest:
            keys.append(rest)
    keys += [ALIASES[key] for key in keys if key in ALIASES]
    return PlaceQuery(keys=tuple(dict.fromkeys(keys)), types=types)
