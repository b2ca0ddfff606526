"""The place picker as a plain form field: no script needed. Messages are checked in
Vietnamese, the default language."""

from __future__ import annotations

import re

import pytest
from django import forms

from lachan.core.testing.factories import unit
from lachan.geo.forms import PlaceField
from lachan.geo.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


class PlaceForm(forms.Form):
    place = PlaceField()


class ProvinceOrCommuneForm(forms.Form):
    place = PlaceField(required=False, require_commune=False)


def first_commune(province_code: str) -> AdminUnit:
    found = (
        AdminUnit.objects.filter(level=Level.COMMUNE, province=unit(province_code))
        .order_by("code")
        .first()
    )
    assert found is not None
    return found


def option_values(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S)
    assert select is not None, html
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_valid_choice_returns_the_commune() -> None:
    commune = first_commune("31")
    form = PlaceForm({"place_province": "31", "place_commune": commune.code})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == commune


def test_commune_of_another_province_is_refused() -> None:
    form = PlaceForm({"place_province": "31", "place_commune": first_commune("40").code})
    assert not form.is_valid()
    assert form.errors["place"] == ["Xã, phường này không thuộc tỉnh, thành phố đã chọn."]


def test_missing_values() -> None:
    assert PlaceForm({}).errors["place"] == ["Hãy chọn tỉnh, thành phố."]
    form = PlaceForm({"place_province": "31", "place_commune": ""})
    assert form.errors["place"] == ["Hãy chọn xã, phường hoặc đặc khu."]
    form = PlaceForm({"place_province": "99", "place_commune": ""})
    assert form.errors["place"] == ["Hãy chọn tỉnh, thành phố trong danh sách."]


def test_province_alone_when_allowed() -> None:
    form = ProvinceOrCommuneForm({"place_province": "40", "place_commune": ""})
    assert form.is_valid()
    assert form.cleaned_data["place"] == unit("40")
    empty = ProvinceOrCommuneForm({})
    assert empty.is_valid() and empty.cleaned_data["place"] is None


def test_refresh_button_redraws_the_communes_without_submitting() -> None:
    # Without JavaScript: pick a province, press "Show the communes", get the list.
    form = PlaceForm({"place_province": "31", "place_commune": "", "place_refresh": "1"})
    assert not form.is_valid()
    assert form.errors["place"] == [
        "Danh sách xã, phường đã được cập nhật theo tỉnh, thành phố đã chọn: "
        "hãy chọn một xã, phường."
    ]
    html = str(form["place"])
    communes = option_values(html, "place_commune")
    expected = AdminUnit.objects.filter(level=Level.COMMUNE, province=unit("31")).count()
    assert len(communes) == expected + 1  # and the "choose" prompt
    assert communes[0] == ""
    assert first_commune("31").code in communes
    assert 'value="31" selected' in html


def test_refresh_stops_even_a_valid_choice() -> None:
    form = PlaceForm(
        {"place_province": "31", "place_commune": first_commune("31").code, "place_refresh": "1"}
    )
    assert not form.is_valid()


def test_unbound_form_has_no_communes_yet() -> None:
    html = str(PlaceForm()["place"])
    assert option_values(html, "place_commune") == [""]
    assert len(option_values(html, "place_province")) == 35


def test_initial_unit_or_primary_key_preselects_both() -> None:
    commune = first_commune("92")
    for initial in (commune, commune.pk, commune.code):
        html = str(PlaceForm(initial={"place": initial})["place"])
        assert 'value="92" selected' in html
        assert f'value="{commune.code}" selected' in html


def test_markup_is_labelled_and_enhanced_without_inline_script() -> None:
    html = str(PlaceForm()["place"])
    assert '<label for="id_place_province">' in html
    assert '<label for="id_place_commune">' in html
    assert 'hx-get="/geo/communes/"' in html
    assert 'hx-target="#id_place_commune"' in html
    assert "<noscript>" in html and 'name="place_refresh"' in html
    assert "<script" not in html and "style=" not in html


def test_has_changed_compares_codes() -> None:
    commune = first_commune("31")
    field = PlaceForm().fields["place"]
    data = {"province": "31", "commune": commune.code, "refresh": False}
    assert not field.has_changed(commune.pk, data)
    assert field.has_changed(first_commune("40").pk, data)
