from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lachan.access.services import MAX_REASON_LENGTH, MIN_REASON_LENGTH


class BreakGlassForm(forms.Form):
    """The length rule itself lives in the service (one rule for UI and API); the
    attributes here only help the browser."""

    type = forms.CharField(widget=forms.HiddenInput)
    id = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        strip=True,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "minlength": MIN_REASON_LENGTH}),
        help_text=_("Why you need this record now, e.g. the case or request it belongs to."),
        error_messages={"required": _("Explain why you need this record.")},
    )
