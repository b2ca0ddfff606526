"""``{{ value|vn_number }}`` and ``{{ ratio|vn_percent }}`` in templates."""

from __future__ import annotations

from django import template

from lachan.reports.formatting import vn_number as _vn_number
from lachan.reports.formatting import vn_percent as _vn_percent

register = template.Library()


@register.filter
def vn_number(value: int | float | None) -> str:
    return _vn_number(value)


@register.filter
def vn_percent(value: float | None) -> str:
    return _vn_percent(value)
