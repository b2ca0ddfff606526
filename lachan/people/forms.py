"""Forms of the persons pages. They only parse what was typed; the rules (and their
Vietnamese messages) live in the services, whose field errors are put back on these
forms by ``add_service_errors``. Places are chosen with the geo place picker
(province → commune, works without JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.geo.forms import PlaceField
from lachan.people.countries import nationality_choices
from lachan.people.ethnicities import ETHNICITY_CHOICES
from lachan.people.models import AddressKind, BirthPrecision, Sex

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nicknames, names on other papers: one per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("dd/mm/yyyy. If only the year is known, leave this empty."),
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    birth_precision = forms.ChoiceField(
        label=_("How precise is the birth information?"),
        required=False,
        choices=_blank(_("Work it out from what is entered")) + list(BirthPrecision.choices),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), required=False, choices=_blank("—") + ETHNICITY_CHOICES
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=nationality_choices)
    admin_unit = PlaceField(
        label=_("Place of residence"),
        required=False,
        require_commune=False,
        help_text=_("Current units (from 01/07/2025). Choose the commune if it is known."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].initial = "VN"

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["aliases"] = [line for line in data["aliases"].splitlines() if line.strip()]
        data["birth_precision"] = data["birth_precision"] or None
        return data


def person_initial(view: Any) -> dict[str, Any]:
    """Form values from an unmasked PersonView."""
    import datetime as dt

    return {
        "full_name": view.full_name,
        "aliases": "\n".join(view.aliases),
        "sex": view.sex,
        "birth_date": dt.date.fromisoformat(view.birth_date) if view.birth_date else None,
        "birth_year": view.birth_year,
        # Only "approximate" cannot be worked out from the date or year entered.
        "birth_precision": "approximate" if view.birth_precision == "approximate" else "",
        "ethnicity": view.ethnicity,
        "nationality": view.nationality,
        "admin_unit": view.admin_unit_code or None,
    }


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k.value, IDENTIFIER_LABELS[k]) for k in IdentifierKind]
    )
    value = forms.CharField(
        label=_("Number or account"),
        max_length=200,
        help_text=_("As written: phone numbers, links and @names are normalised for search."),
    )


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AddressKind.choices)
    text = forms.CharField(
        label=_("Address as given"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    admin_unit = PlaceField(
        label=_("Administrative unit"),
        required=False,
        require_commune=False,
        help_text=_("The current unit the address lies in, if known."),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name (with or without diacritics), phone, ID number or account."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=_blank(_("All")) + list(Sex.choices)
    )


def add_service_errors(form: forms.Form, fields: Mapping[str, Sequence[str]], message: str) -> None:
    """Put a service's field errors on the form (unknown fields become form errors)."""
    placed = False
    for name, messages in fields.items():
        target = name if name in form.fields else None
        for text in messages:
            form.add_error(target, text)
            placed = True
    if not placed:
        form.add_error(None, message)
