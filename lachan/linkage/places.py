"""Places as current (post-2025) province codes, whichever era they were written in.

Records in the system carry current units already (``Person.admin_unit``; the province
is ``unit.province``). Places written by hand — legacy ("Hà Giang") or current
("Tuyên Quang") — go through the official succession table shipped with ``lachan.geo``
(the same files ``load_geo`` loads), so both map to the same current code without a
database round trip per record."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache

from lachan.core.text import fold
from lachan.geo.loading import read_files

_PREFIXES = ("thanh pho ", "tinh ", "tp ")


@cache
def _province_table() -> dict[str, tuple[str, ...]]:
    """Folded province name (either era) → current province codes."""
    data = read_files()
    table: dict[str, set[str]] = {}
    for code, _name, short_name, _kind in data["current"]["provinces"]:
        table.setdefault(fold(short_name), set()).add(code)
    successors: dict[str, set[str]] = {}
    for legacy_code, current_code, _partial in data["succession"]["provinces"]:
        successors.setdefault(legacy_code, set()).add(current_code)
    for code, _name, short_name, _kind in data["legacy"]["provinces"]:
        table.setdefault(fold(short_name), set()).update(successors.get(code, set()))
    return {key: tuple(sorted(codes)) for key, codes in table.items()}


def province_codes(text: str) -> tuple[str, ...]:
    """Current province codes named by ``text`` (a province name, or an address whose
    last part is one): "Hà Giang" → ("08",) — Hà Giang joined Tuyên Quang in 2025."""
    table = _province_table()
    for part in reversed([p for p in (fold(piece) for piece in text.split(",")) if p]):
        key = part
        for prefix in _PREFIXES:
            key = key.removeprefix(prefix)
        if key in table:
            return table[key]
        words = key.split(" ")
        for cut in range(1, len(words)):  # "xa con cuong nghe an": a trailing province
            tail = " ".join(words[cut:])
            if tail in table:
                return table[tail]
    return ()


def current_province_names() -> dict[str, str]:
    """Current province code → short name."""
    return {code: short for code, _n, short, _k in read_files()["current"]["provinces"]}


@cache
def legacy_province_names() -> dict[str, tuple[str, str]]:
    """Legacy province code → (short name, current successor code)."""
    data = read_files()
    successor = {legacy: current for legacy, current, _p in data["succession"]["provinces"]}
    return {
        code: (short, successor.get(code, ""))
        for code, _n, short, _k in data["legacy"]["provinces"]
    }


# Type words written before a unit's name ("Xã Con Cuông", "Huyện Kỳ Sơn", "TP Huế").
_UNIT_PREFIXES = (
    "thanh pho ",
    "thi tran ",
    "thi xa ",
    "dac khu ",
    "phuong ",
    "huyen ",
    "quan ",
    "tinh ",
    "tp. ",
    "tp ",
    "xa ",
)

# Type words of a village, hamlet or urban group (below the commune; no official list).
_VILLAGE_PREFIXES = (
    "to dan pho ",
    "khu pho ",
    "thon ",
    "xom ",
    "ban ",
    "buon ",
    "ap ",
    "lang ",
    "khom ",
)


def village_key(text: str) -> str:
    """The village an address part names, folded and without its type word
    ("Thôn 3" → "3", "Bản Pù Lầu" → "pu lau"); "" when the part is no village."""
    key = fold(text).strip()
    for prefix in _VILLAGE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :].strip()
    return ""


# Type words of a district (legacy era only: current units have no districts).
_DISTRICT_PREFIXES = ("huyen ", "quan ", "thi xa ", "thanh pho ")


@dataclass(frozen=True)
class Place:
    """A written place as current (post-2025) units: the provinces it names, the
    communes when the text names a commune, and the area (the current communes a
    legacy district became) when it names a district only."""

    provinces: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    village: str = ""  # folded, without its type word: "thôn 3" → "3" (``village_key``)
    # Legacy provinces the place is consistent with: "HA GIANG" → Hà Giang only, while
    # "Tuyên Quang" (either era) → legacy Tuyên Quang and Hà Giang.
    legacy_provinces: tuple[str, ...] = ()


@dataclass(frozen=True)
class _GeoTables:
    current_provinces: dict[str, set[str]]  # folded name → current province codes
    legacy_provinces: dict[str, set[str]]  # folded name → legacy province codes
    province_successor: dict[str, set[str]]  # legacy province → current provinces
    current_communes: dict[tuple[str, str], set[str]]  # (current province, name) → codes
    legacy_districts: dict[tuple[str, str], set[str]]  # (legacy province, name) → codes
    legacy_communes: dict[tuple[str, str], set[str]]  # (legacy district, name) → codes
    legacy_communes_in_province: dict[tuple[str, str], set[str]]
    commune_successors: dict[str, set[str]]  # legacy commune → current communes
    district_area: dict[str, set[str]]  # legacy district → current communes
    commune_province: dict[str, str]  # current commune → current province
    commune_legacy_provinces: dict[str, set[str]]  # current commune → legacy provinces
    province_predecessors: dict[str, set[str]]  # current province → legacy provinces
    district_province: dict[str, str]  # legacy district → legacy province


def _unit_keys(text: str) -> list[str]:
    """The folded name with and without its type word: "Phường 1" is also named so."""
    key = fold(text)
    keys = [key]
    for prefix in _UNIT_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.insert(0, key[len(prefix) :])
            break
    return keys


@cache
def _geo_tables() -> _GeoTables:
    data = read_files()
    current, legacy, succession = data["current"], data["legacy"], data["succession"]
    tables = _GeoTables({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})
    for code, _n, short, _k in current["provinces"]:
        tables.current_provinces.setdefault(fold(short), set()).add(code)
    for code, _n, short, _k in legacy["provinces"]:
        tables.legacy_provinces.setdefault(fold(short), set()).add(code)
    for old, new, _partial in succession["provinces"]:
        tables.province_successor.setdefault(old, set()).add(new)
        tables.province_predecessors.setdefault(new, set()).add(old)
    for code, _n, short, _k, province in current["communes"]:
        tables.current_communes.setdefault((province, fold(short)), set()).add(code)
        tables.commune_province[code] = province
    district_province = tables.district_province
    for code, _n, short, _k, province in legacy["districts"]:
        tables.legacy_districts.setdefault((province, fold(short)), set()).add(code)
        district_province[code] = province
    for old, new, _partial in succession["communes"]:
        tables.commune_successors.setdefault(old, set()).add(new)
    for code, _n, short, _k, district in legacy["communes"]:
        tables.legacy_communes.setdefault((district, fold(short)), set()).add(code)
        province = district_province.get(district, "")
        tables.legacy_communes_in_province.setdefault((province, fold(short)), set()).add(code)
        tables.district_area.setdefault(district, set()).update(
            tables.commune_successors.get(code, set())
        )
        for new in tables.commune_successors.get(code, set()):
            tables.commune_legacy_provinces.setdefault(new, set()).add(province)
    return tables


def legacy_provinces_of_communes(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The legacy (pre-2025) provinces the current communes ``codes`` were part of."""
    table = _geo_tables().commune_legacy_provinces
    return tuple(sorted(set().union(*(table.get(code, set()) for code in codes))))


