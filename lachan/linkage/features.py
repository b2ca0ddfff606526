"""Vietnamese-aware comparison features of one person record, computed in memory.

Nothing here touches the database: the engine decrypts records in the linkage process,
turns them into these features and hands them to splink (DuckDB, in memory). Features
are never stored (decision 0016).

Names: NFC, then split into surname / middle / given. When the first syllable is no
known surname but the last one is ("HUONG THI NGUYEN", foreign documents write the
family name last) the order is repaired. Each part is kept twice: diacritic-exact
(lower case, NFC: "hường") and folded ("huong"), so "Hường" = "Hường" counts more than
"Hường" ~ "HUONG" and "Hương" ≠ "Hường" is visible.

Birth: ISO date when exact, year otherwise (``birth_exact`` tells which).
Places: the current (post-2025) province code, the current commune codes and the
village of the commune when the record names them, and the current communes of a
legacy district named alone ("area"); legacy or current names alike
(``lachan.linkage.places.place_units``). Identifiers: ID documents (CCCD, CMND,
passport) as "kind:number" and phones in E.164, normalised by ``lachan.core.identifiers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from lachan.core.errors import ValidationFailed
from lachan.core.identifiers import (
    CitizenIdFacts,
    IdentifierKind,
    citizen_id_facts,
    normalize_identifier,
    normalize_phone,
)
from lachan.core.syllables import is_syllable
from lachan.core.text import fold, nfc, one_edit_apart, squash_spaces
from lachan.linkage.places import legacy_province_names, legacy_provinces_of_communes

# Folded Vietnamese surnames, most frequent first (Nguyễn, Trần, Lê …). Several are also
# given or middle names (An, Long, Thanh, Văn): the rank decides which end of a name is
# the surname (``split_name``).
_SURNAMES_BY_FREQUENCY = (
    "nguyen",
    "tran",
    "le",
    "pham",
    "hoang",
    "phan",
    "vu",
    "huynh",
    "dang",
    "bui",
    "vo",
    "do",
    "ho",
    "ngo",
    "duong",
    "dinh",
    "ly",
    "trinh",
    "dao",
    "luong",
    "mai",
    "cao",
    "ha",
    "lo",
    "tao",
    "vang",
    "giang",
    "sung",
    "luc",
    "hua",
    "lam",
    "quach",
    "thai",
    "trieu",
    "tong",
    "khuc",
    "chu",
    "kieu",
    "doan",
    "vuong",
    "thach",
    "lai",
    "bach",
    "banh",
    "cam",
    "chau",
    "chung",
    "dam",
    "dieu",
    "dong",
    "giap",
    "hau",
    "kha",
    "khong",
    "lieu",
    "nong",
    "ong",
    "quan",
    "thieu",
    "tieu",
    "ung",
    "vi",
    "xa",
    "ninh",
    "me",
    "mua",
    "lu",
    "tang",
    "phung",
    "nghiem",
    "lang",
    "ton",
    "au",
    "be",
    "can",
    "cu",
    "han",
    "hang",
    "la",
    "ma",
    "thao",
    "an",
    "kim",
    "hong",
    "long",
    "tu",
    "vinh",
    "thanh",
    "van",
)
SURNAME_RANK: dict[str, int] = {name: rank for rank, name in enumerate(_SURNAMES_BY_FREQUENCY)}
SURNAMES_FOLDED: frozenset[str] = frozenset(SURNAME_RANK)
# Middle names that mark sex more than identity: dropped or swapped without meaning.
WEAK_MIDDLE_FOLDED: frozenset[str] = frozenset({"thi", "van"})
DOCUMENT_KINDS = (IdentifierKind.CCCD, IdentifierKind.CMND, IdentifierKind.PASSPORT)
PHONE_KINDS = (IdentifierKind.PHONE, IdentifierKind.ZALO, IdentifierKind.TELEGRAM)


@dataclass(frozen=True)
class LinkRecord:
    """One source record as the engine sees it (plaintext, in memory only)."""

    record_id: str
    full_name: str
    sex: str = "unknown"
    birth_date: str = ""  # ISO date, exact
    birth_year: int | None = None
    province_codes: tuple[str, ...] = ()  # current codes
    commune_codes: tuple[str, ...] = ()  # current codes of the commune named
    area_codes: tuple[str, ...] = ()  # current communes of a legacy district named
    village: str = ""  # folded village of the commune named ("thôn 3" → "3")
    # Legacy provinces a hand-written place is consistent with (``Place``); from the
    # communes when not given.
    legacy_province_codes: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()  # (kind, value as entered)
    agency: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class NameParts:
    surname: str  # diacritic-exact, lower case
    middle: str
    given: str
    surname_fold: str
    middle_fold: str
    given_fold: str
    reordered: bool


def _exact(token: str) -> str:
    return nfc(token).lower()


# Surnames common enough that a mistyped one written last is still recognised
# ("TUYET THI TRRAN", when the first syllable is no surname): the first ten cover
# about 80% of people.
_TYPO_SURNAMES = _SURNAMES_BY_FREQUENCY[:10]


def _mistyped_surname_rank(token: str) -> int | None:
    """The rank of the frequent surname ``token`` is one edit from (four letters or
    more: "trran", "ngyen"; shorter tokens only when they are no Vietnamese syllable:
    "phn", "dag" — "Tân" is a given name, not a mistyped "Trần")."""
    if len(token) < 3 or (len(token) == 3 and is_syllable(token)):
        return None
    for candidate in _TYPO_SURNAMES:
        if one_edit_apart(token, candidate):
            return SURNAME_RANK[candidate]
    return None


def surname_key(surname_fold: str) -> str:
    """The surname with a typing slip repaired when it is no known surname and no
    syllable but one edit from a known surname, the most frequent first ("nguyn",
    "hoag", "ccao" → "nguyen", "hoang", "cao"): the blocking keys use it, so a mistyped
    surname still meets its other records (the comparisons use the name as typed)."""
    if not surname_fold or surname_fold in SURNAME_RANK or is_syllable(surname_fold):
        return surname_fold
    return next(
        (known for known in _SURNAMES_BY_FREQUENCY if one_edit_apart(surname_fold, known)),
        surname_fold,
    )


# Names repeat (a few thousand distinct ones in a million records): split each once.
@lru_cache(maxsize=1 << 18)
def split_name(full_name: str) -> NameParts:
    """Surname / middle / given of a Vietnamese name, with the order repaired when the
    surname was written last ("Hường Thị Nguyễn" → Nguyễn / Thị / Hường): the last
    syllable is taken for the surname when it is a surname more frequent than the first
    ("Lý Kim Nguyễn" → Nguyễn Kim Lý; "Nguyễn Văn Lý" stays)."""
    tokens = [t for t in squash_spaces(nfc(full_name).replace(",", " ")).split(" ") if t]
    folded = [fold(t) for t in tokens]
    reordered = False
    last_rank = None
    if len(tokens) >= 2:
        last_rank = SURNAME_RANK.get(folded[-1])
        if last_rank is None and folded[0] not in SURNAME_RANK:
            last_rank = _mistyped_surname_rank(folded[-1])
    if last_rank is not None and last_rank < SURNAME_RANK.get(folded[0], len(SURNAME_RANK)):
        # Given [middle …] Surname → Surname [middle …] Given
        tokens = [tokens[-1], *tokens[1:-1], tokens[0]]
        folded = [folded[-1], *folded[1:-1], folded[0]]
        reordered = True
    if not tokens:
        return NameParts("", "", "", "", "", "", False)
    if len(tokens) == 1:
        return NameParts("", "", _exact(tokens[0]), "", "", folded[0], reordered)
    middle = " ".join(_exact(t) for t in tokens[1:-1])
    return NameParts(
        surname=_exact(tokens[0]),
        middle=middle,
        given=_exact(tokens[-1]),
        surname_fold=folded[0],
        middle_fold=" ".join(folded[1:-1]),
        given_fold=folded[-1],
        reordered=reordered,
    )


def _documents(identifiers: Iterable[tuple[str, str]]) -> list[str]:
    found: set[str] = set()
    for kind, value in identifiers:
        if kind in DOCUMENT_KINDS:
            try:
                found.add(f"{kind}:{normalize_identifier(kind, value)}")
            except ValidationFailed:
                continue
    return sorted(found)


def _phones(identifiers: Iterable[tuple[str, str]]) -> list[str]:
    found: set[str] = set()
    for kind, value in identifiers:
        if kind in PHONE_KINDS:
            try:
                found.add(normalize_phone(value))
            except ValidationFailed:
                continue
    return sorted(found)


FEATURE_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "surname",
    "surname_fold",
    "surname_key",
    "surname_ok",
    "middle",
    "middle_fold",
    "middle_strong",
    "given",
    "given_fold",
    "given_ok",
    "name_exact",
    "name_fold",
    "sg_key",
    "sex",
    "dob",
    "birth_year",
    "province",
    "communes",
    "commune1",
    "area",
    "village",
    "legacy_province",
    "documents",
    "document_kinds",
    "document1",
    "phones",
    "phone1",
)


def _single_legacy_province(record: LinkRecord) -> str | None:
    """The one legacy province the record's place lies in, when it names only one: a
    province-only record written with a legacy name ("HA GIANG") is then compared with
    the commune of the other record at that finer level."""
    codes = record.legacy_province_codes or legacy_provinces_of_communes(record.commune_codes)
    return codes[0] if len(codes) == 1 else None


def _letters(token: str) -> str:
    """The letters of ``token``, each once, in alphabetical order: the same for a name
    typed with two letters swapped or one doubled ("nhung" / "nuhng", "trang" /
    "tranng")."""
    return "".join(sorted(set(token)))


def _cccd_facts(documents: Sequence[str]) -> CitizenIdFacts | None:
    """What the record's CCCD number states (``citizen_id_facts``), its province kept
    only when it is a known legacy province."""
    for document in documents:
        kind, _, number = document.partition(":")
        if kind == IdentifierKind.CCCD and (facts := citizen_id_facts(number)) is not None:
            if facts.province_code in legacy_province_names():
                return facts
            return replace(facts, province_code="")
    return None


def _sg_key(parts: NameParts) -> str | None:
    """Surname and given name in either order (a surname written last), each as its
    letters (a slip that swaps or doubles letters keeps the key)."""
    if not (parts.surname_fold and parts.given_fold):
        return None
    return "|".join(sorted((_letters(surname_key(parts.surname_fold)), _letters(parts.given_fold))))


def _sex(record: LinkRecord, middle_fold: str, stated: str | None) -> str | None:
    """The recorded sex, or when none was recorded the one the CCCD number states or
    the middle name "Thị" (women only) or "Văn" (men only) gives."""
    if record.sex in ("female", "male"):
        return record.sex
    if stated:
        return stated
    middles = middle_fold.split(" ")
    if "thi" in middles:
        return "female"
    return "male" if "van" in middles else None


def features(record: LinkRecord) -> dict[str, Any]:
    """The comparison columns of one record (None where unknown)."""
    parts = split_name(record.full_name)
    documents = _documents(record.identifiers)
    phones = _phones(record.identifiers)
    strong_middle = " ".join(
        t for t in parts.middle_fold.split(" ") if t and t not in WEAK_MIDDLE_FOLDED
    )
    year = record.birth_year
    if record.birth_date and year is None:
        year = int(record.birth_date[:4])
    # What the CCCD number states fills what the record left out (never overrides it).
    stated = _cccd_facts(documents)
    if year is None and stated is not None:
        year = stated.birth_year
    province = record.province_codes[0] if record.province_codes else None
    legacy_province = _single_legacy_province(record)
    if province is None and stated is not None and stated.province_code:
        legacy_province = stated.province_code
        province = legacy_province_names()[legacy_province][1]
    return {
        "unique_id": record.record_id,
        "surname": parts.surname or None,
        "surname_fold": parts.surname_fold or None,
        "surname_key": surname_key(parts.surname_fold) or None,
        # Typing slips break the shape of a syllable ("Tranng"): a one-letter difference
        # is then a slip, not another name ("Lan" / "Loan").
        "surname_ok": is_syllable(parts.surname_fold) if parts.surname_fold else None,
        "middle": parts.middle or None,
        "middle_fold": parts.middle_fold or None,
        "middle_strong": strong_middle or None,
        "given": parts.given or None,
        "given_fold": parts.given_fold or None,
        "given_ok": is_syllable(parts.given_fold) if parts.given_fold else None,
        "name_exact": " ".join(p for p in (parts.surname, parts.middle, parts.given) if p) or None,
        "name_fold": " ".join(
            p for p in (parts.surname_fold, parts.middle_fold, parts.given_fold) if p
        )
        or None,
        "sg_key": _sg_key(parts),
        "sex": _sex(record, parts.middle_fold, stated.sex if stated else None),
        "dob": record.birth_date or None,
        "birth_year": year,
        "province": province,
        "communes": sorted(record.commune_codes),
        "commune1": min(record.commune_codes) if record.commune_codes else None,
        "area": sorted(set(record.area_codes) | set(record.commune_codes)),
        "village": record.village or None,
        "legacy_province": legacy_province,
        "documents": documents,
        "document_kinds": sorted({d.split(":", 1)[0] for d in documents}),
        "document1": documents[0] if documents else None,
        "phones": phones,
        "phone1": phones[0] if phones else None,
    }


def feature_rows(records: Sequence[LinkRecord]) -> list[dict[str, Any]]:
    return [features(r) for r in records]
