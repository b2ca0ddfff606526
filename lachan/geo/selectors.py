"""Reading administrative units.

Units are reference data, the same for every staff user, so these selectors take no
actor: views and the API first ask ``AdminUnitPolicy`` for ``GeoPermission.VIEW``;
services of other apps (tips triage, linkage) call them directly.

Every query is served by an index: (era, level, name_key) for names, (era, code) for
codes, the foreign keys for children and successions. The 97 provinces of both eras
are cached in the process (they change only when ``load_geo`` runs, which clears it)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from operator import or_

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from lachan.core.errors import NotFound, field_invalid
from lachan.core.text import nfc, squash_spaces
from lachan.geo.models import AdminUnit, Era, Level, Succession
from lachan.geo.names import PlaceQuery, place_query

MAX_LIMIT = 100
_LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
_PROVINCE_TYPES = frozenset({"tỉnh", "thành phố trung ương"})
_DISTRICT_TYPES = frozenset({"huyện", "quận", "thị xã", "thành phố"})
_COMMUNE_TYPES = frozenset({"xã", "phường", "thị trấn", "đặc khu"})


# --- the province table, cached -----------------------------------------------------------
@dataclass(frozen=True)
class _Provinces:
    by_id: dict[int, AdminUnit]
    by_code: dict[tuple[str, str], AdminUnit]
    by_key: dict[str, list[AdminUnit]]
    successors: dict[int, list[tuple[AdminUnit, bool]]]  # legacy id → (current, partial)
    predecessors: dict[int, list[AdminUnit]]  # current id → legacy provinces


@cache
def _provinces() -> _Provinces:
    units = list(AdminUnit.objects.filter(level=Level.PROVINCE).order_by("era", "code"))
    for unit in units:
        AdminUnit.province.field.set_cached_value(unit, unit)  # unit.province: no query
    by_id = {unit.pk: unit for unit in units}
    by_key: dict[str, list[AdminUnit]] = defaultdict(list)
    for unit in units:
        by_key[unit.name_key].append(unit)
    successors: dict[int, list[tuple[AdminUnit, bool]]] = defaultdict(list)
    predecessors: dict[int, list[AdminUnit]] = defaultdict(list)
    rows = Succession.objects.filter(
        legacy__level=Level.PROVINCE, current__level=Level.PROVINCE
    ).values_list("legacy_id", "current_id", "partial")
    for legacy_id, current_id, partial in rows:
        successors[legacy_id].append((by_id[current_id], partial))
        predecessors[current_id].append(by_id[legacy_id])
    return _Provinces(
        by_id=by_id,
        by_code={(unit.era, unit.code): unit for unit in units},
        by_key=dict(by_key),
        successors=dict(successors),
        predecessors=dict(predecessors),
    )


_reload_hooks: list[Callable[[], None]] = []


def on_geo_reload(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a cache that is built from the units (e.g. a gazetteer elsewhere), so
    ``clear_geo_cache`` after a reload clears it too. Usable as a decorator."""
    _reload_hooks.append(clear)
    return clear


def clear_geo_cache() -> None:
    _provinces.cache_clear()
    for clear in _reload_hooks:
        clear()


# --- by code, lists -------------------------------------------------------------------------
def unit_by_code(*, code: str, era: str = Era.CURRENT) -> AdminUnit:
    """The unit with this official code ("31", "00004"); NotFound otherwise."""
    province = _provinces().by_code.get((era, code))
    if province is not None:
        return province
    unit = AdminUnit.objects.select_related("province", "parent").filter(era=era, code=code).first()
    if unit is None:
        raise NotFound(_("No administrative unit has this code."))
    return unit


def province_list(*, era: str = Era.CURRENT) -> list[AdminUnit]:
    """The provinces of an era, in official code order."""
    return [unit for (unit_era, _code), unit in _provinces().by_code.items() if unit_era == era]


