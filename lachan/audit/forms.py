from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.access.policies.audit import audit_event_policy
from lachan.accounts.models import Agency
from lachan.audit.selectors import AuditFilter
from lachan.core.context import Interface

DATE_INPUT = "%d/%m/%Y"

INTERFACE_LABELS = {
    Interface.WEB: _("Web"),
    Interface.API: _("API"),
    Interface.TASK: _("Background task"),
    Interface.COMMAND: _("Command line"),
}


def _date_field(label: str | Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_INPUT],
        widget=forms.DateInput(
            format=DATE_INPUT, attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class AuditFilterForm(forms.Form):
    """The auditor's filter (GET). Dates are calendar days in Vietnam."""

    user = forms.CharField(label=_("User (username)"), required=False, max_length=150)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_('Beginning of the action, e.g. "person." for every action on persons.'),
    )
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    interface = forms.ChoiceField(
        label=_("Interface"),
        required=False,
        choices=[("", _("All")), *((i.value, label) for i, label in INTERFACE_LABELS.items())],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_ids = audit_event_policy.agency_ids(actor)
        agencies = Agency.objects.order_by("name")
        if agency_ids is not None:
            agencies = agencies.filter(pk__in=agency_ids)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        agency = data.get("agency")
        return AuditFilter(
            username=(data.get("user") or "").strip(),
            agency_id=agency.pk if agency else None,
            action_prefix=(data.get("action") or "").strip(),
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            interface=data.get("interface") or "",
        )
