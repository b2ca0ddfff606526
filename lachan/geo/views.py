"""Staff pages for places: look a name up (current or legacy, with where a legacy unit
went), browse by province → commune, one unit's page, and the commune <option> list
the place picker fetches with htmx. Staff without ``geo.view`` get 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lachan.access.policies.geo import admin_unit_policy
from lachan.core.errors import NotFound
from lachan.geo import selectors
from lachan.geo.forms import PlaceField
from lachan.geo.models import AdminUnit, Era, Level

RESULT_LIMIT = 50


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Place name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_('With or without diacritics, e.g. "tp hai phong" or "Xã Tân Lập".'),
    )
    era = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("any", _("Current and before 01/07/2025")),
            (Era.CURRENT, _("Current (from 01/07/2025)")),
            (Era.LEGACY, _("Before 01/07/2025")),
        ],
    )


class PlaceBrowseForm(forms.Form):
    place = PlaceField(required=False, require_commune=False, label=_("Browse by place"))


@dataclass(frozen=True)
class ResultRow:
    unit: AdminUnit
    successors: selectors.Successors | None  # for a legacy unit: where it went


def _require_view(request: HttpRequest) -> None:
    if not admin_unit_policy.may_view(request.user):
        raise Http404


def _search_rows(form: UnitSearchForm) -> list[ResultRow]:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return []
    era = form.cleaned_data["era"] or "any"
    units = selectors.search_units(
        query=form.cleaned_data["q"], era=None if era == "any" else era, limit=RESULT_LIMIT
    )
    successors = selectors.successors_of([unit for unit in units if unit.era == Era.LEGACY])
    return [ResultRow(unit=unit, successors=successors.get(unit.pk)) for unit in units]


def search(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    search_form = UnitSearchForm(request.GET if "q" in request.GET else None)
    rows = _search_rows(search_form)
    context: dict[str, Any] = {
        "search_form": search_form,
        "rows": rows,
        "searched": search_form.is_bound and bool(request.GET.get("q", "").strip()),
    }
    if request.headers.get("HX-Target") == "geo-results":
        return render(request, "geo/_results.html", context)
    browse_bound = any(key.startswith("place_") for key in request.GET)
    browse_form = PlaceBrowseForm(request.GET if browse_bound else None)
    chosen = browse_form.cleaned_data["place"] if browse_form.is_valid() else None
    context.update({"browse_form": browse_form, **_unit_context(chosen)})
    return render(request, "geo/search.html", context)


def _unit_context(unit: AdminUnit | None) -> dict[str, Any]:
    if unit is None:
        return {"unit": None}
    context: dict[str, Any] = {
        "unit": unit,
        "province": selectors.province_of(unit),
        "successors": None,
        "predecessors": [],
        "children": [],
    }
    if unit.era == Era.LEGACY:
        context["successors"] = selectors.current_for_legacy(legacy_unit=unit)
    else:
        context["predecessors"] = selectors.legacy_for_current(unit=unit)
    if unit.level != Level.COMMUNE:
        context["children"] = list(selectors.children_of(unit=unit))
    return context


def unit_detail(request: HttpRequest, era: str, code: str) -> HttpResponse:
    _require_view(request)
    try:
        unit = selectors.unit_by_code(code=code, era=era)
    except NotFound:
        raise Http404 from None
    return render(request, "geo/unit.html", {**_unit_context(unit)})


def commune_options(request: HttpRequest) -> HttpResponse:
    """The <option> list of a current province's communes, for the place picker. Takes
    ``province`` or the picker's own ``<field>_province`` parameter (htmx sends the
    select that changed, under its name)."""
    _require_view(request)
    code = request.GET.get("province") or next(
        (value for key, value in request.GET.items() if key.endswith("_province")), ""
    )
    province = next((p for p in selectors.province_list(era=Era.CURRENT) if p.code == code), None)
    communes = selectors.children_of(unit=province, level=Level.COMMUNE) if province else []
    return render(
        request,
        "geo/_commune_options.html",
        {"communes": communes, "province_chosen": province is not None, "selected": ""},
    )