def children_of(*, unit: AdminUnit, level: str | None = None) -> QuerySet[AdminUnit]:
    """Units directly below ``unit`` (a current province's communes; a legacy
    province's districts, a legacy district's communes), or with ``level`` every unit
    of that level in the province (e.g. all communes of a legacy province)."""
    if level is not None and unit.level == Level.PROVINCE:
        queryset = AdminUnit.objects.filter(province_id=unit.pk, level=level)
    else:
        queryset = AdminUnit.objects.filter(parent_id=unit.pk)
    return queryset.select_related("province", "parent").order_by("name_key", "code")


def province_of(unit: AdminUnit) -> AdminUnit:
    """The province a unit lies in (itself for a province), without a query."""
    if unit.level == Level.PROVINCE:
        return unit
    assert unit.province_id is not None
    return _provinces().by_id[unit.province_id]


def subtree_q(unit: AdminUnit, field: str = "admin_unit") -> Q:
    """Records whose admin unit (``field``) lies in ``unit``: a filter, not a list."""
    if unit.level == Level.PROVINCE:
        return Q(**{f"{field}__province_id": unit.pk})
    if unit.level == Level.DISTRICT:
        return Q(**{f"{field}__parent_id": unit.pk}) | Q(**{field: unit.pk})
    return Q(**{field: unit.pk})


# --- search ---------------------------------------------------------------------------------
def _next_string(key: str) -> str:
    return key[:-1] + chr(ord(key[-1]) + 1)


def _prefix_q(key: str) -> Q:
    """name_key starts with key, in the form the database's index serves: PostgreSQL
    LIKE 'key%' uses the pattern-ops index whatever the collation; SQLite compares
    binary strings, so a range uses the plain index (its LIKE would not)."""
    if connection.vendor == "postgresql":
        return Q(name_key__startswith=key)
    return Q(name_key__gte=key, name_key__lt=_next_string(key))


def _level_rank() -> Case:
    return Case(
        *(When(level=level, then=Value(rank)) for level, rank in _LEVEL_RANK.items()),
        output_field=IntegerField(),
    )


def _rank(unit: AdminUnit, query: PlaceQuery, inner: bool) -> tuple[int, ...]:
    key = unit.name_key
    return (
        0 if key in query.keys else 1,
        # What was typed, whole, beats the reading without its first word: "phuong
        # lien" is more likely "Phương Liên" than any "Phường Liên…".
        0 if key.startswith(query.keys[0]) else 1,
        0 if not query.types or unit.division_type in query.types else 1,
        int(inner),
        0 if unit.era == Era.CURRENT else 1,
        _LEVEL_RANK[Level(unit.level)],
        len(key),
    )


def search_units(
    *,
    query: str,
    level: str | None = None,
    era: str | None = Era.CURRENT,
    province: AdminUnit | None = None,
    limit: int = 20,
) -> list[AdminUnit]:
    """Units whose name starts with what was typed, ignoring case, diacritics and type
    words ("tp hai phong", "TP. Hải Phòng", "Thành phố Hải Phòng", "hai ph" all find
    Hải Phòng). Exact names first, then names whose type word was typed, provinces
    before districts before communes, shorter names first. ``era=None`` searches both
    eras.

    Names where the text starts a later word ("phong" → "Hải Phòng") come after, only to
    fill the list: that part is a bounded scan of one level's keys, not an index seek."""
    parsed = place_query(query)
    limit = max(0, min(limit, MAX_LIMIT))
    if not parsed or limit == 0:
        return []
    # Every column of the (era, level, name_key) index is constrained, with IN when not
    # chosen, so that both databases seek the name range instead of scanning an era.
    base = AdminUnit.objects.select_related("province", "parent").filter(
        era__in=[era] if era else Era.values, level__in=[level] if level else Level.values
    )
    if province is not None:
        base = base.filter(province_id=province.pk)
    ordered = ("level_rank", "name_length", "name_key", "era", "code")
    annotate = {"name_length": Length("name_key"), "level_rank": _level_rank()}
    # One query per reading (at most three): a short reading's many matches must not
    # crowd out the few of a longer one before ranking.
    found: list[AdminUnit] = []
    for key in parsed.keys:
        seen = {unit.pk for unit in found}
        rows = base.filter(_prefix_q(key)).annotate(**annotate).order_by(*ordered)[:limit]
        found += [unit for unit in rows if unit.pk not in seen]
    inner: list[AdminUnit] = []
    inner_keys = [key for key in parsed.keys if len(key) >= 2]
    if len(found) < limit and inner_keys:
        inner = list(
            base.filter(reduce(or_, (Q(name_key__contains=f" {key}") for key in inner_keys)))
            .exclude(pk__in=[unit.pk for unit in found])
            .annotate(**annotate)
            .order_by(*ordered)[: limit - len(found)]
        )
    ranked = sorted(
        [(unit, False) for unit in found] + [(unit, True) for unit in inner],
        key=lambda pair: _rank(pair[0], parsed, pair[1]),
    )
    return [unit for unit, _inner in ranked[:limit]]


