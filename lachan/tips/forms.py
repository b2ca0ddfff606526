"""Forms of the tips pages. They parse what was typed; the rules and their messages
live in the services, whose field errors are put back on the forms
(``lachan.people.forms.add_service_errors``). Every form works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.accounts.models import Agency, User
from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.geo.forms import PlaceField
from lachan.people.countries import nationality_choices
from lachan.tips.cleaning import (
    AttachmentInput,
    IdentifierInput,
    PersonMentionInput,
    PlaceInput,
    ReporterInput,
)
from lachan.tips.models import (
    Decision,
    ExploitationType,
    MentionRole,
    SuspensionReason,
    TipChannel,
    TipKind,
    TipStatus,
)
from lachan.tips.selectors import Queue, Sort, TipFilter

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]
IDENTIFIER_ROWS = 4
PERSON_ROWS = 3


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def _date_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=help_text or _("dd/mm/yyyy"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class TipRegisterForm(forms.Form):
    """One screen for a walk-in, a call, a letter: what, when, who, where."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=TipKind.choices,
        widget=forms.RadioSelect,
        initial=TipKind.DENUNCIATION,
    )
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[c for c in TipChannel.choices if c[0] != TipChannel.TRANSFER],
        initial=TipChannel.HOTLINE,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
        help_text=_("Leave empty for now. For a letter or an earlier call: dd/mm/yyyy hh:mm."),
    )
    reporter_mode = forms.ChoiceField(
        label=_("Reporter"),
        choices=[("anonymous", _("Anonymous")), ("identified", _("Identified"))],
        widget=forms.RadioSelect,
        initial="anonymous",
    )
    reporter_name = forms.CharField(label=_("Reporter's full name"), required=False, max_length=200)
    reporter_phone = forms.CharField(label=_("Reporter's phone"), required=False, max_length=40)
    reporter_address = forms.CharField(
        label=_("Reporter's address"), required=False, max_length=500
    )
    reporter_email = forms.CharField(label=_("Reporter's email"), required=False, max_length=200)
    reporter_may_contact = forms.BooleanField(
        label=_("The reporter agrees to be contacted"), required=False
    )
    reporter_contact_note = forms.CharField(
        label=_("How and when to contact the reporter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    content = forms.CharField(
        label=_("What was reported"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In the reporter's words: what happened, where, when, who is involved."),
    )
    summary = forms.CharField(
        label=_("Summary for the register"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    place = PlaceField(
        label=_("Place"),
        required=False,
        require_commune=False,
        help_text=_("Current units (from 01/07/2025). Choose the commune if it is known."),
    )
    place_text = forms.CharField(
        label=_("Or the place as the reporter said it"),
        required=False,
        max_length=500,
        help_text=_("Old names are mapped to current units, e.g. “xã Tân Lập, huyện Đan Phượng”."),
    )
    urgent = forms.BooleanField(label=_("Someone is in danger now"), required=False)
    child_involved = forms.BooleanField(label=_("A child is involved"), required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    # Public follow-up (lachan/tips/public/): a code shown once, replaced on first use.
    give_receipt = forms.BooleanField(
        label=_("Give the caller a receipt code to follow the tip"),
        required=False,
        help_text=_(
            "The code is shown once: read it to the caller. The first time the caller "
            "uses it, it is replaced by a new one that only the caller knows."
        ),
    )

    # Persons mentioned who are already in the people register: search (a submit that
    # registers nothing and keeps the typed text), then choose in the rows below.
    person_query = forms.CharField(
        label=_("Find a person in the register"),
        required=False,
        max_length=200,
        help_text=_("Name, phone or ID number. Only persons in your reach are found."),
    )

    def __init__(
        self,
        *args: Any,
        persons: dict[str, tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(k.value, IDENTIFIER_LABELS[k]) for k in IdentifierKind]
        for i in range(IDENTIFIER_ROWS):
            self.fields[f"identifier_kind_{i}"] = forms.ChoiceField(
                label=_("Kind of identifier"), required=False, choices=_blank("—") + kinds
            )
            self.fields[f"identifier_value_{i}"] = forms.CharField(
                label=_("Number or account"), required=False, max_length=200
            )
        self.persons = persons or {}
        person_options = [(pk, label) for pk, (label, _person) in self.persons.items()]
        for i in range(PERSON_ROWS):
            self.fields[f"person_{i}"] = forms.ChoiceField(
                label=_("Person mentioned"), required=False, choices=_blank("—") + person_options
            )
            self.fields[f"person_role_{i}"] = forms.ChoiceField(
                label=_("As"), required=False, choices=MentionRole.choices
            )

    def person_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"person_{i}"], self[f"person_role_{i}"]) for i in range(PERSON_ROWS)]

    @property
    def has_person_choices(self) -> bool:
        return bool(self.persons)

    def identifier_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"identifier_kind_{i}"], self[f"identifier_value_{i}"])
            for i in range(IDENTIFIER_ROWS)
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        anonymous = data["reporter_mode"] != "identified"
        reporter = ReporterInput(
            anonymous=anonymous,
            name="" if anonymous else data["reporter_name"],
            phone="" if anonymous else data["reporter_phone"],
            address="" if anonymous else data["reporter_address"],
            email="" if anonymous else data["reporter_email"],
            may_contact=data["reporter_may_contact"],
            contact_note=data["reporter_contact_note"],
        )
        places = []
        if data["place"] is not None or data["place_text"].strip():
            places.append(PlaceInput(admin_unit=data["place"], text=data["place_text"]))
        identifiers = [
            IdentifierInput(data[f"identifier_kind_{i}"], data[f"identifier_value_{i}"])
            for i in range(IDENTIFIER_ROWS)
            if data[f"identifier_value_{i}"].strip() or data[f"identifier_kind_{i}"]
        ]
        attachments = [
            AttachmentInput(upload.name or "", upload.read()) for upload in data["attachments"]
        ]
        persons = [
            PersonMentionInput(
                role=data[f"person_role_{i}"] or MentionRole.OTHER,
                person=self.persons[data[f"person_{i}"]][1],
            )
            for i in range(PERSON_ROWS)
            if data[f"person_{i}"]
        ]
        return {
            "kind": data["kind"],
            "channel": data["channel"],
            "received_at": data["received_at"],
            "reporter": reporter,
            "content": data["content"],
            "summary": data["summary"],
            "places": places,
            "identifiers": identifiers,
            "persons": persons,
            "attachments": attachments,
            "urgent": data["urgent"],
            "child_involved": data["child_involved"],
        }


# Service field names that differ from the form's.
REGISTER_FIELD_MAP = {
    "reporter.name": "reporter_name",
    "reporter.phone": "reporter_phone",
    "reporter.address": "reporter_address",
    "reporter.email": "reporter_email",
    "reporter.contact_note": "reporter_contact_note",
    "places.0.text": "place_text",
    "places.0.admin_unit": "place",
    **{f"identifiers.{i}.value": f"identifier_value_{i}" for i in range(IDENTIFIER_ROWS)},
    **{f"identifiers.{i}.kind": f"identifier_kind_{i}" for i in range(IDENTIFIER_ROWS)},
    **{f"attachments.{i}": "attachments" for i in range(20)},
    **{f"persons.{i}.person": f"person_{i}" for i in range(PERSON_ROWS)},
    **{f"persons.{i}.role": f"person_role_{i}" for i in range(PERSON_ROWS)},
}


def _bool_choice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ClassifyForm(forms.Form):
    trafficking_related = forms.ChoiceField(
        label=_("Related to human trafficking?"),
        choices=[("unknown", _("Not yet known")), ("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        initial="unknown",
    )
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        required=False,
        choices=_blank("—") + list(ExploitationType.choices),
    )
    urgent = forms.BooleanField(label=_("Someone is in danger now"), required=False)
    child_involved = forms.BooleanField(label=_("A child is involved"), required=False)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=TipKind.choices)
    summary = forms.CharField(
        label=_("Summary for the register"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["destination_country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _blank("—") + nationality_choices()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["trafficking_related"] = _bool_choice(data["trafficking_related"])
        return data


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.agency})" if obj.agency_id else str(obj)


class AssignForm(forms.Form):
    assignee = OfficerChoiceField(label=_("Officer"), queryset=User.objects.none())

    def __init__(self, *args: Any, assignees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Agency to transfer to"), queryset=Agency.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """A transition without input (start verification)."""


class ComplexForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it complex?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. many circumstances, several places to verify."),
    )


class ExtendForm(forms.Form):
    decision_number = forms.CharField(label=_("Procuracy decision number"), max_length=60)
    decision_date = _date_field(_("Procuracy decision date"), required=True)
    months = forms.TypedChoiceField(
        label=_("Extended by"),
        coerce=int,
        choices=[(1, _("1 month")), (2, _("2 months"))],
        initial=2,
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_date = _date_field(_("Decision date"), help_text=_("dd/mm/yyyy; empty for today."))
    case_number = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=60,
        help_text=_("When prosecuting: the case opened or joined."),
    )
    decline_reason = forms.CharField(
        label=_("Reason for not prosecuting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuspendForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Lawful reason"), choices=SuspensionReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResumeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The reporter reads it with their receipt code. Write plainly; name no one else."
        ),
    )


class GroupForm(forms.Form):
    other = forms.CharField(
        label=_("Register number of the similar tip"),
        max_length=60,
        help_text=_("As shown in the register, e.g. 0007/2025/CATPHP."),
    )


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("File"))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + list(TipStatus.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(_("All")) + list(TipKind.choices)
    )
    channel = forms.ChoiceField(
        label=_("Received through"),
        required=False,
        choices=_blank(_("All")) + list(TipChannel.choices),
    )
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        required=False,
        choices=_blank(_("All")) + list(ExploitationType.choices),
    )
    place = PlaceField(label=_("Place"), required=False, require_commune=False)
    received_from = _date_field(_("Received from"))
    received_to = _date_field(_("Received until"))
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            (Sort.NEWEST, _("Newest first")),
            (Sort.OLDEST, _("Oldest first")),
            (Sort.DEADLINE, _("Nearest deadline first")),
        ],
    )

    def to_filter(self, queue: str) -> TipFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return TipFilter(
            queue=queue if queue in Queue.CHOICES else Queue.ALL,
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            channel=data.get("channel") or "",
            exploitation_type=data.get("exploitation_type") or "",
            place=data.get("place"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            sort=data.get("sort") or Sort.NEWEST,
        )


class ExportForm(forms.Form):
    period_start = _date_field(_("From"), required=True)
    period_end = _date_field(_("Until"), required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date is before the start date."))
        return data
