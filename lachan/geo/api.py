"""/api/v1/geo/: provinces, communes, search, lookup by code, legacy → current and free
text → current. For staff holding ``geo.view``; for anyone else the routes answer 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from lachan.access.policies.geo import admin_unit_policy
from lachan.core.errors import NotFound
from lachan.geo import selectors
from lachan.geo.models import AdminUnit, Era, Level
from lachan.geo.schemas import (
    EraName,
    PlaceMatchOut,
    ResolveIn,
    ResolveOut,
    SearchIn,
    SuccessorOut,
    SuccessorsOut,
    UnitOut,
)

router = Router(tags=["geo"])


def _require_view(request: HttpRequest) -> None:
    if not admin_unit_policy.may_view(request.auth):  # type: ignore[attr-defined]
        raise NotFound(_("Not found."))


@router.get("/provinces", response=list[UnitOut], url_name="geo_provinces")
def province_list(request: HttpRequest, era: EraName = "2025") -> list[UnitOut]:
    """The 34 current provinces (or the 63 legacy ones), in code order."""
    _require_view(request)
    return [UnitOut.of(unit) for unit in selectors.province_list(era=era)]


@router.get("/provinces/{code}/communes", response=list[UnitOut], url_name="geo_communes")
def commune_list(request: HttpRequest, code: str, era: EraName = "2025") -> list[UnitOut]:
    """Every commune of a province, by name."""
    _require_view(request)
    province = selectors.unit_by_code(code=code, era=era)
    if province.level != Level.PROVINCE:
        raise NotFound(_("No administrative unit has this code."))
    communes = selectors.children_of(unit=province, level=Level.COMMUNE)
    return [UnitOut.of(unit) for unit in communes]


@router.get("/units/search", response=list[UnitOut], url_name="geo_search")
def unit_search(request: HttpRequest, query: Query[SearchIn]) -> list[UnitOut]:
    """Units whose name starts with `q`, ignoring case, diacritics and type words."""
    _require_view(request)
    era = None if query.era == "any" else query.era
    province: AdminUnit | None = None
    if query.province:
        province = selectors.unit_by_code(code=query.province, era=era or Era.CURRENT)
    units = selectors.search_units(
        query=query.q, level=query.level, era=era, province=province, limit=query.limit
    )
    return [UnitOut.of(unit) for unit in units]


@router.get("/units/{era}/{code}", response=UnitOut, url_name="geo_unit")
def unit_detail(request: HttpRequest, era: EraName, code: str) -> UnitOut:
    _require_view(request)
    return UnitOut.of(selectors.unit_by_code(code=code, era=era))


@router.get("/units/legacy/{code}/successors", response=SuccessorsOut, url_name="geo_successors")
def unit_successors(request: HttpRequest, code: str) -> dict[str, Any]:
    """Where a legacy unit went on 1 Jul 2025. `exact` is false when it was split (every
    candidate is listed; ask which one applies)."""
    _require_view(request)
    found = selectors.current_for_legacy(
        legacy_unit=selectors.unit_by_code(code=code, era=Era.LEGACY)
    )
    return {
        "legacy": UnitOut.of(found.legacy),
        "exact": found.exact,
        "successors": [
            SuccessorOut(unit=UnitOut.of(c.unit), partial=c.partial) for c in found.candidates
        ],
    }


@router.get("/resolve", response=ResolveOut, url_name="geo_resolve")
def resolve(request: HttpRequest, query: Query[ResolveIn]) -> dict[str, Any]:
    """Current-unit candidates for a place name written by hand (legacy or current,
    province or commune, e.g. "xã Tân Lập, huyện Đan Phượng, Hà Nội")."""
    _require_view(request)
    found = selectors.resolve_place(text=query.text)
    return {
        "text": query.text,
        "unit": UnitOut.of(found.unit) if found.unit else None,
        "candidates": [
            PlaceMatchOut(unit=UnitOut.of(m.unit), matched=UnitOut.of(m.matched), exact=m.exact)
            for m in found.candidates
        ],
    }