# --- legacy → current -----------------------------------------------------------------------
@dataclass(frozen=True)
class Successor:
    unit: AdminUnit  # a current unit
    partial: bool  # only part of the legacy unit went into it


@dataclass(frozen=True)
class Successors:
    """Where a legacy unit went. ``exact`` only when one current unit took all of it;
    otherwise every candidate is listed and the caller must ask — never guess."""

    legacy: AdminUnit
    candidates: tuple[Successor, ...]

    @property
    def exact(self) -> bool:
        return len(self.candidates) == 1 and not self.candidates[0].partial

    @property
    def ambiguous(self) -> bool:
        return not self.exact

    @property
    def units(self) -> tuple[AdminUnit, ...]:
        return tuple(candidate.unit for candidate in self.candidates)

    @property
    def unit(self) -> AdminUnit | None:
        """The successor when exact, else None."""
        return self.candidates[0].unit if self.exact else None


def _successor_rows(legacy_ids: Iterable[int]) -> dict[int, list[Successor]]:
    found: dict[int, list[Successor]] = defaultdict(list)
    rows = (
        Succession.objects.filter(legacy_id__in=list(legacy_ids))
        .select_related("current", "current__province", "current__parent")
        .order_by("current__code")
    )
    for row in rows:
        found[row.legacy_id].append(Successor(unit=row.current, partial=row.partial))
    return found


def successors_of(units: Sequence[AdminUnit]) -> dict[int, Successors]:
    """``current_for_legacy`` for many units at once (two queries at most)."""
    legacy = [unit for unit in units if unit.era == Era.LEGACY]
    rows = _successor_rows(unit.pk for unit in legacy)
    result = {
        unit.pk: Successors(legacy=unit, candidates=(Successor(unit=unit, partial=False),))
        for unit in units
        if unit.era == Era.CURRENT
    }
    missing = [unit for unit in legacy if not rows.get(unit.pk)]
    # A legacy commune the official table leaves out (28 in the 2026.9.0 data) falls
    # back to where its district went, as partial candidates: a hint, never an answer.
    fallback = _successor_rows(unit.parent_id for unit in missing if unit.parent_id)
    for unit in legacy:
        candidates = rows.get(unit.pk) or [
            Successor(unit=c.unit, partial=True) for c in fallback.get(unit.parent_id or 0, [])
        ]
        result[unit.pk] = Successors(legacy=unit, candidates=tuple(candidates))
    return result


def current_for_legacy(*, legacy_unit: AdminUnit) -> Successors:
    """The current unit(s) a legacy unit became. A legacy commune maps to communes, a
    legacy province to its province, a legacy district (districts were abolished) to
    its province — or, for the island districts that had no communes, to the special
    zone (đặc khu) of the same name. A current unit is its own exact successor."""
    return successors_of([legacy_unit])[legacy_unit.pk]


def legacy_for_current(*, unit: AdminUnit) -> list[AdminUnit]:
    """The legacy units of the same level that went (wholly or partly) into ``unit``."""
    return list(
        AdminUnit.objects.filter(successors__current=unit, level=unit.level)
        .select_related("province", "parent")
        .order_by("code")
    )


