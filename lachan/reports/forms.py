"""Forms of the reports pages: the analysis filters (GET) and a period report request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lachan.accounts.models import User
from lachan.geo.models import Era, Level
from lachan.reports import selectors
from lachan.tips.deadlines import local_zone


class QuickSelect(forms.Select):
    """A select rendered in Python: the agency list has hundreds of options, and
    Django's template per option cost more than the analysis itself (~0.5 ms each);
    even ``format_html`` per option cost ~3 ms for 750 options. The options are one
    f-string each over ``html.escape`` (Django's escaping), kept per choice list
    (``options_html``); the chosen option is marked afterwards."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        values = value if isinstance(value, (list, tuple)) else [value]
        options = options_html(tuple((str(k), str(label)) for k, label in self.choices))
        for chosen in {str(v) for v in values if v is not None}:
            plain = f'<option value="{escape(chosen)}">'
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308  (escaped)


class QuickInputMixin:
    """A text or date input rendered in Python, as Django's ``input.html`` renders it
    (type, name, value, then the attributes): its template cost ~0.1 ms a field."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = widget["value"]
        value_attr = "" if shown is None else f' value="{escape(str(shown))}"'
        return mark_safe(  # noqa: S308  (escaped)
            f'<input type="{escape(widget["type"])}" name="{escape(name)}"{value_attr}'
            f"{flatatt(widget['attrs'])}>"
        )


class QuickDateInput(QuickInputMixin, forms.DateInput):
    pass


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


@lru_cache(maxsize=128)
def options_html(choices: tuple[tuple[str, str], ...]) -> str:
    """``<option>``s of (value, label) pairs, none selected. Kept by value: the same
    agency list (per language and reach) comes back on every page view."""
    return "".join(
        f'<option value="{escape(key)}">{escape(label)}</option>' for key, label in choices
    )


class ChoiceList(BaseChoiceIterator):
    """Choices already as (value, label) pairs. Django normalises a plain list pair by
    pair at every assignment (field and widget, ~1 ms for the agency list); an iterator
    is taken as it is."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def field_html(field: forms.BoundField) -> str:
    """One field as ``people/_field.html`` renders it (label, errors, widget, help),
    without a template: an include per field, and Django's error list rendered by a
    template even when empty, cost ~2 ms for the ten filters."""
    label = escape(str(field.label))
    errors = str(field.errors) if field.errors else ""
    help_text = (
        f'<span class="helptext" id="{escape(field.auto_id)}_helptext">'
        f"{escape(str(field.help_text))}</span>"
        if field.help_text
        else ""
    )
    return (
        f'<div class="field"><label for="{escape(field.id_for_label)}">{label}</label>'
        f"{errors}{field}{help_text}</div>"
    )


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
        widget=QuickSelect,
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
        widget=QuickSelect,
        choices=[
            ("received", _("Tips received")),
            ("trafficking_related", _("Tips related to trafficking")),
            ("resolved", _("Tips resolved")),
        ],
    )
    year = forms.ChoiceField(label=_("Year"), required=False, widget=QuickSelect)
    start = forms.DateField(
        label=_("From"), required=False, widget=QuickDateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=QuickDateInput(attrs={"type": "date"})
    )
    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    unit_code = forms.CharField(
        label=_("Or any administrative unit (code)"),
        required=False,
        max_length=10,
        widget=QuickTextInput,
        help_text=_("The official code of a commune or ward, e.g. 00004."),
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False, widget=QuickSelect)
    grouping = forms.ChoiceField(
        label=_("Map and table by"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("current", _("the 34 current provinces")),
            ("legacy", _("the 63 provinces before 07/2025")),
        ],
    )
    breakdown = forms.ChoiceField(
        label=_("Breakdown"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("kind", _("Kind")),
            ("channel", _("Channel")),
            ("exploitation_type", _("Exploitation type")),
            ("country", _("Destination country")),
        ],
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "year").choices = ChoiceList(_year_choices())
        _choice(self, "province").choices = ChoiceList(
            [("", _("Whole country")), *selectors.province_choices()]
        )
        _choice(self, "agency").choices = ChoiceList(
            [("", _("All agencies in my reach")), *selectors.agency_choices(actor)]
        )

    def fields_html(self) -> SafeString:
        return mark_safe("".join(field_html(f) for f in self.visible_fields()))  # noqa: S308

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
        first = [] if actor.agency_id else [("", _("None (a province or the whole country)"))]
        _choice(self, "agency").choices = ChoiceList(first + selectors.agency_choices(actor))
        if actor.agency_id:
            self.fields["agency"].initial = str(actor.agency_id)
            del self.fields["province"]
        else:
            _choice(self, "province").choices = ChoiceList(
                [("", _("Whole country")), *selectors.province_choices()]
            )
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
