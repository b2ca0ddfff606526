"""Forms of the plans pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.geo.forms import PlaceField
from lachan.plans.catalog import TEMPLATES
from lachan.plans.measures import measure_choices
from lachan.plans.models import Comparison
from lachan.plans.services import IndicatorInput
from lachan.prevention.forms import DATE_INPUT_FORMATS
from lachan.prevention.models import ActivityKind


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("dd/mm/yyyy"),
    )


def _template_choices() -> list[tuple[str, str]]:
    return [(t.key, str(t.title) % {"year": ""}) for t in TEMPLATES.values()]


class PlanFromTemplateForm(forms.Form):
    template_key = forms.ChoiceField(label=_("Template"), choices=_template_choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty for the template's title."),
    )
    directive_number = forms.CharField(
        label=_("Directive number"),
        required=False,
        max_length=60,
        help_text=_("The document the plan implements, e.g. 1234/BCA-C02."),
    )
    directive_date = _date_field(_("Directive date"))
    directive_issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class DirectiveForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    issued_on = _date_field(_("Dated"), required=True)
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    title = forms.CharField(label=_("About"), required=False, max_length=300)


class IndicatorForm(forms.Form):
    label = forms.CharField(label=_("Indicator"), max_length=300)
    measure = forms.ChoiceField(label=_("Measure"), choices=measure_choices)
    comparison = forms.ChoiceField(label=_("Comparison"), choices=Comparison.choices)
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)
    place = PlaceField(
        label=_("Place"),
        required=False,
        require_commune=False,
        help_text=_("Empty: everywhere in your reach."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of activity"),
        required=False,
        choices=ActivityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for the measures that count activities."),
    )
    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period until"))
    note = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    def to_input(self) -> IndicatorInput:
        d = self.cleaned_data
        return IndicatorInput(
            label=d["label"],
            measure=d["measure"],
            comparison=d["comparison"],
            target=d["target"],
            place=d.get("place"),
            kinds=tuple(d.get("kinds") or ()),
            period_start=d.get("period_start"),
            period_end=d.get("period_end"),
        )


class ProgressDateForm(forms.Form):
    as_of = _date_field(_("Progress on"))


class LinkForm(forms.Form):
    activity = forms.UUIDField(label=_("Activity"))