# --- free text → current units ----------------------------------------------------------------
@dataclass(frozen=True)
class PlaceMatch:
    unit: AdminUnit  # a current unit
    matched: AdminUnit  # the unit whose name was found in the text (current or legacy)
    exact: bool  # the name matched and maps wholly to this one unit


@dataclass(frozen=True)
class PlaceResolution:
    text: str
    candidates: tuple[PlaceMatch, ...]

    @property
    def unit(self) -> AdminUnit | None:
        """The current unit when the text names exactly one, else None (ask)."""
        if len(self.candidates) == 1 and self.candidates[0].exact:
            return self.candidates[0].unit
        return None

    @property
    def ambiguous(self) -> bool:
        return self.unit is None


# Type words written with their diacritics start a new part even without a comma
# ("xã Tân Lập huyện Đan Phượng"); without diacritics they may be part of a name.
_PART_BREAK = re.compile(
    r"[,;\n]+|\s+(?=(?:thị xã|thị trấn|thành phố|đặc khu|xã|phường|huyện|quận|tỉnh|tp\.)\s)",
    re.IGNORECASE,
)


_COUNTRY = frozenset({"viet nam", "vietnam", "vn", "nuoc chxhcn viet nam"})


def _parts(text: str) -> list[PlaceQuery]:
    pieces = [squash_spaces(piece) for piece in _PART_BREAK.split(nfc(text))]
    parts = [place_query(piece) for piece in pieces if piece]
    parts = [part for part in parts if part and part.keys[0] not in _COUNTRY]
    # "Tân Lập Đan Phượng Hà Nội": peel a trailing province name off the last part.
    if parts and not _province_matches(parts[-1]):
        words = parts[-1].keys[0].split(" ")
        for cut in range(1, len(words)):
            head, tail = place_query(" ".join(words[:cut])), place_query(" ".join(words[cut:]))
            if _province_matches(tail):
                parts[-1:] = [head, tail]
                break
    return parts


def _compatible(part: PlaceQuery, types: frozenset[str]) -> bool:
    return not part.types or bool(part.types & types)


def _province_matches(part: PlaceQuery) -> list[AdminUnit]:
    if not _compatible(part, _PROVINCE_TYPES):
        return []
    table = _provinces().by_key
    return [unit for key in part.keys for unit in table.get(key, [])]


def _current_provinces(provinces: Iterable[AdminUnit]) -> set[int]:
    ids: set[int] = set()
    for unit in provinces:
        if unit.era == Era.CURRENT:
            ids.add(unit.pk)
        else:
            ids.update(current.pk for current, _ in _provinces().successors.get(unit.pk, []))
    return ids


def _legacy_provinces(current_ids: set[int]) -> set[int]:
    table = _provinces()
    return {legacy.pk for pk in current_ids for legacy in table.predecessors.get(pk, [])}


def _named(part: PlaceQuery, level: str, types: frozenset[str]) -> QuerySet[AdminUnit]:
    queryset = AdminUnit.objects.filter(level=level, name_key__in=part.keys)
    if part.types:
        queryset = queryset.filter(division_type__in=part.types & types)
    return queryset.select_related("province", "parent").order_by("era", "code")


def _peel_district(
    part: PlaceQuery, legacy_province_ids: set[int]
) -> tuple[list[AdminUnit], list[PlaceQuery]]:
    """Split "tan lap dan phuong" into the commune "tan lap" and the legacy district
    "dan phuong" of one of the given provinces, when the whole is no unit's name."""
    words = part.keys[0].split(" ")
    if len(words) < 2 or AdminUnit.objects.filter(name_key__in=part.keys).exists():
        return [], [part]
    for cut in range(1, len(words)):
        head, tail = place_query(" ".join(words[:cut])), place_query(" ".join(words[cut:]))
        found = list(
            _named(tail, Level.DISTRICT, _DISTRICT_TYPES).filter(
                province_id__in=legacy_province_ids
            )
        )
        if found:
            return found, [head]
    return [], [part]


