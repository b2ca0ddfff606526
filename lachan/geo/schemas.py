"""Shapes of the /api/v1/geo/ answers. Codes are strings: 2 digits for provinces, 3 for
legacy districts, 5 for communes, zero-padded (the statistics office's codes)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from lachan.geo.models import AdminUnit
from lachan.geo.selectors import MAX_LIMIT

EraName = Literal["2025", "legacy"]
LevelName = Literal["province", "district", "commune"]


class UnitOut(Schema):
    era: EraName = Field(description='"2025" for current units, "legacy" before 1 Jul 2025.')
    level: LevelName
    code: str
    name: str = Field(description='Full official name, e.g. "Thành phố Hải Phòng".')
    short_name: str = Field(description='Without the type word, e.g. "Hải Phòng".')
    division_type: str = Field(description='"tỉnh", "thành phố trung ương", "xã", …')
    province_code: str | None = Field(description="The province it lies in (its own code).")
    parent_code: str | None = Field(description="The unit directly above (none for provinces).")

    @staticmethod
    def of(unit: AdminUnit) -> UnitOut:
        province, parent = unit.province, unit.parent  # selected with the unit
        return UnitOut(
            era=unit.era,  # type: ignore[arg-type]
            level=unit.level,  # type: ignore[arg-type]
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            division_type=unit.division_type,
            province_code=province.code if province is not None else None,
            parent_code=parent.code if parent is not None else None,
        )


class SearchIn(Schema):
    q: str = Field(
        min_length=1, max_length=100, description="Name as typed; any case, diacritics optional."
    )
    level: LevelName | None = None
    era: Literal["2025", "legacy", "any"] = "2025"
    province: str | None = Field(
        None, max_length=2, description="Only inside this province (code, same era)."
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


class SuccessorOut(Schema):
    unit: UnitOut
    partial: bool = Field(description="Only part of the legacy unit went into this one.")


class SuccessorsOut(Schema):
    legacy: UnitOut
    exact: bool = Field(description="One current unit took all of it; otherwise ask which.")
    successors: list[SuccessorOut]


class PlaceMatchOut(Schema):
    unit: UnitOut = Field(description="A current unit.")
    matched: UnitOut = Field(description="The unit whose name was found (current or legacy).")
    exact: bool


class ResolveIn(Schema):
    text: str = Field(min_length=1, max_length=300, description="A place name as written.")


class ResolveOut(Schema):
    text: str
    unit: UnitOut | None = Field(
        description="The one current unit, when the text is not ambiguous."
    )
    candidates: list[PlaceMatchOut]
