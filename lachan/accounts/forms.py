"""Forms of the accounts pages. They collect and shape input; the rules themselves
(roles one may grant, agencies one may use, password strength) are checked again by
the services, which are the only writers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.access.policies.accounts import user_policy
from lachan.access.reach import agency_subtree_ids
from lachan.access.roles import Role
from lachan.accounts.api_tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS
from lachan.accounts.models import Agency, AgencyType, User
from lachan.core.errors import ValidationFailed
from lachan.geo.forms import PlaceField


def add_service_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show a service's field errors on the matching form fields (others on top)."""
    if not exc.fields:
        form.add_error(None, str(exc.message))
    for name, messages in exc.fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


INITIAL_PASSWORD_HELP = _(
    "Leave empty to have a one-time password made. The user chooses a new one at first login."
)


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        help_text=_("The code shown in your authenticator app right now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “statistics export script”."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
    )


class UserForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=50,
        help_text=_("Lower-case letters without accents, digits, dots, dashes or underscores."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— none (system administrators and auditors only) —"),
    )
    password = forms.CharField(
        label=_("Initial password (optional)"),
        required=False,
        strip=False,
        help_text=INITIAL_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, actor: User, instance: User | None = None, **kwargs: Any):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "full_name": instance.full_name,
                    "email": instance.email,
                    "role": instance.role,
                    "agency": instance.agency_id,
                },
            )
        super().__init__(*args, **kwargs)
        allowed = user_policy.assignable_roles(actor)
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role_field.choices = [("", "—")] + [
            (role.value, role.label) for role in Role if role in allowed
        ]
        agency_field: forms.ModelChoiceField = self.fields["agency"]  # type: ignore[type-arg,assignment]
        agency_field.queryset = user_policy.assignable_agencies(actor).order_by("name")
        if instance is not None:  # the username and password are not edited here
            del self.fields["username"]
            del self.fields["password"]


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    agency_type = forms.ChoiceField(label=_("Type"), choices=AgencyType.choices)
    parent = forms.ModelChoiceField(
        label=_("Parent agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    # The geo app's province → commune picker; a province alone means a province-level
    # agency.
    admin_unit = PlaceField(
        label=_("Administrative unit served"),
        require_commune=False,
        help_text=_("A province-level agency reaches every commune of its province."),
    )
    is_remote = forms.BooleanField(
        label=_("Remote area (longer transfer deadlines)"), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, instance: Agency | None = None, **kwargs: Any):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "agency_type": instance.agency_type,
                    "parent": instance.parent_id,
                    "admin_unit": instance.admin_unit_id,
                    "is_remote": instance.is_remote,
                    "is_active": instance.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        parents = Agency.objects.order_by("name")
        if instance is not None:  # not under itself or its own sub-agencies
            parents = parents.exclude(pk__in=agency_subtree_ids(instance))
        else:
            del self.fields["is_active"]  # a new agency starts active
        parent_field: forms.ModelChoiceField = self.fields["parent"]  # type: ignore[type-arg,assignment]
        parent_field.queryset = parents