def _as_matches(units: Sequence[AdminUnit]) -> tuple[PlaceMatch, ...]:
    successors = successors_of(units)
    best: dict[int, PlaceMatch] = {}
    for unit in units:
        found = successors[unit.pk]
        for candidate in found.candidates:
            match = PlaceMatch(unit=candidate.unit, matched=unit, exact=found.exact)
            if candidate.unit.pk not in best or (match.exact and not best[candidate.unit.pk].exact):
                best[candidate.unit.pk] = match
    return tuple(best.values())


def resolve_place(*, text: str) -> PlaceResolution:
    """Current-unit candidates for a place written by hand, legacy or current, province
    or commune ("Bắc Giang" → Bắc Ninh; "xã Tân Lập, huyện Đan Phượng, Hà Nội" → the
    commune(s) it became). Reads parts from the end: province, then a legacy district,
    then the commune; a commune split by the 2025 reform yields all its successors.
    When no name matches exactly, falls back to a prefix search, never exact."""
    parts = _parts(text)
    if not parts:
        return PlaceResolution(text=text, candidates=())
    rest = list(parts)
    provinces: list[AdminUnit] = []
    for index in range(len(rest) - 1, -1, -1):
        provinces = _province_matches(rest[index])
        if provinces and (index > 0 or len(rest) == 1):
            del rest[index]
            break
        provinces = []
    current_ids = _current_provinces(provinces)
    legacy_ids = _legacy_provinces(current_ids) | {p.pk for p in provinces if p.era == Era.LEGACY}

    districts: list[AdminUnit] = []
    for index in range(len(rest) - 1, -1, -1):
        part = rest[index]
        # The first part names the commune unless its type word says district.
        if not _compatible(part, _DISTRICT_TYPES) or (index == 0 and not part.types):
            continue
        queryset = _named(part, Level.DISTRICT, _DISTRICT_TYPES)
        if legacy_ids:
            queryset = queryset.filter(province_id__in=legacy_ids)
        districts = list(queryset)
        if districts:
            del rest[index]
            break

    if not districts and rest and legacy_ids:
        # "tan lap dan phuong" (no comma, no type word): a trailing legacy district name.
        districts, rest[-1:] = _peel_district(rest[-1], legacy_ids)

    for part in reversed(rest):
        if not _compatible(part, _COMMUNE_TYPES):
            continue
        queryset = _named(part, Level.COMMUNE, _COMMUNE_TYPES)
        if districts:
            district_current = _current_provinces(province_of(d) for d in districts)
            queryset = queryset.filter(
                Q(era=Era.LEGACY, parent__in=[d.pk for d in districts])
                | Q(era=Era.CURRENT, province_id__in=current_ids or district_current)
            )
        elif current_ids:
            queryset = queryset.filter(province_id__in=current_ids | legacy_ids)
        communes = list(queryset)
        if communes:
            matches = _as_matches(communes)
            if districts:
                # A district that no longer exists dates the address: a current commune
                # of the same name is a lead, not an answer.
                matches = tuple(
                    PlaceMatch(unit=m.unit, matched=m.matched, exact=False)
                    if m.matched.era == Era.CURRENT
                    else m
                    for m in matches
                )
            return PlaceResolution(text=text, candidates=matches)
    if districts:
        return PlaceResolution(text=text, candidates=_as_matches(districts))
    if provinces:
        return PlaceResolution(text=text, candidates=_as_matches(provinces))
    fuzzy = search_units(query=rest[-1].keys[0] if rest else "", era=None, limit=10)
    matches = _as_matches(fuzzy)
    return PlaceResolution(
        text=text,
        candidates=tuple(PlaceMatch(unit=m.unit, matched=m.matched, exact=False) for m in matches),
    )


def unit_from_code(code: str | None, *, field: str, era: str = Era.CURRENT) -> AdminUnit | None:
    """The unit an API caller named by code (None when none was given); a code that names
    no unit is that field's validation error."""
    if not code:
        return None
    unit = AdminUnit.objects.filter(era=era, code=code.strip()).first()
    if unit is None:
        raise field_invalid(field, _("No administrative unit has this code."))
    return unit
