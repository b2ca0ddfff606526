"""Numbers the Vietnamese way: a dot between thousands, a comma before decimals
(1.024; 54.131; 90,5%). The same functions serve pages, Excel and PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _


def vn_number(value: int | float | None, *, decimals: int = 0) -> str:
    """``1024`` → ``1.024``; ``1234.5`` with one decimal → ``1.234,5``; None → "–"."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"  # 1,234.5
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(ratio: float | None, *, decimals: int = 1) -> str:
    """``0.905`` → ``90,5%``; None (nothing to divide by) → "–"."""
    if ratio is None:
        return "–"
    return vn_number(ratio * 100, decimals=decimals) + "%"


def no_data_label() -> str:
    """What a section whose domain has not landed shows — never a zero."""
    return _("no data yet")
