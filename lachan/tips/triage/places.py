"""Administrative units written in a tip, as current (post-2025) units.

Finding a place in free text, cheaply and without guessing:

1. A gazetteer of every unit's folded name (both eras, one query, cached in the
   process) says which word runs are names.
2. A run counts as a place when a type word comes before it ("xã Mường Lống", "huyện
   Kỳ Sơn", "tp Hải Phòng", "P. Bến Nghé"), or when it is a province name of two words or
   more ("Nghệ An", "ha giang"), or a legacy district name written in Title Case
   ("Móng Cái", "Kỳ Sơn") — but never right after a word for a person ("chị Thanh Hà"
   is a woman, not a district). A word typed with diacritics must be the unit's word:
   "làm đồng" is work in the fields, not Lâm Đồng.
3. Runs next to each other ("xã A, huyện B, tỉnh C") form one address, resolved by
   ``lachan.geo.selectors.resolve_place``: legacy names map to current units, and a
   unit split in the 2025 reform gives every candidate, never a guess. An address
   without a province borrows the one province the tip names elsewhere, if exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from lachan.core.text import fold
from lachan.geo.models import AdminUnit, Era, Level
from lachan.geo.names import ALIASES
from lachan.geo.selectors import PlaceMatch, on_geo_reload, province_of, resolve_place
from lachan.tips.triage.tokens import signature, words
from lachan.tips.triage.types import Evidence, PlaceCandidate, PlaceSuggestion

# Folded type words → the levels they introduce (districts exist only in the legacy era).
_TYPE_WORDS: dict[tuple[str, ...], frozenset[str]] = {
    ("thanh", "pho"): frozenset({Level.PROVINCE, Level.DISTRICT}),
    ("thi", "xa"): frozenset({Level.DISTRICT}),
    ("thi", "tran"): frozenset({Level.COMMUNE}),
    ("dac", "khu"): frozenset({Level.COMMUNE}),
    ("tp",): frozenset({Level.PROVINCE, Level.DISTRICT}),
    ("tx",): frozenset({Level.DISTRICT}),
    ("tt",): frozenset({Level.COMMUNE}),
    ("tinh",): frozenset({Level.PROVINCE}),
    ("huyen",): frozenset({Level.DISTRICT}),
    ("quan",): frozenset({Level.DISTRICT}),
    ("xa",): frozenset({Level.COMMUNE}),
    ("phuong",): frozenset({Level.COMMUNE}),
}
# One-letter abbreviations count only with their dot: "P. Bến Nghé", "H. Kỳ Sơn".
_DOTTED: dict[str, tuple[str, frozenset[str]]] = {
    "p": ("phường", frozenset({Level.COMMUNE})),
    "x": ("xã", frozenset({Level.COMMUNE})),
    "h": ("huyện", frozenset({Level.DISTRICT})),
    "q": ("quận", frozenset({Level.DISTRICT})),
    "t": ("tỉnh", frozenset({Level.PROVINCE})),
}
# Type words that number their units ("Quận 1", "Phường 12"): the number is the name.
_NUMBERED = {"quan": "quan", "q": "quan", "phuong": "phuong", "p": "phuong"}
_NUMBERED_NAMES = {"quan": "quận", "phuong": "phường"}
# The written forms of type words that carry marks; "xa" typed as "xa"/"xã" only.
_TYPE_SIGNATURES = frozenset(
    signature(w)
    for w in ("thành", "phố", "thị", "xã", "trấn", "đặc", "khu", "tỉnh", "huyện", "quận",
              "phường", "tp", "tx", "tt")
)  # fmt: skip
_PERSON_WORDS = frozenset(
    fold(w)
    for w in ("anh", "chị", "em", "ông", "bà", "cô", "chú", "bác", "cháu", "con", "tên",
              "bé", "thằng", "mẹ", "bố", "vợ", "chồng", "dì", "cậu", "mợ", "thím",
              "chàng", "nàng", "gã", "mụ", "cu", "bạn", "tao", "mày")
)  # fmt: skip
_JOINERS = re.compile(r"[\s,.\-–/]*(?:thuộc|thuoc|của|cua)?[\s,.\-–/]*", re.IGNORECASE)
MAX_NAME_WORDS = 5
MAX_CANDIDATES = 10


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[str, dict[str, frozenset[str]]]  # name_key → level → written signatures
    district_types: dict[str, str]  # name_key → a division type of a district so named


@cache
def _gazetteer() -> _Gazetteer:
    names: dict[str, dict[str, set[str]]] = {}
    district_types: dict[str, str] = {}
    rows = AdminUnit.objects.values_list("name_key", "short_name", "level", "division_type")
    for key, short_name, level, division_type in rows:
        names.setdefault(key, {}).setdefault(level, set()).add(
            " ".join(signature(w) for w in short_name.split())
        )
        if level == Level.DISTRICT:
            district_types.setdefault(key, division_type)
    for alias, target in ALIASES.items():
        for level, sigs in names.get(target, {}).items():
            if level == Level.PROVINCE:
                names.setdefault(alias, {}).setdefault(level, set()).update(sigs)
    return _Gazetteer(
        names={
            key: {level: frozenset(sigs) for level, sigs in levels.items()}
            for key, levels in names.items()
        },
        district_types=district_types,
    )


@on_geo_reload
def clear_gazetteer_cache() -> None:
    """Runs with ``clear_geo_cache`` after ``load_geo`` replaces the units."""
    _gazetteer.cache_clear()


@dataclass(frozen=True)
class _Word:
    raw: str
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class _Mention:
    start: int  # character span of type word + name
    end: int
    query: str  # what to give resolve_place ("xa muong long", "Nghệ An")
    province: bool  # names a province
    typed: bool = False  # written after a type word ("huyện Đông Hưng")


def _written_matches(written: list[_Word], allowed: frozenset[str]) -> bool:
    """Words typed with marks must carry the unit's marks ("Lâm Đồng", not "làm đồng")."""
    marked = [fold(w.raw) != w.raw.lower() for w in written]
    if not any(marked):
        return True
    for sigs in allowed:
        parts = sigs.split(" ")
        if len(parts) == len(written) and all(
            not is_marked or signature(w.raw) == part
            for w, part, is_marked in zip(written, parts, marked, strict=True)
        ):
            return True
    return False


