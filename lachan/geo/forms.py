"""The place picker: a form field that returns a current administrative unit, chosen
as province → commune.

It works without JavaScript: the commune list is filtered on the server from the
chosen province, and a "Show communes" button (shown only without scripts) re-submits
the form; the field then refuses to validate, so whatever view holds the form simply
renders it again with the right communes — no view needs to know. With htmx the list
follows the province at once (``geo:communes``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lachan.core.errors import NotFound
from lachan.geo import selectors
from lachan.geo.models import AdminUnit, Era, Level

SUFFIXES = ("province", "commune", "refresh")


def _codes(value: Any) -> tuple[str, str, bool]:
    """(province code, commune code, refresh pressed) from whatever a form holds: the
    widget's dict, an AdminUnit, its primary key (a ModelForm's initial) or a code."""
    if value is None or value == "":
        return "", "", False
    if isinstance(value, dict):
        return (
            str(value.get("province") or "").strip(),
            str(value.get("commune") or "").strip(),
            bool(value.get("refresh")),
        )
    unit: AdminUnit | None = value if isinstance(value, AdminUnit) else None
    if unit is None and isinstance(value, int):
        unit = AdminUnit.objects.filter(pk=value).first()
    if unit is None and isinstance(value, str):
        unit = AdminUnit.objects.filter(era=Era.CURRENT, code=value).first()
    if unit is None or unit.era != Era.CURRENT:
        return "", "", False
    if unit.level == Level.PROVINCE:
        return unit.code, "", False
    return selectors.province_of(unit).code, unit.code, False


def _provinces_by_name() -> list[AdminUnit]:
    return sorted(selectors.province_list(era=Era.CURRENT), key=lambda unit: unit.name_key)


class PlaceWidget(forms.Widget):
    """Two labelled selects (province, commune) in a fieldset; posts
    ``<name>_province`` and ``<name>_commune``."""

    template_name = "geo/widgets/place.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None, *, require_commune: bool = True):
        super().__init__(attrs)
        self.require_commune = require_commune

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        province_code, commune_code, _refresh = _codes(value)
        province = next((p for p in _provinces_by_name() if p.code == province_code), None)
        communes = (
            list(selectors.children_of(unit=province, level=Level.COMMUNE)) if province else []
        )
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            {
                "base_id": base_id,
                "provinces": _provinces_by_name(),
                "province_code": province_code,
                "communes": communes,
                "commune_code": commune_code,
                "require_commune": self.require_commune,
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, Any]:
        return {
            "province": data.get(f"{name}_province", ""),
            "commune": data.get(f"{name}_commune", ""),
            "refresh": bool(data.get(f"{name}_refresh")),
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}_{suffix}" in data for suffix in SUFFIXES)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_province" if id_ else id_


class PlaceField(forms.Field):
    """A current AdminUnit: the commune, or with ``require_commune=False`` the province
    when no commune is chosen."""

    widget = PlaceWidget
    default_error_messages = {
        "required": _("Choose a province or city."),
        "invalid_province": _("Choose a province or city from the list."),
        "commune_required": _("Choose a commune, ward or special zone."),
        "invalid_commune": _("This commune is not in the chosen province or city."),
        "refresh": _("The list of communes has been updated for the chosen province: choose one."),
    }

    def __init__(self, *, require_commune: bool = True, **kwargs: Any) -> None:
        self.require_commune = require_commune
        kwargs.setdefault("widget", PlaceWidget(require_commune=require_commune))
        kwargs.setdefault("label", _("Place"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> AdminUnit | None:
        province_code, commune_code, refresh = _codes(value)
        if refresh:
            # The no-script "Show communes" button: never let that submit the form.
            raise ValidationError(self.error_messages["refresh"], code="refresh")
        if not province_code:
            if commune_code:
                raise ValidationError(self.error_messages["invalid_province"], code="invalid")
            return None
        try:
            province = selectors.unit_by_code(code=province_code, era=Era.CURRENT)
        except NotFound:
            raise ValidationError(self.error_messages["invalid_province"], code="invalid") from None
        if province.level != Level.PROVINCE:
            raise ValidationError(self.error_messages["invalid_province"], code="invalid")
        if not commune_code:
            if self.require_commune:
                raise ValidationError(self.error_messages["commune_required"], code="required")
            return province
        commune = (
            AdminUnit.objects.select_related("province")
            .filter(era=Era.CURRENT, level=Level.COMMUNE, code=commune_code, province=province)
            .first()
        )
        if commune is None:
            raise ValidationError(self.error_messages["invalid_commune"], code="invalid")
        return commune

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        return _codes(initial)[:2] != _codes(data)[:2]
