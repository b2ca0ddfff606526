"""Forms of the prevention pages. They parse what was typed; the rules (and their
Vietnamese messages) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.geo.forms import PlaceField
from lachan.prevention.models import ActivityFormat, ActivityKind, ReviewRating, TargetGroup
from lachan.prevention.services import ActivityInput

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("dd/mm/yyyy"),
    )


def _count_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class ActivityForm(forms.Form):
    """The quick entry form: one screen, the commune officer's phone."""

    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    start_date = _date_field(_("Date"), required=True)
    end_date = _date_field(_("Until (if several days)"))
    place = PlaceField(label=_("Place"), require_commune=False)
    format = forms.ChoiceField(label=_("Format"), choices=ActivityFormat.choices)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = _count_field(_("Sessions"), help_text=_("Number of sessions (cuộc/buổi)."))
    attendees = _count_field(_("Attendees"), help_text=_("Attendances (lượt người)."))
    partners = forms.CharField(label=_("Partners"), required=False, max_length=500)
    budget_vnd = _count_field(_("Budget (VND)"), required=False)
    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def to_input(self) -> ActivityInput:
        d = self.cleaned_data
        return ActivityInput(
            kind=d["kind"],
            title=d["title"],
            start_date=d["start_date"],
            end_date=d.get("end_date"),
            admin_unit=d["place"],
            format=d["format"],
            sessions=d["sessions"],
            attendees=d["attendees"],
            target_groups=tuple(d.get("target_groups") or ()),
            partners=d.get("partners") or "",
            budget_vnd=d.get("budget_vnd"),
            materials=d.get("materials") or "",
            lessons_learned=d.get("lessons_learned") or "",
        )


FIELD_MAP = {"admin_unit": "place"}


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(_("All")) + list(ActivityKind.choices)
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=_blank(_("All")) + list(ActivityFormat.choices)
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=_blank(_("All")) + list(TargetGroup.choices),
    )
    place = PlaceField(label=_("Place"), required=False, require_commune=False)
    start_from = _date_field(_("From"))
    start_to = _date_field(_("Until"))
    organiser = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team"), max_length=200)
    members = _count_field(_("Members"))
    result = forms.CharField(label=_("Result"), required=False, max_length=200)
    rank = forms.IntegerField(label=_("Rank"), required=False, min_value=1)


class ParticipationForm(forms.Form):
    agency_name = forms.CharField(label=_("Agency"), max_length=200)
    participants = _count_field(_("Participants"))
    pre_test_score = forms.DecimalField(
        label=_("Pre-test score (0–100)"), required=False, min_value=0, max_value=100
    )
    post_test_score = forms.DecimalField(
        label=_("Post-test score (0–100)"), required=False, min_value=0, max_value=100
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or document"))


class CommunityModelForm(forms.Form):
    name = forms.CharField(label=_("Name of the model"), max_length=200)
    place = PlaceField(label=_("Place"), require_commune=False)
    started_on = _date_field(_("Running since"), required=True)
    description = forms.CharField(
        label=_("What it does"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    households_reached = _count_field(_("Households reached"))
    people_reached = _count_field(_("People reached"))


class ReviewForm(forms.Form):
    reviewed_on = _date_field(_("Reviewed on"), required=True)
    rating = forms.ChoiceField(label=_("Assessment"), choices=ReviewRating.choices)
    households_reached = _count_field(_("Households reached"))
    people_reached = _count_field(_("People reached"))
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplicateForm(forms.Form):
    place = PlaceField(label=_("Replicated in"), require_commune=False)
    started_on = _date_field(_("Running since"), required=True)
    name = forms.CharField(label=_("Name there (if different)"), required=False, max_length=200)