def _name_at(
    items: list[_Word], index: int, levels: frozenset[str], *, min_words: int
) -> tuple[int, str] | None:
    """The longest unit name of one of ``levels`` starting at ``index``: (words, level)."""
    gazetteer = _gazetteer().names
    for count in range(min(MAX_NAME_WORDS, len(items) - index), min_words - 1, -1):
        run = items[index : index + count]
        if any(b.start - a.end > 2 for a, b in pairwise(run)):
            continue
        entry = gazetteer.get(" ".join(w.key for w in run), {})
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            if level in levels and level in entry and _written_matches(run, entry[level]):
                return count, level
    return None


def _type_word_at(text: str, items: list[_Word], index: int) -> tuple[int, frozenset[str]] | None:
    for words_, levels in _TYPE_WORDS.items():
        run = items[index : index + len(words_)]
        if tuple(w.key for w in run) != words_:
            continue
        if any(
            fold(w.raw) != w.raw.lower() and signature(w.raw) not in _TYPE_SIGNATURES for w in run
        ):
            continue  # "xa" typed as "xà" is not "xã"
        return len(words_), levels
    word = items[index]
    if word.key in _DOTTED and text[word.end : word.end + 1] == "." and word.raw.isupper():
        return 1, _DOTTED[word.key][1]
    return None


def _numbered_at(items: list[_Word], index: int, width: int) -> str | None:
    """ "Q.1", "quận 1", "P12" → "quan 1", "phuong 12" when such a unit exists."""
    head = items[index].key
    if width != 1 or head not in _NUMBERED or index + 1 >= len(items):
        return None
    number = items[index + 1].key
    key = f"{_NUMBERED[head]} {number}"
    return key if number.isdigit() and key in _gazetteer().names else None


def _is_title(run: list[_Word]) -> bool:
    return all(w.raw[:1].isupper() for w in run)