def _lookup(table: dict[tuple[str, str], set[str]], scopes: set[str], text: str) -> set[str]:
    for key in _unit_keys(text):
        found = set().union(*(table.get((scope, key), set()) for scope in scopes))
        if found:
            return found
    return set()


def _provinces_named(tables: _GeoTables, text: str) -> tuple[set[str], set[str]]:
    """(current codes, legacy codes) of a province name."""
    for key in _unit_keys(text):
        current = tables.current_provinces.get(key, set())
        legacy = tables.legacy_provinces.get(key, set())
        if current or legacy:
            return set(current), set(legacy)
    return set(), set()


def _successors(codes: set[str], table: dict[str, set[str]]) -> set[str]:
    return set().union(*(table.get(code, set()) for code in codes))


def place_units(text: str) -> Place:
    """The current units an address names, whichever era it was written in.

    "Xã Môn Sơn, Huyện Con Cuông, Tỉnh Nghệ An" (legacy) and "Xã Môn Sơn, Tỉnh Nghệ An"
    (current) name the same current commune; "Huyện Con Cuông, Nghệ An" names only an
    area (the current communes the district became); "NGHE AN" only a province. A commune
    name that is ambiguous within its province without its district counts as area."""
    parts = [p.strip() for p in text.split(",") if fold(p.strip())]
    village = village_key(parts[0]) if len(parts) >= 3 else ""
    if village:
        # "Thôn 3, Xã Môn Sơn, …": a village before a commune; a commune written
        # without its type word ("Bản Lầu, Lào Cai") is no village.
        place = _units(parts[1:])
        if place.communes:
            return dataclasses.replace(place, village=village)
    return _units(parts)


def _units(parts: list[str]) -> Place:
    if not parts:
        return Place()
    tables = _geo_tables()
    current_p, legacy_p = _provinces_named(tables, parts[-1])
    if not current_p and not legacy_p:
        return Place(provinces=province_codes(", ".join(parts)))
    provinces = current_p | _successors(legacy_p, tables.province_successor)
    communes: set[str] = set()
    area: set[str] = set()
    districts: set[str] = set()
    if len(parts) >= 3 and legacy_p:
        districts = _lookup(tables.legacy_districts, legacy_p, parts[-2])
        communes = _successors(
            _lookup(tables.legacy_communes, districts, parts[-3]), tables.commune_successors
        )
        if not communes:
            area = _successors(districts, tables.district_area)
    elif len(parts) == 2:
        if not fold(parts[-2]).startswith(_DISTRICT_PREFIXES):
            communes = _lookup(tables.current_communes, current_p, parts[-2])
        if not communes and legacy_p:
            districts = _lookup(tables.legacy_districts, legacy_p, parts[-2])
            area = _successors(districts, tables.district_area)
            if not area:
                legacy_communes = _lookup(tables.legacy_communes_in_province, legacy_p, parts[-2])
                found = _successors(legacy_communes, tables.commune_successors)
                if len(legacy_communes) == 1:
                    communes = found
                else:
                    area = found
    if communes:
        area = set(communes)
        provinces = {tables.commune_province[c] for c in communes} or provinces
        olds = set(legacy_provinces_of_communes(tuple(communes)))
    elif area:
        olds = {tables.district_province[d] for d in districts} or set(legacy_p)
    else:  # a province name alone: whichever era it was written in
        olds = legacy_p | _successors(current_p, tables.province_predecessors)
    return Place(
        tuple(sorted(provinces)),
        tuple(sorted(communes)),
        tuple(sorted(area)),
        legacy_provinces=tuple(sorted(olds)),
    )
