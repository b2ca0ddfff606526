"""Forms of the reports pages: the analysis filters (GET) and a period report request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lachan.accounts.models import User
from lachan.geo.models import Era, Level
from lachan.reports import selectors
from lachan.tips.deadlines import local_zone


class QuickSelect(forms.Select):
    """A select rendered in Python: the agency list has hundreds of options, and
    Django's template per option cost more than the analysis itself (~0.5 ms each)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        values = value if isinstance(value, (list, tuple)) else [value]
        chosen = {str(v) for v in values if v is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def this_year() -> int:
    return dt.datetime.now(local_zone()).year


def _year_choices() -> list[tuple[str, str]]:
    year = this_year()
    return [(str(y), str(y)) for y in range(year, year - 11, -1)]


class AnalysisForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("Domain"),
        required=False,
        choices=[
            ("tips", _("Tips")),
            ("investigations", _("Investigations")),
            ("victims", _("Victims and support")),
            ("prevention", _("Prevention")),
        ],
    )
    measure = forms.ChoiceField(
        label=_("Measure"),
        required=False,
        choices=[
            ("received", _("Tips received")),
            ("trafficking_related", _("Tips related to trafficking")),
            ("resolved", _("Tips resolved")),
        ],
    )
    year = forms.ChoiceField(label=_("Year"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    unit_code = forms.CharField(
        label=_("Or any administrative unit (code)"),
        required=False,
        max_length=10,
        help_text=_("The official code of a commune or ward, e.g. 00004."),
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False, widget=QuickSelect)
    grouping = forms.ChoiceField(
        label=_("Map and table by"),
        required=False,
        choices=[
            ("current", _("the 34 current provinces")),
            ("legacy", _("the 63 provinces before 07/2025")),
        ],
    )
    breakdown = forms.ChoiceField(
        label=_("Breakdown"),
        required=False,
        choices=[
            ("kind", _("Kind")),
            ("channel", _("Channel")),
            ("exploitation_type", _("Exploitation type")),
            ("country", _("Destination country")),
        ],
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "year").choices = _year_choices()
        _choice(self, "province").choices = [
            ("", _("Whole country")),
            *selectors.province_choices(),
        ]
        _choice(self, "agency").choices = [
            ("", _("All agencies in my reach")),
            *(
                (str(pk), name)
                for pk, name in selectors.agencies_in_reach(actor)
                .order_by("name")
                .values_list("pk", "name")[:500]
            ),
        ]

    def filters(self) -> selectors.AnalysisFilter:
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if not (start and end):
            year = int(data.get("year") or this_year())
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        agency = data.get("agency") or None
        import uuid

        return selectors.AnalysisFilter(
            start=start,
            end=end,
            domain=data.get("domain") or "tips",
            measure=data.get("measure") or "received",
            breakdown=data.get("breakdown") or "kind",
            grouping=data.get("grouping") or "current",
            place_code=(data.get("unit_code") or "").strip() or data.get("province") or "",
            agency_id=uuid.UUID(agency) if agency else None,
        )


class PeriodReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=9,
        help_text=_("A year (2025), a half year (2025-H1, 2025-H2) or years (2021-2025)."),
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False, widget=QuickSelect)
    province = forms.ChoiceField(
        label=_("Or a province (national staff)"), required=False, widget=QuickSelect
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        agencies = selectors.agencies_in_reach(actor).order_by("name").values_list("pk", "name")
        first = [] if actor.agency_id else [("", _("None (a province or the whole country)"))]
        _choice(self, "agency").choices = first + [(str(pk), name) for pk, name in agencies[:500]]
        if actor.agency_id:
            self.fields["agency"].initial = str(actor.agency_id)
            del self.fields["province"]
        else:
            _choice(self, "province").choices = [
                ("", _("Whole country")),
                *selectors.province_choices(),
            ]
        self.fields["period"].initial = str(this_year())

    def scope(self) -> tuple[Any, Any]:
        from lachan.accounts.models import Agency
        from lachan.geo.models import AdminUnit

        agency_id = self.cleaned_data.get("agency") or None
        agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        code = self.cleaned_data.get("province") or ""
        province = (
            AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
            if code
            else None
        )
        return agency, province