def _mentions(text: str) -> list[_Mention]:
    items = [_Word(raw, fold(raw), start, end) for raw, start, end, _clause in words(text)]
    found: list[_Mention] = []
    index = 0
    while index < len(items):
        after_person = index > 0 and items[index - 1].key in _PERSON_WORDS
        typed = _type_word_at(text, items, index)
        if typed is not None:
            width, levels = typed
            numbered = _numbered_at(items, index, width)
            if numbered is not None:
                kind, number = numbered.split(" ")
                query = f"{_NUMBERED_NAMES[kind]} {number}"
                found.append(_Mention(items[index].start, items[index + 1].end, query, False, True))
                index += 2
                continue
            # "xa" without its mark may be "xa" (far): then the name needs two words.
            plain_xa = items[index].raw == "xa" and width == 1
            name = _name_at(items, index + width, levels, min_words=2 if plain_xa else 1)
            if name is not None:
                count, level = name
                last = items[index + width + count - 1]
                words_ = [w.raw for w in items[index : index + width + count]]
                if width == 1 and items[index].key in _DOTTED and items[index].raw.isupper():
                    words_[0] = _DOTTED[items[index].key][0]  # "P." → "phường"
                found.append(
                    _Mention(
                        items[index].start,
                        last.end,
                        " ".join(words_),
                        level == Level.PROVINCE,
                        True,
                    )
                )
                index += width + count
                continue
        if not after_person:
            name = _name_at(items, index, frozenset({Level.PROVINCE}), min_words=2)
            if name is None and _is_title(items[index : index + 2]):
                name = _name_at(items, index, frozenset({Level.DISTRICT}), min_words=2)
                if name is not None and not _is_title(items[index : index + name[0]]):
                    name = None
            if name is not None:
                count, level = name
                run = items[index : index + count]
                query = " ".join(w.raw for w in run)
                if level == Level.DISTRICT:
                    # Say what it is, or resolve_place would read a commune of that name.
                    kind = _gazetteer().district_types.get(" ".join(w.key for w in run), "huyện")
                    query = f"{kind} {query}"
                found.append(_Mention(run[0].start, run[-1].end, query, level == Level.PROVINCE))
                index += count
                continue
        index += 1
    return found


def _addresses(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    groups: list[list[_Mention]] = []
    for mention in mentions:
        if groups and _JOINERS.fullmatch(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _candidate(match: PlaceMatch) -> PlaceCandidate:
    province = province_of(match.unit)
    return PlaceCandidate(
        code=match.unit.code,
        name=match.unit.name,
        level=match.unit.level,
        province_code=province.code,
        province_name=province.name,
        exact=match.exact,
        matched_name=match.matched.name,
        matched_era=match.matched.era,
    )


def find_places(
    text: str, *, foreign: tuple[tuple[int, int], ...] = ()
) -> tuple[PlaceSuggestion, ...]:
    """Every address written in ``text``, resolved to current units (queries the DB).
    ``foreign``: character spans already read as places abroad ("sang Đông Hưng" is
    the Chinese town, not the district of Thái Bình)."""
    mentions = [
        m
        for m in _mentions(text)
        if m.typed or not any(m.start < end and start < m.end for start, end in foreign)
    ]
    groups = _addresses(text, mentions)
    provinces = {fold(m.query): m for group in groups for m in group if m.province}
    suggestions: list[PlaceSuggestion] = []
    seen: set[tuple[str, ...]] = set()
    for group in groups:
        query = ", ".join(m.query for m in group)
        evidence = [Evidence(text[g.start : g.end], g.start, g.end) for g in group]
        if not any(m.province for m in group) and len(provinces) == 1:
            # "huyện Kỳ Sơn … Nghệ An": the tip's one province settles the district.
            province = next(iter(provinces.values()))
            borrowed = resolve_place(text=f"{query}, {province.query}")
            if borrowed.candidates:
                resolution = borrowed
                evidence.append(
                    Evidence(text[province.start : province.end], province.start, province.end)
                )
            else:
                resolution = resolve_place(text=query)
        else:
            resolution = resolve_place(text=query)
        candidates = [_candidate(m) for m in resolution.candidates if m.unit.era == Era.CURRENT]
        if not candidates:
            continue
        key = tuple(sorted(c.code for c in candidates))
        if key in seen:
            continue
        seen.add(key)
        unit = resolution.unit
        suggestions.append(
            PlaceSuggestion(
                text=query,
                evidence=tuple(evidence),
                code=unit.code if unit is not None else None,
                candidates=tuple(candidates[:MAX_CANDIDATES]),
            )
        )
    return tuple(suggestions)
