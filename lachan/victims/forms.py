"""Forms of the victim pages. They parse what was typed; the rules (and their messages)
live in the services, whose field errors come back through ``add_service_errors``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.roles import Role
from lachan.accounts.models import Agency
from lachan.core.border_gates import BORDER_GATE_CHOICES
from lachan.geo.forms import PlaceField
from lachan.people.countries import nationality_choices
from lachan.people.models import Sex
from lachan.victims import services
from lachan.victims.models import (
    ArrivalChannel,
    Beneficiary,
    ConsentGiver,
    ConsentPurpose,
    EvidenceCategory,
    ExploitationType,
    GoalArea,
    GoalStatus,
    Location,
    MeansOfControl,
    Outcome,
    ProtectionKind,
    RecruiterRelation,
    RecruitmentMethod,
    ReferralService,
    SupportMeasure,
    VictimStatus,
)
from lachan.victims.selectors import QUEUES

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M"]
HANDOVER_ROWS = 5


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=help_text or _("dd/mm/yyyy"),
    )


def _datetime(label: Any, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
        help_text=_("Leave empty for now, or dd/mm/yyyy hh:mm."),
    )


def _note(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"),
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *nationality_choices()]


def active_agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("name")


class AgencyField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Agency.objects.none())
        super().__init__(**kwargs)


class _WithAgencies(forms.Form):
    agency_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.agency_fields:
            self.fields[name].queryset = active_agencies()  # type: ignore[attr-defined]


class ExploitationFields(forms.Form):
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        choices=ExploitationType.choices,
        initial=ExploitationType.UNKNOWN,
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"),
        required=False,
        choices=MeansOfControl.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_method = forms.ChoiceField(
        label=_("Recruitment method"),
        choices=RecruitmentMethod.choices,
        initial=RecruitmentMethod.UNKNOWN,
    )
    recruiter_relation = forms.ChoiceField(
        label=_("Relation to the recruiter"),
        choices=RecruiterRelation.choices,
        initial=RecruiterRelation.UNKNOWN,
    )
    recruitment_country = forms.ChoiceField(
        label=_("Country of recruitment"), required=False, choices=_country_choices
    )
    exploitation_country = forms.ChoiceField(
        label=_("Country of exploitation"), required=False, choices=_country_choices
    )
    transit_countries = forms.CharField(
        label=_("Transit countries"),
        required=False,
        max_length=100,
        help_text=_("Two-letter codes separated by commas, e.g. LA, TH."),
    )
    exploitation_place = forms.CharField(
        label=_("Place of exploitation"), required=False, max_length=200
    )
    exploitation_started_on = _date(_("Exploited from"), required=False)
    exploitation_ended_on = _date(_("Exploited until"), required=False)
    account = _note(_("Account of events"))

    def exploitation(self) -> services.Exploitation:
        d = self.cleaned_data
        return services.Exploitation(
            exploitation_type=d["exploitation_type"],
            means_of_control=d["means_of_control"],
            recruitment_method=d["recruitment_method"],
            recruiter_relation=d["recruiter_relation"],
            recruitment_country=d["recruitment_country"],
            transit_countries=[c.strip() for c in d["transit_countries"].split(",") if c.strip()],
            exploitation_country=d["exploitation_country"],
            exploitation_place=d["exploitation_place"],
            exploitation_started_on=d["exploitation_started_on"],
            exploitation_ended_on=d["exploitation_ended_on"],
            account=d["account"],
        )


class ReceptionForm(ExploitationFields):
    agency_fields = ("owner_agency",)

    # A person already in the register (re-trafficking stays visible): search (a submit
    # that records nothing and keeps the typed text), then choose; names are masked.
    person_query = forms.CharField(
        label=_("Find a person in the register"),
        required=False,
        max_length=200,
        help_text=_("Name, phone or ID number. Only persons in your reach are found."),
    )
    person = forms.ChoiceField(label=_("Known person"), required=False)
    full_name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=200,
        help_text=_("For a person not yet in the register."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    birth_date = _date(
        _("Date of birth"), required=False, help_text=_("dd/mm/yyyy, or the year below.")
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=nationality_choices)
    address = forms.CharField(label=_("Home address"), required=False, max_length=500)
    residence = PlaceField(label=_("Place of residence"), required=False, require_commune=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    id_number = forms.CharField(label=_("Citizen ID (CCCD)"), required=False, max_length=20)
    channel = forms.ChoiceField(
        label=_("How the person came"),
        choices=[c for c in ArrivalChannel.choices if c[0] != ArrivalChannel.HANDED_OVER],
        initial=ArrivalChannel.SELF_RETURNED,
    )
    received_at = _datetime(_("Received at"))
    reception_unit = PlaceField(label=_("Place of reception"), require_commune=False)
    reception_place = forms.CharField(label=_("Where exactly"), required=False, max_length=200)
    owner_agency = AgencyField(
        label=_("Managing agency"),
        required=False,
        help_text=_("The agency that will verify and manage the file; your own if empty."),
    )
    location = forms.ChoiceField(
        label=_("Where the person is now"), choices=Location.choices, initial=Location.IN_VIETNAM
    )
    accompanying_minors = forms.IntegerField(
        label=_("Accompanying children under 18"), min_value=0, max_value=20, initial=0
    )
    guardian_name = forms.CharField(
        label=_("Guardian or legal representative (for a child)"), required=False, max_length=200
    )
    guardian_relation = forms.CharField(
        label=_("Relation to the child"), required=False, max_length=60
    )
    guardian_contact = forms.CharField(
        label=_("Guardian's contact"), required=False, max_length=200
    )

    def __init__(
        self, *args: Any, persons: dict[str, tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].initial = "VN"
        self.fields["owner_agency"].queryset = active_agencies()  # type: ignore[attr-defined]
        self.persons = persons or {}
        self.fields["person"].choices = _blank(_("— a new person —")) + [  # type: ignore[attr-defined]
            (pk, label) for pk, (label, _person) in self.persons.items()
        ]

    @property
    def has_person_choices(self) -> bool:
        return bool(self.persons)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Enter the name or choose a known person."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        chosen = self.persons.get(d["person"]) if d["person"] else None
        person_kwargs: dict[str, Any] = (
            {"person": chosen[1]} if chosen is not None else {"new_person": self._new_person()}
        )
        return {
            **person_kwargs,
            "channel": d["channel"],
            "received_at": d["received_at"] or timezone.now(),
            "reception_unit": d["reception_unit"],
            "reception_place": d["reception_place"],
            "owner_agency": d["owner_agency"],
            "location": d["location"],
            "accompanying_minors": d["accompanying_minors"] or 0,
            "guardian": services.Guardian(
                d["guardian_name"], d["guardian_relation"], d["guardian_contact"]
            ),
            "exploitation": self.exploitation(),
        }

    def _new_person(self) -> services.NewPerson:
        d = self.cleaned_data
        return services.NewPerson(
            full_name=d["full_name"],
            sex=d["sex"],
            birth_date=d["birth_date"],
            birth_year=d["birth_year"],
            nationality=d["nationality"],
            admin_unit=d["residence"],
            address=d["address"],
            phone=d["phone"],
            id_number=d["id_number"],
        )


class HandoverForm(forms.Form):
    border_gate = forms.ChoiceField(label=_("Border gate"), choices=BORDER_GATE_CHOICES)
    border_gate_other = forms.CharField(
        label=_("Other gate (if not in the list)"), required=False, max_length=200
    )
    handed_over_at = _datetime(_("Handed over at"))
    foreign_authority = forms.CharField(label=_("Foreign authority"), max_length=200)
    foreign_country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    document_number = forms.CharField(label=_("Minutes number"), max_length=60)
    reception_unit = PlaceField(label=_("Place of reception"), require_commune=False)
    owner_agency = AgencyField(label=_("Managing agency"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = active_agencies()  # type: ignore[attr-defined]
        for i in range(HANDOVER_ROWS):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Full name"), required=False, max_length=200
            )
            self.fields[f"sex_{i}"] = forms.ChoiceField(
                label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE
            )
            self.fields[f"birth_year_{i}"] = forms.IntegerField(
                label=_("Year of birth"), required=False
            )
            self.fields[f"doc_{i}"] = forms.CharField(
                label=_("Document number"), required=False, max_length=60
            )

    def rows(self) -> list[list[Any]]:
        return [
            [self[f"name_{i}"], self[f"sex_{i}"], self[f"birth_year_{i}"], self[f"doc_{i}"]]
            for i in range(HANDOVER_ROWS)
        ]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        persons = [
            services.HandoverPerson(
                new_person=services.NewPerson(
                    full_name=d[f"name_{i}"],
                    sex=d[f"sex_{i}"],
                    birth_year=d[f"birth_year_{i}"],
                    nationality="VN",
                ),
                document_number=d[f"doc_{i}"],
            )
            for i in range(HANDOVER_ROWS)
            if d[f"name_{i}"].strip()
        ]
        return {
            "border_gate_code": d["border_gate"],
            "border_gate_other": d["border_gate_other"],
            "handed_over_at": d["handed_over_at"] or timezone.now(),
            "foreign_authority": d["foreign_authority"],
            "foreign_country": d["foreign_country"],
            "document_number": d["document_number"],
            "reception_unit": d["reception_unit"],
            "owner_agency": d["owner_agency"],
            "persons": persons,
        }


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Victim code or name"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + list(VictimStatus.choices)
    )
    channel = forms.ChoiceField(
        label=_("How the person came"),
        required=False,
        choices=_blank(_("All")) + list(ArrivalChannel.choices),
    )

    def clean_queue(self) -> str:  # pragma: no cover - the queue is read from GET directly
        return str(self.data.get("queue", "all"))


QUEUE_CHOICES = QUEUES


# -- actions on the file ---------------------------------------------------------------------
class VerifyForm(forms.Form):
    note = _note()


class IdentifyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (VictimStatus.VICTIM.value, VictimStatus.VICTIM.label),
            (VictimStatus.NOT_VICTIM.value, VictimStatus.NOT_VICTIM.label),
        ],
    )
    decided_on = _date(_("Decision date"))
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    note = _note()


class EvidenceForm(forms.Form):
    category = forms.ChoiceField(label=_("Category (Art 32)"), choices=EvidenceCategory.choices)
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    dated = _date(_("Date"), required=False)
    description = _note(_("Description"))


class ProtectionForm(_WithAgencies):
    agency_fields = ("responsible_agency",)
    kind = forms.ChoiceField(label=_("Measure"), choices=ProtectionKind.choices)
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False)
    responsible_agency = AgencyField(label=_("Responsible agency"), required=False)
    note = _note()


class ConsentForm(_WithAgencies):
    agency_fields = ("grantee_agency",)
    share_identity = forms.BooleanField(
        label=_("Identity (names, date of birth, papers)"), required=False
    )
    share_address = forms.BooleanField(label=_("Address and contacts"), required=False)
    share_account = forms.BooleanField(label=_("Account of events"), required=False)
    grantee_agency = AgencyField(label=_("With agency"), required=False)
    grantee_role = forms.ChoiceField(
        label=_("Or with role"), required=False, choices=_blank("—") + list(Role.choices)
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices)
    given_on = _date(_("Date given"))
    note = _note()


class SupportForm(_WithAgencies):
    agency_fields = ("provider_agency",)
    measure = forms.ChoiceField(label=_("Measure (Art 37)"), choices=SupportMeasure.choices)
    beneficiary = forms.ChoiceField(label=_("For"), choices=Beneficiary.choices)
    delivered_on = _date(_("Date delivered"))
    provider_agency = AgencyField(label=_("Provider agency"), required=False)
    amount_vnd = forms.IntegerField(label=_("Amount (VND)"), required=False, min_value=0)
    document_ref = forms.CharField(label=_("Document or decision"), required=False, max_length=100)
    note = _note()


class SupportDecisionForm(forms.Form):
    entry = forms.UUIDField(widget=forms.HiddenInput)
    approve = forms.ChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
    )
    reason = _note(_("Reason"), required=True)


class ReferralForm(_WithAgencies):
    agency_fields = ("to_agency",)
    to_agency = AgencyField(label=_("To agency"))
    service = forms.ChoiceField(label=_("Service"), choices=ReferralService.choices)
    note = _note()


class ReferralAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("done", _("Mark done"))],
    )
    note = _note()


class LinkCaseForm(_WithAgencies):
    agency_fields = ("case_agency",)
    case_agency = AgencyField(label=_("Investigating agency"))
    case_number = forms.CharField(label=_("Case number"), max_length=60)


class PlanForm(_WithAgencies):
    agency_fields = ("responsible_agency",)
    started_on = _date(_("Plan starts"))
    follow_up_until = _date(
        _("Follow-up until"), required=False, help_text=_("At least 12 months; empty: 12 months.")
    )
    responsible_agency = AgencyField(label=_("Responsible agency"), required=False)
    goal_area = forms.ChoiceField(label=_("First goal"), choices=GoalArea.choices)
    goal_description = forms.CharField(label=_("Goal"), required=False, max_length=200)


class GoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=GoalArea.choices)
    description = forms.CharField(label=_("Goal"), required=False, max_length=200)
    target_on = _date(_("Target date"), required=False)


class GoalStatusForm(forms.Form):
    goal = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    on = _date(_("Date"))


class VisitForm(forms.Form):
    visited_on = _date(_("Visit date"))
    outcomes = forms.MultipleChoiceField(
        label=_("Situation found"), choices=Outcome.choices, widget=forms.CheckboxSelectMultiple
    )
    note = _note(_("What was found"))


class ProtectionEndForm(forms.Form):
    measure = forms.UUIDField(widget=forms.HiddenInput)
    ended_on = _date(_("Until"), required=False, help_text=_("dd/mm/yyyy; empty: still going on"))


class WithdrawForm(forms.Form):
    consent = forms.UUIDField(widget=forms.HiddenInput)


class SituationForm(_WithAgencies):
    agency_fields = ("owner_agency",)
    location = forms.ChoiceField(label=_("Where the person is now"), choices=Location.choices)
    accompanying_minors = forms.IntegerField(
        label=_("Accompanying children under 18"), min_value=0, max_value=20
    )
    is_child = forms.BooleanField(label=_("A child (under 18) when trafficked"), required=False)
    guardian_name = forms.CharField(
        label=_("Guardian or legal representative"), required=False, max_length=200
    )
    guardian_relation = forms.CharField(
        label=_("Relation to the child"), required=False, max_length=60
    )
    guardian_contact = forms.CharField(
        label=_("Guardian's contact"), required=False, max_length=200
    )
    owner_agency = AgencyField(label=_("Managing agency"))
