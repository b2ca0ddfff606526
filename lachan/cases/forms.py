"""Forms of the investigation pages. They only parse what was typed; the rules (and
their Vietnamese messages) live in the services, whose field errors are put back on the
forms. Places use the geo place picker (province → commune, works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lachan.accounts.models import Agency, User
from lachan.cases.models import (
    ArrestKind,
    CasePlaceRole,
    CaseStatus,
    CooperationCountry,
    CooperationKind,
    CustodyAction,
    ExploitationType,
    Offence,
    RecruitmentMeans,
    SuspectOutcome,
    SuspectRole,
    TrialOutcome,
    WantedStatus,
)
from lachan.cases.services import CasePlaceInput
from lachan.core.border_gates import BORDER_GATE_CHOICES
from lachan.geo.forms import PlaceField
from lachan.people.countries import nationality_choices
from lachan.people.models import Sex
from lachan.tips.forms import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS
from lachan.tips.models import Tip


def _blank(label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label)]


def _date(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=help_text or _("dd/mm/yyyy"),
    )


def _foreign_countries() -> list[tuple[str, str]]:
    return [(code, name) for code, name in nationality_choices() if code not in ("VN", "XX", "ZZ")]


class _UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class _UsersChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


PLACE_ROLES = tuple(CasePlaceRole)


class CaseForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=60)
    offence = forms.ChoiceField(label=_("Offence"), choices=Offence.choices)
    other_offences = forms.MultipleChoiceField(
        label=_("Also prosecuted under"),
        required=False,
        choices=Offence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    prosecution_decision_number = forms.CharField(
        label=_("Prosecution decision number"), required=False, max_length=60
    )
    prosecution_date = _date(_("Prosecution decision date"), required=True)
    lead_investigator = _UserChoice(
        label=_("Lead investigator"), queryset=User.objects.none(), required=False
    )
    team = _UsersChoice(
        label=_("Investigation team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary of facts"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        required=False,
        choices=_blank() + list(ExploitationType.choices),
    )
    recruitment_means = forms.MultipleChoiceField(
        label=_("Means of recruitment"),
        required=False,
        choices=RecruitmentMeans.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    destination_countries = forms.MultipleChoiceField(
        label=_("Destination countries"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, staff: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = staff if staff is not None else User.objects.none()
        self.fields["lead_investigator"].queryset = staff  # type: ignore[attr-defined]
        self.fields["team"].queryset = staff  # type: ignore[attr-defined]
        self.fields["destination_countries"].choices = _foreign_countries()  # type: ignore[attr-defined]
        labels = {
            CasePlaceRole.RECRUITED: _("Where recruited"),
            CasePlaceRole.TRANSIT: _("Transit"),
            CasePlaceRole.EXPLOITED: _("Where exploited"),
        }
        for role in PLACE_ROLES:
            self.fields[f"place_{role}"] = PlaceField(
                label=labels[role],
                required=False,
                require_commune=False,
                help_text=_("In Viet Nam: the province, and the commune if known."),
            )
            self.fields[f"country_{role}"] = forms.ChoiceField(
                label=_("or abroad: country"),
                required=False,
                choices=_blank() + _foreign_countries(),
            )
            self.fields[f"text_{role}"] = forms.CharField(
                label=_("Place as written"), required=False, max_length=200
            )

    def place_inputs(self) -> list[CasePlaceInput]:
        data = self.cleaned_data
        return [
            CasePlaceInput(
                role=role,
                admin_unit=data.get(f"place_{role}"),
                country=data.get(f"country_{role}") or "",
                text=data.get(f"text_{role}") or "",
            )
            for role in PLACE_ROLES
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "offence": data["offence"],
            "other_offences": data["other_offences"],
            "prosecution_decision_number": data["prosecution_decision_number"],
            "prosecution_date": data["prosecution_date"],
            "lead_investigator": data["lead_investigator"],
            "team": list(data["team"]),
            "summary": data["summary"],
            "exploitation_type": data["exploitation_type"],
            "recruitment_means": data["recruitment_means"],
            "destination_countries": data["destination_countries"],
            "places": self.place_inputs(),
        }

    def place_rows(self) -> list[list[Any]]:
        return [
            [self[f"place_{role}"], self[f"country_{role}"], self[f"text_{role}"]]
            for role in PLACE_ROLES
        ]


def case_initial(case: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "number": case.number,
        "offence": case.offence,
        "other_offences": case.other_offences,
        "prosecution_decision_number": case.prosecution_decision_number,
        "prosecution_date": case.prosecution_date,
        "lead_investigator": case.lead_investigator_id,
        "team": list(case.team.values_list("pk", flat=True)),
        "summary": case.summary,
        "exploitation_type": case.exploitation_type,
        "recruitment_means": case.recruitment_means,
        "destination_countries": case.destination_countries,
    }
    for place in case.places.select_related("admin_unit"):
        if f"text_{place.role}" in initial:
            continue  # the form edits one place per role
        initial[f"place_{place.role}"] = place.admin_unit
        initial[f"country_{place.role}"] = place.country
        initial[f"text_{place.role}"] = place.text
    return initial


class _TipChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.register_number)


class OpenFromTipForm(CaseForm):
    tip = _TipChoice(
        label=_("Tip decided to prosecute"),
        queryset=Tip.objects.none(),
        help_text=_("Tips being verified that you may decide."),
    )

    def __init__(self, *args: Any, tips: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tip"].queryset = tips  # type: ignore[attr-defined]
        self.order_fields(["tip"])


class JoinTipForm(forms.Form):
    tip = _TipChoice(label=_("Tip"), queryset=Tip.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_date = _date(_("Decision date"), help_text=_("dd/mm/yyyy; empty for today."))

    def __init__(self, *args: Any, tips: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tip"].queryset = tips  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    on = _date(_("Date"), help_text=_("dd/mm/yyyy; empty for today."))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrialForm(TransitionForm):
    trial_outcome = forms.ChoiceField(
        label=_("Trial outcome"), choices=TrialOutcome.choices, widget=forms.RadioSelect
    )


class SuspectForm(forms.Form):
    """A suspect: a recorded person chosen from the search, or a new person."""

    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=200,
        help_text=_("For a person not yet recorded."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[])
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    role = forms.ChoiceField(label=_("Role in the process"), choices=SuspectRole.choices)
    wanted_status = forms.ChoiceField(
        label=_("Wanted status"), choices=WantedStatus.choices, initial=WantedStatus.NOT_WANTED
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices()  # type: ignore[attr-defined]
        self.fields["nationality"].initial = "VN"


class SuspectUpdateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the process"), choices=SuspectRole.choices)
    wanted_status = forms.ChoiceField(label=_("Wanted status"), choices=WantedStatus.choices)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[])
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SuspectOutcome.choices)
    outcome_date = _date(_("Outcome date"))
    sentence = forms.CharField(label=_("Sentence"), required=False, max_length=200)
    sentence_months = forms.IntegerField(
        label=_("Sentence (months of imprisonment)"), required=False, min_value=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices()  # type: ignore[attr-defined]


class _AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def police_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(
        is_active=True, agency_type__in=["provincial_police", "commune_police", "border_guard"]
    ).order_by("name")


class ArrestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ArrestKind.choices)
    on = _date(_("Date"), required=True)
    agency = _AgencyChoice(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = police_agencies()  # type: ignore[attr-defined]


class RescueForm(forms.Form):
    on = _date(_("Date"), required=True)
    persons_count = forms.IntegerField(label=_("Number of persons rescued"), min_value=1)
    agency = _AgencyChoice(
        label=_("Rescuing agency"), queryset=Agency.objects.none(), required=False
    )
    by_text = forms.CharField(label=_("or rescued by (as written)"), required=False, max_length=200)
    admin_unit = PlaceField(label=_("Where (in Viet Nam)"), required=False, require_commune=False)
    country = forms.ChoiceField(label=_("or abroad: country"), required=False, choices=[])
    place_text = forms.CharField(label=_("Place as written"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = police_agencies()  # type: ignore[attr-defined]
        self.fields["country"].choices = _blank() + _foreign_countries()  # type: ignore[attr-defined]


class HandoverForm(forms.Form):
    on = _date(_("Date"), required=True)
    persons_count = forms.IntegerField(label=_("Number of persons handed over"), min_value=1)
    border_gate = forms.ChoiceField(
        label=_("Border gate"), choices=_blank() + list(BORDER_GATE_CHOICES)
    )
    place_text = forms.CharField(label=_("Other gate (name)"), required=False, max_length=200)
    foreign_country = forms.ChoiceField(
        label=_("Handing-over country"),
        required=False,
        choices=_blank(_("The gate's neighbouring country")) + list(CooperationCountry.choices),
    )
    foreign_authority = forms.CharField(label=_("Foreign authority"), max_length=200)
    agency = _AgencyChoice(
        label=_("Receiving agency"), queryset=Agency.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = police_agencies()  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60, help_text=_("e.g. VC-01"))
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=_("dd/mm/yyyy hh:mm; empty for now."),
    )
    location = forms.CharField(label=_("Kept at"), required=False, max_length=200)
    attachment = forms.FileField(label=_("File"), required=False)


class CustodyForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[c for c in CustodyAction.choices if c[0] != CustodyAction.RECEIVED],
    )
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=_("dd/mm/yyyy hh:mm; empty for now."),
    )
    handled_by = _UserChoice(label=_("By whom"), queryset=User.objects.none(), required=False)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = staff  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("File"))


class CooperationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CooperationKind.choices)
    on = _date(_("Date"), required=True)
    counterpart_country = forms.ChoiceField(
        label=_("Counterpart country"), choices=CooperationCountry.choices
    )
    counterpart_agency = forms.CharField(label=_("Counterpart agency"), max_length=200)
    border_gate = forms.ChoiceField(
        label=_("Border gate"), required=False, choices=_blank() + list(BORDER_GATE_CHOICES)
    )
    place = forms.CharField(label=_("or place"), required=False, max_length=200)
    subject = forms.CharField(
        label=_("Subject"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    persons_handed_over = forms.IntegerField(
        label=_("Persons handed over"), min_value=0, initial=0, required=False
    )
    case_numbers = forms.CharField(
        label=_("Cases referred"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Case numbers of your agency, one per line."),
    )
    follow_up = forms.CharField(label=_("Follow-up action"), required=False, max_length=2000)
    follow_up_due = _date(_("Due date"))


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Follow-up action"), max_length=2000)
    due_on = _date(_("Due date"))


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + list(CaseStatus.choices)
    )
    offence = forms.ChoiceField(
        label=_("Offence"), required=False, choices=_blank(_("All")) + list(Offence.choices)
    )
    number = forms.CharField(label=_("Case number"), required=False, max_length=60)
    province = PlaceField(label=_("Counted in"), required=False, require_commune=False)
    date_from = _date(_("Prosecuted from"))
    date_to = _date(_("Prosecuted until"))
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("-date", _("Newest prosecution first")),
            ("date", _("Oldest prosecution first")),
            ("number", _("By case number")),
        ],
    )
