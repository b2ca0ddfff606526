from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year, this_year - 15, -1)]


class CtdcExportForm(forms.Form):
    year_from = forms.TypedChoiceField(label=_("From year"), coerce=int, choices=_years)
    year_to = forms.TypedChoiceField(label=_("To year"), coerce=int, choices=_years)
    file_format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (UTF-8)"))],
        initial="xlsx",
    )
